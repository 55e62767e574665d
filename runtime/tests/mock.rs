//! `cloudpage_runtime::mock` (feature `test-util`, enabled for this crate's tests by its
//! dev-dependency on itself): calls answered by rules through the same validation, envelope
//! parsing, typed decoding and error mapping as real answers, without a socket.
#![cfg(feature = "test-util")]

use std::fmt;
use std::net::TcpListener;
use std::time::Duration;

use cloudpage_runtime::json::{DecodeError, DecodeField, EncodeField, JsonDecode, JsonEncode, JsonPath, decode_object, encode_object};
use cloudpage_runtime::mock::{Mock, MockError, PLACEHOLDER_ACCESS_KEY_ID};
use cloudpage_runtime::validation::{check_items, check_required, validate_json};
use cloudpage_runtime::{
    CallOptions, Client, Cloud, Config, Endpoints, Envelope, Error, GenericError, OperationError, OperationInfo,
    ServiceError, ServiceInfo, Signing, ValidationError, Violation,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------
// One operation of each envelope, hand-written as the generator writes them.

static TAT: ServiceInfo = ServiceInfo {
    cloud: Cloud::Tencent,
    name: "tat",
    version: "2020-10-28",
    endpoints: Endpoints {
        default: "tat.tencentcloudapi.com",
        intl: None,
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Tc3HmacSha256,
    envelope: Envelope::TencentResponse,
};

static CANCEL_INVOCATION: OperationInfo = OperationInfo {
    service: &TAT,
    action: "CancelInvocation",
    rate_limit_per_second: Some(1),
    region_parameter: None,
    paging: None,
    validate_json: |params| validate_json(params, CancelInvocationRequest::validate),
    anonymous: false,
};

/// Another operation of the same service, with no rules in most tests.
static RUN_COMMAND: OperationInfo = OperationInfo {
    service: &TAT,
    action: "RunCommand",
    rate_limit_per_second: None,
    region_parameter: None,
    paging: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
};

static ECS: ServiceInfo = ServiceInfo {
    cloud: Cloud::Alibaba,
    name: "ecs",
    version: "2014-05-26",
    endpoints: Endpoints {
        default: "ecs.aliyuncs.com",
        intl: None,
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Acs3HmacSha256,
    envelope: Envelope::AlibabaRpc,
};

static DESCRIBE_INSTANCES: OperationInfo = OperationInfo {
    service: &ECS,
    action: "DescribeInstances",
    rate_limit_per_second: None,
    region_parameter: Some("RegionId"),
    paging: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
};

#[derive(Debug, Clone, Default, PartialEq)]
struct CancelInvocationRequest {
    invocation_id: Option<String>,
    instance_ids: Option<Vec<String>>,
}

impl CancelInvocationRequest {
    fn new(invocation_id: &str) -> Self {
        CancelInvocationRequest { invocation_id: Some(invocation_id.into()), instance_ids: None }
    }

    /// Required ID; at most three instances.
    fn validate(&self) -> Result<(), ValidationError> {
        check_required(&self.invocation_id, "InvocationId")?;
        if let Some(ids) = &self.instance_ids {
            check_items(ids, "InstanceIds", None, Some(3), "A maximum of 3 IDs are allowed.")?;
        }
        Ok(())
    }
}

impl JsonEncode for CancelInvocationRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        encode_object(out, &[("InvocationId", &self.invocation_id as &dyn EncodeField), ("InstanceIds", &self.instance_ids)]);
    }
}

impl JsonDecode for CancelInvocationRequest {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let mut decoded = CancelInvocationRequest::default();
        decode_object(
            value,
            path,
            &mut [
                ("InvocationId", &mut decoded.invocation_id as &mut dyn DecodeField),
                ("InstanceIds", &mut decoded.instance_ids),
            ],
        )?;
        Ok(decoded)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct CancelInvocationResponse {
    request_id: Option<String>,
}

impl JsonEncode for CancelInvocationResponse {
    fn encode_json(&self, out: &mut Vec<u8>) {
        encode_object(out, &[("RequestId", &self.request_id as &dyn EncodeField)]);
    }
}

impl JsonDecode for CancelInvocationResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let mut decoded = CancelInvocationResponse::default();
        decode_object(value, path, &mut [("RequestId", &mut decoded.request_id as &mut dyn DecodeField)])?;
        Ok(decoded)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum CancelInvocationError {
    InvocationNotFound,
    RequestLimitExceeded,
    Unknown { code: String, message: String },
}

impl fmt::Display for CancelInvocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl OperationError for CancelInvocationError {
    fn from_wire(code: &str, message: &str) -> Self {
        match code {
            "ResourceNotFound.InvocationNotFound" => CancelInvocationError::InvocationNotFound,
            "RequestLimitExceeded" => CancelInvocationError::RequestLimitExceeded,
            _ => CancelInvocationError::Unknown { code: code.to_owned(), message: message.to_owned() },
        }
    }

    fn code(&self) -> &str {
        match self {
            CancelInvocationError::InvocationNotFound => "ResourceNotFound.InvocationNotFound",
            CancelInvocationError::RequestLimitExceeded => "RequestLimitExceeded",
            CancelInvocationError::Unknown { code, .. } => code,
        }
    }

    fn is_retryable(&self) -> bool {
        matches!(self, CancelInvocationError::RequestLimitExceeded)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct DescribeInstancesRequest {
    region_id: Option<String>,
    instance_ids: Option<Vec<String>>,
}

impl JsonEncode for DescribeInstancesRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        encode_object(out, &[("RegionId", &self.region_id as &dyn EncodeField), ("InstanceIds", &self.instance_ids)]);
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct DescribeInstancesResponse {
    request_id: Option<String>,
    total_count: Option<u64>,
    instance_ids: Option<Vec<String>>,
}

impl JsonEncode for DescribeInstancesResponse {
    fn encode_json(&self, out: &mut Vec<u8>) {
        encode_object(
            out,
            &[
                ("RequestId", &self.request_id as &dyn EncodeField),
                ("TotalCount", &self.total_count),
                ("InstanceIds", &self.instance_ids),
            ],
        );
    }
}

impl JsonDecode for DescribeInstancesResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let mut decoded = DescribeInstancesResponse::default();
        decode_object(
            value,
            path,
            &mut [
                ("RequestId", &mut decoded.request_id as &mut dyn DecodeField),
                ("TotalCount", &mut decoded.total_count),
                ("InstanceIds", &mut decoded.instance_ids),
            ],
        )?;
        Ok(decoded)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum DescribeInstancesError {
    InvalidRegionIdNotFound,
    Throttling,
    Unknown { code: String },
}

impl fmt::Display for DescribeInstancesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl OperationError for DescribeInstancesError {
    fn from_wire(code: &str, _message: &str) -> Self {
        match code {
            "InvalidRegionId.NotFound" => DescribeInstancesError::InvalidRegionIdNotFound,
            "Throttling" => DescribeInstancesError::Throttling,
            _ => DescribeInstancesError::Unknown { code: code.to_owned() },
        }
    }

    fn code(&self) -> &str {
        match self {
            DescribeInstancesError::InvalidRegionIdNotFound => "InvalidRegionId.NotFound",
            DescribeInstancesError::Throttling => "Throttling",
            DescribeInstancesError::Unknown { code } => code,
        }
    }

    fn is_retryable(&self) -> bool {
        matches!(self, DescribeInstancesError::Throttling)
    }
}

/// A service client as generated: it wraps a runtime client (`from_runtime` is how a test
/// hands it a mocked one) and validates before calling.
#[derive(Debug, Clone)]
struct TatClient {
    inner: Client,
}

impl TatClient {
    fn from_runtime(inner: Client) -> Self {
        TatClient { inner }
    }

    async fn cancel_invocation(
        &self,
        request: &CancelInvocationRequest,
    ) -> Result<CancelInvocationResponse, Error<CancelInvocationError>> {
        request.validate()?;
        self.inner.call(&CANCEL_INVOCATION, request).await
    }
}

fn tat(mock: &Mock) -> TatClient {
    TatClient::from_runtime(mock.client(&TAT).expect("a mocked client"))
}

fn ecs(mock: &Mock, region: &str) -> Client {
    let config = Config::builder().region(region).build().expect("config");
    mock.client_with(&ECS, config).expect("a mocked client")
}

fn response(request_id: &str) -> CancelInvocationResponse {
    CancelInvocationResponse { request_id: Some(request_id.into()) }
}

// ---------------------------------------------------------------------------------------
// Answers

#[tokio::test]
async fn an_output_rule_answers_a_typed_tencent_call_without_a_socket() {
    // Where a real client would connect: a listener that must see no connection.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let mock = Mock::new();
    let rule = mock.on(&CANCEL_INVOCATION).then_output(response("req-1"));
    // Default credentials chain, rate limit of 1 per second, an endpoint nobody answers on:
    // none of it is used by a mocked client.
    let config = Config::builder().endpoint(&endpoint).region("ap-guangzhou").build().unwrap();
    let client = TatClient::from_runtime(mock.client_with(&TAT, config).unwrap());

    let started = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(client.cancel_invocation(&CancelInvocationRequest::new("inv-1")).await.unwrap(), response("req-1"));
    }
    assert!(started.elapsed() < Duration::from_secs(1), "no rate-limit waits: {:?}", started.elapsed());
    assert_eq!(rule.num_calls(), 3);
    assert_eq!(listener.accept().map_err(|e| e.kind()).err(), Some(std::io::ErrorKind::WouldBlock), "no connection");

    // The same endpoint with a real client: nothing listens there for HTTP, so the mocked
    // answers above did not come from it.
    drop(listener);
    let real = Client::new(
        &TAT,
        Config::builder()
            .endpoint(&endpoint)
            .credentials(cloudpage_runtime::Credentials::new("id", "secret"))
            .max_attempts(1)
            .build()
            .unwrap(),
    )
    .unwrap();
    let err = real.call::<_, CancelInvocationResponse, CancelInvocationError>(&CANCEL_INVOCATION, &CancelInvocationRequest::new("inv-1")).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
}

#[tokio::test]
async fn an_output_rule_answers_a_typed_alibaba_call_with_the_region_filled() {
    let mock = Mock::new();
    mock.on(&DESCRIBE_INSTANCES)
        .then_output(DescribeInstancesResponse { request_id: None, total_count: Some(2), instance_ids: Some(vec!["i-1".into(), "i-2".into()]) })
        .request_id("req-ecs");
    let client = ecs(&mock, "cn-hangzhou");
    let request = DescribeInstancesRequest { region_id: None, instance_ids: Some(vec!["i-1".into(), "i-2".into()]) };
    let answer: DescribeInstancesResponse = client.call::<_, _, DescribeInstancesError>(&DESCRIBE_INSTANCES, &request).await.unwrap();
    assert_eq!(
        answer,
        DescribeInstancesResponse {
            request_id: Some("req-ecs".into()),
            total_count: Some(2),
            instance_ids: Some(vec!["i-1".into(), "i-2".into()]),
        }
    );
    // The parameters as the envelope sends them: the client's region in `RegionId`.
    let calls = mock.calls_to(&DESCRIBE_INSTANCES);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].action(), "DescribeInstances");
    assert_eq!(calls[0].params, json!({"InstanceIds": ["i-1", "i-2"], "RegionId": "cn-hangzhou"}));

    // An explicit region is not replaced.
    let request = DescribeInstancesRequest { region_id: Some("cn-beijing".into()), instance_ids: None };
    client.call::<_, DescribeInstancesResponse, DescribeInstancesError>(&DESCRIBE_INSTANCES, &request).await.unwrap();
    assert_eq!(mock.calls()[1].params, json!({"RegionId": "cn-beijing"}));
}

#[tokio::test]
async fn an_error_rule_is_the_operations_service_error_in_both_envelopes() {
    let mock = Mock::new();
    mock.on(&CANCEL_INVOCATION)
        .then_error("ResourceNotFound.InvocationNotFound", "No execution activity found.")
        .request_id("req-404");
    let err = tat(&mock).cancel_invocation(&CancelInvocationRequest::new("inv-1")).await.unwrap_err();
    let Error::Service(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.kind, CancelInvocationError::InvocationNotFound);
    assert_eq!(e.message, "No execution activity found.");
    assert_eq!(e.request_id.as_deref(), Some("req-404"));
    assert_eq!(e.http_status, 200, "Tencent answers errors with 200");
    assert_eq!(
        err.to_string(),
        "ResourceNotFound.InvocationNotFound: No execution activity found. (HTTP 200, request id req-404)"
    );

    mock.on(&DESCRIBE_INSTANCES)
        .then_error("InvalidRegionId.NotFound", "The specified RegionId does not exist.")
        .request_id("req-ali")
        .then_error("Throttling", "Request was denied due to request throttling.")
        .http_status(503)
        .retry_after(Duration::from_millis(1500))
        .then_error("Some.New.Code", "undocumented");
    let client = ecs(&mock, "cn-hangzhou");
    let call = || client.call::<_, DescribeInstancesResponse, DescribeInstancesError>(&DESCRIBE_INSTANCES, &());
    let err = call().await.unwrap_err();
    let e = err.service_error().unwrap();
    assert_eq!(
        (&e.kind, e.message.as_str(), e.request_id.as_deref(), e.http_status, e.retry_after),
        (&DescribeInstancesError::InvalidRegionIdNotFound, "The specified RegionId does not exist.", Some("req-ali"), 400, None)
    );
    // Throttling is not retried by a mocked client: the answer is final.
    let err = call().await.unwrap_err();
    let e = err.service_error().unwrap();
    assert_eq!((&e.kind, e.http_status, e.retry_after), (&DescribeInstancesError::Throttling, 503, Some(Duration::from_millis(1500))));
    assert!(e.is_throttling());
    let err = call().await.unwrap_err();
    assert_eq!(err.service_error().unwrap().kind, DescribeInstancesError::Unknown { code: "Some.New.Code".into() });
    assert_eq!(mock.calls_to(&DESCRIBE_INSTANCES).len(), 3, "one attempt per call");
}

#[tokio::test]
async fn match_params_picks_the_rule() {
    let mock = Mock::new();
    let gone = mock
        .on(&CANCEL_INVOCATION)
        .match_params(|params| params["InvocationId"] == "inv-gone")
        .then_error("ResourceNotFound.InvocationNotFound", "gone");
    let many = mock
        .on(&CANCEL_INVOCATION)
        .match_params(|params| params.get("InstanceIds").is_some())
        .match_params(|params| params["InstanceIds"].as_array().is_some_and(|ids| ids.len() == 2))
        .then_output(response("req-two"));
    let rest = mock.on(&CANCEL_INVOCATION).then_output(response("req-rest"));
    let client = tat(&mock);

    let err = client.cancel_invocation(&CancelInvocationRequest::new("inv-gone")).await.unwrap_err();
    assert_eq!(err.service_error().unwrap().kind, CancelInvocationError::InvocationNotFound);
    let mut two = CancelInvocationRequest::new("inv-1");
    two.instance_ids = Some(vec!["ins-1".into(), "ins-2".into()]);
    assert_eq!(client.cancel_invocation(&two).await.unwrap(), response("req-two"));
    // One instance: the second matcher of `many` refuses, the catch-all answers.
    two.instance_ids = Some(vec!["ins-1".into()]);
    assert_eq!(client.cancel_invocation(&two).await.unwrap(), response("req-rest"));
    assert_eq!((gone.num_calls(), many.num_calls(), rest.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn sequences_and_times() {
    let mock = Mock::new();
    // Throttled once, then fine for ever.
    let flaky = mock
        .on(&CANCEL_INVOCATION)
        .match_params(|params| params["InvocationId"] == "inv-flaky")
        .then_error("RequestLimitExceeded", "slow down")
        .then_output(response("req-ok"));
    // Twice the first answer, once the second, then the rule is exhausted.
    let counted = mock
        .on(&CANCEL_INVOCATION)
        .match_params(|params| params["InvocationId"] == "inv-counted")
        .then_output(response("req-a"))
        .times(2)
        .then_output(response("req-b"))
        .times(1);
    let skipped = mock.on(&RUN_COMMAND).then_output(json!({})).times(0);
    let client = tat(&mock);

    // A request that fails validation never reaches the mock.
    let invalid = CancelInvocationRequest::default();
    assert!(matches!(client.cancel_invocation(&invalid).await, Err(Error::Validation(_))));
    assert!(mock.calls().is_empty());
    let request = CancelInvocationRequest::new("inv-flaky");
    let err = client.cancel_invocation(&request).await.unwrap_err();
    assert_eq!(err.service_error().unwrap().kind, CancelInvocationError::RequestLimitExceeded);
    for _ in 0..3 {
        assert_eq!(client.cancel_invocation(&request).await.unwrap(), response("req-ok"));
    }
    assert_eq!(flaky.num_calls(), 4);
    assert!(!flaky.is_exhausted());

    let request = CancelInvocationRequest::new("inv-counted");
    let mut answers = Vec::new();
    for _ in 0..3 {
        answers.push(client.cancel_invocation(&request).await.unwrap().request_id.unwrap());
    }
    assert_eq!(answers, ["req-a", "req-a", "req-b"]);
    assert!(counted.is_exhausted());
    let err = client.cancel_invocation(&request).await.unwrap_err();
    let Error::Mock(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.rules, e.exhausted), (2, 1));
    assert_eq!(
        err.to_string(),
        "no mock rule matched the call of CancelInvocation (tat): of its 2 rule(s), 1 accepted the parameters but had no answer left"
    );
    // An answer added later continues the exhausted sequence.
    let counted = counted.then_output(response("req-c"));
    assert_eq!(client.cancel_invocation(&request).await.unwrap(), response("req-c"));
    assert_eq!(counted.num_calls(), 4);

    // `times(0)`: the answer is skipped, so the rule answers nothing.
    let err = client.inner.call::<_, Value, GenericError>(&RUN_COMMAND, &json!({})).await.unwrap_err();
    assert!(matches!(err, Error::Mock(MockError { exhausted: 1, .. })), "{err:?}");
    assert_eq!(skipped.num_calls(), 0);
}

#[tokio::test]
async fn an_unmatched_call_is_a_typed_error_naming_the_action() {
    let mock = Mock::new();
    let client = tat(&mock);
    let err = client.cancel_invocation(&CancelInvocationRequest::new("inv-1")).await.unwrap_err();
    match &err {
        Error::Mock(e) => assert_eq!((e.service, e.action, e.rules, e.exhausted), ("tat", "CancelInvocation", 0, 0)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "no mock rule matched the call of CancelInvocation (tat): the mock has no rule for this operation (add one with `Mock::on`)"
    );
    assert!(err.is_not_sent() && err.service_error().is_none() && err.request_id().is_none());

    // Rules for the operation that refuse the parameters.
    mock.on(&CANCEL_INVOCATION).match_params(|_| false).then_output(response("never"));
    mock.on(&RUN_COMMAND).then_output(json!({}));
    let err = client.cancel_invocation(&CancelInvocationRequest::new("inv-2")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no mock rule matched the call of CancelInvocation (tat): none of its 1 rule(s) accepted the parameters (see `Mock::calls`)"
    );
    // Unanswered calls are recorded too.
    let calls = mock.calls();
    let ids: Vec<&Value> = calls.iter().map(|call| &call.params["InvocationId"]).collect();
    assert_eq!(ids, [&json!("inv-1"), &json!("inv-2")]);
}

#[tokio::test]
async fn calls_record_the_parameters_in_order() {
    let mock = Mock::new();
    mock.on(&CANCEL_INVOCATION).then_output(response("r"));
    mock.on(&RUN_COMMAND).then_output(json!({"InvocationId": "inv-new", "RequestId": "r2"}));
    let client = tat(&mock);
    let mut request = CancelInvocationRequest::new("inv-1");
    request.instance_ids = Some(vec!["ins-1".into()]);
    client.cancel_invocation(&request).await.unwrap();
    let run: Value = client.inner.call::<_, _, GenericError>(&RUN_COMMAND, &json!({"Content": "ZWNobw=="})).await.unwrap();
    assert_eq!(run, json!({"InvocationId": "inv-new", "RequestId": "r2"}));
    client.cancel_invocation(&CancelInvocationRequest::new("inv-2")).await.unwrap();

    let calls = mock.calls();
    let seen: Vec<(&str, &Value)> = calls.iter().map(|call| (call.action(), &call.params)).collect();
    assert_eq!(
        seen,
        [
            ("CancelInvocation", &json!({"InvocationId": "inv-1", "InstanceIds": ["ins-1"]})),
            ("RunCommand", &json!({"Content": "ZWNobw=="})),
            ("CancelInvocation", &json!({"InvocationId": "inv-2"})),
        ]
    );
    assert_eq!(mock.calls_to(&CANCEL_INVOCATION).len(), 2);
    assert_eq!(mock.calls_to(&RUN_COMMAND)[0].operation, &RUN_COMMAND);
    assert!(mock.calls_to(&DESCRIBE_INSTANCES).is_empty());
}

#[tokio::test]
async fn call_json_validates_then_answers() {
    let mock = Mock::new();
    mock.on(&CANCEL_INVOCATION)
        .match_params(|params| params["InvocationId"] == "inv-1")
        .then_output(response("req-json"));
    mock.on(&CANCEL_INVOCATION).then_error("ResourceNotFound.InvocationNotFound", "gone").request_id("req-e");
    let client = mock.client(&TAT).unwrap();

    let value = client.call_json::<GenericError>(&CANCEL_INVOCATION, json!({"InvocationId": "inv-1"})).await.unwrap();
    assert_eq!(value, json!({"RequestId": "req-json"}));
    let err = client.call_json::<GenericError>(&CANCEL_INVOCATION, json!({"InvocationId": "inv-9"})).await.unwrap_err();
    let e = err.service_error().unwrap();
    assert_eq!((e.code(), e.request_id.as_deref()), ("ResourceNotFound.InvocationNotFound", Some("req-e")));
    assert_eq!(e.kind, GenericError { code: "ResourceNotFound.InvocationNotFound".into() });

    // The operation's documented checks run first; a failing call never reaches the mock.
    let err = client
        .call_json::<GenericError>(&CANCEL_INVOCATION, json!({"InvocationId": "inv-1", "InstanceIds": ["a", "b", "c", "d"]}))
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.violation, Violation::TooManyItems { max: 3, actual: 4 });
    let err = client.call_json::<GenericError>(&CANCEL_INVOCATION, json!({"invocationId": "inv-1"})).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    // So are the per-call options and the request shape.
    let err = client
        .call_json_with::<GenericError>(&CANCEL_INVOCATION, json!({"InvocationId": "inv-1"}), &CallOptions::new().max_attempts(0))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidCallOptions(_)), "{err:?}");
    let err = client.call::<_, Value, GenericError>(&RUN_COMMAND, &json!(["not", "an", "object"])).await.unwrap_err();
    assert!(matches!(err, Error::Serialize(_)), "{err:?}");
    assert_eq!(mock.calls().len(), 2);
}

#[tokio::test]
async fn answers_go_through_the_envelope_parser_and_typed_decoding() {
    let mock = Mock::new();
    mock.on(&CANCEL_INVOCATION)
        .then_output(json!({"RequestId": 7}))
        .then_raw("<html>bad gateway</html>")
        .http_status(502)
        .then_raw(r#"{"RequestId": "req-bare"}"#)
        .then_output(response("req-5xx"))
        .http_status(500);
    let client = tat(&mock);
    let request = CancelInvocationRequest::new("inv-1");
    let call = || client.cancel_invocation(&request);

    // An output that does not fit the response type, as from a real server.
    let err = call().await.unwrap_err();
    let Error::MalformedResponse { status: 200, reason, .. } = &err else { panic!("{err:?}") };
    assert_eq!(reason, "does not match the response type: RequestId: expected a string, found a number");
    // A gateway's page.
    let err = call().await.unwrap_err();
    assert!(matches!(&err, Error::UnexpectedResponse { status: 502, content_type: None, body, .. } if body == "<html>bad gateway</html>"), "{err:?}");
    // A Tencent answer without `Response`.
    let err = call().await.unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { reason, .. } if reason == "no `Response` object"), "{err:?}");
    // A success object with an error status.
    let err = call().await.unwrap_err();
    assert!(matches!(&err, Error::UnexpectedResponse { status: 500, .. }), "{err:?}");

    // An Alibaba RPC "error" with a 2xx status is read as a success, as on the wire.
    mock.on(&DESCRIBE_INSTANCES).then_error("Throttling", "x").http_status(200);
    let answer: Value = ecs(&mock, "cn-hangzhou").call::<_, _, GenericError>(&DESCRIBE_INSTANCES, &()).await.unwrap();
    assert_eq!(answer, json!({"Code": "Throttling", "Message": "x"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_rules_and_calls_across_tasks() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Mock>();
    send_sync::<cloudpage_runtime::mock::Rule>();
    send_sync::<Client>();

    let mock = Mock::new();
    let rule = mock.clone().on(&CANCEL_INVOCATION).then_output(response("r")).times(5);
    let client = tat(&mock);
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.cancel_invocation(&CancelInvocationRequest::new(&format!("inv-{i}"))).await })
        })
        .collect();
    let mut answered = 0;
    let mut unmatched = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => answered += 1,
            Err(Error::Mock(_)) => unmatched += 1,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!((answered, unmatched, rule.num_calls()), (5, 5, 5));
    assert_eq!(mock.calls().len(), 10);
}

