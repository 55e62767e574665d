//! The entry points that must never panic, as the fuzz targets and the property tests drive
//! them: one file, included by `tests/tests/no_panic.rs`, `tests/tests/fuzz_regressions.rs`
//! and (by path) `fuzz/fuzz_targets/*.rs`, so CI's property test and the fuzzers run the
//! same code.
//!
//! There is no public way to force a page layout (`parse::page::detect_layout` chooses by
//! content), so inputs are shaped to reach the reader under test: [`as_markdown`] and
//! [`as_scraped`].
#![allow(dead_code)]

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::parse::page::{self, Layout};
use cloudpage_codegen::parse::yaml;
use cloudpage_codegen::source::SourceFile;
use cloudpage_codegen::{Layout as OutLayout, generate};

/// The text, or the text after a `## 1. API Description` line when `detect_layout` would
/// not call it Markdown: either way the Markdown reader reads it. `None` if it still does not
/// (the detection rules changed: `shaping_reaches_each_reader` in no_panic.rs then fails).
pub fn as_markdown(text: &str) -> Option<String> {
    let mut text = text.to_owned();
    if page::detect_layout(&text) != Layout::Markdown {
        text.insert_str(0, "## 1. API Description\n");
    }
    (page::detect_layout(&text) == Layout::Markdown).then_some(text)
}

/// The text with the marks that make `detect_layout` say Markdown taken off each line
/// (`## Request parameters` -> `Request parameters`, `| a | b |` -> ` a | b |`, a code fence
/// ```` ```json ```` -> `json`), which is what a scrape of the web page looks like. Line
/// numbers do not move. `None` when the text still does not read as scraped text (the
/// detection rules changed: `shaping_reaches_each_reader` in no_panic.rs then fails).
pub fn as_scraped(text: &str) -> Option<String> {
    if page::detect_layout(text) == Layout::Scraped {
        return Some(text.to_owned());
    }
    let text: String = text
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches('\n');
            let mut out = unmark(body);
            out.push_str(&line[body.len()..]);
            out
        })
        .collect();
    (page::detect_layout(&text) == Layout::Scraped).then_some(text)
}

