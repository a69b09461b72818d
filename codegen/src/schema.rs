//! The schema model: every subschema of the contracts as one [`Node`] in an
//! arena, with `$ref`s resolved to node ids.
//!
//! Emitters read this, never raw JSON Schema. Each field is one keyword, so a
//! reader looking for how `multipleOf` travels finds it here, in `lower.rs`
//! (where it is read and checked) and in `checks.rs` (what every runtime checks).

use serde_json::{Number, Value};

pub type NodeId = usize;

/// Where a node came from, for diagnostics and naming.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: String,
    pub pointer: String,
}

/// JSON Schema's primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl JsonType {
    pub fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
        }
    }
}

/// The `format`s with a meaning at runtime; others are kept as annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    DateTime,
    Date,
    Uuid,
    /// Not asserted (SPEC: an annotation, as in draft 2020-12 by default).
    Other(String),
}

impl Format {
    pub fn parse(name: &str) -> Format {
        match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "uuid" => Format::Uuid,
            other => Format::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Uuid => "uuid",
            Format::Other(name) => name,
        }
    }

    pub fn is_asserted(&self) -> bool {
        !matches!(self, Format::Other(_))
    }
}

/// One subschema. Absent keywords are `None` or empty.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub origin: Option<Origin>,

    // Annotations.
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<Value>,
    pub examples: Vec<Value>,

    /// The `false` schema: nothing is valid.
    pub never: bool,
    pub reference: Option<NodeId>,
    pub types: Option<Vec<JsonType>>,
    pub enum_values: Option<Vec<Value>>,
    /// `Some(Value::Null)` is `const: null`.
    pub const_value: Option<Value>,

    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<Format>,

    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub multiple_of: Option<Number>,

    /// In the order written.
    pub properties: Vec<(String, NodeId)>,
    pub required: Vec<String>,
    /// `None` when absent (any extra property is allowed, and kept).
    pub additional_properties: Option<NodeId>,

    pub items: Option<NodeId>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,

    pub all_of: Vec<NodeId>,
    pub any_of: Vec<NodeId>,
    pub one_of: Vec<NodeId>,
}

impl Node {
    pub fn allows(&self, t: JsonType) -> bool {
        match &self.types {
            None => true,
            Some(ts) => {
                ts.contains(&t) || (t == JsonType::Integer && ts.contains(&JsonType::Number))
            }
        }
    }

