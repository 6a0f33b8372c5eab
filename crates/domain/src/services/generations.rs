//! Generation: rank a profile's content for one saved job, write a tailored resume or cover
//! letter from the ranking, score it for ATS keyword fit, and keep it in the user's
//! history. Another user's job, ranking or generation does not exist for the caller.
//!
//! The pipeline is deterministic at its core: ranking, composing and scoring are ports
//! whose adapters give the same output for the same input.

use std::sync::Arc;
use std::time::Instant;

use thiserror::Error;

use crate::generation::{
    ContentRanking, DocumentType, Generation, GenerationFilter, GenerationId, ModelMetadata,
    Ranking, RankingId,
};
use crate::job::{Job, JobId, Page};
use crate::ports::{
    Clock, Composed, Composer, ContentMatcher, GenerationRepository, JobRepository, LetterOptions,
    ProfileRepository, RankingRepository, ResumeOptions, SampleRepository,
};
use crate::profile::Profile;
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
    #[error("No ranking found for this job")]
    NoRanking,
    #[error("Generation not found")]
    NotFound,
    /// The job was deleted while its document was being made.
    #[error("Job not found")]
    JobGone,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The ports the generation service uses.
pub struct GenerationPorts {
    pub jobs: Arc<dyn JobRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
    pub samples: Arc<dyn SampleRepository>,
    pub rankings: Arc<dyn RankingRepository>,
    pub generations: Arc<dyn GenerationRepository>,
    pub matcher: Arc<dyn ContentMatcher>,
    pub composer: Arc<dyn Composer>,
    pub clock: Arc<dyn Clock>,
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

pub struct GenerationService {
    ports: GenerationPorts,
}

impl GenerationService {
    pub fn new(ports: GenerationPorts) -> Self {
        Self { ports }
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
        let (job, profile) = self.inputs(user, job_id).await?;
        self.rank(user, job, profile).await
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
        let started = Instant::now();
        let (job, profile) = self.inputs(user, request.job_id).await?;
        let ranking = self.current_ranking(user, &job, &profile).await?;
        let composed = self
            .ports
            .composer
            .resume(
                Arc::clone(&profile),
                Arc::new(ranking.content.clone()),
                request.options,
            )
            .await?;
        self.finish(
            user,
            (job, profile),
            &ranking,
            DocumentType::Resume,
            composed,
            started,
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
        let started = Instant::now();
        let (job, profile) = self.inputs(user, request.job_id).await?;
        let ranking = self.current_ranking(user, &job, &profile).await?;
        let style = self.style(user).await?;
        let composed = self
            .ports
            .composer
            .cover_letter(
                Arc::clone(&profile),
                Arc::clone(&job),
                Arc::new(ranking.content.clone()),
                style,
                request.options,
            )
            .await?;
        self.finish(
            user,
            (job, profile),
            &ranking,
            DocumentType::CoverLetter,
            composed,
            started,
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
        if self.ports.generations.delete(user, id).await? {
            Ok(())
        } else {
            Err(GenerationError::NotFound)
        }
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
    ) -> Result<Ranking, GenerationError> {
        if let Some(stored) = self.ports.rankings.find_for_job(user, job.id).await?
            && stored.profile_id == profile.id
            && stored.created_at >= profile.updated_at
            && stored.created_at >= job.updated_at
        {
            return Ok(stored);
        }
        self.rank(user, Arc::clone(job), Arc::clone(profile)).await
    }

    async fn rank(
        &self,
        user: UserId,
        job: Arc<Job>,
        profile: Arc<Profile>,
    ) -> Result<Ranking, GenerationError> {
        let started = Instant::now();
        let content: ContentRanking = self
            .ports
            .matcher
            .rank(Arc::clone(&job), Arc::clone(&profile))
            .await?;
        let ranking = Ranking {
            id: RankingId::new_random(),
            user_id: user,
            job_id: job.id,
            profile_id: profile.id,
            rationale: Some(rationale(&content)),
            content,
            metadata: offline_metadata(started),
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

    /// Scores the document and stores it.
    async fn finish(
        &self,
        user: UserId,
        (job, profile): (Arc<Job>, Arc<Profile>),
        ranking: &Ranking,
        document_type: DocumentType,
        composed: Composed,
        started: Instant,
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
        let generation = Generation {
            id: GenerationId::new_random(),
            user_id: user,
            job_id: job.id,
            ranking_id: Some(ranking.id),
            document_type,
            content_text: composed.text,
            content_structured: composed.structured,
            ats,
            metadata: offline_metadata(started),
            created_at: self.ports.clock.now(),
        };
        if let Err(e) = self.ports.generations.insert(&generation).await {
            return Err(self.gone_or(e, user, job.id).await);
        }
        Ok(generation)
    }

    /// A failed write is [`GenerationError::JobGone`] when the job was deleted meanwhile
    /// (its foreign key refused the row); the write's own error otherwise, so a database
    /// fault stays a fault.
    async fn gone_or(&self, error: anyhow::Error, user: UserId, job: JobId) -> GenerationError {
        match self.ports.jobs.find(user, job).await {
            Ok(None) => GenerationError::JobGone,
            _ => GenerationError::Unexpected(error),
        }
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

#[cfg(test)]
mod tests;
