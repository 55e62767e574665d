//! Static descriptions of services and operations, emitted by the generator as `const`s.

/// Which cloud a service belongs to. Decides only what really is per cloud: where
/// credentials come from (environment variables, profile files) and the endpoint domain
/// conventions. How a request is signed and shaped and how its answer is read come from
/// [`ServiceInfo::signing`] and [`ServiceInfo::envelope`], never from the cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// Tencent Cloud: `TENCENTCLOUD_*` credentials, `*.tencentcloudapi.com` domains.
    Tencent,
    /// Alibaba Cloud: `ALIBABA_CLOUD_*` credentials, `*.aliyuncs.com` domains.
    Alibaba,
}

/// The signing scheme a service declares (`signing:` in `specs/<cloud>/common.yaml`). Picks
/// the signer module in [`crate::protocol`]: which headers carry the action, version, clock
/// and session token, how the canonical request is built, and the `Authorization` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signing {
    /// `TC3-HMAC-SHA256` (Tencent Cloud API 3.0): `X-TC-*` headers, signs `content-type;host`;
    /// see [`crate::protocol::tc3`].
    Tc3HmacSha256,
    /// `ACS3-HMAC-SHA256` (Alibaba Cloud V3 signature): `x-acs-*` headers, signs `host` and
    /// every `x-acs-*` header; see [`crate::protocol::acs3`].
    Acs3HmacSha256,
}

/// The wire style a service declares (`envelope:` in `specs/<cloud>/common.yaml`). It names
/// an API style, so it fixes both directions: how a request's parameters travel (the request
/// shape) and how the answer is wrapped (the response parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Envelope {
    /// `tencent_response` (Tencent Cloud API 3.0): parameters as a JSON body; answers are
    /// `{"Response": {.., "RequestId"}}`, errors inside as `Response.Error.{Code,Message}`;
    /// see [`crate::protocol::tencent`].
    TencentResponse,
    /// `alibaba_rpc` (Alibaba Cloud RPC style): parameters flattened into the query, empty
    /// body; answers are the object itself, errors 4xx/5xx with `{Code, Message, RequestId}`;
    /// see [`crate::protocol::alibaba_rpc`].
    AlibabaRpc,
}

/// Domains of a service, from `specs/<cloud>/<service>/service.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoints {
    /// Default domain, e.g. `tat.tencentcloudapi.com`.
    pub default: &'static str,
    /// International-site domain, e.g. `tat.intl.tencentcloudapi.com`.
    pub intl: Option<&'static str>,
    /// Regional domain pattern containing `{region}`.
    pub regional: Option<&'static str>,
    /// Finance-region domain pattern containing `{region}`; used for `finance_regions`.
    pub finance: Option<&'static str>,
    /// Regions that need the Finance domain (e.g. `ap-shanghai-fsi`).
    pub finance_regions: &'static [&'static str],
}

/// One service at one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Credentials sources and endpoint conventions.
    pub cloud: Cloud,
    /// Short name as used in hosts and in the TC3 credential scope, e.g. `tat`.
    pub name: &'static str,
    pub version: &'static str,
    pub endpoints: Endpoints,
    /// How requests are signed.
    pub signing: Signing,
    /// How parameters travel and answers are wrapped.
    pub envelope: Envelope,
}

/// The clouds' paging schemes: which request field asks for the next page, and what in the
/// answer says where the listing goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PagingScheme {
    /// `PageNumber` (from 1) and `PageSize`; the answer's `TotalCount` says how many items
    /// there are (Alibaba `Describe*`).
    PageNumber,
    /// `Offset` (from 0) and `Limit`; the answer's `TotalCount` says how many items there are
    /// (Tencent `Describe*`).
    Offset,
    /// `NextToken` and `MaxResults`: the answer's `NextToken` asks for the next page, none or
    /// an empty one ends the listing (Alibaba).
    NextToken,
    /// `Marker` and `MaxItems`: while the answer's `IsTruncated` is true, its `Marker` asks
    /// for the next page (Alibaba RAM and IMS `List*`).
    Marker,
}

