//! Work mode, employment type, seniority and years on lines and whole postings.

use super::*;

fn body(texts: &[&'static str]) -> Vec<LineInfo<'static>> {
    texts
        .iter()
        .map(|&text| LineInfo {
            text,
            header: false,
            kind: None,
        })
        .collect()
}

fn mode(texts: &[&'static str]) -> Option<WorkMode> {
    work_mode(&body(texts), None)
}

#[test]
fn remote_hybrid_and_onsite_are_read_from_the_text() {
    assert_eq!(
        mode(&["This is a fully remote role."]),
        Some(WorkMode::Remote)
    );
    assert_eq!(
        mode(&["We are a remote-first company."]),
        Some(WorkMode::Remote)
    );
    assert_eq!(
        mode(&["Work from home anywhere in Canada."]),
        Some(WorkMode::Remote)
    );
    assert_eq!(mode(&["WFH allowed."]), Some(WorkMode::Remote));
    assert_eq!(mode(&["We are fully distributed."]), Some(WorkMode::Remote));
    assert_eq!(mode(&["Hybrid: 2 days in office."]), Some(WorkMode::Hybrid));
    assert_eq!(
        mode(&["You'll join us 3 days a week in the office."]),
        Some(WorkMode::Hybrid)
    );
    assert_eq!(
        mode(&["This role is on-site in Austin."]),
        Some(WorkMode::Onsite)
    );
    assert_eq!(
        mode(&["In-person, five days a week."]),
        Some(WorkMode::Onsite)
    );
    assert_eq!(mode(&["We build great things."]), None);
}

#[test]
fn a_negated_remote_means_onsite() {
    assert_eq!(
        mode(&["Please note this is not a remote role."]),
        Some(WorkMode::Onsite)
    );
    assert_eq!(mode(&["No remote work."]), Some(WorkMode::Onsite));
    assert_eq!(mode(&["Remote: No"]), Some(WorkMode::Onsite));
    assert_eq!(
        mode(&["Remote work is not available for this position."]),
        Some(WorkMode::Onsite)
    );
    assert_eq!(
        mode(&["This is not a fully remote role: we work hybrid, 3 days in office."]),
        Some(WorkMode::Hybrid)
    );
}

#[test]
fn technical_uses_of_the_words_are_not_work_modes() {
    assert_eq!(
        mode(&["Experience with hybrid cloud and remote sensing data."]),
        None
    );
    assert_eq!(mode(&["There will be an onsite interview."]), None);
}

#[test]
fn a_remote_stipend_in_the_benefits_still_reads_as_remote() {
    let lines = [LineInfo {
        text: "Remote work stipend",
        header: false,
        kind: Some(Kind::Benefits),
    }];
    assert_eq!(work_mode(&lines, None), Some(WorkMode::Remote));
}

fn employment(texts: &[&'static str], title: Option<&str>) -> Option<EmploymentType> {
    employment_type(&body(texts), title)
}

#[test]
fn employment_types_are_read_with_their_synonyms() {
    use EmploymentType::*;
    assert_eq!(
        employment(&["This is a full-time position."], None),
        Some(FullTime)
    );
    assert_eq!(
        employment(&["Part-time, 20 hours a week."], None),
        Some(PartTime)
    );
    assert_eq!(
        employment(&["A 6-month contract with possible extension."], None),
        Some(Contract)
    );
    assert_eq!(
        employment(&["Open to freelancers and C2C."], None),
        Some(Contract)
    );
    assert_eq!(employment(&["1099 contractor role."], None), Some(Contract));
    assert_eq!(
        employment(&["A seasonal role for the holidays."], None),
        Some(Temporary)
    );
    assert_eq!(
        employment(&["12-month fixed-term contract."], None),
        Some(Temporary)
    );
    assert_eq!(
        employment(&["Summer internship program."], None),
        Some(Internship)
    );
    assert_eq!(
        employment(&[], Some("Software Engineering Intern")),
        Some(Internship)
    );
    assert_eq!(employment(&["Contract negotiation skills."], None), None);
    assert_eq!(employment(&["You will mentor interns."], None), None);
}

#[test]
fn a_mention_that_names_the_job_outweighs_a_passing_one() {
    assert_eq!(
        employment(
            &[
                "We're hiring a full-time math teacher.",
                "Paid on a 10-month contract."
            ],
            None
        ),
        Some(EmploymentType::FullTime)
    );
    assert_eq!(
        employment(
            &["This is a contract role.", "Full-time hours expected."],
            None
        ),
        Some(EmploymentType::Contract)
    );
}

#[test]
fn the_title_sets_the_seniority() {
    use Seniority::*;
    for (title, level) in [
        ("Software Engineering Intern", Intern),
        ("New Grad Software Engineer", Entry),
        ("Junior Developer", Junior),
        ("Jr. Data Analyst", Junior),
        ("Software Engineer II", Mid),
        ("Mid-level Backend Engineer", Mid),
        ("Senior Data Engineer", Senior),
        ("Sr. Product Designer", Senior),
        ("Software Engineer III", Senior),
        ("Tech Lead", Lead),
        ("Staff Software Engineer", Lead),
        ("Principal Engineer", Principal),
        ("Engineering Manager", Manager),
        ("Senior Engineering Manager", Manager),
        ("Director of Engineering", Director),
        ("Head of Data", Director),
        ("VP of Engineering", Executive),
        ("CTO", Executive),
        ("Senior Product Manager", Senior),
    ] {
        assert_eq!(title_seniority(title), Some(level), "{title}");
    }
    assert_eq!(title_seniority("Product Manager"), None);
    assert_eq!(title_seniority("Staff Accountant"), None);
    assert_eq!(title_seniority("Software Engineer"), None);
}

#[test]
fn a_stated_level_sets_the_seniority_when_the_title_does_not() {
    let lines = body(&["Seniority level: Mid-Senior level"]);
    assert_eq!(
        seniority(Some("Data Engineer"), &lines, None),
        Some(Seniority::Senior)
    );
    let lines = body(&["This is an entry-level role."]);
    assert_eq!(
        seniority(Some("Data Engineer"), &lines, None),
        Some(Seniority::Entry)
    );
    assert_eq!(
        seniority(Some("Data Engineer"), &[], Some(EmploymentType::Internship)),
        Some(Seniority::Intern)
    );
}

#[test]
fn years_are_read_in_every_common_form() {
    for (text, years) in [
        ("5+ years of experience with Rust", 5),
        ("At least 3 years of professional experience", 3),
        ("3-5 years of experience", 3),
        ("3 to 5 years experience", 3),
        ("Minimum of two years in a similar role", 2),
        ("two (2) years of experience", 2),
        ("10+ yrs exp", 10),
        ("1 year of experience", 1),
    ] {
        assert_eq!(years_in(text, false), [years], "{text}");
    }
}

#[test]
fn years_of_company_history_are_not_asked_for() {
    for text in [
        "Founded 10 years ago, we serve millions.",
        "For over 20 years our company has served clients.",
        "A 4-year degree in computer science",
        "We are celebrating 15 years in business.",
    ] {
        assert_eq!(years_in(text, false), Vec::<u32>::new(), "{text}");
    }
    assert_eq!(
        years_in("We have grown for 5 years.", true),
        Vec::<u32>::new()
    );
}
