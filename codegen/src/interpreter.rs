//! The interpreter of `Schemas::to_runtime_json` that `lint` judges examples
//! with. The generated packages no longer carry it (they run checks written
//! out from `checks.rs`); issue 19 replaces this last user with the plan.

use std::cmp::Ordering;

use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::runtime::{
    compare, is_date, is_date_time, is_integer_number, is_multiple_of, is_uuid, json_equal,
    value_kind, Violation,
};

/// The compiled schemas of every event.
pub(crate) struct Validator {
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Ir {
    nodes: Vec<RawNode>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct RawNode {
    never: bool,
    #[serde(rename = "$ref")]
    reference: Option<usize>,
    #[serde(rename = "type")]
    types: Option<Vec<String>>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<Value>>,
    #[serde(rename = "const")]
    const_value: Option<Value>,
    has_const: bool,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
    format: Option<String>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    exclusive_minimum: Option<Number>,
    exclusive_maximum: Option<Number>,
    multiple_of: Option<Number>,
    properties: Vec<(String, usize)>,
    required: Vec<String>,
    additional_properties: Option<usize>,
    items: Option<usize>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique_items: bool,
    all_of: Vec<usize>,
    any_of: Vec<usize>,
    one_of: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    DateTime,
    Date,
    Uuid,
}

struct Node {
    raw: RawNode,
    /// Bit set of [`type_bit`] values; `None` when `type` is absent.
    types: Option<u8>,
    pattern: Option<regress::Regex>,
    format: Option<Format>,
}

const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const OBJECT: u8 = 4;
const ARRAY: u8 = 8;
const NUMBER: u8 = 16;
const INTEGER: u8 = 32;
const STRING: u8 = 64;

fn type_bit(name: &str) -> u8 {
    match name {
        "null" => NULL,
        "boolean" => BOOLEAN,
        "object" => OBJECT,
        "array" => ARRAY,
        "number" => NUMBER | INTEGER,
        "integer" => INTEGER,
        "string" => STRING,
        _ => 0,
    }
}

fn value_bit(value: &Value) -> u8 {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Object(_) => OBJECT,
        Value::Array(_) => ARRAY,
        Value::Number(n) if is_integer_number(n) => INTEGER,
        Value::Number(_) => NUMBER,
        Value::String(_) => STRING,
    }
}

impl Validator {
    /// Loads the schemas; the data is generated, so a failure is a bug.
    pub(crate) fn from_json(text: &str) -> Self {
        let ir: Ir = serde_json::from_str(text).expect("validation.json is well-formed");
        let nodes = ir
            .nodes
            .into_iter()
            .map(|raw| {
                let types = raw
                    .types
                    .as_ref()
                    .map(|ts| ts.iter().fold(0, |acc, t| acc | type_bit(t)));
                let pattern = raw.pattern.as_ref().map(|p| {
                    regress::Regex::with_flags(p, "u").expect("pattern was checked at generation")
                });
                let format = match raw.format.as_deref() {
                    Some("date-time") => Some(Format::DateTime),
                    Some("date") => Some(Format::Date),
                    Some("uuid") => Some(Format::Uuid),
                    _ => None,
                };
                Node {
                    raw,
                    types,
                    pattern,
                    format,
                }
            })
            .collect();
        Validator { nodes }
    }

    /// Checks `value` against node `root`, returning every violation.
    pub(crate) fn validate(&self, root: usize, value: &Value) -> Result<(), Vec<Violation>> {
        let mut sink = Sink {
            collect: true,
            violations: Vec::new(),
        };
        let mut path = String::new();
        if self.check(root, value, &mut path, &mut sink) {
            Ok(())
        } else {
            Err(sink.violations)
        }
    }

    fn is_valid(&self, id: usize, value: &Value) -> bool {
        let mut sink = Sink {
            collect: false,
            violations: Vec::new(),
        };
        self.check(id, value, &mut String::new(), &mut sink)
    }

