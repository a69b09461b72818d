//! `cargo xtask breaking`: today's contracts against those of a published
//! revision, both checked by the same code into two [`Contracts`].
//!
//! - `diff.rs` compares two schemas keyword by keyword on the model and
//!   says which way each change moved what is accepted.
//! - `registry.rs` holds the rules: a published `(event_type,
//!   schema_version)` is immutable, entries are never removed, retired
//!   numbers never come back, statuses only move forward, the envelope stays.
//! - `bump.rs` decides the `package.version` bump the changes need.
//!
//! Nothing here reads files or git: the caller builds both models.

pub mod bump;
pub mod diff;
pub mod registry;

use serde::Serialize;

use crate::model::Contracts;
pub use bump::{Bump, Level};
pub use diff::{Change, Direction};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One broken rule, where, why, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The rule's name, as in the README's table (`schema-changed`,
    /// `entry-removed`, …); for schema changes the message names the keyword.
    pub rule: &'static str,
    /// File (relative to the contracts directory) and JSON pointer.
    pub file: String,
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<u64>,
    /// What changed, in a reviewer's words.
    pub message: String,
    /// Which side it breaks, for schema changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaks: Option<Direction>,
    /// What to do instead.
    pub advice: String,
}

/// How version `to` of an event type relates to version `from` (the
/// schema registries' compatibility modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `to` accepts everything `from` did: new consumers read old data.
    Backward,
    /// `from` accepts everything `to` does: old consumers read new data.
    Forward,
    /// Both: the two accept the same documents.
    Full,
    /// Neither.
    None,
}

impl Mode {
    /// The mode a list of changes from one version to the next amounts to.
    pub fn of(changes: &[Change]) -> Mode {
        let all = |d: Direction| changes.iter().all(|c| c.direction == d);
        if changes.is_empty() {
            Mode::Full
        } else if all(Direction::Widens) {
            Mode::Backward
        } else if all(Direction::Narrows) {
            Mode::Forward
        } else {
            Mode::None
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Mode::Backward => {
                "backward compatible: consumers of the new version read data of the old"
            }
            Mode::Forward => {
                "forward compatible: consumers of the old version read data of the new"
            }
            Mode::Full => "fully compatible: both accept the same documents",
            Mode::None => "not compatible either way: consumers must handle each version apart",
        }
    }
}

/// Information about a version added since the published revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compatibility {
    pub event_type: String,
    pub from: u64,
    pub to: u64,
    pub mode: Mode,
    /// The changes from `from` to `to`, for the reader who plans a migration.
    pub changes: Vec<Change>,
}

/// Everything `breaking` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub compatibility: Vec<Compatibility>,
    pub bump: Bump,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Compares the published contracts (`old`) with today's (`new`).
pub fn compare(old: &Contracts, new: &Contracts) -> Report {
    let mut findings = Vec::new();
    let mut reasons = bump::Reasons::default();
    registry::entries(old, new, &mut findings, &mut reasons);
    registry::envelope(old, new, &mut findings, &mut reasons);
    let compatibility = registry::new_versions(old, new);
    let bump = bump::decide(&old.package.version, &new.package.version, reasons);
    if let Some(mut finding) = bump.finding() {
        if findings.iter().any(|f| f.severity == Severity::Error) {
            // A bump does not make a change to a published version allowed.
            finding
                .advice
                .push_str(" (after the other errors are fixed, a smaller bump may do)");
        }
        findings.push(finding);
    }
    findings.sort_by(|a, b| {
        (a.severity, &a.file, &a.pointer, &a.message)
            .cmp(&(b.severity, &b.file, &b.pointer, &b.message))
    });
    Report {
        findings,
        compatibility,
        bump,
    }
}
