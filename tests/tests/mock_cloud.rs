//! The generated clients against the mock cloud over loopback
//! (`cloudpage_testkit::mock_cloud::MockCloud`): signatures checked server-side with the
//! runtime's signers, every error shape, a fault matrix with server-side attempt counts, the
//! documented rate limit under load, and validation that sends nothing.

use std::time::{Duration, Instant};

use cloudpage_clients::alibaba_smc::{self, DeleteSourceServerError, DeleteSourceServerRequest};
use cloudpage_clients::tencent_batch::{self, TerminateJobError, TerminateJobRequest};
use cloudpage_clients::tencent_dts::{self, DeleteMigrateJobError, DeleteMigrateJobRequest};
use cloudpage_clients::tencent_tat::{self, CancelInvocationError, CancelInvocationRequest};
use cloudpage_runtime::{Config, ConfigBuilder, Credentials, Error, TimeoutPhase, Violation};
use serde_json::json;
use cloudpage_testkit::mock_cloud::*;

/// Attempts per call under the default retry policy.
const ATTEMPTS: usize = Config::DEFAULT_MAX_ATTEMPTS as usize;

fn config(mock: &MockCloud, id: &str, secret: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(mock.url())
        .region("ap-guangzhou")
        .credentials(Credentials::new(id, secret))
        .retry_base_delay(Duration::from_millis(10))
        .attempt_timeout(Duration::from_secs(5))
}

fn tat(mock: &MockCloud) -> tencent_tat::Client {
    tencent_tat::Client::new(config(mock, TC_ID, TC_SECRET).build().unwrap()).unwrap()
}

fn smc(mock: &MockCloud) -> alibaba_smc::Client {
    alibaba_smc::Client::new(
        config(mock, ALI_ID, ALI_SECRET)
            .region("cn-hangzhou")
            .build()
            .unwrap(),
    )
    .unwrap()
}

fn cancel() -> CancelInvocationRequest {
    let mut request = CancelInvocationRequest::new("inv-ib2lld37");
    request.instance_ids = Some(vec!["ins-zcewfho0".into(), "ins 2/ü".into()]);
    request
}

fn delete_source() -> DeleteSourceServerRequest {
    let mut request = DeleteSourceServerRequest::new("s-测试 a+b/c~d&e=f*");
    request.force = Some(true);
    request
}

#[tokio::test]
async fn all_four_generated_clients_are_accepted_by_the_signature_check() {
    let mock = MockCloud::start().await;
    let tat = tat(&mock);
    let response = tat.send(&cancel()).await.unwrap();
    assert!(
        response
            .request_id
            .as_deref()
            .is_some_and(|id| id.starts_with("mock-"))
    );

    let dts = tencent_dts::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    dts.send(&DeleteMigrateJobRequest::new("dts-1"))
        .await
        .unwrap();
    let batch =
        tencent_batch::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    batch
        .send(&TerminateJobRequest::new("job-1"))
        .await
        .unwrap();
    let response = smc(&mock)
        .send(&delete_source())
        .await
        .unwrap();
    assert!(
        response
            .request_id
            .as_deref()
            .is_some_and(|id| id.starts_with("MOCK"))
    );

    let hits = mock.hits();
    let verdicts: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.key.as_str(), h.verdict.as_str()))
        .collect();
    assert_eq!(
        verdicts,
        [
            (TAT_CANCEL, "ok"),
            (DTS_DELETE, "ok"),
            (BATCH_TERMINATE, "ok"),
            (SMC_DELETE, "ok"),
        ]
    );
    // What went over the wire is what the documentation names.
    assert_eq!(hits[0].header("x-tc-version"), Some("2020-10-28"));
    assert_eq!(hits[0].header("x-tc-region"), Some("ap-guangzhou"));
    let body: serde_json::Value = serde_json::from_slice(&hits[0].body).unwrap();
    assert_eq!(
        body,
        json!({"InvocationId": "inv-ib2lld37", "InstanceIds": ["ins-zcewfho0", "ins 2/ü"]})
    );
    assert_eq!(hits[3].header("x-acs-version"), Some("2019-06-01"));
    assert!(hits[3].query.contains("Force=true"), "{}", hits[3].query);
}

