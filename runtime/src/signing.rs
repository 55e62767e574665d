//! What signing schemes share: [`RequestParts`], the [`Signature`] intermediates, canonical
//! headers and queries, hex, HMAC, dates and percent-encoding; and, re-exported from their
//! scheme modules, the pure signers [`tc3`] ([`crate::protocol::tc3`]) and [`acs3`]
//! ([`crate::protocol::acs3`]).
//!
//! The pure signers take everything that varies between calls (clock, nonce, body) through
//! [`RequestParts`] and their arguments, so recorded requests can be replayed byte for byte.
//! They run the same code as the client's [`crate::request::Signer`], which builds the parts
//! of a call itself and signs every attempt anew.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

pub use crate::protocol::acs3::{ACS3_ALGORITHM, acs3};
pub use crate::protocol::tc3::{TC3_ALGORITHM, Tc3Key, Tc3KeyCache, tc3};

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// A sink that also keeps a copy of what it is fed when asked to: how one signing routine
/// serves both the client (no copy: `copy` is `None`, and nothing is allocated) and the
/// signing-vector tests (the intermediate strings, in a [`Signature`]).
pub(crate) struct Tee<'a, S> {
    pub(crate) sink: S,
    copy: Option<&'a mut Vec<u8>>,
}

impl<'a, S: Sink> Tee<'a, S> {
    pub(crate) fn new(sink: S, copy: Option<&'a mut Vec<u8>>) -> Tee<'a, S> {
        Tee { sink, copy }
    }
}

impl<S: Sink> Sink for Tee<'_, S> {
    fn put(&mut self, bytes: &[u8]) {
        self.sink.put(bytes);
        if let Some(copy) = &mut self.copy {
            copy.extend_from_slice(bytes);
        }
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

pub(crate) fn hex32_string(bytes: &[u8; 32]) -> String {
    hex32(bytes).iter().map(|&digit| char::from(digit)).collect()
}

/// Canonical text is made of `&str` pieces and ASCII case mapping, so it is always UTF-8;
/// the lossy branch only avoids a panic path.
pub(crate) fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub(crate) fn keyed_hmac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length (long ones are hashed), so this never fails; the fallback
    // keeps the code free of panics all the same.
    Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()))
}

pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed_hmac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A guess at the canonical request's length, so its buffer is allocated once.
pub(crate) fn canonical_capacity(parts: &RequestParts<'_>) -> usize {
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
pub(crate) fn utc_day(timestamp: i64) -> i64 {
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
    use crate::credentials::Credentials;

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
