//! Properties that must hold for any input: the ranking keeps every item, bullet and skill
//! exactly once, scores stay in [0, 1], and the same input gives the same output; the ATS
//! score stays in [0, 100], the reachable score is never below it, and every keyword lands in
//! exactly one of matched, missing-but-in-profile and missing.

use std::collections::BTreeSet;

use proptest::prelude::*;
use tailor_matching::{
    Bullet, DocumentKind, Importance, Item, Job, JobKeyword, Profile, Ranking, rank, score_document,
};

/// Words from several trades, skills the vocabulary knows, stop-words and odd tokens.
const WORDS: &[&str] = &[
    "kitchen",
    "line",
    "cook",
    "chef",
    "menu",
    "inventory",
    "nurse",
    "patient",
    "ICU",
    "Python",
    "SQL",
    "Kubernetes",
    "K8s",
    "Postgres",
    "Go",
    "R",
    "C++",
    "teacher",
    "lesson",
    "forklift",
    "warehouse",
    "sales",
    "Salesforce",
    "quota",
    "the",
    "and",
    "of",
    "experience",
    "years",
    "5+",
    "-",
    "•",
    "é",
    "Rust",
    "payroll",
    "ledger",
    "plumbing",
    "leaks",
    "Excel",
    "communication",
];

fn text(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..max_words).prop_map(|w| w.join(" "))
}

fn lines(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(8), 0..max)
}

fn job() -> impl Strategy<Value = Job> {
    (text(4), lines(4), lines(3), lines(3), text(30), lines(5)).prop_map(
        |(title, required, preferred, responsibilities, description, keywords)| Job {
            title,
            required,
            preferred,
            responsibilities,
            description,
            keywords,
        },
    )
}

fn item(id: String) -> impl Strategy<Value = Item> {
    (
        text(3),
        text(2),
        text(20),
        lines(4),
        lines(3),
        prop::option::of(0_u32..400),
    )
        .prop_map(
            move |(title, organisation, description, bullets, skills, months)| Item {
                bullets: bullets
                    .into_iter()
                    .enumerate()
                    .map(|(n, text)| Bullet {
                        id: format!("{id}#{n}"),
                        text,
                    })
                    .collect(),
                id: id.clone(),
                title,
                organisation,
                description,
                skills,
                months_since_end: months,
            },
        )
}

fn items(prefix: &'static str, max: usize) -> impl Strategy<Value = Vec<Item>> {
    (0..max).prop_flat_map(move |n| {
        (0..n)
            .map(|i| item(format!("{prefix}{i}")))
            .collect::<Vec<_>>()
    })
}

fn profile() -> impl Strategy<Value = Profile> {
    (items("e", 6), items("p", 4), lines(8)).prop_map(|(experiences, projects, skills)| Profile {
        experiences,
        projects,
        skills,
    })
}

fn sorted<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.into_iter().collect();
    items.sort();
    items
}

fn check_ranking(profile: &Profile, ranking: &Ranking) -> Result<(), TestCaseError> {
    for (given, ranked) in [
        (&profile.experiences, &ranking.experiences),
        (&profile.projects, &ranking.projects),
    ] {
        prop_assert_eq!(
            sorted(given.iter().map(|i| i.id.as_str())),
            sorted(ranked.iter().map(|r| r.id.as_str()))
        );
        for ranked in ranked {
            let item = given.iter().find(|i| i.id == ranked.id).expect("known id");
            prop_assert_eq!(
                sorted(item.bullets.iter().map(|b| b.id.as_str())),
                sorted(ranked.bullets.iter().map(|b| b.id.as_str()))
            );
            prop_assert!((0.0..=1.0).contains(&ranked.score), "{ranked:?}");
            for bullet in &ranked.bullets {
                prop_assert!((0.0..=1.0).contains(&bullet.score), "{bullet:?}");
            }
            prop_assert!(ranked.bullets.windows(2).all(|w| w[0].score >= w[1].score));
        }
        prop_assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    }
    prop_assert_eq!(
        sorted(profile.skills.iter().map(String::as_str)),
        sorted(ranking.skills.iter().map(|s| s.name.as_str()))
    );
    for skill in &ranking.skills {
        prop_assert!((0.0..=1.0).contains(&skill.score), "{skill:?}");
    }
    Ok(())
}

fn keywords() -> impl Strategy<Value = Vec<JobKeyword>> {
    let importance = prop::sample::select(
        &[
            Importance::Required,
            Importance::Preferred,
            Importance::Other,
        ][..],
    );
    prop::collection::vec((text(2), importance), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(keyword, importance)| JobKeyword {
                keyword,
                importance,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn ranking_keeps_every_item_once_with_scores_in_range(job in job(), profile in profile()) {
        let ranking = rank(&job, &profile);
        check_ranking(&profile, &ranking)?;
        prop_assert_eq!(&ranking, &rank(&job, &profile));
    }

    #[test]
    fn ranking_survives_any_text(title in "\\PC{0,40}", line in "\\PC{0,200}", bullet in "\\PC{0,80}") {
        let job = Job { title: title.clone(), required: vec![line.clone()], description: line.clone(), ..Job::default() };
        let profile = Profile {
            experiences: vec![Item {
                id: "x".to_owned(),
                title,
                description: line,
                bullets: vec![Bullet { id: "x#1".to_owned(), text: bullet }],
                ..Item::default()
            }],
            ..Profile::default()
        };
        check_ranking(&profile, &rank(&job, &profile))?;
    }

    #[test]
    fn ats_scores_stay_in_range_and_partition_the_keywords(
        keywords in keywords(),
        document in text(120),
        profile in text(60),
        resume in any::<bool>(),
    ) {
        let kind = if resume { DocumentKind::Resume } else { DocumentKind::CoverLetter };
        let report = score_document(&keywords, &document, kind, &profile);
        prop_assert!(report.score.is_finite() && (0.0..=100.0).contains(&report.score));
        prop_assert!(report.reachable_score <= 100.0 && report.reachable_score >= report.score);
        let parts: Vec<&String> = report
            .matched
            .iter()
            .chain(&report.missing_but_in_profile)
            .chain(&report.missing)
            .collect();
        let unique: BTreeSet<&String> = parts.iter().copied().collect();
        prop_assert_eq!(unique.len(), parts.len(), "a keyword in two lists: {:?}", report);
        // Every given keyword is accounted for, under the spelling of its first occurrence.
        let given: BTreeSet<String> = keywords
            .iter()
            .map(|k| k.keyword.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
        prop_assert!(unique.iter().all(|k| given.contains(*k)), "{report:?}");
        prop_assert_eq!(report.clone(), score_document(&keywords, &document, kind, &profile));
    }
}

#[test]
fn every_distinct_keyword_is_in_exactly_one_list() {
    let keywords: Vec<JobKeyword> = ["python", "K8s", "kubernetes", "menu costing", "ledger"]
        .into_iter()
        .map(|k| JobKeyword {
            keyword: k.to_owned(),
            importance: Importance::Required,
        })
        .collect();
    let report = score_document(
        &keywords,
        "Python and Kubernetes",
        DocumentKind::Resume,
        "menu costing",
    );
    assert_eq!(report.matched, ["python", "K8s"]);
    assert_eq!(report.missing_but_in_profile, ["menu costing"]);
    assert_eq!(report.missing, ["ledger"]);
}
