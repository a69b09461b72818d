//! What the generated validators check, in which order, and in which words.
//!
//! One plan for every runtime: a function per named type (`check` + its
//! name), the envelope's checks shared by every event, and a judge per event.
//! Each language's `validate` emitter writes the plan out as code, so the
//! three runtimes visit the same keywords in the same order and report the
//! same violations. Every message is decided here, from the schema alone
//! (the value only adds its kind, two item indices, or the closest
//! alternative of a failed `anyOf`/`oneOf`, each worded by one helper per
//! runtime), so no runtime formats a JSON value or a float its own way.
//!
//! The order, for one value: `false`, `$ref`, `type` (a value of the wrong
//! kind gets no further), `enum`, `const`, the string keywords, the number
//! keywords, the array keywords then each item, `required`, each declared
//! property in schema order, the other properties in document order (array
//! indices first, as JavaScript lists them), then `allOf`, `anyOf`, `oneOf`.
//! Keywords of a kind apply only to values of that kind, as in JSON Schema.
//! A judge runs the envelope's checks first, then its event type, version
//! and payload.

use serde_json::{Number, Value};

use crate::home::{homes, Home};
use crate::model::Contracts;
use crate::schema::{Format, JsonType, Node, NodeId};

/// Messages longer than this name the keyword's values by count instead.
const SHORT: usize = 60;

/// Everything the generated validators of one package check.
#[derive(Debug)]
pub struct Plan {
    /// One per named type, in `Contracts::named_types` order.
    pub functions: Vec<Function>,
    /// What every judge checks besides its event type, version and payload
    /// (`None` when events travel bare or no event has a payload).
    pub envelope: Option<Checks>,
    /// One per event with a payload, in registry order.
    pub judges: Vec<Judge>,
}

/// The checks of a named type, written as a function of its own.
#[derive(Debug)]
pub struct Function {
    /// The model's type name (`CreditLockedV1`); unique in the package.
    pub name: String,
    /// The module it is written in: its type's, or its owner's for a
    /// lifted alternative.
    pub home: Home,
    pub checks: Checks,
}

/// The checks of a whole document of one event (SPEC's judge).
#[derive(Debug)]
pub struct Judge {
    /// Index into `Contracts::events`.
    pub event: usize,
    pub checks: Checks,
}

/// Where a subschema's checks are: a named type's function, the shared
/// envelope checks, or written in place.
#[derive(Debug)]
pub enum Sub {
    Call(String),
    Envelope,
    Inline(Box<Checks>),
}

/// A check and the words of its violation.
#[derive(Debug, Clone)]
pub struct Check<K> {
    pub kind: K,
    /// The JSON Schema keyword reported.
    pub keyword: &'static str,
    pub message: String,
}

#[derive(Debug, Clone)]
pub enum StringCheck {
    /// In code points.
    MinLength(u64),
    MaxLength(u64),
    /// ECMA-262 with the `u` flag, searched (not anchored).
    Pattern(String),
    Format(Format),
}

#[derive(Debug, Clone)]
pub enum NumberCheck {
    Minimum(Number),
    Maximum(Number),
    ExclusiveMinimum(Number),
    ExclusiveMaximum(Number),
    /// Exact on the decimals as written.
    MultipleOf(Number),
}

/// The kinds a value may be. `Number` admits integers.
#[derive(Debug)]
pub struct TypeCheck {
    pub kinds: Vec<JsonType>,
    /// Followed by the value's kind (`found an integer`).
    pub message: String,
}

#[derive(Debug, Default)]
pub struct ArrayChecks {
    pub min_items: Option<Check<u64>>,
    pub max_items: Option<Check<u64>>,
    /// The message is `items {i} and {j} are equal`, worded by the runtime.
    pub unique_items: bool,
    pub items: Option<Sub>,
}

#[derive(Debug, Default)]
pub struct ObjectChecks {
    /// Name and message.
    pub required: Vec<(String, String)>,
    /// Every declared property; `None` when declared but checked elsewhere
    /// (the envelope's event type, version and payload, which each judge
    /// checks itself).
    pub properties: Vec<(String, Option<Sub>)>,
    pub additional: Additional,
}

#[derive(Debug, Default)]
pub enum Additional {
    /// Undeclared properties are allowed and kept.
    #[default]
    Any,
    /// `additionalProperties: false`: each is reported at its own pointer.
    Forbidden,
    Checked(Sub),
}

