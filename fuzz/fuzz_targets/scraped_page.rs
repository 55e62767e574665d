//! The scraped-text page importer: any bytes, read as (lossy) UTF-8, must never panic.
//!
//! There is no public way to force a layout, so the input is shaped (see
//! `fuzz_support::as_scraped`): each line that would make `detect_layout` say Markdown (an
//! ATX heading, a line starting with `|`) loses that mark, as in a scrape of the web page,
//! so every input reaches the scraped-text reader and then `assemble`.
#![no_main]

#[path = "../../tests/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fuzz_support::scraped_page(&String::from_utf8_lossy(data));
});
