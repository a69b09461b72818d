//! `_validate.py`: the plan of `checks.rs` written out as Python, one
//! function per named type (`check_CreditLockedV1`), the envelope's checks
//! (`judge_envelope`) and one judge per event (`judge_CreditLockedV1`).
//!
//! The contract is the TypeScript one: `(value, path, out)` returns whether
//! `value` is valid; with `out is None` it returns at the first violation,
//! with a list it records every violation there. Lines are written as ruff
//! formats them: a call or tuple that does not fit in 120 columns is
//! written one item per line with a trailing comma, which ruff keeps.

use serde_json::Value;

use super::syntax::{bracketed, import_from, string_literal, WIDTH};
use crate::checks::{
    Additional, Check, Checks, NumberCheck, Plan, StringCheck, Sub, NEVER, NOT_ALLOWED,
};
use crate::home::Home;
use crate::model::Contracts;
use crate::schema::{Format, JsonType};

const SHARED_DOC: &str = "\"\"\"The checks of the envelope and of the types several events share,
written out from the schemas; each event's own are in a module of its own.

A check returns whether ``value`` is valid: with ``out`` None it stops at the
first violation; with a list it records every violation there, each at its
JSON pointer. ``parse_event`` and ``validate_event`` run an event's judge.
\"\"\"
";

/// The rest of an event module's docstring.
const EVENT_DOC: &str =
    "A check returns whether ``value`` is valid: with ``out`` None it stops at the
first violation; with a list it records every violation there, each at its
JSON pointer.
\"\"\"
";

/// The helpers of `_runtime.py` the generated code may call.
const HELPERS: &[&str] = &[
    "Out",
    "Pattern",
    "at",
    "fail",
    "fail_any_of",
    "fail_one_of",
    "fail_type",
    "fail_unique",
    "is_date",
    "is_date_time",
    "is_integer",
    "is_multiple_of",
    "is_number",
    "is_uuid",
    "json_in",
    "kind_of",
    "object_keys",
];

pub fn check_name(name: &str) -> String {
    format!("check_{name}")
}

pub fn judge_name(type_name: &str) -> String {
    format!("judge_{type_name}")
}

/// The checks declared in `home`'s module: `_validate/__init__.py` for the
/// shared types and the envelope, `_validate/{module}.py` for an event's own
/// types and its judge (loaded with the event's models, on first use).
pub fn module(c: &Contracts, plan: &Plan, home: Home, header: &str) -> String {
    let mut w = Writer::default();
    let mut parts: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut declared = std::collections::BTreeSet::new();
    for f in plan.functions.iter().filter(|f| f.home == home) {
        w.start(&format!("_{}", f.name));
        let doc = format!("The checks of ``{}``.", f.name);
        let name = check_name(&f.name);
        let lines = w.function(&doc, &name, &f.checks);
        declared.insert(name);
        parts.push((std::mem::take(&mut w.constants), lines));
    }
    if let (Some(envelope), Home::Shared) = (&plan.envelope, home) {
        w.start("_judge_envelope");
        let doc = "What every event's judge checks besides its event type, version and payload.";
        let lines = w.function(doc, "judge_envelope", envelope);
        declared.insert("judge_envelope".to_owned());
        parts.push((std::mem::take(&mut w.constants), lines));
    }
    for j in plan.judges.iter().filter(|j| home == Home::Event(j.event)) {
        let e = &c.events[j.event];
        w.start(&format!("_{}", judge_name(&e.type_name)));
        let doc = format!(
            "The judge of a whole ``{}`` version {} document.",
            e.event_type, e.version
        );
        let doc = super::syntax::docstring(Some(&doc)).unwrap_or_default();
        let lines = w.function(&doc, &judge_name(&e.type_name), &j.checks);
        parts.push((std::mem::take(&mut w.constants), lines));
    }
    let mut out = String::from(header);
    // Each check sits under the test of its value's kind or presence, as the
    // schema nests them; joined into one condition they would read worse.
    if !parts.is_empty() {
        out.push_str("# ruff: noqa: SIM102\n");
    }
    out.push_str(&match home {
        Home::Shared => SHARED_DOC.to_owned(),
        Home::Event(i) => format!(
            "\"\"\"The checks of ``{}`` version {}: its own types and its judge.\n\n{EVENT_DOC}",
            c.events[i].event_type, c.events[i].version
        ),
    });
    if parts.is_empty() {
        return out; // no shared type has checks of its own
    }
    out.push_str("\nfrom __future__ import annotations\n\n");
    if w.used.contains("json") {
        out.push_str("import json\n");
    }
    out.push_str("from typing import Any\n\n");
    let used: Vec<String> = HELPERS
        .iter()
        .filter(|h| w.used.contains(**h))
        .map(|h| (*h).to_owned())
        .collect();
    out.push_str(&import_from(".._runtime", &used));
    out.push('\n');
    // An event's checks call the shared ones they need by name (isort puts
    // the closer module last).
    let shared: Vec<String> = w.calls.difference(&declared).cloned().collect();
    if !shared.is_empty() {
        out.push_str(&import_from(".", &shared));
        out.push('\n');
    }
    // Top-level statements are two blank lines apart, as ruff writes them,
    // but for one between the imports and a constant (isort's rule).
    let mut first = true;
    for (constants, lines) in parts {
        for (block, is_def) in [(constants, false), (lines, true)] {
            if block.is_empty() {
                continue;
            }
            out.push_str(if first && !is_def { "\n" } else { "\n\n" });
            first = false;
            out.push_str(&block.join("\n"));
            out.push('\n');
        }
    }
    out
}

