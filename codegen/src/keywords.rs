//! Which JSON Schema keywords the generator understands.
//!
//! One table decides it for every stage: a keyword is either enforced by all
//! three runtimes, an annotation that constrains nothing, or an error. A
//! keyword that constrains and is not enforced must never pass silently.

/// How the generator treats a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Enforced at runtime by every generated package.
    Enforced,
    /// Holds subschemas by name (`$defs`); they are checked, not enforced themselves.
    Definitions,
    /// Documentation only.
    Annotation,
    /// A real JSON Schema keyword this generator does not enforce.
    Unsupported,
    /// Not a JSON Schema keyword at all (a typo, or a vendor extension).
    Unknown,
}

pub const ENFORCED: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "oneOf",
    "anyOf",
    "allOf",
    "$ref",
];

pub const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentEncoding",
    "contentMediaType",
];

/// Keywords of draft 2020-12 and draft-07 that constrain or structure
/// documents in ways this generator does not implement.
const UNSUPPORTED: &[&str] = &[
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$recursiveAnchor",
    "$recursiveRef",
    "$vocabulary",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "prefixItems",
    "additionalItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "contentSchema",
];

/// Formats the generated packages assert; every other format is an annotation.
pub const ASSERTED_FORMATS: &[&str] = &["date-time", "date", "uuid"];

pub fn classify(keyword: &str) -> Class {
    if ENFORCED.contains(&keyword) {
        Class::Enforced
    } else if keyword == "$defs" || keyword == "definitions" {
        Class::Definitions
    } else if ANNOTATIONS.contains(&keyword) {
        Class::Annotation
    } else if UNSUPPORTED.contains(&keyword) {
        Class::Unsupported
    } else {
        Class::Unknown
    }
}

/// How the generator treats `keyword` in contracts whose registry lists
/// `extensions` in `annotation_keywords`: a keyword JSON Schema does not
/// define is an annotation when it starts with `x-` (the OpenAPI and
/// AsyncAPI convention) or is listed; anything else unknown stays an error.
pub fn classify_in(keyword: &str, extensions: &[String]) -> Class {
    match classify(keyword) {
        Class::Unknown if keyword.starts_with("x-") || extensions.iter().any(|k| k == keyword) => {
            Class::Annotation
        }
        class => class,
    }
}

/// Whether JSON Schema (draft 2020-12 or draft-07) defines `keyword`.
pub fn is_standard(keyword: &str) -> bool {
    classify(keyword) != Class::Unknown
}

/// The supported keyword closest to a misspelt one, if any is close.
pub fn suggestion(keyword: &str) -> Option<&'static str> {
    let lower = keyword.to_ascii_lowercase();
    ENFORCED
        .iter()
        .chain(ANNOTATIONS)
        .chain(["$defs", "definitions"].iter())
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|&(d, k)| d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keywords() {
        assert_eq!(suggestion("minLenght"), Some("minLength"));
        assert_eq!(
            suggestion("additionalproperties"),
            Some("additionalProperties")
        );
        assert_eq!(suggestion("x-internal-owner"), None);
    }

    #[test]
    fn extensions_are_annotations_and_typos_stay_errors() {
        let listed = vec!["tsAdditionalProperties".to_owned()];
        assert_eq!(classify_in("x-internal-owner", &[]), Class::Annotation);
        assert_eq!(
            classify_in("tsAdditionalProperties", &listed),
            Class::Annotation
        );
        assert_eq!(classify_in("tsAdditionalProperties", &[]), Class::Unknown);
        assert_eq!(classify_in("minLenght", &listed), Class::Unknown);
        // A listed standard keyword keeps its meaning (the registry check
        // reports the listing).
        let standard = vec!["patternProperties".to_owned(), "minLength".to_owned()];
        assert_eq!(
            classify_in("patternProperties", &standard),
            Class::Unsupported
        );
        assert_eq!(classify_in("minLength", &standard), Class::Enforced);
        assert!(is_standard("$dynamicRef") && is_standard("title"));
        assert!(!is_standard("x-owner") && !is_standard("tsAdditionalProperties"));
    }
}
