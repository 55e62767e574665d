//! `cloudpage-codegen`: the command-line shell over the `cloudpage-codegen` library.
//!
//! Default folders come from where it runs, not from where it was built: the nearest folder
//! at or above the current directory that has a `specs/` folder and a `Cargo.toml` (the
//! workspace), with `specs/` and `generated/` in it. Every command says which folders it used.

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

/// mimalloc's purging off: memory the run frees stays with the process (for its next service)
/// instead of going back to the system after 10 ms and being faulted in, zeroed, again. A
/// generator run is a short batch job whose live memory is one service per core: at N = 10,000
/// replicated operations this cut its CPU time by 6-12 % in alternating runs (fewer page
/// faults and `madvise` calls), for about 25 MiB more peak memory (about 120 MiB instead of
/// about 95; BENCHMARKS.md, 2026-12-07 per-service section). The bench sets the same for its
/// generator runs.
#[cfg(feature = "mimalloc")]
fn keep_freed_memory() {
    /// `mi_option_purge_delay` in mimalloc.h (the same index in the v2 and v3 series that
    /// libmimalloc-sys vendors; it names no constant for it). -1: never purge.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an option's value, before any other thread exists; mimalloc reads this
    // option each time it would purge (`_mi_os_purge_ex`).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Generate Rust clients from cloud API documentation pages and YAML specs.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The workspace the current directory is in: the nearest folder at or above it with a
/// `Cargo.toml` and a `specs/` folder.
fn workspace_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current directory: {e}"))?;
    cwd.ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("specs").is_dir())
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "no folder at or above {} has a Cargo.toml and a specs/ folder; run from the workspace or pass --specs (and --out)",
                cwd.display()
            )
        })
}

/// `given`, or `<workspace>/<default>`.
fn folder(given: Option<PathBuf>, default: &str) -> Result<PathBuf, String> {
    match given {
        Some(path) => Ok(path),
        None => Ok(workspace_root()?.join(default)),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the clients crate from the specs (writes only files that change).
    Generate {
        /// Specs folder [default: <workspace>/specs]
        #[arg(long)]
        specs: Option<PathBuf>,
        /// Crate folder to write: its src/ (every module, the modules no spec makes any more
        /// removed) and the features between the markers of its Cargo.toml, which must exist
        /// [default: <workspace>/generated]
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
        /// Spec files to read on their own: pages (Data Types pages too), YAML operations,
        /// service.yaml and common.yaml
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    keep_freed_memory();
    let result = match Cli::parse().command {
        Command::Generate { specs, out, check } => folder(specs, "specs").and_then(|specs| {
            let out = folder(out, "generated")?;
            eprintln!("specs: {}\nout:   {}", specs.display(), out.display());
            Ok(generate(&specs, &out, check))
        }),
        Command::Import { files } => Ok(import(&files)),
        Command::Check { specs, files } if files.is_empty() => folder(specs, "specs").map(|specs| {
            eprintln!("specs: {}", specs.display());
            check(&specs)
        }),
        Command::Check { files, .. } => Ok(check_files(&files)),
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

/// One service folder at a time (`generate_by_service`): each service's pages are read,
/// analysed, its module formatted and staged (or compared), and dropped before the next. The
/// warnings (or, when the specs have errors, every diagnostic) are printed at the end, from the
/// lines they kept; only then are the staged files renamed into place.
fn generate(specs: &std::path::Path, out: &std::path::Path, check: bool) -> ExitCode {
    let dir = match source::list_dir(specs) {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: {}: {err}", specs.display());
            return ExitCode::FAILURE;
        }
    };
    if check {
        // Each file is compared with the disk as it is formatted, then dropped.
        let mut staleness = files::Staleness::new(out);
        let mut count = 0;
        let run = cloudpage_codegen::generate_by_service(&dir, &Layout::Crate, |file| {
            count += 1;
            staleness.check(&file)
        });
        let Some(run) = warnings_or_failure(run) else { return ExitCode::FAILURE };
        if let Err(err) = run {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
        let stale = staleness.finish();
        if stale.is_empty() {
            eprintln!("{} is up to date ({count} files)", out.display());
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is stale: {}\nrun `{REGENERATE}` and commit the result", out.display(), stale.join(", "));
        return ExitCode::FAILURE;
    }
    // Each file is staged as it is formatted; all are renamed into place at the end, or none.
    let run = cloudpage_codegen::write_by_service(&dir, &Layout::Crate, out);
    let Some(written) = warnings_or_failure(run) else { return ExitCode::FAILURE };
    match written {
        Ok(done) => {
            for extra in files::extra(out, &done.paths) {
                let path = out.join(extra);
                if let Err(err) = std::fs::remove_file(&path) {
                    eprintln!("{}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
                eprintln!("removed {}", path.display());
            }
            eprintln!("{} files, {} written to {}", done.paths.len(), done.written.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a run's warnings and hands back how its files went; or prints why it failed (a file
/// that cannot be read, or the specs' diagnostics with the error count) and gives `None`.
fn warnings_or_failure<T>(run: Result<cloudpage_codegen::Generated<T>, cloudpage_codegen::Error>) -> Option<Result<T, cloudpage_codegen::Error>> {
    match run {
        Ok(run) => {
            eprint!("{}", run.warnings.render(&[]));
            Some(run.files)
        }
        Err(cloudpage_codegen::Error::Specs(diags)) => {
            eprint!("{}", diags.render(&[]));
            eprintln!("the specs have errors: {} errors, {} warnings", diags.error_count(), diags.warning_count());
            None
        }
        Err(err @ cloudpage_codegen::Error::Io { .. }) => {
            // The specs folder, then the file: as when the folder is listed.
            eprintln!("error: {err}");
            None
        }
        Err(err) => {
            eprintln!("{err}");
            None
        }
    }
}

fn read(path: &std::path::Path) -> Result<source::SourceFile, String> {
    source::read_file(path, path.display().to_string()).map_err(|e| e.to_string())
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
    let mut all = Diagnostics::new();
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
        cloudpage_codegen::check_file(&file, &mut diags);
        eprint!("{}", diags.render(std::slice::from_ref(&file)));
        let file_errors = diags.iter().filter(|d| d.severity == cloudpage_codegen::diag::Severity::Error).count();
        errors += file_errors;
        warnings += diags.len() - file_errors;
        all.extend(diags);
    }
    eprintln!("{} files checked: {errors} errors, {warnings} warnings", paths.len());
    print_kinds(&all);
    if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The diagnostics by kind with their counts, after the totals: what a whole service's
/// warnings amount to, in a few lines.
fn print_kinds(diags: &Diagnostics) {
    let kinds = diags.by_kind();
    if kinds.is_empty() {
        return;
    }
    eprintln!("by kind:");
    for (severity, kind, count) in kinds {
        let severity = match severity {
            cloudpage_codegen::diag::Severity::Error => "error",
            cloudpage_codegen::diag::Severity::Warning => "warning",
        };
        eprintln!("{count:>6}  {severity}: {}", cloudpage_codegen::diag::clean(&kind));
    }
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
    print_kinds(&diags);
    if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
