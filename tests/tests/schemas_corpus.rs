//! Every event of `schemas/`: its examples parse and round-trip, and one-thing
//! mutations of them get the reference validator's verdict from the
//! generated Rust crate.

use event_contracts::{dump_event, parse_event, validate_event, ErrorKind};
use serde_json::Value;
use tests::{check_examples, check_mutations, repo_root, same_json, RefEvent, Reference};

fn reference() -> Reference {
    Reference::load(&repo_root().join("schemas"))
}

/// The event most tests below break one thing of.
fn credit_locked(r: &Reference) -> &RefEvent {
    r.events
        .iter()
        .find(|e| e.event_type == "credit.locked")
        .expect("schemas/ registers credit.locked")
}

/// The generated crate as the shared corpus checks drive it.
fn parse_dump(json: &str) -> Result<Value, String> {
    let event = parse_event(json).map_err(|e| e.to_string())?;
    validate_event(&event).map_err(|e| format!("parsed, but validate_event says: {e}"))?;
    serde_json::from_str(&dump_event(&event)).map_err(|e| e.to_string())
}

#[test]
fn examples_parse_validate_and_round_trip() {
    let checked = check_examples(&reference(), &parse_dump);
    eprintln!("examples: {checked} documents parsed and round-tripped");
    assert!(checked >= 24);
}

#[test]
fn mutations_get_the_reference_verdict() {
    let v = check_mutations(&reference(), &parse_dump, &[]);
    eprintln!(
        "mutations: {} valid and {} invalid documents checked against the reference, {} disagreements",
        v.valid,
        v.invalid,
        v.disagreements.len()
    );
    assert!(v.disagreements.is_empty(), "{}", v.disagreements.join("\n"));
    assert!(v.valid + v.invalid > 1000);
}

#[test]
fn unknown_types_versions_and_retired_versions_are_rejected_by_name() {
    let r = reference();
    let event = credit_locked(&r);
    let doc = r.wrap(event, &event.examples[0]);

    let mut unknown = doc.clone();
    unknown["event_type"] = "credit.exploded".into();
    let err = parse_event(&unknown.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownEventType);
    assert!(
        err.to_string().contains("credit.exploded") && err.to_string().contains("credit.locked"),
        "{err}"
    );

    let mut version = doc.clone();
    version["schema_version"] = 7.into();
    let err = parse_event(&version.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownVersion);
    assert!(err.to_string().contains('7'), "{err}");

    let mut retired = r.wrap(event, &event.examples[0]);
    retired["event_type"] = "intake.captured".into();
    retired["schema_version"] = 1.into();
    let err = parse_event(&retired.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Retired);
    assert!(err.to_string().contains("retired"), "{err}");

    let err = parse_event("{not json").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
}

#[test]
fn violations_name_the_json_pointer() {
    let r = reference();
    let event = credit_locked(&r);
    let mut doc = r.wrap(event, &event.examples[0]);
    doc["payload"]["locked_credits"] = 0.into();
    let err = parse_event(&doc.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let v = &err.violations()[0];
    assert_eq!(v.pointer, "/payload/locked_credits");
    assert_eq!(v.keyword, "minimum");
}

#[test]
fn date_times_spec_accepts_decode_and_keep_their_instant() {
    let r = reference();
    let event = credit_locked(&r);
    for stamp in [
        "2026-06-30T23:59:60Z",
        "2026-05-01t10:15:00z",
        "2026-05-01T10:15:00.123456789+05:30",
        "2026-05-01T10:15:00-00:00",
        "2026-05-01T10:15:00.5-08:00",
    ] {
        let mut doc = r.wrap(event, &event.examples[0]);
        doc["payload"]["locked_at"] = stamp.into();
        let parsed = parse_event(&doc.to_string()).unwrap_or_else(|e| panic!("{stamp}: {e}"));
        let dumped: Value = serde_json::from_str(&dump_event(&parsed)).unwrap();
        assert!(
            same_json(&doc, &dumped),
            "{stamp} came back as {}",
            dumped["payload"]["locked_at"]
        );
    }
    for stamp in [
        "2026-05-01 10:15:00Z",
        "2026-05-01T10:15:00",
        "2026-05-01T24:00:00Z",
        "2026-02-30T10:15:00Z",
    ] {
        let mut doc = r.wrap(event, &event.examples[0]);
        doc["payload"]["locked_at"] = stamp.into();
        let err = parse_event(&doc.to_string()).expect_err(stamp);
        assert_eq!(err.violations()[0].keyword, "format", "{stamp}");
    }
}
