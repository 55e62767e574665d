//! Generator throughput: replicated pages -> IR -> tokens -> formatted files -> disk, at
//! several sizes, two ways, each in child processes of this binary (so allocator state does
//! not carry over and the peak memory is the generator's own):
//!
//! - `codegen-run`: the whole-API path (every page, then the spec tree, then the IR; then each
//!   module emitted, formatted and staged) on one thread, each phase timed on its own, with its
//!   VmHWM after each phase: where the CPU goes;
//! - `gen-once`: the whole process as `cloudpage-codegen generate` runs it (one service folder
//!   at a time, on every core): its CPU (every thread) and peak memory (its own VmHWM).

use crate::clock::{ChildCost, Stopwatch};
use crate::corpus::{Corpus, Tree};
use crate::stats::{fmt_ms, median};
use crate::table::Table;
use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::source;
use cloudpage_codegen::{Layout, emit, files, render};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// Thread CPU seconds per phase of one run (the generator is single-threaded), and the wall
/// time of the whole run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Phases {
    /// Wall seconds from load to write, both included.
    pub wall: f64,
    /// `source::load_dir`: read the pages from disk.
    pub load: f64,
    /// `lower::lower`: parse pages (Markdown / scraped text, prose rules) and YAML, merge
    /// into the specs tree. (`analyse` = lower + check + resolve.)
    pub lower: f64,
    /// `check::check` and `resolve::resolve`: the named passes over the specs, and the
    /// resolved IR (names, models, example JSON, endpoints).
    pub check: f64,
    /// Rendering the warnings rustc style (what `generate()` does after `analyse`).
    pub diagnostics: f64,
    /// `emit::Module::emit_each`: IR -> token streams, summed over the modules (the module's
    /// time in `render::render_module_streamed` less `format`).
    pub emit: f64,
    /// `render::format` (`syn::parse2` + prettyplease) of every part, summed over the modules,
    /// and `render::render_index`. Emit and format alternate part by part, as in
    /// `render::render_each` (the header and the doc text put back count in `emit`).
    pub format: f64,
    /// Writing into an empty folder: `files::Transaction::stage` of each file as soon as it is
    /// formatted (temporary file, synced), summed, and the `commit` (renames) at the end.
    pub write: f64,
    /// Not part of the total: `format` again, split into the syntax trees (`syn::parse2` of the
    /// parts emitted again, slots filled) ...
    pub format_parse: f64,
    /// ... and `prettyplease::unparse`.
    pub format_print: f64,
    /// Wall seconds of emit + format on this thread (the timed loop above).
    pub render_wall: f64,
    /// Not part of the total: wall seconds of `render::render` again, on every core (after
    /// the first run), and its thread count.
    pub render_wall_parallel: f64,
    /// CPU seconds of that `render::render`, all threads together.
    pub render_cpu_parallel: f64,
    pub render_threads: usize,
}

impl Phases {
    /// The in-memory pipeline (`generate()`): analyse + diagnostics + emit + format.
    pub fn pipeline(&self) -> f64 {
        self.analyse() + self.diagnostics + self.emit + self.format
    }
    pub fn analyse(&self) -> f64 {
        self.lower + self.check
    }
    /// Pages on disk to files on disk.
    pub fn total(&self) -> f64 {
        self.load + self.pipeline() + self.write
    }
    /// What this design would still cost with emitting tokens and `syn::parse2` free:
    /// reading the pages, the passes, the diagnostics, prettyplease (its share of `format`,
    /// from the split of a run after the first; `None` without it) and writing. A bound on
    /// generation speed at the current output per operation, whatever builds the syntax trees.
    pub fn without_tokens(&self) -> Option<f64> {
        let split = self.format_parse + self.format_print;
        (split > 0.0).then(|| {
            self.load + self.analyse() + self.diagnostics + self.format * self.format_print / split + self.write
        })
    }
}

/// What a child reports for one size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunReport {
    pub n: usize,
    pub runs: Vec<Phases>,
    pub files: usize,
    pub output_bytes: usize,
    pub output_lines: usize,
    pub warnings: usize,
    /// Peak resident set of the child, KiB (VmHWM), after the first run (the later runs also
    /// re-parse tokens to split `format`).
    pub vm_hwm_kib: Option<u64>,
    /// VmHWM after each phase of the first run: (phase, KiB).
    pub hwm_by_phase: Vec<(String, u64)>,
}

