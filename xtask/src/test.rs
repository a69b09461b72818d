//! `cargo xtask test`: every check CI runs, in order, with one closing line
//! that counts every test of every runner.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// A test bed of `tests/beds.json`: a contracts directory and where its
/// packages are generated (and checked in).
struct Bed {
    contracts: String,
    out: String,
}

fn beds() -> Vec<Bed> {
    let text = std::fs::read_to_string("tests/beds.json").unwrap_or_default();
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    list.iter()
        .map(|b| Bed {
            contracts: b["contracts"].as_str().unwrap_or_default().to_owned(),
            out: b["out"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

#[derive(Default)]
struct Suite {
    started: Option<Instant>,
    steps: usize,
    failed: Vec<String>,
    passed_tests: u64,
    failed_tests: u64,
}

impl Suite {
    fn record(&mut self, name: &str, ok: bool) -> bool {
        self.steps += 1;
        if !ok {
            self.failed.push(name.to_owned());
        }
        ok
    }

    /// Runs a program in `dir`, echoing what it runs and how long it took.
    fn run(&mut self, name: &str, dir: &str, program: &str, args: &[&str]) -> bool {
        eprintln!("==> {name}: (in {dir}) {program} {}", args.join(" "));
        let started = Instant::now();
        let ok = match Command::new(program).args(args).current_dir(dir).status() {
            Ok(status) if status.success() => true,
            Ok(status) => {
                eprintln!("FAILED: {name} ({status})");
                false
            }
            Err(e) => {
                eprintln!("FAILED: {name}: cannot run `{program}`: {e}");
                false
            }
        };
        took(name, started);
        self.record(name, ok)
    }

    /// Runs a test runner, echoing its output and adding up its counts.
    fn count(
        &mut self,
        name: &str,
        program: &str,
        args: &[&str],
        parse: fn(&str) -> Option<(u64, u64)>,
    ) {
        eprintln!("==> {name}: {program} {}", args.join(" "));
        let started = Instant::now();
        let child = Command::new(program)
            .args(args)
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => {
                eprintln!("FAILED: {name}: cannot run `{program}`: {e}");
                self.record(name, false);
                return;
            }
        };
        let (mut passed, mut failed) = (0, 0);
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("{line}");
                if let Some((p, f)) = parse(&line) {
                    passed += p;
                    failed += f;
                }
            }
        }
        let success = child.wait().is_ok_and(|s| s.success());
        if !success && failed == 0 {
            failed = 1; // it did not build, or a runner crashed
        }
        took(name, started);
        self.passed_tests += passed;
        self.failed_tests += failed;
        self.record(name, success && failed == 0);
    }

    fn finish(self) -> bool {
        eprintln!(
            "xtask: {} steps in {:.0} s",
            self.steps,
            self.started.map_or(0.0, |s| s.elapsed().as_secs_f64())
        );
        if self.failed.is_empty() {
            eprintln!("xtask: all {} steps passed", self.steps);
        } else {
            eprintln!("xtask: failed: {}", self.failed.join(", "));
        }
        // The closing line CI reads: every test of every runner.
        println!("{} passed, {} failed", self.passed_tests, self.failed_tests);
        self.failed.is_empty()
    }
}

/// How long a step took, on the line after its output.
fn took(name: &str, started: Instant) {
    eprintln!("<== {name}: {:.1} s", started.elapsed().as_secs_f64());
}

/// `test result: ok. 12 passed; 0 failed; …` from cargo's test harness.
fn cargo_counts(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("test result: ")?;
    let count = |word: &str| -> u64 {
        rest.split(';')
            .find_map(|part| {
                let part = part.trim();
                let part = part.rsplit(". ").next().unwrap_or(part);
                part.strip_suffix(word)
            })
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    Some((count(" passed"), count(" failed")))
}

/// `3 passed, 1 failed in 1.2s` from pytest.
fn pytest_counts(line: &str) -> Option<(u64, u64)> {
    if !(line.contains(" in ") && (line.contains(" passed") || line.contains(" failed"))) {
        return None;
    }
    let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let count = |word: &str| -> u64 {
        words
            .windows(2)
            .filter(|w| w[1] == word)
            .filter_map(|w| w[0].parse::<u64>().ok())
            .sum()
    };
    Some((
        count("passed"),
        count("failed") + count("error") + count("errors"),
    ))
}

/// `# pass 2` and `# fail 0` from node's test runner (TAP).
fn node_counts(line: &str) -> Option<(u64, u64)> {
    if let Some(n) = line.strip_prefix("# pass ") {
        return Some((n.trim().parse().ok()?, 0));
    }
    let n = line.strip_prefix("# fail ")?;
    Some((0, n.trim().parse().ok()?))
}

/// Whether `program --version` runs (the bench asks too).
pub(crate) fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn have(program: &str, why: &str) -> bool {
    let found = on_path(program);
    if !found {
        eprintln!("missing tool: `{program}` is not installed or not on PATH; {why}");
    }
    found
}

pub fn run() -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut suite = Suite {
        started: Some(Instant::now()),
        ..Suite::default()
    };
    let beds = beds();
    if beds.is_empty() {
        eprintln!("FAILED: tests/beds.json lists no test bed");
        suite.record("test beds", false);
    }
    for bed in &beds {
        let contracts = bed.contracts.as_str();
        suite.run(
            &format!("lint of {contracts}"),
            ".",
            &cargo,
            &["xtask", "lint", "--contracts", contracts],
        );
        // Uncommitted changes to published contracts; CI on a branch would
        // pass its base (`--against origin/main`) instead.
        suite.run(
            &format!("breaking changes in {contracts} against HEAD"),
            ".",
            &cargo,
            &[
                "xtask",
                "breaking",
                "--against",
                "HEAD",
                "--contracts",
                contracts,
            ],
        );
        suite.run(
            &format!("drift check of {}", bed.out),
            ".",
            &cargo,
            &[
                "xtask",
                "check",
                "--contracts",
                &bed.contracts,
                "--out",
                &bed.out,
            ],
        );
    }
    suite.run("formatting", ".", &cargo, &["fmt", "--all", "--check"]);
    suite.run(
        "clippy",
        ".",
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    let started = Instant::now();
    let ok = standalone_build(&cargo);
    took("generated crate builds alone", started);
    suite.record("generated crate builds alone", ok);
    suite.count(
        "workspace tests",
        &cargo,
        &["test", "--workspace"],
        cargo_counts,
    );

    runtimes(&mut suite, &cargo, &beds, Checks::All);
    let started = Instant::now();
    eprintln!("==> JSON Schema test suite: cargo xtask suite");
    let ok = crate::suite::run();
    took("JSON Schema test suite", started);
    suite.record("JSON Schema test suite", ok);
    // A fixed handful of random contracts; `cargo xtask fuzz-contracts`
    // runs as many as asked.
    let started = Instant::now();
    eprintln!(
        "==> random contracts: cargo xtask fuzz-contracts --seed {FUZZ_SEED} --count {FUZZ_COUNT}"
    );
    let ok = crate::fuzz_contracts::run(FUZZ_SEED, FUZZ_COUNT, 1);
    took("random contracts", started);
    suite.record("random contracts", ok);
    suite.finish()
}

/// `cargo xtask conformance`: the corpus through the Rust crates, the built
/// TypeScript packages and the installed Python packages, each judged
/// against the reference validator and against each other.
pub fn conformance() -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut suite = Suite {
        started: Some(Instant::now()),
        ..Suite::default()
    };
    runtimes(&mut suite, &cargo, &beds(), Checks::ConformanceOnly);
    suite.finish()
}

/// The random contracts every `cargo xtask test` runs (one batch).
const FUZZ_SEED: u64 = 1;
const FUZZ_COUNT: usize = crate::fuzz_contracts::PER_BATCH;

/// Whether the TypeScript and Python steps also type-check and lint.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checks {
    All,
    ConformanceOnly,
}

