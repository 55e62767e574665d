//! The pipeline one service folder at a time: each service's files are read, lowered,
//! checked, resolved, emitted and formatted, its module handed on, and then its pages, spec
//! tree and IR are dropped before the next service's, so the memory a run needs is bounded by
//! its largest services (one per thread), not by the whole API.
//!
//! It takes the same steps as the whole-API path (`lower::lower`, `check::check`,
//! `resolve::resolve`, `render::render_each`) and gives the same result: the same files in the
//! same order, and the same diagnostics in the same order. What is not a service's own is kept
//! aside and done around the services:
//!
//! - each cloud's `common.yaml` is read first (its errors resolved, its module made); a cloud
//!   folder without one reports it at the first operation of its first service that has one;
//! - the check that no two services of a cloud get one module name runs after the services,
//!   on their names;
//! - the crate index is made last, from what it reads of each service (`emit::outline`);
//! - every diagnostic is kept, with the source lines it points at (`diag::Quotes`), and put in
//!   the order the whole-API path makes them ([`Step`]);
//! - errors win: a run whose specs have an error returns them all ([`crate::Error::Specs`]),
//!   whatever was already handed on (a sink that stages files, `files::Transaction`, is dropped
//!   uncommitted then, so nothing is written); a file that cannot be read returns that error
//!   (the first one in path order), as reading every file first would.

use crate::check;
use crate::diag::{Diagnostics, Quotes};
use crate::emit::{self, Layout, Module};
use crate::ir;
use crate::lower::{self, Place};
use crate::names;
use crate::output::GeneratedFile;
use crate::render;
use crate::resolve;
use crate::source::{SourceFile, Span, SpecDir};
use crate::spec;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Spec files the pipeline reads one service folder at a time: their paths (relative to the
/// specs folder, `/`-separated) in the order the whole-API path would take them, and each
/// file's text when its folder's turn comes.
pub trait SpecFiles: Sync {
    fn count(&self) -> usize;
    fn path(&self, index: usize) -> &str;
    fn read(&self, index: usize) -> Result<Cow<'_, SourceFile>, crate::Error>;
}

/// Files in memory (tests, tools): nothing to read.
impl SpecFiles for [SourceFile] {
    fn count(&self) -> usize {
        self.len()
    }
    fn path(&self, index: usize) -> &str {
        &self[index].path
    }
    fn read(&self, index: usize) -> Result<Cow<'_, SourceFile>, crate::Error> {
        Ok(Cow::Borrowed(&self[index]))
    }
}

/// The same as the slice it holds.
impl SpecFiles for Vec<SourceFile> {
    fn count(&self) -> usize {
        self.as_slice().count()
    }
    fn path(&self, index: usize) -> &str {
        self.as_slice().path(index)
    }
    fn read(&self, index: usize) -> Result<Cow<'_, SourceFile>, crate::Error> {
        self.as_slice().read(index)
    }
}

/// A specs folder (`source::list_dir`): each file is read from disk when its turn comes. An
/// error names the folder, then the file (as `source::load_dir`'s would).
impl SpecFiles for SpecDir {
    fn count(&self) -> usize {
        self.paths().len()
    }
    fn path(&self, index: usize) -> &str {
        &self.paths()[index]
    }
    fn read(&self, index: usize) -> Result<Cow<'_, SourceFile>, crate::Error> {
        SpecDir::read(self, index).map(Cow::Owned).map_err(|source| crate::Error::Io { path: self.root().to_owned(), source })
    }
}

/// What a run one service folder at a time gave, when the specs could be read and have no
/// errors.
#[derive(Debug)]
pub struct Generated<T = ()> {
    /// The run's warnings, with the source lines they point at: [`Diagnostics::render`] shows
    /// them without the files.
    pub warnings: Diagnostics,
    /// The files: the first error of making or handing on one (a module that does not format,
    /// the sink's own), after which no file was handed on.
    pub files: Result<T, crate::Error>,
}

