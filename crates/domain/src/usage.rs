//! What language-model calls cost: every call recorded per user and feature, priced from a
//! configured table, and a daily token budget per user and for everyone.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::user::UserId;

/// What a model call was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    Ranking,
    Resume,
    CoverLetter,
    Enhancement,
}

impl Feature {
    pub const ALL: [Self; 4] = [
        Self::Ranking,
        Self::Resume,
        Self::CoverLetter,
        Self::Enhancement,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ranking => "ranking",
            Self::Resume => "resume",
            Self::CoverLetter => "cover_letter",
            Self::Enhancement => "enhancement",
        }
    }

    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }
}

/// One model call.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRecord {
    pub user_id: UserId,
    pub feature: Feature,
    /// The model that answered (or would have, for a cache hit).
    pub model: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub latency_ms: u32,
    /// Estimated cost in millionths of a US dollar (0 for a cache hit or an unpriced model).
    pub cost_micros: i64,
    /// Served from the response cache: no tokens were spent.
    pub cached: bool,
    pub at: DateTime<Utc>,
}

impl UsageRecord {
    /// The UTC day it counts for.
    #[must_use]
    pub fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// Totals of a set of calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsageTotals {
    pub calls: u64,
    pub cache_hits: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cost_micros: i64,
}

impl UsageTotals {
    #[must_use]
    pub fn tokens(&self) -> u64 {
        self.prompt_tokens + self.completion_tokens
    }

    pub fn add(&mut self, other: &Self) {
        self.calls += other.calls;
        self.cache_hits += other.cache_hits;
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
        self.cost_micros += other.cost_micros;
    }
}

/// A user's calls between two days (inclusive), by feature and by day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UsageReport {
    pub by_feature: BTreeMap<Feature, UsageTotals>,
    pub by_day: BTreeMap<NaiveDate, UsageTotals>,
}

impl UsageReport {
    #[must_use]
    pub fn totals(&self) -> UsageTotals {
        let mut all = UsageTotals::default();
        for t in self.by_feature.values() {
            all.add(t);
        }
        all
    }
}

/// The price of a model's tokens, in US dollars per million.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Price {
    pub prompt_per_million: f64,
    pub completion_per_million: f64,
}

/// Prices by model name; an unknown model costs nothing (and is said to).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceTable(pub BTreeMap<String, Price>);

impl PriceTable {
    /// The estimated cost of a call in millionths of a dollar.
    #[must_use]
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    pub fn cost_micros(&self, model: &str, prompt: u32, completion: u32) -> i64 {
        let Some(price) = self.0.get(model) else {
            return 0;
        };
        // dollars per million tokens × tokens = millionths of a dollar.
        let micros = price.prompt_per_million * f64::from(prompt)
            + price.completion_per_million * f64::from(completion);
        if micros.is_finite() && micros > 0.0 {
            micros.round().min(i64::MAX as f64) as i64
        } else {
            0
        }
    }
}

/// What happens to a request once a budget is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OverBudget {
    /// Generation answers 429 until the next day (UTC).
    #[default]
    Reject,
    /// Generation goes on with the offline composer, and its metadata says why.
    Offline,
}

/// Daily token budgets (UTC days); `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenBudget {
    pub per_user: Option<u64>,
    pub global: Option<u64>,
    pub over: OverBudget,
}

/// The start of the next UTC day after `now`.
#[must_use]
pub fn next_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    tomorrow.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_priced_model_costs_its_tokens_and_an_unknown_one_nothing() {
        let prices = PriceTable(BTreeMap::from([(
            "gpt-x".to_owned(),
            Price {
                prompt_per_million: 0.5,
                completion_per_million: 1.5,
            },
        )]));
        // 1,000 prompt tokens at $0.50/M = $0.0005 = 500 micros; 2,000 at $1.50/M = 3,000.
        assert_eq!(prices.cost_micros("gpt-x", 1_000, 2_000), 3_500);
        assert_eq!(prices.cost_micros("other", 1_000, 2_000), 0);
    }

    #[test]
    fn the_budget_resets_at_the_next_utc_midnight() {
        let now = Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 30).unwrap();
        assert_eq!(
            next_reset(now),
            Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn features_round_trip_and_totals_add_up() {
        for f in Feature::ALL {
            assert_eq!(Feature::parse(f.as_str()), Some(f));
        }
        let one = UsageTotals {
            calls: 2,
            cache_hits: 1,
            prompt_tokens: 10,
            completion_tokens: 5,
            cost_micros: 7,
        };
        let report = UsageReport {
            by_feature: BTreeMap::from([(Feature::Resume, one), (Feature::Ranking, one)]),
            by_day: BTreeMap::new(),
        };
        let all = report.totals();
        assert_eq!((all.calls, all.tokens(), all.cost_micros), (4, 30, 14));
    }
}
