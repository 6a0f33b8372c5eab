//! Conversions between sea-orm models and domain entities.

use tailor_domain::session::{Session, SessionId};
use tailor_domain::user::{Email, PasswordHash, User, UserId, UserRecord};

use crate::entities::{sessions, users};

pub(crate) fn user(m: users::Model) -> User {
    User::from(UserRecord {
        id: UserId::new(m.id),
        email: Email::from_trusted(m.email),
        full_name: m.full_name,
        password_hash: PasswordHash::new(m.password_hash),
        is_active: m.is_active,
        is_verified: m.is_verified,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub(crate) fn session(m: sessions::Model) -> Session {
    Session {
        id: SessionId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        refresh_token_id: m.refresh_token_id,
        created_at: m.created_at,
        expires_at: m.expires_at,
        revoked_at: m.revoked_at,
        previous_refresh_token_id: m.previous_refresh_token_id,
        rotated_at: m.rotated_at,
    }
}
