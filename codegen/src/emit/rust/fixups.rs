//! Edits typify's output where the model decides differently.
//!
//! - Field identifiers come from `naming` (so `fooBar` and `foo_bar` get
//!   distinct fields, the same way for every type), with the wire name kept
//!   by `#[serde(rename)]`.
//! - Every optional property is an `Option`, skipped when absent; an optional
//!   property that may be `null` is an `Option<Option<T>>`, so `null` and
//!   absent stay different on a round trip. typify would give `Vec`s and maps
//!   a default instead, and write `[]` back where nothing was.

use std::collections::BTreeMap;

use syn::punctuated::Punctuated;
use syn::{parse_quote, Attribute, Field, Fields, Item, Meta, Token, Type};

use crate::model::Contracts;
use crate::naming;
use crate::schema::{JsonType, NodeId};

pub fn apply(
    file: &mut syn::File,
    c: &Contracts,
    types: &BTreeMap<String, NodeId>,
    hole: Option<&str>,
) {
    // Newtypes of an `Option` (a nullable alternative typify names): serde
    // reads an absent member into one as `None`.
    let optional: std::collections::HashSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => match &s.fields {
                Fields::Unnamed(f) if f.unnamed.len() == 1 => strip_option(&f.unnamed[0].ty)
                    .is_some()
                    .then(|| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for item in &mut file.items {
        if let Item::Struct(s) = item {
            let Some(&id) = types.get(&s.ident.to_string()) else {
                continue;
            };
            if let Fields::Named(named) = &mut s.fields {
                fix_fields(named.named.iter_mut(), c, id, hole, &optional);
            }
        }
    }
}

/// Makes the envelope struct generic over its payload: `Envelope<P>`.
pub fn make_generic(file: &mut syn::File, name: &str, hole: &str, c: &Contracts, root: NodeId) {
    let required = node_requires(c, root, hole);
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        if s.ident != name {
            continue;
        }
        s.generics = parse_quote!(<P>);
        let Fields::Named(named) = &mut s.fields else {
            continue;
        };
        for field in named.named.iter_mut() {
            if wire_name(field) != hole {
                continue;
            }
            field.attrs.retain(|a| !a.path().is_ident("serde"));
            if required {
                field.ty = parse_quote!(P);
            } else {
                field.ty = parse_quote!(::std::option::Option<P>);
                // A plain `default` would make serde require `P: Default`,
                // which payload types do not have; a path asks nothing of `P`.
                // Present is `Some`, even when the payload is `null`.
                field.attrs.push(parse_quote!(#[serde(
                    default = "::std::option::Option::default",
                    deserialize_with = "crate::runtime::present",
                    bound(deserialize = "P: ::serde::Deserialize<'de>"),
                    skip_serializing_if = "::std::option::Option::is_none"
                )]));
            }
            let ident = field
                .ident
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default();
            if ident != hole {
                field.attrs.push(parse_quote!(#[serde(rename = #hole)]));
            }
        }
    }
}

/// Types the envelope's version field as `SCHEMA_VERSION` is typed, `u64`,
/// where typify wrote a signed integer: a document whose version is not a
/// registered one (all positive) never gets past the judge.
pub fn version_as_u64(file: &mut syn::File, name: &str, fields: &crate::model::Fields) {
    let Some(version) = fields.schema_version.as_deref() else {
        return;
    };
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        if s.ident != name {
            continue;
        }
        for field in s.fields.iter_mut() {
            let signed = ["i64", "i32"]
                .iter()
                .any(|t| matches!(&field.ty, Type::Path(p) if p.path.is_ident(t)));
            if signed && wire_name(field) == version {
                field.ty = parse_quote!(u64);
            }
        }
    }
}

/// Puts a space after `///` in typify's doc comments (`///An amount`),
/// as rustdoc's own examples and `rustfmt`-formatted code write them.
pub fn space_docs(file: &mut syn::File) {
    use syn::visit_mut::VisitMut;
    struct Space;
    impl VisitMut for Space {
        fn visit_attribute_mut(&mut self, attr: &mut Attribute) {
            let Meta::NameValue(nv) = &mut attr.meta else {
                return;
            };
            if !nv.path.is_ident("doc") {
                return;
            }
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &mut nv.value
            {
                let text = s.value();
                if !text.is_empty() && !text.starts_with(' ') {
                    // Every line, so indentation within (a code block) keeps.
                    let lines: Vec<String> = text
                        .split('\n')
                        .map(|l| match l.is_empty() {
                            true => String::new(),
                            false => format!(" {l}"),
                        })
                        .collect();
                    *s = syn::LitStr::new(&lines.join("\n"), s.span());
                }
            }
        }
    }
    Space.visit_file_mut(file);
}

