//! Export request and response bodies (SPEC §3.6).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tailor_domain::export::{Export, ExportFormat, RenderOptions, Template};
use tailor_domain::generation::GenerationId;
use tailor_domain::services::exports::MAX_BATCH;
use tailor_domain::services::{ExportView, JobExports};
use utoipa::ToSchema;

use crate::time::naive_iso;
use crate::validation::{FieldError, Validate, at, body_loc, parse_uuid};

/// `modern`, `classic`, `creative` or `ats-optimized`.
#[derive(ToSchema)]
#[schema(as = TemplateId)]
#[allow(dead_code)]
pub enum TemplateIdValue {
    #[schema(rename = "modern")]
    Modern,
    #[schema(rename = "classic")]
    Classic,
    #[schema(rename = "creative")]
    Creative,
    #[schema(rename = "ats-optimized")]
    AtsOptimized,
}

/// `pdf`, `docx` or `zip` (the contract's), and `md` or `txt`.
#[derive(ToSchema)]
#[schema(as = ExportFormat)]
#[allow(dead_code)]
pub enum ExportFormatValue {
    #[schema(rename = "pdf")]
    Pdf,
    #[schema(rename = "docx")]
    Docx,
    #[schema(rename = "zip")]
    Zip,
    #[schema(rename = "md")]
    Md,
    #[schema(rename = "txt")]
    Txt,
}

fn enum_error(field: &str, raw: &str, expected: &str) -> FieldError {
    FieldError::new(
        "enum",
        body_loc(field),
        format!("Input should be {expected}"),
        json!(raw),
    )
    .with_ctx(json!({ "expected": expected }))
}

const TEMPLATES: &str = "'modern', 'classic', 'creative' or 'ats-optimized'";
const FORMATS: &str = "'pdf', 'docx', 'zip', 'md' or 'txt'";

fn check_template(errors: &mut Vec<FieldError>, raw: &str) -> Option<Template> {
    let t = Template::parse(raw);
    if t.is_none() {
        errors.push(enum_error("template", raw, TEMPLATES));
    }
    t
}

fn check_format(errors: &mut Vec<FieldError>, raw: &str) -> Option<ExportFormat> {
    let f = ExportFormat::parse(raw);
    if f.is_none() {
        errors.push(enum_error("format", raw, FORMATS));
    }
    f
}

fn check_options(errors: &mut Vec<FieldError>, options: Option<&Value>) {
    if let Some(value) = options
        && !value.is_object()
        && !value.is_null()
    {
        errors.push(FieldError::new(
            "dict_type",
            body_loc("options"),
            "Input should be a valid dictionary",
            value.clone(),
        ));
    }
}

fn options_of(options: Option<&Value>) -> RenderOptions {
    RenderOptions::from_json(options.and_then(Value::as_object))
}

/// `POST /exports/pdf`, `/docx`, `/markdown` and `/text`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExportCreateRequest {
    #[schema(format = Uuid)]
    pub generation_id: String,
    #[schema(value_type = TemplateIdValue)]
    pub template: String,
    /// Must be the route's format (`pdf` on `/exports/pdf`, and so on).
    #[schema(value_type = ExportFormatValue)]
    pub format: String,
    /// Read: `font_family`, `font_size` (6–24), `line_height` or `line_spacing` (0.8–3),
    /// `accent_color`, `text_color`, `primary_color` (colour words or hex), `paper`
    /// (`letter` or `a4`; default from the profile's country). Anything else is ignored.
    #[schema(value_type = Option<Object>)]
    pub options: Option<Value>,
}

impl Validate for ExportCreateRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        parse_uuid(errors, body_loc("generation_id"), &self.generation_id);
        check_template(errors, &self.template);
        check_format(errors, &self.format);
        check_options(errors, self.options.as_ref());
    }
}

impl ExportCreateRequest {
    /// The checked values (call after validation).
    pub fn parts(&self) -> Option<(GenerationId, Template, ExportFormat, RenderOptions)> {
        Some((
            GenerationId::from_uuid(uuid::Uuid::parse_str(self.generation_id.trim()).ok()?),
            Template::parse(&self.template)?,
            ExportFormat::parse(&self.format)?,
            options_of(self.options.as_ref()),
        ))
    }
}

