//! Helpers shared by the end-to-end tests: the reference validator (the
//! `jsonschema` crate, draft 2020-12, format assertion on) built for each
//! registered event, and deterministic document mutations.

mod corners;
mod generate;
mod reference_options;

pub use corners::keyword_corners;
pub use generate::generated_documents;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

pub use reference_options::{reference_options, ANNOTATION_FORMATS};

/// One test bed of `tests/beds.json`: contracts, their checked-in output,
/// and the Python module name of its package.
#[derive(Debug, Clone)]
pub struct Bed {
    pub name: String,
    pub contracts: String,
    pub out: String,
    pub module: String,
}

/// Every test bed, from `tests/beds.json` (shared with xtask and the node
/// and Python tests, through the corpus index).
pub fn beds() -> Vec<Bed> {
    let text =
        std::fs::read_to_string(repo_root().join("tests/beds.json")).expect("tests/beds.json");
    let list: Vec<Value> = serde_json::from_str(&text).expect("tests/beds.json is JSON");
    let field = |b: &Value, k: &str| b[k].as_str().unwrap_or_default().to_owned();
    list.iter()
        .map(|b| Bed {
            name: field(b, "name"),
            contracts: field(b, "contracts"),
            out: field(b, "out"),
            module: field(b, "module"),
        })
        .collect()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repository")
        .to_path_buf()
}

/// Every JSON file of a contracts directory, by relative path.
pub fn read_contracts(dir: &Path) -> HashMap<String, Value> {
    fn walk(root: &Path, dir: &Path, out: &mut HashMap<String, Value>) {
        for entry in std::fs::read_dir(dir).expect("readable contracts directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(rel, serde_json::from_str(&text).unwrap());
            }
        }
    }
    let mut out = HashMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A registered event, as the reference validator judges it.
pub struct RefEvent {
    pub event_type: String,
    pub version: u64,
    pub retired: bool,
    pub validator: Option<jsonschema::Validator>,
    /// The schema `validator` was built from (SPEC's judge: the envelope with
    /// its payload replaced and its event type and version pinned), with
    /// `$ref`s into `Reference::resources`; `None` for a retired version.
    pub judge: Option<Value>,
    /// The payload schema's `examples`.
    pub examples: Vec<Value>,
}

/// Reference validators for every event of a contracts directory, built from
/// the raw schema files (not from the generator's model).
pub struct Reference {
    /// The contracts directory.
    pub dir: PathBuf,
    pub registry: Value,
    pub events: Vec<RefEvent>,
    pub envelope_example: Option<Value>,
    /// Every schema file by the URIs a `$ref` may name it by (`$id`, and
    /// `file:///` plus its path): what a judge's `$ref`s resolve against.
    pub resources: HashMap<String, Value>,
}

