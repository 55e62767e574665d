//! Errors a call can end with. Every variant is distinct so callers (and the retry loop) can
//! tell "the service said no" from "we never reached it" from "we cannot read its answer".

use std::fmt;
use std::time::Duration;

use crate::service::{OperationError, code_in_classes};
use crate::validation::ValidationError;

/// A boxed transport-level cause (kept opaque so the HTTP stack is not part of the API).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Common throttling code classes of both clouds; a code in one of them is retried even
/// when an operation's error enum does not list it.
pub const THROTTLING_CODES: &[&str] = &["RequestLimitExceeded", "Throttling"];

/// How a call failed. `E` is the operation's generated error enum.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request breaks a documented rule; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(#[from] ValidationError),
    /// The service answered with an error code.
    #[error(transparent)]
    Service(ServiceError<E>),
    /// Connecting, waiting for the complete response of one attempt, or the whole call
    /// (see [`TimeoutPhase`]) took too long.
    #[error("{phase} to {endpoint} timed out after {after:?}")]
    Timeout {
        phase: TimeoutPhase,
        endpoint: String,
        after: Duration,
        source: BoxError,
    },
    /// No connection could be made (refused, DNS, TLS); the request was not sent.
    #[error("cannot connect to {endpoint}: {source}")]
    Connect { endpoint: String, source: BoxError },
    /// The connection was reset or closed before a response arrived; the request may have
    /// been processed.
    #[error("connection to {endpoint} was reset or closed before a response: {source}")]
    ConnectionClosed { endpoint: String, source: BoxError },
    /// The response body ended before its announced length (or failed mid-way).
    #[error(
        "response body truncated (HTTP {status}): received {received} bytes{}",
        expected.map(|n| format!(" of {n}")).unwrap_or_default()
    )]
    TruncatedBody {
        status: u16,
        expected: Option<u64>,
        received: u64,
        source: BoxError,
    },
    /// The endpoint answered with a redirect (3xx). Redirects are never followed: following
    /// one would re-send the signed headers, the session token (`X-TC-Token`,
    /// `x-acs-security-token`) and the body to the `Location` host, and 301/302 would turn the
    /// POST into a body-less GET that may "succeed". Not retried; the official SDKs and curl
    /// (without `-L`) do the same. Usually a wrong `endpoint` or a proxy in the way.
    #[error(
        "HTTP {status} redirect from {endpoint} {}; redirects are not followed, so credentials are not sent to another host",
        location.as_deref().map_or_else(|| "without a Location".to_owned(), |l| format!("to {l}"))
    )]
    Redirect {
        status: u16,
        /// The `Location` header as received (non-ASCII bytes replaced), when there was one.
        location: Option<String>,
        endpoint: String,
    },
    /// The response body is larger than [`crate::ConfigBuilder::max_response_bytes`]:
    /// refused from its `Content-Length` before reading (`received` 0), or while streaming
    /// as soon as the bytes received exceed the limit. Not retried (the same answer would
    /// come back).
    #[error(
        "response from {endpoint} (HTTP {status}) is larger than the {limit}-byte limit: {}",
        match content_length {
            Some(n) if *received == 0 => format!("Content-Length is {n}"),
            _ => format!("received {received} bytes"),
        }
    )]
    ResponseTooLarge {
        status: u16,
        /// The configured `max_response_bytes`.
        limit: u64,
        /// The announced `Content-Length`, when there was one.
        content_length: Option<u64>,
        /// Bytes received before giving up (at most `limit` plus one chunk); the client
        /// never buffers more than `limit`.
        received: u64,
        endpoint: String,
    },
    /// Any other transport failure.
    #[error("transport error talking to {endpoint}: {source}")]
    Transport { endpoint: String, source: BoxError },
    /// The body is not the JSON the envelope promises.
    #[error("malformed response (HTTP {status}): {reason}; body: {body:?}")]
    MalformedResponse {
        status: u16,
        request_id: Option<String>,
        reason: String,
        body: String,
    },
    /// A status and body that are not an API answer at all, e.g. a gateway's HTML page.
    #[error(
        "unexpected HTTP {status} response{}; body: {body:?}",
        content_type.as_deref().map(|c| format!(" ({c})")).unwrap_or_default()
    )]
    UnexpectedResponse {
        status: u16,
        content_type: Option<String>,
        body: String,
        /// The server's wait hint (`Retry-After`), read for an HTTP 429: throttling is retried
        /// whatever the body is, a gateway's page included.
        retry_after: Option<std::time::Duration>,
    },
    /// No credentials could be had for this call (a provider of expiring credentials
    /// failed); nothing was sent.
    #[error(transparent)]
    Credentials(crate::credentials::CredentialsError),
    /// The per-call options break a rule (e.g. a zero timeout); nothing was sent.
    #[error("invalid call options: {0}")]
    InvalidCallOptions(#[source] crate::config::ConfigError),
    /// The request could not be serialised (e.g. it is not a JSON object).
    #[error("cannot serialise the request: {0}")]
    Serialize(#[source] serde_json::Error),
    /// A client built by [`crate::mock::Mock`] was called and none of the mock's rules
    /// answered the call; nothing was sent (feature `test-util`).
    #[cfg(feature = "test-util")]
    #[error(transparent)]
    Mock(crate::mock::MockError),
    /// A paginator was made for an operation without paging data ([`crate::Paginator::new`]);
    /// nothing was sent.
    #[error("cannot page through {action}: {reason}")]
    Paging { action: &'static str, reason: String },
}

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Establishing the connection (the request was not sent).
    Connect,
    /// The whole attempt: sending, waiting for and reading the response.
    Attempt,
    /// The whole call (the operation timeout): every attempt, the back-off between them and
    /// the rate limiter's waits. An attempt may have been under way, so the request may have
    /// been processed.
    Operation,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::Attempt => "request",
            TimeoutPhase::Operation => "call",
        })
    }
}

