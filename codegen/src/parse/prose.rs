//! Sentence rules.
//!
//! Every function here takes one sentence (or one table cell) as written on a page and says
//! what it means, or `None` when the rule does not apply. Nothing here knows about files,
//! lines or page layouts: callers split text into sentences ([`split_sentences`]) and attach
//! spans to what comes back.
//!
//! The rules are written against real sentences from Tencent Cloud and Alibaba Cloud pages
//! (English and Chinese); each has a table test below. All matching is done on char
//! boundaries, so any UTF-8 input is safe.

use crate::spec::Rule;

/// Lower-cases ASCII, drops Markdown emphasis and code markers and folds runs of whitespace,
/// so `**Default** API request frequency limit` and `default api request frequency limit`
/// compare equal.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    // Whitespace seen since the last text kept: one space goes before the next text.
    let mut space = false;
    // Text is copied in runs between the bytes that are dropped: `run` is where this one starts.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (dropped, whitespace) = match BYTE_CLASS[usize::from(bytes[i])] {
            KEEP => (0, false),
            ASCII_WHITESPACE => (1, true),
            MARKER => (1, false),
            // A character that may be Unicode whitespace (U+0085, U+00A0, U+1680, U+2000 to
            // U+205F, U+3000): decoded to tell.
            _ => match s[i..].chars().next() {
                Some(c) if c.is_whitespace() => (c.len_utf8(), true),
                _ => (0, false),
            },
        };
        if dropped == 0 {
            i += 1;
            continue;
        }
        if run < i {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&s[run..i]);
        }
        space |= whitespace;
        i += dropped;
        run = i;
    }
    if run < bytes.len() {
        if space && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[run..]);
    }
    // Lower-casing ASCII commutes with dropping markers and folding whitespace.
    out.make_ascii_lowercase();
    out
}

/// What [`normalise`] does with a byte: keeps it; drops it as ASCII whitespace (what
/// `char::is_whitespace` says of ASCII: tab, line feed, vertical tab, form feed, carriage
/// return, space) or as a marker (`*`, `` ` ``); or decodes the character it starts, the
/// first byte of every non-ASCII whitespace character (C2, E1, E2, E3). No byte in the middle
/// of a character is any of these.
const BYTE_CLASS: [u8; 256] = {
    let mut class = [KEEP; 256];
    class[b'\t' as usize] = ASCII_WHITESPACE;
    class[b'\n' as usize] = ASCII_WHITESPACE;
    class[0x0b] = ASCII_WHITESPACE;
    class[0x0c] = ASCII_WHITESPACE;
    class[b'\r' as usize] = ASCII_WHITESPACE;
    class[b' ' as usize] = ASCII_WHITESPACE;
    class[b'*' as usize] = MARKER;
    class[b'`' as usize] = MARKER;
    class[0xc2] = MAYBE_WHITESPACE;
    class[0xe1] = MAYBE_WHITESPACE;
    class[0xe2] = MAYBE_WHITESPACE;
    class[0xe3] = MAYBE_WHITESPACE;
    class
};
const KEEP: u8 = 0;
const ASCII_WHITESPACE: u8 = 1;
const MARKER: u8 = 2;
const MAYBE_WHITESPACE: u8 = 3;

/// Whether `s` has an ASCII digit. Every rule that reads a number (rates, counts, lengths,
/// ranges) needs one, and most sentences have none: checking first skips normalising the
/// sentence and searching it for every lead phrase.
fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Every run of ASCII digits in `s` with its byte range (digits are one byte each, so the
/// ranges are always char boundaries). Thousands separators are read (`2,048` is 2048; `1, 2`
/// is two numbers). Runs too long for a `u64` are skipped.
fn numbers(s: &str) -> Vec<(usize, usize, u64)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            // `2,048`: a comma and exactly three digits continue the number.
            while bytes.get(i) == Some(&b',')
                && bytes.get(i + 1..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
            {
                i += 4;
            }
            // A digit run glued to a letter or a '.' ("v1", "3.0") is not a count.
            let glued_before = start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'.');
            let glued_after = i < bytes.len() && bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            let digits: String = s[start..i].chars().filter(char::is_ascii_digit).collect();
            let value = if glued_before || glued_after { None } else { digits.parse::<u64>().ok() };
            if let Some(v) = value {
                out.push((start, i, v));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Splits text into sentences: after `.`, `!`, `?` followed by whitespace, and after the
/// full-width `。`, `！`, `？`. Abbreviations such as `e.g.` do not end a sentence.
/// Pieces are trimmed; empty pieces are dropped.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only the bytes that start a sentence end are looked at: `.`, `!`, `?` and the first byte
    // of `。` (E3 80 82), `！` (EF BC 81) and `？` (EF BC 9F). None of them occurs inside another
    // character, so every position found is a character boundary.
    while let Some(offset) = bytes[i..].iter().position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE3 | 0xEF)) {
        let at = i + offset;
        let (boundary, end) = match bytes[at] {
            b'.' | b'!' | b'?' => {
                let end = at + 1;
                let next_is_space = text[end..].chars().next().is_none_or(char::is_whitespace);
                (next_is_space && !(bytes[at] == b'.' && ends_with_abbreviation(&text[start..at])), end)
            }
            _ => {
                let wide = matches!(&bytes[at..], [0xE3, 0x80, 0x82, ..] | [0xEF, 0xBC, 0x81 | 0x9F, ..]);
                (wide, at + 3)
            }
        };
        i = if boundary { end } else { at + 1 };
        if boundary {
            let piece = text[start..end].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    ["e.g", "i.e", "etc", "vs", "approx", "eg", "ie"].iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// One sentence for several rules: its normalised form is made once, when the first rule
/// needs it, instead of by every rule (a parameter's description is read by up to eight).
/// Each method gives what the function of its name gives for [`Sentence::text`].
#[derive(Debug)]
pub struct Sentence<'a> {
    pub text: &'a str,
    normalised: std::cell::OnceCell<String>,
}

impl<'a> Sentence<'a> {
    pub fn new(text: &'a str) -> Self {
        Sentence { text, normalised: std::cell::OnceCell::new() }
    }

    fn normalised(&self) -> &str {
        self.normalised.get_or_init(|| normalise(self.text))
    }

    /// Normalising keeps every digit, so the text tells without normalising.
    fn has_digit(&self) -> bool {
        has_digit(self.text)
    }

    /// Whether the sentence states a rule only under a condition ([`is_conditional`]).
    pub fn is_conditional(&self) -> bool {
        is_conditional_in(self.normalised())
    }

    /// `rule` of the normalised sentence, when it states rules unconditionally and has a
    /// number (every such rule reads one).
    fn unconditional(&self, rule: fn(&str) -> Option<Rule>) -> Option<Rule> {
        if !self.has_digit() || self.is_conditional() {
            return None;
        }
        rule(self.normalised())
    }

    /// [`array_limit`].
    pub fn array_limit(&self) -> Option<Rule> {
        self.unconditional(items_rule)
    }

    /// [`conditional_rules`].
    pub fn conditional_rules(&self) -> Vec<Rule> {
        if !self.has_digit() || !self.is_conditional() {
            return Vec::new();
        }
        let s = self.normalised();
        [length_rule(s), range_rule(s), items_rule(s)].into_iter().flatten().collect()
    }

    /// [`length_limit`].
    pub fn length_limit(&self) -> Option<Rule> {
        self.unconditional(length_rule)
    }

    /// [`numeric_range`].
    pub fn numeric_range(&self) -> Option<Rule> {
        self.unconditional(range_rule)
    }

    /// [`count_range`].
    pub fn count_range(&self) -> Option<Rule> {
        match self.numeric_range()? {
            Rule::Range { min: Some(0 | 1), max: Some(max) } => {
                Some(Rule::Items { min: None, max: u64::try_from(max).ok() })
            }
            _ => None,
        }
    }

    /// [`index_limit`].
    pub fn index_limit(&self) -> Option<Rule> {
        if !self.has_digit() {
            return None;
        }
        index_limit_in(self.normalised())
    }

    /// [`is_deprecation`].
    pub fn is_deprecation(&self) -> bool {
        is_deprecation_in(self.normalised())
    }

    /// [`is_json_array_value`].
    pub fn is_json_array_value(&self) -> bool {
        is_json_array_value_in(self.normalised())
    }
}

/// A rate limit in requests per second, from sentences such as
/// "A maximum of 20 requests can be initiated per second for this API." or
/// "Default API request frequency limit: 2 times/second." or "默认接口请求频率限制：20次/秒。".
/// Limits per minute or per hour are not per-second limits and give `None`.
pub fn rate_limit(sentence: &str) -> Option<u32> {
    if !has_digit(sentence) {
        return None;
    }
    rate_limit_in(&normalise(sentence))
}

/// [`rate_limit`] of a normalised sentence.
fn rate_limit_in(s: &str) -> Option<u32> {
    if !has_digit(s) {
        return None;
    }
    const UNIT_AFTER: &[&str] = &[
        "times/second",
        "times/sec",
        "times/s",
        "times per second",
        "time/second",
        "time per second",
        "requests/second",
        "requests/s",
        "requests per second",
        "request/second",
        "request per second",
        "req/s",
        "calls/second",
        "calls per second",
        "queries per second",
        "qps",
        "次/秒",
        "次每秒",
        "次/s",
    ];
    const ZH_BEFORE: &[&str] = &["每秒最多请求", "每秒最多调用", "每秒最多", "每秒请求", "每秒调用"];
    let mentions_second = s.contains("per second") || s.contains("每秒");
    let mentions_requests = s.contains("request") || s.contains("call") || s.contains("api");
    for (start, end, value) in numbers(s) {
        let before = s[..start].trim_end();
        let after = s[end..].trim_start();
        let hit = UNIT_AFTER.iter().any(|u| after.starts_with(u))
            || (ZH_BEFORE.iter().any(|b| before.ends_with(b)) && after.starts_with('次'))
            || (before.ends_with("maximum of") && mentions_second && mentions_requests && after.starts_with("request"));
        if hit {
            return u32::try_from(value).ok().filter(|v| *v > 0);
        }
    }
    None
}

/// An array length bound, from sentences such as "A maximum of 100 IDs are allowed.",
/// "You can query up to 100 instances at a time." or "每次请求的实例的上限为100。".
/// Bounds on characters, bytes or time ("up to 60 characters") are not array bounds.
pub fn array_limit(sentence: &str) -> Option<Rule> {
    Sentence::new(sentence).array_limit()
}

/// [`array_limit`] of a normalised sentence, without the checks for digits and conditions.
fn items_rule(s: &str) -> Option<Rule> {
    if rate_limit_in(s).is_some() {
        return None;
    }
    // "The maximum number of instances in a batch for each request is 100."
    let first = numbers(s).first().copied().filter(|_| s.contains("maximum number of"));
    if let Some((start, end, value)) = first {
        let before = s[..start].trim_end();
        let tail = s[end..].trim();
        if (before.ends_with(" is") || before.ends_with(':')) && (tail.is_empty() || tail.starts_with(['.', ',', ';']))
        {
            return Some(Rule::Items { min: None, max: Some(value) });
        }
    }
    const MAX_BEFORE: &[&str] = &[
        "a maximum of",
        "maximum of",
        "up to",
        "at most",
        "no more than",
        "not more than",
        "cannot exceed",
        "can not exceed",
        "can't exceed",
        "not exceed",
        "must not exceed",
        "上限为",
        "上限是",
        "上限",
        "最多",
        "不超过",
        "不能超过",
    ];
    const MIN_BEFORE: &[&str] = &["at least", "a minimum of", "minimum of", "no less than", "至少", "不少于"];
    const NOT_ITEMS: &[&str] = &[
        "character",
        "byte",
        "char",
        "bit",
        "%",
        "kb",
        "mb",
        "gb",
        "tb",
        "second",
        "minute",
        "hour",
        "day",
        "month",
        "year",
        "ms",
        "字符",
        "字节",
        "秒",
        "分钟",
        "小时",
        "天",
        "个字",
    ];
    let mut min = None;
    let mut max = None;
    for (start, end, value) in numbers(s) {
        let before = s[..start].trim_end();
        let after = s[end..].trim_start();
        if NOT_ITEMS.iter().any(|u| after.starts_with(u)) {
            continue;
        }
        if max.is_none() && MAX_BEFORE.iter().any(|b| before.ends_with(b)) {
            max = Some(value);
        } else if min.is_none() && MIN_BEFORE.iter().any(|b| before.ends_with(b)) {
            min = Some(value);
        }
    }
    if min.is_none() && max.is_none() {
        return None;
    }
    Some(Rule::Items { min, max })
}

/// Whether a sentence states a rule only under a condition the client cannot check on its own:
/// "For Windows instances, the hostname must be 2 to 15 characters in length", "Valid values
/// when DiskCategory is set to cloud: 5 to 2000", "If the purchased bandwidth is ..., the
/// valid values are 1 to 10", "当……时". Such rules are not enforced.
pub fn is_conditional(sentence: &str) -> bool {
    is_conditional_in(&normalise(sentence))
}

/// [`is_conditional`] of a normalised sentence.
fn is_conditional_in(s: &str) -> bool {
    let s = s.trim_start_matches(['-', ' ', '•', '*']);
    let s = s.strip_prefix("<li>").unwrap_or(s).trim_start();
    const STARTS: &[&str] = &["if ", "when ", "for ", "unless ", "only ", "如果", "若", "当", "对于"];
    const CONTAINS: &[&str] =
        &[" if ", " when ", " unless ", " only when", " only if", " for example", "时，", "时,", "的情况下"];
    STARTS.iter().any(|p| s.starts_with(p)) || CONTAINS.iter().any(|p| s.contains(p))
}

/// The rules a conditional sentence would give without its condition: "For Windows instances,
/// the hostname must be 2 to 15 characters in length" -> a length rule. A field whose
/// description has such a sentence gets no rule of that kind at all, since the rule depends
/// on something the client does not check.
pub fn conditional_rules(sentence: &str) -> Vec<Rule> {
    Sentence::new(sentence).conditional_rules()
}

/// Words after a number that make it something other than a plain count or value (sizes,
/// rates, percentages, durations): "1 KB", "10 Mbit/s", "50%".
fn unit_follows(after: &str) -> bool {
    const UNITS: &[&str] = &[
        "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "byte", "bit", "mbit", "%", "percent", "second", "minute",
        "hour", "day", "week", "month", "year", "ms", "秒", "分钟", "小时", "天", "字节",
    ];
    let a = after.trim_start();
    UNITS.iter().any(|u| a.starts_with(u))
}

/// The text after the first of `leads` found in `s` (already normalised).
fn after_lead<'s>(s: &'s str, leads: &[&str]) -> Option<&'s str> {
    leads.iter().filter_map(|l| s.find(l).map(|i| &s[i + l.len()..])).next()
}

