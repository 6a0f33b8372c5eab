//! Unit tests of the profile use cases against a mocked repository and clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use mockall::Sequence;
use mockall::predicate::eq;
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::ports::{MockClock, MockProfileRepository};

const ME: i64 = 7;
const SOMEONE_ELSE: i64 = 8;
const STORED_VERSION: i64 = 3;

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

/// The fixed instant the mocked clock answers. Its year is deliberately not the real one,
/// so a service reading the wall clock shows up in the analytics test.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 3, 15, 12, 0, 0)
        .single()
        .expect("valid instant")
}

fn me() -> UserId {
    UserId::new(ME)
}

fn someone_else() -> UserId {
    UserId::new(SOMEONE_ELSE)
}

fn profile_id() -> ProfileId {
    ProfileId::from_uuid(Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0001))
}

fn personal_info() -> PersonalInfo {
    PersonalInfo {
        full_name: "Jane Doe".into(),
        email: "jane@example.com".into(),
        ..PersonalInfo::default()
    }
}

/// A stored profile of `user` at [`STORED_VERSION`], with empty sections.
fn profile(user: UserId) -> Profile {
    Profile {
        id: profile_id(),
        user_id: user,
        personal_info: personal_info(),
        professional_summary: Some("Stored summary of a long career".into()),
        enhanced_professional_summary: None,
        enhancement_metadata: Map::new(),
        skills: Skills::default(),
        experiences: vec![],
        education: vec![],
        projects: vec![],
        custom_fields: Map::new(),
        created_at: now() - Duration::days(30),
        updated_at: now() - Duration::days(30),
        version: STORED_VERSION,
    }
}

fn experience(id: &str, title: &str, company: &str, start_date: &str) -> Experience {
    Experience {
        id: id.into(),
        title: title.into(),
        company: company.into(),
        location: None,
        start_date: start_date.into(),
        end_date: None,
        is_current: false,
        description: None,
        enhanced_description: None,
        achievements: vec![],
    }
}

fn ended(mut experience: Experience, end_date: &str) -> Experience {
    experience.end_date = Some(end_date.into());
    experience
}

fn education(id: &str, institution: &str, degree: &str) -> Education {
    Education {
        id: id.into(),
        institution: institution.into(),
        degree: degree.into(),
        field_of_study: "Computer Science".into(),
        start_date: "2010-09-01".into(),
        end_date: Some("2014-06-30".into()),
        gpa: Some(3.6),
        honors: vec![],
    }
}

fn project(id: &str, name: &str) -> Project {
    Project {
        id: id.into(),
        name: name.into(),
        description: format!("{name}, a small tool"),
        enhanced_description: None,
        technologies: vec!["Rust".into()],
        url: None,
        start_date: Some("2022-01-01".into()),
        end_date: None,
    }
}

