//! Exports: render one of the caller's generations (or several, as a ZIP) with a template,
//! keep the file, list, read, delete, and hand out signed download links that work without
//! an `Authorization` header.
//!
//! A stored export always has its file: the file is written first and removed again when
//! the row cannot be written; a delete removes the row first, then the file (a file left
//! behind by a failure there is unreachable and only costs space).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use thiserror::Error;

use crate::export::{
    Export, ExportFormat, ExportId, ExportMetadata, Paper, RenderFormat, RenderOptions,
    RenderedDocument, Template,
};
use crate::generation::{DocumentType, Generation, GenerationId};
use crate::job::{Job, JobId, Page};
use crate::ports::{
    ArchiveEntry, Clock, DocumentRenderer, DocumentStore, DocumentStoreError, ExportFilter,
    ExportRepository, GenerationRepository, JobRepository, LinkSigner, RenderError, RenderRequest,
};
use crate::user::UserId;

/// The most generations one ZIP bundles.
pub const MAX_BATCH: usize = 20;
/// The most exports a list page shows.
pub const MAX_PAGE: u64 = 100;
/// Where export files are kept in the document store.
pub const EXPORTS_PREFIX: &str = "exports/";
/// The size of one piece of a download read from the store.
pub const DOWNLOAD_CHUNK: usize = 64 * 1024;

#[derive(Debug, Error)]
pub enum ExportError {
    /// Missing or another user's.
    #[error("Generation {0} not found")]
    GenerationNotFound(GenerationId),
    #[error("Generation {0} has no structured content")]
    NoStructuredContent(GenerationId),
    #[error("No valid generations found for export")]
    NoValidGenerations,
    #[error("At most {MAX_BATCH} generations can be exported at once")]
    TooManyGenerations,
    /// Missing, another user's or expired.
    #[error("Export not found or expired")]
    NotFound,
    #[error("Job {0} not found")]
    JobNotFound(JobId),
    /// Every rendering slot stayed busy: worth a retry later.
    #[error("The renderer is busy; try again shortly")]
    Busy,
    /// The document could not be rendered (the file is not kept).
    #[error("Export failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a download link is refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DownloadError {
    #[error("Invalid download token")]
    InvalidToken,
    #[error("Download link has expired")]
    Expired,
    #[error("File not found")]
    NotFound,
}

/// The ports the export service needs.
pub struct ExportPorts {
    pub exports: Arc<dyn ExportRepository>,
    pub generations: Arc<dyn GenerationRepository>,
    pub jobs: Arc<dyn JobRepository>,
    pub renderer: Arc<dyn DocumentRenderer>,
    pub store: Arc<dyn DocumentStore>,
    pub links: Arc<dyn LinkSigner>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Debug, Clone, Copy)]
pub struct ExportSettings {
    /// How long an export is kept (the contract: 30 days).
    pub retention: Duration,
    /// How long a download link works.
    pub link_ttl: Duration,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            retention: Duration::from_secs(30 * 24 * 3600),
            link_ttl: Duration::from_secs(3600),
        }
    }
}

/// A signed download link's parts: the route's file name, and its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedLink {
    pub name: String,
    pub token: String,
    /// Unix seconds.
    pub expires: i64,
}

/// An export with a fresh download link.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportView {
    pub export: Export,
    pub link: SignedLink,
}

/// One export to make.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub generation_id: GenerationId,
    pub template: Template,
    /// PDF, DOCX, Markdown or plain text.
    pub format: ExportFormat,
    pub options: RenderOptions,
}

/// A ZIP of several generations rendered alike.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    pub generation_ids: Vec<GenerationId>,
    pub template: Template,
    pub format: ExportFormat,
    pub options: RenderOptions,
}

/// A job's exports.
#[derive(Debug, Clone, PartialEq)]
pub struct JobExports {
    pub job: Job,
    pub exports: Vec<ExportView>,
    pub total: u64,
    pub total_size_bytes: u64,
}

/// One page of a user's exports.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPage {
    pub exports: Vec<ExportView>,
    pub total: u64,
}

