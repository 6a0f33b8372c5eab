//! Keywords: the vocabulary skills a text names, most relevant first.

use std::collections::HashSet;

use crate::vocabulary::{Match, VocabularyKind, vocabulary};

/// The most keywords a text yields.
pub const MAX_KEYWORDS: usize = 100;
/// Skills whose canonical name is longer than this are not reported.
pub const MAX_KEYWORD_LEN: usize = 100;

/// The canonical vocabulary names of the skills `text` names, most relevant first (more
/// occurrences first, technical before soft skills, then by first occurrence), at most
/// [`MAX_KEYWORDS`]. Used for structured jobs (title, description and requirements joined).
#[must_use]
pub fn extract_keywords(text: &str) -> Vec<String> {
    let cleaned = tailor_text::clean(text);
    rank(&cleaned, &HashSet::new(), &HashSet::new(), &HashSet::new())
}

/// The skills of a posting's text, ranked: occurrences, plus a bonus for a skill named in the
/// title (3), in the requirements (2) or in the preferred qualifications (1).
pub fn rank_for_posting(
    text: &str,
    title: Option<&str>,
    requirements: &[String],
    preferred: &[String],
) -> Vec<String> {
    let names = |parts: &[String]| -> HashSet<&'static str> {
        vocabulary()
            .find_all(&parts.join("\n"))
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    let in_title: HashSet<&'static str> = title
        .map(|t| {
            vocabulary()
                .find_all(t)
                .into_iter()
                .map(|m| m.name)
                .collect()
        })
        .unwrap_or_default();
    rank(text, &in_title, &names(requirements), &names(preferred))
}

/// [`rank_for_posting`] when the caller has already found the skills of the title, the
/// requirements and the preferred qualifications (by canonical name).
pub fn rank_for_posting_with(
    text: &str,
    in_title: &HashSet<&'static str>,
    in_requirements: &HashSet<&'static str>,
    in_preferred: &HashSet<&'static str>,
) -> Vec<String> {
    rank(text, in_title, in_requirements, in_preferred)
}

fn rank(
    text: &str,
    in_title: &HashSet<&'static str>,
    in_requirements: &HashSet<&'static str>,
    in_preferred: &HashSet<&'static str>,
) -> Vec<String> {
    let mut found: Vec<(usize, Match<'static>)> = vocabulary()
        .find_all(text)
        .into_iter()
        .filter(|m| m.name.chars().count() <= MAX_KEYWORD_LEN)
        .map(|m| {
            let score = m.count
                + 3 * usize::from(in_title.contains(m.name))
                + 2 * usize::from(in_requirements.contains(m.name))
                + usize::from(in_preferred.contains(m.name));
            (score, m)
        })
        .collect();
    found.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then_with(|| (a.kind == VocabularyKind::Soft).cmp(&(b.kind == VocabularyKind::Soft)))
            .then_with(|| a.offset.cmp(&b.offset))
    });
    found
        .into_iter()
        .take(MAX_KEYWORDS)
        .map(|(_, m)| m.name.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_canonical_names_ranked_by_occurrences() {
        let keywords =
            extract_keywords("We use Postgres and K8s. Kubernetes everywhere: k8s, k8s. Postgres.");
        assert_eq!(keywords, ["kubernetes", "postgresql"]);
    }

    #[test]
    fn title_and_requirement_skills_rank_first() {
        let keywords = rank_for_posting(
            "Rust Engineer\nWe use Python, Python and Python. Also Docker.\nRust\nDocker",
            Some("Rust Engineer"),
            &["Docker".to_owned()],
            &[],
        );
        assert_eq!(keywords, ["rust", "docker", "python"]);
    }

    #[test]
    fn technical_skills_come_before_soft_skills_on_a_tie() {
        let keywords = extract_keywords("Leadership and Terraform.");
        assert_eq!(keywords, ["terraform", "leadership"]);
    }

    #[test]
    fn a_text_without_skills_has_no_keywords() {
        assert!(extract_keywords("Hello there, nothing to see").is_empty());
        assert!(extract_keywords("").is_empty());
    }
}
