//! Tables shared by every layout: the table model, what a table is (by its header) and what
//! a cell says (types, required, flattened names). What a row means (a field, a common
//! parameter, an error code) is `rows`.

use crate::spec::TypeRef;

/// A table as read from a page: header cells and rows of cells; a cell is a list of lines
/// (a Markdown `<br>`, or several lines of a scraped cell).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<String>,
    /// Line of the header.
    pub line: u32,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row {
    /// Exactly one entry per header column (padded with empty cells or truncated).
    pub cells: Vec<Vec<String>>,
    /// How many cells the row really had on the page.
    pub found: usize,
    pub line: u32,
    /// The page ends inside this row: the header is closed by a `|`, this row never is, and
    /// no line after it could close it (a page cut mid-row).
    pub cut: bool,
    /// The row is from a table written one cell per line (a scrape): nothing on the page
    /// shows which rows are an object's fields (see `nesting`).
    pub flat: bool,
    /// The columns whose cell holds a Markdown link (`Array of [SlowLogData](/document/api/237/16191#SlowLogData)`),
    /// as written; the cells keep the link's text only.
    pub linked: Vec<bool>,
}

impl Row {
    /// Builds a row from the cells found, padded or truncated to `width` columns.
    pub fn new(mut cells: Vec<Vec<String>>, width: usize, line: u32) -> Self {
        let found = cells.len();
        cells.resize(width, Vec::new());
        Row { cells, found, line, cut: false, flat: false, linked: Vec::new() }
    }

    pub(crate) fn text(&self, col: usize) -> String {
        let lines = self.cells.get(col).map(Vec::as_slice).unwrap_or_default();
        if let [line] = lines {
            return line.trim().to_owned();
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        joined.join(" ")
    }

    pub(crate) fn lines(&self, col: usize) -> Vec<String> {
        let lines = self.cells.get(col).map(Vec::as_slice).unwrap_or_default();
        lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().flatten().all(|l| l.trim().is_empty())
    }
}

/// Column positions of a parameter table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamCols {
    pub name: usize,
    pub ty: usize,
    pub required: Option<usize>,
    pub description: Option<usize>,
    pub example: Option<usize>,
}

/// Column positions of an error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ErrorCols {
    pub code: usize,
    pub description: Option<usize>,
    pub message: Option<usize>,
    pub status: Option<usize>,
}

/// What a table is, judged by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Params(ParamCols),
    Errors(ErrorCols),
    /// Alibaba's RAM authorization table (Action, Access level, Resource type, ...): not
    /// about parameters, skipped knowingly.
    Ram,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    Description,
    Example,
    Code,
    Message,
    Status,
    Ram,
    Other,
}

fn column(header: &str) -> Column {
    let h = header.trim().trim_matches(['*', '`', ' ']).to_lowercase();
    match known_column(&h) {
        Column::Other => misspelt_column(&h),
        known => known,
    }
}

/// English column words long enough that one slip cannot make another word of a header.
const SPELLED_COLUMNS: &[(&str, Column)] = &[
    ("parameter", Column::Name),
    ("description", Column::Description),
    ("required", Column::Required),
    ("example", Column::Example),
];

/// A header one letter off a column word (`Prameter`, DDS's DescribeInstanceAutoRenewalAttribute):
/// that column. A plural of a column word is no slip (`Parameters` is a column word itself).
fn misspelt_column(h: &str) -> Column {
    SPELLED_COLUMNS
        .iter()
        .filter(|(word, _)| h.len().abs_diff(word.len()) <= 1 && h.strip_suffix('s') != Some(*word))
        .find(|(word, _)| strsim::levenshtein(h, word) == 1)
        .map_or(Column::Other, |(_, column)| *column)
}

