//! Why a place is not in the plan, and why a day has no stops: computed from the place's windows,
//! the day's frame and the travel times, never canned.
//!
//! A place is tried alone on each day: leave the day's start at its departure time, travel to the
//! place, wait for it to open, visit, travel to the day's end. If that works on some day, the place
//! was left out for the budget or for the other stops (`over_budget`, `no_time`); otherwise the
//! day that comes closest says why: `too_far` (the round trip with this mode is longer than the
//! day, or the travel makes it late), `after_last_admission`, `no_time` (its hours and the day do
//! not meet), `closed`.

use crate::plan::{Candidate, PlanSpec};
use crate::timeline::hh_mm;
use crate::travel::Mode;
use crate::trip::Frame;
use wenlv_domain::Money;

/// Why one place does not fit one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DayWhy {
    Fits,
    Closed,
    /// Open, but never long enough for the visit.
    ShortHours,
    /// The day is shorter than the visit plus the way from its start to its end.
    ShortDay {
        avail: u32,
        direct: u32,
    },
    /// The round trip is longer than the day.
    TooFar {
        into: u32,
        back: u32,
        avail: u32,
    },
    /// No street route from the day's start to the place (`into`) or from it on to the day's end.
    NoRoute {
        into: bool,
    },
    /// Reached only after the last admission.
    LateAdmission {
        arrive: u32,
        la: u32,
        travel_cause: bool,
    },
    /// Reached too late to finish the visit before closing (or after closing).
    LateForVisit {
        arrive: u32,
        close: u32,
        travel_cause: bool,
    },
    /// Reachable, but waiting for opening makes the way back too late.
    OpensLate {
        open: u32,
    },
}

impl DayWhy {
    fn kind(&self) -> &'static str {
        match self {
            DayWhy::Closed => "closed",
            // A place that fits alone is left out for the other stops' time (or the budget,
            // which `explain` decides).
            DayWhy::Fits
            | DayWhy::ShortHours
            | DayWhy::ShortDay { .. }
            | DayWhy::OpensLate { .. } => "no_time",
            DayWhy::TooFar { .. } | DayWhy::NoRoute { .. } => "too_far",
            DayWhy::LateAdmission { .. } => "after_last_admission",
            DayWhy::LateForVisit { travel_cause, .. } => {
                if *travel_cause {
                    "too_far"
                } else {
                    "no_time"
                }
            }
        }
    }

    /// Lower is the better explanation when several days disagree.
    fn rank(&self) -> u8 {
        match self.kind() {
            "too_far" => 0,
            "after_last_admission" => 1,
            "no_time" => 2,
            _ => 3,
        }
    }
}

/// Words for a mode: "on foot", "by car".
pub(crate) fn by(mode: Mode) -> &'static str {
    match mode {
        Mode::Walk => "on foot",
        Mode::Drive => "by car",
    }
}

/// Tries candidate `c` alone on day `t` with frame `f`: `into` minutes from the day's start to it,
/// `back` minutes from it to the day's end (`None`: no route), `direct` minutes from the day's
/// start to its end.
pub(crate) fn day_why(
    c: &Candidate,
    t: usize,
    f: &Frame,
    (into, back, direct): (Option<u32>, Option<u32>, u32),
) -> DayWhy {
    let windows = &c.windows[t];
    if windows.is_empty() {
        let facts = &c.facts[t];
        return if facts.hours_known && facts.open.is_empty() {
            DayWhy::Closed
        } else {
            DayWhy::ShortHours
        };
    }
    let (into, back) = match (into, back) {
        (Some(into), Some(back)) => (into, back),
        (into, _) => {
            return DayWhy::NoRoute {
                into: into.is_none(),
            };
        }
    };
    let arrive = f.depart + into;
    if windows
        .iter()
        .any(|w| arrive <= w.latest_start && arrive.max(w.open) + c.visit + back <= f.latest_back)
    {
        return DayWhy::Fits;
    }
    let avail = f.latest_back.saturating_sub(f.depart);
    if c.visit + direct > avail {
        return DayWhy::ShortDay { avail, direct };
    }
    if into + c.visit + back > avail {
        return DayWhy::TooFar { into, back, avail };
    }
    // Would leaving without travel have been in time?
    let travel_cause = windows.iter().any(|w| f.depart <= w.latest_start);
    if windows.iter().any(|w| arrive <= w.latest_start) {
        let open = windows
            .iter()
            .find(|w| arrive <= w.latest_start)
            .map_or(0, |w| w.open);
        return DayWhy::OpensLate { open };
    }
    if let Some(la) = windows.iter().find_map(|w| {
        w.last_admission
            .filter(|la| *la < arrive && arrive < w.close)
    }) {
        return DayWhy::LateAdmission {
            arrive,
            la,
            travel_cause,
        };
    }
    let close = windows.iter().map(|w| w.close).max().unwrap_or(0);
    DayWhy::LateForVisit {
        arrive,
        close,
        travel_cause,
    }
}

