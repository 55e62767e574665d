//! Fidelity of the page importer against real documentation pages with machine-readable
//! truth (`tests/corpus/`, see its README): every corpus page is imported and compared with
//! its `.truth.json`: request and response fields (wire name, type, required, array or not,
//! nested model fields), the page's error codes, and the version and endpoint where the page
//! names them.
//!
//! Only what is on the page is scored. The truth's `on_page` flag says whether a name occurs
//! anywhere in the page text (the example JSON, a sentence, or as part of a longer name), so a
//! field is scored when it is `on_page` AND is a row of a parameter table in the matching
//! section of the page (checked on the page text here, independently of the importer). Truth
//! fields that occur only outside the tables (for instance the fields of a Tencent structure
//! that only appear in the example response, its definition living on another page) are
//! counted as "not in a table" and listed with `FIDELITY_VERBOSE=1`. With
//! `FIDELITY_WRAPPER_FIELDS=1`, the fields of such a structure (the element of an Alibaba list
//! wrapper, `Results` -> `Result`, is no row on most pages) are scored too where they are rows:
//! a stricter score, not held to the floors.
//!
//! A list the page says is sent as a JSON array in a String parameter (`json_text`) is scored
//! as the string it is on the wire.
//!
//! Structures defined in tables of their own are scored too: a service folder's Data Types
//! page (`"kind": "data_types"` in `manifest.json`) is imported beside its operation pages and
//! its models serve every operation of the folder, as they do in `generate`; a nested truth
//! field is a table row when its structure's table (a heading naming the structure, then its
//! member table: `## Placement` on the Data Types page, `#### Filter` on a legacy page) has a
//! row of that name, read from the page text here, independently of the importer.
//!
//! Where the page itself says something else than the truth (the API changed after the page
//! was written), the importer follows the page: such items are listed in [`PAGE_DIFFERS`] with
//! the page line, the importer must give the page's value, and they count as hits.
//!
//! Run with `cargo test -p cloudpage-tests --test fidelity -- --nocapture` to see the scores;
//! with `FIDELITY_CORPUS=DIR` (and `corpus_fidelity`) to score another corpus of this layout.

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::spec::{self, TypeRef};
use cloudpage_codegen::source::SourceFile;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The total score reached (percent); the test fails below it, so it can only go up.
const FLOOR: f64 = 99.80;

/// Most imported fields the dev corpus may have at a path its truth lacks (86 at stop 27:
/// ECS's deprecated `Tag.N.key` twins and other rows the API dropped, and structures the
/// pages draw without the wrapper the SDK has): a rule that reads more rows at a wrong place
/// fails here, though the recall score would not move.
const MAX_UNPLACED: usize = 86;

/// The score each service has reached (percent); its pages fail below it.
fn service_floor(service: &str) -> f64 {
    match service {
        "alibaba/ecs" => 99.7,
        "alibaba/ims" => 100.0,
        "alibaba/ram" => 100.0,
        "alibaba/smc" => 100.0,
        "alibaba/sts" => 100.0,
        "tencent/batch" => 100.0,
        "tencent/cvm" => 100.0,
        "tencent/dts" => 100.0,
        _ => 100.0,
    }
}

/// Items where the page and the truth disagree and the importer follows the page:
/// (page, item, what the importer must give (`type T, required B` for fields, the value for
/// `endpoint`/`version`), page line with the evidence).
const PAGE_DIFFERS: &[(&str, &str, &str, &str)] = &[
    (
        "alibaba/ecs/2014-05-26/AddTags.md",
        "request:Tag",
        "type array of AddTagsTag, required false",
        "41: |Tag.N.Key|String|No|... 44: |Tag.N.Value|String|No|... (no row makes the tag list itself required)",
    ),
    (
        "alibaba/ecs/2014-05-26/CreateDisk.md",
        "request:ZoneId",
        "type string, required false",
        "22: |ZoneId|String|No|cn-hangzhou-g|...",
    ),
    (
        "alibaba/ecs/2014-05-26/CreateLaunchTemplate.md",
        "request:VSwitchId",
        "type string, required false",
        "48: |VSwitchId|String|No|... This parameter is required if you specify the VpcId parameter.",
    ),
    (
        "alibaba/ecs/2014-05-26/InvokeCommand.md",
        "request:InstanceId",
        "type array of string, required true",
        "30: |InstanceId.N|RepeatList|Yes|...",
    ),
    (
        "alibaba/ecs/2014-05-26/ResetDisks.md",
        "request:Disk",
        "type array of ResetDisksDisk, required false",
        "19: |Disk.N.DiskId|String|No|... 20: |Disk.N.SnapshotId|String|No|... (no row makes the disk list itself required)",
    ),
    (
        "alibaba/ecs/2014-05-26/RunCommand.md",
        "request:InstanceId",
        "type array of string, required true",
        "41: |InstanceId.N|RepeatList|Yes|...",
    ),
    (
        "alibaba/ecs/2014-05-26/RunInstances.md",
        "request:HpcClusterId",
        "type string, required false",
        "187: |HpcClusterId|String|No|...",
    ),
    (
        "alibaba/ecs/2014-05-26/TagResources.md",
        "request:Tag",
        "type array of TagResourcesTag, required false",
        "37: |Tag.N.Key|String|No|... 38: |Tag.N.Value|String|No|... (no row makes the tag list itself required)",
    ),
    (
        "alibaba/smc/2019-06-01/CreateReplicationJob.md",
        "request:SystemDiskSize",
        "type integer, required true",
        "27: |SystemDiskSize|Integer|Yes|80|...",
    ),
    (
        "alibaba/smc/2019-06-01/CreateReplicationJob.md",
        "request:Frequency",
        "type integer, required false",
        "115: |Frequency|Integer|No|12|... This parameter is required if you set `RunOnce` to false.",
    ),
    (
        "alibaba/smc/2019-06-01/CreateReplicationJob.md",
        "request:MaxNumberOfImageToKeep",
        "type integer, required false",
        "120: |MaxNumberOfImageToKeep|Integer|No|10|... required if you set `RunOnce` to false.",
    ),
    (
        "alibaba/smc/2019-06-01/ModifyReplicationJobAttribute.md",
        "request:Frequency",
        "type integer, required false",
        "82: |Frequency|Integer|No|10|...",
    ),
    (
        "alibaba/smc/2019-06-01/ModifyReplicationJobAttribute.md",
        "request:MaxNumberOfImageToKeep",
        "type integer, required false",
        "85: |MaxNumberOfImageToKeep|Integer|No|5|...",
    ),
    (
        "alibaba/smc/2019-06-01/TagResources.md",
        "request:Tag",
        "type array of TagResourcesTag, required false",
        "25: |Tag.N.Key|String|No|... (no row makes the tag list itself required)",
    ),
    (
        "tencent/batch/2017-03-12/TerminateJob.md",
        "request:JobId",
        "type string, required false",
        "11: `JobId | String | 作业 ID|-`: the row has no 是否必选 cell (read as optional, with a warning)",
    ),
    (
        "tencent/batch/2017-03-12/DescribeComputeEnvActivities.md",
        "request:Filters",
        "type array of Filter, required false",
        "10: Filters.N | Array of Filter objects | 否 | 过滤条件 (the API 3.0 truth takes one Filter)",
    ),
];

