//! Which `package.version` bump the changes since the published revision
//! need, under Cargo's reading of semantic versions (which npm and PyPI
//! users read the same way): in `1.2.3` a breaking change bumps 1, an
//! addition 2, a fix 3; in `0.2.3` a breaking change bumps 2 and anything
//! else 3; in `0.0.3` every change is breaking.
//!
//! - major: an event version removed or retired (its type leaves the
//!   generated API), a published schema or the envelope changed;
//! - minor: an event version added, or deprecated (the code warns);
//! - patch: annotations or registry documentation changed (doc comments,
//!   the catalog);
//! - none: nothing the generated packages show changed.

use serde::Serialize;

use super::{Finding, Severity};
use crate::registry::REGISTRY_FILE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Patch,
    Minor,
    Major,
}

impl Level {
    /// `major`, `minor`, `patch`, or `no` (as in "a no bump").
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "no",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// Why a bump is needed, collected while comparing.
#[derive(Debug, Default)]
pub struct Reasons {
    list: Vec<(Level, String)>,
}

impl Reasons {
    pub fn major(&mut self, why: String) {
        self.list.push((Level::Major, why));
    }
    pub fn minor(&mut self, why: String) {
        self.list.push((Level::Minor, why));
    }
    pub fn patch(&mut self, why: String) {
        self.list.push((Level::Patch, why));
    }
}

/// The bump needed, the bump made, and whether it is enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bump {
    pub required: Level,
    /// The reasons for the required level, each once.
    pub reasons: Vec<String>,
    pub from: String,
    pub to: String,
    /// `None` when a version is not `x.y.z` or went backwards.
    pub made: Option<Level>,
    /// The smallest version that is enough, when the one given is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested: Option<String>,
    pub ok: bool,
}

/// Compares the bump from `from` to `to` with what `reasons` require.
pub fn decide(from: &str, to: &str, reasons: Reasons) -> Bump {
    let required = reasons
        .list
        .iter()
        .map(|r| r.0)
        .max()
        .unwrap_or(Level::None);
    let mut why: Vec<String> = Vec::new();
    for (level, reason) in reasons.list {
        if level == required && !why.contains(&reason) {
            why.push(reason);
        }
    }
    let (a, b) = (core(from), core(to));
    let made = match (a, b) {
        (Some(a), Some(b)) if b >= a => Some(level_made(a, b)),
        _ => None,
    };
    let ok = made.is_some_and(|m| m >= required) || (required == Level::None && a == b);
    let suggested = match a {
        Some(a) if !ok => Some(bumped(a, required)),
        _ => None,
    };
    Bump {
        required,
        reasons: why,
        from: from.to_owned(),
        to: to.to_owned(),
        made,
        suggested,
        ok,
    }
}

impl Bump {
    /// The error when the bump made is not enough.
    pub fn finding(&self) -> Option<Finding> {
        if self.ok {
            return None;
        }
        let made = match self.made {
            Some(Level::None) => "unchanged".to_owned(),
            Some(level) => format!("a {} bump", level.as_str()),
            None => "not an increase of a semantic version x.y.z".to_owned(),
        };
        let mut reasons = self.reasons.clone();
        if reasons.len() > 3 {
            let more = reasons.len() - 3;
            reasons.truncate(3);
            reasons.push(format!("{more} more"));
        }
        let advice = match &self.suggested {
            Some(v) => format!("set package.version to {v}"),
            None => "set package.version to a higher x.y.z".to_owned(),
        };
        Some(Finding {
            severity: Severity::Error,
            rule: "version-not-bumped",
            file: REGISTRY_FILE.to_owned(),
            pointer: "/package/version".to_owned(),
            event_type: None,
            schema_version: None,
            message: format!(
                "package.version {} → {} is {made}, but the changes need a {} bump ({})",
                self.from,
                self.to,
                self.required.as_str(),
                reasons.join(", ")
            ),
            breaks: None,
            advice,
        })
    }
}

/// `x.y.z` without pre-release or build suffixes.
fn core(version: &str) -> Option<[u64; 3]> {
    let core = version.split(['-', '+']).next()?;
    let parts: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    parts.try_into().ok()
}

/// The first component that is not zero decides compatibility (Cargo).
fn lead(v: [u64; 3]) -> usize {
    v.iter().position(|&c| c != 0).unwrap_or(2)
}

fn level_made(a: [u64; 3], b: [u64; 3]) -> Level {
    let Some(i) = (0..3).find(|&i| a[i] != b[i]) else {
        return Level::None;
    };
    let lead = lead(a);
    if i <= lead {
        Level::Major
    } else if i == lead + 1 {
        Level::Minor
    } else {
        Level::Patch
    }
}

fn bumped(a: [u64; 3], level: Level) -> String {
    let offset = match level {
        Level::Major | Level::None => 0,
        Level::Minor => 1,
        Level::Patch => 2,
    };
    let at = (lead(a) + offset).min(2);
    let mut v = a;
    v[at] += 1;
    for c in &mut v[at + 1..] {
        *c = 0;
    }
    format!("{}.{}.{}", v[0], v[1], v[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(level: Level) -> Reasons {
        let mut r = Reasons::default();
        r.list.push((level, "why".to_owned()));
        r
    }

    #[test]
    fn cargo_reading_of_versions() {
        assert_eq!(level_made([1, 2, 3], [2, 0, 0]), Level::Major);
        assert_eq!(level_made([1, 2, 3], [1, 3, 0]), Level::Minor);
        assert_eq!(level_made([1, 2, 3], [1, 2, 4]), Level::Patch);
        assert_eq!(level_made([0, 2, 3], [0, 3, 0]), Level::Major);
        assert_eq!(level_made([0, 2, 3], [0, 2, 4]), Level::Minor);
        assert_eq!(level_made([0, 0, 3], [0, 0, 4]), Level::Major);
        assert_eq!(bumped([0, 1, 0], Level::Minor), "0.1.1");
        assert_eq!(bumped([0, 1, 0], Level::Major), "0.2.0");
        assert_eq!(bumped([1, 1, 7], Level::Minor), "1.2.0");
    }

    #[test]
    fn not_enough_and_backwards_fail() {
        assert!(decide("0.1.0", "0.1.0", Reasons::default()).ok);
        let b = decide("0.1.0", "0.1.0", needs(Level::Minor));
        assert_eq!((b.ok, b.suggested.as_deref()), (false, Some("0.1.1")));
        assert!(decide("0.1.0", "0.1.1", needs(Level::Minor)).ok);
        assert!(!decide("0.1.0", "0.1.1", needs(Level::Major)).ok);
        assert!(!decide("0.2.0", "0.1.0", Reasons::default()).ok);
    }
}
