//! `cargo xtask breaking`: one test per rule, each building a small git
//! history in a temporary repository (published contracts committed, then
//! changed in the work tree or in a second commit) and asserting the
//! finding's words and the exit status; and the changes that are allowed.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

/// A git repository with a contracts directory at `contracts/`.
struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Repo {
    /// A repository whose first commit holds [`published`] contracts.
    fn published() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let repo = Repo { _tmp: tmp, root };
        repo.git(&["init", "-q"]);
        for (path, value) in published() {
            repo.write(&path, &value);
        }
        repo.commit("published");
        repo
    }

    fn contracts(&self) -> PathBuf {
        self.root.join("contracts")
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.test"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.contracts().join(rel)
    }

    fn read(&self, rel: &str) -> Value {
        serde_json::from_slice(&fs::read(self.path(rel)).unwrap()).unwrap()
    }

    fn write(&self, rel: &str, value: &Value) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    }

    /// Applies `f` to a file's JSON.
    fn edit(&self, rel: &str, f: impl FnOnce(&mut Value)) {
        let mut value = self.read(rel);
        f(&mut value);
        self.write(rel, &value);
    }

    fn payload(&self, f: impl FnOnce(&mut Value)) {
        self.edit(PAYLOAD, f);
    }

    fn registry(&self, f: impl FnOnce(&mut Value)) {
        self.edit("registry.json", f);
    }

    fn set_version(&self, version: &str) {
        self.registry(|r| r["package"]["version"] = json!(version));
    }

    fn breaking(&self, against: &str, extra: &[&str]) -> Output {
        let contracts = self.contracts();
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["breaking", "--against", against, "--contracts"])
            .arg(&contracts)
            .args(extra)
            .output()
            .unwrap()
    }
}

const PAYLOAD: &str = "payloads/credit.locked-v1.json";

/// `credit.locked` v1 in an envelope, with a `$ref`'d definition and a
/// recursive one.
fn published() -> Vec<(String, Value)> {
    vec![
        (
            "registry.json".to_owned(),
            json!({
                "format": 1,
                "package": { "name": "event-contracts", "version": "0.1.0" },
                "envelope": {
                    "schema": "envelope.json",
                    "schema_version_field": "schema_version"
                },
                "event_types": [{
                    "event_type": "credit.locked",
                    "schema_version": 1,
                    "payload_schema": PAYLOAD,
                    "description": "Credits were locked."
                }]
            }),
        ),
        (
            "envelope.json".to_owned(),
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["event_type", "schema_version", "payload"],
                "properties": {
                    "event_type": { "type": "string" },
                    "schema_version": { "type": "integer" },
                    "trace_id": { "type": "string" },
                    "payload": { "type": "object" }
                }
            }),
        ),
        (
            PAYLOAD.to_owned(),
            json!({
                "title": "Credit locked",
                "type": "object",
                "additionalProperties": false,
                "required": ["credits", "funding_source"],
                "properties": {
                    "credits": { "type": "integer", "minimum": 1, "description": "How many." },
                    "funding_source": { "type": "string", "enum": ["card", "cash"] },
                    "code": { "type": "string", "pattern": "^[A-Z]+$" },
                    "lines": { "type": "array", "items": { "$ref": "#/$defs/line" } },
                    "tree": { "$ref": "#/$defs/node" }
                },
                "$defs": {
                    "line": {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": { "amount": { "type": "number", "maximum": 100 } }
                    },
                    "node": {
                        "type": "object",
                        "properties": {
                            "label": { "type": "string" },
                            "children": { "type": "array", "items": { "$ref": "#/$defs/node" } }
                        }
                    }
                }
            }),
        ),
    ]
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit status 1 and that stderr holds each of `words`.
fn fails_with(out: &Output, words: &[&str]) {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for w in words {
        assert!(text.contains(w), "no {w:?} in:\n{text}");
    }
}

fn passes(out: &Output) -> String {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    text
}

// Published payloads are immutable in what they accept.

#[test]
fn enum_value_removed_breaks_producers() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["funding_source"]["enum"] = json!(["card"]));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "error: payloads/credit.locked-v1.json#/properties/funding_source/enum: credit.locked v1: `funding_source`: enum value `cash` removed",
            "breaks producers",
            "add the change as version 2 of \"credit.locked\"",
            "[schema-changed]",
        ],
    );
}

#[test]
fn enum_value_added_breaks_consumers() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["funding_source"]["enum"] = json!(["card", "cash", "gift"]));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "`funding_source`: enum value `gift` added",
            "breaks consumers",
        ],
    );
}

