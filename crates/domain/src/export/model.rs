//! The export entity and what a renderer makes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::export::Template;
use crate::generation::{DocumentType, GenerationId};
use crate::job::JobId;
use crate::user::UserId;

crate::id::uuid_id!(
    /// An export's id.
    ExportId
);

/// What an export file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Pdf,
    Docx,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
    /// Several exports in one archive.
    Zip,
}

impl ExportFormat {
    pub const ALL: [Self; 5] = [Self::Pdf, Self::Docx, Self::Markdown, Self::Text, Self::Zip];

    /// The contract's spelling (`pdf`, `docx`, `zip`; `md` and `txt` are additions).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Markdown => "md",
            Self::Text => "txt",
            Self::Zip => "zip",
        }
    }

    /// Exactly the spelling of [`Self::as_str`].
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// The file name extension (the same as the spelling).
    #[must_use]
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Text => "text/plain; charset=utf-8",
            Self::Zip => "application/zip",
        }
    }

    /// What a renderer makes for this format; `None` for a ZIP (an archive of renders).
    #[must_use]
    pub fn render_format(self) -> Option<RenderFormat> {
        match self {
            Self::Pdf => Some(RenderFormat::Pdf),
            Self::Docx => Some(RenderFormat::Docx),
            Self::Markdown => Some(RenderFormat::Markdown),
            Self::Text => Some(RenderFormat::Text),
            Self::Zip => None,
        }
    }
}

/// What a renderer can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenderFormat {
    Pdf,
    Docx,
    Markdown,
    Text,
    /// The first page as a PNG image (the template picker's preview).
    PngPreview,
}

/// Facts about an export kept with it (the contract's `metadata`, plus additions).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExportMetadata {
    /// `resume` or `cover_letter`; `None` for a ZIP.
    pub document_type: Option<String>,
    /// The generation it was made from; `None` for a ZIP.
    pub created_from: Option<String>,
    /// The job's title and company when the export was made (the client shows them).
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub ats_score: Option<f64>,
    /// `letter` or `a4` (PDF only).
    pub paper: Option<String>,
    /// Characters of the content that no available font can show: they print as a blank
    /// box. Empty when every glyph was found.
    #[serde(default)]
    pub missing_glyphs: Vec<String>,
    /// A ZIP's files, in order.
    #[serde(default)]
    pub files: Vec<String>,
    /// A ZIP's requested generations that were not found (missing, another user's, or
    /// without structured content).
    #[serde(default)]
    pub skipped_generations: Vec<String>,
}

/// A rendered, stored file made from one or more generations.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub id: ExportId,
    pub user_id: UserId,
    /// `None` for a ZIP of several.
    pub generation_id: Option<GenerationId>,
    pub job_id: Option<JobId>,
    pub format: ExportFormat,
    pub template: Template,
    pub document_type: Option<DocumentType>,
    /// `<document_type>_<YYYYMMDD_HHMMSS>.<ext>` (`batch_export_<…>.zip` for a ZIP).
    pub filename: String,
    /// `exports/<user_id>/<export_id>.<ext>`.
    pub storage_key: String,
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the file (the download's `ETag`).
    pub sha256: String,
    /// Pages of a PDF.
    pub page_count: Option<u32>,
    /// Files in a ZIP.
    pub file_count: Option<u32>,
    pub metadata: ExportMetadata,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Export {
    /// The storage key of an export file.
    #[must_use]
    pub fn key_for(user_id: UserId, id: ExportId, format: ExportFormat) -> String {
        format!("exports/{}/{}.{}", user_id.get(), id, format.extension())
    }

    /// The contract's file name: `<stem>_<YYYYMMDD_HHMMSS UTC>.<ext>`.
    #[must_use]
    pub fn filename_for(stem: &str, at: DateTime<Utc>, format: ExportFormat) -> String {
        format!(
            "{stem}_{}.{}",
            at.format("%Y%m%d_%H%M%S"),
            format.extension()
        )
    }

    /// The download route's path segment: the storage key with `/` as `_`.
    #[must_use]
    pub fn download_name(&self) -> String {
        self.storage_key.replace('/', "_")
    }

    /// The storage key named by a download path segment, when it is one this server makes
    /// (`exports_<user>_<uuid>.<ext>`).
    #[must_use]
    pub fn key_from_download_name(name: &str) -> Option<String> {
        let rest = name.strip_prefix("exports_")?;
        let (user, file) = rest.split_once('_')?;
        let (id, ext) = file.split_once('.')?;
        if user.is_empty() || !user.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        uuid::Uuid::parse_str(id).ok()?;
        ExportFormat::parse(ext)?;
        Some(format!("exports/{user}/{id}.{ext}"))
    }
}

/// What a renderer made.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RenderedDocument {
    pub bytes: Vec<u8>,
    /// Pages, for a PDF (and the preview's document).
    pub page_count: Option<u32>,
    /// Characters no font could show, each once, in order of first appearance.
    pub missing_glyphs: Vec<char>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_parse_only_their_spelling() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(ExportFormat::parse("PDF"), None);
        assert_eq!(ExportFormat::Zip.render_format(), None);
    }

    #[test]
    fn names_follow_the_contract() {
        let at = Utc.with_ymd_and_hms(2025, 11, 26, 3, 5, 44).unwrap();
        assert_eq!(
            Export::filename_for("resume", at, ExportFormat::Docx),
            "resume_20251126_030544.docx"
        );
        let id = ExportId::new_random();
        let key = Export::key_for(UserId::new(7), id, ExportFormat::Pdf);
        assert_eq!(key, format!("exports/7/{id}.pdf"));
        let name = key.replace('/', "_");
        assert_eq!(Export::key_from_download_name(&name), Some(key));
    }

    #[test]
    fn download_names_the_server_did_not_make_are_refused() {
        let id = ExportId::new_random();
        for bad in [
            format!("samples_7_{id}.pdf"),
            format!("exports_x_{id}.pdf"),
            format!("exports_7_{id}.exe"),
            "exports_7_..%2f.pdf".to_owned(),
            "exports_7_not-a-uuid.pdf".to_owned(),
            format!("exports__{id}.pdf"),
        ] {
            assert_eq!(Export::key_from_download_name(&bad), None, "{bad}");
        }
    }
}
