//! Nothing is lost to a name collision: two services, operations, models, fields or error
//! codes that would get the same Rust name are an error naming both, or a rename with a
//! warning naming both; never an overwrite.

use cloudpage_codegen::diag::{Diagnostic, Severity};
use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Error, Layout, generate};

fn common() -> SourceFile {
    SourceFile::new(
        "tencent/common.yaml",
        "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\n",
    )
}

fn service(folder: &str) -> SourceFile {
    SourceFile::new(
        format!("tencent/{folder}/service.yaml"),
        format!("service: {folder}\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: {folder}.tencentcloudapi.com\n"),
    )
}

fn op(folder: &str, name: &str, body: &str) -> SourceFile {
    SourceFile::new(format!("tencent/{folder}/{name}.yaml"), format!("name: {name}\n{body}"))
}

fn errors(files: &[SourceFile]) -> Vec<Diagnostic> {
    match generate(files, &Layout::Crate) {
        Ok(output) => panic!("expected errors, got exit 0 with {} files and warnings:\n{}", output.files.len(), output.diagnostics),
        Err(Error::Specs(diags)) => diags.sorted().into_iter().filter(|d| d.severity == Severity::Error).collect(),
        Err(other) => panic!("{other}"),
    }
}

/// Generates, and returns the warnings and the text of every generated file.
fn warnings(files: &[SourceFile]) -> (Vec<Diagnostic>, String) {
    let output = generate(files, &Layout::Crate).unwrap_or_else(|err| panic!("{err}"));
    let text = output.files.iter().map(|f| f.contents.as_str()).collect::<Vec<_>>().join("\n");
    (output.diagnostics.sorted(), text)
}

fn one<'a>(diags: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    let found: Vec<_> = diags.iter().filter(|d| d.message.contains(needle)).collect();
    assert_eq!(found.len(), 1, "one diagnostic with {needle:?} in {diags:#?}");
    found[0]
}

#[test]
fn services_with_one_module_name_are_an_error_naming_both_folders() {
    for (a, b, module) in [("Tat", "tat", "tencent_tat"), ("a-b", "a_b", "tencent_a_b"), ("名称", "服务", "tencent_field")] {
        let files = [common(), service(a), op(a, "RunA", ""), service(b), op(b, "RunB", "")];
        let errors = errors(&files);
        let error = one(&errors, "would both be module");
        let (first, second) = if a < b { (a, b) } else { (b, a) };
        assert_eq!(
            error.message,
            format!("service folders `tencent/{first}` and `tencent/{second}` would both be module `{module}`")
        );
        assert_eq!(error.span.file, format!("tencent/{second}/service.yaml"));
        assert!(error.note.as_deref().unwrap().contains(&format!("tencent/{first}/service.yaml:1")), "{error:?}");
    }
}

#[test]
fn operations_with_one_rust_name_are_an_error_naming_both_pages() {
    let files = [common(), service("demo"), op("demo", "DescribeX", ""), op("demo", "Describe_X", "")];
    let errors = errors(&files);
    let error = one(&errors, "would both get the Rust name");
    assert_eq!(error.message, "operations `DescribeX` and `Describe_X` would both get the Rust name `DescribeXRequest`");
    assert_eq!(error.span.to_string(), "tencent/demo/Describe_X.yaml:1");
    assert!(error.note.as_deref().unwrap().contains("tencent/demo/DescribeX.yaml:1"), "{error:?}");
}

#[test]
fn an_operation_named_like_a_client_method_is_renamed_with_a_warning() {
    let files = [common(), service("demo"), op("demo", "New", "")];
    let (warnings, text) = warnings(&files);
    let warning = one(&warnings, "operation `New`");
    assert_eq!(warning.message, "operation `New` would use the name `new`, which generated code defines itself; named `new_2`");
    assert!(text.contains("fn new_2("), "the renamed method is generated");
}

