//! Which module of a package declares each named type: a type that one
//! event's payload alone reaches is declared with that event; the
//! envelope's types and those several events share are declared once in the
//! shared module. A package can then load an event's module on its first use
//! (Python imports a thousand-event package in a fraction of a second), and
//! an event's module only ever names types of its own or shared ones.

use std::collections::HashMap;

use crate::model::Contracts;
use crate::schema::NodeId;

/// Where a named type (or a check function) is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Home {
    Shared,
    /// Index into `Contracts::events`.
    Event(usize),
}

/// The home of every node reachable from the envelope or a payload (named
/// or not; emitters ask about named ones).
pub fn homes(c: &Contracts) -> HashMap<NodeId, Home> {
    let mut homes = HashMap::new();
    if let Some(env) = &c.envelope {
        mark(c, env.root, Home::Shared, &mut homes);
    }
    for (i, e) in c.events.iter().enumerate() {
        if let Some(p) = &e.payload {
            mark(c, p.root, Home::Event(i), &mut homes);
        }
    }
    homes
}

/// Marks everything `root` reaches as reached from `by`. A node goes from
/// unmarked to one event's to shared, never back, so each node is walked at
/// most twice: linear in the graph however many events share it.
fn mark(c: &Contracts, root: NodeId, by: Home, homes: &mut HashMap<NodeId, Home>) {
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let id = c.schemas.resolve(id);
        let next = match homes.get(&id) {
            None => by,
            Some(&h) if h == by || h == Home::Shared => continue,
            Some(_) => Home::Shared,
        };
        homes.insert(id, next);
        stack.extend(c.node(id).children());
    }
}
