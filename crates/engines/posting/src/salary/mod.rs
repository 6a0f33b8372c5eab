//! Pay figures: "$120,000 - $180,000", "120k-150k", "£55,000 a year", "€4.500–5.500 per
//! month", "$45-60/hr", "₹18-24 LPA".
//!
//! One scanner finds money amounts and ranges in a line (currency symbol or code on either
//! side, "k"/"M"/"lakh"/"crore" multipliers, US, European, Swiss and Indian digit grouping,
//! an optional period after the figure). A candidate is a salary when it looks like money (a
//! currency or a multiplier, or a pay context), is not something else (401(k), years, a
//! percentage, "raised $40M", "$5,000 learning budget") and is plausible for its period.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use super::sections::Kind;
use crate::types::{Money, SalaryPeriod, SalaryRange};
use tailor_text::{find_words, has_any_word};

mod currency;
mod period;
/// Reads the salary in `text`, a salary text such as "$120,000 - $180,000", "120k-150k",
/// "£55,000 a year", "€4.500–5.500 per month", "$45-60/hr", "₹18-24 LPA" or "120000-180000".
/// `None` when the text holds no figure that reads as pay.
///
/// The currency comes from the symbol or code (`$` alone is USD, "C$"/"CAD" Canadian
mod words;

pub(crate) use currency::*;
use period::*;
use words::*;
/// dollars, `£` GBP, `€` EUR, `₹`/"INR"/"LPA" INR). The period comes from "/hr", "per
/// hour", "hourly", "an hour" (hour), "per day", "per week", "per month", "/mo", "monthly"
/// (month), "a year", "per annum", "LPA" (year); when none is written it is inferred from the
/// size of the figure: under 500 (in dollar-like units) is hourly, under 15,000 monthly, more
/// yearly. "k" means thousands, "M" millions, "lakh"/"L"/"LPA" hundreds of thousands (a year),
/// "crore" tens of millions. Amounts keep their cents. "Up to X" has no minimum and "starting
/// at X" or "X+" no maximum; a single figure is its own minimum and maximum.
#[must_use]
pub fn parse_salary(text: &str) -> Option<SalaryRange> {
    let text = tailor_text::prefix_within(text, tailor_text::MAX_INPUT_BYTES);
    let mut best: Option<(i32, SalaryRange)> = None;
    for found in text
        .lines()
        .filter_map(|line| best_in_line(line, Mode::Lenient, LineContext::Other))
    {
        if best.as_ref().is_none_or(|(s, _)| found.0 > *s) {
            best = Some(found);
        }
    }
    best.map(|(_, range)| range)
}

/// The salary of a posting: the best-scored pay figure of its lines, preferring lines under
/// a salary heading or with a pay word. `kinds[i]` is the section line `i` is in.
pub(super) fn find_salary(
    lines: &[&str],
    kinds: &[Option<Kind>],
    header_end: usize,
) -> Option<SalaryRange> {
    let mut best: Option<(i32, SalaryRange)> = None;
    for (i, line) in lines.iter().enumerate() {
        let context = match kinds.get(i).copied().flatten() {
            Some(Kind::Salary) => LineContext::PayHeading,
            Some(Kind::Benefits) => LineContext::Offer,
            _ if i < header_end => LineContext::Offer,
            _ => LineContext::Other,
        };
        if let Some((score, range)) = best_in_line(line, Mode::Posting, context)
            && best.as_ref().is_none_or(|(s, _)| score > *s)
        {
            best = Some((score, range));
        }
    }
    best.map(|(_, range)| range)
}

/// Where a line stands, for reading its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineContext {
    /// Under a "Salary" or "Compensation" heading.
    PayHeading,
    /// In a benefits ("What we offer") section or in the header.
    Offer,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The caller says the text is a salary.
    Lenient,
    /// A line of a posting, which mentions many other numbers.
    Posting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Multiplier {
    One,
    Thousand,
    Million,
    Lakh,
    Crore,
}

impl Multiplier {
    fn factor(self) -> f64 {
        match self {
            Self::One => 1.0,
            Self::Thousand => 1e3,
            Self::Million => 1e6,
            Self::Lakh => 1e5,
            Self::Crore => 1e7,
        }
    }
}

