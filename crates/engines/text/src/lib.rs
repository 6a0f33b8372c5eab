//! Small text helpers shared by the text engines and the domain: clean-up of pasted text,
//! word-boundary search, sentences, trimming a value to a field's length, and a few place
//! names. Std only.
#![forbid(unsafe_code)]

pub mod places;

/// The analyser reads at most this many bytes of its input. The contract caps pasted text at
/// 15,000 characters (at most 60,000 bytes); anything beyond this bound is not a posting, and
/// cutting it keeps the work bounded whatever a caller passes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// The input with line breaks unified to `\n`, control and invisible formatting characters
/// removed, every other whitespace run read as one space, and each line trimmed.
pub fn clean(text: &str) -> String {
    let text = prefix_within(text, MAX_INPUT_BYTES);
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                space = false;
                line_start = true;
            }
            '\n' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                space = false;
                line_start = true;
            }
            c if c.is_whitespace() => space = !line_start,
            c if c.is_control() || is_invisible(c) => {}
            c => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
                line_start = false;
            }
        }
    }
    out
}

/// Zero-width and direction-control characters, which carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix_within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The longest suffix of `text` of at most `max` bytes that starts on a character boundary.
pub fn suffix_within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// `text` cut to at most `max_chars` characters, at the last word boundary before the limit
/// when there is one.
pub fn truncate_words(text: &str, max_chars: usize) -> &str {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text;
    };
    let head = &text[..cut];
    if text[cut..].starts_with(char::is_whitespace) {
        return head.trim_end();
    }
    match head.rfind(char::is_whitespace) {
        Some(at) if !head[..at].trim_end().is_empty() => head[..at].trim_end(),
        _ => head,
    }
}

/// A field value: trimmed, cut at a word boundary to `max_chars`, `None` when empty.
pub fn field(text: &str, max_chars: usize) -> Option<String> {
    let value = truncate_words(text.trim(), max_chars).trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The line without its list marker ("- ", "* ", "• ", "1. ", "2) ", "a) ", "(3) ", "[ ] "),
/// and whether it had one.
pub fn strip_bullet(line: &str) -> (bool, &str) {
    let trimmed = line.trim_start();
    let mut chars = trimmed.char_indices();
    let Some((_, first)) = chars.next() else {
        return (false, trimmed);
    };
    let rest_after = |len: usize| trimmed[len..].trim_start();
    // Symbol markers.
    const SYMBOLS: &[char] = &[
        '•', '·', '◦', '▪', '▫', '‣', '⁃', '●', '○', '■', '□', '◆', '◇', '➢', '➤', '►', '▶', '▸',
        '→', '✓', '✔', '✅', '☑', '☐', '❖', '♦', '⦿', '⁌', '⁍', '∙', '⋅', '●',
    ];
    if SYMBOLS.contains(&first) {
        return (true, strip_checkbox(rest_after(first.len_utf8())));
    }
    // Dash-like markers need a space after them ("-5 years" is not a list item).
    if matches!(first, '-' | '*' | '+' | '–' | '—' | '>' | 'o') {
        let len = first.len_utf8();
        if trimmed[len..].starts_with(' ') && (first != 'o' || trimmed.len() > 2) {
            let rest = rest_after(len);
            // "o" is a marker only when a capitalised word follows (Word's hollow bullet).
            if first != 'o' || rest.starts_with(|c: char| c.is_uppercase()) {
                return (true, strip_checkbox(rest));
            }
        }
        return (false, trimmed);
    }
    // "(1) ", "(a) ".
    if first == '(' {
        let inner: String = trimmed[1..].chars().take(3).collect();
        if let Some(close) = inner.find(')') {
            let label = &inner[..close];
            if is_list_label(label) && trimmed[1 + close + 1..].starts_with(' ') {
                return (true, rest_after(1 + close + 1));
            }
        }
        return (false, trimmed);
    }
    // "1. ", "12) ", "a) ", "b. ".
    let label_len = trimmed
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .take(3)
        .count();
    if label_len > 0 {
        let label = &trimmed[..label_len];
        let after = &trimmed[label_len..];
        let numeric = label.bytes().all(|b| b.is_ascii_digit());
        let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
        let marker_ok = if numeric {
            after.starts_with(". ") || after.starts_with(") ")
        } else {
            letter && after.starts_with(") ")
        };
        if marker_ok && (numeric && label.len() <= 2 || letter) {
            return (true, rest_after(label_len + 1));
        }
    }
    (false, trimmed)
}

fn is_list_label(label: &str) -> bool {
    !label.is_empty()
        && (label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit())
            || label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase()))
}

