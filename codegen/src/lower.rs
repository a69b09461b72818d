//! Turns raw JSON Schema documents into [`Node`]s: reads each keyword and
//! its value, follows each `$ref` to the node it names (`resolve.rs` finds
//! where), and reports every keyword or value the runtimes could not
//! enforce.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Number, Value};
use url::Url;

use crate::diagnostics::{pointer_push, Diagnostics};
use crate::keywords::{self, Class};
use crate::resolve::Resolver;
use crate::schema::{Format, JsonType, Node, NodeId, Origin, Schemas};

/// Deeper nesting than this is refused: no real contract needs it, and it
/// keeps the recursive walks of every stage well inside the stack.
pub const MAX_DEPTH: usize = 64;

/// Subschemas being lowered at once (nesting plus `$ref`s followed from
/// inside them). `MAX_DEPTH` bounds nesting within a file; this bounds a
/// chain of `$ref`s, which lowering follows recursively.
pub const MAX_REF_DEPTH: usize = 128;

pub struct Lowerer<'a> {
    files: &'a BTreeMap<String, Value>,
    /// Where each `$ref` points (`resolve.rs`).
    resolver: Resolver<'a>,
    memo: HashMap<(String, String), NodeId>,
    /// How many `lower_at` calls are on the stack.
    active: usize,
    pub schemas: Schemas,
    /// Formats seen that are annotations only, for the one-time notice.
    pub unchecked_formats: BTreeSet<String>,
    /// Files reached from the registry, directly or by `$ref`.
    pub used_files: BTreeSet<String>,
    pub(crate) diags: &'a mut Diagnostics,
    /// The registry's `annotation_keywords`.
    extensions: &'a [String],
}

impl<'a> Lowerer<'a> {
    pub fn new(
        files: &'a BTreeMap<String, Value>,
        extensions: &'a [String],
        diags: &'a mut Diagnostics,
    ) -> Self {
        Lowerer {
            files,
            resolver: Resolver::new(files, diags),
            memo: HashMap::new(),
            active: 0,
            schemas: Schemas::default(),
            unchecked_formats: BTreeSet::new(),
            used_files: BTreeSet::new(),
            diags,
            extensions,
        }
    }

    /// Lowers the document at `file` (its root), returning its node.
    pub fn lower_file(&mut self, file: &str, from: (&str, &str)) -> Option<NodeId> {
        if !self.files.contains_key(file) {
            let msg = format!(
                "file {file:?} does not exist in the contracts directory: write its path relative to the contracts directory, or add the file"
            );
            self.diags.error(from.0, from.1, msg);
            return None;
        }
        Some(self.lower_at(file, ""))
    }

    fn lower_at(&mut self, file: &str, pointer: &str) -> NodeId {
        let key = (file.to_owned(), pointer.to_owned());
        if let Some(&id) = self.memo.get(&key) {
            return id;
        }
        self.used_files.insert(file.to_owned());
        let id = self.schemas.push(Node::default());
        self.memo.insert(key, id);
        let files = self.files;
        let value = files[file]
            .pointer(pointer)
            .expect("pointer checked by the caller");
        if self.active >= MAX_REF_DEPTH {
            let msg = format!(
                "more than {MAX_REF_DEPTH} schemas are nested here, counting the `$ref`s that lead to it: \
                 shorten the chain of references"
            );
            self.diags.error(file, pointer, msg);
            return id;
        }
        let base = self.resolver.base_uri(file, pointer);
        let depth = pointer.matches('/').count();
        self.active += 1;
        let node = self.lower_value(file, pointer, value, &base, depth);
        self.active -= 1;
        self.schemas.nodes[id] = node;
        id
    }

