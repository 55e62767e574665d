//! Blocks -> what a page says, section by section: the one stateful step of page reading.
//!
//! Sections come from headings ([`section::classify`]). Pages without headings (scraped
//! Tencent pages) are read by content: prose before the first table is the description, a
//! parameter table with a Required column is the request, one without is the response, and
//! code blocks after the tables are the examples. Rows are read here ([`rows::param_row`],
//! [`rows::error_row`]) but not nested, and nothing is resolved: which name the page has,
//! what the description says and how the rows nest are decided afterwards, by `assemble`,
//! from the [`Page`] this walk returns.

use super::block::Block;
use super::example::{self, Code, Draft};
use super::section::{self, HeadingKind, Section, Sub};
use super::realign::realign;
use super::rows::{self, Param, ParamRow, RowOf};
use super::table::{self, Kind, ParamCols, Table};
use crate::diag::Diagnostics;
use crate::parse::prose;
use crate::spec::{ErrorCode, ExampleRequest};
use crate::source::SourceFile;

/// What the walk found, in page order.
#[derive(Default)]
pub(crate) struct Page {
    /// The level-1 heading that is not a known section (`Service:Action`, `RunCommand`).
    pub title: Option<(String, u32)>,
    /// The value the request's `Action` common-parameter row gives, with the row's line.
    pub action: Option<(String, u32)>,
    /// The action name in the `Action` row's example cell, which may differ from what its
    /// sentence says (`DescribeUserData` beside "Set the value to DescribeUserdata").
    pub action_example: Option<String>,
    /// The value the request's `Version` common-parameter row gives, with the row's line.
    pub version: Option<(String, u32)>,
    /// Description paragraphs, as written (facts in them are read later).
    pub description: Vec<(String, u32)>,
    /// The URLs of every paragraph, whatever its section, in page order: its link targets
    /// (Markdown), then the URLs written out in its text (scraped text keeps only these).
    /// Facts such as the version in the OpenAPI Explorer link are read from them later.
    pub urls: Vec<String>,
    /// Error codes; a code listed once per message is one entry, descriptions joined.
    pub errors: Vec<ErrorCode>,
    /// Whether a request (response) parameter table was seen, even one without usable rows.
    pub request_table: bool,
    pub response_table: bool,
    /// Parameter rows of each request table and each response table, not yet nested.
    pub request_rows: Vec<Vec<Param>>,
    pub response_rows: Vec<Vec<Param>>,
    /// Tables a sentence says describe a data type ("The following table describes the
    /// parameters of the Configuration data type."): the type's name and the rows of its
    /// fields, in the request or the response section.
    pub request_types: Vec<(String, Vec<Param>)>,
    pub response_types: Vec<(String, Vec<Param>)>,
    /// Examples with a request or a response, in page order.
    pub examples: Vec<Draft>,
    /// The sections headings opened, in page order, with what each held (empty on pages
    /// without headings).
    pub sections: Vec<Seen>,
    /// Line of the first response parameter table, and whether a row of a response table
    /// is `RequestId`.
    pub response_line: Option<u32>,
    pub request_id: bool,
    /// Line of the first error-code table, and whether it has an HTTP status column.
    pub error_table: Option<(u32, bool)>,
    /// Structures the page defines, in page order: a heading that names one (`## Placement`
    /// on a Data Types page, `#### Filter` under a legacy page's request table) followed by a
    /// parameter table of its members.
    pub models: Vec<ModelSection>,
}

/// One structure a page defines: its heading, the paragraphs before its table, its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelSection {
    pub name: String,
    pub line: u32,
    pub description: Vec<String>,
    pub rows: Vec<Vec<Param>>,
}

/// One section a heading opened, and what the walk found in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Seen {
    pub section: Section,
    pub heading: String,
    pub line: u32,
    /// Tables read in the section (of any kind, unknown ones included).
    pub tables: usize,
    /// Error codes read in the section, and rows of its tables (of any kind).
    pub codes: usize,
    pub rows: usize,
    /// Its paragraphs, as written.
    pub paragraphs: Vec<String>,
    /// Links in its paragraphs that are not boilerplate (a section that links elsewhere says
    /// where its content is; "Only the error codes related to this API are listed below"
    /// with its link to the common codes promises a list here).
    pub links: usize,
}

