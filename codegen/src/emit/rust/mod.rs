//! The Rust crate: payload types from typify, and the event API around them.

mod example;
mod fixups;
mod modules;
mod projection;
mod readme;
mod shapes;
mod typed;
mod validate;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Once;

use modules::Layout;
use proc_macro2::{Literal, TokenStream};
use projection::{Detail, Scope};
use quote::{format_ident, quote};
use schemars::schema::{InstanceType, RootSchema, SchemaObject};
use typify::{TypeSpace, TypeSpaceImpl, TypeSpacePatch, TypeSpaceSettings};

use super::{Header, Output};
use crate::model::{Contracts, Event};
use crate::registry::Status;

const RUNTIME: &str = include_str!("../../../../templates/rust/runtime.rs");
/// The runtime's readers of dates (chrono is the generated crate's alone).
const RUNTIME_TEXT: &str = include_str!("../../../../templates/rust/text.rs");

pub fn emit(c: &Contracts, header: &Header, plan: &crate::checks::Plan, out: &mut Output) {
    let dir = "rust";
    out.add(format!("{dir}/Cargo.toml"), cargo_toml(c, header));
    // prettyplease formats this crate; a workspace's `cargo fmt` must not
    // reformat it, or `cargo xtask check` would see drift.
    out.add(
        format!("{dir}/rustfmt.toml"),
        format!(
            "{}disable_all_formatting = true\n",
            header.line_comment("#")
        ),
    );
    out.add(
        format!("{dir}/src/runtime.rs"),
        format!("{}{RUNTIME}\n{RUNTIME_TEXT}", header.line_comment("//")),
    );
    let layout = Layout::new(c);
    // What every generated type holds, for the checks of decoded events.
    let mut shapes = shapes::Shapes::default();
    // The types the README's producer example builds a value of.
    let mut example_types = example::Types::default();
    let example_event = c.first_example().map(|(e, _)| e.type_name.clone());
    // typify's `error` module, which the crate root declares once.
    let mut error_module = None;
    // Types the envelope or several payloads use, declared once; the other
    // modules name them by path, and know which are `Eq`.
    let shared = layout.shared(c);
    let mut eq_paths = std::collections::HashSet::new();
    // `shared`'s one-variant enums, for the constants other modules fill in.
    let mut unit_enums = fixups::UnitEnums::new();
    if !shared.is_empty() {
        let scope = Scope {
            root: None,
            types: shared,
            payload_hole: None,
        };
        let typed = typed_module(c, &layout, &scope, None, &eq_paths, &unit_enums);
        eq_paths.extend(
            typed
                .eq
                .into_iter()
                .map(|name| format!("crate::shared::{name}")),
        );
        unit_enums = fixups::unit_enums(&typed.file);
        shapes.add("crate::shared", &typed.file);
        error_module = error_module.or(typed.error);
        example_types.add("shared", &typed.file);
        out.add(
            format!("{dir}/src/shared.rs"),
            typed_file(
                header,
                "Types that the envelope or several payloads use, declared once.",
                typed.file,
            ),
        );
    }
    let mut accessors = Vec::new();
    // The README shows `Envelope::new` only where the crate has it (a bare
    // event is its payload, which `AnyEvent` is built from).
    let mut builder = c.envelope.is_none();
    // `AnyEvent` is `Eq` and `Hash` when the envelope and every payload are.
    let mut all_eq = true;
    if let Some(env) = &c.envelope {
        let scope = Scope {
            root: Some((env.root, "Envelope")),
            types: BTreeMap::new(),
            payload_hole: Some(&c.fields.payload),
        };
        let typed = typed_module(c, &layout, &scope, None, &eq_paths, &unit_enums);
        accessors = fixups::envelope_accessors(&typed.file, &c.fields);
        shapes.add("crate::envelope", &typed.file);
        builder = fixups::declared(&typed.file).contains("EnvelopeFields");
        error_module = error_module.or(typed.error);
        example_types.add("envelope", &typed.file);
        all_eq &= typed.eq.contains("Envelope");
        out.add(
            format!("{dir}/src/envelope.rs"),
            typed_file(
                header,
                "The event envelope, generic over its payload.",
                typed.file,
            ),
        );
    }
    // typify and prettyplease per payload are most of a run: on every core.
    let live: Vec<&Event> = c.events.iter().filter(|e| e.payload.is_some()).collect();
    let files = crate::parallel::map(&live, |e| {
        let root = e.payload.as_ref().map_or(0, |p| p.root);
        let scope = Scope {
            root: Some((root, &e.type_name)),
            types: BTreeMap::new(),
            payload_hole: None,
        };
        let typed = typed_module(c, &layout, &scope, Some(e), &eq_paths, &unit_enums);
        let tuple = fixups::is_tuple_struct(&typed.file, &e.type_name);
        let fields = fixups::declared(&typed.file).contains(&fixups::fields_name(&e.type_name));
        let doc = format!("Types of the `{}` v{} payload.", e.event_type, e.version);
        let eq = typed.eq.contains(&e.type_name);
        let mut own = shapes::Shapes::default();
        own.add(&format!("crate::payloads::{}", e.module), &typed.file);
        (
            typed_file(header, &doc, typed.file),
            eq,
            tuple,
            fields,
            typed.error,
            own,
        )
    });
    let mut modules = Vec::new();
    let mut tuple_payloads = std::collections::HashSet::new();
    let mut payload_fields = std::collections::HashSet::new();
    for (e, (file, eq, tuple, fields, error, own)) in live.iter().zip(files) {
        shapes.merge(own);
        if example_event.as_ref() == Some(&e.type_name) {
            // Read back from its text: a syntax tree cannot leave its thread.
            let code = syn::parse_file(&file).expect("generated Rust parses");
            // Its payload type is at the crate root; the rest in its module.
            let mut at_root = code.clone();
            let fields = fixups::fields_name(&e.type_name);
            at_root.items.retain(
                |i| matches!(i, syn::Item::Struct(s) if s.ident == e.type_name || s.ident == fields),
            );
            example_types.add("", &at_root);
            example_types.add(&format!("payloads::{}", e.module), &code);
        }
        all_eq &= eq;
        if tuple {
            tuple_payloads.insert(e.type_name.clone());
        }
        if fields {
            payload_fields.insert(e.type_name.clone());
        }
        error_module = error_module.or(error);
        out.add(format!("{dir}/src/payloads/{}.rs", e.module), file);
        let m = format_ident!("{}", e.module);
        modules.push(quote!(pub mod #m;));
    }
    // The checks of `Value`s, and of decoded events where the types allow.
    let types: BTreeMap<String, (String, String)> = c
        .named_types()
        .into_iter()
        .filter_map(|(id, name)| {
            let path = layout.plain_path(c, id);
            let (module, rust) = path.rsplit_once("::")?;
            Some((name.to_owned(), (rust.to_owned(), module.to_owned())))
        })
        .collect();
    let fast = typed::write(c, plan, &shapes, &types);
    out.add(
        format!("{dir}/src/validate.rs"),
        unparse(header, &validate::module(c, plan, &fast.code)),
    );
    let payloads = quote! { #(#modules)* };
    out.add(
        format!("{dir}/src/payloads.rs"),
        rust_file(header, "One module per payload schema; each payload type is also re-exported at the crate root.", payloads),
    );
    out.add(
        format!("{dir}/src/lib.rs"),
        rust_file_inner(
            header,
            lib_rs(
                c,
                &accessors,
                all_eq,
                &tuple_payloads,
                &payload_fields,
                out.files.contains_key(&format!("{dir}/src/shared.rs")),
                error_module.as_deref(),
                &fast.judges,
            ),
        ),
    );
    let readme =
        crate::emit::docs::readme::render(c, header, &readme::sections(c, &example_types, builder));
    out.add(format!("{dir}/README.md"), readme);
}

fn cargo_toml(c: &Contracts, header: &Header) -> String {
    format!(
        r#"{}[package]
name = "{}"
version = "{}"
edition = "2021"
# `indexmap` (serde_json's `preserve_order`) asks for 1.85; clippy's
# `incompatible_msrv` holds the generated code to it.
rust-version = "1.85"
description = "Typed, validated event bindings generated from JSON Schema contracts."
readme = "README.md"

[lib]
path = "src/lib.rs"

[dependencies]
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde"] }}
regex = "1"
regress = "0.12"
serde = {{ version = "1", features = ["derive"] }}
# 1.0.118: `Value: Hash`, which types holding arbitrary JSON derive.
serde_json = {{ version = "1.0.118", features = ["preserve_order"] }}
"#,
        header.line_comment("#"),
        c.package.name,
        c.package.version,
    )
}

fn rust_file(header: &Header, doc: &str, code: TokenStream) -> String {
    let doc = Literal::string(&format!(" {doc}"));
    rust_file_inner(header, quote! { #![doc = #doc] #code })
}

fn rust_file_inner(header: &Header, code: TokenStream) -> String {
    let file: syn::File = syn::parse2(code).expect("generated Rust parses");
    unparse(header, &file)
}

/// A module of types with its doc: the syntax tree typify's output was
/// parsed into goes to prettyplease as it is (turning it back into tokens
/// and parsing those again cost a fifth of a run).
fn typed_file(header: &Header, doc: &str, mut file: syn::File) -> String {
    let doc = format!(" {doc}");
    file.attrs.insert(0, syn::parse_quote!(#![doc = #doc]));
    unparse(header, &file)
}

fn unparse(header: &Header, file: &syn::File) -> String {
    format!(
        "{}{}",
        header.line_comment("//"),
        prettyplease::unparse(file)
    )
}

fn settings() -> TypeSpaceSettings {
    let mut s = TypeSpaceSettings::default();
    s.with_struct_builder(false);
    // `assert_eq!` on two events, and a user's own types holding them.
    s.with_derive("PartialEq".to_owned());
    s.with_map_type("::std::collections::BTreeMap".to_string());
    // chrono's `DateTime<Utc>` (typify's default) would rewrite `+02:00` as
    // `Z`; a fixed offset keeps the instant and the offset as written.
    s.with_conversion(
        SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            format: Some("date-time".to_string()),
            ..Default::default()
        },
        "::chrono::DateTime<::chrono::FixedOffset>",
        [TypeSpaceImpl::FromStr, TypeSpaceImpl::Display].into_iter(),
    );
    s
}

/// One module's types, and what the crate around it needs to know.
struct Typed {
    file: syn::File,
    /// The names of the types that are `Eq` and `Hash`.
    eq: std::collections::HashSet<String>,
    /// typify's `error` module, where this module uses it.
    error: Option<String>,
}

/// The types of one module, from typify, fixed up by the model.
/// `eq_paths` are the types of other modules that are `Eq`, by path.
fn typed_module(
    c: &Contracts,
    layout: &Layout,
    scope: &Scope,
    event: Option<&Event>,
    eq_paths: &std::collections::HashSet<String>,
    shared: &fixups::UnitEnums,
) -> Typed {
    let attempt = [Detail::Full, Detail::NoEnums, Detail::Opaque]
        .into_iter()
        .find_map(|detail| {
            let proj = projection::project(c, layout, scope, detail);
            typify(proj.schema, &proj.external, &proj.types).map(|file| (file, proj.types))
        });
    let Some((mut file, types)) = attempt else {
        // typify could not type this module at all: its types are plain
        // JSON in Rust (still fully validated before they are handed out).
        let mut file = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: Vec::new(),
        };
        let declared = scope.root.map(|(id, name)| (name, id)).into_iter();
        let declared = declared.chain(scope.types.iter().map(|(n, &id)| (n.as_str(), id)));
        for (name, id) in declared {
            let ident = format_ident!("{name}");
            let doc = Literal::string(&format!(
                " {}\n\n (Kept as JSON: typify could not generate Rust types for this schema.)",
                c.node(c.schemas.resolve(id))
                    .description
                    .as_deref()
                    .unwrap_or(if event.is_some() {
                        "The payload."
                    } else {
                        "A type."
                    })
            ));
            file.items.push(if event.is_some() {
                syn::parse_quote! {
                    #[doc = #doc]
                    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                    #[serde(transparent)]
                    pub struct #ident(pub ::serde_json::Value);
                }
            } else {
                syn::parse_quote! {
                    #[doc = #doc]
                    pub type #ident = ::serde_json::Value;
                }
            });
        }
        let eq = fixups::derive_eq_hash(&mut file, eq_paths);
        return Typed {
            file,
            eq,
            error: None,
        };
    };
    fixups::space_docs(&mut file);
    fixups::apply(&mut file, c, &types, scope.payload_hole);
    if let (Some(_), Some((_, name))) = (event, scope.root) {
        fixups::newtype_root(&mut file, name);
    }
    if let (Some(hole), Some((root, name))) = (scope.payload_hole, scope.root) {
        fixups::make_generic(&mut file, name, hole, c, root);
        fixups::version_as_u64(&mut file, name, &c.fields);
        fixups::envelope_builder(&mut file, c, root, shared);
    }
    fixups::const_fields(&mut file, c, &types, shared);
    fixups::objects_only(&mut file);
    fixups::strings_only(&mut file);
    let eq = fixups::derive_eq_hash(&mut file, eq_paths);
    fixups::import_external(&mut file);
    let error = fixups::use_crate_error(&mut file);
    Typed { file, eq, error }
}

/// Runs typify on one projected schema; `None` when typify rejects or
/// panics on it (its panics are its way of saying "cannot represent").
/// `declared` are the names of the types it declares, as Rust spells them.
fn typify(
    schema: serde_json::Value,
    external: &BTreeMap<String, String>,
    declared: &BTreeMap<String, crate::schema::NodeId>,
) -> Option<syn::File> {
    let schema: RootSchema = serde_json::from_value(schema).ok()?;
    let mut settings = settings();
    for (name, path) in external {
        settings.with_replacement(name, path, std::iter::empty());
    }
    // typify spells each name it is given its own way (heck's PascalCase
    // lowercases a capital after a digit, `ThingHappenedV2V1` is
    // `ThingHappenedV2v1`, and an escaped `String_` is `String` again); a
    // patch gives it ours, so its own code's bare `String` stays std's.
    for name in declared.keys() {
        let spelled = typify_spelling(name);
        if spelled != *name {
            settings.with_patch(spelled, TypeSpacePatch::default().with_rename(name));
        }
    }
    let result = quietly(move || {
        let mut space = TypeSpace::new(&settings);
        space.add_root_schema(schema).ok()?;
        syn::parse2::<syn::File>(space.to_stream()).ok()
    });
    result.ok().flatten()
}

/// How typify spells a type it is given the name `name` of (its
/// `sanitize`, for a name that is already an identifier).
fn typify_spelling(name: &str) -> String {
    use heck::ToPascalCase;
    let spelled = name.to_pascal_case();
    if typify::accept_as_ident(&spelled) {
        spelled
    } else {
        format!("{spelled}_")
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Catches a panic of `f` without printing it. The panic hook is process
/// wide and payloads are emitted on several threads at once, so swapping
/// hooks around each call would race; instead one hook, installed once,
/// stays silent only on a thread inside `quietly` and passes every other
/// panic to the hook that was there before.
fn quietly<R>(f: impl FnOnce() -> R + std::panic::UnwindSafe) -> std::thread::Result<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

#[allow(clippy::too_many_arguments)] // what every module told the crate root
fn lib_rs(
    c: &Contracts,
    accessors: &[fixups::Accessor],
    eq: bool,
    tuple_payloads: &std::collections::HashSet<String>,
    payload_fields: &std::collections::HashSet<String>,
    shared: bool,
    error_module: Option<&str>,
    fast: &std::collections::BTreeSet<String>,
) -> TokenStream {
    let f = &c.fields;
    let types = c.event_types();
    let variants: Vec<_> = types.iter().map(|(_, v)| format_ident!("{}", v)).collect();
    let names: Vec<_> = types.iter().map(|(n, _)| Literal::string(n)).collect();
    let type_docs: Vec<_> = types
        .iter()
        .map(|(n, _)| Literal::string(&format!(" `{n}`")))
        .collect();

    let live: Vec<&Event> = c.events.iter().filter(|e| e.payload.is_some()).collect();
    let ev_variants: Vec<_> = live
        .iter()
        .map(|e| format_ident!("{}", e.type_name))
        .collect();
    let ev_types: Vec<_> = live
        .iter()
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let ev_versions: Vec<_> = live
        .iter()
        .map(|e| Literal::u64_unsuffixed(e.version))
        .collect();
    let ev_modules: Vec<_> = live.iter().map(|e| format_ident!("{}", e.module)).collect();
    let ev_judges: Vec<_> = live
        .iter()
        .map(|e| format_ident!("{}", validate::judge_name(&e.type_name)))
        .collect();
    let ev_docs: Vec<_> = live
        .iter()
        .map(|e| {
            let mut d = format!(" `{}` version {}", e.event_type, e.version);
            if let Some(desc) = &e.description {
                d.push_str(&format!(": {}", crate::emit::text::doc_text(desc)));
            }
            Literal::string(&d)
        })
        .collect();
    let wrapped: Vec<TokenStream> = ev_variants
        .iter()
        .map(|t| {
            if c.envelope.is_some() {
                quote!(Envelope<#t>)
            } else {
                quote!(#t)
            }
        })
        .collect();
    // A deprecated version's payload is named at the root by a deprecated
    // alias: naming it (to build one) warns, matching and reading do not.
    let reexports: Vec<TokenStream> = live
        .iter()
        .zip(&ev_modules)
        .zip(&ev_variants)
        .map(|((e, m), v)| {
            // A tuple struct is built and matched by its constructor, which
            // an alias does not carry: it keeps its name, without a warning.
            let payload =
                if e.status == Status::Deprecated && !tuple_payloads.contains(&e.type_name) {
                    let note = e.deprecation_note();
                    let doc = Literal::string(&format!(
                        " The `{}` v{} payload ([`payloads::{m}::{v}`]), deprecated.",
                        e.event_type, e.version
                    ));
                    quote! {
                        #[doc = #doc]
                        #[deprecated(note = #note)]
                        pub type #v = payloads::#m::#v;
                    }
                } else {
                    quote!(pub use payloads::#m::#v;)
                };
            // The payload without its constants (`fixups::const_fields`).
            let fields = format_ident!("{}", fixups::fields_name(&v.to_string()));
            let fields = match (payload_fields.contains(&e.type_name), e.status) {
                (false, _) => quote!(),
                (true, Status::Deprecated) => {
                    let note = e.deprecation_note();
                    quote! {
                        #[deprecated(note = #note)]
                        pub type #fields = payloads::#m::#fields;
                    }
                }
                (true, _) => quote!(pub use payloads::#m::#fields;),
            };
            quote!(#payload #fields)
        })
        .collect();
    let accessor_fns: Vec<TokenStream> = accessors
        .iter()
        .map(|fixups::Accessor { ident, ty, docs }| {
            quote! {
                #(#docs)*
                pub fn #ident(&self) -> &#ty {
                    match self {
                        #( AnyEvent::#ev_variants(e) => &e.#ident, )*
                    }
                }
            }
        })
        .collect();
    let accessor_fns = quote!(#(#accessor_fns)*);
    let eq_derives = if eq { quote!(Eq, Hash,) } else { quote!() };
    let versioned = f.schema_version.is_some();
    let match_arms: Vec<TokenStream> = live
        .iter()
        .zip(&ev_variants)
        .zip(&ev_judges)
        .map(|((e, v), j)| {
            let name = &e.event_type;
            let pat = if versioned {
                let ver = Literal::u64_unsuffixed(e.version);
                quote!((#name, Some(#ver)))
            } else {
                quote!((#name, _))
            };
            quote! {
                #pat => {
                    check(validate::#j, &value)?;
                    AnyEvent::#v(runtime::decode(value)?)
                }
            }
        })
        .collect();
    let fast_arms: Vec<TokenStream> = live
        .iter()
        .zip(&ev_variants)
        .filter(|(e, _)| fast.contains(&e.type_name))
        .map(|(e, v)| {
            let name = &e.event_type;
            let pat = if versioned {
                let ver = Literal::u64_unsuffixed(e.version);
                quote!((#name, Some(#ver)))
            } else {
                quote!((#name, _))
            };
            let j = format_ident!("{}", typed::fast_judge_name(&e.type_name));
            quote!(#pat => runtime::typed(json, validate::#j).map(AnyEvent::#v),)
        })
        .collect();
    let (typed_first, first_try) = if fast_arms.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote! {
                /// The fast pass: the text decoded straight into its typed
                /// event, judged there. `None` leaves the verdict (and every
                /// violation) to the precise pass.
                fn typed_first(json: &str) -> Option<AnyEvent> {
                    let (event_type, version) = runtime::peek(json, EVENT_TYPE_FIELD, SCHEMA_VERSION_FIELD)?;
                    match (event_type.as_ref(), version) {
                        #(#fast_arms)*
                        _ => None,
                    }
                }
            },
            quote! {
                if let Some(event) = typed_first(json) {
                    return Ok(event);
                }
            },
        )
    };
    let retired_arms: Vec<TokenStream> = c
        .events
        .iter()
        .filter(|e| e.status == Status::Retired)
        .map(|e| {
            let name = &e.event_type;
            let ver = Literal::u64_unsuffixed(e.version);
            let pat = if versioned {
                quote!((#name, Some(#ver)))
            } else {
                quote!((#name, _))
            };
            quote!(#pat => return Err(runtime::retired(#name, #ver)),)
        })
        .collect();
    let mut known: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for e in &c.events {
        known.entry(&e.event_type).or_default().push(e.version);
    }
    let known_entries: Vec<TokenStream> = known
        .iter()
        .map(|(n, vs)| {
            let vs = vs.iter().map(|v| Literal::u64_unsuffixed(*v));
            quote!((#n, &[#(#vs),*]))
        })
        .collect();
    let type_field = &f.event_type;
    let version_field = match &f.schema_version {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let shared_items = if shared {
        quote!(
            pub mod shared;
        )
    } else {
        quote!()
    };
    // typify writes this module into each module it generates; the crate
    // has one copy, as typify wrote it.
    let error_items: TokenStream = error_module
        .map(|m| m.parse().expect("typify's module parses"))
        .unwrap_or_default();
    let envelope_items = if c.envelope.is_some() {
        quote! {
            pub mod envelope;
            pub use envelope::Envelope;
        }
    } else {
        quote!()
    };

    quote! {
        // The README's examples are this crate's doctests, so they never rot.
        #![doc = include_str!("../README.md")]
        #![allow(deprecated)]
        // An untagged enum holds what the schema's alternatives hold; boxing
        // the large one would change the types a consumer matches on.
        #![allow(clippy::large_enum_variant)]

        // A crate uses the helpers its schemas' keywords need, not all of them.
        #[allow(dead_code)]
        mod runtime;
        mod validate;
        pub mod payloads;
        #shared_items
        #error_items
        #envelope_items
        pub use runtime::{ErrorKind, EventError, Violation};
        #( #reexports )*


        /// The wire name of the field that names the event type.
        pub const EVENT_TYPE_FIELD: &str = #type_field;
        /// The wire name of the field that carries the schema version, if any.
        pub const SCHEMA_VERSION_FIELD: Option<&str> = #version_field;

        /// Every event type in the registry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            #( #[doc = #type_docs] #variants, )*
        }

        impl EventType {
            /// Every event type, in registry order.
            pub const ALL: &'static [EventType] = &[ #( EventType::#variants ),* ];

            /// The event type's wire name, such as `credit.locked`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( EventType::#variants => #names, )*
                }
            }
        }

        impl std::fmt::Display for EventType {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for EventType {
            type Err = EventError;

            fn from_str(s: &str) -> Result<Self, EventError> {
                match s {
                    #( #names => Ok(EventType::#variants), )*
                    _ => Err(runtime::unknown_event_type(s, KNOWN)),
                }
            }
        }

        /// One event of any registered type and version.
        // Variants hold events unboxed so that `match` reads naturally; their
        // sizes differ as the payloads do.
        // A deprecated version's variant and payload struct are not
        // deprecated: a consumer handles what is still sent without a warning.
        // The payload's name at the crate root is, so building one warns.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, #eq_derives serde::Serialize)]
        #[serde(untagged)]
        pub enum AnyEvent {
            #( #[doc = #ev_docs] #ev_variants(#wrapped), )*
        }

        impl AnyEvent {
            /// The event's type.
            pub fn event_type(&self) -> EventType {
                match self {
                    #( AnyEvent::#ev_variants(_) => EventType::#ev_types, )*
                }
            }

            /// The event's schema version.
            pub fn schema_version(&self) -> u64 {
                match self {
                    #( AnyEvent::#ev_variants(_) => #ev_versions, )*
                }
            }

            #accessor_fns
        }

        /// The judge of an event's type and version.
        fn judge_of(event: &AnyEvent) -> runtime::Check {
            match event {
                #( AnyEvent::#ev_variants(_) => validate::#ev_judges, )*
            }
        }

        /// Reads an event as [`parse_event`] does (every violation is an
        /// error), so a struct of the user's own can hold an `AnyEvent`.
        impl<'de> serde::Deserialize<'de> for AnyEvent {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                parse_value(value).map_err(serde::de::Error::custom)
            }
        }

        /// A payload type: it knows the event type and version it belongs to,
        /// so building an event never needs them typed by hand.
        pub trait EventPayload: Sized {
            /// The event type this payload travels as.
            const EVENT_TYPE: EventType;
            /// The schema version of this payload.
            const SCHEMA_VERSION: u64;
        }

        #(
            impl EventPayload for #ev_variants {
                const EVENT_TYPE: EventType = EventType::#ev_types;
                const SCHEMA_VERSION: u64 = #ev_versions;
            }

            impl From<#wrapped> for AnyEvent {
                fn from(event: #wrapped) -> Self {
                    AnyEvent::#ev_variants(event)
                }
            }
        )*

        /// Every registered event type with its versions (retired ones included).
        const KNOWN: &[(&str, &[u64])] = &[ #(#known_entries),* ];

        /// Runs a judge once, stopping at the first violation; only a rejected
        /// document is checked again to list every violation.
        fn check(judge: runtime::Check, value: &serde_json::Value) -> Result<(), EventError> {
            let found = runtime::violations(judge, value);
            if found.is_empty() {
                Ok(())
            } else {
                Err(EventError::invalid(found))
            }
        }

        /// Parses and validates one event.
        ///
        /// Accepts a document exactly when the envelope schema accepts it, its
        /// event type and version are registered (and not retired), and the
        /// payload schema of that pair accepts the payload.
        pub fn parse_event(json: &str) -> Result<AnyEvent, EventError> {
            #first_try
            parse_value(serde_json::from_str(json).map_err(runtime::syntax_error)?)
        }

        #typed_first

        /// [`parse_event`] after the JSON syntax.
        fn parse_value(mut value: serde_json::Value) -> Result<AnyEvent, EventError> {
            runtime::normalize_numbers(&mut value);
            let (event_type, version) = runtime::identify(&value, EVENT_TYPE_FIELD, SCHEMA_VERSION_FIELD)?;
            let event = match (event_type.as_str(), version) {
                #(#match_arms)*
                #(#retired_arms)*
                _ => return Err(runtime::unknown(&event_type, version, KNOWN)),
            };
            Ok(event)
        }

        /// Writes an event back as JSON.
        pub fn dump_event(event: &AnyEvent) -> String {
            serde_json::to_string(event).expect("generated types always serialize")
        }

        /// Checks an event built in code against the same rules as [`parse_event`].
        pub fn validate_event(event: &AnyEvent) -> Result<(), EventError> {
            let value = serde_json::to_value(event).expect("generated types always serialize");
            check(judge_of(event), &value)
        }
    }
}
