//! YAML specs: `common.yaml` (per cloud), `service.yaml` (per service) and operation files.
//! This is the only module that touches serde_yaml (deprecated upstream), so it can be
//! swapped without touching the rest.

use crate::diag::Diagnostics;
use crate::spec::{self, CloudKind, CommonParam, Endpoints, Envelope, ErrorCode, Region, SigningScheme};
use crate::source::SourceFile;
use serde::Deserialize;

/// `specs/<cloud>/common.yaml`: what every service of a cloud shares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonSpec {
    pub cloud: CloudKind,
    pub title: String,
    pub signing: SigningScheme,
    pub envelope: Envelope,
    #[serde(default)]
    pub common_params: Vec<CommonParam>,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub common_errors: Vec<ErrorCode>,
}

/// `specs/<cloud>/<service>/service.yaml`: what the pages do not say about a service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub service: String,
    pub title: String,
    pub version: String,
    pub endpoints: Endpoints,
    /// Paging of operations whose tables do not say it plainly, by action (pages have no
    /// YAML of their own); `lower` hands each to its operation.
    #[serde(default)]
    pub paging: std::collections::BTreeMap<String, spec::PagingOverride>,
    /// Operations sent without a signature, by action (`lower` marks each).
    #[serde(default)]
    pub anonymous: Vec<String>,
    /// The line of the `anonymous:` key.
    #[serde(skip)]
    pub anonymous_span: spec::Span,
}

fn parse<T: serde::de::DeserializeOwned>(file: &SourceFile, what: &str, diags: &mut Diagnostics) -> Option<T> {
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(err) => {
            let line = err.location().map(|l| l.line() as u32).unwrap_or(1);
            // serde_yaml appends " at line L column C"; the span already says where.
            let message = err.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            diags
                .error(file.span_line(line), format!("invalid {what}: {message}"))
                .with_note(format!("see docs/yaml-schema.md for the {what} schema"));
            None
        }
    }
}

pub fn read_common(file: &SourceFile, diags: &mut Diagnostics) -> Option<CommonSpec> {
    let mut spec: CommonSpec = parse(file, "common.yaml", diags)?;
    let mut lines = LineCursor::new(file);
    for error in &mut spec.common_errors {
        error.origin = spec::ErrorOrigin::Common;
        error.span = lines.find("code", &error.code);
    }
    Some(spec)
}

pub fn read_service(file: &SourceFile, diags: &mut Diagnostics) -> Option<ServiceSpec> {
    let mut spec: ServiceSpec = parse(file, "service.yaml", diags)?;
    // Each action from the `paging:` line on: the map's order is not the file's.
    let mut start = LineCursor::new(file);
    start.find("paging", "");
    for (action, paging) in &mut spec.paging {
        paging.set_span(start.clone().find(action, ""));
    }
    if !spec.anonymous.is_empty() {
        spec.anonymous_span = top_level_key(file, "anonymous");
    }
    check_service_values(file, &spec, diags);
    Some(spec)
}

/// What the generated code puts into every request as written: the version (each request's
/// `Version`) and the domains (each request's host). An empty version, a scheme or a path in
/// a domain, or a pattern without `{region}` (every region would share one host) reads as
/// YAML but makes every call fail or go astray; pages do not always name them to check against
/// (Alibaba's pages name neither).
fn check_service_values(file: &SourceFile, spec: &ServiceSpec, diags: &mut Diagnostics) {
    // The line that starts with `key:` (indented or not; a comment does not), wherever it is.
    let line_of = |key: &str| {
        let start = format!("{key}:");
        let line = (1..=file.line_count()).find(|&n| file.line_text(n).trim_start().starts_with(&start));
        file.span_line(line.unwrap_or(1))
    };
    if !is_api_version(&spec.version) {
        diags
            .error(line_of("version"), format!("version `{}` is not an API version", spec.version))
            .with_note("both clouds' API versions are dates, `YYYY-MM-DD` (e.g. `2017-03-12`)");
    }
    let endpoints = &spec.endpoints;
    let domains = [
        ("default", Some(&endpoints.default), false),
        ("intl", endpoints.intl.as_ref(), false),
        ("regional", endpoints.regional.as_ref(), true),
        ("finance", endpoints.finance.as_ref(), true),
    ];
    for (key, value, pattern) in domains {
        let Some(value) = value else { continue };
        if let Err(problem) = domain_problem(value, pattern) {
            diags
                .error(line_of(key), format!("endpoints.{key} `{value}` {problem}"))
                .with_note("a domain is a host name alone, e.g. `tat.tencentcloudapi.com`; `regional` and `finance` hold `{region}` once");
        }
    }
}

