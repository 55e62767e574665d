//! `TC3-HMAC-SHA256` ([`Signing::Tc3HmacSha256`], Tencent Cloud API 3.0 "Signature v3"):
//! the pure signer [`tc3`], the derived key and its cache, and the client's per-client state
//! (`Tc3Signer`). Both [`tc3`] and `Tc3Signer::sign` run one routine, `sign_with_key`.
//!
//! Headers: `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp`, `X-TC-RequestClient`, and when set
//! `X-TC-Region`, `X-TC-Token`, `X-TC-Language`, `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`. The
//! canonical request signs `host` and the request shape's `content-type` (as the official SDKs
//! sign), with header values trimmed and lower-cased.
//!
//! [`Signing::Tc3HmacSha256`]: crate::Signing::Tc3HmacSha256

use std::fmt;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::{Attempt, Setup, header_value, secret_value, sensitive_value, static_value};
use crate::credentials::Credentials;
use crate::request::{InvalidHeader, USER_AGENT};
use crate::signing::{
    self, RequestParts, Signature, Sink, Tee, hex32, hmac_sha256, into_string, keyed_hmac,
    utc_date, utc_day,
};

/// `TC3-HMAC-SHA256`.
pub const TC3_ALGORITHM: &str = "TC3-HMAC-SHA256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

const X_TC_ACTION: HeaderName = HeaderName::from_static("x-tc-action");
const X_TC_VERSION: HeaderName = HeaderName::from_static("x-tc-version");
const X_TC_TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
const X_TC_REGION: HeaderName = HeaderName::from_static("x-tc-region");
const X_TC_TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
const X_TC_LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
const X_TC_REQUEST_CLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");
const X_TC_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-tc-content-sha256");

/// The headers `Tc3Signer::sign` adds to each attempt, in the order it adds them.
pub(crate) fn attempt_headers() -> Vec<HeaderName> {
    vec![X_TC_ACTION, X_TC_TIMESTAMP, AUTHORIZATION]
}

/// TC3-HMAC-SHA256 of arbitrary request parts, with every intermediate string.
///
/// `service` is the credential-scope service (the host's first label, e.g. `tat`) and
/// `timestamp` the value of `X-TC-Timestamp`; the scope date is its UTC date. The canonical
/// query is the query string as sent (empty for POST). Canonical header values are trimmed
/// and lower-cased as documented; the official SDK signs `content-type;host` only.
///
/// This derives the signing key anew; a client signing many requests keeps a
/// [`Tc3KeyCache`] instead (see [`crate::request::Signer`]).
pub fn tc3(
    credentials: &Credentials,
    service: &str,
    timestamp: i64,
    parts: &RequestParts<'_>,
) -> Signature {
    let key = Tc3Key::derive(credentials.secret(), service, timestamp);
    let body_hash = hex32(&Sha256::digest(parts.body).into());
    // The signed-headers list comes out of the canonical request; write that first.
    let mut canonical = Vec::with_capacity(signing::canonical_capacity(parts));
    let signed_headers =
        signing::write_canonical_request(&mut canonical, parts, parts.query, true, &body_hash);
    let mut trace = Signature::default();
    sign_with_key(
        credentials.access_key_id(),
        &key,
        timestamp.to_string().as_bytes(),
        &signed_headers,
        Some(&mut trace),
        (Sha256::new(), b""),
        |out| out.put(&canonical),
    );
    trace
}

