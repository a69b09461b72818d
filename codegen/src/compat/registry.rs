//! The rules of `breaking`, on the registry and the envelope. Each finding
//! names its rule as the README's table does.

use crate::model::{Contracts, Event};
use crate::registry::{Status, REGISTRY_FILE};

use super::bump::Reasons;
use super::diff::{diff, Change, Diff};
use super::{Compatibility, Finding, Mode, Severity};

/// Every published `(event_type, schema_version)` against today's entry.
pub fn entries(old: &Contracts, new: &Contracts, out: &mut Vec<Finding>, reasons: &mut Reasons) {
    for (i, was) in old.events.iter().enumerate() {
        let name = label(was);
        let next = next_version(old, new, &was.event_type);
        let Some((j, now)) = find(new, &was.event_type, was.version) else {
            let advice = if was.status == Status::Retired {
                "keep the retired entry: it is what stops its number from being reused".to_owned()
            } else {
                "keep the entry: mark it `deprecated`, and `retired` (without payload_schema) once nobody produces it".to_owned()
            };
            out.push(finding(
                "entry-removed",
                REGISTRY_FILE,
                "/event_types",
                was,
                format!(
                    "{name} was removed from the registry (it was /event_types/{i} at the published revision)"
                ),
                advice,
            ));
            reasons.major(format!("{name} removed"));
            continue;
        };
        let at = format!("/event_types/{j}/status");
        match (was.status, now.status) {
            (a, b) if a == b => {}
            (Status::Retired, status) => out.push(finding(
                "retired-reused",
                REGISTRY_FILE,
                &at,
                was,
                format!(
                    "{name} was retired and is {} again: a retired version number is never reused (old events with it may still be stored)",
                    status_text(status)
                ),
                format!("leave it retired and add version {next} instead"),
            )),
            (Status::Deprecated, Status::Active) => out.push(finding(
                "status-went-back",
                REGISTRY_FILE,
                &at,
                was,
                format!("{name} moved back from deprecated to active: the life cycle is active → deprecated → retired"),
                format!("keep it deprecated (consumers were told to move off it); if the event is wanted, add version {next}"),
            )),
            (Status::Active, Status::Deprecated) => reasons.minor(format!("{name} deprecated")),
            (Status::Active, Status::Retired) => {
                out.push(Finding {
                    severity: Severity::Warning,
                    ..finding(
                        "retired-without-deprecation",
                        REGISTRY_FILE,
                        &at,
                        was,
                        format!("{name} was retired without being deprecated at the published revision"),
                        "deprecate a version first, so that producers and consumers are warned, and retire it in a later release".to_owned(),
                    )
                });
                reasons.major(format!("{name} retired"));
            }
            (_, Status::Retired) => reasons.major(format!("{name} retired")),
            (Status::Deprecated, Status::Deprecated) | (Status::Active, Status::Active) => {}
        }
        if (&was.producer, &was.subscribers, &was.description)
            != (&now.producer, &now.subscribers, &now.description)
        {
            reasons.patch(format!("{name}: producer, subscribers or description"));
        }
        let (Some(p), Some(q)) = (&was.payload, &now.payload) else {
            continue;
        };
        let d = diff(&old.schemas, p.root, &new.schemas, q.root, None);
        if d.annotations > 0 {
            reasons.patch(format!("{name}: annotations"));
        }
        for change in &d.changes {
            let advice = format!(
                "leave {name} as published and add the change as version {next} of {:?} (a new payload file and registry entry)",
                was.event_type
            );
            out.push(schema_finding(change, Some(was), &name, advice));
            reasons.major(format!("{name} changed"));
        }
    }
    for e in &new.events {
        if find(old, &e.event_type, e.version).is_none() {
            reasons.minor(format!("{} added", label(e)));
        }
    }
}

