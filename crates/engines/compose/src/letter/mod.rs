//! The cover letter: a greeting, a body of at most `max_paragraphs` paragraphs, and a
//! sign-off, written from templates and the profile's own words, never a model's.
//!
//! # Layout
//!
//! Blocks are separated by blank lines:
//!
//! 1. the greeting, `Dear {hiring manager},` or `Dear Hiring Manager,`;
//! 2. the body, bounded by `max_paragraphs` (3..=6, clamped):
//!    - an opening that names the role and the company and the most recent role;
//!    - one to three evidence paragraphs, one per top item of the evidence (experiences,
//!      then projects as ranked), citing its title, company, description and achievements
//!      against the job requirements it matched; with no item, one paragraph from the
//!      summary and skills;
//!    - when room is left, one paragraph on further skills, education and certifications
//!      that match the job;
//!    - a closing with the contact details;
//! 3. the sign-off, `Sincerely,` (or `Kind regards,`, `Best regards,` by register) and the
//!    person's name on the next line.
//!
//! The greeting and the sign-off are blocks of the text and of the structured `paragraphs`
//! (an export prints only those), so `paragraph_count` counts them as the contract's
//! reference did; they do not count against `max_paragraphs`, which bounds the body
//! ([`Letter::body_paragraphs`], `body_paragraph_count` in the metadata).
//!
//! # Wording
//!
//! Each sentence has several phrasings; the choice follows a hash of the job title and
//! company, so letters for different jobs differ and the same job always gets the same
//! letter. The style hints pick the register (tone word, else formality): formal, neutral,
//! or conversational with contractions; short sentences lead to fewer cited sentences;
//! rare first-person use to phrasings that do not open with "I". Key phrases are not
//! inserted: out of their context they read as pasted.
//!
//! # Safety
//!
//! Every value taken from the inputs has its template placeholders and brackets removed
//! first, generic values ("Unknown Company", "Untitled Position") count as missing, and
//! missing ones get neutral wording ("the position", "your team"), so the letter never
//! carries a placeholder. Stock phrases are removed from the finished paragraphs.

use serde::{Deserialize, Serialize};
use tailor_text as text;

use crate::content::*;
use crate::enhance::verbs::{Form, lookup};
use crate::enhance::{DETERMINERS, Tense, rewrite_sentence};
use crate::polish::{placeholders, scrub_stock_phrases, without_placeholders};
use crate::profile::*;

/// The fewest and most body paragraphs a caller may ask for.
pub const MIN_PARAGRAPHS: usize = 3;
pub const MAX_PARAGRAPHS: usize = 6;
/// Evidence paragraphs at most.
const MAX_EVIDENCE: usize = 3;
/// Experiences and projects taken from the evidence (the contract's top 3 and top 2).
const TOP_EXPERIENCES: usize = 3;
const TOP_PROJECTS: usize = 2;
/// Requirement terms named in one sentence.
const NAMED_TERMS: usize = 3;
/// The longest requirement named in a sentence, in words.
const TERM_WORDS: usize = 5;

/// The job the letter is for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    pub title: String,
    pub company: String,
    /// The top requirements, most important first.
    pub requirements: Vec<String>,
    /// The job's keywords, most important first.
    pub keywords: Vec<String>,
}

/// One ranked experience or project and the job requirements it matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    /// An experience or project id of the profile.
    pub source_id: String,
    /// Requirements or keywords of the job this item matched. When empty, the composer
    /// matches the job's keywords and short requirements against the item's text itself.
    pub matched: Vec<String>,
}

