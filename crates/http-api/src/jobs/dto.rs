//! Job request and response bodies.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tailor_domain::job::{
    ApplicationStatus, CatalogueJob, EmploymentType, Job, JobSource, JobStatus, MAX_COMPANY_LEN,
    MAX_DESCRIPTION_LEN, MAX_ITEM_LEN, MAX_LIST_ITEMS, MAX_LOCATION_LEN, MAX_NOTES_LEN,
    MAX_SALARY_RANGE_LEN, MAX_TITLE_LEN, Money, SalaryRange, StatusChange, job_name,
};
use tailor_domain::services::{JobPatch, StructuredJob};
use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::openapi::fields::{
    ApplicationStatusValue, EmploymentTypeValue, JobSourceValue, JobStatusValue,
    SavedJobSourceValue, optional_trimmed, string_list,
};
use crate::time::naive_iso;
use crate::validation::{
    FieldError, LocItem, Validate, at, check_len, check_opt_len, check_strings,
};

// ---------- responses ----------

/// A pay range read into numbers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SalaryResponse<'a> {
    /// The lower bound in currency units, cents kept (`62.5`); null for "up to X".
    #[schema(value_type = Option<f64>)]
    pub min: Option<Money>,
    /// The upper bound; null for "starting at X". Equal to `min` for a single figure.
    #[schema(value_type = Option<f64>)]
    pub max: Option<Money>,
    /// ISO 4217 code.
    pub currency: &'a str,
    /// `hour`, `day`, `week`, `month` or `year`.
    pub period: &'static str,
}

impl<'a> From<&'a SalaryRange> for SalaryResponse<'a> {
    fn from(s: &'a SalaryRange) -> Self {
        Self {
            min: s.min,
            max: s.max,
            currency: &s.currency,
            period: s.period.as_str(),
        }
    }
}

/// A job: saved (`id` a UUID, `user_id` the owner) or from the browse catalogue (`id`
/// `mock_` and 12 hex digits, new on every request; `user_id` null).
#[derive(Debug, Serialize, ToSchema)]
pub struct JobResponse<'a> {
    pub id: String,
    pub user_id: Option<i64>,
    #[schema(value_type = JobSourceValue)]
    pub source: &'static str,
    pub title: &'a str,
    /// Null when a pasted or imported posting does not name the hiring company.
    pub company: Option<&'a str>,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The pasted text (or the imported page's text) the job was read from.
    pub raw_text: Option<&'a str>,
    /// Canonical skill names found in the posting, most relevant first.
    pub parsed_keywords: &'a [String],
    /// Must-have qualifications.
    pub requirements: &'a [String],
    /// Nice-to-have qualifications.
    pub preferred_requirements: &'a [String],
    pub responsibilities: &'a [String],
    pub benefits: &'a [String],
    /// `"120000-180000"`.
    pub salary_range: Option<&'a str>,
    pub salary: Option<SalaryResponse<'a>>,
    pub remote: bool,
    /// `remote`, `hybrid` or `onsite` when the posting says.
    pub work_mode: Option<&'static str>,
    #[schema(value_type = EmploymentTypeValue)]
    pub employment_type: &'static str,
    /// `intern`, `entry`, `junior`, `mid`, `senior`, `lead`, `principal`, `manager`,
    /// `director` or `executive` when the posting says.
    pub seniority: Option<&'static str>,
    /// The least years of experience the posting asks for.
    pub years_experience: Option<u32>,
    #[schema(value_type = JobStatusValue)]
    pub status: &'static str,
    #[schema(value_type = ApplicationStatusValue)]
    pub application_status: &'static str,
    /// When the user applied (naive UTC); set when the status first reaches `applied`.
    pub applied_date: Option<String>,
    pub notes: Option<&'a str>,
    /// The page a URL import came from.
    pub source_url: Option<&'a str>,
    pub created_at: String,
    pub updated_at: String,
}

impl<'a> From<&'a Job> for JobResponse<'a> {
    fn from(j: &'a Job) -> Self {
        Self {
            id: j.id.to_string(),
            user_id: Some(j.user_id.get()),
            source: j.source.as_str(),
            title: &j.title,
            company: j.company.as_deref(),
            location: j.location.as_deref(),
            description: j.description.as_deref(),
            raw_text: j.raw_text.as_deref(),
            parsed_keywords: &j.keywords,
            requirements: &j.requirements,
            preferred_requirements: &j.preferred_requirements,
            responsibilities: &j.responsibilities,
            benefits: &j.benefits,
            salary_range: j.salary_range.as_deref(),
            salary: j.salary.as_ref().map(SalaryResponse::from),
            remote: j.remote,
            work_mode: j.work_mode.map(|w| w.as_str()),
            employment_type: j.employment_type.as_str(),
            seniority: j.seniority.map(|s| s.as_str()),
            years_experience: j.years_experience,
            status: j.status.as_str(),
            application_status: j.application_status.as_str(),
            applied_date: j.applied_date.map(naive_iso),
            notes: j.notes.as_deref(),
            source_url: j.source_url.as_deref(),
            created_at: naive_iso(j.created_at),
            updated_at: naive_iso(j.updated_at),
        }
    }
}

