//! Seniority: from the title, a stated level, or an internship; never from years alone.

use super::*;

/// The seniority the title states ("Senior", "Sr.", "Staff", "II", "Head of", "VP"), the
/// highest when it states several ("Senior Engineering Manager" is a manager); else a level
/// the posting states ("Seniority level: Mid-Senior level", "entry-level"); else intern for an
/// internship. Years of experience alone do not set it: "5+ years" fits mid, senior and lead
/// roles alike.
pub(crate) fn seniority(
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
pub(crate) fn level_value(value: &str) -> Option<Seniority> {
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

pub(crate) fn word_is_level(k: &str) -> bool {
    matches!(
        k,
        "junior" | "mid" | "senior" | "lead" | "principal" | "director" | "executive" | "manager"
    )
}

/// Manager titles that name a job rather than a people manager ("Product Manager").
pub(crate) const ROLE_MANAGERS: &[&str] = &[
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
pub(crate) fn title_seniority(title: &str) -> Option<Seniority> {
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
