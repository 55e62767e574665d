//! Structure sections -> `spec::Model`s: the structures a page defines under a heading of
//! their own (`## Placement` on a Data Types page, `#### Filter` on a legacy page), each
//! with its member table, nested like a request's rows (flattened names such as `Values.N`).

use super::nesting::Nester;
use super::walk::ModelSection;
use crate::diag::Diagnostics;
use crate::names::NestedModelNames;
use crate::source::SourceFile;
use crate::spec::Model;
use std::collections::BTreeMap;

/// The models of the sections, in page order (a structure defined twice: the first table
/// wins, with a warning at the second).
pub(crate) fn models(sections: Vec<ModelSection>, file: &SourceFile, diags: &mut Diagnostics) -> Vec<Model> {
    let mut out: Vec<Model> = Vec::new();
    let mut first: BTreeMap<String, u32> = BTreeMap::new();
    for section in sections {
        if let Some(line) = first.get(&section.name) {
            diags
                .warning(file.span_line(section.line), format!("structure `{}` is defined twice on this page; this table is ignored", section.name))
                .with_note(format!("first defined on line {line}"));
            continue;
        }
        first.insert(section.name.clone(), section.line);
        // Structures nested inside its rows are named after it, as an operation's are.
        let mut names = NestedModelNames::new(&section.name);
        let mut nester = Nester::new(None);
        for rows in section.rows {
            nester.table(rows, diags);
        }
        let (fields, nested) = nester.finish(false, &mut names, diags);
        out.push(Model { name: section.name, description: section.description, fields, span: file.span_line(section.line) });
        out.extend(nested);
    }
    out
}
