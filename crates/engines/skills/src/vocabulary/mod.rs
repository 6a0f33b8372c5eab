//! The skills vocabulary and the keyword matcher that finds its skills in free text (job
//! postings, resumes).
//!
//! # The vocabulary
//!
//! The shipped vocabulary is several JSON files read as one: `data/skills.json` (technology)
//! and one file per occupation family under `data/occupations/` ([`SHIPPED_FILES`]). Each is
//! an array of skills, each `{"name", "aliases", "kind", "category"?, "exact"?, "context"?}`. The `name` is the canonical, lower-case
//! spelling that the rest of the system stores and compares; `aliases` are other spellings and
//! acronyms that mean the same skill (`k8s` → `kubernetes`). `exact` lists case-sensitive
//! spellings for skills whose plain spelling is also a common word (see below). Every name and
//! alias is a *term*; terms are compared after normalisation (lower case, runs of whitespace and
//! hyphens read as one space), and no two terms may normalise to the same key.
//!
//! `context` lists words or phrases of which at least one must also occur somewhere in the
//! same text for the skill to count: it tells a trade's sense of an ambiguous word from the
//! everyday or technical one ("Epic" counts beside "patient", "EHR" or "nursing"; "Canvas"
//! beside "LMS", "course" or "learners"). Context terms are whole words (letters, digits, `+`, `#`
//! and `&`), matched in any case, with hyphens and spaces alike.
//!
//! # Matching rules
//!
//! [`Vocabulary::find_all`] scans the text once, left to right, with a trie of all terms:
//!
//! * **Case-insensitive** (ASCII), except for guarded terms (below).
//! * **Word boundaries.** A match may start only where the preceding character is not a word
//!   character (a Unicode letter or digit, or `_`) and must end before a non-word character or
//!   the end of the text. So `java` is not found in "JavaScript" and `go` not in "good".
//!   Punctuation that belongs to a term must be present: `c++`, `c#`, `.net`, `node.js`,
//!   `ci/cd`, `objective-c`. A term ending in a letter or digit does not end before `+` or `#`
//!   (the `c` of "C++11" is not C), nor before a `.` that is followed by a word character (the
//!   `node` of "node.js", the `python 3` of "Python 3.12").
//! * **Separators.** A space or hyphen in a term matches any run of whitespace and hyphens in
//!   the text: "machine-learning", "machine\nlearning" and "machine learning" are the same.
//! * **Longest match first, no overlaps.** At each position the longest term that satisfies
//!   the rules wins and scanning resumes after it: "machine learning engineer" yields
//!   `machine learning`, not `learning`; "C++" yields `c++`, not `c`; "ASP.NET" yields
//!   `asp.net`, not `.net`.
//!
//! Guarded terms — spellings listed in a skill's `exact` (`go`, `r`, `c`, `swift`, `rust`,
//! `spark`, `chef`, `puppet`, `react`, `express`, `excel`, `slack`, `rest`, ...) — add:
//!
//! 1. **Exact case.** The text must spell the term exactly as one of the `exact` spellings:
//!    "Go" (not "go" or "GO"), "R", "C", "Rust", "Spark". Their unambiguous aliases ("golang",
//!    "apache spark", "rustlang") stay case-insensitive.
//! 2. **Sentence openers need context.** A guarded term that opens a sentence (start of the
//!    text or of a line, or after `.`, `!` or `?`) and is followed by a lower-case word reads
//!    like English ("Go beyond the role", "Spark joy"), so it counts only with **technical
//!    context**: a software technology (a skill of a category such as "language",
//!    "framework" or "cloud"; a trade's skills are not), itself not in need of context, found
//!    within [`CONTEXT_WINDOW`] bytes ("Go and Python", but not "Go to our careers page" nor
//!    "Go the extra mile with BLS-certified staff").
//! 3. **Single letters** (`c`, `r`) must also stand alone: not next to `&`, `-`, `$` or an
//!    apostrophe ("R&D", "C-level", "USB-C"), not part of initials ("C.V.", "J.R."), not after
//!    a word such as "series", "plan", "type", "grade" or "vitamin" ("Series C", "Plan R");
//!    and they always need technical context ("C/C++", "Python or R", but not "Experience
//!    with R is a plus" alone).
//!
//! # Results
//!
//! One [`Match`] per skill, with the number of (non-overlapping) occurrences of any of its
//! terms and the byte offset of the first; sorted by that offset (ties cannot occur, because
//! matches do not overlap).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How far (in bytes, either side) another technical skill may be from a single-letter skill
/// ("C", "R") for the letter to count as the skill.
pub const CONTEXT_WINDOW: usize = 100;

