//! `/api/v1/samples`: multipart upload of .txt, .md, .docx and text-based .pdf files (made
//! here), the 1 MiB limit, the refusals, deactivation of earlier samples, listing, the
//! detail with its writing style, the stored original, delete and ownership.

use std::io::{Cursor, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use docx_rs::{Docx, Paragraph, Run};
use lopdf::{Document, Object, Stream, dictionary};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tailor_analysis::Engines;
use tailor_api_tests::fixtures::id_of;
use tailor_api_tests::{TestApp, TestResponse, spawn_app};
use tailor_domain::ports::StyleAnalyser;

const UPLOAD: &str = "/api/v1/samples/upload";
const SAMPLES: &str = "/api/v1/samples";
const BOUNDARY: &str = "tailor-sample-boundary-4b1e9f0c";
const MIB: usize = 1024 * 1024;

const BAD_TYPE: &str = "document_type must be 'resume' or 'cover_letter'";
const UNSUPPORTED: &str = "Only .txt, .md, .docx and text-based .pdf files are supported";
const TOO_LARGE: &str = "File size exceeds 1MB limit";
const NOT_UTF8: &str = "File must be UTF-8 encoded";
const EMPTY: &str = "File is empty or contains no readable text";
const NOT_FOUND: &str = "Sample document not found";

// ---------------------------------------------------------------------------------------
// Multipart bodies, written by hand
// ---------------------------------------------------------------------------------------

/// One part of a `multipart/form-data` body.
enum Part<'a> {
    Field(&'a str, &'a [u8]),
    File {
        name: &'a str,
        file_name: Option<&'a str>,
        bytes: &'a [u8],
    },
}

fn file<'a>(file_name: &'a str, bytes: &'a [u8]) -> Part<'a> {
    Part::File {
        name: "file",
        file_name: Some(file_name),
        bytes,
    }
}

fn document_type(value: &str) -> Part<'_> {
    Part::Field("document_type", value.as_bytes())
}

/// The headers of a part, from its opening boundary to the blank line.
fn part_head(name: &str, file_name: Option<&str>) -> Vec<u8> {
    let mut head = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"");
    if let Some(file_name) = file_name {
        head.push_str(&format!(
            "; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream"
        ));
    }
    head.push_str("\r\n\r\n");
    head.into_bytes()
}

fn closing() -> Vec<u8> {
    format!("--{BOUNDARY}--\r\n").into_bytes()
}

fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        let (head, bytes) = match part {
            Part::Field(name, value) => (part_head(name, None), *value),
            Part::File {
                name,
                file_name,
                bytes,
            } => (part_head(name, *file_name), *bytes),
        };
        body.extend_from_slice(&head);
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(&closing());
    body
}

fn multipart_content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// Posts a multipart body to the upload route.
async fn post_form(app: &TestApp, token: &str, parts: &[Part<'_>]) -> TestResponse {
    let res = app
        .client
        .post(app.url(UPLOAD))
        .bearer_auth(token)
        .header("content-type", multipart_content_type())
        .body(multipart(parts))
        .send()
        .await
        .expect("request is sent");
    TestResponse::read(res).await
}

/// Uploads `bytes` as `file_name` with the given `document_type`.
async fn upload(
    app: &TestApp,
    token: &str,
    kind: &str,
    file_name: &str,
    bytes: &[u8],
) -> TestResponse {
    post_form(app, token, &[document_type(kind), file(file_name, bytes)]).await
}

/// Uploads and expects 201; returns the new sample.
async fn uploaded(app: &TestApp, token: &str, kind: &str, file_name: &str, bytes: &[u8]) -> Value {
    let res = upload(app, token, kind, file_name, bytes).await;
    assert_eq!(res.status, StatusCode::CREATED, "{file_name}: {}", res.text);
    res.body
}

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let doc = paragraphs.iter().fold(Docx::new(), |doc, text| {
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*text)))
    });
    let mut out = Cursor::new(Vec::new());
    doc.build().pack(&mut out).expect("docx is written");
    out.into_inner()
}

/// A one-page PDF with Helvetica (Type1) as `/F1` and `content` as the page's content.
fn pdf(content: &[u8]) -> Vec<u8> {
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
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf is written");
    out
}

const HELLO_PDF: &[u8] = b"BT /F1 12 Tf 72 712 Td (Hello PDF world) Tj ET";
/// A page that only paints a rectangle, as a scan without OCR shows no text either.
const NO_TEXT_PDF: &[u8] = b"0 0 1 rg 100 100 200 150 re f";

