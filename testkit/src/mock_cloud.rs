//! A mock cloud for tests: a hyper HTTP/1.1 server on 127.0.0.1 that plays the Tencent Cloud
//! API 3.0 and Alibaba Cloud RPC (ACS3) front doors.
//!
//! * Every request's signature is recomputed from the received method, host, path, query,
//!   headers and body with the runtime's public signers (`cloudpage_runtime::signing::tc3` /
//!   `acs3`) and the secret the mock knows for the key id; mismatches get the clouds' real
//!   answers: Tencent `AuthFailure.SignatureFailure` in an HTTP 200 envelope, Alibaba
//!   `SignatureDoesNotMatch` with HTTP 400 (and `AuthFailure.SecretIdNotFound` /
//!   `InvalidAccessKeyId.NotFound` 404 for unknown keys, `SignatureNonceUsed` for a reused
//!   Alibaba nonce, `AuthFailure.SignatureExpire` for a skewed Tencent clock).
//! * Authenticated requests get the operation's canned answer (success, or any error code and
//!   status), after the checks a real front door makes (`MissingParameter`, item limits).
//! * Faults by rule, like `shared/peer/mock_cloud.py`: HTTP 500, any status, throttling,
//!   internal error, malformed JSON, truncated body, slow answer, TCP reset, close.
//! * Every API request is logged with its wall-clock second, so tests count attempts and
//!   per-second rates server-side.
//!
//! Used by the integration tests (`tests/tests/*.rs`) and the CLI tests of the generated
//! crate (`generated/tests/cli.rs`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use cloudpage_runtime::Credentials;
use cloudpage_runtime::signing::{self, RequestParts};
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The key pairs the mock accepts (the same fake keys as `shared/peer/mock_cloud.py`).
pub const TC_ID: &str = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001";
pub const TC_SECRET: &str = "TCEXAMPLESECRETKEYEXAMPLEKEY0001";
pub const ALI_ID: &str = "LTAIEXAMPLEACCESSKEY01";
pub const ALI_SECRET: &str = "ALIEXAMPLESECRETEXAMPLESECRET01";

/// Keys of the four seed operations: `<cloud>:<service>:<Action>`.
pub const TAT_CANCEL: &str = "tencent:tat:CancelInvocation";
pub const DTS_DELETE: &str = "tencent:dts:DeleteMigrateJob";
pub const BATCH_TERMINATE: &str = "tencent:batch:TerminateJob";
pub const SMC_DELETE: &str = "alibaba:smc:DeleteSourceServer";

const TC_SIGNATURE_MESSAGE: &str =
    "The provided credentials could not be validated. Please check your signature is correct.";
/// Tencent's allowed clock skew.
const TC_MAX_SKEW_S: i64 = 300;

/// What an authenticated request of an operation gets.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Success with these fields (a `RequestId` is added).
    Success(Value),
    /// An error code: Tencent always in an HTTP 200 envelope (`status` ignored), Alibaba with
    /// `status` and extra headers.
    Error {
        status: u16,
        code: String,
        message: String,
        headers: Vec<(String, String)>,
    },
}

impl Answer {
    pub fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer::Error {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            headers: Vec::new(),
        }
    }
}

/// How a request is mistreated.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// HTTP 500 with an HTML page, as a broken gateway sends.
    Http500,
    /// Any status, content type and body.
    Status {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// Tencent `RequestLimitExceeded` (HTTP 200); Alibaba `Throttling.User` (HTTP 400) with an
    /// optional `x-acs-retry-after` in milliseconds.
    Throttle { retry_after_ms: Option<u64> },
    /// Tencent `InternalError` (HTTP 200); Alibaba `InternalError` (HTTP 500).
    InternalError,
    /// HTTP 200 with JSON cut short.
    Malformed,
    /// Status line and headers announce the whole body, half of it is sent, then the
    /// connection is closed.
    Truncated,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// TCP RST instead of an answer.
    Reset,
    /// Close (FIN) without an answer.
    Close,
}

/// A fault rule: the first rule that matches a request's key and is not used up applies.
#[derive(Debug, Clone)]
pub struct Fault {
    /// `*`, an exact key, or a prefix ending in `*` (`tencent:tat:*`).
    pub matches: String,
    pub kind: FaultKind,
    /// How many requests it applies to (`None`: all).
    pub times: Option<usize>,
    used: usize,
}

