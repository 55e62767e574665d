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
//! The same provider trades a workload's OIDC token (a Kubernetes service account's, which the
//! cluster writes to a file and rotates) for a role's credentials, with no credentials of its
//! own: the STS call is sent unsigned, as the official SDKs send it
//! ([`OperationInfo::anonymous`]), and the file is read again at every fetch.
//!
//! - Tencent (TKE): `AssumeRoleWithWebIdentity` with `ProviderId` and `WebIdentityToken`,
//!   [`AssumeRoleProvider::tencent_web_identity`]; from `TKE_REGION`, `TKE_PROVIDER_ID`,
//!   `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN`, the last step of the default chain, as
//!   in the official `DefaultCredentialProvider`.
//! - Alibaba (ACK RRSA): `AssumeRoleWithOIDC` with `OIDCProviderArn` and `OIDCToken`,
//!   [`AssumeRoleProvider::alibaba_oidc`]; from `ALIBABA_CLOUD_ROLE_ARN`,
//!   `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (and
//!   `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION`, with
//!   `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true` that region's `sts-vpc` domain), the step of the
//!   default chain right after the environment's keys, as in the official chain.
//!
//! Errors quote the service's code and message, or the kind of failure, never an answer's
//! body (a malformed one may hold half a secret) or a token.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{ExpiringCredentials, ProvideCredentials, ProviderFuture, failed, from_unix_seconds, parse_utc_timestamp, required};
use crate::client::Client;
use crate::config::{Config, ConfigError};
use crate::credentials::{Credentials, CredentialsError, CredentialsSource, Env, non_empty};
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

/// Tencent STS `AssumeRoleWithWebIdentity`, sent unsigned.
pub static TENCENT_ASSUME_ROLE_WITH_WEB_IDENTITY: OperationInfo = OperationInfo {
    service: &TENCENT_STS,
    action: "AssumeRoleWithWebIdentity",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: crate::validation::accept_any_json,
    anonymous: true,
    paging: None,
};

/// Alibaba STS `AssumeRoleWithOIDC`, sent unsigned.
pub static ALIBABA_ASSUME_ROLE_WITH_OIDC: OperationInfo = OperationInfo {
    service: &ALIBABA_STS,
    action: "AssumeRoleWithOIDC",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: crate::validation::accept_any_json,
    anonymous: true,
    paging: None,
};

/// The variables of the OIDC role step of the default chain: Tencent's (TKE) and Alibaba's
/// (ACK RRSA), each complete or not used.
pub const OIDC_ROLE_VARIABLES: (&[&str], &[&str]) = (
    &["TKE_REGION", "TKE_PROVIDER_ID", "TKE_WEB_IDENTITY_TOKEN_FILE", "TKE_ROLE_ARN"],
    &["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"],
);