#[tokio::test]
async fn wrong_secrets_and_unknown_keys_get_the_clouds_real_codes() {
    let mock = MockCloud::start().await;

    let wrong = tencent_tat::Client::new(config(&mock, TC_ID, "wrong").build().unwrap()).unwrap();
    match wrong.send(&cancel()).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, CancelInvocationError::Common(tencent_tat::CommonError::AuthFailureSignatureFailure));
            assert_eq!(e.code(), "AuthFailure.SignatureFailure");
            assert_eq!(e.http_status, 200, "Tencent answers errors with HTTP 200");
            assert!(e.request_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    let unknown =
        tencent_dts::Client::new(config(&mock, "AKIDunknown", TC_SECRET).build().unwrap()).unwrap();
    match unknown
        .send(&DeleteMigrateJobRequest::new("dts-1"))
        .await
    {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, DeleteMigrateJobError::Common(tencent_dts::CommonError::AuthFailureSecretIdNotFound))
        }
        other => panic!("{other:?}"),
    }

    let wrong = alibaba_smc::Client::new(config(&mock, ALI_ID, "wrong").build().unwrap()).unwrap();
    match wrong.send(&delete_source()).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, DeleteSourceServerError::Common(alibaba_smc::CommonError::SignatureDoesNotMatch));
            assert_eq!(e.http_status, 400);
            assert!(
                e.message.contains("server string to sign is:"),
                "{}",
                e.message
            );
        }
        other => panic!("{other:?}"),
    }
    let unknown =
        alibaba_smc::Client::new(config(&mock, "LTAIunknown", ALI_SECRET).build().unwrap())
            .unwrap();
    match unknown.send(&delete_source()).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, DeleteSourceServerError::Common(alibaba_smc::CommonError::InvalidAccessKeyIdNotFound));
            assert_eq!(e.http_status, 404);
        }
        other => panic!("{other:?}"),
    }
    // Rejections are not retried: one request each.
    assert_eq!(mock.total(), 4);
    let verdicts: Vec<String> = mock.hits().into_iter().map(|h| h.verdict).collect();
    assert_eq!(
        verdicts,
        [
            "AuthFailure.SignatureFailure",
            "AuthFailure.SecretIdNotFound",
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId.NotFound"
        ]
    );
}

