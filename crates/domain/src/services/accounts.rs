//! Accounts: registration, login, token refresh with rotation and reuse detection, logout,
//! password change and reset.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;
use uuid::Uuid;

use crate::ports::{
    Clock, CreateUserError, EmailKind, Mailer, NewPasswordReset, OutgoingEmail, PasswordCheck,
    PasswordHasher, PasswordResetRepository, SessionRepository, TokenCodec, TokenError,
    UserRepository,
};
use crate::session::{
    NewSession, Principal, RevocationReason, Session, SessionId, TokenClaims, TokenKind,
};
use crate::user::{Email, FullName, NewUser, Password, User};
use crate::{random_token, sha256_hex};

/// Lifetimes of the credentials the service issues.
#[derive(Debug, Clone)]
pub struct AccountSettings {
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub password_reset_ttl: Duration,
    /// How long after a rotation the refresh token it retired still yields the pair that
    /// replaced it (two tabs refreshing at once, a retried request); past it, presenting
    /// the retired token is reuse and revokes the session. Zero: no grace.
    pub refresh_reuse_grace: Duration,
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            access_token_ttl: Duration::minutes(60),
            refresh_token_ttl: Duration::days(7),
            password_reset_ttl: Duration::minutes(30),
            refresh_reuse_grace: Duration::seconds(10),
        }
    }
}

/// A signed-in user with a fresh token pair.
#[derive(Clone)]
pub struct AuthSession {
    pub user: User,
    pub access_token: String,
    pub refresh_token: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
}

