//! Turning a request value into wire bytes and signed headers, per cloud.
//!
//! Tencent: `POST /` with the request as a JSON body, `Content-Type: application/json`,
//! `X-TC-*` headers, TC3 over `content-type;host` (as the official SDKs sign).
//! Alibaba RPC: `POST /?<params>` with an empty body; parameters flattened into the query
//! (`Name.1`, `Name.1.Key`, booleans `true`/`false`), sorted and RFC 3986-encoded, so the
//! wire query is already canonical; ACS3 over `host` and every `x-acs-*` header.

use serde_json::Value;

use crate::credentials::Credentials;
use crate::json::{self, JsonEncode};
use crate::service::{Cloud, OperationInfo};
use crate::signing::{self, RequestParts, Signature};

/// `User-Agent` and Tencent `X-TC-RequestClient` value.
pub const USER_AGENT: &str = concat!("cloudpage-runtime/", env!("CARGO_PKG_VERSION"));

/// The serialised parameters of a call; built once, signed once per attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Tencent: the JSON body.
    Body(Vec<u8>),
    /// Alibaba: the encoded query string.
    Query(String),
}

impl Payload {
    /// Serialises `request` for `cloud`.
    pub fn new<R: JsonEncode + ?Sized>(
        cloud: Cloud,
        request: &R,
    ) -> Result<Payload, serde_json::Error> {
        match cloud {
            Cloud::Tencent => tencent_body(request).map(Payload::Body),
            Cloud::Alibaba => alibaba_query(request).map(Payload::Query),
        }
    }
}

fn not_an_object() -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom("a request must serialise to a JSON object")
}

/// The Tencent JSON body of `request` (generated encoders skip `None` fields; `null` values
/// are sent as they are).
pub fn tencent_body<R: JsonEncode + ?Sized>(request: &R) -> Result<Vec<u8>, serde_json::Error> {
    let body = json::to_json_vec(request);
    match body.first() {
        Some(b'{') => Ok(body),
        // A unit request (`()` / `null`) has no parameters.
        _ if body == b"null" => Ok(b"{}".to_vec()),
        _ => Err(not_an_object()),
    }
}

/// The Alibaba RPC query string of `request`.
pub fn alibaba_query<R: JsonEncode + ?Sized>(request: &R) -> Result<String, serde_json::Error> {
    let pairs = alibaba_params(request)?;
    Ok(signing::encode_query(
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    ))
}

/// Flattened Alibaba RPC parameters, sorted by name (the canonical order): arrays as `Name.1`,
/// `Name.2` (1-based), objects as `Name.Key`, booleans `true`/`false`, `null` omitted.
pub fn alibaba_params<R: JsonEncode + ?Sized>(
    request: &R,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    // Through a `Value` (not the encoder's bytes directly) so flattening sees exactly what it
    // saw when requests were serialised with serde.
    let value = json::to_json_value(request)?;
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

/// Per-attempt inputs besides the payload.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub credentials: &'a Credentials,
    pub region: Option<&'a str>,
    /// Tencent `X-TC-Language`.
    pub language: Option<&'a str>,
    /// `Host` header value (with `:port` when not the default).
    pub host: &'a str,
    pub path: &'a str,
    /// Unix seconds (`X-TC-Timestamp`, `x-acs-date`).
    pub timestamp: i64,
    /// Alibaba `x-acs-signature-nonce`; must be fresh per attempt.
    pub nonce: &'a str,
}

/// A signed request, ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub method: &'static str,
    /// Query string without `?` (empty for Tencent).
    pub query: String,
    /// Every API header in send order, `Host` and `Authorization` included.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub signature: Signature,
}

