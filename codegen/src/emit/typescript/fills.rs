//! What `buildEvent` fills in for the producer: the required properties
//! whose value the schema fixes (`Contracts::fixed_properties`), in the
//! envelope and at each payload's root, and a bare event's own type. The
//! payload a producer writes (`EventInputs`) leaves them optional; nested
//! objects keep their literal types, which is how TypeScript writes a
//! discriminated union (an object literal has no constructor to fill it).

use serde_json::Value;

use super::layout::{concat, group, indent, join, line, print, text, Doc};
use super::syntax::{property_key, string_literal};
use super::types::{self, Body, Decl, Member, Ty};
use crate::model::{Contracts, Event};

/// Properties filled in, with their values.
type Fixed<'a> = Vec<(&'a str, &'a Value)>;

/// The fixed properties of the envelope and of each live payload.
pub struct Fills<'a> {
    c: &'a Contracts,
    /// Per event type, in registry order, per live version: the payload's
    /// filled properties. Without a version field, only those every live
    /// version of the type fixes alike (`buildEvent` cannot tell them apart).
    payloads: Vec<(&'a str, Vec<(&'a Event, Fixed<'a>)>)>,
    /// The envelope's filled properties, set by `buildEvent`.
    pub envelope: Fixed<'a>,
}

impl<'a> Fills<'a> {
    pub fn new(c: &'a Contracts) -> Self {
        let versioned = c.envelope.is_some() && c.fields.schema_version.is_some();
        let payloads = c
            .events_by_type()
            .into_iter()
            .filter_map(|(event_type, events)| {
                let live: Vec<(&Event, Fixed)> = events
                    .into_iter()
                    .filter_map(|e| {
                        let root = e.payload.as_ref()?.root;
                        let fixed = c.fixed_properties(root).into_iter();
                        // A bare event's own type is `buildEvent`'s first argument.
                        let own = |wire: &str| c.envelope.is_none() && wire == c.fields.event_type;
                        let fixed = fixed.filter(|(wire, v)| spelled(v) && !own(wire));
                        Some((e, fixed.collect()))
                    })
                    .collect();
                (!live.is_empty()).then_some((event_type, live))
            })
            .map(|(event_type, mut live)| {
                if !versioned {
                    let common: Fixed = live[0]
                        .1
                        .iter()
                        .filter(|p| live.iter().all(|(_, fixed)| fixed.contains(p)))
                        .copied()
                        .collect();
                    for (_, fixed) in &mut live {
                        fixed.clone_from(&common);
                    }
                }
                (event_type, live)
            })
            .collect();
        let envelope = c.envelope.as_ref().map_or_else(Vec::new, |env| {
            let set_anyway = [Some(&c.fields.event_type), c.fields.schema_version.as_ref()];
            c.fixed_properties(env.root)
                .into_iter()
                .filter(|(wire, v)| spelled(v) && *wire != c.fields.payload)
                .filter(|(wire, _)| !set_anyway.contains(&Some(&wire.to_string())))
                .collect()
        });
        Fills {
            c,
            payloads,
            envelope,
        }
    }

    /// Whether any payload has a property filled in: then `buildEvent`
    /// takes `EventInputs` rather than `EventPayloads`.
    pub fn any(&self) -> bool {
        self.c.envelope.is_none()
            || self
                .payloads
                .iter()
                .any(|(_, live)| live.iter().any(|(_, fixed)| !fixed.is_empty()))
    }

    /// The payload a producer writes for `e`: `Fillable<CreditLockedV1, "kind">`,
    /// or the payload type itself when nothing is filled in.
    pub fn input(&self, e: &Event) -> Ty {
        let fixed = self
            .payloads
            .iter()
            .flat_map(|(_, live)| live)
            .find(|(event, _)| std::ptr::eq(*event, e))
            .map_or(&[][..], |(_, fixed)| fixed.as_slice());
        let mut keys: Vec<Ty> = fixed
            .iter()
            .map(|(wire, _)| Ty::Literal(string_literal(wire)))
            .collect();
        if self.c.envelope.is_none() {
            let own = Ty::Literal(string_literal(&self.c.fields.event_type));
            if !keys.contains(&own) {
                keys.insert(0, own);
            }
        }
        let payload = Ty::Name(e.type_name.clone());
        if keys.is_empty() {
            return payload;
        }
        Ty::Generic("Fillable".to_owned(), vec![payload, types::union(keys)])
    }

