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
//! chrome ([`prose::is_boilerplate`]) is dropped.

use super::block::Block;
use super::grammar::pipe::split_cells;
use super::lexicon::{
    self, ends_sentence, is_action_name, is_delimiter, opens_json, request_target, strip_bullet,
};
use super::section::{self, HeadingKind};
use super::table::{self, Kind, Row, Table};
use crate::diag::Diagnostics;
use crate::ir::TypeRef;
use crate::parse::prose;
use crate::source::SourceFile;

struct Line<'a> {
    /// Trimmed text.
    text: &'a str,
    /// Text without its line ending (indentation kept).
    raw: &'a str,
    no: u32,
}

/// Reads a scraped page into blocks.
pub(crate) fn read(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Block> {
    let lines: Vec<Line<'_>> = file
        .text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.trim_end_matches('\r');
            Line { text: raw.trim(), raw, no: u32::try_from(i + 1).unwrap_or(u32::MAX) }
        })
        .collect();
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

impl Reader<'_, '_> {
    /// Reads what starts at line `i`; returns the index of the next unread line.
    fn step(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let line = &lines[i];
        let t = line.text;
        if t.is_empty() {
            self.flush();
            return i + 1;
        }
        if let Some((table, next)) = cell_table(lines, i, self.file, self.diags) {
            self.flush();
            self.blocks.push(Block::Table(table));
            return next;
        }
        if self.section_seen && is_example_line(t) {
            self.flush();
            self.blocks.push(Block::Heading { level: 3, text: t.to_string(), line: line.no });
            return i + 1;
        }
        if let Some(kind) = heading_kind(t) {
            self.flush();
            let level = match kind {
                HeadingKind::Section(_) => 2,
                HeadingKind::Sub(_) => 4,
            };
            self.section_seen |= level == 2;
            self.blocks.push(Block::Heading { level, text: t.to_string(), line: line.no });
            return i + 1;
        }
        if prose::is_boilerplate(t) {
            self.flush();
            return i + 1;
        }
        // The title: `Server Migration Center:DeleteSourceServer`, or the bare action name as
        // the first line of a Tencent page (`RunCommand`).
        let first = self.blocks.is_empty() && self.para.is_empty();
        let bare = first && is_action_name(t) && t.chars().any(|c| c.is_ascii_lowercase());
        if !self.title_seen && !self.section_seen && (is_title(t) || bare) {
            self.flush();
            self.title_seen = true;
            self.blocks.push(Block::Heading { level: 1, text: t.to_string(), line: line.no });
            return i + 1;
        }
        if let Some((table, next)) = pipe_table(lines, i).or_else(|| space_table(lines, i)) {
            self.flush();
            self.blocks.push(Block::Table(table));
            return next;
        }
        if let Some((text, next)) =
            http_request(lines, i).or_else(|| url_request(lines, i)).or_else(|| json_block(lines, i))
        {
            self.flush();
            self.blocks.push(Block::Code { text, line: line.no });
            return next;
        }
        if let Some(item) = strip_bullet(t) {
            self.flush();
            if !item.is_empty() {
                self.blocks.push(Block::Para { text: item.to_string(), line: line.no, bullet: true });
            }
            return i + 1;
        }
        if self.para.last().is_some_and(|(prev, _)| !continues(prev, t)) {
            self.flush();
        }
        self.para.push((t.to_string(), line.no));
        i + 1
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
                self.blocks.push(Block::Para { text: piece.to_string(), line: line_at(from), bullet: false });
            }
            from = cut;
        }
    }
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

