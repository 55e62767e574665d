//! cloudpage-codegen: reads Tencent Cloud and Alibaba Cloud API documentation pages (Markdown
//! or text scraped from the web page) and YAML specs, and generates Rust client modules.
//!
//! Pipeline, one module per step (ARCHITECTURE.md has the whole map):
//! `source` (files, lines) -> `parse::{page, prose, yaml}` (into `spec` types) -> `lower`
//! (merge into `spec::Api`) -> `check` (normalise, diagnose) -> `resolve` (into the resolved
//! `ir::Api`: names, models, examples, endpoints) -> `emit` (quote! tokens, and syntax trees
//! from templates for what repeats) -> `render`
//! (prettyplease, headers, threads) -> `files` (transactional writes, fed one file at a time).
//! Writers go one service folder at a time through those steps (`by_service`), so a run holds
//! its largest services' pages, specs and IR, not the whole API's.
//!
//! The core ([`analyse_checked`], [`generate_each`], [`generate`], [`generate_by_service`])
//! does no I/O; [`Builder`] (for `build.rs`) and the CLI are the shells.

pub mod by_service;
pub mod check;
pub mod diag;
pub mod emit;
pub mod error;
pub mod example;
pub mod files;
pub mod ir;
pub mod lower;
pub mod names;
pub mod output;
pub mod paging;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod source;
pub mod spec;

use diag::Diagnostics;
use source::SourceFile;
use std::path::{Path, PathBuf};
pub use by_service::{Generated, SpecFiles};
pub use emit::{CfgPredicate, Layout};
pub use error::Error;
pub use output::{GeneratedFile, Region};
pub use render::REGENERATE;

/// What a successful run produced.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    /// The run's diagnostics: warnings only (errors stop the run with [`Error::Specs`]).
    pub diagnostics: Diagnostics,
}

/// Spec files -> resolved IR, with every diagnostic. The IR is usable when `diags` has no
/// errors.
pub fn analyse(files: &[SourceFile], diags: &mut Diagnostics) -> ir::Api {
    let mut specs = lower::lower(files, diags);
    check::check(&mut specs, diags);
    resolve::resolve(specs, diags)
}

/// The first half of [`generate`]: spec files into the checked, resolved IR and the run's
/// warnings, or every diagnostic as [`Error::Specs`]. The IR owns what it needs, so a caller
/// may render the warnings and drop the sources before the second half ([`generate_each`]).
pub fn analyse_checked(files: &[SourceFile]) -> Result<(ir::Api, Diagnostics), Error> {
    let mut diags = Diagnostics::new();
    let api = analyse(files, &mut diags);
    if diags.has_errors() {
        return Err(Error::Specs(diags));
    }
    Ok((api, diags))
}

/// The second half: every file of a checked API, handed to `sink` one at a time in output
/// order as soon as it is formatted (`render::render_each`), so the run never holds every
/// file's text. Give it [`files::Transaction::stage`] to write all or nothing, or
/// [`files::Staleness::check`] to compare with the disk. The first error stops the run.
pub fn generate_each(api: &ir::Api, layout: &Layout, sink: impl FnMut(GeneratedFile) -> Result<(), Error>) -> Result<(), Error> {
    render::render_each(api, layout, sink)
}

/// What [`write_each`] did.
#[derive(Debug)]
pub struct Written {
    /// Every path generated (relative to the folder), changed or not.
    pub paths: std::collections::BTreeSet<String>,
    /// The files whose bytes changed and were written.
    pub written: Vec<PathBuf>,
}

/// [`generate_each`] into `dir`, all or nothing ([`files::Transaction`]): each file is staged
/// as it is formatted, and the staged files are renamed into place when every one is; on an
/// error nothing in `dir` changes. Files whose bytes are already there are not rewritten.
pub fn write_each(api: &ir::Api, layout: &Layout, dir: &Path) -> Result<Written, Error> {
    let mut transaction = files::Transaction::new(dir);
    generate_each(api, layout, |file| transaction.stage(&file))?;
    let paths = transaction.paths().clone();
    Ok(Written { written: transaction.commit()?, paths })
}

