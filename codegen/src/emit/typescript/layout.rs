//! prettier's layout algorithm, for the shapes the TypeScript emitter writes.
//!
//! A [`Doc`] is text with places where a line may break: a [`group`] is
//! printed on one line when it fits in [`WIDTH`] columns, and otherwise
//! breaks its own lines (not its inner groups', which decide again). This
//! is Wadler's "prettier printer" as prettier implements it (`doc-printer.js`:
//! the same `fits` look-ahead, group modes for `ifBreak`, trailing spaces
//! trimmed at a break), so the output passes `prettier --check` without a
//! formatter in the build. Which docs a TypeScript construct becomes is
//! `syntax.rs`'s and `types.rs`'s business, written after prettier's printers.

use std::collections::HashMap;

/// prettier's default `printWidth`.
pub const WIDTH: usize = 80;
const INDENT: usize = 2;

/// A document to lay out.
#[derive(Debug, Clone)]
pub enum Doc {
    Text(String),
    Concat(Vec<Doc>),
    /// Contents flat when they fit, broken otherwise; `broken` when they
    /// hold a hard line (prettier's `propagateBreaks`).
    Group {
        contents: Box<Doc>,
        id: Option<GroupId>,
        broken: bool,
    },
    Indent(Box<Doc>),
    /// Indentation by a number of spaces (prettier's `align`).
    Align(usize, Box<Doc>),
    /// A space (flat) or a line break; `soft`: nothing when flat; `hard`:
    /// always a break.
    Line {
        soft: bool,
        hard: bool,
    },
    /// `broken` or `flat`, after the mode of the enclosing group, or of the
    /// group `group` names.
    IfBreak {
        broken: Box<Doc>,
        flat: Box<Doc>,
        group: Option<GroupId>,
    },
    /// Contents indented when group `group` broke.
    IndentIfBreak {
        contents: Box<Doc>,
        group: GroupId,
    },
}

/// Names a group whose mode another part of the document asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub u32);

pub fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

pub fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}

pub fn group(contents: Doc) -> Doc {
    group_with(contents, None)
}

pub fn group_with(contents: Doc, id: Option<GroupId>) -> Doc {
    let broken = has_hard_line(&contents);
    Doc::Group {
        contents: Box::new(contents),
        id,
        broken,
    }
}

pub fn indent(contents: Doc) -> Doc {
    Doc::Indent(Box::new(contents))
}

pub fn align(n: usize, contents: Doc) -> Doc {
    Doc::Align(n, Box::new(contents))
}

/// A space, or a break.
pub fn line() -> Doc {
    Doc::Line {
        soft: false,
        hard: false,
    }
}

/// Nothing, or a break.
pub fn softline() -> Doc {
    Doc::Line {
        soft: true,
        hard: false,
    }
}

pub fn hardline() -> Doc {
    Doc::Line {
        soft: false,
        hard: true,
    }
}

pub fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        broken: Box::new(broken),
        flat: Box::new(flat),
        group: None,
    }
}

pub fn indent_if_break(group: GroupId, contents: Doc) -> Doc {
    Doc::IndentIfBreak {
        contents: Box::new(contents),
        group,
    }
}

/// `parts` with `separator` between each two.
pub fn join(separator: &Doc, parts: Vec<Doc>) -> Doc {
    let mut out = Vec::with_capacity(parts.len() * 2);
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(separator.clone());
        }
        out.push(p);
    }
    Doc::Concat(out)
}

