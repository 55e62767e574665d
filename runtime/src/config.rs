//! Client configuration: region, credentials, endpoint, timeouts, retries, rate limits.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::time::Duration;

use crate::cli_config::{self, CliConfigError};
use crate::credentials::{Credentials, CredentialsError, CredentialsSource, Env, process_env};
use crate::service::Cloud;

/// Settings shared by every call of a client. Build with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: CredentialsSource,
    pub(crate) endpoint: Option<reqwest::Url>,
    pub(crate) intl: bool,
    pub(crate) language: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_attempts: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) max_retry_delay: Duration,
    pub(crate) rate_limits: bool,
    pub(crate) rate_limit_overrides: BTreeMap<String, NonZeroU32>,
    pub(crate) unsigned_payload: bool,
    pub(crate) max_response_bytes: u64,
    pub(crate) allow_insecure_http: bool,
    pub(crate) profile: Option<String>,
}

impl Config {
    /// Default connect timeout.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
    /// Default timeout of one attempt (send, wait, read the whole body).
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default number of attempts, the first included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Default first backoff step; attempt `n` waits about `base * 2^(n-1)`, jittered.
    pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(200);
    /// Default cap of one backoff; a server asking for a longer wait is not retried.
    pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(20);
    /// Default largest response body read, 64 MiB. The largest documented responses of the
    /// generated operations are pages of at most 50 to 100 items: ECS
    /// `DescribeInvocationResults` returns up to 50 results with up to 24 KB of command output
    /// each (about 1.6 MB in Base64), `DescribeInstances` up to 100 instances (about 1 MB).
    /// 64 MiB is some 40 times that, so no real answer comes near it, while a broken or
    /// hostile endpoint (or one sending an endless body) cannot make a client buffer more.
    pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 << 20;

    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The configuration the environment gives for `cloud`, as `aws_config::load_from_env()`
    /// does for AWS: `Config::builder().from_env(cloud).build()`. See
    /// [`ConfigBuilder::from_env`] for what is read.
    pub fn from_env(cloud: Cloud) -> Result<Config, ConfigError> {
        Config::builder().from_env(cloud).build()
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// A builder holding every setting of this configuration, to change some and build
    /// again.
    pub fn into_builder(self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region,
            credentials: self.credentials,
            endpoint: self.endpoint.map(String::from),
            intl: self.intl,
            language: self.language,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.attempt_timeout,
            operation_timeout: self.operation_timeout,
            max_attempts: self.max_attempts,
            retry_base_delay: self.retry_base_delay,
            max_retry_delay: self.max_retry_delay,
            rate_limits: self.rate_limits,
            rate_limit_overrides: self
                .rate_limit_overrides
                .into_iter()
                .map(|(action, limit)| (action, limit.get()))
                .collect(),
            unsigned_payload: self.unsigned_payload,
            max_response_bytes: self.max_response_bytes,
            allow_insecure_http: self.allow_insecure_http,
            profile: self.profile,
            from_env: None,
        }
    }

    /// The profile chosen by [`ConfigBuilder::profile`], if any.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// `env` as this configuration reads it: the chosen profile, when there is one, in place
    /// of `cloud`'s profile variable, so that the region and the credentials come from the
    /// same profile.
    pub(crate) fn env<'a>(&'a self, cloud: Cloud, env: &'a Env<'a>) -> impl Fn(&str) -> Option<String> + 'a {
        with_profile(cloud, self.profile.as_deref(), env)
    }

    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_ref().map(|u| u.as_str())
    }

    pub fn credentials_source(&self) -> &CredentialsSource {
        &self.credentials
    }

    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Whether Tencent requests sign `UNSIGNED-PAYLOAD` instead of the body hash.
    pub fn unsigned_payload(&self) -> bool {
        self.unsigned_payload
    }

    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The limit of a whole call, attempts and back-off included; `None`: no limit beyond
    /// the attempts' own. See [`ConfigBuilder::operation_timeout`].
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The largest response body a call reads; see [`ConfigBuilder::max_response_bytes`].
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// Whether a plain `http://` endpoint on a non-loopback host is allowed; see
    /// [`ConfigBuilder::allow_insecure_http`].
    pub fn allow_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    pub fn rate_limits_enabled(&self) -> bool {
        self.rate_limits
    }

    /// The client-side limit in force for `action` given its documented limit.
    pub fn rate_limit_for(&self, action: &str, documented: Option<u32>) -> Option<NonZeroU32> {
        if !self.rate_limits {
            return None;
        }
        self.rate_limit_overrides
            .get(action)
            .copied()
            .or_else(|| documented.and_then(NonZeroU32::new))
    }
}