fn certification(id: &str, name: &str, issuer: &str) -> Certification {
    Certification {
        id: id.into(),
        name: name.into(),
        issuer: issuer.into(),
        date_obtained: "2023-01-01".into(),
        expiry_date: None,
        credential_id: None,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn only_experiences() -> SectionChanges {
    SectionChanges {
        experiences: true,
        ..SectionChanges::NONE
    }
}

fn invalid_text(result: Result<impl std::fmt::Debug, ProfileError>) -> String {
    match result {
        Err(ProfileError::Invalid(text)) => text,
        other => panic!("expected ProfileError::Invalid, got {other:?}"),
    }
}

/// What one call of `ProfileRepository::update` received.
#[derive(Debug, Clone)]
struct Saved {
    profile: Profile,
    expected_version: i64,
    sections: SectionChanges,
}

type Slot<T> = Arc<Mutex<Option<T>>>;

fn taken<T>(slot: &Slot<T>) -> T {
    slot.lock()
        .expect("slot lock")
        .take()
        .expect("the mock was called")
}

// ---------------------------------------------------------------------------------------
// Mocks and the service under test
// ---------------------------------------------------------------------------------------

/// The service's ports, each a strict mock: a call without a matching expectation fails
/// the test, and `.times(n)` / `.never()` are checked when the service is dropped.
struct Mocks {
    profiles: MockProfileRepository,
    clock: MockClock,
}

impl Mocks {
    /// A repository expecting nothing yet and a clock that always answers [`now`].
    fn new() -> Self {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        Self {
            profiles: MockProfileRepository::new(),
            clock,
        }
    }

    fn service(self) -> ProfileService {
        ProfileService::new(ProfilePorts {
            profiles: Arc::new(self.profiles),
            clock: Arc::new(self.clock),
        })
    }

    /// The shared read of `profile_id()` for `me()` answers `stored`, exactly once.
    fn shows(&mut self, stored: &Profile) {
        let stored = Arc::new(stored.clone());
        self.profiles
            .expect_find_shared()
            .with(eq(profile_id()), eq(me()))
            .times(1)
            .returning(move |_, _| Ok(Some(Arc::clone(&stored))));
    }

    /// `find(profile_id())` answers `stored`, exactly `times` times.
    fn finds(&mut self, stored: &Profile, times: usize) {
        let stored = stored.clone();
        self.profiles
            .expect_find()
            .with(eq(profile_id()))
            .times(times)
            .returning(move |_| Ok(Some(stored.clone())));
    }

    /// `find(profile_id())` answers `stored` if the service asks (validating first is
    /// allowed to skip the read).
    fn may_find(&mut self, stored: &Profile) {
        let stored = stored.clone();
        self.profiles
            .expect_find()
            .with(eq(profile_id()))
            .times(0..=1)
            .returning(move |_| Ok(Some(stored.clone())));
    }

    /// `update` succeeds exactly once; the slot receives what it was given.
    fn saves(&mut self) -> Slot<Saved> {
        let slot: Slot<Saved> = Arc::new(Mutex::new(None));
        let captured = Arc::clone(&slot);
        self.profiles.expect_update().times(1).returning(
            move |profile, expected_version, sections| {
                *captured.lock().expect("slot lock") = Some(Saved {
                    profile: profile.clone(),
                    expected_version,
                    sections,
                });
                Ok(())
            },
        );
        slot
    }

    fn never_saves(&mut self) {
        self.profiles.expect_update().never();
    }

    fn never_inserts(&mut self) {
        self.profiles.expect_insert().never();
    }

    /// `insert` answers `result` exactly once; the slot receives the profile it was given.
    fn inserts(&mut self, result: Result<(), SaveProfileError>) -> Slot<Profile> {
        let slot: Slot<Profile> = Arc::new(Mutex::new(None));
        let captured = Arc::clone(&slot);
        self.profiles
            .expect_insert()
            .times(1)
            .return_once(move |profile| {
                *captured.lock().expect("slot lock") = Some(profile.clone());
                result
            });
        slot
    }
}

fn new_profile() -> NewProfile {
    NewProfile {
        personal_info: personal_info(),
        professional_summary: Some("Engineer who ships reliable backends".into()),
        ..NewProfile::default()
    }
}

// ---------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_stores_a_first_version_with_normalised_personal_info() {
    let mut mocks = Mocks::new();
    let inserted = mocks.inserts(Ok(()));
    let new = NewProfile {
        personal_info: PersonalInfo {
            full_name: "  Jane Doe ".into(),
            email: "jane@Example.COM".into(),
            phone: Some(" +1 555 0100 ".into()),
            linkedin: Some("linkedin.com/in/jane".into()),
            github: Some("https://github.com/jane".into()),
            ..PersonalInfo::default()
        },
        experiences: vec![ended(
            experience("e1", "Engineer", "Acme", "2018-01-01"),
            "2020-12-31",
        )],
        ..new_profile()
    };

    let created = mocks.service().create(me(), new).await.expect("created");

    assert_eq!(created.version, 1);
    assert_eq!(created.user_id, me());
    assert_eq!(created.created_at, now());
    assert_eq!(created.updated_at, now());
    let info = &created.personal_info;
    assert_eq!(info.full_name, "Jane Doe");
    assert_eq!(info.email, "jane@example.com");
    assert_eq!(info.phone.as_deref(), Some("+1 555 0100"));
    assert_eq!(
        info.linkedin.as_deref(),
        Some("https://linkedin.com/in/jane")
    );
    assert_eq!(info.github.as_deref(), Some("https://github.com/jane"));
    assert_eq!(created.experiences.len(), 1);
    assert_eq!(taken(&inserted), created);
}

#[tokio::test]
async fn create_answers_already_exists_when_the_user_has_a_profile() {
    let mut mocks = Mocks::new();
    let inserted = mocks.inserts(Err(SaveProfileError::AlreadyExists));

    let result = mocks.service().create(me(), new_profile()).await;

    assert!(
        matches!(result, Err(ProfileError::AlreadyExists)),
        "{result:?}"
    );
    assert_eq!(taken(&inserted).user_id, me());
}

#[tokio::test]
async fn create_refuses_an_experience_that_ends_before_it_starts_and_stores_nothing() {
    let mut mocks = Mocks::new();
    mocks.never_inserts();
    let new = NewProfile {
        experiences: vec![ended(
            experience("e1", "Engineer", "Acme", "2020-01-01"),
            "2019-01-01",
        )],
        ..new_profile()
    };

    let text = invalid_text(mocks.service().create(me(), new).await);

    assert!(text.starts_with("Invalid profile data:"), "{text}");
    assert!(text.contains("experiences[0]"), "{text}");
    assert!(
        text.contains("Start date cannot be after end date"),
        "{text}"
    );
}

#[tokio::test]
async fn create_refuses_two_items_of_a_section_with_the_same_id() {
    let mut mocks = Mocks::new();
    mocks.never_inserts();
    let new = NewProfile {
        education: vec![
            education("ed-1", "MIT", "BSc"),
            education("ed-1", "Stanford", "MSc"),
        ],
        ..new_profile()
    };

    let text = invalid_text(mocks.service().create(me(), new).await);

    assert!(text.starts_with("Invalid profile data:"), "{text}");
    assert!(text.contains("education[1]"), "{text}");
    assert!(text.contains("duplicate id"), "{text}");
}

#[tokio::test]
async fn create_refuses_a_summary_of_2001_characters_and_stores_nothing() {
    let mut mocks = Mocks::new();
    mocks.never_inserts();
    let new = NewProfile {
        professional_summary: Some("x".repeat(2001)),
        ..new_profile()
    };

    let text = invalid_text(mocks.service().create(me(), new).await);

    assert!(text.starts_with("Invalid profile data:"), "{text}");
    assert!(text.contains("professional_summary"), "{text}");
}

#[tokio::test]
async fn create_refuses_101_experiences() {
    let mut mocks = Mocks::new();
    mocks.never_inserts();
    let new = NewProfile {
        experiences: (0..101)
            .map(|i| experience(&format!("e{i}"), &format!("Role {i}"), "Acme", "2020-01-01"))
            .collect(),
        ..new_profile()
    };

    let text = invalid_text(mocks.service().create(me(), new).await);

    assert!(text.starts_with("Invalid profile data:"), "{text}");
    assert!(text.contains("100 experiences"), "{text}");
}

// ---------------------------------------------------------------------------------------
// get / mine
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn get_answers_not_found_for_an_unknown_id() {
    let mut mocks = Mocks::new();
    mocks
        .profiles
        .expect_find_shared()
        .with(eq(profile_id()), eq(me()))
        .times(1)
        .returning(|_, _| Ok(None));

    let result = mocks.service().get(me(), profile_id()).await;

    assert!(matches!(result, Err(ProfileError::NotFound)), "{result:?}");
}

#[tokio::test]
async fn get_answers_forbidden_for_another_users_profile() {
    let mut mocks = Mocks::new();
    mocks.shows(&profile(someone_else()));

    let result = mocks.service().get(me(), profile_id()).await;

    assert!(matches!(result, Err(ProfileError::Forbidden)), "{result:?}");
}

#[tokio::test]
async fn mine_answers_no_profile_when_the_user_has_none() {
    let mut mocks = Mocks::new();
    mocks
        .profiles
        .expect_find_by_user_shared()
        .with(eq(me()))
        .times(1)
        .returning(|_| Ok(None));

    let result = mocks.service().mine(me()).await;

    assert!(matches!(result, Err(ProfileError::NoProfile)), "{result:?}");
}

#[tokio::test]
async fn mine_and_get_share_the_profile_read_without_copying_it() {
    let stored = Arc::new(profile(me()));
    let mut mocks = Mocks::new();
    let by_user = Arc::clone(&stored);
    mocks
        .profiles
        .expect_find_by_user_shared()
        .with(eq(me()))
        .times(1)
        .returning(move |_| Ok(Some(Arc::clone(&by_user))));
    mocks.shows(&stored);
    let service = mocks.service();

    let mine = service.mine(me()).await.unwrap();
    let shared = service.get_shared(me(), profile_id()).await.unwrap();

    assert!(Arc::ptr_eq(&mine, &stored));
    assert_eq!(*shared, *stored);
}

// ---------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn update_without_a_summary_keeps_the_stored_summary() {
    let stored = profile(me());
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let update = ProfileUpdate {
        professional_summary: None,
        enhanced_professional_summary: Some("A sharper version of the summary".into()),
        ..ProfileUpdate::default()
    };

    let updated = mocks
        .service()
        .update(me(), profile_id(), update)
        .await
        .expect("updated");

    let saved = taken(&saved);
    assert_eq!(
        saved.profile.professional_summary,
        stored.professional_summary
    );
    assert_eq!(
        saved.profile.enhanced_professional_summary.as_deref(),
        Some("A sharper version of the summary")
    );
    assert_eq!(saved.sections, SectionChanges::NONE);
    assert_eq!(updated, saved.profile);
}

