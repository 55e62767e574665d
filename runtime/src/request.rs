//! Turning a request value into wire bytes and signed headers, per cloud.
//!
//! Tencent: `POST /` with the request as a JSON body, `Content-Type: application/json`,
//! `X-TC-*` headers, TC3 over `content-type;host` (as the official SDKs sign).
//! Alibaba RPC: `POST /?<params>` with an empty body; parameters flattened into the query
//! (`Name.1`, `Name.1.Key`, booleans `true`/`false`), sorted and RFC 3986-encoded, so the
//! wire query is already canonical; ACS3 over `host` and every `x-acs-*` header.

use std::fmt;

use hmac::Mac;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderValue};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;
use crate::json::{self, JsonEncode};
use crate::service::{Cloud, OperationInfo, ServiceInfo};
use crate::signing::{self, RequestParts, Signature, Sink, Tc3KeyCache};

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

/// Header names as `http` spells them (lower case, as HTTP/1 sends them anyway).
mod names {
    use reqwest::header::HeaderName;

    pub const X_TC_ACTION: HeaderName = HeaderName::from_static("x-tc-action");
    pub const X_TC_VERSION: HeaderName = HeaderName::from_static("x-tc-version");
    pub const X_TC_TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
    pub const X_TC_REGION: HeaderName = HeaderName::from_static("x-tc-region");
    pub const X_TC_TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
    pub const X_TC_LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
    pub const X_TC_REQUEST_CLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");
    pub const X_TC_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-tc-content-sha256");
    pub const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");
    pub const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
    pub const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
    pub const X_ACS_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
    pub const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
    pub const X_ACS_ACCESS_KEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");
    pub const X_ACS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");
}

/// Why a request's headers cannot be built: a setting holds bytes HTTP headers cannot carry.
/// Names the setting, never its value (it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {setting} contains characters an HTTP header cannot carry")]
pub struct InvalidHeader {
    pub setting: &'static str,
}

