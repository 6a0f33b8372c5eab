//! The steps a language model may write: a cover letter, and stronger wordings for
//! enhancement. Personal data leaves as placeholders and comes back in the answer; every
//! answer is checked (placeholders, stock phrases, facts the source does not state) and
//! anything unusable falls back to the offline composer.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Deserialize;
use serde_json::{Value, json};

use super::GenerationService;
use crate::generation::prompts::{
    self, EnhancePrompt, EnhanceSection, LetterEvidence, LetterPrompt, PROMPT_VERSION,
};
use crate::generation::redact::{NAME, Redactor};
use crate::generation::{ContentRanking, ModelMetadata};
use crate::job::Job;
use crate::ports::{
    ChatMessage, ChatRequest, ChatResponse, Composed, KnownNames, LanguageModel, LetterOptions,
    ModelPurpose, ResponseFormat,
};
use crate::profile::Profile;
use crate::sample::WritingStyle;
use crate::usage::Feature;

/// The system message of every request.
const SYSTEM: &str = "You are a careful career writer. You only state facts you are given.";
/// How many requirements and pieces of evidence a letter prompt carries.
const LETTER_REQUIREMENTS: usize = 8;
/// How a letter or prompt names a company the posting does not name.
pub(crate) const UNNAMED_COMPANY: &str = "your organisation";
const LETTER_EVIDENCE: usize = 3;
const LETTER_POINTS: usize = 3;

/// What a model's cover letter is written from.
pub(super) struct LetterInputs<'a> {
    pub profile: &'a Profile,
    pub job: &'a Job,
    pub ranking: &'a ContentRanking,
    pub style: Option<&'a WritingStyle>,
    pub options: &'a LetterOptions,
}

/// One text an enhancement asks for: where it goes and what it says.
pub(super) struct EnhanceText {
    pub kind: &'static str,
    pub text: String,
}

impl GenerationService {
    /// A cover letter written by `model`, checked, in the offline letter's structure; the
    /// reason it cannot be used otherwise.
    pub(super) async fn model_letter(
        &self,
        model: &dyn LanguageModel,
        inputs: &LetterInputs<'_>,
        offline: &Composed,
        started: Instant,
    ) -> Result<(Composed, ModelMetadata), String> {
        let deadline = self.model_time(started)?;
        let mut redactor = Redactor::for_profile(inputs.profile);
        let prompt = letter_prompt(inputs, &mut redactor);
        let text = prompts::cover_letter(&prompt).map_err(|e| format!("prompt: {e}"))?;
        let user = inputs.profile.user_id;
        let response = self
            .ask(
                model,
                user,
                Feature::CoverLetter,
                ChatRequest {
                    purpose: ModelPurpose::Quality,
                    messages: vec![ChatMessage::system(SYSTEM), ChatMessage::user(text)],
                    format: ResponseFormat::Text,
                    temperature: 0.7,
                    max_tokens: 1200,
                    deadline: Some(deadline),
                },
            )
            .await
            .map_err(|e| e.kind().to_owned())?;
        let composer = &self.ports.composer;
        let letter = composer.scrub(&redactor.restore(&response.text));
        let letter = letter.trim().to_owned();
        if letter.is_empty() {
            return Err("the answer was empty".to_owned());
        }
        let left = composer.placeholders(&letter);
        if !left.is_empty() {
            return Err(format!("{} placeholders left in the answer", left.len()));
        }
        let paragraphs: Vec<String> = letter
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        // Greeting and sign-off besides the body.
        let most = inputs.options.max_paragraphs as usize + 3;
        if paragraphs.len() > most {
            return Err(format!(
                "{} paragraphs, more than {} asked for",
                paragraphs.len(),
                inputs.options.max_paragraphs
            ));
        }
        let structured = letter_structure(&offline.structured, &paragraphs)
            .map_err(|e| format!("structure: {e}"))?;
        Ok((
            Composed {
                text: paragraphs.join("\n\n"),
                structured,
            },
            model_metadata(&response),
        ))
    }

