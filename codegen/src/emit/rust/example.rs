//! A Rust expression that builds a generated type's value from a JSON
//! example, as a producer writes it: struct literals, enum variants,
//! `Some`, `vec!`. The README's producer example is one (a doctest, so
//! the crate's tests compile and run it). What has no literal of its own
//! (an untagged enum, JSON kept as JSON, a map of unknown members) is
//! read from JSON (`serde_json::from_value(json!(…))?`), typed by its place.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::{Fields, Item, Type};

use super::fixups::{rename_of, serde_items, wire_name};

/// The type declarations an example may name, by name, each with the
/// path of its module from the crate root (`payloads::credit_locked_v1`).
#[derive(Default)]
pub struct Types {
    items: HashMap<String, (String, Item)>,
    /// The paths of the types an expression named, for its `use`s.
    used: RefCell<BTreeSet<String>>,
}

impl Types {
    /// Adds the structs, enums and aliases of one generated module.
    pub fn add(&mut self, module: &str, file: &syn::File) {
        for item in &file.items {
            let name = match item {
                Item::Struct(s) => s.ident.to_string(),
                Item::Enum(e) => e.ident.to_string(),
                Item::Type(t) => t.ident.to_string(),
                _ => continue,
            };
            self.items
                .entry(name)
                .or_insert_with(|| (module.to_owned(), item.clone()));
        }
    }

    /// `value` as a value of the type named `name`, and the paths (from
    /// the crate root) of the types it names besides `name`.
    pub fn build(&self, name: &str, value: &Value) -> (TokenStream, BTreeSet<String>) {
        self.used.borrow_mut().clear();
        let ty: Type = syn::parse_str(name).expect("a type name parses");
        let expr = self.expr(&ty, value, 0);
        let mut used = self.used.take();
        if let Some((module, _)) = self.items.get(name) {
            used.remove(&format!("{module}::{name}"));
        }
        (expr, used)
    }

    fn expr(&self, ty: &Type, value: &Value, depth: usize) -> TokenStream {
        // A literal abandoned halfway names none of the types it began with.
        let named = self.used.borrow().clone();
        let typed = (depth < 32).then(|| self.typed(ty, value, depth)).flatten();
        typed.unwrap_or_else(|| {
            *self.used.borrow_mut() = named;
            untyped(value)
        })
    }