/// Everything needed to put a day's reason in words.
pub(crate) struct Ctx<'a> {
    pub spec: &'a PlanSpec,
    pub frames: &'a [Frame],
    /// Terminal labels (place or station ids, else the role).
    pub labels: &'a [String],
    pub mode: Mode,
}

fn day_text(ctx: &Ctx, c: &Candidate, t: usize, why: &DayWhy) -> String {
    let f = &ctx.frames[t];
    let date = ctx.spec.dates[t];
    let from = &ctx.labels[f.start];
    match why {
        DayWhy::Fits => format!("fits on its own on {date}"),
        DayWhy::Closed => format!("closed on {date}"),
        DayWhy::NoRoute { into: true } => {
            format!(
                "on {date} there is no street route {} from {from}",
                by(ctx.mode)
            )
        }
        DayWhy::NoRoute { into: false } => format!(
            "on {date} there is no street route {} from it on to {}",
            by(ctx.mode),
            ctx.labels[f.end]
        ),
        DayWhy::ShortHours => format!(
            "on {date} it is not open long enough for a {}-min visit",
            c.visit
        ),
        DayWhy::TooFar { into, back, avail } => format!(
            "too far {}: {into} min from {from} and {back} min on to {}, with a {}-min visit, are more than the {avail} min of {date} ({}–{})",
            by(ctx.mode),
            ctx.labels[f.end],
            c.visit,
            hh_mm(f.depart),
            hh_mm(f.latest_back)
        ),
        DayWhy::LateAdmission {
            arrive,
            la,
            travel_cause,
        } => {
            let how = if *travel_cause {
                format!(" ({} from {from})", by(ctx.mode))
            } else {
                format!(" (the day starts at {})", hh_mm(f.depart))
            };
            format!(
                "on {date} it is reached at {} at the earliest{how}, after its last admission at {}",
                hh_mm(*arrive),
                hh_mm(*la)
            )
        }
        DayWhy::LateForVisit {
            arrive,
            close,
            travel_cause,
        } => {
            let how = if *travel_cause {
                format!(" ({} from {from})", by(ctx.mode))
            } else {
                format!(" (the day starts at {})", hh_mm(f.depart))
            };
            format!(
                "on {date} it is reached at {} at the earliest{how}, too late for a {}-min visit before it closes at {}",
                hh_mm(*arrive),
                c.visit,
                hh_mm(*close)
            )
        }
        DayWhy::ShortDay { avail, direct } => format!(
            "{date} has {avail} min ({}–{}), {direct} of them to get from {from} to {}: too short for a {}-min visit",
            hh_mm(f.depart),
            hh_mm(f.latest_back),
            ctx.labels[f.end],
            c.visit
        ),
        DayWhy::OpensLate { open } => format!(
            "on {date} it opens at {}, too late to visit it and reach {} by {}",
            hh_mm(*open),
            ctx.labels[f.end],
            hh_mm(f.latest_back)
        ),
    }
}

