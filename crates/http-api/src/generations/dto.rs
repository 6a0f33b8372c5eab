//! Generation request and response bodies (SPEC §3.5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tailor_domain::generation::{
    AtsReport, DocumentType, Generation, GenerationId, MAX_CUSTOM_PROMPT_LEN, MAX_EXPERIENCES,
    MAX_NAME_LEN, MAX_PARAGRAPHS, MAX_PROJECTS, RangeU32, Ranking, Stage, TaskEvent, TaskRequest,
};
use tailor_domain::sample::WritingStyle;
use tailor_domain::services::{Enhancement, TaskView};
use utoipa::ToSchema;

use crate::openapi::fields::DocumentTypeValue;
use crate::time::naive_iso;
use crate::validation::{FieldError, Validate, body_loc, check_bounds, check_opt_len, parse_uuid};

/// An integer option within `range`, with pydantic's bound errors.
fn check_range(errors: &mut Vec<FieldError>, field: &str, value: i64, range: RangeU32) {
    let bounds = (i64::from(range.min), i64::from(range.max));
    check_bounds(errors, body_loc(field), value, bounds, json!(value));
}

/// `custom_prompt`: accepted up to its bound, and not used.
fn check_custom_prompt(errors: &mut Vec<FieldError>, prompt: Option<&str>) {
    check_opt_len(
        errors,
        body_loc("custom_prompt"),
        prompt,
        0,
        MAX_CUSTOM_PROMPT_LEN,
    );
}

fn check_job_id(errors: &mut Vec<FieldError>, raw: &str) {
    parse_uuid(errors, body_loc("job_id"), raw);
}

/// `POST /profile/enhance`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EnhanceRequest {
    #[schema(format = Uuid)]
    pub profile_id: String,
    /// Accepted (at most 500 characters) and not used.
    #[schema(max_length = 500)]
    pub custom_prompt: Option<String>,
}

impl Validate for EnhanceRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        parse_uuid(errors, body_loc("profile_id"), &self.profile_id);
        check_custom_prompt(errors, self.custom_prompt.as_deref());
    }
}

/// What an enhancement changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnhancedSections {
    /// The new enhanced summary, or `null` when the summary was not changed.
    pub professional_summary: Option<String>,
    pub experiences_enhanced: usize,
    pub projects_enhanced: usize,
}

/// The writing style the enhancement followed (the active cover-letter sample's).
#[derive(Debug, Serialize, ToSchema)]
pub struct WritingStyleUsed {
    /// `formal`, `neutral` or `casual`.
    pub tone: String,
    /// `basic`, `intermediate` or `advanced`, from the variety of the sample's words.
    pub vocabulary_level: &'static str,
    /// `concise`, `varied` or `complex`, from the sample's sentence lengths.
    pub sentence_structure: &'static str,
    pub key_phrases: Vec<String>,
}

impl From<&WritingStyle> for WritingStyleUsed {
    fn from(style: &WritingStyle) -> Self {
        Self {
            tone: style.formality.level.clone(),
            vocabulary_level: match style.vocabulary_richness {
                r if r >= 0.7 => "advanced",
                r if r >= 0.5 => "intermediate",
                _ => "basic",
            },
            sentence_structure: match style.sentence_length_mean {
                l if l < 12.0 => "concise",
                l if l < 20.0 => "varied",
                _ => "complex",
            },
            key_phrases: style
                .phrases
                .iter()
                .take(5)
                .map(|p| p.term.clone())
                .collect(),
        }
    }
}

/// The enhancement's producer and yield.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnhanceMetadata {
    pub model: String,
    pub tokens: u32,
    /// Seconds.
    pub processing_time: f64,
    pub prompt_version: String,
    pub sections_enhanced: usize,
    pub sections_requested: usize,
    /// `sections_enhanced` of `sections_requested`, as `"75.0%"`.
    pub success_rate: String,
}

