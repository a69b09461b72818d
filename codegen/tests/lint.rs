//! The lint rules (`codegen::lint`): one test per rule, each on a small
//! contracts directory held in memory, asserting the diagnostic's severity,
//! file, pointer and words. Each starts from contracts that lint clean.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::{Diagnostic, Diagnostics, Severity};
use serde_json::{json, Value};

/// A registry with one event, `credit.locked` v1, its envelope and payload.
fn clean() -> BTreeMap<String, Value> {
    let mut files = BTreeMap::new();
    files.insert(
        "envelope.json".to_owned(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["event_type", "schema_version", "payload"],
            "properties": {
                "event_type": { "type": "string", "description": "Names the event." },
                "schema_version": { "type": "integer", "description": "Its version." },
                "payload": { "type": "object", "description": "What happened." }
            }
        }),
    );
    files.insert(
        "registry.json".to_owned(),
        json!({
            "format": 1,
            "envelope": { "schema": "envelope.json", "schema_version_field": "schema_version" },
            "event_types": [
                { "event_type": "credit.locked", "payload_schema": "payloads/credit.locked-v1.json" }
            ]
        }),
    );
    files.insert(
        "payloads/credit.locked-v1.json".to_owned(),
        json!({
            "$id": "https://example.test/payloads/credit.locked-v1.json",
            "type": "object",
            "additionalProperties": false,
            "required": ["credits"],
            "properties": {
                "credits": { "type": "integer", "minimum": 1, "description": "How many." }
            },
            "examples": [{ "credits": 2 }]
        }),
    );
    files
}

fn lint(files: &BTreeMap<String, Value>) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    let bytes = files
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::to_vec_pretty(v).unwrap()))
        .collect();
    let sources = codegen::load::from_files(Path::new("contracts"), bytes, &mut diags);
    let (contracts, mut diags) = match codegen::check_sources(&sources, diags) {
        Ok(x) => x,
        Err(d) => panic!("the model refused the contracts: {:?}", d.sorted()),
    };
    codegen::lint::lint(&sources, &contracts, &mut diags);
    diags.sorted()
}

/// The one diagnostic of a run, checked for severity, file and pointer.
fn only(found: Vec<Diagnostic>, severity: Severity, file: &str, pointer: &str) -> String {
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(
        (d.severity, d.file.as_str(), d.pointer.as_str()),
        (severity, file, pointer),
        "{d}"
    );
    d.message.clone()
}

fn payload(files: &mut BTreeMap<String, Value>) -> &mut Value {
    files.get_mut("payloads/credit.locked-v1.json").unwrap()
}

#[test]
fn clean_contracts_have_no_findings() {
    assert_eq!(lint(&clean()), vec![]);
}

#[test]
fn event_type_must_read_as_aggregate_and_past_tense_verb() {
    let mut files = clean();
    files.get_mut("registry.json").unwrap()["event_types"][0]["event_type"] = json!("credit.lock");
    let msg = only(
        lint(&files),
        Severity::Warning,
        "registry.json",
        "/event_types/0/event_type",
    );
    assert!(
        msg.contains("`lock`, which does not read as a past-tense verb"),
        "{msg}"
    );

    files.get_mut("registry.json").unwrap()["event_types"][0]["event_type"] = json!("locked");
    let msg = only(
        lint(&files),
        Severity::Warning,
        "registry.json",
        "/event_types/0/event_type",
    );
    assert!(msg.contains("has no aggregate"), "{msg}");

    // Irregular verbs, snake_case endings and a trailing version segment pass.
    for name in [
        "invoice.paid",
        "file.quota_exceeded",
        "render.job.completed.v1",
    ] {
        files.get_mut("registry.json").unwrap()["event_types"][0]["event_type"] = json!(name);
        assert_eq!(lint(&files), vec![], "{name}");
    }
}

#[test]
fn schema_files_no_entry_uses_are_errors() {
    let mut files = clean();
    files.insert(
        "payloads/forgotten.json".to_owned(),
        json!({ "type": "string" }),
    );
    let msg = only(lint(&files), Severity::Error, "payloads/forgotten.json", "");
    assert!(msg.contains("no registry entry uses this schema"), "{msg}");
    // A file reached only through a `$ref` is used.
    payload(&mut files)["properties"]["credits"]["$ref"] = json!("forgotten.json");
    payload(&mut files)["properties"]["credits"]
        .as_object_mut()
        .unwrap()
        .remove("type");
    payload(&mut files)["examples"] = json!([]);
    assert_eq!(lint(&files), vec![]);
}

