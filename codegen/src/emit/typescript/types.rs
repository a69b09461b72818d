//! TypeScript type expressions and declarations from the model.
//!
//! Types describe shapes; the runtime validator enforces the constraints.
//! Named types (decided by the model) are declared once and referred to by
//! name; everything else is written inline.

use serde::Serialize;
use serde_json::Value;

use super::syntax::{doc_comment, property_key, string_literal};
use crate::model::Contracts;
use crate::schema::{JsonType, Node, NodeId};

/// One `export interface` or `export type` declaration.
#[derive(Debug, Serialize)]
pub struct Decl {
    pub name: String,
    /// Already a `/** … */` block, or empty.
    pub doc: String,
    /// `interface` with `fields`, or `alias` with `body`.
    pub kind: &'static str,
    /// Type parameters with their brackets, such as `<P>`, or empty.
    pub params: String,
    pub fields: Vec<Field>,
    /// An index signature's value type, for open objects.
    pub index: Option<String>,
    pub body: String,
}

#[derive(Debug, Serialize)]
pub struct Field {
    pub key: String,
    pub optional: bool,
    pub ty: String,
    pub doc: String,
}

/// Replaces the type of some properties of one declaration (the envelope's
/// payload, event type and version become type parameters).
pub type Overrides<'a> = &'a [(&'a str, &'a str)];

/// The declaration of named node `id`.
pub fn declare(c: &Contracts, id: NodeId, name: &str, params: &str, overrides: Overrides) -> Decl {
    let n = c.node(id);
    let doc = doc_comment(n.description.as_deref(), deprecation(n));
    let plain_object = is_plain_object(n);
    if plain_object {
        let (fields, index) = object_members(c, n, overrides);
        Decl {
            name: name.to_owned(),
            doc,
            kind: "interface",
            params: params.to_owned(),
            fields,
            index,
            body: String::new(),
        }
    } else {
        Decl {
            name: name.to_owned(),
            doc,
            kind: "alias",
            params: params.to_owned(),
            fields: Vec::new(),
            index: None,
            body: inline(c, n, true),
        }
    }
}

/// An object with its own properties and nothing that needs a union or an
/// intersection: declared as an `interface`.
fn is_plain_object(n: &Node) -> bool {
    n.reference.is_none()
        && n.all_of.is_empty()
        && n.any_of.is_empty()
        && n.one_of.is_empty()
        && n.enum_values.is_none()
        && n.const_value.is_none()
        && !n.properties.is_empty()
        && n.types.as_ref().is_none_or(|t| {
            t.iter()
                .all(|t| matches!(t, JsonType::Object | JsonType::Null))
        })
}

/// The TypeScript type of the value at node `id`.
pub fn expr(c: &Contracts, id: NodeId) -> String {
    if let Some((named, name)) = c.named(id) {
        return if c.node(named).null_in_own_keywords() {
            format!("{name} | null")
        } else {
            name.to_owned()
        };
    }
    let target = c.schemas.resolve(id);
    inline(c, c.node(target), false)
}