/// A known heading on a line of its own.
fn heading_kind(t: &str) -> Option<HeadingKind> {
    if t.chars().count() > 60 || t.contains('|') {
        return None;
    }
    section::classify(t)
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


/// A table written one cell per line: two or more header cells (`Parameter`, `Type`, ...)
/// on lines of their own, then the cells of the rows. Returns the table and the next line.
fn cell_table(lines: &[Line<'_>], i: usize, file: &SourceFile, diags: &mut Diagnostics) -> Option<(Table, usize)> {
    let mut header = Vec::new();
    let mut j = i;
    let mut end = i;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty() {
            j += 1;
            continue;
        }
        if t.chars().count() <= 40 && table::is_column_name(t) {
            header.push(t.to_string());
            j += 1;
            end = j;
        } else {
            break;
        }
    }
    if header.len() < 2 {
        return None;
    }
    let mut table = Table { header, line: lines[i].no, rows: Vec::new() };
    let kind = table::classify(&table.header);
    // Cells: every non-blank line up to the next heading (or, for error tables, up to the
    // first line that is not an error row).
    let mut cells: Vec<(String, bool, u32)> = Vec::new();
    let mut j = end;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty() {
            j += 1;
            continue;
        }
        if heading_kind(t).is_some()
            || opens_json(t)
            || (t.contains('|') && lines.get(j + 1).is_some_and(|n| is_delimiter(n.text)))
        {
            break;
        }
        if let Kind::Errors(cols @ table::ErrorCols { status: Some(_), .. }) = kind {
            match error_line(t, &cols, table.header.len()) {
                Some(row_cells) => table.rows.push(Row::new(row_cells, table.header.len(), lines[j].no)),
                None => {
                    if t.len() >= 3 && t.is_char_boundary(3) && t[..3].bytes().all(|b| b.is_ascii_digit()) {
                        diags
                            .warning(
                                file.span_line(lines[j].no),
                                "an error row has a status but no error code; the table ends here",
                            )
                            .with_note("expected `<HTTP status> <Error code> <message> <description>` on one line");
                    }
                    break;
                }
            }
        } else {
            match strip_bullet(t) {
                Some(item) => cells.push((item.to_string(), true, lines[j].no)),
                None => cells.push((t.to_string(), false, lines[j].no)),
            }
        }
        j += 1;
    }
    match kind {
        Kind::Params(cols) => {
            table.rows = param_rows(&cells, &cols, table.header.len());
            warn_flattened(&table, &cols, file, diags);
        }
        Kind::Errors(table::ErrorCols { status: Some(_), .. }) | Kind::Ram => {}
        Kind::Errors(_) | Kind::Unknown => {
            let width = table.header.len().max(1);
            for chunk in cells.chunks(width) {
                let row_cells = chunk.iter().map(|(t, _, _)| vec![t.clone()]).collect();
                let line = chunk.first().map_or(0, |c| c.2);
                table.rows.push(Row::new(row_cells, table.header.len(), line));
            }
        }
    }
    Some((table, j))
}

/// Scraped one-cell-per-line tables lose the indentation that nests an object's fields under
/// it: rows after a named `object` row are read as top-level fields. Says so.
fn warn_flattened(table: &Table, cols: &table::ParamCols, file: &SourceFile, diags: &mut Diagnostics) {
    let Some((k, row)) = table.rows.iter().enumerate().find(|(_, r)| {
        let ty = r.cells.get(cols.ty).map(|c| c.join(" ")).unwrap_or_default();
        ty.to_ascii_lowercase().contains("object") || table::builtin_type(&ty) == Some(TypeRef::Json)
    }) else {
        return;
    };
    if k + 1 < table.rows.len() {
        let name = row.cells.get(cols.name).map(|c| c.join(" ")).unwrap_or_default();
        diags
            .warning(
                file.span_line(row.line),
                format!("`{name}` is an object, and scraped text does not show which rows are its fields; the rows after it are read as top-level fields"),
            )
            .with_note("describe this operation in YAML, or import the Markdown page, to keep the nesting");
    }
}

/// Groups the cells of a one-cell-per-line parameter table into rows. A row starts with a
/// name followed by a built-in type word (`SourceId` / `string`). Cells before the first row
/// that start with a type word are the unnamed root `object` of Alibaba response tables:
/// skipped knowingly. Cells of a row fill the columns before Description one each, the
/// columns after it (Example) from the end, and Description takes the rest; a trailing bullet
/// or sentence is description, not an example.
fn param_rows(cells: &[(String, bool, u32)], cols: &table::ParamCols, width: usize) -> Vec<Row> {
    let is_name = |t: &str| {
        t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    };
    let starts: Vec<usize> = (0..cells.len())
        .filter(|&k| {
            !cells[k].1
                && is_name(&cells[k].0)
                && cells.get(k + 1).is_some_and(|n| !n.1 && table::builtin_type(&n.0).is_some())
        })
        .collect();
    let mut rows = Vec::new();
    if let Some(&first) = starts.first() {
        let leading = &cells[..first];
        let root = leading.first().is_some_and(|c| table::builtin_type(&c.0).is_some());
        if !leading.is_empty() && !root {
            // Unreadable cells before the first row: keep them as a row of their own so the
            // name check warns about them.
            rows.push(Row::new(vec![vec![leading[0].0.clone()]], width, leading[0].2));
        }
    } else if let Some(c) = cells.first().filter(|c| table::builtin_type(&c.0).is_none()) {
        rows.push(Row::new(vec![vec![c.0.clone()]], width, c.2));
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(cells.len());
        let row = &cells[start..end];
        let line = row[0].2;
        let mut out: Vec<Vec<String>> = vec![Vec::new(); width];
        let desc = cols.description.unwrap_or(width);
        let n_pre = desc.min(width);
        let n_post = width.saturating_sub(desc + 1);
        let pre = row.len().min(n_pre);
        for (k, cell) in row[..pre].iter().enumerate() {
            out[k].push(cell.0.clone());
        }
        let rest = &row[pre..];
        if desc < width && !rest.is_empty() {
            let mut post = n_post.min(rest.len() - 1);
            if post > 0 {
                let last = &rest[rest.len() - 1];
                let sentence = last.0.contains(' ') && ends_sentence(&last.0);
                if last.1 || sentence {
                    post = 0;
                }
            }
            let split = rest.len() - post;
            out[desc].extend(rest[..split].iter().map(|c| c.0.clone()));
            for (k, cell) in rest[split..].iter().enumerate() {
                out[desc + 1 + k].push(cell.0.clone());
            }
        }
        let found = if row.len() < n_pre { row.len() } else { width };
        let mut r = Row::new(out, width, line);
        r.found = found;
        rows.push(r);
    }
    rows
}

