//! The schema typify sees: the model's shapes, without the constraints.
//!
//! typify turns constraints into newtypes, builders and error modules (tens
//! of kilobytes per schema), and some of its choices lose values on a round
//! trip (`default`s inserted, `uuid`s re-spelt, `uniqueItems` arrays turned
//! into sets, open objects dropping unknown fields). The generated runtime
//! validator enforces every constraint, so typify only has to describe
//! shapes, and this projection gives it exactly those, named by the model.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::modules::{Layout, Module};
use crate::model::Contracts;
use crate::schema::{Format, JsonType, Node, NodeId};

/// A projected root schema and the named nodes it defines.
pub struct Projection {
    pub schema: Value,
    /// Type name to node, for every named type in this projection.
    pub types: BTreeMap<String, NodeId>,
    /// The named types other modules declare, as typify's replacements:
    /// the definition's name as typify spells it, and the path to the type.
    pub external: BTreeMap<String, String>,
}

/// What one module declares: a root type (a payload, the envelope), or
/// the shared types (no root).
pub struct Scope<'a> {
    pub root: Option<(NodeId, &'a str)>,
    pub types: BTreeMap<String, NodeId>,
    /// The envelope's payload property, left open for the generic parameter.
    pub payload_hole: Option<&'a str>,
}

/// How much of the model typify is given. typify panics on some schemas
/// (enum values whose variant names collide, such as `a b` and `a_b`); the
/// emitter then asks again with less, never with a wrong shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// String enums and consts become Rust enums.
    Full,
    /// String enums and consts are plain strings.
    NoEnums,
    /// Only the root's own shape: whatever is inside it is JSON. An
    /// envelope must stay a struct generic over its payload.
    Opaque,
}

pub fn project(c: &Contracts, layout: &Layout, scope: &Scope, detail: Detail) -> Projection {
    let root = scope.root.map(|(id, name)| (c.schemas.resolve(id), name));
    let mut p = Projector {
        c,
        layout,
        detail,
        root: root.map(|(id, _)| id),
        root_name: root.map_or("Shared", |(_, name)| name),
        home: root.map(|(id, _)| layout.module(id)),
        payload_hole: scope.payload_hole,
        defs: BTreeMap::new(),
        pending: Vec::new(),
        done: BTreeSet::new(),
        types: BTreeMap::new(),
        external: BTreeMap::new(),
        spellings: BTreeMap::new(),
    };
    let mut schema = match root {
        Some((id, name)) => {
            p.types.insert(name.to_owned(), id);
            p.node(id, Some(name))
        }
        None => json!({}),
    };
    for (name, &id) in scope.types.iter().rev() {
        p.done.insert(id);
        p.types.insert(name.clone(), id);
        p.pending.push((name.clone(), id));
    }
    while let Some((name, id)) = p.pending.pop() {
        let def = p.node(id, Some(&name));
        p.defs.insert(name, def);
    }
    if !p.defs.is_empty() {
        schema["$defs"] = Value::Object(p.defs.into_iter().collect());
    }
    Projection {
        schema,
        types: p.types,
        external: p.external,
    }
}

struct Projector<'a> {
    c: &'a Contracts,
    layout: &'a Layout,
    detail: Detail,
    root: Option<NodeId>,
    root_name: &'a str,
    /// The module being projected: `None` for `shared`.
    home: Option<Module>,
    /// The envelope's payload property, left open for the generic parameter.
    payload_hole: Option<&'a str>,
    defs: BTreeMap<String, Value>,
    pending: Vec<(String, NodeId)>,
    done: BTreeSet<NodeId>,
    types: BTreeMap<String, NodeId>,
    external: BTreeMap<String, String>,
    /// typify's spelling of the type of each property, per object.
    spellings: BTreeMap<NodeId, Vec<String>>,
}