/// Runs the pipeline `runs` times on the specs under `specs`, writing into `out`.
/// Fails when the specs have errors.
pub fn run_phases(specs: &Path, out: &Path, n: usize, runs: usize) -> Result<RunReport, String> {
    let mut report = RunReport {
        n,
        runs: Vec::new(),
        files: 0,
        output_bytes: 0,
        output_lines: 0,
        warnings: 0,
        vm_hwm_kib: None,
        hwm_by_phase: Vec::new(),
    };
    for run in 0..runs.max(1) {
        let mut mark = |phase: &str| {
            if run == 0 {
                report.hwm_by_phase.push((phase.to_owned(), vm_hwm_kib().unwrap_or(0)));
            }
        };
        mark("start");
        let mut p = Phases::default();
        let wall = Instant::now();
        let t = Stopwatch::start();
        let files = source::load_dir(specs).map_err(|e| format!("{}: {e}", specs.display()))?;
        p.load = t.cpu();
        mark("load");

        // `cloudpage_codegen::analyse` is exactly these three steps.
        let t = Stopwatch::start();
        let mut diags = Diagnostics::new();
        let mut specs = cloudpage_codegen::lower::lower(&files, &mut diags);
        p.lower = t.cpu();
        mark("parse + lower");
        let t = Stopwatch::start();
        cloudpage_codegen::check::check(&mut specs, &mut diags);
        let api = cloudpage_codegen::resolve::resolve(specs, &mut diags);
        p.check = t.cpu();
        if n == 0 {
            // The specs as they are (not replicated): the operations they hold.
            report.n = api.clouds.iter().flat_map(|c| &c.services).map(|s| s.operations.len()).sum();
        }
        mark("check + resolve");

        let t = Stopwatch::start();
        let rendered = diags.render(&files);
        p.diagnostics = t.cpu();
        mark("diagnostics");
        if diags.has_errors() {
            let errors: String = rendered.lines().filter(|l| l.starts_with("error")).take(5).collect::<Vec<_>>().join("\n");
            return Err(format!("the replicated specs have errors:\n{errors}"));
        }
        // As the CLI: the warnings are printed, then the pages' text goes (the IR owns what the
        // files need).
        std::hint::black_box(&rendered);
        drop((rendered, files));

        // `cloudpage_codegen::write_each`, one module at a time on this thread, with emit,
        // format and staging timed apart: each file is staged (written to a synced temporary
        // file beside its place) as soon as it is formatted, and its text dropped; the renames
        // come at the end.
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        crate_skeleton(out)?;
        let plan = emit::plan(&api, &Layout::Crate);
        let render_wall = Instant::now();
        let mut transaction = files::Transaction::new(out);
        let mut digests = Vec::with_capacity(plan.clouds.len() + plan.services.len() + 2);
        let (mut output_bytes, mut output_lines) = (0, 0);
        let mut stage = |file: cloudpage_codegen::GeneratedFile, p: &mut Phases| -> Result<(), String> {
            output_bytes += file.contents.len();
            output_lines += file.contents.lines().count();
            digests.push(digest(&file));
            let t = Stopwatch::start();
            transaction.stage(&file).map_err(|e| e.to_string())?;
            p.write += t.cpu();
            Ok(())
        };
        for (name, module) in plan.modules() {
            // As `render::render_each` does it: each part's tokens formatted as soon as they
            // are emitted; the clock around `render::format_part` tells formatting from emitting.
            let mut format = 0.0;
            let t = Stopwatch::start();
            let file = render::render_module_streamed_with(name, module, &Layout::Crate, |part, path| {
                let t = Stopwatch::start();
                let text = render::format_part(part, path);
                format += t.cpu();
                text
            })
            .map_err(|e| e.to_string())?;
            let all = t.cpu();
            p.format += format;
            p.emit += all - format;
            stage(file, &mut p)?;
        }
        mark("emit + format + stage, per module");
        let t = Stopwatch::start();
        let index = render::render_index(&plan, &Layout::Crate).map_err(|e| e.to_string())?;
        p.format += t.cpu();
        for file in index {
            stage(file, &mut p)?;
        }
        p.render_wall = render_wall.elapsed().as_secs_f64();
        mark("index files");
        let t = Stopwatch::start();
        transaction.commit().map_err(|e| e.to_string())?;
        p.write += t.cpu();
        p.wall = wall.elapsed().as_secs_f64();
        mark("commit (renames)");

        // `render::render_each` as `write_each` runs it, on every core; same files, same order.
        if run > 0 {
            p.render_threads = std::thread::available_parallelism().map_or(1, usize::from);
            let (wall, cpu) = (Instant::now(), process_cpu());
            let mut parallel = Vec::with_capacity(digests.len());
            render::render_each(&api, &Layout::Crate, |file| {
                parallel.push(digest(&file));
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            p.render_wall_parallel = wall.elapsed().as_secs_f64();
            p.render_cpu_parallel = process_cpu() - cpu;
            if parallel != digests {
                return Err("render::render_each on several threads gave other files than one module at a time".into());
            }
        }

        // Split `format` (after the first run, so the peak memory is the pipeline's own),
        // on parts emitted again: the syntax tree of each (`syn::parse2`, slots filled), then
        // prettyplease.
        for (_, module) in plan.services.iter().filter(|_| run > 0) {
            for part in module.emit().parts {
                let t = Stopwatch::start();
                let file = part.into_file()?;
                p.format_parse += t.cpu();
                let t = Stopwatch::start();
                std::hint::black_box(prettyplease::unparse(&file));
                p.format_print += t.cpu();
            }
        }

        report.files = digests.len();
        report.output_bytes = output_bytes;
        report.output_lines = output_lines;
        report.warnings = diags.len();
        report.runs.push(p);
        drop(plan);
        drop(api);
        if run == 0 {
            report.vm_hwm_kib = vm_hwm_kib();
        }
    }
    Ok(report)
}

/// A hand-written `Cargo.toml` with the markers of every generated region (the crate's
/// `[features]`), as `generated/` has; the write fills the region in.
pub fn crate_skeleton(out: &Path) -> Result<(), String> {
    let region = render::FEATURES_REGION;
    let manifest = format!("[package]\nname = \"bench-out\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[features]\n{}\n{}\n", region.begin, region.end);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("{}: {e}", out.display()))
}

/// A file's path and a hash of its bytes: enough to compare two runs' output without keeping
/// it.
fn digest(file: &cloudpage_codegen::GeneratedFile) -> (String, u64) {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&file.path, &file.contents, file.region.map(|r| (r.begin, r.end))).hash(&mut hasher);
    (file.path.clone(), hasher.finish())
}