/// `FIDELITY_CORPUS=DIR` scores another corpus of the same layout instead (pages of services
/// the reading rules were not written from, with truth made by the corpus's extraction
/// script): its score is reported, the floors are this corpus's and do not apply to it.
fn external_corpus() -> Option<PathBuf> {
    std::env::var_os("FIDELITY_CORPUS").map(PathBuf::from)
}

fn corpus_dir() -> PathBuf {
    external_corpus().unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") && path.with_extension("truth.json").exists() {
            out.push(path);
        }
    }
}

/// One scored item's outcome.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Hit,
    /// The importer follows the page where the page differs from the truth.
    PageDiffers(String),
    Miss(String),
}

#[derive(Default)]
struct Tally {
    hits: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.hits += other.hits;
        self.total += other.total;
    }
    fn pct(&self) -> f64 {
        if self.total == 0 { 100.0 } else { self.hits as f64 * 100.0 / self.total as f64 }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.hits, self.total)
    }
}

/// A parameter written as a bold name and labelled bullets (RAM's 2018 pages): the name of
/// `**OldPassword**` when a later line is a bullet labelled `label` (`-   Type: String`) and
/// only bullets or blank lines come between.
fn bullet_entry<'t>(pending: &mut Option<&'t str>, t: &'t str, label: &str) -> Option<(&'t str, &'t str)> {
    if let Some(name) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        *pending = Some(name.trim());
        return None;
    }
    let Some(item) = t.strip_prefix('-').map(str::trim) else {
        if !t.is_empty() {
            *pending = None;
        }
        return None;
    };
    let value = item.strip_prefix(label)?.trim();
    pending.map(|name| (name, value))
}

/// Names of the parameter-table rows of a page, per section (`request`, `response`), read
/// from the page text: the first cell of every table line (or the bold name of a parameter
/// written as bullets), `.N` segments removed.
fn table_rows(text: &str) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut rows: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    let mut section: Option<&'static str> = None;
    let mut fence = false;
    let mut bold = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if t.starts_with('#') {
            let h = t.to_lowercase();
            section = if ["request parameter", "input parameter", "请求参数", "输入参数"].iter().any(|k| h.contains(k))
            {
                Some("request")
            } else if ["response parameter", "output parameter", "response element", "返回参数", "输出参数", "返回数据"]
                .iter()
                .any(|k| h.contains(k))
            {
                Some("response")
            } else {
                None
            };
            continue;
        }
        let Some(section) = section else { continue };
        if let Some((name, _)) = bullet_entry(&mut bold, t, "Type:") {
            rows.entry(section).or_default().insert(name.to_string());
            continue;
        }
        if !t.contains('|') {
            continue;
        }
        let first = t.trim_start_matches('|').split('|').next().unwrap_or("");
        // Tree glyphs (`└AccessKeyId`) only draw where a row nests.
        let name: String = first.chars().filter(|c| !matches!(c, '*' | '`' | '\\' | ' ' | '└' | '├' | '│' | '─')).collect();
        let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if ok {
            let path: Vec<&str> =
                name.split('.').filter(|s| *s != "N" && *s != "n" && !s.bytes().all(|b| b.is_ascii_digit())).collect();
            rows.entry(section).or_default().insert(path.join("."));
        }
    }
    rows
}

