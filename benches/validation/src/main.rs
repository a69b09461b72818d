//! The Rust runner of `cargo xtask bench`'s validation section: the
//! generated crate's `parse_event` against `serde_json` + the `jsonschema`
//! crate, on the messages of `DIR/documents.jsonl`.
//!
//! A third line, the `baseline`, times parsing into a `Value` alone, with no
//! verdict: what every validator that starts from a `Value` pays first.
//!
//! Before timing, each validator's verdict on every message is compared with
//! the reference verdict written beside it; then each is timed `--runs`
//! times, the validators taking turns, each run whole passes over the
//! messages for at least `--min-time` seconds, and the median is reported. One JSON line per validator goes to
//! stdout (the protocol `xtask/src/bench/validation.rs` reads).
//!
//! Usage: `cargo run --release -p validation-bench -- DIR [--min-time 0.5] [--runs 3]`

mod generic;

use std::hint::black_box;
use std::time::Instant;

use serde_json::{json, Value};

/// A validator's verdict on one message.
type Accepts<'a> = &'a dyn Fn(&str) -> bool;

/// A message and the reference's verdict on it.
struct Document {
    kind: String,
    valid: bool,
    message: String,
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: validation-bench DIR [--min-time S] [--runs N]")?;
    let (mut min_time, mut runs) = (0.5_f64, 3_usize);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--min-time" => min_time = value.parse().map_err(|e| format!("--min-time: {e}"))?,
            "--runs" => runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let read = |name: &str| {
        std::fs::read_to_string(format!("{dir}/{name}"))
            .map_err(|e| format!("{dir}/{name}: {e} (run `cargo xtask bench --only validation`)"))
    };
    let documents = read("documents.jsonl")?
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            Ok(Document {
                kind: v["kind"].as_str().unwrap_or_default().to_owned(),
                valid: v["valid"].as_bool().ok_or("a document without a verdict")?,
                message: v["message"].as_str().unwrap_or_default().to_owned(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let schemas: Value =
        serde_json::from_str(&read("schemas.json")?).map_err(|e| format!("schemas.json: {e}"))?;
    let generic = generic::Generic::build(&schemas)?;

    let build = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    // The baseline parses without validating: the floor under every
    // validator that reads the message into a `Value` first.
    let validators: [(&str, &str, Accepts); 3] = [
        ("parse_event", "generated", &|m| {
            event_contracts::parse_event(m).is_ok()
        }),
        ("serde_json + jsonschema 0.61", "generic", &|m| {
            generic.accepts(m)
        }),
        ("serde_json::from_str::<Value> only", "baseline", &|m| {
            serde_json::from_str::<Value>(m).is_ok()
        }),
    ];
    // Verdicts first: a validator that judges differently is reported
    // before any figure of it is.
    let disagreements: Vec<Option<Vec<String>>> = validators
        .iter()
        .map(|&(_, role, accepts)| (role != "baseline").then(|| disagreements(&documents, accepts)))
        .collect();
    // Runs take turns (every validator's first run, then every second run),
    // so a busy spell on a shared machine falls on all of them alike.
    let mut per_second = vec![Vec::new(); validators.len()];
    for _ in 0..runs {
        for (i, &(_, _, accepts)) in validators.iter().enumerate() {
            per_second[i].push(events_per_second(&documents, min_time, accepts));
        }
    }
    for (((name, role, _), per_second), disagreements) in
        validators.into_iter().zip(per_second).zip(disagreements)
    {
        let line = json!({
            "runtime": "rust",
            "validator": name,
            "role": role,
            "build": build,
            "documents": documents.len(),
            "events_per_second": median(per_second.clone()),
            "runs": per_second,
            "disagreements": disagreements,
        });
        println!("{line}");
    }
    Ok(())
}

/// Every message on which `accepts` differs from the reference, in words.
fn disagreements(documents: &[Document], accepts: Accepts) -> Vec<String> {
    documents
        .iter()
        .enumerate()
        .filter(|(_, d)| accepts(&d.message) != d.valid)
        .map(|(i, d)| {
            format!(
                "line {} ({}): the reference says {}, this validator the opposite: {}",
                i + 1,
                d.kind,
                if d.valid { "valid" } else { "invalid" },
                d.message
            )
        })
        .collect()
}

/// Whole passes over the messages until `min_time` seconds have gone by.
fn events_per_second(documents: &[Document], min_time: f64, accepts: Accepts) -> f64 {
    let start = Instant::now();
    let mut events = 0_usize;
    loop {
        for d in documents {
            black_box(accepts(black_box(&d.message)));
        }
        events += documents.len();
        let elapsed = start.elapsed().as_secs_f64();
        if elapsed >= min_time {
            return events as f64 / elapsed;
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}
