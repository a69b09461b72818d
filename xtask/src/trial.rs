//! A trial: contracts that are not a checked-in test bed (the JSON Schema
//! test suite's, random ones) generated into a work directory, all three
//! packages built and checked with each language's real tools, and every
//! document of a corpus run through each, compared with the stated verdict.
//!
//! The steps, in order: generate (in process), `trial judge` (the reference
//! side, in the `tests` crate), `cargo build` of a runner crate that depends
//! on the generated crate, `tsc --strict`, `pip install` and `mypy --strict`,
//! one runner per language over the corpus, `trial compare`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The virtualenv of the Python tests (made by `cargo xtask test`, or here).
pub const VENV: &str = "target/venv";

/// What a trial runs on.
pub struct Trial<'a> {
    pub contracts: &'a Path,
    /// Scratch space: generated packages, corpus and results go below it.
    pub work: &'a Path,
    /// Documents with stated verdicts; without it, documents are drawn from
    /// the schemas and judged by the reference validator.
    pub documents: Option<&'a Path>,
    /// Disagreements still expected (`trial compare --known`).
    pub known: Option<&'a Path>,
}

/// Runs a trial; `Err` names the first step that failed (its output has been
/// printed).
pub fn run(t: &Trial) -> Result<(), String> {
    let out = t.work.join("out");
    generate(t.contracts, &out)?;
    let corpus = t.work.join("corpus.jsonl");
    let mut judge = cargo();
    judge.args([
        "run", "--quiet", "-p", "tests", "--bin", "trial", "--", "judge",
    ]);
    judge.arg(t.contracts).arg(&corpus);
    if let Some(docs) = t.documents {
        judge.arg("--documents").arg(docs);
    }
    step("reference verdicts", &mut judge)?;

    // Each runtime goes as far as it can, so that one failure shows them all.
    let mut failures = Vec::new();
    let mut results = Vec::new();
    for (name, runtime) in [
        (
            "rust",
            rust as fn(&Path, &Path, &Path) -> Result<(), String>,
        ),
        ("typescript", typescript),
        ("python", python),
    ] {
        let path = t.work.join(format!("{name}.jsonl"));
        match runtime(t.work, &corpus, &path) {
            Ok(()) => results.push(format!("{name}={}", path.display())),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    let mut compare = cargo();
    compare.args([
        "run", "--quiet", "-p", "tests", "--bin", "trial", "--", "compare",
    ]);
    if let Some(known) = t.known {
        compare.arg("--known").arg(known);
    }
    compare.arg(&corpus).args(&results);
    if let Err(e) = step("verdicts and round trips compared", &mut compare) {
        failures.push(e);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

fn rust(work: &Path, corpus: &Path, results: &Path) -> Result<(), String> {
    let runner = rust_runner(work, &work.join("out"))?;
    step(
        "Rust runner over the corpus",
        Command::new(runner).arg(corpus).arg(results),
    )
}

fn typescript(work: &Path, corpus: &Path, results: &Path) -> Result<(), String> {
    let package = work.join("out/typescript");
    step(
        "tsc --strict",
        Command::new("tests/node/node_modules/.bin/tsc")
            .arg("-p")
            .arg(package.join("tsconfig.json")),
    )?;
    step(
        "TypeScript runner over the corpus",
        Command::new("node")
            .arg("tests/node/trial.mjs")
            .arg(package.join("dist/index.js"))
            .arg(corpus)
            .arg(results),
    )
}

fn python(work: &Path, corpus: &Path, results: &Path) -> Result<(), String> {
    let package = work.join("out/python");
    let module = crate::test::module_in(&package);
    step(
        "pip install of the generated package",
        Command::new(venv_bin("pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--force-reinstall",
            ])
            .arg(&package),
    )?;
    for args in [
        &["check", "--quiet", "."][..],
        &["format", "--check", "--quiet", "."],
    ] {
        step(
            "ruff",
            Command::new(venv_bin("ruff"))
                .args(args)
                .current_dir(&package),
        )?;
    }
    step(
        "mypy --strict",
        Command::new(venv_bin("mypy"))
            .args(["--strict", "--config-file"])
            .arg(package.join("pyproject.toml"))
            .arg(package.join(&module)),
    )?;
    step(
        "Python runner over the corpus",
        Command::new(venv_bin("python"))
            .arg("tests/python/trial.py")
            .arg(&module)
            .arg(corpus)
            .arg(results),
    )
}

/// `cargo xtask trial --contracts DIR`: one trial, in `target/trial-work`.
pub fn run_dir(contracts: &Path) -> bool {
    let work = Path::new("target/trial-work");
    let _ = std::fs::remove_dir_all(work);
    let outcome = ensure_tools().and_then(|()| {
        run(&Trial {
            contracts,
            work,
            documents: None,
            known: None,
        })
    });
    match outcome {
        Ok(()) => true,
        Err(e) => {
            eprintln!("FAILED: trial of {}: {e}", contracts.display());
            false
        }
    }
}

/// The tools a trial needs beyond cargo: the Python tests' virtualenv and the
/// node tests' `tsc`, installed as `cargo xtask test` installs them.
pub fn ensure_tools() -> Result<(), String> {
    for (program, why) in [
        ("node", "Node.js 20 or newer with npm"),
        ("npm", "Node.js 20 or newer with npm"),
        ("python3", "Python 3.11 or newer with venv"),
    ] {
        if !crate::test::on_path(program) {
            return Err(format!(
                "missing tool: `{program}` is not installed or not on PATH; a trial needs {why}"
            ));
        }
    }
    if !Path::new("tests/node/node_modules/.bin/tsc").exists() {
        step(
            "npm ci in tests/node",
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir("tests/node"),
        )?;
    }
    if !Path::new(VENV).join("bin/python").exists() {
        step(
            "virtualenv",
            Command::new("python3").args(["-m", "venv", VENV]),
        )?;
    }
    if !Path::new(VENV).join("bin/mypy").exists() {
        step(
            "pinned Python tools",
            Command::new(venv_bin("pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "tests/python/requirements.txt",
            ]),
        )?;
    }
    Ok(())
}

pub fn venv_bin(tool: &str) -> PathBuf {
    std::env::current_dir()
        .unwrap_or_default()
        .join(VENV)
        .join("bin")
        .join(tool)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Runs one step; its output goes straight to the terminal.
fn step(name: &str, command: &mut Command) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{name} failed ({status})")),
        Err(e) => Err(format!("{name}: cannot run {command:?}: {e}")),
    }
}

fn generate(contracts: &Path, out: &Path) -> Result<(), String> {
    let header = codegen::Header {
        contracts: contracts.display().to_string(),
    };
    match codegen::generate(contracts, &header) {
        Ok((output, _)) => codegen::write::write(&output, out)
            .map(|_| ())
            .map_err(|e| format!("cannot write {}: {e}", out.display())),
        Err(diags) => {
            for d in diags.sorted() {
                eprintln!("{d}");
            }
            Err(format!("generation refused {}", contracts.display()))
        }
    }
}

/// Builds a binary that parses, validates and dumps every corpus document
/// with the generated crate; returns its path. The runner is its own
/// workspace with the repository's lockfile, and every trial shares one
/// target directory, so dependencies build once.
fn rust_runner(work: &Path, out: &Path) -> Result<PathBuf, String> {
    let manifest = std::fs::read_to_string(out.join("rust/Cargo.toml"))
        .map_err(|e| format!("generated Cargo.toml: {e}"))?;
    let package = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .map(|n| n.trim_matches('"').to_owned())
        .ok_or("the generated Cargo.toml names no package")?;
    let dir = work.join("rust-runner");
    let write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    let crate_dir = std::fs::canonicalize(out.join("rust")).map_err(|e| e.to_string())?;
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"trial-runner\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ncontracts = {{ path = {:?}, package = {package:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
            crate_dir.display().to_string()
        ),
    )?;
    write(&dir.join("src/main.rs"), RUNNER)?;
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    write(&dir.join("Cargo.lock"), &lock)?;
    let target = std::env::current_dir()
        .unwrap_or_default()
        .join("target/trial");
    step(
        "cargo build of the generated crate",
        cargo()
            .args(["build", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            // A warning in generated code fails the trial, as it fails a
            // user's `-D warnings` build (crates.io dependencies cap lints).
            .env("RUSTFLAGS", "-D warnings")
            .arg("--target-dir")
            .arg(&target),
    )?;
    Ok(target.join("debug/trial-runner"))
}

const RUNNER: &str = r#"//! Every corpus document through the generated crate: its verdict, and the
//! dump of an accepted one (a panic is a crash).
use std::io::{BufRead, Write};

fn main() {
    let mut args = std::env::args().skip(1);
    let (input, output) = (args.next().expect("CORPUS"), args.next().expect("OUT"));
    let input = std::io::BufReader::new(std::fs::File::open(input).expect("corpus"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(output).expect("results"));
    std::panic::set_hook(Box::new(|_| {}));
    for line in input.lines() {
        let case: serde_json::Value = serde_json::from_str(&line.expect("line")).expect("JSON");
        let text = case["doc"].to_string();
        let result = std::panic::catch_unwind(|| {
            let event = contracts::parse_event(&text)?;
            contracts::validate_event(&event)?;
            Ok::<_, contracts::EventError>(contracts::dump_event(&event))
        });
        let line = match result {
            Ok(Ok(dump)) => serde_json::json!({
                "valid": true,
                "dump": serde_json::from_str::<serde_json::Value>(&dump).expect("dump is JSON"),
            }),
            Ok(Err(e)) => {
                let violations: Vec<serde_json::Value> = e
                    .violations()
                    .iter()
                    .map(|v| serde_json::json!([v.pointer, v.keyword, v.message]))
                    .collect();
                serde_json::json!({ "valid": false, "error": e.to_string(), "violations": violations })
            }
            Err(panic) => serde_json::json!({
                "valid": false,
                "crash": panic.downcast_ref::<String>().cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            }),
        };
        writeln!(out, "{line}").expect("write");
    }
}
"#;