/// `POST /exports/batch`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchExportRequest {
    /// Up to 20 generation ids; repeats count once; missing, another user's or empty ones
    /// are skipped (and named in the export's `metadata.skipped_generations`).
    #[schema(value_type = Vec<uuid::Uuid>, max_items = 20)]
    pub generation_ids: Vec<String>,
    #[schema(value_type = TemplateIdValue)]
    pub template: String,
    /// `pdf`, `docx`, `md` or `txt` (not `zip`: 400).
    #[schema(value_type = ExportFormatValue)]
    pub format: String,
    #[schema(value_type = Option<Object>)]
    pub options: Option<Value>,
}

impl Validate for BatchExportRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        let loc = body_loc("generation_ids");
        if self.generation_ids.len() > MAX_BATCH {
            errors.push(
                FieldError::new(
                    "too_long",
                    loc.clone(),
                    format!(
                        "List should have at most {MAX_BATCH} items after validation, not {}",
                        self.generation_ids.len()
                    ),
                    Value::Null,
                )
                .with_ctx(json!({ "field_type": "List", "max_length": MAX_BATCH, "actual_length": self.generation_ids.len() })),
            );
        } else {
            for (i, raw) in self.generation_ids.iter().enumerate() {
                parse_uuid(errors, at(&loc, i), raw);
            }
        }
        check_template(errors, &self.template);
        check_format(errors, &self.format);
        check_options(errors, self.options.as_ref());
    }
}

impl BatchExportRequest {
    pub fn ids(&self) -> Vec<GenerationId> {
        self.generation_ids
            .iter()
            .filter_map(|raw| uuid::Uuid::parse_str(raw.trim()).ok())
            .map(GenerationId::from_uuid)
            .collect()
    }

    pub fn options(&self) -> RenderOptions {
        options_of(self.options.as_ref())
    }
}

/// `POST /exports/preview`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PreviewRequest {
    #[schema(format = Uuid)]
    pub generation_id: String,
    #[schema(value_type = TemplateIdValue)]
    pub template: String,
    #[schema(value_type = Option<Object>)]
    pub options: Option<Value>,
}

impl Validate for PreviewRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        parse_uuid(errors, body_loc("generation_id"), &self.generation_id);
        check_template(errors, &self.template);
        check_options(errors, self.options.as_ref());
    }
}

impl PreviewRequest {
    pub fn parts(&self) -> Option<(GenerationId, Template, RenderOptions)> {
        Some((
            GenerationId::from_uuid(uuid::Uuid::parse_str(self.generation_id.trim()).ok()?),
            Template::parse(&self.template)?,
            options_of(self.options.as_ref()),
        ))
    }
}

/// What an export was made from, and facts about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportMetadataResponse {
    /// `resume` or `cover_letter`; `null` for a ZIP.
    pub document_type: Option<String>,
    /// The generation's id; `null` for a ZIP.
    pub created_from: Option<String>,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub ats_score: Option<f64>,
    /// `letter` or `a4` (PDF).
    pub paper: Option<String>,
    /// Characters no available font can show (printed as blank boxes).
    pub missing_glyphs: Vec<String>,
    /// A ZIP's files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// A ZIP's requested generations that were skipped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped_generations: Vec<String>,
}

/// An export (SPEC §3.6 `ExportResponse`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub user_id: i64,
    pub generation_id: Option<String>,
    pub job_id: Option<String>,
    #[schema(value_type = ExportFormatValue)]
    pub format: &'static str,
    #[schema(value_type = TemplateIdValue)]
    pub template: &'static str,
    pub filename: String,
    pub file_size_bytes: u64,
    /// Pages of a PDF; `null` otherwise.
    pub page_count: Option<u32>,
    /// Files in a ZIP; `null` otherwise.
    pub file_count: Option<u32>,
    /// An absolute URL that downloads the file without an `Authorization` header until
    /// `download_expires_at`; every read of the export gives a fresh one.
    pub download_url: String,
    pub download_expires_at: String,
    /// Always `null`.
    #[schema(value_type = Option<String>)]
    pub local_cache_path: Option<()>,
    /// Always `null`.
    #[schema(value_type = Option<String>)]
    pub cache_expires_at: Option<()>,
    /// Lower-case hex SHA-256 of the file (also its download `ETag`).
    pub sha256: String,
    /// When the export is removed (30 days after it was made, by default).
    pub expires_at: String,
    pub created_at: String,
    pub metadata: ExportMetadataResponse,
}

