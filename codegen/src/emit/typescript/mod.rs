//! The TypeScript package: types from the model, the event API from
//! minijinja templates, the validator shared with the other runtimes, all
//! formatted by dprint (prettier's layout).

mod syntax;
mod types;

use std::collections::{BTreeMap, HashMap};

use minijinja::{context, Environment};
use serde::Serialize;

use super::{Header, Output};
use crate::model::Contracts;
use crate::registry::Status;
use syntax::{doc_comment, string_literal};

const TYPESCRIPT: &str = "5.9.3";
const TYPESCRIPT_INTEGRITY: &str =
    "sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw==";

const RUNTIME: &str = include_str!("../../../../templates/typescript/runtime.ts");
const INDEX: &str = include_str!("../../../../templates/typescript/index.ts.j2");
const TYPES: &str = include_str!("../../../../templates/typescript/types.ts.j2");
const PACKAGE_JSON: &str = include_str!("../../../../templates/typescript/package.json.j2");
const PACKAGE_LOCK: &str = include_str!("../../../../templates/typescript/package-lock.json.j2");
const TSCONFIG: &str = include_str!("../../../../templates/typescript/tsconfig.json");

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    // Templates escape explicitly (`tojson`, or strings escaped in Rust).
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    for (name, source) in [
        ("index.ts", INDEX),
        ("types.ts", TYPES),
        ("package.json", PACKAGE_JSON),
        ("package-lock.json", PACKAGE_LOCK),
    ] {
        env.add_template(name, source).expect("templates parse");
    }
    env
}

#[derive(Serialize)]
struct EventCx {
    alias: String,
    wrapped: String,
    doc: String,
    deprecated: Option<String>,
}

#[derive(Serialize)]
struct VersionCx {
    version: u64,
    type_name: String,
    judge: String,
}

#[derive(Serialize)]
struct GroupCx {
    literal: String,
    versions: Vec<VersionCx>,
}

/// `validation` is the runtime's judges as JSON (`Schemas::to_runtime_json`).
pub fn emit(c: &Contracts, header: &Header, validation: &str, out: &mut Output) {
    let env = environment();
    let dir = "typescript";
    let render = |name: &str, cx: minijinja::Value| -> String {
        env.get_template(name)
            .and_then(|t| t.render(cx))
            .unwrap_or_else(|e| panic!("template {name}: {e:#}"))
    };
    let comment = header.line_comment("//");
    let package = context! {
        name => c.package.name,
        version => c.package.version,
        typescript => TYPESCRIPT,
        typescript_integrity => TYPESCRIPT_INTEGRITY,
    };
    out.add(
        format!("{dir}/package.json"),
        render("package.json", package.clone()),
    );
    out.add(
        format!("{dir}/package-lock.json"),
        render("package-lock.json", package),
    );
    out.add(format!("{dir}/tsconfig.json"), TSCONFIG.to_owned());
    // The runtime is written in prettier's layout already.
    out.add(
        format!("{dir}/src/runtime.ts"),
        format!("{comment}{RUNTIME}"),
    );
    out.add(format!("{dir}/src/validation.json"), validation.to_owned());

    let decls = declarations(c);
    // dprint holds a whole file's syntax tree in one arena, which made
    // types.ts most of a large run's peak memory; formatted in groups of
    // declarations instead (each group a module of its own, so the layout
    // is the same), the arenas stay small and the groups share the cores.
    let mut groups: Vec<(usize, &[types::Decl])> =
        decls.chunks(DECLS_PER_FORMAT).enumerate().collect();
    if groups.is_empty() {
        groups.push((0, &[]));
    }
    let parts = crate::parallel::map(&groups, |&(i, group)| {
        // Only the first group carries the file's header and module doc.
        let header = (i == 0).then_some(comment.as_str());
        format_ts(&render(
            "types.ts",
            context! { header => header, decls => group },
        ))
    });
    out.add(format!("{dir}/src/types.ts"), parts.join("\n"));

    let readme = crate::emit::docs::readme::render(
        c,
        header,
        &crate::emit::docs::readme::Language::TypeScript,
    );
    out.add(format!("{dir}/README.md"), readme);
    let index_ts = render("index.ts", index_context(c, &comment));
    out.add(format!("{dir}/src/index.ts"), format_ts(&index_ts));
}

