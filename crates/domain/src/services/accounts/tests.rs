//! Unit tests of every account use case against mocked ports.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use mockall::predicate::eq;
use uuid::Uuid;

use super::*;
use crate::ports::{
    MockClock, MockMailer, MockPasswordHasher, MockPasswordResetRepository, MockSessionRepository,
    MockTokenCodec, MockUserRepository,
};
use crate::session::Session;
use crate::user::{PasswordHash, UserId, UserRecord};

const USER_ID: i64 = 42;
const EMAIL: &str = "jane.doe@example.com";
const CURRENT_PASSWORD: &str = "Secret123";
const NEW_PASSWORD: &str = "Better456";
const WEAK_PASSWORD: &str = "weak";
const PRESENTED_TOKEN: &str = "presented-token";
const RESET_TOKEN: &str = "0123456789abcdef0123456789abcdef";

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

/// The fixed instant the mocked clock always answers.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_736_942_400, 0).expect("valid timestamp")
}

/// What the mocked codec encodes a token as: its kind and id, so tests can tell them apart.
fn encoded(kind: TokenKind, token_id: Uuid) -> String {
    format!("{kind:?}-{token_id}")
}

fn user_id() -> UserId {
    UserId::new(USER_ID)
}

fn email() -> Email {
    Email::from_trusted(EMAIL.to_owned())
}

fn password(raw: &str) -> Password {
    Password::new(raw.to_owned())
}

fn stored_hash() -> PasswordHash {
    PasswordHash::new("$argon2id$stored".to_owned())
}

fn hashed(raw: &str) -> PasswordHash {
    PasswordHash::new(format!("$argon2id$hash-of-{raw}"))
}

fn user(is_active: bool) -> User {
    User::from(UserRecord {
        id: user_id(),
        email: email(),
        full_name: "Jane Doe".to_owned(),
        password_hash: stored_hash(),
        is_active,
        is_verified: true,
        created_at: now() - Duration::days(30),
        updated_at: now() - Duration::days(30),
    })
}

fn active_user() -> User {
    user(true)
}

fn inactive_user() -> User {
    user(false)
}

/// A live session of the test user whose current refresh token is `refresh_token_id`.
fn session(refresh_token_id: Uuid) -> Session {
    Session {
        id: SessionId::new_random(),
        user_id: user_id(),
        refresh_token_id,
        created_at: now() - Duration::hours(1),
        expires_at: now() + Duration::days(6),
        revoked_at: None,
        previous_refresh_token_id: None,
        rotated_at: None,
    }
}

fn revoked(mut session: Session) -> Session {
    session.revoked_at = Some(now() - Duration::minutes(5));
    session
}

/// Claims of a token of `kind` belonging to `session`, carrying `token_id`.
fn claims(kind: TokenKind, session: &Session, token_id: Uuid) -> TokenClaims {
    TokenClaims {
        user_id: session.user_id,
        session_id: session.id,
        token_id,
        kind,
        issued_at: now() - Duration::minutes(10),
        expires_at: now() + Duration::minutes(50),
    }
}

fn principal() -> Principal {
    Principal {
        user: active_user(),
        session_id: SessionId::new_random(),
    }
}

/// A place a mock can store what it was called with, for assertions after the call.
fn slot<T>() -> Arc<Mutex<Option<T>>> {
    Arc::new(Mutex::new(None))
}

fn taken<T>(slot: &Arc<Mutex<Option<T>>>) -> T {
    slot.lock()
        .expect("slot lock")
        .take()
        .expect("the mock was called")
}

fn storage_failure() -> anyhow::Error {
    anyhow::anyhow!("storage is down")
}

// ---------------------------------------------------------------------------------------
// Mocks and the service under test
// ---------------------------------------------------------------------------------------

/// The service's ports, each a strict mock: a call without a matching expectation fails
/// the test, and `.times(n)` / `.never()` are checked when the service is dropped.
struct Mocks {
    users: MockUserRepository,
    sessions: MockSessionRepository,
    resets: MockPasswordResetRepository,
    hasher: MockPasswordHasher,
    tokens: MockTokenCodec,
    mailer: MockMailer,
    clock: MockClock,
}

impl Mocks {
    /// Mocks with a fixed clock and a codec that encodes claims as `Kind-token_id`.
    fn new() -> Self {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        let mut tokens = MockTokenCodec::new();
        tokens
            .expect_encode()
            .returning(|c| Ok(encoded(c.kind, c.token_id)));
        Self {
            users: MockUserRepository::new(),
            sessions: MockSessionRepository::new(),
            resets: MockPasswordResetRepository::new(),
            hasher: MockPasswordHasher::new(),
            tokens,
            mailer: MockMailer::new(),
            clock,
        }
    }

    fn service(self) -> AccountService {
        self.service_with(AccountSettings::default())
    }

