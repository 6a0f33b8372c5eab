//! The extractor through its port, with fixtures made here.

use std::io::{Cursor, Write};

use docx_rs::{Docx, Paragraph, Run};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream, dictionary};
use tailor_domain::ports::{ExtractError, ExtractedText, TextExtractor};
use tailor_domain::sample::{MAX_SAMPLE_BYTES, SampleFormat};

use crate::FileTextExtractor;

async fn extract(
    file_name: &str,
    bytes: impl Into<Vec<u8>>,
) -> Result<ExtractedText, ExtractError> {
    FileTextExtractor::new()
        .extract(file_name, bytes.into())
        .await
}

fn unreadable(result: Result<ExtractedText, ExtractError>) -> String {
    match result {
        Err(ExtractError::Unreadable(reason)) => reason,
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let doc = paragraphs.iter().fold(Docx::new(), |doc, text| {
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*text)))
    });
    let mut out = Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

/// A one-page PDF with Helvetica as `/F1` and `content` as the page's content stream.
fn pdf(content: &[u8]) -> Vec<u8> {
    pdf_with(content, |_, _| {})
}

/// As [`pdf`], letting `edit` change the document (given the page's id) before saving.
fn pdf_with(content: &[u8], edit: impl FnOnce(&mut Document, ObjectId)) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    edit(&mut doc, page_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

const HELLO: &[u8] = b"BT /F1 12 Tf 72 712 Td (Hello PDF world) Tj ET";

/// Gives the page its own resources, with `xobjects` as its named XObjects.
fn page_xobjects(doc: &mut Document, page_id: ObjectId, xobjects: lopdf::Dictionary) {
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let page = doc.get_dictionary_mut(page_id).unwrap();
    page.set(
        "Resources",
        dictionary! { "Font" => dictionary! { "F1" => font_id }, "XObject" => xobjects },
    );
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_docx_reads_as_its_paragraphs_in_order() {
    let extracted = extract(
        "resume.docx",
        docx(&["Jane Doe, engineer.", "I build backends."]),
    )
    .await
    .unwrap();
    assert_eq!(extracted.format, SampleFormat::Docx);
    assert_eq!(extracted.text, "Jane Doe, engineer.\n\nI build backends.");
}

#[tokio::test]
async fn a_docx_without_text_is_empty() {
    assert!(matches!(
        extract("blank.docx", docx(&[])).await,
        Err(ExtractError::Empty)
    ));
}

#[tokio::test]
async fn a_text_based_pdf_reads_as_its_text() {
    let extracted = extract("letter.pdf", pdf(HELLO)).await.unwrap();
    assert_eq!(extracted.format, SampleFormat::Pdf);
    assert!(
        extracted.text.contains("Hello PDF world"),
        "{:?}",
        extracted.text
    );
}

#[tokio::test]
async fn a_pdf_with_compressed_streams_reads_as_its_text() {
    let bytes = pdf_with(HELLO, |doc, _| doc.compress());
    let extracted = extract("letter.pdf", bytes).await.unwrap();
    assert!(extracted.text.contains("Hello PDF world"));
}

#[tokio::test]
async fn a_pdf_with_an_empty_page_has_no_text_layer() {
    assert!(matches!(
        extract("scan.pdf", pdf(b"")).await,
        Err(ExtractError::NoTextLayer)
    ));
}

#[tokio::test]
async fn a_pdf_with_only_a_drawn_rectangle_has_no_text_layer() {
    assert!(matches!(
        extract("scan.pdf", pdf(b"0 0 1 rg 100 100 200 150 re f")).await,
        Err(ExtractError::NoTextLayer)
    ));
}

#[tokio::test]
async fn a_scanned_pdf_that_only_draws_an_image_has_no_text_layer() {
    let bytes = pdf_with(b"q 612 0 0 792 0 0 cm /Im0 Do Q", |doc, page_id| {
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            // Not content syntax: image data must never be parsed as content.
            b"\xFF\x00)(\x80]".to_vec(),
        ));
        page_xobjects(doc, page_id, dictionary! { "Im0" => image });
    });
    assert!(matches!(
        extract("scan.pdf", bytes).await,
        Err(ExtractError::NoTextLayer)
    ));
}

#[tokio::test]
async fn a_pdf_with_text_and_an_image_reads_as_its_text() {
    let content = [HELLO, b" q 10 0 0 10 0 0 cm /Im0 Do Q"].concat();
    let bytes = pdf_with(&content, |doc, page_id| {
        let image = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1 },
            b"\xFF\x00)(".to_vec(),
        ));
        page_xobjects(doc, page_id, dictionary! { "Im0" => image });
    });
    let extracted = extract("letter.pdf", bytes).await.unwrap();
    assert!(extracted.text.contains("Hello PDF world"));
}

