//! Schemas in, code out: the generated Rust for a fixture that exercises every
//! shape the emitter has to get right, compared with the reviewed snapshot.

use std::path::Path;

use codegen::Header;

fn generate(fixture: &str) -> codegen::Output {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let header = Header {
        contracts: format!("codegen/tests/fixtures/{fixture}"),
    };
    codegen::generate(&dir, &header)
        .expect("fixture is valid")
        .0
}

#[test]
fn shapes_rust() {
    let out = generate("shapes");
    for file in [
        "rust/Cargo.toml",
        "rust/src/lib.rs",
        "rust/src/validate.rs",
        "rust/src/envelope.rs",
        "rust/src/payloads/order_placed_v2.rs",
        "rust/src/payloads/order_placed_v1.rs",
    ] {
        let name = file.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out.files[file]);
    }
}

#[test]
fn shapes_typescript() {
    let out = generate("shapes");
    for file in [
        "typescript/src/index.ts",
        "typescript/src/types.ts",
        "typescript/src/validate.ts",
        "typescript/package.json",
    ] {
        let name = file.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out.files[file]);
    }
}

#[test]
fn shapes_python() {
    let out = generate("shapes");
    // Every module: the package, its shared models and checks, and each
    // event's own (`models/{event}.py`, `_validate/{event}.py`).
    let modules: Vec<&String> = out
        .files
        .keys()
        .filter(|f| f.starts_with("python/shapes/") && f.ends_with(".py"))
        .filter(|f| !f.ends_with("_runtime.py") && !f.ends_with("_types.py"))
        .collect();
    assert!(modules.len() >= 5, "{modules:?}");
    for file in modules
        .into_iter()
        .map(String::as_str)
        .chain(["python/pyproject.toml"])
    {
        let name = file.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out.files[file]);
    }
}

#[test]
fn shapes_docs() {
    let out = generate("shapes");
    for file in [
        "docs/EVENTS.md",
        "docs/asyncapi.json",
        "rust/README.md",
        "typescript/README.md",
        "python/README.md",
    ] {
        let name = file.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out.files[file]);
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate("shapes"), generate("shapes"));
}
