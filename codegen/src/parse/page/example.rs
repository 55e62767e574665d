//! Example code blocks: what a block is (a request, a JSON body, something else) and the
//! request it describes.

use super::lexicon;
use crate::spec::{Example, ExampleRequest};
use crate::source::SourceFile;

/// An example as the page walk reads it: a title and the request and response code blocks
/// found under it.
pub(crate) struct Draft {
    pub title: String,
    pub request: Option<ExampleRequest>,
    pub response: Option<String>,
    pub line: u32,
}

/// Query parameters of GET examples that are common parameters, not request fields
/// (dropped unless the operation has a field of that name).
const COMMON_QUERY: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
];

/// The operation's examples from the drafts: common parameters dropped from GET queries
/// unless the operation has a request field of that name (`fields`).
pub(crate) fn examples(drafts: Vec<Draft>, fields: &[String], file: &SourceFile) -> Vec<Example> {
    drafts
        .into_iter()
        .map(|d| {
            let request = match d.request {
                Some(ExampleRequest::Query(pairs)) => Some(ExampleRequest::Query(
                    pairs
                        .into_iter()
                        .filter(|(k, _)| !COMMON_QUERY.contains(&k.as_str()) || fields.contains(k))
                        .collect(),
                )),
                other => other,
            };
            Example { title: d.title, request, response: d.response, span: file.span_line(d.line) }
        })
        .collect()
}

/// The body of an example response: the JSON value, without Tencent's `{"Response": ...}`
/// envelope.
pub(crate) fn response_body(text: &str) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    match value {
        serde_json::Value::Object(mut map) if map.len() == 1 && map.contains_key("Response") => map.remove("Response"),
        other => Some(other),
    }
}

/// `text` with two slips of hand-written JSON mended, when that alone makes it parse: commas
/// before a closing bracket (`"LocalName":"China",\n  }`, ROS DescribeRegions; JavaScript
/// allows them, JSON does not), and an opening bracket its closing one contradicts
/// (`"KeyPair":{ { .. } ]`, ECS DescribeKeyPairs: the list is opened with a brace). `None`
/// when there is no such slip or the text still does not parse.
pub(crate) fn mended_json(text: &str) -> Option<String> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let (mut in_string, mut escaped, mut mended) = (false, false, false);
    let mut pending_comma: Option<usize> = None;
    // Where each open bracket is in `out`.
    let mut open: Vec<usize> = Vec::new();
    for c in text.chars() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
            out.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                pending_comma = None;
            }
            ',' => pending_comma = Some(out.len()),
            '{' | '[' => {
                pending_comma = None;
                open.push(out.len());
            }
            '}' | ']' => {
                if let Some(at) = pending_comma.take() {
                    out.remove(at);
                    // No bracket opened after the comma (an opener clears it): the open
                    // positions stand.
                    mended = true;
                }
                if let Some(at) = open.pop() {
                    let wanted = if c == ']' { '[' } else { '{' };
                    if out[at] != wanted {
                        out[at] = wanted;
                        mended = true;
                    }
                }
            }
            c if c.is_whitespace() => {}
            _ => pending_comma = None,
        }
        out.push(c);
    }
    let out: String = out.into_iter().collect();
    (mended && serde_json::from_str::<serde_json::Value>(&out).is_ok()).then_some(out)
}

/// What an example code block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Code {
    /// A request: `https://host/?Action=X&...` (query) or `POST / HTTP/1.1` + headers + JSON
    /// body. `None` when the request has neither a body nor query parameters.
    Request(Option<ExampleRequest>),
    /// A bare JSON value (a response, or a request body under an "Input" heading).
    Json(String),
    /// Anything else (XML, shell, prose).
    Other,
}

