//! The operation timeout (all attempts and back-off) and per-call overrides, over loopback
//! servers that throttle or delay their answers. Timed assertions have wide margins: each
//! compares a bound of a few hundred milliseconds with what would take several seconds
//! without it.

mod common;

use std::time::{Duration, Instant};

use cloudpage_runtime::{CallOptions, Client, Config, ConfigBuilder, Credentials, Error, TimeoutPhase};
use cloudpage_testkit::servers::*;
use common::*;

const TENCENT_OK: &str = r#"{"Response": {"RequestId": "req-ok-1"}}"#;
const TENCENT_THROTTLED: &str = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "req-throttled"}}"#;

fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(url)
        .region("ap-guangzhou")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE"))
        .rate_limits(false)
}

fn client(builder: ConfigBuilder) -> Client {
    Client::new(&TAT, builder.build().unwrap()).unwrap()
}

fn request() -> CancelInvocationRequest {
    CancelInvocationRequest {
        invocation_id: "inv-1".into(),
        instance_ids: None,
    }
}

async fn call(
    client: &Client,
    options: &CallOptions,
) -> Result<CancelInvocationResponse, Error<TestError>> {
    client.call_with(&CANCEL_INVOCATION, &request(), options).await
}

fn assert_operation_timeout(err: &Error<TestError>, limit: Duration) {
    assert!(
        matches!(err, Error::Timeout { phase: TimeoutPhase::Operation, after, .. } if *after == limit),
        "{err:?}"
    );
    assert!(err.is_timeout() && !err.is_not_sent());
    assert!(err.to_string().starts_with("call to http://127.0.0.1:"), "{err}");
}

/// Ten attempts against a server that always throttles would back off for at least 7.4 s
/// (half of 0.4, 0.8, 1.6, then 2 s six times); the operation timeout ends the call after
/// 1 s, during a back-off, with its own typed error.
#[tokio::test]
async fn the_operation_timeout_bounds_retries_and_back_off() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_THROTTLED)).await;
    let limit = Duration::from_secs(1);
    let client = client(
        config(&server.url())
            .max_attempts(10)
            .retry_base_delay(Duration::from_millis(400))
            .max_retry_delay(Duration::from_secs(2))
            .operation_timeout(limit),
    );
    let start = Instant::now();
    let err = call(&client, &CallOptions::new()).await.unwrap_err();
    let elapsed = start.elapsed();
    assert_operation_timeout(&err, limit);
    assert!(elapsed >= limit && elapsed < Duration::from_secs(5), "{elapsed:?}");
    let hits = server.hits();
    assert!((1..10).contains(&hits), "{hits} attempts");
}

/// One slow answer: the operation timeout fires before the (longer) attempt timeout.
#[tokio::test]
async fn the_operation_timeout_cuts_a_slow_attempt() {
    let server = HyperServer::start(|_, _| {
        Reply::json(200, TENCENT_OK).delayed(Duration::from_secs(20))
    })
    .await;
    let limit = Duration::from_millis(300);
    let client = client(config(&server.url()).operation_timeout(limit));
    let start = Instant::now();
    let err = call(&client, &CallOptions::new()).await.unwrap_err();
    assert_operation_timeout(&err, limit);
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_call_can_set_its_own_operation_timeout() {
    let server = HyperServer::start(|_, _| {
        Reply::json(200, TENCENT_OK).delayed(Duration::from_secs(20))
    })
    .await;
    // The client has none; the call has one.
    let client = client(config(&server.url()));
    let limit = Duration::from_millis(300);
    let start = Instant::now();
    let err = call(&client, &CallOptions::new().timeout(limit)).await.unwrap_err();
    assert_operation_timeout(&err, limit);
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_call_can_set_its_own_attempt_timeout() {
    let server = HyperServer::start(|_, _| {
        Reply::json(200, TENCENT_OK).delayed(Duration::from_secs(20))
    })
    .await;
    let client = client(config(&server.url()).attempt_timeout(Duration::from_secs(30)));
    let short = Duration::from_millis(300);
    let start = Instant::now();
    let err = call(&client, &CallOptions::new().attempt_timeout(short)).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { phase: TimeoutPhase::Attempt, after, .. } if after == short),
        "{err:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_call_can_set_its_own_attempts() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_THROTTLED)).await;
    let client = client(
        config(&server.url())
            .max_attempts(3)
            .retry_base_delay(Duration::from_millis(5)),
    );
    let err = call(&client, &CallOptions::new().max_attempts(1)).await.unwrap_err();
    assert_eq!(err.service_error().unwrap().kind, TestError::RequestLimitExceeded);
    assert_eq!(server.hits(), 1);
    // Without the override the client's three attempts apply.
    call(&client, &CallOptions::new()).await.unwrap_err();
    assert_eq!(server.hits(), 4);
    // And more than the client's.
    call(&client, &CallOptions::new().max_attempts(5)).await.unwrap_err();
    assert_eq!(server.hits(), 9);
}

#[tokio::test]
async fn invalid_call_options_are_typed_and_nothing_is_sent() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = client(config(&server.url()));
    for options in [
        CallOptions::new().timeout(Duration::ZERO),
        CallOptions::new().attempt_timeout(Duration::ZERO),
        CallOptions::new().max_attempts(0),
    ] {
        let err = call(&client, &options).await.unwrap_err();
        assert!(matches!(err, Error::InvalidCallOptions(_)), "{err:?}");
        assert!(err.is_not_sent());
        assert!(err.to_string().contains("must be greater than zero"), "{err}");
    }
    let json = client
        .call_json_with::<TestError>(
            &CANCEL_INVOCATION,
            serde_json::json!({"InvocationId": "inv-1"}),
            &CallOptions::new().max_attempts(0),
        )
        .await
        .unwrap_err();
    assert!(matches!(json, Error::InvalidCallOptions(_)), "{json:?}");
    assert_eq!(server.hits(), 0);
    // A valid call on the same client goes through.
    call(&client, &CallOptions::new().max_attempts(1)).await.unwrap();
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_zero_operation_timeout_is_refused_by_the_config() {
    let err = Config::builder()
        .operation_timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "operation timeout must be greater than zero");
}
