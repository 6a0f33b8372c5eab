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

/// An amount of money in hundredths of its currency unit (cents, pence), so that "$78.50"
/// keeps its cents. JSON writes it as a number of units (`78.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(u64);

/// The largest amount a salary may state (far above any pay, far below float precision).
const MAX_MONEY_UNITS: f64 = 1e12;

impl Money {
    #[must_use]
    pub const fn from_cents(cents: u64) -> Self {
        Self(cents)
    }

    #[must_use]
    pub const fn from_units(units: u64) -> Self {
        Self(units.saturating_mul(100))
    }

    /// `value` units rounded to the nearest hundredth; `None` when negative, not finite or
    /// beyond any pay.
    #[must_use]
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || !(0.0..=MAX_MONEY_UNITS).contains(&value) {
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

    #[must_use]
    pub const fn is_whole(self) -> bool {
        self.0.is_multiple_of(100)
    }

    #[must_use]
    pub fn to_f64(self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let cents = self.0 as f64;
        cents / 100.0
    }

    /// "62" or "62.00": with cents when `cents` is set.
    fn write(self, cents: bool) -> String {
        if cents {
            format!("{}.{:02}", self.0 / 100, self.0 % 100)
        } else {
            (self.0 / 100).to_string()
        }
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            serializer.serialize_u64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Self::from_f64(value)
            .ok_or_else(|| serde::de::Error::custom(format!("{value} is not an amount of money")))
    }
}

/// A pay range. A single figure has `min == max`; "up to X" has no `min` and "starting at X"
/// no `max`. At least one bound is there, and `min <= max` when both are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalaryRange {
    pub min: Option<Money>,
    pub max: Option<Money>,
    /// ISO 4217 code, upper case ("USD", "EUR", "GBP"); "USD" when the text shows `$` only.
    pub currency: String,
    pub period: SalaryPeriod,
}

impl SalaryRange {
    /// A range of whole units, `min..=max`.
    #[must_use]
    pub fn whole(min: u64, max: u64, currency: &str, period: SalaryPeriod) -> Self {
        Self {
            min: Some(Money::from_units(min)),
            max: Some(Money::from_units(max)),
            currency: currency.to_owned(),
            period,
        }
    }

    /// Whether the bounds make a range: at least one, and `min <= max`.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        match (self.min, self.max) {
            (Some(min), Some(max)) => min <= max,
            (None, None) => false,
            _ => true,
        }
    }

    /// The contract's `salary_range` text: `"120000-180000"`, `"95000"` for one figure,
    /// `"62.00-78.50"` with cents, `"52000+"` for a minimum only and `"up to 45000"` for a
    /// maximum only.
    #[must_use]
    pub fn to_contract_string(&self) -> String {
        let cents = [self.min, self.max]
            .into_iter()
            .flatten()
            .any(|m| !m.is_whole());
        match (self.min, self.max) {
            (Some(min), Some(max)) if min == max => min.write(cents),
            (Some(min), Some(max)) => format!("{}-{}", min.write(cents), max.write(cents)),
            (Some(min), None) => format!("{}+", min.write(cents)),
            (None, Some(max)) => format!("up to {}", max.write(cents)),
            (None, None) => String::new(),
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
    /// `None` when the text does not say; the job then has no company (never a placeholder).
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
    /// The contract's `remote` flag: fully remote work. Hybrid work is not remote; its
    /// `work_mode` says so.
    #[must_use]
    pub fn remote(&self) -> bool {
        self.work_mode == Some(WorkMode::Remote)
    }
}

#[cfg(test)]
mod salary_tests {
    use super::*;

    fn range(min: Option<u64>, max: Option<u64>) -> SalaryRange {
        SalaryRange {
            min: min.map(Money::from_cents),
            max: max.map(Money::from_cents),
            currency: "USD".into(),
            period: SalaryPeriod::Hour,
        }
    }

    #[test]
    fn the_contract_string_keeps_cents_and_open_bounds() {
        assert_eq!(
            range(Some(6_200), Some(7_850)).to_contract_string(),
            "62.00-78.50"
        );
        assert_eq!(
            range(Some(6_200), Some(7_800)).to_contract_string(),
            "62-78"
        );
        assert_eq!(range(Some(9_500), Some(9_500)).to_contract_string(), "95");
        assert_eq!(range(Some(5_200_000), None).to_contract_string(), "52000+");
        assert_eq!(
            range(None, Some(4_500_000)).to_contract_string(),
            "up to 45000"
        );
        assert_eq!(range(None, Some(1_875)).to_contract_string(), "up to 18.75");
    }

    #[test]
    fn money_is_a_json_number_with_its_cents() {
        let json = serde_json::to_value(range(Some(6_200), Some(7_850))).unwrap();
        assert_eq!(json["min"], serde_json::json!(62));
        assert_eq!(json["max"], serde_json::json!(78.5));
        let back: SalaryRange = serde_json::from_value(json).unwrap();
        assert_eq!(back, range(Some(6_200), Some(7_850)));
        assert!(serde_json::from_str::<Money>("-1").is_err());
        assert!(serde_json::from_str::<Money>("1e300").is_err());
    }

    #[test]
    fn a_range_needs_a_bound_and_an_order() {
        assert!(range(Some(1), Some(2)).is_valid());
        assert!(range(None, Some(2)).is_valid());
        assert!(!range(Some(3), Some(2)).is_valid());
        assert!(!range(None, None).is_valid());
    }
}
