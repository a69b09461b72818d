//! Which events `parse_event` lets pydantic judge alone (its fast pass):
//! those whose models, validated in strict mode from the JSON text, accept
//! only documents the event's schema accepts.
//!
//! The decision is conservative: a keyword pydantic does not check with
//! JSON Schema's meaning (`multipleOf`, `uniqueItems`, a pattern the `regex`
//! crate does not read as ECMA-262 does, `allOf`, a `oneOf` whose
//! alternatives may overlap) makes the event's fast pass absent, and every
//! document of it takes the generated checks. Where the models hold any JSON
//! value (no `type`, an open object's extra members), pydantic reads `NaN`,
//! `1e400` and a 200-deep array, which every runtime refuses as JSON:
//! `_fast_rest` reads those values again (`__json__`, an open object's
//! extras) and the fast pass takes only a text of at most 127 brackets. A
//! recursive type is left out for the depth.
//! A fast pass that refuses a valid document costs only time: the precise
//! pass accepts it.

use std::collections::HashMap;

use serde_json::Value;

use super::types::{self, Prop};
use crate::model::{Contracts, Event};
use crate::schema::{Format, JsonType, Node, NodeId};

/// Where a value's Python type stands: a field's gets the `Field`
/// constraints of its own node, its `None` refused by `__not_null__` and
/// its lists' duplicates by `__unique__`; a field's value and the items of
/// a field's list get their integers checked by `__ints__`.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Field,
    /// An item of a field's list.
    Item,
    Inner,
}

impl Place {
    /// Whether `__ints__` checks an integer here (pydantic takes a
    /// 400-digit integer, which no runtime parses: a double cannot hold it).
    fn ints_checked(self) -> bool {
        self != Place::Inner
    }
}

enum Seen {
    Visiting,
    /// Whether the class is exact, and whether it holds any JSON.
    Done(bool, bool),
}

pub struct Exact<'a> {
    c: &'a Contracts,
    classes: HashMap<NodeId, Seen>,
    /// Whether what was judged exact so far holds any JSON somewhere.
    any_json: bool,
}

impl<'a> Exact<'a> {
    pub fn new(c: &'a Contracts) -> Self {
        Exact {
            c,
            classes: HashMap::new(),
            any_json: false,
        }
    }

    /// Whether pydantic, reading a document of `e` into its event class in
    /// strict mode, accepts only what `e`'s judge accepts: `None` if not,
    /// else whether the event holds any JSON somewhere (its text's brackets
    /// are then counted).
    pub fn event(&mut self, e: &Event) -> Option<bool> {
        self.any_json = false;
        let exact = self.event_exact(e);
        exact.then_some(self.any_json)
    }

    fn event_exact(&mut self, e: &Event) -> bool {
        let c = self.c;
        let Some(payload) = &e.payload else {
            return false;
        };
        let f = &c.fields;
        let mut pinned = vec![(f.event_type.as_str(), Value::from(e.event_type.as_str()))];
        let payload_ok = match c.named(payload.root) {
            Some((id, _)) if types::is_class(c, id) => self.class(id, &[]),
            // A payload that is not a class is a `RootModel`, which has no
            // `_fast_rest` to read its JSON again.
            _ => {
                let before = std::mem::take(&mut self.any_json);
                let ok = self.value(payload.root, Place::Inner) && !self.any_json;
                self.any_json = before;
                ok
            }
        };
        match &c.envelope {
            Some(env) => {
                if let Some(v) = &f.schema_version {
                    pinned.push((v.as_str(), Value::from(e.version)));
                }
                let root = c.schemas.resolve(env.root);
                let n = c.node(root);
                // The payload is the type parameter: required, so `None`
                // never stands for it.
                payload_ok
                    && n.required.contains(&f.payload)
                    && n.properties.iter().any(|(w, _)| *w == f.payload)
                    && self.class_with(root, &pinned, Some(&f.payload))
            }
            // A bare event's class is its payload's with the event type pinned.
            None => match c.named(payload.root) {
                Some((id, _)) if types::is_class(c, id) => self.class(id, &pinned),
                _ => false,
            },
        }
    }

    /// A named class: every field exact, the object closed, no `allOf`.
    fn class(&mut self, id: NodeId, pinned: &[(&str, Value)]) -> bool {
        if !pinned.is_empty() {
            return self.class_with(id, pinned, None);
        }
        match self.classes.get(&id) {
            // Recursion: pydantic nests deeper than the 127 levels the other
            // runtimes parse.
            Some(Seen::Visiting) => return false,
            Some(Seen::Done(ok, any_json)) => {
                self.any_json |= *any_json;
                return *ok;
            }
            None => {}
        }
        self.classes.insert(id, Seen::Visiting);
        let outer = std::mem::take(&mut self.any_json);
        let ok = self.class_with(id, &[], None);
        let mine = self.any_json;
        self.classes.insert(id, Seen::Done(ok, mine));
        self.any_json = outer || mine;
        ok
    }

