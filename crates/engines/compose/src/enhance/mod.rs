//! A rule-based rewrite of a summary, an experience description or a project description,
//! in the spirit of the model's enhancement (stronger verbs, clarity) but without adding a
//! word of fact:
//!
//! - layout: line breaks unified, whitespace collapsed, list markers of any kind as `• `,
//!   runs of blank lines as one;
//! - weak openings ("Responsible for", "Worked on", "Helped with", "Was involved in",
//!   "Duties included", ...) become action verbs: a listed verb's `-ing` form that follows
//!   becomes the verb ("Responsible for managing" is "Managed"), otherwise a plain verb
//!   stands in ("Oversaw", "Contributed to", "Supported", "Handled");
//! - tense: an ended role's lines start in the past ("Manage" and "Manages" become
//!   "Managed"), a current role's in the present ("Manages" becomes "Manage"), but only for
//!   verbs that are not also common nouns there ("Design of the ..." is left alone) and
//!   `-ing` forms only before a determiner ("Managing a team", not "Training programs");
//!   past lines of a current role stay past (they are done);
//! - filler ("very", "really", "basically", "in order to", ...) and stock phrases (see
//!   [`crate::polish::scrub_stock_phrases`]) are removed;
//! - the result is cut to `max_chars` at a sentence end when one fits, else at a word.

use std::sync::OnceLock;

use tailor_text as text;

use crate::polish::{self, Rule};

pub(crate) mod verbs;

use verbs::{Form, OPENINGS, Opening, Verb, lookup};

/// Which tense lines should start in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tense {
    /// An ended role.
    Past,
    /// A current role.
    Present,
    /// A summary, a project, or a role of unknown status: verbs keep their tense, and a
    /// replaced opening keeps the tense it had ("Worked on" past, "Working on" present,
    /// "Responsible for" past).
    #[default]
    Keep,
}

impl Tense {
    /// The tense for an experience: present while current or without an end date.
    pub fn for_role(is_current: bool, end_date: Option<&str>) -> Tense {
        if is_current || end_date.is_none_or(|e| e.trim().is_empty()) {
            Tense::Present
        } else {
            Tense::Past
        }
    }
}

/// A rewritten text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enhanced {
    pub text: String,
    /// Whether `text` differs from the input.
    pub changed: bool,
}

/// Filler rules, `phrase => replacement` a line.
const FILLER: &str = include_str!("filler.txt");

fn filler() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| polish::parse_rules(FILLER))
}

/// Determiners and the like after which a leading `-ing` form is a verb.
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "our", "my", "their", "his", "her", "its", "all", "each", "every", "new",
    "multiple", "several", "daily", "weekly", "up", "over", "more", "both", "and", "key",
];

