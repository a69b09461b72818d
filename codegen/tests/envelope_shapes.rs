//! An envelope is a struct generic over its payload whatever its fields
//! are: typify refused some field shapes (random contracts found them), and
//! an envelope kept as plain JSON left `Envelope<P>` undeclared, so the
//! generated crate did not compile.

use codegen::Header;
use serde_json::json;

fn generate(envelope: serde_json::Value) -> codegen::Output {
    let dir = tempfile::tempdir().unwrap();
    let registry = json!({
        "format": 1,
        "package": { "name": "envelope-shapes", "version": "0.1.0" },
        "envelope": {
            "schema": "envelope.json",
            "event_type_field": "eventType",
            "schema_version_field": "schemaVersion",
            "payload_field": "data"
        },
        "event_types": [{ "event_type": "a.happened", "payload_schema": "a.json" }]
    });
    let payload = json!({ "type": "object", "properties": { "n": { "type": "integer" } } });
    for (name, value) in [
        ("registry.json", registry),
        ("envelope.json", envelope),
        ("a.json", payload),
    ] {
        std::fs::write(dir.path().join(name), value.to_string()).unwrap();
    }
    let header = Header {
        contracts: "envelope-shapes".into(),
    };
    codegen::generate(dir.path(), &header)
        .expect("the contracts are valid")
        .0
}

fn envelope_with(field: serde_json::Value) -> String {
    let envelope = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "eventType": { "type": "string" },
            "schemaVersion": { "type": "integer", "minimum": 1 },
            "data": {},
            "awkward": field
        },
        "required": ["eventType", "schemaVersion", "data"]
    });
    let out = generate(envelope);
    out.files["rust/src/envelope.rs"].clone()
}

#[test]
fn an_envelope_with_awkward_fields_is_still_generic_over_its_payload() {
    for field in [
        // A format with no type (seed 12 batch 4): any value, a string a date-time.
        json!({ "format": "date-time" }),
        // A list of types with keywords of each.
        json!({
            "type": ["object", "array"],
            "properties": { "id": { "type": "integer" } },
            "items": { "type": "string" },
            "maxItems": 3
        }),
        // Alternatives of one shape (typify cannot name two variants alike).
        json!({ "anyOf": [{ "type": "null" }, { "const": null }] }),
        json!({ "oneOf": [{ "type": "string", "minLength": 3 }, { "type": "string", "pattern": "^a" }] }),
        // String enum values typify spells alike (it panics on them).
        json!({ "enum": ["a b", "a_b", "a-b"] }),
    ] {
        let rust = envelope_with(field.clone());
        assert!(
            rust.contains("pub struct Envelope<P>") && !rust.contains("Kept as JSON"),
            "{field}: the envelope is not generic:\n{rust}"
        );
    }
}
