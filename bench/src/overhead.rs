//! Client-side cost of one call without network: validate + serialise + sign + parse the
//! response, for TAT `CancelInvocation`, with the generated types and the runtime's own
//! per-attempt signer (`request::Signer`, as the client uses it: constant headers pre-built,
//! TC3 key cached) under frozen credentials and clock. Compared with the official Python SDK doing the
//! same work, run in the same session from /work/shared/peer.

use crate::clock::Stopwatch;
use crate::stats::median;
use crate::table::Table;
use cloudpage_clients::tencent_tat::{CANCEL_INVOCATION, CancelInvocationError, CancelInvocationRequest, CancelInvocationResponse};
use cloudpage_runtime::request::{Payload, Signer};
use reqwest::header::HeaderMap;
use cloudpage_runtime::signing;
use cloudpage_runtime::response::{self, RawResponse};
use cloudpage_runtime::Credentials;
use std::hint::black_box;
use std::path::PathBuf;

/// The canned Tencent success answer (the same bytes as the Python baseline's server).
pub const SUCCESS_BODY: &[u8] = br#"{"Response": {"RequestId": "b27421da-0ad4-4e11-b694-cda143606701"}}"#;
/// Frozen clock.
pub const TIMESTAMP: i64 = 1_700_000_000;

/// A `CancelInvocation` request with `ids` instance IDs.
pub fn request(ids: usize) -> CancelInvocationRequest {
    let mut r = CancelInvocationRequest::new("inv-ib2lld37");
    r.instance_ids = Some((0..ids).map(|i| format!("ins-{i:08x}")).collect());
    r
}

pub fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")
}

/// The host the per-call figures sign for.
pub const HOST: &str = "tat.tencentcloudapi.com";

/// The signer a client of TAT at `host` builds once (region `ap-guangzhou`).
pub fn signer(host: &str) -> Signer {
    Signer::new(&cloudpage_clients::tencent_tat::SERVICE, credentials(), Some("ap-guangzhou"), None, host, "/")
        .expect("valid settings")
}

pub fn raw_success() -> RawResponse {
    RawResponse { status: 200, content_type: Some("application/json".into()), retry_after: None, body: SUCCESS_BODY.to_vec() }
}

/// The headers of one attempt, as the client builds them.
pub fn sign(signer: &Signer, payload: &Payload) -> HeaderMap {
    signer.sign(&CANCEL_INVOCATION, payload.query(), payload.body(), TIMESTAMP, "").expect("valid headers")
}

/// Serialise + sign: what the Python baseline's `sign` measures.
pub fn serialise_sign(req: &CancelInvocationRequest, signer: &Signer) -> (Payload, HeaderMap) {
    let payload = Payload::new(CANCEL_INVOCATION.service.envelope, req).expect("serialises");
    let headers = sign(signer, &payload);
    (payload, headers)
}

/// The whole client-side work of a call, without the network.
pub fn full_call(req: &CancelInvocationRequest, signer: &Signer, raw: &RawResponse) -> (HeaderMap, CancelInvocationResponse) {
    req.validate().expect("valid");
    let (_, prepared) = serialise_sign(req, signer);
    let success = response::parse(CANCEL_INVOCATION.service.envelope, raw).expect("success envelope");
    let decoded = success.decode::<CancelInvocationResponse, CancelInvocationError>().expect("decodes");
    (prepared, decoded)
}

/// The work no TC3-signed call of a request can skip, with its results thrown away:
/// serialising the body (the runtime's writer; a SIMD escaper is no faster on these short
/// IDs, BENCHMARKS.md) and the three hashes TC3 requires: the body's SHA-256, the canonical
/// request's, and the signature's HMAC from a key state set up once (as a signer with a key
/// cache does). No header map, no hex, no text built: a lower bound of any TC3 client, which
/// the bench sets beside the targets of #13 items 5 and 6.
pub struct Tc3LeastWork {
    canonical_request: String,
    string_to_sign: String,
    key: hmac::Hmac<sha2::Sha256>,
}

