//! The visitor pages: server-rendered HTML (askama templates in `templates/`), zh-CN and English.
//!
//! Every page handler takes a [`Visit`]: the language (`?lang=zh|en`, then the `wenlv_lang`
//! cookie, then `Accept-Language`, else Chinese) and the visitor profile used for prices (home
//! region, age, student; from the query, then cookies). A language or profile given in the query
//! is remembered in cookies, which [`Visit::respond`] sets on the answer.
//!
//! | page | what |
//! | --- | --- |
//! | `/` | today's season line, the themes, what is open now, current offers |
//! | `/places` | filters (theme, category, district, A-level, open now / on a date, free for me, text) and a map |
//! | `/places/{id}` | description, hours today and this week, price for the profile with the offer explained, map |
//! | `/routes`, `/routes/{id}` | the bureau's themed routes; a route's timing, distances, cost, map and check for a date |

pub mod facts;
pub mod home;
pub mod map;
pub mod places;
pub mod plan;
pub mod routes;
pub mod words;

use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::cookie::CookieJar;
use jiff::civil::{Date, DateTime};
use std::collections::BTreeMap;
use std::convert::Infallible;
use wenlv_domain::{HomeRegion, Visitor};

/// The page routes, to merge into the main router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::access::listed("/"), get(home::page))
        .route(crate::access::listed("/places"), get(places::list))
        .route(crate::access::listed("/places/{id}"), get(places::detail))
        .route(crate::access::listed("/plan"), get(plan::page))
        .route(crate::access::listed("/routes"), get(routes::list))
        .route(crate::access::listed("/routes/{id}"), get(routes::detail))
}

/// The page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the text in this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn is_en(self) -> bool {
        self == Lang::En
    }
}

/// Who is visiting: the language and the profile prices are computed for.
#[derive(Debug, Clone)]
pub struct Visit {
    pub lang: Lang,
    pub visitor: Visitor,
    /// The request path, made safe for links ([`link_path`]), and the query pairs (for links
    /// that keep the filters).
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Problems with the query or cookies, shown on the page ("home=99: unknown province").
    pub notices: Vec<String>,
    cookies: Vec<String>,
}

const LANG_COOKIE: &str = "wenlv_lang";
const HOME_COOKIE: &str = "wenlv_home";
const AGE_COOKIE: &str = "wenlv_age";
const STUDENT_COOKIE: &str = "wenlv_student";

/// A `Set-Cookie` value kept for a year. Values are codes (`en`, `320000`, `30`), never free text.
fn remember(name: &'static str, value: String) -> String {
    let value: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Visit, Infallible> {
        let jar = CookieJar::from_request_parts(parts, state).await?;
        let query: Vec<(String, String)> = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let get = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
        };
        let mut cookies = Vec::new();
        let mut notices = Vec::new();

        let lang = match get("lang")
            .as_deref()
            .map(|l| (l.to_string(), Lang::parse(l)))
        {
            Some((_, Some(lang))) => {
                cookies.push(remember(LANG_COOKIE, lang.code().to_string()));
                lang
            }
            other => {
                if let Some((text, None)) = other {
                    notices.push(format!("lang={text:?}: expected zh or en"));
                }
                jar.get(LANG_COOKIE)
                    .and_then(|c| Lang::parse(c.value()))
                    .unwrap_or_else(|| accept_language(parts))
            }
        };

        // A profile form sends `profile=1` with all its fields: then an absent checkbox means
        // "no" and an empty field means "forget it". Otherwise a field given alone updates it.
        let from_form = get("profile").is_some();
        let mut visitor = Visitor::default();
        let home_text = match get("home") {
            Some(h) => {
                cookies.push(if h.is_empty() {
                    forget(HOME_COOKIE)
                } else {
                    remember(HOME_COOKIE, h.clone())
                });
                h
            }
            None if from_form => String::new(),
            None => jar
                .get(HOME_COOKIE)
                .map(|c| c.value().to_string())
                .unwrap_or_default(),
        };
        if !home_text.is_empty() {
            match HomeRegion::parse(&home_text) {
                Ok(h) => visitor.home_region = Some(h),
                Err(e) => notices.push(format!("home={home_text:?}: {e}")),
            }
        }
        let age_text = match get("age") {
            Some(a) => {
                cookies.push(if a.is_empty() {
                    forget(AGE_COOKIE)
                } else {
                    remember(AGE_COOKIE, a.clone())
                });
                a
            }
            None if from_form => String::new(),
            None => jar
                .get(AGE_COOKIE)
                .map(|c| c.value().to_string())
                .unwrap_or_default(),
        };
        if !age_text.is_empty() {
            match age_text.parse::<u32>() {
                Ok(a) if a <= 130 => visitor.age = Some(a),
                _ => notices.push(format!(
                    "age={age_text:?}: expected a whole number of years"
                )),
            }
        }
        let student = match get("student") {
            Some(s) => Some(matches!(s.as_str(), "1" | "on" | "true" | "yes")),
            None if from_form => Some(false),
            None => None,
        };
        match student {
            Some(s) => {
                visitor.student = s;
                cookies.push(if s {
                    remember(STUDENT_COOKIE, "1".into())
                } else {
                    forget(STUDENT_COOKIE)
                });
            }
            None => visitor.student = jar.get(STUDENT_COOKIE).is_some_and(|c| c.value() == "1"),
        }

        Ok(Visit {
            lang,
            visitor,
            path: link_path(parts.uri.path()),
            query,
            notices,
            cookies,
        })
    }
}