/// How one operation pages, as data: the request's wire names of the fields the paginator
/// sets, and the wire paths (member names from the success object down) of what it reads
/// from each answer. Emitted by the generator into [`OperationInfo::paging`]; read by
/// [`crate::paging::PageCursor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paging {
    pub scheme: PagingScheme,
    /// The request field of the page: `PageNumber`, `Offset`, `NextToken` or `Marker`.
    pub cursor: &'static str,
    /// The request field of the page size (`PageSize`, `Limit`, `MaxResults`, `MaxItems`),
    /// when the operation has one.
    pub page_size: Option<&'static str>,
    /// The page number or offset and the page size are documented as strings (`"2"`), not
    /// numbers: they are written as strings so that they pass the operation's checks.
    pub numbers_as_strings: bool,
    /// `NextToken` and `Marker`: where the answer carries the next page's cursor.
    pub next: &'static [&'static str],
    /// `PageNumber` and `Offset`: where the answer carries the number of items of the whole
    /// listing (empty: the operation does not say; an empty page then ends it).
    pub total_count: &'static [&'static str],
    /// `Marker`: where the answer says whether more pages follow (`IsTruncated`).
    pub is_truncated: &'static [&'static str],
    /// Where the answer carries the page's items: `["InstanceSet"]` (Tencent), or through
    /// Alibaba's wrapper object `["Instances", "Instance"]`.
    pub items: &'static [&'static str],
}

/// One operation of a service.
#[derive(Clone, Copy)]
pub struct OperationInfo {
    pub service: &'static ServiceInfo,
    /// Wire action name, e.g. `CancelInvocation`.
    pub action: &'static str,
    /// Documented request rate limit (requests per second), enforced per [`crate::Client`]
    /// (shared by its clones; separate clients each have their own budget).
    pub rate_limit_per_second: Option<u32>,
    /// The request parameter that carries the region, for envelopes whose requests carry it
    /// as a parameter (Alibaba RPC's `RegionId`; Tencent sends the region in a header). When
    /// a call leaves it unset, the client fills it with its configured region.
    pub region_parameter: Option<&'static str>,
    /// The operation's documented checks on JSON parameters (decode into the request
    /// struct, then its `validate()`), so untyped callers such as the CLI and
    /// [`crate::Client::call_json`] get the same client-side validation as typed ones.
    pub validate_json: fn(&serde_json::Value) -> Result<(), crate::ValidationError>,
    /// How the operation's answers are paged, when they are (see [`crate::paging`]): what
    /// [`crate::Paginator`] and the CLI's `--pager` read to ask for every page.
    pub paging: Option<&'static Paging>,
    /// Sent without a signature, as the official SDKs send it (Alibaba's `authType:
    /// Anonymous`, Tencent's `SkipSign`): the operations that turn a federated identity into
    /// credentials (STS `AssumeRoleWithSAML`, `AssumeRoleWithOIDC`), which a caller without
    /// credentials must be able to call. No credentials are read for it, none are sent.
    pub anonymous: bool,
}

impl OperationInfo {
    /// Whether `err` says only that the region parameter is unset: what a client with a
    /// region fills before sending, so such a request is checked again with it filled
    /// ([`OperationInfo::fill_region`]) rather than refused.
    pub fn is_unset_region(&self, err: &crate::ValidationError) -> bool {
        self.region_parameter.is_some_and(|name| name == err.field) && err.violation == crate::Violation::Missing
    }

    /// Sets the region parameter of JSON parameters `params` to `region` when they leave it
    /// unset or `null` (never replacing a value), as the request is sent: the checks of
    /// [`crate::Client::call_json`] and of paginators see what goes on the wire.
    pub fn fill_region(&self, params: &mut serde_json::Value, region: Option<&str>) {
        if let (Some(name), Some(region), serde_json::Value::Object(members)) = (self.region_parameter, region, params) {
            let slot = members.entry(name).or_insert(serde_json::Value::Null);
            if slot.is_null() {
                *slot = serde_json::Value::String(region.to_owned());
            }
        }
    }
}

