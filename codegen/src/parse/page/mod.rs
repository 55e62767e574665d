//! Documentation pages -> `ir::Operation`. One module per layout.

use crate::diag::Diagnostics;
use crate::ir;
use crate::source::SourceFile;

/// Reads one documentation page (any supported layout). Problems go to `diags` with the
/// file and line; `None` only when nothing usable could be read.
pub fn import_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<ir::Operation> {
    let _ = (file, diags);
    todo!("importer")
}
