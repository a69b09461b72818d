//! The TypeScript package's README code (type-checked by the tests).

use super::syntax::member_access;
use crate::emit::docs::readme::{example_json, pretty, produce_parts, Sections};
use crate::model::Contracts;

pub fn sections(c: &Contracts) -> Sections {
    Sections {
        title: "TypeScript package",
        install: install(c),
        consume: consume(c),
        produce: produce(c),
    }
}

fn install(c: &Contracts) -> String {
    format!(
        "Build it once (`npm install && npm run build` here), then depend on it, for example with `npm install ./generated/typescript`:\n\n```json\n{{ \"dependencies\": {{ \"{}\": \"file:generated/typescript\" }} }}\n```\n",
        c.package.name
    )
}

fn consume(c: &Contracts) -> String {
    let f = &c.fields;
    let (json, case) = match example_json(c) {
        Some((e, json)) => {
            let shown = if c.envelope.is_some() {
                format!("event{}", member_access(&f.payload))
            } else {
                "event".to_owned()
            };
            let literal = serde_json::to_string(&e.event_type).expect("serializes");
            (json, format!("    case {literal}:\n      console.log({shown}); // narrowed to this event's type\n      break;\n"))
        }
        None => ("{}".to_owned(), String::new()),
    };
    // In an object literal `__proto__` sets the prototype: keep such JSON a string.
    let value = if json.contains("__proto__") {
        serde_json::to_string(&json).expect("serializes")
    } else {
        format!("JSON.stringify({json})")
    };
    format!(
        "```ts\nimport {{ dumpEvent, EventValidationError, parseEvent, type AnyEvent }} from \"{}\";\n\nconst json = {value};\ntry {{\n  const event: AnyEvent = parseEvent(json);\n  switch (event{}) {{\n{case}    default:\n      break;\n  }}\n  console.log(dumpEvent(event));\n}} catch (e) {{\n  if (e instanceof EventValidationError) console.error(e.kind, e.violations);\n  else throw e;\n}}\n```\n\nA body your framework already parsed goes to `parseEventValue(value)`: the same verdict, without\nwriting it back to text first.\n",
        c.package.name,
        member_access(&f.event_type),
    )
}

fn produce(c: &Contracts) -> Option<String> {
    let (e, fields, payload) = produce_parts(c)?;
    let literal = serde_json::to_string(&e.event_type).ok()?;
    let (imports, call) = match (&fields, &c.fields.schema_version) {
        (Some(_), Some(_)) => (
            "buildEvent, dumpEvent, validateEvent, type EnvelopeFields",
            format!("buildEvent({literal}, {}, fields, payload)", e.version),
        ),
        (Some(_), None) => (
            "buildEvent, dumpEvent, validateEvent, type EnvelopeFields",
            format!("buildEvent({literal}, fields, payload)"),
        ),
        (None, _) => (
            "buildEvent, dumpEvent, validateEvent",
            format!("buildEvent({literal}, payload)"),
        ),
    };
    let payload = pretty(&payload);
    let fields_decl = fields
        .map(|f| format!("const fields: EnvelopeFields = {};\n", pretty(&f)))
        .unwrap_or_default();
    Some(format!(
        "`buildEvent` checks at compile time that the payload belongs to the event type{}:\n\n```ts\nimport {{ {imports}, type {ty} }} from \"{name}\";\n\n{fields_decl}const payload: {ty} = {payload};\nconst event = {call};\nvalidateEvent(event); // patterns, bounds, formats: what types cannot say\nconsole.log(dumpEvent(event));\n```\n",
        if c.fields.schema_version.is_some() { " and version" } else { "" },
        ty = e.type_name,
        name = c.package.name,
    ))
}