/// The OIDC role provider the environment names for `cloud` (every variable of
/// [`OIDC_ROLE_VARIABLES`] set), or `None`.
pub(crate) fn oidc_role_from_env(cloud: Cloud, env: &Env<'_>) -> Result<Option<super::SharedCredentialsProvider>, CredentialsError> {
    let (tencent, alibaba) = OIDC_ROLE_VARIABLES;
    let names = match cloud {
        Cloud::Tencent => tencent,
        Cloud::Alibaba => alibaba,
    };
    let Some(values) = names.iter().map(|name| non_empty(env, name)).collect::<Option<Vec<String>>>() else {
        return Ok(None);
    };
    let builder = match (cloud, values.as_slice()) {
        (Cloud::Tencent, [region, provider_id, token_file, role_arn]) => {
            AssumeRoleProvider::tencent_web_identity(role_arn, provider_id, token_file).region(region)
        }
        (Cloud::Alibaba, [role_arn, provider_arn, token_file]) => {
            let mut builder = AssumeRoleProvider::alibaba_oidc(role_arn, provider_arn, token_file);
            if let Some(name) = non_empty(env, "ALIBABA_CLOUD_ROLE_SESSION_NAME") {
                builder = builder.session_name(name);
            }
            if let Some(region) = non_empty(env, "ALIBABA_CLOUD_STS_REGION") {
                // Inside a VPC the official provider asks the region's VPC domain (there is
                // no central one).
                let vpc = non_empty(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"));
                if vpc {
                    builder = builder.endpoint(format!("https://sts-vpc.{region}.aliyuncs.com"));
                }
                builder = builder.region(region);
            }
            builder
        }
        _ => return Ok(None),
    };
    let provider = builder.build().map_err(|e| failed(OIDC_STEP, format!("the environment's OIDC role: {e}")))?;
    Ok(Some(super::SharedCredentialsProvider::new(provider)))
}

/// The name of the default chain's OIDC step in its errors.
const OIDC_STEP: &str = "oidc role";

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
    /// The parameter that carries the OIDC token and the file it is read from, at every
    /// fetch (a workload identity's role; `None` for `AssumeRole`).
    token: Option<(&'static str, PathBuf)>,
}

/// A workload identity: the identity provider and the token file of an OIDC role.
#[derive(Debug, Clone)]
struct Identity {
    /// Tencent `ProviderId`, Alibaba `OIDCProviderArn`.
    provider: String,
    token_file: PathBuf,
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
    identity: Option<Identity>,
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

    /// Tencent `AssumeRoleWithWebIdentity` of `role_arn` for the OIDC token in `token_file`
    /// (read at every fetch), issued by identity provider `provider_id`: sent unsigned, so
    /// no source credentials are used. Unless one is set, a session name per fetch
    /// (`cloudpage-<unix µs>`); two hours, as the official SDK's TKE provider asks.
    pub fn tencent_web_identity(role_arn: impl Into<String>, provider_id: impl Into<String>, token_file: impl Into<PathBuf>) -> AssumeRoleBuilder {
        AssumeRoleBuilder::new(Cloud::Tencent, role_arn.into()).identity(provider_id.into(), token_file.into(), Duration::from_secs(7200))
    }

    /// Alibaba `AssumeRoleWithOIDC` of `role_arn` for the OIDC token in `token_file` (read at
    /// every fetch), issued by the OIDC provider `oidc_provider_arn`: sent unsigned, so no
    /// source credentials are used. Unless one is set, a session name per fetch
    /// (`cloudpage-<unix µs>`); one hour.
    pub fn alibaba_oidc(role_arn: impl Into<String>, oidc_provider_arn: impl Into<String>, token_file: impl Into<PathBuf>) -> AssumeRoleBuilder {
        AssumeRoleBuilder::new(Cloud::Alibaba, role_arn.into()).identity(oidc_provider_arn.into(), token_file.into(), DEFAULT_ASSUME_ROLE_DURATION)
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
            identity: None,
        }
    }

    /// A workload identity's role: its provider and token file, a session name that tells
    /// sessions apart, and the official SDK's default duration.
    fn identity(mut self, provider: String, token_file: PathBuf, duration: Duration) -> Self {
        // Empty: a fresh name at every fetch (see `AssumeRoleProvider::params`).
        self.session_name = String::new();
        self.duration = duration;
        self.source = CredentialsSource::Anonymous;
        self.identity = Some(Identity { provider, token_file });
        self
    }

    /// The credentials that assume the role (default: the default chain). A workload
    /// identity's role uses none: its call is unsigned, and a source set here is an error at
    /// [`AssumeRoleBuilder::build`].
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
        if self.session_name.is_empty() && self.identity.is_none() {
            return Err(ConfigError::InvalidAssumeRole {
                reason: "the session name is empty".into(),
            });
        }
        if self.identity.is_none() && self.source == CredentialsSource::Anonymous {
            return Err(ConfigError::InvalidAssumeRole {
                reason: "`AssumeRole` is signed: an anonymous source has no credentials to sign it with".into(),
            });
        }
        if let Some(identity) = &self.identity {
            let problem = if self.external_id.is_some() {
                Some("`ExternalId` is not a parameter of a web identity's role")
            } else if self.source != CredentialsSource::Anonymous {
                Some("a web identity's role is assumed without source credentials")
            } else if identity.provider.is_empty() {
                Some("the identity provider is empty")
            } else if identity.token_file.as_os_str().is_empty() {
                Some("the token file is empty")
            } else {
                None
            };
            if let Some(reason) = problem {
                return Err(ConfigError::InvalidAssumeRole { reason: reason.into() });
            }
        }
        let (op, default_region) = match (self.cloud, self.identity.is_some()) {
            (Cloud::Tencent, false) => (&TENCENT_ASSUME_ROLE, Some(TENCENT_STS_DEFAULT_REGION)),
            (Cloud::Tencent, true) => (&TENCENT_ASSUME_ROLE_WITH_WEB_IDENTITY, Some(TENCENT_STS_DEFAULT_REGION)),
            (Cloud::Alibaba, false) => (&ALIBABA_ASSUME_ROLE, None),
            (Cloud::Alibaba, true) => (&ALIBABA_ASSUME_ROLE_WITH_OIDC, None),
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
        // A web identity's role without a session name set gets a fresh one at every fetch.
        if !self.session_name.is_empty() {
            params.insert("RoleSessionName".into(), json!(self.session_name));
        }
        params.insert("DurationSeconds".into(), json!(seconds));
        if let Some(policy) = self.policy {
            params.insert("Policy".into(), json!(policy));
        }
        if let Some(id) = self.external_id {
            params.insert("ExternalId".into(), json!(id));
        }
        let token = self.identity.map(|identity| {
            let (provider, token) = match self.cloud {
                Cloud::Tencent => ("ProviderId", "WebIdentityToken"),
                Cloud::Alibaba => ("OIDCProviderArn", "OIDCToken"),
            };
            params.insert(provider.into(), json!(identity.provider));
            (token, identity.token_file)
        });
        Ok(AssumeRoleProvider {
            op,
            client,
            params: Value::Object(params),
            token,
        })
    }
}

