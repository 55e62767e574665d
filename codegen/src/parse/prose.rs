//! Sentence rules.
//!
//! Every function here takes one sentence (or one table cell) as written on a page and says
//! what it means, or `None` when the rule does not apply. Nothing here knows about files,
//! lines or page layouts: callers split text into sentences ([`split_sentences`]) and attach
//! spans to what comes back.
//!
//! The rules are written against real sentences from Tencent Cloud and Alibaba Cloud pages
//! (English and Chinese); each has a table test below. All matching is done on char
//! boundaries, so any UTF-8 input is safe.

use crate::ir::Rule;

/// Lower-cases ASCII, drops Markdown emphasis and code markers and folds runs of whitespace,
/// so `**Default** API request frequency limit` and `default api request frequency limit`
/// compare equal.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '*' | '`') {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every run of ASCII digits in `s` with its byte range (digits are one byte each, so the
/// ranges are always char boundaries). Runs too long for a `u64` are skipped.
fn numbers(s: &str) -> Vec<(usize, usize, u64)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            // A digit run glued to a letter or a '.' ("v1", "3.0") is not a count.
            let glued_before = start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'.');
            let glued_after = i < bytes.len() && bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            let value = if glued_before || glued_after { None } else { s[start..i].parse::<u64>().ok() };
            if let Some(v) = value {
                out.push((start, i, v));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Splits text into sentences: after `.`, `!`, `?` followed by whitespace, and after the
/// full-width `。`, `！`, `？`. Abbreviations such as `e.g.` do not end a sentence.
/// Pieces are trimmed; empty pieces are dropped.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = i + c.len_utf8();
        let boundary = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                let next_is_space = iter.peek().is_none_or(|&(_, n)| n.is_whitespace());
                next_is_space && !(c == '.' && ends_with_abbreviation(&text[start..i]))
            }
            _ => false,
        };
        if boundary {
            let piece = text[start..end].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let word = word.to_ascii_lowercase();
    matches!(word.as_str(), "e.g" | "i.e" | "etc" | "vs" | "approx" | "eg" | "ie")
}

/// A rate limit in requests per second, from sentences such as
/// "A maximum of 20 requests can be initiated per second for this API." or
/// "Default API request frequency limit: 2 times/second." or "默认接口请求频率限制：20次/秒。".
/// Limits per minute or per hour are not per-second limits and give `None`.
pub fn rate_limit(sentence: &str) -> Option<u32> {
    let s = normalise(sentence);
    const UNIT_AFTER: &[&str] = &[
        "times/second",
        "times/sec",
        "times/s",
        "times per second",
        "time/second",
        "time per second",
        "requests/second",
        "requests/s",
        "requests per second",
        "request/second",
        "request per second",
        "req/s",
        "calls/second",
        "calls per second",
        "queries per second",
        "qps",
        "次/秒",
        "次每秒",
        "次/s",
    ];
    const ZH_BEFORE: &[&str] = &["每秒最多请求", "每秒最多调用", "每秒最多", "每秒请求", "每秒调用"];
    let mentions_second = s.contains("per second") || s.contains("每秒");
    let mentions_requests = s.contains("request") || s.contains("call") || s.contains("api");
    for (start, end, value) in numbers(&s) {
        let before = s[..start].trim_end();
        let after = s[end..].trim_start();
        let hit = UNIT_AFTER.iter().any(|u| after.starts_with(u))
            || (ZH_BEFORE.iter().any(|b| before.ends_with(b)) && after.starts_with('次'))
            || (before.ends_with("maximum of") && mentions_second && mentions_requests && after.starts_with("request"));
        if hit {
            return u32::try_from(value).ok().filter(|v| *v > 0);
        }
    }
    None
}

/// An array length bound, from sentences such as "A maximum of 100 IDs are allowed.",
/// "You can query up to 100 instances at a time." or "每次请求的实例的上限为100。".
/// Bounds on characters, bytes or time ("up to 60 characters") are not array bounds.
pub fn array_limit(sentence: &str) -> Option<Rule> {
    if rate_limit(sentence).is_some() {
        return None;
    }
    let s = normalise(sentence);
    const MAX_BEFORE: &[&str] = &[
        "a maximum of",
        "maximum of",
        "up to",
        "at most",
        "no more than",
        "not more than",
        "cannot exceed",
        "can not exceed",
        "can't exceed",
        "not exceed",
        "must not exceed",
        "上限为",
        "上限是",
        "最多",
        "不超过",
        "不能超过",
    ];
    const MIN_BEFORE: &[&str] = &["at least", "a minimum of", "minimum of", "no less than", "至少", "不少于"];
    const NOT_ITEMS: &[&str] = &[
        "character",
        "byte",
        "char",
        "bit",
        "%",
        "kb",
        "mb",
        "gb",
        "tb",
        "second",
        "minute",
        "hour",
        "day",
        "month",
        "year",
        "ms",
        "字符",
        "字节",
        "秒",
        "分钟",
        "小时",
        "天",
        "个字",
    ];
    let mut min = None;
    let mut max = None;
    for (start, end, value) in numbers(&s) {
        let before = s[..start].trim_end();
        let after = s[end..].trim_start();
        if NOT_ITEMS.iter().any(|u| after.starts_with(u)) {
            continue;
        }
        if max.is_none() && MAX_BEFORE.iter().any(|b| before.ends_with(b)) {
            max = Some(value);
        } else if min.is_none() && MIN_BEFORE.iter().any(|b| before.ends_with(b)) {
            min = Some(value);
        }
    }
    if min.is_none() && max.is_none() {
        return None;
    }
    Some(Rule::Items { min, max })
}

