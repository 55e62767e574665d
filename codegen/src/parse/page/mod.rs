//! Documentation pages -> `ir::Operation`. One module per layout.
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
mod block;
mod example;
mod grammar;
mod lexicon;
mod markdown;
mod nesting;
mod scraped;
mod section;
mod table;

use crate::diag::Diagnostics;
use crate::ir;
use crate::source::SourceFile;

pub use table::parse_type;

/// Reads one documentation page (any supported layout). Problems go to `diags` with the
/// file and line; `None` only when nothing usable could be read.
pub fn import_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<ir::Operation> {
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
        if lexicon::atx_level(t).is_some() || lexicon::fence_marker(t).is_some() {
            return Layout::Markdown;
        }
        pipes |= line.starts_with('|');
        bare_request |= lexicon::request_target(t).is_some() || t.starts_with("https://") && t.contains("?Action=");
    }
    if pipes && !bare_request { Layout::Markdown } else { Layout::Scraped }
}

#[cfg(test)]
mod tests;
