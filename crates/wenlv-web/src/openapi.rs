//! The OpenAPI description of the JSON API, generated from the handlers' annotations (utoipa):
//! `GET /api/openapi.json`, and `GET /api/docs`, a page rendering it (server side, no script).
//!
//! The description states what the server enforces, from the same sources the server reads:
//! closed vocabularies (category, theme, pace, mode, season, …) are enums built from the domain's
//! `ALL` lists or from an exhaustive list of the enum's variants (adding a variant without adding
//! it here does not compile); dates carry `format: date` and a pattern for the service's range
//! (`wenlv_domain::civil`), clock times the `HH:MM` pattern; list lengths and numbers the limits
//! of the planner, the quote endpoint and the place list; a field is nullable only where the
//! server takes `null`, and every object a request sends is closed (`additionalProperties: false`)
//! as the server refuses unknown fields. Every operation lists every status it can answer, each
//! error as an RFC 9457 problem.
//!
//! The planner's request and answer types live in `wenlv-planner`, which knows nothing of HTTP;
//! their schemas are described here by the `…Doc` types, and the web tests check them against
//! real answers (every key of a real itinerary is in its schema, every property of the request
//! schema is accepted), so the description cannot drift silently. The repository's committed
//! `openapi.json` is compared with [`document`] by a test (`UPDATE_OPENAPI=1` rewrites it). In CI,
//! `.ci/api-contract.sh` validates the document and runs Schemathesis and a generated client
//! against a real server.
//!
//! The document describes the API under `/api`, which integrators build on. The health probes
//! (`GET /healthz`, `GET /readyz`, see [`crate::health`]) are left out on purpose: they are for the
//! deployment (an orchestrator or a load balancer), answer outside `/api`, and a generated client
//! has no use for them; a test checks that the document names no path outside `/api`.

use crate::pages::{Chrome, Visit};
use crate::problem::Problem;
use crate::routes_api::{RouteList, RouteView};
use crate::stations_api::{StationList, StationView};
use crate::view::{Feature, FeatureCollection, PlaceList, PlaceView, Point};
use askama::Template;
use axum::Json;
use axum::response::Response;
use serde_json::Value;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::{OpenApi, ToSchema};
use wenlv_domain::{Category, Theme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wenlv",
        description = "The JSON API of wenlv (文旅): places, themed routes and itineraries for a city's visitors. Errors are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`, and `parameter`/`value` for a bad query parameter or `field` for a bad body field. Dates are `YYYY-MM-DD` from 1900-01-01 to 9998-12-31, clock times local (Asia/Shanghai) `HH:MM`. Request bodies are JSON (`Content-Type: application/json`), at most 256 KiB.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        crate::places::list,
        crate::places::get,
        crate::places::geojson,
        crate::hours::day,
        crate::hours::week,
        crate::hours::calendar,
        crate::offers::list,
        crate::quotes::create,
        crate::routes_api::list,
        crate::routes_api::get,
        crate::stations_api::list,
        crate::itineraries::plan,
        crate::itineraries::check,
        crate::accounts_api::users,
        crate::accounts_api::tokens,
        crate::accounts_api::audit,
        crate::accounts_api::audit_csv,
        crate::accounts_api::audit_xlsx,
        crate::meetings_api::list,
        crate::projects_api::list,
        crate::projects_api::totals,
        crate::plans_api::items,
        crate::plans_api::report,
    ),
    components(schemas(
        PlaceView, PlaceList, FeatureCollection, Feature, Point, RouteView, RouteList, Problem,
        StationView, StationList,
        PlanRequestDoc, CheckRequestDoc, CheckDayDoc, EndpointDoc, VisitorDoc, LunchDoc,
        ArrivalDoc, LodgingDoc, DepartureDoc, PointDoc,
        ItineraryDoc, DayDoc, StopDoc, LegDoc, LineStringDoc, ViolationDoc, TotalsDoc, NotFittedDoc,
        DayHoursDoc, IntervalDoc, WeekDoc, CalendarDoc, OfferListDoc, OfferDoc,
        QuoteRequestDoc, QuotesDoc, QuoteDoc, ConsideredDoc,
        UserDoc, UserListDoc, TokenDoc, TokenListDoc, AuditEntryDoc, AuditPageDoc,
        CivilDate, Clock, TripClock, PlaceId, CategoryId, ThemeId, ALevelFilter, BoundingBox, PageLimit,
        PageOffset, Cny, HomeRegion, Themes, PaceId, ModeId, ProductLineId, PricingSeasonId,
        RouteSeasonId, RouteModeId, StationKindId, ReasonKindId, ViolationKindId, NotFittedKindId,
        TravelTimesId, RoleId, LineStringType, LonLat,
        DateParam, CategoryParam, ThemeParam, ALevelParam, BoundingBoxParam, LimitParam,
        OffsetParam, DayBoundParam, OutcomeParam,
        crate::meetings_api::MeetingView, crate::meetings_api::MeetingList, MeetingStatusId, Year,
        YearParam, crate::projects_api::ProjectView, crate::projects_api::ProjectList,
        crate::projects_api::FundingView, crate::projects_api::StageChangeView,
        crate::projects_api::TotalView, crate::projects_api::TotalList, Wan, StageId,
        FundingTypeId, TotalsById,
        PlanSlugId, ItemCodeId, PeriodId, StatusId, StatusParam, PlanItemsDoc, PlanItemDoc,
        ReportRequestDoc, ReportDoc,
    )),
    modifiers(&SecuritySchemes, &UniqueDates),
    tags(
        (name = "places", description = "The catalogue"),
        (name = "hours", description = "Opening hours and the city's calendar"),
        (name = "prices", description = "Offers and quotes"),
        (name = "routes", description = "The bureau's themed routes"),
        (name = "itineraries", description = "Plan a trip, or check a given order; the stations a day can start at"),
        (name = "accounts", description = "Users, API tokens and the audit log (signed in: a bearer token or the session cookie)"),
        (name = "bureau", description = "The bureau's records: the key-project library and dispatch meetings (signed in: a bearer token or the session cookie)"),
        (name = "plans", description = "The battle map (挂图作战): a plan's items with their status, monthly progress reports (signed in)"),
    )
)]
pub struct ApiDoc;

/// The two ways to be signed in: `Authorization: Bearer <token>` (`wenlv token create`) and
/// the session cookie set by the sign-in page.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "wenlv_session",
                "The session cookie set by the sign-in page (/bureau/sign-in)",
            ))),
        );
    }
}