    /// Stronger wordings of `texts` (in order) by `model`; a text whose rewrite adds a fact,
    /// leaves a placeholder or is missing is `None`. The reason when the call failed.
    pub(super) async fn model_enhancements(
        &self,
        model: &dyn LanguageModel,
        profile: &Profile,
        style: Option<&WritingStyle>,
        texts: &[EnhanceText],
        started: Instant,
    ) -> Result<(Vec<Option<String>>, ModelMetadata), String> {
        let deadline = self.model_time(started)?;
        let mut redactor = Redactor::for_profile(profile);
        let prompt = EnhancePrompt {
            tone: style.map(|s| s.formality.level.clone()),
            sections: texts
                .iter()
                .enumerate()
                .map(|(i, t)| EnhanceSection {
                    number: i + 1,
                    kind: t.kind,
                    text: redactor.redact(&t.text),
                })
                .collect(),
        };
        let text = prompts::enhance(&prompt).map_err(|e| format!("prompt: {e}"))?;
        let response = self
            .ask(
                model,
                profile.user_id,
                Feature::Enhancement,
                ChatRequest {
                    purpose: ModelPurpose::Quality,
                    messages: vec![ChatMessage::system(SYSTEM), ChatMessage::user(text)],
                    format: ResponseFormat::Json {
                        name: "enhanced_sections".to_owned(),
                        schema: enhance_schema(),
                    },
                    temperature: 0.3,
                    max_tokens: 4000,
                    deadline: Some(deadline),
                },
            )
            .await
            .map_err(|e| e.kind().to_owned())?;
        let answer: EnhanceAnswer =
            serde_json::from_str(&response.text).map_err(|e| format!("answer: {e}"))?;
        let by_number: BTreeMap<usize, String> = answer
            .sections
            .into_iter()
            .map(|s| (s.section_number, s.enhanced_text))
            .collect();
        let known = known_names(profile);
        let composer = &self.ports.composer;
        let rewrites = texts
            .iter()
            .enumerate()
            .map(|(i, source)| {
                let rewrite = by_number.get(&(i + 1))?;
                let rewrite = composer.scrub(&redactor.restore(rewrite)).trim().to_owned();
                let added = composer.introduced_facts(&source.text, &rewrite, &known);
                if rewrite.is_empty()
                    || rewrite == source.text
                    || !composer.placeholders(&rewrite).is_empty()
                    || !added.is_empty()
                {
                    if !added.is_empty() {
                        tracing::info!(
                            facts = added.len(),
                            "a model rewrite added facts; not used"
                        );
                    }
                    return None;
                }
                Some(rewrite)
            })
            .collect();
        Ok((rewrites, model_metadata(&response)))
    }
}

#[derive(Deserialize)]
struct EnhanceAnswer {
    sections: Vec<EnhancedSection>,
}

#[derive(Deserialize)]
struct EnhancedSection {
    section_number: usize,
    enhanced_text: String,
}

fn enhance_schema() -> Value {
    json!({
        "type": "object",
        "required": ["sections"],
        "properties": {
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["section_number", "enhanced_text"],
                    "properties": {
                        "section_number": {"type": "integer", "minimum": 1},
                        "enhanced_text": {"type": "string"}
                    }
                }
            }
        }
    })
}

/// The profile's companies, titles and skills, for the fact check.
fn known_names(profile: &Profile) -> KnownNames {
    KnownNames {
        companies: profile
            .experiences
            .iter()
            .map(|e| e.company.clone())
            .collect(),
        titles: profile
            .experiences
            .iter()
            .map(|e| e.title.clone())
            .collect(),
        skills: profile
            .skills
            .technical
            .iter()
            .chain(&profile.skills.soft)
            .cloned()
            .collect(),
    }
}

fn model_metadata(response: &ChatResponse) -> ModelMetadata {
    ModelMetadata {
        model: response.model.clone(),
        tokens: response.usage.total(),
        processing_time: response.latency.as_secs_f64(),
        prompt_version: PROMPT_VERSION.to_owned(),
        fallback: None,
    }
}

