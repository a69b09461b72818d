//! The Python package's README code (run and type-checked by the tests).

use super::example::Types;
use super::syntax::{import_from, triple_quoted};
use crate::emit::docs::readme::{example_json, pretty, produce_parts, Sections};
use crate::model::Contracts;
use crate::naming;

pub fn sections(c: &Contracts, module: &str, types: &Types) -> Sections {
    Sections {
        title: "Python package",
        install: install(c),
        consume: consume(c, module),
        produce: produce(c, module, types),
    }
}

fn install(c: &Contracts) -> String {
    format!(
        "```sh\npip install ./generated/python   # the distribution `{}`\n```\n",
        c.package.name.replace('-', "_")
    )
}

fn consume(c: &Contracts, module: &str) -> String {
    let (json, check) = match example_json(c) {
        Some((e, json)) => (
            json,
            format!("    assert isinstance(event, {}Event)\n", e.type_name),
        ),
        None => ("{}".to_owned(), String::new()),
    };
    let class_import = example_json(c)
        .map(|(e, _)| format!(", {}Event", e.type_name))
        .unwrap_or_default();
    format!(
        "```python\nfrom {module} import EventValidationError, dump_event, parse_event{class_import}\n\ndata = {}\n\ntry:\n    event = parse_event(data)  # str or bytes\n{check}    print(dump_event(event))\nexcept EventValidationError as error:  # a ValueError\n    print(error.kind, error.violations)\n```\n",
        triple_quoted(&json)
    )
}

fn produce(c: &Contracts, module: &str, types: &Types) -> Option<String> {
    let (e, fields, payload) = produce_parts(c)?;
    let ty = naming::python_type_name(&e.type_name);
    let typed_fields = match &fields {
        Some(f) => Some(Some(types.build("fields = ", "EnvelopeFields", f)?)),
        None => Some(None),
    };
    let typed = typed_fields.and_then(|f| Some((f, types.build("payload = ", &ty, &payload)?)));
    let mut names: Vec<String> = ["build_event", "dump_event", "validate_event"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    names.push(ty.clone());
    if fields.is_some() {
        names.push("EnvelopeFields".to_owned());
    }
    let call = if fields.is_some() {
        "build_event(payload, fields)"
    } else {
        "build_event(payload)"
    };
    let (imports, body) = match typed {
        Some((typed_fields, typed_payload)) => {
            names.extend(types.used.borrow().iter().cloned());
            names.sort();
            names.dedup();
            let mut imports = String::new();
            let std: Vec<String> = types
                .datetime
                .borrow()
                .iter()
                .map(|s| s.to_string())
                .collect();
            if !std.is_empty() {
                imports.push_str(&format!("{}\n\n", import_from("datetime", &std)));
            }
            imports.push_str(&import_from(module, &names));
            let fields_line = typed_fields.map(|f| format!("{f}\n")).unwrap_or_default();
            (imports, format!("{fields_line}{typed_payload}\n"))
        }
        None => {
            let fields_line = fields
                .map(|f| {
                    format!(
                        "fields = EnvelopeFields.model_validate_json({})\n",
                        triple_quoted(&pretty(&f))
                    )
                })
                .unwrap_or_default();
            (
                import_from(module, &names),
                format!(
                    "{fields_line}payload = {ty}.model_validate_json({})\n",
                    triple_quoted(&pretty(&payload))
                ),
            )
        }
    };
    Some(format!(
        "`build_event` takes the event type and version from the payload's class (`{ty}.EVENT_TYPE`,\n`{ty}.SCHEMA_VERSION`); mypy checks the payload's type:\n\n```python\n{imports}\n\n{body}event = {call}\nvalidate_event(event)  # patterns, bounds, formats: what types cannot say\nprint(dump_event(event))\n```\n\nOne rule for a model's input: `{ty}.model_validate(data)` gives the schema's verdict on the JSON\n`data` stands for (a `datetime` as its RFC 3339 text, a model as its dump); a model built with\nkeywords (`{ty}(...)`), and `build_event`, check the types and the bounds pydantic shares with\nJSON Schema, and `validate_event` checks the rest.\n",
    ))
}