/// `POST /profile/enhance` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnhanceResponse {
    pub profile_id: String,
    /// Always `completed`.
    pub status: &'static str,
    pub enhanced_sections: EnhancedSections,
    pub writing_style_used: Option<WritingStyleUsed>,
    pub llm_metadata: EnhanceMetadata,
    pub created_at: String,
}

impl From<&Enhancement> for EnhanceResponse {
    fn from(e: &Enhancement) -> Self {
        let enhanced = usize::from(e.professional_summary.is_some())
            + e.experiences_enhanced
            + e.projects_enhanced;
        #[allow(clippy::cast_precision_loss)]
        let rate = if e.sections_requested == 0 {
            0.0
        } else {
            100.0 * enhanced as f64 / e.sections_requested as f64
        };
        Self {
            profile_id: e.profile_id.to_string(),
            status: "completed",
            enhanced_sections: EnhancedSections {
                professional_summary: e.professional_summary.clone(),
                experiences_enhanced: e.experiences_enhanced,
                projects_enhanced: e.projects_enhanced,
            },
            writing_style_used: e.style.as_ref().map(WritingStyleUsed::from),
            llm_metadata: EnhanceMetadata {
                model: e.metadata.model.clone(),
                tokens: e.metadata.tokens,
                processing_time: e.metadata.processing_time,
                prompt_version: e.metadata.prompt_version.clone(),
                sections_enhanced: enhanced,
                sections_requested: e.sections_requested,
                success_rate: format!("{rate:.1}%"),
            },
            created_at: naive_iso(e.created_at),
        }
    }
}

/// `POST /rankings/create`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RankingCreateRequest {
    #[schema(format = Uuid)]
    pub job_id: String,
    /// Accepted (at most 500 characters) and not used.
    #[schema(max_length = 500)]
    pub custom_prompt: Option<String>,
}

impl Validate for RankingCreateRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_job_id(errors, &self.job_id);
        check_custom_prompt(errors, self.custom_prompt.as_deref());
    }
}

/// An integer option: JSON Schema's `integer` (and pydantic's lax `int`) also takes a
/// number with no fractional part, such as `6.0`.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            // Larger than any bound: reported as out of range by the checks.
            Ok(i64::try_from(v).unwrap_or(i64::MAX))
        }
        #[allow(clippy::cast_possible_truncation)]
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            if v.is_finite() && v.fract() == 0.0 {
                // Saturates beyond i64, which the range checks refuse.
                Ok(v as i64)
            } else {
                Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
            }
        }
    }
    d.deserialize_any(Whole)
}

fn default_max_experiences() -> i64 {
    5
}
fn default_max_projects() -> i64 {
    3
}
fn default_true() -> bool {
    true
}
fn default_max_paragraphs() -> i64 {
    4
}

/// `POST /generations/resume`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResumeGenerationRequest {
    #[schema(format = Uuid)]
    pub job_id: String,
    /// 1–10, default 5.
    #[serde(default = "default_max_experiences", deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 10, default = 5)]
    pub max_experiences: i64,
    /// 0–20, default 3.
    #[serde(default = "default_max_projects", deserialize_with = "whole_number")]
    #[schema(minimum = 0, maximum = 20, default = 3)]
    pub max_projects: i64,
    #[serde(default = "default_true")]
    #[schema(default = true)]
    pub include_summary: bool,
    /// Accepted (at most 500 characters) and not used.
    #[schema(max_length = 500)]
    pub custom_prompt: Option<String>,
}

/// The options of a resume.
fn check_resume_options(errors: &mut Vec<FieldError>, max_experiences: i64, max_projects: i64) {
    check_range(errors, "max_experiences", max_experiences, MAX_EXPERIENCES);
    check_range(errors, "max_projects", max_projects, MAX_PROJECTS);
}

