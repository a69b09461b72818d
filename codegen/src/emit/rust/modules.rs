//! Which module of the crate declares each named type, and the path every
//! other module names it by. A type is declared once: a payload's root in
//! its event's module (`payloads::credit_locked_v1`), a type one payload
//! alone reaches beside it, and a type the envelope or several payloads reach
//! in `shared` (`home.rs` decides which). A module gives typify the others'
//! types as replacements, so typify writes `crate::shared::Money` where it
//! would have declared `Money` again.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::home::{homes, Home};
use crate::model::Contracts;
use crate::naming::rust_type_name;
use crate::schema::NodeId;

/// A module of named types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `envelope.rs`: the envelope's root, generic over its payload.
    Envelope,
    /// `shared.rs`.
    Shared,
    /// `payloads/{module}.rs` of `Contracts::events[i]`.
    Event(usize),
}

pub struct Layout {
    homes: HashMap<NodeId, Home>,
    /// Each live payload's root, with the first event whose root it is.
    roots: HashMap<NodeId, usize>,
    envelope: Option<NodeId>,
    /// Every model name as typify spells it (heck's PascalCase), which
    /// typify is told to rename to the model's (`emit::rust::typify`): a
    /// type typify names itself that way would be renamed too, and declared
    /// twice.
    typify_names: HashSet<String>,
}

impl Layout {
    pub fn new(c: &Contracts) -> Self {
        let mut roots = HashMap::new();
        for (i, e) in c.events.iter().enumerate() {
            if let Some(p) = &e.payload {
                roots.entry(c.schemas.resolve(p.root)).or_insert(i);
            }
        }
        Layout {
            homes: homes(c),
            roots,
            envelope: c.envelope.as_ref().map(|e| c.schemas.resolve(e.root)),
            typify_names: {
                use heck::ToPascalCase;
                c.names.values().map(|n| n.to_pascal_case()).collect()
            },
        }
    }

    /// Whether `typify_name`, a name typify would give an inline type, is
    /// (as typify spells it) a name the model gave some type.
    pub fn is_taken_by_typify(&self, typify_name: &str) -> bool {
        self.typify_names.contains(typify_name)
    }

    /// The module that declares the named type `id` (resolved).
    pub fn module(&self, id: NodeId) -> Module {
        if Some(id) == self.envelope {
            return Module::Envelope;
        }
        if let Some(&i) = self.roots.get(&id) {
            return Module::Event(i);
        }
        match self.homes.get(&id) {
            Some(&Home::Event(i)) => Module::Event(i),
            _ => Module::Shared,
        }
    }

    /// The type another module names `id` by: its path from the crate
    /// root. Another event's payload is boxed: it is the one kind of type
    /// a module can reach back from, and typify, which boxes the cycles of
    /// its own types, cannot see one through a path.
    pub fn path(&self, c: &Contracts, id: NodeId) -> String {
        let path = self.plain_path(c, id);
        if self.roots.contains_key(&id) {
            format!("::std::boxed::Box<{path}>")
        } else {
            path
        }
    }

    /// The path of named type `id`, as its module declares it.
    pub fn plain_path(&self, c: &Contracts, id: NodeId) -> String {
        match self.module(id) {
            // (Not asked: a module that uses the envelope's root declares it.)
            Module::Envelope => "crate::envelope::Envelope".to_owned(),
            Module::Shared => format!("crate::shared::{}", rust_type_name(&c.names[&id])),
            Module::Event(i) => {
                let e = &c.events[i];
                let name = if self.roots.get(&id) == Some(&i) {
                    e.type_name.clone()
                } else {
                    rust_type_name(&c.names[&id])
                };
                format!("crate::payloads::{}::{name}", e.module)
            }
        }
    }

    /// The named types `shared.rs` declares, by name.
    pub fn shared(&self, c: &Contracts) -> BTreeMap<String, NodeId> {
        c.named_types()
            .into_iter()
            .filter(|&(id, _)| self.module(id) == Module::Shared)
            .map(|(id, name)| (name.to_owned(), id))
            .collect()
    }
}
