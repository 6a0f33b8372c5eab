//! Properties of the posting analyser that must hold for any input: it never panics, every
//! output stays within the contract's limits, keywords are canonical vocabulary names
//! without duplicates, and no output carries control characters (the description keeps its
//! line breaks).

use std::collections::HashSet;

use proptest::prelude::*;
use tailor_posting::{
    MAX_COMPANY_LEN, MAX_DESCRIPTION_LEN, MAX_ITEM_LEN, MAX_LIST_ITEMS, MAX_LOCATION_LEN,
    MAX_TITLE_LEN, Posting, analyse_posting, extract_keywords, parse_salary,
};
use tailor_skills::{MAX_KEYWORD_LEN, MAX_KEYWORDS, vocabulary};

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn check_field(name: &str, value: Option<&str>, max: usize) -> Result<(), TestCaseError> {
    if let Some(value) = value {
        prop_assert!(!value.is_empty(), "{name} is empty");
        prop_assert_eq!(value, value.trim(), "{} is not trimmed", name);
        prop_assert!(
            chars(value) <= max,
            "{name} has {} characters",
            chars(value)
        );
        prop_assert!(
            !value.chars().any(char::is_control),
            "{name} has a control character: {value:?}"
        );
    }
    Ok(())
}

fn check_list(name: &str, items: &[String]) -> Result<(), TestCaseError> {
    prop_assert!(
        items.len() <= MAX_LIST_ITEMS,
        "{name}: {} items",
        items.len()
    );
    let mut seen = HashSet::new();
    for item in items {
        check_field(name, Some(item), MAX_ITEM_LEN)?;
        let key = item.to_lowercase();
        prop_assert!(seen.insert(key), "{name} repeats {item:?}");
    }
    Ok(())
}

fn check_keywords(keywords: &[String]) -> Result<(), TestCaseError> {
    prop_assert!(keywords.len() <= MAX_KEYWORDS);
    let mut seen = HashSet::new();
    for keyword in keywords {
        // A vocabulary skill under its canonical name, or a term read from the posting's
        // own words (codes, names in lists): lower case, trimmed, one line.
        prop_assert!(
            vocabulary().get(keyword).is_some()
                || (!keyword.is_empty()
                    && keyword.trim() == keyword
                    && !keyword.chars().any(|c| c.is_uppercase() || c.is_control())),
            "{keyword:?} is neither a canonical name nor a clean term"
        );
        prop_assert!(chars(keyword) <= MAX_KEYWORD_LEN);
        prop_assert!(seen.insert(keyword), "{keyword:?} is repeated");
    }
    Ok(())
}

/// Every property of one analysed posting.
fn check(posting: &Posting) -> Result<(), TestCaseError> {
    check_field("title", posting.title.as_deref(), MAX_TITLE_LEN)?;
    check_field("company", posting.company.as_deref(), MAX_COMPANY_LEN)?;
    check_field("location", posting.location.as_deref(), MAX_LOCATION_LEN)?;
    let description = &posting.description;
    prop_assert_eq!(description.as_str(), description.trim());
    prop_assert!(chars(description) <= MAX_DESCRIPTION_LEN);
    prop_assert!(
        !description.chars().any(|c| c.is_control() && c != '\n'),
        "the description has a control character"
    );
    check_list("requirements", &posting.requirements)?;
    check_list("preferred", &posting.preferred_requirements)?;
    check_list("responsibilities", &posting.responsibilities)?;
    check_list("benefits", &posting.benefits)?;
    check_keywords(&posting.keywords)?;
    if let Some(salary) = &posting.salary {
        prop_assert!(salary.min.is_some() || salary.max.is_some());
        if let (Some(min), Some(max)) = (salary.min, salary.max) {
            prop_assert!(min <= max);
        }
        prop_assert!(
            salary.currency.len() == 3 && salary.currency.bytes().all(|b| b.is_ascii_uppercase())
        );
    }
    if let Some(years) = posting.years_experience {
        prop_assert!(years <= 50);
    }
    Ok(())
}