    /// A class whose `pinned` fields are `Literal`s of one value and whose
    /// `parameter` field is a type parameter (checked by the caller).
    fn class_with(
        &mut self,
        id: NodeId,
        pinned: &[(&str, Value)],
        parameter: Option<&str>,
    ) -> bool {
        let c = self.c;
        let n = c.node(id);
        // An open object keeps its extra members as any JSON; one whose extra
        // members have a schema is not checked there.
        let closed = match n.additional_properties {
            None => {
                self.any_json = true;
                true
            }
            Some(a) => c.node(a).never,
        };
        let object = n.types.as_deref().is_some_and(|t| {
            t.contains(&JsonType::Object)
                && t.iter()
                    .all(|t| matches!(t, JsonType::Object | JsonType::Null))
        });
        if !closed || !object || n.reference.is_some() || !n.all_of.is_empty() {
            return false;
        }
        let props = types::merged_properties(c, id);
        for p in &props {
            if Some(p.wire.as_str()) == parameter {
                continue;
            }
            if let Some((_, value)) = pinned.iter().find(|(w, _)| *w == p.wire) {
                if !accepts(c, p.node, value) {
                    return false;
                }
                continue;
            }
            // A required property the schema fixes has its value as a default,
            // which `__fixed__` refuses in the fast pass.
            if !self.value(p.node, Place::Field) {
                return false;
            }
        }
        // A pinned field the object does not declare is one it refuses.
        pinned
            .iter()
            .all(|(w, _)| props.iter().any(|p| p.wire == *w))
    }

    /// Whether the Python type `types::expr` gives node `id` accepts, in
    /// strict mode, only values the node accepts (`None` aside at a field).
    fn value(&mut self, id: NodeId, place: Place) -> bool {
        let c = self.c;
        if let Some((named, _)) = c.named(id) {
            let n = c.node(named);
            if types::is_class(c, named) {
                return self.class(named, &[]);
            }
            if only_null(c, named) {
                return true;
            }
            // An alias is `Name | None` where its own keywords admit `null`.
            let at = if place.ints_checked() {
                Place::Item
            } else {
                Place::Inner
            };
            return (!n.null_in_own_keywords() || accepts_null(c, named)) && self.inline(n, at);
        }
        let target = c.node(c.schemas.resolve(id));
        self.inline(target, place)
    }

    fn inline(&mut self, n: &Node, place: Place) -> bool {
        let c = self.c;
        if n.never {
            // `None`, which only `__not_null__` refuses.
            return place == Place::Field;
        }
        if n.reference.is_some() || !n.all_of.is_empty() {
            return false;
        }
        let values: Option<Vec<&Value>> = match (&n.const_value, &n.enum_values) {
            (Some(v), _) => Some(vec![v]),
            (None, Some(vs)) => Some(vs.iter().collect()),
            (None, None) => None,
        };
        if let Some(values) = values {
            // A `Literal`, guarded where it holds booleans or numbers.
            return !constrained(n)
                && n.any_of.is_empty()
                && n.one_of.is_empty()
                && values.iter().all(|v| {
                    let kind = match v {
                        Value::Null => JsonType::Null,
                        Value::Bool(_) => JsonType::Boolean,
                        Value::String(_) => JsonType::String,
                        Value::Number(x) if x.as_i64().is_some() => JsonType::Integer,
                        _ => return false,
                    };
                    n.allows(kind)
                });
        }
        if !n.any_of.is_empty() || !n.one_of.is_empty() {
            if constrained(n) || n.types.is_some() || (!n.any_of.is_empty() && !n.one_of.is_empty())
            {
                return false;
            }
            let alternatives: Vec<NodeId> = n.any_of.iter().chain(&n.one_of).copied().collect();
            // An alternative stands where the value does (its integers checked alike).
            let at = if place.ints_checked() {
                Place::Item
            } else {
                Place::Inner
            };
            if !alternatives.iter().all(|&a| self.value(a, at)) {
                return false;
            }
            // pydantic's union takes a value some member takes: `oneOf` is
            // that only where no value matches two alternatives.
            return n.one_of.is_empty()
                || alternatives
                    .iter()
                    .enumerate()
                    .all(|(i, &a)| alternatives[i + 1..].iter().all(|&b| disjoint(c, a, b)));
        }
        let Some(ts) = &n.types else {
            // `Any`, where no other keyword says more.
            let says_more = types::leaves_out(n)
                || n.format.as_ref().is_some_and(Format::is_asserted)
                || n.unique_items
                || !n.properties.is_empty()
                || n.items.is_some()
                || n.additional_properties.is_some();
            self.any_json = true;
            return !says_more;
        };
        let kinds: Vec<JsonType> = ts
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        // `uniqueItems`, a `multipleOf` pydantic cannot check and a `uuid`
        // beside a pattern are the fast pass's own checks, at a field.
        let own = if place == Place::Field {
            field_checks(n)
        } else {
            n.clone()
        };
        if types::leaves_out(&own)
            || n.unique_items && place != Place::Field
            || !n.properties.is_empty()
        {
            return false;
        }
        // pydantic compares a `float` as a double: a bound past 2^53 would be
        // decided on rounded values (an integer read as a float rounds there).
        if kinds.contains(&JsonType::Number) && !doubles_hold(n) {
            return false;
        }
        if kinds.contains(&JsonType::Integer) && !bounded(n) && !place.ints_checked() {
            return false;
        }
        if kinds.contains(&JsonType::Array) {
            let at = if place == Place::Field {
                Place::Item
            } else {
                Place::Inner
            };
            match n.items {
                Some(items) if self.value(items, at) => {}
                Some(_) => return false,
                None => self.any_json = true, // `list[Any]`
            }
        }
        if kinds.contains(&JsonType::Object) {
            match n.additional_properties {
                Some(a) if !c.node(a).never && self.value(a, Place::Inner) => {}
                Some(_) => return false, // `dict[str, Any]` for `{}` alone
                None => self.any_json = true, // `dict[str, Any]`
            }
        }
        true
    }
}

