//! Users, tokens, sessions and the audit log through the application layer, on both engines.

use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use wenlv_app::accounts::{
    MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SESSION_ABSOLUTE, SESSION_IDLE,
};
use wenlv_app::{
    AccountError, Actor, App, AuthError, Caller, FixedClock, Grant, Role, SignInError, UnitId,
};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditQuery, CLI_USER, Outcome, Store};

fn t0() -> Timestamp {
    "2026-12-01T02:00:00Z".parse().unwrap()
}

fn app_at(store: &Store, at: Timestamp) -> App {
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city())).with_clock(FixedClock(at))
}

fn grant(name: &str, role: Role, unit: Option<&str>) -> Grant {
    Grant {
        name: name.to_string(),
        role,
        unit: unit.map(str::to_string),
    }
}

fn admin_caller() -> Caller {
    Caller::new(Actor::Admin { user: "ada".into() }, "192.0.2.1")
}

/// Signs in once with the one-time password and chooses `NAME-chosen-pw`, as a person would.
async fn chosen(app: &App, name: &str, one_time: &str) -> String {
    let session = app.sign_in(name, one_time, "192.0.2.200").await.unwrap();
    assert!(session.must_change_password);
    let new = format!("{name}-chosen-pw");
    let caller = Caller::new(session.actor, "192.0.2.200");
    app.change_password(&caller, name, one_time, &new)
        .await
        .unwrap();
    new
}

fn everything() -> AuditQuery {
    AuditQuery {
        limit: 500,
        ..AuditQuery::default()
    }
}

#[tokio::test]
async fn the_command_line_adds_a_user_who_signs_in_with_the_one_time_password() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let (info, password) = app
            .add_user(
                &Caller::cli(),
                &grant("wang", Role::Reporter, Some("chengdong")),
            )
            .await
            .unwrap();
        assert_eq!(
            (info.role, info.unit.as_deref()),
            (Role::Reporter, Some("chengdong"))
        );
        assert!(password.len() >= 20, "{password}");

        let session = app.sign_in("wang", &password, "192.0.2.7").await.unwrap();
        assert_eq!(
            session.actor,
            Actor::Reporter {
                user: "wang".into(),
                unit: UnitId("chengdong".into())
            }
        );
        let found = app.actor_for_session(&session.secret).await.unwrap();
        assert_eq!(found.actor, session.actor);
        assert_eq!(found.csrf, session.csrf);
        // The one-time password opened one session, which must choose a new password; it
        // opens no other.
        assert!(session.must_change_password && found.must_change_password);
        assert!(matches!(
            app.sign_in("wang", &password, "192.0.2.7").await,
            Err(SignInError::Wrong)
        ));
        let caller = Caller::new(found.actor.clone(), "192.0.2.7");
        app.change_password(&caller, "wang", &password, "wang-own-password")
            .await
            .unwrap();
        let own = app
            .sign_in("wang", "wang-own-password", "192.0.2.7")
            .await
            .unwrap();
        assert!(!own.must_change_password);
        assert!(
            !app.actor_for_session(&own.secret)
                .await
                .unwrap()
                .must_change_password
        );

        // The change is in the audit log as the command line's system user, with the after.
        let log = app
            .list_audit(&Actor::Operator, &everything())
            .await
            .unwrap();
        let add = log.items.iter().find(|e| e.action == "user.add").unwrap();
        assert_eq!(
            (add.actor.as_str(), add.role.as_str()),
            (CLI_USER, "operator")
        );
        assert!(add.origin.starts_with("cli"), "{}", add.origin);
        assert_eq!(add.entity_id, "wang");
        assert_eq!(add.after.as_ref().unwrap()["unit"], "chengdong");
        assert_eq!(add.outcome, Outcome::Done);
        assert!(
            log.items
                .iter()
                .any(|e| e.action == "session.sign_in" && e.actor == "wang")
        );
    })
    .await;
}

