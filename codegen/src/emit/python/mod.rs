//! The Python package: pydantic v2 models from the model, the event API
//! from minijinja templates, the validator shared with the other runtimes.

mod syntax;
mod types;
mod validate;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use minijinja::{context, Environment};
use serde::Serialize;

use super::{Header, Output};
use crate::model::Contracts;
use crate::naming;
use syntax::{docstring, import_from, reflow, sort_all, string_literal};
use types::Decl;

const RUNTIME: &str = include_str!("../../../../templates/python/_runtime.py");
const TYPES: &str = include_str!("../../../../templates/python/_types.py");
const INIT: &str = include_str!("../../../../templates/python/__init__.py.j2");
const MODELS: &str = include_str!("../../../../templates/python/models.py.j2");
const PYPROJECT: &str = include_str!("../../../../templates/python/pyproject.toml.j2");

/// The Python module (and distribution) name: `event-contracts` is `event_contracts`.
pub fn module_name(package: &str) -> String {
    package.replace('-', "_")
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    for (name, source) in [
        ("__init__.py", INIT),
        ("models.py", MODELS),
        ("pyproject.toml", PYPROJECT),
    ] {
        env.add_template(name, source).expect("templates parse");
    }
    env
}

#[derive(Serialize)]
struct EventCx {
    class_name: String,
    base: String,
    doc: String,
    type_ident: String,
    type_literal: String,
    type_alias: Option<String>,
    version_ident: Option<String>,
    version: u64,
    version_alias: Option<String>,
    tag: String,
    judge: String,
    deprecated: Option<String>,
    payload_class: String,
}

#[derive(Serialize)]
struct VersionCx {
    version: u64,
    judge: String,
}

#[derive(Serialize)]
struct GroupCx {
    literal: String,
    versions: Vec<VersionCx>,
    /// The `_JUDGES` entry, laid out as ruff does (one version per line
    /// when the entry does not fit in 120 columns).
    entry: String,
}

impl GroupCx {
    fn lay_out(&mut self) {
        let items: Vec<String> = self
            .versions
            .iter()
            .map(|v| format!("{}: {}", v.version, v.judge))
            .collect();
        let head = format!("{}: ", self.literal);
        self.entry = syntax::bracketed("    ", &head, "{", &items, "}", ",");
    }
}

