//! The bureau's pages under `/bureau/` (zh-CN and English like the visitor pages): sign-in and
//! sign-out, the start page listing what the role may open, changing one's password, the audit
//! log and the users. The caller comes from [`Who`]; what they may do is decided by the
//! application layer. A visitor asking for a bureau page is sent to the sign-in page; a
//! signed-in user asking for more than their role allows gets a 403 page.
//!
//! Every form post carries a CSRF token: the sign-in form a random value that must match the
//! `wenlv_csrf` cookie (double submit), every signed-in form the session's own token. A post
//! without it, or with a wrong one, is refused (403) and changes nothing.

use crate::AppState;
use crate::access::listed;
use crate::auth::{self, CSRF_COOKIE, SESSION_COOKIE, Who};
use crate::pages::{Chrome, ErrorPage, Visit};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use wenlv_app::{AccountError, Action, Denied, SignInError};
use wenlv_store::AuditQuery;

/// The bureau's routes, to merge into the main router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(listed("/bureau/"), get(home))
        .route(listed("/bureau/sign-in"), get(sign_in_form).post(sign_in))
        .route(listed("/bureau/sign-out"), post(sign_out))
        .route(listed("/bureau/setup"), get(setup_form).post(setup))
        .route(
            listed("/bureau/password"),
            get(password_form).post(change_password),
        )
        .route(listed("/bureau/audit"), get(audit))
        .route(listed("/bureau/users"), get(users))
        .route(listed("/bureau/users/{name}/disable"), post(disable_user))
        .route(
            listed("/bureau/projects"),
            get(crate::bureau_library::projects),
        )
        .route(
            listed("/bureau/meetings"),
            get(crate::bureau_library::meetings),
        )
        .route(
            listed("/bureau/meetings/{date}"),
            get(crate::bureau_library::meeting),
        )
}

fn with_cookies(mut response: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

pub(crate) fn message_page(
    visit: Visit,
    status: StatusCode,
    heading: &str,
    message: String,
) -> Response {
    let page = ErrorPage {
        c: Chrome::new(&visit, heading.to_string(), "", false),
        heading: heading.to_string(),
        message,
    };
    visit.respond_with(status, page)
}

/// A refusal as a page: a visitor is sent to sign in, anyone else gets 403.
pub(crate) fn refused(visit: Visit, denied: Denied) -> Response {
    if denied.sign_in_may_help {
        let next = url_pairs(&[("next", &visit.path)]);
        return Redirect::to(&format!("/bureau/sign-in?{next}")).into_response();
    }
    let l = visit.lang;
    let heading = l.t("无权访问", "Not allowed");
    let message = format!(
        "{} ({denied})",
        l.t(
            "你的角色不能打开此页。",
            "Your role may not open this page."
        )
    );
    message_page(visit, StatusCode::FORBIDDEN, heading, message)
}

pub(crate) fn csrf_refused(visit: Visit) -> Response {
    let l = visit.lang;
    message_page(
        visit,
        StatusCode::FORBIDDEN,
        l.t("请求已拒绝", "Request refused"),
        l.t(
            "表单缺少有效的安全令牌（CSRF）。请重新打开页面再提交。",
            "The form carried no valid security token (CSRF). Open the page again and resubmit.",
        )
        .to_string(),
    )
}

/// A session opened with a one-time password goes to the password page before anything else.
pub(crate) fn must_change_password(who: &Who) -> Option<Response> {
    who.session
        .as_ref()
        .filter(|s| s.must_change_password)
        .map(|_| Redirect::to("/bureau/password").into_response())
}

/// A posted `/bureau/` form: its fields (`T`), and the CSRF token it carried, checked in one
/// place for every form handler: against the session's token for a signed-in form
/// ([`Posted::carries_session_token`]), against the `wenlv_csrf` cookie (double submit) before
/// signing in ([`Posted::double_submitted`]).
pub struct Posted<T> {
    pub fields: T,
    csrf: Option<String>,
    cookie: Option<String>,
}

#[derive(Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(flatten)]
    fields: T,
}

