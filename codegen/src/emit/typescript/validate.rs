//! `validate.ts`: the plan of `checks.rs` written out as TypeScript, one
//! function per named type (`checkCreditLockedV1`), the envelope's checks
//! (`judgeEnvelope`) and one judge per event (`judgeCreditLockedV1`).
//!
//! Every check function has the same contract: `(value, path, out)`
//! returns whether `value` is valid; with `out === null` it returns at the
//! first violation, with a list it records every violation there. The
//! helpers it calls are `runtime.ts`'s. Code is laid out as prettier prints
//! it (`layout.rs`): conditions of `if` break as prettier breaks them, and
//! every call's arguments break one per line when they do not fit.

use serde_json::Value;

use super::layout::{
    concat, group, group_with, hardline, if_break, indent, indent_if_break, join, line, print,
    softline, text, Doc, GroupId,
};
use super::syntax::string_literal;
use crate::checks::{
    Additional, Check, Checks, NumberCheck, Plan, StringCheck, Sub, NEVER, NOT_ALLOWED,
};
use crate::model::Contracts;
use crate::schema::{Format, JsonType};

const MODULE_DOC: &str = "/**
 * The checks of every type, written out from the schemas. A check returns
 * whether `value` is valid: with `out` null it stops at the first violation;
 * with a list it records every violation there, each at its JSON pointer.
 * `parseEvent` and `validateEvent` run an event's judge.
 *
 * @module
 */
";

/// The helpers of `runtime.ts` the generated code may call.
const HELPERS: &[&str] = &[
    "at",
    "fail",
    "failAnyOf",
    "failOneOf",
    "failType",
    "failUnique",
    "hasOwn",
    "isArray",
    "isBoolean",
    "isDate",
    "isDateTime",
    "isInteger",
    "isMultipleOf",
    "isNull",
    "isNumber",
    "isObject",
    "isString",
    "isUuid",
    "jsonIn",
    "longerThan",
    "shorterThan",
];

