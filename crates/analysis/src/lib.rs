//! The adapter between the text engines and the domain: it implements the domain's
//! [`PostingAnalyser`], [`StyleAnalyser`], `ContentMatcher` and `Composer` ports with the
//! posting, skills, style, matching and compose engines (pure crates with their own types), maps their types to the domain's, and runs
//! the work on the blocking pool, a bounded number at a time. It also ships the browse
//! catalogue, whose keywords the skills engine computed.
//!
//! [`Engines::load`] reads and checks all shipped data (the skills vocabulary, the
//! catalogue) once, when the program starts: a bad data file stops the start, and no
//! request ever builds an index on an HTTP worker.
#![forbid(unsafe_code)]

mod catalogue;
mod generation;
mod mapping;
mod pool;

use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use tailor_domain::job::{AnalysedPosting, Catalogue, SalaryRange};
use tailor_domain::ports::{PostingAnalyser, StyleAnalyser};
use tailor_domain::sample::WritingStyle;

pub use catalogue::shipped_catalogue;
pub use generation::{ComposeEngine, MatchingEngine};
use pool::BlockingPool;

/// The engines behind the domain's ports, and the shipped catalogue.
#[derive(Clone)]
pub struct Engines {
    pub posting: Arc<PostingEngine>,
    pub style: Arc<StyleEngine>,
    pub matching: Arc<MatchingEngine>,
    pub composer: Arc<ComposeEngine>,
    pub catalogue: Arc<Catalogue>,
}

impl Engines {
    /// Checks the shipped data and shares one pool of `concurrency` analyses at a time
    /// (at least one) between the engines.
    ///
    /// # Errors
    /// The skills vocabulary or the catalogue is invalid.
    pub fn load(concurrency: usize) -> anyhow::Result<Self> {
        tailor_skills::Vocabulary::shipped()
            .map_err(|e| anyhow::anyhow!("the shipped skills vocabulary is invalid: {e}"))?;
        tailor_posting::load_word_lists();
        let catalogue = shipped_catalogue()
            .map_err(|e| anyhow::anyhow!("the shipped job catalogue is invalid: {e}"))?;
        let pool = BlockingPool::new(concurrency);
        Ok(Self {
            posting: Arc::new(PostingEngine { pool: pool.clone() }),
            style: Arc::new(StyleEngine { pool: pool.clone() }),
            matching: Arc::new(MatchingEngine { pool: pool.clone() }),
            composer: Arc::new(ComposeEngine { pool }),
            catalogue: Arc::new(catalogue),
        })
    }
}

/// The posting analyser and the skills matcher, as the domain's [`PostingAnalyser`].
#[derive(Debug, Clone)]
pub struct PostingEngine {
    pool: BlockingPool,
}

#[async_trait]
impl PostingAnalyser for PostingEngine {
    async fn analyse(&self, text: String) -> anyhow::Result<AnalysedPosting> {
        self.pool
            .run(move || mapping::posting(tailor_posting::analyse_posting(&text)))
            .await
            .context("posting analysis")
    }

    async fn keywords(&self, text: String) -> anyhow::Result<Vec<String>> {
        self.pool
            .run(move || tailor_skills::extract_keywords(&text))
            .await
            .context("keyword extraction")
    }

    fn salary(&self, text: &str) -> Option<SalaryRange> {
        tailor_posting::parse_salary(text).map(mapping::salary)
    }
}

/// The writing-style engine, as the domain's [`StyleAnalyser`].
#[derive(Debug, Clone)]
pub struct StyleEngine {
    pool: BlockingPool,
}

#[async_trait]
impl StyleAnalyser for StyleEngine {
    async fn analyse(&self, text: String) -> anyhow::Result<WritingStyle> {
        self.pool
            .run(move || mapping::style(tailor_style::analyse(&text)))
            .await
            .context("writing-style analysis")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engines(concurrency: usize) -> Engines {
        Engines::load(concurrency).expect("the shipped data is valid")
    }

    #[tokio::test]
    async fn the_posting_engine_returns_what_the_analyser_reads_mapped() {
        let text = "Senior Rust Engineer\nFerrous Labs\n\nWe write Rust and Kubernetes operators.";
        let posting = engines(1).posting.analyse(text.to_owned()).await.unwrap();
        assert_eq!(
            posting,
            mapping::posting(tailor_posting::analyse_posting(text))
        );
        assert_eq!(posting.title.as_deref(), Some("Senior Rust Engineer"));
        assert!(posting.keywords.iter().any(|k| k == "rust"));
        let keywords = engines(1)
            .posting
            .keywords("Python and k8s".to_owned())
            .await
            .unwrap();
        assert_eq!(keywords, ["python", "kubernetes"]);
    }

    #[tokio::test]
    async fn a_stated_range_is_read_in_place() {
        let salary = engines(1).posting.salary("$120,000 - $150,000").unwrap();
        assert_eq!(
            salary,
            SalaryRange::whole(120_000, 150_000, &salary.currency, salary.period)
        );
        assert_eq!(salary.currency, "USD");
        assert!(engines(1).posting.salary("competitive").is_none());
    }

    #[tokio::test]
    async fn the_style_engine_profiles_a_text() {
        let style = engines(1)
            .style
            .analyse("I led the team. We shipped it! I'm proud of that.".to_owned())
            .await
            .unwrap();
        assert_eq!(style.sentence_count, 3);
        assert_eq!(style.word_count, 11);
        assert!(style.first_person_ratio > 0.6);
    }

    #[tokio::test]
    async fn analyses_beyond_the_limit_wait_for_a_permit_and_all_finish() {
        let engines = engines(1);
        let runs = (0..8).map(|i| engines.posting.keywords(format!("Go and Rust {i}")));
        for result in futures_util::future::join_all(runs).await {
            assert!(result.unwrap().contains(&"rust".to_owned()));
        }
    }
}
