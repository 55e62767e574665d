//! Documentation pages -> `spec::Operation`.
//!
//! A page is read in three steps:
//!
//! 1. a layout turns the text into a flat list of `Block`s (headings,
//!    paragraphs, tables, code), each with its line: `markdown` for Markdown pages (Tencent's
//!    API 3.0 and legacy pages, Alibaba's reference pages whose table cells run over several
//!    lines) and `scraped` for web pages scraped to plain text (known heading lines, tables in
//!    any of the three grammars, unfenced HTTP and JSON examples). The layout is chosen by
//!    content ([`detect_layout`]), not by file extension;
//! 2. `walk` reads the blocks section by section into what the page says (title, Action row,
//!    description paragraphs, parameter rows, error codes, examples): the only stateful step;
//! 3. `assemble` decides the rest from that, with functions of it alone: the action name
//!    (`name`), the fields and models (`nesting`: flattened names such as `DataDisk.N.Size`,
//!    and flat rows of nested structures placed with the help of the example response), the
//!    facts of the description (`facts`) and the examples (`example`).
//!
//! Modules, lowest first. Each imports only the page modules listed for it, all from rows
//! above its own (besides `crate::parse::prose`, `crate::spec`, `crate::diag`, `crate::source`,
//! and `crate::names`, where `nesting` gets the names of the models it defines),
//! never one below it or this file, so there is no import circle. The test
//! `modules_import_only_what_the_module_order_allows` holds the code to this table:
//!
//! | module | its one job | may import (in `page/`) |
//! | --- | --- | --- |
//! | `lexicon` | marks and words: punctuation, sentence ends, action names, fences, ATX headings, request lines, JSON openers, bullets, delimiters | nothing |
//! | `section` | which section or sub-heading a heading text names | nothing |
//! | `table` | the table model (`Table`, `Row`), what a header says (`classify`), what a cell says (types, required, flattened names) | nothing |
//! | `rows` | what a row means: parameter rows (fields, common parameters), error-code rows, the width check | `lexicon`, `table` |
//! | `realign` | parameter rows whose cells are shifted against the header (a missing pipe or cell, swapped cells), put back | `table` |
//! | `example` | what an example code block is (request, JSON, other); examples finished from drafts | `lexicon` |
//! | `block` | `Block`, what a layout hands on | `table` |
//! | `grammar::pipe` | pipe tables, Markdown and scraped dialects; cell splitting and flattening | `lexicon`, `table`, `grammar` |
//! | `grammar::cells` | tables written one cell per line | `lexicon`, `section`, `table`, `grammar`, `grammar::pipe` |
//! | `grammar::words` | tables flattened to words, one row a line | `lexicon`, `section`, `table`, `grammar` |
//! | `grammar::bullets` | tables written as bold names with labelled bullets (`**Name**`, `-   Type: String`), from blocks | `block`, `table`, `grammar` |
//! | `markdown` | layout: Markdown blocks via pulldown-cmark, pipe tables found outside fences, bullet tables | `block`, `grammar`, `grammar::bullets`, `grammar::pipe`, `lexicon`, `table` |
//! | `scraped` | layout: blocks recognised line by line in scraped text | `block`, `grammar` and its three grammars, `lexicon`, `section` |
//! | `walk` | blocks -> `walk::Page`, section by section; structure sections (a heading naming a structure, then its member table) | `block`, `example`, `realign`, `rows`, `section`, `table` |
//! | `partial` | signs that a page was cut short: how the page ends, against what every page of its layout has | `block`, `lexicon`, `section`, `table`, `walk` |
//! | `name` | the action name from its sources, in priority order | `lexicon` |
//! | `facts` | description paragraphs -> description, domain, rate limit, Finance note | none |
//! | `nesting` | parameter rows -> fields and models | `rows` |
//! | `models` | structure sections -> models | `nesting`, `walk` |
//! | `assemble` | `walk`, then the pure steps -> `Operation`, or the models of a models page | `block`, `walk`, `partial`, `name`, `facts`, `nesting`, `models`, `example` |
//! | this file | choose the layout, read, assemble | `lexicon`, `markdown`, `scraped`, `assemble`, `table` |

mod assemble;
mod block;
mod example;
mod facts;
mod grammar;
mod lexicon;
mod markdown;
mod models;
mod name;
mod nesting;
mod partial;
mod realign;
mod rows;
mod scraped;
mod section;
mod table;
mod walk;

use crate::diag::Diagnostics;
use crate::spec;
use crate::source::SourceFile;

pub use table::parse_type;

/// Reads one documentation page (any supported layout): an operation, or the structures of
/// a models page (a Data Types page: headings each followed by a member table, no request).
/// Problems go to `diags` with the file and line; `None` only when nothing usable could be
/// read.
pub fn read_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<spec::PageContent> {
    let blocks = match detect_layout(&file.text) {
        Layout::Markdown => markdown::read(file, diags),
        Layout::Scraped => scraped::read(file, diags),
    };
    assemble::build(file, &blocks, diags)
}

/// Reads one operation page; a models page is an error here (its structures are read with
/// the service's other pages, by `lower`).
pub fn import_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<spec::Operation> {
    match read_page(file, diags)? {
        spec::PageContent::Operation(op) => Some(*op),
        spec::PageContent::Models(models) => {
            diags
                .error(file.span_line(1), format!("this page defines {} structures and no operation", models.len()))
                .with_note("a models (Data Types) page is read with the pages of its service folder; there is no operation to import");
            None
        }
    }
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
/// leading pipes, but lose headings and fences); scraped text otherwise. A lone `|` is no
/// table line: scraped rows close an empty last cell with one.
pub fn detect_layout(text: &str) -> Layout {
    let mut pipes = false;
    let mut bare_request = false;
    for line in text.lines() {
        let t = line.trim_start();
        if lexicon::atx_level(t).is_some() || lexicon::fence_marker(t).is_some() {
            return Layout::Markdown;
        }
        pipes |= line.starts_with('|') && line.trim_end() != "|";
        bare_request |= lexicon::request_target(t).is_some() || t.starts_with("https://") && t.contains("?Action=");
    }
    if pipes && !bare_request { Layout::Markdown } else { Layout::Scraped }
}

#[cfg(test)]
mod tests;
