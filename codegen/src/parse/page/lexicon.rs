//! The marks and words every page reader looks for, one definition each: punctuation that
//! joins or ends text, API action names, code fences, ATX headings, HTTP request lines, JSON
//! openers, bullets, table delimiter lines and line-breaking inline HTML.
//!
//! Plain predicates on text: nothing here knows about blocks, tables or sections, and this
//! module imports nothing from the rest of the page reader (it is the bottom of the order in
//! [`super`]'s doc comment). A reader that needs one of these marks takes it from here, so
//! that the layouts cannot drift apart on what, say, a sentence end is.

/// Punctuation that attaches to the text before it (no space in between) when a line that
/// starts with it is joined to the previous line: `,`, `;`, `.`, `:`, `)` and their
/// full-width forms.
const ATTACHING: [char; 10] = [',', ';', '.', ':', ')', '，', '；', '。', '：', '）'];

/// Whether `text` starts with punctuation that attaches to the text before it, so that joining
/// it to the previous line needs no space (and, in scraped text, whether the line continues
/// the previous one at all).
pub(crate) fn attaches_to_previous(text: &str) -> bool {
    text.starts_with(ATTACHING)
}

/// Whether `text` ends a sentence (ASCII or full-width `.`, `!`, `?`, `:`), trailing white
/// space ignored. A line that does not end one is continued by the next line of its paragraph
/// (or cell); a cell that does is prose, not a value.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', '。', '！', '？', '：'])
}

/// An API action name (defined with the prose rules, which read them in sentences and links).
pub(crate) use crate::parse::prose::is_action_name;

