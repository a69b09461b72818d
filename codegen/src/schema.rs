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
        self.reference
            .into_iter()
            .chain(self.properties.iter().map(|(_, id)| *id))
            .chain(self.additional_properties)
            .chain(self.items)
            .chain(self.all_of.iter().copied())
            .chain(self.any_of.iter().copied())
            .chain(self.one_of.iter().copied())
            .collect()
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
        self.never
            || self.types.is_some()
            || self.enum_values.is_some()
            || self.const_value.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || self.pattern.is_some()
            || self.format.as_ref().is_some_and(Format::is_asserted)
            || self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.multiple_of.is_some()
            || !self.properties.is_empty()
            || !self.required.is_empty()
            || self.additional_properties.is_some()
            || self.items.is_some()
            || self.min_items.is_some()
            || self.max_items.is_some()
            || self.unique_items
            || !self.all_of.is_empty()
            || !self.any_of.is_empty()
            || !self.one_of.is_empty()
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
