//! `cargo bench -p tailor-matching --bench matching`: the time to rank a profile of ten
//! experiences, five projects and forty skills against a posting of 3,000 characters, and to
//! score the ATS report of a 600-word resume. Budget: both together well under 5 ms in
//! release.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tailor_matching::{
    Bullet, DocumentKind, Item, Job, Profile, job_keywords, profile_text, rank, score_document,
};

const DESCRIPTION: &str = "Northwind Health is hiring a Senior Data Analyst to join our \
    analytics team. You will turn claims, clinical and operational data into clear reports \
    and dashboards that help care teams, finance and operations leaders make decisions. We \
    are a hybrid team of twelve analysts and engineers, working closely with nurses, \
    physicians and product managers. Our stack is SQL on Snowflake, dbt for modelling, \
    Tableau and Power BI for reporting, and Python for everything in between. We value \
    curiosity, clear written communication and a bias for action. Benefits include health, \
    dental and vision insurance, a 401(k) with a 4% match, and a yearly learning budget. \
    Northwind Health is an equal opportunity employer and values diversity. ";

fn job() -> Job {
    let mut job = Job {
        title: "Senior Data Analyst".to_owned(),
        required: vec![
            "4+ years of experience analysing data with SQL".to_owned(),
            "Experience building dashboards in Tableau or Power BI".to_owned(),
            "Strong Excel skills, including pivot tables".to_owned(),
            "Experience with Python or R for data cleaning".to_owned(),
            "Clear written and verbal communication".to_owned(),
        ],
        preferred: vec![
            "Healthcare or clinical data experience".to_owned(),
            "Familiarity with dbt and Snowflake".to_owned(),
            "Experience with A/B testing and statistics".to_owned(),
        ],
        responsibilities: vec![
            "Build and maintain weekly reporting dashboards for operations leaders".to_owned(),
            "Analyse claims and patient outcome data to find trends".to_owned(),
            "Present findings to non-technical stakeholders".to_owned(),
            "Partner with data engineers on data quality".to_owned(),
        ],
        description: String::new(),
        keywords: Vec::new(),
    };
    let rest: usize = [job.title.len()]
        .into_iter()
        .chain(job.required.iter().map(String::len))
        .chain(job.preferred.iter().map(String::len))
        .chain(job.responsibilities.iter().map(String::len))
        .sum();
    // The description fills the posting up to 3,000 characters (ASCII, so bytes).
    job.description = DESCRIPTION.chars().cycle().take(3_000 - rest).collect();
    let chars: usize = [job.title.len(), job.description.len()]
        .into_iter()
        .chain(job.required.iter().map(String::len))
        .chain(job.preferred.iter().map(String::len))
        .chain(job.responsibilities.iter().map(String::len))
        .sum();
    assert_eq!(chars, 3_000, "characters");
    let text = format!(
        "{}\n{}\n{}\n{}\n{}",
        job.title,
        job.required.join("\n"),
        job.preferred.join("\n"),
        job.responsibilities.join("\n"),
        job.description
    );
    Job {
        keywords: tailor_skills::rank_for_posting(
            &text,
            Some(&job.title),
            &job.required,
            &job.preferred,
        ),
        ..job
    }
}

const ROLES: [(&str, &str); 10] = [
    (
        "Clinical Data Analyst",
        "Analysed readmission data with SQL and Tableau.",
    ),
    (
        "Registered Nurse",
        "Cared for post-operative patients on a surgical unit.",
    ),
    (
        "Reporting Analyst",
        "Built Power BI reports for the finance team.",
    ),
    (
        "Charge Nurse",
        "Led shifts and made patient assignments in the ICU.",
    ),
    ("Data Intern", "Cleaned survey data in Python and Excel."),
    ("Barista", "Made espresso drinks during the morning rush."),
    (
        "Research Assistant",
        "Ran statistics in R for a public health study.",
    ),
    (
        "Operations Coordinator",
        "Scheduled staff and tracked supplies.",
    ),
    (
        "Quality Improvement Analyst",
        "Measured falls and infections across units.",
    ),
    (
        "Pharmacy Technician",
        "Filled prescriptions and managed inventory.",
    ),
];

