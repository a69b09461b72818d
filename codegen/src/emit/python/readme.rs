//! The Python package's README code (run and type-checked by the tests).

use super::syntax::triple_quoted;
use crate::emit::docs::readme::{example_json, pretty, produce_parts, Sections};
use crate::model::Contracts;

pub fn sections(c: &Contracts, module: &str) -> Sections {
    Sections {
        title: "Python package",
        install: install(c),
        consume: consume(c, module),
        produce: produce(c, module),
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

fn produce(c: &Contracts, module: &str) -> Option<String> {
    let (e, fields, payload) = produce_parts(c)?;
    let (imports, fields_line, call) = match &fields {
        Some(f) => (
            "EnvelopeFields, build_event, dump_event, validate_event",
            format!(
                "fields = EnvelopeFields.model_validate_json({})\n",
                triple_quoted(&pretty(f))
            ),
            "build_event(payload, fields)",
        ),
        None => (
            "build_event, dump_event, validate_event",
            String::new(),
            "build_event(payload)",
        ),
    };
    Some(format!(
        "`build_event` takes the event type and version from the payload's class (`{ty}.EVENT_TYPE`,\n`{ty}.SCHEMA_VERSION`); mypy checks the payload's type:\n\n```python\nfrom {module} import {ty}, {imports}\n\n{fields_line}payload = {ty}.model_validate_json({payload})\nevent = {call}\nvalidate_event(event)  # patterns, bounds, formats: what types cannot say\nprint(dump_event(event))\n```\n\nOne rule for a model's input: `{ty}.model_validate(data)` gives the schema's verdict on the JSON\n`data` stands for (a `datetime` as its RFC 3339 text, a model as its dump); a model built with\nkeywords (`{ty}(...)`), and `build_event`, check the types and the bounds pydantic shares with\nJSON Schema, and `validate_event` checks the rest.\n",
        ty = e.type_name,
        payload = triple_quoted(&pretty(&payload)),
    ))
}