/// Where the whole-API path makes a diagnostic, in its order: `lower` reads every file (in the
/// order given), then merges each cloud folder (the cloud, then its services by folder name);
/// `check` and `resolve` go cloud by cloud (in `CloudKind` order), service by service.
/// Services analysed one at a time put their diagnostics at these places, and the report is
/// read in this order at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step<'a> {
    /// Reading the file at this index.
    Read(usize),
    /// Merging a cloud folder: the cloud itself (`None`), then a service folder.
    Merge(&'a str, Option<&'a str>),
    /// Checking a service (by folder name).
    Check(spec::CloudKind, &'a str),
    Resolve(spec::CloudKind, ResolveStep<'a>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ResolveStep<'a> {
    /// The cloud's common errors.
    Common,
    /// A service (by folder name).
    Service(&'a str),
    /// The check of the cloud's module names (`resolve::unique_modules`).
    Modules,
}

/// Every diagnostic of the run by where it was made, and the lines they point at.
#[derive(Default)]
struct Report<'a> {
    steps: BTreeMap<Step<'a>, Diagnostics>,
    quotes: Quotes,
    errors: bool,
}

impl<'a> Report<'a> {
    fn add(&mut self, step: Step<'a>, diags: Diagnostics) {
        if diags.is_empty() {
            return;
        }
        self.errors |= diags.has_errors();
        self.steps.entry(step).or_default().extend(diags);
    }

    /// The diagnostics in the whole-API path's order, with their lines.
    fn finish(self) -> Diagnostics {
        let mut all = Diagnostics::new();
        for (_, diags) in self.steps {
            all.extend(diags);
        }
        all.quote(self.quotes);
        all
    }
}

/// The files of a cloud folder (indexes, in the order given): its `common.yaml` (one, unless
/// files in memory repeat a path), and each service folder's.
#[derive(Default)]
struct CloudFolder<'a> {
    commons: Vec<usize>,
    services: BTreeMap<&'a str, Vec<usize>>,
}

/// A cloud folder, from its `common.yaml`.
enum CloudState {
    Ready(Box<ReadyCloud>),
    /// No `common.yaml` that reads: its services are read (for their diagnostics), not merged.
    Headless,
    /// A `common.yaml` that names another cloud or does not read (an error of its own): the
    /// same, without the error of a missing one.
    Refused,
}

/// What a cloud's services need of it.
struct ReadyCloud {
    kind: spec::CloudKind,
    finance_regions: Vec<String>,
    facts: resolve::CloudFacts,
    /// The cloud's IR without its services: what a service module reads of its cloud.
    ir: ir::Cloud,
}

/// One service folder and its files (indexes, in the order given).
struct Unit<'a> {
    cloud_dir: &'a str,
    service_dir: &'a str,
    files: &'a [usize],
    cloud: &'a CloudState,
}

/// What one service folder gave.
struct Done<'a> {
    cloud_dir: &'a str,
    service_dir: &'a str,
    steps: Vec<(Step<'a>, Diagnostics)>,
    quotes: Quotes,
    /// The first of its files that could not be read (nothing else was done then).
    unreadable: Option<(usize, crate::Error)>,
    /// In a cloud folder without `common.yaml`: the error at this folder's first operation,
    /// the cloud's if no folder before it (by name) has one.
    no_common: Option<Diagnostics>,
    /// The service as resolved: what the module-name check and the index need.
    resolved: Option<Resolved>,
    /// Its module's file, when the service has no errors and the run had none when it was made.
    file: Option<Result<GeneratedFile, crate::Error>>,
}

struct Resolved {
    /// Where the module-name check points: the merged service's span.
    span: Span,
    /// What the index reads of the service (`emit::outline`), its module name and source
    /// folder among it.
    outline: ir::Service,
}

