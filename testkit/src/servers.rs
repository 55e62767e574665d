//! Scriptable loopback servers for transport tests: a hyper server whose answer each test
//! writes as a closure (well-formed HTTP), and a raw TCP server for the faults hyper would
//! refuse to produce (endless or truncated bodies, resets, garbage).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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
