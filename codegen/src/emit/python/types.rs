//! Python type expressions and declarations (pydantic models and type
//! aliases) from the model. Types describe shapes; the validator enforces
//! every constraint before a model is built.

use serde::Serialize;
use serde_json::Value;

use super::syntax::WIDTH;
use crate::emit::text::display_width;

use super::syntax::{docstring, split_top_level, string_literal};
use crate::model::Contracts;
use crate::naming;
use crate::schema::{Format, JsonType, Node, NodeId};

/// A pydantic model.
#[derive(Debug, Serialize)]
pub struct Class {
    pub name: String,
    /// The check (`_validate.py`) whose verdict the class gives raw JSON
    /// input; empty for none.
    pub check: String,
    /// Class constants (`EVENT_TYPE`, `SCHEMA_VERSION` on payloads), as
    /// name, annotation and value.
    pub constants: Vec<(String, String, String)>,
    /// `BaseModel`, or `BaseModel, Generic[P]` for the envelope.
    pub bases: String,
    pub doc: Option<String>,
    /// `"forbid"` for closed objects, `"allow"` for open ones (extras kept).
    pub extra: &'static str,
    pub fields: Vec<Field>,
    /// A `@deprecated` note: the class warns when it is built.
    pub deprecated: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Field {
    /// The property's name on the wire.
    #[serde(skip)]
    pub wire: String,
    pub ident: String,
    pub ty: String,
    /// The default and alias part after `=`, or empty.
    pub default: String,
    /// Whether the schema requires the property (else its default is `None`).
    #[serde(skip)]
    pub required: bool,
    /// The one value the schema allows, as a Python literal, for a required
    /// property: its default, which `_Model.__init__` passes explicitly, so
    /// a producer never writes it and the dump still holds it.
    #[serde(skip)]
    pub fixed: Option<String>,
    pub doc: Option<String>,
}

/// A module-level type alias.
#[derive(Debug, Serialize)]
pub struct Alias {
    pub name: String,
    pub body: String,
    pub doc: Option<String>,
    /// Aliases this one refers to, which must be defined before it.
    #[serde(skip)]
    pub needs: Vec<String>,
    /// A payload whose shape is not a class of its own is still a type of
    /// its own (`class X(RootModel[body])`), so that `build_event` tells
    /// two payloads of one shape apart and knows each one's event type.
    pub root: Option<RootPayload>,
    /// Whether a class comes right before it (two blank lines, not one).
    pub after_class: bool,
}

/// What a payload's `RootModel` class carries beside its body.
#[derive(Debug, Serialize)]
pub struct RootPayload {
    /// `(name, type, value)` class constants: `EVENT_TYPE`, `SCHEMA_VERSION`.
    pub constants: Vec<(String, String, String)>,
    pub deprecated: Option<String>,
    /// A private alias for the body, where `class X(RootModel[body]):`
    /// would not fit on a line.
    pub body_alias: Option<String>,
}

pub enum Decl {
    Class(Class),
    Alias(Alias),
}

/// Replaces the type of some properties of one class (the envelope's
/// payload becomes the type parameter).
pub type Overrides<'a> = &'a [(&'a str, &'a str)];

pub fn declare(c: &Contracts, id: NodeId, name: &str, bases: &str, overrides: Overrides) -> Decl {
    let n = c.node(id);
    let doc = docstring(n.description.as_deref());
    let props = merged_properties(c, id);
    if !props.is_empty() && is_object_shaped(n) {
        let idents =
            naming::python_fields(props.iter().map(|p| p.wire.as_str()), |n| c.is_type_name(n));
        let fields: Vec<Field> = props
            .iter()
            .zip(idents)
            .map(|(p, ident)| field(c, p, ident, overrides))
            .collect();
        let closed = n.additional_properties.is_some_and(|a| c.node(a).never);
        Decl::Class(Class {
            name: name.to_owned(),
            check: c
                .names
                .get(&c.schemas.resolve(id))
                .map(|n| super::validate::check_name(n))
                .unwrap_or_default(),
            constants: fixed_constant(&fields).into_iter().collect(),
            bases: bases.to_owned(),
            doc,
            extra: if closed { "forbid" } else { "allow" },
            fields,
            deprecated: None,
        })
    } else {
        let mut needs = Vec::new();
        let body = annotated(inline(c, n, true, &mut needs), &constraints(n));
        Decl::Alias(Alias {
            name: name.to_owned(),
            body,
            doc,
            needs,
            root: None,
            after_class: false,
        })
    }
}

/// The scalar a `const` (or an `enum` of one) fixes, as a Python literal.
fn fixed_literal(c: &Contracts, id: NodeId) -> Option<String> {
    c.fixed_value(id)
        .filter(|v| !v.is_null())
        .and_then(super::syntax::scalar_literal)
}

/// `__fixed__`, the fields `_Model.__init__` fills in: identifier, wire
/// name and value of each.
pub fn fixed_constant(fields: &[Field]) -> Option<(String, String, String)> {
    let entries: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            let value = f.fixed.as_ref()?;
            Some(format!(
                "({}, {}, {value})",
                string_literal(&f.ident),
                string_literal(&f.wire)
            ))
        })
        .collect();
    tuple_constant("__fixed__", "tuple[tuple[str, str, object], ...]", &entries)
}

