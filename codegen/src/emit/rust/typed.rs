//! The checks of a decoded event: `parse_event`'s first try decodes the text
//! straight into the typed event (no `serde_json::Value`) and runs these on
//! the typed values. They check what the Rust types do not already say (a
//! pattern, a bound, a length), from the same plan as the checks of `Value`s
//! (`checks.rs`), and they only ever vouch: a `fast_` function returns
//! `true` only for a value the schema accepts. Whatever they cannot decide
//! on a typed value (an `anyOf`, a date-time chrono parsed without its
//! format, a field serde fills in when it is absent) gets no function, and
//! its events take the precise pass over a `Value`, which decides and names
//! every violation.
//!
//! One more duty: a value the fast pass accepts is the value the precise
//! pass would have built, so a `serde_json::Value` inside a typed event
//! must hold no integral float (the precise pass writes `1.0` as `1`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::shapes::{Read, Shape, Shapes, Ty};
use super::validate::{lit, At, Writer};
use crate::checks::{Additional, Checks, NumberCheck, Plan, StringCheck, Sub};
use crate::model::Contracts;
use crate::schema::{Format, JsonType};

pub fn fast_name(name: &str) -> String {
    format!("fast_{name}")
}

pub fn fast_judge_name(type_name: &str) -> String {
    format!("fast_judge_{type_name}")
}

/// The fast functions of a package, and the judges written.
pub struct Written {
    pub code: String,
    /// The events (by type name) whose judge has a fast function.
    pub judges: BTreeSet<String>,
}

/// Every named type's fast function and every event's fast judge that can
/// be decided on typed values. `types` maps each plan function of a named
/// type to the Rust type it checks (its name and module path).
pub fn write(
    c: &Contracts,
    plan: &Plan,
    shapes: &Shapes,
    types: &BTreeMap<String, (String, String)>,
) -> Written {
    let functions: BTreeMap<&str, &Checks> = plan
        .functions
        .iter()
        .map(|f| (f.name.as_str(), &f.checks))
        .collect();
    let mut t = Typed {
        plan,
        shapes,
        types,
        functions,
        // The envelope's root is generic: `fast_judge_envelope` checks it.
        ok: types
            .iter()
            .filter(|(_, (_, module))| module != "crate::envelope")
            .map(|(name, _)| name.clone())
            .collect(),
        w: Writer::default(),
        locals: 0,
        payload: None,
        uses_out: false,
        envelope: false,
    };
    // The functions that can be written depend on each other (a struct's
    // needs its fields'): drop the ones that cannot until none is dropped.
    loop {
        let before = t.ok.len();
        let names: Vec<String> = t.ok.iter().cloned().collect();
        for name in names {
            if t.function(&name).is_none() {
                t.ok.remove(&name);
            }
        }
        if t.ok.len() == before {
            break;
        }
    }
    // Written again from the start: the statics of the trials are gone.
    t.w = Writer::default();
    let mut code = String::new();
    let names: Vec<String> = t.ok.iter().cloned().collect();
    for name in names {
        code.push_str(&t.function(&name).expect("decided above"));
    }
    // The envelope's checks, once for every event (generic over the payload,
    // which they do not read).
    if let (Some(envelope), Some(_)) = (&plan.envelope, &c.envelope) {
        t.payload = None;
        t.start("fast_judge_envelope_");
        let ty = Ty::Named("Envelope".to_owned());
        if let Some(body) = t.apply("value", &ty, envelope, 0, false) {
            let doc = " What every decoded event's judge checks besides its event type, version and payload.";
            let f = t.finish(
                doc,
                "fast_judge_envelope<P>",
                "crate::envelope::Envelope<P>",
                body,
            );
            code.push_str(&f);
            t.envelope = true;
        }
    }
    let mut judges = BTreeSet::new();
    for j in &plan.judges {
        let e = &c.events[j.event];
        let Some((_, name)) = e.payload.as_ref().and_then(|p| c.named(p.root)) else {
            continue;
        };
        let Some(payload) = types.get(name) else {
            continue;
        };
        let payload_path = format!("{}::{}", payload.1, payload.0);
        let (ty, root) = if c.envelope.is_some() {
            (
                format!("crate::envelope::Envelope<{payload_path}>"),
                "Envelope".to_owned(),
            )
        } else {
            (payload_path, payload.0.clone())
        };
        t.payload = Some(name.to_owned());
        if t.absorbs_missing(&Ty::Named(payload.0.clone()), 0) {
            // serde would read a missing payload as this type's `None`.
            continue;
        }
        t.start(&format!("{}_", fast_judge_name(&e.type_name)));
        let Some(body) = t.apply("value", &Ty::Named(root), &j.checks, 0, false) else {
            continue;
        };
        let doc = format!(
            " The judge of a decoded `{}` version {} event.",
            crate::emit::text::doc_text(&e.event_type),
            e.version
        );
        code.push_str(&t.finish(&doc, &fast_judge_name(&e.type_name), &ty, body));
        judges.insert(e.type_name.clone());
    }
    Written { code, judges }
}