/// The `dates` of a request name each date once (`uniqueItems`), which utoipa's derive cannot say.
struct UniqueDates;

impl utoipa::Modify for UniqueDates {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in ["PlanRequestDoc", "CheckRequestDoc"] {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name)
                && let Some(RefOr::T(Schema::Array(dates))) = object.properties.get_mut("dates")
            {
                dates.unique_items = true;
            }
        }
    }
}

/// The OpenAPI document as pretty JSON with a final newline (the committed file's form).
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

/// `GET /api/openapi.json`
pub async fn json() -> Json<Value> {
    Json(serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises"))
}

// ---- the words and numbers the server checks, as schemas ----------------------------------

/// A date the service takes: `YYYY-MM-DD` with a year from 1900 to 9998 (`wenlv_domain::civil`).
pub const DATE_PATTERN: &str = "^(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// A month `YYYY-MM` from 1900-01 to 9998-12 (`wenlv_domain::bureau::Period::parse`): the
/// years of [`DATE_PATTERN`].
pub const PERIOD_PATTERN: &str =
    "^(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(0[1-9]|1[0-2])$";
/// A clock time `HH:MM`, `24:00` being the end of the day (`wenlv_domain::civil::parse_clock`).
pub const CLOCK_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$";
/// A place, route or station id (`wenlv_domain::PlaceId::parse`).
pub const ID_PATTERN: &str = "^[a-z][a-z0-9_]{0,63}$";
/// A CNY amount as a decimal string with at most two decimals (`wenlv_domain::Money`).
pub const CNY_PATTERN: &str = "^[0-9]{1,12}(\\.[0-9]{1,2})?$";
/// The lowest A-level as `ALevel::parse` reads it: `0`…`5`, `4A`, `AAAA`.
pub const A_LEVEL_PATTERN: &str = "^([0-5]A?|A{1,5})$";
/// A longitude and a latitude in degrees, as `Position::new` takes them.
const LON: &str = "-?(180(\\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\\.[0-9]+)?)";
const LAT: &str = "-?(90(\\.0+)?|[1-8]?[0-9](\\.[0-9]+)?)";

/// `^LON,LAT,LON,LAT$`: two corners of a box (`wenlv_domain::BoundingBox::parse`).
pub fn bbox_pattern() -> String {
    format!("^{LON},{LAT},{LON},{LAT}$")
}

/// A GB/T 2260 division code as `DivisionCode::parse` takes it: a known province, and a
/// prefecture part `00` only with a county part `00`.
pub fn division_pattern() -> String {
    let provinces: Vec<String> = wenlv_domain::region::PROVINCES
        .iter()
        .map(|p| format!("{:02}", p.0))
        .collect();
    format!(
        "^({})(0000|(0[1-9]|[1-9][0-9])[0-9]{{2}})$",
        provinces.join("|")
    )
}

/// Every ISO 3166-1 alpha-2 code `HomeRegion::parse` takes (asked of the parser itself).
pub fn country_codes() -> Vec<String> {
    let letters = b'A'..=b'Z';
    letters
        .clone()
        .flat_map(|a| {
            letters
                .clone()
                .map(move |b| format!("{}{}", a as char, b as char))
        })
        .filter(|code| wenlv_domain::CountryCode::parse(code).is_ok())
        .collect()
}

/// The wire names of serde enums, in order.
fn wire_names<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| match serde_json::to_value(v) {
            Ok(Value::String(s)) => s,
            other => panic!("an enum of names serialises to a string, not {other:?}"),
        })
        .collect()
}

/// Every variant of an enum the domain or planner defines without an `ALL` list. The `match`
/// lists them again without a wildcard, so a new variant does not compile until it is listed.
macro_rules! every_variant {
    ($ty:path { $($variant:ident),+ $(,)? }) => {{
        #[allow(dead_code)]
        fn exhaustive(v: $ty) {
            use $ty as E;
            match v { $(E::$variant)|+ => {} }
        }
        {
            use $ty as E;
            wire_names(&[$(E::$variant),+])
        }
    }};
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::new(Type::String))
}

fn enum_of(names: Vec<String>, description: &str) -> RefOr<Schema> {
    string()
        .enum_values(Some(names))
        .description(Some(description))
        .into()
}

/// A named schema written by hand from the server's own rules.
macro_rules! schema {
    ($(#[$meta:meta])* $name:ident => $body:expr) => {
        $(#[$meta])*
        pub struct $name;
        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $body
            }
        }
        impl ToSchema for $name {}
    };
}

