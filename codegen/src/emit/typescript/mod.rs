//! The TypeScript package: types from the model, the event API from a
//! minijinja template, the checks of every type (`validate.rs`). Code
//! is written in prettier's layout as it is built (`layout.rs`), so the
//! package passes `prettier --check` with no formatter in the build.

mod fills;
mod layout;
mod readme;
mod syntax;
mod types;
mod validate;

use std::collections::HashMap;

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
const PACKAGE_JSON: &str = include_str!("../../../../templates/typescript/package.json.j2");
const PACKAGE_LOCK: &str = include_str!("../../../../templates/typescript/package-lock.json.j2");
const TSCONFIG: &str = include_str!("../../../../templates/typescript/tsconfig.json");

fn environment() -> Environment<'static> {
    super::templates(&[
        ("index.ts", INDEX),
        ("package.json", PACKAGE_JSON),
        ("package-lock.json", PACKAGE_LOCK),
    ])
}

/// The module comment of `types.ts`.
const TYPES_DOC: &str = "/**
 * The payload and envelope types. They describe shapes; `parseEvent` and
 * `validateEvent` enforce every constraint of the schemas.
 *
 * @module
 */
";

#[derive(Serialize)]
struct EventCx {
    /// `export type …Event = …;`, laid out.
    declaration: String,
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

pub fn emit(c: &Contracts, header: &Header, plan: &crate::checks::Plan, out: &mut Output) {
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
    out.add(
        format!("{dir}/src/validate.ts"),
        validate::module(c, plan, &comment),
    );

    let decls = declarations(c);
    // Each declaration is laid out on its own, on every core.
    let printed = crate::parallel::map(&decls, |d| layout::print(&types::declaration(d)));
    let mut types_ts = format!("{comment}{TYPES_DOC}");
    for p in printed {
        types_ts.push('\n');
        types_ts.push_str(&p);
        types_ts.push('\n');
    }
    out.add(format!("{dir}/src/types.ts"), types_ts);

    let readme = crate::emit::docs::readme::render(c, header, &readme::sections(c));
    out.add(format!("{dir}/README.md"), readme);
    let index_ts = render("index.ts", index_context(c, &comment));
    out.add(format!("{dir}/src/index.ts"), index_ts);
}

fn declarations(c: &Contracts) -> Vec<types::Decl> {
    let f = &c.fields;
    let envelope_root = c.envelope.as_ref().map(|e| c.schemas.resolve(e.root));
    let mut decls = Vec::new();
    for (id, name) in c.named_types() {
        if Some(id) == envelope_root {
            let mut overrides = vec![(f.payload.as_str(), "P"), (f.event_type.as_str(), "T")];
            let mut params = vec![
                "P = unknown".to_owned(),
                "T extends string = string".to_owned(),
            ];
            if let Some(v) = &f.schema_version {
                overrides.push((v.as_str(), "V"));
                params.push("V extends number = number".to_owned());
            }
            decls.push(types::declare(c, id, name, params, &overrides));
        } else {
            let name = crate::naming::typescript_type_name(name);
            decls.push(types::declare(c, id, &name, Vec::new(), &[]));
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
            let note = format!("{}.", e.deprecation_note());
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
                params: Vec::new(),
                body: types::Body::Alias(types::expr(c, p.root)),
            });
        }
    }
    decls
}

