//! Table grammars: how the rows and cells of a table are written, one module per way. Each
//! reads one table starting at a given line and says where it ends; none decides where a
//! table may start in a page (the layouts do).

pub(crate) mod bullets;
pub(crate) mod cells;
pub(crate) mod pipe;
pub(crate) mod words;

/// One physical line of a page.
pub(crate) struct Line<'a> {
    /// Byte offset of its start in the page text.
    pub start: usize,
    /// Text without its line ending (indentation kept).
    pub raw: &'a str,
    /// `raw` trimmed.
    pub text: &'a str,
    /// 1-based line number.
    pub no: u32,
}

/// The physical lines of a page (`\n` or `\r\n` endings).
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(i, piece)| {
            let raw = piece.trim_end_matches('\r');
            let line = Line { start, raw, text: raw.trim(), no: u32::try_from(i + 1).unwrap_or(u32::MAX) };
            start += piece.len() + 1;
            line
        })
        .collect()
}
