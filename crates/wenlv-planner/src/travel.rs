//! Travel times between points, behind one interface so a routing engine can replace the
//! embedded default.
//!
//! The default, [`StraightLine`], needs no network: great-circle distance × a detour factor (city
//! streets are not straight) ÷ a speed per mode, plus a fixed overhead for driving (finding the car
//! and parking). Walking has one speed. Driving speed grows with distance, because a long trip
//! leaves the city streets for arterial roads and then an expressway: the first stretch of a leg is
//! driven at city-street speed, the next at arterial speed, the rest at expressway speed.
//!
//! **Assumption** (no routing engine at hand): the bands are 2 km at 20 km/h, the next 6 km at
//! 40 km/h, the rest at 80 km/h, plus 5 minutes to reach and park the car. Checked against a
//! published time: Xining Caojiabao airport ↔ the city centre is about 30 km and 35–40 minutes by
//! car on the airport expressway (airport and taxi guides); this model gives 39 minutes (test
//! `airport_to_city_centre_by_car_matches_published_times`). The defaults are documented on the
//! fields and can be tuned per deployment; a routing engine replaces them where configured.

use serde::{Deserialize, Serialize};
use wenlv_domain::Position;

/// How the visitor moves between places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Walk,
    Drive,
}

/// One leg: how far and how long, in whole metres and seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leg {
    pub meters: u32,
    pub seconds: u32,
}

impl Leg {
    /// Minutes as shown to people: rounded up, so a plan is never tighter than it says.
    pub fn minutes(self) -> u32 {
        self.seconds.div_ceil(60)
    }
}

/// Where a matrix's times come from: what an itinerary says as `travel_times`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelSource {
    /// A routing engine answered for every pair: times along real streets.
    Street,
    /// The straight-line estimate ([`StraightLine`]); the note says why (not configured, or the
    /// engine was down or slow).
    Estimated { note: String },
}

/// A full matrix of legs between `n` points, row = from, column = to (may be asymmetric).
/// A pair may have no leg at all: a routing engine found no route between them (a place reachable
/// on foot but not by car). Such a pair is never used as a leg.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelMatrix {
    n: usize,
    legs: Vec<Option<Leg>>,
    source: TravelSource,
}

impl TravelMatrix {
    /// Builds a matrix from a function of (from, to); the diagonal is zero. Estimated, with `note`.
    pub fn from_fn(n: usize, mut leg: impl FnMut(usize, usize) -> Leg) -> TravelMatrix {
        TravelMatrix::from_routes(
            n,
            |i, j| Some(leg(i, j)),
            TravelSource::Estimated {
                note: String::new(),
            },
        )
    }

    /// Builds a matrix where `leg(from, to)` is `None` when there is no route; the diagonal is zero.
    pub fn from_routes(
        n: usize,
        mut leg: impl FnMut(usize, usize) -> Option<Leg>,
        source: TravelSource,
    ) -> TravelMatrix {
        let mut legs = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                legs.push(if i == j {
                    Some(Leg {
                        meters: 0,
                        seconds: 0,
                    })
                } else {
                    leg(i, j)
                });
            }
        }
        TravelMatrix { n, legs, source }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The leg from one point to another, `None` when there is no route.
    pub fn leg(&self, from: usize, to: usize) -> Option<Leg> {
        self.legs[from * self.n + to]
    }

    /// Where the times come from.
    pub fn source(&self) -> &TravelSource {
        &self.source
    }

    /// The same legs, said to come from `source`.
    pub fn with_source(self, source: TravelSource) -> TravelMatrix {
        TravelMatrix { source, ..self }
    }

    /// The matrix between the points `keep` (indices into this one), in that order.
    pub fn select(&self, keep: &[usize]) -> TravelMatrix {
        let legs = keep
            .iter()
            .flat_map(|&i| keep.iter().map(move |&j| self.leg(i, j)))
            .collect();
        TravelMatrix {
            n: keep.len(),
            legs,
            source: self.source.clone(),
        }
    }
}

/// Why travel times could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TravelError {
    /// The provider (e.g. a routing engine) failed or is unreachable.
    #[error("travel-time provider failed: {0}")]
    Provider(String),
    /// The provider has no route between two points.
    #[error("no route from point {from} to point {to}")]
    NoRoute { from: usize, to: usize },
}

/// Anything that can give travel times between points.
pub trait TravelTimes: Send + Sync {
    /// The legs between every pair of `points` for `mode`.
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError>;
}

