//! `cargo xtask suite`: the official JSON Schema test suite as a test bed,
//! run the way Bowtie runs validators. Every test group whose schema uses
//! only what SPEC supports becomes an event type (its schema the payload
//! schema), every test a document, and every runtime must give the suite's
//! verdict, or SPEC's where it decides otherwise (`tests/suite/decisions.json`,
//! each with its reason).
//!
//! The suite is not committed: it ships in the source distribution of the
//! `jsonschema` package on PyPI, which is fetched pinned into `target/suite`.
//! The groups left out, and why, are written to `tests/suite/README.md`; the
//! run fails when that file is not up to date, so a new release of the suite
//! cannot leave out a group silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::keywords::{classify, Class};
use serde_json::{json, Value};

/// The pinned source of the suite: `json/tests/` of this sdist.
const SDIST: &str = "jsonschema==4.26.0";
const UNPACKED: &str = "target/suite/jsonschema-4.26.0/json/tests/draft2020-12";
const WORK: &str = "target/suite/trial";
const README: &str = "tests/suite/README.md";
const DECISIONS: &str = "tests/suite/decisions.json";
/// Tests a runtime still fails (issue 17 open): the list only shrinks.
const KNOWN: &str = "tests/suite/known-failures.json";
/// The files of `optional/` SPEC's formats are tested by.
const OPTIONAL: &[&str] = &[
    "optional/format/date-time.json",
    "optional/format/date.json",
    "optional/format/uuid.json",
];

pub fn run() -> bool {
    match try_run() {
        Ok(()) => true,
        Err(e) => {
            eprintln!("FAILED: JSON Schema test suite: {e}");
            false
        }
    }
}

fn try_run() -> Result<(), String> {
    crate::trial::ensure_tools()?;
    let source = fetch()?;
    let work = Path::new(WORK);
    let _ = std::fs::remove_dir_all(work);
    let bed = convert(&source, &work.join("contracts"))?;
    let documents = work.join("documents.jsonl");
    let lines: String = bed.documents.iter().map(|d| format!("{d}\n")).collect();
    std::fs::write(&documents, lines).map_err(|e| e.to_string())?;
    eprintln!(
        "suite: {} groups as event types, {} documents, {} groups left out, {} decisions",
        bed.events,
        bed.documents.len(),
        bed.left_out.len(),
        bed.decisions_used
    );
    let readme_ok = write_readme(&bed)?;
    crate::trial::run(&crate::trial::Trial {
        contracts: &work.join("contracts"),
        work,
        documents: Some(&documents),
        known: Some(Path::new(KNOWN)),
    })?;
    if readme_ok {
        Ok(())
    } else {
        Err(format!(
            "{README} was out of date and has been rewritten: review and commit it"
        ))
    }
}

/// The suite's `draft2020-12` directory, downloaded and unpacked once.
fn fetch() -> Result<PathBuf, String> {
    let dir = PathBuf::from(UNPACKED);
    if dir.is_dir() {
        return Ok(dir);
    }
    let status = Command::new(crate::trial::venv_bin("pip"))
        .args([
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-binary",
            "jsonschema",
            SDIST,
            "-d",
            "target/suite",
        ])
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return Err(format!(
            "cannot download the source distribution of {SDIST} from the Python package index"
        ));
    }
    let status = Command::new(crate::trial::venv_bin("python"))
        .args([
            "-m",
            "tarfile",
            "-e",
            "target/suite/jsonschema-4.26.0.tar.gz",
            "target/suite",
        ])
        .status();
    if !status.is_ok_and(|s| s.success()) || !dir.is_dir() {
        return Err(format!("cannot unpack {}", dir.display()));
    }
    Ok(dir)
}

/// The suite turned into a contracts directory and its documents.
struct Bed {
    events: usize,
    documents: Vec<Value>,
    /// `(file, group, reason)` of every group left out.
    left_out: Vec<(String, String, String)>,
    decisions: Vec<Decision>,
    decisions_used: usize,
}

