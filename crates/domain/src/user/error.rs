//! Why an email address or a password is refused.

use thiserror::Error;

/// Why an email address is not valid. The messages follow the wording the client already
/// shows for invalid addresses.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("An email address must have an @-sign.")]
    MissingAt,
    #[error("There must be something before the @-sign.")]
    NothingBeforeAt,
    #[error("There must be something after the @-sign.")]
    NothingAfterAt,
    #[error("The email address is too long ({0} characters too many).")]
    TooLong(usize),
    #[error("The email address is too long before the @-sign ({0} characters too many).")]
    LocalTooLong(usize),
    #[error("The email address contains invalid characters before the @-sign: {0}.")]
    InvalidLocalChars(String),
    #[error("An email address cannot start with a period.")]
    LocalStartsWithDot,
    #[error("An email address cannot have a period immediately before the @-sign.")]
    LocalEndsWithDot,
    #[error("An email address cannot have two periods in a row.")]
    LocalDoubleDot,
    #[error("The part after the @-sign contains invalid characters: {0}.")]
    InvalidDomainChars(String),
    #[error("An email address cannot have a period immediately after the @-sign.")]
    DomainStartsWithDot,
    #[error("An email address cannot end with a period or have two periods in a row.")]
    DomainBadDots,
    #[error("The part after the @-sign is not valid. It should have a period.")]
    DomainNeedsPeriod,
    #[error(
        "The part after the @-sign is not valid. A label cannot start or end with a hyphen or be longer than 63 characters."
    )]
    DomainBadLabel,
    #[error("The part after the @-sign is not valid. It is not within a valid top-level domain.")]
    DomainBadTld,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FullNameError {
    #[error("Full name must not be blank")]
    Blank,
    #[error("Full name must be at most 100 characters long")]
    TooLong,
}

/// The password policy's one message, as the client shows it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "Password must be at least 8 characters long and contain uppercase, lowercase, and numeric characters"
)]
pub struct PasswordPolicyError;
