//! Rate limits for the account routes, per client address and per account email.
//!
//! [`RateLimiter`] is the seam: [`InMemoryRateLimiter`] (GCRA through `governor`) serves one
//! instance; a shared store (Redis) can implement the same trait for several instances.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Which route a limit is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Register,
    Login,
    Refresh,
    ForgotPassword,
    ResetPassword,
    ChangePassword,
    CheckEmail,
    /// `POST /jobs` with a URL: each import fetches a page from the internet.
    JobImport,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Login => "login",
            Self::Refresh => "refresh",
            Self::ForgotPassword => "forgot_password",
            Self::ResetPassword => "reset_password",
            Self::ChangePassword => "change_password",
            Self::CheckEmail => "check_email",
            Self::JobImport => "job_import",
        }
    }
}

/// What a limit is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Ip(IpAddr),
    /// The normalised account email.
    Email(String),
}

/// `requests` per `period`, allowing a burst of `requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub requests: u32,
    pub period: Duration,
}

/// The limits of one scope; `None` means unlimited for that subject kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScopeLimits {
    pub per_ip: Option<Limit>,
    pub per_email: Option<Limit>,
}

#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one request of `subject` in `scope`.
    ///
    /// # Errors
    /// `Err(wait)` when the request is over the limit: `wait` is how long until it would pass.
    async fn check(&self, scope: Scope, subject: &Subject) -> Result<(), Duration>;

    /// Forgets subjects that have not been seen for a while (bounds memory).
    fn prune(&self) {}
}

/// A limiter that lets everything through (`rate_limit.enabled = false`).
#[derive(Debug, Default)]
pub struct Unlimited;

#[async_trait]
impl RateLimiter for Unlimited {
    async fn check(&self, _: Scope, _: &Subject) -> Result<(), Duration> {
        Ok(())
    }
}

/// Per-instance limits held in memory.
pub struct InMemoryRateLimiter {
    limiters: HashMap<(Scope, bool), Arc<DefaultKeyedRateLimiter<Subject>>>,
}

impl InMemoryRateLimiter {
    /// # Errors
    /// A limit of zero requests or a zero period.
    pub fn new(limits: &HashMap<Scope, ScopeLimits>) -> anyhow::Result<Self> {
        let mut limiters = HashMap::new();
        for (scope, l) in limits {
            for (is_email, limit) in [(false, l.per_ip), (true, l.per_email)] {
                if let Some(limit) = limit {
                    limiters.insert((*scope, is_email), Arc::new(keyed(limit, *scope)?));
                }
            }
        }
        Ok(Self { limiters })
    }
}

fn keyed(limit: Limit, scope: Scope) -> anyhow::Result<DefaultKeyedRateLimiter<Subject>> {
    let burst = NonZeroU32::new(limit.requests)
        .ok_or_else(|| anyhow::anyhow!("rate_limit.{}: requests must be > 0", scope.as_str()))?;
    if limit.period.is_zero() {
        anyhow::bail!("rate_limit.{}: period must be > 0", scope.as_str());
    }
    let quota = Quota::with_period(limit.period / limit.requests)
        .ok_or_else(|| anyhow::anyhow!("rate_limit.{}: period too short", scope.as_str()))?
        .allow_burst(burst);
    Ok(governor::RateLimiter::keyed(quota))
}

#[async_trait]
impl RateLimiter for InMemoryRateLimiter {
    async fn check(&self, scope: Scope, subject: &Subject) -> Result<(), Duration> {
        let is_email = matches!(subject, Subject::Email(_));
        let Some(limiter) = self.limiters.get(&(scope, is_email)) else {
            return Ok(());
        };
        limiter
            .check_key(subject)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn prune(&self) {
        for limiter in self.limiters.values() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limit_applies_per_subject_and_reports_the_wait() {
        let mut limits = HashMap::new();
        limits.insert(
            Scope::Login,
            ScopeLimits {
                per_ip: Some(Limit {
                    requests: 2,
                    period: Duration::from_secs(60),
                }),
                per_email: None,
            },
        );
        let l = InMemoryRateLimiter::new(&limits).unwrap();
        let a = Subject::Ip("10.0.0.1".parse().unwrap());
        let b = Subject::Ip("10.0.0.2".parse().unwrap());
        assert!(l.check(Scope::Login, &a).await.is_ok());
        assert!(l.check(Scope::Login, &a).await.is_ok());
        let wait = l.check(Scope::Login, &a).await.unwrap_err();
        assert!(wait > Duration::from_secs(1) && wait <= Duration::from_secs(30));
        assert!(
            l.check(Scope::Login, &b).await.is_ok(),
            "other addresses are unaffected"
        );
        assert!(
            l.check(Scope::Register, &a).await.is_ok(),
            "other scopes are unaffected"
        );
        assert!(
            l.check(Scope::Login, &Subject::Email("x@y.z".into()))
                .await
                .is_ok(),
            "no email limit configured"
        );
    }

    #[test]
    fn a_zero_limit_is_refused() {
        let mut limits = HashMap::new();
        limits.insert(
            Scope::Login,
            ScopeLimits {
                per_ip: Some(Limit {
                    requests: 0,
                    period: Duration::from_secs(60),
                }),
                per_email: None,
            },
        );
        assert!(InMemoryRateLimiter::new(&limits).is_err());
    }
}