impl Default for Config {
    fn default() -> Self {
        ConfigBuilder::default()
            .build()
            .expect("the default configuration is valid")
    }
}

/// Builder of [`Config`]; every setting has a default.
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: CredentialsSource,
    endpoint: Option<String>,
    intl: bool,
    language: Option<String>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Option<Duration>,
    max_attempts: u32,
    retry_base_delay: Duration,
    max_retry_delay: Duration,
    rate_limits: bool,
    rate_limit_overrides: BTreeMap<String, u32>,
    unsigned_payload: bool,
    max_response_bytes: u64,
    allow_insecure_http: bool,
    profile: Option<String>,
    from_env: Option<Cloud>,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            region: None,
            credentials: CredentialsSource::DefaultChain,
            endpoint: None,
            intl: false,
            language: None,
            connect_timeout: Config::DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: Config::DEFAULT_ATTEMPT_TIMEOUT,
            operation_timeout: None,
            max_attempts: Config::DEFAULT_MAX_ATTEMPTS,
            retry_base_delay: Config::DEFAULT_RETRY_BASE_DELAY,
            max_retry_delay: Config::DEFAULT_MAX_RETRY_DELAY,
            rate_limits: true,
            rate_limit_overrides: BTreeMap::new(),
            unsigned_payload: false,
            max_response_bytes: Config::DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            profile: None,
            from_env: None,
        }
    }
}

impl ConfigBuilder {
    /// Takes what is not set explicitly from `cloud`'s environment when [`build`] runs, so
    /// explicit settings win whatever the order of the calls.
    ///
    /// - Region: `TENCENTCLOUD_REGION` / `ALIBABA_CLOUD_REGION_ID`, else the region of the
    ///   cloud's CLI profile: tccli `~/.tccli/<profile>.configure` (`_sys_param.region`,
    ///   profile `$TENCENTCLOUD_PROFILE` or `default`), aliyun `~/.aliyun/config.json`
    ///   (`region_id` of profile `$ALIBABA_CLOUD_PROFILE`, else the file's `current`, else
    ///   `default`); see [`crate::cli_config`]. A missing file says nothing; a broken one
    ///   is [`ConfigError::CliConfig`].
    /// - Credentials: the default source already reads the environment and profile files
    ///   (see [`CredentialsSource::DefaultChain`]).
    ///
    /// ```
    /// use cloudpage_runtime::{Cloud, Config};
    ///
    /// # fn main() -> Result<(), cloudpage_runtime::ConfigError> {
    /// // Region from ALIBABA_CLOUD_REGION_ID or the aliyun CLI profile, when there is one.
    /// let config = Config::from_env(Cloud::Alibaba)?;
    /// # let _ = config;
    /// // An explicit region wins over both.
    /// let config = Config::builder()
    ///     .from_env(Cloud::Alibaba)
    ///     .region("cn-shanghai")
    ///     .build()?;
    /// assert_eq!(config.region(), Some("cn-shanghai"));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// [`build`]: ConfigBuilder::build
    pub fn from_env(mut self, cloud: Cloud) -> Self {
        self.from_env = Some(cloud);
        self
    }