/// The whole pipeline over `specs`, one service folder at a time on up to `threads` threads:
/// each module's file is handed to `sink` (on the calling thread) as soon as it is formatted,
/// in the whole-API path's order (cloud modules, services by module name, the index files).
///
/// Returns [`crate::Error::Specs`] with every diagnostic when the specs have an error, and the
/// error of the first file (in the order given) that cannot be read; files handed on before
/// that was known are the caller's to discard. Otherwise the warnings, and how the files went.
pub fn generate_each(
    specs: &(impl SpecFiles + ?Sized),
    layout: &Layout,
    threads: usize,
    mut sink: impl FnMut(GeneratedFile) -> Result<(), crate::Error>,
) -> Result<Generated, crate::Error> {
    // Which folder each file is in, from its path alone.
    let mut clouds: BTreeMap<&str, CloudFolder<'_>> = BTreeMap::new();
    let mut elsewhere = Vec::new();
    for index in 0..specs.count() {
        match lower::place(specs.path(index)) {
            Place::Common { cloud } => clouds.entry(cloud).or_default().commons.push(index),
            Place::Service { cloud, service } => clouds.entry(cloud).or_default().services.entry(service).or_default().push(index),
            Place::Elsewhere => elsewhere.push(index),
        }
    }
    let mut report = Report::default();
    let mut unreadable: Option<(usize, crate::Error)> = None;

    // Files in no spec location: read, for their warning (an error when no file is placed).
    let none_placed = clouds.is_empty();
    for &index in &elsewhere {
        match specs.read(index) {
            Ok(file) => {
                let mut diags = Diagnostics::new();
                lower::misplaced(&file, none_placed, &mut diags);
                report.quotes.keep_for(&diags, only(&file));
                report.add(Step::Read(index), diags);
            }
            Err(err) => first_unreadable(&mut unreadable, index, err),
        }
    }

    // Each cloud's common.yaml: what its services need of it.
    let mut states: BTreeMap<&str, CloudState> = BTreeMap::new();
    for (&cloud_dir, folder) in &clouds {
        let mut common = None;
        for &index in &folder.commons {
            let file = match specs.read(index) {
                Ok(file) => file,
                Err(err) => {
                    first_unreadable(&mut unreadable, index, err);
                    continue;
                }
            };
            let mut diags = Diagnostics::new();
            let read = lower::read_common(&file, &mut diags);
            report.quotes.keep_for(&diags, only(&file));
            report.add(Step::Read(index), diags);
            if let Some(read) = read {
                common = Some((read, file));
            }
        }
        let Some((common, file)) = common else {
            // A common.yaml that is there but does not read has its own error already: its
            // services are not merged, and no second error says it is missing.
            let state = if folder.commons.is_empty() { CloudState::Headless } else { CloudState::Refused };
            states.insert(cloud_dir, state);
            continue;
        };
        let mut diags = Diagnostics::new();
        let Some(cloud) = lower::cloud(cloud_dir, common, &mut diags) else {
            report.quotes.keep_for(&diags, only(&file));
            report.add(Step::Merge(cloud_dir, None), diags);
            states.insert(cloud_dir, CloudState::Refused);
            continue;
        };
        let (kind, finance_regions) = (cloud.kind, check::finance_regions(&cloud));
        let (ir, facts) = resolve::cloud(cloud, &mut diags);
        report.quotes.keep_for(&diags, only(&file));
        report.add(Step::Resolve(kind, ResolveStep::Common), diags);
        states.insert(cloud_dir, CloudState::Ready(Box::new(ReadyCloud { kind, finance_regions, facts, ir })));
    }

    // The cloud modules first, as the whole-API path orders them (by module name: a ready
    // cloud's folder is its module's name).
    let mut generated: Result<(), crate::Error> = Ok(());
    if unreadable.is_none() && !report.errors {
        for state in states.values() {
            if let CloudState::Ready(cloud) = state {
                generated = render::render_module_streamed(&cloud.ir.module, &Module::cloud(&cloud.ir), layout).and_then(&mut sink);
                if generated.is_err() {
                    break;
                }
            }
        }
    }

    // The services, in the order of their modules (a folder's module when the specs have no
    // errors: its cloud's and its own name; with errors nothing is kept, so any order would do).
    let mut units: Vec<(String, Unit<'_>)> = Vec::new();
    for (&cloud_dir, folder) in &clouds {
        for (&service_dir, files) in &folder.services {
            let unit = Unit { cloud_dir, service_dir, files, cloud: &states[&cloud_dir] };
            units.push((names::service_module(cloud_dir, service_dir), unit));
        }
    }
    units.sort_by(|(a, x), (b, y)| (a, x.cloud_dir, x.service_dir).cmp(&(b, y.cloud_dir, y.service_dir)));
    // Set once anything makes the run fail: no module is made after that.
    let failed = AtomicBool::new(unreadable.is_some() || report.errors || generated.is_err());
    // Set once a file cannot be read: the run ends with that error, so the other folders are
    // only read (to find the first such file), not analysed.
    let only_read = AtomicBool::new(unreadable.is_some());
    let mut no_common: BTreeMap<(&str, &str), Diagnostics> = BTreeMap::new();
    let mut resolved: BTreeMap<(&str, &str), Resolved> = BTreeMap::new();
    let taken = render::in_order(
        units.len(),
        threads,
        |i| service_folder(&units[i].1, specs, layout, &failed, &only_read),
        |done: Done<'_>| -> Result<(), std::convert::Infallible> {
            let folder = (done.cloud_dir, done.service_dir);
            if let Some((index, err)) = done.unreadable {
                first_unreadable(&mut unreadable, index, err);
                failed.store(true, Ordering::Relaxed);
            }
            for (step, diags) in done.steps {
                report.add(step, diags);
            }
            report.quotes.extend(done.quotes);
            if report.errors {
                failed.store(true, Ordering::Relaxed);
            }
            if let Some(diags) = done.no_common {
                no_common.insert(folder, diags);
            }
            if let Some(service) = done.resolved {
                resolved.insert(folder, service);
            }
            match done.file {
                Some(Ok(file)) if generated.is_ok() && !failed.load(Ordering::Relaxed) => generated = sink(file),
                Some(Err(err)) if generated.is_ok() => generated = Err(err),
                _ => {}
            }
            if generated.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            Ok(())
        },
    );
    if let Err(never) = taken {
        match never {}
    }

    // What needs every service of a cloud: the error of a cloud folder without common.yaml (at
    // its first service, by name, with an operation), and the module-name check.
    for (&cloud_dir, state) in &states {
        match state {
            CloudState::Headless => {
                let first = no_common.range((cloud_dir, "")..).next().map(|(&folder, _)| folder).filter(|(c, _)| *c == cloud_dir);
                if let Some(diags) = first.and_then(|folder| no_common.remove(&folder)) {
                    report.add(Step::Merge(cloud_dir, None), diags);
                }
            }
            CloudState::Refused => {}
            CloudState::Ready(cloud) => {
                let services = resolved.range((cloud_dir, "")..).take_while(|((c, _), _)| *c == cloud_dir);
                let mut diags = Diagnostics::new();
                resolve::unique_modules(services.map(|(_, s)| (s.outline.module.as_str(), s.outline.source.as_str(), &s.span)), &mut diags);
                report.add(Step::Resolve(cloud.kind, ResolveStep::Modules), diags);
            }
        }
    }
    if let Some((_, err)) = unreadable {
        return Err(err);
    }
    let diagnostics = report.finish();
    if diagnostics.has_errors() {
        return Err(crate::Error::Specs(diagnostics));
    }

    // The index last, from what it reads of each service.
    if generated.is_ok() {
        let mut api = ir::Api::default();
        for (&cloud_dir, state) in &states {
            let CloudState::Ready(cloud) = state else { continue };
            let services = resolved.range((cloud_dir, "")..).take_while(|((c, _), _)| *c == cloud_dir);
            api.clouds.push(ir::Cloud { services: services.map(|(_, s)| s.outline.clone()).collect(), ..cloud.ir.clone() });
        }
        generated = render::render_index(&emit::plan(&api, layout), layout).and_then(|files| files.into_iter().try_for_each(&mut sink));
    }
    Ok(Generated { warnings: diagnostics, files: generated })
}

