//! Instance roles: the credentials of the role bound to the virtual machine the process runs
//! on, from the cloud's instance metadata server.
//!
//! - Tencent CVM ([`CvmRoleProvider`]): `GET {endpoint}/latest/meta-data/cam/security-credentials/`
//!   names the role (when not given), `GET .../security-credentials/<role>` answers
//!   `{"TmpSecretId","TmpSecretKey","Token","ExpiredTime","Code":"Success"}`, as
//!   tencentcloud-sdk-go's `CvmRoleProvider` reads it. Default endpoint
//!   `http://metadata.tencentyun.com`.
//! - Alibaba ECS ([`EcsRamRoleProvider`]): first a session token,
//!   `PUT {endpoint}/latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds`, then
//!   the same two GETs under `/latest/meta-data/ram/security-credentials/` with
//!   `X-aliyun-ecs-metadata-token`; the answer is
//!   `{"AccessKeyId","AccessKeySecret","SecurityToken","Expiration","Code":"Success"}`. The
//!   token is required (the hardened mode of the metadata server): a server that does not
//!   issue one is an error, not a reason to fall back. Default endpoint
//!   `http://100.100.100.200`.
//!
//! Metadata servers speak plain http on an address only the instance reaches; nothing
//! signed goes there. Redirects are not followed, proxies are not used, answers are read up
//! to 64 KiB, and each request has a short timeout (the server is local or absent).

use std::time::Duration;

use reqwest::{Method, Url};
use serde_json::Value;

use super::{
    ExpiringCredentials, ProvideCredentials, ProviderFuture, SharedCredentialsProvider, failed,
    from_unix_seconds, parse_utc_timestamp, required,
};
use crate::credentials::{Credentials, CredentialsError, Env, non_empty};
use crate::service::Cloud;

/// The environment variables that name the instance role, which puts it in the default
/// chain: (Tencent, Alibaba).
pub const INSTANCE_ROLE_VARIABLES: (&str, &str) =
    ("TENCENTCLOUD_CVM_ROLE", "ALIBABA_CLOUD_ECS_METADATA");

/// Default timeout of one metadata request (connect included).
pub const DEFAULT_METADATA_TIMEOUT: Duration = Duration::from_secs(2);

/// Largest metadata answer read.
const MAX_ANSWER_BYTES: usize = 64 << 10;

/// TTL asked for an ECS metadata token, in seconds (six hours, the official SDKs' value).
const ECS_TOKEN_TTL_SECONDS: &str = "21600";

/// The instance-role provider of the default chain, when the environment names a role; a
/// role name that cannot be one is an error, not a reason to skip the step.
pub(crate) fn instance_role_from_env(
    cloud: Cloud,
    env: &Env<'_>,
) -> Result<Option<SharedCredentialsProvider>, CredentialsError> {
    let (tencent, alibaba) = INSTANCE_ROLE_VARIABLES;
    Ok(match cloud {
        Cloud::Tencent => match non_empty(env, tencent) {
            Some(role) => Some(SharedCredentialsProvider::new(
                CvmRoleProvider::builder().role(role).build()?,
            )),
            None => None,
        },
        Cloud::Alibaba => match non_empty(env, alibaba) {
            Some(role) => Some(SharedCredentialsProvider::new(
                EcsRamRoleProvider::builder().role(role).build()?,
            )),
            None => None,
        },
    })
}

/// What both instance providers share: endpoint, role, HTTP client. Public only because
/// [`InstanceRole`] names it; its fields are private.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Metadata {
    provider: &'static str,
    /// `{endpoint}/latest/meta-data/<cloud's path>/security-credentials/`.
    roles_url: Url,
    role: Option<String>,
    http: reqwest::Client,
}

/// Builder of an instance-role provider.
#[derive(Debug, Clone)]
pub struct InstanceRoleBuilder<P> {
    endpoint: String,
    role: Option<String>,
    timeout: Duration,
    _provider: std::marker::PhantomData<P>,
}

impl<P: InstanceRole> InstanceRoleBuilder<P> {
    fn new() -> Self {
        InstanceRoleBuilder {
            endpoint: P::DEFAULT_ENDPOINT.to_owned(),
            role: None,
            timeout: DEFAULT_METADATA_TIMEOUT,
            _provider: std::marker::PhantomData,
        }
    }

