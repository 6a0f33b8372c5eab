//! A deterministic profile of how someone writes, computed from a sample's text.
//!
//! See [`analyze_style`] for how the text is read and how each measure is computed.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// How a text is written. Every field is computed from the text alone, the same way every
/// time, so the generation pipeline can imitate the user's own style.
///
/// See [`analyze_style`] for how each measure is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WritingStyle {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Formality {
    /// 0 (casual) to 1 (formal).
    pub score: f64,
    pub contractions_per_100_words: f64,
    pub formal_markers_per_100_words: f64,
    pub informal_markers_per_100_words: f64,
    /// `formal`, `neutral` or `casual`.
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub fn analyze_style(text: &str) -> WritingStyle {
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

    WritingStyle {
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

/// What a normalized word is, looked up once per distinct word.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    stop: bool,
    first_person: bool,
    contraction: bool,
    formal: bool,
    informal: bool,
    /// The listed form of the action verb this word inflects.
    verb: Option<&'static str>,
}

impl WordInfo {
    fn of(word: &str) -> Self {
        let mut info = lexicon().get(word).copied().unwrap_or_default();
        info.contraction = is_contraction(word);
        info
    }
}

/// Every word of the built-in lists, with what the lists say about it.
fn lexicon() -> &'static HashMap<&'static str, WordInfo, WordHashing> {
    static LEXICON: OnceLock<HashMap<&'static str, WordInfo, WordHashing>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon: HashMap<&'static str, WordInfo, WordHashing> =
            HashMap::with_hasher(WordHashing::new());
        for &word in STOP_WORDS {
            lexicon.entry(word).or_default().stop = true;
        }
        for &word in FIRST_PERSON {
            lexicon.entry(word).or_default().first_person = true;
        }
        for &word in FORMAL_MARKERS {
            lexicon.entry(word).or_default().formal = true;
        }
        for &word in INFORMAL_MARKERS {
            lexicon.entry(word).or_default().informal = true;
        }
        for entry in ACTION_VERBS {
            let mut forms = entry.split(' ');
            if let Some(listed) = forms.next() {
                for form in std::iter::once(listed).chain(forms) {
                    lexicon.entry(form).or_default().verb.get_or_insert(listed);
                }
            }
        }
        lexicon
    })
}

fn is_contraction(word: &str) -> bool {
    if !word.contains('\'') {
        return false;
    }
    let contracted = ["n't", "'re", "'ve", "'ll", "'d", "'m"]
        .iter()
        .any(|suffix| {
            word.strip_suffix(suffix)
                .is_some_and(|stem| !stem.is_empty())
        });
    contracted
        || word
            .strip_suffix("'s")
            .is_some_and(|stem| S_CONTRACTION_STEMS.contains(&stem))
}

/// The index of a distinct word in [`Document::vocabulary`].
type WordId = u32;

/// Not a word: ends a two-word phrase, marks an empty slot.
const NO_WORD: WordId = WordId::MAX;

/// The most distinct words told apart; any further new words share the last id. (Reaching
/// it takes billions of distinct words, far more than a writing sample holds.)
const MAX_VOCABULARY: usize = NO_WORD as usize;

/// A text split into words, sentences and paragraphs.
#[derive(Debug, Default)]
struct Document<'a> {
    /// Every word in reading order, as an index into `vocabulary`.
    words: Vec<WordId>,
    /// `phrase_break[i]`: a phrase may not run from `words[i]` on to `words[i + 1]` (they are
    /// in different clauses or sentences).
    phrase_break: Vec<bool>,
    /// The distinct normalized words, in order of first appearance.
    vocabulary: Vec<Cow<'a, str>>,
    sentences: Vec<Sentence>,
    paragraph_count: usize,
    /// Emoticons and tokens holding emoji: not words, but marks of casual writing.
    emoticons: usize,
}

/// The words `start..end` of a [`Document`].
#[derive(Debug)]
struct Sentence {
    start: usize,
    end: usize,
    /// Ends in an exclamation mark.
    exclaims: bool,
}

impl Sentence {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A piece of a line between whitespace (or unspaced em dashes).
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    /// `text[core_start..core_end]` is the word without its leading and trailing
    /// punctuation; empty when the token holds no letter or digit.
    core_start: usize,
    core_end: usize,
    /// `text` is plain ASCII.
    ascii: bool,
    /// The line ends after this token, and that line break ends the sentence.
    breaks_line: bool,
    /// An unspaced em dash follows.
    dash_after: bool,
}

impl<'a> Token<'a> {
    fn core(&self) -> &'a str {
        self.text
            .get(self.core_start..self.core_end)
            .unwrap_or_default()
    }

    fn lead(&self) -> &'a str {
        self.text.get(..self.core_start).unwrap_or_default()
    }

    fn trail(&self) -> &'a str {
        self.text.get(self.core_end..).unwrap_or_default()
    }
}

impl<'a> Document<'a> {
    fn parse(text: &'a str) -> Self {
        let mut parser = Parser::new(text.len());
        let lines = lines(text);
        let mut start = 0;
        for (i, line) in lines.iter().enumerate() {
            if is_blank(line) {
                if start < i {
                    parser.paragraph(&lines[start..i]);
                }
                start = i + 1;
            }
        }
        if start < lines.len() {
            parser.paragraph(&lines[start..]);
        }
        parser.doc
    }
}

/// Reads paragraphs token by token, holding back one token to look at the next.
#[derive(Debug)]
struct Parser<'a> {
    doc: Document<'a>,
    ids: HashMap<Cow<'a, str>, WordId, WordHashing>,
    /// Room to lower-case a word in without allocating.
    lowered: String,
    sentence_start: usize,
    /// The last token read, not yet processed.
    pending: Option<Token<'a>>,
}