impl std::fmt::Debug for OperationInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationInfo")
            .field("service", &self.service.name)
            .field("action", &self.action)
            .field("rate_limit_per_second", &self.rate_limit_per_second)
            .field("region_parameter", &self.region_parameter)
            .field("paging", &self.paging)
            .field("anonymous", &self.anonymous)
            .finish_non_exhaustive()
    }
}

/// Operations are identified by service and action (function pointers do not compare reliably).
impl PartialEq for OperationInfo {
    fn eq(&self, other: &Self) -> bool {
        self.service == other.service && self.action == other.action
    }
}

impl Eq for OperationInfo {}

/// Implemented by each generated per-operation error enum.
pub trait OperationError:
    std::fmt::Debug + std::fmt::Display + Clone + PartialEq + Send + Sync + 'static
{
    /// Maps a wire code to its variant (`Unknown` when the code is not documented).
    fn from_wire(code: &str, message: &str) -> Self;
    /// The wire code, e.g. `InvalidParameterValue.InvalidInstanceId`.
    fn code(&self) -> &str;
    /// Whether a call that failed with this code may be retried safely.
    fn is_retryable(&self) -> bool;
}

/// The documented codes of one error enum, index for index with its variants: the wire
/// `codes` and their `descriptions`. Generated enums keep these as one constant and map a
/// variant to its index (and back) with a `match` on the variant, so that the string work
/// is done here, once, by non-generic code: a `match` on wire strings in every operation, or
/// a generic lookup instantiated for every enum, costs the compiler far more.
#[derive(Debug)]
pub struct ErrorCodes {
    pub codes: &'static [&'static str],
    pub descriptions: &'static [&'static str],
}

impl ErrorCodes {
    /// The index of a wire code, if the table documents it.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|documented| *documented == code)
    }

    /// The wire code at `index` (empty for an index the table does not have, which
    /// generated code never asks for).
    pub fn code(&self, index: usize) -> &'static str {
        self.codes.get(index).copied().unwrap_or_default()
    }

    /// The documented description at `index` (empty as for [`Self::code`]).
    pub fn description(&self, index: usize) -> &'static str {
        self.descriptions.get(index).copied().unwrap_or_default()
    }
}

/// A cloud's common error enum (generated `CommonError`) as the operation enums of
/// [`ErrorEnum`] use it: the codes any operation of the cloud can return.
pub trait CommonCodes: Sized + 'static {
    /// The variant of a wire code, if it is one of the common codes.
    fn from_code(code: &str) -> Option<Self>;
    /// The wire code.
    fn code(&self) -> &'static str;
    /// The documented description.
    fn description(&self) -> &'static str;
    /// Whether a wire code, documented or not, is in one of the cloud's retryable classes.
    fn is_retryable_code(code: &str) -> bool;
}

/// What a generated operation error enum declares: its documented codes and variants, index
/// for index, and its two undocumented variants (`Common(CommonError)`, `Unknown { code,
/// message }`). [`OperationError`] is implemented from it here, once, for every such enum, so
/// each operation's code is its tables and two small conversions rather than its own copy of
/// the lookups (the lookups are generic, and compiled only where a program uses them).
pub trait ErrorEnum: std::fmt::Debug + std::fmt::Display + Clone + PartialEq + Send + Sync + 'static {
    /// The cloud's common error enum.
    type Common: CommonCodes;
    /// The documented codes, index for index with [`Self::VARIANTS`].
    const DOCUMENTED: ErrorCodes;
    /// The documented variants, index for index with [`Self::DOCUMENTED`].
    const VARIANTS: &'static [Self];
    /// The operation's own retryable classes beyond the cloud's (most operations have none).
    const RETRYABLE: &'static [&'static str] = &[];
    /// The `Common` variant's constructor.
    const COMMON: fn(Self::Common) -> Self;
    /// The `Unknown` variant, keeping a code nobody documents and the message as sent.
    fn unknown(code: String, message: String) -> Self;
    /// What an undocumented variant holds; `None` for a documented one.
    fn as_undocumented(&self) -> Option<Undocumented<'_>>;
}

/// An undocumented variant of an [`ErrorEnum`], as the shared code reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented<'a> {
    /// `Common(..)`: one of the cloud's common codes.
    Common { code: &'static str, description: &'static str },
    /// `Unknown { .. }`: a code nobody documents, with the server's message.
    Unknown { code: &'a str, message: &'a str },
}