fn uri_of(rel: &str, doc: &Value) -> String {
    doc.get("$id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("file:///{rel}"))
}

impl Reference {
    pub fn load(dir: &Path) -> Reference {
        let files = read_contracts(dir);
        let registry = files["registry.json"].clone();
        let mut by_uri = HashMap::new();
        for (rel, doc) in &files {
            by_uri.insert(format!("file:///{rel}"), doc.clone());
            if let Some(id) = doc.get("$id").and_then(Value::as_str) {
                by_uri.insert(id.to_owned(), doc.clone());
            }
        }
        let env = &registry["envelope"];
        let type_field = env["event_type_field"]
            .as_str()
            .unwrap_or("event_type")
            .to_owned();
        let version_field = env["schema_version_field"].as_str().map(str::to_owned);
        let payload_field = env["payload_field"]
            .as_str()
            .unwrap_or("payload")
            .to_owned();
        let envelope = env["schema"]
            .as_str()
            .map(|rel| (rel.to_owned(), files[rel].clone()));
        let mut events = Vec::new();
        for entry in registry["event_types"].as_array().unwrap() {
            let event_type = entry["event_type"].as_str().unwrap().to_owned();
            let version = entry["schema_version"].as_u64().unwrap_or(1);
            let Some(rel) = entry["payload_schema"].as_str() else {
                events.push(RefEvent {
                    event_type,
                    version,
                    retired: true,
                    validator: None,
                    judge: None,
                    examples: Vec::new(),
                });
                continue;
            };
            let payload = &files[rel];
            let payload_ref = json!({ "$ref": uri_of(rel, payload) });
            let judge = match &envelope {
                Some((env_rel, env_doc)) => {
                    let mut doc = env_doc.clone();
                    if doc.get("$id").is_none() {
                        doc["$id"] = json!(format!("file:///{env_rel}"));
                    }
                    let props = doc["properties"].as_object_mut().unwrap();
                    props.insert(payload_field.clone(), payload_ref);
                    let pin = |orig: Option<&Value>, value: Value| match orig {
                        Some(o) => json!({ "allOf": [o], "const": value }),
                        None => json!({ "const": value }),
                    };
                    let t = pin(props.get(&type_field), json!(event_type));
                    props.insert(type_field.clone(), t);
                    if let Some(vf) = &version_field {
                        let v = pin(props.get(vf), json!(version));
                        props.insert(vf.clone(), v);
                    }
                    doc
                }
                None => json!({
                    "allOf": [payload_ref],
                    "properties": { type_field.clone(): { "const": event_type } },
                    "required": [type_field.clone()],
                }),
            };
            let validator = reference_options(by_uri.clone())
                .build(&judge)
                .unwrap_or_else(|e| panic!("reference validator for {event_type} v{version}: {e}"));
            let examples = payload["examples"].as_array().cloned().unwrap_or_default();
            events.push(RefEvent {
                event_type,
                version,
                retired: false,
                validator: Some(validator),
                judge: Some(judge),
                examples,
            });
        }
        let envelope_example = envelope
            .as_ref()
            .and_then(|(_, doc)| doc["examples"].as_array()?.first().cloned());
        Reference {
            dir: dir.to_path_buf(),
            registry,
            events,
            envelope_example,
            resources: by_uri,
        }
    }

    fn field(&self, key: &str, default: &str) -> String {
        self.registry["envelope"][key]
            .as_str()
            .unwrap_or(default)
            .to_owned()
    }

    /// Wraps a payload into a full document of `event`.
    pub fn wrap(&self, event: &RefEvent, payload: &Value) -> Value {
        let type_field = self.field("event_type_field", "event_type");
        match &self.envelope_example {
            Some(example) => {
                let mut doc = example.clone();
                doc[type_field] = json!(event.event_type);
                if let Some(vf) = self.registry["envelope"]["schema_version_field"].as_str() {
                    doc[vf] = json!(event.version);
                }
                doc[self.field("payload_field", "payload")] = payload.clone();
                doc
            }
            None => {
                let mut doc = payload.clone();
                doc[type_field] = json!(event.event_type);
                doc
            }
        }
    }

    /// The registered events `doc` names by its event type and version
    /// fields (a bare event names its version by its schema alone); `None`
    /// when it does not name one as SPEC spells them.
    fn named<'a>(&'a self, doc: &Value) -> Option<impl Iterator<Item = &'a RefEvent> + 'a> {
        let type_field = self.field("event_type_field", "event_type");
        let version_field = self.registry["envelope"]["schema_version_field"].as_str();
        let name = doc.get(&type_field).and_then(Value::as_str)?.to_owned();
        let version = match version_field {
            Some(vf) => Some(doc.get(vf).and_then(as_integer)?),
            None => None,
        };
        Some(
            self.events
                .iter()
                .filter(move |e| e.event_type == name && version.is_none_or(|v| v == e.version)),
        )
    }

    /// The registered event type and version `doc` names, where it names
    /// exactly one.
    pub fn selected(&self, doc: &Value) -> Option<(&str, u64)> {
        let mut named = self.named(doc)?;
        match (named.next(), named.next()) {
            (Some(e), None) => Some((e.event_type.as_str(), e.version)),
            _ => None,
        }
    }

    /// The reference verdict on a document: valid when the event type and
    /// version it names are registered, live, and its schema accepts it.
    pub fn accepts(&self, doc: &Value) -> bool {
        self.named(doc).is_some_and(|mut named| {
            named.any(|e| e.validator.as_ref().is_some_and(|v| v.is_valid(doc)))
        })
    }
}

fn as_integer(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
            .map(|f| f as u64)
    })
}

/// Replacement values a mutation puts in place of an existing value.
fn replacements() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1.0),
        json!(""),
        json!("x"),
        json!("2026-13-01T00:00:00Z"),
        json!("2026-05-01T10:15:00+02:00"),
        json!("2026-05-01"),
        json!("not-a-date"),
        json!("x".repeat(300)),
        json!([]),
        json!({}),
    ]
}

/// Documents that each change one thing in `doc`: every value replaced by
/// each of a set of others, every property removed, an unknown property
/// added to every object, every array emptied and its first item doubled;
/// and the forms serde's derived types also read, which no schema of an
/// object or a string enum accepts: every object as the array of its values
/// (a struct read by position), every string as `{"that string": null}` (an
/// enum's unit variant, externally tagged).
pub fn mutations(doc: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut paths = Vec::new();
    collect_paths(doc, String::new(), &mut paths);
    for path in &paths {
        for r in replacements() {
            let mut m = doc.clone();
            if let Some(slot) = m.pointer_mut(path) {
                if *slot != r {
                    *slot = r;
                    out.push(m);
                }
            }
        }
        if let Some((parent, key)) = path.rsplit_once('/') {
            let mut m = doc.clone();
            match m.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.shift_remove(&key.replace("~1", "/").replace("~0", "~"));
                    out.push(m);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        items.remove(i);
                        out.push(m);
                    }
                }
                _ => {}
            }
        }
        let mut m = doc.clone();
        match m.pointer_mut(path) {
            Some(slot @ Value::Object(_)) => {
                let values: Vec<Value> = slot
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, v)| v.clone())
                    .collect();
                *slot = Value::Array(values);
                out.push(m);
            }
            Some(slot @ Value::String(_)) => {
                let tagged = json!({ slot.as_str().unwrap_or_default(): null });
                *slot = tagged;
                out.push(m);
            }
            _ => {}
        }
        let mut m = doc.clone();
        match m.pointer_mut(path) {
            Some(Value::Object(map)) => {
                map.insert("unexpected_property".into(), json!("surprise"));
                out.push(m);
            }
            Some(Value::Array(items)) if !items.is_empty() => {
                let first = items[0].clone();
                items.push(first);
                out.push(m);
            }
            _ => {}
        }
    }
    out
}

