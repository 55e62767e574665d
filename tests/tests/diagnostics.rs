//! Bad specs give every problem with file, line and what was expected; never a panic.

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, generate};

fn common() -> SourceFile {
    SourceFile::new(
        "tencent/common.yaml",
        "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\n",
    )
}

fn service() -> SourceFile {
    SourceFile::new(
        "tencent/demo/service.yaml",
        "service: demo\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: demo.tencentcloudapi.com\n",
    )
}

fn errors_of(files: &[SourceFile]) -> String {
    match generate(files, &Layout::Crate) {
        Ok(_) => panic!("expected errors"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn yaml_errors_name_file_line_and_expectation() {
    let op = SourceFile::new("tencent/demo/Demo.yaml", "name: Demo\nrequest:\n- name: A\n  type: strnig thing\n");
    let text = errors_of(&[common(), service(), op]);
    assert!(text.contains("error: invalid operation: request[0]: unknown type `strnig thing`: expected string, integer"), "{text}");
    assert!(text.contains("--> tencent/demo/Demo.yaml:"), "{text}");
    assert!(text.contains("= note: see docs/yaml-schema.md"), "{text}");
}

#[test]
fn every_error_is_reported_before_stopping() {
    let bad_service = SourceFile::new("tencent/demo/service.yaml", "service: other\ntitle: D\nversion: \"1\"\nendpoints:\n  default: d\n");
    let a = SourceFile::new("tencent/demo/A.yaml", "name: A\nversion: \"2\"\n");
    let b = SourceFile::new("tencent/demo/B.yaml", "name: B\nrequest:\n- name: X\n  type: string\n- name: X\n  type: integer\n");
    let text = errors_of(&[common(), bad_service, a, b]);
    assert!(text.contains("service.yaml says `service: other` but sits in folder `demo`"), "{text}");
    assert!(text.contains("page says version 2, service.yaml says 1"), "{text}");
    assert!(text.contains("field `X` appears twice in the request"), "{text}");
}

#[test]
fn missing_shared_specs_are_errors() {
    let op = SourceFile::new("tencent/demo/A.yaml", "name: A\n");
    let text = errors_of(&[common(), op.clone()]);
    assert!(text.contains("service folder `tencent/demo` has no service.yaml"), "{text}");
    let text = errors_of(&[service(), op]);
    assert!(text.contains("cloud folder `tencent` has no common.yaml"), "{text}");
}

#[test]
fn unresolved_models_become_json_with_a_warning() {
    let op = SourceFile::new(
        "tencent/demo/A.yaml",
        "name: A\nrequest:\n- name: Filters\n  type: array of Filter\n",
    );
    let output = generate(&[common(), service(), op], &Layout::Crate).expect("warnings only");
    let warnings = output.diagnostics.to_string();
    assert!(warnings.contains("warning: type `Filter` of `Filters` is not described in this service; kept as raw JSON"), "{warnings}");
    assert!(warnings.contains("--> tencent/demo/A.yaml:3"), "{warnings}");
    let warning = output.diagnostics.warnings().next().expect("one warning");
    assert_eq!((warning.span.file.as_str(), warning.span.line), ("tencent/demo/A.yaml", 3));
    assert!(!output.diagnostics.has_errors());
    let module = output.files.iter().find(|f| f.path == "src/tencent_demo.rs").unwrap();
    assert!(module.contents.contains("Vec<rt::serde_json::Value>"), "{}", module.contents);
}
