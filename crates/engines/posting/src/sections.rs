//! Section headings ("Requirements", "What you'll do", "## Benefits", "NICE TO HAVE:") and the
//! list items under them.

use tailor_text::{is_all_caps, key, strip_bullet, strip_markup, word_count};

/// What a section of a posting is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Requirements,
    Preferred,
    Responsibilities,
    Benefits,
    Salary,
    /// About the company or the team.
    About,
    Apply,
    /// A heading of some other kind (overview, location, equal opportunity, ...): it ends the
    /// section before it.
    Other,
}

impl Kind {
    /// Whether the section's lines are read as list items.
    pub(super) fn is_list(self) -> bool {
        matches!(
            self,
            Self::Requirements | Self::Preferred | Self::Responsibilities | Self::Benefits
        )
    }
}

/// How a heading phrase must appear in a line for the line to be that heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// The whole heading, apart from filler words ("Key", "Our", "Required") and joined
    /// phrases ("Skills & Experience").
    Exact,
    /// At the start of the heading, followed by at most three words ("Benefits at Acme");
    /// anywhere in a marked heading ("Here's what we offer:").
    Prefix,
    /// A word stem ("responsibilit") starting the last word of the heading, with only filler
    /// words before it ("Key Responsibilities", "Roles and Responsibilities"); anywhere in a
    /// marked heading.
    Stem,
    /// Only in a marked heading (ending with ':', Markdown, bold or all capitals).
    Marked,
    /// The whole heading (as [`Fit::Exact`]), or anywhere in a marked heading.
    Phrase,
}

use Fit::{Exact, Marked, Phrase, Prefix, Stem};
use Kind::{About, Apply, Benefits, Other, Preferred, Requirements, Responsibilities, Salary};

