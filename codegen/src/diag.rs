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
#[derive(Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Source lines kept for [`Diagnostics::render`] after their files are gone.
    quotes: Quotes,
}

/// Equal when they hold the same diagnostics in the same order: the quoted lines are a copy of
/// the sources, not part of the report.
impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for Diagnostics {}

impl std::fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnostics").field("items", &self.items).finish()
    }
}

/// Source lines that diagnostics point at, kept so that [`Diagnostics::render`] can show them
/// once the files are dropped (the pipeline that goes one service at a time drops each
/// service's pages after its analysis). A line is kept up to the [`MAX_ECHO_CHARS`] + 1st
/// character, which is all that [`clean`] looks at; with the file's line count, it renders
/// exactly as the whole file would.
#[derive(Debug, Default, Clone)]
pub struct Quotes {
    files: BTreeMap<String, QuotedFile>,
}

#[derive(Debug, Clone)]
struct QuotedFile {
    line_count: u32,
    lines: BTreeMap<u32, String>,
}

impl Quotes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps line `line` (1-based) of `file`, and the file's line count.
    pub fn keep(&mut self, file: &SourceFile, line: u32) {
        let quoted = match self.files.get_mut(file.path.as_str()) {
            Some(quoted) => quoted,
            None => self.files.entry(file.path.clone()).or_insert(QuotedFile { line_count: file.line_count(), lines: BTreeMap::new() }),
        };
        if line >= 1 && line <= quoted.line_count {
            quoted.lines.entry(line).or_insert_with(|| {
                let text = file.line_text(line);
                let cut = text.char_indices().nth(MAX_ECHO_CHARS + 1).map_or(text.len(), |(at, _)| at);
                text[..cut].to_owned()
            });
        }
    }

    /// Keeps the line of every diagnostic of `diags` whose file `file` finds by its path.
    pub fn keep_for<'a>(&mut self, diags: &Diagnostics, file: impl Fn(&str) -> Option<&'a SourceFile>) {
        for d in &diags.items {
            if let Some(source) = file(&d.span.file) {
                self.keep(source, d.span.line);
            }
        }
    }

    /// Adds the lines `other` keeps.
    pub fn extend(&mut self, other: Quotes) {
        for (path, quoted) in other.files {
            match self.files.get_mut(&path) {
                Some(mine) => {
                    for (line, text) in quoted.lines {
                        mine.lines.entry(line).or_insert(text);
                    }
                }
                None => {
                    self.files.insert(path, quoted);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
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

    /// Adds `other`'s diagnostics after these, and the lines it quotes.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.quotes.extend(other.quotes);
    }

    /// Keeps `quotes` for [`render`](Diagnostics::render): the lines of files it is not given.
    pub fn quote(&mut self, quotes: Quotes) {
        self.quotes.extend(quotes);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Renders every diagnostic rustc style with codespan-reporting, pointing at the source
    /// line when the file is among `sources` or its line was kept ([`quote`](Diagnostics::quote)),
    /// sorted by file and line.
    pub fn render(&self, sources: &[SourceFile]) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::files::SimpleFiles;
        use codespan_reporting::term;

        if self.items.is_empty() {
            return String::new();
        }
        // The lines to show, from `sources` (the last file of a path wins) or else kept.
        let by_path: BTreeMap<&str, &SourceFile> = sources.iter().map(|f| (f.path.as_str(), f)).collect();
        let mut given = Quotes::default();
        given.keep_for(self, |path| by_path.get(path).copied());
        // Codespan echoes the line, so each file it is handed is a cleaned copy of the lines
        // shown (`clean`: control characters escaped, long lines cut), at their line numbers,
        // the others empty; only the files that have diagnostics are handed to it.
        let wanted: BTreeSet<&str> = self.items.iter().map(|d| d.span.file.as_str()).collect();
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for path in wanted {
            let Some(quoted) = given.files.get(path).or_else(|| self.quotes.files.get(path)) else { continue };
            let mut text = String::new();
            let mut ranges = BTreeMap::new();
            let mut at = 1;
            for (&line, kept) in &quoted.lines {
                while at < line {
                    text.push('\n');
                    at += 1;
                }
                let start = text.len();
                text.push_str(&clean(kept));
                ranges.insert(line, start..text.len());
            }
            ids.insert(path, (files.add(clean(path).into_owned(), text), ranges, quoted.line_count));
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
            let rendered = match ids.get(d.span.file.as_str()) {
                Some((id, ranges, line_count)) if d.span.line >= 1 && d.span.line <= *line_count => {
                    ranges.get(&d.span.line).and_then(|range| {
                        let report = report.with_labels(vec![Label::primary(*id, range.clone())]);
                        term::emit_into_string(&config, &files, &report).ok()
                    })
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
