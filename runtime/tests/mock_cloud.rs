//! End to end against `shared/peer/mock_cloud.py`, which verifies every signature with the
//! official SDKs' own code. Needs the mock running (it needs the SDKs, see
//! shared/peer/README.md), so it is ignored by default:
//!
//! ```sh
//! python shared/peer/mock_cloud.py --port 0     # prints MOCK_CLOUD_PORT=<port>
//! CLOUDPAGE_MOCK_CLOUD_URL=http://127.0.0.1:<port> \
//!   cargo test -p cloudpage-runtime --test mock_cloud -- --ignored
//! ```

mod common;

use std::time::{Duration, Instant};

use cloudpage_runtime::{Client, Config, Credentials, Error, OperationInfo, ServiceInfo};
use common::*;
use serde_json::{Value, json};

const AKID: &str = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001";
const SECRET: &str = "TCEXAMPLESECRETKEYEXAMPLEKEY0001";
const LTAI: &str = "LTAIEXAMPLEACCESSKEY01";
const ALI_SECRET: &str = "ALIEXAMPLESECRETEXAMPLESECRET01";

fn mock_url() -> String {
    std::env::var("CLOUDPAGE_MOCK_CLOUD_URL")
        .expect("set CLOUDPAGE_MOCK_CLOUD_URL to a running mock_cloud.py")
}

async fn control(path: &str, body: Option<Value>) -> Value {
    let http = reqwest::Client::new();
    let url = format!("{}/__mock/{path}", mock_url());
    let response = match body {
        Some(body) => http.post(url).json(&body).send().await,
        None => http.get(url).send().await,
    };
    response.unwrap().json().await.unwrap_or(Value::Null)
}

fn tencent_op(
    name: &'static str,
    version: &'static str,
    action: &'static str,
) -> &'static OperationInfo {
    let service: &'static ServiceInfo = Box::leak(Box::new(ServiceInfo {
        name,
        version,
        ..TAT
    }));
    Box::leak(Box::new(OperationInfo {
        service,
        action,
        rate_limit_per_second: None,
        region_parameter: None,
        validate_json: cloudpage_runtime::validation::accept_any_json,
        anonymous: false,
        paging: None,
    }))
}

fn client(service: &'static ServiceInfo, credentials: Credentials) -> Client {
    let config = Config::builder()
        .endpoint(mock_url())
        .region("ap-guangzhou")
        .credentials(credentials)
        .retry_base_delay(Duration::from_millis(20))
        .attempt_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    Client::new(service, config).unwrap()
}

