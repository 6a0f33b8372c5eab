//! Clean-up and checks for text, whoever wrote it: [`scrub_stock_phrases`] replaces the stock
//! phrases of machine-written letters, [`introduced_facts`] finds what a rephrasing says that
//! its source did not (the check a model's rewrite must pass), and [`placeholders`] finds
//! template leftovers such as `[Company]` or `{name}`.

use std::sync::OnceLock;

use tailor_text as text;

mod facts;

pub use facts::{Fact, FactKind, Known, introduced_facts};

/// The stock-phrase rules, `phrase => replacement` a line (see the file's header).
const STOCK_PHRASES: &str = include_str!("stock_phrases.txt");

pub(crate) struct Rule {
    /// Lower case, apostrophes straight.
    phrase: Vec<char>,
    replacement: &'static str,
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| parse_rules(STOCK_PHRASES))
}

/// Rules from `phrase => replacement` lines, longest phrase first.
pub(crate) fn parse_rules(list: &'static str) -> Vec<Rule> {
    let mut rules: Vec<Rule> = list
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (phrase, replacement) = line.split_once("=>")?;
            Some(Rule {
                phrase: phrase.trim().chars().map(fold).collect(),
                replacement: replacement.trim(),
            })
        })
        .collect();
    // Longest first, so that "leverage my skills" wins over "leverage".
    rules.sort_by_key(|rule| std::cmp::Reverse(rule.phrase.len()));
    rules
}

/// A character as phrases are compared: lower case, typographic apostrophes, quotes and
/// dashes as ASCII, any whitespace as a space.
fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2010}'..='\u{2015}' => '-',
        c if c.is_whitespace() => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// `text` with the stock phrases of [the list](STOCK_PHRASES) replaced by plain wording or
/// removed. Sentences stay grammatical: a capital at the start of a replaced phrase is kept,
/// a sentence whose opening was removed starts with a capital, and no doubled spaces or
/// stray spaces before punctuation are left. Line breaks are kept.
pub fn scrub_stock_phrases(text: &str) -> String {
    replace_phrases(text, rules())
}

/// `text` with every phrase of `rules` replaced, as [`scrub_stock_phrases`] describes.
pub(crate) fn replace_phrases(text: &str, rules: &[Rule]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let folded: Vec<char> = chars.iter().map(|&(_, c)| fold(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // byte offset in `text` copied up to
    let mut capitalise_next = false;
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0 || !text::is_word_char(folded[i - 1]);
        let matched = if at_word_start && text::is_word_char(folded[i]) {
            let first = folded[i];
            rules.iter().find_map(|rule| {
                let end = i + rule.phrase.len();
                let fits = rule.phrase.first() == Some(&first)
                    && end <= folded.len()
                    && folded[i..end] == rule.phrase[..]
                    && (!rule.phrase.last().is_some_and(|c| text::is_word_char(*c))
                        || folded.get(end).is_none_or(|c| !text::is_word_char(*c)));
                fits.then_some((rule, end))
            })
        } else {
            None
        };
        let Some((rule, end)) = matched else {
            if capitalise_next && chars[i].1.is_alphabetic() {
                out.push_str(&text[copied..chars[i].0]);
                out.extend(chars[i].1.to_uppercase());
                copied = chars[i].0 + chars[i].1.len_utf8();
                capitalise_next = false;
            } else if capitalise_next && !chars[i].1.is_whitespace() {
                capitalise_next = false;
            }
            i += 1;
            continue;
        };
        let start_byte = chars[i].0;
        let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
        out.push_str(&text[copied..start_byte]);
        let sentence_start = is_sentence_start(&out);
        if rule.replacement.is_empty() {
            capitalise_next |= sentence_start;
        } else if chars[i].1.is_uppercase() || sentence_start {
            let mut r = rule.replacement.chars();
            if let Some(first) = r.next() {
                out.extend(first.to_uppercase());
                out.push_str(r.as_str());
            }
        } else {
            out.push_str(rule.replacement);
        }
        if !rule.replacement.is_empty() {
            capitalise_next = false;
        }
        copied = end_byte;
        i = end;
    }
    out.push_str(&text[copied..]);
    tidy(&out)
}

/// Whether the text written so far ends where a sentence starts.
fn is_sentence_start(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.is_empty()
        || trimmed.ends_with(['.', '!', '?', '\n', ':', '\u{2022}'])
        || trimmed.ends_with("\n-")
}

/// Doubled spaces, spaces before punctuation and spaces around lines left by removals.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut prev_space = false;
        let mut line_out = String::with_capacity(line.len());
        let mut chars = line.trim().chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' || c == '\t' {
                prev_space = true;
                continue;
            }
            // Punctuation between words or figures ("1 ,0", "a ,b") is not tidied: joining
            // it would change what the text says.
            let ends_clause = chars.peek().is_none_or(|n| !n.is_alphanumeric());
            if prev_space {
                if !(matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') && ends_clause) {
                    line_out.push(' ');
                }
                prev_space = false;
            }
            // ", ," and ",." left where a phrase between commas went.
            if matches!(c, ',' | '.') && ends_clause && line_out.ends_with(',') {
                line_out.pop();
            }
            line_out.push(c);
        }
        out.push_str(&line_out);
    }
    out
}

