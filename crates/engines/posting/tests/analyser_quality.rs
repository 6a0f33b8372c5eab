//! Measures the posting analyser against the hand-labelled postings in
//! `tests/data/labelled_postings.json`, and fails when it falls below the thresholds.
//!
//! `cargo test -p tailor-posting --test analyser_quality -- --nocapture` prints every metric and,
//! per posting, the fields it got wrong, the keywords it missed and the ones it added.
//!
//! Thresholds, and why:
//! * keywords: micro-averaged precision >= 0.90 and recall >= 0.80 over the whole set. A
//!   keyword the posting does not ask for is worse than a missed one (it misleads the resume
//!   tailoring), hence the higher bar on precision.
//! * title, company, salary, remote flag, employment type: >= 0.85 of the postings each. These
//!   are stated facts of a posting; the labelled set deliberately includes hard cases (no
//!   header, a sentence for a first line, figures that are not pay), so a few misses are
//!   expected, but more than about one posting in seven would mean a real weakness.
//! * requirement items: >= 0.80 of the labelled requirement items found verbatim (ignoring
//!   case and spacing) among the analysed requirements or preferred qualifications.
//!
//! Work mode, seniority, location and years of experience are printed too, with looser bars.

use std::collections::BTreeSet;

use serde::Deserialize;
use tailor_posting::{Posting, analyse_posting};

#[derive(Debug, Deserialize)]
struct Labelled {
    id: String,
    text: String,
    expected: Expected,
}

#[derive(Debug, Deserialize)]
struct Expected {
    title: Option<String>,
    company: Option<String>,
    location: Option<String>,
    keywords: Vec<String>,
    requirements: Vec<String>,
    preferred_requirements: Vec<String>,
    salary: Option<Salary>,
    remote: bool,
    work_mode: Option<String>,
    employment_type: Option<String>,
    seniority: Option<String>,
    years_experience: Option<u32>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
struct Salary {
    min: u64,
    max: u64,
    currency: String,
    period: String,
}

fn labelled() -> Vec<Labelled> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/labelled_postings.json"
    );
    let json = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the labelled set {path} cannot be read: {e}"));
    let set: Vec<Labelled> =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path} is not valid: {e}"));
    assert!(!set.is_empty(), "the labelled set is empty");
    set
}

/// Case and spacing do not matter when comparing texts.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(norm) == b.map(norm)
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

#[derive(Debug, Default)]
struct Report {
    postings: usize,
    keyword_hits: usize,
    keyword_found: usize,
    keyword_expected: usize,
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
    fn precision(&self) -> f64 {
        if self.keyword_found == 0 {
            0.0
        } else {
            self.keyword_hits as f64 / self.keyword_found as f64
        }
    }

    fn recall(&self) -> f64 {
        if self.keyword_expected == 0 {
            1.0
        } else {
            self.keyword_hits as f64 / self.keyword_expected as f64
        }
    }

    /// The thresholds each metric must reach: (name, measured, required).
    fn checks(&self) -> Vec<(&'static str, f64, f64)> {
        vec![
            ("keyword precision", self.precision(), 0.90),
            ("keyword recall", self.recall(), 0.80),
            ("title", self.title.rate(), 0.85),
            ("company", self.company.rate(), 0.85),
            ("salary", self.salary.rate(), 0.85),
            ("remote", self.remote.rate(), 0.85),
            ("employment type", self.employment_type.rate(), 0.85),
            ("requirement items", self.requirement_items.rate(), 0.80),
            ("location", self.location.rate(), 0.70),
            ("work mode", self.work_mode.rate(), 0.75),
            ("seniority", self.seniority.rate(), 0.70),
            ("years of experience", self.years.rate(), 0.75),
        ]
    }

    fn failures(&self) -> Vec<String> {
        self.checks()
            .into_iter()
            .filter(|(_, measured, required)| measured < required)
            .map(|(name, measured, required)| format!("{name}: {measured:.3} < {required:.2}"))
            .collect()
    }

    fn print(&self) {
        eprintln!(
            "\n=== posting analyser quality over {} labelled postings ===",
            self.postings
        );
        for note in &self.notes {
            eprintln!("{note}");
        }
        eprintln!(
            "keywords: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
            self.precision(),
            self.keyword_hits,
            self.keyword_found,
            self.recall(),
            self.keyword_hits,
            self.keyword_expected
        );
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
        let expected: BTreeSet<&str> = want.keywords.iter().map(String::as_str).collect();
        let hits = found.intersection(&expected).count();
        report.keyword_hits += hits;
        report.keyword_found += found.len();
        report.keyword_expected += expected.len();
        let missed: Vec<&&str> = expected.difference(&found).collect();
        let extra: Vec<&&str> = found.difference(&expected).collect();
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
            same_text(got.location.as_deref(), want.location.as_deref()),
            format!("{:?}", got.location),
            format!("{:?}", want.location),
        );
        let got_salary = got.salary.as_ref().map(|s| Salary {
            min: s.min,
            max: s.max,
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
fn the_analyser_reads_the_labelled_postings_well_enough() {
    let set = labelled();
    let report = evaluate(&set, analyse_posting);
    report.print();
    let failures = report.failures();
    assert!(failures.is_empty(), "below the thresholds: {failures:?}");
}

#[test]
fn the_quality_check_fails_an_analyser_that_finds_no_keywords() {
    let set = labelled();
    let report = evaluate(&set, |text| Posting {
        keywords: Vec::new(),
        ..analyse_posting(text)
    });
    let failures = report.failures();
    assert!(
        failures.iter().any(|f| f.starts_with("keyword precision"))
            && failures.iter().any(|f| f.starts_with("keyword recall")),
        "{failures:?}"
    );
}

#[test]
fn the_quality_check_fails_an_analyser_that_reads_nothing() {
    let set = labelled();
    let report = evaluate(&set, |text| Posting {
        description: text.to_owned(),
        ..Posting::default()
    });
    let failures = report.failures();
    for metric in ["title", "company", "salary", "requirement items"] {
        assert!(
            failures.iter().any(|f| f.starts_with(metric)),
            "{metric} should fail: {failures:?}"
        );
    }
}

#[test]
fn the_quality_check_fails_an_analyser_that_adds_every_skill_it_can() {
    let set = labelled();
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
            .failures()
            .iter()
            .any(|f| f.starts_with("keyword precision")),
        "{:?}",
        report.failures()
    );
}