fn runtimes(suite: &mut Suite, cargo: &str, beds: &[Bed], checks: Checks) {
    suite.run(
        "conformance corpus (and the Rust crates' verdicts)",
        ".",
        cargo,
        &[
            "run",
            "--quiet",
            "-p",
            "tests",
            "--bin",
            "corpus",
            "--",
            "target/corpus",
        ],
    );
    typescript(suite, beds, checks);
    python(suite, beds, checks);
}

fn typescript(suite: &mut Suite, beds: &[Bed], checks: Checks) {
    let why = "the TypeScript tests need Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)";
    if !(have("node", why) && have("npm", why)) {
        suite.record("TypeScript tests (node missing)", false);
        return;
    }
    let packages: Vec<String> = beds
        .iter()
        .map(|b| format!("{}/typescript", b.out))
        .collect();
    for dir in std::iter::once("tests/node").chain(packages.iter().map(String::as_str)) {
        suite.run(
            &format!("npm ci in {dir}"),
            dir,
            "npm",
            &["ci", "--no-audit", "--no-fund"],
        );
    }
    for dir in &packages {
        suite.run(
            &format!("tsc --strict build of {dir}"),
            dir,
            "npm",
            &["run", "build"],
        );
    }
    suite.count(
        "node tests",
        "node",
        &["--test", "tests/node/"],
        node_counts,
    );
    if checks == Checks::ConformanceOnly {
        return;
    }
    suite.run(
        "type-level tests",
        ".",
        "tests/node/node_modules/.bin/tsc",
        &["-p", "tests/node/tsconfig.json"],
    );
    let mut prettier = vec![
        "--check".to_owned(),
        "tests/node/*.ts".to_owned(),
        "tests/node/*.mjs".to_owned(),
    ];
    prettier.extend(packages.iter().map(|p| format!("{p}/src/*.ts")));
    let prettier: Vec<&str> = prettier.iter().map(String::as_str).collect();
    let mut markdown = vec![
        "--config".to_owned(),
        "tests/node/.markdownlint-cli2.jsonc".to_owned(),
    ];
    for bed in beds {
        markdown.push(format!("{}/docs/EVENTS.md", bed.out));
        for language in ["rust", "typescript", "python"] {
            markdown.push(format!("{}/{language}/README.md", bed.out));
        }
    }
    let markdown: Vec<&str> = markdown.iter().map(String::as_str).collect();
    suite.run(
        "markdownlint of the catalogs and READMEs",
        ".",
        "tests/node/node_modules/.bin/markdownlint-cli2",
        &markdown,
    );
    suite.run(
        "prettier",
        ".",
        "tests/node/node_modules/.bin/prettier",
        &prettier,
    );
}