    fn service_with(self, settings: AccountSettings) -> AccountService {
        AccountService::new(
            AccountPorts {
                users: Arc::new(self.users),
                sessions: Arc::new(self.sessions),
                resets: Arc::new(self.resets),
                hasher: Arc::new(self.hasher),
                tokens: Arc::new(self.tokens),
                mailer: Arc::new(self.mailer),
                clock: Arc::new(self.clock),
            },
            settings,
        )
    }

    /// `PRESENTED_TOKEN` decodes (once) to `claims`.
    fn decodes_to(&mut self, claims: TokenClaims) {
        self.tokens
            .expect_decode()
            .withf(|t| t == PRESENTED_TOKEN)
            .times(1)
            .return_once(move |_| Ok(claims));
    }

    /// `PRESENTED_TOKEN` is rejected (once) by the codec.
    fn rejects_token(&mut self, error: TokenError) {
        self.tokens
            .expect_decode()
            .withf(|t| t == PRESENTED_TOKEN)
            .times(1)
            .return_once(move |_| Err(error));
    }

    /// The session repository finds (once) `session` by its id.
    fn finds_session(&mut self, session: Session) {
        self.sessions
            .expect_find()
            .with(eq(session.id))
            .times(1)
            .return_once(move |_| Ok(Some(session)));
    }

    /// The user repository finds (once) `found` by the test user's email.
    fn finds_by_email(&mut self, found: Option<User>) {
        self.users
            .expect_find_by_email()
            .withf(|e| e.as_str() == EMAIL)
            .times(1)
            .return_once(move |_| Ok(found));
    }

    /// The user repository finds (once) `found` by the test user's id.
    fn finds_by_id(&mut self, found: Option<User>) {
        self.users
            .expect_find_by_id()
            .with(eq(user_id()))
            .times(1)
            .return_once(move |_| Ok(found));
    }

    /// The hasher checks (once) `raw` against the stored hash and answers `check`.
    fn verifies(&mut self, raw: &'static str, check: PasswordCheck) {
        self.hasher
            .expect_verify()
            .withf(move |p, h| p.expose() == raw && *h == stored_hash())
            .times(1)
            .return_once(move |_, _| Ok(check));
    }

    /// The hasher hashes (once) `raw` into `hashed(raw)`.
    fn hashes(&mut self, raw: &'static str) {
        self.hasher
            .expect_hash()
            .withf(move |p| p.expose() == raw)
            .times(1)
            .return_once(move |_| Ok(hashed(raw)));
    }

    fn never_hashes(&mut self) {
        self.hasher.expect_hash().never();
    }

    fn never_creates_a_session(&mut self) {
        self.sessions.expect_create().never();
    }

    fn never_rotates(&mut self) {
        self.sessions.expect_rotate().never();
    }

    fn never_revokes(&mut self) {
        self.sessions.expect_revoke().never();
    }

    /// The session repository revokes (once) `session_id` for `reason` at the clock's now.
    fn revokes(&mut self, session_id: SessionId, reason: RevocationReason) {
        self.sessions
            .expect_revoke()
            .with(eq(session_id), eq(reason), eq(now()))
            .times(1)
            .returning(|_, _, _| Ok(()));
    }
}

// ---------------------------------------------------------------------------------------
// register
// ---------------------------------------------------------------------------------------

fn full_name() -> FullName {
    FullName::parse("Jane Doe").expect("valid name")
}

#[tokio::test]
async fn register_stores_the_hashed_password_and_issues_a_token_pair() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .withf(|e| e.as_str() == EMAIL)
        .times(1)
        .returning(|_| Ok(false));
    m.hashes(CURRENT_PASSWORD);
    let stored_session = slot::<NewSession>();
    let seen = stored_session.clone();
    m.users
        .expect_create_with_session()
        .withf(|u, s| {
            u.email.as_str() == EMAIL
                && u.full_name.as_str() == "Jane Doe"
                && u.password_hash == hashed(CURRENT_PASSWORD)
                && u.created_at == now()
                && s.created_at == now()
                && s.expires_at == now() + Duration::days(7)
        })
        .times(1)
        .returning(move |_, s| {
            *seen.lock().expect("slot lock") = Some(s);
            Ok(active_user())
        });

    let result = m
        .service()
        .register(email(), password(CURRENT_PASSWORD), full_name())
        .await;

    let auth = result.expect("registration succeeds");
    let session = taken(&stored_session);
    assert_eq!(auth.user.id(), user_id());
    assert!(
        auth.access_token.starts_with("Access-"),
        "{}",
        auth.access_token
    );
    assert_eq!(
        auth.refresh_token,
        encoded(TokenKind::Refresh, session.refresh_token_id)
    );
    assert_eq!(auth.expires_in, 3600);
}