/// A class constant holding a tuple of `entries` (Python expressions), laid
/// out as ruff formats it after `    {name}: ClassVar[{ty}] = `: one line
/// when it fits (a lone item keeps its comma), else one item a line. `None`
/// for no entries (the base class's empty tuple stands).
pub fn tuple_constant(
    name: &str,
    ty: &str,
    entries: &[String],
) -> Option<(String, String, String)> {
    if entries.is_empty() {
        return None;
    }
    let head = format!("    {name}: ClassVar[{ty}] = ");
    let value = match entries {
        [one] if display_width(&format!("{head}({one},)")) <= WIDTH => format!("({one},)"),
        [one] => format!("(\n        {one},\n    )"),
        _ => {
            let laid = super::syntax::bracketed("    ", head.trim_start(), "(", entries, ")", "");
            laid[head.len()..].to_owned()
        }
    };
    Some((name.to_owned(), ty.to_owned(), value))
}

/// Whether named node `id` is declared as a class (else as an alias).
pub fn is_class(c: &Contracts, id: NodeId) -> bool {
    is_object_shaped(c.node(id)) && !merged_properties(c, id).is_empty()
}

/// The pattern pydantic checks on a string (its `regex` engine, searched):
/// the node's `pattern` where it reads as ECMA-262 does, or `uuid`'s form.
pub fn pydantic_pattern(n: &Node) -> Option<String> {
    match &n.pattern {
        Some(p) => crate::emit::pattern::translate(p),
        None if n.format == Some(Format::Uuid) => Some(UUID.to_owned()),
        None => None,
    }
}

/// RFC 9562's hyphenated form, in either case (SPEC's `uuid`).
const UUID: &str = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

fn is_object_shaped(n: &Node) -> bool {
    n.one_of.is_empty()
        && n.any_of.is_empty()
        && n.enum_values.is_none()
        && n.const_value.is_none()
        && n.types.as_ref().is_none_or(|t| {
            t.iter()
                .all(|t| matches!(t, JsonType::Object | JsonType::Null))
        })
}

pub struct Prop {
    pub wire: String,
    pub node: NodeId,
    pub required: bool,
}

/// The declared properties of a node and of its `allOf` parts (Python has no
/// intersection types, so `allOf` of objects is one class with all fields).
pub fn merged_properties(c: &Contracts, id: NodeId) -> Vec<Prop> {
    let n = c.node(c.schemas.resolve(id));
    // Properties constrain objects only; where the value may be anything,
    // the typed form is not a class (see `implied.rs`).
    let object = n
        .types
        .as_ref()
        .is_some_and(|t| t.contains(&JsonType::Object));
    let mut out: Vec<Prop> = n
        .properties
        .iter()
        .filter(|_| object)
        .map(|(wire, child)| Prop {
            wire: wire.clone(),
            node: *child,
            required: n.required.contains(wire),
        })
        .collect();
    let parts = n.reference.iter().chain(&n.all_of);
    for part in parts {
        for p in merged_properties(c, *part) {
            match out.iter_mut().find(|o| o.wire == p.wire) {
                Some(o) => o.required |= p.required,
                None => out.push(p),
            }
        }
    }
    for o in &mut out {
        o.required |= n.required.contains(&o.wire);
    }
    out
}

