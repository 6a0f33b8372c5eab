//! Places and work modes in a header: "Austin, TX (Hybrid)", "Remote - US", a city and state named in the body.

use super::*;

pub(crate) fn work_mode_word(k: &str) -> Option<WorkMode> {
    let k = k.trim();
    if k.contains("hybrid") {
        Some(WorkMode::Hybrid)
    } else if k.contains("remote") || k == "wfh" || k.contains("work from home") {
        Some(WorkMode::Remote)
    } else if matches!(
        k,
        "on-site"
            | "onsite"
            | "on site"
            | "in-office"
            | "in office"
            | "in-person"
            | "in person"
            | "wfo"
            | "office"
            | "office-based"
            | "office based"
    ) || k.contains("from office")
        || k.contains("from the office")
        || k.contains("fully on-site")
        || k.contains("fully onsite")
        || k.contains("fully in office")
    {
        Some(WorkMode::Onsite)
    } else {
        None
    }
}

/// A location without its work-mode note: "Austin, TX (Hybrid)" is "Austin, TX" and Hybrid.
/// A place that is only a mode ("Hybrid") is empty; "Remote" stays a place.
pub(crate) fn strip_work_mode(raw: &str) -> (String, Option<WorkMode>) {
    let raw = tailor_text::prefix_within(raw, 4 * crate::types::MAX_LOCATION_LEN);
    let mut place = raw.trim().to_owned();
    let mut mode = None;
    // Indeed's "Hybrid remote in Denver, CO", "Remote in Austin, TX", "In-person in Leeds";
    // "Hybrid, Berlin".
    for (prefix, found) in [
        ("hybrid remote in ", WorkMode::Hybrid),
        ("hybrid in ", WorkMode::Hybrid),
        ("hybrid, ", WorkMode::Hybrid),
        ("on-site, ", WorkMode::Onsite),
        ("onsite, ", WorkMode::Onsite),
        ("remote in ", WorkMode::Remote),
        ("in-person in ", WorkMode::Onsite),
        ("in person in ", WorkMode::Onsite),
        ("on-site in ", WorkMode::Onsite),
        ("onsite in ", WorkMode::Onsite),
    ] {
        if let Some(rest) = strip_prefix_ci(&place, prefix).filter(|r| !r.is_empty()) {
            place = rest.to_owned();
            mode = Some(found);
            break;
        }
    }
    // Parenthesised notes.
    while let Some(open) = place.rfind('(') {
        let Some(close) = place[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = key(&place[open + 1..close]);
        let Some(found) = work_mode_word(&inner) else {
            break;
        };
        // "Remote (US)" keeps its note; "(Remote)" after a place is a mode.
        if place[..open].trim().is_empty() {
            break;
        }
        mode = mode.or(Some(found));
        place.replace_range(open..=close, "");
        place = place.trim().to_owned();
    }
    // Trailing notes: "Austin, TX - Hybrid", "Berlin · On-site".
    for sep in [" - ", " – ", " · ", " | ", ", ", " / "] {
        if let Some(at) = place.rfind(sep) {
            let tail = key(&place[at + sep.len()..]);
            if let Some(found) = work_mode_word(&tail)
                && !place[..at].trim().is_empty()
                && word_count(&tail) <= 2
                && found != WorkMode::Remote
            {
                mode = mode.or(Some(found));
                place.truncate(at);
            }
        }
    }
    let k = key(&place);
    if let Some(found) = work_mode_word(&k)
        && found != WorkMode::Remote
        && word_count(&k) <= 2
    {
        return (String::new(), mode.or(Some(found)));
    }
    if k.starts_with("remote")
        || k.starts_with("fully remote")
        || k.starts_with("100% remote")
        || matches!(k.as_str(), "anywhere" | "worldwide" | "work from anywhere")
    {
        mode = mode.or(Some(WorkMode::Remote));
    }
    (
        place
            .trim()
            .trim_end_matches([',', ';', '-', '·', '|'])
            .trim()
            .to_owned(),
        mode,
    )
}

/// The place `text` names, if it is one: "City, ST", "City, Country", a large city or a
/// country alone, "Remote (US)", "Greater London Area". Returns the place cleaned.
pub(crate) fn location_of(text: &str) -> Option<String> {
    let text = strip_markup(text).trim();
    if text.is_empty() || text.chars().count() > 120 {
        return None;
    }
    let (place, _) = strip_work_mode(text);
    let k = key(&place);
    if k.is_empty() {
        return None;
    }
    if let Some(remote) = remote_place(&place).or_else(|| remote_in(text)) {
        return Some(remote);
    }
    // "Remote-first", "Fully remote", "Work from home": the place is "Remote".
    if matches!(
        k.trim_matches(|c: char| !c.is_alphanumeric()),
        "remote-first"
            | "remote first"
            | "fully remote"
            | "100% remote"
            | "remote friendly"
            | "remote-friendly"
            | "work from home"
            | "wfh"
            | "fully distributed"
    ) {
        return Some("Remote".to_owned());
    }
    if is_remote_place(&k) {
        return Some(place);
    }
    // Several places: "New York, NY or Remote", "London; Berlin".
    let first = place
        .split("; ")
        .next()
        .and_then(|p| p.split(" or ").next())
        .and_then(|p| p.split(" OR ").next())
        .and_then(|p| p.split(" / ").next())
        .unwrap_or(&place)
        .trim();
    is_place(&key(first), first).then_some(place)
}

/// "Remote – United States", "Remote, anywhere in the UK (core hours 10–4)", "Fully remote
/// – US only", "Remote in Canada": "Remote (United States)", "Remote (UK)", ...
fn remote_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut rest = None;
    for head in ["100% remote", "fully remote", "remote"] {
        if let Some(after) = lower.strip_prefix(head) {
            rest = Some(&text[text.len() - after.len()..]);
            break;
        }
    }
    let rest = rest?;
    let rest = rest.trim_start_matches([' ', ',', '–', '—', '-', ':']);
    let rest = rest.split(" (").next().unwrap_or(rest).trim();
    let mut place = rest;
    for prefix in [
        "anywhere in the ",
        "anywhere in ",
        "within the ",
        "within ",
        "in the ",
        "in ",
        "from the ",
        "from ",
        "across the ",
        "across ",
    ] {
        if let Some(rest) = strip_prefix_ci(place, prefix).filter(|r| !r.is_empty()) {
            place = rest;
            break;
        }
    }
    for suffix in [" only", "-based", " based", " residents"] {
        let cut = place.len().saturating_sub(suffix.len());
        if cut > 0
            && place
                .get(cut..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        {
            place = &place[..cut];
        }
    }
    let place = place.trim_end_matches(['.', ',', ';']).trim();
    (!place.is_empty() && is_place(&key(place), place)).then(|| format!("Remote ({place})"))
}

/// "Remote (US or Canada)" stays as it is; "Remote (worldwide, 4 hours overlap with UTC)"
/// and "Remote (US hours)" are "Remote": the note says how, not where.
pub(crate) fn remote_place(place: &str) -> Option<String> {
    let open = place.find('(')?;
    let head = key(&place[..open]);
    if !matches!(head.trim(), "remote" | "fully remote" | "100% remote") {
        return None;
    }
    let close = place[open..].find(')').map_or(place.len(), |c| open + c);
    let inner = &place[open + 1..close];
    let places = inner
        .split([',', '/', '&', ';'])
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .all(|p| is_place(&key(p), p));
    Some(if places {
        place.trim().to_owned()
    } else {
        place[..open].trim().to_owned()
    })
}

pub(crate) fn is_remote_place(k: &str) -> bool {
    let k = k.trim();
    let rest = k
        .strip_prefix("100% remote")
        .or_else(|| k.strip_prefix("fully remote"))
        .or_else(|| k.strip_prefix("remote"))
        .or_else(|| k.strip_prefix("work from home"))
        .or_else(|| k.strip_prefix("anywhere"))
        .or_else(|| k.strip_prefix("worldwide"));
    let Some(rest) = rest else { return false };
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
    rest.is_empty()
        || word_count(rest) <= 4
            && !rest.contains("work")
            && !rest.contains("role")
            && !rest.contains("position")
            && !rest.contains("team")
}

/// Whether `k` (a key) is a place; `original` is the same text in its own case.
pub(crate) fn is_place(k: &str, original: &str) -> bool {
    let k = k.trim().trim_end_matches('.');
    if CITIES.contains(&k) || COUNTRIES.contains(&k) || is_state_name(k) || is_town(k) {
        return true;
    }
    // "Sydney NSW", "Brisbane QLD (Hybrid)" stripped: a city and a region code, no comma;
    // "Dublin 2": a city and its postal district.
    if let Some((city, code)) = original.trim().rsplit_once(' ')
        && !city.contains(',')
        && is_city(city)
        && (REGION_CODES.contains(&code)
            || (code.len() <= 2
                && code.chars().all(|c| c.is_ascii_digit())
                && key(city) == "dublin"))
    {
        return true;
    }
    if (k.ends_with(" area") || k.starts_with("greater ") || k.ends_with(" metropolitan area"))
        && word_count(k) <= 6
        && original.starts_with(|c: char| c.is_uppercase())
    {
        return true;
    }
    if with_postcode(original) || with_postcode(&original.replacen(", ", " ", 1)) {
        return true;
    }
    let pieces: Vec<&str> = k.split(", ").map(str::trim).collect();
    let originals: Vec<&str> = original.split(", ").map(str::trim).collect();
    if pieces.len() < 2 || pieces.len() > 4 || originals.len() != pieces.len() {
        return false;
    }
    if !is_city(originals[0]) {
        return false;
    }
    pieces[1..]
        .iter()
        .zip(&originals[1..])
        .all(|(piece, original)| is_region(piece, original))
}

/// A town followed by a UK postcode district: "Leicester LE1", "London EC2A 4NE".
pub(crate) fn with_postcode(original: &str) -> bool {
    let words: Vec<&str> = original.split_whitespace().collect();
    let outward = |w: &str| {
        let b = w.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
        (1..=2).contains(&letters)
            && b.len() > letters
            && b[letters].is_ascii_digit()
            && b.len() <= letters + 2
            && b[letters..]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    };
    let inward = |w: &str| {
        let b = w.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(u8::is_ascii_uppercase)
    };
    let mut end = words.len();
    if end >= 3 && inward(words[end - 1]) {
        end -= 1;
    }
    end >= 2 && outward(words[end - 1]) && is_city(&words[..end - 1].join(" "))
}

/// A city name: one to four capitalised words ("San Francisco", "Rio de Janeiro").
pub(crate) fn is_city(original: &str) -> bool {
    let words: Vec<&str> = original
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    (1..=4).contains(&words.len())
        && words[0].starts_with(|c: char| c.is_uppercase())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || matches!(
                    *w,
                    "de" | "del" | "la" | "le" | "upon" | "on" | "am" | "im" | "an" | "of"
                )
        })
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == '\'')
        })
}

