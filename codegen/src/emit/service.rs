//! `SERVICE` and one `OperationInfo` const per operation: the data the runtime needs to sign,
//! route and rate-limit a call.

use super::docs::Docs;
use super::ident;
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
    let ops = service.operations.iter().map(|op| {
        let constant = ident(&op.names.constant);
        let action = &op.name;
        let rate = match op.rate_limit {
            Some(per_second) => quote! { Some(#per_second) },
            None => quote! { None },
        };
        let request = ident(&op.names.request);
        let doc = format!("`{action}`: what the runtime needs to call it.");
        let doc = docs.text(&[&doc]);
        quote! {
            #doc
            pub const #constant: rt::OperationInfo = rt::OperationInfo {
                service: &SERVICE,
                action: #action,
                rate_limit_per_second: #rate,
                validate_json: |params| rt::validate_json(params, #request::validate),
            };
        }
    });
    let constants = service.operations.iter().map(|op| ident(&op.names.constant));
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
        #(#ops)*
        /// Every operation of this service, in name order.
        pub const OPERATIONS: &[rt::OperationInfo] = &[#(#constants),*];
    }
}