fn has_hard_line(doc: &Doc) -> bool {
    match doc {
        Doc::Text(_) => false,
        Doc::Concat(parts) => parts.iter().any(has_hard_line),
        Doc::Group { broken, .. } => *broken,
        Doc::Indent(d) | Doc::Align(_, d) => has_hard_line(d),
        Doc::IndentIfBreak { contents, .. } => has_hard_line(contents),
        Doc::Line { hard, .. } => *hard,
        Doc::IfBreak { broken, flat, .. } => has_hard_line(broken) || has_hard_line(flat),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

struct Command<'a> {
    indent: usize,
    mode: Mode,
    doc: &'a Doc,
}

/// Lays `doc` out in [`WIDTH`] columns.
pub fn print(doc: &Doc) -> String {
    print_at(0, doc)
}

/// Lays `doc` out as if it started `levels` indentation levels in (inside
/// a function body, say), those spaces included.
pub fn print_at(levels: usize, doc: &Doc) -> String {
    let start = levels * INDENT;
    let mut out = " ".repeat(start);
    let mut column = start;
    let mut modes: HashMap<GroupId, Mode> = HashMap::new();
    let mut commands = vec![Command {
        indent: start,
        mode: Mode::Break,
        doc,
    }];
    while let Some(Command { indent, mode, doc }) = commands.pop() {
        match doc {
            Doc::Text(s) => {
                out.push_str(s);
                column += crate::emit::text::display_width(s);
            }
            Doc::Concat(parts) => {
                commands.extend(parts.iter().rev().map(|doc| Command { indent, mode, doc }));
            }
            Doc::Indent(d) => commands.push(Command {
                indent: indent + INDENT,
                mode,
                doc: d,
            }),
            Doc::Align(n, d) => commands.push(Command {
                indent: indent + n,
                mode,
                doc: d,
            }),
            Doc::Group {
                contents,
                id,
                broken,
            } => {
                let chosen = if *broken {
                    Mode::Break
                } else if mode == Mode::Flat {
                    Mode::Flat
                } else {
                    let next = (Mode::Flat, &**contents);
                    let room = WIDTH as isize - column as isize;
                    if fits(next, &commands, room, &modes) {
                        Mode::Flat
                    } else {
                        Mode::Break
                    }
                };
                if let Some(id) = id {
                    modes.insert(*id, chosen);
                }
                commands.push(Command {
                    indent,
                    mode: chosen,
                    doc: contents,
                });
            }
            Doc::Line { soft, hard } => {
                if mode == Mode::Flat && !hard {
                    if !soft {
                        out.push(' ');
                        column += 1;
                    }
                } else {
                    let kept = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(kept);
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', indent));
                    column = indent;
                }
            }
            Doc::IfBreak {
                broken,
                flat,
                group,
            } => {
                let doc = branch(broken, flat, *group, mode, &modes);
                commands.push(Command { indent, mode, doc });
            }
            Doc::IndentIfBreak { contents, group } => {
                let broke = modes.get(group) == Some(&Mode::Break);
                commands.push(Command {
                    indent: if broke { indent + INDENT } else { indent },
                    mode,
                    doc: contents,
                });
            }
        }
    }
    out
}

/// Whether `next` fits in `room` columns, reading on into what follows it
/// up to the first possible line break (prettier's `fits`).
fn fits(
    next: (Mode, &Doc),
    rest: &[Command],
    mut room: isize,
    modes: &HashMap<GroupId, Mode>,
) -> bool {
    let mut rest_index = rest.len();
    let mut stack = vec![next];
    // A flat line's space counts only when text follows it.
    let mut pending_space = false;
    while room >= 0 {
        let Some((mode, doc)) = stack.pop() else {
            if rest_index == 0 {
                return true;
            }
            rest_index -= 1;
            stack.push((rest[rest_index].mode, rest[rest_index].doc));
            continue;
        };
        match doc {
            Doc::Text(s) if !s.is_empty() => {
                room -= crate::emit::text::display_width(s) as isize + isize::from(pending_space);
                pending_space = false;
            }
            Doc::Text(_) => {}
            Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|d| (mode, d))),
            Doc::Indent(d) | Doc::Align(_, d) => stack.push((mode, d)),
            Doc::IndentIfBreak { contents, .. } => stack.push((mode, contents)),
            Doc::Group {
                contents, broken, ..
            } => stack.push((if *broken { Mode::Break } else { mode }, contents)),
            Doc::IfBreak {
                broken,
                flat,
                group,
            } => {
                stack.push((mode, branch(broken, flat, *group, mode, modes)));
            }
            Doc::Line { soft, hard } => {
                if mode == Mode::Break || *hard {
                    return true;
                }
                if !soft {
                    pending_space = true;
                }
            }
        }
    }
    false
}

/// The side of an `IfBreak` to print: after the mode of the group it names,
/// or of the enclosing one (`mode`). A named group not printed yet is flat.
fn branch<'a>(
    broken: &'a Doc,
    flat: &'a Doc,
    group: Option<GroupId>,
    mode: Mode,
    modes: &HashMap<GroupId, Mode>,
) -> &'a Doc {
    let m = group.map_or(mode, |g| modes.get(&g).copied().unwrap_or(Mode::Flat));
    if m == Mode::Break {
        broken
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Doc {
        group(concat(vec![
            text("["),
            indent(concat(vec![
                softline(),
                join(
                    &concat(vec![text(","), line()]),
                    items.iter().map(|s| text(*s)).collect(),
                ),
            ])),
            if_break(text(","), text("")),
            softline(),
            text("]"),
        ]))
    }

    #[test]
    fn a_group_breaks_only_when_it_does_not_fit() {
        assert_eq!(print(&list(&["a", "b"])), "[a, b]");
        let long = "x".repeat(40);
        assert_eq!(
            print(&list(&[&long, &long])),
            format!("[\n  {long},\n  {long},\n]")
        );
    }

    #[test]
    fn a_hard_line_breaks_every_enclosing_group() {
        let doc = group(concat(vec![text("a"), line(), text("b"), hardline()]));
        assert_eq!(print(&doc), "a\nb\n");
    }

    #[test]
    fn breaks_trim_trailing_spaces() {
        let doc = concat(vec![text("a "), hardline(), text("b")]);
        assert_eq!(print(&doc), "a\nb");
    }
}