/// Great-circle distance × detour factor ÷ speed: the offline default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StraightLine {
    /// Street distance ÷ straight-line distance. 1.3 is the usual figure for city grids.
    pub detour_factor: f64,
    /// Walking speed in metres per minute (75 ≈ 4.5 km/h, an unhurried adult pace).
    pub walk_m_per_min: f64,
    /// Metres of a driven leg (after the detour factor) at city-street speed (2 000).
    pub drive_city_m: f64,
    /// City-street speed in metres per minute (333 ≈ 20 km/h: lights, junctions, traffic).
    pub drive_city_m_per_min: f64,
    /// Further metres at arterial-road speed, after the city stretch (6 000).
    pub drive_arterial_m: f64,
    /// Arterial-road speed in metres per minute (667 ≈ 40 km/h).
    pub drive_arterial_m_per_min: f64,
    /// Speed for the rest of a long leg (expressway, ring road), metres per minute (1 333 ≈ 80 km/h).
    pub drive_expressway_m_per_min: f64,
    /// Fixed minutes added to every driven leg: walking to the car, parking.
    pub drive_overhead_min: f64,
}

impl Default for StraightLine {
    fn default() -> StraightLine {
        StraightLine {
            detour_factor: 1.3,
            walk_m_per_min: 75.0,
            drive_city_m: 2_000.0,
            drive_city_m_per_min: 20_000.0 / 60.0,
            drive_arterial_m: 6_000.0,
            drive_arterial_m_per_min: 40_000.0 / 60.0,
            drive_expressway_m_per_min: 80_000.0 / 60.0,
            drive_overhead_min: 5.0,
        }
    }
}

impl StraightLine {
    /// The leg between two points.
    pub fn leg(&self, from: Position, to: Position, mode: Mode) -> Leg {
        let meters = from.distance_m(to) * self.detour_factor;
        let minutes = match mode {
            Mode::Walk => meters / self.walk_m_per_min,
            Mode::Drive => self.drive_minutes(meters),
        };
        Leg {
            meters: meters.round() as u32,
            seconds: (minutes * 60.0).ceil() as u32,
        }
    }
}

impl StraightLine {
    /// Minutes to drive `meters` of road: the city, arterial and expressway stretches, plus the
    /// fixed overhead.
    pub fn drive_minutes(&self, meters: f64) -> f64 {
        let city = meters.min(self.drive_city_m);
        let arterial = (meters - city).clamp(0.0, self.drive_arterial_m);
        let expressway = (meters - city - arterial).max(0.0);
        city / self.drive_city_m_per_min
            + arterial / self.drive_arterial_m_per_min
            + expressway / self.drive_expressway_m_per_min
            + self.drive_overhead_min
    }

    /// What an itinerary planned on these estimates says about them.
    pub fn describe(&self, mode: Mode) -> String {
        match mode {
            Mode::Walk => format!(
                "straight-line distance × {} at {} m/min walking",
                self.detour_factor, self.walk_m_per_min
            ),
            Mode::Drive => format!(
                "straight-line distance × {} driving at {:.0}, {:.0} and {:.0} m/min (city streets \
                 for the first {:.0} m, arterial roads for the next {:.0} m, expressways beyond), \
                 plus {} min per leg to park",
                self.detour_factor,
                self.drive_city_m_per_min,
                self.drive_arterial_m_per_min,
                self.drive_expressway_m_per_min,
                self.drive_city_m,
                self.drive_arterial_m,
                self.drive_overhead_min
            ),
        }
    }
}

