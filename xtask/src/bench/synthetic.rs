//! A synthetic contracts directory of any size, the same bytes for the same
//! seed: the benchmark's input.
//!
//! Each payload schema is shaped like the ones in `schemas/` (about 200 lines
//! pretty-printed, one enum value a line): patterned ids, date-times (one nullable), enums, a nested
//! object, an array of objects, local `$defs`, a `oneOf` of shapes told apart
//! by a `const`, and `$ref`s across files to a shared defs file. The property
//! names `status` and `reason` recur in every payload and in its nested
//! objects, each time with its own enum, so type naming has real work to do.
//! Every tenth entry is version 2 of the entry before it (whose version 1 is
//! then deprecated), so registries with several versions are exercised too.

use std::path::Path;

use serde_json::{json, Map, Value};

/// Aggregates, the first segment of an event type.
const NOUNS: &[&str] = &[
    "order",
    "invoice",
    "shipment",
    "account",
    "lesson",
    "booking",
    "ticket",
    "refund",
    "payment",
    "subscription",
    "lead",
    "coupon",
    "cart",
    "review",
    "message",
    "device",
    "session",
    "policy",
    "claim",
    "report",
    "course",
    "voucher",
    "parcel",
    "tenant",
    "listing",
    "quote",
    "contract",
    "survey",
    "badge",
    "wallet",
];

/// Past-tense verbs, the last segment of an event type.
const VERBS: &[&str] = &[
    "created",
    "updated",
    "approved",
    "rejected",
    "cancelled",
    "closed",
    "reopened",
    "archived",
    "expired",
    "assigned",
];

const STATUSES: &[&str] = &[
    "pending",
    "active",
    "paused",
    "suspended",
    "closed",
    "archived",
    "draft",
    "published",
    "failed",
    "succeeded",
    "queued",
    "running",
    "on_hold",
    "escalated",
    "resolved",
];

const REASONS: &[&str] = &[
    "customer_request",
    "fraud_suspected",
    "duplicate",
    "expired",
    "policy_violation",
    "out_of_stock",
    "payment_failed",
    "operator_override",
    "system_timeout",
    "address_invalid",
    "no_show",
    "late_cancel",
];

const CHANNELS: &[&str] = &["web", "mobile", "api", "phone", "email", "in_person"];

/// The pattern of an id with a three-letter prefix and a UUID v7, as in `schemas/`.
fn id_pattern(prefix: &str) -> String {
    format!(
        "^{prefix}_[0-9a-f]{{8}}-[0-9a-f]{{4}}-7[0-9a-f]{{3}}-[89ab][0-9a-f]{{3}}-[0-9a-f]{{12}}$"
    )
}

fn id_example(prefix: &str) -> String {
    format!("{prefix}_019e1d21-ef4d-7408-8108-8a1b2a11eb5a")
}

/// One registry entry of the corpus.
struct Entry {
    event_type: String,
    version: u32,
    deprecated: bool,
    /// The directory of its domain, below the contracts directory.
    domain: String,
    noun: &'static str,
    verb: &'static str,
}

/// The entries of a corpus of `size` payload schemas.
fn entries(size: usize) -> Vec<Entry> {
    let mut list: Vec<Entry> = Vec::with_capacity(size);
    let mut fresh = 0;
    while list.len() < size {
        if list.len() % 10 == 9 {
            // A second version of the previous event type, which it deprecates.
            let prev = list.last_mut().expect("index 9 has a predecessor");
            prev.deprecated = true;
            let next = Entry {
                event_type: prev.event_type.clone(),
                version: 2,
                deprecated: false,
                domain: prev.domain.clone(),
                noun: prev.noun,
                verb: prev.verb,
            };
            list.push(next);
            continue;
        }
        let verb = VERBS[fresh % VERBS.len()];
        let aggregate = fresh / VERBS.len();
        let noun = NOUNS[aggregate % NOUNS.len()];
        // `order`, then `order_1`, `order_2`…: unique event types at any size.
        let domain = match aggregate / NOUNS.len() {
            0 => noun.to_owned(),
            n => format!("{noun}_{n}"),
        };
        list.push(Entry {
            event_type: format!("{domain}.{verb}"),
            version: 1,
            deprecated: false,
            domain,
            noun,
            verb,
        });
        fresh += 1;
    }
    list
}

