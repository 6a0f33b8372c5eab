//! A deterministic profile of how someone writes, computed from a text alone. A plain
//! library: its own types, no knowledge of Tailor's domain.
//!
//! See [`analyse`] for how the text is read and how each measure is computed.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;

mod document;
mod lexicon;

use document::*;
use lexicon::*;

/// How a text is written. Every field is computed from the text alone, the same way every
/// time, so the generation pipeline can imitate the user's own style.
///
/// See [`analyse`] for how each measure is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub word_count: usize,
    pub sentence_count: usize,
    pub paragraph_count: usize,
    /// Words per sentence: mean and standard deviation.
    pub sentence_length_mean: f64,
    pub sentence_length_stddev: f64,
    /// Words per paragraph.
    pub paragraph_length_mean: f64,
    /// Vocabulary richness (0..1; higher means more varied wording, robust to text length).
    pub vocabulary_richness: f64,
    /// Share of sentences written in the first person (0..1).
    pub first_person_ratio: f64,
    /// Formality markers.
    pub formality: Formality,
    /// The most used action verbs, most frequent first.
    pub action_verbs: Vec<TermCount>,
    /// The most used multi-word phrases, most frequent first.
    pub phrases: Vec<TermCount>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Formality {
    /// 0 (casual) to 1 (formal).
    pub score: f64,
    pub contractions_per_100_words: f64,
    pub formal_markers_per_100_words: f64,
    pub informal_markers_per_100_words: f64,
    /// `formal`, `neutral` or `casual`.
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCount {
    pub term: String,
    pub count: usize,
}

/// Words per window of the moving-average type-token ratio.
const MATTR_WINDOW: usize = 50;
/// How many action verbs and phrases are reported at most.
const TOP_TERMS: usize = 10;
/// How often a phrase must occur to be reported.
const MIN_PHRASE_COUNT: usize = 2;
/// Formality scores from here up are `formal`.
const FORMAL_FROM: f64 = 0.6;
/// Formality scores below this are `casual`.
const CASUAL_BELOW: f64 = 0.4;
/// How many contractions weigh as much as one informal marker.
const CONTRACTIONS_PER_INFORMAL_MARKER: f64 = 3.0;
/// The most words a line may have to be read as a heading.
const HEADING_MAX_WORDS: usize = 6;

/// Profiles `text`.
///
/// # How the text is read
///
/// - **Lines** end at `\n`, `\r\n`, `\r`, vertical tab, NEL or U+2028. A form feed or
///   U+2029 ends a paragraph.
/// - **Paragraphs** are runs of lines separated by blank lines (lines of whitespace and
///   zero-width characters only). A text without blank lines is one paragraph. Paragraphs
///   without a single word are not counted.
/// - **Words** are whitespace-separated tokens (an unspaced em dash also separates) that
///   contain at least one letter or digit. A word is normalized by stripping the leading and
///   trailing characters that are neither letters nor digits, turning typographic
///   apostrophes (`’`, `‘`, `ʼ`) into `'`, and lower-casing: `“Don’t,` becomes `don't`.
///   A list marker opening a line (`-`, `*`, `•`, `1.`, `2)`, `a)`) is not a word.
/// - **Sentences** end at a token ending in `.`, `!`, `?` (closing quotes and brackets after
///   the mark are allowed), `‼`, `⁉`, `。`, `！` or `？`, except:
///   - titles and Latin abbreviations (`Mr.`, `Dr.`, `e.g.`, `i.e.`, `vs.`, `approx.`, …),
///     dotted acronyms of one- or two-letter parts (`U.S.`, `Ph.D.`) and single capital
///     initials (`J.`) never end a sentence;
///   - `etc.`, `Inc.`, `Ltd.`, `Co.`, `Corp.`, `a.m.`, `p.m.` end one only when the next word
///     starts with a capital letter;
///   - `No.`, `Fig.`, `p.`, `Jan.`, `Sept.` and the like do not end one before a number;
///   - an ellipsis (`...`, `…`) ends one only before a capital letter or at the end of the
///     paragraph.
///
///   Decimals (`3.5`) are never split because the dot is inside the token. A line break also
///   ends a sentence after a bullet line, before a bullet line, and after a heading-like line
///   (at most six words, not ending in `,` `;` `:` `-` `&` `/` `(` or a connective such as
///   "and", and followed by a line starting with a capital letter or a digit). The end of a
///   paragraph always ends a sentence. Sentences without words are not counted.
///
/// # The measures
///
/// - `sentence_length_mean` / `sentence_length_stddev`: words per sentence, mean and
///   population standard deviation.
/// - `paragraph_length_mean`: words / paragraphs.
/// - `vocabulary_richness`: the moving-average type-token ratio (MATTR) over windows of 50
///   words: the mean, over every window of 50 consecutive words, of distinct words / 50.
///   Texts shorter than 50 words get the plain type-token ratio (distinct / total).
/// - `first_person_ratio`: sentences containing `I`, `I'm`, `I've`, `I'd`, `I'll`, `me`,
///   `my`, `mine` or `myself` (as whole words, any case), divided by all sentences.
/// - `formality`:
///   - contractions: words ending in `n't`, `'re`, `'ve`, `'ll`, `'d` or `'m`, and `'s`
///     after a pronoun or similar (`it's`, `that's`, `let's`, …; possessives like `Acme's`
///     are not contractions);
///   - formal markers: words such as "therefore", "furthermore", "moreover", "however",
///     "sincerely", "hereby", "thus", "whereas", "additionally" (a built-in list);
///   - informal markers: words such as "hey", "gonna", "awesome", "cool", "yeah", "lol"
///     (a built-in list), plus every sentence ending in `!`, every emoticon token
///     (`:)`, `:D`, `<3`, …) and every token holding an emoji;
///   - each is reported per 100 words. With `f` formal markers, `i` informal markers and
///     `c` contractions per 100 words, `formal = f / (f + 1)` and
///     `casual = w / (w + 1)` where `w = i + c / 3` (three contractions weigh as much as
///     one slang word), and `score = 0.5 + (formal - casual) / 2`, which lies in 0..1 and
///     is 0.5 when there is no evidence either way. `level` is `formal` when the score is at
///     least 0.6, `casual` below 0.4, `neutral` otherwise.
/// - `action_verbs`: resume-style action verbs from a built-in list of over 100, each
///   counted under its listed past-tense form over its inflections (`lead`, `leads`,
///   `leading` and `led` all count as `led`). Forms that are mostly nouns or adjectives in resumes (`design`,
///   `own`, `scale`, `support`, `engineering`, …) are left out. At most 10, most frequent
///   first, ties alphabetical.
/// - `phrases`: two- and three-word sequences of normalized words that stay inside one
///   sentence and one clause (they do not cross `,` `;` `:` brackets, quotes, `/`, `|` or
///   stand-alone punctuation such as a dash), are not made of stop words only and occur at
///   least twice. At most 10: most frequent first, then three-word before two-word, then
///   alphabetical.
///
/// Everything is computed in time linear in the text (plus sorting the distinct candidate
/// terms), the output never depends on hash-map iteration order, and an empty text gives
/// zeros, empty lists and a neutral formality of 0.5.
pub fn analyse(text: &str) -> Style {
    let doc = Document::parse(text);
    let infos: Vec<WordInfo> = doc.vocabulary.iter().map(|w| WordInfo::of(w)).collect();
    let mut frequencies = vec![0usize; doc.vocabulary.len()];
    let mut i = 0;
    while i < doc.words.len() {
        frequencies[doc.words[i] as usize] += 1;
        i += 1;
    }

    let word_count = doc.words.len();
    let sentence_count = doc.sentences.len();
    let paragraph_count = doc.paragraph_count;
    let (sentence_length_mean, sentence_length_stddev) =
        mean_and_stddev(doc.sentences.iter().map(Sentence::len));
    let first_person = doc
        .sentences
        .iter()
        .filter(|s| {
            let mut i = s.start;
            while i < s.end && !infos[doc.words[i] as usize].first_person {
                i += 1;
            }
            i < s.end
        })
        .count();

    Style {
        word_count,
        sentence_count,
        paragraph_count,
        sentence_length_mean,
        sentence_length_stddev,
        paragraph_length_mean: ratio(word_count, paragraph_count),
        vocabulary_richness: mattr(&doc.words, doc.vocabulary.len()),
        first_person_ratio: ratio(first_person, sentence_count),
        formality: formality(&doc, &infos, &frequencies),
        action_verbs: action_verbs(&infos, &frequencies),
        phrases: phrases(&doc, &infos),
    }
}

/// `numerator / denominator`, or 0 when the denominator is 0.
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

fn per_100_words(count: usize, words: usize) -> f64 {
    ratio(count, words) * 100.0
}

/// Mean and population standard deviation; zeros for no values.
fn mean_and_stddev(values: impl Iterator<Item = usize> + Clone) -> (f64, f64) {
    let (count, sum) = values
        .clone()
        .fold((0usize, 0usize), |(n, s), v| (n + 1, s + v));
    if count == 0 {
        return (0.0, 0.0);
    }
    let mean = ratio(sum, count);
    let squares: f64 = values
        .map(|v| {
            let d = v as f64 - mean;
            d * d
        })
        .sum();
    (mean, (squares / count as f64).sqrt())
}

/// Moving-average type-token ratio over [`MATTR_WINDOW`] words; the plain type-token ratio
/// for shorter texts.
fn mattr(words: &[WordId], vocabulary: usize) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let mut counts = vec![0u32; vocabulary];
    let mut distinct = 0usize;
    let window = MATTR_WINDOW.min(words.len());
    for &id in &words[..window] {
        let count = &mut counts[id as usize];
        *count += 1;
        distinct += usize::from(*count == 1);
    }
    let mut total = distinct as u128;
    let mut i = window;
    while i < words.len() {
        let (leaving, entering) = (words[i - window], words[i]);
        i += 1;
        let count = &mut counts[leaving as usize];
        *count -= 1;
        distinct -= usize::from(*count == 0);
        let count = &mut counts[entering as usize];
        *count += 1;
        distinct += usize::from(*count == 1);
        total += distinct as u128;
    }
    let windows = (words.len() - window + 1) as f64;
    total as f64 / (windows * window as f64)
}

