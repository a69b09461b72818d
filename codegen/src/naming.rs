//! Every name the generated code uses, decided once for all languages.
//!
//! Type names are shared by Rust, TypeScript and Python; identifiers differ
//! only where a language's case convention or keywords force it.

use std::collections::BTreeSet;

/// Splits a wire name or title into words: at anything that is not a letter
/// or digit, and where a lowercase letter or digit meets an uppercase one.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

pub fn snake_case(s: &str) -> String {
    let joined = words(s)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if joined.is_empty() {
        "field".to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{joined}")
    } else {
        joined
    }
}

/// The payload type name: `credit.locked` v1 is `CreditLockedV1`, and
/// `render.job.completed.v1` is `RenderJobCompletedV1` (no second `V1`).
pub fn event_type_name(event_type: &str, version: u64) -> String {
    let base = pascal_case(event_type);
    let last = event_type.rsplit('.').next().unwrap_or("");
    if last == format!("v{version}") {
        base
    } else {
        format!("{base}V{version}")
    }
}

/// The `EventType` variant: the event type in PascalCase.
pub fn event_variant_name(event_type: &str) -> String {
    pascal_case(event_type)
}

/// Rust keywords (strict, reserved and weak ones that matter as field names).
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A Rust field identifier for each wire name of one object, in order:
/// snake_case, keywords escaped with a trailing `_`, and collisions resolved
/// by [`field_identifiers`]' rule, the same as Python's.
pub fn rust_fields<'a>(
    wire_names: impl IntoIterator<Item = &'a str>,
    reserved: &[&str],
) -> Vec<String> {
    let wires: Vec<&str> = wire_names.into_iter().collect();
    let base = |wire: &str| {
        let mut base = snake_case(wire);
        if RUST_KEYWORDS.contains(&base.as_str()) {
            base.push('_');
        }
        base
    };
    field_identifiers(&wires, base, reserved)
}

/// The one rule by which the properties of an object get distinct
/// identifiers in every language: a wire name that is its own identifier
/// claims it first (`foo_bar` stays `foo_bar` beside `foo-bar` and
/// `fooBar`), then every other property, in declaration order, takes its
/// base spelling or the first free `_2`, `_3`, … after it. pydantic also
/// matches input keys against field names, which is why the first step
/// exists; Rust follows it so that one property has one name.
fn field_identifiers(
    wires: &[&str],
    base: impl Fn(&str) -> String,
    reserved: &[&str],
) -> Vec<String> {
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<Option<String>> = wires
        .iter()
        .map(|w| (base(w) == *w && taken.insert(w.to_string())).then(|| w.to_string()))
        .collect();
    for (slot, wire) in out.iter_mut().zip(wires) {
        if slot.is_none() {
            *slot = Some(unique(base(wire), &mut taken));
        }
    }
    out.into_iter().flatten().collect()
}

/// Python keywords, soft keywords, and the names pydantic's `BaseModel`
/// already uses: none may be a field name as it is.
const PYTHON_RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "match",
    "case",
    "type",
    "copy",
    "dict",
    "json",
    "schema",
    "schema_json",
    "construct",
    "validate",
    "fields",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "from_orm",
    "update_forward_refs",
    // Builtins the annotations name: a field of that name would shadow them
    // in the rest of its class body.
    "str",
    "int",
    "float",
    "bool",
    "list",
    "bytes",
    "object",
];

/// A Python attribute name for each wire name of one object, in order:
/// snake_case, keywords and `BaseModel` names escaped with a trailing `_`,
/// no leading `_` or digit (pydantic would treat the field as private), and
/// collisions resolved by [`field_identifiers`]' rule, the same as Rust's.
/// A name `is_type` says is a type's is escaped too: a field's default is a
/// class attribute, and pydantic reads the class's annotations with it in
/// scope (`日本語: X | None = None` makes `日本語` None in `y: 日本語 | None`).
pub fn python_fields<'a>(
    wire_names: impl IntoIterator<Item = &'a str>,
    is_type: impl Fn(&str) -> bool,
) -> Vec<String> {
    let wires: Vec<&str> = wire_names.into_iter().collect();
    let base = |wire: &str| {
        let mut base = snake_case(wire);
        if let Some(rest) = base.strip_prefix('_') {
            base = format!("field_{rest}");
        }
        // pydantic keeps `model_…` names for itself (and warns about a field
        // named so even with a trailing `_`).
        if base.starts_with("model_") {
            base = format!("field_{base}");
        }
        if PYTHON_RESERVED.contains(&base.as_str()) || is_type(&base) {
            base.push('_');
        }
        base
    };
    field_identifiers(&wires, base, &[])
}