#[tokio::test]
async fn text_drawn_by_a_form_xobject_is_read() {
    let bytes = pdf_with(b"/Fm0 Do", |doc, page_id| {
        let form = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] },
            HELLO.to_vec(),
        ));
        page_xobjects(doc, page_id, dictionary! { "Fm0" => form });
    });
    let extracted = extract("letter.pdf", bytes).await.unwrap();
    assert!(extracted.text.contains("Hello PDF world"));
}

#[tokio::test]
async fn garbage_after_the_pdf_header_is_unreadable_without_a_panic() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    unreadable(extract("cv.pdf", bytes).await);
    unreadable(extract("cv.pdf", b"%PDF-".to_vec()).await);
}

#[tokio::test]
async fn a_pdf_cut_short_is_unreadable_or_read_as_far_as_it_goes_at_every_length() {
    // lopdf rebuilds a missing cross-reference table, so a cut may still read; what
    // matters is a clean answer, never a panic or a wrong kind of error.
    let bytes = pdf(HELLO);
    for end in (8..bytes.len()).step_by(7) {
        let result = extract("cv.pdf", bytes[..end].to_vec()).await;
        assert!(
            matches!(
                result,
                Ok(_) | Err(ExtractError::Unreadable(_) | ExtractError::NoTextLayer)
            ),
            "cut at {end}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_form_that_draws_itself_is_refused_instead_of_overflowing_the_stack() {
    let content = [HELLO, b" /Fm0 Do"].concat();
    let bytes = pdf_with(&content, |doc, page_id| {
        let form_id = doc.new_object_id();
        // No resources of its own: it draws with the page's, where /Fm0 is itself.
        doc.objects.insert(
            form_id,
            Object::Stream(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form" },
                b"/Fm0 Do".to_vec(),
            )),
        );
        page_xobjects(doc, page_id, dictionary! { "Fm0" => form_id });
    });
    assert!(unreadable(extract("loop.pdf", bytes).await).contains("draws itself"));
}

#[tokio::test]
async fn forms_that_fan_out_exponentially_are_refused_as_too_complex() {
    // Each form draws the next twice, 30 levels deep: 2^30 draws if nothing stops it.
    let bytes = pdf_with(&[HELLO, b" /Fm0 Do"].concat(), |doc, page_id| {
        let mut inner = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "Form" },
            HELLO.to_vec(),
        ));
        let padding = "0 g ".repeat(1000);
        for _ in 0..30 {
            inner = doc.add_object(Stream::new(
                dictionary! {
                    "Subtype" => "Form",
                    "Resources" => dictionary! { "XObject" => dictionary! { "Fm0" => inner } },
                },
                format!("{padding}/Fm0 Do /Fm0 Do").into_bytes(),
            ));
        }
        page_xobjects(doc, page_id, dictionary! { "Fm0" => inner });
    });
    assert_eq!(
        unreadable(extract("fan.pdf", bytes).await),
        "PDF content too complex"
    );
}

#[tokio::test]
async fn a_page_whose_parent_is_itself_is_refused_instead_of_overflowing_the_stack() {
    let bytes = pdf_with(HELLO, |doc, page_id| {
        // No MediaBox anywhere: pdf-extract would climb /Parent forever looking for one.
        let pages_id = doc
            .get_dictionary(page_id)
            .unwrap()
            .get(b"Parent")
            .unwrap()
            .as_reference()
            .unwrap();
        doc.get_dictionary_mut(pages_id)
            .unwrap()
            .remove(b"MediaBox");
        doc.get_dictionary_mut(page_id)
            .unwrap()
            .set("Parent", page_id);
    });
    assert!(unreadable(extract("loop.pdf", bytes).await).contains("loops"));
}

#[tokio::test]
async fn a_content_stream_that_inflates_past_the_limit_is_refused() {
    let mut content = HELLO.to_vec();
    content.resize(33 * 1024 * 1024, b' ');
    let compressed = zlib(&content);
    assert!(compressed.len() < MAX_SAMPLE_BYTES);
    let bytes = pdf_with(b"", |doc, page_id| {
        let stream = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            compressed,
        ));
        doc.get_dictionary_mut(page_id)
            .unwrap()
            .set("Contents", stream);
    });
    assert_eq!(
        unreadable(extract("bomb.pdf", bytes).await),
        "PDF content too large once decompressed"
    );
}

/// A PDF written byte by byte, for what lopdf's writer leaves out: `objects` become
/// objects 1, 2, ... and object 1 is the catalog.
fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\nendstream");
    body
}

#[tokio::test]
async fn a_hand_written_pdf_reads_as_its_text() {
    let bytes = raw_pdf(&hello_objects());
    let extracted = extract("letter.pdf", bytes).await.unwrap();
    assert!(extracted.text.contains("Hello PDF world"));
}

fn hello_objects() -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream_object("", HELLO),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

