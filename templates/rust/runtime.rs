//! The helpers of the generated checks (`validate.rs`) and the errors of
//! `parse_event` and `validate_event`.
//!
//! The checks follow the project's SPEC: `1.0` is an integer, `multipleOf` is
//! exact on decimals, patterns are ECMA-262 with the `u` flag (each compiled on
//! first use), lengths count code points, and the formats `date-time`, `date`
//! and `uuid` are asserted. The TypeScript and Python packages check the same
//! way and word every violation the same.

use std::cmp::Ordering;
use std::fmt;

use std::sync::OnceLock;

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

/// Where a value is: a list of tokens linked through the stack, so that a
/// valid document never builds a pointer.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    token: Token<'a>,
}

#[derive(Clone, Copy)]
enum Token<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub(crate) const ROOT: Path<'static> = Path {
        parent: None,
        token: Token::Root,
    };

    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            token: Token::Key(key),
        }
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            token: Token::Index(index),
        }
    }

    /// The JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`).
    fn pointer(&self) -> String {
        let mut tokens = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            tokens.push(p.token);
            at = p.parent;
        }
        let mut out = String::new();
        for token in tokens.iter().rev() {
            match token {
                Token::Root => {}
                Token::Key(k) => {
                    out.push('/');
                    out.push_str(&k.replace('~', "~0").replace('/', "~1"));
                }
                Token::Index(i) => {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    }
}

/// Where violations go: a list that records every one, or `None` to stop at
/// the first (the answer is then only whether the value is valid).
pub(crate) type Out = Option<Vec<Violation>>;

/// A generated check: whether `value` is valid, recording into `out`.
pub(crate) type Check = fn(&Value, &Path<'_>, &mut Out) -> bool;

/// An alternative of `anyOf`/`oneOf`: a check function (or, in `lint`, the
/// plan run directly).
pub(crate) type Alternative<'a> = dyn Fn(&Value, &Path<'_>, &mut Out) -> bool + 'a;

/// Records a violation; returns whether the check must stop (no list).
pub(crate) fn fail(out: &mut Out, path: &Path<'_>, keyword: &'static str, message: &str) -> bool {
    match out {
        None => true,
        Some(list) => {
            list.push(Violation {
                pointer: path.pointer(),
                keyword,
                message: message.to_owned(),
            });
            false
        }
    }
}

/// A value of the wrong kind: `expected` is followed by what it is.
pub(crate) fn fail_type(out: &mut Out, path: &Path<'_>, expected: &str, value: &Value) -> bool {
    if out.is_none() {
        return true;
    }
    fail(out, path, "type", &format!("{expected}{}", value_kind(value)))
}

/// `uniqueItems`: reports the first two equal items.
pub(crate) fn fail_unique(out: &mut Out, path: &Path<'_>, items: &[Value]) -> bool {
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if json_equal(&items[i], &items[j]) {
                return fail(out, path, "uniqueItems", &format!("items {i} and {j} are equal"));
            }
        }
    }
    false
}

/// The violations of `value` against `check`: none when the fast pass accepts it.
pub(crate) fn violations(check: Check, value: &Value) -> Vec<Violation> {
    if check(value, &Path::ROOT, &mut None) {
        return Vec::new();
    }
    let mut out = Some(Vec::new());
    check(value, &Path::ROOT, &mut out);
    out.unwrap_or_default()
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `1`, `1 and 2`, `1, 2 and 3`.
fn listed(numbers: &[usize]) -> String {
    match numbers {
        [] => String::new(),
        [only] => only.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(usize::to_string).collect();
            format!("{} and {last}", init.join(", "))
        }
    }
}

/// `anyOf`: unless some alternative accepts `value`, reports the one that
/// came closest (fewest violations; the first of equals) and its first
/// violation, not every alternative's.
pub(crate) fn fail_any_of(out: &mut Out, path: &Path<'_>, value: &Value, alternatives: &[&Alternative<'_>]) -> bool {
    if alternatives.iter().any(|check| check(value, path, &mut None)) {
        return false;
    }
    fail_none(out, path, value, "anyOf", alternatives)
}

