//! Shared test helpers: a hand-written operation error enum, service/operation consts for the
//! seed operations, fixture loading, and two loopback servers (hyper for well-formed HTTP,
//! raw TCP for faults hyper would refuse to produce).
#![allow(dead_code)]

use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use cloudpage_runtime::json::{DecodeError, JsonDecode, JsonEncode, JsonPath, ObjectReader, ObjectWriter};
use cloudpage_runtime::{Cloud, Endpoints, Envelope, OperationError, OperationInfo, ServiceInfo, Signing};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------
// Operation metadata and errors, as generated code would declare them.

pub const TAT: ServiceInfo = ServiceInfo {
    cloud: Cloud::Tencent,
    name: "tat",
    version: "2020-10-28",
    endpoints: Endpoints {
        default: "tat.tencentcloudapi.com",
        intl: Some("tat.intl.tencentcloudapi.com"),
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Tc3HmacSha256,
    envelope: Envelope::TencentResponse,
};

pub const CANCEL_INVOCATION: OperationInfo = OperationInfo {
    service: &TAT,
    action: "CancelInvocation",
    rate_limit_per_second: Some(20),
    validate_json: cloudpage_runtime::validation::accept_any_json,
};

pub const SMC: ServiceInfo = ServiceInfo {
    cloud: Cloud::Alibaba,
    name: "smc",
    version: "2019-06-01",
    endpoints: Endpoints {
        default: "smc.aliyuncs.com",
        intl: None,
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Acs3HmacSha256,
    envelope: Envelope::AlibabaRpc,
};

pub const DELETE_SOURCE_SERVER: OperationInfo = OperationInfo {
    service: &SMC,
    action: "DeleteSourceServer",
    rate_limit_per_second: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
};

/// A tiny hand-written stand-in for a generated per-operation error enum.
#[derive(Debug, Clone, PartialEq)]
pub enum TestError {
    InvocationNotFound,
    RequestLimitExceeded,
    WithRunningReplicationJob,
    Unknown(String),
}

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl OperationError for TestError {
    fn from_wire(code: &str, _message: &str) -> Self {
        match code {
            "ResourceNotFound.InvocationNotFound" => TestError::InvocationNotFound,
            "RequestLimitExceeded" => TestError::RequestLimitExceeded,
            "SourceServer.WithRunningReplicationJob" => TestError::WithRunningReplicationJob,
            other => TestError::Unknown(other.to_owned()),
        }
    }

    fn code(&self) -> &str {
        match self {
            TestError::InvocationNotFound => "ResourceNotFound.InvocationNotFound",
            TestError::RequestLimitExceeded => "RequestLimitExceeded",
            TestError::WithRunningReplicationJob => "SourceServer.WithRunningReplicationJob",
            TestError::Unknown(code) => code,
        }
    }

    fn is_retryable(&self) -> bool {
        matches!(self, TestError::RequestLimitExceeded)
    }
}

// Hand-written the way the generator writes them (but with required fields not optional).
#[derive(Debug)]
pub struct CancelInvocationRequest {
    pub invocation_id: String,
    pub instance_ids: Option<Vec<String>>,
}

impl JsonEncode for CancelInvocationRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        let mut object = ObjectWriter::new(out);
        object.member("InvocationId", &self.invocation_id);
        object.field("InstanceIds", &self.instance_ids);
        object.finish();
    }
}

#[derive(Debug, PartialEq)]
pub struct CancelInvocationResponse {
    pub request_id: String,
}

impl JsonDecode for CancelInvocationResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, path)?;
        Ok(CancelInvocationResponse { request_id: object.required("RequestId")? })
    }
}

#[derive(Debug)]
pub struct DeleteSourceServerRequest {
    pub source_id: String,
    pub force: Option<bool>,
}

impl JsonEncode for DeleteSourceServerRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        let mut object = ObjectWriter::new(out);
        object.member("SourceId", &self.source_id);
        object.field("Force", &self.force);
        object.finish();
    }
}

#[derive(Debug, PartialEq)]
pub struct DeleteSourceServerResponse {
    pub request_id: String,
}

impl JsonDecode for DeleteSourceServerResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, path)?;
        Ok(DeleteSourceServerResponse { request_id: object.required("RequestId")? })
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures (copied from shared/vectors into tests/fixtures/vectors).

pub fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vectors")
        .join(relative)
}

