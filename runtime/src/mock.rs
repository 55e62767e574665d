//! Answering a client's calls in unit tests, without a socket (feature `test-util`).
//!
//! Code that uses a generated client is tested by giving it a client whose answers are
//! written in the test. A [`Mock`] holds rules per operation; [`Mock::client`] builds a
//! runtime [`Client`] that asks the mock instead of the network (a generated service client
//! wraps it with its `from_runtime`). Everything of a call that does not need the network
//! still runs, so a test sees what production code sees:
//!
//! - the generated method's `validate()` (and [`OperationInfo::validate_json`] for
//!   [`Client::call_json`]), the per-call options' checks, and the request encoding with its
//!   errors and the region parameter filled from the client's region;
//! - the answer is written in the service's [`Envelope`](crate::Envelope) wire form
//!   (`{"Response": {..}}` for Tencent, the bare object or a 4xx body for Alibaba RPC) and
//!   read back by the same envelope parser and typed decoding as a received answer: an output
//!   that does not fit the response type is [`Error::MalformedResponse`], and an error rule's
//!   code arrives as [`Error::Service`] with the operation's own error enum, exactly as from
//!   the cloud.
//!
//! Nothing is signed or sent; the configured endpoint is never contacted. A mocked call is
//! one attempt whose answer is final: no retries (a throttling answer comes back as the
//! error, so tests of error handling are fast and deterministic), no rate-limit waits and no
//! timeouts. A mocked client reads no credentials; [`Client::sign_json`] signs with the
//! placeholder key ID [`PLACEHOLDER_ACCESS_KEY_ID`] (and a placeholder secret).
//!
//! Rules are tried in the order they were added; the first rule of the called operation
//! whose parameter matchers all accept the call and which has an answer left answers it. A
//! rule's answers are a sequence: each answers once (or [`Rule::times`] times) before the
//! next, and the last one answers every further call unless `times` limits it, after which
//! the rule is exhausted and later rules are tried. A call no rule answers is
//! [`Error::Mock`] ([`MockError`], naming the operation), never a panic. Every call that got
//! past validation is recorded ([`Mock::calls`]), answered or not.
//!
//! [`Mock`] shows a whole test.
//!
//! [`Error::Mock`]: crate::Error::Mock
//! [`Error::Service`]: crate::Error::Service
//! [`Error::MalformedResponse`]: crate::Error::MalformedResponse

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use crate::client::Client;
use crate::config::{Config, ConfigError};
use crate::error::{Error, GenericError};
use crate::json::{self, JsonEncode};
use crate::response::{self, RawResponse, Success};
use crate::service::{OperationInfo, ServiceInfo};

/// The access key ID of a mocked client (it reads no credentials); shown by
/// [`Client::sign_json`], so a signed request of a mock is recognisable as one.
pub const PLACEHOLDER_ACCESS_KEY_ID: &str = "MOCK-ACCESS-KEY-ID";

/// The secret that goes with [`PLACEHOLDER_ACCESS_KEY_ID`]: not a secret, only something to
/// sign with.
pub(crate) const PLACEHOLDER_SECRET: &str = "mock-secret";