/// Heading phrases, first match wins: more specific phrases come before the general ones
/// they contain ("about you" before "about", "preferred qualifications" before
/// "qualifications", "compensation & benefits" before "compensation").
const PHRASES: &[(&str, Kind, Fit)] = &[
    // The role's own description: not a list section.
    ("about the role", Other, Prefix),
    ("about this role", Other, Prefix),
    ("about the job", Other, Prefix),
    ("about this job", Other, Prefix),
    ("about the position", Other, Prefix),
    ("about this position", Other, Prefix),
    ("about the opportunity", Other, Prefix),
    ("about this opportunity", Other, Prefix),
    ("the role", Other, Exact),
    ("role overview", Other, Prefix),
    ("role description", Other, Prefix),
    ("the opportunity", Other, Exact),
    ("the position", Other, Exact),
    ("position overview", Other, Prefix),
    ("position summary", Other, Prefix),
    ("job summary", Other, Prefix),
    ("job overview", Other, Prefix),
    ("summary", Other, Exact),
    ("overview", Other, Exact),
    ("description", Other, Exact),
    ("job description", Other, Prefix),
    ("full job description", Other, Prefix),
    ("job details", Other, Prefix),
    ("details", Other, Exact),
    ("additional information", Other, Prefix),
    ("additional info", Other, Prefix),
    ("other information", Other, Prefix),
    ("equal opportunity", Other, Prefix),
    ("equal employment", Other, Prefix),
    ("eeo", Other, Prefix),
    ("diversity", Other, Exact),
    ("diversity and inclusion", Other, Prefix),
    ("diversity & inclusion", Other, Prefix),
    ("our commitment", Other, Prefix),
    ("location", Other, Exact),
    ("locations", Other, Exact),
    ("job location", Other, Exact),
    ("work location", Other, Exact),
    ("job type", Other, Exact),
    ("employment type", Other, Exact),
    ("schedule", Other, Exact),
    ("working hours", Other, Prefix),
    ("hours", Other, Exact),
    ("tech stack", Other, Prefix),
    ("our stack", Other, Prefix),
    ("our tech stack", Other, Prefix),
    ("technology stack", Other, Prefix),
    ("stack", Other, Exact),
    ("technologies we use", Other, Prefix),
    ("travel", Other, Exact),
    ("visa sponsorship", Other, Prefix),
    ("disclaimer", Other, Exact),
    ("legal", Other, Exact),
    ("privacy", Other, Prefix),
    ("start date", Other, Exact),
    ("reports to", Other, Exact),
    // Nice-to-have qualifications.
    ("preferred", Preferred, Exact),
    ("preferred", Preferred, Marked),
    ("nice to have", Preferred, Prefix),
    ("nice-to-have", Preferred, Prefix),
    ("nice to haves", Preferred, Prefix),
    ("nice-to-haves", Preferred, Prefix),
    ("bonus", Preferred, Exact),
    ("bonus", Preferred, Marked),
    ("bonus points", Preferred, Prefix),
    ("pluses", Preferred, Exact),
    ("plus", Preferred, Marked),
    ("a plus", Preferred, Marked),
    ("would be great", Preferred, Marked),
    ("would be nice", Preferred, Marked),
    ("it would be great if", Preferred, Prefix),
    ("it would be nice if", Preferred, Prefix),
    ("it's a plus if", Preferred, Prefix),
    ("desired", Preferred, Marked),
    ("desirable", Preferred, Marked),
    ("good to have", Preferred, Prefix),
    ("great to have", Preferred, Prefix),
    ("extra credit", Preferred, Prefix),
    ("additional qualifications", Preferred, Prefix),
    ("additional skills", Preferred, Prefix),
    ("ideally", Preferred, Prefix),
    ("even better", Preferred, Prefix),
    ("you might also have", Preferred, Prefix),
    ("stand out", Preferred, Marked),
    ("standout", Preferred, Marked),
    ("optional", Preferred, Exact),
    // Benefits (before salary: "Compensation & Benefits" is a benefits list).
    ("compensation and benefits", Benefits, Prefix),
    ("compensation & benefits", Benefits, Prefix),
    ("salary and benefits", Benefits, Prefix),
    ("salary & benefits", Benefits, Prefix),
    ("pay and benefits", Benefits, Prefix),
    ("pay & benefits", Benefits, Prefix),
    ("benefits", Benefits, Prefix),
    ("benefit", Benefits, Exact),
    ("employee benefits", Benefits, Prefix),
    ("perks", Benefits, Prefix),
    ("perk", Benefits, Exact),
    ("what we offer", Benefits, Prefix),
    ("what we can offer", Benefits, Prefix),
    ("what we provide", Benefits, Prefix),
    ("we offer", Benefits, Prefix),
    ("we provide", Benefits, Prefix),
    ("our offer", Benefits, Prefix),
    ("what's in it for you", Benefits, Prefix),
    ("whats in it for you", Benefits, Prefix),
    ("in it for you", Benefits, Marked),
    ("what you'll get", Benefits, Prefix),
    ("what you will get", Benefits, Prefix),
    ("what you get", Benefits, Prefix),
    ("why join", Benefits, Prefix),
    ("why you'll love", Benefits, Prefix),
    ("why you will love", Benefits, Prefix),
    ("why work", Benefits, Prefix),
    ("why us", Benefits, Exact),
    ("total rewards", Benefits, Prefix),
    ("rewards", Benefits, Exact),
    ("what we give", Benefits, Prefix),
    // Pay.
    ("salary", Salary, Prefix),
    ("compensation", Salary, Prefix),
    ("pay", Salary, Exact),
    ("pay range", Salary, Prefix),
    ("pay rate", Salary, Prefix),
    ("base pay", Salary, Prefix),
    ("base salary", Salary, Prefix),
    ("wage", Salary, Prefix),
    ("wages", Salary, Prefix),
    ("remuneration", Salary, Prefix),
    ("rate", Salary, Exact),
    ("hourly rate", Salary, Prefix),
    ("day rate", Salary, Prefix),
    ("ctc", Salary, Exact),
    ("package", Salary, Exact),
    ("budget", Salary, Exact),
    ("ote", Salary, Exact),
    // Duties.
    ("essential functions", Responsibilities, Prefix),
    ("essential duties", Responsibilities, Prefix),
    ("responsibilit", Responsibilities, Stem),
    ("what you'll do", Responsibilities, Prefix),
    ("what you will do", Responsibilities, Prefix),
    ("what you'd do", Responsibilities, Prefix),
    ("what you would do", Responsibilities, Prefix),
    ("what you'll be doing", Responsibilities, Prefix),
    ("what you will be doing", Responsibilities, Prefix),
    ("what you'll work on", Responsibilities, Prefix),
    ("what you will work on", Responsibilities, Prefix),
    ("what you'll be working on", Responsibilities, Prefix),
    ("what you will be working on", Responsibilities, Prefix),
    ("what you'll achieve", Responsibilities, Prefix),
    ("what you will achieve", Responsibilities, Prefix),
    ("what the role involves", Responsibilities, Prefix),
    ("what the job involves", Responsibilities, Prefix),
    ("the job involves", Responsibilities, Prefix),
    ("the role involves", Responsibilities, Prefix),
    ("your role", Responsibilities, Prefix),
    ("in this role", Responsibilities, Prefix),
    ("in the role", Responsibilities, Prefix),
    ("as a", Responsibilities, Marked),
    ("day to day", Responsibilities, Prefix),
    ("day-to-day", Responsibilities, Prefix),
    ("a day in the life", Responsibilities, Prefix),
    ("a typical day", Responsibilities, Prefix),
    ("duties", Responsibilities, Stem),
    ("your impact", Responsibilities, Prefix),
    ("the impact you'll have", Responsibilities, Prefix),
    ("impact", Responsibilities, Exact),
    ("your mission", Responsibilities, Prefix),
    ("the mission", Responsibilities, Exact),
    ("accountabilities", Responsibilities, Stem),
    ("tasks", Responsibilities, Stem),
    ("your day", Responsibilities, Prefix),
    ("job functions", Responsibilities, Prefix),
    ("key result areas", Responsibilities, Prefix),
    ("scope", Responsibilities, Exact),
    ("scope of work", Responsibilities, Prefix),
    ("how you'll contribute", Responsibilities, Prefix),
    ("how you will contribute", Responsibilities, Prefix),
    ("how you'll make an impact", Responsibilities, Prefix),
    ("you'll get to", Responsibilities, Prefix),
    // Must-have qualifications; the "you'll ..." ones before the duties' "you will".
    ("requirement", Requirements, Stem),
    ("qualification", Requirements, Stem),
    ("what you'll need", Requirements, Prefix),
    ("what you will need", Requirements, Prefix),
    ("what you need", Requirements, Prefix),
    ("what we need", Requirements, Prefix),
    ("what we're looking for", Requirements, Prefix),
    ("what we are looking for", Requirements, Prefix),
    ("what we look for", Requirements, Prefix),
    ("who we're looking for", Requirements, Prefix),
    ("what we're after", Requirements, Prefix),
    ("what we are after", Requirements, Prefix),
    ("who we're after", Requirements, Prefix),
    ("skills required", Requirements, Prefix),
    ("skills", Requirements, Marked),
    ("required", Requirements, Marked),
    ("who we are looking for", Requirements, Prefix),
    ("we're looking for", Requirements, Marked),
    ("we are looking for", Requirements, Marked),
    ("looking for", Requirements, Marked),
    ("must have", Requirements, Prefix),
    ("must-have", Requirements, Prefix),
    ("must haves", Requirements, Prefix),
    ("must-haves", Requirements, Prefix),
    ("you have", Requirements, Phrase),
    ("you'll have", Requirements, Phrase),
    ("you will have", Requirements, Phrase),
    ("you should have", Requirements, Phrase),
    ("you'll need", Requirements, Phrase),
    ("you will need", Requirements, Phrase),
    ("you need", Requirements, Phrase),
    ("you bring", Requirements, Phrase),
    ("you'll bring", Requirements, Phrase),
    ("what you bring", Requirements, Prefix),
    ("what you'll bring", Requirements, Prefix),
    ("what you will bring", Requirements, Prefix),
    ("what you should bring", Requirements, Prefix),
    ("who you are", Requirements, Prefix),
    ("about you", Requirements, Prefix),
    ("your profile", Requirements, Prefix),
    ("your background", Requirements, Prefix),
    ("your experience", Requirements, Prefix),
    ("your skills", Requirements, Prefix),
    ("profile", Requirements, Exact),
    ("candidate profile", Requirements, Prefix),
    ("the ideal candidate", Requirements, Prefix),
    ("ideal candidate", Requirements, Prefix),
    ("skills", Requirements, Exact),
    ("skill set", Requirements, Exact),
    ("skillset", Requirements, Exact),
    ("experience", Requirements, Exact),
    ("expertise", Requirements, Exact),
    ("competencies", Requirements, Exact),
    ("knowledge", Requirements, Exact),
    ("education", Requirements, Exact),
    ("background", Requirements, Exact),
    ("essential", Requirements, Exact),
    ("essentials", Requirements, Exact),
    ("minimum", Requirements, Exact),
    ("basic", Requirements, Exact),
    ("required", Requirements, Exact),
    ("prerequisites", Requirements, Stem),
    ("criteria", Requirements, Exact),
    ("selection criteria", Requirements, Prefix),
    ("is this you", Requirements, Phrase),
    ("is that you", Requirements, Phrase),
    ("you are", Requirements, Phrase),
    ("you're", Requirements, Phrase),
    ("you might be a fit", Requirements, Marked),
    ("good fit", Requirements, Marked),
    ("great fit", Requirements, Marked),
    ("to succeed", Requirements, Marked),
    ("to be successful", Requirements, Marked),
    ("what it takes", Requirements, Prefix),
    ("you", Requirements, Exact),
    // German headings, common in European postings.
    ("dein profil", Requirements, Exact),
    ("ihr profil", Requirements, Exact),
    ("anforderungen", Requirements, Exact),
    ("deine aufgaben", Responsibilities, Exact),
    ("ihre aufgaben", Responsibilities, Exact),
    ("aufgaben", Responsibilities, Exact),
    ("wir bieten", Benefits, Prefix),
    ("was wir bieten", Benefits, Prefix),
    ("das bieten wir", Benefits, Prefix),
    // Duties phrased as "you will ...:" (after the requirement "you will have/need").
    ("you will", Responsibilities, Marked),
    ("you'll", Responsibilities, Marked),
    // About the company.
    ("about us", About, Prefix),
    ("about the company", About, Prefix),
    ("about the team", About, Prefix),
    ("about our team", About, Prefix),
    ("who we are", About, Prefix),
    ("our company", About, Prefix),
    ("company overview", About, Prefix),
    ("company description", About, Prefix),
    ("company profile", About, Prefix),
    ("the company", About, Exact),
    ("our mission", About, Prefix),
    ("our story", About, Prefix),
    ("our culture", About, Prefix),
    ("culture", About, Exact),
    ("our values", About, Prefix),
    ("values", About, Exact),
    ("mission", About, Exact),
    ("our team", About, Prefix),
    ("the team", About, Exact),
    ("meet the team", About, Prefix),
    ("life at", About, Prefix),
    ("who you'll work with", About, Prefix),
    ("about", About, Prefix),
    // Applying.
    ("how to apply", Apply, Prefix),
    ("to apply", Apply, Prefix),
    ("apply", Apply, Exact),
    ("application process", Apply, Prefix),
    ("interview process", Apply, Prefix),
    ("hiring process", Apply, Prefix),
    ("recruitment process", Apply, Prefix),
    ("our process", Apply, Exact),
    ("the process", Apply, Exact),
    ("next steps", Apply, Prefix),
    ("ready to apply", Apply, Prefix),
    ("interested", Apply, Exact),
    ("role", Other, Exact),
];

