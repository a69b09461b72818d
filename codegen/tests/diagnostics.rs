//! Every error the checker can report, one row each: a small contracts
//! directory with one mistake, and the error it must produce (the file, the
//! JSON pointer, and words that say what is wrong and what to do).
//!
//! `every_error_site_has_a_row` counts the `.error(` call sites in the
//! checker's source, so a new error site without a row here fails the suite.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::{Diagnostic, Severity};
use serde_json::{json, Value};

/// Writes a contracts directory at `root`: the registry plus the given files.
fn write_contracts(root: &Path, registry: &Value, files: &[(&str, &[u8])]) {
    let text = serde_json::to_string_pretty(registry).unwrap();
    write(root, "registry.json", text.as_bytes());
    for (path, bytes) in files {
        write(root, path, bytes);
    }
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn registry(entries: Value) -> Value {
    json!({
        "format": 1,
        "envelope": { "schema": "envelope.json", "schema_version_field": "schema_version" },
        "event_types": entries,
    })
}

fn entry(event_type: &str, version: u64, file: &str) -> Value {
    json!({ "event_type": event_type, "schema_version": version, "payload_schema": file })
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

/// What a row's contracts directory holds.
enum Input {
    /// `p.json`, the payload of `thing.happened` v1, with these bytes.
    Payload(Vec<u8>),
    /// These registry entries, with the test envelope and `p.json`.
    Entries(Value),
    /// This registry, with the test envelope and `p.json`.
    Registry(Value),
    /// Exactly these files.
    Files(&'static [(&'static str, &'static [u8])]),
    /// Made by hand inside the temporary directory (the first path); the
    /// second is a scratch directory beside it. Returns the directory to check.
    Made(fn(&Path, &Path) -> PathBuf),
}

impl Input {
    /// Lays the input out in a fresh temporary directory and returns the
    /// contracts directory to check.
    fn lay_out(&self, tmp: &Path) -> PathBuf {
        let root = tmp.join("contracts");
        let envelope = ("envelope.json", ENVELOPE.as_bytes());
        let payload = ("p.json", PAYLOAD.as_bytes());
        match self {
            Input::Payload(bytes) => {
                let reg = registry(json!([entry("thing.happened", 1, "p.json")]));
                write_contracts(&root, &reg, &[envelope, ("p.json", bytes.as_slice())]);
            }
            Input::Entries(entries) => {
                write_contracts(&root, &registry(entries.clone()), &[envelope, payload]);
            }
            Input::Registry(reg) => write_contracts(&root, reg, &[envelope, payload]),
            Input::Files(files) => {
                std::fs::create_dir_all(&root).unwrap();
                for (path, bytes) in *files {
                    write(&root, path, bytes);
                }
            }
            Input::Made(make) => {
                let scratch = tmp.join("scratch");
                std::fs::create_dir_all(&scratch).unwrap();
                return make(&root, &scratch);
            }
        }
        root
    }
}

/// A valid contracts directory: one event, the test envelope, `p.json`.
fn valid(root: &Path) {
    let reg = registry(json!([entry("thing.happened", 1, "p.json")]));
    write_contracts(
        root,
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", PAYLOAD.as_bytes()),
        ],
    );
}

/// Makes `root/deep/…/<leaf>`, where the leaf's parent path is 4090 bytes
/// long, so the leaf's own path is beyond Linux's PATH_MAX (4096): the one
/// way to make a directory or file that even root cannot open by path. The
/// lower half is built at a short path in `scratch`, then moved in.
fn beyond_path_max(root: &Path, scratch: &Path, leaf: &str, leaf_is_dir: bool) {
    const PARENT_LEN: usize = 4090;
    let mut upper = root.join("deep");
    while upper.as_os_str().len() < 2000 {
        upper.push("d".repeat(100));
    }
    let mut lower = scratch.join("moved");
    let mut len = upper.as_os_str().len() + "/moved".len();
    while PARENT_LEN - len > 150 {
        lower.push("d".repeat(100));
        len += 101;
    }
    lower.push("d".repeat(PARENT_LEN - len - 1));
    std::fs::create_dir_all(&lower).unwrap();
    if leaf_is_dir {
        std::fs::create_dir(lower.join(leaf)).unwrap();
    } else {
        std::fs::write(lower.join(leaf), PAYLOAD).unwrap();
    }
    std::fs::create_dir_all(&upper).unwrap();
    std::fs::rename(scratch.join("moved"), upper.join("moved")).unwrap();
}

/// One error path and the error it must give.
struct Case {
    /// The source file that reports it, and a name for the call site there.
    site: (&'static str, &'static str),
    input: Input,
    /// The file named, relative to the contracts directory; a directory's
    /// own errors name it by its path, matched here by its last components.
    file: &'static str,
    pointer: &'static str,
    /// Words the message must contain. The first is the checker's own
    /// wording, found verbatim in its source.
    says: &'static [&'static str],
}

fn case(
    site: (&'static str, &'static str),
    input: Input,
    file: &'static str,
    pointer: &'static str,
    says: &'static [&'static str],
) -> Case {
    Case {
        site,
        input,
        file,
        pointer,
        says,
    }
}