/// Rules that answer calls, and the calls made. Cheap to clone: clones share the rules and
/// the record, so a test keeps one to add rules and read calls while its clients use others.
/// `Send + Sync`; calls from several tasks are answered one rule step at a time.
///
/// ```
/// use cloudpage_runtime::mock::Mock;
/// use cloudpage_runtime::{
///     Cloud, Endpoints, Envelope, Error, GenericError, OperationInfo, ServiceInfo, Signing,
/// };
/// use serde_json::{Value, json};
///
/// // What generated code declares for a service and an operation.
/// static TAT: ServiceInfo = ServiceInfo {
///     cloud: Cloud::Tencent,
///     name: "tat",
///     version: "2020-10-28",
///     endpoints: Endpoints {
///         default: "tat.tencentcloudapi.com",
///         intl: None,
///         regional: None,
///         finance: None,
///         finance_regions: &[],
///     },
///     signing: Signing::Tc3HmacSha256,
///     envelope: Envelope::TencentResponse,
/// };
/// static CANCEL_INVOCATION: OperationInfo = OperationInfo {
///     service: &TAT,
///     action: "CancelInvocation",
///     rate_limit_per_second: Some(20),
///     region_parameter: None,
///     paging: None,
///     validate_json: cloudpage_runtime::validation::accept_any_json,
///     anonymous: false,
/// };
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = Mock::new();
/// mock.on(&CANCEL_INVOCATION)
///     .match_params(|params| params["InvocationId"] == "inv-gone")
///     .then_error("ResourceNotFound.InvocationNotFound", "No execution activity found.")
///     .request_id("req-404");
/// // Any other invocation: a success (a generated response struct works the same way).
/// mock.on(&CANCEL_INVOCATION).then_output(json!({"RequestId": "req-ok"}));
/// let client = mock.client(&TAT)?; // `tat::Client::from_runtime(client)` for a generated one
///
/// let ok = client
///     .call::<_, Value, GenericError>(&CANCEL_INVOCATION, &json!({"InvocationId": "inv-1"}))
///     .await?;
/// assert_eq!(ok, json!({"RequestId": "req-ok"}));
///
/// let err = client
///     .call::<_, Value, GenericError>(&CANCEL_INVOCATION, &json!({"InvocationId": "inv-gone"}))
///     .await
///     .unwrap_err();
/// let Error::Service(e) = err else { panic!("{err}") };
/// assert_eq!(e.code(), "ResourceNotFound.InvocationNotFound");
/// assert_eq!(e.request_id.as_deref(), Some("req-404"));
///
/// // What was called, for assertions on requests.
/// let calls = mock.calls_to(&CANCEL_INVOCATION);
/// assert_eq!(calls[1].params, json!({"InvocationId": "inv-gone"}));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    rules: Vec<Arc<RuleState>>,
    calls: Vec<Call>,
}

/// A predicate on a call's parameters.
type Matcher = Box<dyn Fn(&Value) -> bool + Send + Sync>;

struct RuleState {
    op: &'static OperationInfo,
    /// All must accept the parameters. Fixed once the rule is added, so they run without a
    /// lock held (a matcher may read the mock).
    matchers: Vec<Matcher>,
    steps: Mutex<VecDeque<Step>>,
    /// Calls this rule answered.
    answered: AtomicU64,
}

/// One answer of a rule's sequence.
#[derive(Debug)]
struct Step {
    answer: Answer,
    /// How many calls it answers; `None`: once, or every call when it is the last step.
    times: Option<u64>,
    used: u64,
}

/// An answer, before it is put in the envelope of the called operation's service.
#[derive(Debug, Clone)]
struct Answer {
    body: Body,
    request_id: Option<String>,
    /// `None`: 200 for an output or raw body, the envelope's usual status for an error.
    http_status: Option<u16>,
    retry_after: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Body {
    /// The success object.
    Output(Value),
    Error { code: String, message: String },
    /// Bytes as they are, without the envelope.
    Raw(Vec<u8>),
}

impl Answer {
    fn new(body: Body) -> Answer {
        Answer {
            body,
            request_id: None,
            http_status: None,
            retry_after: None,
        }
    }

    fn output(output: &(impl JsonEncode + ?Sized)) -> Answer {
        let text = json::to_json_vec(output);
        Answer::new(match serde_json::from_slice(&text) {
            Ok(value) => Body::Output(value),
            // Nested deeper than the JSON parser accepts: as received from a server, the
            // client's parser refuses it (`Error::MalformedResponse`).
            Err(_) => Body::Raw(text),
        })
    }

