//! `POST /jobs` with `{"url"}`: pages served by a local server; refused addresses.

use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::{TestApp, spawn_app, spawn_app_with};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

async fn app_reaching_loopback() -> TestApp {
    spawn_app_with(|s| s.jobs.url_import.allow_private_addresses = true).await
}

fn html(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/html; charset=utf-8")
}

const JSON_LD_PAGE: &str = r#"<!doctype html><html><head><title>Careers | Contoso</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "Machine Learning Engineer",
 "hiringOrganization": {"@type": "Organization", "name": "Contoso Robotics"},
 "jobLocation": {"@type": "Place", "address": {"addressLocality": "Toronto", "addressRegion": "ON", "addressCountry": "CA"}},
 "employmentType": "CONTRACTOR",
 "baseSalary": {"@type": "MonetaryAmount", "currency": "CAD", "value": {"@type": "QuantitativeValue", "minValue": 120000, "maxValue": 150000, "unitText": "YEAR"}},
 "description": "<p>Train models with <b>PyTorch</b>.</p><h3>Requirements</h3><ul><li>3+ years of Python</li><li>Experience with Kubernetes</li></ul>"}
</script></head><body><h1>Machine Learning Engineer</h1></body></html>"#;

#[tokio::test]
async fn a_page_with_a_json_ld_posting_is_imported_from_its_structured_data() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/jobs/42"))
        .respond_with(html(JSON_LD_PAGE))
        .expect(1)
        .mount(&server)
        .await;
    let app = app_reaching_loopback().await;
    let (_, token, _) = app.signed_up_user().await;
    let url = format!("{}/jobs/42", server.uri());
    let res = post_job(&app, &token, &json!({"url": url})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job = &res.body;
    assert_job_shape(job);
    assert_eq!(job["source"], "url_import");
    assert_eq!(job["source_url"], url);
    assert_eq!(job["title"], "Machine Learning Engineer");
    assert_eq!(job["company"], "Contoso Robotics");
    assert_eq!(job["location"], "Toronto, ON, CA");
    assert_eq!(job["employment_type"], "contract");
    assert_eq!(
        job["salary"],
        json!({"min": 120000, "max": 150000, "currency": "CAD", "period": "year"})
    );
    let keywords = job["parsed_keywords"].to_string();
    for k in ["pytorch", "python", "kubernetes"] {
        assert!(keywords.contains(k), "{k} in {keywords}");
    }
    assert!(
        job["requirements"]
            .to_string()
            .contains("3+ years of Python"),
        "{}",
        job["requirements"]
    );
}

#[tokio::test]
async fn a_page_without_structured_data_is_read_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/careers/backend"))
        .respond_with(html(
            "<html><head><title>Backend Developer - Fabrikam</title><style>p{color:red}</style>\
             <script>var tracking = 1;</script></head><body><nav>Home | Jobs</nav>\
             <h1>Backend Developer</h1><p>Fabrikam</p><p>Lisbon, Portugal</p>\
             <h2>Requirements</h2><ul><li>Experience with Node.js and TypeScript</li>\
             <li>Knowledge of MongoDB</li></ul><footer>Privacy</footer></body></html>",
        ))
        .mount(&server)
        .await;
    let app = app_reaching_loopback().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = post_job(
        &app,
        &token,
        &json!({"url": format!("{}/careers/backend", server.uri())}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["source"], "url_import");
    assert_eq!(res.body["title"], "Backend Developer");
    let raw = res.body["raw_text"].as_str().unwrap();
    assert!(
        !raw.contains("tracking") && !raw.contains("color:red"),
        "{raw}"
    );
    let keywords = res.body["parsed_keywords"].to_string();
    for k in ["node.js", "typescript", "mongodb"] {
        assert!(keywords.contains(k), "{k} in {keywords}");
    }
}

#[tokio::test]
async fn pages_that_cannot_be_used_are_a_422_with_the_reason_and_nothing_is_saved() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(path("/image"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/huge"))
        .respond_with(html(&"<p>word</p>".repeat(300_000)))
        .mount(&server)
        .await;
    Mock::given(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
        .mount(&server)
        .await;
    let app = app_reaching_loopback().await;
    let (_, token, _) = app.signed_up_user().await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        format!("http://127.0.0.1:{port}/job")
    };
    let cases = [
        (format!("{}/gone", server.uri()), "HTTP status 404"),
        (
            format!("{}/image", server.uri()),
            "not an HTML or text document",
        ),
        (format!("{}/huge", server.uri()), "larger than 2 MiB"),
        (format!("{}/loop", server.uri()), "redirects too many times"),
        (closed, "could not be reached"),
        (
            "ftp://example.com/job/1".to_owned(),
            "absolute http or https",
        ),
        ("file:///etc/passwd".to_owned(), "absolute http or https"),
    ];
    for (url, reason) in cases {
        let res = post_job(&app, &token, &json!({"url": url})).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            res.text
        );
        assert!(
            res.detail()
                .starts_with("Could not import the job from the URL"),
            "{}",
            res.text
        );
        assert!(res.detail().contains(reason), "{url}: {}", res.text);
    }
    assert_eq!(rows(&app, "jobs").await, 0);
}

#[tokio::test]
async fn url_imports_are_rate_limited_per_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html(JSON_LD_PAGE))
        .expect(2)
        .mount(&server)
        .await;
    let app = spawn_app_with(|s| {
        s.jobs.url_import.allow_private_addresses = true;
        s.rate_limit.enabled = true;
        s.rate_limit.job_import.email_requests = 2;
        s.rate_limit.job_import.email_period_secs = 3600;
    })
    .await;
    let (_, token, _) = app.signed_up_user().await;
    let url = format!("{}/jobs/1", server.uri());
    for _ in 0..2 {
        let res = post_job(&app, &token, &json!({"url": url})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let res = post_job(&app, &token, &json!({"url": url})).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text);
    assert!(res.header("retry-after").is_some());
    // Other forms are not imports and are not limited by it.
    let res = post_job(&app, &token, &json!({"title": "T", "company": "C"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
}

#[tokio::test]
async fn private_and_loopback_addresses_are_refused_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html(JSON_LD_PAGE))
        .expect(0)
        .mount(&server)
        .await;
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let port = server.address().port();
    for url in [
        format!("http://127.0.0.1:{port}/jobs/1"),
        format!("http://localhost:{port}/jobs/1"),
        format!("http://[::1]:{port}/jobs/1"),
        "http://10.1.2.3/jobs".to_owned(),
        "http://192.168.0.10/jobs".to_owned(),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "http://[::ffff:127.0.0.1]/jobs".to_owned(),
    ] {
        let res = post_job(&app, &token, &json!({"url": url})).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            res.text
        );
        assert!(
            res.detail().contains("private or local network address"),
            "{url}: {}",
            res.text
        );
    }
    assert_eq!(rows(&app, "jobs").await, 0);
}
