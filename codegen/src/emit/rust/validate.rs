//! `src/validate.rs`: the plan of `checks.rs` written out as Rust, one
//! function per named type (`check_CreditLockedV1`), the envelope's checks
//! (`judge_envelope`) and one judge per event (`judge_CreditLockedV1`).
//!
//! The contract is the other runtimes': `(value, path, out)` returns whether
//! `value` is valid; with `out` `None` it returns at the first violation,
//! with a list it records every violation there. A path is a list linked
//! through the stack (`Path`), so a valid document allocates no pointer.
//! The code is written as text, parsed by syn and laid out by prettyplease.

use serde_json::{Number, Value};

use crate::checks::{
    Additional, Check, Checks, NumberCheck, Plan, StringCheck, Sub, NEVER, NOT_ALLOWED,
};
use crate::model::Contracts;
use crate::schema::{Format, JsonType};

pub fn check_name(name: &str) -> String {
    format!("check_{name}")
}

pub fn judge_name(type_name: &str) -> String {
    format!("judge_{type_name}")
}

/// The body of `src/validate.rs` (its header and formatting are the caller's).
pub fn module(c: &Contracts, plan: &Plan, typed: &str) -> syn::File {
    let mut w = Writer::default();
    let mut code = String::from(
        "//! The checks of every type, written out from the schemas. A check returns
        //! whether `value` is valid: with `out` `None` it stops at the first
        //! violation; with a list it records every violation there, each at its JSON
        //! pointer. `parse_event` and `validate_event` run an event's judge.
        //!
        //! Functions and statics keep their type's exact name (`check_CreditLockedV1`,
        //! `CreditLockedV1_PATTERN_1`: upper-casing could make two names one), each check
        //! sits under the test of its value's kind, as the schema nests them, and
        //! every named type has its check, whether or not an event reaches it.
        #![allow(
            non_snake_case,
            non_upper_case_globals,
            dead_code,
            clippy::collapsible_if,
            clippy::collapsible_else_if,
            clippy::collapsible_match
        )]
        #[allow(unused_imports)]
        use crate::runtime::*;
        #[allow(unused_imports)]
        use serde_json::Value;
        ",
    );
    for f in &plan.functions {
        w.start(&format!("{}_", f.name));
        let doc = format!("The checks of `{}`.", f.name);
        code.push_str(&w.function(&doc, &check_name(&f.name), &f.checks));
    }
    if let Some(envelope) = &plan.envelope {
        w.start("judge_envelope_");
        let doc = "What every event's judge checks besides its event type, version and payload.";
        code.push_str(&w.function(doc, "judge_envelope", envelope));
    }
    for j in &plan.judges {
        let e = &c.events[j.event];
        w.start(&format!("{}_", judge_name(&e.type_name)));
        let doc = format!(
            "The judge of a whole `{}` version {} document.",
            crate::emit::text::doc_text(&e.event_type),
            e.version
        );
        code.push_str(&w.function(&doc, &judge_name(&e.type_name), &j.checks));
    }
    code.push_str(typed);
    syn::parse_file(&code).unwrap_or_else(|e| panic!("generated validate.rs parses: {e}\n{code}"))
}

#[derive(Default)]
pub(super) struct Writer {
    prefix: String,
    count: usize,
    locals: usize,
    /// Statics declared for `typed.rs`, written before its function.
    pub(super) statics: String,
    /// The static of each pattern `pattern` declared.
    patterns: std::collections::BTreeMap<String, String>,
}

#[derive(Clone)]
pub(super) struct At {
    /// A local `&Value` holding the value.
    pub(super) value: String,
    /// An expression of type `Path`, or of `&Path` when `path_ref`.
    pub(super) path: String,
    pub(super) path_ref: bool,
}

impl At {
    /// The path as an argument (`&Path`).
    fn arg(&self) -> String {
        if self.path_ref {
            self.path.clone()
        } else {
            format!("&{}", self.path)
        }
    }

    fn below(&self, value: String, token: String) -> At {
        At {
            value,
            path: format!("{}.{token}", self.path),
            path_ref: false,
        }
    }
}

/// Whether the checks of `sub` read the value (`false` reports without it).
fn reads_value(sub: &Sub) -> bool {
    match sub {
        Sub::Inline(c) => reads(c),
        Sub::Call(_) | Sub::Envelope => true,
    }
}

fn reads(ch: &Checks) -> bool {
    if ch.never {
        return false;
    }
    let direct = ch.types.is_some()
        || ch.enum_values.is_some()
        || ch.const_value.is_some()
        || !ch.strings.is_empty()
        || !ch.numbers.is_empty()
        || ch.array.is_some()
        || ch.object.is_some()
        || !ch.any_of.is_empty()
        || !ch.one_of.is_empty();
    direct || ch.reference.iter().chain(&ch.all_of).any(reads_value)
}

