//! A cloud's shared module is built when any of its services is: in the crate it sits behind
//! `cfg(any(..))` of the services' features, or behind the one feature when the cloud has one
//! service (`any` of one predicate is clippy's `non_minimal_cfg`, an error under
//! `-D warnings` in the user's crate).

mod common;

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, generate};

fn operation(service: &str) -> SourceFile {
    SourceFile::new(
        format!("tencent/{service}/DescribeThings.yaml"),
        "name: DescribeThings\nrequest:\n- name: ThingId\n  type: string\nresponse:\n- name: RequestId\n  type: string\n",
    )
}

fn cloud_gate(files: &[SourceFile]) -> String {
    let output = generate(files, &Layout::Crate).expect("specs generate");
    let lib = output.files.into_iter().find(|f| f.path == "src/lib.rs").expect("lib.rs").contents;
    let lines: Vec<&str> = lib.lines().collect();
    let at = lines.iter().position(|l| *l == "pub mod tencent;").expect("the cloud module");
    // The attributes above it: the gate, then `#[rustfmt::skip]`.
    lines[..at].iter().rev().find(|l| l.starts_with("#[cfg(")).expect("a gate").to_string()
}

#[test]
fn one_service_gates_its_cloud_with_its_feature() {
    let mut files = common::demo_service();
    files.push(operation("demo"));
    assert_eq!(cloud_gate(&files), r#"#[cfg(feature = "tencent-demo")]"#);
}

#[test]
fn several_services_gate_their_cloud_with_any_feature() {
    let mut files = common::demo_service();
    files.push(operation("demo"));
    files.push(SourceFile::new(
        "tencent/other/service.yaml",
        "service: other\ntitle: Other\nversion: \"2020-01-01\"\nendpoints:\n  default: other.tencentcloudapi.com\n",
    ));
    files.push(operation("other"));
    assert_eq!(cloud_gate(&files), r#"#[cfg(any(feature = "tencent-demo", feature = "tencent-other"))]"#);
}
