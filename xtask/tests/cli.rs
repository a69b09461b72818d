//! The commands as a user runs them: exit codes, messages, and what is (and
//! is not) written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/fixtures/shapes")
        .canonicalize()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Replaces `from` with `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn codegen_then_check_then_drift() {
    let tmp = tempfile::tempdir().unwrap();
    let contracts = tmp.path().join("contracts");
    let out = tmp.path().join("out");
    copy_dir(&fixture(), &contracts);
    let (c, o) = (contracts.to_str().unwrap(), out.to_str().unwrap());

    let run = xtask(&["codegen", "--contracts", c, "--out", o]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(out.join("rust/src/lib.rs").is_file());
    // Build outputs next to generated files are never touched.
    fs::create_dir_all(out.join("rust/target")).unwrap();
    fs::write(out.join("rust/target/keep"), "build output").unwrap();

    let run = xtask(&["check", "--contracts", c, "--out", o]);
    assert!(run.status.success(), "{}", stderr(&run));

    // Any schema edit is drift, reported with a diff and the fix.
    let payload = contracts.join("payloads/order.placed-v1.json");
    edit(&payload, "An order, v1.", "An order, version 1.");
    let run = xtask(&["check", "--contracts", c, "--out", o]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("stale:") && err.contains("order_placed_v1.rs"),
        "{err}"
    );
    assert!(err.contains("+/// An order, version 1."), "{err}");
    assert!(
        err.contains("run `cargo xtask codegen --contracts"),
        "{err}"
    );

    // A version removed from the registry: its files go, nothing else does.
    let reg = contracts.join("registry.json");
    let mut registry: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&reg).unwrap()).unwrap();
    registry["event_types"].as_array_mut().unwrap().remove(1);
    fs::write(&reg, registry.to_string()).unwrap();
    let run = xtask(&["check", "--contracts", c, "--out", o]);
    assert!(stderr(&run).contains("extra:"), "{}", stderr(&run));
    let run = xtask(&["codegen", "--contracts", c, "--out", o]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!out.join("rust/src/payloads/order_placed_v2.rs").exists());
    assert!(out.join("rust/target/keep").is_file());
    let run = xtask(&["check", "--contracts", c, "--out", o]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn failed_codegen_leaves_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let contracts = tmp.path().join("contracts");
    let out = tmp.path().join("out");
    copy_dir(&fixture(), &contracts);
    let (c, o) = (contracts.to_str().unwrap(), out.to_str().unwrap());
    assert!(xtask(&["codegen", "--contracts", c, "--out", o])
        .status
        .success());
    let before = snapshot(&out);

    // Two mistakes in two files: both reported, exit 1, nothing written.
    let p1 = contracts.join("payloads/order.placed-v1.json");
    edit(&p1, "\"format\": \"uuid\"", "\"formatt\": \"uuid\"");
    let p2 = contracts.join("payloads/order.placed-v2.json");
    edit(&p2, "\"minItems\": 1", "\"minItems\": -1");
    let run = xtask(&["codegen", "--contracts", c, "--out", o]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("payloads/order.placed-v1.json#/properties/order_id/formatt"),
        "{err}"
    );
    assert!(
        err.contains("payloads/order.placed-v2.json#/properties/lines/minItems"),
        "{err}"
    );
    assert!(err.contains("nothing under"), "{err}");
    assert_eq!(before, snapshot(&out));
}

#[test]
fn wrong_usage_exits_2() {
    for args in [&["codegen", "--no-such-flag"][..], &["frobnicate"]] {
        let run = xtask(args);
        assert_eq!(run.status.code(), Some(2));
        // clap names what it did not understand and where to look.
        let err = stderr(&run);
        assert!(err.contains(args[args.len() - 1]), "{err}");
        assert!(err.contains("--help"), "{err}");
    }
}

#[test]
fn invalid_contracts_fail_every_command_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing");
    let out = tmp.path().join("out");
    let (c, o) = (missing.to_str().unwrap(), out.to_str().unwrap());
    for args in [
        &["codegen", "--contracts", c, "--out", o][..],
        &["check", "--contracts", c, "--out", o],
        &["lint", "--contracts", c],
    ] {
        let run = xtask(args);
        assert_eq!(run.status.code(), Some(1), "{args:?}");
        let err = stderr(&run);
        assert!(
            err.contains(&format!(
                "error: {c}#: the contracts directory does not exist or is not a directory: \
                 create it, or pass another with --contracts DIR"
            )),
            "{err}"
        );
        assert!(err.contains(&format!("{}: 1 error(s)", args[0])), "{err}");
    }
    assert!(!out.exists());
}

#[test]
fn lint_reports_without_writing() {
    let run = xtask(&["lint", "--contracts", fixture().to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("2 event versions"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn an_output_that_cannot_be_written_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    // The output's parent is a file: no directory can be made there, even by root.
    let blocker = tmp.path().join("blocker");
    fs::write(&blocker, "not a directory").unwrap();
    let out = blocker.join("out");
    let run = xtask(&[
        "codegen",
        "--contracts",
        fixture().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains(&format!(
            "error: {}: cannot write the generated files",
            out.display()
        )),
        "{err}"
    );
    assert!(err.contains("must be writable"), "{err}");
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a directory");
}
