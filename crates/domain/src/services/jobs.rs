//! Saved jobs: create (from pasted text, from a page's address, or from fields), list with
//! filters, read, update with the application-status timeline, delete with everything that
//! hangs on the job; and the public catalogue of sample postings. Another user's job does
//! not exist for the caller.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::job::{
    AnalysedPosting, ApplicationStatus, BLANK_JOB_NAME, EmploymentType, Job, JobFilter, JobId,
    JobPage, JobSort, JobSource, JobStatus, MAX_COMPANY_LEN, MAX_DESCRIPTION_LEN, MAX_ITEM_LEN,
    MAX_LIST_ITEMS, MAX_LOCATION_LEN, MAX_RAW_TEXT_LEN, MAX_TITLE_LEN, Page, SalaryRange,
    StatusChange, WorkMode, is_readable_posting, job_name,
};
use crate::ports::{
    Clock, DocumentStore, FetchError, FetchedPage, JobPageFetcher, JobRepository, PostingAnalyser,
    StructuredPosting,
};
use crate::user::UserId;
use tailor_text::{field, truncate_words};

/// Why pasted text without words is refused.
pub const UNREADABLE_POSTING: &str = "The text does not contain a readable job posting";

/// The title of a posting that names none. (A posting that names no company has none: the
/// job's `company` is `None`, never a placeholder.)
pub const UNTITLED_POSITION: &str = "Untitled Position";

#[derive(Debug, Error)]
pub enum JobError {
    /// No such job of the caller; carries the id as the caller wrote it.
    #[error("Job with ID '{0}' not found")]
    NotFound(String),
    /// The request is well-formed but cannot be accepted; the text says why (422).
    #[error("{0}")]
    Invalid(String),
    /// The page of a URL import could not be used (422 with the reason).
    #[error("Could not import the job from the URL: {0}")]
    Import(FetchError),
    #[error("At least one field must be provided for update")]
    NothingToUpdate,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A job given field by field (saving a browsed posting, or typing one in).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructuredJob {
    pub title: String,
    pub company: String,
    pub source: Option<JobSource>,
    pub location: Option<String>,
    pub description: Option<String>,
    pub requirements: Vec<String>,
    pub preferred_requirements: Vec<String>,
    pub responsibilities: Vec<String>,
    pub benefits: Vec<String>,
    pub salary_range: Option<String>,
    pub remote: bool,
    pub employment_type: Option<EmploymentType>,
    pub status: Option<JobStatus>,
}

/// The three ways to save a job.
#[derive(Debug, Clone, PartialEq)]
pub enum NewJob {
    /// Pasted posting text, read by the analyser (source `user_created`).
    Text(String),
    /// A posting's address, fetched and read (source `url_import`).
    Url(String),
    Structured(StructuredJob),
}

/// A partial update; `None` leaves a field as it is. An empty `location`, `description` or
/// `notes` clears it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobPatch {
    pub title: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub description: Option<String>,
    pub status: Option<JobStatus>,
    pub application_status: Option<ApplicationStatus>,
    pub applied_date: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

impl JobPatch {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// A title or company the patch sets must not be blank ([`job_name`]).
    fn check(&self) -> Result<(), JobError> {
        let mut names = [&self.title, &self.company].into_iter().flatten();
        if names.any(|name| job_name(name).is_none()) {
            return Err(JobError::Invalid(BLANK_JOB_NAME.to_owned()));
        }
        Ok(())
    }
}

/// The ports the job service uses.
pub struct JobPorts {
    pub jobs: Arc<dyn JobRepository>,
    pub analyser: Arc<dyn PostingAnalyser>,
    pub fetcher: Arc<dyn JobPageFetcher>,
    /// Where files that hang on a job (later: exports) are kept.
    pub store: Arc<dyn DocumentStore>,
    pub clock: Arc<dyn Clock>,
}

/// Rounds an update of a job's text makes before it extracts keywords under the lock:
/// each round lost means another update changed the text in between.
const KEYWORD_ATTEMPTS: usize = 3;

pub struct JobService {
    ports: JobPorts,
}

impl JobService {
    pub fn new(ports: JobPorts) -> Self {
        Self { ports }
    }

    /// Saves a new job for the caller.
    ///
    /// # Errors
    /// [`JobError::Invalid`] for text without a readable posting or a structured job the
    /// rules refuse (a `mock` source); [`JobError::Import`] when a URL cannot be imported.
    #[tracing::instrument(skip_all, fields(user.id = %user))]
    pub async fn create(&self, user: UserId, new: NewJob) -> Result<Job, JobError> {
        let now = self.ports.clock.now();
        let job = match new {
            NewJob::Text(text) => self.read_text(user, text, now).await?,
            NewJob::Url(url) => self.import_url(user, url, now).await?,
            NewJob::Structured(s) => {
                let mut job = from_fields(user, s, now)?;
                job.salary =
                    (job.salary_range.as_deref()).and_then(|r| self.ports.analyser.salary(r));
                job.keywords = self.ports.analyser.keywords(keyword_text(&job)).await?;
                job
            }
        };
        let first = StatusChange {
            job_id: job.id,
            from_status: None,
            to_status: job.application_status,
            changed_at: now,
        };
        self.ports.jobs.insert(&job, &first).await?;
        tracing::info!(job.id = %job.id, job.source = job.source.as_str(), "job saved");
        Ok(job)
    }

