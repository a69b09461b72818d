//! What the generated Rust types hold, read back from their syntax: the
//! fields of each struct, how serde reads each one (absent, `null`), and the
//! Rust type of each value. `typed.rs` writes the checks a decoded event
//! still needs from it; anything this reader does not recognise is
//! `Ty::Unknown`, which those checks never vouch for.
//!
//! Plain data, so the shapes of modules typed on several threads meet in one
//! table (a syntax tree cannot leave its thread).

use std::collections::BTreeMap;

use syn::{Fields, GenericArgument, Item, Meta, PathArguments, Type};

use super::fixups::{rename_of, serde_items, wire_name};

/// Every type the crate declares, by name; a name declared twice (in two
/// modules) is `Shape::Unknown`, so no check is written for either.
#[derive(Debug, Default, Clone)]
pub struct Shapes {
    pub types: BTreeMap<String, Declared>,
}

#[derive(Debug, Clone)]
pub struct Declared {
    /// The path of its module (`crate::payloads::credit_locked_v1`).
    pub module: String,
    pub shape: Shape,
}

#[derive(Debug, Clone)]
pub enum Shape {
    Struct {
        fields: Vec<FieldShape>,
        /// `#[serde(deny_unknown_fields)]`: an undeclared member fails decoding.
        deny_unknown: bool,
    },
    /// A tuple struct of one field (serde reads it as that field).
    Newtype(Ty),
    /// An enum of unit variants, each read from one string.
    Strings(Vec<String>),
    Alias(Ty),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct FieldShape {
    pub ident: String,
    pub wire: String,
    pub read: Read,
    /// The type of the value, inside the `Option`s that `read` accounts for.
    pub ty: Ty,
    /// Read through `runtime::Text`: a date or date-time was checked
    /// against its format before chrono parsed it.
    pub strict_text: bool,
    /// Read through `runtime::required`: serde refuses a missing member
    /// even where the type would read it as `None`.
    pub refuses_missing: bool,
}

/// How serde fills a field from a member that is absent or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// The member must be present; `null` goes to the type.
    Plain,
    /// `Option<T>`: absent is `None`, `null` goes to `T`.
    Present,
    /// `Option<T>`, required: `null` is `None`.
    Nullable,
    /// `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
    DoubleOption,
    /// `#[serde(flatten)]`: the undeclared members.
    Flatten,
    /// Anything else (serde's own `Option` reads absent and `null` alike).
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    /// A Rust integer type (`i64`, `u64`, ...).
    Int,
    Float,
    Bool,
    DateTime,
    Date,
    /// `serde_json::Value`.
    Json,
    /// `serde_json::Map<String, Value>`.
    JsonMap,
    Option(Box<Ty>),
    Vec(Box<Ty>),
    Box(Box<Ty>),
    /// A map from `String` (`BTreeMap`, `HashMap`).
    Map(Box<Ty>),
    /// A declared type, by name.
    Named(String),
    /// The envelope's payload parameter.
    Generic,
    Unknown,
}

impl Shapes {
    /// Adds the types `file` declares in module `module`.
    pub fn add(&mut self, module: &str, file: &syn::File) {
        for item in &file.items {
            let (name, shape) = match item {
                Item::Struct(s) => (s.ident.to_string(), struct_shape(s)),
                Item::Enum(e) => (e.ident.to_string(), enum_shape(e)),
                Item::Type(t) if t.generics.params.is_empty() => {
                    (t.ident.to_string(), Shape::Alias(ty(&t.ty)))
                }
                _ => continue,
            };
            match self.types.get_mut(&name) {
                // Two modules declare one name: which one a path means is
                // not known here.
                Some(before) if before.module != module => before.shape = Shape::Unknown,
                _ => {
                    let module = module.to_owned();
                    self.types.insert(name, Declared { module, shape });
                }
            }
        }
    }

    /// Adds the types of another table (a module typed on another thread).
    pub fn merge(&mut self, other: Shapes) {
        for (name, declared) in other.types {
            match self.types.get_mut(&name) {
                Some(before) if before.module != declared.module => before.shape = Shape::Unknown,
                _ => {
                    self.types.insert(name, declared);
                }
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&Declared> {
        self.types.get(name)
    }
}

/// Container attributes that change how serde reads a type beyond what a
/// shape records.
fn plain_container(attrs: &[syn::Attribute], allowed: &[&str]) -> bool {
    serde_items(attrs)
        .iter()
        .all(|m| allowed.iter().any(|a| m.path().is_ident(a)))
}

fn struct_shape(s: &syn::ItemStruct) -> Shape {
    match &s.fields {
        Fields::Named(named) => {
            if !plain_container(&s.attrs, &["deny_unknown_fields"]) {
                return Shape::Unknown;
            }
            let deny_unknown = serde_items(&s.attrs)
                .iter()
                .any(|m| m.path().is_ident("deny_unknown_fields"));
            let generic = s
                .generics
                .params
                .iter()
                .any(|p| matches!(p, syn::GenericParam::Type(t) if t.ident == "P"));
            let fields = named
                .named
                .iter()
                .map(|f| field_shape(f, generic))
                .collect();
            Shape::Struct {
                fields,
                deny_unknown,
            }
        }
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
            if !plain_container(&s.attrs, &["transparent"]) || !s.generics.params.is_empty() {
                return Shape::Unknown;
            }
            let field = &unnamed.unnamed[0];
            if !serde_items(&field.attrs).is_empty() {
                return Shape::Unknown;
            }
            Shape::Newtype(ty(&field.ty))
        }
        _ => Shape::Unknown,
    }
}

fn enum_shape(e: &syn::ItemEnum) -> Shape {
    if !plain_container(&e.attrs, &[]) || !e.generics.params.is_empty() || derives_deserialize(e) {
        // A derived enum also reads `{"variant": null}` (`fixups::strings_only`).
        return Shape::Unknown;
    }
    let mut wires = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Shape::Unknown;
        }
        let items = serde_items(&v.attrs);
        if items.iter().any(|m| !m.path().is_ident("rename")) {
            return Shape::Unknown;
        }
        wires.push(
            items
                .iter()
                .find_map(rename_of)
                .unwrap_or_else(|| v.ident.to_string()),
        );
    }
    Shape::Strings(wires)
}