#[tokio::test]
async fn a_matcher_may_read_the_mock() {
    let mock = Mock::new();
    let seen = mock.clone();
    // Answers only from the third call on: the matcher runs without the mock's lock.
    mock.on(&CANCEL_INVOCATION).match_params(move |_| seen.calls().len() >= 3).then_output(response("late"));
    let client = tat(&mock);
    let request = CancelInvocationRequest::new("inv-1");
    assert!(matches!(client.cancel_invocation(&request).await, Err(Error::Mock(_))));
    assert!(matches!(client.cancel_invocation(&request).await, Err(Error::Mock(_))));
    assert_eq!(client.cancel_invocation(&request).await.unwrap(), response("late"));
}

#[tokio::test]
async fn debug_and_sign_json_show_no_secret() {
    let mock = Mock::new();
    let rule = mock
        .on(&CANCEL_INVOCATION)
        .match_params(|_| true)
        .then_output(response("r"))
        .then_error("InternalError", "boom");
    let debug = format!("{mock:?} {rule:?} {:?}", mock.on(&RUN_COMMAND));
    assert!(debug.contains("CancelInvocation") && debug.contains("InternalError"), "{debug}");
    let client = mock.client(&TAT).unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains(PLACEHOLDER_ACCESS_KEY_ID) && !debug.contains("mock-secret"), "{debug}");

    // A mocked client signs with placeholder credentials and sends nothing.
    let signed = client.sign_json::<GenericError>(&CANCEL_INVOCATION, json!({"InvocationId": "inv-1"})).await.unwrap();
    let shown = signed.to_string();
    assert!(shown.contains(&format!("Credential={PLACEHOLDER_ACCESS_KEY_ID}/")), "{shown}");
    assert!(shown.contains("Signature=<redacted>"), "{shown}");
    assert!(mock.calls().is_empty());
}

#[test]
fn service_errors_can_be_built_for_hand_written_doubles() {
    let e: ServiceError<CancelInvocationError> =
        ServiceError::from_code("ResourceNotFound.InvocationNotFound", "gone").with_request_id("req-1").with_http_status(200);
    assert_eq!(e.kind, CancelInvocationError::InvocationNotFound);
    assert_eq!((e.message.as_str(), e.request_id.as_deref(), e.http_status, e.retry_after), ("gone", Some("req-1"), 200, None));

    let e = ServiceError::<CancelInvocationError>::from_code("Brand.New", "m");
    assert_eq!(e.kind, CancelInvocationError::Unknown { code: "Brand.New".into(), message: "m".into() });
    assert_eq!(e.http_status, 400);

    let throttled = ServiceError::from_kind(CancelInvocationError::RequestLimitExceeded, "slow down")
        .with_retry_after(Duration::from_secs(2));
    assert_eq!(throttled.code(), "RequestLimitExceeded");
    assert!(throttled.is_throttling());
    let err: Error<CancelInvocationError> = throttled.clone().into();
    assert_eq!(err.service_error(), Some(&throttled));
    assert_eq!(err.to_string(), "RequestLimitExceeded: slow down (HTTP 400)");
}