/// Words that may stand before a heading phrase without changing its meaning.
const FILLERS: &[&str] = &[
    "our",
    "the",
    "your",
    "key",
    "main",
    "core",
    "job",
    "role",
    "position",
    "technical",
    "additional",
    "general",
    "primary",
    "relevant",
    "professional",
    "specific",
    "important",
    "other",
    "a",
    "few",
    "some",
    "my",
    "this",
    "these",
    "company",
    "candidate",
    "soft",
    "hard",
    "personal",
    "work",
    "previous",
    "prior",
    "daily",
    "employee",
    "all",
    "more",
];

/// Adjectives that make the heading noun after them a requirement or a preference
/// ("Minimum Qualifications", "Preferred Skills", "Bonus points if you have").
const ADJECTIVES: &[(&str, Kind)] = &[
    ("preferred", Preferred),
    ("preferable", Preferred),
    ("desired", Preferred),
    ("desirable", Preferred),
    ("bonus", Preferred),
    ("optional", Preferred),
    ("nice to have", Preferred),
    ("nice-to-have", Preferred),
    ("additional", Preferred),
    ("minimum", Requirements),
    ("basic", Requirements),
    ("required", Requirements),
    ("essential", Requirements),
    ("mandatory", Requirements),
    ("must have", Requirements),
    ("must-have", Requirements),
    ("core", Requirements),
];