    /// The role's name; when not given it is asked from the metadata server.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// The metadata server's base URL (default the cloud's; tests use a loopback server).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into();
        self
    }

    /// Timeout of each metadata request, connect included (default 2 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn build(self) -> Result<P, CredentialsError> {
        let provider = P::NAME;
        let role = match self.role {
            Some(role) => Some(checked_role(provider, role.trim())?),
            None => None,
        };
        let base = Url::parse(&self.endpoint)
            .map_err(|e| failed(provider, format!("invalid endpoint: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(failed(provider, "the endpoint must be an http or https URL"));
        }
        if self.timeout.is_zero() {
            return Err(failed(provider, "the timeout must be greater than zero"));
        }
        let roles_url = base
            .join(P::ROLES_PATH)
            .map_err(|e| failed(provider, format!("invalid endpoint: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(crate::request::USER_AGENT)
            .build()
            .map_err(|e| failed(provider, format!("cannot build the HTTP client: {e}")))?;
        Ok(P::from_metadata(Metadata {
            provider,
            roles_url,
            role,
            http,
        }))
    }
}

/// A role name as it goes into the URL path: letters, digits and `+=,.@_-` (the characters
/// both clouds allow in role names), so it can neither leave the path nor add a query.
fn checked_role(provider: &'static str, role: &str) -> Result<String, CredentialsError> {
    let valid = !role.is_empty()
        && role.len() <= 128
        && role
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if valid {
        Ok(role.to_owned())
    } else {
        Err(failed(
            provider,
            "the role name is empty or has characters other than letters, digits and +=,.@_-",
        ))
    }
}

/// The two instance-role providers' differences.
pub trait InstanceRole: Sized {
    #[doc(hidden)]
    const NAME: &'static str;
    #[doc(hidden)]
    const DEFAULT_ENDPOINT: &'static str;
    #[doc(hidden)]
    const ROLES_PATH: &'static str;
    #[doc(hidden)]
    fn from_metadata(metadata: Metadata) -> Self;
}

impl Metadata {
    /// One metadata request; the body as text, bounded. 404 means "no such role" (or none
    /// bound), as both SDKs read it.
    async fn request(
        &self,
        method: Method,
        url: Url,
        headers: &[(&'static str, reqwest::header::HeaderValue)],
    ) -> Result<String, CredentialsError> {
        let mut request = self.http.request(method, url);
        for (name, value) in headers {
            request = request.header(*name, value.clone());
        }
        let mut response = request.send().await.map_err(|e| {
            failed(
                self.provider,
                format!("the metadata server cannot be reached: {}", e.without_url()),
            )
        })?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(failed(
                self.provider,
                "the metadata server knows no such role (is a role bound to this instance?)",
            ));
        }
        if !status.is_success() {
            return Err(failed(
                self.provider,
                format!("the metadata server answered HTTP {}", status.as_u16()),
            ));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            failed(
                self.provider,
                format!("reading the metadata answer failed: {}", e.without_url()),
            )
        })? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(failed(self.provider, "the metadata answer is too large"));
            }
            body.extend_from_slice(&chunk);
        }
        String::from_utf8(body).map_err(|_| failed(self.provider, "the metadata answer is not UTF-8"))
    }

    /// The role: the configured one, else the first the server lists.
    async fn role(
        &self,
        headers: &[(&'static str, reqwest::header::HeaderValue)],
    ) -> Result<String, CredentialsError> {
        if let Some(role) = &self.role {
            return Ok(role.clone());
        }
        let listed = self.request(Method::GET, self.roles_url.clone(), headers).await?;
        let role = listed.lines().map(str::trim).find(|l| !l.is_empty()).ok_or_else(|| {
            failed(self.provider, "no role is bound to this instance")
        })?;
        checked_role(self.provider, role)
    }

    /// The role's credentials document, as JSON with `Code` = `Success`.
    async fn credentials_document(
        &self,
        headers: &[(&'static str, reqwest::header::HeaderValue)],
    ) -> Result<Value, CredentialsError> {
        let role = self.role(headers).await?;
        let url = self
            .roles_url
            .join(&role)
            .map_err(|e| failed(self.provider, format!("invalid role URL: {e}")))?;
        let text = self.request(Method::GET, url, headers).await?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|_| failed(self.provider, "the credentials answer is not JSON"))?;
        match json.get("Code").and_then(Value::as_str) {
            Some("Success") => Ok(json),
            // The code is a word like `Failed`; quoted, but bounded and without the body.
            Some(code) => Err(failed(
                self.provider,
                format!(
                    "the metadata server answered with code `{}`",
                    code.chars().take(64).collect::<String>()
                ),
            )),
            None => Err(failed(self.provider, "the answer has no `Code`")),
        }
    }
}

/// Tencent CVM instance role (see the module docs).
#[derive(Debug, Clone)]
pub struct CvmRoleProvider {
    metadata: Metadata,
}

impl InstanceRole for CvmRoleProvider {
    const NAME: &'static str = "cvm role";
    const DEFAULT_ENDPOINT: &'static str = "http://metadata.tencentyun.com";
    const ROLES_PATH: &'static str = "/latest/meta-data/cam/security-credentials/";
    fn from_metadata(metadata: Metadata) -> Self {
        CvmRoleProvider { metadata }
    }
}

impl CvmRoleProvider {
    pub fn builder() -> InstanceRoleBuilder<CvmRoleProvider> {
        InstanceRoleBuilder::new()
    }
}

impl ProvideCredentials for CvmRoleProvider {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn fetch(&self) -> ProviderFuture<'_> {
        Box::pin(async move {
            let json = self.metadata.credentials_document(&[]).await?;
            let name = Self::NAME;
            let credentials = Credentials::new(
                required(name, &json, "TmpSecretId")?,
                required(name, &json, "TmpSecretKey")?,
            )
            .with_session_token(required(name, &json, "Token")?);
            let expires_at = json
                .get("ExpiredTime")
                .and_then(Value::as_i64)
                .and_then(from_unix_seconds)
                .or_else(|| json.get("Expiration").and_then(Value::as_str).and_then(parse_utc_timestamp))
                .ok_or_else(|| failed(name, "the answer has no `ExpiredTime`"))?;
            Ok(ExpiringCredentials {
                credentials,
                expires_at: Some(expires_at),
            })
        })
    }
}

/// Alibaba ECS RAM role (see the module docs).
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    metadata: Metadata,
}

impl InstanceRole for EcsRamRoleProvider {
    const NAME: &'static str = "ecs ram role";
    const DEFAULT_ENDPOINT: &'static str = "http://100.100.100.200";
    const ROLES_PATH: &'static str = "/latest/meta-data/ram/security-credentials/";
    fn from_metadata(metadata: Metadata) -> Self {
        EcsRamRoleProvider { metadata }
    }
}

impl EcsRamRoleProvider {
    pub fn builder() -> InstanceRoleBuilder<EcsRamRoleProvider> {
        InstanceRoleBuilder::new()
    }

    /// A metadata session token (the server's hardened mode).
    async fn token(&self) -> Result<reqwest::header::HeaderValue, CredentialsError> {
        let url = self
            .metadata
            .roles_url
            .join("/latest/api/token")
            .map_err(|e| failed(Self::NAME, format!("invalid token URL: {e}")))?;
        let ttl = reqwest::header::HeaderValue::from_static(ECS_TOKEN_TTL_SECONDS);
        let token = self
            .metadata
            .request(Method::PUT, url, &[("X-aliyun-ecs-metadata-token-ttl-seconds", ttl)])
            .await?;
        let mut value = reqwest::header::HeaderValue::from_str(token.trim())
            .map_err(|_| failed(Self::NAME, "the metadata token cannot be sent in a header"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn fetch(&self) -> ProviderFuture<'_> {
        Box::pin(async move {
            let token = self.token().await?;
            let json = self
                .metadata
                .credentials_document(&[("X-aliyun-ecs-metadata-token", token)])
                .await?;
            let name = Self::NAME;
            let credentials = Credentials::new(
                required(name, &json, "AccessKeyId")?,
                required(name, &json, "AccessKeySecret")?,
            )
            .with_session_token(required(name, &json, "SecurityToken")?);
            let expiration = required(name, &json, "Expiration")?;
            let expires_at = parse_utc_timestamp(expiration)
                .ok_or_else(|| failed(name, "`Expiration` is not a UTC timestamp"))?;
            Ok(ExpiringCredentials {
                credentials,
                expires_at: Some(expires_at),
            })
        })
    }
}
