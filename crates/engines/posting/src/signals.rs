//! What a posting says about how the job is done: work mode, employment type, seniority and
//! the years of experience asked for.

use super::sections::Kind;
use crate::types::{EmploymentType, Seniority, WorkMode};
use tailor_text::{find_words, has_any_word, has_word, key, number_word, words};

/// Where each line stands, for weighting what it says.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineInfo<'a> {
    pub text: &'a str,
    /// In the header, or a header label ("Job type: Contract").
    pub header: bool,
    pub kind: Option<Kind>,
}

impl LineInfo<'_> {
    fn weight(self) -> f32 {
        if self.header || is_label_line(self.text) {
            5.0
        } else if self.kind == Some(Kind::Benefits) {
            0.5
        } else {
            1.0
        }
    }
}

/// "Work mode: Remote", "Employment type: Contract": labels that state a fact of the job.
fn is_label_line(line: &str) -> bool {
    let Some((label, _)) = line.split_once(':') else {
        return false;
    };
    matches!(
        key(label.trim_start_matches(['-', '*', '•', ' '])).as_str(),
        "work mode"
            | "workplace"
            | "workplace type"
            | "work arrangement"
            | "work model"
            | "remote"
            | "location"
            | "job location"
            | "work location"
            | "location type"
            | "employment type"
            | "job type"
            | "type"
            | "contract type"
            | "work type"
            | "schedule"
            | "position type"
            | "employment"
            | "duration"
            | "seniority"
            | "seniority level"
            | "experience level"
            | "level"
            | "career level"
    )
}

// ---------------------------------------------------------------------------------------
// Work mode

