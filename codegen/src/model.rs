//! The contracts model: events, the envelope, every schema node and every
//! type name, checked and decided once. Each emitter is a walk of this.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Number, Value};

use crate::diagnostics::Diagnostics;
use crate::keywords;
use crate::load::Sources;
use crate::lower::Lowerer;
use crate::naming;
use crate::registry::{Package, Status, REGISTRY_FILE};
use crate::schema::{Node, NodeId, Schemas};

#[derive(Debug)]
pub struct Contracts {
    pub package: Package,
    pub fields: Fields,
    pub envelope: Option<EnvelopeModel>,
    pub events: Vec<Event>,
    pub schemas: Schemas,
    /// The type name of every node that becomes a named type.
    pub names: HashMap<NodeId, String>,
    /// Formats used as annotations only (not asserted).
    pub unchecked_formats: BTreeSet<String>,
    /// Every value of `names`, built on first use by `is_type_name`.
    name_index: std::sync::OnceLock<std::collections::HashSet<String>>,
}

/// The wire names of the envelope fields that identify an event.
#[derive(Debug, Clone)]
pub struct Fields {
    pub event_type: String,
    pub schema_version: Option<String>,
    pub payload: String,
}

#[derive(Debug)]
pub struct EnvelopeModel {
    pub file: String,
    pub root: NodeId,
}

#[derive(Debug)]
pub struct Event {
    pub event_type: String,
    pub version: u64,
    pub status: Status,
    pub producer: Option<String>,
    pub subscribers: Vec<String>,
    pub description: Option<String>,
    /// `CreditLockedV1`: the payload type, and the `AnyEvent` variant.
    pub type_name: String,
    /// `credit_locked_v1`: the module or file of the payload's types.
    pub module: String,
    /// `CreditLocked`: the `EventType` variant.
    pub variant: String,
    /// Absent when retired.
    pub payload: Option<Payload>,
}

#[derive(Debug)]
pub struct Payload {
    pub file: String,
    pub root: NodeId,
    /// The schema that judges a whole document of this event: the envelope
    /// with its payload, event type and version fixed, or the bare payload
    /// with its event type fixed.
    pub judge: NodeId,
}

impl Contracts {
    pub fn event_types(&self) -> Vec<(&str, &str)> {
        let mut seen = BTreeSet::new();
        self.events
            .iter()
            .filter(|e| seen.insert(e.event_type.as_str()))
            .map(|e| (e.event_type.as_str(), e.variant.as_str()))
            .collect()
    }

    /// Each event type with its versions (retired ones too), both in
    /// registry order: the tables that map a document's event type and
    /// version to its judge and its type.
    pub fn events_by_type(&self) -> Vec<(&str, Vec<&Event>)> {
        let mut groups: Vec<(&str, Vec<&Event>)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for e in &self.events {
            let slot = *index.entry(e.event_type.as_str()).or_insert_with(|| {
                groups.push((e.event_type.as_str(), Vec::new()));
                groups.len() - 1
            });
            groups[slot].1.push(e);
        }
        groups
    }

    /// The one value the schema allows at `id`: its `const`, or an `enum`
    /// of one value. A required property of that value is filled in for the
    /// producer, in every language.
    pub fn fixed_value(&self, id: NodeId) -> Option<&Value> {
        let n = self.node(self.schemas.resolve(id));
        match (&n.const_value, &n.enum_values) {
            (Some(v), _) => Some(v),
            (None, Some(vs)) if vs.len() == 1 => vs.first(),
            _ => None,
        }
    }

    /// The required properties of the object `id` whose value the schema
    /// fixes, in declaration order: what a producer's constructor fills in.
    pub fn fixed_properties(&self, id: NodeId) -> Vec<(&str, &Value)> {
        let n = self.node(self.schemas.resolve(id));
        n.properties
            .iter()
            .filter(|(wire, _)| n.required.contains(wire))
            .filter_map(|(wire, p)| Some((wire.as_str(), self.fixed_value(*p)?)))
            .collect()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        self.schemas.get(id)
    }

    /// Whether some node is named `name` (after naming is done).
    pub fn is_type_name(&self, name: &str) -> bool {
        self.name_index
            .get_or_init(|| self.names.values().cloned().collect())
            .contains(name)
    }
}

