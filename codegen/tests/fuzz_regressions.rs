//! Replays what the fuzzer found (`fuzz/regressions/`), and the hostile
//! shapes it is meant to find, through the fuzz target's own pipeline: each
//! must end in generated files or in errors that name a file, never a panic
//! or a hang.

use std::fmt::Write as _;
use std::path::Path;

#[path = "../../fuzz/src/pipeline.rs"]
mod pipeline;

use pipeline::{run, Outcome};

#[test]
fn every_saved_crasher_now_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        eprintln!("{}: {:?}", path.display(), outcome(data));
        count += 1;
    }
    assert!(count > 0, "no regression inputs found");
}

/// Runs the pipeline with the stack `cargo xtask` has (the main thread's
/// 8 MiB), not a test thread's 2 MiB: the limits are set for the tool.
fn outcome(data: impl Into<Vec<u8>>) -> Outcome {
    let data = data.into();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || run(&data))
        .unwrap()
        .join()
        .unwrap()
}

fn rejected(data: impl Into<Vec<u8>>) -> usize {
    match outcome(data) {
        Outcome::Rejected(n) => n,
        other => panic!("accepted: {other:?}"),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Past serde_json's recursion limit: a parse error.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    rejected(deep);
    // Within it, but past the schema depth limit.
    let mut schema = String::from(r#"{"type":"object"}"#);
    for _ in 0..60 {
        schema = format!(r#"{{"type":"object","properties":{{"a":{schema}}}}}"#);
    }
    rejected(schema);
}

#[test]
fn ref_cycles_end() {
    let cycle = r##"{"type":"object","properties":{"a":{"$ref":"#/$defs/x"}},
        "$defs":{"x":{"$ref":"#/$defs/y"},"y":{"$ref":"#/$defs/x"}}}"##;
    rejected(cycle);
    let arrays = r##"{"type":"object","properties":{"a":{"$ref":"#/$defs/t"}},
        "$defs":{"t":{"type":"array","items":{"$ref":"#/$defs/t"}}}}"##;
    rejected(arrays);
    let recursive = r##"{"type":"object","properties":{"next":{"$ref":"#"}}}"##;
    // Recursion through an object is a named type in every language.
    assert!(matches!(outcome(recursive), Outcome::Generated(_)));
}

/// A schema applied to its own value again through `allOf`, `anyOf`,
/// `oneOf` or `$ref` (once a stack overflow): an error at the cycle.
#[test]
fn applicator_cycles_are_errors_with_a_pointer() {
    for (name, pointer) in [
        ("self-allof", ""),
        ("anyof-oneof-cycle", "/$defs/x"),
        ("cross-file-allof-cycle", ""),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/regressions")
            .join(name);
        let data = std::fs::read(&path).unwrap();
        let mut diags = codegen::Diagnostics::default();
        let sources =
            codegen::load::from_files(Path::new("contracts"), pipeline::files(&data), &mut diags);
        let Err(diags) = codegen::check_sources(&sources, diags) else {
            panic!("{name}: accepted");
        };
        let cycle: Vec<_> = diags
            .iter()
            .filter(|d| d.message.contains("applies itself to the same value"))
            .collect();
        assert_eq!(
            cycle.len(),
            1,
            "{name}: {:?}",
            diags.iter().collect::<Vec<_>>()
        );
        assert_eq!(cycle[0].pointer, pointer, "{name}: {}", cycle[0]);
        assert!(!cycle[0].file.is_empty(), "{name}: {}", cycle[0]);
    }
}

#[test]
fn long_ref_chains_end() {
    let mut defs = String::new();
    for i in 0..2000 {
        write!(defs, r##""d{i}":{{"$ref":"#/$defs/d{}"}},"##, i + 1).unwrap();
    }
    let chain = format!(
        r##"{{"type":"object","properties":{{"a":{{"$ref":"#/$defs/d0"}}}},"$defs":{{{defs}"d2000":{{"type":"string"}}}}}}"##
    );
    rejected(chain);
}

#[test]
fn huge_enums_and_long_strings_end() {
    let values: Vec<String> = (0..5_000).map(|i| format!("\"v{i}\"")).collect();
    let schema = format!(
        r#"{{"type":"object","properties":{{"e":{{"enum":[{}]}}}}}}"#,
        values.join(",")
    );
    outcome(schema);
    let long = "x".repeat(1 << 18);
    let schema = format!(
        r#"{{"type":"object","description":"{long}","properties":{{"{long}":{{"const":"{long}"}}}}}}"#
    );
    outcome(schema);
}
