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
    RawResponse, Success, malformed, not_an_object, service_error, string_field, unexpected,
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
    // Through a `Value` (not the encoder's bytes directly) so flattening sees exactly what it
    // saw when requests were serialised with serde.
    let mut value = json::to_json_value(request)?;
    if let Some((name, default)) = fill {
        // A request without parameters (`()`, `null`) is an empty object here.
        if value.is_null() {
            value = Value::Object(serde_json::Map::new());
        }
        if let Value::Object(fields) = &mut value
            && fields.get(name).is_none_or(Value::is_null)
        {
            fields.insert(name.to_owned(), Value::String(default.to_owned()));
        }
    }
    let mut out = Vec::new();
    match value {
        Value::Object(fields) => {
            for (name, value) in fields {
                flatten(name, value, &mut out);
            }
        }
        Value::Null => {}
        _ => return Err(not_an_object()),
    }
    out.sort();
    Ok(out)
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