/// Two numbers `A to B` (also `A-B`, `A~B`, `between A and B`, `[A, B]`) at the start of
/// `rest`, followed by nothing but punctuation or "(inclusive)". `None` when a sign, a unit,
/// more numbers ("0, 1, 2, and 3") or other words are involved.
fn bounds(rest: &str) -> Option<(u64, u64)> {
    let rest = rest.trim_start();
    let (rest, between_form) = match rest.strip_prefix("between") {
        Some(r) => (r.trim_start(), true),
        None => (rest, false),
    };
    let (rest, bracket) = match rest.strip_prefix(['[', '【']) {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let nums = numbers(rest);
    let (a, b) = (nums.first()?, nums.get(1)?);
    if !rest[..a.0].trim().is_empty() {
        return None;
    }
    let between = rest[a.1..b.0].trim();
    let separator = if bracket {
        matches!(between, "," | "，")
    } else {
        matches!(between, "to" | "-" | "~" | "～" | "至" | "到") || (between_form && between == "and")
    };
    let mut tail = rest[b.1..].trim_start();
    if bracket {
        tail = tail.strip_prefix([']', '】'])?.trim_start();
    }
    let tail = tail.strip_prefix("(inclusive)").or_else(|| tail.strip_prefix("inclusive")).unwrap_or(tail).trim();
    let after_comma = tail.trim_start_matches([',', '，', ' ']);
    let clean = tail.is_empty()
        || (tail.starts_with(['.', ',', ';', '。', '，', '；', ')', '）'])
            && !after_comma.starts_with(|c: char| c.is_ascii_digit()));
    (separator && clean && a.2 <= b.2 && !unit_follows(&rest[b.1..])).then_some((a.2, b.2))
}

/// A string length bound, from sentences such as "The name must be 2 to 128 characters in
/// length", "It can be up to 128 characters in length", "The token ... cannot exceed 64
/// characters in length", "This parameter is limited to 64 characters", "with a length of not
/// more than 25 characters", "长度为2~128个字符". Conditional sentences give `None`.
pub fn length_limit(sentence: &str) -> Option<Rule> {
    Sentence::new(sentence).length_limit()
}

/// [`length_limit`] of a normalised sentence, without the checks for digits and conditions.
fn length_rule(s: &str) -> Option<Rule> {
    let is_unit = |after: &str| {
        let a = after.trim_start();
        a.starts_with("character")
            || a.starts_with("char ")
            || a.starts_with("chars")
            || a.starts_with("个字符")
            || a.starts_with("字符")
            || (a.starts_with('个') && a.chars().take(8).collect::<String>().contains("字符"))
    };
    let nums = numbers(s);
    // "A to B characters".
    for pair in nums.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let between = s[a.1..b.0].trim();
        if matches!(between, "to" | "-" | "~" | "～" | "至" | "到") && is_unit(&s[b.1..]) && a.2 <= b.2 {
            let before = s[..a.0].trim_end();
            if before.ends_with('-') {
                return None;
            }
            return Some(Rule::Length { min: Some(a.2).filter(|m| *m > 0), max: Some(b.2) });
        }
    }
    const MAX_BEFORE: &[&str] = &[
        "up to",
        "cannot exceed",
        "can not exceed",
        "must not exceed",
        "not exceed",
        "not more than",
        "no more than",
        "at most",
        "a maximum of",
        "maximum of",
        "limited to",
        "maximum length of",
        "maximum length is",
        "最多",
        "不超过",
        "不能超过",
        "长度上限为",
    ];
    const MIN_BEFORE: &[&str] = &["at least", "a minimum of", "no less than", "至少", "不少于"];
    let mut min = None;
    let mut max = None;
    for (start, end, value) in nums {
        if !is_unit(&s[end..]) {
            continue;
        }
        let before = s[..start].trim_end();
        if max.is_none() && MAX_BEFORE.iter().any(|b| before.ends_with(b)) {
            max = Some(value);
        } else if min.is_none() && MIN_BEFORE.iter().any(|b| before.ends_with(b)) {
            min = Some(value);
        }
    }
    (min.is_some() || max.is_some()).then_some(Rule::Length { min, max })
}