/// The Required cell of each parameter-table row of a page (`Yes`/`No`, `是`/`否`), by the
/// row's name with `.N` segments removed, read from the page text independently of the
/// importer: where the truth's required flag differs from the page's own cell, the importer
/// must follow the page (the API changed after the page was written, or the truth's source
/// carries no required flags at all, as for RAM).
fn required_cells(text: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let mut column: Option<usize> = None;
    let mut fence = false;
    let mut bold = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if !fence && t.starts_with('#') {
            column = None;
        }
        if let Some((name, value)) = bullet_entry(&mut bold, t, "Required:").filter(|_| !fence) {
            match value.to_lowercase().trim_end_matches('.') {
                "yes" => out.insert(name.to_lowercase(), true),
                "no" => out.insert(name.to_lowercase(), false),
                _ => None,
            };
            continue;
        }
        // Lines without a pipe may be the continuation of a multi-line cell: a table's
        // columns hold until the next heading or header row.
        if fence || !t.contains('|') {
            continue;
        }
        let cells: Vec<String> = t
            .trim_start_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('*').trim().to_lowercase())
            .collect();
        if let Some(i) = cells.iter().position(|c| {
            matches!(c.as_str(), "required" | "required?" | "是否必选" | "必选" | "是否必填")
        }) {
            column = Some(i);
            continue;
        }
        let Some(i) = column else { continue };
        let name: String = cells[0].chars().filter(|c| !matches!(c, '`' | '\\' | ' ' | '└' | '├' | '│' | '─')).collect();
        let Some(cell) = cells.get(i) else { continue };
        let word = cell.split_whitespace().next().unwrap_or("").trim_end_matches(['.', '。', ',']);
        let value = match word {
            "yes" | "是" => true,
            "no" | "否" => false,
            _ => continue,
        };
        let path: Vec<&str> =
            name.split('.').filter(|s| *s != "n" && !s.bytes().all(|b| b.is_ascii_digit())).collect();
        out.insert(path.join("."), value);
    }
    out
}

/// A member row of a structure's table, as the page writes it.
#[derive(Debug, Clone)]
struct Member {
    /// The Required cell, where the table has one.
    required: Option<bool>,
    /// The Type cell.
    ty: String,
}

/// The member tables of the structures a page defines, read from the page text: a heading
/// that is an identifier (`## Placement`, `####  ComputeEnvView`, `#### dependence`), then a
/// table; each row by its name (`.N` removed). Structures are keyed lower-case: a legacy page
/// heads `Dependence` as `dependence`.
fn model_tables(text: &str) -> BTreeMap<String, BTreeMap<String, Member>> {
    let mut out: BTreeMap<String, BTreeMap<String, Member>> = BTreeMap::new();
    let mut model: Option<String> = None;
    let mut required: Option<usize> = None;
    let mut ty: Option<usize> = None;
    let mut header = false;
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim();
            let ident = h.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            model = ident.then(|| h.to_lowercase());
            (required, ty, header) = (None, None, false);
            continue;
        }
        let Some(model) = &model else { continue };
        if !t.contains('|') {
            continue;
        }
        let cells: Vec<String> = t.trim_start_matches('|').split('|').map(|c| c.trim().to_lowercase()).collect();
        if !header {
            // The first table line is the header.
            header = true;
            required = cells.iter().position(|c| matches!(c.as_str(), "required" | "是否必选" | "必选"));
            ty = cells.iter().position(|c| matches!(c.as_str(), "type" | "类型"));
            continue;
        }
        let name: String = t.trim_start_matches('|').split('|').next().unwrap_or("").chars().filter(|c| !matches!(c, '*' | '`' | '\\' | ' ')).collect();
        if name.starts_with('-') || name.is_empty() {
            continue;
        }
        let name: Vec<&str> = name.split('.').filter(|s| *s != "N" && *s != "n").collect();
        let flag = required.and_then(|i| cells.get(i)).and_then(|c| match c.split_whitespace().next() {
            Some("yes" | "是") => Some(true),
            Some("no" | "否") => Some(false),
            _ => None,
        });
        // The Type cell as written (the cells above are lower-cased to find the header).
        let written: Vec<&str> = t.trim_start_matches('|').split('|').map(str::trim).collect();
        let ty = ty.and_then(|i| written.get(i)).map_or(String::new(), |c| c.to_string());
        out.entry(model.clone()).or_default().insert(name.join("."), Member { required: flag, ty });
    }
    out
}

/// The Type cell of every table row of a page, by the row's name (`.N` removed): where a
/// structure's table is found from the row that uses it (the truth names `NamedComputeEnv`
/// what the page types `ComputeEnv object`).
fn type_cells(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ty: Option<usize> = None;
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence || t.starts_with('#') {
            ty = None;
            continue;
        }
        if !t.contains('|') {
            continue;
        }
        let cells: Vec<String> = t.trim_start_matches('|').split('|').map(|c| c.trim().to_string()).collect();
        if let Some(i) = cells.iter().position(|c| matches!(c.to_lowercase().as_str(), "type" | "类型")) {
            ty = Some(i);
            continue;
        }
        let (Some(i), Some(first)) = (ty, cells.first()) else { continue };
        let name: Vec<&str> = first.split('.').filter(|s| *s != "N" && *s != "n").collect();
        if let Some(cell) = cells.get(i) {
            out.entry(name.join(".")).or_default().insert(cell.clone());
        }
    }
    out
}

/// The structure a Type cell names, lower-case: `array of Filter objects`, `Placement object`,
/// `Array of [Instance](/document/api/213/15753#Instance)`, `[SrcInfo](/document/api/571/##SrcInfo)`.
fn cell_model(cell: &str) -> Option<String> {
    let text = match cell.find('[') {
        Some(open) => cell[open + 1..].split(']').next().unwrap_or(""),
        None => cell,
    };
    text.split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "array" | "of" | "object" | "objects"))
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && kind_of_word(w).is_none())
        .map(str::to_lowercase)
}

/// What a Type cell says: (array, element kind); `None` for a cell the scorer cannot read.
fn cell_shape(cell: &str) -> Option<(bool, Kind)> {
    let lower = cell.to_lowercase();
    let array = lower.contains("array");
    if cell_model(cell).is_some() {
        return Some((array, Kind::Object));
    }
    let word = lower.split_whitespace().last()?;
    let kind = kind_of_word(word).or_else(|| kind_of_word(word.strip_suffix('s')?))?;
    Some((array, kind))
}

