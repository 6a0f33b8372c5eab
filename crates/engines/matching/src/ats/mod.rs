//! A deterministic keyword-fit (ATS) score for a generated resume or cover letter against a
//! job.
//!
//! # The score (0–100)
//!
//! * **Keywords**: the weighted share of the job's keywords that the document names
//!   (required 3, preferred 2, other 1). Vocabulary skills match by any alias ("K8s" for
//!   `kubernetes`) under the vocabulary's rules; other keywords match as whole words in any
//!   case. Worth 70 points on a resume, 85 on a cover letter.
//! * **Sections** (resume only, 20 points): an experience, a skills and an education heading,
//!   and a contact line (an email address or a phone number near the top), 5 each.
//! * **Length** (10 points on a resume, 15 on a cover letter): full inside 300–900 words for a
//!   resume and 200–450 for a cover letter, falling off in proportion outside.
//!
//! Keywords absent from the document are split by whether the profile's text names them:
//! those it does could be added truthfully, and `reachable_score` is the score with them
//! added. A job without keywords gets the neutral [`NEUTRAL_SCORE`], and the feedback says
//! so. Scores are always finite and within [0, 100].

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::rank::Job;
use crate::terms;

/// The score of a document against a job that has no keywords.
pub const NEUTRAL_SCORE: f64 = 75.0;

/// Words of a resume that scores full length points.
pub const RESUME_WORDS: (usize, usize) = (300, 900);
/// Words of a cover letter that scores full length points.
pub const COVER_LETTER_WORDS: (usize, usize) = (200, 450);

/// How much a job keyword matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    Required,
    Preferred,
    Other,
}

impl Importance {
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Self::Required => 3.0,
            Self::Preferred => 2.0,
            Self::Other => 1.0,
        }
    }
}

/// A keyword of the job with its importance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobKeyword {
    pub keyword: String,
    pub importance: Importance,
}

/// Which kind of document is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Resume,
    CoverLetter,
}

impl DocumentKind {
    fn noun(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::CoverLetter => "cover letter",
        }
    }

    fn words(self) -> (usize, usize) {
        match self {
            Self::Resume => RESUME_WORDS,
            Self::CoverLetter => COVER_LETTER_WORDS,
        }
    }

    /// Points for keywords, sections and length.
    fn points(self) -> (f64, f64, f64) {
        match self {
            Self::Resume => (70.0, 20.0, 10.0),
            Self::CoverLetter => (85.0, 0.0, 15.0),
        }
    }
}

/// The sections a resume was found to have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeSections {
    pub experience: bool,
    pub skills: bool,
    pub education: bool,
    /// An email address or phone number in the first lines.
    pub contact: bool,
}

impl ResumeSections {
    fn share(self) -> f64 {
        let found = [self.experience, self.skills, self.education, self.contact]
            .into_iter()
            .filter(|&b| b)
            .count();
        f64::from(u8::try_from(found).unwrap_or(4)) / 4.0
    }
}

/// The ATS report of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtsReport {
    /// 0–100.
    pub score: f64,
    /// The score if the keywords in `missing_but_in_profile` were added; never below `score`.
    pub reachable_score: f64,
    /// A few sentences: what matched, what is missing, length and sections advice.
    pub feedback: String,
    /// Job keywords the document names, in the job's order.
    pub matched: Vec<String>,
    /// Job keywords the document lacks but the profile names: they can be added truthfully.
    pub missing_but_in_profile: Vec<String>,
    /// Job keywords neither the document nor the profile names.
    pub missing: Vec<String>,
    pub word_count: usize,
    /// For a resume, the sections found; `None` for a cover letter.
    pub sections: Option<ResumeSections>,
}

/// The job's keywords with their importance: vocabulary skills of the title and required
/// lines are required, of the preferred lines preferred, and the posting's other keywords
/// and skills other. In that order, without repeats.
#[must_use]
pub fn job_keywords(job: &Job) -> Vec<JobKeyword> {
    let mut out: Vec<JobKeyword> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |keyword: &str, importance: Importance, out: &mut Vec<JobKeyword>| {
        let keyword = keyword.trim();
        let identity = identity(keyword);
        if !keyword.is_empty() && seen.insert(identity) {
            out.push(JobKeyword {
                keyword: keyword.to_owned(),
                importance,
            });
        }
    };
    let names = |text: &str| -> Vec<&'static str> {
        terms::skills_in(text).into_iter().map(|h| h.name).collect()
    };
    for name in names(&job.title)
        .into_iter()
        .chain(job.required.iter().flat_map(|l| names(l)))
    {
        push(name, Importance::Required, &mut out);
    }
    for name in job.preferred.iter().flat_map(|l| names(l)) {
        push(name, Importance::Preferred, &mut out);
    }
    for keyword in &job.keywords {
        push(keyword, Importance::Other, &mut out);
    }
    for name in job
        .responsibilities
        .iter()
        .flat_map(|l| names(l))
        .chain(names(&job.description))
    {
        push(name, Importance::Other, &mut out);
    }
    out
}

