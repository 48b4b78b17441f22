//! One description of a place's fields: their names (the columns of every file format, the keys
//! of the API's and the exports' JSON, the store's columns), what kind of value each holds, which
//! are required, how to read one from a [`Place`] and how to set or copy it.
//!
//! Code that moves *every* field (import, exports, the API view, the store's binds, an import's
//! merge with the stored place) walks [`PLACE_FIELDS`] instead of naming each field. A new
//! field is one line in the table below, beside the [`Place`] field; only code that *uses* the
//! field names it.

use crate::{ALevel, Category, Money, OpeningHoursSpec, Place, Theme};
use serde::ser::{SerializeMap, SerializeSeq};

/// What kind of value a field holds, and so how files, the API and the store write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// The slug id ([`crate::PlaceId`]).
    Id,
    /// Required free text (a name).
    Name,
    /// Optional free text (a description, a note, the district, the sources).
    Text,
    /// A category id.
    Category,
    /// The A-level, 0 to 5 (0 when not given).
    ALevel,
    /// WGS-84 latitude in degrees; with [`FieldKind::Lon`], the position.
    Lat,
    /// WGS-84 longitude in degrees.
    Lon,
    /// A whole number of minutes.
    Minutes,
    /// Theme ids, in order.
    Themes,
    /// An OpenStreetMap `opening_hours` expression.
    OpeningHours,
    /// CNY, written as a decimal string ("40.00") in files and JSON, as fen in the store.
    Money,
}

/// A field's value as read from a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// Not known (`None`, or no themes).
    Unknown,
    Text(&'a str),
    /// A count: the A-level or minutes.
    Whole(u32),
    Degrees(f64),
    Money(Money),
    Themes(&'a [Theme]),
}

impl<'a> FieldValue<'a> {
    fn text(t: Option<&'a str>) -> FieldValue<'a> {
        t.map_or(FieldValue::Unknown, FieldValue::Text)
    }

    fn whole(n: Option<u32>) -> FieldValue<'a> {
        n.map_or(FieldValue::Unknown, FieldValue::Whole)
    }

    fn money(m: Option<Money>) -> FieldValue<'a> {
        m.map_or(FieldValue::Unknown, FieldValue::Money)
    }

    /// The text, for text-like kinds.
    pub fn as_text(self) -> Option<&'a str> {
        match self {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_whole(self) -> Option<u32> {
        match self {
            FieldValue::Whole(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_degrees(self) -> Option<f64> {
        match self {
            FieldValue::Degrees(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_money(self) -> Option<Money> {
        match self {
            FieldValue::Money(m) => Some(m),
            _ => None,
        }
    }
}

impl serde::Serialize for FieldValue<'_> {
    /// Unknown is `null`, money a decimal string ("40.00"), themes an array of ids.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            FieldValue::Unknown => s.serialize_none(),
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Whole(n) => s.serialize_u32(n),
            FieldValue::Degrees(d) => s.serialize_f64(d),
            FieldValue::Money(m) => s.collect_str(&m),
            FieldValue::Themes(themes) => {
                let mut seq = s.serialize_seq(Some(themes.len()))?;
                for t in themes {
                    seq.serialize_element(t.as_str())?;
                }
                seq.end()
            }
        }
    }
}

/// A value to set a field to, already checked (an import's parsed cell, a stored column).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldInput {
    /// Unknown: `None`, no themes, A-level 0.
    Unknown,
    Text(String),
    Category(Category),
    ALevel(ALevel),
    Minutes(u32),
    Themes(Vec<Theme>),
    OpeningHours(OpeningHoursSpec),
    Money(Money),
}

/// One field of a place.
#[derive(Clone, Copy)]
pub struct PlaceField {
    /// The column and key name (`price_peak`); the store's column adds `_fen` for money.
    pub name: &'static str,
    pub kind: FieldKind,
    /// A file must have this column and every row a value.
    pub required: bool,
    /// The field's value in a place.
    pub get: for<'a> fn(&'a Place) -> FieldValue<'a>,
    /// Sets the field; an input of another kind sets it unknown. The id and the position
    /// (`lat`, `lon`) are set whole by their readers, not here.
    pub set: fn(&mut Place, FieldInput),
    /// Copies the field from the first place to the second (`lat` and `lon` copy the position).
    pub copy: fn(&Place, &mut Place),
}

impl std::fmt::Debug for PlaceField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceField")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("required", &self.required)
            .finish()
    }
}

impl PlaceField {
    /// The store's column for the field.
    pub fn column(&self) -> String {
        match self.kind {
            FieldKind::Money => format!("{}_fen", self.name),
            _ => self.name.to_string(),
        }
    }
}

/// The field with this name.
pub fn place_field(name: &str) -> Option<&'static PlaceField> {
    PLACE_FIELDS.iter().find(|f| f.name == name)
}