    /// Returns whether `value` is valid; when `sink.collect` is false it stops
    /// at the first failure.
    fn check(&self, id: usize, value: &Value, path: &mut String, sink: &mut Sink) -> bool {
        let node = &self.nodes[id];
        let raw = &node.raw;
        let mut ok = true;
        macro_rules! fail {
            ($keyword:expr, $($msg:tt)+) => {{
                ok = false;
                if !sink.collect {
                    return false;
                }
                sink.violations.push(Violation {
                    pointer: path.clone(),
                    keyword: $keyword,
                    message: format!($($msg)+),
                });
            }};
        }
        if raw.never {
            fail!("false", "no value is allowed here");
            return ok;
        }
        if let Some(target) = raw.reference {
            ok &= self.check(target, value, path, sink);
            if !ok && !sink.collect {
                return false;
            }
        }
        if let Some(types) = node.types {
            if types & value_bit(value) == 0 {
                let expected = raw.types.as_deref().unwrap_or_default().join(" or ");
                fail!("type", "expected {expected}, found {}", value_kind(value));
                // The other keywords of this node describe another type.
                return ok;
            }
        }
        if let Some(options) = &raw.enum_values {
            if !options.iter().any(|o| json_equal(o, value)) {
                fail!("enum", "{} is not one of {}", short(value), list(options));
            }
        }
        if raw.has_const {
            let expected = raw.const_value.as_ref().unwrap_or(&Value::Null);
            if !json_equal(expected, value) {
                fail!(
                    "const",
                    "expected {}, found {}",
                    short(expected),
                    short(value)
                );
            }
        }
        match value {
            Value::String(s) => {
                if raw.min_length.is_some() || raw.max_length.is_some() {
                    let len = s.chars().count() as u64;
                    if let Some(min) = raw.min_length.filter(|&m| len < m) {
                        fail!("minLength", "is {len} characters long, shorter than {min}");
                    }
                    if let Some(max) = raw.max_length.filter(|&m| len > m) {
                        fail!("maxLength", "is {len} characters long, longer than {max}");
                    }
                }
                if let Some(re) = &node.pattern {
                    if re.find(s).is_none() {
                        let p = raw.pattern.as_deref().unwrap_or_default();
                        fail!(
                            "pattern",
                            "{} does not match the pattern {p:?}",
                            short(value)
                        );
                    }
                }
                if let Some(format) = node.format {
                    let (good, name) = match format {
                        Format::DateTime => (is_date_time(s), "date-time"),
                        Format::Date => (is_date(s), "date"),
                        Format::Uuid => (is_uuid(s), "uuid"),
                    };
                    if !good {
                        fail!("format", "{} is not a valid {name}", short(value));
                    }
                }
            }
            Value::Number(n) => {
                if let Some(min) = &raw.minimum {
                    if compare(n, min) == Ordering::Less {
                        fail!("minimum", "{n} is less than the minimum of {min}");
                    }
                }
                if let Some(max) = &raw.maximum {
                    if compare(n, max) == Ordering::Greater {
                        fail!("maximum", "{n} is greater than the maximum of {max}");
                    }
                }
                if let Some(min) = &raw.exclusive_minimum {
                    if compare(n, min) != Ordering::Greater {
                        fail!("exclusiveMinimum", "{n} is not greater than {min}");
                    }
                }
                if let Some(max) = &raw.exclusive_maximum {
                    if compare(n, max) != Ordering::Less {
                        fail!("exclusiveMaximum", "{n} is not less than {max}");
                    }
                }
                if let Some(m) = &raw.multiple_of {
                    if !is_multiple_of(n, m) {
                        fail!("multipleOf", "{n} is not a multiple of {m}");
                    }
                }
            }
            Value::Object(map) => {
                ok &= self.check_object(raw, map, path, sink);
                if !ok && !sink.collect {
                    return false;
                }
            }
            Value::Array(items) => {
                let len = items.len() as u64;
                if let Some(min) = raw.min_items.filter(|&m| len < m) {
                    fail!("minItems", "has {len} items, fewer than {min}");
                }
                if let Some(max) = raw.max_items.filter(|&m| len > m) {
                    fail!("maxItems", "has {len} items, more than {max}");
                }
                if raw.unique_items {
                    if let Some((i, j)) = first_duplicate(items) {
                        fail!("uniqueItems", "items {i} and {j} are equal");
                    }
                }
                if let Some(item) = raw.items {
                    for (i, v) in items.iter().enumerate() {
                        let len = path.len();
                        path.push('/');
                        path.push_str(&i.to_string());
                        ok &= self.check(item, v, path, sink);
                        path.truncate(len);
                        if !ok && !sink.collect {
                            return false;
                        }
                    }
                }
            }
            _ => {}
        }
        for &sub in &raw.all_of {
            ok &= self.check(sub, value, path, sink);
            if !ok && !sink.collect {
                return false;
            }
        }
        if !raw.any_of.is_empty() && !raw.any_of.iter().any(|&s| self.is_valid(s, value)) {
            fail!(
                "anyOf",
                "matches none of the {} alternatives",
                raw.any_of.len()
            );
        }
        if !raw.one_of.is_empty() {
            let matching: Vec<usize> = (0..raw.one_of.len())
                .filter(|&i| self.is_valid(raw.one_of[i], value))
                .collect();
            match matching.len() {
                1 => {}
                0 => fail!(
                    "oneOf",
                    "matches none of the {} alternatives",
                    raw.one_of.len()
                ),
                _ => fail!(
                    "oneOf",
                    "matches alternatives {matching:?}, but must match exactly one"
                ),
            }
        }
        ok
    }

    fn check_object(
        &self,
        raw: &RawNode,
        map: &Map<String, Value>,
        path: &mut String,
        sink: &mut Sink,
    ) -> bool {
        let mut ok = true;
        for name in &raw.required {
            if !map.contains_key(name) {
                ok = false;
                if !sink.collect {
                    return false;
                }
                sink.violations.push(Violation {
                    pointer: path.clone(),
                    keyword: "required",
                    message: format!("missing required property {name:?}"),
                });
            }
        }
        for (key, v) in map {
            let declared = raw
                .properties
                .iter()
                .find(|(name, _)| name == key)
                .map(|&(_, id)| id);
            let Some(schema) = declared.or(raw.additional_properties) else {
                continue;
            };
            let len = path.len();
            path.push('/');
            // Most keys need no escape: no copy for them (this was an eighth
            // of validation in the bench's profile).
            if key.contains(['~', '/']) {
                path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            } else {
                path.push_str(key);
            }
            let good = if declared.is_none() && self.nodes[schema].raw.never {
                if sink.collect {
                    sink.violations.push(Violation {
                        pointer: path.clone(),
                        keyword: "additionalProperties",
                        message: format!("property {key:?} is not allowed"),
                    });
                }
                false
            } else {
                self.check(schema, v, path, sink)
            };
            path.truncate(len);
            ok &= good;
            if !ok && !sink.collect {
                return false;
            }
        }
        ok
    }
}

struct Sink {
    collect: bool,
    violations: Vec<Violation>,
}

fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if json_equal(&items[i], &items[j]) {
                return Some((i, j));
            }
        }
    }
    None
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn list(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().take(10).map(short).collect();
    let more = if values.len() > 10 { ", ..." } else { "" };
    format!("[{}{more}]", shown.join(", "))
}