const PNG_HEADER: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// `len` bytes of ASCII text: `word ` repeated, topped up with `x`.
fn text_of_len(len: usize) -> Vec<u8> {
    let mut bytes = b"word ".repeat(len / 5);
    bytes.resize(len, b'x');
    bytes
}

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

async fn user_id(app: &TestApp, token: &str) -> i64 {
    let me = app.me(token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    me.body["id"].as_i64().expect("a numeric user id")
}

async fn sample_rows(app: &TestApp) -> i64 {
    let db = app.db().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM sample_documents",
        ))
        .await
        .expect("query runs")
        .expect("one row");
    let n = row.try_get_by_index::<i64>(0).expect("a count");
    db.close().await.ok();
    n
}

/// Every file under `dir`, at any depth, sorted (temporary files included).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.map(|e| e.expect("a directory entry")) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn documents_dir(app: &TestApp) -> PathBuf {
    app.data_dir().join("documents")
}

fn stored_path(app: &TestApp, user_id: i64, sample_id: &str) -> PathBuf {
    documents_dir(app).join(format!("samples/{user_id}/{sample_id}"))
}

/// The rows of `sample_documents` and the files under `documents/`.
async fn snapshot(app: &TestApp) -> (i64, Vec<PathBuf>) {
    (sample_rows(app).await, files_under(&documents_dir(app)))
}

async fn list(app: &TestApp, token: &str, query: &str) -> TestResponse {
    app.get(&format!("{SAMPLES}{query}"))
        .bearer(token)
        .send()
        .await
}

/// The ids of a list answer, in order; the answer must be 200.
fn ids(res: &TestResponse) -> Vec<String> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["samples"]
        .as_array()
        .expect("a samples list")
        .iter()
        .map(id_of)
        .collect()
}

async fn detail(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.get(&format!("{SAMPLES}/{id}"))
        .bearer(token)
        .send()
        .await
}

#[track_caller]
fn assert_error(res: &TestResponse, status: StatusCode, detail: &str) {
    assert_eq!(res.status, status, "{}", res.text);
    assert_eq!(res.body, json!({ "detail": detail }), "{}", res.text);
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Upload of each format
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_plain_text_file_is_stored_with_exact_word_and_character_counts() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let me = user_id(&app, &token).await;
    // 6 whitespace tokens; "wörld" is 5 code points but 6 bytes.
    let text = "Hello wörld,\n\tthis  is my letter. ";
    assert_eq!(text.len(), 35);

    let res = upload(&app, &token, "cover_letter", "letter.txt", text.as_bytes()).await;

    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let body = &res.body;
    let mut keys: Vec<&str> = body
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "character_count",
            "created_at",
            "document_type",
            "format",
            "id",
            "is_active",
            "original_filename",
            "user_id",
            "word_count",
        ]
    );
    assert!(
        uuid::Uuid::parse_str(body["id"].as_str().unwrap()).is_ok(),
        "{body}"
    );
    assert_eq!(body["user_id"], me);
    assert_eq!(body["document_type"], "cover_letter");
    assert_eq!(body["original_filename"], "letter.txt");
    assert_eq!(body["format"], "text");
    assert_eq!(body["word_count"], 6);
    assert_eq!(body["character_count"], 34);
    assert_eq!(body["is_active"], true);
    assert!(
        body["created_at"]
            .as_str()
            .is_some_and(|t| t.starts_with(&chrono::Utc::now().format("%Y-").to_string())),
        "{body}"
    );

    let got = detail(&app, &token, &id_of(body)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["full_text"], text);
    assert_eq!(got.body["word_count"], 6);
    assert_eq!(got.body["character_count"], 34);
}

#[tokio::test]
async fn a_markdown_file_is_stored_with_the_markdown_format() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let text = "# Jane Doe\n\n- Built **billing** systems\n- Led a team of four\n";

    let body = uploaded(&app, &token, "resume", "cv.md", text.as_bytes()).await;

    assert_eq!(body["format"], "markdown");
    assert_eq!(body["document_type"], "resume");
    assert_eq!(body["original_filename"], "cv.md");
    assert_eq!(body["word_count"], 13);
    assert_eq!(body["character_count"], 61);
    let got = detail(&app, &token, &id_of(&body)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["full_text"], text);
    assert_eq!(got.body["format"], "markdown");
}