/// One money amount in a line.
#[derive(Debug, Clone, Copy)]
struct Amount {
    start: usize,
    end: usize,
    value: f64,
    multiplier: Multiplier,
    currency: Option<&'static str>,
    period: Option<SalaryPeriod>,
    /// 401(k), a percentage, billions: never a salary.
    excluded: bool,
    /// Written with a `+` after it ("$52,000+").
    plus: bool,
}

/// Which bounds a single figure gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A range, or one figure that is both ends.
    Both,
    /// "Up to $45,000": a maximum only.
    AtMost,
    /// "Starting at $52,000", "from £30k", "$52,000+": a minimum only.
    AtLeast,
}

/// A salary candidate: one amount or a range of two.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    min: f64,
    max: f64,
    currency: Option<&'static str>,
    period: Option<SalaryPeriod>,
    range: bool,
    multiplied: bool,
    excluded: bool,
    /// Every figure reads as a calendar year (1900-2100) with nothing else around it.
    year_like: bool,
    bound: Bound,
}

/// The best salary candidate of `line` with its score.
fn best_in_line(line: &str, mode: Mode, context: LineContext) -> Option<(i32, SalaryRange)> {
    let under_heading = context == LineContext::PayHeading;
    let in_offer = context == LineContext::Offer;
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    // Computed when a candidate needs them: most lines with digits hold no pay.
    let pay_line = OnceCell::new();
    let pay_line = || *pay_line.get_or_init(|| under_heading || has_any_word(&lower, PAY_WORDS));
    let line_currency = OnceCell::new();
    let line_currency = || *line_currency.get_or_init(|| line_currency_of(line));
    let on_target = OnceCell::new();
    let on_target = || {
        *on_target.get_or_init(|| {
            has_any_word(&lower, &["ote", "on-target earnings", "on target earnings"])
        })
    };
    // A period word of the figure's own sentence ("Hourly rate: $45-60"), not of another
    // one on the line ("... plus commission. $650 monthly car allowance").
    // Figures of one sentence share its period: the last answer is kept.
    let last_period: std::cell::Cell<Option<(usize, usize, Option<SalaryPeriod>)>> =
        std::cell::Cell::new(None);
    let line_period = |start: usize, end: usize| {
        let sentence = sentence_around(&lower, start, end);
        let from = sentence.as_ptr() as usize - lower.as_ptr() as usize;
        if let Some((a, b, period)) = last_period.get()
            && (a, b) == (from, from + sentence.len())
        {
            return period;
        }
        let period = line_period_of(sentence);
        last_period.set(Some((from, from + sentence.len(), period)));
        period
    };
    let mut best: Option<(i32, SalaryRange)> = None;
    for candidate in candidates(line) {
        if candidate.excluded || candidate.year_like {
            continue;
        }
        let has_currency = candidate.currency.is_some();
        let explicit_period = candidate.period.is_some();
        let money = has_currency || candidate.multiplied;
        // "Starting at $140,000", "up to £48k": a bound word shapes a figure like a range.
        // Only with a currency written before the figure or a multiplier: "lift up to 50
        // pounds" is a weight.
        let bounded = candidate.bound != Bound::Both
            && (currency_before(line, candidate.start).0.is_some() || candidate.multiplied);
        let shaped = candidate.range || explicit_period || bounded;
        // The checks that need no context first.
        let possible = match mode {
            Mode::Lenient => {
                money
                    || explicit_period
                    || (candidate.range && candidate.max >= 1000.0)
                    || candidate.max >= 10_000.0
            }
            Mode::Posting => money || shaped,
        };
        if !possible {
            continue;
        }
        let context = context_of(&lower, candidate.start, candidate.end);
        if context == Context::Negative {
            continue;
        }
        let pay = context == Context::Pay || pay_line();
        let accepted = match mode {
            Mode::Lenient => true,
            Mode::Posting => (money || (pay && shaped)) && (shaped || pay || in_offer),
        };
        if !accepted {
            continue;
        }
        let currency = candidate
            .currency
            .or_else(line_currency)
            .or_else(|| lower.contains("lpa").then_some("INR"))
            .unwrap_or("USD");
        let currency = refine_dollar(currency, line, candidate.end);
        let period = candidate
            .period
            .or_else(|| line_period(candidate.start, candidate.end))
            .unwrap_or_else(|| inferred_period(candidate.max, currency));
        if !plausible(candidate.min, candidate.max, period, currency) {
            continue;
        }
        // A lone figure in an offer ("What we offer: £55,000, 28 days' holiday") is pay only
        // when it is a yearly salary.
        if in_offer
            && !(candidate.range || explicit_period || pay)
            && (period != SalaryPeriod::Year || candidate.min < 20_000.0 * scale(currency))
        {
            continue;
        }
        // On-target earnings include commission; the base salary is the pay.
        let on_target = on_target();
        let score = i32::from(under_heading) * 4 + i32::from(pay) * 3 - i32::from(on_target) * 5
            + i32::from(candidate.range) * 2
            + i32::from(has_currency) * 2
            + i32::from(explicit_period || line_period(candidate.start, candidate.end).is_some())
            + i32::from(candidate.multiplied);
        let (Some(min), Some(max)) = (
            Money::from_f64(candidate.min),
            Money::from_f64(candidate.max),
        ) else {
            continue;
        };
        let range = SalaryRange {
            min: (candidate.bound != Bound::AtMost).then_some(min),
            max: (candidate.bound != Bound::AtLeast).then_some(max),
            currency: currency.to_owned(),
            period,
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, range));
        }
    }
    best
}