#[tokio::test]
async fn every_error_shape_maps_to_the_generated_enum() {
    let mock = MockCloud::start().await;
    let tat = tat(&mock);
    let smc = smc(&mock);

    // Tencent: a documented code of the operation, in the HTTP 200 envelope.
    mock.answer(
        TAT_CANCEL,
        Answer::error(
            200,
            "ResourceNotFound.InvocationNotFound",
            "No execution activity found.",
        ),
    );
    match tat.send(&cancel()).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                e.kind,
                CancelInvocationError::ResourceNotFoundInvocationNotFound
            );
            assert_eq!(e.message, "No execution activity found.");
            assert!(
                e.request_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("mock-"))
            );
        }
        other => panic!("{other:?}"),
    }
    // A code the page does not document is kept.
    mock.answer(
        TAT_CANCEL,
        Answer::error(200, "FailedOperation.Brand.New", "new"),
    );
    match tat.send(&cancel()).await {
        Err(Error::Service(e)) => assert_eq!(
            e.kind,
            CancelInvocationError::Unknown {
                code: "FailedOperation.Brand.New".into(),
                message: "new".into()
            }
        ),
        other => panic!("{other:?}"),
    }
    // The front door's own parameter checks (the typed client and `call_json` validate first,
    // so call the untyped, unvalidated `call` underneath).
    match tat
        .runtime()
        .call::<_, serde_json::Value, CancelInvocationError>(&tencent_tat::CANCEL_INVOCATION, &json!({}))
        .await
    {
        Err(Error::Service(e)) => assert_eq!(e.kind, CancelInvocationError::MissingParameter),
        other => panic!("{other:?}"),
    }
    let ids: Vec<String> = (0..101).map(|i| format!("ins-{i}")).collect();
    match tat
        .runtime()
        .call::<_, serde_json::Value, CancelInvocationError>(
            &tencent_tat::CANCEL_INVOCATION,
            &json!({"InvocationId": "inv-1", "InstanceIds": ids}),
        )
        .await
    {
        Err(Error::Service(e)) => {
            assert_eq!(
                e.kind,
                CancelInvocationError::InvalidParameterValueLimitExceeded
            )
        }
        other => panic!("{other:?}"),
    }
    // DTS and Batch documented codes.
    mock.answer(
        DTS_DELETE,
        Answer::error(
            200,
            "ResourceNotFound.JobNotExist",
            "The migration task does not exist.",
        ),
    );
    let dts = tencent_dts::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    match dts
        .send(&DeleteMigrateJobRequest::new("dts-1"))
        .await
    {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, DeleteMigrateJobError::ResourceNotFoundJobNotExist)
        }
        other => panic!("{other:?}"),
    }
    mock.answer(
        BATCH_TERMINATE,
        Answer::error(
            200,
            "UnsupportedOperation.TerminateOperationWithEnvId",
            "env",
        ),
    );
    let batch =
        tencent_batch::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    match batch
        .send(&TerminateJobRequest::new("job-1"))
        .await
    {
        Err(Error::Service(e)) => assert_eq!(
            e.kind,
            TerminateJobError::UnsupportedOperationTerminateOperationWithEnvId
        ),
        other => panic!("{other:?}"),
    }

    // Alibaba: documented 4xx and 5xx codes with their statuses.
    mock.answer(
        SMC_DELETE,
        Answer::error(400, "SourceServer.WithRunningReplicationJob", "running"),
    );
    match smc.send(&delete_source()).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                e.kind,
                DeleteSourceServerError::SourceServerWithRunningReplicationJob
            );
            assert_eq!(e.http_status, 400);
            assert!(
                e.request_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("MOCK"))
            );
        }
        other => panic!("{other:?}"),
    }
    mock.answer(
        SMC_DELETE,
        Answer::error(403, "Forbidden.RAM", "not authorized"),
    );
    match smc.send(&delete_source()).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.kind, e.http_status),
                (DeleteSourceServerError::Common(alibaba_smc::CommonError::ForbiddenRam), 403)
            )
        }
        other => panic!("{other:?}"),
    }
    mock.answer(
        SMC_DELETE,
        Answer::error(503, "ServiceUnavailable", "later"),
    );
    match smc.send(&delete_source()).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.kind, e.http_status),
                (DeleteSourceServerError::Common(alibaba_smc::CommonError::ServiceUnavailable), 503)
            )
        }
        other => panic!("{other:?}"),
    }
    match smc
        .runtime()
        .call::<_, serde_json::Value, DeleteSourceServerError>(
            &alibaba_smc::DELETE_SOURCE_SERVER,
            &json!({"Force": "maybe"}),
        )
        .await
    {
        Err(Error::Service(e)) => assert_eq!(e.kind, DeleteSourceServerError::Common(alibaba_smc::CommonError::MissingParameter)),
        other => panic!("{other:?}"),
    }
    // None of these is retried.
    assert_eq!(mock.total(), 10);
}

/// Runs one TAT call under `faults`; returns the result, the attempts the server saw and the
/// time taken.
async fn tat_under(
    mock: &MockCloud,
    builder: ConfigBuilder,
    faults: Vec<Fault>,
) -> (
    Result<tencent_tat::CancelInvocationResponse, Error<CancelInvocationError>>,
    usize,
    Duration,
) {
    mock.reset();
    mock.set_faults(faults);
    let client = tencent_tat::Client::new(builder.build().unwrap()).unwrap();
    let start = Instant::now();
    let result = client.send(&cancel()).await;
    (result, mock.count(TAT_CANCEL), start.elapsed())
}

async fn smc_under(
    mock: &MockCloud,
    builder: ConfigBuilder,
    faults: Vec<Fault>,
) -> (
    Result<alibaba_smc::DeleteSourceServerResponse, Error<DeleteSourceServerError>>,
    usize,
    Duration,
) {
    mock.reset();
    mock.set_faults(faults);
    let client = alibaba_smc::Client::new(builder.build().unwrap()).unwrap();
    let start = Instant::now();
    let result = client.send(&delete_source()).await;
    (result, mock.count(SMC_DELETE), start.elapsed())
}

