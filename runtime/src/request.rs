//! The one request builder: [`Payload`] (a call's parameters as they travel, shaped by the
//! service's [`Envelope`]) and [`Signer`] (the headers of each attempt, signed by the service's
//! [`Signing`](crate::Signing) scheme). The scheme and envelope code lives in [`crate::protocol`]; this module
//! only holds what every scheme shares: the `Host` header, the envelope's fixed headers, the
//! credentials and the check that an operation belongs to the client's service.
//!
//! [`Signer::sign`] is the client's per-attempt path; [`Signer::sign_traced`] runs the same
//! code and also returns the intermediate strings ([`Signature`]), for the signing-vector
//! tests and for debugging.

use std::fmt;

use reqwest::header::{HOST, HeaderMap, HeaderValue};

use crate::credentials::Credentials;
use crate::json::JsonEncode;
use crate::protocol::{self, Attempt, Nonce, SchemeSigner, Setup};
use crate::service::{Envelope, OperationInfo, ServiceInfo};
use crate::signing::Signature;

pub use crate::protocol::alibaba_rpc::{alibaba_params, alibaba_query};
pub use crate::protocol::tencent::tencent_body;

/// `User-Agent` and Tencent `X-TC-RequestClient` value.
pub const USER_AGENT: &str = concat!("cloudpage-runtime/", env!("CARGO_PKG_VERSION"));

/// The serialised parameters of a call; built once, signed once per attempt. Its `Debug`
/// redacts the values of parameters whose names say they are secret, as a dry run's shown
/// request does.
#[derive(Clone, PartialEq, Eq)]
pub enum Payload {
    /// The body (e.g. `tencent_response`'s JSON object); the query is empty.
    Body(Vec<u8>),
    /// The encoded query string (e.g. `alibaba_rpc`'s flattened parameters); the body is
    /// empty.
    Query(String),
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payload::Body(body) => f.debug_tuple("Body").field(&crate::response::redact_text(&String::from_utf8_lossy(body))).finish(),
            Payload::Query(query) => f.debug_tuple("Query").field(&crate::client::shown_query(query)).finish(),
        }
    }
}

impl Payload {
    /// Serialises `request` in `envelope`'s request shape.
    pub fn new<R: JsonEncode + ?Sized>(
        envelope: Envelope,
        request: &R,
    ) -> Result<Payload, serde_json::Error> {
        envelope.encode(request)
    }

    /// Serialises `request` for a call of `op` by a client in `region`: `op`'s region
    /// parameter (see [`OperationInfo::region_parameter`]), when the request leaves it unset
    /// or `null`, is filled with `region`. An explicit value is never replaced.
    pub fn for_call<R: JsonEncode + ?Sized>(
        op: &OperationInfo,
        request: &R,
        region: Option<&str>,
    ) -> Result<Payload, serde_json::Error> {
        let fill = op.region_parameter.zip(region);
        op.service.envelope.encode_filled(request, fill)
    }

    /// The wire query without `?` (empty for a body).
    pub fn query(&self) -> &str {
        match self {
            Payload::Body(_) => "",
            Payload::Query(query) => query,
        }
    }