/// CPU seconds used by every thread of this process.
fn process_cpu() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_PROCESS_CPUTIME_ID is supported on Linux.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) } != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Peak resident set size of this process in KiB, from /proc/self/status.
pub fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Options of the codegen benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub runs: usize,
    pub ops_per_service: usize,
    pub work_dir: std::path::PathBuf,
    /// Run each size in a child process (the binary itself); in-process otherwise (tests).
    pub child: bool,
    /// Also time each template page alone.
    pub per_template: bool,
}

/// Figures the summary needs.
#[derive(Debug, Clone)]
pub struct Summary {
    pub largest_n: usize,
    pub ops_per_sec_largest: f64,
    pub ops_per_sec_wall_largest: f64,
    pub ops_per_sec_min: f64,
    pub per_op_ratio_max: f64,
    pub vm_hwm_kib_largest: Option<u64>,
    pub vm_hwm_kib_smallest: Option<u64>,
    pub smallest_n: usize,
    /// The whole process as the CLI at the largest N (`gen-once`): its peak resident set (KiB,
    /// the largest over its runs) and median ops/s of CPU time (every thread).
    pub cli_maxrss_kib_largest: Option<u64>,
    pub cli_ops_per_sec_largest: Option<f64>,
    /// Ops/s at the largest N if emitting tokens and re-parsing them were free
    /// ([`Phases::without_tokens`], median over the runs after the first).
    pub bound_ops_per_sec_largest: Option<f64>,
    /// Output code lines per operation at the largest N.
    pub lines_per_op_largest: f64,
}

