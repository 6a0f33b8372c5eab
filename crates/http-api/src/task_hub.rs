//! In-process notifications of background generations: an event stream waits on its
//! task's [`Watch`] and looks at the database again as soon as a worker of this process
//! changes the task; idle workers wait on [`TaskHub::queued`]. Changes made by another
//! instance reach a stream at its next poll (see `HttpSettings::sse_poll`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use tailor_domain::generation::GenerationId;
use tailor_domain::ports::TaskSignal;
use tokio::sync::Notify;

/// The [`TaskSignal`] of this process.
#[derive(Debug, Default)]
pub struct TaskHub {
    watchers: Mutex<HashMap<GenerationId, Weak<Notify>>>,
    queue: Notify,
}

impl TaskHub {
    #[must_use]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// A handle that is notified whenever the task changes in this process. The entry is
    /// removed when its last handle is dropped.
    #[must_use]
    pub fn watch(self: &Arc<Self>, id: GenerationId) -> Watch {
        let mut watchers = self.lock();
        let notify = match watchers.get(&id).and_then(Weak::upgrade) {
            Some(n) => n,
            None => {
                let n = Arc::new(Notify::new());
                watchers.insert(id, Arc::downgrade(&n));
                n
            }
        };
        Watch {
            hub: Arc::clone(self),
            id,
            notify,
        }
    }

    /// Resolves when a task is queued (or one waiter was told so before it waited).
    pub async fn queued_wait(&self) {
        self.queue.notified().await;
    }

    /// How many tasks have watchers (tests, metrics).
    #[must_use]
    pub fn watched(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<GenerationId, Weak<Notify>>> {
        self.watchers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TaskSignal for TaskHub {
    fn changed(&self, id: GenerationId) {
        let notify = self.lock().get(&id).and_then(Weak::upgrade);
        if let Some(n) = notify {
            n.notify_waiters();
        }
    }

    fn queued(&self) {
        // One idle worker is enough; a permit is kept if none waits right now.
        self.queue.notify_one();
    }
}

/// Notifications of one task's changes.
#[derive(Debug)]
pub struct Watch {
    hub: Arc<TaskHub>,
    id: GenerationId,
    notify: Arc<Notify>,
}

impl Watch {
    /// The notifier to wait on. Create the `notified()` future (and `enable` it) before
    /// reading the task, so a change between the read and the wait is not missed.
    #[must_use]
    pub fn notify(&self) -> Arc<Notify> {
        Arc::clone(&self.notify)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let mut watchers = self.hub.lock();
        // Only this handle left (the map holds a weak one): the entry goes. `watch` takes
        // the same lock to upgrade, so no new handle can appear meanwhile.
        if Arc::strong_count(&self.notify) == 1 {
            watchers.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_wakes_the_tasks_watchers_and_no_others() {
        let hub = TaskHub::new();
        let (a, b) = (GenerationId::new_random(), GenerationId::new_random());
        let wa = hub.watch(a).notify();
        let wb = hub.watch(b).notify();
        let mut na = std::pin::pin!(wa.notified());
        na.as_mut().enable();
        let mut nb = std::pin::pin!(wb.notified());
        nb.as_mut().enable();
        hub.changed(a);
        tokio::time::timeout(std::time::Duration::from_secs(1), na)
            .await
            .expect("the watcher of a is woken");
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(50), nb)
                .await
                .is_err(),
            "the watcher of b sleeps on"
        );
    }

    #[test]
    fn entries_go_with_their_last_watch() {
        let hub = TaskHub::new();
        let id = GenerationId::new_random();
        let first = hub.watch(id);
        let second = hub.watch(id);
        assert_eq!(hub.watched(), 1);
        drop(first);
        assert_eq!(hub.watched(), 1);
        drop(second);
        assert_eq!(hub.watched(), 0);
        // A change of an unwatched task is nothing.
        hub.changed(id);
        assert_eq!(hub.watched(), 0);
    }

    #[tokio::test]
    async fn a_queued_signal_is_kept_for_the_next_idle_worker() {
        let hub = TaskHub::new();
        hub.queued();
        tokio::time::timeout(std::time::Duration::from_secs(1), hub.queued_wait())
            .await
            .expect("the permit was kept");
    }
}
