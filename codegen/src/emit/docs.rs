//! Spec prose -> rustdoc lines. Nothing from a page reaches code: text only ever becomes a
//! string literal inside `#[doc = ..]`, printed as `///` lines (one attribute per line, so
//! `*/` is harmless), and is made inert for rustdoc here (no code blocks that would run as
//! doctests, no broken links or HTML).

use proc_macro2::TokenStream;
use quote::quote;

/// Makes one line of prose safe as rustdoc Markdown.
pub fn sanitize_line(line: &str) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            // A fence (```) would open a code block that runs as a doctest; a single
            // backtick is kept only when the line has a matching one.
            '`' => out.push('\''),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '#' if out.is_empty() => out.push_str("\\#"),
            '|' => out.push_str("\\|"),
            _ => out.push(c),
        }
    }
    wrap_urls(&out)
}

/// Bare URLs become autolinks so rustdoc does not warn about them.
fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find("https://").or_else(|| rest.find("http://")) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let end = tail.find(|c: char| c.is_whitespace() || c == ')' || c == ',').unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &tail[url.len()..];
    }
    out.push_str(rest);
    out
}

/// One `#[doc]` attribute per line (prettyplease prints each as `///`), paragraphs separated
/// by an empty doc line.
pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| format!(" {}", sanitize_line(l))));
    }
    let lines = lines.into_iter().map(|l| if l.trim().is_empty() { String::new() } else { l });
    quote! { #(#[doc = #lines])* }
}

/// Doc attributes from plain lines we write ourselves (already safe).
pub fn doc_text(lines: &[&str]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_cannot_become_code_or_markup() {
        let table = [
            ("```rust", "'''rust"),
            ("    fn main() {}", "fn main() {}"),
            ("see [list](/doc/1)", "see \\[list\\](/doc/1)"),
            ("a */ b", "a */ b"),
            ("\"# raw", "\"# raw"),
            ("# Heading", "\\# Heading"),
            ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
            ("see https://example.com/x.", "see <https://example.com/x>."),
            ("a | b", "a \\| b"),
        ];
        for (input, expected) in table {
            assert_eq!(sanitize_line(input), expected, "{input:?}");
        }
    }
}
