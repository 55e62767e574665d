//! The generated API as a user of the crate meets it, over loopback against the mock cloud:
//! fluent calls (setters, list setters that append, `set_` replacing, per-call options, the
//! typed validation error before anything is sent), accessors that read through Alibaba's list
//! wrappers, and the `with_` setters that build responses and models.

use std::time::Duration;

use cloudpage_clients::alibaba_ecs::{self, DescribeInstancesInstance, DescribeInstancesResponse};
use cloudpage_clients::tencent_tat::{self, CancelInvocationRequest};
use cloudpage_runtime::{CallOptions, Config, Credentials, Error, Violation};
use cloudpage_testkit::mock_cloud::*;
use serde_json::json;

fn tat(mock: &MockCloud) -> tencent_tat::Client {
    let config = Config::builder()
        .endpoint(mock.url())
        .region("ap-guangzhou")
        .credentials(Credentials::new(TC_ID, TC_SECRET))
        .retry_base_delay(Duration::from_millis(5))
        .build()
        .unwrap();
    tencent_tat::Client::new(config).unwrap()
}

fn ecs(mock: &MockCloud) -> alibaba_ecs::Client {
    let config = Config::builder()
        .endpoint(mock.url())
        .region("cn-hangzhou")
        .credentials(Credentials::new(ALI_ID, ALI_SECRET))
        .build()
        .unwrap();
    alibaba_ecs::Client::new(config).unwrap()
}

#[tokio::test]
async fn a_fluent_call_sends_what_its_setters_set() {
    let mock = MockCloud::start().await;
    let response = tat(&mock)
        .cancel_invocation()
        .invocation_id("inv-ib2lld37")
        .instance_ids("ins-zcewfho0")
        .instance_ids(String::from("ins-2"))
        .send()
        .await
        .unwrap();
    assert!(response.request_id().is_some_and(|id| id.starts_with("mock-")));
    let hits = mock.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].verdict, "ok");
    let body: serde_json::Value = serde_json::from_slice(&hits[0].body).unwrap();
    assert_eq!(body, json!({"InvocationId": "inv-ib2lld37", "InstanceIds": ["ins-zcewfho0", "ins-2"]}));
}

#[tokio::test]
async fn a_calls_future_owns_the_call_and_can_be_spawned() {
    // `send()` returns the call's future (`Send + 'static`): it outlives the client handle
    // and the call it came from, and runs on another task.
    let mock = MockCloud::start().await;
    let future = tat(&mock).cancel_invocation().invocation_id("inv-1").send();
    assert!(format!("{future:?}").contains("CancelInvocation"), "{future:?}");
    let response = tokio::spawn(future).await.unwrap().unwrap();
    assert!(response.request_id().is_some());
    // A call that fills the region parameter from the client does so in `send()` itself.
    mock.answer("alibaba:ecs:DescribeInstances", Answer::Success(json!({})));
    let future = ecs(&mock).describe_instances().send();
    tokio::spawn(future).await.unwrap().unwrap();
    assert!(mock.hits()[1].query.contains("RegionId=cn-hangzhou"), "{}", mock.hits()[1].query);
}

#[tokio::test]
async fn set_replaces_the_whole_value_and_as_request_shows_it() {
    let mock = MockCloud::start().await;
    let call = tat(&mock)
        .cancel_invocation()
        .invocation_id("inv-1")
        .instance_ids("ins-1")
        .set_instance_ids(Some(vec!["ins-a".into(), "ins-b".into()]));
    assert_eq!(call.as_request().instance_ids.as_deref(), Some(&["ins-a".to_owned(), "ins-b".to_owned()][..]));
    let call = call.set_instance_ids(None);
    assert_eq!(call.as_request(), &CancelInvocationRequest::new("inv-1"));
    call.send().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&mock.hits()[0].body).unwrap();
    assert_eq!(body, json!({"InvocationId": "inv-1"}));
}

#[tokio::test]
async fn a_missing_required_parameter_is_the_typed_validation_error_and_nothing_is_sent() {
    let mock = MockCloud::start().await;
    match tat(&mock).cancel_invocation().instance_ids("ins-1").send().await {
        Err(Error::Validation(e)) => assert_eq!((e.field.as_str(), &e.violation), ("InvocationId", &Violation::Missing)),
        other => panic!("{other:?}"),
    }
    let mut call = tat(&mock).cancel_invocation().invocation_id("inv-1");
    for i in 0..101 {
        call = call.instance_ids(format!("ins-{i}"));
    }
    match call.send().await {
        Err(Error::Validation(e)) => assert_eq!(e.violation, Violation::TooManyItems { max: 100, actual: 101 }),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.total(), 0, "{:?}", mock.hits());
}

