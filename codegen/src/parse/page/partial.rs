//! Partial pages say what they lost: signs that a page was cut short, read from what the walk
//! found against what every page of its layout has.
//!
//! A cut removes the end of a page, so the rules look at how the page ends: a section followed
//! by other sections was written that way (an API without error codes of its own, "All are
//! common response parameters."), not cut. Checked against every complete page in `specs/`,
//! `tests/corpus/` and the 378 pages of the whole-service corpus, a page breaks a rule only
//! when it has lost something:
//!
//! - a last section that is Request or Response without a table;
//! - a last section of error codes without codes (no table rows), unless a sentence of its
//!   own or a link sends the reader elsewhere ("For a list of error codes, visit the API Error
//!   Center.", "[View error codes](...)");
//! - no error codes at all, neither a section nor a table, on a page whose last section is one
//!   that comes before them (one legacy API 2.0 page of the corpus, Batch `DeleteTaskTemplates`,
//!   has none and gets this warning);
//! - a Tencent Cloud API 3.0 page (its request table gives the API version in a `Version`
//!   common-parameter row, which neither Alibaba pages nor Tencent's legacy API 2.0 pages do)
//!   whose response table has no `RequestId` row, or that has no example: every 3.0 response
//!   documents `RequestId`, and every 3.0 page has an example, each with its output.
//!
//! Rows cut inside (no closing `|`) are found by the grammars and warned about by `rows`; a
//! code fence never closed by the Markdown layout; a row cut before its first `|` by the
//! scraped layout.

use super::block::Block;
use super::lexicon;
use super::section::Section;
use super::table::{self, Kind, Row, Table};
use super::walk::{Page, Seen};
use crate::diag::Diagnostics;
use crate::parse::prose;
use crate::source::SourceFile;

/// What the note of every truncation warning says.
const CUT: &str = "the page looks cut short: restore the rest of the page";

/// Warns about every sign that the page was cut short.
pub(crate) fn check(file: &SourceFile, blocks: &[Block], page: &Page, diags: &mut Diagnostics) {
    if let Some(seen) = page.sections.last()
        && let Some(message) = empty_section(seen)
    {
        diags.warning(file.span_line(seen.line), message).with_note(CUT);
    }
    if let Some(Block::Table(t)) = blocks.last()
        && let Some(last) = t.rows.last()
        && stops_mid_sentence(t, last)
    {
        diags
            .warning(file.span_line(last.line), "the page ends inside an error-code table: its last row stops mid-sentence")
            .with_note(format!("error descriptions are sentences; {CUT}"));
    }
    let end = file.span_line(last_line(file));
    let any_table = page.request_table || page.response_table;
    let errors_seen = page.error_table.is_some() || page.sections.iter().any(|s| s.section == Section::Errors);
    // A page whose last section is an unknown one went on past where the codes would be: they
    // were left out (the unknown heading is warned about), not cut off. (Skipped sections, such
    // as Developer Resources, come before the error codes on some layouts.)
    let ends_in_known = page.sections.last().is_none_or(|s| s.section != Section::Unknown);
    if any_table && !errors_seen && ends_in_known {
        diags
            .warning(end.clone(), "the page ends before its error codes: no error-code section or table")
            .with_note(format!("every page of the supported layouts lists error codes; {CUT}"));
    }
    if page.version.is_some() {
        if let Some(line) = page.response_line.filter(|_| !page.request_id) {
            diags.warning(file.span_line(line), "this response table has no `RequestId` row").with_note(format!(
                "every Tencent Cloud API 3.0 response (the request's Version row gives this API's version) \
                 documents `RequestId`, as its last row; {CUT}"
            ));
        }
        if let Some(d) = page.examples.iter().find(|d| d.response.is_none()) {
            diags.warning(file.span_line(d.line), "this example of a Tencent Cloud API 3.0 page has no output").with_note(
                format!("every API 3.0 example has an input and an output example; {CUT}"),
            );
        }
        if page.examples.is_empty() {
            diags.warning(end, "this Tencent Cloud API 3.0 page has no example").with_note(format!(
                "every API 3.0 page (the request's Version row gives this API's version) has an input \
                 and an output example; {CUT}"
            ));
        }
    }
}

