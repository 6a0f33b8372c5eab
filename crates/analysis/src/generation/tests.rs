use chrono::{TimeZone, Utc};
use serde_json::{Map, Value};
use tailor_domain::job::{ApplicationStatus, EmploymentType, JobId, JobSource, JobStatus};
use tailor_domain::profile::{Experience, PersonalInfo, ProfileId, Project, Skills};
use tailor_domain::user::UserId;
use uuid::Uuid;

use super::*;

fn pool() -> BlockingPool {
    BlockingPool::new(2)
}

fn experience(id: &str, title: &str, company: &str, end: Option<&str>, text: &str) -> Experience {
    Experience {
        id: id.into(),
        title: title.into(),
        company: company.into(),
        location: Some("Lyon".into()),
        start_date: "2015-01-01".into(),
        end_date: end.map(Into::into),
        is_current: end.is_none(),
        description: Some(text.into()),
        enhanced_description: None,
        achievements: vec![
            "Ran the grill station for 200 covers a night".into(),
            "Filed the monthly VAT returns".into(),
        ],
    }
}

fn profile() -> Profile {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().unwrap();
    Profile {
        id: ProfileId::from_uuid(Uuid::from_u128(1)),
        user_id: UserId::new(1),
        personal_info: PersonalInfo {
            full_name: "Camille Martin".into(),
            email: "camille@example.com".into(),
            phone: Some("+33 6 00 00 00 00".into()),
            location: Some("Lyon, FR".into()),
            ..PersonalInfo::default()
        },
        professional_summary: Some("Cook with ten years on busy lines.".into()),
        enhanced_professional_summary: None,
        enhancement_metadata: Map::new(),
        skills: Skills {
            technical: vec!["Menu planning".into(), "Bookkeeping".into()],
            soft: vec!["Leadership".into()],
            ..Skills::default()
        },
        experiences: vec![
            experience(
                "acct",
                "Accounts Assistant",
                "Ledger & Co",
                Some("2018-06-30"),
                "Reconciled accounts and prepared invoices.",
            ),
            experience(
                "cook",
                "Line Cook",
                "Brasserie Nord",
                None,
                "Cooked on a busy line, prepped stations and kept food safety logs.",
            ),
        ],
        education: vec![],
        projects: vec![Project {
            id: "popup".into(),
            name: "Pop-up supper club".into(),
            description: "Planned seasonal menus and ran the kitchen for monthly dinners.".into(),
            enhanced_description: None,
            technologies: vec![],
            url: None,
            start_date: Some("2022-01-01".into()),
            end_date: None,
        }],
        custom_fields: Map::new(),
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn job() -> Job {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap();
    Job {
        id: JobId::from_uuid(Uuid::from_u128(2)),
        user_id: UserId::new(1),
        source: JobSource::UserCreated,
        title: "Sous Chef".into(),
        company: Some("Maison Blanche".into()),
        location: None,
        description: Some("Lead the line, plan menus and train cooks in a busy kitchen.".into()),
        raw_text: None,
        source_url: None,
        keywords: vec!["menu planning".into()],
        requirements: vec![
            "3+ years on a busy kitchen line".into(),
            "Food safety certification".into(),
        ],
        preferred_requirements: vec!["Menu planning".into()],
        responsibilities: vec!["Run the pass".into()],
        benefits: vec![],
        salary_range: None,
        salary: None,
        remote: false,
        work_mode: None,
        employment_type: EmploymentType::FullTime,
        seniority: None,
        years_experience: None,
        status: JobStatus::Active,
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

async fn ranking() -> ContentRanking {
    MatchingEngine { pool: pool() }
        .rank(Arc::new(job()), Arc::new(profile()))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_ranking_puts_the_kitchen_first_and_leaves_nothing_out() {
    let ranked = ranking().await;
    assert_eq!(ids(&ranked.experiences), ["cook", "acct"]);
    assert_eq!(ids(&ranked.projects), ["popup"]);
    assert!(!ranked.experiences[0].evidence.is_empty());
    for experience in ["cook", "acct"] {
        let mut bullets = ids(&ranked.bullets[experience]);
        bullets.sort();
        assert_eq!(
            bullets,
            [bullet_id(experience, 0), bullet_id(experience, 1)]
        );
    }
    let mut skills = ids(&ranked.skills);
    skills.sort();
    assert_eq!(skills, ["Bookkeeping", "Leadership", "Menu planning"]);
    assert!(
        ranked
            .experiences
            .iter()
            .all(|i| (0.0..=1.0).contains(&i.score))
    );
    assert_eq!(ranking().await, ranked, "the same input ranks the same");
}

#[tokio::test]
async fn a_resume_cites_only_items_of_the_profile() {
    let composed = ComposeEngine { pool: pool() }
        .resume(
            Arc::new(profile()),
            Arc::new(ranking().await),
            ResumeOptions {
                max_experiences: 1,
                max_projects: 1,
                include_summary: true,
            },
        )
        .await
        .unwrap();
    assert!(composed.text.starts_with("Camille Martin\n"));
    assert!(composed.text.contains("Line Cook | Brasserie Nord"));
    assert!(
        !composed.text.contains("Accounts Assistant"),
        "one experience"
    );
    let structured: Value = serde_json::from_str(&composed.structured).unwrap();
    let mut source_ids = Vec::new();
    collect_source_ids(&structured, &mut source_ids);
    assert!(!source_ids.is_empty());
    let known = [
        "cook", "acct", "popup", "cook#0", "cook#1", "acct#0", "acct#1",
    ];
    for id in &source_ids {
        assert!(known.contains(&id.as_str()), "{id} is not in the profile");
    }
}

fn collect_source_ids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "source_id" {
                    if let Some(id) = v.as_str() {
                        out.push(id.to_owned());
                    }
                } else {
                    collect_source_ids(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_source_ids(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn a_cover_letter_names_the_company_and_keeps_its_paragraph_cap() {
    let composed = ComposeEngine { pool: pool() }
        .cover_letter(
            Arc::new(profile()),
            Arc::new(job()),
            Arc::new(ranking().await),
            None,
            LetterOptions {
                company_name: None,
                hiring_manager_name: Some("Ms Durand".into()),
                max_paragraphs: 3,
            },
        )
        .await
        .unwrap();
    assert!(
        composed.text.starts_with("Dear Ms Durand,"),
        "{}",
        composed.text
    );
    assert!(composed.text.contains("Maison Blanche"));
    assert!(tailor_compose::placeholders(&composed.text).is_empty());
    let structured: Value = serde_json::from_str(&composed.structured).unwrap();
    assert_eq!(structured["metadata"]["company"], "Maison Blanche");
    assert!(
        structured["metadata"]["body_paragraph_count"]
            .as_u64()
            .unwrap()
            <= 3
    );
}

#[tokio::test]
async fn ats_reports_are_bounded_and_name_what_is_missing() {
    let engine = MatchingEngine { pool: pool() };
    let report = engine
        .ats(
            Arc::new(job()),
            Arc::new(profile()),
            DocumentType::Resume,
            "Camille Martin\nPROFESSIONAL EXPERIENCE\nLine Cook".into(),
        )
        .await
        .unwrap();
    assert!((0.0..=100.0).contains(&report.score));
    assert!(report.reachable_score >= report.score);
    assert!(
        report
            .missing_but_in_profile
            .iter()
            .any(|k| k == "menu development"),
        "{report:?}"
    );
    assert!(!report.feedback.is_empty());
}

#[tokio::test]
async fn enhancement_strengthens_weak_openings_and_leaves_good_text_alone() {
    let engine = ComposeEngine { pool: pool() };
    let better = engine
        .enhance(
            "Responsible for ordering stock and training new cooks.".into(),
            TextTense::Ended,
            500,
        )
        .await
        .unwrap()
        .unwrap();
    assert!(!better.starts_with("Responsible for"), "{better}");
    assert!(better.contains("stock"));
    assert_eq!(
        engine
            .enhance("Led a brigade of six.".into(), TextTense::Ended, 500)
            .await
            .unwrap(),
        None
    );
}

#[test]
fn months_are_counted_from_the_month_of_the_date() {
    let now = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert_eq!(months_between("2026-06-30", now), Some(6));
    assert_eq!(months_between("2027-01-01", now), Some(0), "never negative");
    assert_eq!(months_between("June 2020", now), None);
}