/// How the user writes, from a sample; every hint is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StyleHints {
    /// 0 (casual) to 1 (formal).
    pub formality: Option<f64>,
    /// A tone word such as `formal`, `professional`, `conversational`, `friendly`; wins over
    /// `formality` when it names a register.
    pub tone: Option<String>,
    /// Mean words per sentence.
    pub sentence_length: Option<f64>,
    /// Share of sentences in the first person (0..1).
    pub first_person: Option<f64>,
    pub key_phrases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterOptions {
    /// Overrides the job's company.
    pub company_name: Option<String>,
    pub hiring_manager_name: Option<String>,
    /// Body paragraphs at most, 3..=6 (clamped); the contract's default is 4.
    pub max_paragraphs: usize,
}

impl Default for LetterOptions {
    fn default() -> Self {
        LetterOptions {
            company_name: None,
            hiring_manager_name: None,
            max_paragraphs: 4,
        }
    }
}

/// A composed cover letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Greeting, body paragraphs and sign-off, separated by blank lines.
    pub text: String,
    /// The contract's structured content.
    pub structured: LetterContent,
    /// Body paragraphs (at most `max_paragraphs`).
    pub body_paragraphs: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Register {
    Formal,
    Neutral,
    Conversational,
}

/// The choices that shape the wording.
struct Voice {
    register: Register,
    /// Short sentences: cite less.
    brief: bool,
    /// Long sentences: cite more.
    ample: bool,
    /// Prefer phrasings that do not open with "I".
    fewer_i: bool,
    seed: u64,
}

impl Voice {
    fn new(style: &StyleHints, seed: u64) -> Self {
        let tone = style.tone.as_deref().map(text::key).unwrap_or_default();
        let register = if ["formal", "professional", "academic", "corporate"]
            .iter()
            .any(|t| tone.contains(t))
        {
            Register::Formal
        } else if [
            "conversational",
            "casual",
            "friendly",
            "warm",
            "informal",
            "enthusiastic",
        ]
        .iter()
        .any(|t| tone.contains(t))
        {
            Register::Conversational
        } else {
            match style.formality {
                Some(f) if f >= 0.6 => Register::Formal,
                Some(f) if f < 0.4 => Register::Conversational,
                _ => Register::Neutral,
            }
        };
        let length = style.sentence_length.filter(|l| l.is_finite());
        Voice {
            register,
            brief: length.is_some_and(|l| l < 14.0),
            ample: length.is_some_and(|l| l > 22.0),
            fewer_i: style.first_person.is_some_and(|f| f < 0.3),
            seed,
        }
    }

    /// One of `n` phrasings for slot `slot`.
    fn pick(&self, slot: u64, n: usize) -> usize {
        (mix(self.seed ^ slot.wrapping_mul(0x9e37_79b9_7f4a_7c15)) % n as u64) as usize
    }

    /// One of three phrasings of paragraph `n` of a kind: consecutive paragraphs take
    /// consecutive phrasings from a hashed start, so two paragraphs never read alike. With
    /// rare first-person use, the two that do not open with "I" (1 and 2) only.
    fn variant(&self, slot: u64, n: u64) -> usize {
        if self.fewer_i {
            1 + (self.pick(slot, 2) + n as usize) % 2
        } else {
            (self.pick(slot, 3) + n as usize) % 3
        }
    }

    /// Template text in the register: contractions when conversational.
    fn say(&self, template: String) -> String {
        if self.register != Register::Conversational {
            return template;
        }
        let mut out = template;
        for (long, short) in [
            ("I am ", "I'm "),
            ("I would ", "I'd "),
            ("I have ", "I've "),
            ("It is ", "It's "),
            ("that is ", "that's "),
        ] {
            out = out.replace(long, short);
        }
        out
    }
}

