//! Rendering a generation's structured content to a file, and bundling files in an archive.

use async_trait::async_trait;
use thiserror::Error;

use crate::export::{Paper, RenderFormat, RenderOptions, RenderedDocument, Template};
use crate::generation::DocumentType;

/// One document to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderRequest {
    pub document_type: DocumentType,
    /// The generation's `content_structured` (SPEC §6.4) as JSON.
    pub content: String,
    /// Ignored for a cover letter (one layout), except for the options it honours.
    pub template: Template,
    pub options: RenderOptions,
    /// Resolved by the caller (the options' paper, else the profile's country).
    pub paper: Paper,
    /// The document's title in its metadata (PDF `Title`, DOCX core properties).
    pub title: String,
    /// The document's author (the profile's name).
    pub author: String,
}

/// One file of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    /// The name inside the archive (unique in it).
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Error)]
pub enum RenderError {
    /// The structured content is not a document the renderer can read.
    #[error("the content cannot be rendered: {0}")]
    InvalidContent(String),
    /// The PDF's text layer lacks text of the source (an ATS would not read it): the file
    /// is not kept.
    #[error("the PDF text layer lacks {0:?}")]
    TextLayer(String),
    /// Every rendering slot is taken and the wait for one ran out.
    #[error("the renderer is busy")]
    Busy,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Makes files from structured content. Adapters MUST do the work off the async executor,
/// bounded (a busy renderer answers [`RenderError::Busy`] rather than queueing without
/// end), MUST NOT let a template read files or the network, and MUST check a PDF's text
/// layer before answering it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DocumentRenderer: Send + Sync {
    /// # Errors
    /// See [`RenderError`].
    async fn render(
        &self,
        request: RenderRequest,
        format: RenderFormat,
    ) -> Result<RenderedDocument, RenderError>;

    /// A ZIP archive of the entries, in order.
    ///
    /// # Errors
    /// [`RenderError::Unexpected`] when the archive cannot be written.
    async fn archive(&self, entries: Vec<ArchiveEntry>) -> Result<Vec<u8>, RenderError>;
}
