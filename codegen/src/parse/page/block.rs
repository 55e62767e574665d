//! What a layout hands on: a page as a flat list of blocks, whatever its layout.

use super::table::Table;

/// One structural piece of a page, whatever its layout.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// Level 1 is the page title, 2 a section, 3 an example title, 4 a sub-heading
    /// (input/output of an example, "JSON format").
    Heading {
        level: u8,
        text: String,
        line: u32,
    },
    /// One paragraph (or one line of one, when the page puts one sentence per line), or one
    /// list item (`bullet`), as plain text: no Markdown link or emphasis syntax.
    Para {
        text: String,
        line: u32,
        bullet: bool,
        /// The targets of its links, in order (Markdown keeps them beside the link text;
        /// scraped text has none left, only URLs written out in the text).
        links: Vec<String>,
    },
    Table(Table),
    /// A code block, fenced or recognised (HTTP request, URL, JSON), as written.
    Code {
        text: String,
        line: u32,
    },
}
