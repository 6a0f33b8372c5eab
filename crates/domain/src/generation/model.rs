//! Rankings and generations: what the pipeline keeps about one job.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::job::JobId;
use crate::profile::ProfileId;
use crate::user::UserId;

/// The most a generation's text may be (a two-page resume is about 6,000 characters).
pub const MAX_CONTENT_LEN: usize = 50_000;
/// `custom_prompt` on any generation request: accepted up to this, and not used.
pub const MAX_CUSTOM_PROMPT_LEN: usize = 500;
/// `max_experiences` of a resume.
pub const MAX_EXPERIENCES: RangeU32 = RangeU32 { min: 1, max: 10 };
/// `max_projects` of a resume (the contract sets no upper bound; a resume has no room for
/// more).
pub const MAX_PROJECTS: RangeU32 = RangeU32 { min: 0, max: 20 };
/// `max_paragraphs` of a cover letter.
pub const MAX_PARAGRAPHS: RangeU32 = RangeU32 { min: 3, max: 6 };
/// `company_name` and `hiring_manager_name` of a cover letter.
pub const MAX_NAME_LEN: usize = 200;

/// An inclusive range of whole numbers an option must fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeU32 {
    pub min: u32,
    pub max: u32,
}

impl RangeU32 {
    #[must_use]
    pub fn contains(self, value: i64) -> bool {
        value >= i64::from(self.min) && value <= i64::from(self.max)
    }
}

crate::id::uuid_id!(
    /// A ranking's id.
    RankingId
);
crate::id::uuid_id!(
    /// A generation's id.
    GenerationId
);

/// What a generation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentType {
    Resume,
    CoverLetter,
}

impl DocumentType {
    pub const ALL: [Self; 2] = [Self::Resume, Self::CoverLetter];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::CoverLetter => "cover_letter",
        }
    }

    /// The contract's spelling, exactly.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

/// One ranked profile item (an experience, project, bullet or skill) and why it ranks
/// there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedItem {
    /// The item's id in the profile: an experience or project id, `"<experience id>#<n>"`
    /// for the n-th achievement (from 0), or the skill's name.
    pub id: String,
    /// Relevance to the job, 0.0–1.0.
    pub score: f64,
    /// The job's requirements and keywords the item matches, most important first.
    pub evidence: Vec<String>,
}

/// The profile's content in order of relevance to one job. Nothing of the profile is left
/// out: the least relevant items come last.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentRanking {
    pub experiences: Vec<RankedItem>,
    pub projects: Vec<RankedItem>,
    /// Achievements of every experience, each list in the order of relevance, by
    /// experience id.
    pub bullets: BTreeMap<String, Vec<RankedItem>>,
    pub skills: Vec<RankedItem>,
    /// Each job keyword the profile names, and how many times.
    pub keyword_matches: BTreeMap<String, u32>,
}

/// Which model produced a result, and what it cost. `model` is `offline` for the
/// deterministic composer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ModelMetadata {
    pub model: String,
    pub tokens: u32,
    /// Seconds.
    pub processing_time: f64,
    /// The version of the prompts (or of the offline composer) that made the result.
    pub prompt_version: String,
    /// Set when a model step failed and the offline composer stood in: why.
    pub fallback: Option<String>,
}

impl ModelMetadata {
    /// The contract's `llm_metadata.raw`: a Python-style dict literal (`{'model': ...}`),
    /// which is what the client's reference server sent.
    #[must_use]
    pub fn raw(&self) -> String {
        let mut out = format!(
            "{{'model': {}, 'tokens': {}, 'processing_time': {}, 'prompt_version': {}",
            py_str(&self.model),
            self.tokens,
            py_float(self.processing_time),
            py_str(&self.prompt_version),
        );
        if let Some(reason) = &self.fallback {
            out.push_str(", 'fallback': ");
            out.push_str(&py_str(reason));
        }
        out.push('}');
        out
    }
}

