//! Port traits: what the domain needs from the outside world. Adapters implement them;
//! services hold them as `Arc<dyn Port>`.
//!
//! With the `mocks` feature (and in this crate's tests) every port has a mockall mock,
//! `MockUserRepository` and so on.

mod clock;
mod composer;
mod content_matcher;
mod document_renderer;
mod document_store;
mod export_repository;
mod fault;
mod generation_queue;
mod generation_repository;
mod job_page_fetcher;
mod job_repository;
mod language_model;
mod mailer;
mod password_hasher;
mod password_reset_repository;
mod posting_analyser;
mod profile_repository;
mod sample_repository;
mod session_repository;
mod style_analyser;
mod text_extractor;
mod token_codec;
mod usage;
mod user_repository;

pub use clock::*;
pub use composer::*;
pub use content_matcher::*;
pub use document_renderer::*;
pub use document_store::*;
pub use export_repository::*;
pub use fault::*;
pub use generation_queue::*;
pub use generation_repository::*;
pub use job_page_fetcher::*;
pub use job_repository::*;
pub use language_model::*;
pub use mailer::*;
pub use password_hasher::*;
pub use password_reset_repository::*;
pub use posting_analyser::*;
pub use profile_repository::*;
pub use sample_repository::*;
pub use session_repository::*;
pub use style_analyser::*;
pub use text_extractor::*;
pub use token_codec::*;
pub use usage::*;
pub use user_repository::*;
