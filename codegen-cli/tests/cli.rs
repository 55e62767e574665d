//! The command line run as a user runs it: from some folder, with default paths found there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cloudpage-codegen");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudpage-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, text).expect("written");
}

/// A workspace of its own: one Tencent service with one operation, and a crate to generate into.
fn workspace(name: &str) -> PathBuf {
    let root = scratch(name);
    write(&root.join("Cargo.toml"), "[workspace]\nmembers = [\"generated\"]\n");
    write(
        &root.join("specs/tencent/common.yaml"),
        "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\n",
    );
    write(
        &root.join("specs/tencent/demo/service.yaml"),
        "service: demo\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: demo.tencentcloudapi.com\n",
    );
    write(&root.join("specs/tencent/demo/A.yaml"), "name: A\nrequest:\n- name: X\n  type: string\n");
    write(
        &root.join("generated/Cargo.toml"),
        "[package]\nname = \"demo\"\n\n[features]\n# @generated features: one per service (cloudpage-codegen). Regenerate, do not edit.\n# @end generated features\n",
    );
    root
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(cwd).output().expect("the CLI runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn default_folders_come_from_the_current_directory() {
    let root = workspace("cwd");
    // From a folder inside the workspace, not its root.
    let output = run(&root.join("specs/tencent"), &["generate"]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains(&format!("specs: {}", root.join("specs").display())), "{text}");
    assert!(text.contains(&format!("out:   {}", root.join("generated").display())), "{text}");
    let module = std::fs::read_to_string(root.join("generated/src/tencent_demo.rs")).expect("generated here");
    assert!(module.contains("pub struct ARequest"), "{module}");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("manifest");
    assert!(manifest.contains("tencent-demo = []"), "{manifest}");
    let check = run(&root, &["generate", "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn outside_a_workspace_it_asks_for_the_folders() {
    let dir = scratch("nowhere");
    let output = run(&dir, &["generate", "--check"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("has a Cargo.toml and a specs/ folder"), "{text}");
    assert!(text.contains("--specs"), "{text}");
}

#[test]
fn out_to_a_new_folder_writes_a_whole_crate_or_nothing() {
    let root = workspace("new-out");
    let out = root.join("elsewhere");
    std::fs::create_dir(&out).expect("folder");
    let output = run(&root, &["generate", "--out", out.to_str().expect("utf-8")]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("Cargo.toml does not exist"), "{text}");
    // It says what the folder needs: the markers the features go between.
    assert!(text.contains("# @generated features") && text.contains("see generated/Cargo.toml"), "{text}");
    assert_eq!(std::fs::read_dir(&out).expect("readable").count(), 0, "nothing written");
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_error_in_a_later_service_writes_nothing_and_shows_its_line() {
    // Services go one at a time, so `demo`'s module is made before `zeta`'s error is found;
    // nothing is written, and the error still shows its source line, long after the page is
    // dropped.
    let root = workspace("later-error");
    let first = run(&root, &["generate"]);
    assert!(first.status.success(), "{}", stderr(&first));
    write(&root.join("specs/tencent/demo/A.yaml"), "name: A\nrequest:\n- name: Y\n  type: string\n");
    write(
        &root.join("specs/tencent/zeta/service.yaml"),
        "service: zeta\ntitle: Zeta\nversion: \"2020-01-01\"\nendpoints:\n  default: zeta.tencentcloudapi.com\n",
    );
    write(&root.join("specs/tencent/zeta/Run.yaml"), "name: Run\nrate_limit:\n  per_second: 0\n");
    let before = contents(&root.join("generated"));
    let output = run(&root, &["generate"]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("error: rate limit of `Run` is 0 requests per second"), "{text}");
    assert!(text.contains("tencent/zeta/Run.yaml:3"), "{text}");
    assert!(text.contains("3 |   per_second: 0"), "the line is shown: {text}");
    assert!(text.contains("the specs have errors: 1 errors, 0 warnings"), "{text}");
    assert_eq!(contents(&root.join("generated")), before, "generated/ is as it was");
}

/// `check FILE...` reads each file as what its name says it is: a service's `service.yaml`, a
/// cloud's `common.yaml`, a Data Types page and an operation page pass alone (they were read
/// as operations, so the natural `check specs/tencent/dts/*` failed on valid files); a broken
/// `service.yaml` is still its own error.
#[test]
fn check_reads_every_kind_of_spec_file_alone() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = ["tencent/common.yaml", "tencent/dts/service.yaml", "tencent/dts/DataTypes.md", "tencent/dts/DeleteMigrateJob.md"];
    let paths: Vec<String> = files.iter().map(|f| specs.join(f).display().to_string()).collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let output = run(&specs, &args);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("4 files checked: 0 errors"), "{text}");

    let root = scratch("check-files");
    write(&root.join("tencent/demo/service.yaml"), "service: demo\ntitle: Demo\nversion: \"1\"\nendpoints:\n  default: demo.tencentcloudapi.com\n");
    let output = run(&root, &["check", root.join("tencent/demo/service.yaml").to_str().expect("utf-8")]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("version `1` is not an API version"), "{text}");
}
