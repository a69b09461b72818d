//! Every event of `schemas/`: its examples parse and round-trip, and one-thing
//! mutations of them get the reference validator's verdict from the
//! generated Rust crate.

use event_contracts::{dump_event, parse_event, validate_event, ErrorKind};
use serde_json::Value;
use tests::{mutations, repo_root, same_json, RefEvent, Reference};

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

#[test]
fn examples_parse_validate_and_round_trip() {
    let r = reference();
    let mut checked = 0;
    for event in r.events.iter().filter(|e| !e.retired) {
        assert!(
            !event.examples.is_empty(),
            "{} v{} has no examples",
            event.event_type,
            event.version
        );
        for example in &event.examples {
            let doc = r.wrap(event, example);
            assert!(
                r.accepts(&doc),
                "reference rejects the example of {}: {doc}",
                event.event_type
            );
            let text = doc.to_string();
            let parsed = parse_event(&text).unwrap_or_else(|e| {
                panic!(
                    "{} v{} example rejected: {e}\n{text}",
                    event.event_type, event.version
                )
            });
            assert_eq!(parsed.event_type().as_str(), event.event_type);
            assert_eq!(parsed.schema_version(), event.version);
            validate_event(&parsed).expect("a parsed event validates");
            let dumped: Value = serde_json::from_str(&dump_event(&parsed)).unwrap();
            assert!(
                same_json(&doc, &dumped),
                "round trip changed the event:\n in: {doc}\nout: {dumped}"
            );
            checked += 1;
        }
    }
    eprintln!("examples: {checked} documents parsed and round-tripped");
    assert!(checked >= 24);
}

#[test]
fn mutations_get_the_reference_verdict() {
    let r = reference();
    let (mut valid, mut invalid, mut disagreements) = (0, 0, Vec::new());
    for event in r.events.iter().filter(|e| !e.retired) {
        for example in &event.examples {
            let doc = r.wrap(event, example);
            for m in mutations(&doc) {
                let expected = r.accepts(&m);
                let got = parse_event(&m.to_string());
                if expected {
                    valid += 1;
                } else {
                    invalid += 1;
                }
                match (&got, expected) {
                    (Ok(e), true) => {
                        let dumped: Value = serde_json::from_str(&dump_event(e)).unwrap();
                        if !same_json(&m, &dumped) {
                            disagreements.push(format!("round trip changed {m}\n  into {dumped}"));
                        }
                    }
                    (Err(_), false) => {}
                    _ => disagreements.push(format!(
                        "{} v{}: reference says {}, parse_event says {:?}\n  {m}",
                        event.event_type,
                        event.version,
                        if expected { "valid" } else { "invalid" },
                        got.as_ref().map(|_| "valid").map_err(|e| e.to_string()),
                    )),
                }
            }
        }
    }
    eprintln!("mutations: {valid} valid and {invalid} invalid documents checked against the reference, {} disagreements", disagreements.len());
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(valid + invalid > 1000);
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
