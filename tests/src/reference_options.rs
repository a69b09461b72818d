//! How the reference validator is configured: draft 2020-12, SPEC's format
//! decisions, `$ref`s resolved among the contract files.
//!
//! Also compiled into `benches/validation` (by `#[path]`): the generic
//! validator it times must judge exactly as the reference does, and that
//! crate cannot depend on `tests` (a release build of it would build the
//! generator too).

use std::collections::HashMap;

use serde_json::Value;

/// The formats of draft 2020-12 that SPEC leaves as annotations.
pub const ANNOTATION_FORMATS: &[&str] = &[
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// The reference's options; `resources` are the contract files by URI
/// (`$id` or path), for the judges' `$ref`s.
pub fn reference_options(
    resources: HashMap<String, Value>,
) -> jsonschema::ValidationOptions<'static> {
    let mut options = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_retriever(Retriever(resources));
    // SPEC: date-time, date and uuid are asserted; every other format is an
    // annotation, as draft 2020-12 has it by default.
    for format in ANNOTATION_FORMATS {
        options = options.with_format(*format, |_: &str| true);
    }
    options
}

struct Retriever(HashMap<String, Value>);

impl jsonschema::Retrieve for Retriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let key = uri.as_str().split('#').next().unwrap_or_default();
        self.0
            .get(key)
            .cloned()
            .ok_or_else(|| format!("no schema at {key}").into())
    }
}
