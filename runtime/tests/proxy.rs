//! Plain http (a loopback endpoint, or one explicitly allowed) is sent straight to the
//! endpoint, never through a proxy from the environment: the proxy would read the signed
//! request and its session token in clear text, on a host it was not signed for. Its own test
//! binary: it sets the process's proxy variables.

mod common;

use std::time::Duration;

use cloudpage_runtime::{Client, Config, Credentials};
use cloudpage_testkit::servers::*;
use common::*;

const AKID: &str = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001";
const SECRET: &str = "TCEXAMPLESECRETKEYEXAMPLEKEY0001";
const TOKEN: &str = "tc-session-token-EXAMPLE";

#[tokio::test]
async fn plain_http_never_goes_through_a_proxy_from_the_environment() {
    // A "proxy" on another loopback address that answers anything it is sent, so a call
    // through it would succeed too: only where the request went tells them apart.
    let proxy = HyperServer::start_on("127.0.0.2:0", |_, _| Reply::json(200, r#"{"Response": {"RequestId": "proxied"}}"#)).await;
    let proxy_url = format!("http://127.0.0.2:{}", proxy.addr.port());
    // SAFETY: this test binary has this one test; nothing else reads the environment while
    // it is set (the clients below read it when they are built).
    unsafe {
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
            std::env::set_var(name, &proxy_url);
        }
        for name in ["NO_PROXY", "no_proxy"] {
            std::env::remove_var(name);
        }
    }
    let server = HyperServer::start(|_, _| Reply::json(200, r#"{"Response": {"RequestId": "direct"}}"#)).await;
    let config = Config::builder()
        .endpoint(server.url())
        .region("ap-guangzhou")
        .credentials(Credentials::new(AKID, SECRET).with_session_token(TOKEN))
        .retry_base_delay(Duration::from_millis(5))
        .rate_limits(false)
        .build()
        .unwrap();
    let client = Client::new(&TAT, config).unwrap();
    let request = CancelInvocationRequest { invocation_id: "inv-1".into(), instance_ids: None };
    client.call::<_, serde_json::Value, TestError>(&CANCEL_INVOCATION, &request).await.unwrap();
    assert_eq!(server.received.lock().unwrap().len(), 1, "the endpoint got the call");
    assert_eq!(proxy.received.lock().unwrap().len(), 0, "the proxy saw nothing");
}
