//! Generated error enums: documented codes, common codes, `Unknown`; wire codes, descriptions
//! and retry classes.

use cloudpage_clients::alibaba_smc::{self, DeleteSourceServerError};
use cloudpage_clients::tencent_tat::{self, CancelInvocationError};
use cloudpage_runtime::OperationError;

#[test]
fn documented_codes_map_to_variants_and_back() {
    let e = CancelInvocationError::from_wire("InvalidParameterValue.InvalidInstanceId", "bad id");
    assert_eq!(e, CancelInvocationError::InvalidParameterValueInvalidInstanceId);
    assert_eq!(e.code(), "InvalidParameterValue.InvalidInstanceId");
    assert_eq!(e.to_string(), "Invalid instance ID.");
    assert!(!e.is_retryable());
}

#[test]
fn common_codes_are_part_of_every_enum() {
    let e = CancelInvocationError::from_wire("AuthFailure.SignatureFailure", "sig");
    assert_eq!(e, CancelInvocationError::Common(tencent_tat::CommonError::AuthFailureSignatureFailure));
    assert_eq!(e.code(), "AuthFailure.SignatureFailure");
    assert_eq!(e.to_string(), "Signature error.");
    let e = DeleteSourceServerError::from_wire("SignatureDoesNotMatch", "sig");
    assert_eq!(e, DeleteSourceServerError::Common(alibaba_smc::CommonError::SignatureDoesNotMatch));
    assert_eq!(e.code(), "SignatureDoesNotMatch");
}

/// A passed ECS dry run answers `DryRunOperation` (15 ECS pages say so, none lists it among
/// its errors): a common code, so it matches as one, not as `Unknown`.
#[test]
fn a_passed_dry_run_is_a_common_code() {
    use cloudpage_clients::alibaba_ecs::{self, StartInstancesError};
    let e = StartInstancesError::from_wire("DryRunOperation", "Request validation has been passed with DryRun flag set.");
    assert_eq!(e, StartInstancesError::Common(alibaba_ecs::CommonError::DryRunOperation));
    assert!(!e.is_retryable());
}

#[test]
fn codes_a_page_documents_stay_the_operations_own() {
    // `InternalError` and `MissingParameter` are also common codes; the page's own entry wins,
    // with the page's description.
    let e = CancelInvocationError::from_wire("MissingParameter", "");
    assert_eq!(e, CancelInvocationError::MissingParameter);
    assert_eq!(e.to_string(), "Missing parameter.");
    let e = DeleteSourceServerError::from_wire("InternalError", "");
    assert_eq!(e, DeleteSourceServerError::InternalError);
    let common = tencent_tat::CommonError::from_code("RequestLimitExceeded").unwrap();
    assert!(common.is_retryable());
    assert_eq!(common.code(), "RequestLimitExceeded");
    assert_eq!(tencent_tat::CommonError::from_code("NotACommonCode"), None);
}

#[test]
fn unknown_codes_are_kept_and_throttling_classes_retry() {
    let e = CancelInvocationError::from_wire("FailedOperation.Brand.New", "new");
    assert_eq!(
        e,
        CancelInvocationError::Unknown { code: "FailedOperation.Brand.New".into(), message: "new".into() }
    );
    assert_eq!(e.code(), "FailedOperation.Brand.New");
    assert_eq!(e.to_string(), "FailedOperation.Brand.New: new");
    assert!(!e.is_retryable());
    assert!(CancelInvocationError::from_wire("RequestLimitExceeded", "").is_retryable());
    assert!(CancelInvocationError::from_wire("RequestLimitExceeded.UinLimitExceeded", "").is_retryable());
    assert!(CancelInvocationError::from_wire("RequestLimitExceeded.SomethingNew", "").is_retryable());
    assert!(DeleteSourceServerError::from_wire("Throttling.User", "").is_retryable());
    assert!(!DeleteSourceServerError::from_wire("InternalError", "").is_retryable());
}

#[test]
fn alibaba_codes_keep_http_status_from_the_page() {
    let e = DeleteSourceServerError::from_wire("SourceServer.WithRunningReplicationJob", "m");
    assert_eq!(e, DeleteSourceServerError::SourceServerWithRunningReplicationJob);
    assert_eq!(e.description(), "The specified source server has related replication jobs that are running.");
}