pub struct ExportService {
    ports: ExportPorts,
    settings: ExportSettings,
}

impl ExportService {
    pub fn new(ports: ExportPorts, settings: ExportSettings) -> Self {
        Self { ports, settings }
    }

    /// Renders one generation and keeps the file.
    ///
    /// # Errors
    /// [`ExportError::GenerationNotFound`], [`ExportError::NoStructuredContent`],
    /// [`ExportError::Busy`], [`ExportError::Failed`].
    #[tracing::instrument(skip_all, fields(user.id = %user, generation.id = %request.generation_id))]
    pub async fn create(
        &self,
        user: UserId,
        request: ExportRequest,
    ) -> Result<ExportView, ExportError> {
        let render_format = request
            .format
            .render_format()
            .ok_or_else(|| ExportError::Failed("a ZIP is made by a batch export".into()))?;
        let generation = self.generation(user, request.generation_id).await?;
        let job = self.ports.jobs.find(user, generation.job_id).await?;
        let (rendered, paper) = self
            .render(
                &generation,
                request.template,
                &request.options,
                render_format,
            )
            .await?;
        let now = self.ports.clock.now();
        let id = ExportId::new_random();
        let metadata = ExportMetadata {
            document_type: Some(generation.document_type.as_str().to_owned()),
            created_from: Some(generation.id.to_string()),
            job_title: job.as_ref().map(|j| j.title.clone()),
            company: job.as_ref().and_then(|j| j.company.clone()),
            ats_score: Some(generation.ats.score),
            paper: (request.format == ExportFormat::Pdf).then(|| paper.as_str().to_owned()),
            missing_glyphs: rendered
                .missing_glyphs
                .iter()
                .map(char::to_string)
                .collect(),
            ..ExportMetadata::default()
        };
        let export = Export {
            id,
            user_id: user,
            generation_id: Some(generation.id),
            job_id: Some(generation.job_id),
            format: request.format,
            template: request.template,
            document_type: Some(generation.document_type),
            filename: Export::filename_for(generation.document_type.as_str(), now, request.format),
            storage_key: Export::key_for(user, id, request.format),
            size_bytes: 0,
            sha256: String::new(),
            page_count: rendered.page_count,
            file_count: None,
            metadata,
            created_at: now,
            expires_at: now + delta(self.settings.retention),
        };
        match self.keep(export, rendered.bytes).await? {
            Some(export) => Ok(self.view(export)),
            // The generation was deleted while it was being rendered.
            None => Err(ExportError::GenerationNotFound(generation.id)),
        }
    }

