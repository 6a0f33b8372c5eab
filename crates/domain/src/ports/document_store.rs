//! Storing files (samples, exports) under server-made keys.

use async_trait::async_trait;
use thiserror::Error;

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

#[derive(Debug, Error)]
pub enum DocumentStoreError {
    #[error("no object under this key")]
    NotFound,
    /// The key is not one the server makes (for example it tries to leave the root).
    #[error("invalid storage key")]
    InvalidKey,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Keeps files (uploaded originals, later rendered exports).
///
/// Keys are made by the server (`samples/<user>/<uuid>`): ASCII letters, digits, `-`, `_`,
/// `.` and `/` separators, never `..`. Adapters MUST write atomically (a reader sees the
/// whole object or none), MUST refuse keys outside that shape, and MUST do file I/O off the
/// async executor.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// # Errors
    /// [`DocumentStoreError::InvalidKey`] or storage failures.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<StoredObject, DocumentStoreError>;

    /// # Errors
    /// [`DocumentStoreError::NotFound`] or storage failures.
    async fn get(&self, key: &str) -> Result<Vec<u8>, DocumentStoreError>;

    /// Up to `len` bytes of the object from `offset` (fewer at its end; none past it), so
    /// that a large object is sent in pieces rather than read whole.
    ///
    /// # Errors
    /// [`DocumentStoreError::NotFound`] or storage failures.
    async fn read_range(
        &self,
        key: &str,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>, DocumentStoreError>;

    /// Up to `limit` keys of objects under `prefix` (a folder of keys, `exports/`) last
    /// written before `before`, in no particular order. Objects still being written are not
    /// listed.
    ///
    /// # Errors
    /// [`DocumentStoreError::InvalidKey`] for a prefix that is not a key, or storage
    /// failures.
    async fn list_older(
        &self,
        prefix: &str,
        before: chrono::DateTime<chrono::Utc>,
        limit: usize,
    ) -> Result<Vec<String>, DocumentStoreError>;

    /// Removes the object; removing a missing object is not an error.
    ///
    /// # Errors
    /// Storage failures.
    async fn delete(&self, key: &str) -> Result<(), DocumentStoreError>;
}
