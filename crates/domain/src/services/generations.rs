//! Generation: rank a profile's content for one saved job, write a tailored resume or cover
//! letter from the ranking, score it for ATS keyword fit, and keep it in the user's
//! history. Another user's job, ranking or generation does not exist for the caller.
//!
//! The pipeline is deterministic at its core: ranking, composing and scoring are ports
//! whose adapters give the same output for the same input.

use std::sync::Arc;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::generation::{
    ContentRanking, DocumentType, Generation, GenerationFilter, GenerationId, GenerationTask,
    ModelMetadata, Ranking, RankingId, Stage, TaskRequest,
};
use crate::job::{Job, JobId, Page};
use crate::ports::{
    Clock, Composed, Composer, ContentMatcher, DocumentStore, GenerationRepository, JobRepository,
    LanguageModel, LetterOptions, ModelPurpose, ProfileRepository, RankingRepository,
    ResumeOptions, SampleRepository, SaveProfileError, TextTense,
};
use crate::profile::{MAX_DESCRIPTION_LEN, MAX_SUMMARY_LEN, Profile, ProfileId, SectionChanges};
use crate::sample::{DocumentType as SampleType, SampleFilter, WritingStyle};
use crate::user::UserId;

/// The model name results of the deterministic pipeline carry.
pub const OFFLINE_MODEL: &str = "offline";
/// The version of the deterministic pipeline, stored with each result it makes.
pub const OFFLINE_VERSION: &str = "offline-1";

#[derive(Debug, Error)]
pub enum GenerationError {
    #[error("Job not found")]
    JobNotFound,
    #[error("No profile found")]
    NoProfile,
    /// An unknown profile id, or another user's profile.
    #[error("Profile not found")]
    ProfileNotFound,
    #[error("No ranking found for this job")]
    NoRanking,
    #[error("Generation not found")]
    NotFound,
    /// Enhancement of a profile with no summary and no descriptions.
    #[error("The profile has no summary and no experience or project descriptions to enhance")]
    NothingToEnhance,
    /// The profile kept changing while it was being enhanced.
    #[error("The profile was changed by another request; please retry")]
    Conflict,
    /// The job was deleted while its document was being made.
    #[error("Job not found")]
    JobGone,
    /// A background generation was cancelled, or its worker lost it, before it ended.
    #[error("Generation stopped")]
    Stopped,
    /// A daily token budget is spent (and the policy is to refuse).
    #[error(
        "The daily token budget for generation is spent; it resets at midnight UTC, or use the offline generator"
    )]
    OverBudget { retry_after: Duration },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Told when the pipeline reaches each stage; an error stops the work there.
#[async_trait::async_trait]
pub trait Progress: Send + Sync {
    /// # Errors
    /// Whatever should stop the work (for a task: [`GenerationError::Stopped`]).
    async fn reached(&self, stage: Stage) -> Result<(), GenerationError>;
}

/// Progress no one follows.
struct Silent;

#[async_trait::async_trait]
impl Progress for Silent {
    async fn reached(&self, _: Stage) -> Result<(), GenerationError> {
        Ok(())
    }
}

/// The ports the generation service uses.
pub struct GenerationPorts {
    pub jobs: Arc<dyn JobRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
    pub samples: Arc<dyn SampleRepository>,
    pub rankings: Arc<dyn RankingRepository>,
    pub generations: Arc<dyn GenerationRepository>,
    /// Where the files of a deleted generation's exports are removed from.
    pub store: Arc<dyn DocumentStore>,
    pub matcher: Arc<dyn ContentMatcher>,
    pub composer: Arc<dyn Composer>,
    /// A language model for the steps that write prose; `None` runs everything offline.
    pub model: Option<Arc<dyn LanguageModel>>,
    pub clock: Arc<dyn Clock>,
}

/// Rounds of read, enhance and versioned save before a profile that keeps changing is a
/// conflict.
const ENHANCE_ATTEMPTS: usize = 3;

