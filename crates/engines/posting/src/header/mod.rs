//! The header of a posting: its title, company and location, read from the first lines
//! ("Senior Data Engineer", "Acme · Austin, TX (Hybrid) · 2 days ago"), from labels
//! ("Job Title: ...", "Company: ...", "Location: ..."), from sentences ("Acme is hiring a
//! Senior Data Engineer") and, failing those, from the body ("About Acme", "Acme is an equal
//! opportunity employer").

use super::lexicon::{
    CITIES, COMPANY_SUFFIXES, COUNTRIES, NOISE_LINES, NOISE_WORDS, REGION_CODES, ROLE_WORDS,
    TEAM_WORDS,
};
use super::sections::{Kind, heading};
use crate::types::WorkMode;
use tailor_skills::vocabulary;
use tailor_text::{has_any_word, is_word_char, key, strip_bullet, strip_markup, word_count, words};

mod hiring;
mod noise;
mod place;

use hiring::*;
pub(crate) use noise::*;
pub(crate) use place::*;

/// How many non-blank lines from the top may belong to the header.
const HEADER_LINES: usize = 12;
/// How many lines are searched for "Title:", "Company:" and "Location:" labels.
const LABEL_LINES: usize = 80;
/// A title label further down than this is used only when the header gives no title.
const TITLE_LABEL_LINES: usize = 25;

/// What the header reader found.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub title: Option<String>,
    /// The title as written, before notes such as "(Contract, 6 months)" were removed; the
    /// employment type and seniority are read from it.
    pub raw_title: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    /// Lines that are header or job-board noise, not part of the description (sorted).
    pub consumed: Vec<usize>,
    /// The first line after the header.
    pub end: usize,
    /// A work mode the header states ("Austin, TX (Hybrid)", "Senior Engineer (Remote)").
    pub work_mode: Option<WorkMode>,
}

/// What a labelled line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Company,
    Location,
    /// Another header label ("Employment type", "Salary", "Department").
    Meta,
}

const LABELS: &[(&str, Field)] = &[
    ("job title", Field::Title),
    ("title", Field::Title),
    ("position", Field::Title),
    ("position title", Field::Title),
    ("job position", Field::Title),
    ("role", Field::Title),
    ("job role", Field::Title),
    ("role title", Field::Title),
    ("job name", Field::Title),
    ("vacancy", Field::Title),
    ("opening", Field::Title),
    ("company", Field::Company),
    ("posted by", Field::Company),
    ("advertiser", Field::Company),
    ("company name", Field::Company),
    ("employer", Field::Company),
    ("organization", Field::Company),
    ("organisation", Field::Company),
    ("hiring company", Field::Company),
    ("client", Field::Company),
    ("location", Field::Location),
    ("job location", Field::Location),
    ("work location", Field::Location),
    ("office location", Field::Location),
    ("locations", Field::Location),
    ("based in", Field::Location),
    ("where", Field::Location),
    ("city", Field::Location),
    ("employment type", Field::Meta),
    ("job type", Field::Meta),
    ("type", Field::Meta),
    ("contract type", Field::Meta),
    ("work type", Field::Meta),
    ("schedule", Field::Meta),
    ("salary", Field::Meta),
    ("salary range", Field::Meta),
    ("pay", Field::Meta),
    ("pay range", Field::Meta),
    ("compensation", Field::Meta),
    ("rate", Field::Meta),
    ("work mode", Field::Meta),
    ("workplace", Field::Meta),
    ("workplace type", Field::Meta),
    ("work arrangement", Field::Meta),
    ("work model", Field::Meta),
    ("remote", Field::Meta),
    ("department", Field::Meta),
    ("team", Field::Meta),
    ("function", Field::Meta),
    ("industry", Field::Meta),
    ("level", Field::Meta),
    ("seniority", Field::Meta),
    ("seniority level", Field::Meta),
    ("experience level", Field::Meta),
    ("career level", Field::Meta),
    ("experience", Field::Meta),
    ("start date", Field::Meta),
    ("duration", Field::Meta),
    ("contract length", Field::Meta),
    ("reports to", Field::Meta),
    ("reporting to", Field::Meta),
    ("posted", Field::Meta),
    ("date posted", Field::Meta),
    ("job id", Field::Meta),
    ("req id", Field::Meta),
    ("requisition id", Field::Meta),
    ("reference", Field::Meta),
    ("ref", Field::Meta),
    ("travel", Field::Meta),
    ("visa sponsorship", Field::Meta),
    ("hours", Field::Meta),
    ("closing date", Field::Meta),
    ("deadline", Field::Meta),
];

/// Reads the header of `lines` (cleaned, trimmed lines).
/// See [`crate::load_word_lists`].
pub(super) fn load_word_lists() {
    place::load_towns();
}

