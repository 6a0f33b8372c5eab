//! Greeting, body bounds, wording choices and the placeholder guard.

use super::*;

fn profile() -> Profile {
    Profile {
        personal: PersonalInfo {
            full_name: "Sam Lee".to_owned(),
            email: "sam@example.com".to_owned(),
            ..PersonalInfo::default()
        },
        summary: Some("Line cook who loves fast service.".to_owned()),
        experiences: (0..4)
            .map(|n| Experience {
                id: format!("e{n}"),
                title: format!("Cook {n}"),
                company: format!("Diner {n}"),
                start_date: "2020-01-01".to_owned(),
                end_date: Some("2022-01-01".to_owned()),
                description: Some("Ran the grill station.".to_owned()),
                achievements: vec!["Reduced ticket times by 20%".to_owned()],
                ..Experience::default()
            })
            .collect(),
        projects: vec![Project {
            id: "p".to_owned(),
            name: "Pop-up".to_owned(),
            description: "A weekend taco pop-up.".to_owned(),
            ..Project::default()
        }],
        skills: Skills {
            technical: vec!["Grill".to_owned(), "Food safety".to_owned()],
            ..Skills::default()
        },
        ..Profile::default()
    }
}

fn job() -> Job {
    Job {
        title: "Line Cook".to_owned(),
        company: "Bistro Nord".to_owned(),
        requirements: vec!["Grill".to_owned(), "Food safety".to_owned()],
        keywords: vec!["grill".to_owned()],
    }
}

fn letter(profile: &Profile, job: &Job, options: &LetterOptions) -> Letter {
    compose_letter(profile, job, &[], &StyleHints::default(), options)
}

#[test]
fn the_greeting_names_the_hiring_manager_when_given() {
    let options = LetterOptions {
        hiring_manager_name: Some("Ms. Berg".to_owned()),
        ..LetterOptions::default()
    };
    assert!(
        letter(&profile(), &job(), &options)
            .text
            .starts_with("Dear Ms. Berg,\n\n")
    );
    for name in [None, Some(""), Some("[Name]"), Some("{hiring_manager}")] {
        let options = LetterOptions {
            hiring_manager_name: name.map(str::to_owned),
            ..LetterOptions::default()
        };
        let text = letter(&profile(), &job(), &options).text;
        assert!(
            text.starts_with("Dear Hiring Manager,\n\n"),
            "{name:?}: {text}"
        );
    }
}

#[test]
fn the_opening_names_the_role_and_the_company_option_wins() {
    let options = LetterOptions {
        company_name: Some("Nord Group".to_owned()),
        ..LetterOptions::default()
    };
    let l = letter(&profile(), &job(), &options);
    let opening = l.text.split("\n\n").nth(1).unwrap();
    assert!(opening.contains("Line Cook"), "{opening}");
    assert!(opening.contains("at Nord Group"), "{opening}");
    assert!(!l.text.contains("Bistro Nord"));
    assert_eq!(l.structured.metadata.company, "Nord Group");
    assert_eq!(l.structured.metadata.position, "Line Cook");
    assert_eq!(l.structured.header.title, "Line Cook");
}

#[test]
fn the_body_never_exceeds_max_paragraphs() {
    for max in 0..=9 {
        let options = LetterOptions {
            max_paragraphs: max,
            ..LetterOptions::default()
        };
        let l = letter(&profile(), &job(), &options);
        let blocks = l.text.split("\n\n").count();
        assert_eq!(blocks, l.body_paragraphs + 2, "greeting and sign-off");
        assert!(l.body_paragraphs <= max.clamp(MIN_PARAGRAPHS, MAX_PARAGRAPHS));
        assert!(l.body_paragraphs >= MIN_PARAGRAPHS.min(max.max(MIN_PARAGRAPHS)));
    }
}