/// FNV-1a: a fixed, platform-independent hash, so phrasings never change between builds.
fn fnv(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A final avalanche, so that nearby slots pick independently.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// One experience or project the letter cites.
enum Item<'a> {
    Experience(&'a Experience),
    Project(&'a Project),
}

struct Cited<'a> {
    item: Item<'a>,
    /// Requirement terms to name, as the item's own text spells them when it does.
    terms: Vec<String>,
}

impl Item<'_> {
    /// Everything the item says, for matching terms.
    fn text(&self) -> String {
        match self {
            Item::Experience(e) => {
                let mut t = format!(
                    "{} {} {}",
                    e.title,
                    e.company,
                    e.best_description().unwrap_or("")
                );
                for a in &e.achievements {
                    t.push(' ');
                    t.push_str(a);
                }
                t
            }
            Item::Project(p) => format!(
                "{} {} {}",
                p.name,
                p.best_description().unwrap_or(""),
                p.technologies.join(" ")
            ),
        }
    }
}

/// Composes the cover letter. Deterministic: the same arguments give the same letter.
pub fn compose_letter(
    profile: &Profile,
    job: &Job,
    evidence: &[Evidence],
    style: &StyleHints,
    options: &LetterOptions,
) -> Letter {
    let role = fragment(&job.title).filter(|t| !is_generic(t));
    let company = options
        .company_name
        .as_deref()
        .and_then(fragment)
        .filter(|c| !is_generic(c))
        .or_else(|| fragment(&job.company).filter(|c| !is_generic(c)));
    let seed = fnv(&format!(
        "{}\n{}",
        text::key(role.as_deref().unwrap_or("")),
        text::key(company.as_deref().unwrap_or(""))
    ));
    let voice = Voice::new(style, seed);
    let max_body = options.max_paragraphs.clamp(MIN_PARAGRAPHS, MAX_PARAGRAPHS);
    let cited = cite(profile, job, evidence);
    let names = Names {
        role: role.as_deref(),
        company: company.as_deref(),
    };

    let mut body = vec![opening(profile, &cited, &names, &voice)];
    let evidence_room = (max_body - 2).min(MAX_EVIDENCE);
    let mut used_terms: Vec<String> = Vec::new();
    for (n, c) in cited.iter().take(evidence_room).enumerate() {
        used_terms.extend(c.terms.iter().map(|t| text::key(t)));
        body.push(match c.item {
            Item::Experience(e) => experience_paragraph(e, &c.terms, n as u64, &voice),
            Item::Project(p) => project_paragraph(p, &c.terms, n as u64, &voice),
        });
    }
    if cited.is_empty() {
        body.push(general_paragraph(profile, job, &names, &voice));
    }
    if body.len() + 1 < max_body
        && let Some(extra) = extra_paragraph(profile, job, &used_terms, &voice)
    {
        body.push(extra);
    }
    body.push(closing(profile, &names, &voice));

    let body: Vec<String> = body
        .into_iter()
        .map(|p| clean_paragraph(&p))
        .filter(|p| !p.is_empty())
        .collect();
    let greeting = match options.hiring_manager_name.as_deref().and_then(fragment) {
        Some(name) => format!("Dear {name},"),
        None => "Dear Hiring Manager,".to_owned(),
    };
    let sign = match voice.register {
        Register::Formal => "Sincerely,",
        Register::Neutral => "Kind regards,",
        Register::Conversational => "Best regards,",
    };
    let sign_off = match fragment(&profile.personal.full_name) {
        Some(name) => format!("{sign}\n{name}"),
        None => sign.to_owned(),
    };
    let body_paragraphs = body.len();
    let mut paragraphs = Vec::with_capacity(body.len() + 2);
    paragraphs.push(greeting);
    paragraphs.extend(body);
    paragraphs.push(sign_off);
    let text = paragraphs.join("\n\n");
    let position = role.unwrap_or_default();
    let company = company.unwrap_or_default();
    Letter {
        structured: LetterContent {
            header: Header::of(profile, position.clone()),
            sections: vec![LetterSection::CoverLetter {
                company: company.clone(),
                paragraphs: paragraphs.clone(),
            }],
            metadata: LetterMetadata {
                word_count: text::word_count(&text),
                paragraph_count: paragraphs.len(),
                company,
                position,
                body_paragraph_count: body_paragraphs,
            },
        },
        text,
        body_paragraphs,
    }
}