pub fn bench(corpus: &Corpus, opts: &Options) -> Result<Summary, String> {
    println!("## Codegen throughput\n");
    println!(
        "{} template pages (specs/ + tests/corpus/), replicated under new action names; at most {} operations per service.",
        corpus.templates.len(),
        opts.ops_per_service
    );
    for (origin, reason) in &corpus.excluded {
        println!("left out: {origin} ({reason})");
    }
    println!();
    let mut reports: Vec<(Tree, RunReport, Vec<ChildCost>)> = Vec::new();
    for &n in &opts.sizes {
        let tree = corpus.replicate(n, opts.ops_per_service);
        let dir = opts.work_dir.join(format!("codegen/n{n}"));
        let specs = dir.join("specs");
        let out = dir.join("out");
        tree.write(&specs).map_err(|e| format!("{}: {e}", specs.display()))?;
        let runs = if n >= 10_000 { opts.runs.clamp(1, 3) } else { opts.runs };
        let report = if opts.child {
            run_child(&specs, &out, n, runs)?
        } else {
            run_phases(&specs, &out, n, runs)?
        };
        eprintln!(
            "codegen n={n}: {} runs, median {} total",
            report.runs.len(),
            fmt_ms(median(report.runs.iter().map(Phases::total)))
        );
        let cli = if opts.child { run_cli(&specs, &dir.join("cli-out"), runs)? } else { Vec::new() };
        reports.push((tree, report, cli));
    }

    let med = |r: &RunReport, f: fn(&Phases) -> f64| median(r.runs.iter().map(f));
    // The real whole-service specs as checked in, beside the replicated trees: the same
    // pages a user generates, with their real mix of sizes and services.
    let real_specs = crate::corpus::repo_root().join("specs");
    let real_out = opts.work_dir.join("codegen/specs-out");
    let real = if opts.child { run_child(&real_specs, &real_out, 0, opts.runs)? } else { run_phases(&real_specs, &real_out, 0, opts.runs)? };
    let real_cli = if opts.child { run_cli(&real_specs, &opts.work_dir.join("codegen/specs-cli-out"), opts.runs)? } else { Vec::new() };
    let real_total = med(&real, Phases::total);
    println!(
        "specs/ as checked in: {} operations, {} CPU ms ({:.0} ops/s, {:.0} us/op), wall {} ms, {:.0} output lines/op, peak RSS {} MiB\n",
        real.n,
        fmt_ms(real_total),
        real.n as f64 / real_total,
        real_total * 1e6 / real.n.max(1) as f64,
        fmt_ms(med(&real, |p| p.wall)),
        real.output_lines as f64 / real.n.max(1) as f64,
        real.vm_hwm_kib.map(|k| format!("{:.0}", k as f64 / 1024.0)).unwrap_or_else(|| "-".into()),
    );
    println!(
        "Whole process as the CLI runs it (`gen-once` children: list the folder, then one service folder at a time on every core, each file staged, renamed at the end; a fresh output folder each run). CPU is the child's user + system time (every thread), from `wait4`; peak memory the child's own VmHWM at its end (its whole-process peak; `wait4`'s `ru_maxrss` would be this process's, which holds the replicated tree), the largest over the runs.\n"
    );
    let mut t = Table::new(&["N ops", "runs", "CPU ms", "wall ms", "ops/s (CPU, all threads)", "ops/s (wall)", "peak RSS MiB (VmHWM)"]);
    let cli_rows = reports.iter().map(|(_, r, cli)| (r.n.to_string(), r.n, cli)).chain([(format!("specs/ ({})", real.n), real.n, &real_cli)]);
    for (label, n, cli) in cli_rows {
        let (cpu, wall) = (median(cli.iter().map(|c| c.cpu)), median(cli.iter().map(|c| c.wall)));
        t.row(if cli.is_empty() {
            vec![label, "0".into(), "-".into(), "-".into(), "-".into(), "-".into(), "-".into()]
        } else {
            vec![
                label,
                cli.len().to_string(),
                fmt_ms(cpu),
                fmt_ms(wall),
                format!("{:.0}", n as f64 / cpu),
                format!("{:.0}", n as f64 / wall),
                format!("{:.0}", cli.iter().map(|c| c.maxrss_kib).max().unwrap_or(0) as f64 / 1024.0),
            ]
        });
    }
    t.print();
    println!("\nThe whole-API path, one thread, phase by phase (`codegen-run`):\n");
    let base_per_op = reports.first().map(|(_, r, _)| med(r, Phases::total) / r.n.max(1) as f64).unwrap_or(0.0);
    let first_n = reports.first().map(|(_, r, _)| r.n).unwrap_or(0);
    let mut t = Table::new(&[
        "N ops".to_owned(),
        "services".to_owned(),
        "input KiB/op".to_owned(),
        "CPU ms".to_owned(),
        "wall ms".to_owned(),
        "ops/s (CPU, one core)".to_owned(),
        "ops/s (wall)".to_owned(),
        "ops/s (in-memory, CPU)".to_owned(),
        "us/op".to_owned(),
        format!("us/op vs N={first_n}"),
        "out lines/op".to_owned(),
        "peak RSS MiB (VmHWM, whole-API path)".to_owned(),
    ]);
    let mut ops_min = f64::INFINITY;
    let mut ratio_max: f64 = 0.0;
    for (tree, r, _) in &reports {
        let total = med(r, Phases::total);
        let pipeline = med(r, Phases::pipeline);
        let per_op = total / r.n.max(1) as f64;
        let ratio = if base_per_op > 0.0 { per_op / base_per_op } else { 0.0 };
        ops_min = ops_min.min(r.n as f64 / total);
        ratio_max = ratio_max.max(ratio);
        t.row(vec![
            r.n.to_string(),
            tree.services.to_string(),
            format!("{:.1}", tree.input_bytes as f64 / 1024.0 / r.n.max(1) as f64),
            fmt_ms(total),
            fmt_ms(med(r, |p| p.wall)),
            format!("{:.0}", r.n as f64 / total),
            format!("{:.0}", r.n as f64 / med(r, |p| p.wall)),
            format!("{:.0}", r.n as f64 / pipeline),
            format!("{:.0}", per_op * 1e6),
            format!("{ratio:.2}"),
            format!("{:.0}", r.output_lines as f64 / r.n.max(1) as f64),
            r.vm_hwm_kib.map(|k| format!("{:.0}", k as f64 / 1024.0)).unwrap_or_else(|| "-".into()),
        ]);
    }
    t.print();

    println!("\nWhere the time goes (median CPU ms per phase; share of the total):\n");
    let mut t = Table::new(&[
        "N ops",
        "load",
        "parse + lower",
        "check + resolve",
        "diagnostics",
        "emit (tokens)",
        "format: render::render",
        "(of which syn::parse2 / prettyplease)",
        "write",
    ]);
    for (_, r, _) in &reports {
        let total = med(r, Phases::total);
        let cell = |v: f64| format!("{} ({:.0}%)", fmt_ms(v), v / total * 100.0);
        t.row(vec![
            r.n.to_string(),
            cell(med(r, |p| p.load)),
            cell(med(r, |p| p.lower)),
            cell(med(r, |p| p.check)),
            cell(med(r, |p| p.diagnostics)),
            cell(med(r, |p| p.emit)),
            cell(med(r, |p| p.format)),
            format!(
                "{} / {}",
                fmt_ms(median(r.runs.iter().skip(1).map(|p| p.format_parse))),
                fmt_ms(median(r.runs.iter().skip(1).map(|p| p.format_print)))
            ),
            cell(med(r, |p| p.write)),
        ]);
    }
    t.print();
    println!("\nPer operation (CPU us/op, median):\n");
    let mut t = Table::new(&["N ops", "load", "parse + lower", "check + resolve", "diagnostics", "emit", "format", "write", "total"]);
    for (_, r, _) in &reports {
        let per_op = |f: fn(&Phases) -> f64| format!("{:.0}", med(r, f) * 1e6 / r.n.max(1) as f64);
        t.row(vec![
            r.n.to_string(),
            per_op(|p| p.load),
            per_op(|p| p.lower),
            per_op(|p| p.check),
            per_op(|p| p.diagnostics),
            per_op(|p| p.emit),
            per_op(|p| p.format),
            per_op(|p| p.write),
            per_op(Phases::total),
        ]);
    }
    t.print();
    println!("\nEmit + format: one module at a time on one thread, and `render::render` on every core (median of the runs after the first; wall time gains need idle cores):\n");
    let mut t = Table::new(&["N ops", "one thread: wall ms", "every core: wall ms", "every core: CPU ms, all threads", "threads", "wall speed-up"]);
    for (_, r, _) in &reports {
        let one = med(r, |p| p.render_wall);
        let par = median(r.runs.iter().skip(1).map(|p| p.render_wall_parallel));
        t.row(vec![
            r.n.to_string(),
            fmt_ms(one),
            fmt_ms(par),
            fmt_ms(median(r.runs.iter().skip(1).map(|p| p.render_cpu_parallel))),
            r.runs.iter().map(|p| p.render_threads).max().unwrap_or(0).to_string(),
            if par > 0.0 { format!("{:.2}x", one / par) } else { "-".into() },
        ]);
    }
    t.print();
    if let Some((_, r, _)) = reports.last()
        && !r.hwm_by_phase.is_empty()
    {
        println!("\nPeak memory (VmHWM) after each phase of the first run at N = {}:\n", r.n);
        let mut t = Table::new(&["after", "VmHWM MiB", "growth MiB", "KiB per op"]);
        let mut prev = 0u64;
        for (phase, kib) in &r.hwm_by_phase {
            t.row(vec![
                phase.clone(),
                format!("{:.0}", *kib as f64 / 1024.0),
                format!("{:.0}", kib.saturating_sub(prev) as f64 / 1024.0),
                format!("{:.1}", kib.saturating_sub(prev) as f64 / r.n.max(1) as f64),
            ]);
            prev = *kib;
        }
        t.print();
    }
    if opts.per_template {
        per_template(corpus, 3, 10)?;
    }
    println!();
    let (first, last) = (&reports.first().ok_or("no sizes")?.1, &reports.last().ok_or("no sizes")?.1);
    let last_cli = &reports.last().ok_or("no sizes")?.2;
    Ok(Summary {
        largest_n: last.n,
        ops_per_sec_largest: last.n as f64 / med(last, Phases::total),
        ops_per_sec_wall_largest: last.n as f64 / med(last, |p| p.wall),
        ops_per_sec_min: ops_min,
        per_op_ratio_max: ratio_max,
        vm_hwm_kib_largest: last.vm_hwm_kib,
        vm_hwm_kib_smallest: first.vm_hwm_kib,
        smallest_n: first.n,
        cli_maxrss_kib_largest: last_cli.iter().map(|c| c.maxrss_kib).max(),
        cli_ops_per_sec_largest: (!last_cli.is_empty()).then(|| last.n as f64 / median(last_cli.iter().map(|c| c.cpu))),
        bound_ops_per_sec_largest: {
            let bounds: Vec<f64> = last.runs.iter().filter_map(Phases::without_tokens).collect();
            (!bounds.is_empty()).then(|| last.n as f64 / median(bounds))
        },
        lines_per_op_largest: last.output_lines as f64 / last.n.max(1) as f64,
    })
}

