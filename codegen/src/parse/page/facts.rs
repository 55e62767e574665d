//! Description paragraphs -> the facts they state (the request domain, the rate limit, the
//! Finance-region note) and the description that remains.

use crate::diag::Diagnostics;
use crate::spec::{FinanceNote, Operation, RateLimit};
use crate::parse::prose;
use crate::source::SourceFile;

/// Reads the description paragraphs into `op`: its description, minus what became data (the
/// domain line, the rate limit and the Finance-region note, which fill their own fields).
pub(crate) fn read(paragraphs: Vec<(String, u32)>, op: &mut Operation, file: &SourceFile, diags: &mut Diagnostics) {
    for (text, line) in paragraphs {
        let span = file.span_line(line);
        // A code block is shown as it is, never read for facts.
        if crate::spec::is_code_paragraph(&text) {
            op.description.push(text);
            continue;
        }
        if prose::is_boilerplate(&text) {
            continue;
        }
        if let Some(f) = prose::finance_note(&text) {
            // The note saying the API supports Finance regions wins over a bare
            // "For Finance Zone linkage, please use this domain name: ..." line.
            let says_support = |t: &str| t.to_lowercase().contains("support") || t.contains("支持");
            let replace = match &op.finance {
                None => true,
                Some(old) => !says_support(&old.source) && says_support(&text),
            };
            if replace {
                op.finance = Some(FinanceNote { example_domain: f.example_domain, source: text, span });
            }
            continue;
        }
        let mut kept = Vec::new();
        let mut consumed = false;
        for sentence in prose::split_sentences(&text) {
            if let Some(domain) = prose::domain_line(sentence) {
                consumed = true;
                if op.domain.is_none() {
                    op.domain = Some(domain);
                }
            } else if let Some(n) = prose::rate_limit(sentence) {
                consumed = true;
                match &op.rate_limit {
                    None => {
                        op.rate_limit =
                            Some(RateLimit { per_second: n, source: sentence.to_string(), span: span.clone() });
                    }
                    Some(r) if r.per_second != n => {
                        diags
                            .warning(
                                span.clone(),
                                format!("a second rate limit ({n}/s) differs from the first ({}/s)", r.per_second),
                            )
                            .with_note(format!("the first is kept: {}", r.source));
                    }
                    Some(_) => {}
                }
            } else {
                kept.push(sentence);
            }
        }
        if !consumed {
            op.description.push(text);
        } else if !kept.is_empty() {
            op.description.push(kept.join(" "));
        }
    }
}
