//! Seasons: the pricing season (peak 旺季 / off 淡季) that decides a place's base price, and the
//! product line (winter–spring 冬春季 / summer–autumn 夏秋季) the bureau's routes belong to.
//!
//! Both are data (`data/xining/seasons.toml`): recurring yearly ranges of month-days, `from` and
//! `to` inclusive, which may wrap the new year (`11-01` to `03-31`). There is a city-wide
//! pricing calendar, per-place pricing calendars that replace it for one place (Kumbum Monastery:
//! peak 1 Apr–31 Oct), and one product-line calendar. Each calendar must give every day of the
//! year (29 February included) exactly one season: a gap or an overlap is rejected with the file,
//! the calendar and entries involved, and the dates.
//!
//! Every entry says where it comes from: `source = "…"` for a sourced fact, `assumption = "…"`
//! for a choice made where the sources are silent (exactly one of the two is required), so a
//! quote can say how sure its season is.
//!
//! ```
//! use jiff::civil::date;
//! use wenlv_domain::{PlaceId, PricingSeason, ProductLine, SeasonCalendar};
//! let cal = SeasonCalendar::parse_toml("seasons.toml", r#"
//!     [[city.pricing]]
//!     season = "peak"
//!     from = "05-01"
//!     to = "10-31"
//!     assumption = "typical plateau summer"
//!     [[city.pricing]]
//!     season = "off"
//!     from = "11-01"
//!     to = "04-30"
//!     assumption = "the rest of the year"
//!     [[product_lines]]
//!     line = "summer_autumn"
//!     from = "05-01"
//!     to = "10-31"
//!     assumption = "as the pricing season"
//!     [[product_lines]]
//!     line = "winter_spring"
//!     from = "11-01"
//!     to = "04-30"
//!     assumption = "as the pricing season"
//!     [[places.kumbum_monastery]]
//!     season = "peak"
//!     from = "04-01"
//!     to = "10-31"
//!     source = "dyboke.cn (undated)"
//!     [[places.kumbum_monastery]]
//!     season = "off"
//!     from = "11-01"
//!     to = "03-31"
//!     source = "dyboke.cn (undated)"
//! "#).unwrap();
//! let kumbum = PlaceId::parse("kumbum_monastery").unwrap();
//! let other = PlaceId::parse("riyue_mountain").unwrap();
//! assert_eq!(cal.pricing_season(&kumbum, date(2024, 4, 10)).season, PricingSeason::Peak);
//! assert_eq!(cal.pricing_season(&other, date(2024, 4, 10)).season, PricingSeason::Off);
//! assert_eq!(cal.product_line(date(2024, 1, 10)).line, ProductLine::WinterSpring);
//! ```

use crate::PlaceId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The pricing season of a day at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingSeason {
    /// 旺季: the peak-season price applies.
    Peak,
    /// 淡季: the off-season price applies.
    Off,
}

impl fmt::Display for PricingSeason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PricingSeason::Peak => "peak",
            PricingSeason::Off => "off",
        })
    }
}

/// The bureau's two product lines of routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductLine {
    /// 冬春季
    WinterSpring,
    /// 夏秋季
    SummerAutumn,
}

/// A day of the year without a year: `MM-DD`, 29 February included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

/// Why a text is not a month-day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadMonthDay {
    #[error("'{}' is not a month-day MM-DD (e.g. 04-01)", crate::civil::clip(.0, crate::civil::MAX_ECHO_CHARS))]
    Format(String),
    #[error("'{}' is not a day of the year", crate::civil::clip(.0, crate::civil::MAX_ECHO_CHARS))]
    NoSuchDay(String),
}

