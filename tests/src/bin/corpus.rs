//! Writes the conformance corpora the other runtimes are judged on:
//! `DIR/<name>.jsonl`, one line per document with the reference validator's
//! verdict and the Rust crate's verdict and dump.
//!
//! Usage: `cargo run -p tests --bin corpus -- DIR`

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};
use tests::{corpus, keyword_corners, repo_root, Reference};

type Runtime = fn(&str) -> Result<Value, String>;

fn schemas_runtime(json: &str) -> Result<Value, String> {
    let e = event_contracts::parse_event(json).map_err(|e| e.to_string())?;
    serde_json::from_str(&event_contracts::dump_event(&e)).map_err(|e| e.to_string())
}

fn keywords_runtime(json: &str) -> Result<Value, String> {
    let e = keyword_contracts::parse_event(json).map_err(|e| e.to_string())?;
    serde_json::from_str(&keyword_contracts::dump_event(&e)).map_err(|e| e.to_string())
}

fn main() {
    let out: PathBuf = std::env::args().nth(1).expect("usage: corpus DIR").into();
    std::fs::create_dir_all(&out).expect("output directory");
    let sets: [(&str, &str, Vec<Value>, Runtime); 2] = [
        ("schemas", "schemas", Vec::new(), schemas_runtime),
        (
            "keywords",
            "tests/keywords/contracts",
            keyword_corners(),
            keywords_runtime,
        ),
    ];
    for (name, dir, extra, runtime) in sets {
        let r = Reference::load(&repo_root().join(dir));
        let path = out.join(format!("{name}.jsonl"));
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
    }
}
