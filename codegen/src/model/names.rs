//! One name per named type, the same in every language: written names
//! first (event types, `title`s, `$defs` keys), then derived ones.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::naming;
use crate::registry::REGISTRY_FILE;
use crate::schema::{Node, NodeId, Schemas};

use super::Contracts;

pub fn is_named_kind(node: &Node) -> bool {
    let string_enum = node.enum_values.as_ref().is_some_and(|vs| {
        vs.iter().all(|v| v.is_string() || v.is_null()) && vs.iter().any(Value::is_string)
    });
    let string_const = node.const_value.as_ref().is_some_and(Value::is_string);
    // Objects without declared properties are maps, written inline.
    let object = !node.properties.is_empty();
    object
        || string_enum
        || string_const
        || !node.one_of.is_empty()
        || !node.any_of.is_empty()
        || !node.all_of.is_empty()
}

/// Decides the name of every named type: the payload root after its event,
/// `$defs` after their key (prefixed by the payload's name when local to a
/// payload file), titled nodes after their title — the names written in the
/// contracts — and others after their parent and property (derived names).
/// Two written names that meet are an error; a derived name never is: where
/// it would equal another name, it takes the first free `{name}2`, `{name}3`,
/// … in the walk's order (registry order, then declaration order), so every
/// language gets the same names.
pub(super) fn assign_names(c: &mut Contracts, diags: &mut Diagnostics) {
    let mut owners: HashMap<String, NodeId> = HashMap::new();
    let payload_files: HashMap<String, String> = c
        .events
        .iter()
        .filter_map(|e| {
            e.payload
                .as_ref()
                .map(|p| (p.file.clone(), e.type_name.clone()))
        })
        .collect();
    let mut queue: Vec<(NodeId, Suggested)> = Vec::new();
    if let Some(env) = &c.envelope {
        queue.push((env.root, Suggested::written("Envelope".to_owned())));
    }
    for e in &c.events {
        if let Some(p) = &e.payload {
            queue.push((p.root, Suggested::written(e.type_name.clone())));
        }
    }
    for reserved in naming::RESERVED_TYPE_NAMES {
        if *reserved == "Envelope" && c.envelope.is_some() {
            continue; // the envelope's own root takes it
        }
        owners.insert((*reserved).to_owned(), usize::MAX);
    }
    // Every written name is claimed before any derived one is chosen, so a
    // derived name cannot take a name that a contract spells out.
    let mut written: HashMap<String, BTreeSet<NodeId>> = HashMap::new();
    for (id, suggested) in &queue {
        written
            .entry(suggested.name.clone())
            .or_default()
            .insert(c.schemas.resolve(*id));
    }
    for id in 0..c.schemas.nodes.len() {
        if !is_named_kind(c.schemas.get(id)) {
            continue;
        }
        if let Some(name) = written_name(&c.schemas, id, &payload_files) {
            written.entry(name).or_default().insert(id);
        }
    }
    let initial = queue.len();
    let mut i = 0;
    while i < queue.len() {
        let (raw_id, suggested) = queue[i].clone();
        i += 1;
        let id = c.schemas.resolve(raw_id);
        if c.names.contains_key(&id) {
            continue;
        }
        let node = c.schemas.get(id);
        if i > initial && !is_named_kind(node) {
            // Not a type of its own, but its children may be.
            enqueue_children(
                &c.schemas,
                node,
                &suggested.name,
                &payload_files,
                &mut queue,
            );
            continue;
        }
        let taken = |name: &str| {
            owners.get(name).is_some_and(|&o| o != id)
                || written
                    .get(name)
                    .is_some_and(|ids| ids.iter().any(|&w| w != id))
        };
        let name = if suggested.written {
            // A name the generated API uses (`Envelope`, `AnyEvent`) is
            // escaped as a keyword is, in every language alike.
            let escaped = format!("{}_", suggested.name);
            let api = naming::RESERVED_TYPE_NAMES.contains(&suggested.name.as_str());
            let suggested = match owners.get(&suggested.name) {
                Some(&other) if other != id && api && !taken(&escaped) => {
                    Suggested::written(escaped)
                }
                _ => suggested,
            };
            match owners.get(&suggested.name) {
                Some(&other) if other != id => {
                    let here = origin_text(node);
                    let there = if other == usize::MAX {
                        "the generated API".to_owned()
                    } else {
                        origin_text(c.schemas.get(other))
                    };
                    let (file, pointer) = node
                        .origin
                        .as_ref()
                        .map_or((REGISTRY_FILE.to_owned(), String::new()), |o| {
                            (o.file.clone(), o.pointer.clone())
                        });
                    let msg = format!(
                        "type name `{}` for {here} is already taken by {there}: give one of them another `title` or $defs key",
                        suggested.name
                    );
                    diags.error(&file, &pointer, msg);
                    continue;
                }
                _ => suggested.name,
            }
        } else {
            let mut name = suggested.name.clone();
            let mut n = 2;
            while taken(&name) {
                name = format!("{}{n}", suggested.name);
                n += 1;
            }
            name
        };
        owners.insert(name.clone(), id);
        c.names.insert(id, name.clone());
        enqueue_children(&c.schemas, node, &name, &payload_files, &mut queue);
    }
}

