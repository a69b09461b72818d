//! Each event's judge (SPEC): the envelope with its payload replaced and
//! its event type and version pinned, or a bare payload with its event
//! type pinned.

use serde_json::{Number, Value};

use crate::diagnostics::Diagnostics;
use crate::schema::{Node, NodeId, Schemas};

use super::{EnvelopeModel, Event, Fields};

/// Builds the node that judges a whole document of `event` (SPEC: the
/// envelope with its payload replaced and its event type and version fixed).
pub(super) fn judge_node(
    schemas: &mut Schemas,
    fields: &Fields,
    envelope: Option<&EnvelopeModel>,
    event: &Event,
    payload: NodeId,
    payload_file: &str,
    diags: &mut Diagnostics,
) -> NodeId {
    let fixed_type = Value::String(event.event_type.clone());
    match envelope {
        Some(env) => {
            let root = schemas.resolve(env.root);
            let mut node = schemas.get(root).clone();
            let fix = |name: &str, value: Value, schemas: &mut Schemas, node: &mut Node| {
                let original = node.properties.iter().position(|(p, _)| p == name);
                let pinned = schemas.push(Node {
                    const_value: Some(value),
                    all_of: original.map(|i| node.properties[i].1).into_iter().collect(),
                    ..Node::default()
                });
                match original {
                    Some(i) => node.properties[i].1 = pinned,
                    None => node.properties.push((name.to_owned(), pinned)),
                }
            };
            fix(&fields.event_type, fixed_type, schemas, &mut node);
            if let Some(vf) = &fields.schema_version {
                fix(
                    vf,
                    Value::Number(Number::from(event.version)),
                    schemas,
                    &mut node,
                );
            }
            match node
                .properties
                .iter()
                .position(|(p, _)| *p == fields.payload)
            {
                Some(i) => node.properties[i].1 = payload,
                None => node.properties.push((fields.payload.clone(), payload)),
            }
            schemas.push(node)
        }
        None => {
            let p = schemas.get(schemas.resolve(payload));
            let declares = p.properties.iter().any(|(n, _)| *n == fields.event_type);
            let closed = p
                .additional_properties
                .is_some_and(|a| schemas.get(a).never);
            if closed && !declares {
                let msg = format!(
                    "events travel bare, so the payload carries its event type in {:?}, but this closed object does not declare it: add it to `properties`",
                    fields.event_type
                );
                diags.error(payload_file, "/properties", msg);
            }
            let pinned = schemas.push(Node {
                const_value: Some(fixed_type),
                ..Node::default()
            });
            schemas.push(Node {
                all_of: vec![payload],
                properties: vec![(fields.event_type.clone(), pinned)],
                required: vec![fields.event_type.clone()],
                ..Node::default()
            })
        }
    }
}