/// Classifies a code block as written on the page.
pub(crate) fn classify(text: &str) -> Code {
    // A comment line above the code (`//json response`, KMS 2018) says what it is; it is no
    // part of it.
    let mut text = text.trim_start();
    while text.starts_with("//") {
        text = text.split_once('\n').map_or("", |(_, rest)| rest).trim_start();
    }
    let t = text.trim_matches(['\n', '\r']).trim_end();
    let t_start = t.trim_start();
    let first = t_start.lines().next().unwrap_or("").trim();
    if let Some(path) = lexicon::request_target(first) {
        let mut offset = 0;
        for line in t_start.split_inclusive('\n') {
            let l = line.trim_start();
            if l.starts_with('{') || l.starts_with('[') {
                let body = t_start.get(offset..).unwrap_or("").trim();
                return Code::Request(Some(ExampleRequest::Json(body.to_string())));
            }
            offset += line.len();
        }
        let target = path.split(' ').next().unwrap_or("");
        return match target.split_once('?') {
            Some((_, q)) => Code::Request(Some(ExampleRequest::Query(parse_query(q)))),
            None => Code::Request(None),
        };
    }
    if first.starts_with("HTTP/") {
        // A response with its status line and headers (`HTTP/1.1 200 OK`, `Content-Type: ..`):
        // the JSON body after them, if any.
        let mut offset = 0;
        for line in t_start.split_inclusive('\n') {
            let l = line.trim_start();
            if l.starts_with('{') || l.starts_with('[') {
                return Code::Json(t_start.get(offset..).unwrap_or("").trim().to_string());
            }
            offset += line.len();
        }
        // Status line, headers and body run together on one line, as a scraped page prints
        // them (`HTTP/1.1 200 OK Content-Type:application/json { "RequestId" : .. }`): the
        // body is from the first `{` on, when that is JSON (a header value holds no `{`).
        if let Some(at) = t_start.find('{') {
            let body = t_start[at..].trim();
            if serde_json::from_str::<serde_json::Value>(body).is_ok() || mended_json(body).is_some() {
                return Code::Json(body.to_string());
            }
        }
        return Code::Other;
    }
    if first.starts_with("http://")
        || first.starts_with("https://")
        || first.starts_with("http(s)://")
        || first.contains("?Action=")
        || first.contains("? Action=")
    {
        let query = t_start.split_once('?').map_or("", |(_, q)| q);
        return Code::Request(Some(ExampleRequest::Query(parse_query(query))));
    }
    if t_start.starts_with('{') || t_start.starts_with('[') {
        return Code::Json(t.to_string());
    }
    Code::Other
}

