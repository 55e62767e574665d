//! The resolved IR: what the emitters read. Plain data, no serde, no syn types.
//!
//! `resolve` builds it from the checked specs (`spec`), so everything here is final: every
//! Rust name is decided (by `names`, once), models belong to their service (one struct per
//! name), example JSON is computed, endpoints include the Finance domain and regions, and
//! every model a field names exists. Emitters only translate it into tokens.


/// Every cloud with its services, sorted by cloud then service name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    pub clouds: Vec<Cloud>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CloudKind {
    Tencent,
    Alibaba,
}

/// How requests are signed (`signing:` in common.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningScheme {
    Tc3HmacSha256,
    Acs3HmacSha256,
}

/// How successful and failed responses are wrapped on the wire (`envelope:` in common.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"Response": {..fields, "RequestId"}}`, errors as `Response.Error.{Code,Message}`.
    TencentResponse,
    /// Fields at top level with `RequestId`; errors as 4xx/5xx with `{Code, Message, RequestId}`.
    AlibabaRpc,
}

/// What a cloud's services share, and the services.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    pub kind: CloudKind,
    /// Human name, e.g. "Tencent Cloud".
    pub title: String,
    pub signing: SigningScheme,
    pub envelope: Envelope,
    /// The module of what the services share: `tencent`.
    pub module: String,
    /// The spec file it comes from, relative to the specs folder: `tencent/common.yaml`.
    pub source: String,
    /// The common error codes, variant names claimed in their own enum.
    pub common_errors: Vec<ErrorCode>,
    pub services: Vec<Service>,
}

/// One service of one cloud at one version.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name as used in hosts, e.g. `tat`.
    pub name: String,
    pub title: String,
    pub version: String,
    /// Module name (`tencent_tat`) and cargo feature (`tencent-tat`).
    pub module: String,
    pub feature: String,
    /// The spec folder it comes from: `tencent/tat`.
    pub source: String,
    pub endpoints: Endpoints,
    pub operations: Vec<Operation>,
    /// Every struct of the service, one per model name, in order of first use.
    pub models: Vec<Model>,
    /// The enums of documented value lists ("Valid values: tcp, udp"), one per distinct list
    /// of a field name, in order of first use.
    pub enums: Vec<ValueEnum>,
}

/// A closed list of string values a page documents for a field, as a Rust enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueEnum {
    pub rust: String,
    /// `(variant, wire value)` in the documentation's order.
    pub variants: Vec<(String, String)>,
    /// The sentence that lists the values.
    pub source: String,
}

/// A service's domains, final: the Finance pattern from service.yaml or a page's note, with
/// the cloud's Finance regions when there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    pub default: String,
    pub intl: Option<String>,
    pub regional: Option<String>,
    pub finance: Option<String>,
    pub finance_regions: Vec<String>,
}

/// One operation with the Rust names of its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The wire action name, e.g. `CancelInvocation`.
    pub name: String,
    pub description: Vec<String>,
    /// Documented requests per second.
    pub rate_limit: Option<u32>,
    /// Sent without a signature (the spec's `anonymous`).
    pub anonymous: bool,
    pub request: Vec<Field>,
    pub response: Vec<Field>,
    /// Documented codes; variant names claimed beside `Common` and `Unknown`.
    pub errors: Vec<ErrorCode>,
    /// Examples that fit the tables, as JSON, with their test names.
    pub examples: Vec<Example>,
    /// Indices into `Service::models` of the models this operation is the first to use: the
    /// module places their structs right after the operation's own items.
    pub first_models: Vec<usize>,
    pub names: OperationNames,
    /// The request field that carries the region, for envelopes whose requests carry it as a
    /// parameter (Alibaba RPC's `RegionId`, a string): its index in `request`. The client fills
    /// it from its own region when a call leaves it unset.
    pub region_field: Option<usize>,
    /// How the operation pages, when it does (`paging.rs` decides it).
    pub paging: Option<Paging>,
    /// The response documents nothing but the request id (a `RequestId` string), or nothing
    /// at all: its type is the runtime's `EmptyResponse`, named per operation, rather than a
    /// struct of its own.
    pub empty_response: bool,
}

/// The clouds' paging schemes (`runtime::PagingScheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingScheme {
    PageNumber,
    Offset,
    NextToken,
    Marker,
}

