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

/// How many non-blank lines from the top may belong to the header.
const HEADER_LINES: usize = 12;
/// How many lines are searched for "Title:", "Company:" and "Location:" labels.
const LABEL_LINES: usize = 80;

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
pub(super) fn read(lines: &[&str]) -> Header {
    let mut header = Header::default();
    read_labels(lines, &mut header);
    let region = read_region(lines, &mut header);
    read_first_lines(lines, &region, &mut header);
    if header.title.is_none() || header.company.is_none() {
        read_hiring_sentences(lines, &mut header);
    }
    if header.company.is_none() {
        header.company = company_from_body(lines);
    }
    if header.location.is_none() {
        header.location = location_from_body(lines, header.end);
    }
    // A remote job that names no place is located "Remote".
    if header.location.is_none() && header.work_mode == Some(WorkMode::Remote) {
        header.location = Some("Remote".to_owned());
    }
    header.consumed.sort_unstable();
    header.consumed.dedup();
    header
}

/// "Job Title: X", "Company: X", "Location: X" anywhere near the top.
fn read_labels(lines: &[&str], header: &mut Header) {
    for (i, line) in lines.iter().enumerate().take(LABEL_LINES) {
        let Some((field, value)) = label(line) else {
            continue;
        };
        let used = match field {
            Field::Title if header.title.is_none() => {
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
                let (place, mode) = strip_work_mode(value);
                if header.work_mode.is_none() {
                    header.work_mode = mode;
                }
                let place = place.trim();
                if place.is_empty() {
                    // "Location: Hybrid" says how, not where.
                    false
                } else {
                    header.location = Some(place.to_owned());
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

/// Reads title, company and location from the header region.
fn read_first_lines(lines: &[&str], region: &[usize], header: &mut Header) {
    // Hiring sentences on the first line ("Acme is hiring a Senior Data Engineer").
    if let Some(&first) = region.first()
        && let Some(found) = hiring_sentence(lines[first])
    {
        apply_sentence(found, header);
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
        for piece in pieces(line) {
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
        // "(Contract, 6 months)", "(Part-time, Entry Level)": terms, not part of the title.
        if !gender && found_mode.is_none() && !is_terms_note(&inner) {
            break;
        }
        if mode.is_none() {
            *mode = found_mode;
        }
        title.replace_range(open..=close, "");
        title = title.trim().to_owned();
    }
    let title = title
        .trim_end_matches([',', ';', ':', '!', '-', '–', '—', '|', '·'])
        .trim();
    tailor_text::field(title, crate::types::MAX_TITLE_LEN)
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

fn work_mode_word(k: &str) -> Option<WorkMode> {
    let k = k.trim();
    if k.contains("hybrid") {
        Some(WorkMode::Hybrid)
    } else if k.contains("remote") || k == "wfh" || k.contains("work from home") {
        Some(WorkMode::Remote)
    } else if matches!(
        k,
        "on-site"
            | "onsite"
            | "on site"
            | "in-office"
            | "in office"
            | "in-person"
            | "in person"
            | "wfo"
            | "office"
            | "office-based"
            | "office based"
    ) || k.contains("from office")
        || k.contains("from the office")
        || k.contains("fully on-site")
        || k.contains("fully onsite")
        || k.contains("fully in office")
    {
        Some(WorkMode::Onsite)
    } else {
        None
    }
}

/// A location without its work-mode note: "Austin, TX (Hybrid)" is "Austin, TX" and Hybrid.
/// A place that is only a mode ("Hybrid") is empty; "Remote" stays a place.
pub(super) fn strip_work_mode(raw: &str) -> (String, Option<WorkMode>) {
    let raw = tailor_text::prefix_within(raw, 4 * crate::types::MAX_LOCATION_LEN);
    let mut place = raw.trim().to_owned();
    let mut mode = None;
    // Parenthesised notes.
    while let Some(open) = place.rfind('(') {
        let Some(close) = place[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = key(&place[open + 1..close]);
        let Some(found) = work_mode_word(&inner) else {
            break;
        };
        // "Remote (US)" keeps its note; "(Remote)" after a place is a mode.
        if place[..open].trim().is_empty() {
            break;
        }
        mode = mode.or(Some(found));
        place.replace_range(open..=close, "");
        place = place.trim().to_owned();
    }
    // Trailing notes: "Austin, TX - Hybrid", "Berlin · On-site".
    for sep in [" - ", " – ", " · ", " | ", ", ", " / "] {
        if let Some(at) = place.rfind(sep) {
            let tail = key(&place[at + sep.len()..]);
            if let Some(found) = work_mode_word(&tail)
                && !place[..at].trim().is_empty()
                && word_count(&tail) <= 2
                && found != WorkMode::Remote
            {
                mode = mode.or(Some(found));
                place.truncate(at);
            }
        }
    }
    let k = key(&place);
    if let Some(found) = work_mode_word(&k)
        && found != WorkMode::Remote
        && word_count(&k) <= 2
    {
        return (String::new(), mode.or(Some(found)));
    }
    if k.starts_with("remote")
        || k.starts_with("fully remote")
        || k.starts_with("100% remote")
        || matches!(k.as_str(), "anywhere" | "worldwide" | "work from anywhere")
    {
        mode = mode.or(Some(WorkMode::Remote));
    }
    (
        place
            .trim()
            .trim_end_matches([',', ';', '-', '·', '|'])
            .trim()
            .to_owned(),
        mode,
    )
}

/// The place `text` names, if it is one: "City, ST", "City, Country", a large city or a
/// country alone, "Remote (US)", "Greater London Area". Returns the place cleaned.
pub(super) fn location_of(text: &str) -> Option<String> {
    let text = strip_markup(text).trim();
    if text.is_empty() || text.chars().count() > 120 {
        return None;
    }
    let (place, _) = strip_work_mode(text);
    let k = key(&place);
    if k.is_empty() {
        return None;
    }
    if let Some(remote) = remote_place(&place) {
        return Some(remote);
    }
    // "Remote-first", "Fully remote", "Work from home": the place is "Remote".
    if matches!(
        k.trim_matches(|c: char| !c.is_alphanumeric()),
        "remote-first"
            | "remote first"
            | "fully remote"
            | "100% remote"
            | "remote friendly"
            | "remote-friendly"
            | "work from home"
            | "wfh"
            | "fully distributed"
    ) {
        return Some("Remote".to_owned());
    }
    if is_remote_place(&k) {
        return Some(place);
    }
    // Several places: "New York, NY or Remote", "London; Berlin".
    let first = place
        .split("; ")
        .next()
        .and_then(|p| p.split(" or ").next())
        .and_then(|p| p.split(" OR ").next())
        .and_then(|p| p.split(" / ").next())
        .unwrap_or(&place)
        .trim();
    is_place(&key(first), first).then_some(place)
}

/// "Remote (US or Canada)" stays as it is; "Remote (worldwide, 4 hours overlap with UTC)"
/// and "Remote (US hours)" are "Remote": the note says how, not where.
fn remote_place(place: &str) -> Option<String> {
    let open = place.find('(')?;
    let head = key(&place[..open]);
    if !matches!(head.trim(), "remote" | "fully remote" | "100% remote") {
        return None;
    }
    let close = place[open..].find(')').map_or(place.len(), |c| open + c);
    let inner = &place[open + 1..close];
    let places = inner
        .split([',', '/', '&', ';'])
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .all(|p| is_place(&key(p), p));
    Some(if places {
        place.trim().to_owned()
    } else {
        place[..open].trim().to_owned()
    })
}

fn is_remote_place(k: &str) -> bool {
    let k = k.trim();
    let rest = k
        .strip_prefix("100% remote")
        .or_else(|| k.strip_prefix("fully remote"))
        .or_else(|| k.strip_prefix("remote"))
        .or_else(|| k.strip_prefix("work from home"))
        .or_else(|| k.strip_prefix("anywhere"))
        .or_else(|| k.strip_prefix("worldwide"));
    let Some(rest) = rest else { return false };
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
    rest.is_empty()
        || word_count(rest) <= 4
            && !rest.contains("work")
            && !rest.contains("role")
            && !rest.contains("position")
            && !rest.contains("team")
}

/// Whether `k` (a key) is a place; `original` is the same text in its own case.
fn is_place(k: &str, original: &str) -> bool {
    let k = k.trim().trim_end_matches('.');
    if CITIES.contains(&k) || COUNTRIES.contains(&k) || is_state_name(k) {
        return true;
    }
    if (k.ends_with(" area") || k.starts_with("greater ") || k.ends_with(" metropolitan area"))
        && word_count(k) <= 6
        && original.starts_with(|c: char| c.is_uppercase())
    {
        return true;
    }
    if with_postcode(original) {
        return true;
    }
    let pieces: Vec<&str> = k.split(", ").map(str::trim).collect();
    let originals: Vec<&str> = original.split(", ").map(str::trim).collect();
    if pieces.len() < 2 || pieces.len() > 4 || originals.len() != pieces.len() {
        return false;
    }
    if !is_city(originals[0]) {
        return false;
    }
    pieces[1..]
        .iter()
        .zip(&originals[1..])
        .all(|(piece, original)| is_region(piece, original))
}

/// A town followed by a UK postcode district: "Leicester LE1", "London EC2A 4NE".
fn with_postcode(original: &str) -> bool {
    let words: Vec<&str> = original.split_whitespace().collect();
    let outward = |w: &str| {
        let b = w.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
        (1..=2).contains(&letters)
            && b.len() > letters
            && b[letters].is_ascii_digit()
            && b.len() <= letters + 2
            && b[letters..]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    };
    let inward = |w: &str| {
        let b = w.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(u8::is_ascii_uppercase)
    };
    let mut end = words.len();
    if end >= 3 && inward(words[end - 1]) {
        end -= 1;
    }
    end >= 2 && outward(words[end - 1]) && is_city(&words[..end - 1].join(" "))
}

/// A city name: one to four capitalised words ("San Francisco", "Rio de Janeiro").
fn is_city(original: &str) -> bool {
    let words: Vec<&str> = original
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    (1..=4).contains(&words.len())
        && words[0].starts_with(|c: char| c.is_uppercase())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || matches!(
                    *w,
                    "de" | "del" | "la" | "le" | "upon" | "on" | "am" | "im" | "an" | "of"
                )
        })
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == '\'')
        })
}

/// The second part of "City, Region": a state code (with a ZIP code), a country, a state.
fn is_region(piece: &str, original: &str) -> bool {
    let mut words = original.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    if REGION_CODES.contains(&first)
        && rest
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
    {
        return true;
    }
    let piece = piece.trim_end_matches('.');
    COUNTRIES.contains(&piece) || is_state_name(piece)
}

fn is_state_name(k: &str) -> bool {
    const STATES: &[&str] = &[
        "alabama",
        "alaska",
        "arizona",
        "arkansas",
        "california",
        "colorado",
        "connecticut",
        "delaware",
        "florida",
        "georgia",
        "hawaii",
        "idaho",
        "illinois",
        "indiana",
        "iowa",
        "kansas",
        "kentucky",
        "louisiana",
        "maine",
        "maryland",
        "massachusetts",
        "michigan",
        "minnesota",
        "mississippi",
        "missouri",
        "montana",
        "nebraska",
        "nevada",
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "ohio",
        "oklahoma",
        "oregon",
        "pennsylvania",
        "rhode island",
        "south carolina",
        "south dakota",
        "tennessee",
        "texas",
        "utah",
        "vermont",
        "virginia",
        "washington",
        "west virginia",
        "wisconsin",
        "wyoming",
        "ontario",
        "quebec",
        "british columbia",
        "alberta",
        "manitoba",
        "nova scotia",
        "bavaria",
        "bayern",
        "berlin",
        "hesse",
        "catalonia",
        "karnataka",
        "maharashtra",
        "telangana",
        "tamil nadu",
        "haryana",
        "new south wales",
        "victoria",
        "queensland",
        "ile-de-france",
        "île-de-france",
    ];
    STATES.contains(&k)
}

/// Whether `line` is job-board chrome: buttons, "2 days ago", "Over 100 applicants",
/// ratings, company size, hashtags.
pub(super) fn is_noise(line: &str) -> bool {
    let raw = line.trim().to_ascii_lowercase();
    if raw.starts_with("#li-")
        || (raw.starts_with('#') && !raw.starts_with("# ") && !raw.contains(' '))
    {
        return true;
    }
    let (_, body) = strip_bullet(line);
    let k = key(strip_markup(body));
    let k = k.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | ':' | '·' | '|' | '•')
    });
    if k.is_empty() {
        return !line.trim().is_empty() && !line.chars().any(char::is_alphanumeric);
    }
    if NOISE_LINES.contains(&k) {
        return true;
    }
    // Ratings and counts alone: "4.1", "4.1 ★", "(1,234)".
    if k.chars().any(|c| c.is_ascii_digit()) && k.chars().all(|c| !c.is_alphabetic()) {
        return true;
    }
    let words = word_count(k);
    let digits = k.chars().any(|c| c.is_ascii_digit());
    if words <= 10
        && has_any_word(k, NOISE_WORDS)
        && (digits
            || has_any_word(
                k,
                &[
                    "over", "few", "an hour", "a day", "a week", "a month", "moments", "minutes",
                ],
            ))
    {
        return true;
    }
    if k.contains(" out of 5") || k.contains("/5 stars") {
        return true;
    }
    // "2 weeks ago · Over 100 applicants": every piece is noise.
    for sep in [" · ", " | ", " • "] {
        if k.contains(sep) && k.split(sep).all(|p| is_noise(p.trim())) {
            return true;
        }
    }
    false
}

