//! Spec prose -> rustdoc lines. Nothing from a page reaches code: text only ever becomes a
//! string literal inside `#[doc = ..]`, printed as `///` lines (one attribute per line, so
//! `*/` is harmless), and is made inert for rustdoc here (no code blocks that would run as
//! doctests, no broken links or HTML).

use proc_macro2::TokenStream;
use quote::quote;

/// Makes one line of prose safe as rustdoc Markdown.
pub fn sanitize_line(line: &str) -> String {
    let line = line.trim();
    // Most lines have nothing to escape: copied whole rather than char by char. The bytes
    // are those the match below rewrites (all ASCII).
    if !line.bytes().any(|b| matches!(b, b'`' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'#' | b'|' | b'\t')) {
        return if line.contains("http") { wrap_urls(line) } else { line.to_owned() };
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            // Every backtick: a fence (```) would open a code block that runs as a
            // doctest, and a lone one would open inline code up to some later line.
            '`' => out.push('\''),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '#' if out.is_empty() => out.push_str("\\#"),
            '|' => out.push_str("\\|"),
            // Pages align text with tabs; in doc comments they lint (clippy
            // `tabs_in_doc_comments`) and render at the reader's tab width.
            '\t' => out.push_str("    "),
            _ => out.push(c),
        }
    }
    if out.contains("http") { wrap_urls(&out) } else { out }
}