#[tokio::test]
async fn update_replaces_a_present_section_whole_and_saves_only_that_section_at_the_next_version() {
    let mut stored = profile(me());
    stored.experiences = vec![
        experience("e1", "Engineer", "Acme", "2018-01-01"),
        experience("e2", "Senior Engineer", "Acme", "2020-01-01"),
    ];
    stored.education = vec![education("ed1", "MIT", "BSc")];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let replacement = experience("e3", "Lead", "Globex", "2022-01-01");
    let update = ProfileUpdate {
        experiences: Some(vec![replacement.clone()]),
        ..ProfileUpdate::default()
    };

    let updated = mocks
        .service()
        .update(me(), profile_id(), update)
        .await
        .expect("updated");

    let saved = taken(&saved);
    assert_eq!(saved.sections, only_experiences());
    assert_eq!(saved.expected_version, STORED_VERSION);
    assert_eq!(saved.profile.version, STORED_VERSION + 1);
    assert_eq!(saved.profile.experiences, vec![replacement]);
    assert_eq!(saved.profile.education, stored.education);
    assert_eq!(saved.profile.updated_at, now());
    assert_eq!(updated, saved.profile);
}

#[tokio::test]
async fn update_refuses_invalid_personal_info_and_saves_nothing() {
    let mut mocks = Mocks::new();
    mocks.may_find(&profile(me()));
    mocks.never_saves();
    let update = ProfileUpdate {
        personal_info: Some(PersonalInfo {
            email: "not-an-email".into(),
            ..personal_info()
        }),
        ..ProfileUpdate::default()
    };

    let text = invalid_text(mocks.service().update(me(), profile_id(), update).await);

    assert!(text.starts_with("Invalid personal info:"), "{text}");
    assert!(text.contains("email"), "{text}");
}

