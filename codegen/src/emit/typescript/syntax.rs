//! TypeScript spelling: string literals, property keys and doc comments.
//! Every string from a schema reaches TypeScript source through here.

/// A string literal (JSON's escaping is valid TypeScript), in double
/// quotes unless the string holds more of them than single quotes, as
/// prettier chooses.
pub fn string_literal(s: &str) -> String {
    let double = crate::emit::text::visible_json_string(s);
    if s.matches('"').count() <= s.matches('\'').count() {
        return double;
    }
    let inner = double[1..double.len() - 1]
        .replace("\\\"", "\"")
        .replace('\'', "\\'");
    format!("'{inner}'")
}

/// A property key: bare when it is an identifier, quoted otherwise.
pub fn property_key(wire: &str) -> String {
    let mut chars = wire.chars();
    // Unicode letters count, as in JavaScript identifiers (and in prettier,
    // which unquotes such keys).
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if identifier {
        wire.to_owned()
    } else {
        string_literal(wire)
    }
}

/// `.name` where `name` is an identifier, `["name"]` otherwise.
pub fn member_access(wire: &str) -> String {
    let key = property_key(wire);
    if key == wire {
        format!(".{wire}")
    } else {
        format!("[{}]", string_literal(wire))
    }
}

/// A `/** … */` block from a description, or nothing; `deprecated` adds
/// the `@deprecated` tag with its note (editors strike the name through).
pub fn doc_comment(description: Option<&str>, deprecated: Option<&str>) -> String {
    let mut lines: Vec<String> = description
        .map(|d| d.lines().map(comment_text).collect())
        .unwrap_or_default();
    if let Some(note) = deprecated {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(
            format!("@deprecated {}", comment_text(note))
                .trim_end()
                .to_owned(),
        );
    }
    if lines.is_empty() {
        return String::new();
    }
    let body: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                " *".to_owned()
            } else {
                format!(" * {l}")
            }
        })
        .collect();
    format!("/**\n{}\n */", body.join("\n"))
}

/// Text safe inside a block comment on one line: no `*/`, no line or
/// paragraph separators, no control characters.
pub fn comment_text(line: &str) -> String {
    crate::emit::text::doc_text(&line.replace("*/", "*\\/").replace('\n', " "))
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_be_closed_from_a_schema() {
        let doc = doc_comment(Some("ends */ here\u{2028}x\nsecond"), None);
        assert_eq!(doc, "/**\n * ends *\\/ here x\n * second\n */");
    }

    #[test]
    fn hostile_text_stays_data() {
        for s in crate::emit::text::HOSTILE {
            let doc = doc_comment(Some(s), Some(s));
            let body = &doc[3..doc.len() - 3];
            assert!(!body.contains("*/"), "{doc}");
            assert!(
                !doc.chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{2028}' || c == '\u{202e}'),
                "{doc:?}"
            );
            // Every line after the opening is a line of the comment.
            assert!(doc.lines().skip(1).all(|l| l.starts_with(" *")), "{doc}");
            assert_eq!(unquote(&string_literal(s)), *s);
            assert_eq!(unquote(&property_key(s)), *s);
        }
    }

    /// The string a TypeScript literal of ours stands for.
    fn unquote(literal: &str) -> String {
        let json = match literal.strip_prefix('\'') {
            Some(rest) => format!(
                "\"{}\"",
                rest[..rest.len() - 1]
                    .replace("\\'", "'")
                    .replace('"', "\\\"")
            ),
            None => literal.to_owned(),
        };
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn quotes_as_prettier_prefers() {
        assert_eq!(string_literal("a\"b"), "'a\"b'");
        assert_eq!(string_literal("a'b\"c"), "\"a'b\\\"c\"");
        assert_eq!(string_literal("\\\"\""), "'\\\\\"\"'");
    }

    #[test]
    fn keys_are_quoted_only_when_needed() {
        assert_eq!(property_key("event_type"), "event_type");
        assert_eq!(property_key("foo-bar"), "\"foo-bar\"");
        assert_eq!(property_key("2nd"), "\"2nd\"");
        assert_eq!(property_key("__proto__"), "__proto__");
    }
}
