//! What the spec files say: the YAML schema and the page readers' output, plain data and
//! serialisable, and the merged tree `lower` builds from them (`Api`, `Cloud`, `Service`).
//!
//! Every importer (Markdown pages, scraped-text pages, YAML) produces these types and `check`
//! runs over them; `resolve` then turns them into the resolved IR (`ir.rs`) that the
//! emitters read. `import` prints an [`Operation`] as YAML in exactly this shape, which is
//! also the YAML schema for operations written by hand (see `docs/yaml-schema.md`).
//!
//! Spans are not serialised: a YAML file gets spans of its own when it is read back.

use serde::{Deserialize, Serialize};

pub use crate::source::Span;

/// The whole input: every cloud with its services, sorted by cloud then service name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    pub clouds: Vec<Cloud>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CloudKind {
    Tencent,
    Alibaba,
}

impl CloudKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CloudKind::Tencent => "tencent",
            CloudKind::Alibaba => "alibaba",
        }
    }
}

/// What a cloud shares across its services (from `specs/<cloud>/common.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    pub kind: CloudKind,
    /// Human name, e.g. "Tencent Cloud".
    pub title: String,
    pub signing: SigningScheme,
    pub envelope: Envelope,
    /// Parameters every call carries that are not request fields (Action, Version, Region...).
    pub common_params: Vec<CommonParam>,
    /// The cloud's common error codes, shared by every operation.
    pub common_errors: Vec<ErrorCode>,
    pub regions: Vec<Region>,
    pub services: Vec<Service>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigningScheme {
    #[serde(rename = "TC3-HMAC-SHA256")]
    Tc3HmacSha256,
    #[serde(rename = "ACS3-HMAC-SHA256")]
    Acs3HmacSha256,
}

/// How successful and failed responses are wrapped on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// `{"Response": {..fields, "RequestId"}}`, errors as `Response.Error.{Code,Message}`, HTTP 200.
    TencentResponse,
    /// Fields at top level with `RequestId`; errors as 4xx/5xx with `{Code, Message, RequestId}`.
    AlibabaRpc,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonParam {
    pub name: String,
    /// How it travels, e.g. `header:X-TC-Action` or `query:Action`.
    pub location: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Finance regions need their own domain (`<service>.<region>.tencentcloudapi.com`).
    #[serde(default)]
    pub finance: bool,
}

/// One service of one cloud, e.g. Tencent Cloud TAT 2020-10-28.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub cloud: CloudKind,
    /// Short name as used in hosts and the module name, e.g. `tat`, `smc`.
    pub name: String,
    pub title: String,
    pub version: String,
    pub endpoints: Endpoints,
    pub operations: Vec<Operation>,
    /// Structures defined by the service's models pages (Data Types pages), for every
    /// operation to use; `check` copies the ones an operation uses into it.
    pub models: Vec<Model>,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Default domain, e.g. `tat.tencentcloudapi.com`.
    pub default: String,
    /// Domain of the international site, e.g. `tat.intl.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intl: Option<String>,
    /// Regional domain pattern with `{region}`, e.g. `tat.{region}.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional: Option<String>,
    /// Finance-region domain pattern with `{region}`, e.g. `dts.{region}.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<String>,
}

/// What a documentation page holds: one operation, or (a Data Types page) the structures
/// the service's operations use, merged into the service by `lower`.
#[derive(Debug, Clone, PartialEq)]
pub enum PageContent {
    /// Boxed: a page is read once and handed on, and most of the size is the operation's.
    Operation(Box<Operation>),
    Models(Vec<Model>),
}

/// One API operation (one page, or one YAML operation file).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The wire action name, e.g. `CancelInvocation`.
    pub name: String,
    /// Paragraphs of the description, each one line of rustdoc; a code block of the page is
    /// a paragraph of its own, fenced ([`code_paragraph`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<String>,
    /// Domain the page names, when it names one (checked against the service's endpoints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Version the page names, when it names one (checked against the service's version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Where the page names it, when that is a row of its own (the `Version` parameter row);
    /// else a mismatch is reported at the operation's span.
    #[serde(skip)]
    pub version_span: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Sent without a signature, as the official SDKs send it (STS `AssumeRoleWithSAML`: the
    /// caller has no credentials yet). Pages do not say it; a YAML operation file does, or
    /// service.yaml's `anonymous:` list for the pages of its folder.
    #[serde(default, skip_serializing_if = "is_false")]
    pub anonymous: bool,
    /// Finance-region note: the page says the API supports Finance regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<FinanceNote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Field>,
    /// Named structures referenced by fields (`TypeRef::Model`), in order of appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    /// Error codes documented for this operation (the cloud's common codes are added by
    /// the emitter, not copied here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// How the operation pages, when its tables do not say it plainly (YAML only: the
    /// operation's file, or `paging:` in service.yaml); otherwise the generator finds it from
    /// the fields (`paging.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<PagingOverride>,
    #[serde(skip)]
    pub span: Span,
}

