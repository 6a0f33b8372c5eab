//! Writing samples: upload (text extracted, style profiled, original kept), list, read,
//! delete. Another user's sample does not exist for the caller.

use std::sync::Arc;

use anyhow::Context;
use thiserror::Error;

use crate::ports::{
    Clock, DependencyFault, DocumentStore, DocumentStoreError, ExtractError, SampleRepository,
    StyleAnalyser, TextExtractor,
};
use crate::sample::{
    DocumentType, MAX_FILENAME_LEN, MAX_SAMPLE_BYTES, Sample, SampleFilter, SampleId,
    SampleSummary, character_count, word_count,
};
use crate::user::UserId;

#[derive(Debug, Error)]
pub enum SampleError {
    #[error("Sample document not found")]
    NotFound,
    /// The upload was refused; the text says why (400 or 422 by kind).
    #[error(transparent)]
    Rejected(#[from] UploadRejection),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why an upload was refused.
#[derive(Debug, Error)]
pub enum UploadRejection {
    #[error("document_type must be 'resume' or 'cover_letter'")]
    BadDocumentType,
    #[error("File size exceeds 1MB limit")]
    TooLarge,
    #[error("A file name is required (at most 255 characters)")]
    BadFileName,
    #[error(transparent)]
    Extract(ExtractError),
}

/// An upload as received.
#[derive(Debug, Clone)]
pub struct SampleUpload {
    pub document_type: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The ports the sample service needs.
pub struct SamplePorts {
    pub samples: Arc<dyn SampleRepository>,
    /// Where the uploaded originals are kept.
    pub store: Arc<dyn DocumentStore>,
    pub extractor: Arc<dyn TextExtractor>,
    /// Profiles the writing style of the extracted text.
    pub style: Arc<dyn StyleAnalyser>,
    pub clock: Arc<dyn Clock>,
}

pub struct SampleService {
    samples: Arc<dyn SampleRepository>,
    store: Arc<dyn DocumentStore>,
    extractor: Arc<dyn TextExtractor>,
    style: Arc<dyn StyleAnalyser>,
    clock: Arc<dyn Clock>,
}

impl SampleService {
    pub fn new(ports: SamplePorts) -> Self {
        Self {
            samples: ports.samples,
            store: ports.store,
            extractor: ports.extractor,
            style: ports.style,
            clock: ports.clock,
        }
    }

    /// Stores a new active sample (and deactivates the user's earlier ones of its type).
    /// Nothing is left behind when any step fails: no row, no file.
    ///
    /// # Errors
    /// [`SampleError::Rejected`] for a bad type, size, name or content.
    #[tracing::instrument(skip_all, fields(user.id = %user))]
    pub async fn upload(&self, user: UserId, upload: SampleUpload) -> Result<Sample, SampleError> {
        let document_type = DocumentType::parse(&upload.document_type)
            .map_err(|_| UploadRejection::BadDocumentType)?;
        if upload.bytes.len() > MAX_SAMPLE_BYTES {
            return Err(UploadRejection::TooLarge.into());
        }
        let file_name = clean_file_name(&upload.file_name);
        if file_name.is_empty() || file_name.chars().count() > MAX_FILENAME_LEN {
            return Err(UploadRejection::BadFileName.into());
        }
        let extracted = match self
            .extractor
            .extract(&file_name, upload.bytes.clone())
            .await
        {
            Ok(e) => e,
            Err(ExtractError::Unexpected(e)) => return Err(e.into()),
            Err(e) => return Err(UploadRejection::Extract(e).into()),
        };
        let style = self
            .style
            .analyse(extracted.text.clone())
            .await
            .context("profile the writing style")?;

        let id = SampleId::new_random();
        let key = format!("samples/{user}/{id}");
        let stored = self
            .store
            .put(&key, upload.bytes)
            .await
            .map_err(|e| match e {
                DocumentStoreError::Unexpected(e) => e.context("store sample file"),
                other => anyhow::Error::new(other).context("store sample file"),
            })?;
        let now = self.clock.now();
        let sample = Sample {
            id,
            user_id: user,
            document_type,
            original_filename: file_name,
            format: extracted.format,
            word_count: word_count(&extracted.text),
            character_count: character_count(&extracted.text),
            full_text: extracted.text,
            is_active: true,
            writing_style: Some(style),
            storage_key: stored.key,
            sha256: stored.sha256,
            size_bytes: i64::try_from(stored.size_bytes).unwrap_or(i64::MAX),
            created_at: now,
            updated_at: now,
        };
        if let Err(e) = self.samples.insert_active(&sample).await {
            if DependencyFault::TimedOut.is_in(&e) {
                // The commit may have landed after its deadline: the row may be there, and
                // its file must stay. An orphaned file costs only disk space.
                tracing::warn!("sample insert timed out; its file is kept");
            } else if let Err(cleanup) = self.store.delete(&key).await {
                // The row is not there: take the file away too.
                tracing::warn!(error = %cleanup, "could not remove the file of a failed upload");
            }
            return Err(e.into());
        }
        tracing::info!(sample.id = %sample.id, sample.format = sample.format.as_str(), "sample uploaded");
        Ok(sample)
    }

    /// The caller's samples, newest first, and how many match.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(
        &self,
        user: UserId,
        filter: SampleFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<SampleSummary>, u64), SampleError> {
        Ok(self.samples.list(user, filter, limit, offset).await?)
    }

    /// # Errors
    /// [`SampleError::NotFound`] for an unknown id or another user's sample.
    pub async fn get(&self, user: UserId, id: SampleId) -> Result<Sample, SampleError> {
        self.samples
            .find(user, id)
            .await?
            .ok_or(SampleError::NotFound)
    }

    /// Deletes the row, then its file.
    ///
    /// # Errors
    /// [`SampleError::NotFound`] for an unknown id or another user's sample.
    #[tracing::instrument(skip_all, fields(user.id = %user, sample.id = %id))]
    pub async fn delete(&self, user: UserId, id: SampleId) -> Result<(), SampleError> {
        let key = self
            .samples
            .delete(user, id)
            .await?
            .ok_or(SampleError::NotFound)?;
        if let Err(e) = self.store.delete(&key).await {
            // The sample is gone for the user; an orphaned file is only disk space.
            tracing::warn!(error = %e, "could not remove a deleted sample's file");
        }
        Ok(())
    }
}

/// The last path segment of an uploaded file's name, without control characters and
/// without the bidirectional-formatting characters that make `invoice\u{202E}fdp.exe`
/// display as `invoiceexe.pdf`, trimmed.
pub(crate) fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Unicode's explicit directional formatting characters (embeddings, overrides, isolates,
/// marks).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests;
