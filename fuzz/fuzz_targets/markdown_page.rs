//! The Markdown page importer: any bytes, read as (lossy) UTF-8, must never panic.
//!
//! There is no public way to force a layout, so the input is shaped (see
//! `fuzz_support::as_markdown`): text that `detect_layout` would not call Markdown gets
//! `## 1. API Description` put in front, so every input reaches the Markdown reader and then
//! `assemble`.
#![no_main]

#[path = "../../tests/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fuzz_support::markdown_page(&String::from_utf8_lossy(data));
});