/// What an enhancement changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Enhancement {
    pub profile_id: ProfileId,
    /// The new enhanced summary, when the summary was enhanced.
    pub professional_summary: Option<String>,
    pub experiences_enhanced: usize,
    pub projects_enhanced: usize,
    /// Texts sent to the enhancer (summary and descriptions).
    pub sections_requested: usize,
    /// The active cover-letter sample's style, when one was used.
    pub style: Option<WritingStyle>,
    pub metadata: ModelMetadata,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The enhanced texts of one profile version, by what they belong to.
#[derive(Debug, Default)]
struct EnhancedTexts {
    summary: Option<(String, String)>,
    /// (item id, original text, enhanced text).
    experiences: Vec<(String, String, String)>,
    projects: Vec<(String, String, String)>,
    requested: usize,
}

/// A request for a tailored resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeRequest {
    pub job_id: JobId,
    pub options: ResumeOptions,
}

/// A request for a cover letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    pub job_id: JobId,
    pub options: LetterOptions,
}

/// The default time all model steps of one request may take together.
pub const DEFAULT_MODEL_BUDGET: Duration = Duration::from_secs(20);
/// A model step is not started with less time than this left in the request's budget.
const MIN_MODEL_STEP: Duration = Duration::from_secs(1);

pub struct GenerationService {
    ports: GenerationPorts,
    metering: Option<ModelMetering>,
    /// How long all model steps of one request may take together; past it the remaining
    /// steps are written offline, so a request answers within the client's time-out.
    model_budget: Duration,
}

impl GenerationService {
    pub fn new(ports: GenerationPorts) -> Self {
        Self {
            ports,
            metering: None,
            model_budget: DEFAULT_MODEL_BUDGET,
        }
    }

    /// Sets how long all model steps of one request may take together.
    #[must_use]
    pub fn with_model_budget(mut self, budget: Duration) -> Self {
        self.model_budget = budget;
        self
    }

    /// What is left of a request's model budget, if enough for another step.
    fn model_time(&self, started: Instant) -> Result<Duration, String> {
        self.model_budget
            .checked_sub(started.elapsed())
            .filter(|left| *left >= MIN_MODEL_STEP)
            .ok_or_else(|| "no time left in the request's model budget".to_owned())
    }