struct Names<'a> {
    role: Option<&'a str>,
    company: Option<&'a str>,
}

impl Names<'_> {
    /// "the Staff Nurse position", or "the open position".
    fn the_role(&self, word: &str) -> String {
        match self.role {
            Some(role) => format!("the {role} {word}"),
            None => format!("the open {word}"),
        }
    }

    /// " at Acme", or " with your team".
    fn at_company(&self) -> String {
        match self.company {
            Some(company) => format!(" at {company}"),
            None => " with your team".to_owned(),
        }
    }

    /// "Acme", or "your team".
    fn company_or_team(&self) -> &str {
        self.company.unwrap_or("your team")
    }
}

/// A value from the inputs as the letter may print it: placeholders and brackets removed,
/// trimmed, `None` when nothing is left.
fn fragment(value: &str) -> Option<String> {
    let value = without_placeholders(value.trim());
    let value = value.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    (!value.is_empty() && value.chars().any(char::is_alphanumeric)).then(|| value.to_owned())
}

/// The contract's stand-ins for a missing title or company.
fn is_generic(value: &str) -> bool {
    matches!(
        text::key(value).as_str(),
        "unknown company" | "untitled position" | "company" | "n/a" | "none" | "unknown"
    )
}

/// The experiences and projects to cite, in evidence order (the contract's top 3 and
/// top 2; the profile's first ones when the evidence names none), with their terms.
fn cite<'a>(profile: &'a Profile, job: &Job, evidence: &[Evidence]) -> Vec<Cited<'a>> {
    let mut items: Vec<(Item<'a>, &[String])> = Vec::new();
    let (mut experiences, mut projects) = (0, 0);
    let mut seen: Vec<&str> = Vec::new();
    for e in evidence {
        if seen.contains(&e.source_id.as_str()) {
            continue;
        }
        if let Some(x) = profile.experience(&e.source_id) {
            if experiences < TOP_EXPERIENCES {
                experiences += 1;
                items.push((Item::Experience(x), &e.matched));
            }
        } else if let Some(p) = profile.project(&e.source_id)
            && projects < TOP_PROJECTS
        {
            projects += 1;
            items.push((Item::Project(p), &e.matched));
        }
        seen.push(&e.source_id);
    }
    if items.is_empty() {
        items.extend(
            profile
                .experiences
                .iter()
                .take(TOP_EXPERIENCES)
                .map(|e| (Item::Experience(e), &[][..])),
        );
        items.extend(
            profile
                .projects
                .iter()
                .take(TOP_PROJECTS)
                .map(|p| (Item::Project(p), &[][..])),
        );
    }
    items.retain(|(item, _)| match item {
        Item::Experience(e) => fragment(&e.title).is_some() || fragment(&e.company).is_some(),
        Item::Project(p) => fragment(&p.name).is_some(),
    });
    items
        .into_iter()
        .map(|(item, matched)| {
            let own = item.text();
            let own_key = text::key(&own);
            let candidates: Vec<&String> = if matched.is_empty() {
                job.requirements
                    .iter()
                    .chain(&job.keywords)
                    .filter(|t| text::has_word(&own_key, &text::key(t)))
                    .collect()
            } else {
                matched.iter().collect()
            };
            let mut terms: Vec<String> = Vec::new();
            for term in candidates {
                let Some(term) = fragment(term) else { continue };
                let term = term.trim_end_matches(['.', '!', '?']).to_owned();
                if text::word_count(&term) > TERM_WORDS
                    || terms.iter().any(|t| text::key(t) == text::key(&term))
                {
                    continue;
                }
                terms.push(spelled_as_in(&own, &term));
                if terms.len() == NAMED_TERMS {
                    break;
                }
            }
            Cited { item, terms }
        })
        .collect()
}

