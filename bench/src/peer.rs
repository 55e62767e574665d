//! The peer in the same run (issue #13 item 1): progenitor 0.15.1 on Oxide's `nexus.json`
//! (193 operations) against our generator, every figure as ours, progenitor's and the ratio.
//!
//! Generation: each generator runs once per child process of this binary (`gen-once` for ours,
//! `peer-gen-once` for progenitor), alternating, several runs; the parent measures each child
//! alone with `wait4` (CPU of all its threads, wall, peak RSS) and the child reports its
//! in-process phases (process CPU). Ours runs on `specs/` as checked in and on N replicated
//! pages (default 193, progenitor's operation count). Progenitor runs the recipe of
//! `shared/ANCHORS.md`: read the spec, `serde_json::from_str::<openapiv3::OpenAPI>`,
//! `Generator::new(&GenerationSettings::default()).generate_tokens(&api)`,
//! `syn::parse2::<syn::File>`, `prettyplease::unparse`, write.
//!
//! Build cost: our crates at N = 0 and N from [`compile::prepare`], progenitor's output as the
//! lib.rs of a crate on progenitor-client 0.15.1 and the crates its output uses, against the
//! same crate with an empty lib.rs; dependencies built first, then `cargo clean -p` + timed
//! `cargo build -p -j2` of the four crates in rotating order.
//!
//! Progenitor itself is only compiled with feature `peer`; [`ours_once`] and the report types
//! are always there.

use crate::clock;
use crate::compile::count_lines;
use cloudpage_codegen::{Layout, files, source};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// What one generation in a child process reports (JSON on its stdout).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OnceReport {
    /// (phase, process CPU seconds, wall seconds).
    pub phases: Vec<(String, f64, f64)>,
    /// Operations generated (progenitor: counted from the spec; ours: 0, the parent knows).
    pub ops: usize,
    pub files: usize,
    pub lines: usize,
    /// Neither blank nor `//` comments (doc comments included in the exclusion).
    pub code_lines: usize,
    /// The child's own peak resident set (VmHWM, KiB) at its end. A spawned child's
    /// `ru_maxrss` (from `wait4`) is no less than its parent's peak at the spawn on Linux (exec
    /// keeps the larger of the two), so a parent that held more than the child reads its own
    /// peak there; [`child`] takes this instead.
    #[serde(default)]
    pub vm_hwm_kib: Option<u64>,
}

impl OnceReport {
    pub fn cpu(&self) -> f64 {
        self.phases.iter().map(|p| p.1).sum()
    }
}

struct Phases {
    report: OnceReport,
    cpu: f64,
    wall: Instant,
}

impl Phases {
    fn start() -> Phases {
        Phases { report: OnceReport::default(), cpu: clock::process_cpu(), wall: Instant::now() }
    }
    fn mark(&mut self, name: &str) {
        let (cpu, wall) = (clock::process_cpu(), Instant::now());
        self.report.phases.push((name.to_owned(), cpu - self.cpu, (wall - self.wall).as_secs_f64()));
        (self.cpu, self.wall) = (cpu, wall);
    }
}

/// Ours as `cloudpage-codegen generate` does it: list the folder, then one service folder at
/// a time on every core (read its pages, analyse, emit and format its module, stage the file
/// into `out`, drop the service), render the warnings, and rename the staged files into place
/// at the end.
pub fn ours_once(specs: &Path, out: &Path) -> Result<OnceReport, String> {
    // The crate's own Cargo.toml with its region markers, as `generated/` has it (untimed:
    // the CLI writes into a crate that exists).
    crate::codegen::crate_skeleton(out)?;
    let mut p = Phases::start();
    let dir = source::list_dir(specs).map_err(|e| format!("{}: {e}", specs.display()))?;
    p.mark("list");
    let mut r = OnceReport::default();
    let mut transaction = files::Transaction::new(out);
    let run = cloudpage_codegen::generate_by_service(&dir, &Layout::Crate, |file| {
        if file.path.ends_with(".rs") {
            let (l, c) = count_lines(&file.contents);
            r.lines += l;
            r.code_lines += c;
        }
        r.files += 1;
        transaction.stage(&file)
    })
    .map_err(|e| e.to_string())?;
    p.mark("read, analyse, emit, format, stage (by service)");
    let warnings = run.warnings.render(&[]);
    std::hint::black_box(&warnings);
    drop(warnings);
    p.mark("render warnings");
    run.files.map_err(|e| e.to_string())?;
    transaction.commit().map_err(|e| e.to_string())?;
    p.mark("commit");
    r.phases = p.report.phases;
    r.vm_hwm_kib = crate::codegen::vm_hwm_kib();
    Ok(r)
}

