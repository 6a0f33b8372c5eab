//! The structured content of the contract (§6.4 `content_structured`): typed structs that
//! serialise to exactly the contract's JSON, key for key and in the contract's order. The
//! additions are keys only (never a missing or renamed one): a `source_id` on every resume
//! entry, bullet and certification, naming the profile item it came from; bullets filled as
//! objects; and `body_paragraph_count` in the cover letter's metadata.

use serde::{Deserialize, Serialize};

use crate::profile::Profile;

/// The contact block shared by both documents. Missing values are `""`, as in the contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    /// The resume's target title (title of the first experience, else `Professional`), or the
    /// job title on a cover letter.
    pub title: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub linkedin: String,
    pub github: String,
    pub website: String,
}

impl Header {
    pub(crate) fn of(profile: &Profile, title: String) -> Self {
        let p = &profile.personal;
        let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_owned();
        Header {
            name: p.full_name.trim().to_owned(),
            title,
            email: p.email.trim().to_owned(),
            phone: text(&p.phone),
            location: text(&p.location),
            linkedin: text(&p.linkedin),
            github: text(&p.github),
            website: text(&p.website),
        }
    }
}

/// A resume's `content_structured`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeContent {
    pub header: Header,
    pub sections: Vec<ResumeSection>,
    pub metadata: ResumeMetadata,
}

/// One section, tagged by `type`. The summary is present only when used; skills,
/// experience, projects and education are always present (possibly empty), so that a reader
/// looking a section up by type always finds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResumeSection {
    ProfessionalSummary { content: String },
    Skills { categories: Vec<SkillCategory> },
    Experience { entries: Vec<ExperienceEntry> },
    Projects { entries: Vec<ProjectEntry> },
    Education { entries: Vec<EducationEntry> },
}

/// `Technical Skills`, `Soft Skills`, `Languages` or `Certifications`; only non-empty ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillCategory {
    pub name: String,
    pub items: SkillItems,
}

/// Skill names, or the objects of the languages and certifications categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SkillItems {
    Names(Vec<String>),
    Languages(Vec<LanguageItem>),
    Certifications(Vec<CertificationItem>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageItem {
    pub name: String,
    pub proficiency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationItem {
    pub name: String,
    pub issuer: String,
    pub date_obtained: String,
    pub expiry_date: Option<String>,
    pub credential_id: Option<String>,
    /// The certification's id in the profile.
    pub source_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperienceEntry {
    pub id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub start_date: String,
    /// `Present` for a current role or one without an end date.
    pub end_date: String,
    pub is_current: bool,
    /// The enhanced description when not blank, else the original (`""` when neither).
    pub description: String,
    /// The achievements chosen for this resume, most relevant first.
    pub bullets: Vec<Bullet>,
    /// All the experience's achievements, as in the profile.
    pub achievements: Vec<String>,
    pub source_id: String,
}

/// One achievement printed as a bullet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bullet {
    pub text: String,
    /// `"<experience id>#<index>"`, the index counted from 0 in the experience's achievements.
    pub source_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEntry {
    pub id: String,
    pub name: String,
    pub description: String,
    pub technologies: Vec<String>,
    pub url: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub source_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EducationEntry {
    pub id: String,
    pub degree: String,
    pub field_of_study: String,
    pub institution: String,
    pub start_date: String,
    pub end_date: Option<String>,
    /// `0.0` when none.
    pub gpa: f64,
    pub honors: Vec<String>,
    pub source_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeMetadata {
    /// Summed over the selected experiences, one decimal.
    pub total_years_experience: f64,
    /// The first 10 technical skills, in the resume's order.
    pub top_skills: Vec<String>,
    /// The distinct company names of the first 5 selected experiences.
    pub industries: Vec<String>,
    pub total_projects: usize,
    pub total_certifications: usize,
}

/// A cover letter's `content_structured`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterContent {
    pub header: Header,
    pub sections: Vec<LetterSection>,
    pub metadata: LetterMetadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LetterSection {
    CoverLetter {
        company: String,
        /// The letter text split on blank lines: greeting, body paragraphs and sign-off, so
        /// that an export printing these prints the whole letter.
        paragraphs: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterMetadata {
    pub word_count: usize,
    /// The number of `paragraphs` (greeting and sign-off included).
    pub paragraph_count: usize,
    /// `""` when no company is known.
    pub company: String,
    /// The job title (`""` when none).
    pub position: String,
    /// The body paragraphs only (what `max_paragraphs` bounds).
    pub body_paragraph_count: usize,
}
