//! `ACS3-HMAC-SHA256` ([`Signing::Acs3HmacSha256`], Alibaba Cloud "V3" signature, as
//! alibabacloud-tea-openapi computes it): the pure signer [`acs3`] and the client's
//! per-attempt signing (`Acs3Signer`). Both run one routine, `sign_parts`.
//!
//! Headers: `x-acs-version`, `x-acs-action`, `x-acs-date`, `x-acs-signature-nonce` (fresh per
//! attempt), `x-acs-content-sha256`, and with a session token `x-acs-accesskey-id` and
//! `x-acs-security-token`. The canonical request signs `host`, every `x-acs-*` header, and
//! the request shape's `content-type` when it has one.
//!
//! [`Signing::Acs3HmacSha256`]: crate::Signing::Acs3HmacSha256

use hmac::Mac;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::{Attempt, Setup, header_value, secret_value, sensitive_value, static_value};
use crate::credentials::Credentials;
use crate::request::InvalidHeader;
use crate::signing::{self, RequestParts, Signature, Sink, Tee, hex32, into_string, keyed_hmac};

/// `ACS3-HMAC-SHA256`.
pub const ACS3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");
const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
const X_ACS_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
const X_ACS_ACCESS_KEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");
const X_ACS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");

/// The headers `Acs3Signer::sign` adds to each attempt, in the order it adds them.
pub(crate) fn attempt_headers() -> Vec<HeaderName> {
    vec![X_ACS_ACTION, X_ACS_DATE, X_ACS_NONCE, X_ACS_CONTENT_SHA256, AUTHORIZATION]
}

/// ACS3-HMAC-SHA256 of arbitrary request parts, with every intermediate string.
///
/// The query is decoded (`+` and `%20` both mean a space) and re-encoded canonically: sorted
/// by name, values RFC 3986-encoded. Header names are lower-cased, values trimmed; every header
/// in `parts.headers` is signed, plus `host`.
pub fn acs3(credentials: &Credentials, parts: &RequestParts<'_>) -> Signature {
    let query = signing::canonical_query(parts.query);
    let body_hash = signing::sha256_hex(parts.body);
    let mut trace = Signature::default();
    sign_parts(
        credentials,
        &RequestParts {
            query: &query,
            ..*parts
        },
        &body_hash,
        Some(&mut trace),
    );
    trace
}

/// The one ACS3 routine: the `Authorization` value of `parts`, whose query must already be
/// canonical ([`signing::canonical_query`]); `body_sha256_hex` is the body's hash, which the
/// client also sends as `x-acs-content-sha256`. The canonical request goes straight into its
/// hash and the string to sign into the HMAC; with `trace` they are also kept.
fn sign_parts(
    credentials: &Credentials,
    parts: &RequestParts<'_>,
    body_sha256_hex: &str,
    trace: Option<&mut Signature>,
) -> String {
    // `Vec::new` does not allocate: the untraced path allocates nothing here.
    let (mut canonical_text, mut string_text) = (Vec::new(), Vec::new());
    let traced = trace.is_some();
    let mut canonical = Tee::new(Sha256::new(), traced.then_some(&mut canonical_text));
    let signed_headers = signing::write_canonical_request(
        &mut canonical,
        parts,
        parts.query,
        false,
        body_sha256_hex.as_bytes(),
    );
    let canonical_hash: [u8; 32] = canonical.sink.finalize().into();
    let mut mac = Tee::new(
        keyed_hmac(credentials.secret().as_bytes()),
        traced.then_some(&mut string_text),
    );
    mac.put(ACS3_ALGORITHM.as_bytes());
    mac.put(b"\n");
    mac.put(&hex32(&canonical_hash));
    let signature = hex32(&mac.sink.finalize().into_bytes().into());
    let signature = std::str::from_utf8(&signature).unwrap_or_default();
    let authorization =
        authorization_value(credentials.access_key_id(), &signed_headers, signature);
    if let Some(trace) = trace {
        *trace = Signature {
            canonical_request: into_string(canonical_text),
            string_to_sign: into_string(string_text),
            signed_headers,
            signature: signature.to_owned(),
            authorization: authorization.clone(),
        };
    }
    authorization
}

fn authorization_value(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    let mut authorization = String::with_capacity(
        ACS3_ALGORITHM.len() + access_key_id.len() + signed_headers.len() + signature.len() + 40,
    );
    for piece in [
        ACS3_ALGORITHM,
        " Credential=",
        access_key_id,
        ",SignedHeaders=",
        signed_headers,
        ",Signature=",
        signature,
    ] {
        authorization.push_str(piece);
    }
    authorization
}

