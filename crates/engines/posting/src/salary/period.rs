//! Pay periods: written after a figure or on its line, or inferred from its size; and the plausible range of each period.

use super::*;

/// Period phrases that may follow a figure, lower case.
pub(crate) const PERIODS: &[(&str, SalaryPeriod)] = &[
    ("/hour", SalaryPeriod::Hour),
    ("/hr", SalaryPeriod::Hour),
    ("/h", SalaryPeriod::Hour),
    ("per hour", SalaryPeriod::Hour),
    ("an hour", SalaryPeriod::Hour),
    ("a hour", SalaryPeriod::Hour),
    ("hourly", SalaryPeriod::Hour),
    ("p/h", SalaryPeriod::Hour),
    ("ph", SalaryPeriod::Hour),
    ("p.h.", SalaryPeriod::Hour),
    ("/day", SalaryPeriod::Day),
    ("per day", SalaryPeriod::Day),
    ("a day", SalaryPeriod::Day),
    ("daily", SalaryPeriod::Day),
    ("/week", SalaryPeriod::Week),
    ("/wk", SalaryPeriod::Week),
    ("per week", SalaryPeriod::Week),
    ("a week", SalaryPeriod::Week),
    ("weekly", SalaryPeriod::Week),
    ("/month", SalaryPeriod::Month),
    ("/mo", SalaryPeriod::Month),
    ("/mth", SalaryPeriod::Month),
    ("per month", SalaryPeriod::Month),
    ("a month", SalaryPeriod::Month),
    ("monthly", SalaryPeriod::Month),
    ("pcm", SalaryPeriod::Month),
    ("p.m.", SalaryPeriod::Month),
    ("/year", SalaryPeriod::Year),
    ("/yr", SalaryPeriod::Year),
    ("/y", SalaryPeriod::Year),
    ("/annum", SalaryPeriod::Year),
    ("per year", SalaryPeriod::Year),
    ("a year", SalaryPeriod::Year),
    ("per annum", SalaryPeriod::Year),
    ("p.a.", SalaryPeriod::Year),
    ("p.a", SalaryPeriod::Year),
    ("pa", SalaryPeriod::Year),
    ("annually", SalaryPeriod::Year),
    ("annual", SalaryPeriod::Year),
    ("yearly", SalaryPeriod::Year),
    ("per yr", SalaryPeriod::Year),
    ("lpa", SalaryPeriod::Year),
    ("brutto jährlich", SalaryPeriod::Year),
    ("brutto pro jahr", SalaryPeriod::Year),
    ("jährlich", SalaryPeriod::Year),
    ("pro jahr", SalaryPeriod::Year),
    ("brutto monatlich", SalaryPeriod::Month),
    ("monatlich", SalaryPeriod::Month),
    ("pro monat", SalaryPeriod::Month),
    ("pro stunde", SalaryPeriod::Hour),
];

/// The period written at `end` (after spaces, "(", "USD"), and where it ends.
pub(crate) fn period_after(line: &str, end: usize) -> Option<(SalaryPeriod, usize)> {
    let mut at = skip_spaces(line, end);
    if line[at..].starts_with('(') {
        at = skip_spaces(line, at + 1);
    }
    let rest = line[at..].to_ascii_lowercase();
    for &(phrase, period) in PERIODS {
        if let Some(after) = rest.strip_prefix(phrase) {
            // The phrase must end at a word boundary ("/h" is not "/hybrid").
            if after.starts_with(|c: char| c.is_alphanumeric())
                && phrase.ends_with(|c: char| c.is_alphanumeric())
            {
                continue;
            }
            let mut stop = at + phrase.len();
            if line[stop..].starts_with(')') {
                stop += 1;
            }
            return Some((period, stop));
        }
    }
    None
}

