//! The client against loopback servers: what goes on the wire, success and error mapping,
//! retries, timeouts, broken connections, rate limits, tracing, and secret hygiene.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloudpage_runtime::signing::{self, RequestParts};
use cloudpage_runtime::{
    Client, Config, ConfigBuilder, Credentials, CredentialsError, CredentialsSource, Error, GenericError, OperationInfo,
    TimeoutPhase, ValidationError,
};
use cloudpage_testkit::servers::*;
use common::*;
use serde_json::{Value, json};

const AKID: &str = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001";
const SECRET: &str = "TCEXAMPLESECRETKEYEXAMPLEKEY0001";
const TOKEN: &str = "tc-session-token-EXAMPLE";
const LTAI: &str = "LTAIEXAMPLEACCESSKEY01";
const ALI_SECRET: &str = "ALIEXAMPLESECRETEXAMPLESECRET01";

const TENCENT_OK: &str = r#"{"Response": {"RequestId": "req-ok-1"}}"#;
const TENCENT_THROTTLED: &str = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "req-throttled"}}"#;
const TENCENT_NOT_FOUND: &str = r#"{"Response": {"Error": {"Code": "ResourceNotFound.InvocationNotFound", "Message": "No execution activity found."}, "RequestId": "req-404"}}"#;

fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(url)
        .region("ap-guangzhou")
        .credentials(Credentials::new(AKID, SECRET))
        .retry_base_delay(Duration::from_millis(5))
        .rate_limits(false)
}

fn tencent(builder: ConfigBuilder) -> Client {
    Client::new(&TAT, builder.build().unwrap()).unwrap()
}

fn cancel(id: &str) -> CancelInvocationRequest {
    CancelInvocationRequest {
        invocation_id: id.into(),
        instance_ids: Some(vec!["ins-1".into(), "ins 2/ü".into()]),
    }
}

async fn call_cancel(
    client: &Client,
    id: &str,
) -> Result<CancelInvocationResponse, Error<TestError>> {
    client.call(&CANCEL_INVOCATION, &cancel(id)).await
}

/// Recomputes the signature of a received request with the received bytes.
fn resign(
    received: &Received,
    signed: &[&str],
    credentials: &Credentials,
    tc3: Option<(&str, i64)>,
) -> String {
    let headers: Vec<(&str, &str)> = signed
        .iter()
        .map(|n| (*n, received.header(n).unwrap()))
        .collect();
    let query = received.uri.split_once('?').map_or("", |(_, q)| q);
    let parts = RequestParts {
        method: &received.method,
        host: received.header("host").unwrap(),
        path: received.uri.split('?').next().unwrap(),
        query,
        headers: &headers,
        body: &received.body,
    };
    match tc3 {
        Some((service, timestamp)) => {
            signing::tc3(credentials, service, timestamp, &parts).authorization
        }
        None => signing::acs3(credentials, &parts).authorization,
    }
}

#[tokio::test]
async fn tencent_request_on_the_wire_and_success() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let credentials = Credentials::new(AKID, SECRET).with_session_token(TOKEN);
    let client = tencent(
        config(&server.url())
            .credentials(credentials.clone())
            .language("en-US"),
    );
    let response = call_cancel(&client, "inv-ü/1").await.unwrap();
    assert_eq!(
        response,
        CancelInvocationResponse {
            request_id: "req-ok-1".into()
        }
    );

    let received = server.received.lock().unwrap()[0].clone();
    assert_eq!(
        (received.method.as_str(), received.uri.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        received.header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(received.header("x-tc-action"), Some("CancelInvocation"));
    assert_eq!(received.header("x-tc-version"), Some("2020-10-28"));
    assert_eq!(received.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(received.header("x-tc-token"), Some(TOKEN));
    assert_eq!(received.header("x-tc-language"), Some("en-US"));
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(
        body,
        json!({"InvocationId": "inv-ü/1", "InstanceIds": ["ins-1", "ins 2/ü"]})
    );

    let timestamp: i64 = received.header("x-tc-timestamp").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - timestamp).abs() < 60);
    let authorization = received.header("authorization").unwrap();
    assert!(
        authorization.starts_with(&format!("TC3-HMAC-SHA256 Credential={AKID}/")),
        "{authorization}"
    );
    assert!(
        authorization.contains("/tat/tc3_request, SignedHeaders=content-type;host, Signature=")
    );
    assert_eq!(
        authorization,
        resign(
            &received,
            &["content-type"],
            &credentials,
            Some(("tat", timestamp))
        )
    );
}

