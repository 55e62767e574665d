//! Documentation pages -> `spec::Operation`. One module per layout.
//!
//! A page is read in three steps:
//!
//! 1. a layout reader turns the text into a flat list of `Block`s (headings, paragraphs,
//!    tables, code), each with its line: `markdown` for Markdown pages (Tencent's API 3.0
//!    and legacy pages, Alibaba's reference pages whose table cells run over several lines)
//!    and `scraped` for web pages scraped to plain text (known heading lines,
//!    one-cell-per-line tables, pipe tables with or without leading pipes, tables flattened
//!    to space-separated words, unfenced HTTP and JSON examples);
//! 2. `assemble` walks the blocks section by section, using `table` for table rows and
//!    [`crate::parse::prose`] for sentences;
//! 3. `nesting` turns the parameter rows into fields and models: flattened names
//!    (`DataDisk.N.Size`) and flat rows of nested structures (Alibaba responses, placed with
//!    the help of the example response).
//!
//! The layout is chosen by content, not by file extension.

mod assemble;
mod example;
mod markdown;
mod nesting;
mod scraped;
mod section;
mod table;

use crate::diag::Diagnostics;
use crate::spec;
use crate::source::SourceFile;

pub use table::parse_type;

/// Reads one documentation page (any supported layout). Problems go to `diags` with the
/// file and line; `None` only when nothing usable could be read.
pub fn import_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<spec::Operation> {
    let blocks = match detect_layout(&file.text) {
        Layout::Markdown => markdown::read(file, diags),
        Layout::Scraped => scraped::read(file, diags),
    };
    assemble::build(file, &blocks, diags)
}

/// The two families of page layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ATX headings (`## 2. Input Parameters`) or pipe tables with a leading pipe.
    Markdown,
    /// A web page scraped to text: no Markdown structure left.
    Scraped,
}

/// Markdown when some line is an ATX heading or a code fence, or when lines start with a pipe
/// and no line is an unfenced HTTP request (scraped web pages keep pipe tables, with or without
/// leading pipes, but lose headings and fences); scraped text otherwise.
pub fn detect_layout(text: &str) -> Layout {
    let mut pipes = false;
    let mut bare_request = false;
    for line in text.lines() {
        let t = line.trim_start();
        let hashes = t.len() - t.trim_start_matches('#').len();
        let after = &t[hashes..];
        if (1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])) || t.starts_with("```") {
            return Layout::Markdown;
        }
        pipes |= line.starts_with('|');
        bare_request |=
            ["GET /", "POST /"].iter().any(|m| t.starts_with(m)) || t.starts_with("https://") && t.contains("?Action=");
    }
    if pipes && !bare_request { Layout::Markdown } else { Layout::Scraped }
}

/// One structural piece of a page, whatever its layout.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// Level 1 is the page title, 2 a section, 3 an example title, 4 a sub-heading
    /// (input/output of an example, "JSON format").
    Heading {
        level: u8,
        text: String,
        line: u32,
    },
    /// One paragraph (or one line of one, when the page puts one sentence per line), or one
    /// list item (`bullet`), as plain text: no Markdown link or emphasis syntax.
    Para {
        text: String,
        line: u32,
        bullet: bool,
    },
    Table(table::Table),
    /// A code block, fenced or recognised (HTTP request, URL, JSON), as written.
    Code {
        text: String,
        line: u32,
    },
}

/// Lines of a paragraph, joined into readable strings: a line continues the previous one
/// unless the previous one ends a sentence. Returns `(text, line of its start)`.
pub(crate) fn join_lines(lines: &[(String, u32)]) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    for (text, line) in lines {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((prev, _)) if !ends_sentence(prev) => {
                if !text.starts_with([',', ';', '.', ':', ')', '，', '；', '。', '：', '）']) {
                    prev.push(' ');
                }
                prev.push_str(text);
            }
            _ => out.push((text.to_string(), *line)),
        }
    }
    out
}

pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', '。', '！', '？', '：'])
}

#[cfg(test)]
mod tests;