impl Projector<'_> {
    /// Whether this module declares the named type `id`. The envelope's
    /// root is declared wherever it is used: elsewhere it is not generic.
    fn declares(&self, id: NodeId) -> bool {
        match self.layout.module(id) {
            Module::Envelope => true,
            m => self.home == Some(m) || (self.home.is_none() && m == Module::Shared),
        }
    }

    /// A reference to `id`: a `$ref` when it is a named type, else inline.
    fn reference(&mut self, id: NodeId) -> Value {
        let id = self.c.schemas.resolve(id);
        if Some(id) == self.root {
            return json!({ "$ref": "#" });
        }
        if self.detail == Detail::Opaque {
            return self.node(id, None);
        }
        match self.c.names.get(&id) {
            Some(name) if crate::model::is_named_kind(self.c.node(id)) => {
                let name = &crate::naming::rust_type_name(name);
                let name = if self.root.is_some() && name == self.root_name {
                    // Two events share one payload file: the type is this root.
                    return json!({ "$ref": "#" });
                } else {
                    name.clone()
                };
                if self.done.insert(id) {
                    if self.declares(id) {
                        self.types.insert(name.clone(), id);
                        self.pending.push((name.clone(), id));
                    } else {
                        // Declared elsewhere: typify is told its path and
                        // never reads this definition.
                        use heck::ToPascalCase;
                        let path = self.layout.path(self.c, id);
                        self.external.insert(name.to_pascal_case(), path);
                        self.defs.insert(name.clone(), json!({}));
                    }
                }
                let reference = json!({ "$ref": format!("#/$defs/{name}") });
                if self.c.node(id).null_in_own_keywords() {
                    // The named type is the non-null part; null is `Option`.
                    json!({ "oneOf": [reference, { "type": "null" }] })
                } else {
                    reference
                }
            }
            _ => self.node(id, None),
        }
    }

    fn node(&mut self, id: NodeId, title: Option<&str>) -> Value {
        let n: &Node = self.c.node(id);
        if n.never {
            return Value::Bool(false);
        }
        let mut out = Map::new();
        if let Some(t) = title {
            out.insert("title".into(), json!(t));
        }
        if let Some(d) = &n.description {
            out.insert("description".into(), json!(crate::emit::text::doc_text(d)));
        }
        if self.detail == Detail::Opaque && Some(id) != self.root {
            out.remove("title");
            return Value::Object(out);
        }
        if let Some(target) = n.reference {
            let target = self.reference(target);
            if n.is_pure_reference() {
                return merge_meta(target, out);
            }
            let mut rest = self.constraints(n, id);
            rest.remove("title");
            let mut wrapper = out;
            wrapper.insert("allOf".into(), json!([target, Value::Object(rest)]));
            return Value::Object(wrapper);
        }
        out.extend(self.constraints(n, id));
        Value::Object(out)
    }

    /// The shape keywords of one node.
    fn constraints(&mut self, n: &Node, id: NodeId) -> Map<String, Value> {
        // Every keyword named: one added to `Node` does not compile until
        // it is projected here or said not to shape a type.
        let Node {
            // `node` writes these; a `deprecated` field is `fixups`'.
            origin: _,
            title: _,
            description: _,
            deprecated: _,
            default: _,
            examples: _,
            never: _,
            reference: _,
            // Constraints, not shapes: `validate.rs` checks them.
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
            // Shapes, projected below.
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
        } = n;
        if !n.all_of.is_empty() {
            let mut parts = Vec::new();
            let objects = |parts: &[NodeId]| {
                parts.iter().any(|&p| {
                    let n = self.c.node(p);
                    n.types.as_deref() == Some(&[JsonType::Object])
                })
            };
            if object_parts(self.c, id, &mut parts) && objects(&parts) {
                return self.merged_object(id, &parts);
            }
        }
        let mut out = Map::new();
        let mut types = n.types.clone();
        // A named type is its non-null part and `reference` adds the null;
        // a root has no reference, so it keeps its null.
        let named = self.c.names.contains_key(&id) && Some(id) != self.root;
        // `enum: [null]` is `type: null` as a shape; typify reads only the
        // latter as the null of an `Option` (else it declares a name twice).
        let only_null = n
            .enum_values
            .as_ref()
            .is_some_and(|vs| !vs.is_empty() && vs.iter().all(Value::is_null));
        if only_null && types.is_none() {
            types = Some(vec![JsonType::Null]);
        }
        if let Some(values) = n.enum_values.as_ref().filter(|_| !only_null) {
            if self.detail == Detail::NoEnums {
                if types.is_none() {
                    types = Some(types_of(values));
                }
            } else if values.iter().all(|v| v.is_string() || v.is_null()) {
                let root_null =
                    !named && Some(id) == self.root && values.iter().any(Value::is_null);
                if root_null {
                    // A root keeps its null, and typify reads `enum` with
                    // `null` as an `Option` of an enum it gives the root's
                    // name too: the enum is a definition of its own name.
                    let strings: Vec<Value> =
                        values.iter().filter(|v| !v.is_null()).cloned().collect();
                    let variant = format!("{}Variant0", self.root_name);
                    self.defs
                        .insert(variant.clone(), json!({ "enum": strings }));
                    self.types.insert(variant.clone(), id);
                    out.insert(
                        "oneOf".into(),
                        json!([{ "$ref": format!("#/$defs/{variant}") }, { "type": "null" }]),
                    );
                    return out;
                }
                // A named type is its non-null part; `reference` adds the null.
                let values = values.iter().filter(|v| !(named && v.is_null())).cloned();
                out.insert("enum".into(), Value::Array(values.collect()));
            } else if types.is_none() {
                types = Some(types_of(values));
            }
        }
        if let Some(value) = &n.const_value {
            if value.is_string() && self.detail == Detail::Full {
                out.insert("enum".into(), json!([value]));
            } else if types.is_none() {
                types = Some(types_of(std::slice::from_ref(value)));
            }
        }
        if let Some(ts) = &mut types {
            if named && ts.len() > 1 {
                ts.retain(|t| *t != JsonType::Null);
            }
            let names: Vec<&str> = ts.iter().map(|t| t.as_str()).collect();
            out.insert(
                "type".into(),
                if names.len() == 1 {
                    json!(names[0])
                } else {
                    json!(names)
                },
            );
        }
        // A format shapes only a string: with no type, or beside other
        // types, the value is not always a string and typify refuses it.
        let strings = types.as_ref().is_some_and(|ts| {
            ts.contains(&JsonType::String)
                && ts
                    .iter()
                    .all(|t| matches!(t, JsonType::String | JsonType::Null))
        });
        if let Some(f @ (Format::DateTime | Format::Date)) = n.format.as_ref().filter(|_| strings) {
            out.insert("format".into(), json!(f.as_str()));
        }
        // No `type` is any value (`implied.rs` has written the type wherever
        // one is fixed): object and array keywords shape only typed nodes.
        let has = |t: JsonType| types.as_ref().is_some_and(|ts| ts.contains(&t));
        let (object_like, array_like) = (has(JsonType::Object), has(JsonType::Array));
        if object_like && !n.properties.is_empty() {
            let mut props = Map::new();
            for (index, (name, child)) in n.properties.iter().enumerate() {
                let projected = self.property(id, index, name, *child);
                props.insert(name.clone(), projected);
            }
            out.insert("properties".into(), Value::Object(props));
        }
        if object_like && !n.required.is_empty() {
            out.insert("required".into(), json!(n.required));
        }
        match n.additional_properties.filter(|_| object_like) {
            Some(a) if self.c.node(a).never => {
                out.insert("additionalProperties".into(), json!(false));
            }
            Some(a) => {
                let v = self.reference(a);
                out.insert("additionalProperties".into(), v);
            }
            // Kept in a flattened map, so a round trip loses nothing.
            None if object_like && !n.properties.is_empty() => {
                out.insert("additionalProperties".into(), json!({}));
            }
            None => {}
        }
        if let Some(items) = n.items.filter(|_| array_like) {
            let v = self.reference(items);
            out.insert("items".into(), v);
        }
        // typify turns `anyOf` into a struct of flattened optional members,
        // which cannot hold a string; as a shape, "the first alternative that
        // fits" (an untagged enum, typify's `oneOf`) holds every value, and
        // the validator has already decided that the value is valid.
        let alternatives: Vec<NodeId> = n.one_of.iter().chain(&n.any_of).copied().collect();
        for (key, list) in [("allOf", &n.all_of), ("oneOf", &alternatives)] {
            if !list.is_empty() {
                let mut vs: Vec<Value> = list.iter().map(|s| self.reference(*s)).collect();
                if key == "oneOf" {
                    // Alternatives that differ only in constraints have one
                    // shape, and typify cannot name two variants alike.
                    let mut seen = Vec::new();
                    vs.retain(|v| {
                        !seen.contains(v) && {
                            seen.push(v.clone());
                            true
                        }
                    });
                }
                out.insert(key.into(), Value::Array(vs));
            }
        }
        // typify reads "one of null and X" as `Option<X>` and gives X the
        // name of the whole, which it then declares twice: X is made a
        // definition of its own name.
        let null_only = |v: &Value| *v == json!({ "type": "null" });
        if let (Some(Value::Array(vs)), Some(name)) = (out.get_mut("oneOf"), self.c.names.get(&id))
        {
            if vs.iter().any(null_only) {
                for (i, v) in vs.iter_mut().enumerate() {
                    let inline = v.as_object().is_some_and(|m| !m.contains_key("$ref"));
                    if inline && !null_only(v) {
                        let variant = format!("{name}Variant{i}");
                        let def =
                            std::mem::replace(v, json!({ "$ref": format!("#/$defs/{variant}") }));
                        self.defs.insert(variant.clone(), def);
                        self.types.insert(variant, alternatives[i]);
                    }
                }
            }
        }
        out
    }
}