/// `oneOf`: reports when no alternative, or more than one, accepts `value`.
pub(crate) fn fail_one_of(out: &mut Out, path: &Path<'_>, value: &Value, alternatives: &[&Alternative<'_>]) -> bool {
    let matching: Vec<usize> = (0..alternatives.len())
        .filter(|&i| alternatives[i](value, path, &mut None))
        .map(|i| i + 1)
        .collect();
    match matching.len() {
        1 => false,
        0 => fail_none(out, path, value, "oneOf", alternatives),
        _ => {
            let message = format!("matches alternatives {}, but must match exactly one", listed(&matching));
            fail(out, path, "oneOf", &message)
        }
    }
}

fn fail_none(
    out: &mut Out,
    path: &Path<'_>,
    value: &Value,
    keyword: &'static str,
    alternatives: &[&Alternative<'_>],
) -> bool {
    if out.is_none() {
        return true;
    }
    let mut closest = 0;
    let mut found: Vec<Violation> = Vec::new();
    for (i, check) in alternatives.iter().enumerate() {
        let mut mine = Some(Vec::new());
        check(value, path, &mut mine);
        let mine = mine.unwrap_or_default();
        if i == 0 || mine.len() < found.len() {
            closest = i;
            found = mine;
        }
    }
    let why = match found.first() {
        None => String::new(),
        Some(first) => format!(
            "; the closest, alternative {}, has {}, the first at {}: {} ({})",
            closest + 1,
            plural(found.len(), "violation"),
            if first.pointer.is_empty() { "(root)" } else { &first.pointer },
            first.message,
            first.keyword
        ),
    };
    let message = match alternatives.len() {
        1 => format!("does not match its only alternative{why}"),
        n => format!("matches none of the {n} alternatives{why}"),
    };
    fail(out, path, keyword, &message)
}

/// The properties of an object; when violations are listed, in JavaScript's
/// order (array indices first, ascending), so every runtime lists them alike.
pub(crate) fn object_entries<'a>(map: &'a Map<String, Value>, out: &Out) -> Vec<(&'a String, &'a Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    if out.is_some() {
        entries.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |i| (0, i)));
    }
    entries
}

fn array_index(key: &str) -> Option<u64> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    let n: u64 = key.parse().ok().filter(|_| canonical && key.bytes().all(|b| b.is_ascii_digit()))?;
    (n < u64::from(u32::MAX)).then_some(n)
}

/// An ECMA-262 pattern (`u` flag), compiled on its first use: by the
/// `regex` crate when the generator wrote it a translation that means the
/// same (its automata never backtrack), else by `regress`.
pub(crate) struct Pattern {
    source: &'static str,
    translated: Option<&'static str>,
    regex: OnceLock<Compiled>,
}

enum Compiled {
    Regex(regex::Regex),
    Ecma(regress::Regex),
}

impl Pattern {
    pub(crate) const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            translated: None,
            regex: OnceLock::new(),
        }
    }

    /// `source` with the `regex` crate's spelling of the same pattern.
    #[allow(dead_code)] // used only when a pattern translates
    pub(crate) const fn translated(source: &'static str, translated: &'static str) -> Self {
        Pattern {
            source,
            translated: Some(translated),
            regex: OnceLock::new(),
        }
    }

    pub(crate) fn is_match(&self, s: &str) -> bool {
        let compiled = self.regex.get_or_init(|| match self.translated {
            Some(t) => Compiled::Regex(regex::Regex::new(t).expect("translations are checked at generation")),
            None => Compiled::Ecma(regress::Regex::with_flags(self.source, "u").expect("patterns are checked at generation")),
        });
        match compiled {
            Compiled::Regex(r) => r.is_match(s),
            Compiled::Ecma(r) => r.find(s).is_some(),
        }
    }
}

/// The values of an `enum` that are not all strings, read on first use.
pub(crate) struct Values {
    json: &'static str,
    values: OnceLock<Vec<Value>>,
}