/// The envelope's wire names and schema are shared by every event: they
/// are checked like a published payload.
pub fn envelope(old: &Contracts, new: &Contracts, out: &mut Vec<Finding>, reasons: &mut Reasons) {
    let advice = "keep the envelope as published: every producer and consumer of every event reads it; carry new data in a new payload version";
    let (f, g) = (&old.fields, &new.fields);
    for (key, a, b) in [
        ("event_type_field", Some(&f.event_type), Some(&g.event_type)),
        (
            "schema_version_field",
            f.schema_version.as_ref(),
            g.schema_version.as_ref(),
        ),
        ("payload_field", Some(&f.payload), Some(&g.payload)),
    ] {
        if a != b {
            let text = |x: Option<&String>| x.map_or("absent".to_owned(), |x| format!("{x:?}"));
            out.push(Finding {
                severity: Severity::Error,
                rule: "envelope-changed",
                file: REGISTRY_FILE.to_owned(),
                pointer: format!("/envelope/{key}"),
                event_type: None,
                schema_version: None,
                message: format!("envelope.{key} changed from {} to {}", text(a), text(b)),
                breaks: Some(super::Direction::Both),
                advice: advice.to_owned(),
            });
            reasons.major(format!("envelope.{key} changed"));
        }
    }
    match (&old.envelope, &new.envelope) {
        (None, None) => {}
        (Some(a), Some(b)) => {
            let d: Diff = diff(&old.schemas, a.root, &new.schemas, b.root, Some(&g.payload));
            if d.annotations > 0 {
                reasons.patch("envelope annotations".to_owned());
            }
            for change in &d.changes {
                out.push(Finding {
                    rule: "envelope-changed",
                    ..schema_finding(change, None, "the envelope", advice.to_owned())
                });
                reasons.major("envelope changed".to_owned());
            }
        }
        (a, _) => {
            let message = if a.is_some() {
                "envelope.schema was removed: events now travel bare"
            } else {
                "envelope.schema was added: events now travel in an envelope"
            };
            out.push(Finding {
                severity: Severity::Error,
                rule: "envelope-changed",
                file: REGISTRY_FILE.to_owned(),
                pointer: "/envelope/schema".to_owned(),
                event_type: None,
                schema_version: None,
                message: message.to_owned(),
                breaks: Some(super::Direction::Both),
                advice: advice.to_owned(),
            });
            reasons.major("envelope changed".to_owned());
        }
    }
}

/// For each version added since the published revision, how it relates to
/// the version before it (information for consumers, never an error).
pub fn new_versions(old: &Contracts, new: &Contracts) -> Vec<Compatibility> {
    let mut out = Vec::new();
    for e in &new.events {
        let Some(q) = &e.payload else { continue };
        if e.version < 2 || find(old, &e.event_type, e.version).is_some() {
            continue;
        }
        let Some((_, prev)) = find(new, &e.event_type, e.version - 1) else {
            continue;
        };
        let Some(p) = &prev.payload else { continue };
        let d = diff(&new.schemas, p.root, &new.schemas, q.root, None);
        out.push(Compatibility {
            event_type: e.event_type.clone(),
            from: prev.version,
            to: e.version,
            mode: Mode::of(&d.changes),
            changes: d.changes,
        });
    }
    out
}

fn find<'c>(c: &'c Contracts, event_type: &str, version: u64) -> Option<(usize, &'c Event)> {
    c.events
        .iter()
        .enumerate()
        .find(|(_, e)| e.event_type == event_type && e.version == version)
}

/// The version a change should be published as: one past any number used.
fn next_version(old: &Contracts, new: &Contracts, event_type: &str) -> u64 {
    old.events
        .iter()
        .chain(&new.events)
        .filter(|e| e.event_type == event_type)
        .map(|e| e.version)
        .max()
        .unwrap_or(0)
        + 1
}

fn label(e: &Event) -> String {
    format!("{} v{}", e.event_type, e.version)
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Deprecated => "deprecated",
        Status::Retired => "retired",
    }
}

fn finding(
    rule: &'static str,
    file: &str,
    pointer: &str,
    e: &Event,
    message: String,
    advice: String,
) -> Finding {
    Finding {
        severity: Severity::Error,
        rule,
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        event_type: Some(e.event_type.clone()),
        schema_version: Some(e.version),
        message,
        breaks: None,
        advice,
    }
}

/// A change in what a published schema accepts.
fn schema_finding(change: &Change, e: Option<&Event>, name: &str, advice: String) -> Finding {
    let path = if change.path.is_empty() {
        String::new()
    } else {
        format!("`{}`: ", change.path)
    };
    Finding {
        severity: Severity::Error,
        rule: "schema-changed",
        file: change.file.clone(),
        pointer: change.pointer.clone(),
        event_type: e.map(|e| e.event_type.clone()),
        schema_version: e.map(|e| e.version),
        message: format!(
            "{name}: {path}{}; this {}",
            change.what,
            change.direction.breaks()
        ),
        breaks: Some(change.direction),
        advice,
    }
}