/// The one TC3 routine: streams the canonical request (`write_canonical`) into its hash, the
/// string to sign into the keyed HMAC, and returns the `Authorization` value. With `trace`,
/// the canonical request and string to sign are also kept, and the whole [`Signature`] filled.
///
/// `started` is the canonical request's hash state and the text it has already absorbed (a
/// client's constant prefix, see `Tc3Signer::prefix`); `write_canonical` writes the rest.
fn sign_with_key(
    access_key_id: &str,
    key: &Tc3Key,
    timestamp: &[u8],
    signed_headers: &str,
    trace: Option<&mut Signature>,
    started: (Sha256, &[u8]),
    write_canonical: impl FnOnce(&mut Tee<'_, Sha256>),
) -> String {
    // `Vec::new` does not allocate: the untraced path allocates nothing here.
    let (mut canonical_text, mut string_text) = (Vec::new(), Vec::new());
    let traced = trace.is_some();
    let (state, absorbed) = started;
    if traced {
        canonical_text.extend_from_slice(absorbed);
    }
    let mut canonical = Tee::new(state, traced.then_some(&mut canonical_text));
    write_canonical(&mut canonical);
    let canonical_hash: [u8; 32] = canonical.sink.finalize().into();
    let mut mac = Tee::new(key.mac(), traced.then_some(&mut string_text));
    key.write_string_to_sign(&mut mac, timestamp, &canonical_hash);
    let signature = hex32(&mac.sink.finalize().into_bytes().into());
    let signature = std::str::from_utf8(&signature).unwrap_or_default();
    let authorization = tc3_authorization(access_key_id, key, signed_headers, signature);
    if let Some(trace) = trace {
        *trace = Signature {
            canonical_request: into_string(canonical_text),
            string_to_sign: into_string(string_text),
            signed_headers: signed_headers.to_owned(),
            signature: signature.to_owned(),
            authorization: authorization.clone(),
        };
    }
    authorization
}

/// A client's TC3 state: the canonical headers (the same for every request of the client) and
/// the cached signing key. The constant `X-TC-*` headers go into the client's base headers.
pub(crate) struct Tc3Signer {
    /// The canonical request from the canonical headers to the signed-headers line, both
    /// included: `content-type:application/json\nhost:<host>\n\ncontent-type;host\n`.
    headers_block: Vec<u8>,
    /// Everything before the payload hash of a canonical request without a query (every
    /// `tencent_response` call): `POST\n/\n\n` and `headers_block`, as text (for traces) and
    /// as the SHA-256 state after it, so an attempt hashes only the payload hash onwards (one
    /// of the canonical request's three SHA-256 blocks is done once per client).
    prefix: Vec<u8>,
    prefix_state: Sha256,
    /// The path the prefix was written for.
    path: Box<str>,
    signed_headers: String,
    keys: Tc3KeyCache,
    /// Unsigned-payload mode (`Config::unsigned_payload`).
    unsigned_payload: bool,
}

impl Tc3Signer {
    /// Adds the constant `X-TC-*` headers to `base`.
    pub(crate) fn new(setup: &Setup<'_>, base: &mut HeaderMap) -> Result<Tc3Signer, InvalidHeader> {
        base.insert(X_TC_REQUEST_CLIENT, HeaderValue::from_static(USER_AGENT));
        base.insert(
            X_TC_VERSION,
            static_value("service version", setup.service.version)?,
        );
        if let Some(region) = setup.region {
            base.insert(X_TC_REGION, header_value("region", region)?);
        }
        if let Some(token) = setup.credentials.session_token() {
            base.insert(X_TC_TOKEN, secret_value("session token", token)?);
        }
        if let Some(language) = setup.language {
            base.insert(X_TC_LANGUAGE, header_value("language", language)?);
        }
        let content_type = setup.content_type.map(|value| ("Content-Type", value));
        let mut headers_block = Vec::new();
        let signed_headers = signing::write_canonical_headers_block(
            &mut headers_block,
            setup.host,
            content_type.as_slice(),
            true,
        );
        let mut prefix = Vec::with_capacity(headers_block.len() + 16);
        for piece in [super::METHOD, "\n", setup.path, "\n", "", "\n"] {
            prefix.put(piece.as_bytes());
        }
        prefix.put(&headers_block);
        let prefix_state = Sha256::new_with_prefix(&prefix);
        Ok(Tc3Signer {
            prefix,
            prefix_state,
            path: setup.path.into(),
            headers_block,
            signed_headers,
            keys: Tc3KeyCache::new(),
            unsigned_payload: false,
        })
    }

    /// Tencent's unsigned-payload mode (see `ConfigBuilder::unsigned_payload`): every request
    /// carries `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and the canonical request hashes that
    /// text in place of the body.
    pub(crate) fn set_unsigned_payload(&mut self, on: bool, base: &mut HeaderMap) {
        self.unsigned_payload = on;
        if on {
            base.insert(
                X_TC_CONTENT_SHA256,
                HeaderValue::from_static(UNSIGNED_PAYLOAD),
            );
        } else {
            base.remove(X_TC_CONTENT_SHA256);
        }
    }

    /// Adds the action, the clock and `Authorization` to `headers`.
    pub(crate) fn sign(
        &self,
        attempt: &Attempt<'_>,
        headers: &mut HeaderMap,
        trace: Option<&mut Signature>,
    ) -> Result<(), InvalidHeader> {
        let action =
            static_value("action", attempt.action)?;
        let timestamp = HeaderValue::from(attempt.timestamp);
        // The official SDKs hash the text `UNSIGNED-PAYLOAD` in place of the body.
        let payload: &[u8] = if self.unsigned_payload {
            UNSIGNED_PAYLOAD.as_bytes()
        } else {
            attempt.body
        };
        let payload_hash = hex32(&Sha256::digest(payload).into());
        let credentials = attempt.credentials;
        let key = self.keys.get(
            credentials.secret(),
            attempt.service.name,
            attempt.timestamp,
        );
        // The client's own path and no query: the canonical request up to the payload hash
        // is the client's constant prefix, already hashed.
        let from_prefix = attempt.query.is_empty() && *attempt.path == *self.path;
        let started = if from_prefix {
            (self.prefix_state.clone(), self.prefix.as_slice())
        } else {
            (Sha256::new(), &b""[..])
        };
        let authorization = sign_with_key(
            credentials.access_key_id(),
            &key,
            timestamp.as_bytes(),
            &self.signed_headers,
            trace,
            started,
            |out| {
                if !from_prefix {
                    for piece in [super::METHOD, "\n", attempt.path, "\n", attempt.query, "\n"] {
                        out.put(piece.as_bytes());
                    }
                    out.put(&self.headers_block);
                }
                out.put(&payload_hash);
            },
        );
        headers.insert(X_TC_ACTION, action);
        headers.insert(X_TC_TIMESTAMP, timestamp);
        headers.insert(
            AUTHORIZATION,
            sensitive_value("authorization", authorization)?,
        );
        Ok(())
    }
}

impl Tc3Signer {
    /// The headers of an operation sent without a signature, as the official SDK's
    /// `SkipSign` sends it: the action and the clock, `Authorization: SKIP`, and no session
    /// token (nothing of the client's credentials goes out).
    pub(crate) fn anonymous(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) -> Result<(), InvalidHeader> {
        headers.remove(X_TC_TOKEN);
        headers.insert(X_TC_ACTION, static_value("action", attempt.action)?);
        headers.insert(X_TC_TIMESTAMP, HeaderValue::from(attempt.timestamp));
        headers.insert(AUTHORIZATION, HeaderValue::from_static(SKIP_SIGNATURE));
        Ok(())
    }
}

/// The `Authorization` of a request sent without a signature (the official SDKs' `SkipSign`).
pub(crate) const SKIP_SIGNATURE: &str = "SKIP";

/// The TC3 `Authorization` header value.
pub(crate) fn tc3_authorization(
    access_key_id: &str,
    key: &Tc3Key,
    signed_headers: &str,
    signature_hex: &str,
) -> String {
    let pieces = [
        TC3_ALGORITHM,
        " Credential=",
        access_key_id,
        "/",
        &key.date,
        "/",
        &key.service,
        "/tc3_request, SignedHeaders=",
        signed_headers,
        ", Signature=",
        signature_hex,
    ];
    // Exactly the length: the header value then takes the buffer as it is (`Bytes` from a
    // full `Vec`), without the second allocation a spare capacity costs it.
    let mut out = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// A derived TC3 signing key (`HMAC(HMAC(HMAC("TC3" + secret, date), service),
/// "tc3_request")`), kept as a keyed HMAC state so signing with it costs one HMAC of the
/// string to sign, together with what it was derived from. Never printed.
#[derive(Clone)]
pub struct Tc3Key {
    /// What the key depends on: the secret, the UTC day and the service.
    secret: Box<str>,
    day: i64,
    service: Box<str>,
    /// `YYYY-MM-DD` of `day` (the credential-scope date).
    date: Box<str>,
    mac: Hmac<Sha256>,
}

impl fmt::Debug for Tc3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Key")
            .field("date", &self.date)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Tc3Key {
    /// Runs the HMAC chain for `secret`, the UTC date of `timestamp` and `service`.
    pub fn derive(secret: &str, service: &str, timestamp: i64) -> Tc3Key {
        let date = utc_date(timestamp);
        let mut prefixed = Vec::with_capacity(3 + secret.len());
        prefixed.extend_from_slice(b"TC3");
        prefixed.extend_from_slice(secret.as_bytes());
        let secret_date = hmac_sha256(&prefixed, date.as_bytes());
        // The prefixed secret is key material: do not leave it behind in freed memory.
        prefixed.fill(0);
        let secret_service = hmac_sha256(&secret_date, service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        Tc3Key {
            secret: secret.into(),
            day: utc_day(timestamp),
            service: service.into(),
            date: date.into_boxed_str(),
            mac: keyed_hmac(&secret_signing),
        }
    }

    /// Whether this key is the one for `secret`, `service` and the UTC day of `timestamp`.
    pub fn matches(&self, secret: &str, service: &str, timestamp: i64) -> bool {
        self.day == utc_day(timestamp) && *self.service == *service && *self.secret == *secret
    }

    /// The credential-scope date, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        &self.date
    }

    /// `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hex(hash)>`.
    pub(crate) fn write_string_to_sign(
        &self,
        out: &mut impl Sink,
        timestamp: &[u8],
        canonical_hash: &[u8; 32],
    ) {
        out.put(TC3_ALGORITHM.as_bytes());
        out.put(b"\n");
        out.put(timestamp);
        out.put(b"\n");
        out.put(self.date.as_bytes());
        out.put(b"/");
        out.put(self.service.as_bytes());
        out.put(b"/tc3_request\n");
        out.put(&hex32(canonical_hash));
    }

    /// HMAC-SHA256 of `message` with this key.
    #[cfg(test)]
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// A copy of the keyed HMAC state, to stream a message into.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        self.mac.clone()
    }
}

/// The derived TC3 key of a client, re-derived only when what it depends on changes: the
/// secret (rotated or refreshed credentials), the UTC date, or the service. Shared by a
/// client's clones, so it is behind a lock; the lock is held only to compare and to clone an
/// `Arc`, never while hashing.
#[derive(Default)]
pub struct Tc3KeyCache {
    current: Mutex<Option<Arc<Tc3Key>>>,
}

impl fmt::Debug for Tc3KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3KeyCache").finish_non_exhaustive()
    }
}