/// An error code returned by the service.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServiceError<E> {
    /// `E::from_wire(code, message)`; `kind.code()` is the wire code.
    pub kind: E,
    pub message: String,
    pub request_id: Option<String>,
    /// HTTP status (Tencent answers errors with 200).
    pub http_status: u16,
    /// Server hint: Alibaba `x-acs-retry-after` (milliseconds) or `Retry-After` (seconds).
    pub retry_after: Option<Duration>,
    /// What Alibaba adds to diagnose an error ([`ServiceError::recommend`],
    /// [`ServiceError::access_denied_detail`]); boxed, as most errors have none and every
    /// `Result` of a call carries the error's size.
    pub(crate) diagnosis: Option<Box<Diagnosis>>,
}

/// Alibaba's diagnosis members of an error answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Diagnosis {
    pub(crate) recommend: Option<String>,
    pub(crate) access_denied_detail: Option<String>,
}

impl<E: OperationError> ServiceError<E> {
    /// The error the service answers with `code` and `message`, as a test double or a
    /// hand-written implementation would return it: `kind` is `E::from_wire(code, message)`,
    /// exactly as for a real answer, so an undocumented code becomes the enum's `Unknown`.
    /// No request id, no retry hint and HTTP 400 until set with the `with_*` methods
    /// (Tencent answers errors with 200, Alibaba with 4xx/5xx; only 429 changes
    /// [`ServiceError::is_throttling`]).
    ///
    /// ```
    /// use cloudpage_runtime::{Error, GenericError, ServiceError};
    ///
    /// let err: Error<GenericError> = ServiceError::from_code("ResourceNotFound.InvocationNotFound", "no such invocation")
    ///     .with_request_id("req-1")
    ///     .into();
    /// assert_eq!(err.request_id(), Some("req-1"));
    /// assert_eq!(err.service_error().map(ServiceError::code), Some("ResourceNotFound.InvocationNotFound"));
    /// ```
    pub fn from_code(code: &str, message: impl Into<String>) -> Self {
        ServiceError::new(code, message.into(), None, 400, None)
    }

    /// [`ServiceError::from_code`] for a variant already chosen (`kind.code()` is the wire
    /// code), e.g. `ServiceError::from_kind(CancelInvocationError::InternalError, "boom")`.
    pub fn from_kind(kind: E, message: impl Into<String>) -> Self {
        ServiceError {
            kind,
            message: message.into(),
            request_id: None,
            http_status: 400,
            retry_after: None,
            diagnosis: None,
        }
    }

    /// The same error with the answer's request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The same error with the answer's HTTP status.
    pub fn with_http_status(mut self, http_status: u16) -> Self {
        self.http_status = http_status;
        self
    }

    /// The same error with Alibaba's troubleshooting link ([`ServiceError::recommend`]).
    pub fn with_recommend(mut self, link: impl Into<String>) -> Self {
        self.diagnosis.get_or_insert_with(Default::default).recommend = Some(link.into());
        self
    }

    /// The same error with Alibaba's `AccessDeniedDetail` ([`ServiceError::access_denied_detail`]).
    pub fn with_access_denied_detail(mut self, detail: impl Into<String>) -> Self {
        self.diagnosis.get_or_insert_with(Default::default).access_denied_detail = Some(detail.into());
        self
    }

    /// Alibaba's `Recommend`: a link to the troubleshooting page for this code and request.
    pub fn recommend(&self) -> Option<&str> {
        self.diagnosis.as_ref()?.recommend.as_deref()
    }

    /// Alibaba's `AccessDeniedDetail` when RAM denied the call (the action checked, the
    /// principal, the kind of policy that denied it), as the JSON text of the answer's object.
    pub fn access_denied_detail(&self) -> Option<&str> {
        self.diagnosis.as_ref()?.access_denied_detail.as_deref()
    }

    /// The same error with the server's retry hint (`x-acs-retry-after` / `Retry-After`).
    pub fn with_retry_after(mut self, retry_after: Duration) -> Self {
        self.retry_after = Some(retry_after);
        self
    }