fn item(id: String, title: &str, description: &str, months: u32) -> Item {
    let bullets = (1..=4)
        .map(|n| Bullet {
            id: format!("{id}#{n}"),
            text: format!(
                "{description} Delivered {n} weekly reports with SQL, Excel pivot tables and \
                 dashboards for {n}0 stakeholders, improving data quality."
            ),
        })
        .collect();
    Item {
        id,
        title: title.to_owned(),
        organisation: "Riverside Health".to_owned(),
        description: description.to_owned(),
        bullets,
        skills: vec!["SQL".to_owned(), "Excel".to_owned(), "Tableau".to_owned()],
        months_since_end: Some(months),
    }
}

fn profile() -> Profile {
    let experiences = ROLES
        .iter()
        .enumerate()
        .map(|(i, (title, description))| item(format!("e{i}"), title, description, 12 * i as u32))
        .collect();
    let projects = (0..5)
        .map(|i| {
            item(
                format!("p{i}"),
                "Readmission dashboard",
                "A Tableau dashboard of readmissions by unit, fed by a Python job.",
                6 * i,
            )
        })
        .collect();
    let skills = [
        "SQL",
        "Tableau",
        "Power BI",
        "Excel",
        "Python",
        "R",
        "dbt",
        "Snowflake",
        "Statistics",
        "A/B testing",
        "Pivot tables",
        "Data visualization",
        "Patient care",
        "Epic",
        "ACLS",
        "BLS",
        "Triage",
        "Communication",
        "Leadership",
        "Teamwork",
        "Looker",
        "Pandas",
        "NumPy",
        "Jupyter",
        "Git",
        "Google Sheets",
        "Forecasting",
        "Regression analysis",
        "ETL",
        "Data quality",
        "Customer service",
        "Scheduling",
        "Inventory",
        "Espresso",
        "Public health",
        "SPSS",
        "SAS",
        "Stakeholder management",
        "Presentation skills",
        "Critical thinking",
    ]
    .map(str::to_owned)
    .to_vec();
    assert_eq!(skills.len(), 40);
    Profile {
        experiences,
        projects,
        skills,
    }
}

fn resume() -> String {
    let mut text = String::from(
        "Jane Doe\nAustin, TX | jane@example.com | (512) 555-0100\n\nSKILLS\nSQL, Tableau, \
         Power BI, Excel, Python, R, dbt, Snowflake, statistics\n\nPROFESSIONAL EXPERIENCE\n",
    );
    let mut n = 0;
    while tailor_text::word_count(&text) < 560 {
        let (title, description) = ROLES[n % ROLES.len()];
        text.push_str(&format!(
            "{title} | Riverside Health\n{description}\n• Built {n} dashboards in Tableau for \
             operations leaders\n• Wrote SQL against the claims warehouse\n\n"
        ));
        n += 1;
    }
    text.push_str("EDUCATION\nBSN, University of Texas\nCertificate in Data Analytics\n");
    text
}

fn bench(c: &mut Criterion) {
    let job = job();
    let profile = profile();
    let resume = resume();
    let words = tailor_text::word_count(&resume);
    assert!((580..=640).contains(&words), "{words} words");
    let keywords = job_keywords(&job);
    let profile_text = profile_text(&profile);

    c.bench_function("rank: 10 experiences, 5 projects, 40 skills", |b| {
        b.iter(|| rank(black_box(&job), black_box(&profile)));
    });
    c.bench_function("score_document: 600-word resume", |b| {
        b.iter(|| {
            score_document(
                black_box(&keywords),
                black_box(&resume),
                DocumentKind::Resume,
                black_box(&profile_text),
            )
        });
    });
    c.bench_function("rank + score_document together", |b| {
        b.iter(|| {
            let ranking = rank(black_box(&job), black_box(&profile));
            let report = score_document(
                &keywords,
                black_box(&resume),
                DocumentKind::Resume,
                &profile_text,
            );
            (ranking, report)
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
