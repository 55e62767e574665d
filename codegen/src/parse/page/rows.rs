//! Table rows -> what they mean: parameter rows (fields, or the common parameters Action,
//! Version and Region), error-code rows, and the width check every row gets. Used by the
//! walk; the rows are nested afterwards (`nesting`).

use super::lexicon;
use super::table::{ErrorCols, ParamCols, Row, Table, parse_required, parse_type, split_name};
use crate::diag::Diagnostics;
use crate::parse::prose::{self, Sentence};
use crate::source::SourceFile;
use crate::spec::{Constraint, ErrorCode, ErrorOrigin, Field, Rule, Span, TypeRef};

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

/// Warns about a row the page ends inside (see [`Row::cut`]): its last cell is cut short, and
/// every row and section after it is missing.
pub(crate) fn check_cut(row: &Row, file: &SourceFile, diags: &mut Diagnostics) {
    if row.cut {
        diags
            .warning(file.span_line(row.line), "the page ends inside this table row: it has no closing `|`")
            .with_note("the page looks cut short here; the rest of this row and everything after it are missing");
    }
}

/// What one row of a parameter table is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamRow {
    Field(Box<Param>),
    /// A common parameter (Action, Version, Region): not a field; `value` is what the row
    /// says this API uses, if it says (its sentence first, else its example cell);
    /// `example` is an action name in its example cell.
    Common {
        name: String,
        value: Option<String>,
        example: Option<String>,
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
    /// No type cell but a description (Chinese Alibaba pages write structures so), or the
    /// type `N/A` (RAM: `|Role|N/A|N/A|The information about the RAM role.|`).
    Untyped,
    /// Type `Object`: a structure where the example shows one, else JSON
    /// (RAM: `|User|Object| |The information of the RAM user.|`).
    Object,
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
    /// Tree glyphs before the name (`└AccessKeyId`: 1): the row is a field at least that
    /// many levels down; on a table that draws a tree, rows without glyphs are top-level.
    pub tree_depth: usize,
    /// From a table written one cell per line ([`super::table::Row::flat`]).
    pub flat: bool,
    /// The type cell links to the structure's definition (`Array of [SlowLogData](...#SlowLogData)`):
    /// its fields are there, not in the rows after this one.
    pub defined_elsewhere: bool,
    /// A list row whose element's fields are the table that follows it (set by the walk,
    /// see `Walker::list_table_open`): it opens whatever the example shows.
    pub element_table_follows: bool,
}

/// Where a parameter row is: an operation's own table (the request's or the response's), or
/// the member table of a structure (`## SecurityGroupPolicy` on a Data Types page), whose
/// `Action` and `Version` are members like any other (VPC's policy `Action`: ACCEPT or DROP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowOf {
    Operation,
    Structure,
}

