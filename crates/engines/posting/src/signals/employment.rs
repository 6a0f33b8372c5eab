//! Employment type: full-time, part-time, contract, temporary or internship.

use super::*;

/// The employment type the posting states: from the title, the header and labels first
/// (weighted), then the body. Ties go to the more specific type (internship, contract,
/// temporary, part-time, full-time).
pub(crate) fn employment_type(
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
                ) || crate::lexicon::ROLE_WORDS.contains(&next)
            });
            if names_job {
                full_time += 0.5;
            }
        }
    }
    [internship, contract, temporary, part_time, full_time]
}
