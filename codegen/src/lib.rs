//! cloudpage-codegen: reads cloud API documentation pages and YAML specs, generates Rust clients.

pub mod diag;
pub mod ir;
pub mod parse;
pub mod source;