/// What a section lacks, when it lacks what every page of every layout has there.
fn empty_section(seen: &Seen) -> Option<String> {
    let heading = &seen.heading;
    match seen.section {
        Section::Request | Section::Response if seen.tables == 0 => {
            Some(format!("section `{heading}` ends without its parameter table"))
        }
        // A table header without rows promised codes; without a table, a sentence or a link
        // of the section's own may send the reader elsewhere.
        Section::Errors
            if seen.rows == 0
                && seen.codes == 0
                && (seen.tables > 0 || (seen.links == 0 && !seen.paragraphs.iter().any(|p| refers_elsewhere(p)))) =>
        {
            Some(format!("section `{heading}` ends without error codes"))
        }
        _ => None,
    }
}

/// A finished sentence that is not the boilerplate announcing the list below: "For a list of
/// error codes, visit the API Error Center." sends the reader elsewhere, where "The following
/// only lists the error codes related to the API business logic." promises a table.
fn refers_elsewhere(paragraph: &str) -> bool {
    lexicon::ends_sentence(paragraph) && !prose::is_boilerplate(paragraph)
}

/// An error table with an HTTP status column (Alibaba's, where the status, code and message
/// are words on one line in scraped pages and a cut cannot be told by a missing `|`) whose
/// last row's last text does not finish a sentence. Complete pages that end with such a table
/// end with a full stop (`The error message returned because an internal server error
/// occurred.`).
fn stops_mid_sentence(t: &Table, last: &Row) -> bool {
    let Kind::Errors(cols) = table::classify(&t.header) else { return false };
    let text = last.cells.iter().rev().map(|c| c.join(" ")).find(|c| !c.trim().is_empty());
    cols.status.is_some() && !last.cut && text.is_some_and(|t| !lexicon::ends_sentence(&t))
}

/// The last line with text.
fn last_line(file: &SourceFile) -> u32 {
    (1..=file.line_count()).rev().find(|&l| !file.line_text(l).trim().is_empty()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(section: Section, tables: usize, codes: usize, paragraphs: &[&str]) -> Seen {
        let paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        Seen { section, heading: "h".into(), line: 1, tables, codes, rows: codes, paragraphs, links: 0 }
    }

    #[test]
    fn sections_that_lack_their_table() {
        let alibaba_center = "For a list of error codes, visit the API Error Center.";
        let alibaba_center_zh = "访问错误中心查看更多错误码。";
        let tencent_lead = "The following only lists the error codes related to the API business logic. \
                            For other error codes, see Common Error Codes.";
        let cases: &[(Seen, bool)] = &[
            (seen(Section::Request, 1, 0, &[]), false),
            (seen(Section::Request, 0, 0, &["The following request parameter list only provides API request parameters and some common parameters."]), true),
            (seen(Section::Response, 0, 0, &[]), true),
            (seen(Section::Errors, 1, 6, &[tencent_lead]), false),
            (seen(Section::Errors, 0, 0, &[tencent_lead]), true),
            (seen(Section::Errors, 0, 0, &["The following o"]), true),
            (seen(Section::Errors, 0, 0, &[alibaba_center]), false),
            (seen(Section::Errors, 0, 0, &[alibaba_center_zh]), false),
            (seen(Section::Errors, 0, 0, &["For a list of error codes, visit the API Err"]), true),
            (seen(Section::Errors, 0, 0, &[]), true),
            // `| Error Code | Description |` and its rule, cut before the first row.
            (seen(Section::Errors, 1, 0, &[tencent_lead]), true),
            (seen(Section::Examples, 0, 0, &[]), false),
            // `[View error codes](https://error-center.aliyun.com/status/product/Ecs)`: a link.
            (Seen { links: 1, ..seen(Section::Errors, 0, 0, &["View error codes"]) }, false),
            (seen(Section::Description, 0, 0, &[]), false),
        ];
        for (s, want) in cases {
            assert_eq!(empty_section(s).is_some(), *want, "{s:?}");
        }
    }
}