/// The options of a cover letter.
fn check_letter_options(
    errors: &mut Vec<FieldError>,
    company_name: Option<&str>,
    hiring_manager_name: Option<&str>,
    max_paragraphs: i64,
) {
    for (field, value) in [
        ("company_name", company_name),
        ("hiring_manager_name", hiring_manager_name),
    ] {
        check_opt_len(errors, body_loc(field), value, 0, MAX_NAME_LEN);
    }
    check_range(errors, "max_paragraphs", max_paragraphs, MAX_PARAGRAPHS);
}

impl Validate for ResumeGenerationRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_job_id(errors, &self.job_id);
        check_resume_options(errors, self.max_experiences, self.max_projects);
        check_custom_prompt(errors, self.custom_prompt.as_deref());
    }
}

/// `POST /generations/cover-letter`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CoverLetterRequest {
    #[schema(format = Uuid)]
    pub job_id: String,
    /// In place of the job's company.
    #[schema(max_length = 200)]
    pub company_name: Option<String>,
    /// The greeting's name ("Dear Hiring Manager," without one).
    #[schema(max_length = 200)]
    pub hiring_manager_name: Option<String>,
    /// 3–6, default 4.
    #[serde(default = "default_max_paragraphs", deserialize_with = "whole_number")]
    #[schema(minimum = 3, maximum = 6, default = 4)]
    pub max_paragraphs: i64,
    /// Accepted (at most 500 characters) and not used.
    #[schema(max_length = 500)]
    pub custom_prompt: Option<String>,
}

impl Validate for CoverLetterRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_job_id(errors, &self.job_id);
        check_letter_options(
            errors,
            self.company_name.as_deref(),
            self.hiring_manager_name.as_deref(),
            self.max_paragraphs,
        );
        check_custom_prompt(errors, self.custom_prompt.as_deref());
    }
}

/// `llm_metadata`: the producing model's details as a Python dict literal (what the
/// client's reference server sent; not JSON).
#[derive(Debug, Serialize, ToSchema)]
pub struct LlmMetadata {
    /// e.g. `{'model': 'offline', 'tokens': 0, 'processing_time': 0.004, 'prompt_version': 'offline-1'}`.
    pub raw: String,
}

/// A ranking of the caller's profile for one job.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingResponse {
    pub id: String,
    pub user_id: i64,
    pub job_id: String,
    /// Every experience id, most relevant first.
    pub ranked_experience_ids: Vec<String>,
    /// Every project id, most relevant first.
    pub ranked_project_ids: Vec<String>,
    pub ranking_rationale: Option<String>,
    /// Each job keyword the profile names, and how many times.
    pub keyword_matches: BTreeMap<String, u32>,
    /// Each experience's and project's relevance, 0.0–1.0.
    pub relevance_scores: BTreeMap<String, f64>,
    /// The requirements and keywords each experience and project matches.
    pub evidence: BTreeMap<String, Vec<String>>,
    pub llm_metadata: LlmMetadata,
    /// Always `completed`.
    pub status: &'static str,
    pub created_at: String,
}

impl From<&Ranking> for RankingResponse {
    fn from(r: &Ranking) -> Self {
        Self {
            id: r.id.to_string(),
            user_id: r.user_id.get(),
            job_id: r.job_id.to_string(),
            ranked_experience_ids: r.experience_ids(),
            ranked_project_ids: r.project_ids(),
            ranking_rationale: r.rationale.clone(),
            keyword_matches: r.content.keyword_matches.clone(),
            relevance_scores: r.relevance_scores(),
            evidence: r
                .content
                .experiences
                .iter()
                .chain(&r.content.projects)
                .map(|i| (i.id.clone(), i.evidence.clone()))
                .collect(),
            llm_metadata: LlmMetadata {
                raw: r.metadata.raw(),
            },
            status: "completed",
            created_at: naive_iso(r.created_at),
        }
    }
}