/// A code fence opener or closer at the start of `t`: three or more backticks or tildes.
/// Returns the fence character and how many there are (a closer must match the opener's
/// character and be at least as long).
pub(crate) fn fence_marker(t: &str) -> Option<(char, usize)> {
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// The level of an ATX heading line (`## Request parameters` -> 2): one to six `#` followed by
/// a space, a tab or nothing. `t` is the line with its indentation already removed.
pub(crate) fn atx_level(t: &str) -> Option<u8> {
    let hashes = t.len() - t.trim_start_matches('#').len();
    let after = &t[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(hashes as u8)
}

/// HTTP methods an example request line can start with.
const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// The target of an HTTP request line (`POST / HTTP/1.1` -> `/ HTTP/1.1`): a method, a space,
/// then a path. `None` when `t` is not a request line.
pub(crate) fn request_target(t: &str) -> Option<&str> {
    let (method, rest) = t.split_once(' ')?;
    let target = rest.trim_start();
    (METHODS.contains(&method) && target.starts_with('/')).then_some(target)
}

/// Whether a line opens a JSON value: `{` or `[` followed by nothing or by the start of a
/// member or element (`"`, a bracket). `[Link](url)` and `{#anchor}` are not JSON.
pub(crate) fn opens_json(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('{').or_else(|| t.strip_prefix('[')) else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with(['"', '{', '[', '}', ']'])
}

/// A list item's text when `t` starts with a bullet: a typographic one (`•`, `·`, ...), which
/// scrapes keep, or a Markdown `- ` / `* `. `t` is trimmed; so is the item.
pub(crate) fn strip_bullet(t: &str) -> Option<&str> {
    for bullet in ['•', '·', '●', '◦', '▪', '‣'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    ["- ", "* "].iter().find_map(|b| t.strip_prefix(b)).map(str::trim)
}

/// The tree glyphs a parameter name starts with, and the name after them: `└AccessKeyId` ->
/// (1, `AccessKeyId`). Alibaba marks a response row nested under the row above so; each
/// `└` (or `├`) is one level, and `│`, `─` and spaces only draw the tree.
pub(crate) fn tree_prefix(name: &str) -> (usize, &str) {
    let rest = name.trim_start_matches(['└', '├', '│', '─', ' ', '\u{a0}']);
    let depth = name[..name.len() - rest.len()].chars().filter(|c| matches!(c, '└' | '├')).count();
    (depth, rest)
}

/// A pipe table's delimiter line: `|---|:---:|`, `-----|------`. Only dashes, colons, pipes
/// and white space, with at least one dash and one pipe.
pub(crate) fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
}

/// Inline HTML that ends a line of text: `<br>`, `<br/>`, `<li>`, `</li>`, `<p>`, ...
/// (Tencent writes line breaks in table cells so.)
pub(crate) fn breaks_line(html: &str) -> bool {
    matches!(html_name(html).as_str(), "br" | "li" | "p" | "ul" | "ol" | "div" | "tr")
}

/// The lower-cased element name of an HTML tag: `<BR/>` -> `br`, `</li>` -> `li`.
pub(crate) fn html_name(html: &str) -> String {
    let t = html.trim().trim_start_matches('<').trim_start_matches('/');
    t.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation() {
        for t in [", and", ";", ".x", ": y", ")", "，", "；", "。", "：", "）"] {
            assert!(attaches_to_previous(t), "{t:?}");
        }
        for t in ["", "a,", " ,", "(", "!"] {
            assert!(!attaches_to_previous(t), "{t:?}");
        }
        for t in ["Done.", "Why?", "Stop!", "As follows:", "完成。", "什么？", "好！", "如下：", "end.  "] {
            assert!(ends_sentence(t), "{t:?}");
        }
        for t in ["", "no end", "a,", "(x)", "e.g"] {
            assert!(!ends_sentence(t), "{t:?}");
        }
    }

    #[test]
    fn action_names() {
        assert!(is_action_name("DeleteSourceServer"));
        assert!(is_action_name("Describe_X2"));
        assert!(!is_action_name("A"));
        assert!(!is_action_name("deleteJob"));
        assert!(!is_action_name("Delete Job"));
        assert!(!is_action_name("Delete-Job"));
        assert!(!is_action_name(&"A".repeat(101)));
        assert!(!is_action_name("Ünïcode"));
    }

    #[test]
    fn fences_and_headings() {
        assert_eq!(fence_marker("```json"), Some(('`', 3)));
        assert_eq!(fence_marker("~~~~"), Some(('~', 4)));
        assert_eq!(fence_marker("``"), None);
        assert_eq!(fence_marker(" ```"), None);
        assert_eq!(fence_marker(""), None);
        assert_eq!(atx_level("## Request parameters"), Some(2));
        assert_eq!(atx_level("#\tA"), Some(1));
        assert_eq!(atx_level("###"), Some(3));
        assert_eq!(atx_level("#hashtag"), None);
        assert_eq!(atx_level("####### seven"), None);
        assert_eq!(atx_level("text"), None);
        assert_eq!(atx_level(""), None);
    }

    #[test]
    fn requests_and_json() {
        assert_eq!(request_target("POST / HTTP/1.1"), Some("/ HTTP/1.1"));
        assert_eq!(request_target("GET  /?Action=A"), Some("/?Action=A"));
        assert_eq!(request_target("HEAD /x"), Some("/x"));
        assert_eq!(request_target("POST https://a/"), None);
        assert_eq!(request_target("FETCH /"), None);
        assert_eq!(request_target("post /"), None);
        assert_eq!(request_target("GET"), None);
        for t in ["{", "[", "{\"a\": 1}", "[{", "{}", "[ ]"] {
            assert!(opens_json(t), "{t:?}");
        }
        for t in ["", "[Link](url)", "{#anchor}", "a{"] {
            assert!(!opens_json(t), "{t:?}");
        }
    }

    #[test]
    fn bullets_delimiters_and_html() {
        assert_eq!(strip_bullet("• item "), Some("item"));
        assert_eq!(strip_bullet("- item"), Some("item"));
        assert_eq!(strip_bullet("* item"), Some("item"));
        assert_eq!(strip_bullet("•"), Some(""));
        assert_eq!(strip_bullet("-item"), None);
        assert_eq!(strip_bullet("item"), None);
        for t in ["|---|:---:|", "-----|------", " --- | --- ", "|-\t|-|"] {
            assert!(is_delimiter(t), "{t:?}");
        }
        for t in ["---", "| a |", "|", "|-x-|", ""] {
            assert!(!is_delimiter(t), "{t:?}");
        }
        for t in ["<br>", "<br/>", "<BR />", "<li>", "</li>", "<p>", "<tr>"] {
            assert!(breaks_line(t), "{t:?}");
        }
        for t in ["<b>", "</span>", "<a href=\"x\">", ""] {
            assert!(!breaks_line(t), "{t:?}");
        }
        assert_eq!(html_name("</LI>"), "li");
    }

    #[test]
    fn tree_glyphs() {
        // STS AssumeRole: `|└AccessKeyId|String|STS.L4aBSCSJVMuKg5U1\*\*\*\*|The AccessKey ID.|`
        assert_eq!(tree_prefix("└AccessKeyId"), (1, "AccessKeyId"));
        assert_eq!(tree_prefix("│ └ Code"), (1, "Code"));
        assert_eq!(tree_prefix("└└TagKey"), (2, "TagKey"));
        assert_eq!(tree_prefix("├─ Arn"), (1, "Arn"));
        assert_eq!(tree_prefix("RequestId"), (0, "RequestId"));
        // RAM ListPoliciesForRole: `|└|String|OSS-Administrator|The policy name.|` has no name.
        assert_eq!(tree_prefix("└"), (1, ""));
    }
}
