//! Every crash the fuzz targets (`fuzz/`, see its README) found, as a test: the minimised
//! input goes through the same entry point as in the target (`fuzz_support`), and must not
//! panic. Each test names the target, what panicked and where it was fixed.

mod fuzz_support;

use cloudpage_codegen::parse::prose;

/// scraped_page: `prose::explorer_version` sliced the page text one byte after the
/// whitespace before `version=`, inside U+3000 IDEOGRAPHIC SPACE (3 bytes, and whitespace):
/// "byte index is not a char boundary" (fixed in codegen/src/parse/prose.rs,
/// `explorer_version`: the URL starts after the separator's full width).
#[test]
fn explorer_version_after_wide_whitespace() {
    // The fuzzer's input (4065 bytes, a mutated DescribeInstanceStatus page) as
    // `cargo fuzz tmin` minimised it: 14 bytes.
    let page = "Da\n\u{3000}version=";
    let _ = fuzz_support::scraped_page(page);
    let _ = fuzz_support::markdown_page(page);
    assert_eq!(prose::explorer_version(page, "Run"), None);
    // And the link it looks for, after a wide space: still read.
    let text = "See\u{3000}https://api.aliyun.com/#product=smc&api=Run&type=RPC&version=2019-06-01 for details.";
    assert_eq!(prose::explorer_version(text, "Run").as_deref(), Some("2019-06-01"));
    let text = "（https://api.aliyun.com/#api=Run&version=2019-06-01）";
    assert_eq!(prose::explorer_version(text, "Run").as_deref(), Some("2019-06-01"));
}