/// Picks `min..=max` distinct words, kept in their list's order so the
/// enum reads naturally.
fn pick_words(rng: &mut fastrand::Rng, words: &[&str], min: usize, max: usize) -> Vec<Value> {
    let count = rng.usize(min..=max).min(words.len());
    let mut chosen: Vec<usize> = (0..words.len()).collect();
    rng.shuffle(&mut chosen);
    chosen.truncate(count);
    chosen.sort_unstable();
    chosen.into_iter().map(|i| json!(words[i])).collect()
}

fn first(words: &[Value]) -> Value {
    words.first().cloned().unwrap_or(Value::Null)
}

/// The payload schema of one entry.
fn payload_schema(e: &Entry, rng: &mut fastrand::Rng) -> Value {
    let prefix = &e.noun[..3];
    let id_field = format!("{}_id", e.noun);
    let at_field = format!("{}_at", e.verb);
    let common = "../../../common/schema/defs-v1.json#/$defs";
    let status = pick_words(rng, STATUSES, 3, 5);
    let reason = pick_words(rng, REASONS, 2, 4);
    let line_status = pick_words(rng, STATUSES, 2, 3);
    let context_reason = pick_words(rng, REASONS, 2, 3);
    let channels = pick_words(rng, CHANNELS, 2, 4);
    let max_lines = rng.u32(10..=200);
    let with_outcome = e.version == 2 || rng.u8(..3) == 0;

    let mut properties = Map::new();
    properties.insert(
        id_field.clone(),
        json!({
            "type": "string",
            "description": format!("The {} this event is about. {prefix}_<UUID v7>.", e.noun),
            "pattern": id_pattern(prefix),
        }),
    );
    properties.insert(
        "person_id".into(),
        json!({ "$ref": format!("{common}/person_id") }),
    );
    properties.insert(
        "status".into(),
        json!({
            "type": "string",
            "description": format!("Status of the {} after this event.", e.noun),
            "enum": status,
        }),
    );
    properties.insert(
        "reason".into(),
        json!({
            "type": "string",
            "description": "Why it happened, when a reason was given.",
            "enum": reason,
        }),
    );
    properties.insert("total".into(), json!({ "$ref": format!("{common}/money") }));
    properties.insert(
        "lines".into(),
        json!({
            "type": "array",
            "description": "The lines concerned, in the order they were entered.",
            "minItems": 1,
            "maxItems": max_lines,
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["sku", "quantity", "unit_price"],
                "properties": {
                    "sku": {
                        "type": "string",
                        "pattern": "^[A-Z]{3}-[0-9]{4,8}$"
                    },
                    "quantity": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 10000
                    },
                    "unit_price": { "$ref": format!("{common}/money") },
                    "status": {
                        "type": "string",
                        "enum": line_status
                    }
                }
            }
        }),
    );
    properties.insert(
        "context".into(),
        json!({
            "type": "object",
            "description": "Where the event came from.",
            "additionalProperties": false,
            "required": ["channel", "requested_by"],
            "properties": {
                "channel": {
                    "type": "string",
                    "description": "The channel the request came through.",
                    "enum": channels
                },
                "reason": {
                    "type": "string",
                    "description": "Why the requester asked.",
                    "enum": context_reason
                },
                "requested_by": { "$ref": "#/$defs/actor" },
                "tags": {
                    "type": "array",
                    "uniqueItems": true,
                    "maxItems": 10,
                    "items": { "type": "string", "pattern": "^[a-z][a-z0-9-]*$" }
                }
            }
        }),
    );
    if with_outcome {
        properties.insert(
            "outcome".into(),
            json!({
                "description": "How it ended: accepted, or refused with a code.",
                "oneOf": [ { "$ref": "#/$defs/accepted" }, { "$ref": "#/$defs/refused" } ]
            }),
        );
    }
    properties.insert(
        "review_at".into(),
        json!({
            "type": ["string", "null"],
            "format": "date-time",
            "description": "When it will be reviewed, or null when it will not be."
        }),
    );
    properties.insert(
        at_field.clone(),
        json!({
            "type": "string",
            "format": "date-time",
            "description": "Wall-clock UTC timestamp at which it happened. Producer's clock."
        }),
    );

    let mut defs = Map::new();
    defs.insert(
        "actor".into(),
        json!({
            "type": "object",
            "description": "Who asked for it.",
            "additionalProperties": false,
            "required": ["kind", "id"],
            "properties": {
                "kind": { "type": "string", "enum": ["system", "user", "operator"] },
                "id": { "type": "string", "pattern": "^[A-Za-z0-9_.@-]+$", "maxLength": 128 }
            }
        }),
    );
    if with_outcome {
        defs.insert(
            "accepted".into(),
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["kind"],
                "properties": {
                    "kind": { "type": "string", "const": "accepted" },
                    "score": { "type": "number", "minimum": 0, "maximum": 100 }
                }
            }),
        );
        defs.insert(
            "refused".into(),
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["kind", "code"],
                "properties": {
                    "kind": { "type": "string", "const": "refused" },
                    "code": { "type": "string", "minLength": 1, "maxLength": 64 }
                }
            }),
        );
    }

    let mut example = Map::new();
    example.insert(id_field.clone(), json!(id_example(prefix)));
    example.insert("person_id".into(), json!(id_example("per")));
    example.insert("status".into(), first(&status));
    example.insert("reason".into(), first(&reason));
    example.insert(
        "total".into(),
        json!({ "amount_cents": 28800, "currency": "USD" }),
    );
    example.insert(
        "lines".into(),
        json!([{
            "sku": "ABC-1234",
            "quantity": 2,
            "unit_price": { "amount_cents": 14400, "currency": "USD" },
            "status": first(&line_status)
        }]),
    );
    example.insert(
        "context".into(),
        json!({
            "channel": first(&channels),
            "requested_by": { "kind": "user", "id": "usr_42" }
        }),
    );
    if with_outcome {
        example.insert(
            "outcome".into(),
            json!({ "kind": "accepted", "score": 97.5 }),
        );
    }
    example.insert("review_at".into(), Value::Null);
    example.insert(at_field.clone(), json!("2026-05-12T13:59:02.310Z"));

    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://contracts.example/{}/schema/payloads/{}-v{}.json", e.domain, e.event_type, e.version),
        "title": format!("{} payload v{}", e.event_type, e.version),
        "description": format!("Payload of {} v{}: a synthetic schema of the benchmark corpus.", e.event_type, e.version),
        "type": "object",
        "additionalProperties": false,
        "required": [id_field, "person_id", "status", "total", "lines", "context", at_field],
        "properties": properties,
        "$defs": defs,
        "examples": [example],
    })
}