/// The payload `p.json` with these bytes.
fn payload(bytes: impl AsRef<[u8]>) -> Input {
    Input::Payload(bytes.as_ref().to_vec())
}

/// Schemas nested `levels` deep through `properties`, and the pointer of the innermost.
fn nested(levels: usize) -> (String, String) {
    let open = r#"{ "properties": { "a": "#.repeat(levels);
    let close = " } }".repeat(levels);
    (format!("{open}{{}}{close}"), "/properties/a".repeat(levels))
}

/// A registry whose events travel bare (no envelope schema).
const BARE_REGISTRY: &[u8] =
    br#"{ "format": 1, "event_types": [{ "event_type": "thing.happened", "payload_schema": "p.json" }] }"#;

/// A schema whose JSON nests `levels` deep: the object, then arrays in `examples`.
fn nested_arrays(levels: usize) -> String {
    let inner = levels - 1;
    format!(
        r#"{{ "examples": {}0{} }}"#,
        "[".repeat(inner),
        "]".repeat(inner)
    )
}

/// A payload whose property starts a chain of `n` `$ref`s through `$defs`.
fn ref_chain(n: usize) -> String {
    let defs: Vec<String> = (0..n)
        .map(|i| format!(r##""d{i}": {{ "$ref": "#/$defs/d{}" }}"##, i + 1))
        .collect();
    format!(
        r##"{{ "type": "object", "properties": {{ "a": {{ "$ref": "#/$defs/d0" }} }},
            "$defs": {{ {}, "d{n}": {{ "type": "string" }} }} }}"##,
        defs.join(", ")
    )
}

