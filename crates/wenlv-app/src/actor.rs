//! Who is acting, and what they may do: one decision, made here for the web and the command
//! line alike. Nothing is allowed unless a rule below allows it.

use std::fmt;

/// A bureau unit (a department or district government) that reports on its own items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitId(pub String);

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Anyone on the public pages or API, not signed in.
    Visitor,
    /// A signed-in bureau reader: reads the bureau's side, changes nothing.
    Viewer { user: String },
    /// A unit's reporter: reports on items and projects of its unit, reads like a viewer.
    Reporter { user: String, unit: UnitId },
    /// Leading group and working-group staff: read everything, edit the catalogue and plans.
    Staff { user: String },
    /// Users, units, roles, tokens and settings.
    Admin { user: String },
    /// Whoever runs the `wenlv` command on the server: they hold the database file or URL
    /// already, so the command line acts with every right (and says so in the audit trail).
    Operator,
}

impl Actor {
    /// Who acts, as the audit log names them: the user (or `token:NAME` for an API token), the
    /// command line's system user for the operator, `visitor` for an anonymous caller.
    pub fn name(&self) -> &str {
        match self {
            Actor::Visitor => "visitor",
            Actor::Viewer { user }
            | Actor::Reporter { user, .. }
            | Actor::Staff { user }
            | Actor::Admin { user } => user,
            Actor::Operator => wenlv_store::CLI_USER,
        }
    }

    /// The role's name as logs and messages show it.
    pub fn role(&self) -> &'static str {
        match self {
            Actor::Visitor => "visitor",
            Actor::Viewer { .. } => "viewer",
            Actor::Reporter { .. } => "reporter",
            Actor::Staff { .. } => "staff",
            Actor::Admin { .. } => "admin",
            Actor::Operator => "operator",
        }
    }
}

/// Everything an actor can ask the application to do. A new use case adds its action here and
/// a line in [`Actor::may`]; the compiler then asks every match to decide on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the public catalogue: places, hours, calendars, offers, routes, stations.
    ReadCatalogue,
    /// Price a visit (quotes).
    Quote,
    /// Plan a trip, or check a visitor's own order of stops.
    Plan,
    /// Open the bureau's side (`/bureau/`): every signed-in role.
    OpenBureau,
    /// Read the audit log: staff and admins.
    ReadAudit,
    /// List, add, disable users and reset their passwords: admins.
    ManageUsers,
    /// Create, list and revoke API tokens: admins.
    ManageTokens,
    /// Generate the year's dispatch-meeting calendar.
    ScheduleMeetings,
    /// Import and edit the key-project library.
    ManageProjects,
    /// Read the operational metrics (`GET /metrics`): staff and admins (and, by
    /// [`Actor::check_metrics`], a direct caller on the server's own machine).
    ReadMetrics,
    /// Import a plan's task book (create or update its tree): staff and admins.
    ImportTaskBook,
    /// Read a plan's items and their status: every signed-in bureau role, never the public.
    ReadPlanItems,
    /// Report progress on items: staff; a reporter on its own unit's items (checked per item).
    ReportProgress,
}

impl Action {
    /// Every action, for tests that walk them all.
    pub const ALL: [Action; 13] = [
        Action::ReadCatalogue,
        Action::Quote,
        Action::Plan,
        Action::OpenBureau,
        Action::ReadAudit,
        Action::ManageUsers,
        Action::ManageTokens,
        Action::ScheduleMeetings,
        Action::ManageProjects,
        Action::ReadMetrics,
        Action::ImportTaskBook,
        Action::ReadPlanItems,
        Action::ReportProgress,
    ];
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::ReadCatalogue => "read the catalogue",
            Action::Quote => "price a visit",
            Action::Plan => "plan a trip",
            Action::OpenBureau => "open the bureau's pages",
            Action::ReadAudit => "read the audit log",
            Action::ManageUsers => "manage users",
            Action::ManageTokens => "manage API tokens",
            Action::ScheduleMeetings => "schedule dispatch meetings",
            Action::ManageProjects => "manage the project library",
            Action::ReadMetrics => "read the metrics",
            Action::ImportTaskBook => "import a task book",
            Action::ReadPlanItems => "read a plan's items",
            Action::ReportProgress => "report progress",
        })
    }
}

/// An action refused to an actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {role} may not {action}")]
pub struct Denied {
    pub role: &'static str,
    pub action: Action,
    /// Whether signing in could help (the actor is an anonymous visitor).
    pub sign_in_may_help: bool,
}

