//! Title, company and location from sentences: "Acme is hiring a Senior Data Engineer", "At Acme, we ...", "Acme is an equal opportunity employer".

use super::*;

/// What a hiring sentence names.
#[derive(Debug, Default)]
pub(crate) struct Sentence {
    pub(crate) title: Option<String>,
    pub(crate) company: Option<String>,
    pub(crate) location: Option<String>,
}

pub(crate) fn apply_sentence(found: Sentence, header: &mut Header) {
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
pub(crate) fn hiring_sentence(line: &str) -> Option<Sentence> {
    const VERBS: &[&str] = &[
        " is hiring: ",
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
        // Only after a title and a dash: "Welder Fabricator – Southern Alps Steel is a ...".
        " is a ",
        " is an ",
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
        let mut subject = first_sentence[..at].trim();
        let object = &first_sentence[at + verb.len()..];
        // "Regional CDL Class A Driver (Hazmat) - Redline Freight Lines is hiring ...": the
        // title leads, then the company.
        // "Welder Fabricator – Christchurch – Southern Alps Steel ...": a place between them.
        let mut lead = None;
        for sep in [" - ", " – ", " — ", " | "] {
            if let Some(cut) = subject.rfind(sep) {
                let (mut left, right) = (subject[..cut].trim(), subject[cut + sep.len()..].trim());
                if let Some((title, place)) = left.rsplit_once(sep)
                    && location_of(place).is_some()
                {
                    left = title.trim();
                }
                if has_role_word(left) && looks_like_title(left) && looks_like_company(right) {
                    lead = Some(left);
                    subject = right;
                    break;
                }
            }
        }
        if matches!(*verb, " is a " | " is an ") && lead.is_none() {
            continue;
        }
        // "Acme is hiring CDL drivers": the company, even when the object is no title.
        let title = match lead {
            Some(left) => clean_title(left, &mut None),
            None => role_phrase(object),
        };
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
        if title.is_none() && company.is_none() {
            return None;
        }
        let location = object
            .find(" in ")
            .and_then(|at| location_phrase(&object[at + 4..]));
        return Some(Sentence {
            title,
            company,
            location,
        });
    }
    None
}

pub(crate) fn first_sentence(line: &str) -> &str {
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
pub(crate) fn role_phrase(text: &str) -> Option<String> {
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
pub(crate) fn location_phrase(text: &str) -> Option<String> {
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
pub(crate) fn read_hiring_sentences(lines: &[&str], header: &mut Header) {
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
pub(crate) fn company_from_body(lines: &[&str]) -> Option<String> {
    // A recruiter's client: "my direct client, First Harbor Bank, is ...".
    for line in lines {
        if let Some(name) = client_company(line) {
            return Some(name);
        }
    }
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
                    // "Moorview Chartered Surveyors is a friendly, independent firm".
                    " is a ",
                    " is an ",
                ] {
                    if let Some(at) = tailor_text::find(&lower, phrase) {
                        let name = sentence[..at].trim();
                        let plain = matches!(phrase, " is a " | " is an ");
                        if is_name(name)
                            && (!plain || names_an_organisation(&lower[at + phrase.len()..]))
                        {
                            return clean_company(name);
                        }
                    }
                }
            }
        }
    }
    None
}

/// Whether what follows "X is a" says X is an organisation: "a friendly, independent firm
/// of 18 surveyors", "a 28-person studio" (not "a plus", "a must").
fn names_an_organisation(after: &str) -> bool {
    const KINDS: &[&str] = &[
        "firm",
        "company",
        "business",
        "agency",
        "studio",
        "practice",
        "provider",
        "organisation",
        "organization",
        "manufacturer",
        "retailer",
        "group",
        "hospital",
        "clinic",
        "school",
        "district",
        "charity",
        "startup",
        "start-up",
        "scale-up",
        "scaleup",
        "brand",
        "bakery",
        "restaurant",
        "hotel",
        "employer",
        "insurer",
        "bank",
        "consultancy",
        "laboratory",
        "centre",
        "center",
        "network",
        "distributor",
        "supplier",
        "contractor",
        "builder",
        "developer",
        "operator",
        "producer",
        "publisher",
        "university",
        "college",
        "nonprofit",
        "non-profit",
        "cooperative",
        "co-op",
        "family-owned",
        "family-run",
        "institution",
        "fintech",
        "utility",
        "council",
        "authority",
        "trust",
        "foundation",
        "partnership",
    ];
    words(after).take(10).any(|w| KINDS.contains(&w))
}

/// A proper name: one to five capitalised words, not a pronoun or a generic noun.
pub(crate) fn is_name(name: &str) -> bool {
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
        && !k.starts_with("my ")
        && !k.starts_with("their ")
        && looks_like_company(name)
}

pub(crate) fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text[prefix.len()..].trim())
}

pub(crate) fn clean_company(raw: &str) -> Option<String> {
    let mut company = strip_markup(raw).trim();
    // "Sriveda Pharmaceuticals Ltd. (USFDA, EU-GMP and WHO-GMP approved facility)": a note
    // about the company, not its name ("Acme (UK) Ltd" keeps its short one).
    if let Some(body) = company.strip_suffix(')')
        && let Some(open) = body.rfind(" (")
        && open > 0
        && word_count(&body[open + 2..]) >= 3
    {
        company = &company[..open];
    }
    let company = company
        .trim_end_matches([',', ';', ':', '!', '-', '–', '—', '|', '·'])
        .trim();
    tailor_text::field(company, crate::types::MAX_COMPANY_LEN)
}

/// The company a recruiter names as their client: "my direct client First Harbor Bank",
/// "My direct client, Halvorsen Pierce Engineering, is ...", "on behalf of our client, Acme".
pub(crate) fn client_company(line: &str) -> Option<String> {
    if !tailor_text::contains_ignore_case(line, "client")
        && !tailor_text::contains_ignore_case(line, "behalf")
    {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    for phrase in [
        "my direct client",
        "our direct client",
        "my client",
        "our client",
        "a client of ours",
        "on behalf of",
    ] {
        let Some(at) = tailor_text::find(&lower, phrase) else {
            continue;
        };
        let rest = line[at + phrase.len()..].trim_start_matches([',', ' ', ':']);
        // The name: capitalised words up to punctuation or a lower-case word.
        let mut end = 0;
        for word in rest.split_inclusive(' ') {
            let bare = word.trim_end();
            let starts_upper = bare.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            let joiner = matches!(
                bare.trim_end_matches([',', '.', ';', ')']),
                "&" | "and" | "of"
            );
            if !(starts_upper || joiner) {
                break;
            }
            end += word.len();
            if bare.ends_with([',', '.', ';', ')', ':']) {
                break;
            }
        }
        let name = rest[..end]
            .trim()
            .trim_end_matches([',', '.', ';', ')', ':'])
            .trim_end_matches(" and")
            .trim_end_matches(" of")
            .trim();
        if !name.is_empty() && is_name(name) {
            return clean_company(name);
        }
    }
    None
}
