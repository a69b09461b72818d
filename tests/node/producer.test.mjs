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

test("buildEvent fills in what the schema fixes: a payload's constant and the envelope's", async () => {
  const failure = {
    payment_id: "pay_019e1d21-ef4d-7408-8108-8a1b2a11eb5a",
    person_id: "per_019e1cea-e1de-7ad2-8510-bb188c3061ce",
    amount_cents: 28800,
    attempt_number: 1,
    failure: {
      kind: "card_declined",
      decline_code: "insufficient_funds",
      network_message: "Insufficient funds.",
    },
    next_retry_at: null,
    failed_at: "2026-05-12T13:59:02.310Z",
  };
  const failed = pkg.buildEvent("payment.failed", 1, fields, failure);
  assert.equal(failed.payload.currency, "USD");
  assert.equal(
    "currency" in failure,
    false,
    "the producer's object is not changed",
  );
  pkg.validateEvent(failed);
  assert.equal(JSON.parse(pkg.dumpEvent(failed)).payload.currency, "USD");

  const cloud = await import(
    new URL("../foreign/generated/typescript/dist/index.js", import.meta.url)
      .href
  );
  const thing = cloud.buildEvent(
    "thing.noticed",
    1,
    { id: "a1", source: "/s/7" },
    "x",
  );
  assert.equal(thing.specversion, "1.0");
  assert.equal(thing.data, "x", "a payload that is not an object stays itself");
  cloud.validateEvent(thing);

  const bare = await import(
    new URL(
      "../../examples/suggestions/generated/typescript/dist/index.js",
      import.meta.url,
    ).href
  );
  const confirmed = bare.buildEvent("domain.suggestions.confirmed", {
    userId: "usr_7c2e91b4",
    action: "accept",
    emailIds: ["18c901d45a7e3b20"],
    summary: { totalConfirmed: 1, action: "accept" },
    generatedAt: "2026-01-05T07:41:03.027Z",
  });
  assert.equal(confirmed.type, "domain.suggestions.confirmed");
  bare.validateEvent(confirmed);
});

test("fixed values under awkward keys are own properties, not a prototype", async () => {
  const hostile = await import(
    new URL("../hostile/generated/typescript/dist/index.js", import.meta.url)
      .href
  );
  const event = hostile.buildEvent("fixed.values", { kind: "k" });
  hostile.validateEvent(event);
  assert.equal(Object.getPrototypeOf(event), Object.prototype);
  const written = JSON.parse(hostile.dumpEvent(event));
  assert.equal(written.type, "fixed.values");
  assert.equal(Object.hasOwn(event, "__proto__"), true);
  assert.equal(event["a-b"], 0);
  assert.equal(event['quote"d'], "\"'`\\ ${x}");
  assert.equal(event.big, 9007199254740991);
});
