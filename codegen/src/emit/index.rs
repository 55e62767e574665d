//! The crate index: the file that declares every module (`lib.rs`, or the include file of a
//! build script) with the `SERVICES` table, and for a crate the list of its cargo features.

use super::{ModuleKind, Plan};
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

/// How the files are laid out, and under which cfg the items only tests need are compiled
/// (the `with_` setters and the `JsonEncode` impls of responses and of the models only
/// answers hold: a program reads answers, a test builds them to fake one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A crate: `src/lib.rs` declaring one `src/<module>.rs` per service (`generated/`). The
    /// test-only items are behind `cfg(any(test, feature = "test-util"))`: the crate's
    /// `Cargo.toml` declares the feature.
    Crate,
    /// Flat files for `OUT_DIR`: `<module>.rs` per service plus an include file `file` that
    /// wraps each in `pub mod <module> { include!("<module>.rs"); }`, inside the user's crate,
    /// whose cfgs the generator does not know: the test-only items are compiled in every
    /// build, or under `cfg(any(test, <test_only>))` when the user names a predicate.
    IncludeFile { file: String, test_only: Option<CfgPredicate> },
}

impl Layout {
    /// [`Layout::IncludeFile`] named `file`, every item compiled in every build.
    pub fn include_file(file: impl Into<String>) -> Self {
        Layout::IncludeFile { file: file.into(), test_only: None }
    }

    /// The cfg of the items only tests need, or `None` when they are compiled in every build.
    pub fn test_only(&self) -> Option<CfgPredicate> {
        let predicate = match self {
            Layout::Crate => "feature = \"test-util\"",
            Layout::IncludeFile { test_only: Some(predicate), .. } => predicate.as_str(),
            Layout::IncludeFile { test_only: None, .. } => return None,
        };
        Some(CfgPredicate(format!("any(test, {predicate})")))
    }
}

/// A cfg predicate as `#[cfg(..)]` takes it (`feature = "test-util"`, `any(test, fuzzing)`),
/// checked when made, so that what is emitted parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CfgPredicate(String);

impl CfgPredicate {
    /// Checks `text` against the grammar of cfg predicates: an option (`name`, or `name =
    /// "value"`), or `all(..)`, `any(..)` of predicates, or `not(..)` of one. The error says
    /// what does not fit.
    pub fn parse(text: &str) -> Result<Self, String> {
        let meta: syn::Meta = syn::parse_str(text).map_err(|err| format!("`{text}` is not a cfg predicate: {err}"))?;
        check_predicate(&meta).map_err(|err| format!("`{text}` is not a cfg predicate: {err}"))?;
        Ok(CfgPredicate(text.trim().to_owned()))
    }

