//! The client generated service clients wrap: one HTTP connection pool, credentials,
//! endpoint and rate limiters per service client, shared by its clones.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::{Method, Url};
use tracing::Instrument;

use crate::call_options::{CallOptions, Effective};
use crate::config::{Config, ConfigError};
use crate::credentials::{Credentials, CredentialsError, Resolved, process_env};
use crate::providers::SharedCredentialsProvider;
use crate::endpoint::{self, Endpoint};
use crate::error::{BoxError, Error, GenericError, TimeoutPhase};
use crate::json::{JsonDecode, JsonEncode};
use crate::rate_limit::Limiters;
use crate::request::{Payload, Signer, USER_AGENT};
use crate::response::{self, RawResponse, Success};
use crate::retry;
use crate::service::{OperationError, OperationInfo, ServiceInfo};

/// A client of one service. Cheap to clone: clones share the connection pool, credentials
/// and rate limiters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceInfo,
    config: Config,
    /// Credentials, the constant headers and the TC3 key cache.
    signers: Signers,
    endpoint: Endpoint,
    /// `scheme://host/path`, computed once (for error messages).
    base_url: String,
    /// `base_url` parsed once; an attempt clones it instead of parsing a string.
    url: Url,
    http: reqwest::Client,
    limiters: Limiters,
    /// Answers calls instead of the network (`Mock::client`): see [`crate::mock`].
    #[cfg(feature = "test-util")]
    mock: Option<crate::mock::Mock>,
}

/// The signer of a client with fixed credentials, or the signer of a provider's current
/// credentials, rebuilt when the provider hands out new ones.
enum Signers {
    Fixed(Arc<Signer>),
    /// No credentials ([`CredentialsSource::Anonymous`](crate::CredentialsSource::Anonymous)):
    /// a signer of [`anonymous_credentials`], which only anonymous operations use.
    Anonymous(Arc<Signer>),
    Provider {
        provider: SharedCredentialsProvider,
        /// The generation of the provider's cache the signer was built for.
        current: std::sync::Mutex<Option<(u64, Arc<Signer>)>>,
        /// The signer of anonymous operations, which never ask the provider (it may be the
        /// very thing such a call is to feed).
        anonymous: Arc<Signer>,
    },
}

