//! Blocks -> `spec::Operation`: the page walk, then what is decided from all of it.
//!
//! [`walk`] reads the blocks section by section into a [`Page`]; everything after it is a
//! function of that page: the action name ([`name::resolve`], the file name as fallback), the
//! fields and models ([`nesting::nest`], the response's with the example response), the facts
//! of the description ([`facts::read`]) and the examples ([`example::examples`]).

use super::block::Block;
use super::walk::{Page, walk};
use super::{example, facts, models, name, nesting, partial};
use crate::diag::Diagnostics;
use crate::spec::{Operation, PageContent, Span};
use crate::parse::prose;
use crate::source::SourceFile;

/// Builds the operation, or the models of a page that only defines structures; `None` when
/// the page has neither an action name nor any table.
pub(crate) fn build(file: &SourceFile, blocks: &[Block], diags: &mut Diagnostics) -> Option<PageContent> {
    let mut first = Diagnostics::new();
    let mut page = walk(file, blocks, &[], &mut first);
    // A models page (a Data Types page): structures, each a heading and its member table, and
    // no request, response or Action row. Recognised by its structure, never by its name.
    // (Its structures are for the other pages of its folder: `lower` warns when none of them
    // uses any, which is how a page of tables under one-word headings, `## Parameters` and
    // `## Returns`, would show.)
    if !page.models.is_empty() && !page.request_table && !page.response_table && page.action.is_none() {
        diags.extend(first);
        return Some(PageContent::Models(models::models(page.models, file, diags)));
    }
    // On an operation page a structure heading is one that a row's type names; a one-word
    // heading that none names (`### Body` inside the request, `## Parameters`) holds
    // parameters: the page is walked again with its table read as its section's.
    let unused = unused_structures(&page);
    if unused.is_empty() {
        diags.extend(first);
    } else {
        page = walk(file, blocks, &unused, diags);
    }
    let defined = models::models(std::mem::take(&mut page.models), file, diags);
    let line1 = file.span_line(1);
    let stem = file.stem();
    let naming =
        name::resolve(page.action.as_ref(), page.action_example.as_deref(), page.title.as_ref(), &page.description);
    if let (Some((a, line)), Some(said)) = (&naming.name, &naming.contradicted) {
        diags
            .warning(
                file.span_line(*line),
                format!("the Action row says `{said}` but its example and the title say `{a}`; using `{a}`"),
            )
            .with_note("the sentence of the Action row misspells the action here");
    }
    if let (Some((a, _)), Some((t, line))) = (&naming.name, &naming.overridden) {
        diags
            .warning(file.span_line(*line), format!("the title names `{t}` but the Action row says `{a}`; using `{a}`"))
            .with_note("the Action common-parameter row gives the wire name");
    }
    if naming.name.is_none() {
        diags.error(line1.clone(), "no action name found on this page").with_note(
            "expected an `Action` common-parameter row (`The value used for this API: X`) \
             or a title line `Service:Action`",
        );
    }
    check_tables(&page, &line1, diags);
    partial::check(file, blocks, &page, diags);
    if naming.name.is_none() && !page.request_table && !page.response_table {
        return None;
    }
    let (name, line) = match naming.name {
        Some(found) => found,
        None if name::stem_is_name(stem) => (stem.to_string(), 1),
        None => return None,
    };
    // An Action row copied from another page (Tencent Live StopLiveRecord's row says
    // `CreateLiveRecordRule`): the API Explorer link and the file name, two sources that
    // agree, name the action the page documents.
    let explored = page.urls.iter().filter_map(|url| prose::explorer_action(url)).any(|linked| linked == stem);
    let (name, line) = match explored {
        true if page.action.is_some() && name != stem => {
            diags
                .warning(
                    file.span_line(line),
                    format!("the Action row says `{name}` but the API Explorer link and the file name say `{stem}`; using `{stem}`"),
                )
                .with_note("the Action row looks copied from another page");
            (stem.to_string(), line)
        }
        _ => (name, line),
    };
    if !stem.is_empty() && name != stem {
        diags
            .warning(file.span_line(line), format!("the page documents `{name}` but the file is named `{stem}`"))
            .with_note(format!("name the file `{name}` plus its extension"));
    }
    let mut op = operation(file, name, page, diags);
    // A structure is referenced by the name its rows' types give: a heading that spells it in
    // another case (`#### dependence` for `array of Dependence objects`) takes that spelling.
    let refs: Vec<String> = op
        .request
        .iter()
        .chain(&op.response)
        .chain(op.models.iter().chain(&defined).flat_map(|m| &m.fields))
        .filter_map(|f| f.ty.model().map(str::to_string))
        .collect();
    let mut defined = defined;
    for model in &mut defined {
        if refs.contains(&model.name) {
            continue;
        }
        if let Some(spelled) = refs.iter().find(|r| r.eq_ignore_ascii_case(&model.name)) {
            diags
                .warning(model.span.clone(), format!("structure heading `{}` is spelled `{spelled}` where it is used; named `{spelled}`", model.name))
                .with_note("a structure's heading and the types naming it spell it the same way");
            model.name = spelled.clone();
        }
    }
    // Structures the page defines beside its tables (`#### Filter`), after those its rows
    // nest into; a name both define keeps the nested one (with a warning).
    for model in defined {
        if let Some(other) = op.models.iter().find(|m| m.name == model.name) {
            diags
                .warning(model.span.clone(), format!("structure `{}` is defined twice on this page; this table is ignored", model.name))
                .with_note(format!("first defined at {}", other.span));
            continue;
        }
        op.models.push(model);
    }
    Some(PageContent::Operation(Box::new(op)))
}

