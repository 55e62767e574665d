//! Request signing as the official SDKs do it: Tencent Cloud TC3-HMAC-SHA256 and Alibaba Cloud
//! ACS3-HMAC-SHA256.
//!
//! Both functions are pure: everything that varies between calls (clock, nonce, body) comes in
//! through [`RequestParts`] and the arguments, so recorded requests can be replayed byte for
//! byte. [`crate::request`] builds the parts for a call; the client signs every attempt anew.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;

/// `TC3-HMAC-SHA256`.
pub const TC3_ALGORITHM: &str = "TC3-HMAC-SHA256";
/// `ACS3-HMAC-SHA256`.
pub const ACS3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// What a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// `POST` or `GET`.
    pub method: &'a str,
    /// The `Host` header exactly as sent (with `:port` when the URL has one).
    pub host: &'a str,
    /// Path of the URL, `/` for both clouds' RPC APIs.
    pub path: &'a str,
    /// Query string as sent on the wire, without `?` (empty when there is none).
    pub query: &'a str,
    /// Headers to sign besides `host`, with their values as sent.
    pub headers: &'a [(&'a str, &'a str)],
    /// Body bytes as sent.
    pub body: &'a [u8],
}

/// The intermediate strings and the result of signing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    /// Lower-case header names, sorted, `;`-separated.
    pub signed_headers: String,
    /// Lower-case hex.
    pub signature: String,
    /// Value of the `Authorization` header.
    pub authorization: String,
}

