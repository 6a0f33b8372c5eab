//! Tailor's domain: entities and value objects, the rules that keep them valid, the use-case
//! services, and the port traits that adapters implement.
//!
//! This crate must not know how it is delivered or stored: it depends on no web framework,
//! ORM, database driver or HTTP client. Adapters (persistence, auth, http-api, ...) depend on
//! it, never the other way round.
#![forbid(unsafe_code)]

mod id;

pub mod export;
pub mod generation;
pub mod job;
pub mod ports;
pub mod profile;
pub mod sample;
pub mod services;
pub mod session;
pub mod usage;
pub mod user;

mod secret;

pub use secret::{random_token, sha256_hex};
