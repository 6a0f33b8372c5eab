//! Generations as durable background tasks: a request is queued, claimed by a worker under
//! a lease, moves through the pipeline's stages, and ends completed (with the generation,
//! which has the task's id), failed (with a reason) or cancelled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DocumentType, GenerationId};
use crate::job::JobId;
use crate::ports::{LetterOptions, ResumeOptions};
use crate::user::UserId;

/// The longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// Where a task is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [Self; 5] = [
        Self::Queued,
        Self::Running,
        Self::Completed,
        Self::Failed,
        Self::Cancelled,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Completed, failed or cancelled: nothing more happens to the task.
    #[must_use]
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

/// The pipeline's stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Reading the job and the profile.
    Analysing,
    /// Ranking the profile's content for the job.
    Ranking,
    /// Composing the document (and asking the model, when there is one).
    Writing,
    /// Scoring it for ATS keyword fit.
    Scoring,
}

impl Stage {
    pub const ALL: [Self; 4] = [Self::Analysing, Self::Ranking, Self::Writing, Self::Scoring];
    /// Where a claimed task starts.
    pub const FIRST: Self = Self::Analysing;

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Analysing => "analysing",
            Self::Ranking => "ranking",
            Self::Writing => "writing",
            Self::Scoring => "scoring",
        }
    }

    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// The share of the work done when this stage starts, in percent.
    #[must_use]
    pub fn progress(self) -> u8 {
        match self {
            Self::Analysing => 5,
            Self::Ranking => 20,
            Self::Writing => 45,
            Self::Scoring => 85,
        }
    }
}

/// What a task makes, with the options of the matching synchronous route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "document_type", rename_all = "snake_case")]
pub enum TaskRequest {
    Resume {
        max_experiences: u32,
        max_projects: u32,
        include_summary: bool,
    },
    CoverLetter {
        company_name: Option<String>,
        hiring_manager_name: Option<String>,
        max_paragraphs: u32,
    },
}

impl TaskRequest {
    #[must_use]
    pub fn resume(options: ResumeOptions) -> Self {
        Self::Resume {
            max_experiences: options.max_experiences,
            max_projects: options.max_projects,
            include_summary: options.include_summary,
        }
    }

    #[must_use]
    pub fn cover_letter(options: LetterOptions) -> Self {
        Self::CoverLetter {
            company_name: options.company_name,
            hiring_manager_name: options.hiring_manager_name,
            max_paragraphs: options.max_paragraphs,
        }
    }

    #[must_use]
    pub fn document_type(&self) -> DocumentType {
        match self {
            Self::Resume { .. } => DocumentType::Resume,
            Self::CoverLetter { .. } => DocumentType::CoverLetter,
        }
    }
}

/// A generation requested to run in the background. Its id is the id the generation gets
/// once it is made.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerationTask {
    pub id: GenerationId,
    pub user_id: UserId,
    pub job_id: JobId,
    pub request: TaskRequest,
    pub status: TaskStatus,
    /// The stage a running task is in (the last one reached, once it ended).
    pub stage: Option<Stage>,
    /// 0–100.
    pub progress: u8,
    /// How many times a worker claimed it.
    pub attempts: u32,
    /// Why it failed, in words a user may read.
    pub error: Option<String>,
    /// Cancellation was asked for while it ran; the worker stops at its next check.
    pub cancel_requested: bool,
    /// The client's `Idempotency-Key`, unique per user.
    pub idempotency_key: Option<String>,
    /// Until when the worker running it holds it; past this, another worker may take it.
    pub lease_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl GenerationTask {
    /// A new queued task.
    #[must_use]
    pub fn queued(
        user_id: UserId,
        job_id: JobId,
        request: TaskRequest,
        idempotency_key: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: GenerationId::new_random(),
            user_id,
            job_id,
            request,
            status: TaskStatus::Queued,
            stage: None,
            progress: 0,
            attempts: 0,
            error: None,
            cancel_requested: false,
            idempotency_key,
            lease_until: None,
            created_at: now,
            updated_at: now,
        }
    }
}

/// One change of a task, as its event stream tells it. `seq` counts from 1 per task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskEvent {
    pub seq: i64,
    pub status: TaskStatus,
    pub stage: Option<Stage>,
    pub progress: u8,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
}

/// Whether an `Idempotency-Key` is acceptable: 1–255 visible ASCII characters.
#[must_use]
pub fn valid_idempotency_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
        && key.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_stages_round_trip_their_names() {
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(TaskStatus::parse("done"), None);
        let progress: Vec<u8> = Stage::ALL.iter().map(|s| s.progress()).collect();
        assert!(progress.windows(2).all(|w| w[0] < w[1]), "{progress:?}");
    }

    #[test]
    fn only_ended_tasks_are_terminal() {
        assert!(!TaskStatus::Queued.is_terminal());
        assert!(!TaskStatus::Running.is_terminal());
        assert!(TaskStatus::Completed.is_terminal());
        assert!(TaskStatus::Failed.is_terminal());
        assert!(TaskStatus::Cancelled.is_terminal());
    }

    #[test]
    fn requests_serialise_with_their_document_type() {
        let r = TaskRequest::resume(ResumeOptions {
            max_experiences: 3,
            max_projects: 2,
            include_summary: true,
        });
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["document_type"], "resume");
        assert_eq!(serde_json::from_value::<TaskRequest>(json).unwrap(), r);
        assert_eq!(r.document_type(), DocumentType::Resume);
    }

    #[test]
    fn idempotency_keys_are_bounded_visible_ascii() {
        assert!(valid_idempotency_key("abc-123_XYZ:~"));
        assert!(!valid_idempotency_key(""));
        assert!(!valid_idempotency_key("with space"));
        assert!(!valid_idempotency_key("é"));
        assert!(!valid_idempotency_key(&"k".repeat(256)));
        assert!(valid_idempotency_key(&"k".repeat(255)));
    }
}
