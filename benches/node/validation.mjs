// The TypeScript runner of `cargo xtask bench`'s validation section.
//
// The generated package's `parseEvent` (built by tsc, run by node) against
// the generic validator a TypeScript consumer would otherwise call: ajv, each
// schema compiled once up front (`ajv.compile`), with `ajv-formats` for the
// formats SPEC asserts. Both are given the message as received (`JSON.parse`
// included).
//
// Before timing, each validator's verdict on every message of
// `DIR/documents.jsonl` is compared with the reference verdict written beside
// it (but for the `baseline`, `JSON.parse` alone, which gives none); then each
// is timed `--runs` times, the validators taking turns, each run whole passes
// over the messages for at least `--min-time` seconds, and the median is
// reported. One JSON line per validator goes to stdout (the protocol
// `xtask/src/bench/validation.rs` reads).
//
// Usage: node benches/node/validation.mjs DIR [--min-time 0.5] [--runs 3]

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { _, Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { parseEvent } from "../../generated/typescript/dist/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "min-time": { type: "string", default: "0.5" },
    runs: { type: "string", default: "3" },
  },
});
const dir = positionals[0];
const minTime = Number(values["min-time"]);
const runs = Number(values.runs);

const documents = readFileSync(`${dir}/documents.jsonl`, "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line));
const schemas = JSON.parse(readFileSync(`${dir}/schemas.json`, "utf8"));
const messages = documents.map((d) => d.message);

/** ajv with every contract file registered and SPEC's formats. */
function ajvValidator() {
  return dispatch((judge) => configuredAjv().compile(judge));
}

/** The bytes of some code, and gzipped (what a bundle ships, compressed). */
function size(code, what) {
  return {
    what,
    bytes: Buffer.byteLength(code),
    gzip: gzipSync(code).length,
  };
}

/**
 * ajv's standalone code for every judge: what a bundle would ship. The
 * judges share the envelope's `$id`, so ajv cannot export them from one
 * module by id: one module per judge, summed.
 */
function ajvStandaloneSize() {
  // Formats are functions: the module names where it imports them from.
  const formats = _`require("ajv-formats/dist/formats").fullFormats`;
  const ajv = configuredAjv({ code: { source: true, esm: true, formats } });
  const code = schemas.events
    .map((e) => standaloneCode(ajv, ajv.compile(e.judge)))
    .join("\n");
  return size(code, "ajv standalone, a module per judge");
}

/** The generated package's validation code as tsc emits it. */
function generatedSize() {
  const dist = new URL("../../generated/typescript/dist/", import.meta.url);
  const code = ["validate.js", "runtime.js"]
    .map((f) => readFileSync(new URL(f, dist), "utf8"))
    .join("");
  return size(code, "dist/validate.js + dist/runtime.js");
}

let shared = null;

/** One ajv instance with the contracts and formats (`extra`: more options). */
function configuredAjv(extra = {}) {
  if (shared !== null && Object.keys(extra).length === 0) return shared;
  // Judges share the envelope's `$id` (each is the envelope with its payload
  // replaced): `addUsedSchema: false` compiles them without registering
  // that id once per event.
  // `multipleOfPrecision`: ajv's documented setting for decimal `multipleOf`
  // (`19.99` a multiple of `0.01`, as SPEC decides), which a user of
  // decimal amounts sets; without it, floating-point remainders reject them.
  const ajv = new Ajv2020({
    addUsedSchema: false,
    multipleOfPrecision: 9,
    ...extra,
  });
  const annotations = new Set(schemas.annotation_formats);
  // The formats SPEC asserts: every one ajv-formats knows but the annotations.
  addFormats(
    ajv,
    Object.keys(fullFormats).filter((f) => !annotations.has(f)),
  );
  for (const format of annotations) ajv.addFormat(format, true);
  // One registration per file: under its `$id` where it has one, else under
  // the path URI that `$ref`s name it by.
  const seen = new Set();
  for (const [uri, doc] of Object.entries(schemas.resources)) {
    if (seen.has(doc)) continue;
    const id = typeof doc.$id === "string" ? doc.$id : uri;
    if (!seen.has(id)) ajv.addSchema(doc.$id ? doc : { ...doc, $id: uri });
    seen.add(id);
  }
  if (Object.keys(extra).length === 0) shared = ajv;
  return ajv;
}

/** A message's event type and version, looked up in a map of compiled validators. */
function dispatch(compile) {
  const typeField = schemas.event_type_field;
  const versionField = schemas.schema_version_field;
  const validators = new Map();
  for (const e of schemas.events) {
    validators.set(
      `${e.event_type}\u0000${versionField ? e.schema_version : ""}`,
      compile(e.judge),
    );
  }
  return (message) => {
    let doc;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc))
      return false;
    let version = "";
    if (versionField) {
      version = doc[versionField];
      if (!Number.isInteger(version)) return false;
    }
    const validate = validators.get(`${doc[typeField]}\u0000${version}`);
    return validate !== undefined && validate(doc);
  };
}

function generated(message) {
  try {
    parseEvent(message);
    return true;
  } catch {
    return false;
  }
}

/** Every message on which `accepts` differs from the reference, in words. */
function disagreements(accepts) {
  return documents
    .map((d, i) => [d, i])
    .filter(([d]) => accepts(d.message) !== d.valid)
    .map(
      ([d, i]) =>
        `line ${i + 1} (${d.kind}): the reference says ${d.valid ? "valid" : "invalid"}, this validator the opposite: ${d.message}`,
    );
}

/** Whole passes over the messages until `minTime` seconds have gone by. */
function eventsPerSecond(accepts) {
  const start = performance.now();
  let events = 0;
  let sink = 0;
  for (;;) {
    for (const m of messages) if (accepts(m)) sink++;
    events += messages.length;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= minTime) return sink >= 0 ? events / elapsed : 0;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const require = createRequire(import.meta.url);
const ajvVersion = require("ajv/package.json").version;
const validators = [
  ["parseEvent", "generated", generated, generatedSize()],
  [
    `JSON.parse + ajv ${ajvVersion} (compiled)`,
    "generic",
    ajvValidator(),
    ajvStandaloneSize(),
  ],
  // Parsing alone, no verdict: the floor under every validator here.
  ["JSON.parse only", "baseline", (m) => JSON.parse(m) !== undefined, null],
];
// Verdicts first: a validator that judges differently is reported before
// any figure of it is.
const verdicts = validators.map(([, role, accepts]) =>
  role === "baseline" ? null : disagreements(accepts),
);
// Runs take turns (every validator's first run, then every second run), so a
// busy spell on a shared machine falls on all of them alike.
const perSecond = validators.map(() => []);
for (let run = 0; run < runs; run++) {
  validators.forEach(([, , accepts], i) =>
    perSecond[i].push(eventsPerSecond(accepts)),
  );
}
validators.forEach(([name, role, , code], i) => {
  const line = {
    code,
    runtime: "typescript",
    validator: name,
    role,
    build: `node ${process.versions.node}`,
    documents: documents.length,
    events_per_second: median(perSecond[i]),
    runs: perSecond[i],
    disagreements: verdicts[i],
  };
  console.log(JSON.stringify(line));
});