/// What a Finance-region note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceMention {
    /// The example Finance domain given, e.g. `dts.ap-shanghai-fsi.tencentcloudapi.com`.
    pub example_domain: Option<String>,
}

/// A note that the API supports Finance regions, e.g. "Note: This API supports Finance
/// regions. If the common parameter Region is a Finance region, a domain name with the Finance
/// region needs to be specified, for example: dts.ap-shanghai-fsi.tencentcloudapi.com".
/// Takes the whole note (it usually spans several sentences).
pub fn finance_note(text: &str) -> Option<FinanceMention> {
    let s = normalise(text);
    let english = s.contains("finance region") && s.contains("support");
    let chinese = s.contains("金融区") && s.contains("支持");
    if !english && !chinese {
        return None;
    }
    let example_domain = domain_candidates(text).into_iter().find(|d| d.split('.').count() >= 3);
    Some(FinanceMention { example_domain })
}

/// The domain of a domain line: "Domain name for API request: dts.tencentcloudapi.com",
/// "API request domain name: batch.tencentcloudapi.com." or "接口请求域名： cvm.tencentcloudapi.com 。".
/// The trailing full stop is not part of the domain.
pub fn domain_line(sentence: &str) -> Option<String> {
    let s = normalise(sentence);
    if !(s.contains("domain name") || s.contains("域名") || s.contains("endpoint")) {
        return None;
    }
    let (_, rest) = sentence.split_once([':', '：'])?;
    let rest = rest.trim().trim_end_matches(['.', '。', ' ']).trim();
    let rest = rest.trim_matches('`');
    is_domain(rest).then(|| rest.to_ascii_lowercase())
}

/// Maximal runs of domain characters that look like a host name (at least one dot, a
/// letter in the last label).
fn domain_candidates(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| is_domain(w))
        .map(str::to_ascii_lowercase)
        .collect()
}

fn is_domain(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && s.split('.').count() >= 2
        && s.split('.').all(|l| !l.is_empty())
        && s.rsplit('.').next().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Whether a parameter description marks a common parameter: "Common parameter. ...",
/// "Common parameters; ...", "Common Params. ...", "公共参数，...".
pub fn is_common_param(description: &str) -> bool {
    let s = normalise(description);
    s.starts_with("common param") || s.starts_with("公共参数")
}

/// The value a common-parameter row gives for this API: "Common parameter. The value used
/// for this API: DeleteMigrateJob" -> `DeleteMigrateJob`; "...: 2020-10-28." -> `2020-10-28`;
/// "公共参数，本接口取值：DescribeInstances。" -> `DescribeInstances`.
pub fn api_value(description: &str) -> Option<String> {
    let s = normalise(description);
    if !(s.contains("this api") || s.contains("本接口")) {
        return None;
    }
    let (_, rest) = description.rsplit_once([':', '：'])?;
    let value = rest.trim().trim_end_matches(['.', '。']).trim().trim_matches('`');
    let ok = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| value.to_string())
}

