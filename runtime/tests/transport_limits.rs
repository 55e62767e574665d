//! What the transport refuses, over loopback: redirects (never followed, so the signed headers,
//! the session token and the body never reach the `Location` host), response bodies over
//! `max_response_bytes` (refused from `Content-Length` or cut while streaming), and bodies
//! that never end (bounded by the attempt timeout).

mod common;

use std::time::{Duration, Instant};

use cloudpage_runtime::{Client, Config, ConfigBuilder, Credentials, Error, TimeoutPhase};
use cloudpage_testkit::servers::*;
use common::*;
use serde_json::Value;

const AKID: &str = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001";
const SECRET: &str = "TCEXAMPLESECRETKEYEXAMPLEKEY0001";
const TC_TOKEN: &str = "tc-session-token-EXAMPLE";
const LTAI: &str = "LTAIEXAMPLEACCESSKEY01";
const ALI_SECRET: &str = "ALIEXAMPLESECRETEXAMPLESECRET01";
const ALI_TOKEN: &str = "acs-security-token-EXAMPLE";

/// Valid as both clouds' success envelope, so a followed redirect would "succeed".
const OK_BOTH: &str = r#"{"Response": {"RequestId": "followed"}, "RequestId": "followed"}"#;

const KIB: u64 = 1024;

fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(url)
        .region("ap-guangzhou")
        .retry_base_delay(Duration::from_millis(5))
        .rate_limits(false)
}

fn tencent(builder: ConfigBuilder) -> Client {
    let credentials = Credentials::new(AKID, SECRET).with_session_token(TC_TOKEN);
    Client::new(&TAT, builder.credentials(credentials).build().unwrap()).unwrap()
}

fn alibaba(builder: ConfigBuilder) -> Client {
    let credentials = Credentials::new(LTAI, ALI_SECRET).with_session_token(ALI_TOKEN);
    Client::new(&SMC, builder.credentials(credentials).build().unwrap()).unwrap()
}

/// One call of the cloud's seed operation (Tencent: JSON body; Alibaba: signed query).
async fn call(client: &Client) -> Result<Value, Error<TestError>> {
    match client.service().cloud {
        cloudpage_runtime::Cloud::Tencent => {
            let request = CancelInvocationRequest {
                invocation_id: "inv-1".into(),
                instance_ids: Some(vec!["ins-1".into()]),
            };
            client.call(&CANCEL_INVOCATION, &request).await
        }
        cloudpage_runtime::Cloud::Alibaba => {
            let request = DeleteSourceServerRequest {
                source_id: "s-1".into(),
                force: Some(true),
            };
            client.call(&DELETE_SOURCE_SERVER, &request).await
        }
    }
}

#[tokio::test]
async fn redirects_are_not_followed_and_credentials_never_reach_the_location_host() {
    // Another host (127.0.0.2) that would gladly answer whatever is sent to it.
    let elsewhere = HyperServer::start_on("127.0.0.2:0", |_, _| Reply::json(200, OK_BOTH)).await;
    let location = format!("http://127.0.0.2:{}/", elsewhere.addr.port());
    for status in [301, 302, 303, 307, 308] {
        for cloud in ["tencent", "alibaba"] {
            let target = location.clone();
            let server =
                HyperServer::start(move |_, _| Reply::json(status, "").header("Location", &target))
                    .await;
            let client = match cloud {
                "tencent" => tencent(config(&server.url())),
                _ => alibaba(config(&server.url())),
            };
            let err = call(&client).await.unwrap_err();
            match &err {
                Error::Redirect {
                    status: got,
                    location: Some(got_location),
                    endpoint,
                } => {
                    assert_eq!(*got, status, "{cloud}");
                    assert_eq!(got_location, &location, "{cloud} {status}");
                    assert!(endpoint.starts_with(&server.url()), "{endpoint}");
                }
                other => panic!("{cloud} {status}: expected a redirect error, got {other:?}"),
            }
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("HTTP {status}")) && shown.contains(&location),
                "{shown}"
            );
            assert!(!err.is_not_sent());
            for secret in [SECRET, ALI_SECRET, TC_TOKEN, ALI_TOKEN] {
                assert!(!format!("{err} {err:?}").contains(secret), "{err:?}");
            }
            // Asked once, not retried; the request carried the token (so there was one to
            // leak) and no Referer.
            let received = server.received.lock().unwrap().clone();
            assert_eq!(received.len(), 1, "{cloud} {status}");
            let token = match cloud {
                "tencent" => received[0].header("x-tc-token"),
                _ => received[0].header("x-acs-security-token"),
            };
            assert!(token.is_some(), "{cloud}: {:?}", received[0].headers);
            assert_eq!(received[0].header("referer"), None);
        }
    }
    // Give a (wrongly) followed request time to arrive before concluding none did.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let leaked = elsewhere.received.lock().unwrap().clone();
    assert!(
        leaked.is_empty(),
        "the Location host received {} request(s), e.g. {:?}",
        leaked.len(),
        leaked.first()
    );
}

