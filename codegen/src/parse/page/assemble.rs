//! Blocks -> `ir::Operation`: walks a page section by section.
//!
//! Sections come from headings ([`section::classify`]). Pages without headings (scraped
//! Tencent pages) are read by content: prose before the first table is the description, a
//! parameter table with a Required column is the request, one without is the response, and
//! code blocks after the tables are the examples. Parameter rows are kept until the end,
//! when [`Nester`] builds the fields and models (the response's with the example response).

use super::block::Block;
use super::example::{self, Code};
use super::nesting::Nester;
use super::lexicon::is_action_name;
use super::section::{self, HeadingKind, Section, Sub};
use super::table::{self, Kind, Param, ParamRow, Table};
use crate::diag::Diagnostics;
use crate::ir::{Example, ExampleRequest, FinanceNote, Operation, RateLimit};
use crate::parse::prose;
use crate::source::SourceFile;

/// Builds the operation; `None` when the page has neither an action name nor any table.
pub(crate) fn build(file: &SourceFile, blocks: &[Block], diags: &mut Diagnostics) -> Option<Operation> {
    let mut b = Builder::new(file);
    for block in blocks {
        b.block(block, diags);
    }
    b.finish(diags)
}

/// Query parameters of GET examples that are common parameters, not request fields
/// (dropped unless the operation has a field of that name).
const COMMON_QUERY: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
];

struct Draft {
    title: String,
    request: Option<ExampleRequest>,
    response: Option<String>,
    line: u32,
}

struct Builder<'f> {
    file: &'f SourceFile,
    op: Operation,
    section: Section,
    saw_table: bool,
    request_table: bool,
    response_table: bool,
    description: Vec<(String, u32)>,
    title: Option<(String, u32)>,
    action: Option<(String, u32)>,
    drafts: Vec<Draft>,
    current: Option<Draft>,
    /// Parameter rows of each request table and each response table, nested at the end
    /// (responses with the help of the example response).
    request_rows: Vec<Vec<Param>>,
    response_rows: Vec<Vec<Param>>,
    hint: Option<Sub>,
}

impl<'f> Builder<'f> {
    fn new(file: &'f SourceFile) -> Self {
        Builder {
            file,
            op: Operation { span: file.span_line(1), ..Operation::default() },
            section: Section::Preamble,
            saw_table: false,
            request_table: false,
            response_table: false,
            description: Vec::new(),
            title: None,
            action: None,
            drafts: Vec::new(),
            current: None,
            hint: None,
            request_rows: Vec::new(),
            response_rows: Vec::new(),
        }
    }

