//! The generator's only file-system writes: output files replaced all or nothing, and the
//! staleness check. Shared by the CLI and `Builder`.
//!
//! Writes are transactional in the way cargo and rustfmt write files: every file's new bytes
//! are computed first (including the hand-written parts a region is spliced into, whose
//! markers must be there), then each changed file is written to a temporary file beside it
//! and synced, and only when all of them are staged are they renamed over the old ones. A
//! failure before the renames leaves every file as it was; a crash during them leaves each
//! file either as it was or as it should be, never torn or empty.

use crate::output::GeneratedFile;
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

/// What is on disk at `path`: `None` if there is no file.
fn read_existing(path: &Path) -> Result<Option<String>, crate::Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(io_error(path)(err)),
    }
}

/// Writes the files whose bytes differ from what is on disk (so cargo does not rebuild
/// dependents for nothing), all or nothing as the module says. Returns the paths written.
pub fn write_if_changed(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, crate::Error> {
    // 1. Every file's bytes, before anything is written.
    let mut changed: Vec<(PathBuf, String)> = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        let on_disk = read_existing(&path)?;
        let expected = file.expected_bytes(on_disk.as_deref()).map_err(|message| crate::Error::Io {
            path: path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
        })?;
        if on_disk.as_deref() != Some(expected.as_str()) {
            changed.push((path, expected));
        }
    }
    // 2. Stage each in a synced temporary file.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(changed.len());
    let discard = |staged: &[(PathBuf, PathBuf)]| {
        for (temp, _) in staged {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (path, bytes) in &changed {
        let temp = staging_path(path);
        if let Err(err) = stage(path, &temp, bytes) {
            discard(&staged);
            return Err(err);
        }
        staged.push((temp, path.clone()));
    }
    // 3. Rename them into place.
    for (i, (temp, path)) in staged.iter().enumerate() {
        if let Err(source) = std::fs::rename(temp, path) {
            discard(&staged[i..]);
            return Err(crate::Error::Io { path: path.clone(), source });
        }
    }
    // The renames themselves are durable once their folders are synced (best effort: not
    // every platform can open a folder).
    let folders: std::collections::BTreeSet<&Path> = staged.iter().filter_map(|(_, p)| p.parent()).collect();
    for folder in folders {
        if let Ok(handle) = std::fs::File::open(folder) {
            let _ = handle.sync_all();
        }
    }
    Ok(staged.into_iter().map(|(_, path)| path).collect())
}

fn stage(path: &Path, temp: &Path, bytes: &str) -> Result<(), crate::Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let written = std::fs::File::create(temp).and_then(|mut file| {
        file.write_all(bytes.as_bytes())?;
        file.sync_all()
    });
    written.map_err(|source| {
        let _ = std::fs::remove_file(temp);
        crate::Error::Io { path: temp.to_owned(), source }
    })
}

/// Paths (relative) whose content on disk differs from `files`, plus generated-looking files
/// on disk that would no longer be produced.
pub fn stale(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|f| {
            let on_disk = std::fs::read_to_string(dir.join(&f.path)).ok();
            f.expected_bytes(on_disk.as_deref()).ok() != on_disk
        })
        .map(|f| f.path.clone())
        .collect();
    let expected: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for sub in ["", "src"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.starts_with("// @generated by cloudpage-codegen")))
            .filter_map(|p| p.file_name().map(|n| if sub.is_empty() { n.to_string_lossy().into_owned() } else { format!("{sub}/{}", n.to_string_lossy()) }))
            .filter(|rel| !expected.contains(rel.as_str()))
            .collect();
        extra.sort();
        stale.extend(extra);
    }
    stale
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
}