fn strip_checkbox(text: &str) -> &str {
    for box_ in ["[ ] ", "[x] ", "[X] "] {
        if let Some(rest) = text.strip_prefix(box_) {
            return rest.trim_start();
        }
    }
    text
}

/// `text` without wrapping Markdown emphasis ("**Rust**", "__Go__") and heading hashes.
pub fn strip_markup(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text.len();
        text = text.trim_start_matches('#').trim_start();
        for mark in ["**", "__"] {
            if let Some(inner) = text.strip_prefix(mark) {
                text = inner.trim_start();
                if let Some(inner) = text.strip_suffix(mark) {
                    text = inner.trim_end();
                } else if let Some(at) = text.rfind(mark) {
                    // "**Requirements**:" keeps what follows the closing mark.
                    let tail = text[at + mark.len()..].trim();
                    if tail.chars().all(|c| !c.is_alphanumeric()) {
                        text = text[..at].trim_end();
                    }
                }
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

/// A matching key: lower case, typographic quotes and dashes as ASCII, whitespace collapsed.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '´' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether `c` is part of a word (a letter or digit).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte offsets of the occurrences of `needle` in `haystack` that stand as whole words: not
/// preceded or followed by a letter or digit (only checked on the sides where `needle` itself
/// starts or ends with one). Non-overlapping, left to right.
///
/// The haystacks are mostly single lines and the needles short, so a scan for the first byte
/// beats building a substring searcher for every call.
pub fn find_words<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let check_start = needle.chars().next().is_some_and(is_word_char);
    let check_end = needle.chars().next_back().is_some_and(is_word_char);
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    // Most needles are absent from most lines. On long haystacks `contains` says so fastest;
    // on short ones setting up its searcher costs more than scanning.
    let absent = n.len() > h.len() || (h.len() > 64 && !haystack.contains(needle));
    let mut from = if absent { h.len() + 1 } else { 0 };
    std::iter::from_fn(move || {
        let &first = n.first()?;
        while from + n.len() <= h.len() {
            let at = from
                + h[from..=h.len() - n.len()]
                    .iter()
                    .position(|&b| b == first)?;
            from = at + 1;
            if !h[at..].starts_with(n) {
                continue;
            }
            // `at` starts a character: the needle's first byte is never a continuation byte.
            let before_ok =
                !check_start || !haystack[..at].chars().next_back().is_some_and(is_word_char);
            let after_ok = !check_end
                || !haystack[at + n.len()..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char);
            if before_ok && after_ok {
                from = at + n.len();
                return Some(at);
            }
        }
        None
    })
}

/// The first byte offset of `needle` in `haystack`. Like `str::find`, without the cost of
/// setting up a searcher on the short lines this module mostly scans.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return None;
    }
    if h.len() > 64 {
        return haystack.find(needle);
    }
    let &first = n.first()?;
    (0..=h.len() - n.len()).find(|&at| h[at] == first && h[at..].starts_with(n))
}

/// Whether `needle` occurs in `haystack` (see [`find`]).
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Whether `needle` (ASCII lower case) occurs in `haystack` in any ASCII case, without
/// allocating a lower-cased copy.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return false;
    };
    if n.len() > h.len() {
        return false;
    }
    // Only the positions whose byte is the needle's first, in either case, are compared.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    (0..=h.len() - n.len())
        .any(|at| (h[at] == lower || h[at] == upper) && h[at..at + n.len()].eq_ignore_ascii_case(n))
}

/// Whether `needle` occurs in `haystack` as a whole word.
pub fn has_word(haystack: &str, needle: &str) -> bool {
    find_words(haystack, needle).next().is_some()
}

/// Whether any of `needles` occurs in `haystack` as a whole word.
pub fn has_any_word(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| has_word(haystack, n))
}

/// The words of `text`: runs of letters, digits and apostrophes.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(is_word_char(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// The number of words of `text`.
pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// Whether `text` has letters and none of them is lower case ("REQUIREMENTS").
pub fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "inc", "ltd", "co", "corp", "sr", "jr", "dr", "mr", "mrs", "ms",
    "st", "no", "approx", "dept", "min", "max", "incl", "esp", "fig", "ca", "cf", "al",
];

