//! The profile's business rules (the contract's second validation layer: failures answer
//! 422 with a string detail). Request-schema checks (types, required keys, lengths) happen
//! at the HTTP boundary before these run.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::model::{Certification, Education, Experience, PersonalInfo, Profile, Project, Skills};
use crate::user::Email;

pub const MAX_EXPERIENCES: usize = 100;
pub const MAX_EDUCATION: usize = 50;
pub const MAX_PROJECTS: usize = 100;
pub const MAX_TECHNICAL_SKILLS: usize = 200;
pub const MAX_SOFT_SKILLS: usize = 100;
pub const MAX_LANGUAGES: usize = 50;
pub const MAX_CERTIFICATIONS: usize = 100;
pub const MAX_LIST_ITEMS: usize = 50;
pub const MAX_SKILL_LEN: usize = 100;
pub const MAX_SUMMARY_LEN: usize = 2000;
pub const MAX_DESCRIPTION_LEN: usize = 2000;
pub const MAX_URL_LEN: usize = 200;
pub const MAX_PHONE_LEN: usize = 20;
pub const MAX_CUSTOM_FIELDS: usize = 50;
pub const MAX_CUSTOM_KEY_LEN: usize = 50;
/// Largest custom-field value, serialised.
pub const MAX_CUSTOM_VALUE_BYTES: usize = 10 * 1024;
pub const MAX_ID_LEN: usize = 100;

/// The years a date of a career can fall in (a start, an end, a certificate); anything
/// outside is a typing mistake (`0000-01-01`, `20244-...` cut short).
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses a `YYYY-MM-DD` calendar date between 1900 and 2100.
///
/// # Errors
/// A message naming `field`.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, String> {
    let well_formed = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!("{field} must be a date in YYYY-MM-DD format"));
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("{field} is not a valid date"))?;
    if !DATE_YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(format!(
            "{field} must be a date between {}-01-01 and {}-12-31",
            DATE_YEARS.start(),
            DATE_YEARS.end()
        ));
    }
    Ok(date)
}

