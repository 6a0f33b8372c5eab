//! Work mode: remote, hybrid or on-site, from the header note and weighted mentions in the body.

use super::*;

/// The work mode the posting states: the header's note when it has one ("Austin, TX
/// (Hybrid)"), else the weighted mentions of remote, hybrid and on-site work in the body.
/// A negated remote ("this is not a remote role", "no remote") counts as on-site; a remote
/// mention in the benefits ("remote work stipend") counts a little.
pub(crate) fn work_mode(lines: &[LineInfo<'_>], header_hint: Option<WorkMode>) -> Option<WorkMode> {
    if header_hint.is_some() {
        return header_hint;
    }
    let (mut remote, mut hybrid, mut onsite) = (0.0f32, 0.0f32, 0.0f32);
    for line in lines {
        if line.text.is_empty() {
            continue;
        }
        let lower = line.text.to_ascii_lowercase();
        // "Remote job: No", "Telework eligible: No": a form that says the work is on site.
        if let Some((name, value)) = lower.split_once(':')
            && words(name).count() <= 4
            && ["remote", "telework", "telecommute", "work from home"]
                .iter()
                .any(|w| name.contains(w))
        {
            let value = value.trim().trim_end_matches('.');
            if matches!(
                value,
                "no" | "none" | "n/a" | "not eligible" | "not available"
            ) {
                onsite += 5.0;
                continue;
            }
        }
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
pub(crate) struct Mentions {
    pub(crate) remote: f32,
    pub(crate) hybrid: f32,
    pub(crate) onsite: f32,
}

/// The mentions of each work mode in one line (ASCII lower case).
pub(crate) fn mode_mentions(lower: &str) -> Mentions {
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
                        | "state"
                        | "backend"
                        | "backends"
                        | "support"
                        | "assistance"
                        | "troubleshooting"
                        | "diagnostics"
                        | "management"
                        | "connection"
                        | "connections"
                        | "shell"
                        | "host"
                        | "hosts"
                        | "cache"
                        | "caching"
                        | "storage"
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
pub(crate) fn works_at_office(lower: &str, at: usize) -> bool {
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
pub(crate) fn next_word(after: &str) -> &str {
    let after = after.trim_start_matches([' ', '-']);
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(after.len());
    &after[..end]
}

/// Whether the mention at `at` is negated within its clause ("not a remote role", "no
/// remote", "non-remote", "Remote: No", "remote work is not available").
pub(crate) fn negated(lower: &str, at: usize, after: &str) -> bool {
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
pub(crate) fn days_before(lower: &str, at: usize) -> Option<u32> {
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
pub(crate) fn days_after(after: &str) -> Option<u32> {
    let window = tailor_text::prefix_within(after, 30);
    let window = &window[..window
        .find(['.', ';', '!', '?', '\n'])
        .unwrap_or(window.len())];
    let day_at = window.find("day")?;
    count_before(&window[..day_at])
}

/// The number (digits or a word, the top of a range "2-3") that ends `text`.
pub(crate) fn count_before(text: &str) -> Option<u32> {
    let text = text.trim_end();
    let last = text.rsplit([' ', '(']).next()?;
    let last = last.trim_end_matches(['-', ' ']);
    let top = last.rsplit(['-', '–', '/']).next().unwrap_or(last);
    if let Ok(n) = top.parse::<u32>() {
        return (1..=7).contains(&n).then_some(n);
    }
    number_word(top).filter(|n| (1..=7).contains(n))
}
