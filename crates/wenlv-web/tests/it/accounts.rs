//! Accounts over HTTP, on both engines: bearer tokens and session cookies, the sign-in and
//! sign-out pages with their CSRF tokens, throttling, `/api/users`, `/api/audit` and its CSV.

use super::support::{catalogue, spawn_app};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, COOKIE, LOCATION, SET_COOKIE};
use std::sync::Arc;
use wenlv_app::{App, Caller, FixedClock, Grant, Role};
use wenlv_store::Store;
use wenlv_store::testing::on_both_engines;

pub fn app(store: &Store) -> App {
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()))
}

pub fn grant(name: &str, role: Role) -> Grant {
    Grant {
        name: name.to_string(),
        role,
        unit: (role == Role::Reporter).then(|| "chengdong".to_string()),
    }
}

/// Form posts (reqwest's `form` needs a feature this workspace does not build).
pub trait FormBody {
    fn form_body(self, pairs: &[(&str, &str)]) -> Self;
}

impl FormBody for reqwest::RequestBuilder {
    fn form_body(self, pairs: &[(&str, &str)]) -> Self {
        let encode = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        self.header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body.join("&"))
    }
}

/// Signs in once with the one-time password and chooses `NAME-chosen-pw`, as a person would.
pub async fn chosen(app: &App, name: &str, one_time: &str) -> String {
    let session = app.sign_in(name, one_time, "192.0.2.200").await.unwrap();
    let new = format!("{name}-chosen-pw");
    let caller = Caller::new(session.actor, "192.0.2.200");
    app.change_password(&caller, name, one_time, &new)
        .await
        .unwrap();
    new
}

/// A client that does not follow redirects (so 303s can be checked).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value the answer sets for cookie `name`, with the whole header.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<(String, String)> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| {
            let value = v[name.len() + 1..].split(';').next().unwrap().to_string();
            (value, v.to_string())
        })
}