impl<'a> JobResponse<'a> {
    /// A catalogue posting as the browse list shows it.
    pub fn browsed(j: &'a CatalogueJob, id: String, now: &str) -> Self {
        Self {
            id,
            user_id: None,
            source: JobSource::Mock.as_str(),
            title: &j.title,
            company: Some(&j.company),
            location: j.location.as_deref(),
            description: Some(&j.description),
            raw_text: None,
            parsed_keywords: &j.keywords,
            requirements: &j.requirements,
            preferred_requirements: &j.preferred_requirements,
            responsibilities: &j.responsibilities,
            benefits: &j.benefits,
            salary_range: j.salary_range.as_deref(),
            salary: j.salary.as_ref().map(SalaryResponse::from),
            remote: j.remote,
            work_mode: Some(j.work_mode.as_str()),
            employment_type: j.employment_type.as_str(),
            seniority: Some(j.seniority.as_str()),
            years_experience: None,
            status: JobStatus::Active.as_str(),
            application_status: ApplicationStatus::NotApplied.as_str(),
            applied_date: None,
            notes: None,
            source_url: None,
            created_at: now.to_owned(),
            updated_at: now.to_owned(),
        }
    }
}

/// The pagination object of job lists. `hasMore` is camelCase on purpose: the app reads
/// exactly that key.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobPagination {
    pub limit: u64,
    pub offset: u64,
    pub total: u64,
    #[serde(rename = "hasMore")]
    pub has_more: bool,
}

