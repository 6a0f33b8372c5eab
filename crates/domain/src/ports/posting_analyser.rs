use async_trait::async_trait;

use crate::job::AnalysedPosting;

/// Runs the domain's posting analyser ([`crate::job::analyse_posting`]) where it does not
/// hold up request handling: adapters MUST run it off the async executor (a 15,000-character
/// posting is real CPU work) and SHOULD bound how many run at once.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostingAnalyser: Send + Sync {
    /// # Errors
    /// Only when the work could not be run (the pool is gone, the task panicked).
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting>;

    /// The keywords of any text ([`crate::job::extract_keywords`]): a typed-in job's title,
    /// description and lists, which can be long too.
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn keywords(&self, text: String) -> anyhow::Result<Vec<String>>;
}
