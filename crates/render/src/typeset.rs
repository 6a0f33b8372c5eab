//! PDF and PNG through typst, used as a library.
//!
//! The templates are versioned `.typ` files compiled into the binary. The document's data
//! reaches them only as one JSON string in `sys.inputs` that the template decodes with
//! `json(...)` and places as text values: user text is never parsed as markup, so a bullet
//! reading `#set page(width: 1pt)` prints exactly that. The [`World`] a template runs in
//! serves the embedded templates and fonts only: no files, no network, no packages, no
//! clock.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use serde::Serialize;
use tailor_domain::export::{Paper, Template};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, Scalar};
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::bidi::is_rtl;
use crate::content::{Document, Letter, Resume, date_range};
use crate::fonts::Fonts;
use crate::style::{Layout, Style};

/// The templates, by virtual path. `common` is imported by the others.
const TEMPLATE_FILES: &[(&str, &str)] = &[
    ("/common.v1.typ", include_str!("../templates/common.v1.typ")),
    (
        "/resume-modern.v1.typ",
        include_str!("../templates/resume-modern.v1.typ"),
    ),
    (
        "/resume-classic.v1.typ",
        include_str!("../templates/resume-classic.v1.typ"),
    ),
    (
        "/resume-creative.v1.typ",
        include_str!("../templates/resume-creative.v1.typ"),
    ),
    (
        "/resume-ats-optimized.v1.typ",
        include_str!("../templates/resume-ats-optimized.v1.typ"),
    ),
    (
        "/cover-letter.v1.typ",
        include_str!("../templates/cover-letter.v1.typ"),
    ),
];

/// Pixels per point of the PNG preview (a Letter page is 918 × 1188 px).
const PREVIEW_PIXELS_PER_PT: f64 = 1.5;

/// The parsed templates, built once.
pub(crate) struct Templates {
    sources: HashMap<FileId, Source>,
}

impl Templates {
    pub(crate) fn new() -> anyhow::Result<Self> {
        let mut sources = HashMap::new();
        for (path, text) in TEMPLATE_FILES {
            let id = file_id(path)?;
            sources.insert(id, Source::new(id, (*text).to_owned()));
        }
        Ok(Self { sources })
    }

    fn main(layout: Layout) -> &'static str {
        match layout {
            Layout::Resume(Template::Modern) => "/resume-modern.v1.typ",
            Layout::Resume(Template::Classic) => "/resume-classic.v1.typ",
            Layout::Resume(Template::Creative) => "/resume-creative.v1.typ",
            Layout::Resume(Template::AtsOptimized) => "/resume-ats-optimized.v1.typ",
            Layout::Letter => "/cover-letter.v1.typ",
        }
    }
}

fn file_id(path: &str) -> anyhow::Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow!("template path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One render's world: the shared fonts and templates, this document's data.
struct RenderWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    templates: &'a Templates,
    main: FileId,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.templates
            .sources
            .get(&id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// What a document looks like on the page, and its metadata.
pub(crate) struct Page<'a> {
    pub layout: Layout,
    pub style: &'a Style,
    pub paper: Paper,
    pub title: &'a str,
    pub author: &'a str,
}

/// Lays the document out.
///
/// # Errors
/// A template error (a bug of this crate, never of the data).
pub(crate) fn compile(
    fonts: &Fonts,
    templates: &Templates,
    page: &Page<'_>,
    document: &Document,
) -> anyhow::Result<PagedDocument> {
    let data =
        serde_json::to_string(&TemplateData::new(page, document)).context("template data")?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.as_str().into_value());
    let world = RenderWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        fonts,
        templates,
        main: file_id(Templates::main(page.layout))?,
    };
    let result = typst::compile::<PagedDocument>(&world);
    if !result.warnings.is_empty() {
        tracing::debug!(warnings = %messages(&result.warnings), "typst warnings");
    }
    // Every render brings new data, so typst's memoised results of older renders are rarely
    // hit again: keep only what the last render used, so memory stays flat (measured: a
    // fifth less peak memory than keeping ten renders' worth, at the same speed).
    typst::comemo::evict(1);
    result
        .output
        .map_err(|errors| anyhow!("template error: {}", messages(&errors)))
}

