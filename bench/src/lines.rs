//! Where the generated code's lines go (issue #13 item 3: at most 150 code lines per
//! operation): the generator's output for a spec tree, generated in memory, broken down by
//! feature of the generated API.
//!
//! Lines are counted as [`compile::count_lines`] counts them (a line counts unless it is blank
//! or starts with `//` after trimming). Each `.rs` file is parsed with `syn`; each top-level
//! item is printed alone with `prettyplease` (which formatted the file) and its code lines go
//! to one [`Feature`]. Most per-field and per-operation items are rows of the runtime's macros
//! (`rt::json_codec!`, `rt::accessors!`, `rt::checks!`, `rt::error_enum!`, `rt::operation!`,
//! `rt::example_tests!`): a macro's lines go to its feature, an `rt::operation!` row's
//! `setters { .. }` part to the call setters. Inherent impls are split per item: an item's
//! lines are those of the impl holding it alone less the impl's braces; the braces go to the
//! feature of the impl's type (requests: `new`, responses and models: accessors, the client:
//! fixed methods). Whatever the file has that the items printed alone do not add up to is
//! reported per file as "unattributed", not spread.
//!
//! Items are told apart by shape, never by an action or service name: an `rt::operation!` row
//! names the operation's request, response, error and call; any other struct of a service
//! module is a model. A file with operation rows is a service module, a file with `mod x;`
//! declarations is the crate root, any other file is a cloud module (the common errors); only
//! service modules are split by feature.

use crate::compile::count_lines;
use crate::table::Table;
use cloudpage_codegen::source::{self, SourceFile};
use cloudpage_codegen::Layout;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a line of the generated crate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    RequestStructs,
    ResponseStructs,
    ModelStructs,
    RequestNew,
    Validate,
    Getters,
    CallSetters,
    JsonEncodeRequests,
    JsonDecodeResponses,
    JsonModels,
    ErrorTables,
    ClientPerOperation,
    ClientFixed,
    OperationInfo,
    ServiceTables,
    ValueEnums,
    Examples,
    Imports,
    /// An item of a service module that none of the above describes.
    Other,
    /// Not per operation: the common errors of a cloud (`tencent.rs`, `alibaba.rs`).
    CloudModules,
    /// Not per operation: `lib.rs` (module list, crate docs).
    CrateRoot,
}

impl Feature {
    pub const ALL: [Feature; 21] = [
        Feature::RequestStructs,
        Feature::ResponseStructs,
        Feature::ModelStructs,
        Feature::RequestNew,
        Feature::Validate,
        Feature::Getters,
        Feature::CallSetters,
        Feature::JsonEncodeRequests,
        Feature::JsonDecodeResponses,
        Feature::JsonModels,
        Feature::ErrorTables,
        Feature::ClientPerOperation,
        Feature::ClientFixed,
        Feature::OperationInfo,
        Feature::ServiceTables,
        Feature::ValueEnums,
        Feature::Examples,
        Feature::Imports,
        Feature::Other,
        Feature::CloudModules,
        Feature::CrateRoot,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Feature::RequestStructs => "request structs (declarations, one line per field)",
            Feature::ResponseStructs => "response structs (declarations; `type` names of the runtime's `EmptyResponse`)",
            Feature::ModelStructs => "model structs (declarations)",
            Feature::RequestNew => "request `new`",
            Feature::Validate => "`validate` (requests and models)",
            Feature::Getters => "accessors and `with_` setters (responses, models; `rt::accessors!` rows)",
            Feature::CallSetters => "fluent call: per-parameter setters (`x`, `set_x`; `rt::call_setters!` rows)",
            Feature::JsonEncodeRequests => "JSON codecs of requests (`rt::json_codec!` rows)",
            Feature::JsonDecodeResponses => "JSON codecs of responses (`rt::json_codec!` rows)",
            Feature::JsonModels => "JSON codecs of models (`rt::json_codec!` rows)",
            Feature::ErrorTables => "error enums (`rt::error_enum!` tables: a row per code)",
            Feature::ClientPerOperation => "client: one method per operation",
            Feature::ClientFixed => "client: `struct Client` and its fixed methods",
            Feature::OperationInfo => "operations (`rt::operation!` rows: `OperationInfo`, `impl rt::Request`, the call's struct, fixed methods, paginator)",
            Feature::ServiceTables => "`SERVICE`, `OPERATIONS`, `PARAMETERS`",
            Feature::ValueEnums => "value enums (`rt::string_enum!`)",
            Feature::Examples => "documented-example tests (`#[cfg(test)] mod`)",
            Feature::Imports => "`use` lines",
            Feature::Other => "other items of service modules",
            Feature::CloudModules => "cloud modules (common errors)",
            Feature::CrateRoot => "crate root (`lib.rs`)",
        }
    }

    /// Code of the service modules (the rest is there once per cloud or crate).
    pub fn is_service_code(self) -> bool {
        !matches!(self, Feature::CloudModules | Feature::CrateRoot)
    }
}