/// The words that may follow one of [`ADJECTIVES`] in a heading.
const HEADING_NOUNS: &[&str] = &[
    "qualification",
    "qualifications",
    "requirement",
    "requirements",
    "skill",
    "skills",
    "experience",
    "experiences",
    "criteria",
    "competencies",
    "competency",
    "knowledge",
    "expertise",
    "background",
    "points",
    "education",
    "and",
    "&",
    "technical",
    "professional",
    "job",
    "if",
    "you",
    "have",
    "also",
    "extras",
    "bonus",
    "abilities",
    "attributes",
    "traits",
    "certifications",
    "skillset",
    "skill set",
    "but",
    "not",
    "required",
    "preferred",
];

/// A heading line: its kind and, for an inline heading ("Requirements: Rust, Go"), the text
/// after the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Heading<'a> {
    pub kind: Kind,
    pub rest: Option<&'a str>,
}

/// Reads `line` (trimmed) as a heading, if it is one.
pub(super) fn heading(line: &str) -> Option<Heading<'_>> {
    if line.is_empty() || line.len() > 200 {
        return None;
    }
    // "🚀 What you'll do", "✅ What we're looking for ✅": pictographs around a heading
    // (where a pictograph opens a line, it is no list bullet for this purpose).
    let decorated = is_decorated(line);
    let (bullet, body) = strip_bullet(line);
    let bullet = bullet && !decorated;
    let body = body.trim_matches(|c: char| c.is_whitespace() || is_pictograph(c));
    let markdown = line.starts_with('#');
    let bold = body.starts_with("**") || body.starts_with("__");
    let core_text = strip_markup(body);
    let colon = core_text.ends_with(':') || body.ends_with(':');
    let core_text = core_text
        .trim_end_matches([':', ' ', '-', '–', '—', '*', '_'])
        .trim();
    // An inline heading: a known label, a colon, and text after it.
    if !colon && let Some(at) = core_text.find(':') {
        let label = strip_markup(&core_text[..at]);
        let rest = core_text[at + 1..]
            .trim()
            .trim_start_matches(['*', '_'])
            .trim();
        if !rest.is_empty()
            && !label.is_empty()
            && word_count(label) <= 5
            && !label.contains(['(', ')', ','])
            && let Some(kind) = classify(&label_key(label), true)
        {
            return Some(Heading {
                kind,
                rest: Some(rest),
            });
        }
        return None;
    }
    let words = word_count(core_text);
    if words == 0 || words > 12 || core_text.len() > 100 {
        return None;
    }
    // A sentence is not a heading; a question may be ("Why join us?").
    if core_text.ends_with(['.', '!', ';', ',']) && !core_text.ends_with("...") {
        return None;
    }
    let marked = colon || markdown || bold || is_all_caps(core_text);
    if bullet && !(colon || bold) {
        return None;
    }
    let core_key = key(core_text.trim_end_matches(['?', '.', ' ']));
    if !marked && words > 7 {
        return None;
    }
    classify(&core_key, marked).map(|kind| Heading { kind, rest: None })
}

