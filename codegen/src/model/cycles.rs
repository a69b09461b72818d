//! Recursion that could not end: a cycle of applicators, or one that no
//! named type breaks.

use crate::diagnostics::Diagnostics;
use crate::schema::{Node, NodeId, Schemas};

use super::names::is_named_kind;

/// Recursion must end and must be nameable. A cycle of `allOf`/`anyOf`/
/// `oneOf`/`$ref` applies a schema to the same value again and again: no
/// validator could finish it, and the emitters that merge `allOf` would
/// recurse for ever. Any other cycle must pass through a named type (an
/// object with properties, a `oneOf`/`anyOf`/`allOf`, a string enum): every
/// emitter writes the others inline, and a cycle of them would have no end.
pub(super) fn check_cycles(schemas: &Schemas, diags: &mut Diagnostics) -> bool {
    let place = |at: NodeId| {
        schemas
            .get(at)
            .origin
            .as_ref()
            .map_or((String::new(), String::new()), |o| {
                (o.file.clone(), o.pointer.clone())
            })
    };
    // Each cycle is reported at its member that comes first in its file.
    let first = |cycle: &[NodeId]| cycle.iter().copied().min_by_key(|&n| place(n));
    let mut endless = Vec::new();
    for_each_cycle(schemas, Node::applicators, |cycle| {
        endless.extend(first(cycle))
    });
    for &at in &endless {
        let (file, pointer) = place(at);
        diags.error(
            &file,
            &pointer,
            "this schema applies itself to the same value through `allOf`, `anyOf`, `oneOf` or \
             `$ref` without descending into a property or an item, so validating it would never \
             end: break the cycle",
        );
    }
    if !endless.is_empty() {
        return false;
    }
    let mut unnamed = Vec::new();
    for_each_cycle(schemas, Node::children, |cycle| {
        if !cycle.iter().any(|n| is_named_kind(schemas.get(*n))) {
            unnamed.extend(first(cycle));
        }
    });
    for &at in &unnamed {
        let (file, pointer) = place(at);
        diags.error(
            &file,
            &pointer,
            "this schema contains itself through `$ref`s without passing through an \
             object with `properties` (or a oneOf/anyOf/allOf): recursive schemas must \
             recurse through such a type, which every language can name",
        );
    }
    unnamed.is_empty()
}

/// Calls `found` with each cycle a depth-first walk along `edges` closes
/// (at least one per strongly connected part), starting at the node the
/// walk reached again. Iterative, so a long chain cannot overflow.
fn for_each_cycle(
    schemas: &Schemas,
    edges: impl Fn(&Node) -> Vec<NodeId>,
    mut found: impl FnMut(&[NodeId]),
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; schemas.nodes.len()];
    for start in 0..schemas.nodes.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, its successors, how many were visited); the path is the stack.
        let mut stack = vec![(start, edges(schemas.get(start)), 0)];
        mark[start] = Mark::OnPath;
        while let Some((id, children, next)) = stack.last_mut() {
            let Some(&child) = children.get(*next) else {
                mark[*id] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[child] {
                Mark::New => {
                    mark[child] = Mark::OnPath;
                    stack.push((child, edges(schemas.get(child)), 0));
                }
                Mark::OnPath => {
                    let from = stack.iter().position(|(n, _, _)| *n == child).unwrap_or(0);
                    let cycle: Vec<NodeId> = stack[from..].iter().map(|(n, _, _)| *n).collect();
                    found(&cycle);
                }
                Mark::Done => {}
            }
        }
    }
}