/// Builds one [`PlaceField`] from its name, kind and how it reads and writes the `Place` field.
macro_rules! field {
    ($name:ident, Id) => {
        PlaceField {
            name: stringify!($name),
            kind: FieldKind::Id,
            required: true,
            get: |p| FieldValue::Text(p.id.as_str()),
            set: |_, _| {},
            copy: |from, to| to.id = from.id.clone(),
        }
    };
    ($name:ident, Name) => {
        PlaceField {
            name: stringify!($name),
            kind: FieldKind::Name,
            required: true,
            get: |p| FieldValue::Text(&p.$name),
            set: |p, v| {
                p.$name = if let FieldInput::Text(t) = v {
                    t
                } else {
                    String::new()
                }
            },
            copy: |from, to| to.$name = from.$name.clone(),
        }
    };
    ($name:ident, Text) => {
        PlaceField {
            name: stringify!($name),
            kind: FieldKind::Text,
            required: false,
            get: |p| FieldValue::text(p.$name.as_deref()),
            set: |p, v| {
                p.$name = if let FieldInput::Text(t) = v {
                    Some(t)
                } else {
                    None
                }
            },
            copy: |from, to| to.$name = from.$name.clone(),
        }
    };
    ($name:ident, Minutes) => {
        PlaceField {
            name: stringify!($name),
            kind: FieldKind::Minutes,
            required: false,
            get: |p| FieldValue::whole(p.$name),
            set: |p, v| {
                p.$name = if let FieldInput::Minutes(m) = v {
                    Some(m)
                } else {
                    None
                }
            },
            copy: |from, to| to.$name = from.$name,
        }
    };
    ($name:ident, Money) => {
        PlaceField {
            name: stringify!($name),
            kind: FieldKind::Money,
            required: false,
            get: |p| FieldValue::money(p.$name),
            set: |p, v| {
                p.$name = if let FieldInput::Money(m) = v {
                    Some(m)
                } else {
                    None
                }
            },
            copy: |from, to| to.$name = from.$name,
        }
    };
}

/// How many fields a place has (the compiler says when the table below disagrees).
pub const PLACE_FIELD_COUNT: usize = 23;

/// Every field of a place, in the order files and the API write them.
pub static PLACE_FIELDS: [PlaceField; PLACE_FIELD_COUNT] = [
    field!(id, Id),
    field!(name_zh, Name),
    field!(name_en, Name),
    field!(description_zh, Text),
    field!(description_en, Text),
    PlaceField {
        name: "category",
        kind: FieldKind::Category,
        required: true,
        get: |p| FieldValue::Text(p.category.as_str()),
        set: |p, v| {
            if let FieldInput::Category(c) = v {
                p.category = c;
            }
        },
        copy: |from, to| to.category = from.category,
    },
    PlaceField {
        name: "a_level",
        kind: FieldKind::ALevel,
        required: false,
        get: |p| FieldValue::Whole(u32::from(p.a_level.get())),
        set: |p, v| {
            p.a_level = match v {
                FieldInput::ALevel(a) => a,
                _ => ALevel::NONE,
            }
        },
        copy: |from, to| to.a_level = from.a_level,
    },
    field!(district, Text),
    PlaceField {
        name: "lat",
        kind: FieldKind::Lat,
        required: false,
        get: |p| {
            p.position
                .map_or(FieldValue::Unknown, |x| FieldValue::Degrees(x.lat))
        },
        set: |_, _| {},
        copy: |from, to| to.position = from.position,
    },
    PlaceField {
        name: "lon",
        kind: FieldKind::Lon,
        required: false,
        get: |p| {
            p.position
                .map_or(FieldValue::Unknown, |x| FieldValue::Degrees(x.lon))
        },
        set: |_, _| {},
        copy: |from, to| to.position = from.position,
    },
    field!(position_note, Text),
    field!(position_note_zh, Text),
    field!(visit_minutes, Minutes),
    PlaceField {
        name: "themes",
        kind: FieldKind::Themes,
        required: false,
        get: |p| {
            if p.themes.is_empty() {
                FieldValue::Unknown
            } else {
                FieldValue::Themes(&p.themes)
            }
        },
        set: |p, v| {
            p.themes = if let FieldInput::Themes(t) = v {
                t
            } else {
                Vec::new()
            }
        },
        copy: |from, to| to.themes = from.themes.clone(),
    },
    PlaceField {
        name: "opening_hours",
        kind: FieldKind::OpeningHours,
        required: false,
        get: |p| FieldValue::text(p.opening_hours.as_ref().map(OpeningHoursSpec::as_str)),
        set: |p, v| {
            p.opening_hours = if let FieldInput::OpeningHours(o) = v {
                Some(o)
            } else {
                None
            }
        },
        copy: |from, to| to.opening_hours = from.opening_hours.clone(),
    },
    field!(last_admission_minutes, Minutes),
    field!(hours_note, Text),
    field!(hours_note_zh, Text),
    field!(price_peak, Money),
    field!(price_off, Money),
    field!(price_note, Text),
    field!(price_note_zh, Text),
    field!(sources, Text),
];