impl<S, T> axum::extract::FromRequest<S> for Posted<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Posted<T>, Response> {
        let jar = CookieJar::from_headers(req.headers());
        let Form(form) = Form::<WithCsrf<T>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Posted {
            fields: form.fields,
            csrf: form.csrf,
            cookie: jar.get(CSRF_COOKIE).map(|c| c.value().to_string()),
        })
    }
}

impl<T> Posted<T> {
    /// Whether a signed-in form carries its session's CSRF token.
    pub(crate) fn carries_session_token(&self, who: &Who) -> bool {
        match (&who.session, &self.csrf) {
            (Some(s), Some(given)) => wenlv_app::secrets::same(&s.csrf, given),
            _ => false,
        }
    }

    /// Whether a form posted before signing in carries the token of its `wenlv_csrf` cookie.
    fn double_submitted(&self) -> bool {
        match (&self.cookie, &self.csrf) {
            (Some(c), Some(f)) => !c.is_empty() && wenlv_app::secrets::same(c, f),
            _ => false,
        }
    }
}

/// A form with no fields but its CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct NoFields {}

#[derive(Template)]
#[template(path = "bureau_sign_in.html")]
pub struct SignInPage {
    pub c: Chrome,
    pub csrf: String,
    pub name: String,
    pub message: String,
    pub next: String,
}

/// Where to go after signing in: a bureau page, never another site.
fn next_page(next: &str) -> &str {
    let safe = next.starts_with("/bureau/")
        && !next.contains("//")
        && !next.contains('\\')
        && next.chars().all(|c| c.is_ascii_graphic());
    if safe { next } else { "/bureau/" }
}

