//! The caller's model usage: totals by feature and by day, and where they stand against
//! today's budget.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use thiserror::Error;

use crate::ports::{Clock, UsageLedger};
use crate::usage::{TokenBudget, UsageReport, next_reset};
use crate::user::UserId;

/// The longest range one report covers, in days.
pub const MAX_REPORT_DAYS: i64 = 366;
/// The range of a report when none is given: the last 30 days, today included.
pub const DEFAULT_REPORT_DAYS: i64 = 30;

#[derive(Debug, Error)]
pub enum UsageError {
    #[error("from must not be after to")]
    Reversed,
    #[error("The range may cover at most {MAX_REPORT_DAYS} days")]
    TooLong,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A report with today's standing.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub report: UsageReport,
    /// The user's daily budget, if there is one.
    pub daily_budget: Option<u64>,
    /// Tokens the user spent today (UTC).
    pub used_today: u64,
    pub resets_at: DateTime<Utc>,
}

pub struct UsageService {
    ledger: Arc<dyn UsageLedger>,
    clock: Arc<dyn Clock>,
    budget: TokenBudget,
}

impl UsageService {
    pub fn new(ledger: Arc<dyn UsageLedger>, clock: Arc<dyn Clock>, budget: TokenBudget) -> Self {
        Self {
            ledger,
            clock,
            budget,
        }
    }

    /// The caller's usage from `from` to `to` (UTC days, inclusive; by default the last 30
    /// days).
    ///
    /// # Errors
    /// [`UsageError::Reversed`], [`UsageError::TooLong`].
    pub async fn summary(
        &self,
        user: UserId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<UsageSummary, UsageError> {
        let now = self.clock.now();
        let today = now.date_naive();
        let to = to.unwrap_or(today);
        let from = from.unwrap_or(to - Duration::days(DEFAULT_REPORT_DAYS - 1));
        if from > to {
            return Err(UsageError::Reversed);
        }
        if (to - from).num_days() >= MAX_REPORT_DAYS {
            return Err(UsageError::TooLong);
        }
        let report = self.ledger.report(user, from, to).await?;
        let used_today = self.ledger.tokens_on(Some(user), today).await?;
        Ok(UsageSummary {
            from,
            to,
            report,
            daily_budget: self.budget.per_user,
            used_today,
            resets_at: next_reset(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use mockall::predicate::eq;

    use super::*;
    use crate::ports::{MockClock, MockUsageLedger};

    fn service(ledger: MockUsageLedger) -> UsageService {
        let mut clock = MockClock::new();
        clock
            .expect_now()
            .returning(|| Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap());
        let budget = TokenBudget {
            per_user: Some(1000),
            ..TokenBudget::default()
        };
        UsageService::new(Arc::new(ledger), Arc::new(clock), budget)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[tokio::test]
    async fn the_default_range_is_the_last_thirty_days_and_today_is_counted() {
        let mut ledger = MockUsageLedger::new();
        ledger
            .expect_report()
            .with(
                eq(UserId::new(7)),
                eq(day(3) - Duration::days(29)),
                eq(day(3)),
            )
            .times(1)
            .returning(|_, _, _| Ok(UsageReport::default()));
        ledger
            .expect_tokens_on()
            .with(eq(Some(UserId::new(7))), eq(day(3)))
            .returning(|_, _| Ok(250));
        let s = service(ledger)
            .summary(UserId::new(7), None, None)
            .await
            .unwrap();
        assert_eq!((s.used_today, s.daily_budget), (250, Some(1000)));
        assert_eq!(
            s.resets_at,
            Utc.with_ymd_and_hms(2026, 12, 4, 0, 0, 0).unwrap()
        );
    }

    #[tokio::test]
    async fn a_reversed_or_overlong_range_reads_nothing() {
        let ledger = MockUsageLedger::new();
        let s = service(ledger);
        assert!(matches!(
            s.summary(UserId::new(7), Some(day(3)), Some(day(2))).await,
            Err(UsageError::Reversed)
        ));
        let long_ago = day(3) - Duration::days(MAX_REPORT_DAYS);
        assert!(matches!(
            s.summary(UserId::new(7), Some(long_ago), Some(day(3)))
                .await,
            Err(UsageError::TooLong)
        ));
    }
}
