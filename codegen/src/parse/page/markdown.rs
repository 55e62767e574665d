//! Markdown pages (Tencent Cloud's `## 1. API Description` layout and its bold-heading
//! variant, Alibaba Cloud's `# Action` / `## Request parameters` layout) -> blocks.
//!
//! Pipe tables are read here rather than by pulldown-cmark, because the pages write tables
//! that Markdown does not allow: Alibaba cells run over several physical lines (blank lines,
//! bullet lists and even fenced code inside a cell, the row closed by a `|` at the end of its
//! last line) and legacy Tencent tables have rows with a missing cell. The table lines are
//! then blanked out (same byte length, so offsets and lines stay valid) and pulldown-cmark's
//! offset iterator reads the rest: headings, paragraphs, lists and code, each with its line.
//!
//! Inline Markdown is flattened to plain text: link syntax keeps only the link text (the
//! target goes beside the text, in the paragraph's `links`), emphasis markers go, inline code keeps its backticks (it ends up in rustdoc), and the
//! inline HTML line breaks Tencent uses in table cells (`<br>`, `<li>`) split a cell into
//! lines. List items inside a cell become lines starting with `- `.
//!
//! Pages without pipe tables (RAM's 2018 pages) write each parameter and error code as a bold
//! name and labelled bullets; `grammar::bullets` turns those blocks into tables.

use super::block::Block;
use super::grammar::{self, bullets, pipe};
use super::lexicon::{self, breaks_line, fence_marker};
use super::table::Table;
use crate::diag::Diagnostics;
use crate::source::SourceFile;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// Reads a Markdown page into blocks.
pub(crate) fn read(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Block> {
    // Markdown itself has no errors; table and section problems are found later. A code fence
    // never closed is the one sign of a cut page only the layout sees.
    let lines = grammar::split_lines(&file.text);
    let (tables, masked, open_fence) = extract_tables(&file.text, &lines);
    if let Some(line) = open_fence {
        diags
            .warning(file.span_line(line), "this code block is never closed: the page ends inside it")
            .with_note("the page looks cut short here; the rest of the block and everything after it are missing");
    }
    let mut reader = Reader::new(file);
    let options = Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(&masked, options).into_offset_iter() {
        reader.event(event, range);
    }
    // Pages without pipe tables write parameters as bold names with labelled bullets.
    let blocks = merge(reader.blocks, tables);
    bullets::tables(blocks, &lines)
}

/// Puts the tables among the other blocks, by line.
fn merge(blocks: Vec<Block>, tables: Vec<Table>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len() + tables.len());
    let mut tables = tables.into_iter().peekable();
    for block in blocks {
        let line = block_line(&block);
        while let Some(t) = tables.next_if(|t| t.line < line) {
            out.push(Block::Table(t));
        }
        out.push(block);
    }
    out.extend(tables.map(Block::Table));
    out
}

fn block_line(block: &Block) -> u32 {
    match block {
        Block::Heading { line, .. } | Block::Para { line, .. } | Block::Code { line, .. } => *line,
        Block::Table(t) => t.line,
    }
}

/// A line of inline text: its text, the line it started on, the targets of its links.
#[derive(Default)]
struct InlineLine {
    text: String,
    line: u32,
    links: Vec<String>,
}

/// Inline text being collected, as lines with the line each started on.
#[derive(Default)]
struct Inline {
    lines: Vec<InlineLine>,
    open: bool,
    /// Targets of links opened before the text of a line: the next line takes them.
    pending: Vec<String>,
}

impl Inline {
    fn push(&mut self, text: &str, line: u32) {
        if !self.open {
            if text.trim().is_empty() {
                return;
            }
            let links = std::mem::take(&mut self.pending);
            self.lines.push(InlineLine { text: String::new(), line, links });
            self.open = true;
        }
        if let Some(last) = self.lines.last_mut() {
            last.text.push_str(text);
        }
    }

    /// A link opens: its target goes with the line its text is on.
    fn link(&mut self, target: &str) {
        match self.lines.last_mut() {
            Some(last) if self.open => last.links.push(target.to_string()),
            _ => self.pending.push(target.to_string()),
        }
    }

    fn line_break(&mut self) {
        self.open = false;
    }

    fn cell_lines(self) -> Vec<String> {
        self.lines.into_iter().map(|l| l.text.trim().to_string()).filter(|l| !l.is_empty()).collect()
    }
}

struct Reader<'f> {
    file: &'f SourceFile,
    blocks: Vec<Block>,
    inline: Inline,
    heading: Option<(u8, u32)>,
    item_depth: usize,
    code: Option<(String, u32)>,
    html_block: bool,
    image_depth: usize,
}

impl<'f> Reader<'f> {
    fn new(file: &'f SourceFile) -> Self {
        Reader {
            file,
            blocks: Vec::new(),
            inline: Inline::default(),
            heading: None,
            item_depth: 0,
            code: None,
            html_block: false,
            image_depth: 0,
        }
    }

