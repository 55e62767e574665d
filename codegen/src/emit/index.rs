//! The crate index: the file that declares every module (`lib.rs`, or the include file of a
//! build script) with the `SERVICES` table, and for a crate the list of its cargo features.

use super::{ModuleKind, Plan};
use proc_macro2::TokenStream;
use quote::quote;

/// How the files are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A crate: `src/lib.rs` declaring one `src/<module>.rs` per service (`generated/`).
    Crate,
    /// Flat files for `OUT_DIR`: `<module>.rs` per service plus an include file that wraps
    /// each in `pub mod <module> { include!("<module>.rs"); }`.
    IncludeFile(String),
}

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
            match layout {
                Layout::Crate => quote! { #[cfg(any(#(feature = #features),*))] },
                Layout::IncludeFile(_) => quote! {},
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
            Layout::IncludeFile(_) => quote! {},
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
        Layout::IncludeFile(name) => {
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
