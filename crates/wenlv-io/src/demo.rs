//! The Xining demo catalogue, compiled into the binary from `data/xining/places.csv`, so the
//! product never reads the data folder at run time.

use crate::{ImportFormat, ImportOptions, read_places_from_bytes};
use std::path::Path;
use wenlv_domain::{
    City, DataFileError, HolidayCalendar, OfferBook, Place, SeasonCalendar, parse_routes,
    parse_stations,
};

/// The product-format CSV of the Xining places, as shipped.
pub const XINING_PLACES_CSV: &str = include_str!("../../../data/xining/places.csv");

/// The Xining places (52), parsed from the embedded product-format CSV.
///
/// Infallible in practice: a unit test proves the embedded file valid.
pub fn xining_places() -> Vec<Place> {
    read_places_from_bytes(
        XINING_PLACES_CSV.as_bytes(),
        ImportFormat::Csv,
        Path::new("data/xining/places.csv"),
        &ImportOptions::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("the embedded Xining data is invalid:\n{e}"))
}

/// China's statutory holidays and adjusted working days, as shipped.
pub const CN_HOLIDAYS_CSV: &str = include_str!("../../../data/holidays/cn.csv");
/// Xining's pricing seasons and product lines.
pub const XINING_SEASONS_TOML: &str = include_str!("../../../data/xining/seasons.toml");
/// Xining's offers (preferential policies).
pub const XINING_OFFERS_TOML: &str = include_str!("../../../data/xining/offers.toml");
/// Xining's themed routes.
pub const XINING_ROUTES_TOML: &str = include_str!("../../../data/xining/routes.toml");
/// Xining's stations (railway station, airport): possible start and end points.
pub const XINING_STATIONS_TOML: &str = include_str!("../../../data/xining/stations.toml");

/// Xining's holidays, seasons, offers, routes and stations (checked against the demo catalogue).
///
/// Infallible in practice: a unit test proves every embedded file valid and consistent.
pub fn xining_city() -> City {
    let places = xining_places();
    let holidays = HolidayCalendar::parse("data/holidays/cn.csv", CN_HOLIDAYS_CSV)
        .unwrap_or_else(|e| panic!("{e}"));
    let seasons = SeasonCalendar::parse_toml("data/xining/seasons.toml", XINING_SEASONS_TOML)
        .unwrap_or_else(|e| panic!("{e}"));
    let offers = OfferBook::parse_toml("data/xining/offers.toml", XINING_OFFERS_TOML)
        .unwrap_or_else(|e| panic!("{e}"));
    let routes = valid(parse_routes(
        "data/xining/routes.toml",
        XINING_ROUTES_TOML,
        &places,
    ));
    let stations = valid(parse_stations(
        "data/xining/stations.toml",
        XINING_STATIONS_TOML,
    ));
    City {
        name: "Xining 西宁".to_string(),
        time_zone: "Asia/Shanghai".to_string(),
        holidays,
        seasons,
        offers,
        routes,
        stations,
    }
}

/// An embedded data file's entries; its problems, one per line, if a release shipped a bad one.
fn valid<T>(parsed: Result<Vec<T>, Vec<DataFileError>>) -> Vec<T> {
    parsed.unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{}", lines.join("\n"))
    })
}

/// The key-project library's demo data (sample data, marked as such in the file).
pub const SAMPLE_PROJECTS_TOML: &str = include_str!("../../../data/bureau/projects-sample.toml");

