//! The `UserRepository` port on sea-orm.

use crate::error::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    SqlErr,
};
use tailor_domain::ports::{CreateUserError, UserRepository};
use tailor_domain::session::{NewSession, RevocationReason};
use tailor_domain::user::{Email, NewUser, PasswordHash, User, UserId};

use crate::Database;
use crate::entities::{password_resets, sessions, users};
use crate::mapping;

/// [`UserRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmUserRepository {
    db: Database,
}

impl SeaOrmUserRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

/// Sets the password hash of `id`, revokes all of its live sessions and spends its
/// outstanding reset codes, inside `tx`.
pub(crate) async fn set_password_and_revoke_sessions(
    tx: &impl ConnectionTrait,
    id: UserId,
    hash: &PasswordHash,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash.as_str()))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(id.get()))
        .exec(tx)
        .await?;
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(
            sessions::Column::RevokedReason,
            Expr::value(RevocationReason::PasswordChanged.as_str()),
        )
        .filter(sessions::Column::UserId.eq(id.get()))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(tx)
        .await?;
    // Any other outstanding reset code dies with the old password.
    password_resets::Entity::update_many()
        .col_expr(password_resets::Column::UsedAt, Expr::value(now))
        .filter(password_resets::Column::UserId.eq(id.get()))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}

#[async_trait]
impl UserRepository for SeaOrmUserRepository {
    #[tracing::instrument(skip_all)]
    async fn create_with_session(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<User, CreateUserError> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let inserted = users::ActiveModel {
            email: Set(user.email.as_str().to_owned()),
            password_hash: Set(user.password_hash.as_str().to_owned()),
            full_name: Set(user.full_name.as_str().to_owned()),
            is_active: Set(true),
            is_verified: Set(false),
            created_at: Set(user.created_at),
            updated_at: Set(user.created_at),
            ..Default::default()
        }
        .insert(&write.tx)
        .await;
        let model = match inserted {
            Ok(m) => m,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(CreateUserError::Duplicate);
            }
            Err(e) => return Err(crate::error::wrap(e, "insert user").into()),
        };
        sessions::ActiveModel {
            id: Set(session.id.as_uuid()),
            user_id: Set(model.id),
            refresh_token_id: Set(session.refresh_token_id),
            created_at: Set(session.created_at),
            expires_at: Set(session.expires_at),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            previous_refresh_token_id: Set(None),
            rotated_at: Set(None),
        }
        .insert(&write.tx)
        .await
        .context("insert first session")?;
        write.tx.commit().await.context("commit new user")?;
        Ok(mapping::user(model))
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>> {
        let found = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(self.db.conn())
            .await
            .context("find user by email")?;
        Ok(found.map(mapping::user))
    }

    #[tracing::instrument(skip_all, fields(user.id = %id))]
    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>> {
        let found = users::Entity::find_by_id(id.get())
            .one(self.db.conn())
            .await
            .context("find user by id")?;
        Ok(found.map(mapping::user))
    }

    #[tracing::instrument(skip_all)]
    async fn email_exists(&self, email: &Email) -> anyhow::Result<bool> {
        let id: Option<i64> = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Email.eq(email.as_str()))
            .into_tuple()
            .one(self.db.conn())
            .await
            .context("check email")?;
        Ok(id.is_some())
    }

    #[tracing::instrument(skip_all, fields(user.id = %id))]
    async fn change_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        set_password_and_revoke_sessions(&write.tx, id, hash, now)
            .await
            .context("change password")?;
        write.tx.commit().await.context("commit password change")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(user.id = %id))]
    async fn upgrade_password_hash(
        &self,
        id: UserId,
        previous: &PasswordHash,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _guard = self
            .db
            .write_guard()
            .await
            .context("wait for the write lock")?;
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash.as_str()))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .filter(users::Column::PasswordHash.eq(previous.as_str()))
            .exec(self.db.conn())
            .await
            .context("upgrade password hash")?;
        Ok(())
    }
}
