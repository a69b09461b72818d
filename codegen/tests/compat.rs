//! `codegen::compat` on the project's own contracts (`schemas/`), without
//! git: every one-keyword mutation of a published payload must be found
//! (detection is complete), and rewrites that change nothing must not be.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::compat::{self, Direction, Mode};
use codegen::{Contracts, Diagnostics};
use serde_json::{json, Value};

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// The contracts as files: path → JSON (the registry included).
fn files() -> BTreeMap<String, Value> {
    let mut diags = Diagnostics::default();
    let dir = schemas_dir();
    let sources = codegen::load::load(&dir, &mut diags);
    let mut files = sources.files;
    let registry = std::fs::read(dir.join("registry.json")).unwrap();
    files.insert(
        "registry.json".to_owned(),
        serde_json::from_slice(&registry).unwrap(),
    );
    files
}

fn model(files: &BTreeMap<String, Value>) -> Contracts {
    let mut diags = Diagnostics::default();
    let bytes = files
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::to_vec(v).unwrap()))
        .collect();
    let sources = codegen::load::from_files(Path::new("schemas"), bytes, &mut diags);
    match codegen::check_sources(&sources, diags) {
        Ok((m, _)) => m,
        Err(d) => panic!("{:#?}", d.sorted()),
    }
}

/// Every place in a schema where changing one keyword changes what it accepts.
fn mutations(value: &Value, pointer: String, out: &mut Vec<(String, Value)>) {
    let Some(obj) = value.as_object() else {
        if let Some(list) = value.as_array() {
            for (i, v) in list.iter().enumerate() {
                mutations(v, format!("{pointer}/{i}"), out);
            }
        }
        return;
    };
    for (key, v) in obj {
        let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        let mutated = match (key.as_str(), v) {
            ("enum", Value::Array(list)) if list.len() > 1 => Some(json!(list[1..])),
            ("required", Value::Array(list)) if !list.is_empty() => Some(json!(list[1..])),
            (
                "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems",
                Value::Number(n),
            ) => Some(json!(n.as_f64().unwrap() + 1.0)),
            ("pattern", Value::String(p)) => Some(json!(format!("{p}|^$"))),
            ("type", Value::String(t)) if t != "null" => Some(json!([t, "null"])),
            ("additionalProperties", Value::Bool(false)) => Some(json!(true)),
            ("format", Value::String(f)) if ["date-time", "date", "uuid"].contains(&f.as_str()) => {
                Some(json!("not-asserted"))
            }
            _ => None,
        };
        if let Some(m) = mutated {
            out.push((at.clone(), m));
        }
        if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
            mutations(v, at, out);
        }
    }
}

#[test]
fn an_unchanged_or_reformatted_tree_has_no_findings() {
    let files = files();
    let old = model(&files);
    let report = compat::compare(&old, &model(&files));
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.bump.required, compat::Level::None);
}

#[test]
fn every_one_keyword_mutation_of_a_published_payload_is_found() {
    let files = files();
    let old = model(&files);
    let payloads: Vec<String> = old
        .events
        .iter()
        .filter_map(|e| e.payload.as_ref().map(|p| p.file.clone()))
        .collect();
    // Every site, grouped by keyword; each model takes a while to build, so
    // five sites per keyword, spread over the files, are tried.
    let mut sites: BTreeMap<String, Vec<(&String, String, Value)>> = BTreeMap::new();
    for file in &payloads {
        let mut found = Vec::new();
        mutations(&files[file], String::new(), &mut found);
        for (pointer, replacement) in found {
            let keyword = pointer.rsplit('/').next().unwrap().to_owned();
            sites
                .entry(keyword)
                .or_default()
                .push((file, pointer, replacement));
        }
    }
    let mut checked = 0;
    for list in sites.values() {
        for (file, pointer, replacement) in list.iter().step_by(list.len().div_ceil(5)) {
            let mut changed = files.clone();
            *changed
                .get_mut(*file)
                .unwrap()
                .pointer_mut(pointer)
                .unwrap() = replacement.clone();
            let report = compat::compare(&old, &model(&changed));
            let found = report
                .findings
                .iter()
                .any(|f| f.rule == "schema-changed" && f.file == **file);
            assert!(
                found,
                "{file}#{pointer} set to {replacement} was not found: {:#?}",
                report.findings
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} mutations");
}

#[test]
fn consecutive_versions_are_classified_by_the_directions_of_their_changes() {
    let change = |direction| compat::Change {
        file: String::new(),
        pointer: String::new(),
        path: String::new(),
        what: String::new(),
        direction,
    };
    assert_eq!(Mode::of(&[]), Mode::Full);
    assert_eq!(Mode::of(&[change(Direction::Widens)]), Mode::Backward);
    assert_eq!(Mode::of(&[change(Direction::Narrows)]), Mode::Forward);
    let mixed = [change(Direction::Narrows), change(Direction::Widens)];
    assert_eq!(Mode::of(&mixed), Mode::None);
    assert_eq!(Mode::of(&[change(Direction::Unknown)]), Mode::None);
}
