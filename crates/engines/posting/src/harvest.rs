//! Keywords the vocabulary does not know, read from the way a posting names them.
//!
//! No dictionary covers every trade's tools, certifications and methods, so the requirement,
//! preferred and responsibility items are also read for three forms that name a skill
//! whatever it is:
//!
//! 1. **Codes and acronyms** ("AWHONN", "RNC-OB", "CSWP", "TAE40122", "PSS/E"): a word of two
//!    to ten characters with at least two capitals and no lower-case letter (a plural "s"
//!    aside), that is no place, currency, time zone, company form or hiring term
//!    ([`NOT_SKILLS`]) and not part of the employer's name. "PPT licence" and "NVQ Level 2"
//!    keep their qualifier.
//! 2. **A skill's head shared by a list** ("modal, harmonic and fatigue analysis"): when a
//!    vocabulary skill of two or more words whose last word names a kind of work
//!    ([`SHARED_HEADS`]: care, analysis, design, testing, ...) closes a list joined by
//!    "and", "or" or "/", that word is given to the list's other members when they are
//!    single modifying words ("modal analysis", "harmonic analysis"); plurals and
//!    activities ("costing, budgeting and cost control") are things of their own.
//! 3. **Names in lists after a qualifying phrase** ("experience with Paragon, BisTrack or
//!    Sage 200", "proficiency in ServiceTitan"): the members of the list that follows
//!    "experience with", "knowledge of", "proficient in", "such as", "including" and the
//!    like, when each is written as a name (one to three words, each capitalised or a
//!    number, none generic: [`GENERIC`]), as tools, systems and credentials are. Lower-case
//!    phrases are left alone: in a list they are as often duties ("cleaning the line") as
//!    skills, and a wrong keyword costs the user more than a missing one.
//!
//! What the vocabulary already names is left to it. Results are lower case, as the
//! vocabulary's names are, and at most [`MAX_HARVESTED`].

use std::collections::HashSet;

use tailor_skills::vocabulary;

use crate::lexicon::REGION_CODES;
use tailor_text as text;

/// The most keywords this reading adds.
pub(crate) const MAX_HARVESTED: usize = 25;

/// The longest phrase taken from a list (characters).
const MAX_PHRASE_LEN: usize = 40;

/// Capitalised words that are not skills: places, currencies, time zones, company forms,
/// degrees, and the words of hiring and pay.
const NOT_SKILLS: &[&str] = &[
    // Places besides `REGION_CODES` (US states, Canadian provinces, Australian states).
    "TAS", "SA", "WA", "NT", "PEI", // Countries and regions.
    "US", "USA", "UK", "GB", "EU", "EEA", "UAE", "NZ", "AU", "APAC", "EMEA", "LATAM", "NA", "NAM",
    "DACH", "ANZ", "MENA", // Currencies.
    "USD", "GBP", "EUR", "INR", "AUD", "CAD", "NZD", "CHF", "SGD", "JPY", "HKD", "ZAR", "LPA",
    "CTC", "OTE", "DOE", "DOQ", "K", // Time.
    "AM", "PM", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "PT", "ET", "CT", "MT",
    "CET", "CEST", "GMT", "UTC", "BST", "IST", "AEST", "AEDT", "NZST", "ASAP", "TBD", "TBC", "FY",
    "YOY", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "MON", "TUE", "WED", "THU", "FRI", "SAT",
    "SUN", // Company forms and roles.
    "LLC", "LLP", "INC", "LTD", "PLC", "GMBH", "AG", "SE", "PTY", "CO", "CORP", "CEO", "CFO",
    "COO", "CTO", "CIO", "CMO", "CHRO", "CRO", "CPO", "VP", "SVP", "EVP", "AVP", "GM", "MD", "HR",
    "IT", "PR", "QA", "RN", "LPN", "CNA", "ID", "II", "III", "IV", "VI", "VII",
    // Hiring, pay and benefits.
    "PTO", "EEO", "EOE", "ADA", "EEOC", "OFCCP", "FTE", "WFH", "PAYG", "GST", "HST", "FAQ", "CV",
    "CVS", "RSVP", "NB", "PS", "FYI", "AKA", "ETC", "IE", "EG", "OK", "TV", "DM", "DMS", "HQ",
    "KPI", "KPIS", "ROI", "B2B", "B2C", "D2C", "DTC", "W2", "W-2", "C2C", "C2H", "1099", "401K",
    "403B", "HSA", "FSA", "EAP", "LTI", "STI", "RSU", "RSUS", "ESOP", "BA", "BS", "BSC", "MS",
    "MSC", "MA", "MBA", "PHD", "GED", "HS", "AA", "AS", "ASAP", "NOTE", "NEW", "ALL", "AND", "OR",
    "THE", "FOR", "WITH", "YOU", "OUR", "WE", "ABOUT", "ROLE", "JOB", "PAY", "APPLY", "HOT",
    "URGENT", "REF", "NO", "YES", "TOP", "FT", "PT", "PRN", "OT", "ASL", "SMS", "VIP", "API",
    "APIS", "SDK", "OEM", "SMB", "SME", "MVP", "POC", "OKR", "OKRS", "NDA", "STAT", "SOS", "MOB",
    "AOB", "ASAP", "NHS", "DBS", "EOI", "WPM", "URL", "PDF", "RE", "FW", "CC", "BCC", "TL", "DR",
    "MR", "MRS", "MS", "PTE", "LTD",
];

