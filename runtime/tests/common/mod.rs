//! Shared test helpers: a hand-written operation error enum, service/operation consts for the
//! seed operations and fixture loading. The loopback servers come from `cloudpage-testkit`.
#![allow(dead_code)]

use std::fmt;
use std::path::PathBuf;

use cloudpage_runtime::json::{DecodeError, JsonDecode, JsonEncode, JsonPath, ObjectReader, ObjectWriter};
use cloudpage_runtime::{Cloud, Endpoints, Envelope, OperationError, OperationInfo, ServiceInfo, Signing};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Operation metadata and errors, as generated code would declare them.

pub const TAT: ServiceInfo = ServiceInfo {
    cloud: Cloud::Tencent,
    name: "tat",
    version: "2020-10-28",
    endpoints: Endpoints {
        default: "tat.tencentcloudapi.com",
        intl: Some("tat.intl.tencentcloudapi.com"),
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Tc3HmacSha256,
    envelope: Envelope::TencentResponse,
};

pub const CANCEL_INVOCATION: OperationInfo = OperationInfo {
    service: &TAT,
    action: "CancelInvocation",
    rate_limit_per_second: Some(20),
    region_parameter: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
    paging: None,
};

pub const SMC: ServiceInfo = ServiceInfo {
    cloud: Cloud::Alibaba,
    name: "smc",
    version: "2019-06-01",
    endpoints: Endpoints {
        default: "smc.aliyuncs.com",
        intl: None,
        regional: None,
        finance: None,
        finance_regions: &[],
    },
    signing: Signing::Acs3HmacSha256,
    envelope: Envelope::AlibabaRpc,
};

pub const DELETE_SOURCE_SERVER: OperationInfo = OperationInfo {
    service: &SMC,
    action: "DeleteSourceServer",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
    paging: None,
};

/// A tiny hand-written stand-in for a generated per-operation error enum.
#[derive(Debug, Clone, PartialEq)]
pub enum TestError {
    InvocationNotFound,
    RequestLimitExceeded,
    WithRunningReplicationJob,
    Unknown(String),
}

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl OperationError for TestError {
    fn from_wire(code: &str, _message: &str) -> Self {
        match code {
            "ResourceNotFound.InvocationNotFound" => TestError::InvocationNotFound,
            "RequestLimitExceeded" => TestError::RequestLimitExceeded,
            "SourceServer.WithRunningReplicationJob" => TestError::WithRunningReplicationJob,
            other => TestError::Unknown(other.to_owned()),
        }
    }

    fn code(&self) -> &str {
        match self {
            TestError::InvocationNotFound => "ResourceNotFound.InvocationNotFound",
            TestError::RequestLimitExceeded => "RequestLimitExceeded",
            TestError::WithRunningReplicationJob => "SourceServer.WithRunningReplicationJob",
            TestError::Unknown(code) => code,
        }
    }

    fn is_retryable(&self) -> bool {
        matches!(self, TestError::RequestLimitExceeded)
    }
}

// Hand-written the way the generator writes them (but with required fields not optional).
#[derive(Debug)]
pub struct CancelInvocationRequest {
    pub invocation_id: String,
    pub instance_ids: Option<Vec<String>>,
}

impl JsonEncode for CancelInvocationRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        let mut object = ObjectWriter::new(out);
        object.member("InvocationId", &self.invocation_id);
        object.field("InstanceIds", &self.instance_ids);
        object.finish();
    }
}

#[derive(Debug, PartialEq)]
pub struct CancelInvocationResponse {
    pub request_id: String,
}

impl JsonDecode for CancelInvocationResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, path)?;
        Ok(CancelInvocationResponse { request_id: object.required("RequestId")? })
    }
}

#[derive(Debug)]
pub struct DeleteSourceServerRequest {
    pub source_id: String,
    pub force: Option<bool>,
}

impl JsonEncode for DeleteSourceServerRequest {
    fn encode_json(&self, out: &mut Vec<u8>) {
        let mut object = ObjectWriter::new(out);
        object.member("SourceId", &self.source_id);
        object.field("Force", &self.force);
        object.finish();
    }
}

#[derive(Debug, PartialEq)]
pub struct DeleteSourceServerResponse {
    pub request_id: String,
}

impl JsonDecode for DeleteSourceServerResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, path)?;
        Ok(DeleteSourceServerResponse { request_id: object.required("RequestId")? })
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures (copied from shared/vectors into tests/fixtures/vectors).

pub fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vectors")
        .join(relative)
}

pub fn load(relative: &str) -> Value {
    let path = fixture_path(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Every `responses/*.json`, sorted by name.
pub fn response_fixtures() -> Vec<Value> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_path("responses"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

pub fn str_of<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} missing"))
}

