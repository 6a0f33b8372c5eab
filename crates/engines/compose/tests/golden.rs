//! Golden outputs: the resume and letter of each fixture under `tests/fixtures/` compared
//! with the files under `tests/golden/`. After an intended change of wording or layout,
//! re-write them with `TAILOR_BLESS=1 cargo test -p tailor-compose --test golden` and
//! review the diff.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tailor_compose::{
    Evidence, Job, LetterOptions, Profile, ResumeOptions, ResumeSelection, StyleHints,
    compose_letter, compose_resume, placeholders,
};

#[derive(Deserialize)]
struct Fixture {
    profile: Profile,
    selection: ResumeSelection,
    resume: ResumeOptions,
    job: Job,
    evidence: Vec<Evidence>,
    style: StyleHints,
    letter: LetterOptions,
}

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

fn load(name: &str) -> Fixture {
    let path = dir("fixtures").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Compares `actual` with the golden file, or writes it when `TAILOR_BLESS` is set.
fn check(file: &str, actual: &str) {
    let path = dir("golden").join(file);
    if std::env::var_os("TAILOR_BLESS").is_some() {
        std::fs::create_dir_all(dir("golden")).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{path:?}: {e}; write it with TAILOR_BLESS=1 cargo test -p tailor-compose --test golden"
        )
    });
    assert!(
        expected == actual,
        "{file} differs from its golden copy (re-bless with TAILOR_BLESS=1 if intended)\n\
         --- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn golden(name: &str) {
    let f = load(name);
    let resume = compose_resume(&f.profile, &f.selection, &f.resume);
    check(&format!("{name}.resume.txt"), &resume.content_text);
    let mut structured = serde_json::to_string_pretty(&resume.structured).unwrap();
    structured.push('\n');
    check(&format!("{name}.resume.json"), &structured);
    let dropped: Vec<String> = resume
        .dropped
        .iter()
        .map(|d| format!("{:?} {}", d.kind, d.source_id))
        .collect();
    check(
        &format!("{name}.resume.fit.txt"),
        &format!(
            "lines {} of {}\n{}",
            resume.estimated_lines,
            resume.line_budget,
            dropped
                .iter()
                .map(|d| format!("dropped {d}\n"))
                .collect::<String>()
        ),
    );

    let letter = compose_letter(&f.profile, &f.job, &f.evidence, &f.style, &f.letter);
    assert!(
        placeholders(&letter.text).is_empty(),
        "{name}: {:?}",
        placeholders(&letter.text)
    );
    check(&format!("{name}.letter.txt"), &format!("{}\n", letter.text));
    let mut structured = serde_json::to_string_pretty(&letter.structured).unwrap();
    structured.push('\n');
    check(&format!("{name}.letter.json"), &structured);
}

#[test]
fn a_software_engineer_gets_the_golden_resume_and_letter() {
    golden("software");
}

#[test]
fn a_nurse_gets_the_golden_resume_and_letter() {
    golden("nurse");
}

#[test]
fn a_chef_gets_the_golden_resume_and_letter() {
    golden("chef");
}

#[test]
fn an_empty_profile_for_a_placeholder_job_gets_the_golden_resume_and_letter() {
    golden("minimal");
}
