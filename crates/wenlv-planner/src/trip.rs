//! A trip as travellers make it: an arrival (a station, place or point, at a time on the first
//! date), a lodging where every night is spent, and a departure (a station, place or point, at a
//! time on the last date, reached a buffer before it).
//!
//! Each date becomes one tour of the solver with its own start, end and time window:
//! - the arrival day starts at the arrival, not before the arrival time (nor before `day_start`);
//! - every other day starts at the lodging (or the request's `start`);
//! - every day but the last ends at the lodging (or the request's `end`, else `start`);
//! - the last day ends at the departure, reached by the departure time minus the buffer. When that
//!   is earlier than `day_start`, the day leaves the lodging just in time to get there.
//!
//! Without arrival, lodging and departure a request means what it always meant: every day from
//! `start` to `end` between `day_start` and `day_end`.
//!
//! Default buffers (an assumption, adjustable with `buffer_minutes`): 90 minutes before a flight
//! (check-in and security at a domestic airport), 30 minutes before a train or coach (ticket and
//! security checks at Chinese stations), and none for a place or a point (the time is when the
//! visitor must be there).

use crate::plan::{Endpoint, RequestError, Stand, bad, parse_clock};
use crate::travel::Mode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use wenlv_domain::{Station, StationKind};

/// Default minutes at an airport before the flight.
pub const AIRPORT_BUFFER_MINUTES: u32 = 90;
/// Default minutes at a railway or coach station before the departure.
pub const STATION_BUFFER_MINUTES: u32 = 30;
/// Default minutes before leaving from a place or a point.
pub const PLACE_BUFFER_MINUTES: u32 = 0;
/// The largest buffer a request may ask for (a whole day would leave nothing to plan).
pub const MAX_BUFFER_MINUTES: u32 = 600;

/// `"arrival": {"station" | "place" | "lat"+"lon", "time": "14:30"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrivalRequest {
    #[serde(default)]
    pub station: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// Arrival on the first date, "HH:MM".
    pub time: String,
}

/// `"lodging": {"place" | "lat"+"lon"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LodgingRequest {
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// `"departure": {"station" | "place" | "lat"+"lon", "time": "17:00", "buffer_minutes": 90}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartureRequest {
    #[serde(default)]
    pub station: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// Departure on the last date, "HH:MM".
    pub time: String,
    /// Minutes to be there before `time`; by default from the station's kind.
    #[serde(default)]
    pub buffer_minutes: Option<u32>,
}

/// Exactly one of station, place or lat+lon, as an [`Endpoint`], naming `field` when not.
pub(crate) fn one_endpoint(
    field: &str,
    station: Option<&String>,
    place: Option<&String>,
    lat: Option<f64>,
    lon: Option<f64>,
) -> Result<Endpoint, RequestError> {
    let point = match (lat, lon) {
        (Some(lat), Some(lon)) => Some(Endpoint::Point { lat, lon }),
        (None, None) => None,
        (Some(_), None) => return Err(bad(&format!("{field}.lon"), "required with lat")),
        (None, Some(_)) => return Err(bad(&format!("{field}.lat"), "required with lon")),
    };
    let given: Vec<Endpoint> = [
        station.map(|s| Endpoint::Station { station: s.clone() }),
        place.map(|p| Endpoint::Place { place: p.clone() }),
        point,
    ]
    .into_iter()
    .flatten()
    .collect();
    match <[Endpoint; 1]>::try_from(given) {
        Ok([e]) => Ok(e),
        Err(v) if v.is_empty() => Err(bad(field, "give a station, a place or lat and lon")),
        Err(_) => Err(bad(field, "give only one of station, place or lat and lon")),
    }
}

/// The default buffer before leaving from `endpoint`.
pub(crate) fn default_buffer(endpoint: &Endpoint, stations: &[Station]) -> u32 {
    match endpoint {
        Endpoint::Station { station } => match stations.iter().find(|s| s.id.as_str() == station) {
            Some(s) if s.kind == StationKind::Airport => AIRPORT_BUFFER_MINUTES,
            _ => STATION_BUFFER_MINUTES,
        },
        _ => PLACE_BUFFER_MINUTES,
    }
}

