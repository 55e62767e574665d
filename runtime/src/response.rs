//! Reading answers: the raw response, the success object, and [`parse`], which hands the
//! body to the service's declared [`Envelope`] (the readers live in
//! [`crate::protocol::tencent`] and [`crate::protocol::alibaba_rpc`]).
//!
//! The body decides, not the `Content-Type` (tencentcloud-sdk-python takes an error body sent
//! as `application/json; charset=utf-8` for a success; this runtime does not). Unknown fields
//! are ignored.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Diagnosis, Error, GenericError, ServiceError};
use crate::json::{self, JsonDecode};
use crate::service::Envelope;

/// A received response, body complete.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    /// From `x-acs-retry-after` (milliseconds) or `Retry-After` (seconds).
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// The header Alibaba answers carry their request id in, beside the body's `RequestId`.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// Reads a retry hint from response headers.
pub fn retry_after_hint<'a>(mut header: impl FnMut(&str) -> Option<&'a str>) -> Option<Duration> {
    if let Some(ms) = header("x-acs-retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// An answer that is not an error: the inner success object (Tencent's `Response`,
/// Alibaba's body) and its request id.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    pub status: u16,
    pub value: Value,
    pub request_id: Option<String>,
}

impl Success {
    /// The success object as the operation's response type.
    pub fn decode<T: JsonDecode, E>(self) -> Result<T, Error<E>> {
        json::from_answer_value(&self.value).map_err(|e| Error::MalformedResponse {
            status: self.status,
            reason: format!("does not match the response type: {e}"),
            body: snippet_of_value(&self.value),
            request_id: self.request_id,
        })
    }
}

/// Reads `raw` as `envelope` says. Service errors carry [`GenericError`] (the wire code);
/// the caller maps them to the operation's enum with [`Error::with_kind`], so this code is
/// compiled once rather than once per operation.
pub fn parse(envelope: Envelope, raw: &RawResponse) -> Result<Success, Error<GenericError>> {
    if let Some(read) = envelope.parse_usual(raw) {
        return read;
    }
    parse_value(envelope, raw)
}

/// [`parse`] through a `serde_json::Value` of the whole body: every answer that is not the
/// envelope's usual shape, and errors.
fn parse_value(envelope: Envelope, raw: &RawResponse) -> Result<Success, Error<GenericError>> {
    let json: Result<Value, _> = serde_json::from_slice(&raw.body);
    let success = (200..300).contains(&raw.status);
    let value = match json {
        Ok(value) => value,
        Err(_) if !success => return Err(unexpected(raw)),
        Err(e) => return Err(malformed(raw, None, format!("invalid JSON: {e}"))),
    };
    envelope.parse(raw, value)
}

pub(crate) fn not_an_object() -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom("a request must serialise to a JSON object")
}

pub(crate) fn service_error(
    raw: &RawResponse,
    fields: &Value,
    request_id: Option<String>,
) -> Error<GenericError> {
    let code = member_text(fields, "Code").unwrap_or_default();
    let message = member_text(fields, "Message").unwrap_or_default();
    let mut error = ServiceError::new(&code, message, request_id, raw.status, raw.retry_after);
    // Alibaba's diagnosis members; a Tencent error object has neither.
    let diagnosis = Diagnosis {
        recommend: member_text(fields, "Recommend").filter(|link| !link.is_empty()),
        access_denied_detail: fields
            .get("AccessDeniedDetail")
            .filter(|detail| detail.as_object().is_some_and(|members| !members.is_empty()))
            .map(Value::to_string),
    };
    if diagnosis != Diagnosis::default() {
        error.diagnosis = Some(Box::new(diagnosis));
    }
    Error::Service(error)
}

