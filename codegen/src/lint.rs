//! `cargo xtask lint`: rules about contracts that are valid but unwise.
//!
//! The model (`model::build`) already refuses what cannot work (bad event type
//! syntax, version gaps, missing files, unknown keywords); these rules run on
//! a model that built, each a small function, and report through the same
//! `Diagnostics`. Errors are mistakes with one right fix; warnings are
//! choices that weaken the contracts and that a team may make on purpose.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostics::{pointer_push, Diagnostics};
use crate::load::Sources;
use crate::model::Contracts;
use crate::runtime;
use crate::schema::{JsonType, Node, NodeId, Origin};

/// The largest integer every runtime holds exactly (JavaScript's
/// `Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Runs every rule on contracts that passed the model's checks.
pub fn lint(sources: &Sources, c: &Contracts, diags: &mut Diagnostics) {
    event_type_convention(c, diags);
    unused_files(sources, c, diags);
    id_matches_path(sources, diags);
    open_payload_objects(c, diags);
    undescribed_properties(c, diags);
    invalid_examples(c, diags);
    unsafe_integer_bounds(c, diags);
    untyped_shapes(c, diags);
}

/// Object or array keywords on a node that may hold any value: JSON Schema
/// lets every other kind of value through, so each language types the node
/// as any JSON value (`implied.rs`). Almost always a forgotten `type`.
fn untyped_shapes(c: &Contracts, diags: &mut Diagnostics) {
    use crate::implied::{has_array_keywords, has_object_keywords};
    for (_, n, o) in written_nodes(c) {
        if n.types.is_some() || n.enum_values.is_some() || n.const_value.is_some() {
            continue;
        }
        let kind = if has_object_keywords(n) {
            "object"
        } else if has_array_keywords(n) {
            "array"
        } else {
            continue;
        };
        diags.warning(
            &o.file,
            &o.pointer,
            format!(
                "{kind} keywords without `type`: JSON Schema accepts any value that is not an {kind} here, so the generated types hold any JSON value; add `\"type\": \"{kind}\"` to type it"
            ),
        );
    }
}

/// The nodes written in the contracts' files, with where. Judges (copies of
/// the envelope with an event's payload, type and version swapped in) are
/// left out: their parts are checked where they are written.
fn written_nodes(c: &Contracts) -> impl Iterator<Item = (NodeId, &Node, &Origin)> {
    let judges: BTreeSet<NodeId> = c
        .events
        .iter()
        .filter_map(|e| e.payload.as_ref().map(|p| p.judge))
        .collect();
    c.schemas
        .nodes
        .iter()
        .enumerate()
        .filter(move |(id, _)| !judges.contains(id))
        .filter_map(|(id, n)| Some((id, n, n.origin.as_ref()?)))
}

/// Where the registry entry of event `index` is, for registry diagnostics.
fn entry_pointer(index: usize) -> String {
    format!("/event_types/{index}/event_type")
}

/// `<aggregate>.<past-tense-verb>` (SPEC's convention; the syntax itself is
/// checked by the model). A trailing `vN` segment, as in
/// `render.job.completed.v1`, is a version and is skipped.
fn event_type_convention(c: &Contracts, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for (i, e) in c.events.iter().enumerate() {
        if !seen.insert(e.event_type.as_str()) {
            continue;
        }
        let mut segments: Vec<&str> = e.event_type.split('.').collect();
        if segments.len() > 2 && is_version_segment(segments[segments.len() - 1]) {
            segments.pop();
        }
        let problem = if segments.len() < 2 {
            "has no aggregate: name it `<aggregate>.<past-tense-verb>`, such as `credit.locked`"
                .to_owned()
        } else {
            let verb = segments[segments.len() - 1];
            let word = verb.rsplit('_').next().unwrap_or(verb);
            if is_past_tense(word) {
                continue;
            }
            format!(
                "ends in `{verb}`, which does not read as a past-tense verb: an event names something that happened (`<aggregate>.<past-tense-verb>`, such as `credit.locked`)"
            )
        };
        let msg = format!("event type {:?} {problem}", e.event_type);
        diags.warning(crate::registry::REGISTRY_FILE, &entry_pointer(i), msg);
    }
}

fn is_version_segment(s: &str) -> bool {
    s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Regular past tenses end in `ed`; the common irregular participles of
/// business events are listed.
fn is_past_tense(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "begun",
        "bought",
        "brought",
        "built",
        "caught",
        "chosen",
        "done",
        "drawn",
        "driven",
        "fed",
        "forgotten",
        "frozen",
        "given",
        "gone",
        "held",
        "hidden",
        "kept",
        "known",
        "laid",
        "left",
        "lent",
        "lost",
        "made",
        "met",
        "paid",
        "put",
        "read",
        "rebuilt",
        "reset",
        "resent",
        "risen",
        "run",
        "said",
        "seen",
        "sent",
        "set",
        "shown",
        "shut",
        "sold",
        "spent",
        "split",
        "struck",
        "taken",
        "told",
        "undone",
        "withdrawn",
        "won",
        "written",
    ];
    word.ends_with("ed") || IRREGULAR.contains(&word)
}

/// A schema file that no registry entry reaches (directly or by `$ref`) is
/// either a forgotten registry entry or dead weight that readers mistake for
/// a contract. Lowering only visits what the registry reaches, so the files
/// of the model's nodes are exactly the used ones.
fn unused_files(sources: &Sources, c: &Contracts, diags: &mut Diagnostics) {
    let used: BTreeSet<&str> = c
        .schemas
        .nodes
        .iter()
        .filter_map(|n| n.origin.as_ref().map(|o| o.file.as_str()))
        .collect();
    for file in sources.files.keys() {
        if !used.contains(file.as_str()) {
            diags.error(
                file,
                "",
                "no registry entry uses this schema (neither as payload_schema or envelope.schema nor through a $ref): register it or delete it",
            );
        }
    }
}

