//! Golden tests: each `tests/diagnostics/<case>.specs` (several spec files, each after a
//! `=== <path>` line) is checked, and every diagnostic, rendered as the `check` command prints
//! it, must equal the insta snapshot `tests/diagnostics/<case>.snap`. Like every snapshot of
//! the project, review changes with `cargo insta review` (or `INSTA_UPDATE=always`, then the
//! diff) before committing.

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::source::SourceFile;
use std::path::Path;

fn split_specs(text: &str) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("=== ") {
            files.extend(current.take().map(|(p, t)| SourceFile::new(p, t)));
            current = Some((path.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files.extend(current.map(|(p, t)| SourceFile::new(p, t)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[test]
fn every_diagnostic_matches_its_golden_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("diagnostics");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/diagnostics exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "specs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "golden cases are missing");
    for case in cases {
        let files = split_specs(&std::fs::read_to_string(&case).expect("readable"));
        let mut diags = Diagnostics::new();
        cloudpage_codegen::analyse(&files, &mut diags);
        assert!(!diags.is_empty(), "{}: a golden case must produce diagnostics", case.display());
        let name = case.file_stem().expect("named").to_string_lossy().into_owned();
        insta::with_settings!({
            snapshot_path => dir.clone(),
            prepend_module_to_snapshot => false,
            input_file => &case,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, diags.render(&files));
        });
    }
}
