//! Stations: where visitors arrive (railway station, airport, coach station) and so where a day
//! often starts or ends. Not catalogue places (nobody visits them for their own sake), but the
//! planner accepts one as a start or end point.
//!
//! A station's position is a sourced fact like any place's: a station whose position no source
//! gives is still listed (so the visitor sees it exists) but cannot be planned from.

use crate::data_file::{self, DataFileError};
use crate::{PlaceId, Position};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What kind of station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StationKind {
    Railway,
    Airport,
    Coach,
}

impl StationKind {
    /// The kind in the page's language.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (StationKind::Railway, true) => "火车站",
            (StationKind::Railway, false) => "Railway station",
            (StationKind::Airport, true) => "机场",
            (StationKind::Airport, false) => "Airport",
            (StationKind::Coach, true) => "汽车站",
            (StationKind::Coach, false) => "Coach station",
        }
    }
}

/// A station, as the data file describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Station {
    pub id: PlaceId,
    pub kind: StationKind,
    pub name_zh: String,
    pub name_en: String,
    /// WGS-84; `None` when no source gives it.
    pub position: Option<Position>,
    /// Where it is in words (and why the position is unknown, when it is).
    pub position_note_en: String,
    pub position_note_zh: String,
    /// Where the facts come from.
    pub sources: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationsFile {
    #[serde(default)]
    station: Vec<StationRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationRecord {
    id: String,
    kind: StationKind,
    name_zh: String,
    name_en: String,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(default)]
    position_note_en: String,
    #[serde(default)]
    position_note_zh: String,
    sources: String,
}

/// Reads a stations TOML file's text, reporting every problem (bad or repeated ids, a latitude
/// without a longitude, out-of-range coordinates, missing names or sources), not just the first.
pub fn parse_stations(file: &str, text: &str) -> Result<Vec<Station>, Vec<DataFileError>> {
    let parsed: StationsFile =
        toml::from_str(text).map_err(|e| vec![DataFileError::toml(file, "station", &e)])?;
    let mut errors = Vec::new();
    let mut ids = BTreeSet::new();
    let mut stations = Vec::new();
    for r in parsed.station {
        let mut err = |field: &str, reason: String| {
            data_file::push(&mut errors, file, "station", &r.id, field, reason)
        };
        let id = PlaceId::parse(&r.id)
            .map_err(|e| err("id", e.to_string()))
            .ok();
        if !ids.insert(r.id.clone()) {
            err("id", "the id is used by an earlier station".into());
        }
        if r.name_zh.trim().is_empty() || r.name_en.trim().is_empty() {
            err("name", "both name_zh and name_en are required".into());
        }
        if r.sources.trim().is_empty() {
            err("sources", "say where the station's facts come from".into());
        }
        let position = match (r.lat, r.lon) {
            (Some(lat), Some(lon)) => Position::new(lat, lon)
                .map_err(|e| err("lat/lon", e.to_string()))
                .ok(),
            (None, None) => {
                if r.position_note_en.trim().is_empty() {
                    err(
                        "position_note_en",
                        "a station without lat/lon needs a note saying where it is".into(),
                    );
                }
                None
            }
            _ => {
                err("lat/lon", "give both lat and lon, or neither".into());
                None
            }
        };
        if let Some(id) = id {
            stations.push(Station {
                id,
                kind: r.kind,
                name_zh: r.name_zh,
                name_en: r.name_en,
                position,
                position_note_en: r.position_note_en,
                position_note_zh: r.position_note_zh,
                sources: r.sources,
            });
        }
    }
    if errors.is_empty() {
        Ok(stations)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"
[[station]]
id = "airport"
kind = "airport"
name_zh = "机场"
name_en = "Airport"
lat = 36.5
lon = 102.0
sources = "a list"

[[station]]
id = "railway"
kind = "railway"
name_zh = "火车站"
name_en = "Railway station"
position_note_en = "On Jianguo Road"
sources = "an encyclopedia"
"#;

    #[test]
    fn reads_stations_with_and_without_a_position() {
        let s = parse_stations("s.toml", TWO).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].kind, StationKind::Airport);
        assert_eq!(
            s[0].position,
            Some(Position {
                lat: 36.5,
                lon: 102.0
            })
        );
        assert_eq!(s[1].position, None);
        assert_eq!(s[1].position_note_en, "On Jianguo Road");
    }

    #[test]
    fn reports_every_problem_with_station_and_field() {
        let text = r#"
[[station]]
id = "Bad Id"
kind = "railway"
name_zh = ""
name_en = "X"
lat = 36.5
sources = "s"

[[station]]
id = "far"
kind = "coach"
name_zh = "远"
name_en = "Far"
lat = 136.5
lon = 102.0
sources = ""

[[station]]
id = "far"
kind = "coach"
name_zh = "远"
name_en = "Far"
sources = "s"
"#;
        let errors = parse_stations("s.toml", text).unwrap_err();
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expect = [
            "s.toml: station 'Bad Id', field 'id':",
            "s.toml: station 'Bad Id', field 'name': both name_zh and name_en are required",
            "s.toml: station 'Bad Id', field 'lat/lon': give both lat and lon, or neither",
            "s.toml: station 'far', field 'sources':",
            "s.toml: station 'far', field 'lat/lon': latitude 136.5 is out of range",
            "s.toml: station 'far', field 'id': the id is used by an earlier station",
            "s.toml: station 'far', field 'position_note_en':",
        ];
        assert_eq!(lines.len(), expect.len(), "{lines:#?}");
        for (line, want) in lines.iter().zip(expect) {
            assert!(line.starts_with(want), "{line} should start with {want}");
        }
    }

    #[test]
    fn an_unknown_kind_or_field_is_a_toml_error() {
        let e =
            parse_stations("s.toml", "[[station]]\nid = \"a\"\nkind = \"ferry\"\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "toml");
        assert!(e[0].to_string().contains("ferry"), "{}", e[0]);
    }
}