    async fn read_text(
        &self,
        user: UserId,
        text: String,
        now: DateTime<Utc>,
    ) -> Result<Job, JobError> {
        if !is_readable_posting(&text) {
            return Err(JobError::Invalid(UNREADABLE_POSTING.to_owned()));
        }
        let posting = self.ports.analyser.analyse(text.clone()).await?;
        Ok(from_posting(
            user,
            posting,
            JobSource::UserCreated,
            Some(text),
            None,
            now,
        ))
    }

    async fn import_url(
        &self,
        user: UserId,
        url: String,
        now: DateTime<Utc>,
    ) -> Result<Job, JobError> {
        let page = match self.ports.fetcher.fetch(&url).await {
            Ok(page) => page,
            Err(FetchError::Unexpected(e)) => return Err(e.into()),
            Err(e) => return Err(JobError::Import(e)),
        };
        match page {
            FetchedPage::Structured(s) => {
                let text = structured_text(&s);
                let posting = self.ports.analyser.analyse(text.clone()).await?;
                Ok(from_structured_page(user, s, posting, text, url, now))
            }
            FetchedPage::Text { title, text } => {
                if !is_readable_posting(&text) {
                    return Err(JobError::Import(FetchError::Empty));
                }
                let text = truncate_words(&text, MAX_RAW_TEXT_LEN).to_owned();
                let mut posting = self.ports.analyser.analyse(text.clone()).await?;
                if posting.title.is_none() {
                    posting.title = title
                        .as_deref()
                        .map(|t| truncate_words(t.trim(), MAX_TITLE_LEN).to_owned())
                        .filter(|t| !t.is_empty());
                }
                Ok(from_posting(
                    user,
                    posting,
                    JobSource::UrlImport,
                    Some(text),
                    Some(url),
                    now,
                ))
            }
        }
    }

    /// One page of the caller's jobs, and how many match.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(
        &self,
        user: UserId,
        filter: JobFilter,
        sort: JobSort,
        page: Page,
    ) -> Result<Arc<JobPage>, JobError> {
        Ok(self
            .ports
            .jobs
            .list_shared(user, &filter, sort, page)
            .await?)
    }

    /// # Errors
    /// [`JobError::NotFound`] for an unknown id or another user's job.
    pub async fn get(&self, user: UserId, id: JobId) -> Result<Job, JobError> {
        self.ports
            .jobs
            .find(user, id)
            .await?
            .ok_or_else(|| JobError::NotFound(id.to_string()))
    }

