//! build.rs mode: the generator runs as a library from a build script, like prost-build,
//! and `src/lib.rs` includes its output from OUT_DIR.

fn main() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    if let Err(err) = cloudpage_codegen::Builder::new(specs).include_file("clients.rs").generate() {
        // A build script reports by failing; the message names file and line.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