/// Node `n` without what `_fast_rest` checks at a field (`__multiples__`,
/// `__uuids__`).
fn field_checks(n: &Node) -> Node {
    let mut rest = n.clone();
    if multiple(n).is_some() {
        rest.multiple_of = None;
    }
    if uuid_beside_pattern(n) {
        rest.format = None;
    }
    rest
}

/// A `multipleOf` pydantic cannot check (on numbers, or not an integer), on a
/// node of numbers, as a Python literal.
fn multiple(n: &Node) -> Option<String> {
    let m = n.multiple_of.as_ref()?;
    let numbers = n.types.as_deref().is_some_and(|t| {
        t.iter()
            .any(|t| matches!(t, JsonType::Integer | JsonType::Number))
            && t.iter()
                .all(|t| matches!(t, JsonType::Integer | JsonType::Number | JsonType::Null))
    });
    let given = types::constraints(n)
        .iter()
        .any(|c| c.starts_with("multiple_of="));
    (numbers && !given && n.const_value.is_none() && n.enum_values.is_none()).then(|| m.to_string())
}

/// A `uuid` string that also has a pattern (pydantic takes one pattern: the
/// translated one).
fn uuid_beside_pattern(n: &Node) -> bool {
    let string = n.types.as_deref().is_some_and(|t| {
        t.iter()
            .filter(|t| **t != JsonType::Null)
            .eq([&JsonType::String])
    });
    string
        && n.format == Some(Format::Uuid)
        && n.pattern
            .as_deref()
            .is_some_and(|p| crate::emit::pattern::translate(p).is_some())
        && n.const_value.is_none()
        && n.enum_values.is_none()
}

/// Whether every bound of a number node is a double that holds the integers
/// around it exactly (below 2^53).
fn doubles_hold(n: &Node) -> bool {
    [
        &n.minimum,
        &n.maximum,
        &n.exclusive_minimum,
        &n.exclusive_maximum,
    ]
    .into_iter()
    .flatten()
    .all(|b| {
        b.as_f64()
            .is_some_and(|b| b.abs() < 9_007_199_254_740_992.0)
    })
}

/// Whether an integer node's bounds keep it inside what a double holds.
fn bounded(n: &Node) -> bool {
    let within = |b: &Option<serde_json::Number>| {
        b.as_ref()
            .and_then(serde_json::Number::as_f64)
            .is_some_and(|b| b.abs() < 1e300)
    };
    (within(&n.minimum) || within(&n.exclusive_minimum))
        && (within(&n.maximum) || within(&n.exclusive_maximum))
}

