//! The plan of `checks.rs` run directly on a value: `lint` judges each
//! schema's `examples` with the checks, the words and the helpers
//! (`runtime.rs`, compiled in here) of the generated code, without
//! generating it.

use std::collections::HashMap;

use serde_json::{Number, Value};

use crate::checks::{
    Additional, Checks, Function, NumberCheck, Plan, StringCheck, Sub, NEVER, NOT_ALLOWED,
};
use crate::runtime::{
    compare_bound, fail, fail_any_of, fail_one_of, fail_type, fail_unique, is_date, is_date_time,
    is_integer, is_uuid, json_equal, longer_than, multiple_of_bound, object_entries, shorter_than,
    Bound, Out, Path, Violation,
};
use crate::schema::{Format, JsonType};

/// The functions of a plan, by name.
pub struct Verdicts<'a> {
    functions: HashMap<&'a str, &'a Checks>,
    envelope: Option<&'a Checks>,
}

impl<'a> Verdicts<'a> {
    pub fn new(plan: &'a Plan, extra: &'a [Function]) -> Self {
        Verdicts {
            functions: plan
                .functions
                .iter()
                .chain(extra)
                .map(|f| (f.name.as_str(), &f.checks))
                .collect(),
            envelope: plan.envelope.as_ref(),
        }
    }

    /// Every violation of `value`, in the generated code's order and words.
    pub fn violations(&self, checks: &Checks, value: &Value) -> Vec<Violation> {
        let mut out = Some(Vec::new());
        self.run(checks, value, &Path::ROOT, &mut out);
        out.unwrap_or_default()
    }

    /// Every violation of `doc`, a whole document, by the judge of event
    /// `event` (an index into `Contracts::events`), as `[pointer, keyword,
    /// message]`: what the generated `parse_event` reports for it, which
    /// the conformance corpus holds this to (`tests/src/bin/corpus.rs`).
    /// `None` when the event has no judge (a retired one).
    pub fn judge(&self, plan: &Plan, event: usize, doc: &Value) -> Option<Vec<[String; 3]>> {
        let judge = plan.judges.iter().find(|j| j.event == event)?;
        let mut doc = doc.clone();
        crate::runtime::normalize_numbers(&mut doc);
        let violations = self.violations(&judge.checks, &doc);
        Some(
            violations
                .into_iter()
                .map(|v| [v.pointer, v.keyword.to_owned(), v.message])
                .collect(),
        )
    }

