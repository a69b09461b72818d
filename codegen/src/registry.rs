//! The `registry.json` format (SPEC "The contracts directory").
//!
//! These types are the format: serde reads them with unknown keys refused, and
//! `schemars` derives the JSON Schema published for editors from them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{pointer_push, Diagnostics};

/// The file name of the registry inside a contracts directory.
pub const REGISTRY_FILE: &str = "registry.json";

/// An event-types registry: which events exist, in which versions, and where
/// their payload schemas are.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// Lets editors find this file's schema; ignored by the generator.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The registry format version; only 1 exists.
    pub format: u32,
    /// Names and versions the three generated packages.
    #[serde(default)]
    pub package: Package,
    /// The envelope around every payload; without `schema`, events travel bare.
    #[serde(default)]
    pub envelope: EnvelopeConfig,
    /// One entry per `(event_type, schema_version)`.
    pub event_types: Vec<EventTypeEntry>,
    /// Non-standard keywords the schemas use that carry no constraint (such
    /// as `tsAdditionalProperties`): each is read as an annotation. Keywords
    /// starting with `x-` are annotations without being listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotation_keywords: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Names the Rust crate, the npm package and the Python distribution.
    #[serde(default = "default_package_name")]
    pub name: String,
    /// The version of all three packages.
    #[serde(default = "default_package_version")]
    pub version: String,
}

impl Default for Package {
    fn default() -> Self {
        Package {
            name: default_package_name(),
            version: default_package_version(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeConfig {
    /// The envelope's JSON Schema, relative to the contracts directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The wire name of the field that names the event type.
    #[serde(default = "default_event_type_field")]
    pub event_type_field: String,
    /// The wire name of the field that carries the schema version, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version_field: Option<String>,
    /// The wire name of the field that carries the payload.
    #[serde(default = "default_payload_field")]
    pub payload_field: String,
}

impl Default for EnvelopeConfig {
    fn default() -> Self {
        EnvelopeConfig {
            schema: None,
            event_type_field: default_event_type_field(),
            schema_version_field: None,
            payload_field: default_payload_field(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventTypeEntry {
    /// Lowercase dotted name, such as `credit.locked`.
    pub event_type: String,
    /// Positive integer; 1 where left out.
    #[serde(default = "default_schema_version")]
    #[schemars(range(min = 1))]
    pub schema_version: u64,
    /// The payload's JSON Schema, relative to the contracts directory. Absent
    /// exactly when the version is retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscribers: Vec<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    /// Still accepted; generated code marks it deprecated.
    Deprecated,
    /// No longer accepted; kept so its version number is never reused.
    Retired,
}

fn default_package_name() -> String {
    "event-contracts".into()
}
fn default_package_version() -> String {
    "0.1.0".into()
}
fn default_event_type_field() -> String {
    "event_type".into()
}
fn default_payload_field() -> String {
    "payload".into()
}
fn default_schema_version() -> u64 {
    1
}

/// The JSON Schema of `registry.json`, derived from the types above.
pub fn registry_json_schema() -> String {
    let schema = schemars::schema_for!(Registry);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

/// Reads a registry from its parsed JSON, reporting every shape problem.
///
/// Each entry of `event_types` is read on its own so that a typo in one entry
/// does not hide the typos in the others.
pub fn read(value: &serde_json::Value, diags: &mut Diagnostics) -> Option<Registry> {
    let file = REGISTRY_FILE;
    let Some(object) = value.as_object() else {
        diags.error(
            file,
            "",
            "the registry must be a JSON object with `format` and `event_types`; see generated/registry.schema.json",
        );
        return None;
    };
    let mut ok = true;
    let mut entries = Vec::new();
    if let Some(list) = object.get("event_types").and_then(|v| v.as_array()) {
        for (i, entry) in list.iter().enumerate() {
            let base = format!("/event_types/{i}");
            match deserialize_at::<EventTypeEntry>(entry) {
                Ok(e) => entries.push(e),
                Err((ptr, msg)) => {
                    ok = false;
                    diags.error(file, &format!("{base}{ptr}"), msg);
                }
            }
        }
    }
    let mut head = value.clone();
    if head.get("event_types").is_some_and(|v| v.is_array()) {
        head["event_types"] = serde_json::Value::Array(Vec::new());
    }
    match deserialize_at::<Registry>(&head) {
        Ok(mut registry) if ok => {
            registry.event_types = entries;
            Some(registry)
        }
        Ok(_) => None,
        Err((ptr, msg)) => {
            diags.error(file, &ptr, msg);
            None
        }
    }
}

/// Deserializes `value`, turning serde's error into a JSON pointer and a message.
fn deserialize_at<T: for<'de> Deserialize<'de>>(
    value: &serde_json::Value,
) -> Result<T, (String, String)> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize(de).map_err(|e| {
        let path = track.path();
        let mut ptr = String::new();
        for seg in path.iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => ptr.push_str(&format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => ptr = pointer_push(&ptr, key),
                serde_path_to_error::Segment::Enum { variant } => ptr = pointer_push(&ptr, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        (ptr, with_fix(&e))
    })
}

/// serde's message, followed by what to do about it.
fn with_fix(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let fix = if text.starts_with("unknown field") {
        "remove it or correct its spelling"
    } else if text.starts_with("missing field") {
        "add it"
    } else if text.starts_with("unknown variant") {
        "use one of the listed values"
    } else {
        "write a value of the expected type"
    };
    format!("{text}: {fix}")
}