impl Fault {
    pub fn always(matches: &str, kind: FaultKind) -> Fault {
        Fault {
            matches: matches.to_owned(),
            kind,
            times: None,
            used: 0,
        }
    }

    pub fn times(mut self, times: usize) -> Fault {
        self.times = Some(times);
        self
    }

    fn applies_to(&self, key: &str) -> bool {
        let matched = self.matches == "*"
            || self.matches == key
            || self
                .matches
                .strip_suffix('*')
                .is_some_and(|prefix| key.starts_with(prefix));
        matched && self.times.is_none_or(|t| self.used < t)
    }
}

/// One API request as received, with the mock's verdict.
#[derive(Debug, Clone)]
pub struct Hit {
    pub key: String,
    pub at: Instant,
    /// Unix second of arrival (wall clock), for per-second buckets.
    pub unix_second: u64,
    /// `ok`, `fault:<kind>`, or the error code answered.
    pub verdict: String,
    pub method: String,
    pub path: String,
    pub query: String,
    /// Names lower-cased, in wire order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Hit {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// Computes an answer from a request's parameters (see [`MockCloud::answer_with`]).
pub type Responder = Arc<dyn Fn(&Value) -> Answer + Send + Sync>;

struct Operation {
    required: &'static [&'static str],
    max_items: &'static [(&'static str, usize)],
    answer: Answer,
    /// When set, answers instead of `answer`.
    responder: Option<Responder>,
}

struct State {
    tencent_keys: HashMap<String, String>,
    alibaba_keys: HashMap<String, String>,
    operations: HashMap<String, Operation>,
    faults: Vec<Fault>,
    hits: Vec<Hit>,
    nonces: HashSet<String>,
    next_request_id: u64,
}

impl State {
    /// The operation `key`, added (no checks, success with no fields) if the mock did not
    /// know it.
    fn operation(&mut self, key: &str) -> &mut Operation {
        self.operations.entry(key.to_owned()).or_insert_with(|| Operation {
            required: &[],
            max_items: &[],
            answer: Answer::Success(json!({})),
            responder: None,
        })
    }

    fn new() -> State {
        let mut operations = HashMap::new();
        let ok = || Answer::Success(json!({}));
        operations.insert(
            TAT_CANCEL.to_owned(),
            Operation {
                required: &["InvocationId"],
                max_items: &[("InstanceIds", 100)],
                answer: ok(),
                responder: None,
            },
        );
        for key in [DTS_DELETE, BATCH_TERMINATE] {
            operations.insert(
                key.to_owned(),
                Operation {
                    required: &["JobId"],
                    max_items: &[],
                    answer: ok(),
                    responder: None,
                },
            );
        }
        operations.insert(
            SMC_DELETE.to_owned(),
            Operation {
                required: &["SourceId"],
                max_items: &[],
                answer: ok(),
                responder: None,
            },
        );
        State {
            tencent_keys: HashMap::from([(TC_ID.to_owned(), TC_SECRET.to_owned())]),
            alibaba_keys: HashMap::from([(ALI_ID.to_owned(), ALI_SECRET.to_owned())]),
            operations,
            faults: Vec::new(),
            hits: Vec::new(),
            nonces: HashSet::new(),
            next_request_id: 1,
        }
    }