#[tokio::test]
async fn only_admins_manage_users_and_a_refusal_is_logged_with_nothing_changed() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        for actor in [
            Actor::Visitor,
            Actor::Viewer { user: "v".into() },
            Actor::Reporter {
                user: "r".into(),
                unit: UnitId("u".into()),
            },
            Actor::Staff { user: "s".into() },
        ] {
            let role = actor.role();
            let caller = Caller::new(actor.clone(), "198.51.100.9");
            let err = app
                .add_user(&caller, &grant("mallory", Role::Admin, None))
                .await
                .unwrap_err();
            assert!(matches!(err, AccountError::Denied(_)), "{role}: {err}");
            let err = app
                .create_token(&caller, &grant("t", Role::Admin, None), None)
                .await
                .unwrap_err();
            assert!(matches!(err, AccountError::Denied(_)), "{role}: {err}");
            assert!(matches!(
                app.list_users(&actor).await,
                Err(AccountError::Denied(_))
            ));
        }
        assert!(db.store.user("mallory").await.unwrap().is_none());
        assert!(db.store.tokens().await.unwrap().is_empty());
        let refused = app
            .list_audit(
                &Actor::Operator,
                &AuditQuery {
                    outcome: Some(Outcome::Refused),
                    ..everything()
                },
            )
            .await
            .unwrap();
        assert_eq!(refused.total, 8, "{:#?}", refused.items);
        assert!(refused.items.iter().any(|e| e.actor == "visitor"
            && e.action == "user.add"
            && e.origin == "198.51.100.9"
            && e.entity_id == "mallory"));
        // Admins may.
        app.add_user(&admin_caller(), &grant("li", Role::Viewer, None))
            .await
            .unwrap();
        let users = app
            .list_users(&Actor::Admin { user: "ada".into() })
            .await
            .unwrap();
        let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["li", CLI_USER]);
    })
    .await;
}

