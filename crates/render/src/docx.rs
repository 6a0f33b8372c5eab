//! DOCX with docx-rs: one layout for every template (SPEC §7), the template choosing only
//! the headings' colour and the font. Real named styles (`Title`, `Subtitle`, `Heading1`,
//! `Heading2`, `ListBullet` with a bullet numbering definition) carry the structure, so
//! Word's navigation pane and screen readers see sections and lists.

use std::io::Cursor;

use anyhow::Context;
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
    Start, Style, StyleType,
};
use tailor_domain::export::{Paper, Template};
use tailor_domain::ports::RenderRequest;

use crate::bidi::is_rtl;
use crate::content::{Document, Header, Letter, Resume, date_range};
use crate::style::{self, Layout, Rgb};

/// The bullet list's numbering (abstract and concrete) id; docx-rs always writes a
/// decimal numbering with id 1 first.
const BULLETS: usize = 2;

/// The look a template gives the DOCX.
struct Look {
    font: String,
    /// Half-points.
    size: usize,
    heading: Rgb,
    /// Line spacing in 240ths of a line.
    line: i32,
}

impl Look {
    fn of(layout: Layout, style: &style::Style, request: &RenderRequest) -> Self {
        let (font, size, heading) = match layout {
            Layout::Resume(Template::Modern) => ("Calibri", 11.0, Rgb([0x25, 0x63, 0xeb])),
            Layout::Resume(Template::Classic) => ("Times New Roman", 11.0, Rgb::BLACK),
            Layout::Resume(Template::Creative) => ("Calibri", 10.5, Rgb([0x2c, 0x3e, 0x50])),
            Layout::Resume(Template::AtsOptimized) => ("Arial", 11.0, Rgb::BLACK),
            Layout::Letter => ("Georgia", 12.0, Rgb::BLACK),
        };
        let options = &request.options;
        let font = options
            .font_family
            .as_deref()
            .and_then(word_font)
            .unwrap_or_else(|| font.to_owned());
        let size = options.font_size.unwrap_or(size);
        Self {
            font,
            size: half_points(size),
            heading,
            line: (style.line_height.clamp(0.8, 3.0) * 240.0).round() as i32,
        }
    }
}

fn half_points(pt: f64) -> usize {
    (pt.clamp(6.0, 72.0) * 2.0).round() as usize
}

/// The first usable family name of a CSS-like list, for Word (which substitutes fonts it
/// lacks by name); generic names map to a common face.
fn word_font(list: &str) -> Option<String> {
    list.split(',').find_map(|name| {
        let name = name.trim().trim_matches(['"', '\'']).trim();
        let generic = match name.to_ascii_lowercase().as_str() {
            "serif" => Some("Times New Roman"),
            "sans-serif" | "sans serif" | "system-ui" | "-apple-system" => Some("Arial"),
            "monospace" => Some("Courier New"),
            _ => None,
        };
        if let Some(generic) = generic {
            return Some(generic.to_owned());
        }
        let plain = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
        plain.then(|| name.to_owned())
    })
}

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
        .east_asia(name)
}

/// The document as DOCX bytes.
///
/// # Errors
/// When the package cannot be written.
pub(crate) fn render(
    document: &Document,
    layout: Layout,
    style: &style::Style,
    request: &RenderRequest,
) -> anyhow::Result<Vec<u8>> {
    let look = Look::of(layout, style, request);
    let mut doc = base(&look, request.paper);
    doc = match document {
        Document::Resume(r) => resume(doc, r),
        Document::Letter(l) => letter(doc, l),
    };
    let mut xml = doc.build();
    xml.doc_props.core = core_properties(&request.title, &request.author);
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).context("DOCX package")?;
    Ok(out.into_inner())
}

