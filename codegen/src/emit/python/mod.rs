//! The Python package: pydantic v2 models from the model, the event API
//! from minijinja templates, the validator shared with the other runtimes.

mod example;
mod fast;
mod readme;
mod syntax;
mod types;
mod validate;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

use minijinja::{context, Environment};
use serde::Serialize;

use super::{Header, Output};
use crate::home::Home;
use crate::model::Contracts;
use crate::naming;
use crate::schema::NodeId;
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
    super::templates(&[
        ("__init__.py", INIT),
        ("models.py", MODELS),
        ("pyproject.toml", PYPROJECT),
    ])
}

#[derive(Serialize, Clone)]
struct EventCx {
    /// Index into `Contracts::events`.
    event: usize,
    class_name: String,
    base: String,
    doc: String,
    type_ident: String,
    type_literal: String,
    type_alias: Option<String>,
    version_ident: Option<String>,
    version: u64,
    version_alias: Option<String>,
    judge: String,
    /// Whether pydantic alone judges the event's documents (`fast.rs`).
    fast: bool,
    /// Whether the event holds any JSON somewhere (then the fast pass
    /// counts the text's brackets).
    any_json: bool,
    deprecated: Option<String>,
    payload_class: String,
}

#[derive(Serialize)]
struct VersionCx {
    version: u64,
    /// The event class, or `"retired"`.
    class: String,
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
            .map(|v| format!("{}: {}", v.version, v.class))
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
    out.add(format!("{dir}/_runtime.py"), format!("{comment}{RUNTIME}"));
    out.add(format!("{dir}/_types.py"), format!("{comment}{TYPES}"));
    let homes = crate::home::homes(c);
    let live: Vec<usize> = (0..c.events.len())
        .filter(|&i| c.events[i].payload.is_some())
        .collect();
    out.add(
        format!("{dir}/_validate/__init__.py"),
        validate::module(c, plan, Home::Shared, &comment),
    );
    for &i in &live {
        out.add(
            format!("{dir}/_validate/{}.py", c.events[i].module),
            validate::module(c, plan, Home::Event(i), &comment),
        );
    }

    let events = event_classes(c);
    let (classes, aliases) = declarations(c, &homes);
    let example_types = example::Types::new(
        classes.iter().map(|(_, k)| k),
        aliases.iter().map(|(_, a)| a),
    );
    out.add(
        "python/README.md".to_owned(),
        crate::emit::docs::readme::render(c, header, &readme::sections(c, &module, &example_types)),
    );
    drop(example_types);
    // Every name the package exports lazily, with the module that declares it.
    let mut exports: Vec<(String, String)> = Vec::new();
    let shared_names: HashSet<String> = classes
        .iter()
        .filter(|(h, _)| *h == Home::Shared)
        .map(|(_, k)| k.name.clone())
        .chain(
            aliases
                .iter()
                .filter(|(h, _)| *h == Home::Shared)
                .map(|(_, a)| a.name.clone()),
        )
        .chain(["_Model", "_Alternative", "_Open"].map(String::from))
        .collect();
    let mut units = vec![Home::Shared];
    units.extend(live.iter().map(|&i| Home::Event(i)));
    let mut classes_by: BTreeMap<Home, Vec<types::Class>> = BTreeMap::new();
    for (h, k) in classes {
        classes_by.entry(h).or_default().push(k);
    }
    let mut aliases_by: BTreeMap<Home, Vec<types::Alias>> = BTreeMap::new();
    for (h, a) in aliases {
        aliases_by.entry(h).or_default().push(a);
    }
    let mut events_by: BTreeMap<Home, Vec<EventCx>> = BTreeMap::new();
    for e in events.iter().cloned() {
        events_by.entry(Home::Event(e.event)).or_default().push(e);
    }
    for home in units {
        let unit = ModelUnit {
            home,
            classes: classes_by.remove(&home).unwrap_or_default(),
            aliases: order_aliases(aliases_by.remove(&home).unwrap_or_default()),
            events: events_by.remove(&home).unwrap_or_default(),
        };
        let (path, module) = match home {
            Home::Shared => (format!("{dir}/models/__init__.py"), "models".to_owned()),
            Home::Event(i) => (
                format!("{dir}/models/{}.py", c.events[i].module),
                format!("models.{}", c.events[i].module),
            ),
        };
        let names = unit
            .classes
            .iter()
            .map(|k| k.name.clone())
            .chain(unit.aliases.iter().map(|a| a.name.clone()))
            .chain(unit.events.iter().map(|e| e.class_name.clone()));
        exports.extend(names.map(|n| (n, module.clone())));
        let text = render(
            "models.py",
            models_context(c, &comment, unit, &shared_names),
        );
        out.add(path, syntax::lines_after_imports(&reflow(&text)));
    }
    exports.sort_by(|a, b| a.0.cmp(&b.0));
    exports.dedup_by(|a, b| a.0 == b.0);
    let init = render("__init__.py", init_context(c, &comment, &events, &exports));
    out.add(format!("{dir}/__init__.py"), reflow(&init));
}

