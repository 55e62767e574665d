//! Every documented example becomes a test in the generated module: the example request
//! decodes into the request struct, passes `validate()` and encodes back to the same JSON;
//! the example response's success object decodes into the response struct and back without
//! losing a documented field.

use super::{ServiceNames, ident};
use crate::ir;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

pub fn example_tests(cloud: &ir::Cloud, service: &ir::Service, names: &ServiceNames) -> TokenStream {
    let mut tests = Vec::new();
    for (op, n) in service.operations.iter().zip(&names.operations) {
        let base = names::snake(&op.name);
        let base = base.trim_start_matches("r#").trim_end_matches('_');
        for (i, example) in op.examples.iter().enumerate() {
            let number = i + 1;
            // `check` left out examples that do not fit, with a warning.
            let request_json = crate::example::request_json(op, example).ok().flatten();
            if let Some(json) = request_json {
                let json = json.to_string();
                let test = ident(&format!("{base}_example_{number}_request"));
                let request = &n.request;
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let documented: rt::serde_json::Value = rt::serde_json::from_str(#json).expect("the example is JSON");
                        let request: super::#request = rt::from_json_value(&documented).expect("the example fits the request struct");
                        assert_eq!(request.validate(), Ok(()));
                        let serialised = rt::to_json_value(&request).expect("serialises");
                        assert!(rt::json_equivalent(&serialised, &documented), "{serialised} != {documented}");
                    }
                });
            }
            let success = crate::example::response_json(op, example, cloud.envelope).ok().flatten();
            if let Some(json) = success {
                let json = json.to_string();
                let test = ident(&format!("{base}_example_{number}_response"));
                let response = &n.response;
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let documented: rt::serde_json::Value = rt::serde_json::from_str(#json).expect("the example is JSON");
                        let response: super::#response = rt::from_json_value(&documented).expect("the example fits the response struct");
                        let serialised = rt::to_json_value(&response).expect("serialises");
                        assert!(rt::json_equivalent(&serialised, &documented), "{serialised} != {documented}");
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