/// A period word anywhere in the line ("Hourly rate: $45-60").
pub(crate) fn line_period_of(lower: &str) -> Option<SalaryPeriod> {
    const WORDS: &[(&str, SalaryPeriod)] = &[
        ("per hour", SalaryPeriod::Hour),
        ("hourly", SalaryPeriod::Hour),
        ("an hour", SalaryPeriod::Hour),
        ("/hr", SalaryPeriod::Hour),
        ("/hour", SalaryPeriod::Hour),
        ("day rate", SalaryPeriod::Day),
        ("per day", SalaryPeriod::Day),
        ("daily rate", SalaryPeriod::Day),
        ("per week", SalaryPeriod::Week),
        ("weekly", SalaryPeriod::Week),
        ("per month", SalaryPeriod::Month),
        ("monthly", SalaryPeriod::Month),
        ("a month", SalaryPeriod::Month),
        ("/month", SalaryPeriod::Month),
        ("/mo", SalaryPeriod::Month),
        ("per year", SalaryPeriod::Year),
        ("per annum", SalaryPeriod::Year),
        ("annually", SalaryPeriod::Year),
        ("a year", SalaryPeriod::Year),
        ("/year", SalaryPeriod::Year),
        ("/yr", SalaryPeriod::Year),
        ("annual salary", SalaryPeriod::Year),
        ("yearly", SalaryPeriod::Year),
        ("lpa", SalaryPeriod::Year),
        ("jährlich", SalaryPeriod::Year),
        ("pro jahr", SalaryPeriod::Year),
        ("jahresgehalt", SalaryPeriod::Year),
        ("monatlich", SalaryPeriod::Month),
        ("pro monat", SalaryPeriod::Month),
        ("pro stunde", SalaryPeriod::Hour),
    ];
    // "paid monthly", "payable weekly": when pay is paid, not what it is per.
    let schedule = |at: usize| {
        let before = lower[..at].trim_end();
        before.ends_with("paid") || before.ends_with("payable") || before.ends_with("paid out")
    };
    WORDS
        .iter()
        .find(|(word, _)| find_words(lower, word).any(|at| !schedule(at)))
        .map(|&(_, period)| period)
}

/// How many units of `currency` are worth about one US dollar, roughly: it scales the
/// plausibility bounds.
pub(crate) fn scale(currency: &str) -> f64 {
    match currency {
        "HKD" | "CNY" => 7.0,
        "SEK" | "NOK" | "DKK" => 10.0,
        "PLN" | "ILS" | "AED" | "SAR" | "QAR" | "MYR" | "RON" | "BRL" => 4.0,
        "MXN" | "ZAR" | "EGP" => 18.0,
        "TRY" | "TWD" | "UAH" | "THB" => 35.0,
        "INR" => 20.0,
        "PHP" | "RUB" => 60.0,
        "JPY" | "ISK" | "KES" => 140.0,
        "HUF" | "PKR" | "LKR" | "NPR" | "BDT" => 200.0,
        "KRW" | "CLP" | "ARS" | "NGN" => 1000.0,
        "COP" | "IDR" | "VND" => 10_000.0,
        "CZK" | "RSD" => 23.0,
        _ => 1.0,
    }
}

/// The period of a figure that names none, from its size.
pub(crate) fn inferred_period(max: f64, currency: &str) -> SalaryPeriod {
    let s = scale(currency);
    if max < 500.0 * s {
        SalaryPeriod::Hour
    } else if max < 15_000.0 * s {
        SalaryPeriod::Month
    } else {
        SalaryPeriod::Year
    }
}

/// Whether `min..max` is a believable pay for `period` in `currency`.
pub(crate) fn plausible(min: f64, max: f64, period: SalaryPeriod, currency: &str) -> bool {
    let s = scale(currency);
    let (low, high) = match period {
        SalaryPeriod::Hour => (5.0, 1_000.0),
        SalaryPeriod::Day => (30.0, 5_000.0),
        SalaryPeriod::Week => (100.0, 20_000.0),
        SalaryPeriod::Month => (300.0, 100_000.0),
        SalaryPeriod::Year => (10_000.0, 5_000_000.0),
    };
    min >= low * s && max <= high * s && min <= max
}
