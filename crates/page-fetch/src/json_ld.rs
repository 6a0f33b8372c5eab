//! The schema.org `JobPosting` in a page's JSON-LD, mapped onto the domain's
//! [`StructuredPosting`]. Real pages are loose with the vocabulary, so every property is
//! read in each of the shapes seen in the wild (a string, an object, an array of either,
//! numbers written as strings) and anything unusable is skipped rather than refused.

use serde_json::{Map, Value};
use tailor_domain::job::{
    EmploymentType, MAX_COMPANY_LEN, MAX_LOCATION_LEN, MAX_RAW_TEXT_LEN, MAX_TITLE_LEN, Money,
    SalaryPeriod, SalaryRange, WorkMode,
};
use tailor_domain::ports::StructuredPosting;

use crate::html::{decode_references, html_to_text};
use crate::text::{multi_line, single_line};

/// Nesting followed while looking for a posting (`@graph`, `mainEntity`, arrays, ...).
const MAX_SEARCH_DEPTH: usize = 32;
/// JSON values looked at while searching one page.
const MAX_SEARCH_NODES: usize = 50_000;
/// Items read from one array-valued property (locations, skills, ...).
const MAX_ITEMS: usize = 50;
/// Characters of each text field (description, qualifications, responsibilities).
const MAX_TEXT_CHARS: usize = MAX_RAW_TEXT_LEN;

/// The first `JobPosting` with a title in the page's JSON-LD blocks, in page order.
pub(crate) fn find_posting(blocks: &[String]) -> Option<StructuredPosting> {
    let mut budget = MAX_SEARCH_NODES;
    blocks
        .iter()
        .filter_map(|block| parse_block(block))
        .find_map(|value| search(&value, 0, &mut budget))
}

/// Parses one block, forgiving the usual mistakes: a wrapping HTML comment or CDATA
/// section, and raw line breaks or tabs inside strings.
fn parse_block(raw: &str) -> Option<Value> {
    let mut body = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("/*<![CDATA[*/", "/*]]>*/"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = body.strip_prefix(open) {
            body = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    if let Ok(value) = serde_json::from_str(body) {
        return Some(value);
    }
    // Control characters are invalid inside JSON strings and are whitespace between tokens,
    // so a space stands in for them either way.
    let repaired: String = body
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&repaired).ok()
}

fn search(value: &Value, depth: usize, budget: &mut usize) -> Option<StructuredPosting> {
    if depth > MAX_SEARCH_DEPTH || *budget == 0 {
        return None;
    }
    *budget -= 1;
    match value {
        Value::Array(items) => items
            .iter()
            .find_map(|item| search(item, depth + 1, budget)),
        Value::Object(object) => {
            if is_job_posting(object)
                && let Some(posting) = map_posting(object)
            {
                return Some(posting);
            }
            object
                .values()
                .filter(|child| child.is_object() || child.is_array())
                .find_map(|child| search(child, depth + 1, budget))
        }
        _ => None,
    }
}

/// `@type` (a string or an array of them) names `JobPosting`, bare or with a schema.org
/// prefix (`schema:JobPosting`, `https://schema.org/JobPosting`).
fn is_job_posting(object: &Map<String, Value>) -> bool {
    let is_posting = |name: &str| {
        let local = name.rsplit(['/', ':', '#']).next().unwrap_or(name);
        local.trim().eq_ignore_ascii_case("JobPosting")
    };
    match object.get("@type") {
        Some(Value::String(name)) => is_posting(name),
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).any(is_posting),
        _ => false,
    }
}