impl<'a> Parser<'a> {
    fn new(text_len: usize) -> Self {
        let words = text_len / 6;
        Self {
            doc: Document {
                words: Vec::with_capacity(words),
                phrase_break: Vec::with_capacity(words),
                ..Document::default()
            },
            ids: HashMap::with_capacity_and_hasher(
                (text_len / 16).min(1 << 16),
                WordHashing::new(),
            ),
            lowered: String::new(),
            sentence_start: 0,
            pending: None,
        }
    }

    fn paragraph(&mut self, lines: &[&'a str]) {
        let first_word = self.doc.words.len();
        let mut next_is_bullet = lines.first().is_some_and(|line| is_bullet_line(line));
        for (i, &line) in lines.iter().enumerate() {
            let bullet = next_is_bullet;
            let next = lines.get(i + 1).copied();
            next_is_bullet = next.is_some_and(is_bullet_line);
            let (tokens, words) = self.scan_line(skip_list_marker(line));
            if tokens == 0 {
                continue;
            }
            if let Some(last) = self.pending.as_mut() {
                last.breaks_line = match next {
                    None => true,
                    Some(next) => bullet || next_is_bullet || is_heading(last, words, next),
                };
            }
        }
        if let Some(last) = self.pending.take() {
            self.token(&last, None);
        }
        self.end_sentence(false);
        if self.doc.words.len() > first_word {
            self.doc.paragraph_count += 1;
        }
    }

    /// Reads the tokens of `line` (split at whitespace and em dashes); returns how many there
    /// were and how many of them hold a word.
    fn scan_line(&mut self, line: &'a str) -> (usize, usize) {
        let bytes = line.as_bytes();
        let (mut tokens, mut words) = (0, 0);
        let mut start = 0;
        let mut ascii = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (width, split) = if b > b' ' && b < 0x80 {
                (1, None)
            } else if b < 0x80 {
                let space = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
                (1, if space { Some(false) } else { None })
            } else {
                let width = utf8_width(b);
                (
                    width,
                    separator(bytes.get(i..i + width).unwrap_or_default()),
                )
            };
            if let Some(dash) = split {
                if let Some(word) = self.read(line, start, i, ascii) {
                    tokens += 1;
                    words += usize::from(word);
                }
                if dash && let Some(last) = self.pending.as_mut() {
                    last.dash_after = true;
                }
                start = i + width;
                ascii = true;
            } else if b >= 0x80 {
                ascii = false;
            }
            i += width;
        }
        if let Some(word) = self.read(line, start, bytes.len(), ascii) {
            tokens += 1;
            words += usize::from(word);
        }
        (tokens, words)
    }

    /// Reads `line[start..end]` unless it is empty, and processes the token before it.
    /// Returns whether it holds a word.
    fn read(&mut self, line: &'a str, start: usize, end: usize, ascii: bool) -> Option<bool> {
        let text = line.get(start..end).filter(|t| !t.is_empty())?;
        let (core_start, core_end) = core_bounds(text);
        let token = Token {
            text,
            core_start,
            core_end,
            ascii,
            breaks_line: false,
            dash_after: false,
        };
        if let Some(previous) = self.pending.replace(token) {
            self.token(&previous, Some(text));
        }
        Some(core_end > core_start)
    }

    fn token(&mut self, token: &Token<'a>, next: Option<&str>) {
        let text = token.text;
        if is_emoticon(text) {
            self.doc.emoticons += 1;
            self.break_phrase();
        } else {
            if !token.ascii && text.chars().any(is_emoji) {
                self.doc.emoticons += 1;
            }
            let core = token.core();
            if core.is_empty() {
                self.break_phrase();
            } else {
                if token.core_start > 0 && token.lead().chars().any(is_phrase_breaker) {
                    self.break_phrase();
                }
                self.push_word(core, token.ascii);
                if token.core_end < text.len() && token.trail().chars().any(is_phrase_breaker) {
                    self.break_phrase();
                }
            }
        }
        if token.dash_after {
            self.break_phrase();
        }
        match sentence_end(text, next) {
            Some(exclaims) => self.end_sentence(exclaims),
            None if token.breaks_line => self.end_sentence(false),
            None => {}
        }
    }

    /// Adds the word `core` (plain ASCII if `ascii`), normalized: lower-cased, with
    /// typographic apostrophes made plain.
    fn push_word(&mut self, core: &'a str, ascii: bool) {
        let vocabulary = &mut self.doc.vocabulary;
        let full = vocabulary.len() >= MAX_VOCABULARY;
        let next_id = WordId::try_from(vocabulary.len()).unwrap_or(NO_WORD - 1);
        let id = if ascii && !has_ascii_uppercase(core) {
            match self.ids.entry(Cow::Borrowed(core)) {
                Entry::Occupied(known) => *known.get(),
                Entry::Vacant(_) if full => NO_WORD - 1,
                Entry::Vacant(new) => {
                    new.insert(next_id);
                    vocabulary.push(Cow::Borrowed(core));
                    next_id
                }
            }
        } else {
            self.lowered.clear();
            if ascii {
                self.lowered.push_str(core);
                self.lowered.make_ascii_lowercase();
            } else {
                self.lowered.push_str(
                    &core
                        .replace(['\u{2019}', '\u{2018}', '\u{2BC}'], "'")
                        .to_lowercase(),
                );
            }
            if let Some(&id) = self.ids.get(self.lowered.as_str()) {
                id
            } else if full {
                NO_WORD - 1
            } else {
                let word: Cow<'a, str> = Cow::Owned(self.lowered.clone());
                self.ids.insert(word.clone(), next_id);
                vocabulary.push(word);
                next_id
            }
        };
        self.doc.words.push(id);
        self.doc.phrase_break.push(false);
    }

