//! The ownership matrix: every `/api/v1/profiles/{profile_id}...` route, called by someone
//! other than the owner, with an unknown id, without a token and with a bad token. None of
//! them may read or change the profile.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, PROFILES, full_profile_of, id_of, profile_path};
use tailor_api_tests::{TestApp, TestResponse, sign, spawn_app};

const FORBIDDEN: &str = "Access denied: profile belongs to another user";
const NOT_FOUND: &str = "Profile not found";

/// One request of the matrix: method, path after `/api/v1/profiles/{id}`, body.
struct Case {
    method: Method,
    suffix: &'static str,
    body: Option<Value>,
    /// A route that may not exist yet; it is left out when the owner gets the router's 404.
    optional: bool,
}

impl Case {
    fn name(&self) -> String {
        format!("{} /api/v1/profiles/{{id}}{}", self.method, self.suffix)
    }
}

fn case(method: Method, suffix: &'static str, body: Option<Value>) -> Case {
    Case {
        method,
        suffix,
        body,
        optional: false,
    }
}

/// User A with a full profile: sections, a second certification and custom fields.
async fn owner(app: &TestApp) -> Owner {
    let owner = app
        .owner_with(&full_profile_of("Alice Owner", "alice@example.com"))
        .await;
    let res = app
        .post(&owner.path("/certifications"))
        .bearer(&owner.token)
        .json(&json!([{"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"}]))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let res = app
        .post(&owner.path("/custom-fields"))
        .bearer(&owner.token)
        .json(&json!({"fields": [
            {"key": "hobbies", "value": ["chess"]},
            {"key": "relocation", "value": true}
        ]}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    owner
}

/// Every `/{profile_id}` route with a body the owner could send; DELETE of the profile last.
fn matrix(o: &Owner) -> Vec<Case> {
    let experience_id = o.id_at("/experiences/0");
    let education_id = o.id_at("/education/0");
    let project_id = o.id_at("/projects/0");
    let certification_id = o.id_at("/skills/certifications/0");
    vec![
        case(Method::GET, "", None),
        case(
            Method::PUT,
            "",
            Some(json!({
                "professional_summary": "A summary rewritten by somebody else.",
                "skills": {"technical": ["Intrusion"]}
            })),
        ),
        case(Method::GET, "/analytics", None),
        case(Method::GET, "/experiences", None),
        case(
            Method::POST,
            "/experiences",
            Some(json!([{
                "title": "Intruder",
                "company": "Elsewhere Inc",
                "start_date": "2021-01-01",
                "end_date": "2021-12-31"
            }])),
        ),
        case(
            Method::PUT,
            "/experiences",
            Some(json!([{
                "id": experience_id,
                "title": "Rewritten",
                "company": "Elsewhere Inc",
                "start_date": "2020-01-01"
            }])),
        ),
        case(
            Method::DELETE,
            "/experiences",
            Some(json!({"experience_ids": [experience_id]})),
        ),
        case(Method::GET, "/education", None),
        case(
            Method::POST,
            "/education",
            Some(json!([{
                "institution": "Other University",
                "degree": "MSc",
                "field_of_study": "Mathematics",
                "start_date": "2019-09-01",
                "end_date": "2021-06-30"
            }])),
        ),
        case(
            Method::PUT,
            "/education",
            Some(json!([{
                "id": education_id,
                "institution": "Rewritten University",
                "degree": "BSc",
                "field_of_study": "Computer Science",
                "start_date": "2015-09-01",
                "end_date": "2019-06-30"
            }])),
        ),
        case(
            Method::DELETE,
            "/education",
            Some(json!({"education_ids": [education_id]})),
        ),
        case(Method::GET, "/projects", None),
        case(
            Method::POST,
            "/projects",
            Some(json!([{
                "name": "Intruder tool",
                "description": "Something else entirely.",
                "start_date": "2022-01-01"
            }])),
        ),
        case(
            Method::PUT,
            "/projects",
            Some(json!([{
                "id": project_id,
                "name": "Rewritten",
                "description": "A rewritten description.",
                "start_date": "2021-01-01"
            }])),
        ),
        case(
            Method::DELETE,
            "/projects",
            Some(json!({"project_ids": [project_id]})),
        ),
        case(Method::GET, "/skills", None),
        case(
            Method::PUT,
            "/skills",
            Some(json!({
                "technical": ["Intrusion"],
                "soft": [],
                "languages": [],
                "certifications": []
            })),
        ),
        case(
            Method::POST,
            "/skills/technical",
            Some(json!({"skills": ["Intrusion"]})),
        ),
        case(
            Method::DELETE,
            "/skills/technical",
            Some(json!({"skills": ["Rust"]})),
        ),
        case(
            Method::POST,
            "/skills/soft",
            Some(json!({"skills": ["Stealth"]})),
        ),
        case(
            Method::DELETE,
            "/skills/soft",
            Some(json!({"skills": ["Teamwork"]})),
        ),
        case(Method::GET, "/certifications", None),
        case(
            Method::POST,
            "/certifications",
            Some(json!([{
                "name": "Fake Certificate",
                "issuer": "Nobody",
                "date_obtained": "2024-01-01"
            }])),
        ),
        case(
            Method::PUT,
            "/certifications",
            Some(json!([{
                "id": certification_id,
                "name": "Rewritten",
                "issuer": "Nobody",
                "date_obtained": "2024-01-01"
            }])),
        ),
        case(
            Method::DELETE,
            "/certifications",
            Some(json!({"certification_ids": [certification_id]})),
        ),
        case(Method::GET, "/custom-fields", None),
        case(
            Method::POST,
            "/custom-fields",
            Some(json!({"fields": [{"key": "intruder", "value": true}]})),
        ),
        case(
            Method::PUT,
            "/custom-fields",
            Some(json!({"replaced": true})),
        ),
        Case {
            optional: true,
            ..case(Method::GET, "/json-resume", None)
        },
        case(Method::DELETE, "", None),
    ]
}

/// The router's answer for a path it does not know.
fn is_unrouted(res: &TestResponse) -> bool {
    res.status == StatusCode::NOT_FOUND && res.body == json!({"detail": "Not Found"})
}

/// The matrix without optional routes that do not exist (probed as the owner, with GET
/// only, so the probe changes nothing).
async fn routes(app: &TestApp, o: &Owner) -> Vec<Case> {
    let mut kept = Vec::new();
    for c in matrix(o) {
        if c.optional {
            assert_eq!(c.method, Method::GET, "optional routes are probed with GET");
            let res = send(app, &c, &o.profile_id, Some(&o.token)).await;
            if is_unrouted(&res) {
                continue;
            }
        }
        kept.push(c);
    }
    kept
}

async fn send(app: &TestApp, c: &Case, profile_id: &str, token: Option<&str>) -> TestResponse {
    let mut req = app.request(
        c.method.clone(),
        &format!("{}{}", profile_path(profile_id), c.suffix),
    );
    if let Some(token) = token {
        req = req.bearer(token);
    }
    if let Some(body) = &c.body {
        req = req.json(body);
    }
    req.send().await
}

/// Sends every case and asserts each answered exactly `status` with `{"detail": detail}`
/// (and, for 401, the `WWW-Authenticate: Bearer` challenge); all mismatches are reported.
async fn expect_everywhere(
    app: &TestApp,
    cases: &[Case],
    profile_id: &str,
    token: Option<&str>,
    status: StatusCode,
    detail: &str,
) {
    let mut failures = Vec::new();
    for c in cases {
        let res = send(app, c, profile_id, token).await;
        let challenge_ok =
            status != StatusCode::UNAUTHORIZED || res.header("www-authenticate") == Some("Bearer");
        if res.status != status || res.body != json!({ "detail": detail }) || !challenge_ok {
            failures.push(format!(
                "{} (id {profile_id}): {} {} www-authenticate={:?}",
                c.name(),
                res.status,
                res.text,
                res.header("www-authenticate")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "expected {status} {detail:?} from every route; these differ:\n{}",
        failures.join("\n")
    );
}

/// The full `GET /profiles/{id}` body as the owner sees it.
async fn snapshot(app: &TestApp, token: &str, profile_id: &str) -> String {
    app.read_profile(token, profile_id).await.text
}

#[tokio::test]
async fn every_route_of_another_users_profile_answers_403_to_a_user_without_a_profile_and_changes_nothing()
 {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let (_, b_token, _) = app.signed_up_user().await;
    let cases = routes(&app, &a).await;
    let before = snapshot(&app, &a.token, &a.profile_id).await;

    expect_everywhere(
        &app,
        &cases,
        &a.profile_id,
        Some(&b_token),
        StatusCode::FORBIDDEN,
        FORBIDDEN,
    )
    .await;

    assert_eq!(snapshot(&app, &a.token, &a.profile_id).await, before);
    let mine = app.my_profile(&b_token).await;
    assert_eq!(mine.status, StatusCode::NOT_FOUND, "{}", mine.text);
}

#[tokio::test]
async fn every_route_of_another_users_profile_answers_403_to_a_user_with_a_profile_and_changes_neither_profile()
 {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let (_, b_token, _) = app.signed_up_user().await;
    let b_profile = app
        .create_profile(&b_token, &full_profile_of("Bob Other", "bob@example.com"))
        .await;
    let b_id = id_of(&b_profile);
    let cases = routes(&app, &a).await;
    let a_before = snapshot(&app, &a.token, &a.profile_id).await;
    let b_before = snapshot(&app, &b_token, &b_id).await;

    expect_everywhere(
        &app,
        &cases,
        &a.profile_id,
        Some(&b_token),
        StatusCode::FORBIDDEN,
        FORBIDDEN,
    )
    .await;

    assert_eq!(snapshot(&app, &a.token, &a.profile_id).await, a_before);
    assert_eq!(snapshot(&app, &b_token, &b_id).await, b_before);
    // And the owner still cannot touch B's profile either.
    let res = app.get(&profile_path(&b_id)).bearer(&a.token).send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(res.detail(), FORBIDDEN);
}

#[tokio::test]
async fn every_route_with_an_unknown_profile_id_answers_404_profile_not_found() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let (_, b_token, _) = app.signed_up_user().await;
    let cases = routes(&app, &a).await;
    let before = snapshot(&app, &a.token, &a.profile_id).await;

    let random = uuid::Uuid::new_v4().to_string();
    for token in [&a.token, &b_token] {
        for id in [random.as_str(), "not-a-uuid"] {
            expect_everywhere(
                &app,
                &cases,
                id,
                Some(token),
                StatusCode::NOT_FOUND,
                NOT_FOUND,
            )
            .await;
        }
    }

    assert_eq!(snapshot(&app, &a.token, &a.profile_id).await, before);
    let list = app.get(PROFILES).bearer(&b_token).send().await;
    assert_eq!(list.body["profiles"], json!([]), "{}", list.text);
}

#[tokio::test]
async fn every_route_without_a_token_answers_403_not_authenticated_and_changes_nothing() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let cases = routes(&app, &a).await;
    let before = snapshot(&app, &a.token, &a.profile_id).await;

    expect_everywhere(
        &app,
        &cases,
        &a.profile_id,
        None,
        StatusCode::FORBIDDEN,
        "Not authenticated",
    )
    .await;

    assert_eq!(snapshot(&app, &a.token, &a.profile_id).await, before);
}

#[tokio::test]
async fn every_route_with_a_bad_token_answers_401_and_changes_nothing() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let cases = routes(&app, &a).await;
    let before = snapshot(&app, &a.token, &a.profile_id).await;

    // Well-formed claims for the owner, signed with the wrong secret.
    let forged = sign(
        &json!({
            "sub": a.user_id.to_string(),
            "type": "access",
            "exp": chrono::Utc::now().timestamp() + 3600
        }),
        "not-the-secret-not-the-secret-not-the-secret",
        jsonwebtoken::Algorithm::HS256,
    );
    for token in ["garbage", "not.a.jwt", forged.as_str()] {
        expect_everywhere(
            &app,
            &cases,
            &a.profile_id,
            Some(token),
            StatusCode::UNAUTHORIZED,
            "Invalid authentication token",
        )
        .await;
    }

    assert_eq!(snapshot(&app, &a.token, &a.profile_id).await, before);
}

/// Every documented `/{profile_id}` route and method is in the matrix, so a route added
/// later cannot escape these checks unnoticed.
#[tokio::test]
async fn the_matrix_covers_every_documented_profile_id_route() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let res = app.get("/api/v1/openapi.json").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let prefix = "/api/v1/profiles/{profile_id}";
    let mut documented: Vec<String> = res.body["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter_map(|(path, item)| path.strip_prefix(prefix).map(|suffix| (suffix, item)))
        .flat_map(|(suffix, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .filter(|m| ["get", "put", "post", "delete", "patch"].contains(&m.as_str()))
                .map(move |m| format!("{} {suffix}", m.to_uppercase()))
        })
        .collect();
    documented.sort();
    let mut covered: Vec<String> = routes(&app, &a)
        .await
        .iter()
        .map(|c| format!("{} {}", c.method, c.suffix))
        .collect();
    covered.sort();
    assert!(documented.len() >= 29, "{documented:?}");
    assert_eq!(
        documented, covered,
        "documented routes (left) and the matrix (right) differ; add the new route to `matrix`"
    );
}

/// The matrix's bodies are valid: the owner gets a success from every request in it, so
/// the errors above come from ownership and authentication alone.
#[tokio::test]
async fn every_request_of_the_matrix_succeeds_for_the_owner() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let cases = routes(&app, &a).await;
    let mut failures = Vec::new();
    for c in &cases {
        let res = send(&app, c, &a.profile_id, Some(&a.token)).await;
        if !res.status.is_success() {
            failures.push(format!("{}: {} {}", c.name(), res.status, res.text));
        }
    }
    assert!(
        failures.is_empty(),
        "the owner's requests failed:\n{}",
        failures.join("\n")
    );
    // The last case deleted the profile.
    let res = app.get(&a.path("")).bearer(&a.token).send().await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    assert_eq!(res.detail(), NOT_FOUND);
}

#[tokio::test]
async fn listing_profiles_never_shows_another_users_profile() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let (_, b_token, _) = app.signed_up_user().await;
    let (_, c_token, _) = app.signed_up_user().await;
    let c_profile = app
        .create_profile(
            &c_token,
            &full_profile_of("Carol Third", "carol@example.com"),
        )
        .await;

    let res = app.get(PROFILES).bearer(&b_token).send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"profiles": [], "total": 0, "limit": 10, "offset": 0})
    );

    let res = app
        .get(&format!("{PROFILES}?limit=100&offset=0"))
        .bearer(&c_token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["total"], 1, "{}", res.text);
    let ids: Vec<&Value> = res.body["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(ids, [&c_profile["id"]], "{}", res.text);
    assert!(!res.text.contains(&a.profile_id), "{}", res.text);

    let res = app.get(PROFILES).bearer(&a.token).send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["total"], 1, "{}", res.text);
    assert_eq!(res.body["profiles"][0]["id"], a.profile_id.as_str());
    assert_eq!(res.body["profiles"][0]["user_id"], a.user_id);
}

#[tokio::test]
async fn profiles_me_is_404_for_a_user_without_a_profile_even_when_others_have_one() {
    let app = spawn_app().await;
    let a = owner(&app).await;
    let (_, b_token, _) = app.signed_up_user().await;

    let res = app.my_profile(&b_token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"detail": "No profile found for current user"})
    );

    let res = app.my_profile(&a.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["id"], a.profile_id.as_str());
}