/// A bound on how many items a list takes, from a range sentence on a list field: "Valid
/// values: 1 to 100." said of `InstanceIds.N` counts the IDs. Only a range starting at 0 or 1
/// counts (anything else is not about a count); its upper end is the bound.
pub fn count_range(sentence: &str) -> Option<Rule> {
    Sentence::new(sentence).count_range()
}

/// An integer range, from sentences such as "Valid values: 20 to 500.", "Default is 20, and
/// valid value is between 1 and 100 (inclusive)", "Maximum value: 50.", "Valid values: 0, 1,
/// 2, 3, 4, 5, and 6." (consecutive values) or "取值范围：1~100", "最大值：50。". Conditional
/// sentences, ranges with units and ranges whose ends are not numbers give `None`.
pub fn numeric_range(sentence: &str) -> Option<Rule> {
    Sentence::new(sentence).numeric_range()
}

/// [`numeric_range`] of a normalised sentence, without the checks for digits and conditions.
fn range_rule(s: &str) -> Option<Rule> {
    const RANGE_LEADS: &[&str] = &[
        "valid values:",
        "valid values are",
        "valid value range:",
        "valid range:",
        "value range:",
        "the valid values of this parameter are",
        "valid value is",
        "value must be",
        "取值范围：",
        "取值范围:",
        "取值范围为",
        "取值范围是",
    ];
    if let Some(rest) = after_lead(s, RANGE_LEADS) {
        if let Some((a, b)) = bounds(rest) {
            let (a, b) = (i64::try_from(a).ok()?, i64::try_from(b).ok()?);
            return Some(Rule::Range { min: Some(a), max: Some(b) });
        }
        // "0, 1, 2, 3, 4, 5, and 6": consecutive integers are a range.
        let list = rest.trim().trim_end_matches(['.', '。']).replace(", and ", ", ").replace(" and ", ", ");
        let items: Vec<&str> = list.split([',', '、', '，']).map(str::trim).collect();
        let values: Option<Vec<i64>> = items
            .iter()
            .map(|i| (!i.is_empty() && i.bytes().all(|b| b.is_ascii_digit())).then(|| i.parse().ok()).flatten())
            .collect();
        if let Some(mut values) = values.filter(|v| v.len() >= 2) {
            values.sort_unstable();
            values.dedup();
            let consecutive = values.windows(2).all(|w| w[1] == w[0] + 1);
            if consecutive {
                return Some(Rule::Range { min: values.first().copied(), max: values.last().copied() });
            }
        }
    }
    let single = |leads: &[&str]| {
        let rest = after_lead(s, leads)?.trim_start();
        let (start, end, value) = *numbers(rest).first()?;
        let tail = rest[end..].trim();
        let clean = tail.is_empty() || tail.starts_with(['.', ',', ';', '。', '，', '；']);
        (rest[..start].trim().is_empty() && clean && !unit_follows(&rest[end..]))
            .then(|| i64::try_from(value).ok())
            .flatten()
    };
    if let Some(max) = single(&["maximum value:", "maximum value is", "最大值：", "最大值:", "最大值为"]) {
        return Some(Rule::Range { min: None, max: Some(max) });
    }
    if let Some(min) = single(&[
        "minimum value:",
        "minimum value is",
        "valid values: greater than or equal to",
        "最小值：",
        "最小值:",
        "最小值为",
    ]) {
        return Some(Rule::Range { min: Some(min), max: None });
    }
    None
}

/// A value that can be one of an enumeration: a word with no spaces, as the wire has it.
fn enum_token(text: &str) -> Option<String> {
    let t = text.trim().trim_matches('`').trim();
    let ok = !t.is_empty()
        && t.chars().count() <= 64
        && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '*'))
        && !t.ends_with('.');
    ok.then(|| t.to_string())
}

/// Lead-ins of an enumeration: "Valid values:", "取值范围：", "可选值：" anywhere in the sentence;
/// Tencent's "Values:" and "Value range:" only where they open it (`Values: <li>TRUE: ...`),
/// since those words also end phrases that introduce no list ("Description of the default
/// values:").
fn enum_intro(sentence: &str) -> Option<&str> {
    // Every lead-in has "value" (in any case), "取值" or "可选值": most sentences have none.
    let might = sentence.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"value"))
        || sentence.contains("取值")
        || sentence.contains("可选值");
    if !might {
        return None;
    }
    let lower = sentence.to_ascii_lowercase();
    const LEADS: &[&str] = &[
        "valid values:",
        "valid values are:",
        "valid values are",
        "取值范围：",
        "取值范围:",
        "可选值：",
        "可选值:",
        "取值：",
    ];
    const OPENING: &[&str] = &["values:", "values：", "value range:", "value range："];
    let start = lower.len() - lower.trim_start().len();
    LEADS
        .iter()
        .find_map(|l| lower.find(l).map(|i| &sentence[i + l.len()..]))
        .or_else(|| OPENING.iter().find(|l| lower[start..].starts_with(*l)).map(|l| &sentence[start + l.len()..]))
}

/// Allowed values of a string, from description lines: an intro ending with "Valid values:"
/// followed by list items (`- Image: After the task ...`, `- true`), or a sentence listing
/// them ("Valid values: ASC, DESC.", "取值范围：A、B"). Tencent's `Value range:<li>NORMAL:
/// Instance is normal</li><li>...` reaches here as the same lines (the page readers turn `<li>`
/// into `- ` lines), so it is read the same way; the line after the last item (`Default:
/// FALSE.`) ends the list. Every item must be a single word, alone or before its description
/// (after `:`, `：` or in brackets), and there must be two or more, else `None` (an item such as "Empty value: no
/// license" or "Unavailable, including Inactive and InError" makes the list unusable, and items
/// without an intro are prose). Returns the rule and the text it came from. Conditional intros
/// give `None`.
pub fn enumeration(lines: &[String]) -> Option<(Rule, String)> {
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("- ") {
            continue;
        }
        let Some(intro) = split_sentences(line).into_iter().rev().find(|s| enum_intro(s).is_some()) else { continue };
        let sentence = Sentence::new(intro);
        if sentence.is_conditional() || sentence.normalised().contains("include") {
            continue;
        }
        let rest = enum_intro(intro).unwrap_or("").trim();
        if rest.is_empty() && intro.trim_end().ends_with([':', '：']) {
            let items: Vec<&String> = lines[i + 1..].iter().take_while(|l| l.starts_with("- ")).collect();
            let values: Option<Vec<String>> = items
                .iter()
                .map(|item| {
                    let item = item.trim_start_matches("- ").trim();
                    let head = item.split([':', '：', '（', '(']).next().unwrap_or("");
                    enum_token(head).filter(|_| head.len() < item.len() || enum_token(item).is_some())
                })
                .collect();
            let values = values.filter(|v| v.len() >= 2)?;
            let mut source = vec![intro.trim().to_string()];
            source.extend(items.iter().map(|l| l.to_string()));
            return Some((Rule::OneOf { values }, source.join(" ")));
        }
        // Inline: "Valid values: ASC, DESC." / "Valid values: true and false."
        let list = rest
            .trim_end_matches(['.', '。'])
            .replace(", and ", ", ")
            .replace(", or ", ", ")
            .replace(" and ", ", ")
            .replace(" or ", ", ");
        let values: Option<Vec<String>> = list.split([',', '、', '，']).map(enum_token).collect();
        if let Some(values) = values.filter(|v| v.len() >= 2) {
            return Some((Rule::OneOf { values }, intro.trim().to_string()));
        }
    }
    None
}

/// A bound on the `N` of a flattened list name (`Tag.N.Key`), from sentences such as
/// "Valid values of N: 1 to 20." or "N 的取值范围：1~20。": the list holds at most the upper
/// bound. Only the upper bound is kept (an empty list is the same as no list on the wire).
pub fn index_limit(sentence: &str) -> Option<Rule> {
    Sentence::new(sentence).index_limit()
}

/// [`index_limit`] of a normalised sentence.
fn index_limit_in(s: &str) -> Option<Rule> {
    if !has_digit(s) {
        return None;
    }
    const LEADS: &[&str] = &[
        "maximum value of n:",
        "valid values of n:",
        "valid values of n :",
        "valid values of n are",
        "the valid values of n are",
        "value range of n:",
        "n 的取值范围：",
        "n的取值范围：",
        "n 的取值范围:",
        "n的取值范围:",
        "n 取值范围：",
        "n取值范围：",
    ];
    let at = LEADS.iter().find_map(|l| s.find(l).map(|i| i + l.len()))?;
    let rest = &s[at..];
    if s[..at].ends_with("maximum value of n:") {
        let &(start, end, value) = numbers(rest).first()?;
        let tail = rest[end..].trim();
        let clean = tail.is_empty() || tail.starts_with(['.', ',', ';', '。']);
        return (rest[..start].trim().is_empty() && clean).then_some(Rule::Items { min: None, max: Some(value) });
    }
    let (_, max) = bounds(rest)?;
    Some(Rule::Items { min: None, max: Some(max) })
}

