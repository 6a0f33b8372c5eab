//! Credential adapters: [`Argon2PasswordHasher`] for the `PasswordHasher` port (argon2id, with
//! legacy bcrypt hashes accepted for upgrade) and [`JwtTokenCodec`] for the `TokenCodec` port
//! (HS256 JSON Web Tokens), and [`HmacLinkSigner`] for the `LinkSigner` port (HMAC-SHA256
//! download links). Knows nothing of HTTP or storage.
#![forbid(unsafe_code)]

mod jwt;
mod links;
mod password;
mod pool;

pub use jwt::JwtTokenCodec;
pub use links::HmacLinkSigner;
pub use password::{Argon2PasswordHasher, Argon2Settings};