/// Builds and signs the request of `op` with `payload`.
pub fn prepare(op: &OperationInfo, payload: &Payload, cx: &Context<'_>) -> Prepared {
    let service = op.service;
    let (query, body) = match payload {
        Payload::Body(body) => (String::new(), body.clone()),
        Payload::Query(query) => (query.clone(), Vec::new()),
    };
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(12);
    let signature = match service.cloud {
        Cloud::Tencent => {
            let content_type = "application/json";
            let parts = RequestParts {
                method: "POST",
                host: cx.host,
                path: cx.path,
                query: &query,
                headers: &[("Content-Type", content_type)],
                body: &body,
            };
            let signature = signing::tc3(cx.credentials, service.name, cx.timestamp, &parts);
            headers.push(("Content-Type", content_type.to_owned()));
            headers.push(("Host", cx.host.to_owned()));
            headers.push(("X-TC-Action", op.action.to_owned()));
            headers.push(("X-TC-RequestClient", USER_AGENT.to_owned()));
            headers.push(("X-TC-Timestamp", cx.timestamp.to_string()));
            headers.push(("X-TC-Version", service.version.to_owned()));
            if let Some(region) = cx.region {
                headers.push(("X-TC-Region", region.to_owned()));
            }
            if let Some(token) = cx.credentials.session_token() {
                headers.push(("X-TC-Token", token.to_owned()));
            }
            if let Some(language) = cx.language {
                headers.push(("X-TC-Language", language.to_owned()));
            }
            signature
        }
        Cloud::Alibaba => {
            let mut signed: Vec<(&'static str, String)> = vec![
                ("x-acs-version", service.version.to_owned()),
                ("x-acs-action", op.action.to_owned()),
                ("x-acs-date", signing::iso8601(cx.timestamp)),
                ("x-acs-signature-nonce", cx.nonce.to_owned()),
                ("x-acs-content-sha256", signing::sha256_hex(&body)),
            ];
            if let Some(token) = cx.credentials.session_token() {
                signed.push((
                    "x-acs-accesskey-id",
                    cx.credentials.access_key_id().to_owned(),
                ));
                signed.push(("x-acs-security-token", token.to_owned()));
            }
            let borrowed: Vec<(&str, &str)> =
                signed.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let parts = RequestParts {
                method: "POST",
                host: cx.host,
                path: cx.path,
                query: &query,
                headers: &borrowed,
                body: &body,
            };
            let signature = signing::acs3(cx.credentials, &parts);
            headers.push(("host", cx.host.to_owned()));
            headers.extend(signed);
            headers.push(("accept", "application/json".to_owned()));
            signature
        }
    };
    headers.push(("Authorization", signature.authorization.clone()));
    Prepared {
        method: "POST",
        query,
        headers,
        body,
        signature,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::ObjectWriter;

    struct Filter {
        name: String,
        values: Vec<String>,
    }

    impl JsonEncode for Filter {
        fn encode_json(&self, out: &mut Vec<u8>) {
            let mut object = ObjectWriter::new(out);
            object.member("Name", &self.name);
            object.member("Values", &self.values);
            object.finish();
        }
    }

    struct Request {
        instance_ids: Vec<String>,
        force: Option<bool>,
        dry_run: Option<bool>,
        filters: Vec<Filter>,
        limit: u32,
    }

    impl JsonEncode for Request {
        fn encode_json(&self, out: &mut Vec<u8>) {
            let mut object = ObjectWriter::new(out);
            object.member("InstanceIds", &self.instance_ids);
            object.field("Force", &self.force);
            object.field("DryRun", &self.dry_run);
            object.member("Filters", &self.filters);
            object.member("Limit", &self.limit);
            object.finish();
        }
    }

    fn sample() -> Request {
        Request {
            instance_ids: vec!["i-1".into(), "i 2".into()],
            force: Some(false),
            dry_run: None,
            filters: vec![Filter {
                name: "zone".into(),
                values: vec!["a*".into()],
            }],
            limit: 10,
        }
    }

    #[test]
    fn alibaba_flattening() {
        let pairs = alibaba_params(&sample()).unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Filters.1.Name", "zone"),
                ("Filters.1.Values.1", "a*"),
                ("Force", "false"),
                ("InstanceIds.1", "i-1"),
                ("InstanceIds.2", "i 2"),
                ("Limit", "10"),
            ]
        );
        assert_eq!(
            alibaba_query(&sample()).unwrap(),
            "Filters.1.Name=zone&Filters.1.Values.1=a%2A&Force=false&InstanceIds.1=i-1&InstanceIds.2=i%202&Limit=10"
        );
        assert_eq!(alibaba_query(&()).unwrap(), "");
        assert!(alibaba_query(&vec![1, 2]).is_err());
    }

    #[test]
    fn tencent_body_is_the_json_object() {
        let body = tencent_body(&sample()).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"InstanceIds":["i-1","i 2"],"Force":false,"Filters":[{"Name":"zone","Values":["a*"]}],"Limit":10}"#
        );
        assert_eq!(tencent_body(&()).unwrap(), b"{}");
        assert!(tencent_body(&"x").is_err());
    }
}
