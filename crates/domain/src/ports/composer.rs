//! Writing documents without a language model.

use std::sync::Arc;

use async_trait::async_trait;

use crate::generation::ContentRanking;
use crate::job::Job;
use crate::profile::Profile;
use crate::sample::WritingStyle;

/// What a resume shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeOptions {
    pub max_experiences: u32,
    pub max_projects: u32,
    pub include_summary: bool,
}

/// What a cover letter says and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterOptions {
    /// In place of the job's company.
    pub company_name: Option<String>,
    pub hiring_manager_name: Option<String>,
    /// The most body paragraphs.
    pub max_paragraphs: u32,
}

/// What a text to strengthen describes, for the tense of its verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextTense {
    /// A role that ended: past tense.
    Ended,
    /// A role still held: present tense.
    Current,
    /// A summary or a project: verbs keep their tense.
    Keep,
}

/// Names a fact check recognises in a text: the profile's companies, titles and skills.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownNames {
    pub companies: Vec<String>,
    pub titles: Vec<String>,
    pub skills: Vec<String>,
}

/// A written document: its plain text and its structured content (SPEC §6.4) as JSON,
/// with a `source_id` on every entry and bullet taken from the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub text: String,
    pub structured: String,
}

/// The deterministic writer: the same input always gives the same document, every fact in
/// it comes from the profile, and no placeholder ever reaches the text. Adapters MUST run
/// the work off the async executor.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait Composer: Send + Sync {
    /// A resume of the ranked selection, within a one- or two-page budget.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn resume(
        &self,
        profile: Arc<Profile>,
        ranking: Arc<ContentRanking>,
        options: ResumeOptions,
    ) -> anyhow::Result<Composed>;

    /// A cover letter from the ranking's best evidence, in the writer's style when known.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn cover_letter(
        &self,
        profile: Arc<Profile>,
        job: Arc<Job>,
        ranking: Arc<ContentRanking>,
        style: Option<WritingStyle>,
        options: LetterOptions,
    ) -> anyhow::Result<Composed>;

    /// A stronger wording of a summary or description (action verbs, tense, no filler),
    /// at most `max_chars` characters, or `None` when it is already as good as the rules
    /// make it. It adds no fact the text does not state.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn enhance(
        &self,
        text: String,
        tense: TextTense,
        max_chars: usize,
    ) -> anyhow::Result<Option<String>>;

    /// `text` without stock phrases ("I am writing to express my interest", "delve",
    /// ...), still grammatical. Cheap: runs in place.
    fn scrub(&self, text: &str) -> String;

    /// Template placeholders left in `text` (`[Company]`, `{name}`, ...). Cheap.
    fn placeholders(&self, text: &str) -> Vec<String>;

    /// The facts (companies, titles, dates, numbers, skills, names) `rewrite` states that
    /// `source` does not, as written; empty when the rewrite is faithful. Cheap.
    fn introduced_facts(&self, source: &str, rewrite: &str, known: &KnownNames) -> Vec<String>;
}