/// Each fault gives its typed error after the number of attempts the retry policy allows:
/// throttling is retried (`max_attempts` in all), everything the server may have acted on or
/// whose answer is unreadable is not (1 attempt).
#[tokio::test]
async fn fault_matrix_with_generated_clients() {
    let mock = MockCloud::start().await;
    let tc = || config(&mock, TC_ID, TC_SECRET);
    let ali = || config(&mock, ALI_ID, ALI_SECRET);
    let all = |kind: FaultKind| vec![Fault::always("*", kind)];

    // Throttling: retried until the attempts run out...
    let (result, attempts, _) = tat_under(
        &mock,
        tc(),
        all(FaultKind::Throttle {
            retry_after_ms: None,
        }),
    )
    .await;
    match result {
        Err(Error::Service(e)) => assert_eq!(e.kind, CancelInvocationError::Common(tencent_tat::CommonError::RequestLimitExceeded)),
        other => panic!("throttle: {other:?}"),
    }
    assert_eq!(attempts, ATTEMPTS, "throttle: attempts");
    // ... or until it passes; every retry is freshly signed (the mock checks each one).
    let faults = vec![
        Fault::always(
            TAT_CANCEL,
            FaultKind::Throttle {
                retry_after_ms: None,
            },
        )
        .times(2),
    ];
    let (result, attempts, _) = tat_under(&mock, tc(), faults).await;
    assert!(result.is_ok(), "throttle x2: {result:?}");
    assert_eq!(attempts, 3, "throttle x2: attempts");
    // The number of attempts is the configured one.
    let (result, attempts, _) = tat_under(
        &mock,
        tc().max_attempts(5),
        all(FaultKind::Throttle {
            retry_after_ms: None,
        }),
    )
    .await;
    assert!(matches!(result, Err(Error::Service(_))), "{result:?}");
    assert_eq!(attempts, 5, "throttle, max_attempts 5");
    let (_, attempts, _) = tat_under(
        &mock,
        tc().max_attempts(1),
        all(FaultKind::Throttle {
            retry_after_ms: None,
        }),
    )
    .await;
    assert_eq!(attempts, 1, "throttle, max_attempts 1");

    // Alibaba throttling honours x-acs-retry-after, each retry with a fresh nonce...
    let (result, attempts, elapsed) = smc_under(
        &mock,
        ali(),
        all(FaultKind::Throttle {
            retry_after_ms: Some(150),
        }),
    )
    .await;
    match result {
        Err(Error::Service(e)) => {
            assert_eq!(e.kind, DeleteSourceServerError::Common(alibaba_smc::CommonError::ThrottlingUser));
            assert_eq!(e.http_status, 400);
            assert_eq!(e.retry_after, Some(Duration::from_millis(150)));
        }
        other => panic!("alibaba throttle: {other:?}"),
    }
    assert_eq!(attempts, ATTEMPTS, "alibaba throttle: attempts");
    assert!(
        elapsed >= Duration::from_millis(300),
        "two waits of >= 150 ms: {elapsed:?}"
    );
    let nonces: std::collections::HashSet<String> = mock
        .hits()
        .iter()
        .map(|h| h.header("x-acs-signature-nonce").unwrap().to_owned())
        .collect();
    assert_eq!(nonces.len(), ATTEMPTS, "a fresh nonce per attempt");
    // ... but a wait longer than the retry cap is the caller's call, not a retry.
    let (result, attempts, _) = smc_under(
        &mock,
        ali().max_retry_delay(Duration::from_secs(1)),
        all(FaultKind::Throttle {
            retry_after_ms: Some(30_000),
        }),
    )
    .await;
    match result {
        Err(Error::Service(e)) => assert_eq!(e.retry_after, Some(Duration::from_secs(30))),
        other => panic!("{other:?}"),
    }
    assert_eq!(attempts, 1, "hint above the cap: attempts");

    // HTTP 500 from a gateway (HTML): not an API answer, not retried.
    let (result, attempts, _) = tat_under(&mock, tc(), all(FaultKind::Http500)).await;
    match result {
        Err(Error::UnexpectedResponse {
            status: 500,
            content_type,
            body,
            ..
        }) => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body.contains("500 Internal Server Error"), "{body}");
        }
        other => panic!("http500: {other:?}"),
    }
    assert_eq!(attempts, 1, "http500: attempts");
    let (result, attempts, _) = smc_under(&mock, ali(), all(FaultKind::Http500)).await;
    assert!(
        matches!(result, Err(Error::UnexpectedResponse { status: 500, .. })),
        "{result:?}"
    );
    assert_eq!(attempts, 1);
    let gateway = FaultKind::Status {
        status: 502,
        content_type: "text/plain",
        body: "Bad Gateway".into(),
    };
    let (result, attempts, _) = tat_under(&mock, tc(), all(gateway)).await;
    assert!(
        matches!(result, Err(Error::UnexpectedResponse { status: 502, .. })),
        "{result:?}"
    );
    assert_eq!(attempts, 1);

    // InternalError: a service error, not retried (the operation may have run).
    let (result, attempts, _) = tat_under(&mock, tc(), all(FaultKind::InternalError)).await;
    match result {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.kind, e.http_status),
                (CancelInvocationError::InternalError, 200)
            )
        }
        other => panic!("internal error: {other:?}"),
    }
    assert_eq!(attempts, 1);
    let (result, attempts, _) = smc_under(&mock, ali(), all(FaultKind::InternalError)).await;
    match result {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.kind, e.http_status),
                (DeleteSourceServerError::InternalError, 500)
            )
        }
        other => panic!("alibaba internal error: {other:?}"),
    }
    assert_eq!(attempts, 1);

    // Malformed JSON.
    let (result, attempts, _) = tat_under(&mock, tc(), all(FaultKind::Malformed)).await;
    match result {
        Err(Error::MalformedResponse {
            status: 200,
            reason,
            ..
        }) => {
            assert!(reason.starts_with("invalid JSON"), "{reason}")
        }
        other => panic!("malformed: {other:?}"),
    }
    assert_eq!(attempts, 1);
    let (result, attempts, _) = smc_under(&mock, ali(), all(FaultKind::Malformed)).await;
    assert!(
        matches!(result, Err(Error::MalformedResponse { status: 200, .. })),
        "{result:?}"
    );
    assert_eq!(attempts, 1);

    // Truncated body: the head announces more than arrives.
    let (result, attempts, _) = tat_under(&mock, tc(), all(FaultKind::Truncated)).await;
    match result {
        Err(Error::TruncatedBody {
            status: 200,
            expected: Some(expected),
            received,
            ..
        }) => {
            assert!(received < expected, "{received} of {expected}")
        }
        other => panic!("truncated: {other:?}"),
    }
    assert_eq!(attempts, 1);
    let (result, attempts, _) = smc_under(&mock, ali(), all(FaultKind::Truncated)).await;
    assert!(
        matches!(result, Err(Error::TruncatedBody { .. })),
        "{result:?}"
    );
    assert_eq!(attempts, 1);

    // Slow answer: the attempt timeout, not retried (the request was sent).
    let timeout = Duration::from_millis(300);
    let (result, attempts, elapsed) = tat_under(
        &mock,
        tc().attempt_timeout(timeout),
        all(FaultKind::Slow(Duration::from_secs(3))),
    )
    .await;
    match result {
        Err(Error::Timeout {
            phase: TimeoutPhase::Attempt,
            after,
            ..
        }) => assert_eq!(after, timeout),
        other => panic!("slow: {other:?}"),
    }
    assert_eq!(attempts, 1);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    // A slow answer inside the timeout is just slow.
    let (result, attempts, elapsed) = smc_under(
        &mock,
        ali(),
        vec![Fault::always("*", FaultKind::Slow(Duration::from_millis(300))).times(1)],
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(attempts, 1);
    assert!(elapsed >= Duration::from_millis(300));

    // Connection reset and close: the request may have been processed, so not retried.
    for kind in [FaultKind::Reset, FaultKind::Close] {
        let (result, attempts, _) = tat_under(&mock, tc(), all(kind.clone())).await;
        assert!(
            matches!(result, Err(Error::ConnectionClosed { .. })),
            "{kind:?}: {result:?}"
        );
        assert_eq!(attempts, 1, "{kind:?}: attempts");
        let (result, attempts, _) = smc_under(&mock, ali(), all(kind.clone())).await;
        assert!(
            matches!(result, Err(Error::ConnectionClosed { .. })),
            "{kind:?}: {result:?}"
        );
        assert_eq!(attempts, 1, "{kind:?}: attempts");
    }

    // A throttled attempt followed by a broken one: retried once, then the transport error.
    let faults = vec![
        Fault::always(
            "*",
            FaultKind::Throttle {
                retry_after_ms: None,
            },
        )
        .times(1),
        Fault::always("*", FaultKind::Reset),
    ];
    let (result, attempts, _) = tat_under(&mock, tc(), faults).await;
    assert!(
        matches!(result, Err(Error::ConnectionClosed { .. })),
        "{result:?}"
    );
    assert_eq!(attempts, 2);

    // After all that the same mock still answers.
    let (result, attempts, _) = tat_under(&mock, tc(), Vec::new()).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(attempts, 1);
}