    /// The answer as `op`'s service would send it.
    fn raw(&self, op: &OperationInfo) -> RawResponse {
        let envelope = op.service.envelope;
        let request_id = self.request_id.as_deref();
        let (usual, content_type, body) = match &self.body {
            Body::Output(output) => {
                (200, Some("application/json"), envelope.success_body(output.clone(), request_id))
            }
            Body::Error { code, message } => {
                let (usual, body) = envelope.error_answer(code, message, request_id);
                (usual, Some("application/json"), body)
            }
            Body::Raw(body) => (200, None, body.clone()),
        };
        RawResponse {
            status: self.http_status.unwrap_or(usual),
            content_type: content_type.map(str::to_owned),
            retry_after: self.retry_after,
            body,
        }
    }
}

/// The mock's state stays usable after a panic elsewhere (a failed assertion in a matcher
/// of another task): it is plain data, never left half-updated.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Mock {
    /// A mock without rules: every call is [`Error::Mock`] until rules are added.
    pub fn new() -> Mock {
        Mock::default()
    }

    /// Starts a rule for calls of `op`; it is added by one of the builder's `then_*`
    /// methods.
    pub fn on(&self, op: &'static OperationInfo) -> RuleBuilder {
        RuleBuilder {
            mock: self.clone(),
            op,
            matchers: Vec::new(),
        }
    }

    /// A client of `service` answered by this mock, with the default configuration (no
    /// region). Fails only when `service`'s own data cannot make a request (e.g. a default
    /// domain that is not a host name).
    pub fn client(&self, service: &'static ServiceInfo) -> Result<Client, ConfigError> {
        self.client_with(service, Config::builder().build()?)
    }

    /// A client of `service` answered by this mock, with `config`: its region fills region
    /// parameters and is checked like a real client's; its credentials are never read and its
    /// endpoint never contacted. Fails as [`Client::new`] fails on invalid settings.
    pub fn client_with(
        &self,
        service: &'static ServiceInfo,
        config: Config,
    ) -> Result<Client, ConfigError> {
        Client::mocked(service, config, self.clone())
    }

    /// Every call that reached the mock, in order (answered or not).
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.state).calls.clone()
    }

    /// The calls of `op`, in order.
    pub fn calls_to(&self, op: &OperationInfo) -> Vec<Call> {
        lock(&self.state)
            .calls
            .iter()
            .filter(|call| call.operation == op)
            .cloned()
            .collect()
    }

    /// Answers a call of `op` with `request`, as a mocked [`Client`] asks: the parameters as
    /// the envelope sends them (`region` filling `op`'s region parameter), the matching rule's
    /// answer in the envelope's wire form, read by the same parser as a received answer.
    pub(crate) fn call<R: JsonEncode + ?Sized>(
        &self,
        op: &'static OperationInfo,
        request: &R,
        region: Option<&str>,
    ) -> Result<Success, Error<GenericError>> {
        let envelope = op.service.envelope;
        let fill = op.region_parameter.zip(region);
        let params = envelope.params_json(request, fill).map_err(Error::Serialize)?;
        let raw = self.answer(op, params).map_err(Error::Mock)?;
        response::parse(envelope, &raw)
    }

    fn answer(&self, op: &'static OperationInfo, params: Value) -> Result<RawResponse, MockError> {
        // The rules are copied out so that matchers run without the lock.
        let rules: Vec<Arc<RuleState>> = {
            let mut state = lock(&self.state);
            state.calls.push(Call {
                operation: op,
                params: params.clone(),
            });
            state.rules.iter().filter(|rule| rule.op == op).cloned().collect()
        };
        let mut exhausted = 0;
        for rule in &rules {
            if !rule.matchers.iter().all(|accepts| accepts(&params)) {
                continue;
            }
            match rule.take() {
                Some(answer) => {
                    rule.answered.fetch_add(1, Ordering::Relaxed);
                    return Ok(answer.raw(op));
                }
                None => exhausted += 1,
            }
        }
        Err(MockError {
            service: op.service.name,
            action: op.action,
            rules: rules.len(),
            exhausted,
        })
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("Mock")
            .field("rules", &state.rules)
            .field("calls", &state.calls.len())
            .finish()
    }
}

