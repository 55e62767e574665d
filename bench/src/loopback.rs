//! Calls per second over loopback: the generated TAT client against a minimal hyper server
//! answering the Tencent success envelope, compared with raw reqwest sending the bytes the
//! client sends (signed once, up front) to the same server with the same concurrency.
//!
//! The server runs in a child process (this binary, `serve`) on one thread, so client and
//! server each get one of the two cores, as in the Python baseline.

use crate::overhead::{self, SUCCESS_BODY};
use crate::stats::median;
use crate::table::Table;
use bytes::Bytes;
use cloudpage_clients::tencent_tat::{CANCEL_INVOCATION, CancelInvocationRequest, Client};
use cloudpage_runtime::request::{Payload, Signer, USER_AGENT};
use cloudpage_runtime::Config;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::pin::Pin;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Serves the canned success answer on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        // Headers and body may go out in separate writes: no Nagle (see peer/BASELINE.md).
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(|req: hyper::Request<Incoming>| async move {
                let _ = req.into_body().collect().await;
                let response = hyper::Response::builder()
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from_static(SUCCESS_BODY)))
                    .expect("a valid response");
                Ok::<_, std::convert::Infallible>(response)
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The `serve` subcommand: prints `PORT=<port>`, serves until stdin closes.
pub fn serve_main() -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        println!("PORT={}", listener.local_addr().map_err(|e| e.to_string())?.port());
        let server = tokio::spawn(serve(listener));
        // Stop when the parent closes our stdin (or dies).
        let _ = tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {}
        })
        .await;
        server.abort();
        Ok(())
    })
}

/// A server child process; killed on drop.
pub struct ServerProcess {
    child: std::process::Child,
    pub port: u16,
}

impl ServerProcess {
    pub fn start() -> Result<ServerProcess, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = std::process::Command::new(exe)
            .arg("serve")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
        let port = line.trim().strip_prefix("PORT=").and_then(|p| p.parse().ok()).ok_or_else(|| format!("server said {line:?}"))?;
        Ok(ServerProcess { child, port })
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `calls` calls of `f`, `concurrency` at a time; returns calls per second.
pub async fn drive<F, Fut>(calls: usize, concurrency: usize, f: F) -> Result<f64, String>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (f, next) = (f.clone(), next.clone());
        set.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                f().await?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(joined) = set.join_next().await {
        joined.map_err(|e| e.to_string())??;
    }
    Ok(calls as f64 / start.elapsed().as_secs_f64())
}

/// The generated client, rate limits off, pointed at `port`.
pub fn generated_client(port: u16) -> Result<Client, String> {
    let config = Config::builder()
        .region("ap-guangzhou")
        .credentials(overhead::credentials())
        .endpoint(format!("http://127.0.0.1:{port}"))
        .rate_limits(false)
        .build()
        .map_err(|e| e.to_string())?;
    Client::new(config).map_err(|e| e.to_string())
}

/// One call of some client, as a shareable closure.
pub type Call = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;

/// `drive` needs a `Clone` closure.
fn callable(call: &Call) -> impl Fn() -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Clone + Send + 'static {
    let call = call.clone();
    move || call()
}

/// One call with the generated client.
pub fn generated_call(client: Client, req: Arc<CancelInvocationRequest>) -> Call {
    Arc::new(move || {
        let (client, req) = (client.clone(), req.clone());
        Box::pin(async move { client.send(&*req).await.map(|_| ()).map_err(|e| e.to_string()) })
    })
}

/// Raw reqwest: the request the generated client sends (same headers and body), built with
/// the same reqwest settings as the runtime. Signed once up front, or (`sign`) serialised and
/// signed per call as the client does, optionally with the client's per-attempt timeout, to
/// split the generated client's extra cost.
pub struct Raw {
    http: reqwest::Client,
    url: String,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
    req: CancelInvocationRequest,
    /// What the generated client signs with (constant headers pre-built, TC3 key cached).
    signer: Signer,
    least: overhead::Tc3LeastWork,
}

