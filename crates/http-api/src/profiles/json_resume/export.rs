//! Profile → JSON Resume document.

use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

use tailor_domain::profile::{
    Certification, Education, Experience, Proficiency, Profile, Project, Skills,
};

use super::format::*;

pub(crate) fn export(profile: &Profile) -> Value {
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
pub(super) fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
        map.insert(key.into(), v.into());
    }
}

pub(super) fn strings(items: &[String]) -> Value {
    items.iter().map(|s| Value::from(s.as_str())).collect()
}

pub(super) fn export_basics(profile: &Profile) -> Value {
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
pub(super) fn username(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [_host, .., last] => Some(last),
        _ => None,
    }
}

pub(super) fn export_work(e: &Experience) -> Value {
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

pub(super) fn export_education(e: &Education) -> Value {
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
pub(super) fn format_gpa(gpa: f64) -> String {
    if gpa.fract() == 0.0 {
        format!("{gpa:.1}")
    } else {
        gpa.to_string()
    }
}

pub(super) fn export_project(p: &Project) -> Value {
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

pub(super) fn export_skills(skills: &Skills) -> Value {
    [(TECHNICAL, &skills.technical), (SOFT, &skills.soft)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(name, list)| json!({ "name": name, "keywords": strings(list) }))
        .collect()
}

pub(super) fn export_certificate(c: &Certification) -> Value {
    let mut m = Map::new();
    m.insert(X_ID.into(), c.id.as_str().into());
    m.insert("name".into(), c.name.as_str().into());
    m.insert("issuer".into(), c.issuer.as_str().into());
    m.insert("date".into(), c.date_obtained.as_str().into());
    put(&mut m, X_EXPIRY_DATE, c.expiry_date.as_deref());
    put(&mut m, X_CREDENTIAL_ID, c.credential_id.as_deref());
    Value::Object(m)
}

pub(super) fn fluency(p: Proficiency) -> &'static str {
    match p {
        Proficiency::Native => "Native",
        Proficiency::Fluent => "Fluent",
        Proficiency::Conversational => "Conversational",
        Proficiency::Basic => "Basic",
    }
}

/// Reads a free-text fluency (`Native speaker`, `Full professional proficiency`, `B2`, ...).
/// Text that names no level, or none at all, is read as basic.
pub(super) fn proficiency(fluency: Option<&str>) -> Proficiency {
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
