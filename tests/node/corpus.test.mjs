// The conformance corpus through the built TypeScript packages: every
// document gets the reference validator's verdict (and the Rust crate's),
// and every accepted document is written back as the same JSON value.
//
// The corpus is written by `cargo run -p tests --bin corpus -- ../../target/corpus`
// (`cargo xtask test` does it before running this file).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../../", import.meta.url);
const corpusDir =
  process.env.CORPUS_DIR ?? fileURLToPath(new URL("target/corpus/", root));

const sets = JSON.parse(readFileSync(`${corpusDir}/index.json`, "utf8"));

/** Same JSON value; date-times may differ in spelling, not in instant and offset. */
function sameJson(a, b) {
  if (typeof a === "string" && typeof b === "string")
    return a === b || sameInstant(a, b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]))
    );
  }
  return a === b;
}

function sameInstant(a, b) {
  const norm = (s) => {
    const m =
      /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(
        s,
      );
    if (!m) return null;
    const offset =
      m[4].toUpperCase() === "Z" || m[4] === "+00:00" || m[4] === "-00:00"
        ? "Z"
        : m[4];
    return `${m[1]}T${m[2]}.${(m[3] ?? "").replace(/0+$/, "")}${offset}`;
  };
  const x = norm(a);
  return x !== null && x === norm(b);
}

for (const { name, typescript: entry } of sets) {
  test(`typescript agrees with the reference and with rust on the ${name} corpus`, async () => {
    const pkg = await import(new URL(entry, root).href);
    const lines = readFileSync(`${corpusDir}/${name}.jsonl`, "utf8")
      .trim()
      .split("\n");
    const disagreements = [];
    let compared = 0;
    for (const line of lines) {
      const { doc, valid, rust } = JSON.parse(line);
      const text = JSON.stringify(doc);
      let event = null;
      let error = null;
      try {
        event = pkg.parseEvent(text);
      } catch (e) {
        if (!(e instanceof pkg.EventValidationError)) throw e;
        error = e;
      }
      const accepted = event !== null;
      // validateEvent on the document as an object built in code gives the
      // same verdict (the producer's check before sending).
      let built = true;
      try {
        pkg.validateEvent(doc);
      } catch (e) {
        if (!(e instanceof pkg.EventValidationError)) throw e;
        built = false;
      }
      if (built !== valid) {
        disagreements.push(
          `validateEvent says ${built}, reference ${valid}\n  ${text}`,
        );
      }
      if (accepted !== valid || accepted !== rust.valid) {
        disagreements.push(
          `reference ${valid}, rust ${rust.valid}, typescript ${accepted}${error ? ` (${error.message})` : ""}\n  ${text}`,
        );
        continue;
      }
      if (error !== null) {
        // Every violation is reported as Rust reports it: same pointer,
        // keyword and words, in the same order.
        const mine = JSON.stringify(
          error.violations.map((v) => [v.pointer, v.keyword, v.message]),
        );
        if (error.violations.length > 0) compared++;
        if (mine !== JSON.stringify(rust.violations)) {
          disagreements.push(
            `violations: ${text}\n  typescript ${mine}\n  rust ${JSON.stringify(rust.violations)}`,
          );
        }
      }
      if (accepted) {
        pkg.validateEvent(event);
        const dumped = JSON.parse(pkg.dumpEvent(event));
        // What Rust wrote is read back here the same (and vice versa, below).
        const fromRust = JSON.parse(
          pkg.dumpEvent(pkg.parseEvent(JSON.stringify(rust.dump))),
        );
        if (
          !sameJson(dumped, doc) ||
          !sameJson(dumped, rust.dump) ||
          !sameJson(fromRust, doc)
        ) {
          disagreements.push(
            `round trip: ${text}\n  typescript ${JSON.stringify(dumped)}\n  rust ${JSON.stringify(rust.dump)}`,
          );
        }
      } else {
        assert.ok(error.kind, "every rejection says its kind");
      }
    }
    console.log(
      `typescript (${name}): ${lines.length} checked, ${disagreements.length} disagreements`,
    );
    assert.deepEqual(disagreements.slice(0, 20), []);
    assert.ok(
      compared >= 5,
      `${name}: only ${compared} documents had violations to compare`,
    );
  });
}