impl Raw {
    pub fn new(port: u16, req: &CancelInvocationRequest) -> Result<Raw, String> {
        let host = format!("127.0.0.1:{port}");
        let payload = Payload::new(CANCEL_INVOCATION.service.envelope, req).map_err(|e| e.to_string())?;
        let headers = overhead::signer(&host)
            .sign(&CANCEL_INVOCATION, payload.query(), payload.body(), overhead::TIMESTAMP, "")
            .map_err(|e| e.to_string())?;
        let http = reqwest::Client::builder()
            .connect_timeout(Config::DEFAULT_CONNECT_TIMEOUT)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| e.to_string())?;
        let signer = overhead::signer(&host);
        let least = overhead::Tc3LeastWork::new(&signer, req)?;
        Ok(Raw { http, url: format!("http://{host}/"), signer, least, headers, body: Bytes::from(payload.body().to_vec()), req: req.clone() })
    }

    /// Pre-signed bytes.
    pub fn call(self: Arc<Self>) -> Call {
        Arc::new(move || {
            let raw = self.clone();
            Box::pin(async move {
                let builder = raw.http.post(raw.url.as_str()).headers(raw.headers.clone()).body(raw.body.clone());
                finish(builder).await
            })
        })
    }

    /// Pre-signed, with the runtime's per-attempt timeout.
    pub fn timeout_call(self: Arc<Self>) -> Call {
        Arc::new(move || {
            let raw = self.clone();
            Box::pin(async move {
                let builder = raw.http.post(raw.url.as_str()).headers(raw.headers.clone()).body(raw.body.clone());
                with_attempt_timeout(true, finish(builder)).await
            })
        })
    }

    /// Pre-signed bytes, after the work no TC3 client can skip per call
    /// ([`overhead::Tc3LeastWork`]: serialise + the three hashes, results unused): the most
    /// any TC3 client could reach against raw reqwest here.
    pub fn least_work_call(self: Arc<Self>) -> Call {
        Arc::new(move || {
            let raw = self.clone();
            Box::pin(async move {
                std::hint::black_box(raw.least.run(&raw.req));
                let builder = raw.http.post(raw.url.as_str()).headers(raw.headers.clone()).body(raw.body.clone());
                finish(builder).await
            })
        })
    }

    /// Serialise + sign per call with the runtime's `Signer` (what the client does before
    /// sending); `timeout`: the runtime's per-attempt timeout too.
    pub fn signed_call(self: Arc<Self>, timeout: bool) -> Call {
        Arc::new(move || {
            let raw = self.clone();
            Box::pin(async move {
                let payload = Payload::new(CANCEL_INVOCATION.service.envelope, &raw.req).map_err(|e| e.to_string())?;
                let body = match payload {
                    Payload::Body(body) => Bytes::from(body),
                    Payload::Query(_) => return Err("a Tencent payload is a body".into()),
                };
                let timestamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64);
                let headers = raw.signer.sign(&CANCEL_INVOCATION, "", &body, timestamp, "").map_err(|e| e.to_string())?;
                let builder = raw.http.post(raw.url.as_str()).headers(headers).body(body);
                with_attempt_timeout(timeout, finish(builder)).await
            })
        })
    }
}

/// `call` under the runtime's default attempt timeout (`on`), armed as the runtime arms it:
/// one timer around sending and reading the answer.
async fn with_attempt_timeout(on: bool, call: impl Future<Output = Result<(), String>>) -> Result<(), String> {
    if !on {
        return call.await;
    }
    tokio::time::timeout(Config::DEFAULT_ATTEMPT_TIMEOUT, call).await.map_err(|e| e.to_string())?
}

async fn finish(builder: reqwest::RequestBuilder) -> Result<(), String> {
    let response = builder.send().await.map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("status {}", response.status()));
    }
    response.bytes().await.map_err(|e| e.to_string())?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Options {
    pub calls: usize,
    pub concurrency: usize,
    pub runs: usize,
    pub ids: usize,
    /// Client runtime threads (1: current-thread runtime).
    pub client_threads: usize,
    /// Sequential (1 in flight) comparison with the Python SDK; `None` skips it.
    pub python: Option<PathBuf>,
    pub peer_dir: PathBuf,
    pub sequential_calls: usize,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub generated_rps: f64,
    pub raw_rps: f64,
    /// Median over runs of generated / raw (paired runs).
    pub ratio: f64,
    /// Median over runs of (raw after the work no TC3 client skips) / raw: the bound.
    pub least_work_ratio: f64,
    pub sequential_generated_rps: Option<f64>,
    pub python_rps_same_server: Option<f64>,
}

