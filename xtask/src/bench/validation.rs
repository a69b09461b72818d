//! Validation throughput: the generated packages' `parse_event` against the
//! generic validator each runtime's users would otherwise call, on the same
//! messages, with every verdict checked against the reference first.
//!
//! The steps, each a child process:
//! 1. `tests`' `bench_documents` writes `target/bench/validation/`:
//!    `documents.jsonl` (messages of `schemas/`, mostly valid, with the
//!    reference validator's verdict on each) and `schemas.json` (the
//!    reference's judge schemas, which the generic validators compile);
//! 2. one runner per runtime (`benches/validation`, a release build;
//!    `benches/python/validation.py` in `target/bench/venv`;
//!    `benches/node/validation.mjs` with the built TypeScript package)
//!    checks each validator's verdicts and times it, printing one JSON line
//!    per validator: `runtime`, `validator`, `role` (`generated`,
//!    `generic`, or `baseline`: parsing alone, no verdict), `build`,
//!    `documents`, `events_per_second` (the median), `runs`, `disagreements`
//!    (each a line of `documents.jsonl`, in words; `null` for the baseline);
//! 3. this module prints the table, the issue's targets as met or not, and
//!    every disagreement.
//!
//! A runtime whose tools are missing is skipped with a line saying so; a
//! slow validator never fails the bench, a runner that cannot run does.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::test::on_path;

/// Where the documents, schemas and the Python virtualenv go.
const DIR: &str = "target/bench/validation";
const VENV: &str = "target/bench/venv";

/// The runtimes a validation run covers.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Runtime {
    Rust,
    Python,
    Typescript,
}

/// How the validation section runs.
pub struct Settings {
    pub runtimes: Vec<Runtime>,
    /// Runs per validator; the median is printed.
    pub runs: usize,
    /// Seconds each run lasts at least (whole passes over the messages).
    pub min_time: f64,
    /// Build the Rust runner in the dev profile (quick, for tests; its
    /// figures then mean nothing).
    pub dev: bool,
}

/// A generated package is held to `ratio` × the named generic validator's
/// throughput (issue #19's targets).
struct Target {
    runtime: &'static str,
    /// Picks the generic validators by their names; the target is held
    /// against the fastest of them.
    validators: &'static [&'static str],
    ratio: f64,
    words: &'static str,
}

const TARGETS: &[Target] = &[
    Target {
        runtime: "rust",
        validators: &["jsonschema"],
        ratio: 3.0,
        words: "≥ 3x",
    },
    Target {
        runtime: "python",
        validators: &["fastjsonschema", "jsonschema-rs"],
        ratio: 1.0,
        words: "≥ 1x",
    },
    Target {
        runtime: "typescript",
        validators: &["ajv"],
        ratio: 1.0,
        words: "≥ 1x",
    },
];

/// Writes the documents, runs every runtime's runner and prints the table;
/// an error when a step cannot run (never for being slow).
pub fn run(settings: &Settings) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!(
        "validation: events per second, generated validator vs generic, same messages, median of {} run(s) of at least {} s",
        settings.runs, settings.min_time
    );
    let summary = output(
        Command::new(&cargo).args([
            "run",
            "-q",
            "-p",
            "tests",
            "--bin",
            "bench_documents",
            "--",
            DIR,
        ]),
        "writing the documents",
    )?;
    print!("  documents: {summary}");
    let timing = [
        "--min-time".to_owned(),
        settings.min_time.to_string(),
        "--runs".to_owned(),
        settings.runs.to_string(),
    ];
    let mut results = Vec::new();
    for runtime in &settings.runtimes {
        let lines = match runtime {
            Runtime::Rust => rust(&cargo, settings.dev, &timing)?,
            Runtime::Python => match python(&timing)? {
                Some(lines) => lines,
                None => continue,
            },
            Runtime::Typescript => match typescript(&timing)? {
                Some(lines) => lines,
                None => continue,
            },
        };
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let result: Value = serde_json::from_str(line)
                .map_err(|e| format!("{runtime:?} runner printed {line:?}: {e}"))?;
            results.push(result);
        }
    }
    print_table(&results);
    print_sizes(&results);
    Ok(())
}