/// The whole pipeline one service folder at a time (`by_service`), on every core: each
/// service's files are read (through `specs`, when its turn comes), analysed and its module
/// formatted and handed to `sink`, then its pages, specs and IR are dropped; peak memory is
/// bounded by the largest services, not the whole API. The same files in the same order as
/// [`analyse_checked`] then [`generate_each`], and the same diagnostics in the same order.
///
/// `Err` when a spec file cannot be read ([`Error::Io`], the first in `specs`' order) or the specs
/// have errors ([`Error::Specs`], every diagnostic, rendered with the lines they point at by
/// [`Diagnostics::render`] without the files): files may have been handed to `sink` before
/// that was known, so give it [`files::Transaction::stage`] (dropped uncommitted, nothing is
/// written) or discard them. Otherwise the warnings (with their lines) and how the files went.
pub fn generate_by_service(
    specs: &(impl SpecFiles + ?Sized),
    layout: &Layout,
    sink: impl FnMut(GeneratedFile) -> Result<(), Error>,
) -> Result<Generated, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    by_service::generate_each(specs, layout, threads, sink)
}

/// [`generate_by_service`] into `dir`, all or nothing ([`files::Transaction`]): each file is
/// staged as it is formatted and all are renamed into place at the end, when the specs have
/// no errors and every file was made; otherwise nothing in `dir` changes. Files whose bytes
/// are already there are not rewritten.
pub fn write_by_service(specs: &(impl SpecFiles + ?Sized), layout: &Layout, dir: &Path) -> Result<Generated<Written>, Error> {
    let mut transaction = files::Transaction::new(dir);
    let run = generate_by_service(specs, layout, |file| transaction.stage(&file))?;
    let files = run.files.and_then(|()| {
        let paths = transaction.paths().clone();
        Ok(Written { written: transaction.commit()?, paths })
    });
    Ok(Generated { warnings: run.warnings, files })
}

/// The whole pipeline, without I/O: spec files in, formatted files out, collected in memory
/// (tests and tools that look at the files; writers use [`write_by_service`]).
pub fn generate(files: &[SourceFile], layout: &Layout) -> Result<Output, Error> {
    let (api, diagnostics) = analyse_checked(files)?;
    Ok(Output { files: render::render(&api, layout)?, diagnostics })
}

/// Reads one documentation page or YAML operation into the IR (the `import` command).
///
/// One page alone may name structures described elsewhere (a Data Types page, another
/// operation's page): each such reference is warned about and kept as the name, so that the
/// YAML, put beside the service's other files, gets the typed struct; without a description
/// in the service it is generated as raw JSON.
pub fn import(file: &SourceFile, diags: &mut Diagnostics) -> Option<spec::Operation> {
    let op = if file.path.ends_with(".yaml") || file.path.ends_with(".yml") {
        parse::yaml::read_operation(file, diags)
    } else {
        parse::page::import_page(file, diags)
    }?;
    warn_undescribed_models(&op, diags);
    Some(op)
}

/// Reads one spec file alone, for its diagnostics (`cloudpage-codegen check FILE...`): a
/// `service.yaml`, a `common.yaml`, a Data Types page, or an operation (a page or YAML, as
/// [`import`] reads it). A file is read by what its name says it is, as in a specs folder.
pub fn check_file(file: &SourceFile, diags: &mut Diagnostics) {
    let name = file.file_name();
    match name {
        "service.yaml" => drop(parse::yaml::read_service(file, diags)),
        "common.yaml" => drop(parse::yaml::read_common(file, diags)),
        _ if name.ends_with(".yaml") || name.ends_with(".yml") => drop(import(file, diags)),
        _ => {
            if let Some(spec::PageContent::Operation(op)) = parse::page::read_page(file, diags) {
                warn_undescribed_models(&op, diags);
            }
        }
    }
}

/// A page read alone names models its service's Data Types page describes: each once.
fn warn_undescribed_models(op: &spec::Operation, diags: &mut Diagnostics) {
    let defined: std::collections::BTreeSet<&str> = op.models.iter().map(|m| m.name.as_str()).collect();
    let fields = op.request.iter().chain(&op.response).chain(op.models.iter().flat_map(|m| &m.fields));
    let mut warned = std::collections::BTreeSet::new();
    for field in fields {
        let Some(model) = field.ty.model().filter(|m| !defined.contains(m)) else { continue };
        if warned.insert(model.to_owned()) {
            diags
                .warning(field.span.clone(), format!("type `{model}` of `{}` is not described on this page", field.name))
                .with_note(format!(
                    "kept as a reference: generated with the service's pages (its Data Types page describes `{model}`) it is a typed struct, alone it is raw JSON"
                ));
        }
    }
}

