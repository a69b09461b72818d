//! What changed in what a schema accepts: two node graphs (old and new
//! contracts, each its own arena) walked side by side, keyword by keyword.
//!
//! The walk is on the lowered model, so what is equal by construction
//! compares equal: `required` in another order, a `$ref` to an identical
//! definition, a file moved elsewhere. Annotations (`title`, `description`,
//! `examples`, `default`, `deprecated`, unasserted `format`s) never count as
//! a change in what is accepted; they are tallied apart, for the version bump.
//!
//! Detection must be complete, classification need not be: two schemas whose
//! keywords all compare equal accept the same documents, and any keyword
//! that differs is reported, with `Unknown` as its direction when the walk
//! cannot tell which way it moved.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Number, Value};

use crate::diagnostics::pointer_push;
use crate::runtime::{compare, json_equal};
use crate::schema::{Format, JsonType, Node, NodeId, Schemas};

/// Which way a change moved the set of accepted documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A document valid before is now invalid: producers break.
    Narrows,
    /// A document invalid before is now valid: consumers break.
    Widens,
    /// Some of each.
    Both,
    /// The walk cannot tell (a changed `pattern`, a `oneOf` option added).
    Unknown,
}

impl Direction {
    /// Who is hurt, in a reviewer's words.
    pub fn breaks(self) -> &'static str {
        match self {
            Direction::Narrows => "breaks producers: documents valid today are rejected",
            Direction::Widens => {
                "breaks consumers: they would receive documents they never handled"
            }
            Direction::Both => "breaks producers and consumers",
            Direction::Unknown => "may break producers and consumers",
        }
    }
}

/// One change in what a schema accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The file of the new schema (or of the old one, for what was removed).
    pub file: String,
    /// JSON pointer to the keyword in that file.
    pub pointer: String,
    /// Where in the document: `funding_source`, `lines[].amount`; empty for
    /// the document itself.
    pub path: String,
    /// What changed, in words: "enum value `cash` removed".
    pub what: String,
    pub direction: Direction,
}

/// The result of comparing two schemas.
#[derive(Debug, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// How many annotations changed (they do not change what is accepted).
    pub annotations: usize,
}

/// Compares what `old_root` (in `old`) and `new_root` (in `new`) accept.
/// `ignore_root_property` leaves one property of the roots out (the
/// envelope's payload field, which each event replaces with its payload).
pub fn diff(
    old: &Schemas,
    old_root: NodeId,
    new: &Schemas,
    new_root: NodeId,
    ignore_root_property: Option<&str>,
) -> Diff {
    let mut walk = Walk {
        old,
        new,
        open: HashSet::new(),
        done: HashSet::new(),
        diff: Diff::default(),
        ignore_root_property,
    };
    let at = Loc::default();
    walk.walk(Some(old_root), Some(new_root), "", &at, true);
    walk.diff
}

/// Where a keyword is written: the nearest node with an origin.
#[derive(Debug, Clone, Default)]
struct Loc {
    file: String,
    pointer: String,
}

/// The schema that accepts everything (an absent keyword's subschema).
static ANY: LazyLock<Node> = LazyLock::new(Node::default);

/// Names every field of [`Node`], so that a keyword added to the model does
/// not compile until this walk compares it (or says why it need not).
fn compared_fields(n: &Node) {
    let Node {
        origin: _,
        // Annotations: counted in `annotations`, never a change in what is accepted.
        title: _,
        description: _,
        deprecated: _,
        default: _,
        examples: _,
        // `walk`.
        never: _,
        reference: _,
        // `types`, `values`.
        types: _,
        enum_values: _,
        const_value: _,
        // `strings`.
        min_length: _,
        max_length: _,
        pattern: _,
        format: _,
        // `numbers`.
        minimum: _,
        maximum: _,
        exclusive_minimum: _,
        exclusive_maximum: _,
        multiple_of: _,
        // `objects`.
        properties: _,
        required: _,
        additional_properties: _,
        // `arrays`.
        items: _,
        min_items: _,
        max_items: _,
        unique_items: _,
        // `combinator`.
        all_of: _,
        any_of: _,
        one_of: _,
    } = n;
}

