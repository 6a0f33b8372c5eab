//! Ranks a profile's experiences, projects, bullets and skills against a job.
//!
//! # How an item is scored
//!
//! The job is read once ([`job`]) into two kinds of weighted terms, each weighing as much as
//! the strongest part of the posting that names it:
//!
//! * **skills** of the vocabulary (aliases folded): title and required lines 3, preferred
//!   lines 2, responsibilities 1.5, the posting's keywords and description 1; soft skills
//!   half that;
//! * **content words** (stop-words removed, stemmed): title 3, required 2, preferred and
//!   responsibilities 1.5, the rest 1. These carry the trades the vocabulary does not know
//!   (a sous chef's "line", "menu" and "inventory", a nurse's "ICU" and "precept").
//!
//! Each item (an experience or a project) then gets three signals, each in [0, 1]:
//!
//! * **skill coverage**: the share of the job's skill weight the item names, square-rooted
//!   so that covering a third of a long list still counts;
//! * **lexical similarity**: BM25 of the job's words over the items as the corpus (a word
//!   every item has tells little), the item's title counting double, relative to the best
//!   item;
//! * **title similarity** ([`title`]): the job title against the item's title, by stems and
//!   trade families.
//!
//! Relevance is their weighted sum ([`WEIGHTS`]); a job whose text names no vocabulary skill
//! shares the skill weight out to the other two. A mild recency factor then multiplies it:
//! from 1 for a current role down to 0.9 for one long over (0.95 when unknown), so a recent
//! role beats an identical old one, but recency never outweighs a real difference in
//! relevance.
//!
//! Bullets are scored the same way within the profile's bullets (skills and words, no
//! title), and the profile's skills by the weight the job gives them. Every list is sorted
//! best first with ties in input order, and nothing is dropped. Same input, same output: maps
//! are only looked up, never iterated into a result.

mod job;
mod title;
mod types;

use std::collections::HashMap;

pub use types::*;

use self::job::{JobModel, Source};
use crate::terms;

/// Weights of skill coverage, lexical similarity and title similarity in an item's relevance.
pub const WEIGHTS: [f64; 3] = [0.35, 0.40, 0.25];

/// BM25 saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.5;

/// How much of the score recency may take away.
const RECENCY_SHARE: f64 = 0.1;
/// Months over which recency halves, roughly.
const RECENCY_SCALE: f64 = 48.0;

/// Field weights of an item's text in its term frequencies.
const TITLE_FIELD: f64 = 2.0;
const ORGANISATION_FIELD: f64 = 0.5;

/// Evidence lists at most this many qualification lines and words.
const MAX_QUALIFICATIONS: usize = 4;
const MAX_WORDS: usize = 6;
const QUOTE_CHARS: usize = 90;

/// Ranks every experience, project, bullet and skill of `profile` against `job`, best first.
/// Never drops an item; scores are in [0, 1]; deterministic.
#[must_use]
pub fn rank(job: &Job, profile: &Profile) -> Ranking {
    let model = JobModel::new(job);
    let items: Vec<&Item> = profile
        .experiences
        .iter()
        .chain(&profile.projects)
        .collect();
    let docs: Vec<Doc> = items
        .iter()
        .map(|item| Doc::of_item(item, &model))
        .collect();
    let bullet_docs: Vec<Vec<Doc>> = items
        .iter()
        .map(|item| {
            item.bullets
                .iter()
                .map(|b| Doc::of_text(&b.text, &model))
                .collect()
        })
        .collect();
    let idf = idf(&model, &docs);

    let lexical_raw: Vec<f64> = docs.iter().map(|d| bm25(d, &docs, &idf)).collect();
    let lexical_max = lexical_raw.iter().copied().fold(0.0, f64::max);
    let all_bullets: Vec<&Doc> = bullet_docs.iter().flatten().collect();
    let bullet_avg = average_len(all_bullets.iter().copied());
    let bullet_raw: Vec<Vec<f64>> = bullet_docs
        .iter()
        .map(|docs| {
            docs.iter()
                .map(|d| bm25_with(d, bullet_avg, &idf))
                .collect()
        })
        .collect();
    let bullet_max = bullet_raw.iter().flatten().copied().fold(0.0, f64::max);

    let weights = effective_weights(&model);
    let mut ranked: Vec<RankedItem> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let doc = &docs[i];
            let coverage = coverage(doc, &model);
            let lexical = ratio(lexical_raw[i], lexical_max);
            let title = if model.title.is_empty() {
                0.0
            } else {
                model.title.similarity(&item.title)
            };
            let relevance =
                weights[0] * coverage.sqrt() + weights[1] * lexical + weights[2] * title;
            let score = unit(relevance * recency(item.months_since_end));
            let bullets = rank_bullets(
                item,
                &bullet_docs[i],
                &bullet_raw[i],
                bullet_max,
                &model,
                &idf,
            );
            RankedItem {
                id: item.id.clone(),
                score,
                evidence: item_evidence(item, doc, title, &model, &idf),
                bullets,
            }
        })
        .collect();
    let projects = ranked.split_off(profile.experiences.len());
    let mut experiences = ranked;
    let mut projects = projects;
    sort_best_first(&mut experiences, |r| r.score);
    sort_best_first(&mut projects, |r| r.score);

    Ranking {
        experiences,
        projects,
        skills: rank_skills(&profile.skills, &model),
        keyword_matches: keyword_matches(profile, &model),
    }
}

