//! The per-service `Client` (one method per operation returning its fluent call, with the
//! operation's rustdoc example, and `send` for a request built elsewhere) and the rows of each
//! fluent call's setters (the call itself is its operation's `rt::operation!` row, `service`).

use super::docs::Docs;
use super::ident;
use super::template::{self, PerOperation, Slots, Values};
use super::types::{appends, field_summary, setter_row};
use crate::ir::{self, Type};
use proc_macro2::TokenStream;
use quote::quote;

pub fn client(docs: &Docs, slots: &Slots, service: &ir::Service, doc_path: &super::DocPath) -> TokenStream {
    let methods = service
        .operations
        .iter()
        .map(|op| {
            let n = &op.names;
            let (method, call) = (ident(&n.method), ident(&n.call));
            let mut attrs = template::doc_text(docs, &[&format!("Calls `{}`: set its parameters on the [`{}`] this returns, then `send()` it.", op.name, n.call), ""]);
            attrs.extend(template::doc_paragraphs(docs, &op.description));
            if let Some(per_second) = op.rate_limit {
                attrs.extend(template::doc_text(docs, &["", &format!("Rate limited to {per_second} requests per second per client (its clones share the budget), as documented.")]));
            }
            let example = example(op, &service.models, doc_path);
            attrs.extend(template::doc_text(docs, &example.iter().map(String::as_str).collect::<Vec<_>>()));
            template::per_operation_method(PerOperation::ClientMethod, Values { idents: &[&method, &call], attrs })
        })
        .collect();
    let methods = slots.slot(methods);
    let doc = docs.text(&[&format!("Client for {} (`{}`, version {}).", service.title, service.name, service.version)]);
    let send_doc = send_doc(service);
    let send_doc = docs.text(&[&send_doc[0], &send_doc[1]]);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::cloudpage_runtime::Client,
        }
        impl Client {
            /// A client for this service with the given configuration (region, credentials, ...).
            pub fn new(config: ::cloudpage_runtime::Config) -> Result<Self, ::cloudpage_runtime::ConfigError> {
                Ok(Self { inner: ::cloudpage_runtime::Client::new(&SERVICE, config)? })
            }
            /// A client configured from the environment and the cloud's CLI profile
            /// (`cloudpage_runtime::Config::from_env`): region, credentials.
            pub fn from_env() -> Result<Self, ::cloudpage_runtime::ConfigError> {
                Self::new(::cloudpage_runtime::Config::from_env(SERVICE.cloud)?)
            }
            /// A client over a runtime client built elsewhere, e.g. a mocked one in tests;
            /// it must be a client of this service's `SERVICE`.
            pub fn from_runtime(inner: ::cloudpage_runtime::Client) -> Self {
                Self { inner }
            }
            /// The runtime client underneath (shared connection pool and rate limiters).
            pub fn runtime(&self) -> &::cloudpage_runtime::Client {
                &self.inner
            }
            #send_doc
            pub async fn send<R: rt::Request<Client = Self>>(&self, request: &R) -> Result<R::Response, ::cloudpage_runtime::Error<R::Error>> {
                self.inner.send(request, &rt::CallOptions::default()).await
            }
            #methods
        }
    }
}

/// The doc of `Client::send`, its example request the service's own first one (every
/// service's client has this method, so its text must not name another service's request).
fn send_doc(service: &ir::Service) -> [String; 2] {
    let example = service.operations.first().map(|op| format!(" (for example [`{}`])", op.names.request)).unwrap_or_default();
    [
        format!("Validates and sends a request built elsewhere{example}:"),
        "any request of this service, answered with its own response and error types.".to_owned(),
    ]
}