schema!(
    /// A date `YYYY-MM-DD` from 1900-01-01 to 9998-12-31.
    CivilDate => string()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(DATE_PATTERN))
        .description(Some("A calendar date YYYY-MM-DD from 1900-01-01 to 9998-12-31 (the dates this service answers for)."))
        .examples(["2024-01-09"])
        .into()
);
schema!(
    /// A local clock time `HH:MM`.
    Clock => string()
        .pattern(Some(CLOCK_PATTERN))
        .description(Some("A local (Asia/Shanghai) clock time HH:MM, 00:00 to 23:59; 24:00 is the end of the day."))
        .examples(["09:00"])
        .into()
);
schema!(
    /// A clock time in an answer: past `24:00` when a checked order runs past midnight.
    TripClock => string()
        .pattern(Some("^[0-9]{2,}:[0-5][0-9]$"))
        .description(Some("A local clock time HH:MM on the day's date; past 24:00 (e.g. 25:10) when a checked order runs on past midnight."))
        .examples(["09:30"])
        .into()
);
schema!(
    /// A place id.
    PlaceId => string()
        .pattern(Some(ID_PATTERN))
        .max_length(Some(64))
        .description(Some("A place id: lower-case letters, digits and `_`, starting with a letter. Unknown ids are refused with a problem naming them."))
        .examples(["kumbum_monastery"])
        .into()
);
schema!(
    /// A category id.
    CategoryId => enum_of(
        Category::ALL.iter().map(|c| c.as_str().to_string()).collect(),
        "A category id."
    )
);
schema!(
    /// A theme id.
    ThemeId => enum_of(
        Theme::ALL.iter().map(|t| t.as_str().to_string()).collect(),
        "A theme id."
    )
);
schema!(
    /// The lowest A-level of a place filter.
    ALevelFilter => string()
        .pattern(Some(A_LEVEL_PATTERN))
        .description(Some("The lowest A-level: 0 to 5, also written 4A or AAAA."))
        .examples(["4"])
        .into()
);
schema!(
    /// A WGS-84 box.
    BoundingBox => string()
        .pattern(Some(bbox_pattern()))
        .description(Some("Two corners of a WGS-84 box as lon,lat,lon,lat in degrees (longitudes -180 to 180, latitudes -90 to 90), usually min_lon,min_lat,max_lon,max_lat; corners in the other order span the same box."))
        .examples(["101.7,36.5,101.9,36.7"])
        .into()
);
schema!(
    /// A page size.
    PageLimit => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .minimum(Some(0))
        .maximum(Some(crate::places::MAX_LIMIT))
        .default(Some(crate::places::DEFAULT_LIMIT.into()))
        .description(Some("How many matches to answer (0 answers only the total)."))
        .into()
);
schema!(
    /// Matches to skip.
    PageOffset => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(0))
        .maximum(Some(u32::MAX))
        .default(Some(0.into()))
        .description(Some("How many matches to skip, in id order (past the end: an empty page)."))
        .into()
);
schema!(
    /// An amount in CNY.
    Cny => string()
        .pattern(Some(CNY_PATTERN))
        .description(Some("An amount in CNY as a decimal string with at most two decimals."))
        .examples(["150.00"])
        .into()
);
schema!(
    /// A visitor's home.
    HomeRegion => AnyOfBuilder::new()
        .item(string()
            .pattern(Some(division_pattern()))
            .description(Some("A GB/T 2260 division code of a known province (`630000` Qinghai, `320000` Jiangsu, or a finer code such as `630102`)")))
        .item(string()
            .enum_values(Some(country_codes()))
            .description(Some("An ISO 3166-1 alpha-2 country code (also accepted in lower case)")))
        .description(Some("Where the visitor lives: a Chinese division or a foreign country."))
        .examples(["320000"])
        .into()
);
schema!(
    /// Theme weights.
    Themes => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Object))
        .property_names(Some(string().enum_values(Some(
            Theme::ALL.iter().map(|t| t.as_str().to_string()).collect::<Vec<_>>()
        ))))
        .additional_properties(Some(
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::Number))
                .minimum(Some(0))
                .maximum(Some(10)),
        ))
        .description(Some("Theme id → weight from 0 to 10, e.g. `{\"old_town\": 1.0, \"food\": 0.5}`."))
        .into()
);
schema!(
    /// How long a visitor stays at each stop.
    PaceId => enum_of(
        every_variant!(wenlv_planner::Pace { Relaxed, Normal, Brisk }),
        "`relaxed` (1.25 × a typical visit), `normal` or `brisk` (0.75 ×)."
    )
);
schema!(
    /// How a visitor moves between stops.
    ModeId => enum_of(
        every_variant!(wenlv_planner::Mode { Walk, Drive }),
        "How the visitor moves between stops."
    )
);
schema!(
    /// A product line of the bureau's routes.
    ProductLineId => enum_of(
        every_variant!(wenlv_domain::ProductLine { WinterSpring, SummerAutumn }),
        "The bureau's product line of the date."
    )
);
schema!(
    /// A pricing season.
    PricingSeasonId => enum_of(
        every_variant!(wenlv_domain::PricingSeason { Peak, Off }),
        "The pricing season: peak (旺季) or off (淡季)."
    )
);
schema!(
    /// When a route is offered.
    RouteSeasonId => enum_of(
        every_variant!(wenlv_domain::RouteSeason { WinterSpring, SummerAutumn, AllYear }),
        "The product line a route belongs to."
    )
);
schema!(
    /// How a route is travelled.
    RouteModeId => enum_of(
        every_variant!(wenlv_domain::RouteMode { Walk, Drive }),
        "How the route is travelled between stops."
    )
);
schema!(
    /// What kind of station.
    StationKindId => enum_of(
        every_variant!(wenlv_domain::StationKind { Railway, Airport, Coach }),
        "What kind of station."
    )
);
schema!(
    /// Why an offer applied or not.
    ReasonKindId => enum_of(
        every_variant!(wenlv_domain::ReasonKind {
            Applied, OutsideDates, NotThisPlace, NotEligible, NoSaving, BetterOffer, PriceUnknown
        }),
        "Why an offer applied or not, as a code for translations."
    )
);
schema!(
    /// What a checked order breaks.
    ViolationKindId => enum_of(
        wenlv_planner::ViolationKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
        "What a checked order breaks: per day `closed`, `after_last_admission`, `misses_window`, `over_day_end`, `no_route` (no street route for a leg); for the trip `over_budget`, `no_position`."
    )
);
schema!(
    /// Why a place is not in the plan.
    NotFittedKindId => enum_of(
        wenlv_planner::NotFittedKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
        "Why a place is not in the plan: `closed`, `too_far`, `over_budget`, `after_last_admission`, `no_time`; for a must-see also `no_position` (its position is unknown) or `price_unknown` (a budget cannot be checked)."
    )
);
schema!(
    /// What an itinerary's travel times rest on.
    TravelTimesId => enum_of(
        every_variant!(wenlv_planner::TravelTimesKind { Street, Estimated }),
        "`street` when a routing engine (OSRM) gave the times of all legs (each leg then has its `geometry`), `estimated` when the straight-line estimate was used (no engine configured for the mode, or it was down, slow or answered an error; `travel_times_note` says which)."
    )
);
schema!(
    /// What a day's start or end point is to the traveller.
    RoleId => enum_of(
        every_variant!(wenlv_planner::Role { Start, End, Arrival, Lodging, Departure }),
        "What the point is: the request's `start` or `end`, the trip's `arrival`, `lodging` or `departure`."
    )
);
schema!(
    /// The GeoJSON type of a leg's path.
    LineStringType => enum_of(vec!["LineString".to_string()], "Always `LineString`.")
);
schema!(
    /// A GeoJSON position.
    LonLat => utoipa::openapi::schema::ArrayBuilder::new()
        .prefix_items([
            ObjectBuilder::new().schema_type(SchemaType::new(Type::Number)).minimum(Some(-180)).maximum(Some(180)),
            ObjectBuilder::new().schema_type(SchemaType::new(Type::Number)).minimum(Some(-90)).maximum(Some(90)),
        ])
        .items(utoipa::openapi::schema::ArrayItems::False)
        .min_items(Some(2))
        .max_items(Some(2))
        .description(Some("A WGS-84 position [lon, lat] in degrees."))
        .into()
);

/// An empty or blank value: Unicode `White_Space` only, what `str::trim` removes (spelled out:
/// `\s` differs between regex dialects, e.g. on U+0085 and U+FEFF).
pub const BLANK_PATTERN: &str = "^[\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*$";