    /// The predicate as it was given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `#[cfg(<predicate>)]`.
    pub fn attr(&self) -> TokenStream {
        let predicate: TokenStream = self.0.parse().expect("checked by `CfgPredicate::parse`");
        quote! { #[cfg(#predicate)] }
    }
}

fn check_predicate(meta: &syn::Meta) -> Result<(), String> {
    let name = |path: &syn::Path| {
        path.get_ident().map(|id| id.to_string()).ok_or_else(|| format!("`{}` is not one identifier", quote! { #path }))
    };
    match meta {
        syn::Meta::Path(path) => name(path).map(drop),
        syn::Meta::NameValue(option) => {
            name(&option.path)?;
            match &option.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(_), .. }) => Ok(()),
                other => Err(format!("the value `{}` is not a string literal", quote! { #other })),
            }
        }
        syn::Meta::List(list) => {
            let operator = name(&list.path)?;
            let parts = list
                .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .map_err(|err| format!("inside `{operator}(..)`: {err}"))?;
            match operator.as_str() {
                "all" | "any" => {}
                "not" if parts.len() == 1 => {}
                "not" => return Err("`not(..)` takes one predicate".to_owned()),
                other => return Err(format!("`{other}(..)` is not `all`, `any` or `not`")),
            }
            parts.iter().try_for_each(check_predicate)
        }
    }
}

/// The library name of the crate [`Layout::Crate`] lays out (`generated/`'s package
/// `cloudpage-clients`), as its rustdoc examples `use` it.
pub const CRATE: &str = "cloudpage_clients";

/// What the index consists of.
pub struct Index {
    /// `src/lib.rs` or the include file's name.
    pub path: String,
    pub tokens: TokenStream,
    /// For a crate: the lines of its `[features]` region (one feature per service and
    /// `all-services`).
    pub features: Option<String>,
}

pub fn index(plan: &Plan<'_>, layout: &Layout) -> Index {
    let ident = |m: &String| syn::Ident::new(m, proc_macro2::Span::call_site());
    let cloud_modules: Vec<syn::Ident> = plan.clouds.keys().map(ident).collect();
    let cloud_docs: Vec<String> = plan.clouds.values().map(|c| format!(" {}", c.title)).collect();
    let cloud_files: Vec<String> = plan.clouds.keys().map(|m| format!("{m}.rs")).collect();
    let cloud_gates: Vec<TokenStream> = plan
        .clouds
        .values()
        .map(|c| {
            // The cloud module is needed when any of its services is built.
            let features: Vec<&str> = match &c.kind {
                ModuleKind::Cloud { cloud } => cloud.services.iter().map(|s| s.feature.as_str()).collect(),
                ModuleKind::Service { .. } => Vec::new(),
            };
            match (layout, features.as_slice()) {
                (Layout::IncludeFile { .. }, _) => quote! {},
                // One service: `any(..)` of one predicate is clippy's `non_minimal_cfg`.
                (Layout::Crate, [feature]) => quote! { #[cfg(feature = #feature)] },
                (Layout::Crate, _) => quote! { #[cfg(any(#(feature = #features),*))] },
            }
        })
        .collect();
    let modules: Vec<syn::Ident> = plan.services.keys().map(ident).collect();
    let docs: Vec<String> = plan.services.values().map(|s| format!(" {}", s.title)).collect();
    // In the crate, each service sits behind its own feature so users compile only what they
    // use; in OUT_DIR the user's spec folder already says what to build.
    let features: Vec<&str> = plan
        .services
        .values()
        .filter_map(|m| match &m.kind {
            ModuleKind::Service { service, .. } => Some(service.feature.as_str()),
            ModuleKind::Cloud { .. } => None,
        })
        .collect();
    let gates: Vec<TokenStream> = features
        .iter()
        .map(|f| match layout {
            Layout::Crate => quote! { #[cfg(feature = #f)] },
            Layout::IncludeFile { .. } => quote! {},
        })
        .collect();
    // One table of every service and its operations, so tools such as the `call` command
    // cover new specs without hand edits.
    let services = quote! {
        /// Every generated service (of the enabled features) with its operations.
        pub const SERVICES: &[(&::cloudpage_runtime::ServiceInfo, &[::cloudpage_runtime::OperationInfo])] = &[
            #(#gates (&#modules::SERVICE, #modules::OPERATIONS)),*
        ];
        /// The request parameters of every operation of [`SERVICES`], in the same order (each
        /// service's `PARAMETERS`: one tab-separated line per parameter).
        pub const PARAMETERS: &[&[&str]] = &[
            #(#gates #modules::PARAMETERS),*
        ];
    };
    let quick_start = quick_start(plan);
    match layout {
        Layout::Crate => {
            let mut region = format!(
                "all-services = [{}]\n",
                features.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ")
            );
            for f in &features {
                region.push_str(&format!("{f} = []\n"));
            }
            Index {
                path: "src/lib.rs".to_owned(),
                tokens: quote! {
                    //! Rust clients generated from Tencent Cloud and Alibaba Cloud documentation pages
                    //! and YAML specs (see `specs/`). One module per service; each has request and
                    //! response structs, one error enum per operation and a `Client`.
                    #(#![doc = #quick_start])*
                    pub use ::cloudpage_runtime as runtime;
                    #(
                        #[doc = #cloud_docs]
                        #cloud_gates
                        #[rustfmt::skip]
                        pub mod #cloud_modules;
                    )*
                    #(
                        #[doc = #docs]
                        #gates
                        #[rustfmt::skip]
                        pub mod #modules;
                    )*
                    #services
                },
                features: Some(region),
            }
        }
        Layout::IncludeFile { file: name, .. } => {
            let files: Vec<String> = plan.services.keys().map(|m| format!("{m}.rs")).collect();
            Index {
                path: name.clone(),
                tokens: quote! {
                    #(
                        #[doc = #cloud_docs]
                        #[rustfmt::skip]
                        pub mod #cloud_modules {
                            include!(#cloud_files);
                        }
                    )*
                    #(
                        #[doc = #docs]
                        #[rustfmt::skip]
                        pub mod #modules {
                            include!(#files);
                        }
                    )*
                    #services
                },
                features: None,
            }
        }
    }
}

/// What the index reads of a service: its names, title, version and feature, and its first
/// operation (the quick start calls it); no models, enums or other operations. A run that
/// emits one service at a time keeps this of each service for the index, instead of the
/// service.
pub fn outline(service: &ir::Service) -> ir::Service {
    ir::Service {
        name: service.name.clone(),
        title: service.title.clone(),
        version: service.version.clone(),
        module: service.module.clone(),
        feature: service.feature.clone(),
        source: service.source.clone(),
        endpoints: service.endpoints.clone(),
        operations: service.operations.first().cloned().into_iter().collect(),
        models: Vec::new(),
        enums: Vec::new(),
    }
}

/// The crate root's quick start: the dependencies and one call of the first operation of the
/// first service, from the environment's configuration; a doctest, so it stays true.
fn quick_start(plan: &Plan<'_>) -> Vec<String> {
    let Some((cloud, service, op)) = plan.services.values().find_map(|m| match &m.kind {
        ModuleKind::Service { cloud, service, .. } => Some((*cloud, *service, service.operations.first()?)),
        ModuleKind::Cloud { .. } => None,
    }) else {
        return Vec::new();
    };
    // A region of the cloud, for the mocked client's configuration.
    let region = match cloud.kind {
        crate::ir::CloudKind::Tencent => "ap-guangzhou",
        crate::ir::CloudKind::Alibaba => "cn-hangzhou",
    };
    let lines = [
        "",
        "# Quick start",
        "",
        "Each service is a cargo feature (all are on by default); an async runtime runs the calls:",
        "",
        "```toml",
        "[dependencies]",
        // Not published: a path (or git) dependency on this repository's `generated/`.
        &format!(
            "cloudpage-clients = {{ path = \"../cloudpage/generated\", default-features = false, features = [\"{}\"] }}",
            service.feature
        ),
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
        "```",
        "",
        "A client takes its region and credentials from the environment and the cloud's CLI",
        "profile (`Client::from_env`), or from a `runtime::Config` built by hand. Each operation",
        "is a method that returns a call to set parameters on; `send()` checks the documented",
        "rules, signs, sends, retries what is safe and decodes the answer or the operation's",
        "typed error:",
        "",
        "```no_run",
        &format!("use {CRATE}::{}::Client;", service.module),
        "",
        "#[tokio::main]",
        "async fn main() -> Result<(), Box<dyn std::error::Error>> {",
        "    let client = Client::from_env()?;",
        "    // One setter per parameter; these are the required ones.",
    ];
    let path = format!("{CRATE}::{}", service.module);
    // The call with its required parameters (from the page's example, as the operations'
    // own examples), its statement ended on the last line.
    let mut call_setters = vec![format!("    let call = client.{}()", op.names.method)];
    call_setters.extend(super::client::required_setters(op, &service.models, &path).into_iter().map(|line| format!("    {line}")));
    if let Some(last) = call_setters.last_mut() {
        last.push(';');
    }
    let between = [
        "    match call.send().await {",
        "        Ok(response) => println!(\"{response:?}\"),",
        "        Err(err) => match err.service_error() {",
        "            // The operation's own error enum: match on documented codes.",
        "            Some(service) => eprintln!(\"{}: {}\", service.code(), service.message),",
        "            None => eprintln!(\"{err}\"),",
        "        },",
        "    }",
        "    Ok(())",
        "}",
        "```",
        "",
        "# Testing code that calls a client",
        "",
        "With the feature `test-util`, `runtime::mock::Mock` answers a client's calls in a unit",
        "test, per operation, without a network or credentials; the answer goes through the same",
        "envelope parsing and typed decoding as a real one. The feature also compiles what builds",
        "and encodes an answer, which a program that only reads answers does without: the `with_`",
        "setters of responses and of the models only answers hold, and their `JsonEncode` impls",
        "(`then_output` takes one). Models that requests hold have theirs in every build.",
        "",
        "```",
        "use cloudpage_clients::runtime::{mock::Mock, Config};",
        &format!("use {CRATE}::{}::{{self as service, Client}};", service.module),
        "",
        "# #[tokio::main(flavor = \"current_thread\")]",
        "# async fn main() -> Result<(), Box<dyn std::error::Error>> {",
        "let mock = Mock::new();",
        &format!("mock.on(&service::{}).then_output(service::{}::default());", op.names.constant, op.names.response),
        &format!("let config = Config::builder().region(\"{region}\").build()?;"),
        "let client = Client::from_runtime(mock.client_with(&service::SERVICE, config)?);",
        &format!("let response = client.{}()", op.names.method),
    ];
    let setters = super::client::required_setters(op, &service.models, &path);
    let rest = [
        "    .send()",
        "    .await?;",
        &format!("assert_eq!(response, service::{}::default());", op.names.response),
        &format!("assert_eq!(mock.calls_to(&service::{}).len(), 1);", op.names.constant),
        "# Ok(())",
        "# }",
        "```",
    ];
    let lines = lines
        .iter()
        .map(|l| l.to_string())
        .chain(call_setters)
        .chain(between.iter().map(|l| l.to_string()))
        .chain(setters)
        .chain(rest.iter().map(|l| l.to_string()));
    lines.map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect()
}
