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
    /// Documented request rate limit (requests per second), enforced per client process.
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
}

impl std::fmt::Debug for OperationInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationInfo")
            .field("service", &self.service.name)
            .field("action", &self.action)
            .field("rate_limit_per_second", &self.rate_limit_per_second)
            .field("region_parameter", &self.region_parameter)
            .field("paging", &self.paging)
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
    use super::{ErrorCodes, code_in_classes};

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
}
