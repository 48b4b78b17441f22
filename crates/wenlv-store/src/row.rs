//! The bridge between [`Place`] and the `places` table, shared by both engines and driven by
//! the domain's description of a place's fields ([`PLACE_FIELDS`]): the columns, the binds and
//! the decoding walk that one table, so a new field needs no line here. The column types are
//! chosen so the same Rust types decode on SQLite and PostgreSQL (`INTEGER` as `i32`, money as
//! `BIGINT` fen, positions as two `DOUBLE PRECISION`s).

use crate::StoreError;
use std::sync::LazyLock;
use wenlv_domain::{
    ALevel, Category, FieldInput, FieldKind, Money, OpeningHoursSpec, PLACE_FIELDS, Place,
    PlaceField, PlaceId, Position, Theme,
};

/// The fields stored as columns of `places` (themes have their own table), in bind order; the
/// id is first.
pub(crate) fn stored_fields() -> impl Iterator<Item = &'static PlaceField> {
    PLACE_FIELDS.iter().filter(|f| f.kind != FieldKind::Themes)
}

/// `p.id, p.name_zh, …`: the stored columns, for a `SELECT … FROM places p`.
pub(crate) static SELECT_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    stored_fields()
        .map(|f| format!("p.{}", f.column()))
        .collect::<Vec<_>>()
        .join(", ")
});

/// Inserts a place row: the stored fields as `$1…$n`, then the time as `$n+1` (created and
/// updated).
pub(crate) static INSERT_PLACE: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<String> = stored_fields().map(|f| f.column()).collect();
    let n = columns.len();
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO places ({}, created_at, updated_at) VALUES ({}, ${t}, ${t})",
        columns.join(", "),
        params.join(", "),
        t = n + 1
    )
});

/// Updates a place row (`$1` is the id), binding like [`INSERT_PLACE`] (`$n+1` is the time).
pub(crate) static UPDATE_PLACE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = stored_fields()
        .enumerate()
        .skip(1)
        .map(|(i, f)| format!("{} = ${}", f.column(), i + 1))
        .collect();
    format!(
        "UPDATE places SET {}, updated_at = ${} WHERE id = $1",
        sets.join(", "),
        sets.len() + 2
    )
});

/// One stored field's value, typed as its column is.
pub(crate) enum ColumnValue<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    Fen(Option<i64>),
    Float(Option<f64>),
}

/// The place's stored columns' values, in bind order.
pub(crate) fn column_values(place: &Place) -> Result<Vec<ColumnValue<'_>>, StoreError> {
    stored_fields()
        .map(|field| {
            let v = (field.get)(place);
            Ok(match field.kind {
                FieldKind::Lat | FieldKind::Lon => ColumnValue::Float(v.as_degrees()),
                FieldKind::ALevel | FieldKind::Minutes => ColumnValue::Int(
                    v.as_whole()
                        .map(|m| {
                            i32::try_from(m).map_err(|_| {
                                StoreError::Invalid(format!(
                                    "{}: {} {m} is too large",
                                    place.id, field.name
                                ))
                            })
                        })
                        .transpose()?,
                ),
                FieldKind::Money => ColumnValue::Fen(v.as_money().map(Money::fen)),
                _ => ColumnValue::Text(v.as_text()),
            })
        })
        .collect()
}

/// Binds [`column_values`] onto a query in order; a macro because sqlx's query types differ
/// per engine.
macro_rules! bind_place {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                $crate::row::ColumnValue::Text(v) => query.bind(v),
                $crate::row::ColumnValue::Int(v) => query.bind(v),
                $crate::row::ColumnValue::Fen(v) => query.bind(v),
                $crate::row::ColumnValue::Float(v) => query.bind(v),
            };
        }
        query
    }};
}
pub(crate) use bind_place;

/// Reads one column of a stored row as each kind's type (each engine's row type).
pub(crate) trait StoredRow {
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    fn int(&self, column: &str) -> Result<Option<i32>, sqlx::Error>;
    fn fen(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
    fn float(&self, column: &str) -> Result<Option<f64>, sqlx::Error>;
}

/// Implements [`StoredRow`] for an engine's row type.
macro_rules! impl_stored_row {
    ($row:ty) => {
        impl $crate::row::StoredRow for $row {
            fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn int(&self, column: &str) -> Result<Option<i32>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn fen(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn float(&self, column: &str) -> Result<Option<f64>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
        }
    };
}
pub(crate) use impl_stored_row;

/// A stored row (its stored columns, and its themes joined with commas in `themes`) back to a
/// domain place. Stored values were checked on the way in, so a failure here means the
/// database was edited by hand; the message names the place and the column.
pub(crate) fn place_from_row(row: &dyn StoredRow) -> Result<Place, StoreError> {
    let id = row.text("id")?.unwrap_or_default();
    let bad = |column: &str, e: &dyn std::fmt::Display| {
        StoreError::Database(format!("stored place '{id}', column {column}: {e}"))
    };
    let required = |v: Option<String>, column: &str| v.ok_or_else(|| bad(column, &"is NULL"));
    let category = required(row.text("category")?, "category")?;
    let mut place = Place::new(
        PlaceId::parse(&id).map_err(|e| bad("id", &e))?,
        "",
        "",
        Category::parse(&category).map_err(|e| bad("category", &e))?,
    );
    place.position = match (row.float("lat")?, row.float("lon")?) {
        (Some(lat), Some(lon)) => Some(Position::new(lat, lon).map_err(|e| bad("lat/lon", &e))?),
        (None, None) => None,
        _ => return Err(bad("lat/lon", &"only one of lat and lon is set")),
    };
    for field in &PLACE_FIELDS {
        let column = field.column();
        let input = match field.kind {
            FieldKind::Id | FieldKind::Category | FieldKind::Lat | FieldKind::Lon => continue,
            FieldKind::Name => FieldInput::Text(required(row.text(&column)?, &column)?),
            FieldKind::Text => row
                .text(&column)?
                .map_or(FieldInput::Unknown, FieldInput::Text),
            FieldKind::ALevel => {
                let a = row.int(&column)?.unwrap_or_default();
                FieldInput::ALevel(
                    u8::try_from(a)
                        .ok()
                        .and_then(|a| ALevel::new(a).ok())
                        .ok_or_else(|| bad(&column, &a))?,
                )
            }
            FieldKind::Minutes => match row.int(&column)? {
                None => FieldInput::Unknown,
                Some(m) => FieldInput::Minutes(u32::try_from(m).map_err(|e| bad(&column, &e))?),
            },
            FieldKind::Themes => match row.text("themes")?.as_deref() {
                None | Some("") => FieldInput::Unknown,
                Some(list) => FieldInput::Themes(
                    list.split(',')
                        .map(|t| Theme::parse(t).map_err(|e| bad("theme", &e)))
                        .collect::<Result<_, _>>()?,
                ),
            },
            FieldKind::OpeningHours => match row.text(&column)? {
                None => FieldInput::Unknown,
                Some(o) => FieldInput::OpeningHours(
                    OpeningHoursSpec::parse(&o).map_err(|e| bad(&column, &e))?,
                ),
            },
            FieldKind::Money => row.fen(&column)?.map_or(FieldInput::Unknown, |f| {
                FieldInput::Money(Money::from_fen(f))
            }),
        };
        (field.set)(&mut place, input);
    }
    Ok(place)
}