impl Tc3KeyCache {
    pub fn new() -> Tc3KeyCache {
        Tc3KeyCache::default()
    }

    /// The key for `secret`, `service` and the UTC day of `timestamp`, derived on a miss.
    pub fn get(&self, secret: &str, service: &str, timestamp: i64) -> Arc<Tc3Key> {
        let cached = self
            .lock()
            .as_ref()
            .filter(|key| key.matches(secret, service, timestamp))
            .cloned();
        if let Some(key) = cached {
            return key;
        }
        // Derive outside the lock: other tasks keep signing with the key they hold.
        let key = Arc::new(Tc3Key::derive(secret, service, timestamp));
        *self.lock() = Some(Arc::clone(&key));
        key
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Tc3Key>>> {
        // The guarded value is always whole (a single assignment), so a poisoned lock is fine.
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{hex32_string, write_canonical_request};

    fn tc3_parts(body: &[u8]) -> RequestParts<'_> {
        RequestParts {
            method: "POST",
            host: "tat.tencentcloudapi.com",
            path: "/",
            query: "",
            headers: &[("Content-Type", "application/json")],
            body,
        }
    }

    /// Signs with a key from `cache` the way the client does and returns the signature hex.
    fn cached_signature(
        cache: &Tc3KeyCache,
        creds: &Credentials,
        service: &str,
        timestamp: i64,
        parts: &RequestParts<'_>,
    ) -> String {
        let key = cache.get(creds.secret(), service, timestamp);
        let mut canonical = Vec::new();
        let body_hash = hex32(&Sha256::digest(parts.body).into());
        write_canonical_request(&mut canonical, parts, parts.query, true, &body_hash);
        let mut string_to_sign = Vec::new();
        key.write_string_to_sign(
            &mut string_to_sign,
            timestamp.to_string().as_bytes(),
            &Sha256::digest(&canonical).into(),
        );
        hex32_string(&key.sign(&string_to_sign))
    }

    #[test]
    fn key_cache_hits_within_a_day_for_the_same_secret_and_service() {
        let cache = Tc3KeyCache::new();
        let first = cache.get("secret", "tat", 1_700_000_000);
        // 22:13:20 UTC; later the same UTC day.
        let later = cache.get("secret", "tat", 1_700_000_000 + 6_000);
        assert!(Arc::ptr_eq(&first, &later));
        assert_eq!(later.date(), "2023-11-14");
    }

    #[test]
    fn key_cache_follows_secret_rotation() {
        let cache = Tc3KeyCache::new();
        let parts = tc3_parts(br#"{"InvocationId":"inv-1"}"#);
        let old = Credentials::new("AKID", "old-secret");
        let new = Credentials::new("AKID", "new-secret").with_session_token("t");
        let ts = 1_700_000_000;
        let before = cache.get(old.secret(), "tat", ts);
        assert_eq!(
            cached_signature(&cache, &old, "tat", ts, &parts),
            tc3(&old, "tat", ts, &parts).signature
        );
        let rotated = cached_signature(&cache, &new, "tat", ts, &parts);
        assert_eq!(rotated, tc3(&new, "tat", ts, &parts).signature);
        assert_ne!(rotated, tc3(&old, "tat", ts, &parts).signature);
        assert!(!Arc::ptr_eq(&before, &cache.get(new.secret(), "tat", ts)));
        // And back again: the cache holds one key and re-derives it.
        assert_eq!(
            cached_signature(&cache, &old, "tat", ts, &parts),
            tc3(&old, "tat", ts, &parts).signature
        );
    }

    #[test]
    fn key_cache_follows_the_utc_date_and_the_service() {
        let cache = Tc3KeyCache::new();
        let creds = Credentials::new("AKID", "secret");
        let parts = tc3_parts(b"{}");
        // The last second of 2019-02-25 UTC, then the first of the 26th.
        let (before, after) = (1_551_139_199, 1_551_139_200);
        let day1 = cache.get(creds.secret(), "tat", before);
        let day2 = cache.get(creds.secret(), "tat", after);
        assert_eq!((day1.date(), day2.date()), ("2019-02-25", "2019-02-26"));
        assert!(!Arc::ptr_eq(&day1, &day2));
        for ts in [before, after, after + 86_400 * 400] {
            assert_eq!(
                cached_signature(&cache, &creds, "tat", ts, &parts),
                tc3(&creds, "tat", ts, &parts).signature,
                "{ts}"
            );
        }
        let cvm = cache.get(creds.secret(), "cvm", after);
        assert!(!Arc::ptr_eq(&cvm, &cache.get(creds.secret(), "tat", after)));
        assert_eq!(
            cached_signature(&cache, &creds, "cvm", after, &parts),
            tc3(&creds, "cvm", after, &parts).signature
        );
    }

    #[test]
    fn key_cache_is_shared_across_threads() {
        let cache = Arc::new(Tc3KeyCache::new());
        let parts = tc3_parts(b"{}");
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let cache = Arc::clone(&cache);
                std::thread::spawn(move || {
                    let parts = tc3_parts(b"{}");
                    for i in 0..200 {
                        // Threads disagree on the secret and the day, so keys keep changing
                        // under each other's feet.
                        let creds = Credentials::new("AKID", format!("secret-{}", (t + i) % 3));
                        let ts = 1_700_000_000 + 86_400 * ((i % 2) as i64);
                        assert_eq!(
                            cached_signature(&cache, &creds, "tat", ts, &parts),
                            tc3(&creds, "tat", ts, &parts).signature
                        );
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        let creds = Credentials::new("AKID", "secret-0");
        assert_eq!(
            cached_signature(&cache, &creds, "tat", 1_700_000_000, &parts),
            tc3(&creds, "tat", 1_700_000_000, &parts).signature
        );
    }

    #[test]
    fn keys_and_caches_print_no_secrets() {
        let cache = Tc3KeyCache::new();
        let key = cache.get("TOPSECRETVALUE", "tat", 1_700_000_000);
        let printed = format!("{key:?} {cache:?}");
        assert!(!printed.contains("TOPSECRETVALUE"), "{printed}");
        assert!(printed.contains("2023-11-14"), "{printed}");
        // Nor any byte of the derived key, in hex.
        let derived = hex32_string(&key.sign(b""));
        assert!(!printed.contains(&derived[..8]), "{printed}");
    }
}
