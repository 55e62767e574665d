//! Partial pages say what they lost: the truncation probe.
//!
//! Real pages from `specs/` (Markdown and scraped text) are cut at 30 points spread evenly
//! over their bytes (moved forward to a char boundary), and every cut is imported as the
//! `import` command would. Each cut must either give at least one diagnostic (a warning or an
//! error) or import to exactly what the whole page imports to: nothing lost. None silent.

use cloudpage_codegen::diag::{Diagnostics, Severity};
use cloudpage_codegen::source::SourceFile;
use std::path::Path;

/// Cuts per page.
const CUTS: usize = 30;

/// Pages probed: a Tencent API 3.0 Markdown page, a Tencent page scraped to text, and an
/// Alibaba Markdown page (cells over several lines, error codes last).
const PAGES: &[&str] = &[
    "tencent/dts/DeleteMigrateJob.md",
    "tencent/dts/DescribeMigrateJobs.md",
    "tencent/tat/CancelInvocation.txt",
    "alibaba/smc/DeleteSourceServer.txt",
    "alibaba/smc/StopReplicationJob.md",
];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    errored: usize,
    warned: usize,
    complete: usize,
    silent: usize,
}

/// `CUTS` byte offsets strictly inside `text`, evenly spaced, each moved forward to a char
/// boundary.
fn cut_points(text: &str) -> Vec<usize> {
    let len = text.len();
    (1..=CUTS)
        .map(|k| {
            let mut at = len * k / (CUTS + 1);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        })
        .collect()
}

fn import(path: &str, text: &str) -> (Option<cloudpage_codegen::spec::Operation>, Diagnostics) {
    let file = SourceFile::new(path, text);
    let mut diags = Diagnostics::new();
    let op = cloudpage_codegen::import(&file, &mut diags);
    (op, diags)
}

fn probe(path: &str) -> (Tally, Vec<String>) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let (whole, diags) = import(path, &text);
    // The whole page reads cleanly, but for references to structures another page of the
    // service describes (`import` names each: one page alone cannot see them). Those are not
    // signs of a cut: only diagnostics the whole page does not have count.
    let known: Vec<(u32, String)> = diags.iter().map(|d| (d.span.line, d.message.clone())).collect();
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning && d.message.contains("is not described on this page")),
        "{path}: the whole page must import cleanly:\n{}",
        diags.render(&[])
    );
    let whole = whole.expect("the whole page imports");
    let mut tally = Tally::default();
    let mut silent = Vec::new();
    for at in cut_points(&text) {
        let cut = &text[..at];
        let (op, diags) = import(path, cut);
        let fresh: Vec<_> = diags.iter().filter(|d| !known.contains(&(d.span.line, d.message.clone()))).collect();
        if fresh.iter().any(|d| d.severity == Severity::Error) {
            tally.errored += 1;
        } else if !fresh.is_empty() {
            tally.warned += 1;
        } else if op.as_ref() == Some(&whole) {
            tally.complete += 1;
        } else {
            tally.silent += 1;
            let tail: String = cut.chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
            silent.push(format!("{path} cut at byte {at} (line {}): ...{tail:?}", cut.lines().count()));
        }
    }
    (tally, silent)
}

#[test]
fn no_cut_of_a_real_page_is_silent() {
    let mut silent = Vec::new();
    let mut total = Tally::default();
    for path in PAGES {
        let (tally, lost) = probe(path);
        eprintln!("{path}: {tally:?}");
        total.errored += tally.errored;
        total.warned += tally.warned;
        total.complete += tally.complete;
        total.silent += tally.silent;
        silent.extend(lost);
    }
    eprintln!("all: {total:?}");
    assert!(silent.is_empty(), "cuts that lost something without a diagnostic:\n{}", silent.join("\n"));
    assert_eq!(total.errored + total.warned + total.complete, CUTS * PAGES.len());
}

#[test]
fn cut_points_are_spread_and_on_char_boundaries() {
    let text = "数据".repeat(100);
    let points = cut_points(&text);
    assert_eq!(points.len(), CUTS);
    assert!(points.windows(2).all(|w| w[0] < w[1]), "{points:?}");
    assert!(points.iter().all(|&p| p > 0 && p < text.len() && text.is_char_boundary(p)), "{points:?}");
}