impl<'a> Undocumented<'a> {
    /// The reading of `Common(common)`.
    #[inline]
    pub fn common<C: CommonCodes>(common: &C) -> Self {
        Undocumented::Common { code: common.code(), description: common.description() }
    }

    /// The reading of `Unknown { code, message }`.
    #[inline]
    pub fn unknown(code: &'a str, message: &'a str) -> Self {
        Undocumented::Unknown { code, message }
    }
}

impl<E: ErrorEnum> OperationError for E {
    #[inline]
    fn from_wire(code: &str, message: &str) -> Self {
        match E::DOCUMENTED.find(code).and_then(|index| E::VARIANTS.get(index)) {
            Some(documented) => documented.clone(),
            None => match E::Common::from_code(code) {
                Some(common) => (E::COMMON)(common),
                None => E::unknown(code.to_owned(), message.to_owned()),
            },
        }
    }

    #[inline]
    fn code(&self) -> &str {
        match self.as_undocumented() {
            Some(Undocumented::Common { code, .. } | Undocumented::Unknown { code, .. }) => code,
            None => E::DOCUMENTED.code(documented_index(self)),
        }
    }

    #[inline]
    fn is_retryable(&self) -> bool {
        let code = OperationError::code(self);
        E::Common::is_retryable_code(code) || code_in_classes(code, E::RETRYABLE)
    }
}

/// The documented description of an operation error's code (the server's message for
/// `Unknown`): what each generated enum's `description()` returns.
#[inline]
pub fn error_description<E: ErrorEnum>(error: &E) -> &str {
    match error.as_undocumented() {
        Some(Undocumented::Common { description, .. } | Undocumented::Unknown { message: description, .. }) => description,
        None => E::DOCUMENTED.description(documented_index(error)),
    }
}

/// Writes an operation error as each generated enum's `Display` does: the description, and
/// for `Unknown` the code before the server's message.
#[inline]
pub fn fmt_error<E: ErrorEnum>(error: &E, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    match error.as_undocumented() {
        Some(Undocumented::Unknown { code, message }) => write!(f, "{code}: {message}"),
        _ => f.write_str(error_description(error)),
    }
}

/// The index of a documented variant in `DOCUMENTED` (`usize::MAX`, which the tables answer
/// with "", for the others).
#[inline]
fn documented_index<E: ErrorEnum>(error: &E) -> usize {
    E::VARIANTS.iter().position(|variant| variant == error).unwrap_or(usize::MAX)
}

