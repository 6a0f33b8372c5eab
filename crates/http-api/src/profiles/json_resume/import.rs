//! JSON Resume document → new profile, every problem reported at its path.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use tailor_domain::profile::{
    Certification, Education, Experience, Language, NewProfile, PersonalInfo, Project, Skills,
    item_id,
};
use tailor_domain::profile::{
    MAX_CERTIFICATIONS, MAX_CUSTOM_FIELDS, MAX_DESCRIPTION_LEN, MAX_EDUCATION, MAX_EXPERIENCES,
    MAX_ID_LEN, MAX_LANGUAGES, MAX_LIST_ITEMS, MAX_PHONE_LEN, MAX_PROJECTS, MAX_SKILL_LEN,
    MAX_SOFT_SKILLS, MAX_SUMMARY_LEN, MAX_TECHNICAL_SKILLS, MAX_URL_LEN, check_custom_field,
    dedupe,
};

use tailor_domain::user::{EMAIL_MAX_LEN, Email};

use super::export::proficiency;
use super::format::*;

pub(super) const DATE_FORMAT_MESSAGE: &str =
    "Input should be a date as YYYY, YYYY-MM or YYYY-MM-DD";

/// Expands an ISO-8601 partial date: `YYYY` → `YYYY-01-01`, `YYYY-MM` → `YYYY-MM-01`,
/// `YYYY-MM-DD` as is.
///
/// # Errors
/// Any other shape, or a day that is not on the calendar.
pub(crate) fn expand_partial_date(raw: &str) -> Result<String, String> {
    let shape_ok = |s: &str| {
        s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    };
    let full = match raw.len() {
        4 | 7 | 10 if !shape_ok(raw) => return Err(DATE_FORMAT_MESSAGE.into()),
        4 => format!("{raw}-01-01"),
        7 => format!("{raw}-01"),
        10 => raw.to_owned(),
        _ => return Err(DATE_FORMAT_MESSAGE.into()),
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map(|_| full)
        .map_err(|_| "Input should be a valid calendar date".into())
}

/// Reads a JSON Resume document into a new profile. Ids found in `x-id` keys are kept (a
/// repeated id gets a new one); items without ids get new ones.
///
/// # Errors
/// Every problem found, each at the path of the value at fault.
pub(crate) fn import(doc: &Value) -> Result<NewProfile, Vec<ImportError>> {
    let mut r = Reader::default();
    let Some(doc) = r.object(doc, &[]) else {
        return Err(r.errors);
    };
    let personal = r.basics(doc);
    let professional_summary = doc
        .get("basics")
        .and_then(Value::as_object)
        .and_then(|b| r.text(b, "summary", &path(&["basics"]), MAX_SUMMARY_LEN));
    let experiences = r.section(doc, "work", MAX_EXPERIENCES, Reader::experience);
    let education = r.section(doc, "education", MAX_EDUCATION, Reader::education);
    let projects = r.section(doc, "projects", MAX_PROJECTS, Reader::project);
    let (technical, soft) = r.skills(doc);
    let languages = r.languages(doc);
    let certifications = r.section(
        doc,
        "certificates",
        MAX_CERTIFICATIONS,
        Reader::certification,
    );
    let custom_fields = r.custom_fields(doc);
    let skills = Skills {
        technical,
        soft,
        languages,
        certifications,
    };
    let skills = match skills.normalized() {
        Ok(s) => s,
        Err(e) => {
            r.fail(path(&["skills"]), e);
            Skills::default()
        }
    };
    match personal {
        Some(personal_info) if r.errors.is_empty() => Ok(NewProfile {
            personal_info,
            professional_summary,
            skills,
            experiences,
            education,
            projects,
            custom_fields,
        }),
        _ => Err(r.errors),
    }
}

pub(super) fn path(keys: &[&str]) -> Vec<PathItem> {
    keys.iter().map(|k| PathItem::from(*k)).collect()
}

pub(super) fn at(path: &[PathItem], item: impl Into<PathItem>) -> Vec<PathItem> {
    let mut p = path.to_vec();
    p.push(item.into());
    p
}

pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The value under `key`; `null` counts as absent.
pub(super) fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

pub(super) fn too_long_list(max: usize, len: usize) -> String {
    format!("List should have at most {max} items after validation, not {len}")
}

pub(super) fn too_long_string(max: usize) -> String {
    format!("String should have at most {max} characters")
}

pub(super) fn means_present(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "present" | "current" | "now"
    )
}

