//! What `/ready` checks: the database answers, and the folders that take writes (the data
//! folder, the SQLite file's folder) have room for them.

use std::path::PathBuf;

use async_trait::async_trait;
use tailor_domain::ports::{DependencyError, DependencyFault};
use tailor_http_api::ReadinessCheck;
use tailor_persistence::Database;

/// The database answers `SELECT 1`.
pub(crate) struct DatabaseReadiness(pub(crate) Database);

#[async_trait]
impl ReadinessCheck for DatabaseReadiness {
    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await
    }
}

/// Each folder's file system has at least `min_free_bytes` available to this process.
/// Below that, writes start failing with "no space left": the check reports the storage
/// as full, so an orchestrator stops sending traffic and an operator is told before users
/// are.
pub(crate) struct StorageReadiness {
    pub(crate) folders: Vec<PathBuf>,
    pub(crate) min_free_bytes: u64,
}

#[async_trait]
impl ReadinessCheck for StorageReadiness {
    async fn check(&self) -> anyhow::Result<()> {
        let folders = self.folders.clone();
        let min_free = self.min_free_bytes;
        tokio::task::spawn_blocking(move || {
            for folder in &folders {
                let free = available_bytes(folder)?;
                if free < min_free {
                    return Err(anyhow::Error::new(DependencyError::new(
                        DependencyFault::StorageFull,
                        format!(
                            "{} has {free} bytes available, below the {min_free} required",
                            folder.display()
                        ),
                    )));
                }
            }
            Ok(())
        })
        .await?
    }
}

/// Bytes available to an unprivileged writer on the file system holding `folder`.
pub(crate) fn available_bytes(folder: &std::path::Path) -> anyhow::Result<u64> {
    let stat = rustix::fs::statvfs(folder)
        .map_err(std::io::Error::from)
        .map_err(|e| anyhow::anyhow!("statvfs {}: {e}", folder.display()))?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_with_room_is_ready_and_one_below_the_minimum_is_full() {
        let dir = tempfile::tempdir().unwrap();
        let free = available_bytes(dir.path()).unwrap();
        assert!(free > 0);
        let roomy = StorageReadiness {
            folders: vec![dir.path().to_owned()],
            min_free_bytes: 1,
        };
        roomy.check().await.unwrap();
        let demanding = StorageReadiness {
            folders: vec![dir.path().to_owned()],
            min_free_bytes: u64::MAX,
        };
        let err = demanding.check().await.unwrap_err();
        assert_eq!(
            DependencyFault::of(&err),
            Some(DependencyFault::StorageFull)
        );
    }

    #[tokio::test]
    async fn a_missing_folder_is_an_error_not_a_pass() {
        let check = StorageReadiness {
            folders: vec![PathBuf::from("/nonexistent/tailor-ready-check")],
            min_free_bytes: 1,
        };
        let err = check.check().await.unwrap_err();
        assert_eq!(DependencyFault::of(&err), None);
    }
}