fn field(c: &Contracts, p: &Prop, ident: String, overrides: Overrides) -> Field {
    let own = c.node(p.node);
    let target = c.node(c.schemas.resolve(p.node));
    let mut ty = match overrides.iter().find(|(w, _)| *w == p.wire) {
        Some((_, t)) => (*t).to_owned(),
        // Its own constraints go in its `Field(…)`, below.
        None if c.named(p.node).is_none() => inline(c, target, false, &mut Vec::new()),
        None => expr(c, p.node, &mut Vec::new()),
    };
    let mut args: Vec<String> = Vec::new();
    let fixed = fixed_literal(c, p.node).filter(|_| p.required);
    if let Some(value) = &fixed {
        args.push(format!("default={value}"));
    }
    if !p.required {
        if !ty.ends_with("| None") && ty != "Any" && ty != "None" {
            ty.push_str(" | None");
        }
        args.push("default=None".to_owned());
    }
    if ident != p.wire {
        args.push(format!("alias={}", string_literal(&p.wire)));
    }
    if c.named(p.node).is_none() {
        args.extend(constraints(target));
    }
    if own.deprecated {
        // Reading it warns (pydantic's `DeprecationWarning`), as in Rust and TypeScript.
        args.push("deprecated=\"deprecated in the schema\"".to_owned());
    }
    let default = match args.as_slice() {
        [] => String::new(),
        [only] if only.starts_with("default=") => only["default=".len()..].to_owned(),
        _ => format!("Field({})", args.join(", ")),
    };
    Field {
        wire: p.wire.clone(),
        ident,
        ty,
        default,
        required: p.required,
        fixed,
        doc: docstring(own.description.as_deref().or(target.description.as_deref())),
    }
}

/// The constraints pydantic checks with exactly the JSON Schema meaning, as
/// `Field` arguments (so a model built in code fails early on them, and
/// `parse_event`'s fast pass leaves them to pydantic). A `pattern` is one
/// where the `regex` crate, pydantic's engine, reads it as ECMA-262 does
/// (`emit/pattern.rs`); a `multipleOf` on integers. The others
/// (`multipleOf` on numbers: pydantic divides floats; `uniqueItems`,
/// combinators) are the validator's alone, which `parse_event` and
/// `validate_event` run.
pub fn constraints(n: &Node) -> Vec<String> {
    // Every keyword named: one added to `Node` does not compile until it is
    // given to pydantic here or said to be the validator's alone.
    let Node {
        // Annotations, and the type (`inline`).
        origin: _,
        title: _,
        description: _,
        deprecated: _,
        default: _,
        examples: _,
        never: _,
        reference: _,
        types: _,
        enum_values: _,
        const_value: _,
        format: _,
        properties: _,
        required: _,
        additional_properties: _,
        items: _,
        all_of: _,
        any_of: _,
        one_of: _,
        // The validator's alone (above).
        unique_items: _,
        // Pydantic's too, below.
        multiple_of: _,
        pattern: _,
        min_length: _,
        max_length: _,
        min_items: _,
        max_items: _,
        minimum: _,
        maximum: _,
        exclusive_minimum: _,
        exclusive_maximum: _,
    } = n;
    let k = Kinds::of(n);
    let mut out = Vec::new();
    if k.string {
        out.extend(n.min_length.map(|v| format!("min_length={v}")));
        out.extend(n.max_length.map(|v| format!("max_length={v}")));
        out.extend(pydantic_pattern(n).map(|p| format!("pattern={}", string_literal(&p))));
    }
    if k.array {
        out.extend(n.min_items.map(|v| format!("min_length={v}")));
        out.extend(n.max_items.map(|v| format!("max_length={v}")));
    }
    if k.number {
        for (name, bound) in [
            ("ge", &n.minimum),
            ("le", &n.maximum),
            ("gt", &n.exclusive_minimum),
            ("lt", &n.exclusive_maximum),
        ] {
            out.extend(bound.as_ref().map(|b| format!("{name}={b}")));
        }
    }
    if k.integer {
        // Exact on integers (pydantic divides floats).
        out.extend(integral(&n.multiple_of).map(|m| format!("multiple_of={m}")));
    }
    out
}

