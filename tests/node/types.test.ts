// Type-level tests of the generated TypeScript package, checked by `tsc`
// (`npm test` in this folder; `cargo xtask test` runs it). Each
// `@ts-expect-error` line must be an error, or tsc fails.

import {
  EVENT_TYPES,
  buildEvent,
  parseEvent,
  type AnyEvent,
  type CreditConsumedV1,
  type CreditLockedV1,
  type EnvelopeFields,
  type EventPayloads,
  type EventType,
} from "../../generated/typescript/src/index.js";
import { buildEvent as bareBuild } from "../../examples/suggestions/generated/typescript/src/index.js";
import type { EnvelopeFields as ForeignFields } from "../../tests/foreign/generated/typescript/src/index.js";

declare const event: AnyEvent;

// Narrowing on the event type gives the payload type of that event.
switch (event.event_type) {
  case "credit.locked": {
    const credits: number = event.payload.locked_credits;
    // @ts-expect-error: credit.locked has no refund amount
    void event.payload.refund_amount_cents;
    void credits;
    break;
  }
  case "credit.released": {
    // Narrowing on the version too picks one version's payload.
    if (event.schema_version === 2) {
      const code: string = event.payload.reason_code;
      void code;
    } else {
      const version: 1 = event.schema_version;
      void version;
    }
    break;
  }
  default:
    break;
}

// Event types are a closed set of literals.
const known: EventType = "credit.locked";
// @ts-expect-error: not a registered event type
const unknown: EventType = "credit.exploded";
void known;
void unknown;
const all: readonly EventType[] = EVENT_TYPES;
void all;

// The event type and version map to the payload type.
const payload: EventPayloads["credit.locked"][1] = {} as CreditLockedV1;
void payload;
// @ts-expect-error: credit.locked has no version 2
type Missing = EventPayloads["credit.locked"][2];

// A payload of the wrong type for an event does not compile.
const wrong: AnyEvent = {
  event_id: "evt_x",
  event_type: "credit.locked",
  schema_version: 1,
  occurred_at: "2026-05-01T10:15:00Z",
  tenant_id: "tnt_sguild",
  producer: "revenue",
  subject: "per_x",
  actor: "system:revenue",
  payload: {
    credit_reservation_id: "crr_x",
    lesson_id: "les_x",
    // @ts-expect-error: a credit.consumed payload is not a credit.locked one
    consumed_credits: 1,
    consumed_at: "2026-05-01T10:15:00Z",
  },
};
void wrong;

const parsed: AnyEvent = parseEvent("{}");
void parsed;

// The producer side: the event type and version are checked against the
// payload, and every required envelope field must be given.
const fields: EnvelopeFields = {
  event_id: "evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
  occurred_at: "2026-05-01T10:15:00Z",
  tenant_id: "tnt_sguild",
  producer: "revenue",
  subject: "per_x",
  actor: "system:revenue",
};
const locked: CreditLockedV1 = {
  credit_reservation_id: "crr_x",
  lesson_id: "les_x",
  person_id: "per_x",
  locked_credits: 6,
  locked_at: "2026-05-01T10:15:00Z",
};
const consumed: CreditConsumedV1 = {
  credit_reservation_id: "crr_x",
  lesson_id: "les_x",
  consumed_credits: 1,
  consumed_at: "2026-05-01T10:15:00Z",
};
const built = buildEvent("credit.locked", 1, fields, locked);
const builtCredits: number = built.payload.locked_credits;
const builtType: "credit.locked" = built.event_type;
void builtCredits;
void builtType;
// @ts-expect-error: a credit.consumed payload for a credit.locked event
buildEvent("credit.locked", 1, fields, consumed);
// @ts-expect-error: credit.locked has no version 2
buildEvent("credit.locked", 2, fields, locked);
// @ts-expect-error: tenant_id (and others) are missing
const partial: EnvelopeFields = { event_id: "evt_x" };
void partial;

// What the schema fixes, buildEvent fills in: `currency` is "USD" in every
// payment.failed v1, so the producer may leave it out, and may not spell
// another value.
const failure = {
  payment_id: "pay_x",
  person_id: "per_x",
  amount_cents: 28800,
  attempt_number: 1,
  failure: {
    kind: "card_declined",
    decline_code: "insufficient_funds",
    network_message: "Insufficient funds.",
  },
  next_retry_at: null,
  failed_at: "2026-05-12T13:59:02.310Z",
} as const;
const failed = buildEvent("payment.failed", 1, fields, failure);
const currency: "USD" = failed.payload.currency;
void currency;
buildEvent("payment.failed", 1, fields, { ...failure, currency: "USD" });
// @ts-expect-error: the schema fixes the currency to USD
buildEvent("payment.failed", 1, fields, { ...failure, currency: "EUR" });
// @ts-expect-error: amount_cents is still required
buildEvent("payment.failed", 1, fields, {
  ...failure,
  amount_cents: undefined,
});

// A bare event whose payload is an open object keeps its properties typed
// (`Omit` would have left only the index signature).
bareBuild("domain.suggestions.confirmed", {
  userId: "usr_x",
  action: "accept",
  emailIds: ["18c901d45a7e3b20"],
  summary: { totalConfirmed: 1, action: "accept" },
  generatedAt: "2026-01-05T07:41:03.027Z",
  requestId: "req_5f3a8d21c6",
});
// @ts-expect-error: userId is a string
bareBuild("domain.suggestions.confirmed", { userId: 5 });
// @ts-expect-error: summary (and others) are missing
bareBuild("domain.suggestions.confirmed", { userId: "usr_x" });

// An envelope that fixes a property (CloudEvents' `specversion`) and is
// open: its fields keep their types, and the fixed one is buildEvent's.
const cloudFields: ForeignFields = { id: "a1", source: "/sensors/7" };
void cloudFields;
// @ts-expect-error: id is a string
const badCloud: ForeignFields = { id: 1, source: "/sensors/7" };
void badCloud;
// @ts-expect-error: source is missing
const partialCloud: ForeignFields = { id: "a1" };
void partialCloud;