/// A test where SPEC's verdict differs from the suite's.
struct Decision {
    file: String,
    group: String,
    test: String,
    valid: bool,
    why: String,
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn decisions() -> Result<Vec<Decision>, String> {
    let list = read_json(Path::new(DECISIONS))?;
    let text = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_owned();
    Ok(list
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| Decision {
            file: text(d, "file"),
            group: text(d, "group"),
            test: text(d, "test"),
            valid: d["valid"].as_bool().unwrap_or(false),
            why: text(d, "why"),
        })
        .collect())
}

fn convert(source: &Path, contracts: &Path) -> Result<Bed, String> {
    let mut files: Vec<String> = std::fs::read_dir(source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    files.extend(OPTIONAL.iter().map(|f| f.to_string()));
    let decisions = decisions()?;
    let mut used = vec![false; decisions.len()];
    let mut bed = Bed {
        events: 0,
        documents: Vec::new(),
        left_out: Vec::new(),
        decisions: Vec::new(),
        decisions_used: 0,
    };
    let mut entries = Vec::new();
    let mut payloads: BTreeMap<String, Value> = BTreeMap::new();
    for file in &files {
        let groups = read_json(&source.join(file))?;
        let stem: String = file
            .trim_end_matches(".json")
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        for (i, group) in groups.as_array().into_iter().flatten().enumerate() {
            let description = group["description"].as_str().unwrap_or_default();
            let mut reasons = Vec::new();
            unsupported(&group["schema"], &mut reasons);
            if !reasons.is_empty() {
                reasons.sort();
                reasons.dedup();
                bed.left_out
                    .push((file.clone(), description.to_owned(), reasons.join("; ")));
                continue;
            }
            let event_type = format!("suite.{stem}.g{i}");
            let payload = format!("payloads/{stem}-{i}.json");
            payloads.insert(payload.clone(), group["schema"].clone());
            entries.push(json!({
                "event_type": event_type,
                "payload_schema": payload,
                "description": format!("{file}: {description}"),
            }));
            bed.events += 1;
            for test in group["tests"].as_array().into_iter().flatten() {
                let name = test["description"].as_str().unwrap_or_default();
                let decided = decisions
                    .iter()
                    .position(|d| d.file == *file && d.group == description && d.test == name);
                let valid = match decided {
                    Some(k) => {
                        used[k] = true;
                        decisions[k].valid
                    }
                    None => test["valid"].as_bool().unwrap_or(false),
                };
                bed.documents.push(json!({
                    "doc": { "event_type": event_type, "schema_version": 1, "payload": test["data"] },
                    "valid": valid,
                    "what": format!("{file}: {description}: {name}"),
                }));
            }
        }
    }
    let stale: Vec<String> = decisions
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(d, _)| format!("{}: {}: {}", d.file, d.group, d.test))
        .collect();
    if !stale.is_empty() {
        return Err(format!(
            "{DECISIONS} names tests the suite does not have: {}",
            stale.join(" | ")
        ));
    }
    bed.decisions_used = decisions.len();
    bed.decisions = decisions;
    let registry = json!({
        "format": 1,
        "package": { "name": "suite-contracts", "version": "0.1.0" },
        "envelope": { "schema": "envelope.json" },
        "event_types": entries,
    });
    let envelope = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Envelope",
        "type": "object",
        "properties": {
            "event_type": { "type": "string" },
            "schema_version": { "type": "integer" },
            "payload": {},
        },
        "required": ["event_type", "schema_version", "payload"],
        "additionalProperties": false,
    });
    let write = |rel: &str, value: &Value| {
        let path = contracts.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(contracts))
            .and_then(|()| {
                std::fs::write(
                    &path,
                    serde_json::to_string_pretty(value).unwrap_or_default(),
                )
            })
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    write("registry.json", &registry)?;
    write("envelope.json", &envelope)?;
    for (rel, schema) in &payloads {
        write(rel, schema)?;
    }
    Ok(bed)
}

