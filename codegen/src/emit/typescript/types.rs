//! TypeScript type expressions and declarations from the model.
//!
//! Types describe shapes; the runtime validator enforces the constraints.
//! Named types (decided by the model) are declared once and referred to by
//! name; everything else is written inline. A type is first a [`Ty`], then a
//! [`Doc`] laid out the way prettier lays out each kind of type.

use serde_json::Value;

use super::layout::{
    align, concat, group, hardline, if_break, indent, join, line, softline, text, Doc,
};
use super::syntax::{doc_comment, property_key, string_literal};
use crate::model::Contracts;
use crate::schema::{JsonType, Node, NodeId};

/// A TypeScript type, as the emitter writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `string`, `number`, `boolean`, `null`, `unknown`, `never`.
    Keyword(&'static str),
    /// A literal type: `"credit.locked"`, `1`, `true`.
    Literal(String),
    /// A declared type or a type parameter.
    Name(String),
    /// A generic type with its arguments: `Array<T>`, `Record<string, T>`.
    Generic(String, Vec<Ty>),
    /// An object type written in place.
    Object(Vec<Member>),
    Union(Vec<Ty>),
    Intersection(Vec<Ty>),
}

/// A property of an object type (or an index signature, with `key` the
/// whole `[key: string]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub optional: bool,
    pub ty: Ty,
}

/// One `export interface` or `export type` declaration.
#[derive(Debug)]
pub struct Decl {
    pub name: String,
    /// Already a `/** … */` block, or empty.
    pub doc: String,
    /// Type parameters, such as `P = unknown`.
    pub params: Vec<String>,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    /// An `interface`: its fields and, for open objects, the index
    /// signature's value type.
    Interface {
        fields: Vec<Field>,
        index: Option<Ty>,
    },
    Alias(Ty),
}

#[derive(Debug)]
pub struct Field {
    pub key: String,
    pub optional: bool,
    pub ty: Ty,
    pub doc: String,
}

/// Replaces the type of some properties of one declaration (the envelope's
/// payload, event type and version become type parameters).
pub type Overrides<'a> = &'a [(&'a str, &'a str)];

/// The declaration of named node `id`.
pub fn declare(
    c: &Contracts,
    id: NodeId,
    name: &str,
    params: Vec<String>,
    overrides: Overrides,
) -> Decl {
    let n = c.node(id);
    let doc = doc_comment(n.description.as_deref(), deprecation(n));
    let body = if is_plain_object(n) {
        let (fields, index) = object_members(c, n, overrides);
        Body::Interface { fields, index }
    } else {
        Body::Alias(inline(c, n, true))
    };
    Decl {
        name: name.to_owned(),
        doc,
        params,
        body,
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
        && n.types.as_ref().is_some_and(|t| {
            t.contains(&JsonType::Object)
                && t.iter()
                    .all(|t| matches!(t, JsonType::Object | JsonType::Null))
        })
}

/// The TypeScript type of the value at node `id`.
pub fn expr(c: &Contracts, id: NodeId) -> Ty {
    if let Some((named, name)) = c.named(id) {
        let name = Ty::Name(crate::naming::typescript_type_name(name));
        return if c.node(named).null_in_own_keywords() {
            Ty::Union(vec![name, Ty::Keyword("null")])
        } else {
            name
        };
    }
    let target = c.schemas.resolve(id);
    inline(c, c.node(target), false)
}

/// The type of a node written out in place. `declaring` is true for the
/// body of the node's own named declaration, which leaves out `null` (the
/// references add it).
fn inline(c: &Contracts, n: &Node, declaring: bool) -> Ty {
    // Every keyword named: one added to `Node` does not compile until it is
    // typed here or said not to shape a type.
    let Node {
        // Annotations; a member's doc comment is `declare`'s.
        origin: _,
        title: _,
        description: _,
        deprecated: _,
        default: _,
        examples: _,
        // Constraints: `validate.ts` checks them (a format is in the doc).
        min_length: _,
        max_length: _,
        pattern: _,
        format: _,
        minimum: _,
        maximum: _,
        exclusive_minimum: _,
        exclusive_maximum: _,
        multiple_of: _,
        min_items: _,
        max_items: _,
        unique_items: _,
        // Shapes: here, in `base_type` and in `object_literal`.
        never: _,
        reference: _,
        types: _,
        enum_values: _,
        const_value: _,
        properties: _,
        required: _,
        additional_properties: _,
        items: _,
        all_of: _,
        any_of: _,
        one_of: _,
    } = n;
    if n.never {
        return Ty::Keyword("never");
    }
    let mut parts: Vec<Ty> = Vec::new();
    let base = base_type(c, n, declaring);
    if let Some(r) = n.reference {
        parts.push(expr(c, r));
    }
    parts.extend(n.all_of.iter().map(|s| expr(c, *s)));
    let alternatives: Vec<Ty> = n
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
        Some(b) if b != Ty::Keyword("unknown") => {
            intersection(std::iter::once(b).chain(parts).collect())
        }
        _ if parts.is_empty() => Ty::Keyword("unknown"),
        _ => intersection(parts),
    }
}

