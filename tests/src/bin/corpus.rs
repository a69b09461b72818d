//! Writes the conformance corpora the other runtimes are judged on:
//! `DIR/<name>.jsonl` for every test bed of `tests/beds.json`, one line per
//! document with the reference validator's verdict and the Rust crate's
//! verdict and dump, and `DIR/index.json` saying where each bed's
//! TypeScript and Python packages are.
//!
//! Usage: `cargo run -p tests --bin corpus -- DIR`

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};
use tests::{beds, corpus, keyword_corners, repo_root, Reference};

/// Parses with a generated crate and dumps back, or says why it rejected.
macro_rules! runtime {
    ($krate:ident) => {
        |json: &str| -> Result<Value, String> {
            let e = $krate::parse_event(json).map_err(|e| e.to_string())?;
            serde_json::from_str(&$krate::dump_event(&e)).map_err(|e| e.to_string())
        }
    };
}

fn rust_runtime(bed: &str) -> fn(&str) -> Result<Value, String> {
    match bed {
        "schemas" => runtime!(event_contracts),
        "keywords" => runtime!(keyword_contracts),
        other => {
            panic!("tests/beds.json names {other:?}, which the corpus binary has no crate for")
        }
    }
}

fn main() {
    let out: PathBuf = std::env::args().nth(1).expect("usage: corpus DIR").into();
    std::fs::create_dir_all(&out).expect("output directory");
    let mut index = Vec::new();
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
        for doc in &docs {
            let rust = runtime(&doc.to_string());
            let line = json!({
                "doc": doc,
                "valid": r.accepts(doc),
                "rust": { "valid": rust.is_ok(), "dump": rust.ok() },
            });
            writeln!(file, "{line}").expect("write corpus");
        }
        eprintln!("corpus: {} documents in {}", docs.len(), path.display());
        index.push(json!({
            "name": bed.name,
            "documents": docs.len(),
            "typescript": format!("{}/typescript/dist/index.js", bed.out),
            "python": bed.module,
        }));
    }
    let index = serde_json::to_string_pretty(&index).expect("index serializes");
    std::fs::write(out.join("index.json"), index).expect("write index");
}
