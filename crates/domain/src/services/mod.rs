//! Use-case services. Each holds its ports as `Arc<dyn Port>`.

pub mod accounts;
pub mod jobs;
mod principal_cache;
pub mod profiles;
pub mod samples;
mod ttl_cache;

pub use crate::profile::NewProfile;
pub use accounts::{AccountPorts, AccountService, AccountSettings, AuthSession};
pub use jobs::{
    JobError, JobPatch, JobPorts, JobService, NewJob, StructuredJob, UNREADABLE_POSTING,
};
pub use profiles::{ProfileError, ProfileService, ProfileUpdate, SectionItem};
pub use samples::{SampleError, SampleService, SampleUpload, UploadRejection};
