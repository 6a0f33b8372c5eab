//! Runs CPU-bound text work on tokio's blocking pool, at most a fixed number at a time, so
//! that a long posting or sample never holds up an HTTP worker.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Semaphore;

#[derive(Debug, Clone)]
pub(crate) struct BlockingPool {
    permits: Arc<Semaphore>,
}

impl BlockingPool {
    /// At most `concurrency` runs at a time (at least one).
    pub(crate) fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    /// Runs `work` on the blocking pool in the caller's tracing span, once a permit is free.
    pub(crate) async fn run<T: Send + 'static>(
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
            .context("analysis task")
    }
}
