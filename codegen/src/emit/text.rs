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

fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_bidi_and_separators_keeps_newlines() {
        assert_eq!(doc_text("a\u{202e}b\u{2028}c\nd\u{7}"), "a b c\nd ");
    }
}