/// A line that opens with a pictograph ("🚀 What you'll do").
pub(super) fn is_decorated(line: &str) -> bool {
    line.trim_start().starts_with(is_pictograph)
}

/// An emoji or symbol used as decoration ("🚀", "✅", "✨", "👉"), not a letter, digit,
/// punctuation of a heading or a list bullet.
fn is_pictograph(c: char) -> bool {
    !c.is_ascii()
        && !c.is_alphanumeric()
        && !matches!(
            c,
            '•' | '·' | '–' | '—' | '‘' | '’' | '“' | '”' | '€' | '£' | '₹' | '¥'
        )
}

/// An inline label's key without a trailing verb ("Responsibilities include").
fn label_key(label: &str) -> String {
    let mut label = key(label);
    for verb in [" will include", " includes", " include", " are", " is"] {
        if let Some(head) = label.strip_suffix(verb) {
            label.truncate(head.len());
            break;
        }
    }
    label
}

/// The kind of heading `core` (a key) reads as, if any.
fn classify(core: &str, marked: bool) -> Option<Kind> {
    if core.is_empty() || core.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(kind) = adjective_heading(core) {
        return Some(kind);
    }
    let words = word_count(core);
    // Plain lines with digits or commas are list items ("Minimum 3 years", "Perks: a, b").
    let plain_item = !marked && core.contains(|c: char| c.is_ascii_digit() || c == ',');
    let parts = Parts::of(core);
    PHRASES.iter().find_map(|&(phrase, kind, fit)| {
        let fits = match fit {
            Exact => parts.exact_fit(phrase),
            Phrase => parts.exact_fit(phrase) || marked && contains_phrase(core, phrase),
            Prefix => {
                (!plain_item
                    && starts_with_phrase(core, phrase)
                    && words <= word_count(phrase) + 3
                    && !(phrase == "about" && about_is_not_a_heading(core)))
                    || (marked && contains_phrase(core, phrase))
                    || parts.exact_fit(phrase)
            }
            Stem => {
                if marked {
                    words <= 10 && contains_stem(core, phrase)
                } else {
                    parts
                        .stripped
                        .iter()
                        .any(|rest| !rest.contains(' ') && rest.starts_with(phrase))
                }
            }
            Marked => marked && contains_phrase(core, phrase),
        };
        fits.then_some(kind)
    })
}