fn unique(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    let sep = if base.ends_with('_') { "" } else { "_" };
    while taken.contains(&candidate) {
        candidate = format!("{base}{sep}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Names the Python models module imports or defines beside the schema
/// types (and the keywords a PascalCase name can spell): a schema type of
/// one of these names is written with a trailing `_` in Python only.
const PYTHON_TAKEN_TYPE_NAMES: &[&str] = &[
    "Annotated",
    "Any",
    "BaseModel",
    "Check",
    "ClassVar",
    "ConfigDict",
    "Date",
    "DateTime",
    "Discriminator",
    "EnvelopeFields",
    "False",
    "Field",
    "Generic",
    "JsonBoolean",
    "JsonNumber",
    "Judges",
    "Literal",
    "ModelWrapValidatorHandler",
    "Never",
    "None",
    "P",
    "RootModel",
    "Self",
    "TYPE_CHECKING",
    "Tag",
    "True",
    "TypeAlias",
    "TypeVar",
    "Union",
    "ValidationInfo",
    "_Model",
];

/// A type's name in Python: the model's name, escaped where the generated
/// module already uses it (`Field`, `BaseModel`, …).
pub fn python_type_name(name: &str) -> String {
    escaped_if_taken(name, PYTHON_TAKEN_TYPE_NAMES)
}

/// `name`, or `name_` where a language's generated code already uses it.
fn escaped_if_taken(name: &str, taken: &[&str]) -> String {
    if taken.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// Names the TypeScript package uses beside the schema types: global types
/// its declarations name (`Record<string, T>`, `Array<T>`) and the names
/// `index.ts` imports or defines. A schema type of one of these names is
/// written with a trailing `_` in TypeScript only.
const TYPESCRIPT_TAKEN_TYPE_NAMES: &[&str] = &[
    "Array",
    "BigInt",
    "Boolean",
    "Date",
    "EnvelopeFields",
    "Error",
    "EventInputs",
    "EventPayloads",
    "Exclude",
    "Extract",
    "FIXED",
    "Fillable",
    "Function",
    "JSON",
    "JUDGES",
    "Judges",
    "Map",
    "Number",
    "Object",
    "Omit",
    "Partial",
    "Pick",
    "Promise",
    "Readonly",
    "ReadonlyArray",
    "Record",
    "Set",
    "String",
    "Symbol",
    "ValidationData",
    "Validator",
    "Without",
];

/// A type's name in TypeScript: the model's name, escaped where a global
/// type or the generated module already uses it (`Record`, `Validator`, …).
pub fn typescript_type_name(name: &str) -> String {
    escaped_if_taken(name, TYPESCRIPT_TAKEN_TYPE_NAMES)
}

/// Names a Rust module may use unqualified beside the schema types: the
/// prelude's types, traits and variants (typify writes `TryFrom<String>`
/// and `Ok(..)` bare), what the generated crate imports or defines (`Value`,
/// `Path`, `EventPayload`, …), and `Self`, the one keyword a PascalCase name
/// can be. A schema type of one of these names is written with a trailing
/// `_` in Rust only; typify is told the new name (`emit::rust::typify`).
pub const RUST_TAKEN_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "ConversionError",
    "Copy",
    "Cow",
    "Debug",
    "Default",
    "Deserialize",
    "DeserializeSeed",
    "Deserializer",
    "Display",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "EventPayload",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "FromStr",
    "Hash",
    "IgnoredAny",
    "Into",
    "IntoIterator",
    "Iterator",
    "Map",
    "MapAccess",
    "None",
    "Ok",
    "OnceLock",
    "Option",
    "Ord",
    "Out",
    "PartialEq",
    "PartialOrd",
    "Path",
    "Pattern",
    "Regex",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Serializer",
    "Sized",
    "Some",
    "String",
    "Sync",
    "Text",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Value",
    "Vec",
    "Visitor",
];

/// A type's name in Rust: the model's name, escaped where the prelude or the
/// generated crate already uses it (`String`, `Option`, `Value`, …).
pub fn rust_type_name(name: &str) -> String {
    escaped_if_taken(name, RUST_TAKEN_TYPE_NAMES)
}

/// Names the generated packages define themselves; no schema type may take one.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "AnyEvent",
    "Envelope",
    "EventType",
    "EventError",
    "EventValidationError",
    "ErrorKind",
    "Violation",
    "Payload",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_properties_get_one_identifier_in_every_language() {
        let wires = ["foo-bar", "fooBar", "foo_bar"];
        let expected = ["foo_bar_2", "foo_bar_3", "foo_bar"];
        assert_eq!(rust_fields(wires, &[]), expected);
        assert_eq!(python_fields(wires, |_| false), expected);
        // A reserved name is never claimed, even by its own wire name.
        assert_eq!(
            rust_fields(["extra", "Extra"], &["extra"]),
            ["extra_2", "extra_3"]
        );
    }

    #[test]
    fn names_a_language_uses_are_escaped_there_only() {
        assert_eq!(typescript_type_name("Record"), "Record_");
        assert_eq!(typescript_type_name("Field"), "Field");
        assert_eq!(python_type_name("Field"), "Field_");
        assert_eq!(python_type_name("RootModel"), "RootModel_");
        assert_eq!(python_type_name("Record"), "Record");
        assert_eq!(rust_type_name("String"), "String_");
        assert_eq!(rust_type_name("Self"), "Self_");
        assert_eq!(rust_type_name("Field"), "Field");
        assert_eq!(typescript_type_name("Value"), "Value");
    }

    #[test]
    fn names_follow_spec() {
        assert_eq!(event_type_name("credit.locked", 1), "CreditLockedV1");
        assert_eq!(
            event_type_name("render.job.completed.v1", 1),
            "RenderJobCompletedV1"
        );
        assert_eq!(
            event_type_name("identity.api_key.created.v1", 1),
            "IdentityApiKeyCreatedV1"
        );
        assert_eq!(event_type_name("credit.released", 2), "CreditReleasedV2");
        assert_eq!(pascal_case("fooBar"), "FooBar");
        assert_eq!(snake_case("fooBar"), "foo_bar");
        assert_eq!(snake_case("HTTPStatus"), "httpstatus");
    }

    #[test]
    fn python_fields_avoid_keywords_and_private_names() {
        let ids = python_fields(
            ["class", "2nd", "_id", "model_config", "fooBar", "foo_bar"],
            |_| false,
        );
        assert_eq!(
            ids,
            [
                "class_",
                "field_2nd",
                "id",
                "field_model_config",
                "foo_bar_2",
                "foo_bar"
            ]
        );
    }

    #[test]
    fn colliding_fields_get_distinct_identifiers() {
        let ids = rust_fields(["fooBar", "foo_bar", "type", "3d"], &[]);
        assert_eq!(ids, ["foo_bar_2", "foo_bar", "type_", "_3d"]);
    }
}
