//! `cargo xtask bench`: performance figures, printed, never a verdict on
//! speed (a busy machine must not fail a build).
//!
//! - `corpus`: the synthetic contracts directories, deterministic from a seed;
//! - `measure`: one timed child process, with its own peak memory;
//! - `generation`: `codegen` and `check` over growing corpora.

mod corpus;
mod generation;
mod measure;

/// What `cargo xtask bench` measures.
pub struct Options {
    /// Corpus sizes, in payload schemas (registry entries).
    pub sizes: Vec<usize>,
    /// Runs per command and size; the median is printed.
    pub runs: usize,
    /// Seed of the synthetic corpus.
    pub seed: u64,
}

/// Runs the benchmarks; false when one could not run at all.
pub fn run(options: &Options) -> bool {
    match generation::run(&options.sizes, options.runs, options.seed) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("error: bench: {e}");
            false
        }
    }
}
