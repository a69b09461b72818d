//! The contracts model: events, the envelope, every schema node and every
//! type name, checked and decided once. Each emitter is a walk of this.
//! `build` runs the steps in order: the registry's rules
//! (`registry_rules.rs`), lowering each schema (`lower.rs`), cycles that
//! could not end (`cycles.rs`), each event's judge (`judge.rs`), the types
//! JSON Schema implies (`implied.rs`), and one name per type (`names.rs`).

mod cycles;
mod judge;
mod names;
mod registry_rules;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Number, Value};

use crate::diagnostics::Diagnostics;
use crate::load::Sources;
use crate::lower::Lowerer;
use crate::naming;
use crate::registry::{Package, Status, REGISTRY_FILE};
use crate::schema::{Node, NodeId, Schemas};

use cycles::check_cycles;
use judge::judge_node;
use names::assign_names;
pub use names::is_named_kind;
use registry_rules::{
    check_annotation_keywords, check_event_list, check_fields, check_package, distinct_modules,
};

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
