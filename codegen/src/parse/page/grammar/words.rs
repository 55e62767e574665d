//! Tables whose cells were flattened to space-separated words, one row a line (web pages
//! scraped without their table markup): `Parameter Name Required Type Description`, then
//! `JobId Yes String The ID.`.

use super::super::lexicon::{opens_json, request_target};
use super::super::section;
use super::super::table::{self, Kind, Row, Table};
use super::Line;
use crate::parse::prose;

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
pub(crate) fn read(lines: &[Line<'_>], i: usize) -> Option<(Table, usize)> {
    let header = space_header(lines[i].text)?;
    let width = header.len();
    let mut table = Table { header, line: lines[i].no, rows: Vec::new() };
    let mut j = i + 1;
    while j < lines.len() {
        let t = lines[j].text;
        if t.is_empty()
            || section::line_heading(t).is_some()
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