impl fmt::Debug for RuleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("service", &self.op.service.name)
            .field("action", &self.op.action)
            .field("matchers", &self.matchers.len())
            .field("steps", &*lock(&self.steps))
            .field("answered", &self.answered.load(Ordering::Relaxed))
            .finish()
    }
}

impl RuleState {
    /// The next answer of the sequence, if one is left.
    fn take(&self) -> Option<Answer> {
        let mut steps = lock(&self.steps);
        loop {
            let last = steps.len() == 1;
            let step = steps.front_mut()?;
            let limit = step.times.or(if last { None } else { Some(1) });
            if limit.is_none_or(|limit| step.used < limit) {
                step.used += 1;
                return Some(step.answer.clone());
            }
            if last {
                // Kept: an answer added later continues the sequence.
                return None;
            }
            steps.pop_front();
        }
    }

    fn push(&self, answer: Answer) {
        lock(&self.steps).push_back(Step {
            answer,
            times: None,
            used: 0,
        });
    }

    /// Changes the last answer added.
    fn last(&self, change: impl FnOnce(&mut Step)) {
        if let Some(step) = lock(&self.steps).back_mut() {
            change(step);
        }
    }
}

/// A rule being written: which calls of its operation it answers ([`RuleBuilder::match_params`]).
/// One of the `then_*` methods adds it to the mock, with its first answer.
#[must_use = "a rule is added to the mock by one of its `then_*` methods"]
pub struct RuleBuilder {
    mock: Mock,
    op: &'static OperationInfo,
    matchers: Vec<Matcher>,
}

impl fmt::Debug for RuleBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("service", &self.op.service.name)
            .field("action", &self.op.action)
            .field("matchers", &self.matchers.len())
            .finish_non_exhaustive()
    }
}

impl RuleBuilder {
    /// Answers only calls whose parameters `accepts`: the request as JSON with its wire
    /// names, as the envelope sends it (`{"InvocationId": "inv-1", "InstanceIds": [..]}`;
    /// for Alibaba RPC before flattening, with the region parameter filled). Several
    /// matchers must all accept.
    pub fn match_params(mut self, accepts: impl Fn(&Value) -> bool + Send + Sync + 'static) -> Self {
        self.matchers.push(Box::new(accepts));
        self
    }

    /// Adds the rule, answering with `output` as the success object (a generated response
    /// struct, or any [`JsonEncode`] value such as a `serde_json::Value`). The answer carries
    /// the `RequestId` that `output` has, or [`Rule::request_id`]'s.
    pub fn then_output(self, output: impl JsonEncode) -> Rule {
        self.add(Answer::output(&output))
    }

    /// Adds the rule, answering with the service error `code` and `message` (no request id,
    /// and the envelope's usual status: 200 for Tencent, 400 for Alibaba RPC, unless set on
    /// the returned [`Rule`]).
    pub fn then_error(self, code: &str, message: impl Into<String>) -> Rule {
        self.add(Answer::new(Body::Error {
            code: code.to_owned(),
            message: message.into(),
        }))
    }

    /// Adds the rule, answering with `body` as it is, without the envelope, HTTP 200 and no
    /// `Content-Type` unless changed: for answers no server should give (a gateway's HTML
    /// page, truncated JSON, a missing `Response`).
    pub fn then_raw(self, body: impl Into<Vec<u8>>) -> Rule {
        self.add(Answer::new(Body::Raw(body.into())))
    }

    fn add(self, first: Answer) -> Rule {
        let state = Arc::new(RuleState {
            op: self.op,
            matchers: self.matchers,
            steps: Mutex::new(VecDeque::new()),
            answered: AtomicU64::new(0),
        });
        state.push(first);
        lock(&self.mock.state).rules.push(state.clone());
        Rule { state }
    }
}

/// A rule added to a mock: its answers so far. The methods that take `self` extend or change
/// the rule in the mock (the handle is shared with it), so they can follow the `then_*` that
/// added it in one expression; the handle can also be kept to read [`Rule::num_calls`].
#[derive(Clone)]
pub struct Rule {
    state: Arc<RuleState>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.state.fmt(f)
    }
}

