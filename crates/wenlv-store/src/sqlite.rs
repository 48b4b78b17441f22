//! The SQLite implementation: one file, WAL mode, foreign keys on, a busy timeout.

use crate::row::{PlaceRow, PlaceValues, bind_place, place_columns};
use crate::{MergePlace, PlacePage, PlaceQuery, StoreError, UpsertCounts, merged, now_micros};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::path::Path;
use std::time::Duration;
use wenlv_domain::{Place, PlaceId};

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// A place row with its themes in order, joined into one comma-separated column.
macro_rules! select_places {
    () => {
        concat!(
            "SELECT ",
            place_columns!(),
            ", (SELECT group_concat(t.theme, ',' ORDER BY t.ord) FROM place_themes t \
             WHERE t.place_id = p.id) AS themes FROM places p"
        )
    };
}

#[derive(Clone, Debug)]
pub(crate) struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

impl SqliteStore {
    /// A transaction for writing (used by `crate::accounts`).
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        // IMMEDIATE takes the write lock up front (see `upsert_places`).
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

impl SqliteStore {
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Invalid(format!(
                "cannot create the database file {}: folder {} does not exist",
                path.display(),
                dir.display()
            )));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL is durable across application crashes and much faster.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::Database(format!("cannot open SQLite file {}: {e}", path.display()))
            })?;
        Ok(SqliteStore { pool })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Runs a fixed statement that returns nothing the caller needs (a liveness probe).
    pub async fn execute_plain(&self, sql: &'static str) -> Result<(), StoreError> {
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Writes `places`; one already stored is written as `merge(i, &stored)` (see
    /// `Store::upsert_places_merging`).
    pub async fn upsert_places(
        &self,
        places: &[Place],
        merge: &MergePlace<'_>,
    ) -> Result<UpsertCounts, StoreError> {
        // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
        // writes can fail with "database is locked" when another writer got in between.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut counts = UpsertCounts::default();
        let now = now_micros();
        for (i, place) in places.iter().enumerate() {
            match fetch_place(&mut tx, place.id.as_str()).await? {
                None => {
                    insert_place(&mut tx, place, now).await?;
                    counts.created += 1;
                }
                Some(stored) => {
                    let place = merged(places, i, &stored, merge)?;
                    if stored == place {
                        counts.unchanged += 1;
                    } else {
                        update_place(&mut tx, &place, now).await?;
                        counts.updated += 1;
                    }
                }
            }
        }
        if counts.created + counts.updated > 0 {
            sqlx::query(crate::BUMP_CATALOGUE_VERSION)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(counts)
    }

    pub async fn list_places(&self, query: &PlaceQuery) -> Result<PlacePage, StoreError> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM places p");
        push_filters(&mut count, query);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let mut page = QueryBuilder::<Sqlite>::new(select_places!());
        push_filters(&mut page, query);
        page.push(" ORDER BY p.id LIMIT ")
            .push_bind(i64::from(query.limit))
            .push(" OFFSET ")
            .push_bind(i64::from(query.offset));
        let rows: Vec<PlaceRow> = page.build_query_as().fetch_all(&self.pool).await?;
        Ok(PlacePage {
            items: rows
                .into_iter()
                .map(PlaceRow::into_place)
                .collect::<Result<_, _>>()?,
            total: total as u64,
        })
    }

    pub async fn get_place(&self, id: &PlaceId) -> Result<Option<Place>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        fetch_place(&mut conn, id.as_str()).await
    }

    pub async fn catalogue_version(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(crate::READ_CATALOGUE_VERSION)
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn count_places(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM places")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }

    pub async fn place_stamps(&self, id: &PlaceId) -> Result<Option<(i64, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT created_at, updated_at FROM places WHERE id = $1")
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// Appends the `WHERE` clause for the filters (binding every user value).
fn push_filters(qb: &mut QueryBuilder<Sqlite>, q: &PlaceQuery) {
    qb.push(" WHERE 1 = 1");
    if let Some(category) = q.category {
        qb.push(" AND p.category = ").push_bind(category.as_str());
    }
    if let Some(theme) = q.theme {
        qb.push(" AND EXISTS (SELECT 1 FROM place_themes t WHERE t.place_id = p.id AND t.theme = ")
            .push_bind(theme.as_str())
            .push(")");
    }
    if let Some(district) = &q.district {
        qb.push(" AND p.district = ").push_bind(district.clone());
    }
    if let Some(level) = q.min_a_level {
        qb.push(" AND p.a_level >= ")
            .push_bind(i32::from(level.get()));
    }
    if let Some(b) = q.bbox {
        // NULL positions fail every comparison, so unknown positions are never inside.
        qb.push(" AND p.lat BETWEEN ")
            .push_bind(b.min_lat)
            .push(" AND ")
            .push_bind(b.max_lat)
            .push(" AND p.lon BETWEEN ")
            .push_bind(b.min_lon)
            .push(" AND ")
            .push_bind(b.max_lon);
    }
    if let Some(text) = q.text.as_deref().filter(|t| !t.is_empty()) {
        // instr() needs no escaping of % and _ (LIKE would). SQLite's lower() folds ASCII only,
        // which covers the English names; Chinese has no case.
        let needle = text.to_lowercase();
        qb.push(" AND (instr(lower(p.name_zh), ")
            .push_bind(needle.clone())
            .push(") > 0 OR instr(lower(p.name_en), ")
            .push_bind(needle)
            .push(") > 0)");
    }
}

async fn fetch_place(conn: &mut SqliteConnection, id: &str) -> Result<Option<Place>, StoreError> {
    let row: Option<PlaceRow> = sqlx::query_as(concat!(select_places!(), " WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(PlaceRow::into_place).transpose()
}

async fn insert_place(
    conn: &mut SqliteConnection,
    place: &Place,
    now: i64,
) -> Result<(), StoreError> {
    let v = PlaceValues::of(place)?;
    let insert = sqlx::query(concat!(
        "INSERT INTO places (",
        place_columns!(),
        ", created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)"
    ));
    bind_place!(insert, v).bind(now).execute(&mut *conn).await?;
    insert_themes(conn, place).await
}

async fn update_place(
    conn: &mut SqliteConnection,
    place: &Place,
    now: i64,
) -> Result<(), StoreError> {
    let v = PlaceValues::of(place)?;
    let update = sqlx::query(
        "UPDATE places SET name_zh = $2, name_en = $3, description_zh = $4, description_en = $5, \
         category = $6, a_level = $7, district = $8, lat = $9, lon = $10, position_note = $11, \
         visit_minutes = $12, opening_hours = $13, last_admission_minutes = $14, \
         hours_note = $15, price_peak_fen = $16, price_off_fen = $17, price_note = $18, \
         sources = $19, position_note_zh = $20, hours_note_zh = $21, price_note_zh = $22, \
         updated_at = $23 WHERE id = $1",
    );
    bind_place!(update, v).bind(now).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM place_themes WHERE place_id = $1")
        .bind(place.id.as_str())
        .execute(&mut *conn)
        .await?;
    insert_themes(conn, place).await
}

async fn insert_themes(conn: &mut SqliteConnection, place: &Place) -> Result<(), StoreError> {
    for (ord, theme) in place.themes.iter().enumerate() {
        sqlx::query("INSERT INTO place_themes (place_id, theme, ord) VALUES ($1, $2, $3)")
            .bind(place.id.as_str())
            .bind(theme.as_str())
            .bind(ord as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Offers (see `crate::offers` for the encoding).
impl SqliteStore {
    pub async fn offers(&self) -> Result<Vec<wenlv_domain::Offer>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT id, document FROM offers ORDER BY position, id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|(id, doc)| crate::offers::decode(id, doc))
            .collect()
    }

    pub async fn upsert_offers(
        &self,
        book: &wenlv_domain::OfferBook,
    ) -> Result<UpsertCounts, StoreError> {
        use crate::offers::{Action, plan};
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT id, position, document FROM offers")
                .fetch_all(&mut *tx)
                .await?;
        let (actions, counts) = plan(book, stored)?;
        let now = now_micros();
        for action in actions {
            let (sql, v) = match action {
                Action::Unchanged => continue,
                Action::Insert(v) => (
                    "INSERT INTO offers (id, position, title_zh, title_en, valid_from, valid_to, \
                     document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                    v,
                ),
                Action::Update(v) => (
                    "UPDATE offers SET position = $2, title_zh = $3, title_en = $4, \
                     valid_from = $5, valid_to = $6, document = $7, updated_at = $8 WHERE id = $1",
                    v,
                ),
            };
            sqlx::query(sql)
                .bind(v.id)
                .bind(v.position)
                .bind(v.title_zh)
                .bind(v.title_en)
                .bind(v.valid_from)
                .bind(v.valid_to)
                .bind(v.document)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        if counts.created + counts.updated > 0 {
            sqlx::query(crate::BUMP_CATALOGUE_VERSION)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(counts)
    }
}
