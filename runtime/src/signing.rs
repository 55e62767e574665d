//! Request signing as the official SDKs do it: Tencent Cloud TC3-HMAC-SHA256 and Alibaba Cloud
//! ACS3-HMAC-SHA256.
//!
//! Both functions are pure: everything that varies between calls (clock, nonce, body) comes in
//! through [`RequestParts`] and the arguments, so recorded requests can be replayed byte for
//! byte. [`crate::request`] builds the parts for a call; the client signs every attempt anew.

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
pub fn tc3(
    credentials: &Credentials,
    service: &str,
    timestamp: i64,
    parts: &RequestParts<'_>,
) -> Signature {
    let (canonical_headers, signed_headers) = canonical_headers(parts, true);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        parts.method,
        parts.path,
        parts.query,
        canonical_headers,
        signed_headers,
        sha256_hex(parts.body)
    );
    let date = utc_date(timestamp);
    let scope = format!("{date}/{service}/tc3_request");
    let string_to_sign = format!(
        "{TC3_ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let secret_date = hmac_sha256(
        format!("TC3{}", credentials.secret()).as_bytes(),
        date.as_bytes(),
    );
    let secret_service = hmac_sha256(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    let signature = hex::encode(hmac_sha256(&secret_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "{TC3_ALGORITHM} Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key_id()
    );
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// ACS3-HMAC-SHA256 (Alibaba Cloud "V3" signature) as alibabacloud-tea-openapi computes it.
///
/// The query is decoded (`+` and `%20` both mean a space) and re-encoded canonically: sorted
/// by name, values RFC 3986-encoded. Header names are lower-cased, values trimmed; every header
/// in `parts.headers` is signed, plus `host`.
pub fn acs3(credentials: &Credentials, parts: &RequestParts<'_>) -> Signature {
    let (canonical_headers, signed_headers) = canonical_headers(parts, false);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        parts.method,
        parts.path,
        canonical_query(parts.query),
        canonical_headers,
        signed_headers,
        sha256_hex(parts.body)
    );
    let string_to_sign = format!(
        "{ACS3_ALGORITHM}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hex::encode(hmac_sha256(
        credentials.secret().as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{ACS3_ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
        credentials.access_key_id()
    );
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// `name:value\n` lines sorted by name (values of a repeated name joined by `,` in sorted
/// order) and the `;`-joined names.
fn canonical_headers(parts: &RequestParts<'_>, lowercase_values: bool) -> (String, String) {
    let mut entries: Vec<(String, String)> = std::iter::once(("host", parts.host))
        .chain(
            parts
                .headers
                .iter()
                .copied()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("host")),
        )
        .map(|(name, value)| {
            let value = value.trim();
            let value = if lowercase_values {
                value.to_lowercase()
            } else {
                value.to_owned()
            };
            (name.to_ascii_lowercase(), value)
        })
        .collect();
    entries.sort();
    let mut lines = String::new();
    let mut names: Vec<&str> = Vec::with_capacity(entries.len());
    let mut i = 0;
    while i < entries.len() {
        let name = entries[i].0.as_str();
        let values: Vec<&str> = entries[i..]
            .iter()
            .take_while(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        i += values.len();
        lines.push_str(name);
        lines.push(':');
        lines.push_str(&values.join(","));
        lines.push('\n');
        names.push(name);
    }
    (lines, names.join(";"))
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
}
