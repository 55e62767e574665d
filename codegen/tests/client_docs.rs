//! The fixed docs of a service's `Client` speak of that service: `Client::send`'s example
//! request is one of its own, never a request of another service.

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, generate};

fn module(operations: &[&str]) -> String {
    let mut files = vec![
        SourceFile::new(
            "tencent/common.yaml",
            "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\n",
        ),
        SourceFile::new(
            "tencent/demo/service.yaml",
            "service: demo\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: demo.tencentcloudapi.com\n",
        ),
    ];
    for name in operations {
        files.push(SourceFile::new(
            format!("tencent/demo/{name}.yaml"),
            format!("name: {name}\nrequest:\n- name: Id\n  type: string\nresponse:\n- name: RequestId\n  type: string\n"),
        ));
    }
    let output = generate(&files, &Layout::Crate).expect("specs generate");
    output.files.into_iter().find(|f| f.path == "src/tencent_demo.rs").expect("the service module").contents
}

#[test]
fn send_names_a_request_of_its_own_service() {
    let code = module(&["StopThing", "DescribeThing"]);
    let line = code.lines().find(|l| l.contains("Validates and sends a request built elsewhere")).expect("the doc of `Client::send`");
    assert!(
        line.contains("[`DescribeThingRequest`]") || line.contains("[`StopThingRequest`]"),
        "the example names this service's request: {line}"
    );
    assert!(!code.contains("CancelInvocation"), "no other service's request is named:\n{code}");
}
