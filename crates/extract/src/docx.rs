//! DOCX packages: checked against zip bombs and deep nesting with `zip` and `quick-xml`,
//! then read with `docx-rs` and walked paragraph by paragraph.

use std::io::{self, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use docx_rs::{
    DocumentChild, DrawingData, InsertChild, MoveToChild, Paragraph, ParagraphChild,
    ReadDocxOptions, Run, RunChild, StructuredDataTag, StructuredDataTagChild, Table, TableCell,
    TableCellContent, TableChild, TableRowChild, TextBoxContentChild,
};
use quick_xml::events::Event;
use tailor_domain::ports::ExtractError;
use zip::ZipArchive;

use crate::text;

/// The main part every Word document has.
const DOCUMENT_PART: &str = "word/document.xml";
/// Most the content types part is read to for detection (it is a few KiB).
const MAX_CONTENT_TYPES_BYTES: u64 = 1024 * 1024;
/// Most the main part may decompress to.
const MAX_DOCUMENT_PART_BYTES: u64 = 20 * 1024 * 1024;
/// Most all parts together may decompress to.
const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;
const MAX_PARTS: usize = 5_000;
/// Deepest element nesting accepted in any XML part. `docx-rs` reads nested tables and
/// text boxes recursively, and a stack overflow cannot be caught. Real documents stay far
/// below this (a text box in a table in a table is about 20 deep); at this depth `docx-rs`
/// needs about 2 MiB of stack in a debug build, a fraction of the parser thread's.
pub(crate) const MAX_XML_DEPTH: usize = 96;

/// What a ZIP archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Probe {
    Docx,
    OtherZip,
    /// Not a readable archive.
    Damaged,
}

/// A DOCX package has `word/document.xml`, or (as Word Online writes them) declares
/// another part as the main document in `[Content_Types].xml`.
pub(crate) fn probe(bytes: &[u8]) -> Probe {
    catch_unwind(|| {
        let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
            return Probe::Damaged;
        };
        if archive.index_for_name(DOCUMENT_PART).is_some() || declares_main_document(&mut archive) {
            Probe::Docx
        } else {
            Probe::OtherZip
        }
    })
    .unwrap_or(Probe::Damaged)
}

fn declares_main_document(archive: &mut ZipArchive<Cursor<&[u8]>>) -> bool {
    const MAIN_DOCUMENT_TYPE: &[u8] = b"wordprocessingml.document.main+xml";
    let Ok(part) = archive.by_name("[Content_Types].xml") else {
        return false;
    };
    let mut types = Vec::new();
    part.take(MAX_CONTENT_TYPES_BYTES)
        .read_to_end(&mut types)
        .is_ok()
        && types
            .windows(MAIN_DOCUMENT_TYPE.len())
            .any(|window| window == MAIN_DOCUMENT_TYPE)
}

/// The text of a DOCX package: one line per paragraph, a blank line between paragraphs,
/// list items and table rows on consecutive lines.
///
/// # Errors
/// `Unreadable` for a damaged, oversized or too deeply nested package.
pub(crate) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    check_package(bytes)?;
    let completed = with_document_relationships(bytes)?;
    let bytes = completed.as_deref().unwrap_or(bytes);
    let options = ReadDocxOptions::default().with_image_previews(false);
    // docx-rs unwraps on some malformed input; a panic is a damaged file, not a crash.
    let read = catch_unwind(AssertUnwindSafe(|| {
        docx_rs::read_docx_with_options(bytes, options).map(|docx| {
            let mut blocks = Blocks::default();
            blocks.document(&docx.document.children);
            blocks.into_text()
        })
    }));
    match read {
        Ok(Ok(raw)) => Ok(text::tidy(&raw)),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "DOCX reader failed");
            Err(damaged())
        }
        Err(_) => {
            tracing::warn!("DOCX reader panicked");
            Err(damaged())
        }
    }
}