    fn request_id(&mut self, cloud: Cloud) -> String {
        let n = self.next_request_id;
        self.next_request_id += 1;
        match cloud {
            Cloud::Tencent => format!("mock-{n:08x}-0000-4000-8000-000000000000"),
            Cloud::Alibaba => format!("MOCK{n:08X}-0000-4000-8000-000000000000"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cloud {
    Tencent,
    Alibaba,
}

/// The running mock; stops when dropped.
pub struct MockCloud {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl MockCloud {
    pub async fn start() -> MockCloud {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::new()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let _ = stream.set_nodelay(true);
                let connection = Arc::new(Connection::new(&stream));
                let state = shared.clone();
                tokio::spawn(async move {
                    let conn_for_service = connection.clone();
                    let service = service_fn(move |request| {
                        handle(state.clone(), conn_for_service.clone(), request)
                    });
                    let serving =
                        http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    tokio::select! {
                        _ = serving => {}
                        _ = connection.kill.notified() => {}
                    }
                });
            }
        });
        MockCloud { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the fault rules.
    pub fn set_faults(&self, faults: Vec<Fault>) {
        self.state().faults = faults;
    }

    /// Sets the answer of an operation (`key` as in [`TAT_CANCEL`]); adds the operation if
    /// the mock did not know it.
    pub fn answer(&self, key: &str, answer: Answer) {
        let mut state = self.state();
        let op = state.operation(key);
        op.answer = answer;
        op.responder = None;
    }

    /// Answers each authenticated request of `key` with what `responder` computes from its
    /// parameters: Tencent's JSON body, or Alibaba's query as an object of the flattened
    /// names and their text values (`{"PageNumber": "2", "Tag.1.Key": "k"}`). For scripted
    /// answers that depend on the request, e.g. the pages of a listing. Adds the operation if
    /// the mock did not know it; [`MockCloud::answer`] and [`MockCloud::reset`] remove it.
    pub fn answer_with(&self, key: &str, responder: impl Fn(&Value) -> Answer + Send + Sync + 'static) {
        let responder: Responder = Arc::new(responder);
        self.state().operation(key).responder = Some(responder);
    }

    /// Forgets requests, nonces and faults, and answers every operation with success again.
    pub fn reset(&self) {
        let mut state = self.state();
        state.hits.clear();
        state.nonces.clear();
        state.faults.clear();
        for op in state.operations.values_mut() {
            op.answer = Answer::Success(json!({}));
            op.responder = None;
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.state().hits.clone()
    }

    /// API requests received (all operations).
    pub fn total(&self) -> usize {
        self.state().hits.len()
    }

    /// API requests received for `key`.
    pub fn count(&self, key: &str) -> usize {
        self.state().hits.iter().filter(|h| h.key == key).count()
    }

    /// Requests of `key` per wall-clock second.
    pub fn per_second(&self, key: &str) -> BTreeMap<u64, usize> {
        let mut buckets = BTreeMap::new();
        for hit in self.state().hits.iter().filter(|h| h.key == key) {
            *buckets.entry(hit.unix_second).or_insert(0) += 1;
        }
        buckets
    }
}

impl Drop for MockCloud {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Per-connection controls: a kill switch that drops the connection, and (on Unix) a
/// duplicate of the socket to set `SO_LINGER 0` on, so that the drop sends RST.
struct Connection {
    kill: Notify,
    #[cfg(unix)]
    socket: Option<std::os::fd::OwnedFd>,
}

impl Connection {
    fn new(stream: &tokio::net::TcpStream) -> Connection {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            Connection {
                kill: Notify::new(),
                socket: stream.as_fd().try_clone_to_owned().ok(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = stream;
            Connection {
                kill: Notify::new(),
            }
        }
    }

    fn reset(&self) {
        #[cfg(unix)]
        if let Some(socket) = &self.socket {
            let _ = socket2::SockRef::from(socket).set_linger(Some(Duration::ZERO));
        }
        self.kill.notify_one();
    }

    fn close(&self) {
        self.kill.notify_one();
    }
}

/// A response body: whole, or a first part and then nothing until the connection is killed.
enum MockBody {
    Full(Option<Bytes>),
    Partial(Option<Bytes>),
}

impl hyper::body::Body for MockBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match &mut *self {
            MockBody::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            MockBody::Partial(data) => match data.take() {
                Some(d) => Poll::Ready(Some(Ok(Frame::data(d)))),
                // The connection is killed shortly; nothing else will be sent.
                None => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, MockBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            MockBody::Full(Some(data)) => SizeHint::with_exact(data.len() as u64),
            MockBody::Full(None) => SizeHint::with_exact(0),
            MockBody::Partial(_) => SizeHint::default(),
        }
    }
}

#[derive(Debug)]
enum Mode {
    Normal,
    Truncate,
    Reset,
    Close,
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    mode: Mode,
    delay: Duration,
}

impl Reply {
    fn json(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body,
            mode: Mode::Normal,
            delay: Duration::ZERO,
        }
    }

    fn mode(mode: Mode) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
            mode,
            delay: Duration::ZERO,
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    fn host(&self) -> &str {
        self.header("host").unwrap_or_default()
    }
}

async fn handle(
    state: Arc<Mutex<State>>,
    connection: Arc<Connection>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<MockBody>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let request = Request {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body,
    };
    let reply = {
        let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
        decide(&mut state, request)
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    match reply.mode {
        Mode::Reset | Mode::Close => {
            if matches!(reply.mode, Mode::Reset) {
                connection.reset();
            } else {
                connection.close();
            }
            // The kill switch drops the connection, and this future with it.
            std::future::pending::<()>().await;
            unreachable!("the connection was dropped");
        }
        Mode::Normal | Mode::Truncate => {}
    }
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    let body = if matches!(reply.mode, Mode::Truncate) {
        response = response.header("Content-Length", reply.body.len().to_string());
        let half = Bytes::from(reply.body[..reply.body.len() / 2].to_vec());
        let connection = connection.clone();
        tokio::spawn(async move {
            // Long enough for the head and the first half to leave; then close (FIN).
            tokio::time::sleep(Duration::from_millis(150)).await;
            connection.close();
        });
        MockBody::Partial(Some(half))
    } else {
        MockBody::Full(Some(Bytes::from(reply.body)))
    };
    Ok(response.body(body).unwrap())
}

/// Classifies, logs, authenticates, faults and answers one request.
fn decide(state: &mut State, request: Request) -> Reply {
    let (cloud, key) = if let Some(action) = request.header("x-tc-action") {
        let service = parse_tc3_authorization(request.header("authorization"))
            .map(|a| a.service)
            .unwrap_or_else(|| request.host().split('.').next().unwrap_or("").to_owned());
        (Cloud::Tencent, format!("tencent:{service}:{action}"))
    } else if let Some(action) = request.header("x-acs-action") {
        // The product is the host's first label on `*.aliyuncs.com`; on 127.0.0.1, the
        // operation of that name the mock knows.
        let host = request.host();
        let product = if host.ends_with(".aliyuncs.com") {
            host.split('.').next().unwrap_or("").to_owned()
        } else {
            state
                .operations
                .keys()
                .find_map(|k| {
                    let rest = k.strip_prefix("alibaba:")?;
                    let (product, op) = rest.split_once(':')?;
                    (op == action).then(|| product.to_owned())
                })
                .unwrap_or_else(|| "unknown".to_owned())
        };
        (Cloud::Alibaba, format!("alibaba:{product}:{action}"))
    } else {
        return Reply::json(
            400,
            "application/json",
            br#"{"error":"neither a Tencent Cloud API 3.0 nor an Alibaba Cloud ACS3 request"}"#
                .to_vec(),
        );
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let index = state.hits.len();
    state.hits.push(Hit {
        key: key.clone(),
        at: Instant::now(),
        unix_second: now.as_secs(),
        verdict: String::new(),
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
    });

    // Authentication first, as a front door does: every attempt, retries included, must be
    // signed correctly (and, for Alibaba, with a fresh nonce).
    let rejection = match cloud {
        Cloud::Tencent => verify_tc3(state, &request, now.as_secs() as i64),
        Cloud::Alibaba => verify_acs3(state, &request),
    };
    let (verdict, reply) = match rejection {
        Some((code, reply)) => (code, reply),
        None => {
            let fault = state
                .faults
                .iter_mut()
                .find(|f| f.applies_to(&key))
                .map(|f| {
                    f.used += 1;
                    f.kind.clone()
                });
            match fault {
                Some(FaultKind::Slow(delay)) => {
                    let (code, mut reply) = answer(state, cloud, &key, &request);
                    reply.delay = delay;
                    (format!("fault:slow ({code})"), reply)
                }
                Some(kind) => (format!("fault:{kind:?}"), fault_reply(state, cloud, &kind)),
                None => answer(state, cloud, &key, &request),
            }
        }
    };
    state.hits[index].verdict = verdict;
    reply
}

fn tencent_error(state: &mut State, code: &str, message: &str) -> (String, Reply) {
    let request_id = state.request_id(Cloud::Tencent);
    let body =
        json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}});
    (
        code.to_owned(),
        Reply::json(200, "application/json", body.to_string().into_bytes()),
    )
}

fn alibaba_error(state: &mut State, status: u16, code: &str, message: &str) -> (String, Reply) {
    let request_id = state.request_id(Cloud::Alibaba);
    let body = json!({
        "RequestId": request_id,
        "HostId": "127.0.0.1",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=mock&requestId={request_id}"),
    });
    (
        code.to_owned(),
        Reply::json(
            status,
            "application/json;charset=utf-8",
            body.to_string().into_bytes(),
        ),
    )
}

struct Tc3Authorization {
    secret_id: String,
    date: String,
    service: String,
    signed_headers: String,
    signature: String,
}

fn parse_tc3_authorization(value: Option<&str>) -> Option<Tc3Authorization> {
    let rest = value?.strip_prefix("TC3-HMAC-SHA256 ")?;
    let mut fields = HashMap::new();
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        fields.insert(k, v.trim());
    }
    let mut scope = fields.get("Credential")?.rsplitn(4, '/');
    let (term, service, date, secret_id) =
        (scope.next()?, scope.next()?, scope.next()?, scope.next()?);
    if term != "tc3_request" {
        return None;
    }
    Some(Tc3Authorization {
        secret_id: secret_id.to_owned(),
        date: date.to_owned(),
        service: service.to_owned(),
        signed_headers: fields.get("SignedHeaders")?.to_string(),
        signature: fields.get("Signature")?.to_string(),
    })
}

/// `None` when the TC3 signature checks out; else the code and the real rejection.
fn verify_tc3(state: &mut State, request: &Request, now: i64) -> Option<(String, Reply)> {
    let Some(auth) = parse_tc3_authorization(request.header("authorization")) else {
        return Some(tencent_error(
            state,
            "AuthFailure.InvalidAuthorization",
            "The Authorization in the request header does not conform to the standard.",
        ));
    };
    let Some(timestamp) = request
        .header("x-tc-timestamp")
        .and_then(|t| t.parse::<i64>().ok())
    else {
        return Some(tencent_error(
            state,
            "MissingParameter",
            "The request is missing a required parameter `Timestamp`.",
        ));
    };
    if (timestamp - now).abs() > TC_MAX_SKEW_S {
        return Some(tencent_error(
            state,
            "AuthFailure.SignatureExpire",
            "Signature expired. Timestamp and server time cannot differ by more than five minutes.",
        ));
    }
    let Some(secret) = state.tencent_keys.get(&auth.secret_id).cloned() else {
        return Some(tencent_error(
            state,
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        ));
    };
    let signed: Vec<&str> = auth.signed_headers.split(';').collect();
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in signed.iter().copied().filter(|n| *n != "host") {
        match request.header(name) {
            Some(value) => headers.push((name, value)),
            None => {
                return Some(tencent_error(
                    state,
                    "AuthFailure.SignatureFailure",
                    TC_SIGNATURE_MESSAGE,
                ));
            }
        }
    }
    let parts = RequestParts {
        method: &request.method,
        host: request.host(),
        path: &request.path,
        // POST: the canonical query is empty; GET: the query as sent.
        query: if request.method == "GET" {
            &request.query
        } else {
            ""
        },
        headers: &headers,
        body: &request.body,
    };
    let expected = signing::tc3(
        &Credentials::new(&auth.secret_id, secret),
        &auth.service,
        timestamp,
        &parts,
    );
    let good = auth.date == signing::utc_date(timestamp)
        && signed.contains(&"content-type")
        && signed.contains(&"host")
        && expected.signed_headers == auth.signed_headers
        && expected.signature == auth.signature;
    if good {
        None
    } else {
        Some(tencent_error(
            state,
            "AuthFailure.SignatureFailure",
            TC_SIGNATURE_MESSAGE,
        ))
    }
}

/// `None` when the ACS3 signature checks out; else the code and the real rejection.
fn verify_acs3(state: &mut State, request: &Request) -> Option<(String, Reply)> {
    let incomplete = "The request signature does not conform to Aliyun standards.";
    let fields: Option<HashMap<&str, &str>> = request
        .header("authorization")
        .and_then(|a| a.strip_prefix("ACS3-HMAC-SHA256 "))
        .and_then(|rest| {
            rest.split(',')
                .map(|part| part.trim().split_once('='))
                .collect()
        });
    let (Some(id), Some(signed_headers), Some(signature)) = (
        fields.as_ref().and_then(|f| f.get("Credential")).copied(),
        fields
            .as_ref()
            .and_then(|f| f.get("SignedHeaders"))
            .copied(),
        fields.as_ref().and_then(|f| f.get("Signature")).copied(),
    ) else {
        return Some(alibaba_error(state, 400, "IncompleteSignature", incomplete));
    };
    let Some(secret) = state.alibaba_keys.get(id).cloned() else {
        return Some(alibaba_error(
            state,
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    };
    let signed: Vec<&str> = signed_headers.split(';').collect();
    let unsigned_acs = request
        .headers
        .iter()
        .any(|(n, _)| n.starts_with("x-acs-") && !signed.contains(&n.as_str()));
    if unsigned_acs || !signed.contains(&"host") {
        return Some(alibaba_error(state, 400, "IncompleteSignature", incomplete));
    }
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in signed.iter().copied().filter(|n| *n != "host") {
        match request.header(name) {
            Some(value) => headers.push((name, value)),
            None => return Some(alibaba_error(state, 400, "IncompleteSignature", incomplete)),
        }
    }
    let parts = RequestParts {
        method: &request.method,
        host: request.host(),
        path: &request.path,
        query: &request.query,
        headers: &headers,
        body: &request.body,
    };
    let expected = signing::acs3(&Credentials::new(id, secret), &parts);
    if expected.signed_headers != signed_headers || expected.signature != signature {
        let message = format!(
            "Specified signature does not match our calculation. server string to sign is:{}",
            expected.string_to_sign
        );
        return Some(alibaba_error(state, 400, "SignatureDoesNotMatch", &message));
    }
    let nonce = request.header("x-acs-signature-nonce").unwrap_or_default();
    if !state.nonces.insert(nonce.to_owned()) {
        return Some(alibaba_error(
            state,
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    None
}

/// A request's parameters: Tencent's JSON object, or Alibaba's flattened names (`Name.1`).
enum Params {
    Json(serde_json::Map<String, Value>),
    Flat(Vec<String>),
}

fn is_item_of(flat: &str, name: &str) -> bool {
    flat.strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('.'))
}

impl Params {
    fn has(&self, name: &str) -> bool {
        match self {
            Params::Json(fields) => fields.contains_key(name),
            Params::Flat(names) => names.iter().any(|n| n == name || is_item_of(n, name)),
        }
    }

    /// Items of an array parameter.
    fn items(&self, name: &str) -> usize {
        match self {
            Params::Json(fields) => fields
                .get(name)
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
            Params::Flat(names) => names.iter().filter(|n| is_item_of(n, name)).count(),
        }
    }
}

/// The operation's checks and canned answer.
fn answer(state: &mut State, cloud: Cloud, key: &str, request: &Request) -> (String, Reply) {
    let Some(op) = state.operations.get(key) else {
        return match cloud {
            Cloud::Tencent => tencent_error(
                state,
                "InvalidAction",
                "The requested action does not exist.",
            ),
            Cloud::Alibaba => alibaba_error(
                state,
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            ),
        };
    };
    let (required, max_items, canned, responder) = (op.required, op.max_items, op.answer.clone(), op.responder.clone());
    // Parameter names and item counts: Tencent's JSON body, Alibaba's flattened query.
    let params = match cloud {
        Cloud::Tencent => match serde_json::from_slice::<Value>(&request.body) {
            Ok(Value::Object(fields)) => Params::Json(fields),
            _ => {
                return tencent_error(
                    state,
                    "InvalidParameter",
                    "The request body is not valid JSON.",
                );
            }
        },
        Cloud::Alibaba => Params::Flat(
            signing::parse_query(&request.query)
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
        ),
    };
    for name in required {
        if !params.has(name) {
            let message = format!("The request is missing a required parameter `{name}`.");
            return match cloud {
                Cloud::Tencent => tencent_error(state, "MissingParameter", &message),
                Cloud::Alibaba => alibaba_error(state, 400, "MissingParameter", &message),
            };
        }
    }
    for (name, max) in max_items {
        if params.items(name) > *max {
            let message = format!("The number of `{name}` exceeds the limit of {max}.");
            return match cloud {
                Cloud::Tencent => {
                    tencent_error(state, "InvalidParameterValue.LimitExceeded", &message)
                }
                Cloud::Alibaba => alibaba_error(state, 400, "InvalidParameter", &message),
            };
        }
    }
    let canned = match responder {
        None => canned,
        Some(responder) => {
            let params = match &params {
                Params::Json(fields) => Value::Object(fields.clone()),
                Params::Flat(_) => Value::Object(
                    signing::parse_query(&request.query)
                        .into_iter()
                        .map(|(n, v)| (n, Value::String(v)))
                        .collect(),
                ),
            };
            responder(&params)
        }
    };
    match canned {
        Answer::Success(fields) => {
            let request_id = state.request_id(cloud);
            let mut object = fields.as_object().cloned().unwrap_or_default();
            object.insert("RequestId".to_owned(), Value::String(request_id));
            let (body, content_type) = match cloud {
                Cloud::Tencent => (json!({ "Response": object }), "application/json"),
                Cloud::Alibaba => (Value::Object(object), "application/json;charset=utf-8"),
            };
            (
                "ok".to_owned(),
                Reply::json(200, content_type, body.to_string().into_bytes()),
            )
        }
        Answer::Error {
            status,
            code,
            message,
            headers,
        } => {
            let (code, mut reply) = match cloud {
                Cloud::Tencent => tencent_error(state, &code, &message),
                Cloud::Alibaba => alibaba_error(state, status, &code, &message),
            };
            reply.headers.extend(headers);
            (code, reply)
        }
    }
}

fn fault_reply(state: &mut State, cloud: Cloud, kind: &FaultKind) -> Reply {
    match kind {
        FaultKind::Http500 => Reply::json(
            500,
            "text/html",
            b"<html><body>500 Internal Server Error</body></html>".to_vec(),
        ),
        FaultKind::Status {
            status,
            content_type,
            body,
        } => Reply::json(*status, content_type, body.clone().into_bytes()),
        FaultKind::Throttle { retry_after_ms } => match cloud {
            Cloud::Tencent => {
                tencent_error(
                    state,
                    "RequestLimitExceeded",
                    "Your current request times exceeds the frequency limit. Please reduce the frequency of calls.",
                )
                .1
            }
            Cloud::Alibaba => {
                let (_, mut reply) = alibaba_error(
                    state,
                    400,
                    "Throttling.User",
                    "Request was denied due to user flow control.",
                );
                if let Some(ms) = retry_after_ms {
                    reply
                        .headers
                        .push(("x-acs-retry-after".to_owned(), ms.to_string()));
                }
                reply
            }
        },
        FaultKind::InternalError => match cloud {
            Cloud::Tencent => tencent_error(state, "InternalError", "Internal error.").1,
            Cloud::Alibaba => {
                alibaba_error(
                    state,
                    500,
                    "InternalError",
                    "An error occurred while processing your request. Please try again.",
                )
                .1
            }
        },
        FaultKind::Malformed => {
            let body: &[u8] = match cloud {
                Cloud::Tencent => br#"{"Response": {"RequestId": ""#,
                Cloud::Alibaba => br#"{"RequestId":""#,
            };
            Reply::json(200, "application/json", body.to_vec())
        }
        FaultKind::Truncated => {
            let (_, mut reply) = answer_ok(state, cloud);
            reply.mode = Mode::Truncate;
            reply
        }
        FaultKind::Reset => Reply::mode(Mode::Reset),
        FaultKind::Close => Reply::mode(Mode::Close),
        FaultKind::Slow(_) => unreachable!("slow answers normally"),
    }
}

fn answer_ok(state: &mut State, cloud: Cloud) -> (String, Reply) {
    let request_id = state.request_id(cloud);
    let body = match cloud {
        Cloud::Tencent => json!({"Response": {"RequestId": request_id}}),
        Cloud::Alibaba => json!({ "RequestId": request_id }),
    };
    (
        "ok".to_owned(),
        Reply::json(200, "application/json", body.to_string().into_bytes()),
    )
}