fn known_column(h: &str) -> Column {
    match h {
        "parameter name" | "parameter" | "parameters" | "name" | "element" | "field" | "parameter name." | "参数名称" | "参数名"
        | "名称" | "参数" => Column::Name,
        "type" | "类型" => Column::Type,
        "required" | "required?" | "required or not" | "必选" | "是否必选" | "是否必填" | "是否必需" | "必需" => {
            Column::Required
        }
        "description" | "描述" | "说明" => Column::Description,
        // `Example values`: CDN's 2018 pages (their tables without a delimiter line).
        "example" | "example value" | "example values" | "sample value" | "示例值" | "示例" => Column::Example,
        "error code" | "错误码" | "code" => Column::Code,
        "error message" | "错误信息" | "message" => Column::Message,
        "http status code" | "http status" | "status code" | "httpcode" | "http code" | "http 状态码"
        | "http状态码" => Column::Status,
        "action" | "access level" | "resource type" | "condition key" | "dependent action" | "api" | "操作"
        | "访问级别" | "资源类型" | "条件关键字" | "关联操作" => Column::Ram,
        _ => Column::Other,
    }
}

/// A header cell of a table already found: a column word, or the plural of a column of
/// several words (`Error codes`, Cloud Config ListConfigRules). Plurals are not column words
/// where tables are looked for ([`is_column_name`]): the `Error codes` heading line of a
/// scraped page, above the header's own cells, would pass for one.
fn header_column(header: &str) -> Column {
    match column(header) {
        Column::Other => {
            let h = header.trim().trim_matches(['*', '`', ' ']).to_lowercase();
            match h.strip_suffix('s') {
                Some(singular) if singular.contains(' ') => known_column(singular),
                _ => Column::Other,
            }
        }
        known => known,
    }
}

/// Classifies a table by its header cells.
pub(crate) fn classify(header: &[String]) -> Kind {
    let cols: Vec<Column> = header.iter().map(|h| header_column(h)).collect();
    let find = |c: Column| cols.iter().position(|x| *x == c);
    if let Some(code) = find(Column::Code) {
        return Kind::Errors(ErrorCols {
            code,
            description: find(Column::Description),
            message: find(Column::Message),
            status: find(Column::Status),
        });
    }
    if let (Some(name), Some(ty)) = (find(Column::Name), find(Column::Type)) {
        return Kind::Params(ParamCols {
            name,
            ty,
            required: find(Column::Required),
            description: find(Column::Description),
            example: find(Column::Example),
        });
    }
    let ram = cols.iter().filter(|c| **c == Column::Ram).count();
    let access = header.iter().any(|h| h.to_lowercase().contains("access level") || h.contains("访问级别"));
    if ram >= 2 && access {
        return Kind::Ram;
    }
    Kind::Unknown
}

/// Whether a parameter table lists values rather than parameters: legacy Tencent pages put
/// the names a filter takes (`env-id`, `env-name`, `zone`) in a table shaped like a parameter
/// table. Wire names are identifiers; these are lower-case words joined by hyphens, at least
/// one with a hyphen (Alibaba's camelCase names, `regionId`, are parameters).
pub(crate) fn lists_values(table: &Table, cols: &ParamCols) -> bool {
    let names: Vec<String> = table.rows.iter().filter(|r| !r.is_blank()).map(|r| r.text(cols.name)).collect();
    let value = |n: &String| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    !names.is_empty() && names.iter().all(value) && names.iter().any(|n| n.contains('-'))
}

/// Is this header cell one a table header could have? (Used to find one-cell-per-line
/// headers in scraped text.)
pub(crate) fn is_column_name(text: &str) -> bool {
    column(text) != Column::Other
}

/// Whether a header cell names the Name column (`Parameter`, `Parameters`, `名称`).
pub(crate) fn is_name_column(text: &str) -> bool {
    column(text) == Column::Name
}

/// A parameter name split: the structures it passes through (each with whether it is a list),
/// the last part, and whether the last part is a list.
pub(crate) type SplitName = (Vec<(String, bool)>, String, bool);