/// For `build.rs`: specs in, `OUT_DIR` out, rerun hints for cargo.
///
/// ```no_run
/// // build.rs: generate into OUT_DIR ...
/// cloudpage_codegen::Builder::new("../specs").generate().expect("specs generate");
/// // ... and in src/lib.rs:
/// // include!(concat!(env!("OUT_DIR"), "/clients.rs"));
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    specs: PathBuf,
    out_dir: Option<PathBuf>,
    include_file: String,
    rerun_if_changed: bool,
    /// `None`: every item in every build; an invalid predicate is reported by `generate`.
    test_only: Option<Result<CfgPredicate, String>>,
}

impl Builder {
    /// Generates from every spec under `specs`.
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Builder {
            specs: specs.into(),
            out_dir: None,
            include_file: "clients.rs".to_owned(),
            rerun_if_changed: true,
            test_only: None,
        }
    }

    /// Output directory (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Name of the file to `include!` (default `clients.rs`); it declares one module per service.
    /// A plain file name: the modules it includes are written beside it in the output
    /// directory, so a path (`gen/clients.rs`, `../x.rs`) is refused by [`Builder::generate`].
    pub fn include_file(mut self, name: impl Into<String>) -> Self {
        self.include_file = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the specs folder and every spec file (default on).
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// Compiles what only tests need under `cfg(any(test, <predicate>))` instead of in every
    /// build: the `with_` setters and `JsonEncode` impls of responses and of the models only
    /// answers hold (a program reads answers; a test builds them, to fake one with
    /// `cloudpage_runtime::mock`). `predicate` is a cfg predicate of your crate, typically
    /// `feature = "test-util"` with that feature declared in your `Cargo.toml` (an undeclared
    /// feature is an `unexpected_cfgs` warning) and turned on for the tests that build answers.
    /// Fewer functions to check make the crate cheaper to build. By default (without this
    /// option) everything is compiled in every build, since the generator cannot know your
    /// crate's features. A predicate that does not parse makes [`Builder::generate`] fail.
    pub fn test_only_cfg(mut self, predicate: &str) -> Self {
        self.test_only = Some(CfgPredicate::parse(predicate));
        self
    }

    /// Runs the generator one service folder at a time ([`write_by_service`]); writes only
    /// files whose bytes changed, all or nothing. Warnings are printed as `cargo:warning` lines;
    /// they are returned with what was written.
    pub fn generate(self) -> Result<(Written, Diagnostics), Error> {
        let test_only = self.test_only.transpose().map_err(|message| Error::InvalidOption { option: "test_only_cfg", message })?;
        check_include_file(&self.include_file)?;
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| Error::Io {
                path: PathBuf::from("$OUT_DIR"),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "OUT_DIR is not set (not in a build script?)"),
            })?),
        };
        let specs = source::list_dir(&self.specs).map_err(|source| Error::Io { path: self.specs.clone(), source })?;
        let run = write_by_service(&specs, &Layout::IncludeFile { file: self.include_file, test_only }, &out_dir);
        // As when every file was read first: the hints once every file could be read.
        if self.rerun_if_changed && !matches!(run, Err(Error::Io { .. })) {
            rerun_hints(&self.specs, specs.paths());
        }
        let Generated { warnings, files } = run?;
        for warning in warnings.warnings() {
            // One line each: cargo shows `cargo:warning` text up to the line end.
            // Cleaned: a newline in spec text would otherwise start a cargo directive.
            println!("cargo:warning={}:{}: {}", diag::clean(&warning.span.file), warning.span.line, diag::clean(&warning.message));
        }
        Ok((files?, warnings))
    }
}

fn rerun_hints(root: &Path, paths: &[String]) {
    // The folders too, so that added or removed files rerun the build script.
    let mut dirs = std::collections::BTreeSet::new();
    dirs.insert(root.to_path_buf());
    for file in paths {
        let path = root.join(file);
        if let Some(parent) = path.parent() {
            dirs.insert(parent.to_path_buf());
        }
        println!("cargo:rerun-if-changed={}", path.display());
    }
    for dir in dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
}

/// The include file's name must be a plain file name: it `include!`s the modules by their
/// names, which rustc resolves beside it, and the modules are written in the output directory
/// itself; a path would name a file elsewhere (or outside the output directory).
fn check_include_file(name: &str) -> Result<(), Error> {
    let plain = std::path::Path::new(name).file_name().is_some_and(|file| file == name) && name != "..";
    if plain {
        Ok(())
    } else {
        Err(Error::InvalidOption {
            option: "include_file",
            message: format!("`{name}` is not a plain file name (the modules are written beside it in the output directory)"),
        })
    }
}