/// Whether node `n` has a constraint `constraints` does not give pydantic
/// (`uniqueItems` aside, which the fast pass checks at a field itself).
pub fn leaves_out(n: &Node) -> bool {
    let k = Kinds::of(n);
    let strings = n.min_length.is_some()
        || n.max_length.is_some()
        || n.pattern.is_some()
        || n.format == Some(Format::Uuid);
    let pattern_given = match &n.pattern {
        Some(p) => crate::emit::pattern::translate(p).is_some() && n.format != Some(Format::Uuid),
        None => true,
    };
    let bounds = n.minimum.is_some()
        || n.maximum.is_some()
        || n.exclusive_minimum.is_some()
        || n.exclusive_maximum.is_some();
    let items = n.min_items.is_some() || n.max_items.is_some();
    strings && !(k.string && pattern_given)
        || bounds && !k.number
        || n.multiple_of.is_some() && !(k.integer && integral(&n.multiple_of).is_some())
        || items && !k.array
}

/// A positive integer `multipleOf`.
fn integral(m: &Option<serde_json::Number>) -> Option<u64> {
    m.as_ref()?.as_u64().filter(|m| *m > 0)
}

/// The one kind of value a node's constraints apply to, where pydantic
/// applies them (`null` may stand beside it: pydantic checks the value when
/// it is not `None`).
struct Kinds {
    /// A `str` (a `date-time` or `date` is a `DateTime` or `Date`, to which
    /// pydantic cannot apply a length; a listed string is a `Literal`).
    string: bool,
    array: bool,
    number: bool,
    integer: bool,
}

impl Kinds {
    fn of(n: &Node) -> Kinds {
        let types: Vec<JsonType> = n
            .types
            .iter()
            .flatten()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        let as_date = matches!(n.format, Some(Format::DateTime | Format::Date));
        let listed = n.enum_values.is_some() || n.const_value.is_some();
        Kinds {
            string: types == [JsonType::String] && !as_date && !listed,
            array: types == [JsonType::Array],
            number: !types.is_empty()
                && types
                    .iter()
                    .all(|t| matches!(t, JsonType::Integer | JsonType::Number)),
            integer: types == [JsonType::Integer],
        }
    }
}

/// The Python type of the value at node `id`; `needs` collects the aliases
/// it names.
pub fn expr(c: &Contracts, id: NodeId, needs: &mut Vec<String>) -> String {
    // A named type that holds only `null` (an `anyOf` of two nulls) is an
    // alias of `None`, which is `None` at run time: `Alias | None` would be
    // a `TypeError` when pydantic evaluates it. It is written `None`.
    if c.named(id).is_some() && only_null(c, id) {
        return "None".to_owned();
    }
    if let Some((named, name)) = c.named(id) {
        let name = crate::naming::python_type_name(name);
        needs.push(name.clone());
        return if c.node(named).null_in_own_keywords() {
            format!("{name} | None")
        } else {
            name
        };
    }
    let target = c.node(c.schemas.resolve(id));
    annotated(inline(c, target, false, needs), &constraints(target))
}

/// `ty` with the `Field` constraints pydantic checks on it, where it is not
/// a field's own type (a field writes them in its `Field(…)`).
fn annotated(ty: String, constraints: &[String]) -> String {
    if constraints.is_empty() {
        return ty;
    }
    format!("Annotated[{ty}, Field({})]", constraints.join(", "))
}

/// Whether `null` is the one value node `id` accepts, as Python types it:
/// by `type`, `enum` or `const`, or with every alternative of its `oneOf`
/// or `anyOf` so (cycles of applicators are refused by the model).
fn only_null(c: &Contracts, id: NodeId) -> bool {
    let n = c.node(c.schemas.resolve(id));
    let alternatives: Vec<NodeId> = n.one_of.iter().chain(&n.any_of).copied().collect();
    if !alternatives.is_empty() {
        return alternatives.iter().all(|&a| only_null(c, a));
    }
    n.const_value.as_ref().is_some_and(Value::is_null)
        || n.enum_values
            .as_ref()
            .is_some_and(|vs| !vs.is_empty() && vs.iter().all(Value::is_null))
        || (n.const_value.is_none()
            && n.enum_values.is_none()
            && n.types.as_deref() == Some(&[JsonType::Null]))
}

