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
    /// A UTF-8 byte order mark at the start of `text` is dropped: editors on Windows write
    /// one, and it is not text (kept, it would glue itself to the first heading or key).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{FEFF}') {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        // Kept for the whole run (diagnostics name lines): made at its exact size (counting
        // the line breaks first is cheaper than growing the list and shrinking it after).
        let breaks = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(breaks + 1);
        line_starts.push(0);
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

    /// The file's name without its folders: `tencent/dts/service.yaml` -> `service.yaml`.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }

    /// The name the file gives what it holds: `tencent/dts/DeleteMigrateJob.md` ->
    /// `DeleteMigrateJob` (a page's or a YAML operation's action).
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem,
            _ => name,
        }
    }
}

/// The largest spec file read, in bytes (2 MiB). Real pages are under 100 KB (the largest in
/// `specs/` and `tests/corpus/` is 94 KB); reading a page takes up to ~200 times its size in
/// memory at its peak, so the limit keeps one file under ~400 MB instead of unbounded. A
/// larger file is an error naming it, never a silent skip.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Reads one spec file, refusing files above [`MAX_FILE_BYTES`] and text that is not UTF-8;
/// errors start with `name`, the path diagnostics use.
pub fn read_file(path: &std::path::Path, name: impl Into<String>) -> std::io::Result<SourceFile> {
    use std::io::Read as _;
    let name = name.into();
    let mut bytes = Vec::new();
    // At most one byte past the limit is read, whatever the file's size says meanwhile. The
    // buffer starts at the size the file has now: grown by doubling from empty, it would hold
    // up to twice the text for the whole run.
    std::fs::File::open(path)
        .and_then(|file| {
            let size = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES + 1);
            bytes.reserve_exact(usize::try_from(size).unwrap_or(0));
            file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| std::io::Error::new(e.kind(), format!("{name}: {e}")))?;
    bytes.shrink_to_fit();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{name}: larger than {} MiB, the limit for one spec file (real pages are under 200 KB)", MAX_FILE_BYTES >> 20),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{name}: {}", not_utf8(err.as_bytes(), err.utf8_error())))
    })?;
    Ok(SourceFile::new(name, text))
}

/// Where text stops being UTF-8: the line and column (in bytes) of the first byte that is not,
/// and the byte, so that the file can be fixed there (a page saved in GBK or Latin-1).
fn not_utf8(bytes: &[u8], err: std::str::Utf8Error) -> String {
    let at = err.valid_up_to();
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |newline| newline + 1) + 1;
    format!(
        "not UTF-8 text: line {line}, column {column}: byte 0x{:02x} (save the page as UTF-8)",
        bytes.get(at).copied().unwrap_or_default()
    )
}

/// Reads every spec file under `root` (hidden files and folders skipped), in sorted path
/// order so that everything downstream is deterministic. Paths are relative to `root`.
/// [`list_dir`] and then each [`SpecDir::read`].
///
/// Symbolic links under `root` are an error, wherever they point: following one out of the
/// folder would read any file of the machine into generated docs, and skipping one would
/// silently drop the operations it holds. (`root` itself may be a link.)
pub fn load_dir(root: &std::path::Path) -> std::io::Result<Vec<SourceFile>> {
    let dir = list_dir(root)?;
    (0..dir.paths.len()).map(|index| dir.read(index)).collect()
}

/// The spec files under a folder, found (and refused for links, as [`load_dir`] says) but not
/// read yet: the pipeline that goes one service folder at a time reads each file when its
/// folder's turn comes, and drops it after.
#[derive(Debug, Clone)]
pub struct SpecDir {
    root: std::path::PathBuf,
    /// Each file where it is, in [`load_dir`]'s order ...
    files: Vec<std::path::PathBuf>,
    /// ... and the path diagnostics use (relative to `root`, `/`-separated).
    paths: Vec<String>,
}

impl SpecDir {
    /// The folder listed.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Every file's path relative to the folder, `/`-separated, in sorted order.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Reads the file at `index` of [`paths`](SpecDir::paths) ([`read_file`]: the size limit,
    /// UTF-8; errors start with its path).
    pub fn read(&self, index: usize) -> std::io::Result<SourceFile> {
        read_file(&self.files[index], self.paths[index].clone())
    }
}

/// Finds every spec file under `root` without reading it: [`load_dir`]'s walk (hidden files
/// and folders skipped, symbolic links an error), in the same order.
pub fn list_dir(root: &std::path::Path) -> std::io::Result<SpecDir> {
    let mut files = Vec::new();
    collect(root, root, &mut files)?;
    // A folder without a file (a wrong path, a checkout without its specs) would generate
    // nothing and so remove every module written before: an error, like a missing folder.
    if files.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the specs folder holds no file (expected <cloud>/common.yaml and <cloud>/<service>/...)",
        ));
    }
    files.sort();
    let paths = files.iter().map(|path| relative_name(root, path)).collect();
    Ok(SpecDir { root: root.to_owned(), files, paths })
}

/// `path` relative to `root`, `/`-separated.
fn relative_name(root: &std::path::Path, path: &std::path::Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{}: is a symbolic link; spec folders are read without following links (copy the file in instead)",
                    relative_name(root, &path)
                ),
            ));
        }
        if kind.is_dir() {
            collect(root, &path, out)?;
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
        // Made at its size: nothing spare is kept for the run.
        assert_eq!(f.line_starts.capacity(), f.line_starts.len());
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
        let dir = std::env::temp_dir().join(format!("cloudpage-source-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("AssumeRole.md");
        // `é` in Latin-1 on the third line.
        std::fs::write(&path, b"# AssumeRole\n\n| RoleArn | String | Yes | caf\xe9 |\n").unwrap();
        let err = read_file(&path, "alibaba/sts/AssumeRole.md").unwrap_err();
        assert_eq!(
            err.to_string(),
            "alibaba/sts/AssumeRole.md: not UTF-8 text: line 3, column 31: byte 0xe9 (save the page as UTF-8)"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_empty_specs_folder_is_an_error() {
        let dir = std::env::temp_dir().join(format!("cloudpage-source-empty-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tencent")).unwrap();
        std::fs::write(dir.join("tencent/.hidden"), "skipped").unwrap();
        let err = list_dir(&dir).expect_err("no file");
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(err.to_string().contains("holds no file"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn stems() {
        let stem = |path: &str| SourceFile::new(path, "").stem().to_owned();
        assert_eq!(stem("tencent/dts/DeleteMigrateJob.md"), "DeleteMigrateJob");
        assert_eq!(stem("a\\b\\X.txt"), "X");
        assert_eq!(stem("tencent/tat/Run.yaml"), "Run");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("NoExt"), "NoExt");
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let f = SourceFile::new("a.md", "\u{FEFF}# CancelInvocation\n");
        assert_eq!(f.text, "# CancelInvocation\n");
        assert_eq!(f.line_text(1), "# CancelInvocation");
        // Only at the start: elsewhere it is (odd) text and stays.
        assert_eq!(SourceFile::new("a.md", "a\u{FEFF}").text, "a\u{FEFF}");
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