/// A fresh `x-acs-signature-nonce`: 128 random bits as 32 lower-case hex digits, on the
/// stack.
pub(crate) fn nonce() -> super::Nonce {
    let random = rand::random::<u128>().to_be_bytes();
    let mut digits = [0u8; 32];
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in digits.chunks_exact_mut(2).zip(random) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
    super::Nonce { digits, len: 32 }
}

/// A client's ACS3 state: none beyond the constant `x-acs-*` headers, which go into the
/// client's base headers (the content type is kept to sign it).
pub(crate) struct Acs3Signer {
    content_type: Option<&'static str>,
}

impl Acs3Signer {
    /// Adds the constant `x-acs-*` headers to `base`.
    pub(crate) fn new(
        setup: &Setup<'_>,
        base: &mut HeaderMap,
    ) -> Result<Acs3Signer, InvalidHeader> {
        base.insert(
            X_ACS_VERSION,
            static_value("service version", setup.service.version)?,
        );
        if let Some(token) = setup.credentials.session_token() {
            base.insert(
                X_ACS_ACCESS_KEY_ID,
                header_value("access key ID", setup.credentials.access_key_id())?,
            );
            base.insert(X_ACS_SECURITY_TOKEN, secret_value("session token", token)?);
        }
        Ok(Acs3Signer {
            content_type: setup.content_type,
        })
    }

    /// The headers of an operation sent without a signature, as the official SDK sends an
    /// `Anonymous` one: the action, date, nonce and body hash, and no `Authorization`, access
    /// key ID or session token (nothing of the client's credentials goes out).
    pub(crate) fn anonymous(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) -> Result<(), InvalidHeader> {
        // The attempt template's `Authorization` slot (see `request::attempt_template`) too.
        for unsent in [AUTHORIZATION, X_ACS_ACCESS_KEY_ID, X_ACS_SECURITY_TOKEN] {
            headers.remove(unsent);
        }
        let action = static_value("action", attempt.action)?;
        insert_attempt_headers(headers, action, signing::iso8601(attempt.timestamp), attempt.nonce, signing::sha256_hex(attempt.body))
    }

    /// Adds the action, date, nonce, body hash and `Authorization` to `headers`.
    pub(crate) fn sign(
        &self,
        attempt: &Attempt<'_>,
        headers: &mut HeaderMap,
        trace: Option<&mut Signature>,
    ) -> Result<(), InvalidHeader> {
        let action =
            static_value("action", attempt.action)?;
        let credentials = attempt.credentials;
        let date = signing::iso8601(attempt.timestamp);
        let content_sha256 = signing::sha256_hex(attempt.body);
        let mut signed: Vec<(&str, &str)> = Vec::with_capacity(8);
        signed.extend([
            ("x-acs-version", attempt.service.version),
            ("x-acs-action", attempt.action),
            ("x-acs-date", date.as_str()),
            ("x-acs-signature-nonce", attempt.nonce),
            ("x-acs-content-sha256", content_sha256.as_str()),
        ]);
        if let Some(token) = credentials.session_token() {
            signed.push(("x-acs-accesskey-id", credentials.access_key_id()));
            signed.push(("x-acs-security-token", token));
        }
        if let Some(content_type) = self.content_type {
            signed.push(("content-type", content_type));
        }
        // Canonicalised as `acs3` does; the runtime's own queries come out unchanged.
        let canonical_query = signing::canonical_query(attempt.query);
        let parts = RequestParts {
            method: super::METHOD,
            host: attempt.host,
            path: attempt.path,
            query: &canonical_query,
            headers: &signed,
            body: attempt.body,
        };
        let authorization = sign_parts(credentials, &parts, &content_sha256, trace);
        insert_attempt_headers(headers, action, date, attempt.nonce, content_sha256)?;
        headers.insert(
            AUTHORIZATION,
            sensitive_value("authorization", authorization)?,
        );
        Ok(())
    }
}

/// The headers every attempt carries, signed or not: the action, date, nonce and body hash.
fn insert_attempt_headers(
    headers: &mut HeaderMap,
    action: HeaderValue,
    date: String,
    nonce: &str,
    content_sha256: String,
) -> Result<(), InvalidHeader> {
    let owned = |setting: &'static str, text: String| HeaderValue::try_from(text).map_err(|_| InvalidHeader { setting });
    headers.insert(X_ACS_ACTION, action);
    headers.insert(X_ACS_DATE, owned("date", date)?);
    headers.insert(X_ACS_NONCE, header_value("nonce", nonce)?);
    headers.insert(X_ACS_CONTENT_SHA256, owned("body hash", content_sha256)?);
    Ok(())
}
