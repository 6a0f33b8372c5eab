//! The fact check of a rephrasing: what the rewrite states that the source does not.

use serde::{Deserialize, Serialize};
use tailor_text as text;

/// Names the caller knows, so that the check recognises them in any case and spelling of
/// the list: the companies, job titles and skills of the profile and the job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Known {
    pub companies: Vec<String>,
    pub titles: Vec<String>,
    pub skills: Vec<String>,
}

/// A fact the rewrite states and the source does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub kind: FactKind,
    /// As the rewrite spells it.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Company,
    Title,
    Skill,
    /// A year, a `YYYY-MM-DD` date or a month name.
    Date,
    /// A figure: counts, percentages, money, number words.
    Number,
    /// A capitalised word or run of words inside a sentence (a person, place, product or
    /// organisation the lists do not know).
    Name,
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Capitalised words that are no names: pronouns and words capitalised by convention.
const NOT_NAMES: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The facts `rewrite` states that `source` does not, in the order they appear: known
/// companies, titles and skills (matched whole-word, ignoring case; names of up to three
/// characters, such as "Go" or "R", only in their own case), dates and years, figures
/// (`40%` and `40 percent`, `$1.2M` and `1,200,000`, `5` and `five` are the same figure), and
/// capitalised names inside sentences. An empty result means the rewrite adds no fact.
pub fn introduced_facts(source: &str, rewrite: &str, known: &Known) -> Vec<Fact> {
    let source_key = text::key(source);
    let rewrite_key = text::key(rewrite);
    let mut facts: Vec<(usize, Fact)> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();

    for (kind, names) in [
        (FactKind::Company, &known.companies),
        (FactKind::Title, &known.titles),
        (FactKind::Skill, &known.skills),
    ] {
        for name in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let (haystack, source_has, needle) = if name.chars().count() <= 3 {
                (rewrite, text::has_word(source, name), name.to_owned())
            } else {
                let key = text::key(name);
                (rewrite_key.as_str(), text::has_word(&source_key, &key), key)
            };
            // Key offsets equal rewrite offsets only when folding kept the byte lengths; the
            // spans are used to skip names, so a rare mismatch costs a duplicate at worst.
            for at in text::find_words(haystack, &needle) {
                covered.push((at, at + needle.len()));
                if !source_has
                    && !facts
                        .iter()
                        .any(|(_, f)| text::key(&f.text) == text::key(name))
                {
                    let shown = rewrite.get(at..at + needle.len()).unwrap_or(name);
                    facts.push((
                        at,
                        Fact {
                            kind,
                            text: shown.to_owned(),
                        },
                    ));
                }
            }
        }
    }

    let source_figures = figures(source);
    for figure in figures(rewrite) {
        covered.push((figure.at, figure.at + figure.text.len()));
        if !source_figures.iter().any(|s| s.same(&figure)) {
            facts.push((
                figure.at,
                Fact {
                    kind: if figure.date {
                        FactKind::Date
                    } else {
                        FactKind::Number
                    },
                    text: figure.text,
                },
            ));
        }
    }

    for (at, name) in capitalised_runs(rewrite) {
        let end = at + name.len();
        if covered.iter().any(|&(s, e)| at < e && s < end) {
            continue;
        }
        let key = text::key(&name);
        let first = key.split(' ').next().unwrap_or("");
        if NOT_NAMES.contains(&first) || text::has_word(&source_key, &key) {
            continue;
        }
        let kind = if MONTHS.contains(&key.as_str()) {
            FactKind::Date
        } else {
            FactKind::Name
        };
        // A run whose words all occur in the source is the source's name, recased.
        if key.split(' ').all(|w| text::has_word(&source_key, w)) {
            continue;
        }
        facts.push((at, Fact { kind, text: name }));
    }

    facts.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
    for (_, fact) in facts {
        if !out
            .iter()
            .any(|f| f.kind == fact.kind && text::key(&f.text) == text::key(&fact.text))
        {
            out.push(fact);
        }
    }
    out
}

/// A figure in a text.
#[derive(Debug)]
struct Figure {
    at: usize,
    text: String,
    /// The value with multipliers applied (`$1.2M` is 1,200,000), if it reads as one number.
    value: Option<f64>,
    date: bool,
}

impl Figure {
    fn same(&self, other: &Figure) -> bool {
        match (self.value, other.value) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6 * a.abs().max(1.0),
            _ => normalise_figure(&self.text) == normalise_figure(&other.text),
        }
    }
}

fn normalise_figure(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

/// Multipliers written after a figure, with or without a space.
const MULTIPLIERS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("k", 1e3),
    ("m", 1e6),
    ("b", 1e9),
];

