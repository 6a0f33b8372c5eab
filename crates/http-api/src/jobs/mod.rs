//! `/api/v1/jobs`: saved jobs (create from text, URL or fields; list with filters; read;
//! update with the application-status timeline; delete) and the public browse catalogue.

mod create;
mod dto;
mod item;
mod list;
pub mod rendered;

use actix_web::web;
use tailor_domain::job::JobId;
use tailor_domain::services::JobError;
use uuid::Uuid;

pub use create::*;
pub use dto::{
    JobListResponse, JobPagination, JobResponse, JobUpdate, SalaryResponse, StatusChangeResponse,
    StatusHistoryResponse, StructuredJobRequest, UpdateJobRequest,
};
pub use item::*;
pub use list::*;

use crate::error::ApiError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/jobs")
            .service(
                web::resource("")
                    .route(web::post().to(create_job))
                    .route(web::get().to(list_jobs)),
            )
            // Before `/{job_id}`, which would otherwise take `browse` for an id.
            .service(web::resource("/browse").route(web::get().to(browse_jobs)))
            .service(
                web::resource("/{job_id}")
                    .route(web::get().to(get_job))
                    .route(web::put().to(update_job))
                    .route(web::delete().to(delete_job)),
            )
            .service(
                web::resource("/{job_id}/status-history").route(web::get().to(job_status_history)),
            ),
    );
}

/// The longest id echoed back in a 404.
const MAX_ECHOED_ID: usize = 100;

/// A job id from the path; anything but a UUID is a job that does not exist.
fn job_id(raw: &str) -> Result<JobId, ApiError> {
    Uuid::parse_str(raw).map(JobId::from_uuid).map_err(|_| {
        let shown: String = raw.chars().take(MAX_ECHOED_ID).collect();
        JobError::NotFound(shown).into()
    })
}

impl From<JobError> for ApiError {
    fn from(e: JobError) -> Self {
        match e {
            JobError::NotFound(_) => Self::NotFound(e.to_string()),
            JobError::Invalid(_) | JobError::Import(_) | JobError::NothingToUpdate => {
                Self::Unprocessable(e.to_string())
            }
            JobError::Unexpected(e) => Self::Internal(e),
        }
    }
}