/// Whether a truth field (by its path of wire names) is a row of the page's table.
fn tabled(rows: &BTreeSet<String>, path: &[String]) -> bool {
    let full = path.join(".");
    let prefix = format!("{full}.");
    if rows.contains(&full) || rows.iter().any(|r| r.starts_with(&prefix)) {
        return true;
    }
    if path.len() < 2 {
        return false;
    }
    // Flattened names (`DataDisk.N.Size`) give full paths; nested tables give leaf rows.
    let parent = format!("{}.", path[..path.len() - 1].join("."));
    let flattened = rows.iter().any(|r| r.starts_with(&parent));
    !flattened && rows.contains(&path[path.len() - 1])
}

/// The codes in the first cell of the page's table rows (any table: a code is a word with a
/// dot or upper-case letters only, which the scorer needs only to compare with truth codes).
fn error_rows(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.contains('|'))
        .filter_map(|l| l.trim().trim_start_matches('|').split('|').next())
        .map(|c| c.trim().trim_matches('`').to_string())
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.'))
        .collect()
}

/// The domain a page names on its domain line (`接口请求域名：batch.api.qcloud.com`, "Domain
/// name for API request: dts.tencentcloudapi.com"), with the line number.
fn page_domain(text: &str) -> Option<(String, usize)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let lower = l.to_lowercase();
        if !(lower.contains("domain name") || lower.contains("域名")) {
            return None;
        }
        let word = lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .find(|w| w.contains('.') && (w.ends_with(".com") || w.ends_with(".cn")))?;
        Some((word.to_string(), i + 1))
    })
}

/// The element kind a truth field has (arrays: the element's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Int,
    Float,
    Bool,
    Object,
}

fn kind_of_word(word: &str) -> Option<Kind> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "string" | "str" => Kind::String,
        w if w.contains("date") || w.contains("time") => Kind::String,
        "int" | "integer" | "long" | "int64" | "uint64" | "int32" | "uint32" => Kind::Int,
        "float" | "double" => Kind::Float,
        "bool" | "boolean" => Kind::Bool,
        "object" => Kind::Object,
        w if w.starts_with("dict") => Kind::Object,
        _ => return None,
    })
}

fn truth_kind(item: &Value) -> Kind {
    if item.get("model").is_some_and(|m| !m.is_null()) || item.get("fields").is_some_and(|f| !f.is_null()) {
        return Kind::Object;
    }
    let ty = item["type"].as_str().unwrap_or("");
    let member = item["member"].as_str().unwrap_or("");
    if ty == "list" {
        // Tencent: the member is the element type, or a structure name.
        return kind_of_word(member).unwrap_or(Kind::Object);
    }
    kind_of_word(ty).or_else(|| kind_of_word(member)).unwrap_or(Kind::Object)
}

fn ir_kind(ty: &TypeRef) -> Kind {
    match ty {
        TypeRef::String | TypeRef::Timestamp => Kind::String,
        TypeRef::Integer | TypeRef::Unsigned => Kind::Int,
        TypeRef::Float => Kind::Float,
        TypeRef::Boolean => Kind::Bool,
        TypeRef::Json | TypeRef::Model(_) => Kind::Object,
        TypeRef::Array(item) => ir_kind(item),
    }
}

/// The fields of the model a type names: the operation's own, else one its service's Data
/// Types page defines.
fn model_fields<'a>(op: &'a spec::Operation, service: &'a [spec::Model], ty: &TypeRef) -> Option<&'a [spec::Field]> {
    match ty {
        TypeRef::Model(name) => {
            op.models.iter().chain(service).find(|m| &m.name == name).map(|m| m.fields.as_slice())
        }
        TypeRef::Array(item) => model_fields(op, service, item),
        _ => None,
    }
}

/// What a service folder's Data Types page gives: the models the importer reads from it, and
/// its member tables as the page text has them (read here, independently of the importer).
#[derive(Default)]
struct ServiceModels {
    models: Vec<spec::Model>,
    tables: BTreeMap<String, BTreeMap<String, Member>>,
    type_cells: BTreeMap<String, BTreeSet<String>>,
}

/// The Data Types page of each service folder (`"kind": "data_types"` in the manifest).
fn service_models() -> BTreeMap<String, ServiceModels> {
    let root = corpus_dir();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("manifest.json")).expect("manifest")).expect("manifest JSON");
    let mut out: BTreeMap<String, ServiceModels> = BTreeMap::new();
    for entry in manifest.as_array().expect("manifest is a list") {
        if entry["kind"].as_str() != Some("data_types") {
            continue;
        }
        let rel = entry["page"].as_str().expect("page path");
        let text = std::fs::read_to_string(root.join(rel)).expect("Data Types page");
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f).to_string();
        let mut diags = Diagnostics::new();
        let file = SourceFile::new(rel.to_string(), text.clone());
        let models = match cloudpage_codegen::parse::page::read_page(&file, &mut diags) {
            Some(spec::PageContent::Models(models)) => models,
            other => panic!("{rel}: not read as a models page: {other:?}\n{diags}"),
        };
        let service = out.entry(folder).or_default();
        service.models.extend(models);
        service.tables.extend(model_tables(&text));
        for (name, types) in type_cells(&text) {
            service.type_cells.entry(name).or_default().extend(types);
        }
    }
    out
}

struct PageScore {
    page: String,
    layout: String,
    parts: BTreeMap<&'static str, Tally>,
    misses: Vec<String>,
    differs: Vec<String>,
    not_tabled: Vec<String>,
    extras: Vec<String>,
    invented: Vec<String>,
    /// Nested fields at a path the truth does not have.
    unplaced: Vec<String>,
}

struct Scorer<'a> {
    page: &'a str,
    op: &'a spec::Operation,
    /// Models of the service's Data Types page, as imported.
    service: &'a [spec::Model],
    /// Member tables of the structures the page and its service's Data Types page define.
    model_rows: BTreeMap<String, BTreeMap<String, Member>>,
    /// Type cells of the rows of the page and of its service's Data Types page.
    type_cells: BTreeMap<String, BTreeSet<String>>,
    rows: BTreeMap<&'static str, BTreeSet<String>>,
    /// The page's own Required cells (lower-case paths).
    required: BTreeMap<String, bool>,
    score: PageScore,
}

