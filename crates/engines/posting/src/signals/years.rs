//! The years of experience a posting asks for.

use super::*;

/// Words that make a "N years" about the company rather than the candidate.
pub(crate) const HISTORY_WORDS: &[&str] = &[
    "founded",
    "established",
    "in business",
    "history",
    "anniversary",
    "we've been",
    "we have been",
    "has been",
    "have been",
    "our",
    "we",
    "since",
    "company",
    "serving",
    "trusted",
];

/// Words that make a "N years" about the candidate.
pub(crate) const EXPERIENCE_WORDS: &[&str] = &[
    "experience",
    "exp",
    "experienced",
    "working",
    "work",
    "professional",
    "industry",
    "hands-on",
    "background",
    "developing",
    "building",
    "programming",
    "coding",
    "engineering",
    "managing",
    "leading",
    "designing",
    "using",
    "you",
    "candidate",
    "required",
    "minimum",
    "at least",
    "must",
];

/// The year counts asked for in `text`, in text order: "5+ years", "at least 3 years",
/// "3-5 years" (3), "minimum of two years". With `strict`, only those near an experience word count (for
/// free text); otherwise (requirement items) any that is not about the company's history.
pub(crate) fn years_in(text: &str, strict: bool) -> Vec<u32> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for token in ["years", "year", "yrs", "yr"] {
        for at in find_words(&lower, token) {
            let before = &lower[..at];
            // "a 4-year degree", "2-year contract": not an experience requirement.
            if before.ends_with('-') {
                let after = &lower[at + token.len()..];
                if !after.trim_start().starts_with("experience")
                    && !after.trim_start().starts_with("of experience")
                {
                    continue;
                }
            }
            let Some(years) = count_ending(before) else {
                continue;
            };
            // "a year" asks for one year only with experience around it.
            let article =
                token == "year" && matches!(before.trim_end().rsplit(' ').next(), Some("a" | "an"));
            let near = tailor_text::suffix_within(before, 120);
            let clause = near
                .rfind(['.', ';', '!', '?', '\n'])
                .map_or(near, |i| &near[i + 1..]);
            let after = tailor_text::prefix_within(&lower[at + token.len()..], 120);
            let after_window = tailor_text::prefix_within(
                &after[..after
                    .find(['.', ';', '!', '?', '\n'])
                    .unwrap_or(after.len())],
                80,
            );
            let after_first = next_word(after);
            if matches!(after_first, "ago" | "old" | "running") && !strict_in(after_window)
                || after_window.trim_start().starts_with("of age")
                || after_window.trim_start().starts_with("in business")
                || after_window.trim_start().starts_with("of history")
            {
                continue;
            }
            let experience = has_any_word(clause, EXPERIENCE_WORDS)
                || has_any_word(after_window, EXPERIENCE_WORDS);
            let history =
                has_any_word(clause, HISTORY_WORDS) || has_any_word(after_window, HISTORY_WORDS);
            if history && !experience {
                continue;
            }
            if (strict || article) && !experience {
                continue;
            }
            found.push((at, years));
        }
    }
    found.sort_unstable();
    found.into_iter().map(|(_, years)| years).collect()
}

pub(crate) fn strict_in(window: &str) -> bool {
    has_any_word(window, &["experience", "exp"])
}

/// The year count that ends `before` ("5+", "3-5", "3 to 5", "two (2)", "minimum of ten").
pub(crate) fn count_ending(before: &str) -> Option<u32> {
    let mut text = before.trim_end();
    text = text.trim_end_matches('+').trim_end();
    if let Some(stripped) = text.strip_suffix("plus") {
        text = stripped.trim_end();
    }
    // "two (2) years".
    if let Some(inner) = text.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let n = inner[open + 1..].trim().trim_end_matches('+');
        if let Ok(n) = n.parse::<u32>() {
            return (n <= 40).then_some(n);
        }
        text = inner[..open].trim_end();
    }
    let last = text.rsplit([' ', '(', '/']).next()?;
    // A range: "3-5", "3–5"; "3 to 5", "3 - 5".
    let mut low = None;
    if let Some((a, _)) = last.split_once(['-', '–']) {
        low = a.trim_end_matches('+').parse::<u32>().ok();
    }
    if low.is_none() {
        let head = text[..text.len() - last.len()].trim_end();
        let range_head = head
            .strip_suffix(" to")
            .or_else(|| head.strip_suffix(" -"))
            .or_else(|| head.strip_suffix(" –"))
            .or_else(|| head.strip_suffix(" or"))
            .map(str::trim_end);
        let value = parse_count(last.trim_end_matches('+'))?;
        if let Some(range_head) = range_head
            && let Some(first) = range_head.rsplit(' ').next()
            && let Some(first) = parse_count(first.trim_end_matches('+'))
            && first <= value
        {
            low = Some(first);
        } else {
            low = Some(value);
        }
    }
    low.filter(|&n| n <= 40)
}

pub(crate) fn parse_count(word: &str) -> Option<u32> {
    if matches!(word, "a" | "an") {
        return Some(1);
    }
    if word.len() <= 2 && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok();
    }
    number_word(word)
}
