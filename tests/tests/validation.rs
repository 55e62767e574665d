//! Generated `validate()`: documented rules give the error a user would read, before anything
//! is sent.

use cloudpage_clients::alibaba_smc::DeleteSourceServerRequest;
use cloudpage_clients::tencent_dts::DeleteMigrateJobRequest;
use cloudpage_clients::tencent_tat::CancelInvocationRequest;
use cloudpage_runtime::{ValidationError, Violation};

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ins-{i:08}")).collect()
}

#[test]
fn a_hundred_instance_ids_pass_a_hundred_and_one_fail() {
    let mut request = CancelInvocationRequest::new("inv-ib2lld37");
    request.instance_ids = Some(ids(100));
    assert_eq!(request.validate(), Ok(()));
    request.instance_ids = Some(ids(101));
    let err: ValidationError = request.validate().unwrap_err();
    assert_eq!(err.field, "InstanceIds");
    assert_eq!(err.violation, Violation::TooManyItems { max: 100, actual: 101 });
    assert_eq!(
        err.to_string(),
        "`InstanceIds` has 101 items, at most 100 are allowed (documented: \"A maximum of 100 IDs are allowed.\")"
    );
}

#[test]
fn missing_required_fields_fail() {
    let err = DeleteMigrateJobRequest::default().validate().unwrap_err();
    assert_eq!(err.to_string(), "`JobId` is required but not set");
    let err = CancelInvocationRequest::default().validate().unwrap_err();
    assert_eq!(err.to_string(), "`InvocationId` is required but not set");
    let err = DeleteSourceServerRequest::default().validate().unwrap_err();
    assert_eq!(err.to_string(), "`SourceId` is required but not set");
    assert_eq!(DeleteSourceServerRequest::new("s-1").validate(), Ok(()));
}

#[test]
fn requests_serialise_with_exact_wire_names_and_skip_unset_fields() {
    let mut request = DeleteSourceServerRequest::new("s-bp17m1vi6x20c6g6****");
    assert_eq!(cloudpage_runtime::json::to_json_string(&request), r#"{"SourceId":"s-bp17m1vi6x20c6g6****"}"#);
    request.force = Some(true);
    assert_eq!(
        cloudpage_runtime::json::to_json_string(&request),
        r#"{"SourceId":"s-bp17m1vi6x20c6g6****","Force":true}"#
    );
    let mut tat = CancelInvocationRequest::new("inv-1");
    tat.instance_ids = Some(vec!["ins-1".into()]);
    assert_eq!(cloudpage_runtime::json::to_json_string(&tat), r#"{"InvocationId":"inv-1","InstanceIds":["ins-1"]}"#);
}