/// Builds the model from loaded sources, reporting every problem.
pub fn build(sources: &Sources, diags: &mut Diagnostics) -> Option<Contracts> {
    let registry = sources.registry.as_ref()?;
    let reg = REGISTRY_FILE;
    if registry.format != 1 {
        let msg = format!(
            "registry format {} is unknown: only 1 exists; write \"format\": 1",
            registry.format
        );
        diags.error(reg, "/format", msg);
    }
    check_package(&registry.package, diags);
    let cfg = &registry.envelope;
    let fields = Fields {
        event_type: cfg.event_type_field.clone(),
        schema_version: cfg.schema_version_field.clone(),
        payload: cfg.payload_field.clone(),
    };
    check_fields(&fields, cfg.schema.is_some(), diags);
    check_annotation_keywords(&registry.annotation_keywords, diags);

    let mut lowerer = Lowerer::new(&sources.files, &registry.annotation_keywords, diags);
    let envelope = cfg.schema.as_ref().and_then(|file| {
        let root = lowerer.lower_file(file, (reg, "/envelope/schema"))?;
        Some(EnvelopeModel {
            file: file.clone(),
            root,
        })
    });

    let mut events = Vec::new();
    let mut payload_roots = Vec::new();
    for (i, entry) in registry.event_types.iter().enumerate() {
        let at = format!("/event_types/{i}");
        let payload_root = match (&entry.payload_schema, entry.status) {
            (Some(_), Status::Retired) => {
                let msg = "a retired version has no payload_schema, as it is no longer accepted: remove payload_schema, or set status to deprecated to keep accepting it";
                lowerer
                    .diags
                    .error(reg, &format!("{at}/payload_schema"), msg);
                None
            }
            (None, Status::Retired) => None,
            (None, _) => {
                let msg = "payload_schema is required unless the version is retired: add the path of its schema, or set status to retired";
                lowerer.diags.error(reg, &at, msg);
                None
            }
            (Some(file), _) => lowerer
                .lower_file(file, (reg, &format!("{at}/payload_schema")))
                .map(|root| (file.clone(), root)),
        };
        payload_roots.push(payload_root);
        let type_name = naming::event_type_name(&entry.event_type, entry.schema_version);
        events.push(Event {
            event_type: entry.event_type.clone(),
            version: entry.schema_version,
            status: entry.status,
            producer: entry.producer.clone(),
            subscribers: entry.subscribers.clone(),
            description: entry.description.clone(),
            module: naming::snake_case(&type_name),
            variant: naming::event_variant_name(&entry.event_type),
            type_name,
            payload: None,
        });
    }
    distinct_modules(&mut events);
    let unchecked_formats = std::mem::take(&mut lowerer.unchecked_formats);
    let mut schemas = std::mem::take(&mut lowerer.schemas);
    drop(lowerer);

    check_event_list(&events, fields.schema_version.is_some(), diags);
    if !check_cycles(&schemas, diags) {
        // Naming walks the graph and would not end.
        return None;
    }

    for (event, root) in events.iter_mut().zip(payload_roots) {
        if let Some((file, root)) = root {
            let judge = judge_node(
                &mut schemas,
                &fields,
                envelope.as_ref(),
                event,
                root,
                &file,
                diags,
            );
            event.payload = Some(Payload { file, root, judge });
        }
    }

    // An event is a JSON object (SPEC): a document of any other kind has no
    // event type and is refused before any schema sees it, so the envelope
    // and each judge only ever hold objects.
    let events_are_objects: Vec<NodeId> = envelope
        .iter()
        .map(|e| schemas.resolve(e.root))
        .chain(
            events
                .iter()
                .filter_map(|e| e.payload.as_ref().map(|p| p.judge)),
        )
        .collect();
    crate::implied::make_explicit(&mut schemas, &events_are_objects);

    let mut contracts = Contracts {
        package: registry.package.clone(),
        fields,
        envelope,
        events,
        schemas,
        names: HashMap::new(),
        unchecked_formats,
        name_index: std::sync::OnceLock::new(),
    };
    assign_names(&mut contracts, diags);
    Some(contracts)
}