impl ExportResponse {
    /// `base` is the server's public origin (`https://host`), without a trailing slash.
    pub fn new(view: ExportView, base: &str) -> Self {
        let ExportView { export: e, link } = view;
        let download_url = format!(
            "{base}/api/v1/exports/download/{}?token={}&expires={}",
            link.name, link.token, link.expires
        );
        let expires = chrono::DateTime::from_timestamp(link.expires, 0).unwrap_or_default();
        let m = e.metadata;
        Self {
            id: e.id.to_string(),
            user_id: e.user_id.get(),
            generation_id: e.generation_id.map(|g| g.to_string()),
            job_id: e.job_id.map(|j| j.to_string()),
            format: e.format.as_str(),
            template: e.template.as_str(),
            filename: e.filename,
            file_size_bytes: e.size_bytes,
            page_count: e.page_count,
            file_count: e.file_count,
            download_url,
            download_expires_at: naive_iso(expires),
            local_cache_path: None,
            cache_expires_at: None,
            sha256: e.sha256,
            expires_at: naive_iso(e.expires_at),
            created_at: naive_iso(e.created_at),
            metadata: ExportMetadataResponse {
                document_type: m.document_type,
                created_from: m.created_from,
                job_title: m.job_title,
                company: m.company,
                ats_score: m.ats_score,
                paper: m.paper,
                missing_glyphs: m.missing_glyphs,
                files: m.files,
                skipped_generations: m.skipped_generations,
            },
        }
    }
}

/// `GET /exports/files`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportListResponse {
    pub exports: Vec<ExportResponse>,
    /// All live exports matching the filters.
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// `GET /exports/files/job/{job_id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobExportsResponse {
    pub job_id: String,
    pub job_title: String,
    pub company: String,
    /// By the UTC date they were made (`YYYY-MM-DD`), newest first within a day.
    pub exports_by_date: BTreeMap<String, Vec<ExportResponse>>,
    /// All live exports of the job (of the format, when filtered).
    pub total_exports: u64,
    pub total_size_bytes: u64,
}

impl JobExportsResponse {
    pub fn new(found: JobExports, base: &str) -> Self {
        let mut exports_by_date: BTreeMap<String, Vec<ExportResponse>> = BTreeMap::new();
        for view in found.exports {
            let day = view.export.created_at.format("%Y-%m-%d").to_string();
            exports_by_date
                .entry(day)
                .or_default()
                .push(ExportResponse::new(view, base));
        }
        Self {
            job_id: found.job.id.to_string(),
            job_title: found.job.title,
            company: found.job.company.unwrap_or_default(),
            exports_by_date,
            total_exports: found.total,
            total_size_bytes: found.total_size_bytes,
        }
    }
}

/// The export's file name as an HTTP `Content-Disposition` value (ASCII, quoted).
pub fn content_disposition(export: &Export) -> String {
    let safe: String = export
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    format!("attachment; filename=\"{safe}\"")
}

/// A template of the catalogue (SPEC §7).
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateInfo {
    #[schema(value_type = TemplateIdValue)]
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub ats_score: u32,
    pub industries: Vec<&'static str>,
    pub supports_customization: Customization,
    /// Always `null`: previews are made by `POST /exports/preview`.
    #[schema(value_type = Option<String>)]
    pub preview_url: Option<()>,
    #[schema(value_type = Object)]
    pub default_options: Map<String, Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Customization {
    pub accent_color: bool,
    pub font_family: bool,
}

/// `GET /exports/templates`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateList {
    pub templates: Vec<TemplateInfo>,
}

