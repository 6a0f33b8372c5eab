//! Reads a pasted job posting into its parts, with rules and word lists rather than a
//! language model. A plain library: its own types ([`Posting`] and its parts), no knowledge
//! of Tailor's domain.
//!
//! The text is first cleaned ([`text::clean`]: one kind of line break, no control or
//! invisible characters, trimmed lines), then read in passes, each linear in the text:
//!
//! 1. **Header** ([`header`]): title, company and location from the first lines, skipping
//!    job-board noise ("Easy Apply", "2 days ago", "Over 100 applicants"), from labels
//!    ("Job Title:", "Company:", "Location:"), from "Acme is hiring a ..." or "Title at
//!    Company" forms, and failing those from the body ("About Acme", "Acme is an equal
//!    opportunity employer"). Notes about the terms of the job leave the title ("Graphic
//!    Designer (Contract, 6 months)" is "Graphic Designer") and work-mode notes leave the
//!    location ("Austin, TX (Hybrid)" is "Austin, TX"); a remote job that names no place is
//!    located "Remote".
//! 2. **Sections and lists** ([`sections`], [`lists`]): headings in any common form
//!    ("REQUIREMENTS", "## What you'll do", "Nice to have:", "Requirements: a; b") start
//!    sections; list items and plain lines under them become requirements, preferred
//!    qualifications, responsibilities and benefits. Items that say they are optional ("is a
//!    plus", "(preferred)") go to the preferred list. Without requirement headings, list
//!    items and sentences that read as qualifications ("3+ years of experience with Java",
//!    "You'll need ...") are taken.
//! 3. **Salary** ([`salary`]): the best pay figure, preferring lines under a pay heading or
//!    with a pay word, and ignoring 401(k)s, years, funding rounds and budgets.
//! 4. **Signals** ([`signals`]): work mode (the header's note first, then weighted mentions,
//!    a negated "remote" counting as on-site), employment type, seniority and years of
//!    experience. Seniority comes from the title, a stated level or an internship, never
//!    from the years asked for alone ("5+ years" fits mid, senior and lead roles alike).
//!    Years are the least asked for over the requirement items, taking the first figure of
//!    each item ("15+ years, including 5+ years leading managers" asks for 15).
//! 5. **Keywords** ([`tailor_skills`]): the vocabulary's matcher over the whole text (currency
//!    codes next to figures blanked out, so that "CAD 95,000" is no CAD skill), ranked by
//!    occurrences and by presence in the title and the requirements.

#![forbid(unsafe_code)]

mod harvest;
mod header;
mod lexicon;
mod lists;
mod salary;
mod sections;
mod signals;
mod types;

pub use salary::parse_salary;
pub use tailor_skills::extract_keywords;
pub use types::*;

use signals::LineInfo;
use tailor_text as text;

/// Loads the shipped word lists (the towns of `data/towns.txt`) now, so that the first
/// posting analysed does not pay for it. A program calls it at start; without it, the lists
/// load on first use.
pub fn load_word_lists() {
    header::load_word_lists();
}

/// Reads pasted posting text. Never panics, whatever the input (any UTF-8 string, any
/// length; callers pass at most 15,000 characters, and input beyond 256 KiB is not read).
///
/// Fields the text does not state are `None` (or empty lists); every text is trimmed, free of
/// control characters (the description keeps its line breaks) and within the `MAX_*` limits
/// of this crate.
#[must_use]
pub fn analyse_posting(text: &str) -> Posting {
    let cleaned = header::split_run_in_header(text::clean(text));
    let lines: Vec<&str> = cleaned.split('\n').collect();
    let header = header::read(&lines);
    let lists = lists::read(&lines, &header.consumed);

    let infos: Vec<LineInfo<'_>> = lines
        .iter()
        .enumerate()
        .map(|(i, &text)| LineInfo {
            text,
            header: i < header.end,
            kind: lists.kinds[i],
        })
        .collect();
    let title = header.title.clone();
    // The title as written still has its notes ("(Contract, 6 months)").
    let raw_title = header.raw_title.as_deref().or(title.as_deref());
    let employment_type = signals::employment_type(&infos, raw_title);
    let work_mode = signals::work_mode(&infos, header.work_mode);
    let seniority = signals::seniority(raw_title, &infos, employment_type);
    let years_experience = years_experience(&lists, &infos);
    let salary = salary::find_salary(&lines, &lists.kinds, header.end);
    // A recruiter's signature ("Best, Jordan / Senior Recruiter | Apex Talent") names the
    // agency, not skills.
    let mut body = match signature_start(&lines) {
        Some(at) => std::borrow::Cow::Owned(lines[..at].join("\n")),
        None => std::borrow::Cow::Borrowed(cleaned.as_str()),
    };
    // The company's own name is no skill ("Gannet Point Brewing Co.", "Epic Games").
    if let Some(company) = header.company.as_deref().filter(|c| c.len() >= 3)
        && body.contains(company)
    {
        body = std::borrow::Cow::Owned(body.replace(company, &" ".repeat(company.len())));
    }
    let keywords = keywords(
        &salary::mask_currency_codes(&body),
        title.as_deref(),
        &lists,
        header.company.as_deref(),
    );
    let description = description(&lines, &header.consumed);
    let location = header
        .location
        .as_deref()
        .and_then(|l| text::field(l, types::MAX_LOCATION_LEN));

    Posting {
        title,
        company: header.company,
        location,
        description,
        requirements: lists.requirements,
        preferred_requirements: lists.preferred,
        responsibilities: lists.responsibilities,
        benefits: lists.benefits,
        salary,
        work_mode,
        employment_type,
        seniority,
        years_experience,
        keywords,
    }
}