#[tokio::test]
async fn a_docx_file_is_read_as_its_paragraphs_in_order() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let bytes = docx(&["Jane Doe, backend engineer.", "I build reliable systems."]);

    let body = uploaded(&app, &token, "resume", "resume.docx", &bytes).await;

    assert_eq!(body["format"], "docx");
    assert_eq!(body["original_filename"], "resume.docx");
    assert_eq!(body["word_count"], 8);
    let got = detail(&app, &token, &id_of(&body)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    let full_text = got.body["full_text"].as_str().expect("full_text");
    let first = full_text.find("Jane Doe, backend engineer.");
    let second = full_text.find("I build reliable systems.");
    assert!(
        first.is_some() && second.is_some() && first < second,
        "{full_text:?}"
    );
    assert_eq!(
        got.body["character_count"],
        full_text.chars().count(),
        "{full_text:?}"
    );
    assert_eq!(got.body["size_bytes"], bytes.len());
}

#[tokio::test]
async fn a_text_based_pdf_is_read_as_its_text() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let bytes = pdf(HELLO_PDF);

    let body = uploaded(&app, &token, "cover_letter", "letter.pdf", &bytes).await;

    assert_eq!(body["format"], "pdf");
    assert_eq!(body["original_filename"], "letter.pdf");
    assert_eq!(body["word_count"], 3);
    let got = detail(&app, &token, &id_of(&body)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    let full_text = got.body["full_text"].as_str().expect("full_text");
    assert!(full_text.contains("Hello PDF world"), "{full_text:?}");
    assert_eq!(got.body["size_bytes"], bytes.len());
}

#[tokio::test]
async fn a_pdf_without_a_text_layer_is_refused_with_422_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = upload(&app, &token, "resume", "scan.pdf", &pdf(NO_TEXT_PDF)).await;

    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let detail = res.body["detail"].as_str().expect("a string detail");
    assert!(detail.contains("no text layer"), "{detail}");
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(ids(&list(&app, &token, "").await), Vec::<String>::new());
}

#[tokio::test]
async fn pdf_content_under_a_txt_name_is_stored_as_a_pdf() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;

    let body = uploaded(&app, &token, "resume", "notes.txt", &pdf(HELLO_PDF)).await;

    assert_eq!(body["format"], "pdf");
    assert_eq!(body["original_filename"], "notes.txt");
    let got = detail(&app, &token, &id_of(&body)).await;
    let full_text = got.body["full_text"].as_str().expect("full_text");
    assert!(full_text.contains("Hello PDF world"), "{full_text:?}");
    assert!(!full_text.contains("%PDF"), "{full_text:?}");
}

#[tokio::test]
async fn a_png_named_txt_is_refused_as_unsupported() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = upload(&app, &token, "resume", "photo.txt", PNG_HEADER).await;

    assert_error(&res, StatusCode::BAD_REQUEST, UNSUPPORTED);
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn an_exe_file_name_is_refused_as_unsupported() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    for name in ["setup.exe", "resume.txt.exe", "resume"] {
        let res = upload(&app, &token, "resume", name, b"Plain words, readable text.").await;
        assert_error(&res, StatusCode::BAD_REQUEST, UNSUPPORTED);
    }
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn a_file_part_without_a_file_name_is_refused_with_400() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = post_form(
        &app,
        &token,
        &[
            document_type("resume"),
            Part::File {
                name: "file",
                file_name: None,
                bytes: b"Some readable text.",
            },
        ],
    )
    .await;

    assert_error(
        &res,
        StatusCode::BAD_REQUEST,
        "A file name is required (at most 255 characters)",
    );
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn the_file_name_is_kept_without_its_folders_and_never_names_the_stored_file() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let me = user_id(&app, &token).await;

    let body = uploaded(
        &app,
        &token,
        "resume",
        "../../escape/cv.txt",
        b"Plain text.",
    )
    .await;

    assert_eq!(body["original_filename"], "cv.txt");
    let files = files_under(&documents_dir(&app));
    assert_eq!(files, vec![stored_path(&app, me, &id_of(&body))]);
    assert!(!app.data_dir().join("escape").exists());
}

// ---------------------------------------------------------------------------------------
// Size limit
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_file_of_exactly_one_mebibyte_is_accepted() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let bytes = text_of_len(MIB);
    assert_eq!(bytes.len(), 1_048_576);

    let body = uploaded(&app, &token, "resume", "big.txt", &bytes).await;

    assert_eq!(body["format"], "text");
    assert_eq!(body["word_count"], MIB / 5 + 1);
    assert_eq!(body["character_count"], MIB);
    let got = detail(&app, &token, &id_of(&body)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["size_bytes"], MIB);
    assert_eq!(got.body["sha256"], sha256_hex(&bytes));
}

#[tokio::test]
async fn a_file_one_byte_over_one_mebibyte_is_refused_with_413() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = upload(&app, &token, "resume", "big.txt", &text_of_len(MIB + 1)).await;

    assert_error(&res, StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE);
    assert_eq!(snapshot(&app).await, before);
}