impl Projector<'_> {
    /// The schema of property `name` (number `index`) of object `id`.
    fn property(&mut self, id: NodeId, index: usize, name: &str, child: NodeId) -> Value {
        if Some(id) == self.root && self.payload_hole == Some(name) {
            return json!({});
        }
        let mut projected = self.reference(child);
        // typify names an inline type (a mixed enum, a list of types) after
        // its parent and the property, in its own PascalCase. Where that is
        // a name the model gave another type (as is, or as typify spells it), or the parent's own name (a
        // property with no letter or digit, `""`, `"-"`), the type would be
        // declared twice: it is titled by its place instead.
        let parent = self.c.names.get(&id).map_or(self.root_name, String::as_str);
        let typify_name = {
            use heck::ToPascalCase;
            format!("{parent}_{name}").to_pascal_case()
        };
        // Two properties of one object can meet in typify's spelling too
        // (`foo bar`, `foo-bar`): typify would give both types one name.
        let c = self.c;
        let spellings = self.spellings.entry(id).or_insert_with(|| {
            use heck::ToPascalCase;
            super::fixups::object_properties(c, id)
                .iter()
                .map(|(other, _)| format!("{parent}_{other}").to_pascal_case())
                .collect()
        });
        let sibling = || spellings.iter().filter(|s| **s == typify_name).count() > 1;
        let clash = typify_name == parent
            || self.c.is_type_name(&typify_name)
            || self.layout.is_taken_by_typify(&typify_name)
            || !name.chars().any(|c| c.is_ascii_alphanumeric())
            || sibling();
        if clash {
            if let Value::Object(m) = &mut projected {
                if !m.contains_key("$ref") && !m.contains_key("title") {
                    m.insert("title".into(), json!(format!("{parent}Property{index}")));
                }
            }
        }
        projected
    }

    /// An `allOf` of objects as one object, merged as the model merges it
    /// (typify's own merge declares a property's type once per part that
    /// declares it). A property declared by several parts takes the first
    /// declaration's shape, which holds every value all of them accept.
    fn merged_object(&mut self, id: NodeId, parts: &[NodeId]) -> Map<String, Value> {
        let mut props = Map::new();
        let mut required: Vec<String> = Vec::new();
        let mut closed = false;
        for &part in parts {
            let n = self.c.node(part);
            for (name, child) in &n.properties {
                if props.contains_key(name) {
                    continue;
                }
                let projected = self.property(id, props.len(), name, *child);
                props.insert(name.clone(), projected);
            }
            for name in &n.required {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
            closed |= n
                .additional_properties
                .is_some_and(|a| self.c.node(a).never);
        }
        let mut out = Map::new();
        out.insert("type".into(), json!("object"));
        if !props.is_empty() {
            out.insert("properties".into(), Value::Object(props));
        }
        if !required.is_empty() {
            out.insert("required".into(), json!(required));
        }
        // Unknown members kept in a flattened map (or refused, where a part
        // is closed: no valid value then has any).
        let extra = if closed { json!(false) } else { json!({}) };
        out.insert("additionalProperties".into(), extra);
        out
    }
}

