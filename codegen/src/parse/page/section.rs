//! Section headings: which part of an operation a heading starts.

/// The part of a page a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Before any heading (headingless pages keep this until their first table).
    Preamble,
    Description,
    Request,
    Response,
    Errors,
    Examples,
    /// A known section with nothing for the IR (developer resources, RAM authorization,
    /// release notes, "Try it now"): skipped knowingly.
    Skipped,
    /// An unknown heading (already warned about).
    Unknown,
}

/// A heading below a section: what the next code block of an example is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sub {
    Input,
    Output,
    /// "JSON format": the output follows, as JSON.
    Json,
    /// "XML format": an XML rendering of the output, not kept.
    Xml,
    /// "Sample error responses": an error response, not kept (the error envelope is the
    /// cloud's, not the operation's).
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    Section(Section),
    Sub(Sub),
}

/// What the expected headings are, for notes on unknown ones.
pub(crate) const EXPECTED_HEADINGS: &str = "one of: API Description, Input Parameters / Request parameters, \
     Output Parameters / Response elements, Error Codes, Examples (with Input/Output example), \
     Developer Resources / Other Resources";

/// A heading's text without its attribute block (`## 返回数据 {#resultMapping .section}`,
/// `## Errors { .section}`), as written otherwise.
pub(crate) fn without_attributes(text: &str) -> &str {
    match text.trim_end().strip_suffix('}').and_then(|t| t.rsplit_once(" {")) {
        // `## Errors { .section}` (RAM 2019) puts a space before the class.
        Some((before, attrs)) if attrs.trim_start().starts_with(['#', '.']) => before.trim_end(),
        _ => text.trim_end(),
    }
}

/// Whether an example part's heading names an example (`Sample requests`, `Request
/// example`), not a part of the page that merely says `Request` or `Output`.
pub(crate) fn names_an_example(text: &str) -> bool {
    let h = normalise_heading(text);
    h.contains("sample") || h.contains("example") || h.contains("示例")
}

/// Heading text without numbering (`1. `, `2、`), emphasis and a trailing colon or full stop,
/// lower-cased.
pub(crate) fn normalise_heading(text: &str) -> String {
    // `## 返回数据 {#resultMapping .section}`: the attribute block is not part of the title.
    let text = without_attributes(text);
    let text = text.replace('`', "");
    let t = text.trim().trim_matches(['*', '_', ' ']).trim();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = t.trim_start_matches(['.', '、', ')', ' ']);
    // `## Error codes.` (WAF 2019): the full stop is no part of the title either.
    let t = t.trim_end_matches([':', '：', '.', '。', ' ']);
    t.to_lowercase()
}

/// Classifies a heading; `None` for headings this importer does not know. A heading of
/// several words that are plurals of a known heading's is that heading (`Errors codes`,
/// Cloud Config 2019); a single word is not singularised, as a lone `Requests` or `Outputs`
/// line of scraped text may be a table cell.
pub(crate) fn classify(text: &str) -> Option<HeadingKind> {
    let h = normalise_heading(text);
    known_heading(&h).or_else(|| {
        if !h.contains(' ') {
            return None;
        }
        let singular: Vec<&str> = h.split(' ').map(|word| if word.len() > 3 { word.strip_suffix('s').unwrap_or(word) } else { word }).collect();
        known_heading(&singular.join(" "))
    })
}

/// The headings this importer knows, normalised ([`normalise_heading`]).
fn known_heading(h: &str) -> Option<HeadingKind> {
    use HeadingKind::{Section as S, Sub as U};
    let kind = match h {
        "api description"
        | "description"
        | "operation description"
        | "interface description"
        | "接口描述"
        | "功能描述"
        | "接口说明"
        | "qps limits"
        | "qps limit"
        | "limits"
        | "api qps limits"
        | "limits on qps"
        | "流控"
        | "qps限制"
        | "qps 限制"
        | "precautions"
        | "prerequisites"
        | "prerequisite"
        | "descriptions"
        | "注意事项" => S(Section::Description),
        "input parameters" | "request parameters" | "input parameter" | "request parameter" | "输入参数"
        | "请求参数" => S(Section::Request),
        "output parameters"
        | "output parameter"
        | "response parameters"
        | "response elements"
        | "response parameter"
        | "return parameters"
        | "输出参数"
        | "返回参数"
        | "返回数据" => S(Section::Response),
        // VOD's `Common errors`: "the common errors that this operation can return".
        "error codes" | "error code" | "errors" | "error messages" | "common errors" | "common error codes" | "错误码" => {
            S(Section::Errors)
        }
        "example" | "examples" | "operation examples" | "sample" | "samples" | "示例" | "调用示例" | "请求示例" => {
            S(Section::Examples)
        }
        "other resources"
        | "developer resources"
        | "resources for developers"
        | "api explorer"
        | "sdk"
        | "sdk examples"
        | "sdk example"
        | "tccli"
        | "command line tools"
        | "command line tool"
        | "开发者资源"
        | "try it now"
        | "test"
        | "ram authorization"
        | "required permissions"
        | "授权信息"
        | "authorization information"
        | "requirements for authorization"
        | "request syntax"
        | "请求语法"
        | "release notes"
        | "changelog"
        | "debugging"
        | "debug"
        | "调试"
        | "更新日志" => S(Section::Skipped),
        "input example" | "input" | "request example" | "request" | "输入示例" | "sample request"
        | "sample requests" | "input sample code" | "input sample" => U(Sub::Input),
        "output example"
        | "output"
        | "response example"
        | "return example"
        | "response"
        | "success response"
        | "输出示例"
        | "返回示例"
        | "正常返回示例"
        | "sample success response"
        | "sample success responses"
        | "sample response"
        | "sample responses"
        | "output sample code"
        | "output sample" => U(Sub::Output),
        "sample error response"
        | "sample error responses"
        | "error response example"
        | "异常返回示例"
        | "错误返回示例" => U(Sub::Error),
        "json format" | "json 格式" | "json格式" => U(Sub::Json),
        "xml format" | "xml 格式" | "xml格式" => U(Sub::Xml),
        _ => return None,
    };
    Some(kind)
}