/// `paging:` of an operation: `none` (no paginator, whatever the fields look like), or a
/// scheme with the names that differ from its conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingOverride {
    None { span: Span },
    Scheme(PagingSpec),
}

impl PagingOverride {
    pub fn span(&self) -> &Span {
        match self {
            PagingOverride::None { span } => span,
            PagingOverride::Scheme(spec) => &spec.span,
        }
    }

    pub fn set_span(&mut self, at: Span) {
        match self {
            PagingOverride::None { span } => *span = at,
            PagingOverride::Scheme(spec) => spec.span = at,
        }
    }
}

impl Serialize for PagingOverride {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PagingOverride::None { .. } => serializer.serialize_str("none"),
            PagingOverride::Scheme(spec) => spec.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PagingOverride {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PagingOverride;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`none` or a map with `scheme` (page_number, offset, next_token, marker)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PagingOverride, E> {
                match text {
                    "none" => Ok(PagingOverride::None { span: Span::default() }),
                    other => Err(E::invalid_value(serde::de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<PagingOverride, A::Error> {
                // The struct's own errors (an unknown key, a bad scheme) come through as they are.
                PagingSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(PagingOverride::Scheme)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A paging scheme and its names. Names left out are the scheme's conventions (see
/// `docs/yaml-schema.md`): `page_number`: `PageNumber`, `PageSize`, `TotalCount`; `offset`:
/// `Offset`, `Limit`, `TotalCount`; `next_token`: `NextToken`, `MaxResults`, `NextToken`;
/// `marker`: `Marker`, `MaxItems`, `Marker`, `IsTruncated`. The items list left out is the
/// answer's one list, as for pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingSpec {
    pub scheme: PagingScheme,
    /// Request field of the page number, offset, token or marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Request field of the page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
    /// Response path (`A.B`) of the next token or marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Response path of the number of items of the whole listing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<String>,
    /// Response path of the flag that more pages follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_truncated: Option<String>,
    /// Response path of the list of a page's items (`Instances.Instance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingScheme {
    PageNumber,
    Offset,
    NextToken,
    Marker,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub per_second: u32,
    /// The sentence it was read from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceNote {
    /// Example Finance domain given on the page, e.g. `dts.ap-shanghai-fsi.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_domain: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip)]
    pub span: Span,
}

/// A request or response field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Exact wire name without any `.N` suffix, e.g. `InstanceIds`.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Description lines as given on the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Example value as given on the page (Alibaba tables have an Example column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The page says to use another parameter instead ("We recommend that you use the
    /// Tag.N.Key parameter to ensure future compatibility."): its twin gets the clean name.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A list sent as the JSON text of itself in one string parameter: Alibaba RPC parameters
    /// typed String whose page says "The value can be a JSON array that consists of up to 100
    /// instance IDs" (`InstanceIds=["i-1","i-2"]`). On the wire it is a string; typed as a
    /// list, its documented item cap is checked.
    #[serde(default, skip_serializing_if = "is_false")]
    pub json_text: bool,
    #[serde(skip)]
    pub span: Span,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A field's type, as the docs name it, normalised. In YAML it is written as text:
/// `string`, `integer`, `unsigned`, `float`, `boolean`, `timestamp`, `json`,
/// `array of <type>`, or the name of a model (`Filter`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum TypeRef {
    #[default]
    String,
    /// 64-bit signed integer (Tencent `Integer`/`Int64`, Alibaba `Long`/`Integer`).
    Integer,
    /// Unsigned 64-bit (Tencent `UInt64`).
    Unsigned,
    Float,
    Boolean,
    /// Date-time kept as its wire string (Tencent `Timestamp`, `Date`).
    Timestamp,
    /// Arbitrary JSON (Alibaba `Object` without fields, or an unresolved external type).
    Json,
    Array(Box<TypeRef>),
    /// A structure described in `Operation::models` (or resolved from another spec).
    Model(String),
}

impl TypeRef {
    /// The model inside this type (`Filter`, `array of Filter`, ...), if any.
    pub fn model(&self) -> Option<&str> {
        match self {
            TypeRef::Model(name) => Some(name),
            TypeRef::Array(item) => item.model(),
            _ => None,
        }
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Unsigned => f.write_str("unsigned"),
            TypeRef::Float => f.write_str("float"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Timestamp => f.write_str("timestamp"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::Array(item) => write!(f, "array of {item}"),
            TypeRef::Model(name) => f.write_str(name),
        }
    }
}

impl From<TypeRef> for String {
    fn from(ty: TypeRef) -> String {
        ty.to_string()
    }
}

impl TryFrom<String> for TypeRef {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let text = text.trim();
        if let Some(item) = text.strip_prefix("array of ") {
            return TypeRef::try_from(item.to_owned()).map(|t| TypeRef::Array(Box::new(t)));
        }
        Ok(match text {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "unsigned" => TypeRef::Unsigned,
            "float" => TypeRef::Float,
            "boolean" => TypeRef::Boolean,
            "timestamp" => TypeRef::Timestamp,
            "json" => TypeRef::Json,
            name if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') => {
                if let Some(meant) = mistyped_builtin(name) {
                    return Err(format!("unknown type `{name}`: did you mean `{meant}`? (a model name would start with a capital)"));
                }
                TypeRef::Model(name.to_owned())
            }
            other => {
                return Err(format!(
                    "unknown type `{other}`: expected string, integer, unsigned, float, boolean, timestamp, json, `array of <type>` or a model name"
                ));
            }
        })
    }
}

/// The built-in type a lower-case name is a slip of (`strng`, `interger`, `bool`): models are
/// named with a capital, so a lower-case name that shortens a built-in one or is one or two
/// edits from it is a typo,
/// which would otherwise become a model no page describes and so raw JSON.
fn mistyped_builtin(name: &str) -> Option<&'static str> {
    const BUILTIN: [&str; 7] = ["string", "integer", "unsigned", "float", "boolean", "timestamp", "json"];
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let shortened = BUILTIN.iter().find(|b| name.len() >= 3 && b.starts_with(name));
    shortened.copied().or_else(|| {
        BUILTIN
            .iter()
            .map(|b| (strsim::levenshtein(name, b), *b))
            .filter(|(distance, _)| *distance <= 2)
            .min()
            .map(|(_, b)| b)
    })
}

/// A named structure: nested fields of a request or response field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<String>,
    pub fields: Vec<Field>,
    #[serde(skip)]
    pub span: Span,
}

/// A validation rule for a field, read from a table or a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    #[serde(flatten)]
    pub rule: Rule,
    /// The sentence the rule was read from; generated validation errors cite it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// Array length bounds.
    Items {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u64>,
    },
    /// String length bounds, in characters.
    Length {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u64>,
    },
    /// Inclusive numeric bounds.
    Range {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// Allowed values (wire strings).
    OneOf { values: Vec<String> },
}

/// An error code, documented by an operation or common to a cloud.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    pub code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The error message the cloud sends, when the page gives one (Alibaba).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Safe to retry: set for the cloud's throttling and transient codes in common.yaml.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retryable: bool,
    #[serde(default = "ErrorOrigin::operation", skip_serializing_if = "ErrorOrigin::is_operation")]
    pub origin: ErrorOrigin,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorOrigin {
    /// Documented on the operation's page.
    #[default]
    Operation,
    /// One of the cloud's common error codes.
    Common,
}

impl ErrorOrigin {
    fn operation() -> Self {
        ErrorOrigin::Operation
    }
    fn is_operation(&self) -> bool {
        *self == ErrorOrigin::Operation
    }
}

/// A documented example call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The request as given; see [`ExampleRequest`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequest>,
    /// The response body as given (JSON text, envelope included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", content = "text", rename_all = "snake_case")]
pub enum ExampleRequest {
    /// A JSON body (Tencent POST examples), headers stripped.
    Json(String),
    /// Query parameters as `(name, value)` pairs, common parameters and placeholders removed
    /// (Tencent GET-style examples: `?Action=X&JobId=dts-1&<Common request parameters>`).
    Query(Vec<(String, String)>),
}

/// A description paragraph that is a code block of the page (the error message a note quotes,
/// a query written out): its lines as they are, fenced as text. The readers write it; the docs
/// show it verbatim (the IR's `code_block` reads it back) and no rule reads it as prose. A YAML
/// spec may write one the same way.
pub fn code_paragraph(text: &str) -> String {
    format!("```text\n{}\n```", text.trim_end_matches('\n'))
}

/// Whether a description paragraph is a code block ([`code_paragraph`]).
pub fn is_code_paragraph(paragraph: &str) -> bool {
    paragraph.starts_with("```text\n") && paragraph.ends_with("\n```")
}