/// Whether a body line is a job-board button or tag ("Apply now", "Show more", "#LI-DNI").
pub(super) fn is_body_noise(line: &str) -> bool {
    // Every noise line is short.
    if line.len() > 60 {
        return false;
    }
    let k = key(line);
    let k = k.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ':'));
    NOISE_LINES.contains(&k) || k.starts_with("#li-")
}

/// What a hiring sentence names.
#[derive(Debug, Default)]
struct Sentence {
    title: Option<String>,
    company: Option<String>,
    location: Option<String>,
}

fn apply_sentence(found: Sentence, header: &mut Header) {
    if header.title.is_none() {
        header.raw_title.clone_from(&found.title);
        header.title = found.title;
    }
    if header.company.is_none() {
        header.company = found.company;
    }
    if header.location.is_none() {
        header.location = found.location;
    }
}

/// "Acme is hiring a Senior Data Engineer", "Acme is looking for an SRE", "Join Acme as a
/// Staff Engineer", "We're hiring a Product Designer in Berlin, Germany".
fn hiring_sentence(line: &str) -> Option<Sentence> {
    const VERBS: &[&str] = &[
        " is hiring ",
        "'re hiring ",
        "’re hiring ",
        "'re looking for ",
        "'re seeking ",
        " is looking for ",
        " is seeking ",
        " seeks ",
        " are hiring ",
        " are looking for ",
        " are seeking ",
        " is recruiting ",
        " is searching for ",
        " wants ",
        " needs ",
    ];
    let line = strip_markup(line);
    let first_sentence = first_sentence(line);
    // ASCII lower case keeps the byte offsets of the original.
    let lower = first_sentence.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("join ")
        && let Some(at) = rest.find(" as ")
    {
        let company = &first_sentence[5..5 + at];
        let title_text = &first_sentence[5 + at + 4..];
        let title = role_phrase(title_text)?;
        return Some(Sentence {
            title: Some(title),
            company: clean_company(company).filter(|_| looks_like_company(company)),
            location: None,
        });
    }
    for verb in VERBS {
        let Some(at) = lower.find(verb) else { continue };
        let subject = first_sentence[..at].trim();
        let object = &first_sentence[at + verb.len()..];
        let title = role_phrase(object)?;
        let subject_key = key(subject);
        let company = if matches!(
            subject_key.as_str(),
            "we" | "we're" | "we are" | "our team" | "they"
        ) {
            None
        } else if looks_like_company(subject) {
            clean_company(subject)
        } else {
            None
        };
        let location = object
            .find(" in ")
            .and_then(|at| location_phrase(&object[at + 4..]));
        return Some(Sentence {
            title: Some(title),
            company,
            location,
        });
    }
    None
}

