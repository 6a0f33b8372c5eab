//! Reading job postings: the analysis of pasted text, the keywords of any text, and a stated
//! pay range.

use async_trait::async_trait;

use crate::job::{AnalysedPosting, SalaryRange};

/// Reads job postings with rules and word lists. Adapters MUST run [`Self::analyse`] and
/// [`Self::keywords`] off the async executor (a 15,000-character posting is real CPU work)
/// and SHOULD bound how many run at once.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostingAnalyser: Send + Sync {
    /// The parts of pasted posting text. Every text of the result is within the `MAX_*`
    /// limits of [`crate::job`].
    ///
    /// # Errors
    /// Only when the work could not be run (the pool is gone, the task panicked).
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting>;

    /// The keywords of any text: a typed-in job's title, description and lists, which can
    /// be long too. Canonical skill names, most relevant first, at most
    /// [`crate::job::MAX_KEYWORDS`].
    ///
    /// # Errors
    /// Only when the work could not be run.
    async fn keywords(&self, text: String) -> anyhow::Result<Vec<String>>;

    /// The pay range a short text states ("$120k-$150k", "£45,000 a year"), if any. The
    /// text is at most [`crate::job::MAX_SALARY_RANGE_LEN`] characters, cheap enough to read
    /// in place.
    fn salary(&self, text: &str) -> Option<SalaryRange>;
}
