//! Tables written one cell per line (Alibaba pages scraped to text): the header cells on lines
//! of their own, then the cells of the rows, which are grouped into rows by what they look
//! like (a name then a type word; an HTTP status then an error code).

use super::super::lexicon::{ends_sentence, opens_json, strip_bullet};
use super::super::section;
use super::super::table::{self, Kind, Row, Table};
use super::{Line, pipe};
use crate::diag::Diagnostics;
use crate::source::SourceFile;

/// A table written one cell per line: two or more header cells (`Parameter`, `Type`, ...)
/// on lines of their own, then the cells of the rows. Returns the table and the next line.
pub(crate) fn read(lines: &[Line<'_>], i: usize, file: &SourceFile, diags: &mut Diagnostics) -> Option<(Table, usize)> {
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
    // A title line `Parameters` above the header's `Parameter` is no column of its own.
    if header.len() > 2 && table::is_name_column(&header[0]) && table::is_name_column(&header[1]) {
        header.remove(0);
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
        if section::line_heading(t).is_some()
            || opens_json(t)
            || pipe::starts_at(lines, j)
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
        r.flat = true;
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
}