/// The second part of "City, Region": a state code (with a ZIP code), a country, a state.
pub(crate) fn is_region(piece: &str, original: &str) -> bool {
    let mut words = original.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    if REGION_CODES.contains(&first)
        && rest
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
    {
        return true;
    }
    let piece = piece.trim_end_matches('.');
    COUNTRIES.contains(&piece)
        || is_state_name(piece)
        || is_irish_county(piece)
        || NZ_REGIONS.contains(&piece)
        // "Fitzroy, Melbourne VIC": a city and its state code.
        || original
            .rsplit_once(' ')
            .is_some_and(|(city, code)| REGION_CODES.contains(&code) && is_city(city))
}

/// "Co. Kerry", "County Cork".
fn is_irish_county(piece: &str) -> bool {
    const COUNTIES: &[&str] = &[
        "carlow",
        "cavan",
        "clare",
        "cork",
        "donegal",
        "dublin",
        "galway",
        "kerry",
        "kildare",
        "kilkenny",
        "laois",
        "leitrim",
        "limerick",
        "longford",
        "louth",
        "mayo",
        "meath",
        "monaghan",
        "offaly",
        "roscommon",
        "sligo",
        "tipperary",
        "waterford",
        "westmeath",
        "wexford",
        "wicklow",
        "antrim",
        "armagh",
        "down",
        "fermanagh",
        "derry",
        "tyrone",
    ];
    piece
        .strip_prefix("co. ")
        .or_else(|| piece.strip_prefix("co "))
        .or_else(|| piece.strip_prefix("county "))
        .is_some_and(|name| COUNTIES.contains(&name))
}

