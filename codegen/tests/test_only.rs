//! What only tests need (the `with_` setters and the encoder of an answer's types) is behind
//! the layout's test-only cfg: in the crate `cfg(any(test, feature = "test-util"))`; in an
//! include file nothing by default, or the user's predicate (`Builder::test_only_cfg`). A
//! model some request holds, even nested or also in an answer, keeps both in every build.

mod common;

use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Builder, CfgPredicate, Error, Layout, generate};
use std::path::PathBuf;

const GATE: &str = r#"#[cfg(any(test, feature = "test-util"))]"#;

/// Two operations: `DescribeThings` sends filters (`Filter`, holding `Range`) and answers
/// things (`Thing`, holding a list of `Disk`) and tags; `TagThings` sends tags and answers only
/// the request id. So `Filter`, `Range` and `Tag` are sent; `Thing` and `Disk` only answered.
fn specs() -> Vec<SourceFile> {
    let mut files = common::demo_service();
    files.extend([
        SourceFile::new(
            "tencent/demo/DescribeThings.yaml",
            "name: DescribeThings
request:
- name: Filters
  type: array of Filter
response:
- name: Things
  type: array of Thing
- name: Tags
  type: array of Tag
- name: RequestId
  type: string
models:
- name: Filter
  fields:
  - name: Name
    type: string
  - name: Range
    type: Range
- name: Range
  fields:
  - name: Min
    type: integer
- name: Thing
  fields:
  - name: ThingId
    type: string
  - name: Disks
    type: array of Disk
- name: Disk
  fields:
  - name: Size
    type: integer
- name: Tag
  fields:
  - name: Key
    type: string
",
        ),
        SourceFile::new(
            "tencent/demo/TagThings.yaml",
            "name: TagThings
request:
- name: Tags
  type: array of Tag
response:
- name: RequestId
  type: string
models:
- name: Tag
  fields:
  - name: Key
    type: string
",
        ),
    ]);
    files
}

fn module(layout: &Layout, name: &str) -> String {
    let output = generate(&specs(), layout).expect("specs generate");
    output.files.into_iter().find(|f| f.path == name).expect("the service module").contents
}

/// The text without whitespace: how token streams and attributes are compared here.
fn squashed(text: &str) -> String {
    text.split_whitespace().collect()
}

fn items(code: &str) -> Vec<syn::Item> {
    syn::parse_file(code).unwrap_or_else(|e| panic!("{e}:\n{code}")).items
}

/// The attributes of `ty`'s encoder (squashed), which its `rt::json_codec!` row puts before
/// `JsonEncode`: `None` when `ty` has no codec.
fn encoder_gate(code: &str, ty: &str) -> Option<String> {
    items(code).into_iter().find_map(|item| {
        let syn::Item::Macro(m) = item else { return None };
        let tokens = squashed(&m.mac.tokens.to_string());
        let before = tokens.strip_suffix('}')?.split_once(&format!("JsonEncodefor{ty}{{"))?.0;
        Some(before.split_once("JsonDecode,")?.1.to_owned())
    })
}

