//! Text extraction for uploaded writing samples: [`FileTextExtractor`] implements the
//! domain's `TextExtractor` port for plain text, Markdown, DOCX (read with `docx-rs`) and
//! text-based PDF (read with `pdf-extract`).
//!
//! The kind of file is decided from its content; the name only has to carry a supported
//! extension and separates Markdown from plain text. Uploads are untrusted, so every parser
//! runs off the async executor, behind size, depth and work limits (zip and deflate bombs,
//! self-referencing PDF forms), and with panics caught. This crate knows nothing of HTTP or
//! storage.
#![forbid(unsafe_code)]

mod detect;
mod docx;
mod pdf;
mod text;

use std::sync::Arc;

use async_trait::async_trait;
use tailor_domain::ports::{ExtractError, ExtractedText, TextExtractor};
use tailor_domain::sample::{MAX_SAMPLE_BYTES, SampleFormat};
use tokio::sync::Semaphore;

use crate::detect::{Content, Extension};

/// Reads `.txt`, `.md`/`.markdown`, `.docx` and text-based `.pdf` uploads.
///
/// At most one extraction per CPU core runs at a time; further uploads wait their turn
/// (each is at most 1 MiB), so a burst of uploads cannot take every core and thread.
#[derive(Debug, Clone)]
pub struct FileTextExtractor {
    permits: Arc<Semaphore>,
}

impl Default for FileTextExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl FileTextExtractor {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::with_concurrency(cores)
    }

    /// At most `n` extractions at once (at least one).
    pub fn with_concurrency(n: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(n.max(1))),
        }
    }
}

#[async_trait]
impl TextExtractor for FileTextExtractor {
    #[tracing::instrument(name = "extract_text", skip_all, fields(size_bytes = bytes.len()))]
    async fn extract(
        &self,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<ExtractedText, ExtractError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| anyhow::Error::new(e).context("extraction limiter closed"))?;
        let file_name = file_name.to_owned();
        let span = tracing::Span::current();
        // Parsing and profiling are CPU-bound and may take a while on a large document.
        let extracted = tokio::task::spawn_blocking(move || {
            on_large_stack(span, move || extract(&file_name, &bytes)).and_then(|result| result)
        })
        .await
        .map_err(|e| anyhow::Error::new(e).context("text extraction task failed"))??;
        tracing::debug!(format = extracted.format.as_str(), "text extracted");
        Ok(extracted)
    }
}

/// Stack for the parsers' thread. `docx-rs` reads nested tables and text boxes
/// recursively and `pdf-extract` nested forms; their nesting is capped before they run, but
/// in a debug build the capped depth can need more than the 2 MiB a blocking-pool thread
/// has, and a stack overflow aborts the whole process. Reserved, not committed, memory.
const PARSER_STACK_BYTES: usize = 32 * 1024 * 1024;

/// Runs `work` on a thread of its own with a [`PARSER_STACK_BYTES`] stack, in `span`.
fn on_large_stack<T: Send>(
    span: tracing::Span,
    work: impl FnOnce() -> T + Send,
) -> Result<T, ExtractError> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("text-extract".to_owned())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, move || span.in_scope(work))
            .map_err(|e| anyhow::Error::new(e).context("start the text extraction thread"))?;
        worker
            .join()
            .map_err(|_| anyhow::anyhow!("text extraction panicked").into())
    })
}

/// The whole extraction, synchronously.
fn extract(file_name: &str, bytes: &[u8]) -> Result<ExtractedText, ExtractError> {
    // The HTTP layer already stops at this size; this keeps the parsers' limits meaningful
    // for any other caller.
    if bytes.len() > MAX_SAMPLE_BYTES {
        return Err(ExtractError::Unreadable("file too large".to_owned()));
    }
    let extension = Extension::of(file_name).ok_or(ExtractError::Unsupported)?;

    let (format, text) = match detect::sniff(bytes)? {
        Content::Pdf => (SampleFormat::Pdf, pdf::extract(bytes)?),
        Content::Zip => match docx::probe(bytes) {
            docx::Probe::Docx => (SampleFormat::Docx, docx::extract(bytes)?),
            docx::Probe::OtherZip => return Err(ExtractError::Unsupported),
            // A broken archive named .docx is most likely a damaged document.
            docx::Probe::Damaged if extension == Extension::Docx => {
                return Err(ExtractError::Unreadable("damaged DOCX file".to_owned()));
            }
            docx::Probe::Damaged => return Err(ExtractError::Unsupported),
        },
        Content::Text => {
            let text = text::decode(bytes)?;
            let format = if extension == Extension::Markdown {
                SampleFormat::Markdown
            } else {
                SampleFormat::Text
            };
            (format, text)
        }
    };

    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(ExtractedText { format, text })
}

#[cfg(test)]
mod tests;