/// Words that, just before a single letter, make it a label rather than a language
/// ("Series C", "Plan R", "Vitamin C").
const LETTER_LABELS: &[&str] = &[
    "appendix", "block", "building", "category", "class", "division", "floor", "form", "grade",
    "group", "level", "option", "part", "phase", "plan", "round", "schedule", "section", "series",
    "team", "tier", "type", "unit", "vitamin", "wing", "zone",
];

/// The shipped vocabulary files, by name, in load order.
pub const SHIPPED_FILES: &[(&str, &str)] = &[
    ("skills.json", include_str!("../../data/skills.json")),
    (
        "occupations/health.json",
        include_str!("../../data/occupations/health.json"),
    ),
    (
        "occupations/hospitality.json",
        include_str!("../../data/occupations/hospitality.json"),
    ),
    (
        "occupations/engineering.json",
        include_str!("../../data/occupations/engineering.json"),
    ),
    (
        "occupations/logistics.json",
        include_str!("../../data/occupations/logistics.json"),
    ),
    (
        "occupations/construction.json",
        include_str!("../../data/occupations/construction.json"),
    ),
    (
        "occupations/science.json",
        include_str!("../../data/occupations/science.json"),
    ),
    (
        "occupations/finance.json",
        include_str!("../../data/occupations/finance.json"),
    ),
    (
        "occupations/people.json",
        include_str!("../../data/occupations/people.json"),
    ),
    (
        "occupations/marketing.json",
        include_str!("../../data/occupations/marketing.json"),
    ),
    (
        "occupations/sales.json",
        include_str!("../../data/occupations/sales.json"),
    ),
    (
        "occupations/education.json",
        include_str!("../../data/occupations/education.json"),
    ),
    (
        "occupations/legal.json",
        include_str!("../../data/occupations/legal.json"),
    ),
    (
        "occupations/office.json",
        include_str!("../../data/occupations/office.json"),
    ),
];

static VOCABULARY: LazyLock<Result<Vocabulary, VocabularyError>> =
    LazyLock::new(|| Vocabulary::from_files(SHIPPED_FILES));

impl Vocabulary {
    /// The shipped vocabulary, parsed and indexed once.
    ///
    /// # Errors
    /// When the shipped data file is invalid (the same error every time).
    pub fn shipped() -> Result<&'static Self, &'static VocabularyError> {
        VOCABULARY.as_ref()
    }
}

/// The shipped skills vocabulary, parsed and indexed on first use.
///
/// # Panics
/// When the shipped data file is invalid. A program checks it once at start with
/// [`Vocabulary::shipped`], and this crate's tests check the file, so the matcher never
/// meets a bad vocabulary in a request.
#[must_use]
pub fn vocabulary() -> &'static Vocabulary {
    match Vocabulary::shipped() {
        Ok(vocabulary) => vocabulary,
        Err(error) => panic!("the shipped skills vocabulary is invalid: {error}"),
    }
}

/// Whether a vocabulary skill is technical or soft. (Unrelated to the profile's `SkillKind`,
/// which says in which resume list a skill is kept.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VocabularyKind {
    Technical,
    Soft,
}

/// One skill of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skill {
    /// Canonical, lower-case name.
    pub name: String,
    pub kind: VocabularyKind,
    /// A grouping such as "language", "database", "cloud" or "soft".
    pub category: Option<String>,
    /// Other spellings and acronyms of the same skill, lower-case.
    pub aliases: Vec<String>,
    /// Case-sensitive spellings that guard an ambiguous term (see the module documentation).
    pub exact: Vec<String>,
    /// Words or phrases of which one must occur in the same text (see the module
    /// documentation); empty when the skill needs none.
    pub context: Vec<String>,
}

/// A skill found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Match<'a> {
    /// The skill's canonical name.
    pub name: &'a str,
    pub kind: VocabularyKind,
    pub category: Option<&'a str>,
    /// How many times any of the skill's terms occurs.
    pub count: usize,
    /// Byte offset of the first occurrence.
    pub offset: usize,
}

/// One occurrence of a skill in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Occurrence<'a> {
    /// The skill's canonical name.
    pub name: &'a str,
    /// Byte span of the words as written.
    pub start: usize,
    pub end: usize,
}