/// `term` as `source` spells it ("aws" is "AWS" when the source says "AWS").
fn spelled_as_in(source: &str, term: &str) -> String {
    let lower = source.to_lowercase();
    if lower.len() == source.len()
        && let Some(at) = text::find_words(&lower, &term.to_lowercase()).next()
        && let Some(spelled) = source.get(at..at + term.len())
    {
        return spelled.to_owned();
    }
    term.to_owned()
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The first `n` sentences of `text` (lines read as sentences, list markers removed), each
/// ending with punctuation and starting with a capital.
fn first_sentences(value: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in value.lines() {
        let (_, line) = text::strip_bullet(line);
        let Some(line) = fragment(line) else { continue };
        for sentence in text::sentences(&line) {
            if out.len() == n {
                return out;
            }
            out.push(sentence_case(sentence));
        }
    }
    out
}

/// `s` with a capital first letter and final punctuation.
fn sentence_case(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out = out.trim_end_matches([',', ';', ':', '-']).to_owned();
        out.push('.');
    }
    out
}

/// Whether `word` (as written) opens a line with a verb in the past: a listed verb's past
/// form, or another word ending in "-ed" ("Triaged"), never an acronym.
fn is_past_verb(word: &str) -> bool {
    let lower = word.to_lowercase();
    let rest_lower = word.chars().skip(1).all(|c| c.is_lowercase());
    rest_lower
        && (lookup(&lower).is_some_and(|(verb, form)| form == Form::Past || verb.past == lower)
            || (lower.len() > 4 && lower.ends_with("ed") && !lower.ends_with("eed")))
}

/// A description sentence of a role as the letter's own: a line that opens with a verb
/// ("Ran a brigade", "Responsible for triage") gets its subject ("I ran a brigade", "I
/// oversaw triage"); anything else is kept as written.
fn in_first_person(sentence: &str, current: bool) -> String {
    let tense = if current { Tense::Present } else { Tense::Past };
    let sentence = rewrite_sentence(sentence, tense);
    let mut words = sentence.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    let next = words.next().unwrap_or("").to_lowercase();
    let lower = first.to_lowercase();
    let verb = first.chars().skip(1).all(|c| c.is_lowercase())
        && match lookup(&lower) {
            Some((verb, Form::Base)) => {
                !verb.base_is_noun
                    || DETERMINERS.contains(&next.as_str())
                    || next.starts_with(|c: char| c.is_ascii_digit())
            }
            Some((_, Form::Past)) => true,
            _ => is_past_verb(first),
        };
    if verb && !next.is_empty() {
        format!("I {lower}{}", &sentence[first.len()..])
    } else {
        sentence
    }
}

/// A project's description sentence: "A Slack bot that ..." reads "oncall-bot is a Slack bot
/// that ..."; one that opens with a verb gets "I".
fn project_sentence(sentence: &str, name: &str) -> String {
    for article in ["A ", "An "] {
        if let Some(rest) = sentence.strip_prefix(article)
            && !name.is_empty()
        {
            return format!("{name} is {}{rest}", article.to_lowercase());
        }
    }
    in_first_person(sentence, false)
}

/// An achievement as a sentence of the letter: "For example, I reduced ..." when it opens
/// with a past-tense verb, else "One result: ...".
fn achievement_sentence(achievement: &str, n: usize, voice: &Voice) -> Option<String> {
    let (_, line) = text::strip_bullet(achievement);
    let line = fragment(line)?;
    let first = line.split(' ').next().unwrap_or("");
    let lower = first.to_lowercase();
    let past_verb = is_past_verb(first);
    let sentence = sentence_case(&line);
    Some(if past_verb {
        let rest = &sentence[first.len()..];
        let lead = match (n, voice.register) {
            (0, Register::Conversational) => "For instance, I",
            (0, _) => "For example, I",
            _ => "I also",
        };
        format!("{lead} {lower}{rest}")
    } else if n == 0 {
        format!("One result: {sentence}")
    } else {
        format!("Another: {sentence}")
    })
}