pub(crate) fn string_field(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// A text member of an error answer by its name (`Code`), else by the same name starting in
/// lower case (`code`): the official Alibaba SDKs read both spellings, which some gateways
/// and services answer with.
pub(crate) fn member_text(value: &Value, name: &str) -> Option<String> {
    string_field(value, name).or_else(|| {
        let mut lower = name.to_owned();
        lower[..1].make_ascii_lowercase();
        string_field(value, &lower)
    })
}

const SNIPPET: usize = 512;

/// The start of a body for an error message, with the values of members whose names say they
/// are secret (`AccessKeySecret`, `SecurityToken`, `TmpSecretKey`, `Password`, `PrivateKeyBody`,
/// ...) replaced by `<redacted>`: an answer that does not read as expected may still be one
/// that carries credentials (STS, `CreateAccessKey`), and errors end up in logs.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let redacted = match serde_json::from_str::<Value>(&text) {
        Ok(mut value) => {
            let _ = redact(&mut value);
            value.to_string()
        }
        // Not JSON (cut short, or a gateway's page): the members it does show, by their text.
        Err(_) => redact_text(&text),
    };
    let mut shown: String = redacted.chars().take(SNIPPET).collect();
    if redacted.chars().nth(SNIPPET).is_some() {
        shown.push('…');
    }
    shown
}

/// [`snippet`] of a value already parsed.
pub(crate) fn snippet_of_value(value: &Value) -> String {
    let mut value = value.clone();
    let _ = redact(&mut value);
    snippet(value.to_string().as_bytes())
}

/// Whether a member's name says its value is secret; an id is not (`TmpSecretId`, like
/// `AccessKeyId`, goes out in every signed request's `Authorization`), nor are the tokens
/// that are no credential (`NextToken` pages, `ClientToken` makes a call idempotent).
pub(crate) fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    !name.ends_with("id")
        && !["nexttoken", "clienttoken", "pagetoken"].iter().any(|plain| name.ends_with(plain))
        && ["secret", "token", "password", "passwd", "privatekey", "assertion"].iter().any(|word| name.contains(word))
}

const REDACTED: &str = "<redacted>";

/// Replaces the values of secret members, at any depth; whether it replaced any.
pub(crate) fn redact(value: &mut Value) -> bool {
    let mut replaced = false;
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if is_secret_name(name) && !member.is_null() {
                    *member = Value::String(REDACTED.to_owned());
                    replaced = true;
                } else {
                    replaced |= redact(member);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                replaced |= redact(item);
            }
        }
        _ => {}
    }
    replaced
}