/// Page, default font, named styles and the bullet numbering.
fn base(look: &Look, paper: Paper) -> Docx {
    let (width, height) = match paper {
        Paper::Letter => (12_240, 15_840),
        Paper::A4 => (11_906, 16_838),
    };
    let heading_colour = look.heading.word();
    let title = Style::new("Title", StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(look.size + 10)
        .align(AlignmentType::Center);
    let subtitle = Style::new("Subtitle", StyleType::Paragraph)
        .name("Subtitle")
        .based_on("Normal")
        .next("Normal")
        .size(look.size + 2)
        .align(AlignmentType::Center);
    let heading1 = Style::new("Heading1", StyleType::Paragraph)
        .name("heading 1")
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(look.size + 4)
        .color(&heading_colour)
        .outline_lvl(0)
        .line_spacing(LineSpacing::new().before(240).after(80));
    let heading2 = Style::new("Heading2", StyleType::Paragraph)
        .name("heading 2")
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(look.size + 1)
        .outline_lvl(1)
        .line_spacing(LineSpacing::new().before(160).after(20));
    let mut list = Style::new("ListBullet", StyleType::Paragraph)
        .name("List Bullet")
        .based_on("Normal");
    list.paragraph_property = list
        .paragraph_property
        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0));
    let bullet_level = Level::new(
        0,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new("•"),
        LevelJc::new("left"),
    )
    .indent(Some(360), Some(SpecialIndentType::Hanging(240)), None, None);
    Docx::new()
        .page_size(width, height)
        .page_margin(
            PageMargin::new()
                .top(1080)
                .bottom(1080)
                .left(1080)
                .right(1080),
        )
        .default_fonts(fonts(&look.font))
        .default_size(look.size)
        .default_line_spacing(LineSpacing::new().line(look.line).after(60))
        .add_style(title)
        .add_style(subtitle)
        .add_style(heading1)
        .add_style(heading2)
        .add_style(list)
        .add_abstract_numbering(AbstractNumbering::new(BULLETS).add_level(bullet_level))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

fn text(t: &str) -> Paragraph {
    directed(Paragraph::new().add_run(Run::new().add_text(t)), t)
}

/// A paragraph of mostly right-to-left text is marked right-to-left (`w:bidi`).
fn directed(mut p: Paragraph, t: &str) -> Paragraph {
    if is_rtl(t) {
        p.property = p.property.bidi(true);
    }
    p
}

/// A paragraph of lines kept as line breaks.
fn lines(t: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in t.lines().enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    directed(Paragraph::new().add_run(run), t)
}

fn heading1(t: &str) -> Paragraph {
    text(t).style("Heading1")
}

fn heading2(t: &str) -> Paragraph {
    text(t).style("Heading2")
}

fn bullet(t: &str) -> Paragraph {
    text(t)
        .style("ListBullet")
        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
}

fn italic(t: &str) -> Paragraph {
    directed(Paragraph::new().add_run(Run::new().add_text(t).italic()), t)
}

fn join_present(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

fn header(mut doc: Docx, h: &Header, with_links: bool) -> Docx {
    if !h.name.is_empty() {
        doc = doc.add_paragraph(text(&h.name).style("Title"));
    }
    if with_links && !h.title.is_empty() {
        doc = doc.add_paragraph(text(&h.title).style("Subtitle"));
    }
    let contact = join_present(&[&h.location, &h.email, &h.phone], " | ");
    if !contact.is_empty() {
        doc = doc.add_paragraph(text(&contact).align(AlignmentType::Center));
    }
    if with_links {
        let links: Vec<String> = [
            ("LinkedIn", &h.linkedin),
            ("GitHub", &h.github),
            ("Website", &h.website),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
        if !links.is_empty() {
            doc = doc.add_paragraph(text(&links.join(" | ")).align(AlignmentType::Center));
        }
    }
    doc
}

fn resume(mut doc: Docx, r: &Resume) -> Docx {
    doc = header(doc, &r.header, true);
    if !r.summary.is_empty() {
        doc = doc
            .add_paragraph(heading1("PROFESSIONAL SUMMARY"))
            .add_paragraph(lines(&r.summary));
    }
    if !r.skills.is_empty() {
        doc = doc.add_paragraph(heading1("SKILLS"));
        for g in &r.skills.groups {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{}: ", g.name)).bold())
                    .add_run(Run::new().add_text(g.items.join(", "))),
            );
        }
        if !r.skills.languages.is_empty() {
            let items: Vec<String> = r.skills.languages.iter().map(|l| l.display()).collect();
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("Languages: ").bold())
                    .add_run(Run::new().add_text(items.join(", "))),
            );
        }
        if !r.skills.certifications.is_empty() {
            doc = doc.add_paragraph(
                Paragraph::new().add_run(Run::new().add_text("Certifications:").bold()),
            );
            for c in &r.skills.certifications {
                doc = doc.add_paragraph(bullet(&c.display()));
            }
        }
    }
    if !r.experience.is_empty() {
        doc = doc.add_paragraph(heading1("PROFESSIONAL EXPERIENCE"));
        for e in &r.experience {
            if !e.title.is_empty() {
                doc = doc.add_paragraph(heading2(&e.title));
            }
            let place = join_present(&[&e.company, &e.location], ", ");
            if !place.is_empty() {
                doc = doc.add_paragraph(italic(&place));
            }
            let dates = date_range(&e.start_date, &e.end_date, " - ");
            if !dates.is_empty() {
                doc = doc.add_paragraph(text(&dates));
            }
            if !e.description.is_empty() {
                doc = doc.add_paragraph(lines(&e.description));
            }
            for b in &e.bullets {
                doc = doc.add_paragraph(bullet(b));
            }
        }
    }
    if !r.projects.is_empty() {
        doc = doc.add_paragraph(heading1("PROJECTS"));
        for p in &r.projects {
            if !p.name.is_empty() {
                doc = doc.add_paragraph(heading2(&p.name));
            }
            let dates = date_range(&p.start_date, &p.end_date, " - ");
            if !dates.is_empty() {
                doc = doc.add_paragraph(text(&dates));
            }
            if !p.description.is_empty() {
                doc = doc.add_paragraph(lines(&p.description));
            }
            if !p.technologies.is_empty() {
                doc = doc.add_paragraph(text(&format!(
                    "Technologies: {}",
                    p.technologies.join(", ")
                )));
            }
            if !p.url.is_empty() {
                doc = doc.add_paragraph(text(&format!("URL: {}", p.url)));
            }
        }
    }
    if !r.education.is_empty() {
        doc = doc.add_paragraph(heading1("EDUCATION"));
        for e in &r.education {
            let degree = e.degree_line();
            if !degree.is_empty() {
                doc = doc.add_paragraph(heading2(&degree));
            }
            if !e.institution.is_empty() {
                doc = doc.add_paragraph(italic(&e.institution));
            }
            let dates = date_range(&e.start_date, &e.end_date, " - ");
            if !dates.is_empty() {
                doc = doc.add_paragraph(text(&dates));
            }
            if let Some(gpa) = e.gpa_text() {
                doc = doc.add_paragraph(text(&format!("GPA: {gpa}")));
            }
            if !e.honors.is_empty() {
                doc = doc.add_paragraph(text(&e.honors.join(", ")));
            }
        }
    }
    doc
}

