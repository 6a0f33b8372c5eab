//! Employment type: full-time, part-time, contract, temporary or internship.

use super::*;

/// The employment type the posting states: from the title, the header and labels first
/// (weighted), then the body. Ties go to the more specific type (internship, contract,
/// temporary, part-time, full-time).
pub(crate) fn employment_type(
    lines: &[LineInfo<'_>],
    title: Option<&str>,
) -> Option<EmploymentType> {
    // An explicit statement ("Job type: Full-time", "Permanent, Full Time", "£28k | Full-time |
    // Permanent") wins over words elsewhere ("seasonal menus", "no C2C").
    let explicit: Vec<&LineInfo<'_>> = lines.iter().filter(|l| is_statement(l.text)).collect();
    if let Some(kind) = decide(explicit.iter().map(|l| (l.text, 1.0)), title, true) {
        return Some(kind);
    }
    decide(lines.iter().map(|l| (l.text, l.weight())), title, false)
}

/// A line that states the terms of the job: a label ("Employment type: X", "Job type: X"),
/// or a short line of separated notes, one of which is an employment term ("Permanent, Full
/// Time", "Full-time · Hybrid").
fn is_statement(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "employment type",
        "job type",
        "type",
        "contract type",
        "position type",
        "employment",
        "work type",
        "job status",
        "schedule",
        "hours",
        "contract",
    ];
    const STEMS: &[&str] = &[
        "full",
        "part",
        "perm",
        "contract",
        "temp",
        "intern",
        "fixed",
        "seasonal",
        "freelance",
    ];
    // A word that starts with a stem ("Full-time", "Permanent", "Contractor"), in any case:
    // most lines have none, and are done with in one pass.
    let stem_word = |word: &str| {
        STEMS.iter().any(|s| {
            word.len() >= s.len() && word.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
        })
    };
    if text.len() > 300
        || !text
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(stem_word)
    {
        return false;
    }
    let lower = text.trim().to_lowercase();
    if let Some((name, _)) = lower.split_once(':') {
        let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if LABELS.contains(&name) {
            return true;
        }
    }
    let pieces: Vec<&str> = lower
        .split(['|', '·', ',', '•', '/', '—', '–'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    pieces.len() <= 8
        && pieces.iter().all(|p| words(p).count() <= 4)
        && pieces.iter().any(|p| {
            matches!(
                p.trim_matches(|c: char| !c.is_alphanumeric()),
                "full-time"
                    | "full time"
                    | "fulltime"
                    | "part-time"
                    | "part time"
                    | "permanent"
                    | "contract"
                    | "temporary"
                    | "temp"
                    | "internship"
                    | "fixed-term"
                    | "fixed term"
                    | "seasonal"
                    | "freelance"
                    | "contract-to-hire"
                    | "contract to hire"
                    | "permanent full-time"
                    | "permanent full time"
                    | "full-time permanent"
                    | "full time permanent"
            )
        })
}

/// The employment type the mentions of weighted `texts` and the title point to. With
/// `only_texts`, the title is counted only when a text mentions a type too.
fn decide<'a>(
    texts: impl Iterator<Item = (&'a str, f32)>,
    title: Option<&str>,
    only_texts: bool,
) -> Option<EmploymentType> {
    let mut scores = [0.0f32; 5];
    let mut any = false;
    for (text, weight) in texts {
        if text.is_empty() {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        for (slot, count) in employment_mentions(&lower).iter().enumerate() {
            scores[slot] += weight * count;
            any |= *count > 0.0;
        }
    }
    if only_texts && !any {
        return None;
    }
    if let Some(title) = title {
        let lower = title.to_ascii_lowercase();
        for (slot, count) in employment_mentions(&lower).iter().enumerate() {
            scores[slot] += 10.0 * count;
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
pub(crate) fn employment_mentions(lower: &str) -> [f32; 5] {
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
    // "No C2C", "not 1099": a refusal, not the terms. "General contractor": a construction
    // firm, not the terms.
    let affirmed = |term: &str| -> f32 {
        let n = find_words(lower, term)
            .filter(|&at| {
                let before: Vec<&str> = words(&lower[..at]).collect();
                let near = before.iter().rev().take(2);
                let refused = near
                    .clone()
                    .any(|w| matches!(*w, "no" | "not" | "without" | "non"));
                let trade = before.last().is_some_and(|w| {
                    matches!(
                        *w,
                        "general"
                            | "sub"
                            | "prime"
                            | "specialty"
                            | "trade"
                            | "electrical"
                            | "mechanical"
                            | "plumbing"
                            | "roofing"
                            | "framing"
                            | "concrete"
                            | "hvac"
                            | "licensed"
                            | "government"
                            | "defense"
                            | "federal"
                    )
                });
                !refused && !trade
            })
            .count();
        #[allow(clippy::cast_precision_loss)]
        let n = n as f32;
        n
    };
    let mut contract: f32 = [
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
    ]
    .iter()
    .map(|t| affirmed(t))
    .sum();
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
    // "Seasonal" is the job's terms only as "seasonal position", "seasonal associate" or on
    // its own; "seasonal menus" and "seasonal peak" are not.
    let seasonal = find_words(lower, "seasonal")
        .filter(|&at| {
            let next = next_word(&lower[at + "seasonal".len()..]);
            next.is_empty()
                || matches!(
                    next,
                    "role"
                        | "roles"
                        | "position"
                        | "positions"
                        | "job"
                        | "jobs"
                        | "work"
                        | "worker"
                        | "workers"
                        | "employee"
                        | "employees"
                        | "employment"
                        | "associate"
                        | "associates"
                        | "staff"
                        | "hire"
                        | "hires"
                        | "contract"
                        | "opportunity"
                        | "assignment"
                )
        })
        .count();
    #[allow(clippy::cast_precision_loss)]
    let seasonal = seasonal as f32;
    // "Full-time, seasonal (April – October)": a full-time job for a season.
    let seasonal = if ["full-time", "full time"]
        .iter()
        .any(|t| find_words(lower, t).next().is_some())
    {
        0.0
    } else {
        seasonal
    };
    let temporary = seasonal
        + count(&[
            "temporary",
            "temp",
            "temp-to-perm",
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
                ) || crate::lexicon::ROLE_WORDS.contains(&next)
            });
            if names_job {
                full_time += 0.5;
            }
        }
    }
    [internship, contract, temporary, part_time, full_time]
}
