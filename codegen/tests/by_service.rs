//! The pipeline one service folder at a time (`by_service`, what the CLI and `Builder` run)
//! against the whole-API path (`analyse` + `render`): the same files in the same order, the
//! same diagnostics in the same order (rendered the same without the files), errors anywhere
//! leave the output folder as it was, and each service is read only when its turn comes.

use cloudpage_codegen::by_service::{self, SpecFiles};
use cloudpage_codegen::diag::{Diagnostics, Severity};
use cloudpage_codegen::source::{self, SourceFile};
use cloudpage_codegen::{Error, GeneratedFile, Generated, Layout, files};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn specs() -> Vec<SourceFile> {
    source::load_dir(&root().join("specs")).expect("specs/ is readable")
}

/// The files of specs/ under these folders (`tencent/tat`, `alibaba/common.yaml`, ...).
fn some_specs(prefixes: &[&str]) -> Vec<SourceFile> {
    specs().into_iter().filter(|f| prefixes.iter().any(|p| f.path.starts_with(p))).collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudpage-by-service-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).expect("under").to_path_buf(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    out
}

/// A crate to generate into: its Cargo.toml with the features region.
fn crate_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    let region = cloudpage_codegen::render::FEATURES_REGION;
    std::fs::write(dir.join("Cargo.toml"), format!("[package]\nname = \"x\"\n\n[features]\n{}\n{}\n", region.begin, region.end)).expect("written");
    dir
}

/// The pipeline one service at a time on `threads` threads, every file collected.
fn by_service(specs: &(impl SpecFiles + ?Sized), layout: &Layout, threads: usize) -> (Result<Generated, Error>, Vec<GeneratedFile>) {
    let mut files = Vec::new();
    let run = by_service::generate_each(specs, layout, threads, |file| {
        files.push(file);
        Ok(())
    });
    (run, files)
}

/// What the whole-API path gives: the diagnostics, and the files when there are no errors.
fn whole_api(files: &[SourceFile], layout: &Layout) -> (Diagnostics, Option<Vec<GeneratedFile>>) {
    let mut diags = Diagnostics::new();
    let api = cloudpage_codegen::analyse(files, &mut diags);
    let output = (!diags.has_errors()).then(|| cloudpage_codegen::render::render_with_threads(&api, layout, 1).expect("renders"));
    (diags, output)
}

/// Both paths agree on `files`, on 1 to 3 threads: the same diagnostics in the same order, the
/// same text rendered without the files, and the same files in the same order (none, when the
/// specs have errors: then every diagnostic comes back as `Error::Specs`).
fn assert_same_as_whole_api(files: &[SourceFile], layout: &Layout, what: &str) -> Diagnostics {
    let (diags, output) = whole_api(files, layout);
    for threads in [1, 2, 3] {
        let (run, streamed) = by_service(files, layout, threads);
        let got = match (run, &output) {
            (Ok(run), Some(output)) => {
                run.files.expect("every file is made");
                assert!(streamed == *output, "{what}, {threads} threads: other files than the whole-API path");
                run.warnings
            }
            (Err(Error::Specs(got)), None) => got,
            (Ok(_), None) => panic!("{what}, {threads} threads: no errors, but the whole-API path has some"),
            (Err(err), _) => panic!("{what}, {threads} threads: {err}"),
        };
        assert_eq!(got, diags, "{what}, {threads} threads: other diagnostics or another order");
        assert_eq!(got.render(&[]), diags.render(files), "{what}, {threads} threads: rendered otherwise without the files");
    }
    diags
}

#[test]
fn the_same_files_and_warnings_as_the_whole_api_path() {
    let files = specs();
    let diags = assert_same_as_whole_api(&files, &Layout::Crate, "specs/");
    assert!(diags.warning_count() > 50, "specs/ has warnings to compare: {}", diags.warning_count());
    let some = some_specs(&["tencent/common.yaml", "tencent/dts", "tencent/tat", "alibaba/common.yaml", "alibaba/sts"]);
    assert_same_as_whole_api(&some, &Layout::include_file("clients.rs"), "specs/ in an include file");
}

