//! Reading the profile's dates (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as month numbers, to
//! measure time in roles and order them. Anything else is unreadable and counts as unknown.

/// Months since year 0 (`year * 12 + month - 1`). A bare year reads as its January.
pub(crate) fn months(date: &str) -> Option<i64> {
    let mut parts = date.trim().split(['-', '/']);
    let year = parts.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    let month: i64 = match parts.next() {
        None => 1,
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
    };
    Some(year * 12 + month - 1)
}

/// Whole months from `start` to `end` (never negative), `None` if either is unreadable.
pub(crate) fn months_between(start: &str, end: &str) -> Option<i64> {
    Some((months(end)? - months(start)?).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_at_every_precision() {
        assert_eq!(months("2020-03-15"), Some(2020 * 12 + 2));
        assert_eq!(months("2020-03"), Some(2020 * 12 + 2));
        assert_eq!(months("2020"), Some(2020 * 12));
        assert_eq!(months("March 2020"), None);
        assert_eq!(months("2020-13-01"), None);
    }

    #[test]
    fn a_span_is_never_negative() {
        assert_eq!(months_between("2020-01-01", "2021-07-01"), Some(18));
        assert_eq!(months_between("2021-01-01", "2020-01-01"), Some(0));
        assert_eq!(months_between("2021-01-01", ""), None);
    }
}