/// 200 concurrent calls through one client with CancelInvocation's documented 20/s: the
/// server never sees more than 20 in a wall-clock second plus the limiter's burst (1: the
/// runtime lets one request through every 50 ms, no bursts), and the whole run takes at least
/// (200 - burst) / 20 s. Only upper bounds on the rate are asserted, so a slow machine passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_rate_limit_holds_under_200_concurrent_calls() {
    const CALLS: usize = 200;
    const LIMIT: usize = 20;
    const BURST: usize = 1;
    let mock = MockCloud::start().await;
    let client = tat(&mock);
    assert_eq!(
        tencent_tat::CANCEL_INVOCATION.rate_limit_per_second,
        Some(LIMIT as u32)
    );

    let start = Instant::now();
    let calls: Vec<_> = (0..CALLS)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send(&CancelInvocationRequest::new(format!("inv-{i}")))
                    .await
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let elapsed = start.elapsed();

    assert_eq!(mock.count(TAT_CANCEL), CALLS);
    let buckets = mock.per_second(TAT_CANCEL);
    let busiest = buckets.values().copied().max().unwrap();
    eprintln!("{CALLS} calls in {elapsed:?}; requests per second at the server: {buckets:?}");
    assert!(
        busiest <= LIMIT + BURST,
        "{busiest} requests in one second; buckets: {buckets:?}"
    );
    let floor = Duration::from_millis(((CALLS - BURST) * 1000 / LIMIT) as u64);
    // Timer granularity: allow 50 ms below the exact floor (9.95 s).
    assert!(
        elapsed + Duration::from_millis(50) >= floor,
        "{CALLS} calls took {elapsed:?}, less than {floor:?}"
    );
    // The server saw them spread over at least as many wall-clock seconds.
    assert!(buckets.len() >= (CALLS - BURST) / LIMIT, "{buckets:?}");
}

