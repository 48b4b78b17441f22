//! A day's timeline for a fixed order of stops: arrival, start and leave times, and what the order
//! breaks. This is the planner's check mode (a visitor's own order, or a curated route) and the
//! way an optimised tour is turned into clock times.
//!
//! Times are whole minutes after local midnight. A stop may be entered from `open` to
//! `latest_start` of one of its windows; `latest_start` already accounts for last admission and for
//! finishing the visit before closing.

use serde::Serialize;

/// One opening window of a place on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayWindow {
    /// Opening time.
    pub open: u32,
    /// Closing time.
    pub close: u32,
    /// Last time a visit may start: the earlier of last admission and `close` − visit length.
    pub latest_start: u32,
    /// Last admission, when known.
    pub last_admission: Option<u32>,
}

impl DayWindow {
    /// A window for a visit of `visit` minutes, honouring the last admission if there is one.
    pub fn new(
        open: u32,
        close: u32,
        last_admission: Option<u32>,
        visit: u32,
    ) -> Option<DayWindow> {
        let mut latest = close.checked_sub(visit)?;
        if let Some(la) = last_admission {
            latest = latest.min(la);
        }
        (latest >= open).then_some(DayWindow {
            open,
            close,
            latest_start: latest,
            last_admission,
        })
    }
}

/// What a stop needs for the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopTimes {
    /// The day's windows; empty when closed that day.
    pub windows: Vec<DayWindow>,
    /// Minutes spent at the stop.
    pub visit: u32,
}

/// A scheduled stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scheduled {
    pub arrive: u32,
    pub start: u32,
    pub leave: u32,
}

/// Something the order breaks; `stop` is the 0-based index in the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    /// The place is closed all that day.
    Closed { stop: usize },
    /// Arrives while open but after the last admission (or too late to finish before closing).
    AfterLastAdmission {
        stop: usize,
        arrive: u32,
        latest_start: u32,
    },
    /// Arrives after every window of the day has closed.
    MissesWindow { stop: usize, arrive: u32 },
    /// Gets back after the day's end.
    OverDayEnd { back: u32, day_end: u32 },
}

/// The computed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayTimeline {
    pub stops: Vec<Scheduled>,
    /// Arrival at the day's end point.
    pub back: u32,
    pub violations: Vec<Violation>,
}

/// Walks the day: leave the start at `day_start`, travel `legs[i]` minutes to stop `i` (the last
/// leg goes to the end point), wait for opening when early, stay `visit` minutes.
/// `legs.len()` must be `stops.len() + 1`.
pub fn walk_day(day_start: u32, day_end: u32, stops: &[StopTimes], legs: &[u32]) -> DayTimeline {
    assert_eq!(legs.len(), stops.len() + 1, "one leg more than stops");
    let mut t = day_start;
    let mut out = Vec::with_capacity(stops.len());
    let mut violations = Vec::new();
    for (i, stop) in stops.iter().enumerate() {
        let arrive = t + legs[i];
        let start = match stop.windows.iter().find(|w| arrive <= w.latest_start) {
            Some(w) => arrive.max(w.open),
            None => {
                if stop.windows.is_empty() {
                    violations.push(Violation::Closed { stop: i });
                } else if let Some(w) = stop.windows.iter().rev().find(|w| arrive < w.close) {
                    violations.push(Violation::AfterLastAdmission {
                        stop: i,
                        arrive,
                        latest_start: w.latest_start,
                    });
                } else {
                    violations.push(Violation::MissesWindow { stop: i, arrive });
                }
                arrive
            }
        };
        let leave = start + stop.visit;
        out.push(Scheduled {
            arrive,
            start,
            leave,
        });
        t = leave;
    }
    let back = t + legs[stops.len()];
    if back > day_end {
        violations.push(Violation::OverDayEnd { back, day_end });
    }
    DayTimeline {
        stops: out,
        back,
        violations,
    }
}

/// "HH:MM" for minutes after midnight (past midnight shows as 24:10 and so on, never wrapping,
/// so that times stay ordered).
pub fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn museum(visit: u32) -> StopTimes {
        // 09:00–17:00, last entry 16:30.
        StopTimes {
            windows: DayWindow::new(540, 1020, Some(990), visit)
                .into_iter()
                .collect(),
            visit,
        }
    }

    #[test]
    fn waits_for_opening_and_adds_up() {
        let day = walk_day(480, 1080, &[museum(90)], &[20, 20]);
        assert_eq!(
            day.stops[0],
            Scheduled {
                arrive: 500,
                start: 540,
                leave: 630
            }
        );
        assert_eq!(day.back, 650);
        assert!(day.violations.is_empty());
    }

    #[test]
    fn latest_start_is_the_earlier_of_last_admission_and_finishing_in_time() {
        let w = DayWindow::new(540, 1020, Some(990), 90).unwrap();
        assert_eq!(w.latest_start, 930);
        let w = DayWindow::new(540, 1020, Some(990), 10).unwrap();
        assert_eq!(w.latest_start, 990);
        assert_eq!(DayWindow::new(540, 600, None, 90), None);
    }

    #[test]
    fn reports_closed_late_and_missed_stops() {
        let closed = StopTimes {
            windows: vec![],
            visit: 30,
        };
        let day = walk_day(540, 600, &[closed, museum(30)], &[0, 430, 0]);
        assert_eq!(day.violations[0], Violation::Closed { stop: 0 });
        assert_eq!(
            day.violations[1],
            Violation::AfterLastAdmission {
                stop: 1,
                arrive: 1000,
                latest_start: 990
            }
        );
        assert!(matches!(
            day.violations[2],
            Violation::OverDayEnd {
                back: 1030,
                day_end: 600
            }
        ));
        let late = walk_day(1030, 1200, &[museum(30)], &[0, 0]);
        assert_eq!(
            late.violations,
            vec![Violation::MissesWindow {
                stop: 0,
                arrive: 1030
            }]
        );
    }

    #[test]
    fn lunch_break_uses_the_afternoon_window() {
        let stop = StopTimes {
            windows: vec![
                DayWindow::new(480, 720, None, 60).unwrap(),
                DayWindow::new(840, 1020, None, 60).unwrap(),
            ],
            visit: 60,
        };
        let day = walk_day(600, 1100, &[stop], &[70, 0]);
        assert_eq!(
            day.stops[0],
            Scheduled {
                arrive: 670,
                start: 840,
                leave: 900
            }
        );
        assert_eq!(hh_mm(day.stops[0].start), "14:00");
    }
}
