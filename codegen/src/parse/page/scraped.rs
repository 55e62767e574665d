//! Web pages scraped to plain text -> blocks.
//!
//! Two scrapes are supported, and mixtures of them:
//!
//! - Alibaba Cloud style: headings on lines of their own (`Request parameters`), tables with
//!   one cell per line (`Parameter`, `Type`, ... then the rows' cells), bullets as `•`, error
//!   rows as `400 Code message description` on one line, the title as `Service:Action`;
//! - Tencent Cloud style: headings lost, pipe tables without leading pipes
//!   (`Parameter Name | Required | Type | Description |` then `---|---|---|---|`), sentences
//!   broken across lines at inline markup, HTTP examples not fenced.
//!
//! Headings are recognised only when they are known ([`super::section::classify`]); page
//! chrome ([`prose::is_boilerplate`]) is dropped. What a line starts is decided by the
//! recognisers of [`RECOGNISERS`], tried in their priority order.

use super::block::Block;
use super::grammar::{self, Line, cells, pipe, words};
use super::lexicon::{self, is_action_name, opens_json, request_target, strip_bullet};
use super::section::{self, HeadingKind};
use crate::diag::Diagnostics;
use crate::parse::prose;
use crate::source::SourceFile;

/// Reads a scraped page into blocks.
pub(crate) fn read(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Block> {
    let lines = grammar::split_lines(&file.text);
    let mut r = Reader { file, diags, blocks: Vec::new(), para: Vec::new(), title_seen: false, section_seen: false };
    let mut i = 0;
    while i < lines.len() {
        i = r.step(&lines, i).max(i + 1);
    }
    r.flush();
    r.blocks
}

struct Reader<'f, 'd> {
    file: &'f SourceFile,
    diags: &'d mut Diagnostics,
    blocks: Vec<Block>,
    /// Prose lines of the paragraph being read.
    para: Vec<(String, u32)>,
    title_seen: bool,
    section_seen: bool,
}

/// A recogniser: whether what starts at line `i` is its kind of block; if so it hands the
/// block on (ending the paragraph being read first) and returns the index of the next unread
/// line.
type Recognise = fn(&mut Reader<'_, '_>, &[Line<'_>], usize) -> Option<usize>;

/// The recognisers of scraped text, in priority order: the first one that recognises the line
/// wins. A new layout rule goes here, at the place its comment justifies.
const RECOGNISERS: &[(&str, Recognise)] = &[
    // Ends the paragraph; every rule below expects text on the line.
    ("blank line", blank),
    // A table written one cell per line, before the heading lines: its header cells
    // (`Description`, `Example`) are also section headings. It needs two column names in a
    // row, so a lone `Description` heading still reaches the heading rule. Taking the whole
    // table here also keeps its cells from being read as headings, chrome or bullets.
    ("one-cell-per-line table", cell_table),
    // `Example1 Executing a command` once a section was seen. No known heading looks like
    // this, so the order against the heading rule is free; it must precede the title and
    // paragraph rules, which would take it as prose.
    ("example title line", example_title),
    // Known section and sub-heading lines, before chrome: `Try it now` and `Test` are both
    // chrome words and headings of skipped sections, whose content must not be read into
    // the section before them.
    ("heading line", heading),
    // Page chrome (`Last Updated:...`, `Search`, `On this page`), dropped, before the title
    // rule: a chrome word on the first line would otherwise pass for a bare action name.
    ("page chrome", chrome),
    // `Service:Action`, or the bare action name on the first line, before any section.
    ("title line", title),
    // Pipe tables without leading pipes (`Name | Type |` then `---|---|`).
    ("pipe table", pipe_table),
    // Tables flattened to words, one row a line (`Parameter Name Required Type Description`),
    // after pipe tables: a pipe header line is never a word header (it has pipes).
    ("word table", word_table),
    // Unfenced examples: `POST / HTTP/1.1` with headers and body, a `https://host/?Action=`
    // URL with its `&Name=value` lines, a JSON value. Before bullets and prose, whose rules
    // would split them line by line.
    ("HTTP request", http_request_block),
    ("URL request", url_request_block),
    ("JSON value", json_value),
    // `• item`: a list item of its own.
    ("bullet", bullet),
    // Everything else is prose: always recognised, so it is last.
    ("paragraph line", paragraph_line),
];

impl Reader<'_, '_> {
    /// Reads what starts at line `i` with the first recogniser that takes it; returns the
    /// index of the next unread line.
    fn step(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        RECOGNISERS.iter().find_map(|(_, recognise)| recognise(self, lines, i)).unwrap_or(i + 1)
    }

    /// Ends the paragraph and hands on `block`.
    fn push(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    /// Emits the prose lines read so far: joined into one text, then split again where the
    /// scrape glued two sentences together (`canceled.RUNNING`).
    fn flush(&mut self) {
        let lines = std::mem::take(&mut self.para);
        if lines.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut starts: Vec<(usize, u32)> = Vec::new();
        for (l, no) in &lines {
            if !text.is_empty() && !lexicon::attaches_to_previous(l) {
                text.push(' ');
            }
            starts.push((text.len(), *no));
            text.push_str(l);
        }
        let line_at = |offset: usize| starts.iter().rev().find(|(o, _)| *o <= offset).map_or(0, |(_, no)| *no);
        let mut from = 0;
        for cut in glued_breaks(&text).into_iter().chain(std::iter::once(text.len())) {
            let piece = text.get(from..cut).unwrap_or("").trim();
            if !piece.is_empty() {
                let para = Block::Para { text: piece.to_string(), line: line_at(from), bullet: false, links: Vec::new() };
                self.blocks.push(para);
            }
            from = cut;
        }
    }
}

fn blank(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    if !lines[i].text.is_empty() {
        return None;
    }
    r.flush();
    Some(i + 1)
}

fn cell_table(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let (table, next) = cells::read(lines, i, r.file, r.diags)?;
    r.push(Block::Table(table));
    Some(next)
}

fn example_title(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let line = &lines[i];
    if !(r.section_seen && is_example_line(line.text)) {
        return None;
    }
    r.push(Block::Heading { level: 3, text: line.text.to_string(), line: line.no });
    Some(i + 1)
}

fn heading(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let line = &lines[i];
    let level = match section::line_heading(line.text)? {
        HeadingKind::Section(_) => 2,
        HeadingKind::Sub(_) => 4,
    };
    r.push(Block::Heading { level, text: line.text.to_string(), line: line.no });
    r.section_seen |= level == 2;
    Some(i + 1)
}

fn chrome(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    if !prose::is_boilerplate(lines[i].text) {
        return None;
    }
    r.flush();
    Some(i + 1)
}

/// The title: `Server Migration Center:DeleteSourceServer`, or the bare action name as the
/// first line of a Tencent page (`RunCommand`).
fn title(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let line = &lines[i];
    let t = line.text;
    let first = r.blocks.is_empty() && r.para.is_empty();
    let bare = first && is_action_name(t) && t.chars().any(|c| c.is_ascii_lowercase());
    if r.title_seen || r.section_seen || !(is_title(t) || bare) {
        return None;
    }
    r.push(Block::Heading { level: 1, text: t.to_string(), line: line.no });
    r.title_seen = true;
    Some(i + 1)
}

fn pipe_table(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let (table, next) = pipe::read_scraped(lines, i)?;
    if let Some(line) = cut_row_after(table.line, !table.rows.is_empty(), lines, next) {
        r.diags
            .warning(r.file.span_line(line), "the page ends on this line, right after a table, and it has no `|`")
            .with_note("a table row cut before its first `|`? the page looks cut short here");
    }
    r.push(Block::Table(table));
    Some(next)
}

/// The line of a row cut before its first pipe: the page's last non-blank line follows the table's
/// rows directly (no blank line), has no pipe although the header closes its cells with one,
/// and is neither page chrome nor a heading. Scraped pages go on after a table with a blank
/// line, another table, an example or chrome; a lone last line glued to the rows is a cut.
fn cut_row_after(header: u32, has_rows: bool, lines: &[Line<'_>], next: usize) -> Option<u32> {
    let line = lines.get(next).filter(|_| lines[next + 1..].iter().all(|l| l.text.is_empty()))?;
    let t = line.text;
    let closed_header = lines.get((header as usize).wrapping_sub(1)).is_some_and(|h| h.text.ends_with('|'));
    let glued = has_rows && !t.is_empty() && !t.contains('|');
    (closed_header && glued && !prose::is_boilerplate(t) && section::line_heading(t).is_none()).then_some(line.no)
}

fn word_table(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let (table, next) = words::read(lines, i)?;
    r.push(Block::Table(table));
    Some(next)
}

/// Hands on an unfenced example (`text`, ending before line `next`) that starts at line `i`.
fn code(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize, (text, next): (String, usize)) -> Option<usize> {
    r.push(Block::Code { text, line: lines[i].no });
    Some(next)
}

fn http_request_block(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    code(r, lines, i, http_request(lines, i)?)
}

fn url_request_block(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    code(r, lines, i, url_request(lines, i)?)
}

fn json_value(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    code(r, lines, i, json_block(lines, i)?)
}

fn bullet(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let line = &lines[i];
    let item = strip_bullet(line.text)?;
    r.flush();
    if !item.is_empty() {
        r.blocks.push(Block::Para { text: item.to_string(), line: line.no, bullet: true, links: Vec::new() });
    }
    Some(i + 1)
}

/// A line of prose: continues the paragraph being read, or starts a new one.
fn paragraph_line(r: &mut Reader<'_, '_>, lines: &[Line<'_>], i: usize) -> Option<usize> {
    let line = &lines[i];
    if r.para.last().is_some_and(|(prev, _)| !continues(prev, line.text)) {
        r.flush();
    }
    r.para.push((line.text.to_string(), line.no));
    Some(i + 1)
}

/// Whether a prose line continues the previous one: it starts with punctuation or a
/// lower-case letter, or the previous line is a lone upper-case word (a state name the scrape
/// broke out of its sentence: `PENDING` / `, DELIVERING`).
fn continues(prev: &str, next: &str) -> bool {
    if lexicon::attaches_to_previous(next) {
        return true;
    }
    if next.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        return true;
    }
    !prev.is_empty()
        && !prev.contains(' ')
        && prev.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Offsets just after a full stop glued to the next sentence (`canceled.RUNNING`,
/// `canceled.A maximum`): a lower-case letter, `.`, an upper-case letter.
fn glued_breaks(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(1))
        .filter(|&i| b[i] == b'.' && b[i - 1].is_ascii_lowercase() && b[i + 1].is_ascii_uppercase())
        .map(|i| i + 1)
        .collect()
}

/// An example's title line: `Example1 Executing a command`, `Example 2 Querying ...`,
/// `示例1 查询实例`.
fn is_example_line(t: &str) -> bool {
    let rest = t.strip_prefix("Example").or_else(|| t.strip_prefix("示例"));
    t.chars().count() <= 100 && rest.is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// The Alibaba title line: `Server Migration Center:DeleteSourceServer`.
fn is_title(t: &str) -> bool {
    let Some((before, after)) = t.split_once([':', '：']) else {
        return false;
    };
    let before = before.trim();
    let after = after.trim();
    let before_ok = before.chars().next().is_some_and(|c| c.is_uppercase())
        && before.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '&' | '(' | ')'));
    before_ok && is_action_name(after)
}


/// An HTTP request as scraped: `POST / HTTP/1.1`, headers, placeholders such as
/// `<Common request parameters>`, then the JSON body. The text keeps all of it; the example
/// reader strips the headers.
fn http_request(lines: &[Line<'_>], i: usize) -> Option<(String, usize)> {
    let t = lines[i].text;
    request_target(t)?;
    let mut text = vec![t.to_string()];
    let mut j = i + 1;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty() {
            // A blank line between the headers and the body.
            let next = (j..lines.len()).find(|&k| !lines[k].text.is_empty());
            match next {
                Some(k) if opens_json(lines[k].text) => j = k,
                _ => break,
            }
            continue;
        }
        if opens_json(t) {
            if let Some((body, next)) = json_block(lines, j) {
                text.push(body);
                j = next;
            }
            break;
        }
        let header = t
            .split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let placeholder = t.starts_with('<') && t.ends_with('>');
        if !(header || placeholder) {
            break;
        }
        text.push(t.to_string());
        j += 1;
    }
    Some((text.join("\n"), j))
}

/// A GET-style example: `https://host/?Action=X` then `&Name=value` lines.
fn url_request(lines: &[Line<'_>], i: usize) -> Option<(String, usize)> {
    let t = lines[i].text;
    if !(t.starts_with("https://") || t.starts_with("http://")) || !t.contains('?') {
        return None;
    }
    let mut text = vec![t.to_string()];
    let mut j = i + 1;
    while j < lines.len() && lines[j].text.starts_with('&') {
        text.push(lines[j].text.to_string());
        j += 1;
    }
    Some((text.join("\n"), j))
}

/// A JSON value starting at line `i`, up to the line where its brackets balance (strings
/// and escapes respected); when they never balance, up to the next blank line. Lines keep
/// their indentation.
fn json_block(lines: &[Line<'_>], i: usize) -> Option<(String, usize)> {
    if !opens_json(lines[i].text) {
        return None;
    }
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (j, line) in lines.iter().enumerate().skip(i) {
        // Pretty-printed JSON has no blank lines: one ends a value that never closed.
        if line.text.is_empty() {
            break;
        }
        for c in line.raw.chars() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            let text: Vec<&str> = lines[i..=j].iter().map(|l| l.raw).collect();
            return Some((text.join("\n"), j + 1));
        }
    }
    let end = (i..lines.len()).find(|&k| lines[k].text.is_empty()).unwrap_or(lines.len());
    let text: Vec<&str> = lines[i..end].iter().map(|l| l.raw).collect();
    Some((text.join("\n"), end.max(i + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognisers_end_with_prose_and_are_named_once() {
        let names: Vec<&str> = RECOGNISERS.iter().map(|(name, _)| *name).collect();
        assert_eq!(names.first(), Some(&"blank line"));
        assert_eq!(names.last(), Some(&"paragraph line"));
        let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        // The last rule takes any line, so `step` always moves on.
        let file = SourceFile::new("x.txt", "just prose");
        let mut diags = Diagnostics::new();
        let mut r = Reader { file: &file, diags: &mut diags, blocks: Vec::new(), para: Vec::new(), title_seen: true, section_seen: true };
        let lines = grammar::split_lines(&file.text);
        let (_, paragraph) = RECOGNISERS[RECOGNISERS.len() - 1];
        assert_eq!(paragraph(&mut r, &lines, 0), Some(1));
    }

    #[test]
    fn glued() {
        assert_eq!(glued_breaks("is canceled.RUNNING, and"), vec![12]);
        assert_eq!(glued_breaks("tat.intl.tencentcloudapi.com. Next"), Vec::<usize>::new());
        assert_eq!(glued_breaks("."), Vec::<usize>::new());
    }

    #[test]
    fn one_cell_per_line_rows_are_marked_flat() {
        let text = "Response elements\n\nElement\n\nType\n\nDescription\n\nExample\n\nobject\n\n\
                    Data\n\nobject\n\nThe data.\n\nTotalCount\n\ninteger\n\nThe count.\n\n10\n";
        let file = SourceFile::new("a/X.txt", text);
        let mut diags = Diagnostics::new();
        let blocks = read(&file, &mut diags);
        let Some(Block::Table(t)) = blocks.get(1) else { panic!("{blocks:?}") };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, vec![vec!["TotalCount"], vec!["integer"], vec!["The count."], vec!["10"]]);
        // Nothing shows which rows are `Data`'s fields: `nesting` decides, from the example.
        assert!(t.rows.iter().all(|r| r.flat));
        assert!(diags.is_empty(), "{diags}");
    }

    #[test]
    fn titles() {
        assert!(is_title("Server Migration Center:DeleteSourceServer"));
        assert!(!is_title("Last Updated:Sep 08, 2025"));
        assert!(!is_title("smc:DeleteSourceServer"));
        assert!(!is_title("acs:smc:{#regionId}:{#accountId}:sourceserver/{#SourceId}"));
    }

    #[test]
    fn broken_state_lines_are_joined() {
        let text = "This API is used to cancel.\nPENDING\n, DELIVERING\n, or DELIVER_DELAYED\n, and will be CANCELLED\n\
                    after the command is canceled.RUNNING\n, and will be TERMINATED\n\
                    after the command is canceled.A maximum of 20 requests can be initiated per second for this API.\n";
        let file = SourceFile::new("x.txt", text);
        let blocks = read(&file, &mut Diagnostics::new());
        let para = |t: &str, line| Block::Para { text: t.into(), line, bullet: false, links: Vec::new() };
        assert_eq!(
            blocks,
            vec![
                para("This API is used to cancel.", 1),
                para(
                    "PENDING, DELIVERING, or DELIVER_DELAYED, and will be CANCELLED after the command is canceled.",
                    2
                ),
                para("RUNNING, and will be TERMINATED after the command is canceled.", 6),
                para("A maximum of 20 requests can be initiated per second for this API.", 8),
            ]
        );
    }
}