pub fn load(relative: &str) -> Value {
    let path = fixture_path(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Every `responses/*.json`, sorted by name.
pub fn response_fixtures() -> Vec<Value> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_path("responses"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

pub fn str_of<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} missing"))
}

// ---------------------------------------------------------------------------------------
// Servers.

/// What the server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: std::time::Instant,
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A hyper HTTP/1.1 server on 127.0.0.1 (or [`HyperServer::start_on`] another loopback
/// address) answering request `n` (0-based) with `script(n, &request)`; it records every
/// request.
pub struct HyperServer {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl HyperServer {
    pub async fn start<F>(script: F) -> HyperServer
    where
        F: Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    {
        HyperServer::start_on("127.0.0.1:0", script).await
    }

    /// Listens on `bind` (e.g. `127.0.0.2:0`, a second loopback host on Linux).
    pub async fn start_on<F>(bind: &str, script: F) -> HyperServer
    where
        F: Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind(bind).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let script = Arc::new(script);
        let log = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let script = script.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<Incoming>| {
                        let script = script.clone();
                        let log = log.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes().to_vec())
                                .unwrap_or_default();
                            let request = Received {
                                at: std::time::Instant::now(),
                                method: parts.method.to_string(),
                                uri: parts.uri.to_string(),
                                headers: parts
                                    .headers
                                    .iter()
                                    .map(|(n, v)| {
                                        (n.to_string(), v.to_str().unwrap_or("").to_owned())
                                    })
                                    .collect(),
                                body,
                            };
                            let index = {
                                let mut log = log.lock().unwrap();
                                log.push(request.clone());
                                log.len() - 1
                            };
                            let reply = script(index, &request);
                            if !reply.delay.is_zero() {
                                tokio::time::sleep(reply.delay).await;
                            }
                            let mut response = hyper::Response::builder().status(reply.status);
                            for (name, value) in &reply.headers {
                                response = response.header(name, value);
                            }
                            Ok::<_, Infallible>(
                                response.body(Full::new(Bytes::from(reply.body))).unwrap(),
                            )
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        HyperServer {
            addr,
            received,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

impl Drop for HyperServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How the raw server misbehaves after reading a request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Status line and headers announce `announced` body bytes, fewer are sent, then close.
    Truncate {
        status: u16,
        content_type: String,
        body: Vec<u8>,
        announced: usize,
    },
    /// TCP RST instead of an answer.
    Reset,
    /// Close (FIN) without an answer.
    Close,
    /// A 200 with a chunked body that never ends: `chunk` bytes of JSON whitespace every
    /// `every`, until the client goes away. After `cap` bytes it stays silent with the
    /// connection open (so a client that does not stop cannot use up the machine's memory).
    EndlessChunked {
        chunk: usize,
        every: Duration,
        cap: usize,
    },
    /// A 200 announcing `announced` body bytes, then `body`, then silence with the
    /// connection open.
    Announce { announced: u64, body: Vec<u8> },
}

/// A raw TCP server on 127.0.0.1 that reads one HTTP request per connection and then
/// commits `fault`; counts requests.
pub struct RawServer {
    pub addr: SocketAddr,
    pub hits: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(fault: Fault) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let fault = fault.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    if read_request(&mut stream).await.is_none() {
                        return;
                    }
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    match fault {
                        Fault::Truncate {
                            status,
                            content_type,
                            body,
                            announced,
                        } => {
                            let head = format!(
                                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {announced}\r\n\r\n"
                            );
                            let _ = stream.write_all(head.as_bytes()).await;
                            let _ = stream.write_all(&body).await;
                            let _ = stream.flush().await;
                            let _ = stream.shutdown().await;
                        }
                        Fault::Reset => {
                            // Linger 0 makes close send RST; it does not block with 0.
                            #[allow(deprecated)]
                            let _ = stream.set_linger(Some(Duration::ZERO));
                            drop(stream);
                        }
                        Fault::Close => {
                            let _ = stream.shutdown().await;
                        }
                        Fault::EndlessChunked { chunk, every, cap } => {
                            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                            if stream.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            let mut frame = format!("{chunk:x}\r\n").into_bytes();
                            frame.extend(std::iter::repeat_n(b' ', chunk));
                            frame.extend_from_slice(b"\r\n");
                            let mut sent = 0;
                            while sent < cap {
                                if stream.write_all(&frame).await.is_err() {
                                    return;
                                }
                                sent += chunk;
                                if !every.is_zero() {
                                    tokio::time::sleep(every).await;
                                }
                            }
                            tokio::time::sleep(Duration::from_secs(120)).await;
                        }
                        Fault::Announce { announced, body } => {
                            let head = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"
                            );
                            let _ = stream.write_all(head.as_bytes()).await;
                            let _ = stream.write_all(&body).await;
                            let _ = stream.flush().await;
                            tokio::time::sleep(Duration::from_secs(120)).await;
                        }
                    }
                });
            }
        });
        RawServer { addr, hits, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads a request head and its `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf)
}