fn map_posting(posting: &Map<String, Value>) -> Option<StructuredPosting> {
    let title = posting
        .get("title")
        .and_then(|v| inline_text(v, MAX_TITLE_LEN))
        .or_else(|| {
            posting
                .get("name")
                .and_then(|v| inline_text(v, MAX_TITLE_LEN))
        })?;
    let qualifications = [
        "qualifications",
        "skills",
        "experienceRequirements",
        "educationRequirements",
    ]
    .iter()
    .filter_map(|key| posting.get(*key).and_then(rich_text))
    .collect::<Vec<_>>();
    Some(StructuredPosting {
        title,
        company: posting.get("hiringOrganization").and_then(organization),
        location: posting.get("jobLocation").and_then(locations).or_else(|| {
            posting
                .get("applicantLocationRequirements")
                .and_then(locations)
        }),
        description: posting
            .get("description")
            .and_then(rich_text)
            .unwrap_or_default(),
        employment_type: posting.get("employmentType").and_then(employment_type),
        salary: ["baseSalary", "estimatedSalary"].iter().find_map(|key| {
            posting
                .get(*key)
                .and_then(|v| salary(v, posting.get("salaryCurrency")))
        }),
        work_mode: posting.get("jobLocationType").and_then(work_mode),
        qualifications: (!qualifications.is_empty())
            .then(|| multi_line(&qualifications.join("\n\n"), MAX_TEXT_CHARS)),
        responsibilities: posting.get("responsibilities").and_then(rich_text),
    })
}

/// The values of a property that may be one value or an array of them (nulls skipped).
fn each(value: &Value) -> impl Iterator<Item = &Value> {
    let items: &[Value] = match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    };
    items.iter().filter(|v| !v.is_null()).take(MAX_ITEMS)
}

/// A plain string, a number, or a JSON-LD value object (`{"@value": ...}`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(object) => object.get("@value").and_then(scalar),
        _ => None,
    }
}

/// The `name` of a thing, or the thing itself when it is a string.
fn name_of(value: &Value) -> Option<String> {
    each(value).find_map(|item| match item {
        Value::Object(object) if !object.contains_key("@value") => {
            object.get("name").and_then(name_of)
        }
        other => scalar(other),
    })
}

/// One line of text from a string that may carry markup or character references.
fn inline_text(value: &Value, max_chars: usize) -> Option<String> {
    let raw = each(value).find_map(scalar)?;
    single_line(&markup_to_text(&raw, max_chars * 4), max_chars)
}

/// Text from a string that may be HTML, plain text with character references (its line
/// breaks kept), or HTML that was itself escaped (`&lt;p&gt;...`), as some job boards
/// publish it.
fn markup_to_text(raw: &str, max_chars: usize) -> String {
    if looks_like_markup(raw) {
        return html_to_text(raw, max_chars);
    }
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let decoded = decode_references(raw, max_chars);
    if looks_like_markup(&decoded) {
        html_to_text(&decoded, max_chars)
    } else {
        decoded
    }
}

fn looks_like_markup(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let rest = &text.as_bytes()[at + 1..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        rest.first().is_some_and(u8::is_ascii_alphabetic)
            && rest
                .iter()
                .take(12)
                .position(|&b| b == b'>' || b == b' ')
                .is_some()
    })
}

/// Multi-line text from a string, an array of strings (one `- ` line each) or objects
/// described by `description`, `name`, `credentialCategory` or `monthsOfExperience`.
fn rich_text(value: &Value) -> Option<String> {
    let parts: Vec<String> = each(value)
        .filter_map(|item| match item {
            Value::Object(object) if !object.contains_key("@value") => described(object),
            other => scalar(other),
        })
        .map(|raw| multi_line(&markup_to_text(&raw, MAX_TEXT_CHARS), MAX_TEXT_CHARS))
        .filter(|text| !text.is_empty())
        .collect();
    let text = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        many => many
            .iter()
            .map(|part| format!("- {part}"))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let text = multi_line(&text, MAX_TEXT_CHARS);
    (!text.is_empty()).then_some(text)
}

fn described(object: &Map<String, Value>) -> Option<String> {
    ["description", "name", "credentialCategory"]
        .iter()
        .find_map(|key| object.get(*key).and_then(|v| each(v).find_map(scalar)))
        .or_else(|| {
            let months = object.get("monthsOfExperience").and_then(number)?;
            Some(format!("{} months of experience", months.cents() / 100))
        })
}

fn organization(value: &Value) -> Option<String> {
    name_of(value).and_then(|name| single_line(&markup_to_text(&name, 1_000), MAX_COMPANY_LEN))
}

