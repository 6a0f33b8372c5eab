//! The default `Mailer`: each message is written as a JSON file to an outbox folder in the
//! data dir (atomically: temp file, then rename) and announced in the log without its
//! content. An SMTP adapter can replace it without touching the domain.

use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;
use serde::Serialize;
use tailor_domain::ports::{EmailKind, Mailer, OutgoingEmail};
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
            std::fs::write(&tmp, json).context("write outbox message")?;
            std::fs::rename(&tmp, &path).context("publish outbox message")?;
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
}