/// The message of a forbidden property, reported at the property.
pub const NOT_ALLOWED: &str = "this property is not allowed";
/// The message of the `false` schema.
pub const NEVER: &str = "no value is allowed here";

/// Every check of one value, in the order they run.
#[derive(Debug, Default)]
pub struct Checks {
    pub never: bool,
    pub reference: Option<Sub>,
    pub types: Option<TypeCheck>,
    pub enum_values: Option<Check<Vec<Value>>>,
    pub const_value: Option<Check<Value>>,
    pub strings: Vec<Check<StringCheck>>,
    pub numbers: Vec<Check<NumberCheck>>,
    pub array: Option<ArrayChecks>,
    pub object: Option<ObjectChecks>,
    pub all_of: Vec<Sub>,
    /// The functions of the alternatives (an alternative written in place
    /// is lifted into a function of its own, `{Owner}Alternative{i}`): a
    /// failure runs each again to report the closest.
    pub any_of: Vec<String>,
    pub one_of: Vec<String>,
}

impl Checks {
    /// Whether every value passes (nothing to write).
    pub fn is_empty(&self) -> bool {
        !self.never
            && self.reference.is_none()
            && self.types.is_none()
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.strings.is_empty()
            && self.numbers.is_empty()
            && self.array.is_none()
            && self.object.is_none()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
    }
}

/// The plan of a whole package.
pub fn plan(c: &Contracts) -> Plan {
    let homes = homes(c);
    let mut p = Planner {
        c,
        lifted: Vec::new(),
        taken: c.names.values().cloned().collect(),
        home: Home::Shared,
    };
    let mut functions = Vec::new();
    for (node, name) in c.named_types() {
        p.home = homes.get(&node).copied().unwrap_or(Home::Shared);
        let checks = p.checks(c.node(node), name);
        functions.push(Function {
            name: name.to_owned(),
            home: p.home,
            checks,
        });
        functions.append(&mut p.lifted);
    }
    let f = &c.fields;
    let pinned: Vec<&str> = [Some(f.event_type.as_str()), f.schema_version.as_deref()]
        .into_iter()
        .flatten()
        .chain(c.envelope.as_ref().map(|_| f.payload.as_str()))
        .collect();
    let mut envelope = None;
    let mut judges = Vec::new();
    for (event, e) in c.events.iter().enumerate() {
        let Some(payload) = &e.payload else { continue };
        let judge = c.node(payload.judge);
        let checks = if c.envelope.is_some() {
            // Every judge is the envelope with these properties replaced:
            // the rest is written once and shared.
            if envelope.is_none() {
                p.home = Home::Shared;
                envelope = Some(p.checks_except(judge, "Envelope", &pinned));
            }
            p.home = Home::Event(event);
            let properties = judge
                .properties
                .iter()
                .filter(|(name, _)| pinned.contains(&name.as_str()))
                .map(|(name, id)| (name.clone(), p.sub(*id, &e.type_name)))
                .collect();
            Checks {
                reference: Some(Sub::Envelope),
                object: Some(ObjectChecks {
                    properties,
                    ..ObjectChecks::default()
                }),
                ..Checks::default()
            }
        } else {
            p.home = Home::Event(event);
            p.checks(judge, &e.type_name)
        };
        judges.push(Judge { event, checks });
    }
    functions.append(&mut p.lifted);
    Plan {
        functions,
        envelope,
        judges,
    }
}

/// The checks of any node (for `lint`, which judges the `examples` of every
/// schema), with the functions its inline alternatives were lifted into;
/// their names are new to `plan`.
pub fn node_checks(c: &Contracts, plan: &Plan, id: NodeId) -> (Checks, Vec<Function>) {
    let mut taken: std::collections::HashSet<String> = c.names.values().cloned().collect();
    taken.extend(plan.functions.iter().map(|f| f.name.clone()));
    let mut p = Planner {
        c,
        lifted: Vec::new(),
        taken,
        home: Home::Shared,
    };
    let checks = p.checks(c.node(c.schemas.resolve(id)), "Example");
    (checks, p.lifted)
}

struct Planner<'a> {
    c: &'a Contracts,
    /// Alternatives lifted into functions, waiting to join the plan.
    lifted: Vec<Function>,
    /// Every function name given so far.
    taken: std::collections::HashSet<String>,
    /// The home of the function being planned, which its lifted
    /// alternatives share.
    home: Home,
}