impl AssumeRoleProvider {
    const TENCENT: &'static str = "tencent sts assume role";
    const ALIBABA: &'static str = "alibaba sts assume role";
    const TENCENT_WEB_IDENTITY: &'static str = "tencent sts assume role with web identity";
    const ALIBABA_OIDC: &'static str = "alibaba sts assume role with oidc";

    /// The call's parameters: the fixed ones, and a workload identity's token as its file
    /// holds it now (the cluster rotates it). Trailing whitespace is not part of a token.
    fn params(&self) -> Result<Value, CredentialsError> {
        let mut params = self.params.clone();
        if let Value::Object(members) = &mut params
            && !members.contains_key("RoleSessionName")
        {
            // As the official TKE provider names each session (`tencentcloud-python-sdk-<µs>`):
            // sessions of one workload stay apart in the role's audit log.
            let micros = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
            members.insert("RoleSessionName".into(), json!(format!("{DEFAULT_SESSION_NAME}-{micros}")));
        }
        if let Some((name, file)) = &self.token {
            let token = std::fs::read_to_string(file)
                .map_err(|e| failed(self.name(), format!("cannot read the token file {}: {e}", file.display())))?;
            let token = token.trim();
            if token.is_empty() {
                return Err(failed(self.name(), format!("the token file {} is empty", file.display())));
            }
            if let Value::Object(members) = &mut params {
                members.insert((*name).to_owned(), json!(token));
            }
        }
        Ok(params)
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn name(&self) -> &'static str {
        match (self.op.service.cloud, self.token.is_some()) {
            (Cloud::Tencent, false) => Self::TENCENT,
            (Cloud::Alibaba, false) => Self::ALIBABA,
            (Cloud::Tencent, true) => Self::TENCENT_WEB_IDENTITY,
            (Cloud::Alibaba, true) => Self::ALIBABA_OIDC,
        }
    }

    fn fetch(&self) -> ProviderFuture<'_> {
        Box::pin(async move {
            let name = self.name();
            let answer = self
                .client
                .call_json::<GenericError>(self.op, self.params()?)
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