/// Why SPEC does not support a schema, one reason per keyword or `$ref`
/// form: a keyword it does not list is an error at generation time, and a
/// `$ref` reaches `$defs` (or `definitions`) of its own file, the file's
/// root, or another file of the contracts directory (the suite's remote
/// files are not one).
fn unsupported(schema: &Value, reasons: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        return; // a boolean schema
    };
    for (keyword, value) in map {
        match classify(keyword) {
            Class::Unsupported | Class::Unknown => {
                reasons.push(format!("`{keyword}` is not a keyword SPEC supports"));
                continue;
            }
            Class::Annotation | Class::Enforced | Class::Definitions => {}
        }
        match keyword.as_str() {
            "properties" | "$defs" | "definitions" => {
                for s in value.as_object().into_iter().flat_map(|m| m.values()) {
                    unsupported(s, reasons);
                }
            }
            "items" | "additionalProperties" => unsupported(value, reasons),
            "allOf" | "anyOf" | "oneOf" => {
                for s in value.as_array().into_iter().flatten() {
                    unsupported(s, reasons);
                }
            }
            "$schema" => {
                let dialect = value.as_str().unwrap_or_default();
                if !dialect.starts_with("https://json-schema.org/draft/2020-12/schema")
                    && !dialect.starts_with("http://json-schema.org/draft-07/schema")
                {
                    reasons.push(format!(
                        "`$schema` is `{dialect}`, not draft 2020-12 (or draft-07)"
                    ));
                }
            }
            "$ref" => {
                let target = value.as_str().unwrap_or_default();
                let local = target == "#"
                    || target.starts_with("#/$defs/")
                    || target.starts_with("#/definitions/");
                if !local {
                    reasons.push(format!(
                        "`$ref` to `{target}`, not to `$defs` or another file of the contracts"
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Writes the bed's README; `false` when it changed.
fn write_readme(bed: &Bed) -> Result<bool, String> {
    let mut text = String::from(
        "# The JSON Schema test suite as a test bed\n\n\
         `cargo xtask suite` (and `cargo xtask test`) fetches the official\n\
         [JSON-Schema-Test-Suite](https://github.com/json-schema-org/JSON-Schema-Test-Suite) from the\n\
         source distribution of `jsonschema` 4.26.0 on PyPI (`json/tests/`), turns every test group\n\
         of `draft2020-12` (and of `optional/format` for `date-time`, `date` and `uuid`) whose schema\n\
         SPEC supports into an event type, and every test into a document. The Rust, TypeScript and\n\
         Python packages generated from it must each give the suite's verdict on every document\n\
         (SPEC's where it decides otherwise, listed below) and write every accepted document back\n\
         unchanged.\n\n\
         This file is written by `cargo xtask suite`; the run fails when it is not up to date.\n\n",
    );
    text.push_str(&format!(
        "## Summary\n\n- {} groups run as event types, {} documents;\n- {} groups left out;\n- {} tests where SPEC decides the verdict.\n\n",
        bed.events,
        bed.documents.len(),
        bed.left_out.len(),
        bed.decisions.len()
    ));
    text.push_str("## Where SPEC decides otherwise\n\n");
    text.push_str("| file | group | test | SPEC's verdict | why |\n|---|---|---|---|---|\n");
    for d in &bed.decisions {
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&d.file),
            cell(&d.group),
            cell(&d.test),
            if d.valid { "valid" } else { "invalid" },
            cell(&d.why)
        ));
    }
    let known = read_json(Path::new(KNOWN))?;
    let known = known.as_array().cloned().unwrap_or_default();
    text.push_str(&format!(
        "\n## Known failures\n\n{} tests a runtime still gets wrong (`{KNOWN}`). The run fails on any\nother disagreement, and on a listed test that passes, so the list only shrinks.\n\n",
        known.len()
    ));
    if known.is_empty() {
        text.push_str("None: every runtime gives every verdict the suite (or a decision) gives.\n");
    } else {
        text.push_str("| runtime | test | why |\n|---|---|---|\n");
    }
    for k in &known {
        let field = |f: &str| cell(k[f].as_str().unwrap_or_default());
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            field("runtime"),
            field("test"),
            field("why")
        ));
    }
    text.push_str(
        "\n## Groups left out\n\nEach for a reason SPEC gives (\"JSON Schema support\").\n\n",
    );
    text.push_str("| file | group | why |\n|---|---|---|\n");
    for (file, group, why) in &bed.left_out {
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(file),
            cell(group),
            cell(why)
        ));
    }
    let old = std::fs::read_to_string(README).unwrap_or_default();
    if old == text {
        return Ok(true);
    }
    std::fs::write(README, text).map_err(|e| format!("{README}: {e}"))?;
    Ok(false)
}

/// A Markdown table cell: pipes escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