/// "Preferred Qualifications", "Minimum requirements", "Bonus points if you have".
fn adjective_heading(core: &str) -> Option<Kind> {
    ADJECTIVES.iter().find_map(|&(adjective, kind)| {
        let rest = core.strip_prefix(adjective)?;
        if !rest.starts_with(' ') {
            return None;
        }
        let rest = rest.trim();
        let nouns = rest
            .split([' ', '/', ','])
            .filter(|w| !w.is_empty())
            .all(|w| HEADING_NOUNS.contains(&w));
        nouns.then_some(kind)
    })
}

/// The joined phrases of a heading: "Skills & Experience" is "skills" and "experience".
fn parts(core: &str) -> impl Iterator<Item = &str> {
    core.split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split('/'))
        .flat_map(|p| p.split(", "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// "About" followed by a sentence rather than a name ("About 40% of our customers...").
fn about_is_not_a_heading(core: &str) -> bool {
    let rest = core["about".len()..].trim();
    rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) || word_count(rest) > 4
}

/// The joined phrases of a heading, as written and without filler words.
struct Parts<'a> {
    raw: Vec<&'a str>,
    stripped: Vec<&'a str>,
}

impl<'a> Parts<'a> {
    fn of(core: &'a str) -> Self {
        let raw: Vec<&str> = parts(core).collect();
        let stripped = raw.iter().map(|p| strip_fillers(p)).collect();
        Self { raw, stripped }
    }