/// The node and its `allOf` parts (through `$ref`s), in order, when every
/// one is an object shape that merges into one struct: no alternatives, no
/// enum, no type but `object`.
fn object_parts(c: &Contracts, id: NodeId, out: &mut Vec<NodeId>) -> bool {
    let id = c.schemas.resolve(id);
    let n = c.node(id);
    let mergeable = n.reference.is_none()
        && !n.never
        && n.one_of.is_empty()
        && n.any_of.is_empty()
        && n.enum_values.is_none()
        && n.const_value.is_none()
        && n.items.is_none()
        && n.types
            .as_ref()
            .is_none_or(|t| t.as_slice() == [JsonType::Object]);
    if !mergeable || out.contains(&id) {
        return false;
    }
    out.push(id);
    n.all_of.iter().all(|&part| object_parts(c, part, out))
}

fn merge_meta(target: Value, meta: Map<String, Value>) -> Value {
    if meta.is_empty() {
        return target;
    }
    match target {
        Value::Object(mut obj) if obj.contains_key("$ref") => {
            // typify reads a `$ref` with siblings as the referenced type.
            if let Some(d) = meta.get("description") {
                obj.insert("description".into(), d.clone());
            }
            Value::Object(obj)
        }
        Value::Object(mut obj) => {
            for (k, v) in meta {
                if k == "description" || !obj.contains_key(&k) {
                    obj.insert(k, v);
                }
            }
            Value::Object(obj)
        }
        other => other,
    }
}

fn types_of(values: &[Value]) -> Vec<JsonType> {
    let mut out: Vec<JsonType> = Vec::new();
    for v in values {
        let t = match v {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if n.is_f64() => JsonType::Number,
            Value::Number(_) => JsonType::Integer,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.contains(&JsonType::Number) {
        out.retain(|t| *t != JsonType::Integer);
    }
    out
}