/// The doc lines of a code block of the page: fenced as text (rustdoc would run an unmarked
/// block as a doctest), its lines verbatim but for tabs, the blank lines around them and the
/// indentation they all share; the fence longer than any run of backticks that opens one of
/// its lines, so that none of them closes it.
fn code_block_lines(code: &str) -> Vec<String> {
    let lines: Vec<String> = code.lines().map(|l| l.trim_end().replace('\t', "    ")).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !l.is_empty()).map_or(first, |i| i + 1);
    let lines = &lines[first..last];
    let shared = lines.iter().filter(|l| !l.is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let longest = lines.iter().map(|l| l.trim_start().chars().take_while(|c| *c == '`').count()).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = vec![format!(" {fence}text")];
    out.extend(lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {}", &l[shared..]) }));
    out.push(format!(" {fence}"));
    out
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

/// Where the doc text of one module goes while it is emitted; every emitter that writes docs
/// receives it. `deferred` keeps the blocks aside (see `PLACEHOLDER`) for the renderer to put
/// back after formatting; `inline` writes plain `#[doc]` attributes.
#[derive(Debug, Default)]
pub struct Docs {
    deferred: Option<std::cell::RefCell<DeferredDocs>>,
}

impl Docs {
    /// Doc blocks become placeholders; [`Docs::into_deferred`] hands the blocks to the renderer.
    pub fn deferred() -> Self {
        Docs { deferred: Some(std::cell::RefCell::new(DeferredDocs::default())) }
    }

    /// Doc blocks become `#[doc]` attributes in the tokens.
    pub fn inline() -> Self {
        Docs { deferred: None }
    }

    /// The blocks the placeholders refer to (empty for `inline`).
    pub fn into_deferred(self) -> DeferredDocs {
        self.deferred.map(std::cell::RefCell::into_inner).unwrap_or_default()
    }

    /// One `#[doc]` attribute per line (prettyplease prints each as `///`), paragraphs
    /// separated by an empty doc line.
    pub fn attrs(&self, paragraphs: &[String]) -> TokenStream {
        let values = self.attr_values(paragraphs);
        quote! { #(#[doc = #values])* }
    }

    /// The values of the `#[doc]` attributes [`Docs::attrs`] writes (for the syntax trees of
    /// `template`).
    pub fn attr_values(&self, paragraphs: &[String]) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            if let Some(code) = crate::ir::code_block(p) {
                lines.extend(code_block_lines(code));
                continue;
            }
            lines.extend(p.lines().map(|l| {
                let line = sanitize_line(l);
                if line.trim().is_empty() { String::new() } else { format!(" {line}") }
            }));
        }
        self.values(lines)
    }

    /// Doc attributes from plain lines we write ourselves (already safe).
    pub fn text(&self, lines: &[&str]) -> TokenStream {
        self.lines(lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect())
    }

    /// The values of the `#[doc]` attributes [`Docs::text`] writes (for the syntax trees of
    /// `template`).
    pub fn text_values(&self, lines: &[&str]) -> Vec<String> {
        self.values(lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect())
    }

    fn lines(&self, lines: Vec<String>) -> TokenStream {
        let values = self.values(lines);
        quote! { #(#[doc = #values])* }
    }

    /// One value per doc attribute: the lines themselves, or, while deferred, one placeholder.
    fn values(&self, lines: Vec<String>) -> Vec<String> {
        if lines.is_empty() {
            return lines;
        }
        // A line with a line break becomes a `/** */` block when printed; only plain lines
        // can wait for `fill_placeholders`.
        let plain = lines.iter().all(|l| !l.contains('\n'));
        match self.deferred.as_ref().filter(|_| plain) {
            Some(deferred) => {
                let index = deferred.borrow_mut().push(lines.join("\n"));
                vec![format!("{PLACEHOLDER}{index}")]
            }
            None => lines,
        }
    }
}

// Doc text is most of the generated text. As tokens, each line would be escaped into a
// string literal, parsed back by `syn::parse2` and unescaped again by prettyplease, only to be
// printed as `/// text`. While a module is emitted with `Docs::deferred`, a block of doc
// lines instead becomes one short placeholder attribute, printed as `///\u{1}<index>`, and
// `fill_placeholders` puts the lines back into the formatted text, as prettyplease would
// have printed them. Real doc lines start with a space or are empty, so they never look
// like a placeholder.
const PLACEHOLDER: &str = "\u{1}";

/// Doc blocks kept aside while a module was emitted, in placeholder order; each block is its
/// lines joined by `\n`.
#[derive(Debug, Default)]
pub struct DeferredDocs {
    blocks: Vec<String>,
}

impl DeferredDocs {
    fn push(&mut self, block: String) -> usize {
        self.blocks.push(block);
        self.blocks.len() - 1
    }
}

/// Appends printed code to `out` with every placeholder line replaced by its doc lines, each
/// as prettyplease prints a `#[doc]` attribute: `///` and the text without trailing spaces,
/// at the placeholder's indentation.
pub fn fill_placeholders(printed: &str, docs: &DeferredDocs, out: &mut String) {
    if docs.blocks.is_empty() {
        out.push_str(printed);
        return;
    }
    let marker = format!("///{PLACEHOLDER}");
    out.reserve(printed.len() + docs.blocks.iter().map(|b| b.len() + 8 * b.matches('\n').count()).sum::<usize>());
    let mut rest = printed;
    while let Some(at) = rest.find(&marker) {
        // Attributes start a line, after the indentation that later lines repeat (`out` may
        // already hold the start of the line).
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &rest[line_start..at];
        let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
        let after = &rest[at + marker.len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let Some(block) = after[..digits].parse::<usize>().ok().and_then(|i| docs.blocks.get(i)) else {
            // Not one of ours: keep the text as printed.
            out.push_str(&rest[..at + marker.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        for (i, line) in block.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(indent);
            }
            out.push_str("///");
            out.push_str(line.trim_end_matches(' '));
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code block of the page is shown as it is, fenced as text so rustdoc neither runs
    /// it nor reads it as Markdown: no escaping, tabs as spaces, the blank lines around it and
    /// the indentation all its lines share dropped, and a fence no line of it can close.
    #[test]
    fn code_paragraphs_are_fenced_text_verbatim() {
        let docs = Docs::default();
        let paragraphs = vec![
            "Returned:".to_owned(),
            "```text\n\n        https://ecs.aliyuncs.com/?Action=X\n        &Name=<a>[b]\n\t&More=1\n\n```".to_owned(),
        ];
        assert_eq!(
            docs.attr_values(&paragraphs),
            [" Returned:", "", " ```text", "     https://ecs.aliyuncs.com/?Action=X", "     &Name=<a>[b]", " &More=1", " ```"]
        );
        let fenced = vec!["```text\n```rust\nfn f() {}\n```\n```".to_owned()];
        assert_eq!(docs.attr_values(&fenced), [" ````text", " ```rust", " fn f() {}", " ```", " ````"]);
    }

    fn module_with_docs(docs: &Docs) -> TokenStream {
        let paragraphs = vec!["First line  \nsecond <b>".to_owned(), "   ".to_owned(), "after an empty one".to_owned()];
        let field_doc = docs.attrs(&paragraphs);
        let text = docs.text(&["Ours, with trailing spaces   ", "", "x"]);
        let broken = docs.text(&["a line\nbreak"]);
        quote! {
            #text
            pub struct S {
                #field_doc
                pub a: u8,
            }
            #broken
            impl S {
                #text
                pub fn f() {}
            }
        }
    }

    fn print(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("valid tokens"))
    }

    #[test]
    fn deferred_docs_print_as_doc_attributes_would() {
        let direct = print(module_with_docs(&Docs::inline()));
        assert!(!direct.contains(PLACEHOLDER));
        let deferred = Docs::deferred();
        let tokens = module_with_docs(&deferred);
        let docs = deferred.into_deferred();
        assert!(!docs.blocks.is_empty());
        let mut filled = String::new();
        fill_placeholders(&print(tokens), &docs, &mut filled);
        assert_eq!(filled, direct);
    }

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
            // DTS DataTypes `MigrateOption`: `"ReplTimeout":120，<tab>Replication timeout`.
            ("\"ReplTimeout\":120，\tReplication timeout (in sec)", "\"ReplTimeout\":120，    Replication timeout (in sec)"),
        ];
        for (input, expected) in table {
            assert_eq!(sanitize_line(input), expected, "{input:?}");
        }
    }
}