/// Runs this binary with `args` (a generator child: `gen-once`, `peer-gen-once`), reads its
/// report and measures the process: CPU and wall from `wait4`, peak memory its own VmHWM
/// ([`OnceReport::vm_hwm_kib`]; `ru_maxrss` if it reports none).
pub fn child(args: &[&std::ffi::OsStr]) -> Result<(OnceReport, clock::ChildCost), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args);
    let (stdout, cost) = clock::run_measured(cmd)?;
    let line = stdout.lines().rfind(|l| l.starts_with('{')).ok_or("the child printed no report")?;
    let report: OnceReport = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let cost = clock::ChildCost { maxrss_kib: report.vm_hwm_kib.unwrap_or(cost.maxrss_kib), ..cost };
    Ok((report, cost))
}

/// Progenitor's recipe (`shared/ANCHORS.md`), writing `out/lib.rs`.
#[cfg(feature = "peer")]
pub fn peer_once(spec: &Path, out: &Path) -> Result<OnceReport, String> {
    let mut p = Phases::start();
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    p.mark("read");
    let api: openapiv3::OpenAPI = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    p.mark("JSON parse");
    let tokens = progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default())
        .generate_tokens(&api)
        .map_err(|e| e.to_string())?;
    p.mark("generate_tokens");
    let file = syn3::parse2::<syn3::File>(tokens).map_err(|e| e.to_string())?;
    p.mark("syn::parse2");
    let code = prettyplease3::unparse(&file);
    p.mark("prettyplease");
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    std::fs::write(out.join("lib.rs"), &code).map_err(|e| e.to_string())?;
    p.mark("write");
    let mut r = p.report;
    (r.lines, r.code_lines) = count_lines(&code);
    r.files = 1;
    r.ops = api.operations().count();
    r.vm_hwm_kib = crate::codegen::vm_hwm_kib();
    Ok(r)
}

#[cfg(feature = "peer")]
pub use run::{Options, bench};

#[cfg(feature = "peer")]
mod run {
    use super::{OnceReport, child};
    use crate::clock::ChildCost;
    use crate::compile::{self, BuildTime, Profile};
    use crate::corpus::Corpus;
    use crate::stats::median;
    use crate::table::Table;
    use std::path::{Path, PathBuf};

    #[derive(Debug, Clone)]
    pub struct Options {
        /// Oxide's API description (`shared/peer/nexus.json`).
        pub nexus: PathBuf,
        /// `specs/` of the repository.
        pub specs: PathBuf,
        /// Replicated operations of ours (0: none).
        pub n: usize,
        pub runs: usize,
        pub ops_per_service: usize,
        pub work_dir: PathBuf,
        /// Build-cost pairing (`None`: skip it).
        pub compile: Option<compile::Options>,
        /// Replicated operations of the peak-memory run (issue #13 item 7; 0: skip it).
        pub memory_n: usize,
        /// The per-call figures (`overhead::bench`: the call, the hashing floor, the Python
        /// SDK's same work); `None`: skip them.
        pub overhead: Option<crate::overhead::Options>,
        /// The loopback ratio to raw reqwest (`loopback::rounds`); `None`: skip it.
        pub loopback: Option<crate::loopback::Options>,
    }

    /// A figure of one run of a generator, for the paired ratios.
    type PerRun<'a> = &'a dyn Fn(&Gen, usize) -> f64;

