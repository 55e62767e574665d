//! Every documented example becomes a test in the generated module: the example request
//! decodes into the request struct, passes `validate()` (or, when the page's example leaves
//! out a required parameter, fails it with exactly that) and encodes back to the same JSON;
//! the example response's success object decodes into the response struct and back without
//! losing a documented field.

use super::ident;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;

pub fn example_tests(service: &ir::Service) -> TokenStream {
    let mut tests = Vec::new();
    for op in &service.operations {
        let request = ident(&op.names.request);
        let response = ident(&op.names.response);
        // `resolve` left out examples that do not fit, with a warning.
        for example in &op.examples {
            if let Some(ir::ExampleTest { test, json, omits_required }) = &example.request {
                let test = ident(test);
                let validates = if omits_required.is_empty() {
                    quote! { assert_eq!(request.validate(), Ok(())); }
                } else {
                    // The page's example is incomplete: validation must catch exactly that.
                    quote! {
                        let error = request.validate().expect_err("the example leaves out a required parameter");
                        assert_eq!(error.violation, rt::Violation::Missing);
                        assert!([#(#omits_required),*].contains(&error.field.as_str()), "{error:?}");
                    }
                };
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let documented: rt::serde_json::Value = rt::serde_json::from_str(#json).expect("the example is JSON");
                        let request: super::#request = rt::from_json_value(&documented).expect("the example fits the request struct");
                        #validates
                        let serialised = rt::to_json_value(&request).expect("serialises");
                        assert!(rt::json_equivalent(&serialised, &documented), "{serialised} != {documented}");
                    }
                });
            }
            if let Some(ir::ExampleTest { test, json, .. }) = &example.response {
                let test = ident(test);
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
