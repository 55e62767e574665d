//! STS `AssumeRole` of both clouds against loopback STS servers: the signed request (checked
//! by recomputing its signature with the source credentials), the credentials it yields used
//! by a client and cached, and STS failures as typed errors without secrets.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudpage_runtime::providers::{AssumeRoleProvider, ProvideCredentials, SharedCredentialsProvider};
use cloudpage_runtime::signing::{self, RequestParts};
use cloudpage_runtime::{Client, Config, ConfigError, Credentials, CredentialsSource, Error, GenericError};
use cloudpage_testkit::servers::*;
use common::*;
use serde_json::{Value, json};

const SOURCE_ID: &str = "AKIDSOURCEEXAMPLE";
const SOURCE_SECRET: &str = "SOURCESECRET-do-not-show";
const ROLE_SECRET: &str = "ROLESECRET-do-not-show";
const ROLE_TOKEN: &str = "ROLETOKEN-do-not-show";
const ROLE_ARN_TC: &str = "qcs::cam::uin/12345678:roleName/deployer";
const ROLE_ARN_ALI: &str = "acs:ram::123456789012:role/deployer";

fn source() -> Credentials {
    Credentials::new(SOURCE_ID, SOURCE_SECRET)
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn signature(received: &Received, signed: &[&str], credentials: &Credentials, tc3: Option<&str>) -> String {
    let headers: Vec<(&str, &str)> = signed.iter().map(|n| (*n, received.header(n).unwrap())).collect();
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
        Some(service) => {
            let timestamp = received.header("x-tc-timestamp").unwrap().parse().unwrap();
            signing::tc3(credentials, service, timestamp, &parts).authorization
        }
        None => signing::acs3(credentials, &parts).authorization,
    }
}