impl Tc3LeastWork {
    /// The texts a call of `req` hashes, as `signer` writes them.
    pub fn new(signer: &Signer, req: &CancelInvocationRequest) -> Result<Tc3LeastWork, String> {
        use hmac::Mac;
        let payload = Payload::new(CANCEL_INVOCATION.service.envelope, req).map_err(|e| e.to_string())?;
        let (_, signature) =
            signer.sign_traced(&CANCEL_INVOCATION, "", payload.body(), TIMESTAMP, "").map_err(|e| e.to_string())?;
        let key = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"0123456789abcdef0123456789abcdef").map_err(|e| e.to_string())?;
        Ok(Tc3LeastWork { canonical_request: signature.canonical_request, string_to_sign: signature.string_to_sign, key })
    }

    /// Serialises `req` and hashes what TC3 hashes; returns a byte of each result so that
    /// nothing is optimised away.
    pub fn run(&self, req: &CancelInvocationRequest) -> [u8; 3] {
        use hmac::Mac;
        use sha2::Digest;
        let body = match Payload::new(CANCEL_INVOCATION.service.envelope, req) {
            Ok(Payload::Body(body)) => body,
            _ => Vec::new(),
        };
        let body_hash = sha2::Sha256::digest(&body);
        let canonical_hash = sha2::Sha256::digest(self.canonical_request.as_bytes());
        let signature = self.key.clone().chain_update(self.string_to_sign.as_bytes()).finalize().into_bytes();
        [body_hash[0], canonical_hash[0], signature[0]]
    }
}

/// Median microseconds per call of `f` over `runs` runs of `iters` calls.
pub fn time_us(iters: usize, runs: usize, f: impl FnMut()) -> f64 {
    time_both_us(iters, runs, f).0
}

/// Median (wall, thread CPU) microseconds per call.
pub fn time_both_us(iters: usize, runs: usize, f: impl FnMut()) -> (f64, f64) {
    let t = time_runs_us(iters, runs, f);
    (t.wall, t.cpu)
}

/// Per-call figures of one measurement: medians over the runs, and the spread of the thread
/// CPU time between runs.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub wall: f64,
    pub cpu: f64,
    pub cpu_min: f64,
    pub cpu_max: f64,
}

/// [`time_both_us`], keeping the spread of the runs too.
pub fn time_runs_us(iters: usize, runs: usize, mut f: impl FnMut()) -> Timing {
    for _ in 0..(iters / 10).max(1) {
        f();
    }
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let t = Stopwatch::start();
        for _ in 0..iters {
            f();
        }
        let (w, c) = t.elapsed();
        wall.push(w * 1e6 / iters as f64);
        cpu.push(c * 1e6 / iters as f64);
    }
    let cpu_min = cpu.iter().copied().fold(f64::INFINITY, f64::min);
    let cpu_max = cpu.iter().copied().fold(0.0, f64::max);
    Timing { wall: median(wall), cpu: median(cpu), cpu_min, cpu_max }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub iters: usize,
    pub runs: usize,
    pub ids: usize,
    /// The venv's python; `None` skips the comparison.
    pub python: Option<PathBuf>,
    pub peer_dir: PathBuf,
    pub python_n: usize,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub full_us: f64,
    pub full_cpu_us: f64,
    /// The hashing floor's thread CPU time: SHA-256 of the body + one HMAC-SHA256 of the
    /// string to sign from a raw key (no per-client state), measured in the same run.
    pub floor_cpu_us: f64,
    /// The least any TC3-signed call of the request does ([`Tc3LeastWork`], and reading the
    /// answer without keeping it), thread CPU, same run.
    pub least_cpu_us: f64,
    pub python_same_work_us: Option<f64>,
    pub sign3_us: f64,
    pub python_sign3_us: Option<f64>,
}