fn inline(c: &Contracts, n: &Node, declaring: bool, needs: &mut Vec<String>) -> String {
    // Every keyword named: one added to `Node` does not compile until it is
    // typed here or said not to shape a type.
    let Node {
        // Annotations; a field's are `field`'s.
        origin: _,
        title: _,
        description: _,
        deprecated: _,
        default: _,
        examples: _,
        // Constraints: `constraints` and the validator check them.
        min_length: _,
        max_length: _,
        pattern: _,
        minimum: _,
        maximum: _,
        exclusive_minimum: _,
        exclusive_maximum: _,
        multiple_of: _,
        min_items: _,
        max_items: _,
        unique_items: _,
        // An object with properties is a class (`declare`).
        required: _,
        // Shapes, typed below.
        never: _,
        reference: _,
        types: _,
        enum_values: _,
        const_value: _,
        format: _,
        properties: _,
        additional_properties: _,
        items: _,
        all_of: _,
        any_of: _,
        one_of: _,
    } = n;
    if n.never {
        // pydantic cannot build `typing.Never`. No value passes the runtime
        // validator before a model is built, and an absent optional field
        // holds `None`, so `None` describes all that a model can hold.
        return "None".to_owned();
    }
    if let Some(v) = &n.const_value {
        return literal_union(std::slice::from_ref(v), declaring);
    }
    if let Some(values) = &n.enum_values {
        return literal_union(values, declaring);
    }
    let alternatives: Vec<NodeId> = n.one_of.iter().chain(&n.any_of).copied().collect();
    if !alternatives.is_empty() {
        let parts = alternatives.iter().map(|a| expr(c, *a, needs)).collect();
        return union(parts);
    }
    // No intersections in Python: the first part (or `$ref`) that says
    // something stands for the whole.
    if let Some(part) = n.reference.iter().chain(&n.all_of).next() {
        // A refinement (`required` beside a `$ref`) is typed as what it refines.
        let refining = n
            .types
            .as_deref()
            .is_none_or(|t| matches!(t, [JsonType::Object] | [JsonType::Array]));
        if refining && n.properties.is_empty() {
            return expr(c, *part, needs);
        }
    }
    // No `type` is any value: `implied.rs` has written the type wherever
    // the keywords and their context fix one.
    let Some(types) = n.types.clone() else {
        return "Any".to_owned();
    };
    let mut parts = Vec::new();
    for t in types {
        parts.push(match t {
            JsonType::Null if declaring => continue,
            JsonType::Null => "None".to_owned(),
            JsonType::Boolean => "bool".to_owned(),
            JsonType::String => match n.format {
                Some(Format::DateTime) => "DateTime".to_owned(),
                Some(Format::Date) => "Date".to_owned(),
                _ => "str".to_owned(),
            },
            JsonType::Integer => "int".to_owned(),
            JsonType::Number => "float".to_owned(),
            JsonType::Array => match n.items {
                Some(items) => format!("list[{}]", expr(c, items, needs)),
                None => "list[Any]".to_owned(),
            },
            JsonType::Object => match n.additional_properties {
                Some(a) if n.properties.is_empty() && !c.node(a).never => {
                    format!("dict[str, {}]", expr(c, a, needs))
                }
                _ => "dict[str, Any]".to_owned(),
            },
        });
    }
    union(parts)
}

/// `Literal[…]` where Python allows it (strings, integers, booleans, None);
/// otherwise the union of the values' types.
fn literal_union(values: &[Value], declaring: bool) -> String {
    let literal_ok =
        |v: &Value| matches!(v, Value::String(_) | Value::Bool(_)) || v.as_i64().is_some();
    let has_null = values.iter().any(Value::is_null);
    let rest: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let mut parts = Vec::new();
    if rest.iter().all(|v| literal_ok(v)) {
        if !rest.is_empty() {
            let mut items: Vec<String> = Vec::new();
            for v in &rest {
                let item = super::syntax::scalar_literal(v).unwrap_or_else(|| v.to_string());
                // An enum may list a value twice; a `Literal` may not.
                if !items.contains(&item) {
                    items.push(item);
                }
            }
            parts.push(format!("Literal[{}]", items.join(", ")));
        }
    } else {
        // These stand for enum values, whose kind must hold exactly as a
        // `Literal`'s would (`float` alone would take `true`).
        for v in rest {
            let t = match v {
                Value::String(_) => "str",
                Value::Bool(_) => "Annotated[bool, JsonBoolean]",
                Value::Number(n) if n.is_f64() => "Annotated[float, JsonNumber]",
                Value::Number(_) => "Annotated[int, JsonNumber]",
                Value::Array(_) => "list[Any]",
                Value::Object(_) => "dict[str, Any]",
                Value::Null => continue,
            };
            if !parts.iter().any(|p| p == t) {
                parts.push(t.to_owned());
            }
        }
    }
    if has_null && !declaring {
        parts.push("None".to_owned());
    }
    union(parts)
}

