//! Reading answers: the raw response, the success object, and [`parse`], which hands the
//! body to the service's declared [`Envelope`] (the readers live in
//! [`crate::protocol::tencent`] and [`crate::protocol::alibaba_rpc`]).
//!
//! The body decides, not the `Content-Type` (tencentcloud-sdk-python takes an error body sent
//! as `application/json; charset=utf-8` for a success; this runtime does not). Unknown fields
//! are ignored.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, GenericError, ServiceError};
use crate::json::{self, JsonDecode};
use crate::service::Envelope;

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

/// Reads `raw` as `envelope` says. Service errors carry [`GenericError`] (the wire code);
/// the caller maps them to the operation's enum with [`Error::with_kind`], so this code is
/// compiled once rather than once per operation.
pub fn parse(envelope: Envelope, raw: &RawResponse) -> Result<Success, Error<GenericError>> {
    if let Some(read) = envelope.parse_usual(raw) {
        return read;
    }
    parse_value(envelope, raw)
}

/// [`parse`] through a `serde_json::Value` of the whole body: every answer that is not the
/// envelope's usual shape, and errors.
fn parse_value(envelope: Envelope, raw: &RawResponse) -> Result<Success, Error<GenericError>> {
    let json: Result<Value, _> = serde_json::from_slice(&raw.body);
    let success = (200..300).contains(&raw.status);
    let value = match json {
        Ok(value) => value,
        Err(_) if !success => return Err(unexpected(raw)),
        Err(e) => return Err(malformed(raw, None, format!("invalid JSON: {e}"))),
    };
    envelope.parse(raw, value)
}

pub(crate) fn not_an_object() -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom("a request must serialise to a JSON object")
}

pub(crate) fn service_error(
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

pub(crate) fn string_field(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

const SNIPPET: usize = 512;

/// The start of a body for an error message.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET)]);
    let mut text = text.into_owned();
    if body.len() > SNIPPET {
        text.push('…');
    }
    text
}

pub(crate) fn malformed<E>(raw: &RawResponse, request_id: Option<String>, reason: String) -> Error<E> {
    Error::MalformedResponse {
        status: raw.status,
        request_id,
        reason,
        body: snippet(&raw.body),
    }
}

pub(crate) fn unexpected<E>(raw: &RawResponse) -> Error<E> {
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
            Envelope::TencentResponse,
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

    /// The usual answer read straight from the body reads as the parsed body does, and
    /// whatever is not that shape is left to the parsed body.
    #[test]
    fn the_usual_answer_reads_as_the_parsed_body_does() {
        let bodies = [
            r#"{"Response":{"RequestId":"r","A":[1,{"b":null}],"C":"\u00e9"}}"#,
            r#" {"Other":[1],"Response":{"Error":{"Code":"C","Message":"m"},"RequestId":"r"}}"#,
            r#"{"Response":{"Error":{"Code":7},"RequestId":7}}"#,
            r#"{"Response":[1]}"#,
            r#"{"Response":null}"#,
            r#"[{"Response":{}}]"#,
            r#"{"Response":{},"Response":{"RequestId":"x"}}"#,
            r#"{"Response":{}} x"#,
            r#"{"RequestId":"r"}"#,
            "",
            "null",
            "{",
        ];
        for status in [200, 404, 500] {
            for body in bodies {
                let raw = raw(status, body);
                let usual = format!("{:?}", parse(Envelope::TencentResponse, &raw));
                assert_eq!(usual, format!("{:?}", parse_value(Envelope::TencentResponse, &raw)), "{status} {body}");
            }
        }
    }

    #[test]
    fn envelope_edge_cases() {
        // Tencent error bodies on a non-200 status are still service errors.
        let err = parse(
            Envelope::TencentResponse,
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
        let err = parse(Envelope::TencentResponse, &raw(200, r#"{"RequestId":"r"}"#)).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
        // Alibaba error status with JSON that is not an API error.
        let err = parse(Envelope::AlibabaRpc, &raw(502, r#"{"message":"bad gateway"}"#)).unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedResponse { status: 502, .. }),
            "{err:?}"
        );
        let err = parse(Envelope::AlibabaRpc, &raw(200, "[1]")).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    }
}
