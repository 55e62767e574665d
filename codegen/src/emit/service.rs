//! `SERVICE`, and per operation its `rt::operation!` row (the `OperationInfo` const, the data
//! the runtime needs to sign, route, rate-limit and page a call; the `rt::Request` impl; the
//! fluent call's struct and fixed methods).

use super::docs::Docs;
use super::ident;
use super::template;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

fn opt_str(value: &Option<String>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

pub fn service_info(docs: &Docs, cloud: &ir::Cloud, service: &ir::Service) -> TokenStream {
    let cloud_variant = match cloud.kind {
        ir::CloudKind::Tencent => quote! { rt::Cloud::Tencent },
        ir::CloudKind::Alibaba => quote! { rt::Cloud::Alibaba },
    };
    let signing = match cloud.signing {
        ir::SigningScheme::Tc3HmacSha256 => quote! { rt::Signing::Tc3HmacSha256 },
        ir::SigningScheme::Acs3HmacSha256 => quote! { rt::Signing::Acs3HmacSha256 },
    };
    let envelope = match cloud.envelope {
        ir::Envelope::TencentResponse => quote! { rt::Envelope::TencentResponse },
        ir::Envelope::AlibabaRpc => quote! { rt::Envelope::AlibabaRpc },
    };
    let name = &service.name;
    let version = &service.version;
    let endpoints = &service.endpoints;
    let default = &endpoints.default;
    let intl = opt_str(&endpoints.intl);
    let regional = opt_str(&endpoints.regional);
    let finance = opt_str(&endpoints.finance);
    let finance_regions = &endpoints.finance_regions;
    let service_doc = format!("{} {}, version {}, default domain `{}`.", cloud.title, service.title, version, default);
    let service_doc = docs.text(&[&service_doc]);
    let constants = service.operations.iter().map(|op| ident(&op.names.constant));
    let parameters = service.operations.iter().map(|op| super::string_literal(&parameter_lines(&op.request, &service.enums)));
    quote! {
        #service_doc
        pub const SERVICE: rt::ServiceInfo = rt::ServiceInfo {
            cloud: #cloud_variant,
            name: #name,
            version: #version,
            endpoints: rt::Endpoints {
                default: #default,
                intl: #intl,
                regional: #regional,
                finance: #finance,
                finance_regions: &[#(#finance_regions),*],
            },
            signing: #signing,
            envelope: #envelope,
        };
        /// Every operation of this service, in name order.
        pub const OPERATIONS: &[rt::OperationInfo] = &[#(#constants),*];
        /// The request parameters of each operation of [`OPERATIONS`], in the same order: one
        /// line per parameter, tab-separated: wire name, type, `required` or `optional`, the
        /// documented rules, the description. The `cloudpage` command reads it for its
        /// per-operation help and to type `--Name value` arguments; it is data, so a program
        /// that does not read it does not keep it.
        pub const PARAMETERS: &[&str] = &[#(#parameters),*];
    }
}

/// An operation's `rt::operation!` row: its action, const, request, response, error and call,
/// its documented rate limit, whether it is sent without a signature, the region parameter the runtime fills (declared only where the
/// operation has one) and how it pages.
pub fn operation(op: &ir::Operation) -> TokenStream {
    let n = &op.names;
    let (constant, request, response, error, call) = (ident(&n.constant), ident(&n.request), ident(&n.response), ident(&n.error), ident(&n.call));
    let action = op.name.as_str();
    let rate = template::option_expr(op.rate_limit.map(|per_second| syn::Lit::Int(proc_macro2::Literal::u32_suffixed(per_second).into())));
    let region = op.region_field.map(|i| {
        let field = &op.request[i];
        let (id, wire) = (ident(&field.rust), field.wire.as_str());
        quote! { region #id = #wire; }
    });
    let paging = op.paging.as_ref().map(|paging| {
        let (doc, info, item) = (format!(" {}", paging_doc(paging)), paging_info(paging), template::rust_type(&paging.item));
        quote! { paging #doc #info => #item; }
    });
    let anonymous = op.anonymous.then(|| quote! { anonymous true; });
    let setters = super::client::call_setters(op);
    // `send` reads the region parameter and the setters set each parameter: a deprecated one
    // needs the allowance on both of the call's impls.
    let allow = template::allow_deprecated(&op.request);
    quote! {
        rt::operation! {
            #action #constant: #request -> #response, #error;
            #allow call #call;
            rate_limit #rate;
            #anonymous
            #region
            #paging
            #setters
        }
    }
}

/// The `rt::Paging` of an operation: its paging facts as data, for `rt::Paginator`.
fn paging_info(paging: &ir::Paging) -> TokenStream {
    let scheme = match paging.scheme {
        ir::PagingScheme::PageNumber => quote! { rt::PagingScheme::PageNumber },
        ir::PagingScheme::Offset => quote! { rt::PagingScheme::Offset },
        ir::PagingScheme::NextToken => quote! { rt::PagingScheme::NextToken },
        ir::PagingScheme::Marker => quote! { rt::PagingScheme::Marker },
    };
    let cursor = &paging.cursor;
    let page_size = opt_str(&paging.page_size);
    let numbers_as_strings = paging.numbers_as_strings;
    let (next, total_count, is_truncated, items) = (&paging.next, &paging.total_count, &paging.is_truncated, &paging.items);
    quote! {
        rt::Paging {
            scheme: #scheme,
            cursor: #cursor,
            page_size: #page_size,
            numbers_as_strings: #numbers_as_strings,
            next: &[#(#next),*],
            total_count: &[#(#total_count),*],
            is_truncated: &[#(#is_truncated),*],
            items: &[#(#items),*],
        }
    }
}

/// One line on how an operation pages, for its const's docs.
fn paging_doc(paging: &ir::Paging) -> String {
    let size = paging.page_size.as_deref().map(|s| format!("/`{s}`")).unwrap_or_default();
    let until = match paging.scheme {
        ir::PagingScheme::PageNumber | ir::PagingScheme::Offset if !paging.total_count.is_empty() => {
            format!(" up to `{}`", paging.total_count.join("."))
        }
        ir::PagingScheme::NextToken | ir::PagingScheme::Marker => format!(", the next page from `{}`", paging.next.join(".")),
        _ => String::new(),
    };
    format!("Pages by `{}`{size}{until}; a page's items are `{}`.", paging.cursor, paging.items.join("."))
}

/// A type as the parameter table of [`service_info`]'s `PARAMETERS` writes it.
fn type_text(ty: &ir::Type, enums: &[ir::ValueEnum]) -> String {
    match ty {
        ir::Type::String => "String".into(),
        ir::Type::Integer => "Integer".into(),
        ir::Type::Unsigned => "Integer (unsigned)".into(),
        ir::Type::Float => "Float".into(),
        ir::Type::Boolean => "Boolean".into(),
        ir::Type::Timestamp => "Timestamp (String)".into(),
        ir::Type::Json => "JSON".into(),
        ir::Type::Array(item) => format!("Array of {}", type_text(item, enums)),
        ir::Type::Model(name) => format!("Object ({name})"),
        ir::Type::Enum(name) => {
            let values = enums.iter().find(|e| &e.rust == name).map(|e| e.variants.iter().map(|(_, w)| w.as_str()).collect::<Vec<_>>());
            format!("String (one of: {})", values.unwrap_or_default().join(", "))
        }
    }
}

/// One operation's `PARAMETERS` entry. Tabs and line breaks inside the texts become spaces,
/// so the separators stay unambiguous.
fn parameter_lines(fields: &[ir::Field], enums: &[ir::ValueEnum]) -> String {
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for f in fields {
        let rules: Vec<String> = f.constraints.iter().map(|c| flat(&c.source)).filter(|s| !s.is_empty()).collect();
        let required = if f.required { "required" } else { "optional" };
        out.push_str(&format!(
            "{}\t{}\t{required}\t{}\t{}\n",
            flat(&f.wire),
            type_text(&f.ty, enums),
            rules.join(" "),
            flat(&f.description.join(" "))
        ));
    }
    out
}