/// The hidden `csrf` field of a page.
pub fn csrf_field(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a csrf field");
    let rest = &html[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Signs in through the pages: returns the session cookie's value.
pub async fn sign_in_via_pages(base: &str, name: &str, password: &str) -> reqwest::Response {
    let c = client();
    let form = c
        .get(format!("{base}/bureau/sign-in"))
        .send()
        .await
        .unwrap();
    let (cookie, _) = set_cookie(&form, "wenlv_csrf").unwrap();
    let csrf = csrf_field(&form.text().await.unwrap());
    c.post(format!("{base}/bureau/sign-in"))
        .header(COOKIE, format!("wenlv_csrf={cookie}"))
        .form_body(&[("name", name), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
}

async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    response.json().await.unwrap()
}

#[tokio::test]
async fn bearer_tokens_open_the_api_by_role_and_bad_ones_get_401() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        let (_, admin) = a
            .create_token(&cli, &grant("adm", Role::Admin), None)
            .await
            .unwrap();
        let (_, staff) = a
            .create_token(&cli, &grant("stf", Role::Staff), None)
            .await
            .unwrap();
        let (_, viewer) = a
            .create_token(&cli, &grant("vwr", Role::Viewer), None)
            .await
            .unwrap();
        let (_, revoked) = a
            .create_token(&cli, &grant("old", Role::Admin), None)
            .await
            .unwrap();
        a.revoke_token(&cli, "old").await.unwrap();
        let past = a.clone().with_clock(FixedClock(
            Timestamp::now() - SignedDuration::from_hours(24 * 40),
        ));
        let (_, expired) = past
            .create_token(&cli, &grant("exp", Role::Admin), Some(30))
            .await
            .unwrap();
        let server = spawn_app(db.store.clone()).await;
        let get = |path: &str, token: Option<&str>| {
            let mut r = server.client.get(format!("{}{path}", server.base));
            if let Some(t) = token {
                r = r.header(AUTHORIZATION, format!("Bearer {t}"));
            }
            r.send()
        };

        let users: serde_json::Value = get("/api/users", Some(&admin))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(users["total"].as_u64().unwrap() >= 1);
        assert!(
            users["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["name"] == "wenlv-cli")
        );
        assert!(!users.to_string().contains("argon2"));

        let p = problem(get("/api/users", None).await.unwrap(), 401).await;
        assert_eq!(p["type"], "/problems/unauthenticated");
        let p = problem(get("/api/users", Some(&staff)).await.unwrap(), 403).await;
        assert_eq!(p["type"], "/problems/forbidden");
        problem(get("/api/audit", Some(&viewer)).await.unwrap(), 403).await;
        let audit: serde_json::Value = get("/api/audit", Some(&staff))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            audit["items"].is_array() && audit["total"].as_u64().unwrap() >= 5,
            "{audit}"
        );

        let mut forged = admin.clone();
        forged.replace_range(10..11, if &admin[10..11] == "x" { "y" } else { "x" });
        for bad in [
            forged.as_str(),
            revoked.as_str(),
            expired.as_str(),
            "",
            "wlv_",
        ] {
            let p = problem(get("/api/audit", Some(bad)).await.unwrap(), 401).await;
            assert!(p["detail"].as_str().unwrap().contains("token"), "{p}");
        }
        let basic = server
            .client
            .get(format!("{}/api/audit", server.base))
            .header(AUTHORIZATION, "Basic YWRtaW46YWRtaW4=")
            .send()
            .await
            .unwrap();
        problem(basic, 401).await;
        // The public API does not look at credentials at all.
        let places = get("/api/places", Some("wlv_nonsense")).await.unwrap();
        assert_eq!(places.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn audit_filters_by_entity_user_and_date_pages_and_exports_csv() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        let (_, token) = a
            .create_token(&cli, &grant("aud", Role::Staff), None)
            .await
            .unwrap();
        a.add_user(&cli, &grant("u1", Role::Viewer)).await.unwrap();
        // A refused attempt, by a staff member, is in the log, with the name they gave.
        let staff = Caller::new(wenlv_app::Actor::Staff { user: "s1".into() }, "192.0.2.4");
        let formula = "=cmd|' /C calc'!A0";
        assert!(
            a.add_user(&staff, &grant(formula, Role::Admin))
                .await
                .is_err()
        );

        let server = spawn_app(db.store.clone()).await;
        let get = |path: String| {
            server
                .client
                .get(format!("{}{path}", server.base))
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .send()
        };
        let all: serde_json::Value = get("/api/audit".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let total = all["total"].as_u64().unwrap();
        assert_eq!(total, 3, "token.create, user.add, the refusal: {all}");
        let users: serde_json::Value = get("/api/audit?entity=user&entity_id=u1".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(users["total"], 1);
        assert_eq!(users["items"][0]["actor"], "wenlv-cli");
        assert_eq!(users["items"][0]["after"]["name"], "u1");
        let refused: serde_json::Value = get("/api/audit?user=s1&outcome=refused".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(refused["total"], 1);
        assert_eq!(refused["items"][0]["origin"], "192.0.2.4");
        let today = a.today();
        let tomorrow = today.tomorrow().unwrap();
        let by_day: serde_json::Value = get(format!("/api/audit?from={today}&to={today}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(by_day["total"].as_u64(), Some(total));
        let later: serde_json::Value = get(format!("/api/audit?from={tomorrow}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(later["total"], 0);
        let page: serde_json::Value = get("/api/audit?limit=1&offset=1".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        assert_eq!(page["items"][0]["id"], all["items"][1]["id"]);
        for bad in [
            "from=2024-13-01",
            "limit=501",
            "outcome=maybe",
            "colour=red",
        ] {
            let p = problem(get(format!("/api/audit?{bad}")).await.unwrap(), 400).await;
            assert!(!p["detail"].as_str().unwrap().is_empty());
        }

        let csv = get("/api/audit.csv?entity=user".into()).await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(
            csv.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = csv.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "{text}");
        assert!(rows.iter().all(|r| &r[6] == "user"));
        // A name a spreadsheet would run is written neutralised.
        assert!(rows.iter().any(|r| r[7] == format!("'{formula}")), "{text}");
        let p = problem(get("/api/audit.csv?limit=2".into()).await.unwrap(), 400).await;
        assert!(p["detail"].as_str().unwrap().contains("limit"));

        // The workbook holds the same rows, every cell text (the formula stays text).
        let xlsx = get("/api/audit.xlsx?entity=user".into()).await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        let bytes = xlsx.bytes().await.unwrap().to_vec();
        use calamine::Reader as _;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert!(
            book.worksheet_formula("audit")
                .unwrap()
                .used_cells()
                .next()
                .is_none()
        );
        let range = book.worksheet_range("audit").unwrap();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells.len(), 3, "header and two rows: {cells:?}");
        assert_eq!(cells[0][7], "entity_id");
        let csv_ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        let xlsx_ids: Vec<&str> = cells[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(csv_ids, xlsx_ids);
        assert!(cells.iter().any(|r| r[7] == formula), "{cells:?}");
    })
    .await;
}

#[tokio::test]
async fn sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let (_, pw) = a
            .add_user(&Caller::cli(), &grant("zhou", Role::Staff))
            .await
            .unwrap();
        let pw = chosen(&a, "zhou", &pw).await;
        let server = spawn_app(db.store.clone()).await;
        let base = server.base.clone();

        let answer = sign_in_via_pages(&base, "zhou", &pw).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        assert_eq!(answer.headers()[LOCATION], "/bureau/");
        let (session, header) = set_cookie(&answer, "wenlv_session").unwrap();
        assert!(
            header.contains("HttpOnly") && header.contains("SameSite=Lax"),
            "{header}"
        );
        assert!(!header.contains("Secure"), "plain HTTP: {header}");

        let c = client();
        let home = c
            .get(format!("{base}/bureau/"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(home.status(), StatusCode::OK);
        let html = home.text().await.unwrap();
        assert!(
            html.contains("zhou") && html.contains("/bureau/audit"),
            "{html}"
        );
        assert!(!html.contains("/bureau/users"), "staff cannot manage users");
        let csrf = csrf_field(&html);
        // The session opens the API too.
        let audit = c
            .get(format!("{base}/api/audit"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(audit.status(), StatusCode::OK);

        // Sign-out without its CSRF token is refused and the session lives on.
        let no_csrf = c
            .post(format!("{base}/bureau/sign-out"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .form_body(&[("csrf", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
        assert!(a.actor_for_session(&session).await.is_ok());

        let out = c
            .post(format!("{base}/bureau/sign-out"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .form_body(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        let (cleared, _) = set_cookie(&out, "wenlv_session").unwrap();
        assert_eq!(cleared, "");
        assert!(a.actor_for_session(&session).await.is_err());
        let again = c
            .get(format!("{base}/bureau/"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
        assert!(
            again.headers()[LOCATION]
                .to_str()
                .unwrap()
                .starts_with("/bureau/sign-in")
        );

        // Behind a TLS proxy the cookie is Secure.
        let form = c
            .get(format!("{base}/bureau/sign-in"))
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        let (_, header) = set_cookie(&form, "wenlv_csrf").unwrap();
        assert!(header.contains("; Secure"), "{header}");
    })
    .await;
}

#[tokio::test]
async fn sign_in_without_csrf_expired_sessions_and_throttling_are_refused() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let (_, pw) = a
            .add_user(&Caller::cli(), &grant("sun", Role::Viewer))
            .await
            .unwrap();
        let pw = chosen(&a, "sun", &pw).await;
        let server = spawn_app(db.store.clone()).await;
        let base = server.base.clone();
        let c = client();

        // No CSRF cookie, or a field that does not match it: refused, no session.
        for (cookie, field) in [
            (None, Some("abc")),
            (Some("abc"), None),
            (Some("abc"), Some("abd")),
        ] {
            let mut r = c.post(format!("{base}/bureau/sign-in"));
            if let Some(v) = cookie {
                r = r.header(COOKIE, format!("wenlv_csrf={v}"));
            }
            let mut form: Vec<(&str, &str)> = vec![("name", "sun"), ("password", pw.as_str())];
            if let Some(f) = field {
                form.push(("csrf", f));
            }
            let answer = r.form_body(&form).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::FORBIDDEN);
            assert!(set_cookie(&answer, "wenlv_session").is_none());
        }

        // A session past its idle time is refused (the server reads the real clock).
        let old = a
            .clone()
            .with_clock(FixedClock(Timestamp::now() - SignedDuration::from_hours(3)));
        let stale = old.sign_in("sun", &pw, "127.0.0.1").await.unwrap();
        let answer = c
            .get(format!("{base}/api/audit"))
            .header(COOKIE, format!("wenlv_session={}", stale.secret))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        let forged = c
            .get(format!("{base}/bureau/"))
            .header(COOKIE, "wenlv_session=forged-session-id")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::SEE_OTHER);

        // Wrong passwords: 401 pages, then 429 even with the right one.
        for _ in 0..wenlv_app::accounts::MAX_FAILURES_PER_ACCOUNT {
            let answer = sign_in_via_pages(&base, "sun", "wrong password").await;
            assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        }
        let answer = sign_in_via_pages(&base, "sun", &pw).await;
        assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(set_cookie(&answer, "wenlv_session").is_none());
        // The sign-in is refused for the address of the caller, in the audit log.
        let log = db
            .store
            .audit(&wenlv_store::AuditQuery {
                outcome: Some(wenlv_store::Outcome::Refused),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(log.items[0].origin, "127.0.0.1");
        let _ = catalogue;
    })
    .await;
}

#[tokio::test]
async fn a_password_change_ends_the_session_and_the_new_password_works() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let (_, pw) = a
            .add_user(&Caller::cli(), &grant("gao", Role::Reporter))
            .await
            .unwrap();
        let server = spawn_app(db.store.clone()).await;
        let base = server.base.clone();
        let c = client();
        // The one-time password opens a session that must choose a password first.
        let signed = sign_in_via_pages(&base, "gao", &pw).await;
        assert_eq!(signed.headers()[LOCATION], "/bureau/password");
        let (session, _) = set_cookie(&signed, "wenlv_session").unwrap();
        let home = c
            .get(format!("{base}/bureau/"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(home.headers()[LOCATION], "/bureau/password");
        let page = c
            .get(format!("{base}/bureau/password"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_field(&page);
        // Without the session's CSRF token (missing, or another's), nothing changes.
        for form in [
            vec![("current", pw.as_str()), ("new", "gao-forged-password-1")],
            vec![
                ("current", pw.as_str()),
                ("new", "gao-forged-password-1"),
                ("csrf", "not-the-session-token"),
            ],
        ] {
            let forged = c
                .post(format!("{base}/bureau/password"))
                .header(COOKIE, format!("wenlv_session={session}"))
                .form_body(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(forged.status(), StatusCode::FORBIDDEN);
            assert!(
                a.actor_for_session(&session).await.is_ok(),
                "the session lives"
            );
        }
        let changed = c
            .post(format!("{base}/bureau/password"))
            .header(COOKIE, format!("wenlv_session={session}"))
            .form_body(&[
                ("current", pw.as_str()),
                ("new", "gao-new-password-1"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::SEE_OTHER);
        assert!(a.actor_for_session(&session).await.is_err());
        let again = sign_in_via_pages(&base, "gao", "gao-new-password-1").await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            again.headers()[LOCATION],
            "/bureau/",
            "a chosen password goes straight in"
        );
        // The one-time password is spent.
        let spent = sign_in_via_pages(&base, "gao", &pw).await;
        assert_eq!(spent.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let code = a.setup_code_if_needed().await.unwrap().unwrap();
        let server = spawn_app(db.store.clone()).await;
        let base = server.base.clone();
        let c = client();
        let post = |code: String, csrf: bool| {
            let c = c.clone();
            let base = base.clone();
            async move {
                let form = c
                    .get(format!("{base}/bureau/setup?code={code}"))
                    .send()
                    .await
                    .unwrap();
                let (cookie, _) = set_cookie(&form, "wenlv_csrf").unwrap();
                let html = form.text().await.unwrap();
                assert!(html.contains(&code), "the form carries the code");
                let field = if csrf {
                    csrf_field(&html)
                } else {
                    String::new()
                };
                c.post(format!("{base}/bureau/setup"))
                    .header(COOKIE, format!("wenlv_csrf={cookie}"))
                    .form_body(&[
                        ("code", code.as_str()),
                        ("name", "first"),
                        ("password", "first-admin-password"),
                        ("csrf", field.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            post(code.clone(), false).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post("made-up".into(), true).await.status(),
            StatusCode::GONE
        );
        let made = post(code.clone(), true).await;
        assert_eq!(made.status(), StatusCode::SEE_OTHER);
        let (session, _) = set_cookie(&made, "wenlv_session").unwrap();
        let found = a.actor_for_session(&session).await.unwrap();
        assert_eq!(
            found.actor,
            wenlv_app::Actor::Admin {
                user: "first".into()
            }
        );
        assert_eq!(
            post(code, true).await.status(),
            StatusCode::GONE,
            "once only"
        );
    })
    .await;
}

#[tokio::test]
async fn x_forwarded_for_is_believed_only_from_a_trusted_proxy() {
    on_both_engines(|db| async move {
        let untrusted = spawn_app(db.store.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let trusted = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = wenlv_web::AppState::new(db.store.clone())
            .with_trusted_proxies(vec!["127.0.0.1".parse().unwrap()]);
        tokio::spawn(wenlv_web::serve_with_shutdown(
            listener,
            state,
            async move {
                let _ = stopped.await;
            },
        ));
        // A refused write (anonymous, no CSRF token) is logged with the caller's address.
        for base in [&untrusted.base, &trusted] {
            let answer = client()
                .post(format!("{base}/bureau/users/someone/disable"))
                .header("x-forwarded-for", "198.51.100.1, 203.0.113.9")
                .form_body(&[("csrf", "")])
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
        let log = db
            .store
            .audit(&wenlv_store::AuditQuery {
                entity_id: Some("someone".into()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        let origins: Vec<&str> = log.items.iter().rev().map(|e| e.origin.as_str()).collect();
        // The proxy appends the address it saw last; earlier entries are the client's to forge.
        assert_eq!(origins, ["127.0.0.1", "203.0.113.9"]);
        drop(stop);
    })
    .await;
}
