//! The background-generation workers of this process: each takes a queued task, runs it
//! while renewing its lease, and looks again. A renewal that finds the task cancelled (or
//! taken by another worker after a stall) stops the work at once. A maintenance task puts
//! the tasks of dead workers back in the queue and purges old ended ones.
//!
//! On shutdown the workers stop taking tasks; running ones get `shutdown_grace` to finish,
//! then go back to the queue without the attempt counted.

use std::sync::Arc;
use std::time::Duration;

use tailor_domain::generation::GenerationTask;
use tailor_domain::ports::LeaseState;
use tailor_domain::services::{GenerationTasks, RunOutcome};
use tailor_http_api::task_hub::TaskHub;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How the workers of this process run.
#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    pub workers: usize,
    pub lease: Duration,
    pub poll: Duration,
    pub recover_every: Duration,
    pub retention: chrono::Duration,
    pub shutdown_grace: Duration,
}

/// The running workers; [`WorkerPool::shutdown`] stops them.
pub struct WorkerPool {
    stop: watch::Sender<bool>,
    running: JoinSet<()>,
    grace: Duration,
}

impl WorkerPool {
    /// Starts the workers and the maintenance task on the current runtime.
    pub fn start(tasks: Arc<GenerationTasks>, hub: Arc<TaskHub>, settings: WorkerSettings) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut running = JoinSet::new();
        let instance = instance_id();
        for n in 0..settings.workers {
            let worker = Worker {
                id: format!("{instance}-{n}"),
                tasks: Arc::clone(&tasks),
                hub: Arc::clone(&hub),
                settings,
                stop: stopped.clone(),
            };
            running.spawn(worker.run());
        }
        running.spawn(maintain(tasks, settings, stopped));
        if settings.workers > 0 {
            tracing::info!(
                workers = settings.workers,
                instance,
                "background generation workers started"
            );
        }
        Self {
            stop,
            running,
            grace: settings.shutdown_grace,
        }
    }

    /// Stops taking tasks, lets running ones finish within the grace period (then hands
    /// them back to the queue), and waits for every worker to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        // The workers end by themselves once the grace period is over; this bound only
        // guards against one stuck in a database call that ignores its deadline.
        let bound = self.grace + Duration::from_secs(15);
        if tokio::time::timeout(bound, async {
            while self.running.join_next().await.is_some() {}
        })
        .await
        .is_err()
        {
            tracing::warn!("background workers did not stop in time; their leases will expire");
            self.running.abort_all();
        }
    }
}

/// This process, as a worker id prefix: host, process id and a random part (a restarted
/// process with the same pid is another worker).
fn instance_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "tailor".to_owned());
    let host: String = host.chars().take(40).collect();
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}-{}-{}", std::process::id(), &random[..8])
}

struct Worker {
    id: String,
    tasks: Arc<GenerationTasks>,
    hub: Arc<TaskHub>,
    settings: WorkerSettings,
    stop: watch::Receiver<bool>,
}

impl Worker {
    /// Shutdown was asked for, or the pool is gone.
    fn stopping(&self) -> bool {
        *self.stop.borrow() || self.stop.has_changed().is_err()
    }

    async fn run(mut self) {
        while !self.stopping() {
            match self.tasks.claim(&self.id).await {
                Ok(Some(task)) => self.run_one(&task).await,
                Ok(None) => self.idle().await,
                Err(e) => {
                    tracing::warn!(error = ?e, worker = %self.id, "could not take a generation task");
                    self.idle().await;
                }
            }
        }
    }

    /// Waits for a local signal, the poll interval or shutdown.
    async fn idle(&mut self) {
        tokio::select! {
            () = self.hub.queued_wait() => {}
            () = tokio::time::sleep(self.settings.poll) => {}
            _ = self.stop.changed() => {}
        }
    }

    async fn run_one(&mut self, task: &GenerationTask) {
        let started = std::time::Instant::now();
        let every = (self.settings.lease / 3).max(Duration::from_millis(500));
        // The work, the lease keeper and the shutdown timer run side by side; whichever
        // ends first decides, and the others are dropped before anything else is written
        // (the work may hold the SQLite write lock; dropping it rolls its transaction back).
        let stop = {
            let work = self.tasks.run(task, &self.id);
            let keeper = keep_lease(&self.tasks, task, &self.id, every);
            let shutdown = shutdown_after_grace(self.stop.clone(), self.settings.shutdown_grace);
            tokio::select! {
                outcome = work => Stop::Ended(outcome),
                stop = keeper => stop,
                stop = shutdown => stop,
            }
        };
        let outcome = match stop {
            Stop::Ended(outcome) => outcome,
            Stop::Cancelled => {
                self.tasks.stop_cancelled(task.id, &self.id).await;
                RunOutcome::Cancelled
            }
            Stop::Lost => RunOutcome::Lost,
            Stop::Shutdown => {
                self.tasks.release(task.id, &self.id).await;
                RunOutcome::Requeued
            }
        };
        tracing::info!(
            generation.id = %task.id,
            worker = %self.id,
            ?outcome,
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "generation task ended"
        );
    }
}

/// Why a running task stopped.
enum Stop {
    /// The work ended by itself.
    Ended(RunOutcome),
    /// Its cancellation was asked for.
    Cancelled,
    /// Another worker holds it now (this one stalled past its lease).
    Lost,
    /// The process is shutting down and the grace period is over.
    Shutdown,
}

/// Renews the lease every `every`; ends when the task was cancelled or the lease lost.
async fn keep_lease(
    tasks: &GenerationTasks,
    task: &GenerationTask,
    worker: &str,
    every: Duration,
) -> Stop {
    let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        renew.tick().await;
        match tasks.renew(task.id, worker).await {
            Ok(LeaseState::Held {
                cancel_requested: false,
            }) => {}
            Ok(LeaseState::Held {
                cancel_requested: true,
            }) => return Stop::Cancelled,
            Ok(LeaseState::Lost) => return Stop::Lost,
            // The lease holds until it expires; the next renewal tries again.
            Err(e) => tracing::warn!(error = ?e, "could not renew a generation lease"),
        }
    }
}

/// Ends `grace` after shutdown was asked for (or the pool went away).
async fn shutdown_after_grace(mut stop: watch::Receiver<bool>, grace: Duration) -> Stop {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            break;
        }
    }
    tokio::time::sleep(grace).await;
    Stop::Shutdown
}

/// Recovers expired leases now and then, and purges old ended tasks once an hour.
async fn maintain(
    tasks: Arc<GenerationTasks>,
    settings: WorkerSettings,
    mut stop: watch::Receiver<bool>,
) {
    let mut recover = tokio::time::interval(settings.recover_every);
    recover.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut purge = tokio::time::interval(Duration::from_secs(3600));
    purge.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = recover.tick() => match tasks.recover().await {
                Ok(r) if r.requeued + r.failed > 0 => tracing::info!(
                    requeued = r.requeued,
                    failed = r.failed,
                    "recovered generation tasks of stopped workers"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "recovery of generation tasks failed"),
            },
            _ = purge.tick() => match tasks.purge(settings.retention).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "purged ended generation tasks"),
                Err(e) => tracing::warn!(error = ?e, "purge of generation tasks failed"),
            },
            _ = stop.changed() => return,
        }
    }
}