/// Walks the blocks of a page. `not_structures` are one-word headings a first walk read as
/// structures but no row of the page uses as a type (`### Body` inside the request,
/// `## Parameters`): this walk reads their tables as the parameters of the section they sit
/// in, with a warning at the heading (see `assemble::build`).
pub(crate) fn walk(file: &SourceFile, blocks: &[Block], not_structures: &[String], diags: &mut Diagnostics) -> Page {
    let mut w = Walker {
        file,
        not_structures,
        section: Section::Preamble,
        saw_table: false,
        section_params: false,
        hint: None,
        current: None,
        model: None,
        model_paras: Vec::new(),
        model_level: 0,
        last_para: None,
        other_tables: None,
        value_of: None,
        list_table_open: false,
        page: Page::default(),
    };
    for block in blocks {
        let para = match block {
            Block::Para { text, bullet: false, .. } => Some(text.clone()),
            _ => None,
        };
        w.block(block, diags);
        w.last_para = para;
    }
    w.finish_example();
    w.close_model(diags);
    w.page
}

struct Walker<'f> {
    file: &'f SourceFile,
    /// Headings not to read as structures (see [`walk`]).
    not_structures: &'f [String],
    /// The section the walk is in.
    section: Section,
    /// Whether a table was seen: headingless pages end their description at the first one,
    /// and start their examples after it.
    saw_table: bool,
    /// Whether the current section has read a parameter table (a table of filter values
    /// only ever follows the parameter table whose filter takes them).
    section_params: bool,
    /// What the next code block of an example is, as the last sub-heading said.
    hint: Option<Sub>,
    /// The example being read.
    current: Option<Draft>,
    /// The structure a heading named, while its section lasts (see [`Page::models`]).
    model: Option<ModelSection>,
    /// The paragraphs under that heading, before its table: read again through the ordinary
    /// path when no table follows (the heading was a one-word sub-heading, `### Notes`).
    model_paras: Vec<Block>,
    /// The level of that heading.
    model_level: u8,
    /// The paragraph just before the next block, if the last block was one.
    last_para: Option<String>,
    /// What a sentence of this section said the next table (or tables) describe, when not
    /// the operation's parameters ([`prose::tables_describe_other`]): subject, line, plural.
    other_tables: Option<(String, u32, bool)>,
    /// A field whose JSON value the next table describes, as a heading, a caption or a
    /// sentence naming it said (`## AuditContent`, "Description of the Hosts parameter": a
    /// String request parameter; "The following table describes the parameters in the
    /// Resources section.": a map of the answer), the line that said it, and whether it is the
    /// answer's: the table's rows are that value's members, not fields. Only for the next
    /// block: any other heading, code block or table ends it.
    value_of: Option<(String, u32, bool)>,
    /// The last block was a response table ending with a list row (`|Regions|List|..|`, `|Accounts|List<DBInstanceAccount>|..|`):
    /// a table right after it, with no caption or heading between, lists the element's
    /// fields (Smart Access Gateway and AnalyticDB 2018-2019 pages split them so).
    list_table_open: bool,
    page: Page,
}