#[derive(Default)]
struct Writer {
    /// The prefix of the current function's constants.
    owner: String,
    count: usize,
    constants: Vec<String>,
    locals: usize,
    used: std::collections::BTreeSet<String>,
    /// Every generated check called, which an event's module imports
    /// unless it declares it.
    calls: std::collections::BTreeSet<String>,
}

#[derive(Clone)]
struct At {
    value: String,
    path: String,
}

impl Writer {
    fn start(&mut self, owner: &str) {
        self.owner = owner.to_owned();
        self.count = 0;
        self.locals = 0;
    }

    fn call(&mut self, type_name: &str) -> String {
        let name = check_name(type_name);
        self.calls.insert(name.clone());
        name
    }

    fn helper(&mut self, name: &str) -> String {
        self.used.insert(name.to_owned());
        name.to_owned()
    }

    /// A module constant, `{owner}_{kind}_{n} = callee(argument)`.
    fn constant(&mut self, kind: &str, callee: &str, argument: String) -> String {
        self.count += 1;
        let name = format!("{}_{kind}_{}", self.owner, self.count);
        self.constants
            .push(call_line(0, &format!("{name} = "), callee, &[argument], ""));
        name
    }

    fn function(&mut self, doc: &str, name: &str, checks: &Checks) -> Vec<String> {
        let out = self.helper("Out");
        let mut lines = vec![
            format!("def {name}(value: Any, path: str, out: {out}) -> bool:"),
            format!("    \"\"\"{doc}\"\"\""),
        ];
        if checks.is_empty() {
            lines.push("    return True".into());
            return lines;
        }
        lines.push("    start = 0 if out is None else len(out)".into());
        let at = At {
            value: "value".into(),
            path: "path".into(),
        };
        lines.extend(self.checks(checks, &at, true, 1));
        lines.push("    return out is None or len(out) == start".into());
        lines
    }

    fn checks(&mut self, ch: &Checks, at: &At, top: bool, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        if ch.never {
            let fail = self.fail_args(at, "false", NEVER);
            out.extend(stop_if(depth, &self.helper("fail"), &fail));
            return out;
        }
        if let Some(sub) = &ch.reference {
            out.extend(self.sub(sub, at, depth));
        }
        let Some(t) = &ch.types else {
            out.extend(self.rest(ch, at, None, depth));
            return out;
        };
        let known = match t.kinds.as_slice() {
            [k] => Some(*k),
            _ => None,
        };
        let test = self.type_test(&t.kinds, &at.value);
        let args = vec![
            "out".to_owned(),
            at.path.clone(),
            string_literal(&t.message),
            at.value.clone(),
        ];
        let fail_type = self.helper("fail_type");
        let pad = indent(depth);
        if top {
            out.push(format!("{pad}if not {test}:"));
            out.push(call_line(depth + 1, "", &fail_type, &args, ""));
            out.push(format!("{pad}    return False"));
            out.extend(self.rest(ch, at, known, depth));
            return out;
        }
        let rest = self.rest(ch, at, known, depth + 1);
        out.push(format!("{pad}if not {test}:"));
        out.extend(stop_if(depth + 1, &fail_type, &args));
        if !rest.is_empty() {
            out.push(format!("{pad}else:"));
            out.extend(rest);
        }
        out
    }

