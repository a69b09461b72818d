//! Reads event contracts (a registry and JSON Schemas), checks them, and
//! emits typed bindings. The data flows one way:
//!
//! `load` (files) → `lower` (read keywords; `resolve` finds each `$ref`) → `model`
//! (events, names, judges) → `emit` (one walk per language) → `write`.

pub mod checks;
pub mod compat;
pub mod diagnostics;
pub mod emit;
pub mod home;
pub mod implied;
pub mod keywords;
pub mod lint;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
mod parallel;
pub mod registry;
pub mod resolve;
/// The generated crate's validator, compiled in here too: `lint` judges
/// `examples` and `breaking` compares values with exactly the code that
/// judges events at run time.
/// (`rustfmt::skip`: the template is copied verbatim under an `@generated`
/// header, which rustfmt leaves alone; formatted here, it would drift.)
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../templates/rust/runtime.rs"]
pub(crate) mod runtime;
pub mod schema;
pub mod strict_json;
pub mod verdict;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::{Header, Output};
pub use model::Contracts;

/// Loads and checks a contracts directory.
///
/// Returns the model and the warnings, or every diagnostic when any is an error.
pub fn check(dir: &Path) -> Result<(Contracts, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let sources = load::load(dir, &mut diags);
    check_sources(&sources, diags)
}

/// Checks contracts already read (from disk, a git revision or memory),
/// adding to the diagnostics the reading produced.
pub fn check_sources(
    sources: &load::Sources,
    mut diags: Diagnostics,
) -> Result<(Contracts, Diagnostics), Diagnostics> {
    let model = model::build(sources, &mut diags);
    match model {
        Some(m) if !diags.has_errors() => Ok((m, diags)),
        _ => Err(diags),
    }
}

/// Loads and checks a contracts directory, then runs the lint rules
/// (`lint.rs`) on the model. Returns the model and the warnings, or every
/// diagnostic when any is an error.
pub fn lint(dir: &Path) -> Result<(Contracts, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let sources = load::load(dir, &mut diags);
    let (contracts, mut diags) = check_sources(&sources, diags)?;
    lint::lint(&sources, &contracts, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((contracts, diags))
    }
}

/// Loads, checks and emits every package, in memory.
pub fn generate(dir: &Path, header: &Header) -> Result<(Output, Diagnostics), Diagnostics> {
    let (contracts, diags) = check(dir)?;
    Ok((emit::emit_all(&contracts, header), diags))
}