impl fmt::Debug for Signers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Signers::Fixed(signer) => signer.credentials().fmt(f),
            Signers::Anonymous(_) => f.write_str("Anonymous"),
            Signers::Provider { provider, .. } => provider.fmt(f),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field("version", &self.inner.service.version)
            .field("endpoint", &self.inner.base_url)
            .field("region", &self.inner.config.region)
            .field("credentials", &self.inner.signers)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Resolves credentials and the endpoint, and builds the HTTP client.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Client, ConfigError> {
        let resolved = config
            .credentials
            .resolve_for_client(service.cloud, &config.env(service.cloud, &process_env))?;
        Ok(Client {
            inner: Arc::new(Client::inner(service, config, resolved)?),
        })
    }

    /// A client whose calls `mock` answers (see [`crate::mock`]): the same settings checks,
    /// placeholder credentials instead of the configured ones.
    #[cfg(feature = "test-util")]
    pub(crate) fn mocked(
        service: &'static ServiceInfo,
        config: Config,
        mock: crate::mock::Mock,
    ) -> Result<Client, ConfigError> {
        use crate::mock::{PLACEHOLDER_ACCESS_KEY_ID, PLACEHOLDER_SECRET};
        let placeholder = Credentials::new(PLACEHOLDER_ACCESS_KEY_ID, PLACEHOLDER_SECRET);
        let mut inner = Client::inner(service, config, Resolved::Fixed(placeholder))?;
        inner.mock = Some(mock);
        Ok(Client {
            inner: Arc::new(inner),
        })
    }

    /// What a real and a mocked client share: the endpoint, the signer of `resolved`'s
    /// credentials (settings checked) and the HTTP client.
    fn inner(
        service: &'static ServiceInfo,
        config: Config,
        resolved: Resolved,
    ) -> Result<Inner, ConfigError> {
        let endpoint = endpoint::resolve(service, &config);
        let base_url = endpoint.url();
        let url = Url::parse(&base_url).map_err(|e| ConfigError::InvalidEndpoint {
            url: base_url.clone(),
            reason: e.to_string(),
        })?;
        let new_signer = |credentials| {
            Signer::new(
                service,
                credentials,
                config.region.as_deref(),
                config.language.as_deref(),
                &endpoint.host,
                &endpoint.path,
            )
            .map(|signer| signer.unsigned_payload(config.unsigned_payload))
        };
        let signers = match resolved {
            Resolved::Fixed(credentials) => Signers::Fixed(Arc::new(new_signer(credentials)?)),
            Resolved::Anonymous => Signers::Anonymous(Arc::new(new_signer(anonymous_credentials())?)),
            Resolved::Provider(provider) => {
                // The settings' header checks now, as for fixed credentials, by building the
                // anonymous operations' signer: the real credentials are fetched by the first
                // signed call.
                Signers::Provider {
                    provider,
                    current: std::sync::Mutex::new(None),
                    anonymous: Arc::new(new_signer(anonymous_credentials())?),
                }
            }
        };
        // Redirects are never followed: reqwest's default policy would re-send the session
        // token headers and the body (and, with `Referer`, the signed query) to whatever host
        // `Location` names, and turn a 301/302 POST into a GET. A 3xx becomes
        // `Error::Redirect` instead, as with the official SDKs. No `Referer` either.
        let mut http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .user_agent(USER_AGENT);
        // Plain http (loopback, or explicitly allowed) goes straight to the endpoint: through a
        // proxy from the environment (`HTTP_PROXY`, `ALL_PROXY`) the signed request and its
        // session token would reach the proxy's host in clear text. https keeps the
        // environment's proxy, whose tunnel (`CONNECT`) stays encrypted to the endpoint.
        if url.scheme() == "http" {
            http = http.no_proxy();
        }
        let http = http.build().map_err(|e| ConfigError::HttpClient(e.to_string()))?;
        Ok(Inner {
            service,
            base_url,
            url,
            endpoint,
            signers,
            config,
            http,
            limiters: Limiters::default(),
            #[cfg(feature = "test-util")]
            mock: None,
        })
    }

    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// Calls `op` with `request` (serialised with its wire names) and returns the inner
    /// success object as the service's envelope defines it: `tencent_response`'s `Response`
    /// value (with `RequestId`), `alibaba_rpc`'s body.
    /// Retries throttling and not-sent failures; waits for the action's rate limit.
    pub async fn call<Req, Resp, E>(
        &self,
        op: &'static OperationInfo,
        request: &Req,
    ) -> Result<Resp, Error<E>>
    where
        Req: JsonEncode + ?Sized,
        Resp: JsonDecode,
        E: OperationError,
    {
        self.call_with(op, request, &CallOptions::default()).await
    }

    /// [`Client::call`] with per-call overrides of the client's operation timeout, attempt
    /// timeout and attempts ([`CallOptions`]); an invalid override (e.g. a zero timeout) is
    /// [`Error::InvalidCallOptions`], and nothing is sent.
    pub async fn call_with<Req, Resp, E>(
        &self,
        op: &'static OperationInfo,
        request: &Req,
        options: &CallOptions,
    ) -> Result<Resp, Error<E>>
    where
        Req: JsonEncode + ?Sized,
        Resp: JsonDecode,
        E: OperationError,
    {
        let settings = options
            .effective(&self.inner.config)
            .map_err(Error::InvalidCallOptions)?;
        let payload = Payload::for_call(op, request, self.inner.config.region.as_deref())
            .map_err(Error::Serialize)?;
        // A mocked client: the rule's answer instead of signing and sending, read like a
        // received one (one attempt; no retries, rate limits or timeouts).
        #[cfg(feature = "test-util")]
        if let Some(mock) = &self.inner.mock {
            return match mock.call(op, request, self.inner.config.region.as_deref()) {
                Ok(success) => success.decode(),
                Err(err) => Err(err.with_kind()),
            };
        }
        match self.execute(op, payload, retryable::<E>, settings).await {
            Ok(success) => success.decode(),
            Err(err) => Err(err.with_kind()),
        }
    }

    /// [`Client::call`] with JSON parameters and a JSON result, for callers without typed
    /// structs (e.g. a CLI). `E` may be [`crate::GenericError`]. The operation's documented
    /// checks run first ([`OperationInfo::validate_json`]); nothing is sent if they fail.
    pub async fn call_json<E: OperationError>(
        &self,
        op: &'static OperationInfo,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error<E>> {
        self.call_json_with(op, params, &CallOptions::default()).await
    }

    /// [`Client::call_json`] with per-call overrides (see [`Client::call_with`]).
    pub async fn call_json_with<E: OperationError>(
        &self,
        op: &'static OperationInfo,
        mut params: serde_json::Value,
        options: &CallOptions,
    ) -> Result<serde_json::Value, Error<E>> {
        op.fill_region(&mut params, self.inner.config.region.as_deref());
        (op.validate_json)(&params)?;
        self.call_with(op, &params, options).await
    }

    /// The request one attempt of [`Client::call_json`] would send, signed, without sending
    /// it (a CLI's `--dry-run`): the same checks, encoding, region filling and signature. The
    /// result's `Debug` and `Display` redact what must not be shown (see [`SignedRequest`]).
    pub async fn sign_json<E: OperationError>(
        &self,
        op: &'static OperationInfo,
        mut params: serde_json::Value,
    ) -> Result<SignedRequest, Error<E>> {
        op.fill_region(&mut params, self.inner.config.region.as_deref());
        (op.validate_json)(&params)?;
        let payload = Payload::for_call(op, &params, self.inner.config.region.as_deref()).map_err(Error::Serialize)?;
        let (url, headers) = self.signed(op, payload.query(), payload.body()).await.map_err(Error::with_kind)?;
        Ok(SignedRequest {
            url: url.to_string(),
            headers: headers
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
                .collect(),
            body: payload.body().to_vec(),
        })
    }

    /// The retry loop. Not generic: the operation's enum only enters through `retryable`,
    /// so this and everything below is compiled once, not once per operation.
    async fn execute(
        &self,
        op: &'static OperationInfo,
        payload: Payload,
        retryable: fn(&str, &str) -> bool,
        settings: Effective,
    ) -> Result<Success, Error<GenericError>> {
        let inner = &*self.inner;
        let config = &inner.config;
        // `Bytes`, so every attempt sends the same buffer without copying it.
        let (query, body) = match payload {
            Payload::Body(body) => (String::new(), Bytes::from(body)),
            Payload::Query(query) => (query, Bytes::new()),
        };
        let span = tracing::info_span!(
            "cloudpage.call",
            cloud = ?op.service.cloud,
            service = op.service.name,
            action = op.action,
            region = config.region.as_deref().unwrap_or(""),
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let limiter = inner.limiters.get(op, config);
        // Fields are recorded on this handle rather than on `Span::current()`, which would
        // look the span up in the dispatcher on every call.
        let fields = span.clone();
        let attempts = async {
            let mut attempt = 1u32;
            loop {
                fields.record("attempt", attempt);
                if let Some(limiter) = &limiter {
                    limiter.until_ready().await;
                }
                let err = match self.attempt(op, &query, &body, settings.attempt_timeout).await {
                    Ok(success) => {
                        if let Some(id) = &success.request_id {
                            fields.record("request_id", id.as_str());
                        }
                        tracing::debug!("call succeeded");
                        return Ok(success);
                    }
                    Err(err) => err,
                };
                if let Some(id) = err.request_id() {
                    fields.record("request_id", id);
                }
                let retry = retry::retry_reason(&err, retryable).and_then(|reason| {
                    let delay = retry::delay(reason, config.retry_base_delay, config.max_retry_delay, attempt)?;
                    Some((reason.0, delay))
                });
                match retry {
                    Some((reason, delay)) if attempt < settings.max_attempts => {
                        tracing::warn!(
                            attempt,
                            reason,
                            delay_ms = delay.as_millis() as u64,
                            error = %err,
                            "retrying",
                        );
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                    }
                    _ => {
                        tracing::debug!(attempt, error = %err, "call failed");
                        return Err(err);
                    }
                }
            }
        };
        let Some(limit) = settings.operation_timeout else {
            return attempts.instrument(span).await;
        };
        // Dropping the loop on expiry cancels whatever it awaits: an attempt's request (its
        // connection is closed), a back-off sleep or a rate-limit wait.
        async {
            match tokio::time::timeout(limit, attempts).await {
                Ok(result) => result,
                Err(elapsed) => {
                    tracing::debug!(
                        timeout_ms = limit.as_millis() as u64,
                        "operation timeout"
                    );
                    Err(Error::Timeout {
                        phase: TimeoutPhase::Operation,
                        endpoint: inner.base_url.clone(),
                        after: limit,
                        source: Box::new(elapsed),
                    })
                }
            }
        }
        .instrument(span)
        .await
    }

    /// One signed request and its parsed answer.
    async fn attempt(
        &self,
        op: &'static OperationInfo,
        query: &str,
        body: &Bytes,
        attempt_timeout: Duration,
    ) -> Result<Success, Error<GenericError>> {
        let inner = &*self.inner;
        let (url, headers) = self.signed(op, query, body).await?;
        // A `Request` built directly: the builder would re-parse the URL and merge the header
        // map entry by entry.
        let mut request = reqwest::Request::new(Method::POST, url);
        *request.headers_mut() = headers;
        *request.body_mut() = Some(reqwest::Body::from(body.clone()));
        // The attempt's deadline covers sending and reading the whole answer. One timer
        // around both, held in this future: reqwest's own per-request timeout boxes a timer
        // and wraps the body in another boxed one, a measurable share of a call's CPU.
        match tokio::time::timeout(attempt_timeout, self.exchange(op, request)).await {
            Ok(read) => read,
            Err(elapsed) => Err(Error::Timeout {
                phase: TimeoutPhase::Attempt,
                endpoint: inner.base_url.clone(),
                after: attempt_timeout,
                source: Box::new(elapsed),
            }),
        }
    }

    /// Sends one signed request and reads its answer (the attempt's deadline is the caller's).
    async fn exchange(
        &self,
        op: &'static OperationInfo,
        request: reqwest::Request,
    ) -> Result<Success, Error<GenericError>> {
        let inner = &*self.inner;
        let mut response = inner
            .http
            .execute(request)
            .await
            .map_err(|e| self.transport_error(e))?;

        let status = response.status().as_u16();
        let headers = response.headers();
        if response.status().is_redirection() {
            let location = headers
                .get(reqwest::header::LOCATION)
                // As received, but never control characters in a message or log line.
                .map(|v| {
                    String::from_utf8_lossy(v.as_bytes())
                        .chars()
                        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                        .collect::<String>()
                });
            tracing::debug!(
                status,
                location = location.as_deref(),
                "redirect not followed"
            );
            return Err(Error::Redirect {
                status,
                location,
                endpoint: inner.base_url.clone(),
            });
        }
        let expected = response.content_length();
        // Bounded reads: an announced length over the limit is refused before reading, and a
        // body without one is abandoned as soon as it would exceed the limit, so the buffer
        // never holds more than `limit` bytes. The attempt timeout bounds the time.
        let limit = inner.config.max_response_bytes;
        let too_large = |received: u64| Error::ResponseTooLarge {
            status,
            limit,
            content_length: expected,
            received,
            endpoint: inner.base_url.clone(),
        };
        if expected.is_some_and(|n| n > limit) {
            return Err(too_large(0));
        }
        let mut body = Vec::with_capacity(expected.unwrap_or(0).min(1 << 20) as usize);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let received = body.len() as u64 + chunk.len() as u64;
                    if received > limit {
                        return Err(too_large(received));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(Error::TruncatedBody {
                        status,
                        expected,
                        received: body.len() as u64,
                        // Without the URL and its query, as in `transport_error`.
                        source: Box::new(e.without_url()),
                    });
                }
            }
        }
        tracing::debug!(status, bytes = body.len(), "response received");
        // The content type and the retry hint only go into errors: read from the headers
        // when the answer is one, not copied out of every answer.
        let raw = RawResponse {
            status,
            content_type: None,
            retry_after: None,
            body,
        };
        let mut read = response::parse(op.service.envelope, &raw);
        let headers = response.headers();
        match &mut read {
            Err(Error::Service(err)) => {
                err.retry_after =
                    response::retry_after_hint(|name| headers.get(name).and_then(|v| v.to_str().ok()));
                // An error body without its `RequestId` (a gateway's): Alibaba sends the id
                // in a header too.
                if err.request_id.is_none() {
                    err.request_id = headers
                        .get(response::REQUEST_ID_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned);
                }
            }
            Err(Error::UnexpectedResponse { content_type, status, retry_after, .. }) => {
                *content_type = headers
                    .get(reqwest::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                if *status == 429 {
                    *retry_after = response::retry_after_hint(|name| headers.get(name).and_then(|v| v.to_str().ok()));
                }
            }
            _ => {}
        }
        read
    }

    /// The URL and signed headers of one attempt (now, with a fresh nonce): what
    /// [`Client::attempt`] sends and [`Client::sign_json`] shows.
    async fn signed(&self, op: &'static OperationInfo, query: &str, body: &[u8]) -> Result<(Url, reqwest::header::HeaderMap), Error<GenericError>> {
        let inner = &*self.inner;
        let signer = self.signer(op).await?;
        // Only ACS3 signs a nonce (on the stack); TC3 requests do not carry one.
        let nonce = Signer::nonce(op);
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let headers = signer
            .sign(op, query, body, timestamp, nonce.as_str())
            .map_err(|e| Error::Transport {
                endpoint: inner.base_url.clone(),
                source: Box::new(e),
            })?;
        let mut url = inner.url.clone();
        // An anonymous operation's own parameters (Alibaba RPC: `Format=json`), which nothing
        // signs, after the request's.
        match op.anonymous.then(|| op.service.envelope.anonymous_parameters()).flatten() {
            Some(extra) if query.is_empty() => url.set_query(Some(extra)),
            Some(extra) => url.set_query(Some(&format!("{query}&{extra}"))),
            None if !query.is_empty() => url.set_query(Some(query)),
            None => {}
        }
        Ok((url, headers))
    }

    /// The signer of this attempt: the fixed one, or one for the provider's current
    /// credentials (fetched, or refreshed near their expiry, by the provider's cache).
    async fn signer(&self, op: &OperationInfo) -> Result<Arc<Signer>, Error<GenericError>> {
        let inner = &*self.inner;
        let (provider, current) = match &inner.signers {
            Signers::Fixed(signer) => return Ok(signer.clone()),
            Signers::Anonymous(signer) if op.anonymous => return Ok(signer.clone()),
            Signers::Anonymous(_) => {
                return Err(Error::Credentials(CredentialsError::Anonymous { action: Some(op.action) }));
            }
            Signers::Provider { anonymous, .. } if op.anonymous => return Ok(anonymous.clone()),
            Signers::Provider { provider, current, .. } => (provider, current),
        };
        let (generation, credentials) = provider.current().await.map_err(Error::Credentials)?;
        let mut current = current.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((built_for, signer)) = &*current
            && *built_for == generation
        {
            return Ok(signer.clone());
        }
        let signer = Arc::new(self.new_signer(credentials)?);
        *current = Some((generation, signer.clone()));
        Ok(signer)
    }

    /// A signer of `credentials` with this client's settings.
    fn new_signer(&self, credentials: Credentials) -> Result<Signer, Error<GenericError>> {
        let inner = &*self.inner;
        let config = &inner.config;
        let signer = Signer::new(
            inner.service,
            credentials,
            config.region.as_deref(),
            config.language.as_deref(),
            &inner.endpoint.host,
            &inner.endpoint.path,
        )
        .map_err(|e| Error::Transport {
            endpoint: inner.base_url.clone(),
            source: Box::new(e),
        })?;
        Ok(signer.unsigned_payload(config.unsigned_payload))
    }

    fn transport_error(&self, err: reqwest::Error) -> Error<GenericError> {
        // reqwest's message ends with the request's whole URL, whose query holds an Alibaba
        // call's parameters (a password, an OIDC token, a SAML assertion); the error names the
        // endpoint instead, and is logged and shown.
        let err = err.without_url();
        let endpoint = self.inner.base_url.clone();
        let config = &self.inner.config;
        // reqwest is given only the connect timeout (the attempt's deadline is a timer around
        // `exchange`), so a timeout it reports is that one.
        if err.is_timeout() {
            return Error::Timeout {
                phase: TimeoutPhase::Connect,
                endpoint,
                after: config.connect_timeout,
                source: Box::new(err),
            };
        }
        if err.is_connect() {
            return Error::Connect {
                endpoint,
                source: Box::new(err),
            };
        }
        let source: BoxError = Box::new(err);
        if connection_closed(&*source) {
            Error::ConnectionClosed { endpoint, source }
        } else {
            Error::Transport { endpoint, source }
        }
    }
}