/// `Action=X\n&JobId=dts-1\n&<Common request parameters>` -> `[("Action","X"),("JobId","dts-1")]`:
/// pieces split on `&` and line breaks, placeholders (`<...>`) and pieces without `=`
/// dropped, percent-escapes decoded.
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split(['&', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('<'))
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (percent_decode(k.trim()), percent_decode(v.trim())))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        let escape = match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => Some((h * 16 + l) as u8),
            _ => None,
        };
        if let Some(b) = escape {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Code {
        Code::Request(Some(ExampleRequest::Query(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())))
    }

    #[test]
    fn classifies() {
        assert_eq!(
            classify(
                "https://dts.tencentcloudapi.com/?Action=DeleteMigrateJob\n&JobId=dts-1kl0iy0v\n&<Common request parameters>\n"
            ),
            q(&[("Action", "DeleteMigrateJob"), ("JobId", "dts-1kl0iy0v")])
        );
        assert_eq!(
            classify("POST / HTTP/1.1\nHost: a\nX-TC-Action: A\n<Common request parameters>\n{\n\"A\": 1\n}"),
            Code::Request(Some(ExampleRequest::Json("{\n\"A\": 1\n}".into())))
        );
        assert_eq!(classify("GET /?Action=A&B=x%20y HTTP/1.1\nHost: a"), q(&[("Action", "A"), ("B", "x y")]));
        assert_eq!(classify("POST / HTTP/1.1\nHost: a"), Code::Request(None));
        assert_eq!(classify("{\n  \"a\": 1\n}\n"), Code::Json("{\n  \"a\": 1\n}".into()));
        assert_eq!(classify("<xml/>"), Code::Other);
        assert_eq!(
            classify("HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"A\" : 1\n}\n"),
            Code::Json("{\n  \"A\" : 1\n}".into())
        );
        assert_eq!(classify("HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<A/>"), Code::Other);
        // Alibaba Cloud Config StartConfigurationRecorder: the whole answer on one line.
        assert_eq!(
            classify(
                "\n     HTTP/1.1 200 OK Content-Type:application/json { \"RequestId\" : \"A3601178-A6A2-4636-BE56-1116F73C0B0C\", \"ConfigurationRecorder\" : { \"ResourceTypes\" : [ \"ACS::ECS::Instance\" ], \"AccountId\" : \"123456789\" } } \n   \n"
            ),
            Code::Json(
                "{ \"RequestId\" : \"A3601178-A6A2-4636-BE56-1116F73C0B0C\", \"ConfigurationRecorder\" : { \"ResourceTypes\" : [ \"ACS::ECS::Instance\" ], \"AccountId\" : \"123456789\" } }".into()
            )
        );
        // Its XML twin is no JSON, nor is a body that does not parse.
        assert_eq!(
            classify("HTTP/1.1 200 OK Content-Type:application/xml <StartConfigurationRecorderResponse> <RequestId>A36</RequestId> </StartConfigurationRecorderResponse>"),
            Code::Other
        );
        assert_eq!(classify("HTTP/1.1 200 OK Content-Type:application/json { \"A\" : "), Code::Other);
        assert_eq!(
            classify(
                "http(s)://smc.aliyuncs.com/? Action=DeleteSourceServer\n&SourceId=s-1\n&<Common request parameters>"
            ),
            q(&[("Action", "DeleteSourceServer"), ("SourceId", "s-1")])
        );
        assert_eq!(classify(""), Code::Other);
        // KMS Encrypt (2018): `//json response` above the JSON.
        assert_eq!(
            classify("//json response\n{\n\t\"KeyId\": \"your-key-id\"\n}\n"),
            Code::Json("{\n\t\"KeyId\": \"your-key-id\"\n}".into())
        );
        assert_eq!(classify("// only a comment"), Code::Other);
        // ROS DescribeRegions: a comma before the closing brace of one region.
        let slipped = "{\n  \"Regions\" : [ {\n    \"RegionId\" : \"cn-hangzhou\",\n    \"LocalName\":\"China (Hangzhou)\",\n  }, {\n    \"RegionId\" : \"cn-shanghai\"\n  } ]\n}";
        assert_eq!(
            mended_json(slipped).as_deref(),
            Some("{\n  \"Regions\" : [ {\n    \"RegionId\" : \"cn-hangzhou\",\n    \"LocalName\":\"China (Hangzhou)\"\n  }, {\n    \"RegionId\" : \"cn-shanghai\"\n  } ]\n}")
        );
        // Commas inside strings stay; text without such a comma, or broken otherwise, is none.
        assert_eq!(mended_json("{\"A\": \"x,}\", \"B\": [1, 2,]}").as_deref(), Some("{\"A\": \"x,}\", \"B\": [1, 2]}"));
        assert_eq!(mended_json("{\"A\": 1}"), None);
        assert_eq!(mended_json("{\"A\": 1,, }"), None);
        assert_eq!(mended_json("{\"A\": [1,], \"B\": }"), None);
        // ECS DescribeKeyPairs: a list opened with a brace and closed with a bracket.
        let braced = "{\n\t\"KeyPairs\": {\n\t\t\"KeyPair\":{\n\t\t\t{\n\t\t\t\t\"KeyPairName\": \"test\"\n\t\t\t}\n\t\t]\n\t}\n}";
        assert_eq!(
            mended_json(braced).as_deref(),
            Some("{\n\t\"KeyPairs\": {\n\t\t\"KeyPair\":[\n\t\t\t{\n\t\t\t\t\"KeyPairName\": \"test\"\n\t\t\t}\n\t\t]\n\t}\n}")
        );
        assert_eq!(percent_decode("%E4%B8%AD%"), "中%");
        assert_eq!(percent_decode("%FF"), "%FF");
    }
}