/// What came back for a request streamed over a raw connection.
struct Streamed {
    status: u16,
    body: Value,
    elapsed: Duration,
    /// Bytes of the request the client managed to hand to the socket in all.
    sent: usize,
    request_len: usize,
}

/// Posts a form whose file holds `file_len` bytes of text, produced chunk by chunk while
/// it is written (never held whole), over a plain TCP connection; reads the answer while
/// the writing goes on.
fn stream_upload(port: u16, token: &str, file_len: usize) -> Streamed {
    let head = [
        part_head("document_type", None),
        b"resume\r\n".to_vec(),
        part_head("file", Some("huge.txt")),
    ]
    .concat();
    let tail = [b"\r\n".to_vec(), closing()].concat();
    let request_len = head.len() + file_len + tail.len();
    let request_head = format!(
        "POST {UPLOAD} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {}\r\nContent-Length: {request_len}\r\n\r\n",
        multipart_content_type()
    );

    let mut reader = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    reader
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut writer = reader.try_clone().expect("socket clones");
    writer
        .set_write_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let started = Instant::now();
    // Set once the answer is read: the client stops sending then, as a real one does, so
    // `sent` counts what went out before the server answered (the kernel's buffers on a
    // busy machine would otherwise take more after it).
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = std::sync::Arc::clone(&answered);
    let writing = std::thread::spawn(move || {
        let mut sent = 0usize;
        let chunk = b"lorem ipsum dolor sit amet ".repeat(2_500);
        let mut write = |bytes: &[u8]| -> bool {
            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                return false;
            }
            let ok = writer.write_all(bytes).is_ok();
            if ok {
                sent += bytes.len();
            }
            ok
        };
        let mut ok = write(request_head.as_bytes()) && write(&head);
        let mut left = file_len;
        while ok && left > 0 {
            let n = left.min(chunk.len());
            ok = write(&chunk[..n]);
            left -= n;
        }
        if ok {
            write(&tail);
        }
        sent - request_head.len()
    });

    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let (status, body) = loop {
        match reader.read(&mut buf) {
            Ok(0) => panic!(
                "connection closed before a whole answer: {:?}",
                String::from_utf8_lossy(&raw)
            ),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => panic!(
                "reading the answer failed: {e}; so far {:?}",
                String::from_utf8_lossy(&raw)
            ),
        }
        if let Some(parsed) = parse_response(&raw) {
            break parsed;
        }
    };
    let elapsed = started.elapsed();
    answered.store(true, std::sync::atomic::Ordering::SeqCst);
    reader.shutdown(Shutdown::Both).ok();
    let sent = writing.join().expect("writer thread");
    Streamed {
        status,
        body,
        elapsed,
        sent,
        request_len,
    }
}

/// The status and JSON body of a complete HTTP/1.1 answer with a `content-length`.
fn parse_response(raw: &[u8]) -> Option<(u16, Value)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).expect("ASCII headers");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("a content-length");
    let body = raw.get(end + 4..end + 4 + length)?;
    Some((status, serde_json::from_slice(body).unwrap_or(Value::Null)))
}

#[tokio::test]
async fn a_fifty_mebibyte_upload_is_cut_off_with_413_and_the_server_keeps_working() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let port = app.port;
    let bearer = token.clone();
    let res = tokio::task::spawn_blocking(move || stream_upload(port, &bearer, 50 * MIB))
        .await
        .expect("upload task");

    assert_eq!(res.status, 413, "{}", res.body);
    assert_eq!(res.body, json!({ "detail": TOO_LARGE }));
    assert!(
        res.elapsed < Duration::from_secs(10),
        "answered after {:?}",
        res.elapsed
    );
    // The answer came after the first mebibyte or so: most of the body was never sent.
    assert!(
        res.sent < res.request_len / 2,
        "all {} bytes were sent",
        res.sent
    );
    assert_eq!(snapshot(&app).await, before);

    let body = uploaded(&app, &token, "resume", "after.txt", b"Still here.").await;
    assert_eq!(body["word_count"], 2);
    assert_eq!(ids(&list(&app, &token, "").await), vec![id_of(&body)]);
}