/// New Zealand's regions, as a place's second part ("Tauranga, Bay of Plenty").
const NZ_REGIONS: &[&str] = &[
    "northland",
    "auckland",
    "waikato",
    "bay of plenty",
    "gisborne",
    "hawke's bay",
    "hawkes bay",
    "taranaki",
    "manawatu-whanganui",
    "manawatu",
    "wellington",
    "tasman",
    "nelson",
    "marlborough",
    "west coast",
    "canterbury",
    "otago",
    "southland",
];

/// Towns and cities of the shipped list (`data/towns.txt`), by key.
static TOWNS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("../../data/towns.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });

fn is_town(k: &str) -> bool {
    TOWNS.contains(k)
}

/// Builds the town list now rather than on first use.
pub(crate) fn load_towns() {
    std::sync::LazyLock::force(&TOWNS);
}

pub(crate) fn is_state_name(k: &str) -> bool {
    // Beside the US states (`tailor_text::places`).
    const STATES: &[&str] = &[
        "ontario",
        "quebec",
        "british columbia",
        "alberta",
        "manitoba",
        "nova scotia",
        "bavaria",
        "bayern",
        "berlin",
        "hesse",
        "catalonia",
        "karnataka",
        "maharashtra",
        "telangana",
        "tamil nadu",
        "haryana",
        "new south wales",
        "victoria",
        "queensland",
        "ile-de-france",
        "île-de-france",
        // UK counties and regions, for "Harrogate, North Yorkshire".
        "bedfordshire",
        "berkshire",
        "buckinghamshire",
        "cambridgeshire",
        "cheshire",
        "cornwall",
        "cumbria",
        "derbyshire",
        "devon",
        "dorset",
        "durham",
        "county durham",
        "east sussex",
        "essex",
        "gloucestershire",
        "greater london",
        "greater manchester",
        "hampshire",
        "herefordshire",
        "hertfordshire",
        "kent",
        "lancashire",
        "leicestershire",
        "lincolnshire",
        "merseyside",
        "norfolk",
        "north yorkshire",
        "northamptonshire",
        "northumberland",
        "nottinghamshire",
        "oxfordshire",
        "shropshire",
        "somerset",
        "south yorkshire",
        "staffordshire",
        "suffolk",
        "surrey",
        "tyne and wear",
        "warwickshire",
        "west midlands",
        "west sussex",
        "west yorkshire",
        "wiltshire",
        "worcestershire",
        "east yorkshire",
        "east riding of yorkshire",
        "scotland",
        "wales",
        "northern ireland",
        "england",
        "south west",
        "north west",
        "north east",
        "east midlands",
        "south east",
        "east anglia",
        // Canadian provinces and Australian states not above.
        "british columbia",
        "alberta",
        "saskatchewan",
        "manitoba",
        "quebec",
        "nova scotia",
        "new brunswick",
        "newfoundland and labrador",
        "prince edward island",
        "western australia",
        "south australia",
        "tasmania",
        "northern territory",
        "australian capital territory",
    ];
    tailor_text::places::US_STATE_NAMES.contains(&k) || STATES.contains(&k)
}

/// A location as stored: without a US ZIP code ("Rockford, IL 61109"), a postcode district
/// after a comma ("Bristol, BS1"), a note in parentheses that is no place ("Greenville, SC
/// (Plant 2)") or a work-mode tail ("Austin, TX – hybrid (in office Mon/Tue/Thu)").
pub(crate) fn tidy_location(location: &str) -> String {
    let mut place = location.trim();
    for sep in [" – ", " — ", " - ", " | "] {
        if let Some(at) = place.find(sep) {
            let (head, tail) = (&place[..at], &place[at + sep.len()..]);
            let tail_key = key(tail);
            let about_mode = [
                "hybrid",
                "remote",
                "on-site",
                "onsite",
                "in office",
                "in-office",
                "office",
            ]
            .iter()
            .any(|w| tail_key.contains(w));
            if about_mode && is_place(&key(head), head) {
                place = head.trim();
            } else if words(&key(head)).any(|w| SITE_WORDS.contains(&w))
                && is_place(&tail_key, tail)
            {
                // "Ridgeview Elementary School – Round Rock, TX": the site, then the place.
                place = tail.trim();
            }
        }
    }
    if let Some(open) = place.rfind(" (")
        && place.ends_with(')')
    {
        let head = place[..open].trim();
        let inner = &place[open + 2..place.len() - 1];
        let head_key = key(head);
        if !head_key.starts_with("remote")
            && is_place(&head_key, head)
            && !is_place(&key(inner), inner)
        {
            place = head;
        }
    }
    // "Rockford, IL 61109", "Austin, TX 78701-1234".
    if let Some((head, zip)) = place.rsplit_once(' ')
        && zip.len() >= 5
        && zip.chars().all(|c| c.is_ascii_digit() || c == '-')
        && zip.chars().take(5).all(|c| c.is_ascii_digit())
        && head
            .rsplit(' ')
            .next()
            .is_some_and(|code| REGION_CODES.contains(&code))
    {
        place = head;
    }
    // "Lakeshore Valley Medical Center, Green Bay, WI": the site's name before the place.
    let parts: Vec<&str> = place.split(", ").collect();
    if parts.len() >= 3 {
        let site = key(parts[0]);
        let tail_at = parts[0].len() + 2;
        let tail = &place[tail_at..];
        if words(&site).any(|w| SITE_WORDS.contains(&w)) && is_place(&key(tail), tail) {
            place = tail;
        }
    }
    // "Bristol, BS1".
    if let Some((head, last)) = place.rsplit_once(", ")
        && with_postcode(&format!("{head} {last}"))
        && !head.contains(',')
    {
        place = head;
    }
    place.to_owned()
}
/// Words that name a site rather than a place ("Medical Center", "Plant 2", "Head Office").
const SITE_WORDS: &[&str] = &[
    "center",
    "centre",
    "hospital",
    "clinic",
    "campus",
    "plant",
    "site",
    "warehouse",
    "office",
    "headquarters",
    "hq",
    "building",
    "park",
    "mall",
    "store",
    "school",
    "university",
    "college",
    "facility",
    "depot",
    "terminal",
    "factory",
    "lab",
    "laboratory",
    "hotel",
    "restaurant",
    "branch",
];

/// A place the body names: "based in Austin, TX", "offices in Berlin, Germany", or a
/// "City, ST" in the first lines.
pub(crate) fn location_from_body(lines: &[&str], header_end: usize) -> Option<String> {
    for line in lines.iter().take(60) {
        let lower = line.to_ascii_lowercase();
        for phrase in [
            "location: ",
            "based in ",
            "located in ",
            "office in ",
            "offices in ",
            "onsite in ",
            "on-site in ",
            "hybrid in ",
            "remote in ",
            "headquartered in ",
            "position is in ",
            "role is in ",
        ] {
            for (at, _) in lower.match_indices(phrase) {
                if let Some(place) = location_phrase(&line[at + phrase.len()..]) {
                    let (place, _) = strip_work_mode(&place);
                    if !place.is_empty() && !place.eq_ignore_ascii_case("remote") {
                        return Some(place);
                    }
                }
            }
        }
    }
    // "City, ST" inside one of the first lines.
    for line in lines.iter().take(header_end.max(5)) {
        if let Some(place) = embedded_city_state(line) {
            return Some(place);
        }
    }
    None
}

/// The first "City, ST" (a US or Canadian code) inside `line`.
pub(crate) fn embedded_city_state(line: &str) -> Option<String> {
    for (comma, _) in line.match_indices(", ") {
        let after = &line[comma + 2..];
        let code: String = after.chars().take_while(char::is_ascii_uppercase).collect();
        if !REGION_CODES.contains(&code.as_str())
            || after[code.len()..].starts_with(|c: char| is_word_char(c))
        {
            continue;
        }
        // Up to three capitalised words before the comma.
        let before = &line[..comma];
        let city_words: Vec<&str> = before
            .rsplit(' ')
            .take(3)
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
            .collect();
        if city_words.is_empty() {
            continue;
        }
        let city: Vec<&str> = city_words.into_iter().rev().collect();
        let city = city.join(" ");
        let city = city.trim_start_matches(['(', '[', '"']);
        if is_city(city) {
            return Some(format!("{city}, {code}"));
        }
    }
    None
}