#[tokio::test]
async fn grants_are_checked_names_are_unique() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        let cases = [
            (grant("r1", Role::Reporter, None), "unit"),
            (grant("v1", Role::Viewer, Some("x")), "unit"),
            (grant("bad name", Role::Viewer, None), "name"),
            (grant("", Role::Viewer, None), "name"),
        ];
        for (g, field) in cases {
            match app.add_user(&cli, &g).await {
                Err(AccountError::Invalid { field: f, .. }) => assert_eq!(f, field, "{g:?}"),
                other => panic!("{g:?}: {other:?}"),
            }
        }
        app.add_user(&cli, &grant("zhao", Role::Staff, None))
            .await
            .unwrap();
        assert!(matches!(
            app.add_user(&cli, &grant("zhao", Role::Viewer, None)).await,
            Err(AccountError::Exists(_))
        ));
        assert!(matches!(
            app.add_user(&cli, &grant(CLI_USER, Role::Viewer, None))
                .await,
            Err(AccountError::Exists(_))
        ));
        assert!(matches!(
            app.disable_user(&cli, "nobody").await,
            Err(AccountError::NotFound(_))
        ));
        assert!(matches!(
            app.reset_password(&cli, CLI_USER).await,
            Err(AccountError::Invalid { .. })
        ));
        assert!(matches!(
            Role::parse("root"),
            Err(AccountError::Invalid { field: "role", .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn tokens_act_with_their_role_until_revoked_or_expired_and_forgeries_fail() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        let (info, secret) = app
            .create_token(&cli, &grant("etl", Role::Staff, None), Some(30))
            .await
            .unwrap();
        assert_eq!(info.state, "active");
        assert!(secret.starts_with("wlv_"));
        assert_eq!(
            app.actor_for_token(&secret).await.unwrap(),
            Actor::Staff {
                user: "token:etl".into()
            }
        );
        let listed = app.list_tokens(&Actor::Operator).await.unwrap();
        assert_eq!(
            listed[0].last_used_at.as_deref(),
            Some(t0().to_string().as_str())
        );

        // Forged: unknown secret, right prefix; a session secret is not a token either.
        let mut forged = secret.clone();
        forged.pop();
        forged.push(if secret.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(app.actor_for_token(&forged).await, Err(AuthError::Unknown));
        assert_eq!(app.actor_for_token("").await, Err(AuthError::Unknown));

        // Expired after 30 days.
        let later = app_at(&db.store, t0() + SignedDuration::from_hours(24 * 30));
        assert_eq!(
            later.actor_for_token(&secret).await,
            Err(AuthError::Expired)
        );
        assert_eq!(
            later.list_tokens(&Actor::Operator).await.unwrap()[0].state,
            "expired"
        );

        // Revoked.
        let (_, other) = app
            .create_token(
                &cli,
                &grant("feed", Role::Reporter, Some("huangzhong")),
                None,
            )
            .await
            .unwrap();
        assert!(matches!(
            app.actor_for_token(&other).await.unwrap(),
            Actor::Reporter { .. }
        ));
        app.revoke_token(&cli, "feed").await.unwrap();
        assert_eq!(app.actor_for_token(&other).await, Err(AuthError::Revoked));
        assert!(matches!(
            app.revoke_token(&cli, "feed").await,
            Err(AccountError::NotFound(_))
        ));
        // A revoked token keeps its name.
        assert!(matches!(
            app.create_token(&cli, &grant("feed", Role::Viewer, None), None)
                .await,
            Err(AccountError::Exists(_))
        ));
        assert!(matches!(
            app.create_token(&cli, &grant("x", Role::Viewer, None), Some(0))
                .await,
            Err(AccountError::Invalid {
                field: "expires",
                ..
            })
        ));
    })
    .await;
}

#[tokio::test]
async fn sessions_end_when_idle_when_old_on_sign_out_password_change_and_disabling() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        let (_, pw) = app
            .add_user(&cli, &grant("he", Role::Viewer, None))
            .await
            .unwrap();
        let pw = chosen(&app, "he", &pw).await;
        let at = |d: SignedDuration| app_at(&db.store, t0() + d);

        // Idle: alive just before, ended at the idle limit.
        let s = app.sign_in("he", &pw, "192.0.2.2").await.unwrap();
        let almost = SESSION_IDLE - SignedDuration::from_secs(1);
        assert!(at(almost).actor_for_session(&s.secret).await.is_ok());
        // That request counted as activity: the idle clock restarts from it.
        assert!(
            at(almost + almost)
                .actor_for_session(&s.secret)
                .await
                .is_ok()
        );
        assert_eq!(
            at(almost + almost + SESSION_IDLE)
                .actor_for_session(&s.secret)
                .await,
            Err(AuthError::SessionEnded)
        );
        // Ended for good, even back in time.
        assert_eq!(
            app.actor_for_session(&s.secret).await,
            Err(AuthError::Unknown)
        );

        // Absolute: busy every hour, still ended after the lifetime.
        let s = app.sign_in("he", &pw, "192.0.2.2").await.unwrap();
        let mut hour = SignedDuration::ZERO;
        while hour + SignedDuration::from_hours(1) < SESSION_ABSOLUTE {
            hour += SignedDuration::from_hours(1);
            assert!(
                at(hour).actor_for_session(&s.secret).await.is_ok(),
                "{hour:?}"
            );
        }
        assert_eq!(
            at(SESSION_ABSOLUTE).actor_for_session(&s.secret).await,
            Err(AuthError::SessionEnded)
        );

        // Sign-out.
        let s = app.sign_in("he", &pw, "192.0.2.2").await.unwrap();
        let caller = Caller::new(s.actor.clone(), "192.0.2.2");
        assert!(app.sign_out(&s.secret, &caller).await.unwrap());
        assert_eq!(
            app.actor_for_session(&s.secret).await,
            Err(AuthError::Unknown)
        );

        // Password change by the person ends every session of theirs.
        let s1 = app.sign_in("he", &pw, "192.0.2.2").await.unwrap();
        let s2 = app.sign_in("he", &pw, "192.0.2.3").await.unwrap();
        assert!(matches!(
            app.change_password(&caller, "he", "wrong", "a-long-new-password")
                .await,
            Err(AccountError::Invalid {
                field: "current",
                ..
            })
        ));
        assert!(matches!(
            app.change_password(&caller, "he", &pw, "short").await,
            Err(AccountError::Invalid { field: "new", .. })
        ));
        assert!(app.actor_for_session(&s1.secret).await.is_ok());
        app.change_password(&caller, "he", &pw, "a-long-new-password")
            .await
            .unwrap();
        for s in [&s1, &s2] {
            assert_eq!(
                app.actor_for_session(&s.secret).await,
                Err(AuthError::Unknown)
            );
        }
        assert!(matches!(
            app.sign_in("he", &pw, "192.0.2.2").await,
            Err(SignInError::Wrong)
        ));

        // A reset by an admin, and disabling, end sessions too.
        let s = app
            .sign_in("he", "a-long-new-password", "192.0.2.2")
            .await
            .unwrap();
        let pw = app.reset_password(&cli, "he").await.unwrap();
        assert_eq!(
            app.actor_for_session(&s.secret).await,
            Err(AuthError::Unknown)
        );
        let s = app.sign_in("he", &pw, "192.0.2.2").await.unwrap();
        app.disable_user(&cli, "he").await.unwrap();
        assert_eq!(
            app.actor_for_session(&s.secret).await,
            Err(AuthError::Unknown)
        );
        assert!(matches!(
            app.sign_in("he", &pw, "192.0.2.2").await,
            Err(SignInError::Wrong)
        ));

        // Forged session ids.
        assert_eq!(
            app.actor_for_session("forged").await,
            Err(AuthError::Unknown)
        );

        // Expired sessions are deleted at the next sign-in, live ones kept.
        let (_, lin_pw) = app
            .add_user(&cli, &grant("lin", Role::Viewer, None))
            .await
            .unwrap();
        let lin_pw = chosen(&app, "lin", &lin_pw).await;
        let old = app.sign_in("lin", &lin_pw, "192.0.2.2").await.unwrap();
        let later = at(SESSION_IDLE + SignedDuration::from_mins(1));
        let fresh = later.sign_in("lin", &lin_pw, "192.0.2.2").await.unwrap();
        let rows = db.store.all_text("sessions").await.unwrap();
        let digest = wenlv_app::secrets::digest;
        assert!(
            !rows.contains(&digest(&old.secret)),
            "the idle session was purged"
        );
        assert!(rows.contains(&digest(&fresh.secret)));
    })
    .await;
}