// ---------------------------------------------------------------------------------------
// Content refusals
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_latin1_text_file_is_refused_as_not_utf8() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = upload(
        &app,
        &token,
        "resume",
        "cafe.txt",
        b"Caf\xE9 au lait, s'il vous pla\xEEt",
    )
    .await;

    assert_error(&res, StatusCode::BAD_REQUEST, NOT_UTF8);
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn an_empty_or_whitespace_only_file_is_refused_with_a_422_string() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", &b"   \n\t\r\n  "[..]),
        ("blank.md", &b"\n\n"[..]),
        ("blank.docx", &docx(&[])[..]),
    ] {
        let res = upload(&app, &token, "cover_letter", name, bytes).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.text
        );
        assert_eq!(res.body, json!({ "detail": EMPTY }), "{name}");
    }
    assert_eq!(snapshot(&app).await, before);
}

// ---------------------------------------------------------------------------------------
// Form validation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unknown_document_type_is_refused_with_400() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    for kind in ["cv", "Resume", "cover-letter", ""] {
        let res = upload(&app, &token, kind, "cv.txt", b"Readable text.").await;
        assert_eq!(
            res.status,
            StatusCode::BAD_REQUEST,
            "{kind:?}: {}",
            res.text
        );
        assert_eq!(res.body, json!({ "detail": BAD_TYPE }), "{kind:?}");
    }
    assert_eq!(snapshot(&app).await, before);
}

#[track_caller]
fn assert_missing(res: &TestResponse, fields: &[&str]) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let errors = res.body["detail"].as_array().expect("a list detail");
    let locs: Vec<&Value> = errors.iter().map(|e| &e["loc"]).collect();
    let expected: Vec<Value> = fields.iter().map(|f| json!(["body", f])).collect();
    assert_eq!(locs, expected.iter().collect::<Vec<_>>(), "{}", res.text);
    for error in errors {
        assert_eq!(error["type"], "missing", "{}", res.text);
        assert!(error["msg"].is_string(), "{}", res.text);
    }
}

#[tokio::test]
async fn missing_form_fields_are_reported_as_a_422_list_with_their_locations() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let no_type = post_form(&app, &token, &[file("cv.txt", b"Readable text.")]).await;
    assert_missing(&no_type, &["document_type"]);

    let no_file = post_form(&app, &token, &[document_type("resume")]).await;
    assert_missing(&no_file, &["file"]);

    let file_under_another_name = post_form(
        &app,
        &token,
        &[
            document_type("resume"),
            Part::File {
                name: "attachment",
                file_name: Some("cv.txt"),
                bytes: b"Readable text.",
            },
        ],
    )
    .await;
    assert_missing(&file_under_another_name, &["file"]);

    let nothing = post_form(&app, &token, &[]).await;
    assert_missing(&nothing, &["document_type", "file"]);

    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn a_json_body_instead_of_a_form_is_a_422_list_of_both_fields() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let before = snapshot(&app).await;

    let res = app
        .post(UPLOAD)
        .bearer(&token)
        .json(&json!({"document_type": "resume", "file": "Readable text."}))
        .send()
        .await;

    assert_missing(&res, &["document_type", "file"]);
    assert_eq!(snapshot(&app).await, before);
}

// ---------------------------------------------------------------------------------------
// Activation, listing
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn uploading_deactivates_only_earlier_samples_of_the_same_type() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;

    let first = uploaded(&app, &token, "cover_letter", "one.txt", b"First letter.").await;
    assert_eq!(first["is_active"], true);
    let second = uploaded(&app, &token, "cover_letter", "two.txt", b"Second letter.").await;
    assert_eq!(second["is_active"], true);
    let resume = uploaded(&app, &token, "resume", "cv.txt", b"My resume.").await;
    assert_eq!(resume["is_active"], true);
    let (first, second, resume) = (id_of(&first), id_of(&second), id_of(&resume));

    let active_letters = list(&app, &token, "?document_type=cover_letter&is_active=true").await;
    assert_eq!(ids(&active_letters), vec![second.clone()]);
    assert_eq!(active_letters.body["total"], 1);

    let inactive_letters = list(&app, &token, "?document_type=cover_letter&is_active=false").await;
    assert_eq!(ids(&inactive_letters), vec![first.clone()]);
    assert_eq!(inactive_letters.body["total"], 1);
    assert_eq!(inactive_letters.body["samples"][0]["is_active"], false);

    let letters = list(&app, &token, "?document_type=cover_letter").await;
    assert_eq!(ids(&letters), vec![second.clone(), first.clone()]);
    assert_eq!(letters.body["total"], 2);

    let resumes = list(&app, &token, "?document_type=resume&is_active=true").await;
    assert_eq!(ids(&resumes), vec![resume.clone()]);
    assert_eq!(resumes.body["total"], 1);

    let active = list(&app, &token, "?is_active=true").await;
    assert_eq!(ids(&active), vec![resume.clone(), second.clone()]);
    assert_eq!(active.body["total"], 2);

    let inactive = list(&app, &token, "?is_active=false").await;
    assert_eq!(ids(&inactive), vec![first.clone()]);
    assert_eq!(inactive.body["total"], 1);

    assert_eq!(detail(&app, &token, &first).await.body["is_active"], false);
    assert_eq!(detail(&app, &token, &second).await.body["is_active"], true);
    assert_eq!(detail(&app, &token, &resume).await.body["is_active"], true);
}