    /// Ranks the caller's profile for one of their jobs, in place of any earlier ranking of
    /// that job.
    ///
    /// # Errors
    /// [`GenerationError::JobNotFound`], [`GenerationError::NoProfile`].
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %job_id))]
    pub async fn create_ranking(
        &self,
        user: UserId,
        job_id: JobId,
    ) -> Result<Ranking, GenerationError> {
        let started = Instant::now();
        self.check_budget(user).await?;
        let (job, profile) = self.inputs(user, job_id).await?;
        self.rank(user, job, profile, started).await
    }

    /// The caller's ranking for one of their jobs.
    ///
    /// # Errors
    /// [`GenerationError::NoRanking`] when there is none (also for another user's job).
    pub async fn ranking(&self, user: UserId, job_id: JobId) -> Result<Ranking, GenerationError> {
        self.ports
            .rankings
            .find_for_job(user, job_id)
            .await?
            .ok_or(GenerationError::NoRanking)
    }

    /// A resume tailored to one of the caller's jobs, stored in their history.
    ///
    /// # Errors
    /// [`GenerationError::JobNotFound`], [`GenerationError::NoProfile`],
    /// [`GenerationError::JobGone`] when the job is deleted meanwhile.
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %request.job_id))]
    pub async fn resume(
        &self,
        user: UserId,
        request: ResumeRequest,
    ) -> Result<Generation, GenerationError> {
        self.check_budget(user).await?;
        let generation = self
            .make_resume(GenerationId::new_random(), user, request, &Silent)
            .await?;
        self.store(generation).await
    }

    /// Makes the document a task asks for, with the task's id, telling `progress` of each
    /// stage; stores nothing.
    ///
    /// # Errors
    /// As [`Self::resume`], and whatever `progress` returns to stop the work.
    pub async fn make(
        &self,
        task: &GenerationTask,
        progress: &dyn Progress,
    ) -> Result<Generation, GenerationError> {
        match task.request.clone() {
            TaskRequest::Resume {
                max_experiences,
                max_projects,
                include_summary,
            } => {
                let request = ResumeRequest {
                    job_id: task.job_id,
                    options: ResumeOptions {
                        max_experiences,
                        max_projects,
                        include_summary,
                    },
                };
                self.make_resume(task.id, task.user_id, request, progress)
                    .await
            }
            TaskRequest::CoverLetter {
                company_name,
                hiring_manager_name,
                max_paragraphs,
            } => {
                let request = LetterRequest {
                    job_id: task.job_id,
                    options: LetterOptions {
                        company_name,
                        hiring_manager_name,
                        max_paragraphs,
                    },
                };
                self.make_letter(task.id, task.user_id, request, progress)
                    .await
            }
        }
    }

    async fn make_resume(
        &self,
        id: GenerationId,
        user: UserId,
        request: ResumeRequest,
        progress: &dyn Progress,
    ) -> Result<Generation, GenerationError> {
        let started = Instant::now();
        progress.reached(Stage::Analysing).await?;
        let (job, profile) = self.inputs(user, request.job_id).await?;
        progress.reached(Stage::Ranking).await?;
        let ranking = self.current_ranking(user, &job, &profile, started).await?;
        progress.reached(Stage::Writing).await?;
        let composed = self
            .ports
            .composer
            .resume(
                Arc::clone(&profile),
                Arc::new(ranking.content.clone()),
                request.options,
            )
            .await?;
        // A model may rephrase the bullets toward the job's wording, each rewrite checked.
        let (composed, metadata) = match &self.ports.model {
            None => (composed, offline_metadata(started)),
            Some(model) => match self
                .model_bullets(model.as_ref(), &profile, &job, &composed, started)
                .await
            {
                Ok(Some((rephrased, metadata, count))) => {
                    tracing::debug!(count, "bullets rephrased by the model");
                    (rephrased, metadata)
                }
                Ok(None) => (composed, offline_metadata(started)),
                Err(reason) => {
                    tracing::warn!(%reason, "the model's bullets were not used");
                    let metadata =
                        fallback_metadata(started, model.as_ref(), ModelPurpose::Quality, &reason);
                    (composed, metadata)
                }
            },
        };
        progress.reached(Stage::Scoring).await?;
        self.score(
            (id, user),
            (job, profile),
            &ranking,
            DocumentType::Resume,
            composed,
            metadata,
        )
        .await
    }

    /// A cover letter for one of the caller's jobs, in the style of their active
    /// cover-letter sample when they have one, stored in their history.
    ///
    /// # Errors
    /// As [`Self::resume`].
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %request.job_id))]
    pub async fn cover_letter(
        &self,
        user: UserId,
        request: LetterRequest,
    ) -> Result<Generation, GenerationError> {
        self.check_budget(user).await?;
        let generation = self
            .make_letter(GenerationId::new_random(), user, request, &Silent)
            .await?;
        self.store(generation).await
    }

    async fn make_letter(
        &self,
        id: GenerationId,
        user: UserId,
        request: LetterRequest,
        progress: &dyn Progress,
    ) -> Result<Generation, GenerationError> {
        let started = Instant::now();
        progress.reached(Stage::Analysing).await?;
        let (job, profile) = self.inputs(user, request.job_id).await?;
        progress.reached(Stage::Ranking).await?;
        let ranking = self.current_ranking(user, &job, &profile, started).await?;
        progress.reached(Stage::Writing).await?;
        let style = self.style(user).await?;
        // The offline letter is always made: it is the fallback, and its structure is the
        // frame of a model's letter.
        let offline = self
            .ports
            .composer
            .cover_letter(
                Arc::clone(&profile),
                Arc::clone(&job),
                Arc::new(ranking.content.clone()),
                style.clone(),
                request.options.clone(),
            )
            .await?;
        let (composed, metadata) = match &self.ports.model {
            None => (offline, offline_metadata(started)),
            Some(model) => {
                let letter = assisted::LetterInputs {
                    profile: &profile,
                    job: &job,
                    ranking: &ranking.content,
                    style: style.as_ref(),
                    options: &request.options,
                };
                match self
                    .model_letter(model.as_ref(), &letter, &offline, started)
                    .await
                {
                    Ok((composed, metadata)) => (composed, metadata),
                    Err(reason) => {
                        tracing::warn!(%reason, "the model's cover letter was not used");
                        (
                            offline,
                            fallback_metadata(
                                started,
                                model.as_ref(),
                                ModelPurpose::Quality,
                                &reason,
                            ),
                        )
                    }
                }
            }
        };
        progress.reached(Stage::Scoring).await?;
        self.score(
            (id, user),
            (job, profile),
            &ranking,
            DocumentType::CoverLetter,
            composed,
            metadata,
        )
        .await
    }

    /// One page of the caller's generations, newest first, and how many match in all.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn history(
        &self,
        user: UserId,
        filter: GenerationFilter,
        page: Page,
    ) -> Result<(Vec<Generation>, u64), GenerationError> {
        Ok(self.ports.generations.list(user, filter, page).await?)
    }

    /// Deletes one of the caller's generations.
    ///
    /// # Errors
    /// [`GenerationError::NotFound`] for an unknown id or another user's generation.
    pub async fn delete(&self, user: UserId, id: GenerationId) -> Result<(), GenerationError> {
        let keys = self
            .ports
            .generations
            .delete(user, id)
            .await?
            .ok_or(GenerationError::NotFound)?;
        for key in keys {
            if let Err(e) = self.ports.store.delete(&key).await {
                // The row is gone: the file is unreachable and only costs space.
                tracing::warn!(error = %e, "could not remove an export of a deleted generation");
            }
        }
        Ok(())
    }

    /// Writes a stronger version of the summary and of every experience and project
    /// description of the caller's profile beside the original (`enhanced_*`); originals
    /// are never overwritten. A text edited meanwhile keeps its earlier enhancement.
    ///
    /// # Errors
    /// [`GenerationError::ProfileNotFound`] for another user's or an unknown profile,
    /// [`GenerationError::NothingToEnhance`] for a profile without any text,
    /// [`GenerationError::Conflict`] when it keeps changing.
    #[tracing::instrument(skip_all, fields(user.id = %user, profile.id = %profile_id))]
    pub async fn enhance(
        &self,
        user: UserId,
        profile_id: ProfileId,
    ) -> Result<Enhancement, GenerationError> {
        let started = Instant::now();
        self.check_budget(user).await?;
        let style = self.style(user).await?;
        for _ in 0..ENHANCE_ATTEMPTS {
            let mut profile = self
                .ports
                .profiles
                .find(profile_id)
                .await?
                .filter(|p| p.user_id == user)
                .ok_or(GenerationError::ProfileNotFound)?;
            let (texts, metadata) = self
                .enhanced_texts(&profile, style.as_ref(), started)
                .await?;
            if texts.requested == 0 {
                return Err(GenerationError::NothingToEnhance);
            }
            let expected = profile.version;
            let summary = texts.summary.as_ref().map(|(_, new)| new.clone());
            if let Some(new) = &summary {
                profile.enhanced_professional_summary = Some(new.clone());
            }
            let mut experiences_enhanced = 0;
            for (id, original, new) in &texts.experiences {
                if let Some(e) = profile.experiences.iter_mut().find(|e| &e.id == id)
                    && e.description.as_deref() == Some(original.as_str())
                {
                    e.enhanced_description = Some(new.clone());
                    experiences_enhanced += 1;
                }
            }
            let mut projects_enhanced = 0;
            for (id, original, new) in &texts.projects {
                if let Some(p) = profile.projects.iter_mut().find(|p| &p.id == id)
                    && &p.description == original
                {
                    p.enhanced_description = Some(new.clone());
                    projects_enhanced += 1;
                }
            }
            let now = self.ports.clock.now();
            let enhanced =
                usize::from(summary.is_some()) + experiences_enhanced + projects_enhanced;
            profile.enhancement_metadata = serde_json::Map::from_iter([
                ("model".to_owned(), metadata.model.clone().into()),
                ("timestamp".to_owned(), now.to_rfc3339().into()),
                ("sections_enhanced".to_owned(), enhanced.into()),
            ]);
            profile.updated_at = now;
            profile.version = expected + 1;
            let sections = SectionChanges {
                experiences: experiences_enhanced > 0,
                education: false,
                projects: projects_enhanced > 0,
            };
            match self
                .ports
                .profiles
                .update(&profile, expected, sections)
                .await
            {
                Ok(()) => {
                    return Ok(Enhancement {
                        profile_id,
                        professional_summary: summary,
                        experiences_enhanced,
                        projects_enhanced,
                        sections_requested: texts.requested,
                        style,
                        metadata,
                        created_at: now,
                    });
                }
                Err(SaveProfileError::Conflict) => {
                    tracing::debug!("concurrent profile save during enhancement; retrying");
                }
                Err(SaveProfileError::AlreadyExists) => {
                    return Err(anyhow::anyhow!("profile update reported a duplicate").into());
                }
                Err(SaveProfileError::Unexpected(e)) => return Err(e.into()),
            }
        }
        Err(GenerationError::Conflict)
    }

    /// The enhanced summary and descriptions of `profile` (only those that change): by the
    /// model when there is one (each rewrite checked), by the offline composer otherwise
    /// and for every rewrite the model's answer could not give.
    async fn enhanced_texts(
        &self,
        profile: &Profile,
        style: Option<&WritingStyle>,
        started: Instant,
    ) -> Result<(EnhancedTexts, ModelMetadata), GenerationError> {
        enum Target {
            Summary,
            Experience(String),
            Project(String),
        }
        let mut sources: Vec<(Target, assisted::EnhanceText, TextTense, usize)> = Vec::new();
        if let Some(summary) = profile
            .professional_summary
            .as_ref()
            .filter(|s| !s.trim().is_empty())
        {
            let text = assisted::EnhanceText {
                kind: "summary",
                text: summary.clone(),
            };
            sources.push((Target::Summary, text, TextTense::Keep, MAX_SUMMARY_LEN));
        }
        for e in &profile.experiences {
            let Some(text) = e.description.as_ref().filter(|d| !d.trim().is_empty()) else {
                continue;
            };
            let tense = if e.is_current || e.end_date.is_none() {
                TextTense::Current
            } else {
                TextTense::Ended
            };
            let text = assisted::EnhanceText {
                kind: "experience",
                text: text.clone(),
            };
            sources.push((
                Target::Experience(e.id.clone()),
                text,
                tense,
                MAX_DESCRIPTION_LEN,
            ));
        }
        for p in &profile.projects {
            if p.description.trim().is_empty() {
                continue;
            }
            let text = assisted::EnhanceText {
                kind: "project",
                text: p.description.clone(),
            };
            sources.push((
                Target::Project(p.id.clone()),
                text,
                TextTense::Keep,
                MAX_DESCRIPTION_LEN,
            ));
        }
        let mut out = EnhancedTexts {
            requested: sources.len(),
            ..EnhancedTexts::default()
        };
        if sources.is_empty() {
            return Ok((out, offline_metadata(started)));
        }
        let (mut rewrites, metadata) = match &self.ports.model {
            None => (vec![None; sources.len()], offline_metadata(started)),
            Some(model) => {
                let texts: Vec<assisted::EnhanceText> = sources
                    .iter()
                    .map(|(_, t, _, _)| assisted::EnhanceText {
                        kind: t.kind,
                        text: t.text.clone(),
                    })
                    .collect();
                match self
                    .model_enhancements(model.as_ref(), profile, style, &texts, started)
                    .await
                {
                    Ok(done) => done,
                    Err(reason) => {
                        tracing::warn!(%reason, "the model's enhancement was not used");
                        (
                            vec![None; sources.len()],
                            fallback_metadata(
                                started,
                                model.as_ref(),
                                ModelPurpose::Quality,
                                &reason,
                            ),
                        )
                    }
                }
            }
        };
        for ((target, source, tense, max), rewrite) in sources.into_iter().zip(rewrites.drain(..)) {
            let new = match rewrite {
                Some(new) => Some(tailor_text::truncate_words(&new, max).to_owned()),
                None => {
                    self.ports
                        .composer
                        .enhance(source.text.clone(), tense, max)
                        .await?
                }
            };
            let Some(new) = new else { continue };
            match target {
                Target::Summary => out.summary = Some((source.text, new)),
                Target::Experience(id) => out.experiences.push((id, source.text, new)),
                Target::Project(id) => out.projects.push((id, source.text, new)),
            }
        }
        Ok((out, metadata))
    }

    /// The caller's job and profile.
    async fn inputs(
        &self,
        user: UserId,
        job_id: JobId,
    ) -> Result<(Arc<Job>, Arc<Profile>), GenerationError> {
        let job = self
            .ports
            .jobs
            .find(user, job_id)
            .await?
            .ok_or(GenerationError::JobNotFound)?;
        let profile = self
            .ports
            .profiles
            .find_by_user_shared(user)
            .await?
            .ok_or(GenerationError::NoProfile)?;
        Ok((Arc::new(job), profile))
    }

    /// The stored ranking when it is newer than the job and the profile it ranks; a new
    /// one otherwise (a ranking of an older profile would pick removed or changed items).
    async fn current_ranking(
        &self,
        user: UserId,
        job: &Arc<Job>,
        profile: &Arc<Profile>,
        started: Instant,
    ) -> Result<Ranking, GenerationError> {
        if let Some(stored) = self.ports.rankings.find_for_job(user, job.id).await?
            && stored.profile_id == profile.id
            && stored.created_at >= profile.updated_at
            && stored.created_at >= job.updated_at
        {
            return Ok(stored);
        }
        self.rank(user, Arc::clone(job), Arc::clone(profile), started)
            .await
    }

    async fn rank(
        &self,
        user: UserId,
        job: Arc<Job>,
        profile: Arc<Profile>,
        started: Instant,
    ) -> Result<Ranking, GenerationError> {
        let content: ContentRanking = self
            .ports
            .matcher
            .rank(Arc::clone(&job), Arc::clone(&profile))
            .await?;
        // A model may reorder near-ties and explain the order; the scores are the matcher's.
        let (content, rationale, metadata) = match &self.ports.model {
            None => {
                let rationale = rationale(&content);
                (content, rationale, offline_metadata(started))
            }
            Some(model) => match self
                .model_ranking(model.as_ref(), &profile, &job, &content, started)
                .await
            {
                Ok(done) => done,
                Err(reason) => {
                    tracing::warn!(%reason, "the model's ranking was not used");
                    let rationale = rationale(&content);
                    (
                        content,
                        rationale,
                        fallback_metadata(started, model.as_ref(), ModelPurpose::Fast, &reason),
                    )
                }
            },
        };
        let ranking = Ranking {
            id: RankingId::new_random(),
            user_id: user,
            job_id: job.id,
            profile_id: profile.id,
            rationale: Some(rationale),
            content,
            metadata,
            created_at: self.ports.clock.now(),
        };
        if let Err(e) = self.ports.rankings.replace(&ranking).await {
            return Err(self.gone_or(e, user, job.id).await);
        }
        Ok(ranking)
    }

    /// The active cover-letter sample's style, if the user has one.
    async fn style(&self, user: UserId) -> Result<Option<WritingStyle>, GenerationError> {
        let filter = SampleFilter {
            document_type: Some(SampleType::CoverLetter),
            is_active: Some(true),
        };
        let (active, _) = self.ports.samples.list(user, filter, 1, 0).await?;
        let Some(summary) = active.first() else {
            return Ok(None);
        };
        Ok(self
            .ports
            .samples
            .find(user, summary.id)
            .await?
            .and_then(|s| s.writing_style))
    }

    /// Scores the document: the generation, not yet stored.
    async fn score(
        &self,
        (id, user): (GenerationId, UserId),
        (job, profile): (Arc<Job>, Arc<Profile>),
        ranking: &Ranking,
        document_type: DocumentType,
        composed: Composed,
        metadata: ModelMetadata,
    ) -> Result<Generation, GenerationError> {
        let ats = self
            .ports
            .matcher
            .ats(
                Arc::clone(&job),
                profile,
                document_type,
                composed.text.clone(),
            )
            .await?;
        Ok(Generation {
            id,
            user_id: user,
            job_id: job.id,
            ranking_id: Some(ranking.id),
            document_type,
            content_text: composed.text,
            content_structured: composed.structured,
            ats,
            metadata,
            created_at: self.ports.clock.now(),
        })
    }

    /// Stores a generation in the user's history.
    async fn store(&self, generation: Generation) -> Result<Generation, GenerationError> {
        if let Err(e) = self.ports.generations.insert(&generation).await {
            return Err(self.gone_or(e, generation.user_id, generation.job_id).await);
        }
        Ok(generation)
    }

    /// A failed write is [`GenerationError::JobGone`] when the job was deleted meanwhile
    /// (its foreign key refused the row); the write's own error otherwise, so a database
    /// fault stays a fault.
    pub(crate) async fn gone_or(
        &self,
        error: anyhow::Error,
        user: UserId,
        job: JobId,
    ) -> GenerationError {
        match self.ports.jobs.find(user, job).await {
            Ok(None) => GenerationError::JobGone,
            _ => GenerationError::Unexpected(error),
        }
    }
}