impl Scorer<'_> {
    fn record(&mut self, part: &'static str, item: &str, outcome: Outcome) {
        let tally = self.score.parts.entry(part).or_default();
        tally.total += 1;
        match outcome {
            Outcome::Hit => tally.hits += 1,
            Outcome::PageDiffers(note) => {
                tally.hits += 1;
                self.score.differs.push(format!("{item}: {note}"));
            }
            Outcome::Miss(reason) => self.score.misses.push(format!("{item}: {reason}")),
        }
    }

    /// Where the page differs from the truth for this item, what the page says.
    fn page_differs(&self, item: &str) -> Option<(&'static str, &'static str)> {
        PAGE_DIFFERS.iter().find(|(p, i, _, _)| *p == self.page && *i == item).map(|(_, _, says, line)| (*says, *line))
    }

    /// Scores truth fields; `models` are the structures they are members of, if nested: the
    /// truth's name for it and the ones the Type cells of the parent's rows name.
    fn fields(
        &mut self,
        part: &'static str,
        truth: &[Value],
        got: Option<&[spec::Field]>,
        path: &[String],
        models: &[String],
    ) {
        let rows = self.rows.get(part).cloned().unwrap_or_default();
        for item in truth {
            let name = item["name"].as_str().unwrap_or("").to_string();
            let mut p = path.to_vec();
            p.push(name.clone());
            let label = format!("{part}:{}", p.join("."));
            if !item["on_page"].as_bool().unwrap_or(false) {
                continue;
            }
            // A member row of its structure's table (on this page or the Data Types page).
            let member = models.iter().find_map(|m| self.model_rows.get(m).and_then(|t| t.get(&name))).cloned();
            if !tabled(&rows, &p) && member.is_none() {
                self.score.not_tabled.push(label);
                // A structure that is no row itself, such as the element of an RPC list
                // wrapper (`Results` -> `Result`, which pages leave out), is not scored; with
                // FIDELITY_WRAPPER_FIELDS=1 its fields are, at their path (a stricter score,
                // not held to the floors: 56 more Alibaba items).
                let wrapper_fields = std::env::var_os("FIDELITY_WRAPPER_FIELDS").is_some();
                if let Some(sub) = item.get("fields").and_then(Value::as_array).filter(|_| wrapper_fields) {
                    let field = got.and_then(|fs| fs.iter().find(|f| f.name == name));
                    let nested = field.and_then(|f| model_fields(self.op, self.service, &f.ty));
                    let models: Vec<String> = item["model"].as_str().map(str::to_lowercase).into_iter().collect();
                    self.fields(part, sub, nested, &p, &models);
                }
                continue;
            }
            let field = got.and_then(|fs| fs.iter().find(|f| f.name == name));
            let outcome = match field {
                None => Outcome::Miss("not imported".into()),
                Some(f) => {
                    let mut wrong = Vec::new();
                    // A list sent as its JSON text (`InstanceIds=["i-1","i-2"]`, the page's "The
                    // value can be a JSON array ...") is a string on the wire, as the truth has it.
                    let wire_ty = if f.json_text { TypeRef::String } else { f.ty.clone() };
                    let want_array = item["is_array"].as_bool().unwrap_or(false);
                    let is_array = matches!(wire_ty, TypeRef::Array(_));
                    if want_array != is_array {
                        wrong.push(format!("array: truth {want_array}, imported {is_array}"));
                    }
                    let (want, have) = (truth_kind(item), ir_kind(&wire_ty));
                    if want != have {
                        wrong.push(format!("type: truth {want:?} ({}), imported {}", item["type"], f.ty));
                    }
                    let want_req = item["required"].as_bool().unwrap_or(false);
                    let mut page_cell = None;
                    if part == "request" && want_req != f.required {
                        let key = p.join(".").to_lowercase();
                        let leaf = name.to_lowercase();
                        page_cell = match &member {
                            Some(m) => m.required,
                            None => self.required.get(&key).or_else(|| self.required.get(&leaf)).copied(),
                        };
                        wrong.push(format!("required: truth {want_req}, imported {}", f.required));
                    }
                    // A member row's own Type cell, read here: where it says what was imported
                    // and the truth says otherwise, the page differs (a Data Types page types
                    // `ProjectId` String, the API an integer).
                    let shape = member.as_ref().and_then(|m| cell_shape(&m.ty));
                    let type_wrong = wrong.iter().filter(|w| w.starts_with("array") || w.starts_with("type")).count();
                    if wrong.is_empty() {
                        Outcome::Hit
                    } else if type_wrong == wrong.len() && shape == Some((is_array, have)) {
                        let cell = member.as_ref().map_or("", |m| m.ty.as_str());
                        Outcome::PageDiffers(format!("{} (the page's Type cell says `{cell}`)", wrong.join("; ")))
                    } else if wrong.len() == 1 && page_cell == Some(f.required) {
                        Outcome::PageDiffers(format!(
                            "{} (the page's Required cell says {})",
                            wrong[0],
                            if f.required { "yes" } else { "no" }
                        ))
                    } else {
                        let got = format!("type {}, required {}", f.ty, f.required);
                        match self.page_differs(&label) {
                            Some((says, line)) if says == got => {
                                Outcome::PageDiffers(format!("{} (page: {line})", wrong.join("; ")))
                            }
                            Some((says, _)) => Outcome::Miss(format!(
                                "{}; page differs entry says `{says}`, imported `{got}`",
                                wrong.join("; ")
                            )),
                            None => Outcome::Miss(wrong.join("; ")),
                        }
                    }
                }
            };
            self.record(part, &label, outcome);
            if let Some(sub) = item.get("fields").and_then(Value::as_array) {
                let nested = field.and_then(|f| model_fields(self.op, self.service, &f.ty));
                let mut models: Vec<String> = item["model"].as_str().map(str::to_lowercase).into_iter().collect();
                let cells = self.type_cells.get(&name).into_iter().flatten();
                models.extend(cells.filter_map(|c| cell_model(c)));
                self.fields(part, sub, nested, &p, &models);
            }
        }
    }

    fn scalar(&mut self, part: &'static str, truth: &[&str], got: Option<&str>) {
        let outcome = match got {
            Some(g) if truth.contains(&g) => Outcome::Hit,
            Some(g) => match self.page_differs(part) {
                Some((says, line)) if says == g => {
                    Outcome::PageDiffers(format!("truth {truth:?}, page `{g}` ({line})"))
                }
                _ => Outcome::Miss(format!("truth {truth:?}, imported `{g}`")),
            },
            None => Outcome::Miss(format!("truth {truth:?}, not imported")),
        };
        self.record(part, part, outcome);
    }
}

