//! Readers: documentation pages (`page`), sentence rules (`prose`) and YAML (`yaml`).
//! Each turns text into IR pieces with spans; nothing here knows about Rust output.

pub mod page;
pub mod prose;
pub mod yaml;
