//! Python spelling: string literals and docstrings. Every string from a
//! schema reaches Python source through here.

/// A string literal (JSON's escaping is valid Python).
///
/// ruff's quote style: double quotes, unless the text holds more double
/// quotes than single ones (fewer escapes).
pub fn string_literal(s: &str) -> String {
    let json = crate::emit::text::visible_json_string(s);
    if s.matches('"').count() > s.matches('\'').count() {
        let inner = &json[1..json.len() - 1];
        format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
    } else {
        json
    }
}

/// A JSON scalar as the Python literal `Literal[…]` spells it (a string,
/// `True`/`False`, an integer, `None`); `None` for a float or a container.
pub fn scalar_literal(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => Some(string_literal(s)),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        Value::Number(n) if !n.is_f64() => Some(n.to_string()),
        Value::Null => Some("None".to_owned()),
        _ => None,
    }
}

/// A triple-quoted string holding text (JSON) as written, on lines of its
/// own.
pub fn triple_quoted(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\"\"");
    format!("\"\"\"\n{escaped}\n\"\"\"")
}

/// The body of a `"""…"""` docstring, or nothing: no sequence in it can end
/// the string early or start an escape, and control characters are spaces.
pub fn docstring(text: Option<&str>) -> Option<String> {
    let text = text?.trim();
    if text.is_empty() {
        return None;
    }
    let mut body: String = text
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\\\"\\\"\\\"")
        .to_owned();
    body = crate::emit::text::doc_text(&body);
    body = body
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    if body.ends_with('"') {
        body.push(' ');
    }
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads back a literal `string_literal` wrote, as Python would.
    fn python_value(literal: &str) -> String {
        let json = match literal.strip_prefix('\'') {
            Some(inner) => {
                let inner = inner[..inner.len() - 1].replace("\\'", "'");
                format!("\"{}\"", inner.replace('"', "\\\""))
            }
            None => literal.to_owned(),
        };
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn a_value_is_parenthesized_when_splitting_its_call_leaves_a_long_line() {
        let ann = format!("dict[str, Literal[\"{}\", 43]] | None", "x".repeat(66));
        let line = format!("    any_event: {ann} = Field(default=None, alias=\"AnyEvent\")");
        assert_eq!(
            reflow(&line),
            format!(
                "    any_event: {ann} = (\n        Field(default=None, alias=\"AnyEvent\")\n    )"
            )
        );
    }

    #[test]
    fn a_long_tuple_literal_has_one_item_per_line() {
        let items: Vec<String> = (0..6)
            .map(|i| format!("\"event.type.number{i}\""))
            .collect();
        let line = format!(
            "EVENT_TYPES: tuple[EventType, ...] = ({})",
            items.join(", ")
        );
        let lines: String = items.iter().map(|i| format!("    {i},\n")).collect();
        assert_eq!(
            reflow(&line),
            format!("EVENT_TYPES: tuple[EventType, ...] = (\n{lines})")
        );
    }

    #[test]
    fn long_union_aliases_are_parenthesized_as_ruff_does() {
        let long = format!(
            "X: TypeAlias = {} | Literal[\"a|b\"]",
            ["Abcdefghijklmnopqrstuvwxyz1234"; 3].join(" | ")
        );
        assert_eq!(
            reflow(&long),
            format!("X: TypeAlias = (\n    {}\n)", &long[15..])
        );
        let longer = format!(
            "X: TypeAlias = {}",
            ["Abcdefghijklmnopqrstuvwxyz"; 5].join(" | ")
        );
        assert_eq!(
            reflow(&longer),
            format!(
                "X: TypeAlias = (\n    Abcdefghijklmnopqrstuvwxyz{})",
                "\n    | Abcdefghijklmnopqrstuvwxyz".repeat(4) + "\n"
            )
        );
        let doc = format!("The value = b {}", "| c ".repeat(40));
        assert_eq!(reflow(&doc), doc, "not an alias: left alone");
    }

    #[test]
    fn long_field_annotations_are_parenthesized_as_ruff_does() {
        // What ruff 0.x printed for a generated field whose annotation left
        // no room for `= Field(`.
        let line = "    json_: Literal[\"null\", \"true\"] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[37], JsonNumber] | None = Field(default=None, alias=\"json\")";
        assert_eq!(
            reflow(line),
            "    json_: (\n        Literal[\"null\", \"true\"] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[37], JsonNumber] | None\n    ) = Field(default=None, alias=\"json\")"
        );
        // Nothing to split after `=`; an annotation too long for one line
        // has one operand per line.
        let line = "    fn: dict[str, Literal[\"None\", \"true\"] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[17], JsonNumber]] | None = None";
        assert_eq!(
            reflow(line),
            "    fn: (\n        dict[str, Literal[\"None\", \"true\"] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[17], JsonNumber]]\n        | None\n    ) = None"
        );
    }

    #[test]
    fn long_subscript_annotations_split_their_brackets_as_ruff_does() {
        // Each expected text is what ruff 0.x printed for the line.
        let hugged = "    field_2fa: dict[str, Annotated[bool, JsonBoolean] | str | Annotated[int, JsonNumber] | Annotated[float, JsonNumber]] = Field(alias=\"2fa\")";
        assert_eq!(
            reflow(hugged),
            "    field_2fa: dict[\n        str, Annotated[bool, JsonBoolean] | str | Annotated[int, JsonNumber] | Annotated[float, JsonNumber]\n    ] = Field(alias=\"2fa\")"
        );
        let items = "    xx: dict[str, Literal['with \"quotes\"'] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[36], JsonNumber] | None] = None";
        let required = "    zz: list[Annotated[bool, JsonBoolean] | str | Annotated[int, JsonNumber] | Annotated[float, JsonNumber] | Annotated[float, JsonNumber]]";
        assert_eq!(
            reflow(required),
            "    zz: list[\n        Annotated[bool, JsonBoolean]\n        | str\n        | Annotated[int, JsonNumber]\n        | Annotated[float, JsonNumber]\n        | Annotated[float, JsonNumber]\n    ]"
        );
        assert_eq!(
            reflow(items),
            "    xx: dict[\n        str,\n        Literal['with \"quotes\"'] | Annotated[Literal[True], JsonBoolean] | Annotated[Literal[36], JsonNumber] | None,\n    ] = None"
        );
    }

    #[test]
    fn field_lines_are_laid_out_as_ruff_does() {
        // Each expected text is what ruff 0.x printed for the line.
        let bare = "    self: Literal[\"beta\", \"a much longer literal value that takes some room on a line\"] | Annotated[Literal[False], JsonBoolean]";
        assert_eq!(
            reflow(bare),
            "    self: (\n        Literal[\"beta\", \"a much longer literal value that takes some room on a line\"]\n        | Annotated[Literal[False], JsonBoolean]\n    )"
        );
        let none = "    mod: dict[str, Annotated[float, JsonNumber] | Annotated[bool, JsonBoolean] | Annotated[int, JsonNumber]] | None = None";
        assert_eq!(
            reflow(none),
            "    mod: dict[str, Annotated[float, JsonNumber] | Annotated[bool, JsonBoolean] | Annotated[int, JsonNumber]] | None = (\n        None\n    )"
        );
        // A call inside a split subscript: its arguments hugged, or one a
        // line with a comma each (found by random contracts).
        let uuid =
            r#""^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$""#;
        let call = format!("    result: dict[str, Annotated[str, Field(min_length=3, pattern={uuid})]] = Field(alias=\"Result\")");
        assert_eq!(
            reflow(&call),
            format!("    result: dict[\n        str,\n        Annotated[\n            str,\n            Field(\n                min_length=3, pattern={uuid}\n            ),\n        ],\n    ] = Field(alias=\"Result\")")
        );
        let long = format!(
            "    r: list[Annotated[str, Field(min_length=3, max_length=300, pattern={uuid})]]"
        );
        assert_eq!(
            reflow(&long),
            format!("    r: list[\n        Annotated[\n            str,\n            Field(\n                min_length=3,\n                max_length=300,\n                pattern={uuid},\n            ),\n        ]\n    ]")
        );
    }

    #[test]
    fn members_sort_as_ruff_orders_them() {
        // Constants, then classes, then the rest; a name whose only cased
        // letter is uppercase is a constant to ruff.
        let mut names: Vec<String> = [
            "Value",
            "T日本語",
            "E20V2",
            "parse_event",
            "EVENT_TYPES",
            "E17V1",
        ]
        .map(String::from)
        .to_vec();
        sort_members(&mut names);
        assert_eq!(
            names,
            [
                "E17V1",
                "E20V2",
                "EVENT_TYPES",
                "T日本語",
                "Value",
                "parse_event"
            ]
        );
    }

    #[test]
    fn a_union_operand_too_wide_splits_its_subscript_as_ruff_does() {
        // Found by random contracts: ruff breaks `list[…]` inside a broken union.
        let line = "    runtime: list[Literal[\"a much longer literal value that takes some room on a line\"] | Annotated[Literal[14], JsonNumber] | None] | None = Field(default=None, min_length=1, max_length=2)\n";
        let expected = "    runtime: (
        list[
            Literal[\"a much longer literal value that takes some room on a line\"]
            | Annotated[Literal[14], JsonNumber]
            | None
        ]
        | None
    ) = Field(default=None, min_length=1, max_length=2)\n";
        assert_eq!(reflow(line), expected);
        // And an item of several, a union, one operand a line.
        let line = "    from_: dict[str, Literal[\"a much longer literal value that takes some room on a line\"] | Annotated[Literal[False], JsonBoolean] | Annotated[Literal[0], JsonNumber]] | None = Field(default=None, alias=\"from\")\n";
        let expected = "    from_: (
        dict[
            str,
            Literal[\"a much longer literal value that takes some room on a line\"]
            | Annotated[Literal[False], JsonBoolean]
            | Annotated[Literal[0], JsonNumber],
        ]
        | None
    ) = Field(default=None, alias=\"from\")\n";
        assert_eq!(reflow(line), expected);

        // And a subscript's lone item, split in turn (seed 99 batch 17).
        let line = "    match_: list[dict[str, Literal[\"a much longer literal value that takes some room on a line\"] | Annotated[Literal[False], JsonBoolean]]] = Field(alias=\"match\")\n";
        let expected = "    match_: list[
        dict[
            str,
            Literal[\"a much longer literal value that takes some room on a line\"]
            | Annotated[Literal[False], JsonBoolean],
        ]
    ] = Field(alias=\"match\")\n";
        assert_eq!(reflow(line), expected);
        // And an operand of an alias (seed 99 batch 13).
        let line = "X: TypeAlias = list[int] | dict[str, Literal[\"a much longer literal value that takes some room on a line\", \"None\"] | Annotated[Literal[29], JsonNumber]]\n";
        let expected = "X: TypeAlias = (
    list[int]
    | dict[
        str,
        Literal[\"a much longer literal value that takes some room on a line\", \"None\"]
        | Annotated[Literal[29], JsonNumber],
    ]
)\n";
        assert_eq!(reflow(line), expected);
    }

    #[test]
    fn hostile_text_stays_data() {
        for s in crate::emit::text::HOSTILE {
            assert_eq!(python_value(&string_literal(s)), *s);
            let doc = docstring(Some(s)).unwrap();
            // Quotes and backslashes only come escaped, so nothing can end the
            // docstring early; a closing quote is kept off the delimiter.
            let unescaped = doc.replace("\\\\", "").replace("\\\"", "");
            assert!(!unescaped.contains("\"\"\""), "{doc}");
            assert!(!unescaped.contains('\\'), "{doc}");
            assert!(!doc.ends_with('"'), "{doc}");
            assert!(
                !doc.chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{2028}' || c == '\u{202e}'),
                "{doc:?}"
            );
        }
    }

    /// Found by random contracts: a long line ending in a character wider
    /// than a byte (a non-ASCII property name) made the reflow slice inside it.
    #[test]
    fn long_lines_ending_in_wide_characters_are_kept() {
        let line = format!("    日本語のキー: {}日本語のキー\n", "X".repeat(120));
        assert_eq!(reflow(&line), line);
    }

    #[test]
    fn docstrings_cannot_be_closed_from_a_schema() {
        assert_eq!(
            docstring(Some("a \"\"\" b\\")).unwrap(),
            "a \\\"\\\"\\\" b\\\\"
        );
        assert_eq!(docstring(Some("ends with \"")).unwrap(), "ends with \" ");
        assert_eq!(docstring(Some("   ")), None);
    }
}

/// isort's member order (ruff's default): constants, then classes, then
/// everything else, each in natural order ignoring case (`G3` before `G10`).
pub fn sort_members(names: &mut [String]) {
    names.sort_by_key(|n| (member_kind(n), natural_key(&n.to_lowercase()), n.clone()));
}

/// ruff's `__all__` order (RUF022): the same groups, in natural order
/// (`V2` before `V10`).
pub fn sort_all(names: &mut [String]) {
    names.sort_by_key(|n| (member_kind(n), natural_key(n)));
}

fn member_kind(name: &str) -> u8 {
    // ruff's `is_cased_uppercase`: no lowercase letter and one uppercase at
    // least (letters without case, as in `T日本語`, count as neither).
    let cased_uppercase =
        !name.chars().any(char::is_lowercase) && name.chars().any(char::is_uppercase);
    if name.len() > 1 && cased_uppercase {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub enum Chunk {
    Number(u128),
    Text(String),
}

pub fn natural_key(name: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            run.push(c);
            chars.next();
        }
        out.push(match run.parse() {
            Ok(n) if digit => Chunk::Number(n),
            _ => Chunk::Text(run),
        });
    }
    out
}

/// `from module import a, b` as isort writes it: one line when it fits in
/// 120 columns, else one name per line in parentheses.
pub fn import_from(module: &str, names: &[String]) -> String {
    import_from_at("", module, names)
}

/// [`import_from`] indented by `pad` (an import inside `if TYPE_CHECKING:`).
pub fn import_from_at(pad: &str, module: &str, names: &[String]) -> String {
    let mut names = names.to_vec();
    sort_members(&mut names);
    let line = format!("{pad}from {module} import {}", names.join(", "));
    if width(&line) <= WIDTH {
        return line;
    }
    let body: String = names.iter().map(|n| format!("{pad}    {n},\n")).collect();
    format!("{pad}from {module} import (\n{body}{pad})")
}

/// ruff's line length in the generated `pyproject.toml`.
pub const WIDTH: usize = 120;

use crate::emit::text::display_width as width;

/// `{pad}{head}{open}{items}{close}{tail}` on one line when it fits in
/// [`WIDTH`], otherwise one item per line with a trailing comma (ruff's
/// "magic trailing comma" keeps that layout as written).
pub fn bracketed(
    pad: &str,
    head: &str,
    open: &str,
    items: &[String],
    close: &str,
    tail: &str,
) -> String {
    let flat = format!("{pad}{head}{open}{}{close}{tail}", items.join(", "));
    if width(&flat) <= WIDTH {
        return flat;
    }
    let lines: String = items.iter().map(|i| format!("{pad}    {i},\n")).collect();
    format!("{pad}{head}{open}\n{lines}{pad}{close}{tail}")
}

/// Lays out over-long lines that end in a bracketed list the way ruff
/// (black) does: the list on one line when it fits, else its contents on
/// one indented line, else one item per line with a trailing comma.
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if width(body) > WIDTH {
            if let Some((head, operands)) = split_union(body) {
                let hug = format!("    {}", operands.join(" | "));
                if width(&hug) <= WIDTH {
                    out.push_str(&format!("{head} (\n{hug}\n)"));
                } else {
                    let operands: Vec<String> = operands.iter().map(|o| o.to_string()).collect();
                    out.push_str(&format!(
                        "{head} (\n{}\n)",
                        operand_lines("    ", &operands)
                    ));
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
                continue;
            }
        }
        // A field with no value: ruff lays out its annotation first.
        if width(body) > WIDTH && is_bare_annotation(body) {
            if let Some(wrapped) = parenthesize_annotation(body) {
                out.push_str(&wrapped);
                if line.ends_with('\n') {
                    out.push('\n');
                }
                continue;
            }
        }
        match (width(body) > WIDTH)
            .then(|| split_def(body).or_else(|| split_brackets(body)))
            .flatten()
        {
            Some((head, _, _)) if width(head) > WIDTH && wrap_value(body).is_some() => {
                // Splitting the last bracket leaves a line still too long:
                // ruff wraps the assigned value in parentheses instead.
                out.push_str(&wrap_value(body).unwrap_or_default());
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            Some((head, _, _))
                if width(head) > WIDTH && parenthesize_annotation(body).is_some() =>
            {
                out.push_str(&parenthesize_annotation(body).unwrap_or_default());
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            Some((head, items, tail)) => {
                let indent: String = body.chars().take_while(|c| *c == ' ').collect();
                let inner = format!("{indent}    ");
                let hug = format!("{inner}{}", items.join(", "));
                // ruff (black) hugs the arguments of a call or subscript,
                // never the items of a tuple, list or dict literal.
                let literal = !head
                    .trim_end()
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ']' || c == ')');
                // A subscript's lone item takes no trailing comma (that would
                // make it a tuple): a union there has one operand per line.
                let operands = match items.as_slice() {
                    [only] if head.ends_with('[') && width(&hug) > WIDTH => {
                        split_top_level(only, '|')
                    }
                    _ => Vec::new(),
                };
                let subscript = head.ends_with('[');
                if width(&hug) <= WIDTH && (items.len() > 1 || subscript) && !literal {
                    out.push_str(&format!("{head}\n{hug}\n{indent}{tail}"));
                } else if operands.len() > 1 {
                    let lines = operand_lines(&inner, &operands);
                    out.push_str(&format!("{head}\n{lines}\n{indent}{tail}"));
                } else {
                    out.push_str(head);
                    out.push('\n');
                    for item in &items {
                        out.push_str(&format!("{inner}{item},\n"));
                    }
                    out.push_str(&format!("{indent}{tail}"));
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => match (width(body) > WIDTH)
                .then(|| wrap_value(body).or_else(|| parenthesize_annotation(body)))
                .flatten()
            {
                Some(wrapped) => {
                    out.push_str(&wrapped);
                    if line.ends_with('\n') {
                        out.push('\n');
                    }
                }
                None => out.push_str(line),
            },
        }
    }
    out
}

/// `name: type = value` as ruff writes it when only parentheses around the
/// value make it fit: `name: type = (`, the value indented, `)`.
fn wrap_value(line: &str) -> Option<String> {
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let eq = top_level_assignment(line)?;
    let (head, value) = (&line[..eq + 1], &line[eq + 2..]);
    let inner = format!("{indent}    {value}");
    let first = format!("{head} (");
    (width(&inner) <= WIDTH && width(&first) <= WIDTH)
        .then(|| format!("{first}\n{inner}\n{indent})"))
}

/// `name: A | B = value` as ruff writes it when even the value's opening
/// bracket comes too late: the annotation in parentheses (on one line when
/// it fits, else one operand per line), then `) = value`, laid out anew.
fn parenthesize_annotation(line: &str) -> Option<String> {
    let (indent, name, after) = field(line)?;
    let eq = top_level_assignment(after);
    let annotation = after[..eq.unwrap_or(after.len())].trim_end();
    let value = eq.map(|eq| &after[eq + 2..]);
    let operands = split_top_level(annotation, '|');
    if operands.len() == 1 {
        return split_subscript(indent, name, annotation, value);
    }
    let inner = format!("{indent}    {annotation}");
    let body = if width(&inner) <= WIDTH {
        inner
    } else {
        operand_lines(&format!("{indent}    "), &operands)
    };
    Some(format!(
        "{indent}{name}: (\n{body}{}",
        closing(indent, ")", value)
    ))
}

/// `    name: rest` split as (indent, name, rest), where `name` is an identifier.
fn field(line: &str) -> Option<(&str, &str, &str)> {
    let rest = line.trim_start_matches(' ');
    let indent = &line[..line.len() - rest.len()];
    let (name, after) = rest.split_once(": ")?;
    let identifier = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    identifier.then_some((indent, name, after))
}

/// Where ` = ` assigns in `text`: outside brackets and string literals.
fn top_level_assignment(text: &str) -> Option<usize> {
    let strings = string_spans(text);
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if strings.iter().any(|&(a, b)| a <= i && i < b) {
            continue;
        }
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            '=' if depth == 0 && text[i..].starts_with("= ") && text[..i].ends_with(' ') => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// A union's operands one per line at `indent`, each after the first led
/// by `| `, as ruff breaks a union that does not fit.
/// An operand too wide for its line is itself split, as its subscript's
/// brackets (`list[` … `]`).
fn operand_lines(indent: &str, operands: &[String]) -> String {
    let lines: Vec<String> = operands
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let lead = if k == 0 { "" } else { "| " };
            format!("{indent}{lead}{}", operand(indent, lead, o))
        })
        .collect();
    lines.join("\n")
}

/// One operand of a split union at `indent` after `lead` (its first line
/// unindented):
/// as it is when it fits, else its subscript's items inside the brackets,
/// hugged when they fit, one per line with a comma when several, one
/// operand per line for a lone union.
fn operand(indent: &str, lead: &str, text: &str) -> String {
    if width(&format!("{indent}{lead}{text}")) <= WIDTH {
        return text.to_owned();
    }
    split_operand(indent, text)
}

/// [`operand`] split, whether or not it fits (an item followed by a comma
/// may not where it alone would).
fn split_operand(indent: &str, text: &str) -> String {
    let Some((open, close)) = outer_brackets(text) else {
        return text.to_owned();
    };
    let items = split_top_level(&text[open + 1..text.len() - 1], ',');
    let inner = format!("{indent}    ");
    let hug = format!("{inner}{}", items.join(", "));
    // A call's arguments, split, each take a comma (a subscript's lone item
    // cannot: that would make it a tuple).
    let body = if width(&hug) <= WIDTH {
        hug
    } else if items.len() > 1 || close == ')' {
        item_lines(&inner, &items)
    } else {
        match lone_item(&inner, &items[0]) {
            Some(lines) => lines,
            None => return text.to_owned(),
        }
    };
    format!("{}\n{body}\n{indent}{close}", &text[..=open])
}

/// The first bracket of `text` (a subscript's `[` or a call's `(`, outside
/// string literals) when the text ends with its closing one.
fn outer_brackets(text: &str) -> Option<(usize, char)> {
    let strings = string_spans(text);
    let outside = |i: usize| !strings.iter().any(|&(a, b)| a <= i && i < b);
    let (open, c) = text
        .char_indices()
        .find(|&(i, c)| outside(i) && matches!(c, '[' | '('))?;
    let close = if c == '[' { ']' } else { ')' };
    let mut depth = 0usize;
    for (i, ch) in text.char_indices().skip_while(|&(i, _)| i < open) {
        if !outside(i) {
            continue;
        }
        match ch {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let last = i + ch.len_utf8() == text.len();
                    return (last && ch == close).then_some((open, close));
                }
            }
            _ => {}
        }
    }
    None
}

/// The lone item of a split subscript at `indent`: a union one operand a
/// line, else its own subscript split (`list[dict[…]]`); `None` when it
/// cannot be split.
fn lone_item(indent: &str, item: &str) -> Option<String> {
    let operands = split_top_level(item, '|');
    if operands.len() > 1 {
        return Some(operand_lines(indent, &operands));
    }
    let split = operand(indent, "", item);
    (split != item).then(|| format!("{indent}{split}"))
}

/// Several items of a split bracket, one per line at `indent` with a comma
/// after each; an item too wide is split in turn, a union one operand per
/// line (the comma after the last).
fn item_lines(indent: &str, items: &[String]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|item| {
            if width(&format!("{indent}{item},")) <= WIDTH {
                return format!("{indent}{item},");
            }
            let operands = split_top_level(item, '|');
            if operands.len() > 1 {
                format!("{},", operand_lines(indent, &operands))
            } else {
                format!("{indent}{},", split_operand(indent, item))
            }
        })
        .collect();
    lines.join("\n")
}

