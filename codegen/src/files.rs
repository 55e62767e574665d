//! The generator's only file-system writes: output files replaced all or nothing, and the
//! staleness check. Shared by the CLI and `Builder`.
//!
//! Writes are transactional in the way cargo and rustfmt write files, and streamed: a
//! [`Transaction`] takes the files one at a time as they are rendered (so no run holds every
//! file's text); each file's new bytes are computed (including the hand-written parts a region
//! is spliced into, whose markers must be there) and, when they differ from the file on disk,
//! written to a temporary file beside it and synced, and the text is dropped. Only when every
//! file is staged are they renamed over the old ones ([`Transaction::commit`]). A failure before
//! the renames (or a transaction dropped without a commit) removes every staged file and every
//! folder the transaction made, leaving the output as it was; a crash during the renames
//! leaves each file either as it was or as it should be, never torn or empty.
//! [`write_if_changed`] is the same for a list of files in memory.

use crate::output::GeneratedFile;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The temporary file a file is staged in: in the same folder (so the rename does not cross
/// file systems), hidden, and named for this process so concurrent runs do not share one.
pub fn staging_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.cloudpage-tmp", std::process::id()))
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> crate::Error + '_ {
    move |source| crate::Error::Io { path: path.to_owned(), source }
}

/// Whether the file at `path` holds exactly `expected` (`false` when there is no file). Read a
/// chunk at a time and compared as it comes, so no copy of the file is kept; a file of another
/// length is not read at all.
fn same_bytes_on_disk(path: &Path, expected: &[u8]) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(err),
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        // Read whole, for the error a folder gives (before anything is staged, not at the
        // renames) or the bytes of anything else.
        return std::fs::read(path).map(|bytes| bytes == expected);
    }
    if metadata.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut chunk = vec![0u8; COMPARE_CHUNK.min(expected.len().max(1))];
    let mut rest = expected;
    loop {
        let n = match file.read(&mut chunk) {
            Ok(n) => n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if n == 0 {
            // The file ended: equal only if nothing was expected after it (it may have
            // shrunk since its length was read).
            return Ok(rest.is_empty());
        }
        match rest.split_at_checked(n) {
            Some((head, tail)) if head == &chunk[..n] => rest = tail,
            // Other bytes, or more of them (it grew since its length was read).
            _ => return Ok(false),
        }
    }
}

/// How much of a file [`same_bytes_on_disk`] reads at a time.
const COMPARE_CHUNK: usize = 64 * 1024;

/// What is on disk at `path`: `None` if there is no file.
fn read_existing(path: &Path) -> Result<Option<String>, crate::Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(io_error(path)(err)),
    }
}

/// What `file` must become at `path`: `None` when its bytes are already there, else its full
/// text. A whole file is compared with the disk as it is read, a chunk at a time, and its text
/// is `contents` itself: no copy of either is made (the largest module is about 7 MB, and every
/// fresh megabyte costs page faults). A region needs the file's text to splice it into.
fn to_write<'f>(file: &'f GeneratedFile, path: &Path) -> Result<Option<Cow<'f, str>>, crate::Error> {
    if file.region.is_none() {
        let same = same_bytes_on_disk(path, file.contents.as_bytes()).map_err(io_error(path))?;
        return Ok((!same).then_some(Cow::Borrowed(file.contents.as_str())));
    }
    let on_disk = read_existing(path)?;
    let spliced = file.expected_bytes(on_disk.as_deref()).map_err(|message| crate::Error::Io {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
    })?;
    Ok((on_disk.as_deref() != Some(spliced.as_str())).then_some(Cow::Owned(spliced)))
}

/// An all-or-nothing write of generated files into one folder, fed one file at a time.
///
/// [`stage`](Transaction::stage) each file as soon as it exists, then
/// [`commit`](Transaction::commit). Files whose bytes are already on disk are not rewritten
/// (so cargo does not rebuild dependents for nothing). Dropped without a commit (an error
/// anywhere in the run), it removes what it staged: nothing in the folder changes.
#[derive(Debug)]
pub struct Transaction {
    dir: PathBuf,
    /// Every path handed in (relative, as in [`GeneratedFile::path`]), changed or not.
    paths: BTreeSet<String>,
    /// (temporary file, destination) of each changed file, in staging order.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Folders this transaction created, in creation order (parents first).
    created: Vec<PathBuf>,
}

