//! sea-orm models; private to this crate.

pub(crate) mod education;
pub(crate) mod experiences;
pub(crate) mod exports;
pub(crate) mod generation_task_events;
pub(crate) mod generation_tasks;
pub(crate) mod generations;
pub(crate) mod job_status_changes;
pub(crate) mod jobs;
pub(crate) mod model_usage;
pub(crate) mod password_resets;
pub(crate) mod profiles;
pub(crate) mod projects;
pub(crate) mod rankings;
pub(crate) mod sample_documents;
pub(crate) mod sessions;
pub(crate) mod users;