pub(super) fn read(lines: &[&str]) -> Header {
    let mut header = Header::default();
    read_labels(lines, &mut header);
    // A recruiter's e-mail names the hiring company as the client, and the agency only in the
    // signature.
    if header.company.is_none() {
        header.company = lines.iter().take(40).find_map(|l| client_company(l));
    }
    let region = read_region(lines, &mut header);
    read_first_lines(lines, &region, &mut header);
    if header.title.is_none()
        && let Some(title) = subject_title(lines)
    {
        header.raw_title = Some(title.to_owned());
        header.title = clean_title(title, &mut header.work_mode);
    }
    if header.title.is_none() || header.company.is_none() {
        read_hiring_sentences(lines, &mut header);
    }
    if header.title.is_none() {
        for line in lines.iter().take(LABEL_LINES) {
            if let Some((Field::Title, value)) = label(line) {
                header.raw_title = Some(value.to_owned());
                header.title = clean_title(value, &mut header.work_mode);
                break;
            }
        }
    }
    if header.company.is_none() {
        header.company = company_from_body(lines);
    }
    if header.location.is_none() {
        header.location = first_line_place(lines);
    }
    if header.location.is_none() {
        header.location = location_from_body(lines, header.end);
    }
    // "Lakeshore Smiles Dental, Kelowna, BC": a company with its place.
    if let Some(company) = header.company.clone()
        && let Some((name, place)) = company.split_once(", ")
        && let Some(found) = location_of(place)
        && looks_like_company(name)
    {
        header.company = clean_company(name);
        if header.location.is_none() {
            header.location = Some(found);
        }
    }
    header.location = header.location.as_deref().map(tidy_location);
    // A remote job that names no place is located "Remote".
    if header.location.is_none() && header.work_mode == Some(WorkMode::Remote) {
        header.location = Some("Remote".to_owned());
    }
    header.consumed.sort_unstable();
    header.consumed.dedup();
    header
}

/// A place among the pieces of the first line, for postings that put everything there: an
/// e-mail's subject ("Subject: Credit Controller – Reading – £14.50ph"), a one-paragraph
/// posting ("Office Manager – part-time, Harrogate, £14.75 per hour. Moorview ..."), a
/// title's note ("Unity Developer (12-month contract, remote in Canada)").
fn first_line_place(lines: &[&str]) -> Option<String> {
    let line = lines.iter().find(|l| !l.trim().is_empty())?;
    let head = hiring::first_sentence(tailor_text::prefix_within(line, 300));
    for piece in pieces(head).into_iter().take(6) {
        let text = piece.text;
        let inner = text
            .split_once('(')
            .and_then(|(_, rest)| rest.split_once(')'))
            .map_or("", |(inside, _)| inside);
        let candidates = std::iter::once(text)
            .chain(text.split(", "))
            .chain(inner.split(", "));
        for candidate in candidates {
            let candidate = candidate.trim();
            if candidate.is_empty() || candidate.len() > 80 {
                continue;
            }
            if let Some(place) = location_of(candidate) {
                return Some(place);
            }
        }
    }
    None
}

/// The role an e-mail's subject names: "Subject: B2B Sales Representative – Denver (hybrid)
/// – $70-80K base".
fn subject_title<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let line = lines.iter().find(|l| !l.trim().is_empty())?;
    let (name, value) = line.split_once(':')?;
    if !matches!(key(name).as_str(), "subject" | "re" | "fw" | "fwd") {
        return None;
    }
    let value = value.trim();
    pieces(value)
        .into_iter()
        .map(|p| p.text)
        .find(|text| has_role_word(text) && looks_like_title(text))
}

/// "Job Title: X", "Company: X", "Location: X" anywhere near the top.
fn read_labels(lines: &[&str], header: &mut Header) {
    for (i, line) in lines.iter().enumerate().take(LABEL_LINES) {
        let Some((field, value)) = label(line) else {
            continue;
        };
        let used = match field {
            // A "Role:" far down a job board's page is a category, not the posting's title.
            Field::Title if header.title.is_none() && i < TITLE_LABEL_LINES => {
                header.raw_title = Some(value.to_owned());
                header.title = clean_title(value, &mut header.work_mode);
                header.title.is_some()
            }
            Field::Company if header.company.is_none() => {
                let company = clean_company(value);
                let ok = company.is_some();
                header.company = company;
                ok
            }
            Field::Location if header.location.is_none() => {
                // "1 vacancy in the following location: Fort Calder, KY".
                let value = value.rsplit_once(": ").map_or(value, |(_, v)| v.trim());
                let (place, mode) = strip_work_mode(value);
                if header.work_mode.is_none() {
                    header.work_mode = mode;
                }
                let place = place.trim();
                let described = ["on-site at ", "onsite at ", "at our ", "our ", "in our "]
                    .iter()
                    .any(|p| key(place).starts_with(p));
                if place.is_empty() || described && location_of(place).is_none() {
                    // "Location: Hybrid" says how, not where; "Work location: On-site at our
                    // Ballincollig campus" describes it, and another line names it.
                    false
                } else {
                    header.location = Some(location_of(value).unwrap_or_else(|| place.to_owned()));
                    true
                }
            }
            _ => false,
        };
        if used {
            header.consumed.push(i);
        }
    }
}

/// The field and value of a header label line ("Location: Austin, TX").
fn label(line: &str) -> Option<(Field, &str)> {
    let (_, body) = strip_bullet(line);
    let body = strip_markup(body);
    let (name, value) = body.split_once([':', '：'])?;
    let name = key(strip_markup(name).trim_end_matches(['*', '_']));
    let value = value.trim().trim_start_matches(['*', '_']).trim();
    if value.is_empty() || name.len() > 30 {
        return None;
    }
    LABELS
        .iter()
        .find(|(l, _)| *l == name)
        .map(|&(_, field)| (field, value))
}