fn sign_in_page(
    visit: Visit,
    who: &Who,
    status: StatusCode,
    name: String,
    message: String,
    next: &str,
) -> Response {
    let l = visit.lang;
    // A fresh double-submit value for every form shown.
    let csrf = wenlv_app::secrets::random(32);
    let cookie = auth::cookie(CSRF_COOKIE, &csrf, 3600, who.https);
    let page = SignInPage {
        c: Chrome::new(&visit, l.t("登录", "Sign in").to_string(), "", false),
        csrf,
        name,
        message,
        next: next_page(next).to_string(),
    };
    with_cookies(visit.respond_with(status, page), &[cookie])
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextParam {
    next: String,
}

/// `GET /bureau/sign-in[?next=/bureau/…]`
pub async fn sign_in_form(
    visit: Visit,
    who: Who,
    next: Result<Query<NextParam>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = next.map(|Query(n)| n.next).unwrap_or_default();
    if who.session.is_some() {
        return Redirect::to(next_page(&next)).into_response();
    }
    sign_in_page(
        visit,
        &who,
        StatusCode::OK,
        String::new(),
        String::new(),
        &next,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    name: String,
    password: String,
    next: String,
}

/// `POST /bureau/sign-in`
pub async fn sign_in(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    posted: Posted<SignInForm>,
) -> Response {
    if !posted.double_submitted() {
        return csrf_refused(visit);
    }
    let form = posted.fields;
    let l = visit.lang;
    match state
        .app
        .sign_in(form.name.trim(), &form.password, &who.caller.origin)
        .await
    {
        Ok(session) => {
            let cookies = [
                auth::session_cookie(&session.secret, who.https),
                auth::cookie(CSRF_COOKIE, "", 0, who.https),
            ];
            let to = if session.must_change_password {
                "/bureau/password"
            } else {
                next_page(&form.next)
            };
            with_cookies(Redirect::to(to).into_response(), &cookies)
        }
        Err(SignInError::Wrong) => sign_in_page(
            visit,
            &who,
            StatusCode::UNAUTHORIZED,
            form.name,
            l.t("用户名或密码错误。", "The name or the password is wrong.")
                .to_string(),
            &form.next,
        ),
        Err(SignInError::Throttled) => sign_in_page(
            visit,
            &who,
            StatusCode::TOO_MANY_REQUESTS,
            form.name,
            l.t(
                "登录失败次数过多，请 15 分钟后再试。",
                "Too many failed sign-ins; try again in 15 minutes.",
            )
            .to_string(),
            &form.next,
        ),
        Err(SignInError::Store(e)) => crate::problem::Problem::from(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "bureau_setup.html")]
pub struct SetupPage {
    pub c: Chrome,
    pub csrf: String,
    pub code: String,
    pub name: String,
    pub message: String,
}

fn setup_page(
    visit: Visit,
    who: &Who,
    status: StatusCode,
    code: String,
    name: String,
    message: String,
) -> Response {
    let l = visit.lang;
    let csrf = wenlv_app::secrets::random(32);
    let cookie = auth::cookie(CSRF_COOKIE, &csrf, 3600, who.https);
    let page = SetupPage {
        c: Chrome::new(
            &visit,
            l.t("创建管理员", "Create the admin").to_string(),
            "",
            false,
        ),
        csrf,
        code,
        name,
        message,
    };
    with_cookies(visit.respond_with(status, page), &[cookie])
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    code: String,
    name: String,
    password: String,
}

/// `GET /bureau/setup?code=…`: the form for the first admin (the code is checked on posting).
pub async fn setup_form(
    visit: Visit,
    who: Who,
    form: Result<Query<SetupForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let code = form.map(|Query(f)| f.code).unwrap_or_default();
    setup_page(
        visit,
        &who,
        StatusCode::OK,
        code,
        String::new(),
        String::new(),
    )
}

/// `POST /bureau/setup`: creates the first admin and signs them in.
pub async fn setup(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    posted: Posted<SetupForm>,
) -> Response {
    if !posted.double_submitted() {
        return csrf_refused(visit);
    }
    let form = posted.fields;
    let l = visit.lang;
    match state
        .app
        .redeem_setup(
            &form.code,
            form.name.trim(),
            &form.password,
            &who.caller.origin,
        )
        .await
    {
        Ok(session) => {
            let cookies = [
                auth::session_cookie(&session.secret, who.https),
                auth::cookie(CSRF_COOKIE, "", 0, who.https),
            ];
            with_cookies(Redirect::to("/bureau/").into_response(), &cookies)
        }
        Err(AccountError::Invalid { field, message }) => {
            let status = StatusCode::BAD_REQUEST;
            setup_page(
                visit,
                &who,
                status,
                form.code,
                form.name,
                format!("{field}: {message}"),
            )
        }
        Err(AccountError::NotFound(_) | AccountError::Exists(_)) => {
            let message = l.t(
                "此链接无效、已使用或已过期，或者管理员已存在。",
                "This link is unknown, used or expired, or an admin exists already.",
            );
            let status = StatusCode::GONE;
            setup_page(
                visit,
                &who,
                status,
                String::new(),
                form.name,
                message.to_string(),
            )
        }
        Err(e) => crate::problem::Problem::from(e).into_response(),
    }
}

/// `POST /bureau/sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    posted: Posted<NoFields>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::OpenBureau) {
        return refused(visit, denied);
    }
    if !posted.carries_session_token(&who) {
        return csrf_refused(visit);
    }
    if let Some(session) = &who.session
        && let Err(e) = state.app.sign_out(&session.secret, &who.caller).await
    {
        return crate::problem::Problem::from(e).into_response();
    }
    let gone = auth::cookie(SESSION_COOKIE, "", 0, who.https);
    with_cookies(Redirect::to("/bureau/sign-in").into_response(), &[gone])
}

pub struct Link {
    pub href: &'static str,
    pub label: &'static str,
    pub note: &'static str,
}

#[derive(Template)]
#[template(path = "bureau_home.html")]
pub struct HomePage {
    pub c: Chrome,
    pub user: String,
    pub role: &'static str,
    pub unit: String,
    pub links: Vec<Link>,
    pub csrf: String,
}

/// `GET /bureau/`: what the role may open.
pub async fn home(visit: Visit, who: Who) -> Response {
    if let Err(denied) = who.actor().check(Action::OpenBureau) {
        return refused(visit, denied);
    }
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let actor = who.actor();
    let mut links = Vec::new();
    links.push(Link {
        href: "/bureau/projects",
        label: l.t("重点项目库", "Key-project library"),
        note: l.t("阶段、投资、资金来源", "stages, investment, funding lines"),
    });
    links.push(Link {
        href: "/bureau/meetings",
        label: l.t("调度会", "Dispatch meetings"),
        note: l.t("每月一地", "one site each month"),
    });
    if actor.may(Action::ReadPlanItems) {
        links.push(Link {
            href: "/bureau/plans",
            label: l.t("挂图作战", "Battle map"),
            note: l.t("任务、进度、红黄绿", "items, progress, red/amber/green"),
        });
    }
    if actor.may(Action::ReadAudit) {
        links.push(Link {
            href: "/bureau/audit",
            label: l.t("审计日志", "Audit log"),
            note: l.t("谁在何时改了什么", "who changed what, when"),
        });
    }
    if actor.may(Action::ManageUsers) {
        links.push(Link {
            href: "/bureau/users",
            label: l.t("用户", "Users"),
            note: l.t("角色与停用", "roles, disabling"),
        });
    }
    if who.session.is_some() {
        links.push(Link {
            href: "/bureau/password",
            label: l.t("修改密码", "Change password"),
            note: "",
        });
    }
    links.push(Link {
        href: "/",
        label: l.t("游客页面", "Visitor pages"),
        note: l.t("景点、线路、行程", "places, routes, plans"),
    });
    let unit = match actor {
        wenlv_app::Actor::Reporter { unit, .. } => unit.0.clone(),
        _ => String::new(),
    };
    let page = HomePage {
        c: Chrome::new(&visit, l.t("工作台", "Bureau").to_string(), "", false),
        user: actor.name().to_string(),
        role: actor.role(),
        unit,
        links,
        csrf: who
            .session
            .as_ref()
            .map(|s| s.csrf.clone())
            .unwrap_or_default(),
    };
    visit.respond(page)
}

#[derive(Template)]
#[template(path = "bureau_password.html")]
pub struct PasswordPage {
    pub c: Chrome,
    pub csrf: String,
    pub message: String,
}

fn password_page(visit: Visit, who: &Who, status: StatusCode, message: String) -> Response {
    let l = visit.lang;
    let page = PasswordPage {
        c: Chrome::new(
            &visit,
            l.t("修改密码", "Change password").to_string(),
            "",
            false,
        ),
        csrf: who
            .session
            .as_ref()
            .map(|s| s.csrf.clone())
            .unwrap_or_default(),
        message,
    };
    visit.respond_with(status, page)
}

/// `GET /bureau/password`
pub async fn password_form(visit: Visit, who: Who) -> Response {
    if let Err(denied) = who.actor().check(Action::OpenBureau) {
        return refused(visit, denied);
    }
    let message = if who.session.as_ref().is_some_and(|s| s.must_change_password) {
        visit
            .lang
            .t(
                "你用一次性密码登录：请先设置自己的密码。",
                "You signed in with a one-time password: choose your own first.",
            )
            .to_string()
    } else {
        String::new()
    };
    password_page(visit, &who, StatusCode::OK, message)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
}

/// `POST /bureau/password`: every session of the person ends; they sign in again.
pub async fn change_password(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    posted: Posted<PasswordForm>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::OpenBureau) {
        return refused(visit, denied);
    }
    if !posted.carries_session_token(&who) {
        return csrf_refused(visit);
    }
    let Some(session) = who.session.clone() else {
        // A token has no password to change.
        return csrf_refused(visit);
    };
    let form = posted.fields;
    match state
        .app
        .change_password(&who.caller, &session.user, &form.current, &form.new)
        .await
    {
        Ok(()) => {
            let gone = auth::cookie(SESSION_COOKIE, "", 0, who.https);
            with_cookies(Redirect::to("/bureau/sign-in").into_response(), &[gone])
        }
        Err(AccountError::Invalid { field, .. }) => {
            let l = visit.lang;
            let message = if field == "current" {
                l.t("当前密码错误。", "The current password is wrong.")
            } else {
                l.t(
                    "新密码至少需要 10 个字符。",
                    "The new password needs at least 10 characters.",
                )
            };
            password_page(visit, &who, StatusCode::BAD_REQUEST, message.to_string())
        }
        Err(e) => crate::problem::Problem::from(e).into_response(),
    }
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub role: String,
    pub origin: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub outcome: &'static str,
}