#[tokio::test]
async fn a_same_host_redirect_is_not_followed_either() {
    let server = HyperServer::start(|n, _| {
        if n == 0 {
            Reply::json(307, "").header("Location", "/elsewhere")
        } else {
            Reply::json(200, OK_BOTH)
        }
    })
    .await;
    let err = call(&tencent(config(&server.url()))).await.unwrap_err();
    assert!(
        matches!(&err, Error::Redirect { status: 307, location: Some(l), .. } if l == "/elsewhere"),
        "{err:?}"
    );
    assert_eq!(server.hits(), 1);

    // No Location at all: still a redirect error, said so.
    let server = HyperServer::start(|_, _| Reply::json(302, "")).await;
    let err = call(&alibaba(config(&server.url()))).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Redirect {
                status: 302,
                location: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("without a Location"), "{err}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn an_endless_body_is_cut_as_soon_as_it_exceeds_the_limit() {
    let limit = 64 * KIB;
    // 16 KiB chunks as fast as the socket takes them; the server gives up after 32 MiB.
    let server = RawServer::start(Fault::EndlessChunked {
        chunk: 16 * 1024,
        every: Duration::ZERO,
        cap: 32 << 20,
    })
    .await;
    for client in [
        tencent(config(&server.url()).max_response_bytes(limit)),
        alibaba(config(&server.url()).max_response_bytes(limit)),
    ] {
        let start = Instant::now();
        let err = call(&client).await.unwrap_err();
        match &err {
            Error::ResponseTooLarge {
                status: 200,
                limit: got_limit,
                content_length: None,
                received,
                ..
            } => {
                assert_eq!(*got_limit, limit);
                // It stopped at the first chunk past the limit: it buffered at most the
                // limit, and received at most one (16 KiB) chunk more.
                assert!(
                    *received > limit && *received <= limit + 64 * KIB,
                    "received {received}"
                );
            }
            other => panic!("expected ResponseTooLarge, got {other:?}"),
        }
        assert!(
            err.to_string().contains("larger than the 65536-byte limit"),
            "{err}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }
    // Not retried.
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading_the_body() {
    let limit = 64 * KIB;
    let announced = 10 << 20;
    // Announces 10 MiB, sends one byte and then nothing: a client that reads the body waits
    // for the attempt timeout.
    let server = RawServer::start(Fault::Announce {
        announced,
        body: b"{".to_vec(),
    })
    .await;
    let client = tencent(
        config(&server.url())
            .max_response_bytes(limit)
            .attempt_timeout(Duration::from_secs(10)),
    );
    let start = Instant::now();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge { status: 200, limit: l, content_length: Some(n), received: 0, .. }
                if l == limit && n == announced
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("Content-Length is 10485760"),
        "{err}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    // `{"Response": {"RequestId": "r"}}` padded with JSON whitespace to 4096 bytes.
    let mut body = r#"{"Response": {"RequestId": "r"}}"#.to_owned();
    body.push_str(&" ".repeat(4096 - body.len()));
    let server = HyperServer::start(move |_, _| Reply::json(200, &body)).await;
    let ok = call(&tencent(config(&server.url()).max_response_bytes(4096)))
        .await
        .unwrap();
    assert_eq!(ok["RequestId"], "r");
    let err = call(&tencent(config(&server.url()).max_response_bytes(4095)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                content_length: Some(4096),
                received: 0,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_slow_endless_body_ends_with_the_attempt_timeout() {
    // 8 bytes every 20 ms: never over the limit, never finished.
    let server = RawServer::start(Fault::EndlessChunked {
        chunk: 8,
        every: Duration::from_millis(20),
        cap: usize::MAX,
    })
    .await;
    let timeout = Duration::from_millis(500);
    let client = tencent(config(&server.url()).attempt_timeout(timeout));
    let start = Instant::now();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { phase: TimeoutPhase::Attempt, after, .. } if after == timeout),
        "{err:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.hits(), 1);
}