#[test]
fn property_added_to_closed_object_breaks_consumers() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["note"] = json!({ "type": "string" }));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "#/properties/note: credit.locked v1: property `note` added to a closed object: consumers of this version reject it",
            "breaks consumers",
        ],
    );
}

#[test]
fn property_removed_from_closed_object_breaks_producers() {
    let repo = Repo::published();
    repo.payload(|p| {
        p["properties"].as_object_mut().unwrap().remove("code");
    });
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "property `code` removed from a closed object",
            "breaks producers",
        ],
    );
}

#[test]
fn newly_required_property_breaks_producers() {
    let repo = Repo::published();
    repo.payload(|p| p["required"] = json!(["credits", "funding_source", "code"]));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "#/required: credit.locked v1: property `code` is now required",
            "breaks producers",
        ],
    );
}

#[test]
fn type_change_is_found() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["credits"]["type"] = json!(["integer", "null"]));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "`credits`: type changed from `integer` to `integer | null`: null now accepted",
            "breaks consumers",
        ],
    );
    // `number` admits every integer and more.
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["credits"]["type"] = json!("number"));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &["`credits`: type changed from `integer` to `number`: non-integer number now accepted"],
    );
}

#[test]
fn tightened_bound_breaks_producers() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["credits"]["minimum"] = json!(2));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "#/properties/credits/minimum",
            "`credits`: minimum changed from 1 to 2",
            "breaks producers",
        ],
    );
}

#[test]
fn changed_pattern_is_reported_even_when_the_direction_is_unknown() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["code"]["pattern"] = json!("^[A-Z0-9]+$"));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "`code`: pattern changed from `^[A-Z]+$` to `^[A-Z0-9]+$`",
            "may break producers and consumers",
        ],
    );
}

#[test]
fn change_behind_a_ref_names_the_definition_and_the_document_path() {
    let repo = Repo::published();
    repo.payload(|p| p["$defs"]["line"]["properties"]["amount"]["maximum"] = json!(50));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "#/$defs/line/properties/amount/maximum",
            "`lines[].amount`: maximum changed from 100 to 50",
        ],
    );
}

#[test]
fn change_inside_a_recursive_definition_is_found_once() {
    let repo = Repo::published();
    repo.payload(|p| p["$defs"]["node"]["properties"]["label"]["maxLength"] = json!(10));
    let out = repo.breaking("HEAD", &[]);
    fails_with(&out, &["`tree.label`: maxLength changed from none to 10"]);
    assert_eq!(
        stderr(&out).matches("maxLength changed").count(),
        1,
        "{}",
        stderr(&out)
    );
}

#[test]
fn object_closed_breaks_producers() {
    let repo = Repo::published();
    repo.payload(|p| p["$defs"]["node"]["additionalProperties"] = json!(false));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "`tree`: object closed (additionalProperties: false)",
            "breaks producers",
        ],
    );
}

#[test]
fn any_of_option_added_breaks_consumers() {
    let repo = Repo::published();
    let integer = json!({ "type": "integer", "minimum": 1 });
    let text = json!({ "type": "string" });
    repo.payload(|p| p["properties"]["credits"] = json!({ "anyOf": [integer, text] }));
    repo.set_version("0.2.0");
    repo.commit("credits as integer or text");
    // Options in another order are the same schema; a third option is not.
    repo.payload(|p| p["properties"]["credits"] = json!({ "anyOf": [text, integer] }));
    passes(&repo.breaking("HEAD", &[]));
    repo.payload(|p| {
        let options = p["properties"]["credits"]["anyOf"].as_array_mut().unwrap();
        options.push(json!({ "type": "null" }));
    });
    let out = repo.breaking("HEAD", &[]);
    fails_with(
        &out,
        &["`credits`: 1 anyOf option(s) added", "breaks consumers"],
    );
    assert_eq!(
        stderr(&out).matches("[schema-changed]").count(),
        1,
        "{}",
        stderr(&out)
    );
}

// The registry.

#[test]
fn removing_an_entry_is_an_error() {
    let repo = Repo::published();
    repo.registry(|r| r["event_types"] = json!([]));
    fs::remove_file(repo.path(PAYLOAD)).unwrap();
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "error: registry.json#/event_types: credit.locked v1 was removed from the registry",
            "mark it `deprecated`",
            "[entry-removed]",
        ],
    );
}