#[tokio::test]
async fn per_call_options_override_the_clients_attempts() {
    let mock = MockCloud::start().await;
    mock.set_faults(vec![Fault::always(TAT_CANCEL, FaultKind::Throttle { retry_after_ms: None })]);
    let client = tat(&mock);
    let result = client
        .cancel_invocation()
        .invocation_id("inv-1")
        .with_options(CallOptions::new().max_attempts(1))
        .send()
        .await;
    assert!(result.is_err());
    assert_eq!(mock.count(TAT_CANCEL), 1, "one attempt with the override");
    mock.reset();
    mock.set_faults(vec![Fault::always(TAT_CANCEL, FaultKind::Throttle { retry_after_ms: None })]);
    assert!(client.cancel_invocation().invocation_id("inv-1").send().await.is_err());
    assert_eq!(mock.count(TAT_CANCEL), Config::DEFAULT_MAX_ATTEMPTS as usize, "the client's attempts without it");
}

#[tokio::test]
async fn accessors_read_through_alibabas_list_wrappers() {
    let mock = MockCloud::start().await;
    // The shape of the documented answer: the list inside its wrapper object.
    mock.answer(
        "alibaba:ecs:DescribeInstances",
        Answer::Success(json!({
            "TotalCount": 2,
            "NextToken": "caeba0bbb2be03f84eb48b699f0a4883",
            "Instances": {"Instance": [
                {"InstanceId": "i-1", "Tags": {"Tag": [{"TagKey": "team", "TagValue": "core"}]}},
                {"InstanceId": "i-2"}
            ]}
        })),
    );
    // `RegionId`, documented as required, is the client's region when the call leaves it out.
    let response = ecs(&mock).describe_instances().send().await.unwrap();
    assert!(mock.hits()[0].query.contains("RegionId=cn-hangzhou"), "{}", mock.hits()[0].query);
    assert_eq!(response.total_count(), Some(2));
    assert_eq!(response.next_token(), Some("caeba0bbb2be03f84eb48b699f0a4883"));
    let ids: Vec<Option<&str>> = response.instances().iter().map(|i| i.instance_id()).collect();
    assert_eq!(ids, [Some("i-1"), Some("i-2")]);
    let tags = response.instances()[0].tags();
    assert_eq!((tags[0].tag_key(), tags[0].tag_value()), (Some("team"), Some("core")));
    assert!(response.instances()[1].tags().is_empty(), "an absent list reads as empty");

    // An empty answer: empty slices and `None`, never a panic.
    mock.answer("alibaba:ecs:DescribeInstances", Answer::Success(json!({})));
    let empty = ecs(&mock).describe_instances().region_id("cn-shanghai").send().await.unwrap();
    assert!(mock.hits()[1].query.contains("RegionId=cn-shanghai"), "the call's own region wins");
    assert!(empty.instances().is_empty());
    assert_eq!(empty.total_count(), None);
}

#[test]
fn with_setters_build_responses_and_models_outside_the_crate() {
    let response = DescribeInstancesResponse::default()
        .with_total_count(2)
        .with_instances(DescribeInstancesInstance::default().with_instance_id("i-1"))
        .with_instances(DescribeInstancesInstance::default().with_instance_id("i-2"));
    let ids: Vec<Option<&str>> = response.instances().iter().map(|i| i.instance_id()).collect();
    assert_eq!(ids, [Some("i-1"), Some("i-2")]);
    // Built values encode with their wire names, wrappers included.
    let encoded = cloudpage_runtime::to_json_value(&response).unwrap();
    assert_eq!(
        encoded,
        json!({"Instances": {"Instance": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}, "TotalCount": 2})
    );
}

