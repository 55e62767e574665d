//! Tables shared by every layout: what a table is (by its header) and what its rows mean.

use crate::diag::Diagnostics;
use crate::spec::{Constraint, ErrorCode, ErrorOrigin, Field, Rule, TypeRef};
use crate::parse::prose;
use crate::source::SourceFile;

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
}

impl Row {
    /// Builds a row from the cells found, padded or truncated to `width` columns.
    pub fn new(mut cells: Vec<Vec<String>>, width: usize, line: u32) -> Self {
        let found = cells.len();
        cells.resize(width, Vec::new());
        Row { cells, found, line }
    }

    fn text(&self, col: usize) -> String {
        let lines = self.cells.get(col).map(Vec::as_slice).unwrap_or_default();
        if let [line] = lines {
            return line.trim().to_owned();
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        joined.join(" ")
    }

    fn lines(&self, col: usize) -> Vec<String> {
        let lines = self.cells.get(col).map(Vec::as_slice).unwrap_or_default();
        lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
    }

    fn is_blank(&self) -> bool {
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
    match h.as_str() {
        "parameter name" | "parameter" | "name" | "element" | "field" | "parameter name." | "参数名称" | "参数名"
        | "名称" | "参数" => Column::Name,
        "type" | "类型" => Column::Type,
        "required" | "required?" | "必选" | "是否必选" | "是否必填" => Column::Required,
        "description" | "描述" | "说明" => Column::Description,
        "example" | "example value" | "sample value" | "示例值" | "示例" => Column::Example,
        "error code" | "错误码" | "code" => Column::Code,
        "error message" | "错误信息" | "message" => Column::Message,
        "http status code" | "http status" | "status code" | "httpcode" | "http code" | "http 状态码"
        | "http状态码" => Column::Status,
        "action" | "access level" | "resource type" | "condition key" | "dependent action" | "api" | "操作"
        | "访问级别" | "资源类型" | "条件关键字" | "关联操作" => Column::Ram,
        _ => Column::Other,
    }
}

/// Classifies a table by its header cells.
pub(crate) fn classify(header: &[String]) -> Kind {
    let cols: Vec<Column> = header.iter().map(|h| column(h)).collect();
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

/// Is this header cell one a table header could have? (Used to find one-cell-per-line
/// headers in scraped text.)
pub(crate) fn is_column_name(text: &str) -> bool {
    column(text) != Column::Other
}

/// Warns about a row whose cell count differs from the header's.
pub(crate) fn check_width(table: &Table, row: &Row, file: &SourceFile, diags: &mut Diagnostics) {
    if row.found != table.header.len() {
        diags
            .warning(
                file.span_line(row.line),
                format!("a table row has {} cells, the header has {}", row.found, table.header.len()),
            )
            .with_note(format!("expected one cell per column: `{}`", table.header.join(" | ")));
    }
}

/// What one row of a parameter table is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamRow {
    Field(Box<Param>),
    /// A common parameter (Action, Version, Region): not a field; `value` is what the row
    /// says this API uses, if it says.
    Common {
        name: String,
        value: Option<String>,
        line: u32,
    },
}

/// Whether a row opens a structure whose fields are the rows after it (see `nesting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opener {
    None,
    /// Type `Struct`.
    Struct,
    /// `Array of X` or `Array`: a list of structures when an element row (`|X| | | |`) follows.
    Array,
    /// No type cell but a description (Chinese Alibaba pages write structures so).
    Untyped,
}

/// One parameter row, read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    /// The field, named by the last part of the row's name (`Size` of `DataDisk.N.Size`).
    pub field: Field,
    /// The name as written, for messages.
    pub raw_name: String,
    /// Structures the name passes through, with whether each is a list:
    /// `DataDisk.N.Part.N.Device` -> `[(DataDisk, true), (Part, true)]`.
    pub path: Vec<(String, bool)>,
    /// An element row of a list of structures: a name and nothing else (`|Instance| | | |`).
    pub marker: bool,
    pub opener: Opener,
    /// "Valid values of N: 1 to 20": a bound on the innermost list of a flattened name.
    pub count_limit: Option<Constraint>,
    /// Alibaba's `List` type word: a list of strings which a JSON response wraps in an
    /// object named after the element (`"SecurityGroupIds": {"SecurityGroupId": [..]}`).
    pub wrapped_list: bool,
}

