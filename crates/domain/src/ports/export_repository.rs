//! Keeping exports, and signing their download links.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::export::{Export, ExportFormat, ExportId};
use crate::job::{JobId, Page};
use crate::user::UserId;

/// Which of a user's exports a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportFilter {
    pub format: Option<ExportFormat>,
    pub job_id: Option<JobId>,
}

/// Exports. Every user-facing method is scoped to one user and sees only exports that
/// have not expired at `now`: another user's or an expired export does not exist for it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ExportRepository: Send + Sync {
    /// Stores the export, in one transaction, only while what it was made from still
    /// exists (its generation, else its job): `false` (and nothing stored) when it is gone.
    ///
    /// # Errors
    /// Storage failures.
    async fn insert(&self, export: &Export) -> anyhow::Result<bool>;

    /// One page of the user's live exports matching `filter`, newest first, and how many
    /// match in all, plus their total size in bytes. Two queries whatever the page size.
    ///
    /// # Errors
    /// Storage failures.
    async fn list(
        &self,
        user_id: UserId,
        filter: ExportFilter,
        page: Page,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(Vec<Export>, u64, u64)>;

    /// # Errors
    /// Storage failures.
    async fn find(
        &self,
        user_id: UserId,
        id: ExportId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Export>>;

    /// The live export kept under a storage key, whoever owns it (a signed download link
    /// names the key, not the user).
    ///
    /// # Errors
    /// Storage failures.
    async fn find_by_key(&self, key: &str, now: DateTime<Utc>) -> anyhow::Result<Option<Export>>;

    /// Deletes the user's export (expired or not); its storage key, or `None` when there
    /// was none.
    ///
    /// # Errors
    /// Storage failures.
    async fn delete(&self, user_id: UserId, id: ExportId) -> anyhow::Result<Option<String>>;

    /// Which of `keys` belong to an export (live or expired), whoever owns it. One query.
    ///
    /// # Errors
    /// Storage failures.
    async fn known_keys(&self, keys: &[String]) -> anyhow::Result<Vec<String>>;

    /// Deletes up to `limit` exports that expired before `now`, whoever owns them; their
    /// storage keys.
    ///
    /// # Errors
    /// Storage failures.
    async fn purge_expired(&self, now: DateTime<Utc>, limit: u64) -> anyhow::Result<Vec<String>>;
}

/// Signs and checks download links: a token that binds a storage key to an expiry time,
/// so that a link works without an `Authorization` header and cannot be altered.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait LinkSigner: Send + Sync {
    /// The token of `key` until `expires` (Unix seconds).
    fn sign(&self, key: &str, expires: i64) -> String;

    /// Whether `token` is the one [`Self::sign`] gives for `key` and `expires`, compared in
    /// constant time.
    fn verify(&self, key: &str, expires: i64, token: &str) -> bool;
}
