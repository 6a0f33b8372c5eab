//! The profile and its sections: personal info, skills, languages, certifications, experiences,
//! education, projects and custom fields.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::user::UserId;

/// Contact details at the top of a resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonalInfo {
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub github: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Proficiency {
    Native,
    Fluent,
    Conversational,
    Basic,
}

impl Proficiency {
    pub const ALL: [&'static str; 4] = ["native", "fluent", "conversational", "basic"];

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "native" => Some(Self::Native),
            "fluent" => Some(Self::Fluent),
            "conversational" => Some(Self::Conversational),
            "basic" => Some(Self::Basic),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Native => "native",
            Self::Fluent => "fluent",
            Self::Conversational => "conversational",
            Self::Basic => "basic",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub name: String,
    pub proficiency: Proficiency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certification {
    /// Stable id so certifications can be updated and deleted one by one.
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub date_obtained: String,
    pub expiry_date: Option<String>,
    pub credential_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Skills {
    #[serde(default)]
    pub technical: Vec<String>,
    #[serde(default)]
    pub soft: Vec<String>,
    #[serde(default)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub certifications: Vec<Certification>,
}

/// Which list of plain skills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillKind {
    Technical,
    Soft,
}

impl SkillKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Technical => "technical",
            Self::Soft => "soft",
        }
    }
}

impl Skills {
    pub fn list_mut(&mut self, kind: SkillKind) -> &mut Vec<String> {
        match kind {
            SkillKind::Technical => &mut self.technical,
            SkillKind::Soft => &mut self.soft,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experience {
    pub id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub start_date: String,
    pub end_date: Option<String>,
    pub is_current: bool,
    pub description: Option<String>,
    pub enhanced_description: Option<String>,
    pub achievements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Education {
    pub id: String,
    pub institution: String,
    pub degree: String,
    pub field_of_study: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub gpa: Option<f64>,
    pub honors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub description: String,
    pub enhanced_description: Option<String>,
    pub technologies: Vec<String>,
    pub url: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

crate::id::uuid_id!(
    /// A profile's id; the contract spells it as a UUID.
    ProfileId
);

/// A user's master profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub id: ProfileId,
    pub user_id: UserId,
    pub personal_info: PersonalInfo,
    pub professional_summary: Option<String>,
    pub enhanced_professional_summary: Option<String>,
    /// `{}` or `{"model", "timestamp", "sections_enhanced"}` once enhanced.
    pub enhancement_metadata: Map<String, Value>,
    pub skills: Skills,
    pub experiences: Vec<Experience>,
    pub education: Vec<Education>,
    pub projects: Vec<Project>,
    pub custom_fields: Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency counter; bumped by every save.
    pub version: i64,
}

/// What a new profile is made of. Sub-items carry their ids already (see [`item_id`]).
#[derive(Debug, Clone, Default)]
pub struct NewProfile {
    pub personal_info: PersonalInfo,
    pub professional_summary: Option<String>,
    pub skills: Skills,
    pub experiences: Vec<Experience>,
    pub education: Vec<Education>,
    pub projects: Vec<Project>,
    pub custom_fields: Map<String, Value>,
}

/// The three list sections stored as rows of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SectionChanges {
    pub experiences: bool,
    pub education: bool,
    pub projects: bool,
}

impl SectionChanges {
    pub const ALL: Self = Self {
        experiences: true,
        education: true,
        projects: true,
    };
    pub const NONE: Self = Self {
        experiences: false,
        education: false,
        projects: false,
    };
}

/// A new id for a sub-item that arrived without one (`""`, `null` or missing); a given id
/// is kept verbatim.
pub fn item_id(given: Option<String>) -> String {
    match given {
        Some(id) if !id.trim().is_empty() => id,
        _ => Uuid::new_v4().to_string(),
    }
}