#[tokio::test]
async fn validation_failures_send_nothing() {
    let mock = MockCloud::start().await;
    let mut request = CancelInvocationRequest::new("inv-1");
    request.instance_ids = Some((0..101).map(|i| format!("ins-{i}")).collect());
    match tat(&mock).send(&request).await {
        Err(Error::Validation(e)) => {
            assert_eq!(e.field, "InstanceIds");
            assert_eq!(
                e.violation,
                Violation::TooManyItems {
                    max: 100,
                    actual: 101
                }
            );
        }
        other => panic!("{other:?}"),
    }
    let dts = tencent_dts::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    match dts
        .send(&DeleteMigrateJobRequest::default())
        .await
    {
        Err(Error::Validation(e)) => {
            assert_eq!(
                (e.field.as_str(), &e.violation),
                ("JobId", &Violation::Missing)
            )
        }
        other => panic!("{other:?}"),
    }
    let batch =
        tencent_batch::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    match batch.send(&TerminateJobRequest::default()).await {
        Err(Error::Validation(e)) => assert_eq!(e.field, "JobId"),
        other => panic!("{other:?}"),
    }
    match smc(&mock)
        .send(&DeleteSourceServerRequest::default())
        .await
    {
        Err(Error::Validation(e)) => assert_eq!(e.field, "SourceId"),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.total(), 0, "the server saw {:?}", mock.hits());
}

