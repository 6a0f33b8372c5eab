//! Export to and import from JSON Resume (<https://jsonresume.org>, schema v1.0.0).
//!
//! Mapping (profile → document):
//! - `basics`: `name`, `email`, `phone`, `url` (website), `summary` (professional summary),
//!   `location.address` (the location string), `profiles` (`LinkedIn` and `GitHub` links,
//!   with the last path segment as `username`).
//! - `work[]`, one entry per experience, so several roles at one employer stay separate:
//!   `name` (company), `position` (title), `location`, `startDate`, `endDate`, `summary`
//!   (description), `highlights` (achievements).
//! - `education[]`: `institution`, `area` (field of study), `studyType` (degree), `startDate`,
//!   `endDate`, `score` (the GPA as a string), `courses` (always empty).
//! - `projects[]`: `name`, `description`, `keywords` (technologies), `url`, `startDate`,
//!   `endDate`.
//! - `skills[]`: `{"name": "Technical", "keywords": [...]}` and
//!   `{"name": "Soft", "keywords": [...]}`.
//! - `languages[]`: `language`, `fluency` (`Native`, `Fluent`, `Conversational`, `Basic`).
//! - `certificates[]`: `name`, `issuer`, `date` (date obtained).
//! - `meta.lastModified`: when the profile last changed.
//!
//! What the standard has no place for travels in extension keys, which the schema allows on
//! every item and in `meta`: `x-id` on every work, education, project and certificate entry
//! (so a round trip keeps ids), `x-current` on work when it is not implied by `endDate`,
//! `x-enhancedSummary` (work) and `x-enhancedDescription` (projects), `x-honors` (education),
//! `x-expiryDate` and `x-credentialId` (certificates), and `meta.x-customFields`.
//!
//! Import reads the same mapping back and accepts documents written elsewhere: partial dates
//! (`YYYY` → `YYYY-01-01`, `YYYY-MM` → `YYYY-MM-01`), any skill categories (their keywords,
//! or the name of a category without keywords, become technical skills unless the category
//! is called `Soft`), free-text fluency, an `endDate` of `present`, a `score` that is not a
//! 4.0-scale GPA (kept as an honor), `location` given as city/region/country, and profiles
//! given by username only. Unknown keys are ignored; every problem is reported with the JSON
//! path of the value at fault.

use std::collections::HashSet;
use std::fmt;

use chrono::{NaiveDate, SecondsFormat};
use serde_json::{Map, Value, json};

use super::model::{
    Certification, Education, Experience, Language, NewProfile, PersonalInfo, Proficiency, Profile,
    Project, Skills, item_id,
};
use super::rules::{
    MAX_CERTIFICATIONS, MAX_CUSTOM_FIELDS, MAX_DESCRIPTION_LEN, MAX_EDUCATION, MAX_EXPERIENCES,
    MAX_ID_LEN, MAX_LANGUAGES, MAX_LIST_ITEMS, MAX_PHONE_LEN, MAX_PROJECTS, MAX_SKILL_LEN,
    MAX_SOFT_SKILLS, MAX_SUMMARY_LEN, MAX_TECHNICAL_SKILLS, MAX_URL_LEN, check_custom_field,
    dedupe,
};

use crate::user::{EMAIL_MAX_LEN, Email};

/// The `$schema` of exported documents.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

/// Names, titles, places: the bound the profile request schema puts on them.
const MAX_SHORT_TEXT: usize = 100;
/// A project description, as the profile request schema bounds it.
const MAX_PROJECT_DESCRIPTION: usize = 1000;
const MAX_PROJECT_URL: usize = 500;
const MAX_ACHIEVEMENT_LEN: usize = 500;
const MAX_HONOR_LEN: usize = 200;
const MAX_CERTIFICATION_NAME: usize = 200;
const MAX_PROFILES: usize = MAX_LIST_ITEMS;

const X_ID: &str = "x-id";
const X_CURRENT: &str = "x-current";
const X_ENHANCED_SUMMARY: &str = "x-enhancedSummary";
const X_ENHANCED_DESCRIPTION: &str = "x-enhancedDescription";
const X_HONORS: &str = "x-honors";
const X_EXPIRY_DATE: &str = "x-expiryDate";
const X_CREDENTIAL_ID: &str = "x-credentialId";
const X_CUSTOM_FIELDS: &str = "x-customFields";

