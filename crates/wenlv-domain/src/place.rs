//! Places: what the catalogue lists, and the rules a place must satisfy to be stored.

use crate::{Money, Position};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable slug id such as `kumbum_monastery`: lowercase ASCII letters, digits and `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlaceId(String);

impl PlaceId {
    /// Checks the slug: 1–64 characters of `a-z`, `0-9`, `_`, starting with a letter.
    pub fn parse(text: &str) -> Result<PlaceId, PlaceError> {
        let ok = !text.is_empty()
            && text.len() <= 64
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(PlaceId(text.to_string()))
        } else {
            Err(PlaceError::BadId(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlaceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PlaceId {
    type Error = PlaceError;
    fn try_from(s: String) -> Result<PlaceId, PlaceError> {
        PlaceId::parse(&s)
    }
}

impl From<PlaceId> for String {
    fn from(id: PlaceId) -> String {
        id.0
    }
}

/// Declares a closed vocabulary: an enum with snake_case ids, `parse`, `as_str` and `ALL`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $err:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The id as written in data files and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads an id (exact, lowercase).
            pub fn parse(text: &str) -> Result<$name, PlaceError> {
                match text.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(PlaceError::$err(other.to_string())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What kind of place it is.
    Category, UnknownCategory {
        ScenicSpot = "scenic_spot",
        Museum = "museum",
        Library = "library",
        CulturalCentre = "cultural_centre",
        ArtGallery = "art_gallery",
        Temple = "temple",
        Mosque = "mosque",
        Street = "street",
        Park = "park",
        Wetland = "wetland",
        Food = "food",
        Memorial = "memorial",
        Ski = "ski",
        ThemePark = "theme_park",
        HeritageTown = "heritage_town",
        Mountain = "mountain",
        Other = "other",
    }
);

vocabulary!(
    /// A visitor-facing theme. The first seven are the source page's citywalk themes.
    Theme, UnknownTheme {
        RedCulture = "red_culture",
        OldTown = "old_town",
        FamilyStudy = "family_study",
        Rural = "rural",
        WellnessEco = "wellness_eco",
        Food = "food",
        CityPark = "city_park",
        Heritage = "heritage",
        Religion = "religion",
        SnowIce = "snow_ice",
    }
);

/// The national scenic-spot rating, 0 (none) to 5 (5A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct ALevel(u8);

impl ALevel {
    /// No rating (also a field not given).
    pub const NONE: ALevel = ALevel(0);

    pub fn new(level: u8) -> Result<ALevel, PlaceError> {
        if level <= 5 {
            Ok(ALevel(level))
        } else {
            Err(PlaceError::BadALevel(level.to_string()))
        }
    }

    /// Reads "0".."5" (also "AAAA"-style and "4A").
    pub fn parse(text: &str) -> Result<ALevel, PlaceError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(ALevel(0));
        }
        if let Ok(n) = t.parse::<u8>() {
            return ALevel::new(n).map_err(|_| PlaceError::BadALevel(text.to_string()));
        }
        if let Some(n) = t.strip_suffix('A').and_then(|d| d.parse::<u8>().ok()) {
            return ALevel::new(n).map_err(|_| PlaceError::BadALevel(text.to_string()));
        }
        if !t.is_empty() && t.len() <= 5 && t.chars().all(|c| c == 'A') {
            return Ok(ALevel(t.len() as u8));
        }
        Err(PlaceError::BadALevel(text.to_string()))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for ALevel {
    type Error = PlaceError;
    fn try_from(v: u8) -> Result<ALevel, PlaceError> {
        ALevel::new(v)
    }
}

impl From<ALevel> for u8 {
    fn from(a: ALevel) -> u8 {
        a.0
    }
}

/// An OpenStreetMap `opening_hours` expression, checked by the `opening-hours` parser when made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OpeningHoursSpec(String);

impl OpeningHoursSpec {
    /// Parses and keeps the expression as written (trimmed).
    pub fn parse(text: &str) -> Result<OpeningHoursSpec, PlaceError> {
        let t = text.trim();
        match t.parse::<opening_hours::OpeningHours>() {
            Ok(_) => Ok(OpeningHoursSpec(t.to_string())),
            Err(err) => Err(PlaceError::BadOpeningHours {
                value: text.to_string(),
                reason: first_line(&err.to_string()),
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

impl TryFrom<String> for OpeningHoursSpec {
    type Error = PlaceError;
    fn try_from(s: String) -> Result<OpeningHoursSpec, PlaceError> {
        OpeningHoursSpec::parse(&s)
    }
}

impl From<OpeningHoursSpec> for String {
    fn from(o: OpeningHoursSpec) -> String {
        o.0
    }
}

impl fmt::Display for OpeningHoursSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A place in the catalogue. Unknown facts are `None`, never a made-up default: an unknown price
/// is not 0, an unknown position is not a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: PlaceId,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: Option<String>,
    pub description_en: Option<String>,
    pub category: Category,
    pub a_level: ALevel,
    /// District or county, in Chinese as the bureau writes it (e.g. 城西区).
    pub district: Option<String>,
    /// WGS-84; `None` when no source gives one ("position unknown").
    pub position: Option<Position>,
    /// Where the place is, in words, when the position is unknown or approximate.
    pub position_note: Option<String>,
    /// The same note in Chinese, for the Chinese pages.
    #[serde(default)]
    pub position_note_zh: Option<String>,
    /// A typical visit, in minutes.
    pub visit_minutes: Option<u32>,
    pub themes: Vec<Theme>,
    pub opening_hours: Option<OpeningHoursSpec>,
    /// Last admission this many minutes before closing, where the source says so.
    pub last_admission_minutes: Option<u32>,
    /// What the sources say about hours that the expression does not capture.
    pub hours_note: Option<String>,
    /// The same note in Chinese.
    #[serde(default)]
    pub hours_note_zh: Option<String>,
    /// Adult ticket in the peak season; `None` = unknown; 0 = free.
    pub price_peak: Option<Money>,
    /// Adult ticket in the off-season; `None` = unknown; 0 = free.
    pub price_off: Option<Money>,
    /// What the sources say about prices beyond the two numbers.
    pub price_note: Option<String>,
    /// The same note in Chinese.
    #[serde(default)]
    pub price_note_zh: Option<String>,
    /// Where the facts come from.
    pub sources: Option<String>,
}

/// One thing wrong with a place, naming the field and the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationIssue {
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

impl Place {
    /// A place with only its identity known: every other fact unknown (no position, no hours, no
    /// prices, A-level 0). Fill in what the sources say.
    pub fn new(id: PlaceId, name_zh: &str, name_en: &str, category: Category) -> Place {
        Place {
            id,
            name_zh: name_zh.to_string(),
            name_en: name_en.to_string(),
            description_zh: None,
            description_en: None,
            category,
            a_level: ALevel(0),
            district: None,
            position: None,
            position_note: None,
            position_note_zh: None,
            visit_minutes: None,
            themes: Vec::new(),
            opening_hours: None,
            last_admission_minutes: None,
            hours_note: None,
            hours_note_zh: None,
            price_peak: None,
            price_off: None,
            price_note: None,
            price_note_zh: None,
            sources: None,
        }
    }

    /// Every rule a stored place must satisfy beyond its field types, as a list of issues.
    pub fn check(&self) -> Vec<ValidationIssue> {
        let mut issues = Vec::new();
        let mut issue = |field: &'static str, value: &str, reason: &str| {
            issues.push(ValidationIssue {
                field,
                value: value.to_string(),
                reason: reason.to_string(),
            })
        };
        if self.name_zh.trim().is_empty() {
            issue("name_zh", &self.name_zh, "a Chinese name is required");
        }
        if self.name_en.trim().is_empty() {
            issue("name_en", &self.name_en, "an English name is required");
        }
        for (field, price) in [
            ("price_peak", self.price_peak),
            ("price_off", self.price_off),
        ] {
            if let Some(p) = price
                && p < Money::ZERO
            {
                issue(field, &p.to_string(), "a price cannot be negative");
            }
        }
        if let Some(m) = self.visit_minutes
            && (m == 0 || m > 24 * 60)
        {
            issue(
                "visit_minutes",
                &m.to_string(),
                "a visit lasts 1 to 1440 minutes",
            );
        }
        if let Some(m) = self.last_admission_minutes
            && m > 24 * 60
        {
            issue(
                "last_admission_minutes",
                &m.to_string(),
                "at most 1440 minutes",
            );
        }
        let mut seen = Vec::new();
        for t in &self.themes {
            if seen.contains(t) {
                issue("themes", t.as_str(), "theme listed twice");
            }
            seen.push(*t);
        }
        issues
    }

    /// Whether the planner may use this place (it needs a position).
    pub fn is_plannable(&self) -> bool {
        self.position.is_some()
    }
}

/// Why a value is not a valid place field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("'{}' is not a place id (lowercase letters, digits and _, starting with a letter)", echo(.0))]
    BadId(String),
    #[error("unknown category '{}'", echo(.0))]
    UnknownCategory(String),
    #[error("unknown theme '{}'", echo(.0))]
    UnknownTheme(String),
    #[error("A-level '{}' is not 0 to 5", echo(.0))]
    BadALevel(String),
    #[error("unparseable opening hours '{}': {reason}", echo(.value))]
    BadOpeningHours { value: String, reason: String },
}

/// A caller's value as a message repeats it: long ones are cut.
fn echo(text: &str) -> std::borrow::Cow<'_, str> {
    crate::civil::clip(text, crate::civil::MAX_ECHO_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs() {
        assert!(PlaceId::parse("peoples_park").is_ok());
        for bad in ["", "Peoples", "1park", "a-b", "a b", "塔尔寺"] {
            assert!(PlaceId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn vocabularies_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()).unwrap(), *c);
        }
        assert_eq!(Category::ALL.len(), 17);
        assert_eq!(Theme::ALL.len(), 10);
        assert_eq!(
            Category::parse("castle").unwrap_err().to_string(),
            "unknown category 'castle'"
        );
        assert_eq!(
            serde_json::to_string(&Theme::RedCulture).unwrap(),
            "\"red_culture\""
        );
    }

    #[test]
    fn a_levels() {
        assert_eq!(ALevel::parse("AAAA").unwrap().get(), 4);
        assert_eq!(ALevel::parse("5A").unwrap().get(), 5);
        assert_eq!(ALevel::parse("").unwrap().get(), 0);
        assert!(ALevel::parse("6").is_err());
        assert!(ALevel::parse("AAAAAA").is_err());
    }

    #[test]
    fn opening_hours_are_validated() {
        assert!(OpeningHoursSpec::parse("Tu-Su 09:00-17:00; Mo off").is_ok());
        assert!(OpeningHoursSpec::parse("Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30").is_ok());
        let err = OpeningHoursSpec::parse("9 to 5 daily").unwrap_err();
        assert!(matches!(err, PlaceError::BadOpeningHours { .. }), "{err}");
    }
}