#[tokio::test]
async fn alibaba_request_on_the_wire_and_success() {
    let server = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId":"ali-ok"}"#)).await;
    let credentials = Credentials::new(LTAI, ALI_SECRET).with_session_token("sts-token");
    let client = Client::new(
        &SMC,
        config(&server.url())
            .credentials(credentials.clone())
            .build()
            .unwrap(),
    )
    .unwrap();
    let request = DeleteSourceServerRequest {
        source_id: "s-1 *ü".into(),
        force: Some(true),
    };
    let response: DeleteSourceServerResponse = client
        .call::<_, _, TestError>(&DELETE_SOURCE_SERVER, &request)
        .await
        .unwrap();
    assert_eq!(response.request_id, "ali-ok");

    let received = server.received.lock().unwrap()[0].clone();
    assert_eq!(received.method, "POST");
    assert_eq!(received.uri, "/?Force=true&SourceId=s-1%20%2A%C3%BC");
    assert!(received.body.is_empty());
    assert_eq!(received.header("x-acs-action"), Some("DeleteSourceServer"));
    assert_eq!(received.header("x-acs-version"), Some("2019-06-01"));
    assert_eq!(received.header("x-acs-security-token"), Some("sts-token"));
    assert_eq!(received.header("x-acs-accesskey-id"), Some(LTAI));
    assert_eq!(
        received.header("x-acs-content-sha256"),
        Some(signing::sha256_hex(b"").as_str())
    );
    assert_eq!(
        received.header("x-acs-signature-nonce").map(str::len),
        Some(32)
    );
    let signed: Vec<&str> = received
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("x-acs-"))
        .collect();
    assert_eq!(
        received.header("authorization").unwrap(),
        resign(&received, &signed, &credentials, None)
    );
}