    fn lower_value(
        &mut self,
        file: &str,
        pointer: &str,
        value: &Value,
        base: &Url,
        depth: usize,
    ) -> Node {
        let mut node = Node {
            origin: Some(Origin {
                file: file.to_owned(),
                pointer: pointer.to_owned(),
            }),
            ..Node::default()
        };
        if depth > MAX_DEPTH {
            let msg = format!(
                "schema nesting is deeper than {MAX_DEPTH} levels: move inner schemas into $defs and $ref them"
            );
            self.diags.error(file, pointer, msg);
            return node;
        }
        let obj = match value {
            Value::Bool(true) => return node,
            Value::Bool(false) => {
                node.never = true;
                return node;
            }
            Value::Object(obj) => obj,
            other => {
                let msg = format!(
                    "a schema must be an object or a boolean, found {}: write {{}} to allow any value",
                    kind(other)
                );
                self.diags.error(file, pointer, msg);
                return node;
            }
        };
        let mut cx = Cx { file, base };
        for (key, v) in obj {
            let at = pointer_push(pointer, key);
            match keywords::classify_in(key, self.extensions) {
                Class::Enforced => self.keyword(&mut node, &mut cx, key, v, &at),
                Class::Annotation => self.annotation(&mut node, key, v, file, &at),
                Class::Definitions => self.definitions(&mut cx, key, v, &at),
                Class::Unsupported => {
                    let msg = format!(
                        "keyword `{key}` is not supported: the generated packages could not enforce it; express the rule with supported keywords, or remove it"
                    );
                    self.diags.error(file, &at, msg);
                }
                Class::Unknown => {
                    let hint = match keywords::suggestion(key) {
                        Some(s) => format!(" (did you mean `{s}`?)"),
                        None => String::new(),
                    };
                    let msg = format!(
                        "unknown keyword `{key}`{hint}: a constraint that is not enforced must not pass silently; correct its spelling, or remove it"
                    );
                    self.diags.error(file, &at, msg);
                }
            }
        }
        self.check_coherence(&node, file, pointer);
        node
    }

    fn annotation(&mut self, node: &mut Node, key: &str, v: &Value, file: &str, at: &str) {
        let expect_string = |this: &mut Self, v: &Value| -> Option<String> {
            match v.as_str() {
                Some(s) => Some(s.to_owned()),
                None => {
                    this.diags.error(
                        file,
                        at,
                        format!("`{key}` must be a string; quote it, or remove it"),
                    );
                    None
                }
            }
        };
        match key {
            "title" => node.title = expect_string(self, v),
            "description" => node.description = expect_string(self, v),
            "$comment" | "$schema" | "contentEncoding" | "contentMediaType" => {
                expect_string(self, v);
            }
            "$id" => {
                expect_string(self, v);
            }
            "deprecated" | "readOnly" | "writeOnly" => match v.as_bool() {
                Some(b) => {
                    if key == "deprecated" {
                        node.deprecated = b;
                    }
                }
                None => self
                    .diags
                    .error(file, at, format!("`{key}` must be true or false")),
            },
            "default" => node.default = Some(v.clone()),
            "examples" => match v.as_array() {
                Some(list) => node.examples = list.clone(),
                None => self.diags.error(
                    file,
                    at,
                    "`examples` must be an array of example values; wrap the example in [ ]",
                ),
            },
            _ => {}
        }
    }

    fn definitions(&mut self, cx: &mut Cx, key: &str, v: &Value, at: &str) {
        let Some(defs) = v.as_object() else {
            let msg = format!("`{key}` must be an object that maps names to schemas");
            self.diags.error(cx.file, at, msg);
            return;
        };
        // Definitions are lowered so that their mistakes are reported even
        // when nothing references them yet.
        for name in defs.keys() {
            let ptr = pointer_push(at, name);
            self.lower_at(cx.file, &ptr);
        }
    }

