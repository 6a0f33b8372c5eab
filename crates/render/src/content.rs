//! The structured content (SPEC §6.4 `content_structured`) read leniently into this crate's
//! own plain types: every key may be missing, unknown keys and section types are ignored, a
//! value of the wrong type reads as empty, and lists are capped so that no input makes a
//! render unbounded. Only a document that is not JSON, or not a JSON object, is refused.
//!
//! Text is cleaned once here, for every format: control characters (which XML cannot hold)
//! are dropped, one-line fields have their whitespace collapsed, and multi-line fields keep
//! their line breaks but lose blank-line runs and edge spaces.

use serde::Deserialize;
use serde_json::{Map, Value};
use tailor_domain::generation::DocumentType;

/// Entries read per section; the rest is ignored.
pub(crate) const MAX_ENTRIES: usize = 50;
/// Bullets read per entry.
pub(crate) const MAX_BULLETS: usize = 30;
/// Skill categories read, and items read per category.
const MAX_CATEGORIES: usize = 20;
const MAX_ITEMS: usize = 200;
/// Paragraphs of a cover letter read.
const MAX_PARAGRAPHS: usize = 100;

/// The contact block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Header {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub linkedin: String,
    pub github: String,
    pub website: String,
}

impl Header {
    /// Email, phone, location, then the links: the non-empty ones, in the order printed.
    pub(crate) fn contacts(&self) -> Vec<&str> {
        [
            &self.email,
            &self.phone,
            &self.location,
            &self.linkedin,
            &self.github,
            &self.website,
        ]
        .into_iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Resume {
    pub header: Header,
    /// `""` when the resume has no summary.
    pub summary: String,
    pub skills: Skills,
    pub experience: Vec<Experience>,
    pub projects: Vec<Project>,
    pub education: Vec<Education>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Skills {
    /// Named lists of skills (`Technical Skills`, `Soft Skills`, …), non-empty.
    pub groups: Vec<SkillGroup>,
    pub languages: Vec<Language>,
    pub certifications: Vec<Certification>,
}

impl Skills {
    pub(crate) fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.languages.is_empty() && self.certifications.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SkillGroup {
    pub name: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Language {
    pub name: String,
    pub proficiency: String,
}

impl Language {
    /// `Name (proficiency)`, or the name alone.
    pub(crate) fn display(&self) -> String {
        if self.proficiency.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.proficiency)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Certification {
    pub name: String,
    pub issuer: String,
    pub date: String,
}

impl Certification {
    /// `Name - Issuer (date)`, leaving out what is missing.
    pub(crate) fn display(&self) -> String {
        let mut out = self.name.clone();
        if !self.issuer.is_empty() {
            out.push_str(" - ");
            out.push_str(&self.issuer);
        }
        if !self.date.is_empty() {
            out.push_str(" (");
            out.push_str(&self.date);
            out.push(')');
        }
        out
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Experience {
    pub title: String,
    pub company: String,
    pub location: String,
    pub start_date: String,
    pub end_date: String,
    pub description: String,
    /// The chosen achievements (`bullets[].text`), else all `achievements`.
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Project {
    pub name: String,
    pub description: String,
    pub technologies: Vec<String>,
    pub url: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Education {
    pub degree: String,
    pub field_of_study: String,
    pub institution: String,
    pub start_date: String,
    pub end_date: String,
    /// `None` when absent or zero.
    pub gpa: Option<f64>,
    pub honors: Vec<String>,
}

impl Education {
    /// `Degree in Field`, or whichever of the two is present.
    pub(crate) fn degree_line(&self) -> String {
        match (self.degree.is_empty(), self.field_of_study.is_empty()) {
            (false, false) => format!("{} in {}", self.degree, self.field_of_study),
            (false, true) => self.degree.clone(),
            (true, false) => self.field_of_study.clone(),
            (true, true) => String::new(),
        }
    }

    /// The GPA as printed (`3.8`), if any.
    pub(crate) fn gpa_text(&self) -> Option<String> {
        self.gpa.map(|g| {
            let s = format!("{g:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Letter {
    pub header: Header,
    pub company: String,
    pub paragraphs: Vec<String>,
}

/// A parsed document of either kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Document {
    Resume(Resume),
    Letter(Letter),
}

impl Document {
    pub(crate) fn header(&self) -> &Header {
        match self {
            Self::Resume(r) => &r.header,
            Self::Letter(l) => &l.header,
        }
    }
}

/// `"start – end"`, or whichever is present.
pub(crate) fn date_range(start: &str, end: &str, sep: &str) -> String {
    match (start.is_empty(), end.is_empty()) {
        (false, false) => format!("{start}{sep}{end}"),
        (false, true) => start.to_owned(),
        (true, false) => end.to_owned(),
        (true, true) => String::new(),
    }
}

/// Reads `content` as the given kind of document.
///
/// # Errors
/// A message when the content is not JSON or not a JSON object.
pub(crate) fn parse(content: &str, kind: DocumentType) -> Result<Document, String> {
    let value: Value = serde_json::from_str(content).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(root) = value else {
        return Err("the content is not a JSON object".to_owned());
    };
    let header = root
        .get("header")
        .and_then(Value::as_object)
        .map(read_header)
        .unwrap_or_default();
    let sections: &[Value] = root
        .get("sections")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let sections = sections.iter().filter_map(Value::as_object);
    Ok(match kind {
        DocumentType::Resume => Document::Resume(read_resume(header, sections)),
        DocumentType::CoverLetter => Document::Letter(read_letter(header, sections)),
    })
}

fn read_header(map: &Map<String, Value>) -> Header {
    let field = |key: &str| line(map.get(key));
    Header {
        name: field("name"),
        title: field("title"),
        email: field("email"),
        phone: field("phone"),
        location: field("location"),
        linkedin: field("linkedin"),
        github: field("github"),
        website: field("website"),
    }
}

fn read_resume<'a>(
    header: Header,
    sections: impl Iterator<Item = &'a Map<String, Value>>,
) -> Resume {
    let mut resume = Resume {
        header,
        ..Resume::default()
    };
    for section in sections {
        match section.get("type").and_then(Value::as_str).unwrap_or("") {
            "professional_summary" => {
                let text = block(section.get("content"));
                if !text.is_empty() {
                    if !resume.summary.is_empty() {
                        resume.summary.push('\n');
                    }
                    resume.summary.push_str(&text);
                }
            }
            "skills" => read_skills(&mut resume.skills, section.get("categories")),
            "experience" => extend_capped(
                &mut resume.experience,
                entries(section).map(read_experience),
            ),
            "projects" => extend_capped(&mut resume.projects, entries(section).map(read_project)),
            "education" => {
                extend_capped(&mut resume.education, entries(section).map(read_education));
            }
            _ => {}
        }
    }
    resume
}

fn read_letter<'a>(
    header: Header,
    sections: impl Iterator<Item = &'a Map<String, Value>>,
) -> Letter {
    let mut letter = Letter {
        header,
        ..Letter::default()
    };
    for section in sections {
        if section.get("type").and_then(Value::as_str) != Some("cover_letter") {
            continue;
        }
        if letter.company.is_empty() {
            letter.company = line(section.get("company"));
        }
        let paragraphs = array(section.get("paragraphs"))
            .iter()
            .map(|p| block(Some(p)))
            .filter(|p| !p.is_empty());
        extend_capped_to(&mut letter.paragraphs, paragraphs, MAX_PARAGRAPHS);
    }
    letter
}

fn entries(section: &Map<String, Value>) -> impl Iterator<Item = &Map<String, Value>> {
    array(section.get("entries"))
        .iter()
        .filter_map(Value::as_object)
}

fn extend_capped<T>(list: &mut Vec<T>, items: impl Iterator<Item = T>) {
    extend_capped_to(list, items, MAX_ENTRIES);
}

fn extend_capped_to<T>(list: &mut Vec<T>, items: impl Iterator<Item = T>, cap: usize) {
    let room = cap.saturating_sub(list.len());
    list.extend(items.take(room));
}

fn read_experience(map: &Map<String, Value>) -> Experience {
    let chosen: Vec<String> = array(map.get("bullets"))
        .iter()
        .map(|b| match b {
            Value::Object(o) => line(o.get("text")),
            other => line(Some(other)),
        })
        .filter(|b| !b.is_empty())
        .take(MAX_BULLETS)
        .collect();
    let bullets = if chosen.is_empty() {
        lines(map.get("achievements"), MAX_BULLETS)
    } else {
        chosen
    };
    Experience {
        title: line(map.get("title")),
        company: line(map.get("company")),
        location: line(map.get("location")),
        start_date: line(map.get("start_date")),
        end_date: line(map.get("end_date")),
        description: block(map.get("description")),
        bullets,
    }
}

fn read_project(map: &Map<String, Value>) -> Project {
    Project {
        name: line(map.get("name")),
        description: block(map.get("description")),
        technologies: lines(map.get("technologies"), MAX_ITEMS),
        url: line(map.get("url")),
        start_date: line(map.get("start_date")),
        end_date: line(map.get("end_date")),
    }
}

fn read_education(map: &Map<String, Value>) -> Education {
    let gpa = match map.get("gpa") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|g: &f64| g.is_finite() && *g > 0.0);
    Education {
        degree: line(map.get("degree")),
        field_of_study: line(map.get("field_of_study")),
        institution: line(map.get("institution")),
        start_date: line(map.get("start_date")),
        end_date: line(map.get("end_date")),
        gpa,
        honors: lines(map.get("honors"), MAX_ITEMS),
    }
}

/// What one skill item is, from its shape.
enum SkillItem {
    Name(String),
    Language(Language),
    Certification(Certification),
}

/// The lenient shape of a certification or language object.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemFields {
    name: Value,
    proficiency: Value,
    issuer: Value,
    date_obtained: Value,
}

fn read_skills(skills: &mut Skills, categories: Option<&Value>) {
    for category in array(categories).iter().take(MAX_CATEGORIES) {
        let Some(category) = category.as_object() else {
            continue;
        };
        let name = line(category.get("name"));
        let kind = name.to_lowercase();
        let mut names = Vec::new();
        for item in array(category.get("items")).iter().take(MAX_ITEMS) {
            let read = read_skill_item(item, &kind);
            match read {
                Some(SkillItem::Name(n)) => names.push(n),
                Some(SkillItem::Language(l)) => skills.languages.push(l),
                Some(SkillItem::Certification(c)) => skills.certifications.push(c),
                None => {}
            }
        }
        if names.is_empty() {
            continue;
        }
        match skills.groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.items.extend(names),
            None => skills.groups.push(SkillGroup { name, items: names }),
        }
    }
}

fn read_skill_item(item: &Value, category: &str) -> Option<SkillItem> {
    let (fields, is_object) = match item {
        Value::Object(_) => (ItemFields::deserialize(item).unwrap_or_default(), true),
        other => (
            ItemFields {
                name: other.clone(),
                ..ItemFields::default()
            },
            false,
        ),
    };
    let name = line(Some(&fields.name));
    if name.is_empty() {
        return None;
    }
    let has = |v: &Value| !matches!(v, Value::Null);
    let language = category == "languages" || (is_object && has(&fields.proficiency));
    let certification = category == "certifications"
        || (is_object && (has(&fields.issuer) || has(&fields.date_obtained)));
    Some(if language && !certification {
        SkillItem::Language(Language {
            name,
            proficiency: line(Some(&fields.proficiency)),
        })
    } else if certification {
        SkillItem::Certification(Certification {
            name,
            issuer: line(Some(&fields.issuer)),
            date: line(Some(&fields.date_obtained)),
        })
    } else {
        SkillItem::Name(name)
    })
}

fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A list of one-line texts, the empty ones dropped.
fn lines(value: Option<&Value>, cap: usize) -> Vec<String> {
    array(value)
        .iter()
        .map(|v| line(Some(v)))
        .filter(|s| !s.is_empty())
        .take(cap)
        .collect()
}

/// The raw text of a scalar (`""` for null, objects and arrays).
fn scalar(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// A one-line text: whitespace runs (line breaks included) become one space, control
/// characters go.
pub(crate) fn line(value: Option<&Value>) -> String {
    collapse(&scalar(value))
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A multi-line text: each line collapsed as [`line`], empty lines dropped.
fn block(value: Option<&Value>) -> String {
    scalar(value)
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resume(value: Value) -> Resume {
        match parse(&value.to_string(), DocumentType::Resume).unwrap() {
            Document::Resume(r) => r,
            Document::Letter(_) => unreachable!(),
        }
    }

    #[test]
    fn invalid_json_and_non_objects_are_refused() {
        assert!(parse("{", DocumentType::Resume).is_err());
        assert!(parse("[1, 2]", DocumentType::Resume).is_err());
        assert!(parse("\"text\"", DocumentType::CoverLetter).is_err());
    }

    #[test]
    fn an_empty_object_is_an_empty_resume() {
        assert_eq!(resume(json!({})), Resume::default());
    }

    #[test]
    fn wrong_types_and_unknown_keys_read_as_empty() {
        let r = resume(json!({
            "header": {"name": "  Ada\n Lovelace ", "email": null, "phone": 5551234, "x": 1},
            "sections": [
                {"type": "experience", "entries": [{"title": ["no"], "company": "ACME",
                    "bullets": "not a list", "achievements": ["Built\u{0007} things", ""]}]},
                {"type": "unknown", "entries": [{}]},
                "not an object",
                {"type": "education", "entries": {"not": "a list"}},
            ],
        }));
        assert_eq!(r.header.name, "Ada Lovelace");
        assert_eq!(r.header.phone, "5551234");
        assert_eq!(r.header.email, "");
        assert_eq!(r.experience.len(), 1);
        assert_eq!(r.experience[0].title, "");
        assert_eq!(r.experience[0].bullets, vec!["Built things"]);
        assert!(r.education.is_empty());
    }

    #[test]
    fn chosen_bullets_win_over_achievements() {
        let r = resume(json!({"sections": [{"type": "experience", "entries": [{
            "bullets": [{"text": "Chosen", "source_id": "a#0"}, "Plain string"],
            "achievements": ["All of them"],
        }]}]}));
        assert_eq!(r.experience[0].bullets, vec!["Chosen", "Plain string"]);
    }

    #[test]
    fn skill_items_are_sorted_by_shape() {
        let r = resume(json!({"sections": [{"type": "skills", "categories": [
            {"name": "Technical Skills", "items": ["Rust", "", "SQL"]},
            {"name": "Languages", "items": [{"name": "German", "proficiency": "Fluent"}, "Greek"]},
            {"name": "Certifications", "items": [{"name": "CKA", "issuer": "CNCF",
                "date_obtained": "2023-01", "expiry_date": null, "credential_id": null}]},
        ]}]}));
        assert_eq!(
            r.skills.groups,
            vec![SkillGroup {
                name: "Technical Skills".into(),
                items: vec!["Rust".into(), "SQL".into()],
            }]
        );
        assert_eq!(r.skills.languages[0].display(), "German (Fluent)");
        assert_eq!(r.skills.languages[1].display(), "Greek");
        assert_eq!(r.skills.certifications[0].display(), "CKA - CNCF (2023-01)");
    }

    #[test]
    fn lists_are_capped() {
        let entries: Vec<Value> = (0..80)
            .map(|i| json!({"title": format!("T{i}"), "achievements": vec!["b"; 90]}))
            .collect();
        let r = resume(json!({"sections": [{"type": "experience", "entries": entries}]}));
        assert_eq!(r.experience.len(), MAX_ENTRIES);
        assert_eq!(r.experience[0].bullets.len(), MAX_BULLETS);
    }

    #[test]
    fn multi_line_text_keeps_its_lines() {
        let r = resume(json!({"sections": [
            {"type": "professional_summary", "content": "First  line\r\n\r\n second\tline "},
        ]}));
        assert_eq!(r.summary, "First line\nsecond line");
    }

    #[test]
    fn education_reads_gpa_of_any_type_and_drops_zero() {
        let r = resume(json!({"sections": [{"type": "education", "entries": [
            {"degree": "BSc", "field_of_study": "Physics", "gpa": 3.80},
            {"degree": "MSc", "gpa": 0.0},
            {"field_of_study": "Art", "gpa": "3.5"},
        ]}]}));
        assert_eq!(r.education[0].degree_line(), "BSc in Physics");
        assert_eq!(r.education[0].gpa_text().as_deref(), Some("3.8"));
        assert_eq!(r.education[1].gpa, None);
        assert_eq!(r.education[2].degree_line(), "Art");
        assert_eq!(r.education[2].gpa_text().as_deref(), Some("3.5"));
    }

    #[test]
    fn a_letter_reads_its_paragraphs() {
        let doc = parse(
            &json!({"header": {"name": "Ada"}, "sections": [
                {"type": "cover_letter", "company": "ACME", "paragraphs": ["Dear team,", " ", "Body."]},
            ]})
            .to_string(),
            DocumentType::CoverLetter,
        )
        .unwrap();
        let Document::Letter(letter) = doc else {
            panic!("not a letter")
        };
        assert_eq!(letter.company, "ACME");
        assert_eq!(letter.paragraphs, vec!["Dear team,", "Body."]);
    }
}