    /// Whether the heading, without filler words and split on "and" / "&" / "/", is made of
    /// `phrase` and other heading phrases.
    fn exact_fit(&self, phrase: &str) -> bool {
        let matches = |part: &str, p: &str| part == p || part.strip_suffix('s') == Some(p);
        let (Some(first), Some(first_stripped)) = (self.raw.first(), self.stripped.first()) else {
            return false;
        };
        if !matches(first, phrase) && !matches(first_stripped, phrase) {
            return false;
        }
        self.raw
            .iter()
            .zip(&self.stripped)
            .skip(1)
            .all(|(raw, stripped)| {
                PHRASES
                    .iter()
                    .any(|&(p, _, fit)| fit != Marked && (matches(raw, p) || matches(stripped, p)))
            })
    }
}

fn strip_fillers(part: &str) -> &str {
    let mut part = part.trim();
    loop {
        let Some((first, rest)) = part.split_once(' ') else {
            return part;
        };
        if FILLERS.contains(&first) {
            part = rest.trim();
        } else {
            return part;
        }
    }
}

fn starts_with_phrase(core: &str, phrase: &str) -> bool {
    core.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

fn contains_phrase(core: &str, phrase: &str) -> bool {
    tailor_text::has_word(core, phrase)
}

/// `stem` at the start of a word of `core`.
fn contains_stem(core: &str, stem: &str) -> bool {
    core.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(stem))
}

/// Words and phrases that mark a listed qualification as nice to have.
const PREFERRED_MARKERS: &[&str] = &[
    "preferred",
    "nice to have",
    "nice-to-have",
    "is a plus",
    "a plus",
    "a big plus",
    "is a bonus",
    "a bonus",
    "bonus points",
    "desirable",
    "desired",
    "is an advantage",
    "an advantage",
    "advantageous",
    "is an asset",
    "an asset",
    "would be great",
    "would be nice",
    "would be a plus",
    "not required",
    "optional",
    "good to have",
    "great to have",
    "extra credit",
    "plus if",
];

/// Whether a requirement item says it is only preferred ("Kafka experience is a plus").
pub(super) fn marks_preferred(item: &str) -> bool {
    let lower = key(item);
    // "Advanced Excel; Kyriba experience is a plus", "A WMS, and SAP would be a plus, but
    // health and safety is essential": a line that is partly required stays required.
    let clauses: Vec<&str> = lower
        .split([';'])
        .flat_map(|c| c.split(", but "))
        .flat_map(|c| c.split(" but "))
        .flat_map(|c| c.split(". "))
        .map(str::trim)
        .filter(|c| c.chars().any(char::is_alphanumeric))
        .collect();
    if clauses.len() > 1 {
        return clauses.iter().all(|c| marks_preferred_clause(c));
    }
    marks_preferred_clause(&lower)
}

