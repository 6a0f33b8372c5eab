//! Profile request and response bodies, and their conversion to and from the domain.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use tailor_domain::profile::{
    Certification, Education, Experience, Language, MAX_SKILL_LEN, MAX_SOFT_SKILLS,
    MAX_TECHNICAL_SKILLS, PersonalInfo, Proficiency, Profile, ProfileId, Project, Skills, item_id,
};
use tailor_domain::services::ProfileError;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};
use uuid::Uuid;

use crate::error::ApiError;
use crate::openapi::fields::{ProficiencyValue, optional_date, string_list};
use crate::time::naive_iso;
use crate::validation::{
    FieldError, LocItem, Validate, ValidateAt, at, check_bounds, check_len, check_opt_len,
    check_strings, objects,
};

/// The `{profile_id}` path segment; anything that is not a UUID names no profile.
pub(crate) fn profile_id(raw: &str) -> Result<ProfileId, ApiError> {
    Uuid::parse_str(raw)
        .map(ProfileId::from_uuid)
        .map_err(|_| ProfileError::NotFound.into())
}

/// `null` is read as an empty list (the client sometimes sends it).
fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

const MAX_LIST: usize = 50;
/// The most entries a skills body may hold: a `{"skills": [...]}` body serves both lists, so
/// as many as the longer one; also how many languages and certifications are checked here
/// (the domain refuses longer lists).
const MAX_SKILL_BODY_ITEMS: usize = MAX_TECHNICAL_SKILLS;

// ---------- field schemas ----------

fn achievements() -> Schema {
    string_list(MAX_LIST, 500, true, true)
}

fn honors() -> Schema {
    string_list(MAX_LIST, 200, true, true)
}

fn technologies() -> Schema {
    string_list(MAX_LIST, 100, true, true)
}

fn technical_skills() -> Schema {
    string_list(MAX_TECHNICAL_SKILLS, MAX_SKILL_LEN, true, true)
}

fn soft_skills() -> Schema {
    string_list(MAX_SOFT_SKILLS, MAX_SKILL_LEN, true, true)
}

fn id_list() -> Schema {
    string_list(500, 100, false, false)
}

fn skill_list() -> Schema {
    string_list(MAX_SKILL_BODY_ITEMS, MAX_SKILL_LEN, false, false)
}

fn new_skill_list() -> Schema {
    string_list(MAX_SKILL_BODY_ITEMS, MAX_SKILL_LEN, true, false)
}

/// Custom fields: at most 50, keys of 1 to 50 characters, not all blank; values any JSON.
fn custom_fields(nullable: bool) -> Schema {
    let kind: SchemaType = if nullable {
        [Type::Object, Type::Null].into_iter().collect()
    } else {
        Type::Object.into()
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .max_properties(Some(50))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(50))
                .pattern(Some(r"\S")),
        ))
        .additional_properties(Some(ObjectBuilder::new().schema_type(SchemaType::AnyValue)))
        .into()
}

fn optional_custom_fields() -> Schema {
    custom_fields(true)
}

/// The body of `PUT /profiles/{id}/custom-fields`: the new fields as one object.
pub struct CustomFieldsObject;

impl PartialSchema for CustomFieldsObject {
    fn schema() -> RefOr<Schema> {
        custom_fields(false).into()
    }
}

impl ToSchema for CustomFieldsObject {}

// ---------- requests ----------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PersonalInfoRequest {
    /// 1 to 100 characters, not all blank (stored trimmed).
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub full_name: String,
    /// Surrounding spaces are ignored; the domain is lower-cased.
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// Blank for none; otherwise at most 20 characters (without surrounding spaces) with at
    /// least one digit.
    #[serde(default)]
    #[schema(max_length = 50)]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub location: Option<String>,
    /// Blank for none; otherwise a URL starting with `http://` or `https://`, or a bare
    /// domain such as `linkedin.com/in/jane` (no spaces, with a dot), which gets `https://`;
    /// at most 200 characters without surrounding spaces.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub linkedin: Option<String>,
    /// As `linkedin`.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub github: Option<String>,
    /// As `linkedin`.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub website: Option<String>,
}

