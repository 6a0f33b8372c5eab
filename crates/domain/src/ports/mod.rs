//! Port traits: what the domain needs from the outside world. Adapters implement them;
//! services hold them as `Arc<dyn Port>`.
//!
//! With the `mocks` feature (and in this crate's tests) every port has a mockall mock,
//! `MockUserRepository` and so on.

mod clock;
mod document_store;
mod mailer;
mod password_hasher;
mod password_reset_repository;
mod profile_repository;
mod sample_repository;
mod session_repository;
mod text_extractor;
mod token_codec;
mod user_repository;

pub use clock::*;
pub use document_store::*;
pub use mailer::*;
pub use password_hasher::*;
pub use password_reset_repository::*;
pub use profile_repository::*;
pub use sample_repository::*;
pub use session_repository::*;
pub use text_extractor::*;
pub use token_codec::*;
pub use user_repository::*;
