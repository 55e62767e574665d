//! Instance-role credentials (Tencent CVM, Alibaba ECS RAM role) from loopback metadata
//! servers, used by clients: role discovery, the ECS metadata token, caching, refresh before
//! expiry, typed errors, and no secret in errors or `Debug`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudpage_runtime::providers::{CvmRoleProvider, EcsRamRoleProvider, SharedCredentialsProvider};
use cloudpage_runtime::signing::{self, RequestParts};
use cloudpage_runtime::{Client, Config, Credentials, CredentialsSource, Error, GenericError};
use cloudpage_testkit::servers::*;
use common::*;
use serde_json::json;

const TMP_SECRET: &str = "TMPSECRETKEYVALUE-do-not-show";
const TMP_TOKEN: &str = "TMPSESSIONTOKEN-do-not-show";
const TENCENT_OK: &str = r#"{"Response": {"RequestId": "req-ok-1"}}"#;

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// A CVM metadata server: lists `my-role`, answers its credentials `TmpSecretId` `id-<n>`
/// (n counts credential fetches) valid for `lifetime` seconds.
async fn cvm_metadata(lifetime: i64) -> (HyperServer, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let server = HyperServer::start(move |_, request| match request.uri.as_str() {
        "/latest/meta-data/cam/security-credentials/" => Reply::json(200, "my-role\n"),
        "/latest/meta-data/cam/security-credentials/my-role" => {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let body = json!({
                "TmpSecretId": format!("id-{n}"),
                "TmpSecretKey": TMP_SECRET,
                "Token": TMP_TOKEN,
                "ExpiredTime": unix_now() + lifetime,
                "Expiration": "2030-01-01T00:00:00Z",
                "Code": "Success"
            });
            Reply::json(200, &body.to_string())
        }
        _ => Reply::json(404, "not found"),
    })
    .await;
    (server, fetches)
}

fn cvm(server: &HyperServer) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(CvmRoleProvider::builder().endpoint(server.url()).build().unwrap())
}

fn tencent_client(api: &HyperServer, provider: SharedCredentialsProvider) -> Client {
    let config = Config::builder()
        .endpoint(api.url())
        .region("ap-guangzhou")
        .credentials_source(CredentialsSource::Provider(provider))
        .rate_limits(false)
        .build()
        .unwrap();
    Client::new(&TAT, config).unwrap()
}

async fn cancel(client: &Client) -> Result<CancelInvocationResponse, Error<TestError>> {
    let request = CancelInvocationRequest {
        invocation_id: "inv-1".into(),
        instance_ids: None,
    };
    client.call(&CANCEL_INVOCATION, &request).await
}

/// Recomputes the TC3 signature of a received request with `credentials`.
fn tc3_signature(received: &Received, credentials: &Credentials) -> String {
    let signed = ["content-type", "host"];
    let headers: Vec<(&str, &str)> = signed.iter().map(|n| (*n, received.header(n).unwrap())).collect();
    let timestamp: i64 = received.header("x-tc-timestamp").unwrap().parse().unwrap();
    let parts = RequestParts {
        method: &received.method,
        host: received.header("host").unwrap(),
        path: "/",
        query: "",
        headers: &headers,
        body: &received.body,
    };
    signing::tc3(credentials, "tat", timestamp, &parts).authorization
}

#[tokio::test]
async fn cvm_role_is_discovered_cached_and_signs_calls() {
    let (metadata, fetches) = cvm_metadata(3600).await;
    let api = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent_client(&api, cvm(&metadata));
    for _ in 0..3 {
        cancel(&client).await.unwrap();
    }
    // One role listing, one credentials fetch: the cache served the other calls.
    assert_eq!(metadata.hits(), 2);
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    let metadata_log = metadata.received.lock().unwrap().clone();
    assert!(metadata_log.iter().all(|r| r.method == "GET"));
    let expected = Credentials::new("id-1", TMP_SECRET).with_session_token(TMP_TOKEN);
    for received in api.received.lock().unwrap().iter() {
        assert_eq!(received.header("x-tc-token"), Some(TMP_TOKEN));
        assert_eq!(received.header("authorization"), Some(tc3_signature(received, &expected).as_str()));
    }
    let shown = format!("{client:?}");
    assert!(!shown.contains(TMP_SECRET) && !shown.contains(TMP_TOKEN), "{shown}");
}

