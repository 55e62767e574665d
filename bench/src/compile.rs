//! Compile cost of generated code: standalone crates of N replicated operations (depending on
//! cloudpage-runtime by path), built with a shared, pre-warmed target dir so only
//! the generated crate is rebuilt (`cargo clean -p <pkg>`, then a timed `cargo build -p <pkg>`).
//! Cost per operation = (t(N) - t(0)) / N, where N = 0 is the crate the generator writes for
//! no operations. Hand-edited copies at one size measure what parts of the code cost.

use crate::clock;
use crate::corpus::Corpus;
use crate::stats::median;
use crate::table::Table;
use crate::variants::{self, Variant};
use cloudpage_codegen::Layout;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub runs: usize,
    /// Runs per size in release (release builds of big crates take long).
    pub release_runs: usize,
    pub profiles: Vec<Profile>,
    /// Largest N built in release (release builds of big crates take long).
    pub release_max_n: usize,
    /// Size at which the variants are built (debug); `None`: no variants.
    pub variant_n: Option<usize>,
    /// The variants built at `variant_n` (the base always is).
    pub variants: Vec<Variant>,
    pub ops_per_service: usize,
    pub work_dir: PathBuf,
    pub target_dir: PathBuf,
    pub jobs: usize,
    /// Also run `cargo llvm-lines` on the base crate at `variant_n`, when it is installed.
    pub llvm_lines: bool,
}

/// One generated crate.
#[derive(Debug, Clone)]
pub struct GenCrate {
    pub package: String,
    pub n: usize,
    pub variant: Variant,
    pub lines: usize,
    /// Lines that are neither blank nor comments (`//`, `///`, `//!`).
    pub code_lines: usize,
    /// Structs (requests, responses, models), their fields, and the variants of the
    /// per-operation error enums.
    pub shape: Shape,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub structs: usize,
    pub fields: usize,
    pub error_variants: usize,
}

fn shape(text: &str) -> Shape {
    let mut s = Shape::default();
    let Ok(file) = syn::parse_file(text) else { return s };
    for item in &file.items {
        match item {
            syn::Item::Struct(st) => {
                s.structs += 1;
                s.fields += st.fields.len();
            }
            // An operation's error enum: a row per documented code, and `Common`, `Unknown`.
            syn::Item::Macro(m) if crate::lines::macro_name(&m.mac) == Some("error_enum") => {
                s.error_variants += crate::lines::error_rows(&m.mac.tokens) + 2;
            }
            // An operation's row declares its fluent call's struct.
            syn::Item::Macro(m) if crate::lines::macro_name(&m.mac) == Some("operation") => s.structs += 1,
            _ => {}
        }
    }
    s
}

pub fn count_lines(text: &str) -> (usize, usize) {
    let lines = text.lines().count();
    let code = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count();
    (lines, code)
}

