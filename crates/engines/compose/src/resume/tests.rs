//! Selection, layout, structured content and the page budget.

use super::*;

fn experience(id: &str, start: &str, achievements: &[&str]) -> Experience {
    Experience {
        id: id.to_owned(),
        title: format!("Title {id}"),
        company: format!("Company {id}"),
        location: None,
        start_date: start.to_owned(),
        end_date: Some("2024-01-01".to_owned()),
        is_current: false,
        description: Some(format!("Description of {id}.")),
        enhanced_description: None,
        achievements: achievements.iter().map(|a| (*a).to_owned()).collect(),
    }
}

fn profile() -> Profile {
    Profile {
        personal: PersonalInfo {
            full_name: "Ada Byron".to_owned(),
            email: "ada@example.com".to_owned(),
            phone: Some("555 0100".to_owned()),
            location: Some(String::new()),
            ..PersonalInfo::default()
        },
        summary: Some("Original summary.".to_owned()),
        enhanced_summary: Some("Enhanced summary.".to_owned()),
        experiences: vec![
            experience("a", "2015-01-01", &["A zero", "A one", "A two"]),
            experience("b", "2019-01-01", &["B zero", "B one"]),
            experience("c", "2010-01-01", &["C zero"]),
        ],
        projects: vec![Project {
            id: "p".to_owned(),
            name: "Parser".to_owned(),
            description: "A parser.".to_owned(),
            technologies: vec!["Rust".to_owned()],
            url: Some("https://example.com".to_owned()),
            ..Project::default()
        }],
        education: vec![Education {
            id: "e".to_owned(),
            institution: "MIT".to_owned(),
            degree: "BSc".to_owned(),
            field_of_study: "Maths".to_owned(),
            start_date: "2005-09-01".to_owned(),
            end_date: Some("2009-06-01".to_owned()),
            gpa: Some(4.0),
            honors: vec![],
        }],
        skills: Skills {
            technical: vec!["Python".to_owned(), "Rust".to_owned(), "SQL".to_owned()],
            ..Skills::default()
        },
    }
}

fn selection(ids: &[&str]) -> ResumeSelection {
    ResumeSelection {
        experience_ids: ids.iter().map(|s| (*s).to_owned()).collect(),
        ..ResumeSelection::default()
    }
}