/// What a Finance-region note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceMention {
    /// The example Finance domain given, e.g. `dts.ap-shanghai-fsi.tencentcloudapi.com`.
    pub example_domain: Option<String>,
}

/// A note that the API supports Finance regions, e.g. "Note: This API supports Finance
/// regions. If the common parameter Region is a Finance region, a domain name with the Finance
/// region needs to be specified, for example: dts.ap-shanghai-fsi.tencentcloudapi.com".
/// Takes the whole note (it usually spans several sentences).
pub fn finance_note(text: &str) -> Option<FinanceMention> {
    let s = normalise(text);
    let english = s.contains("finance region") && s.contains("support");
    // "For Finance Zone linkage, please use this domain name: https://dts.ap-shenzhen-fsi.tencentcloudapi.com"
    let zone = (s.contains("finance zone") || s.contains("finance area")) && s.contains("domain");
    let chinese = s.contains("金融区") && (s.contains("支持") || s.contains("域名"));
    if !english && !zone && !chinese {
        return None;
    }
    let example_domain = domain_candidates(text).into_iter().find(|d| d.split('.').count() >= 3);
    Some(FinanceMention { example_domain })
}

/// The domain of a domain line: "Domain name for API request: dts.tencentcloudapi.com",
/// "API request domain name: batch.tencentcloudapi.com." or "接口请求域名： cvm.tencentcloudapi.com 。".
/// The trailing full stop is not part of the domain.
pub fn domain_line(sentence: &str) -> Option<String> {
    let s = normalise(sentence);
    if !(s.contains("domain name") || s.contains("域名") || s.contains("endpoint")) {
        return None;
    }
    let (_, rest) = sentence.split_once([':', '：'])?;
    let rest = rest.trim().trim_end_matches(['.', '。', ' ']).trim();
    let rest = rest.trim_matches('`');
    is_domain(rest).then(|| rest.to_ascii_lowercase())
}

/// Maximal runs of domain characters that look like a host name (at least one dot, a
/// letter in the last label).
fn domain_candidates(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| is_domain(w))
        .map(str::to_ascii_lowercase)
        .collect()
}

fn is_domain(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && s.split('.').count() >= 2
        && s.split('.').all(|l| !l.is_empty())
        && s.rsplit('.').next().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Whether a parameter description marks a common parameter: "Common parameter. ...",
/// "Common parameters; ...", "Common Params. ...", "公共参数，...", and Alibaba's "The
/// operation that you want to perform. ..." and "系统规定参数。...".
pub fn is_common_param(description: &str) -> bool {
    let s = normalise(description);
    s.starts_with("common param")
        || s.starts_with("公共参数")
        || s.starts_with("系统规定参数")
        || s.starts_with("the operation that you want to perform")
        || s.starts_with("the name of the operation")
}

/// The value a common-parameter row gives for this API: "Common parameter. The value used
/// for this API: DeleteMigrateJob" -> `DeleteMigrateJob`; "...: 2020-10-28." -> `2020-10-28`;
/// "公共参数，本接口取值：DescribeInstances。" -> `DescribeInstances`; Alibaba's "The operation
/// that you want to perform. Set the value to DescribeSourceServers." and "系统规定参数。取值：
/// DescribeSourceServers" -> `DescribeSourceServers`.
pub fn api_value(description: &str) -> Option<String> {
    let s = normalise(description);
    let lower = description.to_ascii_lowercase();
    let rest = if s.contains("this api") || s.contains("本接口") || s.starts_with("系统规定参数") {
        description.rsplit_once([':', '：'])?.1
    } else if let Some(i) = lower.find("set the value to ") {
        let rest = &description[i + "set the value to ".len()..];
        rest.split_whitespace().next().unwrap_or("")
    } else {
        return None;
    };
    let value = rest.trim().trim_end_matches(['.', '。']).trim().trim_matches('`');
    if let Some(date) = us_date(value) {
        return Some(date);
    }
    let ok = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| value.to_string())
}

/// A version written as a US date, `2/28/2018` (a translation of Yunjing's pages), as API
/// versions are named: `2018-02-28`.
fn us_date(value: &str) -> Option<String> {
    let mut parts = value.split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(month, &[1, 2]) || !digits(day, &[1, 2]) || !digits(year, &[4]) {
        return None;
    }
    let (m, d): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{m:02}-{d:02}"))
}

/// What a "The following table(s) describe(s)/list(s) ..." sentence says the next table (or,
/// said of "tables", the next tables) holds: `Some(None)` when it is parameters (request,
/// response, common ones; fields, elements) or a data type ([`described_data_type`]), read as
/// ever; `Some(Some((subject, plural)))` for anything else: "The following tables describe
/// the extended options of the HTTP, HTTPS, PING, ... protocols specified by the TaskType
/// parameter." (CMS CreateSiteMonitor: the keys of its `OptionsJson`). `None` for any other
/// sentence.
pub fn following_tables(sentence: &str) -> Option<Option<(String, bool)>> {
    let lower = sentence.to_ascii_lowercase();
    let heads = [
        ("the following tables describe ", true),
        ("the following tables list ", true),
        ("the following table describes ", false),
        ("the following table lists ", false),
    ];
    let (head, plural) = heads.iter().find(|(head, _)| lower.starts_with(head))?;
    let subject = sentence[head.len()..].trim().trim_end_matches(['.', ':']).trim();
    let words: Vec<&str> = subject.split_whitespace().map(|w| w.trim_end_matches(',')).collect();
    let mut words = words.iter().map(|w| w.to_ascii_lowercase());
    let mut first = words.next().unwrap_or_default();
    if first == "the" {
        first = words.next().unwrap_or_default();
    }
    if ["request", "response", "common", "returned", "input", "output", "api", "operation"].contains(&first.as_str()) {
        first = words.next().unwrap_or_default();
    }
    let of_parameters = ["parameters", "parameter", "fields", "elements"].contains(&first.as_str());
    if of_parameters || lower.contains(" data type") || subject.is_empty() {
        return Some(None);
    }
    Some(Some((subject.to_string(), *plural)))
}

/// The parameter a caption before a table names: "Description of the Hosts parameter"
/// (Bastionhost AttachHostAccountsToUser) -> `Hosts`. Only a caption: a paragraph that is this
/// phrase and nothing more, the name one word.
pub fn captioned_parameter(paragraph: &str) -> Option<&str> {
    let text = paragraph.trim().trim_end_matches([':', '.', '：']).trim();
    let lower = text.to_ascii_lowercase();
    let rest = lower.strip_prefix("description of the ").map(|_| &text["description of the ".len()..])?;
    let name = rest.strip_suffix(" parameter").or_else(|| rest.strip_suffix(" Parameter"))?.trim().trim_matches('`');
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    ok.then_some(name)
}

/// The field a sentence says the next table describes the inside of: "The following table
/// describes the parameters in the Resources section." (ROS GetTemplateEstimateCost) ->
/// `Resources`.
pub fn described_section(sentence: &str) -> Option<&str> {
    let lower = sentence.to_ascii_lowercase();
    let head = ["the following table describes the parameters in the ", "the following table lists the parameters in the "]
        .into_iter()
        .find(|head| lower.starts_with(head))?;
    let rest = sentence[head.len()..].trim().trim_end_matches(['.', ':']).trim();
    let name = rest.strip_suffix(" section").or_else(|| rest.strip_suffix(" parameter"))?.trim().trim_matches('`');
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// The data type a sentence says the next table describes: "The following table describes
/// the parameters of the Configuration data type." (ECS ModifyReservedInstances) ->
/// `Configuration`.
pub fn described_data_type(sentence: &str) -> Option<String> {
    let lower = sentence.to_ascii_lowercase();
    // The sentence must point at the table ("For information about the parameters of the
    // DataDisk data type, see DataDisk." points elsewhere).
    if !["following table", "table below", "this table"].iter().any(|t| lower.contains(t)) {
        return None;
    }
    let start = lower.find("parameters of the ")? + "parameters of the ".len();
    let end = start + lower[start..].find(" data type")?;
    let name = sentence[start..end].trim().trim_matches('`');
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| name.to_string())
}

/// The action a description sentence names in parentheses: "This API (TerminateInstances) is
/// used to return instances." or "本接口（TerminateJob）用于终止作业。" -> the name.
pub fn described_action(sentence: &str) -> Option<String> {
    for lead in ["This API (", "This API(", "本接口（", "本接口(", "本接口 (", "该接口（", "接口（"] {
        let Some(at) = sentence.find(lead) else { continue };
        let rest = &sentence[at + lead.len()..];
        let end = rest.find([')', '）'])?;
        let name = rest[..end].trim();
        let ok = name.len() >= 2
            && name.len() <= 100
            && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        return ok.then(|| name.to_string());
    }
    None
}

/// The API version in an OpenAPI Explorer link of an Alibaba page
/// (`https://api.aliyun.com/#product=smc&api=DescribeSourceServers&type=RPC&version=2019-06-01`),
/// when the link is for `action`.
pub fn explorer_version(text: &str, action: &str) -> Option<String> {
    for (at, _) in text.match_indices("version=") {
        // After the separator, which may be wider than one byte (U+3000 is whitespace).
        let start = text[..at]
            .char_indices()
            .rfind(|&(_, c)| c.is_whitespace() || c == '(')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let url = &text[start..at];
        let is_explorer = url.contains("api.aliyun.com") || url.contains("api.alibabacloud.com");
        let names_action = url.contains(&format!("api={action}&"));
        if !(is_explorer && names_action) {
            continue;
        }
        let value: String = text[at + "version=".len()..].chars().take(10).collect();
        let b = value.as_bytes();
        let date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if date {
            return Some(value);
        }
    }
    None
}

