//! The drift check of every test bed as a plain `cargo test`: each bed's
//! checked-in `generated/` is what `cargo xtask codegen` would write from its
//! contracts today, so a change to the emitters that forgets to regenerate a
//! bed, or a hand edit of a generated file, fails the usual command (as
//! rust-analyzer keeps its generated code honest), not only `cargo xtask test`.

use std::path::{Path, PathBuf};

use codegen::emit::Header;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(contracts, out)` of every bed in `tests/beds.json`.
fn beds() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(repo_root().join("tests/beds.json")).expect("tests/beds.json");
    let beds: Vec<serde_json::Value> =
        serde_json::from_str(&text).expect("tests/beds.json is JSON");
    beds.iter()
        .map(|b| {
            let field = |k: &str| {
                b[k].as_str()
                    .unwrap_or_else(|| panic!("a bed without {k}"))
                    .to_owned()
            };
            (field("contracts"), field("out"))
        })
        .collect()
}

#[test]
fn every_bed_is_what_codegen_writes_today() {
    let beds = beds();
    assert!(beds.len() >= 8, "tests/beds.json lists {} beds", beds.len());
    let mut stale = Vec::new();
    for (contracts, out) in &beds {
        let header = Header {
            contracts: contracts.clone(),
        };
        let (output, _) = codegen::generate(&repo_root().join(contracts), &header)
            .unwrap_or_else(|d| panic!("{contracts}: {:?}", d.sorted()));
        assert!(!output.files.is_empty(), "{contracts}: nothing generated");
        let drift = codegen::write::compare(&output, &repo_root().join(out));
        for (path, diff) in &drift.stale {
            stale.push(format!("stale: {out}/{path}\n{diff}"));
        }
        for path in &drift.missing {
            stale.push(format!("missing: {out}/{path}"));
        }
        for path in &drift.extra {
            stale.push(format!("extra: {out}/{path} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "run `cargo xtask codegen --contracts DIR --out DIR` for each bed of tests/beds.json:\n{}",
        stale.join("\n")
    );
}
