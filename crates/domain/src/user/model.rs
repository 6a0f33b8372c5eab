//! The user account and its values: id, email, password policy.

use std::fmt;

use chrono::{DateTime, Utc};

use super::error::{EmailError, FullNameError, PasswordPolicyError};

/// A user's numeric id (the contract exposes it as a JSON integer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(i64);

impl UserId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An email address, validated and normalised the way existing accounts were stored:
/// the domain is lower-cased, the local part is kept exactly as typed. Two addresses that
/// differ only in the case of the local part are two different accounts.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// The longest address accepted (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;
const LOCAL_MAX_LEN: usize = 64;

impl Email {
    /// Validates `raw` and returns the normalised address.
    ///
    /// # Errors
    /// An [`EmailError`] whose message says what is wrong with the address.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let len = raw.chars().count();
        if len > EMAIL_MAX_LEN {
            return Err(EmailError::TooLong(len - EMAIL_MAX_LEN));
        }
        let Some((local, domain)) = raw.rsplit_once('@') else {
            return Err(EmailError::MissingAt);
        };
        if local.is_empty() {
            return Err(EmailError::NothingBeforeAt);
        }
        if domain.is_empty() {
            return Err(EmailError::NothingAfterAt);
        }
        let local_len = local.chars().count();
        if local_len > LOCAL_MAX_LEN {
            return Err(EmailError::LocalTooLong(local_len - LOCAL_MAX_LEN));
        }
        let bad_local: String =
            local
                .chars()
                .filter(|c| !is_local_char(*c))
                .fold(String::new(), |mut acc, c| {
                    if !acc.contains(c) {
                        acc.push(c);
                    }
                    acc
                });
        if !bad_local.is_empty() {
            return Err(EmailError::InvalidLocalChars(bad_local));
        }
        if local.starts_with('.') {
            return Err(EmailError::LocalStartsWithDot);
        }
        if local.ends_with('.') {
            return Err(EmailError::LocalEndsWithDot);
        }
        if local.contains("..") {
            return Err(EmailError::LocalDoubleDot);
        }
        let domain = domain.to_lowercase();
        let bad_domain: String = domain
            .chars()
            .filter(|c| !(c.is_alphanumeric() || *c == '-' || *c == '.'))
            .fold(String::new(), |mut acc, c| {
                if !acc.contains(c) {
                    acc.push(c);
                }
                acc
            });
        if !bad_domain.is_empty() {
            return Err(EmailError::InvalidDomainChars(bad_domain));
        }
        if domain.starts_with('.') {
            return Err(EmailError::DomainStartsWithDot);
        }
        if domain.ends_with('.') || domain.contains("..") {
            return Err(EmailError::DomainBadDots);
        }
        if !domain.contains('.') {
            return Err(EmailError::DomainNeedsPeriod);
        }
        if domain
            .split('.')
            .any(|label| label.starts_with('-') || label.ends_with('-') || label.len() > 63)
        {
            return Err(EmailError::DomainBadLabel);
        }
        let tld = domain.rsplit('.').next().unwrap_or_default();
        if tld.chars().all(|c| c.is_ascii_digit()) {
            return Err(EmailError::DomainBadTld);
        }
        Ok(Self(format!("{local}@{domain}")))
    }

    /// The stricter ASCII shape the account rules require on registration
    /// (`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`).
    pub fn has_strict_format(&self) -> bool {
        let Some((local, domain)) = self.0.rsplit_once('@') else {
            return false;
        };
        let local_ok = !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        let Some((host, tld)) = domain.rsplit_once('.') else {
            return false;
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        let tld_ok = tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic());
        local_ok && host_ok && tld_ok
    }

    /// Rebuilds an address that was validated before it was stored.
    pub fn from_trusted(stored: String) -> Self {
        Self(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~.".contains(c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    // Addresses are personal data: keep them out of debug output and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

/// A user's display name: 1 to 100 characters, not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

pub const FULL_NAME_MAX_LEN: usize = 100;

impl FullName {
    /// # Errors
    /// [`FullNameError`] when the name is blank or longer than 100 characters.
    pub fn parse(raw: &str) -> Result<Self, FullNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FullNameError::Blank);
        }
        if trimmed.chars().count() > FULL_NAME_MAX_LEN {
            return Err(FullNameError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn from_trusted(stored: String) -> Self {
        Self(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed by the user. Its `Debug` never shows the text.
#[derive(Clone)]
pub struct Password(String);

/// Passwords are bounded so a huge body cannot make hashing arbitrarily expensive.
pub const PASSWORD_MAX_LEN: usize = 1024;
pub const PASSWORD_MIN_LEN: usize = 8;

impl Password {
    /// Wraps a password that is only checked against a stored hash (login, current password).
    pub fn new(raw: String) -> Self {
        Self(raw)
    }

    /// Checks the policy for a new password: at least 8 characters with an upper-case letter,
    /// a lower-case letter and a digit.
    ///
    /// # Errors
    /// [`PasswordPolicyError`] when the password does not satisfy the policy.
    pub fn check_policy(&self) -> Result<(), PasswordPolicyError> {
        let p = &self.0;
        let ok = p.chars().count() >= PASSWORD_MIN_LEN
            && p.chars().any(|c| c.is_ascii_uppercase())
            && p.chars().any(|c| c.is_ascii_lowercase())
            && p.chars().any(|c| c.is_ascii_digit());
        if ok { Ok(()) } else { Err(PasswordPolicyError) }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A stored password hash in PHC or modular-crypt form (argon2id, or legacy bcrypt).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn new(encoded: String) -> Self {
        Self(encoded)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// A registered user.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    id: UserId,
    email: Email,
    full_name: String,
    password_hash: PasswordHash,
    is_active: bool,
    is_verified: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The parts a stored user is rebuilt from (used by persistence adapters and tests).
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub email: Email,
    pub full_name: String,
    pub password_hash: PasswordHash,
    pub is_active: bool,
    pub is_verified: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UserRecord> for User {
    fn from(r: UserRecord) -> Self {
        Self {
            id: r.id,
            email: r.email,
            full_name: r.full_name,
            password_hash: r.password_hash,
            is_active: r.is_active,
            is_verified: r.is_verified,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl User {
    pub fn id(&self) -> UserId {
        self.id
    }
    pub fn email(&self) -> &Email {
        &self.email
    }
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    pub fn password_hash(&self) -> &PasswordHash {
        &self.password_hash
    }
    pub fn is_active(&self) -> bool {
        self.is_active
    }
    pub fn is_verified(&self) -> bool {
        self.is_verified
    }
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    pub fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

/// What registration stores for a new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub full_name: FullName,
    pub password_hash: PasswordHash,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_lower_cased_and_the_local_part_kept() {
        let e = Email::parse("Jane.Doe@Example.COM").unwrap();
        assert_eq!(e.as_str(), "Jane.Doe@example.com");
    }

    #[test]
    fn an_address_without_at_sign_is_rejected_with_the_validator_message() {
        let err = Email::parse("jane.example.com").unwrap_err();
        assert_eq!(err.to_string(), "An email address must have an @-sign.");
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for raw in [
            "@example.com",
            "jane@",
            "jane@example",
            "jane doe@example.com",
            ".jane@example.com",
            "jane.@example.com",
            "ja..ne@example.com",
            "jane@-example.com",
            "jane@example..com",
            "jane@example.123",
            "jane@exa mple.com",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw} should be rejected");
        }
    }

    #[test]
    fn a_255_character_address_is_too_long() {
        let raw = format!("{}@{}.com", "a".repeat(60), "b".repeat(190));
        assert_eq!(raw.len(), 255);
        assert!(matches!(Email::parse(&raw), Err(EmailError::TooLong(1))));
    }

    #[test]
    fn unicode_local_parts_pass_parsing_but_not_the_strict_format() {
        let e = Email::parse("jöhn@example.com").unwrap();
        assert!(!e.has_strict_format());
        assert!(
            Email::parse("john+tag@mail.example.org")
                .unwrap()
                .has_strict_format()
        );
    }

    #[test]
    fn password_policy_needs_upper_lower_digit_and_eight_characters() {
        assert!(Password::new("Secret123".into()).check_policy().is_ok());
        for weak in ["Sec12", "secret123", "SECRET123", "SecretXYZ", ""] {
            assert!(
                Password::new(weak.into()).check_policy().is_err(),
                "{weak} should fail the policy"
            );
        }
    }

    #[test]
    fn password_debug_never_shows_the_text() {
        let p = Password::new("Secret123".into());
        assert!(!format!("{p:?}").contains("Secret"));
    }

    #[test]
    fn full_names_are_trimmed_and_bounded() {
        assert_eq!(FullName::parse("  Jane  ").unwrap().as_str(), "Jane");
        assert!(FullName::parse("   ").is_err());
        assert!(FullName::parse(&"x".repeat(100)).is_ok());
        assert!(FullName::parse(&"x".repeat(101)).is_err());
    }
}