/// A known heading on a line of its own (scraped text, where nothing else marks headings):
/// short, not a table row.
pub(crate) fn line_heading(t: &str) -> Option<HeadingKind> {
    if t.chars().count() > 60 || t.contains('|') {
        return None;
    }
    classify(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let cases: &[(&str, Option<HeadingKind>)] = &[
            ("1. API Description", Some(HeadingKind::Section(Section::Description))),
            ("**2. Input Parameters**", Some(HeadingKind::Section(Section::Request))),
            ("3. Output Parameters", Some(HeadingKind::Section(Section::Response))),
            ("6. Error Codes", Some(HeadingKind::Section(Section::Errors))),
            ("4. Examples", Some(HeadingKind::Section(Section::Examples))),
            ("5. Developer Resources", Some(HeadingKind::Section(Section::Skipped))),
            ("Response elements", Some(HeadingKind::Section(Section::Response))),
            ("Input example", Some(HeadingKind::Sub(Sub::Input))),
            ("Output", Some(HeadingKind::Sub(Sub::Output))),
            ("JSON format", Some(HeadingKind::Sub(Sub::Json))),
            // RAM 2019 pages: an OpenAPI Explorer link, and the error section as a link to
            // the API Error Center.
            ("Debug {#apiExplorer .section}", Some(HeadingKind::Section(Section::Skipped))),
            ("Errors { .section}", Some(HeadingKind::Section(Section::Errors))),
            // ECS 2019: notes on the operation before its parameters.
            ("Precautions {#section_llg_xtg_cgb .section}", Some(HeadingKind::Section(Section::Description))),
            // RAM's 2018 pages (ChangePassword, DetachPolicyFromUser).
            ("Return parameters", Some(HeadingKind::Section(Section::Response))),
            // Tencent CAM and CDN pages (2020): `## 4. Sample`, `#### Input Sample Code`,
            // `#### Output Sample Code`; MariaDB's `## 5. Resources for Developers` and the
            // developer resources' own sub-headings.
            ("4. Sample", Some(HeadingKind::Section(Section::Examples))),
            ("Input Sample Code", Some(HeadingKind::Sub(Sub::Input))),
            ("Output Sample Code", Some(HeadingKind::Sub(Sub::Output))),
            ("5. Resources for Developers", Some(HeadingKind::Section(Section::Skipped))),
            ("API Explorer", Some(HeadingKind::Section(Section::Skipped))),
            ("Command line tools", Some(HeadingKind::Section(Section::Skipped))),
            ("TCCLI", Some(HeadingKind::Section(Section::Skipped))),
            // Kafka UpgradeInstanceVersion.
            ("Limits on QPS", Some(HeadingKind::Section(Section::Description))),
            ("Requirements for authorization", Some(HeadingKind::Section(Section::Skipped))),
            ("Error messages", Some(HeadingKind::Section(Section::Errors))),
            // Cloud Config PutDeliveryChannel and WAF DeleteAclRule (2019-2021): a plural slip
            // and a full stop.
            ("Errors codes", Some(HeadingKind::Section(Section::Errors))),
            // VOD GetVideoPlayAuth (2021): codes of this operation under `Common errors`, and
            // `SDK examples` after them; Smart Access Gateway's `Prerequisites` and VPC's
            // `Descriptions` before the parameters say what the operation needs.
            ("Common errors", Some(HeadingKind::Section(Section::Errors))),
            ("SDK examples", Some(HeadingKind::Section(Section::Skipped))),
            ("Prerequisites", Some(HeadingKind::Section(Section::Description))),
            ("Descriptions", Some(HeadingKind::Section(Section::Description))),
            ("Error codes.", Some(HeadingKind::Section(Section::Errors))),
            ("Operation examples", Some(HeadingKind::Section(Section::Examples))),
            ("Required permissions", Some(HeadingKind::Section(Section::Skipped))),
            ("Return example", Some(HeadingKind::Sub(Sub::Output))),
            ("Example 1 Delete a data migration task", None),
            ("Something else", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), *want, "{text}");
        }
    }
}