impl Actor {
    /// Whether this actor may do `action`.
    pub fn may(&self, action: Action) -> bool {
        match action {
            // The visitor side is public for everyone.
            Action::ReadCatalogue | Action::Quote | Action::Plan => true,
            Action::OpenBureau | Action::ReadPlanItems => !matches!(self, Actor::Visitor),
            Action::ImportTaskBook => matches!(
                self,
                Actor::Staff { .. } | Actor::Admin { .. } | Actor::Operator
            ),
            // A reporter only on its unit's items: the use case checks each item.
            Action::ReportProgress => matches!(
                self,
                Actor::Reporter { .. } | Actor::Staff { .. } | Actor::Operator
            ),
            Action::ReadAudit
            | Action::ScheduleMeetings
            | Action::ManageProjects
            | Action::ReadMetrics => matches!(
                self,
                Actor::Staff { .. } | Actor::Admin { .. } | Actor::Operator
            ),
            Action::ManageUsers | Action::ManageTokens => {
                matches!(self, Actor::Admin { .. } | Actor::Operator)
            }
        }
    }

    /// Whether this actor may read the metrics: with [`Action::ReadMetrics`], or as a direct
    /// caller on the server's own machine (`local`: a loopback connection that no proxy
    /// forwarded, such as a Prometheus on the same host).
    pub fn check_metrics(&self, local: bool) -> Result<(), Denied> {
        if local {
            Ok(())
        } else {
            self.check(Action::ReadMetrics)
        }
    }

    /// `Ok` when allowed, else why not.
    pub fn check(&self, action: Action) -> Result<(), Denied> {
        if self.may(action) {
            Ok(())
        } else {
            Err(Denied {
                role: self.role(),
                action,
                sign_in_may_help: *self == Actor::Visitor,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Who may do what, written out once: a new action must be added here to pass.
    #[test]
    fn the_rights_of_each_role() {
        let expect = |action: Action| -> &'static [&'static str] {
            match action {
                Action::ReadCatalogue | Action::Quote | Action::Plan => &[
                    "visitor", "viewer", "reporter", "staff", "admin", "operator",
                ],
                Action::OpenBureau | Action::ReadPlanItems => {
                    &["viewer", "reporter", "staff", "admin", "operator"]
                }
                Action::ImportTaskBook => &["staff", "admin", "operator"],
                Action::ReportProgress => &["reporter", "staff", "operator"],
                Action::ReadAudit
                | Action::ScheduleMeetings
                | Action::ManageProjects
                | Action::ReadMetrics => &["staff", "admin", "operator"],
                Action::ManageUsers | Action::ManageTokens => &["admin", "operator"],
            }
        };
        let actors = [
            Actor::Visitor,
            Actor::Viewer { user: "v".into() },
            Actor::Reporter {
                user: "r".into(),
                unit: UnitId("u".into()),
            },
            Actor::Staff { user: "s".into() },
            Actor::Admin { user: "a".into() },
            Actor::Operator,
        ];
        for action in Action::ALL {
            for actor in &actors {
                let allowed = expect(action).contains(&actor.role());
                assert_eq!(actor.may(action), allowed, "{} {action}", actor.role());
                let denied = actor.check(action).err();
                assert_eq!(denied.is_none(), allowed);
                if let Some(d) = denied {
                    assert_eq!(d.sign_in_may_help, *actor == Actor::Visitor);
                }
            }
        }
    }

    #[test]
    fn metrics_are_for_staff_or_a_local_caller() {
        assert!(Actor::Visitor.check_metrics(true).is_ok());
        assert!(Actor::Visitor.check_metrics(false).is_err());
        let viewer = Actor::Viewer { user: "v".into() };
        assert!(viewer.check_metrics(false).is_err());
        assert!(
            Actor::Staff { user: "s".into() }
                .check_metrics(false)
                .is_ok()
        );
    }

    #[test]
    fn the_visitor_side_is_public() {
        for actor in [
            Actor::Visitor,
            Actor::Viewer { user: "v".into() },
            Actor::Reporter {
                user: "r".into(),
                unit: UnitId("u".into()),
            },
            Actor::Staff { user: "s".into() },
            Actor::Admin { user: "a".into() },
            Actor::Operator,
        ] {
            for action in [Action::ReadCatalogue, Action::Quote, Action::Plan] {
                assert!(actor.check(action).is_ok(), "{} {action}", actor.role());
            }
        }
    }
}
