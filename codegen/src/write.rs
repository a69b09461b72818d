//! Writes generated files all at once, or not at all, and compares them with
//! what is on disk.

use std::collections::{BTreeMap, BTreeSet};
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

/// Every file to write, the manifest among them, borrowed: the generated
/// text is the largest thing a run holds, and is never copied.
fn with_manifest<'a>(output: &'a Output, manifest: &'a str) -> BTreeMap<&'a str, &'a str> {
    output
        .files
        .iter()
        .map(|(path, contents)| (path.as_str(), contents.as_str()))
        .chain([(MANIFEST, manifest)])
        .collect()
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
    let manifest = manifest_text(output);
    let all = with_manifest(output, &manifest);
    for (&path, &want) in &all {
        match fs::read_to_string(dir.join(path)) {
            Ok(have) if have == want => {}
            Ok(have) => {
                let diff = similar::TextDiff::from_lines(have.as_str(), want)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
                    .to_string();
                drift.stale.push((path.to_owned(), diff));
            }
            Err(_) => drift.missing.push(path.to_owned()),
        }
    }
    for old in read_manifest(dir) {
        if !all.contains_key(old.as_str()) && dir.join(&old).exists() {
            drift.extra.push(old);
        }
    }
    drift
}

/// Replaces the generated files under `dir` with `output`, as a whole.
///
/// At every instant the generated files under `dir` are byte for byte the
/// old set or the new one, whenever the process is killed:
///
/// 1. the new tree is built in a staging directory beside `dir` (files whose
///    bytes did not change are hard-linked, so they keep inode and mtime, and
///    build tools see them as untouched);
/// 2. what `dir` holds that is not ours (`node_modules/`, `dist/`, a
///    virtualenv) is moved into the staging tree;
/// 3. the two directories are exchanged in one `renameat2(RENAME_EXCHANGE)`;
/// 4. the old tree, now in the staging directory, is removed.
///
/// A run killed before 3 leaves the old files in place and its staging
/// directory beside them; the next run moves anything not ours back from it
/// before removing it (see [`recover`]). Returns the number of files whose
/// bytes changed; when none did, nothing at all is written.
pub fn write(output: &Output, dir: &Path) -> io::Result<usize> {
    let parent = parent_of(dir);
    let name = file_name_of(dir)?;
    recover(&parent, &name, dir)?;
    let manifest = manifest_text(output);
    let all = with_manifest(output, &manifest);
    let old = read_manifest(dir);
    let changed = all
        .iter()
        .filter(|(path, contents)| {
            fs::read(dir.join(path)).ok().as_deref() != Some(contents.as_bytes())
        })
        .count();
    let removed = old
        .iter()
        .filter(|p| !all.contains_key(p.as_str()) && dir.join(p).exists())
        .count();
    if changed == 0 && removed == 0 {
        return Ok(0);
    }
    fs::create_dir_all(&parent)?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = build_and_swap(&all, &old, dir, &staging);
    if result.is_err() {
        // The old tree is still in place: give back what was moved out of it.
        let _ = recover(&parent, &name, dir);
    }
    result.map(|()| changed)
}

fn parent_of(dir: &Path) -> PathBuf {
    dir.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn file_name_of(dir: &Path) -> io::Result<String> {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: the output must be a named directory", dir.display()),
            )
        })
}

fn build_and_swap(
    all: &BTreeMap<&str, &str>,
    old: &BTreeSet<String>,
    dir: &Path,
    staging: &Path,
) -> io::Result<()> {
    fs::create_dir(staging)?;
    // The manifest goes first: `recover` tells ours from theirs by it.
    fs::write(staging.join(MANIFEST), all[MANIFEST])?;
    for (&path, &contents) in all.iter().filter(|(&p, _)| p != MANIFEST) {
        let target = staging.join(path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        let current = dir.join(path);
        let unchanged = fs::read(&current).ok().as_deref() == Some(contents.as_bytes());
        if !(unchanged && fs::hard_link(&current, &target).is_ok()) {
            fs::write(&target, contents)?;
        }
    }
    if !dir.exists() {
        return fs::rename(staging, dir);
    }
    let ours: BTreeSet<&str> = all
        .keys()
        .copied()
        .chain(old.iter().map(String::as_str))
        .collect();
    move_foreign(dir, staging, "", &ours)?;
    exchange(dir, staging)?;
    // The new tree is in place; an old one left behind is cleared next run.
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Moves every entry under `from` that no generated path goes through into
/// the same place under `to`.
fn move_foreign(from: &Path, to: &Path, rel: &str, ours: &BTreeSet<&str>) -> io::Result<()> {
    for entry in fs::read_dir(from.join(rel))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let is_dir = entry.file_type()?.is_dir();
        let prefix = format!("{path}/");
        if is_dir && ours.iter().any(|p| p.starts_with(&prefix)) {
            move_foreign(from, to, &path, ours)?;
        } else if !ours.contains(path.as_str()) {
            let target = to.join(&path);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p)?;
            }
            if !target.exists() {
                fs::rename(from.join(&path), target)?;
            }
        }
    }
    Ok(())
}

/// Swaps two directories in one step.
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Where the system has no exchange, two renames: a kill between them leaves
/// the old tree under its staging name, which the next run puts back.
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("old-tree");
    fs::rename(a, &aside)?;
    fs::rename(b, a)?;
    fs::rename(aside, b)
}

/// Cleans up after a run that was killed: every staging directory of `dir`
/// gives back what is not generated (moved there by step 2 of [`write`]),
/// then is removed.
fn recover(parent: &Path, name: &str, dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let prefix = format!(".{name}.staging-");
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let staging = entry.path();
        if dir.is_dir() {
            let ours = read_manifest(&staging);
            let ours: BTreeSet<&str> = ours.iter().map(String::as_str).chain([MANIFEST]).collect();
            move_foreign(&staging, dir, "", &ours)?;
        }
        fs::remove_dir_all(&staging)?;
    }
    Ok(())
}