/// The posting's keywords: the vocabulary's skills of the whole text, ranked by occurrences
/// and by presence in the title and the requirements, then the terms the requirement,
/// preferred and responsibility items name in ways [`harvest`] reads, up to
/// [`tailor_skills::MAX_KEYWORDS`]. The items are read by the vocabulary once, for both.
fn keywords(
    body: &str,
    title: Option<&str>,
    lists: &lists::Lists,
    company: Option<&str>,
) -> Vec<String> {
    use std::collections::HashSet;
    let vocabulary = tailor_skills::vocabulary();
    let items: Vec<&str> = lists
        .requirements
        .iter()
        .chain(&lists.preferred)
        .chain(&lists.responsibilities)
        .map(|item| text::prefix_within(item, harvest::MAX_ITEM_BYTES))
        .collect();
    let joined = items.join("\n");
    let spans = vocabulary.occurrences(&joined);
    let length = |list: &[String]| -> usize {
        list.iter()
            .map(|item| text::prefix_within(item, harvest::MAX_ITEM_BYTES).len() + 1)
            .sum()
    };
    let requirements_end = length(&lists.requirements);
    let preferred_end = requirements_end + length(&lists.preferred);
    let names = |range: std::ops::Range<usize>| -> HashSet<&'static str> {
        spans
            .iter()
            .filter(|s| range.contains(&s.start))
            .map(|s| s.name)
            .collect()
    };
    let in_title: HashSet<&'static str> = title
        .map(|t| vocabulary.find_all(t).into_iter().map(|m| m.name).collect())
        .unwrap_or_default();
    let mut keywords = tailor_skills::rank_for_posting_with(
        body,
        &in_title,
        &names(0..requirements_end),
        &names(requirements_end..preferred_end),
    );
    let known: HashSet<String> = keywords.iter().map(|k| text::key(k)).collect();
    for term in harvest::harvest(&items, &spans, &known, company) {
        if keywords.len() >= tailor_skills::MAX_KEYWORDS {
            break;
        }
        keywords.push(term);
    }
    keywords
}

/// The line that closes an e-mail ("Best regards,", "Thanks!", "Cheers,") when only a short
/// signature follows it.
fn signature_start(lines: &[&str]) -> Option<usize> {
    const SIGN_OFFS: &[&str] = &[
        "best",
        "best regards",
        "kind regards",
        "warm regards",
        "warmest regards",
        "regards",
        "many thanks",
        "thanks",
        "thank you",
        "thanks again",
        "cheers",
        "sincerely",
        "yours sincerely",
        "all the best",
        "talk soon",
        "best wishes",
    ];
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let tail = filled.len().saturating_sub(12);
    filled[tail..].iter().copied().find(|&i| {
        let k = text::key(lines[i]);
        let k = k.trim_end_matches([',', '!', '.', ' ']);
        let after = filled.iter().filter(|&&j| j > i).count();
        SIGN_OFFS.contains(&k) && after <= 8
    })
}

/// The least years asked for in the requirements, counting the first figure of each item
/// ("15+ years in software, including 5+ years leading managers" asks for 15); failing
/// those, in the text outside the company, benefits and preferred sections, where an
/// experience word must be near.
fn years_experience(lists: &lists::Lists, infos: &[LineInfo<'_>]) -> Option<u32> {
    let from_requirements = lists
        .requirements
        .iter()
        .filter_map(|item| signals::years_in(item, false).first().copied())
        .min();
    if from_requirements.is_some() {
        return from_requirements;
    }
    infos
        .iter()
        .filter(|line| {
            !matches!(
                line.kind,
                Some(
                    sections::Kind::About
                        | sections::Kind::Benefits
                        | sections::Kind::Preferred
                        | sections::Kind::Apply
                )
            )
        })
        .flat_map(|line| signals::years_in(line.text, true))
        .min()
}

/// The body: every line but the header's and job-board noise, runs of blank lines as one,
/// cut at a word boundary to [`MAX_DESCRIPTION_LEN`] characters.
fn description(lines: &[&str], consumed: &[usize]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for (i, &line) in lines.iter().enumerate() {
        if consumed.binary_search(&i).is_ok() {
            continue;
        }
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if header::is_body_noise(line) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(line);
        if out.len() > types::MAX_DESCRIPTION_LEN * 4 {
            break;
        }
    }
    text::truncate_words(out.trim(), types::MAX_DESCRIPTION_LEN).to_owned()
}

#[cfg(test)]
mod tests;
