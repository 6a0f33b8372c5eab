//! Properties of the composer that must hold for any profile: every `source_id` in a
//! structured resume names an item of the input, the experience, project and paragraph
//! limits hold, no letter carries a placeholder, and the output is deterministic.

use std::collections::BTreeMap;

use proptest::prelude::*;
use tailor_compose::*;

/// Text with the characters placeholders are made of, so the letter's guard is tested.
fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 ,.#%$'_-]{0,24}",
        "[A-Za-z \\[\\]{}<>]{0,16}",
        Just(String::new()),
        Just("[Company]".to_owned()),
        Just("Company Name".to_owned()),
        Just("Unknown Company".to_owned()),
        Just("Responsible for managing a team of 4".to_owned()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "[a-d][0-3]"
}

fn experience() -> impl Strategy<Value = Experience> {
    (
        id(),
        words(),
        words(),
        prop::option::of(words()),
        "(19|20)[0-9]{2}-0[1-9]-1[0-9]",
        prop::option::of("20[0-2][0-9]-0[1-9]-01"),
        any::<bool>(),
        prop::option::of(words()),
        prop::collection::vec(words(), 0..5),
    )
        .prop_map(
            |(
                id,
                title,
                company,
                location,
                start_date,
                end_date,
                is_current,
                description,
                achievements,
            )| {
                Experience {
                    id,
                    title,
                    company,
                    location,
                    start_date,
                    end_date,
                    is_current,
                    description,
                    enhanced_description: None,
                    achievements,
                }
            },
        )
}

fn project() -> impl Strategy<Value = Project> {
    (id(), words(), words(), prop::collection::vec(words(), 0..3)).prop_map(
        |(id, name, description, technologies)| Project {
            id,
            name,
            description,
            technologies,
            ..Project::default()
        },
    )
}

fn profile() -> impl Strategy<Value = Profile> {
    (
        words(),
        words(),
        prop::option::of(words()),
        prop::collection::vec(experience(), 0..7),
        prop::collection::vec(project(), 0..4),
        prop::collection::vec(words(), 0..6),
        prop::collection::vec((id(), words()), 0..3),
    )
        .prop_map(
            |(full_name, email, summary, experiences, projects, technical, certifications)| {
                Profile {
                    personal: PersonalInfo {
                        full_name,
                        email,
                        ..PersonalInfo::default()
                    },
                    summary,
                    experiences,
                    projects,
                    education: vec![Education {
                        id: "edu".to_owned(),
                        degree: "BSc".to_owned(),
                        ..Education::default()
                    }],
                    skills: Skills {
                        technical,
                        certifications: certifications
                            .into_iter()
                            .map(|(id, name)| Certification {
                                id,
                                name,
                                ..Certification::default()
                            })
                            .collect(),
                        ..Skills::default()
                    },
                    ..Profile::default()
                }
            },
        )
}

fn selection() -> impl Strategy<Value = ResumeSelection> {
    (
        prop::collection::vec(id(), 0..6),
        prop::collection::vec(id(), 0..4),
        prop::collection::btree_map(id(), prop::collection::vec("[a-d][0-3]#[0-5]", 0..5), 0..4),
        prop::collection::vec(words(), 0..3),
    )
        .prop_map(
            |(experience_ids, project_ids, bullet_ids, skills)| ResumeSelection {
                experience_ids,
                project_ids,
                bullet_ids: bullet_ids.into_iter().collect::<BTreeMap<_, _>>(),
                skills,
            },
        )
}

fn resume_options() -> impl Strategy<Value = ResumeOptions> {
    (0usize..13, 0usize..5, any::<bool>(), any::<bool>()).prop_map(
        |(max_experiences, max_projects, include_summary, one)| ResumeOptions {
            max_experiences,
            max_projects,
            include_summary,
            pages: if one {
                PageBudget::One
            } else {
                PageBudget::Two
            },
            today: Some("2025-06-01".to_owned()),
        },
    )
}

fn job() -> impl Strategy<Value = Job> {
    (
        words(),
        words(),
        prop::collection::vec(words(), 0..4),
        prop::collection::vec(words(), 0..4),
    )
        .prop_map(|(title, company, requirements, keywords)| Job {
            title,
            company,
            requirements,
            keywords,
        })
}

fn evidence() -> impl Strategy<Value = Vec<Evidence>> {
    prop::collection::vec(
        (id(), prop::collection::vec(words(), 0..3))
            .prop_map(|(source_id, matched)| Evidence { source_id, matched }),
        0..5,
    )
}

fn style() -> impl Strategy<Value = StyleHints> {
    (
        prop::option::of(0.0f64..1.0),
        prop::option::of(prop_oneof![
            Just("formal".to_owned()),
            Just("friendly".to_owned()),
            words()
        ]),
        prop::option::of(5.0f64..30.0),
        prop::option::of(0.0f64..1.0),
    )
        .prop_map(
            |(formality, tone, sentence_length, first_person)| StyleHints {
                formality,
                tone,
                sentence_length,
                first_person,
                key_phrases: vec![],
            },
        )
}

