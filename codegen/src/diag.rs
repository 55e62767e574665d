//! Diagnostics: every problem found in a spec, with its location, collected before stopping.

use crate::source::Span;
use crate::source::SourceFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// What was expected, or how to fix it.
    pub note: Option<String>,
}

/// Collects diagnostics from every step; the caller decides when errors stop the pipeline.
/// They stay typed through the library's API (`Error::Specs`, `Output`) and
/// are rendered only at the edge: [`Diagnostics::render`] with the sources (rustc style, with
/// the source line), or `Display` without them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, span, message.into())
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, span, message.into())
    }

    fn push(&mut self, severity: Severity, span: Span, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic { severity, span, message, note: None });
        self.items.last_mut().expect("just pushed")
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// The warnings, in report order.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.sorted_refs().into_iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Diagnostics sorted by file, line, then severity, so output is stable.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        self.sorted_refs().into_iter().cloned().collect()
    }

    /// In report order: by file and line, then severity and message.
    fn sorted_refs(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (&a.span, a.severity, &a.message).cmp(&(&b.span, b.severity, &b.message)));
        items
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Renders every diagnostic rustc style with codespan-reporting, pointing at the source
    /// line when the file is among `sources`, sorted by file and line.
    pub fn render(&self, sources: &[SourceFile]) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::files::SimpleFiles;
        use codespan_reporting::term;

        if self.items.is_empty() {
            return String::new();
        }
        // Only the files that have diagnostics are handed to codespan (which indexes the lines
        // of every file it is given), and they are borrowed, not copied.
        let wanted: BTreeSet<&str> = self.items.iter().map(|d| d.span.file.as_str()).collect();
        let by_path: BTreeMap<&str, &SourceFile> =
            sources.iter().filter(|f| wanted.contains(f.path.as_str())).map(|f| (f.path.as_str(), f)).collect();
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (&path, source) in &by_path {
            ids.insert(path, files.add(path, source.text.as_str()));
        }
        let config = term::Config { chars: term::Chars::ascii(), ..term::Config::default() };
        let mut out = String::new();
        for d in self.sorted_refs() {
            let report = match d.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_message(&d.message)
            .with_notes(d.note.iter().map(|n| format!("note: {n}")).collect());
            let rendered = match (ids.get(d.span.file.as_str()), by_path.get(d.span.file.as_str())) {
                (Some(&id), Some(source)) if d.span.line >= 1 && d.span.line <= source.line_count() => {
                    let report = report.with_labels(vec![Label::primary(id, source.line_range(d.span.line))]);
                    term::emit_into_string(&config, &files, &report).ok()
                }
                _ => None,
            };
            out.push_str(&rendered.unwrap_or_else(|| d.render(None)));
        }
        out
    }
}

/// Every diagnostic in report order, rustc style without source lines (for callers that do
/// not have the files at hand; [`Diagnostics::render`] shows the lines too).
impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in self.sorted_refs() {
            f.write_str(&d.render(None))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    pub fn with_note(&mut self, note: impl Into<String>) -> &mut Self {
        self.note = Some(note.into());
        self
    }

    /// rustc-style text without the source (used when the file is not at hand):
    ///
    /// ```text
    /// error: a table row has 3 cells, the header has 4
    ///   --> tencent/dts/DeleteMigrateJob.md:12
    ///    |
    /// 12 | | JobId | Yes | String
    ///    |
    ///    = note: ...
    /// ```
    pub fn render(&self, source: Option<&SourceFile>) -> String {
        let mut out = String::new();
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{level}: {}", self.message);
        let line_no = self.span.line.to_string();
        let pad = " ".repeat(line_no.len());
        let _ = writeln!(out, "{pad}--> {}", self.span);
        if let Some(text) = source.map(|s| s.line_text(self.span.line)).filter(|t| !t.is_empty()) {
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line_no} | {text}");
            let _ = writeln!(out, "{pad} |");
        }
        if let Some(note) = &self.note {
            let _ = writeln!(out, "{pad} = note: {note}");
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(None))
    }
}