    /// Applies `patch`. A change of the application status is added to the timeline, and
    /// the first time the status reaches `applied` (or later) without a date given,
    /// `applied_date` becomes now.
    ///
    /// Concurrent updates of one job do not fail each other: the repository holds the job
    /// locked from reading it to saving it, so they land one after another, each on the
    /// job as the previous one left it, and the timeline records every change exactly.
    ///
    /// # Errors
    /// [`JobError::NothingToUpdate`], [`JobError::Invalid`] for a blank title or company,
    /// [`JobError::NotFound`].
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %id))]
    pub async fn update(&self, user: UserId, id: JobId, patch: JobPatch) -> Result<Job, JobError> {
        if patch.is_empty() {
            return Err(JobError::NothingToUpdate);
        }
        patch.check()?;
        // Keywords of a typed-in job follow its text; a parsed job keeps those of the posting
        // it was read from. Extracting them is the slow part, so it happens before the
        // lock, on the job as last seen; if another update changed the text meanwhile, the
        // lock is let go and the keywords extracted again (under the lock only as a last
        // resort, so that the lock is never held while waiting for the analyser).
        let mut seen = self.get(user, id).await?;
        for attempt in 1..=KEYWORD_ATTEMPTS {
            let early = self.keywords_after(&seen, &patch).await?;
            let Some(mut locked) = self.ports.jobs.lock(user, id).await? else {
                return Err(JobError::NotFound(id.to_string()));
            };
            // Read under the lock, so times follow the order in which saves land.
            let now = self.ports.clock.now();
            let mut job = locked.job().clone();
            let (change, text_changed) = apply(&mut job, &patch, now);
            if text_changed && job.raw_text.is_none() {
                let text = keyword_text(&job);
                match early {
                    Some((early_text, keywords)) if early_text == text => job.keywords = keywords,
                    _ if attempt < KEYWORD_ATTEMPTS => {
                        seen = locked.job().clone();
                        drop(locked);
                        continue;
                    }
                    _ => job.keywords = self.ports.analyser.keywords(text).await?,
                }
            }
            job.version += 1;
            job.updated_at = now;
            locked.save(&job, change.clone()).await?;
            if let Some(c) = change {
                tracing::info!(
                    job.from_status = c.from_status.map(ApplicationStatus::as_str),
                    job.to_status = c.to_status.as_str(),
                    "application status changed"
                );
            }
            return Ok(job);
        }
        unreachable!("the last attempt always saves or fails")
    }

    /// The keyword text of `job` once `patch` is applied, and its keywords, when the patch
    /// changes the text of a typed-in job; `None` otherwise.
    async fn keywords_after(
        &self,
        job: &Job,
        patch: &JobPatch,
    ) -> Result<Option<(String, Vec<String>)>, JobError> {
        let mut draft = job.clone();
        let (_, text_changed) = apply(&mut draft, patch, job.updated_at);
        if !text_changed || draft.raw_text.is_some() {
            return Ok(None);
        }
        let text = keyword_text(&draft);
        let keywords = self.ports.analyser.keywords(text.clone()).await?;
        Ok(Some((text, keywords)))
    }

    /// Deletes the job and everything that hangs on it, then the files that belonged to it.
    ///
    /// # Errors
    /// [`JobError::NotFound`] for an unknown id or another user's job.
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %id))]
    pub async fn delete(&self, user: UserId, id: JobId) -> Result<(), JobError> {
        let keys = self
            .ports
            .jobs
            .delete(user, id)
            .await?
            .ok_or_else(|| JobError::NotFound(id.to_string()))?;
        for key in keys {
            if let Err(e) = self.ports.store.delete(&key).await {
                // The job is gone for the user; an orphaned file is only disk space.
                tracing::warn!(error = %e, "could not remove a file of a deleted job");
            }
        }
        Ok(())
    }

    /// One page of the job's application-status timeline, oldest first, and its length.
    ///
    /// # Errors
    /// [`JobError::NotFound`] for an unknown id or another user's job.
    pub async fn status_history(
        &self,
        user: UserId,
        id: JobId,
        page: Page,
    ) -> Result<(Vec<StatusChange>, u64), JobError> {
        self.ports
            .jobs
            .status_history(user, id, page)
            .await?
            .ok_or_else(|| JobError::NotFound(id.to_string()))
    }
}

/// Trimmed, bounded, non-empty list items without duplicates.
fn clean_items(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len().min(MAX_LIST_ITEMS));
    for item in items {
        let item = truncate_words(item.trim(), MAX_ITEM_LEN).to_owned();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
        if out.len() == MAX_LIST_ITEMS {
            break;
        }
    }
    out
}