/// Why a vocabulary could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VocabularyError {
    #[error("the vocabulary is not valid JSON: {0}")]
    Json(String),
    #[error("{file}: {error}")]
    InFile {
        file: String,
        error: Box<VocabularyError>,
    },
    #[error("the vocabulary has no skills")]
    Empty,
    #[error("skill #{0} has an empty name")]
    EmptyName(usize),
    #[error("{0:?} is not lower-case")]
    NotLowerCase(String),
    #[error("{term:?} is not a valid term: {reason}")]
    InvalidTerm { term: String, reason: &'static str },
    #[error("{0:?} occurs more than once")]
    Duplicate(String),
    #[error("{spelling:?} is not a single-word spelling of a term of {skill:?}")]
    InvalidExact { skill: String, spelling: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: VocabularyKind,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
}

/// What a normalised term leads to.
#[derive(Debug)]
struct Term {
    skill: usize,
    /// Case-sensitive spellings; empty when the term matches in any case.
    exact: Vec<String>,
    single_letter: bool,
}

/// The trie of all terms, in three flat arrays: a node is its first edge, its number of
/// edges and its term; the edges of a node sit side by side, their bytes in one array and
/// their target nodes in another. About 12 bytes a node and 5 an edge, with no allocation
/// per node: the 4,000-skill vocabulary with its variants needs about 3 MB where a node of
/// its own took about 15.
#[derive(Debug, Default)]
struct Trie {
    nodes: Vec<TrieNode>,
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    first: u32,
    count: u32,
    /// The term that ends here, or [`NO_TERM`].
    term: u32,
}

const NO_TERM: u32 = u32::MAX;

impl Trie {
    /// The trie of `keys` (term keys with their term index), built depth-first from the
    /// sorted keys.
    fn build(mut keys: Vec<(&[u8], u32)>) -> Self {
        keys.sort_unstable();
        let total: usize = keys.iter().map(|(k, _)| k.len()).sum();
        let mut trie = Self {
            nodes: Vec::with_capacity(total / 2 + 1),
            edge_bytes: Vec::with_capacity(total / 2),
            edge_targets: Vec::with_capacity(total / 2),
        };
        trie.add(&keys, 0);
        trie.nodes.shrink_to_fit();
        trie.edge_bytes.shrink_to_fit();
        trie.edge_targets.shrink_to_fit();
        trie
    }

    /// Adds the node of the keys that share their first `depth` bytes (sorted, so a key of
    /// exactly `depth` bytes comes first), and returns its index.
    fn add(&mut self, keys: &[(&[u8], u32)], depth: usize) -> u32 {
        let node = self.nodes.len();
        self.nodes.push(TrieNode {
            first: 0,
            count: 0,
            term: NO_TERM,
        });
        let mut rest = keys;
        if let Some(&(key, term)) = rest.first()
            && key.len() == depth
        {
            self.nodes[node].term = term;
            rest = &rest[1..];
        }
        // The children: runs of keys with the same byte at `depth`.
        let mut groups: Vec<(u8, usize, usize)> = Vec::new();
        let mut start = 0;
        while start < rest.len() {
            let byte = rest[start].0[depth];
            let end = start + rest[start..].partition_point(|(k, _)| k[depth] == byte);
            groups.push((byte, start, end));
            start = end;
        }
        let first = self.edge_bytes.len();
        self.nodes[node].first = index_u32(first);
        self.nodes[node].count = index_u32(groups.len());
        for &(byte, _, _) in &groups {
            self.edge_bytes.push(byte);
            self.edge_targets.push(0);
        }
        for (i, &(_, start, end)) in groups.iter().enumerate() {
            let child = self.add(&rest[start..end], depth + 1);
            self.edge_targets[first + i] = child;
        }
        index_u32(node)
    }

    #[inline]
    fn child(&self, node: TrieNode, byte: u8) -> Option<usize> {
        let TrieNode { first, count, .. } = node;
        let first = first as usize;
        let at = match count {
            0 => return None,
            // Most nodes have one child: no search.
            1 => (self.edge_bytes[first] == byte).then_some(first)?,
            _ => {
                first
                    + self.edge_bytes[first..first + count as usize]
                        .binary_search(&byte)
                        .ok()?
            }
        };
        Some(self.edge_targets[at] as usize)
    }
}

/// The skills vocabulary with its matching index.
#[derive(Debug)]
pub struct Vocabulary {
    skills: Vec<Skill>,
    by_name: HashMap<String, usize>,
    /// Normalised term → index into `terms`.
    by_term: HashMap<String, usize>,
    terms: Vec<Term>,
    trie: Trie,
    /// Normalised context terms, per skill (empty for most).
    contexts: Vec<Vec<String>>,
    /// Per skill: a software technology, whose presence is the technical context of guarded
    /// terms ("Go and Python"). A trade's skills are not: "BLS" makes no "Go" a language.
    technology: Vec<bool>,
}

/// The categories of software technologies (see [`Vocabulary::find_all`]'s guards); a
/// technical skill without a category counts as one too.
const TECHNOLOGY_CATEGORIES: &[&str] = &[
    "language",
    "framework",
    "database",
    "cloud",
    "devops",
    "data",
    "ml",
    "security",
    "mobile",
    "testing",
];

/// The verdict of the guards on one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Reject,
    Accept,
    /// Accepted only if another technical skill is near.
    NeedsContext,
}

