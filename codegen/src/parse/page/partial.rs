//! Partial pages say what they lost: signs that a page was cut short, read from what the walk
//! found against what every page of its layout has.
//!
//! Each rule holds for every complete page in `specs/` and `tests/corpus/` (the `check`
//! command gives them no warning), so a page that breaks one has lost something:
//!
//! - a Request or Response section without a table (every page of every layout has one);
//! - an error-code section without codes (no table rows), unless a sentence of its own sends the reader
//!   elsewhere ("For a list of error codes, visit the API Error Center.");
//! - a page that ends with a parameter table, or with an error table with an HTTP status
//!   column (Alibaba's layouts close the error section with a sentence after the table); only
//!   Tencent's error tables end pages;
//! - no error codes at all, neither a section nor a table (every layout has them), on a page
//!   whose last section is one that comes before them;
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
use super::table::{self, Kind};
use super::walk::{Page, Seen};
use crate::diag::Diagnostics;
use crate::parse::prose;
use crate::source::SourceFile;

/// What the note of every truncation warning says.
const CUT: &str = "the page looks cut short: restore the rest of the page";

/// Warns about every sign that the page was cut short.
pub(crate) fn check(file: &SourceFile, blocks: &[Block], page: &Page, diags: &mut Diagnostics) {
    for seen in &page.sections {
        if let Some(message) = empty_section(seen) {
            diags.warning(file.span_line(seen.line), message).with_note(CUT);
        }
    }
    if let Some(Block::Table(t)) = blocks.last() {
        let last = t.rows.last();
        let kind = table::classify(&t.header);
        let ends = match kind {
            Kind::Params(_) => Some("a parameter table"),
            Kind::Errors(cols) if cols.status.is_some() => Some("an error-code table with an HTTP status column"),
            _ => None,
        };
        if let Some(what) = ends.filter(|_| !last.is_some_and(|r| r.cut)) {
            let line = last.map_or(t.line, |r| r.line);
            diags.warning(file.span_line(line), format!("the page ends with {what}")).with_note(format!(
                "pages of this layout always go on after it (later sections, or the sentence closing the \
                 error codes); {CUT}"
            ));
        }
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
        Section::Errors if seen.rows == 0 && seen.codes == 0 && !seen.paragraphs.iter().any(|p| refers_elsewhere(p)) => {
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

/// The last line with text.
fn last_line(file: &SourceFile) -> u32 {
    (1..=file.line_count()).rev().find(|&l| !file.line_text(l).trim().is_empty()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(section: Section, tables: usize, codes: usize, paragraphs: &[&str]) -> Seen {
        let paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        Seen { section, heading: "h".into(), line: 1, tables, codes, rows: codes, paragraphs }
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
            (seen(Section::Description, 0, 0, &[]), false),
        ];
        for (s, want) in cases {
            assert_eq!(empty_section(s).is_some(), *want, "{s:?}");
        }
    }
}
