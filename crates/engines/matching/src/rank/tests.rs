//! Ranking behaviour on small hand-made profiles.

use super::*;

fn item(id: &str, title: &str, description: &str, bullets: &[&str], months: Option<u32>) -> Item {
    Item {
        id: id.to_owned(),
        title: title.to_owned(),
        organisation: "Acme".to_owned(),
        description: description.to_owned(),
        bullets: bullets
            .iter()
            .enumerate()
            .map(|(n, text)| Bullet {
                id: format!("{id}#{}", n + 1),
                text: (*text).to_owned(),
            })
            .collect(),
        skills: Vec::new(),
        months_since_end: months,
    }
}

fn sous_chef() -> Job {
    Job {
        title: "Sous Chef".to_owned(),
        required: vec![
            "3+ years on the line in a high-volume kitchen".to_owned(),
            "Food safety certification".to_owned(),
        ],
        responsibilities: vec!["Manage kitchen inventory and ordering".to_owned()],
        description: "Our restaurant serves dinner six nights a week.".to_owned(),
        ..Job::default()
    }
}

fn ids(items: &[RankedItem]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn a_cook_ranks_above_an_accountant_for_a_sous_chef_posting() {
    let profile = Profile {
        experiences: vec![
            item(
                "accountant",
                "Accountant",
                "Prepared ledgers and reconciliations.",
                &["Closed the books every month"],
                Some(0),
            ),
            item(
                "cook",
                "Line Cook",
                "Worked the grill in a busy restaurant kitchen.",
                &[
                    "Kept food safety standards on the line",
                    "Counted inventory",
                ],
                Some(12),
            ),
        ],
        ..Profile::default()
    };
    let ranking = rank(&sous_chef(), &profile);
    assert_eq!(ids(&ranking.experiences), ["cook", "accountant"]);
    let cook = &ranking.experiences[0];
    assert!(cook.score > 0.5, "{cook:?}");
    assert!(
        cook.evidence
            .iter()
            .any(|e| e.starts_with("title \"Line Cook\"")),
        "{cook:?}"
    );
    assert!(
        cook.evidence
            .iter()
            .any(|e| e.contains("Food safety certification")),
        "{cook:?}"
    );
    assert_eq!(cook.bullets[0].id, "cook#1");
}

#[test]
fn a_current_role_beats_an_identical_old_one_but_recency_never_beats_relevance() {
    let same = |id: &str, months| {
        item(
            id,
            "Line Cook",
            "Grill station in a restaurant kitchen.",
            &["Food safety on the line"],
            Some(months),
        )
    };
    let profile = Profile {
        experiences: vec![
            same("old", 120),
            same("current", 0),
            item("cashier", "Cashier", "Ran the register.", &[], Some(0)),
        ],
        ..Profile::default()
    };
    let ranking = rank(&sous_chef(), &profile);
    assert_eq!(ids(&ranking.experiences), ["current", "old", "cashier"]);
}

#[test]
fn vocabulary_skills_and_aliases_count_for_software_jobs() {
    let job = Job {
        title: "Platform Engineer".to_owned(),
        required: vec!["Kubernetes and PostgreSQL in production".to_owned()],
        ..Job::default()
    };
    let mut ops = item(
        "ops",
        "Engineer",
        "Ran K8s clusters and Postgres.",
        &[],
        None,
    );
    ops.skills = vec!["Terraform".to_owned()];
    let web = item("web", "Engineer", "Built landing pages in HTML.", &[], None);
    let ranking = rank(
        &job,
        &Profile {
            experiences: vec![web, ops],
            projects: Vec::new(),
            skills: vec![
                "HTML".to_owned(),
                "Postgres".to_owned(),
                "Cooking".to_owned(),
            ],
        },
    );
    assert_eq!(ids(&ranking.experiences), ["ops", "web"]);
    assert!(
        ranking.experiences[0]
            .evidence
            .contains(&"required skills: kubernetes, postgresql".to_owned()),
        "{:?}",
        ranking.experiences[0]
    );
    let skills: Vec<&str> = ranking.skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skills, ["Postgres", "HTML", "Cooking"]);
    assert_eq!(ranking.skills[0].score, 1.0);
    assert_eq!(ranking.skills[2].score, 0.0);
    let counts: Vec<(&str, usize)> = ranking
        .keyword_matches
        .iter()
        .map(|k| (k.keyword.as_str(), k.count))
        .collect();
    assert_eq!(counts, [("kubernetes", 1), ("postgresql", 2)]);
}

#[test]
fn keywords_outside_the_vocabulary_are_counted_as_words() {
    let job = Job {
        title: "Sous Chef".to_owned(),
        keywords: vec!["ServSafe".to_owned(), "kubernetes".to_owned()],
        ..Job::default()
    };
    let profile = Profile {
        experiences: vec![item(
            "cook",
            "Cook",
            "ServSafe certified. servsafe again",
            &[],
            None,
        )],
        ..Profile::default()
    };
    let counts: Vec<(String, usize)> = rank(&job, &profile)
        .keyword_matches
        .into_iter()
        .map(|k| (k.keyword, k.count))
        .collect();
    // The title's "Chef" is the trade, not the configuration tool ("chef infra").
    assert_eq!(
        counts,
        [("ServSafe".to_owned(), 2), ("kubernetes".to_owned(), 0)]
    );
}

#[test]
fn an_empty_job_or_profile_keeps_every_item_with_a_zero_score() {
    let profile = Profile {
        experiences: vec![
            item("a", "Cook", "", &["x"], None),
            item("b", "", "", &[], None),
        ],
        projects: vec![item("p", "Garden", "", &[], Some(3))],
        skills: vec!["Grill".to_owned()],
    };
    let ranking = rank(&Job::default(), &profile);
    assert_eq!(ids(&ranking.experiences), ["a", "b"]);
    assert_eq!(ids(&ranking.projects), ["p"]);
    assert_eq!(ranking.skills.len(), 1);
    assert!(ranking.experiences.iter().all(|e| e.score == 0.0));
    assert!(ranking.keyword_matches.is_empty());
    let empty = rank(&sous_chef(), &Profile::default());
    assert!(empty.experiences.is_empty() && empty.projects.is_empty() && empty.skills.is_empty());
    assert!(empty.keyword_matches.iter().all(|k| k.count == 0));
}

#[test]
fn ties_keep_input_order() {
    let profile = Profile {
        experiences: vec![
            item("first", "Gardener", "", &[], None),
            item("second", "Gardener", "", &[], None),
        ],
        ..Profile::default()
    };
    assert_eq!(
        ids(&rank(&sous_chef(), &profile).experiences),
        ["first", "second"]
    );
}

#[test]
fn profile_text_joins_every_field() {
    let mut cook = item("c", "Cook", "Grill", &["Line"], None);
    cook.skills = vec!["Knife skills".to_owned()];
    let text = profile_text(&Profile {
        experiences: vec![cook],
        projects: Vec::new(),
        skills: vec!["Baking".to_owned()],
    });
    assert_eq!(text, "Cook\nAcme\nGrill\nLine\nKnife skills\nBaking");
}
