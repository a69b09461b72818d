//! `write` replaces the output as a whole: a run killed at any moment leaves
//! the generated files byte for byte the old set or the new one, never a mix,
//! and loses nothing that is not ours.
//!
//! The test re-runs its own binary as the writer (`child_writes` with
//! `ATOMIC_CHILD` set) and SIGKILLs it after a random delay, 100 times.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

use codegen::write::{self, MANIFEST};
use codegen::Output;

const CHILD_ENV: &str = "ATOMIC_CHILD";

/// Two generations of a tree: shared, changed, added and removed files.
fn generation(which: u8) -> Output {
    let mut files = BTreeMap::new();
    for i in 0..240 {
        let dir = ["rust/src", "typescript/src", "python/pkg", "docs"][i % 4];
        let body = "x".repeat(2000 + i);
        // Every third file is the same in both generations.
        let contents = if i % 3 == 0 {
            format!("same {i}\n{body}")
        } else {
            format!("gen {which} file {i}\n{body}")
        };
        files.insert(format!("{dir}/f{i}.txt"), contents);
    }
    // Files only one generation has.
    for i in 0..50 {
        files.insert(format!("only{which}/g{i}.txt"), format!("{which} {i}"));
    }
    Output { files }
}

/// Everything under `dir` as path → bytes, the foreign files left out.
fn generated_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect(dir, dir, &mut out);
    out.retain(|path, _| !FOREIGN.iter().any(|(f, _)| f == path));
    out
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

/// What `write` of `output` must leave, manifest included.
fn expected(output: &Output) -> BTreeMap<String, Vec<u8>> {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    write::write(output, &out).unwrap();
    generated_files(&out)
}

/// Build outputs and hand-made files that live among generated ones.
const FOREIGN: &[(&str, &str)] = &[
    (
        "typescript/node_modules/dep/index.js",
        "module.exports = 1;\n",
    ),
    ("typescript/dist/index.js", "export {};\n"),
    ("notes.txt", "mine\n"),
    ("python/pkg/.venv/marker", "venv\n"),
];

#[test]
fn child_writes() {
    // Only the child half of `killed_runs_leave_the_old_tree_or_the_new_one`.
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (which, dir) = spec.split_once(':').unwrap();
    let output = generation(which.parse().unwrap());
    eprintln!("ready");
    write::write(&output, Path::new(dir)).unwrap();
    eprintln!("done");
}

/// Starts a writer and returns once it is about to call `write`, so the
/// kill delays are spread over the write itself, not the process start.
fn spawn_writer(which: u8, dir: &Path) -> (Child, BufReader<ChildStderr>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writes", "--nocapture", "--quiet"])
        .env(CHILD_ENV, format!("{which}:{}", dir.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && line.trim() != "ready" {
        line.clear();
    }
    (child, stderr)
}

/// How long one write takes (the median of five), from `ready` to `done`.
fn time_writes(dir: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|i| {
            let (mut child, mut stderr) = spawn_writer(i % 2, dir);
            let start = Instant::now();
            let mut line = String::new();
            while stderr.read_line(&mut line).unwrap() > 0 && line.trim() != "done" {
                line.clear();
            }
            let took = start.elapsed();
            assert!(child.wait().unwrap().success());
            took
        })
        .collect();
    times.sort();
    times[2]
}

#[test]
fn killed_runs_leave_the_old_tree_or_the_new_one() {
    let generations = [generation(0), generation(1)];
    let wanted = [expected(&generations[0]), expected(&generations[1])];
    assert_ne!(wanted[0], wanted[1]);

    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("generated");
    write::write(&generations[0], &dir).unwrap();
    for (path, text) in FOREIGN {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    // How long a write takes, so kills land all along it.
    let full = time_writes(&dir);
    assert_eq!(generated_files(&dir), wanted[0]);

    // A small deterministic generator: the same kill points on every run.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut outcomes = [0usize; 2];
    let mut current = 0;
    for round in 0..100 {
        let target = 1 - current;
        // A killed run leaves a staging directory the next one clears first,
        // so runs after a kill take longer than `full`.
        let delay = full.mul_f64((next() % 1000) as f64 / 500.0);
        let (mut child, _stderr) = spawn_writer(target as u8, &dir);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let have = generated_files(&dir);
        let state = wanted.iter().position(|w| *w == have).unwrap_or_else(|| {
            let stray: Vec<_> = have
                .keys()
                .filter(|k| !wanted[0].contains_key(*k) && !wanted[1].contains_key(*k))
                .collect();
            panic!("round {round} (killed after {delay:?}): a mix of both trees; stray: {stray:?}")
        });
        // [left the old tree, left the new one]
        outcomes[usize::from(state == target)] += 1;
        current = state;
    }
    eprintln!(
        "100 runs killed at random points within 2 × {full:?}: {} left the old tree, {} the new one, 0 a mix",
        outcomes[0], outcomes[1]
    );

    // The next successful run cleans up after every killed one.
    write::write(&generations[0], &dir).unwrap();
    assert_eq!(generated_files(&dir), wanted[0]);
    for (path, text) in FOREIGN {
        assert_eq!(
            fs::read_to_string(dir.join(path)).unwrap_or_default(),
            *text,
            "{path} was lost"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "generated")
        .collect();
    assert!(leftovers.is_empty(), "stray directories: {leftovers:?}");
    assert!(dir.join(MANIFEST).is_file());
}

#[test]
fn unchanged_files_keep_their_inode_and_nothing_is_written_when_nothing_changed() {
    use std::os::unix::fs::MetadataExt;
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("out");
    let (a, b) = (generation(0), generation(1));
    write::write(&a, &dir).unwrap();
    let shared = dir.join("rust/src/f0.txt");
    let changed = dir.join("typescript/src/f1.txt");
    let (shared_ino, changed_ino) = (
        fs::metadata(&shared).unwrap().ino(),
        fs::metadata(&changed).unwrap().ino(),
    );
    assert_eq!(write::write(&b, &dir).unwrap(), 240 * 2 / 3 + 50 + 1);
    assert_eq!(fs::metadata(&shared).unwrap().ino(), shared_ino);
    assert_ne!(fs::metadata(&changed).unwrap().ino(), changed_ino);
    assert!(
        !dir.join("only0").exists(),
        "files no longer generated are removed"
    );

    let before = fs::metadata(&dir).unwrap().ino();
    assert_eq!(write::write(&b, &dir).unwrap(), 0);
    assert_eq!(
        fs::metadata(&dir).unwrap().ino(),
        before,
        "an up-to-date tree is left alone"
    );
}

#[test]
fn an_unwritable_output_is_a_clear_error_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = tempfile::tempdir().unwrap();
    let parent = scratch.path().join("ro");
    let dir = parent.join("out");
    write::write(&generation(0), &dir).unwrap();
    let before = generated_files(&dir);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let result = write::write(&generation(1), &dir);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    if running_as_root() {
        eprintln!("skipped: root writes into read-only directories");
        return;
    }
    let err = result.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied, "{err}");
    assert_eq!(generated_files(&dir), before);
}

fn running_as_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}
