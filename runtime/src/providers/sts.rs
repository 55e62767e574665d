//! STS `AssumeRole` of both clouds: temporary credentials of a role, asked for with other
//! credentials (the source), through the runtime's own signed call path ([`Client`]).
//!
//! - Tencent: `sts.tencentcloudapi.com`, version `2018-08-13`, TC3-signed; parameters
//!   `RoleArn`, `RoleSessionName`, `DurationSeconds` (and `Policy`, `ExternalId`); the answer
//!   is `Response.Credentials.{TmpSecretId,TmpSecretKey,Token}` with `Response.ExpiredTime`
//!   (Unix seconds). The API needs a region: `ap-guangzhou` unless one is given.
//! - Alibaba: `sts.aliyuncs.com` (or `sts.<region>.aliyuncs.com` with a region), version
//!   `2015-04-01`, ACS3-signed RPC; the same parameters; the answer is
//!   `Credentials.{AccessKeyId,AccessKeySecret,SecurityToken,Expiration}`.
//!
//! Errors quote the service's code and message, or the kind of failure, never an answer's
//! body (a malformed one may hold half a secret).

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{ExpiringCredentials, ProvideCredentials, ProviderFuture, failed, from_unix_seconds, parse_utc_timestamp, required};
use crate::client::Client;
use crate::config::{Config, ConfigError};
use crate::credentials::{Credentials, CredentialsError, CredentialsSource};
use crate::error::{Error, GenericError};
use crate::service::{Cloud, Endpoints, Envelope, OperationInfo, ServiceInfo, Signing};

/// Tencent Cloud STS.
pub static TENCENT_STS: ServiceInfo = ServiceInfo {
    cloud: Cloud::Tencent,
    name: "sts",
    version: "2018-08-13",
    endpoints: Endpoints {
        default: "sts.tencentcloudapi.com",
        // Not claimed: an international STS domain is not among the ones this runtime has
        // checked; `AssumeRoleBuilder::endpoint` reaches any other.
        intl: None,
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Tc3HmacSha256,
    envelope: Envelope::TencentResponse,
};

/// Tencent STS `AssumeRole`.
pub static TENCENT_ASSUME_ROLE: OperationInfo = OperationInfo {
    service: &TENCENT_STS,
    action: "AssumeRole",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: crate::validation::accept_any_json,
    anonymous: false,
    paging: None,
};

/// Alibaba Cloud STS.
pub static ALIBABA_STS: ServiceInfo = ServiceInfo {
    cloud: Cloud::Alibaba,
    name: "sts",
    version: "2015-04-01",
    endpoints: Endpoints {
        default: "sts.aliyuncs.com",
        intl: None,
        regional: Some("sts.{region}.aliyuncs.com"),
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Acs3HmacSha256,
    envelope: Envelope::AlibabaRpc,
};

/// Alibaba STS `AssumeRole`.
pub static ALIBABA_ASSUME_ROLE: OperationInfo = OperationInfo {
    service: &ALIBABA_STS,
    action: "AssumeRole",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: crate::validation::accept_any_json,
    anonymous: false,
    paging: None,
};

/// The region Tencent STS calls use when none is given (the API requires one; any works).
pub const TENCENT_STS_DEFAULT_REGION: &str = "ap-guangzhou";

/// Default lifetime asked for (one hour; both clouds accept 900 s to 12 h, within the
/// role's maximum).
pub const DEFAULT_ASSUME_ROLE_DURATION: Duration = Duration::from_secs(3600);

/// Default `RoleSessionName`.
pub const DEFAULT_SESSION_NAME: &str = "cloudpage";

/// STS `AssumeRole` of either cloud.
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    op: &'static OperationInfo,
    client: Client,
    params: Value,
}

/// Builder of an [`AssumeRoleProvider`].
#[derive(Debug, Clone)]
pub struct AssumeRoleBuilder {
    cloud: Cloud,
    role_arn: String,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    external_id: Option<String>,
    source: CredentialsSource,
    region: Option<String>,
    endpoint: Option<String>,
    config: Option<Config>,
}

impl AssumeRoleProvider {
    /// Tencent `AssumeRole` of `role_arn` (e.g. `qcs::cam::uin/12345678:roleName/name`).
    pub fn tencent(role_arn: impl Into<String>) -> AssumeRoleBuilder {
        AssumeRoleBuilder::new(Cloud::Tencent, role_arn.into())
    }

    /// Alibaba `AssumeRole` of `role_arn` (e.g. `acs:ram::123456789012:role/name`).
    pub fn alibaba(role_arn: impl Into<String>) -> AssumeRoleBuilder {
        AssumeRoleBuilder::new(Cloud::Alibaba, role_arn.into())
    }
}

impl AssumeRoleBuilder {
    fn new(cloud: Cloud, role_arn: String) -> Self {
        AssumeRoleBuilder {
            cloud,
            role_arn,
            session_name: DEFAULT_SESSION_NAME.to_owned(),
            duration: DEFAULT_ASSUME_ROLE_DURATION,
            policy: None,
            external_id: None,
            source: CredentialsSource::DefaultChain,
            region: None,
            endpoint: None,
            config: None,
        }
    }

    /// The credentials that assume the role (default: the default chain).
    pub fn source(mut self, source: CredentialsSource) -> Self {
        self.source = source;
        self
    }

    /// `RoleSessionName` (default `cloudpage`), visible in the role's audit logs.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }

    /// `DurationSeconds` (default one hour; whole seconds, 900 to 43200).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// `Policy`: a JSON policy that narrows the role's permissions for this session, sent as
    /// given. Tencent's `AssumeRole` page asks for it URL-encoded (the service URL-decodes it),
    /// so for Tencent pass the encoded text; Alibaba takes the JSON itself.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// `ExternalId`, when the role's trust policy requires one.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// The region of the STS calls (Tencent: `X-TC-Region`; Alibaba: the regional domain).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The STS base URL instead of the service's domain (same rules as
    /// [`crate::ConfigBuilder::endpoint`]; tests use a loopback server).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The whole configuration of the STS client (timeouts, retries, endpoint...). Its
    /// credentials source is always this builder's (`source`, the default chain unless set);
    /// its region and endpoint are replaced by those set here when set, and kept otherwise: a
    /// configuration with another service's endpoint would send the STS calls there, so pass
    /// one meant for STS.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    pub fn build(self) -> Result<AssumeRoleProvider, ConfigError> {
        let seconds = self.duration.as_secs();
        if !(900..=43_200).contains(&seconds) || self.duration.subsec_nanos() != 0 {
            return Err(ConfigError::InvalidAssumeRole {
                reason: "the duration must be whole seconds from 900 to 43200".into(),
            });
        }
        if self.role_arn.is_empty() {
            return Err(ConfigError::InvalidAssumeRole {
                reason: "the role ARN is empty".into(),
            });
        }
        if self.session_name.is_empty() {
            return Err(ConfigError::InvalidAssumeRole {
                reason: "the session name is empty".into(),
            });
        }
        let (op, default_region) = match self.cloud {
            Cloud::Tencent => (&TENCENT_ASSUME_ROLE, Some(TENCENT_STS_DEFAULT_REGION)),
            Cloud::Alibaba => (&ALIBABA_ASSUME_ROLE, None),
        };
        let mut builder = match self.config {
            Some(config) => config.into_builder(),
            None => Config::builder(),
        }
        .credentials_source(self.source)
        // STS has no documented per-action client limit to enforce.
        .rate_limits(false);
        if let Some(region) = self.region.or_else(|| default_region.map(str::to_owned)) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = self.endpoint {
            builder = builder.endpoint(endpoint);
        }
        let client = Client::new(op.service, builder.build()?)?;
        let mut params = Map::new();
        params.insert("RoleArn".into(), json!(self.role_arn));
        params.insert("RoleSessionName".into(), json!(self.session_name));
        params.insert("DurationSeconds".into(), json!(seconds));
        if let Some(policy) = self.policy {
            params.insert("Policy".into(), json!(policy));
        }
        if let Some(id) = self.external_id {
            params.insert("ExternalId".into(), json!(id));
        }
        Ok(AssumeRoleProvider {
            op,
            client,
            params: Value::Object(params),
        })
    }
}