    fn block(&mut self, block: &Block, diags: &mut Diagnostics) {
        match block {
            Block::Heading { level, text, line } => self.heading(*level, text, *line, diags),
            Block::Para { text, line, .. } => {
                if matches!(self.section, Section::Preamble | Section::Description) && !self.saw_table {
                    self.description.push((text.clone(), *line));
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
        let kind = section::classify(text);
        if level == 1 && !matches!(kind, Some(HeadingKind::Section(_))) {
            if self.title.is_none() {
                self.title = Some((text.to_string(), line));
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
                if self.section == Section::Examples && s != Section::Examples {
                    self.finish_example();
                }
                self.section = s;
                self.hint = None;
            }
            Some(HeadingKind::Sub(sub)) => self.sub_hint(sub),
            None => {
                diags
                    .warning(
                        self.file.span_line(line),
                        format!("unknown section heading `{text}`; its content is not read"),
                    )
                    .with_note(format!("expected {}", section::EXPECTED_HEADINGS));
                if level <= 2 {
                    if self.section == Section::Examples {
                        self.finish_example();
                    }
                    self.section = Section::Unknown;
                }
            }
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
        match table::classify(&t.header) {
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
                for row in &t.rows {
                    table::check_width(t, row, self.file, diags);
                    if let Some(e) = table::error_row(row, &cols, self.file, diags) {
                        // Alibaba lists a code once per message it can come with: one code,
                        // its descriptions joined.
                        let same = self.op.errors.iter_mut().find(|x| x.code == e.code && x.http_status.is_some());
                        match same {
                            Some(first) if e.http_status.is_some() => {
                                if !e.description.is_empty() && !first.description.contains(&e.description) {
                                    first.description = format!("{} / {}", first.description, e.description);
                                }
                            }
                            _ => self.op.errors.push(e),
                        }
                    }
                }
            }
            Kind::Params(cols) => {
                let is_request = match self.section {
                    Section::Request => true,
                    Section::Response => false,
                    _ => cols.required.is_some(),
                };
                if is_request {
                    self.request_table = true;
                } else {
                    self.response_table = true;
                }
                let mut params = Vec::new();
                for row in &t.rows {
                    table::check_width(t, row, self.file, diags);
                    match table::param_row(row, &cols, is_request, self.file, diags) {
                        None => {}
                        Some(ParamRow::Common { name, value, line }) => {
                            if !is_request {
                                continue;
                            }
                            match (name.as_str(), value) {
                                ("Action", Some(v)) => self.action = Some((v, line)),
                                ("Version", Some(v)) => self.op.version = Some(v),
                                _ => {}
                            }
                        }
                        Some(ParamRow::Field(param)) => params.push(*param),
                    }
                }
                if is_request {
                    self.request_rows.push(params);
                } else {
                    self.response_rows.push(params);
                }
            }
        }
    }

    fn code(&mut self, text: &str, line: u32, diags: &mut Diagnostics) {
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
                if request.is_none() {
                    diags
                        .warning(self.file.span_line(line), "example request has neither a JSON body nor query parameters")
                        .with_note("expected `https://host/?Action=X&Name=value` or `POST / HTTP/1.1`, headers, then a JSON body");
                }
                self.set_request(request, line);
            }
            Code::Json(json) => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
                    diags
                        .warning(self.file.span_line(line), format!("example JSON does not parse: {e}"))
                        .with_note("kept as written");
                }
                if hint == Some(Sub::Input) {
                    self.set_request(Some(ExampleRequest::Json(json)), line);
                } else {
                    let draft = self.draft(line, |d| d.response.is_some());
                    draft.response = Some(json);
                }
            }
            Code::Other => {
                if hint != Some(Sub::Xml) {
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
            self.drafts.push(d);
        }
    }

    fn finish(mut self, diags: &mut Diagnostics) -> Option<Operation> {
        self.finish_example();
        let file = self.file;
        let line1 = file.span_line(1);
        let stem = file_stem(&file.path);
        let title_name = self.title.as_ref().and_then(|(t, line)| {
            let after = t.rsplit([':', '：']).next().unwrap_or("").trim();
            let name = if is_action_name(after) { Some(after) } else { Some(t.trim()).filter(|t| is_action_name(t)) };
            name.map(|n| (n.to_string(), *line))
        });
        // Legacy pages name the action only in their first sentence: "本接口（TerminateJob）用于终止作业。"
        let described = || {
            self.description.iter().take(3).find_map(|(text, line)| prose::described_action(text).map(|a| (a, *line)))
        };
        let title_name = if self.action.is_none() { title_name.or_else(described) } else { title_name };
        let name = match (&self.action, &title_name) {
            (Some((a, _)), Some((t, line))) => {
                if a != t {
                    diags
                        .warning(
                            file.span_line(*line),
                            format!("the title names `{t}` but the Action row says `{a}`; using `{a}`"),
                        )
                        .with_note("the Action common-parameter row gives the wire name");
                }
                Some(a.clone())
            }
            (Some((a, _)), None) => Some(a.clone()),
            (None, Some((t, _))) => Some(t.clone()),
            (None, None) => None,
        };
        if name.is_none() {
            diags.error(line1.clone(), "no action name found on this page").with_note(
                "expected an `Action` common-parameter row (`The value used for this API: X`) \
                 or a title line `Service:Action`",
            );
        }
        match (self.request_table, self.response_table) {
            (false, false) => {
                diags.error(line1.clone(), "no request or response parameter table found on this page").with_note(
                    "expected tables headed `Parameter Name | Required | Type | Description` \
                     and `Parameter Name | Type | Description`",
                );
            }
            (false, true) => {
                diags
                    .warning(line1.clone(), "no request parameter table found on this page")
                    .with_note("expected a table headed `Parameter Name | Required | Type | Description`");
            }
            (true, false) => {
                diags
                    .warning(line1.clone(), "no response parameter table found on this page")
                    .with_note("expected a table headed `Parameter Name | Type | Description`");
            }
            (true, true) => {}
        }
        if name.is_none() && !self.request_table && !self.response_table {
            return None;
        }
        let name = match name {
            Some(n) => n,
            None if !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => stem.to_string(),
            None => return None,
        };
        if !stem.is_empty() && name != stem {
            let line = self.action.as_ref().or(title_name.as_ref()).map_or(1, |(_, l)| *l);
            diags
                .warning(file.span_line(line), format!("the page documents `{name}` but the file is named `{stem}`"))
                .with_note(format!("name the file `{name}` plus its extension"));
        }
        self.op.name = name;
        if self.op.version.is_none() {
            self.op.version = prose::explorer_version(&file.text, &self.op.name);
        }
        self.nest_fields(diags);
        self.read_description(diags);
        let fields: Vec<String> = self.op.request.iter().map(|f| f.name.clone()).collect();
        for d in std::mem::take(&mut self.drafts) {
            let request = match d.request {
                Some(ExampleRequest::Query(pairs)) => Some(ExampleRequest::Query(
                    pairs
                        .into_iter()
                        .filter(|(k, _)| !COMMON_QUERY.contains(&k.as_str()) || fields.contains(k))
                        .collect(),
                )),
                other => other,
            };
            self.op.examples.push(Example {
                title: d.title,
                request,
                response: d.response,
                span: file.span_line(d.line),
            });
        }
        Some(self.op)
    }

    /// Builds the request and response fields (and their models) from the rows read.
    fn nest_fields(&mut self, diags: &mut Diagnostics) {
        let example = self.drafts.iter().filter_map(|d| d.response.as_deref()).find_map(response_body);
        let name = self.op.name.clone();
        let mut request = Nester::new(&name, None);
        for rows in std::mem::take(&mut self.request_rows) {
            request.table(rows, diags);
        }
        let (fields, models) = request.finish(false, &Default::default(), diags);
        self.op.request = fields;
        let taken = models.iter().map(|m| m.name.clone()).collect();
        self.op.models = models;
        let mut response = Nester::new(&name, example.as_ref());
        for rows in std::mem::take(&mut self.response_rows) {
            response.table(rows, diags);
        }
        // Model names the request took are not reused for other response structures.
        let (fields, models) = response.finish(true, &taken, diags);
        self.op.response = fields;
        self.op.models.extend(models);
    }

    /// Description paragraphs, minus what became data: the domain line, the rate limit and
    /// the Finance-region note.
    fn read_description(&mut self, diags: &mut Diagnostics) {
        for (text, line) in std::mem::take(&mut self.description) {
            let span = self.file.span_line(line);
            if prose::is_boilerplate(&text) {
                continue;
            }
            if let Some(f) = prose::finance_note(&text) {
                // The note saying the API supports Finance regions wins over a bare
                // "For Finance Zone linkage, please use this domain name: ..." line.
                let says_support = |t: &str| t.to_lowercase().contains("support") || t.contains("支持");
                let replace = match &self.op.finance {
                    None => true,
                    Some(old) => !says_support(&old.source) && says_support(&text),
                };
                if replace {
                    self.op.finance = Some(FinanceNote { example_domain: f.example_domain, source: text, span });
                }
                continue;
            }
            let mut kept = Vec::new();
            let mut consumed = false;
            for sentence in prose::split_sentences(&text) {
                if let Some(domain) = prose::domain_line(sentence) {
                    consumed = true;
                    if self.op.domain.is_none() {
                        self.op.domain = Some(domain);
                    }
                } else if let Some(n) = prose::rate_limit(sentence) {
                    consumed = true;
                    match &self.op.rate_limit {
                        None => {
                            self.op.rate_limit =
                                Some(RateLimit { per_second: n, source: sentence.to_string(), span: span.clone() });
                        }
                        Some(r) if r.per_second != n => {
                            diags
                                .warning(
                                    span.clone(),
                                    format!("a second rate limit ({n}/s) differs from the first ({}/s)", r.per_second),
                                )
                                .with_note(format!("the first is kept: {}", r.source));
                        }
                        Some(_) => {}
                    }
                } else {
                    kept.push(sentence);
                }
            }
            if !consumed {
                self.op.description.push(text);
            } else if !kept.is_empty() {
                self.op.description.push(kept.join(" "));
            }
        }
    }
}

/// "Example 1 Delete a task", "示例1 查询实例", "Sample 2".
fn is_example_title(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['*', '_', ' ']).to_lowercase();
    t.starts_with("example") || t.starts_with("示例") || t.starts_with("sample")
}

/// The body of an example response: the JSON value, without Tencent's `{"Response": ...}`
/// envelope.
fn response_body(text: &str) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    match value {
        serde_json::Value::Object(mut map) if map.len() == 1 && map.contains_key("Response") => map.remove("Response"),
        other => Some(other),
    }
}

/// `tencent/dts/DeleteMigrateJob.md` -> `DeleteMigrateJob`.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}
