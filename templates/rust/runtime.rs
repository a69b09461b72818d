//! The validator behind `parse_event` and `validate_event`.
//!
//! It interprets `validation.json`, the contracts model's schemas in a flat
//! form (one node per schema, subschemas by index), with the decisions of the
//! project's SPEC: `1.0` is an integer, `multipleOf` is exact on decimals,
//! patterns are ECMA-262 with the `u` flag, lengths count code points, and the
//! formats `date-time`, `date` and `uuid` are asserted.

use std::cmp::Ordering;
use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// One reason a document was rejected: where (a JSON pointer into the
/// document), which keyword, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value (`""` is the whole document).
    pub pointer: String,
    /// The JSON Schema keyword that failed, such as `minimum`.
    pub keyword: &'static str,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} ({})", self.message, self.keyword)
    }
}

/// What kind of failure an [`EventError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is not JSON.
    Syntax,
    /// The event type is not in the registry.
    UnknownEventType,
    /// The event type is known, the version is not.
    UnknownVersion,
    /// The version is retired: it is no longer accepted.
    Retired,
    /// The document breaks its schema; see [`EventError::violations`].
    Invalid,
}

/// Why an event was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    kind: ErrorKind,
    message: String,
    violations: Vec<Violation>,
}

impl EventError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        EventError {
            kind,
            message: message.into(),
            violations: Vec::new(),
        }
    }

    pub(crate) fn invalid(violations: Vec<Violation>) -> Self {
        let message = match violations.len() {
            1 => "the event does not match its schema: 1 violation".to_owned(),
            n => format!("the event does not match its schema: {n} violations"),
        };
        EventError {
            kind: ErrorKind::Invalid,
            message,
            violations,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Each schema violation, with its JSON pointer; empty for other kinds.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EventError {}

/// Rewrites numbers written with a zero fraction (`1.0`) as integers, so that
/// typed decoding agrees with JSON Schema, for which `1.0` is an integer.
pub(crate) fn normalize_numbers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                // 2^63: beyond it an integral float has no exact i64 form.
                if f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0 {
                    *n = Number::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_numbers),
        Value::Object(map) => map.values_mut().for_each(normalize_numbers),
        _ => {}
    }
}

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
        Value::Number(n) if is_integer(n) => INTEGER,
        Value::Number(_) => NUMBER,
        Value::String(_) => STRING,
    }
}

fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::Number(n) if is_integer(n) => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
    }
}

fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
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
                fail!("const", "expected {}, found {}", short(expected), short(value));
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
                        fail!("pattern", "{} does not match the pattern {p:?}", short(value));
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

/// JSON equality as JSON Schema defines it: numbers compare by value.
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare(x, y) == Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
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

/// Numbers by value: exactly for integers, as doubles otherwise.
pub(crate) fn compare(a: &Number, b: &Number) -> Ordering {
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => {
            let x = a.as_f64().unwrap_or(f64::NAN);
            let y = b.as_f64().unwrap_or(f64::NAN);
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    }
}

fn as_i128(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// A decimal `digits × 10^-scale`, read from the shortest spelling of a number.
fn decimal(n: &Number) -> Option<(u128, u32)> {
    if let Some(i) = as_i128(n) {
        return Some((i.unsigned_abs(), 0));
    }
    // Rust prints the shortest decimal that reads back as the same double,
    // which is the number as it was written for any sensible spelling.
    let text = format!("{}", n.as_f64()?.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits: u128 = format!("{int}{frac}").parse().ok()?;
    Some((digits, frac.len() as u32))
}

fn is_multiple_of(n: &Number, m: &Number) -> bool {
    if let (Some((a, p)), Some((b, q))) = (decimal(n), decimal(m)) {
        let scale = p.max(q);
        let a = 10u128.checked_pow(scale - p).and_then(|f| a.checked_mul(f));
        let b = 10u128.checked_pow(scale - q).and_then(|f| b.checked_mul(f));
        if let (Some(a), Some(b)) = (a, b) {
            return b != 0 && a % b == 0;
        }
    }
    // Beyond 38 digits: fall back to floating point, as validators do.
    let (x, y) = (n.as_f64().unwrap_or(f64::NAN), m.as_f64().unwrap_or(f64::NAN));
    let q = x / y;
    q.is_finite() && q.fract() == 0.0
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

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// RFC 3339 `full-date`.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 §5.6 `date-time`: `T` and `Z` in either case, an offset
/// required, a leap second (`:60`) accepted where one can occur: at
/// 23:59 UTC (§5.7).
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !(b[10] == b'T' || b[10] == b't') || !s.is_char_boundary(10) {
        return false;
    }
    if !is_date(&s[..10]) {
        return false;
    }
    let t = &b[11..];
    if t.len() < 9 || t[2] != b':' || t[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&t[0..2]), digits(&t[3..5]), digits(&t[6..8]))
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    // Minutes east of UTC.
    let offset: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
            (Some(oh), Some(om)) if oh <= 23 && om <= 59 => {
                let minutes = i64::from(oh * 60 + om);
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return false,
        },
        _ => return false,
    };
    // A leap second ends a UTC day: `23:59:60Z`, or the same instant at an offset.
    sec < 60 || (i64::from(h * 60 + m) - offset).rem_euclid(1440) == 23 * 60 + 59
}

