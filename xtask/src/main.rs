//! `cargo xtask …`: the project's commands (SPEC "Commands").
//!
//! Exit status: 0 success; 1 invalid contracts, stale output or failed tests;
//! 2 wrong usage (clap's own status for usage errors).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod bench;
mod breaking;
mod fuzz_contracts;
mod suite;
mod test;
mod trial;

// Generation allocates and frees millions of small syntax-tree nodes, on
// two threads at once; glibc's malloc was over a third of a run's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Compare the contracts with those at a git revision: a change to a
    /// published event version, a removed entry, a reused retired number or
    /// a missing package.version bump is an error.
    Breaking {
        /// The published revision (a tag, branch or commit).
        #[arg(long, value_name = "GIT_REF")]
        against: String,
        #[arg(long, default_value = "schemas")]
        contracts: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: breaking::Format,
    },
    /// Run the whole test suite (what CI runs).
    Test,
    /// Run the conformance corpus through every runtime against the reference.
    Conformance,
    /// Run the official JSON Schema test suite through all three generated
    /// packages (fetched pinned from PyPI into target/suite).
    Suite,
    /// Generate, build and check all three packages of any contracts
    /// directory, and judge them on documents drawn from its schemas.
    Trial {
        #[arg(long)]
        contracts: PathBuf,
    },
    /// Random contracts (seeded, reproducible), each run through all three
    /// generated packages against the reference validator.
    FuzzContracts {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many payload contracts (25 share one build per runtime).
        #[arg(long, default_value_t = 100)]
        count: usize,
        /// Skip the batches before this one (a failure names its batch, so
        /// that it can be run again alone with `--count 25`).
        #[arg(long, default_value_t = 1)]
        batch: usize,
    },
    /// Print performance figures: generation at scale (synthetic corpora) and
    /// validation throughput per runtime (generated vs generic validators).
    Bench {
        /// Run one section alone (default: both).
        #[arg(long, value_enum)]
        only: Option<bench::Section>,
        /// Corpus sizes, in payload schemas (5000 takes about a minute per run).
        #[arg(long, value_delimiter = ',', default_value = "10,100,1000,5000")]
        sizes: Vec<usize>,
        /// Runs per measurement, the median printed (generation: per command
        /// and size; validation: per validator).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Seed of the synthetic corpus (the same seed gives the same files).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Validation: the runtimes to measure.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "rust,python,typescript"
        )]
        runtimes: Vec<bench::Runtime>,
        /// Validation: seconds each run lasts at least.
        #[arg(long, default_value_t = 0.5)]
        min_time: f64,
        /// Validation: build the Rust runner in the dev profile (quick, for
        /// tests; its figures then mean nothing).
        #[arg(long)]
        dev: bool,
    },
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
        Cmd::Breaking {
            against,
            contracts,
            format,
        } => return breaking::run(&against, &contracts, format),
        Cmd::Test => test::run(),
        Cmd::Conformance => test::conformance(),
        Cmd::Suite => suite::run(),
        Cmd::Trial { contracts } => trial::run_dir(&contracts),
        Cmd::FuzzContracts { seed, count, batch } => fuzz_contracts::run(seed, count, batch),
        Cmd::Bench {
            only,
            sizes,
            runs,
            seed,
            runtimes,
            min_time,
            dev,
        } => bench::run(&bench::Options {
            sizes,
            runs,
            seed,
            only,
            validation: bench::ValidationSettings {
                runtimes,
                runs,
                min_time,
                dev,
            },
        }),
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
                        "error: {}: cannot write the generated files: {e}; nothing under it was changed \
                         (the output directory and its parent must be writable, with room for a second copy)",
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
    match codegen::lint(contracts) {
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