/// `YYYY-MM-DD`.
fn is_api_version(version: &str) -> bool {
    let bytes = version.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// Why `value` is not a host name (with `{region}` exactly once when it is a `pattern`).
fn domain_problem(value: &str, pattern: bool) -> Result<(), &'static str> {
    let holes = value.matches("{region}").count();
    if value.contains("://") {
        return Err("has a scheme; give the host name alone");
    }
    if value.contains('/') {
        return Err("has a path; give the host name alone");
    }
    match (pattern, holes) {
        (true, 0) => return Err("has no `{region}`: every region would go to one host"),
        (true, 1) | (false, 0) => {}
        (true, _) => return Err("has `{region}` more than once"),
        (false, _) => return Err("has `{region}`, which only `regional` and `finance` take"),
    }
    let host = value.replace("{region}", "region");
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    if labels_ok && host.contains('.') { Ok(()) } else { Err("is not a host name") }
}

/// Reads an operation written in YAML (the schema `import` prints), giving each item the
/// line it is written on.
pub fn read_operation(file: &SourceFile, diags: &mut Diagnostics) -> Option<spec::Operation> {
    let mut op: spec::Operation = parse(file, "operation", diags)?;
    let mut lines = LineCursor::new(file);
    op.span = lines.find("name", &op.name);
    // Where a mismatch with service.yaml's version is reported, as a page's Version row is.
    if op.version.is_some() {
        op.version_span = Some(top_level_key(file, "version"));
    }
    // As for a page: the file is named after the action it describes.
    let stem = file.stem();
    if !stem.is_empty() && stem != op.name {
        diags
            .warning(op.span.clone(), format!("the file describes `{}` but is named `{stem}`", op.name))
            .with_note(format!("name the file `{}.yaml`", op.name));
    }
    if let Some(rate) = &mut op.rate_limit {
        rate.span = lines.find("per_second", &rate.per_second.to_string());
    }
    if let Some(finance) = &mut op.finance {
        finance.span = lines.find("finance", "");
    }
    for field in op.request.iter_mut().chain(op.response.iter_mut()) {
        locate_field(field, &mut lines);
    }
    for model in &mut op.models {
        model.span = lines.find("name", &model.name);
        for field in &mut model.fields {
            locate_field(field, &mut lines);
        }
    }
    for error in &mut op.errors {
        error.span = lines.find("code", &error.code);
    }
    for example in &mut op.examples {
        example.span = lines.find("title", &example.title);
    }
    if let Some(paging) = &mut op.paging {
        paging.set_span(lines.find("paging", ""));
    }
    Some(op)
}

fn locate_field(field: &mut spec::Field, lines: &mut LineCursor<'_>) {
    field.span = lines.find("name", &field.name);
    for constraint in &mut field.constraints {
        constraint.span = lines.find("rule", "");
    }
}

/// Prints an operation as YAML (the `import` command's output).
pub fn write_operation(op: &spec::Operation) -> String {
    serde_yaml::to_string(op).unwrap_or_else(|err| format!("# cannot print as YAML: {err}\n"))
}

/// The line of a top-level `key:` (at the start of its line, so not a comment or a nested
/// key), else the file's first.
fn top_level_key(file: &SourceFile, key: &str) -> spec::Span {
    let key = format!("{key}:");
    let line = (1..=file.line_count()).find(|&n| file.line_text(n).starts_with(&key)).unwrap_or(1);
    file.span_line(line)
}

/// Finds, in spec order, the line where each item is written: the first line at or after the
/// previous item's line that holds `key:` and the value. serde_yaml gives no positions for
/// values, and items appear in the file in the order they are deserialised.
#[derive(Clone)]
struct LineCursor<'a> {
    file: &'a SourceFile,
    line: u32,
}

impl<'a> LineCursor<'a> {
    fn new(file: &'a SourceFile) -> Self {
        LineCursor { file, line: 1 }
    }

