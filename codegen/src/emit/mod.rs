//! Resolved IR -> Rust tokens (mostly rows of the runtime's macros: what repeats per field,
//! check, code and operation) and syntax trees (`template`: struct declarations and what else
//! repeats), one module per artifact. Names are already decided (`resolve` through
//! `names`); emitters turn them into identifiers and never invent one.

pub(crate) mod client;
mod docs;
mod errors;
mod examples;
mod index;
mod service;
mod template;
mod types;

use crate::ir;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub use docs::{DeferredDocs, Docs, fill_placeholders, sanitize_line};
pub use template::Part;
pub use index::{CfgPredicate, Index, Layout, index, outline};

/// Every module to generate, keyed by module name (`tencent_tat`) per service and per cloud
/// (`tencent`: what its services share), in output order. Nothing is emitted yet: each
/// module's tokens are made by [`Module::emit`] when its file is formatted, so the pipeline
/// holds one module's tokens at a time instead of every service's (they are about seven
/// times the size of the formatted text).
pub struct Plan<'a> {
    pub services: BTreeMap<String, Module<'a>>,
    pub clouds: BTreeMap<String, Module<'a>>,
}

/// One generated module: what its file header and the crate index need, and the IR it is
/// emitted from.
pub struct Module<'a> {
    /// Spec file or folder it came from, for the file header: `tencent/tat`.
    pub spec_source: String,
    pub title: String,
    pub kind: ModuleKind<'a>,
}

pub enum ModuleKind<'a> {
    /// A cloud's shared module: its common error codes, emitted once for all its services.
    Cloud { cloud: &'a ir::Cloud },
    Service { cloud: &'a ir::Cloud, service: &'a ir::Service, doc_path: DocPath, test_only: Option<CfgPredicate> },
}

/// How a service module's rustdoc examples name it, and whether they are compiled as
/// doctests: `cloudpage_clients::tencent_tat` in the crate; in a build script's `OUT_DIR`,
/// whose place in the user's crate is unknown, `clients::tencent_tat` (the include file's
/// usual module), shown but not compiled.
pub struct DocPath {
    pub path: String,
    pub tested: bool,
}

impl Plan<'_> {
    /// Cloud modules first, then services, each in name order: the order of the output files.
    pub fn modules(&self) -> impl Iterator<Item = (&str, &Module<'_>)> {
        self.clouds.iter().chain(&self.services).map(|(name, module)| (name.as_str(), module))
    }
}

/// A module's parts of whole items (an operation's types, a model, the client, ...; tokens and
/// the trees of their slots) that `render` formats one at a time, so that only one part's
/// syntax tree exists at once; and the doc text they refer to (see `render::render_module`).
pub struct EmittedModule {
    pub parts: Vec<Part>,
    pub docs: DeferredDocs,
}

impl Module<'_> {
    /// The module's parts, with its doc text set aside for the renderer (see `docs.rs`).
    pub fn emit(&self) -> EmittedModule {
        let mut parts = Vec::new();
        let docs = self.emit_each(|part| parts.push(part));
        EmittedModule { parts, docs }
    }

    /// The module part by part (whole items: tokens and the trees of their slots), each handed
    /// to `part` as soon as it is made, in output order, so that only one part need exist at a
    /// time; returns the doc text the parts refer to.
    pub fn emit_each(&self, mut part: impl FnMut(Part)) -> DeferredDocs {
        let docs = Docs::deferred();
        match &self.kind {
            ModuleKind::Cloud { cloud } => {
                let common = errors::common_enum(&docs, cloud);
                part(Part::from(quote! {
                    use ::cloudpage_runtime::__codegen as rt;
                    #common
                }));
            }
            ModuleKind::Service { cloud, service, doc_path, test_only } => {
                let test_only = test_only.as_ref().map(CfgPredicate::attr);
                service_module(&docs, cloud, service, doc_path, test_only.as_ref(), &mut part)
            }
        }
        docs.into_deferred()
    }
}

impl<'a> Module<'a> {
    /// A cloud's shared module (`tencent`).
    pub fn cloud(cloud: &'a ir::Cloud) -> Self {
        Module {
            spec_source: cloud.source.clone(),
            title: format!("What the services of {} share.", cloud.title),
            kind: ModuleKind::Cloud { cloud },
        }
    }

    /// A service's module (`tencent_tat`); `cloud` is read for what the service shares (its
    /// services are not).
    pub fn service(cloud: &'a ir::Cloud, service: &'a ir::Service, layout: &Layout) -> Self {
        Module {
            spec_source: service.source.clone(),
            title: format!("{} {} ({})", cloud.title, service.title, service.version),
            kind: ModuleKind::Service {
                cloud,
                service,
                doc_path: match layout {
                    Layout::Crate => DocPath { path: format!("{}::{}", index::CRATE, service.module), tested: true },
                    Layout::IncludeFile { .. } => DocPath { path: format!("clients::{}", service.module), tested: false },
                },
                test_only: layout.test_only(),
            },
        }
    }
}