/// What a paginator of the operation needs: the request's wire names it sets, the answer's
/// wire paths it reads (from the success object down), and the Rust type of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub scheme: PagingScheme,
    /// The request field of the page number, offset, token or marker.
    pub cursor: String,
    /// The request field of the page size.
    pub page_size: Option<String>,
    /// The page number or offset (and size) are documented as strings.
    pub numbers_as_strings: bool,
    /// The next token or marker (empty for the numbered schemes).
    pub next: Vec<String>,
    /// The number of items of the whole listing (empty: not documented).
    pub total_count: Vec<String>,
    /// Whether more pages follow (`IsTruncated`; empty: not documented).
    pub is_truncated: Vec<String>,
    /// The list of a page's items: `["InstanceSet"]`, `["Instances", "Instance"]`.
    pub items: Vec<String>,
    /// The type of one item: the element type of that list (`Model("DescribeInstancesInstance")`).
    pub item: Type,
}

pub use crate::names::OperationNames;

/// A struct field with its exact wire name and its Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: Type,
    pub required: bool,
    pub description: Vec<String>,
    pub constraints: Vec<Constraint>,
    pub example: Option<String>,
    /// The page says to use another parameter instead (its twin has the clean name).
    pub deprecated: bool,
    /// Sent as its JSON text in one string parameter: a list (`InstanceIds=["i-1","i-2"]`),
    /// or an Alibaba RPC request's `Json` value (`Parameters={"name":"Jack"}`).
    pub json_text: bool,
    /// Its accessor and setters (`instance_id`, `set_instance_id`, `with_instance_id`).
    pub methods: FieldMethods,
    /// The field's struct only wraps a list (Alibaba's `Instances { Instance: [...] }`): its
    /// accessor reads through the wrapper and returns the list.
    pub list_wrapper: Option<ListWrapper>,
    /// Text whose name says it is a secret (`names::is_secret_field`): its struct's `Debug`
    /// shows `<redacted>` for it.
    pub secret: bool,
}

pub use crate::names::FieldMethods;

/// A struct whose only field is a list, as seen from a field of that struct's type.
#[derive(Debug, Clone, PartialEq)]
pub struct ListWrapper {
    /// The Rust name of the wrapper's list field (`instance`).
    pub field: String,
    /// One item of the list.
    pub item: Type,
}

/// The lines of a description paragraph that is a code block of the page (the readers fence
/// it as text: `spec::code_paragraph`; descriptions reach the IR as written), or `None` for a
/// paragraph of prose.
pub fn code_block(paragraph: &str) -> Option<&str> {
    paragraph.strip_prefix("```text\n")?.strip_suffix("\n```")
}

/// A field's type; a model is named by its Rust struct name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Unsigned,
    Float,
    Boolean,
    Timestamp,
    Json,
    Array(Box<Type>),
    Model(String),
    /// A documented value list, by the Rust name of its enum (`Service::enums`).
    Enum(String),
}

impl Type {
    /// The model inside this type (`Model`, `Array of Model`, ...), if any.
    pub fn model(&self) -> Option<&str> {
        match self {
            Type::Model(name) => Some(name),
            Type::Array(item) => item.model(),
            _ => None,
        }
    }

    /// The type of one element: the item of an array, else the type itself.
    pub fn element(&self) -> &Type {
        match self {
            Type::Array(item) => item,
            other => other,
        }
    }
}

/// A named structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub wire: String,
    pub rust: String,
    pub description: Vec<String>,
    pub fields: Vec<Field>,
    /// Some request of the service holds it, directly or nested in another model: programs
    /// build it to send, so its builders (`with_` setters) and its encoder are part of every
    /// build. A model only answers hold is built only by tests that fake an answer, which is
    /// what those items of a response-only model are for: the emitter puts them behind the
    /// layout's test-only cfg.
    pub in_requests: bool,
}

/// A validation rule and the sentence it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub rule: Rule,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Items { min: Option<u64>, max: Option<u64> },
    Length { min: Option<u64>, max: Option<u64> },
    Range { min: Option<i64>, max: Option<i64> },
    OneOf { values: Vec<String> },
}

/// An error code with its enum variant name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: String,
    pub variant: String,
    pub description: String,
    pub http_status: Option<u16>,
    pub retryable: bool,
}

/// A documented example, as the JSON the generated tests start from (`None`: the example
/// has no such part, or it did not fit the tables and was reported).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub request: Option<ExampleTest>,
    pub response: Option<ExampleTest>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleTest {
    /// The test function's name.
    pub test: String,
    /// Compact JSON text: the request, or the response's success object.
    pub json: String,
    /// Wire names of required request fields the example leaves out (pages' examples are
    /// sometimes incomplete): the test then expects `validate()` to report one of them
    /// missing instead of passing.
    pub omits_required: Vec<String>,
}