fn first_sentence(line: &str) -> &str {
    let mut end = line.len();
    for (at, c) in line.char_indices() {
        if matches!(c, '!' | '?') || (c == '.' && line[at + 1..].starts_with(' ')) {
            end = at;
            break;
        }
    }
    &line[..end]
}

/// The role named at the start of `text` ("a talented Senior Engineer to join us" is
/// "Senior Engineer"), when it has a role noun.
fn role_phrase(text: &str) -> Option<String> {
    let mut text = tailor_text::prefix_within(text, 200).trim();
    for article in ["a ", "an ", "the ", "A ", "An ", "The "] {
        if let Some(rest) = text.strip_prefix(article) {
            text = rest;
            break;
        }
    }
    let mut end = text.len();
    for stop in [
        " to ", " who ", " that ", " in ", " for ", " with ", " and ", " based ", " on ", " at ",
        " from ", " as ", " - ", " – ", " — ", ".", "!", "?", " (", ";", ":",
    ] {
        if let Some(at) = text.find(stop) {
            end = end.min(at);
        }
    }
    // "Senior Software Engineer, Go": a comma before a team or skill name is part of it.
    for (at, _) in text[..end].match_indices(',') {
        let rest = text[at + 1..end].trim();
        if !(rest.starts_with(|c: char| c.is_uppercase())
            && word_count(rest) <= 3
            && is_team_part(rest))
        {
            end = at;
            break;
        }
    }
    let phrase = text[..end].trim();
    // Leading lower-case adjectives ("talented", "experienced") are not part of the title.
    let start = phrase
        .char_indices()
        .find(|&(at, c)| {
            (at == 0 || phrase[..at].ends_with(' ')) && (c.is_uppercase() || c.is_ascii_digit())
        })
        .map_or(0, |(at, _)| at);
    let phrase = phrase[start..].trim();
    (has_role_word(phrase) && (1..=8).contains(&word_count(phrase)))
        .then(|| tailor_text::field(phrase, crate::types::MAX_TITLE_LEN))
        .flatten()
}

