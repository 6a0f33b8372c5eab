use reqwest::StatusCode;
use tailor_api_tests::spawn_app;

#[tokio::test]
async fn health_answers_healthy_without_touching_anything() {
    let app = spawn_app().await;
    let res = app.get("/health").send().await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, serde_json::json!({"status": "healthy"}));
    assert!(res.header("x-request-id").is_some_and(|id| !id.is_empty()));
}

#[tokio::test]
async fn ready_checks_the_database() {
    let app = spawn_app().await;
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["status"], "ready");
    assert_eq!(res.body["checks"]["database"], "ok");
}