#[tokio::test]
async fn update_reloads_and_retries_after_a_concurrent_save() {
    let first = profile(me());
    let mut newer = profile(me());
    newer.version = STORED_VERSION + 1;
    newer.skills.technical = strings(&["Go"]);
    let finds = Arc::new(AtomicUsize::new(0));
    let saves: Arc<Mutex<Vec<Saved>>> = Arc::new(Mutex::new(vec![]));
    let mut mocks = Mocks::new();
    {
        let finds = Arc::clone(&finds);
        mocks
            .profiles
            .expect_find()
            .with(eq(profile_id()))
            .times(2)
            .returning(move |_| {
                let stored = if finds.fetch_add(1, Ordering::SeqCst) == 0 {
                    first.clone()
                } else {
                    newer.clone()
                };
                Ok(Some(stored))
            });
    }
    {
        let saves = Arc::clone(&saves);
        mocks.profiles.expect_update().times(2).returning(
            move |profile, expected_version, sections| {
                let mut saves = saves.lock().expect("saves lock");
                saves.push(Saved {
                    profile: profile.clone(),
                    expected_version,
                    sections,
                });
                if saves.len() == 1 {
                    Err(SaveProfileError::Conflict)
                } else {
                    Ok(())
                }
            },
        );
    }
    let update = ProfileUpdate {
        professional_summary: Some("A brand new summary".into()),
        ..ProfileUpdate::default()
    };

    let updated = mocks
        .service()
        .update(me(), profile_id(), update)
        .await
        .expect("updated on the second attempt");

    assert_eq!(finds.load(Ordering::SeqCst), 2);
    let saves = saves.lock().expect("saves lock").clone();
    let versions: Vec<(i64, i64)> = saves
        .iter()
        .map(|s| (s.expected_version, s.profile.version))
        .collect();
    assert_eq!(
        versions,
        vec![
            (STORED_VERSION, STORED_VERSION + 1),
            (STORED_VERSION + 1, STORED_VERSION + 2)
        ]
    );
    assert_eq!(updated.version, STORED_VERSION + 2);
    assert_eq!(
        updated.professional_summary.as_deref(),
        Some("A brand new summary")
    );
    assert_eq!(
        updated.skills.technical,
        strings(&["Go"]),
        "the concurrent change is kept"
    );
}