/// Locations as "Locality, Region, Country", several joined with "; ".
fn locations(value: &Value) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for place in each(value) {
        if let Some(location) = place_text(place)
            && !found.contains(&location)
        {
            found.push(location);
        }
    }
    let mut joined = String::new();
    for location in found {
        let extra = if joined.is_empty() { 0 } else { 2 };
        if joined.chars().count() + extra + location.chars().count() > MAX_LOCATION_LEN {
            if joined.is_empty() {
                joined = location;
            }
            break;
        }
        if !joined.is_empty() {
            joined.push_str("; ");
        }
        joined.push_str(&location);
    }
    single_line(&joined, MAX_LOCATION_LEN)
}

fn place_text(place: &Value) -> Option<String> {
    let object = match place {
        Value::Object(object) => object,
        other => return scalar(other).and_then(|s| single_line(&s, MAX_LOCATION_LEN)),
    };
    let from_address = object
        .get("address")
        .and_then(|address| each(address).find_map(address_text));
    from_address
        .or_else(|| address_text(place))
        .or_else(|| name_of(place).and_then(|name| single_line(&name, MAX_LOCATION_LEN)))
}

fn address_text(address: &Value) -> Option<String> {
    let object = match address {
        Value::Object(object) => object,
        other => return scalar(other).and_then(|s| single_line(&s, MAX_LOCATION_LEN)),
    };
    let mut parts: Vec<String> = Vec::new();
    for key in ["addressLocality", "addressRegion", "addressCountry"] {
        if let Some(part) = object
            .get(key)
            .and_then(name_of)
            .and_then(|s| single_line(&s, MAX_LOCATION_LEN))
            && !parts.iter().any(|p| p.eq_ignore_ascii_case(&part))
        {
            parts.push(part);
        }
    }
    single_line(&parts.join(", "), MAX_LOCATION_LEN)
}

/// The first `employmentType` value that maps onto the domain's set.
fn employment_type(value: &Value) -> Option<EmploymentType> {
    each(value)
        .filter_map(Value::as_str)
        .flat_map(|s| s.split([',', '|', '/']))
        .find_map(|raw| {
            let key: String = raw
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect();
            match key.as_str() {
                "FULLTIME" | "PERMANENT" => Some(EmploymentType::FullTime),
                "PARTTIME" => Some(EmploymentType::PartTime),
                "CONTRACTOR" | "CONTRACT" | "FREELANCE" | "FREELANCER" => {
                    Some(EmploymentType::Contract)
                }
                "TEMPORARY" | "TEMP" | "SEASONAL" => Some(EmploymentType::Temporary),
                "INTERN" | "INTERNSHIP" => Some(EmploymentType::Internship),
                _ => None,
            }
        })
}

fn work_mode(value: &Value) -> Option<WorkMode> {
    each(value)
        .filter_map(Value::as_str)
        .any(|s| s.trim().eq_ignore_ascii_case("TELECOMMUTE"))
        .then_some(WorkMode::Remote)
}

/// A `MonetaryAmount` (or an array of them): `currency` (or the posting's
/// `salaryCurrency`) and `value`, a number or a `QuantitativeValue` with `value`,
/// `minValue`, `maxValue` and `unitText`. Without a currency or a unit it is not used,
/// rather than guessed.
fn salary(value: &Value, posting_currency: Option<&Value>) -> Option<SalaryRange> {
    each(value).find_map(|amount| {
        let amount = amount.as_object()?;
        let currency = amount
            .get("currency")
            .or(posting_currency)
            .and_then(scalar)
            .and_then(|s| currency_code(&s))
            .or_else(|| symbol_currency(amount))?;
        let quantity = amount.get("value");
        let quantity_object = quantity.and_then(Value::as_object);
        let unit = quantity_object
            .and_then(|q| q.get("unitText"))
            .or_else(|| amount.get("unitText"))
            .and_then(scalar)
            .and_then(|s| period(&s))?;
        let figures = quantity_object.unwrap_or(amount);
        let min = figures.get("minValue").and_then(number);
        let max = figures.get("maxValue").and_then(number);
        let single = match quantity {
            Some(Value::Object(q)) => q.get("value").and_then(number),
            Some(other) => number(other),
            None => None,
        };
        // A lone minValue or maxValue is one bound; a lone value is both.
        let (min, max) = match (min, max, single) {
            (Some(min), Some(max), _) => (Some(min.min(max)), Some(min.max(max))),
            (Some(min), None, _) => (Some(min), None),
            (None, Some(max), _) => (None, Some(max)),
            (None, None, Some(one)) => (Some(one), Some(one)),
            (None, None, None) => return None,
        };
        let positive = min.or(max).is_some_and(|m| m.cents() > 0);
        positive.then_some(SalaryRange {
            min,
            max,
            currency,
            period: unit,
        })
    })
}