/// A place at the start of `text` ("Austin, TX to build ..." is "Austin, TX").
fn location_phrase(text: &str) -> Option<String> {
    let text = tailor_text::prefix_within(text, 120);
    let mut end = text.len();
    for stop in [
        " to ", " who ", " and ", " with ", ".", "!", ";", " (", " - ",
    ] {
        if let Some(at) = text.find(stop) {
            end = end.min(at);
        }
    }
    let candidate = text[..end].trim();
    location_of(candidate)
}

/// Fills in title and company from sentences in the first lines of the body.
fn read_hiring_sentences(lines: &[&str], header: &mut Header) {
    for line in lines.iter().filter(|l| !l.is_empty()).take(25) {
        let lower = line.to_ascii_lowercase();
        if let Some(found) = hiring_sentence(line) {
            apply_sentence(found, header);
        }
        if header.title.is_none() {
            for phrase in [
                "we are looking for ",
                "we're looking for ",
                "we are seeking ",
                "we're seeking ",
                "we are hiring ",
                "we're hiring ",
                "looking for an experienced ",
                "looking for a ",
                "looking for an ",
                "seeking a ",
                "seeking an ",
            ] {
                if let Some(at) = lower.find(phrase)
                    && let Some(title) = role_phrase(&line[at + phrase.len()..])
                {
                    header.raw_title = Some(title.clone());
                    header.title = Some(title);
                    break;
                }
            }
        }
        if header.title.is_some() && header.company.is_some() {
            return;
        }
    }
}