/// The text with the value after each `"<secret name>":` replaced (a string, a number, or a
/// whole list or object), read as JSON tokens are (strings with their escapes), up to the end
/// of the text: a body cut short may end inside the secret, which is then replaced up to the
/// end.
pub(crate) fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The last string seen, while nothing but blanks followed it; and whether a secret
    // member's name and its colon were just seen.
    let mut last: Option<&str> = None;
    let mut secret_next = false;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if c == '"' {
            let content = &text[i + 1..];
            let mut escaped = false;
            let close = content.char_indices().find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            });
            let Some((len, _)) = close else {
                out.push_str(if secret_next { "\"<redacted>" } else { &text[i..] });
                return out;
            };
            if secret_next {
                out.push_str("\"<redacted>\"");
            } else {
                out.push_str(&text[i..i + len + 2]);
            }
            secret_next = false;
            last = Some(&content[..len]);
            i += len + 2;
            continue;
        }
        if secret_next && (c == '[' || c == '{') {
            // A secret member whose value is a list or an object (`"Passwords": ["a"]`): the
            // whole value, to its matching bracket, strings skipped.
            match balanced_end(&text[i..]) {
                Some(len) => {
                    out.push_str("\"<redacted>\"");
                    secret_next = false;
                    last = None;
                    i += len;
                    continue;
                }
                None => {
                    out.push_str("\"<redacted>");
                    return out;
                }
            }
        }
        if secret_next && !c.is_whitespace() && c != ':' {
            // A number, `true`, `false` or `null`: up to the next separator.
            let len = text[i..].find([',', '}', ']']).unwrap_or(text.len() - i);
            out.push_str("\"<redacted>\"");
            secret_next = false;
            last = None;
            i += len;
            continue;
        }
        if c == ':' {
            secret_next = last.is_some_and(is_secret_name);
        } else if !c.is_whitespace() {
            secret_next = false;
        }
        if !c.is_whitespace() {
            last = None;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The length of the JSON list or object `text` starts with, to its matching bracket
/// (brackets inside strings skipped); `None` when the text ends before it closes.
fn balanced_end(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (at, c) in text.char_indices() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn malformed<E>(raw: &RawResponse, request_id: Option<String>, reason: String) -> Error<E> {
    Error::MalformedResponse {
        status: raw.status,
        request_id,
        reason,
        body: snippet(&raw.body),
    }
}

pub(crate) fn unexpected<E>(raw: &RawResponse) -> Error<E> {
    Error::UnexpectedResponse {
        status: raw.status,
        content_type: raw.content_type.clone(),
        body: snippet(&raw.body),
        retry_after: raw.retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer quoted in an error never shows a secret: Alibaba STS `AssumeRole`'s
    /// `Credentials` (its documented sample answer), Tencent's `TmpSecretKey` and `Token`, ECS
    /// `CreateKeyPair`'s `PrivateKeyBody`; parsed or cut short, escapes included. The rest of
    /// the answer, the ids included, stays as it was to say what came back.
    #[test]
    fn secrets_in_a_quoted_answer_are_redacted() {
        let sts = r#"{"RequestId":"6894B13B-6D71-4EF5-88FA-F32781734A7F","Credentials":{"SecurityToken":"********","Expiration":"2015-04-09T11:52:19Z","AccessKeySecret":"wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****","AccessKeyId":"STS.L4aBSCSJVMuKg5U1****"}}"#;
        let shown = snippet(sts.as_bytes());
        assert!(!shown.contains("wyLTSms") && !shown.contains("********"), "{shown}");
        assert!(shown.contains(r#""AccessKeySecret":"<redacted>""#) && shown.contains("STS.L4aBSCSJVMuKg5U1"), "{shown}");
        // Cut short, the same answer is read by its text: the secret that is cut is hidden up
        // to the end.
        let cut = &sts[..sts.find("GI8KM").unwrap()];
        assert!(snippet(cut.as_bytes()).ends_with(r#""AccessKeySecret":"<redacted>"#), "{}", snippet(cut.as_bytes()));
        let tencent = r#"{"Credentials": {"Token": "tok\"en", "TmpSecretId": "AKID1", "TmpSecretKey" : "key1"}, "Note": "a \"quoted\" word", "ExpiredTime": 1"#;
        let shown = snippet(tencent.as_bytes());
        assert_eq!(
            shown,
            r#"{"Credentials": {"Token": "<redacted>", "TmpSecretId": "AKID1", "TmpSecretKey" : "<redacted>"}, "Note": "a \"quoted\" word", "ExpiredTime": 1"#
        );
        let key_pair = serde_json::json!({"KeyPairName": "k1", "PrivateKeyBody": "-----BEGIN RSA PRIVATE KEY-----\nMIIE", "Password": null});
        let shown = snippet_of_value(&key_pair);
        assert!(shown.contains(r#""PrivateKeyBody":"<redacted>""#) && shown.contains(r#""Password":null"#), "{shown}");
        // A page that is not JSON at all is quoted as it is.
        assert_eq!(snippet(b"<html>502 Bad Gateway</html>"), "<html>502 Bad Gateway</html>");
        // Tokens that are no credential stay: a list's `NextToken` (Alibaba `ListUsers`) and
        // a call's idempotency `ClientToken` say which page and which call it was.
        let page = r#"{"ClientToken":"0c593ea1-3bea-11e9-b96b-88e9fe637760","IsTruncated":true,"NextToken":"EXAMPLE-page-2"}"#;
        assert_eq!(snippet(page.as_bytes()), page);
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    /// An Alibaba error body spelled in lower camel case (`code`, `message`, `requestId`, as
    /// some gateways answer and the official SDKs read) is the service's error, not an
    /// unexpected answer: a throttling code in it is retried like any other.
    #[test]
    fn an_error_body_in_lower_camel_case_is_the_services_error() {
        let answer = raw(400, r#"{"code":"Throttling.User","message":"Request was denied due to user flow control.","requestId":"2C3FA9C1"}"#);
        match parse(Envelope::AlibabaRpc, &answer) {
            Err(Error::Service(e)) => {
                assert_eq!((e.code(), e.message.as_str(), e.request_id.as_deref()), ("Throttling.User", "Request was denied due to user flow control.", Some("2C3FA9C1")));
            }
            other => panic!("{other:?}"),
        }
        // The usual spelling wins when both are there.
        let both = raw(400, r#"{"Code":"InvalidParameter","code":"Other","Message":"m","RequestId":"R"}"#);
        let Err(Error::Service(e)) = parse(Envelope::AlibabaRpc, &both) else { panic!("a service error") };
        assert_eq!(e.code(), "InvalidParameter");
    }

    /// A RAM denial, shaped as Alibaba answers it (ECS `DescribeInstances` by a RAM user
    /// without the permission): its troubleshooting link and its `AccessDeniedDetail` are
    /// kept on the error; a Tencent error, which has neither, leaves both `None`.
    #[test]
    fn an_alibaba_denial_keeps_its_recommend_link_and_access_denied_detail() {
        let body = r#"{"RequestId":"7F0A5C1E-2C3B-4D6E-8F90-0123456789AB","HostId":"ecs.aliyuncs.com","Code":"Forbidden.RAM","Message":"User not authorized to operate on the specified resource, or this API doesn't support RAM.","Recommend":"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=Ecs&requestId=7F0A5C1E-2C3B-4D6E-8F90-0123456789AB","AccessDeniedDetail":{"AuthAction":"ecs:DescribeInstances","AuthPrincipalDisplayName":"dev-user","AuthPrincipalOwnerId":"1234567890123456","AuthPrincipalType":"SubUser","NoPermissionType":"ImplicitDeny","PolicyType":"AccountLevelIdentityBasedPolicy"}}"#;
        let Err(Error::Service(e)) = parse(Envelope::AlibabaRpc, &raw(403, body)) else { panic!("a service error") };
        assert_eq!(e.code(), "Forbidden.RAM");
        assert_eq!(
            e.recommend(),
            Some("https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=Ecs&requestId=7F0A5C1E-2C3B-4D6E-8F90-0123456789AB")
        );
        let detail: Value = serde_json::from_str(e.access_denied_detail().expect("the detail is kept")).expect("JSON text");
        assert_eq!(detail["AuthAction"], "ecs:DescribeInstances");
        assert_eq!(detail["NoPermissionType"], "ImplicitDeny");
        // Empty members say nothing and are left out.
        let empty = raw(400, r#"{"RequestId":"R","Code":"InvalidParameter","Message":"m","Recommend":"","AccessDeniedDetail":{}}"#);
        let Err(Error::Service(e)) = parse(Envelope::AlibabaRpc, &empty) else { panic!("a service error") };
        assert_eq!((e.recommend(), e.access_denied_detail()), (None, None));
        let tencent = raw(200, r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m"},"RequestId":"r1"}}"#);
        let Err(Error::Service(e)) = parse(Envelope::TencentResponse, &tencent) else { panic!("a service error") };
        assert_eq!((e.recommend(), e.access_denied_detail()), (None, None));
        // A test double sets them as an answer would.
        let double = ServiceError::<GenericError>::from_code("Forbidden.RAM", "m").with_recommend("https://api.aliyun.com/troubleshoot").with_access_denied_detail(r#"{"AuthAction":"ecs:DescribeInstances"}"#);
        assert_eq!((double.recommend(), double.access_denied_detail()), (Some("https://api.aliyun.com/troubleshoot"), Some(r#"{"AuthAction":"ecs:DescribeInstances"}"#)));
    }

    #[test]
    fn retry_hints() {
        let headers = [("x-acs-retry-after", "1500"), ("retry-after", "7")];
        let find = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(retry_after_hint(find), Some(Duration::from_millis(1500)));
        let find = |name: &str| {
            headers[1..]
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| *v)
        };
        assert_eq!(retry_after_hint(find), Some(Duration::from_secs(7)));
        assert_eq!(retry_after_hint(|_| Some("soon")), None);
    }

    #[test]
    fn schema_mismatch_is_malformed_with_request_id() {
        #[derive(Debug)]
        struct Typed {
            _count: u32,
        }
        impl JsonDecode for Typed {
            fn decode_json(value: &Value, path: &json::JsonPath<'_>) -> Result<Self, json::DecodeError> {
                let object = json::ObjectReader::new(value, path)?;
                Ok(Typed { _count: object.required("Count")? })
            }
        }
        let success = parse(
            Envelope::TencentResponse,
            &raw(200, r#"{"Response":{"Count":"x","RequestId":"r1"}}"#),
        )
        .unwrap();
        assert_eq!(success.request_id.as_deref(), Some("r1"));
        match success.decode::<Typed, GenericError>() {
            Err(Error::MalformedResponse {
                status: 200,
                request_id,
                reason,
                ..
            }) => {
                assert_eq!(request_id.as_deref(), Some("r1"));
                assert_eq!(
                    reason,
                    "does not match the response type: Count: expected an integer, found a string"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// The usual answer read straight from the body reads as the parsed body does, and
    /// whatever is not that shape is left to the parsed body.
    #[test]
    fn the_usual_answer_reads_as_the_parsed_body_does() {
        let bodies = [
            r#"{"Response":{"RequestId":"r","A":[1,{"b":null}],"C":"\u00e9"}}"#,
            r#" {"Other":[1],"Response":{"Error":{"Code":"C","Message":"m"},"RequestId":"r"}}"#,
            r#"{"Response":{"Error":{"Code":7},"RequestId":7}}"#,
            r#"{"Response":[1]}"#,
            r#"{"Response":null}"#,
            r#"[{"Response":{}}]"#,
            r#"{"Response":{},"Response":{"RequestId":"x"}}"#,
            r#"{"Response":{}} x"#,
            r#"{"RequestId":"r"}"#,
            "",
            "null",
            "{",
        ];
        for status in [200, 404, 500] {
            for body in bodies {
                let raw = raw(status, body);
                let usual = format!("{:?}", parse(Envelope::TencentResponse, &raw));
                assert_eq!(usual, format!("{:?}", parse_value(Envelope::TencentResponse, &raw)), "{status} {body}");
            }
        }
    }

    #[test]
    fn envelope_edge_cases() {
        // Tencent error bodies on a non-200 status are still service errors.
        let err = parse(
            Envelope::TencentResponse,
            &raw(
                502,
                r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#,
            ),
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Service(e) if e.http_status == 502 && e.code() == "InternalError"),
            "{err:?}"
        );
        // JSON without the envelope.
        let err = parse(Envelope::TencentResponse, &raw(200, r#"{"RequestId":"r"}"#)).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
        // Alibaba error status with JSON that is not an API error.
        let err = parse(Envelope::AlibabaRpc, &raw(502, r#"{"message":"bad gateway"}"#)).unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedResponse { status: 502, .. }),
            "{err:?}"
        );
        let err = parse(Envelope::AlibabaRpc, &raw(200, "[1]")).unwrap_err();
        assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    }
}