/// The currency a figure written as "$90k" shows, when no code is given.
fn symbol_currency(amount: &Map<String, Value>) -> Option<String> {
    let quantity = amount.get("value");
    let figures = quantity.and_then(Value::as_object).unwrap_or(amount);
    [
        quantity,
        figures.get("value"),
        figures.get("minValue"),
        figures.get("maxValue"),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .find_map(currency_from_symbol)
}

fn currency_code(raw: &str) -> Option<String> {
    let code = raw.trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(code.to_ascii_uppercase());
    }
    currency_from_symbol(code)
}

fn currency_from_symbol(raw: &str) -> Option<String> {
    let raw = raw.trim_start();
    let code = if raw.starts_with('$') {
        "USD"
    } else if raw.starts_with('€') {
        "EUR"
    } else if raw.starts_with('£') {
        "GBP"
    } else {
        return None;
    };
    Some(code.to_owned())
}

fn period(raw: &str) -> Option<SalaryPeriod> {
    let key: String = raw
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let key = key.strip_prefix("PER").unwrap_or(&key);
    match key {
        "HOUR" | "HOURLY" | "HR" => Some(SalaryPeriod::Hour),
        "DAY" | "DAILY" => Some(SalaryPeriod::Day),
        "WEEK" | "WEEKLY" => Some(SalaryPeriod::Week),
        "MONTH" | "MONTHLY" => Some(SalaryPeriod::Month),
        "YEAR" | "YEARLY" | "ANNUAL" | "ANNUALLY" | "ANNUM" | "ANNO" => Some(SalaryPeriod::Year),
        _ => None,
    }
}

/// A whole, non-negative amount from a JSON number or a string such as "85000",
/// "85,000.00", "85.000,00", "$85k" or "85 000".
fn number(value: &Value) -> Option<Money> {
    let amount = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => parse_amount(s)?,
        Value::Object(object) => return object.get("@value").and_then(number),
        _ => return None,
    };
    // Ten billion is far beyond any salary; larger numbers are data errors.
    if amount.is_finite() && (0.0..1e10).contains(&amount) {
        Money::from_f64(amount)
    } else {
        None
    }
}