/// The request path as the start of a link back to this server: exactly one leading `/`.
///
/// A request for `//evil.example/x` (or `/\evil.example`, which browsers read the same way) must
/// never give a link a browser follows to another host (a protocol-relative URL: an open redirect
/// and a phishing link on our own page). Leading slashes, backslashes, spaces and control
/// characters collapse into one `/`; the rest of the path is kept as it came (still
/// percent-encoded).
pub fn link_path(path: &str) -> String {
    let rest = path.trim_start_matches(|c: char| {
        c == '/' || c == '\\' || c.is_ascii_whitespace() || c.is_ascii_control()
    });
    format!("/{rest}")
}

fn forget(name: &'static str) -> String {
    format!("{name}=; Path=/; Max-Age=0; SameSite=Lax")
}

/// English only when the browser prefers it; the product speaks Chinese first.
fn accept_language(parts: &Parts) -> Lang {
    let first = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("");
    if first.trim().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    }
}

impl Visit {
    /// A query parameter's value, trimmed; `None` when absent or empty.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The current page in the other language.
    pub fn switch_href(&self) -> String {
        let other = match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh",
        };
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push(("lang", other));
        format!("{}?{}", self.path, encode_query(&pairs))
    }

    /// The profile as query pairs (for links that compute prices).
    pub fn home_code(&self) -> String {
        self.visitor
            .home_region
            .map(|h| h.to_string())
            .unwrap_or_default()
    }

    pub fn age_text(&self) -> String {
        self.visitor.age.map(|a| a.to_string()).unwrap_or_default()
    }

    /// A short description of the profile ("from Jiangsu, 30, student").
    pub fn profile_summary(&self) -> String {
        let l = self.lang;
        let mut parts = Vec::new();
        match self.visitor.home_region {
            Some(HomeRegion::China(d)) => {
                let (zh, en) = d.province_name();
                parts.push(format!("{}{}", l.t("来自", "from "), l.t(zh, en)));
            }
            Some(HomeRegion::Abroad(c)) => parts.push(format!("{}{c}", l.t("来自", "from "))),
            None => parts.push(l.t("未填写出发地", "home not given").to_string()),
        }
        if let Some(a) = self.visitor.age {
            parts.push(format!("{a}{}", l.t("岁", " years")));
        }
        if self.visitor.student {
            parts.push(l.t("学生", "student").to_string());
        }
        parts.join(l.t("，", ", "))
    }

    /// Renders `page` (an askama template) and sets the cookies this visit remembers.
    pub fn respond(self, page: impl Template) -> Response {
        self.respond_with(StatusCode::OK, page)
    }

    pub fn respond_with(self, status: StatusCode, page: impl Template) -> Response {
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => crate::problem::Problem::internal(&e).into_response(),
        };
        for c in self.cookies {
            if let Ok(v) = HeaderValue::from_str(&c) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        response
    }
}

/// `a=1&b=x%20y`: form-style percent encoding.
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The city's local time now. The time zone comes from the city data; should the system have no
/// time-zone database, China's fixed UTC+8 is used (no daylight saving since 1991).
pub fn now_local(time_zone: &str) -> DateTime {
    let now = jiff::Timestamp::now();
    match jiff::tz::TimeZone::get(time_zone) {
        Ok(tz) => now.to_zoned_datetime(tz).datetime(),
        Err(_) => now
            .to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
            .datetime(),
    }
}

/// `?date=YYYY-MM-DD`, else today; a bad date (or one outside the service's range) is a notice
/// and today is used.
pub fn chosen_date(visit: &mut Visit, today: Date) -> Date {
    match visit
        .param("date")
        .map(|d| (d.to_string(), wenlv_domain::parse_date(d)))
    {
        Some((_, Ok(d))) => d,
        Some((text, Err(why))) => {
            // The notice already shows the value; the format error needs no second copy.
            let why = match why {
                wenlv_domain::DateError::Format(_) => "expected a date YYYY-MM-DD".to_string(),
                other => other.to_string(),
            };
            visit.notices.push(format!(
                "date={:?}: {why}",
                wenlv_domain::civil::clip(&text, wenlv_domain::civil::MAX_ECHO_CHARS)
            ));
            today
        }
        None => today,
    }
}