/// A root `$id` must end with the file's path in the contracts directory, so
/// that a relative `$ref` means the same file whether a tool resolves it
/// against the `$id` or against the file on disk. (`$id` is resolution
/// machinery, not part of the schema model, so it is read from the source.)
fn id_matches_path(sources: &Sources, diags: &mut Diagnostics) {
    for (file, value) in &sources.files {
        let Some(id) = value.get("$id").and_then(Value::as_str) else {
            continue;
        };
        let path = match url::Url::parse(id) {
            Ok(url) => url.path().to_owned(),
            Err(_) => id.split(['#', '?']).next().unwrap_or(id).to_owned(),
        };
        let matches = path == *file || path.ends_with(&format!("/{file}"));
        if !matches {
            let msg = format!(
                "$id {id:?} does not end with this file's path {file:?}: relative $refs would resolve differently by $id and on disk; make the $id end with {file:?} or move the file"
            );
            diags.error(file, "/$id", msg);
        }
    }
}

/// Objects reachable from a payload that leave `additionalProperties` out.
/// An open object accepts any extra property, so adding a property later
/// cannot be told apart from data that was always allowed. `allOf` parts are
/// skipped: closing one would reject the other parts' properties.
fn open_payload_objects(c: &Contracts, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<NodeId> = c
        .events
        .iter()
        .filter_map(|e| e.payload.as_ref().map(|p| p.root))
        .collect();
    while let Some(id) = stack.pop() {
        let id = c.schemas.resolve(id);
        if !seen.insert(id) {
            continue;
        }
        let n = c.node(id);
        let is_object = !n.properties.is_empty()
            || n.types
                .as_ref()
                .is_some_and(|t| t.len() == 1 && t[0] == JsonType::Object);
        if is_object && n.additional_properties.is_none() {
            if let Some(o) = &n.origin {
                diags.warning(
                    &o.file,
                    &o.pointer,
                    "object is open (no `additionalProperties`): any extra property is accepted, which weakens what `breaking` can check; set `additionalProperties: false`",
                );
            }
        }
        stack.extend(n.children().into_iter().filter(|id| !n.all_of.contains(id)));
        // Parts of an allOf are not checked themselves, but their children are.
        for &part in &n.all_of {
            let p = c.node(c.schemas.resolve(part));
            stack.extend(p.properties.iter().map(|(_, child)| *child));
            stack.extend(p.items.iter());
        }
    }
}

/// Every declared property says what it means (its own `description`, or
/// that of the definition it refers to): the catalog and doc comments show it.
fn undescribed_properties(c: &Contracts, diags: &mut Diagnostics) {
    for (_, n, o) in written_nodes(c) {
        for (name, child) in &n.properties {
            let described = c.node(*child).description.is_some()
                || c.node(c.schemas.resolve(*child)).description.is_some();
            if !described {
                let at = pointer_push(&format!("{}/properties", o.pointer), name);
                diags.warning(
                    &o.file,
                    &at,
                    format!("property {name:?} has no description"),
                );
            }
        }
    }
}

/// An example is documentation that readers copy; one the schema rejects
/// teaches the wrong thing.
fn invalid_examples(c: &Contracts, diags: &mut Diagnostics) {
    if !c.schemas.nodes.iter().any(|n| !n.examples.is_empty()) {
        return;
    }
    let plan = crate::checks::plan(c);
    for (id, n, o) in written_nodes(c) {
        if n.examples.is_empty() {
            continue;
        }
        let (checks, lifted) = crate::checks::node_checks(c, &plan, id);
        let verdicts = crate::verdict::Verdicts::new(&plan, &lifted);
        for (i, example) in n.examples.iter().enumerate() {
            let mut example = example.clone();
            runtime::normalize_numbers(&mut example);
            let violations = verdicts.violations(&checks, &example);
            if !violations.is_empty() {
                let why: Vec<String> = violations.iter().map(ToString::to_string).collect();
                let msg = format!(
                    "example {i} does not validate against its own schema: {}",
                    why.join("; ")
                );
                diags.error(&o.file, &format!("{}/examples/{i}", o.pointer), msg);
            }
        }
    }
}

/// SPEC: integers are exact within ±(2^53−1) in every runtime, so a bound
/// beyond that promises what JavaScript cannot hold.
fn unsafe_integer_bounds(c: &Contracts, diags: &mut Diagnostics) {
    for (_, n, o) in written_nodes(c) {
        let integer_only = n
            .types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Integer) && !t.contains(&JsonType::Number));
        if !integer_only {
            continue;
        }
        let bounds = [
            ("minimum", &n.minimum),
            ("exclusiveMinimum", &n.exclusive_minimum),
            ("maximum", &n.maximum),
            ("exclusiveMaximum", &n.exclusive_maximum),
        ];
        for (keyword, bound) in bounds {
            let Some(b) = bound.as_ref().and_then(serde_json::Number::as_f64) else {
                continue;
            };
            if b.abs() > MAX_SAFE_INTEGER as f64 {
                let msg = format!(
                    "{keyword} {b} allows integers beyond ±(2^53−1), which JavaScript cannot hold exactly; bound the property within ±{MAX_SAFE_INTEGER}"
                );
                diags.warning(&o.file, &pointer_push(&o.pointer, keyword), msg);
            }
        }
    }
}