pub fn plan<'a>(api: &'a ir::Api, layout: &Layout) -> Plan<'a> {
    let mut services = BTreeMap::new();
    let mut clouds = BTreeMap::new();
    for cloud in &api.clouds {
        clouds.insert(cloud.module.clone(), Module::cloud(cloud));
        for service in &cloud.services {
            // `resolve` reports two services with one module name as an error, so a run that
            // gets here has none: an overwrite would silently drop a service.
            let previous = services.insert(service.module.clone(), Module::service(cloud, service, layout));
            assert!(previous.is_none(), "two services share module `{}`", service.module);
        }
    }
    Plan { services, clouds }
}

pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A string literal token of `text`, the same as `proc_macro2::Literal::string` makes
/// (`quote!` of a `&str`), made faster: runs of printable ASCII are copied as they are, and
/// only other characters go through `char::escape_debug`, as proc-macro2 escapes every one.
/// Descriptions in the macros' rows are a large part of the generated text, and escaping
/// them char by char was about 6 % of generation (BENCHMARKS.md, stop 26).
pub(crate) fn string_literal(text: &str) -> proc_macro2::Literal {
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push('"');
    let mut plain_from = 0;
    for (at, ch) in text.char_indices() {
        if matches!(ch, ' '..='~') && ch != '"' && ch != '\\' {
            continue;
        }
        repr.push_str(&text[plain_from..at]);
        plain_from = at + ch.len_utf8();
        match ch {
            // As proc-macro2: `\0` before an octal digit would read as another escape.
            '\0' if text[plain_from..].starts_with(|next: char| next.is_digit(8)) => repr.push_str("\\x00"),
            '\0' => repr.push_str("\\0"),
            // As proc-macro2: `escape_debug` would write `\'`, which a string does not need.
            '\'' => repr.push(ch),
            _ => repr.extend(ch.escape_debug()),
        }
    }
    repr.push_str(&text[plain_from..]);
    repr.push('"');
    // The text is a string literal by construction; a lexer that disagreed would be a bug of
    // this function, so fall back to the slow path rather than fail.
    repr.parse().unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// A service's module. `test_only`: the cfg attribute of the items only tests need (the
/// layout's), or `None` to compile them in every build.
fn service_module(
    docs: &Docs,
    cloud: &ir::Cloud,
    service: &ir::Service,
    doc_path: &DocPath,
    test_only: Option<&TokenStream>,
    part: &mut dyn FnMut(Part),
) {
    // Each part takes the slots its emitters filled (`template`).
    let slots = template::Slots::default();
    let mut part = |tokens: TokenStream| part(slots.part(tokens));
    let cloud_module = ident(&cloud.module);
    part(quote! {
        use ::cloudpage_runtime::__codegen as rt;
        pub use super::#cloud_module::CommonError;
    });
    part(service::service_info(docs, cloud, service));
    for op in &service.operations {
        part(types::operation_types(docs, &slots, op, test_only));
        part(service::operation(op));
        part(errors::error_enum(cloud, op));
        // Each model's struct follows the first operation that uses it.
        for &model in &op.first_models {
            part(types::model(docs, &slots, &service.models[model], test_only));
        }
    }
    for value_enum in &service.enums {
        part(types::value_enum(value_enum));
    }
    part(client::client(docs, &slots, service, doc_path));
    part(examples::example_tests(service));
}

#[cfg(test)]
mod tests {
    /// The fast string literal is the one proc-macro2 makes, escape for escape: rows print
    /// their literals as written, so any difference would change the generated files.
    #[test]
    fn string_literals_are_those_proc_macro2_makes() {
        let table = [
            "",
            "RoleSessionName",
            "The name must be 2 to 32 characters in length and can contain letters, digits, periods (.), at signs (@).",
            // A check's source quoting JSON and a Windows path.
            r#"Valid values: "true" and "false" (C:\Program Files\x)."#,
            "tabs\tand\nline breaks\r\n",
            "NUL before a digit \u{0}7 and alone \u{0}x, and at the end \u{0}",
            "single 'quotes' stay",
            // Tencent's Chinese pages, full-width punctuation, and characters escape_debug
            // escapes (a soft hyphen, a line separator, a zero-width joiner) or keeps (emoji).
            "实例ID，最多100个。\u{ad}\u{2028}\u{200d}🚀 DEL\u{7f} BEL\u{7}",
        ];
        for text in table {
            assert_eq!(super::string_literal(text).to_string(), proc_macro2::Literal::string(text).to_string(), "{text:?}");
        }
    }
}