/// The sentences of `text`, each with its final punctuation. A period ends a sentence when a
/// space and a capital letter or digit follow it and it does not end an abbreviation
/// ("e.g.", "Inc.", "U.S.") or an initial.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') || at < start {
            continue;
        }
        let rest = &text[at + 1..];
        let Some(next) = rest.strip_prefix(' ').and_then(|r| r.chars().next()) else {
            continue;
        };
        if !(next.is_uppercase() || next.is_ascii_digit() || next == '"' || next == '(') {
            continue;
        }
        if c == '.' {
            let word = text[start..at].rsplit([' ', '(']).next().unwrap_or("");
            let lower = word.to_ascii_lowercase();
            if word.chars().count() == 1
                || word.contains('.')
                || ABBREVIATIONS.contains(&lower.as_str())
            {
                continue;
            }
        }
        let sentence = text[start..=at].trim();
        if !sentence.is_empty() {
            out.push(sentence);
        }
        start = at + 2;
    }
    let rest = text[start.min(text.len())..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The English number words used in postings ("two years").
pub fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .and_then(|i| u32::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_unifies_line_breaks_and_drops_control_characters() {
        let cleaned = clean("Title\r\n\tCompany\u{0}\u{7}  Inc \rNext\u{2028}Last\u{200b}!");
        assert_eq!(cleaned, "Title\nCompany Inc\nNext\nLast!");
    }

    #[test]
    fn cleaning_keeps_blank_lines_and_non_ascii_text() {
        assert_eq!(
            clean("Café  Zürich\n\n\nÜber uns"),
            "Café Zürich\n\n\nÜber uns"
        );
    }

    #[test]
    fn cleaning_bounds_the_input() {
        let long = "é".repeat(MAX_INPUT_BYTES);
        assert!(clean(&long).len() <= MAX_INPUT_BYTES);
    }

    #[test]
    fn truncation_cuts_at_a_word_boundary() {
        assert_eq!(truncate_words("alpha beta gamma", 12), "alpha beta");
        assert_eq!(truncate_words("alpha beta gamma", 10), "alpha beta");
        assert_eq!(truncate_words("alpha beta", 50), "alpha beta");
        assert_eq!(truncate_words("abcdefghij", 4), "abcd");
        assert_eq!(truncate_words("ééé ééé", 5), "ééé");
    }

    #[test]
    fn list_markers_of_every_common_kind_are_removed() {
        for (line, item) in [
            ("- Rust", "Rust"),
            ("* Go", "Go"),
            ("• SQL", "SQL"),
            ("· Kafka", "Kafka"),
            ("1. Five years", "Five years"),
            ("12) Ten", "Ten"),
            ("a) Docker", "Docker"),
            ("(3) Helm", "Helm"),
            ("- [ ] Tests", "Tests"),
            ("o Python", "Python"),
            ("✓ Teamwork", "Teamwork"),
        ] {
            assert_eq!(strip_bullet(line), (true, item), "{line}");
        }
    }

    #[test]
    fn text_that_only_looks_like_a_marker_is_kept() {
        for line in [
            "-5 years",
            "**Bold**",
            "2024 was great",
            "3+ years",
            "old habits",
            "Go. Now",
        ] {
            assert_eq!(strip_bullet(line), (false, line), "{line}");
        }
    }

    #[test]
    fn markup_around_headings_is_removed() {
        assert_eq!(strip_markup("## Requirements"), "Requirements");
        assert_eq!(strip_markup("**Requirements**"), "Requirements");
        assert_eq!(strip_markup("**Requirements:**"), "Requirements:");
        assert_eq!(strip_markup("**Requirements**:"), "Requirements");
    }

    #[test]
    fn whole_words_are_found_only_at_word_boundaries() {
        assert_eq!(
            find_words("remote, remotely remote", "remote").collect::<Vec<_>>(),
            [0, 17]
        );
        assert!(has_word("a c++ b", "c++"));
        assert!(!has_word("internal", "intern"));
    }

    #[test]
    fn sentences_end_at_periods_that_are_not_abbreviations() {
        assert_eq!(
            sentences("We like it. Knitting is a plus! Use e.g. Rust at Acme Inc. today. Done"),
            [
                "We like it.",
                "Knitting is a plus!",
                "Use e.g. Rust at Acme Inc. today.",
                "Done"
            ]
        );
        assert_eq!(
            sentences("Based in the U.S. We hire."),
            ["Based in the U.S. We hire."]
        );
        assert_eq!(sentences(""), Vec::<&str>::new());
    }

    #[test]
    fn keys_are_lower_case_with_plain_quotes() {
        assert_eq!(key("What  You’ll Do"), "what you'll do");
    }
}