#[tokio::test]
async fn concurrent_calls_share_one_credentials_fetch() {
    let (metadata, fetches) = cvm_metadata(3600).await;
    let api = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent_client(&api, cvm(&metadata));
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { cancel(&client).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(api.hits(), 10);
}

/// Credentials with four minutes left are inside the five-minute refresh window: the next
/// call fetches new ones and signs with them.
#[tokio::test]
async fn credentials_near_expiry_are_refreshed_before_a_call() {
    let (metadata, fetches) = cvm_metadata(240).await;
    let api = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent_client(&api, cvm(&metadata));
    cancel(&client).await.unwrap();
    cancel(&client).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let log = api.received.lock().unwrap().clone();
    let key_of = |r: &Received| r.header("authorization").unwrap().split("Credential=").nth(1).unwrap().split('/').next().unwrap().to_owned();
    assert_eq!((key_of(&log[0]).as_str(), key_of(&log[1]).as_str()), ("id-1", "id-2"));
    let second = Credentials::new("id-2", TMP_SECRET).with_session_token(TMP_TOKEN);
    assert_eq!(log[1].header("authorization"), Some(tc3_signature(&log[1], &second).as_str()));
}

#[tokio::test]
async fn a_given_cvm_role_is_not_looked_up() {
    let (metadata, _) = cvm_metadata(3600).await;
    let provider = CvmRoleProvider::builder().endpoint(metadata.url()).role("my-role").build().unwrap();
    let credentials = SharedCredentialsProvider::new(provider).credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "id-1");
    assert_eq!(metadata.hits(), 1);
    let err = CvmRoleProvider::builder().role("../x?y").build().unwrap_err();
    assert!(err.to_string().contains("role name"), "{err}");
}

#[tokio::test]
async fn metadata_failures_are_typed_credentials_errors_without_secrets() {
    // No role bound: 404 on the listing.
    let none = HyperServer::start(|_, _| Reply::json(404, "")).await;
    let api = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let err = cancel(&tencent_client(&api, cvm(&none))).await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(err.is_not_sent());
    assert!(err.to_string().contains("is a role bound to this instance"), "{err}");

    // A failure code.
    let failing = HyperServer::start(|n, _| {
        if n == 0 { Reply::json(200, "r") } else { Reply::json(200, r#"{"Code": "Failed"}"#) }
    })
    .await;
    let err = cancel(&tencent_client(&api, cvm(&failing))).await.unwrap_err();
    assert!(err.to_string().contains("code `Failed`"), "{err}");

    // An answer without its token: named by field, the secret in it never shown.
    let partial = HyperServer::start(|n, _| {
        if n == 0 {
            Reply::json(200, "r")
        } else {
            Reply::json(200, &json!({"Code": "Success", "TmpSecretId": "id", "TmpSecretKey": TMP_SECRET}).to_string())
        }
    })
    .await;
    let err = cancel(&tencent_client(&api, cvm(&partial))).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("no `Token`"), "{shown}");
    assert!(!shown.contains(TMP_SECRET), "{shown}");

    // Not JSON, with a secret in it.
    let garbage = HyperServer::start(|n, _| {
        if n == 0 { Reply::json(200, "r") } else { Reply::json(200, &format!("{{{TMP_SECRET}")) }
    })
    .await;
    let err = cancel(&tencent_client(&api, cvm(&garbage))).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("not JSON") && !shown.contains(TMP_SECRET), "{shown}");

    // Nothing listening.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let provider = CvmRoleProvider::builder().endpoint(closed).build().unwrap();
    let err = SharedCredentialsProvider::new(provider).credentials().await.unwrap_err();
    assert!(err.to_string().contains("cannot be reached"), "{err}");
    assert_eq!(api.hits(), 0);
}

/// An ECS metadata server that issues a token on PUT and refuses GETs without it.
async fn ecs_metadata() -> HyperServer {
    HyperServer::start(|_, request| {
        if request.uri == "/latest/api/token" {
            return if request.method == "PUT"
                && request.header("x-aliyun-ecs-metadata-token-ttl-seconds") == Some("21600")
            {
                Reply::json(200, "ecs-token-1")
            } else {
                Reply::json(400, "")
            };
        }
        if request.header("x-aliyun-ecs-metadata-token") != Some("ecs-token-1") {
            return Reply::json(401, "");
        }
        match request.uri.as_str() {
            "/latest/meta-data/ram/security-credentials/" => Reply::json(200, "EcsRole"),
            "/latest/meta-data/ram/security-credentials/EcsRole" => Reply::json(
                200,
                &json!({
                    "AccessKeyId": "STS.ecs-id",
                    "AccessKeySecret": TMP_SECRET,
                    "SecurityToken": TMP_TOKEN,
                    "Expiration": "2099-01-01T00:00:00Z",
                    "LastUpdated": "2024-01-01T00:00:00Z",
                    "Code": "Success"
                })
                .to_string(),
            ),
            _ => Reply::json(404, ""),
        }
    })
    .await
}

