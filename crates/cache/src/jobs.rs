//! Pages of job lists kept in memory.
//!
//! [`CachingJobRepository`] answers `list_shared` from pages kept by user, filters, order
//! and page for a configured TTL, at most a configured number of pages and none whose
//! texts exceed [`MAX_CACHED_PAGE_BYTES`]. When a page expires, the first reader reloads
//! it and the others are served the expired page meanwhile (so a page can be up to two
//! TTLs old for changes made elsewhere). Every write of a user through this instance (a
//! new job, a save under a lock, a delete) drops all of that user's pages at once, also
//! when the call is cancelled between the commit and its answer, and a read that began
//! before the drop is not put back. A TTL of zero turns the cache off.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tailor_domain::job::{Job, JobFilter, JobId, JobPage, JobSort, Page, StatusChange};
use tailor_domain::ports::{JobRepository, LockedJob};
use tailor_domain::user::UserId;

use crate::ttl::TtlCache;

/// Pages whose texts are larger than this are not kept: a page of long postings would take
/// megabytes (twice, with its rendered body).
const MAX_CACHED_PAGE_BYTES: usize = 256 * 1024;

type ListKey = (UserId, JobFilter, JobSort, Page);

/// The kept pages, shared with the locks handed out.
struct Pages(TtlCache<ListKey, Arc<JobPage>>);

impl Pages {
    fn forget_user(&self, user: UserId) {
        self.0.remove_where(|(owner, ..), _| *owner == user);
    }
}

/// Drops the user's pages when it goes out of scope: after a write, also when the call is
/// cancelled between the commit and its answer.
struct ForgetUser<'a>(&'a Pages, UserId);

impl Drop for ForgetUser<'_> {
    fn drop(&mut self) {
        self.0.forget_user(self.1);
    }
}

/// A [`JobRepository`] whose shared list pages are served from memory.
pub struct CachingJobRepository {
    inner: Arc<dyn JobRepository>,
    pages: Arc<Pages>,
}

impl CachingJobRepository {
    /// Keeps at most `capacity` pages for `ttl` each; a zero `ttl` keeps none.
    pub fn new(inner: Arc<dyn JobRepository>, ttl: Duration, capacity: usize) -> Self {
        Self {
            inner,
            pages: Arc::new(Pages(TtlCache::new(ttl, capacity))),
        }
    }
}

#[async_trait]
impl JobRepository for CachingJobRepository {
    async fn insert(&self, job: &Job, first: &StatusChange) -> anyhow::Result<()> {
        let _forget = ForgetUser(&self.pages, job.user_id);
        self.inner.insert(job, first).await
    }

