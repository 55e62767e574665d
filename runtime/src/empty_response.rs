//! [`EmptyResponse`]: the typed answer of every operation whose page documents nothing in
//! its response but the request id (most `Modify*`, `Delete*`, `Cancel*` operations of both
//! clouds). Generated modules name it per operation (`pub type CancelInvocationResponse =
//! cloudpage_runtime::EmptyResponse;`), so each such operation costs its users no struct,
//! accessors or JSON codecs of its own.

use crate::json::{DecodeError, JsonDecode, JsonEncode, JsonPath, decode_object, encode_object};
use serde_json::Value;

/// The answer of an operation that documents no field besides `RequestId`: the request id
/// the server generated for the call (quote it to the cloud's support to locate a problem).
/// Members the page does not document are ignored, as in every generated response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EmptyResponse {
    /// `RequestId`: the unique id of the request, returned for every request that reached
    /// the server.
    pub request_id: Option<String>,
}

impl EmptyResponse {
    /// `RequestId`: the unique id of the request.
    #[inline]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Sets `RequestId` (responses built in tests, e.g. for a mocked client).
    #[inline]
    pub fn with_request_id(mut self, value: impl Into<String>) -> Self {
        self.request_id = Some(value.into());
        self
    }
}

impl JsonEncode for EmptyResponse {
    fn encode_json(&self, out: &mut Vec<u8>) {
        encode_object(out, &[("RequestId", &self.request_id)]);
    }
}

impl JsonDecode for EmptyResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let mut decoded = Self::default();
        decode_object(value, path, &mut [("RequestId", &mut decoded.request_id)])?;
        Ok(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::EmptyResponse;
    use crate::json::{from_json_value, to_json_value};
    use serde_json::json;

    #[test]
    fn reads_the_request_id_and_ignores_undocumented_members() {
        let response: EmptyResponse =
            from_json_value(&json!({"RequestId": "b27421da-0ad4", "Extra": [1, 2]})).expect("decodes");
        assert_eq!(response.request_id(), Some("b27421da-0ad4"));
        assert_eq!(response, EmptyResponse::default().with_request_id("b27421da-0ad4"));
    }

    #[test]
    fn a_missing_or_null_request_id_is_none() {
        let missing: EmptyResponse = from_json_value(&json!({})).expect("decodes");
        let null: EmptyResponse = from_json_value(&json!({"RequestId": null})).expect("decodes");
        assert_eq!((missing.request_id(), null.request_id()), (None, None));
    }

    #[test]
    fn a_wrong_type_is_a_decode_error_naming_the_member() {
        let err = from_json_value::<EmptyResponse>(&json!({"RequestId": 7})).expect_err("a number is not an id");
        assert!(err.to_string().contains("RequestId"), "{err}");
        assert!(from_json_value::<EmptyResponse>(&json!([])).is_err());
    }

    #[test]
    fn encodes_the_request_id_under_its_wire_name_and_nothing_when_unset() {
        let encoded = to_json_value(&EmptyResponse::default().with_request_id("r-1")).expect("encodes");
        assert_eq!(encoded, json!({"RequestId": "r-1"}));
        assert_eq!(to_json_value(&EmptyResponse::default()).expect("encodes"), json!({}));
    }
}
