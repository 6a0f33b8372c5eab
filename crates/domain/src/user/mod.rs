//! Users: identity (email), credentials (password policy, hashes) and account state.

mod error;
mod model;

pub use error::*;
pub use model::*;
