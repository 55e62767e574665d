//! Markdown pages (Tencent Cloud's `## 1. API Description` layout and its bold-heading
//! variant) -> blocks, with pulldown-cmark's offset iterator giving every block its line.
//!
//! Inline Markdown is flattened to plain text: link syntax keeps only the link text,
//! emphasis markers go, inline code keeps its backticks (it ends up in rustdoc), and the
//! inline HTML line breaks Tencent uses in table cells (`<br>`, `<li>`) split a cell into
//! lines.

use super::table::{Row, Table};
use super::{Block, join_lines};
use crate::diag::Diagnostics;
use crate::source::SourceFile;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Reads a Markdown page into blocks.
pub(crate) fn read(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Block> {
    let _ = diags; // Markdown itself has no errors; table and section problems are found later.
    let mut reader = Reader::new(file);
    for (event, range) in Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, range);
    }
    reader.blocks
}

/// Inline text being collected, as lines with the line each started on.
#[derive(Default)]
struct Inline {
    lines: Vec<(String, u32)>,
    open: bool,
}

impl Inline {
    fn push(&mut self, text: &str, line: u32) {
        if !self.open {
            if text.trim().is_empty() {
                return;
            }
            self.lines.push((String::new(), line));
            self.open = true;
        }
        if let Some((last, _)) = self.lines.last_mut() {
            last.push_str(text);
        }
    }

    fn line_break(&mut self) {
        self.open = false;
    }

    fn cell_lines(self) -> Vec<String> {
        self.lines.into_iter().map(|(l, _)| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
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
    table: Option<Table>,
    row: Option<(Vec<Vec<String>>, u32)>,
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
            table: None,
            row: None,
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
            Tag::Table(_) => {
                self.flush_paras(self.item_depth > 0);
                self.table = Some(Table { line, ..Table::default() });
            }
            Tag::TableHead | Tag::TableRow => self.row = Some((Vec::new(), line)),
            Tag::TableCell => self.inline = Inline::default(),
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
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline).cell_lines();
                if let Some((cells, _)) = &mut self.row {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let (Some((cells, _)), Some(table)) = (self.row.take(), &mut self.table) {
                    table.header = cells.into_iter().map(|c| c.join(" ")).collect();
                }
            }
            TagEnd::TableRow => {
                if let (Some((cells, line)), Some(table)) = (self.row.take(), &mut self.table) {
                    let mut row = Row::new(cells, table.header.len(), line);
                    // pulldown-cmark pads and truncates rows to the header's width; the
                    // page's own cell count is what a reader of the page sees.
                    row.found = count_cells(self.file.line_text(line));
                    table.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.blocks.push(Block::Table(table));
                }
            }
            _ => {}
        }
    }

    /// Emits the collected inline text as paragraphs (or list items).
    fn flush_paras(&mut self, bullet: bool) {
        let inline = std::mem::take(&mut self.inline);
        if self.heading.is_some() || self.row.is_some() {
            // Inside a heading or a cell: nothing to flush (cannot happen in valid event
            // streams, kept defensive).
            self.inline = inline;
            return;
        }
        for (text, line) in join_lines(&inline.lines) {
            self.blocks.push(Block::Para { text, line, bullet });
        }
    }
}

/// Inline HTML that ends a line of text: `<br>`, `<br/>`, `<li>`, `</li>`, `<p>`, ...
fn breaks_line(html: &str) -> bool {
    let t = html.trim().trim_start_matches('<').trim_start_matches('/');
    let name: String = t.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    matches!(name.as_str(), "br" | "li" | "p" | "ul" | "ol" | "div" | "tr")
}

/// Cells in a pipe-table line as written (leading and trailing pipes optional, `\|` escaped).
pub(crate) fn count_cells(line: &str) -> usize {
    split_cells(line).len()
}

/// Splits a pipe-table line into trimmed cells (leading and trailing pipes optional, `\|`
/// kept as a literal pipe).
pub(crate) fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.trim().chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => {
                if !(first && cell.trim().is_empty()) {
                    cells.push(cell.trim().to_string());
                }
                cell.clear();
            }
            _ => cell.push(c),
        }
        first = false;
    }
    if !cell.trim().is_empty() {
        cells.push(cell.trim().to_string());
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(split_cells("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_cells("a | b |"), vec!["a", "b"]);
        assert_eq!(split_cells("a | b"), vec!["a", "b"]);
        assert_eq!(split_cells("| a \\| x | | c |"), vec!["a | x", "", "c"]);
        assert_eq!(split_cells("|"), Vec::<String>::new());
        assert_eq!(split_cells("| JobId | Yes | String |"), vec!["JobId", "Yes", "String"]);
    }

    #[test]
    fn blocks_of_a_small_page() {
        let text = "## **1. API Description**\nAPI request domain name: a.b.com.\n\nOne.\nTwo\nthree.\n\n\
                    | Name | Type | Description |\n|---|---|---|\n| A | String | x<br>y [link](/u) |\n\n\
                    ```\n{}\n```\n\n* item `code`\n";
        let file = SourceFile::new("t.md", text);
        let blocks = read(&file, &mut Diagnostics::new());
        let para = |t: &str, line, bullet| Block::Para { text: t.into(), line, bullet };
        assert_eq!(blocks[0], Block::Heading { level: 2, text: "1. API Description".into(), line: 1 });
        assert_eq!(blocks[1], para("API request domain name: a.b.com.", 2, false));
        assert_eq!(blocks[2], para("One.", 4, false));
        assert_eq!(blocks[3], para("Two three.", 5, false));
        let Block::Table(t) = &blocks[4] else { panic!("{:?}", blocks[4]) };
        assert_eq!(t.header, vec!["Name", "Type", "Description"]);
        assert_eq!(t.rows[0].cells[2], vec!["x", "y link"]);
        assert_eq!(t.rows[0].line, 10);
        assert_eq!(blocks[5], Block::Code { text: "{}\n".into(), line: 12 });
        assert_eq!(blocks[6], para("item `code`", 16, true));
    }
}