/// The line that closes a split annotation: the bracket, then ` = value`
/// (laid out anew) where there is one.
fn closing(indent: &str, bracket: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("\n{}", reflow(&format!("{indent}{bracket} = {value}"))),
        None => format!("\n{indent}{bracket}"),
    }
}

/// An indented `name: type` with no ` = ` outside brackets and strings.
fn is_bare_annotation(line: &str) -> bool {
    line.starts_with(' ') && field(line).is_some() && top_level_assignment(line).is_none()
}

/// `name: dict[K, V] = value` as ruff writes it when the annotation does
/// not fit: its brackets split as a call's are (the items on one line when
/// they fit, else one per line; a lone union item one operand per line),
/// then `] = value`, laid out anew.
fn split_subscript(
    indent: &str,
    name: &str,
    annotation: &str,
    value: Option<&str>,
) -> Option<String> {
    let open = annotation.find('[')?;
    let inner = annotation.strip_suffix(']')?.get(open + 1..)?;
    let items = split_top_level(inner, ',');
    let mut out = format!("{indent}{name}: {}\n", &annotation[..=open]);
    let hug = format!("{indent}    {}", items.join(", "));
    if width(&hug) <= WIDTH {
        out.push_str(&hug);
    } else if items.len() > 1 {
        out.push_str(&item_lines(&format!("{indent}    "), &items));
    } else {
        let inner = format!("{indent}    ");
        let lines = lone_item(&inner, &items[0])?;
        out.push_str(&lines);
    }
    out.push_str(&closing(indent, "]", value));
    Some(out)
}