/// A keyword's identity: its canonical skill name, or its matching key.
fn identity(keyword: &str) -> String {
    terms::canonical_skill(keyword).map_or_else(|| tailor_text::key(keyword), |h| h.name.to_owned())
}

/// Scores `document` (of `kind`) against the job's `keywords`, knowing the profile's full
/// text to tell which missing keywords could be added truthfully. Deterministic; the score is
/// finite and within [0, 100].
#[must_use]
pub fn score_document(
    keywords: &[JobKeyword],
    document: &str,
    kind: DocumentKind,
    profile_text: &str,
) -> AtsReport {
    let document = tailor_text::prefix_within(document, tailor_text::MAX_INPUT_BYTES);
    let word_count = tailor_text::word_count(document);
    let sections = (kind == DocumentKind::Resume).then(|| resume_sections(document));
    let length = length_share(word_count, kind.words());
    let (keyword_points, section_points, length_points) = kind.points();
    let layout =
        section_points * sections.map_or(0.0, ResumeSections::share) + length_points * length;

    let keywords = dedupe(keywords);
    let in_document = Presence::new(document);
    let in_profile = Presence::new(profile_text);
    let mut matched = Vec::new();
    let mut addable = Vec::new();
    let mut missing = Vec::new();
    let (mut total, mut got, mut reachable) = (0.0, 0.0, 0.0);
    for keyword in &keywords {
        let weight = keyword.importance.weight();
        total += weight;
        if in_document.has(&keyword.keyword) {
            got += weight;
            reachable += weight;
            matched.push(keyword.keyword.clone());
        } else if in_profile.has(&keyword.keyword) {
            reachable += weight;
            addable.push(keyword.keyword.clone());
        } else {
            missing.push(keyword.keyword.clone());
        }
    }

    let (score, reachable_score) = if keywords.is_empty() {
        (NEUTRAL_SCORE, NEUTRAL_SCORE)
    } else {
        (
            percent(keyword_points * got / total + layout),
            percent(keyword_points * reachable / total + layout),
        )
    };
    let feedback = feedback(&Feedback {
        kind,
        keywords: &keywords,
        matched: &matched,
        addable: &addable,
        missing: &missing,
        coverage: if total > 0.0 { got / total } else { 0.0 },
        word_count,
        sections,
    });
    AtsReport {
        score,
        reachable_score: reachable_score.max(score),
        feedback,
        matched,
        missing_but_in_profile: addable,
        missing,
        word_count,
        sections,
    }
}

/// Keywords without repeats (by canonical skill or matching key), each at the highest
/// importance given, in first-seen order.
fn dedupe(keywords: &[JobKeyword]) -> Vec<JobKeyword> {
    let mut out: Vec<JobKeyword> = Vec::new();
    let mut identities: Vec<String> = Vec::new();
    for keyword in keywords {
        let text = keyword.keyword.trim();
        if text.is_empty() {
            continue;
        }
        let id = identity(text);
        match identities.iter().position(|i| *i == id) {
            Some(at) => out[at].importance = out[at].importance.min(keyword.importance),
            None => {
                identities.push(id);
                out.push(JobKeyword {
                    keyword: text.to_owned(),
                    importance: keyword.importance,
                });
            }
        }
    }
    out
}

/// What a text names: its vocabulary skills, and its matching key for other keywords.
struct Presence {
    skills: HashSet<&'static str>,
    key: String,
}

impl Presence {
    fn new(text: &str) -> Self {
        Self {
            skills: terms::skills_in(text).into_iter().map(|h| h.name).collect(),
            key: tailor_text::key(tailor_text::prefix_within(
                text,
                tailor_text::MAX_INPUT_BYTES,
            )),
        }
    }

    fn has(&self, keyword: &str) -> bool {
        match terms::canonical_skill(keyword) {
            Some(hit) if self.skills.contains(hit.name) => true,
            _ => terms::count_phrase(&self.key, keyword) > 0,
        }
    }
}