/// Codes of places that also name the licences they issue ("CA license"), besides
/// `REGION_CODES`.
const PLACES: &[&str] = &["US", "USA", "UK", "EU"];

/// Words after which a list of skills follows.
const LIST_OPENERS: &[&str] = &[
    "experience with",
    "experience in",
    "experience using",
    "experience of",
    "proficiency in",
    "proficiency with",
    "proficient in",
    "proficient with",
    "knowledge of",
    "understanding of",
    "familiarity with",
    "familiar with",
    "skilled in",
    "skills in",
    "expertise in",
    "competence in",
    "competent in",
    "certified in",
    "trained in",
    "fluency in",
    "such as",
    "including",
    "e.g.",
    "background in",
    "exposure to",
];

/// Words that end a list of skills.
const LIST_ENDS: &[&str] = &[
    " to ",
    " for ",
    " that ",
    " which ",
    " who ",
    " with ",
    " in a ",
    " in an ",
    " in the ",
    " within ",
    " across ",
    " from ",
    " at ",
    " on ",
    " is ",
    " are ",
    " will ",
    " would ",
    " as ",
    " by ",
    " under ",
    " preferred",
    " required",
    " a plus",
    " desirable",
    " essential",
    " highly ",
    " ideally",
    " strongly",
    " is ",
    " etc",
];

/// Words that make a phrase no skill: pronouns, determiners, verbs and vague nouns.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "the",
    "you",
    "your",
    "our",
    "we",
    "us",
    "their",
    "they",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "other",
    "others",
    "similar",
    "related",
    "relevant",
    "various",
    "any",
    "all",
    "some",
    "more",
    "most",
    "both",
    "each",
    "etc",
    "other",
    "plus",
    "also",
    "experience",
    "experiences",
    "skill",
    "skills",
    "knowledge",
    "ability",
    "abilities",
    "work",
    "working",
    "role",
    "roles",
    "team",
    "teams",
    "people",
    "customers",
    "clients",
    "environment",
    "environments",
    "setting",
    "settings",
    "company",
    "companies",
    "industry",
    "industries",
    "business",
    "businesses",
    "field",
    "area",
    "areas",
    "year",
    "years",
    "month",
    "months",
    "day",
    "days",
    "time",
    "level",
    "levels",
    "degree",
    "standards",
    "standard",
    "principles",
    "practices",
    "best",
    "good",
    "strong",
    "solid",
    "excellent",
    "great",
    "proven",
    "demonstrated",
    "basic",
    "advanced",
    "general",
    "understanding",
    "familiarity",
    "proficiency",
    "tools",
    "tool",
    "systems",
    "system",
    "software",
    "platforms",
    "platform",
    "technologies",
    "technology",
    "methods",
    "things",
    "stuff",
    "ability",
    "etc.",
    "is",
    "are",
    "be",
    "have",
    "has",
    "can",
    "will",
    "must",
    "should",
    "would",
    "may",
    "not",
    "no",
    "and",
    "or",
    "of",
    "in",
    "on",
    "with",
    "to",
    "for",
    "as",
    "at",
    "by",
    "from",
    "like",
    "including",
    "such",
    "e.g.",
    "i.e.",
    "ideally",
    "preferably",
    "especially",
    "particularly",
    "equivalent",
    "similar.",
    "new",
    "own",
    "one",
    "two",
    "three",
    "least",
    "minimum",
    "high",
    "low",
    "large",
    "small",
    "fast",
    "paced",
    "fast-paced",
    "daily",
    "weekly",
    "monthly",
    "ensure",
    "support",
    "provide",
    "help",
    "manage",
    "lead",
    "use",
    "using",
    "make",
    "take",
    "get",
    "keep",
    "build",
    "create",
    "develop",
    "maintain",
    "perform",
    "conduct",
    "assist",
    "coordinate",
    "prepare",
    "review",
    "handle",
    "deliver",
    "drive",
    "own",
    "run",
    "set",
    "write",
];

