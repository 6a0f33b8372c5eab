//! [`FsDocumentStore`]: the `DocumentStore` port on the local file system.
//!
//! Every object lives under one root folder, at a path made from a server-made key that is
//! checked character by character, so no key can leave the root. Writes go to a temporary
//! file in the same folder, are flushed, then renamed into place: a reader sees the whole
//! object or none. All file I/O runs on the blocking pool.
#![forbid(unsafe_code)]

use std::fs;
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tailor_domain::ports::{
    DependencyError, DependencyFault, DocumentStore, DocumentStoreError, StoredObject,
};

#[derive(Debug, Clone)]
pub struct FsDocumentStore {
    root: PathBuf,
}

impl FsDocumentStore {
    /// Uses (and creates) `root`.
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(root: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let root = root.into();
        fs::create_dir_all(&root)
            .with_context(|| format!("cannot create document folder {}", root.display()))?;
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, DocumentStoreError> {
        if !valid_key(key) {
            return Err(DocumentStoreError::InvalidKey);
        }
        Ok(self.root.join(key))
    }
}

/// `a/b-c_d.e` style keys: ASCII letters, digits, `-`, `_`, `.`, `/` separators; no empty,
/// `.` or `..` segment; no leading `/`; at most 255 characters.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 255
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
        && key
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// An I/O error as `anyhow`, marked as a full storage device when it is one (ENOSPC,
/// EDQUOT), so the caller can say so.
fn io_error(e: std::io::Error) -> anyhow::Error {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            anyhow::Error::new(DependencyError::new(DependencyFault::StorageFull, e))
        }
        _ => anyhow::Error::new(e),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, DocumentStoreError> + Send + 'static,
) -> Result<T, DocumentStoreError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(f))
        .await
        .map_err(|e| DocumentStoreError::Unexpected(anyhow::anyhow!("file task failed: {e}")))?
}