/// A documented required `RegionId` left unset is the client's region on every way of making
/// a call, checked as it goes on the wire: the fluent call, `Client::send` of a request built
/// elsewhere, `call_json`, a paginator. Without a region on the client it stays refused, and
/// the other checks still run when it is filled.
#[tokio::test]
async fn an_unset_required_region_id_is_the_clients_region_on_every_call_path() {
    use cloudpage_clients::alibaba_ecs::{self, DescribeInstancesRequest};
    use cloudpage_runtime::{CallOptions, GenericError, Paginator};
    use futures_util::StreamExt;

    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:DescribeInstances", |_| Answer::Success(json!({"NextToken": "", "Instances": {"Instance": []}})));
    let ecs = alibaba_ecs::Client::new(config(&mock, ALI_ID, ALI_SECRET).region("cn-hangzhou").build().unwrap()).unwrap();
    ecs.describe_instances().send().await.expect("the fluent call");
    ecs.send(&DescribeInstancesRequest::default()).await.expect("Client::send");
    ecs.runtime().call_json::<GenericError>(&alibaba_ecs::DESCRIBE_INSTANCES, json!({})).await.expect("call_json");
    let pages: Vec<_> = Paginator::<serde_json::Value, GenericError>::new(ecs.runtime().clone(), &alibaba_ecs::DESCRIBE_INSTANCES, &json!({}), CallOptions::default())
        .send()
        .collect()
        .await;
    assert!(matches!(&pages[..], [Ok(_)]), "{pages:?}");
    let hits = mock.hits();
    assert_eq!(hits.len(), 4, "{hits:?}");
    assert!(hits.iter().all(|h| h.verdict == "ok" && h.query.contains("RegionId=cn-hangzhou")), "{hits:?}");

    // The region filled, the request's other rules still apply ("Maximum value: 100.").
    let over = DescribeInstancesRequest { max_results: Some(1000), ..Default::default() };
    match ecs.send(&over).await {
        Err(Error::Validation(v)) => assert_eq!(v.field, "MaxResults"),
        other => panic!("{other:?}"),
    }
    // A client without a region has none to fill: the documented requirement stands.
    let nowhere = Config::builder().endpoint(mock.url()).credentials(Credentials::new(ALI_ID, ALI_SECRET)).build().unwrap();
    let nowhere = alibaba_ecs::Client::new(nowhere).unwrap();
    match nowhere.send(&DescribeInstancesRequest::default()).await {
        Err(Error::Validation(v)) => assert_eq!((v.field.as_str(), v.violation), ("RegionId", Violation::Missing)),
        other => panic!("{other:?}"),
    }
    match nowhere.runtime().call_json::<GenericError>(&alibaba_ecs::DESCRIBE_INSTANCES, json!({})).await {
        Err(Error::Validation(v)) => assert_eq!(v.field, "RegionId"),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.total(), 4);
}

/// A value the cloud added after these pages were read is sent as the caller set it
/// (`Unknown(..)`), by a paginator as by `send()`: a typed request's pages are checked as
/// typed requests (the documented rules), not decoded strictly like hand-written JSON, which
/// refuses a value outside the documented list.
#[tokio::test]
async fn a_typed_paginator_sends_an_undocumented_enum_value_as_send_does() {
    use cloudpage_clients::alibaba_ecs::{self, DescribeInstancesResponse, DescribeInstancesStatus};
    use cloudpage_runtime::{CallOptions, Paginator};
    use futures_util::StreamExt;

    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:DescribeInstances", move |params| {
        let first = params.get("NextToken").is_none();
        Answer::Success(json!({"NextToken": if first { "t1" } else { "" }, "Instances": {"Instance": [{"InstanceId": "i-1"}]}}))
    });
    let ecs = alibaba_ecs::Client::new(config(&mock, ALI_ID, ALI_SECRET).region("cn-hangzhou").build().unwrap()).unwrap();
    let migrating = || DescribeInstancesStatus::Unknown("Migrating".into());
    ecs.describe_instances().status(migrating()).send().await.expect("send() sends it");
    let items: Vec<_> = ecs.describe_instances().status(migrating()).into_paginator().items().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    let hits = mock.hits();
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert!(hits.iter().all(|h| h.verdict == "ok" && h.query.contains("Status=Migrating")), "{hits:?}");

    // Hand-written JSON is still read strictly: the same value is refused, nothing sent.
    let refused: Vec<_> = Paginator::<DescribeInstancesResponse, alibaba_ecs::DescribeInstancesError>::new(
        ecs.runtime().clone(),
        &alibaba_ecs::DESCRIBE_INSTANCES,
        &json!({"RegionId": "cn-hangzhou", "Status": "Migrating"}),
        CallOptions::default(),
    )
    .send()
    .collect()
    .await;
    assert!(matches!(&refused[..], [Err(Error::Validation(v))] if v.field == "Status"), "{refused:?}");
    assert_eq!(mock.total(), 3);
}