    fn break_phrase(&mut self) {
        if let Some(last) = self.doc.phrase_break.last_mut() {
            *last = true;
        }
    }

    fn end_sentence(&mut self, exclaims: bool) {
        let end = self.doc.words.len();
        if end > self.sentence_start {
            self.break_phrase();
            self.doc.sentences.push(Sentence {
                start: self.sentence_start,
                end,
                exclaims,
            });
            self.sentence_start = end;
        }
    }
}

fn has_ascii_uppercase(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// Splits `text` into lines at `\n`, `\r\n`, `\r`, vertical tab, NEL and U+2028; a form
/// feed or U+2029 also adds a blank line. Works on bytes: every byte matched is ASCII or
/// the lead byte of a character, so each cut falls on a character boundary.
fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b > b'\r' && b != 0xC2 && b != 0xE2 {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let (width, ends_paragraph) = match rest {
            [b'\n' | 0x0B, ..] => (1, false),
            [b'\r', b'\n', ..] => (2, false),
            [b'\r', ..] => (1, false),
            [0x0C, ..] => (1, true),
            [0xC2, 0x85, ..] => (2, false),
            [0xE2, 0x80, 0xA8, ..] => (3, false),
            [0xE2, 0x80, 0xA9, ..] => (3, true),
            _ => {
                i += 1;
                continue;
            }
        };
        lines.push(text.get(start..i).unwrap_or_default());
        if ends_paragraph {
            lines.push("");
        }
        i += width;
        start = i;
    }
    lines.push(text.get(start..).unwrap_or_default());
    lines
}

/// Only whitespace and zero-width characters.
fn is_blank(line: &str) -> bool {
    for &b in line.as_bytes() {
        if b >= 0x80 {
            return line.chars().all(|c| {
                c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            });
        }
        if !b.is_ascii_whitespace() && b != 0x0B {
            return false;
        }
    }
    true
}

/// How many bytes the character starting with `lead` takes.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// For the bytes of one non-ASCII character: `Some(false)` for whitespace, `Some(true)` for
/// an em dash, `None` otherwise.
fn separator(encoded: &[u8]) -> Option<bool> {
    match encoded {
        [0xE2, 0x80, 0x94] => Some(true),
        [0xC2, 0x85 | 0xA0]
        | [0xE1, 0x9A, 0x80]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [0xE2, 0x81, 0x9F]
        | [0xE3, 0x80, 0x80] => Some(false),
        _ => None,
    }
}

/// The byte range of `token` left after stripping leading and trailing characters that are
/// neither letters nor digits.
fn core_bounds(token: &str) -> (usize, usize) {
    let bytes = token.as_bytes();
    let char_at = |i: usize| token.get(i..).and_then(|s| s.chars().next());
    let mut start = 0;
    while start < bytes.len() {
        let b = bytes[start];
        if b < 0x80 {
            if matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z') {
                break;
            }
            start += 1;
        } else {
            match char_at(start) {
                Some(c) if c.is_alphanumeric() => break,
                Some(c) => start += c.len_utf8(),
                None => return (0, 0),
            }
        }
    }
    let mut end = bytes.len();
    while end > start {
        let b = bytes[end - 1];
        if b < 0x80 {
            if matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z') {
                break;
            }
            end -= 1;
        } else {
            let mut lead = end - 1;
            while lead > start && bytes[lead] & 0xC0 == 0x80 {
                lead -= 1;
            }
            match char_at(lead) {
                Some(c) if c.is_alphanumeric() => break,
                Some(_) => end = lead,
                None => return (0, 0),
            }
        }
    }
    (start, end)
}

const BULLET_SYMBOLS: &[char] = &[
    '•', '·', '▪', '▫', '◦', '‣', '●', '○', '■', '□', '➢', '➤', '►', '▸', '▹', '✓', '✔', '→',
];

/// The first whitespace-separated token of `line` and the rest after it.
fn first_token(line: &str) -> (&str, &str) {
    let line = line.trim_start();
    line.split_once(char::is_whitespace).unwrap_or((line, ""))
}

/// A list item: opens with a list marker, or with a bullet symbol stuck to its first word.
fn is_bullet_line(line: &str) -> bool {
    let (first, _) = first_token(line);
    is_list_marker(first) || first.starts_with(BULLET_SYMBOLS)
}

/// `line` without the list marker it opens with, if any.
fn skip_list_marker(line: &str) -> &str {
    match first_token(line) {
        (first, rest) if is_list_marker(first) => rest,
        _ => line,
    }
}

/// `-`, `*`, `•`, `1.`, `12)`, `a)` and the like.
fn is_list_marker(token: &str) -> bool {
    if token.is_empty() || token.len() > 6 {
        return false;
    }
    let symbols = token.chars().count() <= 2
        && token
            .chars()
            .all(|c| matches!(c, '-' | '*' | '+' | '>' | '–' | '—') || BULLET_SYMBOLS.contains(&c));
    if symbols {
        return true;
    }
    let Some(label) = token.strip_suffix(['.', ')']) else {
        return false;
    };
    let numbered = (1..=2).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_digit());
    let lettered = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
    numbered || lettered
}

/// Words after which a line goes on to the next one.
const CONNECTIVES: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with",
];