/// The type from `type`, `enum`, `const` and the object and array keywords.
fn base_type(c: &Contracts, n: &Node, declaring: bool) -> Option<Ty> {
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
    // No `type` is any value: `implied.rs` has written the type wherever
    // the keywords and their context fix one.
    let types: Vec<JsonType> = n.types.clone()?;
    let mut out: Vec<Ty> = Vec::new();
    for t in types {
        let ty = match t {
            JsonType::Null if declaring => continue,
            JsonType::Null => Ty::Keyword("null"),
            JsonType::Boolean => Ty::Keyword("boolean"),
            JsonType::String => Ty::Keyword("string"),
            JsonType::Number | JsonType::Integer => Ty::Keyword("number"),
            JsonType::Array => array(match n.items {
                Some(items) => expr(c, items),
                None => Ty::Keyword("unknown"),
            }),
            JsonType::Object => object_literal(c, n),
        };
        if !out.contains(&ty) {
            out.push(ty);
        }
    }
    Some(union(out))
}

fn array(items: Ty) -> Ty {
    Ty::Generic("Array".to_owned(), vec![items])
}

fn record(values: Ty) -> Ty {
    Ty::Generic("Record".to_owned(), vec![Ty::Keyword("string"), values])
}

fn object_literal(c: &Contracts, n: &Node) -> Ty {
    if n.properties.is_empty() {
        return record(match n.additional_properties {
            Some(a) if c.node(a).never => Ty::Keyword("never"),
            Some(a) => expr(c, a),
            None => Ty::Keyword("unknown"),
        });
    }
    let (fields, index) = object_members(c, n, &[]);
    let mut members: Vec<Member> = fields
        .into_iter()
        .map(|f| Member {
            key: f.key,
            optional: f.optional,
            ty: f.ty,
        })
        .collect();
    if let Some(ty) = index {
        members.push(Member {
            key: "[key: string]".to_owned(),
            optional: false,
            ty,
        });
    }
    Ty::Object(members)
}

fn object_members(c: &Contracts, n: &Node, overrides: Overrides) -> (Vec<Field>, Option<Ty>) {
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
                Some((_, t)) => Ty::Name((*t).to_owned()),
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
        _ => Some(Ty::Keyword("unknown")),
    };
    (fields, index)
}

/// The schema's own `deprecated: true`, as a doc tag.
fn deprecation(n: &Node) -> Option<&'static str> {
    n.deprecated.then_some("(deprecated in the schema)")
}

fn literal(v: &Value) -> Ty {
    match v {
        Value::String(s) => Ty::Literal(string_literal(s)),
        Value::Null => Ty::Keyword("null"),
        Value::Number(_) | Value::Bool(_) => Ty::Literal(v.to_string()),
        // TypeScript has no literal types for arrays and objects.
        Value::Array(_) => array(Ty::Keyword("unknown")),
        Value::Object(_) => record(Ty::Keyword("unknown")),
    }
}

/// A union of `parts`: nested unions are one union in TypeScript's syntax.
pub fn union(mut parts: Vec<Ty>) -> Ty {
    parts.dedup();
    match parts.len() {
        0 => Ty::Keyword("never"),
        1 => parts.remove(0),
        _ => Ty::Union(
            parts
                .into_iter()
                .flat_map(|p| match p {
                    Ty::Union(inner) => inner,
                    p => vec![p],
                })
                .collect(),
        ),
    }
}

pub fn intersection(parts: Vec<Ty>) -> Ty {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or(Ty::Keyword("unknown"));
    }
    Ty::Intersection(
        parts
            .into_iter()
            .flat_map(|p| match p {
                Ty::Intersection(inner) => inner,
                p => vec![p],
            })
            .collect(),
    )
}

