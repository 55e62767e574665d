//! insta snapshots: the IR of each seed page (with spans, as a parser test) and the generated
//! code of each seed service. Review changes with `cargo insta review`.

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
        if !(file.path.ends_with(".md") || file.path.ends_with(".txt")) {
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

#[test]
fn generated_code_of_each_seed_service() {
    let files = load_dir(&specs_dir()).expect("specs");
    let output = generate(&files, &Layout::Crate).expect("specs generate");
    for file in output.files {
        let name = file.path.trim_start_matches("src/").replace(".rs", "");
        insta::assert_snapshot!(format!("code__{name}"), file.contents);
    }
}
