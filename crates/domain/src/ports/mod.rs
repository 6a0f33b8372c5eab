//! Port traits: what the domain needs from the outside world. Adapters implement them;
//! services hold them as `Arc<dyn Port>`.
//!
//! With the `mocks` feature (and in this crate's tests) every port has a mockall mock,
//! `MockUserRepository` and so on.

mod clock;
mod mailer;
mod password_hasher;
mod password_reset_repository;
mod profile_repository;
mod session_repository;
mod token_codec;
mod user_repository;

pub use clock::*;
pub use mailer::*;
pub use password_hasher::*;
pub use password_reset_repository::*;
pub use profile_repository::*;
pub use session_repository::*;
pub use token_codec::*;
pub use user_repository::*;