/// An item's or bullet's text, as far as the job's terms go.
#[derive(Debug, Clone, Default)]
struct Doc {
    /// Job term index → weighted frequency, in order of first occurrence.
    tf: Vec<(usize, f64)>,
    /// Weighted count of all content words.
    len: f64,
    /// Vocabulary skills named, without repeats, in order.
    skills: Vec<&'static str>,
}

impl Doc {
    fn of_item(item: &Item, model: &JobModel) -> Self {
        let mut doc = Self::default();
        doc.add_words(&item.title, TITLE_FIELD, model);
        doc.add_words(&item.organisation, ORGANISATION_FIELD, model);
        doc.add_words(&item.description, 1.0, model);
        for bullet in &item.bullets {
            doc.add_words(&bullet.text, 1.0, model);
        }
        for skill in &item.skills {
            doc.add_words(skill, 1.0, model);
        }
        doc.add_skills(&item.title);
        doc.add_skills(&item.description);
        for bullet in &item.bullets {
            doc.add_skills(&bullet.text);
        }
        for skill in &item.skills {
            if let Some(hit) = terms::canonical_skill(skill) {
                doc.push_skill(hit.name);
            }
        }
        doc
    }

    fn of_text(text: &str, model: &JobModel) -> Self {
        let mut doc = Self::default();
        doc.add_words(text, 1.0, model);
        doc.add_skills(text);
        doc
    }

    fn add_words(&mut self, text: &str, weight: f64, model: &JobModel) {
        for word in terms::content_words(text) {
            self.len += weight;
            if let Some(&term) = model.term_index.get(&word.stem) {
                match self.tf.iter_mut().find(|(t, _)| *t == term) {
                    Some((_, f)) => *f += weight,
                    None => self.tf.push((term, weight)),
                }
            }
        }
    }

    fn add_skills(&mut self, text: &str) {
        for hit in terms::skills_in(text) {
            self.push_skill(hit.name);
        }
    }

    fn push_skill(&mut self, name: &'static str) {
        if !self.skills.contains(&name) {
            self.skills.push(name);
        }
    }

    fn has_term(&self, term: usize) -> bool {
        self.tf.iter().any(|&(t, _)| t == term)
    }
}

/// BM25 inverse document frequency of each job term over the items, always positive.
fn idf(model: &JobModel, docs: &[Doc]) -> Vec<f64> {
    let mut df = vec![0_u32; model.terms.len()];
    for doc in docs {
        for &(term, _) in &doc.tf {
            df[term] += 1;
        }
    }
    let n = f64::from(u32::try_from(docs.len()).unwrap_or(u32::MAX));
    df.into_iter()
        .map(|df| {
            let df = f64::from(df);
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        })
        .collect()
}

fn average_len<'a>(docs: impl Iterator<Item = &'a Doc>) -> f64 {
    let (sum, count) = docs.fold((0.0, 0.0), |(s, c), d| (s + d.len, c + 1.0));
    if count > 0.0 { sum / count } else { 0.0 }
}

fn bm25(doc: &Doc, corpus: &[Doc], idf: &[f64]) -> f64 {
    bm25_with(doc, average_len(corpus.iter()), idf)
}

fn bm25_with(doc: &Doc, average: f64, idf: &[f64]) -> f64 {
    bm25_terms(doc, average, idf).map(|(_, s)| s).sum()
}

/// Each matched job term's BM25 contribution (job weight included), in document order.
fn bm25_terms<'a>(
    doc: &'a Doc,
    average: f64,
    idf: &'a [f64],
) -> impl Iterator<Item = (usize, f64)> + 'a {
    let norm = if average > 0.0 {
        1.0 - B + B * doc.len / average
    } else {
        1.0
    };
    doc.tf.iter().map(move |&(term, tf)| {
        let saturated = tf * (K1 + 1.0) / (tf + K1 * norm);
        (term, idf[term] * saturated)
    })
}

