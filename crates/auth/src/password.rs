//! The `PasswordHasher` port with argon2id (and bcrypt for legacy hashes), on a bounded pool of
//! low-priority hashing threads.

use std::cell::RefCell;

use anyhow::anyhow;
use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash as PhcHash, Version};
use async_trait::async_trait;
use tailor_domain::ports::{PasswordCheck, PasswordHasher};
use tailor_domain::user::{Password, PasswordHash};

use crate::pool::HashPool;

/// argon2id cost parameters and the hashing pool.
///
/// The default is one of OWASP's equivalent argon2id settings, 12 MiB of memory with 3
/// iterations and 1 lane (the same strength as 19 MiB with 2 iterations), chosen because
/// every concurrent hash keeps its working memory resident: one per core must fit the
/// server's memory budget. Hashing threads default to one per core.
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
            memory_kib: 12 * 1024,
            iterations: 3,
            parallelism: 1,
            threads: 0,
            low_priority: true,
        }
    }
}

/// Hashes new passwords with argon2id and verifies argon2id and legacy bcrypt (`$2a$`,
/// `$2b$`, `$2y$`) hashes. All hashing runs on a dedicated pool of low-priority threads,
/// never on the async executor, and each thread reuses one working-memory buffer.
#[derive(Clone)]
pub struct Argon2PasswordHasher {
    params: Params,
    pool: HashPool,
}

/// Stored hashes asking for more memory than this are treated as invalid, not computed.
const MAX_STORED_MEMORY_KIB: u32 = 256 * 1024;

impl Argon2PasswordHasher {
    /// Builds the hasher and starts its hashing threads.
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
        let threads = match settings.threads {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let pool = HashPool::start(threads, settings.low_priority)?;
        Ok(Self { params, pool })
    }

    /// Hashes synchronously on the calling thread; for benchmarks and tools. Services use
    /// the async port.
    ///
    /// # Errors
    /// An internal argon2 failure.
    pub fn hash_blocking(&self, password: &str) -> anyhow::Result<String> {
        hash_with(&self.params, password)
    }
}

thread_local! {
    /// The argon2 working memory of this thread, kept between hashes so that hashing does
    /// not allocate (and fragment the heap with) megabytes per call.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn compute(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        let needed = params.block_count();
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(
            password,
            salt,
            out,
            &mut blocks[..needed],
        )
    })
}

fn hash_with(params: &Params, password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow!("no OS randomness: {e}"))?;
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    compute(
        Algorithm::Argon2id,
        Version::V0x13,
        params,
        password.as_bytes(),
        &salt,
        &mut out,
    )
    .map_err(|e| anyhow!("argon2 hash failed: {e}"))?;
    let phc = PhcHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| anyhow!("argon2 params: {e}"))?,
        salt: Some(Salt::new(&salt).map_err(|e| anyhow!("argon2 salt: {e}"))?),
        hash: Some(Output::new(&out).map_err(|e| anyhow!("argon2 output: {e}"))?),
    };
    Ok(phc.to_string())
}

fn is_bcrypt(hash: &str) -> bool {
    ["$2a$", "$2b$", "$2y$", "$2x$"]
        .iter()
        .any(|p| hash.starts_with(p))
}

/// Checks `password` against `stored` on the calling (hashing) thread.
fn verify_with(params: &Params, password: &str, stored: &str) -> PasswordCheck {
    if is_bcrypt(stored) {
        // The previous deployment used bcrypt, which only reads the first 72 bytes.
        return match bcrypt::verify(password.as_bytes(), stored) {
            Ok(true) => PasswordCheck::Valid { needs_rehash: true },
            _ => PasswordCheck::Invalid,
        };
    }
    match verify_phc(password, stored) {
        Some((true, stored_params, algorithm)) => PasswordCheck::Valid {
            needs_rehash: algorithm != Algorithm::Argon2id
                || stored_params.m_cost() != params.m_cost()
                || stored_params.t_cost() != params.t_cost()
                || stored_params.p_cost() != params.p_cost(),
        },
        _ => PasswordCheck::Invalid,
    }
}

/// `Some((matches, params, algorithm))` for a well-formed argon2 PHC string, else `None`.
fn verify_phc(password: &str, stored: &str) -> Option<(bool, Params, Algorithm)> {
    let parsed = PhcHash::new(stored).ok()?;
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).ok()?;
    if params.m_cost() > MAX_STORED_MEMORY_KIB {
        return None;
    }
    let salt = parsed.salt?;
    let expected = parsed.hash?;
    let mut out = vec![0u8; expected.len()];
    compute(
        algorithm,
        version,
        &params,
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
    )
    .ok()?;
    let computed = Output::new(&out).ok()?;
    Some((computed == expected, params, algorithm))
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
        // Computing a hash with the configured parameters costs what verifying one does.
        let params = self.params.clone();
        let password = password.expose().to_owned();
        let _ = self.pool.run(move || hash_with(&params, &password)).await;
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
    async fn hashes_are_standard_phc_strings_that_other_argon2_verifiers_accept() {
        use argon2::PasswordVerifier as _;
        let encoded = cheap().hash_blocking("Secret123").unwrap();
        let parsed = PhcHash::new(&encoded).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Secret123", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"Secret124", &parsed)
                .is_err()
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
