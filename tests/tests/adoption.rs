//! What an adopter of the Rust crate does without glue: compare events,
//! read any event's envelope fields, hold an `AnyEvent` in a struct of
//! their own, and handle a deprecated version under `-D warnings`.

#![deny(deprecated)]

use event_contracts::{dump_event, parse_event, AnyEvent, EventType};
use serde::{Deserialize, Serialize};

/// The envelope's example: a `credit.locked` v1 event.
fn locked(credits: u64) -> String {
    format!(
        r#"{{"event_id":"evt_019e1dfe-2509-7817-b4f8-71a99bae8b37","event_type":"credit.locked","schema_version":1,"occurred_at":"2026-05-14T10:00:00.215Z","tenant_id":"tnt_sguild","producer":"revenue","subject":"per_019e1cea-e1de-7ad2-8510-bb188c3061ce","actor":"system:revenue","payload":{{"credit_reservation_id":"crr_019e1c7c-c700-7e11-aa90-c938790653c6","lesson_id":"les_019e1cb3-d46f-7111-82fc-7745da693e7b","person_id":"per_019e1cea-e1de-7ad2-8510-bb188c3061ce","locked_credits":{credits},"locked_at":"2026-05-14T10:00:00Z"}}}}"#
    )
}

const RELEASED_V1: &str = r#"{"event_id":"evt_019e1dfe-2509-7817-b4f8-71a99bae8b37","event_type":"credit.released","schema_version":1,"occurred_at":"2026-05-14T10:00:00Z","tenant_id":"tnt_sguild","producer":"revenue","subject":"per_019e1cea-e1de-7ad2-8510-bb188c3061ce","actor":"system:revenue","payload":{"credit_reservation_id":"crr_019e1e6c-3fe7-7b43-ac6e-76f5ad601c78","lesson_id":"les_019e1cb3-d46f-7111-82fc-7745da693e7b","person_id":"per_019e1cea-e1de-7ad2-8510-bb188c3061ce","released_credits":1,"reason":"weather","released_at":"2026-05-16T06:30:12Z"}}"#;

#[test]
fn events_compare_with_assert_eq() {
    let a = parse_event(&locked(2)).unwrap();
    assert_eq!(a, parse_event(&locked(2)).unwrap());
    assert_ne!(a, parse_event(&locked(3)).unwrap());
}

#[test]
fn every_envelope_field_has_an_accessor() {
    let event = parse_event(&locked(2)).unwrap();
    assert_eq!(event.event_type(), EventType::CreditLocked);
    assert_eq!(event.event_id(), "evt_019e1dfe-2509-7817-b4f8-71a99bae8b37");
    assert_eq!(event.tenant_id(), "tnt_sguild");
    assert_eq!(event.actor(), "system:revenue");
    assert_eq!(
        event.occurred_at().to_rfc3339(),
        "2026-05-14T10:00:00.215+00:00"
    );
    assert_eq!(event.trace_id(), &None);
}

/// A message of the user's own: the event validated as `parse_event` does.
#[derive(Debug, Serialize, Deserialize)]
struct Delivery {
    attempt: u32,
    event: AnyEvent,
}

