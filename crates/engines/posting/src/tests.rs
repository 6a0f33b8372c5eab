//! Whole postings through [`analyse_posting`].

use super::*;
use crate::types::{
    EmploymentType, MAX_COMPANY_LEN, MAX_ITEM_LEN, MAX_LIST_ITEMS, MAX_TITLE_LEN, SalaryPeriod,
    Seniority, WorkMode,
};

const LINKEDIN: &str = "\
Save
Promoted
Senior Data Engineer
Acme Analytics · Austin, TX (Hybrid) · 1 week ago · Over 100 applicants
Actively recruiting
$150K/yr - $180K/yr · Full-time · Mid-Senior level
Easy Apply
Share
Report this job

About the job
Acme Analytics helps retailers forecast demand. Founded 10 years ago, we raised $40M in 2023.

What you'll do
- Design and build batch and streaming pipelines with Spark and Kafka
- Own our Snowflake data warehouse and dbt models
- Mentor junior engineers

What we're looking for
- 5+ years of experience in data engineering
- Strong SQL and Python
- Experience with Airflow or Dagster
- Experience with Terraform is a plus

Nice to have
- Familiarity with Kubernetes
- Scala

Benefits
- Health, dental and vision insurance
- 401(k) with 4% match
- $2,000 annual learning budget

Acme Analytics is an equal opportunity employer.";

#[test]
fn a_linkedin_paste_is_read_into_all_its_parts() {
    let posting = analyse_posting(LINKEDIN);
    assert_eq!(posting.title.as_deref(), Some("Senior Data Engineer"));
    assert_eq!(posting.company.as_deref(), Some("Acme Analytics"));
    assert_eq!(posting.location.as_deref(), Some("Austin, TX"));
    assert_eq!(posting.work_mode, Some(WorkMode::Hybrid));
    assert_eq!(posting.employment_type, Some(EmploymentType::FullTime));
    assert_eq!(posting.seniority, Some(Seniority::Senior));
    assert_eq!(posting.years_experience, Some(5));
    let salary = posting.salary.clone().expect("salary");
    assert_eq!(salary.whole(), (150_000, 180_000));
    assert_eq!(salary.currency, "USD");
    assert_eq!(salary.period, SalaryPeriod::Year);
    assert_eq!(
        posting.requirements,
        [
            "5+ years of experience in data engineering",
            "Strong SQL and Python",
            "Experience with Airflow or Dagster",
        ]
    );
    assert_eq!(
        posting.preferred_requirements,
        [
            "Experience with Terraform is a plus",
            "Familiarity with Kubernetes",
            "Scala"
        ]
    );
    assert_eq!(posting.responsibilities.len(), 3);
    assert_eq!(posting.benefits.len(), 3);
    for skill in [
        "sql",
        "python",
        "spark",
        "kafka",
        "snowflake",
        "dbt",
        "airflow",
    ] {
        assert!(
            posting.keywords.iter().any(|k| k == skill),
            "{skill}: {:?}",
            posting.keywords
        );
    }
    assert!(posting.description.starts_with("About the job"));
    assert!(!posting.description.contains("Easy Apply"));
    assert!(!posting.description.contains("Over 100 applicants"));
    // Hybrid work is not remote.
    assert!(!posting.remote());
}

#[test]
fn a_labelled_posting_is_read_from_its_labels() {
    let posting = analyse_posting(
        "Job Title: Backend Engineer II\nCompany: Initech\nLocation: Remote (US)\nEmployment Type: Contract\n\
         Salary: $60 - $75 per hour\n\nResponsibilities:\n* Build REST APIs in Go\n* Write tests\n\n\
         Qualifications:\n* 3-5 years of backend experience\n* Go and PostgreSQL\n",
    );
    assert_eq!(posting.title.as_deref(), Some("Backend Engineer II"));
    assert_eq!(posting.company.as_deref(), Some("Initech"));
    assert_eq!(posting.location.as_deref(), Some("Remote (US)"));
    assert_eq!(posting.work_mode, Some(WorkMode::Remote));
    assert_eq!(posting.employment_type, Some(EmploymentType::Contract));
    assert_eq!(posting.seniority, Some(Seniority::Mid));
    assert_eq!(posting.years_experience, Some(3));
    let salary = posting.salary.expect("salary");
    assert_eq!(
        (salary.whole(), salary.period),
        ((60, 75), SalaryPeriod::Hour)
    );
    assert_eq!(
        posting.requirements,
        ["3-5 years of backend experience", "Go and PostgreSQL"]
    );
    assert_eq!(
        posting.responsibilities,
        ["Build REST APIs in Go", "Write tests"]
    );
    assert!(posting.keywords.contains(&"go".to_owned()));
    assert!(posting.keywords.contains(&"postgresql".to_owned()));
}

