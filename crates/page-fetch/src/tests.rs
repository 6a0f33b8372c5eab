//! The fetcher against pages served on 127.0.0.1 (wiremock, or a raw socket where wiremock
//! cannot shape the response). No test sends traffic anywhere but loopback: addresses that
//! must be refused are refused before any connection is made.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::dns::Resolve as _;
use tailor_domain::job::{EmploymentType, Money, SalaryPeriod, SalaryRange, WorkMode};
use tailor_domain::ports::{FetchError, FetchedPage, JobPageFetcher, StructuredPosting};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

fn test_settings() -> PageFetchSettings {
    PageFetchSettings {
        allow_private_addresses: true,
        ..PageFetchSettings::default()
    }
}

fn fetcher() -> ReqwestJobPageFetcher {
    ReqwestJobPageFetcher::new(test_settings()).expect("client")
}

fn guarded_fetcher() -> ReqwestJobPageFetcher {
    ReqwestJobPageFetcher::new(PageFetchSettings::default()).expect("client")
}

async fn serve(route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn html(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/html; charset=utf-8")
}

fn posting_page(json_ld: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Careers</title>\
         <script type=\"application/ld+json\">{json_ld}</script></head>\
         <body><h1>Careers page</h1></body></html>"
    )
}

async fn structured(fetcher: &ReqwestJobPageFetcher, url: &str) -> StructuredPosting {
    match fetcher.fetch(url).await {
        Ok(FetchedPage::Structured(posting)) => posting,
        other => panic!("expected a structured posting, got {other:?}"),
    }
}

#[tokio::test]
async fn a_json_ld_posting_is_mapped_with_salary_and_remote_work() {
    let json_ld = r#"{
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Backend Engineer (Rust)",
        "description": "<p>Build &amp; run our <strong>APIs</strong>.</p><ul><li>Rust</li><li>PostgreSQL</li></ul>",
        "hiringOrganization": {"@type": "Organization", "name": "Acme GmbH", "sameAs": "https://acme.example"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
            "addressLocality": "Hamburg", "addressRegion": "HH", "addressCountry": "DE"}},
        "employmentType": "FULL_TIME",
        "jobLocationType": "TELECOMMUTE",
        "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "minValue": 65000, "maxValue": "80000", "unitText": "YEAR"}},
        "qualifications": "3+ years with Rust",
        "responsibilities": ["Design services", "Review code"]
    }"#;
    let server = serve("/jobs/42", html(&posting_page(json_ld))).await;

    let posting = structured(&fetcher(), &format!("{}/jobs/42?utm=x", server.uri())).await;

    assert_eq!(
        posting,
        StructuredPosting {
            title: "Backend Engineer (Rust)".to_owned(),
            company: Some("Acme GmbH".to_owned()),
            location: Some("Hamburg, HH, DE".to_owned()),
            description: "Build & run our APIs.\n\n- Rust\n- PostgreSQL".to_owned(),
            employment_type: Some(EmploymentType::FullTime),
            salary: Some(SalaryRange::whole(
                65_000,
                80_000,
                "EUR",
                SalaryPeriod::Year
            )),
            work_mode: Some(WorkMode::Remote),
            qualifications: Some("3+ years with Rust".to_owned()),
            responsibilities: Some("- Design services\n- Review code".to_owned()),
        }
    );
}

#[tokio::test]
async fn a_posting_inside_a_graph_is_found() {
    let json_ld = r#"{"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Acme careers"},
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": "JobPosting", "title": "Data Engineer", "hiringOrganization": "Acme",
         "employmentType": ["PART_TIME"], "description": "Pipelines."}
    ]}"#;
    let server = serve("/p", html(&posting_page(json_ld))).await;

    let posting = structured(&fetcher(), &format!("{}/p", server.uri())).await;

    assert_eq!(posting.title, "Data Engineer");
    assert_eq!(posting.company.as_deref(), Some("Acme"));
    assert_eq!(posting.employment_type, Some(EmploymentType::PartTime));
    assert_eq!(posting.description, "Pipelines.");
}