/// A query parameter's schema: `schema`, or an empty (or blank) value, which counts as not given
/// (as HTML forms send them).
fn or_empty<T: ToSchema>(description: &str) -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(RefOr::Ref(
            utoipa::openapi::Ref::from_schema_name(T::name()),
        ))
        .item(string().pattern(Some(BLANK_PATTERN)))
        .description(Some(description))
        .into()
}

schema!(
    /// `date`/`from` of the hours and calendar endpoints.
    DateParam => or_empty::<CivilDate>("A date YYYY-MM-DD from 1900-01-01 to 9998-12-31; empty means today in the city.")
);
schema!(
    /// `from`/`to` of the audit log's filters.
    DayBoundParam => or_empty::<CivilDate>("A day YYYY-MM-DD from 1900-01-01 to 9998-12-31 in the city's time zone; empty means no bound.")
);
schema!(
    /// `outcome` of the audit log's filters.
    OutcomeParam => AnyOfBuilder::new()
        .item(enum_of(
            vec!["done".to_string(), "refused".to_string()],
            "done: the change was made; refused: the attempt was denied",
        ))
        .item(string().pattern(Some(BLANK_PATTERN)))
        .description(Some("done or refused; empty means either"))
        .into()
);
schema!(
    /// A year.
    Year => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .minimum(Some(1900))
        .maximum(Some(9998))
        .description(Some("A year from 1900 to 9998."))
        .into()
);
schema!(
    /// `year` of the meetings' calendar.
    YearParam => or_empty::<Year>("A year 1900 to 9998; empty means every year.")
);
schema!(
    /// An amount in 万元.
    Wan => string()
        .pattern(Some("^[0-9]+\\.[0-9]{2,6}$"))
        .description(Some("An amount in 万元 (10,000 CNY) as an exact decimal string, at least two decimals (e.g. 12345.67)."))
        .examples(["3169.02"])
        .into()
);
schema!(
    /// A project's stage.
    StageId => enum_of(
        wenlv_domain::bureau::projects::Stage::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        "reserve 储备, study 研究, implementation 实施, completed 已完成, shelved 搁置",
    )
);
schema!(
    /// A funding line's type.
    FundingTypeId => enum_of(
        wenlv_domain::bureau::projects::FundingType::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        "The kind of funding line",
    )
);
schema!(
    /// What the project totals are grouped by.
    TotalsById => enum_of(
        vec!["stage".to_string(), "district".to_string(), "funding".to_string()],
        "stage, district or funding",
    )
);
schema!(
    /// A meeting's state.
    MeetingStatusId => enum_of(
        vec!["planned".to_string(), "held".to_string()],
        "planned: on the calendar; held: it has taken place",
    )
);
schema!(
    /// `category` of the place filters.
    CategoryParam => or_empty::<CategoryId>("A category id; empty means any.")
);
schema!(
    /// `theme` of the place filters.
    ThemeParam => or_empty::<ThemeId>("A theme id; empty means any.")
);
schema!(
    /// `min_a_level` of the place filters.
    ALevelParam => or_empty::<ALevelFilter>("The lowest A-level; empty means any.")
);
schema!(
    /// `bbox` of the place filters.
    BoundingBoxParam => or_empty::<BoundingBox>("A box; empty means anywhere.")
);
schema!(
    /// `limit` of the place list.
    LimitParam => or_empty::<PageLimit>("A page size 0 to 500; empty means 50.")
);
schema!(
    /// `offset` of the place list.
    OffsetParam => or_empty::<PageOffset>("Matches to skip; empty means 0.")
);

// ---- requests -----------------------------------------------------------------------------

/// Where a trip starts or ends: a place, a station (`GET /api/stations`), or a WGS-84 point.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum EndpointDoc {
    Place {
        /// A place id with a known position.
        place: PlaceId,
    },
    Station {
        /// A station id with a known position.
        #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$", max_length = 64)]
        station: String,
    },
    Point {
        #[schema(minimum = -90, maximum = 90)]
        lat: f64,
        #[schema(minimum = -180, maximum = 180)]
        lon: f64,
    },
}

/// Who travels; offers depend on it. Unknown facts are left out (or null).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct VisitorDoc {
    /// GB/T 2260 code (`320000`, or finer) or ISO 3166-1 alpha-2 country (`DE`).
    #[schema(nullable)]
    home_region: Option<HomeRegion>,
    /// Age in whole years.
    #[schema(minimum = 0, maximum = 4294967295_u64, format = Int64)]
    age: Option<u32>,
    #[serde(default)]
    #[schema(default = false)]
    student: bool,
    #[serde(default)]
    #[schema(default = false)]
    senior: bool,
    #[serde(default)]
    #[schema(default = false)]
    military: bool,
    #[serde(default)]
    #[schema(default = false)]
    disabled: bool,
    /// The size of the visitor's group, the visitor included.
    #[schema(minimum = 0, maximum = 4294967295_u64, format = Int64)]
    group_size: Option<u32>,
}

/// A lunch break no visit overlaps; `to` is after `from`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct LunchDoc {
    from: Clock,
    to: Clock,
}

/// Where and when the trip arrives: exactly one of `station`, `place` or `lat`+`lon` (a field left
/// out and a `null` one are the same), and the time on the first date. The first day starts
/// there, not before the time.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ArrivalDoc {
    /// A station id (`GET /api/stations`) with a known position.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$", max_length = 64)]
    station: Option<String>,
    /// A place id with a known position.
    #[schema(nullable)]
    place: Option<PlaceId>,
    #[schema(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    lon: Option<f64>,
    /// The time of arrival on the first date.
    #[schema(example = "14:30")]
    time: Clock,
}

/// Where the visitor sleeps: exactly one of `place` or `lat`+`lon`. Every day starts and ends
/// there, but the arrival day (starts at the arrival) and the departure day (ends at the
/// departure).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct LodgingDoc {
    /// A place id with a known position.
    #[schema(nullable)]
    place: Option<PlaceId>,
    #[schema(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    lon: Option<f64>,
}

/// Where and when the trip leaves: exactly one of `station`, `place` or `lat`+`lon`, the time on
/// the last date and how long before it the visitor must be there.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct DepartureDoc {
    /// A station id (`GET /api/stations`) with a known position.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$", max_length = 64)]
    station: Option<String>,
    /// A place id with a known position.
    #[schema(nullable)]
    place: Option<PlaceId>,
    #[schema(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    lon: Option<f64>,
    /// The flight's or train's time (or when to be at the place) on the last date.
    #[schema(example = "17:00")]
    time: Clock,
    /// Minutes before `time` the last day must reach the departure point (0 to 600; not before
    /// midnight). Default: 90 at an airport, 30 at a railway or coach station, 0 at a place or
    /// point.
    #[schema(minimum = 0, maximum = 600, format = Int64)]
    buffer_minutes: Option<u32>,
}

