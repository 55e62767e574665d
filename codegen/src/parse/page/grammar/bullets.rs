//! Tables written as bold names with labelled bullets (RAM's 2018 pages, no pipe tables):
//!
//! ```text
//! **OldPassword**
//!
//! -   Type: String
//! -   Required: Yes
//! -   Description: Old password
//! ```
//!
//! and error codes the same way (`**NotSupport.Account**`, `-   HTTP Status: 400`,
//! `-   Error Message: ...`). A run of such entries with the same labels is one table: the
//! header is a name column and the labels (`Parameter | Type | Required | Description`,
//! `Error code | HTTP Status | Error Message`), one row per entry, so that the tables are read
//! like any other. This works on the blocks a layout made, not on lines: the bullets are list
//! items (`Block::Para` with `bullet`), the name a paragraph whose line is only `**Name**`.

use super::super::block::Block;
use super::super::table::{Row, Table};
use super::Line;

/// The labels of parameter entries and of error entries, lower-case.
const PARAM_LABELS: &[&str] = &["type", "required", "description"];
const ERROR_LABELS: &[&str] = &["http status", "error message"];

/// One entry: the name, its line, and its `(label, value lines)` bullets.
struct Entry {
    name: String,
    line: u32,
    bullets: Vec<(String, Vec<String>)>,
}

/// `**OldPassword**` -> `OldPassword`: a line that is a bold name and nothing else.
fn bold_name(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix("**")?.strip_suffix("**")?.trim();
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    ok.then_some(name)
}

/// `Type: String` -> (`type`, `String`), for the labels entries use.
fn labelled(text: &str) -> Option<(String, Vec<String>)> {
    let (label, value) = text.split_once(':')?;
    let label = label.trim().to_lowercase();
    let known = PARAM_LABELS.contains(&label.as_str()) || ERROR_LABELS.contains(&label.as_str());
    known.then(|| (label, vec![value.trim().to_string()]))
}

/// The blocks with every run of bold-name entries replaced by one table.
pub(crate) fn tables(blocks: Vec<Block>, lines: &[Line<'_>]) -> Vec<Block> {
    let source = |line: u32| lines.get(line.saturating_sub(1) as usize).map_or("", |l| l.text);
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut run: Vec<Entry> = Vec::new();
    let mut blocks = blocks.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let name = match &block {
            Block::Para { bullet: false, line, .. } => bold_name(source(*line)).map(|n| (n.to_string(), *line)),
            _ => None,
        };
        let mut bullets = Vec::new();
        if name.is_some() {
            while let Some(Block::Para { bullet: true, text, .. }) = blocks.peek() {
                match (labelled(text), bullets.last_mut()) {
                    (Some(pair), _) => bullets.push(pair),
                    // Bullets without a label after `Description:` are the description's own
                    // list (its values), one line each.
                    (None, Some((label, value))) if label == "description" => value.push(format!("-   {}", text.trim())),
                    (None, _) => break,
                }
                blocks.next();
            }
        }
        match name {
            Some((name, line)) if !bullets.is_empty() => {
                let same = run.last().is_none_or(|e| labels(e) == bullets.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>());
                if !same {
                    out.push(table(std::mem::take(&mut run)));
                }
                run.push(Entry { name, line, bullets });
            }
            _ => {
                if !run.is_empty() {
                    out.push(table(std::mem::take(&mut run)));
                }
                out.push(block);
            }
        }
    }
    if !run.is_empty() {
        out.push(table(run));
    }
    out
}

fn labels(entry: &Entry) -> Vec<&str> {
    entry.bullets.iter().map(|(l, _)| l.as_str()).collect()
}

/// The table of a run of entries with the same labels.
fn table(run: Vec<Entry>) -> Block {
    let first = &run[0];
    let errors = first.bullets.iter().any(|(l, _)| ERROR_LABELS.contains(&l.as_str()));
    let mut header = vec![if errors { "Error code" } else { "Parameter" }.to_string()];
    header.extend(first.bullets.iter().map(|(l, _)| l.clone()));
    let width = header.len();
    let line = first.line;
    let rows = run
        .into_iter()
        .map(|e| {
            let mut cells = vec![vec![e.name]];
            cells.extend(e.bullets.into_iter().map(|(_, v)| v));
            Row::new(cells, width, e.line)
        })
        .collect();
    Block::Table(Table { header, line, rows })
}