impl Values {
    pub(crate) const fn new(json: &'static str) -> Self {
        Values {
            json,
            values: OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, value: &Value) -> bool {
        self.values
            .get_or_init(|| serde_json::from_str(self.json).expect("generated values are JSON"))
            .iter()
            .any(|v| json_equal(v, value))
    }
}

/// A bound of the schema: exact when an integer, a double otherwise.
pub(crate) enum Bound {
    Int(i128),
    Float(f64),
}

/// A number against a bound, as [`compare`] orders two numbers.
pub(crate) fn compare_bound(n: &Number, bound: &Bound) -> Ordering {
    match (as_i128(n), bound) {
        (Some(x), Bound::Int(y)) => x.cmp(y),
        (_, Bound::Int(y)) => float_order(n.as_f64(), *y as f64),
        (_, Bound::Float(y)) => float_order(n.as_f64(), *y),
    }
}

fn float_order(x: Option<f64>, y: f64) -> Ordering {
    x.unwrap_or(f64::NAN).partial_cmp(&y).unwrap_or(Ordering::Equal)
}

/// `multipleOf`, exact on decimals.
pub(crate) fn multiple_of_bound(n: &Number, bound: &Bound) -> bool {
    let m = match bound {
        Bound::Int(i) => i64::try_from(*i)
            .map(Number::from)
            .ok()
            .or_else(|| u64::try_from(*i).ok().map(Number::from)),
        Bound::Float(f) => Number::from_f64(*f),
    };
    m.is_some_and(|m| is_multiple_of(n, &m))
}

/// JSON Schema's `integer`: a number with no fraction (`1.0` included).
pub(crate) fn is_integer(value: &Value) -> bool {
    value.as_number().is_some_and(is_integer_number)
}

/// Whether `s` has fewer than `k` code points (JSON Schema's length).
pub(crate) fn shorter_than(s: &str, k: u64) -> bool {
    // A code point is one to four bytes in UTF-8.
    let bytes = s.len() as u64;
    bytes < k || (bytes < 4 * k && (s.chars().count() as u64) < k)
}

/// Whether `s` has more than `k` code points.
pub(crate) fn longer_than(s: &str, k: u64) -> bool {
    let bytes = s.len() as u64;
    bytes > k && (bytes > 4 * k || (s.chars().count() as u64) > k)
}

pub(crate) fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::Number(n) if is_integer_number(n) => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
    }
}

pub(crate) fn is_integer_number(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
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

pub(crate) fn is_multiple_of(n: &Number, m: &Number) -> bool {
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

/// A required member whose type reads `null` (an `Option` underneath): a
/// field with `deserialize_with` makes serde refuse a document without the
/// member, where it would otherwise read it as `None`.
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) fn required<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(deserializer)
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

/// Reads a type only from what its JSON Schema type is: serde's derived
/// structs accept an array as well as an object (`[]` is a struct whose
/// fields all default), so an untagged enum would read an array as its
/// first struct alternative. Every request but a struct's is passed on.
#[allow(dead_code)] // used only when a schema has a union of objects
pub(crate) fn object<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(ObjectOnly(deserializer))
}

struct ObjectOnly<D>(D);

macro_rules! pass_on {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: serde::de::Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    pass_on! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// `parse_event`'s first try: the text decoded straight into the typed
/// event and judged there by a `fast_judge_` function of `validate.rs`.
/// `None` (the text did not decode, or the judge could not vouch for it)
/// leaves the verdict to the precise pass over a `Value`.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(json: &str, judge: fn(&T) -> bool) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(Shaped(&mut de)).ok()?;
    de.end().ok()?;
    Some(value).filter(judge)
}

/// Whether a `Value` the fast pass decoded is the one the precise pass
/// builds: that pass reads an integral float (`1.0`) as an integer.
#[allow(dead_code)] // used only when a typed event holds plain JSON
pub(crate) fn as_precise(value: &Value) -> bool {
    match value {
        Value::Number(n) => !n.as_f64().is_some_and(|f| n.is_f64() && f.fract() == 0.0),
        Value::Array(items) => items.iter().all(as_precise),
        Value::Object(map) => map.values().all(as_precise),
        _ => true,
    }
}

/// `uniqueItems` on typed items whose equality is JSON's.
#[allow(dead_code)] // used only when a schema has `uniqueItems`
pub(crate) fn all_unique<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(i, a)| items[i + 1..].iter().all(|b| a != b))
}