/// The letter prompt, every personal value redacted.
fn letter_prompt(inputs: &LetterInputs<'_>, redactor: &mut Redactor) -> LetterPrompt {
    let profile = inputs.profile;
    let evidence = inputs
        .ranking
        .experiences
        .iter()
        .take(LETTER_EVIDENCE)
        .filter_map(|ranked| {
            let e = profile.experiences.iter().find(|e| e.id == ranked.id)?;
            let description = e
                .enhanced_description
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .or(e.description.as_deref())
                .unwrap_or_default();
            Some(LetterEvidence {
                title: redactor.redact(&e.title),
                organisation: redactor.redact(&e.company),
                matched: ranked.evidence.iter().take(4).cloned().collect(),
                description: redactor.redact(description),
                points: e
                    .achievements
                    .iter()
                    .take(LETTER_POINTS)
                    .map(|a| redactor.redact(a))
                    .collect(),
            })
        })
        .collect();
    let company = inputs
        .options
        .company_name
        .clone()
        .or_else(|| inputs.job.company.clone())
        .unwrap_or_else(|| UNNAMED_COMPANY.to_owned());
    let greeting = match &inputs.options.hiring_manager_name {
        Some(name) => format!("Dear {},", redactor.redact(name)),
        None => "Dear Hiring Manager,".to_owned(),
    };
    LetterPrompt {
        role: inputs.job.title.clone(),
        company,
        name: NAME.to_owned(),
        requirements: inputs
            .job
            .requirements
            .iter()
            .chain(&inputs.job.preferred_requirements)
            .take(LETTER_REQUIREMENTS)
            .map(|r| redactor.redact(r))
            .collect(),
        evidence,
        tone: inputs
            .style
            .map_or_else(|| "professional".to_owned(), |s| s.formality.level.clone()),
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        sentence_length: inputs
            .style
            .map(|s| s.sentence_length_mean.round().clamp(8.0, 30.0) as u32),
        greeting,
        max_paragraphs: inputs.options.max_paragraphs,
    }
}

/// The offline letter's structured content with `paragraphs` in place of its own.
fn letter_structure(offline: &str, paragraphs: &[String]) -> Result<String, serde_json::Error> {
    let mut structured: Value = serde_json::from_str(offline)?;
    if let Some(section) = structured
        .get_mut("sections")
        .and_then(|s| s.get_mut(0))
        .and_then(Value::as_object_mut)
    {
        section.insert("paragraphs".to_owned(), json!(paragraphs));
    }
    if let Some(meta) = structured
        .get_mut("metadata")
        .and_then(Value::as_object_mut)
    {
        let words: usize = paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        meta.insert("word_count".to_owned(), json!(words));
        meta.insert("paragraph_count".to_owned(), json!(paragraphs.len()));
        meta.insert(
            "body_paragraph_count".to_owned(),
            json!(paragraphs.len().saturating_sub(2)),
        );
    }
    serde_json::to_string(&structured)
}

/// Scores closer than this to the first of their group are near-ties a model may reorder.
pub(super) const NEAR_TIE: f64 = 0.05;

#[derive(Deserialize)]
struct RankingAnswer {
    order: Vec<usize>,
    rationale: String,
}

fn ranking_schema() -> Value {
    json!({
        "type": "object",
        "required": ["order", "rationale"],
        "properties": {
            "order": {"type": "array", "items": {"type": "integer", "minimum": 1}},
            "rationale": {"type": "string"}
        }
    })
}

