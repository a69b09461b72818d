//! The fuzz target's whole job, shared with the regression test that replays
//! what the fuzzer found (`codegen/tests/fuzz_regressions.rs`).
//!
//! An input is either one payload schema (judged inside a fixed registry and
//! envelope, so most inputs reach the schema code), or a whole contracts
//! directory: files separated by lines `@@@ <path>`.

use std::collections::BTreeMap;
use std::path::Path;

const SEPARATOR: &[u8] = b"@@@ ";

const REGISTRY: &str = r#"{
  "format": 1,
  "envelope": { "schema": "envelope.json", "schema_version_field": "schema_version" },
  "event_types": [
    { "event_type": "thing.happened", "schema_version": 1, "payload_schema": "payload.json" },
    { "event_type": "thing.happened", "schema_version": 2, "payload_schema": "common.json" }
  ]
}"#;

const ENVELOPE: &str = r#"{
  "type": "object",
  "required": ["event_type", "schema_version", "payload"],
  "properties": {
    "event_type": { "type": "string" },
    "schema_version": { "type": "integer" },
    "payload": { "type": "object" }
  }
}"#;

const COMMON: &str =
    r#"{ "type": "object", "$defs": { "money": { "type": "integer", "minimum": 0 } } }"#;

/// The contracts directory an input stands for.
pub fn files(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !data.starts_with(SEPARATOR) {
        files.insert("registry.json".to_owned(), REGISTRY.as_bytes().to_vec());
        files.insert("envelope.json".to_owned(), ENVELOPE.as_bytes().to_vec());
        files.insert("common.json".to_owned(), COMMON.as_bytes().to_vec());
        files.insert("payload.json".to_owned(), data.to_vec());
        return files;
    }
    for chunk in split(data) {
        let (name, body) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], &chunk[i + 1..]),
            None => (chunk, &[][..]),
        };
        let name = String::from_utf8_lossy(name).trim().to_owned();
        // A directory holds no file without a name.
        if !name.is_empty() {
            files.insert(name, body.to_vec());
        }
    }
    files
}

/// The chunks after each `@@@ `.
fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut starts = Vec::new();
    for i in 0..data.len() {
        if data[i..].starts_with(SEPARATOR) && (i == 0 || data[i - 1] == b'\n') {
            starts.push(i + SEPARATOR.len());
        }
    }
    let ends = starts
        .iter()
        .skip(1)
        .map(|s| s - SEPARATOR.len())
        .chain([data.len()]);
    starts.iter().zip(ends).map(|(&s, e)| &data[s..e]).collect()
}

/// Runs the pipeline. Panics (which the fuzzer reports) when it panics, or
/// when it fails without saying where.
pub fn run(data: &[u8]) -> Outcome {
    let mut diags = codegen::Diagnostics::default();
    let sources = codegen::load::from_files(Path::new("contracts"), files(data), &mut diags);
    match codegen::check_sources(&sources, diags) {
        Ok((contracts, _)) => {
            let header = codegen::Header {
                contracts: "contracts".to_owned(),
            };
            let output = codegen::emit::emit_all(&contracts, &header);
            assert!(
                !output.files.is_empty(),
                "accepted contracts produced no files"
            );
            Outcome::Generated(output.files.len())
        }
        Err(diags) => {
            assert!(diags.has_errors(), "rejected without an error");
            for d in diags.iter() {
                assert!(!d.file.is_empty(), "a diagnostic names no file: {d}");
                assert!(
                    d.pointer.is_empty() || d.pointer.starts_with('/'),
                    "not a JSON pointer: {d}"
                );
            }
            Outcome::Rejected(diags.iter().count())
        }
    }
}

#[derive(Debug)]
#[allow(dead_code)] // read through `Debug` by the regression test
pub enum Outcome {
    Generated(usize),
    Rejected(usize),
}
