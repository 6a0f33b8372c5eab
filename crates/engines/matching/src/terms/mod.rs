//! How both modules read a text: content words (lower case, stop-words removed, English
//! Snowball stems) for lexical comparison, and the vocabulary's canonical skills (aliases
//! folded) for skill comparison.
//!
//! Stems let "managed", "manages" and "management" meet, and "cooks" meet "cook"; the
//! vocabulary lets "K8s" meet "Kubernetes". Every text is cut to
//! [`tailor_text::MAX_INPUT_BYTES`] first, so the work stays bounded whatever a caller passes.

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use tailor_skills::{VocabularyKind, vocabulary};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// English function words, plus the words every posting and resume uses whatever the trade
/// ("experience", "ability", "years", "strong"), which would otherwise make every item look
/// alike.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "either",
    "etc",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "like",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
    "yours",
    // Words of every posting and every resume.
    "ability",
    "able",
    "candidate",
    "candidates",
    "demonstrated",
    "desired",
    "equivalent",
    "excellent",
    "experience",
    "experienced",
    "experiences",
    "familiarity",
    "good",
    "great",
    "ideal",
    "including",
    "join",
    "know",
    "knowledge",
    "least",
    "looking",
    "minimum",
    "new",
    "plus",
    "preferred",
    "proficiency",
    "proficient",
    "proven",
    "related",
    "relevant",
    "required",
    "requirement",
    "requirements",
    "responsibilities",
    "responsible",
    "role",
    "seeking",
    "similar",
    "skill",
    "skills",
    "solid",
    "strong",
    "successful",
    "understanding",
    "using",
    "well",
    "work",
    "worked",
    "working",
    "year",
    "years",
    "yrs",
    "ideally",
    "hiring",
    "help",
    "helped",
    "helps",
    "get",
    "make",
    "made",
    "keep",
    "kept",
    "day",
    "days",
    "week",
    "weekly",
    "month",
    "monthly",
    "time",
    "first",
    "two",
    "three",
    "four",
    "five",
    "six",
];

/// Seniority and level words: "Senior Accountant" and "Staff Accountant" are the same trade.
const LEVEL_WORDS: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "principal",
    "staff",
    "entry",
    "level",
    "mid",
    "i",
    "ii",
    "iii",
    "iv",
    "trainee",
    "acting",
    "part",
    "full",
    "time",
];

static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());
static LEVELS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| LEVEL_WORDS.iter().copied().collect());

/// One content word of a text: its stem and the word as written (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub stem: String,
    pub surface: String,
}

/// The content words of `text`, in order: lower case, without stop-words, numbers and
/// one-letter words, each with its stem.
pub(crate) fn content_words(text: &str) -> Vec<Word> {
    let text = tailor_text::prefix_within(text, tailor_text::MAX_INPUT_BYTES);
    let mut out = Vec::new();
    for word in tailor_text::words(text) {
        let lower = tailor_text::key(word);
        let lower = lower.trim_end_matches("'s").trim_matches('\'').to_owned();
        if lower.chars().count() < 2
            || lower.chars().all(|c| c.is_ascii_digit())
            || STOP.contains(lower.as_str())
        {
            continue;
        }
        out.push(Word {
            stem: stem(&lower),
            surface: lower,
        });
    }
    out
}

/// The English Snowball stem of a lower-case word, with agent nouns folded onto their
/// activity: Snowball strips "-er" from long words only, so "plumber" would not meet
/// "plumbing" nor "teacher" meet "teaching". A stem ending in "er" loses it when at least four
/// letters remain ("gather" and "gathering" both become "gath"; "order" stays). Applied alike
/// to postings and profiles, the fold never splits what Snowball joined.
pub(crate) fn stem(word: &str) -> String {
    let stem = STEMMER.stem(word);
    match stem.strip_suffix("er") {
        Some(root) if root.chars().count() >= 4 => root.to_owned(),
        _ => stem.into_owned(),
    }
}

/// The stems of a job or item title that name the trade: level words ("Senior", "II") and
/// parenthesised notes dropped.
pub(crate) fn title_stems(title: &str) -> Vec<String> {
    let mut stems = Vec::new();
    for word in content_words(title) {
        if LEVELS.contains(word.surface.as_str()) || stems.contains(&word.stem) {
            continue;
        }
        stems.push(word.stem);
    }
    stems
}

/// A vocabulary skill named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SkillHit {
    pub name: &'static str,
    pub soft: bool,
    pub count: usize,
}

/// The vocabulary skills `text` names, by first occurrence, with their counts.
pub(crate) fn skills_in(text: &str) -> Vec<SkillHit> {
    let text = tailor_text::prefix_within(text, tailor_text::MAX_INPUT_BYTES);
    vocabulary()
        .find_all(text)
        .into_iter()
        .map(|m| SkillHit {
            name: m.name,
            soft: m.kind == VocabularyKind::Soft,
            count: m.count,
        })
        .collect()
}

/// The canonical vocabulary skill a skill name stands for ("Postgres" is `postgresql`), by
/// dictionary look-up first and then by the matcher ("Advanced Excel" is `excel`).
pub(crate) fn canonical_skill(name: &str) -> Option<SkillHit> {
    let vocabulary = vocabulary();
    if let Some(canonical) = vocabulary.canonical(name)
        && let Some(skill) = vocabulary.get(canonical)
    {
        return Some(SkillHit {
            name: canonical,
            soft: skill.kind == VocabularyKind::Soft,
            count: 1,
        });
    }
    skills_in(name).into_iter().next()
}

/// Whether `term` (a keyword the vocabulary may not know) occurs in `haystack_key` (a text
/// passed through [`tailor_text::key`]) as whole words, and how often.
pub(crate) fn count_phrase(haystack_key: &str, term: &str) -> usize {
    let needle = tailor_text::key(term.trim());
    if needle.is_empty() {
        return 0;
    }
    tailor_text::find_words(haystack_key, &needle).count()
}

#[cfg(test)]
mod tests;