fn index_context(c: &Contracts, header: &str) -> minijinja::Value {
    use layout::{concat, group, if_break, indent, join, line, print, print_at, softline, text};
    use types::Ty;

    let f = &c.fields;
    let literal = |s: &str| Ty::Literal(string_literal(s));
    let event_types: Vec<Ty> = c.event_types().iter().map(|(n, _)| literal(n)).collect();
    let live: Vec<_> = c.events.iter().filter(|e| e.payload.is_some()).collect();
    let type_key = syntax::property_key(&f.event_type);
    let events: Vec<EventCx> = live
        .iter()
        .map(|e| {
            let name = Ty::Name(e.type_name.clone());
            let wrapped = match (&c.envelope, &f.schema_version) {
                (Some(_), Some(_)) => Ty::Generic(
                    "Envelope".to_owned(),
                    vec![
                        name,
                        literal(&e.event_type),
                        Ty::Literal(e.version.to_string()),
                    ],
                ),
                (Some(_), None) => {
                    Ty::Generic("Envelope".to_owned(), vec![name, literal(&e.event_type)])
                }
                (None, _) => types::intersection(vec![
                    name,
                    Ty::Object(vec![types::Member {
                        key: type_key.clone(),
                        optional: false,
                        ty: literal(&e.event_type),
                    }]),
                ]),
            };
            let alias = format!("{}Event", e.type_name);
            let mut doc = format!("`{}` version {}", e.event_type, e.version);
            if let Some(d) = &e.description {
                doc.push_str(": ");
                doc.push_str(&syntax::comment_text(&d.replace('\n', " ")));
            }
            EventCx {
                declaration: print(&types::alias("export ", &alias, &[], &wrapped)),
                doc,
                deprecated: (e.status == Status::Deprecated)
                    .then(|| format!("{}.", e.deprecation_note())),
            }
        })
        .collect();
    let any_event = types::union(
        live.iter()
            .map(|e| Ty::Name(format!("{}Event", e.type_name)))
            .collect(),
    );
    let comma_line = || concat(vec![text(","), line()]);
    // `[a, b]`, or one element per line with a trailing comma.
    let list = |open: &str, items: Vec<String>, close: &str| {
        if items.is_empty() {
            return text(format!("{open}{close}"));
        }
        let (outer, inner) = if open == "[" {
            (softline(), softline())
        } else {
            (line(), line())
        };
        group(concat(vec![
            text(open),
            indent(concat(vec![
                inner,
                join(&comma_line(), items.into_iter().map(text).collect()),
            ])),
            if_break(text(","), text("")),
            outer,
            text(close),
        ]))
    };
    let event_type_list: Vec<String> = c
        .event_types()
        .iter()
        .map(|(n, _)| string_literal(n))
        .collect();
    // A string on the line of its `=`, or on the next.
    let string_constant = |left: &str, value: Option<&str>| match value {
        Some(v) => print(&concat(vec![
            group(concat(vec![
                text(left),
                text(" ="),
                group(indent(concat(vec![line(), text(string_literal(v))]))),
            ])),
            text(";"),
        ])),
        None => print(&types::assignment(text(left), text("null"), false)),
    };
    // `Extract<AnyEvent, { type: T; version: V }>`: the event of one type.
    let mut selected = vec![types::Member {
        key: type_key.clone(),
        optional: false,
        ty: Ty::Name("T".to_owned()),
    }];
    if let (Some(v), Some(_)) = (&f.schema_version, &c.envelope) {
        selected.push(types::Member {
            key: syntax::property_key(v),
            optional: false,
            ty: Ty::Name("V".to_owned()),
        });
    }
    let extract = types::argument(&Ty::Generic(
        "Extract".to_owned(),
        vec![Ty::Name("AnyEvent".to_owned()), Ty::Object(selected)],
    ));
    let fills = fills::Fills::new(c);
    let table = fills.table_decl();
    let mut fields = Vec::new();
    if c.envelope.is_some() {
        fields.push("...fields".to_owned());
        fields.extend(fills.envelope_members());
    } else {
        fields.push("...payload".to_owned());
        if table.is_some() {
            fields.push("...FIXED[eventType]".to_owned());
        }
    }
    fields.push(format!("{type_key}: eventType"));
    if c.envelope.is_some() {
        if let Some(v) = &f.schema_version {
            fields.push(format!("{}: version", syntax::property_key(v)));
        }
        let key = syntax::property_key(&f.payload);
        fields.push(match &table {
            Some(_) => format!("{key}: filled"),
            None => format!("{key}: payload"),
        });
    }
    // The fixed values of this event's payload, spread over the producer's.
    let fixed = match (&table, &c.envelope, &f.schema_version) {
        (Some(_), Some(_), Some(_)) => Some("FIXED[eventType]?.[version as number]"),
        (Some(_), Some(_), None) => Some("FIXED[eventType]"),
        _ => None,
    }
    .map(|values| {
        format!("  const fixed = {values};\n  const filled = fixed === undefined ? payload : {{ ...payload, ...fixed }};")
    });
    let builder_omit = types::union(
        std::iter::once(f.event_type.as_str())
            .chain(f.schema_version.as_deref())
            .chain(std::iter::once(f.payload.as_str()))
            .chain(fills.envelope.iter().map(|(wire, _)| *wire))
            .map(literal)
            .collect(),
    );
    let inputs = if fills.any() {
        "EventInputs"
    } else {
        "EventPayloads"
    };
    let mut imports: Vec<String> = live.iter().map(|e| e.type_name.clone()).collect();
    if c.envelope.is_some() {
        imports.push("Envelope".to_owned());
    }
    imports.sort();
    imports.dedup();
    // A deprecated version is built through an overload of its own marked
    // `@deprecated`, so an editor strikes the call through at its site.
    let deprecated_builders: Vec<String> = live
        .iter()
        .filter(|e| e.status == Status::Deprecated)
        .map(|e| {
            let mut params = vec![concat(vec![
                text("eventType: "),
                types::argument(&literal(&e.event_type)),
            ])];
            if c.envelope.is_some() {
                if f.schema_version.is_some() {
                    params.push(text(format!("version: {}", e.version)));
                }
                params.push(text("fields: EnvelopeFields"));
            }
            params.push(concat(vec![
                text("payload: "),
                types::argument(&fills.input(e)),
            ]));
            let signature = group(concat(vec![
                text("export function buildEvent("),
                indent(concat(vec![softline(), join(&comma_line(), params)])),
                if_break(text(","), text("")),
                softline(),
                text(format!("): {}Event;", e.type_name)),
            ]));
            format!(
                "/**\n * Builds a `{}` version {} event.\n *\n * @deprecated {}.\n */\n{}",
                e.event_type,
                e.version,
                e.deprecation_note(),
                print(&signature)
            )
        })
        .collect();
    let build = BuildCx {
        declared: print(&concat(vec![text("): "), extract.clone(), text(";")])),
        returns: print(&concat(vec![text("): "), extract.clone(), text(" {")])),
        event: print_at(
            1,
            &types::assignment(text("const event"), list("{", fields, "}"), false),
        ),
        cast: print_at(
            1,
            &concat(vec![
                text("return event as unknown as "),
                extract,
                text(";"),
            ]),
        ),
        fixed,
    };
    // Per event type: every version's judge, and the live versions' types.
    let groups = c.events_by_type();
    let group = |versions: Vec<VersionCx>, event_type: &str| GroupCx {
        literal: string_literal(event_type),
        versions,
    };
    let judges: Vec<GroupCx> = groups
        .iter()
        .map(|(event_type, events)| {
            let versions = events.iter().map(|e| VersionCx {
                version: e.version,
                type_name: e.type_name.clone(),
                judge: match &e.payload {
                    Some(_) => format!("checks.{}", validate::judge_name(&e.type_name)),
                    None => "\"retired\"".to_owned(),
                },
            });
            group(versions.collect(), event_type)
        })
        .collect();
    let payload_map: Vec<GroupCx> = groups
        .iter()
        .filter(|(_, events)| events.iter().any(|e| e.payload.is_some()))
        .map(|(event_type, events)| {
            let live = events.iter().filter(|e| e.payload.is_some());
            let versions = live.map(|e| VersionCx {
                version: e.version,
                type_name: e.type_name.clone(),
                judge: String::new(),
            });
            group(versions.collect(), event_type)
        })
        .collect();
    context! {
        header => header,
        package => c.package.name,
        version => c.package.version,
        imports => print(&concat(vec![
            text("import type "),
            list("{", imports, "}"),
            text(" from \"./types.js\";"),
        ])),
        event_type_decl => print(&types::alias("export ", "EventType", &[], &types::union(event_types))),
        event_types_decl => print(&types::assignment(
            text("export const EVENT_TYPES: readonly EventType[]"),
            list("[", event_type_list, "]"),
            false,
        )),
        type_field_decl => string_constant("export const EVENT_TYPE_FIELD", Some(&f.event_type)),
        version_field_decl => string_constant(
            "export const SCHEMA_VERSION_FIELD: string | null",
            f.schema_version.as_deref(),
        ),
        events => events,
        any_event_decl => print(&types::alias("export ", "AnyEvent", &[], &any_event)),
        envelope => c.envelope.is_some(),
        versioned => f.schema_version.is_some(),
        envelope_fields_decl => print(&types::alias(
            "export ",
            "EnvelopeFields",
            &[],
            &Ty::Generic("Without".to_owned(), vec![Ty::Name("Envelope".to_owned()), builder_omit]),
        )),
        inputs => inputs,
        inputs_decl => fills.inputs_decl(),
        fixed_table => table,
        build_endings => if deprecated_builders.is_empty() {
            vec![build.returns.clone()]
        } else {
            vec![build.declared.clone(), build.returns.clone()]
        },
        build => build,
        deprecated_builders => deprecated_builders,
        payload_map => payload_map,
        judges => judges,
    }
}

/// The parts of `buildEvent` that depend on the field names.
#[derive(Serialize)]
struct BuildCx {
    /// `): Extract<…>;`: the generic overload, after the deprecated ones.
    declared: String,
    /// `): Extract<…> {`
    returns: String,
    /// `  const event = { … };`
    event: String,
    /// `  return event as unknown as Extract<…>;`
    cast: String,
    /// `  const fixed = FIXED[…];`, where a payload has values filled in.
    fixed: Option<String>,
}