#[tokio::test]
async fn service_errors_are_typed_and_not_retried() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_NOT_FOUND)).await;
    let client = tencent(config(&server.url()));
    let err = call_cancel(&client, "inv-1").await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.kind, TestError::InvocationNotFound);
    assert_eq!(service.code(), "ResourceNotFound.InvocationNotFound");
    assert_eq!(service.message, "No execution activity found.");
    assert_eq!(
        (service.request_id.as_deref(), service.http_status),
        (Some("req-404"), 200)
    );
    assert_eq!(err.request_id(), Some("req-404"));
    assert_eq!(
        err.to_string(),
        "ResourceNotFound.InvocationNotFound: No execution activity found. (HTTP 200, request id req-404)"
    );
    assert_eq!(server.hits(), 1);

    let body = r#"{"RequestId":"r-400","HostId":"smc.aliyuncs.com","Code":"SourceServer.WithRunningReplicationJob","Message":"busy"}"#;
    let server = HyperServer::start(move |_, _| Reply::json(400, body)).await;
    let client = Client::new(&SMC, config(&server.url()).build().unwrap()).unwrap();
    let request = DeleteSourceServerRequest {
        source_id: "s-1".into(),
        force: None,
    };
    let err = client
        .call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request)
        .await
        .unwrap_err();
    let service = err.service_error().unwrap();
    assert_eq!(
        (&service.kind, service.http_status),
        (&TestError::WithRunningReplicationJob, 400)
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn throttling_is_retried_until_success_or_attempts_run_out() {
    let server = HyperServer::start(|n, _| {
        Reply::json(200, if n < 2 { TENCENT_THROTTLED } else { TENCENT_OK })
    })
    .await;
    let client = tencent(config(&server.url()));
    assert_eq!(
        call_cancel(&client, "inv-1").await.unwrap().request_id,
        "req-ok-1"
    );
    assert_eq!(server.hits(), 3);
    // Each attempt is signed anew (same second is fine, but the body must be identical).
    let received = server.received.lock().unwrap().clone();
    assert!(received.windows(2).all(|w| w[0].body == w[1].body));
    // The limit is per second ("exceeds the frequency limit 20 for a second"): each retry
    // waits the second out, however short the configured base delay (5 ms here).
    for pair in received.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_secs(1), "{gap:?}");
    }

    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_THROTTLED)).await;
    let client = tencent(config(&server.url()).max_attempts(2));
    let err = call_cancel(&client, "inv-1").await.unwrap_err();
    assert_eq!(
        err.service_error().unwrap().kind,
        TestError::RequestLimitExceeded
    );
    assert_eq!(server.hits(), 2);

    // A throttling code the operation's enum does not know is still retried (common class).
    let unknown = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded.UinLimitExceeded", "Message": "m"}, "RequestId": "r"}}"#;
    let server =
        HyperServer::start(move |n, _| Reply::json(200, if n == 0 { unknown } else { TENCENT_OK }))
            .await;
    let client = tencent(config(&server.url()));
    call_cancel(&client, "inv-1").await.unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn alibaba_retry_after_hint_is_honoured() {
    // The recorded 429 with `x-acs-retry-after: 1500`, then success.
    let fixture = load("responses/alibaba_throttling_with_retry_after.json");
    let body = str_of(&fixture, "/http/body_utf8").to_owned();
    let server = HyperServer::start(move |n, _| {
        if n == 0 {
            Reply::json(429, &body).header("x-acs-retry-after", "1500")
        } else {
            Reply::json(200, r#"{"RequestId":"after-wait"}"#)
        }
    })
    .await;
    let client = Client::new(&SMC, config(&server.url()).build().unwrap()).unwrap();
    let request = DeleteSourceServerRequest {
        source_id: "s-1".into(),
        force: None,
    };
    let start = Instant::now();
    let response: DeleteSourceServerResponse = client
        .call::<_, _, TestError>(&DELETE_SOURCE_SERVER, &request)
        .await
        .unwrap();
    assert_eq!(response.request_id, "after-wait");
    let received = server.received.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    let gap = received[1].at - received[0].at;
    assert!(gap >= Duration::from_millis(1500), "{gap:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
    // A fresh nonce per attempt (Alibaba rejects reused nonces).
    assert_ne!(
        received[0].header("x-acs-signature-nonce"),
        received[1].header("x-acs-signature-nonce")
    );

    // A hint longer than the retry cap is handed to the caller instead of waited for.
    let server = HyperServer::start(|_, _| {
        Reply::json(
            429,
            r#"{"RequestId":"r","Code":"Throttling","Message":"m"}"#,
        )
        .header("x-acs-retry-after", "60000")
    })
    .await;
    let client = Client::new(&SMC, config(&server.url()).build().unwrap()).unwrap();
    let err = client
        .call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request)
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error().unwrap().retry_after,
        Some(Duration::from_secs(60))
    );
    assert_eq!(server.hits(), 1);
}