/// The generated paging data of real operations drive the paginators end to end (the fluent
/// calls' `into_paginator()`, and `rt::Paginator` over a typed request): ECS
/// `DescribeInstances` by `NextToken` with typed items (`DescribeInstancesInstance`) and a
/// typed request whose `InstanceIds` travel as JSON text, each page through the operation's
/// generated checks; CVM `DescribeInstances` by `Offset` with typed pages.
#[tokio::test]
async fn generated_paging_data_drive_the_paginator() {
    use cloudpage_clients::alibaba_ecs::{
        self, DescribeInstancesError, DescribeInstancesInstance, DescribeInstancesRequest,
        DescribeInstancesResponse,
    };
    use cloudpage_clients::tencent_cvm;
    use cloudpage_runtime::{CallOptions, Paginator};
    use futures_util::StreamExt;

    let mock = MockCloud::start().await;
    let ids = |range: std::ops::Range<u64>| -> Vec<serde_json::Value> {
        range.map(|i| json!({"InstanceId": format!("i-{i}")})).collect()
    };
    mock.answer_with("alibaba:ecs:DescribeInstances", move |params| {
        let page: u64 = params
            .get("NextToken")
            .and_then(|t| t.as_str())
            .map_or(0, |t| t.trim_start_matches('t').parse().unwrap());
        let next = if page < 2 { format!("t{}", page + 1) } else { String::new() };
        Answer::Success(json!({"NextToken": next, "Instances": {"Instance": ids(page * 2..page * 2 + 2)}}))
    });
    let ecs = alibaba_ecs::Client::new(config(&mock, ALI_ID, ALI_SECRET).region("cn-hangzhou").build().unwrap()).unwrap();
    let mut request = DescribeInstancesRequest::new("cn-hangzhou");
    request.instance_ids = Some(vec!["i-0".into(), "i-5".into()]);
    request.max_results = Some(2);
    // The fluent call's paginator, as users write it.
    let instances: Vec<DescribeInstancesInstance> = ecs
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids("i-0")
        .instance_ids("i-5")
        .max_results(2)
        .into_paginator()
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    let got: Vec<String> = instances.into_iter().map(|i| i.instance_id.unwrap()).collect();
    assert_eq!(got, ["i-0", "i-1", "i-2", "i-3", "i-4", "i-5"]);
    let hits = mock.hits();
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h.verdict == "ok" && h.query.contains("InstanceIds=%5B%22i-0%22%2C%22i-5%22%5D")), "{hits:?}");

    // A page size over the documented maximum (MaxResults: "Maximum value: 100.") is refused by the
    // generated checks before anything is sent.
    let refused: Vec<_> = Paginator::<DescribeInstancesResponse, DescribeInstancesError>::for_request(
        ecs.runtime().clone(),
        &request,
        CallOptions::default(),
    )
    .page_size(1000)
    .send()
    .collect()
    .await;
    assert!(matches!(&refused[..], [Err(Error::Validation(v))] if v.field == "MaxResults"), "{refused:?}");
    assert_eq!(mock.total(), 3);

    mock.answer_with("tencent:cvm:DescribeInstances", move |params| {
        let offset = params.get("Offset").and_then(|o| o.as_u64()).unwrap_or(0);
        let end = (offset + 20).min(30);
        Answer::Success(json!({"TotalCount": 30, "InstanceSet": ids(offset..end)}))
    });
    let cvm = tencent_cvm::Client::new(config(&mock, TC_ID, TC_SECRET).build().unwrap()).unwrap();
    let pages: Vec<tencent_cvm::DescribeInstancesResponse> = cvm
        .describe_instances()
        .into_paginator()
        .send()
    .map(|page| page.unwrap())
    .collect()
    .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.instance_set.as_ref().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [20, 10]);
}

/// A parameter the page types `Json` (ECS `RunCommand`'s `Parameters`) travels as one query
/// parameter holding its JSON text, as the official SDKs send it, not flattened into
/// `Parameters.name=Jack`.
#[tokio::test]
async fn a_json_parameter_travels_as_its_json_text() {
    use cloudpage_clients::alibaba_ecs;
    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:RunCommand", |_| Answer::Success(json!({"CommandId": "c-1", "InvokeId": "t-1"})));
    let ecs = alibaba_ecs::Client::new(config(&mock, ALI_ID, ALI_SECRET).region("cn-hangzhou").build().unwrap()).unwrap();
    ecs.run_command()
        .command_content("echo {{name}}")
        .instance_id("i-1")
        .r#type("RunShellScript")
        .parameters(json!({"name": "Jack"}))
        .send()
        .await
        .expect("the mock answers");
    let hits = mock.hits();
    assert_eq!(hits.len(), 1);
    let query = &hits[0].query;
    assert_eq!(hits[0].verdict, "ok", "{query}");
    assert!(query.contains("Parameters=%7B%22name%22%3A%22Jack%22%7D"), "{query}");
    assert!(!query.contains("Parameters.name"), "{query}");
}