    /// The body (empty for a query).
    pub fn body(&self) -> &[u8] {
        match self {
            Payload::Body(body) => body,
            Payload::Query(_) => &[],
        }
    }
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
/// the signature), and the scheme's own state (for TC3 the canonical headers and the cached
/// signing key).
pub struct Signer {
    service: &'static ServiceInfo,
    credentials: Credentials,
    region: Option<String>,
    language: Option<String>,
    host: String,
    path: String,
    /// Every header whose value does not depend on the operation or the clock.
    base: HeaderMap,
    /// `base`, then an empty value for each header the scheme adds per attempt, in the order
    /// it adds them (see `attempt_template`).
    template: HeaderMap,
    scheme: SchemeSigner,
    unsigned_payload: bool,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("service", &self.service.name)
            .field("signing", &self.service.signing)
            .field("host", &self.host)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// The map an attempt starts from: `base` with a placeholder for each header the scheme adds
/// per attempt, in the order it adds them. An attempt clones it and the scheme overwrites
/// the placeholders in place: a clone of `base` alone held exactly `base`'s entries, so
/// adding the attempt's three or five grew (reallocated and copied) the entries every time.
/// The order on the wire is the same as inserting into a clone of `base`. A failed `sign`
/// drops the map, and an anonymous operation's scheme removes the slots it does not fill
/// (`Authorization`), so no placeholder is ever sent.
fn attempt_template(base: &HeaderMap, scheme: &SchemeSigner) -> HeaderMap {
    let slots = scheme.attempt_headers();
    let mut template = HeaderMap::with_capacity(base.len() + slots.len());
    template.extend(base.iter().map(|(name, value)| (name.clone(), value.clone())));
    for name in slots {
        template.insert(name, HeaderValue::from_static(""));
    }
    template
}

impl Signer {
    /// The signer of `service`'s requests to `host` (the `Host` header value) and `path`, by
    /// `service.signing`, with `service.envelope`'s fixed headers.
    pub fn new(
        service: &'static ServiceInfo,
        credentials: Credentials,
        region: Option<&str>,
        language: Option<&str>,
        host: &str,
        path: &str,
    ) -> Result<Signer, InvalidHeader> {
        // Room for the per-attempt headers too, so adding them never grows the map.
        let mut base = HeaderMap::with_capacity(16);
        base.insert(HOST, protocol::header_value("endpoint host", host)?);
        for (name, value) in service.envelope.fixed_headers() {
            base.insert(name.clone(), reqwest::header::HeaderValue::from_static(value));
        }
        // The access key ID goes into every `Authorization` value: check it once here.
        protocol::header_value("access key ID", credentials.access_key_id())?;
        let setup = Setup {
            service,
            credentials: &credentials,
            region,
            language,
            host,
            path,
            content_type: service.envelope.content_type(),
        };
        let scheme = SchemeSigner::new(&setup, &mut base)?;
        let template = attempt_template(&base, &scheme);
        Ok(Signer {
            service,
            credentials,
            region: region.map(str::to_owned),
            language: language.map(str::to_owned),
            host: host.to_owned(),
            path: path.to_owned(),
            base,
            template,
            scheme,
            unsigned_payload: false,
        })
    }

    /// Tencent's unsigned-payload mode (see `ConfigBuilder::unsigned_payload`): every request
    /// carries `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and the canonical request hashes that
    /// text in place of the body. No effect on schemes other than TC3.
    pub fn unsigned_payload(mut self, on: bool) -> Signer {
        self.unsigned_payload = on;
        self.scheme.set_unsigned_payload(on, &mut self.base);
        self.template = attempt_template(&self.base, &self.scheme);
        self
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A fresh nonce for one attempt of `op` (empty when its scheme signs none).
    pub fn nonce(op: &OperationInfo) -> Nonce {
        op.service.signing.fresh_nonce()
    }

    /// The headers of one attempt of `op`, `Authorization` included, for the wire `query`
    /// (without `?`) and `body`. `nonce` is ACS3's `x-acs-signature-nonce` (fresh per
    /// attempt, see [`Signer::nonce`]; ignored by TC3).
    pub fn sign(
        &self,
        op: &OperationInfo,
        query: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> Result<HeaderMap, InvalidHeader> {
        self.build(op, query, body, timestamp, nonce, None)
    }

    /// [`Signer::sign`], the same code, that also returns the intermediate strings: the
    /// canonical request, the string to sign, the signed headers, the signature and the
    /// `Authorization` value.
    pub fn sign_traced(
        &self,
        op: &OperationInfo,
        query: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> Result<(HeaderMap, Signature), InvalidHeader> {
        let mut trace = Signature::default();
        let headers = self.build(op, query, body, timestamp, nonce, Some(&mut trace))?;
        Ok((headers, trace))
    }

    fn build(
        &self,
        op: &OperationInfo,
        query: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
        trace: Option<&mut Signature>,
    ) -> Result<HeaderMap, InvalidHeader> {
        let theirs = op.service;
        let same_service = std::ptr::eq(theirs, self.service)
            || (theirs.signing == self.service.signing
                && theirs.envelope == self.service.envelope
                && theirs.name == self.service.name
                && theirs.version == self.service.version);
        if !same_service {
            // An operation of another service than the client's: its version, signing scope
            // and perhaps scheme differ, so nothing pre-built applies.
            return Signer::new(
                op.service,
                self.credentials.clone(),
                self.region.as_deref(),
                self.language.as_deref(),
                &self.host,
                &self.path,
            )?
            .unsigned_payload(self.unsigned_payload)
            .build(op, query, body, timestamp, nonce, trace);
        }
        let mut headers = self.template.clone();
        let attempt = Attempt {
            service: self.service,
            credentials: &self.credentials,
            host: &self.host,
            path: &self.path,
            action: op.action,
            query,
            body,
            timestamp,
            nonce,
        };
        if op.anonymous {
            self.scheme.anonymous(&attempt, &mut headers)?;
        } else {
            self.scheme.sign(&attempt, &mut headers, trace)?;
        }
        Ok(headers)
    }
}