/// Recursion must end and must be nameable. A cycle of `allOf`/`anyOf`/
/// `oneOf`/`$ref` applies a schema to the same value again and again: no
/// validator could finish it, and the emitters that merge `allOf` would
/// recurse for ever. Any other cycle must pass through a named type (an
/// object with properties, a `oneOf`/`anyOf`/`allOf`, a string enum): every
/// emitter writes the others inline, and a cycle of them would have no end.
fn check_cycles(schemas: &Schemas, diags: &mut Diagnostics) -> bool {
    let place = |at: NodeId| {
        schemas
            .get(at)
            .origin
            .as_ref()
            .map_or((String::new(), String::new()), |o| {
                (o.file.clone(), o.pointer.clone())
            })
    };
    // Each cycle is reported at its member that comes first in its file.
    let first = |cycle: &[NodeId]| cycle.iter().copied().min_by_key(|&n| place(n));
    let mut endless = Vec::new();
    for_each_cycle(schemas, Node::applicators, |cycle| {
        endless.extend(first(cycle))
    });
    for &at in &endless {
        let (file, pointer) = place(at);
        diags.error(
            &file,
            &pointer,
            "this schema applies itself to the same value through `allOf`, `anyOf`, `oneOf` or \
             `$ref` without descending into a property or an item, so validating it would never \
             end: break the cycle",
        );
    }
    if !endless.is_empty() {
        return false;
    }
    let mut unnamed = Vec::new();
    for_each_cycle(schemas, Node::children, |cycle| {
        if !cycle.iter().any(|n| is_named_kind(schemas.get(*n))) {
            unnamed.extend(first(cycle));
        }
    });
    for &at in &unnamed {
        let (file, pointer) = place(at);
        diags.error(
            &file,
            &pointer,
            "this schema contains itself through `$ref`s without passing through an \
             object with `properties` (or a oneOf/anyOf/allOf): recursive schemas must \
             recurse through such a type, which every language can name",
        );
    }
    unnamed.is_empty()
}

/// Calls `found` with each cycle a depth-first walk along `edges` closes
/// (at least one per strongly connected part), starting at the node the
/// walk reached again. Iterative, so a long chain cannot overflow.
fn for_each_cycle(
    schemas: &Schemas,
    edges: impl Fn(&Node) -> Vec<NodeId>,
    mut found: impl FnMut(&[NodeId]),
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; schemas.nodes.len()];
    for start in 0..schemas.nodes.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, its successors, how many were visited); the path is the stack.
        let mut stack = vec![(start, edges(schemas.get(start)), 0)];
        mark[start] = Mark::OnPath;
        while let Some((id, children, next)) = stack.last_mut() {
            let Some(&child) = children.get(*next) else {
                mark[*id] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[child] {
                Mark::New => {
                    mark[child] = Mark::OnPath;
                    stack.push((child, edges(schemas.get(child)), 0));
                }
                Mark::OnPath => {
                    let from = stack.iter().position(|(n, _, _)| *n == child).unwrap_or(0);
                    let cycle: Vec<NodeId> = stack[from..].iter().map(|(n, _, _)| *n).collect();
                    found(&cycle);
                }
                Mark::Done => {}
            }
        }
    }
}

/// `annotation_keywords` may only name keywords JSON Schema leaves open:
/// declaring a standard one an annotation would silence a constraint.
fn check_annotation_keywords(listed: &[String], diags: &mut Diagnostics) {
    for (i, keyword) in listed.iter().enumerate() {
        if keywords::is_standard(keyword) {
            let msg = format!(
                "`{keyword}` is a JSON Schema keyword, so it cannot be declared an annotation: remove it from annotation_keywords"
            );
            diags.error(REGISTRY_FILE, &format!("/annotation_keywords/{i}"), msg);
        }
    }
}

fn check_package(package: &Package, diags: &mut Diagnostics) {
    let name_ok = package.name.starts_with(|c: char| c.is_ascii_lowercase())
        && package
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !name_ok {
        let msg = format!(
            "package name {:?} must start with a lowercase letter and hold only lowercase letters, digits, `-` and `_` (it names a crate, an npm package and a Python module): rename it, such as event-contracts",
            package.name
        );
        diags.error(REGISTRY_FILE, "/package/name", msg);
    }
    let parts: Vec<&str> = package
        .version
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        let msg = format!(
            "package version {:?} is not a semantic version: write MAJOR.MINOR.PATCH, such as 0.1.0",
            package.version
        );
        diags.error(REGISTRY_FILE, "/package/version", msg);
    }
}

fn check_fields(fields: &Fields, has_envelope: bool, diags: &mut Diagnostics) {
    let mut names = vec![("event_type_field", &fields.event_type)];
    if let Some(v) = &fields.schema_version {
        names.push(("schema_version_field", v));
    }
    if has_envelope {
        names.push(("payload_field", &fields.payload));
    }
    for (key, name) in &names {
        if name.is_empty() {
            diags.error(
                REGISTRY_FILE,
                &format!("/envelope/{key}"),
                "a field name cannot be empty: write the field's wire name, or remove the key to use the default",
            );
        }
    }
    for (i, (k1, n1)) in names.iter().enumerate() {
        for (k2, n2) in &names[i + 1..] {
            if n1 == n2 {
                let msg = format!(
                    "{k1} and {k2} are both {n1:?}: each envelope field needs its own name"
                );
                diags.error(REGISTRY_FILE, &format!("/envelope/{k2}"), msg);
            }
        }
    }
}