/// "2019", from a date.
fn year(date: &str) -> Option<&str> {
    let y = date.trim().get(..4)?;
    y.bytes().all(|b| b.is_ascii_digit()).then_some(y)
}

fn opening(profile: &Profile, cited: &[Cited], names: &Names, voice: &Voice) -> String {
    let role = names.the_role(if voice.pick(1, 2) == 0 {
        "position"
    } else {
        "role"
    });
    let at = names.at_company();
    let mut sentences = vec![voice.say(match voice.pick(2, 3) {
        0 => format!("I am applying for {role}{at}."),
        1 => format!("Please consider my application for {role}{at}."),
        _ => format!("I would like to be considered for {role}{at}."),
    })];
    let latest = cited.iter().find_map(|c| match c.item {
        Item::Experience(e) => Some(e),
        Item::Project(_) => None,
    });
    if let Some(e) = latest {
        let title = fragment(&e.title);
        let company = fragment(&e.company);
        let what = match (title, company) {
            (Some(t), Some(c)) => format!("as {t} at {c}"),
            (Some(t), None) => format!("as {t}"),
            (None, Some(c)) => format!("at {c}"),
            (None, None) => String::new(),
        };
        let current = e.is_current || non_blank(e.end_date.as_deref()).is_none();
        if !what.is_empty() {
            sentences.push(voice.say(if current {
                format!("I currently work {what}.")
            } else {
                format!("Most recently, I worked {what}.")
            }));
        }
    } else if let Some(summary) = profile.best_summary() {
        sentences.extend(first_sentences(summary, 1));
    }
    // Round-robin over the items, so the list spans them.
    let mut all_terms: Vec<String> = Vec::new();
    for rank in 0..NAMED_TERMS {
        for c in cited {
            if let Some(t) = c.terms.get(rank)
                && !all_terms.iter().any(|a| text::key(a) == text::key(t))
                && all_terms.len() < NAMED_TERMS
            {
                all_terms.push(t.clone());
            }
        }
    }
    if all_terms.len() >= 2 {
        let terms = list(&all_terms);
        sentences.push(voice.say(match voice.pick(3, 2) {
            0 => format!("The role calls for {terms}, and that is where my experience lies."),
            _ => format!("My background covers {terms}, which your posting asks for."),
        }));
    }
    sentences.join(" ")
}

fn experience_paragraph(e: &Experience, terms: &[String], n: u64, voice: &Voice) -> String {
    let title = fragment(&e.title);
    let company = fragment(&e.company);
    let current = e.is_current || non_blank(e.end_date.as_deref()).is_none();
    let as_at = match (&title, &company) {
        (Some(t), Some(c)) => format!("{t} at {c}"),
        (Some(t), None) => t.clone(),
        (None, Some(c)) => format!("a member of the team at {c}"),
        (None, None) => String::new(),
    };
    let mut sentences = Vec::new();
    let choice = voice.variant(10, n);
    if !terms.is_empty() {
        let terms = list(terms);
        let (covers, gives) = if current {
            ("covers", "gives")
        } else {
            ("covered", "gave")
        };
        sentences.push(match choice {
            0 => format!("In my role as {as_at}, my work {covers} {terms}."),
            1 => format!("As {as_at}, I built hands-on experience with {terms}."),
            _ => format!("My time as {as_at} {gives} me daily practice in {terms}."),
        });
    } else {
        let since = year(&e.start_date);
        let until = if current {
            None
        } else {
            e.end_date.as_deref().and_then(year)
        };
        let span = match (since, until) {
            (Some(s), Some(u)) if s != u => format!(" from {s} to {u}"),
            (Some(s), None) if current => format!(" since {s}"),
            _ => String::new(),
        };
        let verb = if current { "have worked" } else { "worked" };
        sentences.push(match choice {
            0 | 1 => format!("I {verb} as {as_at}{span}."),
            _ => format!("My experience includes my role as {as_at}{span}."),
        });
    }
    let sentences_wanted = if voice.ample { 2 } else { 1 };
    if let Some(description) = e.best_description() {
        sentences.extend(
            first_sentences(description, sentences_wanted)
                .iter()
                .map(|s| in_first_person(s, current)),
        );
    }
    let achievements_wanted = if voice.brief { 1 } else { 2 };
    let term_keys: Vec<String> = terms.iter().map(|t| text::key(t)).collect();
    let mut ordered: Vec<&String> = e
        .achievements
        .iter()
        .filter(|a| {
            let a = text::key(a);
            term_keys.iter().any(|t| text::has_word(&a, t))
        })
        .collect();
    for a in &e.achievements {
        if !ordered.contains(&a) {
            ordered.push(a);
        }
    }
    let mut said = 0;
    for a in ordered {
        if said == achievements_wanted {
            break;
        }
        if let Some(s) = achievement_sentence(a, said, voice) {
            sentences.push(s);
            said += 1;
        }
    }
    voice.say(sentences.join(" "))
}