/// Each golden case of `tests/diagnostics` (broken specs), as the golden test reads it.
#[test]
fn the_same_diagnostics_as_the_whole_api_path_for_every_golden_case() {
    let dir = root().join("tests/diagnostics");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/diagnostics exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "specs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "golden cases are missing");
    for case in cases {
        let text = std::fs::read_to_string(&case).expect("readable");
        let mut files: Vec<SourceFile> = text
            .split("=== ")
            .filter(|part| !part.is_empty())
            .map(|part| {
                let (path, body) = part.split_once('\n').unwrap_or((part, ""));
                SourceFile::new(path.trim(), body)
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert_same_as_whole_api(&files, &Layout::Crate, &case.display().to_string());
    }
}

/// Services of two clouds with problems of every place the whole-API path reports them: file
/// reading, the merge of a cloud (no common.yaml; one naming another cloud) and of a service
/// (no service.yaml, a name that is not its folder's), check, resolve, and the module-name
/// check across services; warnings in several services; files in no spec location.
#[test]
fn diagnostics_of_several_services_come_in_the_same_order() {
    let mut files = some_specs(&["tencent/common.yaml", "tencent/dts", "tencent/tat", "alibaba/sts", "alibaba/smc"]);
    let demo = |service: &str| {
        format!("service: {service}\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: demo.tencentcloudapi.com\n")
    };
    let extra = [
        ("README.md", "not a spec\n".to_owned()),
        ("tencent/tat/notes/README.md", "not a spec either\n".to_owned()),
        // `Tat` and `tat` would both be module `tencent_tat`.
        ("tencent/Tat/service.yaml", demo("Tat")),
        ("tencent/Tat/Run.yaml", "name: Run\n".to_owned()),
        ("tencent/nosvc/Run.yaml", "name: Run\n".to_owned()),
        ("tencent/other/service.yaml", demo("wrong")),
        ("tencent/other/Go.yaml", "name: Go\nerrors:\n- code: A.B\n- code: A.B\n".to_owned()),
        ("tencent/other/Bad.yaml", "name: Bad Name\n".to_owned()),
        ("tencent/zeta/service.yaml", demo("zeta")),
        ("tencent/zeta/Run.yaml", "name: Run\nrate_limit:\n  per_second: 0\n".to_owned()),
        ("xcloud/common.yaml", std::fs::read_to_string(root().join("specs/tencent/common.yaml")).expect("readable")),
        ("xcloud/s/Run.yaml", "name: Run\n".to_owned()),
        ("tencent/broken/service.yaml", "service: [\n".to_owned()),
    ];
    files.extend(extra.iter().map(|(path, text)| SourceFile::new(*path, text.as_str())));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Alibaba's services without alibaba/common.yaml.
    let diags = assert_same_as_whole_api(&files, &Layout::Crate, "two clouds with problems");
    let rendered = diags.render(&files);
    for expected in [
        "cloud folder `alibaba` has no common.yaml",
        "would both be module `tencent_tat`",
        "service folder `tencent/nosvc` has no service.yaml",
        "service.yaml says `service: wrong` but sits in folder `other`",
        "common.yaml says `cloud: tencent` but sits in folder `xcloud`",
        "file is not in a spec location",
        "is 0 requests per second",
    ] {
        assert!(rendered.contains(expected), "{expected}:\n{rendered}");
    }
    // Warnings only, of several services and both clouds.
    let mut warned = some_specs(&["tencent/common.yaml", "tencent/batch", "tencent/dts", "tencent/tat", "alibaba/common.yaml", "alibaba/sts", "alibaba/smc"]);
    warned.push(SourceFile::new("tencent/tat/Go.yaml", "name: Go\nerrors:\n- code: A.B\n- code: A.B\n"));
    warned.sort_by(|a, b| a.path.cmp(&b.path));
    let diags = assert_same_as_whole_api(&warned, &Layout::Crate, "warnings of two clouds");
    let services: std::collections::BTreeSet<&str> = diags.iter().map(|d| d.span.file.rsplit_once('/').map_or("", |(dir, _)| dir)).collect();
    assert!(services.len() >= 4, "warnings of several services: {services:?}");
}

/// The specs with an error in the second service (by module name) after a change to the first:
/// the first service's module is staged before the error is known, and the run leaves the
/// output folder exactly as it was.
#[test]
fn an_error_in_the_second_service_leaves_nothing_written() {
    let good = some_specs(&["alibaba/common.yaml", "alibaba/smc", "alibaba/sts", "tencent/common.yaml", "tencent/tat"]);
    let out = crate_dir("second-service");
    cloudpage_codegen::write_by_service(&good, &Layout::Crate, &out).expect("readable").files.expect("written");
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("src/alibaba_smc.rs")), "{:?}", before.keys());

    // The first service changes (its module would be rewritten); the second has an error.
    let mut broken = good.clone();
    for file in &mut broken {
        if file.path == "alibaba/smc/service.yaml" {
            *file = SourceFile::new(file.path.clone(), file.text.replace("title:", "title: Changed"));
        }
    }
    broken.push(SourceFile::new("alibaba/sts/Bad.yaml", "name: Bad Name\n"));
    broken.sort_by(|a, b| a.path.cmp(&b.path));

    let mut transaction = files::Transaction::new(&out);
    let mut staged = Vec::new();
    let err = by_service::generate_each(&broken, &Layout::Crate, 1, |file| {
        staged.push(file.path.clone());
        transaction.stage(&file)
    })
    .expect_err("the second service has an error");
    assert!(matches!(&err, Error::Specs(d) if d.error_count() == 1), "{err}");
    assert_eq!(staged, ["src/alibaba.rs", "src/tencent.rs", "src/alibaba_smc.rs"], "the cloud modules and the first service were handed on");
    let temporary = std::fs::read_dir(out.join("src")).expect("readable").filter(|e| e.as_ref().expect("entry").file_name().to_string_lossy().ends_with(".cloudpage-tmp")).count();
    assert_eq!(temporary, 1, "the changed module is staged beside its file");
    drop(transaction);
    assert_eq!(snapshot(&out), before, "an uncommitted run leaves the folder as it was");

    // The same through `write_by_service`, on every core.
    let err = cloudpage_codegen::write_by_service(&broken, &Layout::Crate, &out).expect_err("the second service has an error");
    assert!(matches!(err, Error::Specs(_)), "{err}");
    assert_eq!(snapshot(&out), before, "nothing written");
    let _ = std::fs::remove_dir_all(&out);
}

