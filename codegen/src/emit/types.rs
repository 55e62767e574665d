//! Request, response and model structs, with `validate()` built from the IR's constraints.

use super::docs::Docs;
use super::ident;
use crate::ir::{self, Rule, Type};
use proc_macro2::TokenStream;
use quote::quote;

pub fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String | Type::Timestamp => quote! { String },
        Type::Integer => quote! { i64 },
        Type::Unsigned => quote! { u64 },
        Type::Float => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Json => quote! { rt::serde_json::Value },
        Type::Array(item) => {
            let item = rust_type(item);
            quote! { Vec<#item> }
        }
        Type::Model(name) | Type::Enum(name) => {
            let id = ident(name);
            quote! { #id }
        }
    }
}

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

/// What a setter of one value of `ty` takes: `impl Into<_>` for strings, enums, models and
/// JSON (so `"ins-1"` and `String` both do); the plain type for numbers and booleans, whose
/// literals would not infer through `Into` (`5` is `i32`, which is not `Into<u64>`).
pub fn setter_param(ty: &Type) -> TokenStream {
    match ty {
        Type::Integer | Type::Unsigned | Type::Float | Type::Boolean => rust_type(ty),
        other => {
            let ty = rust_type(other);
            quote! { impl Into<#ty> }
        }
    }
}

/// `value.into()`, or `value` where [`setter_param`] takes the plain type.
pub fn setter_value(ty: &Type) -> TokenStream {
    match ty {
        Type::Integer | Type::Unsigned | Type::Float | Type::Boolean => quote! { value },
        _ => quote! { value.into() },
    }
}

/// Whether a setter of the field adds one item (a list, or a struct that only wraps one)
/// rather than setting the value ([`store`]).
pub(super) fn appends(field: &ir::Field) -> bool {
    field.list_wrapper.is_some() || matches!(field.ty, Type::Array(_))
}

/// How a setter stores `value` into `target` (an `Option<T>` place): a list appends one item
/// (through its wrapper struct when the field's struct only wraps a list), anything else is set.
pub fn store(field: &ir::Field, target: TokenStream) -> (TokenStream, TokenStream) {
    match (&field.list_wrapper, &field.ty) {
        (Some(wrapper), _) => {
            let inner = ident(&wrapper.field);
            let (param, value) = (setter_param(&wrapper.item), setter_value(&wrapper.item));
            (param, quote! { #target.get_or_insert_with(Default::default).#inner.get_or_insert_with(Vec::new).push(#value); })
        }
        (None, Type::Array(item)) => {
            let (param, value) = (setter_param(item), setter_value(item));
            (param, quote! { #target.get_or_insert_with(Vec::new).push(#value); })
        }
        (None, ty) => {
            let (param, value) = (setter_param(ty), setter_value(ty));
            (param, quote! { #target = Some(#value); })
        }
    }
}

/// The first line of a field's description, for the doc of its accessor and setters.
fn summary(field: &ir::Field) -> String {
    match field.description.first() {
        Some(line) => format!("`{}`: {}", field.wire, super::docs::sanitize_line(line)),
        None => format!("`{}`.", field.wire),
    }
}

pub(super) fn deprecated_attr(field: &ir::Field) -> Option<TokenStream> {
    field.deprecated.then(|| quote! { #[deprecated(note = "its documentation recommends another parameter")] })
}

/// Accessors of a response or model: `fn instance_id(&self) -> Option<&str>`, lists as
/// slices, empty when absent, read through a list's wrapper struct. `#[inline]`: not compiled
/// unless a program calls it.
fn accessors(docs: &Docs, fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> Vec<TokenStream> {
    let mut out = Vec::with_capacity(fields.len());
    for (f, id) in fields.iter().zip(idents) {
        let get = ident(&f.methods.plain);
        let deprecated = deprecated_attr(f);
        let (ty, body) = match (&f.list_wrapper, &f.ty) {
            (Some(wrapper), _) => {
                let (item, inner) = (rust_type(&wrapper.item), ident(&wrapper.field));
                (quote! { &[#item] }, quote! { self.#id.as_ref().and_then(|w| w.#inner.as_deref()).unwrap_or_default() })
            }
            (None, Type::Array(item)) => {
                let item = rust_type(item);
                (quote! { &[#item] }, quote! { self.#id.as_deref().unwrap_or_default() })
            }
            (None, Type::String | Type::Timestamp) => (quote! { Option<&str> }, quote! { self.#id.as_deref() }),
            (None, ty @ (Type::Integer | Type::Unsigned | Type::Float | Type::Boolean)) => {
                let ty = rust_type(ty);
                (quote! { Option<#ty> }, quote! { self.#id })
            }
            (None, ty) => {
                let ty = rust_type(ty);
                (quote! { Option<&#ty> }, quote! { self.#id.as_ref() })
            }
        };
        let get_doc = docs.text(&[&summary(f)]);
        out.push(quote! {
            #get_doc
            #deprecated
            #[inline]
            pub fn #get(&self) -> #ty {
                #body
            }
        });
    }
    out
}

/// The `with_` setters of a response or model (a list's appends one item), which build one
/// outside the crate (`#[non_exhaustive]` forbids a struct literal there), in an impl of their
/// own behind `test_only` (a cfg attribute) when only tests build the struct. Generic or
/// `#[inline]`: not compiled unless a program calls one.
fn builders(
    docs: &Docs,
    id: &proc_macro2::Ident,
    fields: &[ir::Field],
    idents: &[proc_macro2::Ident],
    test_only: Option<&TokenStream>,
) -> TokenStream {
    if fields.is_empty() {
        return quote! {};
    }
    let setters = fields.iter().zip(idents).map(|(f, id)| {
        let with = ident(&f.methods.with);
        let deprecated = deprecated_attr(f);
        let (param, store) = store(f, quote! { self.#id });
        let with_doc = docs.text(&[&format!("Sets `{}`{}.", f.wire, if appends(f) { " (appends one item)" } else { "" })]);
        quote! {
            #with_doc
            #deprecated
            #[inline]
            pub fn #with(mut self, value: #param) -> Self {
                #store
                self
            }
        }
    });
    let allow = allow_deprecated(fields);
    quote! {
        #test_only
        #allow
        impl #id {
            #(#setters)*
        }
    }
}

fn field_idents(fields: &[ir::Field]) -> Vec<proc_macro2::Ident> {
    fields.iter().map(|f| ident(&f.rust)).collect()
}

fn field_decls(docs: &Docs, fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> Vec<TokenStream> {
    fields
        .iter()
        .zip(idents)
        .map(|(f, id)| {
            let ty = rust_type(&f.ty);
            let mut doc = f.description.clone();
            if f.required {
                doc.push("Required.".to_owned());
            }
            if let Some(example) = &f.example {
                doc.push(format!("Example: {example}"));
            }
            let doc = docs.attrs(&doc);
            let deprecated = deprecated_attr(f);
            quote! {
                #doc
                #deprecated
                pub #id: Option<#ty>,
            }
        })
        .collect()
}

/// `impl rt::JsonEncode` and `impl rt::JsonDecode` for struct `id` (instead of serde derives,
/// which cost most of the crate's compile time): each is one runtime call with a table of
/// `(wire name, field)` pairs, so the per-field code has no calls, branches or cleanup paths
/// of its own. Members are written in field order, `None` skipped; on decode, missing and
/// `null` members stay `None` and unknown ones are ignored.
///
/// `encode_only_for`: the cfg attribute of the encoder when only tests encode the struct (a
/// response faked in a mock, a documented example read back).
fn json_impls(
    id: &proc_macro2::Ident,
    fields: &[ir::Field],
    idents: &[proc_macro2::Ident],
    encode_only_for: Option<&TokenStream>,
) -> TokenStream {
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    // A list sent as its JSON text is encoded through `rt::JsonText`.
    let encoded: Vec<TokenStream> = fields
        .iter()
        .zip(idents)
        .map(|(f, id)| if f.json_text { quote! { &rt::JsonText(&self.#id) } } else { quote! { &self.#id } })
        .collect();
    let decoded_fields: Vec<TokenStream> = fields
        .iter()
        .zip(idents)
        .map(|(f, id)| {
            if f.json_text { quote! { &mut rt::JsonText(&mut decoded.#id) } } else { quote! { &mut decoded.#id } }
        })
        .collect();
    // Without fields there is nothing to fill: `decoded` need not be mutable.
    let decoded = if fields.is_empty() { quote! { decoded } } else { quote! { mut decoded } };
    // Every field starts as `None` (`Self::default()`); `rt::decoded` instead of a `?` (its
    // doc says why).
    // `#[inline]`: at opt-level 0 rustc compiles a non-generic `#[inline]` function only in
    // a crate that uses it, so a program pays for the codecs of the operations it calls, and
    // the generated crate itself compiles none (BENCHMARKS.md, 2026-12-07).
    let allow = allow_deprecated(fields);
    quote! {
        #encode_only_for
        #allow
        impl rt::JsonEncode for #id {
            #[inline]
            fn encode_json(&self, out: &mut Vec<u8>) {
                rt::encode_object(out, &[#( (#wires, #encoded) ),*]);
            }
        }
        #allow
        impl rt::JsonDecode for #id {
            #[inline]
            fn decode_json(value: &rt::serde_json::Value, path: &rt::JsonPath<'_>) -> Result<Self, rt::DecodeError> {
                let #decoded = Self::default();
                let read = rt::decode_object(value, path, &mut [#( (#wires, #decoded_fields) ),*]);
                rt::decoded(read, decoded)
            }
        }
    }
}

/// The impls of a struct read every field, deprecated ones too: callers get the warning, not
/// the generated code.
pub(super) fn allow_deprecated(fields: &[ir::Field]) -> Option<TokenStream> {
    fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] })
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// Checks on one present value `v` of a field (the caller has unwrapped the `Option`).
fn value_checks(field: &ir::Field) -> Vec<TokenStream> {
    let wire = &field.wire;
    let mut checks = Vec::new();
    let is_array = matches!(field.ty, Type::Array(_));
    for c in &field.constraints {
        let source = &c.source;
        // Element checks on arrays apply to each item.
        let each = |check: TokenStream| {
            if is_array {
                quote! { for v in v { #check } }
            } else {
                check
            }
        };
        checks.push(match &c.rule {
            Rule::Items { min, max } => {
                let (min, max) = (opt_u64(*min), opt_u64(*max));
                quote! { checks.add(rt::check_items(v, #wire, #min, #max, #source)); }
            }
            Rule::Length { min, max } => {
                let (min, max) = (opt_u64(*min), opt_u64(*max));
                each(quote! { checks.add(rt::check_length(v, #wire, #min, #max, #source)); })
            }
            Rule::Range { min, max } => {
                let (min, max) = (opt_i64(*min), opt_i64(*max));
                let value = match field.ty.element() {
                    Type::Unsigned => quote! { i64::try_from(*v).unwrap_or(i64::MAX) },
                    _ => quote! { *v },
                };
                each(quote! { checks.add(rt::check_range(#value, #wire, #min, #max, #source)); })
            }
            Rule::OneOf { values } => each(quote! {
                checks.add(rt::check_one_of(v, #wire, &[#(#values),*], #source));
            }),
        });
    }
    if field.ty.model().is_some() {
        checks.push(if is_array {
            quote! { for v in v { checks.within(#wire, v.validate()); } }
        } else {
            quote! { checks.within(#wire, v.validate()); }
        });
    }
    checks
}

fn validate_fn(fields: &[ir::Field], idents: &[proc_macro2::Ident]) -> TokenStream {
    // Each check is recorded in `rt::Checks` rather than returned with `?` (its doc says why);
    // a lone required-field check is the result itself.
    let mut body = Vec::new();
    let mut lone_required = None;
    for (f, id) in fields.iter().zip(idents) {
        let wire = &f.wire;
        if f.required {
            lone_required = Some(quote! { rt::check_required(&self.#id, #wire) });
            body.push(quote! { checks.add(rt::check_required(&self.#id, #wire)); });
        }
        let checks = value_checks(f);
        if !checks.is_empty() {
            body.push(quote! { if let Some(v) = &self.#id { #(#checks)* } });
        }
    }
    let body = match (body.len(), lone_required) {
        (0, _) => quote! { Ok(()) },
        (1, Some(check)) => check,
        _ => quote! {
            let mut checks = rt::Checks::new();
            #(#body)*
            checks.finish()
        },
    };
    quote! {
        /// Checks the documented rules (required fields, counts, lengths, ranges, values)
        /// before anything is sent; the error names the field and the rule.
        #[inline]
        pub fn validate(&self) -> Result<(), rt::ValidationError> {
            #body
        }
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
            let ty = rust_type(&f.ty);
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

/// An operation's request and response types. `test_only`: the cfg attribute of what only
/// tests need (the response's builders and encoder), `None` to compile it in every build.
pub fn operation_types(docs: &Docs, op: &ir::Operation, test_only: Option<&TokenStream>) -> TokenStream {
    let request = &ident(&op.names.request);
    let response = &ident(&op.names.response);
    let req_idents = field_idents(&op.request);
    let req_fields = field_decls(docs, &op.request, &req_idents);
    let validate = validate_fn(&op.request, &req_idents);
    let new = constructor(&op.request, &req_idents);
    let req_allow = allow_deprecated(&op.request);
    let req_doc = docs.text(&[&format!("Request of `{}`.", op.name)]);
    let op_doc = docs.attrs(&op.description);
    let req_json = json_impls(request, &op.request, &req_idents, None);
    let response_type = response_type(docs, op, response, test_only);
    let (error, constant) = (ident(&op.names.error), ident(&op.names.constant));
    quote! {
        #req_doc
        #[doc = ""]
        #op_doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #request {
            #(#req_fields)*
        }
        #req_allow
        impl #request {
            #new
            #validate
        }
        #req_json
        #response_type
        impl rt::Request for #request {
            type Response = #response;
            type Error = #error;
            type Client = Client;
            const OPERATION: &'static rt::OperationInfo = &#constant;
            #[inline]
            fn check(&self) -> Result<(), rt::ValidationError> {
                self.validate()
            }
        }
    }
}

/// The response struct with its accessors, codecs and builders (the encoder and builders
/// behind `test_only`: a program only reads answers); or, for a response that documents only
/// the request id (or nothing), a name for the runtime's `EmptyResponse` (one shared type
/// instead of a struct, two methods and two codecs per such operation).
fn response_type(docs: &Docs, op: &ir::Operation, response: &proc_macro2::Ident, test_only: Option<&TokenStream>) -> TokenStream {
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
    let doc = docs.text(&[&format!("Response of `{}` (fields not documented are ignored).", op.name)]);
    let json = json_impls(response, &op.response, &idents, test_only);
    let accessors = accessors(docs, &op.response, &idents);
    let builders = builders(docs, response, &op.response, &idents, test_only);
    let allow = allow_deprecated(&op.response);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #response {
            #(#fields)*
        }
        #allow
        impl #response {
            #(#accessors)*
        }
        #builders
        #json
    }
}

/// A model's struct, accessors, `validate`, codecs and builders. A model no request holds
/// (`in_requests`) is built only by tests that fake an answer: its builders and encoder are
/// behind `test_only` (a cfg attribute; `None` compiles them in every build), and it has no
/// `validate`: the documented rules are checked on what is sent, and nothing sends it.
pub fn model(docs: &Docs, model: &ir::Model, test_only: Option<&TokenStream>) -> TokenStream {
    let id = &ident(&model.rust);
    let idents = field_idents(&model.fields);
    let fields = field_decls(docs, &model.fields, &idents);
    let validate = model.in_requests.then(|| validate_fn(&model.fields, &idents));
    let allow = allow_deprecated(&model.fields);
    let test_only = test_only.filter(|_| !model.in_requests);
    let json = json_impls(id, &model.fields, &idents, test_only);
    let accessors = accessors(docs, &model.fields, &idents);
    let builders = builders(docs, id, &model.fields, &idents, test_only);
    let doc = if model.description.is_empty() {
        docs.text(&[&format!("`{}`.", model.wire)])
    } else {
        docs.attrs(&model.description)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #id {
            #(#fields)*
        }
        #allow
        impl #id {
            #validate
            #(#accessors)*
        }
        #builders
        #json
    }
}