fn valid_event_type(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_lowercase())
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

fn check_event_list(events: &[Event], versioned: bool, diags: &mut Diagnostics) {
    let reg = REGISTRY_FILE;
    let mut type_names: HashMap<&str, usize> = HashMap::new();
    let mut variants: HashMap<&str, &str> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(&first) = type_names.get(e.type_name.as_str()) {
            let other = &events[first];
            if other.event_type != e.event_type || other.version != e.version {
                let msg = format!(
                    "{:?} v{} and {:?} v{} (at /event_types/{first}) would both be named `{}` in the generated code: rename one of the event types",
                    e.event_type, e.version, other.event_type, other.version, e.type_name
                );
                diags.error(reg, &format!("/event_types/{i}/event_type"), msg);
            }
        } else {
            type_names.insert(&e.type_name, i);
        }
        match variants.get(e.variant.as_str()) {
            Some(&other) if other != e.event_type => {
                let msg = format!(
                    "event types {:?} and {other:?} would both be `EventType::{}` in the generated code: rename one of them",
                    e.event_type, e.variant
                );
                diags.error(reg, &format!("/event_types/{i}/event_type"), msg);
            }
            _ => {
                variants.insert(&e.variant, &e.event_type);
            }
        }
    }
    let mut versions: BTreeMap<&str, Vec<(u64, usize)>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let at = format!("/event_types/{i}");
        if !valid_event_type(&e.event_type) {
            let msg = format!(
                "event type {:?} must be lowercase and dotted, each segment matching [a-z][a-z0-9_]*: rename it, such as order.placed",
                e.event_type
            );
            diags.error(reg, &format!("{at}/event_type"), msg);
        }
        if e.version == 0 {
            diags.error(
                reg,
                &format!("{at}/schema_version"),
                "schema_version must be a positive integer: versions start at 1",
            );
        }
        versions
            .entry(&e.event_type)
            .or_default()
            .push((e.version, i));
    }
    for (name, mut list) in versions {
        list.sort();
        for pair in list.windows(2) {
            if pair[0].0 == pair[1].0 {
                let msg = format!(
                    "{name:?} version {} is registered twice (also at /event_types/{}): remove one, or give it the next version number",
                    pair[1].0, pair[0].1
                );
                diags.error(reg, &format!("/event_types/{}", pair[1].1), msg);
            }
        }
        if !versioned && list.len() > 1 {
            let msg = format!(
                "{name:?} appears {} times, but the envelope has no schema_version_field, so the event type alone must identify the event: keep one entry, or set envelope.schema_version_field",
                list.len()
            );
            diags.error(reg, &format!("/event_types/{}", list[1].1), msg);
        }
        let mut distinct: Vec<u64> = list.iter().map(|v| v.0).collect();
        distinct.dedup();
        for (expected, &v) in (1..).zip(&distinct) {
            if v != expected {
                let msg = format!(
                    "{name:?} versions must start at 1 and have no gaps: found {distinct:?}, version {expected} is missing; register it (as retired if it is gone) or renumber"
                );
                let index = list.iter().find(|x| x.0 == v).map_or(0, |x| x.1);
                diags.error(reg, &format!("/event_types/{index}/schema_version"), msg);
                break;
            }
        }
    }
}

/// Builds the node that judges a whole document of `event` (SPEC: the
/// envelope with its payload replaced and its event type and version fixed).
fn judge_node(
    schemas: &mut Schemas,
    fields: &Fields,
    envelope: Option<&EnvelopeModel>,
    event: &Event,
    payload: NodeId,
    payload_file: &str,
    diags: &mut Diagnostics,
) -> NodeId {
    let fixed_type = Value::String(event.event_type.clone());
    match envelope {
        Some(env) => {
            let root = schemas.resolve(env.root);
            let mut node = schemas.get(root).clone();
            let fix = |name: &str, value: Value, schemas: &mut Schemas, node: &mut Node| {
                let original = node.properties.iter().position(|(p, _)| p == name);
                let pinned = schemas.push(Node {
                    const_value: Some(value),
                    all_of: original.map(|i| node.properties[i].1).into_iter().collect(),
                    ..Node::default()
                });
                match original {
                    Some(i) => node.properties[i].1 = pinned,
                    None => node.properties.push((name.to_owned(), pinned)),
                }
            };
            fix(&fields.event_type, fixed_type, schemas, &mut node);
            if let Some(vf) = &fields.schema_version {
                fix(
                    vf,
                    Value::Number(Number::from(event.version)),
                    schemas,
                    &mut node,
                );
            }
            match node
                .properties
                .iter()
                .position(|(p, _)| *p == fields.payload)
            {
                Some(i) => node.properties[i].1 = payload,
                None => node.properties.push((fields.payload.clone(), payload)),
            }
            schemas.push(node)
        }
        None => {
            let p = schemas.get(schemas.resolve(payload));
            let declares = p.properties.iter().any(|(n, _)| *n == fields.event_type);
            let closed = p
                .additional_properties
                .is_some_and(|a| schemas.get(a).never);
            if closed && !declares {
                let msg = format!(
                    "events travel bare, so the payload carries its event type in {:?}, but this closed object does not declare it: add it to `properties`",
                    fields.event_type
                );
                diags.error(payload_file, "/properties", msg);
            }
            let pinned = schemas.push(Node {
                const_value: Some(fixed_type),
                ..Node::default()
            });
            schemas.push(Node {
                all_of: vec![payload],
                properties: vec![(fields.event_type.clone(), pinned)],
                required: vec![fields.event_type.clone()],
                ..Node::default()
            })
        }
    }
}