    /// `export interface EventInputs { … }`, when any payload has a
    /// property filled in.
    pub fn inputs_decl(&self) -> Option<String> {
        if !self.any() {
            return None;
        }
        let fields = self
            .payloads
            .iter()
            .map(|(event_type, live)| types::Field {
                key: string_literal(event_type),
                optional: false,
                ty: Ty::Object(
                    live.iter()
                        .map(|(e, _)| Member {
                            key: e.version.to_string(),
                            optional: false,
                            ty: self.input(e),
                        })
                        .collect(),
                ),
                doc: String::new(),
            })
            .collect();
        let doc = "/**\n * The payload `buildEvent` takes for each event type and version: the\n * payload, with the properties whose value the schema fixes optional, as\n * `buildEvent` fills them in.\n */";
        Some(print(&types::declaration(&Decl {
            name: "EventInputs".to_owned(),
            doc: doc.to_owned(),
            params: Vec::new(),
            body: Body::Interface {
                fields,
                index: None,
            },
        })))
    }

    /// `const FIXED: … = { … };`: the values filled into each payload, by
    /// event type (and version, where events carry one). None when no
    /// payload has one.
    pub fn table_decl(&self) -> Option<String> {
        let versioned = self.c.fields.schema_version.is_some() && self.c.envelope.is_some();
        let by_type: Vec<Doc> = self
            .payloads
            .iter()
            .filter_map(|(event_type, live)| {
                let key = text(object_key(event_type));
                if versioned {
                    let versions: Vec<Doc> = live
                        .iter()
                        .filter(|(_, fixed)| !fixed.is_empty())
                        .map(|(e, fixed)| member(text(e.version.to_string()), values(fixed)))
                        .collect();
                    (!versions.is_empty()).then(|| member(key, object(versions)))
                } else {
                    let fixed = &live.first()?.1;
                    (!fixed.is_empty()).then(|| member(key, values(fixed)))
                }
            })
            .collect();
        if by_type.is_empty() {
            return None;
        }
        let ty = if versioned {
            "Readonly<Record<string, Readonly<Record<number, object>>>>"
        } else {
            "Readonly<Record<string, object>>"
        };
        Some(print(&types::assignment(
            text(format!("const FIXED: {ty}")),
            object(by_type),
            false,
        )))
    }

    /// `specversion: "1.0"`: the envelope's filled properties, as members
    /// of the event literal.
    pub fn envelope_members(&self) -> Vec<String> {
        self.envelope
            .iter()
            .map(|(wire, v)| format!("{}: {}", object_key(wire), literal(v)))
            .collect()
    }
}

/// A value TypeScript spells exactly as JSON has it: a string, a boolean or
/// an integer a `number` holds exactly.
fn spelled(v: &Value) -> bool {
    const SAFE: u64 = (1 << 53) - 1;
    match v {
        Value::String(_) | Value::Bool(_) => true,
        Value::Number(n) => n
            .as_i64()
            .map(i64::unsigned_abs)
            .or(n.as_u64())
            .is_some_and(|n| n <= SAFE),
        _ => false,
    }
}

fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => string_literal(s),
        other => other.to_string(),
    }
}

/// A key of an object literal. `__proto__` written plainly or quoted would
/// set the prototype; computed, it is a property.
pub fn object_key(wire: &str) -> String {
    if wire == "__proto__" {
        format!("[{}]", string_literal(wire))
    } else {
        property_key(wire)
    }
}

fn values(fixed: &[(&str, &Value)]) -> Doc {
    object(
        fixed
            .iter()
            .map(|(wire, v)| member(text(object_key(wire)), text(literal(v))))
            .collect(),
    )
}

fn member(key: Doc, value: Doc) -> Doc {
    concat(vec![key, text(": "), value])
}

/// `{ a: 1, b: 2 }`, or one member a line with a trailing comma.
fn object(members: Vec<Doc>) -> Doc {
    use super::layout::if_break;
    group(concat(vec![
        text("{"),
        indent(concat(vec![
            line(),
            join(&concat(vec![text(","), line()]), members),
        ])),
        if_break(text(","), text("")),
        line(),
        text("}"),
    ]))
}