impl Rule {
    /// Then answers with `output` (see [`RuleBuilder::then_output`]).
    pub fn then_output(self, output: impl JsonEncode) -> Rule {
        self.state.push(Answer::output(&output));
        self
    }

    /// Then answers with an error (see [`RuleBuilder::then_error`]).
    pub fn then_error(self, code: &str, message: impl Into<String>) -> Rule {
        self.state.push(Answer::new(Body::Error {
            code: code.to_owned(),
            message: message.into(),
        }));
        self
    }

    /// Then answers with `body` as it is (see [`RuleBuilder::then_raw`]).
    pub fn then_raw(self, body: impl Into<Vec<u8>>) -> Rule {
        self.state.push(Answer::new(Body::Raw(body.into())));
        self
    }

    /// The last answer answers `n` calls, then the next answer does; when it is the rule's
    /// last, the rule is exhausted after `n` calls and later rules are tried. `0` skips it.
    pub fn times(self, n: u32) -> Rule {
        self.state.last(|step| step.times = Some(u64::from(n)));
        self
    }

    /// The last answer carries `request_id` (for an output, its `RequestId` member is
    /// replaced). No effect on a raw body.
    pub fn request_id(self, request_id: impl Into<String>) -> Rule {
        let request_id = request_id.into();
        self.state.last(|step| step.answer.request_id = Some(request_id));
        self
    }

    /// The last answer's HTTP status. Read as on the wire: an Alibaba RPC error with a 2xx
    /// status is a success, a Tencent output with a 5xx status is an unexpected answer.
    pub fn http_status(self, status: u16) -> Rule {
        self.state.last(|step| step.answer.http_status = Some(status));
        self
    }

    /// The last answer's retry hint, as if sent in `x-acs-retry-after` or `Retry-After`
    /// (becomes [`ServiceError::retry_after`](crate::ServiceError::retry_after)).
    pub fn retry_after(self, after: Duration) -> Rule {
        self.state.last(|step| step.answer.retry_after = Some(after));
        self
    }

    /// How many calls this rule answered.
    pub fn num_calls(&self) -> u64 {
        self.state.answered.load(Ordering::Relaxed)
    }

    /// Whether every answer of the rule has been given as often as set, so it answers no
    /// more calls (never, while its last answer has no [`Rule::times`]).
    pub fn is_exhausted(&self) -> bool {
        let steps = lock(&self.state.steps);
        match (steps.len(), steps.front()) {
            (1, Some(step)) => step.times.is_some_and(|limit| step.used >= limit),
            _ => false,
        }
    }
}

/// A call that reached a mock: what a real client would have sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call {
    pub operation: &'static OperationInfo,
    /// The request as JSON with its wire names, as the rules' matchers saw it (see
    /// [`RuleBuilder::match_params`]).
    pub params: Value,
}

impl Call {
    /// The wire action, e.g. `CancelInvocation`.
    pub fn action(&self) -> &'static str {
        self.operation.action
    }
}

/// No rule of the mock answered a call: it has no rule for the operation, or none whose
/// matchers accepted the parameters and which had an answer left. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error(
    "no mock rule matched the call of {action} ({service}): {}",
    match (rules, exhausted) {
        (0, _) => "the mock has no rule for this operation (add one with `Mock::on`)".to_owned(),
        (rules, 0) => format!("none of its {rules} rule(s) accepted the parameters (see `Mock::calls`)"),
        (rules, exhausted) => format!("of its {rules} rule(s), {exhausted} accepted the parameters but had no answer left"),
    }
)]
pub struct MockError {
    /// The service's short name, e.g. `tat`.
    pub service: &'static str,
    /// The wire action, e.g. `CancelInvocation`.
    pub action: &'static str,
    /// How many rules the mock has for the operation.
    pub rules: usize,
    /// How many of them accepted the parameters but were exhausted.
    pub exhausted: usize,
}