/// Whether a node becomes a named type in the generated code.
/// Two type names can have one snake-case spelling (`HTTPEventV1` and
/// `HttpEventV1`), and a file system may not tell case apart: a module name
/// taken (ignoring case) gets the first free `_2`, `_3`, … in registry order.
fn distinct_modules(events: &mut [Event]) {
    let mut taken = HashSet::new();
    for e in events {
        let base = e.module.clone();
        e.module = (1..)
            .map(|i| {
                if i == 1 {
                    base.clone()
                } else {
                    format!("{base}_{i}")
                }
            })
            .find(|m| taken.insert(m.to_lowercase()))
            .expect("some name is free");
    }
}

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
fn assign_names(c: &mut Contracts, diags: &mut Diagnostics) {
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

impl Event {
    /// The words every language's deprecation of this version carries.
    pub fn deprecation_note(&self) -> String {
        format!(
            "{} v{} is deprecated; publish a newer version",
            self.event_type, self.version
        )
    }
}

impl Contracts {
    /// The node of a named type, if `id` (after pure `$ref`s) is one.
    pub fn named(&self, id: NodeId) -> Option<(NodeId, &str)> {
        let id = self.schemas.resolve(id);
        let name = self.names.get(&id)?;
        is_named_kind(self.node(id)).then_some((id, name.as_str()))
    }

    /// A whole example event of `e` around `payload`: the envelope's first
    /// example (if it has one) with the event type, version and payload set.
    pub fn example_event(&self, e: &Event, payload: &Value) -> Value {
        let f = &self.fields;
        let Some(env) = &self.envelope else {
            return payload.clone();
        };
        let root = self.node(self.schemas.resolve(env.root));
        let mut doc = match root.examples.first() {
            Some(Value::Object(o)) => Value::Object(o.clone()),
            _ => Value::Object(serde_json::Map::new()),
        };
        doc[&f.event_type] = Value::String(e.event_type.clone());
        if let Some(v) = &f.schema_version {
            doc[v] = Value::Number(Number::from(e.version));
        }
        doc[&f.payload] = payload.clone();
        doc
    }

    /// The first live event with an example payload, as a whole event.
    pub fn first_example(&self) -> Option<(&Event, Value)> {
        self.events.iter().find_map(|e| {
            let p = e.payload.as_ref()?;
            let example = self.node(self.schemas.resolve(p.root)).examples.first()?;
            Some((e, self.example_event(e, example)))
        })
    }

    /// Every named type reachable from the envelope and the payloads, each
    /// once, in a stable order (registry order, then depth first by
    /// declaration), for emitters that declare all types in one namespace.
    pub fn named_types(&self) -> Vec<(NodeId, &str)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        let mut roots: Vec<NodeId> = Vec::new();
        if let Some(env) = &self.envelope {
            roots.push(env.root);
        }
        roots.extend(
            self.events
                .iter()
                .filter_map(|e| e.payload.as_ref().map(|p| p.root)),
        );
        for root in roots {
            self.visit(root, &mut seen, &mut out);
        }
        out
    }

    fn visit<'a>(
        &'a self,
        id: NodeId,
        seen: &mut BTreeSet<NodeId>,
        out: &mut Vec<(NodeId, &'a str)>,
    ) {
        let id = self.schemas.resolve(id);
        if !seen.insert(id) {
            return;
        }
        if let Some(named) = self.named(id) {
            out.push(named);
        }
        for child in self.node(id).children() {
            self.visit(child, seen, out);
        }
    }
}