fn runtime(threads: usize) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    };
    builder.enable_all().build().map_err(|e| e.to_string())
}

/// The clients compared, raw first.
pub const CLIENTS: [&str; 6] = [
    "raw reqwest, pre-signed bytes",
    "raw reqwest, pre-signed, after the work no TC3 client skips (serialise + 3 hashes, unused)",
    "raw reqwest, pre-signed, + per-attempt timeout",
    "raw reqwest + serialise + sign per call (the runtime's Signer)",
    "raw reqwest + serialise + sign + per-attempt timeout",
    "generated tencent_tat::Client",
];

/// One run of one client: calls per second, and the client's CPU time per call (the thread
/// running the current-thread client runtime does all the client's work: the calls, reqwest
/// and hyper's connection tasks), which the other loads of a shared machine disturb far less
/// than the wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFigures {
    pub rps: f64,
    pub cpu_us: f64,
}

/// The generated client's index in [`CLIENTS`].
pub const GENERATED: usize = CLIENTS.len() - 1;
/// The bound's index in [`CLIENTS`]: raw reqwest after the work no TC3 client skips.
pub const LEAST_WORK: usize = 1;

/// Runs of the clients of [`CLIENTS`] at indices `which` (in that order), in a rotating
/// order: figures per client (in the order of `which`) per run.
pub fn rounds(port: u16, opts: &Options, calls: usize, concurrency: usize, which: &[usize]) -> Result<Vec<Vec<RunFigures>>, String> {
    let rt = runtime(opts.client_threads)?;
    let req = Arc::new(overhead::request(opts.ids));
    let raw = Arc::new(Raw::new(port, &req)?);
    rt.block_on(async {
        let client = generated_client(port)?;
        let all: Vec<Call> = vec![
            raw.clone().call(),
            raw.clone().least_work_call(),
            raw.clone().timeout_call(),
            raw.clone().signed_call(false),
            raw.clone().signed_call(true),
            generated_call(client, req.clone()),
        ];
        let all: Vec<Call> = which
            .iter()
            .map(|&i| all.get(i).cloned().ok_or_else(|| format!("loopback: no client {i}")))
            .collect::<Result<_, _>>()?;
        // Warm up: connections for every slot, caches.
        let warm = (calls / 10).clamp(concurrency, 2_000);
        for call in &all {
            drive(warm, concurrency, callable(call)).await?;
        }
        let mut out = Vec::new();
        for run in 0..opts.runs.max(1) {
            // Rotate the order, so drift on the shared machine hits every client alike.
            let mut figures = vec![RunFigures::default(); all.len()];
            for k in 0..all.len() {
                let i = (k + run) % all.len();
                let clock = crate::clock::Stopwatch::start();
                let rps = drive(calls, concurrency, callable(&all[i])).await?;
                figures[i] = RunFigures { rps, cpu_us: clock.cpu() * 1e6 / calls as f64 };
            }
            eprintln!(
                "loopback c={concurrency} run {}: calls/s {:?}, client CPU us/call {:?}",
                run + 1,
                figures.iter().map(|f| f.rps.round()).collect::<Vec<_>>(),
                figures.iter().map(|f| (f.cpu_us * 100.0).round() / 100.0).collect::<Vec<_>>()
            );
            out.push(figures);
        }
        Ok(out)
    })
}