#[async_trait]
impl DocumentStore for FsDocumentStore {
    #[tracing::instrument(skip_all, fields(store.key = %key))]
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<StoredObject, DocumentStoreError> {
        let path = self.path_of(key)?;
        let key = key.to_owned();
        blocking(move || {
            let dir = path.parent().context("key has no folder")?;
            fs::create_dir_all(dir)
                .map_err(io_error)
                .with_context(|| format!("create {}", dir.display()))?;
            let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
            let write = || -> std::io::Result<()> {
                let mut file = fs::File::create(&tmp)?;
                file.write_all(&bytes)?;
                file.sync_all()?;
                fs::rename(&tmp, &path)
            };
            if let Err(e) = write() {
                let _ = fs::remove_file(&tmp);
                return Err(io_error(e)
                    .context(format!("write {}", path.display()))
                    .into());
            }
            Ok(StoredObject {
                key,
                size_bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
            })
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(store.key = %key))]
    async fn get(&self, key: &str) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path_of(key)?;
        blocking(move || match fs::read(&path) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(DocumentStoreError::NotFound),
            Err(e) => Err(anyhow::Error::new(e)
                .context(format!("read {}", path.display()))
                .into()),
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(store.key = %key, store.offset = offset))]
    async fn read_range(
        &self,
        key: &str,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path_of(key)?;
        blocking(move || {
            let read = || -> std::io::Result<Vec<u8>> {
                let file = fs::File::open(&path)?;
                let mut out = Vec::with_capacity(len.min(1 << 20));
                let mut file = std::io::BufReader::new(file);
                file.seek(SeekFrom::Start(offset))?;
                file.take(len as u64).read_to_end(&mut out)?;
                Ok(out)
            };
            match read() {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == ErrorKind::NotFound => Err(DocumentStoreError::NotFound),
                Err(e) => Err(anyhow::Error::new(e)
                    .context(format!("read {}", path.display()))
                    .into()),
            }
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(store.prefix = %prefix))]
    async fn list_older(
        &self,
        prefix: &str,
        before: chrono::DateTime<chrono::Utc>,
        limit: usize,
    ) -> Result<Vec<String>, DocumentStoreError> {
        let top = self.path_of(prefix.trim_end_matches('/'))?;
        let prefix = prefix.trim_end_matches('/').to_owned();
        let before = std::time::SystemTime::from(before);
        blocking(move || {
            let mut found = Vec::new();
            // Breadth first, at most four folders deep (keys are `exports/<user>/<file>`).
            let mut folders = vec![(top, prefix, 0usize)];
            while let Some((dir, key, depth)) = folders.pop() {
                let entries = match fs::read_dir(&dir) {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == ErrorKind::NotFound => continue,
                    Err(e) => {
                        return Err(anyhow::Error::new(e)
                            .context(format!("list {}", dir.display()))
                            .into());
                    }
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let child = format!("{key}/{name}");
                    // Temporary files of writes in progress start with a dot.
                    if name.starts_with('.') || !valid_key(&child) {
                        continue;
                    }
                    let Ok(meta) = entry.metadata() else { continue };
                    if meta.is_dir() {
                        if depth < 4 {
                            folders.push((entry.path(), child, depth + 1));
                        }
                    } else if meta.is_file() && meta.modified().is_ok_and(|m| m < before) {
                        found.push(child);
                        if found.len() >= limit {
                            return Ok(found);
                        }
                    }
                }
            }
            Ok(found)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(store.key = %key))]
    async fn delete(&self, key: &str) -> Result<(), DocumentStoreError> {
        let path = self.path_of(key)?;
        blocking(move || match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(anyhow::Error::new(e)
                .context(format!("delete {}", path.display()))
                .into()),
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, FsDocumentStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = FsDocumentStore::new(dir.path().join("documents")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_full_device_is_reported_as_storage_full_and_other_errors_are_not() {
        let full = io_error(std::io::Error::from(ErrorKind::StorageFull)).context("write x");
        assert_eq!(
            DependencyFault::of(&full),
            Some(DependencyFault::StorageFull)
        );
        let quota = io_error(std::io::Error::from(ErrorKind::QuotaExceeded));
        assert_eq!(
            DependencyFault::of(&quota),
            Some(DependencyFault::StorageFull)
        );
        let denied = io_error(std::io::Error::from(ErrorKind::PermissionDenied));
        assert_eq!(DependencyFault::of(&denied), None);
    }

    #[tokio::test]
    async fn an_object_is_stored_read_back_and_deleted() {
        let (_dir, store) = store();
        let stored = store.put("samples/1/abc", b"hello".to_vec()).await.unwrap();
        assert_eq!(stored.size_bytes, 5);
        assert_eq!(
            stored.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(store.get("samples/1/abc").await.unwrap(), b"hello");
        store.delete("samples/1/abc").await.unwrap();
        assert!(matches!(
            store.get("samples/1/abc").await,
            Err(DocumentStoreError::NotFound)
        ));
        store.delete("samples/1/abc").await.unwrap();
    }

    #[tokio::test]
    async fn ranges_read_pieces_and_stop_at_the_end() {
        let (_dir, store) = store();
        store
            .put("exports/1/x.pdf", b"0123456789".to_vec())
            .await
            .unwrap();
        assert_eq!(
            store.read_range("exports/1/x.pdf", 0, 4).await.unwrap(),
            b"0123"
        );
        assert_eq!(
            store.read_range("exports/1/x.pdf", 7, 100).await.unwrap(),
            b"789"
        );
        assert!(
            store
                .read_range("exports/1/x.pdf", 10, 4)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .read_range("exports/1/x.pdf", 99, 4)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            store.read_range("exports/1/none.pdf", 0, 4).await,
            Err(DocumentStoreError::NotFound)
        ));
        assert!(matches!(
            store.read_range("../x", 0, 4).await,
            Err(DocumentStoreError::InvalidKey)
        ));
    }

    #[tokio::test]
    async fn objects_written_before_a_time_are_listed_under_their_prefix() {
        let (_dir, store) = store();
        store.put("exports/1/a.pdf", b"a".to_vec()).await.unwrap();
        store.put("exports/2/b.zip", b"b".to_vec()).await.unwrap();
        store.put("samples/1/c", b"c".to_vec()).await.unwrap();
        fs::write(store.root().join("exports/1/.x.tmp"), b"partial").unwrap();
        let later = chrono::Utc::now() + chrono::TimeDelta::seconds(5);
        let mut keys = store.list_older("exports/", later, 10).await.unwrap();
        keys.sort();
        assert_eq!(keys, ["exports/1/a.pdf", "exports/2/b.zip"]);
        let earlier = chrono::Utc::now() - chrono::TimeDelta::hours(1);
        assert!(
            store
                .list_older("exports", earlier, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.list_older("exports", later, 1).await.unwrap().len(),
            1
        );
        assert!(
            store
                .list_older("nothing", later, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            store.list_older("../", later, 10).await,
            Err(DocumentStoreError::InvalidKey)
        ));
    }

    #[tokio::test]
    async fn writing_leaves_no_temporary_file_and_replaces_atomically() {
        let (_dir, store) = store();
        store.put("a/b", b"one".to_vec()).await.unwrap();
        store.put("a/b", b"two".to_vec()).await.unwrap();
        let names: Vec<String> = fs::read_dir(store.root().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["b".to_owned()]);
        assert_eq!(store.get("a/b").await.unwrap(), b"two");
    }

    #[tokio::test]
    async fn keys_cannot_leave_the_root() {
        let (_dir, store) = store();
        for key in [
            "../escape",
            "a/../../b",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "",
            "with space",
            "ünï",
            "a\\b",
        ] {
            assert!(
                matches!(
                    store.put(key, b"x".to_vec()).await,
                    Err(DocumentStoreError::InvalidKey)
                ),
                "{key:?}"
            );
            assert!(matches!(
                store.get(key).await,
                Err(DocumentStoreError::InvalidKey)
            ));
        }
    }
}