fn collect_paths(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                collect_paths(
                    child,
                    format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_paths(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// JSON equality for round trips: numbers by value, and `date-time` strings
/// by instant and offset (SPEC allows another spelling of the same one).
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => x == y || same_instant(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s
            .to_ascii_uppercase()
            .replace("+00:00", "Z")
            .replace("-00:00", "Z");
        let (main, offset) = match s.rfind(['Z', '+', '-']) {
            Some(i) if i > 10 => s.split_at(i),
            _ => return None,
        };
        let (secs, frac) = main.split_once('.').unwrap_or((main, ""));
        let frac = frac.trim_end_matches('0');
        Some(format!("{secs}.{frac}{offset}"))
    };
    norm(a).is_some() && norm(a) == norm(b)
}

/// A generated package as the corpus tests drive it: parse one document,
/// validate the typed event, and dump it back (or say why it was rejected).
pub type ParseDump<'a> = &'a dyn Fn(&str) -> Result<Value, String>;

/// Every example of every live event: the reference accepts it, the runtime
/// parses it and writes back the same JSON value. Returns how many.
pub fn check_examples(r: &Reference, parse_dump: ParseDump) -> usize {
    let mut checked = 0;
    for event in r.events.iter().filter(|e| !e.retired) {
        assert!(
            !event.examples.is_empty(),
            "{} v{} has no examples",
            event.event_type,
            event.version
        );
        for example in &event.examples {
            let doc = r.wrap(event, example);
            assert!(
                r.accepts(&doc),
                "reference rejects the example of {}: {doc}",
                event.event_type
            );
            let dumped = parse_dump(&doc.to_string()).unwrap_or_else(|e| {
                panic!(
                    "{} v{} example rejected: {e}\n{doc}",
                    event.event_type, event.version
                )
            });
            assert!(
                same_json(&doc, &dumped),
                "round trip changed the event:\n in: {doc}\nout: {dumped}"
            );
            checked += 1;
        }
    }
    checked
}

/// Verdict counts of a mutation run, and every disagreement in words.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub valid: usize,
    pub invalid: usize,
    pub disagreements: Vec<String>,
}

/// The documents every runtime is judged on: `extra`, every example and
/// every one-thing mutation of it, then documents generated from the
/// schemas (and mutations of some of them).
pub fn corpus(r: &Reference, extra: &[Value]) -> Vec<Value> {
    let mut docs: Vec<Value> = extra.to_vec();
    for event in r.events.iter().filter(|e| !e.retired) {
        for example in &event.examples {
            let doc = r.wrap(event, example);
            docs.push(doc.clone());
            docs.extend(mutations(&doc));
        }
    }
    // Documents drawn from the schemas (seeded, so the corpus is stable),
    // and one-thing mutations of every tenth of them.
    for (i, doc) in generated_documents(&r.dir, 20_261_123, GENERATED_PER_EVENT)
        .into_iter()
        .enumerate()
    {
        if i % 10 == 0 {
            docs.extend(mutations(&doc));
        }
        docs.push(doc);
    }
    docs
}

/// How many documents the generator draws per event type and version.
pub const GENERATED_PER_EVENT: usize = 20;

/// Every one-thing mutation of every example, judged by the reference and by
/// the runtime; accepted documents must also round-trip.
pub fn check_mutations(r: &Reference, parse_dump: ParseDump, extra: &[Value]) -> Verdicts {
    let mut v = Verdicts::default();
    for doc in corpus(r, extra) {
        let expected = r.accepts(&doc);
        if expected {
            v.valid += 1;
        } else {
            v.invalid += 1;
        }
        match (parse_dump(&doc.to_string()), expected) {
            (Ok(dumped), true) => {
                if !same_json(&doc, &dumped) {
                    v.disagreements
                        .push(format!("round trip changed {doc}\n  into {dumped}"));
                }
            }
            (Err(_), false) => {}
            (got, _) => v.disagreements.push(format!(
                "reference says {}, runtime says {}\n  {doc}",
                if expected { "valid" } else { "invalid" },
                match got {
                    Ok(_) => "valid".to_owned(),
                    Err(e) => format!("invalid: {e}"),
                }
            )),
        }
    }
    v
}