/// The structure headings of an operation page that no row names: neither as a type
/// (`Array of Filter objects`, compared case-insensitively as the spelling rule of [`build`]
/// does) nor as a structure a flattened name passes through (`Filter.N.Name`).
fn unused_structures(page: &Page) -> Vec<String> {
    let rows = page
        .request_rows
        .iter()
        .chain(&page.response_rows)
        .flatten()
        .chain(page.request_types.iter().chain(&page.response_types).flat_map(|(_, rows)| rows))
        .chain(page.models.iter().flat_map(|m| m.rows.iter().flatten()));
    let mut used: Vec<&str> = Vec::new();
    for row in rows {
        used.extend(row.field.ty.model());
        used.extend(row.path.iter().map(|(name, _)| name.as_str()));
    }
    page.models
        .iter()
        .filter(|m| !used.iter().any(|u| u.eq_ignore_ascii_case(&m.name)))
        .map(|m| m.name.clone())
        .collect()
}

/// Says which parameter tables the page lacks.
fn check_tables(page: &Page, line1: &Span, diags: &mut Diagnostics) {
    match (page.request_table, page.response_table) {
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
}

/// The operation named `name` from what the walk found.
fn operation(file: &SourceFile, name: String, page: Page, diags: &mut Diagnostics) -> Operation {
    // The Version row, else the version in an OpenAPI Explorer link (whose line is not kept:
    // a mismatch is then reported at the page's first line).
    let (version, version_line) = match page.version {
        Some((version, line)) => (Some(version), Some(line)),
        None => (page.urls.iter().find_map(|url| prose::explorer_version(url, &name)), None),
    };
    let example = page.examples.iter().filter_map(|d| d.response.as_deref()).find_map(example::response_body);
    let tables = nesting::Tables {
        request: page.request_rows,
        response: page.response_rows,
        request_types: page.request_types,
        response_types: page.response_types,
    };
    let nested = nesting::nest(&name, tables, example.as_ref(), diags);
    let mut op = Operation {
        name,
        version,
        request: nested.request,
        response: nested.response,
        models: nested.models,
        errors: page.errors,
        span: file.span_line(1),
        version_span: version_line.map(|line| file.span_line(line)),
        ..Operation::default()
    };
    facts::read(page.description, &mut op, file, diags);
    let fields: Vec<String> = op.request.iter().map(|f| f.name.clone()).collect();
    op.examples = example::examples(page.examples, &fields, file);
    op
}
