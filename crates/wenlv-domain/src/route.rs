//! Themed micro-tour routes ("citywalk 微游西宁"): curated, ordered stops through catalogue places,
//! published by the bureau for a season line.

use crate::data_file::{self, DataFileError};
use crate::{Place, PlaceId, Theme};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// When a route is offered: one of the bureau's two product lines, or all year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteSeason {
    WinterSpring,
    SummerAutumn,
    AllYear,
}

/// How a route is travelled between stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteMode {
    Walk,
    Drive,
}

/// One stop of a route and the suggested stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteStop {
    pub place: PlaceId,
    /// Suggested minutes at the stop.
    pub minutes: u32,
}

/// A themed route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub id: PlaceId,
    pub title_zh: String,
    pub title_en: String,
    pub theme: Theme,
    pub season_line: RouteSeason,
    pub mode: RouteMode,
    /// Suggested start, "HH:MM" local time.
    pub start: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub stops: Vec<RouteStop>,
}

impl Route {
    /// The suggested start in minutes after midnight.
    pub fn start_minutes(&self) -> Option<u32> {
        parse_hh_mm(&self.start)
    }
}

fn parse_hh_mm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutesFile {
    route: Vec<Route>,
}

/// Reads a routes TOML file's text and checks every route against the catalogue: unknown or
/// repeated places, duplicate ids, empty routes and bad times are all reported, not just the first.
pub fn parse_routes(
    file: &str,
    text: &str,
    places: &[Place],
) -> Result<Vec<Route>, Vec<DataFileError>> {
    let parsed: RoutesFile =
        toml::from_str(text).map_err(|e| vec![DataFileError::toml(file, "route", &e)])?;
    let known: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut errors = Vec::new();
    let mut ids = BTreeSet::new();
    for r in &parsed.route {
        let mut err = |field: &str, reason: String| {
            data_file::push(&mut errors, file, "route", r.id.as_str(), field, reason)
        };
        if !ids.insert(r.id.clone()) {
            err("id", "the id is used by an earlier route".into());
        }
        if r.title_zh.trim().is_empty() || r.title_en.trim().is_empty() {
            err("title", "both title_zh and title_en are required".into());
        }
        if r.start_minutes().is_none() {
            err("start", format!("'{}' is not a time HH:MM", r.start));
        }
        if r.stops.len() < 2 {
            err("stops", "a route needs at least two stops".into());
        }
        let mut seen = BTreeSet::new();
        for (i, s) in r.stops.iter().enumerate() {
            let field = format!("stops[{}].place", i + 1);
            match known.get(s.place.as_str()) {
                None => err(
                    &field,
                    format!("'{}' is not a place in the catalogue", s.place),
                ),
                Some(p) if p.position.is_none() => err(
                    &field,
                    format!(
                        "'{}' has no known position, so it cannot be routed",
                        s.place
                    ),
                ),
                Some(_) => {}
            }
            if !seen.insert(&s.place) {
                err(&field, format!("'{}' appears twice", s.place));
            }
            if s.minutes == 0 || s.minutes > 12 * 60 {
                err(
                    &format!("stops[{}].minutes", i + 1),
                    format!("{} is not 1 to 720", s.minutes),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(parsed.route)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, Position};

    fn place(id: &str, positioned: bool) -> Place {
        Place {
            position: positioned.then_some(Position {
                lat: 36.6,
                lon: 101.7,
            }),
            ..Place::new(PlaceId::parse(id).unwrap(), "名", "Name", Category::Museum)
        }
    }

    const ONE: &str = r#"
[[route]]
id = "r1"
title_zh = "甲"
title_en = "A"
theme = "old_town"
season_line = "all_year"
mode = "walk"
start = "09:00"
summary_zh = ""
summary_en = ""
stops = [{ place = "a", minutes = 30 }, { place = "b", minutes = 45 }]
"#;

    #[test]
    fn reads_a_valid_route() {
        let routes = parse_routes("t.toml", ONE, &[place("a", true), place("b", true)]).unwrap();
        assert_eq!(routes.len(), 1);
        assert_eq!(routes[0].start_minutes(), Some(540));
        assert_eq!(routes[0].stops[1].minutes, 45);
    }

    #[test]
    fn reports_every_problem_with_file_route_and_field() {
        let text = ONE
            .replace("\"09:00\"", "\"9am\"")
            .replace("place = \"b\"", "place = \"zz\"");
        let errors = parse_routes("t.toml", &text, &[place("a", false)]).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].contains("t.toml: route 'r1', field 'start'"),
            "{}",
            shown[0]
        );
        assert!(shown[1].contains("stops[1].place") && shown[1].contains("no known position"));
        assert!(shown[2].contains("'zz' is not a place"));
    }

    #[test]
    fn unknown_theme_is_a_toml_error_naming_the_file() {
        let text = ONE.replace("old_town", "castles");
        let errors = parse_routes("t.toml", &text, &[]).unwrap_err();
        assert!(
            errors[0].to_string().starts_with("t.toml: toml:"),
            "{}",
            errors[0]
        );
        assert!(errors[0].to_string().contains("castles"));
    }
}