/// The validation code of each package, beside the generic validator's
/// where it has one (ajv's standalone module: what a bundle would ship).
fn print_sizes(results: &[Value]) {
    println!("  code size of the validation (the schemas/ packages):");
    let runtimes: Vec<&str> = results
        .iter()
        .filter_map(|r| r["runtime"].as_str())
        .collect();
    let on_disk: [(&str, &str, &[&str]); 2] = [
        (
            "rust",
            "src/validate.rs + src/runtime.rs (source)",
            &[
                "generated/rust/src/validate.rs",
                "generated/rust/src/runtime.rs",
            ],
        ),
        (
            "python",
            "_validate/*.py + _runtime.py",
            &[
                "generated/python/event_contracts/_validate",
                "generated/python/event_contracts/_runtime.py",
            ],
        ),
    ];
    for (runtime, what, files) in on_disk {
        if !runtimes.contains(&runtime) {
            continue;
        }
        let bytes: u64 = files.iter().map(|f| bytes_below(Path::new(f))).sum();
        println!(
            "  {runtime:<11} {what:<52} {:>10} B",
            thousands(bytes as f64)
        );
    }
    for r in results {
        let code = &r["code"];
        let (Some(what), Some(bytes)) = (code["what"].as_str(), code["bytes"].as_f64()) else {
            continue;
        };
        let gzip = code["gzip"]
            .as_f64()
            .map(|g| format!("  gzip {:>9} B", thousands(g)))
            .unwrap_or_default();
        println!(
            "  {:<11} {:<52} {:>10} B{gzip}",
            r["runtime"].as_str().unwrap_or_default(),
            what,
            thousands(bytes)
        );
    }
}

/// The size of a file, or of every `.py`/`.rs` file in a directory.
fn bytes_below(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "py" || x == "rs"))
            .map(|p| bytes_below(&p))
            .sum(),
        Err(_) => std::fs::metadata(path).map_or(0, |m| m.len()),
    }
}

fn rust(cargo: &str, dev: bool, timing: &[String]) -> Result<String, String> {
    // cargo resolves features per selection of packages, and a different
    // set rebuilds most of the tree: the dev build (the test suite's) selects
    // what `cargo run -p tests` selects (the documents above, the conformance
    // corpus), whose dependencies include the runner's, so all three share
    // one build.
    let mut build = Command::new(cargo);
    build.args(["build", "-q"]);
    if dev {
        build.args(["-p", "tests", "-p", "validation-bench", "--bins"]);
    } else {
        build.args(["--release", "-p", "validation-bench"]);
    }
    output(&mut build, "building the Rust runner (benches/validation)")?;
    let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
    let exe = std::path::Path::new(&target)
        .join(if dev { "debug" } else { "release" })
        .join("validation-bench");
    output(
        Command::new(exe).arg(DIR).args(timing),
        "the Rust runner (benches/validation)",
    )
}

/// The Python runner in its own virtualenv, with the pinned validators and
/// the generated package installed; `None` when python3 is missing.
fn python(timing: &[String]) -> Result<Option<String>, String> {
    if !on_path("python3") {
        println!("  python: skipped: `python3` (3.11 or newer, with venv) is not installed or not on PATH");
        return Ok(None);
    }
    let bin = |tool: &str| format!("{VENV}/bin/{tool}");
    if !Path::new(&bin("python")).exists() {
        output(
            Command::new("python3").args(["-m", "venv", VENV]),
            "python3 -m venv",
        )?;
    }
    let pip = ["install", "--quiet", "--disable-pip-version-check"];
    output(
        Command::new(bin("pip"))
            .args(pip)
            .args(["-r", "benches/python/requirements.txt"]),
        "pip install -r benches/python/requirements.txt",
    )?;
    output(
        Command::new(bin("pip")).args(pip).args([
            "--no-deps",
            "--no-build-isolation",
            "--force-reinstall",
            "generated/python",
        ]),
        "pip install generated/python",
    )?;
    output(
        Command::new(bin("python"))
            .args(["benches/python/validation.py", DIR])
            .args(timing),
        "the Python runner (benches/python/validation.py)",
    )
    .map(Some)
}