/// The declarations of one module of `models/`.
struct ModelUnit {
    home: Home,
    classes: Vec<types::Class>,
    aliases: Vec<types::Alias>,
    events: Vec<EventCx>,
}

/// The context of `models.py.j2` for one module: its declarations and the
/// imports they need (only those, as ruff requires).
fn models_context(
    c: &Contracts,
    header: &str,
    mut unit: ModelUnit,
    shared_names: &HashSet<String>,
) -> minijinja::Value {
    for i in 1..unit.aliases.len() {
        unit.aliases[i].after_class = unit.aliases[i - 1].root.is_some();
    }
    let shared = unit.home == Home::Shared;
    let classes = &unit.classes;
    let aliases = &unit.aliases;
    // The code of the module, string literals and docstrings aside: what
    // its imports are chosen from.
    let mut code = String::new();
    for k in classes {
        code.push_str(&k.bases);
        for f in &k.fields {
            code.push_str(&format!(" {} {}", f.ty, f.default));
        }
        for (_, ty, _) in &k.constants {
            code.push_str(&format!(" {ty}"));
        }
        code.push('\n');
    }
    for a in aliases {
        code.push_str(&format!(" {}\n", a.body));
        if let Some(r) = &a.root {
            for (_, ty, _) in &r.constants {
                code.push_str(&format!(" {ty}"));
            }
        }
    }
    for e in &unit.events {
        code.push_str(&format!(" {} Literal\n", e.base));
        if e.version_ident.is_some() {
            code.push_str(" Annotated JsonNumber\n");
        }
        if e.type_alias.is_some() || e.version_alias.is_some() {
            code.push_str(" Field(");
        }
    }
    let idents = syntax::identifiers(&code);
    let has = |name: &str| idents.contains(name);
    let roots: Vec<&str> = aliases
        .iter()
        .filter(|a| a.root.is_some())
        .map(|a| a.name.as_str())
        .collect();
    let mut typing_imports: Vec<&str> = ["Annotated", "Any", "ClassVar", "Literal", "Never"]
        .into_iter()
        .filter(|name| has(name))
        .collect();
    let constants = classes.iter().any(|k| !k.constants.is_empty())
        || aliases
            .iter()
            .any(|a| a.root.as_ref().is_some_and(|r| !r.constants.is_empty()));
    if shared {
        typing_imports.extend(["Any", "ClassVar", "Self"]);
    } else if constants {
        typing_imports.push("ClassVar");
    }
    if aliases
        .iter()
        .any(|a| a.root.as_ref().is_none_or(|r| r.body_alias.is_some()))
    {
        typing_imports.push("TypeAlias");
    }
    let generic = classes.iter().any(|k| k.bases.contains("Generic"));
    if generic {
        typing_imports.extend(["Generic", "TypeVar"]);
    }
    typing_imports.sort();
    typing_imports.dedup();
    let mut pydantic_imports: Vec<&str> = Vec::new();
    if shared {
        pydantic_imports.extend([
            "BaseModel",
            "ModelWrapValidatorHandler",
            "ValidationInfo",
            "model_validator",
        ]);
    }
    if shared || !classes.is_empty() {
        pydantic_imports.push("ConfigDict");
    }
    if !roots.is_empty() {
        pydantic_imports.push("RootModel");
    }
    if has("Field") {
        pydantic_imports.push("Field");
    }
    let types_imports: Vec<&str> = ["Date", "DateTime", "JsonBoolean", "JsonNumber"]
        .into_iter()
        .filter(|name| has(name))
        .collect();
    let any_deprecated = classes.iter().any(|k| k.deprecated.is_some())
        || aliases
            .iter()
            .any(|a| a.root.as_ref().is_some_and(|r| r.deprecated.is_some()))
        || unit.events.iter().any(|e| e.deprecated.is_some());
    let mut local: Vec<(String, Vec<String>)> = Vec::new();
    if !types_imports.is_empty() {
        local.push((".._types".to_owned(), strings(&types_imports)));
    }
    let checks: Vec<String> = classes
        .iter()
        .map(|k| k.check.clone())
        .filter(|k| !k.is_empty())
        .chain(unit.events.iter().map(|e| e.judge.clone()))
        .collect();
    match unit.home {
        Home::Shared => {
            local.push((".._validate".to_owned(), checks));
            local.push((
                ".._runtime".to_owned(),
                strings(&[
                    "_BUILT_IN_CODE",
                    "Check",
                    "alternative_input",
                    "check_model_input",
                    "fast_rest",
                    "is_fast",
                    "parse_json",
                    "unset_shadowed",
                ]),
            ));
        }
        Home::Event(i) => {
            let module = &c.events[i].module;
            local.push((format!(".._validate.{module}"), checks));
            let names: Vec<String> = idents
                .iter()
                .filter(|n| shared_names.contains(**n))
                .map(|n| (*n).to_owned())
                .collect();
            local.push((".".to_owned(), names));
        }
    }
    // isort's order: the furthest module first, then by name.
    local.retain(|(_, names)| !names.is_empty());
    local.sort_by_key(|(m, _)| {
        let dots = m.chars().take_while(|&ch| ch == '.').count();
        (Reverse(dots), m.trim_start_matches('.').to_owned())
    });
    let local: Vec<String> = local.iter().map(|(m, n)| import_from(m, n)).collect();
    let doc = match unit.home {
        Home::Shared => "The envelope and the types several events share.\n\nThey describe shapes; ``parse_event`` and ``validate_event`` enforce every\nconstraint of the schemas. Each event's own types are in a module of its\nown, loaded on the event's first use.".to_owned(),
        Home::Event(i) => format!(
            "The types of ``{}`` version {}: its payload, the types only it uses, and\nthe whole event. Loaded on the event's first use.",
            c.events[i].event_type, c.events[i].version
        ),
    };
    context! {
        header => header,
        doc => doc,
        shared => shared,
        typing_import => import_from("typing", &strings(&typing_imports)),
        // isort's third-party section, which a module of aliases alone may not have.
        third_party => (!pydantic_imports.is_empty())
            .then(|| import_from("pydantic", &strings(&pydantic_imports)))
            .into_iter()
            .chain(any_deprecated.then(|| "from typing_extensions import deprecated".to_owned()))
            .collect::<Vec<_>>()
            .join("\n"),
        local_imports => local.join("\n"),
        generic => generic,
        any_deprecated => any_deprecated,
        classes => classes,
        aliases => aliases,
        events => unit.events,
        rebuilt => classes
            .iter()
            .filter(|k| k.fields.iter().any(|f| f.default.contains("deprecated=")))
            .map(|k| k.name.clone())
            .collect::<Vec<_>>(),
    }
}

