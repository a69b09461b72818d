//! `cargo xtask bench`: performance figures, printed, never a verdict on
//! speed (a busy machine must not fail a build).
//!
//! - `synthetic`: the synthetic contracts directories, deterministic from a seed;
//! - `measure`: one timed child process, with its own peak memory;
//! - `generation`: `codegen` and `check` over growing corpora;
//! - `validation`: events per second of each runtime's generated validator
//!   against the generic one its users would otherwise call.

mod generation;
mod measure;
mod synthetic;
mod validation;

pub use validation::{Runtime, Settings as ValidationSettings};

/// The sections of `cargo xtask bench`; by default both run.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Section {
    Generation,
    Validation,
}

/// What `cargo xtask bench` measures.
pub struct Options {
    /// Corpus sizes, in payload schemas (registry entries).
    pub sizes: Vec<usize>,
    /// Runs per command and size; the median is printed.
    pub runs: usize,
    /// Seed of the synthetic corpus.
    pub seed: u64,
    /// One section alone, or both.
    pub only: Option<Section>,
    pub validation: ValidationSettings,
}

/// Runs the benchmarks; false when one could not run at all.
pub fn run(options: &Options) -> bool {
    let wanted = |s: Section| options.only.is_none_or(|only| only == s);
    let mut ok = true;
    if wanted(Section::Generation) {
        ok &= report(generation::run(&options.sizes, options.runs, options.seed));
    }
    if wanted(Section::Validation) {
        ok &= report(validation::run(&options.validation));
    }
    ok
}

fn report(result: Result<(), String>) -> bool {
    result
        .inspect_err(|e| eprintln!("error: bench: {e}"))
        .is_ok()
}