/// Whether a line of `words` words ending in the token `last` looks like a title or
/// heading rather than the start of a wrapped sentence, so the line break after it ends the
/// sentence; `next` is the next line.
fn is_heading(last: &Token<'_>, words: usize, next: &str) -> bool {
    if words == 0 || words > HEADING_MAX_WORDS {
        return false;
    }
    if last.dash_after
        || last
            .text
            .ends_with([',', ';', ':', '-', '–', '&', '/', '(', '+'])
    {
        return false;
    }
    let last_word = last.core();
    if CONNECTIVES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(last_word))
    {
        return false;
    }
    next.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Brackets, quotes and marks that separate clauses: phrases do not cross them. Sentence
/// marks are not listed because sentences already bound phrases.
fn is_phrase_breaker(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '|'
            | '/'
    )
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}')
}

fn is_emoticon(token: &str) -> bool {
    token.len() <= 3
        && matches!(
            token.as_bytes().first(),
            Some(b':' | b';' | b'x' | b'X' | b'<' | b'^')
        )
        && EMOTICONS.contains(&token)
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":-P", ":p", ":-p", "xD", "XD", "<3",
    "^^", "^_^", ":/", ":-/",
];

/// Characters after a sentence mark that still belong to the sentence.
const CLOSERS: &[char] = &['"', '\'', ')', ']', '}', '”', '’', '»', '›', '*', '_'];

/// `Some(ends_in_exclamation)` when `token` ends its sentence; `next` is the token after it
/// in the same paragraph.
fn sentence_end(token: &str, next: Option<&str>) -> Option<bool> {
    let last_byte = *token.as_bytes().last()?;
    let may_end = matches!(
        last_byte,
        b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' | b'}' | b'*' | b'_' | 0x80..
    );
    if !may_end {
        return None;
    }
    let marked = token.trim_end_matches(CLOSERS);
    let last = marked.chars().next_back()?;
    match last {
        '!' | '?' | '‼' | '⁉' | '⁈' | '！' | '？' => Some(
            marked
                .chars()
                .rev()
                .take_while(|c| matches!(c, '!' | '?' | '.' | '‼' | '⁉' | '⁈' | '！' | '？'))
                .any(|c| matches!(c, '!' | '‼' | '⁉' | '⁈' | '！')),
        ),
        '。' => Some(false),
        '…' => starts_upper_or_ends(next).then_some(false),
        '.' if marked.ends_with("..") => starts_upper_or_ends(next).then_some(false),
        '.' => (!is_abbreviation(marked, next)).then_some(false),
        _ => None,
    }
}

fn starts_upper_or_ends(next: Option<&str>) -> bool {
    next.is_none_or(|n| {
        n.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
    })
}

fn starts_with_digit(next: Option<&str>) -> bool {
    next.and_then(|n| n.chars().find(|c| c.is_alphanumeric()))
        .is_some_and(|c| c.is_ascii_digit())
}

/// Abbreviations that never end a sentence (compared case-insensitively, without the final
/// dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "rev", "hon", "messrs", "e.g",
    "i.e", "vs", "cf", "viz", "al", "approx", "dept", "est", "ca", "min", "max", "govt", "univ",
    "assoc", "asst",
];

/// Abbreviations that end a sentence when a capitalized word follows.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "a.m", "p.m",
];