fn letter_options() -> impl Strategy<Value = LetterOptions> {
    (
        prop::option::of(words()),
        prop::option::of(words()),
        0usize..9,
    )
        .prop_map(
            |(company_name, hiring_manager_name, max_paragraphs)| LetterOptions {
                company_name,
                hiring_manager_name,
                max_paragraphs,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_source_id_names_an_item_of_the_profile(
        profile in profile(),
        selection in selection(),
        options in resume_options(),
    ) {
        let resume = compose_resume(&profile, &selection, &options);
        let mut experiences = 0;
        let mut projects = 0;
        for section in &resume.structured.sections {
            match section {
                ResumeSection::Experience { entries } => {
                    experiences = entries.len();
                    for entry in entries {
                        let source = profile.experience(&entry.source_id);
                        prop_assert!(source.is_some(), "{}", entry.source_id);
                        let source = source.unwrap();
                        for bullet in &entry.bullets {
                            let (owner, index) = parse_bullet_id(&bullet.source_id).unwrap();
                            prop_assert_eq!(owner, &entry.source_id);
                            prop_assert_eq!(source.achievements[index].trim(), &bullet.text);
                        }
                    }
                }
                ResumeSection::Projects { entries } => {
                    projects = entries.len();
                    for entry in entries {
                        prop_assert!(profile.project(&entry.source_id).is_some());
                    }
                }
                ResumeSection::Education { entries } => {
                    for entry in entries {
                        prop_assert!(profile.education.iter().any(|e| e.id == entry.source_id));
                    }
                }
                ResumeSection::Skills { categories } => {
                    for category in categories {
                        if let SkillItems::Certifications(items) = &category.items {
                            for item in items {
                                prop_assert!(profile
                                    .skills
                                    .certifications
                                    .iter()
                                    .any(|c| c.id == item.source_id));
                            }
                        }
                    }
                }
                ResumeSection::ProfessionalSummary { .. } => {}
            }
        }
        prop_assert!(experiences <= options.max_experiences.clamp(1, 10));
        prop_assert!(projects <= options.max_projects);
        for dropped in &resume.dropped {
            let known = match dropped.kind {
                DroppedKind::Experience => profile.experience(&dropped.source_id).is_some(),
                DroppedKind::Project => profile.project(&dropped.source_id).is_some(),
                DroppedKind::Bullet => parse_bullet_id(&dropped.source_id)
                    .and_then(|(e, i)| profile.experience(e)?.achievements.get(i))
                    .is_some(),
            };
            prop_assert!(known, "{:?}", dropped);
        }
        prop_assert_eq!(resume.estimated_lines, resume::estimate_lines(&resume.content_text));
    }

    #[test]
    fn a_letter_never_carries_a_placeholder_and_keeps_its_paragraph_limit(
        profile in profile(),
        job in job(),
        evidence in evidence(),
        style in style(),
        options in letter_options(),
    ) {
        let letter = compose_letter(&profile, &job, &evidence, &style, &options);
        prop_assert!(placeholders(&letter.text).is_empty(), "{:?} in {}", placeholders(&letter.text), letter.text);
        prop_assert!(letter.body_paragraphs <= options.max_paragraphs.clamp(3, 6));
        prop_assert!(letter.body_paragraphs >= 2, "{}", letter.text);
        let blocks: Vec<&str> = letter.text.split("\n\n").collect();
        prop_assert_eq!(blocks.len(), letter.body_paragraphs + 2);
        prop_assert!(blocks.iter().all(|b| !b.trim().is_empty()));
        let LetterSection::CoverLetter { paragraphs, .. } = &letter.structured.sections[0];
        prop_assert_eq!(paragraphs, &blocks);
    }

    #[test]
    fn the_same_input_gives_the_same_output(
        profile in profile(),
        selection in selection(),
        options in resume_options(),
        job in job(),
        evidence in evidence(),
        style in style(),
        letter_options in letter_options(),
    ) {
        let a = compose_resume(&profile, &selection, &options);
        let b = compose_resume(&profile.clone(), &selection.clone(), &options.clone());
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(
            serde_json::to_string(&a.structured).unwrap(),
            serde_json::to_string(&b.structured).unwrap()
        );
        let x = compose_letter(&profile, &job, &evidence, &style, &letter_options);
        let y = compose_letter(&profile.clone(), &job.clone(), &evidence, &style, &letter_options);
        prop_assert_eq!(x, y);
    }

    #[test]
    fn the_enhancer_never_adds_a_fact(text in "[A-Za-z0-9 ,.%$'\\n-]{0,120}", past in any::<bool>()) {
        let tense = if past { Tense::Past } else { Tense::Present };
        let out = enhance(&text, tense, 200);
        prop_assert_eq!(introduced_facts(&text, &out.text, &Known::default()), vec![]);
        prop_assert!(out.text.chars().count() <= 200);
    }
}