const DAYS_IN_MONTH: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl MonthDay {
    /// Reads `MM-DD` (e.g. `04-01`, `02-29`).
    pub fn parse(text: &str) -> Result<MonthDay, BadMonthDay> {
        let bad = || BadMonthDay::Format(text.to_string());
        let (m, d) = text.trim().split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (month, day): (u8, u8) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) || day == 0 || day > DAYS_IN_MONTH[month as usize - 1] {
            return Err(BadMonthDay::NoSuchDay(text.to_string()));
        }
        Ok(MonthDay { month, day })
    }

    /// The month-day of a date.
    pub fn of(date: Date) -> MonthDay {
        MonthDay {
            month: date.month() as u8,
            day: date.day() as u8,
        }
    }

    /// All 366 month-days from 01-01 to 12-31.
    fn all() -> impl Iterator<Item = MonthDay> {
        (1..=12u8).flat_map(|month| {
            (1..=DAYS_IN_MONTH[month as usize - 1]).map(move |day| MonthDay { month, day })
        })
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// One recurring range of a calendar, `from`..=`to` (wrapping the new year when `from > to`),
/// and where the fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonRange<T> {
    pub value: T,
    pub from: String,
    pub to: String,
    #[serde(skip)]
    range: (MonthDay, MonthDay),
    /// The source of a sourced fact.
    pub source: Option<String>,
    /// What was assumed where the sources are silent.
    pub assumption: Option<String>,
    /// The source or assumption in Chinese, for the Chinese pages.
    pub basis_zh: Option<String>,
}

impl<T> SeasonRange<T> {
    /// Whether the range contains the month-day.
    pub fn contains(&self, md: MonthDay) -> bool {
        let (from, to) = self.range;
        if from <= to {
            from <= md && md <= to
        } else {
            md >= from || md <= to
        }
    }
}

/// A season file error: the file, the entry (`places.kumbum_monastery[2]`), the field if one is
/// at fault, and what is wrong (for gaps and overlaps: the dates).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, {entry}{}: {message}", field.as_ref().map(|f| format!(", field '{f}'")).unwrap_or_default())]
pub struct SeasonError {
    pub file: String,
    pub entry: String,
    pub field: Option<String>,
    pub message: String,
}

/// The answer to "which season is this day?", with the entry that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonFact<T> {
    pub season: T,
    /// `true` when the place has its own calendar, `false` for the city-wide default.
    pub place_specific: bool,
    pub source: Option<String>,
    pub assumption: Option<String>,
    /// The source or assumption in Chinese.
    pub basis_zh: Option<String>,
}

/// The answer to "which product line is this day in?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineFact {
    pub line: ProductLine,
    pub source: Option<String>,
    pub assumption: Option<String>,
    /// The source or assumption in Chinese.
    pub basis_zh: Option<String>,
}

/// The city's pricing seasons (city-wide and per place) and product lines. Built only through
/// [`SeasonCalendar::parse_toml`], so every calendar in it is complete and without overlaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonCalendar {
    city: Vec<SeasonRange<PricingSeason>>,
    places: BTreeMap<PlaceId, Vec<SeasonRange<PricingSeason>>>,
    lines: Vec<SeasonRange<ProductLine>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    city: RawCity,
    product_lines: Vec<RawLine>,
    #[serde(default)]
    places: BTreeMap<String, Vec<RawPricing>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCity {
    pricing: Vec<RawPricing>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPricing {
    season: PricingSeason,
    from: String,
    to: String,
    source: Option<String>,
    assumption: Option<String>,
    /// The source or assumption in Chinese.
    basis_zh: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    line: ProductLine,
    from: String,
    to: String,
    source: Option<String>,
    assumption: Option<String>,
    /// The source or assumption in Chinese.
    basis_zh: Option<String>,
}

impl SeasonCalendar {
    /// Reads and checks a season file (TOML). `file` names the file in errors.
    pub fn parse_toml(file: &str, text: &str) -> Result<SeasonCalendar, SeasonError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (entry, field) = toml_position(text, &e);
            SeasonError {
                file: file.to_string(),
                entry,
                field,
                message: e.message().trim().to_string(),
            }
        })?;
        let err = |entry: &str, field: Option<&'static str>, message: String| SeasonError {
            file: file.to_string(),
            entry: entry.to_string(),
            field: field.map(str::to_string),
            message,
        };
        let city = build(
            "city.pricing",
            raw.city
                .pricing
                .into_iter()
                .map(|p| (p.season, p.from, p.to, p.source, p.assumption, p.basis_zh)),
            &err,
        )?;
        let lines = build(
            "product_lines",
            raw.product_lines
                .into_iter()
                .map(|p| (p.line, p.from, p.to, p.source, p.assumption, p.basis_zh)),
            &err,
        )?;
        let mut places = BTreeMap::new();
        for (id, entries) in raw.places {
            let name = format!("places.{id}");
            let place = PlaceId::parse(&id)
                .map_err(|e| err(&name, None, format!("not a place id: {e}")))?;
            let cal = build(
                &name,
                entries
                    .into_iter()
                    .map(|p| (p.season, p.from, p.to, p.source, p.assumption, p.basis_zh)),
                &err,
            )?;
            places.insert(place, cal);
        }
        Ok(SeasonCalendar {
            city,
            places,
            lines,
        })
    }

    /// The pricing season of `date` at `place`: the place's own calendar if it has one, else the
    /// city-wide one.
    pub fn pricing_season(&self, place: &PlaceId, date: Date) -> SeasonFact<PricingSeason> {
        let (cal, place_specific) = match self.places.get(place) {
            Some(cal) => (cal, true),
            None => (&self.city, false),
        };
        let r = find(cal, date);
        SeasonFact {
            season: r.value,
            place_specific,
            source: r.source.clone(),
            assumption: r.assumption.clone(),
            basis_zh: r.basis_zh.clone(),
        }
    }

    /// The city-wide pricing season of `date` (places with their own calendar may differ).
    pub fn city_pricing_season(&self, date: Date) -> SeasonFact<PricingSeason> {
        let r = find(&self.city, date);
        SeasonFact {
            season: r.value,
            place_specific: false,
            source: r.source.clone(),
            assumption: r.assumption.clone(),
            basis_zh: r.basis_zh.clone(),
        }
    }

    /// The product line `date` belongs to.
    pub fn product_line(&self, date: Date) -> LineFact {
        let r = find(&self.lines, date);
        LineFact {
            line: r.value,
            source: r.source.clone(),
            assumption: r.assumption.clone(),
            basis_zh: r.basis_zh.clone(),
        }
    }

    /// The places with their own pricing calendar.
    pub fn places_with_own_seasons(&self) -> impl Iterator<Item = &PlaceId> {
        self.places.keys()
    }
}