/// Words right before a lone figure that make it a maximum ("up to $45k") or a minimum
/// ("starting at $52,000"), longest first.
const BOUND_WORDS: &[(&str, Bound)] = &[
    ("not to exceed", Bound::AtMost),
    ("no more than", Bound::AtMost),
    ("maximum of", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("upto", Bound::AtMost),
    ("maximum", Bound::AtMost),
    ("max", Bound::AtMost),
    ("max.", Bound::AtMost),
    ("starting salary of", Bound::AtLeast),
    ("starting salary", Bound::AtLeast),
    ("starting from", Bound::AtLeast),
    ("starting at", Bound::AtLeast),
    ("starts at", Bound::AtLeast),
    ("starting", Bound::AtLeast),
    ("minimum of", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("at least", Bound::AtLeast),
    ("minimum", Bound::AtLeast),
    ("min", Bound::AtLeast),
    ("min.", Bound::AtLeast),
    ("from", Bound::AtLeast),
    ("ab", Bound::AtLeast),
    ("bis zu", Bound::AtMost),
];

/// Which bounds a lone figure gives, from the words right before it (currency and spaces
/// skipped) and a `+` after it.
fn bound_of(line: &str, a: &Amount) -> Bound {
    if a.plus {
        return Bound::AtLeast;
    }
    let (_, text_start) = currency_before(line, a.start);
    let head = tailor_text::suffix_within(&line[..text_start], 32).to_lowercase();
    let head = head.trim_end_matches([' ', ':', '\u{a0}']);
    for &(words, bound) in BOUND_WORDS {
        if let Some(before) = head.strip_suffix(words)
            && !before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return bound;
        }
    }
    Bound::Both
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Pay,
    Negative,
    Neutral,
}

/// The sentence of `lower` around `start..end`: from after the last ". ", "; " or "! "
/// before it to the next one after it.
///
/// Looks at most [`SENTENCE_REACH`] bytes either side, so that a long line of figures costs
/// no more per figure than a short one.
fn sentence_around(lower: &str, start: usize, end: usize) -> &str {
    let mut low = start.saturating_sub(SENTENCE_REACH);
    while !lower.is_char_boundary(low) {
        low -= 1;
    }
    let mut high = (end + SENTENCE_REACH).min(lower.len());
    while !lower.is_char_boundary(high) {
        high += 1;
    }
    let from = [". ", "; ", "! ", "? "]
        .iter()
        .filter_map(|sep| lower[low..start].rfind(sep).map(|at| low + at + sep.len()))
        .max()
        .unwrap_or(low);
    let to = [". ", "; ", "! ", "? "]
        .iter()
        .filter_map(|sep| lower[end..high].find(sep).map(|at| end + at))
        .min()
        .unwrap_or(high);
    &lower[from..to]
}

/// How far a pay figure's sentence is looked for, each way (bytes).
const SENTENCE_REACH: usize = 300;

/// What the words around `start..end` of `lower` say the figure is: the nearest word before
/// it in its clause, or a noun right after it ("$5,000 learning budget").
fn context_of(lower: &str, start: usize, end: usize) -> Context {
    // Before: from the clause start (at most 120 bytes back) to the figure.
    let near = tailor_text::suffix_within(&lower[..start], 120);
    let before = near
        .rfind(['.', ';', '!', '?', '\n'])
        .map_or(near, |at| &near[at + 1..]);
    // The nearest telling word before the figure decides.
    let mut before_verdict = Context::Neutral;
    let mut right: Option<&str> = None;
    for word in before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let per_period = word == "per" && matches!(right, Some("year" | "hour" | "annum"));
        if per_period || PAY_SET.contains(word) {
            before_verdict = Context::Pay;
            break;
        }
        if NOT_PAY_SET.contains(word) {
            before_verdict = Context::Negative;
            break;
        }
        right = Some(word);
    }
    // After: up to four words, stopping at "+", "plus", "and" or a comma.
    let after = &lower[end.min(lower.len())..];
    for (index, word) in after
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .take(4)
        .enumerate()
    {
        if word.starts_with(['+', ',', '&']) || matches!(word, "plus" | "and" | "with" | "or") {
            break;
        }
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if PAY_SET.contains(bare) {
            return if before_verdict == Context::Negative {
                Context::Negative
            } else {
                Context::Pay
            };
        }
        // "20–25 hours per week" is a count of hours; "£13 per hour for 20 hours" is pay.
        let counted = matches!(bare, "hours" | "hrs");
        if NOT_PAY_SET.contains(bare) && bare != "years" && (!counted || index == 0) {
            return Context::Negative;
        }
        if word.ends_with([',', '.', ';']) {
            break;
        }
    }
    before_verdict
}

