//! A Python expression that builds a generated model from a JSON example,
//! as a producer writes it: keyword construction of each class, `datetime`
//! values, lists and dicts, and string literals for `Literal` enums, so
//! `mypy --strict` checks it. An example with a part no such expression
//! says exactly (a union of classes, members the class does not declare, a
//! date-time Python reads differently) gives `None`, and the README falls
//! back to `model_validate_json`.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::syntax::{scalar_literal, split_top_level, string_literal, WIDTH};
use super::types::{Alias, Class};
use crate::emit::text::display_width;

/// The classes and aliases an example may name.
pub struct Types<'a> {
    classes: HashMap<&'a str, &'a Class>,
    aliases: HashMap<&'a str, &'a Alias>,
    /// The package names and the standard library names an expression used.
    pub used: RefCell<BTreeSet<String>>,
    pub datetime: RefCell<BTreeSet<&'static str>>,
}

/// A Python expression, laid out as ruff lays out calls and displays.
enum Expr {
    Atom(String),
    /// `open`, items, `close`: a call's `Name(` … `)`, a list, a dict.
    Group(String, Vec<String>, Vec<Expr>, &'static str),
}

impl<'a> Types<'a> {
    pub fn new(
        classes: impl Iterator<Item = &'a Class>,
        aliases: impl Iterator<Item = &'a Alias>,
    ) -> Self {
        Types {
            classes: classes.map(|k| (k.name.as_str(), k)).collect(),
            aliases: aliases.map(|a| (a.name.as_str(), a)).collect(),
            used: RefCell::default(),
            datetime: RefCell::default(),
        }
    }

    /// `value` as an instance of the class `name`, written after `lead`
    /// (`payload = `) at the start of a line; `None` where the example has
    /// no exact typed spelling.
    pub fn build(&self, lead: &str, name: &str, value: &Value) -> Option<String> {
        let expr = self.expr(name, value, 0)?;
        Some(format!("{lead}{}", render(&expr, 0, display_width(lead))))
    }

    fn expr(&self, ty: &str, value: &Value, depth: usize) -> Option<Expr> {
        if depth > 32 {
            return None;
        }
        let ty = ty.trim();
        let members = split_top_level(ty, '|');
        if members.len() > 1 {
            if value.is_null() && members.iter().any(|m| m == "None") {
                return Some(Expr::Atom("None".into()));
            }
            let rest: Vec<&String> = members.iter().filter(|m| *m != "None").collect();
            // Several members: only a literal that one of them spells.
            return match rest.as_slice() {
                [one] => self.expr(one, value, depth + 1),
                _ => rest.iter().find_map(|m| {
                    m.starts_with("Literal[")
                        .then(|| self.expr(m, value, depth + 1))
                        .flatten()
                }),
            };
        }
        if let Some(args) = generic(ty, "Annotated") {
            return self.expr(split_top_level(args, ',').first()?, value, depth + 1);
        }
        if let Some(args) = generic(ty, "Literal") {
            let literal = scalar_literal(value)?;
            return split_top_level(args, ',')
                .contains(&literal)
                .then_some(Expr::Atom(literal));
        }
        if let Some(item) = generic(ty, "list") {
            let items = value.as_array()?;
            let items: Option<Vec<Expr>> = items
                .iter()
                .map(|v| self.expr(item, v, depth + 1))
                .collect();
            return Some(Expr::Group(String::new(), Vec::new(), items?, "[]"));
        }
        if let Some(args) = generic(ty, "dict") {
            let parts = split_top_level(args, ',');
            let (Some(key), Some(item)) = (parts.first(), parts.get(1)) else {
                return None;
            };
            if key != "str" {
                return None;
            }
            let members = value.as_object()?;
            let keys = members
                .keys()
                .map(|k| format!("{}: ", string_literal(k)))
                .collect();
            let items: Option<Vec<Expr>> = members
                .values()
                .map(|v| self.expr(item, v, depth + 1))
                .collect();
            return Some(Expr::Group(String::new(), keys, items?, "{}"));
        }
        let atom = |s: String| Some(Expr::Atom(s));
        match (ty, value) {
            ("str", Value::String(s)) => atom(string_literal(s)),
            ("int", Value::Number(n)) if !n.is_f64() => atom(n.to_string()),
            ("float", Value::Number(n)) => atom(n.to_string()),
            ("bool", Value::Bool(b)) => atom(if *b { "True" } else { "False" }.into()),
            ("None", Value::Null) => atom("None".into()),
            ("Any", v) => atom(python_literal_deep(v)?),
            ("DateTime", Value::String(s)) if iso_agrees(s) => {
                self.datetime.borrow_mut().insert("datetime");
                atom(format!("datetime.fromisoformat({})", string_literal(s)))
            }
            ("Date", Value::String(s)) if s.len() == 10 => {
                self.datetime.borrow_mut().insert("date");
                atom(format!("date.fromisoformat({})", string_literal(s)))
            }
            (name, v) => {
                if let Some(alias) = self.aliases.get(name) {
                    if alias.root.is_some() {
                        return None;
                    }
                    return self.expr(&alias.body, v, depth + 1);
                }
                let class = self.classes.get(name)?;
                let members = v.as_object()?;
                let mut keys = Vec::new();
                let mut args = Vec::new();
                let mut used = 0;
                for f in &class.fields {
                    match members.get(&f.wire) {
                        // A value the schema fixes: the class fills it in.
                        Some(v) if f.fixed.is_some() && f.fixed == scalar_literal(v) => {
                            used += 1;
                        }
                        Some(v) => {
                            used += 1;
                            keys.push(format!("{}=", f.ident));
                            args.push(self.expr(&f.ty, v, depth + 1)?);
                        }
                        // Absent is the field's default (a fixed value is
                        // one); a field without one is required, and the
                        // example would be invalid.
                        None if !f.required || f.fixed.is_some() => {}
                        None => return None,
                    }
                }
                if used != members.len() {
                    return None;
                }
                self.used.borrow_mut().insert(name.to_owned());
                Some(Expr::Group(format!("{name}("), keys, args, ")"))
            }
        }
    }
}

/// The arguments of `Name[...]`, when `ty` is that.
fn generic<'t>(ty: &'t str, name: &str) -> Option<&'t str> {
    ty.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')
}

