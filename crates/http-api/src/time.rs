//! Timestamps as the client reads them: naive UTC ISO-8601 without an offset, with
//! microseconds only when they are not zero (`2025-11-26T03:04:17.719057`).

use chrono::{DateTime, Timelike, Utc};

pub fn naive_iso(t: DateTime<Utc>) -> String {
    let micros = t.nanosecond() / 1_000;
    if micros == 0 {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        format!("{}.{micros:06}", t.format("%Y-%m-%dT%H:%M:%S"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_have_no_fraction_and_others_six_digits() {
        let t = DateTime::parse_from_rfc3339("2025-11-26T03:04:17Z")
            .unwrap()
            .to_utc();
        assert_eq!(naive_iso(t), "2025-11-26T03:04:17");
        let t = DateTime::parse_from_rfc3339("2025-11-26T03:04:17.0719Z")
            .unwrap()
            .to_utc();
        assert_eq!(naive_iso(t), "2025-11-26T03:04:17.071900");
    }
}