/// A binding for a value its checks may not read.
fn binding(name: String, used: bool) -> String {
    if used {
        name
    } else {
        format!("_{name}")
    }
}

pub(super) fn lit(s: &str) -> String {
    format!("{s:?}")
}

impl Writer {
    pub(super) fn start(&mut self, prefix: &str) {
        self.prefix = prefix.to_owned();
        self.count = 0;
        self.locals = 0;
    }

    fn local(&mut self, stem: &str) -> String {
        self.locals += 1;
        format!("{stem}{}", self.locals)
    }

    /// A `static` beside the function, `{TYPE}_{KIND}_{n}`.
    fn constant(&mut self, kind: &str, ty: &str, init: String) -> (String, String) {
        self.count += 1;
        let name = format!("{}{kind}_{}", self.prefix, self.count);
        (format!("static {name}: {ty} = {init};\n"), name)
    }

    fn function(&mut self, doc: &str, name: &str, checks: &Checks) -> String {
        let mut statics = String::new();
        let body = if checks.is_empty() {
            "true".to_owned()
        } else {
            let at = At {
                value: "value".into(),
                path: "path".into(),
                path_ref: true,
            };
            let inner = self.checks(checks, &at, true, &mut statics);
            format!(
                "let start = out.as_ref().map_or(0, Vec::len);\n{inner}\nout.as_ref().is_none_or(|o| o.len() == start)"
            )
        };
        let (value, path, out) = if checks.is_empty() {
            ("_value", "_path", "_out")
        } else if !reads(checks) {
            ("_value", "path", "out")
        } else {
            ("value", "path", "out")
        };
        format!(
            "{statics}#[doc = {}]\npub(crate) fn {name}({value}: &Value, {path}: &Path<'_>, {out}: &mut Out) -> bool {{\n{body}\n}}\n",
            lit(&format!(" {doc}"))
        )
    }

    fn fail(&self, at: &At, keyword: &str, message: &str) -> String {
        format!(
            "fail(out, {}, {}, {})",
            at.arg(),
            lit(keyword),
            lit(message)
        )
    }

    /// A compiled pattern, declared in `statics`; its name.
    /// Each pattern is one static (compiled once) across the functions.
    pub(super) fn pattern(&mut self, p: &str) -> String {
        if let Some(name) = self.patterns.get(p) {
            return name.clone();
        }
        let (decl, name) = self.constant("PATTERN", "Pattern", pattern_init(p));
        self.statics.push_str(&decl);
        self.patterns.insert(p.to_owned(), name.clone());
        name
    }

    pub(super) fn checks(
        &mut self,
        ch: &Checks,
        at: &At,
        top: bool,
        statics: &mut String,
    ) -> String {
        let mut out = String::new();
        if ch.never {
            out.push_str(&format!(
                "if {} {{ return false; }}\n",
                self.fail(at, "false", NEVER)
            ));
            return out;
        }
        if let Some(sub) = &ch.reference {
            out.push_str(&self.sub(sub, at, statics));
        }
        let Some(t) = &ch.types else {
            out.push_str(&self.rest(ch, at, statics));
            return out;
        };
        let tests: Vec<String> = t.kinds.iter().map(|k| kind_test(*k, &at.value)).collect();
        let test = match tests.as_slice() {
            [one] => format!("!{one}"),
            _ => format!("!({})", tests.join(" || ")),
        };
        let report = format!(
            "fail_type(out, {}, {}, {})",
            at.arg(),
            lit(&t.message),
            at.value
        );
        let rest = self.rest(ch, at, statics);
        if top {
            out.push_str(&format!("if {test} {{ {report}; return false; }}\n{rest}"));
        } else if rest.is_empty() {
            out.push_str(&format!(
                "if {test} {{ if {report} {{ return false; }} }}\n"
            ));
        } else {
            out.push_str(&format!(
                "if {test} {{ if {report} {{ return false; }} }} else {{ {rest} }}\n"
            ));
        }
        out
    }

