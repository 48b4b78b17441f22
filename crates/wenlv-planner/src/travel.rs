//! Travel times between points, behind one interface so a routing engine can replace the
//! embedded default.
//!
//! The default, [`StraightLine`], needs no network: great-circle distance × a detour factor (city
//! streets are not straight) ÷ a speed per mode, plus a fixed overhead for driving (finding the car
//! and parking). The defaults are documented on the fields and can be tuned per deployment.

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
    /// Average driving speed in metres per minute (400 = 24 km/h, urban traffic with lights).
    pub drive_m_per_min: f64,
    /// Fixed minutes added to every driven leg: walking to the car, parking.
    pub drive_overhead_min: f64,
}

impl Default for StraightLine {
    fn default() -> StraightLine {
        StraightLine {
            detour_factor: 1.3,
            walk_m_per_min: 75.0,
            drive_m_per_min: 400.0,
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
            Mode::Drive => meters / self.drive_m_per_min + self.drive_overhead_min,
        };
        Leg {
            meters: meters.round() as u32,
            seconds: (minutes * 60.0).ceil() as u32,
        }
    }
}

impl StraightLine {
    /// What an itinerary planned on these estimates says about them.
    pub fn describe(&self, mode: Mode) -> String {
        match mode {
            Mode::Walk => format!(
                "straight-line distance × {} at {} m/min walking",
                self.detour_factor, self.walk_m_per_min
            ),
            Mode::Drive => format!(
                "straight-line distance × {} at {} m/min driving, plus {} min per leg to park",
                self.detour_factor, self.drive_m_per_min, self.drive_overhead_min
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