/// A `def` line: ruff splits its parameter list first, whatever follows.
fn split_def(line: &str) -> Option<(&str, Vec<String>, &str)> {
    if !line.trim_start().starts_with("def ") {
        return None;
    }
    let open = line.find('(')?;
    let strings = string_spans(line);
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in line.char_indices().skip_while(|&(i, _)| i < open) {
        if strings.iter().any(|&(a, b)| a <= i && i < b) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let (head, tail) = (&line[..=open], &line[close..]);
    let items = top_level_items(line, open, close, &strings);
    (!items.is_empty()).then_some((head, items, tail))
}

/// A module-level alias whose value is a union (`Name: TypeAlias = A | B`):
/// the part up to `=`, and the operands. ruff wraps such a value in
/// parentheses, on one line when it fits, else one operand per line.
fn split_union(line: &str) -> Option<(&str, Vec<&str>)> {
    if line.starts_with(' ') {
        return None;
    }
    let eq = line.find(" = ")?;
    let (head, value) = (&line[..eq + 2], &line[eq + 3..]);
    let name = head.trim_end_matches(" =").trim_end_matches(": TypeAlias");
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !identifier {
        return None;
    }
    let strings = string_spans(value);
    let in_string = |i: usize| strings.iter().any(|&(a, b)| a <= i && i < b);
    let (mut depth, mut start, mut operands) = (0usize, 0, Vec::new());
    for (i, c) in value.char_indices() {
        match c {
            _ if in_string(i) => {}
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                operands.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    operands.push(value[start..].trim());
    (operands.len() > 1).then_some((head, operands))
}

/// `text` split at each `sep` outside brackets and string literals, trimmed.
pub fn split_top_level(ty: &str, sep: char) -> Vec<String> {
    let (mut depth, mut quote, mut escaped, mut start) = (0usize, None, false, 0);
    let mut out = Vec::new();
    let bytes = ty.as_bytes();
    for (i, c) in ty.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 && (sep != '|' || (i > 0 && bytes[i - 1] == b' ')) => {
                out.push(ty[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(ty[start..].trim().to_owned());
    out
}

/// Byte ranges of the string literals of a line (either quote, with escapes).
fn string_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some((q, start)) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    spans.push((start, i + 1));
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some((c, i)),
            None => {}
        }
    }
    spans
}

/// `head` up to and including the first opening bracket whose match closes
/// the line (before an optional `:`), the items between, and the rest.
fn split_brackets(line: &str) -> Option<(&str, Vec<String>, &str)> {
    let tail_len = if line.ends_with(':') { 2 } else { 1 };
    let close = line.len().checked_sub(tail_len)?;
    // A line that ends in a wider character ends in no bracket.
    if !line.is_char_boundary(close) {
        return None;
    }
    let closing = line[close..].chars().next()?;
    let opening = match closing {
        ']' => '[',
        ')' => '(',
        '}' => '{',
        _ => return None,
    };
    // Find the bracket that matches the closing one, scanning backwards.
    let mut depth = 0usize;
    let strings = string_spans(line);
    let in_string = |i: usize| strings.iter().any(|&(a, b)| a <= i && i < b);
    let mut open = None;
    for (i, c) in line[..=close].char_indices().rev() {
        match c {
            _ if in_string(i) => {}
            ']' | ')' | '}' => depth += 1,
            '[' | '(' | '{' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let open = open.filter(|&i| line[i..].starts_with(opening))?;
    let items = top_level_items(line, open, close, &strings);
    if items.is_empty() {
        return None;
    }
    Some((&line[..=open], items, &line[close..]))
}

/// The identifiers `code` names outside its string literals: what decides
/// a module's imports (a name in a string, such as a `Literal`'s value or
/// a wire name, needs none).
pub fn identifiers(code: &str) -> std::collections::HashSet<&str> {
    let mut out = std::collections::HashSet::new();
    let mut chars = code.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '"' || ch == '\'' {
            while let Some((_, c)) = chars.next() {
                if c == '\\' {
                    chars.next();
                } else if c == ch {
                    break;
                }
            }
        } else if ch == '_' || ch.is_alphabetic() {
            let mut end = i + ch.len_utf8();
            while let Some(&(j, c)) = chars.peek() {
                if c != '_' && !c.is_alphanumeric() {
                    break;
                }
                end = j + c.len_utf8();
                chars.next();
            }
            out.insert(&code[i..end]);
        } else if ch.is_ascii_digit() {
            // A number's digits and exponent are not a name (`1e5`).
            while chars
                .peek()
                .is_some_and(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '.')
            {
                chars.next();
            }
        }
    }
    out
}

#[cfg(test)]
mod identifier_tests {
    use super::identifiers;

    #[test]
    fn names_in_strings_and_numbers_are_not_identifiers() {
        let found =
            identifiers(r#"Literal["Money", 'It\'s Field'] | Annotated[int, Field(ge=1e5)] | Ünï"#);
        let mut found: Vec<&str> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["Annotated", "Field", "Literal", "ge", "int", "Ünï"]);
    }
}

/// The blank lines isort puts after a module's imports: two before a class
/// or a function, one before anything else. A module whose first statement
/// varies (a class, an alias) is written with any number and set here.
pub fn lines_after_imports(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_end() == "from __future__ import annotations")
    else {
        return text.to_owned();
    };
    let mut last_import = start;
    let mut open = false;
    let mut next = None;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let body = line.trim_end();
        if open {
            open = body != ")";
            last_import = i;
        } else if body.starts_with("from ") || body.starts_with("import ") {
            open = body.ends_with('(');
            last_import = i;
        } else if !body.is_empty() {
            next = Some(i);
            break;
        }
    }
    let Some(next) = next else {
        return text.to_owned();
    };
    let first = lines[next];
    let blank = if ["class ", "def ", "@"].iter().any(|k| first.starts_with(k)) {
        "\n\n"
    } else {
        "\n"
    };
    let mut out: String = lines[..=last_import].concat();
    out.push_str(blank);
    out.push_str(&lines[next..].concat());
    out
}

#[cfg(test)]
mod lines_after_imports_tests {
    use super::lines_after_imports;

    #[test]
    fn two_lines_before_a_class_and_one_before_an_alias() {
        let head = "\"\"\"Doc.\"\"\"\n\nfrom __future__ import annotations\n\nfrom . import (\n    A,\n)\n";
        assert_eq!(
            lines_after_imports(&format!("{head}\nX: TypeAlias = A\n")),
            format!("{head}\nX: TypeAlias = A\n")
        );
        assert_eq!(
            lines_after_imports(&format!("{head}\n\n\n\nX = 1\n")),
            format!("{head}\nX = 1\n")
        );
        assert_eq!(
            lines_after_imports(&format!("{head}\nclass B(A):\n    pass\n")),
            format!("{head}\n\nclass B(A):\n    pass\n")
        );
    }
}

/// The comma-separated items between the brackets at `open` and `close` of
/// `line`, split at its top level only (not inside nested brackets or the
/// string literals at `strings`), each trimmed.
fn top_level_items(
    line: &str,
    open: usize,
    close: usize,
    strings: &[(usize, usize)],
) -> Vec<String> {
    let inside = &line[open + 1..close];
    let in_string = |i: usize| strings.iter().any(|&(a, b)| a <= i && i < b);
    let (mut depth, mut start, mut items) = (0usize, 0, Vec::new());
    for (i, c) in inside.char_indices() {
        match c {
            _ if in_string(open + 1 + i) => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(inside[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = inside[start..].trim();
    if !last.is_empty() {
        items.push(last.to_owned());
    }
    items
}