#[cfg(test)]
mod tests {
    use crate::parse::page::grammar::split_lines;
    use super::*;

    fn para(text: &str, line: u32, bullet: bool) -> Block {
        Block::Para { text: text.to_string(), line, bullet, links: Vec::new() }
    }

    #[test]
    fn bold_names_with_labelled_bullets_are_rows() {
        // RAM ChangePassword, as the Markdown layout hands it on.
        let page = "**Action**\n\n-   Type: String\n-   Required: Yes\n-   Description: Operation interface. Value: ChangePassword.\n\n\
                    **OldPassword**\n\n-   Type: String\n-   Required: Yes\n-   Description: Old password\n\n\
                    **NotSupport.Account**\n\n-   HTTP Status: 400\n-   Error Message: This method can be only invoked by sub user.\n\n\
                    Only public parameters are returned.\n";
        let blocks = vec![
            para("Action", 1, false),
            para("Type: String", 3, true),
            para("Required: Yes", 4, true),
            para("Description: Operation interface. Value: ChangePassword.", 5, true),
            para("OldPassword", 7, false),
            para("Type: String", 9, true),
            para("Required: Yes", 10, true),
            para("Description: Old password", 11, true),
            para("NotSupport.Account", 13, false),
            para("HTTP Status: 400", 15, true),
            para("Error Message: This method can be only invoked by sub user.", 16, true),
            para("Only public parameters are returned.", 18, false),
        ];
        let out = tables(blocks, &split_lines(page));
        assert_eq!(out.len(), 3, "{out:?}");
        let Block::Table(params) = &out[0] else { panic!("{:?}", out[0]) };
        assert_eq!(params.header, vec!["Parameter", "type", "required", "description"]);
        assert_eq!(params.line, 1);
        assert_eq!(params.rows.len(), 2);
        assert_eq!(params.rows[1].cells, vec![vec!["OldPassword"], vec!["String"], vec!["Yes"], vec!["Old password"]]);
        assert_eq!(params.rows[1].line, 7);
        let Block::Table(errors) = &out[1] else { panic!("{:?}", out[1]) };
        assert_eq!(errors.header, vec!["Error code", "http status", "error message"]);
        assert_eq!(errors.rows[0].cells[0], vec!["NotSupport.Account"]);
        assert!(matches!(&out[2], Block::Para { line: 18, .. }));
    }

    #[test]
    fn bullets_without_a_label_after_the_description_continue_it() {
        // RAM DetachPolicyFromUser `PolicyType`, its two values written as bullets.
        let page = "**PolicyType**\n\n-   Type: String\n-   Required: Yes\n-   Description: Authorization policy type. Valid values:\n                    -   System\n-   Custom\n\n**PolicyName**\n\n-   Type: String\n-   Required: Yes\n-   Description: Authorization policy name.\n";
        let blocks = vec![
            para("PolicyType", 1, false),
            para("Type: String", 3, true),
            para("Required: Yes", 4, true),
            para("Description: Authorization policy type. Valid values:", 5, true),
            para("System", 6, true),
            para("Custom", 7, true),
            para("PolicyName", 9, false),
            para("Type: String", 11, true),
            para("Required: Yes", 12, true),
            para("Description: Authorization policy name.", 13, true),
        ];
        let out = tables(blocks, &split_lines(page));
        assert_eq!(out.len(), 1, "{out:?}");
        let Block::Table(params) = &out[0] else { panic!("{:?}", out[0]) };
        assert_eq!(params.rows.len(), 2);
        assert_eq!(params.rows[0].cells[3], vec!["Authorization policy type. Valid values:", "-   System", "-   Custom"]);
        assert_eq!(params.rows[1].cells[0], vec!["PolicyName"]);
    }

    #[test]
    fn a_bold_word_without_labelled_bullets_stays_a_paragraph() {
        // RAM "Required permissions": `**Action**` above a code block, and bullets that are
        // not labels.
        let page = "**Action**\n\n**Note**\n\n-   Use it with care.\n";
        let blocks = vec![para("Action", 1, false), para("Note", 3, false), para("Use it with care.", 5, true)];
        let out = tables(blocks.clone(), &split_lines(page));
        assert_eq!(out, blocks);
        // A paragraph that only reads like a name is no entry: the line is not bold.
        let out = tables(vec![para("Action", 1, false), para("Type: String", 2, true)], &split_lines("Action\n-   Type: String\n"));
        assert!(matches!(out[0], Block::Para { .. }));
    }
}