/// The action an API Explorer link names: Tencent's
/// `https://console.cloud.tencent.com/api/explorer?Product=live&Version=2018-08-01&Action=StopLiveRecord`,
/// Alibaba's `https://api.aliyun.com/#product=smc&api=DescribeSourceServers&type=RPC`.
pub fn explorer_action(url: &str) -> Option<String> {
    let (key, query) = if url.contains("console.cloud.tencent.com/api/explorer") || url.contains("console.tencentcloud.com/api/explorer") {
        ("Action=", url.split_once('?')?.1)
    } else if url.contains("api.aliyun.com") || url.contains("api.alibabacloud.com") {
        ("api=", url.split_once('#')?.1)
    } else {
        return None;
    };
    let value = query.split('&').find_map(|pair| pair.strip_prefix(key))?;
    let value = value.split(['#', ')', ' ']).next().unwrap_or_default();
    is_action_name(value).then(|| value.to_string())
}

/// An API action name as the pages write it: `DeleteSourceServer`, `Describe_X` (an ASCII
/// upper-case letter, then ASCII letters, digits and underscores; 2 to 100 bytes).
pub fn is_action_name(s: &str) -> bool {
    s.len() >= 2
        && s.len() <= 100
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A sentence saying its parameter is superseded: "We recommend that you use the Tag.N.Key
/// parameter to ensure future compatibility." (Alibaba's wording for a deprecated twin),
/// "This parameter is deprecated." A state named Deprecated ("Deprecated: The image is
/// discontinued.") is a value, not a deprecation of the parameter.
pub fn is_deprecation(sentence: &str) -> bool {
    is_deprecation_in(&normalise(sentence))
}

/// [`is_deprecation`] of a normalised sentence.
fn is_deprecation_in(s: &str) -> bool {
    let s = s.strip_prefix("note: ").unwrap_or(s);
    (s.contains("recommend that you use")
        && (s.contains("to ensure future compatibility") || s.contains("to ensure compatibility")))
        || [
            "this parameter is deprecated",
            "this parameter has been deprecated",
            "this parameter is no longer used",
            "this parameter is no longer supported",
            "this parameter will be removed",
        ]
            .iter()
            .any(|p| s.starts_with(p))
        || s.trim_end_matches('.') == "deprecated"
}

/// A sentence saying a string parameter's value is a JSON array (Alibaba RPC lists sent as
/// one query parameter, `InstanceIds=["i-1","i-2"]`): "The value can be a JSON array that
/// consists of up to 100 instance IDs.", "The `DiskIds` value is a JSON array.", "you can set
/// the DiskIds to a JSON array in the format of [...]". Sentences about an empty array ("If
/// `DiskIds` is set to an empty JSON array, ...") say what an empty one means, not the form.
/// An array of objects ("a JSON array of objects", `[{"ServerId": ...}]`) is no list of
/// strings: its parameter stays a String holding the JSON text.
pub fn is_json_array_value(sentence: &str) -> bool {
    is_json_array_value_in(&normalise(sentence))
}

/// [`is_json_array_value`] of a normalised sentence.
fn is_json_array_value_in(s: &str) -> bool {
    s.contains("json array")
        && !s.contains("empty json array")
        && !s.contains("empty json arrays")
        && !s.contains("object")
        && !s.contains('{')
}

/// Page chrome and section preambles that say nothing about the operation: "The following
/// request parameter list only provides API request parameters...", "See Error Codes for a
/// complete list.", "本页内容是否解决了您的问题?", ...
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = normalise(sentence);
    const EXACT: &[&str] =
        &["all products", "search", "document center", "test", "try it now", "feedback", "on this page"];
    const PREFIX: &[&str] = &[
        "last updated:",
        "last updated：",
        "本页内容是否解决了您的问题",
        "the following request parameter list",
        "the following list of request parameters",
        "the following only lists the error codes",
        "only the error codes related to this api",
        "see error codes for a complete list",
        "see release notes for a complete list",
        "tencentcloud api 3.0 integrates sdks",
        "cloud api 3.0 comes with",
        "try this api in openapi explorer",
        "we recommend you to use api explorer",
        "api explorer provides",
        "以下请求参数列表仅列出了接口请求参数",
        "以下仅列出了接口业务逻辑相关的错误码",
    ];
    EXACT.contains(&s.as_str()) || PREFIX.iter().any(|p| s.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_sections() {
        let table = [
            ("The following table describes the parameters in the Resources section.", Some("Resources")),
            ("The following table lists the parameters in the `Outputs` parameter:", Some("Outputs")),
            ("The following table describes the parameters in the request.", None),
            ("The following table describes the parameters of the Configuration data type.", None),
        ];
        for (sentence, want) in table {
            assert_eq!(described_section(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn captioned_parameters() {
        let table = [
            // Bastionhost AttachHostAccountsToUser, DetachHostGroupAccountsFromUserGroup.
            ("Description of the Hosts parameter", Some("Hosts")),
            ("Description of the HostGroups parameter", Some("HostGroups")),
            ("Description of the `Hosts` parameter:", Some("Hosts")),
            // A sentence, not a caption.
            ("Description of the Hosts parameter is given in the table below, with its limits", None),
            ("For a description of the Hosts parameter, see the table.", None),
            ("Description of the parameter", None),
        ];
        for (paragraph, want) in table {
            assert_eq!(captioned_parameter(paragraph), want, "{paragraph}");
        }
    }

    #[test]
    fn described_data_types() {
        let table = [
            ("The following table describes the parameters of the Configuration data type.", Some("Configuration")),
            ("The following table describes the parameters of the `DataDisk` data type.", Some("DataDisk")),
            ("The following table describes the parameters of the data type.", None),
            ("The parameters of the request are described below.", None),
            ("For information about the parameters of the DataDisk data type, see DataDisk.", None),
            ("This table describes the parameters of the DataDisk data type.", Some("DataDisk")),
        ];
        for (sentence, want) in table {
            assert_eq!(described_data_type(sentence).as_deref(), want, "{sentence}");
        }
    }

    #[test]
    fn json_array_values() {
        let table = [
            ("The value can be a JSON array that consists of up to 100 instance IDs.", true),
            ("The value is a JSON array that consists of up to 16 disk IDs.", true),
            ("-   The `DiskIds` value is a JSON array.", true),
            ("The value can contain a JSON array consisting of up to 50 instance IDs.", true),
            (
                "When you want to cancel the automatic snapshot policy for multiple disks, you can set the DiskIds to a \
                 JSON array in the format of \\[\"d-xxxxxxxxx\", \"d-yyyyyyyyy\"\\], and the IDs are separated by half-width commas.",
                true,
            ),
            ("If `DiskIds` is set to an empty JSON array, it is regarded as a valid filter condition, and an empty result is returned.", false),
            ("If both `DiskIds` and `SnapshotLinkIds` are set to empty JSON arrays, they are regarded as valid filter conditions.", false),
            ("The IDs of instances.", false),
            // An array of objects is no list of strings.
            ("The value is a JSON array of objects, each with ServerId and Weight.", false),
            ("Set the value to a JSON array in the format of [{\"ServerId\":\"i-1\",\"Weight\":\"100\"}].", false),
        ];
        for (sentence, want) in table {
            assert_eq!(is_json_array_value(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn deprecations_table() {
        let table = [
            ("**Note:** We recommend that you use the Tag.N.Key parameter to ensure future compatibility.", true),
            ("We recommend that you use other parameters to ensure future compatibility.", true),
            ("We recommend that you use the `InstantAccess` parameter to ensure future compatibility.", true),
            ("This parameter is deprecated.", true),
            // ECS AddTags `Tag.N.key`, the older wording of the same note.
            ("**Note:** This parameter will be removed in the future.", true),
            ("We recommend that you use the Tag.N.Key parameter to ensure compatibility.", true),
            ("Deprecated", true),
            ("Deprecated: The image is discontinued.", false),
            ("You can restore an image from the Deprecated state to the Available state.", false),
            ("This operation is not recommended.", false),
            ("We recommend that you use a password that contains uppercase letters.", false),
        ];
        for (sentence, want) in table {
            assert_eq!(is_deprecation(sentence), want, "{sentence:?}");
        }
    }

    #[test]
    fn rate_limits() {
        let cases: &[(&str, Option<u32>)] = &[
            ("A maximum of 20 requests can be initiated per second for this API.", Some(20)),
            ("Default API request frequency limit: 2 times/second.", Some(2)),
            ("The API request frequency limit is 10 times/second", Some(10)),
            ("The API request frequency limit is 10 times per second.", Some(10)),
            ("This API supports 20 requests per second.", Some(20)),
            ("单个API每秒最多请求20次", Some(20)),
            // Alibaba Cloud's "QPS limits" sections (newer pages than the corpus).
            ("You can call this operation up to 100 times per second per account.", Some(100)),
            ("单用户QPS限制：100次/秒。", Some(100)),
            ("默认接口请求频率限制：20次/秒。", Some(20)),
            ("Default API request frequency limit: 100 times/minute.", None),
            ("A maximum of 100 IDs are allowed.", None),
            ("This API is used to delete a data migration task.", None),
            ("Cloud API 3.0 comes with the following development tools.", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(rate_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn array_limits() {
        let max = |n| Some(Rule::Items { min: None, max: Some(n) });
        let cases: &[(&str, Option<Rule>)] = &[
            ("A maximum of 100 IDs are allowed.", max(100)),
            ("You can query up to 100 instances at a time.", max(100)),
            ("每次请求的实例的上限为100。", max(100)),
            ("Up to 50 tags can be specified, at least 1.", Some(Rule::Items { min: Some(1), max: Some(50) })),
            ("The maximum number of instances in a batch for each request is 100.", max(100)),
            ("You can specify up to 50 instance IDs in each request.", max(50)),
            ("A maximum of 50 instance IDs can be specified.", max(50)),
            ("每次请求批量实例的上限为100。", max(100)),
            ("If you specify this parameter, you can specify up to 10 tags.", None),
            ("The name can contain up to 60 characters.", None),
            ("A maximum of 20 requests can be initiated per second for this API.", None),
            ("Instance ID list.", None),
            ("Supported instance types:CVM LIGHTHOUSE", None),
        ];
        for (s, want) in cases {
            assert_eq!(array_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn numbers_with_separators() {
        let values = |s: &str| numbers(s).into_iter().map(|(_, _, v)| v).collect::<Vec<_>>();
        assert_eq!(values("The JSON string can be up to 2,048 characters in length."), vec![2048]);
        assert_eq!(values("Valid values: 0, 1, 2, and 3."), vec![0, 1, 2, 3]);
        assert_eq!(values("up to 50,000 random read/write IOPS"), vec![50000]);
        assert_eq!(values("1,23 and 1,2345"), vec![1, 23, 1, 2345]);
        assert_eq!(values("version 3.0, v1"), Vec::<u64>::new());
    }

    /// Sentences from the corpus pages (tests/corpus) and the seed pages.
    #[test]
    fn conditionals() {
        let cases: &[(&str, bool)] = &[
            (
                "For Windows instances, the hostname must be 2 to 15 characters in length and cannot contain periods (.) or contain only digits.",
                true,
            ),
            ("Valid values when DiskCategory is set to cloud: 5 to 2000", true),
            (
                "If the purchased outbound public bandwidth is less than or equal to 10 Mbit/s, the valid values of this parameter are 1 to 10, and the default value is 10.",
                true,
            ),
            ("- When the `PeriodUnit` parameter is set to Week, the valid values of Period are 1, 2, 3, and 4.", true),
            ("当公共参数 Region 为金融区地域时，需要同时指定带金融区地域的域名。", true),
            ("The name must be 2 to 128 characters in length.", false),
            ("Valid values: 20 to 500.", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_conditional(s), *want, "{s}");
        }
    }

    #[test]
    fn length_limits() {
        let len = |min, max| Some(Rule::Length { min, max });
        let cases: &[(&str, Option<Rule>)] = &[
            ("The name must be 2 to 128 characters in length.", len(Some(2), Some(128))),
            (
                "The description must be 2 to 256 characters in length and cannot start with http:// or https://.",
                len(Some(2), Some(256)),
            ),
            ("It can be up to 128 characters in length and cannot start with acs: or aliyun.", len(None, Some(128))),
            (
                "The token can contain only ASCII characters and cannot exceed 64 characters in length.",
                len(None, Some(64)),
            ),
            ("The JSON string can be up to 2,048 characters in length.", len(None, Some(2048))),
            ("This parameter is limited to 64 characters.", len(None, Some(64))),
            (
                "Name of key pair, which can consist of numbers, letters, and underscores, with a length of not more than 25 characters.",
                len(None, Some(25)),
            ),
            ("A tag key must be 1 to 128 characters in length.", len(Some(1), Some(128))),
            ("Command description. The maximum length is 120 characters.", len(None, Some(120))),
            ("迁移源名称。长度为2~128个英文或中文字符。", len(Some(2), Some(128))),
            // Conditional: the rule depends on the operating system.
            ("For Windows instances, the hostname must be 2 to 15 characters in length.", None),
            (
                "<li>For `Linux` instances, the password must be a combination of 8-16 characters comprised of at least two of the following types",
                None,
            ),
            // Not lengths in characters.
            ("Base64-encoded command. The maximum length is 64 KB.", None),
            ("The length of key pair name exceeds 25 characters.", None),
            ("The maximum value is 1 KB.", None),
            ("ID of a data migration task", None),
        ];
        for (s, want) in cases {
            assert_eq!(length_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn numeric_ranges() {
        let range = |min, max| Some(Rule::Range { min, max });
        let cases: &[(&str, Option<Rule>)] = &[
            ("Valid values: 20 to 500.", range(Some(20), Some(500))),
            ("Valid values: 1 to 168.", range(Some(1), Some(168))),
            ("Valid values: 20 to 32768.", range(Some(20), Some(32768))),
            ("Default is 20, and valid value is between 1 and 100 (inclusive)", range(Some(1), Some(100))),
            ("The valid values of this parameter are 1 to 64.", range(Some(1), Some(64))),
            ("Maximum value: 50.", range(None, Some(50))),
            ("分页查询时设置的每页行数。最大值：50。", range(None, Some(50))),
            ("Valid values: greater than or equal to 2.", range(Some(2), None)),
            ("Timeout period for command execution. Value range: [1, 86400].", range(Some(1), Some(86400))),
            // Consecutive values are a range.
            ("Valid values: 0, 1, 2, 3, 4, 5, and 6.", range(Some(0), Some(6))),
            // Gaps, conditions, units and non-numbers are not.
            ("- Valid values when PeriodUnit is set to Month: 1, 2, 3, 6, 12, 24, 36, 48, and 60", None),
            ("Valid values: 1, 2, 3, 6, 12, 24, 36, 48, and 60.", None),
            ("Valid values when DiskCategory is set to cloud: 5 to 2000", None),
            ("the valid values of this parameter are 1 to the `InternetMaxBandwidthOut` value", None),
            ("The maximum value is 1 KB.", None),
            ("Valid values of N: 1 to 20.", None),
            ("Valid value: 2.", None),
            ("Valid values: -1 to 10.", None),
            ("Offset. Default is 0.", None),
        ];
        for (s, want) in cases {
            assert_eq!(numeric_range(s), *want, "{s}");
        }
    }

    #[test]
    fn count_ranges() {
        assert_eq!(count_range("Valid values: 1 to 100."), Some(Rule::Items { min: None, max: Some(100) }));
        assert_eq!(count_range("Valid values: 0 to 100."), Some(Rule::Items { min: None, max: Some(100) }));
        assert_eq!(count_range("Valid values: 20 to 500."), None);
        assert_eq!(count_range("Maximum value: 50."), None);
    }

    #[test]
    fn index_limits() {
        let max = |n| Some(Rule::Items { min: None, max: Some(n) });
        let cases: &[(&str, Option<Rule>)] = &[
            ("The key of tag N of the disk. Valid values of N: 1 to 20.", max(20)),
            ("Valid values of N : 1 to 20.", max(20)),
            ("The ID of ECS instance N. Valid values of N: 1 to 50.", max(50)),
            ("Maximum value of N: 50.", max(50)),
            ("标签键。N 的取值范围：1~20。", max(20)),
            ("Valid values: 1 to 20.", None),
            ("Valid values of N: 1 to the number of disks.", None),
        ];
        for (s, want) in cases {
            assert_eq!(index_limit(s), *want, "{s}");
        }
    }

    #[test]
    fn enumerations() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one_of = |v: &[&str]| Some(Rule::OneOf { values: v.iter().map(|s| s.to_string()).collect() });
        let cases: Vec<(Vec<String>, Option<Rule>)> = vec![
            (
                lines(&[
                    "The type of the destination image. Valid values:",
                    "- Image: After the migration task is completed, SMC generates a destination ECS image for the source server.",
                    "- ContainerImage: After the migration task is completed, SMC generates a destination Docker container image for the source server.",
                    "- Instance: After the migration task is completed, SMC migrates the source server to the destination instance.",
                ]),
                one_of(&["Image", "ContainerImage", "Instance"]),
            ),
            (
                lines(&[
                    "The status of the disk. Valid values:",
                    "- In_use",
                    "- Available",
                    "- Attaching",
                    "- Detaching",
                ]),
                one_of(&["In_use", "Available", "Attaching", "Detaching"]),
            ),
            (
                lines(&[
                    "The billing method. Valid values:",
                    "- PayByBandwidth: pay-by-bandwidth",
                    "- PayByTraffic: pay-by-traffic",
                    "Default value: PayByTraffic.",
                ]),
                one_of(&["PayByBandwidth", "PayByTraffic"]),
            ),
            (lines(&["The sort order. Valid values: ASC, DESC."]), one_of(&["ASC", "DESC"])),
            (
                lines(&[
                    "迁移源状态。取值范围：",
                    "- Unavailable（不可用，包括离线和出错）",
                    "- Available（在线）",
                    "- InUse（迁移中）",
                ]),
                one_of(&["Unavailable", "Available", "InUse"]),
            ),
            // An item that is no single value spoils the list.
            (
                lines(&[
                    "The license type. Valid values:",
                    "- Empty value: specifies no license",
                    "- BYOL: specifies bring your own license (BYOL)",
                ]),
                None,
            ),
            (
                lines(&[
                    "The status of the migration source. Valid values:",
                    "- Unavailable, including Inactive and InError",
                    "- Available",
                    "- InUse",
                    "- Deleting",
                ]),
                None,
            ),
            // Tencent writes its lists as `<li>` items in the description cell, which the page
            // readers turn into `- ` lines; the intro is "Values:" or "Value range:", and what
            // follows the last item (`<br>Default: FALSE.`, a sentence) is no value.
            (
                lines(&[
                    "Whether to perform forced shutdown on the running instance. It is recommended to manually shut down the running instance before resetting the user password. Values:",
                    "- TRUE: Perform a forced shutdown in case of a failure of normal shut-down.",
                    "- FALSE: Do not.",
                    "Default: FALSE.",
                ]),
                one_of(&["TRUE", "FALSE"]),
            ),
            (
                lines(&[
                    "Auto renewal flag. Value range:",
                    "- NOTIFY_AND_AUTO_RENEW: notify expiry and renew automatically",
                    "- NOTIFY_AND_MANUAL_RENEW: notify expiry but not renew automatically",
                    "- DISABLE_NOTIFY_AND_MANUAL_RENEW: neither notify expiry nor renew automatically",
                    "If this parameter is specified as NOTIFY_AND_AUTO_RENEW, the instance will be automatically renewed on a monthly basis when the account balance is sufficient.",
                ]),
                one_of(&["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"]),
            ),
            (
                lines(&[
                    "Type of system disk. For information on limits of data disk type, please see CVM Instance Configuration. Value range:",
                    "- LOCAL_BASIC: Local disk",
                    "- LOCAL_SSD: Local SSD disk",
                    "- CLOUD_BASIC: HHD cloud disk",
                    "- CLOUD_PREMIUM: Premium cloud storage",
                    "- CLOUD_SSD: SSD cloud disk",
                    "Default: LOCAL_BASIC.",
                    "This parameter is invalid for the API `ResizeInstanceDisk`.",
                ]),
                one_of(&["LOCAL_BASIC", "LOCAL_SSD", "CLOUD_BASIC", "CLOUD_PREMIUM", "CLOUD_SSD"]),
            ),
            (
                lines(&[
                    "Instance business status. Value range:",
                    "- NORMAL: Instance is normal",
                    "- EXPIRED: Instance expired",
                    "- PROTECTIVELY_ISOLATED: Instance is isolated",
                ]),
                one_of(&["NORMAL", "EXPIRED", "PROTECTIVELY_ISOLATED"]),
            ),
            // Values in code spans; a last item the page never closes; "Value Range:".
            (
                lines(&[
                    "Instance billing method. Value range:",
                    "- `PREPAID`: Prepaid",
                    "- `POSTPAID_BY_HOUR`: Postpaid",
                    "- `CDHPAID`: `CDH` paid, i.e., only pay for `CDH`, excluding instances on the `CDH`.",
                ]),
                one_of(&["PREPAID", "POSTPAID_BY_HOUR", "CDHPAID"]),
            ),
            (
                lines(&[
                    "Subsequent billing unit. Value Range:",
                    "- HOUR: Bill by hour. Scenarios using this billing unit include: postpaid by hour (POSTPAID_BY_HOUR), and postpaid by bandwidth on an hourly basis (BANDWIDTH_POSTPAID_BY_HOUR).",
                    "- GB: Bill by traffic (in GB). Scenarios using this billing unit include: postpaid by traffic on an hourly basis (TRAFFIC_POSTPAID_BY_HOUR).",
                ]),
                one_of(&["HOUR", "GB"]),
            ),
            // A list without an intro phrase is not read as closed.
            (
                lines(&[
                    "Shutdown billing mode",
                    "- KEEP_CHARGING: Keep charging after shutdown",
                    "- STOP_CHARGING: Stop charging after shutdown",
                    "Default value: KEEP_CHARGING.",
                ]),
                None,
            ),
            // `<li>` items that are sentences: prose, with or without a colon in them.
            (
                lines(&[
                    "Server name of CVM.",
                    "- Period (.) and hyphen (-) cannot be used as the first and the last character of HostName, and multiple consecutive hyphens (-) or periods (.) are not allowed.",
                    "- Windows instance: The string length of the server name of CVM is [2, 15], and letters (case insensitive), digits, and hyphens (-) are allowed in the name, but period (.) is not supported and the name cannot be all digits.",
                ]),
                None,
            ),
            (
                lines(&[
                    "Filter conditions.",
                    "- project-id - Integer - Required or not: No - (Filter condition) Filter by project ID.",
                    "- key-name - String - Required or not: No - (Filter condition) Filter by key pair name.",
                    "This parameter does not support specifying both `KeyIds` and `Filters`.",
                ]),
                None,
            ),
            (lines(&["Value range: for more information, please see Image Type."]), None),
            // "values:" ending a longer phrase introduces no list.
            (
                lines(&[
                    "Description of the default values:",
                    "- When the InstanceType parameter is set to a retired instance type and the `IoOptimized` parameter is set to `none`, the default value is `cloud`.",
                    "- In other cases, the default value is `cloud_efficiency`.",
                ]),
                None,
            ),
            // One value, no intro, a condition.
            (lines(&["Valid values:", "- true"]), None),
            (lines(&["- cloud", "- cloud_ssd"]), None),
            (lines(&["When the instance is stopped, valid values:", "- A", "- B"]), None),
            (lines(&["Valid values: 20 to 500."]), None),
        ];
        for (description, want) in cases {
            assert_eq!(enumeration(&description).map(|(r, _)| r), want, "{description:?}");
        }
        let (_, source) = enumeration(&lines(&["Valid values:", "- A", "- B"])).expect("rule");
        assert_eq!(source, "Valid values: - A - B");
    }

    #[test]
    fn enum_intros() {
        let cases: &[(&str, Option<&str>)] = &[
            ("The sort order. Valid values: ASC, DESC.", Some(" ASC, DESC.")),
            ("Values:", Some("")),
            ("Value range:", Some("")),
            ("Value Range:", Some("")),
            ("Value range: for more information, please see Image Type.", Some(" for more information, please see Image Type.")),
            ("迁移源状态。取值范围：", Some("")),
            // Only where they open the sentence: these words end other phrases too.
            ("Description of the default values:", None),
            ("Default value: FALSE.", None),
            ("Shutdown billing mode", None),
        ];
        for (s, want) in cases {
            assert_eq!(enum_intro(s), *want, "{s}");
        }
    }

    #[test]
    fn finance_notes() {
        let cases: &[(&str, Option<Option<&str>>)] = &[
            (
                "Note: This API supports Finance regions. If the common parameter Region is a Finance region, a domain name with the Finance region needs to be specified, for example: dts.ap-shanghai-fsi.tencentcloudapi.com",
                Some(Some("dts.ap-shanghai-fsi.tencentcloudapi.com")),
            ),
            (
                "注意：本接口支持金融区地域。由于金融区和非金融区是隔离不互通的，因此当公共参数 Region 为金融区地域（例如 ap-shanghai-fsi）时，需要同时指定带金融区地域的域名，最好和 Region 的地域保持一致，例如：clb.ap-shanghai-fsi.tencentcloudapi.com。",
                Some(Some("clb.ap-shanghai-fsi.tencentcloudapi.com")),
            ),
            ("This API supports Finance regions.", Some(None)),
            (
                "For Finance Zone linkage, please use this domain name: https://dts.ap-shenzhen-fsi.tencentcloudapi.com",
                Some(Some("dts.ap-shenzhen-fsi.tencentcloudapi.com")),
            ),
            ("Domain name for API request: dts.tencentcloudapi.com", None),
        ];
        for (s, want) in cases {
            let got = finance_note(s).map(|f| f.example_domain);
            assert_eq!(got.as_ref().map(|d| d.as_deref()), *want, "{s}");
        }
    }

    #[test]
    fn domain_lines() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Domain name for API request: dts.tencentcloudapi.com", Some("dts.tencentcloudapi.com")),
            ("API request domain name: batch.tencentcloudapi.com.", Some("batch.tencentcloudapi.com")),
            ("Domain name for API request: tat.intl.tencentcloudapi.com.", Some("tat.intl.tencentcloudapi.com")),
            ("接口请求域名： cvm.tencentcloudapi.com 。", Some("cvm.tencentcloudapi.com")),
            ("Note: a domain name with the Finance region needs to be specified, for example: x", None),
            ("This API is used to terminate a job.", None),
        ];
        for (s, want) in cases {
            assert_eq!(domain_line(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn common_params() {
        let cases: &[(&str, bool, Option<&str>)] = &[
            ("Common parameter. The value used for this API: DeleteMigrateJob", true, Some("DeleteMigrateJob")),
            ("Common parameter; the value for this API: 2017-03-12", true, Some("2017-03-12")),
            ("Common Params. The value used for this API: CancelInvocation.", true, Some("CancelInvocation")),
            ("Common Params. The value used for this API: 2020-10-28.", true, Some("2020-10-28")),
            ("Common parameters; for details, see the Region List supported by the product.", true, None),
            ("公共参数，本接口取值：DescribeInstances。", true, Some("DescribeInstances")),
            ("ID of a data migration task", false, None),
            (
                "The operation that you want to perform. Set the value to DescribeSourceServers.",
                true,
                Some("DescribeSourceServers"),
            ),
            ("系统规定参数。取值：DescribeSourceServers", true, Some("DescribeSourceServers")),
            // Yunjing's pages (a zero-width space in "value used" as on CVM's).
            ("Common parameter. The value\u{200b}used for this API: 2/28/2018.", true, Some("2018-02-28")),
            ("Common parameter. The value used for this API: 13/28/2018.", true, None),
        ];
        for (s, common, value) in cases {
            assert_eq!(is_common_param(s), *common, "{s}");
            assert_eq!(api_value(s).as_deref(), *value, "{s}");
        }
    }

    #[test]
    fn tables_that_describe_something_else() {
        // What the sentence says the next tables hold: not a "following table" sentence,
        // parameters, or something else (subject, plural).
        type Said<'a> = Option<Option<(&'a str, bool)>>;
        let cases: &[(&str, Said<'_>)] = &[
            (
                "The following tables describe the extended options of the HTTP, HTTPS, PING, TCP, UDP, DNS, SMTP. POP3, and FTP protocols specified by the TaskType parameter.",
                Some(Some(("the extended options of the HTTP, HTTPS, PING, TCP, UDP, DNS, SMTP. POP3, and FTP protocols specified by the TaskType parameter", true))),
            ),
            (
                "The following table lists the types and status of events to which you can respond by calling the RedeployInstance operation.",
                Some(Some(("the types and status of events to which you can respond by calling the RedeployInstance operation", false))),
            ),
            ("The following table describes the options of the Config parameter.", Some(Some(("the options of the Config parameter", false)))),
            ("The following table describes the parameters of the Configuration data type.", Some(None)),
            ("The following table describes the request parameters.", Some(None)),
            ("The following table describes the response fields.", Some(None)),
            ("The following tables describe the parameters.", Some(None)),
            ("The value 1 indicates that the detection is successful.", None),
        ];
        for (sentence, want) in cases {
            let got = following_tables(sentence);
            assert_eq!(got.as_ref().map(|o| o.as_ref().map(|(s, p)| (s.as_str(), *p))), *want, "{sentence}");
        }
    }

    #[test]
    fn described_actions() {
        let cases: &[(&str, Option<&str>)] = &[
            ("This API (TerminateInstances) is used to return instances.", Some("TerminateInstances")),
            ("本接口（TerminateJob）用于终止作业。", Some("TerminateJob")),
            ("This API (CreateKeyPair) is used to create an `OpenSSH RSA` key pair.", Some("CreateKeyPair")),
            ("This API (a b) is odd.", None),
            ("This API is used to delete a data migration task.", None),
            ("本接口（", None),
        ];
        for (s, want) in cases {
            assert_eq!(described_action(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn explorer_actions() {
        // Tencent Live StopLiveRecord's Developer Resources link; Alibaba SMC's Debugging link.
        let cases: &[(&str, Option<&str>)] = &[
            ("https://console.cloud.tencent.com/api/explorer?Product=live&Version=2018-08-01&Action=StopLiveRecord", Some("StopLiveRecord")),
            ("https://api.aliyun.com/#product=smc&api=DescribeSourceServers&type=RPC&version=2019-06-01", Some("DescribeSourceServers")),
            ("https://live.tencentcloudapi.com/?Action=StopLiveRecord", None),
            ("https://console.cloud.tencent.com/api/explorer?Product=live&Action=", None),
        ];
        for (url, want) in cases {
            assert_eq!(explorer_action(url).as_deref(), *want, "{url}");
        }
    }

    #[test]
    fn explorer_versions() {
        let link = "[OpenAPI Explorer automatically calculates the signature value.](https://api.aliyun.com/#product=smc&api=DescribeSourceServers&type=RPC&version=2019-06-01)";
        assert_eq!(explorer_version(link, "DescribeSourceServers").as_deref(), Some("2019-06-01"));
        assert_eq!(explorer_version(link, "DeleteSourceServer"), None);
        assert_eq!(explorer_version("see https://example.com/?api=X&version=2019-06-01", "X"), None);
        assert_eq!(explorer_version("https://api.aliyun.com/#api=X&version=2019-6", "X"), None);
        assert_eq!(explorer_version("version=", "X"), None);
    }

    #[test]
    fn sentences() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Instance ID list. A maximum of 100 IDs are allowed. Supported instance types:CVM LIGHTHOUSE",
                &["Instance ID list.", "A maximum of 100 IDs are allowed.", "Supported instance types:CVM LIGHTHOUSE"],
            ),
            ("Use e.g. ins-1 here. Version 3.0 is used.", &["Use e.g. ins-1 here.", "Version 3.0 is used."]),
            ("本接口支持金融区地域。例如：a.b.com。", &["本接口支持金融区地域。", "例如：a.b.com。"]),
            ("", &[]),
        ];
        for (s, want) in cases {
            assert_eq!(split_sentences(s), *want, "{s}");
        }
    }

    /// Strings of up to `max_len - 1` characters of `alphabet` (a fixed xorshift sequence).
    fn random_strings(alphabet: &[&str], mut seed: u64, count: usize, max_len: u64) -> Vec<String> {
        (0..count)
            .map(|_| {
                let mut text = String::new();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut pick = seed;
                for _ in 0..seed % max_len {
                    pick = pick.rotate_left(7) ^ seed;
                    text.push_str(alphabet[(pick % alphabet.len() as u64) as usize]);
                }
                text
            })
            .collect()
    }

    /// The char-by-char `normalise` the byte-by-byte one replaced.
    fn normalise_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if matches!(c, '*' | '`') {
                continue;
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// The char-by-char `split_sentences` the byte-scanning one replaced.
    fn split_sentences_reference(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let end = i + c.len_utf8();
            let boundary = match c {
                '。' | '！' | '？' => true,
                '.' | '!' | '?' => {
                    let next_is_space = iter.peek().is_none_or(|&(_, n)| n.is_whitespace());
                    next_is_space && !(c == '.' && ends_with_abbreviation(&text[start..i]))
                }
                _ => false,
            };
            if boundary {
                let piece = text[start..end].trim();
                if !piece.is_empty() {
                    out.push(piece);
                }
                start = end;
            }
        }
        let rest = text[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
        out
    }

    /// Sentence ends, whitespace of every kind, markers, letters of both cases, CJK text and
    /// characters whose UTF-8 starts with the same byte as `。` or `！`.
    const TRICKY: &[&str] = &[
        "a", "B", "e.g", "ie", "Etc", " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{85}", "\u{a0}", "\u{3000}",
        "\u{2028}", ".", "!", "?", "。", "！", "？", "，", "、", "ー", "\u{3001}", "\u{ff01}", "\u{ff1f}", "*", "`", "(", "数", "Ä",
        "1", "\u{1F600}", "\u{1680}", "\u{2000}", "\u{200a}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{2014}", "\u{1e00}",
    ];

    #[test]
    fn normalise_matches_the_char_by_char_one() {
        for text in random_strings(TRICKY, 0x2545_f491_4f6c_dd1d, 30_000, 24) {
            assert_eq!(normalise(&text), normalise_reference(&text), "{text:?}");
        }
    }

    #[test]
    fn normalise_treats_every_character_as_the_char_by_char_one() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("A {c}b{c}");
            assert_eq!(normalise(&text), normalise_reference(&text), "{c:?}");
        }
    }

    #[test]
    fn split_sentences_matches_the_char_by_char_one() {
        for text in random_strings(TRICKY, 0x9e37_79b9_7f4a_7c15, 30_000, 24) {
            assert_eq!(split_sentences(&text), split_sentences_reference(&text), "{text:?}");
        }
    }

    /// A sentence read by several rules gives what each function gives for its text.
    #[test]
    fn one_sentence_for_every_rule() {
        let sentences = [
            "A maximum of 100 IDs are allowed.",
            "For Windows instances, the hostname must be 2 to 15 characters in length.",
            "The name must be 2 to 128 characters in length.",
            "Valid values: 1 to 100.",
            "Valid values of N: 1 to 20.",
            "This parameter is deprecated.",
            "The value can be a JSON array that consists of up to 100 instance IDs.",
            "**Default** API request frequency limit: 20 times/second.",
            "取值范围：1~100。",
            "",
        ];
        for text in sentences {
            let sentence = Sentence::new(text);
            assert_eq!(sentence.is_deprecation(), is_deprecation(text), "{text}");
            assert_eq!(sentence.is_json_array_value(), is_json_array_value(text), "{text}");
            assert_eq!(sentence.is_conditional(), is_conditional(text), "{text}");
            assert_eq!(sentence.array_limit(), array_limit(text), "{text}");
            assert_eq!(sentence.conditional_rules(), conditional_rules(text), "{text}");
            assert_eq!(sentence.length_limit(), length_limit(text), "{text}");
            assert_eq!(sentence.numeric_range(), numeric_range(text), "{text}");
            assert_eq!(sentence.count_range(), count_range(text), "{text}");
            assert_eq!(sentence.index_limit(), index_limit(text), "{text}");
        }
    }

    #[test]
    fn boilerplate() {
        assert!(is_boilerplate("本页内容是否解决了您的问题?"));
        assert!(is_boilerplate("Last Updated:Sep 08, 2025"));
        assert!(is_boilerplate(
            "The following request parameter list only provides API request parameters and some common parameters."
        ));
        assert!(!is_boilerplate("This API is used to terminate a job."));
    }
}
