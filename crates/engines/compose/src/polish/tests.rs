//! Stock phrases, introduced facts and placeholders.

use super::*;

#[test]
fn stock_openings_become_plain_ones() {
    assert_eq!(
        scrub_stock_phrases(
            "I am writing to express my interest in the Nurse role. I am passionate about care."
        ),
        "I am applying for the Nurse role. I care about care."
    );
    assert_eq!(
        scrub_stock_phrases("I\u{2019}m excited to apply for this job."),
        "I'm applying for this job."
    );
}

#[test]
fn a_removed_sentence_opening_leaves_a_capital_and_no_stray_spaces() {
    assert_eq!(
        scrub_stock_phrases("Hello. In today\u{2019}s fast-paced world, teams need help , fast."),
        "Hello. Teams need help, fast."
    );
    assert_eq!(
        scrub_stock_phrases("I hope this letter finds you well. I lead teams."),
        "I lead teams."
    );
}

#[test]
fn single_words_are_replaced_in_their_case_and_only_as_words() {
    assert_eq!(
        scrub_stock_phrases("We delve into data. Leverage it to find synergy."),
        "We explore data. Use it to find collaboration."
    );
    assert_eq!(
        scrub_stock_phrases("Cleverage and delved"),
        "Cleverage and delved"
    );
    assert_eq!(
        scrub_stock_phrases("We utilized Kafka\nand shipped."),
        "We used Kafka\nand shipped."
    );
}

#[test]
fn text_without_stock_phrases_is_unchanged() {
    let text = "Dear Hiring Manager,\n\nI led a team of 5 nurses at St. Mary's.";
    assert_eq!(scrub_stock_phrases(text), text);
}

#[test]
fn bracketed_slots_are_placeholders() {
    assert_eq!(
        placeholders("Dear [Hiring Manager], I want to join {company} as <Job Title> on ____."),
        ["[Hiring Manager]", "{company}", "<Job Title>", "____"]
    );
    assert_eq!(placeholders("See {{ title }} now"), ["{{ title }"]);
}

#[test]
fn stock_slot_names_are_placeholders() {
    assert_eq!(
        placeholders("Dear Hiring Manager Name, I love Company Name. Lorem ipsum. XYZ Corp"),
        ["Hiring Manager Name", "Company Name", "Lorem ipsum", "XYZ"]
    );
}

#[test]
fn ordinary_text_has_no_placeholders() {
    for text in [
        "Dear Hiring Manager,",
        "Costs fell 3 < 5 > 2 and [1] was cited.",
        "I work at Acme as a senior engineer.",
        "",
    ] {
        assert!(
            placeholders(text).is_empty(),
            "{text}: {:?}",
            placeholders(text)
        );
    }
}

#[test]
fn removing_placeholders_keeps_the_rest() {
    assert_eq!(without_placeholders("[Company] Acme"), "Acme");
    assert_eq!(without_placeholders("{name}"), "");
    assert_eq!(without_placeholders("Acme <Inc"), "Acme Inc");
}

fn known() -> Known {
    Known {
        companies: vec!["Acme Corp".to_owned(), "Globex".to_owned()],
        titles: vec!["Staff Engineer".to_owned()],
        skills: vec!["Kubernetes".to_owned(), "Go".to_owned()],
    }
}

fn kinds(facts: &[Fact]) -> Vec<(FactKind, &str)> {
    facts.iter().map(|f| (f.kind, f.text.as_str())).collect()
}

#[test]
fn a_faithful_rephrasing_introduces_no_facts() {
    let source = "Responsible for the move to kubernetes at Acme Corp in 2021, cutting costs by 40 percent and saving $1.2M for 5 teams.";
    let rewrite = "Led the Kubernetes migration at Acme Corp in 2021, cutting costs by 40% and saving $1,200,000 for five teams.";
    assert_eq!(kinds(&introduced_facts(source, rewrite, &known())), []);
}

#[test]
fn new_companies_titles_skills_dates_and_figures_are_reported() {
    let source = "Built services at Acme Corp.";
    let rewrite = "As Staff Engineer, built Go services at Globex and Acme Corp from March 2019, serving 2,000 users and 30% more traffic with Terraform.";
    assert_eq!(
        kinds(&introduced_facts(source, rewrite, &known())),
        [
            (FactKind::Title, "Staff Engineer"),
            (FactKind::Skill, "Go"),
            (FactKind::Company, "Globex"),
            (FactKind::Date, "March"),
            (FactKind::Date, "2019"),
            (FactKind::Number, "2,000"),
            (FactKind::Number, "30%"),
            (FactKind::Name, "Terraform"),
        ]
    );
}

#[test]
fn short_skills_match_only_in_their_own_case() {
    let facts = introduced_facts("We ship.", "We go and ship.", &known());
    assert_eq!(kinds(&facts), []);
}

#[test]
fn sentence_openings_and_recased_words_are_no_names() {
    let facts = introduced_facts(
        "managed the kitchen at casa marea",
        "Managed the kitchen at Casa Marea. Oversaw it.",
        &Known::default(),
    );
    assert_eq!(kinds(&facts), []);
}