/// The laid-out document as PDF (tagged, with title and author).
///
/// # Errors
/// When typst cannot write the PDF.
pub(crate) fn pdf(document: &PagedDocument) -> anyhow::Result<Vec<u8>> {
    typst_pdf::pdf(document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| anyhow!("PDF export: {}", messages(&errors)))
}

/// The first page as PNG.
///
/// # Errors
/// When the document has no page or the PNG cannot be encoded.
pub(crate) fn png_first_page(document: &PagedDocument) -> anyhow::Result<Vec<u8>> {
    let page = document
        .pages()
        .first()
        .context("the document has no page")?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(PREVIEW_PIXELS_PER_PT),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    encode_png(pixmap.width(), pixmap.height(), pixmap.data())
}

/// An opaque RGBA picture as a grey or RGB PNG (a page is opaque: typst fills it white),
/// which is smaller than the RGBA one tiny-skia would write. A colour page also loses the
/// two low bits of each channel (an invisible change, set so that white stays white),
/// which makes its PNG about a fifth smaller.
fn encode_png(width: u32, height: u32, rgba: &[u8]) -> anyhow::Result<Vec<u8>> {
    let grey = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (colour, pixels): (png::ColorType, Vec<u8>) = if grey {
        (
            png::ColorType::Grayscale,
            rgba.chunks_exact(4).map(|p| p[0]).collect(),
        )
    } else {
        (
            png::ColorType::Rgb,
            rgba.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .map(|c| c | 0b11)
                .collect(),
        )
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().context("PNG header")?;
    writer.write_image_data(&pixels).context("PNG data")?;
    writer.finish().context("PNG end")?;
    Ok(out)
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The section titles of a layout, as the template prints them (before any change of
/// case the template applies).
pub(crate) struct Labels {
    pub summary: &'static str,
    pub experience: &'static str,
    pub education: &'static str,
    pub skills: &'static str,
    pub projects: &'static str,
    pub languages: &'static str,
    pub certifications: &'static str,
}

impl Labels {
    pub(crate) fn of(template: Template) -> Self {
        let (summary, experience, education, skills, projects) = match template {
            Template::Modern => (
                "Professional Summary",
                "Professional Experience",
                "Education",
                "Skills",
                "Projects",
            ),
            Template::Classic => ("Summary", "Experience", "Education", "Skills", "Projects"),
            Template::Creative => (
                "About Me",
                "Experience",
                "Education",
                "Skills & Expertise",
                "Featured Projects",
            ),
            Template::AtsOptimized => (
                "Professional Summary",
                "Professional Experience",
                "Education",
                "Core Competencies",
                "Key Projects",
            ),
        };
        Self {
            summary,
            experience,
            education,
            skills,
            projects,
            languages: "Languages",
            certifications: "Certifications",
        }
    }
}

/// The texts of a resume that its PDF's text layer must carry: the name, the titles of the
/// sections printed, every entry's title and every bullet.
pub(crate) fn expected_texts(layout: Layout, document: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let name = &document.header().name;
    if !name.is_empty() {
        out.push(name.clone());
    }
    match (layout, document) {
        (Layout::Resume(template), Document::Resume(r)) => {
            let labels = Labels::of(template);
            let mut heading = |present: bool, label: &str| {
                if present {
                    out.push(label.to_owned());
                }
            };
            heading(!r.summary.is_empty(), labels.summary);
            heading(!r.experience.is_empty(), labels.experience);
            heading(!r.education.is_empty(), labels.education);
            heading(!r.skills.is_empty(), labels.skills);
            heading(!r.projects.is_empty(), labels.projects);
            for e in &r.experience {
                out.extend([e.title.clone(), e.company.clone()]);
                out.extend(e.bullets.iter().cloned());
            }
            for p in &r.projects {
                out.push(p.name.clone());
            }
            for e in &r.education {
                out.extend([e.degree.clone(), e.institution.clone()]);
            }
        }
        (_, Document::Letter(l)) => out.extend(l.paragraphs.iter().cloned()),
        (Layout::Letter, Document::Resume(_)) => {}
    }
    out.retain(|t| !t.is_empty());
    out
}

/// A user text as the templates take it: a string, or `{"rtl": string}` for a text that is
/// mostly right-to-left; `null` when empty.
#[derive(Serialize)]
#[serde(untagged)]
enum Txt {
    Ltr(String),
    Rtl { rtl: String },
}

fn txt(text: &str) -> Option<Txt> {
    if text.is_empty() {
        None
    } else if is_rtl(text) {
        Some(Txt::Rtl {
            rtl: text.to_owned(),
        })
    } else {
        Some(Txt::Ltr(text.to_owned()))
    }
}

fn txts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Txt> {
    texts.into_iter().filter_map(txt).collect()
}

/// Everything a template reads, as JSON in `sys.inputs.data`.
#[derive(Serialize)]
struct TemplateData {
    meta: Meta,
    style: StyleData,
    labels: HashMap<&'static str, &'static str>,
    header: HeaderData,
    summary: Option<Txt>,
    skills: Vec<GroupData>,
    /// Every skill name of every group, for templates that print one run of skills.
    competencies: Vec<Txt>,
    languages: Vec<Txt>,
    certifications: Vec<Txt>,
    experience: Vec<ExperienceData>,
    education: Vec<EducationData>,
    projects: Vec<ProjectData>,
    letter: Option<LetterData>,
}

#[derive(Serialize)]
struct Meta {
    title: Option<String>,
    author: Vec<String>,
    paper: &'static str,
}

#[derive(Serialize)]
struct StyleData {
    fonts: [&'static str; 2],
    size: f64,
    leading: f64,
    spacing: f64,
    text: String,
    accent: String,
    primary: String,
    muted: String,
}

#[derive(Serialize)]
struct HeaderData {
    name: Option<Txt>,
    name_upper: Option<Txt>,
    title: Option<Txt>,
    contacts: Vec<Txt>,
}

#[derive(Serialize)]
struct GroupData {
    name: Option<Txt>,
    items: Vec<Txt>,
}

#[derive(Serialize)]
struct ExperienceData {
    title: Option<Txt>,
    title_upper: Option<Txt>,
    company: Option<Txt>,
    location: Option<Txt>,
    dates: Option<Txt>,
    description: Vec<Txt>,
    bullets: Vec<Txt>,
}

#[derive(Serialize)]
struct EducationData {
    degree: Option<Txt>,
    institution: Option<Txt>,
    dates: Option<Txt>,
    end: Option<Txt>,
    gpa: Option<Txt>,
    honors: Option<Txt>,
}

#[derive(Serialize)]
struct ProjectData {
    name: Option<Txt>,
    description: Vec<Txt>,
    technologies: Vec<Txt>,
    technologies_line: Option<Txt>,
    url: Option<Txt>,
    dates: Option<Txt>,
    end: Option<Txt>,
}

#[derive(Serialize)]
struct LetterData {
    company: Option<Txt>,
    /// Each paragraph as its lines (a sign-off keeps its line break).
    paragraphs: Vec<Vec<Txt>>,
}

/// Lines of a multi-line text, each its own text (its own direction).
fn paragraph_lines(text: &str) -> Vec<Txt> {
    txts(text.lines())
}

impl TemplateData {
    fn new(page: &Page<'_>, document: &Document) -> Self {
        let style = page.style;
        let header = document.header();
        let title = [page.title.trim(), header.name.as_str()]
            .into_iter()
            .find(|t| !t.is_empty())
            .map(str::to_owned);
        let author = Some(page.author.trim())
            .filter(|a| !a.is_empty())
            .into_iter()
            .map(str::to_owned)
            .collect();
        let contacts = match document {
            Document::Resume(_) => header.contacts(),
            Document::Letter(_) => [&header.email, &header.phone, &header.location]
                .into_iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect(),
        };
        let mut data = Self {
            meta: Meta {
                title,
                author,
                paper: match page.paper {
                    Paper::Letter => "us-letter",
                    Paper::A4 => "a4",
                },
            },
            style: StyleData {
                fonts: [style.face.family(), style.face.other().family()],
                size: style.size,
                // CSS line-height is baseline to baseline; typst's leading is the gap
                // between one line's baseline and the next line's cap height.
                leading: (style.line_height - 0.7).max(0.1),
                spacing: (style.line_height - 0.7).max(0.1) + 0.3,
                text: style.text.hex(),
                accent: style.accent.hex(),
                primary: style.primary.hex(),
                muted: style.muted.hex(),
            },
            labels: HashMap::new(),
            header: HeaderData {
                name: txt(&header.name),
                name_upper: txt(&header.name.to_uppercase()),
                title: txt(&header.title),
                contacts: txts(contacts),
            },
            summary: None,
            skills: Vec::new(),
            competencies: Vec::new(),
            languages: Vec::new(),
            certifications: Vec::new(),
            experience: Vec::new(),
            education: Vec::new(),
            projects: Vec::new(),
            letter: None,
        };
        match (page.layout, document) {
            (Layout::Resume(template), Document::Resume(resume)) => {
                data.fill_resume(template, resume);
            }
            (_, Document::Letter(letter)) => data.fill_letter(letter),
            (Layout::Letter, Document::Resume(_)) => {}
        }
        data
    }

    fn fill_resume(&mut self, template: Template, r: &Resume) {
        let labels = Labels::of(template);
        self.labels = HashMap::from([
            ("summary", labels.summary),
            ("experience", labels.experience),
            ("education", labels.education),
            ("skills", labels.skills),
            ("projects", labels.projects),
            ("languages", labels.languages),
            ("certifications", labels.certifications),
        ]);
        self.summary = txt(&r.summary);
        self.skills = r
            .skills
            .groups
            .iter()
            .map(|g| GroupData {
                name: txt(&g.name),
                items: txts(g.items.iter().map(String::as_str)),
            })
            .collect();
        self.competencies = txts(
            r.skills
                .groups
                .iter()
                .flat_map(|g| g.items.iter().map(String::as_str)),
        );
        self.languages = r
            .skills
            .languages
            .iter()
            .filter_map(|l| txt(&l.display()))
            .collect();
        self.certifications = r
            .skills
            .certifications
            .iter()
            .filter_map(|c| txt(&c.display()))
            .collect();
        self.experience = r
            .experience
            .iter()
            .map(|e| ExperienceData {
                title: txt(&e.title),
                title_upper: txt(&e.title.to_uppercase()),
                company: txt(&e.company),
                location: txt(&e.location),
                dates: txt(&date_range(&e.start_date, &e.end_date, " – ")),
                description: paragraph_lines(&e.description),
                bullets: txts(e.bullets.iter().map(String::as_str)),
            })
            .collect();
        self.education = r
            .education
            .iter()
            .map(|e| EducationData {
                degree: txt(&e.degree_line()),
                institution: txt(&e.institution),
                dates: txt(&date_range(&e.start_date, &e.end_date, " – ")),
                end: txt(if e.end_date.is_empty() {
                    &e.start_date
                } else {
                    &e.end_date
                }),
                gpa: e.gpa_text().and_then(|g| txt(&format!("GPA: {g}"))),
                honors: txt(&e.honors.join(", ")),
            })
            .collect();
        self.projects = r
            .projects
            .iter()
            .map(|p| ProjectData {
                name: txt(&p.name),
                description: paragraph_lines(&p.description),
                technologies: txts(p.technologies.iter().map(String::as_str)),
                technologies_line: txt(&p.technologies.join(", ")),
                url: txt(&p.url),
                dates: txt(&date_range(&p.start_date, &p.end_date, " – ")),
                end: txt(&p.end_date),
            })
            .collect();
    }

    fn fill_letter(&mut self, letter: &Letter) {
        self.letter = Some(LetterData {
            company: txt(&letter.company),
            paragraphs: letter
                .paragraphs
                .iter()
                .map(|p| paragraph_lines(p))
                .filter(|p| !p.is_empty())
                .collect(),
        });
    }
}
