//! Ranking a profile's content for a job, and scoring a document's keyword fit.

use std::sync::Arc;

use async_trait::async_trait;

use crate::generation::{AtsReport, ContentRanking, DocumentType};
use crate::job::Job;
use crate::profile::Profile;

/// Deterministic matching of profiles and documents against a job: the same input always
/// gives the same result. Adapters MUST run the work off the async executor and SHOULD
/// bound how many run at once.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ContentMatcher: Send + Sync {
    /// Every experience, project, achievement and skill of `profile` scored against `job`,
    /// most relevant first, with the evidence of each. Nothing is left out.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn rank(&self, job: Arc<Job>, profile: Arc<Profile>) -> anyhow::Result<ContentRanking>;

    /// How well `document` covers `job`'s keywords (aliases count), with section and
    /// length checks for its type; the profile says which missing keywords could be added
    /// truthfully.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn ats(
        &self,
        job: Arc<Job>,
        profile: Arc<Profile>,
        kind: DocumentType,
        document: String,
    ) -> anyhow::Result<AtsReport>;
}