/// One accepted occurrence.
struct Hit {
    skill: usize,
    start: usize,
    end: usize,
    needs_context: bool,
}

impl Vocabulary {
    /// Parses and validates a vocabulary: names not empty, names and aliases lower-case ASCII
    /// with at least one letter or digit, no term repeated (after normalisation), `exact`
    /// spellings single words that spell one of the skill's own terms.
    ///
    /// # Errors
    /// [`VocabularyError`] naming the first problem found.
    pub fn from_json(json: &str) -> Result<Self, VocabularyError> {
        let raw: Vec<RawSkill> =
            serde_json::from_str(json).map_err(|e| VocabularyError::Json(e.to_string()))?;
        Self::from_raw(raw)
    }

    /// Parses several files as one vocabulary (`(name, json)` pairs, in order): the same
    /// checks as [`Vocabulary::from_json`] over all of them, so a term may not repeat across
    /// files either. A file may be an empty array.
    ///
    /// # Errors
    /// [`VocabularyError::InFile`] naming the file of the first problem found.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, VocabularyError> {
        let mut raw: Vec<RawSkill> = Vec::new();
        let mut origin: Vec<&str> = Vec::new();
        for (name, json) in files {
            let entries: Vec<RawSkill> =
                serde_json::from_str(json).map_err(|e| VocabularyError::InFile {
                    file: (*name).to_owned(),
                    error: Box::new(VocabularyError::Json(e.to_string())),
                })?;
            origin.extend(std::iter::repeat_n(*name, entries.len()));
            raw.extend(entries);
        }
        Self::from_raw(raw).map_err(|error| {
            let file = match &error {
                VocabularyError::EmptyName(i) => origin.get(*i).copied(),
                _ => None,
            };
            match file {
                Some(file) => VocabularyError::InFile {
                    file: file.to_owned(),
                    error: Box::new(error),
                },
                None => error,
            }
        })
    }

    fn from_raw(raw: Vec<RawSkill>) -> Result<Self, VocabularyError> {
        if raw.is_empty() {
            return Err(VocabularyError::Empty);
        }
        let mut vocabulary = Self {
            skills: Vec::with_capacity(raw.len()),
            by_name: HashMap::with_capacity(raw.len()),
            by_term: HashMap::new(),
            terms: Vec::new(),
            trie: Trie::default(),
            contexts: Vec::with_capacity(raw.len()),
            technology: Vec::with_capacity(raw.len()),
        };
        for (index, entry) in raw.into_iter().enumerate() {
            if entry.name.trim().is_empty() {
                return Err(VocabularyError::EmptyName(index));
            }
            if let Some(category) = &entry.category {
                check_term(category)?;
            }
            let mut keys = Vec::with_capacity(1 + entry.aliases.len());
            for term in std::iter::once(&entry.name).chain(&entry.aliases) {
                check_term(term)?;
                let key = normalize(term);
                if vocabulary.by_term.contains_key(&key) || keys.contains(&key) {
                    return Err(VocabularyError::Duplicate(term.clone()));
                }
                keys.push(key);
            }
            for spelling in &entry.exact {
                let key = normalize(spelling);
                if key.contains(' ') || key.is_empty() || !keys.contains(&key) {
                    return Err(VocabularyError::InvalidExact {
                        skill: entry.name.clone(),
                        spelling: spelling.clone(),
                    });
                }
            }
            for key in keys {
                let exact: Vec<String> = entry
                    .exact
                    .iter()
                    .filter(|s| normalize(s) == key)
                    .cloned()
                    .collect();
                vocabulary.add_term(
                    key,
                    Term {
                        skill: index,
                        exact,
                        single_letter: false,
                    },
                );
            }
            for context in &entry.context {
                check_term(context)?;
                if !context
                    .chars()
                    .all(|c| is_context_char(c) || is_separator(c))
                {
                    return Err(VocabularyError::InvalidTerm {
                        term: context.clone(),
                        reason: "a context term has letters, digits, +, # and & only",
                    });
                }
            }
            vocabulary
                .contexts
                .push(entry.context.iter().map(|c| normalize(c)).collect());
            vocabulary.technology.push(
                entry.kind == VocabularyKind::Technical
                    && entry
                        .category
                        .as_deref()
                        .is_none_or(|c| TECHNOLOGY_CATEGORIES.contains(&c)),
            );
            vocabulary.by_name.insert(entry.name.clone(), index);
            vocabulary.skills.push(Skill {
                name: entry.name,
                kind: entry.kind,
                category: entry.category,
                aliases: entry.aliases,
                exact: entry.exact,
                context: entry.context,
            });
        }
        vocabulary.add_variants();
        let keys: Vec<(&[u8], u32)> = vocabulary
            .by_term
            .iter()
            .map(|(key, &term)| (key.as_bytes(), index_u32(term)))
            .collect();
        let trie = Trie::build(keys);
        vocabulary.trie = trie;
        Ok(vocabulary)
    }

    /// Adds the spellings a term is also written in: "&" for "and" and back, British and
    /// American spellings ("labelling", "utilization", "licence", "paediatric"). A variant
    /// that is already some skill's term is left to that skill; guarded terms get none.
    fn add_variants(&mut self) {
        let mut derived: Vec<(String, usize)> = Vec::new();
        for (key, &id) in &self.by_term {
            if !self.terms[id].exact.is_empty() {
                continue;
            }
            for variant in variants(key) {
                if variant != *key && !self.by_term.contains_key(&variant) {
                    derived.push((variant, self.terms[id].skill));
                }
            }
        }
        // The map's order is arbitrary; sorting makes the first of two equal variants win
        // the same way on every start.
        derived.sort();
        derived.dedup_by(|a, b| a.0 == b.0);
        for (key, skill) in derived {
            self.add_term(
                key,
                Term {
                    skill,
                    exact: Vec::new(),
                    single_letter: false,
                },
            );
        }
    }

    fn add_term(&mut self, key: String, mut term: Term) {
        term.single_letter = key.len() == 1;
        let id = self.terms.len();
        self.terms.push(term);
        // The trie is built once every term is in (`Trie::build`).
        self.by_term.insert(key, id);
    }

    /// All skills, in file order.
    #[must_use]
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The skill with this canonical name.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Skill> {
        self.by_name.get(name).map(|&i| &self.skills[i])
    }

    /// The canonical name of a skill given by its name or any alias, in any case and with
    /// any spacing or hyphenation ("K8s", "Postgres", "machine-learning"). A plain dictionary
    /// look-up: the guards of [`Vocabulary::find_all`] do not apply.
    #[must_use]
    pub fn canonical(&self, term: &str) -> Option<&str> {
        self.by_term
            .get(&normalize(term))
            .map(|&t| self.skills[self.terms[t].skill].name.as_str())
    }

    /// Every skill of the vocabulary found in `text`, by first occurrence (see the module
    /// documentation for the rules).
    #[must_use]
    pub fn find_all(&self, text: &str) -> Vec<Match<'_>> {
        let mut found: HashMap<usize, usize> = HashMap::new();
        let mut matches: Vec<Match<'_>> = Vec::new();
        for hit in self.accepted(text) {
            if let Some(&m) = found.get(&hit.skill) {
                matches[m].count += 1;
            } else {
                let skill = &self.skills[hit.skill];
                found.insert(hit.skill, matches.len());
                matches.push(Match {
                    name: &skill.name,
                    kind: skill.kind,
                    category: skill.category.as_deref(),
                    count: 1,
                    offset: hit.start,
                });
            }
        }
        matches
    }

    /// Every occurrence of a vocabulary skill in `text`, in text order, under the same rules
    /// as [`Vocabulary::find_all`]: the skill's canonical name and the byte span of the words
    /// as written.
    #[must_use]
    pub fn occurrences(&self, text: &str) -> Vec<Occurrence<'_>> {
        self.accepted(text)
            .into_iter()
            .map(|hit| Occurrence {
                name: &self.skills[hit.skill].name,
                start: hit.start,
                end: hit.end,
            })
            .collect()
    }

    /// The occurrences that pass every guard, in text order.
    fn accepted(&self, text: &str) -> Vec<Hit> {
        let hits = self.scan(text);
        let anchors: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| !h.needs_context && self.technology[h.skill])
            .map(|h| (h.start, h.end))
            .collect();
        // A skill with its own context words ("Canvas" beside "LMS") is judged by them
        // below, not by software nearby.
        let mut accepted: Vec<Hit> = hits
            .into_iter()
            .filter(|hit| {
                !(hit.needs_context
                    && self.contexts[hit.skill].is_empty()
                    && !near(&anchors, hit.start, hit.end))
            })
            .collect();
        if accepted
            .iter()
            .any(|hit| !self.contexts[hit.skill].is_empty())
        {
            let words = WordIndex::new(text);
            let mut verdicts: HashMap<usize, bool> = HashMap::new();
            accepted.retain(|hit| {
                let context = &self.contexts[hit.skill];
                context.is_empty()
                    || *verdicts
                        .entry(hit.skill)
                        .or_insert_with(|| context.iter().any(|c| words.contains(c)))
            });
        }
        accepted
    }

    /// Leftmost-longest occurrences, in text order, before the context check.
    fn scan(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut candidates = Vec::new();
        let mut i = 0;
        let mut after_word = false;
        while i < bytes.len() {
            if !after_word
                && bytes[i].is_ascii()
                && let Some((end, term, verdict)) = self.longest_at(text, i, &mut candidates)
            {
                hits.push(Hit {
                    skill: self.terms[term].skill,
                    start: i,
                    end,
                    needs_context: verdict == Verdict::NeedsContext,
                });
                // Terms end in an ASCII character.
                after_word = is_word(char::from(bytes[end - 1]));
                i = end;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            after_word = is_word(c);
            i += c.len_utf8();
        }
        hits
    }

    /// The longest acceptable term starting at `start`: its end, term index and verdict.
    fn longest_at(
        &self,
        text: &str,
        start: usize,
        candidates: &mut Vec<(usize, usize)>,
    ) -> Option<(usize, usize, Verdict)> {
        let bytes = text.as_bytes();
        candidates.clear();
        let mut node = 0;
        let mut j = start;
        let mut plural = false;
        loop {
            let here = self.trie.nodes[node];
            if here.term != NO_TERM {
                let term = here.term;
                if ends_at_boundary(text, j) {
                    candidates.push((j, term as usize));
                } else if let Some(end) = self.plural_end(text, j, term as usize) {
                    candidates.push((end, term as usize));
                    plural = true;
                }
            }
            let Some(&byte) = bytes.get(j) else { break };
            if let Some(run_end) = separator_run(text, j) {
                match self.trie.child(here, b' ') {
                    Some(next) => {
                        node = next;
                        j = run_end;
                        continue;
                    }
                    None => break,
                }
            }
            if !byte.is_ascii() {
                break;
            }
            match self.trie.child(here, byte.to_ascii_lowercase()) {
                Some(next) => {
                    node = next;
                    j += 1;
                }
                None => break,
            }
        }
        // A plural's end can pass a longer term's; the longest end wins.
        if plural {
            candidates.sort_by_key(|&(end, _)| end);
        }
        candidates.iter().rev().find_map(|&(end, term)| {
            match verdict(text, start, end, &self.terms[term]) {
                Verdict::Reject => None,
                verdict => Some((end, term, verdict)),
            }
        })
    }
}