/// Whether node `id` may hold an integer no bound keeps inside what a double
/// holds, where `__ints__` looks: the value itself (through aliases and
/// alternatives) or, for `list_items`, a list's items.
fn big_ints(c: &Contracts, id: NodeId, list_items: bool) -> bool {
    let Some(n) = plain(c, id) else {
        return false;
    };
    if n.any_of
        .iter()
        .chain(&n.one_of)
        .any(|&a| big_ints(c, a, list_items))
    {
        return true;
    }
    let kinds = n.types.as_deref().unwrap_or_default();
    kinds.contains(&JsonType::Integer) && !bounded(n)
        || list_items
            && kinds.contains(&JsonType::Array)
            && n.items.is_some_and(|i| big_ints(c, i, false))
}

/// Whether a node has keywords that constrain beyond its type (a `Literal`
/// carries none).
fn constrained(n: &Node) -> bool {
    n.min_length.is_some()
        || n.max_length.is_some()
        || n.pattern.is_some()
        || n.format == Some(Format::Uuid)
        || n.minimum.is_some()
        || n.maximum.is_some()
        || n.exclusive_minimum.is_some()
        || n.exclusive_maximum.is_some()
        || n.multiple_of.is_some()
        || n.min_items.is_some()
        || n.max_items.is_some()
        || n.unique_items
}

fn only_null(c: &Contracts, id: NodeId) -> bool {
    kinds(c, id).is_some_and(|k| k == [JsonType::Null])
}

