//! sea-orm adapters for the domain's repository ports, on SQLite (the embedded default) and
//! PostgreSQL (production). The backend is chosen at run time from the database URL.
//!
//! sea-orm models stay private to this crate; repositories convert them to domain entities in
//! `mapping.rs` and translate database errors into the ports' error types. This crate knows
//! nothing of HTTP.
#![forbid(unsafe_code)]

mod db;
mod entities;
mod error;
mod exports;
mod generation_queue;
mod generations;
mod jobs;
mod mapping;
mod password_resets;
mod profiles;
mod samples;
mod sessions;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod usage;
mod users;

pub use db::{Backend, Database, DatabaseSettings, redact_url};
pub use exports::SeaOrmExportRepository;
pub use generation_queue::{INTERRUPTED, SeaOrmGenerationQueue};
pub use generations::SeaOrmGenerationRepository;
pub use jobs::SeaOrmJobRepository;
pub use password_resets::SeaOrmPasswordResetRepository;
pub use profiles::SeaOrmProfileRepository;
pub use samples::SeaOrmSampleRepository;
pub use sessions::SeaOrmSessionRepository;
pub use usage::SeaOrmUsageLedger;
pub use users::SeaOrmUserRepository;
