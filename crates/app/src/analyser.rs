//! The domain's posting analyser, run on the blocking pool so that reading a long posting
//! never holds up an HTTP worker.

use anyhow::Context;
use async_trait::async_trait;
use tailor_domain::job::{AnalysedPosting, analyse_posting};
use tailor_domain::ports::PostingAnalyser;

#[derive(Debug, Default, Clone, Copy)]
pub struct BlockingPoolAnalyser;

#[async_trait]
impl PostingAnalyser for BlockingPoolAnalyser {
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting> {
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| analyse_posting(&text)))
            .await
            .context("posting analysis task")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn it_returns_what_the_domain_analyser_reads() {
        let text = "Senior Rust Engineer\nFerrous Labs\n\nWe write Rust and Kubernetes operators.";
        let posting = BlockingPoolAnalyser.analyse(text.to_owned()).await.unwrap();
        assert_eq!(posting, analyse_posting(text));
        assert!(posting.keywords.iter().any(|k| k == "rust"));
    }
}
