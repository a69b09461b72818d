//! The Rust crate's README code: doctests of the crate, so `cargo test`
//! compiles and runs them.

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
    let mut fields = fields?; // bare events are their payload: see the consume example
                              // What the envelope fixes, `Envelope::new` fills in.
    if let (Some(env), Some(members)) = (&c.envelope, fields.as_object_mut()) {
        let root = c.node(c.schemas.resolve(env.root));
        for (wire, id) in &root.properties {
            if root.required.contains(wire) && c.fixed_value(*id) == members.get(wire) {
                members.remove(wire);
            }
        }
    }
    let ty = &e.type_name;
    let (fields_expr, mut uses) = types.build("EnvelopeFields", &fields);
    let (payload_expr, payload_uses) = types.build(ty, &payload);
    uses.extend(payload_uses);
    uses.remove("envelope::EnvelopeFields");
    // The payload type (and nothing else) is named from the crate root.
    uses.retain(|path| !path.starts_with("::"));
    let body = block(quote::quote! {
        let fields = #fields_expr;
        let payload = #payload_expr;
    });
    let uses: String = uses
        .iter()
        .map(|path| format!("use {krate}::{path};\n"))
        .collect();
    Some(format!(
        "Build the payload and the envelope's other fields as values of their types; the event type and\nversion come from the payload's type (`{ty}::EVENT_TYPE`, `{ty}::SCHEMA_VERSION`):\n\n```rust\nuse {krate}::envelope::EnvelopeFields;\nuse {krate}::{{dump_event, validate_event, AnyEvent, Envelope, {ty}}};\n{uses}\n{body}let event: AnyEvent = Envelope::new(fields, payload).into();\nvalidate_event(&event)?; // patterns, bounds, formats: what types cannot say\nlet json = dump_event(&event);\n# let _ = json;\n# Ok::<(), Box<dyn std::error::Error>>(())\n```\n",
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