    fn keyword(&mut self, node: &mut Node, cx: &mut Cx, key: &str, v: &Value, at: &str) {
        let file = cx.file;
        match key {
            "type" => {
                let names: Vec<&Value> = match v {
                    Value::Array(list) => list.iter().collect(),
                    other => vec![other],
                };
                let mut types = Vec::new();
                for name in names {
                    match name.as_str().and_then(JsonType::parse) {
                        Some(t) if !types.contains(&t) => types.push(t),
                        Some(t) => {
                            let msg = format!("type {:?} is listed twice in `type`; remove one", t.as_str());
                            self.diags.error(file, at, msg);
                        }
                        None => {
                            let msg = format!(
                                "{name} is not a JSON Schema type: use null, boolean, object, array, number, integer or string"
                            );
                            self.diags.error(file, at, msg);
                        }
                    }
                }
                if types.is_empty() {
                    self.diags
                        .error(file, at, "`type` lists no type, so nothing could be valid: list at least one, or remove `type` to allow any");
                }
                node.types = Some(types);
            }
            "enum" => match v.as_array() {
                Some(list) if !list.is_empty() => node.enum_values = Some(list.clone()),
                _ => self
                    .diags
                    .error(file, at, "`enum` must be a non-empty array of the allowed values; remove it to allow any value"),
            },
            "const" => node.const_value = Some(v.clone()),
            "minLength" => node.min_length = self.count(v, file, at, key),
            "maxLength" => node.max_length = self.count(v, file, at, key),
            "minItems" => node.min_items = self.count(v, file, at, key),
            "maxItems" => node.max_items = self.count(v, file, at, key),
            "pattern" => match v.as_str() {
                Some(p) => match regress::Regex::with_flags(p, "u") {
                    Ok(_) => node.pattern = Some(p.to_owned()),
                    Err(e) => {
                        let msg = format!(
                            "pattern {p:?} is not a valid ECMA-262 regular expression in unicode mode ({e}): correct it so that it compiles in JavaScript with the `u` flag"
                        );
                        self.diags.error(file, at, msg);
                    }
                },
                None => self
                    .diags
                    .error(file, at, "`pattern` must be a string holding a regular expression"),
            },
            "format" => match v.as_str() {
                Some(f) => {
                    let format = Format::parse(f);
                    if !format.is_asserted() {
                        self.unchecked_formats.insert(f.to_owned());
                    }
                    node.format = Some(format);
                }
                None => self
                    .diags
                    .error(file, at, "`format` must be a string such as \"date-time\", \"date\" or \"uuid\""),
            },
            "minimum" => node.minimum = self.number(v, file, at, key),
            "maximum" => node.maximum = self.number(v, file, at, key),
            "exclusiveMinimum" => node.exclusive_minimum = self.number(v, file, at, key),
            "exclusiveMaximum" => node.exclusive_maximum = self.number(v, file, at, key),
            "multipleOf" => {
                node.multiple_of = self.number(v, file, at, key);
                if node
                    .multiple_of
                    .as_ref()
                    .and_then(Number::as_f64)
                    .is_some_and(|m| m <= 0.0)
                {
                    self.diags
                        .error(file, at, "`multipleOf` must be greater than 0, such as 1 or 0.01");
                }
            }
            "uniqueItems" => match v.as_bool() {
                Some(b) => node.unique_items = b,
                None => self
                    .diags
                    .error(file, at, "`uniqueItems` must be true or false"),
            },
            "required" => match v.as_array() {
                Some(list) if list.iter().all(Value::is_string) => {
                    for name in list.iter().filter_map(Value::as_str) {
                        if node.required.iter().any(|r| r == name) {
                            let msg = format!("{name:?} is listed twice in `required`; remove one");
                            self.diags.error(file, at, msg);
                        } else {
                            node.required.push(name.to_owned());
                        }
                    }
                }
                _ => self
                    .diags
                    .error(file, at, "`required` must be an array of property names, such as [\"id\"]"),
            },
            "properties" => match v.as_object() {
                Some(props) => {
                    for name in props.keys() {
                        let id = self.lower_child(cx, &pointer_push(at, name));
                        node.properties.push((name.clone(), id));
                    }
                }
                None => self
                    .diags
                    .error(file, at, "`properties` must be an object that maps property names to schemas"),
            },
            "additionalProperties" => node.additional_properties = Some(self.lower_child(cx, at)),
            "items" => {
                if v.is_array() {
                    let msg = "`items` as an array (draft-04 tuples) is not supported; use one schema for every item";
                    self.diags.error(file, at, msg);
                } else {
                    node.items = Some(self.lower_child(cx, at));
                }
            }
            "allOf" | "anyOf" | "oneOf" => match v.as_array() {
                Some(list) if !list.is_empty() => {
                    let ids = (0..list.len())
                        .map(|i| self.lower_child(cx, &format!("{at}/{i}")))
                        .collect();
                    match key {
                        "allOf" => node.all_of = ids,
                        "anyOf" => node.any_of = ids,
                        _ => node.one_of = ids,
                    }
                }
                _ => self.diags.error(
                    file,
                    at,
                    format!("`{key}` must be a non-empty array of schemas; remove it if it has none"),
                ),
            },
            "$ref" => match v.as_str() {
                Some(r) => {
                    node.reference = match self.resolver.locate(r, cx.file, cx.base) {
                        Ok((file, pointer)) => Some(self.lower_at(&file, &pointer)),
                        Err(msg) => {
                            self.diags.error(file, at, msg);
                            None
                        }
                    }
                }
                None => self
                    .diags
                    .error(file, at, "`$ref` must be a string such as \"#/$defs/name\" or \"common.json#/$defs/name\""),
            },
            _ => unreachable!("every enforced keyword is handled: {key}"),
        }
    }