/// The kind and reason a candidate is not in the plan. `whys[t]` is [`day_why`] for each day,
/// `cost` what the solver counted against the budget (fen), `planned` the plan's ticket total.
pub(crate) fn explain(
    ctx: &Ctx,
    c: &Candidate,
    whys: &[DayWhy],
    cost: i64,
    planned: Money,
) -> (&'static str, String) {
    if let Some(t) = whys.iter().position(|w| *w == DayWhy::Fits) {
        if let Some(budget) = ctx.spec.budget {
            let cost = Money::from_fen(cost);
            if cost > budget {
                return (
                    "over_budget",
                    format!("its ticket ({cost}) is over the whole budget ({budget})"),
                );
            }
            if planned + cost > budget {
                return (
                    "over_budget",
                    format!(
                        "its ticket ({cost}) is more than what is left of the budget ({budget}, of which {planned} is planned)"
                    ),
                );
            }
        }
        return (
            "no_time",
            format!(
                "{}, but not beside the planned stops: the time is taken by them",
                day_text(ctx, c, t, &whys[t])
            ),
        );
    }
    let closed: Vec<String> = whys
        .iter()
        .enumerate()
        .filter(|(_, w)| **w == DayWhy::Closed)
        .map(|(t, _)| ctx.spec.dates[t].to_string())
        .collect();
    let best = whys
        .iter()
        .enumerate()
        .filter(|(_, w)| **w != DayWhy::Closed)
        .min_by_key(|(_, w)| w.rank());
    match best {
        None => (
            "closed",
            format!("closed on every date of the trip ({})", closed.join(", ")),
        ),
        Some((t, why)) => {
            let mut text = day_text(ctx, c, t, why);
            if !closed.is_empty() {
                text.push_str(&format!("; closed on {}", closed.join(", ")));
            }
            (why.kind(), text)
        }
    }
}

