//! The type a node's keywords stand for, made explicit where JSON Schema
//! guarantees it.
//!
//! `properties`, `required` and `additionalProperties` constrain objects and
//! let every other value through; `items` and its siblings do the same for
//! arrays. A schema such as `{"properties": {…}}` therefore accepts `[]`,
//! `"x"` and `5`, and a typed form that assumes an object would reject them.
//! Where the value can only be of the one type anyway (the node's `$ref`,
//! its `allOf` parts or the schema around it say so, as in an `allOf`
//! refinement of a `$ref`'d object), this pass writes that `type` into the
//! node, which changes no verdict. Everywhere else the node keeps no `type`,
//! and every emitter reads "no `type`" as "any JSON value": one rule, decided
//! here once, instead of each language guessing a type from the keywords.

use crate::schema::{JsonType, Node, NodeId, Schemas};

/// A set of JSON value kinds. Numbers are split into integers and the
/// rest, because `type: integer` admits only the first.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Kinds(u8);

const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const OBJECT: u8 = 4;
const ARRAY: u8 = 8;
const INTEGER: u8 = 16;
const FRACTION: u8 = 32;
const STRING: u8 = 64;

impl Kinds {
    const ALL: Kinds = Kinds(127);
    const NONE: Kinds = Kinds(0);

    fn of_type(t: JsonType) -> Kinds {
        Kinds(match t {
            JsonType::Null => NULL,
            JsonType::Boolean => BOOLEAN,
            JsonType::Object => OBJECT,
            JsonType::Array => ARRAY,
            JsonType::Integer => INTEGER,
            JsonType::Number => INTEGER | FRACTION,
            JsonType::String => STRING,
        })
    }

    fn of_value(v: &serde_json::Value) -> Kinds {
        use serde_json::Value;
        Kinds(match v {
            Value::Null => NULL,
            Value::Bool(_) => BOOLEAN,
            Value::Object(_) => OBJECT,
            Value::Array(_) => ARRAY,
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => INTEGER,
            Value::Number(_) => FRACTION,
            Value::String(_) => STRING,
        })
    }

    fn and(self, other: Kinds) -> Kinds {
        Kinds(self.0 & other.0)
    }

    fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// The one non-null kind this set holds, if it holds one and no other.
    fn single_besides_null(self) -> Option<u8> {
        let rest = self.0 & !NULL;
        (rest.count_ones() == 1).then_some(rest)
    }
}

/// Writes the implied `type` into every node whose own object or array
/// keywords, together with what surrounds it, leave one kind of value
/// (and perhaps `null`). `objects` are nodes that only ever see objects
/// (the envelope: a document that is not an object has no event type).
/// Runs after the cycle check, so the walks end.
pub fn make_explicit(schemas: &mut Schemas, objects: &[NodeId]) {
    let count = schemas.nodes.len();
    let mut memo: Vec<Option<Kinds>> = vec![None; count];
    for id in 0..count {
        admitted(schemas, id, &mut memo);
    }
    let admitted: Vec<Kinds> = memo.into_iter().map(|k| k.unwrap_or(Kinds::ALL)).collect();

    // The values that reach a node: all of them, unless it is a part of an
    // `allOf`/`anyOf`/`oneOf`, whose typed form only ever holds a value the
    // whole accepted. A node that is a part of several takes their union.
    let mut parents: Vec<Vec<NodeId>> = vec![Vec::new(); count];
    for (id, n) in schemas.nodes.iter().enumerate() {
        for part in n.all_of.iter().chain(&n.any_of).chain(&n.one_of) {
            parents[*part].push(id);
        }
    }
    let mut reaching: Vec<Option<Kinds>> = vec![None; count];
    for &id in objects {
        reaching[id] = Some(Kinds(OBJECT));
    }
    for id in 0..count {
        context(id, &parents, &admitted, &mut reaching, 0);
    }

    for (id, node) in schemas.nodes.iter_mut().enumerate() {
        if node.types.is_some() || node.enum_values.is_some() || node.const_value.is_some() {
            continue;
        }
        let kinds = admitted[id].and(reaching[id].unwrap_or(Kinds::ALL));
        let Some(kind) = kinds.single_besides_null() else {
            continue;
        };
        let implied = match kind {
            OBJECT if has_object_keywords(node) => JsonType::Object,
            ARRAY if has_array_keywords(node) => JsonType::Array,
            _ => continue,
        };
        let mut types = vec![implied];
        if kinds.0 & NULL != 0 {
            types.push(JsonType::Null);
        }
        node.types = Some(types);
    }
}

pub fn has_object_keywords(n: &Node) -> bool {
    !n.properties.is_empty() || !n.required.is_empty() || n.additional_properties.is_some()
}

pub fn has_array_keywords(n: &Node) -> bool {
    n.items.is_some() || n.min_items.is_some() || n.max_items.is_some() || n.unique_items
}

/// The kinds of value node `id` accepts, as far as types go.
fn admitted(schemas: &Schemas, id: NodeId, memo: &mut Vec<Option<Kinds>>) -> Kinds {
    if let Some(k) = memo[id] {
        return k;
    }
    // A re-entry could only come from a cycle, which the model refuses
    // before this pass; "anything" keeps the answer safe regardless.
    memo[id] = Some(Kinds::ALL);
    let n = schemas.get(id);
    let mut k = if n.never { Kinds::NONE } else { Kinds::ALL };
    if let Some(ts) = &n.types {
        k = k.and(ts.iter().fold(Kinds::NONE, |a, t| a.or(Kinds::of_type(*t))));
    }
    if let Some(vs) = &n.enum_values {
        k = k.and(vs.iter().fold(Kinds::NONE, |a, v| a.or(Kinds::of_value(v))));
    }
    if let Some(v) = &n.const_value {
        k = k.and(Kinds::of_value(v));
    }
    let (all_of, any_of, one_of) = (n.all_of.clone(), n.any_of.clone(), n.one_of.clone());
    for part in n.reference.iter().chain(&all_of) {
        k = k.and(admitted(schemas, *part, memo));
    }
    for alternatives in [&any_of, &one_of] {
        if !alternatives.is_empty() {
            let union = alternatives
                .iter()
                .fold(Kinds::NONE, |a, p| a.or(admitted(schemas, *p, memo)));
            k = k.and(union);
        }
    }
    memo[id] = Some(k);
    k
}

/// The kinds of value that reach node `id`'s typed form.
fn context(
    id: NodeId,
    parents: &[Vec<NodeId>],
    admitted: &[Kinds],
    memo: &mut Vec<Option<Kinds>>,
    depth: usize,
) -> Kinds {
    if let Some(k) = memo[id] {
        return k;
    }
    if parents[id].is_empty() || depth > parents.len() {
        memo[id] = Some(Kinds::ALL);
        return Kinds::ALL;
    }
    let mut k = Kinds::NONE;
    for &p in &parents[id] {
        k = k.or(context(p, parents, admitted, memo, depth + 1).and(admitted[p]));
    }
    memo[id] = Some(k);
    k
}
