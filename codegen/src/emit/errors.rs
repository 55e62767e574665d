//! Errors. Per cloud, `CommonError`: the cloud's common codes (from `common.yaml`), emitted
//! once. Per operation, one enum: the codes its page documents, `Common(CommonError)` for the
//! common codes it does not document itself, and `Unknown`. Sharing the common part keeps
//! each operation's enum to its own codes (the common list is ~40 codes, which would otherwise
//! be repeated in every operation) and lets callers handle common errors (auth, throttling)
//! once for every operation. An operation's enum declares tables, not code: its wire codes and
//! descriptions (`rt::ErrorCodes`) beside its variants, index for index, in an
//! `rt::ErrorEnum` impl with two small conversions for `Common` and `Unknown`; the runtime
//! implements `rt::OperationError` (wire code to variant and back, retryability) and the
//! description and `Display` from those once, generically, for every enum. (A `match` on wire
//! strings per operation, or lookups written out per enum, cost more to compile: BENCHMARKS.md.)
//! Retryability comes from code classes (`common.yaml` `retryable: true`), so an undocumented
//! sub-code of a throttling class is retryable too.

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

/// `CommonError`'s table: `DOCUMENTED` (`rt::ErrorCodes`: wire codes and descriptions) and
/// `VARIANTS`, index for index, with `from_index` and `index` between a variant and its index
/// (a lookup in `VARIANTS`, not a `match` arm per code). Operation enums declare the same two
/// constants in their `rt::ErrorEnum` impl, and the runtime does their lookups.
fn table(idents: &[Ident], wire: &[String], descriptions: &[String]) -> TokenStream {
    quote! {
        /// The documented codes, index for index with `VARIANTS`.
        const DOCUMENTED: rt::ErrorCodes = rt::ErrorCodes {
            codes: &[#(#wire),*],
            descriptions: &[#(#descriptions),*],
        };
        /// The documented variants, index for index with `DOCUMENTED`.
        const VARIANTS: &'static [Self] = &[#(Self::#idents),*];
        /// The variant at `index` in `DOCUMENTED` (`None` for no index).
        #[inline]
        fn from_index(index: Option<usize>) -> Option<Self> {
            index.and_then(|index| Self::VARIANTS.get(index)).cloned()
        }
        /// The index of a documented variant in `DOCUMENTED` (`usize::MAX` for the others).
        #[inline]
        fn index(&self) -> usize {
            Self::VARIANTS.iter().position(|variant| variant == self).unwrap_or(usize::MAX)
        }
    }
}

/// The cloud's common codes, once per service module.
pub fn common_enum(doc_sink: &Docs, cloud: &ir::Cloud) -> TokenStream {
    let Variants { idents, wire, descriptions, docs } = variants(doc_sink, &cloud.common_errors);
    let doc = doc_sink.text(&[&format!(
        "The common error codes of {}, which any operation can return (`common.yaml`).",
        cloud.title
    )]);
    let classes = retry_classes(cloud.common_errors.iter());
    // The docs' examples are this cloud's own codes (the methods are the same for both clouds).
    let code_doc = doc_sink.text(&[&match wire.first() {
        Some(code) => format!("The wire code, e.g. `{code}`."),
        None => "The wire code.".to_owned(),
    }]);
    let retryable_doc = match classes.first() {
        Some(class) => doc_sink.text(&[
            "Whether a wire code, documented or not, is in one of the cloud's retryable",
            &format!("classes: a class or a sub-code of one (`{class}.` and more is in `{class}`)."),
        ]),
        None => doc_sink.text(&["Whether a wire code is in one of the cloud's retryable classes (this cloud", "documents none)."]),
    };
    // A cloud without common codes still gets the (empty) type so operation enums can name it.
    let table = table(&idents, &wire, &descriptions);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#docs #idents,)*
        }
        impl CommonError {
            #table
            /// The variant of a wire code, if it is one of the common codes.
            pub fn from_code(code: &str) -> Option<Self> {
                Self::from_index(Self::DOCUMENTED.find(code))
            }
            #code_doc
            pub fn code(&self) -> &'static str {
                Self::DOCUMENTED.code(self.index())
            }
            /// The documented description.
            pub fn description(&self) -> &'static str {
                Self::DOCUMENTED.description(self.index())
            }
            /// Whether the code is in a retryable class (throttling).
            pub fn is_retryable(&self) -> bool {
                Self::is_retryable_code(self.code())
            }
            #retryable_doc
            pub fn is_retryable_code(code: &str) -> bool {
                rt::code_in_classes(code, &[#(#classes),*])
            }
        }
        impl rt::CommonCodes for CommonError {
            #[inline]
            fn from_code(code: &str) -> Option<Self> {
                Self::from_code(code)
            }
            #[inline]
            fn code(&self) -> &'static str {
                self.code()
            }
            #[inline]
            fn description(&self) -> &'static str {
                self.description()
            }
            #[inline]
            fn is_retryable_code(code: &str) -> bool {
                Self::is_retryable_code(code)
            }
        }
        impl ::core::fmt::Display for CommonError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.description())
            }
        }
    }
}

/// An operation's error enum and its impls: an `rt::error_enum!` table, a line per documented
/// code (the runtime's macro writes the enum, its doc per variant and its impls). A variant's
/// doc is given apart only when the page's text had to be made safe for rustdoc.
pub fn error_enum(cloud: &ir::Cloud, op: &ir::Operation) -> TokenStream {
    let name = ident(&op.names.error);
    let common = ident("CommonError");
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = e.code.as_str();
        let description = if e.description.is_empty() { code } else { e.description.as_str() };
        // The doc the macro writes from the row, and the one made safe for rustdoc.
        let http = e.http_status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        let shown = format!(" `{code}`{http}: {description}");
        let safe = format!(" `{}`{http}: {}", sanitize_line(code), sanitize_line(description));
        let doc = (safe != shown).then(|| {
            let safe = super::string_literal(&safe);
            quote! { doc #safe }
        });
        let status = e.http_status.map(|s| {
            let s = proc_macro2::Literal::u16_unsuffixed(s);
            quote! { (#s) }
        });
        let description = super::string_literal(description);
        quote! { #variant = #code #status: #description #doc }
    });
    // The cloud's retryable classes are `CommonError`'s; only an operation's own retryable
    // codes that are not common ones are listed here.
    let own_classes: Vec<&str> = retry_classes(op.errors.iter())
        .into_iter()
        .filter(|code| !cloud.common_errors.iter().any(|common| common.retryable && common.code == *code))
        .collect();
    let retryable = (!own_classes.is_empty()).then(|| quote! { retryable [#(#own_classes),*] });
    let (operation, title) = (op.name.as_str(), cloud.title.as_str());
    quote! {
        rt::error_enum! {
            #operation, #title;
            pub enum #name: #common { #(#variants),* }
            #retryable
        }
    }
}
