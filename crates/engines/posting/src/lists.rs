//! The lists of a posting: requirements, preferred qualifications, responsibilities and
//! benefits, read from the items under their headings.

use super::sections::{Kind, heading, marks_preferred};
use crate::types::{MAX_ITEM_LEN, MAX_LIST_ITEMS};
use tailor_text::{key, sentences, strip_bullet, truncate_words};

/// The body's sections and lists.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// The section each line is in (`None` outside any section, and for header lines).
    pub kinds: Vec<Option<Kind>>,
    pub requirements: Vec<String>,
    pub preferred: Vec<String>,
    pub responsibilities: Vec<String>,
    pub benefits: Vec<String>,
}

/// A list being filled, without duplicates (compared ignoring case and spacing).
#[derive(Debug, Default)]
struct List {
    items: Vec<String>,
    keys: Vec<String>,
}

impl List {
    /// Whether the item was added.
    fn push(&mut self, item: &str) -> bool {
        if self.items.len() >= MAX_LIST_ITEMS {
            return false;
        }
        let item = clean_item(item);
        if item.is_empty() || !item.chars().any(char::is_alphanumeric) {
            return false;
        }
        let k = key(&item);
        if self.keys.contains(&k) {
            return false;
        }
        self.keys.push(k);
        self.items.push(item);
        true
    }

    /// Appends a wrapped line to the last item.
    fn extend_last(&mut self, line: &str) {
        if let (Some(item), Some(k)) = (self.items.last_mut(), self.keys.last_mut()) {
            let joined = clean_item(&format!("{item} {line}"));
            *k = key(&joined);
            *item = joined;
        }
    }

    fn is_full(&self) -> bool {
        self.items.len() >= MAX_LIST_ITEMS
    }

    fn contains(&self, item: &str) -> bool {
        self.keys.contains(&key(&clean_item(item)))
    }
}

/// An item as stored: without Markdown bold, trailing separators and surrounding quotes,
/// cut to [`MAX_ITEM_LEN`] characters at a word boundary.
fn clean_item(item: &str) -> String {
    let item = item.replace("**", "");
    let item = item
        .trim()
        .trim_end_matches([';', ','])
        .trim_matches(|c: char| c == '"' || c == '“' || c == '”')
        .trim();
    truncate_words(item, MAX_ITEM_LEN).to_owned()
}

/// Reads the lists of `lines`; lines listed in `skip` (the header) are left out.
pub(super) fn read(lines: &[&str], skip: &[usize]) -> Lists {
    let mut kinds = vec![None; lines.len()];
    let mut lists: [List; 4] = Default::default();
    let mut current: Option<Kind> = None;
    let mut section_bullets = false;
    let mut section_items = 0usize;
    let mut prev_blank = false;
    let mut saw_requirement_heading = false;
    // The list that took the last bullet, for a bullet wrapped onto the next line.
    let mut last_slot: Option<usize> = None;
    for (i, &line) in lines.iter().enumerate() {
        if skip.binary_search(&i).is_ok() {
            continue;
        }
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        let found = heading(line);
        let item_of_same_list = found.is_some_and(|h| {
            h.rest.is_some() && current == Some(h.kind) && h.kind.is_list()
                || h.rest.is_none()
                    && current.is_some_and(Kind::is_list)
                    && section_bullets
                    && strip_bullet(line).0
                    // "✅ What we're looking for" after a blank line opens a section even
                    // in a list whose bullets are emoji.
                    && !(prev_blank && crate::sections::is_decorated(line))
        });
        if let Some(h) = found
            && !item_of_same_list
        {
            current = Some(h.kind);
            kinds[i] = current;
            last_slot = None;
            section_bullets = false;
            section_items = 0;
            prev_blank = false;
            if matches!(h.kind, Kind::Requirements | Kind::Preferred) {
                saw_requirement_heading = true;
            }
            if let Some(rest) = h.rest
                && h.kind.is_list()
            {
                for item in split_inline(rest) {
                    add(&mut lists, h.kind, item);
                    section_items += 1;
                }
            }
            continue;
        }
        kinds[i] = current;
        if let Some(kind) = current.filter(|k| k.is_list()) {
            let (bullet, item) = strip_bullet(line);
            if bullet {
                section_bullets = true;
                last_slot = add(&mut lists, kind, item);
                section_items += 1;
            } else if let Some(slot) = last_slot.filter(|_| !prev_blank && continues_item(line)) {
                lists[slot].extend_last(line);
            } else if (section_bullets && (prev_blank || is_sentence(line)))
                || (is_paragraph(line) && section_items > 0)
            {
                // Running text after the list: the section has ended.
                current = None;
                kinds[i] = None;
            } else if !line.ends_with(':') && !is_paragraph(line) {
                last_slot = add(&mut lists, kind, line);
                section_items += 1;
            }
        }
        prev_blank = false;
    }
    if !saw_requirement_heading {
        fallback_requirements(lines, skip, &kinds, &mut lists);
    } else {
        loose_preferred(lines, skip, &kinds, &mut lists);
    }
    let [requirements, preferred, responsibilities, benefits] = lists;
    // A qualification listed in both stays a requirement.
    let preferred_items = preferred
        .items
        .into_iter()
        .filter(|p| !requirements.contains(p))
        .collect();
    Lists {
        kinds,
        requirements: requirements.items,
        preferred: preferred_items,
        responsibilities: responsibilities.items,
        benefits: benefits.items,
    }
}

