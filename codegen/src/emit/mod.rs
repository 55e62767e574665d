//! IR -> Rust tokens, one module per artifact. `emit` decides names once per service
//! (through `crate::names`) and hands them to the artifact emitters.

mod client;
mod docs;
mod errors;
mod examples;
mod index;
mod service;
mod types;

use crate::ir;
use crate::names::{self, Scope};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub use docs::{DeferredDocs, Docs, fill_placeholders, sanitize_line};
pub use index::{Index, Layout, index};

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
    Cloud {
        cloud: &'a ir::Cloud,
        /// Modules of its services (the cloud module is needed when any of them is built).
        services: Vec<String>,
    },
    Service { cloud: &'a ir::Cloud, service: &'a ir::Service },
}

impl Plan<'_> {
    /// Cloud modules first, then services, each in name order: the order of the output files.
    pub fn modules(&self) -> impl Iterator<Item = (&str, &Module<'_>)> {
        self.clouds.iter().chain(&self.services).map(|(name, module)| (name.as_str(), module))
    }
}

/// A module's tokens, and the doc text they refer to (see `render::render_module`).
pub struct EmittedModule {
    pub tokens: TokenStream,
    pub docs: DeferredDocs,
}

impl Module<'_> {
    /// The module's tokens, with its doc text set aside for the renderer (see `docs.rs`).
    pub fn emit(&self) -> EmittedModule {
        let docs = Docs::deferred();
        let tokens = self.tokens(&docs);
        EmittedModule { tokens, docs: docs.into_deferred() }
    }

    /// The module's tokens with plain `#[doc]` attributes.
    fn tokens(&self, docs: &Docs) -> TokenStream {
        match &self.kind {
            ModuleKind::Cloud { cloud, .. } => {
                let common = errors::common_enum(docs, cloud);
                quote! {
                    use ::cloudpage_runtime::__codegen as rt;
                    #common
                }
            }
            ModuleKind::Service { cloud, service } => service_module(docs, cloud, service),
        }
    }
}

fn module_name(cloud: &ir::Cloud, service: &ir::Service) -> String {
    names::service_module(cloud.kind.as_str(), &service.name)
}

pub fn plan(api: &ir::Api) -> Plan<'_> {
    let mut services = BTreeMap::new();
    let mut clouds = BTreeMap::new();
    for cloud in &api.clouds {
        let kind = cloud.kind.as_str();
        clouds.insert(
            kind.to_owned(),
            Module {
                spec_source: format!("{kind}/common.yaml"),
                title: format!("What the services of {} share.", cloud.title),
                kind: ModuleKind::Cloud {
                    cloud,
                    services: cloud.services.iter().map(|s| module_name(cloud, s)).collect(),
                },
            },
        );
        for service in &cloud.services {
            services.insert(
                module_name(cloud, service),
                Module {
                    spec_source: format!("{kind}/{}", service.name),
                    title: format!("{} {} ({})", cloud.title, service.title, service.version),
                    kind: ModuleKind::Service { cloud, service },
                },
            );
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

/// Rust names of one operation's items.
pub(crate) struct OperationNames {
    pub request: Ident,
    pub response: Ident,
    pub error: Ident,
    pub method: Ident,
    pub constant: Ident,
}

/// Rust names for everything in one service module, decided once, in spec order.
pub(crate) struct ServiceNames {
    pub operations: Vec<OperationNames>,
    /// Model wire name -> struct ident (models are shared by the operations of a service).
    pub models: BTreeMap<String, Ident>,
}

impl ServiceNames {
    fn new(service: &ir::Service) -> Self {
        // Prelude names stay free so generated code can use them unqualified.
        let mut types = Scope::with_reserved(&[
            "Client", "CommonError", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "Into",
        ]);
        let mut methods = Scope::with_reserved(&["new", "runtime", "clone", "fmt"]);
        let mut consts = Scope::with_reserved(&["SERVICE", "OPERATIONS"]);
        let operations = service
            .operations
            .iter()
            .map(|op| {
                // Suffix before case conversion: `Self` + `Request` is `SelfRequest`, not `Self_Request`.
                let typed = |suffix: &str| names::pascal(&format!("{}{suffix}", op.name));
                OperationNames {
                    request: ident(&types.claim(typed("Request"))),
                    response: ident(&types.claim(typed("Response"))),
                    error: ident(&types.claim(typed("Error"))),
                    method: ident(&methods.claim(names::snake(&op.name))),
                    constant: ident(&consts.claim(names::screaming(&op.name))),
                }
            })
            .collect();
        let mut models = BTreeMap::new();
        for op in &service.operations {
            for model in &op.models {
                models
                    .entry(model.name.clone())
                    .or_insert_with(|| ident(&types.claim(names::pascal(&model.name))));
            }
        }
        ServiceNames { operations, models }
    }
}

fn service_module(docs: &Docs, cloud: &ir::Cloud, service: &ir::Service) -> TokenStream {
    let names = ServiceNames::new(service);
    let info = service::service_info(docs, cloud, service, &names);
    let mut items = Vec::new();
    // Models are shared by the operations of a service: one struct per name.
    let mut emitted_models = std::collections::BTreeSet::new();
    for (op, op_names) in service.operations.iter().zip(&names.operations) {
        items.push(types::operation_types(docs, op, op_names, &names));
        items.push(errors::error_enum(docs, cloud, op, op_names));
        for model in &op.models {
            if emitted_models.insert(model.name.clone()) {
                items.push(types::model(docs, model, &names));
            }
        }
    }
    let cloud_module = ident(cloud.kind.as_str());
    let client = client::client(docs, service, &names);
    let tests = examples::example_tests(cloud, service, &names);
    let mut module = quote! {
        use ::cloudpage_runtime::__codegen as rt;
        pub use super::#cloud_module::CommonError;
    };
    // By value: interpolating (`#(#items)*`) would deep-copy every item's tokens.
    module.extend([info]);
    module.extend(items);
    module.extend([client, tests]);
    module
}