impl JobPagination {
    pub fn new(limit: u64, offset: u64, shown: usize, total: u64) -> Self {
        Self {
            limit,
            offset,
            total,
            has_more: offset.saturating_add(shown as u64) < total,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobListResponse<'a> {
    pub jobs: Vec<JobResponse<'a>>,
    /// All jobs matching the filters.
    pub total: u64,
    pub pagination: JobPagination,
}

/// One entry of a job's application-status timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeResponse {
    /// `null` for the first entry, written when the job was saved.
    #[schema(value_type = Option<ApplicationStatusValue>)]
    pub from_status: Option<&'static str>,
    #[schema(value_type = ApplicationStatusValue)]
    pub to_status: &'static str,
    pub changed_at: String,
}

impl From<&StatusChange> for StatusChangeResponse {
    fn from(c: &StatusChange) -> Self {
        Self {
            from_status: c.from_status.map(ApplicationStatus::as_str),
            to_status: c.to_status.as_str(),
            changed_at: naive_iso(c.changed_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusHistoryResponse {
    pub job_id: String,
    /// Oldest first.
    pub history: Vec<StatusChangeResponse>,
    pub total: u64,
    pub pagination: JobPagination,
}

// ---------- requests ----------

/// The pydantic `enum` error for a value outside `expected`.
pub fn enum_error(loc: Vec<LocItem>, value: &str, expected: &str) -> FieldError {
    FieldError::new(
        "enum",
        loc,
        format!("Input should be {expected}"),
        json!(value),
    )
    .with_ctx(json!({ "expected": expected }))
}

/// Parses an optional enum field, reporting a value outside the set at `loc`.
fn check_enum<T>(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocItem>,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Option<T> {
    let value = value?;
    let parsed = parse(value);
    if parsed.is_none() {
        errors.push(enum_error(loc, value, expected));
    }
    parsed
}

/// The structured form of `POST /jobs`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = JobCreateStructured)]
pub struct StructuredJobRequest {
    /// Not all blank (stored trimmed).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// Not all blank (stored trimmed).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub company: String,
    /// Default `user_created`.
    #[serde(default)]
    #[schema(value_type = Option<SavedJobSourceValue>)]
    pub source: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub location: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// Blank entries are dropped.
    #[serde(default)]
    #[schema(schema_with = posting_items)]
    pub requirements: Option<Vec<String>>,
    /// Blank entries are dropped.
    #[serde(default)]
    #[schema(schema_with = posting_items)]
    pub preferred_requirements: Option<Vec<String>>,
    /// Blank entries are dropped.
    #[serde(default)]
    #[schema(schema_with = posting_items)]
    pub responsibilities: Option<Vec<String>>,
    /// Blank entries are dropped.
    #[serde(default)]
    #[schema(schema_with = posting_items)]
    pub benefits: Option<Vec<String>>,
    /// `"120000-180000"`; read into `salary` when it states numbers.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub salary_range: Option<String>,
    #[serde(default)]
    pub remote: Option<bool>,
    /// Default `full_time`.
    #[serde(default)]
    #[schema(value_type = Option<EmploymentTypeValue>)]
    pub employment_type: Option<String>,
    /// Default `active`.
    #[serde(default)]
    #[schema(value_type = Option<JobStatusValue>)]
    pub status: Option<String>,
}

fn posting_items() -> utoipa::openapi::schema::Schema {
    string_list(MAX_LIST_ITEMS, MAX_ITEM_LEN, false, true)
}

impl StructuredJobRequest {
    /// Checks every field at `loc` (`["body", "JobCreateStructured"]`) and returns the
    /// domain value when all pass.
    pub fn check(self, loc: &[LocItem], e: &mut Vec<FieldError>) -> Option<StructuredJob> {
        let before = e.len();
        check_len(e, at(loc, "title"), &self.title, 1, MAX_TITLE_LEN);
        check_len(e, at(loc, "company"), &self.company, 1, MAX_COMPANY_LEN);
        let source = check_enum(
            e,
            at(loc, "source"),
            self.source.as_deref(),
            JobSource::parse,
            &JobSource::expected(),
        );
        check_opt_len(
            e,
            at(loc, "location"),
            self.location.as_deref(),
            0,
            MAX_LOCATION_LEN,
        );
        check_opt_len(
            e,
            at(loc, "description"),
            self.description.as_deref(),
            0,
            MAX_DESCRIPTION_LEN,
        );
        for (name, list) in [
            ("requirements", &self.requirements),
            ("preferred_requirements", &self.preferred_requirements),
            ("responsibilities", &self.responsibilities),
            ("benefits", &self.benefits),
        ] {
            if let Some(list) = list {
                check_strings(e, &at(loc, name), list, MAX_LIST_ITEMS, MAX_ITEM_LEN);
            }
        }
        check_opt_len(
            e,
            at(loc, "salary_range"),
            self.salary_range.as_deref(),
            0,
            MAX_SALARY_RANGE_LEN,
        );
        let employment_type = check_enum(
            e,
            at(loc, "employment_type"),
            self.employment_type.as_deref(),
            EmploymentType::parse,
            &EmploymentType::expected(),
        );
        let status = check_enum(
            e,
            at(loc, "status"),
            self.status.as_deref(),
            JobStatus::parse,
            &JobStatus::expected(),
        );
        (e.len() == before).then(|| StructuredJob {
            title: self.title,
            company: self.company,
            source,
            location: self.location,
            description: self.description,
            requirements: self.requirements.unwrap_or_default(),
            preferred_requirements: self.preferred_requirements.unwrap_or_default(),
            responsibilities: self.responsibilities.unwrap_or_default(),
            benefits: self.benefits.unwrap_or_default(),
            salary_range: self.salary_range,
            remote: self.remote.unwrap_or(false),
            employment_type,
            status,
        })
    }
}

/// `PUT /jobs/{id}`: any of these; `null` or absent leaves a field as it is. An empty
/// `location`, `description` or `notes` clears it. Unknown keys (the app sends
/// `parsed_keywords`) are ignored.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateJobRequest {
    /// 1 to 200 characters without surrounding spaces (stored trimmed).
    #[serde(default)]
    #[schema(schema_with = trimmed_title)]
    pub title: Option<String>,
    /// 1 to 200 characters without surrounding spaces (stored trimmed).
    #[serde(default)]
    #[schema(schema_with = trimmed_title)]
    pub company: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub location: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<JobStatusValue>)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<ApplicationStatusValue>)]
    pub application_status: Option<String>,
    /// `YYYY-MM-DD` (midnight UTC), an RFC 3339 date-time, or a date-time without offset
    /// (`YYYY-MM-DDTHH:MM[:SS[.ffffff]]`, UTC), in the years 1970 to 2100 (UTC).
    #[serde(default)]
    #[schema(schema_with = applied_date)]
    pub applied_date: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
}

/// The body of `PUT /jobs/{id}`: an [`UpdateJobRequest`] with at least one field that is not
/// `null` (otherwise 422 `At least one field must be provided for update`).
pub struct JobUpdate;

impl PartialSchema for JobUpdate {
    fn schema() -> RefOr<Schema> {
        let RefOr::T(Schema::Object(fields)) = UpdateJobRequest::schema() else {
            unreachable!("a struct's schema is an object")
        };
        // Every field is a string (or one of a set of strings) when it is not `null`.
        let any_field = fields
            .properties
            .keys()
            .fold(AnyOfBuilder::new(), |any, name| {
                any.item(ObjectBuilder::new().required(name.as_str()).property(
                    name.as_str(),
                    ObjectBuilder::new().schema_type(Type::String),
                ))
            });
        AllOfBuilder::new()
            .item(Ref::from_schema_name(UpdateJobRequest::name()))
            .item(any_field)
            .description(Some(
                "Any of the job's fields; at least one must be given and not `null`.",
            ))
            .into()
    }
}

impl ToSchema for JobUpdate {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((UpdateJobRequest::name().into(), UpdateJobRequest::schema()));
        UpdateJobRequest::schemas(schemas);
    }
}

fn trimmed_title() -> utoipa::openapi::schema::Schema {
    optional_trimmed(1, MAX_TITLE_LEN)
}

fn applied_date() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let string = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
            .pattern(Some(APPLIED_YEAR_PATTERN))
    };
    AnyOfBuilder::new()
        .item(string(KnownFormat::Date))
        .item(string(KnownFormat::DateTime))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(NAIVE_DATE_TIME_PATTERN)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// The years 1970 to 2100 at the start of a date.