    async fn find(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Job>> {
        self.inner.find(user_id, id).await
    }

    async fn list(
        &self,
        user_id: UserId,
        filter: &JobFilter,
        sort: JobSort,
        page: Page,
    ) -> anyhow::Result<(Vec<Job>, u64)> {
        self.inner.list(user_id, filter, sort, page).await
    }

    async fn list_shared(
        &self,
        user_id: UserId,
        filter: &JobFilter,
        sort: JobSort,
        page: Page,
    ) -> anyhow::Result<Arc<JobPage>> {
        let key = (user_id, filter.clone(), sort, page);
        if let Some(kept) = self.pages.0.get_or_claim_refresh(&key) {
            return Ok(kept);
        }
        let epoch = self.pages.0.epoch();
        let loaded = self.inner.list_shared(user_id, filter, sort, page).await?;
        if loaded.text_bytes() <= MAX_CACHED_PAGE_BYTES {
            self.pages
                .0
                .put_if(key, Arc::clone(&loaded), epoch, |_| false);
        }
        Ok(loaded)
    }

    async fn lock(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Box<dyn LockedJob>>> {
        Ok(self.inner.lock(user_id, id).await?.map(|inner| {
            Box::new(CachingLockedJob {
                inner,
                pages: Arc::clone(&self.pages),
                user_id,
            }) as Box<dyn LockedJob>
        }))
    }

    async fn delete(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Vec<String>>> {
        let _forget = ForgetUser(&self.pages, user_id);
        self.inner.delete(user_id, id).await
    }

    async fn status_history(
        &self,
        user_id: UserId,
        id: JobId,
        page: Page,
    ) -> anyhow::Result<Option<(Vec<StatusChange>, u64)>> {
        self.inner.status_history(user_id, id, page).await
    }
}

/// A locked job whose save drops its user's pages.
struct CachingLockedJob {
    inner: Box<dyn LockedJob>,
    pages: Arc<Pages>,
    user_id: UserId,
}

#[async_trait]
impl LockedJob for CachingLockedJob {
    fn job(&self) -> &Job {
        self.inner.job()
    }

    async fn save(&mut self, job: &Job, change: Option<StatusChange>) -> anyhow::Result<()> {
        let _forget = ForgetUser(&self.pages, self.user_id);
        self.inner.save(job, change).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use chrono::Utc;
    use tailor_domain::job::{ApplicationStatus, EmploymentType, JobSource, JobStatus};
    use tailor_domain::ports::{MockJobRepository, MockLockedJob};

    use super::*;

    const TTL: Duration = Duration::from_secs(1);
    const PAGE: Page = Page {
        limit: 20,
        offset: 0,
    };

    fn alice() -> UserId {
        UserId::new(1)
    }

    fn bob() -> UserId {
        UserId::new(2)
    }

    fn job(user_id: UserId, raw_text: Option<String>) -> Job {
        Job {
            id: JobId::new_random(),
            user_id,
            source: JobSource::UserCreated,
            title: "Rust Engineer".into(),
            company: Some("Ferrous Labs".into()),
            location: None,
            description: None,
            raw_text,
            source_url: None,
            keywords: vec![],
            requirements: vec![],
            preferred_requirements: vec![],
            responsibilities: vec![],
            benefits: vec![],
            salary_range: None,
            salary: None,
            remote: false,
            work_mode: None,
            employment_type: EmploymentType::FullTime,
            seniority: None,
            years_experience: None,
            status: JobStatus::Active,
            application_status: ApplicationStatus::NotApplied,
            applied_date: None,
            notes: None,
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn first_entry(job: &Job) -> StatusChange {
        StatusChange {
            job_id: job.id,
            from_status: None,
            to_status: job.application_status,
            changed_at: Utc::now(),
        }
    }

    /// Storage whose pages hold one job with `raw_text`, counting the loads.
    fn stored(loads: &Arc<AtomicUsize>, raw_text: Option<String>) -> MockJobRepository {
        let mut inner = MockJobRepository::new();
        let counter = Arc::clone(loads);
        inner.expect_list_shared().returning(move |user, _, _, _| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(Arc::new(JobPage::new(vec![job(user, raw_text.clone())], 1)))
        });
        inner
    }

    fn caching(inner: MockJobRepository) -> CachingJobRepository {
        CachingJobRepository::new(Arc::new(inner), TTL, 100)
    }

    async fn list(repo: &CachingJobRepository, user: UserId) -> Arc<JobPage> {
        repo.list_shared(user, &JobFilter::default(), JobSort::default(), PAGE)
            .await
            .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_is_loaded_once_per_query_and_ttl() {
        let loads = Arc::new(AtomicUsize::new(0));
        let repo = caching(stored(&loads, None));
        let first = list(&repo, alice()).await;
        let again = list(&repo, alice()).await;
        assert!(Arc::ptr_eq(&first, &again), "the same loaded page");
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        list(&repo, bob()).await;
        let filtered = JobFilter {
            remote: Some(true),
            ..JobFilter::default()
        };
        repo.list_shared(alice(), &filtered, JobSort::default(), PAGE)
            .await
            .unwrap();
        assert_eq!(
            loads.load(Ordering::SeqCst),
            3,
            "each user and query its own"
        );
        tokio::time::advance(TTL).await;
        let reloaded = list(&repo, alice()).await;
        assert!(!Arc::ptr_eq(&first, &reloaded));
        assert_eq!(loads.load(Ordering::SeqCst), 4, "expired: loaded again");
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_ttl_loads_every_time() {
        let loads = Arc::new(AtomicUsize::new(0));
        let repo = CachingJobRepository::new(Arc::new(stored(&loads, None)), Duration::ZERO, 9);
        list(&repo, alice()).await;
        list(&repo, alice()).await;
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_of_long_postings_is_not_kept() {
        let loads = Arc::new(AtomicUsize::new(0));
        let long = "x".repeat(MAX_CACHED_PAGE_BYTES);
        let repo = caching(stored(&loads, Some(long)));
        list(&repo, alice()).await;
        list(&repo, alice()).await;
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn every_write_of_a_user_drops_that_user_s_pages_only() {
        let loads = Arc::new(AtomicUsize::new(0));
        let mut inner = stored(&loads, None);
        inner.expect_insert().times(1).returning(|_, _| Ok(()));
        inner.expect_lock().times(1).returning(|_, _| {
            let mut locked = MockLockedJob::new();
            locked.expect_save().times(1).returning(|_, _| Ok(()));
            Ok(Some(Box::new(locked) as Box<dyn LockedJob>))
        });
        inner
            .expect_delete()
            .times(1)
            .returning(|_, _| Err(anyhow::anyhow!("storage is down")));
        let repo = caching(inner);
        list(&repo, alice()).await;
        list(&repo, bob()).await;

        let new = job(alice(), None);
        repo.insert(&new, &first_entry(&new)).await.unwrap();
        list(&repo, alice()).await;
        list(&repo, bob()).await;
        assert_eq!(loads.load(Ordering::SeqCst), 3, "alice's page again");

        let mut locked = repo.lock(alice(), new.id).await.unwrap().unwrap();
        list(&repo, alice()).await;
        assert_eq!(
            loads.load(Ordering::SeqCst),
            3,
            "taking the lock writes nothing"
        );
        locked.save(&new, None).await.unwrap();
        list(&repo, alice()).await;
        assert_eq!(loads.load(Ordering::SeqCst), 4, "after the save");

        // A failed delete may have committed: the pages go all the same.
        assert!(repo.delete(alice(), new.id).await.is_err());
        list(&repo, alice()).await;
        list(&repo, bob()).await;
        assert_eq!(loads.load(Ordering::SeqCst), 5, "bob's page is still kept");
    }

    #[tokio::test(start_paused = true)]
    async fn a_locked_job_is_the_one_storage_locked() {
        let mut inner = MockJobRepository::new();
        let stored = job(alice(), None);
        let expected = stored.id;
        inner.expect_lock().times(1).returning(move |_, _| {
            let mut locked = MockLockedJob::new();
            locked.expect_job().return_const(stored.clone());
            Ok(Some(Box::new(locked) as Box<dyn LockedJob>))
        });
        let repo = caching(inner);
        let locked = repo.lock(alice(), expected).await.unwrap().unwrap();
        assert_eq!(locked.job().id, expected);
    }
}