/// A GPA on the 4.0 scale: `3.7`, `3.67/4.0`, `3.5 / 4`.
pub(super) fn parse_gpa(raw: &str) -> Option<f64> {
    let number = match raw.split_once('/') {
        Some((number, scale)) => {
            let scale: f64 = scale.trim().parse().ok()?;
            if scale != 4.0 {
                return None;
            }
            number
        }
        None => raw,
    };
    let gpa: f64 = number.trim().parse().ok()?;
    (gpa.is_finite() && (0.0..=4.0).contains(&gpa)).then_some(gpa)
}

/// Reads one object of a list section, given its path and the ids seen so far.
pub(super) type ReadItem<T> =
    fn(&mut Reader, &Map<String, Value>, &[PathItem], &mut HashSet<String>) -> Option<T>;

/// A link found in `basics.profiles`, with the index of its entry.
pub(super) type Found = Option<(usize, String)>;

#[derive(Default)]
pub(super) struct Reader {
    errors: Vec<ImportError>,
}

impl Reader {
    /// The item when the profile rule accepted it; otherwise the rule's message is
    /// reported at the item's path.
    fn ruled<T>(&mut self, checked: Result<T, String>, p: &[PathItem]) -> Option<T> {
        checked.map_err(|e| self.fail(p.to_vec(), e)).ok()
    }

    fn fail(&mut self, path: Vec<PathItem>, message: impl Into<String>) {
        self.errors.push(ImportError {
            path,
            message: message.into(),
        });
    }