/// TC3-HMAC-SHA256 (Tencent Cloud API 3.0 "Signature v3").
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
    let mut canonical = Vec::with_capacity(canonical_capacity(parts));
    let body_hash = hex32(&Sha256::digest(parts.body).into());
    let signed_headers =
        write_canonical_request(&mut canonical, parts, parts.query, true, &body_hash);
    let canonical_request = into_string(canonical);
    let timestamp_text = timestamp.to_string();
    let mut string_to_sign = Vec::with_capacity(128);
    key.write_string_to_sign(
        &mut string_to_sign,
        timestamp_text.as_bytes(),
        &Sha256::digest(canonical_request.as_bytes()).into(),
    );
    let string_to_sign = into_string(string_to_sign);
    let signature = hex32_string(&key.sign(string_to_sign.as_bytes()));
    let authorization = tc3_authorization(
        credentials.access_key_id(),
        &key,
        &signed_headers,
        &signature,
    );
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// The TC3 `Authorization` header value.
pub(crate) fn tc3_authorization(
    access_key_id: &str,
    key: &Tc3Key,
    signed_headers: &str,
    signature_hex: &str,
) -> String {
    let mut out = String::with_capacity(
        TC3_ALGORITHM.len()
            + access_key_id.len()
            + key.date.len()
            + key.service.len()
            + signed_headers.len()
            + signature_hex.len()
            + 64,
    );
    for piece in [
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
    ] {
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

/// ACS3-HMAC-SHA256 (Alibaba Cloud "V3" signature) as alibabacloud-tea-openapi computes it.
///
/// The query is decoded (`+` and `%20` both mean a space) and re-encoded canonically: sorted
/// by name, values RFC 3986-encoded. Header names are lower-cased, values trimmed; every header
/// in `parts.headers` is signed, plus `host`.
pub fn acs3(credentials: &Credentials, parts: &RequestParts<'_>) -> Signature {
    let query = canonical_query(parts.query);
    let mut canonical = Vec::with_capacity(canonical_capacity(parts) + query.len());
    let body_hash = hex32(&Sha256::digest(parts.body).into());
    let signed_headers = write_canonical_request(&mut canonical, parts, &query, false, &body_hash);
    let canonical_request = into_string(canonical);
    let mut string_to_sign = String::with_capacity(ACS3_ALGORITHM.len() + 65);
    string_to_sign.push_str(ACS3_ALGORITHM);
    string_to_sign.push('\n');
    string_to_sign.push_str(&hex32_string(&Sha256::digest(canonical_request.as_bytes()).into()));
    let signature = hex32_string(&hmac_sha256(
        credentials.secret().as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization =
        acs3_authorization_value(credentials.access_key_id(), &signed_headers, &signature);
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// The ACS3 `Authorization` value of `parts` without the intermediate strings: the canonical
/// request goes straight into its hash and the string to sign into the HMAC. `parts.query`
/// must already be canonical ([`canonical_query`]); `body_sha256_hex` is the body's hash, which
/// the caller already has for `x-acs-content-sha256`.
pub(crate) fn acs3_authorization(
    credentials: &Credentials,
    parts: &RequestParts<'_>,
    body_sha256_hex: &str,
) -> String {
    let mut canonical = Sha256::new();
    let signed_headers = write_canonical_request(
        &mut canonical,
        parts,
        parts.query,
        false,
        body_sha256_hex.as_bytes(),
    );
    let mut mac = keyed_hmac(credentials.secret().as_bytes());
    mac.put(ACS3_ALGORITHM.as_bytes());
    mac.put(b"\n");
    mac.put(&hex32(&canonical.finalize().into()));
    let signature = hex32(&mac.finalize().into_bytes().into());
    let signature = std::str::from_utf8(&signature).unwrap_or_default();
    acs3_authorization_value(credentials.access_key_id(), &signed_headers, signature)
}

fn acs3_authorization_value(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
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

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex32_string(&Sha256::digest(bytes).into())
}

/// Where canonical text goes: a buffer when the text itself is wanted, straight into a hash
/// when only its digest is (the client's per-attempt path).
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl Sink for Hmac<Sha256> {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

/// Lower-case hex of a SHA-256 digest, without going through `fmt`.
pub(crate) fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
    out
}

fn hex32_string(bytes: &[u8; 32]) -> String {
    hex32(bytes).iter().map(|&digit| char::from(digit)).collect()
}

/// Canonical text is made of `&str` pieces and ASCII case mapping, so it is always UTF-8;
/// the lossy branch only avoids a panic path.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn keyed_hmac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length (long ones are hashed), so this never fails; the fallback
    // keeps the code free of panics all the same.
    Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()))
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed_hmac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A guess at the canonical request's length, so its buffer is allocated once.
fn canonical_capacity(parts: &RequestParts<'_>) -> usize {
    let headers: usize = parts
        .headers
        .iter()
        .map(|(name, value)| 2 * name.len() + value.len() + 3)
        .sum();
    parts.method.len() + parts.path.len() + parts.query.len() + parts.host.len() + headers + 96
}

/// Writes the canonical request of `parts` with `query` as its canonical query, and returns
/// the signed-headers list. TC3 lower-cases header values (`lowercase_values`), ACS3 does not.
/// `body_sha256_hex` is the hex SHA-256 of `parts.body` (callers hash the body once, also for
/// their content-hash header).
pub(crate) fn write_canonical_request(
    out: &mut impl Sink,
    parts: &RequestParts<'_>,
    query: &str,
    lowercase_values: bool,
    body_sha256_hex: &[u8],
) -> String {
    for piece in [parts.method, "\n", parts.path, "\n", query, "\n"] {
        out.put(piece.as_bytes());
    }
    let signed_headers =
        write_canonical_headers_block(out, parts.host, parts.headers, lowercase_values);
    out.put(body_sha256_hex);
    signed_headers
}

/// The canonical headers, a blank line, and the signed-headers line with its newline: the
/// part of a canonical request between the query and the body hash. Returns the signed
/// headers.
pub(crate) fn write_canonical_headers_block(
    out: &mut impl Sink,
    host: &str,
    headers: &[(&str, &str)],
    lowercase_values: bool,
) -> String {
    let signed_headers = write_canonical_headers(out, host, headers, lowercase_values);
    out.put(b"\n");
    out.put(signed_headers.as_bytes());
    out.put(b"\n");
    signed_headers
}

/// Writes `name:value\n` lines sorted by lower-cased name (values of a repeated name joined
/// by `,` in sorted order) and returns the `;`-joined names. Names are lower-cased and values
/// trimmed (and lower-cased for TC3) as they are written, not copied first; only a non-ASCII
/// value to lower-case needs an owned copy, because Unicode lower-casing can change lengths.
fn write_canonical_headers<'a>(
    out: &mut impl Sink,
    host: &'a str,
    headers: &[(&'a str, &'a str)],
    lowercase_values: bool,
) -> String {
    let mut entries: Vec<(&str, Cow<'_, str>)> = std::iter::once(("host", host))
        .chain(
            headers
                .iter()
                .copied()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("host")),
        )
        .map(|(name, value)| {
            let value = value.trim();
            let value = if lowercase_values && !value.is_ascii() {
                Cow::Owned(value.to_lowercase())
            } else {
                Cow::Borrowed(value)
            };
            (name, value)
        })
        .collect();
    // Sorting by the mapped bytes orders exactly as sorting the lower-cased strings would.
    entries.sort_by(|(a_name, a_value), (b_name, b_value)| {
        ascii_lower_cmp(a_name, b_name).then_with(|| {
            if lowercase_values {
                ascii_lower_cmp(a_value, b_value)
            } else {
                a_value.cmp(b_value)
            }
        })
    });
    let mut signed = String::with_capacity(entries.iter().map(|(n, _)| n.len() + 1).sum());
    let mut i = 0;
    while i < entries.len() {
        let name = entries[i].0;
        put_lowercase(out, name);
        out.put(b":");
        let mut first = true;
        while let Some((_, value)) = entries.get(i).filter(|(n, _)| n.eq_ignore_ascii_case(name)) {
            if !first {
                out.put(b",");
            }
            first = false;
            if lowercase_values {
                put_lowercase(out, value);
            } else {
                out.put(value.as_bytes());
            }
            i += 1;
        }
        out.put(b"\n");
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.extend(name.chars().map(|c| c.to_ascii_lowercase()));
    }
    signed
}

fn ascii_lower_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
}

/// Writes `text` with ASCII letters lower-cased, in chunks, without allocating.
fn put_lowercase(out: &mut impl Sink, text: &str) {
    let bytes = text.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        out.put(bytes);
        return;
    }
    let mut chunk = [0u8; 64];
    for piece in bytes.chunks(chunk.len()) {
        let lowered = &mut chunk[..piece.len()];
        lowered.copy_from_slice(piece);
        lowered.make_ascii_lowercase();
        out.put(lowered);
    }
}

