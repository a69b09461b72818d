//! What `serde_json` accepts silently and contracts must not: duplicate keys
//! in an object (parsers disagree on which one wins, so two readers of one
//! schema could enforce different rules) and integer literals beyond 64 bits
//! (read as a rounded `f64`, so the schema would enforce another number).
//!
//! Runs over text `serde_json` has already parsed, so it only has to walk
//! valid JSON; nesting is bounded by `serde_json`'s own recursion limit.

use crate::diagnostics::pointer_token;

/// One problem: the JSON pointer of the offending value, and what is wrong.
pub type Problem = (String, String);

/// Every duplicate key and out-of-range integer in `text` (valid JSON).
pub fn problems(text: &str) -> Vec<Problem> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
        problems: Vec::new(),
    };
    let mut pointer = String::new();
    scanner.value(&mut pointer);
    scanner.problems
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    problems: Vec<Problem>,
}

impl Scanner<'_> {
    fn skip_whitespace(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    /// Skips `expected` (and whitespace before it), if it is next.
    fn eat(&mut self, expected: u8) -> bool {
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&expected) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, pointer: &mut String) {
        self.skip_whitespace();
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(pointer),
            Some(b'[') => self.array(pointer),
            Some(b'"') => {
                self.string();
            }
            Some(b'-' | b'0'..=b'9') => self.number(pointer),
            // `true`, `false`, `null`.
            Some(_) => {
                while self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
                    self.at += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: &mut String) {
        self.at += 1;
        let mut seen = std::collections::HashSet::new();
        if self.eat(b'}') {
            return;
        }
        loop {
            self.skip_whitespace();
            let key = self.string();
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&pointer_token(&key));
            if !seen.insert(key.clone()) {
                self.problems.push((
                    pointer.clone(),
                    format!(
                        "duplicate key `{key}` in one object: JSON parsers disagree on which one wins; keep one"
                    ),
                ));
            }
            self.eat(b':');
            self.value(pointer);
            pointer.truncate(len);
            if !self.eat(b',') {
                self.eat(b'}');
                return;
            }
        }
    }

    fn array(&mut self, pointer: &mut String) {
        self.at += 1;
        if self.eat(b']') {
            return;
        }
        for index in 0.. {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            self.value(pointer);
            pointer.truncate(len);
            if !self.eat(b',') {
                self.eat(b']');
                return;
            }
        }
    }

    /// Reads a string literal starting at its opening quote, decoded.
    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => break,
                _ => {}
            }
        }
        serde_json::from_str(&self.text[start..self.at]).unwrap_or_default()
    }

    fn number(&mut self, pointer: &str) {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            self.at += 1;
        }
        let literal = &self.text[start..self.at];
        let is_integer = !literal.contains(['.', 'e', 'E']);
        if is_integer && literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
            self.problems.push((
                pointer.to_owned(),
                format!(
                    "integer {literal} is beyond the 64-bit range every runtime reads exactly, \
                     so it would silently become another number: write one within ±(2^53−1), where integers are exact everywhere"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problems;

    #[test]
    fn finds_duplicates_and_big_integers_with_their_pointers() {
        let text = r#"{"a": 1, "b": {"c": [1, 18446744073709551616, 2.5e300], "c": 2}, "a~/": -9223372036854775809, "a": 3}"#;
        let found = problems(text);
        assert_eq!(
            found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            ["/b/c/1", "/b/c", "/a~0~1", "/a"]
        );
        assert!(found[1].1.contains("duplicate key `c`"), "{found:?}");
        assert!(found[0].1.contains("18446744073709551616"), "{found:?}");
    }

    #[test]
    fn accepts_what_is_exact() {
        let text = r#"{"u": 18446744073709551615, "i": -9223372036854775808, "f": 1e400, "s": "\"{,}\"", "x": [true, null, {}], "e": []}"#;
        assert!(problems(text).is_empty());
    }
}