/// Page chrome and section preambles that say nothing about the operation: "The following
/// request parameter list only provides API request parameters...", "See Error Codes for a
/// complete list.", "本页内容是否解决了您的问题?", ...
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = normalise(sentence);
    const EXACT: &[&str] =
        &["all products", "search", "document center", "test", "try it now", "feedback", "on this page"];
    const PREFIX: &[&str] = &[
        "last updated:",
        "last updated：",
        "本页内容是否解决了您的问题",
        "the following request parameter list",
        "the following list of request parameters",
        "the following only lists the error codes",
        "only the error codes related to this api",
        "see error codes for a complete list",
        "see release notes for a complete list",
        "tencentcloud api 3.0 integrates sdks",
        "cloud api 3.0 comes with",
        "try this api in openapi explorer",
        "以下请求参数列表仅列出了接口请求参数",
        "以下仅列出了接口业务逻辑相关的错误码",
    ];
    EXACT.contains(&s.as_str()) || PREFIX.iter().any(|p| s.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits() {
        let cases: &[(&str, Option<u32>)] = &[
            ("A maximum of 20 requests can be initiated per second for this API.", Some(20)),
            ("Default API request frequency limit: 2 times/second.", Some(2)),
            ("The API request frequency limit is 10 times/second", Some(10)),
            ("The API request frequency limit is 10 times per second.", Some(10)),
            ("This API supports 20 requests per second.", Some(20)),
            ("单个API每秒最多请求20次", Some(20)),
            ("默认接口请求频率限制：20次/秒。", Some(20)),
            ("Default API request frequency limit: 100 times/minute.", None),
            ("A maximum of 100 IDs are allowed.", None),
            ("This API is used to delete a data migration task.", None),
            ("Cloud API 3.0 comes with the following development tools.", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(rate_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn array_limits() {
        let max = |n| Some(Rule::Items { min: None, max: Some(n) });
        let cases: &[(&str, Option<Rule>)] = &[
            ("A maximum of 100 IDs are allowed.", max(100)),
            ("You can query up to 100 instances at a time.", max(100)),
            ("每次请求的实例的上限为100。", max(100)),
            ("Up to 50 tags can be specified, at least 1.", Some(Rule::Items { min: Some(1), max: Some(50) })),
            ("The name can contain up to 60 characters.", None),
            ("A maximum of 20 requests can be initiated per second for this API.", None),
            ("Instance ID list.", None),
            ("Supported instance types:CVM LIGHTHOUSE", None),
        ];
        for (s, want) in cases {
            assert_eq!(array_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn finance_notes() {
        let cases: &[(&str, Option<Option<&str>>)] = &[
            (
                "Note: This API supports Finance regions. If the common parameter Region is a Finance region, a domain name with the Finance region needs to be specified, for example: dts.ap-shanghai-fsi.tencentcloudapi.com",
                Some(Some("dts.ap-shanghai-fsi.tencentcloudapi.com")),
            ),
            (
                "注意：本接口支持金融区地域。由于金融区和非金融区是隔离不互通的，因此当公共参数 Region 为金融区地域（例如 ap-shanghai-fsi）时，需要同时指定带金融区地域的域名，最好和 Region 的地域保持一致，例如：clb.ap-shanghai-fsi.tencentcloudapi.com。",
                Some(Some("clb.ap-shanghai-fsi.tencentcloudapi.com")),
            ),
            ("This API supports Finance regions.", Some(None)),
            ("Domain name for API request: dts.tencentcloudapi.com", None),
        ];
        for (s, want) in cases {
            let got = finance_note(s).map(|f| f.example_domain);
            assert_eq!(got.as_ref().map(|d| d.as_deref()), *want, "{s}");
        }
    }

    #[test]
    fn domain_lines() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Domain name for API request: dts.tencentcloudapi.com", Some("dts.tencentcloudapi.com")),
            ("API request domain name: batch.tencentcloudapi.com.", Some("batch.tencentcloudapi.com")),
            ("Domain name for API request: tat.intl.tencentcloudapi.com.", Some("tat.intl.tencentcloudapi.com")),
            ("接口请求域名： cvm.tencentcloudapi.com 。", Some("cvm.tencentcloudapi.com")),
            ("Note: a domain name with the Finance region needs to be specified, for example: x", None),
            ("This API is used to terminate a job.", None),
        ];
        for (s, want) in cases {
            assert_eq!(domain_line(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn common_params() {
        let cases: &[(&str, bool, Option<&str>)] = &[
            ("Common parameter. The value used for this API: DeleteMigrateJob", true, Some("DeleteMigrateJob")),
            ("Common parameter; the value for this API: 2017-03-12", true, Some("2017-03-12")),
            ("Common Params. The value used for this API: CancelInvocation.", true, Some("CancelInvocation")),
            ("Common Params. The value used for this API: 2020-10-28.", true, Some("2020-10-28")),
            ("Common parameters; for details, see the Region List supported by the product.", true, None),
            ("公共参数，本接口取值：DescribeInstances。", true, Some("DescribeInstances")),
            ("ID of a data migration task", false, None),
        ];
        for (s, common, value) in cases {
            assert_eq!(is_common_param(s), *common, "{s}");
            assert_eq!(api_value(s).as_deref(), *value, "{s}");
        }
    }

    #[test]
    fn sentences() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Instance ID list. A maximum of 100 IDs are allowed. Supported instance types:CVM LIGHTHOUSE",
                &["Instance ID list.", "A maximum of 100 IDs are allowed.", "Supported instance types:CVM LIGHTHOUSE"],
            ),
            ("Use e.g. ins-1 here. Version 3.0 is used.", &["Use e.g. ins-1 here.", "Version 3.0 is used."]),
            ("本接口支持金融区地域。例如：a.b.com。", &["本接口支持金融区地域。", "例如：a.b.com。"]),
            ("", &[]),
        ];
        for (s, want) in cases {
            assert_eq!(split_sentences(s), *want, "{s}");
        }
    }

    #[test]
    fn boilerplate() {
        assert!(is_boilerplate("本页内容是否解决了您的问题?"));
        assert!(is_boilerplate("Last Updated:Sep 08, 2025"));
        assert!(is_boilerplate(
            "The following request parameter list only provides API request parameters and some common parameters."
        ));
        assert!(!is_boilerplate("This API is used to terminate a job."));
    }
}