    /// Ours / progenitor's of a [`PerRun`] figure, run by run: (median, min, max).
    type Pairing<'a> = &'a dyn Fn(&Gen, PerRun<'_>) -> (f64, f64, f64);

    /// One generator's runs.
    struct Gen {
        label: String,
        ops: usize,
        costs: Vec<ChildCost>,
        reports: Vec<OnceReport>,
    }

    impl Gen {
        fn med(&self, f: impl Fn(&ChildCost) -> f64) -> f64 {
            median(self.costs.iter().map(f))
        }
        fn spread(&self, f: impl Fn(&ChildCost) -> f64) -> (f64, f64) {
            let v: Vec<f64> = self.costs.iter().map(f).collect();
            (v.iter().copied().fold(f64::INFINITY, f64::min), v.iter().copied().fold(0.0, f64::max))
        }
        fn code_lines(&self) -> usize {
            self.reports.first().map(|r| r.code_lines).unwrap_or(0)
        }
        fn in_process_cpu(&self) -> f64 {
            median(self.reports.iter().map(OnceReport::cpu))
        }
    }

    fn ops_of(specs: &Path) -> Result<usize, String> {
        let sources = cloudpage_codegen::source::load_dir(specs).map_err(|e| e.to_string())?;
        let mut diags = cloudpage_codegen::diag::Diagnostics::new();
        let api = cloudpage_codegen::analyse(&sources, &mut diags);
        Ok(api.clouds.iter().flat_map(|c| &c.services).map(|s| s.operations.len()).sum())
    }

    fn ratio(a: f64, b: f64) -> String {
        if b == 0.0 || !a.is_finite() || !b.is_finite() { "-".into() } else { format!("{:.2}", a / b) }
    }

    pub fn bench(corpus: &Corpus, opts: &Options) -> Result<(), String> {
        println!("## Progenitor in the same run (issue #13 item 1)\n");
        let dir = opts.work_dir.join("peer");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let mut gens: Vec<(Gen, Vec<std::ffi::OsString>)> = Vec::new();
        let out_ours = dir.join("out-ours");
        let ours_args = |specs: &Path| vec!["gen-once".into(), "--specs".into(), specs.into(), "--out".into(), out_ours.clone().into_os_string()];
        gens.push((
            Gen { label: "ours, specs/".into(), ops: ops_of(&opts.specs)?, costs: Vec::new(), reports: Vec::new() },
            ours_args(&opts.specs),
        ));
        if opts.n > 0 {
            let tree = corpus.replicate(opts.n, opts.ops_per_service);
            let specs = dir.join(format!("specs-n{}", opts.n));
            tree.write(&specs).map_err(|e| e.to_string())?;
            gens.push((Gen { label: format!("ours, N = {} replicated", opts.n), ops: opts.n, costs: Vec::new(), reports: Vec::new() }, ours_args(&specs)));
        }
        let out_peer = dir.join("out-progenitor");
        gens.push((
            Gen { label: "progenitor, nexus.json".into(), ops: 0, costs: Vec::new(), reports: Vec::new() },
            vec!["peer-gen-once".into(), "--spec".into(), opts.nexus.clone().into_os_string(), "--out".into(), out_peer.clone().into_os_string()],
        ));
        // One untimed run of each (files cache, the generator's binary paged in).
        for (_, args) in &gens {
            let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
            child(&a)?;
        }
        for run in 0..opts.runs.max(1) {
            for k in 0..gens.len() {
                let i = (k + run) % gens.len();
                // Every run writes into an empty folder (progenitor's output stays for the build).
                let out = if i == gens.len() - 1 { &out_peer } else { &out_ours };
                if out.exists() {
                    std::fs::remove_dir_all(out).map_err(|e| e.to_string())?;
                }
                let a: Vec<std::ffi::OsString> = gens[i].1.clone();
                let a: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
                let (report, cost) = child(&a)?;
                let g = &mut gens[i].0;
                if report.ops > 0 {
                    g.ops = report.ops;
                }
                eprintln!("peer: run {run} {}: {:.0} ms CPU, {:.0} ms wall, {} MiB", g.label, cost.cpu * 1e3, cost.wall * 1e3, cost.maxrss_kib / 1024);
                g.reports.push(report);
                g.costs.push(cost);
            }
        }
        let gens: Vec<Gen> = gens.into_iter().map(|(g, _)| g).collect();
        let peer = gens.last().ok_or("no peer")?;
        let ours: Vec<&Gen> = gens[..gens.len() - 1].iter().collect();

        println!("Generation: one generator run per process, {} runs of each, alternating (rotating order); medians, [min–max] over runs. CPU is the child's user + system time from `wait4` (every thread), peak memory its own VmHWM (see `child`).\n", opts.runs);
        let mut t = Table::new(&["generator", "ops", "output lines", "code lines/op", "CPU ms (whole process)", "wall ms", "ops/s (CPU)", "ops/s (wall)", "in-process CPU ms", "µs CPU per code line", "peak RSS MiB"]);
        for g in &gens {
            let (lo, hi) = g.spread(|c| c.cpu);
            t.row(vec![
                g.label.clone(),
                g.ops.to_string(),
                g.reports.first().map(|r| r.lines).unwrap_or(0).to_string(),
                format!("{:.0}", g.code_lines() as f64 / g.ops as f64),
                format!("{:.0} [{:.0}–{:.0}]", g.med(|c| c.cpu) * 1e3, lo * 1e3, hi * 1e3),
                format!("{:.0}", g.med(|c| c.wall) * 1e3),
                format!("{:.0}", g.ops as f64 / g.med(|c| c.cpu)),
                format!("{:.0}", g.ops as f64 / g.med(|c| c.wall)),
                format!("{:.0}", g.in_process_cpu() * 1e3),
                format!("{:.2}", g.med(|c| c.cpu) * 1e6 / g.code_lines() as f64),
                format!("{:.0}", g.med(|c| c.maxrss_kib as f64) / 1024.0),
            ]);
        }
        t.print();
        println!("\nIn-process phases (process CPU ms, median):\n");
        let mut t = Table::new(&["generator", "phases"]);
        for g in &gens {
            let names: Vec<String> = g.reports.first().map(|r| r.phases.iter().map(|p| p.0.clone()).collect()).unwrap_or_default();
            let cells: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{n} {:.1}", median(g.reports.iter().map(|r| r.phases.get(i).map(|p| p.1).unwrap_or(0.0))) * 1e3))
                .collect();
            t.row(vec![g.label.clone(), cells.join("; ")]);
        }
        t.print();

        // Paired: run i of ours against run i of progenitor (adjacent in time).
        let paired = |o: &Gen, f: &dyn Fn(&Gen, usize) -> f64| -> (f64, f64, f64) {
            let v: Vec<f64> = (0..o.costs.len().min(peer.costs.len())).map(|i| f(o, i) / f(peer, i)).collect();
            (median(v.iter().copied()), v.iter().copied().fold(f64::INFINITY, f64::min), v.iter().copied().fold(0.0, f64::max))
        };
        let ops_s = |g: &Gen, i: usize| g.ops as f64 / g.costs[i].cpu;
        let us_line = |g: &Gen, i: usize| g.costs[i].cpu * 1e6 / g.code_lines() as f64;
        let build = match &opts.compile {
            Some(c) => Some(build_cost(corpus, c, &out_peer.join("lib.rs"), peer.ops, opts.n.max(1))?),
            None => None,
        };
        let memory = match opts.memory_n {
            0 => None,
            n => Some(peak_memory(corpus, opts, &dir, n)?),
        };
        let per_call = match &opts.overhead {
            Some(o) => Some(crate::overhead::bench(o)?),
            None => None,
        };
        let loopback = match &opts.loopback {
            Some(l) => Some(loopback_runs(l)?),
            None => None,
        };

        println!("\n### Ours / progenitor's, same run\n");
        let mut head = vec!["figure".to_string()];
        for o in &ours {
            head.push(o.label.clone());
        }
        head.push(peer.label.clone());
        for o in &ours {
            head.push(format!("ratio ({})", o.label));
        }
        let mut t = Table::new(&head);
        let mut row = |name: &str, cells: Vec<String>| {
            let mut r = vec![name.to_string()];
            r.extend(cells);
            t.row(r);
        };
        let cells = |f: &dyn Fn(&Gen) -> f64, fmt: &dyn Fn(f64) -> String, pair: Option<PerRun>| {
            let mut c: Vec<String> = ours.iter().map(|o| fmt(f(o))).collect();
            c.push(fmt(f(peer)));
            for o in &ours {
                c.push(match pair {
                    Some(p) => {
                        let (m, lo, hi) = paired(o, p);
                        format!("{m:.2} (paired; {lo:.2}–{hi:.2})")
                    }
                    None => ratio(f(o), f(peer)),
                });
            }
            c
        };
        row("generation, whole process, ops/s (CPU)", cells(&|g| g.ops as f64 / g.med(|c| c.cpu), &|v| format!("{v:.0}"), Some(&ops_s)));
        row("generation, whole process, ops/s (wall)", cells(&|g| g.ops as f64 / g.med(|c| c.wall), &|v| format!("{v:.0}"), Some(&|g: &Gen, i: usize| g.ops as f64 / g.costs[i].wall)));
        row("output code lines per operation (non-blank, non-comment)", cells(&|g| g.code_lines() as f64 / g.ops as f64, &|v| format!("{v:.0}"), None));
        row("µs CPU per output code line (whole process)", cells(&|g| g.med(|c| c.cpu) * 1e6 / g.code_lines() as f64, &|v| format!("{v:.2}"), Some(&us_line)));
        row("generator peak memory (VmHWM, whole process), MiB", cells(&|g| g.med(|c| c.maxrss_kib as f64) / 1024.0, &|v| format!("{v:.0}"), None));
        if let Some(b) = &build {
            let mut c: Vec<String> = ours.iter().map(|o| if o.label.contains("replicated") { format!("{:.1} (N = {})", b.ours_ms, b.ours_n) } else { "-".into() }).collect();
            c.push(format!("{:.1}", b.peer_ms));
            for o in &ours {
                c.push(if o.label.contains("replicated") { format!("{:.2} (paired; {:.2}–{:.2})", b.paired.0, b.paired.1, b.paired.2) } else { "-".into() });
            }
            row("debug build, CPU ms per operation (vs empty crate, -j2)", c);
        }
        t.print();
        println!("\nRatios are ours / progenitor's: above 1 is better for ours in ops/s, worse in lines, µs, MiB and ms.\n");

        let score = Scoreboard {
            specs: ours.first().copied(),
            replicated: ours.iter().copied().find(|o| o.label.contains("replicated")),
            peer,
            paired: &paired,
            ops_s: &ops_s,
            us_line: &us_line,
            build: build.as_ref(),
            memory,
            per_call: per_call.as_ref(),
            loopback: loopback.as_ref(),
        };
        score.print();
        Ok(())
    }

    /// Our generator once, as a child process, on `n` replicated pages: its peak memory
    /// (its VmHWM, see [`child`]) and CPU (issue #13 item 7 measures it at N = 10,000).
    fn peak_memory(corpus: &Corpus, opts: &Options, dir: &Path, n: usize) -> Result<(usize, ChildCost), String> {
        let tree = corpus.replicate(n, opts.ops_per_service);
        let specs = dir.join(format!("specs-n{n}"));
        if specs.exists() {
            std::fs::remove_dir_all(&specs).map_err(|e| e.to_string())?;
        }
        tree.write(&specs).map_err(|e| e.to_string())?;
        let out = dir.join(format!("out-n{n}"));
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| e.to_string())?;
        }
        let (_, cost) = child(&["gen-once".as_ref(), "--specs".as_ref(), specs.as_os_str(), "--out".as_ref(), out.as_os_str()])?;
        eprintln!("peer: ours at N = {n}: {:.0} ms CPU, {} MiB", cost.cpu * 1e3, cost.maxrss_kib / 1024);
        let _ = std::fs::remove_dir_all(&out);
        Ok((n, cost))
    }

    /// Runs of the generated client and raw reqwest sending the same bytes to the same
    /// server, and of raw reqwest after the work no TC3 client skips (the bound;
    /// `loopback::rounds` with those three clients, rotating order): calls/s of each per run.
    fn loopback_runs(opts: &crate::loopback::Options) -> Result<Vec<LoopbackRun>, String> {
        use crate::loopback::{GENERATED, LEAST_WORK};
        let server = crate::loopback::ServerProcess::start()?;
        let rounds = crate::loopback::rounds(server.port, opts, opts.calls, opts.concurrency, &[0, LEAST_WORK, GENERATED])?;
        drop(server);
        rounds.into_iter().map(|r| match r.as_slice() {
            [raw, least, generated] => Ok(LoopbackRun { raw: raw.rps, least_work: least.rps, generated: generated.rps }),
            other => Err(format!("loopback: {} clients in a run, expected raw, the bound and generated", other.len())),
        }).collect()
    }

    /// Calls/s of one loopback run.
    struct LoopbackRun {
        raw: f64,
        least_work: f64,
        generated: f64,
    }

    /// Median, min and max.
    fn spread(v: &[f64]) -> (f64, f64, f64) {
        (median(v.iter().copied()), v.iter().copied().fold(f64::INFINITY, f64::min), v.iter().copied().fold(0.0, f64::max))
    }

    /// Every figure of issue #13's table from this run: ours, the baseline, ours / baseline,
    /// the target and the verdict.
    struct Scoreboard<'a> {
        specs: Option<&'a Gen>,
        replicated: Option<&'a Gen>,
        peer: &'a Gen,
        paired: Pairing<'a>,
        ops_s: PerRun<'a>,
        us_line: PerRun<'a>,
        build: Option<&'a Build>,
        memory: Option<(usize, ChildCost)>,
        per_call: Option<&'a crate::overhead::Summary>,
        loopback: Option<&'a Vec<LoopbackRun>>,
    }

    impl Scoreboard<'_> {
        fn print(&self) {
            println!("### The scoreboard of issue #13, this run\n");
            let mut t = Table::new(&["#", "figure", "ours", "baseline", "ours / baseline", "target", "verdict"]);
            let verdict = |met: bool| if met { "met".to_string() } else { "MISSED".to_string() };
            let peer = self.peer;
            let peer_ops_s = peer.ops as f64 / peer.med(|c| c.cpu);
            for g in [self.specs, self.replicated].into_iter().flatten() {
                let ops_s = g.ops as f64 / g.med(|c| c.cpu);
                let (m, lo, hi) = (self.paired)(g, self.ops_s);
                t.row(vec![
                    "2".into(),
                    format!("generation, whole process, ops/s CPU ({})", g.label),
                    format!("{ops_s:.0}"),
                    format!("progenitor {peer_ops_s:.0}"),
                    format!("{m:.2} (paired; {lo:.2}–{hi:.2})"),
                    ">= 5,000 ops/s and >= 2x progenitor".into(),
                    verdict(ops_s >= 5000.0 && m >= 2.0),
                ]);
            }
            for g in [self.specs, self.replicated].into_iter().flatten() {
                let (m, lo, hi) = (self.paired)(g, self.us_line);
                t.row(vec![
                    "2".into(),
                    format!("µs CPU per output code line ({})", g.label),
                    format!("{:.2}", g.med(|c| c.cpu) * 1e6 / g.code_lines() as f64),
                    format!("progenitor {:.2}", peer.med(|c| c.cpu) * 1e6 / peer.code_lines() as f64),
                    format!("{m:.2} (paired; {lo:.2}–{hi:.2})"),
                    "report".into(),
                    "-".into(),
                ]);
            }
            for g in [self.specs, self.replicated].into_iter().flatten() {
                let (ours, theirs) = (g.code_lines() as f64 / g.ops as f64, peer.code_lines() as f64 / peer.ops as f64);
                let is_specs = !g.label.contains("replicated");
                t.row(vec![
                    "3".into(),
                    format!("output code lines per operation ({})", g.label),
                    format!("{ours:.0}"),
                    format!("progenitor {theirs:.0}"),
                    format!("{:.2}", ours / theirs),
                    if is_specs { "<= 150 (whole-service specs/)".into() } else { "report".into() },
                    if is_specs { verdict(ours <= 150.0) } else { "-".into() },
                ]);
            }
            match self.build {
                Some(b) => t.row(vec![
                    "4".into(),
                    format!("debug build, CPU ms per operation (N = {}, -j2)", b.ours_n),
                    format!("{:.1}", b.ours_ms),
                    format!("progenitor {:.1}", b.peer_ms),
                    format!("{:.2} (paired; {:.2}–{:.2})", b.paired.0, b.paired.1, b.paired.2),
                    "<= 20 ms and <= 0.40 (2.5x cheaper)".into(),
                    verdict(b.ours_ms <= 20.0 && b.paired.0 <= 0.4),
                ]),
                None => t.row(vec!["4".into(), "debug build, CPU ms per operation".into(), "not run (--no-compile)".into(), "-".into(), "-".into(), "<= 20 ms and <= 0.40".into(), "-".into()]),
            }
            match self.per_call {
                Some(c) => {
                    t.row(vec![
                        "5".into(),
                        "per call, CancelInvocation with 100 IDs, thread CPU µs (validate + serialise + sign + parse)".into(),
                        format!("{:.2}", c.full_cpu_us),
                        "-".into(),
                        "-".into(),
                        "<= 1.5 µs".into(),
                        verdict(c.full_cpu_us <= 1.5),
                    ]);
                    t.row(vec![
                        "5".into(),
                        "the same / the hashing floor (SHA-256 of the body + one HMAC), thread CPU".into(),
                        format!("{:.2}", c.full_cpu_us),
                        format!("floor {:.2}", c.floor_cpu_us),
                        format!("{:.2}", c.full_cpu_us / c.floor_cpu_us),
                        "<= 1.4".into(),
                        verdict(c.full_cpu_us <= 1.4 * c.floor_cpu_us),
                    ]);
                    t.row(vec![
                        "5".into(),
                        "the least any TC3-signed call of it does (serialise + its 3 hashes + skim the answer) / the floor, thread CPU".into(),
                        format!("{:.2}", c.least_cpu_us),
                        format!("floor {:.2}", c.floor_cpu_us),
                        format!("{:.2}", c.least_cpu_us / c.floor_cpu_us),
                        "report: a bound for the two rows above".into(),
                        "-".into(),
                    ]);
                    t.row(vec![
                        "5".into(),
                        "the hashing floor: SHA-256 of the 1.5 KB body + one HMAC, thread CPU µs".into(),
                        format!("{:.2}", c.floor_cpu_us),
                        "-".into(),
                        "-".into(),
                        "report".into(),
                        "-".into(),
                    ]);
                    match c.python_same_work_us {
                        Some(p) => t.row(vec![
                            "5".into(),
                            "the same vs the official Python SDK doing the same work, wall µs".into(),
                            format!("{:.2}", c.full_us),
                            format!("Python SDK {p:.1}"),
                            format!("{:.3} (Python {:.1}x slower)", c.full_us / p, p / c.full_us),
                            "<= 0.067 (>= 15x)".into(),
                            verdict(p / c.full_us >= 15.0),
                        ]),
                        None => t.row(vec!["5".into(), "the same vs the official Python SDK".into(), format!("{:.2}", c.full_us), "not run (--no-python or no venv)".into(), "-".into(), ">= 15x".into(), "-".into()]),
                    }
                }
                None => t.row(vec!["5".into(), "per call, CancelInvocation with 100 IDs".into(), "not run (--no-overhead)".into(), "-".into(), "-".into(), "<= 1.5 µs, <= 1.4x floor, >= 15x Python".into(), "-".into()]),
            }
            match self.loopback {
                Some(runs) if !runs.is_empty() => {
                    let ratios: Vec<f64> = runs.iter().map(|r| r.generated / r.raw).collect();
                    let (m, lo, hi) = spread(&ratios);
                    t.row(vec![
                        "6".into(),
                        format!("loopback calls/s, generated client vs raw reqwest (same bytes, same server; {} runs)", runs.len()),
                        format!("{:.0}", median(runs.iter().map(|r| r.generated))),
                        format!("raw reqwest {:.0}", median(runs.iter().map(|r| r.raw))),
                        format!("{m:.3} (per-run ratios {lo:.3}–{hi:.3})"),
                        ">= 0.95".into(),
                        verdict(m >= 0.95),
                    ]);
                    let bound: Vec<f64> = runs.iter().map(|r| r.least_work / r.raw).collect();
                    let (m, lo, hi) = spread(&bound);
                    t.row(vec![
                        "6".into(),
                        "raw reqwest after the work no TC3 client skips (serialise + 3 hashes) vs raw reqwest".into(),
                        format!("{:.0}", median(runs.iter().map(|r| r.least_work))),
                        format!("raw reqwest {:.0}", median(runs.iter().map(|r| r.raw))),
                        format!("{m:.3} (per-run ratios {lo:.3}–{hi:.3})"),
                        "report: a bound for the row above".into(),
                        "-".into(),
                    ]);
                }
                _ => t.row(vec!["6".into(), "loopback vs raw reqwest".into(), "not run (--no-loopback)".into(), "-".into(), "-".into(), ">= 0.95".into(), "-".into()]),
            }
            match self.memory {
                Some((n, cost)) => t.row(vec![
                    "7".into(),
                    format!("generator peak memory (VmHWM), N = {n} replicated, whole process as the CLI"),
                    format!("{:.0} MiB", cost.maxrss_kib as f64 / 1024.0),
                    format!("progenitor {:.0} MiB (193 ops)", peer.med(|c| c.maxrss_kib as f64) / 1024.0),
                    "-".into(),
                    "<= 200 MiB at N = 10,000".into(),
                    if n >= 10_000 { verdict(cost.maxrss_kib <= 200 * 1024) } else { "- (N < 10,000)".into() },
                ]),
                None => t.row(vec!["7".into(), "generator peak memory, N = 10,000".into(), "not run (--memory-n 0)".into(), "-".into(), "-".into(), "<= 200 MiB".into(), "-".into()]),
            }
            t.print();
            println!("\nRatios are ours / the baseline's (progenitor, the hashing floor, the Python SDK, raw reqwest), from this run; \"paired\" is the median of per-run ratios of adjacent runs, with their range.\n");
        }
    }

    struct Build {
        ours_n: usize,
        ours_ms: f64,
        peer_ms: f64,
        /// Per-run ratio ours / progenitor's of CPU ms per op: median, min, max.
        paired: (f64, f64, f64),
    }

    /// The dependencies progenitor's generated code names (its README's list plus what
    /// nexus.json's formats and multipart bodies pull in: chrono, uuid, regress, base64, rand).
    const PEER_DEPS: &str = r#"progenitor-client = "=0.15.1"
