//! The default `Mailer`: each message is written as a JSON file to an outbox folder in the
//! data dir (atomically: temp file, then rename) and announced in the log without its
//! content. An SMTP adapter can replace it without touching the domain.

use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;
use serde::Serialize;
use tailor_domain::ports::{DependencyError, DependencyFault, EmailKind, Mailer, OutgoingEmail};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
}

#[derive(Serialize)]
struct OutboxMessage<'a> {
    to: &'a str,
    user_id: i64,
    subject: &'a str,
    body: &'a str,
    kind: &'static str,
    /// The raw reset code, for whoever delivers the outbox (and for tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    reset_token: Option<&'a str>,
    created_at: String,
}

impl OutboxMailer {
    /// # Errors
    /// The folder cannot be created.
    pub fn new(dir: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create outbox {}", dir.display()))?;
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, message: OutgoingEmail) -> anyhow::Result<()> {
        let (kind, token) = match &message.kind {
            EmailKind::PasswordReset { token, .. } => ("password_reset", Some(token.as_str())),
        };
        let now = chrono::Utc::now();
        let json = serde_json::to_vec_pretty(&OutboxMessage {
            to: message.to.as_str(),
            user_id: message.user_id.get(),
            subject: &message.subject,
            body: &message.body,
            kind,
            reset_token: token,
            created_at: now.to_rfc3339(),
        })?;
        let name = format!(
            "{}-{}.json",
            now.format("%Y%m%dT%H%M%S%.6f"),
            Uuid::new_v4()
        );
        let dir = self.dir.clone();
        let path = tokio::task::spawn_blocking(move || -> anyhow::Result<PathBuf> {
            let tmp = dir.join(format!(".{name}.tmp"));
            let path = dir.join(&name);
            let written = std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, &path));
            if let Err(e) = written {
                // A partly written message is no message: leave nothing behind.
                let _ = std::fs::remove_file(&tmp);
                let full = matches!(
                    e.kind(),
                    std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
                );
                let err = if full {
                    anyhow::Error::new(DependencyError::new(DependencyFault::StorageFull, e))
                } else {
                    anyhow::Error::new(e)
                };
                return Err(err.context("write outbox message"));
            }
            Ok(path)
        })
        .await
        .context("outbox task failed")??;
        tracing::info!(
            user.id = %message.user_id,
            mail.kind = kind,
            mail.file = %path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            "email written to outbox"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tailor_domain::user::{Email, UserId};

    #[tokio::test]
    async fn a_message_lands_in_the_outbox_as_json_with_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        mailer
            .send(OutgoingEmail {
                to: Email::parse("jane@example.com").unwrap(),
                user_id: UserId::new(7),
                subject: "Reset".into(),
                body: "code: abc".into(),
                kind: EmailKind::PasswordReset {
                    token: "abc".into(),
                    expires_in_minutes: 30,
                },
            })
            .await
            .unwrap();
        let files: Vec<_> = std::fs::read_dir(mailer.dir()).unwrap().collect();
        assert_eq!(files.len(), 1, "one file, no temp file left behind");
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["to"], "jane@example.com");
        assert_eq!(v["reset_token"], "abc");
        assert_eq!(v["user_id"], 7);
    }

    #[tokio::test]
    async fn a_full_disk_is_reported_as_storage_full_and_leaves_no_partial_file() {
        // A small tmpfs (root only; skipped elsewhere), filled to the last byte.
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return;
        }
        let mailer = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        {
            use std::io::Write;
            let mut filler = std::fs::File::create(dir.path().join("filler")).unwrap();
            while filler.write_all(&[0u8; 512]).is_ok() {}
            while filler.write_all(&[0u8]).is_ok() {}
        }
        let result = mailer
            .send(OutgoingEmail {
                to: Email::parse("jane@example.com").unwrap(),
                user_id: UserId::new(7),
                subject: "Reset".into(),
                body: "x".repeat(8192),
                kind: EmailKind::PasswordReset {
                    token: "abc".into(),
                    expires_in_minutes: 30,
                },
            })
            .await;
        let leftovers = std::fs::read_dir(mailer.dir()).unwrap().count();
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(dir.path())
            .status();
        let err = result.unwrap_err();
        assert_eq!(
            DependencyFault::of(&err),
            Some(DependencyFault::StorageFull),
            "{err:#}"
        );
        assert_eq!(leftovers, 0, "no partial message left behind");
    }
}
