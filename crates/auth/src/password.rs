use anyhow::anyhow;
use argon2::{
    Algorithm, Argon2, Params, PasswordHash as PhcHash, PasswordHasher as _, PasswordVerifier as _,
    Version,
};
use async_trait::async_trait;
use tailor_domain::ports::{PasswordCheck, PasswordHasher};
use tailor_domain::user::{Password, PasswordHash};

use crate::pool::HashPool;

/// argon2id cost parameters and the hashing pool. The defaults are OWASP's recommendation
/// (19 MiB of memory, 2 iterations, 1 lane) and one low-priority hashing thread per core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Concurrent hashes; 0 means one per CPU core.
    pub threads: usize,
    /// Run hashing threads at the lowest scheduling priority.
    pub low_priority: bool,
}

impl Default for Argon2Settings {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
            threads: 0,
            low_priority: true,
        }
    }
}

/// Hashes new passwords with argon2id and verifies argon2id and legacy bcrypt (`$2a$`,
/// `$2b$`, `$2y$`) hashes. All hashing runs on the blocking pool.
#[derive(Clone)]
pub struct Argon2PasswordHasher {
    params: Params,
    dummy_hash: String,
    pool: HashPool,
}

impl Argon2PasswordHasher {
    /// Builds the hasher and computes, once, the dummy hash that unknown-account logins are
    /// verified against (call it before serving, not on the async executor).
    ///
    /// # Errors
    /// Parameters argon2 refuses (for example less than 8 KiB of memory).
    pub fn new(settings: Argon2Settings) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )
        .map_err(|e| anyhow!("invalid argon2 parameters: {e}"))?;
        let dummy_hash = hash_with(&params, "tailor-dummy-password-for-timing")?;
        let threads = match settings.threads {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let pool = HashPool::start(threads, settings.low_priority)?;
        Ok(Self {
            params,
            dummy_hash,
            pool,
        })
    }

    /// Hashes synchronously; for benchmarks and tools. Services use the async port.
    ///
    /// # Errors
    /// An internal argon2 failure.
    pub fn hash_blocking(&self, password: &str) -> anyhow::Result<String> {
        hash_with(&self.params, password)
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_with(params: &Params, password: &str) -> anyhow::Result<String> {
    let hash = argon2(params)
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow!("argon2 hash failed: {e}"))?;
    Ok(hash.to_string())
}

fn is_bcrypt(hash: &str) -> bool {
    ["$2a$", "$2b$", "$2y$", "$2x$"]
        .iter()
        .any(|p| hash.starts_with(p))
}

/// Checks `password` against `stored`; runs on the calling (blocking) thread.
fn verify_with(params: &Params, password: &str, stored: &str) -> PasswordCheck {
    if is_bcrypt(stored) {
        // The previous deployment used bcrypt, which only reads the first 72 bytes.
        return match bcrypt::verify(password.as_bytes(), stored) {
            Ok(true) => PasswordCheck::Valid { needs_rehash: true },
            _ => PasswordCheck::Invalid,
        };
    }
    let Ok(parsed) = PhcHash::new(stored) else {
        return PasswordCheck::Invalid;
    };
    if argon2(params)
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return PasswordCheck::Invalid;
    }
    let current = parsed.algorithm.as_str() == "argon2id"
        && Params::try_from(&parsed).is_ok_and(|p| {
            p.m_cost() == params.m_cost()
                && p.t_cost() == params.t_cost()
                && p.p_cost() == params.p_cost()
        });
    PasswordCheck::Valid {
        needs_rehash: !current,
    }
}

#[async_trait]
impl PasswordHasher for Argon2PasswordHasher {
    async fn hash(&self, password: &Password) -> anyhow::Result<PasswordHash> {
        let params = self.params.clone();
        let password = password.expose().to_owned();
        let encoded = self
            .pool
            .run(move || hash_with(&params, &password))
            .await??;
        Ok(PasswordHash::new(encoded))
    }

    async fn verify(
        &self,
        password: &Password,
        hash: &PasswordHash,
    ) -> anyhow::Result<PasswordCheck> {
        let params = self.params.clone();
        let password = password.expose().to_owned();
        let stored = hash.as_str().to_owned();
        self.pool
            .run(move || verify_with(&params, &password, &stored))
            .await
    }

    async fn verify_dummy(&self, password: &Password) {
        let params = self.params.clone();
        let password = password.expose().to_owned();
        let stored = self.dummy_hash.clone();
        let _ = self
            .pool
            .run(move || verify_with(&params, &password, &stored))
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Argon2PasswordHasher {
        Argon2PasswordHasher::new(Argon2Settings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
            ..Argon2Settings::default()
        })
        .unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let h = cheap();
        let hash = h.hash(&Password::new("Secret123".into())).await.unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert_eq!(
            h.verify(&Password::new("Secret123".into()), &hash)
                .await
                .unwrap(),
            PasswordCheck::Valid {
                needs_rehash: false
            }
        );
        assert_eq!(
            h.verify(&Password::new("Secret124".into()), &hash)
                .await
                .unwrap(),
            PasswordCheck::Invalid
        );
    }

    #[tokio::test]
    async fn a_hash_with_other_parameters_verifies_but_asks_for_a_rehash() {
        let old = cheap().hash_blocking("Secret123").unwrap();
        let h = Argon2PasswordHasher::new(Argon2Settings {
            memory_kib: 2048,
            iterations: 1,
            parallelism: 1,
            ..Argon2Settings::default()
        })
        .unwrap();
        assert_eq!(
            h.verify(&Password::new("Secret123".into()), &PasswordHash::new(old))
                .await
                .unwrap(),
            PasswordCheck::Valid { needs_rehash: true }
        );
    }

    #[tokio::test]
    async fn legacy_bcrypt_hashes_verify_and_ask_for_a_rehash() {
        let legacy = bcrypt::hash("Secret123", 4).unwrap();
        assert!(legacy.starts_with("$2b$"));
        let h = cheap();
        let stored = PasswordHash::new(legacy);
        assert_eq!(
            h.verify(&Password::new("Secret123".into()), &stored)
                .await
                .unwrap(),
            PasswordCheck::Valid { needs_rehash: true }
        );
        assert_eq!(
            h.verify(&Password::new("wrong".into()), &stored)
                .await
                .unwrap(),
            PasswordCheck::Invalid
        );
    }

    #[tokio::test]
    async fn a_garbage_stored_hash_is_invalid_not_an_error() {
        let h = cheap();
        assert_eq!(
            h.verify(
                &Password::new("x".into()),
                &PasswordHash::new("garbage".into())
            )
            .await
            .unwrap(),
            PasswordCheck::Invalid
        );
    }

    #[test]
    fn argon2_refuses_too_little_memory() {
        assert!(
            Argon2PasswordHasher::new(Argon2Settings {
                memory_kib: 1,
                iterations: 1,
                parallelism: 1,
                ..Argon2Settings::default()
            })
            .is_err()
        );
    }
}
