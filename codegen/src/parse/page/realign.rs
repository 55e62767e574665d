//! Parameter rows whose cells are shifted against the header, put back in their columns.
//!
//! Pages lose or misplace a cell now and then; read as written, such a row gets a
//! description for its type and a type for its Required flag, and the field becomes JSON.
//! Three shapes are repaired, each with a warning naming what was done (the page is still
//! what it is: the warning says where it is broken):
//!
//! - a pipe missing between Required and Type: `| JobId | Yes  String | ID of a data migration task |`;
//! - the Required cell missing: `| DstAccessType | String | Connection type ... |` (read as
//!   optional);
//! - Required and Description swapped, the Required cell holding the description and the
//!   Description cell a placeholder: `| RequestId | String | 唯一请求ID。... |-|`.
//!
//! Only a row whose cells do not read as written is touched.

use super::table::{ParamCols, Row, parse_required, parse_type};
use crate::diag::Diagnostics;
use crate::source::SourceFile;

/// The row with its cells back in their columns, when it is shifted in one of the known
/// ways (with a warning); `None` when it reads as written or cannot be told.
pub(crate) fn realign(row: &Row, cols: &ParamCols, width: usize, file: &SourceFile, diags: &mut Diagnostics) -> Option<Row> {
    let (fixed, what) = shifted(row, cols, width)?;
    diags
        .warning(file.span_line(row.line), format!("the cells of this row are shifted: {what}"))
        .with_note("read as if the cells were in their columns; fix the row on the page to silence this");
    Some(fixed)
}

/// The repair and what it did, as a function of the row alone.
fn shifted(row: &Row, cols: &ParamCols, width: usize) -> Option<(Row, String)> {
    let required = cols.required?;
    let type_ok = |text: &str| parse_type(text).is_some();
    let req_text = row.text(required);
    if parse_required(&req_text).is_some() || row.is_blank() {
        return None;
    }
    let mut cells = row.cells.clone();
    // One cell short, Required and Type side by side: the two were written as one cell
    // (`Yes  String`) or the Required cell is missing (`String`).
    let adjacent = required + 1 == cols.ty || cols.ty + 1 == required;
    if row.found + 1 == width && adjacent && !type_ok(&row.text(cols.ty)) {
        let first = required.min(cols.ty);
        let merged = row.text(first);
        let (flag, ty) = match merged.split_once(char::is_whitespace) {
            Some((flag, ty)) if parse_required(flag).is_some() && type_ok(ty.trim()) => {
                (flag.to_string(), ty.trim().to_string())
            }
            _ if type_ok(&merged) => (String::new(), merged.clone()),
            _ => return None,
        };
        // The cells after the merged one move one column to the right.
        cells.insert(first + 1, Vec::new());
        cells.truncate(width);
        // A missing Required cell reads as optional, as the warning says (and only it: an
        // empty cell would be warned of a second time as a value that says nothing).
        cells[required] = if flag.is_empty() { vec!["No".to_string()] } else { vec![flag.clone()] };
        cells[cols.ty] = vec![ty.clone()];
        let what = if flag.is_empty() {
            format!("the Required cell is missing (`{merged}` is the type); read as optional")
        } else {
            format!("`{merged}` holds the Required and the Type cell (a `|` is missing)")
        };
        // The cells moved: which held a link no longer says which column it was.
        return Some((Row { cells, linked: Vec::new(), ..row.clone() }, what));
    }
    // The description in the Required column, a placeholder in the Description column.
    let description = cols.description?;
    let placeholder = matches!(row.text(description).as_str(), "" | "-" | "--" | "—");
    if row.found == width && placeholder && !req_text.is_empty() && !type_ok(&req_text) && type_ok(&row.text(cols.ty)) {
        cells.swap(required, description);
        let what = match row.text(description).as_str() {
            "" => "the Required cell holds the description and the Description cell is empty".to_string(),
            other => format!("the Required cell holds the description and the Description cell `{other}`"),
        };
        // The cells moved: which held a link no longer says which column it was.
        return Some((Row { cells, linked: Vec::new(), ..row.clone() }, what));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str], width: usize) -> Row {
        Row::new(cells.iter().map(|c| vec![c.to_string()]).collect(), width, 7)
    }

    /// `| Parameter name | Required | Type | Description |`
    const TENCENT: ParamCols = ParamCols { name: 0, ty: 2, required: Some(1), description: Some(3), example: None };
    /// `名称 | 类型 | 是否必选 | 描述`
    const LEGACY: ParamCols = ParamCols { name: 0, ty: 1, required: Some(2), description: Some(3), example: None };

    fn texts(r: &Row) -> Vec<String> {
        (0..r.cells.len()).map(|c| r.text(c)).collect()
    }

    #[test]
    fn shifted_rows_of_real_pages() {
        // DTS CompleteMigrateJob: `| JobId | Yes  String | ID of a data migration task |`.
        let (r, what) = shifted(&row(&["JobId", "Yes  String", "ID of a data migration task"], 4), &TENCENT, 4).unwrap();
        assert_eq!(texts(&r), ["JobId", "Yes", "String", "ID of a data migration task"]);
        assert!(what.contains("a `|` is missing"), "{what}");
        // DTS ModifyMigrateJob: `| DstAccessType | String | Connection type of the destination instance: ... |`.
        let (r, what) =
            shifted(&row(&["DstAccessType", "String", "Connection type of the destination instance"], 4), &TENCENT, 4)
                .unwrap();
        // The missing cell reads as `No`: one warning (this one), not a second for an empty cell.
        assert_eq!(texts(&r), ["DstAccessType", "No", "String", "Connection type of the destination instance"]);
        assert!(what.contains("read as optional"), "{what}");
        // Batch DescribeAvailableCvmInstanceTypes, output: `| RequestId | String | 唯一请求ID。... |-|`.
        let (r, _) = shifted(&row(&["RequestId", "String", "唯一请求ID。每次请求都会返回RequestId。", "-"], 4), &LEGACY, 4).unwrap();
        assert_eq!(texts(&r), ["RequestId", "String", "-", "唯一请求ID。每次请求都会返回RequestId。"]);
        // Batch TerminateJob: `JobId | String | 作业 ID|-`.
        let (r, _) = shifted(&row(&["JobId", "String", "作业 ID", "-"], 4), &LEGACY, 4).unwrap();
        assert_eq!(texts(&r), ["JobId", "String", "-", "作业 ID"]);
    }

    #[test]
    fn rows_that_read_as_written_are_kept() {
        // CVM RunInstances: `| Placement | Yes | [Placement](/document/api/213/15753#Placement) | ... |`.
        assert!(shifted(&row(&["Placement", "Yes", "Placement", "The location of the instance."], 4), &TENCENT, 4).is_none());
        // A short row that is not a shifted one: nothing to tell the cells apart by.
        assert!(shifted(&row(&["JobId", "some words", "more words"], 4), &TENCENT, 4).is_none());
        // A Required cell that is not a flag but a full Description cell: left alone.
        assert!(shifted(&row(&["JobId", "String", "作业 ID", "描述"], 4), &LEGACY, 4).is_none());
    }
}