#[test]
fn models_with_one_struct_name_are_renamed_with_a_warning_naming_both() {
    let body = "request:\n- name: A\n  type: Tag\n- name: B\n  type: TAG\n- name: C\n  type: Option\nmodels:\n- name: Tag\n  fields:\n  - name: Key\n    type: string\n- name: TAG\n  fields:\n  - name: Value\n    type: string\n- name: Option\n  fields:\n  - name: Some\n    type: string\n";
    let files = [common(), service("demo"), op("demo", "Run", body)];
    let (warnings, text) = warnings(&files);
    let warning = one(&warnings, "models `Tag` and `TAG`");
    assert_eq!(warning.message, "models `Tag` and `TAG` would both be struct `Tag`; `TAG` is named `Tag2`");
    assert_eq!(warning.span.to_string(), "tencent/demo/Run.yaml:14");
    assert_eq!(warning.note.as_deref(), Some("`Tag` is at tencent/demo/Run.yaml:10"));
    let reserved = one(&warnings, "model `Option`");
    assert_eq!(reserved.message, "model `Option` would be struct `Option`, a name generated code uses; named `Option2`");
    assert!(text.contains("pub struct Tag {") && text.contains("pub struct Tag2 {"), "both models are generated");
}

#[test]
fn a_model_named_like_an_operation_type_is_renamed_with_a_warning() {
    let body = "request:\n- name: A\n  type: RunRequest\nmodels:\n- name: RunRequest\n  fields:\n  - name: Key\n    type: string\n";
    let (warnings, _) = warnings(&[common(), service("demo"), op("demo", "Run", body)]);
    let warning = one(&warnings, "model `RunRequest`");
    assert_eq!(warning.message, "model `RunRequest` would be struct `RunRequest`, a type of operation `Run`; named `RunRequest2`");
    assert_eq!(warning.note.as_deref(), Some("`Run` is at tencent/demo/Run.yaml:1"));
}

#[test]
fn fields_with_one_rust_name_are_renamed_with_a_warning_naming_both_rows() {
    let body = "request:\n- name: InstanceId\n  type: string\n- name: InstanceID\n  type: string\n";
    let (warnings, text) = warnings(&[common(), service("demo"), op("demo", "Run", body)]);
    let warning = one(&warnings, "fields `InstanceId` and `InstanceID`");
    assert_eq!(
        warning.message,
        "fields `InstanceId` and `InstanceID` of the request of `Run` would both be `instance_id`; `InstanceID` is named `instance_id_2`"
    );
    assert_eq!(warning.span.to_string(), "tencent/demo/Run.yaml:5");
    assert_eq!(warning.note.as_deref(), Some("`InstanceId` is at tencent/demo/Run.yaml:3"));
    assert!(text.contains("instance_id_2"), "both fields are generated");
}

#[test]
fn error_codes_with_one_variant_name_are_renamed_with_a_warning_naming_both() {
    let body = "errors:\n- code: InvalidParameter.Foo\n- code: InvalidParameterFoo\n- code: Unknown\n";
    let (warnings, text) = warnings(&[common(), service("demo"), op("demo", "Run", body)]);
    let warning = one(&warnings, "error codes `InvalidParameter.Foo` and `InvalidParameterFoo`");
    assert_eq!(
        warning.message,
        "error codes `InvalidParameter.Foo` and `InvalidParameterFoo` of `Run` would both be variant `InvalidParameterFoo`; `InvalidParameterFoo` is named `InvalidParameterFoo2`"
    );
    assert_eq!(warning.span.to_string(), "tencent/demo/Run.yaml:4");
    assert_eq!(warning.note.as_deref(), Some("`InvalidParameter.Foo` is at tencent/demo/Run.yaml:3"));
    let reserved = one(&warnings, "error code `Unknown`");
    assert_eq!(reserved.message, "error code `Unknown` of `Run` would be variant `Unknown`, which the enum defines itself; named `Unknown2`");
    assert!(text.contains("InvalidParameterFoo2"), "both variants are generated");
}

#[test]
fn common_error_codes_with_one_variant_name_are_renamed_with_a_warning() {
    let common = SourceFile::new(
        "tencent/common.yaml",
        "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\ncommon_errors:\n- code: AuthFailure.X\n- code: AuthFailureX\n",
    );
    let (warnings, _) = warnings(&[common, service("demo"), op("demo", "Run", "")]);
    let warning = one(&warnings, "error codes `AuthFailure.X` and `AuthFailureX`");
    assert!(warning.message.contains("of the common errors of Tencent Cloud"), "{warning:?}");
    assert_eq!(warning.span.to_string(), "tencent/common.yaml:7");
}