/// One generated `.rs` file.
#[derive(Debug, Clone)]
pub struct FileLines {
    pub path: String,
    pub operations: usize,
    /// [`count_lines`] of the file as generated.
    pub code_lines: usize,
    /// The sum over its items, each printed alone.
    pub attributed: usize,
}

impl FileLines {
    /// Lines of the file that no item accounts for (negative: the items printed alone have
    /// more than the file).
    pub fn unattributed(&self) -> i64 {
        self.code_lines as i64 - self.attributed as i64
    }
}

/// What drives the per-operation figures (service modules only).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub operations: usize,
    pub request_fields: usize,
    pub response_fields: usize,
    pub models: usize,
    pub model_fields: usize,
    /// Unit variants of the error enums: the codes each operation documents.
    pub error_codes: usize,
    pub value_enums: usize,
    /// Lines that are `#[inline]` alone, in every feature.
    pub inline_lines: usize,
    /// Items behind the crate's test-only cfg (`#[cfg(any(test, ..))]`: answers' `with_`
    /// setters, as an `rt::accessors!` table's header, and encoders, in `rt::json_codec!` rows).
    pub test_only_items: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Breakdown {
    pub lines: BTreeMap<Feature, usize>,
    pub files: Vec<FileLines>,
    pub counts: Counts,
}

impl Breakdown {
    pub fn lines_of(&self, feature: Feature) -> usize {
        self.lines.get(&feature).copied().unwrap_or(0)
    }
    pub fn code_lines(&self) -> usize {
        self.files.iter().map(|f| f.code_lines).sum()
    }
    pub fn attributed(&self) -> usize {
        self.lines.values().sum()
    }
    pub fn unattributed(&self) -> i64 {
        self.files.iter().map(FileLines::unattributed).sum()
    }
    fn add(&mut self, feature: Feature, lines: usize) {
        *self.lines.entry(feature).or_default() += lines;
    }
}

/// [`breakdown`] of the spec tree in `dir`, loaded as the CLI loads it.
pub fn breakdown_dir(dir: &Path) -> Result<Breakdown, String> {
    let sources = source::load_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    breakdown(&sources)
}

/// Generates the crate for `sources` in memory and breaks its `.rs` files down.
pub fn breakdown(sources: &[SourceFile]) -> Result<Breakdown, String> {
    let output = cloudpage_codegen::generate(sources, &Layout::Crate).map_err(|e| e.to_string())?;
    let mut b = Breakdown::default();
    for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
        add_file(&mut b, &file.path, &file.contents)?;
    }
    Ok(b)
}

/// Code lines of `item` printed alone, as the generator prints a file.
fn item_lines(item: &syn::Item) -> usize {
    let file = syn::File { shebang: None, attrs: Vec::new(), items: vec![item.clone()] };
    count_lines(&prettyplease::unparse(&file)).1
}