impl TravelTimes for StraightLine {
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError> {
        let note = format!("no routing engine is configured: {}", self.describe(mode));
        Ok(TravelMatrix::from_routes(
            points.len(),
            |i, j| Some(self.leg(points[i], points[j], mode)),
            TravelSource::Estimated { note },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOSQUE: Position = Position {
        lat: 36.6154,
        lon: 101.7953,
    };
    const SHUIJING_LANE: Position = Position {
        lat: 36.618260,
        lon: 101.773889,
    };

    /// Dongguan Mosque → Shuijing Lane is about 1.9 km straight; walking takes ~30 minutes.
    #[test]
    fn walking_between_two_old_town_places() {
        let leg = StraightLine::default().leg(MOSQUE, SHUIJING_LANE, Mode::Walk);
        let straight = MOSQUE.distance_m(SHUIJING_LANE);
        assert!((1_850.0..2_000.0).contains(&straight), "{straight}");
        assert_eq!(leg.meters, (straight * 1.3).round() as u32);
        assert!((30..=36).contains(&leg.minutes()), "{}", leg.minutes());
    }

    #[test]
    fn driving_is_faster_over_distance_but_pays_an_overhead() {
        let s = StraightLine::default();
        let walk = s.leg(MOSQUE, SHUIJING_LANE, Mode::Walk);
        let drive = s.leg(MOSQUE, SHUIJING_LANE, Mode::Drive);
        assert!(drive.seconds < walk.seconds);
        let same = s.leg(MOSQUE, MOSQUE, Mode::Drive);
        assert_eq!(same.seconds, 300);
    }

    const AIRPORT: Position = Position {
        lat: 36.5275,
        lon: 102.043,
    };
    /// Central Square (中心广场), the city centre.
    const CENTRAL_SQUARE: Position = Position {
        lat: 36.6175,
        lon: 101.7780,
    };

    /// Published: the airport is about 30 km from the centre, 35–40 minutes by car on the airport
    /// expressway. A single city speed (the old model) said 97 minutes.
    #[test]
    fn airport_to_city_centre_by_car_matches_published_times() {
        let s = StraightLine::default();
        let leg = s.leg(AIRPORT, CENTRAL_SQUARE, Mode::Drive);
        assert!((28_000..36_000).contains(&leg.meters), "{}", leg.meters);
        assert!((35..=40).contains(&leg.minutes()), "{} min", leg.minutes());
        assert_eq!(leg, s.leg(CENTRAL_SQUARE, AIRPORT, Mode::Drive));
        // On foot it stays a day's walk.
        assert!(s.leg(AIRPORT, CENTRAL_SQUARE, Mode::Walk).minutes() > 7 * 60);
    }

    /// Speed grows with distance: minutes per kilometre fall as legs get longer, and time never
    /// falls as distance grows.
    #[test]
    fn driving_speed_grows_with_distance() {
        let s = StraightLine::default();
        let per_km = |m: f64| (s.drive_minutes(m) - s.drive_overhead_min) / (m / 1000.0);
        assert!(per_km(1_000.0) > per_km(5_000.0));
        assert!(per_km(5_000.0) > per_km(30_000.0));
        let mut last = 0.0;
        for km in 0..60 {
            let t = s.drive_minutes(f64::from(km) * 1000.0);
            assert!(t >= last, "{km} km: {t} < {last}");
            last = t;
        }
        // Inside the old town a short drive is city-street speed: 3 min per km.
        assert!((per_km(1_500.0) - 3.0).abs() < 1e-9);
    }

    /// The note an estimated itinerary carries names the speeds the estimate really uses: the
    /// distance bands for driving, not one speed.
    #[test]
    fn describe_names_the_distance_aware_driving_speeds() {
        let s = StraightLine {
            drive_city_m_per_min: 300.0,
            drive_arterial_m_per_min: 600.0,
            drive_expressway_m_per_min: 1_200.0,
            drive_city_m: 1_500.0,
            drive_arterial_m: 5_000.0,
            drive_overhead_min: 4.0,
            ..StraightLine::default()
        };
        assert_eq!(
            s.describe(Mode::Drive),
            "straight-line distance × 1.3 driving at 300, 600 and 1200 m/min (city streets for \
             the first 1500 m, arterial roads for the next 5000 m, expressways beyond), plus 4 \
             min per leg to park"
        );
        assert_eq!(
            s.describe(Mode::Walk),
            "straight-line distance × 1.3 at 75 m/min walking"
        );
        let d = StraightLine::default().describe(Mode::Drive);
        assert!(d.contains("at 333, 667 and 1333 m/min"), "{d}");
    }

    #[test]
    fn matrix_has_a_zero_diagonal_and_is_symmetric_for_straight_lines() {
        let m = StraightLine::default()
            .matrix(&[MOSQUE, SHUIJING_LANE], Mode::Drive)
            .unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(
            m.leg(0, 0),
            Some(Leg {
                meters: 0,
                seconds: 0
            })
        );
        assert_eq!(m.leg(0, 1), m.leg(1, 0));
        assert!(m.leg(0, 1).unwrap().seconds > 0);
        let TravelSource::Estimated { note } = m.source() else {
            panic!("straight lines are estimates")
        };
        assert!(note.contains("no routing engine"), "{note}");
    }

    #[test]
    fn select_keeps_the_chosen_points_in_order_and_missing_routes_stay_missing() {
        let leg = |s| Leg {
            meters: s,
            seconds: s,
        };
        let m = TravelMatrix::from_routes(
            3,
            |i, j| (i != 2).then(|| leg((10 * i + j) as u32)),
            TravelSource::Street,
        );
        assert_eq!(m.leg(2, 0), None);
        let sub = m.select(&[2, 1]);
        assert_eq!(sub.len(), 2);
        assert_eq!(sub.leg(0, 1), None);
        assert_eq!(sub.leg(1, 0), Some(leg(12)));
        assert_eq!(sub.source(), &TravelSource::Street);
    }
}
