//! Profiles kept in memory for showing them.
//!
//! [`CachingProfileRepository`] answers the shared reads (`find_by_user_shared`,
//! `find_shared`) from profiles kept by owner for a configured TTL; the plain reads that
//! changes start from always go to storage. Writes through this instance take effect at
//! once: a saved profile replaces the kept one, a failed or conflicting save and a delete
//! drop it (also when the call is cancelled), a read that began before a drop is not put
//! back, and a kept profile is never replaced by an older version of itself. Changes made
//! elsewhere are seen within the TTL. A TTL of zero turns the cache off.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tailor_domain::ports::{ProfileRepository, SaveProfileError};
use tailor_domain::profile::{Profile, ProfileId, SectionChanges};
use tailor_domain::user::UserId;

use crate::ttl::TtlCache;

/// A [`ProfileRepository`] whose shared reads are served from memory.
pub struct CachingProfileRepository {
    inner: Arc<dyn ProfileRepository>,
    /// The profile of each owner (one per user).
    profiles: TtlCache<UserId, Arc<Profile>>,
}

impl CachingProfileRepository {
    /// Keeps at most `capacity` profiles for `ttl` each; a zero `ttl` keeps none.
    pub fn new(inner: Arc<dyn ProfileRepository>, ttl: Duration, capacity: usize) -> Self {
        Self {
            inner,
            profiles: TtlCache::new(ttl, capacity),
        }
    }

    /// Keeps a profile read from storage after [`TtlCache::epoch`] gave `epoch`.
    fn keep_read(&self, profile: &Arc<Profile>, epoch: u64) {
        self.profiles
            .put_if(profile.user_id, Arc::clone(profile), epoch, |kept| {
                not_older(kept, profile)
            });
    }
}

/// Keeps a profile just written, unless a later version of it is kept already.
fn keep_written(profiles: &TtlCache<UserId, Arc<Profile>>, written: Arc<Profile>) {
    let owner = written.user_id;
    profiles.put_unless(owner, Arc::clone(&written), |kept| {
        not_older(kept, &written)
    });
}

/// Whether `kept` is `other` at the same or a later version (and so should stay).
fn not_older(kept: &Profile, other: &Profile) -> bool {
    kept.id == other.id && kept.version >= other.version
}

/// Settles the owner's entry when a save is over: keeps `written` if the save went
/// through, and otherwise drops the entry (the save failed, or may have committed before
/// the call was cancelled).
struct Settle<'a> {
    profiles: &'a TtlCache<UserId, Arc<Profile>>,
    owner: UserId,
    written: Option<Arc<Profile>>,
}

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        match self.written.take() {
            Some(written) => keep_written(self.profiles, written),
            None => self.profiles.remove(&self.owner),
        }
    }
}

/// Drops a profile known by its id when it goes out of scope: after a delete, also when
/// the call is cancelled between the commit and its answer.
struct ForgetProfile<'a>(&'a TtlCache<UserId, Arc<Profile>>, ProfileId);

impl Drop for ForgetProfile<'_> {
    fn drop(&mut self) {
        self.0.remove_where(|_, kept| kept.id == self.1);
    }
}

#[async_trait]
impl ProfileRepository for CachingProfileRepository {
    async fn insert(&self, profile: &Profile) -> Result<(), SaveProfileError> {
        self.inner.insert(profile).await?;
        keep_written(&self.profiles, Arc::new(profile.clone()));
        Ok(())
    }

    async fn find(&self, id: ProfileId) -> anyhow::Result<Option<Profile>> {
        self.inner.find(id).await
    }

    async fn find_by_user(&self, user_id: UserId) -> anyhow::Result<Option<Profile>> {
        self.inner.find_by_user(user_id).await
    }

    async fn find_by_user_shared(&self, user_id: UserId) -> anyhow::Result<Option<Arc<Profile>>> {
        if let Some(kept) = self.profiles.get(&user_id) {
            return Ok(Some(kept));
        }
        let epoch = self.profiles.epoch();
        let found = self.inner.find_by_user_shared(user_id).await?;
        if let Some(profile) = &found {
            self.keep_read(profile, epoch);
        }
        Ok(found)
    }

    async fn find_shared(
        &self,
        id: ProfileId,
        reader: UserId,
    ) -> anyhow::Result<Option<Arc<Profile>>> {
        if let Some(kept) = self.profiles.get(&reader)
            && kept.id == id
        {
            return Ok(Some(kept));
        }
        let epoch = self.profiles.epoch();
        let found = self.inner.find_shared(id, reader).await?;
        if let Some(profile) = &found
            && profile.user_id == reader
        {
            self.keep_read(profile, epoch);
        }
        Ok(found)
    }

    async fn update(
        &self,
        profile: &Profile,
        expected_version: i64,
        sections: SectionChanges,
    ) -> Result<(), SaveProfileError> {
        let mut settle = Settle {
            profiles: &self.profiles,
            owner: profile.user_id,
            written: None,
        };
        let saved = self.inner.update(profile, expected_version, sections).await;
        if saved.is_ok() {
            settle.written = Some(Arc::new(profile.clone()));
        }
        saved
    }

