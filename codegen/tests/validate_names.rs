//! The names the validate emitters declare never meet: two event types
//! whose names differ only in case (`user.signup`, `user.sign_up`) once gave
//! the Rust crate two `static JUDGE_USERSIGNUPV1_VALUES_1`s, which rustc
//! refuses (found by review).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::{Diagnostics, Header};
use serde_json::json;

/// The generated packages of a registry of `event_types`, each with a
/// payload schema of its own (of the same shape).
fn generate(event_types: &[&str]) -> codegen::Output {
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
            "event_types": event_types
                .iter()
                .enumerate()
                .map(|(i, t)| json!({ "event_type": t, "payload_schema": format!("{i}.json") }))
                .collect::<Vec<_>>()
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
    for i in 0..event_types.len() {
        files.insert(format!("{i}.json"), payload.clone());
    }
    let bytes = files
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::to_vec(v).unwrap()))
        .collect();
    let mut diags = Diagnostics::default();
    let sources = codegen::load::from_files(Path::new("contracts"), bytes, &mut diags);
    let (contracts, _) = codegen::check_sources(&sources, diags).expect("the contracts are valid");
    codegen::emit::emit_all(
        &contracts,
        &Header {
            contracts: "contracts".into(),
        },
    )
}

#[test]
fn declarations_of_names_differing_in_case_stay_apart() {
    let out = generate(&["user.signup", "user.sign_up"]);
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

/// `a.bc` and `abc` are the types `ABcV1` and `AbcV1`, both `abc_v1` in
/// snake case: each event's module (Rust's `payloads/`, Python's
/// `models/` and `_validate/`) still gets a file of its own.
#[test]
fn event_modules_never_share_a_file() {
    let out = generate(&["a.bc", "abc"]);
    for dir in [
        "rust/src/payloads/",
        "python/event_contracts/models/",
        "python/event_contracts/_validate/",
    ] {
        let files: Vec<&String> = out
            .files
            .keys()
            .filter(|f| f.starts_with(dir) && !f.ends_with("__init__.py") && !f.ends_with("mod.rs"))
            .collect();
        assert_eq!(files.len(), 2, "{dir}: {files:?}");
    }
}