#[tokio::test]
async fn the_list_is_newest_first_and_paginates() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let mut uploaded_ids = Vec::new();
    for (i, kind) in ["resume", "cover_letter", "resume"].into_iter().enumerate() {
        let body = uploaded(&app, &token, kind, &format!("s{i}.txt"), b"Some text.").await;
        uploaded_ids.push(id_of(&body));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let newest_first: Vec<String> = uploaded_ids.iter().rev().cloned().collect();

    let all = list(&app, &token, "").await;
    assert_eq!(ids(&all), newest_first);
    assert_eq!(all.body["total"], 3);
    assert_eq!(all.body["limit"], 50);
    assert_eq!(all.body["offset"], 0);
    let first = &all.body["samples"][0];
    assert_eq!(first["original_filename"], "s2.txt");
    assert_eq!(first["format"], "text");
    assert_eq!(first["word_count"], 2);
    assert_eq!(first["character_count"], 10);
    assert!(first.get("full_text").is_none(), "{first}");

    let page = list(&app, &token, "?limit=1&offset=1").await;
    assert_eq!(ids(&page), vec![newest_first[1].clone()]);
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["limit"], 1);
    assert_eq!(page.body["offset"], 1);

    let past_the_end = list(&app, &token, "?limit=2&offset=3").await;
    assert_eq!(ids(&past_the_end), Vec::<String>::new());
    assert_eq!(past_the_end.body["total"], 3);

    let resumes = list(&app, &token, "?document_type=resume&limit=1").await;
    assert_eq!(ids(&resumes), vec![uploaded_ids[2].clone()]);
    assert_eq!(resumes.body["total"], 2);
}

#[tokio::test]
async fn list_filters_are_validated() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    uploaded(&app, &token, "resume", "cv.txt", b"Some text.").await;

    let bad_type = list(&app, &token, "?document_type=cv").await;
    assert_error(&bad_type, StatusCode::BAD_REQUEST, BAD_TYPE);

    let bad_flag = list(&app, &token, "?is_active=maybe").await;
    assert_eq!(
        bad_flag.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_flag.text
    );
    let error = bad_flag.first_error();
    assert_eq!(
        error["loc"],
        json!(["query", "is_active"]),
        "{}",
        bad_flag.text
    );
    assert_eq!(error["type"], "bool_parsing", "{}", bad_flag.text);
    assert_eq!(error["input"], "maybe", "{}", bad_flag.text);

    let bad_limit = list(&app, &token, "?limit=0").await;
    assert_eq!(
        bad_limit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_limit.text
    );
    assert_eq!(bad_limit.first_error()["loc"], json!(["query", "limit"]));
}

// ---------------------------------------------------------------------------------------
// Detail and stored original
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_detail_carries_the_text_and_a_writing_style_profile() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let text = "I led the billing platform team. I built the billing platform twice. \
                We built a new ledger.";
    let body = uploaded(&app, &token, "resume", "cv.txt", text.as_bytes()).await;

    let res = detail(&app, &token, &id_of(&body)).await;

    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let got = &res.body;
    for key in [
        "id",
        "user_id",
        "document_type",
        "original_filename",
        "format",
        "word_count",
        "character_count",
        "is_active",
        "created_at",
    ] {
        assert_eq!(got[key], body[key], "{key}");
    }
    assert_eq!(got["full_text"], text);
    assert_eq!(got["size_bytes"], text.len());
    assert_eq!(got["sha256"], sha256_hex(text.as_bytes()));
    assert!(got["updated_at"].is_string(), "{got}");

    let style = &got["writing_style"];
    assert!(style.is_object(), "{got}");
    let number = |key: &str| {
        style[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is a number: {style}"))
    };
    // Three sentences of 6, 6 and 5 words; two of them in the first person; 12 distinct
    // words out of 17.
    assert!(
        (number("sentence_length_mean") - 17.0 / 3.0).abs() < 1e-9,
        "{style}"
    );
    assert!(
        (number("first_person_ratio") - 2.0 / 3.0).abs() < 1e-9,
        "{style}"
    );
    assert!(
        (number("vocabulary_richness") - 12.0 / 17.0).abs() < 1e-9,
        "{style}"
    );
    let formality = &style["formality"];
    assert!(formality.is_object(), "{style}");
    assert!(formality["score"].is_number(), "{style}");
    assert_eq!(formality["level"], "neutral", "{style}");
    assert_eq!(
        style["action_verbs"],
        json!([{"term": "built", "count": 2}, {"term": "led", "count": 1}])
    );
    let phrases = style["phrases"].as_array().expect("a phrases list");
    assert!(
        phrases.contains(&json!({"term": "billing platform", "count": 2})),
        "{style}"
    );
    let engines = Engines::load(1).expect("the shipped data is valid");
    let expected = engines
        .style
        .analyse(text.to_owned())
        .await
        .expect("analysed");
    assert_eq!(
        *style,
        serde_json::to_value(expected).expect("style serializes")
    );
}