/// A subschema slot: `None` is an absent schema, which accepts anything.
type Slot = Option<NodeId>;

struct Walk<'a> {
    old: &'a Schemas,
    new: &'a Schemas,
    /// Pairs being compared, on the path from the root: a `$ref` cycle
    /// meets one again and assumes it equal (any difference in it is
    /// reported where it was first met).
    open: HashSet<(Slot, Slot)>,
    /// Pairs compared: a definition used twice is reported once.
    done: HashSet<(Slot, Slot)>,
    diff: Diff,
    ignore_root_property: Option<&'a str>,
}

impl<'a> Walk<'a> {
    fn node(schemas: &'a Schemas, slot: Slot) -> &'a Node {
        slot.map_or(&ANY, |id| schemas.get(id))
    }

    fn change(&mut self, at: &Loc, keyword: &str, path: &str, what: String, d: Direction) {
        let pointer = if keyword.is_empty() {
            at.pointer.clone()
        } else {
            pointer_push(&at.pointer, keyword)
        };
        self.diff.changes.push(Change {
            file: at.file.clone(),
            pointer,
            path: path.to_owned(),
            what,
            direction: d,
        });
    }

    /// Whether two subschemas accept the same documents, without reporting.
    fn equivalent(&self, a: Slot, b: Slot) -> bool {
        let mut trial = Walk {
            old: self.old,
            new: self.new,
            open: self.open.clone(),
            done: HashSet::new(),
            diff: Diff::default(),
            ignore_root_property: None,
        };
        trial.walk(a, b, "", &Loc::default(), false);
        trial.diff.changes.is_empty()
    }

    fn walk(&mut self, a: Slot, b: Slot, path: &str, parent: &Loc, root: bool) {
        let pair = (
            a.map(|id| self.old.resolve(id)),
            b.map(|id| self.new.resolve(id)),
        );
        if self.open.contains(&pair) || self.done.contains(&pair) {
            return;
        }
        self.open.insert(pair);
        self.compare(pair.0, pair.1, path, parent, root);
        self.open.remove(&pair);
        self.done.insert(pair);
    }

    /// Compares two nodes (pure `$ref`s already followed) keyword by keyword.
    fn compare(&mut self, a: Slot, b: Slot, path: &str, parent: &Loc, root: bool) {
        let (na, nb) = (Self::node(self.old, a), Self::node(self.new, b));
        compared_fields(na);
        let at = match nb.origin.as_ref().or(na.origin.as_ref()) {
            Some(o) => Loc {
                file: o.file.clone(),
                pointer: o.pointer.clone(),
            },
            None => parent.clone(),
        };
        self.annotations(na, nb);
        if na.never || nb.never {
            if na.never != nb.never {
                let (what, d) = if nb.never {
                    ("no value is allowed any more", Direction::Narrows)
                } else {
                    ("values are allowed where none were", Direction::Widens)
                };
                self.change(&at, "", path, what.to_owned(), d);
            }
            return;
        }
        if na.reference.is_some() || nb.reference.is_some() {
            // A `$ref` beside other keywords: both must hold, so compare the
            // referenced schemas and the rest apart.
            self.walk(na.reference, nb.reference, path, &at, false);
        }
        self.types(na, nb, path, &at);
        self.values(na, nb, path, &at);
        self.strings(na, nb, path, &at);
        self.numbers(na, nb, path, &at);
        self.objects(na, nb, path, &at, root);
        self.arrays(na, nb, path, &at);
        for (keyword, la, lb) in [
            ("allOf", &na.all_of, &nb.all_of),
            ("anyOf", &na.any_of, &nb.any_of),
            ("oneOf", &na.one_of, &nb.one_of),
        ] {
            self.combinator(keyword, la, lb, path, &at);
        }
    }

    fn annotations(&mut self, na: &Node, nb: &Node) {
        let unasserted = |n: &Node| n.format.clone().filter(|f| !f.is_asserted());
        let changed = [
            na.title != nb.title,
            na.description != nb.description,
            na.deprecated != nb.deprecated,
            na.default != nb.default,
            na.examples != nb.examples,
            unasserted(na) != unasserted(nb),
        ];
        self.diff.annotations += changed.iter().filter(|c| **c).count();
    }

    fn types(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc) {
        let (ka, kb) = (kinds(na), kinds(nb));
        if ka == kb {
            return;
        }
        let lost: Vec<&str> = ka.iter().filter(|k| !kb.contains(k)).copied().collect();
        let gained: Vec<&str> = kb.iter().filter(|k| !ka.contains(k)).copied().collect();
        let what = format!(
            "type changed from {} to {}",
            type_text(na.types.as_deref()),
            type_text(nb.types.as_deref())
        );
        let what = match (lost.is_empty(), gained.is_empty()) {
            (false, true) => format!("{what}: {} no longer accepted", lost.join(", ")),
            (true, false) => format!("{what}: {} now accepted", gained.join(", ")),
            _ => what,
        };
        self.change(
            at,
            "type",
            path,
            what,
            direction(!lost.is_empty(), !gained.is_empty()),
        );
    }

    /// `enum` and `const`.
    fn values(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc) {
        match (&na.enum_values, &nb.enum_values) {
            (None, None) => {}
            (Some(_), None) => self.change(
                at,
                "enum",
                path,
                "enum removed: any value is accepted".to_owned(),
                Direction::Widens,
            ),
            (None, Some(_)) => self.change(
                at,
                "enum",
                path,
                "enum added: only its values are accepted".to_owned(),
                Direction::Narrows,
            ),
            (Some(va), Some(vb)) => {
                for v in va.iter().filter(|v| !vb.iter().any(|w| json_equal(v, w))) {
                    let what = format!("enum value {} removed", value_text(v));
                    self.change(at, "enum", path, what, Direction::Narrows);
                }
                for v in vb.iter().filter(|v| !va.iter().any(|w| json_equal(v, w))) {
                    let what = format!("enum value {} added", value_text(v));
                    self.change(at, "enum", path, what, Direction::Widens);
                }
            }
        }
        match (&na.const_value, &nb.const_value) {
            (None, None) => {}
            (Some(a), Some(b)) if json_equal(a, b) => {}
            (a, b) => {
                let text = |v: &Option<Value>| v.as_ref().map_or("absent".to_owned(), value_text);
                let what = format!("const changed from {} to {}", text(a), text(b));
                self.change(at, "const", path, what, direction(b.is_some(), a.is_some()));
            }
        }
    }

    fn strings(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc) {
        let count = |n: Option<u64>| n.map(Number::from);
        self.bound(
            "minLength",
            true,
            count(na.min_length),
            count(nb.min_length),
            path,
            at,
        );
        self.bound(
            "maxLength",
            false,
            count(na.max_length),
            count(nb.max_length),
            path,
            at,
        );
        if na.pattern != nb.pattern {
            let d = match (&na.pattern, &nb.pattern) {
                (None, Some(_)) => Direction::Narrows,
                (Some(_), None) => Direction::Widens,
                _ => Direction::Unknown,
            };
            let text =
                |p: &Option<String>| p.as_ref().map_or("none".to_owned(), |p| format!("`{p}`"));
            let what = format!(
                "pattern changed from {} to {}",
                text(&na.pattern),
                text(&nb.pattern)
            );
            self.change(at, "pattern", path, what, d);
        }
        let asserted = |n: &Node| n.format.clone().filter(Format::is_asserted);
        let (fa, fb) = (asserted(na), asserted(nb));
        if fa != fb {
            let text = |f: &Option<Format>| {
                f.as_ref()
                    .map_or("none".to_owned(), |f| format!("`{}`", f.as_str()))
            };
            let what = format!("format changed from {} to {}", text(&fa), text(&fb));
            self.change(
                at,
                "format",
                path,
                what,
                direction(fb.is_some(), fa.is_some()),
            );
        }
    }

    fn numbers(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc) {
        let bounds = [
            ("minimum", true, &na.minimum, &nb.minimum),
            (
                "exclusiveMinimum",
                true,
                &na.exclusive_minimum,
                &nb.exclusive_minimum,
            ),
            ("maximum", false, &na.maximum, &nb.maximum),
            (
                "exclusiveMaximum",
                false,
                &na.exclusive_maximum,
                &nb.exclusive_maximum,
            ),
        ];
        for (keyword, lower, a, b) in bounds {
            self.bound(keyword, lower, a.clone(), b.clone(), path, at);
        }
        let (ma, mb) = (&na.multiple_of, &nb.multiple_of);
        let same = match (ma, mb) {
            (Some(a), Some(b)) => compare(a, b) == Ordering::Equal,
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            let text = |m: &Option<Number>| m.as_ref().map_or("none".to_owned(), Number::to_string);
            let what = format!("multipleOf changed from {} to {}", text(ma), text(mb));
            let d = match (ma, mb) {
                (None, Some(_)) => Direction::Narrows,
                (Some(_), None) => Direction::Widens,
                _ => Direction::Unknown,
            };
            self.change(at, "multipleOf", path, what, d);
        }
    }

    /// A lower (`minimum`, `minLength`, …) or upper bound.
    fn bound(
        &mut self,
        keyword: &str,
        lower: bool,
        a: Option<Number>,
        b: Option<Number>,
        path: &str,
        at: &Loc,
    ) {
        // Raising a lower bound or lowering an upper one rejects more.
        let tighter = match (&a, &b) {
            (None, None) => return,
            (Some(a), Some(b)) => match compare(b, a) {
                Ordering::Equal => return,
                Ordering::Greater => lower,
                Ordering::Less => !lower,
            },
            (None, Some(_)) => true,
            (Some(_), None) => false,
        };
        let text = |n: &Option<Number>| n.as_ref().map_or("none".to_owned(), Number::to_string);
        let what = format!("{keyword} changed from {} to {}", text(&a), text(&b));
        let d = if tighter {
            Direction::Narrows
        } else {
            Direction::Widens
        };
        self.change(at, keyword, path, what, d);
    }

    fn objects(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc, root: bool) {
        let skip = if root {
            self.ignore_root_property
        } else {
            None
        };
        let ignored = |name: &str| skip == Some(name);
        let closed = |schemas: &Schemas, n: &Node| {
            n.additional_properties
                .is_some_and(|x| schemas.get(schemas.resolve(x)).never)
        };
        let (closed_a, closed_b) = (closed(self.old, na), closed(self.new, nb));
        let declared =
            |n: &Node, name: &str| n.properties.iter().find(|(p, _)| p == name).map(|p| p.1);
        let mut names: Vec<&String> = na.properties.iter().map(|(p, _)| p).collect();
        for (p, _) in &nb.properties {
            if !names.contains(&p) {
                names.push(p);
            }
        }
        for name in names {
            if ignored(name) {
                continue;
            }
            let child = join(path, name);
            let props = pointer_push(&at.pointer, "properties");
            let prop_at = Loc {
                file: at.file.clone(),
                pointer: props.clone(),
            };
            match (declared(na, name), declared(nb, name)) {
                (None, Some(_)) if closed_a => {
                    let what = format!(
                        "property `{name}` added to a closed object: consumers of this version reject it"
                    );
                    self.change(&prop_at, name, path, what, Direction::Widens);
                }
                (Some(_), None) if closed_b => {
                    let what = format!(
                        "property `{name}` removed from a closed object: producers that send it are rejected"
                    );
                    self.change(&prop_at, name, path, what, Direction::Narrows);
                }
                (a, b) => {
                    let a = a.or(na.additional_properties);
                    let b = b.or(nb.additional_properties);
                    self.walk(a, b, &child, at, false);
                }
            }
        }
        match (closed_a, closed_b) {
            (false, true) => self.change(
                at,
                "additionalProperties",
                path,
                "object closed (additionalProperties: false): undeclared properties are rejected"
                    .to_owned(),
                Direction::Narrows,
            ),
            (true, false) => self.change(
                at,
                "additionalProperties",
                path,
                "object opened: undeclared properties are accepted".to_owned(),
                Direction::Widens,
            ),
            (true, true) => {}
            (false, false) => {
                let other = join(path, "(other properties)");
                self.walk(
                    na.additional_properties,
                    nb.additional_properties,
                    &other,
                    at,
                    false,
                );
            }
        }
        let (ra, rb) = (&na.required, &nb.required);
        for name in rb.iter().filter(|r| !ra.contains(r) && !ignored(r)) {
            let what = format!("property `{name}` is now required");
            self.change(at, "required", path, what, Direction::Narrows);
        }
        for name in ra.iter().filter(|r| !rb.contains(r) && !ignored(r)) {
            let what = format!("property `{name}` is no longer required");
            self.change(at, "required", path, what, Direction::Widens);
        }
    }

    fn arrays(&mut self, na: &Node, nb: &Node, path: &str, at: &Loc) {
        let count = |n: Option<u64>| n.map(Number::from);
        self.bound(
            "minItems",
            true,
            count(na.min_items),
            count(nb.min_items),
            path,
            at,
        );
        self.bound(
            "maxItems",
            false,
            count(na.max_items),
            count(nb.max_items),
            path,
            at,
        );
        if na.unique_items != nb.unique_items {
            let (what, d) = if nb.unique_items {
                ("items must now be unique", Direction::Narrows)
            } else {
                ("items need no longer be unique", Direction::Widens)
            };
            self.change(at, "uniqueItems", path, what.to_owned(), d);
        }
        self.walk(na.items, nb.items, &format!("{path}[]"), at, false);
    }

    /// `allOf` parts or `anyOf`/`oneOf` options, matched regardless of order:
    /// equal ones pair first; what is left pairs in order when both sides
    /// have as many (a changed option), else is reported as added or removed.
    fn combinator(&mut self, keyword: &str, la: &[NodeId], lb: &[NodeId], path: &str, at: &Loc) {
        let mut left_b: Vec<NodeId> = lb.to_vec();
        let mut left_a = Vec::new();
        for &a in la {
            match left_b
                .iter()
                .position(|&b| self.equivalent(Some(a), Some(b)))
            {
                Some(i) => {
                    left_b.remove(i);
                }
                None => left_a.push(a),
            }
        }
        if left_a.len() == left_b.len() {
            for (a, b) in left_a.into_iter().zip(left_b) {
                self.walk(Some(a), Some(b), path, at, false);
            }
            return;
        }
        let (added, removed) = match keyword {
            "allOf" => (Direction::Narrows, Direction::Widens),
            "anyOf" => (Direction::Widens, Direction::Narrows),
            // A document may match two options of a oneOf, or none.
            _ => (Direction::Unknown, Direction::Unknown),
        };
        let noun = if keyword == "allOf" { "part" } else { "option" };
        if !left_a.is_empty() {
            let what = format!("{} {keyword} {noun}(s) removed", left_a.len());
            self.change(at, keyword, path, what, removed);
        }
        if !left_b.is_empty() {
            let what = format!("{} {keyword} {noun}(s) added", left_b.len());
            self.change(at, keyword, path, what, added);
        }
    }
}

/// The kinds of JSON values a node's `type` admits (`number` admits
/// integers and fractions; absent admits all).
fn kinds(n: &Node) -> Vec<&'static str> {
    const ALL: [&str; 7] = [
        "null",
        "boolean",
        "object",
        "array",
        "integer",
        "non-integer number",
        "string",
    ];
    let Some(types) = &n.types else {
        return ALL.to_vec();
    };
    ALL.into_iter()
        .filter(|k| {
            types.iter().any(|t| match t {
                JsonType::Number => *k == "integer" || *k == "non-integer number",
                t => t.as_str() == *k,
            })
        })
        .collect()
}

fn type_text(types: Option<&[JsonType]>) -> String {
    match types {
        None => "any".to_owned(),
        Some(ts) => {
            let names: Vec<&str> = ts.iter().map(|t| t.as_str()).collect();
            format!("`{}`", names.join(" | "))
        }
    }
}

fn direction(narrows: bool, widens: bool) -> Direction {
    match (narrows, widens) {
        (true, true) => Direction::Both,
        (true, false) => Direction::Narrows,
        (false, true) => Direction::Widens,
        (false, false) => Direction::Unknown,
    }
}

/// `a.b`, or `b` at the root.
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A value as a reviewer reads it: strings bare in backticks, others as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}