    fn rest(&mut self, ch: &Checks, at: &At, statics: &mut String) -> String {
        let mut out = String::new();
        let v = at.value.clone();
        if let Some(check) = &ch.enum_values {
            out.push_str(&self.values(check, at, statics));
        }
        if let Some(check) = &ch.const_value {
            let as_enum = Check {
                kind: vec![check.kind.clone()],
                keyword: check.keyword,
                message: check.message.clone(),
            };
            out.push_str(&self.values(&as_enum, at, statics));
        }
        if !ch.strings.is_empty() {
            let s = self.local("s");
            let mut body = String::new();
            for check in &ch.strings {
                let test = match &check.kind {
                    StringCheck::MinLength(k) => format!("shorter_than({s}, {k})"),
                    StringCheck::MaxLength(k) => format!("longer_than({s}, {k})"),
                    StringCheck::Pattern(p) => {
                        let (decl, name) = self.constant("PATTERN", "Pattern", pattern_init(p));
                        statics.push_str(&decl);
                        format!("!{name}.is_match({s})")
                    }
                    StringCheck::Format(f) => match f {
                        Format::DateTime => format!("!is_date_time({s})"),
                        Format::Date => format!("!is_date({s})"),
                        Format::Uuid => format!("!is_uuid({s})"),
                        Format::Other(_) => unreachable!("only asserted formats are checked"),
                    },
                };
                body.push_str(&format!(
                    "if {test} && {} {{ return false; }}\n",
                    self.fail(at, check.keyword, &check.message)
                ));
            }
            out.push_str(&format!("if let Value::String({s}) = {v} {{ {body} }}\n"));
        }
        if !ch.numbers.is_empty() {
            let n = self.local("n");
            let mut body = String::new();
            for check in &ch.numbers {
                let (bound, words) = match &check.kind {
                    NumberCheck::Minimum(b) => (b, "== std::cmp::Ordering::Less"),
                    NumberCheck::Maximum(b) => (b, "== std::cmp::Ordering::Greater"),
                    NumberCheck::ExclusiveMinimum(b) => (b, "!= std::cmp::Ordering::Greater"),
                    NumberCheck::ExclusiveMaximum(b) => (b, "!= std::cmp::Ordering::Less"),
                    NumberCheck::MultipleOf(b) => (b, ""),
                };
                let test = match &check.kind {
                    NumberCheck::MultipleOf(_) => {
                        format!("!multiple_of_bound({n}, &{})", number(bound))
                    }
                    _ => format!("compare_bound({n}, &{}) {words}", number(bound)),
                };
                body.push_str(&format!(
                    "if {test} && {} {{ return false; }}\n",
                    self.fail(at, check.keyword, &check.message)
                ));
            }
            out.push_str(&format!("if let Value::Number({n}) = {v} {{ {body} }}\n"));
        }
        if let Some(array) = &ch.array {
            let a = self.local("a");
            let mut body = String::new();
            if let Some(c) = &array.min_items {
                let test = match c.kind {
                    0 => None, // every array has at least none
                    1 => Some(format!("{a}.is_empty()")),
                    k => Some(format!("{a}.len() < {k}")),
                };
                if let Some(test) = test {
                    body.push_str(&format!(
                        "if {test} && {} {{ return false; }}\n",
                        self.fail(at, c.keyword, &c.message)
                    ));
                }
            }
            if let Some(c) = &array.max_items {
                let test = match c.kind {
                    0 => format!("!{a}.is_empty()"),
                    k => format!("{a}.len() > {k}"),
                };
                body.push_str(&format!(
                    "if {test} && {} {{ return false; }}\n",
                    self.fail(at, c.keyword, &c.message)
                ));
            }
            if array.unique_items {
                body.push_str(&format!(
                    "if fail_unique(out, {}, {a}) {{ return false; }}\n",
                    at.arg()
                ));
            }
            if let Some(items) = &array.items {
                let (i, item) = (self.local("i"), self.local("v"));
                let inner = at.below(item.clone(), format!("index({i})"));
                let checks = self.sub(items, &inner, statics);
                let item = binding(item, reads_value(items));
                body.push_str(&format!(
                    "for ({i}, {item}) in {a}.iter().enumerate() {{ {checks} }}\n"
                ));
            }
            out.push_str(&format!("if let Value::Array({a}) = {v} {{ {body} }}\n"));
        }
        if let Some(object) = &ch.object {
            let m = self.local("m");
            let mut body = String::new();
            for (name, message) in &object.required {
                body.push_str(&format!(
                    "if !{m}.contains_key({}) && {} {{ return false; }}\n",
                    lit(name),
                    self.fail(at, "required", message)
                ));
            }
            for (name, sub) in &object.properties {
                let Some(sub) = sub else { continue };
                let local = self.local("v");
                let inner = at.below(local.clone(), format!("key({})", lit(name)));
                let checks = self.sub(sub, &inner, statics);
                let local = binding(local, reads_value(sub));
                body.push_str(&format!(
                    "if let Some({local}) = {m}.get({}) {{ {checks} }}\n",
                    lit(name)
                ));
            }
            if !matches!(object.additional, Additional::Any) {
                let (k, other) = (self.local("k"), self.local("v"));
                let inner = at.below(other.clone(), format!("key({k})"));
                let other = binding(
                    other,
                    match &object.additional {
                        Additional::Checked(sub) => reads_value(sub),
                        _ => false,
                    },
                );
                let mut each = String::new();
                if !object.properties.is_empty() {
                    let names: Vec<String> =
                        object.properties.iter().map(|(n, _)| lit(n)).collect();
                    each.push_str(&format!(
                        "if matches!({k}.as_str(), {}) {{ continue; }}\n",
                        names.join(" | ")
                    ));
                }
                match &object.additional {
                    Additional::Forbidden => each.push_str(&format!(
                        "if {} {{ return false; }}\n",
                        self.fail(&inner, "additionalProperties", NOT_ALLOWED)
                    )),
                    Additional::Checked(sub) => each.push_str(&self.sub(sub, &inner, statics)),
                    Additional::Any => {}
                }
                body.push_str(&format!(
                    "for ({k}, {other}) in object_entries({m}, out) {{ {each} }}\n"
                ));
            }
            out.push_str(&format!("if let Value::Object({m}) = {v} {{ {body} }}\n"));
        }
        for sub in &ch.all_of {
            out.push_str(&self.sub(sub, at, statics));
        }
        for (helper, alternatives) in [("fail_any_of", &ch.any_of), ("fail_one_of", &ch.one_of)] {
            if alternatives.is_empty() {
                continue;
            }
            let listed: Vec<String> = alternatives
                .iter()
                .map(|a| format!("&{}", check_name(a)))
                .collect();
            out.push_str(&format!(
                "if {helper}(out, {}, {v}, &[{}]) {{ return false; }}\n",
                at.arg(),
                listed.join(", ")
            ));
        }
        out
    }

