//! The generator's modules import only the modules below them, as ARCHITECTURE.md's table
//! says. Read from the source: every `crate::<module>` path in a module's files must be in its
//! row. (`parse::page` holds its own interior to the order in `parse/page/mod.rs`.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module -> the crate modules it may import. `Error` (the re-export of `error::Error`) counts
/// as `error`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("names", &[]),
    ("output", &[]),
    ("diag", &["source"]),
    ("error", &["diag"]),
    ("spec", &["source"]),
    ("parse::prose", &["spec"]),
    ("parse::yaml", &["spec", "diag", "source"]),
    ("parse::page", &["spec", "diag", "source", "parse::prose", "names"]),
    ("parse", &["spec", "diag", "source", "parse::prose", "names"]),
    ("lower", &["spec", "diag", "source", "parse"]),
    ("check", &["spec", "diag"]),
    ("example", &["spec"]),
    ("paging", &["spec", "diag"]),
    ("ir", &["names"]),
    ("resolve", &["spec", "ir", "names", "diag", "example", "paging"]),
    ("emit", &["ir"]),
    ("render", &["emit", "ir", "output", "error"]),
    ("files", &["output", "error"]),
    ("by_service", &["source", "diag", "error", "spec", "lower", "check", "resolve", "ir", "names", "emit", "render", "output"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a source file belongs to: `emit/types.rs` -> `emit`, `parse/page/x.rs` ->
/// `parse::page`, `parse/mod.rs` -> `parse`.
fn layer(relative: &Path) -> String {
    let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned()).collect();
    match parts.as_slice() {
        [first, second, ..] if first == "parse" && second != "mod" => format!("parse::{second}"),
        [first, ..] => first.clone(),
        [] => String::new(),
    }
}

/// The crate modules a text refers to: `crate::spec::X` -> `spec`, `crate::parse::prose` ->
/// `parse::prose`, `crate::parse::{page, yaml}` -> `parse`, `crate::Error` -> `error`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = &rest[word.len()..];
        let name = match word.as_str() {
            "Error" => "error".to_owned(),
            "parse" => {
                let sub: String = after
                    .strip_prefix("::")
                    .map(|s| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
                    .unwrap_or_default();
                if sub.is_empty() { "parse".to_owned() } else { format!("parse::{sub}") }
            }
            other => other.to_owned(),
        };
        found.insert(name);
    }
    found
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut violations = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&root).expect("under src");
        if relative == Path::new("lib.rs") {
            continue; // the shell: may use everything
        }
        let layer = layer(relative);
        let Some(&ok) = allowed.get(layer.as_str()) else {
            violations.push(format!("{}: module `{layer}` has no row in the table (add one)", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable");
        for import in imports(&text) {
            let own = import == layer || layer.starts_with(&format!("{import}::")) || import.starts_with(&format!("{layer}::"));
            if !own && !ok.contains(&import.as_str()) {
                violations.push(format!("{}: `{layer}` uses `crate::{import}`", relative.display()));
            }
        }
    }
    assert!(violations.is_empty(), "imports against the layer table:\n{}", violations.join("\n"));
}

#[test]
fn the_reader_of_imports_sees_paths_and_groups() {
    let text = "use crate::spec::{self, X};\nuse crate::parse::{page, yaml};\nuse crate::parse::prose;\nErr(crate::Error::Io)";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["error", "parse", "parse::prose", "spec"]);
    assert_eq!(layer(Path::new("parse/page/grammar/pipe.rs")), "parse::page");
    assert_eq!(layer(Path::new("parse/mod.rs")), "parse");
    assert_eq!(layer(Path::new("emit/types.rs")), "emit");
}
