//! The domain's posting analyser, run on the blocking pool so that reading a long posting
//! never holds up an HTTP worker, at most one analysis per core at a time.

use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use tailor_domain::job::{AnalysedPosting, analyse_posting, extract_keywords};
use tailor_domain::ports::PostingAnalyser;
use tokio::sync::Semaphore;

#[derive(Debug, Clone)]
pub struct BlockingPoolAnalyser {
    permits: Arc<Semaphore>,
}

impl Default for BlockingPoolAnalyser {
    /// One analysis per core at a time.
    fn default() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }
}

impl BlockingPoolAnalyser {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .context("analysis permits closed")?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .context("posting analysis task")
    }
}

#[async_trait]
impl PostingAnalyser for BlockingPoolAnalyser {
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting> {
        self.run(move || analyse_posting(&text)).await
    }

    async fn keywords(&self, text: String) -> anyhow::Result<Vec<String>> {
        self.run(move || extract_keywords(&text)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn it_returns_what_the_domain_analyser_reads() {
        let text = "Senior Rust Engineer\nFerrous Labs\n\nWe write Rust and Kubernetes operators.";
        let analyser = BlockingPoolAnalyser::new(1);
        let posting = analyser.analyse(text.to_owned()).await.unwrap();
        assert_eq!(posting, analyse_posting(text));
        assert!(posting.keywords.iter().any(|k| k == "rust"));
        let keywords = analyser
            .keywords("Python and k8s".to_owned())
            .await
            .unwrap();
        assert_eq!(keywords, extract_keywords("Python and k8s"));
    }

    #[tokio::test]
    async fn analyses_beyond_the_limit_wait_for_a_permit_and_all_finish() {
        let analyser = BlockingPoolAnalyser::new(1);
        let runs = (0..8).map(|i| analyser.keywords(format!("Go and Rust {i}")));
        for result in futures_util::future::join_all(runs).await {
            assert!(result.unwrap().contains(&"rust".to_owned()));
        }
    }
}
