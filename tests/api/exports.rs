//! `/api/v1/exports`: the app's flow (export a generation, download it by its link with a
//! bare client, list, delete), every format, batch ZIPs, previews, the template catalogue,
//! signed links (tampering, expiry, ranges, entity tags), ownership, bad input, and what
//! deletes and expiry remove.

use std::io::Read;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tailor_api_tests::fixtures::{Owner, full_profile, full_profile_of};
use tailor_api_tests::{TestApp, TestResponse, spawn_app, spawn_app_with};

use crate::jobs::{POSTING, delete_job, post_job, rows};

const EXPORTS: &str = "/api/v1/exports";

/// A user with the full profile, one saved job, and a resume and a cover letter for it.
struct Setup {
    owner: Owner,
    job_id: String,
    resume_id: String,
    letter_id: String,
}

async fn setup(app: &TestApp, email: &str) -> Setup {
    let owner = app.owner_with(&full_profile_of("Jane Doe", email)).await;
    let res = post_job(app, &owner.token, &json!({ "raw_text": POSTING })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    let resume = app
        .post("/api/v1/generations/resume")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    assert_eq!(resume.status, StatusCode::OK, "{}", resume.text);
    let letter = app
        .post("/api/v1/generations/cover-letter")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    assert_eq!(letter.status, StatusCode::OK, "{}", letter.text);
    Setup {
        owner,
        job_id,
        resume_id: resume.body["generation_id"].as_str().unwrap().to_owned(),
        letter_id: letter.body["generation_id"].as_str().unwrap().to_owned(),
    }
}

async fn export(app: &TestApp, token: &str, route: &str, body: &Value) -> TestResponse {
    app.post(&format!("{EXPORTS}/{route}"))
        .bearer(token)
        .json(body)
        .send()
        .await
}

async fn pdf_of(app: &TestApp, token: &str, generation_id: &str) -> TestResponse {
    export(
        app,
        token,
        "pdf",
        &json!({"generation_id": generation_id, "template": "modern", "format": "pdf"}),
    )
    .await
}

/// GETs an absolute URL with a bare client: no `Authorization`, no base URL.
async fn fetch(
    url: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let client = reqwest::Client::new();
    let mut req = client.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("download answers");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The files under the exports folder of the document store.
fn export_files(app: &TestApp) -> Vec<String> {
    let root = app.data_dir().join("documents").join("exports");
    let mut found = Vec::new();
    let Ok(users) = std::fs::read_dir(&root) else {
        return found;
    };
    for user in users.flatten() {
        for file in std::fs::read_dir(user.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            found.push(file.file_name().to_string_lossy().into_owned());
        }
    }
    found.sort();
    found
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("a text layer")
}

#[tokio::test]
async fn the_apps_flow_exports_downloads_lists_and_deletes() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let token = &s.owner.token;

    let res = export(
        &app,
        token,
        "pdf",
        &json!({"generation_id": s.resume_id, "template": "modern", "format": "pdf",
                "options": {"font_family": "Arial", "accent_color": "blue", "paper": "a4", "whatever": [1]}}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let e = &res.body;
    assert_eq!(e["format"], "pdf");
    assert_eq!(e["template"], "modern");
    assert_eq!(e["user_id"], s.owner.user_id);
    assert_eq!(e["generation_id"], s.resume_id.as_str());
    assert_eq!(e["job_id"], s.job_id.as_str());
    assert!(e["local_cache_path"].is_null() && e["cache_expires_at"].is_null());
    let filename = e["filename"].as_str().unwrap();
    assert!(
        filename.starts_with("resume_") && filename.ends_with(".pdf") && filename.len() == 26,
        "{filename}"
    );
    assert!(e["page_count"].as_u64().unwrap() >= 1);
    assert_eq!(e["metadata"]["document_type"], "resume");
    assert_eq!(e["metadata"]["created_from"], s.resume_id.as_str());
    assert_eq!(e["metadata"]["paper"], "a4");
    assert_eq!(e["metadata"]["job_title"], "Senior Backend Engineer");
    assert_eq!(e["metadata"]["missing_glyphs"], json!([]));
    let created = chrono::NaiveDateTime::parse_from_str(
        e["created_at"].as_str().unwrap(),
        "%Y-%m-%dT%H:%M:%S%.f",
    )
    .unwrap();
    let expires = chrono::NaiveDateTime::parse_from_str(
        e["expires_at"].as_str().unwrap(),
        "%Y-%m-%dT%H:%M:%S%.f",
    )
    .unwrap();
    assert_eq!(expires - created, chrono::Duration::days(30));

    // The app fetches the link with a bare client: absolute, no Authorization header.
    let url = e["download_url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/api/v1/exports/download/exports_", app.address)),
        "{url}"
    );
    let (status, headers, body) = fetch(url, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-type"), "application/pdf");
    assert_eq!(
        header(&headers, "content-disposition"),
        format!("attachment; filename=\"{filename}\"")
    );
    assert_eq!(header(&headers, "accept-ranges"), "bytes");
    let sha = hex(&Sha256::digest(&body));
    assert_eq!(header(&headers, "etag"), format!("\"{sha}\""));
    assert_eq!(e["sha256"], sha.as_str());
    assert_eq!(body.len() as u64, e["file_size_bytes"].as_u64().unwrap());
    assert!(body.starts_with(b"%PDF-"));
    let text = pdf_text(&body);
    for expected in [
        "Jane Doe",
        "Senior Engineer",
        "Acme",
        "Cut costs by 30%",
        "TU Berlin",
    ] {
        assert!(
            text.contains(expected),
            "{expected} in the PDF text: {text}"
        );
    }

    // Listed, read again with a fresh link, grouped under its job.
    let list = app
        .get(&format!("{EXPORTS}/files"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["total"], 1);
    assert_eq!(
        (list.body["limit"].clone(), list.body["offset"].clone()),
        (json!(50), json!(0))
    );
    assert_eq!(list.body["exports"][0]["id"], e["id"]);
    let id = e["id"].as_str().unwrap();
    let one = app
        .get(&format!("{EXPORTS}/files/{id}/download"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    let (status, _, again) = fetch(one.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!((status, again.len()), (StatusCode::OK, body.len()));
    let by_job = app
        .get(&format!("{EXPORTS}/files/job/{}", s.job_id))
        .bearer(token)
        .send()
        .await;
    assert_eq!(by_job.status, StatusCode::OK, "{}", by_job.text);
    assert_eq!(by_job.body["job_title"], "Senior Backend Engineer");
    assert_eq!(by_job.body["total_exports"], 1);
    assert_eq!(by_job.body["total_size_bytes"], e["file_size_bytes"]);
    let days = by_job.body["exports_by_date"].as_object().unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days.values().next().unwrap()[0]["id"], e["id"]);

    // Deleted: row and file gone, the link dead, the list empty.
    assert_eq!(export_files(&app).len(), 1);
    let res = app
        .request(Method::DELETE, &format!("{EXPORTS}/files/{id}"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert!(export_files(&app).is_empty());
    let (status, _, body) = fetch(url, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"detail": "File not found"})
    );
    let res = app
        .request(Method::DELETE, &format!("{EXPORTS}/files/{id}"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Export not found");
    let list = app
        .get(&format!("{EXPORTS}/files"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(list.body["total"], 0);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn every_template_and_format_downloads_with_its_content() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let token = &s.owner.token;
    for template in ["modern", "classic", "creative", "ats-optimized"] {
        for (route, format, content_type) in [
            ("pdf", "pdf", "application/pdf"),
            (
                "docx",
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("markdown", "md", "text/markdown; charset=utf-8"),
            ("text", "txt", "text/plain; charset=utf-8"),
        ] {
            let res = export(
                &app,
                token,
                route,
                &json!({"generation_id": s.resume_id, "template": template, "format": format}),
            )
            .await;
            assert_eq!(
                res.status,
                StatusCode::CREATED,
                "{template} {format}: {}",
                res.text
            );
            assert_eq!(res.body["format"], format);
            let (status, headers, body) =
                fetch(res.body["download_url"].as_str().unwrap(), &[]).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(header(&headers, "content-type"), content_type);
            let text = match format {
                "pdf" => pdf_text(&body),
                "docx" => docx_text(&body),
                _ => String::from_utf8(body).unwrap(),
            };
            let text = if template == "ats-optimized" {
                text.to_lowercase()
            } else {
                text
            };
            let name = if template == "ats-optimized" && format == "pdf" {
                "jane doe"
            } else {
                "Jane Doe"
            };
            assert!(
                text.to_lowercase().contains(&name.to_lowercase()),
                "{template} {format}: {text}"
            );
            assert!(
                text.contains("Cut costs by 30%") || text.contains("cut costs by 30%"),
                "{template} {format}: {text}"
            );
            if format == "docx" {
                assert!(res.body["page_count"].is_null());
            }
        }
    }
    // The cover letter: one layout whatever the template.
    let res = export(
        &app,
        token,
        "pdf",
        &json!({"generation_id": s.letter_id, "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["metadata"]["document_type"], "cover_letter");
    assert!(
        res.body["filename"]
            .as_str()
            .unwrap()
            .starts_with("cover_letter_")
    );
    let (_, _, body) = fetch(res.body["download_url"].as_str().unwrap(), &[]).await;
    assert!(pdf_text(&body).contains("Jane Doe"));
}

/// The text of every paragraph of a DOCX.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("the document part")
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:t") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</w:t>") else {
            break;
        };
        text.push_str(&body[..close]);
        text.push(' ');
        rest = &body[close..];
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[tokio::test]
async fn bad_requests_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let token = &s.owner.token;
    let id = s.resume_id.as_str();

    let res = export(
        &app,
        token,
        "pdf",
        &json!({"generation_id": id, "template": "modern", "format": "docx"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.detail(), "Use /api/v1/exports/pdf for PDF exports");
    let res = export(
        &app,
        token,
        "docx",
        &json!({"generation_id": id, "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.detail(), "Use /api/v1/exports/docx for DOCX exports");

    for (body, kind, field) in [
        (
            json!({"generation_id": id, "template": "ats_optimized", "format": "pdf"}),
            "enum",
            "template",
        ),
        (
            json!({"generation_id": id, "template": "modern", "format": "PDF"}),
            "enum",
            "format",
        ),
        (
            json!({"generation_id": "not-a-uuid", "template": "modern", "format": "pdf"}),
            "uuid_parsing",
            "generation_id",
        ),
        (
            json!({"template": "modern", "format": "pdf"}),
            "missing",
            "generation_id",
        ),
        (
            json!({"generation_id": id, "format": "pdf"}),
            "missing",
            "template",
        ),
        (
            json!({"generation_id": id, "template": "modern", "format": "pdf", "options": "big"}),
            "dict_type",
            "options",
        ),
    ] {
        let res = export(&app, token, "pdf", &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.text
        );
        assert_eq!(res.first_error()["type"], kind, "{body}");
        assert_eq!(res.first_error()["loc"], json!(["body", field]), "{body}");
        assert!(res.first_error()["msg"].is_string());
    }
    let res = app
        .post(&format!("{EXPORTS}/pdf"))
        .bearer(token)
        .raw("{not json")
        .header("content-type", "application/json")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A generation that does not exist.
    let missing = uuid::Uuid::new_v4();
    let res = export(
        &app,
        token,
        "pdf",
        &json!({"generation_id": missing, "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), format!("Generation {missing} not found"));

    // Batch: a ZIP of ZIPs, nothing valid, too many.
    let res = export(
        &app,
        token,
        "batch",
        &json!({"generation_ids": [id], "template": "modern", "format": "zip"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        res.detail(),
        "Batch export only supports PDF and DOCX formats"
    );
    let res = export(
        &app,
        token,
        "batch",
        &json!({"generation_ids": [missing], "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.detail(), "No valid generations found for export");
    let many: Vec<String> = (0..21).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let res = export(
        &app,
        token,
        "batch",
        &json!({"generation_ids": many, "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "too_long");

    // Lists: bad filters and pages.
    for query in [
        "format=exe",
        "job_id=x",
        "limit=0",
        "limit=101",
        "offset=-1",
    ] {
        let res = app
            .get(&format!("{EXPORTS}/files?{query}"))
            .bearer(token)
            .send()
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            res.text
        );
    }
    let res = app
        .get(&format!("{EXPORTS}/templates/ats_optimized"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["loc"], json!(["path", "template_id"]));

    assert_eq!(rows(&app, "exports").await, 0);
    assert!(export_files(&app).is_empty());
}

#[tokio::test]
async fn every_route_but_the_download_needs_a_valid_token() {
    let app = spawn_app().await;
    let id = uuid::Uuid::new_v4();
    let body = json!({"generation_id": id, "template": "modern", "format": "pdf"});
    let routes: Vec<(Method, String)> = vec![
        (Method::POST, format!("{EXPORTS}/pdf")),
        (Method::POST, format!("{EXPORTS}/docx")),
        (Method::POST, format!("{EXPORTS}/markdown")),
        (Method::POST, format!("{EXPORTS}/text")),
        (Method::POST, format!("{EXPORTS}/batch")),
        (Method::POST, format!("{EXPORTS}/preview")),
        (Method::GET, format!("{EXPORTS}/templates")),
        (Method::GET, format!("{EXPORTS}/templates/modern")),
        (Method::GET, format!("{EXPORTS}/files")),
        (Method::GET, format!("{EXPORTS}/files/{id}/download")),
        (Method::GET, format!("{EXPORTS}/files/job/{id}")),
        (Method::DELETE, format!("{EXPORTS}/files/{id}")),
    ];
    for (method, path) in routes {
        let res = app.request(method.clone(), &path).json(&body).send().await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(res.detail(), "Not authenticated");
        let res = app
            .request(method.clone(), &path)
            .bearer("garbage")
            .json(&body)
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
}

#[tokio::test]
async fn another_users_generations_and_exports_do_not_exist_for_the_caller() {
    let app = spawn_app().await;
    let jane = setup(&app, "jane@example.com").await;
    let mallory = app
        .owner_with(&full_profile_of("Mallory", "mallory@example.com"))
        .await;
    let made = pdf_of(&app, &jane.owner.token, &jane.resume_id).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let export_id = made.body["id"].as_str().unwrap();

    let res = pdf_of(&app, &mallory.token, &jane.resume_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        res.detail(),
        format!("Generation {} not found", jane.resume_id)
    );
    let res = app
        .post(&format!("{EXPORTS}/preview"))
        .bearer(&mallory.token)
        .json(&json!({"generation_id": jane.resume_id, "template": "classic"}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = export(
        &app,
        &mallory.token,
        "batch",
        &json!({"generation_ids": [jane.resume_id], "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app
        .get(&format!("{EXPORTS}/files/{export_id}/download"))
        .bearer(&mallory.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Export not found or expired");
    let res = app
        .get(&format!("{EXPORTS}/files/job/{}", jane.job_id))
        .bearer(&mallory.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), format!("Job {} not found", jane.job_id));
    let res = app
        .request(Method::DELETE, &format!("{EXPORTS}/files/{export_id}"))
        .bearer(&mallory.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let list = app
        .get(&format!("{EXPORTS}/files"))
        .bearer(&mallory.token)
        .send()
        .await;
    assert_eq!(list.body["total"], 0);

    // Jane's export is untouched.
    assert_eq!(rows(&app, "exports").await, 1);
    assert_eq!(export_files(&app).len(), 1);
    let res = app
        .get(&format!("{EXPORTS}/files/{export_id}/download"))
        .bearer(&jane.owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

/// `(download path with its query, token, expires)` of an export's link.
fn link_parts(url: &str) -> (String, String, String) {
    let (path, query) = url.split_once('?').unwrap();
    let mut token = String::new();
    let mut expires = String::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("token", v)) => token = v.to_owned(),
            Some(("expires", v)) => expires = v.to_owned(),
            _ => {}
        }
    }
    (path.to_owned(), token, expires)
}

#[tokio::test]
async fn a_link_that_was_altered_is_refused_and_ranges_and_tags_are_honoured() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let res = pdf_of(&app, &s.owner.token, &s.resume_id).await;
    let url = res.body["download_url"].as_str().unwrap().to_owned();
    let size = res.body["file_size_bytes"].as_u64().unwrap();
    let (path, token, expires) = link_parts(&url);

    let later: i64 = expires.parse::<i64>().unwrap() + 3600;
    let mut flipped = token.clone().into_bytes();
    flipped[0] = if flipped[0] == b'a' { b'b' } else { b'a' };
    let flipped = String::from_utf8(flipped).unwrap();
    let other_name = path.replace(".pdf", ".docx");
    for tampered in [
        format!("{path}?token={token}&expires={later}"),
        format!("{path}?token={flipped}&expires={expires}"),
        format!("{path}?token=abc&expires={expires}"),
        format!("{other_name}?token={token}&expires={expires}"),
    ] {
        let (status, _, body) = fetch(&tampered, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{tampered}");
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap(),
            json!({"detail": "Invalid download token"})
        );
    }
    let (status, _, body) = fetch(&format!("{path}?token={token}"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["detail"][0]["loc"], json!(["query", "expires"]));
    let (status, _, _) = fetch(
        &format!(
            "{}/api/v1/exports/download/passwd?token={token}&expires={expires}",
            app.address
        ),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Ranges and entity tags.
    let (status, headers, part) = fetch(&url, &[("range", "bytes=0-9")]).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&headers, "content-range"),
        format!("bytes 0-9/{size}")
    );
    assert_eq!(part, b"%PDF-1.7\n%"[..part.len()].to_vec());
    assert_eq!(part.len(), 10);
    let (status, headers, tail) = fetch(&url, &[("range", "bytes=-5")]).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.len(), 5);
    assert_eq!(
        header(&headers, "content-range"),
        format!("bytes {}-{}/{size}", size - 5, size - 1)
    );
    let (status, headers, _) = fetch(&url, &[("range", &format!("bytes={size}-"))]).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&headers, "content-range"), format!("bytes */{size}"));
    let (_, headers, whole) = fetch(&url, &[]).await;
    assert_eq!(whole.len() as u64, size);
    let tag = header(&headers, "etag").to_owned();
    let (status, _, body) = fetch(&url, &[("if-none-match", &tag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    // A range of another version of the file gets the whole file.
    let (status, _, body) = fetch(&url, &[("range", "bytes=0-9"), ("if-range", "\"old\"")]).await;
    assert_eq!((status, body.len() as u64), (StatusCode::OK, size));
}

#[tokio::test]
async fn an_expired_link_is_gone_and_a_fresh_read_gives_a_working_one() {
    let app = spawn_app_with(|s| s.exports.link_ttl_secs = 1).await;
    let s = setup(&app, "jane@example.com").await;
    let res = pdf_of(&app, &s.owner.token, &s.resume_id).await;
    let url = res.body["download_url"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, _, body) = fetch(&url, &[]).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"detail": "Download link has expired"})
    );
    let id = res.body["id"].as_str().unwrap();
    let fresh = app
        .get(&format!("{EXPORTS}/files/{id}/download"))
        .bearer(&s.owner.token)
        .send()
        .await;
    let (status, _, _) = fetch(fresh.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_batch_zips_the_callers_generations_and_names_what_it_skipped() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let missing = uuid::Uuid::new_v4().to_string();
    let res = export(
        &app,
        &s.owner.token,
        "batch",
        &json!({"generation_ids": [s.resume_id, missing, s.letter_id, s.resume_id],
                "template": "classic", "format": "docx"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["format"], "zip");
    assert_eq!(res.body["file_count"], 2);
    assert!(res.body["generation_id"].is_null());
    assert_eq!(res.body["job_id"], s.job_id.as_str());
    assert!(
        res.body["filename"]
            .as_str()
            .unwrap()
            .starts_with("batch_export_")
    );
    assert_eq!(
        res.body["metadata"]["skipped_generations"],
        json!([missing])
    );
    let (status, headers, body) = fetch(res.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-type"), "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_owned())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        names[0].starts_with("resume_") && names[0].ends_with(".docx"),
        "{names:?}"
    );
    assert!(
        names[1].starts_with("cover_letter_") && names[1].ends_with(".docx"),
        "{names:?}"
    );
    assert_eq!(
        names,
        res.body["metadata"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    );
    let mut inner = Vec::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_end(&mut inner)
        .unwrap();
    assert!(docx_text(&inner).contains("Jane Doe"));
    let zips = app
        .get(&format!("{EXPORTS}/files?format=zip"))
        .bearer(&s.owner.token)
        .send()
        .await;
    assert_eq!(zips.body["total"], 1);
}

#[tokio::test]
async fn the_template_catalogue_is_the_contracts() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = app
        .get(&format!("{EXPORTS}/templates"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let templates = res.body["templates"].as_array().unwrap();
    let ids: Vec<&str> = templates
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["modern", "classic", "creative", "ats-optimized"]);
    assert_eq!(templates[0]["name"], "Modern");
    assert_eq!(templates[0]["ats_score"], 85);
    assert_eq!(
        templates[0]["industries"],
        json!(["Tech", "Startups", "Software"])
    );
    assert_eq!(
        templates[0]["supports_customization"],
        json!({"accent_color": true, "font_family": false})
    );
    assert_eq!(templates[0]["default_options"]["accent_color"], "#2563EB");
    assert!(templates[0]["preview_url"].is_null());
    assert_eq!(
        templates[3]["description"],
        "Maximum parsability for Applicant Tracking Systems. Simple text-only layout without complex formatting."
    );
    let one = app
        .get(&format!("{EXPORTS}/templates/ats-optimized"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(
        one.body["description"],
        "Maximum parsability for ATS systems."
    );
    assert_eq!(one.body["ats_score"], 98);
}

#[tokio::test]
async fn a_preview_is_the_first_page_as_png() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let res = app
        .post(&format!("{EXPORTS}/preview"))
        .bearer(&s.owner.token)
        .json(&json!({"generation_id": s.resume_id, "template": "creative", "options": {"accent_color": "teal"}}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("image/png"));
    let raw = app
        .client
        .post(app.url(&format!("{EXPORTS}/preview")))
        .bearer_auth(&s.owner.token)
        .json(&json!({"generation_id": s.resume_id, "template": "modern"}))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(raw.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(rows(&app, "exports").await, 0, "a preview keeps nothing");
}

#[tokio::test]
async fn deleting_a_generation_or_a_job_removes_its_exports_and_files() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let token = &s.owner.token;
    let of_resume = pdf_of(&app, token, &s.resume_id).await;
    let of_letter = pdf_of(&app, token, &s.letter_id).await;
    let zip = export(
        &app,
        token,
        "batch",
        &json!({"generation_ids": [s.letter_id], "template": "modern", "format": "pdf"}),
    )
    .await;
    assert_eq!(zip.status, StatusCode::CREATED);
    assert_eq!(export_files(&app).len(), 3);

    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/generations/{}", s.resume_id),
        )
        .bearer(token)
        .send()
        .await;
    assert!(res.status.is_success(), "{}", res.text);
    assert_eq!(export_files(&app).len(), 2);
    let (status, _, _) = fetch(of_resume.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let res = delete_job(&app, token, &s.job_id).await;
    assert!(res.status.is_success(), "{}", res.text);
    assert!(export_files(&app).is_empty());
    assert_eq!(rows(&app, "exports").await, 0);
    let (status, _, _) = fetch(of_letter.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn expired_exports_are_purged_rows_and_files() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let old = pdf_of(&app, &s.owner.token, &s.resume_id).await;
    let kept = pdf_of(&app, &s.owner.token, &s.letter_id).await;
    assert_eq!(export_files(&app).len(), 2);
    let old_id = old.body["id"].as_str().unwrap();
    app.execute_sql(&format!(
        "UPDATE exports SET expires_at = '2000-01-01 00:00:00+00:00' WHERE storage_key LIKE '%{old_id}%'"
    ))
    .await;
    // Expired: neither read nor listed any more, even before the purge.
    let res = app
        .get(&format!("{EXPORTS}/files/{old_id}/download"))
        .bearer(&s.owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let (status, _, _) = fetch(old.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The purge runs at start (and then every `purge_interval_secs`).
    let app = app.restart().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while rows(&app, "exports").await > 1 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(rows(&app, "exports").await, 1);
    let files = export_files(&app);
    assert_eq!(files.len(), 1);
    assert!(
        files[0].starts_with(kept.body["id"].as_str().unwrap()),
        "{files:?}"
    );
}

#[tokio::test]
async fn a_row_that_cannot_be_written_leaves_no_file() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    app.execute_sql("DROP TABLE exports").await;
    let res = pdf_of(&app, &s.owner.token, &s.resume_id).await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.text
    );
    assert_eq!(res.detail(), "Internal server error");
    assert!(export_files(&app).is_empty(), "the file went with the row");
}

#[tokio::test]
async fn characters_no_font_has_are_reported_not_dropped() {
    let app = spawn_app_with(|s| s.exports.font_dirs = Vec::new()).await;
    let mut profile = full_profile();
    profile["personal_info"]["full_name"] = json!("Jane Doe 王芳");
    profile["experiences"][0]["achievements"] = json!(["Ελληνικά και русский: Cut costs by 30%"]);
    let owner = app.owner_with(&profile).await;
    let res = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    let resume = app
        .post("/api/v1/generations/resume")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    let id = resume.body["generation_id"].as_str().unwrap();
    let res = pdf_of(&app, &owner.token, id).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    // Greek and Cyrillic are in the shipped fonts; Chinese is not.
    assert_eq!(res.body["metadata"]["missing_glyphs"], json!(["王", "芳"]));
    // The PDF was kept: its text layer held every bullet (the renderer checks it).
    let (status, _, body) = fetch(res.body["download_url"].as_str().unwrap(), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn files_a_crash_left_without_a_row_are_swept_once_old() {
    let app = spawn_app().await;
    let s = setup(&app, "jane@example.com").await;
    let kept = pdf_of(&app, &s.owner.token, &s.resume_id).await;
    let kept_id = kept.body["id"].as_str().unwrap().to_owned();
    let folder = app
        .data_dir()
        .join("documents")
        .join("exports")
        .join(s.owner.user_id.to_string());
    // One left by a crash an hour and more ago, one just written (its row may be on the
    // way): only the first is an orphan.
    let old = folder.join(format!("{}.pdf", uuid::Uuid::new_v4()));
    let fresh = folder.join(format!("{}.docx", uuid::Uuid::new_v4()));
    std::fs::write(&old, b"%PDF-orphan").unwrap();
    std::fs::write(&fresh, b"PK").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    // The live export's file is old too: it is kept because its row refers to it.
    let live = folder.join(format!("{kept_id}.pdf"));
    std::fs::File::options()
        .write(true)
        .open(&live)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let app = app.restart().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while old.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!old.exists(), "the orphan is swept");
    assert!(fresh.exists(), "a recent file is left alone");
    assert!(live.exists(), "a file with its row is kept");
    let (status, _, _) = fetch(
        app.get(&format!("{EXPORTS}/files/{kept_id}/download"))
            .bearer(&s.owner.token)
            .send()
            .await
            .body["download_url"]
            .as_str()
            .unwrap(),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