/// Number words read as figures. "one" is left out: "one of the team" states no count.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("double", 2.0),
    ("doubled", 2.0),
    ("tripled", 3.0),
    ("half", 0.5),
];

/// The figures of `text`: numbers (with separators, decimals, currency, `%` and multipliers),
/// ISO dates, years, number words and month names (as dates).
fn figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A digit is ASCII, so `i` is a character boundary.
        let prev = text[..i].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || c == '.') {
            i += 1;
            continue;
        }
        let start = if matches!(prev, Some('$' | '€' | '£' | '¥')) {
            i - prev.map_or(0, char::len_utf8)
        } else {
            i
        };
        // ISO dates: 2021-03-15 or 2021-03.
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 4
            && bytes.get(i + 4) == Some(&b'-')
            && bytes.get(i + 5).is_some_and(u8::is_ascii_digit)
        {
            let mut end = i + 4;
            while end < bytes.len()
                && (bytes[end].is_ascii_digit() || bytes[end] == b'-')
                && end - i < 10
            {
                end += 1;
            }
            let raw = text[i..end].trim_end_matches('-');
            out.push(Figure {
                at: i,
                text: raw.to_owned(),
                value: None,
                date: true,
            });
            i += raw.len();
            continue;
        }
        let mut end = i;
        while end < bytes.len() {
            let c = bytes[end];
            if c.is_ascii_digit()
                || (matches!(c, b',' | b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
            {
                end += 1;
            } else {
                break;
            }
        }
        let number = &text[i..end];
        let plain: String = number.chars().filter(|c| *c != ',').collect();
        let mut value: Option<f64> = plain.parse().ok();
        let mut fig_end = end;
        let rest = &text[end..];
        let mut suffixed = false;
        if rest.starts_with('%') {
            fig_end += 1;
            suffixed = true;
        } else {
            let trimmed = rest.trim_start_matches(' ');
            let gap = rest.len() - trimmed.len();
            let lower = trimmed
                .get(..trimmed.len().min(9))
                .unwrap_or("")
                .to_ascii_lowercase();
            for (word, factor) in MULTIPLIERS.iter().chain([("percent", 1.0)].iter()) {
                let fits = lower.starts_with(word)
                    && !trimmed[word.len()..].starts_with(|c: char| c.is_alphanumeric())
                    && (word.len() > 2 || gap == 0);
                if fits {
                    value = value.map(|v| v * factor);
                    fig_end = end + gap + word.len();
                    suffixed = true;
                    break;
                }
            }
        }
        let year = !suffixed
            && start == i
            && number == plain
            && plain.len() == 4
            && value.is_some_and(|v| (1900.0..=2100.0).contains(&v));
        out.push(Figure {
            at: start,
            text: text[start..fig_end].to_owned(),
            value,
            date: year,
        });
        i = fig_end.max(i + 1);
    }
    for (at, word) in word_spans(text) {
        let lower = word.to_ascii_lowercase();
        if let Some((_, value)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
            out.push(Figure {
                at,
                text: word.to_owned(),
                value: Some(*value),
                date: false,
            });
        }
    }
    out.sort_by_key(|f| f.at);
    out
}

/// Words of `text` with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut spans = Vec::new();
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push((s, &text[s..at]));
                start = None;
            }
            _ => {}
        }
    }
    spans.into_iter()
}

/// Runs of capitalised words (joined by single spaces) that do not start a sentence, line
/// or list item, with their byte offsets. "May" counts only before a figure.
fn capitalised_runs(text: &str) -> Vec<(usize, String)> {
    let mut runs: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut last_end = 0;
    for (at, word) in word_spans(text) {
        let capital = word.starts_with(|c: char| c.is_uppercase());
        let between = &text[last_end..at];
        let joined = current.is_some() && between == " ";
        if let Some((s, e)) = current
            && !(capital && joined)
        {
            runs.push((s, text[s..e].to_owned()));
            current = None;
        }
        if capital {
            let before = text[..at].trim_end_matches([' ', '"', '\'', '(', '\u{201c}']);
            let starts_sentence = before.is_empty()
                || before.ends_with(['.', '!', '?', ':', '\n', '\u{2022}', '-', '*', ';'])
                || before.ends_with(['\u{2013}', '\u{2014}']);
            if let Some((s, _)) = current {
                current = Some((s, at + word.len()));
            } else if !starts_sentence && !word.chars().all(|c| c.is_ascii_digit()) {
                let may = word == "May"
                    && !text[at + 3..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit());
                if !may {
                    current = Some((at, at + word.len()));
                }
            }
        }
        last_end = at + word.len();
    }
    if let Some((s, e)) = current {
        runs.push((s, text[s..e].to_owned()));
    }
    runs
}