pub fn bench(opts: &Options) -> Result<Summary, String> {
    println!("## Calls per second over loopback\n");
    let server = ServerProcess::start()?;
    let every: Vec<usize> = (0..CLIENTS.len()).collect();
    let many = rounds(server.port, opts, opts.calls, opts.concurrency, &every)?;
    let one = rounds(server.port, opts, opts.sequential_calls, 1, &[0, GENERATED])?;
    let python = match &opts.python {
        Some(python) => match python_rps(python, &opts.peer_dir, server.port, opts.sequential_calls.min(2_000)) {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("python loopback failed: {e}");
                None
            }
        },
        None => None,
    };
    drop(server);

    let names: Vec<&str> = CLIENTS.to_vec();
    let mut t = Table::new(&[
        "client",
        "in flight",
        "calls/s (median)",
        "vs raw reqwest (median of per-run ratios; min-max)",
        "us/call",
        "client CPU us/call (median)",
        "raw / client CPU (median of per-run ratios; min-max)",
    ]);
    let spread = |values: Vec<f64>| {
        let (lo, hi) = values.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        format!("{:.3} ({lo:.3}-{hi:.3})", median(values))
    };
    let mut add = |rows: &[Vec<RunFigures>], labels: &[&str], inflight: usize| {
        for (i, label) in labels.iter().enumerate() {
            let rps = median(rows.iter().map(|r| r[i].rps));
            t.row(vec![
                label.to_string(),
                inflight.to_string(),
                format!("{rps:.0}"),
                spread(rows.iter().map(|r| r[i].rps / r[0].rps).collect()),
                format!("{:.1}", 1e6 / rps),
                format!("{:.2}", median(rows.iter().map(|r| r[i].cpu_us))),
                spread(rows.iter().map(|r| r[0].cpu_us / r[i].cpu_us).collect()),
            ]);
        }
    };
    add(&many, &names, opts.concurrency);
    add(&one, &[names[0], names[GENERATED]], 1);
    let seq_generated = median(one.iter().map(|r| r[1].rps));
    if let Some(p) = python {
        t.row(vec![
            "official Python SDK (tencentcloud-sdk-python 3.1, keep-alive), same server".into(),
            "1".into(),
            format!("{p:.0}"),
            format!("{:.3} (generated is {:.1}x faster)", p / median(one.iter().map(|r| r[0].rps)), seq_generated / p),
            format!("{:.1}", 1e6 / p),
            "-".into(),
            "-".into(),
        ]);
    }
    t.print();
    println!(
        "\n{} calls per run at {} in flight ({} at 1 in flight), {} runs per client in rotating order, CancelInvocation with {} IDs; one server thread in a child process, client runtime {} thread(s); rate limits off. The second row is a bound: raw reqwest after the work any TC3 client must do per call (serialising the body and the three TC3 hashes), so no TC3 client can beat its ratio here. The middle rows split the generated client's extra cost: raw + the runtime's per-attempt timeout, then per-call serialise and sign with the runtime's Signer, then both; the rest is the runtime's call path (retry loop, tracing span, rate-limiter check, body collection, envelope parse and decode). Client CPU: the CPU time of the thread running the client runtime (all the client's work, reqwest and hyper included) per call; raw / client CPU is the share of the generated client's CPU that raw reqwest needs, per run, which another load on the machine disturbs far less than calls/s.\n",
        opts.calls, opts.concurrency, opts.sequential_calls, opts.runs, opts.ids, opts.client_threads
    );
    Ok(Summary {
        generated_rps: median(many.iter().map(|r| r[GENERATED].rps)),
        raw_rps: median(many.iter().map(|r| r[0].rps)),
        ratio: median(many.iter().map(|r| r[GENERATED].rps / r[0].rps)),
        least_work_ratio: median(many.iter().map(|r| r[LEAST_WORK].rps / r[0].rps)),
        sequential_generated_rps: Some(seq_generated),
        python_rps_same_server: python,
    })
}

/// The official Python SDK's TAT client (from bench_baseline.py, imported from its folder)
/// against our server, one thread, keep-alive; median calls/s of 5 runs.
pub fn python_rps(python: &PathBuf, peer_dir: &PathBuf, port: u16, n: usize) -> Result<f64, String> {
    let script = format!(
        "import statistics, time\n\
         import bench_baseline as b\n\
         c = b.tat_client('127.0.0.1:{port}')\n\
         req = b.tat_request()\n\
         for _ in range(200):\n    c.CancelInvocation(req)\n\
         res = []\n\
         for _ in range(5):\n    t0 = time.perf_counter()\n    for _ in range({n}):\n        c.CancelInvocation(req)\n    res.append({n} / (time.perf_counter() - t0))\n\
         print('median: %.1f req/s' % statistics.median(res))\n"
    );
    let out = std::process::Command::new(python)
        .args(["-c", &script])
        .current_dir(peer_dir)
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("median: "))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no median in {stdout:?}"))
}

/// For the smoke test: an in-process server on its own thread.
pub fn in_process_server() -> Result<u16, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        rt.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::bind("127.0.0.1:0").await else { return };
            let _ = tx.send(listener.local_addr().map(|a| a.port()));
            serve(listener).await;
        });
    });
    rx.recv_timeout(Duration::from_secs(5)).map_err(|e| e.to_string())?.map_err(|e| e.to_string())
}
