// The producer side at run time: an event built with `buildEvent` from the
// generated package validates, and `validateEvent` gives the verdict that
// `parseEvent(dumpEvent(e))` gives.

import { test } from "node:test";
import assert from "node:assert/strict";

const pkg = await import(
  new URL("../../generated/typescript/dist/index.js", import.meta.url).href
);

const fields = {
  event_id: "evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  occurred_at: "2026-05-01T10:15:00Z",
  tenant_id: "tnt_sguild",
  producer: "revenue",
  subject: "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  actor: "system:revenue",
};
const payload = (lockedCredits) => ({
  credit_reservation_id: "crr_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  lesson_id: "les_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  person_id: "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  locked_credits: lockedCredits,
  locked_at: "2026-05-01T10:15:00Z",
});

test("buildEvent fills the event type and version; the event validates and round-trips", () => {
  const event = pkg.buildEvent("credit.locked", 1, fields, payload(6));
  assert.equal(event.event_type, "credit.locked");
  assert.equal(event.schema_version, 1);
  pkg.validateEvent(event);
  assert.deepEqual(pkg.parseEvent(pkg.dumpEvent(event)), event);
});

test("validateEvent catches what types cannot, as parseEvent(dumpEvent(e)) would", () => {
  const event = pkg.buildEvent("credit.locked", 1, fields, payload(0));
  assert.throws(
    () => pkg.validateEvent(event),
    (e) => e.violations[0].pointer === "/payload/locked_credits",
  );
  assert.throws(
    () => pkg.parseEvent(pkg.dumpEvent(event)),
    pkg.EventValidationError,
  );
});

test("parseEventValue judges an already parsed event as parseEvent judges its text", () => {
  const text = pkg.dumpEvent(
    pkg.buildEvent("credit.locked", 1, fields, payload(6)),
  );
  const value = JSON.parse(text);
  assert.equal(pkg.parseEventValue(value), value);
  assert.deepEqual(pkg.parseEventValue(value), pkg.parseEvent(text));
  value.payload.locked_credits = 0;
  assert.throws(
    () => pkg.parseEventValue(value),
    (e) =>
      e instanceof pkg.EventValidationError &&
      e.violations[0].pointer === "/payload/locked_credits",
  );
});

test("the package builds itself when installed from git or a path, and is tree-shakable", async () => {
  const { readFile } = await import("node:fs/promises");
  const manifest = JSON.parse(
    await readFile(
      new URL("../../generated/typescript/package.json", import.meta.url),
      "utf8",
    ),
  );
  assert.equal(manifest.scripts.prepare, "tsc -p tsconfig.json");
  assert.equal(manifest.sideEffects, false);
  assert.match(manifest.engines.node, /^>=\d+/);
});
