//! The renderer through its port: every template and format, options, scripts, injection,
//! previews, archives and the concurrency bound.

mod fixtures;

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;
use tailor_domain::export::{Paper, RenderFormat, RenderOptions, RenderedDocument, Template};
use tailor_domain::generation::DocumentType;
use tailor_domain::ports::{ArchiveEntry, DocumentRenderer, RenderError, RenderRequest};
use tailor_render::{RenderConfig, TypstRenderer};

use fixtures::*;

/// One renderer for the whole test binary (fonts are parsed once), embedded fonts only.
/// The wait for a slot is long: the tests run in parallel on few cores.
fn renderer() -> &'static TypstRenderer {
    static RENDERER: OnceLock<TypstRenderer> = OnceLock::new();
    RENDERER.get_or_init(|| {
        TypstRenderer::new(RenderConfig {
            font_dirs: vec![],
            queue_timeout: Duration::from_secs(600),
            ..RenderConfig::default()
        })
        .unwrap()
    })
}

const SYSTEM_FONT_DIRS: [&str; 2] = ["/usr/share/fonts", "/usr/local/share/fonts"];

async fn render(request: RenderRequest, format: RenderFormat) -> RenderedDocument {
    renderer()
        .render(request, format)
        .await
        .unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

// ---- helpers reading the outputs back ----

/// Whitespace and hyphens removed, capitals folded: how the text layer is compared.
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{00AD}'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn pdf_text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF reads back")
}

fn assert_pdf_has(pdf: &[u8], expected: &[String], what: &str) {
    let text = norm(&pdf_text(pdf));
    for e in expected {
        assert!(
            text.contains(&norm(e)),
            "{what}: {e:?} is not in the PDF text layer"
        );
    }
}

fn pdf_document(pdf: &[u8]) -> pdf_extract::Document {
    pdf_extract::Document::load_mem(pdf).expect("the PDF parses")
}

/// The first page's MediaBox (width, height) in points.
fn media_box(pdf: &[u8]) -> (f64, f64) {
    let doc = pdf_document(pdf);
    let (_, &page) = doc.get_pages().iter().next().expect("a page");
    let dict = doc.get_object(page).unwrap().as_dict().unwrap();
    let values: Vec<f64> = dict
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| match o {
            pdf_extract::Object::Integer(i) => *i as f64,
            pdf_extract::Object::Real(r) => f64::from(*r),
            other => panic!("MediaBox entry {other:?}"),
        })
        .collect();
    (values[2] - values[0], values[3] - values[1])
}

/// The `BaseFont` names of the PDF's fonts.
fn pdf_fonts(pdf: &[u8]) -> HashSet<String> {
    let doc = pdf_document(pdf);
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| matches!(d.get(b"Type").and_then(|t| t.as_name()), Ok(b"Font")))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