    pub(crate) fn new(
        code: &str,
        message: String,
        request_id: Option<String>,
        http_status: u16,
        retry_after: Option<Duration>,
    ) -> Self {
        ServiceError {
            kind: E::from_wire(code, &message),
            message,
            request_id,
            http_status,
            retry_after,
            diagnosis: None,
        }
    }

    /// The wire code, e.g. `ResourceNotFound.InvocationNotFound`.
    pub fn code(&self) -> &str {
        self.kind.code()
    }

    /// Throttling: the operation's enum says retryable, the code is in a common throttling
    /// class, or the status is 429.
    pub fn is_throttling(&self) -> bool {
        is_throttling(self.kind.is_retryable(), self.code(), self.http_status)
    }
}

pub(crate) fn is_throttling(retryable: bool, code: &str, http_status: u16) -> bool {
    retryable || code_in_classes(code, THROTTLING_CODES) || http_status == 429
}

impl<E: OperationError> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (HTTP {}",
            self.code(),
            self.message,
            self.http_status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl<E: OperationError> std::error::Error for ServiceError<E> {}

/// `Error::Service(e)`: so a hand-written double can return `Err(service_error.into())`.
impl<E> From<ServiceError<E>> for Error<E> {
    fn from(error: ServiceError<E>) -> Self {
        Error::Service(error)
    }
}

impl<E> Error<E> {
    /// The service's error, when it answered with one.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The request id of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::MalformedResponse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the request provably never reached the server (so retrying is always safe).
    pub fn is_not_sent(&self) -> bool {
        #[cfg(feature = "test-util")]
        if let Error::Mock(_) = self {
            return true;
        }
        matches!(
            self,
            Error::Validation(_)
                | Error::Serialize(_)
                | Error::Paging { .. }
                | Error::InvalidCallOptions(_)
                | Error::Credentials(_)
                | Error::Connect { .. }
                | Error::Timeout {
                    phase: TimeoutPhase::Connect,
                    ..
                }
        )
    }

    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl Error<GenericError> {
    /// The same error with the service's code mapped to the operation's enum.
    pub fn with_kind<E: OperationError>(self) -> Error<E> {
        match self {
            Error::Service(e) => Error::Service(ServiceError {
                kind: E::from_wire(e.code(), &e.message),
                message: e.message,
                request_id: e.request_id,
                http_status: e.http_status,
                retry_after: e.retry_after,
                diagnosis: e.diagnosis,
            }),
            Error::Validation(e) => Error::Validation(e),
            Error::Timeout {
                phase,
                endpoint,
                after,
                source,
            } => Error::Timeout {
                phase,
                endpoint,
                after,
                source,
            },
            Error::Connect { endpoint, source } => Error::Connect { endpoint, source },
            Error::ConnectionClosed { endpoint, source } => {
                Error::ConnectionClosed { endpoint, source }
            }
            Error::TruncatedBody {
                status,
                expected,
                received,
                source,
            } => Error::TruncatedBody {
                status,
                expected,
                received,
                source,
            },
            Error::Redirect {
                status,
                location,
                endpoint,
            } => Error::Redirect {
                status,
                location,
                endpoint,
            },
            Error::ResponseTooLarge {
                status,
                limit,
                content_length,
                received,
                endpoint,
            } => Error::ResponseTooLarge {
                status,
                limit,
                content_length,
                received,
                endpoint,
            },
            Error::Transport { endpoint, source } => Error::Transport { endpoint, source },
            Error::MalformedResponse {
                status,
                request_id,
                reason,
                body,
            } => Error::MalformedResponse {
                status,
                request_id,
                reason,
                body,
            },
            Error::UnexpectedResponse {
                status,
                content_type,
                body,
                retry_after,
            } => Error::UnexpectedResponse {
                status,
                content_type,
                body,
                retry_after,
            },
            Error::Serialize(e) => Error::Serialize(e),
            Error::Paging { action, reason } => Error::Paging { action, reason },
            Error::InvalidCallOptions(e) => Error::InvalidCallOptions(e),
            Error::Credentials(e) => Error::Credentials(e),
            #[cfg(feature = "test-util")]
            Error::Mock(e) => Error::Mock(e),
        }
    }
}

/// An [`OperationError`] for callers without a generated enum (e.g. a CLI calling any
/// operation through `Client::call_json`): it keeps the wire code (the message and request id
/// are beside it in [`ServiceError`], as for every operation error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericError {
    pub code: String,
}

impl fmt::Display for GenericError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl OperationError for GenericError {
    fn from_wire(code: &str, _message: &str) -> Self {
        GenericError {
            code: code.to_owned(),
        }
    }

    fn code(&self) -> &str {
        &self.code
    }

    fn is_retryable(&self) -> bool {
        code_in_classes(&self.code, THROTTLING_CODES)
    }
}
