//! Problems found in the contracts, each tied to a file and a JSON pointer.
//!
//! Every stage pushes into one [`Diagnostics`] instead of returning early, so a
//! run reports all problems at once.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file, relative to the contracts directory.
    pub file: String,
    /// JSON pointer into that file (`""` for the whole document).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level}: {}#{}: {}",
            self.file, self.pointer, self.message
        )
    }
}

#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, file, pointer, message.into());
    }

    pub fn warning(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, file, pointer, message.into());
    }

    fn push(&mut self, severity: Severity, file: &str, pointer: &str, message: String) {
        let d = Diagnostic {
            severity,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        };
        // The same problem can be reached through two `$ref`s; say it once.
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn has_warnings(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d.severity, &d.file, &d.pointer, d.message);
        }
    }

    /// Errors first, then by file and pointer, so output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, &a.pointer, &a.message)
                .cmp(&(b.severity, &b.file, &b.pointer, &b.message))
        });
        self.items
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a token to a pointer.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", pointer_token(token))
}
