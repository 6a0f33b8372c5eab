//! Job-board chrome that is neither header nor body: buttons, "2 days ago", applicant counts, ratings.

use super::*;

/// Whether `line` is job-board chrome: buttons, "2 days ago", "Over 100 applicants",
/// ratings, company size, hashtags.
pub(crate) fn is_noise(line: &str) -> bool {
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
pub(crate) fn is_body_noise(line: &str) -> bool {
    // Every noise line is short.
    if line.len() > 60 {
        return false;
    }
    let k = key(line);
    let k = k.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ':'));
    NOISE_LINES.contains(&k) || k.starts_with("#li-")
}