#[test]
fn a_hiring_sentence_gives_title_and_company() {
    let posting = analyse_posting(
        "Globex is hiring a Staff Platform Engineer!\n\nWe are a remote-first company.\n\n\
         REQUIREMENTS\n- 8+ years building distributed systems\n- Deep Kubernetes knowledge\n",
    );
    assert_eq!(posting.title.as_deref(), Some("Staff Platform Engineer"));
    assert_eq!(posting.company.as_deref(), Some("Globex"));
    assert_eq!(posting.seniority, Some(Seniority::Lead));
    assert_eq!(posting.work_mode, Some(WorkMode::Remote));
    assert_eq!(posting.years_experience, Some(8));
    assert_eq!(posting.requirements.len(), 2);
}

#[test]
fn markdown_postings_are_read() {
    let posting = analyse_posting(
        "# Junior Frontend Developer\n**Hooli** — London, UK\n\n## About us\nHooli builds search.\n\n\
         ## What you'll do\n1. Build UI components in React and TypeScript\n2. Fix bugs\n\n\
         ## Requirements\n- 1+ year of experience with JavaScript\n- HTML and CSS\n\n\
         ## Bonus points\n- Next.js\n\n## Perks\n- £45,000 - £55,000 a year\n- Part-time possible\n\n\
         This is a full-time role based in our London office.",
    );
    assert_eq!(posting.title.as_deref(), Some("Junior Frontend Developer"));
    assert_eq!(posting.company.as_deref(), Some("Hooli"));
    assert_eq!(posting.location.as_deref(), Some("London, UK"));
    assert_eq!(posting.seniority, Some(Seniority::Junior));
    assert_eq!(posting.years_experience, Some(1));
    assert_eq!(
        posting.responsibilities,
        ["Build UI components in React and TypeScript", "Fix bugs"]
    );
    assert_eq!(
        posting.requirements,
        ["1+ year of experience with JavaScript", "HTML and CSS"]
    );
    assert_eq!(posting.preferred_requirements, ["Next.js"]);
    let salary = posting.salary.expect("salary");
    assert_eq!(salary.whole(), (45_000, 55_000));
    assert_eq!(salary.currency, "GBP");
    assert_eq!(posting.work_mode, Some(WorkMode::Onsite));
}

#[test]
fn a_posting_without_headings_still_yields_qualifications() {
    let posting = analyse_posting(
        "Data Analyst\nContoso Ltd\nSeattle, WA\n\nWe are looking for a data analyst to join our \
         finance team. You will build dashboards in Tableau.\n\n\
         - Bachelor's degree in statistics or a related field\n- 2+ years of experience with SQL\n\
         - Experience with Python is a plus\n\nPay: $70,000 - $85,000 per year.",
    );
    assert_eq!(posting.title.as_deref(), Some("Data Analyst"));
    assert_eq!(posting.company.as_deref(), Some("Contoso Ltd"));
    assert_eq!(posting.location.as_deref(), Some("Seattle, WA"));
    assert_eq!(
        posting.requirements,
        [
            "Bachelor's degree in statistics or a related field",
            "2+ years of experience with SQL"
        ]
    );
    assert_eq!(
        posting.preferred_requirements,
        ["Experience with Python is a plus"]
    );
    assert_eq!(posting.years_experience, Some(2));
    assert_eq!(posting.salary.map(|s| s.whole()), Some((70_000, 85_000)));
    assert_eq!(posting.work_mode, None);
    assert_eq!(posting.employment_type, None);
}

#[test]
fn the_description_leaves_out_the_header_lines() {
    let posting = analyse_posting(
        "Senior Engineer\nAcme\nBerlin, Germany\n\nWe build robots.\n\n\n\nJoin us.",
    );
    assert_eq!(posting.description, "We build robots.\n\nJoin us.");
}

