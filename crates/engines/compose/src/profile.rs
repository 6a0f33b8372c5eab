//! The composer's input: a profile as plain data, in the shape of the contract's profile
//! (personal information, summaries, experiences, projects, education, skills). The caller
//! maps its own entities into these; nothing here is validated beyond what composing needs.

use serde::{Deserialize, Serialize};

/// Everything the composer may say about a person. Missing values are empty strings, empty
/// lists or `None`; no field is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub personal: PersonalInfo,
    pub summary: Option<String>,
    /// A rewritten summary; preferred to [`Profile::summary`] when not blank.
    pub enhanced_summary: Option<String>,
    /// In the user's order (the contract's insertion order).
    pub experiences: Vec<Experience>,
    pub projects: Vec<Project>,
    pub education: Vec<Education>,
    pub skills: Skills,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonalInfo {
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub github: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Experience {
    pub id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    /// `YYYY-MM-DD` in the contract; `YYYY-MM` and `YYYY` are read too.
    pub start_date: String,
    pub end_date: Option<String>,
    pub is_current: bool,
    pub description: Option<String>,
    /// A rewritten description; preferred to [`Experience::description`] when not blank.
    pub enhanced_description: Option<String>,
    /// One line each. Achievement `n` (from 0) is the bullet `"<id>#<n>"`, see [`bullet_id`].
    pub achievements: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Skills {
    pub technical: Vec<String>,
    pub soft: Vec<String>,
    pub languages: Vec<Language>,
    pub certifications: Vec<Certification>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Language {
    pub name: String,
    /// `native`, `fluent`, `conversational` or `basic` in the contract; passed through.
    pub proficiency: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Certification {
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub date_obtained: String,
    pub expiry_date: Option<String>,
    pub credential_id: Option<String>,
}

/// The id of achievement `index` (from 0) of the experience `experience_id`:
/// `"<experience id>#<index>"`.
pub fn bullet_id(experience_id: &str, index: usize) -> String {
    format!("{experience_id}#{index}")
}

/// The experience id and achievement index a bullet id names, if it has the
/// `"<experience id>#<index>"` form.
pub fn parse_bullet_id(id: &str) -> Option<(&str, usize)> {
    let (experience, index) = id.rsplit_once('#')?;
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((experience, index.parse().ok()?))
}

impl Profile {
    /// The summary to print: the enhanced one when not blank, else the original.
    pub fn best_summary(&self) -> Option<&str> {
        non_blank(self.enhanced_summary.as_deref()).or(non_blank(self.summary.as_deref()))
    }

    pub fn experience(&self, id: &str) -> Option<&Experience> {
        self.experiences.iter().find(|e| e.id == id)
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }
}

impl Experience {
    /// The description to print: the enhanced one when not blank, else the original.
    pub fn best_description(&self) -> Option<&str> {
        non_blank(self.enhanced_description.as_deref()).or(non_blank(self.description.as_deref()))
    }

    /// The end date to print: `Present` for a current role or one without an end date.
    pub fn end_label(&self) -> &str {
        match non_blank(self.end_date.as_deref()) {
            Some(end) if !self.is_current => end,
            _ => "Present",
        }
    }
}

impl Project {
    /// The description to print: the enhanced one when not blank, else the original.
    pub fn best_description(&self) -> Option<&str> {
        non_blank(self.enhanced_description.as_deref()).or(non_blank(Some(&self.description)))
    }
}

/// The trimmed value, or `None` when it is missing or blank.
pub(crate) fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}