    /// Whether the node's own `type` or `enum` admits `null`. Emitters declare
    /// a named type as its non-null part and add the null where it is used.
    pub fn null_in_own_keywords(&self) -> bool {
        self.types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Null))
            || self
                .enum_values
                .as_ref()
                .is_some_and(|v| v.iter().any(Value::is_null))
    }

    /// Every subschema this node uses directly, its `$ref` target included.
    /// The subschemas applied to this node's own value (`$ref`, `allOf`,
    /// `anyOf`, `oneOf`), as opposed to a property's or an item's.
    pub fn applicators(&self) -> Vec<NodeId> {
        self.reference
            .into_iter()
            .chain(self.all_of.iter().copied())
            .chain(self.any_of.iter().copied())
            .chain(self.one_of.iter().copied())
            .collect()
    }

    pub fn children(&self) -> Vec<NodeId> {
        // Every field named: a keyword added to `Node` must say here whether
        // it holds subschemas.
        let Node {
            origin: _,
            title: _,
            description: _,
            deprecated: _,
            default: _,
            examples: _,
            never: _,
            reference,
            types: _,
            enum_values: _,
            const_value: _,
            min_length: _,
            max_length: _,
            pattern: _,
            format: _,
            minimum: _,
            maximum: _,
            exclusive_minimum: _,
            exclusive_maximum: _,
            multiple_of: _,
            properties,
            required: _,
            additional_properties,
            items,
            min_items: _,
            max_items: _,
            unique_items: _,
            all_of,
            any_of,
            one_of,
        } = self;
        reference
            .iter()
            .copied()
            .chain(properties.iter().map(|(_, id)| *id))
            .chain(*additional_properties)
            .chain(*items)
            .chain(all_of.iter().copied())
            .chain(any_of.iter().copied())
            .chain(one_of.iter().copied())
            .collect()
    }

    /// The node as JSON Schema, each subschema written by `sub`: the one
    /// writer of the model's keywords (the AsyncAPI document's schemas). A
    /// `$ref` is written as the first part of an `allOf`, which means the
    /// same in every draft (a draft-07 reader ignores a `$ref`'s siblings).
    pub fn to_json(&self, sub: &mut dyn FnMut(NodeId) -> Value) -> Value {
        let Node {
            origin: _,
            title,
            description,
            deprecated,
            default,
            examples,
            never,
            reference,
            types,
            enum_values,
            const_value,
            min_length,
            max_length,
            pattern,
            format,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            items,
            min_items,
            max_items,
            unique_items,
            all_of,
            any_of,
            one_of,
        } = self;
        if *never {
            return Value::Bool(false);
        }
        let mut s = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                s.insert(k.to_owned(), v);
            }
        };
        let string = |v: &Option<String>| v.as_ref().map(|v| Value::String(v.clone()));
        let count = |v: &Option<u64>| v.map(Value::from);
        let number = |v: &Option<Number>| v.clone().map(Value::Number);
        let flag = |v: bool| v.then_some(Value::Bool(true));
        put("title", string(title));
        put("description", string(description));
        put("deprecated", flag(*deprecated));
        put(
            "type",
            types.as_ref().map(|ts| match ts.as_slice() {
                [one] => Value::from(one.as_str()),
                many => many.iter().map(|t| Value::from(t.as_str())).collect(),
            }),
        );
        put("enum", enum_values.clone().map(Value::Array));
        put("const", const_value.clone());
        put("minLength", count(min_length));
        put("maxLength", count(max_length));
        put("pattern", string(pattern));
        put("format", format.as_ref().map(|f| Value::from(f.as_str())));
        put("minimum", number(minimum));
        put("maximum", number(maximum));
        put("exclusiveMinimum", number(exclusive_minimum));
        put("exclusiveMaximum", number(exclusive_maximum));
        put("multipleOf", number(multiple_of));
        put(
            "properties",
            (!properties.is_empty()).then(|| {
                let props = properties.iter().map(|(k, id)| (k.clone(), sub(*id)));
                Value::Object(props.collect())
            }),
        );
        put(
            "required",
            (!required.is_empty())
                .then(|| required.iter().map(|r| Value::from(r.as_str())).collect()),
        );
        put("additionalProperties", additional_properties.map(&mut *sub));
        put("items", items.map(&mut *sub));
        put("minItems", count(min_items));
        put("maxItems", count(max_items));
        put("uniqueItems", flag(*unique_items));
        let parts: Vec<Value> = reference.iter().chain(all_of).map(|id| sub(*id)).collect();
        let list = |ids: &[NodeId], sub: &mut dyn FnMut(NodeId) -> Value| {
            (!ids.is_empty()).then(|| ids.iter().map(|id| sub(*id)).collect::<Vec<Value>>())
        };
        put("allOf", (!parts.is_empty()).then(|| Value::Array(parts)));
        put("anyOf", list(any_of, sub).map(Value::Array));
        put("oneOf", list(one_of, sub).map(Value::Array));
        put("default", default.clone());
        put(
            "examples",
            (!examples.is_empty()).then(|| Value::Array(examples.clone())),
        );
        Value::Object(s)
    }

    /// Whether the node is only a `$ref` (plus annotations).
    pub fn is_pure_reference(&self) -> bool {
        self.reference.is_some() && !self.asserts_besides_reference()
    }

    /// Whether the node accepts every value (no assertion keyword at all).
    pub fn is_unconstrained(&self) -> bool {
        self.reference.is_none() && !self.asserts_besides_reference()
    }

    fn asserts_besides_reference(&self) -> bool {
        let Node {
            // Annotations.
            origin: _,
            title: _,
            description: _,
            deprecated: _,
            default: _,
            examples: _,
            never,
            reference: _,
            types,
            enum_values,
            const_value,
            min_length,
            max_length,
            pattern,
            format,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            items,
            min_items,
            max_items,
            unique_items,
            all_of,
            any_of,
            one_of,
        } = self;
        *never
            || types.is_some()
            || enum_values.is_some()
            || const_value.is_some()
            || min_length.is_some()
            || max_length.is_some()
            || pattern.is_some()
            || format.as_ref().is_some_and(Format::is_asserted)
            || minimum.is_some()
            || maximum.is_some()
            || exclusive_minimum.is_some()
            || exclusive_maximum.is_some()
            || multiple_of.is_some()
            || !properties.is_empty()
            || !required.is_empty()
            || additional_properties.is_some()
            || items.is_some()
            || min_items.is_some()
            || max_items.is_some()
            || *unique_items
            || !all_of.is_empty()
            || !any_of.is_empty()
            || !one_of.is_empty()
    }
}

/// The arena of every node.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    pub nodes: Vec<Node>,
}

impl Schemas {
    pub fn get(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    pub fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Follows pure `$ref`s to the node that carries the constraints.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        let mut steps = 0;
        while let Some(target) = self.nodes[id]
            .reference
            .filter(|_| self.nodes[id].is_pure_reference())
        {
            id = target;
            steps += 1;
            if steps > self.nodes.len() {
                break; // a cycle of pure references; lowering reports it
            }
        }
        id
    }
}