    fn lower_child(&mut self, cx: &mut Cx, pointer: &str) -> NodeId {
        // `lower_at` memoizes and `lower_value` enforces the depth limit.
        self.lower_at(cx.file, pointer)
    }

    fn count(&mut self, v: &Value, file: &str, at: &str, key: &str) -> Option<u64> {
        match v.as_u64() {
            Some(n) => Some(n),
            None => match v.as_f64() {
                // JSON Schema counts `2.0` as the integer 2.
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 => Some(f as u64),
                _ => {
                    let msg = format!("`{key}` must be a non-negative integer, such as 0 or 10");
                    self.diags.error(file, at, msg);
                    None
                }
            },
        }
    }

    fn number(&mut self, v: &Value, file: &str, at: &str, key: &str) -> Option<Number> {
        match v {
            Value::Number(n) => Some(n.clone()),
            Value::Bool(_) => {
                let msg = format!(
                    "`{key}` must be a number: draft-04's boolean form is not supported; write the bound itself, as in \"exclusiveMinimum\": 0"
                );
                self.diags.error(file, at, msg);
                None
            }
            _ => {
                self.diags.error(
                    file,
                    at,
                    format!("`{key}` must be a number; remove the quotes if it is one"),
                );
                None
            }
        }
    }

    /// Keyword combinations that are legal JSON Schema but certainly mistakes.
    fn check_coherence(&mut self, node: &Node, file: &str, pointer: &str) {
        for name in &node.required {
            let declared = node.properties.iter().any(|(p, _)| p == name);
            let closed = node
                .additional_properties
                .is_some_and(|a| self.schemas.nodes.get(a).is_some_and(|n| n.never));
            if !declared && closed {
                let msg = format!(
                    "{name:?} is required but not declared in `properties`, and additionalProperties is false, so no object can be valid: declare it, or drop it from `required`"
                );
                self.diags
                    .error(file, &pointer_push(pointer, "required"), msg);
            }
        }
        if let (Some(min), Some(max)) = (node.min_length, node.max_length) {
            if min > max {
                self.diags.error(
                    file,
                    &pointer_push(pointer, "minLength"),
                    format!("minLength {min} is greater than maxLength {max}, so no string can be valid: lower one or raise the other"),
                );
            }
        }
        if let (Some(min), Some(max)) = (node.min_items, node.max_items) {
            if min > max {
                self.diags.error(
                    file,
                    &pointer_push(pointer, "minItems"),
                    format!("minItems {min} is greater than maxItems {max}, so no array can be valid: lower one or raise the other"),
                );
            }
        }
    }
}

struct Cx<'c> {
    file: &'c str,
    base: &'c Url,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
