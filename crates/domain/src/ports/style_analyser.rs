//! Profiling the writing style of a text.

use async_trait::async_trait;

use crate::sample::WritingStyle;

/// Profiles how a text is written ([`WritingStyle`]). The same text always gives the same
/// profile. Adapters MUST run the work off the async executor (a long sample is real CPU
/// work) and SHOULD bound how many run at once.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait StyleAnalyser: Send + Sync {
    /// # Errors
    /// Only when the work could not be run (the pool is gone, the task panicked).
    async fn analyse(&self, text: String) -> anyhow::Result<WritingStyle>;
}