fn optional_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, String> {
    value.map(|v| parse_date(field, v)).transpose()
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_id(id: &str) -> Result<(), String> {
    if chars(id) > MAX_ID_LEN {
        return Err(format!("id must be at most {MAX_ID_LEN} characters"));
    }
    Ok(())
}

fn check_list(
    field: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Result<(), String> {
    if items.len() > max_items {
        return Err(format!("{field} can have at most {max_items} entries"));
    }
    for (i, item) in items.iter().enumerate() {
        if item.trim().is_empty() {
            return Err(format!("{field}[{i}] must not be blank"));
        }
        if chars(item) > max_len {
            return Err(format!("{field}[{i}] must be at most {max_len} characters"));
        }
    }
    Ok(())
}

/// A link as users type it: `https://...`, `http://...`, or a bare domain such as
/// `linkedin.com/in/jane` (which gets `https://`).
fn normalize_link(field: &str, value: Option<String>) -> Result<Option<String>, String> {
    let Some(raw) = value else { return Ok(None) };
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if chars(v) > MAX_URL_LEN {
        return Err(format!("{field} must be at most {MAX_URL_LEN} characters"));
    }
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(Some(v.to_owned()));
    }
    if !v.contains(' ') && v.contains('.') {
        return Ok(Some(format!("https://{v}")));
    }
    Err(format!(
        "{field} must be a URL starting with http:// or https://"
    ))
}

impl PersonalInfo {
    /// Checks the rules and returns the normalised value (trimmed, links completed).
    ///
    /// # Errors
    /// The first broken rule.
    pub fn normalized(self) -> Result<Self, String> {
        let full_name = self.full_name.trim().to_owned();
        if full_name.is_empty() {
            return Err("full_name must not be blank".into());
        }
        let email = Email::parse(self.email.trim())
            .map_err(|e| format!("email is not a valid email address: {e}"))?;
        let phone = match self.phone.map(|p| p.trim().to_owned()) {
            Some(p) if p.is_empty() => None,
            Some(p) => {
                if chars(&p) > MAX_PHONE_LEN {
                    return Err(format!("phone must be at most {MAX_PHONE_LEN} characters"));
                }
                if !p.chars().any(|c| c.is_ascii_digit()) {
                    return Err("phone must contain at least one digit".into());
                }
                Some(p)
            }
            None => None,
        };
        Ok(Self {
            full_name,
            email: email.as_str().to_owned(),
            phone,
            location: self
                .location
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            linkedin: normalize_link("linkedin", self.linkedin)?,
            github: normalize_link("github", self.github)?,
            website: normalize_link("website", self.website)?,
        })
    }
}

/// The summary rule: at most 2000 characters.
///
/// # Errors
/// The text is too long.
pub fn check_summary(field: &str, summary: Option<&str>) -> Result<(), String> {
    match summary {
        Some(s) if chars(s) > MAX_SUMMARY_LEN => Err(format!(
            "{field} must be at most {MAX_SUMMARY_LEN} characters"
        )),
        _ => Ok(()),
    }
}

impl Experience {
    /// # Errors
    /// The first broken rule.
    pub fn check(&self) -> Result<(), String> {
        check_id(&self.id)?;
        let start = parse_date("start_date", &self.start_date)?;
        let end = optional_date("end_date", self.end_date.as_deref())?;
        if let Some(end) = end {
            if self.is_current {
                return Err("Current position cannot have end date".into());
            }
            if start > end {
                return Err("Start date cannot be after end date".into());
            }
        }
        for (field, text) in [
            ("description", &self.description),
            ("enhanced_description", &self.enhanced_description),
        ] {
            if text
                .as_deref()
                .is_some_and(|t| chars(t) > MAX_DESCRIPTION_LEN)
            {
                return Err(format!(
                    "{field} must be at most {MAX_DESCRIPTION_LEN} characters"
                ));
            }
        }
        check_list("achievements", &self.achievements, MAX_LIST_ITEMS, 500)
    }

    /// Two experiences are the same entry when title, company and start date match.
    pub fn same_entry(&self, other: &Self) -> bool {
        same_text(&self.title, &other.title)
            && same_text(&self.company, &other.company)
            && self.start_date == other.start_date
    }
}

impl Education {
    /// # Errors
    /// The first broken rule.
    pub fn check(&self) -> Result<(), String> {
        check_id(&self.id)?;
        let start = parse_date("start_date", &self.start_date)?;
        if let Some(end) = optional_date("end_date", self.end_date.as_deref())?
            && start >= end
        {
            return Err("Start date must be before end date".into());
        }
        if let Some(gpa) = self.gpa
            && !(0.0..=4.0).contains(&gpa)
        {
            return Err("gpa must be between 0.0 and 4.0".into());
        }
        check_list("honors", &self.honors, MAX_LIST_ITEMS, 200)
    }

    pub fn same_entry(&self, other: &Self) -> bool {
        same_text(&self.institution, &other.institution)
            && same_text(&self.degree, &other.degree)
            && same_text(&self.field_of_study, &other.field_of_study)
    }
}

impl Project {
    /// Checks the rules and completes a scheme-less URL (`github.com/x` becomes
    /// `http://github.com/x`).
    ///
    /// # Errors
    /// The first broken rule.
    pub fn normalized(mut self) -> Result<Self, String> {
        check_id(&self.id)?;
        if self.name.trim().is_empty() {
            return Err("name must not be blank".into());
        }
        if self.description.trim().is_empty() {
            return Err("description must not be blank".into());
        }
        for (field, text) in [
            ("description", Some(&self.description)),
            ("enhanced_description", self.enhanced_description.as_ref()),
        ] {
            if text.is_some_and(|t| chars(t) > MAX_DESCRIPTION_LEN) {
                return Err(format!(
                    "{field} must be at most {MAX_DESCRIPTION_LEN} characters"
                ));
            }
        }
        let start = optional_date("start_date", self.start_date.as_deref())?;
        let end = optional_date("end_date", self.end_date.as_deref())?;
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            return Err("Start date cannot be after end date".into());
        }
        check_list(
            "technologies",
            &self.technologies,
            MAX_LIST_ITEMS,
            MAX_SKILL_LEN,
        )?;
        self.url = match self.url.map(|u| u.trim().to_owned()) {
            Some(u) if u.is_empty() => None,
            Some(u) => {
                if chars(&u) > 500 {
                    return Err("url must be at most 500 characters".into());
                }
                let lower = u.to_ascii_lowercase();
                if !lower.starts_with("http://")
                    && !lower.starts_with("https://")
                    && (u.contains('.') || lower.starts_with("www."))
                {
                    Some(format!("http://{u}"))
                } else {
                    Some(u)
                }
            }
            None => None,
        };
        Ok(self)
    }

    pub fn same_entry(&self, other: &Self) -> bool {
        let head = |s: &str| s.chars().take(100).collect::<String>();
        same_text(&self.name, &other.name) && head(&self.description) == head(&other.description)
    }
}

impl Certification {
    /// # Errors
    /// The first broken rule.
    pub fn check(&self) -> Result<(), String> {
        check_id(&self.id)?;
        if self.name.trim().is_empty() || chars(&self.name) > 200 {
            return Err("name must have 1 to 200 characters".into());
        }
        if self.issuer.trim().is_empty() || chars(&self.issuer) > 100 {
            return Err("issuer must have 1 to 100 characters".into());
        }
        let obtained = parse_date("date_obtained", &self.date_obtained)?;
        if let Some(expiry) = optional_date("expiry_date", self.expiry_date.as_deref())?
            && expiry < obtained
        {
            return Err("expiry_date cannot be before date_obtained".into());
        }
        if self
            .credential_id
            .as_deref()
            .is_some_and(|c| chars(c) > 100)
        {
            return Err("credential_id must be at most 100 characters".into());
        }
        Ok(())
    }
}