impl GenerationService {
    /// The ranking with near-ties in the order `model` prefers and its written rationale;
    /// the reason it cannot be used otherwise. Scores never change, nothing is dropped, and
    /// an item the model leaves out keeps its place among its ties.
    pub(super) async fn model_ranking(
        &self,
        model: &dyn LanguageModel,
        profile: &Profile,
        job: &Job,
        content: &ContentRanking,
        started: Instant,
    ) -> Result<(ContentRanking, String, ModelMetadata), String> {
        let deadline = self.model_time(started)?;
        let mut redactor = Redactor::for_profile(profile);
        // Experiences then projects, numbered from 1 in that order.
        let items: Vec<&crate::generation::RankedItem> = content
            .experiences
            .iter()
            .chain(&content.projects)
            .collect();
        if items.is_empty() {
            return Err("nothing to rank".to_owned());
        }
        let title_of = |id: &str| -> (String, String) {
            if let Some(e) = profile.experiences.iter().find(|e| e.id == id) {
                (e.title.clone(), e.company.clone())
            } else if let Some(p) = profile.projects.iter().find(|p| p.id == id) {
                (p.name.clone(), String::new())
            } else {
                (String::new(), String::new())
            }
        };
        let prompt = prompts::RankingPrompt {
            role: job.title.clone(),
            company: job
                .company
                .clone()
                .unwrap_or_else(|| UNNAMED_COMPANY.to_owned()),
            requirements: job
                .requirements
                .iter()
                .chain(&job.preferred_requirements)
                .take(LETTER_REQUIREMENTS)
                .map(|r| redactor.redact(r))
                .collect(),
            items: items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let (title, organisation) = title_of(&item.id);
                    prompts::RankingItem {
                        number: i + 1,
                        title: redactor.redact(&title),
                        organisation: redactor.redact(&organisation),
                        matched: item.evidence.iter().take(4).cloned().collect(),
                    }
                })
                .collect(),
        };
        let text = prompts::ranking(&prompt).map_err(|e| format!("prompt: {e}"))?;
        let response = self
            .ask(
                model,
                profile.user_id,
                Feature::Ranking,
                ChatRequest {
                    purpose: ModelPurpose::Fast,
                    messages: vec![ChatMessage::system(SYSTEM), ChatMessage::user(text)],
                    format: ResponseFormat::Json {
                        name: "ranking".to_owned(),
                        schema: ranking_schema(),
                    },
                    temperature: 0.3,
                    max_tokens: 1500,
                    deadline: Some(deadline),
                },
            )
            .await
            .map_err(|e| e.kind().to_owned())?;
        let answer: RankingAnswer =
            serde_json::from_str(&response.text).map_err(|e| format!("answer: {e}"))?;
        let composer = &self.ports.composer;
        let rationale = composer
            .scrub(&redactor.restore(&answer.rationale))
            .trim()
            .to_owned();
        if rationale.is_empty() || !composer.placeholders(&rationale).is_empty() {
            return Err("the rationale was empty or had placeholders".to_owned());
        }
        // The model's position of each item (by id); unlisted items after listed ones.
        let experiences = content.experiences.len();
        let position = |list_offset: usize, index: usize| -> usize {
            let number = list_offset + index + 1;
            answer
                .order
                .iter()
                .position(|&n| n == number)
                .unwrap_or(usize::MAX)
        };
        let mut ranked = content.clone();
        reorder_ties(&mut ranked.experiences, |i| position(0, i));
        reorder_ties(&mut ranked.projects, |i| position(experiences, i));
        Ok((ranked, rationale, model_metadata(&response)))
    }
}

/// Reorders each run of near-tied items (scores within [`NEAR_TIE`] of the run's first) by
/// `position` of their original index; ties of position keep their order.
pub(super) fn reorder_ties(
    items: &mut [crate::generation::RankedItem],
    position: impl Fn(usize) -> usize,
) {
    let mut start = 0;
    while start < items.len() {
        let top = items[start].score;
        let mut end = start + 1;
        while end < items.len() && top - items[end].score <= NEAR_TIE {
            end += 1;
        }
        let mut group: Vec<(usize, crate::generation::RankedItem)> = (start..end)
            .map(|i| (position(i), items[i].clone()))
            .collect();
        group.sort_by_key(|(p, _)| *p);
        for (offset, (_, item)) in group.into_iter().enumerate() {
            items[start + offset] = item;
        }
        start = end;
    }
}

/// How many job keywords the bullet prompt carries.
const BULLET_KEYWORDS: usize = 15;

#[derive(Deserialize)]
struct BulletAnswer {
    bullets: Vec<BulletRewrite>,
}

#[derive(Deserialize)]
struct BulletRewrite {
    number: usize,
    text: String,
}

fn bullet_schema() -> Value {
    json!({
        "type": "object",
        "required": ["bullets"],
        "properties": {
            "bullets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number", "text"],
                    "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "text": {"type": "string"}
                    }
                }
            }
        }
    })
}

/// A resume bullet of the structured content: where it is, what it says, what it is from.
struct PlacedBullet {
    section: usize,
    entry: usize,
    bullet: usize,
    text: String,
    context: String,
}

