//! build.rs mode: the generator runs as a library from a build script, like prost-build,
//! and `src/lib.rs` includes its output from OUT_DIR. What only tests need (the builders and
//! encoders of answers) is behind this crate's own `test-util` feature, as `generated/` puts
//! it behind its own; without `test_only_cfg` it would be compiled in every build.

fn main() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let builder = cloudpage_codegen::Builder::new(specs).include_file("clients.rs").test_only_cfg("feature = \"test-util\"");
    if let Err(err) = builder.generate() {
        // A build script reports by failing; the message names file and line.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