/// Breaks one generated file down into `b`.
pub fn add_file(b: &mut Breakdown, path: &str, text: &str) -> Result<(), String> {
    let file = syn::parse_file(text).map_err(|e| format!("{path}: {e}"))?;
    let code_lines = count_lines(text).1;
    let kinds = Kinds::of(&file);
    let before = b.attributed();
    let is_root = file.items.iter().any(|i| matches!(i, syn::Item::Mod(m) if m.content.is_none()));
    if kinds.requests.is_empty() {
        let feature = if is_root { Feature::CrateRoot } else { Feature::CloudModules };
        let lines = file.items.iter().map(item_lines).sum();
        b.add(feature, lines);
    } else {
        b.counts.operations += kinds.requests.len();
        b.counts.inline_lines += text.lines().filter(|l| l.trim() == "#[inline]").count();
        b.counts.test_only_items += text.matches("#[cfg(any(test,").count();
        for item in &file.items {
            add_item(b, &kinds, item);
        }
    }
    b.files.push(FileLines {
        path: path.to_owned(),
        operations: kinds.requests.len(),
        code_lines,
        attributed: b.attributed() - before,
    });
    Ok(())
}

/// What each type of a service module is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Response,
    Model,
    Call,
    Error,
    Client,
    Other,
}

#[derive(Default)]
struct Kinds {
    requests: BTreeSet<String>,
    responses: BTreeSet<String>,
    errors: BTreeSet<String>,
    clients: BTreeSet<String>,
    calls: BTreeSet<String>,
    structs: BTreeSet<String>,
}

impl Kinds {
    fn of(file: &syn::File) -> Kinds {
        let mut k = Kinds::default();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => {
                    k.structs.insert(s.ident.to_string());
                }
                syn::Item::Macro(m) if macro_name(&m.mac) == Some("operation") => {
                    // `"Action" CONST: Request -> Response, Error; call Call; ..`
                    let idents: Vec<String> = m
                        .mac
                        .tokens
                        .clone()
                        .into_iter()
                        .filter_map(|t| match t {
                            proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
                            _ => None,
                        })
                        .collect();
                    // The call's impl attributes (`#[allow(deprecated)]`) come before `call`.
                    let call = idents.iter().position(|i| i == "call").and_then(|at| idents.get(at + 1));
                    if let ([_, request, response, error, ..], Some(call)) = (idents.as_slice(), call) {
                        k.requests.insert(request.clone());
                        k.responses.insert(response.clone());
                        k.errors.insert(error.clone());
                        k.calls.insert(call.clone());
                        // The macro's calls hold the service's `Client` in scope.
                        k.clients.insert("Client".to_owned());
                    }
                }
                _ => {}
            }
        }
        k
    }

    fn kind(&self, name: &str) -> Kind {
        if self.requests.contains(name) {
            Kind::Request
        } else if self.responses.contains(name) {
            Kind::Response
        } else if self.errors.contains(name) {
            Kind::Error
        } else if self.clients.contains(name) {
            Kind::Client
        } else if self.calls.contains(name) {
            Kind::Call
        } else if self.structs.contains(name) {
            Kind::Model
        } else {
            Kind::Other
        }
    }
}

/// The last segment of a path type (`rt::Foo<T>` -> `Foo`), or of the type behind `&`.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => None,
    }
}

fn trait_name(imp: &syn::ItemImpl) -> Option<String> {
    imp.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).map(|s| s.ident.to_string())
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "test"))
}