/// Every candidate in `line`, left to right.
fn candidates(line: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && !line[..i].chars().next_back().is_some_and(|c| {
                c.is_alphanumeric() || c == '.' || c == ',' || (c == '-' && is_hyphen_glue(line, i))
            });
        if !starts_number {
            i += 1;
            continue;
        }
        let Some(a) = amount_at(line, i) else {
            i += 1;
            continue;
        };
        let candidate = range_after(line, &a).unwrap_or_else(|| single(line, &a));
        i = candidate.end.max(i + 1);
        found.push(candidate);
    }
    found
}

/// A hyphen that glues the number to a word before it ("COVID-19", "H-1B").
fn is_hyphen_glue(line: &str, digit_at: usize) -> bool {
    line[..digit_at - 1]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
}

fn single(line: &str, a: &Amount) -> Candidate {
    let value = a.value * a.multiplier.factor();
    Candidate {
        start: a.start,
        end: a.end,
        min: value,
        max: value,
        currency: a.currency,
        period: a.period,
        range: false,
        multiplied: a.multiplier != Multiplier::One,
        excluded: a.excluded,
        year_like: a.currency.is_none()
            && a.multiplier == Multiplier::One
            && ((a.period.is_none() && is_year(a.value)) || is_clock(line, a)),
        bound: bound_of(line, a),
    }
}

fn is_year(value: f64) -> bool {
    (1900.0..=2100.0).contains(&value) && value.fract() == 0.0
}

/// "9am", "5 pm", "10:30": a time of day.
fn is_clock(line: &str, a: &Amount) -> bool {
    let after = line[a.end..].trim_start().to_ascii_lowercase();
    after.starts_with("am")
        || after.starts_with("pm")
        || after.starts_with("a.m")
        || after.starts_with("p.m")
        || line[a.end..].starts_with(':')
}