    /// The profile to read, for the region as for the credentials, in place of
    /// `$TENCENTCLOUD_PROFILE` / `$ALIBABA_CLOUD_PROFILE`: the CLI profile whose region
    /// [`ConfigBuilder::from_env`] takes (tccli `~/.tccli/<profile>.configure`, the aliyun
    /// `config.json` profile of that name) and the section of the credentials file that the
    /// default chain and [`CredentialsSource::Profile`] without a section read. As with the
    /// profile variables, the region and credentials variables still win over files; a
    /// profile that the credentials file or aliyun's `config.json` lacks is an error, never
    /// another profile's settings, and a tccli profile without its `.configure` file gives no
    /// region.
    ///
    /// ```
    /// use cloudpage_runtime::{Cloud, Config};
    ///
    /// # fn main() -> Result<(), cloudpage_runtime::ConfigError> {
    /// let config = Config::builder().from_env(Cloud::Tencent).profile("prod").build()?;
    /// assert_eq!(config.profile(), Some("prod"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into()).filter(|name: &String| !name.is_empty());
        self
    }

    /// Tencent only: sign the constant `UNSIGNED-PAYLOAD` in place of the body's SHA-256 and
    /// send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, as the official SDKs do with
    /// `ClientProfile.unsignedPayload`. Saves hashing every request body (about 0.8 ns per
    /// byte); the body is then protected by TLS alone, not by the signature. Off by default.
    /// Alibaba's ACS3 always signs the body hash, so Alibaba clients ignore it.
    pub fn unsigned_payload(mut self, on: bool) -> Self {
        self.unsigned_payload = on;
        self
    }

    /// Region, e.g. `ap-guangzhou` or `cn-hangzhou`. Tencent sends it as `X-TC-Region`
    /// (omitted when unset) and keeps the service's domain, as its official SDKs do, but for a
    /// Finance region of a service whose pages give its Finance domain (DTS); Alibaba picks
    /// the service's regional domain by it (see [`crate::endpoint`]).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Static credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = CredentialsSource::Static(credentials);
        self
    }

    /// Where to find credentials (default: environment, then profile file).
    pub fn credentials_source(mut self, source: CredentialsSource) -> Self {
        self.credentials = source;
        self
    }

    /// Sends every call to this base URL (`https://...` or, e.g. for tests and local proxies,
    /// `http://127.0.0.1:8080`) instead of the service's domain. The `Host` header and the
    /// signature use the URL's host and port. Plain `http://` is accepted only for a loopback
    /// host (`127.0.0.0/8`, `::1`, `localhost`) unless [`ConfigBuilder::allow_insecure_http`]
    /// is set, because it sends the signature and the session token unencrypted.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Allows a plain `http://` endpoint on a host that is not loopback (default: refused by
    /// [`ConfigBuilder::build`]). Over plain http anyone on the path can read the signed
    /// request, including the session token (`X-TC-Token`, `x-acs-security-token`) and the
    /// body, and replay it until the signature expires. Set it only when the network path is
    /// trusted (e.g. a proxy on a private link that adds TLS itself).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Largest response body a call reads, in bytes (default
    /// [`Config::DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB; must be greater than zero). A larger
    /// announced `Content-Length` is refused before reading the body, and a body without one
    /// is abandoned as soon as it exceeds the limit, with [`crate::Error::ResponseTooLarge`]:
    /// the endpoint cannot make the client buffer more than this.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Tencent: use the international-site domain (`<service>.intl.tencentcloudapi.com`)
    /// when the service has one.
    pub fn intl(mut self, intl: bool) -> Self {
        self.intl = intl;
        self
    }

    /// Tencent `X-TC-Language` (`zh-CN` or `en-US`); not sent when unset.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout of one attempt, from sending to the end of the body (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Limit of a whole call (default: none): every attempt, the back-off between them and
    /// the waits for the rate limiter. When it runs out the call ends with
    /// [`crate::Error::Timeout`] in phase [`crate::TimeoutPhase::Operation`], whatever
    /// attempt was under way. A single call can override it with
    /// [`crate::CallOptions::timeout`].
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Attempts per call, the first included (default 3; 1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// First backoff step (default 200 ms); doubled per attempt, with jitter. A throttled
    /// attempt waits at least a second (the clouds' rate limits are per second) unless the
    /// answer says how long, or [`ConfigBuilder::max_retry_delay`] is shorter.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Longest single backoff (default 20 s). A server that asks for a longer wait gets its
    /// error returned instead.
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// Client-side rate limits on or off (default on: each operation's documented limit).
    ///
    /// A limit of `n` per second lets one request of that action leave every `1/n` seconds
    /// (no bursts), so no second sees more than `n`; retries take permits too. Limiters are
    /// per action and shared by the clones of one `Client`: separate `Client`s and separate
    /// processes each have their own budget, and the server's limit (usually per account)
    /// still applies.
    pub fn rate_limits(mut self, enabled: bool) -> Self {
        self.rate_limits = enabled;
        self
    }

    /// Replaces the limit of one action (wire name), in requests per second (at least 1).
    pub fn rate_limit_override(mut self, action: impl Into<String>, per_second: u32) -> Self {
        self.rate_limit_overrides.insert(action.into(), per_second);
        self
    }

    pub fn build(self) -> Result<Config, ConfigError> {
        self.build_with(&process_env)
    }

    /// [`ConfigBuilder::build`] with `env` for the process environment (tests).
    pub(crate) fn build_with(mut self, env: &Env<'_>) -> Result<Config, ConfigError> {
        if let Some(cloud) = self.from_env
            && self.region.as_deref().is_none_or(str::is_empty)
        {
            let env = with_profile(cloud, self.profile.as_deref(), env);
            self.region = cli_config::region_from_env(cloud, &env)?;
        }
        if let Some(region) = self.region.as_deref().filter(|r| !r.is_empty()) {
            check_region(region)?;
        }
        let endpoint = self
            .endpoint
            .as_deref()
            .map(|url| parse_endpoint(url, self.allow_insecure_http))
            .transpose()?;
        for (name, value) in [
            ("connect timeout", self.connect_timeout),
            ("attempt timeout", self.attempt_timeout),
        ] {
            if value.is_zero() {
                return Err(ConfigError::Zero { setting: name });
            }
        }
        if self.operation_timeout.is_some_and(|t| t.is_zero()) {
            return Err(ConfigError::Zero {
                setting: "operation timeout",
            });
        }
        if self.max_attempts == 0 {
            return Err(ConfigError::Zero {
                setting: "max attempts",
            });
        }
        if self.max_response_bytes == 0 {
            return Err(ConfigError::Zero {
                setting: "max response bytes",
            });
        }
        let mut rate_limit_overrides = BTreeMap::new();
        for (action, per_second) in self.rate_limit_overrides {
            let Some(limit) = NonZeroU32::new(per_second) else {
                return Err(ConfigError::InvalidRateLimit { action });
            };
            rate_limit_overrides.insert(action, limit);
        }
        Ok(Config {
            region: self.region.filter(|r| !r.is_empty()),
            credentials: self.credentials,
            endpoint,
            intl: self.intl,
            language: self.language,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.attempt_timeout,
            operation_timeout: self.operation_timeout,
            max_attempts: self.max_attempts,
            retry_base_delay: self.retry_base_delay,
            max_retry_delay: self.max_retry_delay,
            rate_limits: self.rate_limits,
            rate_limit_overrides,
            unsigned_payload: self.unsigned_payload,
            max_response_bytes: self.max_response_bytes,
            allow_insecure_http: self.allow_insecure_http,
            profile: self.profile,
        })
    }
}

