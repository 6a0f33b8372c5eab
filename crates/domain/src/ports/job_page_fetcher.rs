//! Fetching a job posting's page for URL import, and what a page yields.

use async_trait::async_trait;
use thiserror::Error;

use crate::job::{EmploymentType, SalaryRange, WorkMode};

/// A schema.org `JobPosting` read from a page's JSON-LD. Text fields are plain text (any
/// HTML in the structured data is turned into text, block elements into line breaks and
/// list items into `- ` lines), trimmed and free of control characters other than `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StructuredPosting {
    pub title: String,
    /// `hiringOrganization.name`.
    pub company: Option<String>,
    /// `jobLocation.address`: locality, region and country joined with ", ".
    pub location: Option<String>,
    /// `description` as text.
    pub description: String,
    /// `employmentType` when it maps to one of the contract's values.
    pub employment_type: Option<EmploymentType>,
    /// `baseSalary` (a `MonetaryAmount` with a value or a min/max and a `unitText`).
    pub salary: Option<SalaryRange>,
    /// `jobLocationType: TELECOMMUTE` is remote.
    pub work_mode: Option<WorkMode>,
    /// `qualifications`, `skills`, `experienceRequirements` and `educationRequirements`
    /// as text, when present.
    pub qualifications: Option<String>,
    /// `responsibilities` as text, when present.
    pub responsibilities: Option<String>,
}

/// What was found at a posting's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchedPage {
    /// The page carries a schema.org `JobPosting`.
    Structured(StructuredPosting),
    /// No structured posting: the page's readable text (scripts, styles and markup
    /// removed; block elements end lines), and its `<title>` when it has one.
    Text { title: Option<String>, text: String },
}

/// Why a page could not be imported. Every case but `Unexpected` is the caller's problem
/// (a 422 with the reason), never a server error.
#[derive(Debug, Error)]
pub enum FetchError {
    /// Not an absolute `http://` or `https://` address.
    #[error("The URL must be an absolute http or https address")]
    InvalidUrl,
    /// The host is or resolves to a private, loopback, link-local or otherwise
    /// non-public address.
    #[error("The URL points to a private or local network address, which cannot be imported")]
    RefusedAddress,
    /// DNS failure, refused connection, TLS failure or time-out.
    #[error("The page could not be reached: {0}")]
    Unreachable(String),
    /// The server answered with a status other than 2xx.
    #[error("The page answered with HTTP status {0}")]
    Status(u16),
    #[error("The page redirects too many times")]
    TooManyRedirects,
    #[error("The page is larger than 2 MiB")]
    TooLarge,
    /// Not HTML or text (an image, a PDF, ...).
    #[error("The page is not an HTML or text document")]
    NotHtml,
    /// Nothing readable on the page.
    #[error("The page has no readable text")]
    Empty,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Fetches a job posting's page.
///
/// Adapters MUST accept only `http` and `https`, MUST refuse hosts that are or resolve to
/// private, loopback, link-local, unspecified, multicast or otherwise reserved addresses
/// (unless configured for tests), MUST check every redirect hop the same way, MUST cap
/// redirects, the time (10 s) and the body size (2 MiB), MUST do HTML parsing of a big page
/// off the async executor, and MUST NOT panic on any page.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait JobPageFetcher: Send + Sync {
    /// # Errors
    /// See [`FetchError`].
    async fn fetch(&self, url: &str) -> Result<FetchedPage, FetchError>;
}