struct Typed<'a> {
    plan: &'a Plan,
    shapes: &'a Shapes,
    /// Plan function name to (Rust type name, module path).
    types: &'a BTreeMap<String, (String, String)>,
    functions: BTreeMap<&'a str, &'a Checks>,
    /// The functions that can be written.
    ok: BTreeSet<String>,
    w: Writer,
    locals: usize,
    /// The payload's plan function in the judge being written.
    payload: Option<String>,
    /// Whether the function being written checks a `Value` (and so needs `out`).
    uses_out: bool,
    /// Whether `fast_judge_envelope` is written.
    envelope: bool,
}

/// What the decoding already proves of a value: its JSON kind.
fn kind(ty: &Ty, shapes: &Shapes) -> Option<JsonType> {
    Some(match ty {
        Ty::String | Ty::DateTime | Ty::Date => JsonType::String,
        Ty::Int => JsonType::Integer,
        Ty::Float => JsonType::Number,
        Ty::Bool => JsonType::Boolean,
        Ty::Vec(_) => JsonType::Array,
        Ty::Map(_) | Ty::JsonMap => JsonType::Object,
        Ty::Named(n) => match &shapes.get(n)?.shape {
            Shape::Struct { .. } => JsonType::Object,
            Shape::Strings(_) => JsonType::String,
            _ => return None,
        },
        _ => return None,
    })
}

/// Checks in order; a plain failure makes the rest unreachable.
#[derive(Default)]
struct Parts {
    code: String,
    failed: bool,
}

impl Parts {
    fn push(&mut self, part: String) {
        if part == FAIL {
            self.failed = true;
        }
        self.code.push_str(&part);
    }

    fn code(self) -> String {
        if self.failed {
            FAIL.to_owned()
        } else {
            self.code
        }
    }
}

/// A `match` on an `Option`, skipped when neither arm checks.
fn two_arms(v: &str, x: &str, check: &str, other_check: &str) -> String {
    if check.is_empty() && other_check.is_empty() {
        return String::new();
    }
    if check == FAIL && other_check == FAIL {
        return FAIL.to_owned();
    }
    let (x, check) = bind(x, check);
    if other_check.is_empty() {
        return format!("if let Some({x}) = {v} {{ {check} }}\n");
    }
    if check.is_empty() {
        return format!("if {v}.is_none() {{ {other_check} }}\n");
    }
    format!("match {v} {{ Some({x}) => {{ {check} }} None => {{ {other_check} }} }}\n")
}

/// A loop over `iter` (items of the collection `v`).
fn each_of(iter: &str, x: &str, check: &str, v: &str) -> String {
    match check {
        "" => String::new(),
        FAIL => format!("if !{v}.is_empty() {{ return false; }}\n"),
        _ => format!("for {x} in {iter} {{ {check} }}\n"),
    }
}

const FAIL: &str = "return false;\n";

/// `let`-free code for one value: nothing to check, a plain failure, or
/// checks reading the binding.
fn bind(x: &str, check: &str) -> (String, String) {
    match check {
        "" => ("_".to_owned(), String::new()),
        FAIL => ("_".to_owned(), FAIL.to_owned()),
        _ => (x.to_owned(), check.to_owned()),
    }
}