/// A type name as the walk suggests it, and whether the contracts wrote it.
#[derive(Clone)]
struct Suggested {
    name: String,
    written: bool,
}

impl Suggested {
    fn written(name: String) -> Self {
        Suggested {
            name,
            written: true,
        }
    }

    fn derived(name: String) -> Self {
        Suggested {
            name,
            written: false,
        }
    }
}

/// The name a contract writes for node `id`, if any: its `title`, or its
/// `$defs` key (after the payload's name when the file is a payload's).
fn written_name(
    schemas: &Schemas,
    id: NodeId,
    payload_files: &HashMap<String, String>,
) -> Option<String> {
    let node = schemas.get(id);
    if let Some(title) = &node.title {
        return Some(naming::pascal_case(title));
    }
    let o = node.origin.as_ref()?;
    let tokens: Vec<&str> = o.pointer.split('/').collect();
    if tokens.len() == 3 && (tokens[1] == "$defs" || tokens[1] == "definitions") {
        let key = naming::pascal_case(&tokens[2].replace("~1", "/").replace("~0", "~"));
        return Some(match payload_files.get(&o.file) {
            Some(owner) => format!("{owner}{key}"),
            None => key,
        });
    }
    None
}

fn origin_text(node: &Node) -> String {
    node.origin
        .as_ref()
        .map_or("a generated schema".to_owned(), |o| {
            format!("{}#{}", o.file, o.pointer)
        })
}

fn enqueue_children(
    schemas: &Schemas,
    node: &Node,
    parent: &str,
    payload_files: &HashMap<String, String>,
    queue: &mut Vec<(NodeId, Suggested)>,
) {
    // A parent escaped as `Envelope_` names its children `EnvelopeItem`, not
    // `Envelope_Item`, which no language's naming convention allows.
    let parent = parent.trim_end_matches('_');
    let suggest = |child: NodeId, fallback: String| -> Suggested {
        let target = schemas.resolve(child);
        match written_name(schemas, target, payload_files) {
            Some(name) => Suggested::written(name),
            None => Suggested::derived(fallback),
        }
    };
    for (prop, child) in &node.properties {
        let suggested = suggest(*child, format!("{parent}{}", naming::pascal_case(prop)));
        let name = suggested.name.clone();
        queue.push((*child, suggested));
        let target = schemas.get(schemas.resolve(*child));
        if let Some(items) = target.items {
            queue.push((items, suggest(items, format!("{name}Item"))));
        }
        if let Some(extra) = target.additional_properties {
            queue.push((extra, suggest(extra, format!("{name}Value"))));
        }
    }
    if let Some(items) = node.items {
        queue.push((items, suggest(items, format!("{parent}Item"))));
    }
    if let Some(extra) = node.additional_properties {
        queue.push((extra, suggest(extra, format!("{parent}Value"))));
    }
    for (i, sub) in node.one_of.iter().chain(&node.any_of).enumerate() {
        queue.push((*sub, suggest(*sub, format!("{parent}Variant{i}"))));
    }
    for sub in &node.all_of {
        // allOf parts merge into the parent's type; their children are named after it.
        let part = schemas.get(schemas.resolve(*sub)).clone();
        enqueue_children(schemas, &part, parent, payload_files, queue);
    }
}