fn declarations(c: &Contracts) -> Vec<types::Decl> {
    let f = &c.fields;
    let envelope_root = c.envelope.as_ref().map(|e| c.schemas.resolve(e.root));
    let mut decls = Vec::new();
    for (id, name) in c.named_types() {
        if Some(id) == envelope_root {
            let mut overrides = vec![(f.payload.as_str(), "P"), (f.event_type.as_str(), "T")];
            let mut params = "<P = unknown, T extends string = string".to_owned();
            if let Some(v) = &f.schema_version {
                overrides.push((v.as_str(), "V"));
                params.push_str(", V extends number = number");
            }
            params.push('>');
            decls.push(types::declare(c, id, name, &params, &overrides));
        } else {
            decls.push(types::declare(c, id, name, "", &[]));
        }
    }
    // The first declaration of each name, found without a scan per event.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, d) in decls.iter().enumerate() {
        by_name.entry(d.name.clone()).or_insert(i);
    }
    for e in c.events.iter().filter(|e| e.status == Status::Deprecated) {
        let Some(p) = &e.payload else { continue };
        if let Some(d) = by_name.get(&e.type_name).map(|&i| &mut decls[i]) {
            let note = format!(
                "{} v{} is deprecated; publish a newer version.",
                e.event_type, e.version
            );
            d.doc = doc_comment(c.node(p.root).description.as_deref(), Some(&note));
        }
    }
    // Two registry entries may share one payload schema: the second is an alias.
    for e in &c.events {
        let Some(p) = &e.payload else { continue };
        let root_name = c.named(p.root).map(|(_, n)| n.to_owned());
        if root_name.as_deref() != Some(e.type_name.as_str()) {
            decls.push(types::Decl {
                name: e.type_name.clone(),
                doc: doc_comment(
                    Some(&format!("The `{}` v{} payload.", e.event_type, e.version)),
                    None,
                ),
                kind: "alias",
                params: String::new(),
                fields: Vec::new(),
                index: None,
                body: types::expr(c, p.root),
            });
        }
    }
    decls
}