fn letter(mut doc: Docx, l: &Letter) -> Docx {
    doc = header(doc, &l.header, false);
    for p in &l.paragraphs {
        doc = doc.add_paragraph(
            lines(p)
                .align(AlignmentType::Both)
                .line_spacing(LineSpacing::new().after(200)),
        );
    }
    doc
}

/// `docProps/core.xml` with the title and author (docx-rs has no setter for them).
fn core_properties(title: &str, author: &str) -> Vec<u8> {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    if !title.trim().is_empty() {
        xml.push_str(&format!(
            "<dc:title>{}</dc:title>",
            xml_escape(title.trim())
        ));
    }
    if !author.trim().is_empty() {
        let author = xml_escape(author.trim());
        xml.push_str(&format!(
            "<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        ));
    }
    xml.push_str("<cp:revision>1</cp:revision></cp:coreProperties>");
    xml.into_bytes()
}

/// Text for XML character data: markup escaped, characters XML 1.0 cannot hold dropped.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_fonts_take_the_first_usable_name() {
        assert_eq!(
            word_font("Georgia, Times New Roman, serif").as_deref(),
            Some("Georgia")
        );
        assert_eq!(
            word_font("'Helvetica Neue', Arial").as_deref(),
            Some("Helvetica Neue")
        );
        assert_eq!(word_font("serif").as_deref(), Some("Times New Roman"));
        assert_eq!(word_font("<x>, Calibri").as_deref(), Some("Calibri"));
        assert_eq!(word_font("").as_deref(), None);
    }

    #[test]
    fn right_to_left_paragraphs_are_marked() {
        assert_eq!(text("مرحبا بالعالم").property.bidi, Some(true));
        assert_eq!(lines("שלום\nעולם").property.bidi, Some(true));
        assert_eq!(text("Hello").property.bidi, None);
    }

    #[test]
    fn core_properties_escape_their_text() {
        let xml = String::from_utf8(core_properties("CV <R&D>", "Ana \"Ö\"\u{1}")).unwrap();
        assert!(
            xml.contains("<dc:title>CV &lt;R&amp;D&gt;</dc:title>"),
            "{xml}"
        );
        assert!(
            xml.contains("<dc:creator>Ana &quot;Ö&quot;</dc:creator>"),
            "{xml}"
        );
    }
}