/// `POST /api/itineraries`: a visitor's wish. Times are local (Asia/Shanghai) "HH:MM".
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "dates": ["2024-01-09"], "start": {"place": "limeng_pedestrian_street"},
    "day_start": "09:00", "day_end": "18:00", "themes": {"old_town": 1.0, "food": 0.5},
    "budget_cny": "150.00", "visitor": {"home_region": "320000", "age": 30},
    "pace": "normal", "mode": "walk"}))]
#[allow(dead_code)]
pub struct PlanRequestDoc {
    /// The days to plan, one date each, all different (1 to 7).
    #[schema(min_items = 1, max_items = 7)]
    dates: Vec<CivilDate>,
    /// Where every day starts. Required unless `lodging` is given (or, for one date, both
    /// `arrival` and `departure`); not together with `lodging`.
    #[schema(nullable)]
    start: Option<EndpointDoc>,
    /// Same as `start` when absent or null.
    #[schema(nullable)]
    end: Option<EndpointDoc>,
    /// When each day starts; before `day_end`.
    #[serde(default)]
    #[schema(default = "09:00")]
    day_start: Clock,
    /// When each day ends; after `day_start`.
    #[serde(default)]
    #[schema(default = "18:00")]
    day_end: Clock,
    #[serde(default)]
    themes: Themes,
    /// Places the plan should include (at most 500; none also in `skip`).
    #[serde(default)]
    #[schema(max_items = 500)]
    must_see: Vec<PlaceId>,
    /// Places the plan leaves out (at most 500).
    #[serde(default)]
    #[schema(max_items = 500)]
    skip: Vec<PlaceId>,
    /// Ticket budget for the whole trip, CNY decimal string; absent or null = no limit.
    #[schema(nullable)]
    budget_cny: Option<Cny>,
    #[serde(default)]
    visitor: VisitorDoc,
    #[serde(default)]
    #[schema(default = "normal")]
    pace: PaceId,
    #[serde(default)]
    #[schema(default = "walk")]
    mode: ModeId,
    #[schema(nullable)]
    lunch: Option<LunchDoc>,
    #[schema(nullable)]
    arrival: Option<ArrivalDoc>,
    #[schema(nullable)]
    lodging: Option<LodgingDoc>,
    #[schema(nullable)]
    departure: Option<DepartureDoc>,
}

/// One day of a visitor's own order.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct CheckDayDoc {
    date: CivilDate,
    /// Place ids in visiting order (at most 40).
    #[schema(max_items = 40)]
    stops: Vec<PlaceId>,
}

/// `POST /api/itineraries/check`: the planning request's fields (`dates` may be left out) plus
/// the fixed days.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "days": [{"date": "2024-01-08", "stops": ["qinghai_provincial_museum", "dongguan_mosque"]}],
    "start": {"place": "dongguan_mosque"}, "day_start": "09:00", "day_end": "18:00"}))]
#[allow(dead_code)]
pub struct CheckRequestDoc {
    /// The stops to time, per date (1 to 7 days on different dates).
    #[schema(min_items = 1, max_items = 7)]
    days: Vec<CheckDayDoc>,
    /// When given, exactly the days' dates (in any order); taken from `days` when absent.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 7)]
    dates: Vec<CivilDate>,
    /// As in the planning request.
    #[schema(nullable)]
    start: Option<EndpointDoc>,
    #[schema(nullable)]
    end: Option<EndpointDoc>,
    #[serde(default)]
    #[schema(default = "09:00")]
    day_start: Clock,
    #[serde(default)]
    #[schema(default = "18:00")]
    day_end: Clock,
    #[serde(default)]
    themes: Themes,
    #[serde(default)]
    #[schema(max_items = 500)]
    must_see: Vec<PlaceId>,
    #[serde(default)]
    #[schema(max_items = 500)]
    skip: Vec<PlaceId>,
    #[schema(nullable)]
    budget_cny: Option<Cny>,
    #[serde(default)]
    visitor: VisitorDoc,
    #[serde(default)]
    #[schema(default = "normal")]
    pace: PaceId,
    #[serde(default)]
    #[schema(default = "walk")]
    mode: ModeId,
    #[schema(nullable)]
    lunch: Option<LunchDoc>,
    #[schema(nullable)]
    arrival: Option<ArrivalDoc>,
    #[schema(nullable)]
    lodging: Option<LodgingDoc>,
    #[schema(nullable)]
    departure: Option<DepartureDoc>,
}

/// `POST /api/quotes`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2024-01-10", "visitor": {"home_region": "320000", "age": 30},
    "places": ["kumbum_monastery", "riyue_mountain"]}))]
#[allow(dead_code)]
pub struct QuoteRequestDoc {
    date: CivilDate,
    #[serde(default)]
    visitor: VisitorDoc,
    /// Place ids (1 to 200), each known to the catalogue.
    #[schema(min_items = 1, max_items = 200)]
    places: Vec<PlaceId>,
}

// ---- answers ------------------------------------------------------------------------------

/// A planned stop.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StopDoc {
    place: String,
    name_zh: String,
    name_en: String,
    lat: f64,
    lon: f64,
    arrive: TripClock,
    start: TripClock,
    leave: TripClock,
    /// CNY decimal string for this visitor that day; null when unknown.
    price: Option<Cny>,
    /// False when the place's hours are unknown.
    hours_known: bool,
}

/// A leg between consecutive points of a day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LegDoc {
    from: String,
    to: String,
    minutes: u32,
    meters: u32,
    /// The path along the streets (GeoJSON LineString, `[lon, lat]` WGS-84) when the itinerary's
    /// `travel_times` is `street`; absent with estimated times.
    #[serde(default)]
    geometry: LineStringDoc,
}

/// A GeoJSON LineString (RFC 7946).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LineStringDoc {
    r#type: LineStringType,
    /// `[lon, lat]` positions in WGS-84.
    coordinates: Vec<LonLat>,
}

/// Something a checked order breaks.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ViolationDoc {
    kind: ViolationKindId,
    place: Option<String>,
    message: String,
}