/// The event type and version of a document, read from its members in
/// order and no further than both: producers write them first, so the
/// fast pass pays for a few members, not a second reading of the whole
/// text. `None` for anything unusual (the type not a string, the version
/// not an unsigned integer, either one missing or repeated before both
/// were found): the precise pass decides those. The typed event read
/// afterwards holds both again, and its judge checks them.
pub(crate) fn peek<'a>(
    json: &'a str,
    type_field: &str,
    version_field: Option<&str>,
) -> Option<(std::borrow::Cow<'a, str>, Option<u64>)> {
    use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;

    /// What a member's name is to the peek.
    enum Key {
        Type,
        Version,
        Other,
    }
    struct KeySeed<'f> {
        type_field: &'f str,
        version_field: Option<&'f str>,
    }
    impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
        type Value = Key;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
            d.deserialize_str(self)
        }
    }
    impl Visitor<'_> for KeySeed<'_> {
        type Value = Key;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a member name")
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<Key, E> {
            Ok(if s == self.type_field {
                Key::Type
            } else if Some(s) == self.version_field {
                Key::Version
            } else {
                Key::Other
            })
        }
    }
    struct Peek<'f, 'a> {
        type_field: &'f str,
        version_field: Option<&'f str>,
        found: &'f mut (Option<Cow<'a, str>>, Option<u64>),
    }
    impl<'a> Visitor<'a> for Peek<'_, 'a> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
            let seed = || KeySeed {
                type_field: self.type_field,
                version_field: self.version_field,
            };
            while let Some(key) = map.next_key_seed(seed())? {
                match key {
                    Key::Type if self.found.0.is_none() => {
                        self.found.0 = Some(map.next_value::<Cow<'a, str>>()?);
                    }
                    Key::Version if self.found.1.is_none() => {
                        self.found.1 = Some(map.next_value::<u64>()?);
                    }
                    Key::Type | Key::Version => return Err(A::Error::custom("repeated")),
                    Key::Other => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if self.found.0.is_some() && (self.version_field.is_none() || self.found.1.is_some()) {
                    // Found: the rest is the typed reading's.
                    return Err(A::Error::custom("found"));
                }
            }
            Ok(())
        }
    }
    let mut found = (None, None);
    let mut de = serde_json::Deserializer::from_str(json);
    let _ = de.deserialize_map(Peek {
        type_field,
        version_field,
        found: &mut found,
    });
    let (event_type, version) = found;
    let event_type = event_type?;
    if version_field.is_some() && version.is_none() {
        return None;
    }
    Some((event_type, version))
}

/// An enum of unit variants read only from one of its strings (serde's
/// derived enums also read `{"variant": null}`, which the schema refuses).
#[allow(dead_code)] // used only when a schema has a string enum
pub(crate) fn unit_variant<'de, D: serde::Deserializer<'de>, T: Clone>(
    deserializer: D,
    variants: &[(&'static str, T)],
) -> Result<T, D::Error> {
    struct Visit<'v, T>(&'v [(&'static str, T)]);
    impl<T: Clone> serde::de::Visitor<'_> for Visit<'_, T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("one of the enum's strings")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            match self.0.iter().find(|(wire, _)| *wire == s) {
                Some((_, variant)) => Ok(variant.clone()),
                None => Err(E::invalid_value(serde::de::Unexpected::Str(s), &self)),
            }
        }
    }
    deserializer.deserialize_str(Visit(variants))
}

/// serde's derived structs also read an array (its items as the fields in
/// order), and the fast pass decodes before it validates: every value is
/// read through `Shaped`, whose structs read only an object. The rest of
/// serde's reading is passed on as it is.
pub(crate) struct Shaped<D>(pub(crate) D);

struct ShapedVisitor<V>(V);
struct ShapedMap<M>(M);
struct ShapedSeq<S>(S);
struct ShapedSeed<S>(S);

macro_rules! shaped_forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: serde::de::Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* ShapedVisitor(visitor))
        }
    )*};
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for Shaped<D> {
    type Error = D::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(ShapedVisitor(visitor))
    }

    shaped_forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit_forward {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: serde::de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for ShapedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit_forward! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.0.visit_some(Shaped(d))
    }

    fn visit_newtype_struct<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.0.visit_newtype_struct(Shaped(d))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(ShapedSeq(seq))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(ShapedMap(map))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        // Enums the fast pass vouches for are read from a string
        // (`unit_variant`); no other reaches a typed judge.
        self.0.visit_enum(data)
    }
}

impl<'de, M: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for ShapedMap<M> {
    type Error = M::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, M::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, M::Error> {
        self.0.next_value_seed(ShapedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: serde::de::SeqAccess<'de>> serde::de::SeqAccess<'de> for ShapedSeq<S> {
    type Error = S::Error;

    fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, S::Error> {
        self.0.next_element_seed(ShapedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, T: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for ShapedSeed<T> {
    type Value = T::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Shaped(d))
    }
}