/// An operation sent without a signature (STS `AssumeRoleWithSAML`, declared `anonymous`):
/// an anonymous client sends it with no `Authorization`, key or token, and Alibaba RPC's with
/// `Format=json`, as the official SDKs do, and refuses a signed operation with a typed error
/// before anything is sent. A client with session credentials sends a Tencent one with
/// `Authorization: SKIP` and without its token.
#[tokio::test]
async fn anonymous_operations_carry_no_credentials() {
    const ALIBABA_SAML: OperationInfo = OperationInfo { action: "AssumeRoleWithSAML", anonymous: true, ..DELETE_SOURCE_SERVER };
    let server = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId":"r1"}"#)).await;
    let anonymous = config(&server.url()).credentials_source(CredentialsSource::Anonymous).build().unwrap();
    let client = Client::new(&SMC, anonymous).unwrap();
    let request = DeleteSourceServerRequest { source_id: "s-1".into(), force: None };
    let answer: DeleteSourceServerResponse = client.call::<_, _, TestError>(&ALIBABA_SAML, &request).await.unwrap();
    assert_eq!(answer.request_id, "r1");
    let sent = server.received.lock().unwrap()[0].clone();
    for absent in ["authorization", "x-acs-accesskey-id", "x-acs-security-token"] {
        assert_eq!(sent.header(absent), None, "{absent}");
    }
    assert_eq!(sent.header("x-acs-action"), Some("AssumeRoleWithSAML"));
    for present in ["x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] {
        assert!(sent.header(present).is_some(), "{present}");
    }
    assert!(sent.uri.ends_with("&Format=json"), "{}", sent.uri);
    let err = client.call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request).await.unwrap_err();
    assert!(
        matches!(err, Error::Credentials(CredentialsError::Anonymous { action: Some("DeleteSourceServer") })),
        "{err:?}"
    );
    assert_eq!(server.hits(), 1, "the signed call is not sent");

    const TENCENT_SAML: OperationInfo = OperationInfo { action: "AssumeRoleWithSAML", anonymous: true, ..CANCEL_INVOCATION };
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent(config(&server.url()).credentials(Credentials::new(AKID, SECRET).with_session_token("session-token")));
    let _: CancelInvocationResponse = client.call::<_, _, TestError>(&TENCENT_SAML, &cancel("inv-1")).await.unwrap();
    let sent = server.received.lock().unwrap()[0].clone();
    assert_eq!(sent.header("authorization"), Some("SKIP"));
    assert_eq!(sent.header("x-tc-token"), None);
    assert_eq!(sent.header("x-tc-action"), Some("AssumeRoleWithSAML"));
    assert!(sent.header("x-tc-timestamp").is_some());
    assert!(!sent.uri.contains('?'), "{}", sent.uri);
}

/// A provider that counts its fetches and always fails: an anonymous operation must not ask it.
#[derive(Debug, Default)]
struct CountingProvider(std::sync::atomic::AtomicUsize);

impl cloudpage_runtime::providers::ProvideCredentials for CountingProvider {
    fn name(&self) -> &'static str {
        "counting"
    }
    fn fetch(&self) -> cloudpage_runtime::providers::ProviderFuture<'_> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async { Err(CredentialsError::Provider { provider: "counting", reason: "never".into() }) })
    }
}

/// A client with credentials sends an anonymous Alibaba operation without any of them (no
/// access key, no session token, no `Authorization`), and one with a provider does not ask it.
#[tokio::test]
async fn anonymous_operations_leave_a_clients_credentials_out() {
    const ALIBABA_OIDC: OperationInfo = OperationInfo { action: "AssumeRoleWithOIDC", anonymous: true, ..DELETE_SOURCE_SERVER };
    let server = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId":"r1"}"#)).await;
    let request = DeleteSourceServerRequest { source_id: "s-1".into(), force: None };
    let with_token = config(&server.url()).credentials(Credentials::new("STS.KEYID", SECRET).with_session_token("session-token"));
    let client = Client::new(&SMC, with_token.build().unwrap()).unwrap();
    let _: DeleteSourceServerResponse = client.call::<_, _, TestError>(&ALIBABA_OIDC, &request).await.unwrap();
    let sent = server.received.lock().unwrap()[0].clone();
    for absent in ["authorization", "x-acs-accesskey-id", "x-acs-security-token"] {
        assert_eq!(sent.header(absent), None, "{absent}");
    }
    assert!(!format!("{:?}", sent.headers).contains("session-token") && !sent.uri.contains("STS.KEYID"));
    // The same client's signed operations still carry them.
    let _: DeleteSourceServerResponse = client.call::<_, _, TestError>(&DELETE_SOURCE_SERVER, &request).await.unwrap();
    let signed = server.received.lock().unwrap()[1].clone();
    assert_eq!(signed.header("x-acs-security-token"), Some("session-token"));
    assert!(signed.header("authorization").is_some_and(|a| a.contains("STS.KEYID")));

    let provider = std::sync::Arc::new(CountingProvider::default());
    let shared = cloudpage_runtime::providers::SharedCredentialsProvider::new(ArcProvider(provider.clone()));
    let client = Client::new(&SMC, config(&server.url()).credentials_source(CredentialsSource::Provider(shared)).build().unwrap()).unwrap();
    let _: DeleteSourceServerResponse = client.call::<_, _, TestError>(&ALIBABA_OIDC, &request).await.unwrap();
    assert_eq!(provider.0.load(std::sync::atomic::Ordering::SeqCst), 0, "the provider is not asked");
    assert!(client.call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request).await.is_err());
    assert_eq!(provider.0.load(std::sync::atomic::Ordering::SeqCst), 1, "a signed call asks it");
}