impl Typed<'_> {
    fn start(&mut self, prefix: &str) {
        self.w.start(prefix);
        self.locals = 0;
        self.uses_out = false;
    }

    fn local(&mut self) -> String {
        self.locals += 1;
        format!("t{}", self.locals)
    }

    fn finish(&mut self, doc: &str, name: &str, ty: &str, body: String) -> String {
        let statics = std::mem::take(&mut self.w.statics);
        let out = if self.uses_out {
            "let out: &mut Out = &mut None;\n"
        } else {
            ""
        };
        // Every check but a plain failure reads the value.
        let (value, end) = match body.as_str() {
            "" => ("_value", "true"),
            FAIL => ("_value", ""),
            _ => ("value", "true"),
        };
        format!(
            "{statics}#[doc = {}]\npub(crate) fn {name}({value}: &{ty}) -> bool {{\n{out}{body}{end}\n}}\n",
            lit(doc)
        )
    }

    /// The fast function of named type `name`, or `None` when its checks
    /// cannot be decided on its Rust type.
    fn function(&mut self, name: &str) -> Option<String> {
        let (rust, module) = self.types.get(name)?.clone();
        let checks = *self.functions.get(name)?;
        self.start(&format!("{}_", fast_name(name)));
        self.payload = None;
        let body = self.apply("value", &Ty::Named(rust.clone()), checks, 0, false);
        // (A function that cannot be written may leave statics behind:
        // another function may use them, and an unused one costs nothing.)
        let body = body?;
        let doc = format!(" The checks of a decoded `{rust}`.");
        Some(self.finish(&doc, &fast_name(name), &format!("{module}::{rust}"), body))
    }

    /// Statements that `return false` when `v` (a local of type `&ty`)
    /// fails `ch`; `None` when that cannot be decided on `ty`. `strict`: a
    /// date or date-time read through its format's check.
    fn apply(
        &mut self,
        v: &str,
        ty: &Ty,
        ch: &Checks,
        depth: usize,
        strict: bool,
    ) -> Option<String> {
        if depth > 32 {
            return None;
        }
        match ty {
            Ty::Box(inner) => {
                let x = self.local();
                let rest = self.apply(&x, inner, ch, depth + 1, strict)?;
                return Some(match bind(&x, &rest) {
                    (_, rest) if rest.is_empty() || rest == FAIL => rest,
                    (x, rest) => format!("let {x} = &**{v};\n{rest}"),
                });
            }
            Ty::Option(inner) => {
                // Not a field (those are read by `Read`): `null` is `None`.
                let x = self.local();
                let some = self.apply(&x, inner, ch, depth + 1, strict)?;
                let none = self.null(ch, depth)?;
                return Some(two_arms(v, &x, &some, &none));
            }
            Ty::Json => return Some(self.json(v, ch)),
            Ty::Generic => {
                let payload = self.payload.clone()?;
                let (rust, _) = self.types.get(&payload)?.clone();
                return self.apply(v, &Ty::Named(rust), ch, depth + 1, strict);
            }
            Ty::Named(n) => match &self.shapes.get(n)?.shape {
                Shape::Alias(t) => {
                    let t = t.clone();
                    return self.apply(v, &t, ch, depth + 1, strict);
                }
                Shape::Newtype(t) => {
                    let t = t.clone();
                    let x = self.local();
                    let rest = self.apply(&x, &t, ch, depth + 1, strict)?;
                    return Some(match bind(&x, &rest) {
                        (_, rest) if rest.is_empty() || rest == FAIL => rest,
                        (x, rest) => format!("let {x} = &{v}.0;\n{rest}"),
                    });
                }
                Shape::Unknown => return None,
                Shape::Struct { .. } | Shape::Strings(_) => {}
            },
            Ty::Unknown => return None,
            _ => {}
        }
        if ch.never {
            return Some(FAIL.to_owned());
        }
        let mut out = Parts::default();
        if let Some(sub) = &ch.reference {
            out.push(self.sub(v, ty, sub, depth, strict)?);
        }
        let kind = kind(ty, self.shapes)?;
        if let Some(t) = &ch.types {
            let allowed = |k: JsonType| t.kinds.contains(&k);
            match kind {
                JsonType::Integer if allowed(JsonType::Number) || allowed(JsonType::Integer) => {}
                JsonType::Number if allowed(JsonType::Number) => {}
                JsonType::Number if allowed(JsonType::Integer) => {
                    out.push(format!("if {v}.fract() != 0.0 {{ return false; }}\n"));
                }
                k if allowed(k) => {}
                // Decoded as a kind the schema does not allow here.
                _ => out.push(FAIL.to_owned()),
            }
        }
        let values: Option<Vec<Value>> = match (&ch.enum_values, &ch.const_value) {
            (Some(e), Some(c)) => Some(e.kind.iter().filter(|v| **v == c.kind).cloned().collect()),
            (Some(e), None) => Some(e.kind.clone()),
            (None, Some(c)) => Some(vec![c.kind.clone()]),
            (None, None) => None,
        };
        let mut strings_done = false;
        if let Some(mut values) = values {
            if *ty == Ty::String {
                // The string keywords are decided here, on each listed
                // string: what is left needs only a comparison.
                values.retain(|v| v.as_str().is_none_or(|s| passes_strings(s, ch)));
                strings_done = true;
            }
            out.push(self.values(v, ty, &values)?);
        }
        if !ch.strings.is_empty() && !strings_done {
            out.push(self.strings(v, ty, ch, strict)?);
        }
        if !ch.numbers.is_empty() && matches!(ty, Ty::Int | Ty::Float) {
            out.push(self.numbers(v, ty, ch));
        }
        if let Some(array) = &ch.array {
            if let Ty::Vec(item) = ty {
                match array.min_items.as_ref().map(|c| c.kind) {
                    None | Some(0) => {}
                    Some(1) => out.push(format!("if {v}.is_empty() {{ return false; }}\n")),
                    Some(k) => out.push(format!("if {v}.len() < {k} {{ return false; }}\n")),
                }
                match array.max_items.as_ref().map(|c| c.kind) {
                    None => {}
                    Some(0) => out.push(format!("if !{v}.is_empty() {{ return false; }}\n")),
                    Some(k) => out.push(format!("if {v}.len() > {k} {{ return false; }}\n")),
                }
                if array.unique_items {
                    // The derived equality of generated types is never finer
                    // than JSON's (numbers by value; a `Value` holds no
                    // integral float; a date-time compares as an instant,
                    // coarser), so distinct typed items are distinct JSON.
                    out.push(format!("if !all_unique({v}) {{ return false; }}\n"));
                }
                if let Some(items) = &array.items {
                    let x = self.local();
                    let each = self.sub(&x, item, items, depth + 1, false)?;
                    out.push(each_of(&format!("{v}.iter()"), &x, &each, v));
                }
            }
        }
        if let Some(object) = &ch.object {
            match ty {
                Ty::Named(n) => {
                    if let Shape::Struct {
                        fields,
                        deny_unknown,
                    } = self.shapes.get(n)?.shape.clone()
                    {
                        out.push(self.object(v, &fields, deny_unknown, object, depth)?);
                    }
                }
                Ty::Map(item) => out.push(self.map(v, item, object, depth)?),
                Ty::JsonMap => out.push(self.map(v, &Ty::Json, object, depth)?),
                _ => {}
            }
        }
        for sub in &ch.all_of {
            out.push(self.sub(v, ty, sub, depth, strict)?);
        }
        // An alternative is decided on a typed value where the value's kind
        // leaves only one that can match (`[X, null]`, the nullable idiom).
        for alternatives in [&ch.any_of, &ch.one_of] {
            if alternatives.is_empty() {
                continue;
            }
            let possible: Vec<&String> = alternatives
                .iter()
                .filter(|a| {
                    self.functions
                        .get(a.as_str())
                        .is_none_or(|c| may_match(c, kind))
                })
                .collect();
            match possible.as_slice() {
                [] => out.push(FAIL.to_owned()),
                [one] => out.push(self.sub(v, ty, &Sub::Call((*one).clone()), depth, strict)?),
                _ => return None,
            }
        }
        Some(out.code())
    }

    fn sub(&mut self, v: &str, ty: &Ty, sub: &Sub, depth: usize, strict: bool) -> Option<String> {
        match sub {
            Sub::Inline(ch) => self.apply(v, ty, ch, depth + 1, strict),
            Sub::Envelope if self.envelope && *ty == Ty::Named("Envelope".to_owned()) => Some(
                format!("if !fast_judge_envelope({v}) {{ return false; }}\n"),
            ),
            Sub::Envelope => {
                let envelope = self.plan.envelope.as_ref()?;
                self.apply(v, ty, envelope, depth + 1, strict)
            }
            Sub::Call(name) => {
                let own = self.types.get(name).map(|(rust, _)| rust.clone());
                let same = match ty {
                    Ty::Named(n) => own.as_deref() == Some(n.as_str()),
                    Ty::Generic => self.payload.as_deref() == Some(name.as_str()),
                    _ => false,
                };
                if same {
                    if !self.ok.contains(name) {
                        return None;
                    }
                    return Some(format!(
                        "if !{}({v}) {{ return false; }}\n",
                        fast_name(name)
                    ));
                }
                // Another Rust type holds it (a `$ref` typify inlined).
                let checks = *self.functions.get(name.as_str())?;
                self.apply(v, ty, checks, depth + 1, strict)
            }
        }
    }

    /// What `null` gets from `ch`: nothing, a failure, or `None` when it
    /// cannot be told here.
    fn null(&self, ch: &Checks, depth: usize) -> Option<String> {
        Some(match accepts_null(self, ch, depth)? {
            true => String::new(),
            false => FAIL.to_owned(),
        })
    }

    /// A `Value` inside the typed event: the checks of `validate.rs`.
    fn json(&mut self, v: &str, ch: &Checks) -> String {
        let mut out = format!("if !as_precise({v}) {{ return false; }}\n");
        if !ch.is_empty() {
            self.uses_out = true;
            let at = At {
                value: v.to_owned(),
                path: "Path::ROOT".to_owned(),
                path_ref: false,
            };
            let mut statics = String::new();
            let code = self.w.checks(ch, &at, false, &mut statics);
            self.w.statics.push_str(&statics);
            out.push_str(&code);
        }
        out
    }

    fn values(&mut self, v: &str, ty: &Ty, values: &[Value]) -> Option<String> {
        let cond = match ty {
            Ty::String => {
                let listed: Vec<String> =
                    values.iter().filter_map(Value::as_str).map(lit).collect();
                if listed.is_empty() {
                    return Some(FAIL.to_owned());
                }
                format!("!matches!({v}.as_str(), {})", listed.join(" | "))
            }
            Ty::Int => {
                let listed: Vec<String> = values
                    .iter()
                    .filter_map(|v| v.as_number())
                    .filter_map(|n| {
                        n.as_i64()
                            .map(i128::from)
                            .or_else(|| n.as_u64().map(i128::from))
                            .or_else(|| {
                                n.as_f64()
                                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e18)
                                    .map(|f| f as i128)
                            })
                    })
                    .map(|i| i.to_string())
                    .collect();
                if listed.is_empty() {
                    return Some(FAIL.to_owned());
                }
                format!("!matches!(i128::from(*{v}), {})", listed.join(" | "))
            }
            Ty::Bool => {
                let t = values.contains(&Value::Bool(true));
                let f = values.contains(&Value::Bool(false));
                match (t, f) {
                    (true, true) => return Some(String::new()),
                    (true, false) => format!("!*{v}"),
                    (false, true) => format!("*{v}"),
                    (false, false) => return Some(FAIL.to_owned()),
                }
            }
            Ty::Named(n) => {
                let Shape::Strings(wires) = &self.shapes.get(n)?.shape else {
                    return None;
                };
                // Each variant reads one string: all must be listed.
                let all = wires
                    .iter()
                    .all(|w| values.iter().any(|v| v.as_str() == Some(w)));
                return all.then(String::new);
            }
            _ => return None,
        };
        Some(format!("if {cond} {{ return false; }}\n"))
    }

    fn strings(&mut self, v: &str, ty: &Ty, ch: &Checks, strict: bool) -> Option<String> {
        match ty {
            Ty::String => {}
            // The format was checked as the text was read; nothing else can be.
            Ty::DateTime | Ty::Date => {
                let format = if *ty == Ty::DateTime {
                    Format::DateTime
                } else {
                    Format::Date
                };
                let only_format = ch
                    .strings
                    .iter()
                    .all(|c| matches!(&c.kind, StringCheck::Format(f) if *f == format));
                return (strict && only_format).then(String::new);
            }
            Ty::Named(_) => return None,
            _ => return Some(String::new()),
        }
        let mut out = String::new();
        for check in &ch.strings {
            let test = match &check.kind {
                StringCheck::MinLength(k) => format!("shorter_than({v}, {k})"),
                StringCheck::MaxLength(k) => format!("longer_than({v}, {k})"),
                StringCheck::Pattern(p) => {
                    let name = self.w.pattern(p);
                    format!("!{name}.is_match({v})")
                }
                StringCheck::Format(f) => match f {
                    Format::DateTime => format!("!is_date_time({v})"),
                    Format::Date => format!("!is_date({v})"),
                    Format::Uuid => format!("!is_uuid({v})"),
                    Format::Other(_) => unreachable!("only asserted formats are checked"),
                },
            };
            out.push_str(&format!("if {test} {{ return false; }}\n"));
        }
        Some(out)
    }

    fn numbers(&mut self, v: &str, ty: &Ty, ch: &Checks) -> String {
        let n = self.local();
        let mut body = String::new();
        for check in &ch.numbers {
            let bound = |b| super::validate::number(b);
            let test = match &check.kind {
                NumberCheck::Minimum(b) => format!("compare_bound(&{n}, &{}).is_lt()", bound(b)),
                NumberCheck::Maximum(b) => format!("compare_bound(&{n}, &{}).is_gt()", bound(b)),
                NumberCheck::ExclusiveMinimum(b) => {
                    format!("compare_bound(&{n}, &{}).is_le()", bound(b))
                }
                NumberCheck::ExclusiveMaximum(b) => {
                    format!("compare_bound(&{n}, &{}).is_ge()", bound(b))
                }
                NumberCheck::MultipleOf(b) => format!("!multiple_of_bound(&{n}, &{})", bound(b)),
            };
            body.push_str(&format!("if {test} {{ return false; }}\n"));
        }
        if *ty == Ty::Int {
            format!("let {n} = serde_json::Number::from(*{v});\n{body}")
        } else {
            format!(
                "let Some({n}) = serde_json::Number::from_f64(*{v}) else {{ return false; }};\n{body}"
            )
        }
    }

    fn object(
        &mut self,
        v: &str,
        fields: &[super::shapes::FieldShape],
        deny_unknown: bool,
        object: &crate::checks::ObjectChecks,
        depth: usize,
    ) -> Option<String> {
        let mut out = Parts::default();
        let extra = fields.iter().find(|f| f.read == Read::Flatten);
        // serde reads a struct with a flattened field from a buffer, whose
        // structs also read an array: no struct may be inside one.
        if extra.is_some() && fields.iter().any(|f| self.holds_struct(&f.ty, 0)) {
            return None;
        }
        let declared = |name: &str| object.properties.iter().any(|(p, _)| p == name);
        let field = |name: &str| {
            fields
                .iter()
                .find(|f| f.read != Read::Flatten && f.wire == name)
        };
        for (name, _) in &object.required {
            match field(name) {
                Some(f) => match f.read {
                    // serde reads a missing member through `deserialize_option`:
                    // a type that is an `Option` underneath takes it as `None`.
                    Read::Plain if !f.refuses_missing && self.absorbs_missing(&f.ty, 0) => {
                        return None
                    }
                    // serde refuses a document without it.
                    Read::Plain | Read::Nullable => {}
                    Read::Present | Read::DoubleOption => {
                        out.push(format!(
                            "if {v}.{}.is_none() {{ return false; }}\n",
                            f.ident
                        ));
                    }
                    Read::Flatten | Read::Unknown => return None,
                },
                None => {
                    let e = extra?;
                    out.push(format!(
                        "if !{v}.{}.contains_key({}) {{ return false; }}\n",
                        e.ident,
                        lit(name)
                    ));
                }
            }
        }
        for (name, sub) in &object.properties {
            let Some(sub) = sub else { continue };
            let x = self.local();
            let Some(f) = field(name) else {
                let e = extra?;
                let item = extra_item(&e.ty)?;
                let check = self.sub(&x, &item, sub, depth + 1, false)?;
                if !check.is_empty() {
                    let (x, check) = bind(&x, &check);
                    out.push(format!(
                        "if let Some({x}) = {v}.{}.get({}) {{ {check} }}\n",
                        e.ident,
                        lit(name)
                    ));
                }
                continue;
            };
            let check = self.sub(&x, &f.ty, sub, depth + 1, f.strict_text)?;
            let at = format!("{v}.{}", f.ident);
            let code = match f.read {
                Read::Plain => match bind(&x, &check) {
                    (_, check) if check.is_empty() || check == FAIL => check,
                    (x, check) => format!("let {x} = &{at};\n{check}"),
                },
                Read::Present if check.is_empty() => String::new(),
                Read::Present => {
                    let (x, check) = bind(&x, &check);
                    format!("if let Some({x}) = &{at} {{ {check} }}\n")
                }
                Read::Nullable => {
                    let none = self.null_sub(sub, depth)?;
                    two_arms(&format!("&{at}"), &x, &check, &none)
                }
                Read::DoubleOption => {
                    let none = self.null_sub(sub, depth)?;
                    let inner = two_arms("inner", &x, &check, &none);
                    match inner.as_str() {
                        "" => String::new(),
                        _ => format!("if let Some(inner) = &{at} {{ {inner} }}\n"),
                    }
                }
                Read::Flatten | Read::Unknown => return None,
            };
            out.push(code);
        }
        // Members no field declares: refused by serde, kept in `extra`, or
        // (neither) dropped, which the checks cannot see.
        let undeclared_fields = fields
            .iter()
            .any(|f| f.read != Read::Flatten && !declared(&f.wire));
        match &object.additional {
            Additional::Any => {}
            Additional::Forbidden => {
                if undeclared_fields {
                    return None;
                }
                match extra {
                    Some(e) => out.push(format!(
                        "if !{v}.{}.is_empty() {{ return false; }}\n",
                        e.ident
                    )),
                    None if deny_unknown => {}
                    None => return None,
                }
            }
            Additional::Checked(sub) => {
                if undeclared_fields {
                    return None;
                }
                match extra {
                    Some(e) => {
                        let (x, item) = (self.local(), extra_item(&e.ty)?);
                        let check = self.sub(&x, &item, sub, depth + 1, false)?;
                        let at = format!("{v}.{}", e.ident);
                        out.push(each_of(&format!("{at}.values()"), &x, &check, &at));
                    }
                    None if deny_unknown => {}
                    None => return None,
                }
            }
        }
        // A `Value` kept in `extra` is written back: it must be the precise
        // pass's.
        if let Some(e) = extra {
            if extra_item(&e.ty)? == Ty::Json && matches!(object.additional, Additional::Any) {
                let x = self.local();
                out.push(format!(
                    "for {x} in {v}.{}.values() {{ if !as_precise({x}) {{ return false; }} }}\n",
                    e.ident
                ));
            }
        }
        Some(out.code())
    }

    /// Whether a value of `ty` may hold a struct (or a type not known here).
    fn holds_struct(&self, ty: &Ty, depth: usize) -> bool {
        if depth > 32 {
            return true;
        }
        match ty {
            Ty::Option(t) | Ty::Vec(t) | Ty::Box(t) | Ty::Map(t) => self.holds_struct(t, depth + 1),
            Ty::Named(n) => match self.shapes.get(n).map(|d| &d.shape) {
                Some(Shape::Strings(_)) => false,
                Some(Shape::Newtype(t) | Shape::Alias(t)) => self.holds_struct(t, depth + 1),
                _ => true,
            },
            Ty::Generic | Ty::Unknown => true,
            _ => false,
        }
    }

    /// Whether serde fills a field of `ty` when its member is missing.
    fn absorbs_missing(&self, ty: &Ty, depth: usize) -> bool {
        if depth > 32 {
            return true;
        }
        match ty {
            Ty::Option(_) | Ty::Unknown => true,
            Ty::Box(t) => self.absorbs_missing(t, depth + 1),
            // In `fast_judge_envelope` the payload is any type: each judge
            // that calls it has no fast function where its payload's type
            // would take a missing member.
            Ty::Generic => match self.payload.as_ref().and_then(|p| self.types.get(p)) {
                Some((rust, _)) => self.absorbs_missing(&Ty::Named(rust.clone()), depth + 1),
                None => false,
            },
            Ty::Named(n) => match self.shapes.get(n).map(|d| &d.shape) {
                Some(Shape::Newtype(t) | Shape::Alias(t)) => self.absorbs_missing(t, depth + 1),
                Some(Shape::Struct { .. } | Shape::Strings(_)) => false,
                Some(Shape::Unknown) | None => true,
            },
            _ => false,
        }
    }

    fn null_sub(&self, sub: &Sub, depth: usize) -> Option<String> {
        Some(match accepts_null_sub(self, sub, depth)? {
            true => String::new(),
            false => FAIL.to_owned(),
        })
    }

    /// Object keywords on a map from names to `item`s.
    fn map(
        &mut self,
        v: &str,
        item: &Ty,
        object: &crate::checks::ObjectChecks,
        depth: usize,
    ) -> Option<String> {
        let mut out = Parts::default();
        for (name, _) in &object.required {
            out.push(format!(
                "if !{v}.contains_key({}) {{ return false; }}\n",
                lit(name)
            ));
        }
        for (name, sub) in &object.properties {
            let Some(sub) = sub else { continue };
            let x = self.local();
            let check = self.sub(&x, item, sub, depth + 1, false)?;
            if !check.is_empty() {
                let (x, check) = bind(&x, &check);
                out.push(format!(
                    "if let Some({x}) = {v}.get({}) {{ {check} }}\n",
                    lit(name)
                ));
            }
        }
        let names: Vec<String> = object.properties.iter().map(|(n, _)| lit(n)).collect();
        let (k, x) = (self.local(), self.local());
        let skip = if names.is_empty() {
            String::new()
        } else {
            format!(
                "if matches!({k}.as_str(), {}) {{ continue; }}\n",
                names.join(" | ")
            )
        };
        match &object.additional {
            Additional::Any if *item == Ty::Json => out.push(format!(
                "for {x} in {v}.values() {{ if !as_precise({x}) {{ return false; }} }}\n"
            )),
            Additional::Any => {}
            Additional::Forbidden if names.is_empty() => {
                out.push(format!("if !{v}.is_empty() {{ return false; }}\n"));
            }
            Additional::Forbidden => {
                out.push(format!("for {k} in {v}.keys() {{ {skip}return false; }}\n"))
            }
            Additional::Checked(sub) => {
                let check = self.sub(&x, item, sub, depth + 1, false)?;
                match check.as_str() {
                    "" => {}
                    _ if names.is_empty() => {
                        out.push(each_of(&format!("{v}.values()"), &x, &check, v))
                    }
                    _ => {
                        let (x, check) = bind(&x, &check);
                        out.push(format!(
                            "for ({k}, {x}) in {v}.iter() {{ {skip}{check} }}\n"
                        ));
                    }
                }
            }
        }
        Some(out.code())
    }
}