/// In-process median seconds of (analyse, emit, format) for a tree, over `runs` runs.
fn phases_in_memory(tree: &Tree, runs: usize) -> Result<(f64, f64, f64, usize), String> {
    let files = tree.source_files();
    let (mut a, mut e, mut f) = (Vec::new(), Vec::new(), Vec::new());
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let t = Stopwatch::start();
        let mut diags = Diagnostics::new();
        let api = cloudpage_codegen::analyse(&files, &mut diags);
        a.push(t.cpu());
        if diags.has_errors() {
            return Err("errors".into());
        }
        let plan = emit::plan(&api, &Layout::Crate);
        let (mut emit_s, mut format_s) = (0.0, 0.0);
        let mut out = Vec::new();
        for (name, module) in plan.modules() {
            let t = Stopwatch::start();
            let tokens = module.emit();
            emit_s += t.cpu();
            let t = Stopwatch::start();
            out.push(render::render_module(name, module, tokens, &Layout::Crate).map_err(|e| e.to_string())?);
            format_s += t.cpu();
        }
        let t = Stopwatch::start();
        out.extend(render::render_index(&plan, &Layout::Crate).map_err(|e| e.to_string())?);
        format_s += t.cpu();
        e.push(emit_s);
        f.push(format_s);
        lines = out.iter().filter(|g| g.path.ends_with(".rs") && !g.path.ends_with("lib.rs")).map(|g| g.contents.lines().count()).sum();
    }
    Ok((median(a), median(e), median(f), lines))
}

