//! Large generator inputs built by replicating real pages under new action names.
//!
//! Templates are every documentation page of `specs/` and of `tests/corpus/` (the 40 real
//! pages; their `.truth.json` files are not inputs). A template that does not import without
//! errors on its own (the legacy Chinese Batch page has no action name) is left out and listed.
//!
//! Operation `i` of a tree of `N` is template `order[i % T]`, copy `i / T`, renamed
//! `<Action>T<t>C<copy>` in the file name and everywhere in the page text. Templates are
//! ordered so that every prefix has about the corpus' mean page size, so N = 10 is not a set
//! of unusually small or large pages. Each operation lives in its template's
//! `<cloud>/<service>/` tree; a service holds at most `ops_per_service` operations, further
//! ones go to clones `<service>2`, `<service>3`, ... (same `service.yaml` but for the name),
//! the way a real cloud spreads thousands of operations over many services.

use cloudpage_codegen::diag::{Diagnostics, Severity};
use cloudpage_codegen::source::SourceFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One page to replicate.
#[derive(Debug, Clone)]
pub struct Template {
    pub cloud: String,
    pub service: String,
    pub action: String,
    /// `md` or `txt`.
    pub ext: String,
    pub text: String,
    /// Where it came from, relative to the repository root.
    pub origin: String,
}

/// The templates and the YAML every tree needs.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// In replication order.
    pub templates: Vec<Template>,
    /// Left out, with the reason.
    pub excluded: Vec<(String, String)>,
    /// `<cloud>` -> common.yaml text (from specs/).
    pub common: BTreeMap<String, String>,
    /// `(cloud, service)` -> service.yaml text.
    pub services: BTreeMap<(String, String), String>,
}

pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dirs(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn files(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned()
}

fn page(root: &Path, cloud: &str, service: &str, path: &Path) -> Option<Template> {
    let file = name(path);
    let (action, ext) = file.rsplit_once('.')?;
    if !matches!(ext, "md" | "txt") || action.contains('.') || action == "README" {
        return None;
    }
    Some(Template {
        cloud: cloud.to_owned(),
        service: service.to_owned(),
        action: action.to_owned(),
        ext: ext.to_owned(),
        text: read(path),
        origin: rel(root, path),
    })
}

/// A `service.yaml` for a corpus service that `specs/` does not have (Tencent CVM, Alibaba
/// ECS): the version is the corpus folder's, the domain the cloud's usual one.
fn synthetic_service_yaml(cloud: &str, service: &str, version: &str) -> String {
    let domain = match cloud {
        "tencent" => format!("{service}.tencentcloudapi.com"),
        _ => format!("{service}.aliyuncs.com"),
    };
    format!(
        "# Written by cloudpage-bench for a corpus service without a spec.\nservice: {service}\ntitle: {} (corpus)\nversion: \"{version}\"\nendpoints:\n  default: {domain}\n",
        service.to_uppercase()
    )
}

/// `service.yaml` without its top-level `paging:` block. Those entries are keyed by action
/// name, and every replicated page is renamed (`DescribeInvocationResultsTag3`), so they can
/// never apply to a replica; kept, they name an action a one-page tree does not have, which is
/// an error, and the whole service's pages would be left out of the corpus.
fn without_paging_overrides(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut in_paging = false;
    for line in yaml.lines() {
        let top_level = !line.starts_with([' ', '\t', '#']) && !line.is_empty();
        if top_level {
            in_paging = line.starts_with("paging:");
        }
        if !in_paging {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The service.yaml text for a clone named `clone` of a service.
fn rename_service(yaml: &str, clone: &str) -> String {
    yaml.lines()
        .map(|l| if l.starts_with("service:") { format!("service: {clone}") } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

impl Corpus {
    /// Reads specs/ and tests/corpus/ under `root`; keeps the pages that import cleanly.
    pub fn load(root: &Path) -> Corpus {
        Corpus::load_with(root, true)
    }

    /// [`Corpus::load`], optionally without importing each page first (faster, for tests).
    pub fn load_with(root: &Path, check_pages: bool) -> Corpus {
        let mut templates = Vec::new();
        let mut common = BTreeMap::new();
        let mut services = BTreeMap::new();
        let specs = root.join("specs");
        for cloud_dir in dirs(&specs) {
            let cloud = name(&cloud_dir);
            common.insert(cloud.clone(), read(&cloud_dir.join("common.yaml")));
            for service_dir in dirs(&cloud_dir) {
                let service = name(&service_dir);
                let yaml = without_paging_overrides(&read(&service_dir.join("service.yaml")));
                services.insert((cloud.clone(), service.clone()), yaml);
                templates.extend(files(&service_dir).iter().filter_map(|p| page(root, &cloud, &service, p)));
            }
        }
        let corpus = root.join("tests/corpus");
        for cloud_dir in dirs(&corpus) {
            let cloud = name(&cloud_dir);
            for service_dir in dirs(&cloud_dir) {
                let service = name(&service_dir);
                for version_dir in dirs(&service_dir) {
                    let version = name(&version_dir);
                    services
                        .entry((cloud.clone(), service.clone()))
                        .or_insert_with(|| synthetic_service_yaml(&cloud, &service, &version));
                    let mut stack = vec![version_dir];
                    while let Some(dir) = stack.pop() {
                        templates.extend(files(&dir).iter().filter_map(|p| page(root, &cloud, &service, p)));
                        stack.extend(dirs(&dir));
                    }
                }
            }
        }
        // specs/ may hold copies of corpus pages: keep one template per distinct page text.
        let mut seen = std::collections::BTreeSet::new();
        templates.retain(|t| seen.insert(t.text.clone()));
        let mut corpus = Corpus { templates: Vec::new(), excluded: Vec::new(), common, services };
        // Keep the templates that import cleanly on their own.
        for template in templates {
            if !check_pages {
                corpus.templates.push(template);
                continue;
            }
            let files = corpus.tree_files(std::slice::from_ref(&template), 0, "Solo");
            let mut diags = Diagnostics::new();
            let _ = cloudpage_codegen::analyse(&files, &mut diags);
            if diags.has_errors() {
                let reason = diags
                    .sorted()
                    .into_iter()
                    .find(|d| d.severity == Severity::Error)
                    .map(|d| format!("{}:{}: {}", d.span.file, d.span.line, d.message))
                    .unwrap_or_else(|| "errors".into());
                corpus.excluded.push((template.origin.clone(), reason));
            } else {
                corpus.templates.push(template);
            }
        }
        corpus.templates = stratify(std::mem::take(&mut corpus.templates));
        corpus
    }

    /// Spec files of a tree holding `templates` renamed with `tag` (no service clones).
    fn tree_files(&self, templates: &[Template], copy: usize, tag: &str) -> Vec<SourceFile> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for t in templates {
            if seen.insert(t.cloud.clone()) {
                out.push(SourceFile::new(format!("{}/common.yaml", t.cloud), self.common[&t.cloud].clone()));
            }
            if seen.insert(format!("{}/{}", t.cloud, t.service)) {
                let yaml = self.services[&(t.cloud.clone(), t.service.clone())].clone();
                out.push(SourceFile::new(format!("{}/{}/service.yaml", t.cloud, t.service), yaml));
            }
            let action = format!("{}{tag}{copy}", t.action);
            out.push(SourceFile::new(
                format!("{}/{}/{action}.{}", t.cloud, t.service, t.ext),
                t.text.replace(&t.action, &action),
            ));
        }
        out
    }

    /// The spec files of a tree of `n` operations (paths relative to the specs root, sorted
    /// like `source::load_dir` sorts them).
    pub fn replicate(&self, n: usize, ops_per_service: usize) -> Tree {
        let t = self.templates.len();
        assert!(t > 0, "no usable template pages");
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        let mut per_service: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut services = std::collections::BTreeSet::new();
        let mut input_bytes = 0usize;
        for i in 0..n {
            let (index, copy) = (i % t, i / t);
            let template = &self.templates[index];
            let key = (template.cloud.clone(), template.service.clone());
            let count = per_service.entry(key.clone()).or_default();
            let clone = *count / ops_per_service.max(1);
            *count += 1;
            let service = if clone == 0 { template.service.clone() } else { format!("{}{}", template.service, clone + 1) };
            let dir = format!("{}/{service}", template.cloud);
            if services.insert(dir.clone()) {
                files.insert(format!("{}/common.yaml", template.cloud), self.common[&template.cloud].clone());
                files.insert(format!("{dir}/service.yaml"), rename_service(&self.services[&key], &service));
            }
            let action = format!("{}T{index}C{copy}", template.action);
            let text = template.text.replace(&template.action, &action);
            input_bytes += text.len();
            files.insert(format!("{dir}/{action}.{}", template.ext), text);
        }
        if n == 0 {
            // A tree with no operation: the generator still writes a crate (lib.rs only).
            for (cloud, text) in &self.common {
                files.insert(format!("{cloud}/common.yaml"), text.clone());
            }
        }
        Tree { n, services: services.len(), input_bytes, files }
    }
}

impl Corpus {
    /// A tree with template `index` alone (one operation), or with none of its page when
    /// `page` is false (its cloud's and service's YAML only).
    pub fn single(&self, index: usize, page: bool) -> Tree {
        let t = &self.templates[index];
        let mut files = BTreeMap::new();
        files.insert(format!("{}/common.yaml", t.cloud), self.common[&t.cloud].clone());
        files.insert(format!("{}/{}/service.yaml", t.cloud, t.service), self.services[&(t.cloud.clone(), t.service.clone())].clone());
        let mut input_bytes = 0;
        if page {
            files.insert(format!("{}/{}/{}.{}", t.cloud, t.service, t.action, t.ext), t.text.clone());
            input_bytes = t.text.len();
        }
        Tree { n: usize::from(page), services: 1, input_bytes, files }
    }
}

/// Orders templates so that every prefix's mean size stays close to the overall mean: at each
/// step, the template that brings the running mean closest to it.
fn stratify(mut rest: Vec<Template>) -> Vec<Template> {
    if rest.is_empty() {
        return rest;
    }
    rest.sort_by(|a, b| a.origin.cmp(&b.origin));
    let mean = rest.iter().map(|t| t.text.len() as f64).sum::<f64>() / rest.len() as f64;
    let mut out: Vec<Template> = Vec::with_capacity(rest.len());
    let mut sum = 0.0;
    while !rest.is_empty() {
        let k = (out.len() + 1) as f64;
        let best = (0..rest.len())
            .min_by(|&a, &b| {
                let da = ((sum + rest[a].text.len() as f64) / k - mean).abs();
                let db = ((sum + rest[b].text.len() as f64) / k - mean).abs();
                da.total_cmp(&db)
            })
            .unwrap_or(0);
        let chosen = rest.remove(best);
        sum += chosen.text.len() as f64;
        out.push(chosen);
    }
    out
}

/// A replicated spec tree, in memory.
#[derive(Debug, Clone)]
pub struct Tree {
    pub n: usize,
    pub services: usize,
    /// Bytes of page text (YAML not counted).
    pub input_bytes: usize,
    /// Relative path -> text.
    pub files: BTreeMap<String, String>,
}

impl Tree {
    pub fn source_files(&self) -> Vec<SourceFile> {
        self.files.iter().map(|(p, t)| SourceFile::new(p.clone(), t.clone())).collect()
    }

    /// Writes the tree under `dir` (emptied first).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        for (path, text) in &self.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paging_overrides_are_dropped_from_replicated_services() {
        let yaml = "service: ecs\nversion: \"2014-05-26\"\n# Paging ...\npaging:\n  DescribeX:\n    scheme: page_number\n\n    items: A.B\nendpoints:\n  default: ecs.aliyuncs.com\n";
        assert_eq!(
            super::without_paging_overrides(yaml),
            "service: ecs\nversion: \"2014-05-26\"\n# Paging ...\nendpoints:\n  default: ecs.aliyuncs.com\n"
        );
    }
}