/// The work mode the posting states: the header's note when it has one ("Austin, TX
/// (Hybrid)"), else the weighted mentions of remote, hybrid and on-site work in the body.
/// A negated remote ("this is not a remote role", "no remote") counts as on-site; a remote
/// mention in the benefits ("remote work stipend") counts a little.
pub(super) fn work_mode(lines: &[LineInfo<'_>], header_hint: Option<WorkMode>) -> Option<WorkMode> {
    if header_hint.is_some() {
        return header_hint;
    }
    let (mut remote, mut hybrid, mut onsite) = (0.0f32, 0.0f32, 0.0f32);
    for line in lines {
        if line.text.is_empty() {
            continue;
        }
        let lower = line.text.to_ascii_lowercase();
        let weight = line.weight();
        let found = mode_mentions(&lower);
        remote += weight * found.remote;
        hybrid += weight * found.hybrid;
        onsite += weight * found.onsite;
    }
    // Hybrid is rarely said in passing; remote and on-site often are.
    let hybrid = hybrid * 2.0;
    if hybrid <= 0.0 && remote <= 0.0 && onsite <= 0.0 {
        None
    } else if hybrid >= remote && hybrid >= onsite {
        Some(WorkMode::Hybrid)
    } else if remote >= onsite {
        Some(WorkMode::Remote)
    } else {
        Some(WorkMode::Onsite)
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Mentions {
    remote: f32,
    hybrid: f32,
    onsite: f32,
}

/// The mentions of each work mode in one line (ASCII lower case).
fn mode_mentions(lower: &str) -> Mentions {
    let mut found = Mentions::default();
    for term in [
        "remote",
        "remotely",
        "work from home",
        "working from home",
        "work-from-home",
        "wfh",
        "fully distributed",
        "distributed team",
        "distributed company",
        "work from anywhere",
        "telecommute",
        "telecommuting",
        "telework",
        "home-based",
        "home based",
        "location independent",
        "location-independent",
    ] {
        for at in find_words(lower, term) {
            let after = &lower[at + term.len()..];
            let next = next_word(after);
            if term.starts_with("remote")
                && matches!(
                    next,
                    "sensing"
                        | "control"
                        | "controlled"
                        | "monitoring"
                        | "patient"
                        | "patients"
                        | "device"
                        | "devices"
                        | "server"
                        | "servers"
                        | "desktop"
                        | "procedure"
                        | "procedures"
                        | "access"
                        | "debugging"
                        | "execution"
                        | "repository"
                        | "repositories"
                        | "branch"
                        | "origin"
                        | "api"
                        | "sites"
                        | "areas"
                        | "communities"
                        | "locations"
                )
            {
                continue;
            }
            if negated(lower, at, after) {
                found.onsite += 2.0;
                continue;
            }
            // "2 days remote" is a hybrid schedule.
            if term.starts_with("remote") && days_before(lower, at).is_some_and(|d| d < 5) {
                found.hybrid += 1.0;
                continue;
            }
            let colleagues = matches!(
                next,
                "team" | "teams" | "colleagues" | "teammates" | "employees" | "workers" | "staff"
            ) && !lower[..at].ends_with("fully ");
            found.remote += if colleagues { 0.5 } else { 1.0 };
        }
    }
    for at in find_words(lower, "hybrid") {
        let after = &lower[at + "hybrid".len()..];
        let next = next_word(after);
        if matches!(
            next,
            "cloud"
                | "clouds"
                | "app"
                | "apps"
                | "application"
                | "applications"
                | "mobile"
                | "vehicle"
                | "vehicles"
                | "search"
                | "infrastructure"
                | "environments"
                | "architecture"
                | "architectures"
                | "integration"
                | "deployment"
                | "deployments"
                | "systems"
                | "solutions"
                | "retrieval"
                | "quantum"
                | "it"
        ) {
            continue;
        }
        if negated(lower, at, after) {
            continue;
        }
        found.hybrid += 1.0;
    }
    for phrase in [
        "partially remote",
        "partly remote",
        "remote and in-office",
        "remote and in office",
        "split between home and office",
        "days from home",
        "days working from home",
        "flexible hybrid",
    ] {
        if has_word(lower, phrase) {
            found.hybrid += 1.0;
        }
    }
    // "3 days a week in the office" is hybrid; "5 days in the office" is on-site.
    for place in ["office", "onsite", "on-site", "in person", "in-person"] {
        for at in find_words(lower, place) {
            let days = days_before(lower, at).or_else(|| days_after(&lower[at + place.len()..]));
            match days {
                Some(d) if d < 5 => found.hybrid += 1.0,
                Some(_) => found.onsite += 1.0,
                None if place == "office" && works_at_office(lower, at) => found.onsite += 1.0,
                None => {}
            }
        }
    }
    for term in [
        "on-site",
        "onsite",
        "on site",
        "in-office",
        "in office",
        "in-person",
        "in person",
        "office-based",
        "office based",
        "from our office",
        "from the office",
        "at our office",
        "in our office",
        "work in the office",
        "commuting distance",
    ] {
        for at in find_words(lower, term) {
            let after = &lower[at + term.len()..];
            let next = next_word(after);
            if matches!(
                next,
                "interview" | "interviews" | "visits" | "visit" | "hours"
            ) {
                continue;
            }
            if days_before(lower, at).is_some() || days_after(after).is_some() {
                continue;
            }
            let amenity = matches!(
                next,
                "gym"
                    | "cafeteria"
                    | "parking"
                    | "childcare"
                    | "meals"
                    | "lunch"
                    | "lunches"
                    | "food"
                    | "dining"
                    | "fitness"
                    | "amenities"
                    | "daycare"
                    | "health"
                    | "clinic"
                    | "snacks"
                    | "events"
                    | "team"
            );
            found.onsite += if amenity { 0.3 } else { 1.0 };
        }
    }
    found
}

/// "based in our London office", "work from the office", "come into our office": the job
/// is done at an office (unless the clause says otherwise).
fn works_at_office(lower: &str, at: usize) -> bool {
    let after = &lower[at + "office".len()..];
    if after.starts_with('s') || negated(lower, at, after) {
        return false;
    }
    let before: Vec<&str> = lower[..at].split_whitespace().rev().take(3).collect();
    let preposition = |w: &str| matches!(w, "in" | "at" | "from" | "into" | "to");
    let article = |w: &str| matches!(w, "our" | "the");
    match before.as_slice() {
        [a, p, ..] if article(a) && preposition(p) => true,
        [_, a, p] if article(a) && preposition(p) => true,
        _ => false,
    }
}

/// The first word of `after` (letters, digits and hyphens).
fn next_word(after: &str) -> &str {
    let after = after.trim_start_matches([' ', '-']);
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(after.len());
    &after[..end]
}

/// Whether the mention at `at` is negated within its clause ("not a remote role", "no
/// remote", "non-remote", "Remote: No", "remote work is not available").
fn negated(lower: &str, at: usize, after: &str) -> bool {
    let near = tailor_text::suffix_within(&lower[..at], 80);
    let before = near
        .rfind(['.', ',', ';', ':', '!', '?', '(', '\n'])
        .map_or(near, |i| &near[i + 1..]);
    if has_any_word(
        before,
        &[
            "not", "no", "non", "isn't", "cannot", "can't", "unable", "never", "nor", "without",
        ],
    ) && !before.contains("not only")
    {
        return true;
    }
    let after = tailor_text::prefix_within(after, 80).trim_start_matches([' ', '-']);
    let after_clause = &after[..after
        .find(['.', ',', ';', '!', '?', '(', '\n'])
        .unwrap_or(after.len())];
    after.starts_with(": no")
        || after.starts_with(":no")
        || after.starts_with("- no")
        || after_clause.starts_with("no ")
        || has_any_word(
            after_clause,
            &[
                "is not",
                "isn't",
                "not available",
                "not possible",
                "not an option",
                "not offered",
                "not supported",
                "not eligible",
                "is unavailable",
            ],
        )
}

/// The number of days in "3 days (a week) (in the) ..." right before `at`.
fn days_before(lower: &str, at: usize) -> Option<u32> {
    let near = tailor_text::suffix_within(&lower[..at], 60);
    let before = near
        .rfind(['.', ';', '!', '?', '\n'])
        .map_or(near, |i| &near[i + 1..]);
    let day_at = before.rfind("day")?;
    // Close enough: "3 days a week in the office", "2 days per week onsite".
    if before.len() - day_at > 28 {
        return None;
    }
    count_before(&before[..day_at])
}

/// The number of days in "office 3 days a week" right after a place.
fn days_after(after: &str) -> Option<u32> {
    let window = tailor_text::prefix_within(after, 30);
    let window = &window[..window
        .find(['.', ';', '!', '?', '\n'])
        .unwrap_or(window.len())];
    let day_at = window.find("day")?;
    count_before(&window[..day_at])
}

/// The number (digits or a word, the top of a range "2-3") that ends `text`.
fn count_before(text: &str) -> Option<u32> {
    let text = text.trim_end();
    let last = text.rsplit([' ', '(']).next()?;
    let last = last.trim_end_matches(['-', ' ']);
    let top = last.rsplit(['-', '–', '/']).next().unwrap_or(last);
    if let Ok(n) = top.parse::<u32>() {
        return (1..=7).contains(&n).then_some(n);
    }
    number_word(top).filter(|n| (1..=7).contains(n))
}

// ---------------------------------------------------------------------------------------
// Employment type

/// The employment type the posting states: from the title, the header and labels first
/// (weighted), then the body. Ties go to the more specific type (internship, contract,
/// temporary, part-time, full-time).
pub(super) fn employment_type(
    lines: &[LineInfo<'_>],
    title: Option<&str>,
) -> Option<EmploymentType> {
    let mut scores = [0.0f32; 5];
    if let Some(title) = title {
        let lower = title.to_ascii_lowercase();
        for (slot, count) in employment_mentions(&lower).iter().enumerate() {
            scores[slot] += 10.0 * count;
        }
    }
    for line in lines {
        if line.text.is_empty() {
            continue;
        }
        let lower = line.text.to_ascii_lowercase();
        let weight = line.weight();
        for (slot, count) in employment_mentions(&lower).iter().enumerate() {
            scores[slot] += weight * count;
        }
    }
    // Slots in tie-break order.
    const ORDER: [EmploymentType; 5] = [
        EmploymentType::Internship,
        EmploymentType::Contract,
        EmploymentType::Temporary,
        EmploymentType::PartTime,
        EmploymentType::FullTime,
    ];
    let mut best: Option<(f32, EmploymentType)> = None;
    for (slot, &kind) in ORDER.iter().enumerate() {
        let score = scores[slot];
        if score > 0.0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, kind));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Mentions of [internship, contract, temporary, part-time, full-time] in a line.
fn employment_mentions(lower: &str) -> [f32; 5] {
    // Every term below contains one of these; most lines contain none.
    const STEMS: &[&str] = &[
        "intern",
        "co-op",
        "placement",
        "contract",
        "freelanc",
        "c2c",
        "corp",
        "1099",
        "temp",
        "seasonal",
        "fixed",
        "cover",
        "locum",
        "part",
        "full",
        "perm",
    ];
    if !STEMS.iter().any(|stem| tailor_text::contains(lower, stem)) {
        return [0.0; 5];
    }
    let count = |terms: &[&str]| -> f32 {
        let n: usize = terms.iter().map(|t| find_words(lower, t).count()).sum();
        #[allow(clippy::cast_precision_loss)]
        let n = n as f32;
        n
    };
    let internship = count(&[
        "internship",
        "internships",
        "intern",
        "co-op",
        "placement year",
    ]);
    let mut contract = count(&[
        "contractor",
        "freelance",
        "freelancer",
        "c2c",
        "corp-to-corp",
        "corp to corp",
        "contract-to-hire",
        "contract to hire",
        "w2 contract",
        "1099",
    ]);
    let line_words = words(lower).count();
    for at in find_words(lower, "contract") {
        let before = lower[..at].trim_end();
        let after = &lower[at + "contract".len()..];
        let next = next_word(after);
        let prev = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let standalone = line_words <= 4
            && (after.trim().is_empty()
                || after.trim_start().starts_with(['(', ',', '/', '|', '·']));
        let role_noun = matches!(
            next,
            "role"
                | "roles"
                | "position"
                | "positions"
                | "basis"
                | "job"
                | "assignment"
                | "opportunity"
                | "engagement"
                | "work"
                | "length"
                | "duration"
                | "term"
                | "period"
                | "type"
                | "employee"
                | "developer"
                | "engineer"
                | "designer"
        ) || (lower[at..].starts_with("contract:") && before.is_empty());
        let noted =
            before.ends_with(['(', '|', '·']) || after.trim_start().starts_with([')', '|', '·']);
        let length = matches!(prev, "month" | "months" | "week" | "weeks" | "year" | "on")
            || prev.ends_with("-month")
            || prev.ends_with("-week")
            || prev.ends_with("-year")
            || lower[..at].ends_with(": ");
        let fixed_term = prev == "fixed-term" || before.ends_with("fixed term");
        if (standalone || role_noun || length || noted) && !fixed_term {
            // "a contract role" names the job itself.
            contract += if role_noun { 1.5 } else { 1.0 };
        }
    }
    let temporary = count(&[
        "temporary",
        "temp",
        "temp-to-perm",
        "seasonal",
        "fixed-term",
        "fixed term",
        "maternity cover",
        "maternity leave cover",
        "parental leave cover",
        "locum",
    ]);
    let part_time = count(&["part-time", "part time", "parttime"]);
    let mut full_time = count(&["full-time", "full time", "fulltime", "permanent"]);
    // "a full-time math teacher", "a full-time position": the mention names the job itself.
    for term in ["full-time", "full time"] {
        for at in find_words(lower, term) {
            let names_job = words(&lower[at + term.len()..]).take(3).any(|next| {
                matches!(
                    next,
                    "role" | "position" | "job" | "opportunity" | "employee" | "hire"
                ) || super::lexicon::ROLE_WORDS.contains(&next)
            });
            if names_job {
                full_time += 0.5;
            }
        }
    }
    [internship, contract, temporary, part_time, full_time]
}

// ---------------------------------------------------------------------------------------
// Seniority

/// The seniority the title states ("Senior", "Sr.", "Staff", "II", "Head of", "VP"), the
/// highest when it states several ("Senior Engineering Manager" is a manager); else a level
/// the posting states ("Seniority level: Mid-Senior level", "entry-level"); else intern for an
/// internship. Years of experience alone do not set it: "5+ years" fits mid, senior and lead
/// roles alike.
pub(super) fn seniority(
    title: Option<&str>,
    lines: &[LineInfo<'_>],
    employment: Option<EmploymentType>,
) -> Option<Seniority> {
    if let Some(found) = title.and_then(title_seniority) {
        return Some(found);
    }
    for line in lines {
        if let Some((label, value)) = line.text.split_once(':')
            && matches!(
                key(label).as_str(),
                "seniority" | "seniority level" | "experience level" | "level" | "career level"
            )
            && let Some(found) = level_value(value)
        {
            return Some(found);
        }
    }
    for line in lines.iter().filter(|l| l.header) {
        if let Some(found) = level_value(line.text) {
            return Some(found);
        }
    }
    let mut first: Option<(usize, usize, Seniority)> = None;
    for (i, line) in lines.iter().enumerate() {
        if matches!(line.kind, Some(Kind::About | Kind::Benefits)) {
            continue;
        }
        let lower = line.text.to_ascii_lowercase();
        for (phrase, level) in [
            ("entry-level", Seniority::Entry),
            ("entry level", Seniority::Entry),
            ("new grad", Seniority::Entry),
            ("new graduate", Seniority::Entry),
            ("new graduates", Seniority::Entry),
            ("recent graduate", Seniority::Entry),
            ("recent graduates", Seniority::Entry),
            ("graduate programme", Seniority::Entry),
            ("graduate program", Seniority::Entry),
            ("junior-level", Seniority::Junior),
            ("junior level", Seniority::Junior),
            ("mid-level", Seniority::Mid),
            ("mid level", Seniority::Mid),
            ("mid-senior", Seniority::Senior),
            ("senior-level", Seniority::Senior),
            ("senior level", Seniority::Senior),
        ] {
            if let Some(at) = find_words(&lower, phrase).next()
                && first.is_none_or(|(l, a, _)| (i, at) < (l, a))
            {
                first = Some((i, at, level));
            }
        }
    }
    if let Some((_, _, level)) = first {
        return Some(level);
    }
    (employment == Some(EmploymentType::Internship)).then_some(Seniority::Intern)
}

/// A job board's level value: "Mid-Senior level", "Entry level", "Associate", "Director".
fn level_value(value: &str) -> Option<Seniority> {
    let k = key(value);
    let k = k.trim().trim_end_matches('.');
    let found = if k.contains("mid-senior") || k.contains("mid senior") {
        Seniority::Senior
    } else if k.contains("entry level") || k.contains("entry-level") {
        Seniority::Entry
    } else if k.contains("internship") || k == "intern" {
        Seniority::Intern
    } else if k == "associate" || k.contains("associate level") {
        Seniority::Junior
    } else if k.ends_with(" level") || k.split(" · ").count() == 1 && word_is_level(k) {
        return title_seniority(k);
    } else {
        return None;
    };
    Some(found)
}

fn word_is_level(k: &str) -> bool {
    matches!(
        k,
        "junior" | "mid" | "senior" | "lead" | "principal" | "director" | "executive" | "manager"
    )
}

/// Manager titles that name a job rather than a people manager ("Product Manager").
const ROLE_MANAGERS: &[&str] = &[
    "product",
    "project",
    "program",
    "programme",
    "account",
    "community",
    "office",
    "case",
    "content",
    "campaign",
    "success",
    "relationship",
    "release",
    "social",
    "media",
    "brand",
    "category",
    "channel",
    "partner",
    "partnerships",
    "property",
    "store",
    "shift",
    "territory",
    "portfolio",
    "asset",
    "inventory",
    "delivery",
    "implementation",
];

/// The seniority a title states.
pub(super) fn title_seniority(title: &str) -> Option<Seniority> {
    let k = key(title);
    let tokens: Vec<&str> = words(&k).collect();
    let original: Vec<&str> = words(title).collect();
    let mut best: Option<Seniority> = None;
    let mut raise = |level: Seniority| {
        if best.is_none_or(|b| level > b) {
            best = Some(level);
        }
    };
    for (i, &word) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).copied().unwrap_or("");
        let prev = if i > 0 { tokens[i - 1] } else { "" };
        match word {
            "intern" | "internship" | "interns" => raise(Seniority::Intern),
            "co" if next == "op" => raise(Seniority::Intern),
            "entry" | "graduate" | "apprentice" | "trainee" => raise(Seniority::Entry),
            "grad" if prev == "new" => raise(Seniority::Entry),
            "junior" | "jr" | "jnr" => raise(Seniority::Junior),
            "associate" if !matches!(next, "director" | "vp" | "vice" | "partner") => {
                raise(Seniority::Junior);
            }
            "mid" if matches!(next, "level" | "senior" | "") => raise(Seniority::Mid),
            "intermediate" => raise(Seniority::Mid),
            "senior" | "sr" | "snr" => raise(Seniority::Senior),
            "lead" | "leader" => raise(Seniority::Lead),
            "staff"
                if !matches!(
                    next,
                    "accountant" | "nurse" | "writer" | "assistant" | "member" | "attorney"
                ) && i + 1 < tokens.len() =>
            {
                raise(Seniority::Lead);
            }
            "principal" | "distinguished" => raise(Seniority::Principal),
            "fellow" if i > 0 => raise(Seniority::Principal),
            "manager" | "mgr" if !ROLE_MANAGERS.contains(&prev) => raise(Seniority::Manager),
            "supervisor" | "foreman" | "forewoman" => raise(Seniority::Lead),
            "director" => raise(Seniority::Director),
            "head" if next == "of" || i + 1 == tokens.len() => raise(Seniority::Director),
            "vp" | "svp" | "evp" | "avp" | "chief" | "cto" | "ceo" | "cfo" | "coo" | "cio"
            | "ciso" | "cpo" | "cmo" | "cro" | "president" => raise(Seniority::Executive),
            "vice" if next == "president" => raise(Seniority::Executive),
            _ => {}
        }
    }
    // Roman numerals, written in capitals: "Engineer II".
    for word in &original {
        match *word {
            "I" if original.len() > 1 => raise(Seniority::Junior),
            "II" => raise(Seniority::Mid),
            "III" | "IV" | "V" if original.len() > 1 => raise(Seniority::Senior),
            _ => {}
        }
    }
    best
}

// ---------------------------------------------------------------------------------------
// Years of experience

/// Words that make a "N years" about the company rather than the candidate.
const HISTORY_WORDS: &[&str] = &[
    "founded",
    "established",
    "in business",
    "history",
    "anniversary",
    "we've been",
    "we have been",
    "has been",
    "have been",
    "our",
    "we",
    "since",
    "company",
    "serving",
    "trusted",
];

/// Words that make a "N years" about the candidate.
const EXPERIENCE_WORDS: &[&str] = &[
    "experience",
    "exp",
    "experienced",
    "working",
    "work",
    "professional",
    "industry",
    "hands-on",
    "background",
    "developing",
    "building",
    "programming",
    "coding",
    "engineering",
    "managing",
    "leading",
    "designing",
    "using",
    "you",
    "candidate",
    "required",
    "minimum",
    "at least",
    "must",
];

/// The year counts asked for in `text`, in text order: "5+ years", "at least 3 years",
/// "3-5 years" (3), "minimum of two years". With `strict`, only those near an experience word count (for
/// free text); otherwise (requirement items) any that is not about the company's history.
pub(super) fn years_in(text: &str, strict: bool) -> Vec<u32> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for token in ["years", "year", "yrs", "yr"] {
        for at in find_words(&lower, token) {
            let before = &lower[..at];
            // "a 4-year degree", "2-year contract": not an experience requirement.
            if before.ends_with('-') {
                let after = &lower[at + token.len()..];
                if !after.trim_start().starts_with("experience")
                    && !after.trim_start().starts_with("of experience")
                {
                    continue;
                }
            }
            let Some(years) = count_ending(before) else {
                continue;
            };
            // "a year" asks for one year only with experience around it.
            let article =
                token == "year" && matches!(before.trim_end().rsplit(' ').next(), Some("a" | "an"));
            let near = tailor_text::suffix_within(before, 120);
            let clause = near
                .rfind(['.', ';', '!', '?', '\n'])
                .map_or(near, |i| &near[i + 1..]);
            let after = tailor_text::prefix_within(&lower[at + token.len()..], 120);
            let after_window = tailor_text::prefix_within(
                &after[..after
                    .find(['.', ';', '!', '?', '\n'])
                    .unwrap_or(after.len())],
                80,
            );
            let after_first = next_word(after);
            if matches!(after_first, "ago" | "old" | "running") && !strict_in(after_window)
                || after_window.trim_start().starts_with("of age")
                || after_window.trim_start().starts_with("in business")
                || after_window.trim_start().starts_with("of history")
            {
                continue;
            }
            let experience = has_any_word(clause, EXPERIENCE_WORDS)
                || has_any_word(after_window, EXPERIENCE_WORDS);
            let history =
                has_any_word(clause, HISTORY_WORDS) || has_any_word(after_window, HISTORY_WORDS);
            if history && !experience {
                continue;
            }
            if (strict || article) && !experience {
                continue;
            }
            found.push((at, years));
        }
    }
    found.sort_unstable();
    found.into_iter().map(|(_, years)| years).collect()
}

fn strict_in(window: &str) -> bool {
    has_any_word(window, &["experience", "exp"])
}

/// The year count that ends `before` ("5+", "3-5", "3 to 5", "two (2)", "minimum of ten").
fn count_ending(before: &str) -> Option<u32> {
    let mut text = before.trim_end();
    text = text.trim_end_matches('+').trim_end();
    if let Some(stripped) = text.strip_suffix("plus") {
        text = stripped.trim_end();
    }
    // "two (2) years".
    if let Some(inner) = text.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let n = inner[open + 1..].trim().trim_end_matches('+');
        if let Ok(n) = n.parse::<u32>() {
            return (n <= 40).then_some(n);
        }
        text = inner[..open].trim_end();
    }
    let last = text.rsplit([' ', '(', '/']).next()?;
    // A range: "3-5", "3–5"; "3 to 5", "3 - 5".
    let mut low = None;
    if let Some((a, _)) = last.split_once(['-', '–']) {
        low = a.trim_end_matches('+').parse::<u32>().ok();
    }
    if low.is_none() {
        let head = text[..text.len() - last.len()].trim_end();
        let range_head = head
            .strip_suffix(" to")
            .or_else(|| head.strip_suffix(" -"))
            .or_else(|| head.strip_suffix(" –"))
            .or_else(|| head.strip_suffix(" or"))
            .map(str::trim_end);
        let value = parse_count(last.trim_end_matches('+'))?;
        if let Some(range_head) = range_head
            && let Some(first) = range_head.rsplit(' ').next()
            && let Some(first) = parse_count(first.trim_end_matches('+'))
            && first <= value
        {
            low = Some(first);
        } else {
            low = Some(value);
        }
    }
    low.filter(|&n| n <= 40)
}

fn parse_count(word: &str) -> Option<u32> {
    if matches!(word, "a" | "an") {
        return Some(1);
    }
    if word.len() <= 2 && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok();
    }
    number_word(word)
}

#[cfg(test)]
mod tests {
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
}