    fn values(&mut self, check: &Check<Vec<Value>>, at: &At, statics: &mut String) -> String {
        let v = &at.value;
        let test = if check.kind.iter().all(Value::is_string) {
            let listed: Vec<String> = check
                .kind
                .iter()
                .map(|s| lit(s.as_str().unwrap_or("")))
                .collect();
            format!("!matches!({v}.as_str(), Some({}))", listed.join(" | "))
        } else if let [Value::Null] = check.kind.as_slice() {
            format!("!{v}.is_null()")
        } else if let [Value::Bool(b)] = check.kind.as_slice() {
            format!("{v}.as_bool() != Some({b})")
        } else {
            let json =
                serde_json::to_string(&Value::Array(check.kind.clone())).expect("serializes");
            let (decl, name) =
                self.constant("VALUES", "Values", format!("Values::new({})", lit(&json)));
            statics.push_str(&decl);
            format!("!{name}.contains({v})")
        };
        format!(
            "if {test} && {} {{ return false; }}\n",
            self.fail(at, check.keyword, &check.message)
        )
    }

    fn sub(&mut self, sub: &Sub, at: &At, statics: &mut String) -> String {
        let callee = match sub {
            Sub::Call(name) => check_name(name),
            Sub::Envelope => "judge_envelope".to_owned(),
            Sub::Inline(checks) => return self.checks(checks, at, false, statics),
        };
        format!(
            "if !{callee}({}, {}, out) && out.is_none() {{ return false; }}\n",
            at.value,
            at.arg()
        )
    }
}

fn kind_test(kind: JsonType, v: &str) -> String {
    match kind {
        JsonType::Null => format!("{v}.is_null()"),
        JsonType::Boolean => format!("{v}.is_boolean()"),
        JsonType::Object => format!("{v}.is_object()"),
        JsonType::Array => format!("{v}.is_array()"),
        JsonType::String => format!("{v}.is_string()"),
        JsonType::Number => format!("{v}.is_number()"),
        JsonType::Integer => format!("is_integer({v})"),
    }
}

/// A pattern's `static` initializer: with the `regex` crate's spelling
/// where `pattern.rs` has one.
fn pattern_init(p: &str) -> String {
    match crate::emit::pattern::translate(p) {
        Some(t) => format!("Pattern::translated({}, {})", lit(p), lit(&t)),
        None => format!("Pattern::new({})", lit(p)),
    }
}

/// A schema number as a `Bound` (exact for integers, a double otherwise).
pub(super) fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        format!("Bound::Int({i})")
    } else if let Some(u) = n.as_u64() {
        format!("Bound::Int({u})")
    } else {
        format!("Bound::Float({:?})", n.as_f64().unwrap_or(0.0))
    }
}