#[tokio::test]
async fn the_original_file_is_kept_byte_for_byte_under_the_users_folder() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let me = user_id(&app, &token).await;
    let bytes = docx(&["Original paragraph one.", "Original paragraph two."]);

    let body = uploaded(&app, &token, "resume", "cv.docx", &bytes).await;
    let id = id_of(&body);

    let path = stored_path(&app, me, &id);
    let on_disk = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(on_disk == bytes, "the stored file differs from the upload");
    assert_eq!(files_under(&documents_dir(&app)), vec![path]);
    let got = detail(&app, &token, &id).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["size_bytes"], bytes.len());
    assert_eq!(got.body["sha256"], sha256_hex(&bytes));
}

#[tokio::test]
async fn failed_uploads_leave_no_row_and_no_file_behind() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let kept = uploaded(&app, &token, "resume", "kept.txt", b"A sample that stays.").await;
    let before = snapshot(&app).await;
    assert_eq!(before.0, 1);
    assert_eq!(before.1.len(), 1);

    let too_large = text_of_len(MIB + 1);
    let no_text = pdf(NO_TEXT_PDF);
    let cases: [(&str, &str, &[u8], StatusCode); 5] = [
        (
            "too large",
            "big.txt",
            &too_large,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "not UTF-8",
            "latin.txt",
            b"caf\xE9",
            StatusCode::BAD_REQUEST,
        ),
        ("empty", "empty.txt", b"", StatusCode::UNPROCESSABLE_ENTITY),
        ("bad type", "image.txt", PNG_HEADER, StatusCode::BAD_REQUEST),
        (
            "no text layer",
            "scan.pdf",
            &no_text,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (case, name, bytes, status) in cases {
        let res = upload(&app, &token, "resume", name, bytes).await;
        assert_eq!(res.status, status, "{case}: {}", res.text);
        assert!(res.body["detail"].is_string(), "{case}: {}", res.text);
        assert_eq!(snapshot(&app).await, before, "{case}");
    }

    // The earlier sample is still the active one.
    let active = list(&app, &token, "?is_active=true").await;
    assert_eq!(ids(&active), vec![id_of(&kept)]);
}

// ---------------------------------------------------------------------------------------
// Delete, ownership, authentication
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn deleting_a_sample_answers_204_and_removes_its_row_and_file() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let me = user_id(&app, &token).await;
    let gone = id_of(&uploaded(&app, &token, "resume", "gone.txt", b"Delete me.").await);
    let stays = id_of(&uploaded(&app, &token, "cover_letter", "stays.txt", b"Keep me.").await);
    let path = stored_path(&app, me, &gone);
    assert!(path.is_file());

    let res = app
        .request(Method::DELETE, &format!("{SAMPLES}/{gone}"))
        .bearer(&token)
        .send()
        .await;

    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(res.text, "");
    assert_error(
        &detail(&app, &token, &gone).await,
        StatusCode::NOT_FOUND,
        NOT_FOUND,
    );
    assert!(!path.exists(), "{} is still there", path.display());
    assert_eq!(sample_rows(&app).await, 1);
    assert_eq!(
        files_under(&documents_dir(&app)),
        vec![stored_path(&app, me, &stays)]
    );
    let listed = list(&app, &token, "").await;
    assert_eq!(ids(&listed), vec![stays.clone()]);
    assert_eq!(listed.body["total"], 1);

    let again = app
        .request(Method::DELETE, &format!("{SAMPLES}/{gone}"))
        .bearer(&token)
        .send()
        .await;
    assert_error(&again, StatusCode::NOT_FOUND, NOT_FOUND);
}