/// `AnyEvent` as mypy reads it (inside `if TYPE_CHECKING:`), laid out as
/// ruff lays out a long `|` chain.
fn any_event_union(events: &[EventCx]) -> String {
    let members: Vec<&str> = events.iter().map(|e| e.class_name.as_str()).collect();
    let line = format!("    AnyEvent: TypeAlias = {}", members.join(" | "));
    let hug = format!("        {}", members.join(" | "));
    if crate::emit::text::display_width(&line) <= syntax::WIDTH {
        return line;
    }
    if crate::emit::text::display_width(&hug) <= syntax::WIDTH {
        return format!("    AnyEvent: TypeAlias = (\n{hug}\n    )");
    }
    format!(
        "    AnyEvent: TypeAlias = (\n        {}\n    )",
        members.join("\n        | ")
    )
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Declarations, each with the module it is declared in.
type Placed<T> = Vec<(Home, T)>;

/// Every class and alias of `models/`, each with the module it is declared in.
fn declarations(
    c: &Contracts,
    homes: &HashMap<NodeId, Home>,
) -> (Placed<types::Class>, Placed<types::Alias>) {
    let envelope_root = c.envelope.as_ref().map(|e| c.schemas.resolve(e.root));
    let mut classes = Vec::new();
    let mut aliases = Vec::new();
    let named = c.named_types();
    // The classes a `oneOf`/`anyOf` chooses between. pydantic's union tries
    // each in lax mode and keeps the one that sets the most fields, which
    // may be one the schema refuses (`true` read as `1`): such a class gives
    // its input the schema's check even in a document already validated
    // (`check_model_input`), so only an alternative the schema accepts is
    // built.
    let alternatives: std::collections::HashSet<NodeId> = named
        .iter()
        .flat_map(|&(id, _)| {
            let n = c.node(id);
            n.one_of
                .iter()
                .chain(&n.any_of)
                .copied()
                .collect::<Vec<_>>()
        })
        .filter_map(|alt| c.named(alt).map(|(id, _)| id))
        .collect();
    for (id, name) in named {
        let home = homes.get(&id).copied().unwrap_or(Home::Shared);
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
            Decl::Class(mut class) => {
                if alternatives.contains(&id) && !class.check.is_empty() && class.bases == "_Model"
                {
                    class.bases = "_Alternative".to_owned();
                }
                if class.extra == "allow" && class.fields.iter().any(|f| f.ident != f.wire) {
                    // An extra member may be spelt as a renamed field's Python name.
                    class.bases = match class.bases.as_str() {
                        "_Alternative" => "_Alternative, _Open".to_owned(),
                        bases => bases.replacen("_Model", "_Open", 1),
                    };
                }
                let props = types::merged_properties(c, id);
                let rest = fast::rest(c, &props, &class.fields);
                let quoted = |idents: &[String]| -> Vec<String> {
                    idents.iter().map(|i| string_literal(i)).collect()
                };
                let multiples: Vec<String> = (rest.multiples.iter())
                    .map(|(ident, m)| format!("({}, {m})", string_literal(ident)))
                    .collect();
                for (name, ty, entries) in [
                    ("__not_null__", "tuple[str, ...]", quoted(&rest.not_null)),
                    ("__unique__", "tuple[str, ...]", quoted(&rest.unique)),
                    ("__multiples__", "tuple[tuple[str, float], ...]", multiples),
                    ("__uuids__", "tuple[str, ...]", quoted(&rest.uuids)),
                    ("__json__", "tuple[str, ...]", quoted(&rest.json)),
                    ("__ints__", "tuple[str, ...]", quoted(&rest.ints)),
                ] {
                    class
                        .constants
                        .extend(types::tuple_constant(name, ty, &entries));
                }
                classes.push((home, class))
            }
            Decl::Alias(alias) => aliases.push((home, alias)),
        }
    }
    // The first class of each name, found without a scan per event.
    let mut class_index: HashMap<String, usize> = HashMap::new();
    for (i, (_, k)) in classes.iter().enumerate() {
        class_index.entry(k.name.clone()).or_insert(i);
    }
    // Payload classes know their event type and version (the producer side).
    for e in c.events.iter().filter(|e| e.payload.is_some()) {
        if let Some((_, class)) = class_index.get(&e.type_name).map(|&i| &mut classes[i]) {
            let fixed = std::mem::take(&mut class.constants);
            class.constants = payload_constants(e);
            class.constants.extend(fixed);
        }
    }
    // The envelope minus what `build_event` fills in.
    if let Some((_, envelope)) = classes.iter().find(|(_, k)| k.name == "Envelope") {
        let f = &c.fields;
        let filled: Vec<&str> = std::iter::once(f.event_type.as_str())
            .chain(f.schema_version.as_deref())
            .chain(std::iter::once(f.payload.as_str()))
            .collect();
        let fields: Vec<types::Field> = envelope
            .fields
            .iter()
            .filter(|x| !filled.contains(&x.wire.as_str()))
            .cloned()
            .collect();
        let fields_class = types::Class {
            name: "EnvelopeFields".to_owned(),
            bases: "_Model".to_owned(),
            doc: Some("Every envelope field a producer fills in: all but the event type, the version and\nthe payload, which ``build_event`` sets.".to_owned()),
            extra: envelope.extra,
            constants: types::fixed_constant(&fields).into_iter().collect(),
            fields,
            deprecated: None,
            check: String::new(),
        };
        class_index
            .entry(fields_class.name.clone())
            .or_insert(classes.len());
        classes.push((Home::Shared, fields_class));
    }
    for e in c
        .events
        .iter()
        .filter(|e| e.status == crate::registry::Status::Deprecated)
    {
        if let Some((_, class)) = class_index.get(&e.type_name).map(|&i| &mut classes[i]) {
            class.deprecated = Some(string_literal(&e.deprecation_note()));
        }
    }
    for (i, e) in c.events.iter().enumerate() {
        let Some(p) = &e.payload else { continue };
        if c.named(p.root).map(|(_, n)| n) != Some(e.type_name.as_str()) {
            let mut needs = Vec::new();
            let body = types::expr(c, p.root, &mut needs);
            aliases.push((
                Home::Event(i),
                types::Alias {
                    name: e.type_name.clone(),
                    body,
                    doc: docstring(Some(&format!(
                        "The `{}` v{} payload.",
                        e.event_type, e.version
                    ))),
                    needs,
                    root: None,
                    after_class: false,
                },
            ));
        }
    }
    for e in c.events.iter().filter(|e| e.payload.is_some()) {
        if let Some((_, alias)) = aliases.iter_mut().find(|(_, a)| a.name == e.type_name) {
            // A named type is declared without its null, which references
            // add; a payload's root is referenced by nothing, so it keeps it.
            let root = e.payload.as_ref().map(|p| c.schemas.resolve(p.root));
            if root.is_some_and(|r| c.node(r).null_in_own_keywords())
                && !syntax::split_top_level(&alias.body, '|')
                    .iter()
                    .any(|m| m == "None")
            {
                alias.body = format!("{} | None", alias.body);
            }
            let header = format!("class {}(RootModel[{}]):", alias.name, alias.body);
            alias.root = Some(types::RootPayload {
                constants: payload_constants(e),
                deprecated: (e.status == crate::registry::Status::Deprecated)
                    .then(|| string_literal(&e.deprecation_note())),
                body_alias: (crate::emit::text::display_width(&header) > 120)
                    .then(|| format!("_{}Root", alias.name)),
            });
        }
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

/// The class of each event with a payload (`CreditLockedV1Event`), in
/// registry order.
fn event_classes(c: &Contracts) -> Vec<EventCx> {
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
        let idents = naming::python_fields(wires.iter().copied(), |n| c.is_type_name(n));
        let i = wires.iter().position(|w| *w == wire).unwrap_or(0);
        idents[i].clone()
    };
    let envelope_root = c.envelope.as_ref().map(|e| e.root);
    let mut exact = fast::Exact::new(c);
    let mut events = Vec::new();
    for (i, e) in c.events.iter().enumerate() {
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
            .then(|| string_literal(&e.deprecation_note()));
        let fast_pass = exact.event(e);
        events.push(EventCx {
            event: i,
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
            judge: validate::judge_name(&e.type_name),
            fast: fast_pass.is_some(),
            any_json: fast_pass == Some(true),
            deprecated,
            payload_class: e.type_name.clone(),
        });
    }
    events
}

fn init_context(
    c: &Contracts,
    header: &str,
    events: &[EventCx],
    exports: &[(String, String)],
) -> minijinja::Value {
    let f = &c.fields;
    let groups = c.events_by_type();
    let judges = groups.iter().map(|(event_type, versions)| {
        let versions = versions.iter().map(|e| VersionCx {
            version: e.version,
            class: string_literal(&match &e.payload {
                Some(_) => format!("{}Event", e.type_name),
                None => "retired".to_owned(),
            }),
        });
        GroupCx {
            literal: string_literal(event_type),
            versions: versions.collect(),
            entry: String::new(),
        }
    });
    let event_types: Vec<String> = groups.iter().map(|(n, _)| string_literal(n)).collect();
    let mut typing_imports: Vec<String> = ["TYPE_CHECKING", "Any", "Literal", "TypeAlias", "cast"]
        .map(String::from)
        .to_vec();
    typing_imports.push("Annotated".to_owned());
    if events.len() > 1 {
        typing_imports.extend(["Union", "overload"].map(String::from));
    }
    let mut pydantic_imports: Vec<String> = vec!["BeforeValidator".to_owned()];
    if events.len() > 1 {
        pydantic_imports.extend(["Discriminator", "Tag"].map(String::from));
    }
    let runtime_names: Vec<String> = [
        "ErrorKind",
        "EventValidationError",
        "Check",
        "Judges",
        "Violation",
        "invalid",
        "parse_json",
        "select_event",
        "violations",
        "_VALIDATED",
        "_BUILT_IN_CODE",
        "_FAST_PASS",
        "Peek",
        "checked_input",
        "_as_json",
        "_MAX_DEPTH",
    ]
    .map(String::from)
    .to_vec();
    // What mypy reads instead of the lazy `__getattr__`, one import per module.
    let mut by_module: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, module) in exports {
        by_module.entry(module).or_default().push(name.clone());
    }
    // `_event_class`'s annotation.
    by_module
        .entry("models")
        .or_default()
        .push("_Model".to_owned());
    // isort's order of modules: natural, ignoring case (`g2` before `g10`).
    let mut by_module: Vec<(&str, Vec<String>)> = by_module.into_iter().collect();
    by_module.sort_by_key(|(m, _)| syntax::natural_key(&m.to_lowercase()));
    let type_imports: Vec<String> = by_module
        .iter()
        .map(|(module, names)| syntax::import_from_at("    ", &format!(".{module}"), names))
        .collect();
    let mut all_names: Vec<String> = exports.iter().map(|(n, _)| n.clone()).collect();
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
    let no_version = string_literal("__no_version__");
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
    let exports: Vec<String> = exports
        .iter()
        .map(|(name, module)| format!("    {}: {},", string_literal(name), string_literal(module)))
        .collect();
    context! {
        header => header,
        package => c.package.name,
        version => c.package.version,
        typing_import => import_from("typing", &typing_imports),
        pydantic_import => (!pydantic_imports.is_empty()).then(|| import_from("pydantic", &pydantic_imports)),
        runtime_import => import_from("._runtime", &runtime_names),
        type_imports => type_imports.join("\n"),
        exports => exports,
        all_names => all_names,
        event_types => event_types,
        type_field => string_literal(&f.event_type),
        version_field => f.schema_version.as_deref().map_or("None".to_owned(), string_literal),
        version_key => f.schema_version.as_deref().map_or(no_version, string_literal),
        type_attr => type_attr,
        version_attr => version_attr,
        any_event => any_event_union(events),
        builders => events,
        envelope => c.envelope.is_some(),
        versioned => f.schema_version.is_some(),
        payload_field => string_literal(&f.payload),
        judges => judges
            .map(|mut g| {
                g.lay_out();
                g
            })
            .collect::<Vec<_>>(),
        single => events.first().filter(|_| events.len() == 1),
    }
}