/// The operation enum's verdict on a code, as a plain function pointer.
fn retryable<E: OperationError>(code: &str, message: &str) -> bool {
    E::from_wire(code, message).is_retryable()
}

/// Whether the cause chain says the peer reset or closed the connection.
fn connection_closed(err: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    let mut current = Some(err);
    while let Some(e) = current {
        let io_closed = e.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            )
        });
        let hyper_closed = e
            .downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_incomplete_message() || h.is_canceled());
        if io_closed || hyper_closed {
            return true;
        }
        current = e.source();
    }
    false
}

/// A signed request that was not sent ([`Client::sign_json`]). Its `Display` (the HTTP request
/// as text) and `Debug` redact the signature in `Authorization` (a signed request can be
/// replayed until it expires), session tokens, and the values of parameters whose names say
/// they are secret (`Password`, `SAMLAssertion`, `OIDCToken`, ...) in the query and in the
/// JSON body, where the user's own input would otherwise be shown and logged; the access key
/// ID, which every request carries in the clear, is shown. The fields hold what would be sent.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The full URL, query included.
    pub url: String,
    /// Header names (lower case) and values, in the order they would be sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl SignedRequest {
    /// A header's value as shown: secrets replaced by `<redacted>`.
    pub fn shown_header(name: &str, value: &str) -> String {
        match name {
            "x-tc-token" | "x-acs-security-token" => "<redacted>".to_owned(),
            "authorization" => match value.find("Signature=") {
                Some(at) => format!("{}Signature=<redacted>", &value[..at]),
                None => "<redacted>".to_owned(),
            },
            _ => value.to_owned(),
        }
    }

    /// The URL as shown: the value of each query parameter with a part of its flattened name
    /// that says it is secret (`LoginSettings.Password`, `Passwords.1`) replaced by
    /// `<redacted>`.
    pub fn shown_url(&self) -> String {
        match self.url.split_once('?') {
            Some((base, query)) => format!("{base}?{}", shown_query(query)),
            None => self.url.clone(),
        }
    }

    /// The body as shown: the text as it would be sent, with the values (strings, numbers,
    /// lists, objects) of members whose names say they are secret replaced by `<redacted>`.
    pub fn shown_body(&self) -> String {
        response::redact_text(&String::from_utf8_lossy(&self.body))
    }
}

