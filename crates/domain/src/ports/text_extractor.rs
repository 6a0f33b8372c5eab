//! Reading the text out of an uploaded file.

use async_trait::async_trait;
use thiserror::Error;

use crate::sample::SampleFormat;

/// The readable text of an uploaded file.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedText {
    pub format: SampleFormat,
    pub text: String,
}

#[derive(Debug, Error)]
pub enum ExtractError {
    /// Neither the content nor the name is a supported kind of file.
    #[error("Only .txt, .md, .docx and text-based .pdf files are supported")]
    Unsupported,
    /// A text file that is not UTF-8.
    #[error("File must be UTF-8 encoded")]
    NotUtf8,
    /// Nothing readable in it.
    #[error("File is empty or contains no readable text")]
    Empty,
    /// A PDF without a text layer (a scan): its text cannot be read without OCR.
    #[error(
        "The PDF has no text layer (it looks like a scanned image); upload a text-based PDF, a .docx or a .txt file"
    )]
    NoTextLayer,
    /// A file of a supported kind that is damaged.
    #[error("The file could not be read: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Turns an uploaded file into text.
///
/// Adapters MUST decide the kind of file from its content (the name only separates
/// Markdown from plain text), MUST do the work off the async executor, and MUST NOT panic
/// on any input.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait TextExtractor: Send + Sync {
    /// # Errors
    /// See [`ExtractError`].
    async fn extract(&self, file_name: &str, bytes: Vec<u8>)
    -> Result<ExtractedText, ExtractError>;
}