#[tokio::test]
async fn update_gives_up_with_conflict_after_three_concurrent_saves() {
    let mut mocks = Mocks::new();
    mocks.finds(&profile(me()), 3);
    mocks
        .profiles
        .expect_update()
        .times(3)
        .returning(|_, _, _| Err(SaveProfileError::Conflict));
    let update = ProfileUpdate {
        professional_summary: Some("A brand new summary".into()),
        ..ProfileUpdate::default()
    };

    let result = mocks.service().update(me(), profile_id(), update).await;

    assert!(matches!(result, Err(ProfileError::Conflict)), "{result:?}");
}

// ---------------------------------------------------------------------------------------
// Bulk section operations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn add_experiences_skips_repeats_and_known_ids_and_appends_the_rest_in_order() {
    let existing = experience("e1", "Engineer", "Acme", "2020-01-01");
    let mut stored = profile(me());
    stored.experiences = vec![existing.clone()];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let designer = experience("n1", "Designer", "Globex", "2018-01-01");
    let same_entry = experience("n2", " engineer ", "ACME", "2020-01-01");
    let same_id = experience("e1", "Architect", "Initech", "2015-01-01");
    let lead = experience("n3", "Lead", "Initech", "2021-01-01");

    let added = mocks
        .service()
        .add_items(
            me(),
            profile_id(),
            vec![designer.clone(), same_entry, same_id, lead.clone()],
        )
        .await
        .expect("added");

    assert_eq!(added, vec![designer.clone(), lead.clone()]);
    let saved = taken(&saved);
    assert_eq!(saved.profile.experiences, vec![existing, designer, lead]);
    assert_eq!(saved.sections, only_experiences());
    assert_eq!(saved.expected_version, STORED_VERSION);
    assert_eq!(saved.profile.version, STORED_VERSION + 1);
}

#[tokio::test]
async fn add_experiences_refuses_an_invalid_item_and_saves_nothing() {
    let mut mocks = Mocks::new();
    mocks.may_find(&profile(me()));
    mocks.never_saves();
    let items = vec![
        experience("n1", "Designer", "Globex", "2018-01-01"),
        ended(
            experience("n2", "Lead", "Initech", "2021-01-01"),
            "2020-01-01",
        ),
    ];

    let text = invalid_text(
        mocks
            .service()
            .add_items::<Experience>(me(), profile_id(), items)
            .await,
    );

    assert!(text.starts_with("Invalid experience data: [1]:"), "{text}");
    assert!(
        text.contains("Start date cannot be after end date"),
        "{text}"
    );
}

#[tokio::test]
async fn update_education_replaces_entries_by_id_ignores_unknown_ids_and_returns_the_replaced() {
    let mit = education("ed1", "MIT", "BSc");
    let mut stored = profile(me());
    stored.education = vec![mit.clone(), education("ed2", "Stanford", "BSc")];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let stanford_msc = education("ed2", "Stanford", "MSc");
    let unknown = education("nope", "Oxford", "DPhil");

    let updated = mocks
        .service()
        .update_items(me(), profile_id(), vec![stanford_msc.clone(), unknown])
        .await
        .expect("updated");

    assert_eq!(updated, vec![stanford_msc.clone()]);
    let saved = taken(&saved);
    assert_eq!(saved.profile.education, vec![mit, stanford_msc]);
    assert_eq!(
        saved.sections,
        SectionChanges {
            education: true,
            ..SectionChanges::NONE
        }
    );
    assert_eq!(saved.expected_version, STORED_VERSION);
}