/// What a client signs its requests with, built once per client: the credentials, the header
/// values that are the same for every call (so an attempt only adds the action, the clock and
/// the signature), the TC3 canonical headers, and the cached TC3 signing key.
///
/// [`Signer::sign`] sends what [`prepare`] describes, byte for byte; `prepare` also returns
/// the intermediate strings, for tests and debugging.
pub struct Signer {
    service: &'static ServiceInfo,
    credentials: Credentials,
    region: Option<String>,
    language: Option<String>,
    host: String,
    path: String,
    /// Every header whose value does not depend on the operation or the clock.
    base: HeaderMap,
    /// TC3 canonical request from the canonical headers to the signed-headers line, both
    /// included: `content-type:application/json\nhost:<host>\n\ncontent-type;host\n`.
    tc3_headers: Vec<u8>,
    tc3_signed_headers: String,
    tc3_keys: Tc3KeyCache,
    /// TC3 unsigned-payload mode (`Config::unsigned_payload`).
    unsigned_payload: bool,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("service", &self.service.name)
            .field("host", &self.host)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

const TC3_CONTENT_TYPE: &str = "application/json";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

impl Signer {
    /// The signer of `service`'s requests to `host` (the `Host` header value) and `path`.
    pub fn new(
        service: &'static ServiceInfo,
        credentials: Credentials,
        region: Option<&str>,
        language: Option<&str>,
        host: &str,
        path: &str,
    ) -> Result<Signer, InvalidHeader> {
        let value = |setting: &'static str, text: &str| {
            HeaderValue::from_str(text).map_err(|_| InvalidHeader { setting })
        };
        let secret_value = |setting: &'static str, text: &str| {
            let mut value = value(setting, text)?;
            value.set_sensitive(true);
            Ok::<_, InvalidHeader>(value)
        };
        // Room for the per-attempt headers too, so adding them never grows the map.
        let mut base = HeaderMap::with_capacity(16);
        base.insert(HOST, value("endpoint host", host)?);
        let token = credentials.session_token();
        match service.cloud {
            Cloud::Tencent => {
                base.insert(CONTENT_TYPE, HeaderValue::from_static(TC3_CONTENT_TYPE));
                base.insert(
                    names::X_TC_REQUEST_CLIENT,
                    HeaderValue::from_static(USER_AGENT),
                );
                base.insert(
                    names::X_TC_VERSION,
                    value("service version", service.version)?,
                );
                if let Some(region) = region {
                    base.insert(names::X_TC_REGION, value("region", region)?);
                }
                if let Some(token) = token {
                    base.insert(names::X_TC_TOKEN, secret_value("session token", token)?);
                }
                if let Some(language) = language {
                    base.insert(names::X_TC_LANGUAGE, value("language", language)?);
                }
            }
            Cloud::Alibaba => {
                base.insert(
                    names::X_ACS_VERSION,
                    value("service version", service.version)?,
                );
                if let Some(token) = token {
                    base.insert(
                        names::X_ACS_ACCESS_KEY_ID,
                        value("access key ID", credentials.access_key_id())?,
                    );
                    base.insert(
                        names::X_ACS_SECURITY_TOKEN,
                        secret_value("session token", token)?,
                    );
                }
                base.insert(ACCEPT, HeaderValue::from_static("application/json"));
            }
        }
        // The access key ID goes into every `Authorization` value: check it once here.
        value("access key ID", credentials.access_key_id())?;
        // The canonical headers are the same for every TC3 request of this client; the
        // generic writer produces them once (an empty method, path and query, then cut).
        let mut tc3_headers = Vec::new();
        let tc3_signed_headers = signing::write_canonical_headers_block(
            &mut tc3_headers,
            host,
            &[("Content-Type", TC3_CONTENT_TYPE)],
            true,
        );
        Ok(Signer {
            service,
            credentials,
            region: region.map(str::to_owned),
            language: language.map(str::to_owned),
            host: host.to_owned(),
            path: path.to_owned(),
            base,
            tc3_headers,
            tc3_signed_headers,
            tc3_keys: Tc3KeyCache::new(),
            unsigned_payload: false,
        })
    }

    /// Tencent's unsigned-payload mode (see `ConfigBuilder::unsigned_payload`): every request
    /// carries `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and the canonical request hashes that
    /// text in place of the body. No effect on Alibaba requests.
    pub fn unsigned_payload(mut self, on: bool) -> Signer {
        if self.service.cloud == Cloud::Tencent {
            self.unsigned_payload = on;
            if on {
                self.base
                    .insert(names::X_TC_CONTENT_SHA256, HeaderValue::from_static(UNSIGNED_PAYLOAD));
            } else {
                self.base.remove(names::X_TC_CONTENT_SHA256);
            }
        }
        self
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The headers of one attempt of `op`, `Authorization` included, for the wire `query`
    /// (without `?`, empty for Tencent) and `body`. `nonce` is Alibaba's
    /// `x-acs-signature-nonce` (fresh per attempt; ignored for Tencent).
    pub fn sign(
        &self,
        op: &OperationInfo,
        query: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> Result<HeaderMap, InvalidHeader> {
        let theirs = op.service;
        let same_service = std::ptr::eq(theirs, self.service)
            || (theirs.cloud == self.service.cloud
                && theirs.name == self.service.name
                && theirs.version == self.service.version);
        if !same_service {
            // An operation of another service than the client's: its version and signing
            // scope differ, so nothing pre-built applies.
            return Signer::new(
                op.service,
                self.credentials.clone(),
                self.region.as_deref(),
                self.language.as_deref(),
                &self.host,
                &self.path,
            )?
            .unsigned_payload(self.unsigned_payload)
            .sign(op, query, body, timestamp, nonce);
        }
        let action = static_value(op.action).map_err(|_| InvalidHeader { setting: "action" })?;
        let mut headers = self.base.clone();
        match self.service.cloud {
            Cloud::Tencent => {
                let timestamp_value = HeaderValue::from(timestamp);
                let authorization =
                    self.tc3_authorization(query, body, timestamp, &timestamp_value)?;
                headers.insert(names::X_TC_ACTION, action);
                headers.insert(names::X_TC_TIMESTAMP, timestamp_value);
                headers.insert(AUTHORIZATION, authorization);
            }
            Cloud::Alibaba => {
                let date = signing::iso8601(timestamp);
                let content_sha256 = signing::sha256_hex(body);
                let token = self.credentials.session_token();
                let mut signed: Vec<(&str, &str)> = Vec::with_capacity(7);
                signed.extend([
                    ("x-acs-version", self.service.version),
                    ("x-acs-action", op.action),
                    ("x-acs-date", date.as_str()),
                    ("x-acs-signature-nonce", nonce),
                    ("x-acs-content-sha256", content_sha256.as_str()),
                ]);
                if let Some(token) = token {
                    signed.push(("x-acs-accesskey-id", self.credentials.access_key_id()));
                    signed.push(("x-acs-security-token", token));
                }
                // Canonicalised as `acs3` does; the runtime's own queries come out unchanged.
                let canonical_query = signing::canonical_query(query);
                let parts = RequestParts {
                    method: "POST",
                    host: &self.host,
                    path: &self.path,
                    query: &canonical_query,
                    headers: &signed,
                    body,
                };
                let authorization =
                    signing::acs3_authorization(&self.credentials, &parts, &content_sha256);
                let value = |setting: &'static str, text: String| {
                    HeaderValue::try_from(text).map_err(|_| InvalidHeader { setting })
                };
                headers.insert(names::X_ACS_ACTION, action);
                headers.insert(names::X_ACS_DATE, value("date", date)?);
                headers.insert(names::X_ACS_NONCE, value("nonce", nonce.to_owned())?);
                headers.insert(
                    names::X_ACS_CONTENT_SHA256,
                    value("body hash", content_sha256)?,
                );
                let mut authorization = value("authorization", authorization)?;
                authorization.set_sensitive(true);
                headers.insert(AUTHORIZATION, authorization);
            }
        }
        Ok(headers)
    }

    /// TC3 without intermediate strings: the canonical request is streamed into its hash,
    /// the string to sign into the keyed HMAC, and the key comes from the cache.
    fn tc3_authorization(
        &self,
        query: &str,
        body: &[u8],
        timestamp: i64,
        timestamp_value: &HeaderValue,
    ) -> Result<HeaderValue, InvalidHeader> {
        let mut canonical = Sha256::new();
        for piece in ["POST\n", &self.path, "\n", query, "\n"] {
            canonical.put(piece.as_bytes());
        }
        canonical.put(&self.tc3_headers);
        // The official SDKs hash the text `UNSIGNED-PAYLOAD` in place of the body.
        let payload: &[u8] = if self.unsigned_payload { UNSIGNED_PAYLOAD.as_bytes() } else { body };
        canonical.put(&signing::hex32(&Sha256::digest(payload).into()));
        let canonical_hash: [u8; 32] = canonical.finalize().into();

        let key = self
            .tc3_keys
            .get(self.credentials.secret(), self.service.name, timestamp);
        let mut mac = key.mac();
        key.write_string_to_sign(&mut mac, timestamp_value.as_bytes(), &canonical_hash);
        let signature = signing::hex32(&mac.finalize().into_bytes().into());
        let signature = std::str::from_utf8(&signature).unwrap_or_default();
        let authorization = signing::tc3_authorization(
            self.credentials.access_key_id(),
            &key,
            &self.tc3_signed_headers,
            signature,
        );
        let mut value = HeaderValue::try_from(authorization).map_err(|_| InvalidHeader {
            setting: "authorization",
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// A header value of a `'static` string without copying it, checked first.
fn static_value(text: &'static str) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
    // What `HeaderValue::from_static` accepts (it panics on anything else): visible ASCII,
    // spaces and tabs. Anything else goes through the checked constructor.
    let valid = |b: u8| (0x20..0x7f).contains(&b) || b == b'\t';
    if text.bytes().all(valid) {
        Ok(HeaderValue::from_static(text))
    } else {
        HeaderValue::from_str(text)
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
