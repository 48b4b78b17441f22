//! Who may call each route: one table, [`ROUTES`], with an entry per method and path of the
//! router. Deny unless allowed: a route is public only when its entry says so, and the router
//! refuses to build with a path that has no entry ([`listed`]), so a new route cannot slip in
//! without a decision. The web tests walk this table with every role (`tests/it/access.rs`).
//!
//! The entry records the decision; the handler enforces it through the application layer
//! (`wenlv_app::Actor::check` on the [`Action`]), so the table and the code cannot disagree
//! without the matrix test failing.

use wenlv_app::Action;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, anonymously: the visitor pages, the public API, assets, the sign-in form.
    Public,
    /// Whoever may do this action (decided by `wenlv_app::Actor::may`).
    Needs(Action),
}

/// What answers a route gives a caller who is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON API: 401 / 403 problem+json.
    Api,
    /// An HTML page: a visitor is sent to the sign-in page (303), a signed-in user who may not
    /// gets a 403 page.
    Page,
    /// A form post: like a page, and it must carry its CSRF token.
    Form,
}

/// One route of the router and who may call it.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    /// The path as registered with the router (`{id}` for a segment).
    pub path: &'static str,
    pub kind: Kind,
    pub access: Access,
}

const fn public(method: &'static str, path: &'static str, kind: Kind) -> Route {
    Route {
        method,
        path,
        kind,
        access: Access::Public,
    }
}

const fn needs(method: &'static str, path: &'static str, kind: Kind, action: Action) -> Route {
    Route {
        method,
        path,
        kind,
        access: Access::Needs(action),
    }
}

/// Every route of the router.
pub const ROUTES: &[Route] = &[
    // The public API: unchanged for anonymous callers.
    public("GET", "/api/places", Kind::Api),
    public("GET", "/api/places.geojson", Kind::Api),
    public("GET", "/api/places/{id}", Kind::Api),
    public("GET", "/api/places/{id}/hours", Kind::Api),
    public("GET", "/api/places/{id}/week", Kind::Api),
    public("GET", "/api/calendar", Kind::Api),
    public("GET", "/api/offers", Kind::Api),
    public("POST", "/api/quotes", Kind::Api),
    public("GET", "/api/routes", Kind::Api),
    public("GET", "/api/routes/{id}", Kind::Api),
    public("GET", "/api/stations", Kind::Api),
    // Probes for load balancers: liveness and readiness say nothing about the data.
    public("GET", "/healthz", Kind::Api),
    public("GET", "/readyz", Kind::Api),
    // Metrics: staff, or a direct caller on the server's machine (see `metrics`).
    needs("GET", "/metrics", Kind::Api, Action::ReadMetrics),
    public("GET", "/api/openapi.json", Kind::Api),
    public("GET", "/api/docs", Kind::Page),
    public("GET", "/assets/{*path}", Kind::Api),
    public("POST", "/api/itineraries", Kind::Api),
    public("POST", "/api/itineraries/check", Kind::Api),
    // The visitor pages.
    public("GET", "/", Kind::Page),
    public("GET", "/places", Kind::Page),
    public("GET", "/places/{id}", Kind::Page),
    public("GET", "/plan", Kind::Page),
    public("GET", "/routes", Kind::Page),
    public("GET", "/routes/{id}", Kind::Page),
    // Accounts and the audit log.
    needs("GET", "/api/users", Kind::Api, Action::ManageUsers),
    needs("GET", "/api/tokens", Kind::Api, Action::ManageTokens),
    needs("GET", "/api/audit", Kind::Api, Action::ReadAudit),
    needs("GET", "/api/audit.csv", Kind::Api, Action::ReadAudit),
    needs("GET", "/api/audit.xlsx", Kind::Api, Action::ReadAudit),
    // The bureau's records.
    needs("GET", "/api/meetings", Kind::Api, Action::OpenBureau),
    needs("GET", "/api/projects", Kind::Api, Action::OpenBureau),
    needs("GET", "/api/projects/totals", Kind::Api, Action::OpenBureau),
    // The battle map.
    needs(
        "GET",
        "/api/plans/{slug}/items",
        Kind::Api,
        Action::ReadPlanItems,
    ),
    needs(
        "POST",
        "/api/plans/{slug}/items/{code}/reports",
        Kind::Api,
        Action::ReportProgress,
    ),
    needs("GET", "/bureau/plans", Kind::Page, Action::ReadPlanItems),
    needs(
        "GET",
        "/bureau/plans/{slug}",
        Kind::Page,
        Action::ReadPlanItems,
    ),
    needs(
        "GET",
        "/bureau/plans/{slug}/missing.xlsx",
        Kind::Page,
        Action::ReadPlanItems,
    ),
    needs(
        "POST",
        "/bureau/plans/{slug}/items/{code}/reports",
        Kind::Form,
        Action::ReportProgress,
    ),
    // The bureau's pages.
    public("GET", "/bureau/sign-in", Kind::Page),
    // The first admin, through the one-time link printed on the first start (the code decides).
    public("GET", "/bureau/setup", Kind::Page),
    public("POST", "/bureau/setup", Kind::Form),
    public("POST", "/bureau/sign-in", Kind::Form),
    needs("POST", "/bureau/sign-out", Kind::Form, Action::OpenBureau),
    needs("GET", "/bureau/", Kind::Page, Action::OpenBureau),
    needs("GET", "/bureau/password", Kind::Page, Action::OpenBureau),
    needs("POST", "/bureau/password", Kind::Form, Action::OpenBureau),
    needs("GET", "/bureau/audit", Kind::Page, Action::ReadAudit),
    needs("GET", "/bureau/users", Kind::Page, Action::ManageUsers),
    needs("GET", "/bureau/projects", Kind::Page, Action::OpenBureau),
    needs("GET", "/bureau/meetings", Kind::Page, Action::OpenBureau),
    needs(
        "GET",
        "/bureau/meetings/{date}",
        Kind::Page,
        Action::OpenBureau,
    ),
    needs(
        "POST",
        "/bureau/users/{name}/disable",
        Kind::Form,
        Action::ManageUsers,
    ),
];

/// `path`, after checking that [`ROUTES`] has an entry for it: the router is built with every
/// path passed through this, so a route without a decision fails every test (and the start).
pub fn listed(path: &'static str) -> &'static str {
    assert!(
        ROUTES.iter().any(|r| r.path == path),
        "route {path} has no entry in wenlv_web::access::ROUTES: decide who may call it"
    );
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES {
            assert!(
                seen.insert((r.method, r.path)),
                "{} {} twice",
                r.method,
                r.path
            );
        }
    }

    #[test]
    #[should_panic(expected = "no entry")]
    fn an_unlisted_route_is_refused() {
        listed("/api/new-thing");
    }
}
