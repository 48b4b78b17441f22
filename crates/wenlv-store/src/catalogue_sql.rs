//! The catalogue's SQL (places, their themes, offers), written once and expanded for each
//! engine's store by [`impl_catalogue!`], like the accounts' SQL in `crate::accounts`.
//!
//! The engines agree on everything here but four fragments, which each engine's module passes
//! in as literals (so every statement stays `'static` SQL, built by `concat!`):
//!
//! | fragment | SQLite | PostgreSQL |
//! | --- | --- | --- |
//! | `themes_agg`: join a place's themes in order | `group_concat` | `string_agg` |
//! | `find`: position of a substring (no `LIKE` escaping) | `instr` | `strpos` |
//! | `doc_read` / `doc_write`: the offer document column | text | JSONB, cast from and to text |
//! | `offers_lock`: serialise two offer imports | `BEGIN IMMEDIATE` does it | `LOCK TABLE` |
//!
//! How a writing transaction begins is each store's `begin_write()` (SQLite takes its write
//! lock up front).

/// The catalogue's SQL for one engine's store (`$store`, over `$db`); see the module docs for the
/// fragments. The store provides `pool` and `begin_write()`.
macro_rules! impl_catalogue {
    (
        $store:ty, $db:ty, $row:ty,
        themes_agg = $agg:literal,
        find = $find:literal,
        doc_read = $doc_read:literal,
        doc_write = $doc_write:literal,
        offers_lock = $lock:expr $(,)?
    ) => {
        /// A place row with its themes in order, joined into one comma-separated column.
        static SELECT_PLACES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                concat!(
                    "SELECT {}, (SELECT ",
                    $agg,
                    "(t.theme, ',' ORDER BY t.ord) FROM place_themes t \
                     WHERE t.place_id = p.id) AS themes FROM places p"
                ),
                *$crate::row::SELECT_COLUMNS
            )
        });
        static FETCH_PLACE: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| format!("{} WHERE p.id = $1", *SELECT_PLACES));

        $crate::row::impl_stored_row!($row);

        impl $store {
            /// Runs a fixed statement that returns nothing the caller needs (a liveness probe).
            pub async fn execute_plain(&self, sql: &'static str) -> Result<(), $crate::StoreError> {
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
                places: &[wenlv_domain::Place],
                merge: &$crate::MergePlace<'_>,
            ) -> Result<$crate::UpsertCounts, $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                let mut counts = $crate::UpsertCounts::default();
                let now = $crate::now_micros();
                for (i, place) in places.iter().enumerate() {
                    match Self::fetch_place(&mut tx, place.id.as_str()).await? {
                        None => {
                            Self::write_place(&mut tx, place, now, true).await?;
                            counts.created += 1;
                        }
                        Some(stored) => {
                            let place = $crate::merged(places, i, &stored, merge)?;
                            if stored == place {
                                counts.unchanged += 1;
                            } else {
                                Self::write_place(&mut tx, &place, now, false).await?;
                                counts.updated += 1;
                            }
                        }
                    }
                }
                Self::bump_version(&mut tx, &counts).await?;
                tx.commit().await?;
                Ok(counts)
            }

            pub async fn list_places(
                &self,
                query: &$crate::PlaceQuery,
            ) -> Result<$crate::PlacePage, $crate::StoreError> {
                use sqlx::QueryBuilder;
                let mut count = QueryBuilder::<$db>::new("SELECT count(*) FROM places p");
                Self::push_filters(&mut count, query);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

                let mut page = QueryBuilder::<$db>::new(SELECT_PLACES.as_str());
                Self::push_filters(&mut page, query);
                page.push(" ORDER BY p.id LIMIT ")
                    .push_bind(i64::from(query.limit))
                    .push(" OFFSET ")
                    .push_bind(i64::from(query.offset));
                let rows = page.build().fetch_all(&self.pool).await?;
                Ok($crate::PlacePage {
                    items: rows
                        .iter()
                        .map(|row| $crate::row::place_from_row(row))
                        .collect::<Result<_, _>>()?,
                    total: total as u64,
                })
            }

            pub async fn get_place(
                &self,
                id: &wenlv_domain::PlaceId,
            ) -> Result<Option<wenlv_domain::Place>, $crate::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::fetch_place(&mut conn, id.as_str()).await
            }

            pub async fn catalogue_version(&self) -> Result<i64, $crate::StoreError> {
                Ok(sqlx::query_scalar($crate::READ_CATALOGUE_VERSION)
                    .fetch_one(&self.pool)
                    .await?)
            }

            pub async fn count_places(&self) -> Result<u64, $crate::StoreError> {
                let n: i64 = sqlx::query_scalar("SELECT count(*) FROM places")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n as u64)
            }

            pub async fn place_stamps(
                &self,
                id: &wenlv_domain::PlaceId,
            ) -> Result<Option<(i64, i64)>, $crate::StoreError> {
                Ok(
                    sqlx::query_as("SELECT created_at, updated_at FROM places WHERE id = $1")
                        .bind(id.as_str())
                        .fetch_optional(&self.pool)
                        .await?,
                )
            }

            /// Appends the `WHERE` clause for the filters (binding every user value).
            fn push_filters(qb: &mut sqlx::QueryBuilder<$db>, q: &$crate::PlaceQuery) {
                qb.push(" WHERE 1 = 1");
                if let Some(category) = q.category {
                    qb.push(" AND p.category = ").push_bind(category.as_str());
                }
                if let Some(theme) = q.theme {
                    qb.push(
                        " AND EXISTS (SELECT 1 FROM place_themes t WHERE t.place_id = p.id \
                         AND t.theme = ",
                    )
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
                    // SQLite's lower() folds ASCII only, which covers the English names; Chinese
                    // has no case.
                    let needle = text.to_lowercase();
                    qb.push(concat!(" AND (", $find, "(lower(p.name_zh), "))
                        .push_bind(needle.clone())
                        .push(concat!(") > 0 OR ", $find, "(lower(p.name_en), "))
                        .push_bind(needle)
                        .push(") > 0)");
                }
            }

            async fn fetch_place(
                conn: &mut <$db as sqlx::Database>::Connection,
                id: &str,
            ) -> Result<Option<wenlv_domain::Place>, $crate::StoreError> {
                let row = sqlx::query(FETCH_PLACE.as_str())
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(|row| $crate::row::place_from_row(row)).transpose()
            }

            /// Inserts (`new`) or updates the place's row, then writes its themes afresh.
            async fn write_place(
                conn: &mut <$db as sqlx::Database>::Connection,
                place: &wenlv_domain::Place,
                now: i64,
                new: bool,
            ) -> Result<(), $crate::StoreError> {
                let values = $crate::row::column_values(place)?;
                let sql = if new {
                    $crate::row::INSERT_PLACE.as_str()
                } else {
                    $crate::row::UPDATE_PLACE.as_str()
                };
                $crate::row::bind_place!(sqlx::query(sql), values)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                if !new {
                    sqlx::query("DELETE FROM place_themes WHERE place_id = $1")
                        .bind(place.id.as_str())
                        .execute(&mut *conn)
                        .await?;
                }
                for (ord, theme) in place.themes.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO place_themes (place_id, theme, ord) VALUES ($1, $2, $3)",
                    )
                    .bind(place.id.as_str())
                    .bind(theme.as_str())
                    .bind(ord as i64)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            }

            /// Moves the catalogue's version when the write changed anything.
            async fn bump_version(
                conn: &mut <$db as sqlx::Database>::Connection,
                counts: &$crate::UpsertCounts,
            ) -> Result<(), $crate::StoreError> {
                if counts.created + counts.updated > 0 {
                    sqlx::query($crate::BUMP_CATALOGUE_VERSION)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }

            /// The stored offers in file order (see `crate::offers` for the encoding).
            pub async fn offers(&self) -> Result<Vec<wenlv_domain::Offer>, $crate::StoreError> {
                let rows: Vec<(String, String)> = sqlx::query_as(concat!(
                    "SELECT id, ",
                    $doc_read,
                    " FROM offers ORDER BY position, id"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|(id, doc)| $crate::offers::decode(id, doc))
                    .collect()
            }

            pub async fn upsert_offers(
                &self,
                book: &wenlv_domain::OfferBook,
            ) -> Result<$crate::UpsertCounts, $crate::StoreError> {
                use $crate::offers::{Action, plan};
                let mut tx = self.begin_write().await?;
                let lock: Option<&'static str> = $lock;
                if let Some(lock) = lock {
                    sqlx::query(lock).execute(&mut *tx).await?;
                }
                let stored: Vec<(String, i64, String)> = sqlx::query_as(concat!(
                    "SELECT id, position, ",
                    $doc_read,
                    " FROM offers"
                ))
                .fetch_all(&mut *tx)
                .await?;
                let (actions, counts) = plan(book, stored)?;
                let now = $crate::now_micros();
                for action in actions {
                    let (sql, v) = match action {
                        Action::Unchanged => continue,
                        Action::Insert(v) => (
                            concat!(
                                "INSERT INTO offers (id, position, title_zh, title_en, \
                                 valid_from, valid_to, document, created_at, updated_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, ",
                                $doc_write,
                                ", $8, $8)"
                            ),
                            v,
                        ),
                        Action::Update(v) => (
                            concat!(
                                "UPDATE offers SET position = $2, title_zh = $3, \
                                 title_en = $4, valid_from = $5, valid_to = $6, document = ",
                                $doc_write,
                                ", updated_at = $8 WHERE id = $1"
                            ),
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
                Self::bump_version(&mut tx, &counts).await?;
                tx.commit().await?;
                Ok(counts)
            }
        }
    };
}
pub(crate) use impl_catalogue;