/// The company named in the body: "About Acme", "At Acme, we ...", "Acme is an equal
/// opportunity employer", "Why Acme?".
fn company_from_body(lines: &[&str]) -> Option<String> {
    // "About Acme" headings.
    for line in lines {
        if heading(line).is_some_and(|h| h.kind == Kind::About && h.rest.is_none()) {
            let core = strip_markup(line)
                .trim_end_matches([':', '?', '!', ' '])
                .trim();
            if let Some(name) = strip_prefix_ci(core, "about ")
                && is_name(name)
            {
                return clean_company(name);
            }
        }
        let core = strip_markup(line).trim();
        if let Some(name) = strip_prefix_ci(core, "why ")
            && core.ends_with('?')
            && word_count(core) <= 5
        {
            let name = name.trim_end_matches('?').trim();
            if is_name(name) {
                return clean_company(name);
            }
        }
    }
    // "At Acme, we ..." and "Acme is an equal opportunity employer".
    for line in lines {
        for sentence in tailor_text::sentences(line) {
            if let Some(rest) = strip_prefix_ci(sentence, "at ")
                && let Some(comma) = rest.find(',')
            {
                let name = rest[..comma].trim();
                let after = rest[comma + 1..].trim_start().to_lowercase();
                if (after.starts_with("we ")
                    || after.starts_with("we'")
                    || after.starts_with("our "))
                    && is_name(name)
                {
                    return clean_company(name);
                }
            }
            let lower = sentence.to_ascii_lowercase();
            {
                for phrase in [
                    " is an equal opportunity",
                    " is an equal employment",
                    " is proud to be an equal",
                    " is committed to",
                    " is a leading",
                    " is a fast-growing",
                    " is a global",
                ] {
                    if let Some(at) = tailor_text::find(&lower, phrase) {
                        let name = sentence[..at].trim();
                        if is_name(name) {
                            return clean_company(name);
                        }
                    }
                }
            }
        }
    }
    None
}

