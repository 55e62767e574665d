//! Never a panic on any input: a short property test of the entry points the fuzz targets
//! drive (`fuzz/`, see its README): the Markdown page reader, the scraped-text page reader,
//! the YAML readers (operation, common.yaml, service.yaml) and `generate` behind them.
//!
//! Inputs: random strings; lines drawn from what pages and specs are made of (headings, pipe
//! rows and rules, bullets, fences, JSON, known phrases, YAML items); and the repository's
//! pages and YAML specs with random line deletions, duplications, swaps, insertions and
//! truncations at char boundaries. The entry points are in `fuzz_support` (shared with the
//! fuzz targets).
//!
//! Each property runs 64 to 256 cases by default (the whole file takes under 10 s in a debug
//! build); `PROPTEST_CASES=N` runs N cases per property instead, for a longer search.

mod fuzz_support;

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::parse::{page, yaml};
use cloudpage_codegen::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, exts, out);
        } else if path.extension().is_some_and(|e| exts.iter().any(|x| e == *x))
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            out.push(path);
        }
    }
}

fn read_all(dirs: &[&str], exts: &[&str]) -> Vec<String> {
    let mut paths = Vec::new();
    for dir in dirs {
        files_under(&root().join(dir), exts, &mut paths);
    }
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).collect()
}

/// Every documentation page of the repository (specs and the real-page corpus).
static PAGES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let pages = read_all(&["specs", "tests/corpus"], &["md", "txt"]);
    assert!(pages.len() >= 10, "corpus pages not found under {}", root().display());
    pages
});

/// Every YAML spec of the repository, and each page imported and written as operation YAML.
static YAMLS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut yamls = read_all(&["specs", "tests/adversarial/specs"], &["yaml"]);
    for (i, text) in PAGES.iter().enumerate() {
        let file = SourceFile::new(format!("tencent/corpus/Page{i}.md"), text.as_str());
        if let Some(op) = page::import_page(&file, &mut Diagnostics::new()) {
            yamls.push(yaml::write_operation(&op));
        }
    }
    yamls
});

/// Cases per property: `PROPTEST_CASES`, or `default`.
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    // Failures are reported with the shrunk input; a crash found here becomes a test in
    // fuzz_regressions.rs, so no persistence files are written.
    Config { cases, failure_persistence: None, ..Config::default() }
}

const PHRASES: &[&str] = &[
    "1. API Description",
    "2. Input Parameters",
    "3. Output Parameters",
    "4. Examples",
    "5. Developer Resources",
    "6. Error Codes",
    "Request parameters",
    "Response elements",
    "Error codes",
    "Examples",
    "Input example",
    "Output example",
    "JSON format",
    "XML format",
    "Operation description",
    "Try it now",
    "接口描述",
    "输入参数",
    "输出参数",
    "错误码",
    "正常返回示例",
    "Parameter Name",
    "Parameter",
    "Required",
    "Type",
    "Example",
    "Description",
    "HTTP status code",
    "Error code",
    "Yes",
    "No",
    "String",
    "Integer",
    "Boolean",
    "Array of String",
    "Array of Filter",
    "Timestamp ISO8601",
    "Action",
    "InstanceIds.N",
    "Tag.N.Key",
    "RequestId",
    "Common parameter. The value used for this API: Run",
    "Domain name for API request: demo.tencentcloudapi.com",
    "A maximum of 20 requests can be initiated per second for this API.",
    "A maximum of 100 IDs are allowed.",
    "Valid values: 1 to 20.",
    "Valid values of N: 1 to 20.",
    "N 的取值范围：1~20。",
    "长度为2到128个字符。",
    "Note: This API supports Finance regions.",
    "POST / HTTP/1.1",
    "Host: demo.tencentcloudapi.com",
    "https://ecs.aliyuncs.com/?Action=Run&InstanceId.1=i-1",
    "Last Updated:Sep 08, 2025",
    "Server Migration Center:DeleteSourceServer",
    "InvalidParameterValue.InstanceId",
    "400",
    "",
    "é",
    "\u{a0}",
    "\u{3000}",
    "\t",
    "\\|",
    "<br>",
    "**",
    "`",
    "[a](b)",
];

fn phrase() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(PHRASES).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => "[A-Za-z.N0-9 ]{0,12}",
    ]
}

/// One line of something page-shaped.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => ("[ ]{0,3}#{1,7}[ \t]?", phrase()).prop_map(|(h, t)| format!("{h}{t}")),
        4 => (prop::bool::ANY, prop::collection::vec(phrase(), 0..7), prop::bool::ANY)
            .prop_map(|(lead, cells, trail)| {
                format!("{}{}{}", if lead { "|" } else { "" }, cells.join("|"), if trail { "|" } else { "" })
            }),
        2 => "\\|?(:?-{1,5}:?\\|){1,6}(:?-{0,5}:?)?",
        2 => ("(- |\\* |• |  • |1\\. )", phrase()).prop_map(|(b, t)| format!("{b}{t}")),
        1 => "(```|```json|~~~|\\{|\\}|\\[|\\]|\"[A-Za-z]{0,8}\": ?\"?[a-z0-9]{0,6}\"?,?)",
        3 => phrase(),
        1 => "\\PC{0,60}",
    ]
}

