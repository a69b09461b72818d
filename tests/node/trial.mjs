// One runtime of a trial (`cargo xtask suite`, `cargo xtask fuzz-contracts`):
// every document of a corpus through a built TypeScript package. Writes one
// line per document: its verdict, and the dump of an accepted one; an error
// that is not `EventValidationError` is a crash.
//
// Usage: node tests/node/trial.mjs PACKAGE_INDEX_JS CORPUS.jsonl OUT.jsonl

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [entry, corpus, out] = process.argv.slice(2);
const pkg = await import(pathToFileURL(resolve(entry)).href);
const results = [];
for (const line of readFileSync(corpus, "utf8").split("\n")) {
  if (line === "") continue;
  const { doc } = JSON.parse(line);
  try {
    const event = pkg.parseEvent(JSON.stringify(doc));
    pkg.validateEvent(event);
    results.push({ valid: true, dump: JSON.parse(pkg.dumpEvent(event)) });
  } catch (error) {
    if (error instanceof pkg.EventValidationError) {
      results.push({
        valid: false,
        error: error.message,
        violations: error.violations.map((v) => [
          v.pointer,
          v.keyword,
          v.message,
        ]),
      });
    } else {
      results.push({ valid: false, crash: String(error?.stack ?? error) });
    }
  }
}
writeFileSync(out, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