/// Field names anywhere in the imported operation (top level and models), with their path.
fn all_fields(op: &spec::Operation) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in &op.request {
        out.push(("request".to_string(), f.name.clone()));
    }
    for f in &op.response {
        out.push(("response".to_string(), f.name.clone()));
    }
    for m in &op.models {
        for f in &m.fields {
            out.push((format!("model {}", m.name), f.name.clone()));
        }
    }
    out
}

/// Paths of every imported field (`Instances.Instance.CpuOptions.Numa`), following models.
fn ir_paths(
    op: &spec::Operation,
    service: &[spec::Model],
    fields: &[spec::Field],
    prefix: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    for f in fields {
        let path = if prefix.is_empty() { f.name.clone() } else { format!("{prefix}.{}", f.name) };
        out.push(path.clone());
        if let Some(sub) = model_fields(op, service, &f.ty).filter(|_| depth < 8) {
            ir_paths(op, service, sub, &path, depth + 1, out);
        }
    }
}

/// Paths of every truth field.
fn truth_paths(fields: &[Value], prefix: &str, out: &mut BTreeSet<String>) {
    for f in fields {
        let name = f["name"].as_str().unwrap_or("");
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        out.insert(path.clone());
        if let Some(sub) = f.get("fields").and_then(Value::as_array) {
            truth_paths(sub, &path, out);
        }
    }
}

/// Names of every truth field, at any depth.
fn truth_names(fields: &[Value], out: &mut BTreeSet<String>) {
    for f in fields {
        if let Some(n) = f["name"].as_str() {
            out.insert(n.to_string());
        }
        if let Some(sub) = f.get("fields").and_then(Value::as_array) {
            truth_names(sub, out);
        }
    }
}