/// A day's start or end point and what it is to the traveller.
#[derive(Debug, Clone, PartialEq)]
pub struct Terminal {
    pub stand: Stand,
    pub role: Role,
}

/// What a day's start or end point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The request's `start`.
    Start,
    /// The request's `end` (or `start` again).
    End,
    Arrival,
    Lodging,
    Departure,
}

impl Role {
    /// How the role reads in a sentence ("no street route from the arrival").
    pub fn word(self) -> &'static str {
        match self {
            Role::Start => "start",
            Role::End => "end",
            Role::Arrival => "arrival",
            Role::Lodging => "lodging",
            Role::Departure => "departure",
        }
    }

    /// The request field that gives a terminal with this role.
    pub fn field(self) -> &'static str {
        match self {
            Role::Start => "start",
            // `end` defaults to `start`; it is still the end that cannot be reached.
            Role::End => "end",
            Role::Arrival => "arrival",
            Role::Lodging => "lodging",
            Role::Departure => "departure",
        }
    }
}

impl Terminal {
    /// How legs name this point: the place or station id, else the role.
    pub fn label(&self) -> String {
        self.stand.label(self.role.word())
    }
}

/// The trip's shape after validation: its terminals (solver vertices `0..terminals.len()`) and
/// which of them each day starts and ends at.
#[derive(Debug, Clone, PartialEq)]
pub struct TripShape {
    pub terminals: Vec<Terminal>,
    /// Where the days start and end unless they are the arrival or departure day.
    pub home_start: Option<usize>,
    pub home_end: Option<usize>,
    /// The arrival terminal and time (minutes after midnight on the first date).
    pub arrival: Option<(usize, u32)>,
    /// The departure terminal, time and buffer on the last date.
    pub departure: Option<(usize, u32, u32)>,
}

/// One day as the solver sees it: start and end terminals, leave the start at `depart`, reach the
/// end by `latest_back`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub start: usize,
    pub end: usize,
    pub depart: u32,
    pub latest_back: u32,
}

impl TripShape {
    /// The day frame of each of `dates` (any order; the arrival is on the earliest, the departure
    /// on the latest), given `minutes(from, to)` between terminals with `mode`: `None` when there
    /// is no route, which makes a day whose end cannot be reached from its start a bad request
    /// naming the end's field (`lodging`, `departure`, `end`).
    pub fn frames(
        &self,
        dates: &[Date],
        day_start: u32,
        day_end: u32,
        mode: Mode,
        minutes: &dyn Fn(usize, usize) -> Option<u32>,
    ) -> Result<Vec<Frame>, RequestError> {
        let first = dates.iter().min().copied();
        let last = dates.iter().max().copied();
        let mut out = Vec::with_capacity(dates.len());
        for &date in dates {
            let arrival = self.arrival.filter(|_| Some(date) == first);
            let departure = self.departure.filter(|_| Some(date) == last);
            let start = match arrival {
                Some((t, _)) => t,
                None => self.home_start.ok_or_else(|| {
                    bad(
                        "lodging",
                        format!("required: where does the day of {date} start?"),
                    )
                })?,
            };
            let end = match departure {
                Some((t, _, _)) => t,
                None => self.home_end.ok_or_else(|| {
                    bad(
                        "lodging",
                        format!("required: where does the day of {date} end?"),
                    )
                })?,
            };
            let travel = minutes(start, end).ok_or_else(|| {
                let (from, to) = (self.terminals[start].role, self.terminals[end].role);
                bad(
                    to.field(),
                    format!(
                        "no street route from the {} to the {} {}",
                        from.word(),
                        to.word(),
                        crate::reasons::by(mode)
                    ),
                )
            })?;
            let mut depart = day_start;
            let mut latest_back = day_end;
            if let Some((_, time)) = arrival {
                depart = depart.max(time);
                // Arriving after the day's end still has to reach the lodging.
                latest_back = latest_back.max(depart + travel);
            }
            if let Some((_, time, buffer)) = departure {
                let by = time.checked_sub(buffer).ok_or_else(|| {
                    bad(
                        "departure.buffer_minutes",
                        format!("{buffer} minutes before {} is before midnight", hh(time)),
                    )
                })?;
                latest_back = by;
                if depart + travel > by {
                    if arrival.is_some() {
                        return Err(bad(
                            "departure.time",
                            format!(
                                "arriving at {} and {travel} min to the departure point, it cannot be reached by {} ({} minus {buffer} min)",
                                hh(depart),
                                hh(by),
                                hh(time)
                            ),
                        ));
                    }
                    // Leave the lodging just in time.
                    depart = by.checked_sub(travel).ok_or_else(|| {
                        bad(
                            "departure.time",
                            format!(
                                "{travel} min to the departure point do not fit before {}",
                                hh(by)
                            ),
                        )
                    })?;
                }
            }
            // A day must at least get from its start to its end: else no tour exists (the
            // solver takes feasible empty tours as given).
            if depart + travel > latest_back {
                let (from, to) = (self.terminals[start].role, self.terminals[end].role);
                return Err(bad(
                    to.field(),
                    format!(
                        "the {} is {travel} minutes from the {} ({}), more than the day from {} to {}",
                        to.word(),
                        from.word(),
                        match mode {
                            Mode::Walk => "walking",
                            Mode::Drive => "driving",
                        },
                        hh(depart),
                        hh(latest_back)
                    ),
                ));
            }
            out.push(Frame {
                start,
                end,
                depart,
                latest_back,
            });
        }
        Ok(out)
    }
}