fn project_paragraph(p: &Project, terms: &[String], n: u64, voice: &Voice) -> String {
    let name = fragment(&p.name).unwrap_or_default();
    let mut sentences = Vec::new();
    let choice = voice.variant(20, n);
    if !terms.is_empty() {
        let terms = list(terms);
        sentences.push(match choice {
            0 => format!("I also put {terms} into practice in my project {name}."),
            1 => format!("Outside my roles, my project {name} drew on {terms}."),
            _ => format!("My project {name} is relevant too, as it involved {terms}."),
        });
    } else {
        sentences.push(match choice {
            0 | 1 => format!("Outside my roles, I worked on a project called {name}."),
            _ => format!("My project {name} is relevant too."),
        });
    }
    if let Some(description) = p.best_description() {
        sentences.extend(
            first_sentences(description, if voice.ample { 2 } else { 1 })
                .iter()
                .map(|s| project_sentence(s, &name)),
        );
    }
    let technologies: Vec<String> = p
        .technologies
        .iter()
        .filter_map(|t| fragment(t))
        .take(4)
        .collect();
    if !technologies.is_empty() {
        sentences.push(format!("It uses {}.", list(&technologies)));
    }
    voice.say(sentences.join(" "))
}

/// The middle of a letter for a profile without experiences or projects.
fn general_paragraph(profile: &Profile, job: &Job, names: &Names, voice: &Voice) -> String {
    let mut sentences = Vec::new();
    if let Some(summary) = profile.best_summary() {
        sentences.extend(first_sentences(summary, 2));
    }
    let skills = matching_first(&profile.skills.technical, job, 4);
    if !skills.is_empty() {
        sentences.push(format!("My skills include {}.", list(&skills)));
    }
    let soft = matching_first(&profile.skills.soft, job, 3);
    if !soft.is_empty() {
        sentences.push(format!("I also bring {}.", list(&soft).to_lowercase()));
    }
    if sentences.is_empty() {
        let role = names.the_role("role");
        sentences.push(match voice.pick(30, 2) {
            0 => format!("I would bring care, reliability and a readiness to learn to {role}."),
            _ => format!("I am ready to learn quickly and to give {role} my full attention."),
        });
    }
    voice.say(sentences.join(" "))
}

