//! The library's error: what stops a run. The bottom floor: every step may return it.

use crate::diag::Diagnostics;
use std::path::PathBuf;

/// `Debug` shows what `Display` shows (see the impl below).
#[derive(thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The specs have errors. Every diagnostic of the run (errors and warnings) with its
    /// severity, file, line, message and note; `Display` lists them without source lines,
    /// [`Diagnostics::render`] with them.
    #[error("the specs have errors:\n{0}")]
    Specs(Diagnostics),
    /// Two output files of one run have the same path: one would silently replace the other.
    #[error("{path}: generated twice in one run")]
    DuplicateOutput { path: PathBuf },
    /// A `Builder` option was given a value it cannot take (a cfg predicate that
    /// does not parse); nothing was generated.
    #[error("Builder::{option}: {message}")]
    InvalidOption { option: &'static str, message: String },
    /// The emitters produced tokens that do not parse: a generator bug.
    #[error("internal error: generated code for {path} does not parse: {message}")]
    Format { path: String, message: String },
}

/// The same text as `Display`: a build script's `.expect("specs generate")` prints the error
/// with `Debug`, and what it should show there is every diagnostic with its file and line,
/// not the structure that holds them.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}