impl Planner<'_> {
    /// Where the checks of node `id` are when it is used as a subschema
    /// inside `owner`'s function; `None` when it accepts every value.
    fn sub(&mut self, id: NodeId, owner: &str) -> Option<Sub> {
        let c = self.c;
        if let Some((_, name)) = c.named(id) {
            return Some(Sub::Call(name.to_owned()));
        }
        let checks = self.checks(c.node(c.schemas.resolve(id)), owner);
        (!checks.is_empty()).then(|| Sub::Inline(Box::new(checks)))
    }

    /// The function of an `anyOf`/`oneOf` alternative: its named type's, or
    /// a new one named after its place.
    fn alternative(&mut self, id: NodeId, owner: &str) -> String {
        let c = self.c;
        if let Some((_, name)) = c.named(id) {
            return name.to_owned();
        }
        let base = format!("{owner}Alternative");
        let name = (1..)
            .map(|i| format!("{base}{i}"))
            .find(|n| !self.taken.contains(n))
            .expect("some name is free");
        self.taken.insert(name.clone());
        let checks = self.checks(c.node(c.schemas.resolve(id)), &name);
        self.lifted.push(Function {
            name: name.clone(),
            home: self.home,
            checks,
        });
        name
    }

    /// The checks of one node, written in the function of `owner`.
    fn checks(&mut self, n: &Node, owner: &str) -> Checks {
        self.checks_except(n, owner, &[])
    }

    /// The checks of one node, but the properties named in `skip` are only
    /// declared, not checked.
    fn checks_except(&mut self, n: &Node, owner: &str, skip: &[&str]) -> Checks {
        // Every keyword named: one added to `Node` does not compile until
        // it is checked here or said not to be.
        let Node {
            // Annotations: no verdict depends on them.
            origin: _,
            title: _,
            description: _,
            deprecated: _,
            default: _,
            examples: _,
            never,
            reference,
            types,
            enum_values,
            const_value,
            // `string_checks`.
            min_length: _,
            max_length: _,
            pattern: _,
            format: _,
            // `number_checks`.
            minimum: _,
            maximum: _,
            exclusive_minimum: _,
            exclusive_maximum: _,
            multiple_of: _,
            // `object_checks`.
            properties: _,
            required: _,
            additional_properties: _,
            // `array_checks`.
            items: _,
            min_items: _,
            max_items: _,
            unique_items: _,
            all_of,
            any_of,
            one_of,
        } = n;
        if *never {
            return Checks {
                never: true,
                ..Checks::default()
            };
        }
        Checks {
            never: false,
            reference: reference.and_then(|r| self.sub(r, owner)),
            types: types.as_ref().map(|kinds| TypeCheck {
                kinds: kinds.clone(),
                message: format!(
                    "expected {}, found ",
                    kinds
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            }),
            enum_values: enum_values.as_ref().map(|values| Check {
                message: one_of_values(values),
                // `enum` may list a value twice; each check needs it once.
                kind: values
                    .iter()
                    .enumerate()
                    .filter(|(i, v)| !values[..*i].contains(v))
                    .map(|(_, v)| v.clone())
                    .collect(),
                keyword: "enum",
            }),
            const_value: const_value.as_ref().map(|value| Check {
                message: one_of_values(std::slice::from_ref(value)),
                kind: value.clone(),
                keyword: "const",
            }),
            strings: string_checks(n),
            numbers: number_checks(n),
            array: self.array_checks(n, owner),
            object: self.object_checks(n, owner, skip),
            all_of: all_of
                .iter()
                .filter_map(|&id| self.sub(id, owner))
                .collect(),
            any_of: any_of
                .iter()
                .map(|&id| self.alternative(id, owner))
                .collect(),
            one_of: one_of
                .iter()
                .map(|&id| self.alternative(id, owner))
                .collect(),
        }
    }

    fn array_checks(&mut self, n: &Node, owner: &str) -> Option<ArrayChecks> {
        let items = |k: u64| if k == 1 { "item" } else { "items" };
        let checks = ArrayChecks {
            min_items: n.min_items.map(|k| Check {
                kind: k,
                keyword: "minItems",
                message: format!("must have at least {k} {}", items(k)),
            }),
            max_items: n.max_items.map(|k| Check {
                kind: k,
                keyword: "maxItems",
                message: format!("must have at most {k} {}", items(k)),
            }),
            unique_items: n.unique_items,
            items: n.items.and_then(|id| self.sub(id, owner)),
        };
        let empty = checks.min_items.is_none()
            && checks.max_items.is_none()
            && !checks.unique_items
            && checks.items.is_none();
        (!empty).then_some(checks)
    }

    fn object_checks(&mut self, n: &Node, owner: &str, skip: &[&str]) -> Option<ObjectChecks> {
        let c = self.c;
        let additional = match n.additional_properties {
            None => Additional::Any,
            Some(a) if c.node(c.schemas.resolve(a)).never => Additional::Forbidden,
            Some(a) => self
                .sub(a, owner)
                .map_or(Additional::Any, Additional::Checked),
        };
        let checks = ObjectChecks {
            required: n
                .required
                .iter()
                .map(|name| {
                    let message = format!(
                        "missing required property {}",
                        json(&Value::from(name.as_str()))
                    );
                    (name.clone(), message)
                })
                .collect(),
            properties: n
                .properties
                .iter()
                .map(|(name, id)| {
                    let checked = !skip.contains(&name.as_str());
                    (
                        name.clone(),
                        checked.then(|| self.sub(*id, owner)).flatten(),
                    )
                })
                .collect(),
            additional,
        };
        // Declared properties matter only when others are refused or checked.
        let empty = checks.required.is_empty()
            && checks.properties.iter().all(|(_, s)| s.is_none())
            && matches!(checks.additional, Additional::Any);
        (!empty).then_some(checks)
    }
}