    fn object<'a>(
        &mut self,
        value: &'a Value,
        path: &[PathItem],
    ) -> Option<&'a Map<String, Value>> {
        if let Value::Object(m) = value {
            Some(m)
        } else {
            self.fail(path.to_vec(), "Input should be a valid dictionary");
            None
        }
    }

    /// A single-line string, trimmed; blank counts as absent.
    fn string(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &[PathItem],
        max: usize,
    ) -> Option<String> {
        match get(obj, key) {
            None => None,
            Some(Value::String(s)) => {
                let s = s.trim();
                if s.is_empty() {
                    None
                } else if chars(s) > max {
                    self.fail(at(path, key), too_long_string(max));
                    None
                } else {
                    Some(s.to_owned())
                }
            }
            Some(_) => {
                self.fail(at(path, key), "Input should be a valid string");
                None
            }
        }
    }

    /// A string that must be present and not blank.
    fn required(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &[PathItem],
        max: usize,
    ) -> Option<String> {
        match get(obj, key) {
            None => {
                self.fail(at(path, key), "Field required");
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.fail(at(path, key), "String should have at least 1 character");
                None
            }
            Some(_) => self.string(obj, key, path, max),
        }
    }

    /// A free text (kept as written); blank counts as absent.
    fn text(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &[PathItem],
        max: usize,
    ) -> Option<String> {
        match get(obj, key) {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) if chars(s) > max => {
                self.fail(at(path, key), too_long_string(max));
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.fail(at(path, key), "Input should be a valid string");
                None
            }
        }
    }

    fn boolean(&mut self, obj: &Map<String, Value>, key: &str, path: &[PathItem]) -> Option<bool> {
        match get(obj, key) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.fail(at(path, key), "Input should be a valid boolean");
                None
            }
        }
    }

    /// An optional partial date, expanded to `YYYY-MM-DD`.
    fn date(&mut self, obj: &Map<String, Value>, key: &str, path: &[PathItem]) -> Option<String> {
        match get(obj, key) {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => match expand_partial_date(s.trim()) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(at(path, key), e);
                    None
                }
            },
            Some(_) => {
                self.fail(at(path, key), "Input should be a valid string");
                None
            }
        }
    }

    fn required_date(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &[PathItem],
    ) -> Option<String> {
        match get(obj, key) {
            None => {
                self.fail(at(path, key), "Field required");
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.fail(at(path, key), DATE_FORMAT_MESSAGE);
                None
            }
            Some(_) => self.date(obj, key, path),
        }
    }

    /// An optional array of at most `max` items (absent reads as empty).
    fn array<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        key: &str,
        path: &[PathItem],
        max: usize,
    ) -> &'a [Value] {
        match get(obj, key) {
            None => &[],
            Some(Value::Array(items)) if items.len() > max => {
                self.fail(at(path, key), too_long_list(max, items.len()));
                &[]
            }
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.fail(at(path, key), "Input should be a valid list");
                &[]
            }
        }
    }

    /// A list of strings, trimmed; blank entries are dropped.
    fn strings(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &[PathItem],
        max_items: usize,
        max_len: usize,
    ) -> Vec<String> {
        let list_path = at(path, key);
        let mut out = Vec::new();
        for (i, item) in self.array(obj, key, path, max_items).iter().enumerate() {
            match item {
                Value::String(s) if s.trim().is_empty() => {}
                Value::String(s) if chars(s.trim()) > max_len => {
                    self.fail(at(&list_path, i), too_long_string(max_len));
                }
                Value::String(s) => out.push(s.trim().to_owned()),
                _ => self.fail(at(&list_path, i), "Input should be a valid string"),
            }
        }
        out
    }

    /// The item's `x-id`, or a new id when it has none or repeats one seen before.
    fn item_id(
        &mut self,
        obj: &Map<String, Value>,
        path: &[PathItem],
        seen: &mut HashSet<String>,
    ) -> String {
        let given = self.string(obj, X_ID, path, MAX_ID_LEN);
        match given {
            Some(id) if seen.insert(id.clone()) => id,
            _ => {
                let id = item_id(None);
                seen.insert(id.clone());
                id
            }
        }
    }

    /// A list section read item by item; items with problems are left out (and reported).
    fn section<T>(
        &mut self,
        doc: &Map<String, Value>,
        key: &str,
        max: usize,
        read: ReadItem<T>,
    ) -> Vec<T> {
        let root = path(&[key]);
        let mut ids = HashSet::new();
        let mut out = Vec::new();
        for (i, item) in self.array(doc, key, &[], max).iter().enumerate() {
            let item_path = at(&root, i);
            let Some(obj) = self.object(item, &item_path) else {
                continue;
            };
            let before = self.errors.len();
            if let Some(value) = read(self, obj, &item_path, &mut ids)
                && self.errors.len() == before
            {
                out.push(value);
            }
        }
        out
    }

    fn basics(&mut self, doc: &Map<String, Value>) -> Option<PersonalInfo> {
        let p = path(&["basics"]);
        let Some(value) = get(doc, "basics") else {
            self.fail(p, "Field required");
            return None;
        };
        let b = self.object(value, &p)?;
        let before = self.errors.len();
        let full_name = self.required(b, "name", &p, MAX_SHORT_TEXT);
        let email = self.required(b, "email", &p, EMAIL_MAX_LEN);
        if let Some(email) = &email
            && let Err(reason) = Email::parse(email)
        {
            self.fail(
                at(&p, "email"),
                format!("value is not a valid email address: {reason}"),
            );
        }
        let phone = self.string(b, "phone", &p, MAX_PHONE_LEN);
        let website = self.string(b, "url", &p, MAX_URL_LEN);
        let location = self.location(b, &p);
        let (linkedin, github) = self.social_profiles(b, &p);
        let (Some(full_name), Some(email)) = (full_name, email) else {
            return None;
        };
        if self.errors.len() > before {
            return None;
        }
        let info = PersonalInfo {
            full_name,
            email,
            phone,
            location,
            linkedin: linkedin.as_ref().map(|(_, url)| url.clone()),
            github: github.as_ref().map(|(_, url)| url.clone()),
            website,
        };
        match info.normalized() {
            Ok(info) => Some(info),
            Err(message) => {
                let field = message.split_whitespace().next().unwrap_or_default();
                let profile_url = |found: &Found| {
                    found.as_ref().map_or_else(
                        || at(&p, "profiles"),
                        |(i, _)| at(&at(&at(&p, "profiles"), *i), "url"),
                    )
                };
                let target = match field {
                    "full_name" => at(&p, "name"),
                    "email" => at(&p, "email"),
                    "phone" => at(&p, "phone"),
                    "website" => at(&p, "url"),
                    "linkedin" => profile_url(&linkedin),
                    "github" => profile_url(&github),
                    _ => p.clone(),
                };
                self.fail(target, message);
                None
            }
        }
    }

    /// `basics.location`: `city, region, countryCode` when any is given, else `address`.
    fn location(&mut self, b: &Map<String, Value>, p: &[PathItem]) -> Option<String> {
        let lp = at(p, "location");
        let loc = self.object(get(b, "location")?, &lp)?;
        let mut parts = Vec::new();
        for key in ["city", "region", "countryCode"] {
            if let Some(part) = self.string(loc, key, &lp, MAX_SHORT_TEXT) {
                parts.push(part);
            }
        }
        let address = self.string(loc, "address", &lp, MAX_SHORT_TEXT);
        let location = if parts.is_empty() {
            address?
        } else {
            parts.join(", ")
        };
        if chars(&location) > MAX_SHORT_TEXT {
            self.fail(lp, too_long_string(MAX_SHORT_TEXT));
            return None;
        }
        Some(location)
    }

    /// The first LinkedIn and GitHub entries of `basics.profiles`.
    fn social_profiles(&mut self, b: &Map<String, Value>, p: &[PathItem]) -> (Found, Found) {
        let pp = at(p, "profiles");
        let mut linkedin = None;
        let mut github = None;
        for (i, item) in self
            .array(b, "profiles", p, MAX_PROFILES)
            .iter()
            .enumerate()
        {
            let ip = at(&pp, i);
            let Some(obj) = self.object(item, &ip) else {
                continue;
            };
            let network = self.string(obj, "network", &ip, MAX_SHORT_TEXT);
            let url = self.string(obj, "url", &ip, MAX_URL_LEN);
            let username = self.string(obj, "username", &ip, MAX_SHORT_TEXT);
            let (slot, base) = match network.as_deref().map(str::to_lowercase).as_deref() {
                Some("linkedin") => (&mut linkedin, "https://www.linkedin.com/in/"),
                Some("github") => (&mut github, "https://github.com/"),
                _ => continue,
            };
            if slot.is_some() {
                continue;
            }
            if let Some(url) = url.or_else(|| username.map(|u| format!("{base}{u}"))) {
                *slot = Some((i, url));
            }
        }
        (linkedin, github)
    }

    fn experience(
        &mut self,
        obj: &Map<String, Value>,
        p: &[PathItem],
        ids: &mut HashSet<String>,
    ) -> Option<Experience> {
        let before = self.errors.len();
        let id = self.item_id(obj, p, ids);
        let company = self.required(obj, "name", p, MAX_SHORT_TEXT);
        let title = self.required(obj, "position", p, MAX_SHORT_TEXT);
        let location = self.string(obj, "location", p, MAX_SHORT_TEXT);
        let start_date = self.required_date(obj, "startDate", p);
        let end_date = match get(obj, "endDate") {
            Some(Value::String(s)) if means_present(s) => None,
            _ => self.date(obj, "endDate", p),
        };
        let is_current = self
            .boolean(obj, X_CURRENT, p)
            .unwrap_or(end_date.is_none());
        let description = match self.text(obj, "summary", p, MAX_DESCRIPTION_LEN) {
            Some(summary) => Some(summary),
            None => self.text(obj, "description", p, MAX_DESCRIPTION_LEN),
        };
        let enhanced_description = self.text(obj, X_ENHANCED_SUMMARY, p, MAX_DESCRIPTION_LEN);
        let achievements = self.strings(obj, "highlights", p, MAX_LIST_ITEMS, MAX_ACHIEVEMENT_LEN);
        if let (Some(start), Some(end)) = (&start_date, &end_date) {
            if is_current {
                self.fail(at(p, "endDate"), "Current position cannot have end date");
            } else if start > end {
                self.fail(at(p, "endDate"), "Start date cannot be after end date");
            }
        }
        let (Some(company), Some(title), Some(start_date)) = (company, title, start_date) else {
            return None;
        };
        if self.errors.len() > before {
            return None;
        }
        let experience = Experience {
            id,
            title,
            company,
            location,
            start_date,
            end_date,
            is_current,
            description,
            enhanced_description,
            achievements,
        };
        let checked = experience.check().map(|()| experience);
        self.ruled(checked, p)
    }

    fn education(
        &mut self,
        obj: &Map<String, Value>,
        p: &[PathItem],
        ids: &mut HashSet<String>,
    ) -> Option<Education> {
        let before = self.errors.len();
        let id = self.item_id(obj, p, ids);
        let institution = self.required(obj, "institution", p, MAX_SHORT_TEXT);
        let field_of_study = self
            .string(obj, "area", p, MAX_SHORT_TEXT)
            .unwrap_or_else(|| UNSPECIFIED.to_owned());
        let degree = self
            .string(obj, "studyType", p, MAX_SHORT_TEXT)
            .unwrap_or_else(|| UNSPECIFIED.to_owned());
        let start_date = self.required_date(obj, "startDate", p);
        let end_date = self.date(obj, "endDate", p);
        let mut honors = self.strings(obj, X_HONORS, p, MAX_LIST_ITEMS, MAX_HONOR_LEN);
        let score = match get(obj, "score") {
            None => None,
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(_) => {
                self.fail(at(p, "score"), "Input should be a valid string");
                None
            }
        };
        let mut gpa = None;
        if let Some(score) = score {
            if let Some(value) = parse_gpa(&score) {
                gpa = Some(value);
            } else if chars(&score) + chars(SCORE_PREFIX) > MAX_HONOR_LEN {
                self.fail(at(p, "score"), too_long_string(MAX_HONOR_LEN));
            } else if honors.len() >= MAX_LIST_ITEMS {
                self.fail(
                    at(p, "score"),
                    format!(
                        "A score that is not a GPA is kept as an honor, and there are already \
                         {MAX_LIST_ITEMS} honors"
                    ),
                );
            } else {
                honors.push(format!("{SCORE_PREFIX}{score}"));
            }
        }
        if let (Some(start), Some(end)) = (&start_date, &end_date)
            && start >= end
        {
            self.fail(at(p, "endDate"), "Start date must be before end date");
        }
        let (Some(institution), Some(start_date)) = (institution, start_date) else {
            return None;
        };
        if self.errors.len() > before {
            return None;
        }
        let education = Education {
            id,
            institution,
            degree,
            field_of_study,
            start_date,
            end_date,
            gpa,
            honors,
        };
        let checked = education.check().map(|()| education);
        self.ruled(checked, p)
    }

    fn project(
        &mut self,
        obj: &Map<String, Value>,
        p: &[PathItem],
        ids: &mut HashSet<String>,
    ) -> Option<Project> {
        let before = self.errors.len();
        let id = self.item_id(obj, p, ids);
        let name = self.required(obj, "name", p, MAX_SHORT_TEXT);
        let description = self.text(obj, "description", p, MAX_PROJECT_DESCRIPTION);
        let highlights = self.strings(obj, "highlights", p, MAX_LIST_ITEMS, MAX_ACHIEVEMENT_LEN);
        let enhanced_description = self.text(obj, X_ENHANCED_DESCRIPTION, p, MAX_DESCRIPTION_LEN);
        let technologies = self.strings(obj, "keywords", p, MAX_LIST_ITEMS, MAX_SKILL_LEN);
        let url = self.string(obj, "url", p, MAX_PROJECT_URL);
        let start_date = self.date(obj, "startDate", p);
        let end_date = self.date(obj, "endDate", p);
        if let (Some(start), Some(end)) = (&start_date, &end_date)
            && start > end
        {
            self.fail(at(p, "endDate"), "Start date cannot be after end date");
        }
        let name = name?;
        // The profile has no project highlights: they join the description as bullet lines.
        let mut lines: Vec<String> = description.into_iter().collect();
        lines.extend(highlights.iter().map(|h| format!("- {h}")));
        let description = if lines.is_empty() {
            name.clone()
        } else {
            lines.join("\n")
        };
        if chars(&description) > MAX_PROJECT_DESCRIPTION {
            self.fail(
                p.to_vec(),
                format!(
                    "description and highlights together should have at most \
                     {MAX_PROJECT_DESCRIPTION} characters"
                ),
            );
        }
        if self.errors.len() > before {
            return None;
        }
        let project = Project {
            id,
            name,
            description,
            enhanced_description,
            technologies,
            url,
            start_date,
            end_date,
        };
        self.ruled(project.normalized(), p)
    }

    fn certification(
        &mut self,
        obj: &Map<String, Value>,
        p: &[PathItem],
        ids: &mut HashSet<String>,
    ) -> Option<Certification> {
        let before = self.errors.len();
        let id = self.item_id(obj, p, ids);
        let name = self.required(obj, "name", p, MAX_CERTIFICATION_NAME);
        let issuer = self
            .string(obj, "issuer", p, MAX_SHORT_TEXT)
            .unwrap_or_else(|| UNSPECIFIED.to_owned());
        let date_obtained = self.required_date(obj, "date", p);
        let expiry_date = self.date(obj, X_EXPIRY_DATE, p);
        let credential_id = self.string(obj, X_CREDENTIAL_ID, p, MAX_ID_LEN);
        if let (Some(obtained), Some(expiry)) = (&date_obtained, &expiry_date)
            && expiry < obtained
        {
            self.fail(
                at(p, X_EXPIRY_DATE),
                "expiry date cannot be before the date obtained",
            );
        }
        let (Some(name), Some(date_obtained)) = (name, date_obtained) else {
            return None;
        };
        if self.errors.len() > before {
            return None;
        }
        let certification = Certification {
            id,
            name,
            issuer,
            date_obtained,
            expiry_date,
            credential_id,
        };
        let checked = certification.check().map(|()| certification);
        self.ruled(checked, p)
    }

    /// `skills[]` → (technical, soft), de-duplicated.
    fn skills(&mut self, doc: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
        let root = path(&["skills"]);
        let mut technical = Vec::new();
        let mut soft = Vec::new();
        let max_entries = MAX_TECHNICAL_SKILLS + MAX_SOFT_SKILLS;
        for (i, item) in self
            .array(doc, "skills", &[], max_entries)
            .iter()
            .enumerate()
        {
            let ip = at(&root, i);
            let Some(obj) = self.object(item, &ip) else {
                continue;
            };
            let name = self.string(obj, "name", &ip, MAX_SKILL_LEN);
            let keywords = self.strings(obj, "keywords", &ip, MAX_TECHNICAL_SKILLS, MAX_SKILL_LEN);
            let category = name.as_deref().map(|n| {
                let n = n.to_lowercase();
                let n = n.strip_suffix(" skills").unwrap_or(&n);
                n.strip_suffix(" skill").unwrap_or(n).to_owned()
            });
            let target = if category.as_deref() == Some("soft") {
                &mut soft
            } else {
                &mut technical
            };
            if !keywords.is_empty() {
                target.extend(keywords);
            } else if let Some(name) = name
                && !matches!(category.as_deref(), Some("soft" | "technical"))
            {
                target.push(name);
            }
        }
        let technical = dedupe(technical);
        let soft = dedupe(soft);
        for (list, max, kind) in [
            (&technical, MAX_TECHNICAL_SKILLS, "technical"),
            (&soft, MAX_SOFT_SKILLS, "soft"),
        ] {
            if list.len() > max {
                self.fail(
                    root.clone(),
                    format!(
                        "at most {max} {kind} skills are allowed, not {}",
                        list.len()
                    ),
                );
            }
        }
        (technical, soft)
    }

    fn languages(&mut self, doc: &Map<String, Value>) -> Vec<Language> {
        let root = path(&["languages"]);
        let mut out = Vec::new();
        for (i, item) in self
            .array(doc, "languages", &[], MAX_LANGUAGES)
            .iter()
            .enumerate()
        {
            let ip = at(&root, i);
            let Some(obj) = self.object(item, &ip) else {
                continue;
            };
            let name = self.required(obj, "language", &ip, MAX_SKILL_LEN);
            let fluency = self.string(obj, "fluency", &ip, MAX_SHORT_TEXT);
            if let Some(name) = name {
                out.push(Language {
                    name,
                    proficiency: proficiency(fluency.as_deref()),
                });
            }
        }
        out
    }

    fn custom_fields(&mut self, doc: &Map<String, Value>) -> Map<String, Value> {
        let meta_path = path(&["meta"]);
        let Some(meta) = get(doc, "meta") else {
            return Map::new();
        };
        let Some(meta) = self.object(meta, &meta_path) else {
            return Map::new();
        };
        let p = at(&meta_path, X_CUSTOM_FIELDS);
        let Some(fields) = get(meta, X_CUSTOM_FIELDS) else {
            return Map::new();
        };
        let Some(fields) = self.object(fields, &p) else {
            return Map::new();
        };
        if fields.len() > MAX_CUSTOM_FIELDS {
            self.fail(
                p,
                format!(
                    "at most {MAX_CUSTOM_FIELDS} custom fields are allowed, not {}",
                    fields.len()
                ),
            );
            return Map::new();
        }
        let mut out = Map::new();
        for (key, value) in fields {
            match check_custom_field(key, value) {
                Ok(()) => {
                    out.insert(key.clone(), value.clone());
                }
                Err(e) => self.fail(at(&p, key.as_str()), e),
            }
        }
        out
    }
}