    /// Renders several generations alike and keeps them as one ZIP. Generations that are
    /// missing, another user's or without structured content are skipped (and named in the
    /// metadata); none found is an error.
    ///
    /// # Errors
    /// [`ExportError::TooManyGenerations`], [`ExportError::NoValidGenerations`],
    /// [`ExportError::Busy`], [`ExportError::Failed`].
    #[tracing::instrument(skip_all, fields(user.id = %user, generations = request.generation_ids.len()))]
    pub async fn batch(
        &self,
        user: UserId,
        request: BatchRequest,
    ) -> Result<ExportView, ExportError> {
        let mut seen = BTreeSet::new();
        let ids: Vec<GenerationId> = request
            .generation_ids
            .iter()
            .copied()
            .filter(|id| seen.insert(*id))
            .collect();
        if ids.len() > MAX_BATCH {
            return Err(ExportError::TooManyGenerations);
        }
        let render_format = request
            .format
            .render_format()
            .ok_or_else(|| ExportError::Failed("a ZIP cannot hold ZIPs".into()))?;
        let now = self.ports.clock.now();
        let stamp = now.format("%Y%m%d_%H%M%S").to_string();
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        let mut jobs = BTreeSet::new();
        let mut missing_glyphs = Vec::new();
        for id in ids {
            let generation = match self.generation(user, id).await {
                Ok(g) => g,
                Err(ExportError::GenerationNotFound(_) | ExportError::NoStructuredContent(_)) => {
                    skipped.push(id.to_string());
                    continue;
                }
                Err(e) => return Err(e),
            };
            let (rendered, _) = self
                .render(
                    &generation,
                    request.template,
                    &request.options,
                    render_format,
                )
                .await?;
            for c in rendered.missing_glyphs {
                let c = c.to_string();
                if !missing_glyphs.contains(&c) {
                    missing_glyphs.push(c);
                }
            }
            jobs.insert(generation.job_id);
            // Numbered in order, so names are unique whatever the generations are.
            entries.push(ArchiveEntry {
                name: format!(
                    "{}_{stamp}_{}.{}",
                    generation.document_type.as_str(),
                    entries.len() + 1,
                    request.format.extension()
                ),
                bytes: rendered.bytes,
            });
        }
        if entries.is_empty() {
            return Err(ExportError::NoValidGenerations);
        }
        let files: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
        let file_count = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        let bytes = self
            .ports
            .renderer
            .archive(entries)
            .await
            .map_err(render_error)?;
        let id = ExportId::new_random();
        let job_id = (jobs.len() == 1).then(|| jobs.first().copied()).flatten();
        let export = Export {
            id,
            user_id: user,
            generation_id: None,
            job_id,
            format: ExportFormat::Zip,
            template: request.template,
            document_type: None,
            filename: Export::filename_for("batch_export", now, ExportFormat::Zip),
            storage_key: Export::key_for(user, id, ExportFormat::Zip),
            size_bytes: 0,
            sha256: String::new(),
            page_count: None,
            file_count: Some(file_count),
            metadata: ExportMetadata {
                files,
                skipped_generations: skipped,
                missing_glyphs,
                ..ExportMetadata::default()
            },
            created_at: now,
            expires_at: now + delta(self.settings.retention),
        };
        match self.keep(export, bytes).await? {
            Some(export) => Ok(self.view(export)),
            // The one job of the batch was deleted meanwhile.
            None => Err(ExportError::NoValidGenerations),
        }
    }

    /// The first page of a generation in a template, as PNG (nothing is kept).
    ///
    /// # Errors
    /// As [`Self::create`].
    #[tracing::instrument(skip_all, fields(user.id = %user, generation.id = %generation_id))]
    pub async fn preview(
        &self,
        user: UserId,
        generation_id: GenerationId,
        template: Template,
        options: RenderOptions,
    ) -> Result<Vec<u8>, ExportError> {
        let generation = self.generation(user, generation_id).await?;
        let (rendered, _) = self
            .render(&generation, template, &options, RenderFormat::PngPreview)
            .await?;
        Ok(rendered.bytes)
    }

