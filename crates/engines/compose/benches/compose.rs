//! `cargo bench -p tailor-compose --bench compose`: the time to compose a resume and a cover
//! letter for a profile of 10 experiences (4 achievements each), 4 projects and 2 degrees.
//! Budget: well under 2 ms for both, in release.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tailor_compose::*;

fn profile() -> Profile {
    let experiences = (0..10)
        .map(|n| Experience {
            id: format!("exp-{n}"),
            title: format!("Senior Engineer {n}"),
            company: format!("Company Number {n} Ltd"),
            location: Some("Austin, TX".to_owned()),
            start_date: format!("{}-03-01", 2024 - 2 * n),
            end_date: (n > 0).then(|| format!("{}-02-01", 2026 - 2 * n)),
            is_current: n == 0,
            description: Some(format!(
                "Responsible for building the payments platform for {n}0,000 merchants with Go, \
                 Kubernetes and PostgreSQL. Worked closely with product and finance teams."
            )),
            enhanced_description: None,
            achievements: (0..4)
                .map(|a| {
                    format!(
                        "Reduced settlement latency by {a}{n}% by rewriting the batch pipeline in \
                         Go and moving it to Kafka streams"
                    )
                })
                .collect(),
        })
        .collect();
    Profile {
        personal: PersonalInfo {
            full_name: "Maya Lindqvist".to_owned(),
            email: "maya@example.com".to_owned(),
            phone: Some("+1 512 555 0142".to_owned()),
            location: Some("Austin, TX".to_owned()),
            ..PersonalInfo::default()
        },
        summary: Some(
            "Backend engineer with twenty years of experience building payment systems.".into(),
        ),
        experiences,
        projects: (0..4)
            .map(|n| Project {
                id: format!("proj-{n}"),
                name: format!("project-{n}"),
                description: "An open-source ledger library for Go.".to_owned(),
                technologies: vec!["Go".to_owned(), "PostgreSQL".to_owned()],
                ..Project::default()
            })
            .collect(),
        education: (0..2)
            .map(|n| Education {
                id: format!("edu-{n}"),
                institution: "University of Texas".to_owned(),
                degree: "BSc".to_owned(),
                field_of_study: "Computer Science".to_owned(),
                start_date: "2001-09-01".to_owned(),
                end_date: Some("2005-06-01".to_owned()),
                gpa: Some(3.7),
                honors: vec![],
            })
            .collect(),
        skills: Skills {
            technical: [
                "Go",
                "Kubernetes",
                "PostgreSQL",
                "Kafka",
                "AWS",
                "Terraform",
                "Python",
            ]
            .map(String::from)
            .to_vec(),
            soft: vec!["Mentoring".to_owned()],
            ..Skills::default()
        },
        ..Profile::default()
    }
}

fn bench(c: &mut Criterion) {
    let profile = profile();
    let selection = ResumeSelection {
        experience_ids: (0..10).map(|n| format!("exp-{n}")).collect(),
        project_ids: (0..4).map(|n| format!("proj-{n}")).collect(),
        bullet_ids: (0..10)
            .map(|n| {
                let id = format!("exp-{n}");
                let bullets = (0..4).rev().map(|a| bullet_id(&id, a)).collect();
                (id, bullets)
            })
            .collect::<BTreeMap<_, _>>(),
        skills: vec!["Kubernetes".to_owned(), "Go".to_owned()],
    };
    let options = ResumeOptions {
        max_experiences: 10,
        max_projects: 4,
        pages: PageBudget::One,
        today: Some("2026-01-15".to_owned()),
        ..ResumeOptions::default()
    };
    let job = Job {
        title: "Staff Platform Engineer".to_owned(),
        company: "Lumen Freight".to_owned(),
        requirements: vec!["Kubernetes".to_owned(), "Go".to_owned(), "Kafka".to_owned()],
        keywords: vec![
            "kubernetes".to_owned(),
            "go".to_owned(),
            "postgresql".to_owned(),
        ],
    };
    let evidence: Vec<Evidence> = ["exp-0", "exp-1", "exp-2", "proj-0"]
        .iter()
        .map(|id| Evidence {
            source_id: (*id).to_owned(),
            matched: vec![],
        })
        .collect();
    let style = StyleHints::default();
    let letter_options = LetterOptions {
        max_paragraphs: 6,
        ..LetterOptions::default()
    };

    c.bench_function("resume and letter, 10 experiences", |b| {
        b.iter(|| {
            let resume = compose_resume(black_box(&profile), &selection, &options);
            let letter = compose_letter(
                black_box(&profile),
                &job,
                &evidence,
                &style,
                &letter_options,
            );
            (resume, letter)
        })
    });
    c.bench_function("letter, 10 experiences", |b| {
        b.iter(|| {
            compose_letter(
                black_box(&profile),
                &job,
                &evidence,
                &style,
                &letter_options,
            )
        })
    });
    c.bench_function("resume, 10 experiences, one page", |b| {
        b.iter(|| compose_resume(black_box(&profile), &selection, &options))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