/// A day's start or end point.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PointDoc {
    role: RoleId,
    /// The place or station id; null for a point on the map.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$")]
    id: Option<String>,
    #[schema(minimum = -90, maximum = 90)]
    lat: f64,
    #[schema(minimum = -180, maximum = 180)]
    lon: f64,
}

/// One day of the itinerary.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DayDoc {
    date: CivilDate,
    stops: Vec<StopDoc>,
    /// From `start_point` through the stops to `end_point`.
    legs: Vec<LegDoc>,
    /// Leaving the start point: `day_start`, or the arrival time on the arrival day (earlier on
    /// a departure day when the departure needs it).
    depart: TripClock,
    /// Reaching the end point.
    back: TripClock,
    /// The day must reach its end point by then: `day_end`, or the departure time minus its
    /// buffer (past `24:00` when an arrival after the day's end still has to reach the lodging).
    latest_back: TripClock,
    start_point: PointDoc,
    end_point: PointDoc,
    /// Why the day has no stops (counts per reason, and what the other mode would fit); absent
    /// when it has stops.
    #[serde(default)]
    empty_reason: String,
    /// Check mode only; absent when empty.
    #[serde(default)]
    violations: Vec<ViolationDoc>,
}

/// Totals over all days.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TotalsDoc {
    score: i64,
    /// Sum of known prices, CNY decimal string.
    cost: Cny,
    meters: u64,
    unknown_prices: u32,
}

/// A place not in the plan, and why: every must-see left out, every place with no street route
/// from a day's start or on to its end on any day (kind `too_far`) and, when a day has fewer than
/// two stops, the five best-scoring places left out, each tried alone on every day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NotFittedDoc {
    place: String,
    reason: String,
    kind: NotFittedKindId,
}

/// The itinerary: per day the stops with times and prices, legs, totals.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ItineraryDoc {
    days: Vec<DayDoc>,
    totals: TotalsDoc,
    not_fitted: Vec<NotFittedDoc>,
    excluded_no_position: Vec<String>,
    /// Trip-level violations (check mode); absent when empty.
    #[serde(default)]
    violations: Vec<ViolationDoc>,
    travel_times: TravelTimesId,
    /// Why the times are estimated; absent with street times.
    #[serde(default)]
    travel_times_note: String,
}

/// One open (or unknown) stretch of a day, local "HH:MM".
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct IntervalDoc {
    from: Clock,
    /// "24:00" for midnight at the end of the day.
    to: Clock,
    /// Present (true) when `to` is on the next day.
    #[serde(default)]
    ends_next_day: bool,
    /// Present (true) when the stretch began the day before.
    #[serde(default)]
    started_previous_day: bool,
    last_admission: Option<Clock>,
    comment: Option<String>,
}

/// `GET /api/places/{id}/hours`: one day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DayHoursDoc {
    date: CivilDate,
    /// Empty when closed (or when the hours are unknown: see `hours_known`).
    open: Vec<IntervalDoc>,
    /// Stretches marked unknown; absent when none.
    #[serde(default)]
    unknown: Vec<IntervalDoc>,
    last_admission: Option<Clock>,
    /// Null when the holiday data does not cover the year.
    public_holiday: Option<bool>,
    note: Option<String>,
    hours_known: bool,
}

/// `GET /api/places/{id}/week`: seven days.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct WeekDoc {
    place: String,
    from: CivilDate,
    #[schema(min_items = 7, max_items = 7)]
    days: Vec<DayHoursDoc>,
}

/// `GET /api/calendar`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CalendarDoc {
    date: CivilDate,
    product_line: ProductLineId,
    /// The city-wide pricing season (a place with its own season calendar may differ).
    pricing_season: PricingSeasonId,
    public_holiday: Option<bool>,
    working_day: Option<bool>,
    holiday_name: Option<String>,
    note: Option<String>,
}

/// An offer (preferential policy).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OfferDoc {
    id: String,
    title_zh: String,
    title_en: String,
    /// The legal basis or source text.
    basis: String,
    source: Option<String>,
    valid_from: CivilDate,
    valid_to: CivilDate,
    /// Which places: `{"ids": […], "filter": {"min_a_level", "categories", "districts"} | null, "exclude": […]}`.
    #[schema(value_type = Object)]
    places: serde_json::Value,
    /// Who: `{"home_regions": […], "age_min", "age_max", "student", "senior", "military", "disabled", "min_group_size"}`.
    #[schema(value_type = Object)]
    eligibility: serde_json::Value,
    /// What: `{"kind": "free" | "fixed_price" | "percent_of_peak" | "off_season_price" | "percent_of_off_season" | "percent_off", …}`.
    #[schema(value_type = Object)]
    effect: serde_json::Value,
    stacks: bool,
    assumptions: Vec<String>,
}

/// `GET /api/offers`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OfferListDoc {
    items: Vec<OfferDoc>,
}

/// One offer considered for a quote.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ConsideredDoc {
    offer: String,
    applied: bool,
    kind: ReasonKindId,
    /// The reason in English words, with its details.
    reason: String,
    price: Option<Cny>,
    /// The offer's marked assumptions; absent when none.
    #[serde(default)]
    assumptions: Vec<String>,
}

/// The price of one place for one visitor on one date, and why.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QuoteDoc {
    place: String,
    date: CivilDate,
    season: PricingSeasonId,
    season_basis: String,
    /// CNY decimal string; null = unknown (never 0 for unknown).
    base_price: Option<Cny>,
    final_price: Option<Cny>,
    applied_offer: Option<String>,
    considered: Vec<ConsideredDoc>,
    note: Option<String>,
}

/// The answer of `POST /api/quotes`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QuotesDoc {
    quotes: Vec<QuoteDoc>,
}

// ---- the browsable page -------------------------------------------------------------------

/// A parameter row.
pub struct ParamRow {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub kind: String,
    pub description: String,
}

/// One response.
pub struct ResponseRow {
    pub status: String,
    pub description: String,
    pub body: String,
}

/// One operation (method + path).
pub struct Operation {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<ParamRow>,
    pub body: String,
    pub responses: Vec<ResponseRow>,
}

