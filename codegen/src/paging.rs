//! Which operations page, and how: the facts a paginator needs (`ir::Paging`), decided from an
//! operation's request and response fields, or from its `paging:` in YAML.
//!
//! The clouds page in four ways, each a request field that asks for a page and what in the
//! answer says where the listing goes on (the scheme's conventional names):
//!
//! | scheme | request | response |
//! |---|---|---|
//! | `next_token` | `NextToken` (string), `MaxResults` | `NextToken` |
//! | `marker` | `Marker` (string), `MaxItems` | `Marker`, `IsTruncated` |
//! | `page_number` | `PageNumber`, `PageSize` | `TotalCount` |
//! | `offset` | `Offset`, `Limit` | `TotalCount` |
//!
//! An operation pages by the first scheme in that order whose request fields it has (with
//! the response's token for the token schemes): a page that documents both `NextToken` and
//! `PageNumber` (ECS `DescribeInstances`) pages by token, which the cloud recommends and which
//! does not skip or repeat items when the listing changes. The page size field is optional
//! for the token schemes, required for the numbered ones (an `Offset` alone is not a paging
//! offset: ECS `DescribeSpotPriceHistory` answers `NextOffset` instead). `TotalCount` and
//! `IsTruncated` are used when the answer has them.
//!
//! The page's items are the answer's one list other than the paging fields: a list field
//! (Tencent `InstanceSet`), or a structure whose only field is a list (Alibaba's wrapper,
//! `Instances.Instance`). An operation that pages but whose answer has no list, or several,
//! gets no paginator, with a warning: its items cannot be told without guessing.
//!
//! YAML says what the fields cannot (`paging:` in the operation's file, or keyed by action
//! in service.yaml): `none`, or a scheme with the names that differ from its conventions;
//! every name it gives must be a field of the tables (an error otherwise).

use crate::diag::Diagnostics;
use crate::spec::{self, PagingOverride, PagingScheme, TypeRef};

/// An operation's paging, decided: every name is a field of its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub scheme: PagingScheme,
    /// Request wire name of the page number, offset, token or marker.
    pub cursor: String,
    /// Request wire name of the page size.
    pub page_size: Option<String>,
    /// The page number or offset is documented as a string.
    pub numbers_as_strings: bool,
    /// Response wire paths (empty: none).
    pub next: Vec<String>,
    pub total_count: Vec<String>,
    pub is_truncated: Vec<String>,
    pub items: Vec<String>,
}

/// A scheme's conventional names.
struct Convention {
    cursor: &'static str,
    page_size: &'static str,
    next: Option<&'static str>,
    total_count: Option<&'static str>,
    is_truncated: Option<&'static str>,
}

fn convention(scheme: PagingScheme) -> Convention {
    match scheme {
        PagingScheme::NextToken => {
            Convention { cursor: "NextToken", page_size: "MaxResults", next: Some("NextToken"), total_count: None, is_truncated: None }
        }
        PagingScheme::Marker => Convention {
            cursor: "Marker",
            page_size: "MaxItems",
            next: Some("Marker"),
            total_count: None,
            is_truncated: Some("IsTruncated"),
        },
        PagingScheme::PageNumber => {
            Convention { cursor: "PageNumber", page_size: "PageSize", next: None, total_count: Some("TotalCount"), is_truncated: None }
        }
        PagingScheme::Offset => {
            Convention { cursor: "Offset", page_size: "Limit", next: None, total_count: Some("TotalCount"), is_truncated: None }
        }
    }
}

/// The schemes in the order detection prefers them.
const PREFERENCE: [PagingScheme; 4] = [PagingScheme::NextToken, PagingScheme::Marker, PagingScheme::PageNumber, PagingScheme::Offset];

/// Response fields that are about paging, never a page's items.
const PAGING_RESPONSE_NAMES: &[&str] =
    &["RequestId", "TotalCount", "PageNumber", "PageSize", "NextToken", "MaxResults", "Marker", "IsTruncated", "MaxItems"];

fn scheme_name(scheme: PagingScheme) -> &'static str {
    match scheme {
        PagingScheme::NextToken => "next_token",
        PagingScheme::Marker => "marker",
        PagingScheme::PageNumber => "page_number",
        PagingScheme::Offset => "offset",
    }
}

