//! The store's error type, mapped once from sqlx so no caller matches on sqlx.

use sqlx::error::ErrorKind;

/// What went wrong, in terms a handler can act on without matching on sqlx.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The write clashes with what is stored (a duplicate key, a stale version).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The URL or the request cannot be served.
    #[error("{0}")]
    Invalid(String),
    /// The database holds or answered something the store cannot use (a stored row that no
    /// longer reads, a file that cannot be opened), in words.
    #[error("database error: {0}")]
    Database(String),
    /// The database engine failed; the driver's error is kept as the source.
    #[error("database error")]
    Engine(#[source] sqlx::Error),
    /// A migration failed; the migrator's error is kept as the source.
    #[error("migration failed")]
    Migration(#[source] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound("no such row".to_string()),
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => StoreError::Conflict(db.message().to_string()),
                ErrorKind::ForeignKeyViolation
                | ErrorKind::NotNullViolation
                | ErrorKind::CheckViolation => StoreError::Invalid(db.message().to_string()),
                _ => StoreError::Engine(sqlx::Error::Database(db)),
            },
            sqlx::Error::Configuration(e) => {
                StoreError::Invalid(format!("bad database configuration: {e}"))
            }
            other => StoreError::Engine(other),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::Migration(err)
    }
}