/// `env` with `profile`, when given, as the value of `cloud`'s profile variable.
fn with_profile<'a>(cloud: Cloud, profile: Option<&'a str>, env: &'a Env<'a>) -> impl Fn(&str) -> Option<String> + 'a {
    move |name: &str| match profile {
        Some(profile) if name == cli_config::profile_variable(cloud) => Some(profile.to_owned()),
        _ => env(name),
    }
}

/// A region becomes part of a host name (`ecs.{region}.aliyuncs.com`): only letters, digits
/// and `-` (every region of both clouds), so that no region can change which host a request
/// goes to (`a/b`, `x.evil.example#`) while the signature names another.
fn check_region(region: &str) -> Result<(), ConfigError> {
    let fits = region.len() <= 63
        && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if fits {
        Ok(())
    } else {
        Err(ConfigError::InvalidRegion { region: region.to_owned() })
    }
}

fn parse_endpoint(text: &str, allow_insecure_http: bool) -> Result<reqwest::Url, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidEndpoint {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(text).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("there is no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a query or fragment is not allowed"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("user information is not allowed"));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_loopback(&url) {
        return Err(ConfigError::InsecureHttp {
            url: url.to_string(),
        });
    }
    Ok(url)
}

/// Whether the URL's host is this machine: `127.0.0.0/8`, `::1` (also as `::ffff:127.x.y.z`)
/// or the name `localhost`. Plain http there never leaves the machine.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // The URL parser has already normalised the host: IPv4 in dotted decimal (`0x7f.1` is
    // `127.0.0.1`), IPv6 in brackets, names lowercased.
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        // A trailing dot is the same name.
        Err(_) => matches!(host, "localhost" | "localhost."),
    }
}

