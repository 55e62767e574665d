//! Reading the two clouds' response envelopes.
//!
//! Tencent answers everything with HTTP 200 and `{"Response": {...}}`; an error is
//! `Response.Error.{Code,Message}` next to `Response.RequestId`. Alibaba answers success with
//! 2xx and the object itself, errors with 4xx/5xx and `{"RequestId","HostId","Code","Message"}`.
//! The body decides, not the `Content-Type` (tencentcloud-sdk-python takes an error body sent
//! as `application/json; charset=utf-8` for a success; this runtime does not). Unknown fields
//! are ignored.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, GenericError, ServiceError};
use crate::json::{self, JsonDecode};
use crate::service::Cloud;

/// A received response, body complete.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    /// From `x-acs-retry-after` (milliseconds) or `Retry-After` (seconds).
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// Reads a retry hint from response headers.
pub fn retry_after_hint<'a>(mut header: impl FnMut(&str) -> Option<&'a str>) -> Option<Duration> {
    if let Some(ms) = header("x-acs-retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// An answer that is not an error: the inner success object (Tencent's `Response`,
/// Alibaba's body) and its request id.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    pub status: u16,
    pub value: Value,
    pub request_id: Option<String>,
}

impl Success {
    /// The success object as the operation's response type.
    pub fn decode<T: JsonDecode, E>(self) -> Result<T, Error<E>> {
        json::from_json_value(&self.value).map_err(|e| Error::MalformedResponse {
            status: self.status,
            reason: format!("does not match the response type: {e}"),
            body: snippet(self.value.to_string().as_bytes()),
            request_id: self.request_id,
        })
    }
}

/// Reads `raw` as `cloud`'s envelope. Service errors carry [`GenericError`] (the wire code);
/// the caller maps them to the operation's enum with [`Error::with_kind`], so this code is
/// compiled once rather than once per operation.
pub fn parse(cloud: Cloud, raw: &RawResponse) -> Result<Success, Error<GenericError>> {
    let json: Result<Value, _> = serde_json::from_slice(&raw.body);
    let success = (200..300).contains(&raw.status);
    let value = match json {
        Ok(value) => value,
        Err(_) if !success => return Err(unexpected(raw)),
        Err(e) => return Err(malformed(raw, None, format!("invalid JSON: {e}"))),
    };
    match cloud {
        Cloud::Tencent => parse_tencent(raw, value),
        Cloud::Alibaba => parse_alibaba(raw, value),
    }
}

fn service_error(
    raw: &RawResponse,
    fields: &Value,
    request_id: Option<String>,
) -> Error<GenericError> {
    let code = string_field(fields, "Code").unwrap_or_default();
    let message = string_field(fields, "Message").unwrap_or_default();
    Error::Service(ServiceError::new(
        &code,
        message,
        request_id,
        raw.status,
        raw.retry_after,
    ))
}

fn parse_tencent(raw: &RawResponse, mut value: Value) -> Result<Success, Error<GenericError>> {
    let success = (200..300).contains(&raw.status);
    let Some(response) = value
        .get_mut("Response")
        .filter(|r| r.is_object())
        .map(Value::take)
    else {
        return Err(if success {
            malformed(raw, None, "no `Response` object".into())
        } else {
            unexpected(raw)
        });
    };
    let request_id = string_field(&response, "RequestId");
    if let Some(error) = response.get("Error") {
        return Err(service_error(raw, error, request_id));
    }
    if !success {
        return Err(unexpected(raw));
    }
    Ok(Success {
        status: raw.status,
        value: response,
        request_id,
    })
}

fn parse_alibaba(raw: &RawResponse, value: Value) -> Result<Success, Error<GenericError>> {
    let request_id = string_field(&value, "RequestId");
    if (200..300).contains(&raw.status) {
        if !value.is_object() {
            return Err(malformed(
                raw,
                request_id,
                "the body is not a JSON object".into(),
            ));
        }
        return Ok(Success {
            status: raw.status,
            value,
            request_id,
        });
    }
    if value.get("Code").is_some_and(Value::is_string) {
        Err(service_error(raw, &value, request_id))
    } else {
        Err(unexpected(raw))
    }
}

fn string_field(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

const SNIPPET: usize = 512;

/// The start of a body for an error message.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET)]);
    let mut text = text.into_owned();
    if body.len() > SNIPPET {
        text.push('…');
    }
    text
}

fn malformed<E>(raw: &RawResponse, request_id: Option<String>, reason: String) -> Error<E> {
    Error::MalformedResponse {
        status: raw.status,
        request_id,
        reason,
        body: snippet(&raw.body),
    }
}

fn unexpected<E>(raw: &RawResponse) -> Error<E> {
    Error::UnexpectedResponse {
        status: raw.status,
        content_type: raw.content_type.clone(),
        body: snippet(&raw.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn retry_hints() {
        let headers = [("x-acs-retry-after", "1500"), ("retry-after", "7")];
        let find = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(retry_after_hint(find), Some(Duration::from_millis(1500)));
        let find = |name: &str| {
            headers[1..]
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| *v)
        };
        assert_eq!(retry_after_hint(find), Some(Duration::from_secs(7)));
        assert_eq!(retry_after_hint(|_| Some("soon")), None);
    }

    #[test]
    fn schema_mismatch_is_malformed_with_request_id() {
        #[derive(Debug)]
        struct Typed {
            _count: u32,
        }
        impl JsonDecode for Typed {
            fn decode_json(value: &Value, path: &json::JsonPath<'_>) -> Result<Self, json::DecodeError> {
                let object = json::ObjectReader::new(value, path)?;
                Ok(Typed { _count: object.required("Count")? })
            }
        }
        let success = parse(
            Cloud::Tencent,
            &raw(200, r#"{"Response":{"Count":"x","RequestId":"r1"}}"#),
        )
        .unwrap();
        assert_eq!(success.request_id.as_deref(), Some("r1"));
        match success.decode::<Typed, GenericError>() {
            Err(Error::MalformedResponse {
                status: 200,
                request_id,
                reason,
                ..
            }) => {
                assert_eq!(request_id.as_deref(), Some("r1"));
                assert_eq!(
                    reason,
                    "does not match the response type: Count: expected an integer, found a string"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn envelope_edge_cases() {
        // Tencent error bodies on a non-200 status are still service errors.
        let err = parse(
            Cloud::Tencent,
            &raw(
                502,
                r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#,
            ),
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Service(e) if e.http_status == 502 && e.code() == "InternalError"),
            "{err:?}"
        );
        // JSON without the envelope.
        let err = parse(Cloud::Tencent, &raw(200, r#"{"RequestId":"r"}"#)).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
        // Alibaba error status with JSON that is not an API error.
        let err = parse(Cloud::Alibaba, &raw(502, r#"{"message":"bad gateway"}"#)).unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedResponse { status: 502, .. }),
            "{err:?}"
        );
        let err = parse(Cloud::Alibaba, &raw(200, "[1]")).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    }
}
