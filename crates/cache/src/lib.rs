//! Read caches as decorators of the domain's repository ports.
//!
//! Each decorator implements a port by handing every call to the adapter it wraps, and
//! keeps some reads in memory for a short time (about a second, per instance):
//!
//! - [`CachingSessionRepository`] the session-and-user read of every protected request,
//!   with [`CachingUserRepository`] and [`CachingPasswordResetRepository`], which share its
//!   [`PrincipalCache`] to drop the sessions they revoke;
//! - [`CachingProfileRepository`] the profile reads made to show a profile;
//! - [`CachingJobRepository`] the pages of job lists;
//! - [`InMemoryResponseCache`] language-model answers by request (the `ResponseCache` port),
//!   kept longer (an hour by default): the same pseudonymised request costs no second call.
//!
//! The use cases know nothing of them: `tailor-app` wraps the adapters when it wires the
//! services (a TTL of zero turns a cache off). Only these decorators
//! know what is kept, so they are where a write through this instance drops what it made
//! stale (and where an invalidation channel between instances would plug in). Time is
//! tokio's monotonic clock, which tests pause and move on by hand.

mod jobs;
mod principals;
mod profiles;
mod responses;
mod ttl;

pub use jobs::CachingJobRepository;
pub use principals::{
    CachingPasswordResetRepository, CachingSessionRepository, CachingUserRepository, PrincipalCache,
};
pub use profiles::CachingProfileRepository;
pub use responses::InMemoryResponseCache;