fn formality(doc: &Document<'_>, infos: &[WordInfo], frequencies: &[usize]) -> Formality {
    let words = doc.words.len();
    let mut contractions = 0;
    let mut formal = 0;
    let mut informal = doc.emoticons + doc.sentences.iter().filter(|s| s.exclaims).count();
    for (info, &frequency) in infos.iter().zip(frequencies) {
        contractions += usize::from(info.contraction) * frequency;
        formal += usize::from(info.formal) * frequency;
        informal += usize::from(info.informal) * frequency;
    }
    let contractions_per_100_words = per_100_words(contractions, words);
    let formal_markers_per_100_words = per_100_words(formal, words);
    let informal_markers_per_100_words = per_100_words(informal, words);

    let formal_pull = formal_markers_per_100_words / (formal_markers_per_100_words + 1.0);
    let casual_weight = informal_markers_per_100_words
        + contractions_per_100_words / CONTRACTIONS_PER_INFORMAL_MARKER;
    let casual_pull = casual_weight / (casual_weight + 1.0);
    let score = (0.5 + (formal_pull - casual_pull) / 2.0).clamp(0.0, 1.0);
    let level = if score >= FORMAL_FROM {
        "formal"
    } else if score < CASUAL_BELOW {
        "casual"
    } else {
        "neutral"
    };
    Formality {
        score,
        contractions_per_100_words,
        formal_markers_per_100_words,
        informal_markers_per_100_words,
        level: level.to_owned(),
    }
}

