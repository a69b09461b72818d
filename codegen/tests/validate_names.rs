//! The names the validate emitters declare never meet: two event types
//! whose names differ only in case (`user.signup`, `user.sign_up`) once gave
//! the Rust crate two `static JUDGE_USERSIGNUPV1_VALUES_1`s, which rustc
//! refuses (found by review).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::{Diagnostics, Header};
use serde_json::json;

#[test]
fn declarations_of_names_differing_in_case_stay_apart() {
    let payload = json!({
        "type": "object",
        "properties": { "code": { "type": "string", "pattern": "^[a-z]+$" } }
    });
    let mut files = BTreeMap::new();
    files.insert(
        "registry.json".to_owned(),
        json!({
            "format": 1,
            "envelope": { "schema": "envelope.json", "schema_version_field": "schema_version" },
            "event_types": [
                { "event_type": "user.signup", "payload_schema": "a.json" },
                { "event_type": "user.sign_up", "payload_schema": "b.json" }
            ]
        }),
    );
    files.insert(
        "envelope.json".to_owned(),
        json!({
            "type": "object",
            "required": ["event_type", "schema_version", "payload"],
            "properties": {
                "event_type": { "type": "string" },
                "schema_version": { "type": "integer" },
                "payload": { "type": "object" }
            }
        }),
    );
    files.insert("a.json".to_owned(), payload.clone());
    files.insert("b.json".to_owned(), payload);
    let bytes = files
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::to_vec(v).unwrap()))
        .collect();
    let mut diags = Diagnostics::default();
    let sources = codegen::load::from_files(Path::new("contracts"), bytes, &mut diags);
    let (contracts, _) = codegen::check_sources(&sources, diags).expect("the contracts are valid");
    let out = codegen::emit::emit_all(
        &contracts,
        &Header {
            contracts: "contracts".into(),
        },
    );
    let declared = |file: &str, keyword: &str| -> Vec<String> {
        out.files[file]
            .lines()
            // Module level only: a function's locals are its own.
            .filter_map(|l| l.strip_prefix(keyword))
            .filter_map(|rest| rest.split([':', ' ', '=', '(']).next())
            .map(str::to_owned)
            .collect()
    };
    for (file, keyword) in [
        ("rust/src/validate.rs", "static "),
        ("rust/src/validate.rs", "pub(crate) fn "),
        ("typescript/src/validate.ts", "const "),
        ("typescript/src/validate.ts", "export function "),
    ] {
        let names = declared(file, keyword);
        let distinct: BTreeSet<&String> = names.iter().collect();
        assert!(
            names.len() >= 2,
            "{file}: too few `{keyword}` declarations: {names:?}"
        );
        assert_eq!(
            distinct.len(),
            names.len(),
            "{file}: a name declared twice: {names:?}"
        );
    }
}
