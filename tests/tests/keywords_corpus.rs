//! The keyword test bed (`tests/keywords/contracts/`): every keyword and form SPEC
//! lists, alone and in the combinations that trip generators up, through the
//! generated `keyword-contracts` crate, judged by the reference validator.

use keyword_contracts::{dump_event, parse_event, validate_event};
use serde_json::Value;
use tests::{check_examples, check_mutations, keyword_corners, repo_root, Reference};

fn reference() -> Reference {
    Reference::load(&repo_root().join("tests/keywords/contracts"))
}

fn parse_dump(json: &str) -> Result<Value, String> {
    let event = parse_event(json).map_err(|e| e.to_string())?;
    validate_event(&event).map_err(|e| format!("parsed, but validate_event says: {e}"))?;
    serde_json::from_str(&dump_event(&event)).map_err(|e| e.to_string())
}

#[test]
fn examples_parse_validate_and_round_trip() {
    let checked = check_examples(&reference(), &parse_dump);
    eprintln!("keyword examples: {checked} documents parsed and round-tripped");
    assert!(checked >= 10);
}

#[test]
fn mutations_and_corners_get_the_reference_verdict() {
    let corners = keyword_corners();
    let v = check_mutations(&reference(), &parse_dump, &corners);
    eprintln!(
        "keyword mutations: {} valid and {} invalid documents ({} hand-aimed corners), {} disagreements",
        v.valid,
        v.invalid,
        corners.len(),
        v.disagreements.len()
    );
    assert!(v.disagreements.is_empty(), "{}", v.disagreements.join("\n"));
    // A corpus that shrank to nothing would agree with everything.
    assert!(
        v.valid >= 100 && v.invalid >= 100 && corners.len() >= 10,
        "the keyword corpus is too small to judge anything: {} valid, {} invalid, {} corners",
        v.valid,
        v.invalid,
        corners.len()
    );
}