fn score_page(path: &Path, services: &BTreeMap<String, ServiceModels>) -> PageScore {
    let root = corpus_dir();
    let rel = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let text = std::fs::read_to_string(path).expect("page is UTF-8");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("truth.json")).expect("truth"))
            .expect("truth JSON");
    let file = SourceFile::new(rel.clone(), text.clone());
    let mut diags = Diagnostics::new();
    let op = cloudpage_codegen::import(&file, &mut diags).unwrap_or_default();
    let layout = truth["page"]["layout"].as_str().unwrap_or("?").to_string();
    let layout = format!("{layout} ({})", truth["page"]["lang"].as_str().unwrap_or("?"));
    let score = PageScore {
        page: rel.clone(),
        layout,
        parts: BTreeMap::new(),
        misses: Vec::new(),
        differs: Vec::new(),
        not_tabled: Vec::new(),
        extras: Vec::new(),
        invented: Vec::new(),
        unplaced: Vec::new(),
    };
    let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
    let none = ServiceModels::default();
    let service = services.get(folder).unwrap_or(&none);
    let mut model_rows = service.tables.clone();
    let own_tables = model_tables(&text);
    model_rows.extend(own_tables.clone());
    let mut cells = service.type_cells.clone();
    for (name, types) in type_cells(&text) {
        cells.entry(name).or_default().extend(types);
    }
    let mut s = Scorer {
        page: &rel,
        op: &op,
        service: &service.models,
        model_rows,
        type_cells: cells,
        rows: table_rows(&text),
        required: required_cells(&text),
        score,
    };
    if op.name != truth["action"].as_str().unwrap_or("") {
        s.score.misses.push(format!("action: truth {}, imported `{}`", truth["action"], op.name));
    }
    let empty = Vec::new();
    let request = truth["request"].as_array().unwrap_or(&empty);
    let response = truth["response"].as_array().unwrap_or(&empty);
    s.fields("request", request, Some(&op.request), &[], &[]);
    s.fields("response", response, Some(&op.response), &[], &[]);
    for code in truth["error_codes_on_page"].as_array().unwrap_or(&empty) {
        let code = code.as_str().unwrap_or("");
        // `on_page` is a text search: a code whose name occurs only as the start of the page's
        // sub-codes (`InternalError` in `| InternalError.DatabaseError | ...`) is listed as on
        // the page, while the page documents only the sub-codes. Importing those is following
        // the page.
        let prefix = format!("{code}.");
        let sub_codes_only = !error_rows(&text).contains(code) && error_rows(&text).iter().any(|c| c.starts_with(&prefix));
        let outcome = if op.errors.iter().any(|e| e.code == code) {
            Outcome::Hit
        } else if sub_codes_only && op.errors.iter().any(|e| e.code.starts_with(&prefix)) {
            Outcome::PageDiffers(format!("the page lists only sub-codes `{prefix}*`, which were imported"))
        } else {
            Outcome::Miss("error code not imported".into())
        };
        s.record("errors", &format!("error:{code}"), outcome);
    }
    // Version and endpoint, where the page names them.
    let version = truth["version"].as_str().unwrap_or("");
    if !version.is_empty() && text.contains(version) {
        s.scalar("version", &[version], op.version.as_deref());
    }
    let endpoints: Vec<&str> = ["endpoint", "endpoint_intl"].iter().filter_map(|k| truth[*k].as_str()).collect();
    // A sentence that says where requests go; not a table row whose description mentions a
    // domain name (`|Domain|String|test.com|The requested domain name ...|` on SLB pages).
    let names_domain = text.lines().filter(|l| !l.contains('|')).any(|l| {
        let l = l.to_lowercase();
        (l.contains("domain name") || l.contains("域名")) && (l.contains(".com") || l.contains(".cn"))
    });
    if names_domain && !endpoints.is_empty() {
        // A page that names a domain the truth does not have (the API 2.0 domain of a legacy
        // page, `batch.api.qcloud.com`) differs from the truth: the importer follows the page.
        match page_domain(&text) {
            Some((domain, line)) if !endpoints.contains(&domain.as_str()) && op.domain.as_deref() == Some(domain.as_str()) => {
                let note = format!("truth {endpoints:?}, page `{domain}` (line {line})");
                s.record("endpoint", "endpoint", Outcome::PageDiffers(note));
            }
            _ => s.scalar("endpoint", &endpoints, op.domain.as_deref()),
        }
    }
    // Precision: every imported field is a table row of the page (or a key of its example
    // JSON, for list wrappers the table names only by the list), and fields the truth does not
    // know are listed.
    let all_rows: BTreeSet<String> = s
        .rows
        .values()
        .flatten()
        .chain(own_tables.values().flat_map(|t| t.keys()))
        .flat_map(|r| r.split('.').map(str::to_string))
        .collect();
    let mut known = BTreeSet::new();
    truth_names(request, &mut known);
    truth_names(response, &mut known);
    for (owner, name) in all_fields(&op) {
        let in_json = text.contains(&format!("\"{name}\""));
        if !all_rows.contains(&name) && !in_json {
            s.score.invented.push(format!("{owner}: {name}"));
        } else if !known.contains(&name) {
            s.score.extras.push(format!("{owner}: {name}"));
        }
    }
    // Imported fields at a path the truth does not have, under a parent the truth does have:
    // either page content the API dropped, or a field nested under the wrong structure.
    for (part, fields, truth_fields) in [("request", &op.request, request), ("response", &op.response, response)] {
        let mut got = Vec::new();
        ir_paths(&op, &service.models, fields, "", 0, &mut got);
        let mut want = BTreeSet::new();
        truth_paths(truth_fields, "", &mut want);
        for path in got {
            // A top-level field's parent, the answer or the request, is always known.
            let parent = path.rsplit_once('.').map(|(p, _)| p.to_string());
            let parent_known = parent.as_ref().is_none_or(|p| want.contains(p));
            if !want.contains(&path) && parent_known {
                s.score.unplaced.push(format!("{part}:{path}"));
            }
        }
    }
    s.score
}