/// One Alibaba error row: `400 Code message description`, where message and description are
/// usually the same text twice. Cells come back in header order.
fn error_line(t: &str, cols: &table::ErrorCols, width: usize) -> Option<Vec<Vec<String>>> {
    let (status, rest) = t.split_once(char::is_whitespace)?;
    let ok_status = status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit());
    if !ok_status {
        return None;
    }
    let rest = rest.trim_start();
    let (code, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if code.is_empty() {
        return None;
    }
    let text = text.trim();
    let (message, description) = match split_repeated(text) {
        Some(half) => (half.to_string(), half.to_string()),
        None => (String::new(), text.to_string()),
    };
    let mut cells = vec![Vec::new(); width];
    let mut put = |col: Option<usize>, value: String| {
        if let Some(cell) = col.and_then(|c| cells.get_mut(c)).filter(|_| !value.is_empty()) {
            cell.push(value);
        }
    };
    put(cols.status, status.to_string());
    put(Some(cols.code), code.to_string());
    put(cols.message, message);
    put(cols.description, description);
    Some(cells)
}

/// `A A` -> `A`: the text is two equal halves around one space.
fn split_repeated(text: &str) -> Option<&str> {
    let len = text.len();
    if len < 3 || len & 1 == 0 {
        return None;
    }
    let mid = (len - 1) / 2;
    let (a, b) = (text.get(..mid)?, text.get(mid + 1..)?);
    (text.as_bytes().get(mid) == Some(&b' ') && a == b).then_some(a)
}

/// A pipe table without leading pipes: a header line, a `---|---|` line, rows up to a line
/// without a pipe. A row whose trailing pipe is missing (when the header has one) continues
/// on the next lines.
fn pipe_table(lines: &[Line<'_>], i: usize) -> Option<(Table, usize)> {
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
        let cells: Vec<Vec<String>> = split_cells(&text)
            .into_iter()
            .map(|c| c.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
            .collect();
        table.rows.push(Row::new(cells, width, line));
    }
    Some((table, j))
}

/// A header line whose cells were flattened to words: `Parameter Name Required Type
/// Description`, `Error Code Description`, `参数名称 必选 类型 描述`. Returns the column names.
fn space_header(t: &str) -> Option<Vec<String>> {
    if t.contains('|') || t.chars().count() > 80 {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut columns = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let n = (1..=4.min(words.len() - k)).rev().find(|&n| table::is_column_name(&words[k..k + n].join(" ")))?;
        columns.push(words[k..k + n].join(" "));
        k += n;
    }
    let kind = table::classify(&columns);
    (columns.len() >= 2 && matches!(kind, Kind::Params(_) | Kind::Errors(_))).then_some(columns)
}

/// One row of a flattened table: the cells when `t` starts a row (a name, a required flag and
/// a type for parameter tables; a code for error tables), else `None`.
fn space_row(t: &str, header: &[String]) -> Option<Vec<Vec<String>>> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut cells = vec![Vec::new(); header.len()];
    let mut k = 0;
    match table::classify(header) {
        Kind::Params(cols) => {
            for (col, cell) in cells.iter_mut().enumerate() {
                if Some(col) == cols.description {
                    // The rest of the line (a description column is last in these tables).
                    let rest = words.get(k..).unwrap_or_default().join(" ");
                    if !rest.is_empty() {
                        cell.push(rest);
                    }
                    k = words.len();
                } else if col == cols.name {
                    let name = *words.get(k)?;
                    table::split_name(name)?;
                    cell.push(name.to_string());
                    k += 1;
                } else if Some(col) == cols.required {
                    let word = *words.get(k)?;
                    table::parse_required(word)?;
                    cell.push(word.to_string());
                    k += 1;
                } else if col == cols.ty {
                    // The longest run of words that is a type: `Array of String`, `Timestamp ISO8601`.
                    let n = (1..=3.min(words.len().saturating_sub(k)))
                        .rev()
                        .find(|&n| table::parse_type(&words[k..k + n].join(" ")).is_some())?;
                    cell.push(words[k..k + n].join(" "));
                    k += n;
                } else {
                    cell.push((*words.get(k)?).to_string());
                    k += 1;
                }
            }
            Some(cells)
        }
        Kind::Errors(cols) => {
            let code = *words.first()?;
            let shaped = code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                && (code.contains('.') || code.chars().filter(char::is_ascii_uppercase).count() >= 2);
            if !shaped {
                return None;
            }
            cells[cols.code].push(code.to_string());
            if let Some(d) = cols.description {
                let rest = words[1..].join(" ");
                if !rest.is_empty() {
                    cells[d].push(rest);
                }
            }
            Some(cells)
        }
        _ => None,
    }
}

