//! Spec files as text with a line index, so every later step can name a file and line.


/// One spec file's text, with the path used in diagnostics (relative to the specs root,
/// `/`-separated, so output does not depend on where the checkout lives).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, line_starts }
    }

    /// 1-based line of a byte offset (offsets past the end give the last line).
    pub fn line_of(&self, offset: usize) -> u32 {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (idx + 1) as u32
    }

    /// Text of a 1-based line, without its line ending; empty when out of range.
    pub fn line_text(&self, line: u32) -> &str {
        let Some(&start) = self.line_starts.get((line as usize).wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line as usize).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte range of a 1-based line, without its line ending (empty when out of range).
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        let Some(&start) = self.line_starts.get((line as usize).wrapping_sub(1)) else {
            return self.text.len()..self.text.len();
        };
        start..start + self.line_text(line).len()
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Span of a byte offset in this file.
    pub fn span_at(&self, offset: usize) -> Span {
        Span::new(self.path.clone(), self.line_of(offset))
    }

    /// Span of a 1-based line in this file.
    pub fn span_line(&self, line: u32) -> Span {
        Span::new(self.path.clone(), line)
    }
}

/// Reads every spec file under `root` (hidden files and folders skipped), in sorted path
/// order so that everything downstream is deterministic. Paths are relative to `root`.
pub fn load_dir(root: &std::path::Path) -> std::io::Result<Vec<SourceFile>> {
    let mut paths = Vec::new();
    collect(root, &mut paths)?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = std::fs::read(&path)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: not UTF-8 text", path.display()))
        })?;
        files.push(SourceFile::new(name, text));
    }
    Ok(files)
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_offsets() {
        let f = SourceFile::new("a.md", "one\ntwo\r\n\nfour");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.line_of(0), 1);
        assert_eq!(f.line_of(4), 2);
        assert_eq!(f.line_of(9), 3);
        assert_eq!(f.line_of(100), 4);
        assert_eq!(f.line_text(2), "two");
        assert_eq!(f.line_text(4), "four");
        assert_eq!(f.line_text(0), "");
        assert_eq!(f.line_text(9), "");
    }
}

/// Where an item came from: a spec file (relative to the specs root, `/`-separated) and a
/// 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: String,
    pub line: u32,
}

impl Span {
    pub fn new(file: impl Into<String>, line: u32) -> Self {
        Span { file: file.into(), line }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}
