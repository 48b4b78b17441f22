//! Opening databases from URLs and paths.

use wenlv_store::{Engine, Store, StoreError};

/// `sqlite:PATH`, `sqlite://PATH` and a plain path all open (creating) a SQLite file in WAL mode.
#[tokio::test]
async fn sqlite_urls_and_plain_paths_create_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (i, form) in ["sqlite:{}", "sqlite://{}", "{}"].iter().enumerate() {
        let path = dir.path().join(format!("db{i}.db"));
        let url = form.replace("{}", &path.display().to_string());
        let store = Store::connect(&url).await.unwrap();
        assert_eq!(store.engine(), Engine::Sqlite);
        store.migrate().await.unwrap();
        // Migrating again is a no-op, not an error.
        store.migrate().await.unwrap();
        assert!(path.is_file(), "{url} did not create {}", path.display());
        // WAL mode keeps a write-ahead log beside the file while connections are open.
        let wal = path.with_extension("db-wal");
        assert!(wal.is_file(), "{url}: no WAL file {}", wal.display());
        assert_eq!(store.count_places().await.unwrap(), 0);
        store.close().await;
    }
}

#[tokio::test]
async fn unsupported_urls_are_refused_with_the_reason() {
    for url in ["mysql://localhost/wenlv", "sqlite::memory:", "sqlite://"] {
        match Store::connect(url).await {
            Err(StoreError::Invalid(msg)) => assert!(!msg.is_empty()),
            other => panic!("{url}: expected Invalid, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/wenlv.db");
    let err = Store::open_sqlite(&path).await.unwrap_err();
    assert!(
        err.to_string().contains("does not exist"),
        "unexpected message: {err}"
    );
}

/// Two processes' worth of writers on one SQLite file do not fail with "database is locked":
/// writes take the lock up front and wait for each other (busy timeout).
#[tokio::test]
async fn concurrent_writers_on_one_sqlite_file_both_succeed() {
    use wenlv_domain::{Category, Place, PlaceId};
    let place = |id: String| {
        Place::new(
            PlaceId::parse(&id).unwrap(),
            "地方",
            "Place",
            Category::Other,
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let a = Store::open_sqlite(&path).await.unwrap();
    a.migrate().await.unwrap();
    let b = Store::open_sqlite(&path).await.unwrap();
    let mut writers = Vec::new();
    for (store, prefix) in [(a.clone(), "a"), (b.clone(), "b")] {
        writers.push(tokio::spawn(async move {
            for round in 0..10 {
                let batch: Vec<_> = (0..20)
                    .map(|i| place(format!("{prefix}_{round}_{i}")))
                    .collect();
                store.upsert_places(&batch).await.unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(a.count_places().await.unwrap(), 400);
    assert_eq!(b.count_places().await.unwrap(), 400);
}
