//! `cargo xtask breaking --against REF`: reads the contracts directory as it
//! was at a git revision (from git's object store, never the work tree),
//! builds both models with the same code (`codegen::load::from_files`,
//! `codegen::check_sources`), and prints what `codegen::compat` found.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use codegen::compat::{self, Report, Severity};
use codegen::load::MAX_FILE_BYTES;
use codegen::{Contracts, Diagnostics};

/// How the findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics on stderr, one per finding, with what to do instead.
    Text,
    /// One JSON document on stdout (findings, compatibility, bump), for CI.
    Json,
}

/// Runs the command: 0 when nothing breaks, 1 on a finding or invalid
/// contracts, 2 when the revision or repository cannot be read.
pub fn run(against: &str, contracts: &Path, format: Format) -> ExitCode {
    let new = match codegen::check(contracts) {
        Ok((model, _warnings)) => model,
        Err(diags) => {
            report_diagnostics(&diags);
            eprintln!(
                "breaking: the contracts in {} are invalid; fix them first (`cargo xtask lint`)",
                contracts.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let files = match read_at_revision(contracts, against) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if files.is_empty() {
        eprintln!(
            "breaking: {} held no contracts at {against}: nothing was published, nothing can break",
            contracts.display()
        );
        if format == Format::Json {
            println!(
                "{}",
                serde_json::json!({ "against": against, "findings": [], "ok": true })
            );
        }
        return ExitCode::SUCCESS;
    }
    let old = match model_at(contracts, against, files) {
        Ok(model) => model,
        Err(diags) => {
            report_diagnostics(&diags);
            eprintln!(
                "breaking: the contracts in {} at {against} are invalid, so there is nothing sound to compare with",
                contracts.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let report = compat::compare(&old, &new);
    match format {
        Format::Text => print_text(&report, against),
        Format::Json => print_json(&report, against, contracts),
    }
    if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn report_diagnostics(diags: &Diagnostics) {
    for d in diags.clone().sorted() {
        eprintln!("{d}");
    }
}

fn model_at(
    contracts: &Path,
    rev: &str,
    files: BTreeMap<String, Vec<u8>>,
) -> Result<Contracts, Diagnostics> {
    let mut diags = Diagnostics::default();
    let root = PathBuf::from(format!("{}@{rev}", contracts.display()));
    let sources = codegen::load::from_files(&root, files, &mut diags);
    codegen::check_sources(&sources, diags).map(|(model, _)| model)
}

/// Every `*.json` file below `contracts` at `rev`, by path relative to it,
/// skipping what `load` skips (dot folders, `node_modules`, `target`).
/// Empty when the directory did not exist at `rev`.
fn read_at_revision(contracts: &Path, rev: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let dir = contracts
        .canonicalize()
        .map_err(|e| format!("{}: {e}", contracts.display()))?;
    let top = git(&dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("{} is not inside a git repository: {e}", dir.display()))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim())
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let commit = git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("{rev:?} is not a commit in {}", top.display()))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    let prefix = dir
        .strip_prefix(&top)
        .map_err(|_| format!("{} is outside {}", dir.display(), top.display()))?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let mut args = vec!["ls-tree", "-r", "-z", "--name-only", commit.as_str()];
    if !prefix.is_empty() {
        args.extend(["--", prefix.as_str()]);
    }
    let listing = git(&top, &args)?;
    let paths: Vec<(String, String)> = listing
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let full = String::from_utf8_lossy(p).into_owned();
            let rel = if prefix.is_empty() {
                full.clone()
            } else {
                full.strip_prefix(&format!("{prefix}/"))?.to_owned()
            };
            let skipped = rel
                .split('/')
                .any(|c| c.starts_with('.') || c == "node_modules" || c == "target");
            (rel.ends_with(".json") && !skipped).then_some((full, rel))
        })
        .collect();
    let blobs = cat_files(&top, &commit, paths.iter().map(|p| p.0.as_str()))?;
    Ok(paths.into_iter().map(|p| p.1).zip(blobs).collect())
}

/// Runs git in `dir`, returning its stdout, or its stderr as the error.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// Reads many blobs with one `git cat-file --batch`.
fn cat_files<'p>(
    top: &Path,
    commit: &str,
    paths: impl Iterator<Item = &'p str>,
) -> Result<Vec<Vec<u8>>, String> {
    let requests: String = paths.map(|p| format!("{commit}:{p}\n")).collect();
    let count = requests.lines().count();
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    // Written from a thread: git answers while it reads, and a full pipe
    // on either side would otherwise stop both.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| e.to_string())?;
        // `<sha> blob <size>`, or `<name> missing`.
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected answer {header:?}"))?;
        if size > MAX_FILE_BYTES {
            return Err(format!(
                "a file at {commit} is {size} bytes, over the limit of {MAX_FILE_BYTES}"
            ));
        }
        let mut blob = vec![0; size as usize + 1]; // and the newline after it
        out.read_exact(&mut blob).map_err(|e| e.to_string())?;
        blob.pop();
        blobs.push(blob);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

fn print_text(report: &Report, against: &str) {
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        eprintln!(
            "{level}: {}#{}: {} [{}]",
            f.file, f.pointer, f.message, f.rule
        );
        eprintln!("  help: {}", f.advice);
    }
    for c in &report.compatibility {
        eprintln!(
            "info: {} v{} → v{}: {}",
            c.event_type,
            c.from,
            c.to,
            c.mode.describe()
        );
        for change in &c.changes {
            let path = if change.path.is_empty() {
                String::new()
            } else {
                format!("`{}`: ", change.path)
            };
            eprintln!("  - {path}{} ({:?})", change.what, change.direction);
        }
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let b = &report.bump;
    let bump = if b.reasons.is_empty() {
        format!("package.version {} → {}: no bump needed", b.from, b.to)
    } else {
        format!(
            "package.version {} → {}: a {} bump needed ({})",
            b.from,
            b.to,
            b.required.as_str(),
            if b.ok { "made" } else { "not made" }
        )
    };
    eprintln!(
        "breaking: against {against}: {} error(s), {} warning(s); {bump}",
        count(Severity::Error),
        count(Severity::Warning)
    );
}

fn print_json(report: &Report, against: &str, contracts: &Path) {
    let doc = serde_json::json!({
        "against": against,
        "contracts": contracts.display().to_string(),
        "ok": !report.has_errors(),
        "findings": report.findings,
        "compatibility": report.compatibility,
        "bump": report.bump,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).expect("the report serializes")
    );
}
