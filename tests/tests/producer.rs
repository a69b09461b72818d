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

/// Builds an event in code from a corpus document, the way a producer would
/// (typed fields and payload, the event type and version from the payload
/// type), without any schema check; `None` when the document does not even
/// have the shape of one. (Building a deprecated version is a compile-time
/// warning, as it should be; this test builds every version on purpose.)
#[allow(deprecated)]
fn build_from(doc: &serde_json::Value) -> Option<AnyEvent> {
    let mut fields = doc.as_object()?.clone();
    let payload = fields.remove("payload")?;
    let event_type = fields.remove("event_type")?;
    let version = fields.remove("schema_version")?;
    let fields: EnvelopeFields = serde_json::from_value(serde_json::Value::Object(fields)).ok()?;
    macro_rules! build {
        ($($ty:ident),*) => {
            $(
                if event_type == <$ty as EventPayload>::EVENT_TYPE.as_str()
                    && version == <$ty as EventPayload>::SCHEMA_VERSION
                {
                    let payload: $ty = serde_json::from_value(payload).ok()?;
                    return Some(Envelope::new(fields, payload).into());
                }
            )*
        };
    }
    use event_contracts::*;
    build!(
        CreditConsumedV1,
        CreditForfeitedV1,
        CreditFundedV1,
        CreditLockedV1,
        CreditPurchasedV1,
        CreditReleasedV1,
        CreditReleasedV2,
        CreditReservedV1,
        CustomerHandoffV1,
        IntakeAmendedV1,
        IntakeCapturedV2,
        LeadAttemptExhaustedV1,
        LeadCallbackScheduledV1,
        LeadCreatedV1,
        LeadReachedV1,
        LeadStageChangedV1,
        PaymentFailedV1,
        PaymentReceivedV1,
        PersonUpdatedV1,
        RefundCompletedV1,
        RefundInitiatedV1,
        ReservationFundedV1,
        ReservationRefundedV1,
        ReservationRefundingV1
    );
    None
}

#[test]
fn validate_event_agrees_with_a_round_trip_and_the_reference_on_built_events() {
    let r = tests::Reference::load(&tests::repo_root().join("schemas"));
    let (mut built, mut disagreements) = (0, Vec::new());
    for doc in tests::corpus(&r, &[]) {
        let Some(event) = build_from(&doc) else {
            continue;
        };
        built += 1;
        let verdict = validate_event(&event).is_ok();
        let dumped: serde_json::Value = serde_json::from_str(&dump_event(&event)).unwrap();
        let round_trip = parse_event(&dump_event(&event)).is_ok();
        // Building may re-spell a value (a date-time's offset); the reference
        // judges the event as it is sent.
        let reference = r.accepts(&dumped);
        if verdict != round_trip || verdict != reference {
            disagreements.push(format!("validate_event {verdict}, round trip {round_trip}, reference {reference}: {dumped}"));
        }
    }
    eprintln!(
        "rust validate_event: {built} events built in code, {} disagreements",
        disagreements.len()
    );
    assert!(built > 1000, "only {built} events could be built");
    assert!(
        disagreements.is_empty(),
        "{}",
        disagreements[..disagreements.len().min(10)].join("\n")
    );
}