/// The districts and counties of Xining the demo's dispatch meetings rotate through.
pub const XINING_MEETING_SITES: [&str; 7] = [
    "城东区",
    "城中区",
    "城西区",
    "城北区",
    "湟中区",
    "大通县",
    "湟源县",
];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleFunding {
    kind: String,
    amount: Option<String>,
    year: Option<i16>,
    status: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleProject {
    code: String,
    name: String,
    category: Option<String>,
    district: Option<String>,
    stage: String,
    total_investment: Option<String>,
    #[allow(dead_code)]
    note: String,
    #[serde(default)]
    funding: Vec<SampleFunding>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleLibrary {
    project: Vec<SampleProject>,
}

/// The sample projects, entered into the library on `on` (a bad file is a build-time bug,
/// caught by this module's test).
pub fn sample_projects(on: jiff::civil::Date) -> Vec<wenlv_domain::bureau::projects::Project> {
    use wenlv_domain::bureau::projects::{
        FundingLine, FundingStatus, FundingType, Project, Stage, Wan,
    };
    let lib: SampleLibrary =
        toml::from_str(SAMPLE_PROJECTS_TOML).expect("data/bureau/projects-sample.toml is valid");
    lib.project
        .into_iter()
        .map(|s| {
            let stage = Stage::parse(&s.stage).expect("a known stage");
            let mut p = Project::new(&s.code, &s.name, stage, on, "sample data");
            p.category = s.category;
            p.district = s.district;
            p.total_investment = s
                .total_investment
                .map(|t| Wan::parse(&t).expect("an amount"));
            p.funding = s
                .funding
                .into_iter()
                .map(|f| FundingLine {
                    kind: FundingType::parse(&f.kind).expect("a funding type"),
                    amount: f.amount.map(|a| Wan::parse(&a).expect("an amount")),
                    year: f.year,
                    status: f
                        .status
                        .map(|x| FundingStatus::parse(&x).expect("a funding status")),
                })
                .collect();
            p
        })
        .collect()
}

/// The sample battle-map plan's items, reports and deadline changes (`data/xining/plan/`): the
/// four centres are real, every action, measure, date and report under them is sample data.
pub const SAMPLE_PLAN_ITEMS_CSV: &str = include_str!("../../../data/xining/plan/items.csv");
pub const SAMPLE_PLAN_REPORTS_CSV: &str = include_str!("../../../data/xining/plan/reports.csv");
pub const SAMPLE_PLAN_CHANGES_CSV: &str =
    include_str!("../../../data/xining/plan/deadline_changes.csv");

/// The sample plan's slug.
pub const SAMPLE_PLAN_SLUG: &str = "xining-2023";

/// The sample plan as data: the plan, its items, its reports (code, month, percent,
/// narrative) and its deadline changes.
#[derive(Debug, Clone)]
pub struct SamplePlan {
    pub plan: wenlv_domain::bureau::Plan,
    pub items: Vec<wenlv_domain::bureau::Item>,
    pub reports: Vec<(
        wenlv_domain::bureau::ItemCode,
        wenlv_domain::bureau::Period,
        wenlv_domain::bureau::Percent,
        String,
    )>,
    pub changes: Vec<(
        wenlv_domain::bureau::ItemCode,
        wenlv_domain::bureau::DeadlineChange,
    )>,
}

/// Parses the embedded sample plan. Infallible in practice: a unit test proves it valid.
pub fn sample_plan() -> SamplePlan {
    use wenlv_domain::bureau::{
        DeadlineChange, Indicator, Item, ItemCode, Percent, Period, Plan, PlanSlug, UnitName,
        split_list,
    };
    use wenlv_domain::civil::parse_date;
    fn rows(name: &str, text: &str) -> Vec<std::collections::HashMap<String, String>> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        r.deserialize()
            .map(|row| row.unwrap_or_else(|e| panic!("data/xining/plan/{name}: {e}")))
            .collect()
    }
    let date = |s: &str| (!s.is_empty()).then(|| parse_date(s).expect("sample dates are valid"));
    let code = |s: &str| ItemCode::parse(s).expect("sample codes are valid");
    let items: Vec<Item> = rows("items.csv", SAMPLE_PLAN_ITEMS_CSV)
        .iter()
        .map(|r| {
            let mut item = Item::new(code(&r["code"]), &r["title"]);
            item.title_en = r["title_en"].clone();
            item.leaders = split_list(&r["leaders"]);
            item.lead_unit = UnitName::parse(&r["lead_unit"]).ok();
            item.partner_units = split_list(&r["partner_units"])
                .iter()
                .map(|u| UnitName::parse(u).expect("sample units are valid"))
                .collect();
            item.start = date(&r["start"]);
            item.due = date(&r["due"]);
            item.district = r["district"].clone();
            item.notes = r["notes"].clone();
            if !r["target"].is_empty() {
                item.indicators.push(Indicator {
                    name: "目标".into(),
                    unit: String::new(),
                    baseline: None,
                    target: r["target"].parse().ok(),
                    target_text: r["target"].clone(),
                    actuals: Vec::new(),
                });
            }
            item
        })
        .collect();
    let reports = rows("reports.csv", SAMPLE_PLAN_REPORTS_CSV)
        .iter()
        .map(|r| {
            (
                code(&r["code"]),
                Period::parse(&r["period"]).expect("sample months are valid"),
                Percent::new(r["percent"].parse().expect("a whole percent"))
                    .expect("sample percents are valid"),
                r["narrative"].clone(),
            )
        })
        .collect();
    let changes = rows("deadline_changes.csv", SAMPLE_PLAN_CHANGES_CSV)
        .iter()
        .map(|r| {
            let d = |k: &str| date(&r[k]).expect("sample change dates are given");
            (
                code(&r["code"]),
                DeadlineChange {
                    from: d("from"),
                    to: d("to"),
                    decided: d("decided"),
                    reason: r["reason"].clone(),
                },
            )
        })
        .collect();
    SamplePlan {
        plan: Plan {
            slug: PlanSlug::parse(SAMPLE_PLAN_SLUG).expect("a valid slug"),
            title: "西宁市建设国际生态旅游目的地中心城市三年行动方案（示例任务书 sample）".into(),
            start: items.iter().filter_map(|i| i.start).min(),
            end: items.iter().filter_map(|i| i.due).max(),
            levels: vec!["中心".into(), "行动".into(), "措施".into()],
        },
        items,
        reports,
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample plan is a sound tree, and as of 2025-06-30 every status appears.
    #[test]
    fn the_sample_plan_shows_every_status() {
        use wenlv_domain::bureau::{Report, Status, StatusRules, check_tree, evaluate};
        let sample = sample_plan();
        assert_eq!(sample.items.len(), 25);
        assert!(check_tree(&sample.items).is_empty());
        let centres: Vec<&str> = sample
            .items
            .iter()
            .filter(|i| i.parent.is_none())
            .map(|i| i.title_zh.as_str())
            .collect();
        assert_eq!(
            centres,
            [
                "旅游集散中心",
                "文旅消费中心",
                "生态旅游产业中心",
                "文化中心"
            ]
        );
        assert!(
            sample
                .items
                .iter()
                .filter(|i| i.parent.is_some())
                .all(|i| i.notes.contains("sample") && i.title_zh.contains("示例"))
        );
        let mut items = sample.items.clone();
        for (code, change) in &sample.changes {
            items
                .iter_mut()
                .find(|i| &i.code == code)
                .unwrap()
                .deadline_changes
                .push(change.clone());
        }
        let reports: Vec<Report> = sample
            .reports
            .iter()
            .map(|(code, period, percent, _)| Report {
                code: code.clone(),
                period: *period,
                percent: *percent,
            })
            .collect();
        assert!(
            reports
                .iter()
                .all(|r| r.period.year() >= 2023 && r.period.year() <= 2025)
        );
        let city = xining_city();
        let got = evaluate(
            &items,
            &reports,
            jiff::civil::date(2025, 6, 30),
            &StatusRules::default(),
            Some(&city.holidays),
        );
        for status in Status::ALL {
            assert!(
                got.iter().any(|s| s.status == status),
                "no {status} as of 2025-06-30: {got:#?}"
            );
        }
    }
    use crate::{ExportFormat, write_places};

    /// The shipped file parses with zero issues: all 52 places, 31 of them with a sourced
    /// position (the research file's count), the rest marked with a position note instead.
    #[test]
    fn embedded_xining_data_is_valid() {
        let places = read_places_from_bytes(
            XINING_PLACES_CSV.as_bytes(),
            ImportFormat::Csv,
            Path::new("places.csv"),
            &ImportOptions::default(),
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(places.len(), 52);
        assert_eq!(places.iter().filter(|p| p.position.is_some()).count(), 31);
        for p in places.iter().filter(|p| p.position.is_none()) {
            assert!(
                p.position_note.is_some(),
                "{} has neither position nor note",
                p.id
            );
        }
        // No source gives a visit length: the planner applies category defaults instead.
        assert!(places.iter().all(|p| p.visit_minutes.is_none()));
        // Every note the Chinese pages show has its Chinese translation, and none without an
        // English original.
        for p in &places {
            for (field, en, zh) in [
                ("position_note", &p.position_note, &p.position_note_zh),
                ("hours_note", &p.hours_note, &p.hours_note_zh),
                ("price_note", &p.price_note, &p.price_note_zh),
            ] {
                assert_eq!(
                    en.is_some(),
                    zh.is_some(),
                    "{}: {field} vs {field}_zh",
                    p.id
                );
            }
        }
    }

    /// The city's other data files are valid and refer only to places in the catalogue.
    #[test]
    fn embedded_city_data_is_valid_and_consistent() {
        let city = xining_city();
        let places = xining_places();
        let known = |id: &wenlv_domain::PlaceId| places.iter().any(|p| &p.id == id);
        assert_eq!(city.offers.unknown_places(known), vec![]);
        // The 2023/24 winter-spring offers (the code tests count them from the data).
        assert_eq!(city.offers.offers().len(), 4);
        for id in city.seasons.places_with_own_seasons() {
            assert!(known(id), "seasons.toml names unknown place {id}");
        }
        assert!(city.routes.len() >= 10);
        let themes: std::collections::BTreeSet<_> = city.routes.iter().map(|r| r.theme).collect();
        assert_eq!(themes.len(), 8, "{themes:?}");
        assert!(city.holidays.covers(2026));
        // Station ids must not shadow place ids: a plan's legs name either.
        for s in &city.stations {
            assert!(!known(&s.id), "station id {} is also a place id", s.id);
        }
        let airport = city.station("xining_caojiabao_airport").unwrap();
        assert_eq!(
            airport.position.map(|p| (p.lat, p.lon)),
            Some((36.5275, 102.043))
        );
        assert_eq!(
            city.station("xining_railway_station").unwrap().position,
            None
        );
    }

    /// Spot checks against the research file, so a slip in the conversion shows.
    #[test]
    fn embedded_data_keeps_the_sourced_facts() {
        let places = xining_places();
        let get = |id: &str| places.iter().find(|p| p.id.as_str() == id).unwrap();
        let kumbum = get("kumbum_monastery");
        assert_eq!(kumbum.a_level.get(), 5);
        assert_eq!(kumbum.price_peak.unwrap().to_string(), "70.00");
        assert_eq!(kumbum.price_off.unwrap().to_string(), "40.00");
        // The winter-spring offers' acceptance case (half of Riyue Mountain's off-season price)
        // rests on these; the code tests compute their expectations from the data instead.
        assert_eq!(
            get("riyue_mountain").price_off.unwrap().to_string(),
            "30.00"
        );
        assert!(get("qinghai_plateau_wildlife_zoo").price_off.is_none());
        let pos = kumbum.position.unwrap();
        assert_eq!((pos.lat, pos.lon), (36.48814, 101.566177));
        let museum = get("qinghai_provincial_museum");
        assert_eq!(
            museum.opening_hours.as_ref().unwrap().as_str(),
            "Tu-Su 09:00-17:00; Mo off"
        );
        assert_eq!(museum.last_admission_minutes, Some(30));
        assert_eq!(museum.price_peak.unwrap().fen(), 0);
        // Unknown price stays unknown, not free.
        let memorial = get("west_route_army_memorial");
        assert_eq!((memorial.price_peak, memorial.price_off), (None, None));
        // An approximate position in a note stays in the note.
        let library = get("xining_library");
        assert!(library.position.is_none());
        assert!(library.position_note.as_deref().unwrap().contains("approx"));
        assert!(
            library
                .hours_note
                .as_deref()
                .unwrap()
                .contains("assumption:")
        );
        // The four venues: 19:00 in peak season where the rest of the hours are known…
        let city_museum = get("xining_museum");
        assert_eq!(
            city_museum.opening_hours.as_ref().unwrap().as_str(),
            "May-Oct Tu-Su 09:00-19:00; Nov-Apr Tu-Su 09:00-17:00; Mo off"
        );
        assert_eq!(city_museum.last_admission_minutes, Some(30));
        // …and no hours at all where the opening time is unknown.
        for id in ["xining_cultural_centre", "xining_art_gallery"] {
            let venue = get(id);
            assert!(venue.opening_hours.is_none(), "{id}");
            assert!(
                venue.hours_note.as_deref().unwrap().contains("19:00"),
                "{id}"
            );
        }
        // Conflicting sources: one expression, the alternatives kept in the note.
        let mosque = get("dongguan_mosque");
        assert_eq!(
            mosque.opening_hours.as_ref().unwrap().as_str(),
            "08:00-12:00,14:00-17:00"
        );
        assert!(
            mosque
                .hours_note
                .as_deref()
                .unwrap()
                .contains("08:00-20:00")
        );
        // "Open all day" on a page that also says 08:00-18:00 is not clear enough for 24/7.
        assert!(get("datong_great_wall").opening_hours.is_none());
        assert_eq!(
            places.iter().filter(|p| p.opening_hours.is_some()).count(),
            18
        );
    }

    /// The shipped file is exactly what the CSV export writes for its places: one format.
    #[test]
    fn embedded_file_is_in_the_export_format() {
        let mut out = Vec::new();
        write_places(&xining_places(), ExportFormat::Csv, &mut out).unwrap();
        let written = String::from_utf8(out).unwrap();
        if written != XINING_PLACES_CSV {
            for (i, (a, b)) in written.lines().zip(XINING_PLACES_CSV.lines()).enumerate() {
                assert_eq!(a, b, "line {} differs", i + 1);
            }
            panic!("line counts differ");
        }
    }

    #[test]
    fn the_sample_projects_read_and_keep_unknown_figures_unknown() {
        let ps = super::sample_projects(jiff::civil::date(2024, 1, 1));
        assert_eq!(ps.len(), 7);
        let named = ps.iter().find(|p| p.code == "XN-SRC-01").unwrap();
        assert_eq!(named.total_investment, None);
        assert!(named.funding.is_empty());
        let mut codes: Vec<&str> = ps.iter().map(|p| p.code.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), ps.len());
        // Every stage appears, so every tier of the library has something to show.
        for stage in wenlv_domain::bureau::projects::Stage::ALL {
            assert!(ps.iter().any(|p| p.stage == *stage), "{stage}");
        }
    }
}