fn page_text() -> impl Strategy<Value = String> {
    (prop::collection::vec(page_line(), 0..40), prop::bool::ANY)
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// One line of something YAML-spec-shaped.
fn yaml_line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(&[
        "name", "description", "domain", "version", "rate_limit", "per_second", "source", "finance", "example_domain",
        "request", "response", "models", "fields", "errors", "examples", "type", "required", "constraints", "rule",
        "min", "max", "values", "example", "code", "message", "http_status", "retryable", "title", "format", "text",
        "cloud", "signing", "envelope", "common_params", "location", "regions", "id", "common_errors", "service",
        "endpoints", "default", "intl", "regional",
    ][..]);
    let value = prop_oneof![
        prop::sample::select(&[
            "string", "integer", "unsigned", "float", "boolean", "timestamp", "json", "array of string",
            "array of Thing", "array of array of Option", "Thing", "Self", "type", "items", "length", "range",
            "one_of", "json", "query", "true", "false", "null", "~", "-1", "0", "18446744073709551616", "1e309",
            ".nan", "[]", "{}", "[[a, b]]", "'{\"Response\": {}}'", "tencent", "alibaba", "TC3-HMAC-SHA256",
            "ACS3-HMAC-SHA256", "tencent_response", "alibaba_rpc", "x.{region}.example.com", "\"2020-01-01\"", "",
            "|", "&a", "*a", "!!binary AAAA", "名称",
        ][..])
        .prop_map(str::to_owned),
        "\\PC{0,12}",
    ];
    prop_oneof![
        4 => ("[ ]{0,6}(- )?", key, value).prop_map(|(indent, k, v)| format!("{indent}{k}: {v}")),
        1 => ("[ ]{0,6}- ", "\\PC{0,20}").prop_map(|(a, b)| format!("{a}{b}")),
        1 => "\\PC{0,30}",
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(Index),
    Duplicate(Index),
    Swap(Index, Index),
    Insert(Index, String),
    /// Cuts the text at a char boundary.
    Truncate(Index),
}

fn edit(line: impl Strategy<Value = String>) -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<Index>().prop_map(Edit::Delete),
        2 => any::<Index>().prop_map(Edit::Duplicate),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        4 => (any::<Index>(), line).prop_map(|(i, l)| Edit::Insert(i, l)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for edit in edits {
        let n = lines.len();
        match edit {
            Edit::Delete(i) if n > 0 => {
                lines.remove(i.index(n));
            }
            Edit::Duplicate(i) if n > 0 => {
                let i = i.index(n);
                lines.insert(i, lines[i].clone());
            }
            Edit::Swap(a, b) if n > 0 => lines.swap(a.index(n), b.index(n)),
            Edit::Insert(i, line) => lines.insert(i.index(n + 1), line.clone()),
            Edit::Truncate(i) => {
                let joined = lines.join("\n");
                let bounds: Vec<usize> = joined.char_indices().map(|(b, _)| b).chain([joined.len()]).collect();
                let cut = bounds[i.index(bounds.len())];
                lines = joined[..cut].split('\n').map(str::to_owned).collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Every page entry point on one text: as it is (layout detected), forced to each layout,
/// and, when `pipeline`, through `generate` as a page of each cloud.
fn all_page_entry_points(text: &str, pipeline: bool) {
    let file = SourceFile::new("tencent/fuzz/Fuzz.md", text);
    let _ = page::import_page(&file, &mut Diagnostics::new());
    let _ = fuzz_support::markdown_page(text);
    let _ = fuzz_support::scraped_page(text);
    if pipeline {
        fuzz_support::page_pipeline(text, "md", false);
        if let Some(scraped) = fuzz_support::as_scraped(text) {
            fuzz_support::page_pipeline(&scraped, "txt", true);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_text(text in "\\PC{0,300}", alibaba in prop::bool::ANY) {
        all_page_entry_points(&text, false);
        fuzz_support::yaml_spec(&text, alibaba);
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn page_shaped_lines(text in page_text()) {
        all_page_entry_points(&text, true);
    }

    #[test]
    fn yaml_shaped_lines(lines in prop::collection::vec(yaml_line(), 0..30), alibaba in prop::bool::ANY) {
        fuzz_support::yaml_spec(&lines.join("\n"), alibaba);
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn mutated_pages(page in any::<Index>(), edits in prop::collection::vec(edit(page_line()), 0..10)) {
        let text = apply(&PAGES[page.index(PAGES.len())], &edits);
        all_page_entry_points(&text, true);
    }

    #[test]
    fn mutated_yaml(spec in any::<Index>(), edits in prop::collection::vec(edit(yaml_line()), 0..10), alibaba in prop::bool::ANY) {
        let text = apply(&YAMLS[spec.index(YAMLS.len())], &edits);
        fuzz_support::yaml_spec(&text, alibaba);
    }
}

/// The shaping in `fuzz_support` still takes every page to the reader it is meant for (it
/// follows `detect_layout`'s rules; if those change, this fails rather than the fuzz targets
/// silently testing less).
#[test]
fn shaping_reaches_each_reader() {
    use cloudpage_codegen::parse::page::{Layout, detect_layout};
    let extra = ["", "#", "#\r\n", "```\n{}\n```", "| a | b |\n|---|---|", "## x\n| a |\nPOST / HTTP/1.1"];
    for text in PAGES.iter().map(String::as_str).chain(extra) {
        let markdown = fuzz_support::as_markdown(text).unwrap_or_else(|| panic!("not shaped to Markdown: {text:.200}"));
        assert_eq!(detect_layout(&markdown), Layout::Markdown);
        let scraped = fuzz_support::as_scraped(text).unwrap_or_else(|| panic!("not shaped to scraped text: {text:.200}"));
        assert_eq!(detect_layout(&scraped), Layout::Scraped);
    }
}

/// The seeds themselves, unmutated, through every entry point.
#[test]
fn corpus_as_is() {
    for text in PAGES.iter() {
        all_page_entry_points(text, false);
    }
    for text in YAMLS.iter() {
        fuzz_support::yaml_spec(text, false);
    }
}