/// RFC 9562's hyphenated form, in either case.
pub(crate) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A JSON syntax error.
pub(crate) fn syntax_error(e: serde_json::Error) -> EventError {
    EventError::new(ErrorKind::Syntax, format!("the input is not valid JSON: {e}"))
}

/// Reads the event type and version that select the schema.
pub(crate) fn identify(
    value: &Value,
    type_field: &str,
    version_field: Option<&str>,
) -> Result<(String, Option<u64>), EventError> {
    let field = |name: &str, expected: &str| {
        EventError::invalid(vec![Violation {
            pointer: String::new(),
            keyword: "required",
            message: format!("the event needs {name:?} ({expected}) to say which schema applies"),
        }])
    };
    let Some(object) = value.as_object() else {
        return Err(EventError::invalid(vec![Violation {
            pointer: String::new(),
            keyword: "type",
            message: format!("expected an object, found {}", value_kind(value)),
        }]));
    };
    let event_type = match object.get(type_field) {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(field(type_field, "a string")),
    };
    let version = match version_field {
        None => None,
        Some(name) => match object.get(name).and_then(Value::as_u64) {
            Some(v) => Some(v),
            None => return Err(field(name, "a positive integer")),
        },
    };
    Ok((event_type, version))
}

fn known_list(known: &[(&str, &[u64])]) -> String {
    known
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An event type that is not registered.
pub(crate) fn unknown_event_type(name: &str, known: &[(&str, &[u64])]) -> EventError {
    EventError::new(
        ErrorKind::UnknownEventType,
        format!("unknown event type {name:?}; known event types: {}", known_list(known)),
    )
}

/// An event type or version that is not registered.
pub(crate) fn unknown(name: &str, version: Option<u64>, known: &[(&str, &[u64])]) -> EventError {
    match (known.iter().find(|(n, _)| *n == name), version) {
        (Some((_, versions)), Some(v)) => EventError::new(
            ErrorKind::UnknownVersion,
            format!("unknown version {v} of event type {name:?}; known versions: {versions:?}"),
        ),
        _ => unknown_event_type(name, known),
    }
}

/// A retired version: registered once, no longer accepted.
#[allow(dead_code)] // used only when the registry has a retired version
pub(crate) fn retired(name: &str, version: u64) -> EventError {
    EventError::new(
        ErrorKind::Retired,
        format!("version {version} of event type {name:?} is retired and no longer accepted"),
    )
}

/// Decodes a validated document into its generated type.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, EventError> {
    serde_json::from_value(value).map_err(|e| {
        EventError::new(
            ErrorKind::Invalid,
            format!("the event is valid but its typed form could not be built ({e}); please report this generator bug"),
        )
    })
}

/// An optional field, read as `Some` whenever it is present: a `null` goes
/// to the value's own type (the envelope's payload may be `null`; a field
/// that does not admit `null` refuses it, rather than reading it as absent).
#[allow(dead_code)] // used only when a schema has an optional property
pub(crate) fn present<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// `Option<Option<T>>` for optional properties that may be `null`: absent is
/// `None`, `null` is `Some(None)`.
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