/// `(style, text)` of every paragraph of a DOCX's `word/document.xml`.
fn docx_paragraphs(docx: &[u8]) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("the DOCX is a ZIP");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let (mut style, mut text, mut in_text) = (String::new(), String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                style.clear();
                text.clear();
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                for a in e.attributes().flatten() {
                    if a.key.as_ref() == b"w:val" {
                        style = String::from_utf8_lossy(&a.value).into_owned();
                    }
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"w:br" => text.push('\n'),
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_text => {
                let name = String::from_utf8_lossy(&r);
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                out.push((style.clone(), text.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn docx_core(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn styled(paragraphs: &[(String, String)], style: &str) -> Vec<String> {
    paragraphs
        .iter()
        .filter(|(s, _)| s == style)
        .map(|(_, t)| t.clone())
        .collect()
}

/// Texts of a resume fixture that every output must show.
struct Expected {
    name: String,
    titles: Vec<String>,
    bullets: Vec<String>,
}

fn expected(content: &str) -> Expected {
    let v: Value = serde_json::from_str(content).unwrap();
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let mut titles = Vec::new();
    let mut bullets = Vec::new();
    for section in v["sections"].as_array().unwrap() {
        let entries = section["entries"].as_array().cloned().unwrap_or_default();
        for e in &entries {
            match section["type"].as_str().unwrap() {
                "experience" => {
                    titles.extend([text(&e["title"]), text(&e["company"])]);
                    let chosen: Vec<String> = e["bullets"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| text(&b["text"]))
                        .collect();
                    if chosen.is_empty() {
                        bullets.extend(e["achievements"].as_array().unwrap().iter().map(text));
                    } else {
                        bullets.extend(chosen);
                    }
                }
                "projects" => titles.push(text(&e["name"])),
                "education" => titles.extend([text(&e["degree"]), text(&e["institution"])]),
                _ => {}
            }
        }
    }
    titles.retain(|t| !t.is_empty());
    Expected {
        name: text(&v["header"]["name"]),
        titles,
        bullets,
    }
}

fn headings(template: Template) -> [&'static str; 5] {
    match template {
        Template::Modern => [
            "Professional Summary",
            "Professional Experience",
            "Education",
            "Skills",
            "Projects",
        ],
        Template::Classic => ["Summary", "Experience", "Education", "Skills", "Projects"],
        Template::Creative => [
            "About Me",
            "Experience",
            "Education",
            "Skills & Expertise",
            "Featured Projects",
        ],
        Template::AtsOptimized => [
            "Professional Summary",
            "Core Competencies",
            "Professional Experience",
            "Education",
            "Key Projects",
        ],
    }
}

/// Positions of the headings in the extracted text, to check their order.
fn heading_order(pdf: &[u8], headings: &[&str]) -> Vec<usize> {
    let text = norm(&pdf_text(pdf));
    headings
        .iter()
        .map(|h| text.find(&norm(h)).unwrap_or(usize::MAX))
        .collect()
}

// ---- every template × format ----

#[tokio::test]
async fn the_rich_resume_renders_in_every_template_and_format() {
    let content = rich_resume();
    let want = expected(&content);
    for template in Template::ALL {
        let what = template.as_str();
        let request = resume_request(content.clone(), template);

        let pdf = render(request.clone(), RenderFormat::Pdf).await;
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{what}");
        assert!(
            pdf.page_count.unwrap() >= 2,
            "{what}: {:?} pages",
            pdf.page_count
        );
        assert!(
            pdf.missing_glyphs.is_empty(),
            "{what}: {:?}",
            pdf.missing_glyphs
        );
        let heads: Vec<String> = headings(template).iter().map(|h| (*h).to_owned()).collect();
        assert_pdf_has(&pdf.bytes, &heads, what);
        assert_pdf_has(&pdf.bytes, std::slice::from_ref(&want.name), what);
        assert_pdf_has(&pdf.bytes, &want.titles, what);
        assert_pdf_has(&pdf.bytes, &want.bullets, what);
        let order = heading_order(&pdf.bytes, &headings(template));
        assert!(order.is_sorted(), "{what}: sections out of order {order:?}");

        let docx = render(request.clone(), RenderFormat::Docx).await;
        let paragraphs = docx_paragraphs(&docx.bytes);
        assert_eq!(
            styled(&paragraphs, "Title"),
            vec![want.name.clone()],
            "{what}"
        );
        assert_eq!(
            styled(&paragraphs, "Heading1"),
            [
                "PROFESSIONAL SUMMARY",
                "SKILLS",
                "PROFESSIONAL EXPERIENCE",
                "PROJECTS",
                "EDUCATION"
            ],
            "{what}"
        );
        let heading2 = styled(&paragraphs, "Heading2");
        let list = styled(&paragraphs, "ListBullet");
        for b in &want.bullets {
            assert!(list.contains(b), "{what}: DOCX lacks bullet {b:?}");
        }
        for t in [
            "Staff Software Engineer",
            "Ledgerline",
            "Master of Science in Computer Science",
        ] {
            assert!(
                heading2.iter().any(|h| h == t),
                "{what}: DOCX lacks heading {t:?}"
            );
        }
        let core = docx_core(&docx.bytes);
        assert!(
            core.contains("<dc:title>Resume - Jordan Rivera</dc:title>"),
            "{core}"
        );
        assert!(
            core.contains("<dc:creator>Jordan Rivera</dc:creator>"),
            "{core}"
        );

        for format in [RenderFormat::Markdown, RenderFormat::Text] {
            let out = render(request.clone(), format).await;
            let text = String::from_utf8(out.bytes).unwrap();
            for e in want.bullets.iter().chain(&want.titles) {
                assert!(text.contains(e.as_str()), "{what} {format:?} lacks {e:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_resume_with_only_a_name_renders_in_every_template_and_format() {
    for template in Template::ALL {
        let what = template.as_str();
        let request = resume_request(minimal_resume(), template);
        let pdf = render(request.clone(), RenderFormat::Pdf).await;
        assert_eq!(pdf.page_count, Some(1), "{what}");
        assert_pdf_has(&pdf.bytes, &["Sam Lee".to_owned()], what);
        let text = norm(&pdf_text(&pdf.bytes));
        for h in headings(template) {
            assert!(
                !text.contains(&norm(h)),
                "{what}: empty section {h:?} printed"
            );
        }

        let paragraphs = docx_paragraphs(&render(request.clone(), RenderFormat::Docx).await.bytes);
        assert_eq!(
            paragraphs,
            vec![("Title".to_owned(), "Sam Lee".to_owned())],
            "{what}"
        );
        let md = render(request.clone(), RenderFormat::Markdown).await;
        assert_eq!(String::from_utf8(md.bytes).unwrap(), "# Sam Lee\n");
        let txt = render(request, RenderFormat::Text).await;
        assert_eq!(String::from_utf8(txt.bytes).unwrap(), "Sam Lee\n");
    }
}

#[tokio::test]
async fn the_cover_letter_has_one_layout_in_every_format() {
    let modern = render(letter_request(cover_letter()), RenderFormat::Pdf).await;
    let mut classic_request = letter_request(cover_letter());
    classic_request.template = Template::Classic;
    let classic = render(classic_request, RenderFormat::Pdf).await;
    assert_eq!(
        modern.bytes, classic.bytes,
        "the template does not change a letter"
    );
    assert_eq!(modern.page_count, Some(1));
    let paragraphs: Vec<String> = LETTER_PARAGRAPHS.iter().map(|p| (*p).to_owned()).collect();
    assert_pdf_has(&modern.bytes, &paragraphs, "letter");
    assert_pdf_has(
        &modern.bytes,
        &["jordan.rivera@example.com".to_owned()],
        "letter",
    );

    let docx = render(letter_request(cover_letter()), RenderFormat::Docx).await;
    let read = docx_paragraphs(&docx.bytes);
    assert_eq!(read[0], ("Title".to_owned(), "Jordan Rivera".to_owned()));
    let bodies: Vec<&str> = read.iter().map(|(_, t)| t.as_str()).collect();
    for p in LETTER_PARAGRAPHS {
        assert!(bodies.contains(&p), "DOCX lacks {p:?}");
    }
    assert!(styled(&read, "Heading1").is_empty());

    for format in [RenderFormat::Markdown, RenderFormat::Text] {
        let text =
            String::from_utf8(render(letter_request(cover_letter()), format).await.bytes).unwrap();
        for p in LETTER_PARAGRAPHS {
            let first_line = p.lines().next().unwrap();
            assert!(text.contains(first_line), "{format:?} lacks {p:?}");
        }
    }
}

#[tokio::test]
async fn the_default_content_size_fits_one_letter_page_in_every_template() {
    let content = default_resume();
    for template in Template::ALL {
        let pdf = render(resume_request(content.clone(), template), RenderFormat::Pdf).await;
        assert_eq!(pdf.page_count, Some(1), "{}", template.as_str());
    }
}

// ---- options ----

#[tokio::test]
async fn a_font_family_option_picks_an_embedded_face() {
    let base = resume_request(default_resume(), Template::Modern);
    let sans = render(base.clone(), RenderFormat::Pdf).await;
    let mut serif_request = base.clone();
    serif_request.options.font_family = Some("Georgia, 'Times New Roman', serif".into());
    let serif = render(serif_request, RenderFormat::Pdf).await;
    let has = |fonts: &HashSet<String>, family: &str| fonts.iter().any(|f| f.contains(family));
    let (sans, serif) = (pdf_fonts(&sans.bytes), pdf_fonts(&serif.bytes));
    assert!(
        has(&sans, "LiberationSans") && !has(&sans, "LibertinusSerif"),
        "{sans:?}"
    );
    assert!(
        has(&serif, "LibertinusSerif") && !has(&serif, "LiberationSans"),
        "{serif:?}"
    );
}

#[tokio::test]
async fn unknown_or_unreadable_options_change_nothing() {
    let base = resume_request(default_resume(), Template::Classic);
    let plain = render(base.clone(), RenderFormat::Pdf).await;
    let mut odd = base;
    odd.options = RenderOptions {
        font_family: Some("Wingdings, Papyrus".into()),
        accent_color: Some("bluish".into()),
        text_color: Some("#12345".into()),
        primary_color: Some("rgb(1, 2, 3)".into()),
        ..RenderOptions::default()
    };
    let odd = render(odd, RenderFormat::Pdf).await;
    assert_eq!(plain.bytes, odd.bytes);
}

#[tokio::test]
async fn a4_and_letter_pages_differ() {
    let mut request = letter_request(cover_letter());
    let letter = render(request.clone(), RenderFormat::Pdf).await;
    request.paper = Paper::A4;
    let a4 = render(request, RenderFormat::Pdf).await;
    let (lw, lh) = media_box(&letter.bytes);
    let (aw, ah) = media_box(&a4.bytes);
    assert!(
        (lw - 612.0).abs() < 0.5 && (lh - 792.0).abs() < 0.5,
        "{lw} × {lh}"
    );
    assert!(
        (aw - 595.3).abs() < 0.5 && (ah - 841.9).abs() < 0.5,
        "{aw} × {ah}"
    );
}

/// Pixels of the PNG close to `rgb`.
fn pixels_near(png_bytes: &[u8], rgb: [u8; 3]) -> usize {
    let decoder = png::Decoder::new(Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks_exact(channels)
        .filter(|p| {
            let px = if channels == 1 {
                [p[0]; 3]
            } else {
                [p[0], p[1], p[2]]
            };
            px.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 8)
        })
        .count()
}

#[tokio::test]
async fn accent_colours_read_words_and_hex() {
    let mut request = resume_request(default_resume(), Template::Modern);
    request.options.accent_color = Some("Red".into());
    let red = render(request.clone(), RenderFormat::PngPreview).await;
    request.options.accent_color = Some("#0c0".into());
    let green = render(request, RenderFormat::PngPreview).await;
    assert!(
        pixels_near(&red.bytes, [255, 0, 0]) > 500,
        "the red accent shows"
    );
    assert_eq!(pixels_near(&red.bytes, [0, 204, 0]), 0);
    assert!(
        pixels_near(&green.bytes, [0, 204, 0]) > 500,
        "the #0c0 accent shows"
    );
    assert_eq!(pixels_near(&green.bytes, [255, 0, 0]), 0);
}

// ---- preview ----

#[tokio::test]
async fn the_preview_is_a_small_png_of_the_first_page() {
    let out = render(
        resume_request(rich_resume(), Template::Creative),
        RenderFormat::PngPreview,
    )
    .await;
    assert!(out.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(out.page_count.unwrap() >= 2);
    assert!(out.bytes.len() < 300 * 1024, "{} bytes", out.bytes.len());
    let info = png::Decoder::new(Cursor::new(&out.bytes))
        .read_info()
        .unwrap()
        .info()
        .clone();
    assert_eq!(
        (info.width, info.height),
        (918, 1188),
        "Letter at 1.5 px/pt"
    );
}

// ---- scripts and fonts ----

#[tokio::test]
async fn german_greek_and_russian_need_no_other_fonts() {
    for (content, template) in [
        (german_resume(), Template::Classic),
        (greek_resume(), Template::Modern),
        (russian_resume(), Template::AtsOptimized),
    ] {
        let want = expected(&content);
        let pdf = render(resume_request(content, template), RenderFormat::Pdf).await;
        assert_eq!(pdf.missing_glyphs, Vec::<char>::new(), "{}", want.name);
        assert_pdf_has(&pdf.bytes, &want.bullets, &want.name);
        assert_pdf_has(&pdf.bytes, &want.titles, &want.name);
    }
}

#[tokio::test]
async fn chinese_and_arabic_report_missing_glyphs_without_system_fonts() {
    for (content, sample) in [(chinese_resume(), '王'), (arabic_resume(), 'أ')] {
        let out = render(resume_request(content, Template::Modern), RenderFormat::Pdf).await;
        assert!(
            out.missing_glyphs.contains(&sample),
            "{:?}",
            out.missing_glyphs
        );
        let unique: HashSet<char> = out.missing_glyphs.iter().copied().collect();
        assert_eq!(unique.len(), out.missing_glyphs.len(), "each reported once");
        assert!(
            !out.missing_glyphs
                .iter()
                .any(|c| c.is_whitespace() || c.is_ascii())
        );
    }
}

/// Whether a font under the folders covers `c` (read the way the renderer reads them).
fn system_font_covers(c: char) -> bool {
    fn walk(dir: &std::path::Path, c: char) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let path = e.path();
            if path.is_dir() {
                return walk(&path, c);
            }
            let font = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                ["ttf", "otf", "ttc", "otc"].contains(&x.to_ascii_lowercase().as_str())
            });
            font && std::fs::read(&path).is_ok_and(|data| {
                typst::text::FontInfo::iter(&data).any(|i| i.coverage.contains(u32::from(c)))
            })
        })
    }
    SYSTEM_FONT_DIRS
        .iter()
        .any(|d| walk(std::path::Path::new(d), c))
}

#[tokio::test]
async fn chinese_and_arabic_render_with_system_fonts_when_the_machine_has_them() {
    let cases = [
        (chinese_resume(), '王', "Chinese"),
        (arabic_resume(), 'أ', "Arabic"),
    ];
    let available: Vec<_> = cases
        .into_iter()
        .filter(|(_, c, script)| {
            let found = system_font_covers(*c);
            if !found {
                eprintln!("note: skipped {script}: no font under {SYSTEM_FONT_DIRS:?} covers it");
            }
            found
        })
        .collect();
    if available.is_empty() {
        return;
    }
    let renderer = TypstRenderer::new(RenderConfig {
        font_dirs: SYSTEM_FONT_DIRS.iter().map(PathBuf::from).collect(),
        queue_timeout: Duration::from_secs(600),
        ..RenderConfig::default()
    })
    .unwrap();
    for (content, _, script) in available {
        let want = expected(&content);
        let out = renderer
            .render(resume_request(content, Template::Modern), RenderFormat::Pdf)
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"));
        assert_eq!(out.missing_glyphs, Vec::<char>::new(), "{script}");
        // The built-in check passed for every bullet; right-to-left text may be extracted
        // in visual order, so only the left-to-right script is compared here.
        if script == "Chinese" {
            assert_pdf_has(&out.bytes, &want.bullets, script);
        }
    }
}

// ---- injection ----

const HOSTILE: [&str; 9] = [
    "#set page(width: 1pt)",
    "]",
    "$x^2$ and $",
    "@ref",
    "<label>",
    r"C:\path\to\file and \ alone",
    "#let x = 1; [*bold*] _it_ // not a comment",
    "= Not a heading",
    "#import \"/etc/passwd\": *",
];

#[tokio::test]
async fn markup_in_user_text_prints_literally() {
    let content = localised_resume(
        "Eve #strong[Hacker]",
        "]#set text(size: 90pt)[",
        "ACME <b>&amp;</b>",
        &HOSTILE,
        &["`raw`", "#emph[x]"],
    );
    let pdf = render(
        resume_request(content.clone(), Template::Modern),
        RenderFormat::Pdf,
    )
    .await;
    let mut texts: Vec<String> = HOSTILE.iter().map(|s| (*s).to_owned()).collect();
    texts.extend(
        [
            "Eve #strong[Hacker]",
            "]#set text(size: 90pt)[",
            "ACME <b>&amp;</b>",
            "`raw`",
            "#emph[x]",
        ]
        .map(String::from),
    );
    assert_pdf_has(&pdf.bytes, &texts, "hostile resume");
    assert_eq!(pdf.page_count, Some(1));
    let (w, h) = media_box(&pdf.bytes);
    assert!(
        (w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5,
        "{w} × {h}"
    );

    let md = String::from_utf8(
        render(
            resume_request(content.clone(), Template::Modern),
            RenderFormat::Markdown,
        )
        .await
        .bytes,
    )
    .unwrap();
    assert!(md.contains(r"\#set page(width: 1pt)"), "{md}");
    assert!(md.contains(r"\<label\>"), "{md}");
    let docx = render(
        resume_request(content, Template::Modern),
        RenderFormat::Docx,
    )
    .await;
    let list = styled(&docx_paragraphs(&docx.bytes), "ListBullet");
    assert_eq!(list, HOSTILE.map(String::from).to_vec());
}

// ---- errors, bounds, archives ----

#[tokio::test]
async fn content_that_is_not_a_json_object_is_invalid() {
    for content in ["", "not json", "[1, 2]", "null", "{\"header\": "] {
        let request = resume_request(content.to_owned(), Template::Modern);
        for format in [RenderFormat::Pdf, RenderFormat::Markdown] {
            let result = renderer().render(request.clone(), format).await;
            assert!(
                matches!(result, Err(RenderError::InvalidContent(_))),
                "{content:?}: {result:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_full_renderer_answers_busy() {
    let renderer = TypstRenderer::new(RenderConfig {
        font_dirs: vec![],
        max_concurrent: 1,
        queue_timeout: Duration::from_millis(1),
    })
    .unwrap();
    let slow = {
        let renderer = renderer.clone();
        tokio::spawn(async move {
            renderer
                .render(
                    resume_request(rich_resume(), Template::Modern),
                    RenderFormat::Pdf,
                )
                .await
        })
    };
    // Let the first render take the only slot (it holds it for far longer than this).
    tokio::time::sleep(Duration::from_millis(2)).await;
    let second = renderer
        .render(
            resume_request(minimal_resume(), Template::Modern),
            RenderFormat::Text,
        )
        .await;
    assert!(matches!(second, Err(RenderError::Busy)), "{second:?}");
    assert!(slow.await.unwrap().is_ok());
    let after = renderer
        .render(
            resume_request(minimal_resume(), Template::Modern),
            RenderFormat::Text,
        )
        .await;
    assert!(after.is_ok(), "the slot is free again");
}

#[tokio::test]
async fn an_archive_holds_the_entries_in_order() {
    let entries = vec![
        ArchiveEntry {
            name: "resume.pdf".into(),
            bytes: b"%PDF-1.7".to_vec(),
        },
        ArchiveEntry {
            name: "letter.md".into(),
            bytes: b"# Letter\n".repeat(200),
        },
    ];
    let zip_bytes = renderer().archive(entries).await.unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_owned())
        .collect();
    assert_eq!(names, ["resume.pdf", "letter.md"]);
    let mut md = String::new();
    archive
        .by_name("letter.md")
        .unwrap()
        .read_to_string(&mut md)
        .unwrap();
    assert_eq!(md, "# Letter\n".repeat(200));
}

#[tokio::test]
async fn a_letter_request_with_resume_content_prints_the_header_only() {
    let request = RenderRequest {
        document_type: DocumentType::CoverLetter,
        ..resume_request(rich_resume(), Template::Modern)
    };
    let md = render(request, RenderFormat::Markdown).await;
    let md = String::from_utf8(md.bytes).unwrap();
    assert!(md.starts_with("# Jordan Rivera\n"), "{md}");
    assert!(!md.contains("Experience"), "{md}");
}

#[tokio::test]
async fn the_bench_input_is_a_two_page_resume() {
    let out = render(
        resume_request(two_page_resume(), Template::Modern),
        RenderFormat::PngPreview,
    )
    .await;
    assert_eq!(out.page_count, Some(2));
}