/// How a document fits the job's keywords, and what could be added truthfully.
#[derive(Debug, Serialize, ToSchema)]
pub struct AtsReportResponse {
    pub score: f64,
    /// Job keywords the document has.
    pub matched_keywords: Vec<String>,
    /// Job keywords the document lacks but the profile has.
    pub missing_in_document: Vec<String>,
    /// Job keywords neither has.
    pub missing_in_profile: Vec<String>,
    /// The score with every keyword of `missing_in_document` added.
    pub reachable_score: f64,
}

impl From<&AtsReport> for AtsReportResponse {
    fn from(r: &AtsReport) -> Self {
        Self {
            score: r.score,
            matched_keywords: r.matched.clone(),
            missing_in_document: r.missing_but_in_profile.clone(),
            missing_in_profile: r.missing.clone(),
            reachable_score: r.reachable_score,
        }
    }
}

/// A generated resume or cover letter.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerationResponse {
    pub generation_id: String,
    pub job_id: String,
    /// `resume` or `cover_letter`.
    pub document_type: &'static str,
    /// Always `completed`.
    pub status: &'static str,
    pub content_text: String,
    /// The structured content (SPEC §6.4) as a JSON document in a string; `null` in the
    /// answer to `POST /generations/resume`, filled in the history.
    pub content_structured: Option<String>,
    /// 0–100.
    pub ats_score: f64,
    pub ats_feedback: String,
    pub ats_report: AtsReportResponse,
    pub llm_metadata: LlmMetadata,
    pub created_at: String,
}

impl GenerationResponse {
    /// The answer for `g`; `structured` says whether to include its structured content.
    pub fn new(g: &Generation, structured: bool) -> Self {
        Self {
            generation_id: g.id.to_string(),
            job_id: g.job_id.to_string(),
            document_type: g.document_type.as_str(),
            status: "completed",
            content_text: g.content_text.clone(),
            content_structured: structured.then(|| g.content_structured.clone()),
            ats_score: g.ats.score,
            ats_feedback: g.ats.feedback.clone(),
            ats_report: AtsReportResponse::from(&g.ats),
            llm_metadata: LlmMetadata {
                raw: g.metadata.raw(),
            },
            created_at: naive_iso(g.created_at),
        }
    }
}

/// A page of the caller's generations, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerationHistoryResponse {
    pub generations: Vec<GenerationResponse>,
    /// How many generations match the filters in all.
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// `POST /generations`: a generation made in the background.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GenerationTaskRequest {
    #[schema(format = Uuid)]
    pub job_id: String,
    #[schema(value_type = DocumentTypeValue)]
    pub document_type: String,
    /// Resume: 1–10, default 5.
    #[serde(default = "default_max_experiences", deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 10, default = 5)]
    pub max_experiences: i64,
    /// Resume: 0–20, default 3.
    #[serde(default = "default_max_projects", deserialize_with = "whole_number")]
    #[schema(minimum = 0, maximum = 20, default = 3)]
    pub max_projects: i64,
    /// Resume, default true.
    #[serde(default = "default_true")]
    #[schema(default = true)]
    pub include_summary: bool,
    /// Cover letter: in place of the job's company.
    #[schema(max_length = 200)]
    pub company_name: Option<String>,
    /// Cover letter: the greeting's name.
    #[schema(max_length = 200)]
    pub hiring_manager_name: Option<String>,
    /// Cover letter: 3–6, default 4.
    #[serde(default = "default_max_paragraphs", deserialize_with = "whole_number")]
    #[schema(minimum = 3, maximum = 6, default = 4)]
    pub max_paragraphs: i64,
    /// Accepted (at most 500 characters) and not used.
    #[schema(max_length = 500)]
    pub custom_prompt: Option<String>,
}

