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
