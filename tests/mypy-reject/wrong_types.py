"""Code that must NOT type-check: ``mypy --strict`` has to reject each marked line
(test_producer.py runs mypy on this file and checks the error codes)."""

from datetime import UTC, datetime

from event_contracts import CreditConsumedV1, CreditLockedV1Event, EnvelopeFields, build_event

consumed = CreditConsumedV1(
    credit_reservation_id="crr_x", lesson_id="les_x", consumed_credits=1, consumed_at=datetime.now(UTC)
)
fields = EnvelopeFields(
    event_id="evt_x",
    occurred_at=datetime.now(UTC),
    tenant_id="tnt_sguild",
    producer="revenue",
    subject="per_x",
    actor="system:revenue",
)

# A credit.consumed payload cannot make a credit.locked event.  [assignment]
wrong: CreditLockedV1Event = build_event(consumed, fields)

# A required envelope field is missing.  [call-arg]
partial = EnvelopeFields(event_id="evt_x")