/// An empty relationships part: what a main document that links to nothing has.
const EMPTY_RELATIONSHIPS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;

/// The relationships part of a main document part (`word/document.xml` →
/// `word/_rels/document.xml.rels`).
fn relationships_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A copy of the package with an empty relationships part added for each main document part
/// that has none, or `None` when nothing is missing. The part is optional (a document with
/// no images, links, styles or headers needs none, and Word opens such files), but
/// `docx-rs` requires it.
fn with_document_relationships(bytes: &[u8]) -> Result<Option<Vec<u8>>, ExtractError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let missing: Vec<String> = archive
        .file_names()
        .filter(|name| {
            let lower = name.to_ascii_lowercase();
            lower.starts_with("word/document") && lower.ends_with(".xml") && !lower.contains("/_")
        })
        .map(relationships_part_of)
        .filter(|rels| archive.index_for_name(rels).is_none())
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 512)));
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|_| damaged())?;
        out.raw_copy_file(part).map_err(|_| damaged())?;
    }
    for rels in missing {
        out.start_file(rels, zip::write::SimpleFileOptions::default())
            .map_err(|_| damaged())?;
        io::Write::write_all(&mut out, EMPTY_RELATIONSHIPS).map_err(|_| damaged())?;
    }
    let completed = out.finish().map_err(|_| damaged())?.into_inner();
    Ok(Some(completed))
}

fn damaged() -> ExtractError {
    ExtractError::Unreadable("damaged DOCX file".to_owned())
}

fn too_large() -> ExtractError {
    ExtractError::Unreadable("document too large once decompressed".to_owned())
}

/// Decompresses every part once, within [`MAX_DOCUMENT_PART_BYTES`] and
/// [`MAX_PACKAGE_BYTES`] (declared sizes are not trusted), and checks the nesting of every
/// XML part, before `docx-rs` reads the package without limits.
fn check_package(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    if archive.len() > MAX_PARTS {
        return Err(ExtractError::Unreadable(
            "too many parts in the DOCX file".to_owned(),
        ));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|_| damaged())?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().to_ascii_lowercase();
        let mut limit = MAX_PACKAGE_BYTES - total;
        // `word/document.xml`, or `word/document2.xml` from Word Online.
        if name.starts_with("word/document") && name.ends_with(".xml") {
            limit = limit.min(MAX_DOCUMENT_PART_BYTES);
        }
        let mut limited = part.take(limit + 1);
        let size = if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut xml = Vec::new();
            limited.read_to_end(&mut xml).map_err(|_| damaged())?;
            if xml.len() as u64 <= limit {
                check_nesting(&xml)?;
            }
            xml.len() as u64
        } else {
            io::copy(&mut limited, &mut io::sink()).map_err(|_| damaged())?
        };
        if size > limit {
            return Err(too_large());
        }
        total += size;
    }
    Ok(())
}

/// Refuses XML nested deeper than [`MAX_XML_DEPTH`].
///
/// Stops quietly at a syntax error: `docx-rs` parses with the same library and stricter
/// settings, so it fails at or before that point and never reaches what follows.
fn check_nesting(xml: &[u8]) -> Result<(), ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(ExtractError::Unreadable(
                        "document structure nested too deeply".to_owned(),
                    ));
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// How a block joins the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// A paragraph of its own: a blank line before it.
    Alone,
    /// Numbered or bulleted paragraphs follow each other line by line.
    List,
    /// The rows of one table follow each other line by line.
    Table(usize),
}

/// The document's text as blocks, in reading order.
#[derive(Debug, Default)]
struct Blocks {
    blocks: Vec<(Group, String)>,
    tables: usize,
}