/// One service folder, from reading its files to its module's file (see [`Done`]); the pages
/// are dropped before the module is made, and the spec tree is consumed by `resolve`.
fn service_folder<'a>(
    unit: &Unit<'a>,
    specs: &(impl SpecFiles + ?Sized),
    layout: &Layout,
    failed: &AtomicBool,
    only_read: &AtomicBool,
) -> Done<'a> {
    let mut done = Done {
        cloud_dir: unit.cloud_dir,
        service_dir: unit.service_dir,
        steps: Vec::new(),
        quotes: Quotes::new(),
        unreadable: None,
        no_common: None,
        resolved: None,
        file: None,
    };
    let mut files = Vec::with_capacity(unit.files.len());
    for &index in unit.files {
        match specs.read(index) {
            Ok(file) => files.push((index, file)),
            Err(err) => {
                only_read.store(true, Ordering::Relaxed);
                done.unreadable = Some((index, err));
                return done;
            }
        }
    }
    if only_read.load(Ordering::Relaxed) {
        return done;
    }
    let by_path: BTreeMap<&str, &SourceFile> = files.iter().map(|(_, file)| (file.path.as_str(), &**file)).collect();
    let lookup = |path: &str| by_path.get(path).copied();
    let mut parts = lower::ServiceParts::default();
    for (index, file) in &files {
        let mut diags = Diagnostics::new();
        lower::read_service_file(&mut parts, file, &mut diags);
        done.steps.push((Step::Read(*index), diags));
    }
    let mut service = None;
    match unit.cloud {
        CloudState::Headless => {
            if let Some(first) = parts.first_operation() {
                let mut diags = Diagnostics::new();
                lower::no_common(unit.cloud_dir, first, &mut diags);
                done.quotes.keep_for(&diags, lookup);
                done.no_common = Some(diags);
            }
        }
        CloudState::Refused => {}
        CloudState::Ready(cloud) => {
            let mut diags = Diagnostics::new();
            let merged = lower::service(cloud.kind, unit.cloud_dir, unit.service_dir, parts, &mut diags);
            done.steps.push((Step::Merge(unit.cloud_dir, Some(unit.service_dir)), diags));
            if let Some(mut merged) = merged {
                let mut diags = Diagnostics::new();
                check::check_service(&mut merged, &cloud.finance_regions, &mut diags);
                done.steps.push((Step::Check(cloud.kind, unit.service_dir), diags));
                let span = merged.span.clone();
                // The module-name check, after every service, points here.
                if let Some(file) = lookup(&span.file) {
                    done.quotes.keep(file, span.line);
                }
                let mut diags = Diagnostics::new();
                let ir = resolve::service(&cloud.facts, merged, &mut diags);
                done.steps.push((Step::Resolve(cloud.kind, ResolveStep::Service(unit.service_dir)), diags));
                service = Some((cloud, ir, span));
            }
        }
    }
    for (_, diags) in &done.steps {
        done.quotes.keep_for(diags, lookup);
    }
    drop(by_path);
    drop(files);
    if let Some((cloud, ir, span)) = service {
        let errors = done.steps.iter().any(|(_, diags)| diags.has_errors());
        if !errors && !failed.load(Ordering::Relaxed) {
            done.file = Some(render::render_module_streamed(&ir.module, &Module::service(&cloud.ir, &ir, layout), layout));
        }
        done.resolved = Some(Resolved { span, outline: emit::outline(&ir) });
    }
    done
}

/// The lookup of [`Quotes::keep_for`] that finds `file` alone.
fn only<'a>(file: &'a SourceFile) -> impl Fn(&str) -> Option<&'a SourceFile> {
    move |path| (path == file.path).then_some(file)
}

/// Keeps the read error of the file that comes first.
fn first_unreadable(slot: &mut Option<(usize, crate::Error)>, index: usize, err: crate::Error) {
    if slot.as_ref().is_none_or(|(first, _)| index < *first) {
        *slot = Some((index, err));
    }
}