#[test]
fn id_must_end_with_the_file_path() {
    let mut files = clean();
    payload(&mut files)["$id"] = json!("https://example.test/payloads/credit.lock-v1.json");
    let msg = only(
        lint(&files),
        Severity::Error,
        "payloads/credit.locked-v1.json",
        "/$id",
    );
    assert!(msg.contains("does not end with this file's path"), "{msg}");
}

#[test]
fn open_payload_objects_are_warnings() {
    let mut files = clean();
    payload(&mut files)
        .as_object_mut()
        .unwrap()
        .remove("additionalProperties");
    let msg = only(
        lint(&files),
        Severity::Warning,
        "payloads/credit.locked-v1.json",
        "",
    );
    assert!(msg.contains("object is open"), "{msg}");
}

#[test]
fn properties_without_description_are_warnings() {
    let mut files = clean();
    payload(&mut files)["properties"]["credits"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let msg = only(
        lint(&files),
        Severity::Warning,
        "payloads/credit.locked-v1.json",
        "/properties/credits",
    );
    assert_eq!(msg, "property \"credits\" has no description");
}

#[test]
fn examples_that_fail_their_own_schema_are_errors() {
    let mut files = clean();
    payload(&mut files)["examples"] = json!([{ "credits": 2 }, { "credits": 0 }]);
    let msg = only(
        lint(&files),
        Severity::Error,
        "payloads/credit.locked-v1.json",
        "/examples/1",
    );
    assert!(msg.contains("example 1 does not validate"), "{msg}");
    assert!(msg.contains("/credits"), "{msg}");
}

#[test]
fn integer_bounds_beyond_the_safe_range_are_warnings() {
    let mut files = clean();
    payload(&mut files)["properties"]["credits"]["maximum"] = json!(9007199254740992_u64);
    let msg = only(
        lint(&files),
        Severity::Warning,
        "payloads/credit.locked-v1.json",
        "/properties/credits/maximum",
    );
    assert!(msg.contains("beyond ±(2^53−1)"), "{msg}");
    payload(&mut files)["properties"]["credits"]["maximum"] = json!(9007199254740991_u64);
    assert_eq!(lint(&files), vec![]);
}

/// Writes `files` to a temporary contracts directory.
fn on_disk(files: &BTreeMap<String, Value>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, value) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    }
    dir
}

#[test]
fn model_rules_are_reported_by_lint_once_and_lint_rules_wait_for_a_model() {
    let mut files = clean();
    let entries = &mut files.get_mut("registry.json").unwrap()["event_types"];
    entries.as_array_mut().unwrap().extend([
        json!({ "event_type": "credit.locked", "schema_version": 3, "payload_schema": "payloads/credit.locked-v1.json" }),
        json!({ "event_type": "credit.released", "payload_schema": "payloads/missing.json" }),
    ]);
    let dir = on_disk(&files);
    let diags = codegen::lint(dir.path()).unwrap_err().sorted();
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert!(
        text[0].contains("versions must start at 1 and have no gaps"),
        "{text:#?}"
    );
    assert!(
        text[1].contains("\"payloads/missing.json\" does not exist"),
        "{text:#?}"
    );

    // A model that builds gets the lint rules, warnings apart from errors.
    let mut files = clean();
    payload(&mut files)["examples"] = json!([{ "credits": 0 }]);
    let diags = codegen::lint(on_disk(&files).path()).unwrap_err();
    assert_eq!(diags.iter().count(), 1);
    let mut files = clean();
    payload(&mut files)
        .as_object_mut()
        .unwrap()
        .remove("additionalProperties");
    let (_, warnings) = codegen::lint(on_disk(&files).path()).unwrap();
    assert!(warnings.has_warnings() && !warnings.has_errors());
}

#[test]
fn object_keywords_without_type_are_warnings_unless_the_context_types_them() {
    let mut files = clean();
    payload(&mut files).as_object_mut().unwrap().remove("type");
    let msg = only(
        lint(&files),
        Severity::Warning,
        "payloads/credit.locked-v1.json",
        "",
    );
    assert!(msg.contains("object keywords without `type`"), "{msg}");
    assert!(msg.contains("add `\"type\": \"object\"`"), "{msg}");

    // An `allOf` refinement of a typed object, and `items` under a `$ref`
    // to an array, can only meet their one type: nothing to say.
    payload(&mut files)["allOf"] = json!([{ "$ref": "#/$defs/base" }]);
    payload(&mut files)["$defs"] = json!({
        "base": { "type": "object", "description": "The base." },
        "list": { "type": "array", "description": "A list." }
    });
    payload(&mut files)["properties"]["tags"] = json!({
        "$ref": "#/$defs/list",
        "items": { "type": "string" },
        "description": "Tags."
    });
    assert_eq!(lint(&files), vec![]);
}