/// Endings of a word that names an activity ("costing", "inspection", "management").
const ACTIVITY_ENDINGS: &[&str] = &[
    "ing", "tion", "sion", "ment", "ance", "ence", "ysis", "ogy", "ure", "ery",
];

/// `items` are read up to this many bytes each.
pub(crate) const MAX_ITEM_BYTES: usize = 1_000;

/// The keywords of the items that the vocabulary does not name, in item order.
///
/// `items` are cut to [`MAX_ITEM_BYTES`]; `spans` are the vocabulary's occurrences in the
/// items joined by line breaks; `known` holds the keys ([`text::key`]) of the keywords found
/// already; `company` is the employer's name, whose words are never keywords.
pub(crate) fn harvest(
    items: &[&str],
    spans: &[tailor_skills::Occurrence<'static>],
    known: &HashSet<String>,
    company: Option<&str>,
) -> Vec<String> {
    let company_key = company.map(text::key).unwrap_or_default();
    let mut seen: HashSet<String> = known.clone();
    let mut out: Vec<String> = Vec::new();
    let mut add = |term: String, out: &mut Vec<String>| {
        let term = term.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
        let key = text::key(&term);
        if term.is_empty()
            || out.len() >= MAX_HARVESTED
            || (!company_key.is_empty() && company_key.contains(&key))
        {
            return;
        }
        let key = vocabulary().canonical(&term).map_or(key, str::to_owned);
        if seen.insert(key) {
            out.push(term.to_lowercase());
        }
    };
    let all_spans = spans;
    let mut item_start = 0;
    for &item in items {
        let start = item_start;
        item_start += item.len() + 1;
        // Most items have none of the three forms; the vocabulary's second look at an item
        // is only taken when one may be there.
        let lower = item.to_ascii_lowercase();
        let heads = (lower.contains(" and ") || lower.contains(" or ") || lower.contains('/'))
            && text::words(&lower).any(|w| SHARED_HEADS.contains(&w));
        let coded = !text::is_all_caps(item)
            && item
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '/' | '&')))
                .any(|w| as_code(w).is_some());
        let opened = LIST_OPENERS
            .iter()
            .any(|o| text::find_words(&lower, o).next().is_some());
        if !(heads || coded || opened) {
            continue;
        }
        let first = all_spans.partition_point(|s| s.start < start);
        let spans: Vec<tailor_skills::Occurrence<'_>> = all_spans[first..]
            .iter()
            .take_while(|s| s.end <= start + item.len())
            .map(|s| tailor_skills::Occurrence {
                name: s.name,
                start: s.start - start,
                end: s.end - start,
            })
            .collect();
        if heads {
            for term in shared_heads(item, &spans) {
                add(term, &mut out);
            }
        }
        if coded {
            for term in codes(item, &spans) {
                add(term, &mut out);
            }
        }
        if opened {
            for term in listed(item, &lower, &spans) {
                add(term, &mut out);
            }
        }
    }
    out
}