/// A table whose cells were flattened to space-separated words, one row a line (web pages
/// scraped without their table markup): a header line of column names, then rows that start
/// with a name (and a required flag and a type) or an error code. Lines that start no row
/// continue the description of the row before. The table ends at a blank line, a heading, a
/// code block or page chrome.
fn space_table(lines: &[Line<'_>], i: usize) -> Option<(Table, usize)> {
    let header = space_header(lines[i].text)?;
    let width = header.len();
    let mut table = Table { header, line: lines[i].no, rows: Vec::new() };
    let mut j = i + 1;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty()
            || heading_kind(t).is_some()
            || space_header(t).is_some()
            || opens_json(t)
            || prose::is_boilerplate(t)
            || request_target(t).is_some()
            || t.starts_with("http://")
            || t.starts_with("https://")
        {
            break;
        }
        match space_row(t, &table.header) {
            Some(cells) => table.rows.push(Row::new(cells, width, lines[j].no)),
            None => match table.rows.last_mut() {
                // A line of the previous row's description.
                Some(row) => {
                    let desc = match table::classify(&table.header) {
                        Kind::Params(cols) => cols.description,
                        Kind::Errors(cols) => cols.description,
                        _ => None,
                    };
                    match desc.and_then(|d| row.cells.get_mut(d)) {
                        Some(cell) => cell.push(t.to_string()),
                        None => break,
                    }
                }
                None => break,
            },
        }
        j += 1;
    }
    (!table.rows.is_empty()).then_some((table, j))
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
    fn repeated_halves() {
        assert_eq!(split_repeated("a b. a b."), Some("a b."));
        assert_eq!(split_repeated("a b. a c."), None);
        assert_eq!(split_repeated("错误 错误"), Some("错误"));
        assert_eq!(split_repeated("错误x错误"), None);
        assert_eq!(split_repeated(""), None);
    }

    #[test]
    fn glued() {
        assert_eq!(glued_breaks("is canceled.RUNNING, and"), vec![12]);
        assert_eq!(glued_breaks("tat.intl.tencentcloudapi.com. Next"), Vec::<usize>::new());
        assert_eq!(glued_breaks("."), Vec::<usize>::new());
    }

    #[test]
    fn nested_objects_in_scraped_tables_warn() {
        let text = "Response elements\n\nElement\n\nType\n\nDescription\n\nExample\n\nobject\n\n\
                    Data\n\nobject\n\nThe data.\n\nTotalCount\n\ninteger\n\nThe count.\n\n10\n";
        let file = SourceFile::new("a/X.txt", text);
        let mut diags = Diagnostics::new();
        let blocks = read(&file, &mut diags);
        let Some(Block::Table(t)) = blocks.get(1) else { panic!("{blocks:?}") };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, vec![vec!["TotalCount"], vec!["integer"], vec!["The count."], vec!["10"]]);
        let d: Vec<_> = diags.iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].span.line, 13);
        assert!(d[0].message.contains("`Data` is an object"));
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
        let para = |t: &str, line| Block::Para { text: t.into(), line, bullet: false };
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