fn action_verbs(infos: &[WordInfo], frequencies: &[usize]) -> Vec<TermCount> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (info, &frequency) in infos.iter().zip(frequencies) {
        if let Some(verb) = info.verb {
            *counts.entry(verb).or_default() += frequency;
        }
    }
    let mut verbs: Vec<TermCount> = counts
        .into_iter()
        .map(|(term, count)| TermCount {
            term: term.to_owned(),
            count,
        })
        .collect();
    // Stable sort: terms come out of the BTreeMap in alphabetical order.
    verbs.sort_by_key(|t| Reverse(t.count));
    verbs.truncate(TOP_TERMS);
    verbs
}

/// A phrase of two or three words (`words[2] == NO_WORD` for two) occurring `count` times.
#[derive(Debug)]
struct Repeated {
    words: [WordId; 3],
    count: usize,
}

impl Repeated {
    fn len(&self) -> usize {
        if self.words[2] == NO_WORD { 2 } else { 3 }
    }
}

fn phrases(doc: &Document<'_>, infos: &[WordInfo]) -> Vec<TermCount> {
    type Ranked = (Reverse<usize>, Reverse<usize>, [WordId; 3]);
    let mut candidates: Vec<Ranked> = repeated_phrases(doc)
        .into_iter()
        .filter(|p| {
            !p.words
                .iter()
                .filter(|&&id| id != NO_WORD)
                .all(|&id| infos[id as usize].stop)
        })
        .map(|p| (Reverse(p.count), Reverse(p.len()), p.words))
        .collect();
    // Rank by count and length first; only the candidates that can make the top list need
    // their text built to break ties alphabetically.
    let rank = |&(count, len, _): &Ranked| (count, len);
    candidates.sort_unstable_by_key(rank);
    if let Some(last) = candidates.get(TOP_TERMS - 1) {
        let cutoff = rank(last);
        let keep = candidates.partition_point(|c| rank(c) <= cutoff);
        candidates.truncate(keep);
    }
    let mut phrases: Vec<(Reverse<usize>, Reverse<usize>, String)> = candidates
        .into_iter()
        .map(|(count, len, words)| {
            let text = words
                .iter()
                .filter(|&&id| id != NO_WORD)
                .map(|&id| doc.vocabulary[id as usize].as_ref())
                .collect::<Vec<_>>()
                .join(" ");
            (count, len, text)
        })
        .collect();
    phrases.sort_unstable();
    phrases.truncate(TOP_TERMS);
    phrases
        .into_iter()
        .map(|(Reverse(count), _, term)| TermCount { term, count })
        .collect()
}

