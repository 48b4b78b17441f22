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
