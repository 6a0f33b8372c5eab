//! The saved job posting and the values it is made of.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::posting::{SalaryRange, Seniority, WorkMode};
use crate::user::UserId;

/// Longest title or company name (characters).
pub const MAX_TITLE_LEN: usize = 200;
pub const MAX_COMPANY_LEN: usize = 200;
pub const MAX_LOCATION_LEN: usize = 200;
pub const MAX_DESCRIPTION_LEN: usize = 10_000;
pub const MAX_SALARY_RANGE_LEN: usize = 100;
pub const MAX_NOTES_LEN: usize = 5_000;
/// Pasted posting text: at least 10, at most 15,000 characters.
pub const MIN_RAW_TEXT_LEN: usize = 10;
pub const MAX_RAW_TEXT_LEN: usize = 15_000;
/// A posting's address: 10 to 500 characters.
pub const MIN_URL_LEN: usize = 10;
pub const MAX_URL_LEN: usize = 500;
/// Items per list (requirements, benefits, responsibilities) and characters per item.
pub const MAX_LIST_ITEMS: usize = 50;
pub const MAX_ITEM_LEN: usize = 1_000;
/// Keywords kept per job.
pub const MAX_KEYWORDS: usize = 100;
/// Why a job's title or company is refused (see [`job_name`]).
pub const BLANK_JOB_NAME: &str = "title and company must not be blank";

/// The rule for a job's title and company, when the job is saved and on every update: they
/// are kept without surrounding spaces and may not be blank. The kept value, or `None` for
/// a blank one.
pub fn job_name(raw: &str) -> Option<&str> {
    let name = raw.trim();
    (!name.is_empty()).then_some(name)
}

/// Characters per keyword.
pub const MAX_KEYWORD_LEN: usize = 100;

/// Defines a closed set of string values with `as_str`, `parse` and `ALL`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// The value spelled exactly `raw`, if any.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// The accepted spellings, for error messages: `'a', 'b' or 'c'`.
            pub fn expected() -> String {
                let all: Vec<String> = Self::ALL.iter().map(|v| format!("'{}'", v.as_str())).collect();
                match all.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Where a job came from. Exactly the client's set: one value outside it breaks the
    /// client's whole list.
    JobSource {
        UserCreated = "user_created",
        Indeed = "indeed",
        Linkedin = "linkedin",
        Glassdoor = "glassdoor",
        Mock = "mock",
        Imported = "imported",
        UrlImport = "url_import",
    }
}

string_enum! {
    /// The job's own state in the user's list.
    JobStatus {
        Active = "active",
        Archived = "archived",
        Draft = "draft",
    }
}

