fn main() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    if let Err(err) = cloudpage_codegen::Builder::new(specs).generate() {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