fn add_item(b: &mut Breakdown, kinds: &Kinds, item: &syn::Item) {
    use syn::Item;
    let feature = match item {
        Item::Use(_) => Feature::Imports,
        Item::Const(_) => Feature::ServiceTables,
        Item::Struct(s) => {
            let fields = s.fields.len();
            match kinds.kind(&s.ident.to_string()) {
                Kind::Request => {
                    b.counts.request_fields += fields;
                    Feature::RequestStructs
                }
                Kind::Response => {
                    b.counts.response_fields += fields;
                    Feature::ResponseStructs
                }
                Kind::Model => {
                    b.counts.models += 1;
                    b.counts.model_fields += fields;
                    Feature::ModelStructs
                }
                Kind::Call => Feature::Other,
                Kind::Client => Feature::ClientFixed,
                Kind::Error | Kind::Other => Feature::Other,
            }
        }
        Item::Macro(m) if macro_name(&m.mac) == Some("operation") => {
            // The call's setters are the row's `setters { .. }` part: the lines it adds.
            let all = item_lines(item);
            let mut without = m.clone();
            without.mac.tokens = m.mac.tokens.clone().into_iter().take_while(|t| !matches!(t, proc_macro2::TokenTree::Ident(i) if i == "setters")).collect();
            let rest = item_lines(&Item::Macro(without));
            b.add(Feature::CallSetters, all.saturating_sub(rest));
            b.add(Feature::OperationInfo, rest);
            return;
        }
        Item::Macro(m) if macro_name(&m.mac) == Some("string_enum") => {
            b.counts.value_enums += 1;
            Feature::ValueEnums
        }
        Item::Macro(m) if macro_name(&m.mac) == Some("error_enum") => {
            b.counts.error_codes += error_rows(&m.mac.tokens);
            Feature::ErrorTables
        }
        Item::Macro(m) if macro_name(&m.mac) == Some("json_codec") => match codec_type(&m.mac.tokens).map(|t| kinds.kind(&t)) {
            Some(Kind::Request) => Feature::JsonEncodeRequests,
            Some(Kind::Response) => Feature::JsonDecodeResponses,
            Some(Kind::Model) => Feature::JsonModels,
            _ => Feature::Other,
        },
        Item::Mod(m) if is_cfg_test(&m.attrs) => Feature::Examples,
        // A response that is a name for a runtime type (`EmptyResponse`): its declaration.
        Item::Type(t) if kinds.kind(&t.ident.to_string()) == Kind::Response => Feature::ResponseStructs,
        Item::Impl(imp) => {
            let kind = type_name(&imp.self_ty).map_or(Kind::Other, |n| kinds.kind(&n));
            match trait_name(imp).as_deref() {
                None => return add_inherent_impl(b, kinds, kind, imp),
                Some(t) => trait_impl_feature(t, kind),
            }
        }
        _ => Feature::Other,
    };
    b.add(feature, item_lines(item));
}

/// The last segment of a macro's path (`rt::json_codec` -> `json_codec`).
pub(crate) fn macro_name(mac: &syn::Macro) -> Option<&'static str> {
    let name = mac.path.segments.last()?.ident.to_string();
    ["string_enum", "error_enum", "json_codec", "accessors", "call_setters", "checks", "operation", "example_tests"].into_iter().find(|n| name == *n)
}

/// The type an `rt::json_codec!` row is for: the ident after `for`.
fn codec_type(tokens: &proc_macro2::TokenStream) -> Option<String> {
    let mut tokens = tokens.clone().into_iter().skip_while(|t| !matches!(t, proc_macro2::TokenTree::Ident(i) if i == "for"));
    tokens.next();
    match tokens.next()? {
        proc_macro2::TokenTree::Ident(name) => Some(name.to_string()),
        _ => None,
    }
}

/// The documented codes of an `rt::error_enum!` table: its rows (`Variant = "Code" ..`) in the
/// enum's braces.
pub(crate) fn error_rows(tokens: &proc_macro2::TokenStream) -> usize {
    use proc_macro2::TokenTree;
    let Some(TokenTree::Group(rows)) = tokens.clone().into_iter().find(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace)) else {
        return 0;
    };
    let rows: Vec<TokenTree> = rows.stream().into_iter().collect();
    rows.windows(2).filter(|w| matches!((&w[0], &w[1]), (TokenTree::Ident(_), TokenTree::Punct(p)) if p.as_char() == '=')).count()
}

