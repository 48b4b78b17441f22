//! The authorisation matrix: every route of the router (`wenlv_web::access::ROUTES`, which the
//! router refuses to build without) called by every role, anonymous included, on both engines.
//! An allowed call is never answered 401/403 or sent to sign in; a refused one is 401 (API) or
//! a redirect to the sign-in page (pages) for an anonymous caller, 403 for a signed-in one.

use super::accounts::{FormBody, app, chosen, client, grant};
use super::support::{catalogue, spawn_app};
use reqwest::header::{AUTHORIZATION, COOKIE, LOCATION};
use wenlv_app::{Actor, Caller, Role};
use wenlv_store::testing::on_both_engines;
use wenlv_web::access::{Access, Kind, ROUTES, Route};

/// A role's bearer token and password.
type Creds = (String, String);

/// A concrete path for a route (real ids, so an allowed call finds something).
fn concrete(route: &Route, route_id: &str) -> String {
    let path = route.path;
    let path = if path.starts_with("/api/routes/") || path.starts_with("/routes/") {
        path.replace("{id}", route_id)
    } else {
        path.replace("{id}", "kumbum_monastery")
    };
    path.replace("{*path}", "app.css")
        .replace("{name}", "target")
        .replace("{date}", "2024-01-25")
        .replace("{slug}", "sample-plan")
        .replace("{code}", "1")
}

#[tokio::test]
async fn every_route_answers_each_role_as_its_entry_says() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let a = app(&db.store);
        let cli = Caller::cli();
        let mut centre = wenlv_domain::bureau::Item::new(
            wenlv_domain::bureau::ItemCode::parse("1").unwrap(),
            "中心",
        );
        centre.lead_unit = wenlv_domain::bureau::UnitName::parse("chengdong").ok();
        a.import_taskbook(&cli, "sample-plan", None, vec![], vec![centre])
            .await
            .unwrap();
        let route_id = wenlv_io::demo::xining_city().routes[0].id.to_string();
        // A meeting on 2024-01-25, so the meeting pack's page has something to show.
        a.schedule_meetings(
            &cli,
            2024,
            &["城东区".to_string()],
            wenlv_domain::bureau::meetings::ScheduleRule::Last(jiff::civil::Weekday::Thursday),
        )
        .await
        .unwrap();
        a.add_user(&cli, &grant("target", Role::Viewer))
            .await
            .unwrap();
        let (_, signer_pw) = a
            .add_user(&cli, &grant("signer", Role::Viewer))
            .await
            .unwrap();
        let signer_pw = chosen(&a, "signer", &signer_pw).await;

        // Each role: an actor, a bearer token and a person with a password.
        let mut roles: Vec<(String, Actor, Option<Creds>)> =
            vec![("anonymous".into(), Actor::Visitor, None)];
        for role in Role::ALL {
            let name = format!("m-{}", role.as_str());
            let (_, token) = a
                .create_token(&cli, &grant(&name, role), None)
                .await
                .unwrap();
            let (_, pw) = a.add_user(&cli, &grant(&name, role)).await.unwrap();
            let pw = chosen(&a, &name, &pw).await;
            let session = a.sign_in(&name, &pw, "127.0.0.1").await.unwrap();
            roles.push((name.clone(), session.actor.clone(), Some((token, pw))));
        }
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let mut checked = 0;
        for route in ROUTES {
            let path = concrete(route, &route_id);
            let url = format!("{}{path}", server.base);
            for (name, actor, creds) in &roles {
                let allowed = match route.access {
                    Access::Public => true,
                    Access::Needs(action) => actor.may(action),
                };
                let mut request = match route.method {
                    "GET" => c.get(&url),
                    "POST" => c.post(&url),
                    other => panic!("{other} {path}: add the method to the matrix"),
                };
                let mut csrf = String::new();
                match (route.kind, creds) {
                    (Kind::Api, Some((token, _))) => {
                        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
                    }
                    (Kind::Page | Kind::Form, Some((_, pw)))
                        if !matches!(route.path, "/bureau/sign-in" | "/bureau/setup") =>
                    {
                        // A fresh session per call: sign-out and password changes end theirs.
                        let s = a.sign_in(name, pw, "127.0.0.1").await.unwrap();
                        csrf = s.csrf.clone();
                        request = request.header(COOKIE, format!("wenlv_session={}", s.secret));
                    }
                    _ => {}
                }
                request = match (route.kind, route.path) {
                    (Kind::Api, _) if route.method == "POST" => {
                        request.json(&serde_json::json!({}))
                    }
                    (Kind::Form, "/bureau/sign-in") => request
                        .header(COOKIE, "wenlv_csrf=double-submit")
                        .form_body(&[
                            ("name", "signer"),
                            ("password", signer_pw.as_str()),
                            ("csrf", "double-submit"),
                        ]),
                    (Kind::Form, "/bureau/setup") => request
                        .header(COOKIE, "wenlv_csrf=double-submit")
                        .form_body(&[
                            ("code", "not-a-code"),
                            ("name", "newboss"),
                            ("password", "a-long-password"),
                            ("csrf", "double-submit"),
                        ]),
                    (Kind::Form, "/bureau/password") => request.form_body(&[
                        ("current", "not the password"),
                        ("new", "a-new-password-1"),
                        ("csrf", csrf.as_str()),
                    ]),
                    (Kind::Form, _) => request.form_body(&[("csrf", csrf.as_str())]),
                    _ => request,
                };
                let answer = request.send().await.unwrap();
                let status = answer.status().as_u16();
                let location = answer
                    .headers()
                    .get(LOCATION)
                    .map(|l| l.to_str().unwrap().to_string())
                    .unwrap_or_default();
                let content_type = answer
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default();
                let what = format!("{} {path} as {name}: {status} {location}", route.method);
                assert!(status < 500, "{what}");
                assert!(
                    status != 404 && status != 405,
                    "{what}: the route must exist"
                );
                let sent_to_sign_in =
                    status == 303 && location.starts_with("/bureau/sign-in?next=");
                if allowed {
                    assert!(
                        status != 401 && status != 403 && !sent_to_sign_in,
                        "{what}: should be allowed"
                    );
                } else if creds.is_none() {
                    match route.kind {
                        Kind::Api => {
                            assert_eq!(status, 401, "{what}");
                            assert_eq!(content_type, "application/problem+json", "{what}");
                        }
                        Kind::Page | Kind::Form => assert!(sent_to_sign_in, "{what}"),
                    }
                } else {
                    assert_eq!(status, 403, "{what}");
                    if route.kind == Kind::Api {
                        assert_eq!(content_type, "application/problem+json", "{what}");
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, ROUTES.len() * 5);

        // Only the admin's call changed anything; every refused attempt to disable the target
        // is in the audit log, the anonymous one included.
        let log = db
            .store
            .audit(&wenlv_store::AuditQuery {
                entity_id: Some("target".into()),
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        let mut seen: Vec<(String, &str)> = log
            .items
            .iter()
            .filter(|e| e.action == "user.disable")
            .map(|e| (e.actor.clone(), e.outcome.as_str()))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                ("m-admin".to_string(), "done"),
                ("m-reporter".to_string(), "refused"),
                ("m-staff".to_string(), "refused"),
                ("m-viewer".to_string(), "refused"),
                ("visitor".to_string(), "refused"),
            ]
        );
    })
    .await;
}