/// The checks behind every generated example test report what does not hold, so those tests
/// can fail: a required parameter missing, a member no field takes, a misfit type.
#[test]
fn documented_example_checks_report_mismatches() {
    use cloudpage_runtime::__codegen::{check_request_example, check_response_example};
    let complete = r#"{"InvocationId":"inv-1","InstanceIds":["ins-1"]}"#;
    assert_eq!(check_request_example::<CancelInvocationRequest>(complete, &[]), Ok(()));

    let incomplete = r#"{"InstanceIds":["ins-1"]}"#;
    let err = check_request_example::<CancelInvocationRequest>(incomplete, &[]).unwrap_err();
    assert!(err.contains("InvocationId"), "{err}");
    // Declared as left out by the page: validation must refuse it for exactly that.
    assert_eq!(check_request_example::<CancelInvocationRequest>(incomplete, &["InvocationId"]), Ok(()));
    let err = check_request_example::<CancelInvocationRequest>(complete, &["InvocationId"]).unwrap_err();
    assert!(err.contains("expected a missing parameter"), "{err}");

    // A member no field takes is dropped by the decoder, so the round trip shows it.
    let extra = r#"{"InvocationId":"inv-1","Undocumented":1}"#;
    let err = check_request_example::<CancelInvocationRequest>(extra, &[]).unwrap_err();
    assert!(err.contains("Undocumented"), "{err}");
    let err = check_request_example::<CancelInvocationRequest>(r#"{"InvocationId":1}"#, &[]).unwrap_err();
    assert!(err.contains("does not fit the request struct"), "{err}");
    let err = check_request_example::<CancelInvocationRequest>("{", &[]).unwrap_err();
    assert!(err.contains("not JSON"), "{err}");

    type Response = tencent_tat::CancelInvocationResponse;
    assert_eq!(check_response_example::<Response>(r#"{"RequestId":"r-1"}"#), Ok(()));
    let err = check_response_example::<Response>(r#"{"RequestId":"r-1","Extra":[1]}"#).unwrap_err();
    assert!(err.contains("Extra"), "{err}");
}

/// Answers and requests that carry secrets print without them: STS `AssumeRole`'s
/// credentials, a password sent to ECS. The rest of the struct prints as derived.
#[test]
fn debug_output_never_shows_a_secret() {
    use cloudpage_clients::alibaba_sts::{AssumeRoleCredentials, AssumeRoleResponse};
    let response = AssumeRoleResponse::default().with_credentials(
        AssumeRoleCredentials::default()
            .with_access_key_id("STS.NUk8cGXLtYzuErSh")
            .with_access_key_secret("wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK")
            .with_security_token("CAIS8wF1q6Ft5B2yfSjIr5bSEsj2gq"),
    );
    for shown in [format!("{response:?}"), format!("{response:#?}")] {
        assert!(!shown.contains("wyLTSmsy") && !shown.contains("CAIS8wF1"), "{shown}");
        assert!(shown.contains("STS.NUk8cGXLtYzuErSh"), "the id is no secret: {shown}");
        assert!(shown.contains("access_key_secret: Some(<redacted>)"), "{shown}");
    }
    let mut request = alibaba_ecs::ModifyInstanceAttributeRequest::new("i-1");
    request.password = Some("Hunter2!Hunter2!".into());
    let shown = format!("{request:?}");
    assert!(!shown.contains("Hunter2") && shown.contains("password: Some(<redacted>)"), "{shown}");
    assert!(shown.contains("instance_id: Some(\"i-1\")"), "{shown}");
}

/// An empty list is no parameter at all on an Alibaba RPC request: a required one left empty
/// is refused before anything is sent, as a missing one is (the service would answer
/// `MissingParameter`).
#[tokio::test]
async fn an_empty_required_list_is_refused_before_sending() {
    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:StartInstances", |_| Answer::Success(json!({})));
    let ecs = ecs(&mock);
    let request = alibaba_ecs::StartInstancesRequest::new(Vec::new(), "cn-hangzhou");
    match ecs.send(&request).await {
        Err(Error::Validation(e)) => {
            assert_eq!((e.field.as_str(), &e.violation), ("InstanceId", &Violation::TooFewItems { min: 1, actual: 0 }))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.total(), 0, "nothing sent");
    ecs.start_instances().instance_id("i-1").send().await.expect("one item is enough");
    assert_eq!(mock.total(), 1);
}

/// A page that spells the region parameter `regionId` (ECS `DeleteAutoSnapshotPolicy`) gets
/// the client's region like `RegionId` does: the call is sent, with it filled.
#[tokio::test]
async fn a_region_parameter_spelled_in_lower_camel_case_is_filled() {
    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:DeleteAutoSnapshotPolicy", |_| Answer::Success(json!({})));
    let ecs = ecs(&mock);
    assert_eq!(alibaba_ecs::DELETE_AUTO_SNAPSHOT_POLICY.region_parameter, Some("regionId"));
    ecs.delete_auto_snapshot_policy().auto_snapshot_policy_id("sp-1").send().await.expect("sent with the client's region");
    let hits = mock.hits();
    assert!(hits[0].query.contains("regionId=cn-hangzhou"), "{}", hits[0].query);
}

/// `AssumeRoleWithSAML` is declared anonymous (`specs/alibaba/sts/service.yaml`): a client
/// without credentials calls it, unsigned, and refuses the service's signed operations
/// before sending anything.
#[tokio::test]
async fn an_anonymous_operation_needs_no_credentials() {
    use cloudpage_clients::alibaba_sts;
    use cloudpage_runtime::CredentialsSource;
    use cloudpage_testkit::servers::{HyperServer, Reply};
    const { assert!(alibaba_sts::ASSUME_ROLE_WITH_SAML.anonymous && !alibaba_sts::ASSUME_ROLE.anonymous) };
    let answer = r#"{"RequestId":"r1","Credentials":{"AccessKeyId":"STS.L4aBSCSJVMuKg5U1****","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2026-12-08T00:00:00Z"}}"#;
    let server = HyperServer::start(move |_, _| Reply::json(200, answer)).await;
    let config = Config::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials_source(CredentialsSource::Anonymous)
        .build()
        .unwrap();
    let client = alibaba_sts::Client::new(config).unwrap();
    let response = client
        .assume_role_with_saml()
        .saml_provider_arn("acs:ram::123456789012****:saml-provider/company1")
        .role_arn("acs:ram::123456789012****:role/adminrole")
        .saml_assertion("base64_encoded_saml_assertion")
        .send()
        .await
        .unwrap();
    assert_eq!(response.credentials().and_then(|c| c.access_key_id()), Some("STS.L4aBSCSJVMuKg5U1****"));
    let sent = server.received.lock().unwrap()[0].clone();
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(sent.header("x-acs-action"), Some("AssumeRoleWithSAML"));
    let err = client.assume_role().role_arn("acs:ram::1:role/r").role_session_name("alice").send().await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(server.hits(), 1);
}