string_enum! {
    /// Where the user's application for the job stands.
    ApplicationStatus {
        NotApplied = "not_applied",
        Preparing = "preparing",
        Applied = "applied",
        Interviewing = "interviewing",
        OfferReceived = "offer_received",
        Accepted = "accepted",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

string_enum! {
    EmploymentType {
        FullTime = "full_time",
        PartTime = "part_time",
        Contract = "contract",
        Temporary = "temporary",
        Internship = "internship",
    }
}

string_enum! {
    /// The order of a job list.
    JobSortField {
        CreatedAt = "created_at",
        UpdatedAt = "updated_at",
    }
}

impl ApplicationStatus {
    /// Whether reaching this status means the user has applied (it sets `applied_date`
    /// when none is known yet).
    #[must_use]
    pub fn counts_as_applied(self) -> bool {
        matches!(
            self,
            Self::Applied | Self::Interviewing | Self::OfferReceived | Self::Accepted
        )
    }
}

crate::id::uuid_id!(
    /// A saved job's id.
    JobId
);

/// A saved job posting of one user.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub user_id: UserId,
    pub source: JobSource,
    pub title: String,
    /// `None` when a pasted or imported posting does not name the hiring company (never a
    /// placeholder).
    pub company: Option<String>,
    pub location: Option<String>,
    pub description: Option<String>,
    /// The text the job was parsed from (pasted text, or the imported page's text).
    pub raw_text: Option<String>,
    /// The page a URL import came from.
    pub source_url: Option<String>,
    /// Canonical vocabulary skill names, most relevant first.
    pub keywords: Vec<String>,
    pub requirements: Vec<String>,
    pub preferred_requirements: Vec<String>,
    pub responsibilities: Vec<String>,
    pub benefits: Vec<String>,
    /// The contract's free-text range (`"120000-180000"`).
    pub salary_range: Option<String>,
    /// The same range read into numbers, when it could be.
    pub salary: Option<SalaryRange>,
    pub remote: bool,
    pub work_mode: Option<WorkMode>,
    pub employment_type: EmploymentType,
    pub seniority: Option<Seniority>,
    pub years_experience: Option<u32>,
    pub status: JobStatus,
    pub application_status: ApplicationStatus,
    /// When the user applied: given by the user, or the time the status first reached
    /// `applied` (or later).
    pub applied_date: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    /// Bumped by every save; a save that finds another version stored changes nothing.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Job {
    /// Roughly how many bytes the job's texts take.
    #[must_use]
    pub fn text_bytes(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let list = |l: &[String]| l.iter().map(String::len).sum::<usize>();
        self.title.len()
            + opt(&self.company)
            + opt(&self.location)
            + opt(&self.description)
            + opt(&self.raw_text)
            + opt(&self.source_url)
            + opt(&self.notes)
            + list(&self.keywords)
            + list(&self.requirements)
            + list(&self.preferred_requirements)
            + list(&self.responsibilities)
            + list(&self.benefits)
    }

    /// The text `q` searches: title, company and description, lower-cased (Unicode), so
    /// the search is case-insensitive the same way on every database.
    #[must_use]
    pub fn search_text(&self) -> String {
        let mut text = String::with_capacity(
            self.title.len()
                + self.company.as_ref().map_or(0, String::len)
                + self.description.as_ref().map_or(0, String::len)
                + 2,
        );
        text.push_str(&self.title);
        if let Some(company) = &self.company {
            text.push('\n');
            text.push_str(company);
        }
        if let Some(d) = &self.description {
            text.push('\n');
            text.push_str(d);
        }
        text.to_lowercase()
    }
}

/// One page of a user's job list, as loaded together.
#[derive(Debug, Default)]
pub struct JobPage {
    pub jobs: Vec<Job>,
    /// All jobs matching the filters.
    pub total: u64,
}

impl JobPage {
    #[must_use]
    pub fn new(jobs: Vec<Job>, total: u64) -> Self {
        Self { jobs, total }
    }

    /// Roughly how many bytes the page's texts take (what caching it costs).
    #[must_use]
    pub fn text_bytes(&self) -> usize {
        self.jobs.iter().map(Job::text_bytes).sum()
    }
}

/// Whether pasted text can be a posting at all: at least two words with letters in them.
#[must_use]
pub fn is_readable_posting(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(2)
        .count()
        == 2
}

/// One change of a job's application status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub job_id: JobId,
    /// `None` for the first entry, written when the job was saved.
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    pub changed_at: DateTime<Utc>,
}

/// Filters of the job list; every one optional and combined with AND.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    pub source: Option<JobSource>,
    pub application_status: Option<ApplicationStatus>,
    pub employment_type: Option<EmploymentType>,
    pub remote: Option<bool>,
    /// Case-insensitive substring of title, company or description (trimmed, non-empty).
    pub query: Option<String>,
}

/// The order of the job list; ties are broken by id so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobSort {
    pub field: JobSortField,
    pub descending: bool,
}

impl Default for JobSort {
    /// Newest first, as the reference server lists.
    fn default() -> Self {
        Self {
            field: JobSortField::CreatedAt,
            descending: true,
        }
    }
}

/// A page of a list: at most `limit` items from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_exactly_the_seven_of_the_client() {
        let all: Vec<&str> = JobSource::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            all,
            [
                "user_created",
                "indeed",
                "linkedin",
                "glassdoor",
                "mock",
                "imported",
                "url_import"
            ]
        );
        assert_eq!(JobSource::parse("weird_source"), None);
        assert_eq!(JobSource::parse("Imported"), None);
    }

    #[test]
    fn application_statuses_are_the_eight_of_the_contract_and_round_trip() {
        assert_eq!(ApplicationStatus::ALL.len(), 8);
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(*status));
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }

    #[test]
    fn expected_lists_every_value_for_error_messages() {
        assert_eq!(JobStatus::expected(), "'active', 'archived' or 'draft'");
    }

    #[test]
    fn only_applied_and_later_statuses_count_as_applied() {
        assert!(ApplicationStatus::Applied.counts_as_applied());
        assert!(ApplicationStatus::Interviewing.counts_as_applied());
        assert!(!ApplicationStatus::Preparing.counts_as_applied());
        assert!(!ApplicationStatus::Withdrawn.counts_as_applied());
    }
}