fn common_defs() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://contracts.example/common/schema/defs-v1.json",
        "title": "Shared definitions",
        "description": "Definitions shared by every payload schema of the corpus.",
        "$defs": {
            "money": {
                "title": "Money",
                "description": "An amount in minor currency units with its ISO 4217 code.",
                "type": "object",
                "additionalProperties": false,
                "required": ["amount_cents", "currency"],
                "properties": {
                    "amount_cents": { "type": "integer", "minimum": 0, "maximum": 100000000 },
                    "currency": { "type": "string", "pattern": "^[A-Z]{3}$" }
                }
            },
            "person_id": {
                "title": "PersonId",
                "description": "A person. per_<UUID v7>.",
                "type": "string",
                "pattern": id_pattern("per")
            }
        }
    })
}

fn envelope() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://contracts.example/envelope/schema/envelope-v1.json",
        "title": "Event envelope v1",
        "description": "The envelope around every event of the corpus.",
        "type": "object",
        "additionalProperties": false,
        "required": ["event_id", "event_type", "schema_version", "occurred_at", "producer", "payload"],
        "properties": {
            "event_id": { "type": "string", "pattern": id_pattern("evt") },
            "event_type": { "type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$" },
            "schema_version": { "type": "integer", "minimum": 1 },
            "occurred_at": { "type": "string", "format": "date-time" },
            "producer": { "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z][a-z0-9-]*$" },
            "payload": { "type": "object" },
            "trace_id": { "type": "string", "pattern": "^[0-9a-f]{32}$" }
        }
    })
}