/// The kinds of value a node may accept (integers as `Number`), where its
/// keywords say so plainly; `None` where they do not.
fn kinds(c: &Contracts, id: NodeId) -> Option<Vec<JsonType>> {
    let n = c.node(c.schemas.resolve(id));
    if n.never {
        return Some(Vec::new());
    }
    if n.reference.is_some() || !n.all_of.is_empty() {
        return None;
    }
    let of_value = |v: &Value| match v {
        Value::Null => JsonType::Null,
        Value::Bool(_) => JsonType::Boolean,
        Value::Number(_) => JsonType::Number,
        Value::String(_) => JsonType::String,
        Value::Array(_) => JsonType::Array,
        Value::Object(_) => JsonType::Object,
    };
    let mut out: Vec<JsonType> = match (&n.const_value, &n.enum_values) {
        (Some(v), _) => vec![of_value(v)],
        (None, Some(vs)) => vs.iter().map(of_value).collect(),
        (None, None) if !n.any_of.is_empty() || !n.one_of.is_empty() => {
            let mut all = Vec::new();
            for &a in n.any_of.iter().chain(&n.one_of) {
                all.extend(kinds(c, a)?);
            }
            all
        }
        (None, None) => n
            .types
            .as_ref()?
            .iter()
            .map(|t| match t {
                JsonType::Integer => JsonType::Number,
                t => *t,
            })
            .collect(),
    };
    if let Some(ts) = &n.types {
        out.retain(|k| ts.contains(k) || *k == JsonType::Number && ts.contains(&JsonType::Integer));
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Whether no value matches both nodes: they take values of different kinds,
/// or both take only objects and fix one required property to different
/// strings (a discriminator: `"kind": {"const": "card_declined"}`).
fn disjoint(c: &Contracts, a: NodeId, b: NodeId) -> bool {
    let (Some(ka), Some(kb)) = (kinds(c, a), kinds(c, b)) else {
        return false;
    };
    if !ka.iter().any(|k| kb.contains(k)) {
        return true;
    }
    if ka != [JsonType::Object] || kb != [JsonType::Object] {
        return false;
    }
    let (na, nb) = (c.node(c.schemas.resolve(a)), c.node(c.schemas.resolve(b)));
    na.properties.iter().any(|(wire, pa)| {
        let Some((_, pb)) = nb.properties.iter().find(|(w, _)| w == wire) else {
            return false;
        };
        let fixed = (c.fixed_value(*pa), c.fixed_value(*pb));
        na.required.contains(wire)
            && nb.required.contains(wire)
            && matches!(fixed, (Some(Value::String(x)), Some(Value::String(y))) if x != y)
    })
}

/// Whether node `id` surely accepts `null` (where unsure, it does not).
pub fn accepts_null(c: &Contracts, id: NodeId) -> bool {
    accepts(c, id, &Value::Null)
}

/// Whether node `id` surely accepts `value`, a scalar (where unsure, it does not).
fn accepts(c: &Contracts, id: NodeId, value: &Value) -> bool {
    let n = c.node(c.schemas.resolve(id));
    if n.never || n.reference.is_some() || !n.all_of.is_empty() || !n.one_of.is_empty() {
        return false;
    }
    if !n.any_of.is_empty() && !n.any_of.iter().any(|&a| accepts(c, a, value)) {
        return false;
    }
    let kind = match value {
        Value::Null => JsonType::Null,
        Value::Bool(_) => JsonType::Boolean,
        Value::String(_) => JsonType::String,
        Value::Number(x) if x.as_u64().is_some() => JsonType::Integer,
        _ => return false,
    };
    let listed = n.const_value.iter().chain(n.enum_values.iter().flatten());
    if (n.const_value.is_some() || n.enum_values.is_some())
        && !listed.into_iter().any(|v| v == value)
    {
        return false;
    }
    if !n.allows(kind) {
        return false;
    }
    match value {
        Value::String(s) => crate::checks::string_checks(n)
            .iter()
            .all(|check| !crate::verdict::string_fails(&check.kind, s)),
        Value::Number(x) => {
            let v = x.as_u64().map_or(f64::NAN, |v| v as f64);
            let at_least = |b: &Option<serde_json::Number>, strict: bool| {
                b.as_ref()
                    .and_then(serde_json::Number::as_f64)
                    .is_none_or(|b| if strict { v > b } else { v >= b })
            };
            let at_most = |b: &Option<serde_json::Number>, strict: bool| {
                b.as_ref()
                    .and_then(serde_json::Number::as_f64)
                    .is_none_or(|b| if strict { v < b } else { v <= b })
            };
            n.multiple_of.is_none()
                && at_least(&n.minimum, false)
                && at_least(&n.exclusive_minimum, true)
                && at_most(&n.maximum, false)
                && at_most(&n.exclusive_maximum, true)
        }
        _ => true,
    }
}

/// Whether node `id` may hold any JSON outside the classes below it (no
/// `type`, `list[Any]`, `dict[str, Any]`).
fn holds_json(c: &Contracts, id: NodeId) -> bool {
    let Some(n) = plain(c, id) else {
        return false;
    };
    if !n.any_of.is_empty() || !n.one_of.is_empty() {
        return n.any_of.iter().chain(&n.one_of).any(|&a| holds_json(c, a));
    }
    let Some(kinds) = &n.types else {
        return true;
    };
    kinds.contains(&JsonType::Array) && n.items.is_none_or(|i| holds_json(c, i))
        || kinds.contains(&JsonType::Object)
            && n.additional_properties.is_none_or(|a| holds_json(c, a))
}

/// The node of the value at `id`, unless the value is a class's (which
/// checks its own), a `Literal`'s or none at all.
fn plain(c: &Contracts, id: NodeId) -> Option<&Node> {
    let n = c.node(c.schemas.resolve(id));
    let class = c
        .named(id)
        .is_some_and(|(named, _)| types::is_class(c, named));
    let literal = n.const_value.is_some() || n.enum_values.is_some();
    (!class && !literal && !n.never).then_some(n)
}

/// What `_fast_rest` checks of one class's fields, as its class constants
/// (identifiers, in declaration order).
#[derive(Default)]
pub struct Rest {
    /// `__not_null__`: typed `X | None` where the schema refuses `null`
    /// (an optional property is `X | None = None`).
    pub not_null: Vec<String>,
    /// `__unique__`: a list whose items must be unique.
    pub unique: Vec<String>,
    /// `__multiples__`: a `multipleOf` pydantic cannot check, with its divisor.
    pub multiples: Vec<(String, String)>,
    /// `__uuids__`: a `uuid` that also has a pattern.
    pub uuids: Vec<String>,
    /// `__json__`: any JSON, read again as `parse_json` reads it.
    pub json: Vec<String>,
    /// `__ints__`: an integer too large for a double, or a list of them.
    pub ints: Vec<String>,
}

pub fn rest(c: &Contracts, props: &[Prop], fields: &[types::Field]) -> Rest {
    let mut rest = Rest::default();
    for (p, f) in props.iter().zip(fields) {
        let ident = f.ident.clone();
        // A field's own node (an alias's constraints are its type's).
        let own = (c.named(p.node).is_none()).then(|| c.node(c.schemas.resolve(p.node)));
        if types::members(&f.ty).iter().any(|m| m == "None") && !accepts_null(c, p.node) {
            rest.not_null.push(ident.clone());
        }
        if own.is_some_and(|n| n.unique_items) {
            rest.unique.push(ident.clone());
        }
        if let Some(m) = own.and_then(multiple) {
            rest.multiples.push((ident.clone(), m));
        }
        if own.is_some_and(uuid_beside_pattern) {
            rest.uuids.push(ident.clone());
        }
        if holds_json(c, p.node) {
            rest.json.push(ident.clone());
        }
        if big_ints(c, p.node, true) {
            rest.ints.push(ident);
        }
    }
    rest
}
