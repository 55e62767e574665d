//! The docs of a service's `Client` speak of that service (`Client::send`'s example request is
//! one of its own, never a request of another service), and each operation's example sets
//! what its checks require, so that it would pass them as written.

mod common;

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout, generate};

/// The generated module of a Tencent service `demo` with these operations (name, YAML).
fn module_with(operations: &[(&str, String)]) -> String {
    let mut files = common::demo_service();
    for (name, body) in operations {
        files.push(SourceFile::new(format!("tencent/demo/{name}.yaml"), body.as_str()));
    }
    let output = generate(&files, &Layout::Crate).expect("specs generate");
    output.files.into_iter().find(|f| f.path == "src/tencent_demo.rs").expect("the service module").contents
}

/// Operations of one string parameter, answering only the request id.
fn module(operations: &[&str]) -> String {
    let operations: Vec<(&str, String)> = operations
        .iter()
        .map(|name| (*name, format!("name: {name}\nrequest:\n- name: Id\n  type: string\nresponse:\n- name: RequestId\n  type: string\n")))
        .collect();
    module_with(&operations)
}

fn module_of(name: &str, body: &str) -> String {
    module_with(&[(name, body.to_owned())])
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


/// A required model parameter is built with its own required fields (CVM `RunInstances`'
/// `Placement`, whose `Zone` is required): from the documented example request where it has
/// them, else from the field's own example, else a placeholder; nested models the same way.
/// Optional fields stay unset.
#[test]
fn an_operation_example_sets_the_required_fields_of_a_required_model() {
    let code = module_of(
        "RunThings",
        r#"name: RunThings
request:
- name: Placement
  type: Placement
  required: true
examples:
- request:
    format: json
    text: '{"Placement": {"Zone": "ap-guangzhou-2", "Host": {"HostId": "host-1"}}}'
models:
- name: Placement
  fields:
  - name: Zone
    type: string
    required: true
  - name: ProjectId
    type: integer
  - name: Host
    type: Host
    required: true
  - name: Pool
    type: Pool
    required: true
- name: Host
  fields:
  - name: HostId
    type: string
    required: true
- name: Pool
  fields:
  - name: PoolId
    type: string
    required: true
    example: pool-9
  - name: Size
    type: integer
    required: true
"#,
    );
    let line = code.lines().find(|l| l.contains(".placement(")).expect("the example sets the placement");
    assert!(
        line.ends_with(
            ".placement(cloudpage_clients::tencent_demo::Placement::default().with_zone(\"ap-guangzhou-2\").with_host(cloudpage_clients::tencent_demo::Host::default().with_host_id(\"host-1\")).with_pool(cloudpage_clients::tencent_demo::Pool::default().with_pool_id(\"pool-9\").with_size(1)))"
        ),
        "{line}"
    );
}

/// A call setter's doc is the first paragraph of its field's description; when that
/// paragraph only introduces a list ("Auto renewal flag. Value range:", CVM `RenewFlag`), the
/// list comes with it, so hovering the method does not end at the colon. A field without a
/// description is named alone. (The doc is the last cell of the setter's `rt::call_setters!`
/// row, in the operation's `rt::operation!`; the runtime's macro makes it the method's doc.)
#[test]
fn a_method_doc_that_introduces_a_list_carries_the_list() {
    let code = module_of(
        "RenewThings",
        r#"name: RenewThings
request:
- name: RenewFlag
  type: string
  description:
  - "Auto renewal flag. Value range:"
  - "- NOTIFY_AND_AUTO_RENEW: Notify expiry and renew automatically"
  - "- DISABLE_NOTIFY_AND_MANUAL_RENEW: Neither notify expiry nor renew automatically"
- name: Note
  type: string
- name: Period
  type: integer
  description:
  - "Purchased duration, in months."
  - "Default: 1."
response:
- name: RenewFlag
  type: string
  description:
  - "Auto renewal flag. Value range:"
  - "- NOTIFY_AND_AUTO_RENEW: Notify expiry and renew automatically"
- name: RequestId
  type: string
"#,
    );
    let file = syn::parse_file(&code).expect("the module parses");
    // The call's setters are the `setters { .. }` part of the operation's `rt::operation!` row.
    let table: Vec<proc_macro2::TokenTree> = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "operation") => {
                let tokens = m.mac.tokens.clone().into_iter().skip_while(|t| !matches!(t, proc_macro2::TokenTree::Ident(i) if i == "setters"));
                tokens.filter_map(|t| match t {
                    proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => Some(g.stream().into_iter().collect()),
                    _ => None,
                })
                .next()
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `setters {{ .. }}` in:\n{code}"));
    // A row ends `= "Wire" "doc"`: the doc is the literal after the wire name's.
    let doc_of = |wire: &str| -> Vec<String> {
        let at = table.iter().position(|t| t.to_string() == format!("{wire:?}")).unwrap_or_else(|| panic!("no row of {wire}:\n{code}"));
        let proc_macro2::TokenTree::Literal(doc) = &table[at + 1] else { panic!("no doc after {wire}") };
        let doc: syn::LitStr = syn::parse_str(&doc.to_string()).expect("a string literal");
        doc.value().lines().map(|l| format!("///{l}").trim().to_owned()).collect()
    };
    let list = [
        "/// `RenewFlag`: Auto renewal flag. Value range:",
        "///",
        "/// - NOTIFY_AND_AUTO_RENEW: Notify expiry and renew automatically",
    ];
    let setter = doc_of("RenewFlag");
    assert_eq!(setter[..3], list);
    assert_eq!(setter.last().map(String::as_str), Some("/// - DISABLE_NOTIFY_AND_MANUAL_RENEW: Neither notify expiry nor renew automatically"));
    // A first paragraph that says it all stays alone; no description, the name alone.
    assert_eq!(doc_of("Period"), ["/// `Period`: Purchased duration, in months."]);
    assert_eq!(doc_of("Note"), ["/// `Note`."]);
}
