//! Measures the posting analyser against hand-labelled postings and fails when it falls below
//! the thresholds. Two sets:
//!
//! * `tests/data/labelled_postings.json`, the **tuning** set: the analyser's rules and
//!   vocabulary were adjusted while reading its results.
//! * `tests/data/heldout_postings.json`, the **held-out** set: written and labelled apart
//!   from the analyser and never used to tune it. Its figures say how the analyser does on
//!   postings it has not seen; `docs/analyser.md` records both.
//!
//! `cargo test -p tailor-posting --test analyser_quality -- --nocapture` prints every metric
//! and, per posting, the fields it got wrong, the keywords it missed and the ones it added.
//!
//! How keywords are compared: a label is resolved through the vocabulary's look-up of names
//! and aliases ("K8s" is `kubernetes`), so a label counts as found when the analyser reports
//! that skill. Recall is over `keywords`; precision is *lenient*: a reported keyword is right
//! when it is in `keywords` or in `acceptable_keywords` (skills the posting names that are
//! fair to report, such as "communication", but that a resume need not lead with).
//! Postings carry a `family`; "software" postings are measured apart from all the others.
//!
//! Texts are compared ignoring case, spacing and punctuation ("Registered Nurse – ICU" is
//! "Registered Nurse - ICU"). Locations compare as places: "Remote (Canada)" is "Canada",
//! "Remote" alone names no place, and the city decides ("Hamburg, Germany" is "Hamburg").
//!
//! The newer postings (ids `v3…` in the tuning set, `v4…` held out) were labelled to one
//! rule: every keyword is written in the posting (inflection, "&" and word order may
//! differ), as an applicant-tracking system would look for it. The older ones also name
//! skills the posting only paraphrases.

use std::collections::BTreeSet;

use serde::Deserialize;
use tailor_posting::{Money, Posting, analyse_posting};

#[derive(Debug, Deserialize)]
struct Labelled {
    id: String,
    family: String,
    text: String,
    expected: Expected,
}

#[derive(Debug, Deserialize)]
struct Expected {
    title: Option<String>,
    company: Option<String>,
    location: Option<String>,
    keywords: Vec<String>,
    #[serde(default)]
    acceptable_keywords: Vec<String>,
    requirements: Vec<String>,
    preferred_requirements: Vec<String>,
    salary: Option<Salary>,
    remote: bool,
    work_mode: Option<String>,
    employment_type: Option<String>,
    seniority: Option<String>,
    years_experience: Option<u32>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Salary {
    min: Option<f64>,
    max: Option<f64>,
    currency: String,
    period: String,
}

fn load(file: &str) -> Vec<Labelled> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the labelled set {path} cannot be read: {e}"));
    let set: Vec<Labelled> =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path} is not valid: {e}"));
    assert!(!set.is_empty(), "the labelled set {path} is empty");
    set
}

fn tuning() -> Vec<Labelled> {
    load("labelled_postings.json")
}

fn held_out() -> Vec<Labelled> {
    load("heldout_postings.json")
}

/// Case and spacing do not matter when comparing items.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Letters and digits only, lower case: "Registered Nurse – ICU" and "registered nurse - icu"
/// are the same text.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(letters) == b.map(letters)
}

/// Locations compare as places: the work mode is the `remote` field's business, so
/// "Remote (Canada)" is "Canada" and "Remote" alone names no place; and the city decides,
/// so "Hamburg, Germany", "Hamburg" and "Brisbane QLD", "Brisbane" are the same place.
fn same_place(a: Option<&str>, b: Option<&str>) -> bool {
    fn place(location: &str) -> Option<String> {
        let mut text = location.trim();
        for prefix in ["100% remote", "fully remote", "remote"] {
            if text
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
            {
                text = text[prefix.len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
                break;
            }
        }
        let text = text.trim_end_matches(|c: char| !c.is_alphanumeric());
        (!text.is_empty()).then(|| text.to_owned())
    }
    /// The first piece, without a trailing region code or district ("Brisbane QLD" is
    /// "Brisbane", "Dublin 2" is "Dublin").
    fn city(place: &str) -> String {
        let first = place.split(',').next().unwrap_or(place).trim();
        let first = match first.rsplit_once(' ') {
            Some((head, code))
                if (2..=3).contains(&code.len())
                    && code.chars().all(|c| c.is_ascii_uppercase())
                    || (1..=2).contains(&code.len())
                        && code.chars().all(|c| c.is_ascii_digit()) =>
            {
                head
            }
            _ => first,
        };
        letters(first)
    }
    match (a.and_then(place), b.and_then(place)) {
        (None, None) => true,
        (Some(a), Some(b)) => letters(&a) == letters(&b) || city(&a) == city(&b),
        _ => false,
    }
}

/// A label as the vocabulary names it.
fn resolve(label: &str) -> String {
    let label = label.trim();
    tailor_skills::vocabulary()
        .canonical(label)
        .map_or_else(|| label.to_lowercase(), str::to_owned)
}

/// One metric: how many postings (or items) were right out of how many.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    right: usize,
    total: usize,
}