#[tokio::test]
async fn a_posting_inside_an_array_is_found() {
    let json_ld = r#"[{"@type": "Organization", "name": "Acme"},
        {"@type": ["JobPosting"], "title": "QA Intern", "employmentType": "INTERN",
         "baseSalary": {"currency": "usd", "value": {"value": "22.50", "unitText": "HOUR"}}}]"#;
    let server = serve("/p", html(&posting_page(json_ld))).await;

    let posting = structured(&fetcher(), &format!("{}/p", server.uri())).await;

    assert_eq!(posting.title, "QA Intern");
    assert_eq!(posting.employment_type, Some(EmploymentType::Internship));
    assert_eq!(
        posting.salary,
        Some(SalaryRange {
            min: Some(Money::from_cents(2_250)),
            max: Some(Money::from_cents(2_250)),
            currency: "USD".to_owned(),
            period: SalaryPeriod::Hour,
        })
    );
    // No description in the structured data: the page's text stands in.
    assert_eq!(posting.description, "Careers page");
}

#[tokio::test]
async fn a_page_without_json_ld_gives_its_title_and_text() {
    let page = "<html><head><title>Senior Designer | Initech</title></head><body>\
        <h1>Senior Designer</h1><p>You will design   things.</p>\
        <ul><li>Figma</li><li>Research</li></ul></body></html>";
    let server = serve("/design", html(page)).await;

    let fetched = fetcher().fetch(&format!("{}/design", server.uri())).await;

    assert_eq!(
        fetched.ok(),
        Some(FetchedPage::Text {
            title: Some("Senior Designer | Initech".to_owned()),
            text: "Senior Designer\n\nYou will design things.\n\n- Figma\n- Research".to_owned(),
        })
    );
}

#[tokio::test]
async fn scripts_styles_and_chrome_are_dropped_from_a_heavy_page() {
    let filler_script = format!(
        "<script>var data = \"{}\";</script>",
        "<p>x</p>".repeat(5_000)
    );
    let page = format!(
        "<html><head><title>Ops Lead</title><style>{}</style>{filler_script}</head><body>\
         <nav><ul><li>Home</li><li>About</li></ul></nav>\
         <noscript>Please enable JavaScript</noscript>\
         <svg><path d=\"M0 0\"/><text>logo</text></svg>\
         <main><h1>Ops Lead</h1><p>Keep &lt;things&gt; running.</p></main>\
         <script type=\"text/template\"><div>template</div></script>\
         <footer>Imprint · Privacy</footer>{filler_script}</body></html>",
        "body{margin:0}".repeat(2_000)
    );
    let server = serve("/ops", html(&page)).await;

    let fetched = fetcher().fetch(&format!("{}/ops", server.uri())).await;

    assert_eq!(
        fetched.ok(),
        Some(FetchedPage::Text {
            title: Some("Ops Lead".to_owned()),
            text: "Ops Lead\n\nKeep <things> running.".to_owned(),
        })
    );
}

#[tokio::test]
async fn a_latin_1_page_is_decoded_by_its_charset() {
    let body = b"<title>Caf\xE9 manager</title><p>R\xE9sum\xE9s welcome</p>".to_vec();
    let server = serve(
        "/cafe",
        ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=ISO-8859-1"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/cafe", server.uri())).await;

    assert_eq!(
        fetched.ok(),
        Some(FetchedPage::Text {
            title: Some("Café manager".to_owned()),
            text: "Résumés welcome".to_owned(),
        })
    );
}

