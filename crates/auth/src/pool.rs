//! A small pool of low-priority threads for password hashing.
//!
//! Hashing is deliberately CPU-heavy. Running it on tokio's general blocking pool lets a
//! burst of logins start hundreds of concurrent hashes that compete on equal terms with the
//! threads serving every other request. This pool runs at most `threads` hashes at once (the
//! rest wait in a queue, off the async executor) on threads with the lowest scheduling
//! priority, so logins still use every idle core while other requests keep their latency.

use std::sync::{Arc, Mutex};

use anyhow::anyhow;
use tokio::sync::{mpsc, oneshot};

type Job = Box<dyn FnOnce() + Send + 'static>;

#[derive(Clone)]
pub(crate) struct HashPool {
    queue: mpsc::Sender<Job>,
}

impl HashPool {
    /// Starts `threads` worker threads (at least one).
    pub(crate) fn start(threads: usize, low_priority: bool) -> anyhow::Result<Self> {
        let (queue, jobs) = mpsc::channel::<Job>(4096);
        let jobs = Arc::new(Mutex::new(jobs));
        for i in 0..threads.max(1) {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new()
                .name(format!("tailor-hash-{i}"))
                .spawn(move || {
                    if low_priority {
                        // Best effort: without the permission the thread keeps its priority.
                        let _ = thread_priority::set_current_thread_priority(
                            thread_priority::ThreadPriority::Min,
                        );
                    }
                    loop {
                        let job = {
                            let Ok(mut guard) = jobs.lock() else { return };
                            guard.blocking_recv()
                        };
                        match job {
                            Some(job) => job(),
                            None => return,
                        }
                    }
                })
                .map_err(|e| anyhow!("cannot start hashing thread: {e}"))?;
        }
        Ok(Self { queue })
    }

    /// Runs `f` on the pool and waits for its result without blocking the executor.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = oneshot::channel();
        let span = tracing::Span::current();
        self.queue
            .send(Box::new(move || {
                let _ = done.send(span.in_scope(f));
            }))
            .await
            .map_err(|_| anyhow!("hashing pool stopped"))?;
        result.await.map_err(|_| anyhow!("hashing job was dropped"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_off_the_calling_thread_and_return_their_result() {
        let pool = HashPool::start(2, true).unwrap();
        let caller = std::thread::current().id();
        let (value, thread) = pool
            .run(move || (21 * 2, std::thread::current().id()))
            .await
            .unwrap();
        assert_eq!(value, 42);
        assert_ne!(thread, caller);
    }

    #[tokio::test]
    async fn many_jobs_complete_with_few_threads() {
        let pool = HashPool::start(1, false).unwrap();
        let handles: Vec<_> = (0..50u64)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.run(move || i * i).await.unwrap() })
            })
            .collect();
        let mut sum = 0;
        for h in handles {
            sum += h.await.unwrap();
        }
        assert_eq!(sum, (0..50u64).map(|i| i * i).sum::<u64>());
    }
}