#[tokio::test]
async fn delete_projects_counts_the_removed_ones_and_ignores_unknown_ids() {
    let mut stored = profile(me());
    stored.projects = vec![
        project("p1", "Alpha"),
        project("p2", "Beta"),
        project("p3", "Gamma"),
    ];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let removed = mocks
        .service()
        .delete_items::<Project>(me(), profile_id(), strings(&["p2", "unknown"]))
        .await
        .expect("deleted");

    assert_eq!(removed, 1);
    let saved = taken(&saved);
    assert_eq!(
        saved.profile.projects,
        vec![project("p1", "Alpha"), project("p3", "Gamma")]
    );
    assert_eq!(
        saved.sections,
        SectionChanges {
            projects: true,
            ..SectionChanges::NONE
        }
    );
}

// ---------------------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn add_skills_appends_new_ones_in_order_and_ignores_case_insensitive_repeats() {
    let mut stored = profile(me());
    stored.skills.technical = strings(&["Rust", "Go"]);
    stored.skills.soft = strings(&["Teamwork"]);
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let added = mocks
        .service()
        .add_skills(
            me(),
            profile_id(),
            SkillKind::Technical,
            strings(&["rust", "Python", " python ", "Docker"]),
        )
        .await
        .expect("added");

    assert_eq!(added, 2);
    let saved = taken(&saved);
    assert_eq!(
        saved.profile.skills.technical,
        strings(&["Rust", "Go", "Python", "Docker"])
    );
    assert_eq!(saved.profile.skills.soft, strings(&["Teamwork"]));
    assert_eq!(saved.sections, SectionChanges::NONE);
}

#[tokio::test]
async fn add_skills_counts_the_new_skills_even_when_the_stored_list_has_case_variants() {
    let mut stored = profile(me());
    stored.skills.technical = strings(&["Rust", "rust", "RUST"]);
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let added = mocks
        .service()
        .add_skills(me(), profile_id(), SkillKind::Technical, strings(&["Go"]))
        .await
        .expect("added");

    assert_eq!(added, 1);
    let saved = taken(&saved);
    assert!(saved.profile.skills.technical.contains(&"Go".to_owned()));
}

#[tokio::test]
async fn remove_skills_matches_case_insensitively() {
    let mut stored = profile(me());
    stored.skills.technical = strings(&["Rust"]);
    stored.skills.soft = strings(&["Teamwork", "Leadership", "Communication"]);
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let removed = mocks
        .service()
        .remove_skills(
            me(),
            profile_id(),
            SkillKind::Soft,
            strings(&["TEAMWORK", " communication ", "Unknown"]),
        )
        .await
        .expect("removed");

    assert_eq!(removed, 2);
    let saved = taken(&saved);
    assert_eq!(saved.profile.skills.soft, strings(&["Leadership"]));
    assert_eq!(saved.profile.skills.technical, strings(&["Rust"]));
}

#[tokio::test]
async fn replace_skills_gives_certifications_without_an_id_a_generated_one() {
    let mut stored = profile(me());
    stored.skills.technical = strings(&["Cobol"]);
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let skills = Skills {
        technical: strings(&["Rust"]),
        soft: strings(&["Teamwork"]),
        languages: vec![],
        certifications: vec![
            certification("", "AWS SAA", "AWS"),
            certification("keep-me", "CKA", "CNCF"),
        ],
    };

    let replaced = mocks
        .service()
        .replace_skills(me(), profile_id(), skills)
        .await
        .expect("replaced");

    let generated = &replaced.certifications[0].id;
    assert!(Uuid::parse_str(generated).is_ok(), "{generated:?}");
    assert_eq!(replaced.certifications[1].id, "keep-me");
    assert_eq!(replaced.technical, strings(&["Rust"]));
    let saved = taken(&saved);
    assert_eq!(saved.profile.skills, replaced);
    assert_eq!(saved.sections, SectionChanges::NONE);
}

