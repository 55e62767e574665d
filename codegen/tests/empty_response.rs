//! A response whose page documents nothing but the request id (or no field at all) is the
//! runtime's `EmptyResponse`, named per operation; any other response keeps a struct of its
//! own.

mod common;

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, generate};

fn module(operations: &[(&str, &str)]) -> String {
    let mut files = common::demo_service();
    for (name, response) in operations {
        files.push(SourceFile::new(
            format!("tencent/demo/{name}.yaml"),
            format!("name: {name}\nrequest:\n- name: Id\n  type: string\nresponse:\n{response}"),
        ));
    }
    let output = generate(&files, &Layout::Crate).expect("specs generate");
    output.files.into_iter().find(|f| f.path == "src/tencent_demo.rs").expect("the service module").contents
}

#[test]
fn a_response_of_only_the_request_id_is_the_runtime_empty_response() {
    let code = module(&[("StopThing", "- name: RequestId\n  type: string\n")]);
    assert!(code.contains("pub type StopThingResponse = ::cloudpage_runtime::EmptyResponse;"), "{code}");
    assert!(!code.contains("pub struct StopThingResponse"), "{code}");
    // The operation's row names it as the request's response.
    let squashed: String = code.split_whitespace().collect();
    assert!(squashed.contains("StopThingRequest->StopThingResponse,"), "{code}");
}

#[test]
fn a_response_with_no_documented_field_is_the_runtime_empty_response() {
    // Alibaba RAM `ChangePassword`'s "Return parameters": "Only public parameters are
    // returned." Both clouds' envelopes still carry `RequestId`.
    let code = module(&[("PingThing", "  []\n")]);
    assert!(code.contains("pub type PingThingResponse = ::cloudpage_runtime::EmptyResponse;"), "{code}");
    assert!(!code.contains("pub struct PingThingResponse"), "{code}");
}

#[test]
fn any_other_response_keeps_its_struct() {
    let code = module(&[
        // More than the request id.
        ("DescribeThing", "- name: RequestId\n  type: string\n- name: Total\n  type: integer\n"),
        // The id documented with another type.
        ("CountThing", "- name: RequestId\n  type: integer\n"),
        // Another single field.
        ("GetThing", "- name: Token\n  type: string\n"),
    ]);
    for name in ["DescribeThing", "CountThing", "GetThing"] {
        assert!(code.contains(&format!("pub struct {name}Response")), "{name}: {code}");
        assert!(!code.contains(&format!("pub type {name}Response")), "{name}: {code}");
    }
}
