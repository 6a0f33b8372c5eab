//! The ranking's own plain input and output types.

use serde::{Deserialize, Serialize};

/// The job to rank against: the posting's parts, as the posting analyser reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    pub title: String,
    /// Required qualifications, one line each.
    pub required: Vec<String>,
    /// Preferred ("nice to have") qualifications, one line each.
    pub preferred: Vec<String>,
    pub responsibilities: Vec<String>,
    /// The rest of the posting's text.
    pub description: String,
    /// The posting's keywords (canonical vocabulary names), most relevant first.
    pub keywords: Vec<String>,
}

/// One bullet of an item, with an id the caller assigns (such as `"<item id>#<n>"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bullet {
    pub id: String,
    pub text: String,
}

/// An experience or a project of the profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    pub id: String,
    /// An experience's job title, or a project's name.
    pub title: String,
    /// An experience's company; empty for a project.
    #[serde(alias = "company")]
    pub organisation: String,
    pub description: String,
    pub bullets: Vec<Bullet>,
    /// Technologies or skills the item names.
    pub skills: Vec<String>,
    /// Months since the item ended: 0 for a current role, `None` when unknown.
    pub months_since_end: Option<u32>,
}

/// What the ranking reads of a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub experiences: Vec<Item>,
    pub projects: Vec<Item>,
    /// The profile's skills, by name.
    pub skills: Vec<String>,
}

/// An item's place in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedItem {
    pub id: String,
    /// Relevance to the job, in [0, 1].
    pub score: f64,
    /// What the item matched, as readable sentences, strongest first.
    pub evidence: Vec<String>,
    /// The item's bullets, best first.
    pub bullets: Vec<RankedBullet>,
}

/// A bullet's place within its item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedBullet {
    pub id: String,
    /// Relevance to the job, in [0, 1].
    pub score: f64,
    pub evidence: Vec<String>,
}

/// A profile skill's place in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedSkill {
    /// The skill as the profile names it.
    pub name: String,
    /// Relevance to the job, in [0, 1].
    pub score: f64,
    pub evidence: Vec<String>,
}

/// How often the profile's text names one of the job's keywords (aliases count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordMatch {
    pub keyword: String,
    pub count: usize,
}

/// The whole ranking: every experience, project, bullet and skill, best first, none left
/// out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub experiences: Vec<RankedItem>,
    pub projects: Vec<RankedItem>,
    pub skills: Vec<RankedSkill>,
    /// The job's keywords in the job's order (its keywords first, then skills its title and
    /// qualifications name that the keywords lack), each with its count in the profile.
    pub keyword_matches: Vec<KeywordMatch>,
}