// ---------------------------------------------------------------------------------------
// Certifications
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn add_certifications_assigns_ids_and_skips_the_same_name_and_issuer_or_a_known_id() {
    let aws = certification("c1", "AWS SAA", "AWS");
    let mut stored = profile(me());
    stored.skills.certifications = vec![aws.clone()];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let added = mocks
        .service()
        .add_certifications(
            me(),
            profile_id(),
            vec![
                certification("", "aws saa", "aws"),
                certification("c1", "PMP", "PMI"),
                certification("", "CKA", "CNCF"),
            ],
        )
        .await
        .expect("added");

    assert_eq!(added.len(), 1);
    assert_eq!(added[0].name, "CKA");
    assert!(Uuid::parse_str(&added[0].id).is_ok(), "{:?}", added[0].id);
    let saved = taken(&saved);
    assert_eq!(
        saved.profile.skills.certifications,
        vec![aws, added[0].clone()]
    );
}

#[tokio::test]
async fn update_certifications_replaces_by_id() {
    let aws = certification("c1", "AWS SAA", "AWS");
    let mut stored = profile(me());
    stored.skills.certifications = vec![aws.clone(), certification("c2", "CKA", "CNCF")];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let renewed = Certification {
        credential_id: Some("CKA-123".into()),
        expiry_date: Some("2026-01-01".into()),
        ..certification("c2", "CKA", "CNCF")
    };

    let updated = mocks
        .service()
        .update_certifications(
            me(),
            profile_id(),
            vec![renewed.clone(), certification("unknown", "PMP", "PMI")],
        )
        .await
        .expect("updated");

    assert_eq!(updated, vec![renewed.clone()]);
    let saved = taken(&saved);
    assert_eq!(saved.profile.skills.certifications, vec![aws, renewed]);
}

#[tokio::test]
async fn delete_certifications_removes_by_id() {
    let cka = certification("c2", "CKA", "CNCF");
    let mut stored = profile(me());
    stored.skills.certifications = vec![certification("c1", "AWS SAA", "AWS"), cka.clone()];
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let removed = mocks
        .service()
        .delete_certifications(me(), profile_id(), strings(&["c1", "unknown"]))
        .await
        .expect("deleted");

    assert_eq!(removed, 1);
    assert_eq!(taken(&saved).profile.skills.certifications, vec![cka]);
}

// ---------------------------------------------------------------------------------------
// Custom fields
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn merge_custom_fields_returns_every_key_present() {
    let mut stored = profile(me());
    stored
        .custom_fields
        .insert("hobbies".into(), json!(["chess"]));
    stored.custom_fields.insert("pets".into(), json!("cat"));
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();

    let mut keys = mocks
        .service()
        .merge_custom_fields(
            me(),
            profile_id(),
            vec![
                ("hobbies".into(), json!(["go"])),
                ("volunteering".into(), json!({"org": "Red Cross"})),
            ],
        )
        .await
        .expect("merged");

    keys.sort();
    assert_eq!(keys, strings(&["hobbies", "pets", "volunteering"]));
    let fields = taken(&saved).profile.custom_fields;
    assert_eq!(fields.len(), 3);
    assert_eq!(fields["hobbies"], json!(["go"]));
    assert_eq!(fields["pets"], json!("cat"));
    assert_eq!(fields["volunteering"], json!({"org": "Red Cross"}));
}

#[tokio::test]
async fn merge_custom_fields_refuses_a_value_over_10_kib_and_saves_nothing() {
    let mut mocks = Mocks::new();
    mocks.may_find(&profile(me()));
    mocks.never_saves();
    let huge = Value::String("x".repeat(10 * 1024 + 1));

    let result = mocks
        .service()
        .merge_custom_fields(me(), profile_id(), vec![("notes".into(), huge)])
        .await;

    let text = invalid_text(result);
    assert!(text.contains("notes"), "{text}");
}

#[tokio::test]
async fn replace_custom_fields_replaces_all_fields() {
    let mut stored = profile(me());
    stored.custom_fields.insert("a".into(), json!(1));
    stored.custom_fields.insert("b".into(), json!(2));
    let mut mocks = Mocks::new();
    mocks.finds(&stored, 1);
    let saved = mocks.saves();
    let mut replacement = Map::new();
    replacement.insert("c".into(), json!({"nested": [1, 2]}));

    let stored_fields = mocks
        .service()
        .replace_custom_fields(me(), profile_id(), replacement.clone())
        .await
        .expect("replaced");

    assert_eq!(stored_fields, replacement);
    let saved = taken(&saved);
    assert_eq!(saved.profile.custom_fields, replacement);
    assert_eq!(saved.sections, SectionChanges::NONE);
}