/// A query as shown: the value of each parameter with a part of its flattened name that says
/// it is secret (`Password`, `LoginSettings.Password`, `Passwords.1`, `SecretConfig.Value`)
/// replaced by `<redacted>`; names are matched as sent and percent-decoded.
///
/// A value sent as JSON text (ECS InvokeCommand's `Parameters={"dbPassword":"x"}`) has its
/// secret members redacted inside it, the JSON shown percent-encoded again.
pub(crate) fn shown_query(query: &str) -> String {
    let secret = |name: &str| {
        let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
        decoded.split('.').any(response::is_secret_name)
    };
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if secret(name) => format!("{name}=<redacted>"),
            Some((name, value)) => match redacted_json_text(value) {
                Some(shown) => format!("{name}={shown}"),
                None => pair.to_owned(),
            },
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A query value that is JSON text with a secret member in it, redacted and percent-encoded
/// again; `None` for any other value.
fn redacted_json_text(value: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8().ok()?;
    if !decoded.trim_start().starts_with(['{', '[']) {
        return None;
    }
    let mut json: serde_json::Value = serde_json::from_str(&decoded).ok()?;
    response::redact(&mut json)
        .then(|| percent_encoding::utf8_percent_encode(&json.to_string(), percent_encoding::NON_ALPHANUMERIC).to_string())
}

impl fmt::Display for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "POST {}", self.shown_url())?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {}", SignedRequest::shown_header(name, value))?;
        }
        writeln!(f)?;
        f.write_str(&self.shown_body())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> =
            self.headers.iter().map(|(n, v)| (n.as_str(), SignedRequest::shown_header(n, v))).collect();
        f.debug_struct("SignedRequest")
            .field("url", &self.shown_url())
            .field("headers", &headers)
            .field("body", &self.shown_body())
            .finish()
    }
}