/// Reads one parameter row; `None` (with a warning when something was there) when the row
/// has no usable name.
pub(crate) fn param_row(
    row: &Row,
    cols: &ParamCols,
    is_request: bool,
    of: RowOf,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<ParamRow> {
    if row.is_blank() {
        return None;
    }
    let span = file.span_line(row.line);
    let raw_name = row.text(cols.name);
    let (tree_depth, name) = lexicon::tree_prefix(raw_name.trim_matches(['`', '*', ' ', '\\']));
    let name = name.trim_matches(['`', '*', ' ', '\\']).to_string();
    // `HostIds.` (CVM Data Types): a stray dot after the name, the list marker's `N` or a
    // member name lost. The row still names its field; the dot goes, with a warning.
    let name = match name.strip_suffix('.').filter(|n| split_name(n).is_some()) {
        Some(trimmed) => {
            diags
                .warning(span.clone(), format!("parameter name `{name}` ends with `.`; read as `{trimmed}`"))
                .with_note("a name segment after the dot would make it a nested field; none is given");
            trimmed.to_string()
        }
        None => name,
    };
    let description = cols.description.map(|c| row.lines(c)).unwrap_or_default();
    let example = cols.example.map(|c| row.text(c)).filter(|e| !e.is_empty());
    let common = of == RowOf::Operation
        && match name.as_str() {
            // Action and Version are the API's own query parameters on both clouds: never fields.
            "Action" | "Version" if is_request => true,
            "Action" | "Version" | "Region" => prose::is_common_param(&description.join(" ")),
            _ => false,
        };
    if common {
        let joined = description.join(" ");
        let example = (name == "Action").then(|| example.clone().filter(|e| lexicon::is_action_name(e))).flatten();
        let value = prose::api_value(&joined).or_else(|| example.clone());
        return Some(ParamRow::Common { name, value, example, line: row.line });
    }
    let Some((path, leaf, indexed)) = split_name(&name) else {
        diags
            .warning(span, format!("parameter name `{raw_name}` is not an identifier; row skipped"))
            .with_note("expected a wire name such as `JobId`, `InstanceIds.N` or `DataDisk.N.Size`");
        return None;
    };
    let raw_ty = row.text(cols.ty);
    let raw_required = cols.required.map(|c| row.text(c)).unwrap_or_default();
    // An element row names the element and says nothing else: its cells are empty, or `N/A`
    // (CMS: `|Contact|N/A|N/A|N/A|` after `|Contacts|Array of Contact|N/A|...|`).
    // (`lines` drops empty lines, so no lines is no text.)
    let says_nothing = |t: &str| t.trim().is_empty() || t.trim().eq_ignore_ascii_case("n/a");
    if says_nothing(&raw_ty)
        && description.iter().all(|l| says_nothing(l))
        && example.as_deref().is_none_or(says_nothing)
        && says_nothing(&raw_required)
    {
        let field = Field { name: leaf, span, ..Field::default() };
        let p = Param {
            field,
            raw_name,
            path,
            marker: true,
            opener: Opener::None,
            count_limit: None,
            wrapped_list: false,
            tree_depth,
            flat: row.flat,
            defined_elsewhere: false,
            element_table_follows: false,
        };
        return Some(ParamRow::Field(Box::new(p)));
    }
    let lower_ty = raw_ty.trim().trim_matches(['`', '*']).to_ascii_lowercase();
    let mut opener = match lower_ty.as_str() {
        "struct" => Opener::Struct,
        "" | "n/a" => Opener::Untyped,
        "object" => Opener::Object,
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
    // `array<object>` (Alibaba's current pages) is an array whose element rows follow, as
    // `Array of X` is.
    let element_rows = matches!(&ty, TypeRef::Array(item) if matches!(**item, TypeRef::Model(_) | TypeRef::Json));
    if lower_ty == "array" || element_rows {
        opener = Opener::Array;
    }
    if indexed && !matches!(ty, TypeRef::Array(_)) {
        ty = TypeRef::Array(Box::new(ty));
    }
    // The description's sentences, line by line, each normalised once for all the rules below.
    let sentences: Vec<Vec<Sentence<'_>>> =
        description.iter().map(|l| prose::split_sentences(l).into_iter().map(Sentence::new).collect()).collect();
    // A String request parameter whose value "can be a JSON array that consists of up to 100
    // instance IDs": a list of strings, sent as its JSON text. Not when its example shows
    // objects (`[{"ServerId":"i-1"}]`): that String holds JSON of another shape.
    let json_text = is_request
        && ty == TypeRef::String
        && path.is_empty()
        && !example.as_deref().is_some_and(|e| e.contains('{'))
        && sentences.iter().flatten().any(Sentence::is_json_array_value);
    if json_text {
        ty = TypeRef::Array(Box::new(TypeRef::String));
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
    let mut constraints = if is_request { field_constraints(&description, &sentences, &ty, &span) } else { Vec::new() };
    let mut count_limit = None;
    if indexed || path.iter().any(|(_, i)| *i) {
        count_limit = sentences.iter().flatten().find_map(|s| {
            s.index_limit().map(|rule| Constraint { rule, source: s.text.to_string(), span: span.clone() })
        });
        let has_items = constraints.iter().any(|x| matches!(x.rule, Rule::Items { .. }));
        if let Some(c) = count_limit.take_if(|_| path.is_empty()).filter(|_| !has_items) {
            constraints.push(c);
        }
    }
    let deprecated = sentences.iter().flatten().any(Sentence::is_deprecation);
    drop(sentences);
    let field = Field { name: leaf, ty, required, description, constraints, example, deprecated, json_text, span };
    // `List<DBInstanceAccount>` too: a list the answer wraps in an object named after its
    // element (AnalyticDB DescribeAccounts: `"Accounts": {"DBInstanceAccount": [..]}`).
    let wrapped_list = lower_ty == "list" || (lower_ty.starts_with("list<") && lower_ty.ends_with('>'));
    Some(ParamRow::Field(Box::new(Param {
        field,
        raw_name,
        path,
        marker: false,
        opener,
        count_limit,
        wrapped_list,
        tree_depth,
        flat: row.flat,
        defined_elsewhere: row.linked.get(cols.ty).copied().unwrap_or(false),
        element_table_follows: false,
    })))
}

/// Rules read from a request field's description, kept only where they fit the type: item
/// bounds on lists, length bounds and allowed values on strings (or their items), ranges on
/// integers. Where the description gives two different rules of one kind, neither is kept:
/// a wrong rule would refuse valid requests. (`sentences`: those of each description line.)
fn field_constraints(description: &[String], sentences: &[Vec<Sentence<'_>>], ty: &TypeRef, span: &Span) -> Vec<Constraint> {
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
    for (line, line_sentences) in description.iter().zip(sentences) {
        // A list item's sentences are read without its `- `.
        let item = line.trim_start_matches("- ");
        let own;
        let line_sentences = if item.len() == line.len() {
            line_sentences
        } else {
            own = prose::split_sentences(item).into_iter().map(Sentence::new).collect::<Vec<_>>();
            &own
        };
        for sentence in line_sentences {
            conditional.extend(sentence.conditional_rules().iter().map(kind));
            if is_array {
                let count = sentence.array_limit().or_else(|| (!integer).then(|| sentence.count_range()).flatten());
                if let Some(rule) = count.filter(|r| matches!(r, Rule::Items { .. })) {
                    add(rule, sentence.text);
                }
            }
            if let Some(rule) = string.then(|| sentence.length_limit()).flatten() {
                add(rule, sentence.text);
            }
            if let Some(rule) = integer.then(|| sentence.numeric_range()).flatten() {
                add(rule, sentence.text);
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