/// `DataDisk.N.Part.N.Device` -> (`[(DataDisk, true), (Part, true)]`, `Device`, false);
/// `InstanceIds.N` -> (`[]`, `InstanceIds`, true). `None` unless every part is an identifier.
pub(crate) fn split_name(name: &str) -> Option<SplitName> {
    let mut parts: Vec<(String, bool)> = Vec::new();
    for segment in name.split('.') {
        let numbered = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        let valid = numbered
            || (segment.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if !valid {
            return None;
        }
        // `Filter.1.Key`, `Filter.2.Key`: numbered items of one list, read as `Filter.N.Key`.
        if segment == "N" || segment == "n" || numbered {
            match parts.last_mut() {
                Some((_, indexed)) if !*indexed => *indexed = true,
                _ => return None,
            }
            continue;
        }
        parts.push((segment.to_string(), false));
    }
    let (leaf, indexed) = parts.pop()?;
    Some((parts, leaf, indexed))
}

/// `Yes`/`No` (and their Chinese and true/false spellings), with or without a full stop
/// (`Yes.`, as ECS AttachClassicLinkVpc writes it).
pub(crate) fn parse_required(text: &str) -> Option<bool> {
    match text.trim().trim_matches(['`', '*']).trim_end_matches(['.', '。']).trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "required" | "是" | "必选" | "必填" => Some(true),
        "no" | "n" | "false" | "optional" | "否" | "可选" | "非必选" => Some(false),
        _ => None,
    }
}

/// A type cell as the pages write it, normalised: `String`/`string`, `Integer`/`Int64`/`Long`,
/// `UInt64`, `Float`/`Double`, `Boolean`/`Bool`, `Timestamp`/`Date`/`Timestamp ISO8601`,
/// `object`, `Array of X`/`array<X>`, or a structure name (`Filter` -> `Model("Filter")`,
/// resolved later). `None` for a cell that is none of these.
pub fn parse_type(text: &str) -> Option<TypeRef> {
    let t = text.trim().trim_matches(['`', '*', ' ']).trim();
    if let Some(ty) = builtin_type(t) {
        return Some(ty);
    }
    // Legacy Tencent pages name a structure with its kind: `Placement object`.
    if let Some(name) = strip_word_suffix(t, &[" object"]) {
        return model_name(name).then(|| TypeRef::Model(name.to_string()));
    }
    model_name(t).then(|| TypeRef::Model(t.to_string()))
}

/// A structure name as type cells write it: `Filter`, `ComputeEnvView`.
fn model_name(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.len() <= 100
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `t` without one of the (ASCII, lower-case) `suffixes`, compared without case.
fn strip_word_suffix<'t>(t: &'t str, suffixes: &[&str]) -> Option<&'t str> {
    let lower = t.to_ascii_lowercase();
    suffixes.iter().find(|s| lower.ends_with(*s)).map(|s| t[..t.len() - s.len()].trim_end())
}

/// The element of an `array of ...` cell: legacy Tencent pages write it in the plural
/// (`array of Strings`) or with its kind (`array of Filter objects`).
fn element_type(text: &str) -> Option<TypeRef> {
    let t = text.trim();
    if let Some(name) = strip_word_suffix(t, &[" objects", " object"]) {
        return model_name(name).then(|| TypeRef::Model(name.to_string()));
    }
    if let Some(ty) = parse_type(t).filter(|ty| !matches!(ty, TypeRef::Model(_))) {
        return Some(ty);
    }
    // `Strings`, `Integers`: the plural of a type word, never a structure name.
    if let Some(ty) = t.strip_suffix('s').and_then(builtin_type) {
        return Some(ty);
    }
    // After `Array of`, an identifier that is no type word names a structure, in whatever
    // case the page writes it (CAS DescribeOrderInstanceList: `Array of order`).
    let identifier = t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && t.len() <= 100
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    parse_type(t).or_else(|| identifier.then(|| TypeRef::Model(t.to_string())))
}