fn from_posting(
    user: UserId,
    p: AnalysedPosting,
    source: JobSource,
    raw_text: Option<String>,
    source_url: Option<String>,
    now: DateTime<Utc>,
) -> Job {
    let remote = p.remote();
    Job {
        id: JobId::new_random(),
        user_id: user,
        source,
        title: p
            .title
            .as_deref()
            .and_then(|v| field(v, MAX_TITLE_LEN))
            .unwrap_or_else(|| UNTITLED_POSITION.to_owned()),
        company: p.company.as_deref().and_then(|v| field(v, MAX_COMPANY_LEN)),
        location: p
            .location
            .as_deref()
            .and_then(|v| field(v, MAX_LOCATION_LEN)),
        description: field(&p.description, MAX_DESCRIPTION_LEN),
        raw_text,
        source_url,
        keywords: p.keywords,
        requirements: clean_items(p.requirements),
        preferred_requirements: clean_items(p.preferred_requirements),
        responsibilities: clean_items(p.responsibilities),
        benefits: clean_items(p.benefits),
        salary_range: p.salary.as_ref().map(SalaryRange::to_contract_string),
        salary: p.salary,
        remote,
        work_mode: p.work_mode,
        employment_type: p.employment_type.unwrap_or(EmploymentType::FullTime),
        seniority: p.seniority,
        years_experience: p.years_experience,
        status: JobStatus::Active,
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// The text of a structured posting that the analyser reads for what the structured data
/// does not say (requirements, responsibilities, seniority, keywords).
fn structured_text(s: &StructuredPosting) -> String {
    let mut text = String::new();
    text.push_str(&s.title);
    text.push('\n');
    if let Some(company) = &s.company {
        text.push_str(company);
        text.push('\n');
    }
    if let Some(location) = &s.location {
        text.push_str(location);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&s.description);
    if let Some(r) = &s.responsibilities {
        text.push_str("\n\nResponsibilities:\n");
        text.push_str(r);
    }
    if let Some(q) = &s.qualifications {
        text.push_str("\n\nQualifications:\n");
        text.push_str(q);
    }
    truncate_words(&text, MAX_RAW_TEXT_LEN).to_owned()
}

fn from_structured_page(
    user: UserId,
    s: StructuredPosting,
    mut posting: AnalysedPosting,
    text: String,
    url: String,
    now: DateTime<Utc>,
) -> Job {
    // What the page states outright wins over what the analyser reads.
    posting.title = Some(s.title);
    if s.company.is_some() {
        posting.company = s.company;
    }
    if s.location.is_some() {
        posting.location = s.location;
    }
    posting.description = s.description;
    if s.employment_type.is_some() {
        posting.employment_type = s.employment_type;
    }
    if s.salary.is_some() {
        posting.salary = s.salary;
    }
    if s.work_mode.is_some() {
        posting.work_mode = s.work_mode;
    }
    from_posting(
        user,
        posting,
        JobSource::UrlImport,
        Some(text),
        Some(url),
        now,
    )
}

fn from_fields(user: UserId, s: StructuredJob, now: DateTime<Utc>) -> Result<Job, JobError> {
    let source = s.source.unwrap_or(JobSource::UserCreated);
    if source == JobSource::Mock {
        return Err(JobError::Invalid(
            "Mock jobs cannot be saved; save a browsed job with source 'imported'".to_owned(),
        ));
    }
    let (Some(title), Some(company)) = (job_name(&s.title), job_name(&s.company)) else {
        return Err(JobError::Invalid(BLANK_JOB_NAME.to_owned()));
    };
    let (title, company) = (title.to_owned(), company.to_owned());
    let description = s
        .description
        .as_deref()
        .and_then(|v| field(v, MAX_DESCRIPTION_LEN));
    let requirements = clean_items(s.requirements);
    let preferred_requirements = clean_items(s.preferred_requirements);
    let responsibilities = clean_items(s.responsibilities);
    let salary_range = s.salary_range.as_deref().and_then(|v| field(v, usize::MAX));
    Ok(Job {
        id: JobId::new_random(),
        user_id: user,
        source,
        title,
        company: Some(company),
        location: s
            .location
            .as_deref()
            .and_then(|v| field(v, MAX_LOCATION_LEN)),
        description,
        raw_text: None,
        source_url: None,
        // Read from the job's text by the caller, off the executor.
        keywords: Vec::new(),
        requirements,
        preferred_requirements,
        responsibilities,
        benefits: clean_items(s.benefits),
        // Read from the range's text by the caller, through the analyser.
        salary: None,
        salary_range,
        remote: s.remote,
        work_mode: s.remote.then_some(WorkMode::Remote),
        employment_type: s.employment_type.unwrap_or(EmploymentType::FullTime),
        seniority: None,
        years_experience: None,
        status: s.status.unwrap_or(JobStatus::Active),
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// The text a typed-in job's keywords are read from: title, description and lists.
fn keyword_text(job: &Job) -> String {
    let mut text = job.title.clone();
    if let Some(d) = &job.description {
        text.push('\n');
        text.push_str(d);
    }
    for list in [
        &job.requirements,
        &job.preferred_requirements,
        &job.responsibilities,
    ] {
        for item in list {
            text.push('\n');
            text.push_str(item);
        }
    }
    text
}

/// Applies `patch` to `job`; returns the status change it makes, if any, and whether the
/// title or description changed.
fn apply(job: &mut Job, patch: &JobPatch, now: DateTime<Utc>) -> (Option<StatusChange>, bool) {
    let mut text_changed = false;
    if let Some(title) = &patch.title {
        job.title = title.trim().to_owned();
        text_changed = true;
    }
    if let Some(company) = &patch.company {
        job.company = Some(company.trim().to_owned());
    }
    if let Some(location) = &patch.location {
        job.location = field(location, MAX_LOCATION_LEN);
    }
    if let Some(description) = &patch.description {
        job.description = field(description, MAX_DESCRIPTION_LEN);
        text_changed = true;
    }
    if let Some(status) = patch.status {
        job.status = status;
    }
    if let Some(notes) = &patch.notes {
        job.notes = field(notes, usize::MAX);
    }
    if let Some(date) = patch.applied_date {
        job.applied_date = Some(date);
    }
    let change = match patch.application_status {
        Some(to) if to != job.application_status => {
            let change = StatusChange {
                job_id: job.id,
                from_status: Some(job.application_status),
                to_status: to,
                changed_at: now,
            };
            job.application_status = to;
            Some(change)
        }
        _ => None,
    };
    if job.application_status.counts_as_applied() && job.applied_date.is_none() {
        job.applied_date = Some(now);
    }
    (change, text_changed)
}

#[cfg(test)]
mod tests;