/// Cost of each template page on its own (its tree minus the same tree without the page),
/// the most expensive first.
pub fn per_template(corpus: &Corpus, runs: usize, top: usize) -> Result<(), String> {
    let mut rows = Vec::new();
    for (i, t) in corpus.templates.iter().enumerate() {
        let (a0, e0, f0, _) = phases_in_memory(&corpus.single(i, false), runs)?;
        let (a, e, f, lines) = phases_in_memory(&corpus.single(i, true), runs)?;
        rows.push((t.origin.clone(), t.text.len(), lines, (a - a0).max(0.0), (e - e0).max(0.0), (f - f0).max(0.0)));
    }
    let total = |r: &(String, usize, usize, f64, f64, f64)| r.3 + r.4 + r.5;
    let sum: f64 = rows.iter().map(total).sum();
    let bytes: usize = rows.iter().map(|r| r.1).sum();
    let lines: usize = rows.iter().map(|r| r.2).sum();
    rows.sort_by(|x, y| total(y).total_cmp(&total(x)));
    println!(
        "\nEach template page alone (CPU time; {} pages: {:.0} KiB in, {} lines out, {:.1} ms in all = {:.0} us per page on average, {:.0} ns per input byte); the {top} most expensive:\n",
        rows.len(),
        bytes as f64 / 1024.0,
        lines,
        sum * 1e3,
        sum * 1e6 / rows.len().max(1) as f64,
        sum * 1e9 / bytes.max(1) as f64
    );
    let mut t = Table::new(&["page", "KiB in", "lines out", "analyse ms", "emit ms", "format ms", "total ms", "share"]);
    for r in rows.iter().take(top) {
        t.row(vec![
            r.0.clone(),
            format!("{:.1}", r.1 as f64 / 1024.0),
            r.2.to_string(),
            format!("{:.2}", r.3 * 1e3),
            format!("{:.2}", r.4 * 1e3),
            format!("{:.2}", r.5 * 1e3),
            format!("{:.2}", total(r) * 1e3),
            format!("{:.0}%", total(r) / sum * 100.0),
        ]);
    }
    t.print();
    Ok(())
}

