//! Measures the ranking against the hand-labelled profile/posting pairs in
//! `tests/data/ranking_set.json`, and fails when it falls below the thresholds.
//!
//! `cargo test -p tailor-matching --test ranking_quality -- --nocapture` prints the top-1
//! accuracy of the tuning pairs and of the held-out pairs, and every pair that misses.
//!
//! Each pair names the experience that must rank first (`best`) and the least relevant item
//! (`least`), which must never be in the top two of experiences and projects together. A
//! third of the pairs are marked `held_out`: they were written with the others, before any
//! weight was chosen, and no weight was tuned on them, so their accuracy says how the ranking
//! does on histories it has not seen.
//!
//! Thresholds: top-1 accuracy >= 0.9 on each part separately; `least` in the top two never.

use serde::Deserialize;
use tailor_matching::{Bullet, Item, Job, Profile, rank};

#[derive(Debug, Deserialize)]
struct Pair {
    id: String,
    occupation: String,
    held_out: bool,
    job: Job,
    profile: LabelledProfile,
    best: String,
    least: String,
}

#[derive(Debug, Deserialize)]
struct LabelledProfile {
    experiences: Vec<LabelledItem>,
    #[serde(default)]
    projects: Vec<LabelledItem>,
    skills: Vec<String>,
}

/// An item as the set writes it: bullets as plain strings, a project's `name` and
/// `technologies`.
#[derive(Debug, Deserialize)]
struct LabelledItem {
    id: String,
    #[serde(alias = "name")]
    title: String,
    #[serde(default)]
    company: String,
    description: String,
    bullets: Vec<String>,
    #[serde(alias = "technologies")]
    skills: Vec<String>,
    months_since_end: Option<u32>,
}

impl LabelledItem {
    fn into_item(self) -> Item {
        let bullets = self
            .bullets
            .into_iter()
            .enumerate()
            .map(|(n, text)| Bullet {
                id: format!("{}#{}", self.id, n + 1),
                text,
            })
            .collect();
        Item {
            id: self.id,
            title: self.title,
            organisation: self.company,
            description: self.description,
            bullets,
            skills: self.skills,
            months_since_end: self.months_since_end,
        }
    }
}

fn pairs() -> Vec<Pair> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ranking_set.json");
    let text = std::fs::read_to_string(path).expect("the ranking set is readable");
    serde_json::from_str(&text).expect("the ranking set is valid")
}

/// The job's keywords, as the posting analyser would give them, when the set lists none.
fn with_keywords(mut job: Job) -> Job {
    if job.keywords.is_empty() {
        let text = [
            job.title.as_str(),
            &job.required.join("\n"),
            &job.preferred.join("\n"),
            &job.responsibilities.join("\n"),
            &job.description,
        ]
        .join("\n");
        job.keywords =
            tailor_skills::rank_for_posting(&text, Some(&job.title), &job.required, &job.preferred);
    }
    job
}

struct Outcome {
    top1: bool,
    least_in_top2: bool,
    line: String,
}

fn evaluate(pair: Pair) -> Outcome {
    let profile = Profile {
        experiences: pair
            .profile
            .experiences
            .into_iter()
            .map(LabelledItem::into_item)
            .collect(),
        projects: pair
            .profile
            .projects
            .into_iter()
            .map(LabelledItem::into_item)
            .collect(),
        skills: pair.profile.skills,
    };
    let ranking = rank(&with_keywords(pair.job), &profile);
    let top1 = ranking
        .experiences
        .first()
        .is_some_and(|e| e.id == pair.best);
    let mut all: Vec<(&str, f64)> = ranking
        .experiences
        .iter()
        .chain(&ranking.projects)
        .map(|r| (r.id.as_str(), r.score))
        .collect();
    // Stable: an experience before a project on a tie, as a reader would list them.
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    let least_in_top2 = all.iter().take(2).any(|(id, _)| *id == pair.least);
    let order: Vec<String> = all.iter().map(|(id, s)| format!("{id} {s:.3}")).collect();
    Outcome {
        top1,
        least_in_top2,
        line: format!(
            "{} ({}): best {}, least {} | {}",
            pair.id,
            pair.occupation,
            pair.best,
            pair.least,
            order.join(", ")
        ),
    }
}

#[test]
fn the_labelled_pairs_rank_their_best_experience_first() {
    let pairs = pairs();
    assert!(pairs.len() >= 24, "{} pairs", pairs.len());
    let held_out = pairs.iter().filter(|p| p.held_out).count();
    assert!(held_out * 3 >= pairs.len(), "{held_out} held-out pairs");

    let mut stats = [(0_usize, 0_usize), (0, 0)];
    let mut least_failures = Vec::new();
    for pair in pairs {
        let part = usize::from(pair.held_out);
        let outcome = evaluate(pair);
        stats[part].1 += 1;
        if outcome.top1 {
            stats[part].0 += 1;
        } else {
            let label = if part == 1 { "held-out" } else { "tuning" };
            println!("miss [{label}] {}", outcome.line);
        }
        if outcome.least_in_top2 {
            least_failures.push(outcome.line);
        }
    }
    let accuracy = |(hits, total): (usize, usize)| hits as f64 / total.max(1) as f64;
    let (tuning, held) = (accuracy(stats[0]), accuracy(stats[1]));
    println!(
        "top-1 accuracy: tuning {tuning:.3} ({}/{}), held-out {held:.3} ({}/{})",
        stats[0].0, stats[0].1, stats[1].0, stats[1].1
    );
    assert!(
        least_failures.is_empty(),
        "least relevant item in the top two:\n{}",
        least_failures.join("\n")
    );
    assert!(tuning >= 0.9, "tuning top-1 accuracy {tuning:.3}");
    assert!(held >= 0.9, "held-out top-1 accuracy {held:.3}");
}