/// A "Label: value" line with a short label that is no section heading.
fn is_other_label(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    let name = strip_markup(name);
    !value.trim().is_empty()
        && !name.is_empty()
        && word_count(name) <= 3
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '/')
        && !value.starts_with("//")
        && heading(line).is_none()
}

/// The lines at the top that can hold the title, company and location; noise lines among
/// them are consumed. Stops at the first heading, list item or paragraph.
fn read_region(lines: &[&str], header: &mut Header) -> Vec<usize> {
    let mut region = Vec::new();
    let mut seen = 0;
    let mut i = 0;
    while i < lines.len() && seen < HEADER_LINES {
        let line = lines[i];
        if line.is_empty() {
            i += 1;
            continue;
        }
        seen += 1;
        if header.consumed.contains(&i) {
            i += 1;
            continue;
        }
        if let Some(company) = careers_page_company(line) {
            if header.company.is_none() {
                header.company = Some(company);
            }
            header.consumed.push(i);
            i += 1;
            continue;
        }
        if is_noise(line) {
            header.consumed.push(i);
            i += 1;
            continue;
        }
        if label(line).is_some() {
            // "Employment type: Full-time" above the body is a header line too.
            header.consumed.push(i);
            i += 1;
            continue;
        }
        if is_other_label(line) {
            // "Work Shift: Day": some other fact of the job, kept in the description.
            i += 1;
            continue;
        }
        if heading(line).is_some() || strip_bullet(line).0 || is_paragraph(line) {
            break;
        }
        region.push(i);
        i += 1;
    }
    header.end = i;
    region
}

/// A posting pasted as one paragraph often opens with its header run into the text:
/// "Registered Dental Hygienist (Part-Time) – Lakeshore Smiles Dental, Kelowna, BC: Lakeshore
/// Smiles is ..." or "Executive Assistant – Caldera (Boston, MA) | Caldera is ...". The
/// header part is put on a line of its own, so it is read like any header.
pub(crate) fn split_run_in_header(text: String) -> String {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return text;
    };
    if !is_paragraph(first) {
        return text;
    }
    let start = first.as_ptr() as usize - text.as_ptr() as usize;
    let window = tailor_text::prefix_within(first, 220);
    // "Title | Company | Remote (New Zealand) | NZ$120k. Company builds ...": a header of
    // pieces runs to the end of the first sentence.
    let piped = window.find(". ").filter(|&end| {
        let head = &window[..end];
        head.matches(" | ").count() + head.matches(" · ").count() >= 2
    });
    let cut = match piped {
        Some(end) => Some((end, 2)),
        None => [": ", " | ", ". ", " — "]
            .iter()
            .filter_map(|sep| window.find(sep).map(|at| (at, sep.len())))
            .min_by_key(|&(at, _)| at),
    };
    let Some((at, len)) = cut else {
        return text;
    };
    let head = &first[..at];
    let words = word_count(head);
    if !(2..=20).contains(&words) || !has_role_word(head) || head.ends_with(['.', '!', '?']) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 1);
    out.push_str(&text[..start + at]);
    out.push('\n');
    out.push_str(&text[start + at + len..]);
    out
}

/// A line that reads as running text rather than a header line.
fn is_paragraph(line: &str) -> bool {
    let words = word_count(line);
    words > 20
        || line.chars().count() > 160
        || (words > 6 && line.ends_with(['.', '!']) && !ends_with_abbreviation(line))
}

fn ends_with_abbreviation(line: &str) -> bool {
    let last = line.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        last.as_str(),
        "inc." | "co." | "ltd." | "corp." | "sr." | "jr." | "llc." | "s.a." | "b.v."
    )
}

/// One piece of a header line split at " · ", " | ", " - " and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Noise,
    Location,
    /// A work mode alone ("Hybrid").
    Mode,
    /// Employment type, level or pay ("Full-time", "Mid-Senior level", "$120k").
    Meta,
    Text,
}

/// The pieces of a header line.
fn split_parts(line: &str) -> Vec<&str> {
    pieces(line).into_iter().map(|p| p.text).collect()
}

