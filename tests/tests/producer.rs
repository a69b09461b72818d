//! The producer side in Rust: an event is built from a typed payload and the
//! envelope's other fields; the event type and version come from the payload
//! type, and `validate_event` gives the verdict `parse_event(dump_event(e))`
//! would.

use event_contracts::envelope::EnvelopeFields;
use event_contracts::{
    dump_event, parse_event, validate_event, AnyEvent, CreditLockedV1, Envelope, EventPayload,
    EventType,
};

fn fields() -> EnvelopeFields {
    EnvelopeFields {
        event_id: "evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        occurred_at: "2026-05-01T10:15:00+02:00".parse().unwrap(),
        tenant_id: "tnt_sguild".into(),
        producer: "revenue".into(),
        subject: "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        actor: "system:revenue".into(),
        trace_id: None,
        span_id: None,
        correlation_id: None,
        causation_id: None,
    }
}

fn payload(locked_credits: i64) -> CreditLockedV1 {
    CreditLockedV1 {
        credit_reservation_id: "crr_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        lesson_id: "les_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        person_id: "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        locked_credits,
        locked_at: "2026-05-01T10:15:00Z".parse().unwrap(),
    }
}

#[test]
fn building_fills_the_event_type_and_version() {
    assert_eq!(CreditLockedV1::EVENT_TYPE, EventType::CreditLocked);
    assert_eq!(CreditLockedV1::SCHEMA_VERSION, 1);
    let event: AnyEvent = Envelope::new(fields(), payload(6)).into();
    assert_eq!(event.event_type(), EventType::CreditLocked);
    validate_event(&event).expect("a well-built event is valid");
    let again = parse_event(&dump_event(&event)).expect("and parses back");
    assert_eq!(dump_event(&again), dump_event(&event));
}

#[test]
fn validate_event_catches_what_types_cannot() {
    let event: AnyEvent = Envelope::new(fields(), payload(0)).into();
    let err = validate_event(&event).unwrap_err();
    assert_eq!(err.violations()[0].pointer, "/payload/locked_credits");
    assert_eq!(err.violations()[0].keyword, "minimum");
    // The same verdict as a round trip through JSON.
    assert!(parse_event(&dump_event(&event)).is_err());
}

#[test]
fn wrong_payloads_and_missing_fields_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