/// A Python string literal of `s` (single quotes, backslash escapes).
fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A Python float literal (always with a decimal point).
fn py_float(value: f64) -> String {
    if !value.is_finite() {
        return "0.0".to_owned();
    }
    let text = format!("{value:.3}");
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{trimmed}0")
    } else {
        trimmed.to_owned()
    }
}

/// The ranking of a profile's content for one job of its user (at most one per job).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub id: RankingId,
    pub user_id: UserId,
    pub job_id: JobId,
    pub profile_id: ProfileId,
    pub content: ContentRanking,
    pub rationale: Option<String>,
    pub metadata: ModelMetadata,
    pub created_at: DateTime<Utc>,
}

impl Ranking {
    /// Experience ids, most relevant first.
    #[must_use]
    pub fn experience_ids(&self) -> Vec<String> {
        self.content
            .experiences
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    /// Project ids, most relevant first.
    #[must_use]
    pub fn project_ids(&self) -> Vec<String> {
        self.content.projects.iter().map(|i| i.id.clone()).collect()
    }

    /// Every ranked experience's and project's score by id.
    #[must_use]
    pub fn relevance_scores(&self) -> BTreeMap<String, f64> {
        self.content
            .experiences
            .iter()
            .chain(&self.content.projects)
            .map(|i| (i.id.clone(), i.score))
            .collect()
    }
}

/// How well a document fits a job's keywords (0–100), and how to improve it truthfully.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AtsReport {
    pub score: f64,
    pub feedback: String,
    /// Job keywords the document has.
    pub matched: Vec<String>,
    /// Job keywords the document lacks but the profile has: they can be added truthfully.
    pub missing_but_in_profile: Vec<String>,
    /// Job keywords neither has.
    pub missing: Vec<String>,
    /// The score with every `missing_but_in_profile` keyword added.
    pub reachable_score: f64,
}

/// A document made for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub id: GenerationId,
    pub user_id: UserId,
    pub job_id: JobId,
    pub ranking_id: Option<RankingId>,
    pub document_type: DocumentType,
    pub content_text: String,
    /// The structured content (SPEC §6.4) as a JSON document.
    pub content_structured: String,
    pub ats: AtsReport,
    pub metadata: ModelMetadata,
    pub created_at: DateTime<Utc>,
}

/// Which generations a history lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerationFilter {
    pub document_type: Option<DocumentType>,
    pub job_id: Option<JobId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raw_metadata_is_a_python_dict_literal() {
        let meta = ModelMetadata {
            model: "offline".into(),
            tokens: 0,
            processing_time: 0.0126,
            prompt_version: "offline-1".into(),
            fallback: Some("the model's 'answer' timed out".into()),
        };
        assert_eq!(
            meta.raw(),
            "{'model': 'offline', 'tokens': 0, 'processing_time': 0.013, \
             'prompt_version': 'offline-1', 'fallback': 'the model\\'s \\'answer\\' timed out'}"
        );
        let whole = ModelMetadata {
            processing_time: 2.0,
            ..ModelMetadata::default()
        };
        assert!(whole.raw().contains("'processing_time': 2.0,"));
    }

    #[test]
    fn document_types_parse_only_the_contract_spelling() {
        assert_eq!(DocumentType::parse("resume"), Some(DocumentType::Resume));
        assert_eq!(
            DocumentType::parse("cover_letter"),
            Some(DocumentType::CoverLetter)
        );
        assert_eq!(DocumentType::parse("Resume"), None);
        assert_eq!(DocumentType::parse("cover-letter"), None);
    }

    #[test]
    fn option_ranges_are_inclusive() {
        assert!(MAX_EXPERIENCES.contains(1) && MAX_EXPERIENCES.contains(10));
        assert!(!MAX_EXPERIENCES.contains(0) && !MAX_EXPERIENCES.contains(11));
        assert!(MAX_PARAGRAPHS.contains(3) && !MAX_PARAGRAPHS.contains(7));
    }
}