/// The catalogue entry of a template; `short` gives the first sentence of the description
/// (the single-template route's).
pub fn template_info(template: Template, short: bool) -> TemplateInfo {
    let (name, long, brief, ats, industries, accent, font, defaults) = match template {
        Template::Modern => (
            "Modern",
            "Clean, minimalist design with accent colors and sans-serif fonts. Perfect for tech and creative roles.",
            "Clean, minimalist design with accent colors and sans-serif fonts.",
            85,
            vec!["Tech", "Startups", "Software"],
            true,
            false,
            json!({"font_family": "Helvetica, Arial, sans-serif", "font_size": 11, "line_spacing": 1.15, "accent_color": "#2563EB"}),
        ),
        Template::Classic => (
            "Classic",
            "Traditional, professional design with serif fonts. Ideal for corporate and formal positions.",
            "Traditional, professional design with serif fonts.",
            95,
            vec!["Corporate", "Finance", "Legal"],
            false,
            true,
            json!({"font_family": "Georgia, Times New Roman, serif", "font_size": 11, "line_spacing": 1.2}),
        ),
        Template::Creative => (
            "Creative",
            "Bold, eye-catching design with sidebar layout and color accents. Great for design and marketing roles.",
            "Bold, eye-catching design with sidebar layout and color accents.",
            75,
            vec!["Design", "Marketing", "Media"],
            true,
            true,
            json!({"font_family": "Helvetica Neue, Arial, sans-serif", "font_size": 10.5, "line_spacing": 1.3, "accent_color": "#2c3e50", "secondary_color": "#95a5a6", "highlight_color": "#e74c3c"}),
        ),
        Template::AtsOptimized => (
            "ATS-Optimized",
            "Maximum parsability for Applicant Tracking Systems. Simple text-only layout without complex formatting.",
            "Maximum parsability for ATS systems.",
            98,
            vec!["Enterprise", "Government"],
            false,
            false,
            json!({"font_family": "Arial, sans-serif", "font_size": 11, "line_spacing": 1.15}),
        ),
    };
    TemplateInfo {
        id: template.as_str(),
        name,
        description: if short { brief } else { long },
        ats_score: ats,
        industries,
        supports_customization: Customization {
            accent_color: accent,
            font_family: font,
        },
        preview_url: None,
        default_options: match defaults {
            Value::Object(map) => map,
            _ => Map::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reports_every_bad_field() {
        let body = ExportCreateRequest {
            generation_id: "nope".into(),
            template: "ats_optimized".into(),
            format: "PDF".into(),
            options: Some(json!([1])),
        };
        let mut errors = Vec::new();
        body.validate(&mut errors);
        let kinds: Vec<&str> = errors.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["uuid_parsing", "enum", "enum", "dict_type"]);
        assert!(body.parts().is_none());
    }

    #[test]
    fn a_batch_is_bounded_and_its_ids_checked() {
        let many = BatchExportRequest {
            generation_ids: vec![uuid::Uuid::nil().to_string(); 21],
            template: "modern".into(),
            format: "pdf".into(),
            options: None,
        };
        let mut errors = Vec::new();
        many.validate(&mut errors);
        assert_eq!(errors[0].kind, "too_long");
        let bad = BatchExportRequest {
            generation_ids: vec![uuid::Uuid::nil().to_string(), "x".into()],
            ..many
        };
        let mut errors = Vec::new();
        bad.validate(&mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            serde_json::to_value(&errors[0].loc).unwrap(),
            json!(["body", "generation_ids", 1])
        );
    }

    #[test]
    fn the_catalogue_has_the_contracts_four_templates() {
        let ids: Vec<&str> = Template::ALL
            .iter()
            .map(|t| template_info(*t, false).id)
            .collect();
        assert_eq!(ids, ["modern", "classic", "creative", "ats-optimized"]);
        let ats = template_info(Template::AtsOptimized, true);
        assert_eq!(ats.description, "Maximum parsability for ATS systems.");
        assert_eq!(ats.ats_score, 98);
    }
}