/// A configuration that cannot work.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("invalid endpoint URL `{url}`: {reason}")]
    InvalidEndpoint { url: String, reason: String },
    /// A plain `http://` endpoint on a host that is not loopback, without
    /// [`ConfigBuilder::allow_insecure_http`].
    #[error(
        "endpoint `{url}` uses plain http to a host that is not loopback: the request signature \
         and the session token would be sent unencrypted; use https, or opt in with \
         `ConfigBuilder::allow_insecure_http(true)` (CLI: `--allow-insecure-http`)"
    )]
    InsecureHttp { url: String },
    #[error("{setting} must be greater than zero")]
    Zero { setting: &'static str },
    /// A region that is not a host-name label (letters, digits and `-`), from the builder,
    /// the environment or a CLI profile.
    #[error("invalid region {region:?}: a region is letters, digits and `-` (e.g. `ap-guangzhou`, `cn-hangzhou`)")]
    InvalidRegion { region: String },
    #[error("the rate limit override for `{action}` must be at least 1 request per second")]
    InvalidRateLimit { action: String },
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// An STS `AssumeRole` provider's settings cannot work.
    #[error("invalid AssumeRole settings: {reason}")]
    InvalidAssumeRole { reason: String },
    /// A CLI configuration file read by [`ConfigBuilder::from_env`] exists but is broken.
    #[error(transparent)]
    CliConfig(#[from] CliConfigError),
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(String),
    /// A region, language, token or key ID that cannot be sent in a header.
    #[error(transparent)]
    InvalidHeader(#[from] crate::request::InvalidHeader),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = Config::default();
        assert_eq!(config.connect_timeout(), Duration::from_secs(5));
        assert_eq!(config.attempt_timeout(), Duration::from_secs(30));
        assert_eq!(config.max_attempts(), 3);
        assert!(config.rate_limits_enabled());
        assert_eq!(config.region(), None);
        assert_eq!(
            config.credentials_source(),
            &CredentialsSource::DefaultChain
        );
    }

    #[test]
    fn rate_limit_resolution() {
        let config = Config::builder()
            .rate_limit_override("A", 5)
            .build()
            .unwrap();
        assert_eq!(
            config.rate_limit_for("A", Some(20)).map(NonZeroU32::get),
            Some(5)
        );
        assert_eq!(
            config.rate_limit_for("B", Some(20)).map(NonZeroU32::get),
            Some(20)
        );
        assert_eq!(config.rate_limit_for("B", None), None);
        let off = Config::builder()
            .rate_limits(false)
            .rate_limit_override("A", 5)
            .build()
            .unwrap();
        assert_eq!(off.rate_limit_for("A", Some(20)), None);
        let err = Config::builder()
            .rate_limit_override("A", 0)
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the rate limit override for `A` must be at least 1 request per second"
        );
    }

    #[test]
    fn invalid_settings() {
        for (url, reason) in [
            ("ftp://h", "scheme"),
            ("http://h/?a=1", "query"),
            ("not a url", "relative URL"),
            ("http://u:p@h", "user information"),
        ] {
            let err = Config::builder().endpoint(url).build().unwrap_err();
            assert!(matches!(err, ConfigError::InvalidEndpoint { .. }), "{err}");
            assert!(err.to_string().contains(reason), "{url}: {err}");
        }
        assert!(
            Config::builder()
                .endpoint("http://127.0.0.1:8080")
                .build()
                .is_ok()
        );
        let err = Config::builder().max_attempts(0).build().unwrap_err();
        assert_eq!(err.to_string(), "max attempts must be greater than zero");
        let err = Config::builder()
            .attempt_timeout(Duration::ZERO)
            .build()
            .unwrap_err();
        assert_eq!(err.to_string(), "attempt timeout must be greater than zero");
        let err = Config::builder().max_response_bytes(0).build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "max response bytes must be greater than zero"
        );
    }

    #[test]
    fn from_env_fills_the_region_and_explicit_settings_win() {
        let env = |name: &str| match name {
            "TENCENTCLOUD_REGION" => Some("ap-beijing".to_owned()),
            "ALIBABA_CLOUD_REGION_ID" => Some("cn-beijing".to_owned()),
            _ => None,
        };
        let tencent = Config::builder().from_env(Cloud::Tencent).build_with(&env).unwrap();
        assert_eq!(tencent.region(), Some("ap-beijing"));
        let alibaba = Config::builder().from_env(Cloud::Alibaba).build_with(&env).unwrap();
        assert_eq!(alibaba.region(), Some("cn-beijing"));
        // Before or after `from_env`, an explicit region wins.
        for builder in [
            Config::builder().region("ap-seoul").from_env(Cloud::Tencent),
            Config::builder().from_env(Cloud::Tencent).region("ap-seoul"),
        ] {
            assert_eq!(builder.build_with(&env).unwrap().region(), Some("ap-seoul"));
        }
        // Without `from_env` the environment is not read.
        assert_eq!(Config::builder().build_with(&env).unwrap().region(), None);
        // Nothing in the environment: no region, no error.
        let empty = Config::builder().from_env(Cloud::Tencent).build_with(&|_| None).unwrap();
        assert_eq!(empty.region(), None);
    }

    /// Every region of both clouds' `common.yaml` builds; what would change the host does not.
    #[test]
    fn a_region_is_a_host_name_label() {
        for region in ["ap-guangzhou", "ap-shanghai-fsi", "cn-hangzhou", "cn-hangzhou-finance", "eu-central-1", "na-siliconvalley"] {
            assert_eq!(Config::builder().region(region).build().unwrap().region(), Some(region));
        }
        for region in ["a/b", "x.evil.example#", "cn hangzhou", "cn-hangzhou.", "ap-guangzhou\n", "-x", "é"] {
            let err = Config::builder().region(region).build().unwrap_err();
            assert!(matches!(&err, ConfigError::InvalidRegion { region: r } if r == region), "{region}: {err:?}");
        }
        // From the environment too.
        let env = |name: &str| (name == "ALIBABA_CLOUD_REGION_ID").then(|| "cn-hangzhou/x".to_owned());
        let err = Config::builder().from_env(Cloud::Alibaba).build_with(&env).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidRegion { .. }), "{err:?}");
    }

    #[test]
    fn a_chosen_profile_gives_the_region_and_the_credentials() {
        let home = std::env::temp_dir().join(format!("cloudpage-config-profile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(home.join(".tccli")).unwrap();
        std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
        std::fs::write(home.join(".tccli/default.configure"), r#"{"_sys_param": {"region": "ap-guangzhou"}}"#).unwrap();
        std::fs::write(home.join(".tccli/work.configure"), r#"{"_sys_param": {"region": "ap-singapore"}}"#).unwrap();
        std::fs::write(
            home.join(".tencentcloud/credentials"),
            "[default]\nsecret_id = AKIDdefault\nsecret_key = s1\n\n[work]\nsecret_id = AKIDwork\nsecret_key = s2\n",
        )
        .unwrap();
        let h = home.to_str().unwrap().to_owned();
        let variable = std::cell::Cell::new(None::<&str>);
        let env = |name: &str| match name {
            "HOME" => Some(h.clone()),
            "TENCENTCLOUD_PROFILE" => variable.get().map(str::to_owned),
            _ => None,
        };
        let key_id = |config: &Config| {
            let env = config.env(Cloud::Tencent, &env);
            match config.credentials.resolve_for_client(Cloud::Tencent, &env).unwrap() {
                crate::credentials::Resolved::Fixed(c) => c.access_key_id().to_owned(),
                other => panic!("a fixed source, not {other:?}"),
            }
        };
        let default = Config::builder().from_env(Cloud::Tencent).build_with(&env).unwrap();
        assert_eq!((default.region(), key_id(&default).as_str()), (Some("ap-guangzhou"), "AKIDdefault"));
        // The builder's profile, over the variable's, for both.
        variable.set(Some("default"));
        let work = Config::builder().from_env(Cloud::Tencent).profile("work").build_with(&env).unwrap();
        assert_eq!((work.region(), key_id(&work).as_str()), (Some("ap-singapore"), "AKIDwork"));
        // The variable alone gives both too.
        variable.set(Some("work"));
        let by_variable = Config::builder().from_env(Cloud::Tencent).build_with(&env).unwrap();
        assert_eq!((by_variable.region(), key_id(&by_variable).as_str()), (Some("ap-singapore"), "AKIDwork"));
        // A profile without a section is an error, not `[default]`'s keys.
        let missing = Config::builder().profile("none").build_with(&env).unwrap();
        let err = missing.credentials.resolve_for_client(Cloud::Tencent, &missing.env(Cloud::Tencent, &env)).unwrap_err();
        assert!(err.to_string().contains("profile [none]"), "{err}");
        // The profile survives `into_builder`.
        assert_eq!(work.into_builder().build_with(&env).unwrap().profile(), Some("work"));
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn from_env_reports_a_broken_cli_file() {
        let home = std::env::temp_dir().join(format!("cloudpage-config-env-{}", std::process::id()));
        std::fs::create_dir_all(home.join(".tccli")).unwrap();
        std::fs::write(home.join(".tccli/default.configure"), "{").unwrap();
        let h = home.to_str().unwrap().to_owned();
        let env = move |name: &str| (name == "HOME").then(|| h.clone());
        let err = Config::builder().from_env(Cloud::Tencent).build_with(&env).unwrap_err();
        assert!(matches!(err, ConfigError::CliConfig(_)), "{err:?}");
        assert!(err.to_string().contains("default.configure"), "{err}");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn into_builder_keeps_every_setting() {
        let config = Config::builder()
            .region("ap-seoul")
            .endpoint("https://proxy.example/api")
            .language("en-US")
            .operation_timeout(Duration::from_secs(9))
            .max_attempts(7)
            .rate_limit_override("A", 3)
            .max_response_bytes(10)
            .build()
            .unwrap();
        let again = config.clone().into_builder().build().unwrap();
        assert_eq!(format!("{config:?}"), format!("{again:?}"));
    }

    #[test]
    fn max_response_bytes_default_and_setting() {
        assert_eq!(Config::default().max_response_bytes(), 64 * 1024 * 1024);
        let config = Config::builder().max_response_bytes(1).build().unwrap();
        assert_eq!(config.max_response_bytes(), 1);
    }

    #[test]
    fn plain_http_is_accepted_for_loopback_hosts() {
        for url in [
            "http://127.0.0.1:8080",
            "http://127.0.0.2/",
            "http://127.255.255.254:1/api",
            "http://0x7f.1/",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:8080",
            "http://LOCALHOST/",
            "http://localhost./",
        ] {
            let config = Config::builder().endpoint(url).build();
            assert!(config.is_ok(), "{url}: {:?}", config.err());
        }
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused_without_the_opt_in() {
        for url in [
            "http://tat.tencentcloudapi.com",
            "http://10.0.0.1:8080/",
            "http://128.0.0.1/",
            "http://[2001:db8::1]/",
            "http://[::2]/",
            "http://localhost.example.com/",
            "http://127.0.0.1.nip.io/",
        ] {
            let err = Config::builder().endpoint(url).build().unwrap_err();
            assert!(
                matches!(err, ConfigError::InsecureHttp { .. }),
                "{url}: {err:?}"
            );
            let text = err.to_string();
            for expected in ["plain http", "signature", "session token", "unencrypted"] {
                assert!(text.contains(expected), "{url}: {text}");
            }
            assert!(text.contains("allow_insecure_http(true)"), "{text}");
            assert!(text.contains("--allow-insecure-http"), "{text}");
        }
        // https is never affected.
        assert!(
            Config::builder()
                .endpoint("https://tat.tencentcloudapi.com")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn plain_http_to_a_remote_host_is_accepted_with_the_opt_in() {
        let config = Config::builder()
            .endpoint("http://10.0.0.1:8080/")
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert!(config.allow_insecure_http());
        assert_eq!(config.endpoint(), Some("http://10.0.0.1:8080/"));
        assert!(!Config::default().allow_insecure_http());
    }
}