    fn typed(&self, ty: &Type, value: &Value, depth: usize) -> Option<TokenStream> {
        if let (Type::Tuple(unit), Value::Null) = (ty, value) {
            return unit.elems.is_empty().then(|| quote!(()));
        }
        let Type::Path(p) = ty else { return None };
        let last = p.path.segments.last()?;
        let name = last.ident.to_string();
        let arg = || match &last.arguments {
            syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            }),
            _ => None,
        };
        // typify spells the standard types by their full paths, so a
        // one-segment path is a primitive or a type of the crate's own.
        let own = p.path.segments.len() == 1;
        Some(match (own, name.as_str(), value) {
            (false, "String", Value::String(s)) => quote!(#s.to_owned()),
            (true, "bool", Value::Bool(b)) => quote!(#b),
            (true, "i64" | "i32" | "u64" | "u32", Value::Number(n)) if !n.is_f64() => {
                n.to_string().parse().ok()?
            }
            (true, "f64" | "f32", Value::Number(n)) => format!("{:?}", n.as_f64()?).parse().ok()?,
            (false, "DateTime" | "NaiveDate", Value::String(s)) => quote!(#s.parse()?),
            (false, "Option", Value::Null) if is_option(&arg()?) => quote!(Some(None)),
            (false, "Option", Value::Null) => quote!(None),
            (false, "Option", v) => {
                let inner = self.expr(&arg()?, v, depth + 1);
                quote!(Some(#inner))
            }
            (false, "Box", v) => {
                let inner = self.expr(&arg()?, v, depth + 1);
                quote!(Box::new(#inner))
            }
            (false, "Vec", Value::Array(items)) if items.is_empty() => quote!(Vec::new()),
            // Not `vec![…]`: prettyplease lays out a call, not a macro's tokens.
            (false, "Vec", Value::Array(items)) => {
                let t = arg()?;
                let items = items.iter().map(|v| self.expr(&t, v, depth + 1));
                quote!(Vec::from([#(#items),*]))
            }
            (true, _, _) => self.named(&name, value, depth)?,
            _ => return None,
        })
    }

    /// A value of a type the crate declares.
    fn named(&self, name: &str, value: &Value, depth: usize) -> Option<TokenStream> {
        let ident = format_ident!("{name}");
        let (module, item) = self.items.get(name)?;
        let built = self.item(&ident, item, value, depth);
        if built.is_some() {
            self.used.borrow_mut().insert(format!("{module}::{name}"));
        }
        built
    }

    /// `{Name}Fields` of struct `ident`, where the schema fixes some of its
    /// properties: its path and the fields it keeps.
    fn filler(&self, ident: &syn::Ident) -> Option<(String, Vec<syn::Ident>)> {
        let name = super::fixups::fields_name(&ident.to_string());
        let (module, Item::Struct(s)) = self.items.get(&name)? else {
            return None;
        };
        let kept = s.fields.iter().filter_map(|f| f.ident.clone()).collect();
        Some((format!("{module}::{name}"), kept))
    }

    fn item(
        &self,
        ident: &syn::Ident,
        item: &Item,
        value: &Value,
        depth: usize,
    ) -> Option<TokenStream> {
        match item {
            Item::Type(alias) => self.typed(&alias.ty, value, depth + 1),
            Item::Struct(s) => match (&s.fields, value) {
                (Fields::Unnamed(f), v) if f.unnamed.len() == 1 => {
                    let inner = self.expr(&f.unnamed[0].ty, v, depth + 1);
                    Some(quote!(#ident(#inner)))
                }
                (Fields::Named(fields), Value::Object(members)) => {
                    // What the schema fixes, `{Name}Fields` leaves out and
                    // `From` fills in.
                    let filler = self.filler(ident);
                    let mut used = 0;
                    let mut inits = Vec::new();
                    for f in &fields.named {
                        let field = f.ident.as_ref()?;
                        if let Some((_, kept)) = &filler {
                            if !kept.contains(field) {
                                used += usize::from(members.contains_key(&wire_name(f)));
                                continue;
                            }
                        }
                        if serde_items(&f.attrs)
                            .iter()
                            .any(|m| m.path().is_ident("flatten"))
                        {
                            // Members the schema does not declare: none here.
                            inits.push(quote!(#field: Default::default()));
                            continue;
                        }
                        let wire = wire_name(f);
                        let init = match members.get(&wire) {
                            Some(v) => {
                                used += 1;
                                self.expr(&f.ty, v, depth + 1)
                            }
                            None if is_option(&f.ty) => quote!(None),
                            None => return None,
                        };
                        inits.push(quote!(#field: #init));
                    }
                    if used != members.len() {
                        return None;
                    }
                    Some(match filler {
                        Some((path, _)) => {
                            let fields_ident =
                                format_ident!("{}", super::fixups::fields_name(&ident.to_string()));
                            self.used.borrow_mut().insert(path);
                            quote!(#ident::from(#fields_ident { #(#inits),* }))
                        }
                        None => quote!(#ident { #(#inits),* }),
                    })
                }
                _ => None,
            },
            Item::Enum(e) => {
                let Value::String(s) = value else { return None };
                let variant = e.variants.iter().find(|v| {
                    v.fields.is_empty()
                        && serde_items(&v.attrs)
                            .iter()
                            .find_map(rename_of)
                            .unwrap_or_else(|| v.ident.to_string())
                            == *s
                })?;
                let v = &variant.ident;
                Some(quote!(#ident::#v))
            }
            _ => None,
        }
    }
}

/// A value read from JSON, typed by its place: `json!` for a short one, a
/// raw string for a longer one, which prettyplease need not lay out.
fn untyped(value: &Value) -> TokenStream {
    let text = serde_json::to_string(value).expect("serializes");
    if let Ok(tokens) = text.parse::<TokenStream>().map_err(drop) {
        if text.len() <= 40 {
            return quote!(serde_json::from_value(serde_json::json!(#tokens))?);
        }
    }
    let raw: TokenStream = super::readme::raw_string(&text)
        .parse()
        .expect("a raw string literal");
    quote!(serde_json::from_str(#raw)?)
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}
