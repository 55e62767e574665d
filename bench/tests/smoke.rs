//! Runs each benchmark once with tiny sizes, so they keep compiling and working. Not a timing
//! test: nothing is measured against a target here.

use cloudpage_bench::corpus::{Corpus, repo_root};
use cloudpage_bench::{codegen, compile, loopback, overhead, variants};
use std::sync::Arc;

/// A few small pages, TAT's among them (importing all 44 pages in a debug build takes seconds).
fn small_corpus() -> Corpus {
    let mut corpus = Corpus::load_with(&repo_root(), false);
    assert!(corpus.templates.len() >= 40, "specs/ and tests/corpus/ pages found");
    corpus.templates.sort_by_key(|t| (t.origin != "specs/tencent/tat/CancelInvocation.txt", t.text.len()));
    corpus.templates.truncate(4);
    corpus
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudpage-bench-smoke-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn codegen_pipeline_runs_on_a_replicated_tree() {
    let corpus = small_corpus();
    // 2 operations per service, so service clones (`tat2`) are exercised too.
    let tree = corpus.replicate(6, 2);
    assert_eq!(tree.files.keys().filter(|p| p.ends_with(".md") || p.ends_with(".txt")).count(), 6);
    assert!(tree.services >= 3, "at most 2 operations per service");
    let dir = scratch("codegen");
    tree.write(&dir.join("specs")).unwrap();
    let report = codegen::run_phases(&dir.join("specs"), &dir.join("out"), 6, 1).unwrap();
    assert_eq!(report.runs.len(), 1);
    assert!(report.files >= 2 && report.output_lines > 100, "{report:?}");
    assert!(dir.join("out/src/lib.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_compile_variant_still_parses() {
    let corpus = small_corpus();
    let tree = corpus.replicate(corpus.templates.len(), 250);
    let output = cloudpage_codegen::generate(&tree.source_files(), &cloudpage_codegen::Layout::Crate).unwrap();
    let module = output.files.iter().find(|f| f.path == "src/tencent_tat.rs").expect("tat module");
    for variant in variants::Variant::ALL {
        let edited = variants::edit(&module.contents, variant).unwrap();
        syn::parse_file(&edited).unwrap();
        match variant {
            variants::Variant::GenericErrors => assert!(edited.contains("= rt::GenericError;")),
            variants::Variant::ErrorEnumPerService => assert!(edited.contains("pub type CancelInvocationT")),
            variants::Variant::NoClientMethods => assert!(!edited.contains("async fn")),
            variants::Variant::NoJson => assert!(!edited.contains("rt::JsonEncode for") && !edited.contains("rt::JsonDecode for")),
            variants::Variant::DirectionalJson => {
                let impls = |t: &str, suffix: &str| edited.lines().filter(|l| l.contains(t) && l.trim_end_matches(" {").ends_with(suffix)).count();
                assert!(impls("rt::JsonEncode for ", "Request") > 0 && impls("rt::JsonDecode for ", "Response") > 0);
                assert_eq!(impls("rt::JsonDecode for ", "Request") + impls("rt::JsonEncode for ", "Response"), 0);
            }
            _ => {}
        }
    }
    // The N = 0 crate and one small crate are written with a manifest.
    let dir = scratch("compile");
    let opts = compile::Options {
        sizes: vec![0, 2],
        runs: 1,
        release_runs: 1,
        profiles: vec![],
        release_max_n: 0,
        variant_n: None,
        ops_per_service: 250,
        work_dir: dir.clone(),
        target_dir: dir.join("target"),
        jobs: 1,
        llvm_lines: false,
    };
    let crates = compile::prepare(&corpus, &opts, &repo_root()).unwrap();
    assert_eq!(crates.len(), 2);
    assert!(dir.join("compile/gen-n2/Cargo.toml").exists());
    assert!(dir.join("compile/gen-n0/src/lib.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn overhead_functions_do_the_whole_call() {
    let req = overhead::request(100);
    let signer = overhead::signer(overhead::HOST);
    let (headers, response) = overhead::full_call(&req, &signer, &overhead::raw_success());
    assert_eq!(response.request_id.as_deref(), Some("b27421da-0ad4-4e11-b694-cda143606701"));
    // The client's path sends what the builder's traced path describes.
    let op = &cloudpage_clients::tencent_tat::CANCEL_INVOCATION;
    let payload = cloudpage_runtime::request::Payload::new(op.service.envelope, &req).unwrap();
    let (traced, signature) =
        signer.sign_traced(op, payload.query(), payload.body(), overhead::TIMESTAMP, "").unwrap();
    for (name, value) in &traced {
        assert_eq!(headers.get(name), Some(value), "{name}");
    }
    assert_eq!(headers.len(), traced.len());
    assert_eq!(headers["authorization"].to_str().unwrap(), signature.authorization);
    assert!(headers["authorization"].to_str().unwrap().starts_with("TC3-HMAC-SHA256"));
    assert!(overhead::time_us(10, 1, || {
        overhead::full_call(&req, &signer, &overhead::raw_success());
    }) > 0.0);
}

#[test]
fn loopback_clients_reach_the_server() {
    let port = loopback::in_process_server().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let req = Arc::new(overhead::request(3));
    let raw = Arc::new(loopback::Raw::new(port, &req).unwrap());
    rt.block_on(async {
        let client = loopback::generated_client(port).unwrap();
        for call in [loopback::generated_call(client, req.clone()), raw.clone().call(), raw.clone().signed_call(true)] {
            assert!(loopback::drive(10, 4, move || call()).await.unwrap() > 0.0);
        }
    });
}