impl Blocks {
    fn into_text(self) -> String {
        let mut out = String::new();
        let mut previous: Option<Group> = None;
        for (group, block) in self.blocks {
            if let Some(previous) = previous {
                let tight = group == previous && group != Group::Alone;
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            out.push_str(&block);
            previous = Some(group);
        }
        out
    }

    fn push(&mut self, group: Group, block: String) {
        let block = block.trim();
        if !block.is_empty() {
            self.blocks.push((group, block.to_owned()));
        }
    }

    fn document(&mut self, children: &[DocumentChild]) {
        for child in children {
            match child {
                DocumentChild::Paragraph(p) => self.paragraph(p),
                DocumentChild::Table(t) => self.table(t),
                DocumentChild::StructuredDataTag(sdt) => self.structured_data_tag(sdt),
                // A table of contents repeats headings; the rest carries no text.
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let group = if p.property.numbering_property.is_some() {
            Group::List
        } else {
            Group::Alone
        };
        let mut floating = Blocks {
            blocks: Vec::new(),
            tables: self.tables,
        };
        let mut line = String::new();
        inline(&p.children, &mut line, &mut floating);
        self.push(group, line);
        // Text boxes anchored in the paragraph read after it.
        self.blocks.extend(floating.blocks);
        self.tables = floating.tables;
    }

    fn table(&mut self, table: &Table) {
        self.tables += 1;
        let group = Group::Table(self.tables);
        for TableChild::TableRow(row) in &table.rows {
            let cells: Vec<&TableCell> = row
                .cells
                .iter()
                .map(|TableRowChild::TableCell(cell)| cell)
                .collect();
            // A row of short cells reads as one line; a layout table (a two-column resume)
            // holds whole paragraphs in its cells, which read one after the other.
            if let Some(lines) = cells
                .iter()
                .map(|cell| single_line(cell))
                .collect::<Option<Vec<_>>>()
            {
                let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();
                self.push(group, lines.join("\t"));
            } else {
                for cell in cells {
                    self.cell(cell);
                }
            }
        }
    }

    fn cell(&mut self, cell: &TableCell) {
        for content in &cell.children {
            match content {
                TableCellContent::Paragraph(p) => self.paragraph(p),
                TableCellContent::Table(t) => self.table(t),
                TableCellContent::StructuredDataTag(sdt) => self.structured_data_tag(sdt),
                TableCellContent::TableOfContents(_) => {}
            }
        }
    }

    fn structured_data_tag(&mut self, sdt: &StructuredDataTag) {
        for child in &sdt.children {
            match child {
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p),
                StructuredDataTagChild::Table(t) => self.table(t),
                StructuredDataTagChild::StructuredDataTag(inner) => self.structured_data_tag(inner),
                StructuredDataTagChild::Run(r) => {
                    let mut line = String::new();
                    run(r, &mut line, self);
                    self.push(Group::Alone, line);
                }
                _ => {}
            }
        }
    }

    fn text_box(&mut self, children: &[TextBoxContentChild]) {
        for child in children {
            match child {
                TextBoxContentChild::Paragraph(p) => self.paragraph(p),
                TextBoxContentChild::Table(t) => self.table(t),
            }
        }
    }
}

/// The text of a cell that holds at most one non-empty paragraph and nothing else.
fn single_line(cell: &TableCell) -> Option<String> {
    let mut found: Option<String> = None;
    for content in &cell.children {
        let TableCellContent::Paragraph(p) = content else {
            return None;
        };
        let mut floating = Blocks::default();
        let mut line = String::new();
        inline(&p.children, &mut line, &mut floating);
        if !floating.blocks.is_empty() || line.contains('\n') {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(line.to_owned());
    }
    Some(found.unwrap_or_default())
}

/// Appends the text of a paragraph's content to `line`; text boxes go to `floating`.
/// Deleted and moved-away revisions are left out: the document reads without them.
fn inline(children: &[ParagraphChild], line: &mut String, floating: &mut Blocks) {
    for child in children {
        match child {
            ParagraphChild::Run(r) => run(r, line, floating),
            ParagraphChild::Insert(insert) => {
                for child in &insert.children {
                    if let InsertChild::Run(r) = child {
                        run(r, line, floating);
                    }
                }
            }
            ParagraphChild::MoveTo(moved) => {
                for child in &moved.children {
                    if let MoveToChild::Run(r) = child {
                        run(r, line, floating);
                    }
                }
            }
            ParagraphChild::Hyperlink(link) => inline(&link.children, line, floating),
            ParagraphChild::StructuredDataTag(sdt) => {
                for child in &sdt.children {
                    if let StructuredDataTagChild::Run(r) = child {
                        run(r, line, floating);
                    }
                }
            }
            _ => {}
        }
    }
}

fn run(r: &Run, line: &mut String, floating: &mut Blocks) {
    for child in &r.children {
        match child {
            RunChild::Text(t) => line.push_str(&t.text),
            RunChild::Tab(_) | RunChild::PTab(_) => line.push('\t'),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => line.push('\n'),
            RunChild::Drawing(drawing) => {
                if let Some(DrawingData::TextBox(text_box)) = &drawing.data {
                    floating.text_box(&text_box.children);
                }
            }
            // Field codes, symbols from picture fonts, deleted text, marks.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use docx_rs::{Docx, Run, Table, TableCell, TableRow};
    use zip::write::SimpleFileOptions;

    use super::*;

    fn docx(build: impl FnOnce(Docx) -> Docx) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        build(Docx::new()).build().pack(&mut out).unwrap();
        out.into_inner()
    }

    fn para(text: &str) -> Paragraph {
        Paragraph::new().add_run(Run::new().add_text(text))
    }

    fn cell(paragraphs: &[&str]) -> TableCell {
        paragraphs.iter().fold(TableCell::new(), |cell, text| {
            cell.add_paragraph(para(text))
        })
    }

    /// A package whose main part is `document_xml`.
    fn package(document_xml: &[u8]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(DOCUMENT_PART, options).unwrap();
        zip.write_all(document_xml).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines_and_tabs_and_breaks_are_kept() {
        let bytes = docx(|d| {
            d.add_paragraph(para("First paragraph."))
                .add_paragraph(Paragraph::new())
                .add_paragraph(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text("Left")
                            .add_tab()
                            .add_text("right")
                            .add_break(docx_rs::BreakType::TextWrapping)
                            .add_text("next line"),
                    ),
                )
        });
        assert_eq!(
            extract(&bytes).unwrap(),
            "First paragraph.\n\nLeft\tright\nnext line"
        );
    }

    #[test]
    fn list_items_follow_each_other_line_by_line() {
        let item =
            |text| para(text).numbering(docx_rs::NumberingId::new(1), docx_rs::IndentLevel::new(0));
        let bytes = docx(|d| {
            d.add_paragraph(para("Skills"))
                .add_paragraph(item("Rust"))
                .add_paragraph(item("SQL"))
                .add_paragraph(para("Thanks."))
        });
        assert_eq!(extract(&bytes).unwrap(), "Skills\n\nRust\nSQL\n\nThanks.");
    }

    #[test]
    fn short_table_rows_read_as_lines_and_layout_cells_as_paragraphs() {
        let bytes = docx(|d| {
            d.add_table(Table::new(vec![
                TableRow::new(vec![cell(&["2020"]), cell(&["Engineer"])]),
                TableRow::new(vec![cell(&["2018"]), cell(&["Intern"])]),
            ]))
            .add_table(Table::new(vec![TableRow::new(vec![
                cell(&["Contact", "me@example.com"]),
                cell(&["Experience"]),
            ])]))
        });
        assert_eq!(
            extract(&bytes).unwrap(),
            "2020\tEngineer\n2018\tIntern\n\nContact\n\nme@example.com\n\nExperience"
        );
    }

    #[test]
    fn a_zip_with_a_document_part_is_a_docx_and_one_without_is_not() {
        assert_eq!(probe(&docx(|d| d.add_paragraph(para("x")))), Probe::Docx);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("notes.txt", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        assert_eq!(probe(&zip.finish().unwrap().into_inner()), Probe::OtherZip);
        assert_eq!(probe(b"PK\x03\x04 truncated"), Probe::Damaged);
    }

    #[test]
    fn a_package_whose_main_part_has_another_name_is_a_docx() {
        // Word Online names the main part word/document2.xml.
        let written = docx(|d| d.add_paragraph(para("Online")));
        let mut source = ZipArchive::new(Cursor::new(&written[..])).unwrap();
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..source.len() {
            let mut part = source.by_index(index).unwrap();
            let name = part.name().replace("document.xml", "document2.xml");
            let mut content = String::new();
            part.read_to_string(&mut content).unwrap();
            zip.start_file(name, SimpleFileOptions::default()).unwrap();
            zip.write_all(content.replace("document.xml", "document2.xml").as_bytes())
                .unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(probe(&bytes), Probe::Docx);
        assert_eq!(extract(&bytes).unwrap(), "Online");
    }

    #[test]
    fn a_main_part_that_inflates_past_the_limit_is_refused() {
        let mut xml = b"<w:document><w:body>".to_vec();
        xml.resize(usize::try_from(MAX_DOCUMENT_PART_BYTES).unwrap() + 10, b' ');
        let bytes = package(&xml);
        assert!(bytes.len() < 100 * 1024, "the fixture compresses well");
        assert!(matches!(
            check_package(&bytes),
            Err(ExtractError::Unreadable(reason)) if reason.contains("too large once decompressed")
        ));
    }

    /// A main part nesting `open`/`close` (each `per_level` elements deep) to about `depth`.
    fn nested(depth: usize, open: &str, close: &str, per_level: usize) -> Vec<u8> {
        let mut xml = String::from(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        let levels = (depth - 5) / per_level;
        xml.push_str(&open.repeat(levels));
        xml.push_str("<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
        xml.push_str(&close.repeat(levels));
        xml.push_str("</w:body></w:document>");
        xml.into_bytes()
    }

    const TABLE: (&str, &str, usize) = ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", 3);
    const TEXT_BOX: (&str, &str, usize) = (
        "<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>",
        "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>",
        9,
    );

    #[test]
    fn xml_nested_past_the_limit_is_refused() {
        for (open, close, per_level) in [TABLE, TEXT_BOX] {
            let xml = nested(MAX_XML_DEPTH + per_level + 1, open, close, per_level);
            assert!(matches!(
                check_nesting(&xml),
                Err(ExtractError::Unreadable(reason)) if reason.contains("nested")
            ));
            assert!(matches!(
                extract(&full_package(&xml)),
                Err(ExtractError::Unreadable(_))
            ));
        }
    }

    #[test]
    fn tables_and_text_boxes_nested_up_to_the_limit_are_read_on_the_parser_stack() {
        for (open, close, per_level) in [TABLE, TEXT_BOX] {
            let xml = nested(MAX_XML_DEPTH, open, close, per_level);
            assert!(check_nesting(&xml).is_ok());
            let package = full_package(&xml);
            let text = crate::on_large_stack(tracing::Span::none(), || extract(&package));
            assert_eq!(text.unwrap().unwrap(), "deep");
        }
    }

    /// A package written by docx-rs, with `document_xml` as its main part.
    fn full_package(document_xml: &[u8]) -> Vec<u8> {
        let written = docx(|d| d.add_paragraph(para("placeholder")));
        let mut source = ZipArchive::new(Cursor::new(&written[..])).unwrap();
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..source.len() {
            let part = source.by_index(index).unwrap();
            if part.name() != DOCUMENT_PART {
                zip.raw_copy_file(part).unwrap();
            }
        }
        zip.start_file(DOCUMENT_PART, SimpleFileOptions::default())
            .unwrap();
        zip.write_all(document_xml).unwrap();
        zip.finish().unwrap().into_inner()
    }
}