/// A proper name: one to five capitalised words, not a pronoun or a generic noun.
fn is_name(name: &str) -> bool {
    let k = key(name);
    const GENERIC: &[&str] = &[
        "us",
        "we",
        "our",
        "you",
        "the",
        "this",
        "it",
        "they",
        "company",
        "the company",
        "our company",
        "the team",
        "our team",
        "the role",
        "this role",
        "the job",
        "this job",
        "the position",
        "the opportunity",
        "your",
        "join",
        "here",
        "work",
        "working",
    ];
    let words = word_count(name);
    (1..=5).contains(&words)
        && name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !GENERIC.contains(&k.as_str())
        && !k.starts_with("the ")
        && !k.starts_with("our ")
        && !k.starts_with("this ")
        && !k.starts_with("your ")
        && looks_like_company(name)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text[prefix.len()..].trim())
}

fn clean_company(raw: &str) -> Option<String> {
    let company = strip_markup(raw)
        .trim()
        .trim_end_matches([',', ';', ':', '!', '-', '–', '—', '|', '·'])
        .trim();
    tailor_text::field(company, crate::types::MAX_COMPANY_LEN)
}

/// A place the body names: "based in Austin, TX", "offices in Berlin, Germany", or a
/// "City, ST" in the first lines.
fn location_from_body(lines: &[&str], header_end: usize) -> Option<String> {
    for line in lines.iter().take(60) {
        let lower = line.to_ascii_lowercase();
        for phrase in [
            "location: ",
            "based in ",
            "located in ",
            "office in ",
            "offices in ",
            "onsite in ",
            "on-site in ",
            "hybrid in ",
            "remote in ",
            "headquartered in ",
            "position is in ",
            "role is in ",
        ] {
            for (at, _) in lower.match_indices(phrase) {
                if let Some(place) = location_phrase(&line[at + phrase.len()..]) {
                    let (place, _) = strip_work_mode(&place);
                    if !place.is_empty() && !place.eq_ignore_ascii_case("remote") {
                        return Some(place);
                    }
                }
            }
        }
    }
    // "City, ST" inside one of the first lines.
    for line in lines.iter().take(header_end.max(5)) {
        if let Some(place) = embedded_city_state(line) {
            return Some(place);
        }
    }
    None
}

/// The first "City, ST" (a US or Canadian code) inside `line`.
fn embedded_city_state(line: &str) -> Option<String> {
    for (comma, _) in line.match_indices(", ") {
        let after = &line[comma + 2..];
        let code: String = after.chars().take_while(char::is_ascii_uppercase).collect();
        if !REGION_CODES.contains(&code.as_str())
            || after[code.len()..].starts_with(|c: char| is_word_char(c))
        {
            continue;
        }
        // Up to three capitalised words before the comma.
        let before = &line[..comma];
        let city_words: Vec<&str> = before
            .rsplit(' ')
            .take(3)
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
            .collect();
        if city_words.is_empty() {
            continue;
        }
        let city: Vec<&str> = city_words.into_iter().rev().collect();
        let city = city.join(" ");
        let city = city.trim_start_matches(['(', '[', '"']);
        if is_city(city) {
            return Some(format!("{city}, {code}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
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
        let h = header(
            "Senior Data Engineer\nAcme Corp\nAustin, TX (Hybrid)\n\nAbout the role\nWe build.",
        );
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
        let h = header(
            "Senior Engineer\n\nWe build things.\n\nGlobex is an equal opportunity employer.",
        );
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
}
