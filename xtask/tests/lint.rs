//! `cargo xtask lint` as a user runs it: warnings print and pass, errors
//! fail, `--deny-warnings` makes warnings fail too.

use std::fs;
use std::process::{Command, Output};

use serde_json::json;

fn lint(dir: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["lint", "--contracts"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

fn contracts(payload: serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let registry = json!({
        "format": 1,
        "event_types": [{ "event_type": "credit.locked", "payload_schema": "credit.locked-v1.json" }]
    });
    fs::write(dir.path().join("registry.json"), registry.to_string()).unwrap();
    fs::write(
        dir.path().join("credit.locked-v1.json"),
        payload.to_string(),
    )
    .unwrap();
    dir
}

#[test]
fn warnings_pass_unless_denied_and_errors_fail() {
    // Bare events: the payload carries its own event type.
    let open = json!({
        "type": "object",
        "required": ["event_type"],
        "properties": { "event_type": { "type": "string", "description": "Names the event." } }
    });
    let dir = contracts(open.clone());
    let out = lint(dir.path(), &[]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning: credit.locked-v1.json#: object is open"),
        "{text}"
    );
    assert!(text.contains("0 error(s), 1 warning(s)"), "{text}");
    assert_eq!(
        lint(dir.path(), &["--deny-warnings"]).status.code(),
        Some(1)
    );

    let mut bad = open;
    bad["examples"] = json!([{ "event_type": 1 }]);
    bad["additionalProperties"] = json!(false);
    let dir = contracts(bad);
    let out = lint(dir.path(), &[]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: credit.locked-v1.json#/examples/0: example 0 does not validate"),
        "{text}"
    );
}
