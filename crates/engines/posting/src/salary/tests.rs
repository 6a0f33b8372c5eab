//! Pay figures in every format the reader accepts, and figures that are not pay.

use super::*;

/// Whole units of a bound, for the tests of ranges without cents.
fn units(bound: Option<Money>) -> u64 {
    let money = bound.expect("both bounds");
    assert!(money.is_whole(), "{money} has cents");
    money.cents() / 100
}

fn salary(text: &str) -> Option<(u64, u64, String, SalaryPeriod)> {
    parse_salary(text).map(|s| (units(s.min), units(s.max), s.currency, s.period))
}

/// The bounds as written back ("62.00"), `None` for an open end.
fn bounds(text: &str) -> Option<(Option<String>, Option<String>, String, SalaryPeriod)> {
    parse_salary(text).map(|s| {
        (
            s.min.map(|m| m.to_string()),
            s.max.map(|m| m.to_string()),
            s.currency,
            s.period,
        )
    })
}

fn open(
    min: Option<&str>,
    max: Option<&str>,
    currency: &str,
    period: SalaryPeriod,
) -> Option<(Option<String>, Option<String>, String, SalaryPeriod)> {
    Some((
        min.map(str::to_owned),
        max.map(str::to_owned),
        currency.to_owned(),
        period,
    ))
}

fn yearly(min: u64, max: u64, currency: &str) -> Option<(u64, u64, String, SalaryPeriod)> {
    Some((min, max, currency.to_owned(), SalaryPeriod::Year))
}

#[test]
fn a_dollar_range_with_thousands_separators_is_read() {
    assert_eq!(
        salary("$120,000 - $180,000"),
        yearly(120_000, 180_000, "USD")
    );
}

#[test]
fn a_salary_in_k_is_read_as_thousands() {
    assert_eq!(salary("120k-150k"), yearly(120_000, 150_000, "USD"));
    assert_eq!(salary("$120K–$150K"), yearly(120_000, 150_000, "USD"));
    assert_eq!(salary("120-150k"), yearly(120_000, 150_000, "USD"));
    assert_eq!(
        salary("$1.5k - $2k per month"),
        Some((1_500, 2_000, "USD".into(), SalaryPeriod::Month))
    );
}

#[test]
fn a_single_figure_with_a_period_is_a_range_of_one() {
    assert_eq!(salary("£55,000 a year"), yearly(55_000, 55_000, "GBP"));
}

#[test]
fn european_thousands_separators_and_monthly_pay_are_read() {
    assert_eq!(
        salary("€4.500–5.500 per month"),
        Some((4_500, 5_500, "EUR".into(), SalaryPeriod::Month))
    );
    assert_eq!(salary("50.000 - 60.000 €"), yearly(50_000, 60_000, "EUR"));
    assert_eq!(salary("CHF 120'000"), yearly(120_000, 120_000, "CHF"));
    assert_eq!(salary("55 000 - 65 000 EUR"), yearly(55_000, 65_000, "EUR"));
}

#[test]
fn hourly_rates_are_read_with_their_period() {
    let hourly = Some((45, 60, "USD".into(), SalaryPeriod::Hour));
    assert_eq!(salary("$45-60/hr"), hourly);
    assert_eq!(salary("$45 - $60 per hour"), hourly);
    assert_eq!(salary("$45-$60 an hour"), hourly);
    assert_eq!(salary("Hourly rate: $45-60"), hourly);
}

#[test]
fn lakhs_per_annum_are_rupees_a_year() {
    assert_eq!(salary("₹18-24 LPA"), yearly(1_800_000, 2_400_000, "INR"));
    assert_eq!(
        salary("18 - 24 lakhs per annum"),
        yearly(1_800_000, 2_400_000, "INR")
    );
    assert_eq!(
        salary("INR 18,00,000 - 24,00,000"),
        yearly(1_800_000, 2_400_000, "INR")
    );
}

#[test]
fn bare_numbers_and_other_currencies_are_read() {
    assert_eq!(salary("120000-180000"), yearly(120_000, 180_000, "USD"));
    assert_eq!(
        salary("$90,000 - $110,000 CAD"),
        yearly(90_000, 110_000, "CAD")
    );
    assert_eq!(salary("C$90k"), yearly(90_000, 90_000, "CAD"));
    assert_eq!(
        salary("80,000 - 95,000 USD per year"),
        yearly(80_000, 95_000, "USD")
    );
    assert_eq!(
        salary("between $100,000 and $130,000"),
        yearly(100_000, 130_000, "USD")
    );
}

#[test]
fn text_without_pay_is_not_a_salary() {
    for text in [
        "",
        "hello",
        "2019-2023",
        "401(k) matching",
        "401k",
        "9am-5pm",
        "50%",
        "3-5 years",
    ] {
        assert_eq!(parse_salary(text), None, "{text}");
    }
}

