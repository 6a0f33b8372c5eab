//! ATS scores of small documents.

use super::*;

fn keywords(list: &[(&str, Importance)]) -> Vec<JobKeyword> {
    list.iter()
        .map(|&(keyword, importance)| JobKeyword {
            keyword: keyword.to_owned(),
            importance,
        })
        .collect()
}

/// A resume of about `words` words with every section and a contact line.
fn resume(body: &str, words: usize) -> String {
    let filler = "delivered reliable results for customers ".repeat(words / 5);
    format!(
        "Jane Doe\nAustin, TX | jane@example.com | (512) 555-0100\n\nSKILLS\n{body}\n\n\
         PROFESSIONAL EXPERIENCE\nLine Cook | Harvest Table\n{filler}\n\nEDUCATION\nCulinary diploma\n"
    )
}

#[test]
fn aliases_count_and_missing_keywords_are_split_by_the_profile() {
    let keywords = keywords(&[
        ("kubernetes", Importance::Required),
        ("postgresql", Importance::Required),
        ("terraform", Importance::Preferred),
        ("ServSafe", Importance::Other),
    ]);
    let document = resume("K8s, Postgres", 400);
    let report = score_document(
        &keywords,
        &document,
        DocumentKind::Resume,
        "Terraform modules; Kubernetes",
    );
    assert_eq!(report.matched, ["kubernetes", "postgresql"]);
    assert_eq!(report.missing_but_in_profile, ["terraform"]);
    assert_eq!(report.missing, ["ServSafe"]);
    // 6 of 9 keyword weight: 70 * 6/9 + 20 + 10.
    assert_eq!(report.score, 76.7);
    assert_eq!(report.reachable_score, 92.2);
    assert_eq!(
        report.sections,
        Some(ResumeSections {
            experience: true,
            skills: true,
            education: true,
            contact: true,
        })
    );
    assert!(
        report.feedback.contains("names 2 of the job's 4 keywords"),
        "{}",
        report.feedback
    );
    assert!(
        report
            .feedback
            .contains("terraform, so these can be added truthfully")
    );
}

#[test]
fn keywords_match_case_insensitively_on_word_boundaries() {
    let keywords = keywords(&[
        ("food safety", Importance::Required),
        ("line", Importance::Other),
    ]);
    let report = score_document(
        &keywords,
        "Kept FOOD SAFETY standards; pipeline work.",
        DocumentKind::CoverLetter,
        "",
    );
    assert_eq!(report.matched, ["food safety"]);
    assert_eq!(report.missing, ["line"]);
    assert!(
        report
            .feedback
            .starts_with("The cover letter names 1 of the job's 2 keywords"),
        "{}",
        report.feedback
    );
    let none = score_document(
        &keywords[..1],
        "Nothing here.",
        DocumentKind::CoverLetter,
        "",
    );
    assert!(
        none.feedback
            .starts_with("The cover letter names none of the job's 1 keyword.")
    );
}

#[test]
fn a_job_without_keywords_gets_the_neutral_score_and_says_so() {
    let report = score_document(&[], "Short letter.", DocumentKind::CoverLetter, "anything");
    assert_eq!(report.score, NEUTRAL_SCORE);
    assert_eq!(report.reachable_score, NEUTRAL_SCORE);
    assert!(
        report
            .feedback
            .starts_with("Default score - no job keywords available.")
    );
    assert!(
        report.feedback.contains("is short; aim for 200-450"),
        "{}",
        report.feedback
    );
    assert_eq!(report.sections, None);
}

#[test]
fn length_and_missing_sections_cost_points() {
    let keywords = keywords(&[("python", Importance::Required)]);
    let full = score_document(&keywords, &resume("Python", 400), DocumentKind::Resume, "");
    assert_eq!(full.score, 100.0);
    let long = score_document(
        &keywords,
        &resume("Python", 1_800),
        DocumentKind::Resume,
        "",
    );
    assert!(
        long.score < full.score && long.feedback.contains("is long"),
        "{long:?}"
    );
    let bare = score_document(&keywords, "Python developer.", DocumentKind::Resume, "");
    assert!(bare.score < 75.0, "{bare:?}");
    assert!(
        bare.feedback.contains("Add an experience heading"),
        "{}",
        bare.feedback
    );
}

#[test]
fn repeated_keywords_count_once_at_their_highest_importance() {
    let keywords = keywords(&[
        ("Postgres", Importance::Other),
        ("postgresql", Importance::Required),
        ("", Importance::Required),
    ]);
    let report = score_document(&keywords, "PostgreSQL", DocumentKind::CoverLetter, "");
    assert_eq!(report.matched, ["Postgres"]);
    assert!(report.missing.is_empty());
}

#[test]
fn job_keywords_rank_required_before_preferred_before_other() {
    let job = Job {
        title: "Data Analyst".to_owned(),
        required: vec!["SQL and Tableau".to_owned()],
        preferred: vec!["Python".to_owned(), "SQL again".to_owned()],
        keywords: vec!["excel".to_owned(), "ServSafe".to_owned()],
        description: "We use Looker.".to_owned(),
        ..Job::default()
    };
    let found: Vec<(String, Importance)> = job_keywords(&job)
        .into_iter()
        .map(|k| (k.keyword, k.importance))
        .collect();
    assert_eq!(
        found,
        [
            ("sql".to_owned(), Importance::Required),
            ("tableau".to_owned(), Importance::Required),
            ("python".to_owned(), Importance::Preferred),
            ("excel".to_owned(), Importance::Other),
            ("ServSafe".to_owned(), Importance::Other),
            ("looker".to_owned(), Importance::Other),
        ]
    );
}
