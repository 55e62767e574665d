//! The `tencent_response` envelope ([`Envelope::TencentResponse`], Tencent Cloud API 3.0):
//! parameters as a JSON object in the body, `Content-Type: application/json`; every answer
//! (usually HTTP 200) is `{"Response": {..}}`, an error is `Response.Error.{Code,Message}`
//! next to `Response.RequestId`.
//!
//! [`Envelope::TencentResponse`]: crate::Envelope::TencentResponse

use serde_json::Value;

use crate::error::{Error, GenericError};
use crate::json::JsonEncode;
use crate::response::{
    RawResponse, Success, malformed, not_an_object, service_error, string_field, unexpected,
};

/// The `Content-Type` of the body.
pub(crate) const CONTENT_TYPE: &str = "application/json";

thread_local! {
    /// The size of this thread's last body, rounded up: the next body's buffer is allocated
    /// at that size, so a call like the last one writes its body without regrowing the
    /// buffer (growing a 1.5 KB body from empty copied it eight times). Per thread, so
    /// concurrent callers do not contend on it; capped, so one huge body does not make every
    /// later small one allocate as much.
    static LAST_BODY_SIZE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The capacity of a new body buffer: the last body's size, within bounds.
fn body_capacity() -> usize {
    LAST_BODY_SIZE.with(|size| size.get()).clamp(128, 64 * 1024)
}

fn remember_body_size(len: usize) {
    // A quarter more, so a body a little longer than the last one still fits.
    LAST_BODY_SIZE.with(|size| size.set(len.saturating_add(len / 4)));
}

/// The JSON body of `request` (generated encoders skip `None` fields; `null` values are sent
/// as they are).
pub fn tencent_body<R: JsonEncode + ?Sized>(request: &R) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Vec::with_capacity(body_capacity());
    request.encode_json(&mut body);
    remember_body_size(body.len());
    match body.first() {
        Some(b'{') => Ok(body),
        // A unit request (`()` / `null`) has no parameters.
        _ if body == b"null" => Ok(b"{}".to_vec()),
        _ => Err(not_an_object()),
    }
}

/// The body as the usual answer has it: an object whose `Response` member is read, and
/// whose other members are skipped without being built.
#[derive(serde::Deserialize)]
struct Body {
    #[serde(rename = "Response")]
    response: Value,
}

/// Reads the usual answer, an object with a `Response` object, without building a
/// `serde_json::Value` for the whole body (its outer map and key): `None` for anything else
/// (not JSON, not an object, no or a repeated `Response`, `Response` not an object), which
/// [`parse`] then reads from the parsed body as before, so errors read the same.
pub(crate) fn parse_usual(raw: &RawResponse) -> Option<Result<Success, Error<GenericError>>> {
    // Only an object: serde would also read a struct from an array.
    let first = raw.body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    let Body { response } = serde_json::from_slice(&raw.body).ok()?;
    response.is_object().then(|| read_response(raw, response))
}

/// Reads `{"Response": ..}`; `value` is the parsed body.
pub(crate) fn parse(raw: &RawResponse, mut value: Value) -> Result<Success, Error<GenericError>> {
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
    read_response(raw, response)
}

/// Reads the `Response` object of an answer: a service error, or the success object.
fn read_response(raw: &RawResponse, response: Value) -> Result<Success, Error<GenericError>> {
    let success = (200..300).contains(&raw.status);
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

/// An error answer's usual HTTP status: Tencent answers errors with 200 (the mock's default).
#[cfg(feature = "test-util")]
pub(crate) const ERROR_STATUS: u16 = 200;

/// The body of a success answer carrying `output` (the success object), as [`parse`] reads
/// it: `{"Response": output}`, with `RequestId` set inside when `request_id` is given.
#[cfg(feature = "test-util")]
pub(crate) fn success_body(mut output: Value, request_id: Option<&str>) -> Vec<u8> {
    if let (Some(id), Value::Object(fields)) = (request_id, &mut output) {
        fields.insert("RequestId".to_owned(), Value::from(id));
    }
    serde_json::json!({ "Response": output }).to_string().into_bytes()
}

/// The body of an error answer: `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`
/// (`RequestId` left out when `request_id` is `None`).
#[cfg(feature = "test-util")]
pub(crate) fn error_body(code: &str, message: &str, request_id: Option<&str>) -> Vec<u8> {
    let mut response = serde_json::json!({ "Error": { "Code": code, "Message": message } });
    if let (Some(id), Value::Object(fields)) = (request_id, &mut response) {
        fields.insert("RequestId".to_owned(), Value::from(id));
    }
    serde_json::json!({ "Response": response }).to_string().into_bytes()
}