fn in_posting(lines: &[&str]) -> Option<(u64, u64, String, SalaryPeriod)> {
    find_salary(lines, &[], 0).map(|s| (units(s.min), units(s.max), s.currency, s.period))
}

#[test]
fn figures_that_are_not_pay_are_ignored_in_a_posting() {
    for line in [
        "We raised $40M in Series B funding in 2023.",
        "Generous 401(k) match up to 4%",
        "$5,000 annual learning budget",
        "A $1,500 home office stipend",
        "Founded in 2012, we are a team of 150 people.",
        "We serve 10,000 customers in 40 countries.",
        "$2M ARR and growing",
        "Call 555-123-4567 to apply",
    ] {
        assert_eq!(in_posting(&[line]), None, "{line}");
    }
}

#[test]
fn the_pay_line_wins_over_other_figures() {
    let lines = [
        "We raised $40M last year and have 120 employees.",
        "Benefits include a $2,000 learning budget.",
        "The base salary range is $150,000 to $190,000 plus equity.",
    ];
    assert_eq!(in_posting(&lines), yearly(150_000, 190_000, "USD"));
}

#[test]
fn a_figure_under_a_salary_heading_is_read() {
    let kinds = [Some(Kind::Salary), Some(Kind::Salary)];
    let found = find_salary(&["Salary", "95,000 - 110,000"], &kinds, 0).unwrap();
    assert_eq!((units(found.min), units(found.max)), (95_000, 110_000));
}

#[test]
fn a_lone_yearly_figure_in_an_offer_is_the_salary() {
    let kinds = [Some(Kind::Benefits)];
    let found = find_salary(&["What we offer: £55,000, 28 days' holiday"], &kinds, 0).unwrap();
    assert_eq!(
        (units(found.min), units(found.max), found.currency.as_str()),
        (55_000, 55_000, "GBP")
    );
    let found = find_salary(&["A $2,500 yearly wellness allowance"], &kinds, 0);
    assert_eq!(found, None);
}

#[test]
fn a_code_after_a_dollar_figure_names_the_dollar() {
    let line =
        "The range is $165,000 - $195,000 USD in the US and CAD 185,000 - 215,000 in Canada.";
    assert_eq!(in_posting(&[line]), yearly(165_000, 195_000, "USD"));
    assert_eq!(
        salary("$55–$65 per hour (CAD)").map(|s| s.2),
        Some("CAD".to_owned())
    );
}

#[test]
fn a_yearly_figure_too_small_for_a_year_is_rejected() {
    assert_eq!(in_posting(&["Salary: $5,000 per year"]), None);
}

#[test]
fn a_multiplier_that_lower_cases_to_k_is_read_by_its_own_length() {
    // The Kelvin sign (three bytes) lower-cases to "k"; reading on after one byte split it.
    for text in [
        "$120\u{212A}-$150\u{212A}",
        "Salary: 90\u{212A} a year",
        "18\u{212A}+ USD",
    ] {
        let _ = parse_salary(text);
        let _ = find_salary(&[text], &[None], 0);
    }
    assert_eq!(
        parse_salary("$120\u{212A} - $150\u{212A}").map(|s| s.whole()),
        Some((120_000, 150_000))
    );
}

#[test]
fn cents_are_kept() {
    let hour = SalaryPeriod::Hour;
    assert_eq!(
        bounds("$62.00 - $78.50 per hour"),
        open(Some("62"), Some("78.50"), "USD", hour)
    );
    assert_eq!(
        bounds("$18.75 - $22.40"),
        open(Some("18.75"), Some("22.40"), "USD", hour)
    );
    assert_eq!(
        bounds("$45.50/hr"),
        open(Some("45.50"), Some("45.50"), "USD", hour)
    );
}

#[test]
fn up_to_and_starting_at_give_one_bound() {
    let year = SalaryPeriod::Year;
    assert_eq!(
        bounds("up to $150k"),
        open(None, Some("150000"), "USD", year)
    );
    assert_eq!(
        bounds("Up to £45k per annum"),
        open(None, Some("45000"), "GBP", year)
    );
    assert_eq!(
        bounds("Starting at $52,000 a year"),
        open(Some("52000"), None, "USD", year)
    );
    assert_eq!(
        bounds("from £30,000"),
        open(Some("30000"), None, "GBP", year)
    );
    assert_eq!(bounds("$52,000+"), open(Some("52000"), None, "USD", year));
    assert_eq!(
        bounds("$95,000"),
        open(Some("95000"), Some("95000"), "USD", year)
    );
}

#[test]
fn a_weight_is_no_salary_even_with_up_to() {
    for line in [
        "Able to lift up to 50 pounds",
        "Must lift up to 50 lbs repeatedly",
        "Starting at 6am on weekdays",
    ] {
        assert_eq!(find_salary(&[line], &[None], 0), None, "{line}");
    }
}