#[test]
fn corpus_fidelity() {
    let mut pages = Vec::new();
    collect(&corpus_dir(), &mut pages);
    pages.sort();
    let external = external_corpus().is_some();
    assert!(pages.len() >= 40 || external, "corpus pages: {}", pages.len());
    let verbose = std::env::var_os("FIDELITY_VERBOSE").is_some();
    let services = service_models();
    assert!(services.len() == 2 || external, "Data Types pages: {:?}", services.keys().collect::<Vec<_>>());
    let mut total = Tally::default();
    let mut per_part: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut per_layout: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_service: BTreeMap<String, Tally> = BTreeMap::new();
    let mut report = String::new();
    let mut misses = Vec::new();
    let mut differs = Vec::new();
    let mut invented = Vec::new();
    let mut unplaced = Vec::new();
    let mut not_tabled = 0;
    let _ = writeln!(
        report,
        "{:<62} {:>9} {:>9} {:>7} {:>4} {:>4} {:>9} {:>7}",
        "page", "request", "response", "errors", "ver", "end", "total", "%"
    );
    for path in &pages {
        let score = score_page(path, &services);
        let mut page_total = Tally::default();
        let cell = |part: &str| score.parts.get(part).map_or("-".to_string(), |t| t.to_string());
        for (part, tally) in &score.parts {
            page_total.add(tally);
            per_part.entry(part).or_default().add(tally);
        }
        let _ = writeln!(
            report,
            "{:<62} {:>9} {:>9} {:>7} {:>4} {:>4} {:>9} {:>6.1}%",
            score.page,
            cell("request"),
            cell("response"),
            cell("errors"),
            cell("version"),
            cell("endpoint"),
            page_total.to_string(),
            page_total.pct()
        );
        total.add(&page_total);
        per_layout.entry(score.layout.clone()).or_default().add(&page_total);
        let service: Vec<&str> = score.page.splitn(3, '/').take(2).collect();
        per_service.entry(service.join("/")).or_default().add(&page_total);
        misses.extend(score.misses.iter().map(|m| format!("{}: {m}", score.page)));
        differs.extend(score.differs.iter().map(|m| format!("{}: {m}", score.page)));
        invented.extend(score.invented.iter().map(|m| format!("{}: {m}", score.page)));
        unplaced.extend(score.unplaced.iter().map(|m| format!("{}: {m}", score.page)));
        not_tabled += score.not_tabled.len();
        if verbose {
            for m in &score.not_tabled {
                let _ = writeln!(report, "    on the page but in no table: {m}");
            }
            for m in &score.unplaced {
                let _ = writeln!(report, "    nested where the truth has no such field: {m}");
            }
            for m in &score.extras {
                let _ = writeln!(report, "    imported, not in the truth (page content the API dropped?): {m}");
            }
        }
    }
    let _ = writeln!(report, "\nby layout:");
    for (layout, tally) in &per_layout {
        let _ = writeln!(report, "  {layout:<50} {tally:>9} {:>6.1}%", tally.pct());
    }
    let _ = writeln!(report, "by service:");
    for (service, tally) in &per_service {
        let floor = service_floor(service);
        let _ = writeln!(report, "  {service:<50} {tally:>9} {:>6.1}% (floor {floor:.1}%)", tally.pct());
    }
    let _ = writeln!(report, "by part:");
    for (part, tally) in &per_part {
        let _ = writeln!(report, "  {part:<50} {tally:>9} {:>6.1}%", tally.pct());
    }
    let _ = writeln!(report, "TOTAL {total} = {:.2}% (floor {FLOOR:.2}%)", total.pct());
    let strict = Tally { hits: total.hits - differs.len(), total: total.total };
    let _ = writeln!(
        report,
        "strictly against the truth (page-vs-truth differences counted as misses): {strict} = {:.2}%",
        strict.pct()
    );
    let _ = writeln!(report, "on the page only outside parameter tables (not scored): {not_tabled}");
    let _ = writeln!(report, "\npage-vs-truth differences (the importer follows the page): {}", differs.len());
    for d in &differs {
        let _ = writeln!(report, "  {d}");
    }
    let _ = writeln!(report, "\nmisses: {}", misses.len());
    for m in &misses {
        let _ = writeln!(report, "  {m}");
    }
    // Precision, where the score (recall of the truth's fields) cannot see it: a table's
    // rows read as request parameters or answer fields at a place the truth has none.
    let _ = writeln!(
        report,
        "\nimported fields at a path the truth lacks (page content the API dropped, or read at the wrong place): {}",
        unplaced.len()
    );
    for m in &unplaced {
        let _ = writeln!(report, "  {m}");
    }
    let _ = writeln!(report, "\nimported fields that are no table row of the page: {}", invented.len());
    for m in &invented {
        let _ = writeln!(report, "  {m}");
    }
    println!("{report}");
    let low: Vec<String> = per_service
        .iter()
        .filter(|(service, tally)| tally.pct() + 1e-9 < service_floor(service))
        .map(|(service, tally)| format!("{service}: {:.2}% < {:.2}%", tally.pct(), service_floor(service)))
        .collect();
    // The stricter score of FIDELITY_WRAPPER_FIELDS counts more items: the floors are not its.
    let floors = std::env::var_os("FIDELITY_WRAPPER_FIELDS").is_none() && !external;
    assert!(low.is_empty() || !floors, "services below their floor:\n{}", low.join("\n"));
    assert!(invented.is_empty() || external, "the importer reported fields the page does not have:\n{}", invented.join("\n"));
    assert!(
        unplaced.len() <= MAX_UNPLACED || external,
        "{} imported fields at a path the truth lacks, more than {MAX_UNPLACED}:\n{}",
        unplaced.len(),
        unplaced.join("\n")
    );
    assert!(
        total.pct() + 1e-9 >= FLOOR || !floors,
        "fidelity {:.2}% is below the floor {FLOOR:.2}%; misses:\n{}",
        total.pct(),
        misses.join("\n")
    );
}

/// The Tencent corpus services read as `generate` reads a service folder (the specs'
/// `common.yaml` and `service.yaml` beside the corpus pages): every structure a page of the
/// service describes (its Data Types page, a `#### Filter` section) is a typed struct
/// wherever it is used. What stays raw JSON is listed, each with its warning: structures no
/// page of the service describes.
#[test]
fn whole_tencent_services_type_their_structures() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/tencent");
    let common = std::fs::read_to_string(specs.join("common.yaml")).expect("common.yaml");
    let mut report = String::new();
    for service in ["batch", "cvm", "dts"] {
        let mut files = vec![SourceFile::new("tencent/common.yaml", common.clone())];
        let yaml = std::fs::read_to_string(specs.join(service).join("service.yaml")).expect("service.yaml");
        files.push(SourceFile::new(format!("tencent/{service}/service.yaml"), yaml));
        let mut pages = Vec::new();
        for version in std::fs::read_dir(corpus_dir().join("tencent").join(service)).expect("service folder").flatten() {
            for page in std::fs::read_dir(version.path()).expect("version folder").flatten() {
                let path = page.path();
                if path.extension().is_some_and(|e| e == "md") {
                    pages.push(path);
                }
            }
        }
        pages.sort();
        for path in &pages {
            let name = path.file_name().expect("file name").to_string_lossy();
            files.push(SourceFile::new(format!("tencent/{service}/{name}"), std::fs::read_to_string(path).expect("page")));
        }
        let mut diags = Diagnostics::new();
        let api = cloudpage_codegen::analyse(&files, &mut diags);
        let models: BTreeSet<&str> =
            api.clouds.iter().flat_map(|c| &c.services).flat_map(|s| &s.models).map(|m| m.wire.as_str()).collect();
        let json: Vec<String> = diags
            .iter()
            .filter(|d| d.message.contains("kept as raw JSON"))
            .map(|d| format!("{}:{}: {}", d.span.file, d.span.line, d.message))
            .collect();
        let _ = writeln!(report, "{service}: {} models, {} references left as raw JSON", models.len(), json.len());
        for line in &json {
            let _ = writeln!(report, "  {line}");
            // The warning names the type: it must be one no page of the service describes.
            let named = line.split('`').nth(1).unwrap_or("");
            assert!(!models.contains(named), "{line}: `{named}` is described in the service");
        }
        assert!(!models.is_empty(), "{service}: no models");
    }
    println!("{report}");
}