impl Vocabulary {
    /// Where the plural of the term that ends at `end` ends: "RFIs", "submittals",
    /// "cesarean sections", "processes". Not for guarded terms (their spelling is exact), nor
    /// for terms of fewer than three characters or ending in anything but a letter.
    fn plural_end(&self, text: &str, end: usize, term: usize) -> Option<usize> {
        let term = &self.terms[term];
        let bytes = text.as_bytes();
        let last = *bytes.get(end.checked_sub(1)?)?;
        if !term.exact.is_empty() || term.single_letter || !last.is_ascii_alphabetic() {
            return None;
        }
        let word_start = text[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_word(c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        if end - word_start < 3 && !bytes[word_start..end].iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        let tail = text[word_start..end].to_ascii_lowercase();
        let sibilant = matches!(last.to_ascii_lowercase(), b's' | b'x' | b'z')
            || tail.ends_with("ch")
            || tail.ends_with("sh");
        let suffix: &[u8] = if sibilant { b"es" } else { b"s" };
        let rest = bytes.get(end..end + suffix.len())?;
        (rest.eq_ignore_ascii_case(suffix)
            && ends_at_boundary_after_plural(text, end + suffix.len()))
        .then_some(end + suffix.len())
    }
}

/// A plural ends where a word does; an apostrophe may follow ("drivers' hours").
fn ends_at_boundary_after_plural(text: &str, end: usize) -> bool {
    char_at(text, end).is_none_or(|c| !is_word(c) && c != '+' && c != '#')
}

/// The other spellings of a normalised term: "&" for " and " and back, and its British and
/// American spellings.
fn variants(key: &str) -> Vec<String> {
    let mut forms = vec![key.to_owned()];
    if key.contains(" and ") {
        forms.push(key.replace(" and ", " & "));
    } else if key.contains(" & ") {
        forms.push(key.replace(" & ", " and "));
    }
    let mut out = Vec::new();
    for form in forms {
        for spelling in [Spelling::American, Spelling::British] {
            let respelled = respell(&form, spelling);
            if !out.contains(&respelled) {
                out.push(respelled);
            }
        }
        if !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Spelling {
    American,
    British,
}

/// British and American spellings: whole words, then word endings, then word beginnings.
const WHOLE_WORDS: &[(&str, &str)] = &[
    ("licence", "license"),
    ("licences", "licenses"),
    ("centre", "center"),
    ("centres", "centers"),
    ("behaviour", "behavior"),
    ("behavioural", "behavioral"),
    ("colour", "color"),
    ("labour", "labor"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("catalogue", "catalog"),
    ("defence", "defense"),
    ("fulfilment", "fulfillment"),
    ("enrolment", "enrollment"),
    ("despatch", "dispatch"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("aluminium", "aluminum"),
    ("grey", "gray"),
    ("cheque", "check"),
    ("cheques", "checks"),
    ("practise", "practice"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
];
const ENDINGS: &[(&str, &str)] = &[
    ("isation", "ization"),
    ("isations", "izations"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("elling", "eling"),
    ("elled", "eled"),
    ("yse", "yze"),
    ("ysing", "yzing"),
];
const BEGINNINGS: &[(&str, &str)] = &[
    ("paed", "ped"),
    ("anaes", "anes"),
    ("haemat", "hemat"),
    ("haemo", "hemo"),
    ("oesoph", "esoph"),
    ("orthopaed", "orthoped"),
    ("gynaec", "gynec"),
    ("oedema", "edema"),
];

fn respell(key: &str, to: Spelling) -> String {
    let pick = |pair: &(&'static str, &'static str)| match to {
        Spelling::American => (pair.0, pair.1),
        Spelling::British => (pair.1, pair.0),
    };
    key.split(' ')
        .map(|word| {
            if let Some((_, into)) = WHOLE_WORDS.iter().map(pick).find(|(from, _)| *from == word) {
                return into.to_owned();
            }
            // Only words long enough that the ending is a suffix ("realised", not "used").
            for (from, into) in ENDINGS.iter().map(pick) {
                if word.len() >= from.len() + 3
                    && let Some(stem) = word.strip_suffix(from)
                {
                    return format!("{stem}{into}");
                }
            }
            for (from, into) in BEGINNINGS.iter().map(pick) {
                if let Some(rest) = word.strip_prefix(from) {
                    return format!("{into}{rest}");
                }
            }
            word.to_owned()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a text, lower case, for context look-ups of whole words and phrases.
struct WordIndex {
    /// The text's words joined by single spaces, with a space at both ends.
    joined: String,
}

impl WordIndex {
    fn new(text: &str) -> Self {
        let mut joined = String::with_capacity(text.len() + 2);
        joined.push(' ');
        for word in text
            .split(|c: char| !is_context_char(c))
            .filter(|w| !w.is_empty())
        {
            joined.push_str(&word.to_lowercase());
            joined.push(' ');
        }
        Self { joined }
    }

    /// Whether a normalised term (words joined by single spaces) occurs as whole words.
    fn contains(&self, term: &str) -> bool {
        let mut needle = String::with_capacity(term.len() + 2);
        needle.push(' ');
        needle.push_str(term);
        needle.push(' ');
        self.joined.contains(&needle)
    }
}

/// Characters of a word for context look-ups.
fn is_context_char(c: char) -> bool {
    is_word(c) || matches!(c, '+' | '#' | '&')
}

/// The guards of ambiguous terms (the technical-context check itself comes later).
fn verdict(text: &str, start: usize, end: usize, term: &Term) -> Verdict {
    if term.exact.is_empty() {
        return Verdict::Accept;
    }
    let spelled = &text[start..end];
    if !term.exact.iter().any(|s| s == spelled) {
        return Verdict::Reject;
    }
    if term.single_letter {
        if stands_alone(text, start, end) {
            Verdict::NeedsContext
        } else {
            Verdict::Reject
        }
    } else if opens_sentence(text, start) && lower_case_word_follows(text, end) {
        Verdict::NeedsContext
    } else {
        Verdict::Accept
    }
}

fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or_else(|_| panic!("the vocabulary index is too large"))
}

fn check_term(term: &str) -> Result<(), VocabularyError> {
    let invalid = |reason| {
        Err(VocabularyError::InvalidTerm {
            term: term.to_owned(),
            reason,
        })
    };
    if term.to_lowercase() != term {
        return Err(VocabularyError::NotLowerCase(term.to_owned()));
    }
    if !term.is_ascii() || term.chars().any(|c| c.is_ascii_control()) {
        return invalid("only printable ASCII characters are allowed");
    }
    if term.trim() != term || term.contains("  ") {
        return invalid("stray spaces");
    }
    if !term.chars().any(|c| c.is_ascii_alphanumeric()) {
        return invalid("no letter or digit");
    }
    if term.starts_with('-') || term.ends_with('-') {
        return invalid("starts or ends with a hyphen");
    }
    Ok(())
}

/// Lower case, with runs of whitespace and hyphens read as one space.
fn normalize(term: &str) -> String {
    term.to_lowercase()
        .split(is_separator)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The end of the run of separators that starts at `at`, if one does.
fn separator_run(text: &str, at: usize) -> Option<usize> {
    let len: usize = text[at..]
        .chars()
        .take_while(|&c| is_separator(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(at + len)
}

/// Whether a term ending at `end` (after an ASCII character) ends on a word boundary.
fn ends_at_boundary(text: &str, end: usize) -> bool {
    let Some(next) = char_at(text, end) else {
        return true;
    };
    if is_word(next) {
        return false;
    }
    let last = char::from(text.as_bytes()[end - 1]);
    if is_word(last) && (next == '+' || next == '#') {
        return false;
    }
    !(next == '.' && char_at(text, end + 1).is_some_and(is_word))
}

/// Start of the text, of a line, or after `.`, `!` or `?` (and whitespace).
fn opens_sentence(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        if c == '\n' || c == '\r' {
            return true;
        }
        if !c.is_whitespace() {
            return matches!(c, '.' | '!' | '?');
        }
    }
    true
}

/// Whether a space or tab and then a lower-case letter follow `end`, on the same line.
fn lower_case_word_follows(text: &str, end: usize) -> bool {
    let mut spaced = false;
    for c in text[end..].chars() {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            spaced = true;
        } else {
            return spaced && c.is_lowercase();
        }
    }
    false
}

/// The extra guards of single-letter terms (apart from technical context).
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    const GLUE: [char; 5] = ['&', '-', '\'', '\u{2019}', '$'];
    let before = char_before(text, start);
    let after = char_at(text, end);
    if before.is_some_and(|c| GLUE.contains(&c)) || after.is_some_and(|c| GLUE.contains(&c)) {
        return false;
    }
    if after == Some('.') && char_at(text, end + 1).is_some_and(char::is_alphabetic) {
        return false;
    }
    if before == Some('.') && char_before(text, start - 1).is_some_and(char::is_alphabetic) {
        return false;
    }
    let head = text[..start].trim_end_matches([' ', '\t', '\u{a0}']);
    let word: Vec<char> = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .take(11)
        .collect();
    !LETTER_LABELS.iter().any(|label| {
        label.len() == word.len()
            && label
                .chars()
                .rev()
                .zip(&word)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

/// Whether an anchor (sorted, non-overlapping spans) lies within [`CONTEXT_WINDOW`] of
/// `start..end`.
fn near(anchors: &[(usize, usize)], start: usize, end: usize) -> bool {
    let first = anchors.partition_point(|&(_, e)| e + CONTEXT_WINDOW < start);
    anchors
        .get(first)
        .is_some_and(|&(s, _)| s <= end + CONTEXT_WINDOW)
}

#[cfg(test)]
mod tests;