#[test]
fn a_text_that_is_only_a_sentence_has_no_title() {
    let posting = analyse_posting(
        "We are a small team building accounting software for freelancers across Europe.",
    );
    assert_eq!(posting.title, None);
    assert_eq!(posting.company, None);
    assert!(posting.description.starts_with("We are a small team"));
}

#[test]
fn empty_and_blank_texts_give_an_empty_posting() {
    for text in ["", "   ", "\n\n\n", "\u{0}\u{1}\u{7f}"] {
        let posting = analyse_posting(text);
        assert_eq!(posting, Posting::default(), "{text:?}");
    }
}

#[test]
fn long_fields_are_cut_at_word_boundaries_within_their_limits() {
    let title = "Engineer ".repeat(40);
    let company = format!("Company: {}", "Acme ".repeat(60));
    let item = format!("- {}", "experience ".repeat(200));
    let mut text = format!("Job Title: {title}\n{company}\n\nRequirements\n{item}\n");
    for i in 0..100 {
        text.push_str(&format!("- Skill number {i}\n"));
    }
    let posting = analyse_posting(&text);
    let title = posting.title.expect("title");
    assert!(title.chars().count() <= MAX_TITLE_LEN);
    assert!(title.ends_with("Engineer"));
    assert!(posting.company.expect("company").chars().count() <= MAX_COMPANY_LEN);
    assert_eq!(posting.requirements.len(), MAX_LIST_ITEMS);
    assert!(posting.requirements[0].chars().count() <= MAX_ITEM_LEN);
    assert!(posting.requirements[0].ends_with("experience"));
}

#[test]
fn control_characters_never_reach_the_output() {
    let posting = analyse_posting(
        "Senior\u{0} Engineer\u{7}\r\nAcme\u{1b}[31m\r\n\r\nWe\tbuild\u{200b} things.",
    );
    assert_eq!(posting.title.as_deref(), Some("Senior Engineer"));
    assert_eq!(posting.company.as_deref(), Some("Acme[31m"));
    assert_eq!(posting.description, "We build things.");
}

#[test]
fn a_remote_role_that_says_it_is_not_remote_is_onsite() {
    let posting = analyse_posting(
        "Warehouse Supervisor\nInitrode\nDallas, TX\n\nPlease note: this is not a remote role. \
         You will work on-site five days a week.",
    );
    assert_eq!(posting.work_mode, Some(WorkMode::Onsite));
    assert_eq!(posting.seniority, Some(Seniority::Lead));
}

#[test]
fn funding_and_budgets_are_not_read_as_salary() {
    let posting = analyse_posting(
        "Product Designer\nUmbrella\n\nWe raised $40M in Series B funding. Team of 45.\n\n\
         Benefits\n- 401(k) matching\n- $1,500 home office stipend\n- Founded in 2015",
    );
    assert_eq!(posting.salary, None);
}

#[test]
fn years_in_the_company_history_are_not_experience() {
    let posting = analyse_posting(
        "Accountant\nVandelay\n\nFounded 30 years ago, Vandelay imports latex.\n\nRequirements\n- CPA license\n",
    );
    assert_eq!(posting.years_experience, None);
}

#[test]
fn indian_salaries_in_lakhs_are_read() {
    let posting = analyse_posting(
        "Backend Developer\nFlipkart\nBengaluru, Karnataka\n\nCTC: ₹18-24 LPA\n\nRequirements\n- Java, Spring Boot",
    );
    let salary = posting.salary.expect("salary");
    assert_eq!(salary.whole(), (1_800_000, 2_400_000));
    assert_eq!(salary.currency, "INR");
    assert_eq!(posting.location.as_deref(), Some("Bengaluru, Karnataka"));
}

#[test]
fn structured_job_keywords_come_from_any_text() {
    let keywords =
        extract_keywords("Senior Rust Engineer\nWe use Rust, Tokio and PostgreSQL on AWS.");
    assert_eq!(keywords[0], "rust");
    assert!(keywords.contains(&"postgresql".to_owned()));
    assert!(keywords.contains(&"aws".to_owned()));
}