impl Validate for GenerationTaskRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_job_id(errors, &self.job_id);
        let kind = DocumentType::parse(&self.document_type);
        if kind.is_none() {
            errors.push(
                FieldError::new(
                    "enum",
                    body_loc("document_type"),
                    "Input should be 'resume' or 'cover_letter'",
                    json!(self.document_type),
                )
                .with_ctx(json!({ "expected": "'resume' or 'cover_letter'" })),
            );
        }
        // Every option is checked, whichever document it is for: a bad value is a mistake
        // worth reporting either way.
        check_resume_options(errors, self.max_experiences, self.max_projects);
        check_letter_options(
            errors,
            self.company_name.as_deref(),
            self.hiring_manager_name.as_deref(),
            self.max_paragraphs,
        );
        check_custom_prompt(errors, self.custom_prompt.as_deref());
    }
}

impl GenerationTaskRequest {
    /// The domain request; call after [`Validate::validate`] passed.
    pub fn request(self) -> Option<TaskRequest> {
        let blank_as_none =
            |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Some(match DocumentType::parse(&self.document_type)? {
            DocumentType::Resume => TaskRequest::Resume {
                max_experiences: u32::try_from(self.max_experiences).ok()?,
                max_projects: u32::try_from(self.max_projects).ok()?,
                include_summary: self.include_summary,
            },
            DocumentType::CoverLetter => TaskRequest::CoverLetter {
                company_name: blank_as_none(self.company_name),
                hiring_manager_name: blank_as_none(self.hiring_manager_name),
                max_paragraphs: u32::try_from(self.max_paragraphs).ok()?,
            },
        })
    }
}

/// A generation's state: queued, running (with its stage), or ended, with the document
/// once completed.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerationTaskResponse {
    /// The generation's id (the document keeps it once made).
    pub generation_id: String,
    pub job_id: String,
    /// `resume` or `cover_letter`.
    pub document_type: &'static str,
    /// `queued`, `running`, `completed`, `failed` or `cancelled`.
    pub status: &'static str,
    /// `analysing`, `ranking`, `writing` or `scoring` while running (the last one reached
    /// once ended); `null` before it starts.
    pub stage: Option<&'static str>,
    /// 0–100.
    pub progress: u8,
    /// How many times a worker took it up.
    pub attempts: u32,
    /// Why it failed.
    pub error: Option<String>,
    /// Cancellation was asked for; it stops at its next stage.
    pub cancel_requested: bool,
    /// Where its server-sent events stream.
    pub events_url: String,
    pub created_at: String,
    pub updated_at: String,
    /// The document, once completed (with `content_structured`).
    pub result: Option<GenerationResponse>,
}

impl From<&TaskView> for GenerationTaskResponse {
    fn from(v: &TaskView) -> Self {
        Self {
            generation_id: v.id.to_string(),
            job_id: v.job_id.to_string(),
            document_type: v.document_type.as_str(),
            status: v.status.as_str(),
            stage: v.stage.map(Stage::as_str),
            progress: v.progress,
            attempts: v.attempts,
            error: v.error.clone(),
            cancel_requested: v.cancel_requested,
            events_url: format!("/api/v1/generations/{}/events", v.id),
            created_at: naive_iso(v.created_at),
            updated_at: naive_iso(v.updated_at),
            result: v
                .generation
                .as_ref()
                .map(|g| GenerationResponse::new(g, true)),
        }
    }
}

/// The data of one server-sent event of a generation.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerationEventData {
    pub generation_id: String,
    /// The event's number; also its SSE `id`.
    pub seq: i64,
    pub status: &'static str,
    pub stage: Option<&'static str>,
    pub progress: u8,
    pub error: Option<String>,
    pub at: String,
    /// On the `completed` event: the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<GenerationResponse>,
}

impl GenerationEventData {
    pub fn new(id: GenerationId, e: &TaskEvent, result: Option<GenerationResponse>) -> Self {
        Self {
            generation_id: id.to_string(),
            seq: e.seq,
            status: e.status.as_str(),
            stage: e.stage.map(Stage::as_str),
            progress: e.progress,
            error: e.error.clone(),
            at: naive_iso(e.at),
            result,
        }
    }
}
