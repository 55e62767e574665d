//! Every documented example becomes a test in the generated module: the example request
//! decodes into the request struct, passes `validate()` (or, when the page's example leaves
//! out a required parameter, fails it with exactly that) and encodes back to the same JSON;
//! the example response's success object decodes into the response struct and back without
//! losing a documented field. The checks are the runtime's (`rt::check_request_example`,
//! `rt::check_response_example`); each test is a row of `rt::example_tests!`, one call with
//! the example's text.

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
                tests.push(quote! { #test: check_request_example::<#request>(#json, &[#(#omits_required),*]) });
            }
            if let Some(ir::ExampleTest { test, json, .. }) = &example.response {
                let test = ident(test);
                tests.push(quote! { #test: check_response_example::<#response>(#json) });
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
            ::cloudpage_runtime::__codegen::example_tests! { #(#tests),* }
        }
    }
}