/// The module folder of a generated Python package (the one with `py.typed`).
pub(crate) fn module_in(dir: &Path) -> String {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .find(|e| e.path().join("py.typed").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .unwrap_or_default()
}

use crate::trial::VENV;

/// Writes the Python blocks of every bed's README to
/// `target/readme-python/`, one module a block, and lists them.
fn readme_blocks(beds: &[Bed]) -> Vec<String> {
    let dir = Path::new("target/readme-python");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::create_dir_all(dir);
    let mut files = Vec::new();
    for bed in beds {
        let readme = std::fs::read_to_string(format!("{}/python/README.md", bed.out));
        let text = readme.unwrap_or_default();
        let blocks = text.split("```python\n").skip(1);
        for (i, block) in blocks.enumerate() {
            let code = block.split("```").next().unwrap_or_default();
            let name = bed.out.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
            let file = dir.join(format!("readme_{name}_{i}.py"));
            if std::fs::write(&file, code).is_ok() {
                files.push(file.to_string_lossy().into_owned());
            }
        }
    }
    files
}

fn python(suite: &mut Suite, beds: &[Bed], checks: Checks) {
    let packages: Vec<String> = beds.iter().map(|b| format!("{}/python", b.out)).collect();
    let why = "the Python tests need Python 3.11 or newer with venv (Debian: apt-get install python3 python3-venv)";
    if !have("python3", why) {
        suite.record("Python tests (python3 missing)", false);
        return;
    }
    if !Path::new(VENV).join("bin/python").exists() {
        suite.run("virtualenv", ".", "python3", &["-m", "venv", VENV]);
    }
    let bin = |tool: &str| crate::trial::venv_bin(tool).to_string_lossy().into_owned();
    let pip = ["install", "--quiet", "--disable-pip-version-check"];
    let mut tools = pip.to_vec();
    tools.extend(["-r", "tests/python/requirements.txt"]);
    suite.run("pinned Python tools", ".", &bin("pip"), &tools);
    let mut install = pip.to_vec();
    install.extend(["--no-deps", "--no-build-isolation", "--force-reinstall"]);
    install.extend(packages.iter().map(String::as_str));
    suite.run(
        "pip install of the generated packages",
        ".",
        &bin("pip"),
        &install,
    );
    for dir in packages.iter().filter(|_| checks == Checks::All) {
        suite.run(
            &format!("ruff check {dir}"),
            dir,
            &bin("ruff"),
            &["check", "."],
        );
        suite.run(
            &format!("ruff format --check {dir}"),
            dir,
            &bin("ruff"),
            &["format", "--check", "."],
        );
    }
    let modules: Vec<String> = packages
        .iter()
        .map(|dir| format!("{dir}/{}", module_in(Path::new(dir))))
        .collect();
    let mut mypy = vec![
        "--strict",
        "--config-file",
        "generated/python/pyproject.toml",
        "tests/python",
    ];
    mypy.extend(modules.iter().map(String::as_str));
    // Each README's Python code, one file a block, so mypy holds the
    // README to the package's types as the package's own code is held.
    let readmes = readme_blocks(beds);
    mypy.extend(readmes.iter().map(String::as_str));
    if checks == Checks::All {
        suite.run("mypy --strict", ".", &bin("mypy"), &mypy);
    }
    suite.count(
        "pytest",
        &bin("python"),
        &[
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "tests/python",
        ],
        pytest_counts,
    );
}

/// Builds a copy of `generated/rust` outside the workspace, as a user who
/// vendors the crate would: it must need nothing from this repository.
fn standalone_build(cargo: &str) -> bool {
    let copy =
        std::env::temp_dir().join(format!("event-contracts-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    if let Err(e) = copy_dir(Path::new("generated/rust"), &copy) {
        eprintln!(
            "FAILED: cannot copy generated/rust to {}: {e}",
            copy.display()
        );
        return false;
    }
    let target = std::env::current_dir()
        .unwrap_or_default()
        .join("target/standalone");
    let manifest = copy.join("Cargo.toml");
    eprintln!(
        "==> generated crate builds alone: {cargo} build --manifest-path {}",
        manifest.display()
    );
    let ok = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_dir_all(&copy);
    if !ok {
        eprintln!("FAILED: generated crate builds alone");
    }
    ok
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(name))?;
        } else {
            std::fs::copy(entry.path(), to.join(name))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_runner_counts() {
        let line = "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(cargo_counts(line), Some((12, 0)));
        let line = "test result: FAILED. 4 passed; 1 failed; 0 ignored";
        assert_eq!(cargo_counts(line), Some((4, 1)));
        assert_eq!(node_counts("# pass 2"), Some((2, 0)));
        assert_eq!(node_counts("# fail 1"), Some((0, 1)));
        assert_eq!(node_counts("# tests 3"), None);
        assert_eq!(pytest_counts("3 passed in 1.34s"), Some((3, 0)));
        assert_eq!(pytest_counts("1 failed, 2 passed in 1.88s"), Some((2, 1)));
        assert_eq!(pytest_counts("no tests ran"), None);
    }
}