/// A line that carries on the item before it: it starts in lower case.
fn continues_item(line: &str) -> bool {
    line.starts_with(|c: char| c.is_lowercase())
}

/// A plain sentence of running text ("This role is hybrid: 3 days a week in our office.").
fn is_sentence(line: &str) -> bool {
    line.ends_with(['.', '!']) && tailor_text::word_count(line) > 6
}

/// Adds `item` to the list of `kind`; the slot of the list that took it.
fn add(lists: &mut [List; 4], kind: Kind, item: &str) -> Option<usize> {
    if kind == Kind::Requirements && lists[0].is_full() && lists[1].is_full() {
        return None;
    }
    let slot = match kind {
        Kind::Requirements if marks_preferred(item) => 1,
        Kind::Requirements => 0,
        Kind::Preferred => 1,
        Kind::Responsibilities => 2,
        Kind::Benefits => 3,
        _ => return None,
    };
    lists[slot].push(item).then_some(slot)
}

/// The items of an inline list: "Requirements: Rust; SQL" has two, but "Nice to have:
/// Kotlin, AWS, logistics" is one item (a comma list there reads as one qualification).
fn split_inline(rest: &str) -> Vec<&str> {
    rest.split(';')
        .map(strip_conjunction)
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_conjunction(p: &str) -> &str {
    let p = p.trim();
    p.strip_prefix("and ")
        .or_else(|| p.strip_prefix("or "))
        .unwrap_or(p)
        .trim()
}

/// Running text rather than a list item: long, or several sentences.
fn is_paragraph(line: &str) -> bool {
    line.chars().count() > 350 || sentences(line).len() >= 3
}

/// Phrases that make a line read as a qualification.
const QUALIFICATION_CUES: &[&str] = &[
    "years of experience",
    "years' experience",
    "years’ experience",
    "years experience",
    "years of professional",
    "years of industry",
    "years of hands-on",
    "+ years",
    "+years",
    "+ yrs",
    "yrs",
    "experience with",
    "experience in",
    "experience using",
    "experience building",
    "experience developing",
    "experience working",
    "experience as",
    "hands-on experience",
    "proven experience",
    "proficiency",
    "proficient",
    "knowledge of",
    "familiarity with",
    "familiar with",
    "understanding of",
    "degree in",
    "degree or",
    "bachelor",
    "master's",
    "masters",
    "phd",
    "b.s.",
    "bs/ms",
    "certification",
    "certified",
    "fluent",
    "fluency",
    "expertise in",
    "background in",
    "track record",
    "skills in",
    "ability to",
    "you'll need",
    "you will need",
    "you need",
    "must have",
    "must know",
    "must be",
    "you should have",
    "is required",
    "are required",
    "is essential",
];

/// Words that, with a "nice to have" marker, make a line an optional qualification
/// ("Kubernetes experience is a plus").
const SKILL_WORDS: &[&str] = &[
    "experience",
    "knowledge",
    "familiarity",
    "skills",
    "exposure",
    "background",
    "degree",
    "certification",
    "understanding",
];

/// Without requirement headings: the list items, short lines and sentences of prose
/// (outside duties, benefits and company sections) that read as qualifications.
fn fallback_requirements(
    lines: &[&str],
    skip: &[usize],
    kinds: &[Option<Kind>],
    lists: &mut [List; 4],
) {
    for (i, &line) in lines.iter().enumerate() {
        if line.is_empty() || skip.binary_search(&i).is_ok() {
            continue;
        }
        if matches!(
            kinds[i],
            Some(
                Kind::Responsibilities | Kind::Benefits | Kind::About | Kind::Apply | Kind::Salary
            )
        ) || heading(line).is_some()
        {
            continue;
        }
        let (bullet, item) = strip_bullet(line);
        if bullet {
            if item.chars().count() <= 300 {
                qualification(lists, item);
            }
        } else {
            for sentence in sentences(item) {
                if sentence.chars().count() <= 300 {
                    qualification(lists, sentence);
                }
            }
        }
    }
}

/// Adds `text` as a requirement or preferred qualification when it reads as one.
fn qualification(lists: &mut [List; 4], text: &str) {
    let lower = key(text);
    if QUALIFICATION_CUES
        .iter()
        .any(|cue| tailor_text::contains(&lower, cue))
    {
        add(lists, Kind::Requirements, text);
    } else if marks_preferred(text) && tailor_text::has_any_word(&lower, SKILL_WORDS) {
        add(lists, Kind::Preferred, text);
    }
}

/// Outside the lists: lines that state an optional qualification on their own ("Bonus
/// points for experience with Figma.").
fn loose_preferred(lines: &[&str], skip: &[usize], kinds: &[Option<Kind>], lists: &mut [List; 4]) {
    for (i, &line) in lines.iter().enumerate() {
        if line.is_empty() || skip.binary_search(&i).is_ok() || kinds[i].is_some_and(Kind::is_list)
        {
            continue;
        }
        if matches!(kinds[i], Some(Kind::About | Kind::Benefits | Kind::Apply)) {
            continue;
        }
        for sentence in sentences(line) {
            let lower = key(sentence);
            let opener = [
                "bonus points",
                "bonus if",
                "nice to have",
                "it's a plus",
                "it is a plus",
                "extra points",
                "a plus if",
            ]
            .iter()
            .any(|o| lower.starts_with(o));
            if opener
                && tailor_text::has_any_word(&lower, SKILL_WORDS)
                && sentence.chars().count() <= 300
            {
                add(lists, Kind::Preferred, sentence);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(text: &str) -> Lists {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        read(&lines, &[])
    }

    #[test]
    fn bullets_under_a_requirements_heading_are_requirements() {
        let found = lists(
            "Requirements:\n- 5+ years of Rust\n* Kubernetes\n• SQL\n1. Git\n\nBenefits\n- Health insurance",
        );
        assert_eq!(
            found.requirements,
            ["5+ years of Rust", "Kubernetes", "SQL", "Git"]
        );
        assert_eq!(found.benefits, ["Health insurance"]);
    }

    #[test]
    fn plain_lines_under_a_heading_are_items_too() {
        let found = lists(
            "What you'll need\nStrong Python skills\nExperience with AWS\n\nWhat we offer\nRemote work\nStock options",
        );
        assert_eq!(
            found.requirements,
            ["Strong Python skills", "Experience with AWS"]
        );
        assert_eq!(found.benefits, ["Remote work", "Stock options"]);
    }

    #[test]
    fn preferred_sections_and_marked_items_are_preferred() {
        let found = lists(
            "Requirements\n- Rust\n- Kafka experience is a plus\n- Go (preferred)\n\nNice to have\n- Terraform\n- Rust",
        );
        assert_eq!(found.requirements, ["Rust"]);
        assert_eq!(
            found.preferred,
            ["Kafka experience is a plus", "Go (preferred)", "Terraform"]
        );
    }

    #[test]
    fn an_inline_heading_lists_its_items() {
        let found = lists("Requirements: Python, SQL, and Airflow\nwould be nice: Spark; dbt");
        assert_eq!(found.requirements, ["Python, SQL, and Airflow"]);
        assert_eq!(found.preferred, ["Spark", "dbt"]);
    }

    #[test]
    fn prose_without_headings_yields_its_qualification_sentences() {
        let found = lists(
            "We sell yarn online and answer emails every morning from home, five days a week. \
             You'll need some customer service experience and strong written English. \
             Knitting knowledge is a big plus. We are a friendly team.",
        );
        assert_eq!(
            found.requirements,
            ["You'll need some customer service experience and strong written English."]
        );
        assert_eq!(found.preferred, ["Knitting knowledge is a big plus."]);
    }

    #[test]
    fn a_lone_bonus_line_after_the_lists_is_preferred() {
        let found = lists("Requirements\n- Rust\n\nBonus points for experience with Figma.");
        assert_eq!(found.preferred, ["Bonus points for experience with Figma."]);
    }

    #[test]
    fn a_list_ends_at_the_next_heading_or_at_running_text() {
        let found = lists(
            "Responsibilities\n- Build APIs\n- Review code\n\nWe are an equal opportunity employer and value diversity. We do not discriminate.\n- Not a duty",
        );
        assert_eq!(found.responsibilities, ["Build APIs", "Review code"]);
    }

    #[test]
    fn without_headings_qualification_lines_are_requirements() {
        let found = lists(
            "We build payment systems.\n- 3+ years of experience with Java\n- Bachelor's degree in CS\n- Free lunch\nKnowledge of SQL is a plus",
        );
        assert_eq!(
            found.requirements,
            [
                "3+ years of experience with Java",
                "Bachelor's degree in CS"
            ]
        );
        assert_eq!(found.preferred, ["Knowledge of SQL is a plus"]);
    }

    #[test]
    fn duplicates_and_empty_items_are_dropped_and_lists_are_bounded() {
        let mut text = String::from("Requirements\n- Rust\n- rust\n-  \n- •\n");
        for i in 0..80 {
            text.push_str(&format!("- Skill {i}\n"));
        }
        let found = lists(&text);
        assert_eq!(found.requirements.len(), MAX_LIST_ITEMS);
        assert_eq!(found.requirements[0], "Rust");
        assert_eq!(found.requirements[1], "Skill 0");
    }

    #[test]
    fn a_bullet_wrapped_onto_the_next_line_stays_one_item() {
        let found =
            lists("Requirements\n- 5+ years of experience building\n  distributed systems\n- Go");
        assert_eq!(
            found.requirements,
            ["5+ years of experience building distributed systems", "Go"]
        );
    }

    #[test]
    fn a_sentence_right_after_the_bullets_ends_the_list() {
        let found =
            lists("Nice to have\n- Kafka\nThis role is hybrid: 3 days per week in our office.");
        assert_eq!(found.preferred, ["Kafka"]);
    }

    #[test]
    fn sub_headings_of_the_same_kind_continue_the_list() {
        let found = lists(
            "Requirements\n- Rust\nTechnical skills:\n- Docker\nPreferred Qualifications\n- Go",
        );
        assert_eq!(found.requirements, ["Rust", "Docker"]);
        assert_eq!(found.preferred, ["Go"]);
    }
}
