//! Generation at scale: `codegen` and `check` over synthetic corpora of
//! growing size, each run as a child process so its time and memory are its
//! own, printed with the output's size and the growth between sizes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure::{self, median};
use super::synthetic;

/// The figures of one corpus size.
struct Row {
    size: usize,
    codegen: Duration,
    check: Duration,
    /// The largest peak resident set size over every run of this size.
    peak_rss: Option<u64>,
    files: usize,
    bytes: u64,
    rust_bytes: u64,
}

/// Benchmarks every size in turn and prints the table; an error only when a
/// corpus cannot be written or a command fails (never for being slow).
pub fn run(sizes: &[usize], runs: usize, seed: u64) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    println!(
        "generation: `codegen` and `check` of all packages, median of {runs} run(s), seed {seed}{}",
        profile_note()
    );
    let mut rows = Vec::new();
    for &size in sizes {
        let dir = PathBuf::from(format!("target/bench/{size}"));
        let contracts = dir.join("contracts");
        let out = dir.join("out");
        synthetic::write(&contracts, size, seed)
            .map_err(|e| format!("{}: cannot write the corpus: {e}", contracts.display()))?;
        let row = bench_size(&exe, size, &contracts, &out, runs)?;
        print_row(&row, rows.is_empty());
        rows.push(row);
    }
    print_growth(&rows);
    if let Some(&largest) = sizes.iter().max() {
        start_up(
            &PathBuf::from(format!("target/bench/{largest}/out")),
            largest,
        )?;
    }
    Ok(())
}

/// What a consumer that starts cold pays for the largest corpus: importing
/// the Python package and loading the built TypeScript module, each the
/// median of three fresh processes.
fn start_up(out: &Path, size: usize) -> Result<(), String> {
    if let Err(e) = crate::trial::ensure_tools() {
        println!("start-up: skipped: {e}");
        return Ok(());
    }
    let python_dir = out.join("python");
    let module = crate::test::module_in(&python_dir);
    let import = median_seconds(|| {
        Command::new(crate::trial::venv_bin("python"))
            .args([
                "-c",
                "import importlib, sys, time\nt = time.perf_counter()\nimportlib.import_module(sys.argv[1])\nprint(time.perf_counter() - t)",
                &module,
            ])
            .env("PYTHONPATH", &python_dir)
            .output()
    })?;
    let typescript = out.join("typescript");
    let tsc = Command::new("tests/node/node_modules/.bin/tsc")
        .arg("-p")
        .arg(typescript.join("tsconfig.json"))
        .status()
        .map_err(|e| format!("tsc: {e}"))?;
    if !tsc.success() {
        return Err(format!("tsc -p {} failed", typescript.display()));
    }
    let index = std::fs::canonicalize(typescript.join("dist/index.js"))
        .map_err(|e| format!("{}: {e}", typescript.display()))?;
    let load = median_seconds(|| {
        Command::new("node")
            .args([
                "--input-type=module",
                "-e",
                "const t = performance.now(); await import(process.argv[1]); console.log((performance.now() - t) / 1000);",
            ])
            .arg(&index)
            .output()
    })?;
    println!(
        "start-up at {size} events (median of 3 fresh processes): Python `import {module}` {import:.2} s (target < 1 s); TypeScript `import` of the built module {load:.2} s"
    );
    Ok(())
}

/// The median of three runs of a command that prints its own seconds.
fn median_seconds(run: impl Fn() -> std::io::Result<std::process::Output>) -> Result<f64, String> {
    let mut times = Vec::new();
    for _ in 0..3 {
        let out = run().map_err(|e| format!("start-up: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "start-up: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let secs: f64 = text
            .trim()
            .parse()
            .map_err(|e| format!("start-up: {text:?}: {e}"))?;
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[1])
}

fn bench_size(
    exe: &Path,
    size: usize,
    contracts: &Path,
    out: &Path,
    runs: usize,
) -> Result<Row, String> {
    let command = |name: &str| {
        let mut cmd = Command::new(exe);
        cmd.arg(name)
            .arg("--contracts")
            .arg(contracts)
            .arg("--out")
            .arg(out);
        cmd
    };
    let mut codegen = Vec::new();
    let mut check = Vec::new();
    let mut peak = None;
    for _ in 0..runs.max(1) {
        // Every `codegen` run writes a whole tree from nothing, the costly case.
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let r = measure::run(&mut command("codegen"))?;
        codegen.push(r.wall);
        peak = peak.max(r.peak_rss);
    }
    // `check` on the up-to-date tree the last `codegen` left.
    for _ in 0..runs.max(1) {
        let r = measure::run(&mut command("check"))?;
        check.push(r.wall);
        peak = peak.max(r.peak_rss);
    }
    let (files, bytes, rust_bytes) =
        tree_size(out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(Row {
        size,
        codegen: median(codegen),
        check: median(check),
        peak_rss: peak,
        files,
        bytes,
        rust_bytes,
    })
}

/// Files and bytes under `out`, and the bytes of the Rust package's sources.
fn tree_size(out: &Path) -> std::io::Result<(usize, u64, u64)> {
    let (mut files, mut bytes, mut rust) = (0, 0, 0);
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
                continue;
            }
            files += 1;
            bytes += meta.len();
            let path = entry.path();
            if path.starts_with(out.join("rust")) && path.extension().is_some_and(|x| x == "rs") {
                rust += meta.len();
            }
        }
    }
    Ok((files, bytes, rust))
}

/// Say which build the figures are from: `cargo xtask` is the dev profile,
/// whose `codegen` and dependencies are optimized (the workspace
/// `Cargo.toml`), so its figures are what users get.
fn profile_note() -> &'static str {
    if cfg!(debug_assertions) {
        " (dev build of xtask, as `cargo xtask` runs it)"
    } else {
        " (release build of xtask)"
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn print_row(r: &Row, first: bool) {
    if first {
        println!(
            "{:>6} {:>10} {:>10} {:>10} {:>7} {:>11} {:>14} {:>13}",
            "events",
            "codegen",
            "check",
            "peak mem",
            "files",
            "output",
            "rust / event",
            "codegen / ev"
        );
    }
    let per_event = |x: f64| x / r.size.max(1) as f64;
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>7} {:>11} {:>11.1} KB {:>10.2} ms",
        r.size,
        secs(r.codegen),
        secs(r.check),
        r.peak_rss.map(mib).unwrap_or_else(|| "n/a".into()),
        r.files,
        mib(r.bytes),
        per_event(r.rust_bytes as f64) / 1000.0,
        per_event(r.codegen.as_secs_f64() * 1000.0),
    );
}

/// Growth between consecutive sizes: with linear cost, time and output grow
/// by the size's own factor.
fn print_growth(rows: &[Row]) {
    if rows.len() < 2 {
        return;
    }
    println!("growth between sizes (linear cost: time grows by the size factor)");
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ratio = |x: f64, y: f64| if x > 0.0 { y / x } else { f64::NAN };
        let mem = match (a.peak_rss, b.peak_rss) {
            (Some(x), Some(y)) => format!("x{:.2}", ratio(x as f64, y as f64)),
            _ => "n/a".into(),
        };
        println!(
            "{:>6} -> {:<6} size x{:<6.1} codegen x{:<6.2} check x{:<6.2} memory {:<7} output x{:.2}",
            a.size,
            b.size,
            ratio(a.size as f64, b.size as f64),
            ratio(a.codegen.as_secs_f64(), b.codegen.as_secs_f64()),
            ratio(a.check.as_secs_f64(), b.check.as_secs_f64()),
            mem,
            ratio(a.bytes as f64, b.bytes as f64),
        );
    }
}