/// Where a TOML syntax or type error is: "line N" and the key written on that line, if any.
pub(crate) fn toml_position(text: &str, e: &toml::de::Error) -> (String, Option<String>) {
    let Some(span) = e.span() else {
        return ("file".to_string(), None);
    };
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    (format!("line {line_no}"), key)
}

fn find<T>(cal: &[SeasonRange<T>], date: Date) -> &SeasonRange<T> {
    let md = MonthDay::of(date);
    cal.iter()
        .find(|r| r.contains(md))
        .expect("a checked calendar covers every day")
}

/// value, from, to, source, assumption, the basis in Chinese.
type RawEntry<T> = (
    T,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn build<T: Copy + fmt::Debug + Serialize>(
    name: &str,
    entries: impl Iterator<Item = RawEntry<T>>,
    err: &dyn Fn(&str, Option<&'static str>, String) -> SeasonError,
) -> Result<Vec<SeasonRange<T>>, SeasonError> {
    let mut out = Vec::new();
    for (i, (value, from, to, source, assumption, basis_zh)) in entries.enumerate() {
        let entry = format!("{name}[{}]", i + 1);
        let f = MonthDay::parse(&from).map_err(|m| err(&entry, Some("from"), m.to_string()))?;
        let t = MonthDay::parse(&to).map_err(|m| err(&entry, Some("to"), m.to_string()))?;
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        match (blank(&source), blank(&assumption)) {
            (true, true) => {
                return Err(err(
                    &entry,
                    Some("source"),
                    "say where this comes from: a `source`, or an `assumption` when no source \
                     gives it"
                        .to_string(),
                ));
            }
            (false, false) => {
                return Err(err(
                    &entry,
                    Some("assumption"),
                    "give either a `source` or an `assumption`, not both".to_string(),
                ));
            }
            _ => {}
        }
        out.push(SeasonRange {
            value,
            from,
            to,
            range: (f, t),
            source,
            assumption,
            basis_zh,
        });
    }
    if out.is_empty() {
        return Err(err(name, None, "the calendar has no entries".to_string()));
    }
    // Walk the year once and collect runs of days with no entry or with several.
    let mut gaps: Vec<(MonthDay, MonthDay)> = Vec::new();
    let mut overlaps: Vec<(MonthDay, MonthDay, Vec<usize>)> = Vec::new();
    for md in MonthDay::all() {
        let hits: Vec<usize> = (0..out.len()).filter(|&i| out[i].contains(md)).collect();
        match hits.len() {
            0 => match gaps.last_mut() {
                Some(last) if next_day(last.1) == Some(md) => last.1 = md,
                _ => gaps.push((md, md)),
            },
            1 => {}
            _ => match overlaps.last_mut() {
                Some(last) if next_day(last.1) == Some(md) && last.2 == hits => last.1 = md,
                _ => overlaps.push((md, md, hits)),
            },
        }
    }
    let describe = |i: usize| {
        format!(
            "[{}] ({:?} {} to {})",
            i + 1,
            out[i].value,
            out[i].from,
            out[i].to
        )
    };
    let mut problems = Vec::new();
    for (a, b) in gaps {
        problems.push(format!("gap: {a} to {b} is in no entry"));
    }
    for (a, b, hits) in overlaps {
        let who: Vec<String> = hits.into_iter().map(describe).collect();
        problems.push(format!("overlap: {a} to {b} is in {}", who.join(" and ")));
    }
    if !problems.is_empty() {
        return Err(err(name, None, problems.join("; ")));
    }
    Ok(out)
}

fn next_day(md: MonthDay) -> Option<MonthDay> {
    if md.day < DAYS_IN_MONTH[md.month as usize - 1] {
        Some(MonthDay {
            month: md.month,
            day: md.day + 1,
        })
    } else if md.month < 12 {
        Some(MonthDay {
            month: md.month + 1,
            day: 1,
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const LINES: &str = r#"
        [[product_lines]]
        line = "summer_autumn"
        from = "05-01"
        to = "10-31"
        assumption = "a"
        [[product_lines]]
        line = "winter_spring"
        from = "11-01"
        to = "04-30"
        assumption = "a"
    "#;

    fn with_city(city: &str) -> Result<SeasonCalendar, SeasonError> {
        SeasonCalendar::parse_toml("seasons.toml", &format!("{city}\n{LINES}"))
    }

    #[test]
    fn a_gap_names_the_dates() {
        let e = with_city(
            r#"
            [[city.pricing]]
            season = "peak"
            from = "04-15"
            to = "10-15"
            source = "x"
            [[city.pricing]]
            season = "off"
            from = "11-01"
            to = "03-31"
            source = "x"
        "#,
        )
        .unwrap_err();
        assert_eq!(e.entry, "city.pricing");
        assert_eq!(
            e.to_string(),
            "seasons.toml, city.pricing: gap: 04-01 to 04-14 is in no entry; \
             gap: 10-16 to 10-31 is in no entry"
        );
    }

    #[test]
    fn an_overlap_names_the_dates_and_entries() {
        let e = with_city(
            r#"
            [[city.pricing]]
            season = "peak"
            from = "04-01"
            to = "10-31"
            source = "x"
            [[city.pricing]]
            season = "off"
            from = "10-01"
            to = "03-31"
            source = "x"
        "#,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "overlap: 10-01 to 10-31 is in [1] (Peak 04-01 to 10-31) and [2] (Off 10-01 to 03-31)"
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let e = with_city(
            r#"
            [[city.pricing]]
            season = "peak"
            from = "02-30"
            to = "10-31"
            source = "x"
        "#,
        )
        .unwrap_err();
        assert_eq!(
            (e.entry.as_str(), e.field.as_deref()),
            ("city.pricing[1]", Some("from"))
        );
        let e = with_city(
            r#"
            [[city.pricing]]
            season = "peak"
            from = "01-01"
            to = "12-31"
        "#,
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("source"));
        let e = with_city(
            r#"
            [[city.pricing]]
            season = "high"
            from = "01-01"
            to = "12-31"
            source = "x"
        "#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "seasons.toml, line 3, field 'season': unknown variant `high`, expected `peak` or `off`"
        );
    }

    #[test]
    fn wrapping_ranges_and_leap_days() {
        let cal = with_city(
            r#"
            [[city.pricing]]
            season = "off"
            from = "11-01"
            to = "03-31"
            source = "x"
            [[city.pricing]]
            season = "peak"
            from = "04-01"
            to = "10-31"
            source = "x"
        "#,
        )
        .unwrap();
        let p = PlaceId::parse("anywhere").unwrap();
        for (d, s) in [
            (date(2024, 2, 29), PricingSeason::Off),
            (date(2023, 12, 31), PricingSeason::Off),
            (date(2024, 1, 1), PricingSeason::Off),
            (date(2024, 3, 31), PricingSeason::Off),
            (date(2024, 4, 1), PricingSeason::Peak),
            (date(2024, 10, 31), PricingSeason::Peak),
        ] {
            assert_eq!(cal.pricing_season(&p, d).season, s, "{d}");
        }
    }
}