/// A range starting with `a`: "a - b", "a to b", "between a and b".
fn range_after(line: &str, a: &Amount) -> Option<Candidate> {
    let mut at = a.end;
    at = skip_spaces(line, at);
    let head = tailor_text::suffix_within(&line[..a.start], 16).to_ascii_lowercase();
    let between = head
        .trim_end()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .ends_with("between");
    let rest = &line[at..];
    let lower = rest.to_ascii_lowercase();
    let sep_len = if rest.starts_with(['-', '~']) {
        1
    } else if rest.starts_with(['–', '—']) {
        '–'.len_utf8()
    } else if lower.starts_with("to ") {
        2
    } else if between && lower.starts_with("and ") {
        3
    } else {
        return None;
    };
    at = skip_spaces(line, at + sep_len);
    // An optional currency before the second figure.
    let (currency_b, digits_at) = currency_before_at(line, at);
    if !line[digits_at..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let b = amount_at(line, digits_at)?;
    let mut a_mult = a.multiplier;
    if a_mult == Multiplier::One && b.multiplier != Multiplier::One && a.value < 1000.0 {
        a_mult = b.multiplier;
    }
    let min = a.value * a_mult.factor();
    let max = b.value * b.multiplier.factor();
    if max < min || max > min * 10.0 || min <= 0.0 {
        return None;
    }
    // "$90,000 - $110,000 CAD": the code after the second figure names both.
    let currency = match (a.currency, b.currency) {
        (Some("USD") | None, Some(code)) if code != "USD" && is_dollar(code) => Some(code),
        (a_currency, b_currency) => a_currency.or(b_currency).or(currency_b),
    };
    let period = b.period.or(a.period);
    let year_like = currency.is_none()
        && period.is_none()
        && a_mult == Multiplier::One
        && b.multiplier == Multiplier::One
        && is_year(a.value)
        && is_year(b.value);
    Some(Candidate {
        start: a.start,
        end: b.end,
        min,
        max,
        currency,
        period,
        range: true,
        multiplied: a_mult != Multiplier::One || b.multiplier != Multiplier::One,
        excluded: a.excluded || b.excluded,
        year_like,
        bound: Bound::Both,
    })
}

fn skip_spaces(line: &str, at: usize) -> usize {
    at + (line[at..].len() - line[at..].trim_start().len())
}

/// The amount whose first digit is at `start`, with its currency, multiplier and period.
fn amount_at(line: &str, start: usize) -> Option<Amount> {
    let (raw_end, value) = number_at(line, start)?;
    let mut end = raw_end;
    let mut excluded = false;
    let mut multiplier = Multiplier::One;
    let mut period = None;
    let mut plus = false;
    let rest = &line[end..];
    // 401(k), 403(b).
    if rest.starts_with("(k)") || rest.starts_with("(b)") || rest.starts_with("(K)") {
        excluded = true;
    }
    let raw = &line[start..raw_end];
    if matches!(raw, "401" | "403" | "457") && rest.starts_with(['k', 'K', 'b', 'B']) {
        excluded = true;
    }
    if rest.starts_with('%') {
        excluded = true;
    }
    // Multipliers, directly or after one space.
    let spaced = rest.starts_with(' ');
    let word_start = if spaced { end + 1 } else { end };
    let word: String = line[word_start..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let lower_word = word.to_lowercase();
    let mut consumed = 0;
    match lower_word.as_str() {
        "k" if !spaced || word == "K" => {
            multiplier = Multiplier::Thousand;
            // The word's own length: the Kelvin sign "K" is lower-cased to "k" too.
            consumed = word.len();
        }
        // A lone "m" or "b" after a space is a word, not a multiplier.
        "m" | "mm" | "mn" | "mio" | "million" | "millions" if !spaced || lower_word.len() > 1 => {
            multiplier = Multiplier::Million;
            consumed = word.len();
        }
        "bn" | "b" | "billion" | "billions" if !spaced || lower_word.len() > 1 => {
            excluded = true;
            consumed = word.len();
        }
        "lakh" | "lakhs" | "lac" | "lacs" => {
            multiplier = Multiplier::Lakh;
            consumed = word.len();
        }
        "l" if word == "L" => {
            multiplier = Multiplier::Lakh;
            consumed = word.len();
        }
        "lpa" => {
            multiplier = Multiplier::Lakh;
            period = Some(SalaryPeriod::Year);
            consumed = word.len();
        }
        "cr" | "crore" | "crores" => {
            multiplier = Multiplier::Crore;
            consumed = word.len();
        }
        _ => {}
    }
    if consumed > 0 {
        end = word_start + consumed;
        // "18L PA", "18 lakh per annum" and "100k+" are read on.
        if line[end..].starts_with('+') {
            end += 1;
            plus = true;
        }
    } else if line[end..].starts_with('+') {
        end += 1;
        plus = true;
    }
    // A currency before the figure, else after it; a code after a "$" figure says which
    // dollar ("$165,000 USD", "$90k CAD").
    let (mut currency, _) = currency_before(line, start);
    if let Some((code, after)) = currency_after(line, end)
        && (currency.is_none() || (currency == Some("USD") && is_dollar(code)))
    {
        currency = Some(code);
        end = after;
    }
    if multiplier == Multiplier::Lakh && currency.is_none() {
        currency = Some("INR");
    }
    // A period after the figure ("/hr", "per month", "a year").
    if period.is_none()
        && let Some((found, after)) = period_after(line, end)
    {
        period = Some(found);
        end = after;
    } else if period.is_some()
        && let Some((_, after)) = period_after(line, end)
    {
        end = after;
    }
    Some(Amount {
        start,
        end,
        value,
        multiplier,
        currency,
        period,
        excluded,
        plus,
    })
}

/// The number at `start` (digits with thousands or decimal separators): its end and value.
fn number_at(line: &str, start: usize) -> Option<(usize, f64)> {
    let bytes = line.as_bytes();
    let mut end = start;
    let mut groups: Vec<(u8, usize, usize)> = Vec::new(); // (separator before, start, end)
    let mut sep = 0u8;
    loop {
        let group_start = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end == group_start {
            break;
        }
        groups.push((sep, group_start, end));
        if groups.len() > 8 {
            return None;
        }
        // A separator followed by a digit continues the number.
        let Some(&next) = bytes.get(end) else { break };
        let next_digit = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        match next {
            b',' | b'.' | b'\'' if next_digit => {
                sep = next;
                end += 1;
            }
            b' ' if next_digit => {
                // "55 000": a space before exactly three digits.
                let three = bytes
                    .get(end + 1..end + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                    && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit);
                if three && groups.last().is_some_and(|&(_, s, e)| e - s <= 3) {
                    sep = b' ';
                    end += 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let first = *groups.first()?;
    let digits_of = |(_, s, e): (u8, usize, usize)| &line[s..e];
    // Which separator, if any, is the decimal point.
    let last = *groups.last()?;
    let seps: Vec<u8> = groups.iter().skip(1).map(|g| g.0).collect();
    let decimal_sep = if seps.is_empty() {
        None
    } else {
        let last_sep = last.0;
        let last_len = last.2 - last.1;
        let mixed = seps.iter().any(|&s| s != last_sep);
        let count = seps.iter().filter(|&&s| s == last_sep).count();
        match last_sep {
            b',' | b'.' if mixed && last_len <= 2 => Some(last_sep),
            b'.' if !mixed && count == 1 && last_len != 3 => Some(b'.'),
            b',' if !mixed && count == 1 && last_len <= 2 && first.2 - first.1 <= 3 => {
                // "4,5k" (European decimal) but "18,00,000" (Indian grouping) has more commas.
                Some(b',')
            }
            _ => None,
        }
    };
    // At most 13 integer digits: far beyond any salary, far below u64 and f64 limits.
    let mut integer: u64 = 0;
    let mut integer_digits = 0;
    let mut fraction = 0.0f64;
    for (index, &group) in groups.iter().enumerate() {
        let digits = digits_of(group).bytes().map(|b| u64::from(b - b'0'));
        if index > 0 && index == groups.len() - 1 && decimal_sep == Some(group.0) {
            let mut scale = 0.1;
            for d in digits {
                #[allow(clippy::cast_precision_loss)]
                let d = d as f64;
                fraction += d * scale;
                scale /= 10.0;
            }
        } else {
            for d in digits {
                integer_digits += 1;
                if integer_digits > 13 {
                    return None;
                }
                integer = integer * 10 + d;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let value = integer as f64 + fraction;
    Some((last.2, value))
}

#[cfg(test)]
mod tests;