impl Score {
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }

    fn rate(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Keyword counts of a group of postings.
#[derive(Debug, Default, Clone, Copy)]
struct Keywords {
    /// Expected keywords found.
    hits: usize,
    /// Reported keywords that are expected or acceptable.
    right: usize,
    found: usize,
    expected: usize,
}

impl Keywords {
    fn precision(self) -> f64 {
        if self.found == 0 {
            0.0
        } else {
            self.right as f64 / self.found as f64
        }
    }

    fn recall(self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.hits as f64 / self.expected as f64
        }
    }
}

#[derive(Debug, Default)]
struct Report {
    postings: usize,
    software: Keywords,
    other: Keywords,
    title: Score,
    company: Score,
    location: Score,
    salary: Score,
    remote: Score,
    work_mode: Score,
    employment_type: Score,
    seniority: Score,
    years: Score,
    requirement_items: Score,
    preferred_items: Score,
    /// Per posting: what it got wrong.
    notes: Vec<String>,
}

impl Report {
    fn all(&self) -> Keywords {
        Keywords {
            hits: self.software.hits + self.other.hits,
            right: self.software.right + self.other.right,
            found: self.software.found + self.other.found,
            expected: self.software.expected + self.other.expected,
        }
    }

    fn failures(&self, checks: &[(&'static str, f64, f64)]) -> Vec<String> {
        checks
            .iter()
            .filter(|(_, measured, required)| measured < required)
            .map(|(name, measured, required)| format!("{name}: {measured:.3} < {required:.3}"))
            .collect()
    }

    /// The bars of the tuning set: (name, measured, required).
    fn tuning_checks(&self) -> Vec<(&'static str, f64, f64)> {
        vec![
            // Terms read outside the vocabulary (codes, names in lists) trade a little
            // precision for recall; see docs/analyser.md.
            ("keyword precision", self.all().precision(), 0.84),
            ("keyword recall", self.all().recall(), 0.85),
            ("other trades keyword recall", self.other.recall(), 0.80),
            ("title", self.title.rate(), 0.90),
            ("company", self.company.rate(), 0.90),
            ("salary", self.salary.rate(), 0.90),
            ("remote", self.remote.rate(), 0.95),
            ("employment type", self.employment_type.rate(), 0.90),
            ("requirement items", self.requirement_items.rate(), 0.80),
            ("location", self.location.rate(), 0.80),
            ("work mode", self.work_mode.rate(), 0.80),
            // Labellers differ on a level the posting does not state (some infer it from the
            // years asked for), so this bar is low.
            ("seniority", self.seniority.rate(), 0.60),
            ("years of experience", self.years.rate(), 0.80),
        ]
    }

    /// The bars of the held-out set: a guard against regressions, set just under what the
    /// analyser measured when the set was first run (docs/analyser.md). The targets the
    /// analyser is working towards are higher; see [`HELD_OUT_TARGETS`].
    fn held_out_checks(&self) -> Vec<(&'static str, f64, f64)> {
        vec![
            ("other trades keyword recall", self.other.recall(), 0.47),
            (
                "other trades keyword precision",
                self.other.precision(),
                0.71,
            ),
            ("software keyword recall", self.software.recall(), 0.63),
            ("title", self.title.rate(), 0.80),
            ("company", self.company.rate(), 0.76),
            ("location", self.location.rate(), 0.80),
            ("employment type", self.employment_type.rate(), 0.97),
            ("remote", self.remote.rate(), 0.97),
        ]
    }

    fn print(&self, name: &str) {
        eprintln!(
            "\n=== posting analyser quality over the {name} set: {} postings ===",
            self.postings
        );
        for note in &self.notes {
            eprintln!("{note}");
        }
        for (group, k) in [
            ("software", self.software),
            ("other trades", self.other),
            ("all", self.all()),
        ] {
            eprintln!(
                "keywords, {group}: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
                k.precision(),
                k.right,
                k.found,
                k.recall(),
                k.hits,
                k.expected
            );
        }
        for (name, score) in [
            ("title", self.title),
            ("company", self.company),
            ("location", self.location),
            ("salary", self.salary),
            ("remote", self.remote),
            ("work mode", self.work_mode),
            ("employment type", self.employment_type),
            ("seniority", self.seniority),
            ("years of experience", self.years),
            ("requirement items", self.requirement_items),
            ("preferred items", self.preferred_items),
        ] {
            eprintln!(
                "{name}: {:.3} ({}/{})",
                score.rate(),
                score.right,
                score.total
            );
        }
    }
}

/// The goals for the held-out set (other-trade keyword recall and precision, software recall,
/// title, company, location, employment type, remote). Not reached yet: printed, not asserted.
const HELD_OUT_TARGETS: &[(&str, f64)] = &[
    ("other trades keyword recall", 0.75),
    ("other trades keyword precision", 0.85),
    ("software keyword recall", 0.90),
    ("title", 15.0 / 16.0),
    ("company", 15.0 / 16.0),
    ("location", 14.0 / 16.0),
    ("employment type", 1.0),
    ("remote", 1.0),
];

fn money(m: Option<Money>) -> Option<f64> {
    m.map(Money::to_f64)
}

fn evaluate(set: &[Labelled], analyse: impl Fn(&str) -> Posting) -> Report {
    let mut report = Report {
        postings: set.len(),
        ..Report::default()
    };
    for posting in set {
        let got = analyse(&posting.text);
        let want = &posting.expected;
        let mut wrong: Vec<String> = Vec::new();

        let found: BTreeSet<&str> = got.keywords.iter().map(String::as_str).collect();
        let expected: BTreeSet<String> = want.keywords.iter().map(|k| resolve(k)).collect();
        let acceptable: BTreeSet<String> = want
            .acceptable_keywords
            .iter()
            .map(|k| resolve(k))
            .collect();
        let hits = expected
            .iter()
            .filter(|k| found.contains(k.as_str()))
            .count();
        let right = found
            .iter()
            .filter(|k| expected.contains(**k) || acceptable.contains(**k))
            .count();
        let group = if posting.family == "software" {
            &mut report.software
        } else {
            &mut report.other
        };
        group.hits += hits;
        group.right += right;
        group.found += found.len();
        group.expected += expected.len();
        let missed: Vec<&String> = expected
            .iter()
            .filter(|k| !found.contains(k.as_str()))
            .collect();
        let extra: Vec<&&str> = found
            .iter()
            .filter(|k| !expected.contains(**k) && !acceptable.contains(**k))
            .collect();
        if !missed.is_empty() {
            wrong.push(format!("keywords missed {missed:?}"));
        }
        if !extra.is_empty() {
            wrong.push(format!("keywords extra {extra:?}"));
        }

        let mut field = |score: &mut Score, name: &str, right: bool, got: String, want: String| {
            score.add(right);
            if !right {
                wrong.push(format!("{name}: got {got}, want {want}"));
            }
        };
        field(
            &mut report.title,
            "title",
            same_text(got.title.as_deref(), want.title.as_deref()),
            format!("{:?}", got.title),
            format!("{:?}", want.title),
        );
        field(
            &mut report.company,
            "company",
            same_text(got.company.as_deref(), want.company.as_deref()),
            format!("{:?}", got.company),
            format!("{:?}", want.company),
        );
        field(
            &mut report.location,
            "location",
            same_place(got.location.as_deref(), want.location.as_deref()),
            format!("{:?}", got.location),
            format!("{:?}", want.location),
        );
        let got_salary = got.salary.as_ref().map(|s| Salary {
            min: money(s.min),
            max: money(s.max),
            currency: s.currency.clone(),
            period: s.period.as_str().to_owned(),
        });
        field(
            &mut report.salary,
            "salary",
            got_salary == want.salary,
            format!("{got_salary:?}"),
            format!("{:?}", want.salary),
        );
        field(
            &mut report.remote,
            "remote",
            got.remote() == want.remote,
            got.remote().to_string(),
            want.remote.to_string(),
        );
        let got_mode = got.work_mode.map(|m| m.as_str().to_owned());
        field(
            &mut report.work_mode,
            "work mode",
            got_mode == want.work_mode,
            format!("{got_mode:?}"),
            format!("{:?}", want.work_mode),
        );
        let got_type = got.employment_type.map(|t| t.as_str().to_owned());
        field(
            &mut report.employment_type,
            "employment type",
            got_type == want.employment_type,
            format!("{got_type:?}"),
            format!("{:?}", want.employment_type),
        );
        let got_level = got.seniority.map(|s| s.as_str().to_owned());
        field(
            &mut report.seniority,
            "seniority",
            got_level == want.seniority,
            format!("{got_level:?}"),
            format!("{:?}", want.seniority),
        );
        field(
            &mut report.years,
            "years",
            got.years_experience == want.years_experience,
            format!("{:?}", got.years_experience),
            format!("{:?}", want.years_experience),
        );

        let analysed: BTreeSet<String> = got
            .requirements
            .iter()
            .chain(&got.preferred_requirements)
            .map(|item| norm(item))
            .collect();
        for (score, name, items) in [
            (
                &mut report.requirement_items,
                "requirement",
                &want.requirements,
            ),
            (
                &mut report.preferred_items,
                "preferred item",
                &want.preferred_requirements,
            ),
        ] {
            for item in items {
                let found = analysed.contains(&norm(item));
                score.add(found);
                if !found {
                    wrong.push(format!("{name} not found: {item:?}"));
                }
            }
        }

        if !wrong.is_empty() {
            report
                .notes
                .push(format!("--- {}\n    {}", posting.id, wrong.join("\n    ")));
        }
    }
    report
}

#[test]
fn the_analyser_reads_the_tuning_set_well_enough() {
    let report = evaluate(&tuning(), analyse_posting);
    report.print("tuning");
    let failures = report.failures(&report.tuning_checks());
    assert!(failures.is_empty(), "below the thresholds: {failures:?}");
}

#[test]
fn the_analyser_reads_the_held_out_set_well_enough() {
    let report = evaluate(&held_out(), analyse_posting);
    report.print("held-out");
    let checks = report.held_out_checks();
    for (name, goal) in HELD_OUT_TARGETS {
        if let Some((_, measured, _)) = checks.iter().find(|(n, _, _)| n == name) {
            let state = if measured >= goal {
                "reached"
            } else {
                "not reached"
            };
            eprintln!("goal {name}: {measured:.3} against {goal:.3}, {state}");
        }
    }
    let failures = report.failures(&report.held_out_checks());
    assert!(failures.is_empty(), "below the thresholds: {failures:?}");
}

#[test]
fn the_sets_are_large_and_varied_enough() {
    let tuning = tuning();
    let held_out = held_out();
    let total = tuning.len() + held_out.len();
    assert!(total >= 60, "{total} postings");
    assert!(
        3 * held_out.len() >= total,
        "{} held out of {total}",
        held_out.len()
    );
    let other = tuning
        .iter()
        .chain(&held_out)
        .filter(|p| p.family != "software")
        .count();
    assert!(
        3 * other >= 2 * total,
        "{other} of {total} outside software"
    );
    let mut ids = BTreeSet::new();
    for posting in tuning.iter().chain(&held_out) {
        assert!(ids.insert(posting.id.as_str()), "{} twice", posting.id);
    }
}

#[test]
fn the_quality_check_fails_an_analyser_that_finds_no_keywords() {
    let set = tuning();
    let report = evaluate(&set, |text| Posting {
        keywords: Vec::new(),
        ..analyse_posting(text)
    });
    let failures = report.failures(&report.tuning_checks());
    assert!(
        failures.iter().any(|f| f.starts_with("keyword precision"))
            && failures.iter().any(|f| f.starts_with("keyword recall")),
        "{failures:?}"
    );
}

#[test]
fn the_quality_check_fails_an_analyser_that_reads_nothing() {
    let set = held_out();
    let report = evaluate(&set, |text| Posting {
        description: text.to_owned(),
        ..Posting::default()
    });
    let failures = report.failures(&report.held_out_checks());
    for metric in [
        "title",
        "company",
        "location",
        "other trades keyword recall",
    ] {
        assert!(
            failures.iter().any(|f| f.starts_with(metric)),
            "{metric} should fail: {failures:?}"
        );
    }
}

#[test]
fn the_quality_check_fails_an_analyser_that_adds_every_skill_it_can() {
    let set = tuning();
    let everything: Vec<String> = tailor_skills::vocabulary()
        .skills()
        .iter()
        .take(100)
        .map(|s| s.name.clone())
        .collect();
    let report = evaluate(&set, |text| {
        let mut posting = analyse_posting(text);
        for name in &everything {
            if !posting.keywords.contains(name) {
                posting.keywords.push(name.clone());
            }
        }
        posting
    });
    assert!(
        report
            .failures(&report.tuning_checks())
            .iter()
            .any(|f| f.starts_with("keyword precision")),
        "{:?}",
        report.failures(&report.tuning_checks())
    );
}
