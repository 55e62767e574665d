//! Request, response and model structs, with `validate()` built from the IR's constraints.

use super::docs::Docs;
use super::ident;
use super::template::{self, Param, Slots, Structure, Validate};
use crate::ir::{self, Rule, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// `rt::string_enum!` for a documented value list (the macro writes the enum and its impls).
pub fn value_enum(value_enum: &ir::ValueEnum) -> TokenStream {
    let id = ident(&value_enum.rust);
    let variants = value_enum.variants.iter().map(|(variant, _)| ident(variant));
    let wires = value_enum.variants.iter().map(|(_, wire)| wire);
    // Inside a macro's input, a deferred doc placeholder would not be put back (the renderer
    // fills `///` lines, and prettyplease prints macro input as tokens): the text goes in as is.
    let source = value_enum.source.split_whitespace().collect::<Vec<_>>().join(" ");
    let doc = format!(" {}", super::docs::sanitize_line(&source));
    let doc = quote! { #[doc = #doc] };
    quote! {
        rt::string_enum! {
            #doc
            pub enum #id {
                #(#variants = #wires,)*
            }
        }
    }
}

/// Whether a setter of the field adds one item (a list, or a struct that only wraps one)
/// rather than setting the value ([`setter`]).
pub(super) fn appends(field: &ir::Field) -> bool {
    field.list_wrapper.is_some() || matches!(field.ty, Type::Array(_))
}

/// The doc of a fluent call's setter, as one text (it goes into an `rt::call_setters!` table,
/// which writes it as the setter's doc): `head` (its wire name, and what the method adds) then
/// the first paragraph of the field's description; when that paragraph only introduces what
/// follows ("Value range:", "Valid values:"), the rest of the description too, so that the list
/// it introduces is there.
pub(super) fn field_summary(field: &ir::Field, head: &str) -> String {
    let docs = Docs::inline();
    let Some(first) = field.description.first() else {
        return format!(" {head}.");
    };
    let first = super::docs::sanitize_line(first);
    let mut lines = docs.text_values(&[&format!("{head}: {first}")]);
    if first.ends_with(':') && field.description.len() > 1 {
        lines.push(String::new());
        lines.extend(docs.attr_values(&field.description[1..]));
    }
    lines.join("\n")
}

/// Accessors and `with_` setters of a response or model: `fn instance_id(&self) ->
/// Option<&str>`, lists as slices, empty when absent, read through a list's wrapper struct; the
/// setters (a list's appends one item) build one outside the crate (`#[non_exhaustive]` forbids
/// a struct literal there), behind `test_only` (a cfg attribute) when only tests build the
/// struct. A row each of an `rt::accessors!` table (`method / with_method: read(field) ->
/// Return, store: Param = "Wire"`; the runtime's macro writes the methods).
fn accessors(fields: &[ir::Field], idents: &[proc_macro2::Ident], test_only: Option<&TokenStream>) -> TokenStream {
    if fields.is_empty() {
        return quote! {};
    }
    let rows = fields.iter().zip(idents).map(|(f, id)| {
        let (method, with) = (ident(&f.methods.plain), ident(&f.methods.with));
        let wire = f.wire.as_str();
        let deprecated = template::deprecated(f);
        let target = row_target(f, id);
        let read = match (&f.list_wrapper, &f.ty) {
            (Some(wrapper), _) => {
                let item = template::rust_type(&wrapper.item);
                quote! { wrapped_slice #target -> &[#item] }
            }
            (None, Type::Array(item)) => {
                let item = template::rust_type(item);
                quote! { slice #target -> &[#item] }
            }
            (None, Type::String | Type::Timestamp) => quote! { str #target -> Option<&str> },
            (None, ty @ (Type::Integer | Type::Unsigned | Type::Float | Type::Boolean)) => {
                let ty = template::rust_type(ty);
                quote! { copied #target -> Option<#ty> }
            }
            (None, ty) => {
                let ty = template::rust_type(ty);
                quote! { borrowed #target -> Option<&#ty> }
            }
        };
        let (store, param) = setter_kind(f);
        quote! { #deprecated #method / #with: #read, #store: #param = #wire }
    });
    let gate = test_only.map(|gate| quote! { with #gate; });
    quote! { rt::accessors! { #gate #(#rows),* } }
}

/// How a setter takes and stores its value: `set`, `set_into`, `push`, `push_into` (a list's
/// appends one item), `wrapped_` through its wrapper struct when the field's struct only wraps a
/// list; and the value's type (`impl Into<T>` but for numbers and booleans, [`Param`]).
fn setter_kind(field: &ir::Field) -> (TokenStream, TokenStream) {
    let (push, item, wrapped) = match (&field.list_wrapper, &field.ty) {
        (Some(wrapper), _) => (true, &wrapper.item, true),
        (None, Type::Array(item)) => (true, &**item, false),
        (None, ty) => (false, ty, false),
    };
    let ty = template::rust_type(item);
    match (push, wrapped, Param::of(item)) {
        (false, _, Param::Plain) => (quote! { set }, quote! { #ty }),
        (false, _, Param::Into) => (quote! { set_into }, quote! { impl Into<#ty> }),
        (true, false, Param::Plain) => (quote! { push }, quote! { #ty }),
        (true, false, Param::Into) => (quote! { push_into }, quote! { impl Into<#ty> }),
        (true, true, Param::Plain) => (quote! { wrapped_push }, quote! { #ty }),
        (true, true, Param::Into) => (quote! { wrapped_push_into }, quote! { impl Into<#ty> }),
    }
}

/// What a row's method reads or sets: `(field)`, or `(field.list)`, the list inside the
/// wrapper struct the field holds.
fn row_target(field: &ir::Field, id: &proc_macro2::Ident) -> TokenStream {
    match &field.list_wrapper {
        Some(wrapper) => {
            let list = ident(&wrapper.field);
            quote! { (#id.#list) }
        }
        None => quote! { (#id) },
    }
}

/// A call setter's row of an `rt::call_setters!` table, `store(field): Param` ([`setter_kind`]).
pub(super) fn setter_row(field: &ir::Field, id: &proc_macro2::Ident) -> TokenStream {
    let (target, (store, param)) = (row_target(field, id), setter_kind(field));
    quote! { #store #target: #param }
}

fn field_idents(fields: &[ir::Field]) -> Vec<proc_macro2::Ident> {
    fields.iter().map(|f| ident(&f.rust)).collect()
}

/// The fields of a struct: `pub name: Option<T>`, with the page's description, "Required."
/// and the example as its doc.
fn field_decls(docs: &Docs, fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> Vec<syn::Field> {
    fields
        .iter()
        .zip(idents)
        .map(|(f, id)| {
            let mut doc = f.description.clone();
            if f.required {
                doc.push("Required.".to_owned());
            }
            if let Some(example) = &f.example {
                doc.push(format!("Example: {example}"));
            }
            let mut attrs = template::doc_paragraphs(docs, &doc);
            attrs.extend(template::deprecated(f));
            template::optional_field(id, &f.ty, attrs)
        })
        .collect()
}

/// `impl rt::JsonEncode` and `impl rt::JsonDecode` for struct `id` (instead of serde derives,
/// which cost most of the crate's compile time): an `rt::json_codec!` table of `field =
/// "WireName"` pairs, from which the runtime's macro writes each impl as one call with that
/// table, so the per-field code has no calls, branches or cleanup paths of its own. Members are
/// written in field order, `None` skipped; on decode, missing and `null` members stay `None`
/// and unknown ones are ignored.
///
/// `encode_only_for`: the cfg attribute of the encoder when only tests encode the struct (a
/// response faked in a mock, a documented example read back).
fn json_impls(id: &proc_macro2::Ident, fields: &[ir::Field], idents: &[proc_macro2::Ident], encode_only_for: Option<&TokenStream>) -> TokenStream {
    let entries = fields.iter().zip(idents).map(|(f, id)| {
        let wire = f.wire.as_str();
        let text = f.json_text.then(|| quote! { as json_text });
        quote! { #id = #wire #text }
    });
    let allow = template::allow_deprecated(fields);
    quote! {
        rt::json_codec! {
            #allow
            impl JsonDecode, #encode_only_for JsonEncode for #id { #(#entries),* }
        }
    }
}

/// `Some(<n>u64)` / `Some(<n>i64)` bounds as literals, as `quote!` writes those numbers.
fn u64_lit(v: Option<u64>) -> Option<syn::Lit> {
    v.map(|v| syn::Lit::Int(proc_macro2::Literal::u64_suffixed(v).into()))
}

fn i64_lit(v: Option<i64>) -> Option<syn::Lit> {
    v.map(|v| syn::Lit::Int(proc_macro2::Literal::i64_suffixed(v).into()))
}

/// The rows of `rt::checks!` for one field's documented rules (a row passes an absent field;
/// `_each` checks every item of a list) and, for a model, its own checks.
fn value_checks(field: &ir::Field, id: &proc_macro2::Ident) -> Vec<TokenStream> {
    let wire = field.wire.as_str();
    let each = matches!(field.ty, Type::Array(_));
    let kind = |name: &str| ident(&if each { format!("{name}_each") } else { name.to_owned() });
    let mut rows = Vec::new();
    for c in &field.constraints {
        let source = super::string_literal(&c.source);
        rows.push(match &c.rule {
            Rule::Items { min, max } => {
                let (min, max) = (template::option_expr(u64_lit(*min)), template::option_expr(u64_lit(*max)));
                quote! { items(#id, #min, #max) = #wire #source }
            }
            Rule::Length { min, max } => {
                let (kind, min, max) = (kind("length"), template::option_expr(u64_lit(*min)), template::option_expr(u64_lit(*max)));
                quote! { #kind(#id, #min, #max) = #wire #source }
            }
            Rule::Range { min, max } => {
                let (kind, min, max) = (kind("range"), template::option_expr(i64_lit(*min)), template::option_expr(i64_lit(*max)));
                quote! { #kind(#id, #min, #max) = #wire #source }
            }
            Rule::OneOf { values } => {
                let kind = kind("one_of");
                quote! { #kind(#id, &[#(#values),*]) = #wire #source }
            }
        });
    }
    if let Some(model) = field.ty.model() {
        let (kind, model) = (kind("within"), ident(model));
        rows.push(quote! { #kind(#id, #model::validate) = #wire });
    }
    rows
}

/// `validate()`: an `rt::checks!` table of the fields' rules, a row per check (the runtime's
/// macro records each in `rt::Checks` rather than returning with `?`; its doc says why); a lone
/// required-field check is the result itself, and no check at all is `Ok(())`.
fn validate_fn(fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> syn::ImplItem {
    let mut rows = Vec::new();
    let mut lone_required = None;
    for (f, id) in fields.iter().zip(idents) {
        let wire = f.wire.as_str();
        if f.required {
            lone_required = Some((id, wire));
            rows.push(quote! { required(#id) = #wire });
        }
        rows.extend(value_checks(f, id));
    }
    match (rows.len(), lone_required) {
        (0, _) => template::validate(Validate::Nothing, None, None),
        (1, Some(lone)) => template::validate(Validate::LoneRequired, Some(lone), None),
        _ => template::validate(Validate::Checks, None, Some(quote! { self { #(#rows),* } })),
    }
}

/// `new(required fields...)`, so a request cannot be built without them by accident.
fn constructor(fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> TokenStream {
    let required: Vec<(&ir::Field, &proc_macro2::Ident)> = fields.iter().zip(idents).filter(|(f, _)| f.required).collect();
    if required.is_empty() {
        return quote! {};
    }
    let params = required.iter().map(|(f, id)| match &f.ty {
        Type::String | Type::Timestamp => quote! { #id: impl Into<String> },
        Type::Enum(name) => {
            let name = ident(name);
            quote! { #id: impl Into<#name> }
        }
        _ => {
            let ty = template::rust_type(&f.ty);
            quote! { #id: #ty }
        }
    });
    let inits = required.iter().map(|(f, id)| match f.ty {
        Type::String | Type::Timestamp | Type::Enum(_) => quote! { #id: Some(#id.into()) },
        _ => quote! { #id: Some(#id) },
    });
    let rest = (required.len() < fields.len()).then(|| quote! { ..Default::default() });
    let allow = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        /// A request with its required fields set; optional ones start as `None`.
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #rest }
        }
    }
}

/// The declaration's shape: its own `Debug` when a field is a secret.
fn structure(non_exhaustive: bool, fields: &[ir::Field]) -> Structure {
    Structure { non_exhaustive, own_debug: fields.iter().any(|f| f.secret) }
}

/// `Debug` of a struct with a secret field (`ir::Field::secret`): as the derive writes it,
/// each field by its Rust name, but a secret shows as `Some(<redacted>)` (`rt::Redacted`), so
/// printing an answer that carries credentials (`{:?}`, a log line) never shows them. `None`
/// when no field is a secret: the struct derives `Debug`.
fn redacted_debug(id: &proc_macro2::Ident, fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.secret) {
        return None;
    }
    let name = id.to_string();
    let shown = fields.iter().zip(idents).map(|(field, id)| {
        // As the derive labels a field: its name without the raw-identifier prefix.
        let label = field.rust.strip_prefix("r#").unwrap_or(&field.rust);
        if field.secret {
            quote! { .field(#label, &rt::Redacted(&self.#id)) }
        } else {
            quote! { .field(#label, &self.#id) }
        }
    });
    let allow = template::allow_deprecated(fields);
    Some(quote! {
        #allow
        impl ::core::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#shown)* .finish()
            }
        }
    })
}

/// An operation's request and response types. `test_only`: the cfg attribute of what only
/// tests need (the response's builders and encoder), `None` to compile it in every build.
pub fn operation_types(docs: &Docs, slots: &Slots, op: &ir::Operation, test_only: Option<&TokenStream>) -> TokenStream {
    let request = &ident(&op.names.request);
    let response = &ident(&op.names.response);
    let req_idents = field_idents(&op.request);
    let req_fields = field_decls(docs, &op.request, &req_idents);
    let validate = slots.slot(vec![validate_fn(&op.request, &req_idents)]);
    let new = constructor(&op.request, &req_idents);
    let req_allow = template::allow_deprecated(&op.request);
    let mut req_doc = template::doc_text(docs, &[&format!("Request of `{}`.", op.name)]);
    req_doc.push(template::doc_attr(""));
    req_doc.extend(template::doc_paragraphs(docs, &op.description));
    let req_json = json_impls(request, &op.request, &req_idents, None);
    let response_type = response_type(docs, slots, op, response, test_only);
    let req_struct = slots.items(vec![template::structure(structure(false, &op.request), request, req_fields, req_doc)]);
    let req_debug = redacted_debug(request, &op.request, &req_idents);
    quote! {
        #req_struct
        #req_debug
        #req_allow
        impl #request {
            #new
            #validate
        }
        #req_json
        #response_type
    }
}

/// The response struct with its accessors, codecs and builders (the encoder and builders
/// behind `test_only`: a program only reads answers); or, for a response that documents only
/// the request id (or nothing), a name for the runtime's `EmptyResponse` (one shared type
/// instead of a struct, two methods and two codecs per such operation).
fn response_type(docs: &Docs, slots: &Slots, op: &ir::Operation, response: &proc_macro2::Ident, test_only: Option<&TokenStream>) -> TokenStream {
    if op.empty_response {
        let doc = docs.text(&[&format!(
            "Response of `{}`: its page documents no field besides the request id ([`cloudpage_runtime::EmptyResponse`]).",
            op.name
        )]);
        return quote! {
            #doc
            pub type #response = ::cloudpage_runtime::EmptyResponse;
        };
    }
    let idents = field_idents(&op.response);
    let fields = field_decls(docs, &op.response, &idents);
    let doc = template::doc_text(docs, &[&format!("Response of `{}` (fields not documented are ignored).", op.name)]);
    let json = json_impls(response, &op.response, &idents, test_only);
    let accessors = accessors(&op.response, &idents, test_only);
    let allow = template::allow_deprecated(&op.response);
    let declared = slots.items(vec![template::structure(structure(true, &op.response), response, fields, doc)]);
    let debug = redacted_debug(response, &op.response, &idents);
    quote! {
        #declared
        #debug
        #allow
        impl #response {
            #accessors
        }
        #json
    }
}

/// A model's struct, accessors, `validate`, codecs and builders. A model no request holds
/// (`in_requests`) is built only by tests that fake an answer: its builders and encoder are
/// behind `test_only` (a cfg attribute; `None` compiles them in every build), and it has no
/// `validate`: the documented rules are checked on what is sent, and nothing sends it.
pub fn model(docs: &Docs, slots: &Slots, model: &ir::Model, test_only: Option<&TokenStream>) -> TokenStream {
    let id = &ident(&model.rust);
    let idents = field_idents(&model.fields);
    let fields = field_decls(docs, &model.fields, &idents);
    let validate = model.in_requests.then(|| slots.slot(vec![validate_fn(&model.fields, &idents)]));
    let allow = template::allow_deprecated(&model.fields);
    let test_only = test_only.filter(|_| !model.in_requests);
    let json = json_impls(id, &model.fields, &idents, test_only);
    let accessors = accessors(&model.fields, &idents, test_only);
    let doc = if model.description.is_empty() {
        template::doc_text(docs, &[&format!("`{}`.", model.wire)])
    } else {
        template::doc_paragraphs(docs, &model.description)
    };
    let declared = slots.items(vec![template::structure(structure(true, &model.fields), id, fields, doc)]);
    let debug = redacted_debug(id, &model.fields, &idents);
    quote! {
        #declared
        #debug
        #allow
        impl #id {
            #validate
            #accessors
        }
        #json
    }
}