base64 = "0.22"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures = "0.3"
percent-encoding = "2"
rand = "0.9"
regress = "0.10"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
uuid = { version = "1", features = ["serde", "v4"] }
"#;

    fn build_cost(corpus: &Corpus, copts: &compile::Options, peer_lib: &Path, peer_ops: usize, n: usize) -> Result<Build, String> {
        println!("\nBuild cost, debug, `cargo build -p <crate> -j{}` after `cargo clean -p <crate>`, dependencies built first, four crates in rotating order, median of {} runs:\n", copts.jobs, copts.runs);
        let mut copts = copts.clone();
        copts.sizes = vec![0, n];
        copts.variant_n = None;
        let root = crate::corpus::repo_root();
        let crates = compile::prepare(corpus, &copts, &root)?;
        let ours_manifest = copts.work_dir.join("compile/Cargo.toml");
        let ws = copts.work_dir.join("compile-peer");
        for (pkg, lib) in [("peer-empty", String::new()), ("peer-nexus", std::fs::read_to_string(peer_lib).map_err(|e| e.to_string())?)] {
            let d = ws.join(pkg);
            std::fs::create_dir_all(d.join("src")).map_err(|e| e.to_string())?;
            std::fs::write(
                d.join("Cargo.toml"),
                format!("[package]\nname = \"{pkg}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{PEER_DEPS}"),
            )
            .map_err(|e| e.to_string())?;
            std::fs::write(d.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
        }
        std::fs::write(ws.join("Cargo.toml"), "# Written by cloudpage-bench peer.\n[workspace]\nresolver = \"2\"\nmembers = [\"peer-empty\", \"peer-nexus\"]\n")
            .map_err(|e| e.to_string())?;
        let peer_manifest = ws.join("Cargo.toml");
        eprintln!("peer: pre-warming dependencies");
        compile::prewarm_in(&ours_manifest, &copts, "gen-n0", Profile::Debug)?;
        compile::prewarm_in(&peer_manifest, &copts, "peer-empty", Profile::Debug)?;
        // One untimed build of the generated crates, so they are known to compile.
        compile::prewarm_in(&peer_manifest, &copts, "peer-nexus", Profile::Debug)?;
        let list: [(&Path, String); 4] = [
            (&ours_manifest, "gen-n0".into()),
            (&ours_manifest, format!("gen-n{n}")),
            (&peer_manifest, "peer-empty".into()),
            (&peer_manifest, "peer-nexus".into()),
        ];
        let mut times: Vec<Vec<BuildTime>> = vec![Vec::new(); list.len()];
        for run in 0..copts.runs.max(1) {
            for k in 0..list.len() {
                let i = (k + run) % list.len();
                let t = compile::timed_build_in(list[i].0, &copts, &list[i].1, Profile::Debug)?;
                eprintln!("peer: build {}: {:.2}s wall, {:.2}s CPU", list[i].1, t.wall, t.cpu);
                times[i].push(t);
            }
        }
        let peer_ops = peer_ops.max(1) as f64;
        let per_run_ours: Vec<f64> = (0..times[0].len()).map(|r| (times[1][r].cpu - times[0][r].cpu) * 1e3 / n as f64).collect();
        let per_run_peer: Vec<f64> = (0..times[2].len()).map(|r| (times[3][r].cpu - times[2][r].cpu) * 1e3 / peer_ops).collect();
        let ratios: Vec<f64> = per_run_ours.iter().zip(&per_run_peer).map(|(a, b)| a / b).collect();
        let mut t = Table::new(&["crate", "lines", "code lines", "build CPU s (median)", "[min–max]", "wall s (median)"]);
        let ours_gen = crates.iter().find(|c| c.n == n);
        for (i, (_, pkg)) in list.iter().enumerate() {
            let cpu: Vec<f64> = times[i].iter().map(|t| t.cpu).collect();
            let (lines, code) = match (i, ours_gen) {
                (1, Some(c)) => (c.lines.to_string(), c.code_lines.to_string()),
                (3, _) => {
                    let (l, c) = compile::count_lines(&std::fs::read_to_string(peer_lib).unwrap_or_default());
                    (l.to_string(), c.to_string())
                }
                _ => ("-".into(), "-".into()),
            };
            t.row(vec![
                pkg.clone(),
                lines,
                code,
                format!("{:.2}", median(cpu.iter().copied())),
                format!("{:.2}–{:.2}", cpu.iter().copied().fold(f64::INFINITY, f64::min), cpu.iter().copied().fold(0.0, f64::max)),
                format!("{:.2}", median(times[i].iter().map(|t| t.wall))),
            ]);
        }
        t.print();
        let b = Build {
            ours_n: n,
            ours_ms: median(per_run_ours.iter().copied()),
            peer_ms: median(per_run_peer.iter().copied()),
            paired: (
                median(ratios.iter().copied()),
                ratios.iter().copied().fold(f64::INFINITY, f64::min),
                ratios.iter().copied().fold(0.0, f64::max),
            ),
        };
        println!(
            "\nCPU ms per operation: ours {:.1} (N = {n}; per run {:?}), progenitor {:.1} ({peer_ops} ops; per run {:?})",
            b.ours_ms,
            per_run_ours.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>(),
            b.peer_ms,
            per_run_peer.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>()
        );
        Ok(b)
    }
}
