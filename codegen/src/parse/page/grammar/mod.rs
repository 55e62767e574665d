//! Table grammars: how the rows and cells of a table are written, one module per way.

pub(crate) mod pipe;