/// Codes and acronyms (rule 1), outside the vocabulary's skills ("A/B" of "A/B testing").
fn codes(item: &str, spans: &[tailor_skills::Occurrence<'_>]) -> Vec<String> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in item
        .char_indices()
        .chain(std::iter::once((item.len(), ' ')))
    {
        let splits = c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':' | '"');
        match (splits, start) {
            (true, Some(from)) => {
                words.push((from, &item[from..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, &(at, raw)) in words.iter().enumerate() {
        let word = raw.trim_end_matches(['.', '!', '?', '\'']);
        let word = word.trim_start_matches(['\'', '.']);
        let Some(code) = as_code(word) else {
            continue;
        };
        let end = at + raw.len();
        if vocabulary().canonical(code).is_some()
            || spans.iter().any(|s| s.start < end && at < s.end)
        {
            continue;
        }
        let next = words.get(i + 1).map(|w| w.1.trim_end_matches(['.', ',']));
        let after = words.get(i + 2).map(|w| w.1.trim_end_matches(['.', ',']));
        match (next, after) {
            // "PE license", "PPT licence"; not "CA license" (a state's).
            (Some(n), _)
                if matches!(n.to_lowercase().as_str(), "licence" | "license")
                    && !PLACES.contains(&code)
                    // "PE license" is a Professional Engineer's, not the island's.
                    && (code == "PE" || !REGION_CODES.contains(&code)) =>
            {
                out.push(format!("{code} {n}"));
            }
            (Some(n), Some(level))
                if n.eq_ignore_ascii_case("level") && level.chars().all(|c| c.is_ascii_digit()) =>
            {
                out.push(format!("{code} level {level}"));
            }
            // Two letters are too often something else ("AP", "CS", "UA") to stand alone.
            _ if code.len() < 3
                || NOT_SKILLS.contains(&code.to_ascii_uppercase().as_str())
                || REGION_CODES.contains(&code) => {}
            _ => out.push(code.to_owned()),
        }
    }
    out
}

/// The code a word spells, without a plural "s" ("RFIs" is "RFI").
fn as_code(word: &str) -> Option<&str> {
    let stem = word
        .strip_suffix('s')
        .filter(|s| s.chars().last().is_some_and(|c| c.is_ascii_uppercase()))
        .unwrap_or(word);
    let len = stem.chars().count();
    let capitals = stem.chars().filter(char::is_ascii_uppercase).count();
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    let fits = (2..=10).contains(&len)
        && capitals >= 2
        && letters == capitals
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '&'))
        && stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.ends_with(|c: char| c.is_ascii_alphanumeric())
        && !stem.contains("--");
    // Pay grades ("GS-09", "AP-3") and dates are no skills.
    let grade = stem
        .split_once('-')
        .is_some_and(|(a, b)| a.len() <= 2 && b.chars().all(|c| c.is_ascii_digit()));
    (fits && !grade && !stem.starts_with("COVID")).then_some(stem)
}

/// The list members that share a vocabulary skill's last word (rule 2).
fn shared_heads(item: &str, spans: &[tailor_skills::Occurrence<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for span in spans {
        let written = &item[span.start..span.end];
        let Some((_, head)) = written.rsplit_once([' ', '-']) else {
            continue;
        };
        if !SHARED_HEADS.contains(&head.to_lowercase().as_str()) {
            continue;
        }
        let before = &item[..span.start];
        let Some(list) = strip_joiner(before) else {
            continue;
        };
        for member in members_before(list) {
            out.push(format!("{member} {head}"));
        }
    }
    out
}

/// The last words of skills that a list can share ("antepartum, intrapartum and postpartum
/// care"): words for a kind of work, so that the members are kinds of it.
const SHARED_HEADS: &[&str] = &[
    "care",
    "analysis",
    "analyses",
    "studies",
    "design",
    "testing",
    "assessment",
    "assessments",
    "therapy",
    "monitoring",
    "management",
    "planning",
    "control",
    "maintenance",
    "installation",
    "inspection",
    "inspections",
    "repair",
    "engineering",
    "accounting",
    "reporting",
    "marketing",
    "law",
    "nursing",
    "surgery",
    "medicine",
    "cooking",
    "preparation",
    "processing",
    "modeling",
    "modelling",
    "diagnostics",
    "troubleshooting",
    "welding",
    "programming",
    "development",
    "writing",
    "auditing",
    "audits",
    "sales",
    "finishing",
    "insurance",
    "tax",
    "accounts",
];

/// The text before a list's last member, without its "and", "or", "&" or "/".
fn strip_joiner(before: &str) -> Option<&str> {
    let trimmed = before.trim_end();
    for joiner in [" and", " or", " &", ",", "/"] {
        if let Some(rest) = trimmed.strip_suffix(joiner) {
            return Some(rest.trim_end_matches(',').trim_end());
        }
    }
    before.strip_suffix('/')
}

/// The members of a list that ends at the end of `list`, last first: single words, the
/// first member being the last word before the list, so "Provide antepartum, intrapartum"
/// gives "intrapartum" and "antepartum".
fn members_before(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in list.rsplit(',').map(str::trim) {
        let words: Vec<&str> = part.split_whitespace().collect();
        let Some(&word) = words.last() else {
            break;
        };
        // A plural is a thing of its own ("subcontracts, change orders and purchase
        // orders"), not a kind of the head; so is an activity ("costing, budgeting and cost
        // control"), and so is a skill the vocabulary knows.
        if !is_modifier(word)
            || is_plural(word)
            || is_activity(word)
            || vocabulary().canonical(word).is_some()
        {
            break;
        }
        out.push(word.to_owned());
        if words.len() > 1 {
            break;
        }
    }
    out
}

fn is_activity(word: &str) -> bool {
    let lower = word.to_lowercase();
    SHARED_HEADS.contains(&lower.as_str()) || ACTIVITY_ENDINGS.iter().any(|e| lower.ends_with(e))
}

fn is_plural(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.ends_with('s') && !["ss", "us", "is", "ics"].iter().any(|e| lower.ends_with(e))
}

/// A word that can modify a skill's head: letters (and inner hyphens), not a function word.
fn is_modifier(word: &str) -> bool {
    word.chars().all(|c| c.is_alphabetic() || c == '-')
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !GENERIC.contains(&word.to_lowercase().as_str())
}

/// The members of lists that follow a qualifying phrase (rule 3).
///
/// `lower` is `item` in ASCII lower case (so that byte offsets agree).
fn listed(item: &str, lower: &str, spans: &[tailor_skills::Occurrence<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for opener in LIST_OPENERS {
        let mut from = 0;
        while let Some(at) = text::find_words(&lower[from..], opener).next() {
            let start = from + at + opener.len();
            from = start;
            let rest = &item[start..];
            let end = list_end(&lower[start..]);
            let list = &rest[..end];
            for member in split_list(list) {
                let phrase = tidy_member(member);
                if is_skill_phrase(phrase, spans, start + offset_in(list, member)) {
                    out.push(phrase.to_owned());
                }
            }
        }
    }
    out
}

fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Where a list that starts at the beginning of `lower` ends.
fn list_end(lower: &str) -> usize {
    let mut end = lower.len();
    for stop in ['.', ';', ':', '(', ')', '!', '?', '—', '–'] {
        if let Some(at) = lower.find(stop) {
            // A dot inside a word ("Node.js", "e.g.") does not end the list.
            if stop == '.' {
                let mut search = 0;
                while let Some(dot) = lower[search..].find('.') {
                    let at = search + dot;
                    let next = lower[at + 1..].chars().next();
                    if next.is_none_or(char::is_whitespace) {
                        end = end.min(at);
                        break;
                    }
                    search = at + 1;
                }
            } else {
                end = end.min(at);
            }
        }
    }
    for stop in LIST_ENDS {
        if let Some(at) = lower[..end].find(stop) {
            end = end.min(at);
        }
    }
    end
}

/// The members of a list: split at commas, "and", "or", "&" and "and/or".
fn split_list(list: &str) -> Vec<&str> {
    let mut members = vec![list];
    for joiner in [",", " and/or ", " and ", " or ", " & ", " / "] {
        members = members.into_iter().flat_map(|m| m.split(joiner)).collect();
    }
    members
}

/// A member without leading determiners or trailing generic nouns ("the Sage 200 system" is
/// "Sage 200").
fn tidy_member(member: &str) -> &str {
    let mut phrase = member.trim().trim_matches(|c: char| !c.is_alphanumeric());
    const LEADING: &[&str] = &[
        "a", "an", "the", "and", "or", "other", "any", "modern", "common", "standard", "relevant",
        "basic", "strong", "solid", "good",
    ];
    while let Some((first, rest)) = phrase.split_once(' ')
        && LEADING.contains(&first.to_lowercase().as_str())
    {
        phrase = rest.trim_start();
    }
    for tail in [
        " experience",
        " skills",
        " software",
        " tools",
        " knowledge",
        " principles",
        " concepts",
        " techniques",
        " methods",
        " methodologies",
        " environments",
        " environment",
        " platforms",
        " platform",
    ] {
        let cut = phrase.len().saturating_sub(tail.len());
        if cut > 0
            && phrase
                .get(cut..)
                .is_some_and(|end| end.eq_ignore_ascii_case(tail))
        {
            phrase = phrase[..cut].trim_end();
        }
    }
    phrase
}

/// Whether a list member reads as a skill the vocabulary does not already name.
fn is_skill_phrase(phrase: &str, spans: &[tailor_skills::Occurrence<'_>], at: usize) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || phrase.chars().count() > MAX_PHRASE_LEN {
        return false;
    }
    if !phrase.chars().next().is_some_and(char::is_alphanumeric)
        || phrase
            .chars()
            .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
    {
        return false;
    }
    // A member the vocabulary covers whole is left to it; one that only partly overlaps a
    // skill ("Sage" of "Sage 200" against "Sage Intacct") is no clean phrase either. A member
    // that contains a skill and says more ("Meta Ads Manager") stays.
    let end = at + phrase.len();
    if spans.iter().any(|s| {
        s.start < end
            && at < s.end
            && !(at <= s.start && s.end <= end && s.end - s.start < phrase.len())
    }) {
        return false;
    }
    if words
        .iter()
        .any(|w| GENERIC.contains(&w.to_lowercase().trim_end_matches(['.', ','])))
    {
        return false;
    }
    if words
        .iter()
        .any(|w| w.chars().any(|c| matches!(c, '$' | '£' | '€' | '%' | '@')))
    {
        return false;
    }
    if phrase.contains('.') && !phrase.contains(|c: char| c.is_lowercase()) {
        return false;
    }
    // Names: every word capitalised or a number ("Paragon", "BisTrack", "Sage 200",
    // "Workday Learning"), as tools, systems and certifications are written.
    words.len() <= 3
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        && words
            .iter()
            .any(|w| w.chars().any(char::is_lowercase) || w.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(items: &[&str], known: &HashSet<String>, company: Option<&str>) -> Vec<String> {
        let spans = vocabulary().occurrences(&items.join("\n"));
        harvest(items, &spans, known, company)
    }

    fn run(items: &[&str]) -> Vec<String> {
        read(items, &HashSet::new(), None)
    }

    #[test]
    fn codes_and_acronyms_are_taken_with_their_licence_or_level() {
        let got = run(&[
            "AWHONN Intermediate Fetal Heart Monitoring certification",
            "Counterbalance and PPT licence (RTITB or ITSSAR)",
            "NVQ Level 2 in Health and Social Care",
            "CSWP certification and PSS/E are a plus",
        ]);
        for want in [
            "awhonn",
            "ppt licence",
            "rtitb",
            "itssar",
            "nvq level 2",
            "cswp",
            "pss/e",
        ] {
            assert!(
                got.contains(&want.to_owned()),
                "{want} missing from {got:?}"
            );
        }
    }

    #[test]
    fn places_currencies_and_hiring_words_are_no_codes() {
        let got = run(&[
            "Based in Raleigh, NC with travel across the USA; pay in USD, PTO and 401K",
            "EEO employer. Apply ASAP. Shifts 7AM to 7PM EST. Salary DOE",
        ]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_shared_head_is_given_to_every_member_of_the_list() {
        let got = run(&["Perform modal, harmonic and fatigue analysis of castings"]);
        assert!(got.contains(&"modal analysis".to_owned()), "{got:?}");
        assert!(got.contains(&"harmonic analysis".to_owned()), "{got:?}");
        assert!(!got.iter().any(|k| k.contains("perform")), "{got:?}");
    }

    #[test]
    fn lists_after_a_qualifying_phrase_give_their_members() {
        let got = run(&[
            "Experience with Roadnet, Descartes Route Planner or BisTrack",
            "Proficiency in ServiceTitan; experience with multi-drop routing and Excel",
        ]);
        for want in [
            "roadnet",
            "descartes route planner",
            "bistrack",
            "servicetitan",
        ] {
            assert!(
                got.contains(&want.to_owned()),
                "{want} missing from {got:?}"
            );
        }
        // Lower-case phrases are left alone; Excel is the vocabulary's.
        assert!(
            !got.iter().any(|k| k.contains("routing") || k == "excel"),
            "{got:?}"
        );
    }

    #[test]
    fn vague_members_and_sentences_are_not_skills() {
        let got = run(&[
            "Experience with customers and a strong ability to work in a team",
            "Knowledge of our values, your goals and the way we work",
            "Familiarity with things like that is helpful",
        ]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn the_employers_name_and_known_skills_are_not_repeated() {
        let known: HashSet<String> = ["excel".to_owned()].into();
        let got = read(
            &[
                "Experience with Excel and CVRH protocols",
                "Knowledge of CVRH",
            ],
            &known,
            Some("CVRH"),
        );
        assert!(got.iter().all(|k| k != "excel" && k != "cvrh"), "{got:?}");
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        let odd = [
            "",
            "(",
            "AB/",
            "/",
            "experience with",
            "e.g.",
            "ÄÖÜ experience with ÄÖÜ and ß",
            "including , , and and or",
            "X-",
            "ΑΒΓ experience in ΑΒΓ",
            "such as.",
        ];
        for item in odd {
            let _ = run(&[item]);
        }
    }
}