    fn type_test(&mut self, kinds: &[JsonType], v: &str) -> String {
        match kinds {
            [k] => self.kind_test(*k, v),
            _ => {
                let mut names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                if kinds.contains(&JsonType::Number) && !kinds.contains(&JsonType::Integer) {
                    names.push("integer");
                }
                let kind_of = self.helper("kind_of");
                let listed: Vec<String> = names.iter().map(|n| string_literal(n)).collect();
                format!("({kind_of}({v}) in ({}))", listed.join(", "))
            }
        }
    }

    fn kind_test(&mut self, kind: JsonType, v: &str) -> String {
        match kind {
            JsonType::Null => format!("({v} is None)"),
            JsonType::Boolean => format!("isinstance({v}, bool)"),
            JsonType::Object => format!("isinstance({v}, dict)"),
            JsonType::Array => format!("isinstance({v}, list)"),
            JsonType::String => format!("isinstance({v}, str)"),
            JsonType::Number => format!("{}({v})", self.helper("is_number")),
            JsonType::Integer => format!("{}({v})", self.helper("is_integer")),
        }
    }

    fn fail_args(&self, at: &At, keyword: &str, message: &str) -> Vec<String> {
        vec![
            "out".to_owned(),
            at.path.clone(),
            string_literal(keyword),
            string_literal(message),
        ]
    }

    /// `if test:` then `if fail(…): return False`.
    fn fail_if(
        &mut self,
        depth: usize,
        test: &str,
        keyword: &str,
        message: &str,
        at: &At,
    ) -> Vec<String> {
        let args = self.fail_args(at, keyword, message);
        let fail = self.helper("fail");
        let mut out = vec![format!("{}if {test}:", indent(depth))];
        out.extend(stop_if(depth + 1, &fail, &args));
        out
    }

