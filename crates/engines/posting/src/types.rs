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

/// An amount of money in hundredths of its currency unit (cents, pence), so that "$78.50"
/// keeps its cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(u64);

impl Money {
    /// The amount of `cents` hundredths.
    #[must_use]
    pub const fn from_cents(cents: u64) -> Self {
        Self(cents)
    }

    /// The amount of `units` whole currency units.
    #[must_use]
    pub const fn from_units(units: u64) -> Self {
        Self(units.saturating_mul(100))
    }

    /// `value` currency units rounded to the nearest hundredth; `None` when it is negative,
    /// not finite or beyond any pay.
    #[must_use]
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || !(0.0..=1e15).contains(&value) {
            return None;
        }
        // In range: checked above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let cents = (value * 100.0).round() as u64;
        Some(Self(cents))
    }

    #[must_use]
    pub const fn cents(self) -> u64 {
        self.0
    }

    /// Whether the amount has no cents.
    #[must_use]
    pub const fn is_whole(self) -> bool {
        self.0.is_multiple_of(100)
    }

    /// The amount in currency units ("78.5" for 7,850 cents).
    #[must_use]
    pub fn to_f64(self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let cents = self.0 as f64;
        cents / 100.0
    }
}

impl std::fmt::Display for Money {
    /// "62" for whole amounts, "78.50" with cents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.0 / 100)
        } else {
            write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

/// A pay range. A single figure has `min == max`; "up to X" has no `min`, "starting at X" no
/// `max`; at least one bound is always there, and `min <= max` when both are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalaryRange {
    pub min: Option<Money>,
    pub max: Option<Money>,
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
    /// Fully remote work (hybrid work is not remote).
    #[must_use]
    pub fn remote(&self) -> bool {
        self.work_mode == Some(WorkMode::Remote)
    }
}

#[cfg(test)]
impl SalaryRange {
    /// Both bounds in whole units, for tests of ranges without cents.
    pub(crate) fn whole(&self) -> (u64, u64) {
        let units = |m: Option<Money>| {
            let m = m.expect("both bounds");
            assert!(m.is_whole(), "{m} has cents");
            m.cents() / 100
        };
        (units(self.min), units(self.max))
    }
}
