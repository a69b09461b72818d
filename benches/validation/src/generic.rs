//! The generic validator a Rust consumer would otherwise call: the message
//! parsed into a `serde_json::Value`, its event type and version looked up,
//! and that event's schema checked by the `jsonschema` crate, every schema
//! compiled once up front.
//!
//! The schemas are the reference's own judges (`schemas.json`, written by
//! `tests`' `bench_documents`), built with the reference's own options
//! (`tests/src/reference_options.rs`, compiled in here).

use std::collections::HashMap;

use serde_json::Value;

#[path = "../../../tests/src/reference_options.rs"]
mod reference_options;

use reference_options::reference_options;

/// One compiled validator per live `(event_type, schema_version)`.
pub struct Generic {
    type_field: String,
    version_field: Option<String>,
    validators: HashMap<(String, Option<u64>), jsonschema::Validator>,
}

impl Generic {
    /// Compiles every judge of `schemas.json`.
    pub fn build(schemas: &Value) -> Result<Generic, String> {
        let text = |key: &str| schemas[key].as_str().map(str::to_owned);
        let type_field = text("event_type_field").ok_or("schemas.json: no event_type_field")?;
        let version_field = text("schema_version_field");
        let resources: HashMap<String, Value> = schemas["resources"]
            .as_object()
            .ok_or("schemas.json: no resources")?
            .iter()
            .map(|(uri, doc)| (uri.clone(), doc.clone()))
            .collect();
        let mut validators = HashMap::new();
        for event in schemas["events"]
            .as_array()
            .ok_or("schemas.json: no events")?
        {
            let name = event["event_type"].as_str().unwrap_or_default().to_owned();
            let version = event["schema_version"].as_u64();
            let validator = reference_options(resources.clone())
                .build(&event["judge"])
                .map_err(|e| format!("{name} v{version:?}: {e}"))?;
            let key = version_field.as_ref().map(|_| version);
            validators.insert((name, key.flatten()), validator);
        }
        Ok(Generic {
            type_field,
            version_field,
            validators,
        })
    }

    /// Parses `message` and checks it against its event's schema; an
    /// unknown or retired event type or version is invalid.
    pub fn accepts(&self, message: &str) -> bool {
        let Ok(doc) = serde_json::from_str::<Value>(message) else {
            return false;
        };
        let Some(name) = doc.get(&self.type_field).and_then(Value::as_str) else {
            return false;
        };
        let version = match &self.version_field {
            Some(field) => match doc.get(field).and_then(as_integer) {
                Some(v) => Some(v),
                None => return false,
            },
            None => None,
        };
        // The key is borrowed as an owned pair: one small allocation per
        // message, as a user's map lookup would make.
        self.validators
            .get(&(name.to_owned(), version))
            .is_some_and(|v| v.is_valid(&doc))
    }
}

/// A JSON integer, `1.0` included (JSON Schema counts it as one).
fn as_integer(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
            .map(|f| f as u64)
    })
}