#[derive(Template)]
#[template(path = "bureau_audit.html")]
pub struct AuditPage {
    pub c: Chrome,
    pub entries: Vec<AuditRow>,
    pub total: u64,
    pub entity: String,
    pub user: String,
    pub from: String,
    pub to: String,
    pub csv_href: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditFilters {
    entity: String,
    user: String,
    from: String,
    to: String,
}

impl AuditFilters {
    /// The store's query for the filters (dates in the city's time zone; `to` includes its
    /// day), and a notice for each date that does not read.
    fn query(&self, tz: &jiff::tz::TimeZone) -> (AuditQuery, Vec<String>) {
        let mut notices = Vec::new();
        let mut day = |name: &str, text: &str, next: bool| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = wenlv_domain::civil::parse_date(text)
                .ok()
                .and_then(|d| if next { d.tomorrow().ok() } else { Some(d) })
                .and_then(|d| d.to_zoned_datetime(tz.clone()).ok());
            if parsed.is_none() {
                notices.push(format!("{name}={text:?}: expected YYYY-MM-DD"));
            }
            parsed.map(|z| z.timestamp())
        };
        let query = AuditQuery {
            entity: Some(self.entity.trim().to_string()).filter(|s| !s.is_empty()),
            actor: Some(self.user.trim().to_string()).filter(|s| !s.is_empty()),
            from: day("from", &self.from, false),
            to: day("to", &self.to, true),
            limit: 100,
            ..AuditQuery::default()
        };
        (query, notices)
    }
}