/// Abbreviations that do not end a sentence before a number.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "nr", "fig", "figs", "vol", "p", "pp", "ch", "sec", "art", "op", "ed", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether the final dot of `marked` (a token ending in `.`) belongs to an abbreviation.
fn is_abbreviation(marked: &str, next: Option<&str>) -> bool {
    let word = marked.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.is_empty() {
        return false;
    }
    let listed = |list: &[&str]| list.iter().any(|a| a.eq_ignore_ascii_case(stem));
    if listed(ABBREVIATIONS) {
        return true;
    }
    if listed(FINAL_ABBREVIATIONS) {
        return !starts_upper_or_ends(next);
    }
    if listed(NUMBER_ABBREVIATIONS) {
        return starts_with_digit(next);
    }
    // A capital initial: "J. Smith".
    if stem.len() == 1 && stem.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    // A dotted acronym: "U.S", "Ph.D", "B.Sc".
    stem.contains('.')
        && stem.split('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "each", "for",
    "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "i'm", "i've",
    "i'd", "i'll", "if", "in", "into", "is", "it", "it's", "its", "just", "me", "more", "most",
    "my", "no", "not", "of", "on", "one", "only", "or", "our", "out", "over", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "up", "us", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

const FIRST_PERSON: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself",
];

/// Stems whose `'s` is "is" or "has" (or "us" in "let's") rather than a possessive.
const S_CONTRACTION_STEMS: &[&str] = &[
    "it",
    "he",
    "she",
    "that",
    "there",
    "here",
    "what",
    "who",
    "where",
    "when",
    "why",
    "how",
    "let",
    "this",
    "everyone",
    "everybody",
    "everything",
    "someone",
    "somebody",
    "something",
    "nobody",
    "nothing",
];

/// Words that mark formal writing.
const FORMAL_MARKERS: &[&str] = &[
    "therefore",
    "furthermore",
    "moreover",
    "consequently",
    "however",
    "nevertheless",
    "nonetheless",
    "accordingly",
    "regarding",
    "sincerely",
    "respectfully",
    "cordially",
    "pursuant",
    "hereby",
    "herein",
    "thereby",
    "thus",
    "hence",
    "whereas",
    "additionally",
    "subsequently",
    "notwithstanding",
    "regards",
    "esteemed",
];

/// Words that mark casual writing.
const INFORMAL_MARKERS: &[&str] = &[
    "hey", "hiya", "gonna", "wanna", "gotta", "kinda", "sorta", "stuff", "awesome", "cool", "guys",
    "yeah", "yep", "yup", "nope", "lol", "lmao", "btw", "omg", "tbh", "imo", "fyi", "ok", "okay",
    "dude", "folks", "y'all", "ya", "thx", "totally", "super", "ain't", "cuz",
];

/// Resume-style action verbs. Each entry lists the reported (past-tense) form first, then
/// the inflections counted under it.
const ACTION_VERBS: &[&str] = &[
    "accelerated accelerate accelerates accelerating",
    "achieved achieve achieves achieving",
    "administered administer administers administering",
    "advised advise advises advising",
    "analyzed analyze analyzes analyzing analysed analyse analysing",
    "architected architecting",
    "authored authoring",
    "automated automate automates automating",
    "boosted boost boosts boosting",
    "built build builds building",
    "championed championing",
    "coached coaching",
    "collaborated collaborate collaborates collaborating",
    "completed completing",
    "conducted conduct conducts conducting",
    "configured configure configures configuring",
    "consolidated consolidate consolidates consolidating",
    "contributed contribute contributes contributing",
    "coordinated coordinate coordinates coordinating",
    "created create creates creating",
    "cultivated cultivate cultivates cultivating",
    "debugged debug debugs debugging",
    "defined define defines defining",
    "delivered deliver delivers delivering",
    "demonstrated demonstrate demonstrates demonstrating",
    "deployed deploy deploys deploying",
    "designed designing",
    "developed develop develops developing",
    "devised devise devises devising",
    "directed directing",
    "doubled doubling",
    "drafted drafting",
    "drove drive drives driving",
    "earned earn earns earning",
    "eliminated eliminate eliminates eliminating",
    "engineered",
    "enhanced enhance enhances enhancing",
    "established establish establishes establishing",
    "evaluated evaluate evaluates evaluating",
    "exceeded exceed exceeds exceeding",
    "executed execute executes executing",
    "expanded expand expands expanding",
    "facilitated facilitate facilitates facilitating",
    "fostered foster fosters fostering",
    "founded",
    "generated generate generates generating",
    "grew grow grows growing grown",
    "guided guiding",
    "hired hiring",
    "identified identify identifies identifying",
    "implemented implement implements implementing",
    "improved improve improves improving",
    "increased increasing",
    "influenced influencing",
    "initiated initiate initiates initiating",
    "innovated innovate innovates innovating",
    "instituted instituting",
    "integrated integrate integrates integrating",
    "introduced introduce introduces introducing",
    "investigated investigate investigates investigating",
    "launched launch launches launching",
    "led lead leads leading",
    "maintained maintain maintains maintaining",
    "managed manage manages managing",
    "mentored mentoring",
    "migrated migrate migrates migrating",
    "modernized modernize modernizes modernizing modernised modernise modernises modernising",
    "monitored monitoring",
    "negotiated negotiate negotiates negotiating",
    "optimized optimize optimizes optimizing optimised optimise optimises optimising",
    "orchestrated orchestrate orchestrates orchestrating",
    "organized organize organizes organizing organised organise organises organising",
    "overhauled overhaul overhauls overhauling",
    "oversaw oversee oversees overseeing overseen",
    "owned owns owning",
    "partnered partnering",
    "pioneered pioneering",
    "piloted piloting",
    "planned planning",
    "presented presenting",
    "prioritized prioritize prioritizes prioritizing prioritised prioritise prioritises prioritising",
    "produced produce produces producing",
    "published publish publishes publishing",
    "rebuilt rebuild rebuilds rebuilding",
    "recruited recruit recruits recruiting",
    "redesigned redesign redesigns redesigning",
    "reduced reduce reduces reducing",
    "refactored refactor refactors refactoring",
    "reorganized reorganize reorganizes reorganizing reorganised reorganise reorganises reorganising",
    "researched researching",
    "resolved resolve resolves resolving",
    "restructured restructure restructures restructuring",
    "revamped revamp revamps revamping",
    "reviewed reviewing",
    "revitalized revitalize revitalizes revitalizing",
    "saved save saves saving",
    "scaled scaling",
    "scoped scoping",
    "secured securing",
    "shipped ship ships shipping",
    "simplified simplify simplifies simplifying",
    "solved solve solves solving",
    "spearheaded spearhead spearheads spearheading",
    "standardized standardize standardizes standardizing standardised standardise standardises standardising",
    "streamlined streamline streamlines streamlining",
    "strengthened strengthen strengthens strengthening",
    "supervised supervise supervises supervising",
    "supported supporting",
    "trained",
    "transformed transform transforms transforming",
    "tripled tripling",
    "troubleshot troubleshoot troubleshoots troubleshooting",
    "unified unify unifies unifying",
    "upgraded upgrading",
    "won win wins winning",
    "wrote write writes written",
];

/// Builds the hash maps keyed by words: FNV-1a over the bytes from a starting state drawn
/// per map from the standard library's random hasher keys, finished with a folded multiply.
/// Much cheaper than the default hasher for short words, and the starting state keeps the
/// table layout from being chosen by the text. Only the layout depends on it, never a result.
#[derive(Debug, Clone, Copy)]
struct WordHashing {
    start: u64,
}

impl WordHashing {
    fn new() -> Self {
        Self {
            start: RandomState::new().hash_one(0x5EED_u64),
        }
    }
}

impl BuildHasher for WordHashing {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher { state: self.start }
    }
}

