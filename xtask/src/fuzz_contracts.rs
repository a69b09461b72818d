//! `cargo xtask fuzz-contracts --seed N --count M`: random contracts, each
//! run through all three generated packages as a trial (see `trial.rs`).
//!
//! A contract here is one payload schema (with `$defs`, `$ref`s into a
//! shared file of its batch, and nested shapes of every keyword SPEC lists);
//! contracts are grouped into batches that share one registry (one envelope
//! shape, drawn per batch) so that each batch is one build per runtime.
//! Names are drawn from what is awkward somewhere: every target language's
//! keywords, builtins and global types, the names the generated code itself
//! imports or defines, and pairs that collide once converted. The same seed
//! gives the same contracts; a failing batch prints its seed and is copied to
//! `target/fuzz-contracts/failures/seed-N/` to become a regression bed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use fastrand::Rng;
use serde_json::{json, Map, Value};

/// How many contracts share one registry and one build per runtime.
pub const PER_BATCH: usize = 25;

pub fn run(seed: u64, count: usize, first_batch: usize) -> bool {
    if let Err(e) = crate::trial::ensure_tools() {
        eprintln!("FAILED: fuzz-contracts: {e}");
        return false;
    }
    let started = Instant::now();
    let root = PathBuf::from("target/fuzz-contracts");
    let batches = count.div_ceil(PER_BATCH);
    let skip = first_batch.max(1) - 1;
    let mut failed = Vec::new();
    for b in 0..batches {
        let size = PER_BATCH.min(count - b * PER_BATCH);
        let b = b + skip;
        let batch_seed = seed.wrapping_mul(1_000_003).wrapping_add(b as u64);
        let work = root.join("work");
        let _ = std::fs::remove_dir_all(&work);
        let contracts = work.join("contracts");
        if let Err(e) = write_batch(&contracts, batch_seed, size) {
            eprintln!("FAILED: fuzz-contracts: cannot write contracts: {e}");
            return false;
        }
        eprintln!(
            "==> fuzz-contracts: batch {} of seed {seed} (batch seed {batch_seed}, {size} contracts)",
            b + 1
        );
        let outcome = crate::trial::run(&crate::trial::Trial {
            contracts: &contracts,
            work: &work,
            documents: None,
            known: None,
        });
        if let Err(e) = outcome {
            let keep = root.join(format!("failures/seed-{batch_seed}"));
            let _ = std::fs::remove_dir_all(&keep);
            let _ = crate::test::copy_dir(&contracts, &keep);
            eprintln!(
                "FAILED: fuzz-contracts seed {seed} batch {} (batch seed {batch_seed}): {e}; its contracts are in {}; run it alone with `cargo xtask fuzz-contracts --seed {seed} --batch {} --count {size}`",
                b + 1,
                keep.display(),
                b + 1
            );
            failed.push(batch_seed);
        }
    }
    let took = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz-contracts: {count} contracts in {batches} batches, {} failed, in {took:.0} s",
        failed.len()
    );
    if !failed.is_empty() {
        eprintln!(
            "fuzz-contracts: failing seeds: {}",
            failed
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    failed.is_empty()
}

/// Names that some language or the generated code already uses, and pairs
/// that meet once converted to an identifier.
const NAMES: &[&str] = &[
    // Rust
    "type",
    "self",
    "Self",
    "crate",
    "mod",
    "fn",
    "match",
    "ref",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "String",
    "Value",
    "serde",
    "runtime",
    "std",
    "core",
    "EventError",
    "EventPayload",
    "Envelope",
    "AnyEvent",
    "EventType",
    // TypeScript
    "Record",
    "Array",
    "Object",
    "Promise",
    "Date",
    "Map",
    "class",
    "interface",
    "constructor",
    "__proto__",
    "prototype",
    "toString",
    "hasOwnProperty",
    "default",
    "unknown",
    "never",
    // Python
    "Field",
    "BaseModel",
    "RootModel",
    "Any",
    "Literal",
    "True",
    "def",
    "from",
    "import",
    "lambda",
    "model_config",
    "model_dump",
    "dict",
    "json",
    "schema",
    "copy",
    "validate",
    "int",
    "str",
    "list",
    "_private",
    "__dunder__",
    "ClassVar",
    "TypeAlias",
    // Collisions once converted
    "fooBar",
    "foo_bar",
    "foo-bar",
    "FooBar",
    "foo bar",
    "foo.bar",
    "FOO_BAR",
    "foo__bar",
    // Digits, Unicode, punctuation
    "1st",
    "a1b2",
    "v2",
    "g2",
    "2fa",
    "Ärger",
    "日本語",
    "niño",
    "it's",
    "quote\"d",
    "",
];

/// Event type segments (`[a-z][a-z0-9_]*`) that are awkward once converted.
const SEGMENTS: &[&str] = &[
    "type",
    "class",
    "self",
    "none",
    "record",
    "field",
    "value",
    "option",
    "v2",
    "g2",
    "v1",
    "order",
    "placed",
    "a1b2",
    "x",
    "created",
    "any_event",
    "event_type",
    "envelope",
];

/// Strings for enums, consts and titles.
const WORDS: &[&str] = &[
    "alpha",
    "beta",
    "Record",
    "Field",
    "None",
    "null",
    "true",
    "1",
    "with \"quotes\"",
    "it's",
    "日本語",
    "a much longer literal value that takes some room on a line",
];

struct Gen {
    rng: Rng,
    depth_limit: usize,
    /// `$defs` of the payload being written (name → schema).
    defs: Map<String, Value>,
    /// `$defs` names of the batch's shared file.
    shared: Vec<String>,
    /// How often each title was drawn.
    titles: std::collections::HashMap<String, usize>,
    /// Where the batch keeps definitions: `$defs`, or draft-07's
    /// `definitions` (SPEC accepts both).
    defs_key: &'static str,
}

impl Gen {
    fn name(&mut self) -> String {
        NAMES[self.rng.usize(..NAMES.len())].to_owned()
    }

    fn word(&mut self) -> Value {
        json!(WORDS[self.rng.usize(..WORDS.len())])
    }

    /// A title: awkward, and unique in its batch (two written titles that
    /// give one type name are an error by SPEC, not a finding).
    fn title(&mut self) -> String {
        let title = self.title_base();
        let n = self.titles.entry(title.to_lowercase()).or_insert(0);
        *n += 1;
        if *n == 1 {
            title
        } else {
            format!("{title}{n}x")
        }
    }

    fn title_base(&mut self) -> String {
        let base = self.name();
        let mut out: String = base.chars().filter(|c| c.is_alphanumeric()).collect();
        if out.is_empty() || !out.starts_with(char::is_alphabetic) {
            out = format!("T{out}");
        }
        let mut chars = out.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        format!("{first}{}", chars.as_str())
    }

    fn scalar(&mut self) -> Value {
        match self.rng.u8(..6) {
            0 => json!(null),
            1 => json!(self.rng.bool()),
            2 => json!(self.rng.i64(-5..50)),
            3 => json!(1.5),
            _ => self.word(),
        }
    }

    fn schema(&mut self, depth: usize) -> Value {
        let leaf = depth >= self.depth_limit;
        let kind = if leaf {
            self.rng.u8(..5)
        } else {
            self.rng.u8(..20)
        };
        match kind {
            0 => self.primitive(),
            1 => {
                let n = self.rng.usize(1..5);
                let mut values: Vec<Value> = (0..n).map(|_| self.scalar()).collect();
                values.dedup();
                json!({ "enum": values })
            }
            2 => json!({ "const": self.scalar() }),
            3 => {
                let mut s = self.primitive();
                match s.get("type").and_then(Value::as_str).map(str::to_owned) {
                    Some(t) if t != "null" => s["type"] = json!([t, "null"]),
                    _ => {}
                }
                s
            }
            4 => {
                let format = ["date-time", "date", "uuid"][self.rng.usize(..3)];
                json!({ "type": "string", "format": format, "minLength": self.rng.u8(..12) })
            }
            5 => {
                let mut s = json!({ "type": "array", "items": self.schema(depth + 1) });
                if self.rng.bool() {
                    s["minItems"] = json!(self.rng.u8(..2));
                    s["maxItems"] = json!(self.rng.u8(2..5));
                }
                if self.rng.u8(..4) == 0 {
                    s["uniqueItems"] = json!(true);
                }
                s
            }
            6..=8 => self.object(depth),
            9 => json!({ "oneOf": self.alternatives(depth) }),
            10 => json!({ "anyOf": self.alternatives(depth) }),
            11 => {
                let base = self.reference();
                // A refinement: the `$ref`'d object with a property declared again.
                let mut refinement = self.object(depth + 1);
                refinement
                    .as_object_mut()
                    .map(|o| o.remove("additionalProperties"));
                json!({ "allOf": [base, refinement] })
            }
            12 => json!({ "type": "object", "additionalProperties": self.schema(depth + 1) }),
            13 => self.reference(),
            14 => match self.rng.u8(..3) {
                0 => json!(true),
                1 => json!({}),
                _ => json!({ "format": "date-time" }),
            },
            15 => {
                let mut s = self.object(depth);
                s["title"] = json!(self.title());
                s
            }
            16 => self.several_types(depth),
            17 => {
                // `enum` and `const` of arrays and objects: JSON equality.
                let composite = [
                    json!({ "a": 1, "b": [true, null] }),
                    json!([1, "two", 3.5]),
                    json!({}),
                    json!([]),
                    json!({ "nested": { "deep": "x" } }),
                ];
                let pick = |g: &mut Gen| composite[g.rng.usize(..composite.len())].clone();
                if self.rng.bool() {
                    json!({ "const": pick(self) })
                } else {
                    let values = vec![pick(self), pick(self), self.scalar()];
                    let mut unique: Vec<Value> = Vec::new();
                    for v in values {
                        if !unique.contains(&v) {
                            unique.push(v);
                        }
                    }
                    json!({ "enum": unique })
                }
            }
            18 => self.annotated(depth),
            _ => self.tree(),
        }
    }

    /// A `type` list of several non-null types, each with its keywords.
    fn several_types(&mut self, depth: usize) -> Value {
        match self.rng.u8(..4) {
            0 => json!({ "type": ["string", "integer"], "minLength": 2, "maximum": 100 }),
            1 => json!({ "type": ["number", "boolean", "null"], "minimum": 0.5 }),
            2 => json!({
                "type": ["object", "array"],
                "properties": { "id": { "type": "integer" } },
                "items": self.primitive(),
                "maxItems": 3
            }),
            _ => json!({
                "type": ["string", "array"],
                "items": self.schema(depth + 1),
                "pattern": "^[^x]"
            }),
        }
    }

    /// A schema with every annotation SPEC lists, a default that is awkward
    /// text in every target language, and an extension keyword.
    fn annotated(&mut self, depth: usize) -> Value {
        let mut s = if self.rng.bool() {
            json!({ "type": "string" })
        } else {
            self.schema(depth + 1)
        };
        if s.get("type") == Some(&json!("string")) {
            s["default"] = json!("a \"quote\", a \\ back\\slash, ${x} {{ y }} */ \u{2028} é 😀");
        }
        let Some(o) = s.as_object_mut() else {
            return s; // `true`
        };
        o.insert("readOnly".into(), json!(true));
        o.insert("writeOnly".into(), json!(false));
        o.insert("deprecated".into(), json!(self.rng.bool()));
        o.insert("$comment".into(), json!("*/ --> \"\"\" `"));
        o.insert("x-extension".into(), json!({ "any": ["thing"] }));
        o.insert("contentMediaType".into(), json!("text/plain"));
        s
    }

    /// A recursive definition: a tree whose children are trees.
    fn tree(&mut self) -> Value {
        let name = format!("{}Tree", self.title());
        let node = json!({
            "type": "object",
            "properties": {
                "value": { "type": ["integer", "null"], "multipleOf": 3 },
                "children": {
                    "type": "array",
                    "items": { "$ref": format!("#/{}/{}", self.defs_key, escape(&name)) },
                    "maxItems": 2
                }
            },
            "required": ["value"],
            "additionalProperties": false
        });
        self.defs.insert(name.clone(), node);
        json!({ "$ref": format!("#/{}/{}", self.defs_key, escape(&name)) })
    }

    fn primitive(&mut self) -> Value {
        match self.rng.u8(..5) {
            0 => {
                let mut s = json!({ "type": "string" });
                match self.rng.u8(..4) {
                    0 => {
                        let pattern = ["^[a-z]+$", "\\d", "^a", "^.{2,}$"][self.rng.usize(..4)];
                        s["pattern"] = json!(pattern);
                    }
                    1 => {
                        s["minLength"] = json!(self.rng.u8(..3));
                        s["maxLength"] = json!(self.rng.u8(3..40));
                    }
                    _ => {}
                }
                s
            }
            1 => {
                let mut s = json!({ "type": "integer" });
                if self.rng.bool() {
                    s["minimum"] = json!(self.rng.i64(-3..3));
                    s["exclusiveMaximum"] = json!(self.rng.i64(10..1000));
                }
                s
            }
            2 => {
                let mut s = json!({ "type": "number" });
                if self.rng.bool() {
                    let step = [0.01, 0.5, 2.0][self.rng.usize(..3)];
                    s["multipleOf"] = json!(step);
                }
                if self.rng.bool() {
                    s["exclusiveMinimum"] = json!(0);
                    s["maximum"] = json!(1e6);
                }
                s
            }
            3 => json!({ "type": "boolean" }),
            _ => json!({ "type": "null" }),
        }
    }

    fn alternatives(&mut self, depth: usize) -> Vec<Value> {
        let n = self.rng.usize(2..4);
        (0..n).map(|_| self.schema(depth + 1)).collect()
    }

    fn object(&mut self, depth: usize) -> Value {
        let mut props = Map::new();
        for _ in 0..self.rng.usize(1..6) {
            let name = self.name();
            let schema = if self.rng.u8(..12) == 0 {
                json!(false)
            } else {
                self.schema(depth + 1)
            };
            props.insert(name, schema);
        }
        let mut required: Vec<&String> = props
            .iter()
            .filter(|(_, s)| **s != json!(false))
            .map(|(k, _)| k)
            .filter(|_| self.rng.bool())
            .collect();
        // A value the schema fixes (a discriminator, a currency), which
        // every package's constructor fills in.
        let fixed = (self.rng.u8(..4) == 0).then(|| {
            let value = self.scalar();
            let schema = if self.rng.bool() {
                json!({ "const": value })
            } else {
                json!({ "enum": [value] })
            };
            (self.name(), schema)
        });
        if let Some((name, _)) = &fixed {
            if !props.contains_key(name) && !required.contains(&name) {
                required.push(name);
            }
        }
        let required: Vec<String> = required.into_iter().cloned().collect();
        if let Some((name, schema)) = fixed {
            props.entry(name).or_insert(schema);
        }
        let mut s = json!({ "type": "object", "properties": props, "required": required });
        match self.rng.u8(..3) {
            0 => s["additionalProperties"] = json!(false),
            1 if depth < self.depth_limit => {
                s["additionalProperties"] = json!({ "type": "string" })
            }
            _ => {}
        }
        if self.rng.u8(..4) == 0 {
            s["description"] = json!("A nested object\nwith a description on two lines.");
        }
        s
    }

    /// A `$ref` to a local `$defs` entry (made on first use) or to the
    /// batch's shared file.
    fn reference(&mut self) -> Value {
        if !self.shared.is_empty() && self.rng.bool() {
            let name = self.shared[self.rng.usize(..self.shared.len())].clone();
            // By relative path, or by the shared file's `$id`.
            let file = if self.rng.bool() {
                SHARED_ID
            } else {
                "../common/shared.json"
            };
            let key = self.defs_key;
            return json!({ "$ref": format!("{file}#/{key}/{}", escape(&name)) });
        }
        let name = format!("{}{}", self.title(), self.rng.u8(..3));
        if !self.defs.contains_key(&name) {
            // Placeholder first: a definition may refer to itself.
            self.defs.insert(name.clone(), json!({ "type": "object" }));
            let def = self.object(self.depth_limit.saturating_sub(1));
            self.defs.insert(name.clone(), def);
        }
        json!({ "$ref": format!("#/{}/{}", self.defs_key, escape(&name)) })
    }
}

/// The `$id` of each batch's shared file, which some `$ref`s name it by.
const SHARED_ID: &str = "https://contracts.example/fuzz/common/shared.json";

/// A `$defs` key as a URI fragment: a JSON pointer token, percent-encoded
/// outside the unreserved characters.
fn escape(key: &str) -> String {
    let token = key.replace('~', "~0").replace('/', "~1");
    let mut out = String::new();
    for b in token.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The envelope shapes a batch may have.
#[derive(Clone, Copy)]
enum Shape {
    Standard,
    CamelCase,
    OptionalPayload,
    Unversioned,
    Bare,
}

fn write_batch(dir: &Path, seed: u64, count: usize) -> std::io::Result<()> {
    let mut g = Gen {
        rng: Rng::with_seed(seed),
        depth_limit: 3,
        defs: Map::new(),
        shared: Vec::new(),
        titles: std::collections::HashMap::new(),
        defs_key: "$defs",
    };
    if g.rng.u8(..4) == 0 {
        g.defs_key = "definitions";
    }
    let shape = [
        Shape::Standard,
        Shape::CamelCase,
        Shape::OptionalPayload,
        Shape::Unversioned,
        Shape::Bare,
    ][g.rng.usize(..5)];
    let write = |rel: &str, value: &Value| -> std::io::Result<()> {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
        std::fs::write(
            path,
            serde_json::to_string_pretty(value).unwrap_or_default(),
        )
    };
    // The shared file: objects other payloads `$ref`.
    let mut shared = Map::new();
    for i in 0..g.rng.usize(1..4) {
        let name = format!("{}{i}", g.title());
        let def = g.object(2);
        shared.insert(name, def);
    }
    // Local `$ref`s made while writing the shared file live in its `$defs`.
    shared.extend(std::mem::take(&mut g.defs));
    g.shared = shared.keys().cloned().collect();
    let mut shared_file = Map::new();
    shared_file.insert("$id".into(), json!(SHARED_ID));
    shared_file.insert(g.defs_key.into(), Value::Object(shared));
    write("common/shared.json", &Value::Object(shared_file))?;

    let (type_field, version_field, payload_field) = match shape {
        Shape::CamelCase => ("eventType", Some("schemaVersion"), "data"),
        Shape::Unversioned => ("type", None, "payload"),
        Shape::Bare => ("type", None, "payload"),
        _ => ("event_type", Some("schema_version"), "payload"),
    };
    let mut registry = json!({
        "format": 1,
        "package": { "name": "fuzz-contracts", "version": "0.1.0" },
        "event_types": [],
    });
    if !matches!(shape, Shape::Bare) {
        let mut props = Map::new();
        props.insert(type_field.to_owned(), json!({ "type": "string" }));
        if let Some(v) = version_field {
            props.insert(v.to_owned(), json!({ "type": "integer", "minimum": 1 }));
        }
        props.insert(payload_field.to_owned(), json!({}));
        props.insert(
            "occurred_at".to_owned(),
            json!({ "type": "string", "format": "date-time" }),
        );
        props.insert(
            "Record".to_owned(),
            json!({ "type": "string", "format": "uuid" }),
        );
        // Envelope fields under awkward names: accessors, properties and
        // builder arguments in every package.
        for _ in 0..g.rng.usize(..3) {
            let name = g.name();
            if name != type_field && Some(name.as_str()) != version_field && name != payload_field {
                let schema = g.schema(2);
                props.insert(name, schema);
            }
        }
        let mut required = vec![type_field];
        required.extend(version_field);
        if !matches!(shape, Shape::OptionalPayload) {
            required.push(payload_field);
        }
        let mut envelope = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": props,
            "required": required,
        });
        if !g.defs.is_empty() {
            envelope[g.defs_key] = Value::Object(std::mem::take(&mut g.defs));
        }
        if g.rng.bool() {
            envelope["additionalProperties"] = json!(false);
        }
        // Envelopes are often written without `type`: an event is an object
        // all the same (SPEC), and the typed envelope must stay a struct.
        if g.rng.u8(..4) == 0 {
            if let Some(m) = envelope.as_object_mut() {
                m.remove("type");
            }
        }
        write("envelope.json", &envelope)?;
        let mut env = json!({
            "schema": "envelope.json",
            "event_type_field": type_field,
            "payload_field": payload_field,
        });
        if let Some(v) = version_field {
            env["schema_version_field"] = json!(v);
        }
        registry["envelope"] = env;
    } else {
        registry["envelope"] = json!({ "event_type_field": type_field });
    }

    let mut entries = Vec::new();
    for i in 0..count {
        g.defs = Map::new();
        let mut root = g.object(0);
        if matches!(shape, Shape::Bare) {
            root["properties"][type_field] = json!({ "type": "string" });
            if let Some(required) = root["required"].as_array_mut() {
                if !required.contains(&json!(type_field)) {
                    required.push(json!(type_field));
                }
            }
        } else if g.rng.u8(..5) == 0 {
            // A payload that is not an object of its own.
            root = g.schema(1);
        }
        if let Value::Bool(b) = root {
            root = json!({ "allOf": [b] });
        }
        if !g.defs.is_empty() {
            root[g.defs_key] = Value::Object(std::mem::take(&mut g.defs));
        }
        if let Some(map) = root.as_object_mut() {
            map.insert(
                "$schema".to_owned(),
                json!("https://json-schema.org/draft/2020-12/schema"),
            );
        }
        let segments: Vec<&str> = (0..g.rng.usize(1..4))
            .map(|_| SEGMENTS[g.rng.usize(..SEGMENTS.len())])
            .collect();
        let event_type = format!("e{i}.{}", segments.join("."));
        let file = format!("payloads/e{i}.json");
        write(&file, &root)?;
        let mut entry = json!({ "event_type": event_type, "payload_schema": file });
        if version_field.is_some() && g.rng.u8(..4) == 0 {
            // A second version, the first deprecated.
            entry["status"] = json!("deprecated");
            entries.push(entry);
            let mut again = g.object(0);
            if !g.defs.is_empty() {
                again[g.defs_key] = Value::Object(std::mem::take(&mut g.defs));
            }
            let file2 = format!("payloads/e{i}-v2.json");
            write(&file2, &again)?;
            entry =
                json!({ "event_type": event_type, "schema_version": 2, "payload_schema": file2 });
        }
        entries.push(entry);
    }
    registry["event_types"] = Value::Array(entries);
    write("registry.json", &registry)
}
