//! The Rust crate's README code: doctests of the crate, so `cargo test`
//! compiles and runs them.

use std::collections::BTreeSet;

use super::example::Types;
use crate::emit::docs::readme::{example_json, produce_parts, Sections};
use crate::model::Contracts;

/// `builder`: the crate has `EnvelopeFields` and `Envelope::new`.
pub fn sections(c: &Contracts, types: &Types, builder: bool) -> Sections {
    Sections {
        title: "Rust crate",
        install: install(c),
        consume: consume(c),
        produce: produce(c, types).filter(|_| builder),
    }
}

/// A raw string literal that holds `text` whatever it contains.
pub(super) fn raw_string(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

fn install(c: &Contracts) -> String {
    format!(
        "Depend on the generated crate by path (or publish it to your registry):\n\n```toml\n[dependencies]\n{} = {{ path = \"generated/rust\" }}\n```\n",
        c.package.name
    )
}

fn consume(c: &Contracts) -> String {
    let krate = c.package.name.replace('-', "_");
    let (json, arm, run) = match example_json(c) {
        Some((e, json)) => (
            json,
            format!(
                "    AnyEvent::{}(event) => println!(\"{{:?}}\", event),\n",
                e.type_name
            ),
            "",
        ),
        None => ("{}".to_owned(), String::new(), " no_run"),
    };
    format!(
        "```rust{run}\nuse {krate}::{{dump_event, parse_event, AnyEvent}};\n\nlet json = {};\nlet event = parse_event(json)?; // EventError says where and why\n#[allow(unreachable_patterns)]\nmatch &event {{\n{arm}    other => println!(\"{{}}\", other.event_type()),\n}}\nlet written = dump_event(&event);\nassert_eq!(parse_event(&written)?.event_type(), event.event_type());\n# Ok::<(), {krate}::EventError>(())\n```\n",
        raw_string(&json)
    )
}

fn produce(c: &Contracts, types: &Types) -> Option<String> {
    let krate = c.package.name.replace('-', "_");
    let (e, fields, payload) = produce_parts(c)?;
    let ty = &e.type_name;
    let (payload_expr, mut uses) = types.build(ty, &payload);
    // Read from JSON, the payload is typed by its declaration.
    let ty_ident = quote::format_ident!("{ty}");
    let payload_ty =
        (!payload_expr.to_string().starts_with(ty.as_str())).then(|| quote::quote!(: #ty_ident));
    let mut root: BTreeSet<String> = ["dump_event", "validate_event", "AnyEvent", ty]
        .map(str::to_owned)
        .into();
    let (statements, event, intro) = match &fields {
        Some(fields) => {
            let (fields_expr, fields_uses) = types.build("EnvelopeFields", fields);
            uses.extend(fields_uses);
            uses.insert("envelope::EnvelopeFields".to_owned());
            root.insert("Envelope".to_owned());
            (
                quote::quote! {
                    let fields = #fields_expr;
                    let payload #payload_ty = #payload_expr;
                },
                "Envelope::new(fields, payload).into()",
                format!("Build the payload and the envelope's other fields as values of their types; the event type and\nversion come from the payload's type (`{ty}::EVENT_TYPE`, `{ty}::SCHEMA_VERSION`)"),
            )
        }
        None => (
            quote::quote! { let payload #payload_ty = #payload_expr; },
            "payload.into()",
            format!("Events travel bare: build the payload as a value of its type, which fills in its event type\n(`{ty}::EVENT_TYPE`)"),
        ),
    };
    // A type of the crate root joins its `use`; the rest are named by module.
    for path in std::mem::take(&mut uses) {
        match path.strip_prefix("::") {
            Some(name) => root.insert(name.to_owned()),
            None => uses.insert(path),
        };
    }
    let fields_name = super::fixups::fields_name(ty);
    let fills = root.contains(&fields_name);
    // As rustfmt orders a `use` list: functions before types.
    let (functions, names): (Vec<String>, Vec<String>) = root
        .into_iter()
        .partition(|n| n.starts_with(char::is_lowercase));
    let root = [functions, names].concat().join(", ");
    let uses: String = uses
        .iter()
        .map(|path| format!("use {krate}::{path};\n"))
        .collect();
    let note = if fills {
        format!(".\n`{fields_name}` leaves out what the schema fixes, and `From` fills it in")
    } else {
        String::new()
    };
    let body = block(statements);
    Some(format!(
        "{intro}{note}:\n\n```rust\n{uses}use {krate}::{{{root}}};\n\n{body}let event: AnyEvent = {event};\nvalidate_event(&event)?; // patterns, bounds, formats: what types cannot say\nlet json = dump_event(&event);\n# let _ = json;\n# Ok::<(), Box<dyn std::error::Error>>(())\n```\n",
    ))
}

/// Statements laid out by prettyplease, as they read at a block's top level.
fn block(statements: proc_macro2::TokenStream) -> String {
    let file: syn::File = syn::parse_quote! {
        fn example() -> Result<(), Box<dyn std::error::Error>> {
            #statements
            Ok(())
        }
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    // The lines between the signature and `Ok(())`, one level out.
    lines[1..lines.len().saturating_sub(2)]
        .iter()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect()
}