/// The built-in type words only (no structure names): tells a type cell from a name cell in
/// one-cell-per-line tables.
pub(crate) fn builtin_type(text: &str) -> Option<TypeRef> {
    let t = text.trim().trim_matches(['`', '*', ' ']).trim();
    let lower = t.to_ascii_lowercase();
    let ty = match lower.as_str() {
        "string" | "str" => TypeRef::String,
        "integer" | "int" | "int32" | "int64" | "long" | "short" => TypeRef::Integer,
        "uint64" | "uint32" | "uinteger" => TypeRef::Unsigned,
        "float" | "double" | "number" => TypeRef::Float,
        "boolean" | "bool" => TypeRef::Boolean,
        "timestamp" | "date" | "datetime" | "timestamp iso8601" | "iso8601 timestamp" | "date-time" => {
            TypeRef::Timestamp
        }
        "object" | "json" | "map" | "any" | "struct" => TypeRef::Json,
        "array" => TypeRef::Array(Box::new(TypeRef::Json)),
        // Alibaba: `RepeatList` types `Name.N` request lists, `List` response lists of strings.
        "list" | "repeatlist" => TypeRef::Array(Box::new(TypeRef::String)),
        _ => {
            let inner = if let Some(rest) = lower.strip_prefix("array of ") {
                Some(&t[t.len() - rest.len()..])
            } else if (lower.starts_with("array<") || lower.starts_with("list<")) && lower.ends_with('>') {
                let open = t.find('<')?;
                t.get(open + 1..t.len() - 1)
            } else if lower.starts_with("map<") && lower.ends_with('>') {
                return Some(TypeRef::Json);
            } else {
                None
            };
            let inner = element_type(inner?)?;
            return Some(TypeRef::Array(Box::new(inner)));
        }
    };
    Some(ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(t: TypeRef) -> TypeRef {
        TypeRef::Array(Box::new(t))
    }

    #[test]
    fn types() {
        let cases: &[(&str, Option<TypeRef>)] = &[
            ("String", Some(TypeRef::String)),
            (" string ", Some(TypeRef::String)),
            ("Integer", Some(TypeRef::Integer)),
            ("integer", Some(TypeRef::Integer)),
            ("Int64", Some(TypeRef::Integer)),
            ("Long", Some(TypeRef::Integer)),
            ("long", Some(TypeRef::Integer)),
            ("UInt64", Some(TypeRef::Unsigned)),
            ("Float", Some(TypeRef::Float)),
            ("Double", Some(TypeRef::Float)),
            ("Boolean", Some(TypeRef::Boolean)),
            ("Bool", Some(TypeRef::Boolean)),
            ("boolean", Some(TypeRef::Boolean)),
            ("Timestamp", Some(TypeRef::Timestamp)),
            ("Date", Some(TypeRef::Timestamp)),
            ("Timestamp ISO8601", Some(TypeRef::Timestamp)),
            ("object", Some(TypeRef::Json)),
            ("Array of String", Some(arr(TypeRef::String))),
            ("Array of Filter", Some(arr(TypeRef::Model("Filter".into())))),
            ("array<string>", Some(arr(TypeRef::String))),
            ("array<object>", Some(arr(TypeRef::Json))),
            ("Filter", Some(TypeRef::Model("Filter".into()))),
            ("", None),
            ("??", None),
            ("some words", None),
            ("Array of ", None),
            ("array<", None),
            ("字符串", None),
            // Legacy Tencent (Batch) cells: `Filters.N | array of Filter objects | 否 | 过滤条件`,
            // `Placement | Placement object | 位置信息`, `Values.N | array of Strings | 是 | 若干个过滤值`.
            ("array of Filter objects", Some(arr(TypeRef::Model("Filter".into())))),
            ("Placement object", Some(TypeRef::Model("Placement".into()))),
            ("array of Strings", Some(arr(TypeRef::String))),
            ("Array of String", Some(arr(TypeRef::String))),
            // A structure whose name ends in `s` stays a structure.
            ("array of Tags", Some(arr(TypeRef::Model("Tags".into())))),
            // CAS DescribeOrderInstanceList: a lower-case element after `Array of`.
            ("Array of order", Some(arr(TypeRef::Model("order".into())))),
            ("Array of order list", None),
            ("some object", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_type(text), *want, "{text:?}");
        }
        assert_eq!(builtin_type("RequestId"), None);
    }

    #[test]
    fn tables_of_values() {
        let table = |names: &[&str]| Table {
            header: vec!["名称".into(), "类型".into(), "是否必选".into(), "描述".into()],
            line: 1,
            rows: names.iter().map(|n| Row::new(vec![vec![n.to_string()], vec!["String".into()]], 4, 2)).collect(),
        };
        let cols = ParamCols { name: 0, ty: 1, required: Some(2), description: Some(3), example: None };
        // Batch DescribeComputeEnvs `#### 过滤条件表`: `env-id | String | 否 | 过滤计算环境 ID`, ...
        assert!(lists_values(&table(&["env-id", "env-name", "zone"]), &cols));
        // Batch DescribeAvailableCvmInstanceTypes: `| zone | ...`, `| instance-family | ...`.
        assert!(lists_values(&table(&["zone", "instance-family"]), &cols));
        // Parameters: Tencent's `EnvIds.N`, Alibaba's camelCase `regionId`, a lone `zone`.
        assert!(!lists_values(&table(&["Version", "EnvIds.N", "Filters.N"]), &cols));
        assert!(!lists_values(&table(&["regionId", "autoSnapshotPolicyId"]), &cols));
        assert!(!lists_values(&table(&["zone"]), &cols));
    }

    #[test]
    fn required_cells() {
        // ECS AttachClassicLinkVpc: `|RegionId|String|Yes.| Region ID of the instance. ...|`
        for (text, want) in [
            ("Yes", Some(true)),
            ("Yes.", Some(true)),
            ("No.", Some(false)),
            (" **No** ", Some(false)),
            ("是", Some(true)),
            ("否。", Some(false)),
            ("Yes, when X", None),
            ("", None),
        ] {
            assert_eq!(parse_required(text), want, "{text:?}");
        }
    }

    #[test]
    fn classifies_tables() {
        let h = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(matches!(
            classify(&h(&["Parameter Name", "Required", "Type", "Description"])),
            Kind::Params(ParamCols { name: 0, ty: 2, required: Some(1), description: Some(3), example: None })
        ));
        assert!(matches!(
            classify(&h(&["Parameter", "Type", "Required", "Description", "Example"])),
            Kind::Params(ParamCols { name: 0, ty: 1, required: Some(2), description: Some(3), example: Some(4) })
        ));
        assert!(matches!(classify(&h(&["Error Code", "Description"])), Kind::Errors(_)));
        // Cloud Config ListConfigRules: `|HttpCode|Error codes|Error message|Description|`.
        assert!(matches!(
            classify(&h(&["HttpCode", "Error codes", "Error message", "Description"])),
            Kind::Errors(ErrorCols { code: 1, message: Some(2), status: Some(0), description: Some(3) })
        ));
        assert!(matches!(
            classify(&h(&["Action", "Access level", "Resource type", "Condition key", "Dependent action"])),
            Kind::Ram
        ));
        // DDS DescribeInstanceAutoRenewalAttribute: `|Prameter|Type|Sample response|Description|`.
        assert!(matches!(
            classify(&h(&["Prameter", "Type", "Sample response", "Description"])),
            Kind::Params(ParamCols { name: 0, ty: 1, required: None, description: Some(3), .. })
        ));
        assert!(!is_column_name("Parameters list") && !is_column_name("Types") && is_column_name("Descripton"));
        assert!(!is_column_name("Examples") && !is_column_name("Descriptions"));
        assert!(!is_column_name("Error codes"), "a heading line of scraped text");
        // CDN DescribeL2VipsByDomain: `|Parameters|Type|Required|Example values|Description|`.
        assert!(matches!(
            classify(&h(&["Parameters", "Type", "Required", "Example values", "Description"])),
            Kind::Params(ParamCols { name: 0, ty: 1, required: Some(2), example: Some(3), description: Some(4) })
        ));
        // MTS's pages: `|Parameters|Type|Required or not|Description|`.
        assert!(matches!(
            classify(&h(&["Parameters", "Type", "Required or not", "Description"])),
            Kind::Params(ParamCols { name: 0, ty: 1, required: Some(2), description: Some(3), example: None })
        ));
        // KMS's 2018 Chinese pages: `|名称|类型|是否必需|描述|`.
        assert!(matches!(
            classify(&h(&["名称", "类型", "是否必需", "描述"])),
            Kind::Params(ParamCols { name: 0, ty: 1, required: Some(2), description: Some(3), example: None })
        ));
        assert_eq!(classify(&h(&["Foo", "Bar"])), Kind::Unknown);
        assert_eq!(classify(&[]), Kind::Unknown);
    }
}
