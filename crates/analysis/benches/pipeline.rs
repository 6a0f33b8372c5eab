//! `cargo bench -p tailor-analysis --bench pipeline`: the offline generation pipeline as the
//! service runs it through the ports (on the blocking pool): rank a profile of 10
//! experiences (4 achievements each), 5 projects and 40 skills against a posting, compose
//! a resume and a cover letter, and score both. Budget: under 5 ms in release.

use std::hint::black_box;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Map;
use tailor_analysis::Engines;
use tailor_domain::generation::DocumentType;
use tailor_domain::job::{ApplicationStatus, EmploymentType, Job, JobId, JobSource, JobStatus};
use tailor_domain::ports::{Composer, ContentMatcher, LetterOptions, ResumeOptions};
use tailor_domain::profile::{Experience, PersonalInfo, Profile, ProfileId, Project, Skills};
use tailor_domain::user::UserId;

fn profile() -> Profile {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single().unwrap();
    Profile {
        id: ProfileId::new_random(),
        user_id: UserId::new(1),
        personal_info: PersonalInfo {
            full_name: "Maya Lindqvist".into(),
            email: "maya@example.com".into(),
            phone: Some("+1 512 555 0142".into()),
            location: Some("Austin, TX".into()),
            ..PersonalInfo::default()
        },
        professional_summary: Some("Backend engineer who builds payment systems.".into()),
        enhanced_professional_summary: None,
        enhancement_metadata: Map::new(),
        skills: Skills {
            technical: (0..30).map(|i| format!("Skill {i}")).chain(["Go".into(), "Kafka".into()]).collect(),
            soft: (0..8).map(|i| format!("Soft {i}")).collect(),
            ..Skills::default()
        },
        experiences: (0..10)
            .map(|n| Experience {
                id: format!("exp-{n}"),
                title: format!("Senior Engineer {n}"),
                company: format!("Company {n}"),
                location: Some("Austin, TX".into()),
                start_date: format!("{}-03-01", 2024 - 2 * n),
                end_date: (n > 0).then(|| format!("{}-02-01", 2026 - 2 * n)),
                is_current: n == 0,
                description: Some(format!(
                    "Built the payments platform for {n}0,000 merchants with Go, Kubernetes and \
                     PostgreSQL, working with product and finance teams."
                )),
                enhanced_description: None,
                achievements: (0..4)
                    .map(|a| format!("Reduced settlement latency by {a}{n}% by moving the batch pipeline to Kafka"))
                    .collect(),
            })
            .collect(),
        education: vec![],
        projects: (0..5)
            .map(|n| Project {
                id: format!("proj-{n}"),
                name: format!("Ledger tool {n}"),
                description: "An open-source double-entry ledger in Rust.".into(),
                enhanced_description: None,
                technologies: vec!["Rust".into(), "PostgreSQL".into()],
                url: None,
                start_date: Some("2022-01-01".into()),
                end_date: None,
            })
            .collect(),
        custom_fields: Map::new(),
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn job() -> Job {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).single().unwrap();
    let description = "We move money for millions of merchants. You will design and run \
        services in Go on Kubernetes, own PostgreSQL and Kafka, and mentor engineers. "
        .repeat(12);
    Job {
        id: JobId::new_random(),
        user_id: UserId::new(1),
        source: JobSource::UserCreated,
        title: "Staff Backend Engineer, Payments".into(),
        company: Some("Northwind".into()),
        location: None,
        description: Some(description),
        raw_text: None,
        source_url: None,
        keywords: vec![
            "go".into(),
            "kubernetes".into(),
            "postgresql".into(),
            "kafka".into(),
        ],
        requirements: vec![
            "7+ years building backend services in Go".into(),
            "Production experience with Kubernetes and PostgreSQL".into(),
            "Event streaming with Kafka".into(),
        ],
        preferred_requirements: vec!["Payments or fintech background".into()],
        responsibilities: vec!["Mentor engineers".into()],
        benefits: vec![],
        salary_range: None,
        salary: None,
        remote: true,
        work_mode: None,
        employment_type: EmploymentType::FullTime,
        seniority: None,
        years_experience: Some(7),
        status: JobStatus::Active,
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

fn pipeline(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let engines = Engines::load(2).unwrap();
    let (profile, job) = (Arc::new(profile()), Arc::new(job()));
    c.bench_function(
        "offline pipeline: rank, resume, letter, two ATS reports",
        |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let ranking = Arc::new(
                        engines
                            .matching
                            .rank(job.clone(), profile.clone())
                            .await
                            .unwrap(),
                    );
                    let resume = engines
                        .composer
                        .resume(
                            profile.clone(),
                            ranking.clone(),
                            ResumeOptions {
                                max_experiences: 5,
                                max_projects: 3,
                                include_summary: true,
                            },
                        )
                        .await
                        .unwrap();
                    let letter = engines
                        .composer
                        .cover_letter(
                            profile.clone(),
                            job.clone(),
                            ranking,
                            None,
                            LetterOptions {
                                company_name: None,
                                hiring_manager_name: None,
                                max_paragraphs: 4,
                            },
                        )
                        .await
                        .unwrap();
                    for (kind, text) in [
                        (DocumentType::Resume, resume.text),
                        (DocumentType::CoverLetter, letter.text),
                    ] {
                        black_box(
                            engines
                                .matching
                                .ats(job.clone(), profile.clone(), kind, text)
                                .await
                                .unwrap(),
                        );
                    }
                });
            });
        },
    );
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
