//! Writes the conformance corpora the other runtimes are judged on:
//! `DIR/<name>.jsonl` for every test bed of `tests/beds.json`, one line per
//! document with the reference validator's verdict and the Rust crate's
//! verdict and dump, and `DIR/index.json` saying where each bed's
//! TypeScript and Python packages are.
//!
//! It also judges the Rust crate itself (`rust (<bed>): N checked, M
//! disagreements`), holds `lint`'s judge (`codegen::verdict`) to the crate's
//! violations on every document that names a registered event, and fails when a keyword or format SPEC lists is used by
//! no schema of the test beds: the corpus must exercise all of them.
//!
//! Usage: `cargo run -p tests --bin corpus -- DIR`

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};
use tests::{beds, corpus, keyword_corners, repo_root, same_json, Reference};

/// Parses with a generated crate and dumps back, or says why it rejected:
/// the message and each violation as `[pointer, keyword, message]`, which
/// the other runtimes must report identically.
macro_rules! runtime {
    ($krate:ident) => {
        |json: &str| -> Result<Value, Value> {
            let e = $krate::parse_event(json).map_err(|e| {
                let violations: Vec<Value> = e
                    .violations()
                    .iter()
                    .map(|v| json!([v.pointer, v.keyword, v.message]))
                    .collect();
                json!({ "message": e.to_string(), "violations": violations })
            })?;
            serde_json::from_str(&$krate::dump_event(&e))
                .map_err(|e| json!({ "message": e.to_string(), "violations": [] }))
        }
    };
}

fn rust_runtime(bed: &str) -> fn(&str) -> Result<Value, Value> {
    match bed {
        "schemas" => runtime!(event_contracts),
        "keywords" => runtime!(keyword_contracts),
        "goodgo" => runtime!(goodgo_events),
        "suggestions" => runtime!(suggestions_events),
        "flatrender" => runtime!(flatrender_events),
        "hostile" => runtime!(hostile_contracts),
        "foreign" => runtime!(foreign_contracts),
        "recursive" => runtime!(recursive_contracts),
        other => {
            panic!("tests/beds.json names {other:?}, which the corpus binary has no crate for")
        }
    }
}

fn main() -> std::process::ExitCode {
    let out: PathBuf = std::env::args().nth(1).expect("usage: corpus DIR").into();
    std::fs::create_dir_all(&out).expect("output directory");
    let mut index = Vec::new();
    let mut failed = false;
    let mut used = std::collections::BTreeSet::new();
    for bed in beds() {
        let r = Reference::load(&repo_root().join(&bed.contracts));
        let extra = if bed.name == "keywords" {
            keyword_corners()
        } else {
            Vec::new()
        };
        let runtime = rust_runtime(&bed.name);
        let path = out.join(format!("{}.jsonl", bed.name));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("corpus file"));
        let docs = corpus(&r, &extra);
        let mut disagreements = Vec::new();
        // `lint` judges examples by running the plan itself (`verdict.rs`):
        // its words must be the generated crate's on every document.
        let (contracts, _) = codegen::check(&repo_root().join(&bed.contracts))
            .unwrap_or_else(|_| panic!("{} builds", bed.contracts));
        let plan = codegen::checks::plan(&contracts);
        let verdicts = codegen::verdict::Verdicts::new(&plan, &[]);
        let mut lint_checked = 0;
        for doc in &docs {
            let rust = runtime(&doc.to_string());
            if let Some(event) = r.selected(doc).and_then(|name| {
                contracts
                    .events
                    .iter()
                    .position(|e| (e.event_type.as_str(), e.version) == name)
            }) {
                if let Some(lint) = verdicts.judge(&plan, event, doc) {
                    lint_checked += 1;
                    let lint: Vec<Value> = lint.iter().map(|v| json!(v)).collect();
                    let crate_says = match &rust {
                        Ok(_) => Vec::new(),
                        Err(e) => e["violations"].as_array().cloned().unwrap_or_default(),
                    };
                    if lint != crate_says {
                        disagreements.push(format!(
                            "lint's verdict {lint:?}, the crate's {crate_says:?}: {doc}"
                        ));
                    }
                }
            }
            let valid = r.accepts(doc);
            match (&rust, valid) {
                (Ok(dump), true) if !same_json(doc, dump) => {
                    disagreements.push(format!("round trip: {doc}\n  rust {dump}"))
                }
                (Ok(_), true) | (Err(_), false) => {}
                (got, _) => disagreements.push(format!(
                    "reference {valid}, rust {}: {doc}",
                    match got {
                        Ok(_) => "valid".to_owned(),
                        Err(e) => format!("invalid ({})", e["message"]),
                    }
                )),
            }
            let line = json!({
                "doc": doc,
                "valid": r.accepts(doc),
                "rust": {
                    "valid": rust.is_ok(),
                    "violations": rust.as_ref().err().map(|e| e["violations"].clone()),
                    "dump": rust.ok(),
                },
            });
            writeln!(file, "{line}").expect("write corpus");
        }
        eprintln!("corpus: {} documents in {}", docs.len(), path.display());
        println!(
            "rust ({}): {} checked ({} by lint's judge too), {} disagreements",
            bed.name,
            docs.len(),
            lint_checked,
            disagreements.len()
        );
        for d in disagreements.iter().take(20) {
            println!("  {d}");
        }
        failed |= !disagreements.is_empty();
        collect_keywords(&repo_root().join(&bed.contracts), &mut used);
        index.push(json!({
            "name": bed.name,
            "documents": docs.len(),
            "typescript": format!("{}/typescript/dist/index.js", bed.out),
            "python": bed.module,
        }));
    }
    let index = serde_json::to_string_pretty(&index).expect("index serializes");
    std::fs::write(out.join("index.json"), index).expect("write index");
    let listed = codegen::keywords::ENFORCED
        .iter()
        .chain(codegen::keywords::ANNOTATIONS)
        .chain(codegen::keywords::ASSERTED_FORMATS.iter())
        .chain(["$defs", "definitions"].iter());
    let missing: Vec<&str> = listed.copied().filter(|k| !used.contains(*k)).collect();
    if missing.is_empty() {
        println!("keywords: every keyword and format SPEC lists is used by a test bed");
    } else {
        println!(
            "keywords: SPEC lists these, but no test bed uses them: {}",
            missing.join(", ")
        );
        failed = true;
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}

/// Every keyword (and `format` value) used in the schemas of a contracts
/// directory: object keys outside `properties`, `$defs`, `examples` and
/// other values that are data rather than schemas.
fn collect_keywords(dir: &std::path::Path, used: &mut std::collections::BTreeSet<String>) {
    fn walk(v: &Value, used: &mut std::collections::BTreeSet<String>) {
        let Some(obj) = v.as_object() else { return };
        for (k, child) in obj {
            used.insert(k.clone());
            match k.as_str() {
                "properties" | "$defs" | "definitions" => {
                    for s in child.as_object().into_iter().flat_map(|m| m.values()) {
                        walk(s, used);
                    }
                }
                "items" | "additionalProperties" => walk(child, used),
                "allOf" | "anyOf" | "oneOf" => {
                    for s in child.as_array().into_iter().flatten() {
                        walk(s, used);
                    }
                }
                "format" => {
                    if let Some(f) = child.as_str() {
                        used.insert(f.to_owned());
                    }
                }
                _ => {}
            }
        }
    }
    for (name, doc) in tests::read_contracts(dir) {
        if name != "registry.json" {
            walk(&doc, used);
        }
    }
}