impl Walker<'_> {
    fn block(&mut self, block: &Block, diags: &mut Diagnostics) {
        if !matches!(block, Block::Table(_)) {
            self.list_table_open = false;
        }
        match block {
            Block::Heading { level, text, line } => self.heading(*level, text, *line, diags),
            Block::Para { text, line, links, .. } => {
                if let Some(model) = self.model.as_mut() {
                    // What the structure is, before its table (kept aside until a table
                    // says the heading is a structure).
                    if model.rows.is_empty() {
                        model.description.push(text.clone());
                        self.model_paras.push(block.clone());
                    } else {
                        self.page.urls.extend(links.iter().cloned());
                    }
                    return;
                }
                if let Some(seen) = self.page.sections.last_mut() {
                    seen.paragraphs.push(text.clone());
                    if !prose::is_boilerplate(text) {
                        seen.links += links.len();
                    }
                }
                self.page.urls.extend(links.iter().cloned());
                if matches!(self.section, Section::Request | Section::Response) {
                    // The last "The following table(s) ..." sentence says what comes next: one
                    // about parameters or a data type ends what an earlier one said.
                    let said = prose::split_sentences(text).into_iter().rev().find_map(prose::following_tables);
                    if let Some(said) = said {
                        self.other_tables = said.map(|(subject, plural)| (subject, *line, plural));
                    }
                }
                // "Description of the Hosts parameter": a caption naming a JSON text parameter;
                // "The following table describes the parameters in the Resources section.": a
                // sentence naming a map of the answer.
                let named = prose::captioned_parameter(text)
                    .or_else(|| prose::split_sentences(text).into_iter().rev().find_map(prose::described_section));
                if let Some(parameter) = named.and_then(|name| self.json_text_parameter(name)) {
                    self.value_of = Some((parameter, *line, self.section == Section::Response));
                }
                // A URL written out: a word with a scheme (`(https://...)` keeps its bracket).
                if text.contains("://") {
                    self.page.urls.extend(text.split_whitespace().filter(|w| w.contains("://")).map(str::to_string));
                }
                if matches!(self.section, Section::Preamble | Section::Description) && !self.saw_table {
                    self.page.description.push((text.clone(), *line));
                } else if self.section == Section::Examples && text.chars().count() <= 60 {
                    // Alibaba writes the parts of an example as paragraphs: "Sample requests",
                    // "`XML` format", "Sample success responses".
                    if let Some(HeadingKind::Sub(sub)) = section::classify(text) {
                        self.sub_hint(sub);
                    }
                }
            }
            Block::Table(t) => self.table(t, diags),
            Block::Code { text, line } => self.code(text, *line, diags),
        }
    }

    fn heading(&mut self, level: u8, text: &str, line: u32, diags: &mut Diagnostics) {
        self.close_model(diags);
        self.value_of = None;
        let kind = section::classify(text);
        if level == 1 && !matches!(kind, Some(HeadingKind::Section(_))) {
            if self.page.title.is_none() {
                self.page.title = Some((text.to_string(), line));
            }
            return;
        }
        if self.section == Section::Examples && level >= 2 {
            let empty = self.current.as_ref().is_some_and(|d| d.request.is_none() && d.response.is_none());
            match kind {
                // "Example 1 Delete a task" (Tencent writes it at level 2 or 3).
                None if is_example_title(text) || (level >= 3 && !empty) => {
                    self.finish_example();
                    self.current = Some(Draft { title: text.to_string(), request: None, response: None, line });
                    self.hint = None;
                    return;
                }
                // "Scenario description" under an example title.
                None if level >= 3 => return,
                // "### Request parameters" / "### Response parameters" inside an example.
                Some(HeadingKind::Section(Section::Request)) if level >= 3 => {
                    self.sub_hint(Sub::Input);
                    return;
                }
                Some(HeadingKind::Section(Section::Response)) if level >= 3 => {
                    self.sub_hint(Sub::Output);
                    return;
                }
                _ => {}
            }
        }
        match kind {
            Some(HeadingKind::Section(s)) => {
                self.open_section(s, text, line);
                self.hint = None;
            }
            // `## Sample requests`, `## Sample responses` (AnalyticDB 2019): an example's part
            // as a section of its own, so the examples start there.
            Some(HeadingKind::Sub(sub @ (Sub::Input | Sub::Output)))
                if level <= 2 && self.section != Section::Examples && section::names_an_example(text) =>
            {
                self.open_section(Section::Examples, text, line);
                self.sub_hint(sub);
            }
            Some(HeadingKind::Sub(sub)) => self.sub_hint(sub),
            // `## Placement`, `#### Filter`: a structure, if a table of its members follows.
            None => {
                let name = text.trim().to_string();
                // `## AuditContent {#section_x .section}`: the attribute block is no part of it.
                let title = section::without_attributes(&name);
                if let Some(parameter) = self.json_text_parameter(title) {
                    let answer = self.section == Section::Response;
                    // `## AuditContent` after a request table whose `AuditContent` is a
                    // String: the table below describes that parameter's JSON value.
                    if level <= 2 {
                        self.open_section(Section::Unknown, &name, line);
                    }
                    self.value_of = Some((parameter, line, answer));
                    return;
                }
                if self.not_structures.contains(&name) {
                    // A sub-heading stays in its section; a level-2 heading opens a section of
                    // its own, whose table is the request's if it has a Required column.
                    let read_as = match self.page.sections.last().filter(|_| level > 2) {
                        Some(seen) => format!("parameters of section `{}`", seen.heading),
                        None => "request parameters if it has a Required column, else response parameters".to_string(),
                    };
                    diags
                        .warning(
                            self.file.span_line(line),
                            format!("heading `{name}` reads as a structure, but no row of this page has that type; its table is read as {read_as}"),
                        )
                        .with_note("a structure's heading is the type its users' rows give; a request or response table is under a section heading such as `Request parameters`");
                } else if level >= 2 && is_model_name(text) {
                    // `## Placement`, `#### Filter`: a structure, if a table of its members
                    // follows (else the warning below comes when its section ends).
                    self.model = Some(ModelSection { name, line, description: Vec::new(), rows: Vec::new() });
                    self.model_level = level;
                } else {
                    unknown_heading(self.file, text, line, diags);
                }
                if level <= 2 {
                    self.open_section(Section::Unknown, text, line);
                }
            }
        }
    }

    /// The request parameter `name` names, when its value is JSON text: a top-level String
    /// parameter of the request rows read so far called `name`, or `name` plus `s` (the
    /// `RegisterMetadata` table of the `RegisterMetadatas` parameter).
    ///
    /// In the response section, the field is an answer's top-level one typed as a map or JSON
    /// (ROS GetTemplateEstimateCost's `Resources | Map`), whose keys the table lists.
    fn json_text_parameter(&self, name: &str) -> Option<String> {
        let name = name.trim().trim_matches(['`', '*']);
        let (rows, ty) = match self.section {
            Section::Response => (&self.page.response_rows, crate::spec::TypeRef::Json),
            _ => (&self.page.request_rows, crate::spec::TypeRef::String),
        };
        rows.iter()
            .flatten()
            .filter(|p| p.path.is_empty() && p.field.ty == ty && p.opener == rows::Opener::None)
            .map(|p| &p.field.name)
            .find(|wire| *wire == name || wire.strip_suffix('s') == Some(name))
            .cloned()
    }

    /// The rows of a table describing a JSON text parameter's value: kept in that
    /// parameter's description (one line per member: name, type, whether required, what it
    /// is), not read as parameters of the operation.
    fn describe_json_value(&mut self, parameter: &str, answer: bool, line: u32, t: &Table, cols: &table::ParamCols, diags: &mut Diagnostics) {
        let members: Vec<String> = t
            .rows
            .iter()
            .filter(|r| !r.is_blank())
            .map(|r| {
                let cell = |c: Option<usize>| c.map(|c| r.text(c)).filter(|v| !v.is_empty());
                let mut text = format!("`{}`", r.text(cols.name));
                let ty = r.text(cols.ty);
                let required = cell(cols.required).and_then(|v| table::parse_required(&v));
                match (ty.is_empty(), required) {
                    (false, Some(true)) => text.push_str(&format!(" ({ty}, required)")),
                    (false, _) => text.push_str(&format!(" ({ty})")),
                    (true, Some(true)) => text.push_str(" (required)"),
                    (true, _) => {}
                }
                if let Some(description) = cell(cols.description) {
                    text.push_str(": ");
                    text.push_str(&description);
                }
                format!("- {text}")
            })
            .collect();
        diags
            .warning(
                self.file.span_line(t.line),
                format!("this table describes the JSON value of `{parameter}` (line {line}); its rows are that value's members, kept in its description, not read as fields"),
            )
            .with_note("the field holds JSON (text sent as a string, or a map of the answer); its members are no fields of the operation");
        let rows = if answer { &mut self.page.response_rows } else { &mut self.page.request_rows };
        let field = rows.iter_mut().flatten().find(|p| p.path.is_empty() && p.field.name == parameter).map(|p| &mut p.field);
        if let Some(field) = field {
            field.description.push(format!("Members of its JSON value (the `{parameter}` table of the page):"));
            field.description.extend(members);
        }
    }

    /// Starts `section` at a heading: the example being read ends when the examples do, and
    /// what the last section's sentences and tables said about the next table is forgotten.
    fn open_section(&mut self, section: Section, heading: &str, line: u32) {
        if self.section == Section::Examples && section != Section::Examples {
            self.finish_example();
        }
        self.section_params = false;
        self.other_tables = None;
        self.value_of = None;
        let seen = Seen { section, heading: heading.to_string(), line, tables: 0, codes: 0, rows: 0, paragraphs: Vec::new(), links: 0 };
        self.page.sections.push(seen);
        self.section = section;
    }

    /// Ends the structure a heading opened: kept when a table of its members followed, else
    /// the heading is an unknown one after all.
    fn close_model(&mut self, diags: &mut Diagnostics) {
        let Some(model) = self.model.take() else { return };
        let paras = std::mem::take(&mut self.model_paras);
        if model.rows.is_empty() {
            match self.page.sections.last().filter(|_| self.model_level > 2 && !paras.is_empty()) {
                Some(seen) => {
                    diags
                        .warning(
                            self.file.span_line(model.line),
                            format!("sub-heading `{}` is neither a known section nor a structure (no table follows); its paragraphs are read as part of `{}`", model.name, seen.heading),
                        )
                        .with_note(format!("expected {}", section::EXPECTED_HEADINGS));
                }
                None => unknown_heading(self.file, &model.name, model.line, diags),
            }
            // Its paragraphs are the section's after all (`### Notes` under the description).
            for para in &paras {
                self.block(para, diags);
            }
            return;
        }
        for para in &paras {
            if let Block::Para { links, .. } = para {
                self.page.urls.extend(links.iter().cloned());
            }
        }
        self.page.models.push(model);
    }

    /// The rows of a member table of the structure a heading named.
    fn model_table(&mut self, t: &Table, cols: &ParamCols, diags: &mut Diagnostics) {
        let mut params = Vec::new();
        // An input structure's table has a Required column; its rules are read like a request's.
        let input = cols.required.is_some();
        for row in &t.rows {
            let realigned = realign(row, cols, t.header.len(), self.file, diags);
            if realigned.is_none() {
                rows::check_width(t, row, self.file, diags);
            }
            let row = realigned.as_ref().unwrap_or(row);
            rows::check_cut(row, self.file, diags);
            // A structure's members are never common parameters: `Common` does not come back.
            if let Some(ParamRow::Field(param)) = rows::param_row(row, cols, input, RowOf::Structure, self.file, diags) {
                params.push(*param);
            }
        }
        if let Some(model) = self.model.as_mut() {
            model.rows.push(params);
        }
    }

    /// A sub-heading (or a paragraph standing for one) says what the next code block is.
    fn sub_hint(&mut self, sub: Sub) {
        match sub {
            // "JSON format" after "Input example" is the input, else the output.
            Sub::Json => {
                if !matches!(self.hint, Some(Sub::Input | Sub::Error)) {
                    self.hint = Some(Sub::Output);
                }
            }
            // "XML format" after "Sample error responses" is still the error response.
            Sub::Xml if self.hint == Some(Sub::Error) => {}
            sub => self.hint = Some(sub),
        }
    }

    fn table(&mut self, t: &Table, diags: &mut Diagnostics) {
        if self.section == Section::Skipped {
            return;
        }
        self.saw_table = true;
        // "The following table ..." says what the next table is, whatever kind it is.
        let other_tables = self.other_tables.clone();
        if other_tables.as_ref().is_some_and(|(_, _, plural)| !plural) {
            self.other_tables = None;
        }
        let kind = table::classify(&t.header);
        // Only the very next table continues a list's (see `list_table_open`).
        let continues_list = std::mem::take(&mut self.list_table_open);
        if let (Some((parameter, line, answer)), Kind::Params(cols)) = (self.value_of.take(), &kind) {
            if let Some(seen) = self.page.sections.last_mut() {
                seen.tables += 1;
                seen.rows += t.rows.iter().filter(|r| !r.is_blank()).count();
            }
            self.describe_json_value(&parameter, answer, line, t, cols, diags);
            return;
        }
        if let Some(seen) = self.page.sections.last_mut().filter(|_| kind != Kind::Ram) {
            seen.tables += 1;
            seen.rows += t.rows.iter().filter(|r| !r.is_blank()).count();
        }
        match kind {
            Kind::Ram => {}
            Kind::Unknown => {
                diags
                    .warning(
                        self.file.span_line(t.line),
                        format!("cannot tell what this table is: `{}`", t.header.join(" | ")),
                    )
                    .with_note(
                        "expected a parameter table (Parameter Name | Required | Type | Description) \
                         or an error table (Error Code | Description)",
                    );
            }
            Kind::Errors(cols) => {
                self.page.error_table.get_or_insert((t.line, cols.status.is_some()));
                for row in &t.rows {
                    rows::check_width(t, row, self.file, diags);
                    rows::check_cut(row, self.file, diags);
                    if let Some(e) = rows::error_row(row, &cols, self.file, diags) {
                        if let Some(seen) = self.page.sections.last_mut() {
                            seen.codes += 1;
                        }
                        // Alibaba lists a code once per message it can come with: one code,
                        // its descriptions joined.
                        let same = self.page.errors.iter_mut().find(|x| x.code == e.code && x.http_status.is_some());
                        match same {
                            Some(first) if e.http_status.is_some() => {
                                if !e.description.is_empty() && !first.description.contains(&e.description) {
                                    first.description = format!("{} / {}", first.description, e.description);
                                }
                            }
                            _ => self.page.errors.push(e),
                        }
                    }
                }
            }
            Kind::Params(cols) if self.model.is_some() => self.model_table(t, &cols, diags),
            // Only after the section's parameter table: a request table may have such names
            // (`max-keys`, `continuation-token`).
            Kind::Params(cols) if self.section_params && table::lists_values(t, &cols) => {
                let names: Vec<String> = t.rows.iter().map(|r| r.text(cols.name)).collect();
                diags
                    .warning(
                        self.file.span_line(t.line),
                        format!("this table lists values, not parameters: `{}`; not read as fields", names.join("`, `")),
                    )
                    .with_note("names such as `env-id` are the values a filter's Name takes (its description keeps them)");
            }
            Kind::Params(_) if other_tables.is_some() => {
                if let Some((subject, line, _)) = other_tables {
                    diags
                        .warning(
                            self.file.span_line(t.line),
                            format!("this table describes {subject} (line {line}), not the operation's parameters; its rows are not read as fields"),
                        )
                        .with_note("the sentence before it says what it describes");
                }
            }
            Kind::Params(cols) => {
                self.section_params = true;
                // A second request section whose table has no Required column and lists
                // `RequestId` is the answer's, misheaded (Tencent Billing
                // DescribeBillResourceSummary: `## 3. Input Parameters` over the output).
                let answer_misheaded = || {
                    // A request table came before, in another section: this is its section's
                    // first table (counted above).
                    self.page.request_table
                        && self.page.sections.last().is_some_and(|seen| seen.tables == 1)
                        && cols.required.is_none()
                        && t.rows.iter().any(|r| r.text(cols.name).trim_matches(['`', '*', ' ']) == "RequestId")
                };
                let is_request = match self.section {
                    Section::Request if answer_misheaded() => {
                        let heading = self.page.sections.last().map(|seen| seen.heading.clone()).unwrap_or_default();
                        diags
                            .warning(
                                self.file.span_line(t.line),
                                format!("this table under `{heading}` lists `RequestId` and has no Required column: read as the response"),
                            )
                            .with_note("the request's table came before it; `RequestId` is an answer's field");
                        false
                    }
                    Section::Request => true,
                    Section::Response => false,
                    _ => cols.required.is_some(),
                };
                if is_request {
                    self.page.request_table = true;
                } else {
                    self.page.response_table = true;
                    self.page.response_line.get_or_insert(t.line);
                }
                let mut params = Vec::new();
                for row in &t.rows {
                    let realigned = realign(row, &cols, t.header.len(), self.file, diags);
                    if realigned.is_none() {
                        rows::check_width(t, row, self.file, diags);
                    }
                    let row = realigned.as_ref().unwrap_or(row);
                    rows::check_cut(row, self.file, diags);
                    match rows::param_row(row, &cols, is_request, RowOf::Operation, self.file, diags) {
                        None => {}
                        Some(ParamRow::Common { name, value, example, line }) => {
                            if !is_request {
                                continue;
                            }
                            match (name.as_str(), value) {
                                ("Action", Some(v)) => {
                                    self.page.action = Some((v, line));
                                    self.page.action_example = example;
                                }
                                ("Version", Some(v)) => self.page.version = Some((v, line)),
                                _ => {}
                            }
                        }
                        Some(ParamRow::Field(param)) => {
                            self.page.request_id |= !is_request && param.raw_name.trim_matches(['`', '*', ' ']) == "RequestId";
                            params.push(*param);
                        }
                    }
                }
                let data_type = self
                    .last_para
                    .as_deref()
                    .and_then(|p| prose::split_sentences(p).into_iter().find_map(prose::described_data_type));
                match (data_type, is_request) {
                    (Some(name), true) => self.page.request_types.push((name, params)),
                    (Some(name), false) => self.page.response_types.push((name, params)),
                    (None, true) => self.page.request_rows.push(params),
                    (None, false) => {
                        // Not a table that repeats a field of the answer's own (`RequestId`):
                        // that one lists the answer's fields, not an element's.
                        let answer_names: Vec<&str> = params.iter().map(|p| p.field.name.as_str()).collect();
                        let repeats = self
                            .page
                            .response_rows
                            .iter()
                            .flatten()
                            .any(|r| r.path.is_empty() && answer_names.contains(&r.field.name.as_str()))
                            || answer_names.contains(&"RequestId");
                        let continued = continues_list && !repeats;
                        match self.page.response_rows.last_mut().filter(|_| continued) {
                            Some(rows) => {
                                // The list row before is a list of structures after all.
                                if let Some(list) = rows.last_mut() {
                                    list.opener = rows::Opener::Array;
                                    list.element_table_follows = true;
                                    // `List` (a list of strings, else): a list of structures. It
                                    // stays a wrapped list: the example must name its element.
                                    if list.wrapped_list {
                                        list.field.ty = crate::spec::TypeRef::Array(Box::new(crate::spec::TypeRef::Json));
                                    }
                                }
                                rows.extend(params);
                            }
                            None => self.page.response_rows.push(params),
                        }
                        // A list of structures or of what the page does not say (`List`,
                        // `List<X>`, `Array`, `Array of X`), not one of strings or numbers.
                        let ends_with_list = self.page.response_rows.last().and_then(|rows| rows.last()).is_some_and(|row| {
                            row.path.is_empty()
                                && (row.wrapped_list
                                    || matches!(&row.field.ty, crate::spec::TypeRef::Array(item) if matches!(**item, crate::spec::TypeRef::Model(_) | crate::spec::TypeRef::Json)))
                        });
                        self.list_table_open = ends_with_list;
                    }
                }
            }
        }
    }

    fn code(&mut self, text: &str, line: u32, diags: &mut Diagnostics) {
        self.value_of = None;
        // A code block in a description (the operation's, or a structure's before its table:
        // "the following error message is returned:" and the message) is part of it, kept as
        // the fenced text it is (`spec::code_paragraph`).
        if let Some(model) = self.model.as_mut() {
            if model.rows.is_empty() {
                model.description.push(crate::spec::code_paragraph(text));
                self.model_paras.push(Block::Code { text: text.to_owned(), line });
            }
            return;
        }
        if matches!(self.section, Section::Preamble | Section::Description) && !self.saw_table {
            self.page.description.push((crate::spec::code_paragraph(text), line));
            return;
        }
        let in_examples = self.section == Section::Examples
            || (matches!(self.section, Section::Preamble | Section::Unknown) && self.saw_table);
        if !in_examples {
            return;
        }
        let hint = match self.hint {
            // Both renderings of an error response are skipped.
            Some(Sub::Error) => Some(Sub::Error),
            _ => self.hint.take(),
        };
        if hint == Some(Sub::Error) {
            return;
        }
        match example::classify(text) {
            Code::Request(request) => {
                if let Some(ExampleRequest::Json(body)) = &request
                    && let Err(e) = serde_json::from_str::<serde_json::Value>(body)
                {
                    diags
                        .warning(self.file.span_line(line), format!("example request body does not parse as JSON: {e}"))
                        .with_note("kept as written; a body cut short (the page may end inside it) does not parse");
                }
                if request.is_none() {
                    diags
                        .warning(self.file.span_line(line), "example request has neither a JSON body nor query parameters")
                        .with_note("expected `https://host/?Action=X&Name=value` or `POST / HTTP/1.1`, headers, then a JSON body");
                }
                self.set_request(request, line);
            }
            Code::Json(mut json) => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
                    match example::mended_json(&json) {
                        Some(repaired) => {
                            diags
                                .warning(self.file.span_line(line), format!("example JSON does not parse: {e}; read with its brackets mended"))
                                .with_note("a comma before `}` or `]`, or a list opened with `{`, is mended; JSON allows neither");
                            json = repaired;
                        }
                        None => {
                            diags
                                .warning(self.file.span_line(line), format!("example JSON does not parse: {e}"))
                                .with_note("kept as written");
                        }
                    }
                }
                if hint == Some(Sub::Input) {
                    self.set_request(Some(ExampleRequest::Json(json)), line);
                } else {
                    let draft = self.draft(line, |d| d.response.is_some());
                    draft.response = Some(json);
                }
            }
            Code::Other => {
                // An XML answer without a heading saying so is not kept either, knowingly: a
                // declaration, or an element that closes.
                let xml = text.trim_start().starts_with("<?") || (text.trim_start().starts_with('<') && text.contains("</"));
                if hint != Some(Sub::Xml) && !xml {
                    diags
                        .warning(self.file.span_line(line), "example code is neither a request nor JSON; not kept")
                        .with_note("expected a request (URL or HTTP) or a JSON body");
                }
            }
        }
    }

    fn set_request(&mut self, request: Option<ExampleRequest>, line: u32) {
        let draft = self.draft(line, |d| d.request.is_some() || d.response.is_some());
        draft.request = request;
    }

    /// The example being read, or a new untitled one when there is none or `full` says the
    /// current one cannot take the next part.
    fn draft(&mut self, line: u32, full: impl Fn(&Draft) -> bool) -> &mut Draft {
        if self.current.as_ref().is_some_and(full) {
            self.finish_example();
        }
        self.current.get_or_insert_with(|| Draft { title: String::new(), request: None, response: None, line })
    }

    fn finish_example(&mut self) {
        if let Some(d) = self.current.take().filter(|d| d.request.is_some() || d.response.is_some()) {
            self.page.examples.push(d);
        }
    }
}

/// Warns about a heading that is neither a known section nor a structure with its table.
fn unknown_heading(file: &SourceFile, text: &str, line: u32, diags: &mut Diagnostics) {
    diags
        .warning(file.span_line(line), format!("unknown section heading `{text}`; its content is not read"))
        .with_note(format!("expected {}", section::EXPECTED_HEADINGS));
}

/// A heading that is a structure's name: `Placement`, `ComputeEnvView`, or as a legacy page
/// heads `Dependence`, `dependence` (an identifier: words are no structure names).
pub(crate) fn is_model_name(text: &str) -> bool {
    let t = text.trim();
    t.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// "Example 1 Delete a task", "示例1 查询实例", "Sample 2".
fn is_example_title(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['*', '_', ' ']).to_lowercase();
    t.starts_with("example") || t.starts_with("示例") || t.starts_with("sample")
}