#[tokio::test]
async fn tencent_assume_role_is_signed_with_the_source_and_its_credentials_sign_calls() {
    let sts = HyperServer::start(|_, _| {
        let body = json!({"Response": {
            "Credentials": {"Token": ROLE_TOKEN, "TmpSecretId": "AKIDROLE", "TmpSecretKey": ROLE_SECRET},
            "ExpiredTime": unix_now() + 3600,
            "Expiration": "2099-01-01T00:00:00Z",
            "RequestId": "sts-req-1"
        }});
        Reply::json(200, &body.to_string())
    })
    .await;
    let api = HyperServer::start(|_, _| Reply::json(200, r#"{"Response": {"RequestId": "api-1"}}"#)).await;
    let role = AssumeRoleProvider::tencent(ROLE_ARN_TC)
        .source(CredentialsSource::Static(source()))
        .session_name("deploy")
        .endpoint(sts.url())
        .build()
        .unwrap();
    let config = Config::builder()
        .endpoint(api.url())
        .region("ap-shanghai")
        .credentials_source(CredentialsSource::Provider(SharedCredentialsProvider::new(role)))
        .build()
        .unwrap();
    let client = Client::new(&TAT, config).unwrap();
    for _ in 0..2 {
        let request = CancelInvocationRequest { invocation_id: "inv-1".into(), instance_ids: None };
        client.call::<_, CancelInvocationResponse, TestError>(&CANCEL_INVOCATION, &request).await.unwrap();
    }
    // One AssumeRole for both calls.
    assert_eq!(sts.hits(), 1);
    let call = sts.received.lock().unwrap()[0].clone();
    assert_eq!(call.header("x-tc-action"), Some("AssumeRole"));
    assert_eq!(call.header("x-tc-version"), Some("2018-08-13"));
    assert_eq!(call.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(call.header("x-tc-token"), None);
    let body: Value = serde_json::from_slice(&call.body).unwrap();
    assert_eq!(body, json!({"RoleArn": ROLE_ARN_TC, "RoleSessionName": "deploy", "DurationSeconds": 3600}));
    assert_eq!(
        call.header("authorization"),
        Some(signature(&call, &["content-type", "host"], &source(), Some("sts")).as_str())
    );
    let role = Credentials::new("AKIDROLE", ROLE_SECRET).with_session_token(ROLE_TOKEN);
    for sent in api.received.lock().unwrap().iter() {
        assert_eq!(sent.header("x-tc-token"), Some(ROLE_TOKEN));
        assert_eq!(sent.header("x-tc-region"), Some("ap-shanghai"));
        assert_eq!(
            sent.header("authorization"),
            Some(signature(sent, &["content-type", "host"], &role, Some("tat")).as_str())
        );
    }
    let shown = format!("{client:?}");
    for secret in [SOURCE_SECRET, ROLE_SECRET, ROLE_TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[tokio::test]
async fn alibaba_assume_role_is_signed_with_the_source_and_yields_sts_credentials() {
    let sts = HyperServer::start(|_, _| {
        let body = json!({
            "RequestId": "sts-req-2",
            "AssumedRoleUser": {"Arn": ROLE_ARN_ALI, "AssumedRoleId": "3400:deploy"},
            "Credentials": {
                "AccessKeyId": "STS.ROLEID",
                "AccessKeySecret": ROLE_SECRET,
                "SecurityToken": ROLE_TOKEN,
                "Expiration": "2099-01-01T00:00:00Z"
            }
        });
        Reply::json(200, &body.to_string())
    })
    .await;
    let role = AssumeRoleProvider::alibaba(ROLE_ARN_ALI)
        .source(CredentialsSource::Static(Credentials::new("LTAISOURCE", SOURCE_SECRET)))
        .duration(Duration::from_secs(900))
        .policy(r#"{"Version":"1","Statement":[]}"#)
        .endpoint(sts.url())
        .build()
        .unwrap();
    let credentials = SharedCredentialsProvider::new(role).credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.ROLEID");
    assert!(credentials.has_session_token());
    let call = sts.received.lock().unwrap()[0].clone();
    assert_eq!(call.header("x-acs-action"), Some("AssumeRole"));
    assert_eq!(call.header("x-acs-version"), Some("2015-04-01"));
    assert_eq!(
        call.uri,
        "/?DurationSeconds=900&Policy=%7B%22Version%22%3A%221%22%2C%22Statement%22%3A%5B%5D%7D\
         &RoleArn=acs%3Aram%3A%3A123456789012%3Arole%2Fdeployer&RoleSessionName=cloudpage"
    );
    let signed: Vec<&str> = call.headers.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("x-acs-")).collect();
    assert_eq!(
        call.header("authorization"),
        Some(signature(&call, &signed, &Credentials::new("LTAISOURCE", SOURCE_SECRET), None).as_str())
    );
}

#[tokio::test]
async fn sts_failures_are_typed_errors_without_secrets() {
    let api = HyperServer::start(|_, _| Reply::json(200, r#"{"RequestId": "never"}"#)).await;
    let client_for = |sts: &HyperServer| {
        let role = AssumeRoleProvider::alibaba(ROLE_ARN_ALI)
            .source(CredentialsSource::Static(Credentials::new("LTAISOURCE", SOURCE_SECRET)))
            .endpoint(sts.url())
            .build()
            .unwrap();
        let config = Config::builder()
            .endpoint(api.url())
            .credentials_source(CredentialsSource::Provider(SharedCredentialsProvider::new(role)))
            .build()
            .unwrap();
        Client::new(&SMC, config).unwrap()
    };
    let call = |client: Client| async move {
        client.call_json::<GenericError>(&DELETE_SOURCE_SERVER, json!({"SourceId": "s"})).await.unwrap_err()
    };

    let refused = HyperServer::start(|_, _| {
        Reply::json(403, r#"{"RequestId": "r-403", "Code": "NoPermission", "Message": "You are not authorized"}"#)
    })
    .await;
    let err = call(client_for(&refused)).await;
    assert!(matches!(err, Error::Credentials(_)) && err.is_not_sent(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("NoPermission") && text.contains("r-403"), "{text}");

    // A malformed answer holding a secret: the error names the status, not the body.
    let broken = HyperServer::start(|_, _| Reply::json(200, &format!("{{\"Credentials\": \"{ROLE_SECRET}"))).await;
    let err = call(client_for(&broken)).await;
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("HTTP 200"), "{shown}");
    assert!(!shown.contains(ROLE_SECRET), "{shown}");

    // Credentials without their secret key.
    let partial = HyperServer::start(|_, _| {
        Reply::json(200, &json!({"Credentials": {"AccessKeyId": "STS.x", "SecurityToken": ROLE_TOKEN, "Expiration": "2099-01-01T00:00:00Z"}}).to_string())
    })
    .await;
    let err = call(client_for(&partial)).await;
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("no `AccessKeySecret`") && !shown.contains(ROLE_TOKEN), "{shown}");
    assert_eq!(api.hits(), 0);
}

#[test]
fn assume_role_settings_are_checked() {
    for (builder, text) in [
        (AssumeRoleProvider::tencent(ROLE_ARN_TC).duration(Duration::from_secs(60)), "duration"),
        (AssumeRoleProvider::tencent(ROLE_ARN_TC).duration(Duration::from_millis(1_000_500)), "duration"),
        (AssumeRoleProvider::alibaba(""), "role ARN"),
        (AssumeRoleProvider::alibaba(ROLE_ARN_ALI).session_name(""), "session name"),
    ] {
        let err = builder.source(CredentialsSource::Static(source())).build().unwrap_err();
        assert!(matches!(err, ConfigError::InvalidAssumeRole { .. }), "{err:?}");
        assert!(err.to_string().contains(text), "{err}");
    }
    // Plain http to a remote STS is refused like any endpoint.
    let err = AssumeRoleProvider::alibaba(ROLE_ARN_ALI)
        .source(CredentialsSource::Static(source()))
        .endpoint("http://sts.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::InsecureHttp { .. }), "{err:?}");
}

/// A workload's OIDC token traded for a role's credentials (Alibaba ACK RRSA, Tencent TKE):
/// the STS call is unsigned and carries no key or token of any source, the token is the
/// file's (read again at every fetch, without its line break), and the answer's credentials
/// are the provider's.
#[tokio::test]
async fn a_web_identity_token_is_traded_unsigned_and_read_at_every_fetch() {
    let dir = std::env::temp_dir().join(format!("cloudpage-oidc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.first.sig\n").unwrap();

    let sts = HyperServer::start(|_, _| {
        let body = json!({"RequestId": "sts-oidc-1", "Credentials": {
            "AccessKeyId": "STS.OIDCROLE", "AccessKeySecret": ROLE_SECRET, "SecurityToken": ROLE_TOKEN,
            "Expiration": "2099-01-01T00:00:00Z"}});
        Reply::json(200, &body.to_string())
    })
    .await;
    let provider_arn = "acs:ram::123456789012:oidc-provider/ack-rrsa-c1";
    let role = AssumeRoleProvider::alibaba_oidc(ROLE_ARN_ALI, provider_arn, &token_file)
        .session_name("pod-1")
        .endpoint(sts.url())
        .build()
        .unwrap();
    let credentials = role.fetch().await.unwrap().credentials;
    assert_eq!(credentials.access_key_id(), "STS.OIDCROLE");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.rotated.sig").unwrap();
    role.fetch().await.unwrap();
    let calls = sts.received.lock().unwrap().clone();
    for (call, token) in calls.iter().zip(["first", "rotated"]) {
        assert_eq!(call.header("x-acs-action"), Some("AssumeRoleWithOIDC"));
        for absent in ["authorization", "x-acs-accesskey-id", "x-acs-security-token"] {
            assert_eq!(call.header(absent), None, "{absent}");
        }
        let url = reqwest::Url::parse(&format!("http://sts{}", call.uri)).unwrap();
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("OIDCToken"), Some(format!("eyJhbGciOiJSUzI1NiJ9.{token}.sig").as_str()));
        assert_eq!((get("OIDCProviderArn"), get("RoleArn"), get("RoleSessionName")), (Some(provider_arn), Some(ROLE_ARN_ALI), Some("pod-1")));
        assert_eq!((get("DurationSeconds"), get("Format")), (Some("3600"), Some("json")));
    }

    let sts = HyperServer::start(|_, _| {
        let body = json!({"Response": {
            "Credentials": {"Token": ROLE_TOKEN, "TmpSecretId": "AKIDOIDCROLE", "TmpSecretKey": ROLE_SECRET},
            "ExpiredTime": unix_now() + 7200, "Expiration": "2099-01-01T00:00:00Z", "RequestId": "sts-oidc-2"}});
        Reply::json(200, &body.to_string())
    })
    .await;
    let role = AssumeRoleProvider::tencent_web_identity(ROLE_ARN_TC, "OIDC", &token_file)
        .region("ap-beijing")
        .endpoint(sts.url())
        .build()
        .unwrap();
    assert_eq!(role.fetch().await.unwrap().credentials.access_key_id(), "AKIDOIDCROLE");
    let call = sts.received.lock().unwrap()[0].clone();
    assert_eq!(call.header("authorization"), Some("SKIP"));
    assert_eq!((call.header("x-tc-action"), call.header("x-tc-region")), (Some("AssumeRoleWithWebIdentity"), Some("ap-beijing")));
    assert_eq!(call.header("x-tc-token"), None);
    let body: Value = serde_json::from_slice(&call.body).unwrap();
    assert_eq!(body["WebIdentityToken"], "eyJhbGciOiJSUzI1NiJ9.rotated.sig");
    assert_eq!((body["ProviderId"].as_str(), body["RoleArn"].as_str(), body["DurationSeconds"].as_u64()), (Some("OIDC"), Some(ROLE_ARN_TC), Some(7200)));
    assert!(body["RoleSessionName"].as_str().is_some_and(|name| name.starts_with("cloudpage-")), "{body}");
    // Each fetch is a session of its own, as the official TKE provider names them.
    role.fetch().await.unwrap();
    let again: Value = serde_json::from_slice(&sts.received.lock().unwrap()[1].body).unwrap();
    assert_ne!(again["RoleSessionName"], body["RoleSessionName"]);

    // A token file that cannot be read: the provider's error names the file, never a token.
    std::fs::remove_file(&token_file).unwrap();
    let err = role.fetch().await.unwrap_err().to_string();
    assert!(err.contains("cannot read the token file") && err.contains("token"), "{err}");
    assert_eq!(sts.hits(), 2, "nothing is sent without a token");
    // Source credentials or an ExternalId make no sense for a web identity.
    let with_source = AssumeRoleProvider::alibaba_oidc(ROLE_ARN_ALI, provider_arn, &token_file).source(CredentialsSource::Static(source())).build();
    assert!(matches!(with_source, Err(ConfigError::InvalidAssumeRole { .. })), "{with_source:?}");
    let with_external_id = AssumeRoleProvider::tencent_web_identity(ROLE_ARN_TC, "OIDC", &token_file).external_id("x").build();
    assert!(matches!(with_external_id, Err(ConfigError::InvalidAssumeRole { .. })), "{with_external_id:?}");
    // `AssumeRole` is signed: an anonymous source cannot assume a role.
    let anonymous = AssumeRoleProvider::alibaba(ROLE_ARN_ALI).source(CredentialsSource::Anonymous).build();
    assert!(matches!(anonymous, Err(ConfigError::InvalidAssumeRole { .. })), "{anonymous:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
