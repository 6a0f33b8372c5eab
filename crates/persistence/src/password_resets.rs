//! The `PasswordResetRepository` port on sea-orm.

use crate::error::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use tailor_domain::ports::{NewPasswordReset, PasswordResetRepository};
use tailor_domain::user::{PasswordHash, UserId};

use crate::Database;
use crate::entities::password_resets;
use crate::users::set_password_and_revoke_sessions;

/// [`PasswordResetRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmPasswordResetRepository {
    db: Database,
}

impl SeaOrmPasswordResetRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[async_trait]
impl PasswordResetRepository for SeaOrmPasswordResetRepository {
    #[tracing::instrument(skip_all, fields(user.id = %reset.user_id))]
    async fn create(&self, reset: NewPasswordReset) -> anyhow::Result<()> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        password_resets::ActiveModel {
            user_id: Set(reset.user_id.get()),
            token_hash: Set(reset.token_hash),
            created_at: Set(reset.created_at),
            expires_at: Set(reset.expires_at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(self.db.conn())
        .await
        .context("insert password reset")?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn is_redeemable(&self, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
        let found = password_resets::Entity::find()
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .filter(password_resets::Column::UsedAt.is_null())
            .one(self.db.conn())
            .await
            .context("look up reset token")?;
        // Compared here, not in SQL: timestamps are text on SQLite.
        Ok(found.is_some_and(|r| r.expires_at > now))
    }

    #[tracing::instrument(skip_all)]
    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        let result = password_resets::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(password_resets::Column::ExpiresAt.lt(before))
                    .add(password_resets::Column::UsedAt.lt(before)),
            )
            .exec(self.db.conn())
            .await
            .context("purge reset tokens")?;
        Ok(result.rows_affected)
    }

    #[tracing::instrument(skip_all)]
    async fn redeem(
        &self,
        token_hash: &str,
        new_password_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<UserId>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        // Claim the token first (a write), so two concurrent redemptions cannot both win.
        let claimed = password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(now))
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(&write.tx)
            .await
            .context("claim reset token")?;
        if claimed.rows_affected != 1 {
            return Ok(None);
        }
        let Some(reset) = password_resets::Entity::find()
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .one(&write.tx)
            .await
            .context("load reset token")?
        else {
            return Ok(None);
        };
        if reset.expires_at <= now {
            // Dropping the transaction rolls the claim back; an expired token stays unusable.
            return Ok(None);
        }
        let user_id = UserId::new(reset.user_id);
        set_password_and_revoke_sessions(&write.tx, user_id, new_password_hash, now)
            .await
            .context("set password from reset")?;
        write.tx.commit().await.context("commit password reset")?;
        Ok(Some(user_id))
    }
}
