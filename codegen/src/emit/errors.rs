//! Errors. Per service, `CommonError`: the cloud's common codes (from `common.yaml`), emitted
//! once. Per operation, one enum: the codes its page documents, `Common(CommonError)` for the
//! common codes it does not document itself, and `Unknown`. Sharing the common part keeps
//! each operation's enum to its own codes (the common list is ~40 codes, which would otherwise
//! be repeated, with three `match`es each, in every operation) and lets callers handle common
//! errors (auth, throttling) once for every operation. Retryability comes from code classes
//! (`common.yaml` `retryable: true`), so an undocumented sub-code of a throttling class is
//! retryable too.

use super::docs::{Docs, sanitize_line};
use super::ident;
use crate::ir;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Variant idents, wire codes, descriptions and doc lines for a list of codes.
struct Variants {
    idents: Vec<Ident>,
    wire: Vec<String>,
    descriptions: Vec<String>,
    docs: Vec<TokenStream>,
}

fn variants(doc_sink: &Docs, codes: &[ir::ErrorCode]) -> Variants {
    let idents = codes.iter().map(|e| ident(&e.variant)).collect();
    let wire = codes.iter().map(|e| e.code.clone()).collect();
    let descriptions: Vec<String> =
        codes.iter().map(|e| if e.description.is_empty() { e.code.clone() } else { e.description.clone() }).collect();
    let docs = codes
        .iter()
        .zip(&descriptions)
        .map(|(e, d)| {
            let status = e.http_status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
            doc_sink.text(&[&format!("`{}`{status}: {}", sanitize_line(&e.code), sanitize_line(d))])
        })
        .collect();
    Variants { idents, wire, descriptions, docs }
}

fn retry_classes<'a>(codes: impl Iterator<Item = &'a ir::ErrorCode>) -> Vec<&'a str> {
    let mut classes: Vec<&str> = codes.filter(|e| e.retryable).map(|e| e.code.as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    classes
}

/// The cloud's common codes, once per service module.
pub fn common_enum(doc_sink: &Docs, cloud: &ir::Cloud) -> TokenStream {
    let Variants { idents, wire, descriptions, docs } = variants(doc_sink, &cloud.common_errors);
    let doc = doc_sink.text(&[&format!(
        "The common error codes of {}, which any operation can return (`common.yaml`).",
        cloud.title
    )]);
    let classes = retry_classes(cloud.common_errors.iter());
    // An enum without variants cannot be matched on `self`; a cloud with no common codes
    // still gets the type so operation enums can name it.
    let (from_code, code, description) = if idents.is_empty() {
        (quote! { None }, quote! { match *self {} }, quote! { match *self {} })
    } else {
        (
            quote! {
                match code {
                    #(#wire => Some(Self::#idents),)*
                    _ => None,
                }
            },
            quote! { match self { #(Self::#idents => #wire,)* } },
            quote! { match self { #(Self::#idents => #descriptions,)* } },
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#docs #idents,)*
        }
        impl CommonError {
            /// The variant of a wire code, if it is one of the common codes.
            pub fn from_code(code: &str) -> Option<Self> {
                #from_code
            }
            /// The wire code, e.g. `RequestLimitExceeded`.
            pub fn code(&self) -> &'static str {
                #code
            }
            /// The documented description.
            pub fn description(&self) -> &'static str {
                #description
            }
            /// Whether the code is in a retryable class (throttling).
            pub fn is_retryable(&self) -> bool {
                rt::code_in_classes(self.code(), &[#(#classes),*])
            }
        }
        impl ::core::fmt::Display for CommonError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.description())
            }
        }
    }
}

pub fn error_enum(doc_sink: &Docs, cloud: &ir::Cloud, op: &ir::Operation) -> TokenStream {
    let name = &ident(&op.names.error);
    let Variants { idents, wire, descriptions, docs } = variants(doc_sink, &op.errors);
    let classes = retry_classes(cloud.common_errors.iter().chain(&op.errors));
    let common_or_unknown = quote! {
        match CommonError::from_code(code) {
            Some(common) => Self::Common(common),
            None => Self::Unknown {
                code: code.to_owned(),
                message: message.to_owned(),
            },
        }
    };
    // Without documented codes, a `match` with only a wildcard arm would lint.
    let from_wire = if idents.is_empty() {
        common_or_unknown
    } else {
        quote! {
            match code {
                #(#wire => Self::#idents,)*
                _ => #common_or_unknown,
            }
        }
    };
    let enum_doc = doc_sink.text(&[
        &format!("Errors `{}` can return: the codes its page documents, the common codes of {}, and `Unknown`.", op.name, cloud.title),
        "",
        "The server's message and request id travel beside it in `cloudpage_runtime::ServiceError`.",
    ]);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #idents,)*
            /// A common error code of the cloud that this operation does not document itself.
            Common(CommonError),
            /// A code this operation does not document (kept as sent).
            Unknown {
                code: String,
                message: String,
            },
        }
        impl #name {
            /// The documented description of the code (the server's message for `Unknown`).
            pub fn description(&self) -> &str {
                match self {
                    #(Self::#idents => #descriptions,)*
                    Self::Common(common) => common.description(),
                    Self::Unknown { message, .. } => message,
                }
            }
        }
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    Self::Unknown { code, message } => write!(f, "{code}: {message}"),
                    _ => f.write_str(self.description()),
                }
            }
        }
        impl rt::OperationError for #name {
            fn from_wire(code: &str, message: &str) -> Self {
                #from_wire
            }
            fn code(&self) -> &str {
                match self {
                    #(Self::#idents => #wire,)*
                    Self::Common(common) => common.code(),
                    Self::Unknown { code, .. } => code,
                }
            }
            fn is_retryable(&self) -> bool {
                rt::code_in_classes(rt::OperationError::code(self), &[#(#classes),*])
            }
        }
    }
}
