//! The `SessionRepository` port on sea-orm.

use crate::error::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use tailor_domain::ports::SessionRepository;
use tailor_domain::session::{NewSession, RevocationReason, Session, SessionId};
use tailor_domain::user::{User, UserId};
use uuid::Uuid;

use crate::Database;
use crate::entities::{sessions, users};
use crate::mapping;

/// [`SessionRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmSessionRepository {
    db: Database,
}

impl SeaOrmSessionRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SessionRepository for SeaOrmSessionRepository {
    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn create(&self, user_id: UserId, session: NewSession) -> anyhow::Result<()> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        sessions::ActiveModel {
            id: Set(session.id.as_uuid()),
            user_id: Set(user_id.get()),
            refresh_token_id: Set(session.refresh_token_id),
            created_at: Set(session.created_at),
            expires_at: Set(session.expires_at),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            previous_refresh_token_id: Set(None),
            rotated_at: Set(None),
        }
        .insert(self.db.conn())
        .await
        .context("insert session")?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn find(&self, id: SessionId) -> anyhow::Result<Option<Session>> {
        let found = sessions::Entity::find_by_id(id.as_uuid())
            .one(self.db.conn())
            .await
            .context("find session")?;
        Ok(found.map(mapping::session))
    }

    #[tracing::instrument(skip_all)]
    async fn find_with_user(&self, id: SessionId) -> anyhow::Result<Option<(Session, User)>> {
        let found = sessions::Entity::find_by_id(id.as_uuid())
            .find_also_related(users::Entity)
            .one(self.db.conn())
            .await
            .context("find session with user")?;
        Ok(match found {
            Some((session, Some(user))) => Some((mapping::session(session), mapping::user(user))),
            _ => None,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn rotate(
        &self,
        id: SessionId,
        expected_token_id: Uuid,
        new_token_id: Uuid,
        new_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        let result = sessions::Entity::update_many()
            .col_expr(sessions::Column::RefreshTokenId, Expr::value(new_token_id))
            .col_expr(sessions::Column::ExpiresAt, Expr::value(new_expires_at))
            .col_expr(
                sessions::Column::PreviousRefreshTokenId,
                Expr::value(expected_token_id),
            )
            .col_expr(sessions::Column::RotatedAt, Expr::value(now))
            .filter(sessions::Column::Id.eq(id.as_uuid()))
            .filter(sessions::Column::RefreshTokenId.eq(expected_token_id))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(self.db.conn())
            .await
            .context("rotate refresh token")?;
        Ok(result.rows_affected == 1)
    }

    #[tracing::instrument(skip_all)]
    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        // Both backends compare these timestamps in order (SQLite stores one fixed UTC
        // text form for every value written through the same encoder).
        let result = sessions::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(sessions::Column::ExpiresAt.lt(before))
                    .add(sessions::Column::RevokedAt.lt(before)),
            )
            .exec(self.db.conn())
            .await
            .context("purge sessions")?;
        Ok(result.rows_affected)
    }

    #[tracing::instrument(skip_all)]
    async fn revoke(
        &self,
        id: SessionId,
        reason: RevocationReason,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        sessions::Entity::update_many()
            .col_expr(sessions::Column::RevokedAt, Expr::value(now))
            .col_expr(
                sessions::Column::RevokedReason,
                Expr::value(reason.as_str()),
            )
            .filter(sessions::Column::Id.eq(id.as_uuid()))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(self.db.conn())
            .await
            .context("revoke session")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, SubsecRound};
    use tailor_domain::session::NewSession;

    use super::*;

    fn session(expires_at: DateTime<Utc>) -> NewSession {
        NewSession {
            id: SessionId::new_random(),
            refresh_token_id: Uuid::new_v4(),
            created_at: expires_at - Duration::days(7),
            expires_at,
        }
    }

    #[tokio::test]
    async fn purging_removes_sessions_that_ended_before_the_cutoff_only() {
        let db = crate::testing::TestDatabase::new().await;
        let repo = SeaOrmSessionRepository::new(db.database());
        let now = Utc::now().trunc_subsecs(6);
        // Whole seconds and fractions of different lengths, as the clock writes them.
        let expired = session((now - Duration::hours(2)).trunc_subsecs(0));
        let just_expired = session(now - Duration::milliseconds(1500));
        let live = session(now + Duration::days(3));
        let revoked_long_ago = session(now + Duration::days(3));
        let revoked_now = session(now + Duration::days(3));
        for s in [
            &expired,
            &just_expired,
            &live,
            &revoked_long_ago,
            &revoked_now,
        ] {
            repo.create(UserId::new(1), s.clone()).await.unwrap();
        }
        repo.revoke(
            revoked_long_ago.id,
            RevocationReason::Logout,
            now - Duration::hours(3),
        )
        .await
        .unwrap();
        repo.revoke(revoked_now.id, RevocationReason::Logout, now)
            .await
            .unwrap();

        let removed = repo.purge(now - Duration::seconds(1)).await.unwrap();

        assert_eq!(removed, 3);
        assert!(repo.find(expired.id).await.unwrap().is_none());
        assert!(repo.find(just_expired.id).await.unwrap().is_none());
        assert!(repo.find(revoked_long_ago.id).await.unwrap().is_none());
        assert!(repo.find(live.id).await.unwrap().is_some());
        assert!(repo.find(revoked_now.id).await.unwrap().is_some());
    }
}