/// Whether string `s` passes the string keywords of `ch`, decided as the
/// generator's own judge (`verdict.rs`) decides them.
fn passes_strings(s: &str, ch: &Checks) -> bool {
    ch.strings
        .iter()
        .all(|c| !crate::verdict::string_fails(&c.kind, s))
}

/// Whether a value of `kind` may pass `ch` (`false` only when it cannot).
fn may_match(ch: &Checks, kind: JsonType) -> bool {
    let number = matches!(kind, JsonType::Integer | JsonType::Number);
    let of_kind = |v: &Value| match v {
        Value::Number(_) => number,
        Value::String(_) => kind == JsonType::String,
        Value::Bool(_) => kind == JsonType::Boolean,
        Value::Array(_) => kind == JsonType::Array,
        Value::Object(_) => kind == JsonType::Object,
        Value::Null => kind == JsonType::Null,
    };
    if ch.never {
        return false;
    }
    if let Some(t) = &ch.types {
        let fits = t
            .kinds
            .iter()
            .any(|k| *k == kind || (number && matches!(k, JsonType::Integer | JsonType::Number)));
        if !fits {
            return false;
        }
    }
    let listed = ch.enum_values.as_ref().map(|e| e.kind.iter().any(of_kind));
    let fixed = ch.const_value.as_ref().map(|c| of_kind(&c.kind));
    listed != Some(false) && fixed != Some(false)
}

