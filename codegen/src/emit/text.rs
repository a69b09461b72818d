//! Text from schemas on its way into comments and docs: one rule for every
//! emitter. Control characters, line and paragraph separators (U+2028,
//! U+2029) and bidirectional-override characters (which can make source read
//! differently from how it compiles) become spaces.

/// `text` with every character that could change how code around it reads
/// replaced by a space; line breaks are kept.
pub fn doc_text(text: &str) -> String {
    text.chars()
        .map(|c| if is_dangerous(c) { ' ' } else { c })
        .collect()
}

/// A JSON string literal (valid in TypeScript and Python too) in which the
/// characters `doc_text` removes are written as `\uXXXX` escapes instead:
/// the value is unchanged, and the source shows no invisible text.
pub fn visible_json_string(s: &str) -> String {
    let json = serde_json::to_string(s).expect("strings serialize");
    if !json.chars().any(is_dangerous) {
        return json;
    }
    json.chars()
        .map(|c| {
            if is_dangerous(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// What schemas may hold that must never become code: every emitter's
/// escaping is tested with these (issue: hostile input).
/// Columns a string takes, as prettier (`getStringWidth`) and ruff count
/// them: wide East Asian characters and emoji take two, combining marks none.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
pub const HOSTILE: &[&str] = &[
    "*/ fn evil() {} /*",
    "/* open",
    r#"""" import os; os.system('x') """"#,
    "''' x '''",
    "`backtick` ${process.exit(1)}",
    "{{ 7 * 7 }} {% if true %}x{% endif %}",
    "ends with a backslash \\",
    "line\\\nnext",
    "tab\tbell\u{7}nul\u{0}esc\u{1b}",
    "sep\u{2028}para\u{2029}",
    "bidi \u{202e}reversed\u{202c} \u{2066}iso\u{2069}",
    "\n}\nfn injected() {}\n",
    "\nimport os\nos.system('rm -rf /')\n",
    "\n});\nprocess.exit(1);\n",
    r#""quoted" and 'single'"#,
    r#"only "double""#,
    "\r\ncrlf",
];

fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_strings_keep_their_value_and_show_no_invisible_text() {
        for s in HOSTILE {
            let literal = visible_json_string(s);
            assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), *s);
            assert!(
                !literal.chars().any(|c| c.is_control() || is_dangerous(c)),
                "{literal}"
            );
        }
    }

    #[test]
    fn rust_string_literals_keep_their_value_and_show_no_invisible_text() {
        for s in HOSTILE {
            let literal = proc_macro2::Literal::string(s).to_string();
            let parsed: syn::LitStr = syn::parse_str(&literal).unwrap();
            assert_eq!(parsed.value(), *s);
            assert!(
                !literal.chars().any(|c| c.is_control() || is_dangerous(c)),
                "{literal}"
            );
        }
    }

    #[test]
    fn removes_bidi_and_separators_keeps_newlines() {
        assert_eq!(doc_text("a\u{202e}b\u{2028}c\nd\u{7}"), "a b c\nd ");
    }
}
