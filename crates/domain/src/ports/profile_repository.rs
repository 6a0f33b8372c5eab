//! Storing master resume profiles with their sections, versioned.

use std::sync::Arc;

use async_trait::async_trait;
use thiserror::Error;

use crate::profile::{Profile, ProfileId, SectionChanges};
use crate::user::UserId;

#[derive(Debug, Error)]
pub enum SaveProfileError {
    /// The user already has a profile (one per user).
    #[error("user already has a profile")]
    AlreadyExists,
    /// The stored version is not the expected one: someone saved in between.
    #[error("profile was changed concurrently")]
    Conflict,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Stores profiles with their experiences, education and projects.
///
/// Adapters MUST load a profile with a constant number of queries, whatever its size, and
/// MUST write each call in one transaction.
///
/// The `*_shared` reads are for showing a profile, never for changing it: a decorator may
/// answer them from memory, up to its time to live behind changes made elsewhere. Changes
/// start from [`ProfileRepository::find`].
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ProfileRepository: Send + Sync {
    /// Stores a new profile and all of its sections.
    ///
    /// # Errors
    /// MUST return [`SaveProfileError::AlreadyExists`] when the user has a profile (also
    /// when a concurrent create won); nothing is stored on any error.
    async fn insert(&self, profile: &Profile) -> Result<(), SaveProfileError>;

    /// # Errors
    /// Storage failures; an unknown id is `Ok(None)`.
    async fn find(&self, id: ProfileId) -> anyhow::Result<Option<Profile>>;

    /// # Errors
    /// Storage failures.
    async fn find_by_user(&self, user_id: UserId) -> anyhow::Result<Option<Profile>>;

    /// The user's profile, to read (see the trait's notes); by default
    /// [`ProfileRepository::find_by_user`].
    ///
    /// # Errors
    /// Storage failures.
    async fn find_by_user_shared(&self, user_id: UserId) -> anyhow::Result<Option<Arc<Profile>>> {
        Ok(self.find_by_user(user_id).await?.map(Arc::new))
    }

    /// Profile `id` as `reader` asks for it, to read (see the trait's notes); whether
    /// `reader` may see it is the caller's rule. By default [`ProfileRepository::find`].
    ///
    /// # Errors
    /// Storage failures; an unknown id is `Ok(None)`.
    async fn find_shared(
        &self,
        id: ProfileId,
        reader: UserId,
    ) -> anyhow::Result<Option<Arc<Profile>>> {
        let _ = reader;
        Ok(self.find(id).await?.map(Arc::new))
    }

    /// Saves `profile` if its stored version is still `expected_version` (the stored
    /// version becomes `profile.version`), replacing the sections `sections` names and
    /// rewriting the profile row, in one transaction.
    ///
    /// # Errors
    /// [`SaveProfileError::Conflict`] when the version moved on; nothing is changed then.
    async fn update(
        &self,
        profile: &Profile,
        expected_version: i64,
        sections: SectionChanges,
    ) -> Result<(), SaveProfileError>;

    /// Deletes the profile and everything that hangs on it, in one transaction. Returns
    /// whether it existed.
    ///
    /// # Errors
    /// Storage failures.
    async fn delete(&self, id: ProfileId) -> anyhow::Result<bool>;
}