/// A file that cannot be read ends the run with its error (the first such file in path order,
/// as `source::load_dir` reports), and nothing is written.
#[test]
fn an_unreadable_file_is_the_error_and_nothing_is_written() {
    let specs = scratch("unreadable-specs");
    for file in some_specs(&["tencent/common.yaml", "tencent/tat", "tencent/dts", "alibaba/common.yaml", "alibaba/sts"]) {
        let path = specs.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, &file.text).expect("written");
    }
    std::fs::write(specs.join("tencent/dts/Zz.md"), b"\xff\xfe not UTF-8").expect("written");
    std::fs::write(specs.join("tencent/tat/Zz.md"), b"\xff\xfe not UTF-8").expect("written");
    let out = crate_dir("unreadable-out");
    let before = snapshot(&out);
    let expected = source::load_dir(&specs).expect_err("not UTF-8").to_string();
    assert!(expected.contains("tencent/dts/Zz.md"), "{expected}");
    let dir = source::list_dir(&specs).expect("listed");
    for threads in [1, 2] {
        let (run, _) = by_service(&dir, &Layout::Crate, threads);
        let err = run.expect_err("a file is not UTF-8");
        assert!(matches!(&err, Error::Io { path, .. } if path == &specs), "{err}");
        assert_eq!(err.to_string(), format!("{}: {expected}", specs.display()), "{threads} threads");
    }
    assert!(cloudpage_codegen::write_by_service(&dir, &Layout::Crate, &out).is_err());
    assert_eq!(snapshot(&out), before, "nothing written");
    let _ = std::fs::remove_dir_all(&specs);
    let _ = std::fs::remove_dir_all(&out);
}

/// The sink's first error ends the files (nothing is handed on after it); the warnings of the
/// whole run still come back, as after the whole-API path's analysis.
#[test]
fn a_sink_error_comes_back_with_the_warnings() {
    let files = some_specs(&["tencent/common.yaml", "tencent/dts", "tencent/tat", "alibaba/common.yaml", "alibaba/sts"]);
    let (diags, _) = whole_api(&files, &Layout::Crate);
    for threads in [1, 2] {
        let mut seen = Vec::new();
        let run = by_service::generate_each(&files, &Layout::Crate, threads, |file| {
            seen.push(file.path.clone());
            if seen.len() == 3 {
                return Err(Error::DuplicateOutput { path: file.path.into() });
            }
            Ok(())
        })
        .expect("the specs have no errors");
        assert!(matches!(run.files, Err(Error::DuplicateOutput { .. })), "{:?}", run.files);
        assert_eq!(seen.len(), 3, "{threads} threads: {seen:?}");
        assert_eq!(run.warnings, diags);
    }
}

/// Spec files in memory that say when each is read.
struct Logged<'a> {
    files: &'a [SourceFile],
    log: &'a Mutex<Vec<String>>,
}

impl SpecFiles for Logged<'_> {
    fn count(&self) -> usize {
        self.files.len()
    }
    fn path(&self, index: usize) -> &str {
        &self.files[index].path
    }
    fn read(&self, index: usize) -> Result<Cow<'_, SourceFile>, Error> {
        self.log.lock().expect("not poisoned").push(format!("read {}", self.files[index].path));
        Ok(Cow::Borrowed(&self.files[index]))
    }
}