/// Writes the workspace with one crate per size (and per variant at `variant_n`).
pub fn prepare(corpus: &Corpus, opts: &Options, root: &Path) -> Result<Vec<GenCrate>, String> {
    let ws = opts.work_dir.join("compile");
    std::fs::create_dir_all(&ws).map_err(|e| e.to_string())?;
    let mut crates = Vec::new();
    let mut jobs: Vec<(usize, Variant)> = opts.sizes.iter().map(|&n| (n, Variant::Base)).collect();
    if let Some(vn) = opts.variant_n {
        jobs.extend(opts.variants.iter().filter(|v| **v != Variant::Base).map(|&v| (vn, v)));
        if !opts.sizes.contains(&vn) {
            jobs.push((vn, Variant::Base));
        }
        if !opts.sizes.contains(&0) {
            jobs.push((0, Variant::Base));
        }
    }
    for (n, variant) in jobs {
        let tree = corpus.replicate(n, opts.ops_per_service);
        let output = cloudpage_codegen::generate(&tree.source_files(), &Layout::Crate).map_err(|e| e.to_string())?;
        let package = match variant {
            Variant::Base => format!("gen-n{n}"),
            v => format!("gen-n{n}-{}", v.name()),
        };
        let dir = ws.join(&package);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| e.to_string())?;
        }
        let (mut lines, mut code_lines, mut shapes) = (0, 0, Shape::default());
        let mut manifest = format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\ncloudpage-runtime = {{ path = {:?} }}\n",
            root.join("runtime").display().to_string()
        );
        // Generated parts of the manifest (the per-service features); all services on.
        for file in output.files.iter().filter(|f| f.path == "Cargo.toml") {
            if let Some(region) = file.region {
                let skeleton = format!("{manifest}\n[features]\ndefault = [\"all-services\"]\n{}\n{}\n", region.begin, region.end);
                manifest = file.expected_bytes(Some(&skeleton))?;
            }
        }
        for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
            let contents = if file.path.ends_with("lib.rs") || variant == Variant::Base {
                file.contents.clone()
            } else {
                variants::edit(&file.contents, variant).map_err(|e| format!("{}: {e}", file.path))?
            };
            let (l, c) = count_lines(&contents);
            lines += l;
            code_lines += c;
            let sh = shape(&contents);
            shapes.structs += sh.structs;
            shapes.fields += sh.fields;
            shapes.error_variants += sh.error_variants;
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
            std::fs::write(&path, contents).map_err(|e| e.to_string())?;
        }
        std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        crates.push(GenCrate { package, n, variant, lines, code_lines, shape: shapes });
    }
    let members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.package)).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("# Written by cloudpage-bench.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .map_err(|e| e.to_string())?;
    // The repository's lock file, so dependencies are the versions the workspace builds.
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(crates)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn cargo_cmd(opts: &Options, args: &[&str], profile: Profile) -> Command {
    cargo_cmd_in(&opts.work_dir.join("compile/Cargo.toml"), opts, args, profile)
}

/// `cargo <args>` on the workspace `manifest`, with the bench's target dir (and no inherited
/// `CARGO_TARGET_DIR` / `CARGO_BUILD_JOBS`).
fn cargo_cmd_in(manifest: &Path, opts: &Options, args: &[&str], profile: Profile) -> Command {
    let mut cmd = Command::new(cargo());
    cmd.args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(&opts.target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_JOBS");
    if profile == Profile::Release {
        cmd.arg("--release");
    }
    cmd
}

/// Builds `package` of the workspace `manifest` untimed (dependencies first).
pub fn prewarm_in(manifest: &Path, opts: &Options, package: &str, profile: Profile) -> Result<(), String> {
    let jobs = opts.jobs.to_string();
    run(cargo_cmd_in(manifest, opts, &["build", "-p", package, "-j", &jobs], profile))
}

fn run(mut cmd: Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        Err(format!("{cmd:?} failed:\n{}", tail.join("\n")))
    }
}

/// One timed build: wall seconds and CPU seconds (user + sys of cargo and rustc).
#[derive(Debug, Clone, Copy)]
pub struct BuildTime {
    pub wall: f64,
    pub cpu: f64,
}

/// `cargo build -p <package>` after `cargo clean -p <package>`.
pub fn timed_build(opts: &Options, package: &str, profile: Profile) -> Result<BuildTime, String> {
    timed_build_in(&opts.work_dir.join("compile/Cargo.toml"), opts, package, profile)
}

/// [`timed_build`] in another workspace (the peer's crates: `cloudpage-bench peer`).
pub fn timed_build_in(manifest: &Path, opts: &Options, package: &str, profile: Profile) -> Result<BuildTime, String> {
    run(cargo_cmd_in(manifest, opts, &["clean", "-p", package], profile))?;
    let jobs = opts.jobs.to_string();
    let cmd = cargo_cmd_in(manifest, opts, &["build", "-p", package, "-j", &jobs], profile);
    let cpu = clock::children_cpu();
    let t = Instant::now();
    run(cmd)?;
    Ok(BuildTime { wall: t.elapsed().as_secs_f64(), cpu: clock::children_cpu() - cpu })
}

#[derive(Debug, Clone)]
pub struct Summary {
    /// (N, ms per op) in debug.
    pub debug_ms_per_op: Vec<(usize, f64)>,
    pub release_ms_per_op: Vec<(usize, f64)>,
    pub lines_per_op: Vec<(usize, f64)>,
}

pub fn bench(corpus: &Corpus, opts: &Options, root: &Path) -> Result<Summary, String> {
    println!("## Compile cost of generated code\n");
    let crates = prepare(corpus, opts, root)?;
    let base: Vec<&GenCrate> = crates.iter().filter(|c| c.variant == Variant::Base && opts.sizes.contains(&c.n)).collect();
    let zero = crates.iter().find(|c| c.n == 0 && c.variant == Variant::Base).ok_or("N = 0 is needed as the baseline")?;
    let mut summary = Summary { debug_ms_per_op: Vec::new(), release_ms_per_op: Vec::new(), lines_per_op: Vec::new() };
    for c in &base {
        if c.n > 0 {
            summary.lines_per_op.push((c.n, c.lines as f64 / c.n as f64));
        }
    }
    for &profile in &opts.profiles {
        // Pre-warm: the dependencies (runtime, serde_json, reqwest, ...) once.
        eprintln!("compile: pre-warming {} dependencies", profile.name());
        let jobs = opts.jobs.to_string();
        run(cargo_cmd(opts, &["build", "-p", &zero.package, "-j", &jobs], profile))?;
        let list: Vec<&GenCrate> = base
            .iter()
            .copied()
            .filter(|c| profile == Profile::Debug || c.n <= opts.release_max_n)
            .collect();
        let runs = if profile == Profile::Release { opts.release_runs } else { opts.runs };
        let mut times: Vec<Vec<BuildTime>> = vec![Vec::new(); list.len()];
        for run_no in 0..runs.max(1) {
            // Rotate the order between runs so drift does not favour one size.
            for k in 0..list.len() {
                let i = (k + run_no) % list.len();
                let t = timed_build(opts, &list[i].package, profile)?;
                eprintln!("compile {} {}: {:.2}s wall, {:.2}s CPU", profile.name(), list[i].package, t.wall, t.cpu);
                times[i].push(t);
            }
        }
        let wall = |i: usize| median(times[i].iter().map(|t| t.wall));
        let cpu = |i: usize| median(times[i].iter().map(|t| t.cpu));
        let z = list.iter().position(|c| c.n == 0).ok_or("N = 0 missing")?;
        let (t0, c0) = (wall(z), cpu(z));
        println!("{} (`cargo build -p <crate> -j{}` after `cargo clean -p <crate>`, median of {} runs):\n", profile.name(), opts.jobs, runs);
        let mut t = Table::new(&[
            "N ops",
            "lines",
            "lines/op",
            "code lines/op",
            "structs/op",
            "fields/op",
            "error variants/op",
            "build s (wall)",
            "ms/op (wall) = (t(N)-t(0))/N",
            "build CPU s",
            "CPU ms/op",
        ]);
        for (i, c) in list.iter().enumerate() {
            let tn = wall(i);
            let per_op = if c.n > 0 { (tn - t0) * 1e3 / c.n as f64 } else { f64::NAN };
            let cpu_per_op = if c.n > 0 { (cpu(i) - c0) * 1e3 / c.n as f64 } else { f64::NAN };
            if c.n > 0 {
                match profile {
                    Profile::Debug => summary.debug_ms_per_op.push((c.n, per_op)),
                    Profile::Release => summary.release_ms_per_op.push((c.n, per_op)),
                }
            }
            t.row(vec![
                c.n.to_string(),
                c.lines.to_string(),
                if c.n > 0 { format!("{:.0}", c.lines as f64 / c.n as f64) } else { "-".into() },
                if c.n > 0 { format!("{:.0}", c.code_lines as f64 / c.n as f64) } else { "-".into() },
                if c.n > 0 { format!("{:.1}", c.shape.structs as f64 / c.n as f64) } else { "-".into() },
                if c.n > 0 { format!("{:.1}", c.shape.fields as f64 / c.n as f64) } else { "-".into() },
                if c.n > 0 { format!("{:.1}", c.shape.error_variants as f64 / c.n as f64) } else { "-".into() },
                format!("{tn:.2}"),
                if c.n > 0 { format!("{per_op:.1}") } else { "(baseline)".into() },
                format!("{:.2}", cpu(i)),
                if c.n > 0 { format!("{cpu_per_op:.1}") } else { "(baseline)".into() },
            ]);
        }
        t.print();
        println!();
    }

    if let Some(vn) = opts.variant_n {
        let list: Vec<&GenCrate> = crates.iter().filter(|c| (c.n == vn) || (c.n == 0 && c.variant == Variant::Base)).collect();
        let mut times: Vec<Vec<BuildTime>> = vec![Vec::new(); list.len()];
        for run_no in 0..opts.runs.max(1) {
            for k in 0..list.len() {
                let i = (k + run_no) % list.len();
                let t = timed_build(opts, &list[i].package, Profile::Debug)?;
                eprintln!("compile variant {}: {:.2}s wall, {:.2}s CPU", list[i].package, t.wall, t.cpu);
                times[i].push(t);
            }
        }
        let med = |pred: &dyn Fn(&GenCrate) -> bool, f: fn(&BuildTime) -> f64| {
            list.iter().position(|c| pred(c)).map(|i| median(times[i].iter().map(f))).unwrap_or(f64::NAN)
        };
        type Pick = fn(&BuildTime) -> f64;
        let (wall, cpu): (Pick, Pick) = (|t| t.wall, |t| t.cpu);
        let (t0, c0) = (med(&|c| c.n == 0, wall), med(&|c| c.n == 0, cpu));
        let is_base = |c: &GenCrate| c.n == vn && c.variant == Variant::Base;
        let base_per_op = (med(&is_base, wall) - t0) * 1e3 / vn as f64;
        let base_cpu_per_op = (med(&is_base, cpu) - c0) * 1e3 / vn as f64;
        println!("What costs what: hand-edited copies of the N = {vn} crate, debug, median of {} runs:\n", opts.runs);
        let mut t = Table::new(&["variant", "edit", "lines/op", "build s (wall)", "ms/op (wall)", "saved ms/op (wall)", "CPU ms/op", "saved CPU ms/op", "share of base (CPU)"]);
        for c in list.iter().filter(|c| c.n == vn) {
            let tv = med(&|x| x.package == c.package, wall);
            let per_op = (tv - t0) * 1e3 / vn as f64;
            let cpu_per_op = (med(&|x| x.package == c.package, cpu) - c0) * 1e3 / vn as f64;
            let base = c.variant == Variant::Base;
            t.row(vec![
                c.variant.name().into(),
                c.variant.describe().into(),
                format!("{:.0}", c.lines as f64 / vn as f64),
                format!("{tv:.2}"),
                format!("{per_op:.1}"),
                if base { "-".into() } else { format!("{:.1}", base_per_op - per_op) },
                format!("{cpu_per_op:.1}"),
                if base { "-".into() } else { format!("{:.1}", base_cpu_per_op - cpu_per_op) },
                if base { "100%".into() } else { format!("{:.0}%", (base_cpu_per_op - cpu_per_op) / base_cpu_per_op * 100.0) },
            ]);
        }
        t.print();
        println!();
        if opts.llvm_lines {
            match llvm_lines(opts, &format!("gen-n{vn}")) {
                Ok(text) => {
                    println!("`cargo llvm-lines` of gen-n{vn} (debug), top functions by LLVM IR lines:\n\n```text\n{text}```\n");
                }
                Err(e) => eprintln!("cargo llvm-lines skipped: {e}"),
            }
        }
    }
    Ok(summary)
}

/// The head of `cargo llvm-lines` for a package, plus a sum by kind of function.
pub fn llvm_lines(opts: &Options, package: &str) -> Result<String, String> {
    let probe = Command::new(cargo()).args(["llvm-lines", "--version"]).output().map_err(|e| e.to_string())?;
    if !probe.status.success() {
        return Err("`cargo llvm-lines` is not installed (cargo install cargo-llvm-lines)".into());
    }
    let mut cmd = cargo_cmd(opts, &["llvm-lines", "-p", package, "--lib"], Profile::Debug);
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut head: String = text.lines().take(28).map(|l| format!("{l}\n")).collect();
    // Group by what the function is for.
    let kinds: [(&str, &[&str]); 7] = [
        ("JSON encode / decode (JsonEncode, JsonDecode)", &["JsonEncode", "JsonDecode", "encode_json", "decode_json", "ObjectWriter", "ObjectReader"]),
        ("Client::call / async methods / futures", &["Client::call", "{{closure}}", "Future", "poll", "execute"]),
        ("validate_json / validate", &["validate"]),
        ("error enums (from_wire, code, description, fmt)", &["from_wire", "::code", "description", "is_retryable"]),
        ("Debug / Clone / PartialEq / Default derives", &["as core::fmt::Debug", "as core::clone::Clone", "as core::cmp::PartialEq", "as core::default::Default"]),
        ("drop_in_place", &["drop_in_place"]),
        ("Result / Option / iterator / alloc helpers", &["core::result", "core::option", "alloc::", "core::iter"]),
    ];
    let mut sums = vec![0u64; kinds.len() + 1];
    let mut total = 0u64;
    for line in text.lines() {
        // "  lines (pct)  copies (pct)  name" rows.
        let mut parts = line.split_whitespace();
        let Some(lines) = parts.next().and_then(|v| v.parse::<u64>().ok()) else { continue };
        let name = line.splitn(5, char::is_whitespace).last().unwrap_or("");
        let name = line.find(')').and_then(|i| line[i + 1..].find(')').map(|j| &line[i + 1 + j + 1..])).unwrap_or(name);
        if name.contains("(TOTAL)") {
            total = lines;
            continue;
        }
        let idx = kinds.iter().position(|(_, keys)| keys.iter().any(|k| name.contains(k))).unwrap_or(kinds.len());
        sums[idx] += lines;
    }
    if total > 0 {
        head.push_str("\nBy kind (first match of the function name, in this order):\n");
        for (i, (label, _)) in kinds.iter().enumerate() {
            head.push_str(&format!("  {:>8} {:>5.1}%  {label}\n", sums[i], sums[i] as f64 * 100.0 / total as f64));
        }
        head.push_str(&format!("  {:>8} {:>5.1}%  other\n", sums[kinds.len()], sums[kinds.len()] as f64 * 100.0 / total as f64));
    }
    Ok(head)
}