fn code<T: std::fmt::Debug>(result: Result<T, Error<TestError>>) -> String {
    match result {
        Err(Error::Service(e)) => cloudpage_runtime::OperationError::code(&e.kind).to_owned(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

async fn faults(faults: Value) {
    control("config", Some(json!({ "faults": faults }))).await;
}

#[tokio::test]
#[ignore = "needs shared/peer/mock_cloud.py; see the module docs"]
async fn official_sdk_verifier_accepts_our_requests() {
    control("reset", Some(json!({}))).await;
    control(
        "config",
        Some(json!({
            "tencent": {"max_skew_s": 300},
            "alibaba": {"max_skew_s": 900, "reject_reused_nonce": true},
            "faults": [],
            "rate_limits": {},
        })),
    )
    .await;
    let tc = client(&TAT, Credentials::new(AKID, SECRET));
    let odd = "任务-ü é/ a+b&c=d?e%f*g~h'\"\\";

    // Signatures of all three Tencent services, with awkward characters.
    let ok: Value = tc
        .call_json::<TestError>(
            &CANCEL_INVOCATION,
            json!({"InvocationId": odd, "InstanceIds": ["ins-1", "ins 2"]}),
        )
        .await
        .unwrap();
    assert!(ok["RequestId"].is_string());
    // Unsigned-payload mode, as the official SDKs' `ClientProfile.unsignedPayload`.
    let unsigned = Client::new(
        &TAT,
        Config::builder()
            .endpoint(mock_url())
            .region("ap-guangzhou")
            .credentials(Credentials::new(AKID, SECRET))
            .unsigned_payload(true)
            .build()
            .unwrap(),
    )
    .unwrap();
    let ok: Value = unsigned
        .call_json::<TestError>(&CANCEL_INVOCATION, json!({"InvocationId": odd}))
        .await
        .unwrap();
    assert!(ok["RequestId"].is_string());
    for (name, version, action) in [
        ("dts", "2018-03-30", "DeleteMigrateJob"),
        ("batch", "2017-03-12", "TerminateJob"),
    ] {
        let op = tencent_op(name, version, action);
        client(op.service, Credentials::new(AKID, SECRET))
            .call_json::<TestError>(op, json!({"JobId": odd}))
            .await
            .unwrap_or_else(|e| panic!("{action}: {e}"));
    }
    // Session token, and a wrong secret.
    control(
        "config",
        Some(json!({"tencent": {"tokens": {AKID: "tc-token"}}})),
    )
    .await;
    let with_token = client(
        &TAT,
        Credentials::new(AKID, SECRET).with_session_token("tc-token"),
    );
    with_token
        .call_json::<TestError>(&CANCEL_INVOCATION, json!({"InvocationId": "i"}))
        .await
        .unwrap();
    let request = CancelInvocationRequest {
        invocation_id: "i".into(),
        instance_ids: None,
    };
    assert_eq!(
        code(
            tc.call::<_, CancelInvocationResponse, _>(&CANCEL_INVOCATION, &request)
                .await
        ),
        "AuthFailure.TokenFailure"
    );
    control("config", Some(json!({"tencent": {"tokens": {AKID: null}}}))).await;
    let wrong = client(&TAT, Credentials::new(AKID, "wrong"));
    assert_eq!(
        code(
            wrong
                .call::<_, CancelInvocationResponse, _>(&CANCEL_INVOCATION, &request)
                .await
        ),
        "AuthFailure.SignatureFailure"
    );
    let missing = json!({"InstanceIds": ["a"]});
    assert_eq!(
        code(tc.call::<_, Value, _>(&CANCEL_INVOCATION, &missing).await),
        "MissingParameter"
    );

    // Alibaba: booleans, omitted fields, odd characters, STS, wrong secret.
    let ali = client(&SMC, Credentials::new(LTAI, ALI_SECRET));
    for force in [Some(true), Some(false), None] {
        let request = DeleteSourceServerRequest {
            source_id: odd.into(),
            force,
        };
        let ok: DeleteSourceServerResponse = ali
            .call::<_, _, TestError>(&DELETE_SOURCE_SERVER, &request)
            .await
            .unwrap();
        assert!(!ok.request_id.is_empty());
    }
    control(
        "config",
        Some(json!({"alibaba": {"tokens": {LTAI: "sts-token"}}})),
    )
    .await;
    let sts = client(
        &SMC,
        Credentials::new(LTAI, ALI_SECRET).with_session_token("sts-token"),
    );
    sts.call_json::<TestError>(&DELETE_SOURCE_SERVER, json!({"SourceId": "s-1"}))
        .await
        .unwrap();
    assert_eq!(
        code(
            ali.call::<_, Value, _>(&DELETE_SOURCE_SERVER, &json!({"SourceId": "s-1"}))
                .await
        ),
        "InvalidSecurityToken.Mismatch"
    );
    control("config", Some(json!({"alibaba": {"tokens": {LTAI: null}}}))).await;
    let wrong = client(&SMC, Credentials::new(LTAI, "wrong"));
    assert_eq!(
        code(
            wrong
                .call::<_, Value, _>(&DELETE_SOURCE_SERVER, &json!({"SourceId": "s"}))
                .await
        ),
        "SignatureDoesNotMatch"
    );

    // Faults: throttling is retried (twice, then success); the rest are typed errors.
    faults(json!([{"match": "tencent:tat:*", "kind": "throttle", "times": 2}])).await;
    let before = control("stats", None).await["totals"]["tencent:tat:CancelInvocation"]
        .as_u64()
        .unwrap();
    tc.call_json::<TestError>(&CANCEL_INVOCATION, json!({"InvocationId": "i"}))
        .await
        .unwrap();
    let after = control("stats", None).await["totals"]["tencent:tat:CancelInvocation"]
        .as_u64()
        .unwrap();
    assert_eq!(after - before, 3);

    faults(
        json!([{"match": "alibaba:smc:*", "kind": "throttle", "times": 1, "retry_after_ms": 400}]),
    )
    .await;
    let start = Instant::now();
    ali.call_json::<TestError>(&DELETE_SOURCE_SERVER, json!({"SourceId": "s"}))
        .await
        .unwrap();
    assert!(start.elapsed() >= Duration::from_millis(400));

    for (kind, check) in [
        (
            "malformed",
            (|e: &Error<TestError>| matches!(e, Error::MalformedResponse { .. }))
                as fn(&Error<TestError>) -> bool,
        ),
        ("truncated", |e| matches!(e, Error::TruncatedBody { .. })),
        ("reset", |e| matches!(e, Error::ConnectionClosed { .. })),
        ("close", |e| matches!(e, Error::ConnectionClosed { .. })),
        ("http500", |e| {
            matches!(e, Error::UnexpectedResponse { status: 500, .. })
        }),
        ("internal_error", |e| {
            e.service_error()
                .is_some_and(|s| s.code() == "InternalError")
        }),
    ] {
        for (op, params) in [
            (&CANCEL_INVOCATION, json!({"InvocationId": "i"})),
            (&DELETE_SOURCE_SERVER, json!({"SourceId": "s"})),
        ] {
            faults(json!([{"match": "*", "kind": kind}])).await;
            let client = if op.service.cloud == cloudpage_runtime::Cloud::Tencent {
                &tc
            } else {
                &ali
            };
            let err = client.call_json::<TestError>(op, params).await.unwrap_err();
            assert!(check(&err), "{kind} {}: {err:?}", op.action);
        }
    }
    faults(json!([{"match": "*", "kind": "slow", "delay_s": 3}])).await;
    let err = tc
        .call_json::<TestError>(&CANCEL_INVOCATION, json!({"InvocationId": "i"}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    faults(json!([])).await;

    // The documented 20/s of CancelInvocation, from four clones at once, against a mock that
    // throttles above 20 per second: nothing is throttled and no second sees more than 20.
    control(
        "config",
        Some(json!({"rate_limits": {"tencent:tat:CancelInvocation": 20}})),
    )
    .await;
    control("reset", Some(json!({}))).await;
    let limited = Client::new(
        &TAT,
        Config::builder()
            .endpoint(mock_url())
            .credentials(Credentials::new(AKID, SECRET))
            .max_attempts(1)
            .build()
            .unwrap(),
    )
    .unwrap();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let client = limited.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..15 {
                let params = json!({"InvocationId": format!("w{worker}-{i}")});
                client
                    .call_json::<TestError>(&CANCEL_INVOCATION, params)
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let stats = control("stats", None).await;
    let max = stats["max_per_second"]["tencent:tat:CancelInvocation"]
        .as_u64()
        .unwrap();
    assert_eq!(stats["totals"]["tencent:tat:CancelInvocation"], 60);
    assert!(max <= 20, "{stats}");
    assert!(
        start.elapsed() >= Duration::from_millis(2900),
        "{:?}",
        start.elapsed()
    );
    eprintln!("60 calls in {:?}, max {max} per second", start.elapsed());
    control(
        "config",
        Some(json!({"rate_limits": {"tencent:tat:CancelInvocation": null}})),
    )
    .await;
}