impl AssumeRoleProvider {
    const TENCENT: &'static str = "tencent sts assume role";
    const ALIBABA: &'static str = "alibaba sts assume role";
}

impl ProvideCredentials for AssumeRoleProvider {
    fn name(&self) -> &'static str {
        match self.op.service.cloud {
            Cloud::Tencent => Self::TENCENT,
            Cloud::Alibaba => Self::ALIBABA,
        }
    }

    fn fetch(&self) -> ProviderFuture<'_> {
        Box::pin(async move {
            let name = self.name();
            let answer = self
                .client
                .call_json::<GenericError>(self.op, self.params.clone())
                .await
                .map_err(|e| sts_failure(name, e))?;
            let none = || failed(name, "the answer has no `Credentials`");
            let object = answer.get("Credentials").ok_or_else(none)?;
            let (credentials, expires_at) = match self.op.service.cloud {
                Cloud::Tencent => (
                    Credentials::new(
                        required(name, object, "TmpSecretId")?,
                        required(name, object, "TmpSecretKey")?,
                    )
                    .with_session_token(required(name, object, "Token")?),
                    answer
                        .get("ExpiredTime")
                        .and_then(Value::as_i64)
                        .and_then(from_unix_seconds)
                        .ok_or_else(|| failed(name, "the answer has no `ExpiredTime`"))?,
                ),
                Cloud::Alibaba => (
                    Credentials::new(
                        required(name, object, "AccessKeyId")?,
                        required(name, object, "AccessKeySecret")?,
                    )
                    .with_session_token(required(name, object, "SecurityToken")?),
                    parse_utc_timestamp(required(name, object, "Expiration")?)
                        .ok_or_else(|| failed(name, "`Expiration` is not a UTC timestamp"))?,
                ),
            };
            Ok(ExpiringCredentials {
                credentials,
                expires_at: Some(expires_at),
            })
        })
    }
}

/// An STS call's failure as a credentials error, without any answer body.
fn sts_failure(provider: &'static str, err: Error<GenericError>) -> CredentialsError {
    let reason = match &err {
        Error::Service(e) => format!(
            "STS answered {}: {}{}",
            e.code(),
            e.message,
            e.request_id
                .as_deref()
                .map(|id| format!(" (request id {id})"))
                .unwrap_or_default()
        ),
        Error::MalformedResponse { status, .. } | Error::UnexpectedResponse { status, .. } => {
            format!("STS answered HTTP {status} with something that is not an STS answer")
        }
        Error::Credentials(source) => format!("the source credentials: {source}"),
        other => format!("the STS call failed: {other}"),
    };
    failed(provider, reason)
}
