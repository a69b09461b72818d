// JSON texts at the edges of what a parser takes (tests/json_text_edges.json):
// the TypeScript package refuses as JSON exactly those the fixture marks
// `syntax`, as the Rust crate and the Python package do.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkg = await import(
  new URL("../../generated/typescript/dist/index.js", import.meta.url).href
);
const fixture = JSON.parse(
  readFileSync(new URL("../json_text_edges.json", import.meta.url), "utf8"),
);

test("parseEvent and parseEventValue refuse as JSON what the fixture says, and never crash", () => {
  assert.ok(fixture.cases.length >= 10);
  assert.ok(fixture.cases.some((c) => c.hidden && c.after));
  const wrong = [];
  for (const c of fixture.cases) {
    const text = fixture.event.replace(
      "$",
      () =>
        c.open.repeat(c.times) +
        c.middle +
        c.close.repeat(c.times) +
        (c.after ?? ""),
    );
    // parseEventValue gives a value JSON.parse returned the verdict
    // parseEvent gives its text, where the value still shows it.
    const ways = [["parseEvent", () => pkg.parseEvent(text)]];
    if (!c.hidden) {
      ways.push([
        "parseEventValue",
        () => pkg.parseEventValue(JSON.parse(text)),
      ]);
    }
    for (const [how, parse] of ways) {
      let kind = "accepted";
      try {
        parse();
      } catch (e) {
        assert.ok(e instanceof pkg.EventValidationError, `${c.what}: ${e}`);
        kind = e.kind;
      }
      if ((kind === "syntax") !== (c.verdict === "syntax")) {
        wrong.push(`${how}, ${c.what}: ${kind}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