/// One piece of a header line, with the span of its raw text in the line.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// A header line split at " · ", " | ", " - " and the like, outside parentheses
/// ("Toronto, ON (Hybrid – 3 days onsite)" stays one piece); each piece without Markdown and
/// pictographs ("📍 New York, NY").
fn pieces(line: &str) -> Vec<Piece<'_>> {
    const SEPARATORS: &[&str] = &[
        " · ", " | ", " • ", " — ", " – ", " - ", " ⋅ ", " ∙ ", " / ",
    ];
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b' ' if depth == 0 => {
                if let Some(sep) = SEPARATORS.iter().find(|s| line[i..].starts_with(**s)) {
                    spans.push((start, i));
                    i += sep.len();
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    spans.push((start, line.len()));
    spans
        .into_iter()
        .filter_map(|(start, end)| {
            let text = strip_markup(strip_pictographs(&line[start..end]));
            (!text.is_empty()).then_some(Piece { text, start, end })
        })
        .collect()
}

/// `text` without leading and trailing pictographs and symbols ("📍", "💰", "•").
fn strip_pictographs(text: &str) -> &str {
    let keep =
        |c: char| c.is_alphanumeric() || c.is_ascii() || matches!(c, '£' | '€' | '₹' | '¥' | '₩');
    text.trim_matches(|c: char| c.is_whitespace() || !keep(c))
}

fn classify_part(part: &str) -> Part {
    if is_noise(part) {
        return Part::Noise;
    }
    let k = key(part);
    let bare = k.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(
        bare,
        "remote"
            | "hybrid"
            | "on-site"
            | "onsite"
            | "on site"
            | "in-office"
            | "in office"
            | "in-person"
            | "fully remote"
            | "remote-first"
            | "remote first"
            | "remote friendly"
            | "remote-friendly"
    ) {
        return if bare.starts_with("remote") || bare == "fully remote" {
            Part::Location
        } else {
            Part::Mode
        };
    }
    if location_of(part).is_some() {
        return Part::Location;
    }
    if is_meta(&k) {
        return Part::Meta;
    }
    Part::Text
}

/// Words of a header note about the terms of the job ("6 month contract, fully remote",
/// "Summer 2026", "(Part-time, Entry Level)").
const TERMS_WORDS: &[&str] = &[
    "zone",
    "zones",
    "timezone",
    "timezones",
    "time-zone",
    "overlap",
    "first",
    "friendly",
    "contract",
    "contractor",
    "contract-to-hire",
    "freelance",
    "full",
    "time",
    "full-time",
    "part",
    "part-time",
    "permanent",
    "perm",
    "temporary",
    "temp",
    "fixed",
    "term",
    "fixed-term",
    "ftc",
    "internship",
    "seasonal",
    "season",
    "remote",
    "fully",
    "hybrid",
    "onsite",
    "on-site",
    "on",
    "site",
    "office",
    "in",
    "entry",
    "level",
    "mid",
    "month",
    "months",
    "week",
    "weeks",
    "year",
    "years",
    "day",
    "days",
    "hours",
    "hour",
    "per",
    "us",
    "uk",
    "eu",
    "utc",
    "est",
    "pst",
    "cet",
    "hire",
    "to",
    "or",
    "and",
    "with",
    "possible",
    "extension",
    "initial",
    "immediate",
    "start",
    "asap",
    "urgent",
    "summer",
    "fall",
    "autumn",
    "winter",
    "spring",
    "intake",
    "cohort",
    "m",
    "f",
    "d",
    "w",
    "x",
    "all",
    "genders",
    "h",
    "a",
    "the",
];

/// A note made only of [`TERMS_WORDS`] and numbers, with at least one word about the job's
/// terms (not only "in", "to" and numbers).
fn is_terms_note(k: &str) -> bool {
    let mut any = false;
    for word in words(k) {
        let ordinal = word.len() <= 4
            && ["st", "nd", "rd", "th"].iter().any(|s| {
                word.strip_suffix(s)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
        if word.bytes().all(|b| b.is_ascii_digit()) || ordinal {
            continue;
        }
        if !TERMS_WORDS.contains(&word) {
            return false;
        }
        if !matches!(
            word,
            "in" | "to" | "or" | "and" | "with" | "a" | "the" | "per"
        ) {
            any = true;
        }
    }
    any
}

/// Employment types, levels and pay figures that job boards list in the header.
fn is_meta(k: &str) -> bool {
    if is_terms_note(k) {
        return true;
    }
    const META: &[&str] = &[
        "full-time",
        "full time",
        "fulltime",
        "part-time",
        "part time",
        "contract",
        "contractor",
        "contract-to-hire",
        "temporary",
        "temp",
        "internship",
        "permanent",
        "freelance",
        "seasonal",
        "fixed-term",
        "volunteer",
        "entry level",
        "entry-level",
        "mid-senior level",
        "mid-level",
        "senior level",
        "associate",
        "director",
        "executive",
        "not applicable",
        "internship level",
    ];
    let bare = k.trim_matches(|c: char| !c.is_alphanumeric());
    META.contains(&bare)
        || is_pay_note(k)
        || k.ends_with(" level")
        || k.starts_with(['$', '£', '€', '₹', '¥'])
        || k.contains("/yr")
        || k.contains("/hr")
        || k.contains("a year")
        || k.contains("an hour")
        || k.contains("per year")
        || k.contains("per hour")
        || k.contains("employer est")
        || k.contains("glassdoor est")
        || (k.starts_with(|c: char| c.is_ascii_digit()) && !k.contains(' ') && k.len() <= 12)
}

/// A pay figure with a currency or a period ("C$68,000", "Starting at $19.50/hour (more with
/// experience)", "£28,000 - £31,000 per annum").
fn is_pay_note(k: &str) -> bool {
    k.bytes().any(|b| b.is_ascii_digit())
        && word_count(k) <= 10
        && crate::salary::parse_salary(k).is_some_and(|s| {
            let lower = k.to_ascii_lowercase();
            s.currency != "USD"
                || lower.contains('$')
                || lower.contains("per ")
                || lower.contains('/')
        })
}

/// "NOW HIRING: Medical Assistant", "We're hiring: Barista", "Hiring now - Cook": the title
/// after a hiring call.
fn after_hiring_call(line: &str) -> Option<&str> {
    let trimmed = strip_pictographs(strip_markup(line));
    let lower = trimmed.to_ascii_lowercase();
    for call in [
        "now hiring",
        "we're hiring",
        "we are hiring",
        "hiring now",
        "urgently hiring",
        "hiring",
    ] {
        if let Some(rest) = lower.strip_prefix(call) {
            let skip = rest.len()
                - rest
                    .trim_start_matches([':', ' ', '-', '–', '—', '!'])
                    .len();
            if skip == 0 {
                continue;
            }
            let start = call.len() + skip;
            let title = strip_pictographs(&trimmed[start..]);
            return (!title.is_empty()).then_some(title);
        }
    }
    None
}

/// Reads title, company and location from the header region.
fn read_first_lines(lines: &[&str], region: &[usize], header: &mut Header) {
    // Hiring sentences on the first line ("Acme is hiring a Senior Data Engineer").
    if let Some(&first) = region.first()
        && let Some(found) = hiring_sentence(lines[first])
    {
        let titled = found.title.is_some();
        apply_sentence(found, header);
        if titled {
            header.consumed.push(first);
        }
    }
    // "NOW HIRING: Certified Medical Assistant – Family Medicine".
    if header.title.is_none()
        && let Some(&first) = region.first()
        && !header.consumed.contains(&first)
        && let Some(title) = after_hiring_call(lines[first])
    {
        // "WE'RE HIRING: Housekeeping Supervisor – The Lakeshore Arms Hotel".
        let mut title = title;
        if let Some((role, company)) = title
            .rsplit_once(" – ")
            .or_else(|| title.rsplit_once(" - "))
            && has_role_word(role)
            && looks_like_company(company)
            && !has_role_word(company)
            && !is_team_part(company)
            && named_below(lines, first, company)
        {
            title = role.trim();
            if header.company.is_none() {
                header.company = clean_company(company);
            }
        }
        header.raw_title = Some(title.to_owned());
        header.title = clean_title(title, &mut header.work_mode);
        header.consumed.push(first);
    }
    // The text pieces of each line, with the line they come from.
    let mut texts: Vec<(usize, &str, Vec<Piece<'_>>)> = Vec::new();
    for &i in region {
        if header.consumed.contains(&i) {
            continue;
        }
        let line = lines[i];
        let mut line_texts = Vec::new();
        // The careers page's own name above the posting ("BrightPath Family Dental").
        if let Some(company) = header.company.clone() {
            let line_key = key(strip_pictographs(strip_markup(line)));
            let company_key = key(&company);
            if line_key == company_key {
                header.consumed.push(i);
                continue;
            }
            // "Whitfield Ames LLP", "Northloom AI" above "Careers at Whitfield Ames": the
            // full name.
            if let Some(rest) = line_key.strip_prefix(&company_key)
                && rest.starts_with(' ')
                && (1..=2).contains(&word_count(rest))
                && !line.contains(['|', '·', ':'])
            {
                header.company = clean_company(strip_pictographs(strip_markup(line)));
                header.consumed.push(i);
                continue;
            }
        }
        // "Remote – United States": one place, though the dash splits it.
        let bare = strip_pictographs(strip_markup(line));
        if ["remote", "fully remote", "100% remote"]
            .iter()
            .any(|head| strip_prefix_ci(bare, head).is_some())
            && ![" · ", " | ", " • "].iter().any(|sep| line.contains(sep))
            && let Some(place) = location_of(bare)
            && place.starts_with("Remote (")
        {
            if header.location.is_none() {
                header.location = Some(place);
            }
            if header.work_mode.is_none() {
                header.work_mode = Some(WorkMode::Remote);
            }
            header.consumed.push(i);
            continue;
        }
        let mut line_pieces = pieces(line);
        // "Remote – anywhere in Canada · Full-time": the remote piece and its place.
        if let Some(at) = line_pieces.iter().position(|p| {
            matches!(
                key(p.text).as_str(),
                "remote" | "fully remote" | "100% remote"
            )
        }) && let Some(next) = line_pieces.get(at + 1)
            && let Some(place) = location_of(&format!("Remote – {}", next.text))
            && place.starts_with("Remote (")
        {
            if header.location.is_none() {
                header.location = Some(place);
            }
            if header.work_mode.is_none() {
                header.work_mode = Some(WorkMode::Remote);
            }
            line_pieces.drain(at..=at + 1);
        }
        for mut piece in line_pieces {
            // "Alder & Ash (Portland, OR)", "$1,700/wk (Laredo, TX)": a place in parentheses
            // after a name or a note.
            if let Some((inner, open)) = trailing_parenthesis(piece.text)
                && matches!(
                    classify_part(piece.text[..open].trim()),
                    Part::Text | Part::Meta
                )
                && let Some(place) = location_of(inner)
            {
                if header.location.is_none() {
                    header.location = Some(place);
                }
                let offset = piece.text.as_ptr() as usize - line.as_ptr() as usize;
                piece.text = piece.text[..open].trim_end();
                piece.end = offset + piece.text.len();
            }
            // "Daventry, Northamptonshire (DIRFT)", "Bristol, UK (Bedminster roastery)": a
            // place with a note about the site.
            if let Some((inner, open)) = trailing_parenthesis(piece.text)
                && location_of(piece.text).is_none()
                && location_of(inner).is_none()
                && let Some(place) = location_of(piece.text[..open].trim())
            {
                if header.location.is_none() {
                    header.location = Some(place);
                }
                continue;
            }
            // "Territory: Raleigh-Durham, NC", "Region: Midlands".
            if let Some(place) = labelled_place(piece.text) {
                if header.location.is_none() {
                    header.location = Some(place);
                }
                continue;
            }
            let part = piece.text;
            match classify_part(part) {
                Part::Noise => {}
                Part::Location => {
                    let (place, mode) = strip_work_mode(part);
                    if header.work_mode.is_none() {
                        header.work_mode = mode;
                    }
                    if header.location.is_none() && !place.trim().is_empty() {
                        header.location = location_of(&place).or(Some(place));
                    }
                }
                Part::Mode => {
                    if header.work_mode.is_none() {
                        header.work_mode = work_mode_word(&key(part));
                    }
                }
                Part::Meta => {
                    if header.work_mode.is_none() {
                        header.work_mode = work_mode_word(&key(part));
                    }
                }
                Part::Text => line_texts.push(piece),
            }
        }
        if line_texts.is_empty() {
            header.consumed.push(i);
            continue;
        }
        texts.push((i, line, line_texts));
    }
    // The title is the first title-like line, unless a line with a role noun follows a line
    // that reads as a company name ("Acme Corp" / "Senior Backend Engineer").
    let first_role = texts
        .iter()
        .position(|(_, _, parts)| has_role_word(parts[0].text) && looks_like_title(parts[0].text));
    let mut title_at = None;
    if header.title.is_none() {
        let candidate = match first_role {
            Some(r) if r > 0 && texts[..r].iter().all(|(_, _, p)| !has_role_word(p[0].text)) => {
                Some(r)
            }
            _ => texts
                .iter()
                .position(|(_, _, parts)| looks_like_title(parts[0].text)),
        };
        if let Some(t) = candidate {
            // Another line that names the company makes the pieces after the title part of
            // it ("Registered Nurse – Intensive Care Unit" above "St. Brendan Medical Center").
            let company_elsewhere = header.company.is_some()
                || texts.iter().enumerate().any(|(k, (_, _, p))| {
                    k != t && looks_like_company(p[0].text) && !has_role_word(p[0].text)
                });
            // Another line that names the company and that the body speaks of too (worked
            // out only when a piece of the title line could be the company).
            let named_elsewhere = std::cell::OnceCell::new();
            let named_elsewhere = || {
                *named_elsewhere.get_or_init(|| {
                    texts.iter().enumerate().any(|(k, (j, _, p))| {
                        k != t
                            && looks_like_company(p[0].text)
                            && !has_role_word(p[0].text)
                            && named_below(lines, *j, p[0].text)
                    })
                })
            };
            let (i, line, parts) = &texts[t];
            if let Some((title, company)) = title_at_company(line) {
                header.raw_title = Some(title.to_owned());
                header.title = clean_title(title, &mut header.work_mode);
                if header.company.is_none() {
                    header.company = clean_company(company);
                }
            } else {
                let mut end = parts[0].end;
                for part in &parts[1..] {
                    let continues = line[end..part.start]
                        .trim()
                        .chars()
                        .all(|c| !c.is_alphanumeric());
                    // "Pastry Chef - Maison Ferrand Bakery & Café" when the body speaks of
                    // "Maison Ferrand": the employer, whatever other line looks like one.
                    if header.company.is_none()
                        && looks_like_company(part.text)
                        && !is_team_part(part.text)
                        && !has_unit_word(part.text)
                        && !starts_with_place(part.text)
                        && named_below(lines, *i, part.text)
                        && !named_elsewhere()
                    {
                        header.company = clean_company(part.text);
                        break;
                    }
                    if continues
                        && (is_team_part(part.text)
                            || has_role_word(part.text)
                            || company_elsewhere)
                    {
                        end = part.end;
                    } else if header.company.is_none()
                        && looks_like_company(part.text)
                        && !is_team_part(part.text)
                    {
                        header.company = clean_company(part.text);
                    }
                }
                let title = strip_pictographs(&line[parts[0].start..end]);
                header.raw_title = Some(title.to_owned());
                header.title = clean_title(title, &mut header.work_mode);
            }
            if header.title.is_some() {
                header.consumed.push(*i);
                title_at = Some(t);
            }
        }
    }
    // The company: the first company-like line near the title.
    if header.company.is_none() {
        let start = title_at.map_or(0, |t| t.saturating_sub(1));
        for (k, (i, _, parts)) in texts.iter().enumerate().skip(start).take(4) {
            if Some(k) == title_at {
                continue;
            }
            if looks_like_company(parts[0].text) {
                header.company = clean_company(parts[0].text);
                if header.company.is_some() {
                    header.consumed.push(*i);
                    break;
                }
            }
        }
    }
}

/// Whether the lines after `at` name `name` by its first two words, in its own case ("Maison
/// Ferrand is a French-style bakery").
fn named_below(lines: &[&str], at: usize, name: &str) -> bool {
    let head: Vec<&str> = name.split_whitespace().take(2).collect();
    let Some(first) = head.first() else {
        return false;
    };
    if first.chars().count() < 3 {
        return false;
    }
    let needle = head.join(" ");
    lines
        .iter()
        .skip(at + 1)
        .take(80)
        .any(|line| tailor_text::find_words(line, &needle).next().is_some())
}

/// "Geelong Waterfront", "London Bridge": a branch named after its place.
fn starts_with_place(text: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|first| is_place(&key(first), first))
}

/// A part of an organisation rather than one: "Intensive Care Unit", "Core Lab", "Finance
/// Department".
fn has_unit_word(text: &str) -> bool {
    const UNIT_WORDS: &[&str] = &[
        "unit",
        "department",
        "dept",
        "team",
        "division",
        "ward",
        "lab",
        "laboratory",
        "floor",
        "services",
        "service",
        "center",
        "centre",
        "clinic",
        "office",
        "group",
        "program",
        "programme",
        "practice",
        "desk",
        "squad",
        "function",
    ];
    words(&key(text)).any(|w| UNIT_WORDS.contains(&w))
}

/// The place after a label inside a header line: "Territory: Raleigh-Durham, NC".
fn labelled_place(piece: &str) -> Option<String> {
    let (label, rest) = piece.split_once(':')?;
    matches!(
        key(label).as_str(),
        "territory" | "location" | "region" | "area" | "based in" | "base"
    )
    .then(|| location_of(rest.trim()))
    .flatten()
}

/// The text inside a closing "(...)" at the end of `text`, and where the "(" is.
fn trailing_parenthesis(text: &str) -> Option<(&str, usize)> {
    let body = text.strip_suffix(')')?;
    let open = body.rfind('(')?;
    (open > 0).then(|| (&body[open + 1..], open))
}

/// "Senior Data Engineer at Acme" and "Senior Data Engineer @ Acme".
fn title_at_company(line: &str) -> Option<(&str, &str)> {
    for sep in [" at ", " @ "] {
        if let Some(at) = line.rfind(sep) {
            let (title, company) = (line[..at].trim(), line[at + sep.len()..].trim());
            let company = split_parts(company).into_iter().next().unwrap_or("");
            if has_role_word(title) && looks_like_company(company) && !is_team_part(company) {
                return Some((title, company));
            }
        }
    }
    None
}

fn is_team_part(part: &str) -> bool {
    let k = key(part);
    let vocabulary = vocabulary();
    vocabulary.canonical(&k).is_some()
        || k.starts_with('(')
        || words(&k)
            .all(|w| TEAM_WORDS.contains(&w) || vocabulary.canonical(w).is_some() && w.len() > 1)
}

fn has_role_word(text: &str) -> bool {
    let k = key(text);
    words(&k).any(|w| ROLE_WORDS.contains(&w))
        || k.contains("head of")
        || k.contains("vice president")
}

/// Words that show a line is a sentence, not a title or a name.
const SENTENCE_WORDS: &[&str] = &[
    "we", "we're", "our", "you", "you'll", "your", "is", "are", "will", "was", "be", "this",
    "that", "these", "join", "looking", "seeking", "hiring", "please", "click",
];

fn looks_like_title(text: &str) -> bool {
    let text = text.trim();
    let words = word_count(text);
    let k = key(text);
    (1..=15).contains(&words)
        && text.chars().count() <= 150
        && (!text.ends_with('.') || ends_with_abbreviation(text) || words <= 3)
        && !text.contains("://")
        && !has_email(text)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !has_any_word(&k, SENTENCE_WORDS)
        && text.chars().any(char::is_alphabetic)
        && location_of(text).is_none()
        && !is_meta(&k)
        && !is_noise(text)
}

/// An e-mail address ("jobs@acme.com"), unlike "Engineer @ Acme".
fn has_email(text: &str) -> bool {
    text.split_whitespace()
        .any(|w| w.len() > 1 && w.contains('@'))
}

fn looks_like_company(text: &str) -> bool {
    let text = text.trim();
    let words = word_count(text);
    let k = key(text);
    (1..=8).contains(&words)
        && text.chars().count() <= 80
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && (!text.ends_with('.') || ends_with_abbreviation(text))
        && !text.contains("://")
        && !text.ends_with(':')
        && !text.contains(": ")
        && !has_any_word(&k, SENTENCE_WORDS)
        && (!has_role_word(text) || has_company_suffix(&k))
        && location_of(text).is_none()
        && !is_meta(&k)
        && !is_noise(text)
        && heading(text).is_none()
}

fn has_company_suffix(k: &str) -> bool {
    words(k)
        .last()
        .is_some_and(|w| COMPANY_SUFFIXES.contains(&w))
        || k.ends_with(".") && COMPANY_SUFFIXES.contains(&k.rsplit(' ').next().unwrap_or(""))
}

/// A title as stored: without Markdown, gender tags ("(m/f/d)"), work-mode parentheses
/// ("(Remote)", which set `mode`) and trailing punctuation.
fn clean_title(raw: &str, mode: &mut Option<WorkMode>) -> Option<String> {
    let raw = tailor_text::prefix_within(raw, 4 * crate::types::MAX_TITLE_LEN);
    let mut title = strip_markup(strip_pictographs(raw)).trim().to_owned();
    while let Some(open) = title.rfind('(') {
        let Some(close) = title[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = key(&title[open + 1..close]);
        let gender = is_gender_tag(&inner);
        let found_mode = work_mode_word(&inner);
        // "(Contract, 6 months)", "(Part-time, Entry Level)", "(Nights)": terms, not part of
        // the title; "(RN)", "(PE)", "(CPA)": the credential the role asks for.
        if !gender
            && found_mode.is_none()
            && !is_terms_note(&inner)
            && !is_shift_note(&inner)
            && !is_credential(&title[open + 1..close])
        {
            break;
        }
        if mode.is_none() {
            *mode = found_mode;
        }
        title.replace_range(open..=close, "");
        title = title.trim().to_owned();
    }
    // "Forklift Operator – Night Shift", "Technician - 2nd Shift".
    let mut title = title.as_str();
    for sep in [" – ", " - ", " — ", ", "] {
        if let Some(at) = title.rfind(sep)
            && is_shift_note(&key(&title[at + sep.len()..]))
        {
            title = &title[..at];
        }
    }
    let collapsed = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut title = collapsed.as_str();
    // "Temporary Credit Controller": the terms, not the role.
    for lead in ["Temporary ", "Temp "] {
        if let Some(rest) = title.strip_prefix(lead)
            && has_role_word(rest)
        {
            title = rest;
        }
    }
    // "Heavy Equipment Operator – Seasonal 2025", "Barista - Part-time".
    for sep in [" – ", " - ", " — "] {
        if let Some(at) = title.rfind(sep)
            && is_terms_note(&key(&title[at + sep.len()..]))
        {
            title = &title[..at];
        }
    }
    // "HR Generalist opportunity", "Store Manager Vacancy".
    if let Some((head, last)) = title.rsplit_once(' ')
        && matches!(
            key(last).as_str(),
            "opportunity" | "vacancy" | "opening" | "position" | "role"
        )
        && has_role_word(head)
    {
        title = head;
    }
    let title = title
        .trim_end_matches([',', ';', ':', '!', '-', '–', '—', '|', '·'])
        .trim();
    tailor_text::field(title, crate::types::MAX_TITLE_LEN)
}

/// A credential in a title's parentheses: "RN", "PE", "CPA", "RN/LPN". A team or specialty
/// ("SOC", "ICU") stays in the title.
fn is_credential(inner: &str) -> bool {
    const CREDENTIALS: &[&str] = &[
        "RN", "LPN", "LVN", "CNA", "APRN", "NP", "PA", "PA-C", "MD", "DO", "PE", "EIT", "CPA",
        "CMA", "ACCA", "CIMA", "CFA", "PMP", "RDH", "CDA", "RDA", "RRT", "CPHT", "EMT", "PT",
        "PTA", "OT", "OTA", "SLP", "BCBA", "RBT", "LCSW", "LMSW", "LPC", "CPC", "SHRM-CP", "PHR",
        "CISSP", "CCNA", "CCNP", "AWS", "CSCS", "LMHC", "LPCC", "LMFT", "CCC-SLP", "RT", "RDMS",
        "PHARMD", "DPT", "DVM", "CVT", "LVT", "RVT",
    ];
    let inner = inner.trim();
    !inner.is_empty()
        && inner
            .split('/')
            .all(|c| CREDENTIALS.contains(&c.trim().to_ascii_uppercase().as_str()))
        && !inner.chars().any(char::is_lowercase)
}

/// "Nights", "2nd Shift", "Night Shift", "Days/Weekends": when the work is done.
fn is_shift_note(k: &str) -> bool {
    const SHIFT_WORDS: &[&str] = &[
        "night",
        "nights",
        "day",
        "days",
        "evening",
        "evenings",
        "weekend",
        "weekends",
        "overnight",
        "overnights",
        "shift",
        "shifts",
        "1st",
        "2nd",
        "3rd",
        "first",
        "second",
        "third",
        "swing",
        "graveyard",
        "rotating",
        "noc",
        "am",
        "pm",
        "and",
        "or",
    ];
    let mut any = false;
    for word in k
        .split(|c: char| !(c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        if !SHIFT_WORDS.contains(&word) {
            return false;
        }
        any |= !matches!(word, "and" | "or");
    }
    any
}

fn is_gender_tag(inner: &str) -> bool {
    let compact: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        compact.as_str(),
        "m/f/d"
            | "m/w/d"
            | "f/m/d"
            | "w/m/d"
            | "m/f/x"
            | "f/m/x"
            | "m/w/x"
            | "w/m/x"
            | "d/f/m"
            | "h/f"
            | "f/h"
            | "m/f"
            | "f/m"
            | "all genders"
            | "allgenders"
            | "m/f/div"
            | "m/w/div"
    )
}

#[cfg(test)]
mod tests;
