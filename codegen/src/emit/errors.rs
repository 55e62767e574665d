//! One error enum per operation: its documented codes, then the cloud's common codes it does
//! not document itself, then `Unknown`. Retryability comes from code classes
//! (`common.yaml` `retryable: true`), so an undocumented sub-code of a throttling class is
//! retryable too.

use super::docs::{doc_text, sanitize_line};
use super::{OperationNames, ident};
use crate::ir;
use crate::names::{self, Scope};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub fn error_enum(cloud: &ir::Cloud, op: &ir::Operation, op_names: &OperationNames) -> TokenStream {
    let name = &op_names.error;
    let documented: BTreeSet<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let codes: Vec<&ir::ErrorCode> = op
        .errors
        .iter()
        .chain(cloud.common_errors.iter().filter(|e| !documented.contains(e.code.as_str())))
        .collect();
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let variants: Vec<proc_macro2::Ident> = codes.iter().map(|e| ident(&scope.claim(names::pascal(&e.code)))).collect();
    let wire: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
    let descriptions: Vec<String> =
        codes.iter().map(|e| if e.description.is_empty() { e.code.clone() } else { e.description.clone() }).collect();
    let variant_docs = codes.iter().zip(&descriptions).map(|(e, d)| {
        let origin = match e.origin {
            ir::ErrorOrigin::Operation => "documented for this operation",
            ir::ErrorOrigin::Common => "common error code",
        };
        let status = e.http_status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
        let line = format!("`{}` ({origin}{status}): {}", sanitize_line(&e.code), sanitize_line(d));
        doc_text(&[&line])
    });
    let mut classes: Vec<&str> =
        cloud.common_errors.iter().chain(&op.errors).filter(|e| e.retryable).map(|e| e.code.as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    let enum_doc = doc_text(&[
        &format!("Errors `{}` can return: its documented codes, the common codes of {}, and `Unknown`.", op.name, cloud.title),
        "",
        "The server's message and request id travel beside it in `cloudpage_runtime::ServiceError`.",
    ]);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
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
                    #(Self::#variants => #descriptions,)*
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
                match code {
                    #(#wire => Self::#variants,)*
                    _ => Self::Unknown {
                        code: code.to_owned(),
                        message: message.to_owned(),
                    },
                }
            }
            fn code(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::Unknown { code, .. } => code,
                }
            }
            fn is_retryable(&self) -> bool {
                rt::code_in_classes(rt::OperationError::code(self), &[#(#classes),*])
            }
        }
    }
}
