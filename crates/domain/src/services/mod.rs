//! Use-case services. Each holds its ports as `Arc<dyn Port>` and is built one way,
//! `Service::new(ServicePorts { .. })`, with its settings as a second argument where it has
//! some. Nothing here caches: read caches are decorators of the ports (`tailor-cache`).

pub mod accounts;
pub mod exports;
pub mod generation_tasks;
pub mod generations;
pub mod jobs;
pub mod profiles;
pub mod samples;
pub mod usage;

pub use crate::profile::NewProfile;
pub use accounts::{AccountPorts, AccountService, AccountSettings, AuthSession};
pub use exports::{
    BatchRequest, DownloadError, ExportError, ExportPorts, ExportRequest, ExportService,
    ExportSettings, ExportView, JobExports, SignedLink,
};
pub use generation_tasks::{
    GenerationTasks, RunOutcome, TaskError, TaskPorts, TaskSettings, TaskView,
};
pub use generations::{
    Enhancement, GenerationError, GenerationPorts, GenerationService, LetterRequest, ModelMetering,
    Progress, ResumeRequest,
};
pub use jobs::{
    JobError, JobPatch, JobPorts, JobService, NewJob, StructuredJob, UNREADABLE_POSTING,
};
pub use profiles::{ProfileError, ProfilePorts, ProfileService, ProfileUpdate, SectionItem};
pub use samples::{SampleError, SamplePorts, SampleService, SampleUpload, UploadRejection};
pub use usage::{UsageError, UsageService, UsageSummary};