impl std::fmt::Debug for AuthSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSession")
            .field("user", &self.user.id())
            .field("tokens", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

#[derive(Debug, Error)]
pub enum RegisterError {
    #[error("User with this email already exists")]
    EmailTaken,
    #[error("Invalid email format")]
    InvalidEmailFormat,
    #[error(transparent)]
    WeakPassword(#[from] crate::user::PasswordPolicyError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, Error)]
pub enum LoginError {
    #[error("Invalid credentials")]
    InvalidCredentials,
    #[error("Account is deactivated")]
    AccountDeactivated,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a password reset could not be started.
#[derive(Debug, Error)]
pub enum ForgotPasswordError {
    /// The account could not be looked up. This fails alike for every address, so it may
    /// be told to the caller.
    #[error("account lookup failed")]
    Lookup(#[source] anyhow::Error),
    /// A step after the look-up failed; only a real account gets that far, so telling it
    /// would tell that the account exists.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, Error)]
pub enum RefreshError {
    #[error("Invalid refresh token")]
    InvalidToken,
    #[error("User not found")]
    UserNotFound,
    #[error("Account is deactivated")]
    AccountDeactivated,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, Error)]
pub enum AuthenticateError {
    /// The token is not a valid access token, or its session, user or account is gone.
    #[error("Invalid authentication token")]
    InvalidToken,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, Error)]
pub enum ChangePasswordError {
    #[error("Current password is incorrect")]
    IncorrectCurrentPassword,
    #[error(transparent)]
    WeakPassword(#[from] crate::user::PasswordPolicyError),
    #[error("New password must be different from current password")]
    SamePassword,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, Error)]
pub enum ResetPasswordError {
    #[error(transparent)]
    WeakPassword(#[from] crate::user::PasswordPolicyError),
    #[error("Invalid reset token")]
    InvalidToken,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Tokens shorter than this are rejected without a lookup.
const RESET_TOKEN_MIN_LEN: usize = 10;
/// And longer ones too: real tokens are 64 hex characters.
const RESET_TOKEN_MAX_LEN: usize = 512;

pub struct AccountService {
    users: Arc<dyn UserRepository>,
    sessions: Arc<dyn SessionRepository>,
    resets: Arc<dyn PasswordResetRepository>,
    hasher: Arc<dyn PasswordHasher>,
    tokens: Arc<dyn TokenCodec>,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
    settings: AccountSettings,
}

/// The ports the account service needs.
pub struct AccountPorts {
    pub users: Arc<dyn UserRepository>,
    pub sessions: Arc<dyn SessionRepository>,
    pub resets: Arc<dyn PasswordResetRepository>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn TokenCodec>,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
}

impl AccountService {
    pub fn new(ports: AccountPorts, settings: AccountSettings) -> Self {
        Self {
            users: ports.users,
            sessions: ports.sessions,
            resets: ports.resets,
            hasher: ports.hasher,
            tokens: ports.tokens,
            mailer: ports.mailer,
            clock: ports.clock,
            settings,
        }
    }

    pub fn access_token_ttl_seconds(&self) -> i64 {
        self.settings.access_token_ttl.num_seconds()
    }

    /// Creates an account and signs it in.
    ///
    /// # Errors
    /// See [`RegisterError`]; the duplicate check comes before the password policy.
    #[tracing::instrument(skip_all)]
    pub async fn register(
        &self,
        email: Email,
        password: Password,
        full_name: FullName,
    ) -> Result<AuthSession, RegisterError> {
        if !email.has_strict_format() {
            return Err(RegisterError::InvalidEmailFormat);
        }
        if self.users.email_exists(&email).await? {
            return Err(RegisterError::EmailTaken);
        }
        password.check_policy()?;
        let password_hash = self.hasher.hash(&password).await?;
        let now = self.clock.now();
        let session = self.new_session(now);
        let user = self
            .users
            .create_with_session(
                NewUser {
                    email,
                    full_name,
                    password_hash,
                    created_at: now,
                },
                session.clone(),
            )
            .await
            .map_err(|e| match e {
                CreateUserError::Duplicate => RegisterError::EmailTaken,
                CreateUserError::Unexpected(e) => RegisterError::Unexpected(e),
            })?;
        tracing::info!(user.id = %user.id(), "user registered");
        Ok(self.issue_for(user, &session, now)?)
    }

    /// # Errors
    /// See [`LoginError`]. Unknown email and wrong password are the same error and take
    /// the same time.
    #[tracing::instrument(skip_all)]
    pub async fn login(
        &self,
        email: &Email,
        password: Password,
    ) -> Result<AuthSession, LoginError> {
        let Some(user) = self.users.find_by_email(email).await? else {
            self.hasher.verify_dummy(&password).await;
            return Err(LoginError::InvalidCredentials);
        };
        let check = self.hasher.verify(&password, user.password_hash()).await?;
        let PasswordCheck::Valid { needs_rehash } = check else {
            return Err(LoginError::InvalidCredentials);
        };
        if !user.is_active() {
            return Err(LoginError::AccountDeactivated);
        }
        if needs_rehash {
            // Legacy (bcrypt) or outdated parameters: store a fresh argon2id hash. A failure
            // here must not fail the login; the upgrade is retried at the next one.
            match self.hasher.hash(&password).await {
                Ok(hash) => {
                    if let Err(e) = self
                        .users
                        .upgrade_password_hash(
                            user.id(),
                            user.password_hash(),
                            &hash,
                            self.clock.now(),
                        )
                        .await
                    {
                        tracing::warn!(user.id = %user.id(), error = ?e, "password hash upgrade failed");
                    } else {
                        tracing::info!(user.id = %user.id(), "password hash upgraded");
                    }
                }
                Err(e) => tracing::warn!(error = ?e, "password rehash failed"),
            }
        }
        let now = self.clock.now();
        let session = self.new_session(now);
        self.sessions.create(user.id(), session.clone()).await?;
        tracing::info!(user.id = %user.id(), "user logged in");
        Ok(self.issue_for(user, &session, now)?)
    }

    /// Exchanges a refresh token for a new pair and retires the old refresh token. A retired
    /// refresh token presented again revokes its whole session (token theft).
    ///
    /// # Errors
    /// See [`RefreshError`].
    #[tracing::instrument(skip_all)]
    pub async fn refresh(&self, refresh_token: &str) -> Result<AuthSession, RefreshError> {
        let claims = match self.tokens.decode(refresh_token) {
            Ok(c) if c.kind == TokenKind::Refresh => c,
            Ok(_) | Err(TokenError::Invalid) => return Err(RefreshError::InvalidToken),
            Err(TokenError::Unexpected(e)) => return Err(e.into()),
        };
        let Some(session) = self.sessions.find(claims.session_id).await? else {
            return Err(RefreshError::InvalidToken);
        };
        if session.is_revoked() || session.user_id != claims.user_id {
            return Err(RefreshError::InvalidToken);
        }
        let now = self.clock.now();
        if session.refresh_token_id != claims.token_id {
            return self.refresh_retired(session, &claims, now).await;
        }
        let Some(user) = self.users.find_by_id(claims.user_id).await? else {
            return Err(RefreshError::UserNotFound);
        };
        if !user.is_active() {
            return Err(RefreshError::AccountDeactivated);
        }
        let new_token_id = Uuid::new_v4();
        let rotated = self
            .sessions
            .rotate(
                session.id,
                claims.token_id,
                new_token_id,
                now + self.settings.refresh_token_ttl,
                now,
            )
            .await?;
        if !rotated {
            // Another request rotated this token first (or revoked the session): judge the
            // token against the session as that request left it.
            let Some(session) = self.sessions.find(claims.session_id).await? else {
                return Err(RefreshError::InvalidToken);
            };
            if session.is_revoked() {
                return Err(RefreshError::InvalidToken);
            }
            return self.refresh_retired(session, &claims, now).await;
        }
        Ok(self.issue(
            user,
            session.id,
            new_token_id,
            now,
            now + self.settings.refresh_token_ttl,
        )?)
    }

    /// A refresh with a token that is no longer the session's current one. Within the
    /// grace window after the rotation that retired it, the answer is the pair that
    /// rotation issued (the same tokens, so two tabs end up holding one pair); otherwise
    /// it is reuse of a retired token, and the session is revoked.
    async fn refresh_retired(
        &self,
        session: Session,
        claims: &TokenClaims,
        now: DateTime<Utc>,
    ) -> Result<AuthSession, RefreshError> {
        if let (Some(previous), Some(rotated_at)) =
            (session.previous_refresh_token_id, session.rotated_at)
            && previous == claims.token_id
            && self.settings.refresh_reuse_grace > Duration::zero()
            // A request that read the clock before the winning rotation did sees that
            // rotation "in the future": it raced it, and is within the window too.
            && now - rotated_at < self.settings.refresh_reuse_grace
        {
            let Some(user) = self.users.find_by_id(claims.user_id).await? else {
                return Err(RefreshError::UserNotFound);
            };
            if !user.is_active() {
                return Err(RefreshError::AccountDeactivated);
            }
            return Ok(self.issue(
                user,
                session.id,
                session.refresh_token_id,
                rotated_at,
                session.expires_at,
            )?);
        }
        self.sessions
            .revoke(session.id, RevocationReason::RefreshTokenReused, now)
            .await?;
        tracing::warn!(user.id = %session.user_id, session.id = %session.id, "retired refresh token reused; session revoked");
        Err(RefreshError::InvalidToken)
    }

    /// Resolves a bearer token to the user and session it acts for.
    ///
    /// # Errors
    /// [`AuthenticateError::InvalidToken`] for anything but a valid access token of a live
    /// session of an active user.
    pub async fn authenticate(&self, access_token: &str) -> Result<Principal, AuthenticateError> {
        let claims = match self.tokens.decode(access_token) {
            Ok(c) if c.kind == TokenKind::Access => c,
            Ok(_) | Err(TokenError::Invalid) => return Err(AuthenticateError::InvalidToken),
            Err(TokenError::Unexpected(e)) => return Err(e.into()),
        };
        let Some((session, user)) = self.sessions.find_with_user(claims.session_id).await? else {
            return Err(AuthenticateError::InvalidToken);
        };
        if session.is_revoked() || session.user_id != claims.user_id || !user.is_active() {
            return Err(AuthenticateError::InvalidToken);
        }
        Ok(Principal {
            user,
            session_id: session.id,
        })
    }

    /// Ends the caller's session: its access and refresh tokens stop working.
    ///
    /// # Errors
    /// Storage failures.
    #[tracing::instrument(skip_all, fields(user.id = %principal.user.id()))]
    pub async fn logout(&self, principal: &Principal) -> anyhow::Result<()> {
        self.sessions
            .revoke(
                principal.session_id,
                RevocationReason::Logout,
                self.clock.now(),
            )
            .await?;
        Ok(())
    }

    /// # Errors
    /// See [`ChangePasswordError`]. On success every session of the user is revoked.
    #[tracing::instrument(skip_all, fields(user.id = %principal.user.id()))]
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: Password,
        new: Password,
    ) -> Result<(), ChangePasswordError> {
        let user = &principal.user;
        match self.hasher.verify(&current, user.password_hash()).await? {
            PasswordCheck::Valid { .. } => {}
            PasswordCheck::Invalid => return Err(ChangePasswordError::IncorrectCurrentPassword),
        }
        new.check_policy()?;
        if new.expose() == current.expose() {
            return Err(ChangePasswordError::SamePassword);
        }
        let hash = self.hasher.hash(&new).await?;
        self.users
            .change_password(user.id(), &hash, self.clock.now())
            .await?;
        tracing::info!("password changed; all sessions revoked");
        Ok(())
    }

    /// Starts a password reset. Answers the same whether or not the account exists; for an
    /// active account it stores a single-use token and mails it.
    ///
    /// # Errors
    /// [`ForgotPasswordError::Lookup`] when the account could not be looked up (the same for
    /// every address); [`ForgotPasswordError::Unexpected`] for storage or mail failures of
    /// a real account, which a caller must not tell apart from success.
    #[tracing::instrument(skip_all)]
    pub async fn forgot_password(&self, email: &Email) -> Result<(), ForgotPasswordError> {
        let found = self
            .users
            .find_by_email(email)
            .await
            .map_err(ForgotPasswordError::Lookup)?;
        let Some(user) = found else {
            return Ok(());
        };
        if !user.is_active() {
            return Ok(());
        }
        let token = random_token(32)?;
        let now = self.clock.now();
        self.resets
            .create(NewPasswordReset {
                user_id: user.id(),
                token_hash: sha256_hex(&token),
                created_at: now,
                expires_at: now + self.settings.password_reset_ttl,
            })
            .await?;
        let minutes = self.settings.password_reset_ttl.num_minutes();
        self.mailer
            .send(OutgoingEmail {
                to: user.email().clone(),
                user_id: user.id(),
                subject: "Reset your Tailor password".to_owned(),
                body: format!(
                    "Hello {name},\n\nSomeone asked to reset the password of your Tailor account. \
                     Use this code to choose a new one:\n\n{token}\n\nIt can be used once and \
                     expires in {minutes} minutes. If you did not ask for this, ignore this \
                     message: your password stays as it is.\n",
                    name = user.full_name(),
                ),
                kind: EmailKind::PasswordReset {
                    token,
                    expires_in_minutes: minutes,
                },
            })
            .await?;
        tracing::info!(user.id = %user.id(), "password reset requested");
        Ok(())
    }

    /// Sets a new password with a reset token; the token is spent and every session of the
    /// user is revoked.
    ///
    /// # Errors
    /// See [`ResetPasswordError`]; the password policy is checked first.
    #[tracing::instrument(skip_all)]
    pub async fn reset_password(
        &self,
        token: &str,
        new: Password,
    ) -> Result<(), ResetPasswordError> {
        new.check_policy()?;
        let len = token.chars().count();
        if !(RESET_TOKEN_MIN_LEN..=RESET_TOKEN_MAX_LEN).contains(&len) {
            return Err(ResetPasswordError::InvalidToken);
        }
        let token_hash = sha256_hex(token);
        // A cheap read first, so that a made-up code costs no password hash.
        if !self
            .resets
            .is_redeemable(&token_hash, self.clock.now())
            .await?
        {
            return Err(ResetPasswordError::InvalidToken);
        }
        let hash = self.hasher.hash(&new).await?;
        match self
            .resets
            .redeem(&token_hash, &hash, self.clock.now())
            .await?
        {
            Some(user_id) => {
                tracing::info!(user.id = %user_id, "password reset; all sessions revoked");
                Ok(())
            }
            None => Err(ResetPasswordError::InvalidToken),
        }
    }

    /// Deletes sessions and reset codes that ended more than `keep` ago. Returns how many
    /// rows went.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn purge_expired(&self, keep: Duration) -> anyhow::Result<u64> {
        let before = self.clock.now() - keep;
        let sessions = self.sessions.purge(before).await?;
        let resets = self.resets.purge(before).await?;
        Ok(sessions + resets)
    }

    /// Whether no account uses `email` yet.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn email_available(&self, email: &Email) -> anyhow::Result<bool> {
        Ok(!self.users.email_exists(email).await?)
    }

    fn new_session(&self, now: DateTime<Utc>) -> NewSession {
        NewSession {
            id: SessionId::new_random(),
            refresh_token_id: Uuid::new_v4(),
            created_at: now,
            expires_at: now + self.settings.refresh_token_ttl,
        }
    }

    /// Signs the first pair of a new session.
    fn issue_for(
        &self,
        user: User,
        session: &NewSession,
        now: DateTime<Utc>,
    ) -> anyhow::Result<AuthSession> {
        self.issue(
            user,
            session.id,
            session.refresh_token_id,
            now,
            session.expires_at,
        )
    }

    /// Signs a pair issued at `issued_at` whose refresh token (`refresh_token_id`) lasts
    /// until `refresh_expires_at`. The same arguments give the same tokens: the access
    /// token's id is derived from the refresh token's.
    fn issue(
        &self,
        user: User,
        session_id: SessionId,
        refresh_token_id: Uuid,
        issued_at: DateTime<Utc>,
        refresh_expires_at: DateTime<Utc>,
    ) -> anyhow::Result<AuthSession> {
        let access = TokenClaims {
            user_id: user.id(),
            session_id,
            token_id: access_token_id(refresh_token_id),
            kind: TokenKind::Access,
            issued_at,
            expires_at: issued_at + self.settings.access_token_ttl,
        };
        let refresh = TokenClaims {
            user_id: user.id(),
            session_id,
            token_id: refresh_token_id,
            kind: TokenKind::Refresh,
            issued_at,
            expires_at: refresh_expires_at,
        };
        Ok(AuthSession {
            access_token: self.tokens.encode(&access)?,
            refresh_token: self.tokens.encode(&refresh)?,
            expires_in: self.settings.access_token_ttl.num_seconds(),
            user,
        })
    }
}

/// The id of the access token issued with the refresh token `refresh_token_id`: a name-based
/// UUID of it, so that issuing a pair again gives the same access token.
fn access_token_id(refresh_token_id: Uuid) -> Uuid {
    Uuid::new_v5(&refresh_token_id, b"access")
}

#[cfg(test)]
mod tests;