pub(crate) fn string_checks(n: &Node) -> Vec<Check<StringCheck>> {
    let chars = |k: u64| if k == 1 { "character" } else { "characters" };
    let mut out = Vec::new();
    if let Some(k) = n.min_length {
        out.push(Check {
            kind: StringCheck::MinLength(k),
            keyword: "minLength",
            message: format!("must be at least {k} {} long", chars(k)),
        });
    }
    if let Some(k) = n.max_length {
        out.push(Check {
            kind: StringCheck::MaxLength(k),
            keyword: "maxLength",
            message: format!("must be at most {k} {} long", chars(k)),
        });
    }
    if let Some(p) = &n.pattern {
        out.push(Check {
            kind: StringCheck::Pattern(p.clone()),
            keyword: "pattern",
            message: format!("must match the pattern {}", json(&Value::from(p.as_str()))),
        });
    }
    if let Some(f) = n.format.as_ref().filter(|f| f.is_asserted()) {
        out.push(Check {
            kind: StringCheck::Format(f.clone()),
            keyword: "format",
            message: format!("must be a valid {}", f.as_str()),
        });
    }
    out
}

fn number_checks(n: &Node) -> Vec<Check<NumberCheck>> {
    type Bound<'a> = (
        &'a Option<Number>,
        &'static str,
        &'static str,
        fn(Number) -> NumberCheck,
    );
    let bounds: [Bound; 5] = [
        (
            &n.minimum,
            "minimum",
            "must be at least",
            NumberCheck::Minimum,
        ),
        (
            &n.maximum,
            "maximum",
            "must be at most",
            NumberCheck::Maximum,
        ),
        (
            &n.exclusive_minimum,
            "exclusiveMinimum",
            "must be greater than",
            NumberCheck::ExclusiveMinimum,
        ),
        (
            &n.exclusive_maximum,
            "exclusiveMaximum",
            "must be less than",
            NumberCheck::ExclusiveMaximum,
        ),
        (
            &n.multiple_of,
            "multipleOf",
            "must be a multiple of",
            NumberCheck::MultipleOf,
        ),
    ];
    bounds
        .into_iter()
        .filter_map(|(bound, keyword, words, kind)| {
            bound.as_ref().map(|b| Check {
                message: format!("{words} {b}"),
                kind: kind(b.clone()),
                keyword,
            })
        })
        .collect()
}

/// `must be "a"`, `must be one of "a", "b"`, or by count when long.
fn one_of_values(values: &[Value]) -> String {
    let text = values.iter().map(json).collect::<Vec<_>>().join(", ");
    match values {
        [_] if text.chars().count() > SHORT => "must be the constant value".to_owned(),
        _ if text.chars().count() > SHORT => {
            format!("must be one of the {} allowed values", values.len())
        }
        [_] => format!("must be {text}"),
        _ => format!("must be one of {text}"),
    }
}

/// A value as compact JSON, as every message writes it.
fn json(value: &Value) -> String {
    serde_json::to_string(value).expect("a JSON value serializes")
}