/// Everything but RFC 3986 unreserved characters is percent-encoded.
pub(crate) const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// RFC 3986 percent-encoding (space as `%20`, `*` as `%2A`, `~` kept).
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986).to_string()
}

/// Decodes an `application/x-www-form-urlencoded` component (`+` is a space).
fn form_decode(component: &str) -> String {
    let spaced = component.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Parses a query string into decoded `(name, value)` pairs, in wire order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (form_decode(name), form_decode(value)),
            None => (form_decode(pair), String::new()),
        })
        .collect()
}

/// The ACS3 canonical query string of a wire query string.
pub fn canonical_query(query: &str) -> String {
    let mut pairs = parse_query(query);
    pairs.sort();
    encode_query(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
}

/// `name=value` pairs joined by `&`, both RFC 3986-encoded.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, RFC3986));
        out.push('=');
        out.extend(utf8_percent_encode(value, RFC3986));
    }
    out
}

/// Days since 1970-01-01 of a Unix timestamp (what the TC3 scope date depends on).
fn utc_day(timestamp: i64) -> i64 {
    timestamp.div_euclid(86_400)
}

fn utc(timestamp: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(timestamp).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// `YYYY-MM-DD` of a Unix timestamp in UTC (the TC3 credential-scope date).
pub fn utc_date(timestamp: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    utc(timestamp)
        .format(&format)
        .expect("a date always formats")
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a Unix timestamp (the `x-acs-date` header).
pub fn iso8601(timestamp: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    utc(timestamp)
        .format(&format)
        .expect("a date always formats")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc_date(1_700_000_000), "2023-11-14");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        // One second before midnight UTC stays on the earlier day in every local time zone.
        assert_eq!(utc_date(1_551_139_199), "2019-02-25");
        assert_eq!(utc_date(1_551_139_200), "2019-02-26");
    }

    #[test]
    fn query_codec() {
        assert_eq!(
            parse_query("a=x+y&b=%2A%20&c&d="),
            vec![
                ("a".to_owned(), "x y".to_owned()),
                ("b".to_owned(), "* ".to_owned()),
                ("c".to_owned(), String::new()),
                ("d".to_owned(), String::new()),
            ]
        );
        assert_eq!(canonical_query("b=2&a=x+y*~"), "a=x%20y%2A~&b=2");
        assert_eq!(percent_encode("ü/ +"), "%C3%BC%2F%20%2B");
    }

    #[test]
    fn repeated_headers_are_joined_sorted() {
        let creds = Credentials::new("id", "secret");
        let parts = RequestParts {
            method: "POST",
            host: "h",
            path: "/",
            query: "",
            headers: &[("X-Acs-B", " 2 "), ("x-acs-b", "1"), ("x-acs-a", "A")],
            body: b"",
        };
        let sig = acs3(&creds, &parts);
        assert!(
            sig.canonical_request
                .contains("\nhost:h\nx-acs-a:A\nx-acs-b:1,2\n\n")
        );
        assert_eq!(sig.signed_headers, "host;x-acs-a;x-acs-b");
    }
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

    #[test]
    fn canonical_headers_lowercase_and_sort_without_copies() {
        let creds = Credentials::new("id", "secret");
        let parts = RequestParts {
            method: "POST",
            host: " H.Example ",
            path: "/",
            query: "",
            headers: &[
                ("X-TC-B", " Zeta"),
                ("x-tc-b", "alpha "),
                ("Content-Type", "Application/JSON"),
                ("X-TC-Ü", "ÀB"),
            ],
            body: b"",
        };
        let sig = tc3(&creds, "tat", 0, &parts);
        assert!(
            sig.canonical_request.contains(
                "\ncontent-type:application/json\nhost:h.example\nx-tc-b:alpha,zeta\nx-tc-Ü:àb\n\n"
            ),
            "{}",
            sig.canonical_request
        );
        assert_eq!(sig.signed_headers, "content-type;host;x-tc-b;x-tc-Ü");
    }

    #[test]
    fn hex_matches_the_hex_crate() {
        let digest: [u8; 32] = Sha256::digest(b"abc").into();
        assert_eq!(hex32(&digest).as_slice(), hex::encode(digest).as_bytes());
        assert_eq!(hex32_string(&digest), hex::encode(digest));
    }
}
