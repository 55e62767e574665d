//! `cloudpage-codegen`: the command-line shell over the library.

use clap::{Parser, Subcommand};
use cloudpage_codegen::{Layout, REGENERATE, diag::Diagnostics, files, source};
use std::path::PathBuf;
use std::process::ExitCode;

/// The generator allocates and frees many small token trees and strings (quote, syn,
/// prettyplease); with glibc's malloc that was about 30% of its CPU time, and mimalloc cuts
/// the CPU time per operation by about a fifth at the same peak memory (its v2 series: v3
/// was as fast but held about 40% more). Set here, in the binary only: the library, run
/// from users' build scripts, leaves the choice to them (and `default-features = false`
/// does not compile it at all).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate Rust clients from cloud API documentation pages and YAML specs.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn workspace_root() -> PathBuf {
    // codegen/ sits in the workspace root; `cargo run -p cloudpage-codegen` works from anywhere.
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the clients crate from the specs (writes only files that change).
    Generate {
        /// Specs folder [default: <workspace>/specs]
        #[arg(long)]
        specs: Option<PathBuf>,
        /// Crate folder to write [default: <workspace>/generated]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only verify that the output is up to date; exit 1 if not.
        #[arg(long)]
        check: bool,
    },
    /// Read documentation pages (or YAML operations) and print their IR as YAML.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Read the specs (or just the pages and YAML files given) and print every diagnostic,
    /// without generating.
    Check {
        /// Specs folder [default: <workspace>/specs]
        #[arg(long, conflicts_with = "files")]
        specs: Option<PathBuf>,
        /// Pages or YAML operation files to read on their own
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { specs, out, check } => {
            let specs = specs.unwrap_or_else(|| workspace_root().join("specs"));
            let out = out.unwrap_or_else(|| workspace_root().join("generated"));
            generate(&specs, &out, check)
        }
        Command::Import { files } => import(&files),
        Command::Check { specs, files } if files.is_empty() => {
            check(&specs.unwrap_or_else(|| workspace_root().join("specs")))
        }
        Command::Check { files, .. } => check_files(&files),
    }
}

fn generate(specs: &std::path::Path, out: &std::path::Path, check: bool) -> ExitCode {
    let sources = match source::load_dir(specs) {
        Ok(sources) => sources,
        Err(err) => {
            eprintln!("error: {}: {err}", specs.display());
            return ExitCode::FAILURE;
        }
    };
    let output = match cloudpage_codegen::generate(&sources, &Layout::Crate) {
        Ok(output) => output,
        Err(cloudpage_codegen::Error::Specs(diags)) => {
            eprint!("{}", diags.render(&sources));
            eprintln!("the specs have errors: {} errors, {} warnings", diags.error_count(), diags.warning_count());
            return ExitCode::FAILURE;
        }
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", output.diagnostics.render(&sources));
    let stale = files::stale(out, &output.files);
    if check {
        if stale.is_empty() {
            eprintln!("{} is up to date ({} files)", out.display(), output.files.len());
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is stale: {}\nrun `{REGENERATE}` and commit the result", out.display(), stale.join(", "));
        return ExitCode::FAILURE;
    }
    match files::write_if_changed(out, &output.files) {
        Ok(written) => {
            let expected: std::collections::BTreeSet<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
            for extra in stale.iter().filter(|p| !expected.contains(p.as_str())) {
                let path = out.join(extra);
                if let Err(err) = std::fs::remove_file(&path) {
                    eprintln!("{}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
                eprintln!("removed {}", path.display());
            }
            eprintln!("{} files, {} written to {}", output.files.len(), written.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &std::path::Path) -> Result<source::SourceFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(source::SourceFile::new(path.display().to_string(), text))
}

fn import(paths: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for (i, path) in paths.iter().enumerate() {
        let file = match read(path) {
            Ok(file) => file,
            Err(err) => {
                eprintln!("error: {err}");
                failed = true;
                continue;
            }
        };
        let mut diags = Diagnostics::new();
        let op = cloudpage_codegen::import(&file, &mut diags);
        eprint!("{}", diags.render(std::slice::from_ref(&file)));
        failed |= diags.has_errors();
        if let Some(op) = op {
            if i > 0 {
                println!("---");
            }
            print!("{}", cloudpage_codegen::parse::yaml::write_operation(&op));
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn check_files(paths: &[PathBuf]) -> ExitCode {
    let mut errors = 0;
    let mut warnings = 0;
    for path in paths {
        let file = match read(path) {
            Ok(file) => file,
            Err(err) => {
                eprintln!("error: {err}");
                errors += 1;
                continue;
            }
        };
        let mut diags = Diagnostics::new();
        cloudpage_codegen::import(&file, &mut diags);
        eprint!("{}", diags.render(std::slice::from_ref(&file)));
        let file_errors = diags.iter().filter(|d| d.severity == cloudpage_codegen::diag::Severity::Error).count();
        errors += file_errors;
        warnings += diags.len() - file_errors;
    }
    eprintln!("{} files checked: {errors} errors, {warnings} warnings", paths.len());
    if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn check(specs: &std::path::Path) -> ExitCode {
    let files = match source::load_dir(specs) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {}: {err}", specs.display());
            return ExitCode::FAILURE;
        }
    };
    let mut diags = Diagnostics::new();
    cloudpage_codegen::analyse(&files, &mut diags);
    eprint!("{}", diags.render(&files));
    let errors = diags.iter().filter(|d| d.severity == cloudpage_codegen::diag::Severity::Error).count();
    eprintln!("{} files checked: {errors} errors, {} warnings", files.len(), diags.len() - errors);
    if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