fn union(parts: Vec<String>) -> String {
    // A part may be a union itself (`None | float`): its members count one by one.
    let mut parts: Vec<String> = parts.iter().flat_map(|p| members(p)).collect();
    // One `Literal[…]` of all the literal members, where the first stood
    // (ruff's PYI030).
    let literal_items: Vec<String> = parts
        .iter()
        .filter_map(|p| p.strip_prefix("Literal[")?.strip_suffix(']'))
        .flat_map(|inner| split_top_level(inner, ','))
        .fold(Vec::new(), |mut acc, item| {
            if !acc.contains(&item) {
                acc.push(item);
            }
            acc
        });
    if let Some(first) = parts.iter().position(|p| p.starts_with("Literal[")) {
        parts[first] = format!("Literal[{}]", literal_items.join(", "));
        let mut i = 0;
        parts.retain(|p| {
            i += 1;
            i - 1 == first || !p.starts_with("Literal[")
        });
    }
    // After guarding, which may make two members one (`bool` beside an
    // enum's guarded bool).
    let mut parts = guard_kinds(parts);
    let mut seen = Vec::new();
    parts.retain(|p| {
        let fresh = !seen.contains(p);
        seen.push(p.clone());
        fresh
    });
    match parts.len() {
        0 => "Never".to_owned(),
        1 => parts.remove(0),
        _ => parts.join(" | "),
    }
}

/// Boolean and number members guarded (`_types.py`'s `JsonBoolean`,
/// `JsonNumber`): Python holds `True == 1 == 1.0`, so pydantic matches `0`
/// to `Literal[False]` and `True` to `Literal[1]` even in strict mode, and
/// lets `float` take `false`. A boolean or number `Literal` is guarded
/// wherever it stands, since pydantic tries a model of a union with values
/// meant for another; `bool`, `int` and `float` where one union shows both
/// kinds. A `Literal` of several kinds is split, one per kind.
fn guard_kinds(parts: Vec<String>) -> Vec<String> {
    #[derive(PartialEq)]
    enum Kind {
        Boolean,
        Number,
        Other,
    }
    let kind_of = |item: &str| match item {
        "bool" | "True" | "False" => Kind::Boolean,
        "int" | "float" => Kind::Number,
        _ if item.starts_with(|c: char| c.is_ascii_digit() || c == '-') => Kind::Number,
        _ => Kind::Other,
    };
    let literal_items = |p: &str| -> Option<Vec<String>> {
        Some(split_top_level(
            p.strip_prefix("Literal[")?.strip_suffix(']')?,
            ',',
        ))
    };
    let kinds: Vec<Kind> = parts
        .iter()
        .flat_map(|p| literal_items(p).unwrap_or_else(|| vec![p.clone()]))
        .map(|item| kind_of(&item))
        .collect();
    let mixed = kinds.contains(&Kind::Boolean) && kinds.contains(&Kind::Number);
    let literals = parts.iter().filter_map(|p| literal_items(p)).flatten();
    let guarded_literal = literals
        .map(|item| kind_of(&item))
        .any(|k| k != Kind::Other);
    if !mixed && !guarded_literal {
        return parts;
    }
    let guarded = |ty: String, kind: &Kind| match kind {
        Kind::Boolean => format!("Annotated[{ty}, JsonBoolean]"),
        Kind::Number => format!("Annotated[{ty}, JsonNumber]"),
        Kind::Other => ty,
    };
    let mut out = Vec::new();
    for p in parts {
        match literal_items(&p) {
            Some(items) => {
                for kind in [Kind::Other, Kind::Boolean, Kind::Number] {
                    let same: Vec<&str> = items
                        .iter()
                        .filter(|i| kind_of(i) == kind)
                        .map(String::as_str)
                        .collect();
                    if !same.is_empty() {
                        out.push(guarded(format!("Literal[{}]", same.join(", ")), &kind));
                    }
                }
            }
            None if mixed => {
                let kind = kind_of(&p);
                out.push(guarded(p, &kind));
            }
            None => out.push(p),
        }
    }
    out
}

/// The top-level members of a union type expression (outside brackets and
/// string literals).
pub fn members(ty: &str) -> Vec<String> {
    split_top_level(ty, '|')
}