/// Makes a payload that typify wrote as a type alias (`serde_json::Value`,
/// a `Vec`, another payload's struct) a type of its own: two payloads of one
/// shape are still two event types, each with its own `EventPayload`.
pub fn newtype_root(file: &mut syn::File, name: &str) {
    for item in &mut file.items {
        let Item::Type(alias) = item else { continue };
        if alias.ident != name || !alias.generics.params.is_empty() {
            continue;
        }
        let (attrs, ident, ty) = (&alias.attrs, &alias.ident, &alias.ty);
        *item = parse_quote! {
            #(#attrs)*
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
            #[serde(transparent)]
            pub struct #ident(pub #ty);
        };
    }
}

pub(super) fn wire_name(field: &Field) -> String {
    serde_items(&field.attrs)
        .iter()
        .find_map(rename_of)
        .unwrap_or_else(|| {
            field
                .ident
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default()
        })
}

pub(super) fn rename_of(m: &Meta) -> Option<String> {
    match m {
        Meta::NameValue(nv) if nv.path.is_ident("rename") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn fix_fields<'f>(
    fields: impl Iterator<Item = &'f mut Field>,
    c: &Contracts,
    id: NodeId,
    hole: Option<&str>,
    optional: &std::collections::HashSet<String>,
) {
    let node = c.node(c.schemas.resolve(id));
    let mut props: Vec<(String, Option<NodeId>)> = object_properties(c, id)
        .into_iter()
        .map(|(w, n)| (w, Some(n)))
        .collect();
    let fields: Vec<&mut Field> = fields.collect();
    // typify also makes a field of a name that is only `required`; it needs
    // an identifier of its own too, after the declared properties.
    for field in &fields {
        let wire = wire_name(field);
        let flatten = serde_items(&field.attrs)
            .iter()
            .any(|m| m.path().is_ident("flatten"));
        if !flatten && hole != Some(wire.as_str()) && !props.iter().any(|(w, _)| *w == wire) {
            props.push((wire, None));
        }
    }
    let open = node.additional_properties.is_none_or(|a| !c.node(a).never);
    let reserved: &[&str] = if open { &["extra"] } else { &[] };
    let idents = naming::rust_fields(props.iter().map(|(w, _)| w.as_str()), reserved);
    for field in fields {
        let attrs = serde_items(&field.attrs);
        if attrs.iter().any(|m| m.path().is_ident("flatten")) {
            continue;
        }
        let wire = wire_name(field);
        if hole == Some(wire.as_str()) {
            continue;
        }
        let Some(index) = props.iter().position(|(w, _)| *w == wire) else {
            continue;
        };
        let ident = &idents[index];
        field.ident = Some(syn::Ident::new(ident, proc_macro2::Span::call_site()));
        // The property's own words: typify reads a `$ref` with siblings as
        // the referenced type and drops them.
        if let Some(text) = props[index]
            .1
            .and_then(|n| c.node(n).description.as_deref())
        {
            field.attrs.retain(|a| !a.path().is_ident("doc"));
            let docs = crate::emit::text::doc_text(text);
            let lines = docs.lines().rev().map(|l| match l.is_empty() {
                true => String::new(),
                false => format!(" {l}"),
            });
            for line in lines {
                field.attrs.insert(0, parse_quote!(#[doc = #line]));
            }
        }
        if props[index].1.is_some_and(|n| c.node(n).deprecated) {
            // Reading it warns, as the schema's `deprecated: true` asks.
            field
                .attrs
                .push(parse_quote!(#[deprecated(note = "deprecated in the schema")]));
        }
        let required = node_requires(c, id, &wire);
        let nullable = props[index].1.is_some_and(|n| allows_null(c, n));
        let mut keep: Vec<Meta> = attrs
            .into_iter()
            .filter(|m| {
                ![
                    "rename",
                    "default",
                    "skip_serializing_if",
                    "deserialize_with",
                    "with",
                ]
                .iter()
                .any(|k| m.path().is_ident(k))
            })
            .collect();
        if *ident != wire {
            keep.push(parse_quote!(rename = #wire));
        }
        // A date or date-time is read only from text of its format
        // (`runtime::Text`): the fast pass's judge relies on it.
        let text = is_text(strip_option(&field.ty).unwrap_or(&field.ty));
        if !required {
            let inner = strip_option(&field.ty).unwrap_or(&field.ty).clone();
            if nullable {
                field.ty = parse_quote!(::std::option::Option<::std::option::Option<#inner>>);
                keep.push(match text {
                    true => parse_quote!(with = "crate::runtime::double_option_text"),
                    false => parse_quote!(with = "crate::runtime::double_option"),
                });
            } else {
                field.ty = parse_quote!(::std::option::Option<#inner>);
                // `null` is not a value of this field: serde's `Option`
                // would read it as absent, and an untagged enum would then
                // take a variant that loses it.
                keep.push(match text {
                    true => parse_quote!(deserialize_with = "crate::runtime::present_text"),
                    false => parse_quote!(deserialize_with = "crate::runtime::present"),
                });
            }
            keep.push(parse_quote!(default));
            keep.push(parse_quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        } else if nullable && strip_option(&field.ty).is_some() {
            keep.push(match text {
                true => parse_quote!(deserialize_with = "crate::runtime::nullable_text"),
                false => parse_quote!(deserialize_with = "::std::option::Option::deserialize"),
            });
        } else if text {
            keep.push(parse_quote!(deserialize_with = "crate::runtime::text"));
        } else if last_ident(&field.ty).is_some_and(|i| optional.contains(&i)) {
            // With a `deserialize_with`, serde refuses a document without
            // the member rather than reading it as `None`.
            keep.push(parse_quote!(deserialize_with = "crate::runtime::required"));
        }
        field.attrs.retain(|a| !a.path().is_ident("serde"));
        if !keep.is_empty() {
            let list: Punctuated<Meta, Token![,]> = keep.into_iter().collect();
            field.attrs.push(parse_quote!(#[serde(#list)]));
        }
    }
}

/// The declared properties of a node, including those of its `allOf` parts
/// (typify merges them into one struct).
pub(super) fn object_properties(c: &Contracts, id: NodeId) -> Vec<(String, NodeId)> {
    let node = c.node(c.schemas.resolve(id));
    let mut out: Vec<(String, NodeId)> = node.properties.clone();
    for part in &node.all_of {
        for (name, child) in object_properties(c, *part) {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, child));
            }
        }
    }
    out
}

fn node_requires(c: &Contracts, id: NodeId, name: &str) -> bool {
    let node = c.node(c.schemas.resolve(id));
    node.required.iter().any(|r| r == name)
        || node.all_of.iter().any(|p| node_requires(c, *p, name))
}

/// Whether the schema at `id` admits `null`: every keyword that restricts
/// the type lets it through (a schema without one admits any value).
fn allows_null(c: &Contracts, id: NodeId) -> bool {
    let node = c.node(c.schemas.resolve(id));
    if node.never {
        return false;
    }
    let restricted = node
        .types
        .as_ref()
        .is_some_and(|t| !t.contains(&JsonType::Null))
        || node
            .enum_values
            .as_ref()
            .is_some_and(|v| !v.iter().any(serde_json::Value::is_null))
        || node.const_value.as_ref().is_some_and(|v| !v.is_null());
    if restricted {
        return false;
    }
    let alternatives: Vec<NodeId> = node.any_of.iter().chain(&node.one_of).copied().collect();
    node.reference.is_none_or(|r| allows_null(c, r))
        && node.all_of.iter().all(|s| allows_null(c, *s))
        && (alternatives.is_empty() || alternatives.iter().any(|s| allows_null(c, *s)))
}

pub(super) fn serde_items(attrs: &[Attribute]) -> Vec<Meta> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .flat_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .map(|p| p.into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect()
}

/// The name a path type ends with.
fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    p.path.segments.last().map(|s| s.ident.to_string())
}

/// A chrono type of a format (`DateTime`, `NaiveDate`), which `runtime::Text` reads.
fn is_text(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.first().is_some_and(|s| s == "chrono")
        && segments
            .last()
            .is_some_and(|s| s == "DateTime" || s == "NaiveDate")
}

fn strip_option(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// The producer side of the envelope: `EnvelopeFields` (every envelope
/// field but the event type, the version and the payload) and
/// `Envelope::new(fields, payload)`, which fills the event type and version
/// from the payload's type, so no producer writes them by hand.
///
/// Left out (the envelope stays usable, just without the builder) when
/// those fields are not plain strings and integers in Rust.
pub fn envelope_builder(file: &mut syn::File, c: &Contracts, root: NodeId, shared: &UnitEnums) {
    let fields = &c.fields;
    let props = object_properties(c, root);
    let local = unit_enums(file);
    let Some(envelope) = file.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == "Envelope" => Some(s.clone()),
        _ => None,
    }) else {
        return;
    };
    let Fields::Named(named) = &envelope.fields else {
        return;
    };
    let special = |f: &Field, wire: &str| wire_name(f) == wire;
    let mut kept = Vec::new();
    let mut moves = Vec::new();
    let mut type_set = None;
    let mut version_set = None;
    for f in &named.named {
        let ident = f.ident.clone().expect("named field");
        let ty = &f.ty;
        if special(f, &fields.event_type) {
            if quote::quote!(#ty).to_string().replace(' ', "") != "::std::string::String" {
                return;
            }
            type_set = Some(quote::quote!(#ident: P::EVENT_TYPE.as_str().to_owned()));
        } else if fields
            .schema_version
            .as_deref()
            .is_some_and(|v| special(f, v))
        {
            let ty_text = quote::quote!(#ty).to_string().replace(' ', "");
            if !["i64", "u64", "i32", "u32", "f64"].contains(&ty_text.as_str()) {
                return;
            }
            version_set = Some(if ty_text == "u64" {
                quote::quote!(#ident: P::SCHEMA_VERSION)
            } else {
                quote::quote!(#ident: P::SCHEMA_VERSION as #ty)
            });
        } else if special(f, &fields.payload) {
            let optional =
                quote::quote!(#ty).to_string().replace(' ', "") == "::std::option::Option<P>";
            moves.push(match (ident == "payload", optional) {
                (true, false) => quote::quote!(payload),
                (false, false) => quote::quote!(#ident: payload),
                (_, true) => quote::quote!(#ident: ::std::option::Option::Some(payload)),
            });
        } else if let Some(value) = fixed_expr(c, root, &props, f, &local, shared) {
            // A value the schema fixes: `new` fills it in too.
            moves.push(quote::quote!(#ident: #value));
        } else {
            kept.push(f.clone());
            moves.push(quote::quote!(#ident: fields.#ident));
        }
    }
    if type_set.is_none() || (fields.schema_version.is_some() && version_set.is_none()) {
        return;
    }
    moves.extend(type_set);
    moves.extend(version_set);
    let attrs: Vec<&Attribute> = envelope
        .attrs
        .iter()
        .filter(|a| !a.path().is_ident("doc"))
        .collect();
    // An envelope with nothing but the event type, version and payload
    // leaves `fields` empty: take it apart so it is used all the same.
    let take_apart = kept
        .is_empty()
        .then(|| quote::quote!(let EnvelopeFields {} = fields;));
    let kept_fields = kept.iter();
    let builder: syn::File = parse_quote! {
        /// Every envelope field a producer fills in: all but the event type,
        /// the version and the payload, which `Envelope::new` sets.
        #(#attrs)*
        pub struct EnvelopeFields {
            #(#kept_fields,)*
        }

        impl<P: crate::EventPayload> Envelope<P> {
            /// Builds an event: the event type and version come from the
            /// payload's type (`P::EVENT_TYPE`, `P::SCHEMA_VERSION`).
            pub fn new(fields: EnvelopeFields, payload: P) -> Self {
                #take_apart
                Envelope { #(#moves,)* }
            }
        }
    };
    file.items.extend(builder.items);
}

/// The envelope's fields other than the payload, event type and version,
/// each with its type as the crate root spells it (`envelope::X` for a type
/// declared beside the envelope, the `use`d path for one of `shared`):
/// `AnyEvent`'s accessors.
pub fn envelope_accessors(file: &syn::File, fields: &crate::model::Fields) -> Vec<Accessor> {
    use syn::visit_mut::VisitMut;
    // Each type the envelope's fields name, by the path from the crate root:
    // those declared beside it, and those it imports from other modules.
    let mut paths: BTreeMap<String, syn::Path> = BTreeMap::new();
    for item in &file.items {
        let ident = match item {
            Item::Struct(s) => &s.ident,
            Item::Enum(e) => &e.ident,
            Item::Type(t) => &t.ident,
            Item::Use(u) => {
                // The module's imports are single paths (`import_external`).
                if let Ok(path) = syn::parse2::<syn::Path>(use_path(&u.tree)) {
                    if let Some(last) = path.segments.last() {
                        paths.insert(last.ident.to_string(), path.clone());
                    }
                }
                continue;
            }
            _ => continue,
        };
        paths.insert(ident.to_string(), parse_quote!(envelope::#ident));
    }
    struct Qualify<'a>(&'a BTreeMap<String, syn::Path>);
    impl VisitMut for Qualify<'_> {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            syn::visit_mut::visit_type_path_mut(self, ty);
            let first = ty.path.segments.first().map(|s| s.ident.to_string());
            if ty.qself.is_some() || ty.path.leading_colon.is_some() {
                return;
            }
            if let Some(full) = first.and_then(|f| self.0.get(&f)) {
                let rest: Vec<syn::PathSegment> =
                    ty.path.segments.iter().skip(1).cloned().collect();
                let mut path = full.clone();
                if let Some(last) = path.segments.last_mut() {
                    last.arguments = ty.path.segments[0].arguments.clone();
                }
                path.segments.extend(rest);
                ty.path = path;
            }
        }
    }
    let Some(Fields::Named(named)) = file.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == "Envelope" => Some(&s.fields),
        _ => None,
    }) else {
        return Vec::new();
    };
    let pinned: Vec<&str> = [
        Some(fields.event_type.as_str()),
        fields.schema_version.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain([fields.payload.as_str()])
    .collect();
    named
        .named
        .iter()
        .filter(|f| !pinned.contains(&wire_name(f).as_str()))
        // An inherent method would hide the trait method of that name.
        .filter(|f| {
            f.ident
                .as_ref()
                .is_some_and(|i| !TRAIT_METHODS.contains(&i.to_string().as_str()))
        })
        .filter_map(|f| {
            let mut ty = f.ty.clone();
            Qualify(&paths).visit_type_mut(&mut ty);
            Some(Accessor {
                ident: f.ident.clone()?,
                ty,
                docs: f
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc") || a.path().is_ident("deprecated"))
                    .cloned()
                    .collect(),
            })
        })
        .collect()
}

/// The path a `use` tree of one name imports.
fn use_path(tree: &syn::UseTree) -> proc_macro2::TokenStream {
    match tree {
        syn::UseTree::Path(p) => {
            let (ident, rest) = (&p.ident, use_path(&p.tree));
            quote::quote!(#ident :: #rest)
        }
        syn::UseTree::Name(n) => quote::ToTokens::to_token_stream(&n.ident),
        other => quote::ToTokens::to_token_stream(other),
    }
}

/// One of `AnyEvent`'s envelope field accessors.
pub struct Accessor {
    pub ident: syn::Ident,
    pub ty: Type,
    pub docs: Vec<Attribute>,
}

/// Methods of the traits `AnyEvent` implements (and of the blanket ones),
/// and its own `event_type()` and `schema_version()` (a field of that name
/// that is not the registry's event type or version keeps no accessor).
const TRAIT_METHODS: &[&str] = &[
    "event_type",
    "schema_version",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "hash",
    "into",
    "ne",
    "serialize",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Adds `Eq` and `Hash` to the derives of every type whose fields all have
/// them (no `f64` anywhere inside, no hash collection), so events can be
/// set members and map keys where the schema allows. Returns the names of
/// the types that are (aliases included). A type of another module is
/// named by a path from `crate`, `Eq` when `eq_paths` holds that path.
pub fn derive_eq_hash(
    file: &mut syn::File,
    eq_paths: &std::collections::HashSet<String>,
) -> std::collections::HashSet<String> {
    let mut fields: BTreeMap<String, Vec<Type>> = BTreeMap::new();
    for item in &file.items {
        let (name, tys): (String, Vec<Type>) = match item {
            Item::Struct(s) => (
                s.ident.to_string(),
                s.fields.iter().map(|f| f.ty.clone()).collect(),
            ),
            Item::Enum(e) => (
                e.ident.to_string(),
                e.variants
                    .iter()
                    .flat_map(|v| v.fields.iter().map(|f| f.ty.clone()))
                    .collect(),
            ),
            Item::Type(t) => (t.ident.to_string(), vec![(*t.ty).clone()]),
            _ => continue,
        };
        fields.entry(name).or_default().extend(tys);
    }
    // Optimistic, then every type with a field that cannot be is struck,
    // until nothing changes (recursive types settle too).
    let mut eq: std::collections::HashSet<String> = fields.keys().cloned().collect();
    loop {
        let struck: Vec<String> = fields
            .iter()
            .filter(|(name, tys)| {
                eq.contains(*name) && !tys.iter().all(|t| eq_hash_type(t, &fields, &eq, eq_paths))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if struck.is_empty() {
            break;
        }
        for name in struck {
            eq.remove(&name);
        }
    }
    for item in &mut file.items {
        let (ident, attrs) = match item {
            Item::Struct(s) => (&s.ident, &mut s.attrs),
            Item::Enum(e) => (&e.ident, &mut e.attrs),
            _ => continue,
        };
        if !eq.contains(&ident.to_string()) {
            continue;
        }
        let Some(derive) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) else {
            continue;
        };
        let Ok(mut paths) =
            derive.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let has = |paths: &Punctuated<syn::Path, Token![,]>, name: &str| {
            paths
                .iter()
                .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
        };
        if !has(&paths, "PartialEq") {
            continue;
        }
        for name in ["Eq", "Hash"] {
            if !has(&paths, name) {
                paths.push(syn::Path::from(syn::Ident::new(
                    name,
                    proc_macro2::Span::call_site(),
                )));
            }
        }
        *derive = parse_quote!(#[derive(#paths)]);
    }
    eq
}

/// Whether a field type is `Eq` and `Hash`, given the local types that are.
fn eq_hash_type(
    ty: &Type,
    local: &BTreeMap<String, Vec<Type>>,
    eq: &std::collections::HashSet<String>,
    eq_paths: &std::collections::HashSet<String>,
) -> bool {
    let recurse = |t: &Type| eq_hash_type(t, local, eq, eq_paths);
    match ty {
        Type::Path(p) if p.path.segments.first().is_some_and(|s| s.ident == "crate") => {
            let path: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            eq_paths.contains(&path.join("::"))
        }
        Type::Path(p) => p.path.segments.iter().all(|seg| {
            let name = seg.ident.to_string();
            if ["f32", "f64", "HashMap", "HashSet"].contains(&name.as_str()) {
                return false;
            }
            if local.contains_key(&name) && !eq.contains(&name) {
                return false;
            }
            match &seg.arguments {
                syn::PathArguments::AngleBracketed(args) => args.args.iter().all(|a| match a {
                    syn::GenericArgument::Type(t) => recurse(t),
                    _ => true,
                }),
                _ => true,
            }
        }),
        Type::Paren(t) => recurse(&t.elem),
        Type::Group(t) => recurse(&t.elem),
        Type::Reference(t) => recurse(&t.elem),
        Type::Slice(t) => recurse(&t.elem),
        Type::Array(t) => recurse(&t.elem),
        Type::Tuple(t) => t.elems.iter().all(recurse),
        _ => false,
    }
}

/// Whether the item `name` of `file` is a tuple struct (a payload
/// `newtype_root` wrapped): a type alias cannot construct or match it.
pub fn is_tuple_struct(file: &syn::File, name: &str) -> bool {
    file.items.iter().any(|item| {
        matches!(item, Item::Struct(s) if s.ident == name && matches!(s.fields, Fields::Unnamed(_)))
    })
}

/// Drops the `error` module typify writes into every module, and imports
/// the crate's one copy where the module's conversions use it; returns
/// typify's module, as tokens, for the crate root to declare.
pub fn use_crate_error(file: &mut syn::File) -> Option<String> {
    let at = file
        .items
        .iter()
        .position(|item| matches!(item, Item::Mod(m) if m.ident == "error"))?;
    let module = file.items.remove(at);
    struct Uses(bool);
    // (`VisitMut`, which the crate already has, only to read.)
    impl syn::visit_mut::VisitMut for Uses {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            let mut segments = path.segments.iter().map(|s| &s.ident);
            self.0 |= segments.next().is_some_and(|s| s == "self")
                && segments.next().is_some_and(|s| s == "error");
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    let mut uses = Uses(false);
    syn::visit_mut::VisitMut::visit_file_mut(&mut uses, file);
    uses.0.then(|| {
        file.items.insert(
            0,
            parse_quote!(
                use crate::error;
            ),
        );
        quote::ToTokens::to_token_stream(&module).to_string()
    })
}

/// Names the types of other modules (`crate::shared::Money`, as typify
/// was told to write them) by a `pub use` of each, where no local type has
/// that name.
pub fn import_external(file: &mut syn::File) {
    use std::collections::BTreeSet;
    use syn::visit_mut::VisitMut;
    let local: BTreeSet<String> = declared(file).into_iter().collect();
    struct Shorten {
        local: BTreeSet<String>,
        /// Last segment to the full path, for every name that is free.
        imports: BTreeMap<String, syn::Path>,
        clashes: BTreeSet<String>,
    }
    impl Shorten {
        fn external(path: &syn::Path) -> Option<String> {
            let first = path.segments.first()?;
            let plain = path.segments.iter().all(|s| s.arguments.is_none());
            (first.ident == "crate" && path.segments.len() > 2 && plain)
                .then(|| path.segments.last().map(|s| s.ident.to_string()))
                .flatten()
        }
    }
    impl VisitMut for Shorten {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            syn::visit_mut::visit_type_path_mut(self, ty);
            let Some(name) = Self::external(&ty.path).filter(|_| ty.qself.is_none()) else {
                return;
            };
            if self.local.contains(&name) || self.clashes.contains(&name) {
                return;
            }
            match self.imports.get(&name) {
                Some(seen) if *seen != ty.path => {
                    self.clashes.insert(name);
                    return;
                }
                _ => {}
            }
            self.imports.insert(name.clone(), ty.path.clone());
            ty.path = syn::Path::from(syn::Ident::new(&name, proc_macro2::Span::call_site()));
        }
    }
    let mut shorten = Shorten {
        local,
        imports: BTreeMap::new(),
        clashes: BTreeSet::new(),
    };
    shorten.visit_file_mut(file);
    if !shorten.clashes.is_empty() {
        // Two modules' types of one name: every use keeps its full path.
        struct Restore<'a>(&'a BTreeMap<String, syn::Path>, &'a BTreeSet<String>);
        impl VisitMut for Restore<'_> {
            fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
                syn::visit_mut::visit_type_path_mut(self, ty);
                if let Some(name) = ty.path.get_ident().map(|i| i.to_string()) {
                    if self.1.contains(&name) {
                        if let Some(full) = self.0.get(&name) {
                            ty.path = full.clone();
                        }
                    }
                }
            }
        }
        Restore(&shorten.imports, &shorten.clashes).visit_file_mut(file);
    }
    let mut paths: Vec<&syn::Path> = shorten
        .imports
        .iter()
        .filter(|(name, _)| !shorten.clashes.contains(*name))
        .map(|(_, path)| path)
        .collect();
    paths.sort_by_key(|p| quote::quote!(#p).to_string());
    // `pub`: a type's path from its payload's module stays valid when it
    // moves to `shared` (another event starts to use it) or back.
    let uses: Vec<Item> = paths.iter().map(|p| parse_quote!(pub use #p;)).collect();
    file.items.splice(0..0, uses);
}

/// The name of `{Name}Fields`, the struct `name` without what its schema
/// fixes. An escaped name keeps its mark at the end (`Envelope_` gives
/// `EnvelopeFields_`): `Envelope_Fields` is not camel case.
pub fn fields_name(name: &str) -> String {
    match name.strip_suffix('_') {
        Some(base) => format!("{base}Fields_"),
        None => format!("{name}Fields"),
    }
}

/// For each struct with a required property whose value its schema fixes
/// (a `const`: typify's one-variant enum, or a plain string, number or
/// boolean), `{Name}Fields`, the struct without those properties, and
/// `From<{Name}Fields> for {Name}`, which fills them in: a producer never
/// spells a value the schema already decides (a discriminator's `kind`, a
/// bare event's own event type).
pub fn const_fields(
    file: &mut syn::File,
    c: &Contracts,
    types: &BTreeMap<String, NodeId>,
    shared: &UnitEnums,
) {
    let declared = declared(file);
    let local = unit_enums(file);
    let mut added = Vec::new();
    for item in &file.items {
        let Item::Struct(s) = item else { continue };
        let (Some(&id), Fields::Named(named)) = (types.get(&s.ident.to_string()), &s.fields) else {
            continue;
        };
        let fields_name = fields_name(&s.ident.to_string());
        if !s.generics.params.is_empty()
            || declared.contains(&fields_name)
            || c.is_type_name(&fields_name)
        {
            continue;
        }
        let props = object_properties(c, id);
        let mut kept = Vec::new();
        let mut inits = Vec::new();
        let mut fixed = Vec::new();
        for f in &named.named {
            let ident = f.ident.clone().expect("named field");
            let wire = wire_name(f);
            let constant = fixed_expr(c, id, &props, f, &local, shared);
            match constant {
                Some(value) => {
                    inits.push(quote::quote!(#ident: #value));
                    fixed.push(format!("`{wire}`"));
                }
                None => {
                    inits.push(quote::quote!(#ident: fields.#ident));
                    let mut field = f.clone();
                    field.attrs.retain(|a| !a.path().is_ident("serde"));
                    kept.push(field);
                }
            }
        }
        if fixed.is_empty() {
            continue;
        }
        let (name, fields_ident) = (&s.ident, syn::Ident::new(&fields_name, s.ident.span()));
        let doc = format!(
            " `{name}` without {}, which the schema fixes and `From` fills in.",
            fixed.join(", ")
        );
        added.push(parse_quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub struct #fields_ident { #(#kept),* }
        });
        // Every property fixed: the argument only says which type is built.
        let param: syn::Pat = if kept.is_empty() {
            parse_quote!(_)
        } else {
            parse_quote!(fields)
        };
        added.push(parse_quote! {
            impl ::std::convert::From<#fields_ident> for #name {
                fn from(#param: #fields_ident) -> Self {
                    Self { #(#inits),* }
                }
            }
        });
    }
    file.items.extend(added);
}

/// `value` as a Rust value of the field type `ty`, where one spelling is
/// exact: the variant of a one-variant enum of this module, a string, a
/// boolean or an integer.
/// The value the schema fixes for field `f` of the object `id` (whose
/// properties are `props`), as the Rust expression that builds it.
fn fixed_expr(
    c: &Contracts,
    id: NodeId,
    props: &[(String, NodeId)],
    f: &Field,
    local: &UnitEnums,
    shared: &UnitEnums,
) -> Option<syn::Expr> {
    let wire = wire_name(f);
    let (_, node) = props.iter().find(|(w, _)| *w == wire)?;
    let value = c
        .fixed_value(*node)
        .filter(|_| node_requires(c, id, &wire))?;
    constant_expr(local, shared, &f.ty, value)
}

fn constant_expr(
    local: &UnitEnums,
    shared: &UnitEnums,
    ty: &Type,
    value: &serde_json::Value,
) -> Option<syn::Expr> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?.ident.to_string();
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match (last.as_str(), value) {
        ("String", serde_json::Value::String(s)) if segments.len() > 1 => {
            Some(parse_quote!(#s.to_owned()))
        }
        ("bool", serde_json::Value::Bool(b)) => Some(parse_quote!(#b)),
        ("i64" | "u64", serde_json::Value::Number(n)) if !n.is_f64() => {
            syn::parse_str(&n.to_string()).ok()
        }
        (_, serde_json::Value::String(s)) if segments.len() == 1 => {
            let (variant, wire) = local.get(&last)?;
            (wire == s).then(|| syn::parse_str(&format!("{last}::{variant}")).ok())?
        }
        // A one-variant enum of `shared`, named by its path.
        (_, serde_json::Value::String(s)) if segments[..] == ["crate", "shared", &last] => {
            let (variant, wire) = shared.get(&last)?;
            (wire == s)
                .then(|| syn::parse_str(&format!("crate::shared::{last}::{variant}")).ok())?
        }
        _ => None,
    }
}

/// The names of the types a module declares (structs, enums, aliases).
pub fn declared(file: &syn::File) -> std::collections::HashSet<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The module's enums of one unit variant: name to the variant and the
/// string it stands for (typify's `const` of a string).
pub type UnitEnums = std::collections::HashMap<String, (String, String)>;

pub fn unit_enums(file: &syn::File) -> UnitEnums {
    file.items
        .iter()
        .filter_map(|item| {
            let Item::Enum(e) = item else { return None };
            let [variant] = e.variants.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            if !variant.fields.is_empty() {
                return None;
            }
            let wire = serde_items(&variant.attrs)
                .iter()
                .find_map(rename_of)
                .unwrap_or_else(|| variant.ident.to_string());
            Some((e.ident.to_string(), (variant.ident.to_string(), wire)))
        })
        .collect()
}

/// Makes each generated type an untagged enum holds read only from an
/// object when it is a struct (`runtime::object`): serde's derived structs
/// read an array too, so `[]` would be the first struct alternative rather
/// than the array one the document matched.
pub fn objects_only(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Enum(e) = item else { continue };
        let untagged = e.attrs.iter().any(|a| {
            a.path().is_ident("serde")
                && quote::ToTokens::to_token_stream(&a.meta)
                    .to_string()
                    .contains("untagged")
        });
        if !untagged {
            continue;
        }
        for v in &mut e.variants {
            let Fields::Unnamed(f) = &v.fields else {
                continue;
            };
            if f.unnamed.len() == 1 && is_generated(&f.unnamed[0].ty) {
                v.attrs.push(parse_quote! {
                    #[serde(deserialize_with = "crate::runtime::object")]
                });
            }
        }
    }
}

/// Whether `ty` is (a box of) a type the crate declares rather than one of
/// std's or `serde_json::Value`.
fn is_generated(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(first) = p.path.segments.first() else {
        return false;
    };
    let last = p.path.segments.last().expect("a path has a segment");
    if last.ident == "Box" {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
            if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                return is_generated(inner);
            }
        }
        return false;
    }
    let std = ["std", "serde_json", "core", "alloc"];
    let primitive = [
        "bool", "f64", "f32", "i64", "u64", "i32", "u32", "String", "Vec",
    ];
    p.path.segments.len() > 1 && !std.iter().any(|s| first.ident == s)
        || p.path.segments.len() == 1 && !primitive.iter().any(|s| first.ident == s)
}

/// Reads an enum of unit variants only from a string (`runtime::unit_variant`).
/// serde's derived enums also read `{"home": null}` as the variant `home`,
/// which the schema refuses: the fast pass of `parse_event` decodes before it
/// validates, so the decoding must not take what the schema does not.
pub fn strings_only(file: &mut syn::File) {
    let mut impls: Vec<Item> = Vec::new();
    for item in &mut file.items {
        let Item::Enum(e) = item else { continue };
        if e.variants.is_empty()
            || !e.generics.params.is_empty()
            || e.variants.iter().any(|v| !v.fields.is_empty())
            || !serde_items(&e.attrs).is_empty()
        {
            continue;
        }
        let mut derived = false;
        for attr in &mut e.attrs {
            if !attr.path().is_ident("derive") {
                continue;
            }
            let Ok(list) =
                attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            else {
                continue;
            };
            let kept: Punctuated<syn::Path, Token![,]> = list
                .into_iter()
                .filter(|p| {
                    let last = p.segments.last().map(|s| s.ident.to_string());
                    let is = last.as_deref() == Some("Deserialize");
                    derived |= is;
                    !is
                })
                .collect();
            *attr = parse_quote!(#[derive(#kept)]);
        }
        if !derived {
            continue;
        }
        let ident = &e.ident;
        let (wires, variants): (Vec<String>, Vec<&syn::Ident>) = e
            .variants
            .iter()
            .map(|v| {
                let wire = serde_items(&v.attrs)
                    .iter()
                    .find_map(rename_of)
                    .unwrap_or_else(|| v.ident.to_string());
                (wire, &v.ident)
            })
            .unzip();
        impls.push(parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::unit_variant(deserializer, &[#((#wires, Self::#variants)),*])
                }
            }
        });
    }
    file.items.extend(impls);
}