    fn line(&self, range: &Range<usize>) -> u32 {
        self.file.line_of(range.start)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let line = self.line(&range);
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some((code, _)) = &mut self.code {
                    code.push_str(&text);
                } else if !self.html_block && self.image_depth == 0 {
                    self.inline.push(&text, line);
                }
            }
            Event::Code(text) => self.inline.push(&format!("`{text}`"), line),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.inline.push(&text, line),
            Event::InlineHtml(html) | Event::Html(html) => {
                if !self.html_block && breaks_line(&html) {
                    self.inline.line_break();
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline.line_break(),
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        match tag {
            Tag::Paragraph => {
                if self.item_depth == 0 {
                    self.flush_paras(false);
                }
                self.inline.line_break();
            }
            Tag::Heading { level, .. } => {
                self.flush_paras(self.item_depth > 0);
                self.heading = Some((level as u8, line));
            }
            Tag::List(_) => {
                // A nested list ends the text of the item that holds it.
                self.flush_paras(self.item_depth > 0);
            }
            Tag::Item => {
                self.flush_paras(self.item_depth > 0);
                self.item_depth += 1;
            }
            Tag::CodeBlock(_) => self.code = Some((String::new(), line)),
            Tag::HtmlBlock => self.html_block = true,
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Link { dest_url, .. } => self.inline.link(&dest_url),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.item_depth == 0 {
                    self.flush_paras(false);
                } else {
                    self.inline.line_break();
                }
            }
            TagEnd::Heading(_) => {
                let inline = std::mem::take(&mut self.inline);
                if let Some((level, line)) = self.heading.take() {
                    let text: Vec<String> = inline.cell_lines();
                    self.blocks.push(Block::Heading { level, text: text.join(" "), line });
                }
            }
            TagEnd::Item => {
                self.flush_paras(true);
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                if let Some((text, line)) = self.code.take() {
                    self.blocks.push(Block::Code { text, line });
                }
            }
            TagEnd::HtmlBlock => self.html_block = false,
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Emits the collected inline text as paragraphs (or list items).
    fn flush_paras(&mut self, bullet: bool) {
        let inline = std::mem::take(&mut self.inline);
        if self.heading.is_some() {
            // Inside a heading: nothing to flush (cannot happen in valid event streams, kept
            // defensive).
            self.inline = inline;
            return;
        }
        for (text, line, links) in join_lines(inline.lines) {
            self.blocks.push(Block::Para { text, line, bullet, links });
        }
    }
}

/// Finds the pipe tables of a page (a header line, a `---|---` delimiter line, rows) outside
/// fenced code. Returns them, the page text with their lines blanked, and the line of a code
/// fence still open at the end of the page.
fn extract_tables<'t>(text: &'t str, lines: &[grammar::Line<'t>]) -> (Vec<Table>, Cow<'t, str>, Option<u32>) {
    // The byte ranges to blank, in page order.
    let mut blanked: Vec<Range<usize>> = Vec::new();
    let mut tables = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut fence_line = 0;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].text;
        if let Some(f) = fence_marker(t) {
            match fence {
                None => {
                    fence = Some(f);
                    fence_line = lines[i].no;
                }
                Some((c, n)) if f.0 == c && f.1 >= n && t.trim_start_matches(c).trim().is_empty() => fence = None,
                Some(_) => {}
            }
            i += 1;
            continue;
        }
        let Some(start) = fence.is_none().then(|| pipe::markdown_rows_start(lines, i)).flatten() else {
            i += 1;
            continue;
        };
        let (table, end) = pipe::read_markdown(lines, i, start);
        blanked.extend(lines[i..end].iter().map(|line| line.start..line.start + line.raw.len()));
        tables.push(table);
        i = end.max(i + 1);
    }
    (tables, blank(text, &blanked), fence.map(|_| fence_line))
}

/// `text` with the bytes of each range (whole lines, in order) replaced by spaces: the same
/// length, so offsets and lines stay valid. The text itself when there is nothing to blank.
fn blank<'t>(text: &'t str, ranges: &[Range<usize>]) -> Cow<'t, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    const SPACES: &str = "                                                                ";
    for range in ranges {
        out.push_str(&text[copied..range.start]);
        let mut left = range.len();
        while left > 0 {
            let n = left.min(SPACES.len());
            out.push_str(&SPACES[..n]);
            left -= n;
        }
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Lines of a paragraph, joined into readable strings: a line continues the previous one
/// unless the previous one ends a sentence. Returns `(text, line of its start, link targets)`.
fn join_lines(lines: Vec<InlineLine>) -> Vec<(String, u32, Vec<String>)> {
    let mut out: Vec<(String, u32, Vec<String>)> = Vec::new();
    for InlineLine { text, line, links } in lines {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((prev, _, prev_links)) if !lexicon::ends_sentence(prev) => {
                if !lexicon::attaches_to_previous(text) {
                    prev.push(' ');
                }
                prev.push_str(text);
                prev_links.extend(links);
            }
            _ => out.push((text.to_string(), line, links)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_a_small_page() {
        let text = "## **1. API Description**\nAPI request domain name: a.b.com.\n\nOne.\nTwo [x](https://a/b)\nthree [y](/c).\n\n\
                    | Name | Type | Description |\n|---|---|---|\n| A | String | x<br>y [link](/u) |\n\n\
                    ```\n{}\n```\n\n* item `code`\n";
        let file = SourceFile::new("t.md", text);
        let blocks = read(&file, &mut Diagnostics::new());
        let para = |t: &str, line, bullet| Block::Para { text: t.into(), line, bullet, links: Vec::new() };
        assert_eq!(blocks[0], Block::Heading { level: 2, text: "1. API Description".into(), line: 1 });
        assert_eq!(blocks[1], para("API request domain name: a.b.com.", 2, false));
        assert_eq!(blocks[2], para("One.", 4, false));
        let links = vec!["https://a/b".to_string(), "/c".to_string()];
        assert_eq!(blocks[3], Block::Para { text: "Two x three y.".into(), line: 5, bullet: false, links });
        let Block::Table(t) = &blocks[4] else { panic!("{:?}", blocks[4]) };
        assert_eq!(t.header, vec!["Name", "Type", "Description"]);
        assert_eq!(t.rows[0].cells[2], vec!["x", "y link"]);
        assert_eq!(t.rows[0].line, 10);
        assert_eq!(blocks[5], Block::Code { text: "{}\n".into(), line: 12 });
        assert_eq!(blocks[6], para("item `code`", 16, true));
    }
}
