//! Use-case services. Each holds its ports as `Arc<dyn Port>`.

pub mod accounts;
mod principal_cache;
mod ttl_cache;
pub mod profiles;

pub use accounts::{AccountPorts, AccountService, AccountSettings, AuthSession};
pub use profiles::{NewProfile, ProfileError, ProfileService, ProfileUpdate, SectionItem};