/// Further skills, education and certifications that match the job, when there are any.
fn extra_paragraph(profile: &Profile, job: &Job, used: &[String], voice: &Voice) -> Option<String> {
    let mut sentences = Vec::new();
    let skills: Vec<String> = matching_first(&profile.skills.technical, job, 8)
        .into_iter()
        .filter(|s| !used.contains(&text::key(s)))
        .filter(|s| wanted(s, job))
        .take(4)
        .collect();
    if !skills.is_empty() {
        sentences.push(format!("Beyond these roles, I bring {}.", list(&skills)));
    }
    if let Some(e) = profile.education.first() {
        let degree = fragment(&e.degree);
        let field = fragment(&e.field_of_study);
        let institution = fragment(&e.institution);
        let what = match (degree, field) {
            (Some(d), Some(f)) => Some(format!("{d} in {f}")),
            (Some(d), None) => Some(d),
            (None, Some(f)) => Some(format!("studies in {f}")),
            (None, None) => None,
        };
        if let Some(what) = what {
            sentences.push(match institution {
                Some(i) => format!("My education includes a {what} from {i}."),
                None => format!("My education includes a {what}."),
            });
        }
    }
    let certifications: Vec<String> = profile
        .skills
        .certifications
        .iter()
        .filter_map(|c| fragment(&c.name))
        .take(2)
        .collect();
    if !certifications.is_empty() {
        sentences.push(format!("I also hold {}.", list(&certifications)));
    }
    // A paragraph of education alone adds little to a letter; skills must lead it.
    (!skills.is_empty()).then(|| voice.say(sentences.join(" ")))
}

/// Whether the job names `skill` in its keywords or requirements.
fn wanted(skill: &str, job: &Job) -> bool {
    let key = text::key(skill);
    job.keywords
        .iter()
        .chain(&job.requirements)
        .any(|k| text::has_word(&text::key(k), &key))
}

/// Up to `n` of `skills`, the ones the job names first.
fn matching_first(skills: &[String], job: &Job, n: usize) -> Vec<String> {
    let mut out: Vec<String> = skills
        .iter()
        .filter(|s| wanted(s, job))
        .filter_map(|s| fragment(s))
        .collect();
    for s in skills {
        if let Some(s) = fragment(s)
            && !out.iter().any(|o| text::key(o) == text::key(&s))
        {
            out.push(s);
        }
    }
    out.truncate(n);
    out
}

fn closing(profile: &Profile, names: &Names, voice: &Voice) -> String {
    let company = names.company_or_team();
    let mut s = match (voice.register, voice.pick(40, 2)) {
        (Register::Formal, 0) => format!(
            "Thank you for considering my application. I would welcome the opportunity to discuss how my experience could support {company}."
        ),
        (Register::Formal, _) => format!(
            "Thank you for your time and consideration. I would be glad to discuss how I could contribute to {company}."
        ),
        (Register::Neutral, 0) => format!(
            "Thank you for your time. I would be glad to talk about how I could contribute to {company}."
        ),
        (Register::Neutral, _) => format!(
            "Thank you for reading my application. I would welcome a conversation about how I could help {company}."
        ),
        (Register::Conversational, 0) => {
            format!("Thanks for reading. I would love to talk about how I could help {company}.")
        }
        (Register::Conversational, _) => format!(
            "Thanks for your time. I would be happy to chat about what I could bring to {company}."
        ),
    };
    let email = fragment(&profile.personal.email);
    let phone = profile.personal.phone.as_deref().and_then(fragment);
    match (email, phone) {
        (Some(e), Some(p)) => s.push_str(&format!(" I can be reached at {e} or {p}.")),
        (Some(e), None) => s.push_str(&format!(" I can be reached at {e}.")),
        (None, Some(p)) => s.push_str(&format!(" I can be reached at {p}.")),
        (None, None) => {}
    }
    voice.say(s)
}

/// A body paragraph as printed: stock phrases removed, on one line, and (as a last guard)
/// without any placeholder.
fn clean_paragraph(paragraph: &str) -> String {
    let one_line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let scrubbed = scrub_stock_phrases(&one_line);
    if placeholders(&scrubbed).is_empty() {
        scrubbed
    } else {
        without_placeholders(&scrubbed)
    }
}

#[cfg(test)]
mod tests;
