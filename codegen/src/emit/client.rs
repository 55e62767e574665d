//! The per-service `Client`: one async method per operation, validating before sending.

use super::docs::Docs;
use super::ident;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

pub fn client(docs: &Docs, service: &ir::Service) -> TokenStream {
    let methods = service.operations.iter().map(|op| {
        let n = &op.names;
        let (method, request, response, error, constant) =
            (ident(&n.method), ident(&n.request), ident(&n.response), ident(&n.error), ident(&n.constant));
        let summary = docs.text(&[&format!("Calls `{}`.", op.name), ""]);
        let description = docs.attrs(&op.description);
        let limit = op
            .rate_limit
            .map(|per_second| {
                docs.text(&[
                    "",
                    &format!("Rate limited to {per_second} requests per second per client process, as documented."),
                ])
            })
            .unwrap_or_default();
        quote! {
            #summary
            #description
            #limit
            pub async fn #method(&self, request: &#request) -> Result<#response, ::cloudpage_runtime::Error<#error>> {
                request.validate()?;
                self.inner.call(&#constant, request).await
            }
        }
    });
    let doc = docs.text(&[&format!("Client for {} (`{}`, version {}).", service.title, service.name, service.version)]);
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
            /// The runtime client underneath (shared connection pool and rate limiters).
            pub fn runtime(&self) -> &::cloudpage_runtime::Client {
                &self.inner
            }
            #(#methods)*
        }
    }
}