#[tokio::test]
async fn throttling_engages_per_account_and_per_address() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        let (_, pw) = app
            .add_user(&cli, &grant("ma", Role::Staff, None))
            .await
            .unwrap();
        let pw = chosen(&app, "ma", &pw).await;
        for i in 0..MAX_FAILURES_PER_ACCOUNT {
            let addr = format!("203.0.113.{i}");
            assert!(matches!(
                app.sign_in("ma", "guess", &addr).await,
                Err(SignInError::Wrong)
            ));
        }
        // The right password no longer helps, from anywhere, inside the window.
        assert!(matches!(
            app.sign_in("ma", &pw, "192.0.2.50").await,
            Err(SignInError::Throttled)
        ));
        let log = app
            .list_audit(
                &Actor::Operator,
                &AuditQuery {
                    outcome: Some(Outcome::Refused),
                    ..everything()
                },
            )
            .await
            .unwrap();
        assert_eq!(log.items[0].detail.as_deref(), Some("throttled"));
        // After the window it works again.
        let later = app_at(&db.store, t0() + SignedDuration::from_mins(16));
        later.sign_in("ma", &pw, "192.0.2.50").await.unwrap();

        // One address guessing many names is stopped too, even for a real account.
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let _ = later
                .sign_in(&format!("n{i}"), "guess", "198.51.100.66")
                .await;
        }
        assert!(matches!(
            later.sign_in("ma", &pw, "198.51.100.66").await,
            Err(SignInError::Throttled)
        ));
        later.sign_in("ma", &pw, "198.51.100.67").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn the_database_holds_no_password_token_or_session_id_in_clear() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        let (_, pw) = app
            .add_user(&cli, &grant("qin", Role::Admin, None))
            .await
            .unwrap();
        let (_, token) = app
            .create_token(&cli, &grant("ci", Role::Viewer, None), None)
            .await
            .unwrap();
        let session = app.sign_in("qin", &pw, "192.0.2.9").await.unwrap();
        let new_pw = "a-very-secret-new-password";
        app.change_password(
            &Caller::new(session.actor.clone(), "192.0.2.9"),
            "qin",
            &pw,
            new_pw,
        )
        .await
        .unwrap();
        let session = app.sign_in("qin", new_pw, "192.0.2.9").await.unwrap();
        let mut cells = Vec::new();
        for table in [
            "users",
            "sessions",
            "api_tokens",
            "audit_log",
            "sign_in_failures",
        ] {
            cells.extend(db.store.all_text(table).await.unwrap());
        }
        assert!(
            cells.iter().any(|c| c.starts_with("$argon2id$")),
            "the search sees rows"
        );
        for secret in [
            pw.as_str(),
            new_pw,
            &token,
            &token[4..],
            &session.secret,
            &session.csrf,
        ] {
            for cell in &cells {
                assert!(
                    !cell.contains(secret),
                    "'{secret}' stored in clear in '{cell}'"
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_is_append_only_filtered_and_paged() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let cli = Caller::cli();
        for name in ["a1", "a2", "a3"] {
            app.add_user(&cli, &grant(name, Role::Viewer, None))
                .await
                .unwrap();
        }
        app_at(&db.store, t0() + SignedDuration::from_hours(48))
            .disable_user(&admin_caller(), "a2")
            .await
            .unwrap();

        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
        ] {
            let err = db.store.execute_raw(sql).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        let all = app
            .list_audit(&Actor::Operator, &everything())
            .await
            .unwrap();
        assert_eq!(all.total, 4);
        assert_eq!(all.items[0].action, "user.disable", "newest first");
        assert_eq!(all.items[0].before.as_ref().unwrap()["disabled"], false);
        assert_eq!(all.items[0].after.as_ref().unwrap()["disabled"], true);

        let q = |f: fn(&mut AuditQuery)| {
            let mut q = everything();
            f(&mut q);
            q
        };
        let staff = Actor::Staff { user: "s".into() };
        let by_entity = app
            .list_audit(&staff, &q(|q| q.entity_id = Some("a2".into())))
            .await
            .unwrap();
        assert_eq!(by_entity.total, 2);
        let by_actor = app
            .list_audit(&staff, &q(|q| q.actor = Some("ada".into())))
            .await
            .unwrap();
        assert_eq!(by_actor.total, 1);
        let by_date = app
            .list_audit(
                &staff,
                &q(|q| q.from = Some(t0() + SignedDuration::from_hours(24))),
            )
            .await
            .unwrap();
        assert_eq!(by_date.total, 1);
        let until = app
            .list_audit(
                &staff,
                &q(|q| q.to = Some(t0() + SignedDuration::from_hours(24))),
            )
            .await
            .unwrap();
        assert_eq!(until.total, 3);
        let page = app
            .list_audit(
                &staff,
                &q(|q| {
                    q.limit = 2;
                    q.offset = 2
                }),
            )
            .await
            .unwrap();
        assert_eq!((page.items.len(), page.total), (2, 4));
        assert_eq!(page.items[0].entity_id, "a2");
        assert!(matches!(
            app.list_audit(&Actor::Viewer { user: "v".into() }, &everything())
                .await,
            Err(wenlv_app::AuditError::Denied(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_first_start_gives_a_one_time_setup_code_for_the_first_admin_only() {
    on_both_engines(|db| async move {
        let app = app_at(&db.store, t0());
        let code = app
            .setup_code_if_needed()
            .await
            .unwrap()
            .expect("no admin yet");
        assert!(matches!(
            app.redeem_setup("wrong-code", "boss", "a-long-password", "192.0.2.1")
                .await,
            Err(AccountError::NotFound(_))
        ));
        assert!(matches!(
            app.redeem_setup(&code, "boss", "short", "192.0.2.1").await,
            Err(AccountError::Invalid {
                field: "password",
                ..
            })
        ));
        // Expired after its lifetime.
        let late = app_at(&db.store, t0() + wenlv_app::accounts::SETUP_LINK_LIFETIME);
        assert!(matches!(
            late.redeem_setup(&code, "boss", "a-long-password", "192.0.2.1")
                .await,
            Err(AccountError::NotFound(_))
        ));
        let session = app
            .redeem_setup(&code, "boss", "a-long-password", "192.0.2.1")
            .await
            .unwrap();
        assert_eq!(
            session.actor,
            Actor::Admin {
                user: "boss".into()
            }
        );
        // Once only, and no new code while an admin exists.
        assert!(
            app.redeem_setup(&code, "boss2", "a-long-password", "192.0.2.1")
                .await
                .is_err()
        );
        assert_eq!(app.setup_code_if_needed().await.unwrap(), None);
        // A second code made before the admin existed cannot make a second admin.
        app.disable_user(&Caller::cli(), "boss").await.unwrap();
        let again = app
            .setup_code_if_needed()
            .await
            .unwrap()
            .expect("no active admin");
        app.add_user(&Caller::cli(), &grant("chief", Role::Admin, None))
            .await
            .unwrap();
        assert!(matches!(
            app.redeem_setup(&again, "boss3", "a-long-password", "192.0.2.1")
                .await,
            Err(AccountError::Exists(_))
        ));
        let cells = db.store.all_text("setup_links").await.unwrap();
        assert!(
            cells
                .iter()
                .all(|c| !c.contains(&code) && !c.contains(&again))
        );
    })
    .await;
}