impl Transaction {
    /// A transaction writing into `dir` (created when a file needs it).
    pub fn new(dir: &Path) -> Self {
        Transaction { dir: dir.to_owned(), paths: BTreeSet::new(), staged: Vec::new(), created: Vec::new() }
    }

    /// Stages one file: its full bytes are computed from what is on disk now, and written to a
    /// synced temporary file beside it when they differ. A path handed in twice is an error
    /// ([`crate::Error::DuplicateOutput`]): one of the two would be silently lost.
    pub fn stage(&mut self, file: &GeneratedFile) -> Result<(), crate::Error> {
        let path = self.dir.join(&file.path);
        if !self.paths.insert(file.path.clone()) {
            return Err(crate::Error::DuplicateOutput { path });
        }
        let Some(expected) = to_write(file, &path)? else {
            return Ok(());
        };
        if let Some(parent) = path.parent() {
            self.create_folders(parent)?;
        }
        let temp = staging_path(&path);
        stage(&temp, &expected)?;
        self.staged.push((temp, path));
        Ok(())
    }

    /// Every path staged so far, changed or not (relative to the folder).
    pub fn paths(&self) -> &BTreeSet<String> {
        &self.paths
    }

    /// Renames every staged file into place; returns the paths written (the files that
    /// changed), in staging order.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, crate::Error> {
        let staged = std::mem::take(&mut self.staged);
        // From here on the folders stay: the files in them are (being) written.
        self.created.clear();
        for (i, (temp, path)) in staged.iter().enumerate() {
            if let Err(source) = std::fs::rename(temp, path) {
                discard(&staged[i..]);
                return Err(crate::Error::Io { path: path.clone(), source });
            }
        }
        // The renames themselves are durable once their folders are synced (best effort: not
        // every platform can open a folder).
        let folders: BTreeSet<&Path> = staged.iter().filter_map(|(_, p)| p.parent()).collect();
        for folder in folders {
            if let Ok(handle) = std::fs::File::open(folder) {
                let _ = handle.sync_all();
            }
        }
        Ok(staged.into_iter().map(|(_, path)| path).collect())
    }

    /// `dir` and its missing parents, each recorded so that an abort removes it again.
    fn create_folders(&mut self, dir: &Path) -> Result<(), crate::Error> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.as_os_str().is_empty() && !d.exists()).collect();
        for folder in missing.into_iter().rev() {
            match std::fs::create_dir(folder) {
                Ok(()) => self.created.push(folder.to_owned()),
                // Made meanwhile by someone else: not ours to remove.
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(io_error(folder)(err)),
            }
        }
        Ok(())
    }
}

