//! What the analyser reads out of a posting, in this crate's own plain types, and the limits
//! every output keeps.

/// Characters of a title or company name.
pub const MAX_TITLE_LEN: usize = 200;
/// Characters of a company name.
pub const MAX_COMPANY_LEN: usize = 200;
/// Characters of a location.
pub const MAX_LOCATION_LEN: usize = 200;
/// Characters of the description.
pub const MAX_DESCRIPTION_LEN: usize = 10_000;
/// Items per list (requirements, preferred, responsibilities, benefits).
pub const MAX_LIST_ITEMS: usize = 50;
/// Characters per list item.
pub const MAX_ITEM_LEN: usize = 1_000;

/// How often a salary figure is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SalaryPeriod {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl SalaryPeriod {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// A pay range in whole currency units. `min == max` for a single figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalaryRange {
    pub min: u64,
    pub max: u64,
    /// ISO 4217 code, upper case ("USD", "EUR", "GBP"); "USD" when the text shows `$` only.
    pub currency: String,
    pub period: SalaryPeriod,
}

/// Where the work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkMode {
    Remote,
    Hybrid,
    Onsite,
}

impl WorkMode {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remote => "remote",
            Self::Hybrid => "hybrid",
            Self::Onsite => "onsite",
        }
    }
}

/// How senior the role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    #[must_use]
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
}

/// The terms of employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Temporary,
    Internship,
}

impl EmploymentType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FullTime => "full_time",
            Self::PartTime => "part_time",
            Self::Contract => "contract",
            Self::Temporary => "temporary",
            Self::Internship => "internship",
        }
    }
}

/// A job posting read from free text.
///
/// Every text field is trimmed and free of control characters; lists hold no empty or
/// duplicate items. Lengths are bounded by the `MAX_*` constants of this crate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posting {
    /// `None` when the text does not say.
    pub title: Option<String>,
    /// `None` when the text does not say.
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

impl Posting {
    /// Remote or hybrid work.
    #[must_use]
    pub fn remote(&self) -> bool {
        matches!(self.work_mode, Some(WorkMode::Remote | WorkMode::Hybrid))
    }
}