pub fn emit(c: &Contracts, header: &Header, plan: &crate::checks::Plan, out: &mut Output) {
    let env = environment();
    let render = |name: &str, cx: minijinja::Value| -> String {
        env.get_template(name)
            .and_then(|t| t.render(cx))
            .unwrap_or_else(|e| panic!("template {name}: {e:#}"))
    };
    let module = module_name(&c.package.name);
    let dir = format!("python/{module}");
    let comment = header.line_comment("#");
    out.add(
        "python/pyproject.toml".to_owned(),
        render(
            "pyproject.toml",
            context! { header => comment, name => module, version => c.package.version, module => module },
        ),
    );
    out.add(format!("{dir}/py.typed"), String::new());
    let language = crate::emit::docs::readme::Language::Python {
        module: module.clone(),
    };
    out.add(
        "python/README.md".to_owned(),
        crate::emit::docs::readme::render(c, header, &language),
    );
    out.add(format!("{dir}/_runtime.py"), format!("{comment}{RUNTIME}"));
    out.add(format!("{dir}/_types.py"), format!("{comment}{TYPES}"));
    out.add(
        format!("{dir}/_validate.py"),
        validate::module(c, plan, &comment),
    );

    let (classes, aliases) = declarations(c);
    let all_types: String = classes
        .iter()
        .flat_map(|c| c.fields.iter().map(|f| f.ty.as_str()))
        .chain(aliases.iter().map(|a| a.body.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let generic = classes.iter().any(|c| c.bases.contains("Generic"));
    let any_deprecated = classes.iter().any(|c| c.deprecated.is_some())
        || aliases
            .iter()
            .any(|a| a.root.as_ref().is_some_and(|r| r.deprecated.is_some()));
    let roots: Vec<&str> = aliases
        .iter()
        .filter(|a| a.root.is_some())
        .map(|a| a.name.as_str())
        .collect();
    let mut typing_imports: Vec<&str> = ["Annotated", "Literal", "Never"]
        .into_iter()
        .filter(|name| mentions(&all_types, name))
        .collect();
    typing_imports.extend(["Any", "ClassVar"]);
    if aliases
        .iter()
        .any(|a| a.root.as_ref().is_none_or(|r| r.body_alias.is_some()))
    {
        typing_imports.push("TypeAlias");
    }
    if generic {
        typing_imports.extend(["Generic", "TypeVar"]);
    }
    typing_imports.sort();
    let mut pydantic_imports = vec![
        "BaseModel",
        "ConfigDict",
        "ValidationInfo",
        "model_validator",
    ];
    if !roots.is_empty() {
        pydantic_imports.push("RootModel");
    }
    if classes
        .iter()
        .any(|c| c.fields.iter().any(|f| f.default.starts_with("Field(")))
    {
        pydantic_imports.push("Field");
    }
    let types_imports: Vec<&str> = ["Date", "DateTime", "JsonBoolean", "JsonNumber"]
        .into_iter()
        .filter(|name| mentions(&all_types, name))
        .collect();
    let models = render(
        "models.py",
        context! {
            header => comment,
            typing_import => import_from("typing", &strings(&typing_imports)),
            pydantic_import => import_from("pydantic", &strings(&pydantic_imports)),
            types_import => (!types_imports.is_empty()).then(|| import_from("._types", &strings(&types_imports))),
            generic => generic,
            any_deprecated => any_deprecated,
            classes => classes,
            aliases => aliases,
            roots => roots,
        },
    );
    let model_names: Vec<String> = {
        let mut names: Vec<String> = classes.iter().map(|c| c.name.clone()).collect();
        names.extend(aliases.iter().map(|a| a.name.clone()));
        names.sort();
        names
    };
    out.add(format!("{dir}/models.py"), reflow(&models));
    let init = render("__init__.py", init_context(c, &comment, &model_names));
    out.add(format!("{dir}/__init__.py"), reflow(&init));
}

/// The members of `AnyEvent`, laid out as ruff lays out a long `|` chain.
fn any_event_union(events: &[EventCx]) -> String {
    let members: Vec<String> = events
        .iter()
        .map(|e| format!("Annotated[{}, Tag({})]", e.class_name, e.tag))
        .collect();
    let line = format!("    {},", members.join(" | "));
    if line.chars().count() <= 120 {
        return line;
    }
    format!("    {},", members.join("\n    | "))
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Whether `text` names `word` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

fn declarations(c: &Contracts) -> (Vec<types::Class>, Vec<types::Alias>) {
    let envelope_root = c.envelope.as_ref().map(|e| c.schemas.resolve(e.root));
    let mut classes = Vec::new();
    let mut aliases = Vec::new();
    for (id, name) in c.named_types() {
        let decl = if Some(id) == envelope_root {
            types::declare(
                c,
                id,
                name,
                "_Model, Generic[P]",
                &[(c.fields.payload.as_str(), "P")],
            )
        } else {
            types::declare(c, id, &naming::python_type_name(name), "_Model", &[])
        };
        match decl {
            Decl::Class(class) => classes.push(class),
            Decl::Alias(alias) => aliases.push(alias),
        }
    }
    // The first class of each name, found without a scan per event.
    let mut class_index: HashMap<String, usize> = HashMap::new();
    for (i, k) in classes.iter().enumerate() {
        class_index.entry(k.name.clone()).or_insert(i);
    }
    // Payload classes know their event type and version (the producer side).
    for e in c.events.iter().filter(|e| e.payload.is_some()) {
        if let Some(class) = class_index.get(&e.type_name).map(|&i| &mut classes[i]) {
            class.constants = payload_constants(e);
        }
    }
    // The envelope minus what `build_event` fills in.
    if let Some(envelope) = classes.iter().find(|k| k.name == "Envelope") {
        let f = &c.fields;
        let filled: Vec<&str> = std::iter::once(f.event_type.as_str())
            .chain(f.schema_version.as_deref())
            .chain(std::iter::once(f.payload.as_str()))
            .collect();
        let fields_class = types::Class {
            name: "EnvelopeFields".to_owned(),
            bases: "_Model".to_owned(),
            doc: Some("Every envelope field a producer fills in: all but the event type, the version and\nthe payload, which ``build_event`` sets.".to_owned()),
            extra: envelope.extra,
            fields: envelope
                .fields
                .iter()
                .filter(|x| !filled.contains(&x.wire.as_str()))
                .cloned()
                .collect(),
            deprecated: None,
            check: String::new(),
            constants: Vec::new(),
        };
        class_index
            .entry(fields_class.name.clone())
            .or_insert(classes.len());
        classes.push(fields_class);
    }
    for e in c
        .events
        .iter()
        .filter(|e| e.status == crate::registry::Status::Deprecated)
    {
        if let Some(class) = class_index.get(&e.type_name).map(|&i| &mut classes[i]) {
            class.deprecated = Some(string_literal(&deprecation_note(e)));
        }
    }
    for e in &c.events {
        let Some(p) = &e.payload else { continue };
        if c.named(p.root).map(|(_, n)| n) != Some(e.type_name.as_str()) {
            let mut needs = Vec::new();
            let body = types::expr(c, p.root, &mut needs);
            aliases.push(types::Alias {
                name: e.type_name.clone(),
                body,
                doc: docstring(Some(&format!(
                    "The `{}` v{} payload.",
                    e.event_type, e.version
                ))),
                needs,
                root: None,
                after_class: false,
            });
        }
    }
    for e in c.events.iter().filter(|e| e.payload.is_some()) {
        if let Some(alias) = aliases.iter_mut().find(|a| a.name == e.type_name) {
            let header = format!("class {}(RootModel[{}]):", alias.name, alias.body);
            alias.root = Some(types::RootPayload {
                constants: payload_constants(e),
                deprecated: (e.status == crate::registry::Status::Deprecated)
                    .then(|| string_literal(&deprecation_note(e))),
                body_alias: (crate::emit::text::display_width(&header) > 120)
                    .then(|| format!("_{}Root", alias.name)),
            });
        }
    }
    let mut aliases = order_aliases(aliases);
    for i in 1..aliases.len() {
        aliases[i].after_class = aliases[i - 1].root.is_some();
    }
    (classes, aliases)
}

/// The class constants of a payload type (the producer side).
fn payload_constants(e: &crate::model::Event) -> Vec<(String, String, String)> {
    vec![
        (
            "EVENT_TYPE".to_owned(),
            "str".to_owned(),
            string_literal(&e.event_type),
        ),
        (
            "SCHEMA_VERSION".to_owned(),
            "int".to_owned(),
            e.version.to_string(),
        ),
    ]
}

fn deprecation_note(e: &crate::model::Event) -> String {
    format!(
        "{} v{} is deprecated; publish a newer version",
        e.event_type, e.version
    )
}

/// Aliases are evaluated when the module loads: each comes after the
/// aliases it names (classes come first and are always defined by then).
/// Of the aliases whose needs are met, the first in declaration order goes
/// next; a cycle, which cannot be ordered, is broken at its first member.
/// Linear in the aliases and their needs (Kahn's algorithm with a
/// smallest-index-first queue), since a large registry has tens of
/// thousands of them.
fn order_aliases(pending: Vec<types::Alias>) -> Vec<types::Alias> {
    let index: HashMap<&str, usize> = pending
        .iter()
        .enumerate()
        .rev() // the first alias of a name wins, as a lookup by name would
        .map(|(i, a)| (a.name.as_str(), i))
        .collect();
    let mut unmet = vec![0usize; pending.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); pending.len()];
    for (i, a) in pending.iter().enumerate() {
        let needs: BTreeSet<usize> = a
            .needs
            .iter()
            .filter(|n| **n != a.name)
            .filter_map(|n| index.get(n.as_str()).copied())
            .collect();
        unmet[i] = needs.len();
        for j in needs {
            dependents[j].push(i);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..pending.len())
        .filter(|&i| unmet[i] == 0)
        .map(Reverse)
        .collect();
    let mut waiting: BTreeSet<usize> = (0..pending.len()).collect();
    let mut order = Vec::with_capacity(pending.len());
    while let Some(&first) = waiting.first() {
        let next = loop {
            match ready.pop() {
                Some(Reverse(i)) if waiting.contains(&i) => break i,
                Some(_) => continue, // already placed by breaking a cycle
                None => break first,
            }
        };
        waiting.remove(&next);
        order.push(next);
        for &d in &dependents[next] {
            unmet[d] -= 1;
            if unmet[d] == 0 {
                ready.push(Reverse(d));
            }
        }
    }
    let mut slots: Vec<Option<types::Alias>> = pending.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn init_context(c: &Contracts, header: &str, model_names: &[String]) -> minijinja::Value {
    let f = &c.fields;
    // The identifiers of the event-type and version fields, as the envelope
    // (or the bare payload) spells them in Python.
    let ident_of = |root: Option<usize>, wire: &str| -> String {
        let props = root
            .map(|r| types::merged_properties(c, r))
            .unwrap_or_default();
        let mut wires: Vec<&str> = props.iter().map(|p| p.wire.as_str()).collect();
        if !wires.contains(&wire) {
            wires.push(wire);
        }
        let idents = naming::python_fields(wires.iter().copied());
        let i = wires.iter().position(|w| *w == wire).unwrap_or(0);
        idents[i].clone()
    };
    let envelope_root = c.envelope.as_ref().map(|e| e.root);
    let mut events = Vec::new();
    let mut judges: BTreeMap<usize, GroupCx> = BTreeMap::new();
    let order: Vec<&str> = c.event_types().iter().map(|(n, _)| *n).collect();
    for e in &c.events {
        let slot = order.iter().position(|n| *n == e.event_type).unwrap_or(0);
        let group = judges.entry(slot).or_insert_with(|| GroupCx {
            literal: string_literal(&e.event_type),
            versions: Vec::new(),
            entry: String::new(),
        });
        group.versions.push(VersionCx {
            version: e.version,
            judge: e.payload.as_ref().map_or_else(
                || "\"retired\"".to_owned(),
                |_| format!("_validate.{}", validate::judge_name(&e.type_name)),
            ),
        });
        let Some(p) = &e.payload else { continue };
        let root = envelope_root.or(Some(p.root));
        let type_ident = ident_of(root, &f.event_type);
        let version_ident = f.schema_version.as_ref().map(|v| ident_of(root, v));
        let base = match &c.envelope {
            Some(_) => format!("Envelope[{}]", e.type_name),
            None => e.type_name.clone(),
        };
        let mut doc = format!("``{}`` version {}", e.event_type, e.version);
        if let Some(d) = &e.description {
            doc.push_str(": ");
            doc.push_str(d);
        }
        let deprecated = (e.status == crate::registry::Status::Deprecated)
            .then(|| string_literal(&deprecation_note(e)));
        events.push(EventCx {
            class_name: format!("{}Event", e.type_name),
            base,
            doc: docstring(Some(&doc)).unwrap_or_default(),
            type_literal: string_literal(&e.event_type),
            type_alias: (type_ident != f.event_type).then(|| string_literal(&f.event_type)),
            type_ident,
            version_alias: match (&version_ident, &f.schema_version) {
                (Some(i), Some(w)) if i != w => Some(string_literal(w)),
                _ => None,
            },
            version_ident,
            version: e.version,
            tag: string_literal(&format!(
                "{}/{}",
                e.event_type,
                if f.schema_version.is_some() {
                    e.version.to_string()
                } else {
                    "None".to_owned()
                }
            )),
            judge: validate::judge_name(&e.type_name),
            deprecated,
            payload_class: e.type_name.clone(),
        });
    }
    let no_version = string_literal("__no_version__");
    let event_types: Vec<String> = order.iter().map(|n| string_literal(n)).collect();
    let mut typing_imports: Vec<String> = ["Any", "Literal", "cast"].map(String::from).to_vec();
    if events.len() > 1 {
        typing_imports.push("overload".to_owned());
    }
    let mut pydantic_imports: Vec<String> = vec!["BaseModel".to_owned()];
    if events.len() > 1 {
        typing_imports.push("Annotated".to_owned());
        pydantic_imports.extend(["Discriminator", "Tag"].map(String::from));
    }
    if events
        .iter()
        .any(|e| e.type_alias.is_some() || e.version_alias.is_some())
    {
        pydantic_imports.push("Field".to_owned());
    }
    let mut model_imports: Vec<String> = model_names.to_vec();
    if c.envelope.is_some() && !model_imports.iter().any(|n| n == "Envelope") {
        model_imports.push("Envelope".to_owned());
    }
    if c.envelope.is_some() && !model_imports.iter().any(|n| n == "EnvelopeFields") {
        model_imports.push("EnvelopeFields".to_owned());
    }
    let runtime_names: Vec<String> = [
        "ErrorKind",
        "EventValidationError",
        "Check",
        "Judges",
        "Violation",
        "invalid",
        "parse_json",
        "select_judge",
        "violations",
        "_VALIDATED",
    ]
    .map(String::from)
    .to_vec();
    let mut all_names: Vec<String> = model_imports.clone();
    all_names.extend(events.iter().map(|e| e.class_name.clone()));
    all_names.extend(
        [
            "EVENT_TYPES",
            "EVENT_TYPE_FIELD",
            "SCHEMA_VERSION_FIELD",
            "AnyEvent",
            "ErrorKind",
            "EventType",
            "EventValidationError",
            "Violation",
            "build_event",
            "dump_event",
            "parse_event",
            "validate_event",
        ]
        .map(String::from),
    );
    sort_all(&mut all_names);
    let type_attr = string_literal(
        &events
            .first()
            .map(|e| e.type_ident.clone())
            .unwrap_or_default(),
    );
    let version_attr = events
        .first()
        .and_then(|e| e.version_ident.as_deref())
        .map_or(no_version.clone(), string_literal);
    context! {
        header => header,
        package => c.package.name,
        version => c.package.version,
        typing_import => import_from("typing", &typing_imports),
        pydantic_import => import_from("pydantic", &pydantic_imports),
        runtime_import => import_from("._runtime", &runtime_names),
        models_import => import_from(".models", &model_imports),
        all_names => all_names,
        event_types => event_types,
        type_field => string_literal(&f.event_type),
        version_field => f.schema_version.as_deref().map_or("None".to_owned(), string_literal),
        version_key => f.schema_version.as_deref().map_or(no_version, string_literal),
        type_attr => type_attr,
        version_attr => version_attr,
        any_event => any_event_union(&events),
        builders => {
            let mut seen = std::collections::BTreeSet::new();
            events.iter().filter(|e| seen.insert(e.payload_class.clone())).collect::<Vec<_>>()
        },
        envelope => c.envelope.is_some(),
        versioned => f.schema_version.is_some(),
        payload_field => string_literal(&f.payload),
        any_deprecated => events.iter().any(|e| e.deprecated.is_some()),
        events => events,
        judges => judges
            .into_values()
            .map(|mut g| {
                g.lay_out();
                g
            })
            .collect::<Vec<_>>(),
    }
}