/// A bounded number of cases, so that the suite runs in seconds in debug builds; no failure
/// files are written.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Lines that look like parts of postings, so that the structured paths run too.
fn posting_line() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Requirements",
        "REQUIREMENTS:",
        "## Nice to have",
        "Benefits",
        "What you'll do",
        "Responsibilities:",
        "About us",
        "Salary",
        "Senior",
        "Engineer",
        "Remote",
        "Hybrid",
        "on-site",
        "not remote",
        "Full-time",
        "contract",
        "intern",
        "Austin, TX",
        "(Hybrid)",
        "Acme",
        "is hiring a",
        "at",
        "-",
        "•",
        "1.",
        "a)",
        "5+ years",
        "3-5 years",
        "of",
        "experience",
        "with",
        "Python",
        "Go",
        "C++",
        "Kubernetes",
        "AWS",
        "$120,000",
        "-",
        "$180k",
        "€4.500",
        "₹18",
        "LPA",
        "/hr",
        "per month",
        "401(k)",
        "k",
        "2023",
        "Save",
        "Easy Apply",
        "2 days ago",
        "Over 100 applicants",
        "·",
        "|",
        "Job Title:",
        "Company:",
        "Location:",
        "preferred",
        "is a plus",
        "(m/f/d)",
        "VP",
        "Staff",
        "II",
        "is",
        "a",
        "team",
        "we",
        "\u{200b}",
        "\t",
        "é",
        "日本",
        "🚀",
        ".",
        ",",
        ":",
        "(",
        ")",
    ]);
    prop::collection::vec(words, 0..12).prop_map(|w| w.join(" "))
}

fn posting_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![posting_line(), Just(String::new()), "\\PC{0,80}"],
        0..60,
    )
    .prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_string_is_analysed_within_the_limits(text in any::<String>()) {
        check(&analyse_posting(&text))?;
    }

    #[test]
    fn printable_text_is_analysed_within_the_limits(text in "\\PC{0,400}") {
        check(&analyse_posting(&text))?;
    }

    #[test]
    fn posting_like_text_is_analysed_within_the_limits(text in posting_text()) {
        check(&analyse_posting(&text))?;
    }

    #[test]
    fn random_bytes_are_analysed_within_the_limits(
        bytes in prop::collection::vec(any::<u8>(), 0..2000)
    ) {
        check(&analyse_posting(&String::from_utf8_lossy(&bytes)))?;
    }

    #[test]
    fn control_characters_and_blank_lines_are_handled(
        pieces in prop::collection::vec(
            prop_oneof![
                Just("\n".to_owned()),
                Just("\r\n".to_owned()),
                Just("\r".to_owned()),
                Just("\u{0}".to_owned()),
                Just("\u{1b}[0m".to_owned()),
                Just("\u{7f}".to_owned()),
                Just("\u{85}".to_owned()),
                Just("\u{2028}".to_owned()),
                Just("\u{feff}".to_owned()),
                posting_line(),
            ],
            0..200,
        )
    ) {
        check(&analyse_posting(&pieces.concat()))?;
    }

    #[test]
    fn salary_texts_never_panic_and_keep_min_below_max(text in "[$£€₹0-9kKmMlL.,' /\\-–a-z]{0,40}") {
        if let Some(salary) = parse_salary(&text) {
            prop_assert!(salary.min.is_some() || salary.max.is_some());
            if let (Some(min), Some(max)) = (salary.min, salary.max) {
                prop_assert!(min <= max);
            }
        }
    }

    #[test]
    fn extracted_keywords_are_canonical_and_distinct(text in posting_text()) {
        check_keywords(&extract_keywords(&text))?;
    }
}

proptest! {
    // Long inputs cost more per case.
    #![proptest_config(config(16))]

    #[test]
    fn a_very_long_single_line_is_analysed_within_the_limits(
        line in prop::collection::vec(any::<char>(), 10_000..16_000)
    ) {
        let text: String = line.into_iter().filter(|c| *c != '\n' && *c != '\r').collect();
        check(&analyse_posting(&text))?;
    }

    #[test]
    fn many_blank_lines_and_long_postings_are_analysed_within_the_limits(
        blank in 0usize..2_000,
        body in posting_text(),
    ) {
        let text = format!("{}{body}{}", "\n".repeat(blank), "\n \n".repeat(blank));
        check(&analyse_posting(&text))?;
    }
}

#[test]
fn one_word_repeated_to_15000_characters_is_analysed_within_the_limits() {
    for word in [
        "remote ",
        "Requirements\n",
        "- Python\n",
        "$120,000 - ",
        "5+ years ",
        "•",
        "\n",
        "a",
        "Go ",
        "k",
        "1",
        ". ",
        "## ",
        "Senior Engineer at Acme\n",
        "é",
        "🚀",
    ] {
        let text: String = word.chars().cycle().take(15_000).collect();
        let posting = analyse_posting(&text);
        if let Err(error) = check(&posting) {
            panic!("{word:?} repeated: {error}");
        }
    }
}

#[test]
fn input_far_beyond_the_contract_is_handled() {
    let text = "Requirements\n- 5+ years of Rust and Kubernetes\n".repeat(20_000);
    let posting = analyse_posting(&text);
    assert!(posting.requirements.len() <= MAX_LIST_ITEMS);
    assert!(chars(&posting.description) <= MAX_DESCRIPTION_LEN);
    assert_eq!(posting.years_experience, Some(5));
}
