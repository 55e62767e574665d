//! Limits on input: byte order marks, what diagnostics echo, constraints that make no sense,
//! symbolic links and file size.

mod common;

use cloudpage_codegen::diag::{Diagnostics, MAX_ECHO_CHARS, MAX_PER_KIND, Severity};
use cloudpage_codegen::source::{self, MAX_FILE_BYTES, SourceFile};
use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudpage-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn a_byte_order_mark_does_not_change_a_page() {
    for page in ["tencent/cvm/CreateKeyPair.md", "tencent/tat/CancelInvocation.txt"] {
        let text = std::fs::read_to_string(specs().join(page)).expect("a real page");
        let read = |text: String| {
            let mut diags = Diagnostics::new();
            let op = cloudpage_codegen::import(&SourceFile::new(page, text), &mut diags);
            (op.expect("the page reads"), diags.to_string())
        };
        let plain = read(text.clone());
        assert_eq!(read(format!("\u{FEFF}{text}")), plain, "{page}");
    }
}

fn diags_on(file: &SourceFile, message: &str, note: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    diags.error(file.span_line(1), message).with_note(note);
    diags
}

#[test]
fn diagnostics_do_not_echo_control_characters() {
    let file = SourceFile::new("tencent/x/A\u{1b}[2J.md", "| Name\u{1b}]0;pwned\u{7} | \u{202e}evil |\r\nnext\n");
    let diags = diags_on(&file, "field `A\u{1b}[31m\nB` is odd", "see \u{9b}2J here");
    for text in [diags.render(std::slice::from_ref(&file)), diags.to_string()] {
        assert!(!text.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "{text:?}");
        assert!(text.contains("field `A\\u{1b}[31m\\u{a}B` is odd"), "{text}");
        assert!(text.contains("see \\u{9b}2J here"), "{text}");
    }
    let rendered = diags.render(std::slice::from_ref(&file));
    assert!(rendered.contains("| Name\\u{1b}]0;pwned\\u{7} | \\u{202e}evil |"), "{rendered}");
    assert!(rendered.contains("tencent/x/A\\u{1b}[2J.md:1"), "{rendered}");
}

#[test]
fn diagnostics_cut_long_lines() {
    let long = "x".repeat(10_000);
    let file = SourceFile::new("tencent/x/A.md", format!("{long}\n"));
    let diags = diags_on(&file, &format!("a {long}"), &long);
    let rendered = diags.render(std::slice::from_ref(&file));
    assert!(rendered.lines().all(|line| line.chars().count() < MAX_ECHO_CHARS + 20), "{rendered}");
    assert_eq!(rendered.matches("...").count(), 3, "message, source line and note are cut: {rendered}");
    let display = diags.to_string();
    assert!(display.lines().all(|line| line.chars().count() < MAX_ECHO_CHARS + 20), "{display}");
    assert!(display.contains(&format!("a {}...", "x".repeat(MAX_ECHO_CHARS - 2))), "{display}");
}

#[test]
fn diagnostics_stop_repeating_after_a_cap_per_kind() {
    let text: String = (0..1_100).map(|i| format!("| row {i} |\n")).collect();
    let file = SourceFile::new("tencent/x/A.md", text);
    let mut diags = Diagnostics::new();
    for i in 0..1_030u32 {
        diags.warning(file.span_line(i + 1), format!("a table row has {} cells, the header has 4", i % 7)).with_note("fix the row");
    }
    for i in 0..3u32 {
        diags.error(file.span_line(i + 1), format!("field `F{i}` appears twice in the request"));
    }
    assert_eq!(diags.warning_count(), 1_030, "counts stay exact");
    for text in [diags.render(std::slice::from_ref(&file)), diags.to_string()] {
        assert_eq!(text.matches("warning: a table row has").count(), MAX_PER_KIND, "{text}");
        assert_eq!(text.matches("... and 1,010 more like this").count(), 1, "{text}");
        assert_eq!(text.matches("appears twice").count(), 3, "another kind is not capped by the first");
        assert!(!text.contains("| row 25 |"), "nothing after the cap is shown");
    }
}

/// The per-service pipeline drops each service's pages after its analysis and renders its
/// diagnostics at the end from the lines it kept (`Quotes`): the same text as from the files,
/// for odd lines too (control characters, long lines, `\r\n`, lines past the end).
#[test]
fn diagnostics_render_the_same_from_kept_lines() {
    let long = "x".repeat(10_000);
    let files = [
        SourceFile::new("tencent/x/A\u{1b}[2J.md", "| Name\u{1b}]0;pwned\u{7} | \u{202e}evil |\r\nnext\n"),
        SourceFile::new("tencent/x/B.md", format!("{long}\nshort\n{}\nlast\r\n", "é".repeat(299))),
        SourceFile::new("tencent/x/C.md", format!("ok\n{}\n{}é\n\tend", "y".repeat(300), "z".repeat(300))),
    ];
    let mut diags = Diagnostics::new();
    for file in &files {
        for line in 0..=file.line_count() + 1 {
            diags.warning(file.span_line(line), format!("odd line {line}")).with_note("a note");
        }
    }
    diags.error(source::Span::new("tencent/x/Gone.md", 3), "a file that is not given");
    let mut quotes = cloudpage_codegen::diag::Quotes::new();
    quotes.keep_for(&diags, |path| files.iter().find(|f| f.path == path));
    let mut kept = diags.clone();
    kept.quote(quotes);
    let from_files = diags.render(&files);
    assert!(from_files.contains("| short"), "{from_files}");
    assert_eq!(kept.render(&[]), from_files);
    // Without the files or the kept lines, no line is shown.
    assert!(!diags.render(&[]).contains("| short"));
}