#[tokio::test]
async fn ecs_ram_role_uses_a_metadata_token_and_signs_calls() {
    let metadata = ecs_metadata().await;
    let api = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId": "ali-ok"}"#)).await;
    let provider = SharedCredentialsProvider::new(
        EcsRamRoleProvider::builder().endpoint(metadata.url()).build().unwrap(),
    );
    let config = Config::builder()
        .endpoint(api.url())
        .credentials_source(CredentialsSource::Provider(provider))
        .rate_limits(false)
        .build()
        .unwrap();
    let client = Client::new(&SMC, config).unwrap();
    let result = client
        .call_json::<GenericError>(&DELETE_SOURCE_SERVER, json!({"SourceId": "s-1"}))
        .await
        .unwrap();
    assert_eq!(result["RequestId"], "ali-ok");
    let log = metadata.received.lock().unwrap().clone();
    let calls: Vec<(&str, &str)> = log.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
    assert_eq!(
        calls,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/ram/security-credentials/"),
            ("GET", "/latest/meta-data/ram/security-credentials/EcsRole"),
        ]
    );
    let sent = api.received.lock().unwrap()[0].clone();
    assert_eq!(sent.header("x-acs-security-token"), Some(TMP_TOKEN));
    assert!(sent.header("authorization").unwrap().contains("Credential=STS.ecs-id,"));
}

#[tokio::test]
async fn ecs_without_a_token_is_an_error() {
    let metadata = HyperServer::start(|_, _| Reply::json(403, "")).await;
    let provider = EcsRamRoleProvider::builder().endpoint(metadata.url()).role("EcsRole").build().unwrap();
    let err = SharedCredentialsProvider::new(provider).credentials().await.unwrap_err();
    assert!(err.to_string().contains("HTTP 403"), "{err}");
    assert_eq!(metadata.hits(), 1);
}

#[tokio::test]
async fn a_slow_metadata_server_times_out() {
    let metadata = HyperServer::start(|_, _| Reply::json(200, "r").delayed(Duration::from_secs(20))).await;
    let provider = CvmRoleProvider::builder()
        .endpoint(metadata.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let start = std::time::Instant::now();
    let err = SharedCredentialsProvider::new(provider).credentials().await.unwrap_err();
    assert!(err.to_string().contains("cannot be reached"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}

/// Captures formatted tracing output for the current thread (the test's runtime is
/// single-threaded, so the servers' and the client's events all land here).
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn provider_logs_never_hold_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Credentials with four minutes left, then a metadata server that fails: the second
    // call logs the failed refresh and still signs with the unexpired credentials.
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let metadata = HyperServer::start(move |_, request| {
        if request.uri.ends_with("/security-credentials/") {
            return Reply::json(200, "my-role");
        }
        if counter.fetch_add(1, Ordering::SeqCst) > 0 {
            return Reply::json(500, "");
        }
        let body = json!({"TmpSecretId": "id-1", "TmpSecretKey": TMP_SECRET, "Token": TMP_TOKEN,
                          "ExpiredTime": unix_now() + 240, "Code": "Success"});
        Reply::json(200, &body.to_string())
    })
    .await;
    let ecs = ecs_metadata().await;
    let api = HyperServer::start(|_, _| Reply::json(200, TENCENT_OK)).await;
    let client = tencent_client(&api, cvm(&metadata));
    cancel(&client).await.unwrap();
    cancel(&client).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(api.hits(), 2);
    let ecs_provider = EcsRamRoleProvider::builder().endpoint(ecs.url()).build().unwrap();
    SharedCredentialsProvider::new(ecs_provider).credentials().await.unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("credentials fetched"), "{logs}");
    assert!(logs.contains("refreshing credentials failed"), "{logs}");
    assert!(logs.contains("HTTP 500"), "{logs}");
    for secret in [TMP_SECRET, TMP_TOKEN, "ecs-token-1"] {
        assert!(!logs.contains(secret), "{secret} in logs:\n{logs}");
    }
}
