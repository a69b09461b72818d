//! JSON texts at the edges of what a parser takes (`tests/json_text_edges.json`):
//! the Rust crate refuses as JSON exactly those the fixture marks `syntax`,
//! and the TypeScript and Python tests hold their packages to the same list.

use event_contracts::{parse_event, ErrorKind};
use serde_json::Value;

/// Each case's name, event text and whether it must be refused as JSON.
pub fn cases() -> Vec<(String, String, bool)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/json_text_edges.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let event = fixture["event"].as_str().unwrap();
    fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let times = c["times"].as_u64().unwrap() as usize;
            let text = format!(
                "{}{}{}{}",
                c["open"].as_str().unwrap().repeat(times),
                c["middle"].as_str().unwrap(),
                c["close"].as_str().unwrap().repeat(times),
                c["after"].as_str().unwrap_or_default()
            );
            let syntax = match c["verdict"].as_str().unwrap() {
                "syntax" => true,
                "judged" => false,
                other => panic!("unknown verdict {other:?}"),
            };
            (c["what"].to_string(), event.replace('$', &text), syntax)
        })
        .collect()
}

#[test]
fn the_crate_refuses_as_json_what_the_fixture_says() {
    let cases = cases();
    assert!(cases.len() >= 10, "the fixture holds {} cases", cases.len());
    let mut wrong = Vec::new();
    for (what, text, syntax) in &cases {
        let kind = parse_event(text).err().map(|e| e.kind());
        if (kind == Some(ErrorKind::Syntax)) != *syntax {
            wrong.push(format!("{what}: {kind:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