fn trait_impl_feature(trait_name: &str, kind: Kind) -> Feature {
    match (trait_name, kind) {
        // The `Debug` written out (not derived) for a struct with a secret field: part of
        // its declaration, as the derive it replaces.
        ("Debug", Kind::Request) => Feature::RequestStructs,
        ("Debug", Kind::Response) => Feature::ResponseStructs,
        ("Debug", Kind::Model) => Feature::ModelStructs,
        _ => Feature::Other,
    }
}

/// Where the braces of an inherent impl (and an empty impl) go.
fn impl_home(kind: Kind) -> Feature {
    match kind {
        Kind::Request => Feature::RequestNew,
        Kind::Response | Kind::Model => Feature::Getters,
        Kind::Call => Feature::CallSetters,
        Kind::Client => Feature::ClientFixed,
        Kind::Error | Kind::Other => Feature::Other,
    }
}

/// The feature of one item of an inherent impl of a `kind` type.
fn method_feature(kinds: &Kinds, kind: Kind, item: &syn::ImplItem) -> Feature {
    let f = match item {
        syn::ImplItem::Fn(f) => f,
        syn::ImplItem::Macro(m) => {
            return match macro_name(&m.mac) {
                Some("accessors") => Feature::Getters,
                Some("call_setters") => Feature::CallSetters,
                _ => impl_home(kind),
            };
        }
        _ => return impl_home(kind),
    };
    let name = f.sig.ident.to_string();
    let by_value = matches!(f.sig.receiver(), Some(r) if r.reference.is_none());
    let returns = match &f.sig.output {
        syn::ReturnType::Type(_, ty) => type_name(ty),
        syn::ReturnType::Default => None,
    };
    // The typed arguments after `self`, by name.
    let args: Vec<String> = f
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                _ => Some(String::new()),
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    match kind {
        Kind::Request if name == "new" => Feature::RequestNew,
        Kind::Request | Kind::Response | Kind::Model if name == "validate" => Feature::Validate,
        Kind::Response | Kind::Model if !by_value && args.is_empty() => Feature::Getters,
        Kind::Call => Feature::CallSetters,
        Kind::Client if returns.is_some_and(|r| kinds.calls.contains(&r)) => Feature::ClientPerOperation,
        Kind::Client => Feature::ClientFixed,
        _ => Feature::Other,
    }
}

/// An inherent impl: each method to its feature, the braces to the type's home feature.
fn add_inherent_impl(b: &mut Breakdown, kinds: &Kinds, kind: Kind, imp: &syn::ItemImpl) {
    let home = impl_home(kind);
    let mut empty = imp.clone();
    empty.items.clear();
    let empty_item = syn::Item::Impl(empty.clone());
    if imp.items.is_empty() {
        b.add(home, item_lines(&empty_item));
        return;
    }
    // `impl X {}` on one line becomes `impl X {` ... `}` around items.
    let braces = item_lines(&empty_item) + 1;
    b.add(home, braces);
    for inner in &imp.items {
        let mut alone = empty.clone();
        alone.items.push(inner.clone());
        let lines = item_lines(&syn::Item::Impl(alone)).saturating_sub(braces);
        b.add(method_feature(kinds, kind, inner), lines);
    }
}

fn per(lines: usize, n: usize) -> String {
    if n == 0 { "-".into() } else { format!("{:.1}", lines as f64 / n as f64) }
}

