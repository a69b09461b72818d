//! Writes the documents `cargo xtask bench` times the validators on, with the
//! reference validator's verdict on each, and the schemas the generic
//! validators of every runtime are built from:
//!
//! - `DIR/documents.jsonl`: one line per message, `{"kind", "valid",
//!   "message"}`; `message` is the JSON text as a consumer receives it,
//!   `valid` the verdict of `tests::Reference` (the `jsonschema` crate with
//!   SPEC's decisions), `kind` what the document is: `valid`, or the one
//!   mistake it was given;
//! - `DIR/schemas.json`: the judge schema of every live event (the one the
//!   reference validator is built from), every contract file by the URIs a
//!   `$ref` names it by, the envelope's field names and the formats SPEC leaves
//!   as annotations.
//!
//! The mix is realistic rather than adversarial: documents drawn from the
//! schemas for every event type and version (seeded, so the same on every
//! run; those the reference rejects are left out), of which one in eight is given one mistake of the kinds consumers
//! meet. A mistake is kept only when the reference rejects the result, so
//! every invalid document is invalid for the reason its kind says.
//!
//! Usage: `cargo run -p tests --bin bench_documents -- DIR`

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};
use tests::{generated_documents, repo_root, Reference, ANNOTATION_FORMATS};

/// Documents drawn per event type and version.
const PER_EVENT: usize = 40;
/// One document in `MISTAKE_EVERY` is given a mistake.
const MISTAKE_EVERY: usize = 8;
const SEED: u64 = 20_261_202;

/// The mistakes, in the order they are dealt out.
const KINDS: &[&str] = &[
    "wrong-type",
    "missing-property",
    "bad-string",
    "unknown-event-type",
    "extra-property",
];

fn main() {
    let out: PathBuf = std::env::args()
        .nth(1)
        .expect("usage: bench_documents DIR")
        .into();
    std::fs::create_dir_all(&out).expect("output directory");
    let r = Reference::load(&repo_root().join("schemas"));
    let envelope = &r.registry["envelope"];
    let type_field = envelope["event_type_field"]
        .as_str()
        .unwrap_or("event_type");
    // Bare events (no envelope schema) carry the payload as the event itself.
    let payload_pointer = match envelope.get("schema") {
        Some(_) => format!(
            "/{}",
            envelope["payload_field"].as_str().unwrap_or("payload")
        ),
        None => String::new(),
    };

    let mut file = std::io::BufWriter::new(
        std::fs::File::create(out.join("documents.jsonl")).expect("documents file"),
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    // The generator aims at the edges of what a schema allows (leap seconds,
    // long strings) and sometimes steps over; only what the reference
    // accepts starts out as a valid document.
    let drawn = generated_documents(&r.dir, SEED, PER_EVENT);
    for (i, doc) in drawn.into_iter().filter(|d| r.accepts(d)).enumerate() {
        let (kind, doc) = if i % MISTAKE_EVERY == MISTAKE_EVERY - 1 {
            let kind = KINDS[(i / MISTAKE_EVERY) % KINDS.len()];
            match mistake(&r, &doc, kind, type_field, &payload_pointer, i) {
                Some(bad) => (kind, bad),
                None => ("valid", doc),
            }
        } else {
            ("valid", doc)
        };
        let valid = r.accepts(&doc);
        assert!(
            valid == (kind == "valid"),
            "the reference calls a {kind} document {}: {doc}",
            if valid { "valid" } else { "invalid" }
        );
        *counts.entry(kind).or_default() += 1;
        let line = json!({ "kind": kind, "valid": valid, "message": doc.to_string() });
        writeln!(file, "{line}").expect("write documents");
    }
    file.flush().expect("write documents");

    let events: Vec<Value> = r
        .events
        .iter()
        .filter_map(|e| {
            Some(json!({
                "event_type": e.event_type,
                "schema_version": e.version,
                "judge": e.judge.as_ref()?,
            }))
        })
        .collect();
    // The schema files (the registry is not one; ajv would refuse it).
    let resources: BTreeMap<&String, &Value> = r
        .resources
        .iter()
        .filter(|(uri, _)| uri.as_str() != "file:///registry.json")
        .collect();
    let schemas = json!({
        "event_type_field": type_field,
        "schema_version_field": envelope.get("schema_version_field"),
        "annotation_formats": ANNOTATION_FORMATS,
        "events": events,
        "resources": resources,
    });
    std::fs::write(
        out.join("schemas.json"),
        serde_json::to_string(&schemas).expect("schemas serialize"),
    )
    .expect("write schemas");

    let total: usize = counts.values().sum();
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "{total} documents in {}: {}",
        out.join("documents.jsonl").display(),
        summary.join(", ")
    );
}

/// `doc` with one mistake of `kind` that the reference rejects, or `None`
/// when the document has no place for it. Where several places would do,
/// `salt` picks one, so mistakes spread over the fields.
fn mistake(
    r: &Reference,
    doc: &Value,
    kind: &str,
    type_field: &str,
    payload_pointer: &str,
    salt: usize,
) -> Option<Value> {
    if kind == "unknown-event-type" {
        let mut bad = doc.clone();
        bad[type_field] = json!("unknown.event_happened");
        return Some(bad);
    }
    let payload = doc.pointer(payload_pointer)?;
    let mut candidates = Vec::new();
    let mut leaves = Vec::new();
    collect_values(payload, payload_pointer.to_owned(), &mut leaves);
    for (pointer, value) in &leaves {
        let mut bad = doc.clone();
        let changed = match kind {
            "wrong-type" => {
                let other = match value {
                    Value::String(_) => json!(42),
                    Value::Number(_) => json!("42"),
                    Value::Bool(_) => json!("true"),
                    Value::Array(_) => json!({}),
                    Value::Object(_) => json!([]),
                    Value::Null => json!(0),
                };
                bad.pointer_mut(pointer).map(|slot| *slot = other)
            }
            // An enum, pattern or format miss: "x" is none of them.
            "bad-string" if value.is_string() => {
                bad.pointer_mut(pointer).map(|slot| *slot = json!("x"))
            }
            "missing-property" => {
                let (parent, key) = pointer.rsplit_once('/')?;
                match bad.pointer_mut(parent) {
                    Some(Value::Object(map)) => map.shift_remove(&unescape(key)).map(|_| ()),
                    _ => None,
                }
            }
            "extra-property" if value.is_object() => bad
                .pointer_mut(pointer)
                .and_then(Value::as_object_mut)
                .map(|map| {
                    map.insert("unexpected_property".into(), json!("surprise"));
                }),
            _ => None,
        };
        if changed.is_some() && !r.accepts(&bad) {
            candidates.push(bad);
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let pick = salt % candidates.len();
    Some(candidates.swap_remove(pick))
}

/// Every value below `v` (itself included), with its JSON pointer.
fn collect_values<'a>(v: &'a Value, here: String, out: &mut Vec<(String, &'a Value)>) {
    out.push((here.clone(), v));
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                collect_values(child, format!("{here}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_values(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