/// Whether Python's `datetime.fromisoformat` reads this RFC 3339 text as
/// the same instant (it refuses a leap second, and reads `z` and `t` only
/// in upper case before Python 3.11).
fn iso_agrees(s: &str) -> bool {
    s.len() >= 20 && !s.contains(":60") && !s.contains(['t', 'z'])
}

/// Any JSON value as the Python literal `json.loads` gives.
fn python_literal_deep(v: &Value) -> Option<String> {
    Some(match v {
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(python_literal_deep).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Object(m) => {
            let items: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| {
                    Some(format!(
                        "{}: {}",
                        string_literal(k),
                        python_literal_deep(v)?
                    ))
                })
                .collect();
            format!("{{{}}}", items?.join(", "))
        }
        Value::Number(n) => n.to_string(),
        other => scalar_literal(other)?,
    })
}

/// Lays an expression out as ruff does: on one line when it fits in
/// [`WIDTH`] columns, else one item per line, each followed by a comma.
/// `indent` is the line's indentation, `column` where `e` starts.
fn render(e: &Expr, indent: usize, column: usize) -> String {
    let flat = flat(e);
    if column + display_width(&flat) <= WIDTH {
        return flat;
    }
    match e {
        Expr::Atom(s) => s.clone(),
        Expr::Group(open, keys, items, close) => {
            let (open, close) = match *close {
                ")" => (open.clone(), ")"),
                "[]" => ("[".to_owned(), "]"),
                _ => ("{".to_owned(), "}"),
            };
            let pad = " ".repeat(indent + 4);
            let mut out = format!("{open}\n");
            for (i, item) in items.iter().enumerate() {
                let key = keys.get(i).map_or("", String::as_str);
                let item = render(item, indent + 4, indent + 4 + display_width(key));
                out.push_str(&format!("{pad}{key}{item},\n"));
            }
            out.push_str(&format!("{}{close}", " ".repeat(indent)));
            out
        }
    }
}

fn flat(e: &Expr) -> String {
    match e {
        Expr::Atom(s) => s.clone(),
        Expr::Group(open, keys, items, close) => {
            let items: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    format!("{}{}", keys.get(i).map_or("", String::as_str), flat(item))
                })
                .collect();
            let (open, close) = match *close {
                ")" => (open.as_str(), ")"),
                "[]" => ("[", "]"),
                _ => ("{", "}"),
            };
            format!("{open}{}{close}", items.join(", "))
        }
    }
}