/// The operation's paging: its YAML's, else found from its fields; `None` when it does not
/// page (or its items cannot be told, with a warning; or its YAML is wrong, with an error).
pub fn decide(op: &spec::Operation, diags: &mut Diagnostics) -> Option<Decided> {
    match &op.paging {
        Some(PagingOverride::None { .. }) => None,
        Some(PagingOverride::Scheme(given)) => from_yaml(op, given, diags),
        None => detect(op, diags),
    }
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer | TypeRef::Unsigned)
}

/// A request field of a scheme: the token schemes' cursor is a string; page numbers,
/// offsets and sizes are numbers, or strings (ECS documents some as String).
fn request_field<'a>(op: &'a spec::Operation, name: &str, token: bool) -> Option<&'a spec::Field> {
    op.request
        .iter()
        .find(|f| f.name == name)
        .filter(|f| if token { f.ty == TypeRef::String } else { is_number(&f.ty) || f.ty == TypeRef::String })
}

/// The field at `path` (wire names from the response down, through structures).
fn walk<'a>(op: &'a spec::Operation, path: &[String]) -> Option<&'a spec::Field> {
    let (last, parents) = path.split_last()?;
    let mut fields = &op.response;
    for name in parents {
        let field = fields.iter().find(|f| &f.name == name)?;
        let TypeRef::Model(model) = &field.ty else { return None };
        fields = &op.models.iter().find(|m| &m.name == model)?.fields;
    }
    fields.iter().find(|f| &f.name == last)
}

fn path(text: &str) -> Vec<String> {
    text.split('.').map(str::to_owned).collect()
}

/// The answer's lists that can be a page's items: a list field, or a structure whose only
/// field is a list; paging fields and `skip` (the scheme's own response fields) left out.
fn item_lists(op: &spec::Operation, skip: &[&str]) -> Vec<Vec<String>> {
    let mut lists = Vec::new();
    for field in &op.response {
        if PAGING_RESPONSE_NAMES.contains(&field.name.as_str()) || skip.contains(&field.name.as_str()) {
            continue;
        }
        match &field.ty {
            TypeRef::Array(_) => lists.push(vec![field.name.clone()]),
            TypeRef::Model(model) => {
                let Some(model) = op.models.iter().find(|m| &m.name == model) else { continue };
                if let [only] = model.fields.as_slice()
                    && matches!(only.ty, TypeRef::Array(_))
                {
                    lists.push(vec![field.name.clone(), only.name.clone()]);
                }
            }
            _ => {}
        }
    }
    lists
}

/// Finds the scheme from the fields; see the module docs.
fn detect(op: &spec::Operation, diags: &mut Diagnostics) -> Option<Decided> {
    let mut found = None;
    for scheme in PREFERENCE {
        let names = convention(scheme);
        let token = names.next.is_some();
        let Some(cursor) = request_field(op, names.cursor, token) else { continue };
        let page_size = request_field(op, names.page_size, false);
        let next = names.next.filter(|next| op.response.iter().any(|f| f.name == *next && f.ty == TypeRef::String));
        if (token && next.is_none()) || (!token && page_size.is_none()) {
            continue;
        }
        let total_count = names.total_count.filter(|t| op.response.iter().any(|f| f.name == *t && is_number(&f.ty)));
        let is_truncated = names.is_truncated.filter(|t| op.response.iter().any(|f| f.name == *t && f.ty == TypeRef::Boolean));
        found = Some(Decided {
            scheme,
            cursor: cursor.name.clone(),
            page_size: page_size.map(|f| f.name.clone()),
            numbers_as_strings: !token && cursor.ty == TypeRef::String,
            next: next.map(path).unwrap_or_default(),
            total_count: total_count.map(path).unwrap_or_default(),
            is_truncated: is_truncated.map(path).unwrap_or_default(),
            items: Vec::new(),
        });
        break;
    }
    let Some(mut decided) = found else {
        looks_paged(op, diags);
        return None;
    };
    let lists = item_lists(op, &[]);
    match lists.as_slice() {
        [items] => {
            decided.items = items.clone();
            Some(decided)
        }
        _ => {
            let what = if lists.is_empty() {
                "its answer has no list".to_owned()
            } else {
                let names: Vec<String> = lists.iter().map(|l| format!("`{}`", l.join("."))).collect();
                format!("its answer has {} lists ({})", lists.len(), names.join(", "))
            };
            diags
                .warning(
                    op.span.clone(),
                    format!("`{}` pages by `{}` but {what}: which one holds a page's items cannot be told; no paginator", op.name, decided.cursor),
                )
                .with_note(format!(
                    "name the list in YAML (`paging: {{scheme: {}, items: A.B}}` in service.yaml under `paging: {{{}: ...}}`), or say `none`",
                    scheme_name(decided.scheme),
                    op.name
                ));
            None
        }
    }
}

