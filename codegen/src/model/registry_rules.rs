//! The registry's rules: the package, the envelope's fields, the
//! extension keywords, and the event list (duplicates, version gaps,
//! retired entries, module names a file system tells apart).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::keywords;
use crate::registry::{Package, REGISTRY_FILE};

use super::{Event, Fields};

/// `annotation_keywords` may only name keywords JSON Schema leaves open:
/// declaring a standard one an annotation would silence a constraint.
pub(super) fn check_annotation_keywords(listed: &[String], diags: &mut Diagnostics) {
    for (i, keyword) in listed.iter().enumerate() {
        if keywords::is_standard(keyword) {
            let msg = format!(
                "`{keyword}` is a JSON Schema keyword, so it cannot be declared an annotation: remove it from annotation_keywords"
            );
            diags.error(REGISTRY_FILE, &format!("/annotation_keywords/{i}"), msg);
        }
    }
}

pub(super) fn check_package(package: &Package, diags: &mut Diagnostics) {
    let name_ok = package.name.starts_with(|c: char| c.is_ascii_lowercase())
        && package
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !name_ok {
        let msg = format!(
            "package name {:?} must start with a lowercase letter and hold only lowercase letters, digits, `-` and `_` (it names a crate, an npm package and a Python module): rename it, such as event-contracts",
            package.name
        );
        diags.error(REGISTRY_FILE, "/package/name", msg);
    }
    let parts: Vec<&str> = package
        .version
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        let msg = format!(
            "package version {:?} is not a semantic version: write MAJOR.MINOR.PATCH, such as 0.1.0",
            package.version
        );
        diags.error(REGISTRY_FILE, "/package/version", msg);
    }
}

pub(super) fn check_fields(fields: &Fields, has_envelope: bool, diags: &mut Diagnostics) {
    let mut names = vec![("event_type_field", &fields.event_type)];
    if let Some(v) = &fields.schema_version {
        names.push(("schema_version_field", v));
    }
    if has_envelope {
        names.push(("payload_field", &fields.payload));
    }
    for (key, name) in &names {
        if name.is_empty() {
            diags.error(
                REGISTRY_FILE,
                &format!("/envelope/{key}"),
                "a field name cannot be empty: write the field's wire name, or remove the key to use the default",
            );
        }
    }
    for (i, (k1, n1)) in names.iter().enumerate() {
        for (k2, n2) in &names[i + 1..] {
            if n1 == n2 {
                let msg = format!(
                    "{k1} and {k2} are both {n1:?}: each envelope field needs its own name"
                );
                diags.error(REGISTRY_FILE, &format!("/envelope/{k2}"), msg);
            }
        }
    }
}

fn valid_event_type(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_lowercase())
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

pub(super) fn check_event_list(events: &[Event], versioned: bool, diags: &mut Diagnostics) {
    let reg = REGISTRY_FILE;
    let mut type_names: HashMap<&str, usize> = HashMap::new();
    let mut variants: HashMap<&str, &str> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(&first) = type_names.get(e.type_name.as_str()) {
            let other = &events[first];
            if other.event_type != e.event_type || other.version != e.version {
                let msg = format!(
                    "{:?} v{} and {:?} v{} (at /event_types/{first}) would both be named `{}` in the generated code: rename one of the event types",
                    e.event_type, e.version, other.event_type, other.version, e.type_name
                );
                diags.error(reg, &format!("/event_types/{i}/event_type"), msg);
            }
        } else {
            type_names.insert(&e.type_name, i);
        }
        match variants.get(e.variant.as_str()) {
            Some(&other) if other != e.event_type => {
                let msg = format!(
                    "event types {:?} and {other:?} would both be `EventType::{}` in the generated code: rename one of them",
                    e.event_type, e.variant
                );
                diags.error(reg, &format!("/event_types/{i}/event_type"), msg);
            }
            _ => {
                variants.insert(&e.variant, &e.event_type);
            }
        }
    }
    let mut versions: BTreeMap<&str, Vec<(u64, usize)>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let at = format!("/event_types/{i}");
        if !valid_event_type(&e.event_type) {
            let msg = format!(
                "event type {:?} must be lowercase and dotted, each segment matching [a-z][a-z0-9_]*: rename it, such as order.placed",
                e.event_type
            );
            diags.error(reg, &format!("{at}/event_type"), msg);
        }
        if e.version == 0 {
            diags.error(
                reg,
                &format!("{at}/schema_version"),
                "schema_version must be a positive integer: versions start at 1",
            );
        }
        versions
            .entry(&e.event_type)
            .or_default()
            .push((e.version, i));
    }
    for (name, mut list) in versions {
        list.sort();
        for pair in list.windows(2) {
            if pair[0].0 == pair[1].0 {
                let msg = format!(
                    "{name:?} version {} is registered twice (also at /event_types/{}): remove one, or give it the next version number",
                    pair[1].0, pair[0].1
                );
                diags.error(reg, &format!("/event_types/{}", pair[1].1), msg);
            }
        }
        if !versioned && list.len() > 1 {
            let msg = format!(
                "{name:?} appears {} times, but the envelope has no schema_version_field, so the event type alone must identify the event: keep one entry, or set envelope.schema_version_field",
                list.len()
            );
            diags.error(reg, &format!("/event_types/{}", list[1].1), msg);
        }
        let mut distinct: Vec<u64> = list.iter().map(|v| v.0).collect();
        distinct.dedup();
        for (expected, &v) in (1..).zip(&distinct) {
            if v != expected {
                let msg = format!(
                    "{name:?} versions must start at 1 and have no gaps: found {distinct:?}, version {expected} is missing; register it (as retired if it is gone) or renumber"
                );
                let index = list.iter().find(|x| x.0 == v).map_or(0, |x| x.1);
                diags.error(reg, &format!("/event_types/{index}/schema_version"), msg);
                break;
            }
        }
    }
}

/// Whether a node becomes a named type in the generated code.
/// Two type names can have one snake-case spelling (`HTTPEventV1` and
/// `HttpEventV1`), and a file system may not tell case apart: a module name
/// taken (ignoring case) gets the first free `_2`, `_3`, … in registry order.
pub(super) fn distinct_modules(events: &mut [Event]) {
    let mut taken = HashSet::new();
    for e in events {
        let base = e.module.clone();
        e.module = (1..)
            .map(|i| {
                if i == 1 {
                    base.clone()
                } else {
                    format!("{base}_{i}")
                }
            })
            .find(|m| taken.insert(m.to_lowercase()))
            .expect("some name is free");
    }
}
