//! The reference side of a trial (`cargo xtask suite`, `cargo xtask
//! fuzz-contracts`): contracts that are not a checked-in test bed, run
//! through freshly generated packages.
//!
//! `trial judge CONTRACTS CORPUS.jsonl [--documents DOCS.jsonl]` writes the
//! documents with the verdict each runtime must give: the one a documents
//! file states (the JSON Schema test suite's), else the reference
//! validator's on documents drawn from the schemas and mutated.
//!
//! `trial compare [--known KNOWN.json] CORPUS.jsonl NAME=RESULTS.jsonl…`
//! compares each runtime's verdicts and dumps with the corpus: a different
//! verdict, a crash or an accepted document that does not round-trip is a
//! disagreement. Exits 1 on any, except those `KNOWN.json` lists (`runtime`,
//! `test`: a document's `what`), which must each still occur: a list of
//! known failures only shrinks.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{json, Value};
use tests::{corpus, same_json, Reference};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("judge") if args.len() >= 3 => judge(&args[1], &args[2], documents_arg(&args[3..])),
        Some("compare") if args.len() >= 3 => match (args[1].as_str(), args.get(2)) {
            ("--known", Some(known)) if args.len() >= 5 => {
                compare(&args[3], &args[4..], &read_known(known))
            }
            _ => compare(&args[1], &args[2..], &[]),
        },
        _ => {
            eprintln!(
                "usage: trial judge CONTRACTS CORPUS.jsonl [--documents DOCS.jsonl]\n       trial compare [--known KNOWN.json] CORPUS.jsonl NAME=RESULTS.jsonl…"
            );
            ExitCode::from(2)
        }
    }
}

fn documents_arg(rest: &[String]) -> Option<&str> {
    match rest {
        [flag, path] if flag == "--documents" => Some(path),
        _ => None,
    }
}

fn read_lines(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

fn judge(contracts: &str, out: &str, documents: Option<&str>) -> ExitCode {
    let r = Reference::load(Path::new(contracts));
    let cases: Vec<Value> = match documents {
        Some(path) => read_lines(path)
            .into_iter()
            .map(|case| {
                let reference = r.accepts(&case["doc"]);
                json!({
                    "doc": case["doc"],
                    "expected": case["valid"],
                    "reference": reference,
                    "what": case["what"],
                })
            })
            .collect(),
        None => corpus(&r, &[])
            .into_iter()
            .map(|doc| {
                let verdict = r.accepts(&doc);
                json!({ "doc": doc, "expected": verdict, "reference": verdict })
            })
            .collect(),
    };
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(out).unwrap_or_else(|e| panic!("{out}: {e}")),
    );
    for case in &cases {
        writeln!(file, "{case}").expect("write corpus");
    }
    eprintln!("trial: {} documents in {out}", cases.len());
    ExitCode::SUCCESS
}

/// `(runtime, what)` of each known failure.
fn read_known(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let list: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    list.iter()
        .map(|k| {
            let field = |f: &str| k[f].as_str().unwrap_or_default().to_owned();
            (field("runtime"), field("test"))
        })
        .collect()
}

fn compare(corpus: &str, runtimes: &[String], known: &[(String, String)]) -> ExitCode {
    let mut seen = vec![false; known.len()];
    let cases = read_lines(corpus);
    let mut failed = cases.is_empty();
    if cases.is_empty() {
        println!("trial: the corpus {corpus} is empty");
    }
    // The reference validator is judged like a runtime: where it differs
    // from the stated verdict, SPEC's decision or the suite is wrong.
    let reference: Vec<Value> = cases
        .iter()
        .map(|c| json!({ "valid": c["reference"], "reference": true }))
        .collect();
    let mut sets = vec![("reference".to_owned(), reference)];
    for arg in runtimes {
        let (name, path) = arg.split_once('=').expect("NAME=RESULTS.jsonl");
        sets.push((name.to_owned(), read_lines(path)));
    }
    for (name, results) in &sets {
        let mut disagreements = Vec::new();
        let mut expected_failures = 0;
        if results.len() != cases.len() {
            disagreements.push(format!(
                "{} results for {} documents",
                results.len(),
                cases.len()
            ));
        }
        for (case, got) in cases.iter().zip(results) {
            let doc = &case["doc"];
            let expected = case["expected"].as_bool().unwrap_or(false);
            let what = case["what"]
                .as_str()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let problem = if let Some(crash) = got["crash"].as_str() {
                Some(format!("crashed: {crash}"))
            } else {
                match (got["valid"].as_bool().unwrap_or(false), expected) {
                    (true, true) if got.get("reference").is_none() => {
                        (!same_json(doc, &got["dump"]))
                            .then(|| format!("round trip wrote {}", got["dump"]))
                    }
                    (true, false) => Some("accepted, expected invalid".to_owned()),
                    (false, true) => Some(format!(
                        "rejected, expected valid: {}",
                        got["error"].as_str().unwrap_or("")
                    )),
                    _ => None,
                }
            };
            let Some(p) = problem else { continue };
            let listed = known
                .iter()
                .position(|(r, w)| r == name && Some(w.as_str()) == case["what"].as_str());
            match listed {
                Some(k) => {
                    seen[k] = true;
                    expected_failures += 1;
                }
                None => disagreements.push(format!("{p}{what}\n    {doc}")),
            }
        }
        println!(
            "{name}: {} documents, {} disagreements{}",
            cases.len(),
            disagreements.len(),
            if expected_failures > 0 {
                format!(" (and {expected_failures} known failures)")
            } else {
                String::new()
            }
        );
        for d in disagreements.iter().take(30) {
            println!("  {d}");
        }
        failed |= !disagreements.is_empty();
    }
    // A document every runtime rejected gets the same violations from each:
    // pointer, keyword and words, in the same order.
    let runtimes: Vec<&(String, Vec<Value>)> =
        sets.iter().filter(|(n, _)| n != "reference").collect();
    if let Some(((first, firsts), others)) = runtimes.split_first().map(|(f, o)| ((&f.0, &f.1), o))
    {
        for (name, results) in others {
            let mut differ = Vec::new();
            for (i, (a, b)) in firsts.iter().zip(results).enumerate() {
                let (Some(x), Some(y)) = (a.get("violations"), b.get("violations")) else {
                    continue;
                };
                if x != y {
                    differ.push(format!(
                        "{first} {x}\n    {name} {y}\n    {}",
                        cases[i]["doc"]
                    ));
                }
            }
            println!("{name}: violations as {first}'s: {} differ", differ.len());
            for d in differ.iter().take(10) {
                println!("  {d}");
            }
            failed |= !differ.is_empty();
        }
    }
    for ((runtime, what), seen) in known.iter().zip(&seen) {
        if !seen && sets.iter().any(|(name, _)| name == runtime) {
            println!("{runtime}: passes now, remove it from the known failures: {what}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