fn placed_bullets(structured: &Value) -> Vec<PlacedBullet> {
    let mut out = Vec::new();
    let Some(sections) = structured.get("sections").and_then(Value::as_array) else {
        return out;
    };
    for (s, section) in sections.iter().enumerate() {
        if section.get("type").and_then(Value::as_str) != Some("experience") {
            continue;
        }
        let entries = section.get("entries").and_then(Value::as_array);
        for (e, entry) in entries.into_iter().flatten().enumerate() {
            let context = format!(
                "{} at {}",
                entry
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                entry
                    .get("company")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            );
            let bullets = entry.get("bullets").and_then(Value::as_array);
            for (b, bullet) in bullets.into_iter().flatten().enumerate() {
                if let Some(text) = bullet.get("text").and_then(Value::as_str) {
                    out.push(PlacedBullet {
                        section: s,
                        entry: e,
                        bullet: b,
                        text: text.to_owned(),
                        context: context.clone(),
                    });
                }
            }
        }
    }
    out
}

impl GenerationService {
    /// The resume with its bullets rephrased toward the job's wording by `model`, each
    /// rewrite fact-checked against its bullet (a rejected one keeps the original), and how
    /// many were rephrased; `None` when the resume has no bullets. The reason the model's
    /// answer cannot be used otherwise.
    pub(super) async fn model_bullets(
        &self,
        model: &dyn LanguageModel,
        profile: &Profile,
        job: &Job,
        resume: &Composed,
        started: Instant,
    ) -> Result<Option<(Composed, ModelMetadata, usize)>, String> {
        let mut structured: Value =
            serde_json::from_str(&resume.structured).map_err(|e| format!("structure: {e}"))?;
        let placed = placed_bullets(&structured);
        if placed.is_empty() {
            return Ok(None);
        }
        let deadline = self.model_time(started)?;
        let mut redactor = Redactor::for_profile(profile);
        let prompt = prompts::BulletPrompt {
            role: job.title.clone(),
            keywords: job.keywords.iter().take(BULLET_KEYWORDS).cloned().collect(),
            bullets: placed
                .iter()
                .enumerate()
                .map(|(i, b)| prompts::BulletItem {
                    number: i + 1,
                    context: redactor.redact(&b.context),
                    text: redactor.redact(&b.text),
                })
                .collect(),
        };
        let text = prompts::bullets(&prompt).map_err(|e| format!("prompt: {e}"))?;
        let response = self
            .ask(
                model,
                profile.user_id,
                Feature::Resume,
                ChatRequest {
                    purpose: ModelPurpose::Quality,
                    messages: vec![ChatMessage::system(SYSTEM), ChatMessage::user(text)],
                    format: ResponseFormat::Json {
                        name: "bullets".to_owned(),
                        schema: bullet_schema(),
                    },
                    temperature: 0.3,
                    max_tokens: 2000,
                    deadline: Some(deadline),
                },
            )
            .await
            .map_err(|e| e.kind().to_owned())?;
        let answer: BulletAnswer =
            serde_json::from_str(&response.text).map_err(|e| format!("answer: {e}"))?;
        let known = known_names(profile);
        let composer = &self.ports.composer;
        let mut content_text = resume.text.clone();
        let mut rephrased = 0;
        for rewrite in answer.bullets {
            let Some(place) = rewrite.number.checked_sub(1).and_then(|i| placed.get(i)) else {
                continue;
            };
            let new = composer
                .scrub(&redactor.restore(&rewrite.text))
                .trim()
                .to_owned();
            if new.is_empty()
                || new == place.text
                || !composer.placeholders(&new).is_empty()
                || !composer
                    .introduced_facts(&place.text, &new, &known)
                    .is_empty()
            {
                continue;
            }
            let old_line = format!("\u{2022} {}", place.text);
            let new_line = format!("\u{2022} {new}");
            if !content_text.contains(&old_line) {
                continue;
            }
            content_text = content_text.replacen(&old_line, &new_line, 1);
            if let Some(slot) = structured.pointer_mut(&format!(
                "/sections/{}/entries/{}/bullets/{}/text",
                place.section, place.entry, place.bullet
            )) {
                *slot = Value::String(new);
            }
            rephrased += 1;
        }
        let structured =
            serde_json::to_string(&structured).map_err(|e| format!("structure: {e}"))?;
        Ok(Some((
            Composed {
                text: content_text,
                structured,
            },
            model_metadata(&response),
            rephrased,
        )))
    }
}