// Layout, after prettier's printers of each kind of type
// (`union-type.js`, `intersection-type.js`, `type-parameters.js`,
// `class-body.js`, `assignment.js`).

/// Where a type stands, which decides how a union in it breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// After `key: `.
    Annotation,
    /// A type argument, `Array<here>`.
    Argument,
    /// The right-hand side of `type X = here`, after a break.
    AliasRight,
    /// A member of a union or an intersection: parenthesized if a union
    /// or intersection itself.
    Operand,
}

impl Ty {
    /// A reference, generic or not, or an object type (prettier's
    /// `isObjectLikeType`).
    fn object_like(&self) -> bool {
        matches!(self, Ty::Name(_) | Ty::Generic(..) | Ty::Object(_))
    }

    /// A union of one object-like type and `null`s, written on one line
    /// with the object breaking (prettier's `shouldHugUnionType`).
    fn hugged_union(&self) -> bool {
        let Ty::Union(types) = self else {
            return false;
        };
        let Some(object) = types.iter().position(Ty::object_like) else {
            return false;
        };
        types
            .iter()
            .enumerate()
            .all(|(i, t)| i == object || *t == Ty::Keyword("null"))
    }

    /// prettier's `shouldHugType`: a keyword, a literal, a reference without
    /// type arguments, an object type, or a hugged union.
    fn hugs(&self) -> bool {
        matches!(
            self,
            Ty::Keyword(_) | Ty::Literal(_) | Ty::Name(_) | Ty::Object(_)
        ) || self.hugged_union()
    }

    /// The type laid out where it stands.
    fn doc(&self, place: Place) -> Doc {
        let inner = match self {
            Ty::Keyword(k) => return text(*k),
            Ty::Literal(s) | Ty::Name(s) => return text(s.as_str()),
            Ty::Generic(name, args) => return generic(name, args),
            Ty::Object(members) => return object(members),
            Ty::Union(types) => union_doc(self, types, place),
            Ty::Intersection(types) => intersection_doc(types),
        };
        if place == Place::Operand {
            concat(vec![text("("), inner, text(")")])
        } else {
            inner
        }
    }
}

fn generic(name: &str, args: &[Ty]) -> Doc {
    let printed: Vec<Doc> = args.iter().map(|a| a.doc(Place::Argument)).collect();
    if args.len() == 1 && args[0].hugs() {
        let mut parts = vec![text(format!("{name}<"))];
        parts.extend(printed);
        parts.push(text(">"));
        return concat(parts);
    }
    group(concat(vec![
        text(format!("{name}<")),
        indent(concat(vec![
            softline(),
            join(&concat(vec![text(","), line()]), printed),
        ])),
        softline(),
        text(">"),
    ]))
}

fn object(members: &[Member]) -> Doc {
    if members.is_empty() {
        return text("{}");
    }
    let last = members.len() - 1;
    let mut parts = vec![line()];
    for (i, m) in members.iter().enumerate() {
        parts.push(member(&m.key, m.optional, &m.ty));
        if i == last {
            parts.push(if_break(text(";"), text("")));
        } else {
            parts.push(text(";"));
            parts.push(line());
        }
    }
    group(concat(vec![
        text("{"),
        indent(concat(parts)),
        line(),
        text("}"),
    ]))
}

/// `key?: type`, without the semicolon.
fn member(key: &str, optional: bool, ty: &Ty) -> Doc {
    let head = format!("{key}{}: ", if optional { "?" } else { "" });
    group(concat(vec![text(head), ty.doc(Place::Annotation)]))
}

fn union_doc(ty: &Ty, types: &[Ty], place: Place) -> Doc {
    if ty.hugged_union() {
        let printed = types.iter().map(|t| t.doc(Place::Operand)).collect();
        return join(&text(" | "), printed);
    }
    let mut parts = Vec::with_capacity(types.len() * 2);
    for (i, t) in types.iter().enumerate() {
        parts.push(if i == 0 {
            if_break(text("| "), text(""))
        } else {
            concat(vec![line(), text("| ")])
        });
        parts.push(align(2, t.doc(Place::Operand)));
    }
    let printed = group(concat(parts));
    match place {
        Place::Operand => group(concat(vec![
            indent(concat(vec![softline(), printed])),
            softline(),
        ])),
        Place::Argument | Place::AliasRight => printed,
        Place::Annotation => group(indent(concat(vec![softline(), printed]))),
    }
}