/// The node runner, after `npm ci` of the pinned ajv and a tsc build of the
/// generated package; `None` when node or npm is missing.
fn typescript(timing: &[String]) -> Result<Option<String>, String> {
    if !(on_path("node") && on_path("npm")) {
        println!("  typescript: skipped: `node` (20 or newer) and `npm` are not installed or not on PATH");
        return Ok(None);
    }
    let npm = |dir: &str, args: &[&str]| {
        output(
            Command::new("npm").current_dir(dir).args(args),
            &format!("npm {} in {dir}", args.join(" ")),
        )
    };
    npm("benches/node", &["ci", "--no-audit", "--no-fund"])?;
    npm("generated/typescript", &["ci", "--no-audit", "--no-fund"])?;
    npm("generated/typescript", &["run", "build"])?;
    output(
        Command::new("node")
            .args(["benches/node/validation.mjs", DIR])
            .args(timing),
        "the node runner (benches/node/validation.mjs)",
    )
    .map(Some)
}

/// Runs a step to completion and returns its stdout; its stderr passes
/// through, so a failing step says why.
fn output(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if !out.status.success() {
        return Err(format!("{what} failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn print_table(results: &[Value]) {
    let text = |r: &Value, k: &str| r[k].as_str().unwrap_or_default().to_owned();
    let rate = |r: &Value| r["events_per_second"].as_f64().unwrap_or(0.0);
    println!(
        "  {:<11} {:<40} {:<15} {:>10}  {:>7}  target",
        "runtime", "validator", "build", "events/s", "ratio"
    );
    for r in results {
        let runtime = text(r, "runtime");
        // The ratio is the generated validator's throughput over this one's.
        let generated = results
            .iter()
            .find(|g| text(g, "runtime") == runtime && text(g, "role") == "generated")
            .map(rate);
        let (ratio, target) = match (text(r, "role").as_str(), generated) {
            ("generic" | "baseline", Some(g)) if rate(r) > 0.0 => {
                let ratio = g / rate(r);
                let picked = |t: &Target, r: &Value| {
                    t.runtime == runtime
                        && text(r, "role") == "generic"
                        && t.validators
                            .iter()
                            .any(|v| text(r, "validator").contains(v))
                };
                let fastest = |t: &Target| {
                    results
                        .iter()
                        .filter(|o| picked(t, o))
                        .all(|o| rate(o) <= rate(r))
                };
                let target = TARGETS
                    .iter()
                    .find(|t| picked(t, r) && fastest(t))
                    .map(|t| {
                        let met = if ratio >= t.ratio { "met" } else { "not met" };
                        format!("target {}: {met}", t.words)
                    });
                (format!("{ratio:.2}x"), target.unwrap_or_default())
            }
            _ => (String::new(), String::new()),
        };
        println!(
            "  {:<11} {:<40} {:<15} {:>10}  {:>7}  {target}",
            runtime,
            text(r, "validator"),
            text(r, "build"),
            thousands(rate(r)),
            ratio
        );
    }
    println!(
        "  (ratio: the generated validator's events/s over this one's; \"only\": parsing alone, no verdict)"
    );
    let mut all_agree = true;
    for r in results {
        // The baseline gives no verdict.
        let Some(list) = r["disagreements"].as_array() else {
            continue;
        };
        let name = format!("{} {}", text(r, "runtime"), text(r, "validator"));
        println!(
            "  verdicts: {name}: {} disagreement(s) with the reference on {} documents",
            list.len(),
            r["documents"]
        );
        for d in list {
            all_agree = false;
            let d = d.as_str().unwrap_or_default();
            let shown: String = d.chars().take(300).collect();
            let more = if shown.len() < d.len() { " …" } else { "" };
            println!("    {shown}{more}");
        }
    }
    if !all_agree {
        println!("  (the documents are in {DIR}/documents.jsonl, one per line)");
    }
}

/// `12345.6` as `12,346`.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn groups_digits_in_threes() {
        assert_eq!(thousands(0.4), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1234.5), "1,234");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }
}
