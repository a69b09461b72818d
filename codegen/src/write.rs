//! Writes generated files all at once, or not at all, and compares them with
//! what is on disk.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Output;

/// The list of files a run generated, kept in the output directory so the next
/// run knows which files are its own (and may remove them) and which are not
/// (build outputs, a virtualenv, `node_modules/`).
pub const MANIFEST: &str = ".generated-files";

/// Differences between generated output and a directory.
#[derive(Debug, Default)]
pub struct Drift {
    /// Files whose contents differ, with a unified diff.
    pub stale: Vec<(String, String)>,
    pub missing: Vec<String>,
    /// Files generated before that would no longer be generated.
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

fn manifest_text(output: &Output) -> String {
    let mut s = String::from("# Files written by `cargo xtask codegen`; do not edit.\n");
    for path in output.files.keys() {
        s.push_str(path);
        s.push('\n');
    }
    s
}

fn read_manifest(dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(dir.join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Compares `output` with the files under `dir`.
pub fn compare(output: &Output, dir: &Path) -> Drift {
    let mut drift = Drift::default();
    let mut all = output.files.clone();
    all.insert(MANIFEST.to_owned(), manifest_text(output));
    for (path, want) in &all {
        match fs::read_to_string(dir.join(path)) {
            Ok(have) if &have == want => {}
            Ok(have) => {
                let diff = similar::TextDiff::from_lines(&have, want)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
                    .to_string();
                drift.stale.push((path.clone(), diff));
            }
            Err(_) => drift.missing.push(path.clone()),
        }
    }
    for old in read_manifest(dir) {
        if !all.contains_key(&old) && dir.join(&old).exists() {
            drift.extra.push(old);
        }
    }
    drift
}

/// Replaces the generated files under `dir` with `output`.
///
/// Every file is first written to a staging directory beside `dir`, then
/// renamed into place; files from the previous run that are no longer
/// generated are removed, and nothing else in `dir` is touched. Returns the
/// number of files whose bytes changed.
pub fn write(output: &Output, dir: &Path) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    let staging = staging_dir(dir)?;
    let result = stage_and_swap(output, dir, &staging);
    let _ = fs::remove_dir_all(&staging);
    result
}

fn staging_dir(dir: &Path) -> io::Result<PathBuf> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Leftovers of a killed run are ours to clean.
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&format!(".{name}.staging-")) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    fs::create_dir_all(&staging)?;
    Ok(staging)
}

fn stage_and_swap(output: &Output, dir: &Path, staging: &Path) -> io::Result<usize> {
    let mut all = output.files.clone();
    all.insert(MANIFEST.to_owned(), manifest_text(output));
    let mut changed = Vec::new();
    for (path, contents) in &all {
        if fs::read(dir.join(path)).ok().as_deref() == Some(contents.as_bytes()) {
            continue;
        }
        let staged = staging.join(path);
        if let Some(p) = staged.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&staged, contents)?;
        changed.push(path);
    }
    // Everything is staged: from here on, only renames (atomic per file).
    let old = read_manifest(dir);
    for path in &changed {
        let target = dir.join(path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        fs::rename(staging.join(path), &target)?;
    }
    for path in old {
        if !all.contains_key(&path) {
            let target = dir.join(&path);
            if target.is_file() {
                fs::remove_file(&target)?;
                remove_empty_parents(dir, &target);
            }
        }
    }
    Ok(changed.len())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut cur = file.parent();
    while let Some(p) = cur {
        if p == root || fs::remove_dir(p).is_err() {
            break;
        }
        cur = p.parent();
    }
}
