//! Pipe tables: a header line, a `---|---` delimiter line, then rows of `|`-separated cells.
//!
//! Two dialects share the cell splitting: Markdown pages (`read_markdown`: leading pipes
//! optional, a row may run over several lines up to the line that closes it with a pipe, and
//! cells are Markdown, flattened by `flatten_cell`; where a table starts, `markdown_rows_start`,
//! also when the delimiter line is missing or the header row is spread over lines) and scraped
//! web pages (`read_scraped`: no leading pipes, cells are plain lines, a row without its
//! trailing pipe continues on the next lines, and so does a row that closed short).

use super::super::lexicon::{self, atx_level, breaks_line, ends_sentence, fence_marker, html_name, is_delimiter};
use super::super::table::{self, Kind, Row, Table};
use super::Line;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Whether a pipe table starts at line `i`: a line with a pipe, then a delimiter line.
pub(crate) fn starts_at(lines: &[Line<'_>], i: usize) -> bool {
    lines[i].text.contains('|') && lines.get(i + 1).is_some_and(|n| is_delimiter(n.text))
}

/// Where the rows of a Markdown pipe table headed by line `i` start: after its delimiter line
/// ([`starts_at`]), or right after the header when the delimiter is missing (Alibaba's 2018
/// pages: `|Name|Type|Required|Description|` then `|KeyId|String|Yes|...|`, which Markdown
/// renders as a paragraph) and the header is a table's for certain: closed by pipes, every
/// cell a column name, the columns a parameter or an error table's, the line before it no
/// table line, and the line after it a row.
pub(crate) fn markdown_rows_start(lines: &[Line<'_>], i: usize) -> Option<TableStart> {
    let at = |first_row| TableStart { first_row, spread_header: None };
    if starts_at(lines, i) {
        return Some(at(i + 2));
    }
    if let Some((header, first_row)) = spread_header(lines, i) {
        return Some(TableStart { first_row, spread_header: Some(header) });
    }
    let t = lines[i].text;
    let pipe_line = |t: &str| t.starts_with('|') && row_closed(t) && count_cells(t) >= 2;
    if !pipe_line(t) || i.checked_sub(1).is_some_and(|p| lines[p].text.starts_with('|')) {
        return None;
    }
    let header = split_cells(t);
    let known = header.iter().all(|c| table::is_column_name(c))
        && matches!(table::classify(&header), Kind::Params(_) | Kind::Errors(_));
    let row = |t: &str| t.starts_with('|') && count_cells(t) >= 2;
    (known && lines.get(i + 1).is_some_and(|n| row(n.text))).then(|| at(i + 1))
}

/// Where a Markdown pipe table's rows start ([`markdown_rows_start`]), with its header's text
/// when the header runs over lines ([`spread_header`]), so it is read once.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TableStart {
    first_row: usize,
    spread_header: Option<String>,
}

/// Longest a row may run over physical lines before it is read as one line.
const MAX_ROW_LINES: usize = 200;

/// A row is closed when its text ends with an unescaped pipe.
fn row_closed(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

/// Most lines a header row may run over ([`spread_header`]).
const MAX_HEADER_LINES: usize = 16;

/// A header row spread over lines, one cell a line with blank lines between
/// (`|HTTP status code`, ``, `|Error code`, ..., `|Description |`), then a delimiter line with
/// as many cells: the header's text, joined, and the index of the first row. Alibaba's ESS
/// pages write their error tables so, rows too (a row that runs over lines is read as one by
/// [`read_markdown`]).
fn spread_header(lines: &[Line<'_>], i: usize) -> Option<(String, usize)> {
    let t = lines[i].text;
    if !t.starts_with('|') || row_closed(t) || i.checked_sub(1).is_some_and(|p| lines[p].text.starts_with('|')) {
        return None;
    }
    let mut text = t.to_string();
    let mut k = i + 1;
    while k < lines.len() && k - i < MAX_HEADER_LINES {
        let next = lines[k].text;
        k += 1;
        if next.is_empty() {
            continue;
        }
        if !next.starts_with('|') {
            return None;
        }
        text.push('\n');
        text.push_str(next);
        if row_closed(next) {
            let delimiter = lines.get(k).filter(|d| is_delimiter(d.text))?;
            return (count_cells(&text) == count_cells(delimiter.text)).then_some((text, k + 1));
        }
    }
    None
}

/// Reads the Markdown pipe table whose header starts at line `i`, where
/// [`markdown_rows_start`] found it; returns it and the index of the line after it.
pub(crate) fn read_markdown(lines: &[Line<'_>], i: usize, start: TableStart) -> (Table, usize) {
    let TableStart { first_row, spread_header } = start;
    let header_text = spread_header.as_deref().unwrap_or(lines[i].text);
    let header: Vec<String> = split_cells(header_text).into_iter().map(|c| flatten_owned(c).join(" ")).collect();
    let width = header.len();
    let leading = header_text.starts_with('|');
    let trailing = row_closed(header_text);
    let mut table = Table { header, line: lines[i].no, rows: Vec::new() };
    let mut j = first_row;
    while j < lines.len() {
        let t = lines[j].text;
        // A row that lost its leading pipe (SQL Server ModifyAccountRemark: ` Accounts.N | Yes |
        // Array of ... | ... |`) is still a row when it has the header's cells and closes.
        let lost_leading_pipe = leading
            && !t.starts_with('|')
            && row_closed(t)
            && count_cells(t) == width
            && !is_delimiter(t)
            && !lines.get(j + 1).is_some_and(|n| is_delimiter(n.text));
        if t.is_empty() || (leading && !t.starts_with('|') && !lost_leading_pipe) || !t.contains('|') || atx_level(t).is_some() {
            break;
        }
        let first = j;
        let mut text = t.to_string();
        let mut cut = false;
        j += 1;
        if trailing && !row_closed(&text) {
            // The row runs on: its last cell spans lines, up to a line ending with a pipe.
            let mut k = j;
            let mut closed = false;
            let mut in_fence = false;
            while k < lines.len() && k - first < MAX_ROW_LINES {
                let next = lines[k].raw;
                let nt = next.trim();
                if fence_marker(nt).is_some() {
                    in_fence = !in_fence;
                }
                let new_row = nt.starts_with('|') && count_cells(nt) >= 2 && count_cells(&text) >= width;
                if !in_fence && (atx_level(nt).is_some() || new_row) {
                    break;
                }
                text.push('\n');
                text.push_str(next.trim_end());
                k += 1;
                if !in_fence && row_closed(nt) {
                    closed = true;
                    break;
                }
            }
            if closed {
                j = k;
            } else {
                // Never closed: the row is its first line alone. When nothing after it could
                // have closed it (the page ends), the page was cut inside the row.
                cut = k >= lines.len();
                text = t.to_string();
            }
        }
        let raw = split_cells(&text);
        let linked: Vec<bool> = raw.iter().map(|c| c.contains("](")).collect();
        let cells: Vec<Vec<String>> = raw.into_iter().map(flatten_owned).collect();
        let found = cells.len();
        let mut cells = cells;
        if found > width && width > 0 {
            // Unescaped pipes in the last cell: keep its text rather than drop it.
            let rest: Vec<String> = cells.drain(width - 1..).flatten().collect();
            cells.push(rest);
        }
        let mut row = Row::new(cells, width, lines[first].no);
        row.found = found;
        row.cut = cut;
        row.linked = linked;
        table.rows.push(row);
    }
    (table, j)
}

/// A pipe table without leading pipes: a header line, a `---|---|` line, rows up to a line
/// without a pipe. A row whose trailing pipe is missing (when the header has one) continues
/// on the next lines.
pub(crate) fn read_scraped(lines: &[Line<'_>], i: usize) -> Option<(Table, usize)> {
    let t = lines[i].text;
    if !t.contains('|') || !lines.get(i + 1).is_some_and(|n| is_delimiter(n.text)) {
        return None;
    }
    let header = split_cells(t);
    let width = header.len();
    let trailing_pipe = t.ends_with('|');
    let mut table = Table { header, line: lines[i].no, rows: Vec::new() };
    let mut j = i + 2;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty() || !t.contains('|') || lines.get(j + 1).is_some_and(|n| is_delimiter(n.text)) {
            break;
        }
        let line = lines[j].no;
        let mut text = t.to_string();
        j += 1;
        let mut extra = 0;
        while trailing_pipe && !text.ends_with('|') && j < lines.len() && extra < 20 {
            let next = lines[j].text;
            if next.is_empty() || lines.get(j + 1).is_some_and(|n| is_delimiter(n.text)) {
                break;
            }
            text.push('\n');
            text.push_str(next);
            j += 1;
            extra += 1;
        }
        if trailing_pipe
            && text.ends_with('|')
            && count_cells(&text) < width
            && let Some((joined, next)) = short_row_continued(&text, width, lines, j)
        {
            text = joined;
            j = next;
        }
        // The page ended before the trailing pipe the header promises: cut inside the row.
        let cut = trailing_pipe && !text.ends_with('|') && j >= lines.len();
        let cells: Vec<Vec<String>> = split_cells(&text)
            .into_iter()
            .map(|c| c.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
            .collect();
        let mut row = Row::new(cells, width, line);
        row.cut = cut;
        table.rows.push(row);
    }
    Some((table, j))
}

/// Most lines a row's last cells may run over after a line that closed it short.
const MAX_SHORT_ROW_LINES: usize = 20;

/// A row that closed short (fewer cells than the header, its last line ending with a pipe)
/// whose remaining cells follow on lines of their own: scrapes of the Alibaba Cloud site put
/// a row's description, the cell that holds paragraphs and lists, on the lines after the row's
/// short cells (`Action | String | Yes | DescribeRegions |`, then `The operation that you want
/// to perform. ... |`), and an empty last cell as a lone `|`. A following line belongs to the
/// row when it holds at most one pipe, closing it; its text without a pipe runs on to the line
/// that has one. Returns the row's text with those lines and the index of the line after
/// them, or `None` when the lines stop (a blank line, a line with a row's pipes, the page's
/// end) before one closes a cell: the row is then its first line alone, as written.
fn short_row_continued(text: &str, width: usize, lines: &[Line<'_>], from: usize) -> Option<(String, usize)> {
    let mut joined = text.to_string();
    let mut accepted = None;
    let mut k = from;
    while k < lines.len() && k - from < MAX_SHORT_ROW_LINES {
        let next = lines[k].text;
        let pipes = next.matches('|').count();
        let closes = next.ends_with('|');
        if next.is_empty() || pipes > 1 || (pipes == 1 && !closes) || lines.get(k + 1).is_some_and(|n| is_delimiter(n.text)) {
            break;
        }
        joined.push('\n');
        joined.push_str(next);
        k += 1;
        if closes {
            accepted = Some(k);
            if count_cells(&joined) >= width {
                break;
            }
        }
    }
    let end = accepted?;
    // Only the lines up to the last closed cell: text after it is not the row's.
    let cut_at = lines[from..end].iter().map(|l| l.text.len() + 1).sum::<usize>() + text.len();
    joined.truncate(cut_at);
    Some((joined, end))
}

/// The text of one cell as lines: Markdown flattened, `<br>` and paragraph breaks kept as
/// line breaks, list items as lines starting with `- `, fenced code as its lines.
pub(crate) fn flatten_cell(cell: &str) -> Vec<String> {
    if cell.trim().is_empty() {
        return Vec::new();
    }
    if is_plain_text(cell) {
        // What the Markdown parser would give, without building one per cell.
        return vec![cell.to_owned()];
    }
    flatten_markdown_cell(cell)
}

/// [`flatten_cell`] of a cell already copied out of its line: a plain cell (most are) is kept
/// as it is rather than copied again.
fn flatten_owned(cell: String) -> Vec<String> {
    if is_plain_text(&cell) { vec![cell] } else { flatten_cell(&cell) }
}

/// A one-line cell that Markdown reads as exactly its own text: no markup characters, no
/// line breaks, nothing at the start that would open a block (list item, heading, quote,
/// code), and already trimmed. Most cells (types, names, Yes/No, short sentences) are.
fn is_plain_text(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    // `1. ` and `1) ` open an ordered list; `-`, `+`, `>`, `#`, spaces open other blocks.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let opens_block = !(first.is_ascii_alphanumeric() || first >= 0x80) || matches!(bytes.get(digits), Some(b'.' | b')') if digits > 0);
    // Trimmed: no whitespace at either end (ASCII whitespace at the start opens a block).
    if opens_block || cell.starts_with(char::is_whitespace) || cell.ends_with(char::is_whitespace) {
        return false;
    }
    // Every byte plain, and no two spaces in a row; one pass.
    let mut after_space = false;
    bytes.iter().all(|&b| {
        let space = b == b' ';
        let plain = PLAIN[usize::from(b)] && !(space && after_space);
        after_space = space;
        plain
    })
}

/// The bytes of plain cell text: letters, digits, spaces, everyday punctuation and every
/// byte of non-ASCII text (which Markdown has no syntax for); any other ASCII (`*`, `_`,
/// `` ` ``, `[`, `<`, `&`, `\`, `|`, `!`, `#`, `~`, tabs, control characters) takes the full
/// parser.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        plain[b] = c >= 0x80
            || c.is_ascii_alphanumeric()
            || matches!(c, b' ' | b',' | b'.' | b';' | b':' | b'(' | b')' | b'\'' | b'"' | b'/' | b'=' | b'?' | b'%' | b'-' | b'+' | b'@');
        b += 1;
    }
    plain
};

fn flatten_markdown_cell(cell: &str) -> Vec<String> {
    let mut c = CellLines::default();
    let mut code: Option<String> = None;
    for event in Parser::new_ext(cell, Options::empty()) {
        match event {
            Event::Text(text) => match &mut code {
                Some(c) => c.push_str(&text),
                None => c.current.push_str(&text),
            },
            Event::Code(text) => {
                c.current.push('`');
                c.current.push_str(&text);
                c.current.push('`');
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if html_name(&html) == "li" && !html.trim_start().starts_with("</") {
                    c.flush(false);
                    c.bullet = true;
                } else if breaks_line(&html) {
                    c.flush(false);
                }
            }
            Event::SoftBreak => c.flush(true),
            Event::HardBreak => c.flush(false),
            Event::Start(Tag::Item) => {
                c.flush(false);
                c.bullet = true;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                c.flush(false);
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                for l in code.take().unwrap_or_default().lines() {
                    c.current.push_str(l);
                    c.flush(false);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) | Event::Start(Tag::List(_)) => {
                c.flush(false);
            }
            _ => {}
        }
    }
    c.flush(false);
    c.lines.into_iter().map(|(t, item)| if item { format!("- {t}") } else { t }).collect()
}

/// Lines of a cell being collected: `(text, starts a list item)`.
#[derive(Default)]
struct CellLines {
    lines: Vec<(String, bool)>,
    current: String,
    /// The next line starts a list item.
    bullet: bool,
    /// The line being collected follows a soft break (a line break inside a paragraph).
    soft: bool,
}

impl CellLines {
    /// Ends the current line; `soft` when the break is a soft one, after which the next line
    /// continues this one unless this one ends a sentence.
    fn flush(&mut self, soft: bool) {
        let text = std::mem::take(&mut self.current);
        let t = text.trim();
        if !t.is_empty() {
            match self.lines.last_mut() {
                Some((prev, _)) if self.soft && !self.bullet && !ends_sentence(prev) => {
                    if !lexicon::attaches_to_previous(t) {
                        prev.push(' ');
                    }
                    prev.push_str(t);
                }
                _ => self.lines.push((t.to_string(), self.bullet)),
            }
            self.bullet = false;
        }
        self.soft = soft && (!t.is_empty() || self.soft);
    }
}


/// Cells in a pipe-table line as written (leading and trailing pipes optional, `\|` escaped),
/// counted without copying them.
fn count_cells(line: &str) -> usize {
    let mut count = 0;
    each_cell(line, |_| count += 1);
    count
}

/// Splits a pipe-table line into trimmed cells (leading and trailing pipes optional, `\|`
/// kept as a literal pipe).
pub(crate) fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    each_cell(line, |cell| cells.push(cell.to_owned()));
    cells
}

/// Hands each cell of a pipe-table line to `take`, trimmed, in order ([`split_cells`]).
fn each_cell(line: &str, mut take: impl FnMut(&str)) {
    let text = line.trim();
    let bytes = text.as_bytes();
    // A fence line (```` ``` ```` or `~~~`) at `at`, the start of a line.
    let opens_fence = |at: usize| {
        fence_marker(text[at..].trim_start_matches([' ', '\t'])).is_some()
    };
    // A cell with an escaped pipe, put together; a cell without one is a slice of the line.
    let mut escaped = String::new();
    // A fenced code block inside a multi-line cell keeps its pipes.
    let mut fence = opens_fence(0);
    // Text between the special bytes is taken in runs: `copied` is where the run starts.
    // The special bytes are ASCII, so every index here is a char boundary.
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| matches!(b, b'\\' | b'|' | b'\n')) {
        let at = i + offset;
        i = at + 1;
        match bytes[at] {
            b'\n' if i < bytes.len() && opens_fence(i) => fence = !fence,
            b'\\' if bytes.get(at + 1) == Some(&b'|') => {
                escaped.push_str(&text[copied..at]);
                escaped.push('|');
                i = at + 2;
                copied = i;
            }
            b'|' if !fence => {
                // A leading pipe opens the first cell rather than ending an empty one.
                if at > 0 {
                    if escaped.is_empty() {
                        take(text[copied..at].trim());
                    } else {
                        escaped.push_str(&text[copied..at]);
                        take(escaped.trim());
                    }
                }
                escaped.clear();
                copied = i;
            }
            _ => {}
        }
    }
    if !escaped.is_empty() {
        escaped.push_str(&text[copied..]);
    }
    let last = if escaped.is_empty() { text[copied..].trim() } else { escaped.trim() };
    if !last.is_empty() {
        take(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` strings of up to `max_len - 1` characters of `alphabet`, from a xorshift
    /// generator with a fixed `seed`; character `i` of a string is picked by the state shifted
    /// right by `i * shift`.
    fn random_strings(alphabet: &str, mut seed: u64, count: usize, max_len: u64, shift: u64) -> Vec<String> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..count)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (0..(seed % max_len)).map(|i| alphabet[((seed >> (i * shift)) % alphabet.len() as u64) as usize]).collect()
            })
            .collect()
    }

    /// The char-by-char `split_cells` the run-copying one replaced.
    fn split_cells_reference(line: &str) -> Vec<String> {
        let text = line.trim();
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut chars = text.char_indices().peekable();
        let mut first = true;
        let mut line_start = true;
        // A fenced code block inside a multi-line cell keeps its pipes.
        let mut fence = false;
        while let Some((i, c)) = chars.next() {
            if line_start {
                let rest = text[i..].trim_start_matches([' ', '\t']);
                if rest.starts_with("```") || rest.starts_with("~~~") {
                    fence = !fence;
                }
            }
            line_start = c == '\n';
            match c {
                '\\' if chars.peek().is_some_and(|(_, n)| *n == '|') => {
                    cell.push('|');
                    chars.next();
                }
                '|' if !fence => {
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

    #[test]
    fn split_cells_matches_the_char_by_char_splitter() {
        for line in random_strings("ab |\\\n`~ \t数", 0x9e37_79b9_7f4a_7c15, 50_000, 16, 4) {
            assert_eq!(split_cells(&line), split_cells_reference(&line), "{line:?}");
        }
        for line in ["| a | b |", "a \\| b | c", "| ```\n x | y\n``` | z |", "|", "||", " | | "] {
            assert_eq!(split_cells(line), split_cells_reference(line), "{line:?}");
        }
    }

    #[test]
    fn counting_cells_counts_what_splitting_gives() {
        for line in random_strings("ab |\\\n`~ \t数", 0x51_7cc1_b727_220a, 20_000, 16, 4) {
            assert_eq!(count_cells(&line), split_cells_reference(&line).len(), "{line:?}");
        }
    }

    #[test]
    fn plain_cells_flatten_as_the_markdown_parser_would() {
        let mut cells: Vec<String> = [
            "String", "Yes", "10", "1. a", "1) a", "2021-01-01", "a  b", "- a", "+ a", "ins-abc, ins-def", "e.g. 1:2 (x)",
            "\u{3000}a", "a\u{a0}", "数据盘", "a 'b' \"c\" d=e?f%g@h+i/j", "a:b", "A.B", "1.", "x\u{2028}y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random cells over an alphabet of plain and tricky characters (fixed seed).
        let alphabet = "aZ09 ,.;:()'\"/=?%-+@*_`[]<>&\\|!#~\t\u{a0}\u{3000}数";
        cells.extend(random_strings(alphabet, 0x2545_f491_4f6c_dd1d, 20_000, 12, 5));
        for cell in cells.iter().filter(|c| !c.trim().is_empty()) {
            assert_eq!(flatten_cell(cell), flatten_markdown_cell(cell), "{cell:?}");
        }
    }

    #[test]
    fn cells() {
        assert_eq!(split_cells("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_cells("a | b |"), vec!["a", "b"]);
        assert_eq!(split_cells("a | b"), vec!["a", "b"]);
        assert_eq!(split_cells("| a \\| x | | c |"), vec!["a | x", "", "c"]);
        assert_eq!(split_cells("|"), Vec::<String>::new());
        assert_eq!(split_cells("| JobId | Yes | String |"), vec!["JobId", "Yes", "String"]);
    }
}