/// `runs` `gen-once` children (this binary) on `specs`, each writing into a fresh `out`: the
/// generator as the CLI runs it, measured as a whole process (peak memory: the child's own
/// VmHWM, see `peer::child`).
fn run_cli(specs: &Path, out: &Path, runs: usize) -> Result<Vec<ChildCost>, String> {
    let mut costs = Vec::new();
    for _ in 0..runs.max(1) {
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let (_, cost) = crate::peer::child(&["gen-once".as_ref(), "--specs".as_ref(), specs.as_os_str(), "--out".as_ref(), out.as_os_str()])?;
        eprintln!("codegen gen-once {}: {:.0} ms CPU, {:.0} ms wall, {} MiB", specs.display(), cost.cpu * 1e3, cost.wall * 1e3, cost.maxrss_kib / 1024);
        costs.push(cost);
    }
    let _ = std::fs::remove_dir_all(out);
    Ok(costs)
}

fn run_child(specs: &Path, out: &Path, n: usize, runs: usize) -> Result<RunReport, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = std::process::Command::new(exe)
        .arg("codegen-run")
        .arg("--specs")
        .arg(specs)
        .arg("--out")
        .arg(out)
        .arg("--n")
        .arg(n.to_string())
        .arg("--runs")
        .arg(runs.to_string())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("codegen-run n={n} failed: {}", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().rfind(|l| l.starts_with('{')).ok_or("codegen-run printed no report")?;
    serde_json::from_str(line).map_err(|e| e.to_string())
}
