//! `cargo xtask bench`'s validation section end to end on the Rust runtime:
//! the document set is written with every kind of document, and both Rust
//! validators are checked against the reference verdicts before they are
//! timed. Built in the dev profile and timed for one pass, so it asserts no
//! figure, only that the bench runs and agrees.

use std::process::Command;

#[test]
fn validation_bench_writes_every_kind_and_agrees_with_the_reference() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "bench",
            "--only",
            "validation",
            "--runtimes",
            "rust",
            "--dev",
            "--runs",
            "1",
            "--min-time",
            "0",
        ])
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");

    let documents = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("documents:"))
        .unwrap_or_else(|| panic!("no documents line in:\n{stdout}"));
    for kind in [
        "valid",
        "wrong-type",
        "missing-property",
        "bad-string",
        "unknown-event-type",
        "extra-property",
    ] {
        assert!(
            documents.contains(&format!("{kind} ")),
            "no {kind} documents: {documents}"
        );
    }

    // Both Rust validators are in the table, and neither disagrees.
    assert!(stdout.contains("parse_event"), "{stdout}");
    assert!(stdout.contains("serde_json + jsonschema"), "{stdout}");
    let verdicts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("verdicts: rust"))
        .collect();
    assert_eq!(verdicts.len(), 2, "{stdout}");
    for line in verdicts {
        assert!(line.contains(": 0 disagreement(s)"), "{line}");
    }
    // Python and TypeScript were not asked for.
    assert!(!stdout.contains("python"), "{stdout}");
}