fn length_share(words: usize, (min, max): (usize, usize)) -> f64 {
    let words = words as f64;
    let (min, max) = (min as f64, max as f64);
    if words < min {
        words / min
    } else if words > max {
        (1.0 - (words - max) / max).max(0.0)
    } else {
        1.0
    }
}

fn percent(value: f64) -> f64 {
    if value.is_finite() {
        (value.clamp(0.0, 100.0) * 10.0).round() / 10.0
    } else {
        0.0
    }
}

/// Headings are short lines; the contact line is among the first few.
const MAX_HEADING_WORDS: usize = 5;
const CONTACT_LINES: usize = 8;

fn resume_sections(document: &str) -> ResumeSections {
    let mut sections = ResumeSections::default();
    for (index, line) in document.lines().enumerate() {
        let line = tailor_text::strip_markup(line.trim())
            .trim_end_matches(':')
            .trim();
        if line.is_empty() {
            continue;
        }
        if index < CONTACT_LINES && is_contact(line) {
            sections.contact = true;
        }
        if tailor_text::word_count(line) > MAX_HEADING_WORDS {
            continue;
        }
        let key = tailor_text::key(line);
        let has = |words: &[&str]| tailor_text::has_any_word(&key, words);
        sections.experience |= has(&["experience", "employment", "work history", "career history"]);
        sections.skills |= has(&["skills", "competencies", "expertise", "technologies"]);
        sections.education |= has(&["education", "academic", "qualifications", "degrees"]);
    }
    sections
}

fn is_contact(line: &str) -> bool {
    let email = line.split_whitespace().any(|word| {
        word.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    });
    let digits = line.chars().filter(char::is_ascii_digit).count();
    email || (7..=15).contains(&digits) && line.contains(['(', '-', '+', ' ', '.'])
}

struct Feedback<'a> {
    kind: DocumentKind,
    keywords: &'a [JobKeyword],
    matched: &'a [String],
    addable: &'a [String],
    missing: &'a [String],
    coverage: f64,
    word_count: usize,
    sections: Option<ResumeSections>,
}

/// Keywords named in feedback at most.
const LISTED: usize = 8;

fn feedback(f: &Feedback<'_>) -> String {
    let mut sentences = Vec::new();
    if f.keywords.is_empty() {
        sentences.push("Default score - no job keywords available.".to_owned());
    } else {
        let share = (f.coverage * 100.0).round();
        if f.matched.is_empty() {
            sentences.push(format!(
                "The {} names none of the job's {}.",
                f.kind.noun(),
                keywords_noun(f.keywords.len())
            ));
        } else {
            sentences.push(format!(
                "The {} names {} of the job's {} ({share}% of their weight): {}.",
                f.kind.noun(),
                f.matched.len(),
                keywords_noun(f.keywords.len()),
                list(f.matched)
            ));
        }
        if !f.addable.is_empty() {
            sentences.push(format!(
                "Your profile shows {}, so these can be added truthfully.",
                list(f.addable)
            ));
        }
        if !f.missing.is_empty() {
            sentences.push(format!(
                "Not in your profile: {}; mention them only if you have that experience.",
                list(f.missing)
            ));
        }
    }
    let (min, max) = f.kind.words();
    if f.word_count < min {
        sentences.push(format!(
            "At {} words the {} is short; aim for {min}-{max}.",
            f.word_count,
            f.kind.noun()
        ));
    } else if f.word_count > max {
        sentences.push(format!(
            "At {} words the {} is long; aim for {min}-{max}.",
            f.word_count,
            f.kind.noun()
        ));
    } else {
        sentences.push(format!(
            "Its length ({} words) is within {min}-{max}.",
            f.word_count
        ));
    }
    if let Some(sections) = f.sections {
        let mut lacking = Vec::new();
        if !sections.experience {
            lacking.push("an experience heading");
        }
        if !sections.skills {
            lacking.push("a skills heading");
        }
        if !sections.education {
            lacking.push("an education heading");
        }
        if !sections.contact {
            lacking.push("a contact line with email or phone at the top");
        }
        if lacking.is_empty() {
            sentences.push(
                "It has experience, skills and education headings and a contact line.".to_owned(),
            );
        } else {
            sentences.push(format!("Add {}.", lacking.join(", ")));
        }
    }
    sentences.join(" ")
}

fn keywords_noun(count: usize) -> String {
    if count == 1 {
        "1 keyword".to_owned()
    } else {
        format!("{count} keywords")
    }
}

fn list(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(LISTED).map(String::as_str).collect();
    let rest = items.len().saturating_sub(LISTED);
    if rest > 0 {
        format!("{} and {rest} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests;