/// A service's files are read when its turn comes, after the module of the service before it
/// was handed on: a run holds one service at a time (per thread).
#[test]
fn each_service_is_read_when_its_turn_comes() {
    let files = some_specs(&["tencent/common.yaml", "tencent/dts", "tencent/tat"]);
    let log = Mutex::new(Vec::new());
    let specs = Logged { files: &files, log: &log };
    let run = by_service::generate_each(&specs, &Layout::Crate, 1, |file| {
        log.lock().expect("not poisoned").push(format!("file {}", file.path));
        Ok(())
    })
    .expect("the specs have no errors");
    run.files.expect("every file is made");
    let log = log.into_inner().expect("not poisoned");
    // Each event's folder: `read tencent/dts/X.md` -> `tencent/dts`, `file src/tencent_dts.rs`
    // -> `tencent/dts`.
    let folders: Vec<String> = log
        .iter()
        .map(|event| match event.split_once(' ').expect("two words") {
            ("read", path) => path.rsplit_once('/').expect("in a folder").0.to_owned(),
            (_, path) => path.trim_start_matches("src/").trim_end_matches(".rs").replacen('_', "/", 1),
        })
        .collect();
    let mut runs: Vec<&str> = folders.iter().map(String::as_str).collect();
    runs.dedup();
    assert_eq!(runs, ["tencent", "tencent/dts", "tencent/tat", "lib", "Cargo.toml"], "{log:#?}");
    assert!(log.iter().filter(|e| e.starts_with("read")).count() == files.len());
}

/// A specs folder given one level too deep (the cloud's folder, `--specs specs/tencent`):
/// every file is out of place, which is an error for each, and the output folder keeps every
/// module it had (a skipped file would have left nothing to generate, and the run would have
/// removed them all).
#[test]
fn specs_given_one_level_too_deep_remove_nothing() {
    let good = some_specs(&["tencent/common.yaml", "tencent/tat", "tencent/dts"]);
    let out = crate_dir("one-level-too-deep");
    cloudpage_codegen::write_by_service(&good, &Layout::Crate, &out).expect("readable").files.expect("written");
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("src/tencent_tat.rs")), "{:?}", before.keys());

    let deeper: Vec<SourceFile> = good
        .iter()
        .map(|f| SourceFile::new(f.path.strip_prefix("tencent/").expect("a tencent file"), f.text.as_str()))
        .collect();
    let err = cloudpage_codegen::write_by_service(&deeper, &Layout::Crate, &out).expect_err("misplaced files are errors");
    let Error::Specs(diags) = &err else { panic!("{err}") };
    assert_eq!(diags.error_count(), deeper.len(), "one error per file: {err}");
    assert!(err.to_string().contains("file is not in a spec location, nor is any other file"), "{err}");
    assert_eq!(snapshot(&out), before, "every module is still there");

    // One stray file beside placed ones (a README) is skipped with a warning.
    let mut with_readme = good.clone();
    with_readme.push(SourceFile::new("README.md", "notes\n"));
    with_readme.sort_by(|a, b| a.path.cmp(&b.path));
    let written = cloudpage_codegen::write_by_service(&with_readme, &Layout::Crate, &out).expect("readable");
    let warnings = written.warnings.to_string();
    written.files.expect("generated");
    assert!(warnings.contains("file is not in a spec location; skipped"), "{warnings}");
    assert_eq!(snapshot(&out), before, "the same modules");
    let _ = std::fs::remove_dir_all(&out);
}

/// A `service.yaml` or `common.yaml` that is there but does not read gives its own error, and
/// not a second one saying the folder has none (both pipelines).
#[test]
fn a_broken_yaml_file_is_one_error_not_two() {
    let mut files = some_specs(&["tencent/common.yaml", "tencent/tat", "alibaba/common.yaml", "alibaba/sts"]);
    for file in &mut files {
        if file.path == "tencent/tat/service.yaml" {
            *file = SourceFile::new(file.path.clone(), file.text.replace("version:", "versoin:"));
        }
        if file.path == "alibaba/common.yaml" {
            *file = SourceFile::new(file.path.clone(), file.text.replace("cloud: alibaba", "cloud: alibabba"));
        }
    }
    let diags = assert_same_as_whole_api(&files, &Layout::Crate, "broken yaml");
    let errors: Vec<String> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| format!("{}: {}", d.span.file, d.message)).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("alibaba/common.yaml: invalid common.yaml"), "{errors:#?}");
    assert!(errors[1].starts_with("tencent/tat/service.yaml: invalid service.yaml"), "{errors:#?}");
}