    async fn delete(&self, id: ProfileId) -> anyhow::Result<bool> {
        let _forget = ForgetProfile(&self.profiles, id);
        self.inner.delete(id).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use chrono::Utc;
    use mockall::predicate::eq;
    use serde_json::Map;
    use tailor_domain::ports::MockProfileRepository;
    use tailor_domain::profile::{PersonalInfo, Skills};

    use super::*;

    const TTL: Duration = Duration::from_secs(1);

    fn me() -> UserId {
        UserId::new(1)
    }

    fn profile_id() -> ProfileId {
        ProfileId::from_uuid(uuid::Uuid::from_u128(7))
    }

    fn profile(version: i64) -> Profile {
        Profile {
            id: profile_id(),
            user_id: me(),
            personal_info: PersonalInfo::default(),
            professional_summary: Some(format!("version {version}")),
            enhanced_professional_summary: None,
            enhancement_metadata: Map::new(),
            skills: Skills::default(),
            experiences: vec![],
            education: vec![],
            projects: vec![],
            custom_fields: Map::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version,
        }
    }

    /// Storage holding `profile(1)`, counting the shared reads that reach it.
    fn stored(reads: &Arc<AtomicUsize>) -> MockProfileRepository {
        let mut inner = MockProfileRepository::new();
        let counter = Arc::clone(reads);
        inner
            .expect_find_shared()
            .with(eq(profile_id()), mockall::predicate::always())
            .returning(move |_, _| {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(Some(Arc::new(profile(1))))
            });
        let counter = Arc::clone(reads);
        inner
            .expect_find_by_user_shared()
            .with(eq(me()))
            .returning(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(Some(Arc::new(profile(1))))
            });
        inner
    }

    fn caching(inner: MockProfileRepository) -> CachingProfileRepository {
        CachingProfileRepository::new(Arc::new(inner), TTL, 100)
    }

    async fn shown(repo: &CachingProfileRepository) -> i64 {
        repo.find_shared(profile_id(), me())
            .await
            .unwrap()
            .unwrap()
            .version
    }

    #[tokio::test(start_paused = true)]
    async fn a_profile_is_read_from_storage_once_per_ttl_by_id_or_by_owner() {
        let reads = Arc::new(AtomicUsize::new(0));
        let repo = caching(stored(&reads));
        let first = repo.find_shared(profile_id(), me()).await.unwrap().unwrap();
        let again = repo.find_shared(profile_id(), me()).await.unwrap().unwrap();
        let mine = repo.find_by_user_shared(me()).await.unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &again) && Arc::ptr_eq(&first, &mine));
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        tokio::time::advance(TTL).await;
        repo.find_by_user_shared(me()).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2, "expired: read again");
    }

    #[tokio::test(start_paused = true)]
    async fn another_user_s_read_is_not_kept_and_does_not_see_the_owner_s_entry() {
        let reads = Arc::new(AtomicUsize::new(0));
        let repo = caching(stored(&reads));
        let someone_else = UserId::new(2);
        repo.find_shared(profile_id(), me()).await.unwrap();
        for _ in 0..2 {
            let seen = repo.find_shared(profile_id(), someone_else).await.unwrap();
            assert_eq!(
                seen.unwrap().user_id,
                me(),
                "the caller decides who may see it"
            );
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn the_plain_reads_always_go_to_storage() {
        let mut inner = MockProfileRepository::new();
        inner
            .expect_find()
            .times(2)
            .returning(|_| Ok(Some(profile(1))));
        inner
            .expect_find_by_user()
            .times(2)
            .returning(|_| Ok(Some(profile(1))));
        let repo = caching(inner);
        for _ in 0..2 {
            repo.find(profile_id()).await.unwrap();
            repo.find_by_user(me()).await.unwrap();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_saved_profile_is_read_back_at_once_and_never_replaced_by_an_older_one() {
        let reads = Arc::new(AtomicUsize::new(0));
        let mut inner = stored(&reads);
        inner.expect_update().times(2).returning(|_, _, _| Ok(()));
        let repo = caching(inner);
        assert_eq!(shown(&repo).await, 1);
        // Two saves whose answers come back out of order.
        repo.update(&profile(3), 2, SectionChanges::NONE)
            .await
            .unwrap();
        repo.update(&profile(2), 1, SectionChanges::NONE)
            .await
            .unwrap();
        assert_eq!(shown(&repo).await, 3);
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_created_profile_is_kept_at_once() {
        let mut inner = MockProfileRepository::new();
        inner.expect_insert().times(1).returning(|_| Ok(()));
        inner.expect_find_shared().never();
        let repo = caching(inner);
        repo.insert(&profile(1)).await.unwrap();
        assert_eq!(shown(&repo).await, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_conflicting_or_failed_save_and_a_delete_drop_the_kept_profile() {
        let reads = Arc::new(AtomicUsize::new(0));
        let mut inner = stored(&reads);
        let mut answers = vec![
            Err(SaveProfileError::Unexpected(anyhow::anyhow!(
                "storage is down"
            ))),
            Err(SaveProfileError::Conflict),
        ];
        inner
            .expect_update()
            .times(2)
            .returning(move |_, _, _| answers.pop().unwrap());
        inner.expect_delete().times(1).returning(|_| Ok(true));
        let repo = caching(inner);
        shown(&repo).await;
        assert!(
            repo.update(&profile(2), 1, SectionChanges::NONE)
                .await
                .is_err()
        );
        shown(&repo).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2, "after the conflict");
        assert!(
            repo.update(&profile(2), 1, SectionChanges::NONE)
                .await
                .is_err()
        );
        shown(&repo).await;
        assert_eq!(reads.load(Ordering::SeqCst), 3, "after the failure");
        assert!(repo.delete(profile_id()).await.unwrap());
        shown(&repo).await;
        assert_eq!(reads.load(Ordering::SeqCst), 4, "after the delete");
    }
}