const APPLIED_YEAR_PATTERN: &str = r"^(?:19[7-9][0-9]|20[0-9]{2}|2100)-";

/// A date-time without offset, as `parse_date_time` reads one (the pattern leaves out
/// 29 February, which the `date` and `date-time` forms cover).
const NAIVE_DATE_TIME_PATTERN: &str = concat!(
    r"^(?:19[7-9][0-9]|20[0-9]{2}|2100)-",
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?$",
);

impl Validate for UpdateJobRequest {
    fn validate(&self, e: &mut Vec<FieldError>) {
        let body: Vec<LocItem> = vec!["body".into()];
        check_job_name(e, at(&body, "title"), self.title.as_deref(), MAX_TITLE_LEN);
        check_job_name(
            e,
            at(&body, "company"),
            self.company.as_deref(),
            MAX_COMPANY_LEN,
        );
        check_opt_len(
            e,
            at(&body, "location"),
            self.location.as_deref(),
            0,
            MAX_LOCATION_LEN,
        );
        check_opt_len(
            e,
            at(&body, "description"),
            self.description.as_deref(),
            0,
            MAX_DESCRIPTION_LEN,
        );
        check_enum(
            e,
            at(&body, "status"),
            self.status.as_deref(),
            JobStatus::parse,
            &JobStatus::expected(),
        );
        check_enum(
            e,
            at(&body, "application_status"),
            self.application_status.as_deref(),
            ApplicationStatus::parse,
            &ApplicationStatus::expected(),
        );
        if let Some(raw) = self.applied_date.as_deref()
            && parse_date_time(raw).is_none()
        {
            e.push(FieldError::new(
                "datetime_parsing",
                at(&body, "applied_date"),
                "Input should be a valid date or datetime: YYYY-MM-DD or ISO 8601",
                Value::String(raw.chars().take(100).collect()),
            ));
        }
        check_opt_len(
            e,
            at(&body, "notes"),
            self.notes.as_deref(),
            0,
            MAX_NOTES_LEN,
        );
    }
}

/// A title or company to set, by the domain's rule ([`job_name`]: kept trimmed, never
/// blank): a blank one is reported as the schema's `min_length` of 1, a kept value longer
/// than `max` as its `max_length`.
fn check_job_name(e: &mut Vec<FieldError>, loc: Vec<LocItem>, value: Option<&str>, max: usize) {
    if let Some(raw) = value {
        check_len(e, loc, job_name(raw).unwrap_or_default(), 1, max);
    }
}

impl UpdateJobRequest {
    /// The domain patch; call after [`Validate`] passed.
    pub fn into_patch(self) -> JobPatch {
        JobPatch {
            title: self.title,
            company: self.company,
            location: self.location,
            description: self.description,
            status: self.status.as_deref().and_then(JobStatus::parse),
            application_status: self
                .application_status
                .as_deref()
                .and_then(ApplicationStatus::parse),
            applied_date: self.applied_date.as_deref().and_then(parse_date_time),
            notes: self.notes,
        }
    }
}