/// The properties every object inherits: reading one of these names from a
/// parsed object finds the inherited one when the document lacks it, so
/// their presence is asked with `hasOwn` (others: `!== undefined`, which
/// JSON cannot hold and which is much faster).
const INHERITED: &[&str] = &[
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

/// The name of a named type's check function.
pub fn check_name(name: &str) -> String {
    format!("check{name}")
}

/// The name of an event's judge.
pub fn judge_name(type_name: &str) -> String {
    format!("judge{type_name}")
}

/// `src/validate.ts`.
pub fn module(c: &Contracts, plan: &Plan, header: &str) -> String {
    let mut w = Writer::default();
    // Each function with the constants it declared, printed just before it.
    let mut functions: Vec<(Vec<Doc>, Doc)> = Vec::new();
    for f in &plan.functions {
        w.owner = f.name.clone();
        w.constants_of_owner = 0;
        let doc = format!("/** The checks of `{}`. */", f.name);
        let function = w.function(&doc, &check_name(&f.name), &f.checks);
        functions.push((std::mem::take(&mut w.constants), function));
    }
    if let Some(envelope) = &plan.envelope {
        w.owner = "judgeEnvelope".into();
        w.constants_of_owner = 0;
        let doc =
            "/** What every event's judge checks besides its event type, version and payload. */";
        let function = w.function(doc, "judgeEnvelope", envelope);
        functions.push((std::mem::take(&mut w.constants), function));
    }
    for j in &plan.judges {
        let e = &c.events[j.event];
        w.owner = judge_name(&e.type_name);
        w.constants_of_owner = 0;
        let doc = format!(
            "/** The judge of a whole `{}` version {} document. */",
            e.event_type.replace("*/", "*\\/"),
            e.version
        );
        let function = w.function(&doc, &judge_name(&e.type_name), &j.checks);
        functions.push((std::mem::take(&mut w.constants), function));
    }
    let mut out = String::from(header);
    out.push_str(MODULE_DOC);
    out.push('\n');
    let used: Vec<&str> = HELPERS
        .iter()
        .copied()
        .filter(|h| w.used.contains(*h))
        .collect();
    if !used.is_empty() {
        let names: Vec<Doc> = used.iter().map(|h| text(*h)).collect();
        let import = concat(vec![
            text("import "),
            group(concat(vec![
                text("{"),
                indent(concat(vec![
                    line(),
                    join(&concat(vec![text(","), line()]), names),
                ])),
                if_break(text(","), text("")),
                line(),
                text("}"),
            ])),
            text(" from \"./runtime.js\";"),
        ]);
        out.push_str(&print(&import));
        out.push('\n');
    }
    out.push_str("import type { Out } from \"./runtime.js\";\n");
    for (constants, function) in functions {
        for constant in constants.iter().chain([&function]) {
            out.push('\n');
            out.push_str(&print(constant));
            out.push('\n');
        }
    }
    out
}

#[derive(Default)]
struct Writer {
    /// The function being written, which names its constants.
    owner: String,
    constants_of_owner: usize,
    /// Module-level constants (patterns, composite values), in order.
    constants: Vec<Doc>,
    /// Local names used so far in the function.
    locals: usize,
    used: std::collections::BTreeSet<String>,
}

/// Where the value being checked is.
#[derive(Clone)]
struct At {
    /// A local or parameter holding it.
    value: String,
    /// Its JSON pointer.
    path: Doc,
}

impl Writer {
    fn helper(&mut self, name: &str) -> String {
        self.used.insert(name.to_owned());
        name.to_owned()
    }

    fn call(&mut self, helper: &str, args: Vec<Doc>) -> Doc {
        let callee = self.helper(helper);
        call(&callee, args)
    }

    /// A module-level constant named after its function (`Foo_PATTERN_1`).
    fn constant(&mut self, kind: &str, declaration: impl FnOnce(&str) -> Doc) -> String {
        self.constants_of_owner += 1;
        let name = format!("{}_{kind}_{}", self.owner, self.constants_of_owner);
        self.constants.push(declaration(&name));
        name
    }

    fn function(&mut self, doc: &str, name: &str, checks: &Checks) -> Doc {
        self.locals = 0;
        let at = At {
            value: "value".into(),
            path: text("path"),
        };
        let body = if checks.is_empty() {
            vec![text("return true;")]
        } else {
            let mut body = vec![text("const start = out?.length ?? 0;")];
            body.extend(self.checks(checks, &at, true));
            body.push(text("return out === null || out.length === start;"));
            body
        };
        let params = vec![
            text("value: unknown"),
            text("path: string"),
            text("out: Out"),
        ];
        let signature = concat(vec![
            text(format!("export function {name}")),
            group(concat(vec![
                text("("),
                indent(concat(vec![
                    softline(),
                    join(&concat(vec![text(","), line()]), params),
                ])),
                if_break(text(","), text("")),
                softline(),
                text(")"),
            ])),
            text(": boolean"),
        ]);
        concat(vec![text(doc), hardline(), block(signature, body)])
    }

    /// The statements that check the value at `at`; `top` when it is the
    /// function's own value (a wrong type returns at once).
    fn checks(&mut self, ch: &Checks, at: &At, top: bool) -> Vec<Doc> {
        let mut out = Vec::new();
        if ch.never {
            let fail = self.call(
                "fail",
                vec![
                    text("out"),
                    at.path.clone(),
                    text("\"false\""),
                    text(string_literal(NEVER)),
                ],
            );
            out.push(stop_if(fail));
            return out;
        }
        if let Some(sub) = &ch.reference {
            out.extend(self.sub(sub, at));
        }
        let mut rest = Vec::new();
        let mut known = None;
        if let Some(t) = &ch.types {
            known = match t.kinds.as_slice() {
                [k] => Some(*k),
                _ => None,
            };
            let tests: Vec<Doc> = t
                .kinds
                .iter()
                .map(|k| {
                    let test = self.kind_test(*k);
                    text(format!("!{test}({})", at.value))
                })
                .collect();
            let report = self.call(
                "failType",
                vec![
                    text("out"),
                    at.path.clone(),
                    text(string_literal(&t.message)),
                    text(at.value.clone()),
                ],
            );
            self.rest(ch, at, known, &mut rest);
            if top {
                out.push(if_block(
                    and_chain(tests),
                    vec![statement(report), text("return false;")],
                ));
                out.extend(rest);
            } else if rest.is_empty() {
                out.push(if_block(and_chain(tests), vec![stop_if(report)]));
            } else {
                out.push(if_else(and_chain(tests), vec![stop_if(report)], rest));
            }
            return out;
        }
        self.rest(ch, at, known, &mut rest);
        out.extend(rest);
        out
    }

    /// Everything after `type`; `known` is the one kind `type` allows.
    fn rest(&mut self, ch: &Checks, at: &At, known: Option<JsonType>, out: &mut Vec<Doc>) {
        let v = at.value.clone();
        if let Some(check) = &ch.enum_values {
            out.push(self.values(check, at));
        }
        if let Some(check) = &ch.const_value {
            let as_enum = Check {
                kind: vec![check.kind.clone()],
                keyword: check.keyword,
                message: check.message.clone(),
            };
            out.push(self.values(&as_enum, at));
        }
        if !ch.strings.is_empty() {
            let mut body = Vec::new();
            for check in &ch.strings {
                let test = match &check.kind {
                    StringCheck::MinLength(k) => {
                        self.call("shorterThan", vec![text(v.clone()), text(k.to_string())])
                    }
                    StringCheck::MaxLength(k) => {
                        self.call("longerThan", vec![text(v.clone()), text(k.to_string())])
                    }
                    StringCheck::Pattern(p) => {
                        let regex = format!("/{}/u", regex_source(p));
                        let name = self.constant("PATTERN", |name| {
                            assignment(&format!("const {name} ="), &regex)
                        });
                        call(&format!("!{name}.test"), vec![text(v.clone())])
                    }
                    StringCheck::Format(f) => {
                        let helper = match f {
                            Format::DateTime => "isDateTime",
                            Format::Date => "isDate",
                            Format::Uuid => "isUuid",
                            Format::Other(_) => unreachable!("only asserted formats are checked"),
                        };
                        let helper = self.helper(helper);
                        text(format!("!{helper}({v})"))
                    }
                };
                body.push(self.fail_if(test, check.keyword, &check.message, at));
            }
            out.extend(self.guard(JsonType::String, known, at, body));
        }
        if !ch.numbers.is_empty() {
            let mut body = Vec::new();
            for check in &ch.numbers {
                let test = match &check.kind {
                    NumberCheck::Minimum(n) => text(format!("{v} < {n}")),
                    NumberCheck::Maximum(n) => text(format!("{v} > {n}")),
                    NumberCheck::ExclusiveMinimum(n) => text(format!("{v} <= {n}")),
                    NumberCheck::ExclusiveMaximum(n) => text(format!("{v} >= {n}")),
                    NumberCheck::MultipleOf(n) => {
                        let helper = self.helper("isMultipleOf");
                        text(format!("!{helper}({v}, {n})"))
                    }
                };
                body.push(self.fail_if(test, check.keyword, &check.message, at));
            }
            let kind = match known {
                Some(JsonType::Integer) => JsonType::Integer,
                _ => JsonType::Number,
            };
            out.extend(self.guard(kind, known, at, body));
        }
        if let Some(array) = &ch.array {
            let mut body = Vec::new();
            if let Some(c) = &array.min_items {
                body.push(self.fail_if(
                    text(format!("{v}.length < {}", c.kind)),
                    c.keyword,
                    &c.message,
                    at,
                ));
            }
            if let Some(c) = &array.max_items {
                body.push(self.fail_if(
                    text(format!("{v}.length > {}", c.kind)),
                    c.keyword,
                    &c.message,
                    at,
                ));
            }
            if array.unique_items {
                let fail = self.call(
                    "failUnique",
                    vec![text("out"), at.path.clone(), text(v.clone())],
                );
                body.push(stop_if(fail));
            }
            if let Some(items) = &array.items {
                self.locals += 1;
                let i = format!("i{}", self.locals);
                let at_helper = self.helper("at");
                let item = At {
                    value: format!("{v}[{i}]"),
                    path: call(&at_helper, vec![at.path.clone(), text(i.clone())]),
                };
                let inner = self.sub(items, &item);
                let header = text(format!("for (let {i} = 0; {i} < {v}.length; {i}++)"));
                body.push(block(header, inner));
            }
            out.extend(self.guard(JsonType::Array, known, at, body));
        }
        if let Some(object) = &ch.object {
            let mut body = Vec::new();
            for (name, message) in &object.required {
                let missing = self.presence(&v, name, false);
                let fail = self.call(
                    "fail",
                    vec![
                        text("out"),
                        at.path.clone(),
                        text("\"required\""),
                        text(string_literal(message)),
                    ],
                );
                body.push(if_block(
                    and_chain(vec![missing, fail]),
                    vec![text("return false;")],
                ));
            }
            for (name, sub) in &object.properties {
                let Some(sub) = sub else { continue };
                let at_helper = self.helper("at");
                let property = At {
                    value: format!("{v}[{}]", string_literal(name)),
                    path: call(
                        &at_helper,
                        vec![at.path.clone(), text(string_literal(name))],
                    ),
                };
                let inner = self.sub(sub, &property);
                let has = self.presence(&v, name, true);
                body.push(if_block(has, inner));
            }
            if !matches!(object.additional, Additional::Any) {
                self.locals += 1;
                let key = format!("k{}", self.locals);
                let at_helper = self.helper("at");
                let other = At {
                    value: format!("{v}[{key}]"),
                    path: call(&at_helper, vec![at.path.clone(), text(key.clone())]),
                };
                let mut inner = Vec::new();
                if !object.properties.is_empty() {
                    let labels = object
                        .properties
                        .iter()
                        .map(|(name, _)| string_literal(name))
                        .collect();
                    let cases = vec![case(labels, vec![text("continue;")])];
                    inner.push(block(text(format!("switch ({key})")), cases));
                }
                match &object.additional {
                    Additional::Forbidden => {
                        let fail = self.call(
                            "fail",
                            vec![
                                text("out"),
                                other.path.clone(),
                                text("\"additionalProperties\""),
                                text(string_literal(NOT_ALLOWED)),
                            ],
                        );
                        inner.push(stop_if(fail));
                    }
                    Additional::Checked(sub) => inner.extend(self.sub(sub, &other)),
                    Additional::Any => {}
                }
                let header = text(format!("for (const {key} of Object.keys({v}))"));
                body.push(block(header, inner));
            }
            out.extend(self.guard(JsonType::Object, known, at, body));
        }
        for sub in &ch.all_of {
            out.extend(self.sub(sub, at));
        }
        for (helper, alternatives) in [("failAnyOf", &ch.any_of), ("failOneOf", &ch.one_of)] {
            if alternatives.is_empty() {
                continue;
            }
            let mut args = vec![text("out"), at.path.clone(), text(v.clone())];
            args.extend(alternatives.iter().map(|a| text(check_name(a))));
            let fail = self.call(helper, args);
            out.push(stop_if(fail));
        }
    }

    /// Whether object `v` has (`present`) or lacks property `name`.
    fn presence(&mut self, v: &str, name: &str, present: bool) -> Doc {
        let key = string_literal(name);
        if INHERITED.contains(&name) {
            let has = self.call("hasOwn", vec![text(v.to_owned()), text(key)]);
            return if present {
                has
            } else {
                concat(vec![text("!"), has])
            };
        }
        let left = group(text(format!("{v}[{key}]")));
        if present {
            // prettier's layout of a comparison that is a whole condition.
            let right = group(concat(vec![text("!=="), line(), text("undefined")]));
            return concat(vec![left, text(" "), right]);
        }
        // ... and of one that is the first operand of `&&`.
        let right = group(concat(vec![text("==="), line(), text("undefined")]));
        group(concat(vec![left, indent(concat(vec![text(" "), right]))]))
    }

    /// `body`, run only when the value is of `kind` (unless `type` said so).
    fn guard(
        &mut self,
        kind: JsonType,
        known: Option<JsonType>,
        at: &At,
        body: Vec<Doc>,
    ) -> Vec<Doc> {
        let proven = match (known, kind) {
            (Some(k), _) if k == kind => true,
            (Some(JsonType::Integer), JsonType::Number) => true,
            _ => false,
        };
        if proven || body.is_empty() {
            return body;
        }
        let test = self.kind_test(kind);
        vec![if_block(text(format!("{test}({})", at.value)), body)]
    }

    fn kind_test(&mut self, kind: JsonType) -> String {
        self.helper(match kind {
            JsonType::Null => "isNull",
            JsonType::Boolean => "isBoolean",
            JsonType::Object => "isObject",
            JsonType::Array => "isArray",
            JsonType::Number => "isNumber",
            JsonType::Integer => "isInteger",
            JsonType::String => "isString",
        })
    }

    /// `if (test && fail(…)) return false;`
    fn fail_if(&mut self, test: Doc, keyword: &str, message: &str, at: &At) -> Doc {
        let fail = self.call(
            "fail",
            vec![
                text("out"),
                at.path.clone(),
                text(string_literal(keyword)),
                text(string_literal(message)),
            ],
        );
        if_block(and_chain(vec![test, fail]), vec![text("return false;")])
    }

    /// An `enum` (or `const`): a `switch` over primitive values, else JSON
    /// equality against a module constant.
    fn values(&mut self, check: &Check<Vec<Value>>, at: &At) -> Doc {
        let fail = self.call(
            "fail",
            vec![
                text("out"),
                at.path.clone(),
                text(string_literal(check.keyword)),
                text(string_literal(&check.message)),
            ],
        );
        let primitive = check.kind.iter().all(|v| !v.is_object() && !v.is_array());
        if primitive {
            let labels = check.kind.iter().map(primitive_literal).collect();
            let cases = vec![
                case(labels, vec![text("break;")]),
                concat(vec![
                    text("default:"),
                    indent(concat(vec![hardline(), stop_if(fail)])),
                ]),
            ];
            return block(text(format!("switch ({})", at.value)), cases);
        }
        let json = serde_json::to_string(&Value::Array(check.kind.clone())).expect("serializes");
        let parse = call("JSON.parse", vec![text(string_literal(&json))]);
        let name = self.constant("VALUES", |name| {
            fluid(&format!("const {name}: unknown ="), parse)
        });
        let json_in = self.call("jsonIn", vec![text(at.value.clone()), text(name)]);
        if_block(
            and_chain(vec![concat(vec![text("!"), json_in]), fail]),
            vec![text("return false;")],
        )
    }

    /// The statements that check the value at `at` against `sub`.
    fn sub(&mut self, sub: &Sub, at: &At) -> Vec<Doc> {
        let callee = match sub {
            Sub::Call(name) => check_name(name),
            Sub::Envelope => "judgeEnvelope".to_owned(),
            Sub::Inline(checks) => {
                if is_local(&at.value) {
                    return self.checks(checks, at, false);
                }
                self.locals += 1;
                let local = format!("v{}", self.locals);
                let binding = assignment(&format!("const {local}: unknown ="), &at.value);
                let inner = At {
                    value: local,
                    path: at.path.clone(),
                };
                let mut out = vec![binding];
                out.extend(self.checks(checks, &inner, false));
                return out;
            }
        };
        let check = call(
            &format!("!{callee}"),
            vec![text(at.value.clone()), at.path.clone(), text("out")],
        );
        vec![if_block(
            and_chain(vec![check, text("out === null")]),
            vec![text("return false;")],
        )]
    }
}

fn is_local(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A call, its arguments broken one per line when they do not fit.
fn call(callee: &str, args: Vec<Doc>) -> Doc {
    concat(vec![
        text(callee),
        group(concat(vec![
            text("("),
            indent(concat(vec![
                softline(),
                join(&concat(vec![text(","), line()]), args),
            ])),
            if_break(text(","), text("")),
            softline(),
            text(")"),
        ])),
    ])
}

/// `a && b && c` inside an `if`'s parentheses, as prettier prints it there.
fn and_chain(parts: Vec<Doc>) -> Doc {
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i == 0 {
            out.push(group(p));
        } else {
            out.push(text(" &&"));
            out.push(line());
            out.push(p);
        }
    }
    concat(out)
}

fn condition(test: Doc) -> Doc {
    group(concat(vec![
        text("if ("),
        group(concat(vec![
            indent(concat(vec![softline(), test])),
            softline(),
        ])),
        text(")"),
    ]))
}

fn block(header: Doc, body: Vec<Doc>) -> Doc {
    if body.is_empty() {
        return concat(vec![header, text(" {}")]);
    }
    concat(vec![
        header,
        text(" {"),
        indent(concat(vec![hardline(), join(&hardline(), body)])),
        hardline(),
        text("}"),
    ])
}

fn if_block(test: Doc, body: Vec<Doc>) -> Doc {
    block(condition(test), body)
}

fn if_else(test: Doc, then: Vec<Doc>, otherwise: Vec<Doc>) -> Doc {
    concat(vec![if_block(test, then), block(text(" else"), otherwise)])
}

/// `if (call) return false;`, for the helpers that return whether to stop.
fn stop_if(fail: Doc) -> Doc {
    if_block(fail, vec![text("return false;")])
}

/// `case a:` lines sharing one body.
fn case(labels: Vec<String>, body: Vec<Doc>) -> Doc {
    let labels: Vec<Doc> = labels
        .into_iter()
        .map(|l| text(format!("case {l}:")))
        .collect();
    concat(vec![
        join(&hardline(), labels),
        indent(concat(vec![hardline(), join(&hardline(), body)])),
    ])
}

fn statement(expression: Doc) -> Doc {
    concat(vec![expression, text(";")])
}

/// `left value;` broken after `=` when long (prettier's layout for a
/// member expression on the right).
fn assignment(left: &str, value: &str) -> Doc {
    concat(vec![
        group(concat(vec![
            text(left),
            group(indent(concat(vec![line(), text(value)]))),
        ])),
        text(";"),
    ])
}

/// `left value;` in prettier's fluid layout (a call on the right): the
/// break after `=` is taken only when the call cannot break itself to fit.
fn fluid(left: &str, value: Doc) -> Doc {
    let id = GroupId(0);
    concat(vec![
        group(concat(vec![
            text(left),
            group_with(indent(line()), Some(id)),
            indent_if_break(id, value),
        ])),
        text(";"),
    ])
}

/// A primitive JSON value as a `case` label.
fn primitive_literal(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        // serde_json writes numbers as prettier prints them (`1e300`, `0.5`).
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_literal(s),
        _ => unreachable!("only primitive values are `case` labels"),
    }
}

/// A pattern as the source of a regular expression literal: a `/` that is
/// not escaped already is escaped, and line breaks (which a literal cannot
/// hold) are written as escapes.
fn regex_source(pattern: &str) -> String {
    if pattern.is_empty() {
        return "(?:)".into(); // `//` would be a comment
    }
    let mut out = String::with_capacity(pattern.len());
    let mut escaped = false;
    let mut class = false;
    for ch in pattern.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '/' if !escaped && !class => out.push_str("\\/"),
            _ => out.push(ch),
        }
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == '[' {
            class = true;
        } else if ch == ']' {
            class = false;
        }
    }
    out
}