#[tokio::test]
async fn another_users_sample_does_not_exist_for_the_caller() {
    let app = spawn_app().await;
    let (_, owner, _) = app.signed_up_user().await;
    let owner_id = user_id(&app, &owner).await;
    let (_, other, _) = app.signed_up_user().await;
    let mine = uploaded(&app, &owner, "resume", "mine.txt", b"My own words.").await;
    let id = id_of(&mine);
    let theirs = uploaded(&app, &other, "resume", "theirs.txt", b"Their words.").await;
    let before = detail(&app, &owner, &id).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);

    assert_error(
        &detail(&app, &other, &id).await,
        StatusCode::NOT_FOUND,
        NOT_FOUND,
    );
    let delete = app
        .request(Method::DELETE, &format!("{SAMPLES}/{id}"))
        .bearer(&other)
        .send()
        .await;
    assert_error(&delete, StatusCode::NOT_FOUND, NOT_FOUND);

    let after = detail(&app, &owner, &id).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.text);
    assert_eq!(after.body, before.body);
    assert!(stored_path(&app, owner_id, &id).is_file());
    let owners_list = list(&app, &owner, "").await;
    assert_eq!(ids(&owners_list), vec![id.clone()]);
    assert_eq!(owners_list.body["total"], 1);
    // The other user's upload did not deactivate the owner's sample of the same type.
    assert_eq!(owners_list.body["samples"][0]["is_active"], true);

    let others_list = list(&app, &other, "").await;
    assert_eq!(ids(&others_list), vec![id_of(&theirs)]);
    assert_eq!(others_list.body["total"], 1);
}

#[tokio::test]
async fn unknown_and_malformed_sample_ids_are_404() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    uploaded(&app, &token, "resume", "cv.txt", b"Some text.").await;
    let before = snapshot(&app).await;

    for id in [
        uuid::Uuid::new_v4().to_string(),
        "not-a-uuid".to_owned(),
        "42".to_owned(),
    ] {
        let path = format!("{SAMPLES}/{id}");
        let got = app.get(&path).bearer(&token).send().await;
        assert_error(&got, StatusCode::NOT_FOUND, NOT_FOUND);
        let deleted = app
            .request(Method::DELETE, &path)
            .bearer(&token)
            .send()
            .await;
        assert_error(&deleted, StatusCode::NOT_FOUND, NOT_FOUND);
    }
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn every_sample_route_needs_a_valid_token() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&uploaded(&app, &token, "resume", "cv.txt", b"Some text.").await);
    let before = snapshot(&app).await;
    let form = multipart(&[document_type("resume"), file("x.txt", b"Other text.")]);

    let routes = [
        (Method::POST, UPLOAD.to_owned()),
        (Method::GET, SAMPLES.to_owned()),
        (Method::GET, format!("{SAMPLES}/{id}")),
        (Method::DELETE, format!("{SAMPLES}/{id}")),
    ];
    for (method, path) in routes {
        let case = format!("{method} {path}");
        let request = || {
            app.client
                .request(method.clone(), app.url(&path))
                .header("content-type", multipart_content_type())
                .body(form.clone())
        };

        let anonymous = TestResponse::read(request().send().await.expect("sent")).await;
        assert_eq!(
            anonymous.status,
            StatusCode::FORBIDDEN,
            "{case}: {}",
            anonymous.text
        );
        assert_eq!(
            anonymous.body,
            json!({"detail": "Not authenticated"}),
            "{case}"
        );

        let forged =
            TestResponse::read(request().bearer_auth("garbage").send().await.expect("sent")).await;
        assert_eq!(
            forged.status,
            StatusCode::UNAUTHORIZED,
            "{case}: {}",
            forged.text
        );
        assert_eq!(
            forged.body,
            json!({"detail": "Invalid authentication token"}),
            "{case}"
        );
        assert_eq!(forged.header("www-authenticate"), Some("Bearer"), "{case}");
    }
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(detail(&app, &token, &id).await.status, StatusCode::OK);
}

#[tokio::test]
async fn concurrent_uploads_of_one_type_leave_exactly_one_active_sample() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    for round in 0..3 {
        let (a, b, c) = tokio::join!(
            upload(&app, &token, "cover_letter", "a.txt", b"First letter text."),
            upload(
                &app,
                &token,
                "cover_letter",
                "b.txt",
                b"Second letter text."
            ),
            upload(&app, &token, "cover_letter", "c.txt", b"Third letter text."),
        );
        for res in [&a, &b, &c] {
            assert_eq!(
                res.status,
                StatusCode::CREATED,
                "round {round}: {}",
                res.text
            );
        }
        let active = list(&app, &token, "?document_type=cover_letter&is_active=true").await;
        assert_eq!(active.body["total"], 1, "round {round}: {}", active.text);
    }
}