// ---------------------------------------------------------------------------------------
// Analytics and delete
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn analytics_of_an_owned_profile_counts_ongoing_experiences_up_to_the_clocks_year() {
    let mut stored = profile(me());
    stored.experiences = vec![
        ended(
            experience("e1", "Junior", "Acme", "2010-01-01"),
            "2012-06-30",
        ),
        Experience {
            is_current: true,
            ..experience("e2", "Engineer", "Globex", "2015-06-01")
        },
    ];
    let mut clock = MockClock::new();
    clock.expect_now().times(1).return_const(now());
    let mut mocks = Mocks {
        profiles: MockProfileRepository::new(),
        clock,
    };
    mocks.shows(&stored);
    mocks.never_saves();

    let analytics = mocks
        .service()
        .analytics(me(), profile_id())
        .await
        .expect("analytics");

    // 2010..2012 plus 2015..2021 (the clock's year).
    assert!(
        (analytics.statistics.years_of_experience - 8.0).abs() < f64::EPSILON,
        "{}",
        analytics.statistics.years_of_experience
    );
    assert_eq!(analytics.statistics.total_experiences, 2);
    assert_eq!(analytics.completeness.experiences, 40);
}

#[tokio::test]
async fn delete_checks_ownership_before_deleting() {
    let mut mocks = Mocks::new();
    let mut order = Sequence::new();
    let stored = profile(me());
    mocks
        .profiles
        .expect_find()
        .with(eq(profile_id()))
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_| Ok(Some(stored.clone())));
    mocks
        .profiles
        .expect_delete()
        .with(eq(profile_id()))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(true));

    mocks
        .service()
        .delete(me(), profile_id())
        .await
        .expect("deleted");
}

#[tokio::test]
async fn delete_of_another_users_profile_is_forbidden_and_deletes_nothing() {
    let mut mocks = Mocks::new();
    mocks.finds(&profile(someone_else()), 1);
    mocks.profiles.expect_delete().never();

    let result = mocks.service().delete(me(), profile_id()).await;

    assert!(matches!(result, Err(ProfileError::Forbidden)), "{result:?}");
}

#[tokio::test]
async fn replace_all_applies_every_part_in_one_versioned_write() {
    let mut m = Mocks::new();
    let stored = profile(me());
    let by_user = stored.clone();
    m.profiles
        .expect_find_by_user()
        .times(1)
        .returning(move |_| Ok(Some(by_user.clone())));
    m.finds(&stored, 1);
    let saved = m.saves();
    let mut fields = Map::new();
    fields.insert("hobbies".into(), serde_json::json!(["chess"]));

    let result = m
        .service()
        .replace_all(
            me(),
            NewProfile {
                personal_info: personal_info(),
                professional_summary: Some("Imported summary text".into()),
                custom_fields: fields.clone(),
                ..NewProfile::default()
            },
        )
        .await
        .unwrap();

    let saved = saved.lock().unwrap().take().unwrap();
    assert_eq!(saved.sections, SectionChanges::ALL);
    assert_eq!(saved.profile.custom_fields, fields);
    assert_eq!(result.custom_fields, fields);
    assert_eq!(
        saved.profile.professional_summary.as_deref(),
        Some("Imported summary text")
    );
}

#[tokio::test]
async fn replace_all_with_bad_custom_fields_writes_nothing() {
    let mut m = Mocks::new();
    let stored = profile(me());
    m.profiles
        .expect_find_by_user()
        .times(1)
        .returning(move |_| Ok(Some(stored.clone())));
    m.profiles.expect_update().never();
    let mut fields = Map::new();
    fields.insert("big".into(), Value::String("x".repeat(20_000)));

    let result = m
        .service()
        .replace_all(
            me(),
            NewProfile {
                personal_info: personal_info(),
                custom_fields: fields,
                ..NewProfile::default()
            },
        )
        .await;

    assert!(
        matches!(result, Err(ProfileError::Invalid(_))),
        "{result:?}"
    );
}
