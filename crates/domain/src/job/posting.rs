//! What an analysis reads out of a job posting. Shared by the posting analyser port, URL import
//! and the job service.

use serde::{Deserialize, Serialize};

use super::model::EmploymentType;

/// How often a salary figure is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalaryPeriod {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl SalaryPeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "hour" => Some(Self::Hour),
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            "year" => Some(Self::Year),
            _ => None,
        }
    }
}

/// A pay range in whole currency units. `min == max` for a single figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalaryRange {
    pub min: u64,
    pub max: u64,
    /// ISO 4217 code, upper case ("USD", "EUR", "GBP"); "USD" when the text shows `$` only.
    pub currency: String,
    pub period: SalaryPeriod,
}

impl SalaryRange {
    /// The contract's `salary_range` text: `"120000-180000"`, or `"95000"` for one figure.
    #[must_use]
    pub fn to_contract_string(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}-{}", self.min, self.max)
        }
    }
}

/// Where the work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkMode {
    Remote,
    Hybrid,
    Onsite,
}

impl WorkMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remote => "remote",
            Self::Hybrid => "hybrid",
            Self::Onsite => "onsite",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "remote" => Some(Self::Remote),
            "hybrid" => Some(Self::Hybrid),
            "onsite" => Some(Self::Onsite),
            _ => None,
        }
    }
}

/// How senior the role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    Intern,
    Entry,
    Junior,
    Mid,
    Senior,
    Lead,
    Principal,
    Manager,
    Director,
    Executive,
}

impl Seniority {
    pub const ALL: [Self; 10] = [
        Self::Intern,
        Self::Entry,
        Self::Junior,
        Self::Mid,
        Self::Senior,
        Self::Lead,
        Self::Principal,
        Self::Manager,
        Self::Director,
        Self::Executive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intern => "intern",
            Self::Entry => "entry",
            Self::Junior => "junior",
            Self::Mid => "mid",
            Self::Senior => "senior",
            Self::Lead => "lead",
            Self::Principal => "principal",
            Self::Manager => "manager",
            Self::Director => "director",
            Self::Executive => "executive",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A job posting read from free text (or from a page's structured data).
///
/// Every text field is trimmed and free of control characters; lists hold no empty or
/// duplicate items. Lengths are bounded: see the `MAX_*` constants in [`super::model`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnalysedPosting {
    /// `None` when the text does not say; the service then uses "Untitled Position".
    pub title: Option<String>,
    /// `None` when the text does not say; the service then uses "Unknown Company".
    pub company: Option<String>,
    pub location: Option<String>,
    /// The posting's body: the text without the title/company/location header lines.
    pub description: String,
    /// Must-have qualifications (all of them when the text does not split them).
    pub requirements: Vec<String>,
    /// Nice-to-have qualifications ("preferred", "bonus", "nice to have" sections).
    pub preferred_requirements: Vec<String>,
    pub responsibilities: Vec<String>,
    pub benefits: Vec<String>,
    pub salary: Option<SalaryRange>,
    pub work_mode: Option<WorkMode>,
    pub employment_type: Option<EmploymentType>,
    pub seniority: Option<Seniority>,
    /// The least number of years of experience asked for ("5+ years" → 5).
    pub years_experience: Option<u32>,
    /// Canonical vocabulary names, most relevant first, no duplicates.
    pub keywords: Vec<String>,
}

impl AnalysedPosting {
    /// The contract's `remote` flag: remote or hybrid work.
    #[must_use]
    pub fn remote(&self) -> bool {
        matches!(self.work_mode, Some(WorkMode::Remote | WorkMode::Hybrid))
    }
}