impl Drop for Transaction {
    /// Not committed: every staged file is removed, then the folders made for them (only if
    /// empty, newest first).
    fn drop(&mut self) {
        discard(&self.staged);
        for folder in self.created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

fn discard(staged: &[(PathBuf, PathBuf)]) {
    for (temp, _) in staged {
        let _ = std::fs::remove_file(temp);
    }
}

/// Writes the files whose bytes differ from what is on disk (so cargo does not rebuild
/// dependents for nothing), all or nothing as the module says. Returns the paths written.
pub fn write_if_changed(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, crate::Error> {
    let mut transaction = Transaction::new(dir);
    for file in files {
        transaction.stage(file)?;
    }
    transaction.commit()
}

fn stage(temp: &Path, bytes: &str) -> Result<(), crate::Error> {
    let written = std::fs::File::create(temp).and_then(|mut file| {
        file.write_all(bytes.as_bytes())?;
        file.sync_all()
    });
    written.map_err(|source| {
        let _ = std::fs::remove_file(temp);
        crate::Error::Io { path: temp.to_owned(), source }
    })
}

/// The staleness check, fed one file at a time (as [`Transaction`] is): which files differ
/// from what is on disk, and which generated-looking files on disk would no longer be
/// produced. Holds the paths only.
#[derive(Debug)]
pub struct Staleness {
    dir: PathBuf,
    paths: BTreeSet<String>,
    differ: Vec<String>,
}

impl Staleness {
    pub fn new(dir: &Path) -> Self {
        Staleness { dir: dir.to_owned(), paths: BTreeSet::new(), differ: Vec::new() }
    }

    /// Compares one file with the disk. A path handed in twice is an error, as in
    /// [`Transaction::stage`].
    pub fn check(&mut self, file: &GeneratedFile) -> Result<(), crate::Error> {
        if !self.paths.insert(file.path.clone()) {
            return Err(crate::Error::DuplicateOutput { path: self.dir.join(&file.path) });
        }
        let path = self.dir.join(&file.path);
        let same = match file.region {
            // Compared as it is read (a file that cannot be read differs).
            None => same_bytes_on_disk(&path, file.contents.as_bytes()).unwrap_or(false),
            // A region file that is missing, unreadable or without its markers differs: the
            // generator cannot write it either (`Transaction::stage` reports why).
            Some(_) => std::fs::read_to_string(&path).is_ok_and(|on_disk| {
                file.expected_bytes(Some(&on_disk)).is_ok_and(|expected| expected == on_disk)
            }),
        };
        if !same {
            self.differ.push(file.path.clone());
        }
        Ok(())
    }

    /// Paths (relative) whose content on disk differs, in the order checked, then the extra
    /// generated files on disk ([`extra`]).
    pub fn finish(self) -> Vec<String> {
        let mut stale = self.differ;
        stale.extend(extra(&self.dir, &self.paths));
        stale
    }
}

/// Paths (relative) of generated-looking `.rs` files (the @generated header) in `dir` and
/// `dir/src` that are not in `expected`: output of specs that are gone.
pub fn extra(dir: &Path, expected: &BTreeSet<String>) -> Vec<String> {
    let mut stale = Vec::new();
    for sub in ["", "src"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter_map(|p| p.file_name().map(|n| if sub.is_empty() { n.to_string_lossy().into_owned() } else { format!("{sub}/{}", n.to_string_lossy()) }))
            .filter(|rel| !expected.contains(rel.as_str()))
            .filter(|rel| starts_with_header(&dir.join(rel)))
            .collect();
        extra.sort();
        stale.extend(extra);
    }
    stale
}

/// Whether the file starts with the header every generated file has (only its first bytes
/// are read).
fn starts_with_header(path: &Path) -> bool {
    use std::io::Read as _;
    const HEADER: &[u8] = b"// @generated by cloudpage-codegen";
    let mut start = [0u8; HEADER.len()];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut start)).is_ok() && start == *HEADER
}

/// Paths (relative) whose content on disk differs from `files`, plus generated-looking files
/// on disk that would no longer be produced. (Files listed twice count once.)
pub fn stale(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut check = Staleness::new(dir);
    for file in files {
        let _ = check.check(file);
    }
    check.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Region;

    const REGION: Region = Region { begin: "# begin", end: "# end" };

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cloudpage-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.to_owned(), contents: contents.to_owned(), region: None }
    }

    /// Every file under `dir` with its bytes.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(folder) = todo.pop() {
            for entry in std::fs::read_dir(&folder).expect("readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    todo.push(path);
                } else {
                    let bytes = std::fs::read(&path).expect("readable");
                    out.push((path, bytes));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn writes_changed_files_only_and_leaves_no_temporary_files() {
        let dir = scratch("changed");
        let files = [file("src/a.rs", "a1\n"), file("src/b.rs", "b1\n")];
        assert_eq!(write_if_changed(&dir, &files).expect("written").len(), 2);
        let files = [file("src/a.rs", "a1\n"), file("src/b.rs", "b2\n")];
        assert_eq!(write_if_changed(&dir, &files).expect("written"), vec![dir.join("src/b.rs")]);
        let names: Vec<PathBuf> = snapshot(&dir).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, vec![dir.join("src/a.rs"), dir.join("src/b.rs")]);
        assert_eq!(std::fs::read_to_string(dir.join("src/b.rs")).unwrap(), "b2\n");
    }

    #[test]
    fn a_failure_mid_write_leaves_every_file_as_it_was() {
        let dir = scratch("mid-write");
        let old = [file("src/a.rs", "a1\n"), file("src/b.rs", "b1\n"), file("src/c.rs", "c1\n")];
        write_if_changed(&dir, &old).expect("written");
        let before = snapshot(&dir);
        // The third file cannot be staged: a folder sits where its temporary file goes. The
        // first two are staged by then.
        let blocker = staging_path(&dir.join("src/c.rs"));
        std::fs::create_dir(&blocker).expect("blocker");
        let new = [file("src/a.rs", "a2\n"), file("src/b.rs", "b2\n"), file("src/c.rs", "c2\n")];
        let err = write_if_changed(&dir, &new).expect_err("staging fails");
        assert!(err.to_string().contains("c.rs"), "{err}");
        std::fs::remove_dir(&blocker).expect("blocker removed");
        assert_eq!(snapshot(&dir), before, "no file changed, no temporary file left");
    }

    #[test]
    fn a_missing_region_host_fails_before_anything_is_written() {
        // `--out` to a new folder: no Cargo.toml to splice the features into.
        let dir = scratch("new-folder");
        let files = [
            file("src/lib.rs", "lib\n"),
            GeneratedFile { path: "Cargo.toml".to_owned(), contents: "f = []\n".to_owned(), region: Some(REGION) },
        ];
        let err = write_if_changed(&dir, &files).expect_err("no Cargo.toml");
        assert!(err.to_string().contains("Cargo.toml does not exist"), "{err}");
        assert!(snapshot(&dir).is_empty(), "nothing written");
        assert!(!dir.join("src").exists(), "not even a folder");
    }

    #[test]
    fn a_missing_region_file_is_stale_not_up_to_date() {
        let dir = scratch("region-missing");
        let cargo = GeneratedFile { path: "Cargo.toml".to_owned(), contents: "f = []\n".to_owned(), region: Some(REGION) };
        let mut check = Staleness::new(&dir);
        check.check(&cargo).expect("checked");
        assert_eq!(check.finish(), ["Cargo.toml"], "a file --check cannot find is not current");
        // With its markers and the generated part in place it is current; without the markers, stale.
        let current = format!("[features]\n{}\nf = []\n{}\n", REGION.begin, REGION.end);
        std::fs::write(dir.join("Cargo.toml"), &current).expect("written");
        let mut check = Staleness::new(&dir);
        check.check(&cargo).expect("checked");
        assert!(check.finish().is_empty(), "{current}");
        std::fs::write(dir.join("Cargo.toml"), "[features]\nf = []\n").expect("written");
        let mut check = Staleness::new(&dir);
        check.check(&cargo).expect("checked");
        assert_eq!(check.finish(), ["Cargo.toml"]);
    }

    #[test]
    fn a_transaction_dropped_without_commit_leaves_nothing_behind() {
        let dir = scratch("abort");
        write_if_changed(&dir, &[file("a.rs", "a1\n")]).expect("written");
        let before = snapshot(&dir);
        let mut transaction = Transaction::new(&dir);
        transaction.stage(&file("a.rs", "a2\n")).expect("staged");
        transaction.stage(&file("src/deep/b.rs", "b1\n")).expect("staged");
        assert!(staging_path(&dir.join("src/deep/b.rs")).exists(), "staged as it came");
        drop(transaction);
        assert_eq!(snapshot(&dir), before, "no file changed, no temporary file left");
        assert!(!dir.join("src").exists(), "the folders it made are gone");
    }

    #[test]
    fn a_path_staged_twice_is_an_error_not_an_overwrite() {
        let dir = scratch("twice");
        let mut transaction = Transaction::new(&dir);
        transaction.stage(&file("src/a.rs", "a1\n")).expect("staged");
        let err = transaction.stage(&file("src/a.rs", "a2\n")).expect_err("twice");
        assert!(matches!(err, crate::Error::DuplicateOutput { .. }), "{err}");
        assert!(err.to_string().contains("a.rs"), "{err}");
        drop(transaction);
        assert!(snapshot(&dir).is_empty(), "nothing written");
        let mut check = Staleness::new(&dir);
        check.check(&file("src/a.rs", "a1\n")).expect("checked");
        assert!(check.check(&file("src/a.rs", "a1\n")).is_err());
    }

    #[test]
    fn files_are_compared_with_the_disk_byte_for_byte_across_chunks() {
        let dir = scratch("chunks");
        // Longer than one chunk, with its last byte in a chunk of its own.
        let long: String = (0..COMPARE_CHUNK * 3 + 1).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        write_if_changed(&dir, &[file("src/a.rs", &long)]).expect("written");
        assert!(write_if_changed(&dir, &[file("src/a.rs", &long)]).expect("compared").is_empty(), "same bytes");
        let mut check = Staleness::new(&dir);
        check.check(&file("src/a.rs", &long)).expect("checked");
        assert!(check.finish().is_empty());
        // The same length, one byte different: in the first chunk, in the last one.
        for at in [0, long.len() - 1] {
            let mut other = long.clone().into_bytes();
            other[at] = b'Z';
            let other = String::from_utf8(other).expect("ASCII");
            let mut check = Staleness::new(&dir);
            check.check(&file("src/a.rs", &other)).expect("checked");
            assert_eq!(check.finish(), ["src/a.rs"], "byte {at}");
            assert_eq!(write_if_changed(&dir, &[file("src/a.rs", &other)]).expect("written"), [dir.join("src/a.rs")]);
            assert_eq!(std::fs::read_to_string(dir.join("src/a.rs")).expect("readable"), other);
            write_if_changed(&dir, &[file("src/a.rs", &long)]).expect("written back");
        }
        // A prefix of the file, and the file with more after it.
        for other in [&long[..long.len() - 1], &format!("{long}x")] {
            let mut check = Staleness::new(&dir);
            check.check(&file("src/a.rs", other)).expect("checked");
            assert_eq!(check.finish(), ["src/a.rs"]);
        }
    }

    #[test]
    fn a_file_that_is_not_text_is_replaced_and_a_folder_in_the_way_is_an_error() {
        let dir = scratch("not-text");
        std::fs::create_dir_all(dir.join("src")).expect("folder");
        // Not UTF-8: it differs from every generated file, so it is stale and replaced.
        std::fs::write(dir.join("src/a.rs"), b"\xff\xfe").expect("written");
        let mut check = Staleness::new(&dir);
        check.check(&file("src/a.rs", "a\n")).expect("checked");
        assert_eq!(check.finish(), ["src/a.rs"]);
        assert_eq!(write_if_changed(&dir, &[file("src/a.rs", "a\n")]).expect("written"), [dir.join("src/a.rs")]);
        assert_eq!(std::fs::read_to_string(dir.join("src/a.rs")).expect("readable"), "a\n");
        // A folder where a file goes: an error before anything is staged, as reading it gives.
        std::fs::create_dir(dir.join("src/b.rs")).expect("folder");
        let err = write_if_changed(&dir, &[file("src/a.rs", "a2\n"), file("src/b.rs", "b\n")]).expect_err("a folder");
        assert!(err.to_string().contains("b.rs"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.join("src/a.rs")).expect("readable"), "a\n", "nothing renamed");
        let mut check = Staleness::new(&dir);
        check.check(&file("src/b.rs", "b\n")).expect("checked");
        assert_eq!(check.finish(), ["src/b.rs"]);
    }

    #[test]
    fn unchanged_files_are_not_staged_and_stale_files_are_found_one_at_a_time() {
        let dir = scratch("stream");
        let header = "// @generated by cloudpage-codegen from specs/x.\n";
        write_if_changed(&dir, &[file("src/a.rs", header), file("src/gone.rs", header), file("src/mine.rs", "fn hand() {}\n")]).expect("written");
        let mut transaction = Transaction::new(&dir);
        transaction.stage(&file("src/a.rs", header)).expect("staged");
        transaction.stage(&file("src/b.rs", header)).expect("staged");
        assert_eq!(transaction.paths().iter().map(String::as_str).collect::<Vec<_>>(), ["src/a.rs", "src/b.rs"]);
        assert_eq!(transaction.commit().expect("committed"), vec![dir.join("src/b.rs")], "a.rs unchanged, not rewritten");
        let mut check = Staleness::new(&dir);
        check.check(&file("src/a.rs", "changed\n")).expect("checked");
        check.check(&file("src/b.rs", header)).expect("checked");
        assert_eq!(check.finish(), ["src/a.rs", "src/gone.rs"], "hand-written files are not stale");
    }
}