fn entries(content: &ResumeContent) -> &[ExperienceEntry] {
    content
        .sections
        .iter()
        .find_map(|s| match s {
            ResumeSection::Experience { entries } => Some(entries.as_slice()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn an_empty_location_leaves_no_dangling_separator() {
    let resume = compose_resume(&profile(), &selection(&[]), &ResumeOptions::default());
    assert!(
        resume
            .content_text
            .starts_with("Ada Byron\nada@example.com | 555 0100\n\n")
    );
}

#[test]
fn the_text_follows_the_contract_layout() {
    let resume = compose_resume(&profile(), &selection(&["b"]), &ResumeOptions::default());
    let expected = "Ada Byron\nada@example.com | 555 0100\n\nPROFESSIONAL SUMMARY\nEnhanced summary.\n\n\
        TECHNICAL SKILLS\nPython, Rust, SQL\n\nPROFESSIONAL EXPERIENCE\nTitle b | Company b\n\
        2019-01-01 - 2024-01-01\nDescription of b.\n\u{2022} B zero\n\u{2022} B one\n\n\
        PROJECTS\nParser\nA parser.\nTechnologies: Rust\nURL: https://example.com\n\n\
        EDUCATION\nBSc in Maths\nMIT | 2005-09-01 - 2009-06-01\nGPA: 4.0\n";
    assert_eq!(resume.content_text, expected);
}

#[test]
fn experiences_follow_the_ranking_up_to_the_maximum() {
    let options = ResumeOptions {
        max_experiences: 2,
        ..ResumeOptions::default()
    };
    let resume = compose_resume(&profile(), &selection(&["c", "x", "c", "a", "b"]), &options);
    let ids: Vec<&str> = entries(&resume.structured)
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["c", "a"]);
    assert_eq!(resume.structured.header.title, "Title c");
}

#[test]
fn a_ranking_that_names_nothing_known_falls_back_to_profile_order() {
    let options = ResumeOptions {
        max_experiences: 2,
        ..ResumeOptions::default()
    };
    let resume = compose_resume(&profile(), &selection(&["zzz"]), &options);
    let ids: Vec<&str> = entries(&resume.structured)
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn bullets_follow_their_relevance_and_carry_source_ids() {
    let mut sel = selection(&["a", "b"]);
    sel.bullet_ids.insert(
        "a".to_owned(),
        vec![
            "a#2".into(),
            "b#0".into(),
            "a#0".into(),
            "a#9".into(),
            "a#2".into(),
        ],
    );
    let resume = compose_resume(&profile(), &sel, &ResumeOptions::default());
    let entries = entries(&resume.structured);
    let a: Vec<(&str, &str)> = entries[0]
        .bullets
        .iter()
        .map(|b| (b.text.as_str(), b.source_id.as_str()))
        .collect();
    assert_eq!(a, [("A two", "a#2"), ("A zero", "a#0")]);
    assert_eq!(
        entries[0].achievements.len(),
        3,
        "achievements keep the originals"
    );
    let b: Vec<&str> = entries[1]
        .bullets
        .iter()
        .map(|b| b.source_id.as_str())
        .collect();
    assert_eq!(
        b,
        ["b#0", "b#1"],
        "an experience not in the map keeps all achievements"
    );
}

#[test]
fn skills_that_match_the_job_come_first() {
    let mut sel = selection(&[]);
    sel.skills = vec!["sql".to_owned(), "Haskell".to_owned()];
    let resume = compose_resume(&profile(), &sel, &ResumeOptions::default());
    assert!(
        resume
            .content_text
            .contains("TECHNICAL SKILLS\nSQL, Python, Rust\n")
    );
    assert_eq!(
        resume.structured.metadata.top_skills,
        ["SQL", "Python", "Rust"]
    );
}

#[test]
fn the_structured_content_has_the_contract_shape() {
    let options = ResumeOptions {
        today: Some("2025-01-01".to_owned()),
        ..ResumeOptions::default()
    };
    let resume = compose_resume(&profile(), &selection(&["a"]), &options);
    let json = serde_json::to_value(&resume.structured).unwrap();
    let types: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "professional_summary",
            "skills",
            "experience",
            "projects",
            "education"
        ]
    );
    assert_eq!(json["header"]["location"], "");
    assert_eq!(json["header"]["github"], "");
    let entry = &json["sections"][2]["entries"][0];
    assert_eq!(entry["source_id"], "a");
    assert_eq!(entry["end_date"], "2024-01-01");
    assert_eq!(entry["bullets"][0]["source_id"], "a#0");
    assert_eq!(json["sections"][4]["entries"][0]["gpa"], 4.0);
    assert_eq!(json["metadata"]["total_years_experience"], 9.0);
    assert_eq!(json["metadata"]["industries"][0], "Company a");
    assert_eq!(json["metadata"]["total_projects"], 1);
}

#[test]
fn a_current_role_counts_until_today_and_reads_present() {
    let mut p = profile();
    p.experiences[1].is_current = true;
    p.experiences[1].end_date = None;
    let options = ResumeOptions {
        today: Some("2020-07-01".to_owned()),
        ..ResumeOptions::default()
    };
    let resume = compose_resume(&p, &selection(&["b"]), &options);
    assert!(resume.content_text.contains("2019-01-01 - Present\n"));
    assert_eq!(resume.structured.metadata.total_years_experience, 1.5);
    let without_today = compose_resume(&p, &selection(&["b"]), &ResumeOptions::default());
    assert_eq!(
        without_today.structured.metadata.total_years_experience,
        0.0
    );
}

#[test]
fn the_summary_is_left_out_when_not_wanted() {
    let options = ResumeOptions {
        include_summary: false,
        ..ResumeOptions::default()
    };
    let resume = compose_resume(&profile(), &selection(&[]), &options);
    assert!(!resume.content_text.contains("PROFESSIONAL SUMMARY"));
    assert!(!matches!(
        resume.structured.sections[0],
        ResumeSection::ProfessionalSummary { .. }
    ));
}

/// A profile whose full resume is about 80 lines.
fn long_profile() -> Profile {
    let mut p = profile();
    let long = "x".repeat(150);
    p.experiences = (0..6)
        .map(|n| {
            let mut e = experience(&format!("e{n}"), &format!("{}-01-01", 2020 - n), &[]);
            e.achievements = (0..4).map(|a| format!("{long} {n}{a}")).collect();
            e
        })
        .collect();
    p.projects = (0..3)
        .map(|n| Project {
            id: format!("p{n}"),
            name: format!("P{n}"),
            description: long.clone(),
            ..Project::default()
        })
        .collect();
    p
}

#[test]
fn the_page_budget_drops_bullets_then_projects_then_older_experiences() {
    let p = long_profile();
    let ids: Vec<&str> = ["e0", "e1", "e2", "e3", "e4", "e5"].to_vec();
    let two = compose_resume(
        &p,
        &selection(&ids),
        &ResumeOptions {
            max_experiences: 6,
            pages: PageBudget::Two,
            ..ResumeOptions::default()
        },
    );
    assert!(two.dropped.is_empty(), "{:?}", two.dropped);
    let one = compose_resume(
        &p,
        &selection(&ids),
        &ResumeOptions {
            max_experiences: 6,
            pages: PageBudget::One,
            ..ResumeOptions::default()
        },
    );
    assert!(one.fits(), "{} lines", one.estimated_lines);
    assert_eq!(one.estimated_lines, estimate_lines(&one.content_text));
    let kinds: Vec<DroppedKind> = one.dropped.iter().map(|d| d.kind).collect();
    let first_project = kinds.iter().position(|k| *k == DroppedKind::Project);
    let first_experience = kinds.iter().position(|k| *k == DroppedKind::Experience);
    let last_bullet = kinds
        .iter()
        .rposition(|k| *k == DroppedKind::Bullet)
        .unwrap();
    assert!(first_project.is_some() && last_bullet < first_project.unwrap());
    if let Some(first_experience) = first_experience {
        assert!(first_project.unwrap() < first_experience);
        // The oldest goes first.
        assert_eq!(one.dropped[first_experience].source_id, "e5");
    }
    // The lowest-ranked bullet of the experience with most bullets goes first.
    assert_eq!(one.dropped[0].source_id, "e5#3");
    // Every experience keeps a bullet while bullets are being dropped.
    for e in entries(&one.structured) {
        assert!(!e.bullets.is_empty(), "{} lost all its bullets", e.id);
    }
    assert_eq!(entries(&one.structured)[0].id, "e0");
}

#[test]
fn a_resume_that_cannot_fit_keeps_its_first_experience_and_says_so() {
    let mut p = long_profile();
    p.experiences[0].description = Some("y ".repeat(3000));
    let resume = compose_resume(
        &p,
        &selection(&["e0", "e1"]),
        &ResumeOptions {
            pages: PageBudget::One,
            ..ResumeOptions::default()
        },
    );
    assert!(!resume.fits());
    let entries = entries(&resume.structured);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, "e0");
    assert!(entries[0].bullets.is_empty());
    assert!(resume.content_text.starts_with("Ada Byron\n"));
}

#[test]
fn floats_print_as_the_reference_printed_them() {
    assert_eq!(python_float(4.0), "4.0");
    assert_eq!(python_float(3.85), "3.85");
}