    fn rest(&mut self, ch: &Checks, at: &At, known: Option<JsonType>, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        let v = at.value.clone();
        if let Some(check) = &ch.enum_values {
            out.extend(self.values(check, at, depth));
        }
        if let Some(check) = &ch.const_value {
            let as_enum = Check {
                kind: vec![check.kind.clone()],
                keyword: check.keyword,
                message: check.message.clone(),
            };
            out.extend(self.values(&as_enum, at, depth));
        }
        let inner = |known: Option<JsonType>, kind: JsonType| match (known, kind) {
            (Some(k), _) if k == kind => 0,
            (Some(JsonType::Integer), JsonType::Number) => 0,
            _ => 1,
        };
        if !ch.strings.is_empty() {
            let d = depth + inner(known, JsonType::String);
            let mut body = Vec::new();
            for check in &ch.strings {
                let test = match &check.kind {
                    StringCheck::MinLength(k) => format!("len({v}) < {k}"),
                    StringCheck::MaxLength(k) => format!("len({v}) > {k}"),
                    StringCheck::Pattern(p) => {
                        let pattern = self.helper("Pattern");
                        let name = self.constant("PATTERN", &pattern, string_literal(p));
                        format!("{name}.search({v}) is None")
                    }
                    StringCheck::Format(f) => {
                        let helper = match f {
                            Format::DateTime => "is_date_time",
                            Format::Date => "is_date",
                            Format::Uuid => "is_uuid",
                            Format::Other(_) => unreachable!("only asserted formats are checked"),
                        };
                        format!("not {}({v})", self.helper(helper))
                    }
                };
                body.extend(self.fail_if(d, &test, check.keyword, &check.message, at));
            }
            out.extend(self.guard(JsonType::String, known, at, depth, body));
        }
        if !ch.numbers.is_empty() {
            let kind = match known {
                Some(JsonType::Integer) => JsonType::Integer,
                _ => JsonType::Number,
            };
            let d = depth + inner(known, kind);
            let mut body = Vec::new();
            for check in &ch.numbers {
                let test = match &check.kind {
                    NumberCheck::Minimum(n) => format!("{v} < {n}"),
                    NumberCheck::Maximum(n) => format!("{v} > {n}"),
                    NumberCheck::ExclusiveMinimum(n) => format!("{v} <= {n}"),
                    NumberCheck::ExclusiveMaximum(n) => format!("{v} >= {n}"),
                    NumberCheck::MultipleOf(n) => {
                        format!("not {}({v}, {n})", self.helper("is_multiple_of"))
                    }
                };
                body.extend(self.fail_if(d, &test, check.keyword, &check.message, at));
            }
            out.extend(self.guard(kind, known, at, depth, body));
        }
        if let Some(array) = &ch.array {
            let d = depth + inner(known, JsonType::Array);
            let mut body = Vec::new();
            if let Some(c) = &array.min_items {
                body.extend(self.fail_if(
                    d,
                    &format!("len({v}) < {}", c.kind),
                    c.keyword,
                    &c.message,
                    at,
                ));
            }
            if let Some(c) = &array.max_items {
                body.extend(self.fail_if(
                    d,
                    &format!("len({v}) > {}", c.kind),
                    c.keyword,
                    &c.message,
                    at,
                ));
            }
            if array.unique_items {
                let fail = self.helper("fail_unique");
                body.extend(stop_if(
                    d,
                    &fail,
                    &["out".into(), at.path.clone(), v.clone()],
                ));
            }
            if let Some(items) = &array.items {
                self.locals += 1;
                let (i, item) = (format!("i{}", self.locals), format!("v{}", self.locals));
                let at_helper = self.helper("at");
                body.push(format!("{}for {i}, {item} in enumerate({v}):", indent(d)));
                let inner_at = At {
                    value: item,
                    path: format!("{at_helper}({}, {i})", at.path),
                };
                body.extend(self.sub(items, &inner_at, d + 1));
            }
            out.extend(self.guard(JsonType::Array, known, at, depth, body));
        }
        if let Some(object) = &ch.object {
            let d = depth + inner(known, JsonType::Object);
            let mut body = Vec::new();
            for (name, message) in &object.required {
                let test = format!("{} not in {v}", string_literal(name));
                body.extend(self.fail_if(d, &test, "required", message, at));
            }
            for (name, sub) in &object.properties {
                let Some(sub) = sub else { continue };
                let key = string_literal(name);
                let at_helper = self.helper("at");
                let property = At {
                    value: format!("{v}[{key}]"),
                    path: format!("{at_helper}({}, {key})", at.path),
                };
                body.push(format!("{}if {key} in {v}:", indent(d)));
                body.extend(self.sub(sub, &property, d + 1));
            }
            if !matches!(object.additional, Additional::Any) {
                self.locals += 1;
                let key = format!("k{}", self.locals);
                let object_keys = self.helper("object_keys");
                let at_helper = self.helper("at");
                body.push(format!(
                    "{}for {key} in {object_keys}({v}, out):",
                    indent(d)
                ));
                if !object.properties.is_empty() {
                    let names: Vec<String> = object
                        .properties
                        .iter()
                        .map(|(n, _)| string_literal(n))
                        .collect();
                    body.push(call_line(d + 1, &format!("if {key} in "), "", &names, ":"));
                    body.push(format!("{}continue", indent(d + 2)));
                }
                let other = At {
                    value: format!("{v}[{key}]"),
                    path: format!("{at_helper}({}, {key})", at.path),
                };
                match &object.additional {
                    Additional::Forbidden => {
                        let args = self.fail_args(&other, "additionalProperties", NOT_ALLOWED);
                        let fail = self.helper("fail");
                        body.extend(stop_if(d + 1, &fail, &args));
                    }
                    Additional::Checked(sub) => body.extend(self.sub(sub, &other, d + 1)),
                    Additional::Any => {}
                }
            }
            out.extend(self.guard(JsonType::Object, known, at, depth, body));
        }
        for sub in &ch.all_of {
            out.extend(self.sub(sub, at, depth));
        }
        for (helper, alternatives) in [("fail_any_of", &ch.any_of), ("fail_one_of", &ch.one_of)] {
            if alternatives.is_empty() {
                continue;
            }
            let mut args = vec!["out".to_owned(), at.path.clone(), v.clone()];
            args.extend(alternatives.iter().map(|a| self.call(a)));
            let helper = self.helper(helper);
            out.extend(stop_if(depth, &helper, &args));
        }
        out
    }