#[tokio::test]
async fn register_with_a_malformed_email_is_rejected_before_any_lookup() {
    let mut m = Mocks::new();
    m.users.expect_email_exists().never();
    m.users.expect_create_with_session().never();
    m.never_hashes();

    let result = m
        .service()
        .register(
            Email::from_trusted("jöhn@example.com".to_owned()),
            password(CURRENT_PASSWORD),
            full_name(),
        )
        .await;

    assert!(
        matches!(result, Err(RegisterError::InvalidEmailFormat)),
        "{result:?}"
    );
}

#[tokio::test]
async fn register_with_an_existing_email_is_rejected_before_hashing() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Ok(true));
    m.users.expect_create_with_session().never();
    m.never_hashes();

    let result = m
        .service()
        .register(email(), password(CURRENT_PASSWORD), full_name())
        .await;

    assert!(
        matches!(result, Err(RegisterError::EmailTaken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn register_that_loses_the_race_for_the_email_reports_it_taken() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Ok(false));
    m.hashes(CURRENT_PASSWORD);
    m.users
        .expect_create_with_session()
        .times(1)
        .returning(|_, _| Err(CreateUserError::Duplicate));

    let result = m
        .service()
        .register(email(), password(CURRENT_PASSWORD), full_name())
        .await;

    assert!(
        matches!(result, Err(RegisterError::EmailTaken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn register_with_a_weak_password_is_rejected_without_hashing() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Ok(false));
    m.users.expect_create_with_session().never();
    m.never_hashes();

    let result = m
        .service()
        .register(email(), password(WEAK_PASSWORD), full_name())
        .await;

    assert!(
        matches!(result, Err(RegisterError::WeakPassword(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn register_reports_a_storage_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Err(storage_failure()));
    m.users.expect_create_with_session().never();
    m.never_hashes();

    let result = m
        .service()
        .register(email(), password(CURRENT_PASSWORD), full_name())
        .await;

    assert!(
        matches!(result, Err(RegisterError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn register_reports_an_unexpected_creation_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Ok(false));
    m.hashes(CURRENT_PASSWORD);
    m.users
        .expect_create_with_session()
        .times(1)
        .returning(|_, _| Err(CreateUserError::Unexpected(storage_failure())));

    let result = m
        .service()
        .register(email(), password(CURRENT_PASSWORD), full_name())
        .await;

    assert!(
        matches!(result, Err(RegisterError::Unexpected(_))),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// login
// ---------------------------------------------------------------------------------------

/// Expects one new session of the test user and remembers it.
fn creates_session(m: &mut Mocks) -> Arc<Mutex<Option<NewSession>>> {
    let stored = slot::<NewSession>();
    let seen = stored.clone();
    m.sessions
        .expect_create()
        .withf(|id, s| {
            *id == user_id() && s.created_at == now() && s.expires_at == now() + Duration::days(7)
        })
        .times(1)
        .returning(move |_, s| {
            *seen.lock().expect("slot lock") = Some(s);
            Ok(())
        });
    stored
}

#[tokio::test]
async fn login_with_the_right_password_opens_a_session_and_issues_its_tokens() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.never_hashes();
    m.users.expect_upgrade_password_hash().never();
    let stored_session = creates_session(&mut m);

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    let auth = result.expect("login succeeds");
    let session = taken(&stored_session);
    assert_eq!(auth.user.id(), user_id());
    assert!(
        auth.access_token.starts_with("Access-"),
        "{}",
        auth.access_token
    );
    assert_eq!(
        auth.refresh_token,
        encoded(TokenKind::Refresh, session.refresh_token_id)
    );
    assert_eq!(auth.expires_in, 3600);
}

#[tokio::test]
async fn login_with_unknown_email_spends_a_dummy_verification() {
    let mut m = Mocks::new();
    m.finds_by_email(None);
    m.hasher
        .expect_verify_dummy()
        .withf(|p| p.expose() == CURRENT_PASSWORD)
        .times(1)
        .return_const(());
    m.hasher.expect_verify().never();
    m.never_creates_a_session();

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(LoginError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn login_with_a_wrong_password_is_invalid_credentials() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.verifies(CURRENT_PASSWORD, PasswordCheck::Invalid);
    m.hasher.expect_verify_dummy().never();
    m.never_creates_a_session();

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(LoginError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn login_to_a_deactivated_account_with_the_right_password_is_refused() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(inactive_user()));
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.never_creates_a_session();

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(LoginError::AccountDeactivated)),
        "{result:?}"
    );
}

#[tokio::test]
async fn login_to_a_deactivated_account_with_a_wrong_password_does_not_reveal_the_state() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(inactive_user()));
    m.verifies(CURRENT_PASSWORD, PasswordCheck::Invalid);
    m.never_creates_a_session();

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(LoginError::InvalidCredentials)),
        "{result:?}"
    );
}

#[tokio::test]
async fn login_reports_a_storage_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Err(storage_failure()));
    m.hasher.expect_verify_dummy().never();
    m.hasher.expect_verify().never();
    m.never_creates_a_session();

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(LoginError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn login_with_an_outdated_hash_upgrades_it() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid { needs_rehash: true },
    );
    m.hashes(CURRENT_PASSWORD);
    m.users
        .expect_upgrade_password_hash()
        .withf(|id, previous, hash, at| {
            *id == user_id()
                && *previous == stored_hash()
                && *hash == hashed(CURRENT_PASSWORD)
                && *at == now()
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    creates_session(&mut m);

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn login_still_succeeds_when_the_hash_upgrade_fails() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid { needs_rehash: true },
    );
    m.hashes(CURRENT_PASSWORD);
    m.users
        .expect_upgrade_password_hash()
        .times(1)
        .returning(|_, _, _, _| Err(storage_failure()));
    creates_session(&mut m);

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn login_still_succeeds_when_rehashing_fails() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid { needs_rehash: true },
    );
    m.hasher
        .expect_hash()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("hasher failure")));
    m.users.expect_upgrade_password_hash().never();
    creates_session(&mut m);

    let result = m
        .service()
        .login(&email(), password(CURRENT_PASSWORD))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

// ---------------------------------------------------------------------------------------
// refresh
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn refresh_rotates_the_refresh_token_and_issues_a_new_pair() {
    let mut m = Mocks::new();
    let old_token_id = Uuid::new_v4();
    let live = session(old_token_id);
    let session_id = live.id;
    m.decodes_to(claims(TokenKind::Refresh, &live, old_token_id));
    m.finds_session(live);
    m.finds_by_id(Some(active_user()));
    let new_token = slot::<Uuid>();
    let seen = new_token.clone();
    m.sessions
        .expect_rotate()
        .withf(move |id, expected, _, expires_at, at| {
            *id == session_id
                && *expected == old_token_id
                && *expires_at == now() + Duration::days(7)
                && *at == now()
        })
        .times(1)
        .returning(move |_, _, new, _, _| {
            *seen.lock().expect("slot lock") = Some(new);
            Ok(true)
        });
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    let auth = result.expect("refresh succeeds");
    let new_token_id = taken(&new_token);
    assert_ne!(new_token_id, old_token_id);
    assert_eq!(
        auth.refresh_token,
        encoded(TokenKind::Refresh, new_token_id)
    );
    assert!(
        auth.access_token.starts_with("Access-"),
        "{}",
        auth.access_token
    );
    assert_eq!(auth.user.id(), user_id());
}

#[tokio::test]
async fn refresh_with_an_undecodable_token_is_invalid() {
    let mut m = Mocks::new();
    m.rejects_token(TokenError::Invalid);
    m.sessions.expect_find().never();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_with_an_access_token_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    m.decodes_to(claims(TokenKind::Access, &session(token_id), token_id));
    m.sessions.expect_find().never();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_reports_a_codec_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.rejects_token(TokenError::Unexpected(anyhow::anyhow!("no key")));
    m.sessions.expect_find().never();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_of_an_unknown_session_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let gone = session(token_id);
    let session_id = gone.id;
    m.decodes_to(claims(TokenKind::Refresh, &gone, token_id));
    m.sessions
        .expect_find()
        .with(eq(session_id))
        .times(1)
        .returning(|_| Ok(None));
    m.users.expect_find_by_id().never();
    m.never_rotates();
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_of_a_revoked_session_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let ended = revoked(session(token_id));
    m.decodes_to(claims(TokenKind::Refresh, &ended, token_id));
    m.finds_session(ended);
    m.users.expect_find_by_id().never();
    m.never_rotates();
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_with_a_token_naming_another_users_session_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let live = session(token_id);
    let mut forged = claims(TokenKind::Refresh, &live, token_id);
    forged.user_id = UserId::new(USER_ID + 1);
    m.decodes_to(forged);
    m.finds_session(live);
    m.users.expect_find_by_id().never();
    m.never_rotates();
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

/// Presenting the refresh token `presented` against `live` revokes the session for reuse,
/// without rotating it or reading the user, and answers an invalid token.
async fn reuse_revokes(live: Session, presented: Uuid, settings: AccountSettings) {
    let mut m = Mocks::new();
    let session_id = live.id;
    m.decodes_to(claims(TokenKind::Refresh, &live, presented));
    m.finds_session(live);
    m.revokes(session_id, RevocationReason::RefreshTokenReused);
    m.users.expect_find_by_id().never();
    m.never_rotates();

    let result = m.service_with(settings).refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_with_a_retired_token_revokes_the_whole_session() {
    reuse_revokes(
        session(Uuid::new_v4()),
        Uuid::new_v4(),
        AccountSettings::default(),
    )
    .await;
}

/// `current` after a rotation at `rotated_at` that retired `retired`.
fn rotated(current: Uuid, retired: Uuid, rotated_at: DateTime<Utc>) -> Session {
    let mut s = session(current);
    s.previous_refresh_token_id = Some(retired);
    s.rotated_at = Some(rotated_at);
    s.expires_at = rotated_at + Duration::days(7);
    s
}

impl Mocks {
    /// The session repository finds `sessions`, one per call, in order.
    fn finds_sessions_in_turn(&mut self, sessions: Vec<Session>) {
        let id = sessions[0].id;
        let queue = Mutex::new(sessions.into_iter());
        let calls = queue.lock().expect("queue").len();
        self.sessions
            .expect_find()
            .with(eq(id))
            .times(calls)
            .returning(move |_| Ok(queue.lock().expect("queue").next()));
    }
}

#[tokio::test]
async fn refresh_that_loses_the_rotation_race_gets_the_pair_the_winner_got() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let winners_token_id = Uuid::new_v4();
    let live = session(token_id);
    let session_id = live.id;
    // The winner read the clock after this request did.
    let mut after = rotated(
        winners_token_id,
        token_id,
        now() + Duration::milliseconds(30),
    );
    after.id = session_id;
    m.decodes_to(claims(TokenKind::Refresh, &live, token_id));
    m.finds_sessions_in_turn(vec![live, after]);
    m.users
        .expect_find_by_id()
        .with(eq(user_id()))
        .times(2)
        .returning(|_| Ok(Some(active_user())));
    m.sessions
        .expect_rotate()
        .withf(move |id, expected, _, _, _| *id == session_id && *expected == token_id)
        .times(1)
        .returning(|_, _, _, _, _| Ok(false));
    m.never_revokes();

    let auth = m
        .service()
        .refresh(PRESENTED_TOKEN)
        .await
        .expect("the loser gets the winner's pair");

    assert_eq!(
        auth.refresh_token,
        encoded(TokenKind::Refresh, winners_token_id)
    );
    assert_eq!(
        auth.access_token,
        encoded(TokenKind::Access, access_token_id(winners_token_id))
    );
}

#[tokio::test]
async fn refresh_that_loses_the_race_to_a_revocation_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let live = session(token_id);
    let session_id = live.id;
    let mut ended = revoked(live.clone());
    ended.id = session_id;
    m.decodes_to(claims(TokenKind::Refresh, &live, token_id));
    m.finds_sessions_in_turn(vec![live, ended]);
    m.finds_by_id(Some(active_user()));
    m.sessions
        .expect_rotate()
        .times(1)
        .returning(|_, _, _, _, _| Ok(false));
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_with_the_token_just_retired_gets_the_current_pair_within_the_grace_window() {
    let mut m = Mocks::new();
    let retired = Uuid::new_v4();
    let current = Uuid::new_v4();
    let live = rotated(current, retired, now() - Duration::seconds(3));
    m.decodes_to(claims(TokenKind::Refresh, &live, retired));
    m.finds_session(live);
    m.finds_by_id(Some(active_user()));
    m.never_rotates();
    m.never_revokes();

    let auth = m
        .service()
        .refresh(PRESENTED_TOKEN)
        .await
        .expect("within the window");

    assert_eq!(auth.refresh_token, encoded(TokenKind::Refresh, current));
    assert_eq!(
        auth.access_token,
        encoded(TokenKind::Access, access_token_id(current))
    );
}

#[tokio::test]
async fn the_pair_given_again_within_the_grace_window_is_the_one_the_rotation_issued() {
    let mut m = Mocks::new();
    let retired = Uuid::new_v4();
    let current = Uuid::new_v4();
    let rotated_at = now() - Duration::seconds(2);
    let live = rotated(current, retired, rotated_at);
    let presented = claims(TokenKind::Refresh, &live, retired);
    m.finds_session(live);
    m.finds_by_id(Some(active_user()));
    let signed = Arc::new(Mutex::new(Vec::new()));
    let seen = signed.clone();
    m.tokens = {
        let mut tokens = MockTokenCodec::new();
        tokens
            .expect_decode()
            .times(1)
            .return_once(move |_| Ok(presented));
        tokens.expect_encode().times(2).returning(move |c| {
            seen.lock().expect("seen").push(c.clone());
            Ok(encoded(c.kind, c.token_id))
        });
        tokens
    };

    m.service().refresh(PRESENTED_TOKEN).await.expect("ok");

    let signed = signed.lock().expect("signed");
    let access = signed.iter().find(|c| c.kind == TokenKind::Access).unwrap();
    let refresh = signed
        .iter()
        .find(|c| c.kind == TokenKind::Refresh)
        .unwrap();
    assert_eq!(access.issued_at, rotated_at);
    assert_eq!(access.expires_at, rotated_at + Duration::minutes(60));
    assert_eq!(refresh.issued_at, rotated_at);
    assert_eq!(refresh.expires_at, rotated_at + Duration::days(7));
}

#[tokio::test]
async fn refresh_with_the_retired_token_after_the_grace_window_revokes_the_session() {
    let retired = Uuid::new_v4();
    let live = rotated(Uuid::new_v4(), retired, now() - Duration::seconds(11));
    reuse_revokes(live, retired, AccountSettings::default()).await;
}

#[tokio::test]
async fn with_no_grace_window_the_token_just_retired_revokes_the_session() {
    let retired = Uuid::new_v4();
    // Even a rotation that raced this request (its clock read later) is past no window.
    let live = rotated(Uuid::new_v4(), retired, now() + Duration::milliseconds(5));
    let settings = AccountSettings {
        refresh_reuse_grace: Duration::zero(),
        ..AccountSettings::default()
    };
    reuse_revokes(live, retired, settings).await;
}

#[tokio::test]
async fn a_token_retired_two_rotations_ago_revokes_the_session_even_within_the_window() {
    let live = rotated(Uuid::new_v4(), Uuid::new_v4(), now());
    reuse_revokes(live, Uuid::new_v4(), AccountSettings::default()).await;
}

#[tokio::test]
async fn refresh_for_a_deleted_user_is_user_not_found() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let live = session(token_id);
    m.decodes_to(claims(TokenKind::Refresh, &live, token_id));
    m.finds_session(live);
    m.finds_by_id(None);
    m.never_rotates();
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::UserNotFound)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_for_a_deactivated_account_is_refused() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    let live = session(token_id);
    m.decodes_to(claims(TokenKind::Refresh, &live, token_id));
    m.finds_session(live);
    m.finds_by_id(Some(inactive_user()));
    m.never_rotates();
    m.never_revokes();

    let result = m.service().refresh(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(RefreshError::AccountDeactivated)),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// authenticate
// ---------------------------------------------------------------------------------------

/// The session repository finds (once) `session` and `user` by the session's id.
fn finds_with_user(m: &mut Mocks, session: Session, user: User) {
    m.sessions
        .expect_find_with_user()
        .with(eq(session.id))
        .times(1)
        .return_once(move |_| Ok(Some((session, user))));
}

#[tokio::test]
async fn authenticate_resolves_an_access_token_to_its_user_and_session() {
    let mut m = Mocks::new();
    let live = session(Uuid::new_v4());
    let session_id = live.id;
    m.decodes_to(claims(TokenKind::Access, &live, Uuid::new_v4()));
    finds_with_user(&mut m, live, active_user());

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    let principal = result.expect("authentication succeeds");
    assert_eq!(principal.user.id(), user_id());
    assert_eq!(principal.session_id, session_id);
}

#[tokio::test]
async fn authenticate_with_a_refresh_token_is_invalid() {
    let mut m = Mocks::new();
    let token_id = Uuid::new_v4();
    m.decodes_to(claims(TokenKind::Refresh, &session(token_id), token_id));
    m.sessions.expect_find_with_user().never();

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_with_an_undecodable_token_is_invalid() {
    let mut m = Mocks::new();
    m.rejects_token(TokenError::Invalid);
    m.sessions.expect_find_with_user().never();

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_against_a_revoked_session_is_invalid() {
    let mut m = Mocks::new();
    let ended = revoked(session(Uuid::new_v4()));
    m.decodes_to(claims(TokenKind::Access, &ended, Uuid::new_v4()));
    finds_with_user(&mut m, ended, active_user());

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_as_a_deactivated_user_is_invalid() {
    let mut m = Mocks::new();
    let live = session(Uuid::new_v4());
    m.decodes_to(claims(TokenKind::Access, &live, Uuid::new_v4()));
    finds_with_user(&mut m, live, inactive_user());

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_with_a_missing_session_or_user_is_invalid() {
    let mut m = Mocks::new();
    let gone = session(Uuid::new_v4());
    let session_id = gone.id;
    m.decodes_to(claims(TokenKind::Access, &gone, Uuid::new_v4()));
    m.sessions
        .expect_find_with_user()
        .with(eq(session_id))
        .times(1)
        .returning(|_| Ok(None));

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_with_a_token_naming_another_users_session_is_invalid() {
    let mut m = Mocks::new();
    let live = session(Uuid::new_v4());
    let mut forged = claims(TokenKind::Access, &live, Uuid::new_v4());
    forged.user_id = UserId::new(USER_ID + 1);
    m.decodes_to(forged);
    finds_with_user(&mut m, live, active_user());

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn authenticate_reports_a_storage_failure_as_unexpected() {
    let mut m = Mocks::new();
    let live = session(Uuid::new_v4());
    m.decodes_to(claims(TokenKind::Access, &live, Uuid::new_v4()));
    m.sessions
        .expect_find_with_user()
        .times(1)
        .returning(|_| Err(storage_failure()));

    let result = m.service().authenticate(PRESENTED_TOKEN).await;

    assert!(
        matches!(result, Err(AuthenticateError::Unexpected(_))),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// logout
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn logout_revokes_the_callers_session() {
    let mut m = Mocks::new();
    let caller = principal();
    m.revokes(caller.session_id, RevocationReason::Logout);

    let result = m.service().logout(&caller).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn logout_reports_a_storage_failure() {
    let mut m = Mocks::new();
    let caller = principal();
    m.sessions
        .expect_revoke()
        .times(1)
        .returning(|_, _, _| Err(storage_failure()));

    let result = m.service().logout(&caller).await;

    assert!(result.is_err());
}

// ---------------------------------------------------------------------------------------
// change_password
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn change_password_stores_the_new_hash() {
    let mut m = Mocks::new();
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.hashes(NEW_PASSWORD);
    m.users
        .expect_change_password()
        .withf(|id, hash, at| *id == user_id() && *hash == hashed(NEW_PASSWORD) && *at == now())
        .times(1)
        .returning(|_, _, _| Ok(()));

    let result = m
        .service()
        .change_password(
            &principal(),
            password(CURRENT_PASSWORD),
            password(NEW_PASSWORD),
        )
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn change_password_with_a_wrong_current_password_is_refused() {
    let mut m = Mocks::new();
    m.verifies(CURRENT_PASSWORD, PasswordCheck::Invalid);
    m.never_hashes();
    m.users.expect_change_password().never();

    let result = m
        .service()
        .change_password(
            &principal(),
            password(CURRENT_PASSWORD),
            password(NEW_PASSWORD),
        )
        .await;

    assert!(
        matches!(result, Err(ChangePasswordError::IncorrectCurrentPassword)),
        "{result:?}"
    );
}

#[tokio::test]
async fn change_password_to_a_weak_password_is_refused() {
    let mut m = Mocks::new();
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.never_hashes();
    m.users.expect_change_password().never();

    let result = m
        .service()
        .change_password(
            &principal(),
            password(CURRENT_PASSWORD),
            password(WEAK_PASSWORD),
        )
        .await;

    assert!(
        matches!(result, Err(ChangePasswordError::WeakPassword(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn change_password_to_the_same_password_is_refused() {
    let mut m = Mocks::new();
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.never_hashes();
    m.users.expect_change_password().never();

    let result = m
        .service()
        .change_password(
            &principal(),
            password(CURRENT_PASSWORD),
            password(CURRENT_PASSWORD),
        )
        .await;

    assert!(
        matches!(result, Err(ChangePasswordError::SamePassword)),
        "{result:?}"
    );
}

#[tokio::test]
async fn change_password_reports_a_storage_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.verifies(
        CURRENT_PASSWORD,
        PasswordCheck::Valid {
            needs_rehash: false,
        },
    );
    m.hashes(NEW_PASSWORD);
    m.users
        .expect_change_password()
        .times(1)
        .returning(|_, _, _| Err(storage_failure()));

    let result = m
        .service()
        .change_password(
            &principal(),
            password(CURRENT_PASSWORD),
            password(NEW_PASSWORD),
        )
        .await;

    assert!(
        matches!(result, Err(ChangePasswordError::Unexpected(_))),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// forgot_password
// ---------------------------------------------------------------------------------------

fn sends_nothing(m: &mut Mocks) {
    m.resets.expect_create().never();
    m.mailer.expect_send().never();
}

#[tokio::test]
async fn forgot_password_for_an_unknown_email_sends_nothing() {
    let mut m = Mocks::new();
    m.finds_by_email(None);
    sends_nothing(&mut m);

    let result = m.service().forgot_password(&email()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn forgot_password_for_a_deactivated_account_sends_nothing() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(inactive_user()));
    sends_nothing(&mut m);

    let result = m.service().forgot_password(&email()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn forgot_password_stores_the_hash_of_the_mailed_token_for_thirty_minutes() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    let stored_reset = slot::<NewPasswordReset>();
    let seen_reset = stored_reset.clone();
    m.resets.expect_create().times(1).returning(move |r| {
        *seen_reset.lock().expect("slot lock") = Some(r);
        Ok(())
    });
    let sent_mail = slot::<OutgoingEmail>();
    let seen_mail = sent_mail.clone();
    m.mailer.expect_send().times(1).returning(move |mail| {
        *seen_mail.lock().expect("slot lock") = Some(mail);
        Ok(())
    });

    let result = m.service().forgot_password(&email()).await;

    assert!(result.is_ok(), "{result:?}");
    let reset = taken(&stored_reset);
    let mail = taken(&sent_mail);
    let EmailKind::PasswordReset {
        token,
        expires_in_minutes,
    } = &mail.kind;
    assert_eq!(reset.token_hash, sha256_hex(token));
    assert_ne!(reset.token_hash, *token);
    assert_eq!(reset.user_id, user_id());
    assert_eq!(reset.created_at, now());
    assert_eq!(reset.expires_at, now() + Duration::minutes(30));
    assert_eq!(*expires_in_minutes, 30);
    assert_eq!(mail.to, email());
    assert_eq!(mail.user_id, user_id());
    assert!(mail.body.contains(token.as_str()));
}

#[tokio::test]
async fn forgot_password_tells_a_failed_look_up_from_a_later_failure() {
    let mut m = Mocks::new();
    m.users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("database away")));
    sends_nothing(&mut m);

    let result = m.service().forgot_password(&email()).await;

    assert!(
        matches!(result, Err(ForgotPasswordError::Lookup(_))),
        "{result:?}"
    );

    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.resets
        .expect_create()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("disk full")));
    m.mailer.expect_send().never();

    let result = m.service().forgot_password(&email()).await;

    assert!(
        matches!(result, Err(ForgotPasswordError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn forgot_password_reports_a_mail_failure() {
    let mut m = Mocks::new();
    m.finds_by_email(Some(active_user()));
    m.resets.expect_create().times(1).returning(|_| Ok(()));
    m.mailer
        .expect_send()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("smtp down")));

    let result = m.service().forgot_password(&email()).await;

    assert!(
        matches!(result, Err(ForgotPasswordError::Unexpected(_))),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// reset_password
// ---------------------------------------------------------------------------------------

fn never_redeems(m: &mut Mocks) {
    m.resets.expect_redeem().never();
}

#[tokio::test]
async fn reset_password_redeems_the_hash_of_the_token() {
    let mut m = Mocks::new();
    m.resets
        .expect_is_redeemable()
        .withf(|token_hash, at| token_hash == sha256_hex(RESET_TOKEN) && *at == now())
        .times(1)
        .returning(|_, _| Ok(true));
    m.hashes(NEW_PASSWORD);
    m.resets
        .expect_redeem()
        .withf(|token_hash, new_hash, at| {
            token_hash == sha256_hex(RESET_TOKEN)
                && *new_hash == hashed(NEW_PASSWORD)
                && *at == now()
        })
        .times(1)
        .returning(|_, _, _| Ok(Some(user_id())));

    let result = m
        .service()
        .reset_password(RESET_TOKEN, password(NEW_PASSWORD))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn reset_password_checks_the_password_policy_before_the_token() {
    let mut m = Mocks::new();
    m.never_hashes();
    never_redeems(&mut m);

    let result = m
        .service()
        .reset_password("short", password(WEAK_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::WeakPassword(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn reset_password_with_a_short_token_is_refused_without_a_lookup() {
    let mut m = Mocks::new();
    m.never_hashes();
    never_redeems(&mut m);

    let result = m
        .service()
        .reset_password("short", password(NEW_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn reset_password_with_an_overlong_token_is_refused_without_a_lookup() {
    let mut m = Mocks::new();
    m.never_hashes();
    never_redeems(&mut m);

    let result = m
        .service()
        .reset_password(&"a".repeat(513), password(NEW_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn reset_password_with_an_unknown_used_or_expired_token_is_refused() {
    let mut m = Mocks::new();
    m.resets
        .expect_is_redeemable()
        .withf(|token_hash, at| token_hash == sha256_hex(RESET_TOKEN) && *at == now())
        .times(1)
        .returning(|_, _| Ok(true));
    m.hashes(NEW_PASSWORD);
    m.resets
        .expect_redeem()
        .withf(|token_hash, _, _| token_hash == sha256_hex(RESET_TOKEN))
        .times(1)
        .returning(|_, _, _| Ok(None));

    let result = m
        .service()
        .reset_password(RESET_TOKEN, password(NEW_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::InvalidToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn reset_password_reports_a_storage_failure_as_unexpected() {
    let mut m = Mocks::new();
    m.resets
        .expect_is_redeemable()
        .withf(|token_hash, at| token_hash == sha256_hex(RESET_TOKEN) && *at == now())
        .times(1)
        .returning(|_, _| Ok(true));
    m.hashes(NEW_PASSWORD);
    m.resets
        .expect_redeem()
        .times(1)
        .returning(|_, _, _| Err(storage_failure()));

    let result = m
        .service()
        .reset_password(RESET_TOKEN, password(NEW_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::Unexpected(_))),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// email_available
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unused_email_is_available() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .withf(|e| e.as_str() == EMAIL)
        .times(1)
        .returning(|_| Ok(false));

    let result = m.service().email_available(&email()).await;

    assert!(matches!(result, Ok(true)), "{result:?}");
}

#[tokio::test]
async fn a_registered_email_is_not_available() {
    let mut m = Mocks::new();
    m.users
        .expect_email_exists()
        .times(1)
        .returning(|_| Ok(true));

    let result = m.service().email_available(&email()).await;

    assert!(matches!(result, Ok(false)), "{result:?}");
}

#[tokio::test]
async fn reset_password_with_a_code_that_is_not_redeemable_costs_no_hash() {
    let mut m = Mocks::new();
    m.resets
        .expect_is_redeemable()
        .times(1)
        .returning(|_, _| Ok(false));
    m.hasher.expect_hash().never();
    m.resets.expect_redeem().never();

    let result = m
        .service()
        .reset_password(RESET_TOKEN, password(NEW_PASSWORD))
        .await;

    assert!(
        matches!(result, Err(ResetPasswordError::InvalidToken)),
        "{result:?}"
    );
}