impl ValidateAt for PersonalInfoRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_len(e, at(loc, "full_name"), &self.full_name, 1, 100);
        check_len(e, at(loc, "email"), &self.email, 0, 254);
        check_opt_len(e, at(loc, "phone"), self.phone.as_deref(), 0, 50);
        check_opt_len(e, at(loc, "location"), self.location.as_deref(), 0, 100);
        for (name, v) in [
            ("linkedin", &self.linkedin),
            ("github", &self.github),
            ("website", &self.website),
        ] {
            check_opt_len(e, at(loc, name), v.as_deref(), 0, 500);
        }
    }
}

impl From<PersonalInfoRequest> for PersonalInfo {
    fn from(r: PersonalInfoRequest) -> Self {
        Self {
            full_name: r.full_name,
            email: r.email,
            phone: r.phone,
            location: r.location,
            linkedin: r.linkedin,
            github: r.github,
            website: r.website,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ExperienceRequest {
    /// Kept when given; `""`, `null` or absent gets a new UUID. Unique within the section.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub id: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub title: String,
    #[schema(min_length = 1, max_length = 100)]
    pub company: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub location: Option<String>,
    /// Not after `end_date`.
    #[schema(format = Date)]
    pub start_date: String,
    /// `""` or `null` for none; none when `is_current`.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub is_current: Option<bool>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub enhanced_description: Option<String>,
    /// `null` is an empty list.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schema(schema_with = achievements)]
    pub achievements: Vec<String>,
}

impl ValidateAt for ExperienceRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_opt_len(e, at(loc, "id"), self.id.as_deref(), 0, 100);
        check_len(e, at(loc, "title"), &self.title, 1, 100);
        check_len(e, at(loc, "company"), &self.company, 1, 100);
        check_opt_len(e, at(loc, "location"), self.location.as_deref(), 0, 100);
        check_len(e, at(loc, "start_date"), &self.start_date, 0, 10);
        check_opt_len(e, at(loc, "end_date"), self.end_date.as_deref(), 0, 10);
        check_opt_len(
            e,
            at(loc, "description"),
            self.description.as_deref(),
            0,
            2000,
        );
        check_opt_len(
            e,
            at(loc, "enhanced_description"),
            self.enhanced_description.as_deref(),
            0,
            2000,
        );
        check_strings(
            e,
            &at(loc, "achievements"),
            &self.achievements,
            MAX_LIST,
            500,
        );
    }
}

impl From<ExperienceRequest> for Experience {
    fn from(r: ExperienceRequest) -> Self {
        Self {
            id: item_id(r.id),
            title: r.title.trim().to_owned(),
            company: r.company.trim().to_owned(),
            location: r.location.filter(|l| !l.trim().is_empty()),
            start_date: r.start_date,
            end_date: r.end_date.filter(|d| !d.is_empty()),
            is_current: r.is_current.unwrap_or(false),
            description: r.description,
            enhanced_description: r.enhanced_description,
            achievements: r.achievements,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EducationRequest {
    /// Kept when given; `""`, `null` or absent gets a new UUID. Unique within the section.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub id: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub institution: String,
    #[schema(min_length = 1, max_length = 100)]
    pub degree: String,
    #[schema(min_length = 1, max_length = 100)]
    pub field_of_study: String,
    /// Before `end_date`.
    #[schema(format = Date)]
    pub start_date: String,
    /// `""` or `null` for none: studies in progress have none.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    pub end_date: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0.0, maximum = 4.0)]
    pub gpa: Option<f64>,
    /// `null` is an empty list.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schema(schema_with = honors)]
    pub honors: Vec<String>,
}

impl ValidateAt for EducationRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_opt_len(e, at(loc, "id"), self.id.as_deref(), 0, 100);
        check_len(e, at(loc, "institution"), &self.institution, 1, 100);
        check_len(e, at(loc, "degree"), &self.degree, 1, 100);
        check_len(e, at(loc, "field_of_study"), &self.field_of_study, 1, 100);
        check_len(e, at(loc, "start_date"), &self.start_date, 0, 10);
        check_opt_len(e, at(loc, "end_date"), self.end_date.as_deref(), 0, 10);
        if let Some(gpa) = self.gpa {
            check_bounds(e, at(loc, "gpa"), gpa, (0.0, 4.0), serde_json::json!(gpa));
        }
        check_strings(e, &at(loc, "honors"), &self.honors, MAX_LIST, 200);
    }
}

impl From<EducationRequest> for Education {
    fn from(r: EducationRequest) -> Self {
        Self {
            id: item_id(r.id),
            institution: r.institution.trim().to_owned(),
            degree: r.degree.trim().to_owned(),
            field_of_study: r.field_of_study.trim().to_owned(),
            start_date: r.start_date,
            end_date: r.end_date.filter(|d| !d.is_empty()),
            gpa: r.gpa,
            honors: r.honors,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProjectRequest {
    /// Kept when given; `""`, `null` or absent gets a new UUID. Unique within the section.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub id: Option<String>,
    /// Not all blank.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    /// Not all blank.
    #[schema(min_length = 1, max_length = 1000, pattern = r"\S")]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub enhanced_description: Option<String>,
    /// `null` is an empty list.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schema(schema_with = technologies)]
    pub technologies: Vec<String>,
    /// A scheme-less URL such as `github.com/x` gets `http://`.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub url: Option<String>,
    /// `""` or `null` for none; not after `end_date`.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    pub start_date: Option<String>,
    /// `""` or `null` for none.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    pub end_date: Option<String>,
}

impl ValidateAt for ProjectRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_opt_len(e, at(loc, "id"), self.id.as_deref(), 0, 100);
        check_len(e, at(loc, "name"), &self.name, 1, 100);
        check_len(e, at(loc, "description"), &self.description, 1, 1000);
        check_opt_len(
            e,
            at(loc, "enhanced_description"),
            self.enhanced_description.as_deref(),
            0,
            2000,
        );
        check_strings(
            e,
            &at(loc, "technologies"),
            &self.technologies,
            MAX_LIST,
            100,
        );
        check_opt_len(e, at(loc, "url"), self.url.as_deref(), 0, 500);
        check_opt_len(e, at(loc, "start_date"), self.start_date.as_deref(), 0, 10);
        check_opt_len(e, at(loc, "end_date"), self.end_date.as_deref(), 0, 10);
    }
}

impl From<ProjectRequest> for Project {
    fn from(r: ProjectRequest) -> Self {
        Self {
            id: item_id(r.id),
            name: r.name.trim().to_owned(),
            description: r.description,
            enhanced_description: r.enhanced_description,
            technologies: r.technologies,
            url: r.url,
            start_date: r.start_date.filter(|d| !d.is_empty()),
            end_date: r.end_date.filter(|d| !d.is_empty()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct LanguageBody {
    /// Not all blank.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    #[schema(value_type = ProficiencyValue)]
    pub proficiency: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CertificationRequest {
    /// Kept when given; `""`, `null` or absent gets a new UUID. Unique among the profile's
    /// certifications.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub id: Option<String>,
    /// Not all blank.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: String,
    /// Not all blank.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub issuer: String,
    #[schema(format = Date)]
    pub date_obtained: String,
    /// `""` or `null` for none; not before `date_obtained`.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    pub expiry_date: Option<String>,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub credential_id: Option<String>,
}

impl ValidateAt for CertificationRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_opt_len(e, at(loc, "id"), self.id.as_deref(), 0, 100);
        check_len(e, at(loc, "name"), &self.name, 1, 200);
        check_len(e, at(loc, "issuer"), &self.issuer, 1, 100);
        check_len(e, at(loc, "date_obtained"), &self.date_obtained, 0, 10);
        check_opt_len(
            e,
            at(loc, "expiry_date"),
            self.expiry_date.as_deref(),
            0,
            10,
        );
        check_opt_len(
            e,
            at(loc, "credential_id"),
            self.credential_id.as_deref(),
            0,
            100,
        );
    }
}

impl From<CertificationRequest> for Certification {
    fn from(r: CertificationRequest) -> Self {
        Self {
            id: r.id.unwrap_or_default(),
            name: r.name.trim().to_owned(),
            issuer: r.issuer.trim().to_owned(),
            date_obtained: r.date_obtained,
            expiry_date: r.expiry_date.filter(|d| !d.is_empty()),
            credential_id: r.credential_id.filter(|d| !d.is_empty()),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SkillsRequest {
    /// Repeats (ignoring case and surrounding spaces) are dropped; `null` is an empty list.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schema(schema_with = technical_skills)]
    pub technical: Vec<String>,
    /// At most 100; repeats (ignoring case and surrounding spaces) are dropped; `null` is an
    /// empty list.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schema(schema_with = soft_skills)]
    pub soft: Vec<String>,
    /// `null` is an empty list.
    #[serde(default, deserialize_with = "objects::objects_or_empty")]
    #[schema(value_type = Option<Vec<LanguageBody>>, max_items = 50)]
    pub languages: Vec<LanguageBody>,
    /// Ids unique; `null` is an empty list.
    #[serde(default, deserialize_with = "objects::objects_or_empty")]
    #[schema(value_type = Option<Vec<CertificationRequest>>, max_items = 100)]
    pub certifications: Vec<CertificationRequest>,
}

impl ValidateAt for SkillsRequest {
    fn validate_at(&self, loc: &[LocItem], e: &mut Vec<FieldError>) {
        check_strings(
            e,
            &at(loc, "technical"),
            &self.technical,
            MAX_TECHNICAL_SKILLS,
            MAX_SKILL_LEN,
        );
        check_strings(
            e,
            &at(loc, "soft"),
            &self.soft,
            MAX_SOFT_SKILLS,
            MAX_SKILL_LEN,
        );
        for (i, l) in self.languages.iter().enumerate().take(MAX_SKILL_BODY_ITEMS) {
            check_len(
                e,
                at(&at(&at(loc, "languages"), i), "name"),
                &l.name,
                0,
                MAX_SKILL_LEN,
            );
        }
        for (i, c) in self
            .certifications
            .iter()
            .enumerate()
            .take(MAX_SKILL_BODY_ITEMS)
        {
            c.validate_at(&at(&at(loc, "certifications"), i), e);
        }
    }
}

impl Validate for SkillsRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        self.validate_at(&["body".into()], errors);
    }
}

impl SkillsRequest {
    /// # Errors
    /// 422 (string) for an unknown language proficiency.
    pub fn into_domain(self, prefix: &str) -> Result<Skills, ApiError> {
        let languages = self
            .languages
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                Proficiency::parse(&l.proficiency)
                    .map(|proficiency| Language {
                        name: l.name.trim().to_owned(),
                        proficiency,
                    })
                    .ok_or_else(|| {
                        ApiError::Unprocessable(format!(
                            "{prefix}: languages[{i}].proficiency must be one of {}",
                            Proficiency::ALL.join(", ")
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Skills {
            technical: self.technical,
            soft: self.soft,
            languages,
            certifications: self.certifications.into_iter().map(Into::into).collect(),
        })
    }
}

fn validate_items<T: ValidateAt>(
    loc: &[LocItem],
    items: &[T],
    max: usize,
    e: &mut Vec<FieldError>,
) {
    if items.len() > max {
        e.push(
            FieldError::new(
                "too_long",
                loc.to_vec(),
                format!(
                    "List should have at most {max} items after validation, not {}",
                    items.len()
                ),
                Value::Null,
            )
            .with_ctx(serde_json::json!({ "max_length": max })),
        );
        return;
    }
    for (i, item) in items.iter().enumerate() {
        item.validate_at(&at(loc, i), e);
    }
}

fn check_summary_len(loc: Vec<LocItem>, value: Option<&str>, e: &mut Vec<FieldError>) {
    // At least 10 characters when given (schema); the 2000 maximum is a profile rule.
    check_opt_len(e, loc, value, 10, 20_000);
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateProfileRequest {
    #[serde(deserialize_with = "objects::object")]
    pub personal_info: PersonalInfoRequest,
    #[serde(default)]
    #[schema(min_length = 10, max_length = 2000)]
    pub professional_summary: Option<String>,
    #[serde(default, deserialize_with = "objects::optional_object")]
    pub skills: Option<SkillsRequest>,
    /// Ids unique; `null` is an empty list.
    #[serde(default, deserialize_with = "objects::objects_or_empty")]
    #[schema(value_type = Option<Vec<ExperienceRequest>>, max_items = 100)]
    pub experiences: Vec<ExperienceRequest>,
    /// Ids unique; `null` is an empty list.
    #[serde(default, deserialize_with = "objects::objects_or_empty")]
    #[schema(value_type = Option<Vec<EducationRequest>>, max_items = 50)]
    pub education: Vec<EducationRequest>,
    /// Ids unique; `null` is an empty list.
    #[serde(default, deserialize_with = "objects::objects_or_empty")]
    #[schema(value_type = Option<Vec<ProjectRequest>>, max_items = 100)]
    pub projects: Vec<ProjectRequest>,
    /// Values of at most 10 KiB as JSON each.
    #[serde(default)]
    #[schema(schema_with = optional_custom_fields)]
    pub custom_fields: Option<Map<String, Value>>,
}

impl Validate for CreateProfileRequest {
    fn validate(&self, e: &mut Vec<FieldError>) {
        let body: [LocItem; 1] = ["body".into()];
        self.personal_info
            .validate_at(&at(&body, "personal_info"), e);
        check_summary_len(
            at(&body, "professional_summary"),
            self.professional_summary.as_deref(),
            e,
        );
        if let Some(s) = &self.skills {
            s.validate_at(&at(&body, "skills"), e);
        }
        validate_items(&at(&body, "experiences"), &self.experiences, 200, e);
        validate_items(&at(&body, "education"), &self.education, 200, e);
        validate_items(&at(&body, "projects"), &self.projects, 200, e);
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateProfileRequest {
    #[serde(default, deserialize_with = "objects::optional_object")]
    pub personal_info: Option<PersonalInfoRequest>,
    /// `null` or absent leaves the summary unchanged.
    #[serde(default)]
    #[schema(min_length = 10, max_length = 2000)]
    pub professional_summary: Option<String>,
    /// `null` or absent leaves it unchanged.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub enhanced_professional_summary: Option<String>,
    #[serde(default, deserialize_with = "objects::optional_object")]
    pub skills: Option<SkillsRequest>,
    /// When present (even `[]`), replaces the whole section. Ids unique.
    #[serde(default, deserialize_with = "objects::optional_objects")]
    #[schema(max_items = 100)]
    pub experiences: Option<Vec<ExperienceRequest>>,
    /// When present (even `[]`), replaces the whole section. Ids unique.
    #[serde(default, deserialize_with = "objects::optional_objects")]
    #[schema(max_items = 50)]
    pub education: Option<Vec<EducationRequest>>,
    /// When present (even `[]`), replaces the whole section. Ids unique.
    #[serde(default, deserialize_with = "objects::optional_objects")]
    #[schema(max_items = 100)]
    pub projects: Option<Vec<ProjectRequest>>,
}

impl Validate for UpdateProfileRequest {
    fn validate(&self, e: &mut Vec<FieldError>) {
        let body: [LocItem; 1] = ["body".into()];
        if let Some(p) = &self.personal_info {
            p.validate_at(&at(&body, "personal_info"), e);
        }
        check_summary_len(
            at(&body, "professional_summary"),
            self.professional_summary.as_deref(),
            e,
        );
        check_opt_len(
            e,
            at(&body, "enhanced_professional_summary"),
            self.enhanced_professional_summary.as_deref(),
            0,
            20_000,
        );
        if let Some(s) = &self.skills {
            s.validate_at(&at(&body, "skills"), e);
        }
        if let Some(v) = &self.experiences {
            validate_items(&at(&body, "experiences"), v, 200, e);
        }
        if let Some(v) = &self.education {
            validate_items(&at(&body, "education"), v, 200, e);
        }
        if let Some(v) = &self.projects {
            validate_items(&at(&body, "projects"), v, 200, e);
        }
    }
}

/// The bodies of the bulk deletes: `{"<section>_ids": [str]}`.
pub trait IdList: Validate + serde::de::DeserializeOwned + 'static {
    fn into_ids(self) -> Vec<String>;
}

macro_rules! id_list {
    ($name:ident, $field:ident) => {
        #[derive(Debug, Deserialize, ToSchema)]
        pub struct $name {
            /// Unknown ids are ignored.
            #[schema(schema_with = id_list)]
            pub $field: Vec<String>,
        }

        impl Validate for $name {
            fn validate(&self, e: &mut Vec<FieldError>) {
                check_strings(
                    e,
                    &["body".into(), stringify!($field).into()],
                    &self.$field,
                    500,
                    100,
                );
            }
        }

        impl IdList for $name {
            fn into_ids(self) -> Vec<String> {
                self.$field
            }
        }
    };
}

id_list!(ExperienceIds, experience_ids);
id_list!(EducationIds, education_ids);
id_list!(ProjectIds, project_ids);
id_list!(CertificationIds, certification_ids);

/// `{"skills": [str]}`
#[derive(Debug, Deserialize, ToSchema)]
pub struct SkillList {
    /// Compared ignoring case and surrounding spaces.
    #[schema(schema_with = skill_list)]
    pub skills: Vec<String>,
}

impl Validate for SkillList {
    fn validate(&self, e: &mut Vec<FieldError>) {
        check_skill_list(&self.skills, e);
    }
}

/// The checks of a `{"skills": [str]}` body, to add or to remove.
fn check_skill_list(skills: &[String], e: &mut Vec<FieldError>) {
    check_strings(
        e,
        &["body".into(), "skills".into()],
        skills,
        MAX_SKILL_BODY_ITEMS,
        MAX_SKILL_LEN,
    );
}

/// `{"skills": [str]}` to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewSkills {
    /// Not blank; repeats (ignoring case and surrounding spaces) are dropped.
    #[schema(schema_with = new_skill_list)]
    pub skills: Vec<String>,
}

impl Validate for NewSkills {
    fn validate(&self, e: &mut Vec<FieldError>) {
        check_skill_list(&self.skills, e);
    }
}

/// One custom field.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CustomField {
    /// Not all blank.
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub key: String,
    /// Any JSON value of at most 10 KiB as JSON.
    pub value: Value,
}

/// `{"fields": [{"key", "value"}]}`
#[derive(Debug, Deserialize, ToSchema)]
pub struct CustomFieldsRequest {
    /// Merged into the stored fields, which may then number at most 50.
    #[schema(max_items = 50)]
    pub fields: Vec<CustomField>,
}

impl Validate for CustomFieldsRequest {
    fn validate(&self, e: &mut Vec<FieldError>) {
        let loc: [LocItem; 2] = ["body".into(), "fields".into()];
        if self.fields.len() > 50 {
            e.push(FieldError::new(
                "too_long",
                loc.to_vec(),
                "List should have at most 50 items after validation",
                Value::Null,
            ));
            return;
        }
        for (i, f) in self.fields.iter().enumerate() {
            check_len(e, at(&at(&loc, i), "key"), &f.key, 1, 50);
        }
    }
}

/// A raw JSON object body.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct JsonObject(pub Map<String, Value>);

impl Validate for JsonObject {
    fn validate(&self, _: &mut Vec<FieldError>) {}
}

// ---------- responses ----------

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalInfoResponse {
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub github: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificationResponse {
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub date_obtained: String,
    pub expiry_date: Option<String>,
    pub credential_id: Option<String>,
}

impl From<Certification> for CertificationResponse {
    fn from(c: Certification) -> Self {
        Self {
            id: c.id,
            name: c.name,
            issuer: c.issuer,
            date_obtained: c.date_obtained,
            expiry_date: c.expiry_date,
            credential_id: c.credential_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkillsResponse {
    pub technical: Vec<String>,
    pub soft: Vec<String>,
    pub languages: Vec<LanguageBody>,
    pub certifications: Vec<CertificationResponse>,
}

impl From<Skills> for SkillsResponse {
    fn from(s: Skills) -> Self {
        Self {
            technical: s.technical,
            soft: s.soft,
            languages: s
                .languages
                .into_iter()
                .map(|l| LanguageBody {
                    name: l.name,
                    proficiency: l.proficiency.as_str().to_owned(),
                })
                .collect(),
            certifications: s.certifications.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceResponse {
    pub id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub start_date: String,
    pub end_date: Option<String>,
    pub is_current: bool,
    pub description: Option<String>,
    pub enhanced_description: Option<String>,
    pub achievements: Vec<String>,
}

impl From<Experience> for ExperienceResponse {
    fn from(e: Experience) -> Self {
        Self {
            id: e.id,
            title: e.title,
            company: e.company,
            location: e.location,
            start_date: e.start_date,
            end_date: e.end_date,
            is_current: e.is_current,
            description: e.description,
            enhanced_description: e.enhanced_description,
            achievements: e.achievements,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EducationResponse {
    pub id: String,
    pub institution: String,
    pub degree: String,
    pub field_of_study: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub gpa: Option<f64>,
    pub honors: Vec<String>,
}

impl From<Education> for EducationResponse {
    fn from(e: Education) -> Self {
        Self {
            id: e.id,
            institution: e.institution,
            degree: e.degree,
            field_of_study: e.field_of_study,
            start_date: e.start_date,
            end_date: e.end_date,
            gpa: e.gpa,
            honors: e.honors,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectResponse {
    pub id: String,
    pub name: String,
    pub description: String,
    pub enhanced_description: Option<String>,
    pub technologies: Vec<String>,
    pub url: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

impl From<Project> for ProjectResponse {
    fn from(p: Project) -> Self {
        Self {
            id: p.id,
            name: p.name,
            description: p.description,
            enhanced_description: p.enhanced_description,
            technologies: p.technologies,
            url: p.url,
            start_date: p.start_date,
            end_date: p.end_date,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileResponse {
    pub id: String,
    pub user_id: i64,
    pub personal_info: PersonalInfoResponse,
    pub professional_summary: Option<String>,
    pub enhanced_professional_summary: Option<String>,
    #[schema(value_type = Object)]
    pub enhancement_metadata: Map<String, Value>,
    pub skills: SkillsResponse,
    pub experiences: Vec<ExperienceResponse>,
    pub education: Vec<EducationResponse>,
    pub projects: Vec<ProjectResponse>,
    #[schema(value_type = Object)]
    pub custom_fields: Map<String, Value>,
    /// Naive UTC ISO-8601.
    pub created_at: String,
    pub updated_at: String,
}

impl From<Profile> for ProfileResponse {
    fn from(p: Profile) -> Self {
        let i = p.personal_info;
        Self {
            id: p.id.to_string(),
            user_id: p.user_id.get(),
            personal_info: PersonalInfoResponse {
                full_name: i.full_name,
                email: i.email,
                phone: i.phone,
                location: i.location,
                linkedin: i.linkedin,
                github: i.github,
                website: i.website,
            },
            professional_summary: p.professional_summary,
            enhanced_professional_summary: p.enhanced_professional_summary,
            enhancement_metadata: p.enhancement_metadata,
            skills: p.skills.into(),
            experiences: p.experiences.into_iter().map(Into::into).collect(),
            education: p.education.into_iter().map(Into::into).collect(),
            projects: p.projects.into_iter().map(Into::into).collect(),
            custom_fields: p.custom_fields,
            created_at: naive_iso(p.created_at),
            updated_at: naive_iso(p.updated_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn errors(body: Value) -> Vec<FieldError> {
        let request: SkillsRequest = serde_json::from_value(body).unwrap();
        let mut errors = Vec::new();
        request.validate(&mut errors);
        errors
    }

    fn skills(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("Skill {i}")).collect()
    }

    #[test]
    fn skill_lists_are_bounded_by_the_domain_s_limits() {
        assert!(
            errors(json!({
                "technical": skills(MAX_TECHNICAL_SKILLS),
                "soft": skills(MAX_SOFT_SKILLS),
            }))
            .is_empty()
        );
        let e = errors(json!({"soft": skills(MAX_SOFT_SKILLS + 1)}));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, "too_long");
        assert_eq!(e[0].loc, vec![LocItem::from("body"), LocItem::from("soft")]);
        assert_eq!(e[0].ctx, Some(json!({"max_length": MAX_SOFT_SKILLS})));
        let e = errors(json!({"technical": skills(MAX_TECHNICAL_SKILLS + 1)}));
        assert_eq!(e[0].ctx, Some(json!({"max_length": MAX_TECHNICAL_SKILLS})));
        let e = errors(json!({"soft": ["x".repeat(MAX_SKILL_LEN + 1)]}));
        assert_eq!(e[0].kind, "string_too_long");
    }

    #[test]
    fn the_document_states_the_same_limits() {
        let RefOr::T(Schema::Object(request)) = SkillsRequest::schema() else {
            panic!("an object")
        };
        let max_items = |field: &str| {
            let value = serde_json::to_value(&request.properties[field]).unwrap();
            value["maxItems"].clone()
        };
        assert_eq!(max_items("technical"), json!(MAX_TECHNICAL_SKILLS));
        assert_eq!(max_items("soft"), json!(MAX_SOFT_SKILLS));
    }
}
