//! What export and import share: the schema, the extension keys that carry what the
//! standard has no place for, and the paths of import errors.

use std::fmt;

use tailor_domain::profile::MAX_LIST_ITEMS;

/// The `$schema` of exported documents.
pub(crate) const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

/// Names, titles, places: the bound the profile request schema puts on them.
pub(super) const MAX_SHORT_TEXT: usize = 100;
/// A project description, as the profile request schema bounds it.
pub(super) const MAX_PROJECT_DESCRIPTION: usize = 1000;
pub(super) const MAX_PROJECT_URL: usize = 500;
pub(super) const MAX_ACHIEVEMENT_LEN: usize = 500;
pub(super) const MAX_HONOR_LEN: usize = 200;
pub(super) const MAX_CERTIFICATION_NAME: usize = 200;
pub(super) const MAX_PROFILES: usize = MAX_LIST_ITEMS;

pub(super) const X_ID: &str = "x-id";
pub(super) const X_CURRENT: &str = "x-current";
pub(super) const X_ENHANCED_SUMMARY: &str = "x-enhancedSummary";
pub(super) const X_ENHANCED_DESCRIPTION: &str = "x-enhancedDescription";
pub(super) const X_HONORS: &str = "x-honors";
pub(super) const X_EXPIRY_DATE: &str = "x-expiryDate";
pub(super) const X_CREDENTIAL_ID: &str = "x-credentialId";
pub(super) const X_CUSTOM_FIELDS: &str = "x-customFields";

pub(super) const TECHNICAL: &str = "Technical";
pub(super) const SOFT: &str = "Soft";
/// Degree or field of study of an education entry that does not name it.
pub(super) const UNSPECIFIED: &str = "Unspecified";
pub(super) const SCORE_PREFIX: &str = "Score: ";

/// One step of a path into the document: the contract's own `loc` item (an object key
/// or an array index), so an import error becomes a field error as it is.
pub(crate) use crate::error::LocItem as PathItem;

/// A problem with an imported document, at the path of the value at fault (empty for the
/// document itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportError {
    pub path: Vec<PathItem>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for item in &self.path {
            match item {
                PathItem::Key(k) if first => write!(f, "{k}")?,
                PathItem::Key(k) => write!(f, ".{k}")?,
                PathItem::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        if first {
            write!(f, "{}", self.message)
        } else {
            write!(f, ": {}", self.message)
        }
    }
}

// ---------------------------------------------------------------------------------------
