//! Content words, stems and skills of a text.

use super::*;

fn stems(text: &str) -> Vec<String> {
    content_words(text).into_iter().map(|w| w.stem).collect()
}

#[test]
fn content_words_drop_stop_words_numbers_and_single_letters() {
    assert_eq!(
        stems("5+ years of experience with the grill, a saute station and X"),
        ["grill", "saut", "station"]
    );
}

#[test]
fn inflections_share_a_stem() {
    assert_eq!(stem("managed"), stem("managing"));
    assert_eq!(stem("cooks"), stem("cook"));
    assert_eq!(stem("nurses"), stem("nurse"));
    assert_eq!(stem("plumber"), stem("plumbing"));
    assert_eq!(stem("teachers"), stem("teaching"));
    assert_eq!(stem("letters"), stem("letter"));
    assert_ne!(stem("order"), stem("ordinary"));
}

#[test]
fn title_stems_leave_out_levels() {
    assert_eq!(
        title_stems("Senior Staff Accountant II"),
        [stem("accountant")]
    );
}

#[test]
fn skill_names_resolve_to_canonical_vocabulary_skills() {
    assert_eq!(
        canonical_skill("Postgres").map(|h| h.name),
        Some("postgresql")
    );
    assert_eq!(canonical_skill("K8s").map(|h| h.name), Some("kubernetes"));
    assert_eq!(
        canonical_skill("Knife skills").map(|h| h.name),
        Some("knife skills")
    );
    assert_eq!(canonical_skill("Making friends"), None);
}

#[test]
fn phrases_count_as_whole_words_in_any_case() {
    let key = tailor_text::key("ServSafe certified; servsafe renewed. NotServSafe");
    assert_eq!(count_phrase(&key, "ServSafe"), 2);
    assert_eq!(count_phrase(&key, "  "), 0);
}