#[tokio::test]
async fn an_object_stream_that_inflates_past_the_limit_is_refused_while_loading() {
    let packed = zlib(&vec![b' '; 33 * 1024 * 1024]);
    let mut objects = hello_objects();
    objects.push(stream_object(
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &packed,
    ));
    let bytes = raw_pdf(&objects);
    assert!(bytes.len() < MAX_SAMPLE_BYTES);
    assert_eq!(
        unreadable(extract("bomb.pdf", bytes).await),
        "PDF content too large once decompressed"
    );
}

#[tokio::test]
async fn a_txt_file_with_latin1_bytes_is_not_utf8() {
    assert!(matches!(
        extract("letter.txt", b"Caf\xE9 au lait".to_vec()).await,
        Err(ExtractError::NotUtf8)
    ));
}

#[tokio::test]
async fn a_txt_name_on_pdf_content_is_read_as_the_pdf_it_is() {
    let extracted = extract("letter.txt", pdf(HELLO)).await.unwrap();
    assert_eq!(extracted.format, SampleFormat::Pdf);
    assert!(extracted.text.contains("Hello PDF world"));
}

#[tokio::test]
async fn a_name_without_a_supported_extension_is_unsupported() {
    for name in ["setup.exe", "resume.doc", "resume", "notes.rtf"] {
        assert!(
            matches!(
                extract(name, b"plain words".to_vec()).await,
                Err(ExtractError::Unsupported)
            ),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_png_named_txt_is_unsupported() {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\rIHDR");
    assert!(matches!(
        extract("photo.txt", bytes).await,
        Err(ExtractError::Unsupported)
    ));
}

#[tokio::test]
async fn a_zip_that_is_not_a_docx_is_unsupported() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(matches!(
        extract("notes.docx", bytes.clone()).await,
        Err(ExtractError::Unsupported)
    ));
    assert!(matches!(
        extract("notes.txt", bytes).await,
        Err(ExtractError::Unsupported)
    ));
}

#[tokio::test]
async fn a_broken_zip_named_docx_is_unreadable() {
    unreadable(extract("resume.docx", b"PK\x03\x04\x14\x00 cut short".to_vec()).await);
}

#[tokio::test]
async fn markdown_is_recognised_by_its_extension_case_insensitively() {
    for name in ["notes.md", "NOTES.MD", "notes.Markdown"] {
        let extracted = extract(name, b"# Me\n\nI write *well*.\n".to_vec())
            .await
            .unwrap();
        assert_eq!(extracted.format, SampleFormat::Markdown, "{name}");
        assert_eq!(extracted.text, "# Me\n\nI write *well*.\n");
    }
    let extracted = extract("notes.txt", b"# Me".to_vec()).await.unwrap();
    assert_eq!(extracted.format, SampleFormat::Text);
}

#[tokio::test]
async fn a_utf8_bom_is_stripped() {
    let extracted = extract("letter.txt", b"\xEF\xBB\xBFDear team,".to_vec())
        .await
        .unwrap();
    assert_eq!(extracted.text, "Dear team,");
}

#[tokio::test]
async fn crlf_line_ends_are_normalized() {
    let extracted = extract("letter.txt", b"Dear team,\r\n\r\nThanks.\r\n".to_vec())
        .await
        .unwrap();
    assert_eq!(extracted.text, "Dear team,\n\nThanks.\n");
}

#[tokio::test]
async fn empty_and_whitespace_only_files_are_empty() {
    for bytes in [&b""[..], b" \n\t\r\n ", b"\xEF\xBB\xBF  "] {
        assert!(
            matches!(
                extract("letter.txt", bytes.to_vec()).await,
                Err(ExtractError::Empty)
            ),
            "{bytes:?}"
        );
    }
}

#[tokio::test]
async fn a_file_over_the_upload_limit_is_refused() {
    let bytes = vec![b'a'; MAX_SAMPLE_BYTES + 1];
    assert_eq!(
        unreadable(extract("long.txt", bytes).await),
        "file too large"
    );
}

#[test]
fn the_lopdf_used_to_write_fixtures_is_the_one_pdf_extract_reads_with() {
    // Compiles only while both name the same lopdf.
    let _: fn(&pdf_extract::Document) -> &lopdf::Document = |doc| doc;
    let _ = Content {
        operations: vec![Operation::new("BT", vec![])],
    };
}

/// A DOCX with only the three parts Word needs: no `word/_rels/document.xml.rels`.
fn minimal_docx(text: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    )
    .unwrap();
    zip.start_file("_rels/.rels", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
        )
        .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_minimal_docx_without_document_relationships_is_read() {
    let extracted = extract("letter.docx", minimal_docx("Dear hiring manager"))
        .await
        .unwrap();
    assert_eq!(extracted.format, SampleFormat::Docx);
    assert_eq!(extracted.text.trim(), "Dear hiring manager");
}
