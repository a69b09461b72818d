// The generated event catalogs: every `docs/asyncapi.json` opens in the
// official AsyncAPI parser with no error. (`docs/EVENTS.md` is checked by
// markdownlint-cli2, which `cargo xtask test` runs.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";

const root = new URL("../../", import.meta.url);
const beds = JSON.parse(readFileSync(new URL("tests/beds.json", root), "utf8"));

for (const { name, out, asyncapi_parser: skip } of beds) {
  test(
    `the AsyncAPI parser opens ${out}/docs/asyncapi.json without errors`,
    { skip },
    async () => {
      const text = readFileSync(
        new URL(`${out}/docs/asyncapi.json`, root),
        "utf8",
      );
      const { document, diagnostics } = await new Parser().parse(text);
      const errors = diagnostics.filter((d) => d.severity === 0);
      const warnings = diagnostics.filter((d) => d.severity === 1);
      console.log(
        `asyncapi (${name}): ${errors.length} errors, ${warnings.length} warnings, ${document?.messages().length ?? 0} messages`,
      );
      assert.deepEqual(
        errors.map((d) => `${d.path.join("/")}: ${d.message}`),
        [],
      );
      assert.ok(document, "the document parses");
    },
  );
}