/// Every two- and three-word phrase that occurs at least [`MIN_PHRASE_COUNT`] times within
/// a clause, found without hashing in time linear in the number of words: occurrences are
/// grouped by their first word (by their first two words for three-word phrases) with a
/// counting sort, and each group tallies the word that follows in a table indexed by word
/// id. A three-word phrase can only repeat if both two-word phrases in it do, so only those
/// occurrences are grouped.
fn repeated_phrases(doc: &Document<'_>) -> Vec<Repeated> {
    let words = &doc.words;
    let Ok(positions) = u32::try_from(words.len()) else {
        return Vec::new();
    };
    // Whether the words at `p` and `p + 1` may be read as one phrase.
    let joined = |p: u32| !doc.phrase_break[p as usize] && (p as usize) + 1 < words.len();
    let mut found = Vec::new();
    let mut tally = Tally::new(doc.vocabulary.len());

    let groups = group_by(positions, doc.vocabulary.len(), |p| {
        joined(p).then(|| words[p as usize])
    });
    // `pair_at[p]`: which repeated two-word phrase starts at `p`, if any.
    let mut pair_at = vec![NO_WORD; words.len()];
    let mut pairs: WordId = 0;
    for group in groups.iter() {
        tally.count(group, 1, words, |p, next, count, slot| {
            if *slot == NO_WORD {
                *slot = pairs;
                pairs += 1;
                found.push(Repeated {
                    words: [words[p as usize], next, NO_WORD],
                    count,
                });
            }
            pair_at[p as usize] = *slot;
        });
    }

    let groups = group_by(positions, pairs as usize, |p| {
        let p = p as usize;
        // A repeated pair at `p` means `p + 1` is in range.
        let pair = pair_at[p];
        (pair != NO_WORD && pair_at[p + 1] != NO_WORD).then_some(pair)
    });
    for group in groups.iter() {
        tally.count(group, 2, words, |p, next, count, slot| {
            if *slot == NO_WORD {
                *slot = 0;
                found.push(Repeated {
                    words: [words[p as usize], words[p as usize + 1], next],
                    count,
                });
            }
        });
    }
    found
}

