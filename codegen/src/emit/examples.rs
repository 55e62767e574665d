//! Every documented example becomes a test in the generated module: the example request
//! deserialises into the request struct, passes `validate()` and serialises back to the same
//! JSON; the example response's success object deserialises into the response struct and
//! back without losing a documented field.

use super::{ServiceNames, ident};
use crate::ir::{self, ExampleRequest, TypeRef};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

/// Query pairs (`JobId=dts-1`, `InstanceIds.0=ins-1`) -> the JSON object they stand for, typed
/// by the request fields.
fn query_to_json(op: &ir::Operation, pairs: &[(String, String)]) -> Value {
    let mut object = Map::new();
    for (name, raw) in pairs {
        let (base, indexed) = match name.split_once('.') {
            Some((base, _)) => (base, true),
            None => (name.as_str(), false),
        };
        let Some(field) = op.request.iter().find(|f| f.name == base) else { continue };
        let item_ty = match &field.ty {
            TypeRef::Array(item) => item.as_ref(),
            other => other,
        };
        let value = typed(item_ty, raw);
        if matches!(field.ty, TypeRef::Array(_)) || indexed {
            let slot = object.entry(base.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = slot {
                items.push(value);
            }
        } else {
            object.insert(base.to_owned(), value);
        }
    }
    Value::Object(object)
}

fn typed(ty: &TypeRef, raw: &str) -> Value {
    let parsed = match ty {
        TypeRef::Integer => raw.parse::<i64>().ok().map(Value::from),
        TypeRef::Unsigned => raw.parse::<u64>().ok().map(Value::from),
        TypeRef::Float => raw.parse::<f64>().ok().map(Value::from),
        TypeRef::Boolean => raw.parse::<bool>().ok().map(Value::from),
        TypeRef::Json | TypeRef::Model(_) => serde_json::from_str(raw).ok(),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

pub fn example_tests(cloud: &ir::Cloud, service: &ir::Service, names: &ServiceNames) -> TokenStream {
    let mut tests = Vec::new();
    for (op, n) in service.operations.iter().zip(&names.operations) {
        let base = names::snake(&op.name);
        let base = base.trim_start_matches("r#").trim_end_matches('_');
        for (i, example) in op.examples.iter().enumerate() {
            let number = i + 1;
            let request_json = match &example.request {
                Some(ExampleRequest::Json(text)) => serde_json::from_str::<Value>(text).ok(),
                Some(ExampleRequest::Query(pairs)) => Some(query_to_json(op, pairs)),
                None => None,
            };
            if let Some(json) = request_json {
                let json = json.to_string();
                let test = ident(&format!("{base}_example_{number}_request"));
                let request = &n.request;
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let documented: rt::serde_json::Value = rt::serde_json::from_str(#json).expect("the example is JSON");
                        let request: super::#request = rt::serde_json::from_value(documented.clone()).expect("the example fits the request struct");
                        assert_eq!(request.validate(), Ok(()));
                        assert_eq!(rt::serde_json::to_value(&request).expect("serialises"), documented);
                    }
                });
            }
            let response_json = example.response.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
            let success = response_json.and_then(|body| match cloud.envelope {
                ir::Envelope::TencentResponse => body.get("Response").cloned(),
                ir::Envelope::AlibabaRpc => Some(body),
            });
            if let Some(json) = success {
                let json = json.to_string();
                let test = ident(&format!("{base}_example_{number}_response"));
                let response = &n.response;
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let documented: rt::serde_json::Value = rt::serde_json::from_str(#json).expect("the example is JSON");
                        let response: super::#response = rt::serde_json::from_value(documented.clone()).expect("the example fits the response struct");
                        assert_eq!(rt::serde_json::to_value(&response).expect("serialises"), documented);
                    }
                });
            }
        }
    }
    if tests.is_empty() {
        return quote! {};
    }
    quote! {
        /// The documented examples, as tests.
        #[cfg(test)]
        mod examples {
            use ::cloudpage_runtime::__codegen as rt;
            #(#tests)*
        }
    }
}