/// The attributes (squashed) of the impl block whose `rt::accessors!` table (or a method of
/// its own) has `method`: an accessor's gate, were the table put behind one (its header gates
/// only the `with_` setters).
fn impl_gate(code: &str, method: &str) -> String {
    let found = items(code).into_iter().find_map(|item| {
        let syn::Item::Impl(block) = item else { return None };
        let has = block.items.iter().any(|i| match i {
            syn::ImplItem::Macro(m) => m.mac.tokens.clone().into_iter().any(|t| matches!(t, proc_macro2::TokenTree::Ident(id) if id == method)),
            syn::ImplItem::Fn(f) => f.sig.ident == method,
            _ => false,
        });
        has.then(|| block.attrs.iter().map(|a| squashed(&quote::quote!(#a).to_string())).collect::<String>())
    });
    found.unwrap_or_else(|| panic!("no impl with `{method}` in:\n{code}"))
}

/// How many items `gate` (an attribute) is on: the `with_` setters of an `rt::accessors!` table
/// (its header `with #[cfg(..)];`), encoders in codec rows, impl blocks.
fn gated_items(code: &str, gate: &str) -> usize {
    squashed(code).matches(&squashed(gate)).count()
}

/// The gate (squashed) of the `with_` setter `method`: its `rt::accessors!` table's header,
/// `""` when it has none.
fn setter_gate(code: &str, method: &str) -> String {
    let found = items(code).into_iter().find_map(|item| {
        let syn::Item::Impl(block) = item else { return None };
        block.items.iter().find_map(|i| match i {
            syn::ImplItem::Macro(m) if m.mac.tokens.clone().into_iter().any(|t| matches!(t, proc_macro2::TokenTree::Ident(id) if id == method)) => {
                let tokens = squashed(&m.mac.tokens.to_string());
                Some(tokens.strip_prefix("with").and_then(|rest| rest.split_once(';')).map(|(gate, _)| gate.to_owned()).unwrap_or_default())
            }
            _ => None,
        })
    });
    found.unwrap_or_else(|| panic!("no table with `{method}` in:\n{code}"))
}

fn gated(code: &str, ty: &str) -> bool {
    encoder_gate(code, ty).unwrap_or_else(|| panic!("no codec of `{ty}` in:\n{code}")) == squashed(GATE)
}

#[test]
fn the_crate_gates_the_builders_and_encoders_only_tests_use() {
    let code = module(&Layout::Crate, "src/tencent_demo.rs");
    // The response: its encoder and its `with_` setters.
    assert!(gated(&code, "DescribeThingsResponse"), "{code}");
    assert_eq!(setter_gate(&code, "with_things"), squashed(GATE), "{code}");
    // A model only answers hold, and the model it holds.
    for model in ["Thing", "Disk"] {
        assert!(gated(&code, model), "{model}: {code}");
    }
    assert_eq!(setter_gate(&code, "with_thing_id"), squashed(GATE), "{code}");
    assert_eq!(setter_gate(&code, "with_size"), squashed(GATE), "{code}");
    // What programs use stays in every build: decoders (a codec row's attributes before
    // `JsonDecode` would be on both) and accessors of answers...
    for ty in ["DescribeThingsResponse", "Thing"] {
        let codec = items(&code).into_iter().find_map(|item| match item {
            syn::Item::Macro(m) if squashed(&m.mac.tokens.to_string()).contains(&format!("for{ty}{{")) => Some(squashed(&m.mac.tokens.to_string())),
            _ => None,
        });
        assert!(codec.unwrap_or_default().starts_with("implJsonDecode,"), "{ty}: {code}");
    }
    // (The accessors' table is in no gated impl; its header gates its `with_` setters only.)
    assert_eq!(impl_gate(&code, "things"), "", "{code}");
    assert_eq!(impl_gate(&code, "thing_id"), "", "{code}");
    // ... and everything of requests and of the models they hold: nested (`Range` in
    // `Filter`), or also answered (`Tag`, in `DescribeThings`' response and `TagThings`'
    // request).
    for ty in ["DescribeThingsRequest", "TagThingsRequest", "Filter", "Range", "Tag"] {
        assert_eq!(encoder_gate(&code, ty).as_deref(), Some(""), "{ty}: {code}");
    }
    for setter in ["with_name", "with_range", "with_min", "with_key"] {
        assert_eq!(setter_gate(&code, setter), "", "{setter}: {code}");
    }
    // The runtime's `EmptyResponse` is compiled once, in the runtime, as it was.
    assert!(code.contains("pub type TagThingsResponse = ::cloudpage_runtime::EmptyResponse;"), "{code}");
    // Nothing else is gated: two items (encoder, `with_` setters) each of the response, `Thing`
    // and `Disk`.
    assert_eq!(gated_items(&code, GATE), 6, "{code}");
}

/// The struct `name`'s inherent impls, from the struct to the next type's declaration.
fn items_of<'a>(code: &'a str, name: &str) -> &'a str {
    let start = code.find(&format!("pub struct {name} {{")).unwrap_or_else(|| panic!("no struct {name} in:\n{code}"));
    let rest = &code[start + 1..];
    let end = ["pub struct ", "pub enum ", "pub type "].iter().filter_map(|k| rest.find(k)).min().unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn only_what_is_sent_is_validated() {
    for layout in [Layout::Crate, Layout::include_file("clients.rs")] {
        let path = if layout == Layout::Crate { "src/tencent_demo.rs" } else { "tencent_demo.rs" };
        let code = module(&layout, path);
        // Requests and the models they hold, nested or also answered, check their rules...
        for ty in ["DescribeThingsRequest", "Filter", "Range", "Tag"] {
            assert!(items_of(&code, ty).contains("pub fn validate(&self)"), "{ty}: {code}");
        }
        // ... and a model only answers hold has nothing to check: nothing sends it.
        for ty in ["Thing", "Disk"] {
            assert!(!items_of(&code, ty).contains("fn validate("), "{ty}: {code}");
        }
    }
}

#[test]
fn an_include_file_gates_nothing_by_default_and_the_users_predicate_when_named() {
    let plain = module(&Layout::include_file("clients.rs"), "tencent_demo.rs");
    assert!(!plain.contains("#[cfg("), "{plain}");
    assert_eq!(encoder_gate(&plain, "DescribeThingsResponse").as_deref(), Some(""), "{plain}");
    assert_eq!(setter_gate(&plain, "with_thing_id"), "", "{plain}");

    let predicate = CfgPredicate::parse(r#"all(feature = "fakes", not(miri))"#).expect("a cfg predicate");
    let named = module(&Layout::IncludeFile { file: "clients.rs".into(), test_only: Some(predicate) }, "tencent_demo.rs");
    let gate = r#"#[cfg(any(test, all(feature = "fakes", not(miri))))]"#;
    assert_eq!(encoder_gate(&named, "Thing"), Some(squashed(gate)), "{named}");
    assert_eq!(setter_gate(&named, "with_thing_id"), squashed(gate), "{named}");
    assert_eq!(setter_gate(&named, "with_key"), "", "{named}");
    // The same items as the crate's, behind the user's predicate instead.
    assert_eq!(gated_items(&named, gate), 6, "{named}");
}

#[test]
fn cfg_predicates_are_checked_when_given() {
    for good in ["test", "fuzzing", r#"feature = "test-util""#, r#"any(test, feature = "a", all(unix, not(miri)))"#, "all()"] {
        assert!(CfgPredicate::parse(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "feature = test-util",
        r#"feature = "a" extra"#,
        r#"some::path = "a""#,
        "feature = 1",
        "nand(a, b)",
        "not(a, b)",
        "any(a b)",
        r#"any(test, feature = "x""#,
        "#[cfg(test)]",
    ] {
        assert!(CfgPredicate::parse(bad).is_err(), "{bad:?} was accepted");
    }
    let err = CfgPredicate::parse("nand(a, b)").expect_err("not a predicate");
    assert!(err.contains("`nand(..)` is not `all`, `any` or `not`"), "{err}");
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudpage-test-only-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The specs above written under a folder of their own.
fn spec_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    for file in specs() {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("in a folder")).expect("folder");
        std::fs::write(path, &file.text).expect("written");
    }
    dir
}

#[test]
fn the_builder_gates_only_when_asked() {
    let specs = spec_dir("specs");
    let build = |builder: Builder, out: &str| {
        let out = scratch(out);
        builder.out_dir(&out).emit_rerun_if_changed(false).generate().expect("generates");
        std::fs::read_to_string(out.join("tencent_demo.rs")).expect("written")
    };
    let plain = build(Builder::new(&specs), "plain");
    assert!(!plain.contains("#[cfg("), "{plain}");
    let gated = build(Builder::new(&specs).test_only_cfg(r#"feature = "test-util""#), "gated");
    assert_eq!(gated_items(&gated, GATE), 6, "{gated}");
    assert_eq!(setter_gate(&gated, "with_key"), "", "{gated}");

    // A predicate that does not parse stops the run before anything is written.
    let out = scratch("invalid");
    let err = Builder::new(&specs).out_dir(&out).emit_rerun_if_changed(false).test_only_cfg("feature = test-util").generate();
    match err {
        Err(Error::InvalidOption { option: "test_only_cfg", message }) => assert!(message.contains("feature = test-util"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(&out).expect("readable").count(), 0);
}

/// The include file is a plain name: its `include!`s name the modules beside it, so a path
/// would not compile (`gen/clients.rs`) or would write outside the output folder (`../x.rs`).
/// Refused before anything is written; a plain name other than the default works.
#[test]
fn the_include_file_is_a_plain_file_name() {
    let specs = spec_dir("include-specs");
    for name in ["gen/clients.rs", "../clients.rs", "/tmp/clients.rs", "", ".."] {
        let out = scratch("include-refused");
        let err = Builder::new(&specs).out_dir(&out).emit_rerun_if_changed(false).include_file(name).generate();
        match err {
            Err(Error::InvalidOption { option: "include_file", message }) => assert!(message.contains("not a plain file name"), "{message}"),
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(std::fs::read_dir(&out).expect("readable").count(), 0, "{name}");
    }
    let out = scratch("include-plain");
    Builder::new(&specs).out_dir(&out).emit_rerun_if_changed(false).include_file("cloud_apis.rs").generate().expect("generates");
    let include = std::fs::read_to_string(out.join("cloud_apis.rs")).expect("written");
    assert!(include.contains("tencent_demo.rs"), "{include}");
    // Its files say the build script makes them again, not a command of this repository.
    let module = std::fs::read_to_string(out.join("tencent_demo.rs")).expect("written");
    let second = module.lines().nth(1).unwrap_or_default();
    assert_eq!(second, format!("// {}", cloudpage_codegen::render::BUILD_SCRIPT_REGENERATES), "{module}");
    assert!(!module.contains("cargo run -p"), "{module}");
}

/// A build script's `.expect(..)` prints the error's `Debug`: the same text as `Display`,
/// every diagnostic with its file and line, not the structure holding them.
#[test]
fn a_build_scripts_expect_shows_the_diagnostics() {
    let specs = spec_dir("expect-specs");
    std::fs::write(specs.join("tencent/demo/Bad.yaml"), "name: Bad Name\n").expect("written");
    let out = scratch("expect");
    let err = Builder::new(&specs).out_dir(&out).emit_rerun_if_changed(false).generate().expect_err("a bad name");
    let shown = format!("{err:?}");
    assert_eq!(shown, err.to_string());
    assert!(shown.contains("tencent/demo/Bad.yaml:1"), "{shown}");
    assert!(!shown.contains("Diagnostic {") && !shown.contains("Span {"), "{shown}");
}