/// Words that are template placeholders when they stand as they are, matched whole-word and
/// ignoring case.
const PLACEHOLDER_PHRASES: &[&str] = &[
    "company name",
    "hiring manager name",
    "hiring manager's name",
    "your name",
    "job title",
    "position title",
    "recipient name",
    "your address",
    "lorem ipsum",
    "lorem",
    "xyz",
    "xxx",
    "abc company",
    "tbd",
    "insert here",
];

/// Leftover template placeholders in `text`, in order of appearance: bracketed slots
/// (`[Company]`, `{name}`, `{{ title }}`, `<Hiring Manager>`), runs of underscores, and
/// [stock slot names](PLACEHOLDER_PHRASES) such as "Company Name" or "Lorem ipsum".
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let close = match bytes[i] {
            b'[' => Some(b']'),
            b'{' => Some(b'}'),
            b'<' => Some(b'>'),
            _ => None,
        };
        if let Some(close) = close {
            let rest = &text[i + 1..];
            let limit = rest.char_indices().nth(60).map_or(rest.len(), |(b, _)| b);
            if let Some(end) = rest[..limit].find(close as char) {
                let inner = &rest[..end];
                let slot = !inner.contains('\n')
                    && match close {
                        b'}' => true,
                        b']' => inner.chars().any(char::is_alphabetic),
                        _ => {
                            inner.starts_with(char::is_alphabetic)
                                && inner
                                    .chars()
                                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'))
                        }
                    };
                if slot {
                    found.push((i, text[i..i + 1 + end + 1].to_owned()));
                    i += end + 2;
                    continue;
                }
            }
        }
        if bytes[i] == b'_' && text[i..].starts_with("___") {
            let run = text[i..].bytes().take_while(|&b| b == b'_').count();
            found.push((i, text[i..i + run].to_owned()));
            i += run;
            continue;
        }
        i += 1;
    }
    let lower = text.to_ascii_lowercase();
    for phrase in PLACEHOLDER_PHRASES {
        for at in text::find_words(&lower, phrase) {
            if !found.iter().any(|(f, s)| (*f..f + s.len()).contains(&at)) {
                found.push((at, text[at..at + phrase.len()].to_owned()));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, s)| s).collect()
}

/// `text` without its [placeholders], tidied; what is left when a fragment is only a
/// placeholder is empty.
pub(crate) fn without_placeholders(text: &str) -> String {
    let mut out = text.to_owned();
    for slot in placeholders(text) {
        out = out.replacen(&slot, "", 1);
    }
    // A bracket left alone could pair with another fragment's; it carries no meaning here.
    out.retain(|c| !matches!(c, '[' | ']' | '{' | '}' | '<' | '>'));
    tidy(&out).trim().to_owned()
}

#[cfg(test)]
mod tests;