/// Number of leading `#` when `t` is an ATX heading as `detect_layout` sees it.
fn atx_hashes(t: &str) -> Option<usize> {
    let hashes = t.len() - t.trim_start_matches('#').len();
    let after = &t[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(hashes)
}

fn unmark(line: &str) -> String {
    let mut line = line.to_owned();
    loop {
        if line.starts_with('|') {
            line.insert(0, ' ');
        }
        let t = line.trim_start();
        if t.starts_with("```") {
            line = t.trim_start_matches('`').to_owned();
            continue;
        }
        // Also with `\r` trimmed, so that `#\r\n` (a heading for `str::lines`) is caught.
        match atx_hashes(t).or_else(|| atx_hashes(t.trim_end_matches('\r'))) {
            Some(hashes) => line = t[hashes..].to_owned(),
            None => return line,
        }
    }
}

/// The page importer on text that reaches the Markdown reader.
pub fn markdown_page(text: &str) -> Option<cloudpage_codegen::spec::Operation> {
    let file = SourceFile::new("tencent/fuzz/Fuzz.md", as_markdown(text)?);
    page::import_page(&file, &mut Diagnostics::new())
}

/// The page importer on text that reaches the scraped-text reader.
pub fn scraped_page(text: &str) -> Option<cloudpage_codegen::spec::Operation> {
    let file = SourceFile::new("alibaba/fuzz/Fuzz.txt", as_scraped(text)?);
    page::import_page(&file, &mut Diagnostics::new())
}

pub const TENCENT_COMMON: &str = "\
cloud: tencent
title: Tencent Cloud
signing: TC3-HMAC-SHA256
envelope: tencent_response
regions:
  - { id: ap-guangzhou, name: Guangzhou }
  - { id: ap-shanghai-fsi, name: Shanghai Finance, finance: true }
common_errors:
  - code: InternalError
    description: Internal error.
  - code: RequestLimitExceeded
    description: The number of requests exceeds the frequency limit.
    retryable: true
";

pub const ALIBABA_COMMON: &str = "\
cloud: alibaba
title: Alibaba Cloud
signing: ACS3-HMAC-SHA256
envelope: alibaba_rpc
regions:
  - { id: cn-hangzhou, name: Hangzhou }
  - { id: cn-shanghai-finance-1, name: Shanghai Finance, finance: true }
common_errors:
  - code: Throttling
    description: The request was denied due to request throttling.
    http_status: 400
    retryable: true
";

pub const SERVICE: &str = "\
service: fuzz
title: Fuzz
version: \"2020-01-01\"
endpoints:
  default: fuzz.example.com
  regional: fuzz.{region}.example.com
";

pub const OPERATION: &str = "\
name: RunThing
description:
- Runs a thing.
request:
- name: ThingIds
  type: array of string
  required: true
  constraints:
  - rule: items
    max: 10
    source: A maximum of 10 IDs are allowed.
response:
- name: RequestId
  type: string
errors:
- code: InvalidParameter.Thing
  description: Bad thing.
";

/// `generate` (lower, check, emit, write) on three files given as `(path, text)`: whether it
/// generated. Errors in the specs are the expected outcome for most inputs; an
/// `Error::Format` (the emitters produced tokens that do not parse) is a generator bug and
/// fails like a panic.
pub fn run_generate(files: [(&str, &str); 3]) -> bool {
    let files: Vec<SourceFile> = files.iter().map(|(path, text)| SourceFile::new(*path, *text)).collect();
    match generate(&files, &OutLayout::Crate) {
        Ok(_) => true,
        Err(err @ cloudpage_codegen::Error::Format { .. }) => panic!("{err}"),
        Err(_) => false,
    }
}

fn fixed_common(alibaba: bool) -> (&'static str, &'static str) {
    if alibaba { ("alibaba", ALIBABA_COMMON) } else { ("tencent", TENCENT_COMMON) }
}

/// The YAML readers and the pipeline behind them, on one text. It is read as an operation,
/// a common.yaml and a service.yaml; then `generate` runs with it as an operation file next
/// to the fixed common.yaml (Tencent, or Alibaba when `alibaba`) and service.yaml; when it
/// reads as a common.yaml or a service.yaml, `generate` also runs with it in that place next
/// to fixed files for the other two.
pub fn yaml_spec(text: &str, alibaba: bool) {
    let (cloud, common) = fixed_common(alibaba);
    let common_path = format!("{cloud}/common.yaml");
    let mut diags = Diagnostics::new();
    let op = yaml::read_operation(&SourceFile::new(format!("{cloud}/fuzz/Fuzz.yaml"), text), &mut diags);
    let common_ok = yaml::read_common(&SourceFile::new(common_path.clone(), text), &mut diags).is_some();
    let service = yaml::read_service(&SourceFile::new(format!("{cloud}/fuzz/service.yaml"), text), &mut diags);

    // The operation file is named after the action it declares, when that fits in a path.
    let action = op.as_ref().map(|op| op.name.as_str()).filter(|n| !n.is_empty() && !n.contains('/')).unwrap_or("Fuzz");
    run_generate([(&common_path, common), (&format!("{cloud}/fuzz/service.yaml"), SERVICE), (&format!("{cloud}/fuzz/{action}.yaml"), text)]);
    if common_ok {
        // Whatever cloud the text declares; a mismatch with the folder is a diagnostic.
        for cloud in ["tencent", "alibaba"] {
            run_generate([
                (&format!("{cloud}/common.yaml"), text),
                (&format!("{cloud}/fuzz/service.yaml"), SERVICE),
                (&format!("{cloud}/fuzz/RunThing.yaml"), OPERATION),
            ]);
        }
    }
    if let Some(service) = service {
        // In the folder it names (a mismatch would stop at lower), when that fits in a path.
        let folder = Some(service.service.as_str()).filter(|s| !s.is_empty() && !s.contains('/')).unwrap_or("fuzz");
        run_generate([
            (&common_path, common),
            (&format!("{cloud}/{folder}/service.yaml"), text),
            (&format!("{cloud}/{folder}/RunThing.yaml"), OPERATION),
        ]);
    }
}

/// `generate` with a page (`ext` "md" or "txt") next to the fixed common.yaml and a
/// service.yaml that agrees with the page's version and domain (when the page names them
/// and they are plain host/version text), so that the page's operation gets past `check`
/// and through `emit` and `write`.
pub fn page_pipeline(text: &str, ext: &str, alibaba: bool) -> bool {
    let (cloud, common) = fixed_common(alibaba);
    let page_path = format!("{cloud}/fuzz/Fuzz.{ext}");
    let op = page::import_page(&SourceFile::new(page_path.as_str(), text), &mut Diagnostics::new());
    let plain = |s: &&String| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-.{}".contains(c));
    let version = op.as_ref().and_then(|op| op.version.as_ref()).filter(plain).map_or("2020-01-01", |v| v.as_str());
    let domain = op.as_ref().and_then(|op| op.domain.as_ref()).filter(plain).map_or("fuzz.example.com", |d| d.as_str());
    let service = format!("service: fuzz\ntitle: Fuzz\nversion: \"{version}\"\nendpoints:\n  default: {domain}\n");
    run_generate([(&format!("{cloud}/common.yaml"), common), (&format!("{cloud}/fuzz/service.yaml"), &service), (&page_path, text)])
}
