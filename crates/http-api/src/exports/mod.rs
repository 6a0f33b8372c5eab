//! `/api/v1/exports`: render a generation to PDF, DOCX, Markdown or text with a template (or
//! several into a ZIP), list, read and delete exports, and download them by signed links
//! that need no `Authorization` header.

pub mod download;
pub mod dto;
mod handlers;
#[cfg(test)]
mod tests;

use actix_web::web;

pub use handlers::*;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/exports")
            .service(web::resource("/pdf").route(web::post().to(export_pdf)))
            .service(web::resource("/docx").route(web::post().to(export_docx)))
            .service(web::resource("/markdown").route(web::post().to(export_markdown)))
            .service(web::resource("/text").route(web::post().to(export_text)))
            .service(web::resource("/batch").route(web::post().to(export_batch)))
            .service(web::resource("/preview").route(web::post().to(preview)))
            .service(web::resource("/templates").route(web::get().to(list_templates)))
            .service(web::resource("/templates/{template_id}").route(web::get().to(get_template)))
            .service(web::resource("/files").route(web::get().to(list_exports)))
            .service(web::resource("/files/job/{job_id}").route(web::get().to(job_exports)))
            .service(web::resource("/files/{export_id}/download").route(web::get().to(get_export)))
            .service(web::resource("/files/{export_id}").route(web::delete().to(delete_export)))
            .service(
                web::resource("/download/{filename}").route(web::get().to(download::download)),
            ),
    );
}