    /// One page of the caller's live exports, newest first, each with a fresh link.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(
        &self,
        user: UserId,
        filter: ExportFilter,
        page: Page,
    ) -> Result<ExportPage, ExportError> {
        let page = Page {
            limit: page.limit.min(MAX_PAGE),
            offset: page.offset,
        };
        let now = self.ports.clock.now();
        let (exports, total, _) = self.ports.exports.list(user, filter, page, now).await?;
        Ok(ExportPage {
            exports: exports.into_iter().map(|e| self.view(e)).collect(),
            total,
        })
    }

    /// The exports of one of the caller's jobs.
    ///
    /// # Errors
    /// [`ExportError::JobNotFound`] for a missing or another user's job.
    pub async fn list_for_job(
        &self,
        user: UserId,
        job_id: JobId,
        format: Option<ExportFormat>,
        page: Page,
    ) -> Result<JobExports, ExportError> {
        let job = self
            .ports
            .jobs
            .find(user, job_id)
            .await?
            .ok_or(ExportError::JobNotFound(job_id))?;
        let page = Page {
            limit: page.limit.min(MAX_PAGE),
            offset: page.offset,
        };
        let now = self.ports.clock.now();
        let filter = ExportFilter {
            format,
            job_id: Some(job_id),
        };
        let (exports, total, total_size_bytes) =
            self.ports.exports.list(user, filter, page, now).await?;
        Ok(JobExports {
            job,
            exports: exports.into_iter().map(|e| self.view(e)).collect(),
            total,
            total_size_bytes,
        })
    }

    /// One of the caller's live exports, with a fresh link.
    ///
    /// # Errors
    /// [`ExportError::NotFound`] for a missing, another user's or an expired export.
    pub async fn get(&self, user: UserId, id: ExportId) -> Result<ExportView, ExportError> {
        let now = self.ports.clock.now();
        let export = self
            .ports
            .exports
            .find(user, id, now)
            .await?
            .ok_or(ExportError::NotFound)?;
        Ok(self.view(export))
    }

    /// Deletes one of the caller's exports: the row, then the file.
    ///
    /// # Errors
    /// [`ExportError::NotFound`] for a missing or another user's export.
    pub async fn delete(&self, user: UserId, id: ExportId) -> Result<(), ExportError> {
        let key = self
            .ports
            .exports
            .delete(user, id)
            .await?
            .ok_or(ExportError::NotFound)?;
        self.remove_files([key]).await;
        Ok(())
    }

    /// The export a signed link names, once its token and expiry are checked.
    ///
    /// # Errors
    /// [`DownloadError::InvalidToken`] for a token not made for this name and expiry,
    /// [`DownloadError::Expired`] past the expiry, [`DownloadError::NotFound`] for an
    /// export that is gone (deleted, expired, or a name the server never made).
    pub async fn open_download(
        &self,
        name: &str,
        expires: i64,
        token: &str,
    ) -> Result<Result<Export, DownloadError>, ExportError> {
        let Some(key) = Export::key_from_download_name(name) else {
            return Ok(Err(DownloadError::NotFound));
        };
        if !self.ports.links.verify(&key, expires, token) {
            return Ok(Err(DownloadError::InvalidToken));
        }
        let now = self.ports.clock.now();
        if expires < now.timestamp() {
            return Ok(Err(DownloadError::Expired));
        }
        Ok(self
            .ports
            .exports
            .find_by_key(&key, now)
            .await?
            .ok_or(DownloadError::NotFound))
    }

    /// Up to `len` bytes of an export's file from `offset`.
    ///
    /// # Errors
    /// [`ExportError::NotFound`] when the file is gone; storage failures.
    pub async fn read(
        &self,
        export: &Export,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>, ExportError> {
        self.ports
            .store
            .read_range(&export.storage_key, offset, len)
            .await
            .map_err(|e| match e {
                DocumentStoreError::NotFound => ExportError::NotFound,
                other => store_error(other, "read export file"),
            })
    }

    /// Deletes up to `limit` expired exports, rows then files; how many.
    ///
    /// # Errors
    /// Storage failures of the rows (a file that cannot be removed is logged).
    pub async fn purge_expired(&self, limit: u64) -> Result<usize, ExportError> {
        let now = self.ports.clock.now();
        let keys = self.ports.exports.purge_expired(now, limit).await?;
        let n = keys.len();
        self.remove_files(keys).await;
        Ok(n)
    }

    /// Removes up to `limit` export files that no export refers to and that were written
    /// more than `grace` ago (a crash between a file and its row, or between a row's delete
    /// and its file's, leaves one); how many.
    ///
    /// # Errors
    /// Storage failures of the listing or the rows.
    pub async fn sweep_orphans(&self, grace: Duration, limit: usize) -> Result<usize, ExportError> {
        let before = self.ports.clock.now() - delta(grace);
        let files = self
            .ports
            .store
            .list_older(EXPORTS_PREFIX, before, limit)
            .await
            .map_err(|e| store_error(e, "list export files"))?;
        if files.is_empty() {
            return Ok(0);
        }
        let known: BTreeSet<String> = self
            .ports
            .exports
            .known_keys(&files)
            .await?
            .into_iter()
            .collect();
        let orphans: Vec<String> = files.into_iter().filter(|k| !known.contains(k)).collect();
        let n = orphans.len();
        if n > 0 {
            tracing::warn!(files = n, "removing export files no export refers to");
        }
        self.remove_files(orphans).await;
        Ok(n)
    }

    /// Removes the files of deleted exports; a failure is logged (the file is unreachable
    /// once its row is gone).
    pub async fn remove_files(&self, keys: impl IntoIterator<Item = String>) {
        for key in keys {
            if let Err(e) = self.ports.store.delete(&key).await {
                tracing::warn!(error = %e, key = %key, "could not remove an export file");
            }
        }
    }

    async fn generation(&self, user: UserId, id: GenerationId) -> Result<Generation, ExportError> {
        let generation = self
            .ports
            .generations
            .find(user, id)
            .await?
            .ok_or(ExportError::GenerationNotFound(id))?;
        let structured = generation.content_structured.trim();
        if structured.is_empty() || structured == "{}" || structured == "null" {
            return Err(ExportError::NoStructuredContent(id));
        }
        Ok(generation)
    }

    async fn render(
        &self,
        generation: &Generation,
        template: Template,
        options: &RenderOptions,
        format: RenderFormat,
    ) -> Result<(RenderedDocument, Paper), ExportError> {
        let header = header_of(&generation.content_structured);
        let paper = options
            .paper
            .unwrap_or_else(|| Paper::for_location(&header.location));
        let title = match generation.document_type {
            DocumentType::Resume => format!("{} – Resume", header.name),
            DocumentType::CoverLetter => format!("{} – Cover letter", header.name),
        };
        let request = RenderRequest {
            document_type: generation.document_type,
            content: generation.content_structured.clone(),
            template,
            options: options.clone(),
            paper,
            title: title.trim_start_matches([' ', '–']).trim().to_owned(),
            author: header.name,
        };
        let rendered = self
            .ports
            .renderer
            .render(request, format)
            .await
            .map_err(render_error)?;
        Ok((rendered, paper))
    }

    /// Writes the file, then the row; removes the file again when the row cannot be
    /// written. `None` when what the export was made from is gone.
    async fn keep(
        &self,
        mut export: Export,
        bytes: Vec<u8>,
    ) -> Result<Option<Export>, ExportError> {
        let stored = self
            .ports
            .store
            .put(&export.storage_key, bytes)
            .await
            .map_err(|e| store_error(e, "store export file"))?;
        export.size_bytes = stored.size_bytes;
        export.sha256 = stored.sha256;
        match self.ports.exports.insert(&export).await {
            Ok(true) => Ok(Some(export)),
            Ok(false) => {
                self.remove_files([export.storage_key]).await;
                Ok(None)
            }
            Err(e) => {
                self.remove_files([export.storage_key]).await;
                Err(e.into())
            }
        }
    }

    fn view(&self, export: Export) -> ExportView {
        let now = self.ports.clock.now();
        // A link never outlives its export.
        let expires = (now + delta(self.settings.link_ttl))
            .min(export.expires_at)
            .timestamp();
        let link = SignedLink {
            name: export.download_name(),
            token: self.ports.links.sign(&export.storage_key, expires),
            expires,
        };
        ExportView { export, link }
    }
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

fn render_error(e: RenderError) -> ExportError {
    match e {
        RenderError::Busy => ExportError::Busy,
        RenderError::InvalidContent(why) => ExportError::Failed(why),
        RenderError::TextLayer(missing) => {
            tracing::error!(missing = %missing, "a rendered PDF lacked text of its source");
            ExportError::Failed("the PDF's text layer is incomplete".into())
        }
        RenderError::Unexpected(e) => ExportError::Unexpected(e.context("render export")),
    }
}

fn store_error(e: DocumentStoreError, what: &'static str) -> ExportError {
    match e {
        DocumentStoreError::Unexpected(e) => ExportError::Unexpected(e.context(what)),
        other => ExportError::Unexpected(anyhow::Error::new(other).context(what)),
    }
}

/// The name and location of a structured content's header (`""` when absent).
struct HeaderFacts {
    name: String,
    location: String,
}

fn header_of(structured: &str) -> HeaderFacts {
    let value: serde_json::Value = serde_json::from_str(structured).unwrap_or_default();
    let text = |key: &str| {
        value["header"][key]
            .as_str()
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    HeaderFacts {
        name: text("name"),
        location: text("location"),
    }
}

#[cfg(test)]
mod tests;