/// One audit entry as a row of the page, its time in the city's time zone.
fn audit_row(e: wenlv_store::AuditEntry, tz: &jiff::tz::TimeZone) -> AuditRow {
    AuditRow {
        at: e
            .at
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        actor: e.actor,
        role: e.role,
        origin: e.origin,
        action: e.action,
        entity: e.entity,
        entity_id: e.entity_id,
        outcome: e.outcome.as_str(),
    }
}

/// `GET /bureau/audit`: the newest 100 entries matching the filters, and a CSV link.
pub async fn audit(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    filters: Result<Query<AuditFilters>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::ReadAudit) {
        return refused(visit, denied);
    }
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let f = filters.map(|Query(f)| f).unwrap_or_default();
    let tz = jiff::tz::TimeZone::get(&state.city.time_zone)
        .unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
    let (query, notices) = f.query(&tz);
    let page = match state.app.list_audit(who.actor(), &query).await {
        Ok(p) => p,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let mut csv = url_pairs(&[
        ("entity", &f.entity),
        ("user", &f.user),
        ("from", &f.from),
        ("to", &f.to),
    ]);
    if notices.is_empty() && !csv.is_empty() {
        csv.insert(0, '?');
    } else {
        csv.clear();
    }
    let l = visit.lang;
    let mut visit = visit;
    visit.notices.extend(notices);
    let page = AuditPage {
        c: Chrome::new(&visit, l.t("审计日志", "Audit log").to_string(), "", false),
        total: page.total,
        entries: page.items.into_iter().map(|e| audit_row(e, &tz)).collect(),
        entity: f.entity,
        user: f.user,
        from: f.from,
        to: f.to,
        csv_href: format!("/api/audit.csv{csv}"),
    };
    visit.respond(page)
}

