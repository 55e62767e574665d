//! `cloudpage-bench <codegen|compile|overhead|loopback|all>`: prints Markdown tables with the
//! figures and their ratios to baselines measured in the same run. `cloudpage-bench lines`:
//! where the generated code's lines go, by feature of the generated API (not timed).

use clap::{Args, Parser, Subcommand};
use cloudpage_bench::corpus::{Corpus, repo_root};
use cloudpage_bench::table::Table;
use cloudpage_bench::{codegen, compile, lines, loopback, overhead};
use std::path::PathBuf;
use std::process::ExitCode;

/// The generator allocates and frees many small token trees and strings; with glibc's malloc
/// that was about 30% of its CPU time. The `codegen-run` and `gen-once` children are this
/// binary, so they use the same allocator, with the same options, as `cloudpage-codegen` for
/// the figures to be the CLI's. The runtime benchmarks (`overhead`, `loopback`) run under it
/// too (with mimalloc's default options); users' programs keep their own allocator, so build
/// with `--no-default-features` to measure those under the system one (every report names the
/// allocator it ran with).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// As the codegen CLI's `main` does (see there): mimalloc's purging off, for the generator's
/// runs only (`codegen-run`, `gen-once`); the runtime benchmarks keep mimalloc's defaults.
#[cfg(feature = "mimalloc")]
fn keep_freed_memory() {
    /// `mi_option_purge_delay` in mimalloc.h (v2 and v3). -1: never purge.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an option's value, before any other thread exists; mimalloc reads this
    // option each time it would purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(about = "Benchmarks of the cloudpage generator, generated code and runtime")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Args, Clone)]
struct Common {
    /// Scratch folder for replicated specs and generated crates [default: $TMPDIR/cloudpage-bench]
    #[arg(long, global = true)]
    work_dir: Option<PathBuf>,
    /// Operations per service before replicated pages go to a clone of the service.
    #[arg(long, global = true, default_value_t = 250)]
    ops_per_service: usize,
    /// Python of the venv with the official SDKs (see /work/shared/peer/README.md).
    #[arg(long, global = true, default_value = "/tmp/venv-peer/bin/python")]
    python: PathBuf,
    /// Folder of bench_baseline.py (run from there, never copied).
    #[arg(long, global = true, default_value = "/work/shared/peer")]
    peer_dir: PathBuf,
    /// Skip the Python SDK comparisons.
    #[arg(long, global = true)]
    no_python: bool,
}

#[derive(Args, Clone)]
struct CodegenArgs {
    /// Operation counts of the codegen benchmark.
    #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
    sizes: Vec<usize>,
    /// Runs per size (at most 3 at N >= 10,000).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

#[derive(Args, Clone)]
struct CompileArgs {
    /// Operation counts of the generated crates (0 is always built: it is the baseline).
    #[arg(long, value_delimiter = ',', default_value = "0,10,100,1000")]
    compile_sizes: Vec<usize>,
    /// Builds per crate in debug (and per variant).
    #[arg(long, default_value_t = 3)]
    compile_runs: usize,
    /// Runs per size in release.
    #[arg(long, default_value_t = 1)]
    release_runs: usize,
    /// Debug only.
    #[arg(long)]
    no_release: bool,
    /// Largest N built in release.
    #[arg(long, default_value_t = 1000)]
    release_max_n: usize,
    /// N of the hand-edited variants (0: none).
    #[arg(long, default_value_t = 100)]
    variant_n: usize,
    /// Which hand-edited variants to build, by name, comma-separated [default: all of them]
    #[arg(long, value_delimiter = ',')]
    variants: Vec<String>,
    /// Target dir shared by the generated crates [default: $CARGO_TARGET_DIR/bench-compile, else <repo>/target/bench-compile]
    #[arg(long)]
    target_dir: Option<PathBuf>,
    /// `cargo build -j`.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Skip `cargo llvm-lines` even when installed.
    #[arg(long)]
    no_llvm_lines: bool,
}

#[derive(Args, Clone)]
struct OverheadArgs {
    /// Calls per timed run.
    #[arg(long, default_value_t = 100_000)]
    iters: usize,
    /// Timed runs per measurement (the median is reported).
    #[arg(long, default_value_t = 7)]
    overhead_runs: usize,
    /// Instance IDs in the request.
    #[arg(long, default_value_t = 100)]
    ids: usize,
    /// Calls per Python run.
    #[arg(long, default_value_t = 20_000)]
    python_n: usize,
}

#[derive(Args, Clone)]
struct LoopbackArgs {
    /// Calls per run.
    #[arg(long, default_value_t = 20_000)]
    calls: usize,
    /// Calls in flight.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Runs per client (the median is reported).
    #[arg(long, default_value_t = 5)]
    loopback_runs: usize,
    /// Instance IDs in the request (3: the Python baseline's request).
    #[arg(long, default_value_t = 3)]
    loopback_ids: usize,
    /// Client runtime worker threads (1: current-thread runtime).
    #[arg(long, default_value_t = 1)]
    client_threads: usize,
    /// Calls per run at 1 in flight (also the Python SDK's, at most 2,000).
    #[arg(long, default_value_t = 2_000)]
    sequential_calls: usize,
}

#[cfg(feature = "peer")]
#[derive(Args, Clone)]
struct PeerArgs {
    /// Oxide's API description [default: <peer-dir>/nexus.json]
    #[arg(long)]
    nexus: Option<PathBuf>,
    /// Replicated operations of ours beside specs/ (0: specs/ only); default: nexus.json's count.
    #[arg(long, default_value_t = 193)]
    n: usize,
    /// Generation runs of each generator (alternating).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Debug builds of each of the four crates.
    #[arg(long, default_value_t = 3)]
    compile_runs: usize,
    /// Skip the build-cost pairing.
    #[arg(long)]
    no_compile: bool,
    /// Target dir [default: $CARGO_TARGET_DIR/bench-compile, else <repo>/target/bench-compile]
    #[arg(long)]
    target_dir: Option<PathBuf>,
    /// `cargo build -j`.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Replicated operations of the peak-memory run of ours (issue #13 item 7; 0: skip it).
    #[arg(long, default_value_t = 10_000)]
    memory_n: usize,
    /// Skip the per-call figures (the `overhead` bench: the call, the hashing floor, the Python SDK).
    #[arg(long)]
    no_overhead: bool,
    /// Skip the loopback ratio to raw reqwest.
    #[arg(long)]
    no_loopback: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Generator throughput per phase and peak memory.
    Codegen {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: CodegenArgs,
    },
    /// Build cost of generated crates per operation, and what costs what.
    Compile {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: CompileArgs,
    },
    /// Client-side cost of one call without network, vs the Python SDK.
    Overhead {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: OverheadArgs,
    },
    /// Calls per second over loopback, generated client vs raw reqwest.
    Loopback {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: LoopbackArgs,
    },
    /// Where the generated code's lines go: code lines by feature of the generated API, per
    /// operation (issue #13 item 3; deterministic, not timed).
    Lines {
        /// Spec tree to generate in memory [default: the repository's specs/]
        #[arg(long)]
        specs: Option<PathBuf>,
    },
    /// Everything, with the defaults of each.
    All {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        compile: CompileArgs,
        #[command(flatten)]
        overhead: OverheadArgs,
        #[command(flatten)]
        loopback: LoopbackArgs,
    },
    /// (internal) One codegen size in this process; prints a JSON report.
    #[command(hide = true)]
    CodegenRun {
        #[arg(long)]
        specs: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        n: usize,
        #[arg(long)]
        runs: usize,
    },
    /// Progenitor 0.15.1 on nexus.json in the same run, with the per-call and loopback
    /// figures: every figure of issue #13 as ours, the baseline's and the ratio, with the
    /// targets (feature `peer`).
    #[cfg(feature = "peer")]
    Peer {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: PeerArgs,
        #[command(flatten)]
        overhead: OverheadArgs,
        #[command(flatten)]
        loopback: LoopbackArgs,
    },
    /// (internal) One generation of ours (load, generate, warnings, write); prints a JSON report.
    #[command(hide = true)]
    GenOnce {
        #[arg(long)]
        specs: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// (internal) One generation by progenitor (the recipe of shared/ANCHORS.md); prints a JSON report.
    #[cfg(feature = "peer")]
    #[command(hide = true)]
    PeerGenOnce {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// (internal) The loopback server; prints PORT=<port>, stops when stdin closes.
    #[command(hide = true)]
    Serve,
}

/// Targets and whether they were met, for the closing table.
#[derive(Default)]
struct Verdicts(Vec<[String; 4]>);

impl Verdicts {
    fn add(&mut self, what: &str, figure: String, target: &str, met: bool) {
        self.0.push([what.into(), figure, target.into(), if met { "met".into() } else { "MISSED".into() }]);
    }
    fn print(&self) {
        if self.0.is_empty() {
            return;
        }
        println!("## Targets\n");
        let mut t = Table::new(&["benchmark", "figure", "target", "verdict"]);
        for row in &self.0 {
            t.row(row.to_vec());
        }
        t.print();
    }
}

fn work_dir(common: &Common) -> PathBuf {
    common.work_dir.clone().unwrap_or_else(|| std::env::temp_dir().join("cloudpage-bench"))
}

fn python(common: &Common) -> Option<PathBuf> {
    if common.no_python {
        return None;
    }
    if common.python.exists() && common.peer_dir.join("bench_baseline.py").exists() {
        Some(common.python.clone())
    } else {
        eprintln!("no Python baseline: {} or {}/bench_baseline.py missing (see peer/README.md)", common.python.display(), common.peer_dir.display());
        None
    }
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|s| s.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()))
        .map(|k| format!("{:.0} GiB", k / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpus} cores ({model}), {mem}")
}

fn run_codegen(corpus: &Corpus, common: &Common, args: &CodegenArgs, v: &mut Verdicts) -> Result<(), String> {
    let opts = codegen::Options {
        sizes: args.sizes.clone(),
        runs: args.runs,
        ops_per_service: common.ops_per_service,
        work_dir: work_dir(common),
        child: true,
        per_template: true,
    };
    let s = codegen::bench(corpus, &opts)?;
    v.add(
        "codegen throughput (one core, pages on disk -> files on disk)",
        format!(
            "{:.0} ops/s (CPU time) at N={}, {:.0} ops/s wall; lowest over sizes {:.0}",
            s.ops_per_sec_largest, s.largest_n, s.ops_per_sec_wall_largest, s.ops_per_sec_min
        ),
        ">= 5,000 ops/s",
        s.ops_per_sec_min >= 5000.0,
    );
    if let Some(bound) = s.bound_ops_per_sec_largest {
        v.add(
            "codegen throughput with emitting and syn::parse2 free (pages, passes, prettyplease, write)",
            format!("{bound:.0} ops/s at N={} ({:.0} output lines/op): a bound of this output's size", s.largest_n, s.lines_per_op_largest),
            "report",
            true,
        );
    }
    v.add(
        "codegen per-op cost flat",
        format!("max per-op cost {:.2}x that of N={}", s.per_op_ratio_max, s.smallest_n),
        "flat (~1x)",
        s.per_op_ratio_max <= 1.5,
    );
    if let (Some(kib), Some(ops)) = (s.cli_maxrss_kib_largest, s.cli_ops_per_sec_largest) {
        let figure = format!("{:.0} MiB peak RSS at N={} ({ops:.0} ops/s CPU, all threads)", kib as f64 / 1024.0, s.largest_n);
        if s.largest_n >= 10_000 {
            v.add("codegen peak memory, whole process as the CLI (#13 item 7)", figure, "<= 200 MiB at N = 10,000", kib <= 200 * 1024);
        } else {
            v.add("codegen peak memory, whole process as the CLI (#13 item 7)", figure, "report (the target is at N = 10,000)", true);
        }
    }
    if let Some(kib) = s.vm_hwm_kib_largest {
        let small = s.vm_hwm_kib_smallest.unwrap_or(0);
        v.add(
            "codegen peak memory, whole-API path, one thread",
            format!(
                "{:.0} MiB VmHWM at N={} ({:.0} MiB at N={}; {:.0} KiB per op above it)",
                kib as f64 / 1024.0,
                s.largest_n,
                small as f64 / 1024.0,
                s.smallest_n,
                (kib.saturating_sub(small)) as f64 / (s.largest_n - s.smallest_n).max(1) as f64
            ),
            "report",
            true,
        );
    }
    Ok(())
}

fn run_compile(corpus: &Corpus, common: &Common, args: &CompileArgs, v: &mut Verdicts) -> Result<(), String> {
    let target_dir = compile_target_dir(&args.target_dir);
    let mut sizes = args.compile_sizes.clone();
    if !sizes.contains(&0) {
        sizes.insert(0, 0);
    }
    let opts = compile::Options {
        sizes,
        runs: args.compile_runs,
        release_runs: args.release_runs,
        profiles: if args.no_release {
            vec![compile::Profile::Debug]
        } else {
            vec![compile::Profile::Debug, compile::Profile::Release]
        },
        release_max_n: args.release_max_n,
        variant_n: (args.variant_n > 0).then_some(args.variant_n),
        variants: if args.variants.is_empty() {
            cloudpage_bench::variants::Variant::ALL.to_vec()
        } else {
            args.variants.iter().map(|name| cloudpage_bench::variants::Variant::from_name(name)).collect::<Result<_, _>>()?
        },
        ops_per_service: common.ops_per_service,
        work_dir: work_dir(common),
        target_dir,
        jobs: args.jobs,
        llvm_lines: !args.no_llvm_lines,
    };
    let s = compile::bench(corpus, &opts, &repo_root())?;
    if let Some(&(n, ms)) = s.debug_ms_per_op.last() {
        let lines = s.lines_per_op.iter().find(|(m, _)| *m == n).map(|(_, l)| *l).unwrap_or(0.0);
        v.add(
            "build cost of generated code (debug, -j2)",
            format!("{ms:.1} ms/op at N={n} ({lines:.0} lines/op)"),
            "<= 20 ms/op",
            ms <= 20.0,
        );
    }
    if let Some(&(n, ms)) = s.release_ms_per_op.last() {
        v.add("build cost of generated code (release, -j2)", format!("{ms:.1} ms/op at N={n}"), "report", true);
    }
    Ok(())
}

fn compile_target_dir(given: &Option<PathBuf>) -> PathBuf {
    given.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target")).join("bench-compile")
    })
}

#[cfg(feature = "peer")]
fn run_peer(common: &Common, args: &PeerArgs, overhead: &OverheadArgs, loopback: &LoopbackArgs) -> Result<(), String> {
    use cloudpage_bench::peer;
    let compile = (!args.no_compile).then(|| compile::Options {
        sizes: vec![0, args.n.max(1)],
        runs: args.compile_runs,
        release_runs: 0,
        profiles: vec![compile::Profile::Debug],
        release_max_n: 0,
        variant_n: None,
        variants: Vec::new(),
        ops_per_service: common.ops_per_service,
        work_dir: work_dir(common),
        target_dir: compile_target_dir(&args.target_dir),
        jobs: args.jobs,
        llvm_lines: false,
    });
    let opts = peer::Options {
        nexus: args.nexus.clone().unwrap_or_else(|| common.peer_dir.join("nexus.json")),
        specs: repo_root().join("specs"),
        n: args.n,
        runs: args.runs,
        ops_per_service: common.ops_per_service,
        work_dir: work_dir(common),
        compile,
        memory_n: args.memory_n,
        overhead: (!args.no_overhead).then(|| overhead_options(common, overhead)),
        loopback: (!args.no_loopback).then(|| loopback_options(common, loopback)),
    };
    peer::bench(&Corpus::load(&repo_root()), &opts)
}

fn overhead_options(common: &Common, args: &OverheadArgs) -> overhead::Options {
    overhead::Options {
        iters: args.iters,
        runs: args.overhead_runs,
        ids: args.ids,
        python: python(common),
        peer_dir: common.peer_dir.clone(),
        python_n: args.python_n,
    }
}

fn loopback_options(common: &Common, args: &LoopbackArgs) -> loopback::Options {
    loopback::Options {
        calls: args.calls,
        concurrency: args.concurrency,
        runs: args.loopback_runs,
        ids: args.loopback_ids,
        client_threads: args.client_threads,
        python: python(common),
        peer_dir: common.peer_dir.clone(),
        sequential_calls: args.sequential_calls,
    }
}

fn run_overhead(common: &Common, args: &OverheadArgs, v: &mut Verdicts) -> Result<(), String> {
    let s = overhead::bench(&overhead_options(common, args))?;
    // Issue #13 item 5: thread CPU time (robust on the shared machine), the floor and the
    // Python SDK from the same run.
    v.add(
        "client overhead per call, no network",
        format!("{:.2} us CPU ({:.2} us wall; validate+serialise+sign+parse, {} IDs)", s.full_cpu_us, s.full_us, args.ids),
        "<= 1.5 us",
        s.full_cpu_us <= 1.5,
    );
    v.add(
        "the same / the hashing floor (SHA-256 of the body + 1 HMAC)",
        format!("{:.2}x (floor {:.2} us CPU)", s.full_cpu_us / s.floor_cpu_us, s.floor_cpu_us),
        "<= 1.4x",
        s.full_cpu_us <= 1.4 * s.floor_cpu_us,
    );
    // What the two targets above leave any TC3 client: the work none can skip, same run.
    v.add(
        "the least any TC3-signed call of it does (serialise + 3 hashes + skim the answer)",
        format!(
            "{:.2} us CPU = {:.2}x the floor; 1.5 us leaves {:.2} us, 1.4x leaves {:.2} us for the rest",
            s.least_cpu_us,
            s.least_cpu_us / s.floor_cpu_us,
            1.5 - s.least_cpu_us,
            1.4 * s.floor_cpu_us - s.least_cpu_us
        ),
        "report",
        true,
    );
    if let Some(p) = s.python_same_work_us {
        v.add(
            "the same vs the official Python SDK (same run)",
            format!("{:.1}x faster (Python {p:.1} us, wall)", p / s.full_us),
            ">= 15x",
            p / s.full_us >= 15.0,
        );
    }
    if let Some(p) = s.python_sign3_us {
        v.add(
            "serialise + sign vs bench_baseline.py sign",
            format!("{:.2} us vs Python {p:.2} us ({:.1}x)", s.sign3_us, p / s.sign3_us),
            "report",
            true,
        );
    }
    Ok(())
}

fn run_loopback(common: &Common, args: &LoopbackArgs, v: &mut Verdicts) -> Result<(), String> {
    let s = loopback::bench(&loopback_options(common, args))?;
    v.add(
        "loopback calls/s, generated vs raw reqwest",
        format!("{:.0} vs {:.0} calls/s at {} in flight = {:.1}%", s.generated_rps, s.raw_rps, args.concurrency, s.ratio * 100.0),
        ">= 95% of raw reqwest (#13 item 6)",
        s.ratio >= 0.95,
    );
    v.add(
        "loopback calls/s, raw reqwest after the work no TC3 client skips vs raw reqwest",
        format!("{:.1}% (the most any TC3 client reaches here)", s.least_work_ratio * 100.0),
        "report",
        true,
    );
    if let (Some(g), Some(p)) = (s.sequential_generated_rps, s.python_rps_same_server) {
        v.add("loopback, 1 in flight, vs Python SDK", format!("{g:.0} vs {p:.0} calls/s ({:.1}x)", g / p), "report", true);
    }
    Ok(())
}

/// `git describe --always --dirty` of the repository (read only), so figures name their code.
fn revision() -> String {
    std::process::Command::new("git")
        .args(["describe", "--always", "--dirty"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

fn header(common: &Common) {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("# cloudpage benchmarks\n");
    if cfg!(debug_assertions) {
        println!("**Debug build: the figures are not representative; run with `cargo run --release`.**\n");
    }
    println!(
        "Machine: {}; load average at start {}. Code: {}. Allocator: {}. Work dir: {}.\n",
        machine(),
        load.join(" "),
        revision(),
        if cfg!(feature = "mimalloc") { "mimalloc (as the codegen CLI)" } else { "system" },
        work_dir(common).display()
    );
}

fn run_lines(specs: Option<PathBuf>) -> Result<(), String> {
    let default = repo_root().join("specs");
    let dir = specs.unwrap_or_else(|| default.clone());
    let b = lines::breakdown_dir(&dir)?;
    println!("# Where the generated code's lines go\n");
    println!(
        "Code: {}. Specs: {}. A line counts unless it is blank or starts with `//` after trimming \
         (`compile::count_lines`); each item is counted printed alone by prettyplease.\n",
        revision(),
        dir.display()
    );
    print!("{}", lines::report(&b));
    // The `cloudpage` CLI of the checked-in crate is written by hand, not generated.
    let bin = repo_root().join("generated/src/bin");
    if dir == default && bin.is_dir() {
        let code: usize = std::fs::read_dir(&bin)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| compile::count_lines(&std::fs::read_to_string(e.path()).unwrap_or_default()).1)
            .sum();
        println!("\nNot in the generator's output, so not above: the hand-written CLI `generated/src/bin/`, {code} code lines.");
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(feature = "mimalloc")]
    if matches!(cli.command, Cmd::CodegenRun { .. } | Cmd::GenOnce { .. }) {
        keep_freed_memory();
    }
    let mut v = Verdicts::default();
    let result = match cli.command {
        Cmd::CodegenRun { specs, out, n, runs } => match codegen::run_phases(&specs, &out, n, runs) {
            Ok(report) => {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
                Ok(())
            }
            Err(e) => Err(e),
        },
        Cmd::GenOnce { specs, out } => cloudpage_bench::peer::ours_once(&specs, &out).map(|r| println!("{}", serde_json::to_string(&r).unwrap_or_default())),
        #[cfg(feature = "peer")]
        Cmd::PeerGenOnce { spec, out } => cloudpage_bench::peer::peer_once(&spec, &out).map(|r| println!("{}", serde_json::to_string(&r).unwrap_or_default())),
        #[cfg(feature = "peer")]
        Cmd::Peer { common, args, overhead, loopback } => {
            header(&common);
            run_peer(&common, &args, &overhead, &loopback)
        }
        Cmd::Serve => loopback::serve_main(),
        Cmd::Lines { specs } => run_lines(specs),
        Cmd::Codegen { common, args } => {
            header(&common);
            run_codegen(&Corpus::load(&repo_root()), &common, &args, &mut v)
        }
        Cmd::Compile { common, args } => {
            header(&common);
            run_compile(&Corpus::load(&repo_root()), &common, &args, &mut v)
        }
        Cmd::Overhead { common, args } => {
            header(&common);
            run_overhead(&common, &args, &mut v)
        }
        Cmd::Loopback { common, args } => {
            header(&common);
            run_loopback(&common, &args, &mut v)
        }
        Cmd::All { common, codegen, compile, overhead, loopback } => {
            header(&common);
            let corpus = Corpus::load(&repo_root());
            run_overhead(&common, &overhead, &mut v)
                .and_then(|()| run_loopback(&common, &loopback, &mut v))
                .and_then(|()| run_codegen(&corpus, &common, &codegen, &mut v))
                .and_then(|()| run_compile(&corpus, &common, &compile, &mut v))
        }
    };
    v.print();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
