//! The JWT signing secret: configured, or (outside production) generated once and kept in
//! the data folder so tokens survive restarts.

use std::path::Path;

use anyhow::Context;
use secrecy::SecretString;

use crate::settings::Settings;

const SECRET_FILE: &str = "jwt_secret";

/// # Errors
/// Production without a configured secret, or an unreadable/unwritable secret file.
pub fn resolve_jwt_secret(settings: &Settings) -> anyhow::Result<SecretString> {
    if let Some(secret) = settings.jwt_secret() {
        return Ok(secret.clone());
    }
    if settings.is_production() {
        anyhow::bail!("auth.jwt_secret: required in production");
    }
    let path = settings.data.dir.join(SECRET_FILE);
    if path.is_file() {
        let stored =
            std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
        let stored = stored.trim();
        if stored.len() >= 32 {
            return Ok(SecretString::from(stored.to_owned()));
        }
    }
    let secret = generate()?;
    write_private(&path, &secret)?;
    tracing::warn!(
        file = %path.display(),
        "no auth.jwt_secret configured: generated one and stored it in the data folder; \
         configure TAILOR__AUTH__JWT_SECRET for any shared or production deployment"
    );
    Ok(SecretString::from(secret))
}

fn generate() -> anyhow::Result<String> {
    let mut bytes = [0u8; 48];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn write_private(path: &Path, secret: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, secret).with_context(|| format!("write {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("chmod {}", tmp.display()))?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("write {}", path.display()))
}
