//! The header reader on first lines, labels, sentences and bodies.

use super::*;

fn header(text: &str) -> Header {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    read(&lines)
}

#[test]
fn places_in_every_common_form_are_locations() {
    for (text, place) in [
        ("Austin, TX", "Austin, TX"),
        ("Austin, TX (Hybrid)", "Austin, TX"),
        ("San Francisco, CA 94105", "San Francisco, CA 94105"),
        ("Berlin, Germany", "Berlin, Germany"),
        ("London", "London"),
        ("Remote", "Remote"),
        ("Remote (US)", "Remote (US)"),
        ("Toronto, ON, Canada", "Toronto, ON, Canada"),
        ("San Francisco Bay Area", "San Francisco Bay Area"),
        ("New York, NY or Remote", "New York, NY or Remote"),
    ] {
        assert_eq!(location_of(text).as_deref(), Some(place), "{text}");
    }
    for text in [
        "Senior Engineer",
        "Acme Corp",
        "Python, SQL",
        "Hybrid",
        "Remote work stipend",
    ] {
        assert_eq!(location_of(text), None, "{text}");
    }
}

#[test]
fn job_board_chrome_is_noise() {
    for line in [
        "Apply",
        "Easy Apply",
        "Save",
        "Promoted",
        "Actively recruiting",
        "1 week ago",
        "Posted 3 days ago",
        "Over 100 applicants",
        "Share",
        "Report this job",
        "4.1 out of 5 stars",
        "4.1",
        "2 weeks ago · Over 100 applicants",
        "1,001-5,000 employees",
        "#LI-Remote",
    ] {
        assert!(is_noise(line), "{line}");
    }
    for line in [
        "Senior Engineer",
        "Acme",
        "Apply your skills to hard problems",
    ] {
        assert!(!is_noise(line), "{line}");
    }
}

#[test]
fn the_first_lines_give_title_company_and_location() {
    let h =
        header("Senior Data Engineer\nAcme Corp\nAustin, TX (Hybrid)\n\nAbout the role\nWe build.");
    assert_eq!(h.title.as_deref(), Some("Senior Data Engineer"));
    assert_eq!(h.company.as_deref(), Some("Acme Corp"));
    assert_eq!(h.location.as_deref(), Some("Austin, TX"));
    assert_eq!(h.work_mode, Some(WorkMode::Hybrid));
    assert_eq!(h.consumed, [0, 1, 2]);
}

#[test]
fn a_linkedin_header_is_read_through_its_noise() {
    let h = header(
        "Save\nPromoted\nStaff Software Engineer\nGlobex · San Francisco, CA (Remote) · 2 days ago · Over 100 applicants\nEasy Apply\nAbout the job\nText.",
    );
    assert_eq!(h.title.as_deref(), Some("Staff Software Engineer"));
    assert_eq!(h.company.as_deref(), Some("Globex"));
    assert_eq!(h.location.as_deref(), Some("San Francisco, CA"));
    assert_eq!(h.work_mode, Some(WorkMode::Remote));
}

#[test]
fn labels_name_the_fields() {
    let h = header(
        "Job Title: Backend Developer\nCompany: Initech\nLocation: Remote\n\nWe are a team.",
    );
    assert_eq!(h.title.as_deref(), Some("Backend Developer"));
    assert_eq!(h.company.as_deref(), Some("Initech"));
    assert_eq!(h.location.as_deref(), Some("Remote"));
}

#[test]
fn title_at_company_and_title_dash_company_are_split() {
    let h = header("Senior Data Engineer at Acme\n\nWe are great.");
    assert_eq!(h.title.as_deref(), Some("Senior Data Engineer"));
    assert_eq!(h.company.as_deref(), Some("Acme"));
    let h = header("Senior Data Engineer - Acme - Berlin, Germany\n\nText here.");
    assert_eq!(h.title.as_deref(), Some("Senior Data Engineer"));
    assert_eq!(h.company.as_deref(), Some("Acme"));
    assert_eq!(h.location.as_deref(), Some("Berlin, Germany"));
    let h = header("Software Engineer - Backend\nInitrode\n\nText.");
    assert_eq!(h.title.as_deref(), Some("Software Engineer - Backend"));
    assert_eq!(h.company.as_deref(), Some("Initrode"));
}

#[test]
fn a_hiring_sentence_names_company_and_title() {
    let h = header("Acme is hiring a Senior Data Engineer!\n\nJoin us.");
    assert_eq!(h.title.as_deref(), Some("Senior Data Engineer"));
    assert_eq!(h.company.as_deref(), Some("Acme"));
    let h = header(
        "We're hiring a talented Product Designer in Berlin, Germany to shape our app.\nMore text follows here.",
    );
    assert_eq!(h.title.as_deref(), Some("Product Designer"));
    assert_eq!(h.company, None);
    assert_eq!(h.location.as_deref(), Some("Berlin, Germany"));
}

#[test]
fn a_first_line_that_is_a_sentence_is_not_a_title() {
    let h = header(
        "We are a fast-growing company that builds tools for developers everywhere.\n\nRequirements\n- Rust",
    );
    assert_eq!(h.title, None);
}

#[test]
fn a_company_line_before_the_title_is_recognised() {
    let h = header("Acme Corp\n4.2 ★\nSenior Backend Engineer\nAustin, TX\n\nText.");
    assert_eq!(h.title.as_deref(), Some("Senior Backend Engineer"));
    assert_eq!(h.company.as_deref(), Some("Acme Corp"));
    assert_eq!(h.location.as_deref(), Some("Austin, TX"));
}

#[test]
fn the_body_names_the_company_when_the_header_does_not() {
    let h = header("Senior Engineer\n\nAbout Initech\nWe make printers.");
    assert_eq!(h.company.as_deref(), Some("Initech"));
    let h =
        header("Senior Engineer\n\nWe build things.\n\nGlobex is an equal opportunity employer.");
    assert_eq!(h.company.as_deref(), Some("Globex"));
    let h = header("Senior Engineer\n\nAt Hooli, we believe in search.");
    assert_eq!(h.company.as_deref(), Some("Hooli"));
}

#[test]
fn gender_tags_and_work_mode_notes_leave_the_title() {
    let mut mode = None;
    assert_eq!(
        clean_title("Backend Engineer (m/f/d)", &mut mode).as_deref(),
        Some("Backend Engineer")
    );
    assert_eq!(
        clean_title("Backend Engineer (Remote)", &mut mode).as_deref(),
        Some("Backend Engineer")
    );
    assert_eq!(mode, Some(WorkMode::Remote));
}