#[tokio::test]
async fn a_page_without_a_content_type_is_sniffed() {
    let server = serve(
        "/bare",
        ResponseTemplate::new(200).set_body_bytes(b"<p>Plain markup</p>".to_vec()),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/bare", server.uri())).await;

    assert!(
        matches!(&fetched, Ok(FetchedPage::Text { text, .. }) if text == "Plain markup"),
        "{fetched:?}"
    );
}

#[tokio::test]
async fn an_empty_page_is_empty() {
    let server = serve(
        "/empty",
        html("<html><head><title>Nothing</title></head><body> </body></html>"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/empty", server.uri())).await;

    assert!(matches!(fetched, Err(FetchError::Empty)), "{fetched:?}");
}

#[tokio::test]
async fn a_missing_page_reports_its_status() {
    let server = serve(
        "/gone",
        ResponseTemplate::new(404).set_body_string("not here"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/gone", server.uri())).await;

    assert!(
        matches!(fetched, Err(FetchError::Status(404))),
        "{fetched:?}"
    );
}

#[tokio::test]
async fn a_page_over_the_size_limit_with_a_content_length_is_too_large() {
    let big = vec![b'a'; 3 * 1024 * 1024];
    let server = serve(
        "/big",
        ResponseTemplate::new(200).set_body_raw(big, "text/html"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/big", server.uri())).await;

    assert!(matches!(fetched, Err(FetchError::TooLarge)), "{fetched:?}");
}

/// Serves one chunked response (no `Content-Length`) of `total` bytes in 64 KiB chunks.
async fn serve_chunked_once(total: usize) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut request = vec![0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            let frame = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk.clone(),
                b"\r\n".to_vec(),
            ]
            .concat();
            // The client hangs up once it has seen too much.
            if socket.write_all(&frame).await.is_err() {
                return;
            }
            sent += chunk.len();
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    addr
}

#[tokio::test]
async fn a_chunked_page_over_the_size_limit_is_stopped_while_reading() {
    let addr = serve_chunked_once(3 * 1024 * 1024).await;

    let fetched = fetcher().fetch(&format!("http://{addr}/stream")).await;

    assert!(matches!(fetched, Err(FetchError::TooLarge)), "{fetched:?}");
}

#[tokio::test]
async fn a_chunked_page_within_the_limit_is_read_whole() {
    let addr = serve_chunked_once(256 * 1024).await;

    let fetched = fetcher().fetch(&format!("http://{addr}/stream")).await;

    assert!(
        matches!(&fetched, Ok(FetchedPage::Text { text, .. }) if text.len() == 15_000),
        "{:?}",
        fetched.map(|_| ())
    );
}

#[tokio::test]
async fn an_image_is_not_html() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let server = serve(
        "/logo.png",
        ResponseTemplate::new(200).set_body_raw(png, "image/png"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/logo.png", server.uri())).await;

    assert!(matches!(fetched, Err(FetchError::NotHtml)), "{fetched:?}");
}

#[tokio::test]
async fn a_redirect_loop_is_too_many_redirects() {
    let server = serve(
        "/loop",
        ResponseTemplate::new(302).insert_header("Location", "/loop"),
    )
    .await;

    let fetched = fetcher().fetch(&format!("{}/loop", server.uri())).await;

    assert!(
        matches!(fetched, Err(FetchError::TooManyRedirects)),
        "{fetched:?}"
    );
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests.len(),
        1 + PageFetchSettings::default().max_redirects
    );
}

#[tokio::test]
async fn redirects_within_the_limit_are_followed() {
    let server = MockServer::start().await;
    for (from, to) in [("/a", "/b"), ("/b", "/c"), ("/c", "/posting")] {
        Mock::given(method("GET"))
            .and(path(from))
            .respond_with(ResponseTemplate::new(301).insert_header("Location", to))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/posting"))
        .respond_with(html(&posting_page(
            r#"{"@type": "JobPosting", "title": "Moved"}"#,
        )))
        .mount(&server)
        .await;

    let posting = structured(&fetcher(), &format!("{}/a", server.uri())).await;

    assert_eq!(posting.title, "Moved");
}

#[tokio::test]
async fn a_redirect_to_a_loopback_or_private_address_is_refused_without_following_it() {
    let server = MockServer::start().await;
    let port = server.address().port();
    Mock::given(method("GET"))
        .and(path("/secret"))
        .respond_with(html("<p>internal</p>"))
        .expect(0)
        .mount(&server)
        .await;
    let targets = [
        (
            "/to-ip",
            format!("http://127.0.0.1:{port}/secret"),
            "refused",
        ),
        ("/to-v6", format!("http://[::1]:{port}/secret"), "refused"),
        (
            "/to-mapped",
            format!("http://[::ffff:7f00:1]:{port}/secret"),
            "refused",
        ),
        (
            "/to-localhost",
            format!("http://localhost:{port}/secret"),
            "refused",
        ),
        (
            "/to-metadata",
            "http://169.254.169.254/latest/meta-data".to_owned(),
            "refused",
        ),
        ("/to-private", "http://10.0.0.1/".to_owned(), "refused"),
        (
            "/to-ftp",
            format!("ftp://127.0.0.1:{port}/secret"),
            "invalid",
        ),
        (
            "/to-credentials",
            "http://user:pass@jobs.test/".to_owned(),
            "invalid",
        ),
    ];
    for (from, to, _) in &targets {
        Mock::given(method("GET"))
            .and(path(*from))
            .respond_with(ResponseTemplate::new(302).insert_header("Location", to.as_str()))
            .mount(&server)
            .await;
    }
    // The first hop's name is pinned to the mock server, standing in for a public host;
    // only the redirect's target goes through the checks.
    let settings = PageFetchSettings::default();
    let fetcher =
        ReqwestJobPageFetcher::with_fixed_addresses(settings, &[("jobs.test", *server.address())])
            .expect("client");

    for (from, to, expected) in &targets {
        let fetched = fetcher
            .fetch(&format!("http://jobs.test:{port}{from}"))
            .await;
        let ok = match *expected {
            "refused" => matches!(fetched, Err(FetchError::RefusedAddress)),
            _ => matches!(fetched, Err(FetchError::InvalidUrl)),
        };
        assert!(ok, "redirect to {to}: {fetched:?}");
    }
    server.verify().await;
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_refused_by_the_resolver() {
    let server = serve("/secret", html("<p>internal</p>")).await;
    let port = server.address().port();
    let fetcher = guarded_fetcher();

    // Past the up-front checks, straight to the client: the resolver alone must refuse.
    let url = Url::parse(&format!("http://localhost:{port}/secret")).expect("url");
    let fetched = fetcher.download(url).await;

    assert!(
        matches!(fetched, Err(FetchError::RefusedAddress)),
        "{:?}",
        fetched.map(|_| ())
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test]
async fn the_resolver_hands_on_only_public_addresses() {
    // IP-shaped names are answered without a DNS query, so nothing leaves the machine.
    let guarded = resolve::PublicAddressResolver {
        allow_private: false,
    };
    for name in ["127.0.0.1", "10.0.0.1", "169.254.169.254", "localhost"] {
        let resolved = guarded.resolve(name.parse().expect("name")).await;
        let refused = resolved
            .err()
            .is_some_and(|e| e.downcast_ref::<Refusal>() == Some(&Refusal::RefusedAddress));
        assert!(refused, "{name}");
    }
    let public: Vec<SocketAddr> = guarded
        .resolve("8.8.8.8".parse().expect("name"))
        .await
        .expect("public address")
        .collect();
    assert_eq!(
        public,
        vec!["8.8.8.8:0".parse::<SocketAddr>().expect("addr")]
    );

    let open = resolve::PublicAddressResolver {
        allow_private: true,
    };
    let loopback: Vec<SocketAddr> = open
        .resolve("127.0.0.1".parse().expect("name"))
        .await
        .expect("allowed")
        .collect();
    assert_eq!(
        loopback,
        vec!["127.0.0.1:0".parse::<SocketAddr>().expect("addr")]
    );
}

#[tokio::test]
async fn other_schemes_and_credentials_are_invalid_urls() {
    let fetcher = guarded_fetcher();
    for url in [
        "ftp://example.com/job",
        "file:///etc/passwd",
        "mailto:jobs@example.com",
        "not a url",
        "//example.com/job",
        "https://user:pass@example.com/job",
    ] {
        let fetched = fetcher.fetch(url).await;
        assert!(
            matches!(fetched, Err(FetchError::InvalidUrl)),
            "{url}: {fetched:?}"
        );
    }
}

#[tokio::test]
async fn local_and_private_addresses_are_refused_before_connecting() {
    let fetcher = guarded_fetcher();
    for url in [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost:1/",
        "http://[::ffff:127.0.0.1]/",
        "http://192.168.0.10:8080/admin",
        "http://172.16.5.4/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://2130706433/",
        "https://api.localhost/",
    ] {
        let fetched = fetcher.fetch(url).await;
        assert!(
            matches!(fetched, Err(FetchError::RefusedAddress)),
            "{url}: {fetched:?}"
        );
    }
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };

    let fetched = fetcher().fetch(&format!("http://127.0.0.1:{port}/")).await;

    assert!(
        matches!(&fetched, Err(FetchError::Unreachable(reason)) if reason == "connection refused"),
        "{fetched:?}"
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = serve(
        "/slow",
        html("<p>late</p>").set_delay(Duration::from_secs(5)),
    )
    .await;
    let fetcher = ReqwestJobPageFetcher::new(PageFetchSettings {
        timeout: Duration::from_millis(300),
        ..test_settings()
    })
    .expect("client");

    let started = std::time::Instant::now();
    let fetched = fetcher.fetch(&format!("{}/slow", server.uri())).await;

    assert!(
        matches!(&fetched, Err(FetchError::Unreachable(reason)) if reason.contains("timed out")),
        "{fetched:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn the_default_settings_are_the_ports_limits() {
    let settings = PageFetchSettings::default();
    assert_eq!(settings.timeout, Duration::from_secs(10));
    assert_eq!(settings.max_bytes, 2 * 1024 * 1024);
    assert_eq!(settings.max_redirects, 5);
    assert!(!settings.allow_private_addresses);
    assert!(settings.user_agent.contains("Tailor"));
}