#[test]
fn evidence_paragraphs_cite_the_profile() {
    let evidence = vec![Evidence {
        source_id: "e2".to_owned(),
        matched: vec!["grill".to_owned()],
    }];
    let l = compose_letter(
        &profile(),
        &job(),
        &evidence,
        &StyleHints::default(),
        &LetterOptions::default(),
    );
    let evidence_paragraph = l.text.split("\n\n").nth(2).unwrap();
    assert!(
        evidence_paragraph.contains("Cook 2 at Diner 2"),
        "{evidence_paragraph}"
    );
    assert!(evidence_paragraph.contains("I ran the grill station."));
    assert!(evidence_paragraph.contains("I reduced ticket times by 20%."));
}

#[test]
fn the_structured_content_mirrors_the_text() {
    let l = letter(&profile(), &job(), &LetterOptions::default());
    let json = serde_json::to_value(&l.structured).unwrap();
    assert_eq!(json["sections"][0]["type"], "cover_letter");
    assert_eq!(json["sections"][0]["company"], "Bistro Nord");
    let paragraphs: Vec<&str> = json["sections"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(paragraphs, l.text.split("\n\n").collect::<Vec<_>>());
    assert_eq!(json["metadata"]["paragraph_count"], paragraphs.len());
    assert_eq!(json["metadata"]["word_count"], text::word_count(&l.text));
    assert!(paragraphs.last().unwrap().ends_with("\nSam Lee"));
}

#[test]
fn an_empty_profile_and_a_placeholder_job_give_a_clean_letter() {
    let job = Job {
        title: "<Job Title>".to_owned(),
        company: "Unknown Company".to_owned(),
        requirements: vec!["[Requirement]".to_owned()],
        keywords: vec![],
    };
    let options = LetterOptions {
        company_name: Some("XYZ".to_owned()),
        hiring_manager_name: Some("Hiring Manager Name".to_owned()),
        max_paragraphs: 4,
    };
    let l = letter(&Profile::default(), &job, &options);
    assert!(placeholders(&l.text).is_empty(), "{}", l.text);
    assert!(l.text.contains("the open "), "{}", l.text);
    assert!(l.text.contains("your team"), "{}", l.text);
    assert_eq!(l.structured.metadata.company, "");
    assert_eq!(l.structured.metadata.position, "");
}

#[test]
fn different_jobs_get_different_phrasings() {
    let openings: std::collections::BTreeSet<String> = [
        "Line Cook",
        "Head Chef",
        "Nurse",
        "Data Engineer",
        "Barista",
        "Teacher",
    ]
    .iter()
    .map(|title| {
        let job = Job {
            title: (*title).to_owned(),
            ..job()
        };
        let text = letter(&profile(), &job, &LetterOptions::default()).text;
        let opening = text.split("\n\n").nth(1).unwrap().to_owned();
        opening.replace(title, "")
    })
    .collect();
    assert!(openings.len() >= 2, "{openings:?}");
}

#[test]
fn the_register_follows_the_style_hints() {
    let casual = StyleHints {
        tone: Some("friendly".to_owned()),
        ..StyleHints::default()
    };
    let formal = StyleHints {
        formality: Some(0.9),
        ..StyleHints::default()
    };
    let options = LetterOptions::default();
    let casual = compose_letter(&profile(), &job(), &[], &casual, &options).text;
    let formal = compose_letter(&profile(), &job(), &[], &formal, &options).text;
    assert!(casual.contains("I'd") || casual.contains("I'm"), "{casual}");
    assert!(casual.contains("Best regards,"));
    assert!(
        !formal.contains("I'd") && !formal.contains("I'm"),
        "{formal}"
    );
    assert!(formal.contains("Sincerely,"));
}

#[test]
fn short_sentences_cite_fewer_achievements() {
    let mut p = profile();
    p.experiences[0].achievements = vec!["Cut waste by 10%".into(), "Won a local award".into()];
    let evidence = vec![Evidence {
        source_id: "e0".to_owned(),
        ..Evidence::default()
    }];
    let brief = StyleHints {
        sentence_length: Some(9.0),
        ..StyleHints::default()
    };
    let l = compose_letter(&p, &job(), &evidence, &brief, &LetterOptions::default());
    assert!(l.text.contains("I cut waste by 10%."), "{}", l.text);
    assert!(!l.text.contains("award"), "{}", l.text);
}

#[test]
fn the_phrase_hash_is_fixed() {
    // FNV-1a of the empty string and of "a", as published.
    assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
}