/// The item type of an `extra` map.
fn extra_item(ty: &Ty) -> Option<Ty> {
    match ty {
        Ty::JsonMap => Some(Ty::Json),
        Ty::Map(item) => Some((**item).clone()),
        _ => None,
    }
}

/// Whether `null` passes `ch`; `None` when an `anyOf` or `oneOf` would
/// have to be weighed.
fn accepts_null(t: &Typed, ch: &Checks, depth: usize) -> Option<bool> {
    if depth > 32 {
        return None;
    }
    let mut alternatives = Vec::new();
    for (list, exactly_one) in [(&ch.any_of, false), (&ch.one_of, true)] {
        if list.is_empty() {
            continue;
        }
        let mut passing = 0;
        for name in list.iter() {
            passing += usize::from(accepts_null(t, t.functions.get(name.as_str())?, depth + 1)?);
        }
        alternatives.push(if exactly_one {
            passing == 1
        } else {
            passing > 0
        });
    }
    if alternatives.contains(&false) {
        return Some(false);
    }
    if ch.never {
        return Some(false);
    }
    if ch
        .types
        .as_ref()
        .is_some_and(|t| !t.kinds.contains(&JsonType::Null))
        || ch
            .enum_values
            .as_ref()
            .is_some_and(|e| !e.kind.contains(&Value::Null))
        || ch.const_value.as_ref().is_some_and(|c| !c.kind.is_null())
    {
        return Some(false);
    }
    let mut all = true;
    for sub in ch.reference.iter().chain(&ch.all_of) {
        all &= accepts_null_sub(t, sub, depth + 1)?;
    }
    Some(all)
}

fn accepts_null_sub(t: &Typed, sub: &Sub, depth: usize) -> Option<bool> {
    match sub {
        Sub::Inline(ch) => accepts_null(t, ch, depth + 1),
        Sub::Envelope => accepts_null(t, t.plan.envelope.as_ref()?, depth + 1),
        Sub::Call(name) => accepts_null(t, t.functions.get(name.as_str())?, depth + 1),
    }
}