fn parse_amount(raw: &str) -> Option<f64> {
    let start = raw.find(|c: char| c.is_ascii_digit())?;
    let rest = &raw[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\'')))
        .unwrap_or(rest.len());
    let token: String = rest[..end]
        .trim_end()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\''))
        .collect();
    let multiplier = match rest[end..].trim_start().chars().next() {
        Some('k' | 'K') => 1_000.0,
        _ => 1.0,
    };
    let normalized = match (token.rfind(','), token.rfind('.')) {
        // Both separators: the later one is the decimal point.
        (Some(comma), Some(dot)) if comma > dot => token.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => token.replace(',', ""),
        // Commas only: thousands when every group after one has three digits.
        (Some(_), None) => {
            let thousands = token.split(',').skip(1).all(|group| group.len() == 3);
            if thousands {
                token.replace(',', "")
            } else {
                token.replacen(',', ".", 1).replace(',', "")
            }
        }
        // Several dots can only be thousands separators.
        (None, Some(_)) if token.matches('.').count() > 1 => token.replace('.', ""),
        _ => token,
    };
    normalized
        .trim_end_matches('.')
        .parse::<f64>()
        .ok()
        .map(|n| n * multiplier)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn find(value: Value) -> Option<StructuredPosting> {
        find_posting(&[value.to_string()])
    }

    #[test]
    fn a_full_posting_maps_every_field() {
        let posting = find(json!({
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": "  Senior Rust Engineer &amp; Lead ",
            "hiringOrganization": {"@type": "Organization", "name": "Acme\u{0} Corp"},
            "jobLocation": [
                {"@type": "Place", "address": {"@type": "PostalAddress",
                    "addressLocality": "Berlin", "addressRegion": "BE",
                    "addressCountry": {"@type": "Country", "name": "DE"}}},
                {"@type": "Place", "address": {"addressLocality": "Berlin", "addressRegion": "BE",
                    "addressCountry": "DE"}},
                {"@type": "Place", "address": {"addressLocality": "Munich", "addressCountry": "DE"}}
            ],
            "description": "<p>We build things.</p><ul><li>Rust</li><li>Tokio</li></ul>",
            "employmentType": ["OTHER", "FULL_TIME"],
            "baseSalary": {"@type": "MonetaryAmount", "currency": "eur",
                "value": {"@type": "QuantitativeValue", "minValue": "70,000", "maxValue": 90000.5,
                    "unitText": "YEAR"}},
            "jobLocationType": "TELECOMMUTE",
            "qualifications": "<p>5 years of Rust</p>",
            "skills": ["Rust", "SQL"],
            "experienceRequirements": {"@type": "OccupationalExperienceRequirements",
                "monthsOfExperience": 60},
            "educationRequirements": {"@type": "EducationalOccupationalCredential",
                "credentialCategory": "bachelor degree"},
            "responsibilities": "Ship code.\nReview code."
        }))
        .expect("posting");
        assert_eq!(
            posting,
            StructuredPosting {
                title: "Senior Rust Engineer & Lead".to_owned(),
                company: Some("Acme Corp".to_owned()),
                location: Some("Berlin, BE, DE; Munich, DE".to_owned()),
                description: "We build things.\n\n- Rust\n- Tokio".to_owned(),
                employment_type: Some(EmploymentType::FullTime),
                // Cents are kept: 90000.5 is €90,000.50.
                salary: Some(SalaryRange {
                    min: Some(Money::from_units(70_000)),
                    max: Some(Money::from_cents(9_000_050)),
                    currency: "EUR".to_owned(),
                    period: SalaryPeriod::Year,
                }),
                work_mode: Some(WorkMode::Remote),
                qualifications: Some(
                    "5 years of Rust\n\n- Rust\n- SQL\n\n60 months of experience\n\nbachelor degree"
                        .to_owned()
                ),
                responsibilities: Some("Ship code.\nReview code.".to_owned()),
            }
        );
    }

    #[test]
    fn graph_arrays_and_prefixed_types_are_searched() {
        let graph = json!({"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "name": "Careers"},
            {"@type": ["Thing", "schema:JobPosting"], "title": "Graph job"}
        ]});
        assert_eq!(find(graph).map(|p| p.title).as_deref(), Some("Graph job"));

        let array = json!([[{"@type": "Organization"}], {"@type": "https://schema.org/JobPosting",
            "title": "Array job"}]);
        assert_eq!(find(array).map(|p| p.title).as_deref(), Some("Array job"));

        let nested =
            json!({"@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "Main"}});
        assert_eq!(find(nested).map(|p| p.title).as_deref(), Some("Main"));
    }

    #[test]
    fn a_posting_without_a_title_is_skipped_for_the_next_one() {
        let blocks = vec![
            json!({"@type": "JobPosting", "description": "no title"}).to_string(),
            "{ not json".to_owned(),
            json!({"@type": "JobPosting", "title": "  ", "name": "Named job"}).to_string(),
        ];
        let posting = find_posting(&blocks).expect("posting");
        assert_eq!(posting.title, "Named job");
        assert_eq!(posting.description, "");
        assert_eq!(find(json!({"@type": "JobPosting"})), None);
        assert_eq!(find(json!({"@type": "Organization", "title": "x"})), None);
    }

    #[test]
    fn sloppy_blocks_are_still_read() {
        let raw = "<!--\n{\"@type\": \"JobPosting\", \"title\": \"Line\nbreak\"}\n-->";
        let posting = find_posting(&[raw.to_owned()]).expect("posting");
        assert_eq!(posting.title, "Line break");
    }

    #[test]
    fn escaped_html_descriptions_are_unescaped_once_more() {
        let posting = find(json!({"@type": "JobPosting", "title": "T",
            "description": "&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;/ul&gt;"}))
        .expect("posting");
        assert_eq!(posting.description, "Hello & welcome\n\n- One");
        let plain = find(json!({"@type": "JobPosting", "title": "T",
            "description": "Pay is < 5 & > 3"}))
        .expect("posting");
        assert_eq!(plain.description, "Pay is < 5 & > 3");
        let lines = find(json!({"@type": "JobPosting", "title": "T",
            "description": "R&amp;D team\n\nWork on:\n* parsers & tools"}))
        .expect("posting");
        assert_eq!(lines.description, "R&D team\n\nWork on:\n* parsers & tools");
    }

    #[test]
    fn salaries_come_in_many_shapes() {
        let cases = [
            (
                json!({"currency": "USD", "value": {"value": 45, "unitText": "HOUR"}}),
                Some((45, 45, "USD", SalaryPeriod::Hour)),
            ),
            (
                json!({"currency": "GBP", "value": "55000", "unitText": "ANNUAL"}),
                Some((55_000, 55_000, "GBP", SalaryPeriod::Year)),
            ),
            (
                json!({"value": {"minValue": "$90k", "maxValue": "$120k", "unitText": "year"}}),
                Some((90_000, 120_000, "USD", SalaryPeriod::Year)),
            ),
            (
                json!({"currency": "EUR", "value": {"minValue": "5.000,00", "maxValue": "4.000,00",
                    "unitText": "MONTH"}}),
                Some((4_000, 5_000, "EUR", SalaryPeriod::Month)),
            ),
            (
                json!({"currency": "USD", "minValue": 300, "maxValue": 400, "unitText": "DAY"}),
                Some((300, 400, "USD", SalaryPeriod::Day)),
            ),
            (json!({"currency": "USD", "value": {"value": 100000}}), None),
            (
                json!({"value": {"value": 100000, "unitText": "YEAR"}}),
                None,
            ),
            (
                json!({"currency": "USD", "value": {"value": -5, "unitText": "YEAR"}}),
                None,
            ),
            (
                json!({"currency": "USD", "value": {"value": 0, "unitText": "YEAR"}}),
                None,
            ),
            (
                json!({"currency": "USD", "value": {"value": 1e300, "unitText": "YEAR"}}),
                None,
            ),
            (json!("100000 USD"), None),
        ];
        for (base_salary, expected) in cases {
            let posting =
                find(json!({"@type": "JobPosting", "title": "T", "baseSalary": base_salary}))
                    .expect("posting");
            let expected = expected.map(|(min, max, currency, period): (u64, u64, &str, _)| {
                SalaryRange::whole(min, max, currency, period)
            });
            assert_eq!(posting.salary, expected, "{base_salary}");
        }
        // A lone maxValue is an upper bound.
        let up_to = find(json!({"@type": "JobPosting", "title": "T", "baseSalary":
            [{"currency": "CHF", "value": {"maxValue": 800, "unitText": "WEEK"}}]}))
        .expect("posting");
        assert_eq!(
            up_to
                .salary
                .map(|s| (s.min, s.max.map(Money::cents), s.period)),
            Some((None, Some(80_000), SalaryPeriod::Week))
        );
        // European decimals keep their cents.
        let cents = find(json!({"@type": "JobPosting", "title": "T", "baseSalary":
            {"currency": "EUR", "value": {"minValue": "4.000,50", "unitText": "MONTH"}}}))
        .expect("posting");
        assert_eq!(
            cents.salary.map(|s| (s.min.map(Money::cents), s.max)),
            Some((Some(400_050), None)),
            "a lone minValue is a lower bound"
        );
        let with_posting_currency = find(json!({"@type": "JobPosting", "title": "T",
            "salaryCurrency": "CAD", "baseSalary": {"value": {"value": 80000, "unitText": "YEAR"}}}))
        .expect("posting");
        assert_eq!(
            with_posting_currency.salary.map(|s| s.currency).as_deref(),
            Some("CAD")
        );
    }

    #[test]
    fn employment_types_and_work_modes_map_onto_the_domain() {
        let cases = [
            (json!("FULL_TIME"), Some(EmploymentType::FullTime)),
            (json!("Part-time"), Some(EmploymentType::PartTime)),
            (
                json!(["VOLUNTEER", "CONTRACTOR"]),
                Some(EmploymentType::Contract),
            ),
            (json!("TEMPORARY"), Some(EmploymentType::Temporary)),
            (json!("INTERN"), Some(EmploymentType::Internship)),
            (json!("OTHER, FULL TIME"), Some(EmploymentType::FullTime)),
            (json!("PER_DIEM"), None),
            (json!(42), None),
        ];
        for (raw, expected) in cases {
            let posting = find(json!({"@type": "JobPosting", "title": "T", "employmentType": raw}))
                .expect("posting");
            assert_eq!(posting.employment_type, expected, "{raw}");
        }
        let remote = find(json!({"@type": "JobPosting", "title": "T",
            "jobLocationType": ["telecommute"],
            "applicantLocationRequirements": {"@type": "Country", "name": "USA"}}))
        .expect("posting");
        assert_eq!(remote.work_mode, Some(WorkMode::Remote));
        assert_eq!(remote.location.as_deref(), Some("USA"));
        let onsite = find(json!({"@type": "JobPosting", "title": "T", "jobLocation": "Paris"}))
            .expect("posting");
        assert_eq!(onsite.work_mode, None);
        assert_eq!(onsite.location.as_deref(), Some("Paris"));
    }

    #[test]
    fn organizations_may_be_strings_or_objects() {
        for (org, expected) in [
            (json!("Initech"), Some("Initech")),
            (json!({"name": "Globex &amp; Co"}), Some("Globex & Co")),
            (
                json!([{"@type": "Organization"}, {"name": "Second"}]),
                Some("Second"),
            ),
            (json!({"@type": "Organization"}), None),
        ] {
            let posting =
                find(json!({"@type": "JobPosting", "title": "T", "hiringOrganization": org}))
                    .expect("posting");
            assert_eq!(posting.company.as_deref(), expected, "{org}");
        }
    }

    #[test]
    fn fields_are_bounded() {
        let long = "x".repeat(50_000);
        let posting = find(
            json!({"@type": "JobPosting", "title": long, "description": long,
            "hiringOrganization": long, "jobLocation": long}),
        )
        .expect("posting");
        assert_eq!(posting.title.chars().count(), MAX_TITLE_LEN);
        assert_eq!(
            posting.company.map(|c| c.chars().count()),
            Some(MAX_COMPANY_LEN)
        );
        assert_eq!(
            posting.location.map(|c| c.chars().count()),
            Some(MAX_LOCATION_LEN)
        );
        assert_eq!(posting.description.chars().count(), MAX_TEXT_CHARS);
    }

    #[test]
    fn deeply_nested_json_is_not_followed_without_bound() {
        let mut value = json!({"@type": "JobPosting", "title": "Deep"});
        for _ in 0..100 {
            value = json!([value]);
        }
        assert_eq!(find(value), None);
        let mut shallow = json!({"@type": "JobPosting", "title": "Shallow"});
        for _ in 0..10 {
            shallow = json!({"@graph": [shallow]});
        }
        assert_eq!(find(shallow).map(|p| p.title).as_deref(), Some("Shallow"));
    }

    #[test]
    fn amounts_are_read_from_loose_strings() {
        let cases = [
            ("85000", Some(85_000.0)),
            ("85,000.00", Some(85_000.0)),
            ("85.000,00", Some(85_000.0)),
            ("1.234.567", Some(1_234_567.0)),
            ("12,5", Some(12.5)),
            ("$85k", Some(85_000.0)),
            ("85 000 €", Some(85_000.0)),
            ("EUR 4'500", Some(4_500.0)),
            ("42.50", Some(42.5)),
            ("no digits", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_amount(raw), expected, "{raw}");
        }
    }
}