fn field_shape(f: &syn::Field, generic: bool) -> FieldShape {
    let items = serde_items(&f.attrs);
    let with = |key: &str| {
        items.iter().find_map(|m| match m {
            Meta::NameValue(nv) if nv.path.is_ident(key) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
    };
    let flatten = items.iter().any(|m| m.path().is_ident("flatten"));
    let known = [
        "rename",
        "default",
        "skip_serializing_if",
        "deserialize_with",
        "with",
        "flatten",
        "bound",
    ];
    let plain_attrs = items
        .iter()
        .all(|m| known.iter().any(|k| m.path().is_ident(k)));
    let defaulted = items.iter().any(|m| m.path().is_ident("default"));
    let full = ty_in(&f.ty, generic);
    let (read, inner, strict_text) =
        match (with("with").as_deref(), with("deserialize_with").as_deref()) {
            _ if !plain_attrs => (Read::Unknown, full, false),
            _ if flatten => (Read::Flatten, full, false),
            (
                Some(w @ ("crate::runtime::double_option" | "crate::runtime::double_option_text")),
                None,
            ) => match full {
                Ty::Option(t) => match *t {
                    Ty::Option(t) => (Read::DoubleOption, *t, w.ends_with("_text")),
                    _ => (Read::Unknown, Ty::Unknown, false),
                },
                _ => (Read::Unknown, Ty::Unknown, false),
            },
            (None, Some(d @ ("crate::runtime::present" | "crate::runtime::present_text"))) => {
                match full {
                    Ty::Option(t) => (Read::Present, *t, d.ends_with("_text")),
                    _ => (Read::Unknown, Ty::Unknown, false),
                }
            }
            (
                None,
                Some(d @ ("::std::option::Option::deserialize" | "crate::runtime::nullable_text")),
            ) if !defaulted => match full {
                Ty::Option(t) => (Read::Nullable, *t, d.ends_with("_text")),
                _ => (Read::Unknown, Ty::Unknown, false),
            },
            (None, Some("crate::runtime::text")) if !defaulted => (Read::Plain, full, true),
            (None, Some("crate::runtime::required")) if !defaulted => (Read::Plain, full, false),
            (None, None) if !defaulted && !matches!(full, Ty::Option(_)) => {
                (Read::Plain, full, false)
            }
            _ => (Read::Unknown, full, false),
        };
    FieldShape {
        ident: f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(),
        wire: wire_name(f),
        read,
        ty: inner,
        strict_text,
        refuses_missing: with("deserialize_with").as_deref() == Some("crate::runtime::required"),
    }
}

pub fn ty(t: &Type) -> Ty {
    ty_in(t, false)
}

fn ty_in(t: &Type, generic: bool) -> Ty {
    let Type::Path(p) = t else {
        return Ty::Unknown;
    };
    if p.qself.is_some() {
        return Ty::Unknown;
    }
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let Some(last) = p.path.segments.last() else {
        return Ty::Unknown;
    };
    let args: Vec<&Type> = match &last.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        PathArguments::None => Vec::new(),
        PathArguments::Parenthesized(_) => return Ty::Unknown,
    };
    let first = segments.first().map(String::as_str);
    let one = |wrap: fn(Box<Ty>) -> Ty| match args.as_slice() {
        [inner] => wrap(Box::new(ty_in(inner, generic))),
        _ => Ty::Unknown,
    };
    match (last.ident.to_string().as_str(), args.len()) {
        ("Option", 1) => one(Ty::Option),
        ("Vec", 1) => one(Ty::Vec),
        ("Box", 1) => one(Ty::Box),
        ("String", 0) if matches!(first, Some("std" | "String")) => Ty::String,
        ("i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64", 0) if segments.len() == 1 => {
            Ty::Int
        }
        ("f64", 0) if segments.len() == 1 => Ty::Float,
        ("bool", 0) if segments.len() == 1 => Ty::Bool,
        ("DateTime", 1) if first == Some("chrono") => Ty::DateTime,
        ("NaiveDate", 0) if first == Some("chrono") => Ty::Date,
        ("Value", 0) if first == Some("serde_json") => Ty::Json,
        ("Map", 2) if first == Some("serde_json") => Ty::JsonMap,
        ("BTreeMap" | "HashMap", 2) if first == Some("std") => {
            if ty_in(args[0], generic) == Ty::String {
                Ty::Map(Box::new(ty_in(args[1], generic)))
            } else {
                Ty::Unknown
            }
        }
        ("P", 0) if generic && segments.len() == 1 => Ty::Generic,
        (name, 0) if first == Some("crate") || segments.len() == 1 => Ty::Named(name.to_owned()),
        _ => Ty::Unknown,
    }
}

fn derives_deserialize(e: &syn::ItemEnum) -> bool {
    e.attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|list| {
                list.iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == "Deserialize"))
            })
    })
}
