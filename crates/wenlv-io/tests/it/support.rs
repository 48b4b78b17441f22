//! Shared helpers: sample places that use every field, and one-call imports.

use std::path::Path;
use wenlv_domain::{ALevel, Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Theme};
use wenlv_io::{ImportError, ImportFormat, ImportOptions, read_places_from_bytes};

/// Places exercising every field, and the awkward values a file format can mangle: commas,
/// quotes, line breaks, Chinese text, fen amounts, long decimals, empty optional fields.
pub fn sample_places() -> Vec<Place> {
    vec![
        Place {
            id: PlaceId::parse("full_place").unwrap(),
            name_zh: "塔尔寺".to_string(),
            name_en: "Kumbum, \"Ta'er\" Si".to_string(),
            description_zh: Some("格鲁派寺院；\n第二行".to_string()),
            description_en: Some("Line one, with a comma\nline two".to_string()),
            category: Category::Temple,
            a_level: ALevel::new(5).unwrap(),
            district: Some("湟中区".to_string()),
            position: Some(Position::new(36.48814012345679, 101.56617798765431).unwrap()),
            position_note: Some("near the gate".to_string()),
            position_note_zh: Some("靠近大门，\"东门\"".to_string()),
            visit_minutes: Some(150),
            themes: vec![Theme::Heritage, Theme::Religion],
            opening_hours: Some(
                OpeningHoursSpec::parse("Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30").unwrap(),
            ),
            last_admission_minutes: Some(30),
            hours_note: Some("assumption: peak May-Oct".to_string()),
            hours_note_zh: Some("假设：旺季为5月至10月".to_string()),
            price_peak: Some(Money::parse("19.99").unwrap()),
            price_off: Some(Money::parse("0.05").unwrap()),
            price_note: Some("half price for students".to_string()),
            price_note_zh: Some("学生半价；\n第二行".to_string()),
            sources: Some("a ; b | research notes: c".to_string()),
        },
        Place {
            id: PlaceId::parse("bare_place").unwrap(),
            name_zh: "中心广场".to_string(),
            name_en: "Central Square".to_string(),
            description_zh: None,
            description_en: None,
            category: Category::Other,
            a_level: ALevel::new(0).unwrap(),
            district: None,
            position: None,
            position_note: None,
            position_note_zh: None,
            visit_minutes: None,
            themes: vec![],
            opening_hours: None,
            last_admission_minutes: None,
            hours_note: None,
            hours_note_zh: None,
            price_peak: None,
            price_off: Some(Money::ZERO),
            price_note: None,
            price_note_zh: None,
            sources: None,
        },
        Place {
            id: PlaceId::parse("negative_west").unwrap(),
            name_zh: "西".to_string(),
            name_en: "West".to_string(),
            position: Some(Position::new(-33.9, -70.65).unwrap()),
            category: Category::Park,
            a_level: ALevel::new(3).unwrap(),
            themes: vec![Theme::CityPark],
            price_peak: Some(Money::from_yuan(1_000_000)),
            opening_hours: Some(OpeningHoursSpec::parse("24/7").unwrap()),
            ..bare()
        },
    ]
}

/// A place with only the required fields (id and names "x").
fn bare() -> Place {
    Place {
        id: PlaceId::parse("x").unwrap(),
        name_zh: "x".to_string(),
        name_en: "x".to_string(),
        description_zh: None,
        description_en: None,
        category: Category::Other,
        a_level: ALevel::new(0).unwrap(),
        district: None,
        position: None,
        position_note: None,
        position_note_zh: None,
        visit_minutes: None,
        themes: vec![],
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

/// Imports CSV text with default options.
pub fn import_csv(text: &str) -> Result<Vec<Place>, ImportError> {
    import(
        text.as_bytes(),
        ImportFormat::Csv,
        &ImportOptions::default(),
    )
}

pub fn import(
    bytes: &[u8],
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<Vec<Place>, ImportError> {
    let name = match format {
        ImportFormat::Csv => "places.csv",
        ImportFormat::Xlsx => "places.xlsx",
        ImportFormat::Json => "places.json",
    };
    read_places_from_bytes(bytes, format, Path::new(name), options, None)
}