/// The setters of a call, two per parameter (`x`, `set_x`): the `setters` part of the
/// operation's `rt::operation!` row, a `rt::call_setters!` row and the doc per parameter (the
/// runtime's macros write the methods); nothing for an operation without parameters.
pub fn call_setters(op: &ir::Operation) -> Option<TokenStream> {
    if op.request.is_empty() {
        return None;
    }
    let rows = op.request.iter().map(|f| {
        let (id, plain, set) = (ident(&f.rust), ident(&f.methods.plain), ident(&f.methods.set));
        let doc = field_summary(f, &format!("`{}`{}", f.wire, if appends(f) { ", one more item" } else { "" }));
        let (row, wire, deprecated) = (setter_row(f, &id), f.wire.as_str(), template::deprecated(f));
        let (whole, doc) = (template::rust_type(&f.ty), super::string_literal(&doc));
        quote! { #deprecated #plain / #set: #row, #whole = #wire #doc }
    });
    Some(quote! { setters { #(#rows),* } })
}

/// The rustdoc example of an operation's method: its required parameters set
/// ([`required_setters`]), compiled as a `no_run` doctest where the module's path is known.
fn example(op: &ir::Operation, models: &[ir::Model], doc_path: &super::DocPath) -> Vec<String> {
    let fence = if doc_path.tested { "```no_run" } else { "```ignore" };
    let path = doc_path.path.as_str();
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        fence.to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("let client = {path}::Client::from_env()?;"),
        format!("let response = client.{}()", op.names.method),
    ];
    lines.extend(required_setters(op, models, path));
    lines.extend([
        "    .send()".to_owned(),
        "    .await?;".to_owned(),
        "println!(\"{response:?}\");".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// The fluent setters of an operation's required parameters, one line each
/// (`    .invocation_id("inv-ib2lld37")`), with values from the documented example request (else
/// the field's example, else a typed placeholder). A model is built with its own required
/// fields set the same way (`models`: the service's; a model not among them is its default).
pub fn required_setters(op: &ir::Operation, models: &[ir::Model], path: &str) -> Vec<String> {
    let documented: Option<serde_json::Value> = op
        .examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .find_map(|test| serde_json::from_str(&test.json).ok());
    let example = Example { models, path };
    // The region parameter is the client's when left unset.
    let region = op.region_field.map(|i| &op.request[i]);
    op.request
        .iter()
        .filter(|f| f.required && !f.deprecated && region != Some(*f))
        .map(|f| format!("    .{}({})", f.methods.plain, example.field(f, documented.as_ref(), 0)))
        .collect()
}

/// What builds the example values of one service: its models, and the module path they are at.
struct Example<'a> {
    models: &'a [ir::Model],
    path: &'a str,
}

/// How deep required models are built inside one another in an example (a model that holds
/// itself, directly or not, ends as its default there).
const EXAMPLE_DEPTH: usize = 4;

impl Example<'_> {
    /// The value of one item of `f` (a list's setter adds one) from `documented`, the example
    /// object holding it (else the field's own example, else a placeholder of its type).
    fn field(&self, f: &ir::Field, documented: Option<&serde_json::Value>, depth: usize) -> String {
        let ty = match &f.list_wrapper {
            Some(wrapper) => &wrapper.item,
            None => f.ty.element(),
        };
        let from_example = documented.and_then(|d| d.get(&f.wire)).map(first_item);
        let from_field = f.example.as_deref().map(|e| serde_json::from_str(e.trim()).unwrap_or_else(|_| serde_json::Value::String(e.trim().to_owned())));
        let value = from_example.cloned().or(from_field.as_ref().map(first_item).cloned());
        self.value(ty, value.as_ref(), &f.wire, depth)
    }

    /// A Rust expression of one value of `ty` for an example: the documented value where it
    /// fits the type, else a placeholder of the type; a model with its required fields set
    /// through its `with_` setters (every model a request holds has them in every build).
    fn value(&self, ty: &Type, value: Option<&serde_json::Value>, wire: &str, depth: usize) -> String {
        use serde_json::Value;
        let path = self.path;
        match (ty, value) {
            // JSON takes a string too (`impl Into<Value>`).
            (Type::String | Type::Timestamp | Type::Enum(_) | Type::Json, Some(Value::String(s))) if !s.is_empty() => format!("{s:?}"),
            (Type::String | Type::Timestamp | Type::Enum(_) | Type::Json, Some(v @ (Value::Number(_) | Value::Bool(_)))) => format!("{:?}", v.to_string()),
            (Type::String | Type::Timestamp | Type::Enum(_) | Type::Json, _) => format!("{:?}", format!("<{wire}>")),
            (Type::Integer, v) => v.and_then(as_i64).unwrap_or(1).to_string(),
            (Type::Unsigned, v) => v.and_then(as_i64).and_then(|n| u64::try_from(n).ok()).unwrap_or(1).to_string(),
            (Type::Float, v) => {
                let f = v.and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok())).filter(|f: &f64| f.is_finite());
                f.map_or("1.0".to_owned(), |f| format!("{f:?}"))
            }
            (Type::Boolean, v) => v.and_then(|v| v.as_bool().or_else(|| v.as_str()?.parse().ok())).unwrap_or(true).to_string(),
            (Type::Model(name), v) => {
                let mut built = format!("{path}::{name}::default()");
                let model = self.models.iter().find(|m| m.rust == *name);
                if let Some(model) = model.filter(|_| depth < EXAMPLE_DEPTH) {
                    for f in model.fields.iter().filter(|f| f.required && !f.deprecated) {
                        built.push_str(&format!(".{}({})", f.methods.with, self.field(f, v, depth + 1)));
                    }
                }
                built
            }
            (Type::Array(item), _) => self.value(item, None, wire, depth),
        }
    }
}

/// The first item of a list (a list's setter adds one), else the value.
fn first_item(value: &serde_json::Value) -> &serde_json::Value {
    match value {
        serde_json::Value::Array(items) if !items.is_empty() => &items[0],
        other => other,
    }
}

fn as_i64(value: &serde_json::Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str()?.parse().ok())
}