/// Reads one parameter row; `None` (with a warning when something was there) when the row
/// has no usable name.
pub(crate) fn param_row(
    row: &Row,
    cols: &ParamCols,
    is_request: bool,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<ParamRow> {
    if row.is_blank() {
        return None;
    }
    let span = file.span_line(row.line);
    let raw_name = row.text(cols.name);
    let name = raw_name.trim_matches(['`', '*', ' ', '\\']).to_string();
    let description = cols.description.map(|c| row.lines(c)).unwrap_or_default();
    let example = cols.example.map(|c| row.text(c)).filter(|e| !e.is_empty());
    let common = match name.as_str() {
        // Action and Version are the API's own query parameters on both clouds: never fields.
        "Action" | "Version" if is_request => true,
        "Action" | "Version" | "Region" => prose::is_common_param(&description.join(" ")),
        _ => false,
    };
    if common {
        let joined = description.join(" ");
        let value = prose::api_value(&joined).or_else(|| {
            (name == "Action").then(|| example.clone().filter(|e| super::lexicon::is_action_name(e))).flatten()
        });
        return Some(ParamRow::Common { name, value, line: row.line });
    }
    let Some((path, leaf, indexed)) = split_name(&name) else {
        diags
            .warning(span, format!("parameter name `{raw_name}` is not an identifier; row skipped"))
            .with_note("expected a wire name such as `JobId`, `InstanceIds.N` or `DataDisk.N.Size`");
        return None;
    };
    let raw_ty = row.text(cols.ty);
    let raw_required = cols.required.map(|c| row.text(c)).unwrap_or_default();
    // (`lines` drops empty lines, so no lines is no text.)
    if raw_ty.trim().is_empty() && description.is_empty() && example.is_none() && raw_required.is_empty() {
        let field = Field { name: leaf, span, ..Field::default() };
        let p =
            Param { field, raw_name, path, marker: true, opener: Opener::None, count_limit: None, wrapped_list: false };
        return Some(ParamRow::Field(Box::new(p)));
    }
    let lower_ty = raw_ty.trim().trim_matches(['`', '*']).to_ascii_lowercase();
    let mut opener = match lower_ty.as_str() {
        "struct" => Opener::Struct,
        "" => Opener::Untyped,
        _ => Opener::None,
    };
    let mut ty = if opener == Opener::Untyped {
        TypeRef::Json
    } else {
        match parse_type(&raw_ty) {
            Some(ty) => ty,
            None => {
                diags
                    .warning(span.clone(), format!("unknown type `{raw_ty}` for parameter `{leaf}`; read as JSON"))
                    .with_note(
                        "expected String, Integer, Int64, UInt64, Float, Boolean, Timestamp, Object, \
                         `Array of X` or a structure name",
                    );
                TypeRef::Json
            }
        }
    };
    if lower_ty == "array" || matches!(&ty, TypeRef::Array(item) if matches!(**item, TypeRef::Model(_))) {
        opener = Opener::Array;
    }
    if indexed && !matches!(ty, TypeRef::Array(_)) {
        ty = TypeRef::Array(Box::new(ty));
    }
    let required = match cols.required {
        None => false,
        Some(_) => parse_required(&raw_required).unwrap_or_else(|| {
            diags
                .warning(
                    span.clone(),
                    format!("cannot tell whether `{leaf}` is required from `{raw_required}`; read as optional"),
                )
                .with_note("expected Yes or No");
            false
        }),
    };
    let mut constraints = if is_request { field_constraints(&description, &ty, &span) } else { Vec::new() };
    let mut count_limit = None;
    if indexed || path.iter().any(|(_, i)| *i) {
        count_limit = description.iter().flat_map(|l| prose::split_sentences(l)).find_map(|s| {
            prose::index_limit(s).map(|rule| Constraint { rule, source: s.to_string(), span: span.clone() })
        });
        let has_items = constraints.iter().any(|x| matches!(x.rule, Rule::Items { .. }));
        if let Some(c) = count_limit.take_if(|_| path.is_empty()).filter(|_| !has_items) {
            constraints.push(c);
        }
    }
    let field = Field { name: leaf, ty, required, description, constraints, example, span };
    let wrapped_list = lower_ty == "list";
    Some(ParamRow::Field(Box::new(Param { field, raw_name, path, marker: false, opener, count_limit, wrapped_list })))
}

/// Rules read from a request field's description, kept only where they fit the type: item
/// bounds on lists, length bounds and allowed values on strings (or their items), ranges on
/// integers. Where the description gives two different rules of one kind, neither is kept:
/// a wrong rule would refuse valid requests.
fn field_constraints(description: &[String], ty: &TypeRef, span: &crate::spec::Span) -> Vec<Constraint> {
    let is_array = matches!(ty, TypeRef::Array(_));
    let item = match ty {
        TypeRef::Array(item) => item.as_ref(),
        other => other,
    };
    let string = *item == TypeRef::String;
    let integer = matches!(item, TypeRef::Integer | TypeRef::Unsigned);
    let kind = |r: &Rule| std::mem::discriminant(r);
    let mut found: Vec<Constraint> = Vec::new();
    // Kinds of rule the description states only under a condition.
    let mut conditional = Vec::new();
    let mut add = |rule: Rule, source: &str| {
        if !found.iter().any(|c| c.rule == rule) {
            found.push(Constraint { rule, source: source.to_string(), span: span.clone() });
        }
    };
    for line in description {
        for sentence in prose::split_sentences(line.trim_start_matches("- ")) {
            conditional.extend(prose::conditional_rules(sentence).iter().map(kind));
            if is_array {
                let count =
                    prose::array_limit(sentence).or_else(|| (!integer).then(|| prose::count_range(sentence)).flatten());
                if let Some(rule) = count.filter(|r| matches!(r, Rule::Items { .. })) {
                    add(rule, sentence);
                }
            }
            if let Some(rule) = string.then(|| prose::length_limit(sentence)).flatten() {
                add(rule, sentence);
            }
            if let Some(rule) = integer.then(|| prose::numeric_range(sentence)).flatten() {
                add(rule, sentence);
            }
        }
    }
    if let Some((rule, source)) = string.then(|| prose::enumeration(description)).flatten() {
        add(rule, &source);
    }
    let conflicting: Vec<_> = found
        .iter()
        .filter(|c| found.iter().filter(|d| kind(&d.rule) == kind(&c.rule)).count() > 1)
        .map(|c| kind(&c.rule))
        .collect();
    found.retain(|c| !conflicting.contains(&kind(&c.rule)) && !conditional.contains(&kind(&c.rule)));
    found
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

/// Reads one error-code row; `None` (with a warning) when it has no usable code.
pub(crate) fn error_row(row: &Row, cols: &ErrorCols, file: &SourceFile, diags: &mut Diagnostics) -> Option<ErrorCode> {
    if row.is_blank() {
        return None;
    }
    let span = file.span_line(row.line);
    let raw = row.text(cols.code);
    let code = raw.trim_matches(['`', '*', ' ']).to_string();
    let valid = !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid {
        diags
            .warning(span, format!("error code `{raw}` is not a code; row skipped"))
            .with_note("expected a code such as `InvalidParameter` or `ResourceNotFound.JobNotExist`");
        return None;
    }
    let description = cols.description.map(|c| row.text(c)).unwrap_or_default();
    let message = cols.message.map(|c| row.text(c)).filter(|m| !m.is_empty());
    let http_status = match cols.status {
        None => None,
        Some(c) => {
            let raw = row.text(c);
            match raw.parse::<u16>() {
                Ok(s) if (100..=599).contains(&s) => Some(s),
                _ if raw.is_empty() => None,
                _ => {
                    diags
                        .warning(span.clone(), format!("HTTP status `{raw}` of error `{code}` is not a status code"))
                        .with_note("expected a number such as 400");
                    None
                }
            }
        }
    };
    Some(ErrorCode { code, description, message, http_status, retryable: false, origin: ErrorOrigin::Operation, span })
}

/// `Yes`/`No` (and their Chinese and true/false spellings).
pub(crate) fn parse_required(text: &str) -> Option<bool> {
    match text.trim().trim_matches(['`', '*']).to_lowercase().as_str() {
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
    let is_model = t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.len() <= 100
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_model.then(|| TypeRef::Model(t.to_string()))
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
            let inner = parse_type(inner?)?;
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
        ];
        for (text, want) in cases {
            assert_eq!(parse_type(text), *want, "{text:?}");
        }
        assert_eq!(builtin_type("RequestId"), None);
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
        assert!(matches!(
            classify(&h(&["Action", "Access level", "Resource type", "Condition key", "Dependent action"])),
            Kind::Ram
        ));
        assert_eq!(classify(&h(&["Foo", "Bar"])), Kind::Unknown);
        assert_eq!(classify(&[]), Kind::Unknown);
    }
}