fn marks_preferred_clause(lower: &str) -> bool {
    // "Ideally ..." qualifies the whole item; "..., ideally in fintech" only a detail of it.
    PREFERRED_MARKERS
        .iter()
        .any(|m| tailor_text::has_word(lower, m))
        || lower.starts_with("ideally")
        || lower.starts_with("preferably")
        || lower.ends_with(" plus")
        || lower.ends_with(" plus.")
        || lower.ends_with("(plus)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<Kind> {
        heading(line).filter(|h| h.rest.is_none()).map(|h| h.kind)
    }

    #[test]
    fn requirement_headings_are_recognised_in_every_common_form() {
        for line in [
            "Requirements",
            "REQUIREMENTS",
            "Requirements:",
            "## Requirements",
            "**Requirements**",
            "Qualifications",
            "Minimum Qualifications",
            "Basic qualifications:",
            "What you'll need",
            "What You’ll Need:",
            "What we're looking for",
            "Must have",
            "Must-haves:",
            "You have:",
            "Skills",
            "Skills & Experience",
            "Technical Skills",
            "Required skills",
            "Who you are",
            "About you",
            "The ideal candidate",
            "Key Requirements",
            "Here's what we're looking for:",
            "Is this you?",
        ] {
            assert_eq!(kind(line), Some(Kind::Requirements), "{line}");
        }
    }

    #[test]
    fn preferred_headings_win_over_the_requirements_they_contain() {
        for line in [
            "Preferred qualifications",
            "Preferred Qualifications:",
            "Nice to have",
            "Nice-to-haves",
            "NICE TO HAVE",
            "Bonus points",
            "Bonus points if you have:",
            "Pluses",
            "It would be great if you have:",
            "Desired skills",
            "Extra credit",
        ] {
            assert_eq!(kind(line), Some(Kind::Preferred), "{line}");
        }
    }

    #[test]
    fn duties_benefits_and_other_headings_are_told_apart() {
        for (line, expected) in [
            ("Responsibilities", Kind::Responsibilities),
            ("Key Responsibilities:", Kind::Responsibilities),
            ("What you'll do", Kind::Responsibilities),
            ("Your role", Kind::Responsibilities),
            ("Duties", Kind::Responsibilities),
            ("In this role you will:", Kind::Responsibilities),
            ("Day-to-day", Kind::Responsibilities),
            ("Benefits", Kind::Benefits),
            ("Perks & Benefits", Kind::Benefits),
            ("What we offer", Kind::Benefits),
            ("Why join us?", Kind::Benefits),
            ("Compensation & Benefits", Kind::Benefits),
            ("Salary", Kind::Salary),
            ("Compensation", Kind::Salary),
            ("About us", Kind::About),
            ("About Acme", Kind::About),
            ("Who we are", Kind::About),
            ("About the role", Kind::Other),
            ("How to apply", Kind::Apply),
            ("Equal Opportunity Employer", Kind::Other),
        ] {
            assert_eq!(kind(line), Some(expected), "{line}");
        }
    }

    #[test]
    fn list_items_and_sentences_are_not_headings() {
        for line in [
            "Strong communication skills",
            "5+ years of experience with Rust",
            "Experience with Kubernetes",
            "- Requirements gathering with stakeholders",
            "Health benefits for you and your family",
            "We offer a great salary and benefits.",
            "About 40% of our customers are in Europe",
            "You will build services in Rust and Go.",
            "Competitive salary",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn an_inline_heading_carries_the_text_after_its_label() {
        let h = heading("Requirements: Rust, SQL").unwrap();
        assert_eq!(h.kind, Kind::Requirements);
        assert_eq!(h.rest, Some("Rust, SQL"));
        let h = heading("**Nice to have:** Kafka").unwrap();
        assert_eq!(h.kind, Kind::Preferred);
        assert_eq!(h.rest, Some("Kafka"));
        assert_eq!(heading("Note: we are closed on Fridays"), None);
        assert_eq!(heading("https://example.com/jobs"), None);
    }

    #[test]
    fn items_that_say_they_are_optional_are_marked_preferred() {
        for item in [
            "Kafka experience is a plus",
            "Go (preferred)",
            "AWS certification (nice to have)",
            "Experience with Terraform a bonus",
            "Master's degree preferred",
            "Ideally, experience in fintech",
        ] {
            assert!(marks_preferred(item), "{item}");
        }
        for item in ["5+ years of Rust", "Experience with Kafka"] {
            assert!(!marks_preferred(item), "{item}");
        }
    }
}