/// Why day `t` has no stops, with a suggestion from the other mode when it helps: `whys[i]` is
/// candidate `i`'s [`DayWhy`] on this day with the plan's mode, `other` the same with the other
/// mode (`None` when it could not be had).
pub(crate) fn empty_day(
    ctx: &Ctx,
    t: usize,
    candidates: &[Candidate],
    whys: &[DayWhy],
    other: Option<&[DayWhy]>,
) -> String {
    let f = &ctx.frames[t];
    let window = format!("{}–{}", hh_mm(f.depart), hh_mm(f.latest_back));
    if candidates.is_empty() {
        return "no place matches the chosen themes and is open on the trip's dates".into();
    }
    let fits = whys.iter().filter(|w| **w == DayWhy::Fits).count();
    let mut text = if fits > 0 {
        format!(
            "{fits} {} could fit this day ({window}) on {} own, but {} planned on other days or over the budget",
            places(fits),
            if fits == 1 { "its" } else { "their" },
            if fits == 1 { "it is" } else { "they are" },
        )
    } else {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for w in whys {
            let label = match w.kind() {
                _ if matches!(w, DayWhy::NoRoute { .. }) => "without a street route",
                "too_far" => "too far",
                "after_last_admission" => "reached after last admission",
                "closed" => "closed",
                _ if matches!(w, DayWhy::ShortDay { .. }) => "longer to visit than the day allows",
                _ => "not open long enough within the day",
            };
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = counts.iter().map(|(l, n)| format!("{n} {l}")).collect();
        let mut s = format!(
            "no place fits {} from {} in {window}: {}",
            by(ctx.mode),
            ctx.labels[f.start],
            list.join(", ")
        );
        // The nearest of the too-far ones shows the scale.
        if let Some((c, into)) = candidates
            .iter()
            .zip(whys)
            .filter_map(|(c, w)| match w {
                DayWhy::TooFar { into, .. } => Some((c, *into)),
                _ => None,
            })
            .min_by_key(|(_, into)| *into)
        {
            s.push_str(&format!(
                " (the nearest, {}, is {into} min away {})",
                c.place.id,
                by(ctx.mode)
            ));
        }
        s
    };
    if let Some(other) = other {
        let other_mode = match ctx.mode {
            Mode::Walk => Mode::Drive,
            Mode::Drive => Mode::Walk,
        };
        let n = other.iter().filter(|w| **w == DayWhy::Fits).count();
        if n > fits {
            text.push_str(&format!("; {}, {n} {} fit", by(other_mode), places(n)));
        } else if fits == 0 {
            text.push_str(&format!("; {}, none fit either", by(other_mode)));
        }
    }
    text
}

fn places(n: usize) -> &'static str {
    if n == 1 { "place" } else { "places" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::DayFacts;
    use crate::timeline::DayWindow;
    use wenlv_domain::{Category, Place, PlaceId};

    /// A museum 09:00–17:00 with last admission 16:30 (or closed), visited for 90 minutes.
    fn museum(place: &Place, open: bool) -> Candidate<'_> {
        let windows: Vec<DayWindow> = if open {
            DayWindow::new(540, 1020, Some(990), 90)
                .into_iter()
                .collect()
        } else {
            vec![]
        };
        Candidate {
            place,
            visit: 90,
            score: 10,
            facts: vec![DayFacts {
                open: if open { vec![(540, 1020)] } else { vec![] },
                last_admission: open.then_some(990),
                hours_known: true,
                price: None,
            }],
            windows: vec![windows],
        }
    }

    fn frame(depart: u32, latest_back: u32) -> Frame {
        Frame {
            start: 0,
            end: 1,
            depart,
            latest_back,
        }
    }

    #[test]
    fn each_day_cause_is_told_apart() {
        let p = Place::new(
            PlaceId::parse("m").unwrap(),
            "馆",
            "Museum",
            Category::Museum,
        );
        let open = museum(&p, true);
        let day = frame(540, 1080);
        assert_eq!(
            day_why(&open, 0, &day, (Some(20), Some(20), 0)),
            DayWhy::Fits
        );
        assert_eq!(
            day_why(&museum(&p, false), 0, &day, (Some(20), Some(20), 0)),
            DayWhy::Closed
        );
        // 4 hours each way on a 9-hour day.
        assert_eq!(
            day_why(&open, 0, &day, (Some(240), Some(240), 0)),
            DayWhy::TooFar {
                into: 240,
                back: 240,
                avail: 540
            }
        );
        // Arriving at 16:00 (last admission 16:30, but 90 min must end by 17:00): too late for
        // the visit, because of the travel (leaving at 15:00 would have been in time).
        let afternoon = frame(900, 1200);
        assert_eq!(
            day_why(&open, 0, &afternoon, (Some(60), Some(10), 0)),
            DayWhy::LateForVisit {
                arrive: 960,
                close: 1020,
                travel_cause: true
            }
        );
        // A short visit after 16:30: after the last admission.
        let mut quick = museum(&p, true);
        quick.visit = 10;
        quick.windows = vec![
            DayWindow::new(540, 1020, Some(990), 10)
                .into_iter()
                .collect(),
        ];
        assert_eq!(
            day_why(&quick, 0, &frame(1000, 1200), (Some(5), Some(5), 0)),
            DayWhy::LateAdmission {
                arrive: 1005,
                la: 990,
                travel_cause: false
            }
        );
        assert_eq!(
            DayWhy::LateAdmission {
                arrive: 0,
                la: 0,
                travel_cause: false
            }
            .kind(),
            "after_last_admission"
        );
        // A day from 07:00 to 10:00: reachable, but it opens at 09:00 and the visit ends too late.
        assert_eq!(
            day_why(&open, 0, &frame(420, 600), (Some(10), Some(10), 0)),
            DayWhy::OpensLate { open: 540 }
        );
        // No street route there, or none on to the day's end: too far whatever the day's length.
        let none = day_why(&open, 0, &day, (None, Some(20), 0));
        assert_eq!(none, DayWhy::NoRoute { into: true });
        assert_eq!(none.kind(), "too_far");
        assert_eq!(
            day_why(&open, 0, &day, (Some(20), None, 0)),
            DayWhy::NoRoute { into: false }
        );
        // A closed day stays closed, route or not.
        assert_eq!(
            day_why(&museum(&p, false), 0, &day, (None, None, 0)),
            DayWhy::Closed
        );
        // 40 minutes left before a flight, 30 of them to the airport.
        assert_eq!(
            day_why(&open, 0, &frame(360, 400), (Some(5), Some(30), 30)),
            DayWhy::ShortDay {
                avail: 40,
                direct: 30
            }
        );
    }
}