/// The field names in [`PLACE_FIELDS`] order: the columns of every file format.
pub static PLACE_FIELD_NAMES: [&str; PLACE_FIELD_COUNT] = {
    let mut names = [""; PLACE_FIELD_COUNT];
    let mut i = 0;
    while i < PLACE_FIELDS.len() {
        names[i] = PLACE_FIELDS[i].name;
        i += 1;
    }
    names
};

/// A place as one flat record, its fields as keys in [`PLACE_FIELDS`] order: the API's place
/// view, the JSON export's objects and the GeoJSON features' properties. Unknown facts are
/// `null` (no themes is `[]`); money is a decimal string ("40.00") so it stays exact.
#[derive(Debug, Clone, Copy)]
pub struct PlaceRecord<'a>(pub &'a Place);

impl serde::Serialize for PlaceRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(PLACE_FIELDS.len()))?;
        for field in &PLACE_FIELDS {
            match (field.get)(self.0) {
                FieldValue::Unknown if field.kind == FieldKind::Themes => {
                    map.serialize_entry(field.name, &[] as &[&str])?
                }
                value => map.serialize_entry(field.name, &value)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PlaceId, Position};

    fn full() -> Place {
        let mut p = Place::new(
            PlaceId::parse("kumbum").unwrap(),
            "塔尔寺",
            "Kumbum",
            Category::Temple,
        );
        p.description_zh = Some("d".into());
        p.a_level = ALevel::new(5).unwrap();
        p.position = Some(Position::new(36.5, 101.5).unwrap());
        p.visit_minutes = Some(90);
        p.themes = vec![Theme::Religion, Theme::Heritage];
        p.opening_hours = Some(OpeningHoursSpec::parse("08:00-17:00").unwrap());
        p.price_peak = Some(Money::from_fen(7000));
        p.sources = Some("s".into());
        p
    }

    #[test]
    fn names_are_unique_and_in_table_order() {
        let mut seen = std::collections::HashSet::new();
        for (field, name) in PLACE_FIELDS.iter().zip(PLACE_FIELD_NAMES) {
            assert_eq!(field.name, name);
            assert!(seen.insert(name), "{name} twice");
        }
        assert_eq!(place_field("price_off").unwrap().column(), "price_off_fen");
    }

    /// Copying every field onto a bare place gives the place back: no field is left out of
    /// the table (a `Place` compared whole).
    #[test]
    fn copying_every_field_rebuilds_the_place() {
        let from = full();
        let mut to = Place::new(PlaceId::parse("other").unwrap(), "x", "x", Category::Other);
        for field in &PLACE_FIELDS {
            (field.copy)(&from, &mut to);
        }
        assert_eq!(to, from);
    }

    /// Setting every field from what `get` reads gives the place back, except the id and the
    /// position, which their readers set whole.
    #[test]
    fn set_takes_what_get_gives() {
        let from = full();
        let mut to = Place::new(from.id.clone(), "x", "x", Category::Other);
        to.position = from.position;
        for field in &PLACE_FIELDS {
            let input = match ((field.get)(&from), field.kind) {
                (FieldValue::Unknown, _) => FieldInput::Unknown,
                (FieldValue::Text(t), FieldKind::Category) => {
                    FieldInput::Category(Category::parse(t).unwrap())
                }
                (FieldValue::Text(t), FieldKind::OpeningHours) => {
                    FieldInput::OpeningHours(OpeningHoursSpec::parse(t).unwrap())
                }
                (FieldValue::Text(t), _) => FieldInput::Text(t.to_string()),
                (FieldValue::Whole(n), FieldKind::ALevel) => {
                    FieldInput::ALevel(ALevel::new(n as u8).unwrap())
                }
                (FieldValue::Whole(n), _) => FieldInput::Minutes(n),
                (FieldValue::Degrees(_), _) => continue,
                (FieldValue::Money(m), _) => FieldInput::Money(m),
                (FieldValue::Themes(t), _) => FieldInput::Themes(t.to_vec()),
            };
            (field.set)(&mut to, input);
        }
        assert_eq!(to, from);
    }

    #[test]
    fn the_record_writes_every_field_in_order() {
        let json = serde_json::to_value(PlaceRecord(&full())).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted_names = PLACE_FIELD_NAMES.to_vec();
        sorted_names.sort_unstable();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_names);
        assert_eq!(json["price_peak"], "70.00");
        assert_eq!(json["price_off"], serde_json::Value::Null);
        assert_eq!(json["themes"], serde_json::json!(["religion", "heritage"]));
        assert_eq!(json["a_level"], 5);
        assert_eq!(json["lon"], 101.5);
        let bare = Place::new(PlaceId::parse("b").unwrap(), "b", "b", Category::Other);
        assert_eq!(
            serde_json::to_value(PlaceRecord(&bare)).unwrap()["themes"],
            serde_json::json!([])
        );
    }
}