const TECHNICAL: &str = "Technical";
const SOFT: &str = "Soft";
/// Degree or field of study of an education entry that does not name it.
const UNSPECIFIED: &str = "Unspecified";
const SCORE_PREFIX: &str = "Score: ";

/// One step of a path into a JSON document: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathItem {
    Key(String),
    Index(usize),
}

impl From<&str> for PathItem {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<usize> for PathItem {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

/// A problem with an imported document, at the path of the value at fault (empty for the
/// document itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub path: Vec<PathItem>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for item in &self.path {
            match item {
                PathItem::Key(k) if first => write!(f, "{k}")?,
                PathItem::Key(k) => write!(f, ".{k}")?,
                PathItem::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        if first {
            write!(f, "{}", self.message)
        } else {
            write!(f, ": {}", self.message)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

/// The profile as a JSON Resume document.
pub fn export(profile: &Profile) -> Value {
    let mut doc = Map::new();
    doc.insert("$schema".into(), SCHEMA_URL.into());
    doc.insert("basics".into(), export_basics(profile));
    doc.insert(
        "work".into(),
        profile.experiences.iter().map(export_work).collect(),
    );
    doc.insert(
        "education".into(),
        profile.education.iter().map(export_education).collect(),
    );
    doc.insert(
        "projects".into(),
        profile.projects.iter().map(export_project).collect(),
    );
    doc.insert("skills".into(), export_skills(&profile.skills));
    doc.insert(
        "languages".into(),
        profile
            .skills
            .languages
            .iter()
            .map(|l| json!({ "language": l.name, "fluency": fluency(l.proficiency) }))
            .collect(),
    );
    doc.insert(
        "certificates".into(),
        profile
            .skills
            .certifications
            .iter()
            .map(export_certificate)
            .collect(),
    );
    let mut meta = Map::new();
    meta.insert(
        "lastModified".into(),
        profile
            .updated_at
            .to_rfc3339_opts(SecondsFormat::Secs, true)
            .into(),
    );
    if !profile.custom_fields.is_empty() {
        meta.insert(
            X_CUSTOM_FIELDS.into(),
            Value::Object(profile.custom_fields.clone()),
        );
    }
    doc.insert("meta".into(), Value::Object(meta));
    Value::Object(doc)
}

/// Inserts `value` unless it is absent or blank.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
        map.insert(key.into(), v.into());
    }
}

fn strings(items: &[String]) -> Value {
    items.iter().map(|s| Value::from(s.as_str())).collect()
}

fn export_basics(profile: &Profile) -> Value {
    let info = &profile.personal_info;
    let mut b = Map::new();
    b.insert("name".into(), info.full_name.as_str().into());
    b.insert("email".into(), info.email.as_str().into());
    put(&mut b, "phone", info.phone.as_deref());
    put(&mut b, "url", info.website.as_deref());
    put(&mut b, "summary", profile.professional_summary.as_deref());
    if let Some(location) = info.location.as_deref().filter(|l| !l.trim().is_empty()) {
        b.insert("location".into(), json!({ "address": location }));
    }
    let profiles: Vec<Value> = [("LinkedIn", &info.linkedin), ("GitHub", &info.github)]
        .into_iter()
        .filter_map(|(network, url)| {
            let url = url.as_deref().filter(|u| !u.trim().is_empty())?;
            let mut p = Map::new();
            p.insert("network".into(), network.into());
            if let Some(username) = username(url) {
                p.insert("username".into(), username.into());
            }
            p.insert("url".into(), url.into());
            Some(Value::Object(p))
        })
        .collect();
    b.insert("profiles".into(), profiles.into());
    Value::Object(b)
}

/// The last path segment of a profile link (`https://github.com/jane` → `jane`).
fn username(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [_host, .., last] => Some(last),
        _ => None,
    }
}

fn export_work(e: &Experience) -> Value {
    let mut w = Map::new();
    w.insert(X_ID.into(), e.id.as_str().into());
    w.insert("name".into(), e.company.as_str().into());
    w.insert("position".into(), e.title.as_str().into());
    put(&mut w, "location", e.location.as_deref());
    w.insert("startDate".into(), e.start_date.as_str().into());
    put(&mut w, "endDate", e.end_date.as_deref());
    // Without `x-current`, an entry without an end date is read back as current.
    if e.is_current != e.end_date.is_none() {
        w.insert(X_CURRENT.into(), e.is_current.into());
    }
    put(&mut w, "summary", e.description.as_deref());
    put(
        &mut w,
        X_ENHANCED_SUMMARY,
        e.enhanced_description.as_deref(),
    );
    w.insert("highlights".into(), strings(&e.achievements));
    Value::Object(w)
}

fn export_education(e: &Education) -> Value {
    let mut m = Map::new();
    m.insert(X_ID.into(), e.id.as_str().into());
    m.insert("institution".into(), e.institution.as_str().into());
    m.insert("area".into(), e.field_of_study.as_str().into());
    m.insert("studyType".into(), e.degree.as_str().into());
    m.insert("startDate".into(), e.start_date.as_str().into());
    put(&mut m, "endDate", e.end_date.as_deref());
    if let Some(gpa) = e.gpa {
        m.insert("score".into(), format_gpa(gpa).into());
    }
    m.insert("courses".into(), Value::Array(vec![]));
    m.insert(X_HONORS.into(), strings(&e.honors));
    Value::Object(m)
}

/// `3.7` → `"3.7"`, `4.0` → `"4.0"`.
fn format_gpa(gpa: f64) -> String {
    if gpa.fract() == 0.0 {
        format!("{gpa:.1}")
    } else {
        gpa.to_string()
    }
}

fn export_project(p: &Project) -> Value {
    let mut m = Map::new();
    m.insert(X_ID.into(), p.id.as_str().into());
    m.insert("name".into(), p.name.as_str().into());
    m.insert("description".into(), p.description.as_str().into());
    put(
        &mut m,
        X_ENHANCED_DESCRIPTION,
        p.enhanced_description.as_deref(),
    );
    m.insert("keywords".into(), strings(&p.technologies));
    put(&mut m, "url", p.url.as_deref());
    put(&mut m, "startDate", p.start_date.as_deref());
    put(&mut m, "endDate", p.end_date.as_deref());
    Value::Object(m)
}

fn export_skills(skills: &Skills) -> Value {
    [(TECHNICAL, &skills.technical), (SOFT, &skills.soft)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(name, list)| json!({ "name": name, "keywords": strings(list) }))
        .collect()
}

fn export_certificate(c: &Certification) -> Value {
    let mut m = Map::new();
    m.insert(X_ID.into(), c.id.as_str().into());
    m.insert("name".into(), c.name.as_str().into());
    m.insert("issuer".into(), c.issuer.as_str().into());
    m.insert("date".into(), c.date_obtained.as_str().into());
    put(&mut m, X_EXPIRY_DATE, c.expiry_date.as_deref());
    put(&mut m, X_CREDENTIAL_ID, c.credential_id.as_deref());
    Value::Object(m)
}

fn fluency(p: Proficiency) -> &'static str {
    match p {
        Proficiency::Native => "Native",
        Proficiency::Fluent => "Fluent",
        Proficiency::Conversational => "Conversational",
        Proficiency::Basic => "Basic",
    }
}