    /// `body` (written one level in) under a test of the value's kind,
    /// unless `type` proved it (then `body` was written at `depth`).
    fn guard(
        &mut self,
        kind: JsonType,
        known: Option<JsonType>,
        at: &At,
        depth: usize,
        body: Vec<String>,
    ) -> Vec<String> {
        let proven = matches!((known, kind), (Some(k), _) if k == kind)
            || matches!((known, kind), (Some(JsonType::Integer), JsonType::Number));
        if proven || body.is_empty() {
            return body;
        }
        let test = self.kind_test(kind, &at.value);
        let mut out = vec![format!("{}if {test}:", indent(depth))];
        out.extend(body);
        out
    }

    fn values(&mut self, check: &Check<Vec<Value>>, at: &At, depth: usize) -> Vec<String> {
        let strings = check.kind.iter().all(Value::is_string);
        let test = if let [Value::Null | Value::Bool(_)] = check.kind.as_slice() {
            // Identity: `True == 1` in Python, but JSON's `true` is not `1`.
            let literal = match &check.kind[0] {
                Value::Bool(true) => "True",
                Value::Bool(false) => "False",
                _ => "None",
            };
            format!("{} is not {literal}", at.value)
        } else if strings {
            let listed: Vec<String> = check
                .kind
                .iter()
                .map(|v| string_literal(v.as_str().unwrap_or("")))
                .collect();
            let tuple = if listed.len() == 1 {
                format!("({},)", listed[0])
            } else {
                format!("({})", listed.join(", "))
            };
            format!("{} not in {tuple}", at.value)
        } else {
            self.used.insert("json".into());
            let json =
                serde_json::to_string(&Value::Array(check.kind.clone())).expect("serializes");
            let name = self.constant("VALUES", "json.loads", string_literal(&json));
            format!("not {}({}, {name})", self.helper("json_in"), at.value)
        };
        if strings && test.len() + depth * 4 + 4 > WIDTH {
            // Long lists are written one per line (ruff keeps the trailing comma).
            let listed: Vec<String> = check
                .kind
                .iter()
                .map(|v| string_literal(v.as_str().unwrap_or("")))
                .collect();
            let mut out = vec![call_line(
                depth,
                &format!("if {} not in ", at.value),
                "",
                &listed,
                ":",
            )];
            let args = self.fail_args(at, check.keyword, &check.message);
            let fail = self.helper("fail");
            out.extend(stop_if(depth + 1, &fail, &args));
            return out;
        }
        self.fail_if(depth, &test, check.keyword, &check.message, at)
    }

    fn sub(&mut self, sub: &Sub, at: &At, depth: usize) -> Vec<String> {
        let callee = match sub {
            Sub::Call(name) => self.call(name),
            Sub::Envelope => {
                self.calls.insert("judge_envelope".to_owned());
                "judge_envelope".to_owned()
            }
            Sub::Inline(checks) => {
                // `false` never reads the value.
                if is_local(&at.value) || checks.never {
                    return self.checks(checks, at, false, depth);
                }
                self.locals += 1;
                let local = format!("v{}", self.locals);
                let mut out = vec![format!("{}{local} = {}", indent(depth), at.value)];
                let inner = At {
                    value: local,
                    path: at.path.clone(),
                };
                out.extend(self.checks(checks, &inner, false, depth));
                return out;
            }
        };
        let args = vec![at.value.clone(), at.path.clone(), "out".to_owned()];
        vec![
            call_line(depth, "if not ", &callee, &args, ":"),
            format!("{}if out is None:", indent(depth + 1)),
            format!("{}return False", indent(depth + 2)),
        ]
    }
}

fn is_local(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

/// `if helper(args): return False`.
fn stop_if(depth: usize, helper: &str, args: &[String]) -> Vec<String> {
    vec![
        call_line(depth, "if ", helper, args, ":"),
        format!("{}return False", indent(depth + 1)),
    ]
}

/// `{prefix}{callee}({args}){suffix}` on one line when it fits, otherwise
/// one argument per line with a trailing comma (ruff's "magic trailing
/// comma" keeps that layout). An empty `callee` writes a tuple.
fn call_line(depth: usize, prefix: &str, callee: &str, args: &[String], suffix: &str) -> String {
    let pad = indent(depth);
    if args.is_empty() {
        return format!("{pad}{prefix}{callee}{suffix}");
    }
    if let ("", [only]) = (callee, args) {
        // A tuple of one needs its comma even on one line.
        let flat = format!("{pad}{prefix}({only},){suffix}");
        if crate::emit::text::display_width(&flat) <= WIDTH {
            return flat;
        }
    }
    bracketed(&pad, &format!("{prefix}{callee}"), "(", args, ")", suffix)
}