fn hh(minutes: u32) -> String {
    crate::timeline::hh_mm(minutes)
}

/// Reads the arrival, lodging and departure of a request into the trip's shape, with `start`
/// and `end` (today's meaning) as the home when there is no lodging.
pub(crate) fn shape(
    start: Option<Stand>,
    end: Option<Stand>,
    arrival: Option<(Stand, u32)>,
    lodging: Option<Stand>,
    departure: Option<(Stand, u32, u32)>,
) -> TripShape {
    let mut terminals = Vec::new();
    let mut push = |stand: Stand, role: Role| {
        terminals.push(Terminal { stand, role });
        terminals.len() - 1
    };
    let (home_start, home_end) = match (lodging, start) {
        (Some(l), _) => (
            Some(push(l.clone(), Role::Lodging)),
            Some(push(l, Role::Lodging)),
        ),
        (None, Some(s)) => {
            let e = end.unwrap_or_else(|| s.clone());
            (Some(push(s, Role::Start)), Some(push(e, Role::End)))
        }
        (None, None) => (None, None),
    };
    let arrival = arrival.map(|(s, t)| (push(s, Role::Arrival), t));
    let departure = departure.map(|(s, t, b)| (push(s, Role::Departure), t, b));
    TripShape {
        terminals,
        home_start,
        home_end,
        arrival,
        departure,
    }
}

/// Reads `time` of `field` ("arrival", "departure").
pub(crate) fn time_of(field: &str, text: &str) -> Result<u32, RequestError> {
    parse_clock(&format!("{field}.time"), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wenlv_domain::{PlaceId, Position};

    fn station(id: &str, kind: StationKind) -> Station {
        Station {
            id: PlaceId::parse(id).unwrap(),
            kind,
            name_zh: String::new(),
            name_en: String::new(),
            position: Some(Position {
                lat: 36.6,
                lon: 101.7,
            }),
            position_note_en: String::new(),
            position_note_zh: String::new(),
            sources: String::new(),
        }
    }

    #[test]
    fn default_buffers_by_kind() {
        let stations = [
            station("airport", StationKind::Airport),
            station("railway", StationKind::Railway),
            station("coach", StationKind::Coach),
        ];
        let at = |s: &str| Endpoint::Station { station: s.into() };
        assert_eq!(default_buffer(&at("airport"), &stations), 90);
        assert_eq!(default_buffer(&at("railway"), &stations), 30);
        assert_eq!(default_buffer(&at("coach"), &stations), 30);
        let point = Endpoint::Point {
            lat: 36.6,
            lon: 101.7,
        };
        assert_eq!(default_buffer(&point, &stations), 0);
    }
}