/// The type of a node written out in place. `declaring` is true for the
/// body of the node's own named declaration, which leaves out `null` (the
/// references add it).
fn inline(c: &Contracts, n: &Node, declaring: bool) -> String {
    if n.never {
        return "never".to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let base = base_type(c, n, declaring);
    if let Some(r) = n.reference {
        parts.push(expr(c, r));
    }
    parts.extend(n.all_of.iter().map(|s| expr(c, *s)));
    let alternatives: Vec<String> = n
        .one_of
        .iter()
        .chain(&n.any_of)
        .map(|s| expr(c, *s))
        .collect();
    if !alternatives.is_empty() {
        parts.push(union(alternatives));
    }
    match base {
        Some(b) if parts.is_empty() => b,
        Some(b) if b != "unknown" => intersection(std::iter::once(b).chain(parts).collect()),
        _ if parts.is_empty() => "unknown".to_owned(),
        _ => intersection(parts),
    }
}

/// The type from `type`, `enum`, `const` and the object and array keywords.
fn base_type(c: &Contracts, n: &Node, declaring: bool) -> Option<String> {
    if let Some(v) = &n.const_value {
        return Some(literal(v));
    }
    if let Some(values) = &n.enum_values {
        let literals = values
            .iter()
            .filter(|v| !(declaring && v.is_null()))
            .map(literal)
            .collect();
        return Some(union(literals));
    }
    let types: Vec<JsonType> = match &n.types {
        Some(ts) => ts.clone(),
        None if !n.properties.is_empty() || n.additional_properties.is_some() => {
            vec![JsonType::Object]
        }
        None if n.items.is_some() => vec![JsonType::Array],
        None => return None,
    };
    let mut out: Vec<String> = Vec::new();
    for t in types {
        let ty = match t {
            JsonType::Null if declaring => continue,
            JsonType::Null => "null".to_owned(),
            JsonType::Boolean => "boolean".to_owned(),
            JsonType::String => "string".to_owned(),
            JsonType::Number | JsonType::Integer => "number".to_owned(),
            JsonType::Array => match n.items {
                Some(items) => format!("Array<{}>", expr(c, items)),
                None => "Array<unknown>".to_owned(),
            },
            JsonType::Object => object_literal(c, n),
        };
        if !out.contains(&ty) {
            out.push(ty);
        }
    }
    Some(union(out))
}

fn object_literal(c: &Contracts, n: &Node) -> String {
    if n.properties.is_empty() {
        return match n.additional_properties {
            Some(a) if c.node(a).never => "Record<string, never>".to_owned(),
            Some(a) => format!("Record<string, {}>", expr(c, a)),
            None => "Record<string, unknown>".to_owned(),
        };
    }
    let (fields, index) = object_members(c, n, &[]);
    let mut members: Vec<String> = fields
        .iter()
        .map(|f| format!("{}{}: {}", f.key, if f.optional { "?" } else { "" }, f.ty))
        .collect();
    if let Some(i) = index {
        members.push(format!("[key: string]: {i}"));
    }
    format!("{{ {} }}", members.join("; "))
}

fn object_members(c: &Contracts, n: &Node, overrides: Overrides) -> (Vec<Field>, Option<String>) {
    let fields = n
        .properties
        .iter()
        .map(|(wire, child)| {
            let target = c.node(c.schemas.resolve(*child));
            let own = c.node(*child);
            let mut description = own
                .description
                .as_deref()
                .or(target.description.as_deref())
                .map(str::to_owned);
            // The type says `string`; the format is checked at run time.
            if let Some(f) = target.format.as_ref().filter(|f| f.is_asserted()) {
                let note = format!(
                    "Format: `{}`, checked by `parseEvent` and `validateEvent`.",
                    f.as_str()
                );
                description = Some(match description {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
            let ty = match overrides.iter().find(|(w, _)| w == wire) {
                Some((_, t)) => (*t).to_owned(),
                None => expr(c, *child),
            };
            Field {
                key: property_key(wire),
                optional: !n.required.iter().any(|r| r == wire),
                ty,
                doc: doc_comment(description.as_deref(), deprecation(own)),
            }
        })
        .collect();
    // Declared properties must fit the index signature, so an open object's
    // extra values are `unknown`, whatever `additionalProperties` says.
    let index = match n.additional_properties {
        Some(a) if c.node(a).never => None,
        _ => Some("unknown".to_owned()),
    };
    (fields, index)
}

/// The schema's own `deprecated: true`, as a doc tag.
fn deprecation(n: &Node) -> Option<&'static str> {
    n.deprecated.then_some("(deprecated in the schema)")
}

fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => string_literal(s),
        Value::Number(_) | Value::Bool(_) | Value::Null => v.to_string(),
        // TypeScript has no literal types for arrays and objects.
        Value::Array(_) => "Array<unknown>".to_owned(),
        Value::Object(_) => "Record<string, unknown>".to_owned(),
    }
}

fn union(mut parts: Vec<String>) -> String {
    parts.dedup();
    match parts.len() {
        0 => "never".to_owned(),
        1 => parts.remove(0),
        _ => parts.join(" | "),
    }
}

fn intersection(parts: Vec<String>) -> String {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or_default();
    }
    parts
        .into_iter()
        .map(|p| {
            if p.contains(" | ") {
                format!("({p})")
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}