    fn function(&self, name: &str) -> &'a Checks {
        self.functions
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("the plan has a function {name}"))
    }

    fn sub(&self, sub: &Sub, value: &Value, path: &Path<'_>, out: &mut Out) -> bool {
        match sub {
            Sub::Call(name) => self.run(self.function(name), value, path, out),
            Sub::Envelope => match self.envelope {
                Some(e) => self.run(e, value, path, out),
                None => true,
            },
            Sub::Inline(checks) => self.run(checks, value, path, out),
        }
    }

    fn run(&self, ch: &Checks, value: &Value, path: &Path<'_>, out: &mut Out) -> bool {
        let start = out.as_ref().map_or(0, Vec::len);
        let valid = |out: &Out| out.as_ref().is_none_or(|o| o.len() == start);
        if ch.never {
            fail(out, path, "false", NEVER);
            return false;
        }
        if let Some(sub) = &ch.reference {
            if !self.sub(sub, value, path, out) && out.is_none() {
                return false;
            }
        }
        if let Some(t) = &ch.types {
            if !t.kinds.iter().any(|k| is_kind(*k, value)) {
                fail_type(out, path, &t.message, value);
                return false;
            }
        }
        for check in ch.enum_values.iter() {
            if !check.kind.iter().any(|v| json_equal(v, value))
                && fail(out, path, check.keyword, &check.message)
            {
                return false;
            }
        }
        if let Some(check) = &ch.const_value {
            if !json_equal(&check.kind, value) && fail(out, path, check.keyword, &check.message) {
                return false;
            }
        }
        if let Value::String(s) = value {
            for check in &ch.strings {
                if string_fails(&check.kind, s) && fail(out, path, check.keyword, &check.message) {
                    return false;
                }
            }
        }
        if let Value::Number(n) = value {
            for check in &ch.numbers {
                use std::cmp::Ordering::{Greater, Less};
                let failed = match &check.kind {
                    NumberCheck::Minimum(b) => compare_bound(n, &bound(b)) == Less,
                    NumberCheck::Maximum(b) => compare_bound(n, &bound(b)) == Greater,
                    NumberCheck::ExclusiveMinimum(b) => compare_bound(n, &bound(b)) != Greater,
                    NumberCheck::ExclusiveMaximum(b) => compare_bound(n, &bound(b)) != Less,
                    NumberCheck::MultipleOf(b) => !multiple_of_bound(n, &bound(b)),
                };
                if failed && fail(out, path, check.keyword, &check.message) {
                    return false;
                }
            }
        }
        if let (Value::Array(items), Some(a)) = (value, &ch.array) {
            for c in a.min_items.iter().filter(|c| (items.len() as u64) < c.kind) {
                if fail(out, path, c.keyword, &c.message) {
                    return false;
                }
            }
            for c in a.max_items.iter().filter(|c| (items.len() as u64) > c.kind) {
                if fail(out, path, c.keyword, &c.message) {
                    return false;
                }
            }
            if a.unique_items && fail_unique(out, path, items) {
                return false;
            }
            if let Some(sub) = &a.items {
                for (i, item) in items.iter().enumerate() {
                    if !self.sub(sub, item, &path.index(i), out) && out.is_none() {
                        return false;
                    }
                }
            }
        }
        if let (Value::Object(map), Some(o)) = (value, &ch.object) {
            for (name, message) in &o.required {
                if !map.contains_key(name) && fail(out, path, "required", message) {
                    return false;
                }
            }
            for (name, sub) in &o.properties {
                if let (Some(sub), Some(v)) = (sub, map.get(name)) {
                    if !self.sub(sub, v, &path.key(name), out) && out.is_none() {
                        return false;
                    }
                }
            }
            if !matches!(o.additional, Additional::Any) {
                for (k, v) in object_entries(map, out) {
                    if o.properties.iter().any(|(name, _)| name == k) {
                        continue;
                    }
                    let at = path.key(k);
                    let stop = match &o.additional {
                        Additional::Forbidden => {
                            fail(out, &at, "additionalProperties", NOT_ALLOWED)
                        }
                        Additional::Checked(sub) => !self.sub(sub, v, &at, out) && out.is_none(),
                        Additional::Any => false,
                    };
                    if stop {
                        return false;
                    }
                }
            }
        }
        for sub in &ch.all_of {
            if !self.sub(sub, value, path, out) && out.is_none() {
                return false;
            }
        }
        let run = |name: &String| {
            let checks = self.function(name);
            move |v: &Value, p: &Path<'_>, o: &mut Out| self.run(checks, v, p, o)
        };
        for (alternatives, one) in [(&ch.any_of, false), (&ch.one_of, true)] {
            if alternatives.is_empty() {
                continue;
            }
            let closures: Vec<_> = alternatives.iter().map(run).collect();
            let checks: Vec<&crate::runtime::Alternative<'_>> = closures
                .iter()
                .map(|c| c as &crate::runtime::Alternative<'_>)
                .collect();
            let stop = if one {
                fail_one_of(out, path, value, &checks)
            } else {
                fail_any_of(out, path, value, &checks)
            };
            if stop {
                return false;
            }
        }
        valid(out)
    }
}

fn is_kind(kind: JsonType, value: &Value) -> bool {
    match kind {
        JsonType::Null => value.is_null(),
        JsonType::Boolean => value.is_boolean(),
        JsonType::Object => value.is_object(),
        JsonType::Array => value.is_array(),
        JsonType::String => value.is_string(),
        JsonType::Number => value.is_number(),
        JsonType::Integer => is_integer(value),
    }
}

fn bound(n: &Number) -> Bound {
    match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => Bound::Int(i.into()),
        (_, Some(u)) => Bound::Int(u.into()),
        _ => Bound::Float(n.as_f64().unwrap_or(0.0)),
    }
}

/// Whether string `s` fails one string keyword (also how the Rust emitter
/// decides a listed string's keywords at generation).
pub(crate) fn string_fails(kind: &StringCheck, s: &str) -> bool {
    match kind {
        StringCheck::MinLength(k) => shorter_than(s, *k),
        StringCheck::MaxLength(k) => longer_than(s, *k),
        StringCheck::Pattern(p) => regress::Regex::with_flags(p, "u")
            .map(|r| r.find(s).is_none())
            .unwrap_or(true),
        StringCheck::Format(Format::DateTime) => !is_date_time(s),
        StringCheck::Format(Format::Date) => !is_date(s),
        StringCheck::Format(Format::Uuid) => !is_uuid(s),
        StringCheck::Format(Format::Other(_)) => false,
    }
}