    fn find(&mut self, key: &str, value: &str) -> spec::Span {
        let key = format!("{key}:");
        let found = (self.line..=self.file.line_count()).find(|&n| {
            let text = self.file.line_text(n);
            text.contains(&key) && text.contains(value)
        });
        if let Some(n) = found {
            self.line = n;
        }
        self.file.span_line(self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of the specs' own service.yaml files, and the mistakes a hand-written one
    /// makes.
    #[test]
    fn service_versions_and_domains() {
        for version in ["2014-05-26", "2017-03-12", "2020-10-28"] {
            assert!(is_api_version(version), "{version}");
        }
        for version in ["", "v1", "2017-3-12", "2017/03/12", " 2017-03-12"] {
            assert!(!is_api_version(version), "{version}");
        }
        for (domain, pattern) in [
            ("ecs.aliyuncs.com", false),
            ("tat.intl.tencentcloudapi.com", false),
            ("ecs.{region}.aliyuncs.com", true),
            ("dts.{region}.tencentcloudapi.com", true),
        ] {
            assert_eq!(domain_problem(domain, pattern), Ok(()), "{domain}");
        }
        for (domain, pattern, problem) in [
            ("https://sts.aliyuncs.com/", false, "has a scheme"),
            ("sts.aliyuncs.com/v1", false, "has a path"),
            ("sts.aliyuncs.com", true, "has no `{region}`"),
            ("sts.{region}.{region}.com", true, "more than once"),
            ("sts.{region}.aliyuncs.com", false, "only `regional` and `finance`"),
            ("sts aliyuncs com", false, "is not a host name"),
            ("localhost", false, "is not a host name"),
        ] {
            let found = domain_problem(domain, pattern).expect_err(domain);
            assert!(found.contains(problem), "{domain}: {found}");
        }
        // `regional` before `default`, and a comment naming the version first.
        let text = "# version: see the pages\nservice: sts\ntitle: STS\nversion: \"\"\nendpoints:\n  regional: sts.aliyuncs.com\n  default: \"https://sts.aliyuncs.com/\"\n";
        let file = SourceFile::new("alibaba/sts/service.yaml", text);
        let mut diags = Diagnostics::new();
        read_service(&file, &mut diags).expect("reads");
        let found: Vec<(u32, String)> = diags.iter().map(|d| (d.span.line, d.message.clone())).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 4, "the version's line, not the comment's: {found:?}");
        assert!(found[1].1.starts_with("endpoints.default") && found[2].1.starts_with("endpoints.regional"), "{found:?}");
        assert_eq!((found[1].0, found[2].0), (7, 6), "each domain's own line: {found:?}");
    }

    /// A built-in type mistyped in YAML is an error with the type meant, at its line; a model
    /// name (a capital) and the built-in names read as before.
    #[test]
    fn a_mistyped_builtin_type_is_an_error() {
        for (typo, meant) in [("strng", "string"), ("interger", "integer"), ("bool", "boolean"), ("int", "integer"), ("array of strng", "string")] {
            let text = format!("name: Run\nrequest:\n- name: RequestId\n  type: {typo}\n");
            let mut diags = Diagnostics::new();
            assert!(read_operation(&SourceFile::new("tencent/tat/Run.yaml", text.as_str()), &mut diags).is_none(), "{typo}");
            let found: Vec<(u32, &str)> = diags.iter().map(|d| (d.span.line, d.message.as_str())).collect();
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].1.contains(&format!("did you mean `{meant}`?")), "{typo}: {found:?}");
            assert_eq!(found[0].0, 3, "the field's line (serde_yaml's place for the item): {found:?}");
        }
        for ty in ["string", "array of json", "Filter", "Placement"] {
            let text = format!("name: Run\nrequest:\n- name: A\n  type: {ty}\n");
            let mut diags = Diagnostics::new();
            read_operation(&SourceFile::new("tencent/tat/Run.yaml", text.as_str()), &mut diags).expect(ty);
            assert_eq!(diags.iter().count(), 0, "{ty}");
        }
    }

    /// `CancelInvocation.yaml` holding `name: RunCommand`: named like the page check names it.
    #[test]
    fn an_operation_file_is_named_after_its_action() {
        let mut diags = Diagnostics::new();
        let file = SourceFile::new("tencent/tat/CancelInvocation.yaml", "name: RunCommand\n");
        read_operation(&file, &mut diags).expect("reads");
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["the file describes `RunCommand` but is named `CancelInvocation`"]);
        let mut diags = Diagnostics::new();
        read_operation(&SourceFile::new("tencent/tat/RunCommand.yaml", "name: RunCommand\n"), &mut diags).expect("reads");
        assert_eq!(diags.iter().count(), 0);
    }

    #[test]
    fn operation_round_trips_with_spans() {
        let text = "name: CancelInvocation\nrequest:\n- name: InvocationId\n  type: string\n  required: true\n- name: InstanceIds\n  type: array of string\n  constraints:\n  - rule: items\n    max: 100\n    source: A maximum of 100 IDs are allowed.\nerrors:\n- code: InternalError\n  description: Internal error.\n";
        let file = SourceFile::new("tencent/tat/CancelInvocation.yaml", text);
        let mut diags = Diagnostics::new();
        let op = read_operation(&file, &mut diags).expect("valid");
        assert!(diags.is_empty());
        assert_eq!(op.request[1].ty, spec::TypeRef::Array(Box::new(spec::TypeRef::String)));
        assert_eq!(op.request[1].span.line, 6);
        assert_eq!(op.request[1].constraints[0].rule, spec::Rule::Items { min: None, max: Some(100) });
        assert_eq!(op.request[1].constraints[0].span.line, 9);
        assert_eq!(op.errors[0].span.line, 13);
        let again = SourceFile::new("again.yaml", write_operation(&op));
        let reread = read_operation(&again, &mut diags).expect("valid");
        assert_eq!(write_operation(&reread), write_operation(&op));
        assert!(again.line_text(reread.request[1].span.line).contains("name: InstanceIds"));
    }

    /// `anonymous`: `true` in an operation file round trips through `import`'s YAML (which
    /// leaves `false` out); service.yaml's list keeps the line of its key.
    #[test]
    fn anonymous_in_operations_and_service_yaml() {
        let mut diags = Diagnostics::new();
        let op = read_operation(&SourceFile::new("alibaba/sts/AssumeRoleWithOIDC.yaml", "name: AssumeRoleWithOIDC\nanonymous: true\n"), &mut diags).expect("valid");
        assert!(op.anonymous);
        let text = write_operation(&op);
        assert!(text.contains("anonymous: true"), "{text}");
        assert!(!write_operation(&spec::Operation { anonymous: false, ..op }).contains("anonymous"));
        let service = "service: sts\ntitle: STS\nversion: \"2015-04-01\"\nendpoints:\n  default: sts.aliyuncs.com\nanonymous:\n- AssumeRoleWithSAML\n- AssumeRoleWithOIDC\n";
        let spec = read_service(&SourceFile::new("alibaba/sts/service.yaml", service), &mut diags).expect("valid");
        assert_eq!((spec.anonymous.as_slice(), spec.anonymous_span.line), (&["AssumeRoleWithSAML".to_owned(), "AssumeRoleWithOIDC".to_owned()][..], 6));
        assert!(diags.is_empty(), "{diags:?}");
    }

    /// `paging:`: `none`, or a scheme and names; round trips through `import`'s YAML; a bad
    /// scheme names the choices; service.yaml's entries get their own lines.
    #[test]
    fn paging_in_operations_and_service_yaml() {
        let text = "name: DescribeInvocationResults\npaging:\n  scheme: page_number\n  total_count: Invocation.TotalCount\n  items: Invocation.InvocationResults.InvocationResult\n";
        let file = SourceFile::new("alibaba/ecs/DescribeInvocationResults.yaml", text);
        let mut diags = Diagnostics::new();
        let op = read_operation(&file, &mut diags).expect("valid");
        let Some(spec::PagingOverride::Scheme(paging)) = &op.paging else { panic!("{:?}", op.paging) };
        assert_eq!(paging.scheme, spec::PagingScheme::PageNumber);
        assert_eq!(paging.total_count.as_deref(), Some("Invocation.TotalCount"));
        assert_eq!(paging.span.line, 2);
        let again = read_operation(&SourceFile::new("alibaba/ecs/DescribeInvocationResults.yaml", write_operation(&op)), &mut diags).expect("valid");
        assert_eq!(again.paging, op.paging.clone().map(|mut p| { p.set_span(again.paging.as_ref().unwrap().span().clone()); p }));

        let none = read_operation(&SourceFile::new("a/b/X.yaml", "name: X\npaging: none\n"), &mut diags).expect("valid");
        assert!(matches!(none.paging, Some(spec::PagingOverride::None { .. })));
        assert!(write_operation(&none).contains("paging: none"));
        assert!(diags.is_empty(), "{diags}");

        for (text, expected) in [
            ("name: X\npaging: {scheme: pages}\n", "unknown variant `pages`, expected one of `page_number`, `offset`, `next_token`, `marker`"),
            ("name: X\npaging: {scheme: offset, limit: Limit}\n", "unknown field `limit`"),
            ("name: X\npaging: never\n", "expected `none` or a map with `scheme`"),
        ] {
            let mut diags = Diagnostics::new();
            assert!(read_operation(&SourceFile::new("a/b/X.yaml", text), &mut diags).is_none());
            assert!(diags.to_string().contains(expected), "{diags}");
        }

        let service = "service: ecs\ntitle: ECS\nversion: \"2014-05-26\"\nendpoints:\n  default: ecs.aliyuncs.com\npaging:\n  DescribeZ: none\n  DescribeA:\n    scheme: page_number\n";
        let spec = read_service(&SourceFile::new("alibaba/ecs/service.yaml", service), &mut diags).expect("valid");
        assert_eq!(spec.paging["DescribeZ"].span().line, 7);
        assert_eq!(spec.paging["DescribeA"].span().line, 8);
    }

    #[test]
    fn bad_yaml_names_file_line_and_expectation() {
        let file = SourceFile::new("tencent/tat/Bad.yaml", "name: X\nrequest:\n- name: A\n  typ: string\n");
        let mut diags = Diagnostics::new();
        assert!(read_operation(&file, &mut diags).is_none());
        let text = diags.render(std::slice::from_ref(&file));
        assert!(text.contains("error: invalid operation: request[0]: unknown field `typ`"), "{text}");
        assert!(text.contains("--> tencent/tat/Bad.yaml:3") || text.contains("--> tencent/tat/Bad.yaml:4"), "{text}");
    }
}