/// Rewrites `text` (see the module documentation), at most `max_chars` characters long.
pub fn enhance(text: &str, tense: Tense, max_chars: usize) -> Enhanced {
    let cleaned = text::clean(text);
    let mut lines: Vec<String> = Vec::new();
    for line in cleaned.split('\n') {
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        let (bullet, body) = text::strip_bullet(line);
        let sentences: Vec<String> = text::sentences(body)
            .into_iter()
            .map(|s| rewrite_sentence(s, tense))
            .collect();
        let body = polish::replace_phrases(&sentences.join(" "), filler());
        let body = polish::scrub_stock_phrases(&body);
        if body.is_empty() {
            continue;
        }
        lines.push(if bullet {
            format!("\u{2022} {body}")
        } else {
            body
        });
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let out = fit(&lines.join("\n"), max_chars);
    Enhanced {
        changed: out != text,
        text: out,
    }
}

/// `sentence` with its weak opening replaced and its first verb in `tense`.
pub(crate) fn rewrite_sentence(sentence: &str, tense: Tense) -> String {
    let lower = sentence.to_ascii_lowercase();
    for (opening, replacement, opening_past) in OPENINGS {
        let Some(rest) = lower.strip_prefix(opening) else {
            continue;
        };
        if !rest.starts_with(' ') {
            continue;
        }
        let past = match tense {
            Tense::Past => true,
            Tense::Present => false,
            Tense::Keep => opening_past.unwrap_or(true),
        };
        let rest = sentence[opening.len()..].trim_start();
        let capital = sentence.starts_with(|c: char| c.is_uppercase());
        let (head, rest) = match replacement {
            Opening::Phrase(p, q) => ((if past { *p } else { *q }).to_owned(), rest.to_owned()),
            Opening::GerundOr(p, q) => {
                let first = rest.split(' ').next().unwrap_or("");
                match lookup(&first.to_ascii_lowercase()) {
                    Some((verb, Form::Gerund)) => (
                        form(verb, past).to_owned(),
                        conjuncts(rest[first.len()..].trim_start(), past),
                    ),
                    _ => ((if past { *p } else { *q }).to_owned(), rest.to_owned()),
                }
            }
        };
        let head = if capital { capitalise(&head) } else { head };
        return if rest.is_empty() {
            head
        } else {
            format!("{head} {rest}")
        };
    }
    let past = match tense {
        Tense::Keep => return sentence.to_owned(),
        Tense::Past => true,
        Tense::Present => false,
    };
    let mut words = sentence.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    let next = words.next().unwrap_or("");
    let (Some((verb, from)), true) = (
        lookup(&first.to_ascii_lowercase()),
        first.chars().all(char::is_alphabetic),
    ) else {
        return sentence.to_owned();
    };
    let safe = match from {
        Form::Base => past && !verb.base_is_noun,
        Form::Third => !verb.plural_is_noun,
        Form::Gerund => {
            DETERMINERS.contains(&next.to_ascii_lowercase().as_str())
                || next.starts_with(|c: char| c.is_ascii_digit())
        }
        Form::Past => false,
    };
    if !safe || next.is_empty() {
        return sentence.to_owned();
    }
    let mut head = form(verb, past).to_owned();
    if first.starts_with(|c: char| c.is_uppercase()) {
        head = capitalise(&head);
    }
    let rest = &sentence[first.len()..];
    let rest = if from == Form::Gerund {
        format!(" {}", conjuncts(rest.trim_start(), past))
    } else {
        rest.to_owned()
    };
    format!("{head}{rest}")
}

/// The verb's past form, or its base form for the present.
fn form(verb: &Verb, past: bool) -> &'static str {
    if past { verb.past } else { verb.base }
}

/// `rest` with the listed `-ing` forms that follow "and" or a comma put in the same form
/// ("managing stock and training staff" reads "managed stock and trained staff").
fn conjuncts(rest: &str, past: bool) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut after_joint = false;
    for (n, word) in rest.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        match lookup(&lower) {
            Some((verb, Form::Gerund)) if after_joint => out.push_str(form(verb, past)),
            _ => out.push_str(word),
        }
        after_joint = lower == "and" || lower == "or" || word.ends_with(',');
    }
    out
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` within `max_chars`: whole lines while they fit, then as many whole sentences of
/// the next line as fit, else its words.
fn fit(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for line in text.split('\n') {
        let sep = usize::from(!out.is_empty());
        let len = line.chars().count();
        if used + sep + len <= max_chars {
            if sep == 1 {
                out.push('\n');
            }
            out.push_str(line);
            used += sep + len;
            continue;
        }
        let room = max_chars.saturating_sub(used + sep);
        let mut part = String::new();
        for sentence in text::sentences(line) {
            let extra = usize::from(!part.is_empty()) + sentence.chars().count();
            if part.chars().count() + extra > room {
                break;
            }
            if !part.is_empty() {
                part.push(' ');
            }
            part.push_str(sentence);
        }
        if part.is_empty() && out.is_empty() {
            part = text::truncate_words(line, room).to_owned();
        }
        if !part.is_empty() {
            if sep == 1 {
                out.push('\n');
            }
            out.push_str(&part);
        }
        break;
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests;