/// The years an `applied_date` may be in (both databases store them; a leap second is not
/// accepted).
const APPLIED_YEARS: std::ops::RangeInclusive<i32> = 1970..=2100;

/// `YYYY-MM-DD` (midnight UTC), a naive date-time (UTC) or an RFC 3339 date-time, in the
/// years 1970 to 2100.
pub fn parse_date_time(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{Datelike, NaiveDate, NaiveDateTime, SubsecRound, Timelike};
    let raw = raw.trim();
    let parsed = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        t.to_utc()
    } else if let Ok(t) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f") {
        t.and_utc()
    } else if let Ok(t) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M") {
        t.and_utc()
    } else {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
    };
    (APPLIED_YEARS.contains(&parsed.year()) && parsed.nanosecond() < 1_000_000_000)
        .then(|| parsed.trunc_subsecs(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applied_dates_are_read_as_dates_naive_or_offset_date_times() {
        let day = parse_date_time("2026-03-04").unwrap();
        assert_eq!(naive_iso(day), "2026-03-04T00:00:00");
        let naive = parse_date_time("2026-03-04T10:11:12.123456").unwrap();
        assert_eq!(naive_iso(naive), "2026-03-04T10:11:12.123456");
        let offset = parse_date_time("2026-03-04T10:11:12+02:00").unwrap();
        assert_eq!(naive_iso(offset), "2026-03-04T08:11:12");
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "04/03/2026",
            "-5000-01-01",
            "1969-12-31",
            "2101-01-01",
            "2026-06-30T23:59:60Z",
        ] {
            assert!(parse_date_time(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn has_more_is_whether_anything_follows_the_page() {
        assert!(JobPagination::new(20, 0, 20, 21).has_more);
        assert!(!JobPagination::new(20, 0, 20, 20).has_more);
        assert!(!JobPagination::new(20, 40, 0, 20).has_more);
        let json = serde_json::to_value(JobPagination::new(1, 0, 1, 2)).unwrap();
        assert_eq!(json["hasMore"], true);
        assert!(json.get("has_more").is_none());
    }

    #[test]
    fn structured_requests_report_every_bad_field_under_the_model_name() {
        let loc: Vec<LocItem> = vec!["body".into(), "JobCreateStructured".into()];
        let request = StructuredJobRequest {
            title: String::new(),
            company: "Acme".into(),
            source: Some("weird_source".into()),
            location: None,
            description: None,
            requirements: Some(vec!["x".repeat(MAX_ITEM_LEN + 1)]),
            preferred_requirements: None,
            responsibilities: None,
            benefits: None,
            salary_range: None,
            remote: None,
            employment_type: Some("gig".into()),
            status: None,
        };
        let mut errors = Vec::new();
        assert!(request.check(&loc, &mut errors).is_none());
        let locs: Vec<String> = errors
            .iter()
            .map(|e| serde_json::to_string(&e.loc).unwrap())
            .collect();
        assert_eq!(
            locs,
            [
                r#"["body","JobCreateStructured","title"]"#,
                r#"["body","JobCreateStructured","source"]"#,
                r#"["body","JobCreateStructured","requirements",0]"#,
                r#"["body","JobCreateStructured","employment_type"]"#,
            ]
        );
        assert_eq!(errors[1].kind, "enum");
        assert!(errors[1].msg.contains("'url_import'"), "{}", errors[1].msg);
    }

    #[test]
    fn a_blank_title_or_company_on_update_is_too_short_and_a_long_one_too_long() {
        let errors = |request: UpdateJobRequest| {
            let mut errors = Vec::new();
            request.validate(&mut errors);
            errors
        };
        let e = errors(UpdateJobRequest {
            title: Some(" \t ".into()),
            company: Some(format!(" {} ", "c".repeat(MAX_COMPANY_LEN + 1))),
            ..UpdateJobRequest::default()
        });
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].kind, "string_too_short");
        assert_eq!(
            e[0].loc,
            vec![LocItem::from("body"), LocItem::from("title")]
        );
        assert_eq!(e[0].input, json!(""));
        assert_eq!(e[0].ctx, Some(json!({"min_length": 1})));
        assert_eq!(e[1].kind, "string_too_long");
        assert_eq!(
            e[1].loc,
            vec![LocItem::from("body"), LocItem::from("company")]
        );
        let fine = errors(UpdateJobRequest {
            title: Some(format!("  {}  ", "t".repeat(MAX_TITLE_LEN))),
            ..UpdateJobRequest::default()
        });
        assert!(fine.is_empty(), "{fine:?}");
    }
}