impl Skills {
    /// Checks the rules and returns the lists trimmed, without repeated entries
    /// (compared case-insensitively, first spelling kept).
    ///
    /// # Errors
    /// The first broken rule.
    pub fn normalized(self) -> Result<Self, String> {
        let technical = dedupe(self.technical);
        let soft = dedupe(self.soft);
        check_list("technical", &technical, MAX_TECHNICAL_SKILLS, MAX_SKILL_LEN)?;
        check_list("soft", &soft, MAX_SOFT_SKILLS, MAX_SKILL_LEN)?;
        if self.languages.len() > MAX_LANGUAGES {
            return Err(format!(
                "languages can have at most {MAX_LANGUAGES} entries"
            ));
        }
        for (i, l) in self.languages.iter().enumerate() {
            if l.name.trim().is_empty() || chars(&l.name) > MAX_SKILL_LEN {
                return Err(format!(
                    "languages[{i}].name must have 1 to {MAX_SKILL_LEN} characters"
                ));
            }
        }
        if self.certifications.len() > MAX_CERTIFICATIONS {
            return Err(format!(
                "certifications can have at most {MAX_CERTIFICATIONS} entries"
            ));
        }
        for (i, c) in self.certifications.iter().enumerate() {
            c.check().map_err(|e| format!("certifications[{i}]: {e}"))?;
        }
        Ok(Self {
            technical,
            soft,
            languages: self.languages,
            certifications: self.certifications,
        })
    }
}

/// Equal ignoring case (Unicode) and surrounding spaces.
pub fn same_text(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Trims entries and drops repeats (case-insensitive), keeping the first spelling and order.
pub fn dedupe(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| s.is_empty() || seen.insert(s.to_lowercase()))
        .collect()
}

/// Checks a custom-field key and value.
///
/// # Errors
/// The first broken rule.
pub fn check_custom_field(key: &str, value: &Value) -> Result<(), String> {
    if key.trim().is_empty() || chars(key) > MAX_CUSTOM_KEY_LEN {
        return Err(format!(
            "custom field keys must have 1 to {MAX_CUSTOM_KEY_LEN} characters"
        ));
    }
    let size = serde_json::to_string(value).map_or(usize::MAX, |s| s.len());
    if size > MAX_CUSTOM_VALUE_BYTES {
        return Err(format!(
            "custom field {key:?} is larger than {MAX_CUSTOM_VALUE_BYTES} bytes"
        ));
    }
    Ok(())
}

/// # Errors
/// Too many fields or a broken field rule.
pub fn check_custom_fields(fields: &Map<String, Value>) -> Result<(), String> {
    if fields.len() > MAX_CUSTOM_FIELDS {
        return Err(format!(
            "at most {MAX_CUSTOM_FIELDS} custom fields are allowed"
        ));
    }
    fields
        .iter()
        .try_for_each(|(k, v)| check_custom_field(k, v))
}

