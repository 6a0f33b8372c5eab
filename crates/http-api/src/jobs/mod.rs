//! `/api/v1/jobs`: saved jobs (create from text, URL or fields; list with filters; read;
//! update with the application-status timeline; delete) and the public browse catalogue.

mod create;
mod dto;
mod item;
mod list;
pub mod rendered;

use actix_web::web;

pub use create::*;
pub use dto::{
    JobListResponse, JobPagination, JobResponse, JobUpdate, SalaryResponse, StatusChangeResponse,
    StatusHistoryResponse, StructuredJobRequest, UpdateJobRequest,
};
pub use item::*;
pub use list::*;

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
