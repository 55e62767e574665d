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

/// Echoed text (message, note, source line, file name) is cut after this many characters,
/// with `...`: a minified page or a 50,000-cell line would otherwise flood the terminal.
pub const MAX_ECHO_CHARS: usize = 300;

/// At most this many diagnostics of one kind are shown; the rest are counted in one line
/// (`... and 357,770 more like this`). A kind is the severity and the message with its
/// quoted names (`` `X` ``) and numbers left out, so "a table row has 3 cells" and "a table
/// row has 5 cells" are one kind. Twenty examples are enough to see the pattern of a broken
/// table; the counts (`error_count`, `warning_count`) stay exact.
pub const MAX_PER_KIND: usize = 20;

/// `text` safe to print: control characters (C0, DEL, C1) and bidirectional-text controls,
/// which could move the cursor, recolour the terminal or reorder what is shown, are written as
/// `\u{1b}` escapes (a tab stays), and the text is cut after [`MAX_ECHO_CHARS`] characters with
/// `...`.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if text.len() <= MAX_ECHO_CHARS && !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut shown = 0;
    for c in text.chars() {
        let piece = if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() };
        let width = piece.chars().count();
        if shown + width > MAX_ECHO_CHARS {
            out.push_str("...");
            break;
        }
        out.push_str(&piece);
        shown += width;
    }
    std::borrow::Cow::Owned(out)
}

/// The kind of a diagnostic, for [`MAX_PER_KIND`].
fn kind(d: &Diagnostic) -> (Severity, String) {
    let mut key = String::with_capacity(d.message.len());
    let mut quoted = false;
    for c in d.message.chars() {
        if c == '`' {
            quoted = !quoted;
            key.push(c);
        } else if quoted {
        } else if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    (d.severity, key)
}

/// `357770` -> `357,770`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What to print, in report order: each diagnostic until its kind has been shown
/// [`MAX_PER_KIND`] times, then once the number of that kind left.
enum Entry<'a> {
    Show(&'a Diagnostic),
    More(usize),
}

fn capped<'a>(items: &[&'a Diagnostic]) -> Vec<Entry<'a>> {
    let mut totals: BTreeMap<(Severity, String), usize> = BTreeMap::new();
    for d in items {
        *totals.entry(kind(d)).or_default() += 1;
    }
    let mut shown: BTreeMap<(Severity, String), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for d in items {
        let key = kind(d);
        let count = shown.entry(key.clone()).or_default();
        *count += 1;
        if *count <= MAX_PER_KIND {
            out.push(Entry::Show(d));
        }
        if *count == MAX_PER_KIND && totals[&key] > MAX_PER_KIND {
            out.push(Entry::More(totals[&key] - MAX_PER_KIND));
        }
    }
    out
}

/// The line that stands for the diagnostics of a kind past [`MAX_PER_KIND`].
fn more_line(rest: usize) -> String {
    format!("... and {} more like this\n", thousands(rest))
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
    /// How many diagnostics there are of each kind (the same message but for quoted names
    /// and numbers, shown as `` `…` `` and `#`), most frequent first: the summary `check`
    /// prints after the diagnostics, so a whole service's warnings read as a short list.
    pub fn by_kind(&self) -> Vec<(Severity, String, usize)> {
        let mut totals: BTreeMap<(Severity, String), usize> = BTreeMap::new();
        for d in &self.items {
            *totals.entry(kind(d)).or_default() += 1;
        }
        let mut out: Vec<(Severity, String, usize)> =
            totals.into_iter().map(|((severity, key), n)| (severity, key.replace("``", "`…`"), n)).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
        out
    }

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
        // of every file it is given), as cleaned copies: codespan echoes the line, so its
        // control characters are escaped and a long line is cut (see `clean`). The copy keeps
        // the line count, so a span's line is the same line in it.
        let wanted: BTreeSet<&str> = self.items.iter().map(|d| d.span.file.as_str()).collect();
        // A file with nothing to clean (the usual case) is borrowed as it is.
        let is_clean = |text: &str| matches!(clean(text), std::borrow::Cow::Borrowed(_));
        let by_path: BTreeMap<&str, std::borrow::Cow<'_, SourceFile>> = sources
            .iter()
            .filter(|f| wanted.contains(f.path.as_str()))
            .map(|f| {
                if is_clean(&f.path) && f.text.split('\n').all(is_clean) {
                    return (f.path.as_str(), std::borrow::Cow::Borrowed(f));
                }
                let lines: Vec<_> = f.text.split('\n').map(|line| clean(line.trim_end_matches('\r'))).collect();
                (f.path.as_str(), std::borrow::Cow::Owned(SourceFile::new(clean(&f.path), lines.join("\n"))))
            })
            .collect();
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (&path, source) in &by_path {
            ids.insert(path, files.add(source.path.as_str(), source.text.as_str()));
        }
        let config = term::Config { chars: term::Chars::ascii(), ..term::Config::default() };
        let mut out = String::new();
        for entry in capped(&self.sorted_refs()) {
            let d = match entry {
                Entry::Show(d) => d,
                Entry::More(rest) => {
                    out.push_str(&more_line(rest));
                    out.push('\n');
                    continue;
                }
            };
            let report = match d.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_message(clean(&d.message))
            .with_notes(d.note.iter().map(|n| format!("note: {}", clean(n))).collect());
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
        for entry in capped(&self.sorted_refs()) {
            match entry {
                Entry::Show(d) => f.write_str(&d.render(None))?,
                Entry::More(rest) => f.write_str(&more_line(rest))?,
            }
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
        let _ = writeln!(out, "{level}: {}", clean(&self.message));
        let line_no = self.span.line.to_string();
        let pad = " ".repeat(line_no.len());
        let _ = writeln!(out, "{pad}--> {}:{}", clean(&self.span.file), self.span.line);
        if let Some(text) = source.map(|s| s.line_text(self.span.line)).filter(|t| !t.is_empty()) {
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line_no} | {}", clean(text));
            let _ = writeln!(out, "{pad} |");
        }
        if let Some(note) = &self.note {
            let _ = writeln!(out, "{pad} = note: {}", clean(note));
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(None))
    }
}