fn payload_path(e: &Entry) -> String {
    format!(
        "{}/schema/payloads/{}-v{}.json",
        e.domain, e.event_type, e.version
    )
}

/// Hands every file of a corpus of `size` payload schemas to `sink`, by path
/// relative to the contracts directory, one at a time (so a large corpus is
/// never held in memory: the benchmark's own memory stays out of the way).
pub fn each_file<E>(
    size: usize,
    seed: u64,
    mut sink: impl FnMut(String, Value) -> Result<(), E>,
) -> Result<(), E> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let entries = entries(size);
    sink("common/schema/defs-v1.json".to_owned(), common_defs())?;
    sink("envelope/schema/envelope-v1.json".to_owned(), envelope())?;
    let mut registry_entries = Vec::with_capacity(entries.len());
    for e in &entries {
        let status = if e.deprecated { "deprecated" } else { "active" };
        registry_entries.push(json!({
            "event_type": e.event_type,
            "schema_version": e.version,
            "payload_schema": payload_path(e),
            "producer": e.noun,
            "subscribers": ["warehouse"],
            "status": status,
            "description": format!("The {} was {}.", e.noun, e.verb),
        }));
        sink(payload_path(e), payload_schema(e, &mut rng))?;
    }
    sink(
        "registry.json".to_owned(),
        json!({
            "format": 1,
            "package": { "name": "bench-contracts", "version": "0.1.0" },
            "envelope": {
                "schema": "envelope/schema/envelope-v1.json",
                "event_type_field": "event_type",
                "schema_version_field": "schema_version",
                "payload_field": "payload"
            },
            "event_types": registry_entries,
        }),
    )
}

/// Writes the corpus under `dir` (which is emptied first).
pub fn write(dir: &Path, size: usize, seed: u64) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    each_file(size, seed, |path, value| {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(size: usize, seed: u64) -> Vec<(String, Value)> {
        let mut files = Vec::new();
        each_file(size, seed, |path, value| {
            files.push((path, value));
            Ok::<(), ()>(())
        })
        .unwrap();
        files
    }

    #[test]
    fn same_seed_same_corpus() {
        assert_eq!(files(30, 7), files(30, 7));
        assert_ne!(files(30, 7), files(30, 8));
    }

    #[test]
    fn event_types_are_unique_per_version() {
        let list = entries(5000);
        let mut keys: Vec<(&str, u32)> = list
            .iter()
            .map(|e| (e.event_type.as_str(), e.version))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 5000);
        assert!(list.iter().any(|e| e.version == 2 && !e.deprecated));
    }

    #[test]
    fn corpus_is_valid_contracts_with_every_shape_named() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), 20, 3).unwrap();
        let (model, diags) = match codegen::check(dir.path()) {
            Ok(x) => x,
            Err(diags) => panic!("{:?}", diags.sorted()),
        };
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        assert_eq!(model.events.len(), 20);
        // `status` recurs at the root and in the line items, each its own type.
        let names: Vec<String> = model.names.values().cloned().collect();
        assert!(
            names.contains(&"OrderCreatedV1Status".to_owned()),
            "{names:?}"
        );
        assert!(
            names.contains(&"OrderCreatedV1LinesItemStatus".to_owned()),
            "{names:?}"
        );
    }

    #[test]
    fn payloads_are_about_as_long_as_the_projects() {
        let files = files(20, 1);
        let payloads: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.contains("/payloads/"))
            .map(|(_, v)| serde_json::to_string_pretty(v).unwrap().lines().count())
            .collect();
        let mean = payloads.iter().sum::<usize>() / payloads.len();
        assert!((170..=230).contains(&mean), "{mean} lines per payload");
    }
}