/// Reads a free-text fluency (`Native speaker`, `Full professional proficiency`, `B2`, ...).
/// Text that names no level, or none at all, is read as basic.
fn proficiency(fluency: Option<&str>) -> Proficiency {
    let Some(text) = fluency else {
        return Proficiency::Basic;
    };
    if let Some(p) = Proficiency::parse(text) {
        return p;
    }
    let text = text.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |options: &[&str]| options.iter().any(|o| words.contains(o));
    if has(&["native", "bilingual", "mother"]) {
        Proficiency::Native
    } else if has(&["fluent", "fluency", "advanced", "proficient", "c1", "c2"])
        || text.contains("full professional")
        || text.contains("professional working")
    {
        Proficiency::Fluent
    } else if has(&["conversational", "intermediate", "working", "b1", "b2"]) {
        Proficiency::Conversational
    } else {
        Proficiency::Basic
    }
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

const DATE_FORMAT_MESSAGE: &str = "Input should be a date as YYYY, YYYY-MM or YYYY-MM-DD";

/// Expands an ISO-8601 partial date: `YYYY` → `YYYY-01-01`, `YYYY-MM` → `YYYY-MM-01`,
/// `YYYY-MM-DD` as is.
///
/// # Errors
/// Any other shape, or a day that is not on the calendar.
pub fn expand_partial_date(raw: &str) -> Result<String, String> {
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
pub fn import(doc: &Value) -> Result<NewProfile, Vec<ImportError>> {
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

fn path(keys: &[&str]) -> Vec<PathItem> {
    keys.iter().map(|k| PathItem::from(*k)).collect()
}

fn at(path: &[PathItem], item: impl Into<PathItem>) -> Vec<PathItem> {
    let mut p = path.to_vec();
    p.push(item.into());
    p
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The value under `key`; `null` counts as absent.
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn too_long_list(max: usize, len: usize) -> String {
    format!("List should have at most {max} items after validation, not {len}")
}

fn too_long_string(max: usize) -> String {
    format!("String should have at most {max} characters")
}

fn means_present(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "present" | "current" | "now"
    )
}

/// A GPA on the 4.0 scale: `3.7`, `3.67/4.0`, `3.5 / 4`.
fn parse_gpa(raw: &str) -> Option<f64> {
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
type ReadItem<T> =
    fn(&mut Reader, &Map<String, Value>, &[PathItem], &mut HashSet<String>) -> Option<T>;

/// A link found in `basics.profiles`, with the index of its entry.
type Found = Option<(usize, String)>;

#[derive(Default)]
struct Reader {
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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::user::UserId;

    /// A stored profile made of `new`, with a fixed id, owner and timestamps.
    fn profile_from(new: NewProfile) -> Profile {
        let at = Utc
            .with_ymd_and_hms(2024, 5, 1, 9, 30, 0)
            .single()
            .expect("valid instant");
        Profile {
            id: Uuid::from_u128(0x5eed),
            user_id: UserId::new(7),
            personal_info: new.personal_info,
            professional_summary: new.professional_summary,
            enhanced_professional_summary: None,
            enhancement_metadata: Map::new(),
            skills: new.skills,
            experiences: new.experiences,
            education: new.education,
            projects: new.projects,
            custom_fields: new.custom_fields,
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    fn imported(doc: &Value) -> NewProfile {
        match import(doc) {
            Ok(new) => new,
            Err(errors) => panic!("import failed: {errors:?}"),
        }
    }

    fn errors_of(doc: &Value) -> Vec<ImportError> {
        match import(doc) {
            Ok(_) => panic!("import should have failed"),
            Err(errors) => errors,
        }
    }

    fn p(items: &[PathItem]) -> Vec<PathItem> {
        items.to_vec()
    }

    fn k(key: &str) -> PathItem {
        PathItem::from(key)
    }

    fn i(index: usize) -> PathItem {
        PathItem::from(index)
    }

    fn minimal() -> Value {
        json!({ "basics": { "name": "Jane Doe", "email": "jane@example.com" } })
    }

    /// A document as another tool might write it, using every section the import reads.
    fn rich_document() -> Value {
        json!({
            "$schema": SCHEMA_URL,
            "basics": {
                "name": "Jane Doe",
                "label": "Staff Engineer",
                "email": "jane@example.com",
                "phone": "+1 555 0100",
                "url": "https://jane.dev",
                "summary": "Backend engineer with ten years of distributed systems work.",
                "location": { "city": "Berlin", "countryCode": "DE" },
                "profiles": [
                    { "network": "Twitter", "username": "jane" },
                    { "network": "LinkedIn", "url": "https://www.linkedin.com/in/jane-doe" },
                    { "network": "github", "username": "janedoe" }
                ]
            },
            "work": [
                {
                    "x-id": "exp-lead",
                    "name": "Acme",
                    "position": "Engineering Lead",
                    "location": "Berlin",
                    "startDate": "2022-03",
                    "summary": "Leads the platform team.",
                    "highlights": ["Cut p99 latency by 40%", "Hired six engineers"],
                    "unknownKey": { "ignored": true }
                },
                {
                    "name": "Acme",
                    "position": "Senior Engineer",
                    "startDate": "2020-06",
                    "endDate": "2022-02-28",
                    "x-enhancedSummary": "Owned the billing service end to end."
                },
                {
                    "name": "Acme",
                    "position": "Engineer",
                    "startDate": "2019",
                    "endDate": "2020-05",
                    "highlights": ["", "Shipped the first public API"]
                },
                {
                    "name": "Initech",
                    "position": "Contractor",
                    "startDate": "2018-01-15",
                    "x-current": false
                }
            ],
            "education": [
                {
                    "x-id": "edu-1",
                    "institution": "TU Berlin",
                    "area": "Computer Science",
                    "studyType": "MSc",
                    "startDate": "2015-10",
                    "endDate": "2017-09",
                    "score": "3.8/4.0",
                    "courses": ["Distributed Systems"],
                    "x-honors": ["Dean's list"]
                },
                {
                    "institution": "Open University",
                    "startDate": "2012",
                    "score": "First class"
                }
            ],
            "projects": [
                {
                    "x-id": "proj-1",
                    "name": "tailor",
                    "description": "Resume tailoring service.",
                    "keywords": ["Rust", "actix-web"],
                    "url": "github.com/jane/tailor",
                    "startDate": "2023",
                    "x-enhancedDescription": "A service that tailors resumes to job posts."
                },
                {
                    "name": "Talks",
                    "highlights": ["RustConf 2023", "FOSDEM 2024"]
                }
            ],
            "skills": [
                { "name": "Technical", "keywords": ["Rust", "PostgreSQL", "rust"] },
                { "name": "Web Development", "level": "Master", "keywords": ["HTML", "CSS"] },
                { "name": "Kubernetes" },
                { "name": "Soft skills", "keywords": ["Mentoring", "Writing"] }
            ],
            "languages": [
                { "language": "German", "fluency": "Native speaker" },
                { "language": "English", "fluency": "Full professional proficiency" },
                { "language": "Spanish", "fluency": "B1" },
                { "language": "Japanese" }
            ],
            "certificates": [
                {
                    "x-id": "cert-aws",
                    "name": "AWS Solutions Architect",
                    "issuer": "Amazon Web Services",
                    "date": "2021-04",
                    "x-expiryDate": "2024-04",
                    "x-credentialId": "AWS-123"
                },
                { "name": "CKA", "date": "2022" }
            ],
            "interests": [{ "name": "Chess" }],
            "meta": {
                "version": "v1",
                "x-customFields": {
                    "visa": "EU citizen",
                    "availability": { "noticeWeeks": 4, "remote": true }
                }
            }
        })
    }

    #[test]
    fn partial_dates_are_expanded_to_the_first_day_of_their_period() {
        assert_eq!(expand_partial_date("2019").unwrap(), "2019-01-01");
        assert_eq!(expand_partial_date("2020-06").unwrap(), "2020-06-01");
        assert_eq!(expand_partial_date("2024-02-29").unwrap(), "2024-02-29");
    }

    #[test]
    fn dates_of_any_other_shape_or_off_the_calendar_are_refused() {
        for bad in [
            "",
            "19",
            "2019-",
            "2019-6",
            "2020-6-1",
            "2020/06",
            "June 2020",
            "2020-13",
            "2023-02-29",
            "2020-06-01T00:00",
            "２０２０",
        ] {
            assert!(expand_partial_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn partial_dates_in_a_document_are_stored_as_full_dates() {
        let mut doc = minimal();
        doc["work"] = json!([
            { "name": "Acme", "position": "Engineer", "startDate": "2019", "endDate": "2020-06" }
        ]);
        doc["certificates"] = json!([{ "name": "CKA", "issuer": "CNCF", "date": "2022-03" }]);
        let new = imported(&doc);
        assert_eq!(new.experiences[0].start_date, "2019-01-01");
        assert_eq!(new.experiences[0].end_date.as_deref(), Some("2020-06-01"));
        assert!(!new.experiences[0].is_current);
        assert_eq!(new.skills.certifications[0].date_obtained, "2022-03-01");
    }

    #[test]
    fn a_bad_date_is_reported_at_its_path() {
        let mut doc = minimal();
        doc["work"] = json!([
            { "name": "A", "position": "P", "startDate": "2019" },
            { "name": "B", "position": "P", "startDate": "2019-02" },
            { "name": "C", "position": "P", "startDate": "02/2019" }
        ]);
        let errors = errors_of(&doc);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, p(&[k("work"), i(2), k("startDate")]));
        assert_eq!(errors[0].message, DATE_FORMAT_MESSAGE);
        assert_eq!(
            errors[0].to_string(),
            format!("work[2].startDate: {DATE_FORMAT_MESSAGE}")
        );
    }

    #[test]
    fn basics_name_and_a_valid_email_are_required_at_their_paths() {
        let errors = errors_of(&json!({ "basics": { "email": "not-an-email" } }));
        let paths: Vec<_> = errors.iter().map(|e| e.path.clone()).collect();
        assert_eq!(
            paths,
            vec![p(&[k("basics"), k("name")]), p(&[k("basics"), k("email")])]
        );
        assert_eq!(errors[0].message, "Field required");
        assert!(
            errors[1]
                .message
                .starts_with("value is not a valid email address")
        );

        let errors = errors_of(&json!({}));
        assert_eq!(errors[0].path, p(&[k("basics")]));
        let errors = errors_of(&json!([1, 2]));
        assert_eq!(errors[0].path, Vec::<PathItem>::new());
    }

    #[test]
    fn required_item_fields_are_reported_at_their_paths() {
        let mut doc = minimal();
        doc["work"] = json!([{ "name": "Acme" }]);
        doc["education"] = json!([{ "area": "CS" }]);
        doc["certificates"] = json!([{ "issuer": "CNCF" }]);
        doc["languages"] = json!([{ "fluency": "Native" }]);
        let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
        assert_eq!(
            paths,
            vec![
                p(&[k("work"), i(0), k("position")]),
                p(&[k("work"), i(0), k("startDate")]),
                p(&[k("education"), i(0), k("institution")]),
                p(&[k("education"), i(0), k("startDate")]),
                p(&[k("languages"), i(0), k("language")]),
                p(&[k("certificates"), i(0), k("name")]),
                p(&[k("certificates"), i(0), k("date")]),
            ]
        );
    }

    #[test]
    fn wrong_types_are_reported_at_their_paths() {
        let mut doc = minimal();
        doc["basics"]["phone"] = json!(5_550_100);
        doc["work"] = json!([
            { "name": "Acme", "position": "Eng", "startDate": "2020", "highlights": ["ok", 3] },
            "not an object"
        ]);
        doc["education"] = json!({ "institution": "TU" });
        doc["skills"] = json!([{ "name": "Technical", "keywords": "Rust" }]);
        let errors = errors_of(&doc);
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.path.clone(), e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    p(&[k("basics"), k("phone")]),
                    "Input should be a valid string"
                ),
                (
                    p(&[k("work"), i(0), k("highlights"), i(1)]),
                    "Input should be a valid string"
                ),
                (p(&[k("work"), i(1)]), "Input should be a valid dictionary"),
                (p(&[k("education")]), "Input should be a valid list"),
                (
                    p(&[k("skills"), i(0), k("keywords")]),
                    "Input should be a valid list"
                ),
            ]
        );
    }

    #[test]
    fn rule_violations_point_at_the_field_at_fault() {
        let mut doc = minimal();
        doc["basics"]["profiles"] = json!([{ "network": "LinkedIn", "url": "my profile" }]);
        doc["work"] = json!([
            { "name": "Acme", "position": "Eng", "startDate": "2021", "endDate": "2020" }
        ]);
        doc["education"] = json!([
            { "institution": "TU", "startDate": "2019", "endDate": "2019" }
        ]);
        doc["certificates"] = json!([
            { "name": "CKA", "date": "2022", "x-expiryDate": "2021" }
        ]);
        let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
        assert_eq!(
            paths,
            vec![
                p(&[k("basics"), k("profiles"), i(0), k("url")]),
                p(&[k("work"), i(0), k("endDate")]),
                p(&[k("education"), i(0), k("endDate")]),
                p(&[k("certificates"), i(0), k("x-expiryDate")]),
            ]
        );
    }

    #[test]
    fn lists_over_the_profile_limits_are_refused_at_the_list() {
        let mut doc = minimal();
        doc["work"] = (0..=MAX_EXPERIENCES)
            .map(|n| json!({ "name": format!("Co {n}"), "position": "Eng", "startDate": "2020" }))
            .collect();
        doc["skills"] = json!([{
            "name": "Technical",
            "keywords": (0..=MAX_TECHNICAL_SKILLS).map(|n| format!("skill {n}")).collect::<Vec<_>>(),
        }]);
        doc["meta"] = json!({
            "x-customFields": (0..=MAX_CUSTOM_FIELDS)
                .map(|n| (format!("k{n}"), json!(n)))
                .collect::<Map<String, Value>>()
        });
        let errors = errors_of(&doc);
        let paths: Vec<_> = errors.iter().map(|e| e.path.clone()).collect();
        assert_eq!(
            paths,
            vec![
                p(&[k("work")]),
                p(&[k("skills"), i(0), k("keywords")]),
                p(&[k("meta"), k("x-customFields")]),
            ]
        );
        assert_eq!(
            errors[0].message,
            "List should have at most 100 items after validation, not 101"
        );
    }

    #[test]
    fn over_long_text_is_refused_at_its_path() {
        let mut doc = minimal();
        doc["basics"]["summary"] = json!("x".repeat(MAX_SUMMARY_LEN + 1));
        doc["projects"] = json!([{ "name": "P", "description": "d".repeat(1001) }]);
        let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
        assert_eq!(
            paths,
            vec![
                p(&[k("basics"), k("summary")]),
                p(&[k("projects"), i(0), k("description")]),
            ]
        );
    }

    #[test]
    fn several_roles_at_one_employer_import_as_separate_experiences() {
        let new = imported(&rich_document());
        let acme: Vec<_> = new
            .experiences
            .iter()
            .filter(|e| e.company == "Acme")
            .map(|e| (e.title.as_str(), e.start_date.as_str()))
            .collect();
        assert_eq!(
            acme,
            vec![
                ("Engineering Lead", "2022-03-01"),
                ("Senior Engineer", "2020-06-01"),
                ("Engineer", "2019-01-01"),
            ]
        );
        let ids: HashSet<_> = new.experiences.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), new.experiences.len());
    }

    #[test]
    fn repeated_item_ids_get_new_ones_and_unknown_keys_are_ignored() {
        let mut doc = minimal();
        doc["work"] = json!([
            { "x-id": "same", "name": "Acme", "position": "Eng", "startDate": "2020", "foo": 1 },
            { "x-id": "same", "name": "Acme", "position": "Lead", "startDate": "2021" }
        ]);
        doc["volunteer"] = json!("anything");
        let new = imported(&doc);
        assert_eq!(new.experiences[0].id, "same");
        assert_ne!(new.experiences[1].id, "same");
    }

    #[test]
    fn export_writes_a_json_resume_document() {
        let profile = profile_from(imported(&rich_document()));
        let doc = export(&profile);
        assert_eq!(doc["$schema"], SCHEMA_URL);
        assert_eq!(doc["basics"]["name"], "Jane Doe");
        assert_eq!(doc["basics"]["url"], "https://jane.dev");
        assert_eq!(
            doc["basics"]["location"],
            json!({ "address": "Berlin, DE" })
        );
        assert_eq!(
            doc["basics"]["profiles"],
            json!([
                {
                    "network": "LinkedIn",
                    "username": "jane-doe",
                    "url": "https://www.linkedin.com/in/jane-doe"
                },
                { "network": "GitHub", "username": "janedoe", "url": "https://github.com/janedoe" }
            ])
        );
        assert_eq!(
            doc["work"][1],
            json!({
                "x-id": profile.experiences[1].id,
                "name": "Acme",
                "position": "Senior Engineer",
                "startDate": "2020-06-01",
                "endDate": "2022-02-28",
                "x-enhancedSummary": "Owned the billing service end to end.",
                "highlights": []
            })
        );
        assert_eq!(doc["work"][0].get("x-current"), None);
        assert_eq!(doc["work"][3]["x-current"], false);
        assert_eq!(doc["education"][0]["score"], "3.8");
        assert_eq!(doc["education"][0]["courses"], json!([]));
        assert_eq!(
            doc["skills"],
            json!([
                { "name": "Technical", "keywords": ["Rust", "PostgreSQL", "HTML", "CSS", "Kubernetes"] },
                { "name": "Soft", "keywords": ["Mentoring", "Writing"] }
            ])
        );
        assert_eq!(
            doc["languages"],
            json!([
                { "language": "German", "fluency": "Native" },
                { "language": "English", "fluency": "Fluent" },
                { "language": "Spanish", "fluency": "Conversational" },
                { "language": "Japanese", "fluency": "Basic" }
            ])
        );
        assert_eq!(
            doc["certificates"][0],
            json!({
                "x-id": "cert-aws",
                "name": "AWS Solutions Architect",
                "issuer": "Amazon Web Services",
                "date": "2021-04-01",
                "x-expiryDate": "2024-04-01",
                "x-credentialId": "AWS-123"
            })
        );
        assert_eq!(doc["meta"]["lastModified"], "2024-05-01T09:30:00Z");
        assert_eq!(doc["meta"]["x-customFields"]["visa"], "EU citizen");
    }

    #[test]
    fn export_then_import_then_export_gives_the_same_document() {
        let first = export(&profile_from(imported(&rich_document())));
        let second = export(&profile_from(imported(&first)));
        assert_eq!(first, second);

        // And the imported profile kept what the document said.
        let again = imported(&first);
        let info = &again.personal_info;
        assert_eq!(info.full_name, "Jane Doe");
        assert_eq!(info.email, "jane@example.com");
        assert_eq!(info.phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(info.location.as_deref(), Some("Berlin, DE"));
        assert_eq!(
            info.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/jane-doe")
        );
        assert_eq!(info.github.as_deref(), Some("https://github.com/janedoe"));
        assert_eq!(info.website.as_deref(), Some("https://jane.dev"));
        assert_eq!(
            again.professional_summary.as_deref(),
            Some("Backend engineer with ten years of distributed systems work.")
        );

        let work = &again.experiences;
        assert_eq!(work.len(), 4);
        assert_eq!(work[0].id, "exp-lead");
        assert!(work[0].is_current && work[0].end_date.is_none());
        assert_eq!(
            work[0].achievements,
            vec!["Cut p99 latency by 40%", "Hired six engineers"]
        );
        assert_eq!(work[0].location.as_deref(), Some("Berlin"));
        assert_eq!(work[1].end_date.as_deref(), Some("2022-02-28"));
        assert_eq!(
            work[1].enhanced_description.as_deref(),
            Some("Owned the billing service end to end.")
        );
        assert_eq!(work[2].achievements, vec!["Shipped the first public API"]);
        assert!(!work[3].is_current && work[3].end_date.is_none());

        let edu = &again.education;
        assert_eq!(edu[0].id, "edu-1");
        assert_eq!(edu[0].degree, "MSc");
        assert_eq!(edu[0].field_of_study, "Computer Science");
        assert_eq!(edu[0].gpa, Some(3.8));
        assert_eq!(edu[0].honors, vec!["Dean's list"]);
        assert_eq!(edu[1].degree, UNSPECIFIED);
        assert_eq!(edu[1].field_of_study, UNSPECIFIED);
        assert_eq!(edu[1].gpa, None);
        assert_eq!(edu[1].honors, vec!["Score: First class"]);

        let projects = &again.projects;
        assert_eq!(projects[0].id, "proj-1");
        assert_eq!(projects[0].technologies, vec!["Rust", "actix-web"]);
        assert_eq!(
            projects[0].url.as_deref(),
            Some("http://github.com/jane/tailor")
        );
        assert_eq!(projects[0].start_date.as_deref(), Some("2023-01-01"));
        assert_eq!(
            projects[0].enhanced_description.as_deref(),
            Some("A service that tailors resumes to job posts.")
        );
        assert_eq!(projects[1].description, "- RustConf 2023\n- FOSDEM 2024");

        let skills = &again.skills;
        assert_eq!(
            skills.technical,
            vec!["Rust", "PostgreSQL", "HTML", "CSS", "Kubernetes"]
        );
        assert_eq!(skills.soft, vec!["Mentoring", "Writing"]);
        let levels: Vec<_> = skills
            .languages
            .iter()
            .map(|l| (l.name.as_str(), l.proficiency))
            .collect();
        assert_eq!(
            levels,
            vec![
                ("German", Proficiency::Native),
                ("English", Proficiency::Fluent),
                ("Spanish", Proficiency::Conversational),
                ("Japanese", Proficiency::Basic),
            ]
        );
        let certs = &skills.certifications;
        assert_eq!(certs[0].id, "cert-aws");
        assert_eq!(certs[0].expiry_date.as_deref(), Some("2024-04-01"));
        assert_eq!(certs[0].credential_id.as_deref(), Some("AWS-123"));
        assert_eq!(certs[1].issuer, UNSPECIFIED);

        assert_eq!(again.custom_fields["visa"], "EU citizen");
        assert_eq!(
            again.custom_fields["availability"],
            json!({ "noticeWeeks": 4, "remote": true })
        );
    }

    #[test]
    fn every_imported_item_keeps_its_id_through_a_round_trip() {
        let first = imported(&rich_document());
        let again = imported(&export(&profile_from(first.clone())));
        let ids = |n: &NewProfile| {
            (
                n.experiences
                    .iter()
                    .map(|e| e.id.clone())
                    .collect::<Vec<_>>(),
                n.education.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
                n.projects.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
                n.skills
                    .certifications
                    .iter()
                    .map(|c| c.id.clone())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(ids(&first), ids(&again));
    }

    #[test]
    fn an_end_date_of_present_marks_a_current_role() {
        let mut doc = minimal();
        doc["work"] = json!([
            { "name": "Acme", "position": "Eng", "startDate": "2020", "endDate": "Present" }
        ]);
        let new = imported(&doc);
        assert!(new.experiences[0].is_current);
        assert_eq!(new.experiences[0].end_date, None);
    }
}
