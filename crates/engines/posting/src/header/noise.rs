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
    if NOISE_LINES.contains(&k)
        || is_greeting(k)
        || is_breadcrumb(k)
        || is_site_menu(k)
        || is_spaced_menu(k)
        || is_back_link(k)
        || is_tagline(k)
    {
        return true;
    }
    // Ratings and counts alone: "4.1", "4.1 ★", "(1,234)".
    if k.chars().any(|c| c.is_ascii_digit()) && k.chars().all(|c| !c.is_alphabetic()) {
        return true;
    }
    // "2 weeks ago · Over 100 applicants" is noise when every piece is; "Acme · Austin, TX
    // · 2 days ago" is not.
    for sep in [" · ", " | ", " • "] {
        if k.contains(sep) {
            return k.split(sep).all(|p| is_noise(p.trim()));
        }
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

/// "Hi there,", "Hello Sam,", "Dear candidate,", "Hope you're well!": the opening of an
/// e-mail.
fn is_greeting(k: &str) -> bool {
    const OPENERS: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "dear",
        "greetings",
        "good morning",
        "good afternoon",
        "good evening",
        "hope you",
        "i hope you",
        "hope this",
    ];
    word_count(k) <= 6
        && OPENERS.iter().any(|o| {
            k.strip_prefix(o)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '!', '\'']))
        })
        && (k.ends_with([',', '!'])
            || word_count(k) <= 3
            || k.starts_with("hope")
            || k.starts_with("i hope"))
}

/// "Careers > Open Positions > Manufacturing", "Search jobs > Finance > Payroll Specialist".
fn is_breadcrumb(k: &str) -> bool {
    [" > ", " › ", " » "].iter().any(|sep| {
        k.contains(sep) && k.split(sep).all(|p| word_count(p) <= 4) && !k.contains(" – ")
    }) || {
        // "Home / Careers / Current Opportunities / Clinical".
        let pieces: Vec<&str> = k.split(" / ").collect();
        pieces.len() >= 3
            && pieces.iter().all(|p| word_count(p) <= 4)
            && pieces
                .iter()
                .any(|p| matches!(*p, "home" | "careers" | "jobs" | "join us" | "work with us"))
    }
}

/// A site's menu: "Home | Our Brands | Careers | Contact".
fn is_site_menu(k: &str) -> bool {
    let pieces: Vec<&str> = k.split(" | ").map(str::trim).collect();
    is_menu(&pieces)
}

/// A menu whose spacing was lost in the paste: "Platform Solutions Customers Careers [Book
/// a demo]", "Produkt Lösungen Über uns Karriere Blog": at least three menu words and
/// little else.
fn is_spaced_menu(k: &str) -> bool {
    let words: Vec<&str> = k
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 3 || words.len() > 14 {
        return false;
    }
    let menu = words
        .iter()
        .filter(|w| MENU.contains(w) || MENU_PARTS.contains(w))
        .count();
    menu >= 3 && menu * 10 >= words.len() * 7
}

/// Words of menu entries of more than one word ("über uns", "book a demo").
const MENU_PARTS: &[&str] = &[
    "über",
    "uns",
    "book",
    "a",
    "demo",
    "us",
    "de",
    "en",
    "fr",
    "log",
    "in",
    "sign",
    "up",
    "get",
    "contact",
    "sales",
    "apply",
    "save",
    "job",
    "share",
    "developers",
    "docs",
    "partners",
    "enterprise",
    "support",
    "request",
    "now",
    "this",
    "programs",
    "families",
    "investors",
    "sustainability",
    "our",
    "brands",
];

/// Entries of careers-site menus, in English, German, French and Spanish.
const MENU: &[&str] = &[
    "platform",
    "solutions",
    "customers",
    "resources",
    "company",
    "pricing",
    "book a demo",
    "produkt",
    "produkte",
    "lösungen",
    "über uns",
    "karriere",
    "kontakt",
    "unternehmen",
    "startseite",
    "presse",
    "accueil",
    "carrières",
    "nous rejoindre",
    "à propos",
    "inicio",
    "empleo",
    "contacto",
    "home",
    "about",
    "about us",
    "careers",
    "contact",
    "contact us",
    "blog",
    "news",
    "locations",
    "our brands",
    "products",
    "services",
    "give",
    "donate",
    "jobs",
    "search",
    "log in",
    "login",
    "sign in",
    "menu",
];

/// Three or more short pieces, two of them menu words.
fn is_menu(pieces: &[&str]) -> bool {
    pieces.len() >= 3
        && pieces.iter().all(|p| word_count(p) <= 4)
        && pieces.iter().filter(|p| MENU.contains(p)).count() >= 2
}

/// "Careers at Acme", "Jobs at Acme > Open positions": the company whose careers page this
/// is.
pub(crate) fn careers_page_company(line: &str) -> Option<String> {
    let core = strip_markup(line).trim();
    let lower = core.to_ascii_lowercase();
    for prefix in [
        "careers at ",
        "jobs at ",
        "work at ",
        "working at ",
        "join us at ",
    ] {
        if lower.starts_with(prefix) {
            let rest = &core[prefix.len()..];
            let name = rest.split(" > ").next().unwrap_or(rest);
            let name = name.split(" | ").next().unwrap_or(name).trim();
            // A company may have a trade in its name ("Coastline Physio & Sports Medicine").
            if (1..=8).contains(&word_count(name))
                && name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && !name.ends_with(['.', ':'])
            {
                return clean_company(name);
            }
        }
    }
    None
}

/// "< Back to all openings", "← Back to jobs".
fn is_back_link(k: &str) -> bool {
    let bare = k.trim_start_matches(['<', '←', '‹', '«', ' ']);
    bare.starts_with("back to ") && word_count(bare) <= 6
}

/// A careers page's slogan above the posting: "Join a team that makes people smile -
/// literally." (but not "Join Acme as a Staff Engineer").
fn is_tagline(k: &str) -> bool {
    k.starts_with("join ") && !k.contains(" as ") && (4..=12).contains(&word_count(k))
}