/// Whether `code` belongs to one of `classes`: equal to a class or a sub-code of it
/// (`RequestLimitExceeded.UinLimitExceeded` is in class `RequestLimitExceeded`). Generated
/// error enums use it so that undocumented sub-codes of a retryable class stay retryable.
pub fn code_in_classes(code: &str, classes: &[&str]) -> bool {
    classes.iter().any(|class| {
        code.strip_prefix(class).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::{CommonCodes, ErrorCodes, ErrorEnum, OperationError, Undocumented, code_in_classes, error_description};

    const TABLE: ErrorCodes = ErrorCodes {
        codes: &["ResourceNotFound.InvocationNotFound", "RequestLimitExceeded"],
        descriptions: &["No execution activity found.", "Too many requests."],
    };

    #[test]
    fn error_codes_map_wire_codes_to_indices_and_back() {
        assert_eq!(TABLE.find("RequestLimitExceeded"), Some(1));
        assert_eq!(TABLE.find("ResourceNotFound"), None, "a class is not its sub-code");
        assert_eq!(TABLE.find(""), None);
        assert_eq!(TABLE.code(0), "ResourceNotFound.InvocationNotFound");
        assert_eq!(TABLE.description(1), "Too many requests.");
        assert_eq!(TABLE.code(2), "");
        assert_eq!(TABLE.description(usize::MAX), "");
    }

    #[test]
    fn code_classes() {
        let classes = ["RequestLimitExceeded", "Throttling"];
        assert!(code_in_classes("RequestLimitExceeded", &classes));
        assert!(code_in_classes("RequestLimitExceeded.UinLimitExceeded", &classes));
        assert!(code_in_classes("Throttling.User", &classes));
        assert!(!code_in_classes("RequestLimitExceededX", &classes));
        assert!(!code_in_classes("InternalError", &classes));
    }

    /// A cloud's common codes and one operation's enum, written as the generator writes them.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Common {
        RequestLimitExceeded,
        InternalError,
    }

    impl CommonCodes for Common {
        fn from_code(code: &str) -> Option<Self> {
            match code {
                "RequestLimitExceeded" => Some(Common::RequestLimitExceeded),
                "InternalError" => Some(Common::InternalError),
                _ => None,
            }
        }
        fn code(&self) -> &'static str {
            match self {
                Common::RequestLimitExceeded => "RequestLimitExceeded",
                Common::InternalError => "InternalError",
            }
        }
        fn description(&self) -> &'static str {
            match self {
                Common::RequestLimitExceeded => "Too many requests.",
                Common::InternalError => "Internal error.",
            }
        }
        fn is_retryable_code(code: &str) -> bool {
            code_in_classes(code, &["RequestLimitExceeded"])
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    enum OpError {
        InvocationNotFound,
        Busy,
        Common(Common),
        Unknown { code: String, message: String },
    }

    impl std::fmt::Display for OpError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            super::fmt_error(self, f)
        }
    }

    impl ErrorEnum for OpError {
        type Common = Common;
        const DOCUMENTED: ErrorCodes = ErrorCodes {
            codes: &["ResourceNotFound.InvocationNotFound", "ResourceBusy"],
            descriptions: &["No execution activity found.", "The resource is busy."],
        };
        const VARIANTS: &'static [Self] = &[OpError::InvocationNotFound, OpError::Busy];
        const RETRYABLE: &'static [&'static str] = &["ResourceBusy"];
        const COMMON: fn(Common) -> Self = OpError::Common;
        fn unknown(code: String, message: String) -> Self {
            OpError::Unknown { code, message }
        }
        fn as_undocumented(&self) -> Option<Undocumented<'_>> {
            match self {
                OpError::Common(common) => Some(Undocumented::common(common)),
                OpError::Unknown { code, message } => Some(Undocumented::unknown(code, message)),
                _ => None,
            }
        }
    }

    #[test]
    fn error_enums_map_codes_to_variants_and_back_through_their_tables() {
        let documented = OpError::from_wire("ResourceBusy", "server text");
        assert_eq!(documented, OpError::Busy);
        assert_eq!(documented.code(), "ResourceBusy");
        assert_eq!(error_description(&documented), "The resource is busy.");
        assert_eq!(documented.to_string(), "The resource is busy.");

        let common = OpError::from_wire("InternalError", "server text");
        assert_eq!(common, OpError::Common(Common::InternalError));
        assert_eq!(common.code(), "InternalError");
        assert_eq!(common.to_string(), "Internal error.", "a common code reads as its description");

        let unknown = OpError::from_wire("Weird.Code", "server text");
        assert_eq!(unknown, OpError::Unknown { code: "Weird.Code".into(), message: "server text".into() });
        assert_eq!(unknown.code(), "Weird.Code");
        assert_eq!(error_description(&unknown), "server text");
        assert_eq!(unknown.to_string(), "Weird.Code: server text");

        assert_eq!(OpError::from_wire("ResourceNotFound", "").code(), "ResourceNotFound", "a class is not its sub-code");
    }

    #[test]
    fn error_enums_are_retryable_by_the_clouds_classes_and_their_own() {
        assert!(OpError::from_wire("RequestLimitExceeded", "").is_retryable(), "a common class");
        assert!(OpError::from_wire("RequestLimitExceeded.UinLimitExceeded", "").is_retryable(), "an undocumented sub-code of it");
        assert!(OpError::Busy.is_retryable(), "the operation's own class");
        assert!(OpError::from_wire("ResourceBusy.Later", "").is_retryable());
        assert!(!OpError::InvocationNotFound.is_retryable());
        assert!(!OpError::from_wire("InternalError", "").is_retryable());
    }
}
