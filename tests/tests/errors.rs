//! Generated error enums: documented codes, common codes, `Unknown`; wire codes, descriptions
//! and retry classes.

use cloudpage_clients::alibaba_smc::DeleteSourceServerError;
use cloudpage_clients::tencent_tat::CancelInvocationError;
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
    assert_eq!(e, CancelInvocationError::AuthFailureSignatureFailure);
    let e = DeleteSourceServerError::from_wire("SignatureDoesNotMatch", "sig");
    assert_eq!(e, DeleteSourceServerError::SignatureDoesNotMatch);
    assert_eq!(e.code(), "SignatureDoesNotMatch");
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