/// The share of the job's skill weight a document names.
fn coverage(doc: &Doc, model: &JobModel) -> f64 {
    if model.skill_total <= 0.0 {
        return 0.0;
    }
    let covered: f64 = doc
        .skills
        .iter()
        .filter_map(|name| model.skill_index.get(name))
        .map(|&i| model.skills[i].weight)
        .sum();
    unit(covered / model.skill_total)
}

/// The component weights for this job: without vocabulary skills, the skill share goes to
/// the other two in proportion.
fn effective_weights(model: &JobModel) -> [f64; 3] {
    let [skill, lexical, title] = WEIGHTS;
    let has_skills = model.skill_total > 0.0;
    let has_title = !model.title.is_empty();
    let parts = [
        if has_skills { skill } else { 0.0 },
        lexical,
        if has_title { title } else { 0.0 },
    ];
    let sum: f64 = parts.iter().sum();
    parts.map(|p| p / sum)
}

fn recency(months: Option<u32>) -> f64 {
    let fresh = months.map_or(0.5, |m| (-f64::from(m) / RECENCY_SCALE).exp());
    1.0 - RECENCY_SHARE + RECENCY_SHARE * fresh
}

fn ratio(value: f64, max: f64) -> f64 {
    if max > 0.0 { unit(value / max) } else { 0.0 }
}

/// `value` clamped to [0, 1], with anything not finite read as 0.
fn unit(value: f64) -> f64 {
    if value.is_finite() {
        // `+ 0.0` turns a negative zero (an empty float sum) into zero.
        value.clamp(0.0, 1.0) + 0.0
    } else {
        0.0
    }
}

/// Stable sort by score, best first: ties keep input order.
fn sort_best_first<T>(items: &mut [T], score: impl Fn(&T) -> f64) {
    items.sort_by(|a, b| score(b).total_cmp(&score(a)));
}

fn rank_bullets(
    item: &Item,
    docs: &[Doc],
    raw: &[f64],
    max: f64,
    model: &JobModel,
    idf: &[f64],
) -> Vec<RankedBullet> {
    let has_skills = model.skill_total > 0.0;
    let mut bullets: Vec<RankedBullet> = item
        .bullets
        .iter()
        .zip(docs.iter().zip(raw))
        .map(|(bullet, (doc, &raw))| {
            let lexical = ratio(raw, max);
            let score = if has_skills {
                0.5 * coverage(doc, model).sqrt() + 0.5 * lexical
            } else {
                lexical
            };
            RankedBullet {
                id: bullet.id.clone(),
                score: unit(score),
                evidence: match_evidence(doc, model, idf),
            }
        })
        .collect();
    sort_best_first(&mut bullets, |b| b.score);
    bullets
}

/// Evidence of an item: its title, the qualification lines it meets, then its skills and
/// words.
fn item_evidence(item: &Item, doc: &Doc, title: f64, model: &JobModel, idf: &[f64]) -> Vec<String> {
    let mut evidence = Vec::new();
    if title >= 0.3 {
        evidence.push(format!(
            "title \"{}\" is close to \"{}\"",
            quote(&item.title),
            quote(model.title_text())
        ));
    }
    let met = model
        .qualifications
        .iter()
        .filter(|q| meets(doc, q))
        .take(MAX_QUALIFICATIONS);
    for qualification in met {
        evidence.push(format!(
            "meets {}: \"{}\"",
            qualification.source.label(),
            quote(&qualification.text)
        ));
    }
    evidence.extend(match_evidence(doc, model, idf));
    evidence
}

/// Whether a document meets a qualification line: it names one of the line's skills, or at
/// least half of the line's words (two at least, when the line has two).
fn meets(doc: &Doc, qualification: &job::Qualification) -> bool {
    if qualification.skills.iter().any(|s| doc.skills.contains(s)) {
        return true;
    }
    let words = qualification.terms.len();
    let matched = qualification
        .terms
        .iter()
        .filter(|&&t| doc.has_term(t))
        .count();
    words > 0 && matched * 2 >= words && matched >= words.min(2)
}