/// A request field named like a scheme's cursor without the rest of the scheme.
fn looks_paged(op: &spec::Operation, diags: &mut Diagnostics) {
    for scheme in PREFERENCE {
        let names = convention(scheme);
        if op.request.iter().any(|f| f.name == names.cursor) {
            let missing = match names.next {
                Some(next) => format!("no string `{next}` in its answer"),
                None => format!("no `{}` in its request", names.page_size),
            };
            diags
                .warning(
                    op.span.clone(),
                    format!("`{}` has the parameter `{}` but {missing}: it does not page by `{}`; no paginator", op.name, names.cursor, scheme_name(scheme)),
                )
                .with_note(format!("if it pages, say how in YAML (`paging:` in service.yaml, keyed `{}`), or `none` to keep this quiet", op.name));
            return;
        }
    }
}

/// Checks a YAML `paging:` against the tables and fills in the scheme's conventions.
fn from_yaml(op: &spec::Operation, given: &spec::PagingSpec, diags: &mut Diagnostics) -> Option<Decided> {
    let names = convention(given.scheme);
    let mut ok = true;
    let mut fail = |message: String| {
        diags.error(given.span.clone(), message).with_note("see docs/yaml-schema.md, `paging:`");
        ok = false;
    };
    let cursor_name = given.cursor.as_deref().unwrap_or(names.cursor);
    let cursor = op.request.iter().find(|f| f.name == cursor_name);
    if cursor.is_none() {
        fail(format!("paging of `{}`: its request has no `{cursor_name}`", op.name));
    }
    let page_size = match &given.page_size {
        Some(name) if !op.request.iter().any(|f| &f.name == name) => {
            fail(format!("paging of `{}`: its request has no `{name}`", op.name));
            None
        }
        Some(name) => Some(name.clone()),
        None => op.request.iter().find(|f| f.name == names.page_size).map(|f| f.name.clone()),
    };
    // A response path: the one given (which must exist), else the convention when it does.
    let response = |given: &Option<String>, convention: Option<&str>, what: &str, fail: &mut dyn FnMut(String)| match given {
        Some(text) => {
            let at = path(text);
            if walk(op, &at).is_none() {
                fail(format!("paging of `{}`: its answer has no `{text}` ({what})", op.name));
            }
            at
        }
        None => convention.map(|c| vec![c.to_owned()]).filter(|at| walk(op, at).is_some()).unwrap_or_default(),
    };
    let next = response(&given.next, names.next, "the next token", &mut fail);
    let total_count = response(&given.total_count, names.total_count, "the total count", &mut fail);
    let is_truncated = response(&given.is_truncated, names.is_truncated, "whether more pages follow", &mut fail);
    if names.next.is_some() && next.is_empty() && given.next.is_none() {
        fail(format!("paging of `{}`: its answer has no `{}`; name the next token with `next:`", op.name, names.next.unwrap_or_default()));
    }
    let items = match &given.items {
        Some(text) => {
            let at = path(text);
            match walk(op, &at) {
                Some(field) if matches!(field.ty, TypeRef::Array(_)) => at,
                Some(field) => {
                    fail(format!("paging of `{}`: `{text}` is not a list (it is {})", op.name, field.ty));
                    Vec::new()
                }
                None => {
                    fail(format!("paging of `{}`: its answer has no `{text}` (the items)", op.name));
                    Vec::new()
                }
            }
        }
        None => {
            let skip: Vec<&str> = [&next, &total_count, &is_truncated].iter().filter_map(|p| p.first().map(String::as_str)).collect();
            match item_lists(op, &skip).as_slice() {
                [items] => items.clone(),
                lists => {
                    fail(format!(
                        "paging of `{}`: its answer has {} lists, so name the one of the items with `items:`",
                        op.name,
                        lists.len()
                    ));
                    Vec::new()
                }
            }
        }
    };
    let cursor = cursor?;
    if !ok {
        return None;
    }
    let numbers_as_strings = names.next.is_none() && cursor.ty == TypeRef::String;
    Some(Decided {
        scheme: given.scheme,
        cursor: cursor.name.clone(),
        page_size,
        numbers_as_strings,
        next,
        total_count,
        is_truncated,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operation from `name:type` lists (`Instances:Instances{Instance:[Instance]}` is a
    /// structure `Instances` whose only field `Instance` is a list), as in the real tables.
    fn op(request: &str, response: &str) -> spec::Operation {
        let mut models = Vec::new();
        let field = |text: &str, models: &mut Vec<spec::Model>| -> spec::Field {
            let (name, ty) = text.split_once(':').expect("name:type");
            let ty = if let Some((model, inner)) = ty.split_once('{') {
                let (inner_name, inner_ty) = inner.trim_end_matches('}').split_once(':').expect("inner");
                let inner_ty = match inner_ty.strip_prefix('[') {
                    Some(item) => TypeRef::Array(Box::new(TypeRef::Model(item.trim_end_matches(']').to_owned()))),
                    None => TypeRef::try_from(inner_ty.to_owned()).expect("type"),
                };
                models.push(spec::Model {
                    name: model.to_owned(),
                    fields: vec![spec::Field { name: inner_name.to_owned(), ty: inner_ty, ..Default::default() }],
                    ..Default::default()
                });
                TypeRef::Model(model.to_owned())
            } else if let Some(item) = ty.strip_prefix('[') {
                TypeRef::Array(Box::new(TypeRef::try_from(item.trim_end_matches(']').to_owned()).expect("type")))
            } else {
                TypeRef::try_from(ty.to_owned()).expect("type")
            };
            spec::Field { name: name.to_owned(), ty, ..Default::default() }
        };
        let request = request.split_whitespace().map(|f| field(f, &mut models)).collect();
        let response = response.split_whitespace().map(|f| field(f, &mut models)).collect();
        spec::Operation { name: "Op".into(), request, response, models, ..Default::default() }
    }

    fn decided(scheme: PagingScheme, cursor: &str, page_size: Option<&str>, next: &str, total: &str, truncated: &str, items: &str) -> Decided {
        let p = |t: &str| if t.is_empty() { Vec::new() } else { path(t) };
        Decided {
            scheme,
            cursor: cursor.into(),
            page_size: page_size.map(str::to_owned),
            numbers_as_strings: false,
            next: p(next),
            total_count: p(total),
            is_truncated: p(truncated),
            items: p(items),
        }
    }

    /// Real field sets (request, response) from specs/, and what is decided.
    #[test]
    fn schemes_from_real_fields() {
        use PagingScheme::*;
        let rows: Vec<(&str, &str, &str, Option<Decided>)> = vec![
            // Alibaba ECS DescribeInstances: both schemes documented; the token wins.
            (
                "RegionId:string PageNumber:integer PageSize:integer NextToken:string MaxResults:integer InstanceIds:string",
                "Instances:DescribeInstancesInstances{Instance:[DescribeInstancesInstance]} NextToken:string PageNumber:integer PageSize:integer RequestId:string TotalCount:integer",
                "alibaba/ecs DescribeInstances",
                Some(decided(NextToken, "NextToken", Some("MaxResults"), "NextToken", "", "", "Instances.Instance")),
            ),
            // Tencent CVM DescribeInstances: Offset/Limit, TotalCount, InstanceSet.
            (
                "InstanceIds:[string] Filters:[json] Offset:integer Limit:integer",
                "TotalCount:integer InstanceSet:[Instance] RequestId:string",
                "tencent/cvm DescribeInstances",
                Some(decided(Offset, "Offset", Some("Limit"), "", "TotalCount", "", "InstanceSet")),
            ),
            // Tencent Batch DescribeTaskTemplates: the items are raw JSON, still a list.
            (
                "TaskTemplateIds:[string] Filters:[json] Offset:integer Limit:integer",
                "RequestId:string TotalCount:integer TaskTemplateSet:[json]",
                "tencent/batch DescribeTaskTemplates",
                Some(decided(Offset, "Offset", Some("Limit"), "", "TotalCount", "", "TaskTemplateSet")),
            ),
            // Alibaba RAM ListUsers: Marker/MaxItems with IsTruncated.
            (
                "Marker:string MaxItems:integer",
                "IsTruncated:boolean Marker:string RequestId:string Users:ListUsersUsers{User:[ListUsersUser]}",
                "alibaba/ram ListUsers",
                Some(decided(Marker, "Marker", Some("MaxItems"), "Marker", "", "IsTruncated", "Users.User")),
            ),
            // Alibaba SMC DescribeSourceServers: PageNumber/PageSize, TotalCount.
            (
                "RegionId:string PageNumber:integer PageSize:integer SourceId:[string]",
                "PageNumber:integer PageSize:integer RequestId:string SourceServers:DescribeSourceServersSourceServers{SourceServer:[DescribeSourceServersSourceServer]} TotalCount:integer",
                "alibaba/smc DescribeSourceServers",
                Some(decided(PageNumber, "PageNumber", Some("PageSize"), "", "TotalCount", "", "SourceServers.SourceServer")),
            ),
            // Alibaba ECS ListTagResources: a token without a page size.
            (
                "RegionId:string NextToken:string ResourceType:string",
                "NextToken:string RequestId:string TagResources:ListTagResourcesTagResources{TagResource:[ListTagResourcesTagResource]}",
                "alibaba/ecs ListTagResources",
                Some(decided(NextToken, "NextToken", None, "NextToken", "", "", "TagResources.TagResource")),
            ),
            // Alibaba ECS DescribeSnapshots: the other fields of the answer are not lists.
            (
                "RegionId:string PageNumber:integer PageSize:integer NextToken:string MaxResults:integer",
                "NextToken:string PageSize:integer PageNumber:integer RequestId:string TotalCount:integer Snapshots:DescribeSnapshotsSnapshots{Snapshot:[DescribeSnapshotsSnapshot]} TagKey:string",
                "alibaba/ecs DescribeSnapshots",
                Some(decided(NextToken, "NextToken", Some("MaxResults"), "NextToken", "", "", "Snapshots.Snapshot")),
            ),
            // Alibaba ECS DescribeSpotPriceHistory: an Offset without Limit (it answers
            // NextOffset): not a paging offset.
            ("RegionId:string NetworkType:string Offset:integer", "Currency:string NextOffset:integer RequestId:string SpotPrices:S{SpotPriceType:[T]}", "alibaba/ecs DescribeSpotPriceHistory", None),
            // Alibaba ECS DescribeImageSharePermission: two lists, no paginator.
            (
                "RegionId:string ImageId:string PageNumber:integer PageSize:integer",
                "Accounts:A{Account:[B]} ImageId:string PageNumber:integer PageSize:integer RegionId:string RequestId:string ShareGroups:C{ShareGroup:[D]} TotalCount:integer",
                "alibaba/ecs DescribeImageSharePermission",
                None,
            ),
            // Tencent TAT CancelInvocation: not paged at all.
            ("InvocationId:string InstanceIds:[string]", "RequestId:string", "tencent/tat CancelInvocation", None),
        ];
        for (request, response, source, expected) in rows {
            let op = op(request, response);
            let mut diags = Diagnostics::new();
            assert_eq!(decide(&op, &mut diags), expected, "{source}");
        }
    }

    /// ECS documents some page numbers as String: they stay strings on the wire.
    #[test]
    fn page_numbers_documented_as_strings() {
        let op = op(
            "RegionId:string PageSize:string PageNumber:string",
            "InstanceRenewAttributes:R{InstanceRenewAttribute:[A]} PageNumber:integer PageSize:integer RequestId:string TotalCount:integer",
        );
        let decided = decide(&op, &mut Diagnostics::new()).expect("pages");
        assert!(decided.numbers_as_strings);
        assert_eq!(decided.items, ["InstanceRenewAttributes", "InstanceRenewAttribute"]);
    }

    /// Paged but the items cannot be told, or a cursor without its scheme: a warning, never a
    /// guess.
    #[test]
    fn what_cannot_be_told_is_said() {
        let cases = [
            // ECS DescribeImageSharePermission: two lists.
            ("RegionId:string PageNumber:integer PageSize:integer", "Accounts:A{Account:[B]} ShareGroups:C{ShareGroup:[D]} TotalCount:integer", "answer has 2 lists (`Accounts.Account`, `ShareGroups.ShareGroup`)"),
            // ECS DescribeInvocationResults: the list is inside a structure with other fields.
            ("RegionId:string PageNumber:integer PageSize:integer", "Invocation:json RequestId:string", "its answer has no list"),
            ("RegionId:string Offset:integer", "NextOffset:integer SpotPrices:S{SpotPriceType:[T]}", "has the parameter `Offset` but no `Limit` in its request"),
        ];
        for (request, response, expected) in cases {
            let mut diags = Diagnostics::new();
            assert_eq!(decide(&op(request, response), &mut diags), None);
            let text = diags.to_string();
            assert!(text.contains(expected) && text.contains("no paginator"), "{text}");
        }
    }

    fn with_paging(paging: PagingOverride, request: &str, response: &str) -> (spec::Operation, Diagnostics) {
        let mut op = op(request, response);
        op.paging = Some(paging);
        (op, Diagnostics::new())
    }

    fn scheme(scheme: PagingScheme) -> spec::PagingSpec {
        spec::PagingSpec {
            scheme,
            cursor: None,
            page_size: None,
            next: None,
            total_count: None,
            is_truncated: None,
            items: None,
            span: spec::Span::default(),
        }
    }

    #[test]
    fn yaml_overrides_and_checks() {
        // `none` wins over fields that page.
        let none = PagingOverride::None { span: spec::Span::default() };
        let (op, mut diags) = with_paging(none, "PageNumber:integer PageSize:integer", "Items:[string] TotalCount:integer");
        assert_eq!(decide(&op, &mut diags), None);
        assert!(diags.is_empty());
        // The page-number scheme of a page that also has tokens; the rest by convention.
        let (op, mut diags) = with_paging(
            PagingOverride::Scheme(scheme(PagingScheme::PageNumber)),
            "PageNumber:integer PageSize:integer NextToken:string MaxResults:integer",
            "Instances:I{Instance:[X]} NextToken:string TotalCount:integer",
        );
        assert_eq!(decide(&op, &mut diags), Some(decided(PagingScheme::PageNumber, "PageNumber", Some("PageSize"), "", "TotalCount", "", "Instances.Instance")));
        // Names given where the answer nests them (ECS DescribeInvocationResults).
        let given = spec::PagingSpec {
            total_count: Some("Invocation.TotalCount".into()),
            items: Some("Invocation.Results".into()),
            ..scheme(PagingScheme::PageNumber)
        };
        let (mut op, mut diags) = with_paging(
            PagingOverride::Scheme(given),
            "PageNumber:integer PageSize:integer",
            "RequestId:string",
        );
        op.response.push(spec::Field { name: "Invocation".into(), ty: TypeRef::Model("Inv".into()), ..Default::default() });
        op.models.push(spec::Model {
            name: "Inv".into(),
            fields: vec![
                spec::Field { name: "TotalCount".into(), ty: TypeRef::Integer, ..Default::default() },
                spec::Field { name: "Results".into(), ty: TypeRef::Array(Box::new(TypeRef::Json)), ..Default::default() },
            ],
            ..Default::default()
        });
        assert_eq!(
            decide(&op, &mut diags),
            Some(decided(PagingScheme::PageNumber, "PageNumber", Some("PageSize"), "", "Invocation.TotalCount", "", "Invocation.Results"))
        );
        // Wrong names are errors at the `paging:` line.
        let given = spec::PagingSpec { cursor: Some("Token".into()), items: Some("Nope".into()), ..scheme(PagingScheme::NextToken) };
        let (op, mut diags) = with_paging(PagingOverride::Scheme(given), "NextToken:string", "NextToken:string Items:[string]");
        assert_eq!(decide(&op, &mut diags), None);
        let text = diags.to_string();
        assert!(text.contains("its request has no `Token`") && text.contains("its answer has no `Nope` (the items)"), "{text}");
        assert!(diags.has_errors());
    }
}
