//! One test per diagnostic: a small contracts directory with one mistake, and
//! the error it must produce (file, JSON pointer, words a user can act on).

use std::path::Path;

use codegen::{Diagnostic, Severity};
use serde_json::{json, Value};

/// Writes a contracts directory: the registry plus the given files.
fn contracts(registry: Value, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "registry.json",
        &serde_json::to_string_pretty(&registry).unwrap(),
    );
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The test envelope and one `thing.happened` v1 with this payload schema.
fn with_payload(payload: &str) -> tempfile::TempDir {
    contracts(
        registry(json!([entry("thing.happened", 1, "p.json")])),
        &[("envelope.json", ENVELOPE), ("p.json", payload)],
    )
}

/// The test envelope, one payload schema, and these registry entries.
fn with_entries(entries: Value) -> tempfile::TempDir {
    contracts(
        registry(entries),
        &[("envelope.json", ENVELOPE), ("p.json", PAYLOAD)],
    )
}

fn registry(entries: Value) -> Value {
    json!({
        "format": 1,
        "envelope": { "schema": "envelope.json", "schema_version_field": "schema_version" },
        "event_types": entries,
    })
}

const ENVELOPE: &str = r#"{
  "type": "object",
  "required": ["event_type", "schema_version", "payload"],
  "properties": {
    "event_type": { "type": "string" },
    "schema_version": { "type": "integer" },
    "payload": { "type": "object" }
  },
  "additionalProperties": false
}"#;

const PAYLOAD: &str = r#"{ "type": "object", "properties": { "n": { "type": "integer" } } }"#;

fn errors(dir: &tempfile::TempDir) -> Vec<Diagnostic> {
    match codegen::check(dir.path()) {
        Ok(_) => panic!("the contracts were accepted"),
        Err(diags) => diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn one_error(dir: &tempfile::TempDir, file: &str, pointer: &str, words: &[&str]) {
    let errs = errors(dir);
    let found = errs.iter().find(|d| d.file == file && d.pointer == pointer);
    let Some(d) = found else {
        panic!("no error at {file}#{pointer}; got:\n{}", render(&errs));
    };
    for w in words {
        assert!(d.message.contains(w), "{d} does not say {w:?}");
    }
}

fn render(errs: &[Diagnostic]) -> String {
    errs.iter().map(|d| format!("  {d}\n")).collect()
}

fn entry(event_type: &str, version: u64, file: &str) -> Value {
    json!({ "event_type": event_type, "schema_version": version, "payload_schema": file })
}

#[test]
fn accepts_a_minimal_contract() {
    let dir = with_entries(json!([entry("thing.happened", 1, "p.json")]));
    let (model, _) = codegen::check(dir.path()).expect("valid contracts");
    assert_eq!(model.events[0].type_name, "ThingHappenedV1");
}

#[test]
fn malformed_json_names_the_file_and_position() {
    let dir = contracts(
        registry(json!([entry("thing.happened", 1, "p.json")])),
        &[
            ("envelope.json", ENVELOPE),
            ("p.json", "{ \"type\": \"object\", }"),
        ],
    );
    one_error(&dir, "p.json", "", &["invalid JSON", "line 1"]);
}

#[test]
fn missing_ref_target_is_reported_where_the_ref_is() {
    let payload =
        r#"{ "type": "object", "properties": { "m": { "$ref": "common.json#/$defs/money" } } }"#;
    let dir = with_payload(payload);
    one_error(
        &dir,
        "p.json",
        "/properties/m/$ref",
        &["common.json", "no file"],
    );

    let payload = r##"{ "type": "object", "properties": { "m": { "$ref": "#/$defs/nope" } } }"##;
    let dir = with_payload(payload);
    one_error(&dir, "p.json", "/properties/m/$ref", &["does not exist"]);
}

#[test]
fn cross_file_refs_resolve_by_path_and_by_id() {
    let common = r#"{ "$id": "https://example.com/common.json", "$defs": { "money": { "type": "integer" } } }"#;
    let payload = r#"{ "$id": "https://example.com/p.json", "type": "object", "properties": {
        "a": { "$ref": "common.json#/$defs/money" },
        "b": { "$ref": "https://example.com/common.json#/$defs/money" } } }"#;
    let dir = contracts(
        registry(json!([entry("thing.happened", 1, "p.json")])),
        &[
            ("envelope.json", ENVELOPE),
            ("p.json", payload),
            ("common.json", common),
        ],
    );
    codegen::check(dir.path()).expect("both refs resolve");
}