fn cases() -> Vec<Case> {
    // The nesting limit counts pointer tokens: 33 levels of `properties/a` are 66.
    let (deep, deep_pointer) = nested(33);
    let deep_pointer: &'static str = Box::leak(deep_pointer.into_boxed_str());
    let with_envelope = |envelope: Value| -> Input {
        let mut reg = registry(json!([entry("thing.happened", 1, "p.json")]));
        reg["envelope"] = envelope;
        Input::Registry(reg)
    };
    let with_key = |key: &str, value: Value| -> Input {
        let mut reg = registry(json!([entry("thing.happened", 1, "p.json")]));
        reg[key] = value;
        Input::Registry(reg)
    };
    let without_key = |key: &str| -> Input {
        let mut reg = registry(json!([entry("thing.happened", 1, "p.json")]));
        reg.as_object_mut().unwrap().remove(key);
        Input::Registry(reg)
    };
    vec![
        // load.rs: the contracts directory and its files.
        case(
            ("load.rs", "no directory"),
            Input::Made(|root, _| root.join("missing")),
            "missing",
            "",
            &["does not exist or is not a directory", "--contracts DIR"],
        ),
        case(
            ("load.rs", "empty directory"),
            Input::Made(|root, _| {
                std::fs::create_dir_all(root).unwrap();
                root.to_path_buf()
            }),
            "contracts",
            "",
            &["holds no JSON files", "add a registry.json"],
        ),
        case(
            ("load.rs", "no registry"),
            Input::Files(&[("p.json", br#"{ "type": "object" }"#)]),
            "registry.json",
            "",
            &["add one at the top of the contracts directory", "no registry.json"],
        ),
        case(
            ("load.rs", "unreadable directory"),
            Input::Made(|root, scratch| {
                valid(root);
                beyond_path_max(root, scratch, "unreadable", true);
                root.to_path_buf()
            }),
            "unreadable",
            "",
            &["make it readable, or move it out", "cannot read this directory"],
        ),
        case(
            ("load.rs", "file too large"),
            Input::Made(|root, _| {
                valid(root);
                let big = std::fs::File::create(root.join("big.json")).unwrap();
                // Sparse: the size is what is checked, before any byte is read.
                big.set_len(codegen::load::MAX_FILE_BYTES + 1).unwrap();
                root.to_path_buf()
            }),
            "big.json",
            "",
            &["over the limit of", "16777217 bytes", "16777216 for one contract file: split it"],
        ),
        case(
            ("load.rs", "unreadable file"),
            Input::Made(|root, scratch| {
                valid(root);
                beyond_path_max(root, scratch, "unreadable.json", false);
                root.to_path_buf()
            }),
            "unreadable.json",
            "",
            &["make it readable, or move it out", "cannot read this file"],
        ),
        case(
            ("load.rs", "byte-order mark"),
            payload(b"\xEF\xBB\xBF{}"),
            "p.json",
            "",
            &["save it as UTF-8 without a BOM", "byte-order mark"],
        ),
        case(
            ("load.rs", "not UTF-8"),
            payload(b"{ \"title\": \"caf\xE9\" }"),
            "p.json",
            "",
            &["save it as UTF-8", "not UTF-8", "offset 15"],
        ),
        case(
            ("load.rs", "invalid JSON"),
            payload(r#"{ "type": "object", }"#),
            "p.json",
            "",
            &["JSON allows no comma before", "trailing comma", "line 1 column 21"],
        ),
        case(
            ("load.rs", "invalid JSON"),
            payload(r#"{ "maximum": 1e400 }"#),
            "p.json",
            "",
            &["write a smaller one", "number out of range", "64-bit float"],
        ),
        case(
            ("load.rs", "invalid JSON"),
            payload(nested_arrays(128)),
            "p.json",
            "",
            &["nested 128 levels deep or more is refused", "recursion limit exceeded"],
        ),
        case(
            ("load.rs", "invalid JSON"),
            payload(r#"{ "type": "object" "#),
            "p.json",
            "",
            &["fix the JSON syntax at that line and column", "EOF while parsing"],
        ),
        case(
            ("load.rs", "strict JSON"),
            payload(r#"{ "properties": { "a": { "type": "string", "type": "integer" } } }"#),
            "p.json",
            "/properties/a/type",
            &["JSON parsers disagree on which one wins; keep one", "duplicate key `type`"],
        ),
        case(
            ("load.rs", "strict JSON"),
            Input::Files(&[(
                "registry.json",
                br#"{ "format": 1, "format": 1, "event_types": [] }"#,
            )]),
            "registry.json",
            "/format",
            &["JSON parsers disagree on which one wins; keep one", "duplicate key `format`"],
        ),
        case(
            ("load.rs", "strict JSON"),
            payload(r#"{ "maximum": 18446744073709551616 }"#),
            "p.json",
            "/maximum",
            &["write one within ±(2^53−1)", "18446744073709551616", "beyond the 64-bit range"],
        ),
        case(
            ("load.rs", "strict JSON"),
            payload(r#"{ "allOf": [{ "minimum": -9223372036854775809 }] }"#),
            "p.json",
            "/allOf/0/minimum",
            &["write one within ±(2^53−1)", "-9223372036854775809", "beyond the 64-bit range"],
        ),
        // registry.rs: the registry's shape.
        case(
            ("registry.rs", "not an object"),
            Input::Files(&[("registry.json", b"[]")]),
            "registry.json",
            "",
            &["must be a JSON object with `format` and `event_types`"],
        ),
        case(
            ("registry.rs", "entry"),
            Input::Entries(json!([
                entry("thing.happened", 1, "p.json"),
                { "event_type": "thing.happened", "schema_version": 2, "payload_schema": "p.json", "descripton": "typo" },
            ])),
            "registry.json",
            "/event_types/1/descripton",
            &["remove it or correct its spelling", "unknown field `descripton`"],
        ),
        case(
            ("registry.rs", "entry"),
            Input::Entries(json!([{ "schema_version": 1, "payload_schema": "p.json" }])),
            "registry.json",
            "/event_types/0",
            &["add it", "missing field `event_type`"],
        ),
        case(
            ("registry.rs", "entry"),
            Input::Entries(json!([{ "event_type": "thing.happened", "payload_schema": "p.json", "status": "gone" }])),
            "registry.json",
            "/event_types/0/status",
            &["use one of the listed values", "unknown variant `gone`"],
        ),
        case(
            ("registry.rs", "registry"),
            with_key("extra", json!(true)),
            "registry.json",
            "/extra",
            &["remove it or correct its spelling", "unknown field `extra`"],
        ),
        case(
            ("registry.rs", "registry"),
            without_key("format"),
            "registry.json",
            "",
            &["add it", "missing field `format`"],
        ),
        case(
            ("registry.rs", "registry"),
            with_key("format", json!("1")),
            "registry.json",
            "/format",
            &["write a value of the expected type", "expected u32"],
        ),
        // lower.rs: schemas, keyword by keyword.
        case(
            ("resolve.rs", "$id taken"),
            payload(r#"{ "$id": "https://example.com/p.json", "properties": { "x": { "$id": "https://example.com/p.json" } } }"#),
            "p.json",
            "/properties/x/$id",
            &["give each schema its own $id", "also declared in p.json#"],
        ),
        case(
            ("resolve.rs", "$id not a URI"),
            payload(r#"{ "$id": "http://[oops" }"#),
            "p.json",
            "/$id",
            &["is not a valid URI reference", "or remove it"],
        ),
        case(
            ("lower.rs", "no such file"),
            Input::Entries(json!([entry("thing.happened", 1, "nope.json")])),
            "registry.json",
            "/event_types/0/payload_schema",
            &["write its path relative to the contracts directory, or add the file", "\"nope.json\""],
        ),
        case(
            ("lower.rs", "too deep"),
            payload(deep),
            "p.json",
            deep_pointer,
            &["move inner schemas into $defs and $ref them", "deeper than 64 levels"],
        ),
        case(
            ("lower.rs", "$ref chain too long"),
            payload(ref_chain(200)),
            "p.json",
            "/$defs/d126",
            &["shorten the chain of references", "more than 128 schemas"],
        ),
        case(
            ("model/cycles.rs", "a schema applied to the same value again"),
            payload(
                r##"{ "type": "object", "properties": { "a": { "$ref": "#/$defs/t" } },
                    "$defs": { "t": { "properties": { "b": { "type": "string" } },
                    "allOf": [ { "$ref": "#/$defs/t" } ] } } }"##,
            ),
            "p.json",
            "/$defs/t",
            &["this schema applies itself to the same value", "break the cycle"],
        ),
        case(
            ("model/cycles.rs", "recursion without a named type"),
            payload(
                r##"{ "type": "object", "properties": { "a": { "$ref": "#/$defs/t" } },
                    "$defs": { "t": { "type": "array", "items": { "$ref": "#/$defs/t" } } } }"##,
            ),
            "p.json",
            "/$defs/t",
            &["this schema contains itself through `$ref`s", "recursive schemas must recurse through such a type"],
        ),
        case(
            ("lower.rs", "not a schema"),
            payload(r#"{ "properties": { "a": 5 } }"#),
            "p.json",
            "/properties/a",
            &["a schema must be an object or a boolean", "found a number", "{} to allow any value"],
        ),
        case(
            ("lower.rs", "unsupported keyword"),
            payload(r#"{ "patternProperties": { "^x": {} } }"#),
            "p.json",
            "/patternProperties",
            &["express the rule with supported keywords, or remove it", "`patternProperties` is not supported"],
        ),
        case(
            ("lower.rs", "unknown keyword"),
            payload(r#"{ "type": "string", "minLenght": 3 }"#),
            "p.json",
            "/minLenght",
            &["correct its spelling, or remove it", "unknown keyword `minLenght`", "did you mean `minLength`?"],
        ),
        case(
            ("lower.rs", "annotation not a string"),
            payload(r#"{ "title": 5 }"#),
            "p.json",
            "/title",
            &["must be a string; quote it, or remove it", "`title`"],
        ),
        case(
            ("lower.rs", "annotation not a boolean"),
            payload(r#"{ "deprecated": "yes" }"#),
            "p.json",
            "/deprecated",
            &["must be true or false", "`deprecated`"],
        ),
        case(
            ("lower.rs", "examples"),
            payload(r#"{ "examples": { "n": 1 } }"#),
            "p.json",
            "/examples",
            &["wrap the example in [ ]"],
        ),
        case(
            ("lower.rs", "$defs"),
            payload(r#"{ "$defs": [] }"#),
            "p.json",
            "/$defs",
            &["must be an object that maps names to schemas", "`$defs`"],
        ),
        case(
            ("lower.rs", "$defs"),
            payload(r#"{ "definitions": 5 }"#),
            "p.json",
            "/definitions",
            &["must be an object that maps names to schemas", "`definitions`"],
        ),
        case(
            ("lower.rs", "type twice"),
            payload(r#"{ "type": ["string", "string"] }"#),
            "p.json",
            "/type",
            &["is listed twice in `type`; remove one", "\"string\""],
        ),
        case(
            ("lower.rs", "not a type"),
            payload(r#"{ "type": "text" }"#),
            "p.json",
            "/type",
            &["is not a JSON Schema type: use null, boolean", "\"text\""],
        ),
        case(
            ("lower.rs", "no type"),
            payload(r#"{ "type": [] }"#),
            "p.json",
            "/type",
            &["list at least one, or remove `type` to allow any"],
        ),
        case(
            ("lower.rs", "enum"),
            payload(r#"{ "enum": [] }"#),
            "p.json",
            "/enum",
            &["must be a non-empty array of the allowed values; remove it to allow any value"],
        ),
        case(
            ("lower.rs", "bad pattern"),
            payload(r#"{ "type": "string", "pattern": "([a-z" }"#),
            "p.json",
            "/pattern",
            &["compiles in JavaScript with the `u` flag", "([a-z", "not a valid ECMA-262 regular expression"],
        ),
        case(
            ("lower.rs", "pattern not a string"),
            payload(r#"{ "pattern": 5 }"#),
            "p.json",
            "/pattern",
            &["must be a string holding a regular expression"],
        ),
        case(
            ("lower.rs", "format not a string"),
            payload(r#"{ "format": 5 }"#),
            "p.json",
            "/format",
            &["must be a string such as", "date-time"],
        ),
        case(
            ("lower.rs", "multipleOf"),
            payload(r#"{ "multipleOf": 0 }"#),
            "p.json",
            "/multipleOf",
            &["must be greater than 0, such as 1 or 0.01"],
        ),
        case(
            ("lower.rs", "uniqueItems"),
            payload(r#"{ "uniqueItems": 1 }"#),
            "p.json",
            "/uniqueItems",
            &["must be true or false", "`uniqueItems`"],
        ),
        case(
            ("lower.rs", "required twice"),
            payload(r#"{ "properties": { "a": {} }, "required": ["a", "a"] }"#),
            "p.json",
            "/required",
            &["is listed twice in `required`; remove one", "\"a\""],
        ),
        case(
            ("lower.rs", "required not names"),
            payload(r#"{ "required": [1] }"#),
            "p.json",
            "/required",
            &["must be an array of property names"],
        ),
        case(
            ("lower.rs", "properties"),
            payload(r#"{ "properties": [] }"#),
            "p.json",
            "/properties",
            &["must be an object that maps property names to schemas"],
        ),
        case(
            ("lower.rs", "tuple items"),
            payload(r#"{ "items": [{}] }"#),
            "p.json",
            "/items",
            &["use one schema for every item", "draft-04 tuples"],
        ),
        case(
            ("lower.rs", "empty combinator"),
            payload(r#"{ "anyOf": [] }"#),
            "p.json",
            "/anyOf",
            &["must be a non-empty array of schemas; remove it if it has none", "`anyOf`"],
        ),
        case(
            ("lower.rs", "$ref not a string"),
            payload(r#"{ "$ref": 5 }"#),
            "p.json",
            "/$ref",
            &["must be a string such as"],
        ),
        case(
            ("lower.rs", "$ref"),
            payload(r#"{ "$ref": "http://[oops" }"#),
            "p.json",
            "/$ref",
            &["write a relative path or URI", "is not a valid URI reference"],
        ),
        case(
            ("lower.rs", "$ref"),
            payload(r#"{ "properties": { "m": { "$ref": "common.json#/$defs/money" } } }"#),
            "p.json",
            "/properties/m/$ref",
            &["correct the path (relative to this file) or add the file", "file:///common.json"],
        ),
        case(
            ("lower.rs", "$ref"),
            payload(r##"{ "$ref": "#money" }"##),
            "p.json",
            "/$ref",
            &["use a JSON pointer such as #/$defs/name", "plain-name fragment"],
        ),
        case(
            ("lower.rs", "$ref"),
            payload(r##"{ "properties": { "m": { "$ref": "#/$defs/nope" } } }"##),
            "p.json",
            "/properties/m/$ref",
            &["point it at an existing schema", "p.json#/$defs/nope does not exist"],
        ),
        case(
            ("lower.rs", "count"),
            payload(r#"{ "minLength": -1 }"#),
            "p.json",
            "/minLength",
            &["must be a non-negative integer, such as 0 or 10", "`minLength`"],
        ),
        case(
            ("lower.rs", "draft-04 bound"),
            payload(r#"{ "minimum": 0, "exclusiveMinimum": true }"#),
            "p.json",
            "/exclusiveMinimum",
            &["write the bound itself", "draft-04's boolean form is not supported"],
        ),
        case(
            ("lower.rs", "not a number"),
            payload(r#"{ "maximum": "5" }"#),
            "p.json",
            "/maximum",
            &["must be a number; remove the quotes if it is one", "`maximum`"],
        ),
        case(
            ("lower.rs", "required but closed"),
            payload(r#"{ "type": "object", "required": ["a"], "additionalProperties": false }"#),
            "p.json",
            "/required",
            &["declare it, or drop it from `required`", "\"a\" is required"],
        ),
        case(
            ("lower.rs", "minLength > maxLength"),
            payload(r#"{ "properties": { "s": { "minLength": 5, "maxLength": 2 } } }"#),
            "p.json",
            "/properties/s/minLength",
            &["so no string can be valid: lower one or raise the other", "minLength 5", "maxLength 2"],
        ),
        case(
            ("lower.rs", "minItems > maxItems"),
            payload(r#"{ "minItems": 3, "maxItems": 1 }"#),
            "p.json",
            "/minItems",
            &["so no array can be valid: lower one or raise the other", "minItems 3", "maxItems 1"],
        ),
        // model.rs: the registry's meaning, the envelope, type names.
        case(
            ("model/mod.rs", "format"),
            with_key("format", json!(2)),
            "registry.json",
            "/format",
            &["only 1 exists; write", "registry format 2"],
        ),
        case(
            ("model/mod.rs", "retired with a schema"),
            Input::Entries(json!([
                { "event_type": "thing.happened", "status": "retired", "payload_schema": "p.json" },
            ])),
            "registry.json",
            "/event_types/0/payload_schema",
            &["remove payload_schema, or set status to deprecated"],
        ),
        case(
            ("model/mod.rs", "no schema"),
            Input::Entries(json!([{ "event_type": "thing.happened" }])),
            "registry.json",
            "/event_types/0",
            &["add the path of its schema, or set status to retired"],
        ),
        case(
            ("model/registry_rules.rs", "package name"),
            with_key("package", json!({ "name": "Event Contracts" })),
            "registry.json",
            "/package/name",
            &["rename it, such as event-contracts", "\"Event Contracts\""],
        ),
        case(
            ("model/registry_rules.rs", "standard keyword listed as an annotation"),
            with_key("annotation_keywords", json!(["x-owner", "patternProperties"])),
            "registry.json",
            "/annotation_keywords/1",
            &[
                "remove it from annotation_keywords",
                "`patternProperties` is a JSON Schema keyword",
            ],
        ),
        case(
            ("model/registry_rules.rs", "package version"),
            with_key("package", json!({ "version": "1.0" })),
            "registry.json",
            "/package/version",
            &["write MAJOR.MINOR.PATCH, such as 0.1.0", "\"1.0\""],
        ),
        case(
            ("model/registry_rules.rs", "empty field name"),
            with_envelope(json!({ "schema": "envelope.json", "schema_version_field": "" })),
            "registry.json",
            "/envelope/schema_version_field",
            &["write the field's wire name, or remove the key to use the default"],
        ),
        case(
            ("model/registry_rules.rs", "same field name"),
            with_envelope(json!({ "schema": "envelope.json", "schema_version_field": "payload" })),
            "registry.json",
            "/envelope/payload_field",
            &["each envelope field needs its own name", "schema_version_field and payload_field"],
        ),
        case(
            ("model/registry_rules.rs", "same type name"),
            Input::Entries(json!([
                entry("thing.happened", 1, "p.json"),
                entry("thing_happened", 1, "p.json"),
            ])),
            "registry.json",
            "/event_types/1/event_type",
            &["rename one of the event types", "would both be named `ThingHappenedV1`"],
        ),
        case(
            ("model/registry_rules.rs", "same variant"),
            Input::Entries(json!([
                entry("thing.happened", 1, "p.json"),
                entry("thing_happened", 2, "p.json"),
            ])),
            "registry.json",
            "/event_types/1/event_type",
            &["in the generated code: rename one of them", "`EventType::ThingHappened`"],
        ),
        case(
            ("model/registry_rules.rs", "event type name"),
            Input::Entries(json!([entry("Thing.Happened", 1, "p.json")])),
            "registry.json",
            "/event_types/0/event_type",
            &["rename it, such as order.placed", "\"Thing.Happened\""],
        ),
        case(
            ("model/registry_rules.rs", "version 0"),
            Input::Entries(json!([entry("thing.happened", 0, "p.json")])),
            "registry.json",
            "/event_types/0/schema_version",
            &["versions start at 1", "positive integer"],
        ),
        case(
            ("model/registry_rules.rs", "version twice"),
            Input::Entries(json!([
                entry("thing.happened", 1, "p.json"),
                entry("thing.happened", 1, "p.json"),
            ])),
            "registry.json",
            "/event_types/1",
            &["remove one, or give it the next version number", "registered twice"],
        ),
        case(
            ("model/registry_rules.rs", "versions without a version field"),
            Input::Registry(json!({
                "format": 1,
                "envelope": { "schema": "envelope.json" },
                "event_types": [entry("thing.happened", 1, "p.json"), entry("thing.happened", 2, "p.json")],
            })),
            "registry.json",
            "/event_types/1",
            &["keep one entry, or set envelope.schema_version_field", "appears 2 times"],
        ),
        case(
            ("model/registry_rules.rs", "version gap"),
            Input::Entries(json!([
                entry("thing.happened", 1, "p.json"),
                entry("thing.happened", 3, "p.json"),
            ])),
            "registry.json",
            "/event_types/1/schema_version",
            &["register it (as retired if it is gone) or renumber", "version 2 is missing"],
        ),
        case(
            ("model/judge.rs", "bare event type undeclared"),
            Input::Files(&[
                ("registry.json", BARE_REGISTRY),
                ("p.json", br#"{ "type": "object", "properties": { "n": {} }, "additionalProperties": false }"#),
            ]),
            "p.json",
            "/properties",
            &["this closed object does not declare it: add it to `properties`", "\"event_type\""],
        ),
        case(
            ("model/names.rs", "type name taken"),
            payload(
                r#"{ "type": "object", "properties": {
                    "a": { "title": "Same", "type": "object", "properties": { "x": { "type": "string" } } },
                    "b": { "title": "Same", "type": "object", "properties": { "y": { "type": "string" } } } } }"#,
            ),
            "p.json",
            "/properties/b",
            &["give one of them another `title` or $defs key", "type name `Same`", "already taken by p.json#/properties/a"],
        ),
    ]
}

impl Case {
    fn name(&self) -> String {
        format!("{} ({})", self.site.0, self.site.1)
    }

    fn matches(&self, d: &Diagnostic) -> bool {
        let file = d.file == self.file || d.file.ends_with(&format!("/{}", self.file));
        file && d.pointer == self.pointer && self.says.iter().all(|w| d.message.contains(w))
    }
}

fn errors(dir: &Path) -> Option<Vec<Diagnostic>> {
    let diags = codegen::check(dir).err()?;
    Some(
        diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    )
}

#[test]
fn every_error_names_its_file_pointer_and_fix() {
    let mut failures = Vec::new();
    for case in cases() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = case.input.lay_out(tmp.path());
        let Some(errs) = errors(&dir) else {
            failures.push(format!("{}: the contracts were accepted", case.name()));
            continue;
        };
        if !errs.iter().any(|d| case.matches(d)) {
            let got: String = errs.iter().map(|d| format!("\n    {d}")).collect();
            failures.push(format!(
                "{}: no error at {}#{} saying {:?}; got:{got}",
                case.name(),
                case.file,
                case.pointer,
                case.says
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The checker's source files that report errors, as compiled.
const SITES: [(&str, &str); 9] = [
    ("load.rs", include_str!("../src/load.rs")),
    ("registry.rs", include_str!("../src/registry.rs")),
    ("resolve.rs", include_str!("../src/resolve.rs")),
    ("lower.rs", include_str!("../src/lower.rs")),
    ("model/mod.rs", include_str!("../src/model/mod.rs")),
    (
        "model/registry_rules.rs",
        include_str!("../src/model/registry_rules.rs"),
    ),
    ("model/cycles.rs", include_str!("../src/model/cycles.rs")),
    ("model/judge.rs", include_str!("../src/model/judge.rs")),
    ("model/names.rs", include_str!("../src/model/names.rs")),
];

/// Where messages are worded: the error sites and the strict JSON reader.
fn wording() -> Vec<&'static str> {
    let mut texts: Vec<&str> = SITES.iter().map(|(_, text)| *text).collect();
    texts.push(include_str!("../src/strict_json.rs"));
    texts
}

/// Error sites that pass on a message worded in another module (the strict
/// JSON reader's, serde's for the registry), by a fragment of their call:
/// their rows quote those words instead.
const WORDED_ELSEWHERE: [(&str, &str); 3] = [
    ("load.rs", "message.as_str()"),
    ("registry.rs", "Err((ptr, msg))"),
    ("lower.rs", "self.resolver.locate("),
];

#[test]
fn every_error_site_has_a_row() {
    let cases = cases();
    let mut rows: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for case in &cases {
        assert!(
            SITES.iter().any(|(file, _)| *file == case.site.0),
            "{}: not a file that reports errors",
            case.name()
        );
        rows.entry(case.site.0).or_default().insert(case.site.1);
        // The first words are the checker's own, so a reworded message
        // needs its row updated, not only a serde or OS message that matches.
        assert!(
            wording().iter().any(|text| text.contains(case.says[0])),
            "{}: {:?} is not in the checker's source",
            case.name(),
            case.says[0]
        );
    }
    let mut unquoted = Vec::new();
    for (file, text) in SITES {
        let sites = text.matches(".error(").count();
        let covered = rows.get(file).map_or(0, |r| r.len());
        assert_eq!(
            covered, sites,
            "{file} has {sites} `.error(` call sites and the table names {covered}: \
             add a row for each new error site, or remove the rows of sites that are gone"
        );
        // Which site each row covers: a site's message is worded between the
        // call before it and the end of its own call, and some row of this
        // file must quote it there.
        let starts: Vec<usize> = text.match_indices(".error(").map(|(i, _)| i).collect();
        for (k, &at) in starts.iter().enumerate() {
            let from = if k == 0 { 0 } else { starts[k - 1] };
            let to = at + call_length(&text[at..]);
            let window = &text[from..to];
            let worded_elsewhere = WORDED_ELSEWHERE
                .iter()
                .any(|(f, fragment)| *f == file && window.contains(fragment));
            let quoted = worded_elsewhere
                || cases
                    .iter()
                    .filter(|c| c.site.0 == file)
                    .any(|c| c.says.iter().any(|w| window.contains(w)));
            if !quoted {
                let line = text[..at].lines().count();
                unquoted.push(format!("{file}:{line}"));
            }
        }
    }
    assert!(
        unquoted.is_empty(),
        "no row quotes the message of these `.error(` sites: add one for each\n{}",
        unquoted.join("\n")
    );
}

/// The length of `.error(…)` at the start of `code`: to its closing
/// parenthesis, skipping string literals (messages hold `;` and `)`).
fn call_length(code: &str) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// The limits README documents hold at their figures: one level less is accepted.
#[test]
fn limits_accept_what_is_just_inside_them() {
    for (what, schema) in [
        ("JSON nested 127 levels", nested_arrays(127)),
        ("schemas nested 32 levels", nested(32).0),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = payload(schema).lay_out(tmp.path());
        if let Err(diags) = codegen::check(&dir) {
            panic!("{what}: {:?}", diags.sorted());
        }
    }
}

#[test]
fn accepts_a_minimal_contract() {
    let tmp = tempfile::tempdir().unwrap();
    valid(tmp.path());
    let (model, _) = codegen::check(tmp.path()).expect("valid contracts");
    assert_eq!(model.events[0].type_name, "ThingHappenedV1");
}

/// SPEC: `x-` keywords and the registry's `annotation_keywords` are
/// annotations; an unlisted non-standard keyword stays an error.
#[test]
fn extension_keywords_are_annotations() {
    let payload = r#"{ "type": "object", "x-owner": "billing", "tsAdditionalProperties": false,
        "properties": { "a": { "type": "string", "x-go-name": "A" } } }"#;
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = registry(json!([entry("thing.happened", 1, "p.json")]));
    write_contracts(
        tmp.path(),
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", payload.as_bytes()),
        ],
    );
    let refused = errors(tmp.path()).expect("an unlisted keyword is an error");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].pointer, "/tsAdditionalProperties");
    reg["annotation_keywords"] = json!(["tsAdditionalProperties"]);
    std::fs::write(
        tmp.path().join("registry.json"),
        serde_json::to_vec(&reg).unwrap(),
    )
    .unwrap();
    codegen::check(tmp.path()).expect("listed and x- keywords are annotations");
}

/// SPEC: a derived name never makes an error; it yields to a written one.
#[test]
fn derived_names_yield_to_written_ones() {
    let payload = r#"{ "type": "object", "properties": {
        "inner": { "type": "object", "properties": { "v": { "type": "string" } } },
        "other": { "title": "Thing happened v1 inner", "type": "object", "properties": { "w": { "type": "string" } } },
        "again": { "allOf": [ { "properties": { "x": { "type": "object", "properties": { "a": { "type": "string" } } } } },
                              { "properties": { "x": { "type": "object", "properties": { "b": { "type": "string" } } } } } ] } } }"#;
    let tmp = tempfile::tempdir().unwrap();
    let reg = registry(json!([entry("thing.happened", 1, "p.json")]));
    write_contracts(
        tmp.path(),
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", payload.as_bytes()),
        ],
    );
    let (model, _) = codegen::check(tmp.path()).expect("derived names never collide");
    let mut names: Vec<&str> = model.names.values().map(String::as_str).collect();
    names.sort();
    for expected in [
        "ThingHappenedV1Inner",
        "ThingHappenedV1Inner2",
        "ThingHappenedV1AgainX",
        "ThingHappenedV1AgainX2",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
}

#[test]
fn written_names_the_generated_api_uses_are_escaped() {
    let payload = r#"{ "type": "object", "properties": {
        "a": { "title": "Envelope", "type": "object", "properties": { "v": { "type": "string" } } },
        "b": { "title": "AnyEvent", "type": "object", "properties": { "w": { "type": "string" } } } } }"#;
    let tmp = tempfile::tempdir().unwrap();
    let reg = registry(json!([entry("thing.happened", 1, "p.json")]));
    write_contracts(
        tmp.path(),
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", payload.as_bytes()),
        ],
    );
    let (model, _) = codegen::check(tmp.path()).expect("an API name in a title is escaped");
    let names: Vec<&str> = model.names.values().map(String::as_str).collect();
    for expected in ["Envelope", "Envelope_", "AnyEvent_"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(!names.contains(&"AnyEvent"), "{names:?}");
}

#[test]
fn cross_file_refs_resolve_by_path_and_by_id() {
    let common = r#"{ "$id": "https://example.com/common.json", "$defs": { "money": { "type": "integer" } } }"#;
    let payload = r#"{ "$id": "https://example.com/p.json", "type": "object", "properties": {
        "a": { "$ref": "common.json#/$defs/money" },
        "b": { "$ref": "https://example.com/common.json#/$defs/money" } } }"#;
    let tmp = tempfile::tempdir().unwrap();
    let reg = registry(json!([entry("thing.happened", 1, "p.json")]));
    write_contracts(
        tmp.path(),
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", payload.as_bytes()),
            ("common.json", common.as_bytes()),
        ],
    );
    codegen::check(tmp.path()).expect("both refs resolve");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut reg = registry(json!([
        { "event_type": "thing.happened", "payload_schema": "p.json", "descripton": "typo" },
        { "event_type": "thing.vanished", "payload_schema": "p.json", "producr": "typo" },
    ]));
    reg["extra"] = json!(true);
    let tmp = tempfile::tempdir().unwrap();
    write_contracts(
        tmp.path(),
        &reg,
        &[
            ("envelope.json", ENVELOPE.as_bytes()),
            ("p.json", PAYLOAD.as_bytes()),
        ],
    );
    let errs = errors(tmp.path()).expect("rejected");
    let at: Vec<&str> = errs.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "/event_types/0/descripton",
            "/event_types/1/producr",
            "/extra"
        ],
        "{errs:?}"
    );
}
