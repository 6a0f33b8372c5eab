//! A writing sample, its kinds and formats, and the profile of its writing style.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::user::UserId;

/// How a text is written: a deterministic profile computed from the text alone (by the
/// [`crate::ports::StyleAnalyser`]), so the generation pipeline can imitate the user's own
/// style. Stored with the sample and returned as the contract's `writing_style`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WritingStyle {
    pub word_count: usize,
    pub sentence_count: usize,
    pub paragraph_count: usize,
    /// Words per sentence: mean and standard deviation.
    pub sentence_length_mean: f64,
    pub sentence_length_stddev: f64,
    /// Words per paragraph.
    pub paragraph_length_mean: f64,
    /// Vocabulary richness (0..1; higher means more varied wording, robust to text length).
    pub vocabulary_richness: f64,
    /// Share of sentences written in the first person (0..1).
    pub first_person_ratio: f64,
    /// Formality markers.
    pub formality: Formality,
    /// The most used action verbs, most frequent first.
    pub action_verbs: Vec<TermCount>,
    /// The most used multi-word phrases, most frequent first.
    pub phrases: Vec<TermCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Formality {
    /// 0 (casual) to 1 (formal).
    pub score: f64,
    pub contractions_per_100_words: f64,
    pub formal_markers_per_100_words: f64,
    pub informal_markers_per_100_words: f64,
    /// `formal`, `neutral` or `casual`.
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    pub term: String,
    pub count: usize,
}

/// What a sample is an example of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Resume,
    CoverLetter,
}

impl DocumentType {
    /// # Errors
    /// Anything but `resume` or `cover_letter`.
    pub fn parse(raw: &str) -> Result<Self, InvalidDocumentType> {
        match raw.trim() {
            "resume" => Ok(Self::Resume),
            "cover_letter" => Ok(Self::CoverLetter),
            _ => Err(InvalidDocumentType),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::CoverLetter => "cover_letter",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document_type must be 'resume' or 'cover_letter'")]
pub struct InvalidDocumentType;

/// The kind of file a sample was uploaded as, decided from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SampleFormat {
    Text,
    Markdown,
    Docx,
    Pdf,
}

impl SampleFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "text" => Some(Self::Text),
            "markdown" => Some(Self::Markdown),
            "docx" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The media type of the stored original.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Text => "text/plain; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
        }
    }
}

crate::id::uuid_id!(
    /// A writing sample's id.
    SampleId
);

/// A stored writing sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub id: SampleId,
    pub user_id: UserId,
    pub document_type: DocumentType,
    pub original_filename: String,
    pub format: SampleFormat,
    pub full_text: String,
    pub word_count: i64,
    pub character_count: i64,
    pub is_active: bool,
    pub writing_style: Option<WritingStyle>,
    /// Where the original file is kept (made by the server, never from the file name).
    pub storage_key: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A sample without its text, for listings.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSummary {
    pub id: SampleId,
    pub user_id: UserId,
    pub document_type: DocumentType,
    pub original_filename: String,
    pub format: SampleFormat,
    pub word_count: i64,
    pub character_count: i64,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

/// Listing filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SampleFilter {
    pub document_type: Option<DocumentType>,
    pub is_active: Option<bool>,
}

/// Whitespace-separated tokens.
pub fn word_count(text: &str) -> i64 {
    i64::try_from(text.split_whitespace().count()).unwrap_or(i64::MAX)
}

/// Unicode code points.
pub fn character_count(text: &str) -> i64 {
    i64::try_from(text.chars().count()).unwrap_or(i64::MAX)
}

/// The upload limit of the contract: 1 MiB.
pub const MAX_SAMPLE_BYTES: usize = 1024 * 1024;
pub const MAX_FILENAME_LEN: usize = 255;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_types_are_exactly_the_two_of_the_contract() {
        assert_eq!(DocumentType::parse("resume"), Ok(DocumentType::Resume));
        assert_eq!(
            DocumentType::parse("cover_letter"),
            Ok(DocumentType::CoverLetter)
        );
        for bad in ["Resume", "cover-letter", "", "cv"] {
            assert!(DocumentType::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_follow_whitespace_tokens_and_code_points() {
        assert_eq!(word_count("  Hello,\n\twörld  again "), 3);
        assert_eq!(character_count("wörld"), 5);
    }
}
