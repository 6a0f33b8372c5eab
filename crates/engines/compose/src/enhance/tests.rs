//! The enhancer's rules, and that it adds no fact.

use super::*;
use crate::polish::{Known, introduced_facts};

fn enhanced(text: &str, tense: Tense) -> String {
    enhance(text, tense, 1000).text
}

#[test]
fn weak_openings_become_action_verbs() {
    for (before, after) in [
        (
            "Responsible for managing a team of 5.",
            "Managed a team of 5.",
        ),
        (
            "Responsible for the night shift rota.",
            "Oversaw the night shift rota.",
        ),
        (
            "Worked on the billing system.",
            "Contributed to the billing system.",
        ),
        ("Helped with stock control.", "Supported stock control."),
        ("Was involved in hiring.", "Contributed to hiring."),
        (
            "Duties included preparing sauces and training staff.",
            "Prepared sauces and trained staff.",
        ),
    ] {
        assert_eq!(enhanced(before, Tense::Past), after, "{before}");
    }
}

#[test]
fn a_current_role_reads_in_the_present() {
    assert_eq!(
        enhanced("Responsible for leading the ward.", Tense::Present),
        "Lead the ward."
    );
    assert_eq!(
        enhanced("Manages a team of 4. Reduced waste by 10%.", Tense::Present),
        "Manage a team of 4. Reduced waste by 10%."
    );
}

#[test]
fn an_ended_role_reads_in_the_past_where_it_is_safe() {
    assert_eq!(
        enhanced("Manage the pass. Managing a brigade of 9.", Tense::Past),
        "Managed the pass. Managed a brigade of 9."
    );
    // Nouns that look like verbs keep their place.
    for text in [
        "Design of the API.",
        "Training programs for staff.",
        "Tests were added.",
    ] {
        assert_eq!(enhanced(text, Tense::Past), text);
    }
}

#[test]
fn a_kept_tense_changes_no_verb() {
    assert_eq!(
        enhanced("Manage the pass. Working on menus.", Tense::Keep),
        "Manage the pass. Contribute to menus."
    );
}

#[test]
fn filler_is_trimmed_and_layout_normalised() {
    let text = "  Really   improved  the very slow build.\r\n\r\n\r\n- Basically, did it in order to ship\n* shipped it";
    assert_eq!(
        enhanced(text, Tense::Keep),
        "Improved the slow build.\n\n\u{2022} Did it to ship\n\u{2022} shipped it"
    );
}

#[test]
fn the_result_is_cut_at_a_sentence_within_the_limit() {
    let out = enhance(
        "Led the ward. Trained twelve nurses on sedation.",
        Tense::Past,
        30,
    );
    assert_eq!(out.text, "Led the ward.");
    assert!(out.changed);
    let words = enhance(
        "Supervised the complete rebuild of everything",
        Tense::Past,
        20,
    );
    assert_eq!(words.text, "Supervised the");
}

#[test]
fn good_text_is_left_unchanged() {
    let text = "Led a team of 5 engineers at Acme.\n\u{2022} Cut costs by 20%";
    let out = enhance(text, Tense::Past, 500);
    assert_eq!(out.text, text);
    assert!(!out.changed);
}

#[test]
fn the_enhancer_adds_no_fact() {
    let known = Known {
        companies: vec!["Casa Marea".to_owned()],
        titles: vec!["Sous Chef".to_owned()],
        skills: vec!["HACCP".to_owned()],
    };
    for (text, tense) in [
        (
            "Responsible for running a brigade of 9 at Casa Marea. Really reduced waste by 25%.",
            Tense::Past,
        ),
        (
            "Duties included triaging 300 patients a day and monitoring ventilators.",
            Tense::Present,
        ),
        (
            "• worked on HACCP plans in 2019\n• Helped with leveraging synergy across teams",
            Tense::Keep,
        ),
    ] {
        let out = enhance(text, tense, 500);
        assert!(out.changed, "{text}");
        assert_eq!(
            introduced_facts(text, &out.text, &known),
            [],
            "{}",
            out.text
        );
    }
}

#[test]
fn the_tense_of_a_role_follows_its_dates() {
    assert_eq!(Tense::for_role(true, Some("2020-01-01")), Tense::Present);
    assert_eq!(Tense::for_role(false, None), Tense::Present);
    assert_eq!(Tense::for_role(false, Some("2020-01-01")), Tense::Past);
}