fn index_context(c: &Contracts, header: &str) -> minijinja::Value {
    let f = &c.fields;
    let event_types: Vec<String> = c
        .event_types()
        .iter()
        .map(|(n, _)| string_literal(n))
        .collect();
    let live: Vec<_> = c.events.iter().filter(|e| e.payload.is_some()).collect();
    let events: Vec<EventCx> = live
        .iter()
        .map(|e| {
            let literal = string_literal(&e.event_type);
            let wrapped = match (&c.envelope, &f.schema_version) {
                (Some(_), Some(_)) => {
                    format!("Envelope<{}, {literal}, {}>", e.type_name, e.version)
                }
                (Some(_), None) => format!("Envelope<{}, {literal}>", e.type_name),
                (None, _) => format!(
                    "{} & {{ {}: {literal} }}",
                    e.type_name,
                    syntax::property_key(&f.event_type)
                ),
            };
            let mut doc = format!("`{}` version {}", e.event_type, e.version);
            if let Some(d) = &e.description {
                doc.push_str(": ");
                doc.push_str(&syntax::comment_text(&d.replace('\n', " ")));
            }
            EventCx {
                alias: format!("{}Event", e.type_name),
                wrapped,
                doc,
                deprecated: (e.status == Status::Deprecated).then(|| {
                    format!(
                        "{} v{} is deprecated; publish a newer version.",
                        e.event_type, e.version
                    )
                }),
            }
        })
        .collect();
    let mut payload_map: BTreeMap<usize, GroupCx> = BTreeMap::new();
    let mut judges: BTreeMap<usize, GroupCx> = BTreeMap::new();
    let order: Vec<&str> = c.event_types().iter().map(|(n, _)| *n).collect();
    for e in &c.events {
        let slot = order.iter().position(|n| *n == e.event_type).unwrap_or(0);
        let group = |m: &mut BTreeMap<usize, GroupCx>| {
            m.entry(slot).or_insert_with(|| GroupCx {
                literal: string_literal(&e.event_type),
                versions: Vec::new(),
            });
        };
        group(&mut judges);
        let judge = match &e.payload {
            Some(p) => p.judge.to_string(),
            None => "\"retired\"".to_owned(),
        };
        judges
            .get_mut(&slot)
            .expect("inserted")
            .versions
            .push(VersionCx {
                version: e.version,
                type_name: e.type_name.clone(),
                judge,
            });
        if e.payload.is_some() {
            group(&mut payload_map);
            payload_map
                .get_mut(&slot)
                .expect("inserted")
                .versions
                .push(VersionCx {
                    version: e.version,
                    type_name: e.type_name.clone(),
                    judge: String::new(),
                });
        }
    }
    let mut imports: Vec<String> = live.iter().map(|e| e.type_name.clone()).collect();
    if c.envelope.is_some() {
        imports.push("Envelope".to_owned());
    }
    imports.sort();
    imports.dedup();
    context! {
        header => header,
        package => c.package.name,
        version => c.package.version,
        imports => imports,
        event_types_union => union_of(&event_types),
        any_event_union => union_of(&events.iter().map(|e| e.alias.clone()).collect::<Vec<_>>()),
        event_types => event_types,
        type_field => string_literal(&f.event_type),
        version_field => f.schema_version.as_deref().map_or("null".to_owned(), string_literal),
        events => events,
        envelope => c.envelope.is_some(),
        versioned => f.schema_version.is_some(),
        builder_omit => std::iter::once(&f.event_type)
            .chain(f.schema_version.iter())
            .chain(std::iter::once(&f.payload))
            .map(|n| string_literal(n))
            .collect::<Vec<_>>()
            .join(" | "),
        type_key => syntax::property_key(&f.event_type),
        type_literal_key => string_literal(&f.event_type),
        version_key => f.schema_version.as_deref().map(syntax::property_key).unwrap_or_default(),
        payload_key => syntax::property_key(&f.payload),
        payload_map => payload_map.into_values().collect::<Vec<_>>(),
        judges => judges.into_values().collect::<Vec<_>>(),
    }
}

fn union_of(members: &[String]) -> String {
    if members.is_empty() {
        "never".to_owned()
    } else {
        members.join(" | ")
    }
}

/// Formats TypeScript with dprint, configured as prettier lays code out.
/// Declarations of `types.ts` per call of the formatter (see `emit`).
const DECLS_PER_FORMAT: usize = 64;

fn format_ts(text: &str) -> String {
    use dprint_plugin_typescript::configuration::{
        ConfigurationBuilder, QuoteStyle, TrailingCommas,
    };
    let config = ConfigurationBuilder::new()
        .line_width(80)
        .indent_width(2)
        .quote_style(QuoteStyle::PreferDouble)
        .trailing_commas(TrailingCommas::OnlyMultiLine)
        .build();
    let options = dprint_plugin_typescript::FormatTextOptions {
        path: std::path::Path::new("generated.ts"),
        extension: None,
        text: text.to_owned(),
        config: &config,
        external_formatter: None,
    };
    let formatted = match dprint_plugin_typescript::format_text(options) {
        Ok(Some(formatted)) => formatted,
        Ok(None) => text.to_owned(),
        Err(e) => panic!("generated TypeScript does not parse: {e}\n{text}"),
    };
    join_short_alias_unions(&formatted)
}

/// prettier puts a type alias's union on the line after `=` when it fits
/// there, where dprint always writes one member per line; this is the one
/// layout of our output where the two differ.
fn join_short_alias_unions(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let is_alias = line.trim_start().starts_with("export type ") && line.ends_with(" =");
        if is_alias {
            let members: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| l.starts_with("  | "))
                .map(|l| &l[4..])
                .collect();
            let n = members.len();
            if n > 1 && members[n - 1].ends_with(';') && members.iter().all(|m| !m.contains("//")) {
                let joined = format!("  {}", members.join(" | "));
                if joined.chars().count() <= 80 {
                    out.push(line.to_owned());
                    out.push(joined);
                    i += 1 + n;
                    continue;
                }
            }
        }
        out.push(line.to_owned());
        i += 1;
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}