/// The credentials of a signer that only anonymous operations use: they never sign and never
/// go out (an anonymous operation's headers carry no key and no token), so they are a
/// placeholder with no session token.
fn anonymous_credentials() -> Credentials {
    Credentials::new("anonymous", "")
}

#[cfg(test)]
mod signed_request_tests {
    use super::SignedRequest;

    /// What a dry run may show: the key ID and the signed header names, never the signature
    /// (replayable until it expires) or a session token.
    #[test]
    fn signatures_and_tokens_are_redacted() {
        let request = SignedRequest {
            url: "https://ecs.aliyuncs.com/?RegionId=cn-hangzhou".into(),
            headers: vec![
                ("x-acs-action".into(), "DescribeRegions".into()),
                ("x-acs-security-token".into(), "STS.TOKEN".into()),
                (
                    "authorization".into(),
                    "ACS3-HMAC-SHA256 Credential=LTAIEXAMPLE,SignedHeaders=host;x-acs-action,Signature=0123abcd".into(),
                ),
            ],
            body: Vec::new(),
        };
        let shown = request.to_string();
        assert_eq!(
            shown,
            "POST https://ecs.aliyuncs.com/?RegionId=cn-hangzhou\nx-acs-action: DescribeRegions\n\
             x-acs-security-token: <redacted>\n\
             authorization: ACS3-HMAC-SHA256 Credential=LTAIEXAMPLE,SignedHeaders=host;x-acs-action,Signature=<redacted>\n\n"
        );
        let debug = format!("{request:?}");
        assert!(!debug.contains("0123abcd") && !debug.contains("STS.TOKEN"), "{debug}");
        assert_eq!(SignedRequest::shown_header("authorization", "garbage"), "<redacted>");
    }