/// Shares a provider with the test that reads its count.
#[derive(Debug)]
struct ArcProvider(std::sync::Arc<CountingProvider>);

impl cloudpage_runtime::providers::ProvideCredentials for ArcProvider {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn fetch(&self) -> cloudpage_runtime::providers::ProviderFuture<'_> {
        self.0.fetch()
    }
}

/// An Alibaba call's parameters travel in the URL's query (an OIDC token, a password), and a
/// connection error's text is shown and logged: it names the endpoint, never the URL.
#[tokio::test]
async fn a_transport_error_does_not_show_the_query() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::new(&SMC, config(&format!("http://127.0.0.1:{port}")).max_attempts(1).build().unwrap()).unwrap();
    let request = DeleteSourceServerRequest { source_id: "token-in-the-query-do-not-show".into(), force: None };
    let err = client.call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Connect { .. }), "{shown}");
    assert!(!shown.contains("token-in-the-query-do-not-show"), "{shown}");
}

/// An Alibaba error body without its `RequestId` (as a gateway in front of the API answers)
/// takes the id from the `x-acs-request-id` header; one in the body wins over the header.
#[tokio::test]
async fn an_alibaba_error_without_request_id_takes_the_header() {
    let request = DeleteSourceServerRequest { source_id: "s-1".into(), force: None };
    for (body, expected) in [
        (r#"{"Code":"InvalidParameter","Message":"m"}"#, "from-header"),
        (r#"{"RequestId":"from-body","Code":"InvalidParameter","Message":"m"}"#, "from-body"),
    ] {
        let server = HyperServer::start(move |_, _| Reply::json(400, body).header("x-acs-request-id", "from-header")).await;
        let client = Client::new(&SMC, config(&server.url()).build().unwrap()).unwrap();
        let err = client
            .call::<_, DeleteSourceServerResponse, TestError>(&DELETE_SOURCE_SERVER, &request)
            .await
            .unwrap_err();
        assert_eq!(err.request_id(), Some(expected), "{body}");
    }
}

/// HTTP 429 from something in front of the API (a gateway's page, not the cloud's envelope)
/// is throttling all the same: retried after its `Retry-After`, as the README says of 429.
/// Another status with such a page is not.
#[tokio::test]
async fn a_429_that_is_not_an_api_answer_is_retried_after_its_hint() {
    let page = |status| Reply { status, headers: vec![("Content-Type".into(), "text/html".into())], body: b"<html>Too Many Requests</html>".to_vec(), delay: Duration::ZERO };
    let server = HyperServer::start(move |n, _| if n == 0 { page(429).header("Retry-After", "1") } else { Reply::json(200, TENCENT_OK) }).await;
    let client = tencent(config(&server.url()));
    call_cancel(&client, "inv-1").await.unwrap();
    let received = server.received.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    assert!(received[1].at - received[0].at >= Duration::from_secs(1), "the hint is waited for");

    let server = HyperServer::start(move |_, _| page(503)).await;
    let client = tencent(config(&server.url()));
    match call_cancel(&client, "inv-1").await {
        Err(Error::UnexpectedResponse { status: 503, retry_after: None, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn attempt_timeout_is_a_typed_error_and_not_retried() {
    let server =
        HyperServer::start(|_, _| Reply::json(200, TENCENT_OK).delayed(Duration::from_secs(3)))
            .await;
    let client = tencent(config(&server.url()).attempt_timeout(Duration::from_millis(300)));
    let start = Instant::now();
    let err = call_cancel(&client, "inv-1").await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { phase: TimeoutPhase::Attempt, after, .. } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(err.is_timeout() && !err.is_not_sent());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn reset_and_closed_connections_are_typed_and_not_retried() {
    for fault in [Fault::Reset, Fault::Close] {
        let server = RawServer::start(fault.clone()).await;
        let client = tencent(config(&server.url()));
        let err = call_cancel(&client, "inv-1").await.unwrap_err();
        assert!(
            matches!(err, Error::ConnectionClosed { .. }),
            "{fault:?}: {err:?}"
        );
        assert_eq!(server.hits(), 1, "{fault:?}");
    }
}

/// Captures formatted tracing output for the current thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn connect_failures_are_retried_and_logged() {
    let captured = Captured::default();
    let _guard = captured.install();
    // A port nobody listens on: bind, note it, close.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = tencent(config(&format!("http://{addr}")).max_attempts(3));
    let err = call_cancel(&client, "inv-1").await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(err.is_not_sent());
    let logs = captured.text();
    assert_eq!(logs.matches("retrying").count(), 2, "{logs}");
    assert!(logs.contains("reason=\"connect failed\""), "{logs}");
}

#[tokio::test]
async fn one_span_per_call_with_fields_and_no_secrets_in_logs() {
    let captured = Captured::default();
    let _guard = captured.install();
    let server = HyperServer::start(|n, _| {
        Reply::json(
            200,
            if n == 0 {
                TENCENT_THROTTLED
            } else {
                TENCENT_OK
            },
        )
    })
    .await;
    let credentials = Credentials::new(AKID, SECRET).with_session_token(TOKEN);
    let client = tencent(config(&server.url()).credentials(credentials));
    call_cancel(&client, "inv-1").await.unwrap();
    let logs = captured.text();
    for expected in [
        "cloudpage.call{",
        "cloud=Tencent",
        "service=\"tat\"",
        "action=\"CancelInvocation\"",
        "region=\"ap-guangzhou\"",
        "attempt=1",
        "attempt=2",
        "request_id=\"req-throttled\"",
        "request_id=\"req-ok-1\"",
        "retrying",
    ] {
        assert!(logs.contains(expected), "missing {expected:?} in:\n{logs}");
    }
    for secret in [SECRET, TOKEN] {
        assert!(!logs.contains(secret), "secret in logs:\n{logs}");
    }
    let shown = format!("{client:?} {:?}", client.config());
    assert!(
        shown.contains(AKID) && !shown.contains(SECRET) && !shown.contains(TOKEN),
        "{shown}"
    );
}

fn documented(per_second: u32) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        service: &TAT,
        action: "CancelInvocation",
        rate_limit_per_second: Some(per_second),
        region_parameter: None,
        validate_json: cloudpage_runtime::validation::accept_any_json,
        anonymous: false,
        paging: None,
    }))
}

#[tokio::test]
async fn documented_rate_limit_is_shared_by_clones() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let op = documented(10);
    let client = tencent(config(&server.url()).rate_limits(true));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..12 {
        let clone = client.clone();
        tasks.push(tokio::spawn(async move {
            clone
                .call::<_, Value, TestError>(op, &cancel(&format!("inv-{i}")))
                .await
                .unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // 12 calls at 10/s without burst: the last leaves 1.1 s after the first.
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(1050), "{elapsed:?}");
    let mut arrivals: Vec<Instant> = server
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    arrivals.sort();
    let span = arrivals[11] - arrivals[0];
    assert!(span >= Duration::from_millis(1000), "{span:?}");

    // Off, or overridden upwards: the same 12 calls take a fraction of that.
    for builder in [
        config(&server.url()).rate_limits(false),
        config(&server.url()).rate_limit_override("CancelInvocation", 1000),
    ] {
        let client = tencent(builder);
        let start = Instant::now();
        for i in 0..12 {
            client
                .call::<_, Value, TestError>(op, &cancel(&format!("inv-{i}")))
                .await
                .unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_millis(900),
            "{:?}",
            start.elapsed()
        );
    }
}

#[tokio::test]
async fn call_json_calls_any_operation() {
    let server = HyperServer::start(|n, _| {
        Reply::json(
            200,
            if n == 0 {
                TENCENT_OK
            } else {
                TENCENT_NOT_FOUND
            },
        )
    })
    .await;
    let client = tencent(config(&server.url()));
    let params = json!({"InvocationId": "inv-1", "InstanceIds": ["a"]});
    let ok = client
        .call_json::<GenericError>(&CANCEL_INVOCATION, params.clone())
        .await
        .unwrap();
    assert_eq!(ok, json!({"RequestId": "req-ok-1"}));
    let body: Value = serde_json::from_slice(&server.received.lock().unwrap()[0].body).unwrap();
    assert_eq!(body, params);
    let err = client
        .call_json::<GenericError>(&CANCEL_INVOCATION, params)
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error().unwrap().kind,
        GenericError {
            code: "ResourceNotFound.InvocationNotFound".into()
        }
    );
    let err = client
        .call_json::<GenericError>(&CANCEL_INVOCATION, json!(["not", "an", "object"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Serialize(_)), "{err:?}");
    assert_eq!(server.hits(), 2);
}

/// The shape generated methods have: `request.validate()?` then `call`.
async fn generated_style_method(
    client: &Client,
    request: &CancelInvocationRequest,
) -> Result<Value, Error<TestError>> {
    validate(request)?;
    client.call(&CANCEL_INVOCATION, request).await
}

fn validate(request: &CancelInvocationRequest) -> Result<(), ValidationError> {
    let ids = request.instance_ids.as_deref().unwrap_or_default();
    cloudpage_runtime::__codegen::check_items(ids, "InstanceIds", None, Some(1), "At most 1.")
}

#[tokio::test]
async fn validation_errors_stop_before_sending() {
    let server = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent(config(&server.url()));
    let err = generated_style_method(&client, &cancel("inv-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid request: `InstanceIds` has 2 items, at most 1 are allowed (documented: \"At most 1.\")"
    );
    assert_eq!(server.hits(), 0);
}

#[test]
fn client_new_reports_configuration_errors() {
    let config = Config::builder()
        .credentials_source(cloudpage_runtime::CredentialsSource::Profile {
            file: Some("/nonexistent/cloudpage/credentials".into()),
            profile: None,
        })
        .build()
        .unwrap();
    let err = Client::new(&TAT, config).unwrap_err();
    assert!(
        err.to_string()
            .contains("/nonexistent/cloudpage/credentials"),
        "{err}"
    );
}

/// Settings that cannot travel in a header are refused when the client is built (naming the
/// setting, never its value), not on every call.
#[test]
fn client_new_refuses_settings_headers_cannot_carry() {
    let secret_token = "token-with\nnewline-SECRETPART";
    let with_token = Config::builder()
        .credentials(Credentials::new(AKID, SECRET).with_session_token(secret_token))
        .build()
        .unwrap();
    let err = Client::new(&TAT, with_token).unwrap_err();
    assert!(
        matches!(err, cloudpage_runtime::ConfigError::InvalidHeader(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("session token"), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("SECRETPART"), "{shown}");

    // A region that would inject a header is refused when the configuration is built.
    let err = Config::builder()
        .credentials(Credentials::new(AKID, SECRET))
        .region("ap-guangzhou\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(matches!(err, cloudpage_runtime::ConfigError::InvalidRegion { .. }), "{err:?}");
    assert!(err.to_string().contains("region"), "{err}");
}

/// The runtime against the one mock cloud of `cloudpage-testkit` (the one the generated
/// clients and the CLI are tested against): both clouds' requests, with session tokens, pass
/// its signature checks and decode its answers.
#[tokio::test]
async fn both_clouds_are_accepted_by_the_testkit_mock_cloud() {
    use cloudpage_testkit::mock_cloud::{self, MockCloud};
    let mock = MockCloud::start().await;
    let url = mock.url();

    let tencent = Client::new(
        &TAT,
        config(&url)
            .credentials(Credentials::new(mock_cloud::TC_ID, mock_cloud::TC_SECRET).with_session_token(TOKEN))
            .build()
            .unwrap(),
    )
    .unwrap();
    let answer = call_cancel(&tencent, "inv-1").await.expect("the mock accepts the TC3 signature");
    assert!(answer.request_id.starts_with("mock-"), "{answer:?}");

    let alibaba = Client::new(
        &SMC,
        config(&url)
            .region("cn-hangzhou")
            .credentials(Credentials::new(mock_cloud::ALI_ID, mock_cloud::ALI_SECRET).with_session_token(TOKEN))
            .build()
            .unwrap(),
    )
    .unwrap();
    let request = DeleteSourceServerRequest { source_id: "s-1".into(), force: Some(true) };
    let answer: DeleteSourceServerResponse =
        alibaba.call::<_, _, TestError>(&DELETE_SOURCE_SERVER, &request).await.expect("the mock accepts the ACS3 signature");
    assert!(answer.request_id.starts_with("MOCK"), "{answer:?}");

    let verdicts: Vec<(String, String)> = mock.hits().into_iter().map(|h| (h.key, h.verdict)).collect();
    assert_eq!(
        verdicts,
        [(mock_cloud::TAT_CANCEL.to_owned(), "ok".to_owned()), (mock_cloud::SMC_DELETE.to_owned(), "ok".to_owned())]
    );
}

/// An Alibaba operation with a `RegionId` parameter, as generated code declares it.
const DELETE_SOURCE_SERVER_IN_REGION: OperationInfo = OperationInfo {
    region_parameter: Some("RegionId"),
    ..DELETE_SOURCE_SERVER
};

#[tokio::test]
async fn alibaba_region_id_is_filled_from_the_client_region_when_unset() {
    let server = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId":"ali-ok"}"#)).await;
    let client_in = |region: Option<&str>| {
        let mut builder = config(&server.url()).credentials(Credentials::new(LTAI, ALI_SECRET));
        builder = match region {
            Some(region) => builder.region(region),
            None => Config::builder()
                .endpoint(server.url())
                .credentials(Credentials::new(LTAI, ALI_SECRET))
                .rate_limits(false),
        };
        Client::new(&SMC, builder.build().unwrap()).unwrap()
    };
    let shanghai = client_in(Some("cn-shanghai"));
    let unset = DeleteSourceServerRequest { source_id: "s-1".into(), force: None };
    let _: DeleteSourceServerResponse = shanghai
        .call::<_, _, TestError>(&DELETE_SOURCE_SERVER_IN_REGION, &unset)
        .await
        .unwrap();
    shanghai
        .call_json::<GenericError>(&DELETE_SOURCE_SERVER_IN_REGION, json!({"SourceId": "s-2", "RegionId": "cn-beijing"}))
        .await
        .unwrap();
    // An operation without a region parameter gets none.
    shanghai
        .call_json::<GenericError>(&DELETE_SOURCE_SERVER, json!({"SourceId": "s-3"}))
        .await
        .unwrap();
    // A client without a region sends none.
    client_in(None)
        .call_json::<GenericError>(&DELETE_SOURCE_SERVER_IN_REGION, json!({"SourceId": "s-4"}))
        .await
        .unwrap();
    let uris: Vec<String> = server.received.lock().unwrap().iter().map(|r| r.uri.clone()).collect();
    assert_eq!(
        uris,
        [
            "/?RegionId=cn-shanghai&SourceId=s-1",
            "/?RegionId=cn-beijing&SourceId=s-2",
            "/?SourceId=s-3",
            "/?SourceId=s-4",
        ]
    );
}