/// The Markdown report: lines by feature, the counts that drive them, the files.
pub fn report(b: &Breakdown) -> String {
    let c = &b.counts;
    let ops = c.operations;
    let total = b.code_lines();
    let mut out = String::new();
    let mut t = Table::new(&["feature", "lines", "lines/op", "share"]);
    let row = |t: &mut Table, label: String, lines: i64| {
        t.row(vec![
            label,
            lines.to_string(),
            if ops == 0 { "-".into() } else { format!("{:.1}", lines as f64 / ops as f64) },
            if total == 0 { "-".into() } else { format!("{:.1} %", lines as f64 * 100.0 / total as f64) },
        ]);
    };
    for f in Feature::ALL.into_iter().filter(|f| f.is_service_code()) {
        if f != Feature::Other || b.lines_of(f) > 0 {
            row(&mut t, f.label().into(), b.lines_of(f) as i64);
        }
    }
    let service: usize = Feature::ALL.iter().filter(|f| f.is_service_code()).map(|&f| b.lines_of(f)).sum();
    row(&mut t, "**service modules, attributed**".into(), service as i64);
    for f in Feature::ALL.into_iter().filter(|f| !f.is_service_code()) {
        row(&mut t, format!("{} (not per operation)", f.label()), b.lines_of(f) as i64);
    }
    row(&mut t, "unattributed (file minus its items printed alone)".into(), b.unattributed());
    row(&mut t, "**total (`count_lines` of every generated `.rs` file)**".into(), total as i64);
    out.push_str(&t.render());
    out.push_str(&format!(
        "\n`#[inline]` lines, inside the features above: {} ({} per operation).\n",
        c.inline_lines,
        per(c.inline_lines, ops)
    ));
    out.push_str(&format!(
        "Items behind the test-only cfg (`#[cfg(any(test, feature = \"test-util\"))]`: answers' `with_` setters and encoders, not in a default build): {} ({} per operation).\n\n",
        c.test_only_items,
        per(c.test_only_items, ops)
    ));

    let fields = c.request_fields + c.response_fields + c.model_fields;
    let mut t = Table::new(&["count", "total", "per op"]);
    let counts = [
        ("operations", ops),
        ("request fields", c.request_fields),
        ("response fields", c.response_fields),
        ("model structs", c.models),
        ("model fields", c.model_fields),
        ("documented error codes (error enum unit variants)", c.error_codes),
        ("value enums", c.value_enums),
    ];
    for (label, n) in counts {
        t.row(vec![label.into(), n.to_string(), per(n, ops)]);
    }
    out.push_str(&t.render());
    out.push('\n');

    // Per-field features: lines per field of what drives them.
    let per_field: [(&[Feature], &str, usize); 8] = [
        (&[Feature::RequestStructs], "request fields", c.request_fields),
        (&[Feature::ResponseStructs], "response fields", c.response_fields),
        (&[Feature::ModelStructs], "model fields", c.model_fields),
        (&[Feature::CallSetters], "request fields", c.request_fields),
        (&[Feature::Validate], "request + model fields", c.request_fields + c.model_fields),
        (&[Feature::Getters], "response + model fields", c.response_fields + c.model_fields),
        (
            &[Feature::JsonEncodeRequests, Feature::JsonDecodeResponses, Feature::JsonModels],
            "all fields",
            fields,
        ),
        (&[Feature::ErrorTables], "error codes", c.error_codes),
    ];
    let mut t = Table::new(&["per-field feature", "per", "lines per field (or code)", "lines/op"]);
    let mut sum = 0;
    for (features, what, n) in per_field {
        let lines: usize = features.iter().map(|&f| b.lines_of(f)).sum();
        sum += lines;
        let label = if features.len() > 1 { "JSON codecs (both directions, all types)".to_owned() } else { features[0].label().to_owned() };
        t.row(vec![label, what.into(), per(lines, n), per(lines, ops)]);
    }
    t.row(vec!["**sum of the per-field features**".into(), "-".into(), "-".into(), per(sum, ops)]);
    out.push_str(&t.render());
    out.push('\n');

    let mut t = Table::new(&["file", "operations", "code lines", "lines/op", "unattributed"]);
    for f in &b.files {
        t.row(vec![
            format!("`{}`", f.path),
            f.operations.to_string(),
            f.code_lines.to_string(),
            per(f.code_lines, f.operations),
            f.unattributed().to_string(),
        ]);
    }
    out.push_str(&t.render());
    out
}