/// What every page's frame needs: language, title, which nav item is current, assets.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub nav: &'static str,
    pub switch_href: String,
    pub notices: Vec<String>,
    pub css: String,
    pub leaflet_css: String,
    pub leaflet_js: String,
    pub map_js: String,
    /// Whether the page draws a map (loads Leaflet).
    pub map: bool,
    /// The visitor profile, for the profile form.
    pub profile: ProfileForm,
}

/// The profile form's current values and the query pairs it must keep.
pub struct ProfileForm {
    pub home: String,
    pub age: String,
    pub student: bool,
    pub summary: String,
    pub keep: Vec<(String, String)>,
    /// (code, name) of the province-level divisions, for the home select.
    pub provinces: Vec<(String, &'static str)>,
}

impl Chrome {
    pub fn new(visit: &Visit, title: String, nav: &'static str, map: bool) -> Chrome {
        Chrome {
            lang: visit.lang,
            title,
            nav,
            switch_href: visit.switch_href(),
            // A notice repeats what the visitor typed: a long value comes back cut.
            notices: visit
                .notices
                .iter()
                .map(|n| {
                    wenlv_domain::civil::clip(n, 2 * wenlv_domain::civil::MAX_ECHO_CHARS)
                        .into_owned()
                })
                .collect(),
            css: crate::assets::url("app.css"),
            leaflet_css: crate::assets::url("leaflet/leaflet.css"),
            leaflet_js: crate::assets::url("leaflet/leaflet.js"),
            map_js: crate::assets::url("map.js"),
            map,
            profile: ProfileForm {
                home: visit.home_code(),
                age: visit.age_text(),
                student: visit.visitor.student,
                summary: visit.profile_summary(),
                keep: visit
                    .query
                    .iter()
                    .filter(|(k, _)| {
                        !["home", "age", "student", "profile", "lang"].contains(&k.as_str())
                    })
                    .cloned()
                    .collect(),
                provinces: wenlv_domain::region::PROVINCES
                    .iter()
                    .map(|(code, zh, en)| (format!("{code}0000"), visit.lang.t(zh, en)))
                    .collect(),
            },
        }
    }

    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.t(zh, en)
    }

    /// `aria-current="page"` for the current nav item.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav { "page" } else { "false" }
    }
}

/// A page that says what went wrong (unknown place or route).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub c: Chrome,
    pub heading: String,
    pub message: String,
}

pub fn not_found(visit: Visit, message: String) -> Response {
    let l = visit.lang;
    let page = ErrorPage {
        c: Chrome::new(&visit, l.t("未找到", "Not found").to_string(), "", false),
        heading: l.t("未找到", "Not found").to_string(),
        message,
    };
    visit.respond_with(StatusCode::NOT_FOUND, page)
}

/// `hh:mm` for minutes after midnight.
pub fn hhmm(minutes: u32) -> String {
    wenlv_planner::timeline::hh_mm(minutes)
}

/// Minutes after midnight of `date` for a civil date-time (past midnight counts on).
pub fn minutes_on(date: Date, at: DateTime) -> u32 {
    let days = (at.date() - date).get_days().max(0) as u32;
    days * 24 * 60 + at.hour() as u32 * 60 + at.minute() as u32
}

/// Groups query pairs by name (for multi-value filters).
pub fn query_map(visit: &Visit) -> BTreeMap<&str, &str> {
    visit
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(path: &str) -> Visit {
        Visit {
            lang: Lang::Zh,
            visitor: Visitor::default(),
            path: link_path(path),
            query: vec![("theme".into(), "food".into())],
            notices: vec![],
            cookies: vec![],
        }
    }

    /// However the request path starts, a link built from it is a path on this server: one `/`,
    /// never `//host` or `/\host` (which a browser reads as another host).
    #[test]
    fn links_from_the_request_path_stay_on_this_server() {
        for (path, expected) in [
            ("/places", "/places"),
            ("/", "/"),
            ("", "/"),
            ("//evil.example/x", "/evil.example/x"),
            ("///evil.example", "/evil.example"),
            ("/\\evil.example", "/evil.example"),
            ("\\\\evil.example", "/evil.example"),
            ("/\t/evil.example", "/evil.example"),
            ("/places//x", "/places//x"),
            ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
        ] {
            assert_eq!(link_path(path), expected, "{path:?}");
            let href = visit(path).switch_href();
            assert!(href.starts_with('/'), "{href}");
            assert!(
                !href.starts_with("//") && !href.starts_with("/\\"),
                "{href}"
            );
            assert_eq!(href, format!("{expected}?theme=food&lang=en"));
        }
    }
}