#[test]
fn a_struct_of_ones_own_holds_an_any_event() {
    let json = format!(r#"{{"attempt":2,"event":{}}}"#, locked(2));
    let delivery: Delivery = serde_json::from_str(&json).unwrap();
    assert_eq!(delivery.attempt, 2);
    assert_eq!(delivery.event, parse_event(&locked(2)).unwrap());
    // Written back as `dump_event` writes the event.
    let written: serde_json::Value = serde_json::to_value(&delivery).unwrap();
    let dumped: serde_json::Value = serde_json::from_str(&dump_event(&delivery.event)).unwrap();
    assert_eq!(written["event"], dumped);
    // An event the schema rejects is an error, with the violation's words.
    let bad = format!(r#"{{"attempt":2,"event":{}}}"#, locked(0));
    let err = serde_json::from_str::<Delivery>(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("/payload/locked_credits"), "{err}");
    assert!(err.contains("must be at least 1"), "{err}");
}

/// A consumer handles a deprecated version that is still sent without a
/// warning (this file denies them); building one warns (`tests/ui`).
#[test]
fn a_deprecated_version_is_handled_without_a_warning() {
    let event = parse_event(RELEASED_V1).unwrap();
    let deprecated = match &event {
        AnyEvent::CreditReleasedV1(e) => e.payload.released_credits == 1,
        _ => false,
    };
    assert!(deprecated);
}

fn eq_and_hash<T: Eq + std::hash::Hash>() {}

/// `Eq` and `Hash` where every field allows: a payload with no float, the
/// envelope, and `AnyEvent` of a crate whose payloads all allow it (goodgo's).
/// `PaymentReceivedV1` holds an `f64` and is `PartialEq` only.
#[test]
fn types_without_floats_are_eq_and_hash() {
    eq_and_hash::<event_contracts::CreditLockedV1>();
    eq_and_hash::<event_contracts::Envelope<event_contracts::CreditLockedV1>>();
    eq_and_hash::<goodgo_events::AnyEvent>();
    let event = parse_event(&locked(2)).unwrap();
    let AnyEvent::CreditLockedV1(locked) = event else {
        panic!("a credit.locked event")
    };
    let set: std::collections::HashSet<_> = [locked.clone(), locked].into_iter().collect();
    assert_eq!(set.len(), 1);
}

/// A definition several payloads use is one type, declared once in
/// `shared`: one function takes the `Money` of either payload.
fn cents(money: &event_contracts::shared::Money) -> i64 {
    money.amount_cents
}

#[test]
fn a_shared_definition_is_one_type() {
    use event_contracts::{CreditPurchasedV1, PaymentReceivedV1};
    let purchased: CreditPurchasedV1 = serde_json::from_str(
        r#"{"credit_account_id":"cra_1","package_code":"pkg_12_private","person_id":"per_1","price":{"amount_cents":12000,"currency":"USD"},"purchased_at":"2026-05-14T10:00:00Z","purchased_credits":12}"#,
    )
    .unwrap();
    let received = PaymentReceivedV1 {
        amount: purchased.price.clone(),
        ..serde_json::from_str(
            r#"{"amount":{"amount_cents":1,"currency":"EUR"},"idempotency_key":"k","invoice_id":null,"payment_id":"pay_1","payment_method":"card","payment_processor_provider":"stripe","payment_processor_ref":"ch_1","person_id":"per_1","received_at":"2026-05-14T10:00:00Z"}"#,
        )
        .unwrap()
    };
    assert_eq!(cents(&purchased.price), 12000);
    assert_eq!(cents(&received.amount), 12000);
    assert_eq!(received.amount, purchased.price);
}

/// A value the schema fixes (a discriminator's `const`, a bare event's
/// own event type) is filled in by `From` the `…Fields` struct: a producer
/// never spells it.
#[test]
fn values_the_schema_fixes_are_filled_in() {
    use event_contracts::payloads::payment_failed_v1::{
        PaymentFailureCardDeclined, PaymentFailureCardDeclinedDeclineCode,
        PaymentFailureCardDeclinedFields,
    };
    let card: PaymentFailureCardDeclined = PaymentFailureCardDeclinedFields {
        decline_code: PaymentFailureCardDeclinedDeclineCode::InsufficientFunds,
        network_message: None,
    }
    .into();
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["kind"], "card_declined");

    use suggestions_events::{
        dump_event, validate_event, AnyEvent, DomainSuggestionsConfirmedV1,
        DomainSuggestionsConfirmedV1Fields,
    };
    let payload: DomainSuggestionsConfirmedV1 = DomainSuggestionsConfirmedV1Fields {
        action: "accept".to_owned(),
        email_ids: vec!["18c8f6e2a9b4d7c1".to_owned()],
        generated_at: "2025-12-31T00:00:00.000Z".parse().unwrap(),
        summary: serde_json::from_str(r#"{"totalConfirmed":1,"action":"accept"}"#).unwrap(),
        user_id: "demo-user".to_owned(),
        extra: Default::default(),
    }
    .into();
    let event = AnyEvent::from(payload);
    validate_event(&event).unwrap();
    let dumped: serde_json::Value = serde_json::from_str(&dump_event(&event)).unwrap();
    assert_eq!(dumped["type"], "domain.suggestions.confirmed");
}

/// The envelope's version is typed as `SCHEMA_VERSION` is, and a generated
/// type's conversion error is the crate's one `error::ConversionError`.
#[test]
fn one_version_type_and_one_error_module() {
    use event_contracts::{CreditLockedV1, EventPayload};
    let AnyEvent::CreditLockedV1(event) = parse_event(&locked(2)).unwrap() else {
        panic!("a credit.locked v1 event");
    };
    let version: u64 = event.schema_version;
    assert_eq!(version, CreditLockedV1::SCHEMA_VERSION);

    use event_contracts::payloads::credit_released_v1::CreditReleasedV1Reason;
    let err: event_contracts::error::ConversionError =
        "hail".parse::<CreditReleasedV1Reason>().unwrap_err();
    assert!(!err.to_string().is_empty());
    // typify writes an `error` module into every module it generates; the
    // crate has one.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/rust/src");
    let mut copies = 0;
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            copies += std::fs::read_to_string(&path)
                .unwrap()
                .matches("pub mod error")
                .count();
        }
    }
    assert_eq!(copies, 1);
}

/// A property's own description documents its field, also where its type
/// is a named struct (a `$ref` with a `description` beside it).
#[test]
fn a_field_of_a_named_type_keeps_its_description() {
    let module = include_str!("../../generated/rust/src/payloads/credit_purchased_v1.rs");
    assert!(
        module.contains(
            "/// Total price charged for the package, after discounts.\n    pub price: Money,"
        ),
        "{module}"
    );
}