pub struct PropRow {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

pub struct SchemaDoc {
    pub name: String,
    pub description: String,
    pub props: Vec<PropRow>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
pub struct DocsPage {
    pub c: Chrome,
    pub title: String,
    pub version: String,
    pub description: String,
    pub operations: Vec<Operation>,
    pub schemas: Vec<SchemaDoc>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// A schema in words: `string`, `integer (int64)`, `array of StopDoc`, `PlaceView`, `a or b`.
fn kind(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = list.iter().map(kind).filter(|k| k != "null").collect();
            let nullable = list
                .iter()
                .any(|s| s.get("type") == Some(&Value::from("null")));
            let joined = parts.join(if key == "allOf" { " and " } else { " or " });
            return if nullable {
                format!("{joined} or null")
            } else {
                joined
            };
        }
    }
    let base = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".to_string(),
    };
    let base = if base.starts_with("array") {
        base.replacen(
            "array",
            &format!(
                "array of {}",
                schema.get("items").map(kind).unwrap_or_default()
            ),
            1,
        )
    } else if base.starts_with("object") && schema.get("additionalProperties").is_some() {
        base.replacen(
            "object",
            &format!(
                "map of {}",
                schema
                    .get("additionalProperties")
                    .map(kind)
                    .unwrap_or_default()
            ),
            1,
        )
    } else {
        base
    };
    match schema.get("format").and_then(Value::as_str) {
        Some(f) => format!("{base} ({f})"),
        None => base,
    }
}

/// What a schema's keywords restrict, in words: `one of: walk, drive`, `pattern ^…$`,
/// `0 to 500`, `1 to 7 items`, `each once`, `closed`.
fn constraints(schema: &Value) -> String {
    let mut out = Vec::new();
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        out.push(if names.len() <= 30 {
            format!("one of: {}", names.join(", "))
        } else {
            format!("one of {} values", names.len())
        });
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        out.push(format!("pattern {p}"));
    }
    let range = |low: &str, high: &str, unit: &str| -> Option<String> {
        match (schema.get(low), schema.get(high)) {
            (Some(a), Some(b)) => Some(format!("{a} to {b}{unit}")),
            (Some(a), None) => Some(format!("at least {a}{unit}")),
            (None, Some(b)) => Some(format!("at most {b}{unit}")),
            (None, None) => None,
        }
    };
    out.extend(range("minimum", "maximum", ""));
    out.extend(range("minItems", "maxItems", " items"));
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        out.push("each once".to_string());
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        out.push("no other properties".to_string());
    }
    out.join("; ")
}

/// A schema's kind and, when it has any, its constraints.
fn kind_and_constraints(schema: &Value) -> String {
    match constraints(schema) {
        c if c.is_empty() => kind(schema),
        c => format!("{} ({c})", kind(schema)),
    }
}

fn content_body(v: &Value) -> String {
    v.get("content")
        .and_then(Value::as_object)
        .map(|c| {
            c.iter()
                .map(|(media, m)| {
                    format!(
                        "{} ({media})",
                        m.get("schema").map(kind).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// One operation of the document as the docs page lists it.
fn operation(method: &str, path: &str, op: &Value) -> Operation {
    Operation {
        anchor: format!("{method}-{path}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect(),
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: text(op, "summary"),
        description: text(op, "description"),
        params: op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| ParamRow {
                name: text(p, "name"),
                location: text(p, "in"),
                required: p["required"].as_bool().unwrap_or(false),
                kind: p
                    .get("schema")
                    .map(kind_and_constraints)
                    .unwrap_or_default(),
                description: text(p, "description"),
            })
            .collect(),
        body: op.get("requestBody").map(content_body).unwrap_or_default(),
        responses: op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(status, r)| ResponseRow {
                status: status.clone(),
                description: text(r, "description"),
                body: content_body(r),
            })
            .collect(),
    }
}

/// One schema of the document as the docs page lists it, with its properties.
fn schema_doc(name: &str, s: &Value) -> SchemaDoc {
    let required: Vec<&str> = s["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let props = s["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(p, ps)| PropRow {
            name: p.clone(),
            kind: kind_and_constraints(ps),
            required: required.contains(&p.as_str()),
            description: text(ps, "description"),
        })
        .collect::<Vec<_>>();
    SchemaDoc {
        name: name.to_string(),
        description: text(s, "description"),
        note: if props.is_empty() {
            kind_and_constraints(s)
        } else {
            constraints(s)
        },
        props,
    }
}

/// `GET /api/docs`
pub async fn page(visit: Visit) -> Response {
    let doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            operations.push(operation(method, path, op));
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| schema_doc(name, s))
        .collect();
    let l = visit.lang;
    let page = DocsPage {
        c: Chrome::new(
            &visit,
            l.t("接口文档", "API docs").to_string(),
            "docs",
            false,
        ),
        title: text(&doc["info"], "title"),
        version: text(&doc["info"], "version"),
        description: text(&doc["info"], "description"),
        operations,
        schemas,
    };
    visit.respond(page)
}

/// For tests: the keys of `value` that the schema `schema` (in `doc`) does not describe, and
/// the required properties `value` lacks, as paths (`days[0].stops[1].name_xx`).
pub fn undocumented(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let resolve = |s: &Value| -> Value {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => doc["components"]["schemas"][r.rsplit('/').next().unwrap_or("")].clone(),
            None => s.clone(),
        }
    };
    let schema = resolve(schema);
    let mut out = Vec::new();
    if let Some(list) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        // Fits when one alternative fits (null included).
        let fits = list.iter().any(|alt| {
            let alt = resolve(alt);
            (value.is_null() && alt.get("type") == Some(&Value::from("null")))
                || (!value.is_null()
                    && alt.get("type") != Some(&Value::from("null"))
                    && undocumented(doc, &alt, value, at).is_empty())
        });
        if !fits {
            out.push(format!("{at}: fits no alternative"));
        }
        return out;
    }
    match value {
        // An object schema without properties ("any object") describes any keys.
        Value::Object(_) if schema.get("properties").is_none() => {}
        Value::Object(map) => {
            let props = schema["properties"].as_object();
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => out.extend(undocumented(doc, ps, v, &format!("{at}.{k}"))),
                    None if schema.get("additionalProperties").is_some() => {}
                    None => out.push(format!("{at}.{k}: not in the schema")),
                }
            }
            for r in schema["required"].as_array().into_iter().flatten() {
                if let Some(r) = r.as_str()
                    && !map.contains_key(r)
                {
                    out.push(format!("{at}.{r}: required but missing"));
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                out.extend(undocumented(
                    doc,
                    &schema["items"],
                    v,
                    &format!("{at}[{i}]"),
                ));
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_read_like_words() {
        assert_eq!(
            kind(&json!({"$ref": "#/components/schemas/StopDoc"})),
            "StopDoc"
        );
        assert_eq!(
            kind(&json!({"type": "array", "items": {"type": "string"}})),
            "array of string"
        );
        assert_eq!(kind(&json!({"type": ["string", "null"]})), "string or null");
        assert_eq!(
            kind(&json!({"type": "integer", "format": "int64"})),
            "integer (int64)"
        );
    }

    #[test]
    fn constraints_read_like_words() {
        assert_eq!(
            kind_and_constraints(&json!({"type": "string", "enum": ["walk", "drive"]})),
            "string (one of: walk, drive)"
        );
        assert_eq!(
            kind_and_constraints(
                &json!({"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 7, "uniqueItems": true})
            ),
            "array of string (1 to 7 items; each once)"
        );
        assert_eq!(
            constraints(&json!({"type": "integer", "minimum": 0, "maximum": 500})),
            "0 to 500"
        );
        assert_eq!(constraints(&json!({"type": "string"})), "");
    }

    #[test]
    fn undocumented_names_extra_and_missing_keys() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schema = json!({"$ref": "#/components/schemas/LegDoc"});
        let ok = json!({"from": "start", "to": "a", "minutes": 3, "meters": 200});
        assert!(undocumented(&doc, &schema, &ok, "leg").is_empty());
        let bad = json!({"from": "start", "to": "a", "minutes": 3, "seconds": 1});
        assert_eq!(
            undocumented(&doc, &schema, &bad, "leg"),
            [
                "leg.seconds: not in the schema",
                "leg.meters: required but missing"
            ]
        );
    }
}

/// A user as admins see it (`GET /api/users`); never a password hash.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UserDoc {
    name: String,
    /// viewer, reporter, staff or admin.
    role: String,
    /// The unit a reporter reports for (reporters only).
    unit: Option<String>,
    /// The command line's system user (never signs in).
    system: bool,
    disabled: bool,
    /// RFC 3339.
    created_at: String,
}

/// `GET /api/users`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UserListDoc {
    items: Vec<UserDoc>,
    total: u64,
}

/// An API token as admins see it (`GET /api/tokens`); never its secret.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TokenDoc {
    name: String,
    role: String,
    unit: Option<String>,
    /// active, expired or revoked.
    state: String,
    created_by: String,
    /// RFC 3339.
    created_at: String,
    expires_at: Option<String>,
    last_used_at: Option<String>,
}

/// `GET /api/tokens`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TokenListDoc {
    items: Vec<TokenDoc>,
    total: u64,
}

/// One entry of the audit log: who, when, from where, what, before and after.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditEntryDoc {
    /// In order of writing.
    id: i64,
    /// RFC 3339.
    at: String,
    /// A user name, token:NAME, wenlv-cli (the command line) or visitor.
    actor: String,
    role: String,
    /// The caller's address, or cli (os user …).
    origin: String,
    /// e.g. user.add, token.revoke, session.sign_in.
    action: String,
    entity: String,
    entity_id: String,
    /// done or refused.
    outcome: String,
    before: Option<Value>,
    after: Option<Value>,
    detail: Option<String>,
}

