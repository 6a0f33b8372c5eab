//! `GET /api/v1/usage`: the caller's language-model usage by feature and by day, and where
//! they stand against today's token budget.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use tailor_domain::services::UsageSummary;
use tailor_domain::usage::UsageTotals;
use utoipa::ToSchema;

use crate::error::{ApiError, UnprocessableBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::time::naive_iso;
use crate::validation::{FieldError, LocItem, query_pairs};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/usage").route(web::get().to(usage)));
}

/// Totals of a set of model calls.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageTotalsResponse {
    /// Calls, cache hits included.
    pub calls: u64,
    /// Calls answered from the response cache (no tokens spent).
    pub cache_hits: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub total_tokens: u64,
    /// From the configured price table; 0 for models without a price.
    pub estimated_cost_usd: f64,
}

impl From<&UsageTotals> for UsageTotalsResponse {
    #[allow(clippy::cast_precision_loss)]
    fn from(t: &UsageTotals) -> Self {
        Self {
            calls: t.calls,
            cache_hits: t.cache_hits,
            prompt_tokens: t.prompt_tokens,
            completion_tokens: t.completion_tokens,
            total_tokens: t.tokens(),
            estimated_cost_usd: t.cost_micros as f64 / 1_000_000.0,
        }
    }
}

/// One feature's totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeatureUsage {
    /// `ranking`, `resume`, `cover_letter` or `enhancement`.
    pub feature: &'static str,
    #[serde(flatten)]
    pub totals: UsageTotalsResponse,
}

/// One day's totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayUsage {
    /// UTC, `YYYY-MM-DD`.
    pub date: String,
    #[serde(flatten)]
    pub totals: UsageTotalsResponse,
}

/// Today's standing against the daily token budget.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetStanding {
    /// Tokens a user may spend per UTC day; `null` when unlimited.
    pub daily_tokens: Option<u64>,
    pub used_today: u64,
    /// `null` when unlimited.
    pub remaining_today: Option<u64>,
    /// The next midnight UTC.
    pub resets_at: String,
}

/// The caller's model usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageResponse {
    /// The first day reported (UTC, `YYYY-MM-DD`).
    pub from: String,
    /// The last day reported, inclusive.
    pub to: String,
    pub totals: UsageTotalsResponse,
    /// Features with calls in the range.
    pub by_feature: Vec<FeatureUsage>,
    /// Days with calls in the range, oldest first.
    pub by_day: Vec<DayUsage>,
    pub budget: BudgetStanding,
}

impl From<&UsageSummary> for UsageResponse {
    fn from(s: &UsageSummary) -> Self {
        Self {
            from: s.from.to_string(),
            to: s.to.to_string(),
            totals: UsageTotalsResponse::from(&s.report.totals()),
            by_feature: s
                .report
                .by_feature
                .iter()
                .map(|(f, t)| FeatureUsage {
                    feature: f.as_str(),
                    totals: t.into(),
                })
                .collect(),
            by_day: s
                .report
                .by_day
                .iter()
                .map(|(d, t)| DayUsage {
                    date: d.to_string(),
                    totals: t.into(),
                })
                .collect(),
            budget: BudgetStanding {
                daily_tokens: s.daily_budget,
                used_today: s.used_today,
                remaining_today: s.daily_budget.map(|b| b.saturating_sub(s.used_today)),
                resets_at: naive_iso(s.resets_at),
            },
        }
    }
}

/// A `YYYY-MM-DD` query parameter, or a 422 entry at its `loc`.
fn date_param(
    pairs: &[(String, String)],
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let (_, raw) = pairs.iter().find(|(k, _)| k == name)?;
    match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            let shown: String = raw.chars().take(40).collect();
            errors.push(FieldError::new(
                "date_parsing",
                vec![LocItem::from("query"), LocItem::from(name)],
                "Input should be a valid date in the format YYYY-MM-DD",
                json!(shown),
            ));
            None
        }
    }
}

/// The caller's language-model usage.
///
/// Every model call of the caller's generations, rankings and enhancements, by feature and
/// by UTC day from `from` to `to` (inclusive; by default the last 30 days, at most 366),
/// with estimated costs and today's standing against the daily token budget. Calls
/// answered from the response cache count as calls and spend no tokens. The offline
/// generator makes no calls.
#[utoipa::path(
    get, path = "/api/v1/usage", tag = "generation", security(("bearer" = [])),
    params(
        ("from" = Option<String>, Query, format = Date, max_length = 10, description = "First day, `YYYY-MM-DD` (UTC)"),
        ("to" = Option<String>, Query, format = Date, max_length = 10, description = "Last day, inclusive; default today"),
    ),
    responses(
        (status = 200, description = "The caller's usage", body = UsageResponse),
        (status = 422, description = "A date that is not `YYYY-MM-DD` (list), `from` after `to` or a range over 366 days (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn usage(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(req.query_string());
    let mut errors = Vec::new();
    let from = date_param(&pairs, "from", &mut errors);
    let to = date_param(&pairs, "to", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let summary = state.usage.summary(user.0.user.id(), from, to).await?;
    Ok(HttpResponse::Ok().json(UsageResponse::from(&summary)))
}