#[test]
fn unknown_registry_keys_are_errors_all_at_once() {
    let mut reg = registry(json!([
        { "event_type": "thing.happened", "payload_schema": "p.json", "descripton": "typo" },
        { "event_type": "thing.vanished", "payload_schema": "p.json", "producr": "typo" },
    ]));
    reg["extra"] = json!(true);
    let dir = contracts(reg, &[("envelope.json", ENVELOPE), ("p.json", PAYLOAD)]);
    let errs = errors(&dir);
    let text = render(&errs);
    assert!(
        text.contains("descripton") && text.contains("/event_types/0"),
        "{text}"
    );
    assert!(
        text.contains("producr") && text.contains("/event_types/1"),
        "{text}"
    );
}

#[test]
fn duplicate_event_versions_are_errors() {
    let dir = with_entries(json!([
        entry("thing.happened", 1, "p.json"),
        entry("thing.happened", 1, "p.json")
    ]));
    one_error(
        &dir,
        "registry.json",
        "/event_types/1",
        &["registered twice"],
    );
}

#[test]
fn version_gaps_are_errors() {
    let dir = with_entries(json!([
        entry("thing.happened", 1, "p.json"),
        entry("thing.happened", 3, "p.json")
    ]));
    one_error(
        &dir,
        "registry.json",
        "/event_types/1/schema_version",
        &["version 2 is missing"],
    );
}

#[test]
fn colliding_event_type_identifiers_are_errors() {
    let dir = with_entries(json!([
        entry("thing.happened", 1, "p.json"),
        entry("thing_happened", 1, "p.json")
    ]));
    one_error(
        &dir,
        "registry.json",
        "/event_types/1/event_type",
        &["ThingHappened"],
    );
}

#[test]
fn unsupported_and_misspelt_keywords_are_errors() {
    let payload = r#"{ "type": "object", "patternProperties": { "^x": {} },
        "properties": { "s": { "type": "string", "minLenght": 3 } } }"#;
    let dir = with_payload(payload);
    one_error(&dir, "p.json", "/patternProperties", &["not supported"]);
    one_error(
        &dir,
        "p.json",
        "/properties/s/minLenght",
        &["unknown keyword", "minLength"],
    );
}

#[test]
fn invalid_patterns_are_errors() {
    let payload = r#"{ "type": "string", "pattern": "([a-z" }"#;
    let dir = with_payload(payload);
    one_error(&dir, "p.json", "/pattern", &["ECMA-262"]);
}

#[test]
fn retired_versions_have_no_schema_and_live_ones_need_one() {
    let dir = with_entries(json!([
        { "event_type": "thing.happened", "schema_version": 1, "status": "retired", "payload_schema": "p.json" },
        { "event_type": "thing.happened", "schema_version": 2 },
    ]));
    one_error(
        &dir,
        "registry.json",
        "/event_types/0/payload_schema",
        &["retired"],
    );
    one_error(
        &dir,
        "registry.json",
        "/event_types/1",
        &["payload_schema is required"],
    );
}

#[test]
fn colliding_type_names_are_errors() {
    let payload = r#"{ "type": "object", "properties": {
        "a": { "title": "Same", "type": "object", "properties": { "x": { "type": "string" } } },
        "b": { "title": "Same", "type": "object", "properties": { "y": { "type": "string" } } } } }"#;
    let dir = with_payload(payload);
    one_error(
        &dir,
        "p.json",
        "/properties/b",
        &["`Same`", "already taken"],
    );
}