#[test]
fn reusing_a_retired_number_is_an_error() {
    let repo = Repo::published();
    repo.registry(|r| {
        r["event_types"][0]["status"] = json!("retired");
        r["event_types"][0]
            .as_object_mut()
            .unwrap()
            .remove("payload_schema");
        r["package"]["version"] = json!("0.2.0");
    });
    fs::remove_file(repo.path(PAYLOAD)).unwrap();
    repo.commit("retire v1");
    for (path, value) in published() {
        repo.write(&path, &value);
    }
    repo.set_version("0.3.0");
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "registry.json#/event_types/0/status: credit.locked v1 was retired and is active again",
            "add version 2 instead",
            "[retired-reused]",
        ],
    );
}

#[test]
fn moving_back_from_deprecated_to_active_is_an_error() {
    let repo = Repo::published();
    repo.registry(|r| {
        r["event_types"][0]["status"] = json!("deprecated");
        r["package"]["version"] = json!("0.1.1");
    });
    repo.commit("deprecate v1");
    repo.registry(|r| {
        r["event_types"][0]["status"] = json!("active");
    });
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "credit.locked v1 moved back from deprecated to active",
            "[status-went-back]",
        ],
    );
}

#[test]
fn retiring_without_deprecating_first_warns_and_needs_a_major_bump() {
    let repo = Repo::published();
    repo.registry(|r| {
        r["event_types"][0]["status"] = json!("retired");
        r["event_types"][0]
            .as_object_mut()
            .unwrap()
            .remove("payload_schema");
    });
    fs::remove_file(repo.path(PAYLOAD)).unwrap();
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "warning: registry.json#/event_types/0/status: credit.locked v1 was retired without being deprecated",
            "need a major bump (credit.locked v1 retired)",
            "set package.version to 0.2.0",
        ],
    );
    repo.set_version("0.2.0");
    let text = passes(&repo.breaking("HEAD", &[]));
    assert!(text.contains("[retired-without-deprecation]"), "{text}");
}

#[test]
fn envelope_changes_are_errors() {
    let repo = Repo::published();
    repo.edit("envelope.json", |e| {
        e["required"] = json!(["event_type", "schema_version", "payload", "trace_id"])
    });
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "envelope.json#/required: the envelope: property `trace_id` is now required",
            "[envelope-changed]",
        ],
    );
    let repo = Repo::published();
    repo.registry(|r| r["envelope"]["payload_field"] = json!("data"));
    repo.edit("envelope.json", |e| {
        let props = e["properties"].as_object_mut().unwrap();
        let payload = props.remove("payload").unwrap();
        props.insert("data".to_owned(), payload);
        e["required"] = json!(["event_type", "schema_version", "data"]);
    });
    fails_with(
        &repo.breaking("HEAD", &[]),
        &["registry.json#/envelope/payload_field: envelope.payload_field changed from \"payload\" to \"data\""],
    );
}

#[test]
fn package_version_must_be_bumped_as_far_as_the_changes_need() {
    let repo = Repo::published();
    add_v2(&repo, |_| {});
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "registry.json#/package/version: package.version 0.1.0 → 0.1.0 is unchanged, but the changes need a minor bump (credit.locked v2 added)",
            "set package.version to 0.1.1",
            "[version-not-bumped]",
        ],
    );
    repo.set_version("0.1.1");
    passes(&repo.breaking("HEAD", &[]));
    // A description alone needs a patch bump, which 0.1.z cannot tell from minor.
    let repo = Repo::published();
    repo.payload(|p| p["description"] = json!("Revenue locked credits."));
    repo.set_version("1.0.0");
    repo.commit("1.0.0");
    repo.payload(|p| p["description"] = json!("Revenue locked credits against a lesson."));
    fails_with(
        &repo.breaking("HEAD", &[]),
        &[
            "need a patch bump (credit.locked v1: annotations)",
            "set package.version to 1.0.1",
        ],
    );
}

/// Adds `credit.locked` v2: v1's payload changed by `change`.
fn add_v2(repo: &Repo, change: impl FnOnce(&mut Value)) {
    let mut v2 = repo.read(PAYLOAD);
    change(&mut v2);
    repo.write("payloads/credit.locked-v2.json", &v2);
    repo.registry(|r| {
        let list = r["event_types"].as_array_mut().unwrap();
        list.push(json!({
            "event_type": "credit.locked",
            "schema_version": 2,
            "payload_schema": "payloads/credit.locked-v2.json"
        }));
    });
}