pub fn bench(opts: &Options) -> Result<Summary, String> {
    println!("## Client overhead per call, no network (CancelInvocation)\n");
    let creds = credentials();
    let signer = signer(HOST);
    let raw = raw_success();
    let big = request(opts.ids);
    let small = request(3);
    let (iters, runs) = (opts.iters, opts.runs);

    let full_timing = time_runs_us(iters, runs, || {
        black_box(full_call(black_box(&big), &signer, &raw));
    });
    let (full, full_cpu) = (full_timing.wall, full_timing.cpu);
    // The official SDKs' `unsignedPayload` option: the body is not hashed.
    let unsigned = self::signer(HOST).unsigned_payload(true);
    let (full_unsigned, full_unsigned_cpu) = time_both_us(iters, runs, || {
        black_box(full_call(black_box(&big), &unsigned, &raw));
    });
    let validate = time_us(iters, runs, || {
        black_box(black_box(&big).validate()).expect("valid");
    });
    let serialise = time_us(iters, runs, || {
        black_box(Payload::new(CANCEL_INVOCATION.service.envelope, black_box(&big))).expect("serialises");
    });
    let payload = Payload::new(CANCEL_INVOCATION.service.envelope, &big).map_err(|e| e.to_string())?;
    let (sign, sign_cpu) = time_both_us(iters, runs, || {
        black_box(self::sign(&signer, black_box(&payload)));
    });
    let (traced, traced_cpu) = time_both_us(iters, runs, || {
        black_box(signer.sign_traced(&CANCEL_INVOCATION, "", black_box(payload.body()), TIMESTAMP, "")).expect("valid headers");
    });
    let parse = time_us(iters, runs, || {
        let success = response::parse(CANCEL_INVOCATION.service.envelope, black_box(&raw)).expect("success");
        black_box(success.decode::<CancelInvocationResponse, CancelInvocationError>()).expect("decodes");
    });
    let sign_big = time_us(iters, runs, || {
        black_box(serialise_sign(black_box(&big), &signer));
    });
    let sign3 = time_us(iters, runs, || {
        black_box(serialise_sign(black_box(&small), &signer));
    });

    // Where signing goes: the pieces of the builder's traced path for Tencent.
    let (signed, signature) =
        signer.sign_traced(&CANCEL_INVOCATION, "", payload.body(), TIMESTAMP, "").map_err(|e| e.to_string())?;
    let body = payload.body().to_vec();
    let parts = signing::RequestParts {
        method: "POST",
        host: HOST,
        path: "/",
        query: "",
        headers: &[("Content-Type", "application/json")],
        body: &body,
    };
    let (tc3, tc3_cpu) = time_both_us(iters, runs, || {
        black_box(signing::tc3(&creds, "tat", TIMESTAMP, black_box(&parts)));
    });
    let (body_hash, body_hash_cpu) = time_both_us(iters, runs, || {
        black_box(signing::sha256_hex(black_box(&body)));
    });
    let (canonical_hash, canonical_hash_cpu) = time_both_us(iters, runs, || {
        black_box(signing::sha256_hex(black_box(signature.canonical_request.as_bytes())));
    });
    let (date, date_cpu) = time_both_us(iters, runs, || {
        black_box(signing::utc_date(black_box(TIMESTAMP)));
    });
    let string_to_sign = signature.string_to_sign.clone();
    let (hmacs, hmacs_cpu) = time_both_us(iters, runs, || {
        black_box(hmac_chain(black_box("SECRETEXAMPLE"), "2023-11-14", "tat", &string_to_sign));
    });
    let (last_hmac, last_hmac_cpu) = time_both_us(iters, runs, || {
        black_box(hmac_sha256(black_box(b"0123456789abcdef0123456789abcdef"), string_to_sign.as_bytes()));
    });
    // The hashing floor: what any signed call of this body must hash, with raw digests (no
    // hex, no String): SHA-256 of the body, and one HMAC-SHA256 of the string to sign from
    // a 32-byte key (the key set-up included, as a signer without per-client state does it).
    let floor_timing = time_runs_us(iters, runs, || {
        use sha2::Digest;
        black_box(sha2::Sha256::digest(black_box(&body)));
        black_box(hmac_sha256(black_box(b"0123456789abcdef0123456789abcdef"), string_to_sign.as_bytes()));
    });

    // The least any TC3-signed call of this request does: `Tc3LeastWork` (serialise + the
    // three hashes), and reading the answer without keeping anything (serde_json skipping it).
    let least = Tc3LeastWork::new(&signer, &big)?;
    let least_timing = time_runs_us(iters, runs, || {
        black_box(least.run(black_box(&big)));
        black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&raw.body))).expect("JSON");
    });

    let key_cache = cloudpage_runtime::signing::Tc3KeyCache::new();
    let (key_lookup, key_lookup_cpu) = time_both_us(iters, runs, || {
        black_box(key_cache.get(black_box("SECRETEXAMPLE"), "tat", TIMESTAMP));
    });
    // The signer's constant headers: what an attempt clones before adding its own three.
    let header_base = {
        let mut h: HeaderMap = signed.clone();
        for name in ["x-tc-action", "x-tc-timestamp", "authorization"] {
            h.remove(name);
        }
        h.reserve(16 - h.len());
        h
    };
    let (header_clone, header_clone_cpu) = time_both_us(iters, runs, || {
        black_box(black_box(&header_base).clone());
    });

    // The alternative to the clone: the same entries inserted into a new map each attempt
    // (reqwest takes an owned `HeaderMap`, so an attempt builds one either way).
    let header_entries: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)> =
        header_base.iter().map(|(name, value)| (name.clone(), value.clone())).collect();
    let (header_fresh, header_fresh_cpu) = time_both_us(iters, runs, || {
        let mut map = HeaderMap::with_capacity(header_entries.len() + 3);
        for (name, value) in black_box(&header_entries) {
            map.insert(name.clone(), value.clone());
        }
        black_box(map);
    });

    let full3 = time_us(iters, runs, || {
        black_box(full_call(black_box(&small), &signer, &raw));
    });

    let (py_sign3, py_sign_big, py_parse) = match &opts.python {
        Some(python) => {
            let sign3 = python_sign(python, &opts.peer_dir, None, opts.python_n);
            let big = python_sign(python, &opts.peer_dir, Some(opts.ids), opts.python_n);
            let parse = python_parse(python, &opts.peer_dir, opts.python_n);
            for (what, r) in [("sign", &sign3), ("sign (100 IDs)", &big), ("parse", &parse)] {
                if let Err(e) = r {
                    eprintln!("python baseline `{what}` failed: {e}");
                }
            }
            (sign3.ok(), big.ok(), parse.ok())
        }
        None => (None, None, None),
    };
    let py_same = match (py_sign_big, py_parse) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };

    let ratio = |py: Option<f64>, rust: f64| py.map(|p| format!("{:.1}x", p / rust)).unwrap_or_else(|| "-".into());
    let py = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into());
    let ids = opts.ids;
    let mut t = Table::new(&["work", "Rust us/call", "Python SDK us/call", "Python / Rust"]);
    t.row(vec![
        format!("validate + serialise + TC3 sign + parse response, {ids} IDs (target <= 1.5 us CPU)"),
        format!("{full:.2}"),
        py(py_same),
        ratio(py_same, full),
    ]);
    t.row(vec![
        format!("  (the same, thread CPU time: median, min-max of {runs} runs)"),
        format!("{full_cpu:.2} ({:.2}-{:.2})", full_timing.cpu_min, full_timing.cpu_max),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![
        "  the hashing floor: SHA-256 of the body + 1 HMAC-SHA256 (thread CPU; median, min-max)".into(),
        format!("{:.2} ({:.2}-{:.2})", floor_timing.cpu, floor_timing.cpu_min, floor_timing.cpu_max),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![
        "  the call / the floor (thread CPU; target <= 1.4x)".into(),
        format!("{:.2}x", full_cpu / floor_timing.cpu),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![
        "  the least any TC3-signed call of this request does: serialise + its 3 hashes + skim the answer (thread CPU; median, min-max)".into(),
        format!("{:.2} ({:.2}-{:.2})", least_timing.cpu, least_timing.cpu_min, least_timing.cpu_max),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![
        "  that least / the floor (thread CPU): where any TC3 client starts".into(),
        format!("{:.2}x", least_timing.cpu / floor_timing.cpu),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![
        format!("  (the same with unsigned payload, wall / thread CPU; opt-in, as the SDKs' `unsignedPayload`)"),
        format!("{full_unsigned:.2} / {full_unsigned_cpu:.2}"),
        "-".into(),
        "-".into(),
    ]);
    t.row(vec![format!("  validate, {ids} IDs"), format!("{validate:.3}"), "(none)".into(), "-".into()]);
    t.row(vec![format!("  serialise (JSON body), {ids} IDs"), format!("{serialise:.2}"), "-".into(), "-".into()]);
    t.row(vec![format!("  sign (headers + TC3), {ids} IDs"), format!("{sign:.2}"), "-".into(), "-".into()]);
    t.row(vec![format!("    (the same, thread CPU time)"), format!("{sign_cpu:.2}"), "-".into(), "-".into()]);
    t.row(vec!["  parse envelope + decode response".into(), format!("{parse:.2}"), py(py_parse), ratio(py_parse, parse)]);
    t.row(vec!["validate + serialise + TC3 sign + parse response, 3 IDs".into(), format!("{full3:.2}"), "-".into(), "-".into()]);
    t.row(vec![format!("serialise + TC3 sign, {ids} IDs"), format!("{sign_big:.2}"), py(py_sign_big), ratio(py_sign_big, sign_big)]);
    t.row(vec![
        "serialise + TC3 sign, 3 IDs (= bench_baseline.py sign)".into(),
        format!("{sign3:.2}"),
        py(py_sign3),
        ratio(py_sign3, sign3),
    ]);
    t.print();
    println!("\nWhere `sign` goes ({ids} IDs, body {} bytes):\n", body.len());
    let mut t = Table::new(&["piece", "us/call", "thread CPU us/call"]);
    t.row(vec!["request::Signer::sign, the client's per-attempt path (HeaderMap, cached TC3 key)".into(), format!("{sign:.2}"), format!("{sign_cpu:.2}")]);
    t.row(vec!["  SHA-256 of the body (sha256_hex)".into(), format!("{body_hash:.2}"), format!("{body_hash_cpu:.2}")]);
    t.row(vec!["  SHA-256 of the canonical request (sha256_hex)".into(), format!("{canonical_hash:.2}"), format!("{canonical_hash_cpu:.2}")]);
    t.row(vec!["  1 HMAC-SHA256 (signature, derived key cached)".into(), format!("{last_hmac:.2}"), format!("{last_hmac_cpu:.2}")]);
    t.row(vec!["  TC3 key cache lookup (Mutex + Arc clone)".into(), format!("{key_lookup:.3}"), format!("{key_lookup_cpu:.3}")]);
    t.row(vec![format!("  clone of the pre-built HeaderMap ({} headers)", header_base.len()), format!("{header_clone:.3}"), format!("{header_clone_cpu:.3}")]);
    t.row(vec![
        format!("    (instead: the same {} headers inserted into a new map)", header_entries.len()),
        format!("{header_fresh:.3}"),
        format!("{header_fresh_cpu:.3}"),
    ]);
    t.row(vec![
        "  rest: 3 header inserts, Authorization value, hex".into(),
        format!("{:.2}", (sign - body_hash - canonical_hash - last_hmac - key_lookup - header_clone).max(0.0)),
        format!("{:.2}", (sign_cpu - body_hash_cpu - canonical_hash_cpu - last_hmac_cpu - key_lookup_cpu - header_clone_cpu).max(0.0)),
    ]);
    t.row(vec!["request::Signer::sign_traced, the same builder keeping every intermediate string".into(), format!("{traced:.2}"), format!("{traced_cpu:.2}")]);
    t.row(vec!["signing::tc3 alone (pure: derives the key, all intermediate strings)".into(), format!("{tc3:.2}"), format!("{tc3_cpu:.2}")]);
    t.row(vec!["    utc_date(timestamp) (`time` formatting)".into(), format!("{date:.3}"), format!("{date_cpu:.3}")]);
    t.row(vec!["    4 HMAC-SHA256: key derivation (3) + signature (1)".into(), format!("{hmacs:.2}"), format!("{hmacs_cpu:.2}")]);
    t.print();
    println!(
        "\nRust: median of {runs} runs of {iters} calls. Python: `bench_baseline.py sign` (median of 5 runs of {} calls) as is for 3 IDs, with its request swapped for {ids} IDs, and the SDK's own response handling (json.loads + CancelInvocationResponse._deserialize) for parse; the Python SDK has no client-side validation.\n",
        opts.python_n
    );
    Ok(Summary {
        full_us: full,
        full_cpu_us: full_cpu,
        floor_cpu_us: floor_timing.cpu,
        least_cpu_us: least_timing.cpu,
        python_same_work_us: py_same,
        sign3_us: sign3,
        python_sign3_us: py_sign3,
    })
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// TC3's chain, as the runtime computes it: `TC3<secret>` -> date -> service -> `tc3_request`
/// -> signature (hex).
fn hmac_chain(secret: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let k_date = hmac_sha256(format!("TC3{secret}").as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()))
}

fn median_line(stdout: &str) -> Result<f64, String> {
    stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("median: "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no `median:` line in {stdout:?}"))
}

fn run_python(python: &PathBuf, peer_dir: &PathBuf, args: &[String]) -> Result<String, String> {
    let out = std::process::Command::new(python)
        .args(args)
        .current_dir(peer_dir)
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `bench_baseline.py sign`, as is (`ids: None`: its 3-ID request) or with its request
/// swapped for one with `ids` IDs (the script's own `bench_sign`, imported from its folder).
pub fn python_sign(python: &PathBuf, peer_dir: &PathBuf, ids: Option<usize>, n: usize) -> Result<f64, String> {
    let args: Vec<String> = match ids {
        None => vec!["bench_baseline.py".into(), "sign".into(), "--n".into(), n.to_string()],
        Some(ids) => vec![
            "-c".into(),
            format!(
                "import bench_baseline as b\n\
                 make = b.tat_request\n\
                 def request():\n    r = make()\n    r.InstanceIds = ['ins-%08x' % i for i in range({ids})]\n    return r\n\
                 b.tat_request = request\n\
                 b.bench_sign({n}, 5)\n"
            ),
        ],
    };
    median_line(&run_python(python, peer_dir, &args)?)
}

/// The Python SDK's handling of a success body, as its generated `CancelInvocation` does it:
/// `json.loads`, then `CancelInvocationResponse()._deserialize(response["Response"])`.
pub fn python_parse(python: &PathBuf, peer_dir: &PathBuf, n: usize) -> Result<f64, String> {
    let body = String::from_utf8_lossy(SUCCESS_BODY);
    let script = format!(
        "import json, statistics, time\n\
         from tencentcloud.tat.v20201028 import models\n\
         body = {body:?}\n\
         def one():\n    response = json.loads(body)\n    model = models.CancelInvocationResponse()\n    model._deserialize(response['Response'])\n    return model\n\
         one()\n\
         res = []\n\
         for _ in range(5):\n    t0 = time.perf_counter()\n    for _ in range({n}):\n        one()\n    res.append((time.perf_counter() - t0) / {n} * 1e6)\n\
         print('median: %.3f us per parse' % statistics.median(res))\n"
    );
    median_line(&run_python(python, peer_dir, &["-c".into(), script])?)
}
