//! The prompts sent to a language model: versioned template files (`prompts/*.jinja`,
//! compiled into the binary), rendered with minijinja. The version is stored with every
//! result a model wrote.

use serde::Serialize;

/// The version of the prompt files; change it with any change of theirs.
pub const PROMPT_VERSION: &str = "prompts-1";

const COVER_LETTER: &str = include_str!("../../prompts/cover_letter.jinja");
const ENHANCE: &str = include_str!("../../prompts/enhance.jinja");
const RANKING: &str = include_str!("../../prompts/ranking.jinja");
const BULLETS: &str = include_str!("../../prompts/bullets.jinja");

/// One resume bullet to rephrase, with the role it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct BulletItem {
    pub number: usize,
    pub context: String,
    pub text: String,
}

/// What the bullet prompt is filled with (already redacted).
#[derive(Debug, Clone, Serialize)]
pub struct BulletPrompt {
    pub role: String,
    pub keywords: Vec<String>,
    pub bullets: Vec<BulletItem>,
}

/// Renders the bullet prompt.
///
/// # Errors
/// A template error (the shipped templates are tested to render).
pub fn bullets(prompt: &BulletPrompt) -> Result<String, minijinja::Error> {
    minijinja::Environment::new().render_str(BULLETS, minijinja::value::Serde(prompt))
}

/// One ranked experience or project in the ranking prompt.
#[derive(Debug, Clone, Serialize)]
pub struct RankingItem {
    pub number: usize,
    pub title: String,
    pub organisation: String,
    pub matched: Vec<String>,
}

/// What the ranking prompt is filled with (already redacted).
#[derive(Debug, Clone, Serialize)]
pub struct RankingPrompt {
    pub role: String,
    pub company: String,
    pub requirements: Vec<String>,
    pub items: Vec<RankingItem>,
}

/// Renders the ranking prompt.
///
/// # Errors
/// A template error (the shipped templates are tested to render).
pub fn ranking(prompt: &RankingPrompt) -> Result<String, minijinja::Error> {
    minijinja::Environment::new().render_str(RANKING, minijinja::value::Serde(prompt))
}

/// One experience or project a cover letter may cite.
#[derive(Debug, Clone, Serialize)]
pub struct LetterEvidence {
    pub title: String,
    pub organisation: String,
    pub matched: Vec<String>,
    pub description: String,
    pub points: Vec<String>,
}

/// What the cover-letter prompt is filled with (already redacted).
#[derive(Debug, Clone, Serialize)]
pub struct LetterPrompt {
    pub role: String,
    pub company: String,
    pub name: String,
    pub requirements: Vec<String>,
    pub evidence: Vec<LetterEvidence>,
    pub tone: String,
    pub sentence_length: Option<u32>,
    pub greeting: String,
    pub max_paragraphs: u32,
}

/// One text of the enhancement prompt.
#[derive(Debug, Clone, Serialize)]
pub struct EnhanceSection {
    pub number: usize,
    /// `summary`, `experience` or `project`.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnhancePrompt {
    pub tone: Option<String>,
    pub sections: Vec<EnhanceSection>,
}

/// Renders the cover-letter prompt.
///
/// # Errors
/// A template error (the shipped templates are tested to render).
pub fn cover_letter(prompt: &LetterPrompt) -> Result<String, minijinja::Error> {
    minijinja::Environment::new().render_str(COVER_LETTER, minijinja::value::Serde(prompt))
}

/// Renders the enhancement prompt.
///
/// # Errors
/// A template error (the shipped templates are tested to render).
pub fn enhance(prompt: &EnhancePrompt) -> Result<String, minijinja::Error> {
    minijinja::Environment::new().render_str(ENHANCE, minijinja::value::Serde(prompt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_letter_prompt_carries_the_facts_and_the_rules() {
        let text = cover_letter(&LetterPrompt {
            role: "Sous Chef".into(),
            company: "Maison Blanche".into(),
            name: "[[NAME]]".into(),
            requirements: vec!["3+ years on a line".into()],
            evidence: vec![LetterEvidence {
                title: "Line Cook".into(),
                organisation: "Brasserie Nord".into(),
                matched: vec!["line cooking".into()],
                description: "Ran the grill.".into(),
                points: vec!["200 covers a night".into()],
            }],
            tone: "formal".into(),
            sentence_length: Some(18),
            greeting: "Dear Hiring Manager,".into(),
            max_paragraphs: 4,
        })
        .unwrap();
        for needle in [
            "Sous Chef position at Maison Blanche",
            "- 3+ years on a line",
            "- Line Cook at Brasserie Nord (matches: line cooking)",
            "* 200 covers a night",
            "at most 4 paragraphs",
            "\"Dear Hiring Manager,\"",
            "about 18 words",
        ] {
            assert!(text.contains(needle), "{needle:?} in {text}");
        }
    }

    #[test]
    fn the_bullet_prompt_numbers_every_bullet() {
        let text = bullets(&BulletPrompt {
            role: "Sous Chef".into(),
            keywords: vec!["food safety".into()],
            bullets: vec![BulletItem {
                number: 1,
                context: "Line Cook at Brasserie Nord".into(),
                text: "Kept the logs".into(),
            }],
        })
        .unwrap();
        assert!(text.contains("key terms are: food safety"), "{text}");
        assert!(
            text.contains("1. (Line Cook at Brasserie Nord) Kept the logs"),
            "{text}"
        );
    }

    #[test]
    fn the_ranking_prompt_numbers_every_item() {
        let text = ranking(&RankingPrompt {
            role: "Sous Chef".into(),
            company: "Maison Blanche".into(),
            requirements: vec!["Food safety".into()],
            items: vec![RankingItem {
                number: 1,
                title: "Line Cook".into(),
                organisation: "Brasserie Nord".into(),
                matched: vec!["food safety".into()],
            }],
        })
        .unwrap();
        assert!(
            text.contains("1. Line Cook at Brasserie Nord (matches: food safety)"),
            "{text}"
        );
        assert!(text.contains("\"order\""));
    }

    #[test]
    fn the_enhancement_prompt_numbers_every_text() {
        let text = enhance(&EnhancePrompt {
            tone: None,
            sections: vec![
                EnhanceSection {
                    number: 1,
                    kind: "summary",
                    text: "Cook.".into(),
                },
                EnhanceSection {
                    number: 2,
                    kind: "experience",
                    text: "Worked on the grill.".into(),
                },
            ],
        })
        .unwrap();
        assert!(text.contains("1. (summary) Cook."));
        assert!(text.contains("2. (experience) Worked on the grill."));
        assert!(text.contains("\"section_number\""));
    }
}
