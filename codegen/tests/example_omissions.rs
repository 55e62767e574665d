//! An example request that leaves out a required field, at the top or inside a structure it
//! gives (SQL Server CreateDB: `{"DBs": [{"DBName": "test_db"}]}` where each database's
//! `Accounts` is required), is warned of, and its generated test expects `validate()` to
//! report that field by its path, instead of failing.

mod common;

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, Output, generate};

/// The demo service with the operation `CreateDb` of `yaml`: its module and the run's output.
fn generate_create_db(yaml: &str) -> (String, Output) {
    let mut files = common::demo_service();
    files.push(SourceFile::new("tencent/demo/CreateDb.yaml", yaml));
    let mut output = generate(&files, &Layout::Crate).expect("specs generate");
    let at = output.files.iter().position(|f| f.path == "src/tencent_demo.rs").expect("the module");
    (output.files.remove(at).contents, output)
}

#[test]
fn a_nested_required_field_the_example_leaves_out_is_expected_missing() {
    let (code, output) = generate_create_db(
        r#"name: CreateDb
request:
- name: InstanceId
  type: string
  required: true
- name: DBs
  type: array of DBCreateInfo
  required: true
examples:
- request:
    format: json
    text: '{"DBs": [{"DBName": "test_db", "Charset": "Chinese_PRC_CI_AS"}]}'
models:
- name: DBCreateInfo
  fields:
  - name: DBName
    type: string
    required: true
  - name: Charset
    type: string
    required: true
  - name: Accounts
    type: array of string
    required: true
response:
- name: RequestId
  type: string
"#,
    );
    assert!(squashed(&code).contains(r#"check_request_example::<CreateDbRequest>("#) && squashed(&code).contains(r#"&["InstanceId","DBs.Accounts"])"#), "{code}");
    let warned: Vec<String> = output.diagnostics.iter().map(|d| d.message.clone()).filter(|m| m.contains("leaves out required")).collect();
    assert_eq!(warned, vec!["example request of `CreateDb` leaves out required `InstanceId`, `DBs.Accounts`".to_string()]);
}

#[test]
fn a_required_member_given_as_null_is_omitted_too() {
    // Decoding reads `null` as absent, so `validate()` reports it missing.
    let (code, _) = generate_create_db(
        r#"name: CreateDb
request:
- name: DBs
  type: array of DBCreateInfo
  required: true
examples:
- request:
    format: json
    text: '{"DBs": [{"DBName": "a", "Accounts": ["x"]}, {"DBName": "b", "Accounts": null}]}'
models:
- name: DBCreateInfo
  fields:
  - name: DBName
    type: string
    required: true
  - name: Accounts
    type: array of string
    required: true
response:
- name: RequestId
  type: string
"#,
    );
    assert!(squashed(&code).contains(r#"&["DBs.Accounts"])"#), "{code}");
}

/// The code without whitespace: the example tests are rows of `rt::example_tests!`, laid out as
/// flowing tokens.
fn squashed(code: &str) -> String {
    code.split_whitespace().collect()
}
