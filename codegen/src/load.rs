//! Reads a contracts directory: the registry and every JSON file beside it.
//!
//! This is the only module that touches the file system on the way in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::registry::{self, Registry, REGISTRY_FILE};
use crate::strict_json;

/// Files larger than this are refused: a contract is never this big, and
/// reading one would only hide a mistake (a data dump in the wrong folder).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Everything read from a contracts directory, parsed but not yet checked.
#[derive(Debug)]
pub struct Sources {
    pub root: PathBuf,
    pub registry: Option<Registry>,
    /// Every `*.json` file below the root except the registry, by path
    /// relative to the root with `/` separators.
    pub files: BTreeMap<String, Value>,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    if !root.is_dir() {
        diags.error(
            &root.display().to_string(),
            "",
            "the contracts directory does not exist or is not a directory: create it, or pass another with --contracts DIR",
        );
        return Sources {
            root: root.to_path_buf(),
            registry: None,
            files: BTreeMap::new(),
        };
    }
    let mut paths = Vec::new();
    collect_json_files(root, root, &mut paths, diags);
    let mut files = BTreeMap::new();
    for rel in paths {
        // A file that cannot be read is reported here and left out.
        if let Some(bytes) = read_file(root, &rel, diags) {
            files.insert(rel, bytes);
        }
    }
    from_files(root, files, diags)
}

/// Parses a contracts directory held in memory: file contents by path relative
/// to the root, with `/` separators. `breaking` reads a git revision this way,
/// and the fuzz target feeds bytes straight in.
pub fn from_files(
    root: &Path,
    files: BTreeMap<String, Vec<u8>>,
    diags: &mut Diagnostics,
) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        registry: None,
        files: BTreeMap::new(),
    };
    if files.is_empty() && !diags.has_errors() {
        diags.error(
            &root.display().to_string(),
            "",
            "the contracts directory holds no JSON files: add a registry.json and the schemas it names, or pass another with --contracts DIR",
        );
        return sources;
    }
    let has_registry = files.contains_key(REGISTRY_FILE);
    let files: Vec<(String, Vec<u8>)> = files.into_iter().collect();
    let parsed = crate::parallel::map(&files, |(rel, bytes)| {
        let mut found = Diagnostics::default();
        (parse_json(rel, bytes, &mut found), found)
    });
    for ((rel, _), (value, found)) in files.into_iter().zip(parsed) {
        diags.extend(found);
        let Some(value) = value else {
            continue;
        };
        if rel == REGISTRY_FILE {
            sources.registry = registry::read(&value, diags);
        } else {
            sources.files.insert(rel, value);
        }
    }
    if !has_registry && !diags.iter().any(|d| d.file == REGISTRY_FILE) {
        diags.error(
            REGISTRY_FILE,
            "",
            format!(
                "no {REGISTRY_FILE} in {}: add one at the top of the contracts directory, listing the event types and their schemas",
                root.display()
            ),
        );
    }
    sources
}

fn collect_json_files(root: &Path, dir: &Path, out: &mut Vec<String>, diags: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.error(
                &relative(root, dir),
                "",
                format!("cannot read this directory ({e}): make it readable, or move it out of the contracts directory"),
            );
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Tool folders that may sit next to contracts are not contracts.
        if name.starts_with('.') || name == "node_modules" || name == "target" {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_json_files(root, &path, out, diags);
        } else if kind.is_file() && name.ends_with(".json") {
            out.push(relative(root, &path));
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_file(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    let path = root.join(rel);
    // The size is checked before reading, so a huge file is never loaded.
    let read = std::fs::metadata(&path).and_then(|meta| {
        if meta.len() > MAX_FILE_BYTES {
            Ok(Err(meta.len()))
        } else {
            std::fs::read(&path).map(Ok)
        }
    });
    match read {
        Ok(Ok(bytes)) => Some(bytes),
        Ok(Err(len)) => {
            diags.error(
                rel,
                "",
                format!(
                    "file is {len} bytes, over the limit of {MAX_FILE_BYTES} for one contract file: \
                     split it, or move it out of the contracts directory if it is not a schema"
                ),
            );
            None
        }
        Err(e) => {
            diags.error(
                rel,
                "",
                format!("cannot read this file ({e}): make it readable, or move it out of the contracts directory"),
            );
            None
        }
    }
}

/// Parses one JSON document strictly: UTF-8 without a byte-order mark.
pub fn parse_json(rel: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Value> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        diags.error(
            rel,
            "",
            "file starts with a UTF-8 byte-order mark, which JSON does not allow: save it as UTF-8 without a BOM",
        );
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            diags.error(
                rel,
                "",
                format!(
                    "file is not UTF-8 (invalid byte at offset {}): save it as UTF-8",
                    e.valid_up_to()
                ),
            );
            return None;
        }
    };
    let value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            diags.error(rel, "", format!("invalid JSON: {e}: {}", json_fix(&e)));
            return None;
        }
    };
    let problems = strict_json::problems(text);
    for (pointer, message) in &problems {
        diags.error(rel, pointer, message.as_str());
    }
    problems.is_empty().then_some(value)
}

/// What to do about a JSON syntax error, in the words of someone editing the file.
fn json_fix(e: &serde_json::Error) -> &'static str {
    let text = e.to_string();
    if text.contains("trailing comma") {
        "JSON allows no comma before `}` or `]`; remove it"
    } else if text.contains("number out of range") {
        "the number is beyond what a 64-bit float holds (about ±1.8e308); write a smaller one"
    } else if text.contains("recursion limit exceeded") {
        "JSON nested 128 levels deep or more is refused; flatten it (move shared parts into $defs)"
    } else {
        "fix the JSON syntax at that line and column"
    }
}
