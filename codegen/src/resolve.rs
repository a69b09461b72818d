//! Where a `$ref` points. Every schema resource (a file, or a subschema
//! with its own `$id`) is found once, before lowering, with the base URI in
//! effect inside it; lowering then asks `Resolver::locate` for the file and
//! JSON pointer a reference names, and `base_uri` for the base at a place.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};
use url::Url;

use crate::diagnostics::{pointer_push, Diagnostics};
use crate::lower::MAX_DEPTH;

/// Where a schema resource lives.
#[derive(Debug, Clone)]
struct Resource {
    file: String,
    pointer: String,
}

pub struct Resolver<'a> {
    files: &'a BTreeMap<String, Value>,
    /// Resource URI (without fragment) to its location.
    resources: HashMap<String, Resource>,
    /// Per file, every subschema that sets a base URI (the root first, then
    /// each nested `$id`) with the base in effect inside it, so that each
    /// lowered node looks its base up instead of re-walking the path to it.
    scopes: HashMap<String, Vec<(String, Url)>>,
}

impl<'a> Resolver<'a> {
    /// Records every file and every `$id`, reporting an invalid or
    /// duplicate `$id`.
    pub fn new(files: &'a BTreeMap<String, Value>, diags: &mut Diagnostics) -> Self {
        let mut resolver = Resolver {
            files,
            resources: HashMap::new(),
            scopes: HashMap::new(),
        };
        for (file, value) in files {
            let base = file_uri(file);
            let resource = Resource {
                file: file.clone(),
                pointer: String::new(),
            };
            resolver.resources.insert(without_fragment(&base), resource);
            resolver
                .scopes
                .insert(file.clone(), vec![(String::new(), base.clone())]);
            resolver.register_ids(file, value, "", &base, 0, diags);
        }
        resolver
    }

    fn register_ids(
        &mut self,
        file: &str,
        value: &Value,
        pointer: &str,
        base: &Url,
        depth: usize,
        diags: &mut Diagnostics,
    ) {
        let Some(obj) = value.as_object() else { return };
        if depth > MAX_DEPTH {
            return;
        }
        let mut base = base.clone();
        if let Some(id) = obj.get("$id").and_then(Value::as_str) {
            match base.join(id) {
                Ok(url) => {
                    let key = without_fragment(&url);
                    let resource = Resource {
                        file: file.to_owned(),
                        pointer: pointer.to_owned(),
                    };
                    if let Some(prev) = self.resources.get(&key) {
                        if prev.file != file || prev.pointer != pointer {
                            let msg = format!(
                                "$id {id:?} is also declared in {}#{}: give each schema its own $id",
                                prev.file, prev.pointer
                            );
                            diags.error(file, &pointer_push(pointer, "$id"), msg);
                        }
                    } else {
                        self.resources.insert(key, resource);
                    }
                    let scopes = self.scopes.get_mut(file).expect("set for every file");
                    if pointer.is_empty() {
                        scopes[0].1 = url.clone();
                    } else {
                        scopes.push((pointer.to_owned(), url.clone()));
                    }
                    base = url;
                }
                Err(e) => {
                    let msg = format!(
                        "$id {id:?} is not a valid URI reference ({e}): write a URI such as https://example.com/schemas/name.json, or remove it"
                    );
                    diags.error(file, &pointer_push(pointer, "$id"), msg);
                }
            }
        }
        for (child_ptr, child) in subschemas(obj, pointer) {
            self.register_ids(file, child, &child_ptr, &base, depth + 1, diags);
        }
    }

    /// The base URI in effect at `pointer`: the innermost enclosing `$id`.
    pub fn base_uri(&self, file: &str, pointer: &str) -> Url {
        let within = |scope: &str| {
            pointer
                .strip_prefix(scope)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.scopes[file]
            .iter()
            .filter(|(scope, _)| within(scope))
            .max_by_key(|(scope, _)| scope.len())
            .map(|(_, base)| base.clone())
            .expect("the file's root scope encloses every pointer")
    }

    /// The file and JSON pointer that `reference`, written in `file` where
    /// the base is `base`, names; or why it names none.
    pub fn locate(
        &self,
        reference: &str,
        file: &str,
        base: &Url,
    ) -> Result<(String, String), String> {
        let url = base.join(reference).map_err(|e| {
            format!(
                "$ref {reference:?} is not a valid URI reference ({e}): write a relative path or URI, such as common.json#/$defs/name"
            )
        })?;
        let mut resource = self.resources.get(&without_fragment(&url));
        // A relative reference in a file whose `$id` is a web URL still means
        // the file next to it on disk, as in an editor.
        if resource.is_none() && Url::parse(reference).is_err() {
            if let Ok(by_path) = file_uri(file).join(reference) {
                resource = self.resources.get(&without_fragment(&by_path));
            }
        }
        let resource = resource.ok_or_else(|| {
            format!(
                "$ref {reference:?} points to {}, which is no file or $id in the contracts directory: correct the path (relative to this file) or add the file",
                without_fragment(&url)
            )
        })?;
        let fragment = percent_decode(url.fragment().unwrap_or(""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(format!(
                "$ref {reference:?} uses a plain-name fragment (`$anchor`), which is not supported; use a JSON pointer such as #/$defs/name"
            ));
        }
        let target = format!("{}{}", resource.pointer, fragment);
        if self.files[&resource.file].pointer(&target).is_none() {
            return Err(format!(
                "$ref {reference:?}: {}#{} does not exist: point it at an existing schema, such as #/$defs/name",
                resource.file, target
            ));
        }
        Ok((resource.file.clone(), target))
    }
}

fn file_uri(file: &str) -> Url {
    let mut url = Url::parse("file:///").expect("static URL");
    url.set_path(file);
    url
}

fn without_fragment(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.to_string()
}

/// The subschemas directly inside a schema object, with their pointers.
fn subschemas<'v>(obj: &'v Map<String, Value>, pointer: &str) -> Vec<(String, &'v Value)> {
    let mut out = Vec::new();
    for (key, v) in obj {
        let at = || pointer_push(pointer, key);
        match key.as_str() {
            "properties" | "$defs" | "definitions" => {
                if let Some(map) = v.as_object() {
                    let at = at();
                    for (name, s) in map {
                        out.push((pointer_push(&at, name), s));
                    }
                }
            }
            "additionalProperties" | "items" => out.push((at(), v)),
            "allOf" | "anyOf" | "oneOf" => {
                if let Some(list) = v.as_array() {
                    let at = at();
                    for (i, s) in list.iter().enumerate() {
                        out.push((format!("{at}/{i}"), s));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