impl Profile {
    /// Section sizes; checked after every change so that repeated bulk additions cannot
    /// grow a profile without bound.
    ///
    /// # Errors
    /// The first section over its limit.
    pub fn check_limits(&self) -> Result<(), String> {
        if self.experiences.len() > MAX_EXPERIENCES {
            return Err(format!(
                "a profile can have at most {MAX_EXPERIENCES} experiences"
            ));
        }
        if self.education.len() > MAX_EDUCATION {
            return Err(format!(
                "a profile can have at most {MAX_EDUCATION} education entries"
            ));
        }
        if self.projects.len() > MAX_PROJECTS {
            return Err(format!(
                "a profile can have at most {MAX_PROJECTS} projects"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::model::{Language, Proficiency};

    fn experience() -> Experience {
        Experience {
            id: "e1".into(),
            title: "Engineer".into(),
            company: "Acme".into(),
            location: None,
            start_date: "2020-01-01".into(),
            end_date: Some("2022-06-30".into()),
            is_current: false,
            description: None,
            enhanced_description: None,
            achievements: vec![],
        }
    }

    fn project() -> Project {
        Project {
            id: "p1".into(),
            name: "Tool".into(),
            description: "A tool".into(),
            enhanced_description: None,
            technologies: vec!["Rust".into()],
            url: None,
            start_date: None,
            end_date: None,
        }
    }

    #[test]
    fn dates_must_be_real_calendar_dates_in_iso_form() {
        assert!(parse_date("d", "2024-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "01/02/2024",
            "2024-01-01T00:00",
            "",
        ] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_outside_1900_to_2100_are_refused() {
        assert!(parse_date("d", "1900-01-01").is_ok());
        assert!(parse_date("d", "2100-12-31").is_ok());
        for bad in ["0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"] {
            let e = parse_date("start_date", bad).unwrap_err();
            assert!(
                e.contains("between 1900-01-01 and 2100-12-31"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn an_experience_cannot_end_before_it_starts_or_end_while_current() {
        assert!(experience().check().is_ok());
        let mut e = experience();
        e.end_date = Some("2019-12-31".into());
        assert_eq!(
            e.check().unwrap_err(),
            "Start date cannot be after end date"
        );
        let mut e = experience();
        e.is_current = true;
        assert_eq!(
            e.check().unwrap_err(),
            "Current position cannot have end date"
        );
        let mut e = experience();
        e.end_date = None;
        e.is_current = true;
        assert!(e.check().is_ok());
        let mut e = experience();
        e.description = Some("x".repeat(2001));
        assert!(e.check().is_err());
    }

    #[test]
    fn education_must_start_before_it_ends_and_may_have_no_end() {
        let mut ed = Education {
            id: "x".into(),
            institution: "U".into(),
            degree: "BSc".into(),
            field_of_study: "CS".into(),
            start_date: "2015-09-01".into(),
            end_date: None,
            gpa: Some(3.5),
            honors: vec![],
        };
        assert!(ed.check().is_ok());
        ed.end_date = Some("2015-09-01".into());
        assert_eq!(
            ed.check().unwrap_err(),
            "Start date must be before end date"
        );
        ed.end_date = Some("2019-06-01".into());
        ed.gpa = Some(4.5);
        assert!(ed.check().is_err());
    }

    #[test]
    fn project_urls_without_a_scheme_get_one_and_start_is_optional() {
        let mut p = project();
        p.url = Some("github.com/jane/tool".into());
        assert_eq!(
            p.normalized().unwrap().url.as_deref(),
            Some("http://github.com/jane/tool")
        );
        let mut p = project();
        p.url = Some("https://x.dev".into());
        assert_eq!(
            p.normalized().unwrap().url.as_deref(),
            Some("https://x.dev")
        );
        let mut p = project();
        p.start_date = Some("2022-01-01".into());
        p.end_date = Some("2021-01-01".into());
        assert!(p.normalized().is_err());
    }

    #[test]
    fn personal_links_accept_bare_domains_and_reject_non_urls() {
        let info = PersonalInfo {
            full_name: " Jane ".into(),
            email: "Jane@Example.com".into(),
            phone: Some("+1 555 0100".into()),
            location: None,
            linkedin: Some("linkedin.com/in/jane".into()),
            github: Some("https://github.com/jane".into()),
            website: None,
        };
        let n = info.clone().normalized().unwrap();
        assert_eq!(n.full_name, "Jane");
        assert_eq!(n.email, "Jane@example.com");
        assert_eq!(n.linkedin.as_deref(), Some("https://linkedin.com/in/jane"));
        let mut bad = info.clone();
        bad.website = Some("my site".into());
        assert!(bad.normalized().unwrap_err().contains("website"));
        let mut bad = info.clone();
        bad.phone = Some("call me".into());
        assert!(bad.normalized().is_err());
        let mut bad = info;
        bad.email = "not-an-email".into();
        assert!(bad.normalized().is_err());
    }

    #[test]
    fn skills_are_trimmed_deduplicated_and_bounded() {
        let s = Skills {
            technical: vec![" Rust ".into(), "rust".into(), "Go".into()],
            soft: vec![],
            languages: vec![Language {
                name: "English".into(),
                proficiency: Proficiency::Native,
            }],
            certifications: vec![],
        }
        .normalized()
        .unwrap();
        assert_eq!(s.technical, vec!["Rust", "Go"]);
        let blank = Skills {
            technical: vec!["  ".into()],
            ..Skills::default()
        };
        assert!(blank.normalized().is_err());
        let many = Skills {
            technical: (0..201).map(|i| format!("s{i}")).collect(),
            ..Skills::default()
        };
        assert!(many.normalized().is_err());
    }

    #[test]
    fn certifications_need_dates_in_order() {
        let mut c = Certification {
            id: "c".into(),
            name: "AWS SAA".into(),
            issuer: "AWS".into(),
            date_obtained: "2023-01-01".into(),
            expiry_date: Some("2026-01-01".into()),
            credential_id: None,
        };
        assert!(c.check().is_ok());
        c.expiry_date = Some("2022-01-01".into());
        assert!(c.check().is_err());
    }

    #[test]
    fn custom_fields_are_bounded() {
        assert!(check_custom_field("hobbies", &serde_json::json!(["chess"])).is_ok());
        assert!(check_custom_field("", &Value::Null).is_err());
        assert!(check_custom_field("big", &Value::String("x".repeat(20_000))).is_err());
    }
}