/// `k=v&…` for the non-empty values, percent-encoded.
fn url_pairs(pairs: &[(&str, &str)]) -> String {
    let mut out = Vec::new();
    for (k, v) in pairs {
        let v = v.trim();
        if !v.is_empty() {
            let enc: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            out.push(format!("{k}={enc}"));
        }
    }
    out.join("&")
}

pub struct UserRow {
    pub name: String,
    pub role: &'static str,
    pub unit: String,
    pub state: &'static str,
    pub can_disable: bool,
}

#[derive(Template)]
#[template(path = "bureau_users.html")]
pub struct UsersPage {
    pub c: Chrome,
    pub users: Vec<UserRow>,
    pub csrf: String,
}

/// `GET /bureau/users`
pub async fn users(State(state): State<AppState>, visit: Visit, who: Who) -> Response {
    let users = match state.app.list_users(who.actor()).await {
        Ok(u) => u,
        Err(AccountError::Denied(d)) => return refused(visit, d),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let page = UsersPage {
        c: Chrome::new(&visit, l.t("用户", "Users").to_string(), "", false),
        users: users
            .into_iter()
            .map(|u| UserRow {
                state: match (u.system, u.disabled) {
                    (true, _) => l.t("系统（命令行）", "system (command line)"),
                    (false, true) => l.t("已停用", "disabled"),
                    (false, false) => l.t("正常", "active"),
                },
                can_disable: !u.system && !u.disabled && who.session.is_some(),
                name: u.name,
                role: u.role.as_str(),
                unit: u.unit.unwrap_or_default(),
            })
            .collect(),
        csrf: who
            .session
            .as_ref()
            .map(|s| s.csrf.clone())
            .unwrap_or_default(),
    };
    visit.respond(page)
}

/// `POST /bureau/users/{name}/disable`
pub async fn disable_user(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    Path(name): Path<String>,
    posted: Posted<NoFields>,
) -> Response {
    if !posted.carries_session_token(&who) {
        // A refused attempt is logged even without its CSRF token; nothing is changed.
        return match state
            .app
            .check_write(
                &who.caller,
                Action::ManageUsers,
                "user.disable",
                "user",
                &name,
            )
            .await
        {
            Err(AccountError::Denied(d)) => refused(visit, d),
            Err(e) => crate::problem::Problem::from(e).into_response(),
            Ok(()) => csrf_refused(visit),
        };
    }
    if who.actor().may(Action::ManageUsers)
        && let Some(go) = must_change_password(&who)
    {
        return go;
    }
    match state.app.disable_user(&who.caller, &name).await {
        Ok(()) => Redirect::to("/bureau/users").into_response(),
        Err(AccountError::Denied(d)) => refused(visit, d),
        Err(AccountError::NotFound(what)) => {
            message_page(visit, StatusCode::NOT_FOUND, "404", format!("no {what}"))
        }
        Err(e) => crate::problem::Problem::from(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn after_sign_in_only_bureau_pages_are_followed() {
        assert_eq!(
            super::next_page("/bureau/audit?entity=user"),
            "/bureau/audit?entity=user"
        );
        for bad in [
            "",
            "/",
            "https://evil.example/",
            "//evil.example",
            "/bureau//evil",
            "/bureau/\\x",
        ] {
            assert_eq!(super::next_page(bad), "/bureau/", "{bad}");
        }
    }
}
