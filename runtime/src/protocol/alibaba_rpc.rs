//! The `alibaba_rpc` envelope ([`Envelope::AlibabaRpc`], Alibaba Cloud RPC style): parameters
//! flattened into the query (`Name.1`, `Name.1.Key`, booleans `true`/`false`), sorted and
//! RFC 3986-encoded, so the wire query is already canonical; an empty body and
//! `Accept: application/json`. Success is 2xx with the object itself; errors are 4xx/5xx with
//! `{"RequestId","HostId","Code","Message"}`.
//!
//! [`Envelope::AlibabaRpc`]: crate::Envelope::AlibabaRpc

use serde_json::Value;

use crate::error::{Error, GenericError};
use crate::json::{self, JsonEncode};
use crate::response::{
    RawResponse, Success, malformed, member_text, not_an_object, service_error, unexpected,
};
use crate::signing;

/// The `Accept` header: RPC-style APIs answer in XML unless asked for JSON.
pub(crate) const ACCEPT: &str = "application/json";

/// The Alibaba RPC query string of `request`.
pub fn alibaba_query<R: JsonEncode + ?Sized>(request: &R) -> Result<String, serde_json::Error> {
    alibaba_query_filled(request, None)
}

/// [`alibaba_query`] with `fill` (name, value) added when the request has no such top-level
/// parameter or has it `null` (the client's region as `RegionId`).
pub(crate) fn alibaba_query_filled<R: JsonEncode + ?Sized>(
    request: &R,
    fill: Option<(&str, &str)>,
) -> Result<String, serde_json::Error> {
    let pairs = alibaba_params_filled(request, fill)?;
    Ok(signing::encode_query(
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    ))
}

/// Flattened Alibaba RPC parameters, sorted by name (the canonical order): arrays as `Name.1`,
/// `Name.2` (1-based), objects as `Name.Key`, booleans `true`/`false`, `null` omitted.
pub fn alibaba_params<R: JsonEncode + ?Sized>(
    request: &R,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    alibaba_params_filled(request, None)
}

fn alibaba_params_filled<R: JsonEncode + ?Sized>(
    request: &R,
    fill: Option<(&str, &str)>,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let mut out = Vec::new();
    for (name, value) in params_object(request, fill)? {
        flatten(name, value, &mut out);
    }
    out.sort();
    Ok(out)
}

/// The parameters of `request` before flattening, `fill` added as [`alibaba_query_filled`]
/// adds it; a request without parameters (`()`, `null`) is an empty object.
pub(crate) fn params_object<R: JsonEncode + ?Sized>(
    request: &R,
    fill: Option<(&str, &str)>,
) -> Result<serde_json::Map<String, Value>, serde_json::Error> {
    // Through a `Value` (not the encoder's bytes directly) so flattening sees exactly what it
    // saw when requests were serialised with serde.
    let mut fields = match json::to_json_value(request)? {
        Value::Object(fields) => fields,
        Value::Null => serde_json::Map::new(),
        _ => return Err(not_an_object()),
    };
    if let Some((name, default)) = fill
        && fields.get(name).is_none_or(Value::is_null)
    {
        fields.insert(name.to_owned(), Value::String(default.to_owned()));
    }
    Ok(fields)
}

fn flatten(prefix: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix, b.to_string())),
        Value::Number(n) => out.push((prefix, n.to_string())),
        Value::String(s) => out.push((prefix, s)),
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                flatten(format!("{prefix}.{}", i + 1), item, out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                flatten(format!("{prefix}.{key}"), item, out);
            }
        }
    }
}

/// Reads an RPC answer; `value` is the parsed body.
pub(crate) fn parse(raw: &RawResponse, value: Value) -> Result<Success, Error<GenericError>> {
    let request_id = member_text(&value, "RequestId");
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
    if member_text(&value, "Code").is_some() {
        Err(service_error(raw, &value, request_id))
    } else {
        Err(unexpected(raw))
    }
}

/// An error answer's usual HTTP status: RPC errors are 4xx/5xx; a 2xx answer is read as a
/// success, whatever its body (the mock's default).
#[cfg(feature = "test-util")]
pub(crate) const ERROR_STATUS: u16 = 400;

/// The body of a success answer carrying `output`, as [`parse`] reads it: the object itself,
/// with `RequestId` set at its top level when `request_id` is given.
#[cfg(feature = "test-util")]
pub(crate) fn success_body(mut output: Value, request_id: Option<&str>) -> Vec<u8> {
    if let (Some(id), Value::Object(fields)) = (request_id, &mut output) {
        fields.insert("RequestId".to_owned(), Value::from(id));
    }
    output.to_string().into_bytes()
}

/// The body of an error answer: `{"RequestId", "Code", "Message"}` (`RequestId` left out
/// when `request_id` is `None`).
#[cfg(feature = "test-util")]
pub(crate) fn error_body(code: &str, message: &str, request_id: Option<&str>) -> Vec<u8> {
    let mut body = serde_json::json!({ "Code": code, "Message": message });
    if let (Some(id), Value::Object(fields)) = (request_id, &mut body) {
        fields.insert("RequestId".to_owned(), Value::from(id));
    }
    body.to_string().into_bytes()
}
