use async_trait::async_trait;

use crate::job::AnalysedPosting;

/// Runs the domain's posting analyser ([`crate::job::analyse_posting`]) where it does not
/// hold up request handling: adapters MUST run it off the async executor (a 15,000-character
/// posting is real CPU work).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostingAnalyser: Send + Sync {
    /// # Errors
    /// Only when the work could not be run (the pool is gone, the task panicked).
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting>;
}