/// Positions grouped by key: `order[bounds[k]..bounds[k + 1]]` are the positions whose key
/// is `k`, in increasing order.
#[derive(Debug)]
struct Groups {
    order: Vec<u32>,
    bounds: Vec<u32>,
}

impl Groups {
    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.bounds
            .windows(2)
            .map(|b| &self.order[b[0] as usize..b[1] as usize])
            .filter(|group| group.len() >= MIN_PHRASE_COUNT)
    }
}

/// A counting sort of the positions `0..positions` that have a key below `keys`.
fn group_by(positions: u32, keys: usize, key: impl Fn(u32) -> Option<u32>) -> Groups {
    let mut bounds = vec![0u32; keys + 1];
    let mut p = 0;
    while p < positions {
        if let Some(k) = key(p) {
            bounds[k as usize + 1] += 1;
        }
        p += 1;
    }
    for k in 0..keys {
        bounds[k + 1] += bounds[k];
    }
    let mut cursor = bounds.clone();
    let mut order = vec![0u32; bounds[keys] as usize];
    let mut p = 0;
    while p < positions {
        if let Some(k) = key(p) {
            let at = &mut cursor[k as usize];
            order[*at as usize] = p;
            *at += 1;
        }
        p += 1;
    }
    Groups { order, bounds }
}

/// Per-word counters, reset after each group so that one table serves them all.
#[derive(Debug)]
struct Tally {
    counts: Vec<u32>,
    /// A per-word slot for the caller, `NO_WORD` until set; reset with the counts.
    slots: Vec<WordId>,
}

impl Tally {
    fn new(vocabulary: usize) -> Self {
        Self {
            counts: vec![0; vocabulary],
            slots: vec![NO_WORD; vocabulary],
        }
    }

    /// Counts, over the positions `p` of `group`, the words at `p + ahead`; then calls
    /// `repeated(p, word, count, slot)` for every position whose word there occurs at least
    /// [`MIN_PHRASE_COUNT`] times in the group.
    fn count(
        &mut self,
        group: &[u32],
        ahead: usize,
        words: &[WordId],
        mut repeated: impl FnMut(u32, WordId, usize, &mut WordId),
    ) {
        // Index loops: this is the innermost work, and they stay cheap in unoptimized builds.
        let mut i = 0;
        while i < group.len() {
            self.counts[words[group[i] as usize + ahead] as usize] += 1;
            i += 1;
        }
        let mut i = 0;
        while i < group.len() {
            let next = words[group[i] as usize + ahead];
            let count = self.counts[next as usize] as usize;
            if count >= MIN_PHRASE_COUNT {
                repeated(group[i], next, count, &mut self.slots[next as usize]);
            }
            i += 1;
        }
        let mut i = 0;
        while i < group.len() {
            let next = words[group[i] as usize + ahead] as usize;
            self.counts[next] = 0;
            self.slots[next] = NO_WORD;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests;
