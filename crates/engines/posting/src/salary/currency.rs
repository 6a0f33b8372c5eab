//! Currencies: symbols and codes before or after a figure, which dollar a `$` is, and currency codes that are not skills.

use super::*;

/// Currency symbols and codes, longest first within each start.
pub(crate) const CURRENCY_PREFIXES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("USD$", "USD"),
    ("CA$", "CAD"),
    ("CAD$", "CAD"),
    ("C$", "CAD"),
    ("AU$", "AUD"),
    ("AUD$", "AUD"),
    ("A$", "AUD"),
    ("NZ$", "NZD"),
    ("S$", "SGD"),
    ("SG$", "SGD"),
    ("HK$", "HKD"),
    ("R$", "BRL"),
    ("MX$", "MXN"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("INR", "INR"),
    ("¥", "JPY"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₪", "ILS"),
    ("₺", "TRY"),
    ("₱", "PHP"),
    ("₦", "NGN"),
    ("zł", "PLN"),
    ("kr", "SEK"),
];

/// ISO codes accepted before or after a figure.
pub(crate) const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "SGD", "HKD", "CHF", "SEK", "NOK", "DKK", "ISK",
    "PLN", "CZK", "HUF", "RON", "BGN", "HRK", "RSD", "UAH", "RUB", "TRY", "ILS", "AED", "SAR",
    "QAR", "EGP", "ZAR", "NGN", "KES", "GHS", "MAD", "INR", "PKR", "BDT", "LKR", "NPR", "JPY",
    "CNY", "RMB", "KRW", "TWD", "PHP", "IDR", "MYR", "THB", "VND", "MXN", "BRL", "ARS", "CLP",
    "COP", "PEN",
];

/// The currency written right before `digits_at` (at most one space between), and where its
/// text starts.
pub(crate) fn currency_before(line: &str, digits_at: usize) -> (Option<&'static str>, usize) {
    let head = &line[..digits_at];
    let trimmed = head.strip_suffix(' ').unwrap_or(head);
    for &(symbol, code) in CURRENCY_PREFIXES {
        if let Some(before) = trimmed.strip_suffix(symbol) {
            let glued = before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            // "US$" is matched before "$"; a letter glued to a short symbol ("Rs", "kr") makes
            // it part of a word.
            if glued && symbol.chars().all(char::is_alphabetic) {
                continue;
            }
            if glued && symbol == "$" {
                continue;
            }
            return (Some(code), before.len());
        }
    }
    for &code in CODES {
        if let Some(before) = trimmed.strip_suffix(code)
            && !before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            let code = if code == "RMB" { "CNY" } else { code };
            return (Some(static_code(code)), before.len());
        }
    }
    (None, digits_at)
}

/// A currency written at `at` (before a second figure): its code and where the digits start.
pub(crate) fn currency_before_at(line: &str, at: usize) -> (Option<&'static str>, usize) {
    for &(symbol, code) in CURRENCY_PREFIXES {
        if line[at..].starts_with(symbol) {
            let digits = skip_spaces(line, at + symbol.len());
            return (Some(code), digits);
        }
    }
    for &code in CODES {
        if line[at..].starts_with(code) {
            let digits = skip_spaces(line, at + code.len());
            return (Some(static_code(code)), digits);
        }
    }
    (None, at)
}

pub(crate) fn static_code(code: &str) -> &'static str {
    CODES.iter().find(|c| **c == code).copied().unwrap_or("USD")
}

/// A currency written after a figure ("4.500 €", "5000 USD", "80,000 euros").
pub(crate) fn currency_after(line: &str, end: usize) -> Option<(&'static str, usize)> {
    let at = skip_spaces(line, end);
    if at - end > 1 {
        return None;
    }
    let rest = &line[at..];
    for (symbol, code) in [
        ("€", "EUR"),
        ("£", "GBP"),
        ("$", "USD"),
        ("₹", "INR"),
        ("zł", "PLN"),
    ] {
        if rest.starts_with(symbol) {
            return Some((code, at + symbol.len()));
        }
    }
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let code = match word.to_ascii_lowercase().as_str() {
        "dollars" | "dollar" => Some("USD"),
        "euros" | "euro" | "eur" => Some("EUR"),
        "pounds" | "pound" => Some("GBP"),
        "rupees" | "rupee" => Some("INR"),
        "francs" => Some("CHF"),
        _ => None,
    };
    if let Some(code) = code {
        return Some((code, at + word.len()));
    }
    if word.len() == 3 && CODES.contains(&word.as_str()) {
        let code = if word == "RMB" {
            "CNY"
        } else {
            static_code(&word)
        };
        return Some((code, at + 3));
    }
    None
}

/// `text` with the currency codes written next to a figure ("CAD 95,000", "$60/hr (CAD)")
/// blanked out, so that the keyword matcher does not read them as skills (CAD the design
/// software, PHP the language). Offsets are kept: each code becomes spaces.
pub(crate) fn mask_currency_codes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        // Three capitals standing alone.
        let word = &bytes[i..i + 3];
        let alone = word.iter().all(u8::is_ascii_uppercase)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if alone
            && CODES.iter().any(|code| code.as_bytes() == word)
            && is_currency_use(text, i, i + 3)
        {
            spans.push(i..i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut masked = text.to_owned();
    for span in spans {
        masked.replace_range(span, "   ");
    }
    std::borrow::Cow::Owned(masked)
}

/// Whether the code at `start..end` is written as a currency: a figure right after it, or a
/// figure before it with only a period and brackets between.
pub(crate) fn is_currency_use(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', '$']);
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let before = &text[..start];
    let window = tailor_text::suffix_within(before, 24);
    let Some(digit) = window.rfind(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let between = &window[digit + 1..];
    between.split([' ', '(', ')', '/', '-', '+', ',']).all(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "" | "k"
                | "per"
                | "hour"
                | "hr"
                | "year"
                | "yr"
                | "month"
                | "mo"
                | "annum"
                | "a"
                | "an"
                | "week"
                | "day"
                | "p.a."
                | "pa"
                | "lpa"
        )
    })
}

pub(crate) fn is_dollar(code: &str) -> bool {
    matches!(code, "USD" | "CAD" | "AUD" | "NZD" | "SGD" | "HKD" | "MXN")
}

/// `$` with a dollar code right after the figure or in a note after it ("$90,000 - $110,000
/// CAD", "$55–$65 per hour (CAD)").
pub(crate) fn refine_dollar(currency: &'static str, line: &str, end: usize) -> &'static str {
    if currency != "USD" {
        return currency;
    }
    let after = tailor_text::prefix_within(&line[end..], 16);
    for code in ["CAD", "AUD", "NZD", "SGD", "HKD", "MXN"] {
        if find_words(after, code).next().is_some() {
            return static_code(code);
        }
    }
    // "$95,000 + super": superannuation is Australian.
    let lower = line.to_ascii_lowercase();
    if [
        "+ super",
        "plus super",
        "superannuation",
        "+super",
        "incl. super",
        "including super",
    ]
    .iter()
    .any(|s| lower.contains(s))
    {
        return "AUD";
    }
    currency
}

/// A currency anywhere in the line, for a figure that has none of its own.
pub(crate) fn line_currency_of(line: &str) -> Option<&'static str> {
    for &(symbol, code) in CURRENCY_PREFIXES {
        if symbol.chars().any(|c| !c.is_alphabetic()) && line.contains(symbol) {
            return Some(code);
        }
    }
    CODES
        .iter()
        .find(|code| find_words(line, code).next().is_some())
        .map(|code| static_code(code))
}
