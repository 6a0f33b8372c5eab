//! The `UsageLedger` port on sea-orm: one row per model call; budgets and reports are sums
//! over a user's (or everyone's) days, two indexed queries at most.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use tailor_domain::ports::UsageLedger;
use tailor_domain::usage::{Feature, UsageRecord, UsageReport, UsageTotals};
use tailor_domain::user::UserId;

use crate::Database;
use crate::entities::model_usage as usage;
use crate::error::Context;

/// [`UsageLedger`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmUsageLedger {
    db: Database,
}

impl SeaOrmUsageLedger {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// `(group, calls, cache hits, prompt, completion, cost)`: sums cast to BIGINT, which
/// PostgreSQL would otherwise answer as NUMERIC.
type Row = (String, i64, i64, i64, i64, i64);

fn totals(row: &Row) -> UsageTotals {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    UsageTotals {
        calls: n(row.1),
        cache_hits: n(row.2),
        prompt_tokens: n(row.3),
        completion_tokens: n(row.4),
        cost_micros: row.5,
    }
}

#[async_trait]
impl UsageLedger for SeaOrmUsageLedger {
    async fn record(&self, r: &UsageRecord) -> anyhow::Result<()> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        usage::ActiveModel {
            user_id: Set(r.user_id.get()),
            day: Set(day_key(r.day())),
            feature: Set(r.feature.as_str().to_owned()),
            model: Set(r.model.chars().take(200).collect()),
            prompt_tokens: Set(i64::from(r.prompt_tokens)),
            completion_tokens: Set(i64::from(r.completion_tokens)),
            latency_ms: Set(i64::from(r.latency_ms)),
            cost_micros: Set(r.cost_micros),
            cached: Set(r.cached),
            created_at: Set(r.at),
            ..Default::default()
        }
        .insert(&write.tx)
        .await
        .context("record model usage")?;
        write.tx.commit().await.context("commit model usage")?;
        Ok(())
    }

    async fn tokens_on(&self, user: Option<UserId>, day: NaiveDate) -> anyhow::Result<u64> {
        let mut query = usage::Entity::find()
            .select_only()
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT)"),
                "tokens",
            )
            .filter(usage::Column::Day.eq(day_key(day)));
        if let Some(user) = user {
            query = query.filter(usage::Column::UserId.eq(user.get()));
        }
        let tokens: Option<i64> = query
            .into_tuple()
            .one(self.db.conn())
            .await
            .context("sum model tokens")?;
        Ok(u64::try_from(tokens.unwrap_or(0)).unwrap_or(0))
    }

    async fn report(
        &self,
        user: UserId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<UsageReport> {
        let read = self.db.begin_read().await.context("begin read")?;
        let grouped = |column: usage::Column| {
            usage::Entity::find()
                .select_only()
                .column(column)
                .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "calls")
                .column_as(
                    Expr::cust("CAST(SUM(CASE WHEN cached THEN 1 ELSE 0 END) AS BIGINT)"),
                    "cache_hits",
                )
                .column_as(Expr::cust("CAST(SUM(prompt_tokens) AS BIGINT)"), "prompt")
                .column_as(
                    Expr::cust("CAST(SUM(completion_tokens) AS BIGINT)"),
                    "completion",
                )
                .column_as(Expr::cust("CAST(SUM(cost_micros) AS BIGINT)"), "cost")
                .filter(usage::Column::UserId.eq(user.get()))
                .filter(usage::Column::Day.between(day_key(from), day_key(to)))
                .group_by(column)
                .into_tuple::<Row>()
        };
        let by_feature = grouped(usage::Column::Feature)
            .all(&read)
            .await
            .context("sum model usage by feature")?;
        let by_day = grouped(usage::Column::Day)
            .all(&read)
            .await
            .context("sum model usage by day")?;
        read.commit().await.context("end read")?;
        let mut report = UsageReport {
            by_feature: BTreeMap::new(),
            by_day: BTreeMap::new(),
        };
        for row in &by_feature {
            // A feature this version does not know is left out of the report.
            if let Some(feature) = Feature::parse(&row.0) {
                report.by_feature.insert(feature, totals(row));
            }
        }
        for row in &by_day {
            let day =
                NaiveDate::parse_from_str(&row.0, "%Y-%m-%d").context("stored model usage day")?;
            report.by_day.insert(day, totals(row));
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use sea_orm::ConnectionTrait;

    use super::*;
    use crate::testing::TestDatabase;

    /// User 2 beside the test database's user 1.
    async fn add_second_user(db: &Database) -> UserId {
        let now = Utc::now();
        db.connection()
            .execute_unprepared(&format!(
                "INSERT INTO users (id, email, password_hash, full_name, is_active, \
                 is_verified, created_at, updated_at) VALUES (2, 'u2@example.com', 'x', 'U2', \
                 true, false, '{now}', '{now}')"
            ))
            .await
            .unwrap();
        UserId::new(2)
    }

    fn record(
        user: i64,
        feature: Feature,
        day: u32,
        tokens: (u32, u32),
        cached: bool,
    ) -> UsageRecord {
        UsageRecord {
            user_id: UserId::new(user),
            feature,
            model: "m".to_owned(),
            prompt_tokens: tokens.0,
            completion_tokens: tokens.1,
            latency_ms: 10,
            cost_micros: i64::from(tokens.0 + tokens.1),
            cached,
            at: Utc.with_ymd_and_hms(2026, 12, day, 12, 0, 0).unwrap(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[tokio::test]
    async fn usage_sums_by_user_day_and_feature() {
        let test_db = TestDatabase::new().await;
        let db = test_db.database();
        let second = add_second_user(&db).await;
        let ledger = SeaOrmUsageLedger::new(db.clone());
        for r in [
            record(1, Feature::Ranking, 2, (100, 20), false),
            record(1, Feature::CoverLetter, 2, (300, 200), false),
            record(1, Feature::CoverLetter, 3, (0, 0), true),
            record(1, Feature::Resume, 5, (50, 50), false),
            record(second.get(), Feature::Resume, 2, (1000, 1000), false),
        ] {
            ledger.record(&r).await.unwrap();
        }
        assert_eq!(
            ledger
                .tokens_on(Some(UserId::new(1)), day(2))
                .await
                .unwrap(),
            620
        );
        assert_eq!(ledger.tokens_on(None, day(2)).await.unwrap(), 2620);
        assert_eq!(
            ledger
                .tokens_on(Some(UserId::new(1)), day(4))
                .await
                .unwrap(),
            0
        );

        let report = ledger.report(UserId::new(1), day(1), day(3)).await.unwrap();
        let letters = report.by_feature[&Feature::CoverLetter];
        assert_eq!(
            (
                letters.calls,
                letters.cache_hits,
                letters.tokens(),
                letters.cost_micros
            ),
            (2, 1, 500, 500)
        );
        assert_eq!(report.by_feature[&Feature::Ranking].tokens(), 120);
        assert!(
            !report.by_feature.contains_key(&Feature::Resume),
            "day 5 is outside"
        );
        assert_eq!(report.by_day.len(), 2);
        assert_eq!(report.by_day[&day(2)].tokens(), 620);
        assert_eq!(report.by_day[&day(3)].cache_hits, 1);
        assert_eq!(report.totals().calls, 3);
    }
}
