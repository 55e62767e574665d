//! insta snapshots: the IR of each seed page (with spans, as a parser test) and its
//! diagnostics (none), and the generated code of each seed service. These are the only
//! expectations of the seed pages' IR: the page reader's unit tests do not repeat them.
//! Review changes with `cargo insta review`.

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::source::load_dir;
use cloudpage_codegen::{Layout, generate};
use std::path::Path;

fn specs_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

#[test]
fn ir_of_each_seed_page() {
    for file in load_dir(&specs_dir()).expect("specs") {
        if !SEEDS.contains(&file.path.as_str()) {
            continue;
        }
        let mut diags = Diagnostics::new();
        let op = cloudpage_codegen::import(&file, &mut diags).expect("page imports");
        let name = file.path.replace('/', "__");
        insta::assert_debug_snapshot!(format!("ir__{name}"), op);
        let warnings: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.span, d.message)).collect();
        insta::assert_debug_snapshot!(format!("diagnostics__{name}"), warnings);
    }
}

/// The four pages the project was designed from.
const SEEDS: [&str; 4] = [
    "alibaba/smc/DeleteSourceServer.txt",
    "tencent/batch/TerminateJob.md",
    "tencent/dts/DeleteMigrateJob.md",
    "tencent/tat/CancelInvocation.txt",
];

#[test]
fn generated_code_of_each_seed_service() {
    // Only the seed pages (with the shared YAML of their clouds and services), so these
    // snapshots stay about the seeds as more pages join their services.
    let files: Vec<_> = load_dir(&specs_dir())
        .expect("specs")
        .into_iter()
        .filter(|f| {
            SEEDS.contains(&f.path.as_str())
                || f.path.ends_with("common.yaml")
                || SEEDS.iter().any(|s| f.path == format!("{}/service.yaml", s.rsplit_once('/').unwrap().0))
        })
        .collect();
    let output = generate(&files, &Layout::Crate).expect("specs generate");
    for file in output.files {
        let name = file.path.trim_start_matches("src/").replace(".rs", "");
        insta::assert_snapshot!(format!("code__{name}"), file.contents);
    }
}