/// `GET /api/audit`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditPageDoc {
    items: Vec<AuditEntryDoc>,
    total: u64,
}

// The battle map (`crate::plans_api`).
schema!(
    /// A plan's slug.
    PlanSlugId => string()
        .pattern(Some("^[a-z0-9][a-z0-9-]{0,63}$"))
        .description(Some("A plan's slug: lower-case letters, digits and '-', 1 to 64 characters."))
        .examples(["xining-2023"])
        .into()
);
schema!(
    /// An item's code.
    ItemCodeId => string()
        .pattern(Some("^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$"))
        .max_length(Some(64))
        .description(Some("An item's code: parts of letters or digits separated by '.', such as 2.3.4."))
        .examples(["1.2.3"])
        .into()
);
schema!(
    /// A month `YYYY-MM`.
    PeriodId => string()
        .pattern(Some(PERIOD_PATTERN))
        .description(Some("A month YYYY-MM, the period a progress report is for."))
        .examples(["2024-06"])
        .into()
);
schema!(
    /// An item's computed status.
    StatusId => enum_of(
        wenlv_domain::bureau::Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        "done: 100% reported; not_started: before its start with no report; red: overdue, or behind the straight-line expected progress by 25 points or more; amber: behind by 10 or more, or due within 30 days under 80%; green: otherwise",
    )
);
schema!(
    /// `status` of the items filter.
    StatusParam => or_empty::<StatusId>("A status; empty means any.")
);

/// `GET /api/plans/{slug}/items`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PlanItemsDoc {
    plan: PlanSlugId,
    title: String,
    as_of: CivilDate,
    items: Vec<PlanItemDoc>,
}

/// An item with its status as of the date asked.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PlanItemDoc {
    code: ItemCodeId,
    parent_code: Option<ItemCodeId>,
    /// 1 for the top level.
    #[schema(minimum = 1)]
    level: u32,
    /// The plan's name for the level (中心, 行动, 措施 …).
    level_name: String,
    title: String,
    title_en: String,
    leaders: Vec<String>,
    lead_unit: Option<String>,
    partner_units: Vec<String>,
    district: String,
    start: Option<CivilDate>,
    /// The current due date, after deadline changes.
    due: Option<CivilDate>,
    /// The due date the task book set.
    baseline_due: Option<CivilDate>,
    /// Days the due date moved from the baseline.
    slip_days: Option<i32>,
    /// Reported (or, for a parent, rolled-up) percent complete.
    #[schema(minimum = 0, maximum = 100)]
    progress: Option<u8>,
    /// Straight-line expected percent by the as-of date.
    #[schema(minimum = 0, maximum = 100)]
    expected: Option<u8>,
    /// The month of the report that counts.
    reported_for: Option<PeriodId>,
    status: StatusId,
    /// Why, e.g. "40% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): behind by 10 points".
    status_reason: String,
}

/// The body of `POST /api/plans/{slug}/items/{code}/reports`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ReportRequestDoc {
    /// The month reported on, not after this one.
    period: PeriodId,
    #[schema(minimum = 0, maximum = 100)]
    percent: u8,
    #[schema(max_length = 4000)]
    narrative: Option<String>,
    #[schema(max_length = 4000)]
    problems: Option<String>,
    #[schema(max_length = 4000)]
    next_steps: Option<String>,
}

/// A progress report as recorded.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReportDoc {
    plan: PlanSlugId,
    code: ItemCodeId,
    period: PeriodId,
    #[schema(minimum = 0, maximum = 100)]
    percent: u8,
    narrative: String,
    problems: String,
    next_steps: String,
    reporter: String,
    /// RFC 3339.
    entered_at: String,
}