#[test]
fn new_versions_report_their_compatibility_with_the_previous_one() {
    let repo = Repo::published();
    add_v2(&repo, |p| {
        p["properties"]["funding_source"]["enum"] = json!(["card", "cash", "gift"])
    });
    repo.set_version("0.1.1");
    let text = passes(&repo.breaking("HEAD", &[]));
    assert!(
        text.contains("info: credit.locked v1 → v2: backward compatible"),
        "{text}"
    );
    assert!(
        text.contains("`funding_source`: enum value `gift` added (Widens)"),
        "{text}"
    );

    let repo = Repo::published();
    add_v2(&repo, |p| {
        p["required"] = json!(["credits", "funding_source", "code"])
    });
    repo.set_version("0.1.1");
    let text = passes(&repo.breaking("HEAD", &[]));
    assert!(
        text.contains("info: credit.locked v1 → v2: forward compatible"),
        "{text}"
    );

    let repo = Repo::published();
    add_v2(&repo, |p| p["title"] = json!("Credit locked, again"));
    repo.set_version("0.1.1");
    let text = passes(&repo.breaking("HEAD", &[]));
    assert!(
        text.contains("info: credit.locked v1 → v2: fully compatible"),
        "{text}"
    );
}

#[test]
fn json_output_for_ci() {
    let repo = Repo::published();
    repo.payload(|p| p["properties"]["funding_source"]["enum"] = json!(["card"]));
    let out = repo.breaking("HEAD", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], json!(false));
    let f = &doc["findings"][0];
    assert_eq!(f["rule"], json!("schema-changed"));
    assert_eq!(f["severity"], json!("error"));
    assert_eq!(f["file"], json!(PAYLOAD));
    assert_eq!(f["pointer"], json!("/properties/funding_source/enum"));
    assert_eq!(f["event_type"], json!("credit.locked"));
    assert_eq!(f["schema_version"], json!(1));
    assert_eq!(f["breaks"], json!("narrows"));
    assert_eq!(doc["bump"]["required"], json!("major"));
}

// What is allowed.

#[test]
fn equivalent_and_allowed_changes_pass() {
    let repo = Repo::published();
    // Annotations, `required` reordered, a `$defs` key renamed.
    repo.payload(|p| {
        p["title"] = json!("Credit locked (renamed)");
        p["description"] = json!("Revenue locked credits.");
        p["examples"] = json!([{ "credits": 1, "funding_source": "card" }]);
        p["properties"]["funding_source"]["description"] = json!("Who pays.");
        p["properties"]["funding_source"]["$comment"] = json!("from seed 003");
        p["properties"]["credits"]["deprecated"] = json!(true);
        p["required"] = json!(["funding_source", "credits"]);
        let defs = p["$defs"].as_object_mut().unwrap();
        let line = defs.remove("line").unwrap();
        defs.insert("invoice_line".to_owned(), line);
        p["properties"]["lines"]["items"]["$ref"] = json!("#/$defs/invoice_line");
    });
    // The file moved; the entry follows it.
    let moved = "credit/locked/v1.json";
    repo.write(moved, &repo.read(PAYLOAD));
    fs::remove_file(repo.path(PAYLOAD)).unwrap();
    repo.registry(|r| {
        r["event_types"][0]["payload_schema"] = json!(moved);
        r["event_types"][0]["status"] = json!("deprecated");
        r["event_types"][0]["description"] = json!("Revenue locked credits.");
        // A new event type, and v2 of the old one.
        let list = r["event_types"].as_array_mut().unwrap();
        list.push(json!({ "event_type": "credit.released", "payload_schema": moved }));
        list.push(
            json!({ "event_type": "credit.locked", "schema_version": 2, "payload_schema": moved }),
        );
        r["package"]["version"] = json!("0.1.1");
    });
    let text = passes(&repo.breaking("HEAD", &[]));
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
    assert!(text.contains("a minor bump needed (made)"), "{text}");
}

#[test]
fn unchanged_tree_passes_and_the_revision_is_read_from_git_not_the_work_tree() {
    let repo = Repo::published();
    passes(&repo.breaking("HEAD", &[]));
    // Against the previous commit, the committed change is what is compared.
    repo.payload(|p| p["properties"]["funding_source"]["enum"] = json!(["card"]));
    repo.commit("drop cash");
    passes(&repo.breaking("HEAD", &[]));
    fails_with(
        &repo.breaking("HEAD~1", &[]),
        &["enum value `cash` removed"],
    );
}

#[test]
fn unknown_revision_is_a_usage_error_and_new_contracts_pass() {
    let repo = Repo::published();
    let out = repo.breaking("no-such-tag", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"no-such-tag\" is not a commit"),
        "{}",
        stderr(&out)
    );
    // Contracts that did not exist at the revision cannot break anything.
    let other = repo.root.join("more");
    fs::create_dir_all(&other).unwrap();
    fs::rename(repo.contracts(), other.join("contracts")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["breaking", "--against", "HEAD", "--contracts"])
        .arg(other.join("contracts"))
        .output()
        .unwrap();
    assert!(passes(&out).contains("nothing was published"));
}
