//! Every response fixture (tests/fixtures/vectors/responses, recorded with what the official
//! SDK made of it) served over loopback, exactly as recorded, to a real `Client`.

mod common;

use std::time::Duration;

use cloudpage_runtime::{Client, Config, Credentials, Error, OperationInfo, ServiceError};
use cloudpage_testkit::servers::*;
use common::*;
use serde_json::Value;

#[derive(Debug, PartialEq)]
enum Expect {
    Ok {
        request_id: String,
    },
    Service {
        code: String,
        message: String,
        request_id: String,
        status: u16,
    },
    Malformed {
        status: u16,
    },
    Unexpected {
        status: u16,
    },
    Truncated {
        received: u64,
        expected: u64,
    },
    Closed,
}

/// What this runtime should make of a fixture: what the SDK made of it, in typed form.
fn expectation(fixture: &Value) -> Expect {
    let http = &fixture["http"];
    let outcome = &fixture["sdk_outcome"];
    let status = http["status"].as_u64().unwrap() as u16;
    let body = str_of(http, "/body_utf8");
    match str_of(http, "/delivery") {
        "reset" => return Expect::Closed,
        "truncate" => {
            // The SDK saw "IncompleteRead(N bytes read, 50 more expected)".
            let received = body.len() as u64;
            return Expect::Truncated {
                received,
                expected: received + 50,
            };
        }
        _ => {}
    }
    if str_of(fixture, "/name") == "tencent_error_json_charset_content_type" {
        // Deliberate difference: the Python SDK only looks for errors when Content-Type is
        // exactly `application/json` and so calls this a success; the body is an error.
        let parsed: Value = serde_json::from_str(body).unwrap();
        return Expect::Service {
            code: str_of(&parsed, "/Response/Error/Code").into(),
            message: str_of(&parsed, "/Response/Error/Message").into(),
            request_id: str_of(&parsed, "/Response/RequestId").into(),
            status,
        };
    }
    if outcome["kind"] == "ok" {
        let id = outcome
            .pointer("/fields/RequestId")
            .or(outcome.pointer("/body/RequestId"))
            .unwrap();
        return Expect::Ok {
            request_id: id.as_str().unwrap().into(),
        };
    }
    let request_id = outcome["requestId"]
        .as_str()
        .or(outcome["request_id"].as_str());
    match request_id {
        Some(request_id) => Expect::Service {
            code: str_of(outcome, "/code").into(),
            // Alibaba's exception decorates the message; the body's `Message` is the plain one.
            message: outcome
                .pointer("/data/Message")
                .unwrap_or(&outcome["message"])
                .as_str()
                .unwrap()
                .into(),
            request_id: request_id.into(),
            status,
        },
        None if status == 200 => Expect::Malformed { status },
        None => Expect::Unexpected { status },
    }
}

async fn serve(fixture: &Value) -> (String, Box<dyn std::any::Any>) {
    let http = &fixture["http"];
    let status = http["status"].as_u64().unwrap() as u16;
    let body = str_of(http, "/body_utf8").as_bytes().to_vec();
    let headers: Vec<(String, String)> = http["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h[0].as_str().unwrap().to_owned(),
                h[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    match str_of(http, "/delivery") {
        "normal" => {
            let reply = Reply {
                status,
                headers,
                body,
                delay: Duration::ZERO,
            };
            let server = HyperServer::start(move |_, _| reply.clone()).await;
            (server.url(), Box::new(server))
        }
        "truncate" => {
            let content_type = headers[0].1.clone();
            let announced = body.len() + 50;
            let server = RawServer::start(Fault::Truncate {
                status,
                content_type,
                body,
                announced,
            })
            .await;
            (server.url(), Box::new(server))
        }
        "reset" => {
            let server = RawServer::start(Fault::Reset).await;
            (server.url(), Box::new(server))
        }
        other => panic!("unknown delivery {other}"),
    }
}

fn outcome<T>(
    result: Result<T, Error<TestError>>,
    request_id: impl Fn(&T) -> String,
) -> (Expect, Option<Duration>) {
    match result {
        Ok(response) => (
            Expect::Ok {
                request_id: request_id(&response),
            },
            None,
        ),
        Err(Error::Service(ServiceError {
            kind,
            message,
            request_id,
            http_status,
            retry_after,
            ..
        })) => (
            Expect::Service {
                code: cloudpage_runtime::OperationError::code(&kind).to_owned(),
                message,
                request_id: request_id.unwrap(),
                status: http_status,
            },
            retry_after,
        ),
        Err(Error::MalformedResponse { status, .. }) => (Expect::Malformed { status }, None),
        Err(Error::UnexpectedResponse { status, .. }) => (Expect::Unexpected { status }, None),
        Err(Error::TruncatedBody {
            received, expected, ..
        }) => (
            Expect::Truncated {
                received,
                expected: expected.unwrap(),
            },
            None,
        ),
        Err(Error::ConnectionClosed { .. }) => (Expect::Closed, None),
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

fn client(op: &'static OperationInfo, url: &str, secret: (&str, &str)) -> Client {
    let config = Config::builder()
        .endpoint(url)
        .region("ap-guangzhou")
        .credentials(Credentials::new(secret.0, secret.1))
        .max_attempts(1)
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    Client::new(op.service, config).unwrap()
}

#[tokio::test]
async fn every_response_fixture_maps_like_the_sdk() {
    let fixtures = response_fixtures();
    assert_eq!(fixtures.len(), 22);
    for fixture in &fixtures {
        let name = str_of(fixture, "/name");
        let expected = expectation(fixture);
        let (url, _server) = serve(fixture).await;
        let (got, retry_after) = match str_of(fixture, "/provider") {
            "tencent" => {
                let client = client(&CANCEL_INVOCATION, &url, ("AKIDx", "secret"));
                let request = CancelInvocationRequest {
                    invocation_id: "inv-1".into(),
                    instance_ids: None,
                };
                let result: Result<CancelInvocationResponse, _> =
                    client.call(&CANCEL_INVOCATION, &request).await;
                outcome(result, |r| r.request_id.clone())
            }
            "alibaba" => {
                let client = client(&DELETE_SOURCE_SERVER, &url, ("LTAIx", "secret"));
                let request = DeleteSourceServerRequest {
                    source_id: "s-1".into(),
                    force: Some(true),
                };
                let result: Result<DeleteSourceServerResponse, _> =
                    client.call(&DELETE_SOURCE_SERVER, &request).await;
                outcome(result, |r| r.request_id.clone())
            }
            other => panic!("{name}: provider {other}"),
        };
        assert_eq!(got, expected, "{name}");
        // The only fixture with a wait hint carries `x-acs-retry-after: 1500` (milliseconds).
        let hint = fixture["sdk_outcome"]["retry_after"]
            .as_u64()
            .map(Duration::from_millis);
        assert_eq!(retry_after, hint, "{name}");
    }
}

#[tokio::test]
async fn unknown_fields_and_extra_response_members_are_ignored() {
    let fixture = load("responses/tencent_success_unknown_fields.json");
    let (url, _server) = serve(&fixture).await;
    let client = client(&CANCEL_INVOCATION, &url, ("AKIDx", "secret"));
    let json: Value = client
        .call_json::<TestError>(
            &CANCEL_INVOCATION,
            serde_json::json!({"InvocationId": "inv-1"}),
        )
        .await
        .unwrap();
    // call_json hands back the whole inner object, unknown members included.
    assert_eq!(
        json,
        serde_json::json!({"RequestId": "b27421da-0ad4-4e11-b694-cda143606701", "NewField": 1})
    );
}