fn check(files: &[SourceFile]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    cloudpage_codegen::analyse(files, &mut diags);
    diags
}

fn demo(op: &str) -> Vec<SourceFile> {
    let mut files = common::demo_service();
    files.push(SourceFile::new("tencent/demo/Run.yaml", op));
    files
}

#[test]
fn constraints_that_no_value_meets_are_located_errors() {
    let op = "name: Run\nrate_limit:\n  per_second: 0\nrequest:\n- name: Ids\n  type: array of string\n  constraints:\n  - rule: items\n    min: 5\n    max: 2\n- name: Name\n  type: string\n  constraints:\n  - rule: length\n    min: 128\n    max: 2\n    source: 2 to 128 characters\n- name: Limit\n  type: integer\n  constraints:\n  - rule: range\n    min: 10\n    max: -10\nresponse:\n- name: Fine\n  type: integer\n  constraints:\n  - rule: range\n    min: 1\n    max: 1\n";
    let errors: Vec<String> = check(&demo(op))
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.span, d.message))
        .collect();
    assert_eq!(
        errors,
        [
            "tencent/demo/Run.yaml:3: rate limit of `Run` is 0 requests per second",
            "tencent/demo/Run.yaml:8: rule `items 5 to 2` of `Ids` has its minimum above its maximum",
            "tencent/demo/Run.yaml:14: rule `length 128 to 2` of `Name` has its minimum above its maximum",
            "tencent/demo/Run.yaml:21: rule `range 10 to -10` of `Limit` has its minimum above its maximum",
        ]
    );
}

#[test]
fn negative_lengths_are_located_errors() {
    let op = "name: Run\nrequest:\n- name: Name\n  type: string\n  constraints:\n  - rule: length\n    min: -1\n";
    let diags = check(&demo(op));
    let error = diags.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert_eq!(error.span.file, "tencent/demo/Run.yaml");
    assert!(error.span.line >= 5, "{error:?}");
}

#[cfg(unix)]
#[test]
fn the_spec_walk_refuses_symbolic_links() {
    let dir = scratch("links");
    let root = dir.join("specs");
    std::fs::create_dir_all(root.join("tencent/demo")).unwrap();
    std::fs::write(dir.join("secret.txt"), "not a spec").unwrap();
    std::fs::write(root.join("tencent/demo/Run.yaml"), "name: Run\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("tencent/demo/Leak.md")).unwrap();
    let err = source::load_dir(&root).expect_err("a link out of the specs folder is refused").to_string();
    assert!(err.contains("tencent/demo/Leak.md: is a symbolic link"), "{err}");

    std::fs::remove_file(root.join("tencent/demo/Leak.md")).unwrap();
    std::os::unix::fs::symlink(root.join("tencent/demo/Run.yaml"), root.join("tencent/demo/Again.yaml")).unwrap();
    let err = source::load_dir(&root).expect_err("a link inside the specs folder is refused too").to_string();
    assert!(err.contains("tencent/demo/Again.yaml: is a symbolic link"), "{err}");

    std::fs::remove_file(root.join("tencent/demo/Again.yaml")).unwrap();
    assert_eq!(source::load_dir(&root).expect("no links").len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_above_the_size_limit_are_refused_by_name() {
    let dir = scratch("size");
    std::fs::create_dir_all(dir.join("tencent/demo")).unwrap();
    let path = dir.join("tencent/demo/Huge.md");
    std::fs::write(&path, "a".repeat(MAX_FILE_BYTES as usize + 1)).unwrap();
    let err = source::load_dir(&dir).expect_err("too large").to_string();
    assert!(err.contains("tencent/demo/Huge.md: larger than 2 MiB"), "{err}");
    std::fs::write(&path, "a".repeat(MAX_FILE_BYTES as usize)).unwrap();
    assert_eq!(source::load_dir(&dir).expect("at the limit").len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn real_pages_are_far_below_the_size_limit() {
    let files = source::load_dir(&specs()).expect("specs");
    let largest = files.iter().map(|f| f.text.len() as u64).max().unwrap();
    assert!(largest * 10 < MAX_FILE_BYTES, "largest spec file: {largest} bytes");
}

/// `check`'s summary: one line per kind with its exact count, most frequent first, errors
/// before warnings; names and numbers do not split a kind (messages as the page reader words
/// them).
#[test]
fn diagnostics_count_by_kind() {
    use cloudpage_codegen::source::Span;
    let mut diags = Diagnostics::new();
    for (line, ty) in [(10, "N/A"), (11, "RepeatList"), (12, "Map")] {
        diags.warning(Span::new("alibaba/ecs/A.md", line), format!("unknown type `{ty}` for parameter `X{line}`; read as JSON"));
    }
    diags.warning(Span::new("alibaba/ecs/B.md", 3), "a table row has 5 cells, the header has 4");
    diags.warning(Span::new("alibaba/ecs/B.md", 4), "a table row has 6 cells, the header has 5");
    diags.error(Span::new("alibaba/ram/C.md", 1), "no request or response parameter table found on this page");
    assert_eq!(
        diags.by_kind(),
        vec![
            (Severity::Error, "no request or response parameter table found on this page".to_string(), 1),
            (Severity::Warning, "unknown type `…` for parameter `…`; read as JSON".to_string(), 3),
            (Severity::Warning, "a table row has # cells, the header has #".to_string(), 2),
        ]
    );
}