    /// The user's own secret parameters are not shown either: an Alibaba query's (flattened
    /// names too) and a Tencent body's, which is shown as it would be sent otherwise. Page
    /// and idempotency tokens are no secret.
    #[test]
    fn secret_parameters_are_redacted() {
        let query = SignedRequest {
            url: "https://sts.aliyuncs.com/?Action=AssumeRoleWithSAML&SAMLAssertion=PHNhbWw%2B&Format=json&\
                  LoginSettings.Password=hunter2&NextToken=page-2&ClientToken=idem-1"
                .into(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        assert_eq!(
            query.shown_url(),
            "https://sts.aliyuncs.com/?Action=AssumeRoleWithSAML&SAMLAssertion=<redacted>&Format=json&\
             LoginSettings.Password=<redacted>&NextToken=page-2&ClientToken=idem-1"
        );
        let body = SignedRequest {
            url: "https://cvm.tencentcloudapi.com/".into(),
            headers: Vec::new(),
            body: br#"{"InstanceIds":["ins-1"],"LoginSettings":{"Password":"hunter2","KeyIds":["skey-1"]},"NextToken":"t"}"#.to_vec(),
        };
        assert_eq!(
            body.shown_body(),
            r#"{"InstanceIds":["ins-1"],"LoginSettings":{"Password":"<redacted>","KeyIds":["skey-1"]},"NextToken":"t"}"#
        );
        for shown in [query.to_string(), format!("{query:?}"), body.to_string(), format!("{body:?}")] {
            assert!(!shown.contains("hunter2") && !shown.contains("PHNhbWw"), "{shown}");
        }
        assert_eq!(body.url, body.shown_url(), "a URL without a query is shown as it is");
    }

    /// Secrets in lists and objects, in flattened list names, under a secret parent and
    /// percent-encoded names are redacted too; a `Payload`'s `Debug` redacts as the shown
    /// request does.
    #[test]
    fn secrets_in_lists_objects_and_flattened_names_are_redacted() {
        let body = SignedRequest {
            url: "https://cvm.tencentcloudapi.com/".into(),
            headers: Vec::new(),
            body: br#"{"Passwords":["hunter2","x\"]y"],"SecretConfig":{"Value":"hunter3"},"Ids":["i-1"]}"#.to_vec(),
        };
        assert_eq!(body.shown_body(), r#"{"Passwords":"<redacted>","SecretConfig":"<redacted>","Ids":["i-1"]}"#);
        let query = "Action=X&Passwords.1=hunter2&SecretConfig.Value=hunter3&Login%2EPassword=hunter4&DataDisk.1.Size=40&NextToken=t";
        assert_eq!(
            super::shown_query(query),
            "Action=X&Passwords.1=<redacted>&SecretConfig.Value=<redacted>&Login%2EPassword=<redacted>&DataDisk.1.Size=40&NextToken=t"
        );
        let shown = format!("{:?} {:?}", crate::request::Payload::Query(query.into()), crate::request::Payload::Body(body.body.clone()));
        assert!(!shown.contains("hunter"), "{shown}");
        assert!(shown.contains("DataDisk.1.Size=40") && shown.contains("i-1"), "{shown}");
        // Inside a parameter sent as JSON text (ECS InvokeCommand's `Parameters`), and a secret
        // that is a number; JSON text without a secret is shown as sent.
        let json_text = "Action=InvokeCommand&Parameters=%7B%22dbPassword%22%3A%22hunter5%22%2C%22port%22%3A3306%7D&Other=%7B%22a%22%3A1%7D";
        let shown = super::shown_query(json_text);
        assert!(!shown.contains("hunter5") && shown.contains("Other=%7B%22a%22%3A1%7D"), "{shown}");
        let decoded = percent_encoding::percent_decode_str(&shown).decode_utf8_lossy().into_owned();
        assert!(decoded.contains(r#""dbPassword":"<redacted>""#) && decoded.contains(r#""port":3306"#), "{decoded}");
        assert_eq!(crate::response::redact_text(r#"{"Password": 123456, "Port": 22}"#), r#"{"Password": "<redacted>", "Port": 22}"#);
    }
}