/// Metadata of a result the offline composer made in place of a model that failed.
fn fallback_metadata(
    started: Instant,
    model: &dyn LanguageModel,
    purpose: ModelPurpose,
    reason: &str,
) -> ModelMetadata {
    ModelMetadata {
        fallback: Some(format!(
            "{} failed ({reason}); the offline composer wrote this",
            model.model_name(purpose)
        )),
        ..offline_metadata(started)
    }
}

/// Metadata of a result the deterministic pipeline made.
fn offline_metadata(started: Instant) -> ModelMetadata {
    ModelMetadata {
        model: OFFLINE_MODEL.to_owned(),
        tokens: 0,
        processing_time: started.elapsed().as_secs_f64(),
        prompt_version: OFFLINE_VERSION.to_owned(),
        fallback: None,
    }
}

/// A readable account of the ranking's top items: what each matched.
fn rationale(content: &ContentRanking) -> String {
    let mut parts = Vec::new();
    for (kind, items) in [
        ("experience", &content.experiences),
        ("project", &content.projects),
    ] {
        if let Some(top) = items.first() {
            if top.evidence.is_empty() {
                parts.push(format!(
                    "No {kind} matches the job's requirements directly."
                ));
            } else {
                parts.push(format!(
                    "The top {kind} matches {}.",
                    top.evidence
                        .iter()
                        .take(5)
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if parts.is_empty() {
        "The profile has no experiences or projects to rank.".to_owned()
    } else {
        parts.join(" ")
    }
}

mod assisted;
mod metering;
#[cfg(test)]
pub(crate) mod tests;

pub use metering::ModelMetering;