#[derive(Debug)]
struct WordHasher {
    state: u64,
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut state = self.state;
        let mut i = 0;
        while i < bytes.len() {
            state = (state ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01B3);
            i += 1;
        }
        self.state = state;
    }

    fn finish(&self) -> u64 {
        let product = u128::from(self.state) * u128::from(0x9E37_79B9_7F4A_7C15_u64);
        (product as u64) ^ ((product >> 64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[TermCount]) -> Vec<(&str, usize)> {
        list.iter().map(|t| (t.term.as_str(), t.count)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    const COVER_LETTER: &str = "Dear Ms. Smith,\n\n\
        I'm applying for the Senior Engineer role at Acme. I led a team of 5 engineers and \
        shipped a billing platform, e.g. invoicing and refunds. We cut costs by 3.5 percent.\n\n\
        Furthermore, I\u{2019}ve mentored new hires. It's work I love!\n\n\
        Sincerely,\nJane Doe\n";

    #[test]
    fn a_short_cover_letter_gives_the_expected_counts() {
        let style = analyze_style(COVER_LETTER);
        // Sentences, in words: 3, 9, 16, 6, 5, 4, 3.
        assert_eq!(style.word_count, 46);
        assert_eq!(style.sentence_count, 7);
        assert_eq!(style.paragraph_count, 4);
        assert!(close(style.sentence_length_mean, 46.0 / 7.0));
        let variance =
            (9.0 + 81.0 + 256.0 + 36.0 + 25.0 + 16.0 + 9.0) / 7.0 - (46.0f64 / 7.0).powi(2);
        assert!(close(style.sentence_length_stddev, variance.sqrt()));
        assert!(close(style.paragraph_length_mean, 11.5));
        // I'm ..., I led ..., I've ..., It's work I love!
        assert!(close(style.first_person_ratio, 4.0 / 7.0));
        // I'm, I've, It's.
        assert!(close(
            style.formality.contractions_per_100_words,
            300.0 / 46.0
        ));
        // Furthermore, Sincerely.
        assert!(close(
            style.formality.formal_markers_per_100_words,
            200.0 / 46.0
        ));
        // The exclamation.
        assert!(close(
            style.formality.informal_markers_per_100_words,
            100.0 / 46.0
        ));
        assert_eq!(
            terms(&style.action_verbs),
            [("led", 1), ("mentored", 1), ("shipped", 1)]
        );
        assert!(style.phrases.is_empty());
        assert!(style.vocabulary_richness > 0.8 && style.vocabulary_richness <= 1.0);
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split_sentences() {
        let text = "Dr. Lee moved to the U.S. in 2019, e.g. for work. Revenue grew 3.5 times, \
            i.e. a lot. Mr. Smith joined Acme Inc. in May. We used Rust, Go, etc. and shipped. \
            See No. 5 and Fig. 2 from Jan. 2020. J. R. Tolkien wrote (approx. 3.25 books).";
        let style = analyze_style(text);
        assert_eq!(style.sentence_count, 6);
    }

    #[test]
    fn sentence_final_abbreviations_and_ellipses_split_before_a_capital() {
        let style =
            analyze_style("I like tea, coffee, etc. Then I left. It was... fine... Really.");
        // "I like tea, coffee, etc." "Then I left." "It was... fine..." "Really."
        assert_eq!(style.sentence_count, 4);
        assert_eq!(analyze_style("Say no. Then go.").sentence_count, 2);
    }

    #[test]
    fn question_and_exclamation_marks_end_sentences() {
        let style = analyze_style("Really? Yes!! \"Great.\" Done");
        assert_eq!(style.sentence_count, 4);
        assert_eq!(style.word_count, 4);
    }

    #[test]
    fn bullet_lines_and_headings_end_sentences_but_wrapped_lines_do_not() {
        let resume = "Jane Doe\nSenior Engineer\n\nExperience\n- Led the migration to Rust\n\
            \u{2022} Built CI pipelines\n1. Reduced costs by 30%\n\n\
            I have spent ten years building payment systems for small and\n\
            medium businesses across Europe.";
        let style = analyze_style(resume);
        assert_eq!(style.paragraph_count, 3);
        // "Jane Doe", "Senior Engineer", "Experience", three bullets, one wrapped sentence.
        assert_eq!(style.sentence_count, 7);
        assert_eq!(style.word_count, 2 + 2 + 1 + 5 + 3 + 4 + 15);
        assert_eq!(
            terms(&style.action_verbs),
            [("built", 2), ("led", 1), ("reduced", 1)]
        );
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines_only() {
        assert_eq!(
            analyze_style("One line.\nAnother line.\r\nA third.").paragraph_count,
            1
        );
        assert_eq!(
            analyze_style("One.\r\n\r\nTwo.\n \t\nThree.").paragraph_count,
            3
        );
        assert_eq!(
            analyze_style("One.\u{2029}Two.\u{0C}Three.").paragraph_count,
            3
        );
    }

    #[test]
    fn the_same_text_always_gives_the_same_profile() {
        let text = format!(
            "{COVER_LETTER}\n{}",
            "We built tools. We built teams. ".repeat(40)
        );
        let first = analyze_style(&text);
        let second = analyze_style(&text);
        assert_eq!(first, second);
        assert_eq!(
            serde_json::to_string(&first).unwrap(),
            serde_json::to_string(&second).unwrap()
        );
    }

    #[test]
    fn empty_or_blank_text_gives_zeros_and_empty_lists() {
        for text in ["", "   \n\t\r\n  ", "- \n* \n", "!!! ... ???"] {
            let style = analyze_style(text);
            assert_eq!(style.word_count, 0, "{text:?}");
            assert_eq!(style.sentence_count, 0);
            assert_eq!(style.paragraph_count, 0);
            assert!(close(style.sentence_length_mean, 0.0));
            assert!(close(style.sentence_length_stddev, 0.0));
            assert!(close(style.paragraph_length_mean, 0.0));
            assert!(close(style.vocabulary_richness, 0.0));
            assert!(close(style.first_person_ratio, 0.0));
            assert!(close(style.formality.contractions_per_100_words, 0.0));
            assert!(close(style.formality.formal_markers_per_100_words, 0.0));
            assert!(close(style.formality.informal_markers_per_100_words, 0.0));
            assert!(close(style.formality.score, 0.5));
            assert_eq!(style.formality.level, "neutral");
            assert!(style.action_verbs.is_empty());
            assert!(style.phrases.is_empty());
        }
    }

    #[test]
    fn a_casual_text_scores_lower_than_a_formal_one() {
        let casual = analyze_style(
            "Hey guys! I'm gonna be honest, this job looks awesome. \
             Yeah, I've done tons of cool stuff lol. Can't wait!",
        );
        let formal = analyze_style(
            "I am writing regarding the Senior Engineer position. Furthermore, my experience \
             in payments is directly relevant; therefore, I believe I would contribute from \
             the first day. I hereby submit my application.\n\nSincerely,\nJane Doe",
        );
        assert!(casual.formality.score < formal.formality.score);
        assert_eq!(casual.formality.level, "casual");
        assert_eq!(formal.formality.level, "formal");
        assert!(casual.formality.contractions_per_100_words > 0.0);
        assert!(close(formal.formality.contractions_per_100_words, 0.0));
    }

    #[test]
    fn possessives_are_not_contractions_but_curly_apostrophes_are() {
        let style = analyze_style(
            "Acme's team and the students' work. It\u{2019}s done; we don\u{2019}t stop.",
        );
        // Words: acme's team and the students work it's done we don't stop = 11.
        assert_eq!(style.word_count, 11);
        assert!(close(
            style.formality.contractions_per_100_words,
            200.0 / 11.0
        ));
    }

    #[test]
    fn emoticons_and_emoji_mark_casual_writing_without_being_words() {
        let style = analyze_style("Great job team :) \u{1F389}\u{1F389}");
        assert_eq!(style.word_count, 3);
        assert!(close(
            style.formality.informal_markers_per_100_words,
            200.0 / 3.0
        ));
    }

    #[test]
    fn line_breaks_of_every_kind_are_recognized() {
        let style = analyze_style("- One\r- Two\u{2028}- Three\u{0B}- Four\u{85}- Five");
        assert_eq!(style.sentence_count, 5);
        assert_eq!(style.paragraph_count, 1);
    }

    #[test]
    fn tokens_split_at_exactly_the_unicode_whitespace_and_em_dashes() {
        for c in (0x80..=0x10_FFFF).filter_map(char::from_u32) {
            let mut encoded = [0; 4];
            let expected = match c {
                '\u{2014}' => Some(true),
                c if c.is_whitespace() => Some(false),
                _ => None,
            };
            assert_eq!(
                separator(c.encode_utf8(&mut encoded).as_bytes()),
                expected,
                "{c:?}"
            );
        }
        let style = analyze_style("one\u{A0}two\u{3000}three\u{2009}four\u{2014}five");
        assert_eq!(style.word_count, 5);
    }

    #[test]
    fn first_person_counts_whole_words_only() {
        let style = analyze_style("It is mine. In India we met. MY team won. Mime is art. Ask me!");
        // "mine", "MY", "me" - not the "i" inside words.
        assert!(close(style.first_person_ratio, 3.0 / 5.0));
    }

    #[test]
    fn action_verbs_count_inflections_under_the_listed_form_and_sort_by_count_then_term() {
        let text = "Led the team. Leading teams matters. She leads well. I managed budgets. \
            Managing people. Built tools. Optimised queries and optimized more. \
            Designed systems. Owned delivery. My own design. We drove growth.";
        let style = analyze_style(text);
        assert_eq!(
            terms(&style.action_verbs),
            [
                ("led", 3),
                ("managed", 2),
                ("optimized", 2),
                ("built", 1),
                ("designed", 1),
                ("drove", 1),
                ("owned", 1),
            ]
        );
    }

    #[test]
    fn at_most_ten_action_verbs_are_reported() {
        let style = analyze_style(
            "Led built created designed developed delivered drove improved launched managed \
             mentored optimized reduced shipped.",
        );
        let names: Vec<&str> = style.action_verbs.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            names,
            [
                "built",
                "created",
                "delivered",
                "designed",
                "developed",
                "drove",
                "improved",
                "launched",
                "led",
                "managed"
            ]
        );
    }

    #[test]
    fn phrases_are_counted_within_clauses_and_sorted_by_count_length_and_term() {
        let text = "We built data pipelines. We built data pipelines for the team. \
            Data pipelines matter to the team. Of the team, by the way. \
            Python, Rust. Python, Rust. It is. It is.";
        let style = analyze_style(text);
        assert_eq!(
            terms(&style.phrases),
            [
                ("data pipelines", 3),
                ("the team", 3),
                ("built data pipelines", 2),
                ("we built data", 2),
                ("built data", 2),
                ("we built", 2),
            ]
        );
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        let style = analyze_style("Ship fast. Learn more. Ship fast. Learn more.");
        assert_eq!(terms(&style.phrases), [("learn more", 2), ("ship fast", 2)]);
    }

    #[test]
    fn vocabulary_richness_uses_a_moving_window_and_stays_within_bounds() {
        let repetitive = analyze_style(&"alpha beta gamma delta. ".repeat(100));
        assert!(close(repetitive.vocabulary_richness, 4.0 / 50.0));
        let short = analyze_style("one two two three");
        assert!(close(short.vocabulary_richness, 0.75));
        let varied: String = (0..200).map(|i| format!("w{i} ")).collect();
        assert!(close(analyze_style(&varied).vocabulary_richness, 1.0));
    }

    #[test]
    fn the_action_verb_list_is_long_enough_and_every_form_belongs_to_one_entry() {
        assert!(ACTION_VERBS.len() >= 80);
        let mut seen = std::collections::BTreeSet::new();
        for entry in ACTION_VERBS {
            for form in entry.split(' ') {
                assert!(!form.is_empty(), "{entry:?}");
                assert!(seen.insert(form), "{form} is listed twice");
            }
        }
    }

    #[test]
    fn a_mebibyte_of_text_is_profiled_with_the_right_counts() {
        const VOCABULARY: &[&str] = &[
            "I",
            "led",
            "the",
            "team",
            "that",
            "built",
            "a",
            "new",
            "platform",
            "and",
            "we",
            "reduced",
            "costs",
            "by",
            "3.5",
            "percent",
            "for",
            "our",
            "customers",
            "e.g.",
        ];
        let mut text = String::with_capacity((1 << 20) + 200);
        let mut words = 0;
        let mut sentences = 0;
        let mut seed = 7usize;
        while text.len() < 1 << 20 {
            let length = 5 + seed % 20;
            for _ in 0..length {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345) % (1 << 31);
                text.push_str(VOCABULARY[seed % VOCABULARY.len()]);
                text.push(' ');
                words += 1;
            }
            text.push_str("end.");
            words += 1;
            sentences += 1;
            text.push_str(if sentences % 10 == 0 { "\n\n" } else { " " });
        }
        let style = analyze_style(&text);
        assert_eq!(style.word_count, words);
        assert_eq!(style.sentence_count, sentences);
        assert_eq!(style.paragraph_count, sentences.div_ceil(10));
        assert!(style.vocabulary_richness > 0.0 && style.vocabulary_richness <= 1.0);
        assert_eq!(style.action_verbs.len(), 3);
        assert_eq!(style.phrases.len(), 10);
    }

    /// A small deterministic generator (xorshift64*), so the test needs no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }
    }

    #[test]
    fn arbitrary_text_never_gives_nan_infinity_or_out_of_range_ratios() {
        const PIECES: &[&str] = &[
            "a",
            "I",
            "led",
            "Led",
            "e.g.",
            "U.S.",
            "Mr.",
            "etc.",
            "3.5",
            "don't",
            "it\u{2019}s",
            "’",
            "'",
            ".",
            "..",
            "…",
            "!",
            "?",
            "?!",
            ",",
            ";",
            ":",
            "(",
            ")",
            "\"",
            "—",
            "-",
            "•",
            "1.",
            "a)",
            " ",
            "  ",
            "\t",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            "\u{2028}",
            "\u{2029}",
            "\u{0C}",
            "\u{200B}",
            "\u{FEFF}",
            "é",
            "e\u{301}",
            "Ω",
            "ß",
            "İ",
            "ﬃ",
            "日本語",
            "。",
            "！",
            "مرحبا",
            "\u{202E}",
            "😀",
            "👩\u{200D}💻",
            ":)",
            ":D",
            "<3",
            "awesome",
            "therefore",
            "gonna",
            "0",
            "\u{0}",
            "\u{FFFD}",
            "\u{10FFFF}",
            "x",
            "Zz",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let length = rng.below(120);
            let mut text = String::new();
            for _ in 0..length {
                if rng.below(4) == 0 {
                    // Any scalar value, not only the ones listed.
                    let c = char::from_u32(u32::try_from(rng.next() % 0x11_0000).unwrap())
                        .unwrap_or('?');
                    text.push(c);
                } else {
                    text.push_str(PIECES[rng.below(PIECES.len())]);
                }
                if rng.below(3) == 0 {
                    text.push(' ');
                }
            }
            let style = analyze_style(&text);
            let f = &style.formality;
            for value in [
                style.sentence_length_mean,
                style.sentence_length_stddev,
                style.paragraph_length_mean,
                style.vocabulary_richness,
                style.first_person_ratio,
                f.score,
                f.contractions_per_100_words,
                f.formal_markers_per_100_words,
                f.informal_markers_per_100_words,
            ] {
                assert!(value.is_finite() && value >= 0.0, "round {round}: {text:?}");
            }
            for value in [style.vocabulary_richness, style.first_person_ratio, f.score] {
                assert!(value <= 1.0, "round {round}: {text:?}");
            }
            assert!(["formal", "neutral", "casual"].contains(&f.level.as_str()));
            assert!(style.sentence_count <= style.word_count);
            assert!(style.paragraph_count <= style.sentence_count);
            let words = style.word_count as f64;
            let sentences = style.sentence_count as f64;
            assert!((style.sentence_length_mean * sentences - words).abs() < 1e-6);
            assert!(style.action_verbs.len() <= TOP_TERMS && style.phrases.len() <= TOP_TERMS);
            assert!(style.phrases.iter().all(|p| p.count >= MIN_PHRASE_COUNT));
            assert_eq!(style, analyze_style(&text), "round {round}");
        }
    }
}