/// "required skills: python, sql", "preferred skills: ...", "posting words: menu, kitchen".
fn match_evidence(doc: &Doc, model: &JobModel, idf: &[f64]) -> Vec<String> {
    let mut evidence = Vec::new();
    let mut by_source: Vec<(Source, Vec<&str>)> = Vec::new();
    let mut matched: Vec<&job::JobSkill> = doc
        .skills
        .iter()
        .filter_map(|name| model.skill_index.get(name))
        .map(|&i| &model.skills[i])
        .collect();
    matched.sort_by_key(|s| s.source);
    for skill in matched {
        let source = match skill.source {
            Source::Title | Source::Required => Source::Required,
            Source::Preferred => Source::Preferred,
            _ => Source::Description,
        };
        match by_source.iter_mut().find(|(s, _)| *s == source) {
            Some((_, names)) => names.push(skill.name),
            None => by_source.push((source, vec![skill.name])),
        }
    }
    for (source, names) in by_source {
        let label = match source {
            Source::Required => "required skills",
            Source::Preferred => "preferred skills",
            _ => "other job skills",
        };
        evidence.push(format!("{label}: {}", names.join(", ")));
    }
    let mut words: Vec<(usize, f64)> = bm25_terms(doc, doc.len.max(1.0), idf)
        .map(|(t, s)| (t, s * model.terms[t].weight))
        .collect();
    words.sort_by(|a, b| b.1.total_cmp(&a.1));
    let words: Vec<&str> = words
        .iter()
        .take(MAX_WORDS)
        .map(|&(t, _)| model.terms[t].surface.as_str())
        .collect();
    if !words.is_empty() {
        evidence.push(format!("posting words: {}", words.join(", ")));
    }
    evidence
}

fn quote(text: &str) -> &str {
    tailor_text::truncate_words(text.trim(), QUOTE_CHARS)
}

/// The profile's skills by the weight the job gives them (as vocabulary skills, or failing
/// that as words of the posting).
fn rank_skills(skills: &[String], model: &JobModel) -> Vec<RankedSkill> {
    let max_skill = model.skills.iter().map(|s| s.weight).fold(0.0, f64::max);
    let max_term = model.terms.iter().map(|t| t.weight).fold(0.0, f64::max);
    let mut ranked: Vec<RankedSkill> = skills
        .iter()
        .map(|name| {
            let mut score = 0.0;
            let mut evidence = Vec::new();
            if let Some(hit) = terms::canonical_skill(name)
                && let Some(&i) = model.skill_index.get(hit.name)
            {
                let skill = &model.skills[i];
                score = ratio(skill.weight, max_skill);
                evidence.push(format!("{} ({})", skill.name, skill.source.label()));
            }
            let words = terms::content_words(name);
            if score == 0.0 && !words.is_empty() {
                let found: Vec<(&str, f64)> = words
                    .iter()
                    .filter_map(|w| model.term_index.get(&w.stem))
                    .map(|&t| (model.terms[t].surface.as_str(), model.terms[t].weight))
                    .collect();
                if !found.is_empty() {
                    let share = found.len() as f64 / words.len() as f64;
                    let weight = found.iter().map(|(_, w)| w).sum::<f64>() / found.len() as f64;
                    // Words are weaker evidence than a named skill.
                    score = 0.8 * share * ratio(weight, max_term);
                    let names: Vec<&str> = found.iter().map(|(s, _)| *s).collect();
                    evidence.push(format!("posting words: {}", names.join(", ")));
                }
            }
            RankedSkill {
                name: name.clone(),
                score: unit(score),
                evidence,
            }
        })
        .collect();
    sort_best_first(&mut ranked, |s| s.score);
    ranked
}

/// How many times the profile's text names each job keyword (aliases count for vocabulary
/// skills; other keywords as whole words, in any case).
fn keyword_matches(profile: &Profile, model: &JobModel) -> Vec<KeywordMatch> {
    if model.keywords.is_empty() {
        return Vec::new();
    }
    let text = profile_text(profile);
    let found: HashMap<&str, usize> = terms::skills_in(&text)
        .into_iter()
        .map(|hit| (hit.name, hit.count))
        .collect();
    let key = tailor_text::key(&text);
    model
        .keywords
        .iter()
        .map(|(keyword, canonical)| KeywordMatch {
            keyword: keyword.clone(),
            count: match canonical {
                Some(name) => found.get(name).copied().unwrap_or(0),
                None => terms::count_phrase(&key, keyword),
            },
        })
        .collect()
}

/// All of the profile's text, one field a line.
#[must_use]
pub fn profile_text(profile: &Profile) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for item in profile.experiences.iter().chain(&profile.projects) {
        lines.push(&item.title);
        lines.push(&item.organisation);
        lines.push(&item.description);
        lines.extend(item.bullets.iter().map(|b| b.text.as_str()));
        lines.extend(item.skills.iter().map(String::as_str));
    }
    lines.extend(profile.skills.iter().map(String::as_str));
    lines.retain(|l| !l.trim().is_empty());
    lines.join("\n")
}

#[cfg(test)]
mod tests;