fn intersection_doc(types: &[Ty]) -> Doc {
    let is_object = |t: &Ty| matches!(t, Ty::Object(_));
    let mut was_indented = false;
    let mut parts = Vec::with_capacity(types.len());
    for (i, t) in types.iter().enumerate() {
        let doc = t.doc(Place::Operand);
        if i == 0 {
            parts.push(doc);
            continue;
        }
        let (previous, current) = (is_object(&types[i - 1]), is_object(t));
        if previous && current {
            parts.push(text(" & "));
            parts.push(if was_indented { indent(doc) } else { doc });
        } else if !previous && !current {
            parts.push(indent(concat(vec![text(" &"), line(), doc])));
        } else {
            if i > 1 {
                was_indented = true;
            }
            parts.push(text(" & "));
            parts.push(if i > 1 { indent(doc) } else { doc });
        }
    }
    group(concat(parts))
}

/// `type {name}{params} = {ty};`, laid out as prettier lays out an
/// assignment: a union breaks after the `=` first; anything else stays on
/// the line of the `=` if its first part fits there.
pub fn alias(export: &str, name: &str, params: &[String], ty: &Ty) -> Doc {
    let left = concat(vec![
        text(format!("{export}type {name}")),
        type_params(params),
    ]);
    let right = if matches!(ty, Ty::Union(_)) && !ty.hugged_union() {
        group(indent(concat(vec![line(), ty.doc(Place::AliasRight)])))
    } else {
        return assignment(left, ty.doc(Place::Argument), params.len() > 1);
    };
    concat(vec![
        group(concat(vec![group(left), text(" ="), right])),
        text(";"),
    ])
}

/// prettier's "fluid" assignment layout (or "break-lhs" for a declaration
/// with several type parameters): the right side moves to its own line
/// only when not even its first part fits after the `=`.
pub fn assignment(left: Doc, right: Doc, break_left: bool) -> Doc {
    use super::layout::{group_with, indent_if_break, GroupId};
    if break_left {
        return concat(vec![
            group(concat(vec![left, text(" = "), group(right)])),
            text(";"),
        ]);
    }
    let id = GroupId(0);
    concat(vec![
        group(concat(vec![
            group(left),
            text(" ="),
            group_with(indent(line()), Some(id)),
            indent_if_break(id, right),
        ])),
        text(";"),
    ])
}

/// `<A, B>` of a declaration: on one line, or one per line with a trailing
/// comma.
pub fn type_params(params: &[String]) -> Doc {
    if params.is_empty() {
        return text("");
    }
    group(concat(vec![
        text("<"),
        indent(concat(vec![
            softline(),
            join(
                &concat(vec![text(","), line()]),
                params.iter().map(|p| text(p.as_str())).collect(),
            ),
        ])),
        if_break(text(","), text("")),
        softline(),
        text(">"),
    ]))
}

/// A type where a type argument stands (`Extract<AnyEvent, here>`).
pub fn argument(ty: &Ty) -> Doc {
    ty.doc(Place::Argument)
}

/// A block comment's lines, each followed by a break.
fn comment_lines(block: &str) -> Vec<Doc> {
    block.lines().flat_map(|l| [text(l), hardline()]).collect()
}

/// The declaration, exported, as it stands in `types.ts`.
pub fn declaration(d: &Decl) -> Doc {
    let mut parts = comment_lines(&d.doc);
    match &d.body {
        Body::Alias(ty) => parts.push(alias("export ", &d.name, &d.params, ty)),
        Body::Interface { fields, index } => {
            parts.push(text(format!("export interface {}", d.name)));
            parts.push(type_params(&d.params));
            parts.push(text(" {"));
            let mut body = Vec::new();
            for f in fields {
                body.push(hardline());
                for l in f.doc.lines() {
                    body.push(text(l));
                    body.push(hardline());
                }
                body.push(member(&f.key, f.optional, &f.ty));
                body.push(text(";"));
            }
            if let Some(ty) = index {
                body.push(hardline());
                body.push(member("[key: string]", false, ty));
                body.push(text(";"));
            }
            parts.push(indent(concat(body)));
            parts.push(hardline());
            parts.push(text("}"));
        }
    }
    concat(parts)
}
