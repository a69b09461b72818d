//! `cargo xtask …`: the project's commands (SPEC "Commands").
//!
//! Exit status: 0 success; 1 invalid contracts, stale output or failed tests;
//! 2 wrong usage (clap's own status for usage errors).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use codegen::{Diagnostics, Header, Severity};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Typed event bindings from JSON Schema contracts"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read and check the contracts, then write all packages under --out.
    Codegen(Dirs),
    /// Regenerate in memory and compare with --out; exit 1 on drift.
    Check(Dirs),
    /// Check the registry and schemas without generating.
    Lint {
        #[arg(long, default_value = "schemas")]
        contracts: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the whole test suite (what CI runs).
    Test,
}

#[derive(Args)]
struct Dirs {
    /// The contracts directory (registry.json and schemas).
    #[arg(long, default_value = "schemas")]
    contracts: PathBuf,
    /// Where the packages are written.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Paths are relative to the repository root, wherever cargo was run from.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is in the workspace");
    let _ = std::env::set_current_dir(root);
    let ok = match cli.command {
        Cmd::Codegen(d) => codegen_cmd(&d),
        Cmd::Check(d) => check_cmd(&d),
        Cmd::Lint {
            contracts,
            deny_warnings,
        } => lint_cmd(&contracts, deny_warnings),
        Cmd::Test => test_cmd(),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn header(contracts: &Path) -> Header {
    Header {
        contracts: contracts.display().to_string().replace('\\', "/"),
    }
}

fn report(diags: &Diagnostics) {
    for d in diags.clone().sorted() {
        eprintln!("{d}");
    }
}

fn summary(diags: &Diagnostics) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    format!("{errors} error(s), {warnings} warning(s)")
}

fn codegen_cmd(d: &Dirs) -> bool {
    let start = Instant::now();
    match codegen::generate(&d.contracts, &header(&d.contracts)) {
        Err(diags) => {
            report(&diags);
            eprintln!(
                "codegen: {} in {}; nothing under {} was changed",
                summary(&diags),
                d.contracts.display(),
                d.out.display()
            );
            false
        }
        Ok((output, diags)) => {
            report(&diags);
            match codegen::write::write(&output, &d.out) {
                Ok(changed) => {
                    eprintln!(
                        "codegen: {} files generated under {} ({changed} changed) in {:.2?}",
                        output.files.len(),
                        d.out.display(),
                        start.elapsed()
                    );
                    true
                }
                Err(e) => {
                    eprintln!(
                        "error: {}: cannot write the generated files: {e}",
                        d.out.display()
                    );
                    false
                }
            }
        }
    }
}

fn check_cmd(d: &Dirs) -> bool {
    let (output, diags) = match codegen::generate(&d.contracts, &header(&d.contracts)) {
        Ok(x) => x,
        Err(diags) => {
            report(&diags);
            eprintln!("check: {} in {}", summary(&diags), d.contracts.display());
            return false;
        }
    };
    report(&diags);
    let drift = codegen::write::compare(&output, &d.out);
    if drift.is_empty() {
        eprintln!(
            "check: {} is up to date ({} files)",
            d.out.display(),
            output.files.len()
        );
        return true;
    }
    for (path, diff) in &drift.stale {
        eprintln!("stale: {}", d.out.join(path).display());
        eprint!("{diff}");
    }
    for path in &drift.missing {
        eprintln!("missing: {}", d.out.join(path).display());
    }
    for path in &drift.extra {
        eprintln!(
            "extra: {} (no longer generated)",
            d.out.join(path).display()
        );
    }
    let fix = if d.contracts == Path::new("schemas") && d.out == Path::new("generated") {
        "cargo xtask codegen".to_owned()
    } else {
        format!(
            "cargo xtask codegen --contracts {} --out {}",
            d.contracts.display(),
            d.out.display()
        )
    };
    eprintln!(
        "check: {} is out of date ({} stale, {} missing, {} extra): run `{fix}` and commit the updated files",
        d.out.display(),
        drift.stale.len(),
        drift.missing.len(),
        drift.extra.len()
    );
    false
}

fn lint_cmd(contracts: &Path, deny_warnings: bool) -> bool {
    match codegen::check(contracts) {
        Err(diags) => {
            report(&diags);
            eprintln!("lint: {}", summary(&diags));
            false
        }
        Ok((model, diags)) => {
            report(&diags);
            if !model.unchecked_formats.is_empty() {
                let list: Vec<&str> = model.unchecked_formats.iter().map(String::as_str).collect();
                eprintln!(
                    "note: formats left unchecked (annotations only): {}",
                    list.join(", ")
                );
            }
            eprintln!(
                "lint: {} event versions, {}",
                model.events.len(),
                summary(&diags)
            );
            !(deny_warnings && diags.has_warnings())
        }
    }
}

/// Runs one step of the test suite, printing what it runs.
fn step(name: &str, program: &str, args: &[&str]) -> bool {
    eprintln!("==> {name}: {program} {}", args.join(" "));
    match Command::new(program).args(args).status() {
        Ok(status) if status.success() => true,
        Ok(status) => {
            eprintln!("FAILED: {name} ({status})");
            false
        }
        Err(e) => {
            eprintln!("FAILED: {name}: cannot run `{program}`: {e} (is it installed and on PATH?)");
            false
        }
    }
}

fn test_cmd() -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let steps: Vec<(&str, Vec<&str>)> = vec![
        ("drift check of generated/", vec!["xtask", "check"]),
        (
            "drift check of the keyword test bed",
            vec![
                "xtask",
                "check",
                "--contracts",
                "tests/keywords",
                "--out",
                "tests/keywords/generated",
            ],
        ),
        ("formatting", vec!["fmt", "--all", "--check"]),
        (
            "clippy",
            vec![
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    let mut failed = Vec::new();
    for (name, args) in &steps {
        if !step(name, &cargo, args) {
            failed.push(*name);
        }
    }
    if !standalone_build(&cargo) {
        failed.push("generated crate builds alone");
    }
    let (passed, failures) = match cargo_tests(&cargo) {
        Some(counts) => counts,
        None => {
            failed.push("workspace tests");
            (0, 1)
        }
    };
    if failures > 0 && !failed.contains(&"workspace tests") {
        failed.push("workspace tests");
    }
    if failed.is_empty() {
        eprintln!("xtask test: all {} steps passed", steps.len() + 2);
    } else {
        eprintln!("xtask test: failed: {}", failed.join(", "));
    }
    // The closing line CI reads: every test of every step.
    println!("{passed} passed, {failures} failed");
    failed.is_empty()
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
    let ok = step(
        "generated crate builds alone",
        cargo,
        &[
            "build",
            "--quiet",
            "--manifest-path",
            &manifest.to_string_lossy(),
            "--target-dir",
            &target.to_string_lossy(),
        ],
    );
    let _ = std::fs::remove_dir_all(&copy);
    ok
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
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

/// Runs `cargo test --workspace`, echoing its output, and adds up its counts.
fn cargo_tests(cargo: &str) -> Option<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    eprintln!("==> workspace tests: {cargo} test --workspace");
    let mut child = Command::new(cargo)
        .args(["test", "--workspace"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take()?)
        .lines()
        .map_while(Result::ok)
    {
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            let count = |word: &str| -> u64 {
                rest.split(';')
                    .find_map(|part| {
                        part.trim()
                            .trim_start_matches("ok. ")
                            .trim_start_matches("FAILED. ")
                            .strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            passed += count(" passed");
            failed += count(" failed");
        }
    }
    let status = child.wait().ok()?;
    if !status.success() && failed == 0 {
        failed = 1; // it did not compile, or a test binary crashed
    }
    Some((passed, failed))
}
