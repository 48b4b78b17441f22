//! How long a visit lasts and how much a place is worth to this visitor.
//!
//! The sources give no typical visit lengths, so when a place has none the planner uses a default
//! per category. These defaults are ASSUMPTIONS of the planner (editorial, like a guidebook's
//! "allow about an hour"), documented here and tunable per deployment; the data never pretends
//! to know them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wenlv_domain::{Category, Place, PlaceId, Theme};

/// How much time the visitor likes to spend at each stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    /// 1.25 × the typical visit.
    Relaxed,
    #[default]
    Normal,
    /// 0.75 × the typical visit.
    Brisk,
}

impl Pace {
    /// The visit length at this pace, in whole minutes (at least 10).
    pub fn scale(self, minutes: u32) -> u32 {
        let scaled = match self {
            Pace::Relaxed => minutes * 5 / 4,
            Pace::Normal => minutes,
            Pace::Brisk => minutes * 3 / 4,
        };
        scaled.max(10)
    }
}

/// Assumed typical visit, in minutes, for a place of this category without its own figure.
pub fn default_visit_minutes(category: Category) -> u32 {
    match category {
        Category::ScenicSpot | Category::ThemePark | Category::Mountain | Category::Ski => 150,
        Category::HeritageTown => 120,
        Category::Museum | Category::ArtGallery | Category::Temple => 90,
        Category::Park | Category::Wetland | Category::Street | Category::Food => 60,
        Category::Library | Category::CulturalCentre | Category::Mosque | Category::Memorial => 60,
        Category::Other => 60,
    }
}

/// The visit length for this place at this pace.
pub fn visit_minutes(place: &Place, pace: Pace) -> u32 {
    pace.scale(
        place
            .visit_minutes
            .unwrap_or_else(|| default_visit_minutes(place.category)),
    )
}

/// How a place's score is made: integer points, so the optimiser's objective stays exact.
///
/// score = theme_points × Σ(weights of the visitor's themes the place has)
///       + a_level_points × A-level + base_points + curated_points[place]
///
/// The base makes every open place worth something, so a day is never left empty when a visitor
/// names no themes; A-levels rank the well-known sights above the rest; the curated points let
/// the bureau promote (or, negative, hold back) single places without touching the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scoring {
    pub theme_points: f64,
    pub a_level_points: i64,
    pub base_points: i64,
    /// The bureau's curated weight per place, in points (default: none).
    #[serde(default)]
    pub curated_points: BTreeMap<PlaceId, i64>,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            theme_points: 100.0,
            a_level_points: 15,
            base_points: 10,
            curated_points: BTreeMap::new(),
        }
    }
}

impl Scoring {
    /// The place's score for a visitor with these theme weights.
    pub fn score(&self, place: &Place, weights: &BTreeMap<Theme, f64>) -> i64 {
        let matched: f64 = place.themes.iter().filter_map(|t| weights.get(t)).sum();
        (self.theme_points * matched).round() as i64
            + self.a_level_points * i64::from(place.a_level.get())
            + self.base_points
            + self.curated_points.get(&place.id).copied().unwrap_or(0)
    }

    /// Whether the place matches any theme the visitor asked for (all match when none asked).
    pub fn matches(&self, place: &Place, weights: &BTreeMap<Theme, f64>) -> bool {
        weights.values().all(|w| *w <= 0.0)
            || place
                .themes
                .iter()
                .any(|t| weights.get(t).is_some_and(|w| *w > 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wenlv_domain::ALevel;

    fn place(category: Category, a: u8, themes: &[Theme], visit: Option<u32>) -> Place {
        Place {
            a_level: ALevel::new(a).unwrap(),
            visit_minutes: visit,
            themes: themes.to_vec(),
            ..Place::new(PlaceId::parse("p").unwrap(), "名", "Name", category)
        }
    }

    #[test]
    fn pace_scales_visits_with_a_floor() {
        assert_eq!(Pace::Relaxed.scale(60), 75);
        assert_eq!(Pace::Brisk.scale(60), 45);
        assert_eq!(Pace::Brisk.scale(8), 10);
        let museum = place(Category::Museum, 0, &[], None);
        assert_eq!(visit_minutes(&museum, Pace::Normal), 90);
        let own = place(Category::Museum, 0, &[], Some(40));
        assert_eq!(visit_minutes(&own, Pace::Relaxed), 50);
    }

    #[test]
    fn themes_and_a_level_make_the_score() {
        let s = Scoring::default();
        let kumbum = place(
            Category::Temple,
            5,
            &[Theme::Heritage, Theme::Religion],
            None,
        );
        let lane = place(Category::Food, 0, &[Theme::Food, Theme::OldTown], None);
        let weights = BTreeMap::from([(Theme::OldTown, 1.0), (Theme::Food, 0.5)]);
        assert_eq!(s.score(&kumbum, &weights), 15 * 5 + 10);
        assert_eq!(s.score(&lane, &weights), 150 + 10);
        assert!(s.matches(&lane, &weights));
        assert!(!s.matches(&kumbum, &weights));
        assert!(s.matches(&kumbum, &BTreeMap::new()));
        let lane = Place {
            id: PlaceId::parse("lane").unwrap(),
            ..lane
        };
        let curated = Scoring {
            curated_points: BTreeMap::from([(kumbum.id.clone(), 40)]),
            ..Scoring::default()
        };
        assert_eq!(curated.score(&kumbum, &weights), 15 * 5 + 10 + 40);
        assert_eq!(curated.score(&lane, &weights), 150 + 10);
    }
}
