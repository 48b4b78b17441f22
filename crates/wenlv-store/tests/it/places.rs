//! The place catalogue on both engines: round trips, upsert counts, filters, atomicity.

use wenlv_domain::{
    ALevel, BoundingBox, Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Theme,
};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{PlaceQuery, StoreError, UpsertCounts};

/// A minimal place; tests change the fields they care about.
fn place(id: &str, name_zh: &str, name_en: &str) -> Place {
    Place::new(
        PlaceId::parse(id).unwrap(),
        name_zh,
        name_en,
        Category::Other,
    )
}

/// A place with every field filled, including awkward values (non-ASCII text, fractional
/// coordinates, a free price, themes in a non-alphabetical order).
fn full_place() -> Place {
    Place {
        id: PlaceId::parse("kumbum_monastery").unwrap(),
        name_zh: "塔尔寺".to_string(),
        name_en: "Kumbum Monastery".to_string(),
        description_zh: Some("藏传佛教格鲁派六大寺院之一".to_string()),
        description_en: Some("One of the six great Gelug monasteries, 'quoted' & 100%".to_string()),
        category: Category::Temple,
        a_level: ALevel::new(5).unwrap(),
        district: Some("湟中区".to_string()),
        position: Some(Position::new(36.488140, 101.566177).unwrap()),
        position_note: Some("Lusha'er town".to_string()),
        position_note_zh: Some("鲁沙尔镇".to_string()),
        visit_minutes: Some(180),
        themes: vec![Theme::Religion, Theme::Heritage, Theme::CityPark],
        opening_hours: Some(
            OpeningHoursSpec::parse("Apr-Oct 08:00-18:00; Nov-Mar 08:30-17:30").unwrap(),
        ),
        last_admission_minutes: Some(60),
        hours_note: Some("some halls close at noon".to_string()),
        hours_note_zh: Some("部分殿堂中午关闭".to_string()),
        price_peak: Some(Money::parse("70").unwrap()),
        price_off: Some(Money::ZERO),
        price_note: Some("free in winter".to_string()),
        price_note_zh: Some("冬季免费".to_string()),
        sources: Some("bureau list 2024".to_string()),
    }
}

/// A small catalogue with hand-checkable filter results.
fn catalogue() -> Vec<Place> {
    let mut kumbum = full_place();
    kumbum.district = Some("湟中区".to_string());

    let mut mosque = place("dongguan_mosque", "东关清真大寺", "Dongguan Mosque");
    mosque.category = Category::Mosque;
    mosque.a_level = ALevel::new(4).unwrap();
    mosque.district = Some("城东区".to_string());
    mosque.position = Some(Position::new(36.6154, 101.7953).unwrap());
    mosque.themes = vec![Theme::Religion, Theme::OldTown];

    let mut park = place("peoples_park", "人民公园", "People's Park");
    park.category = Category::Park;
    park.district = Some("城北区".to_string());
    park.position = Some(Position::new(36.6400, 101.7700).unwrap());
    park.themes = vec![Theme::CityPark, Theme::FamilyStudy];
    park.price_peak = Some(Money::ZERO);

    // No sourced position: stored without one, never as 0,0.
    let mut street = place("mojia_street", "莫家街", "Mojia Street");
    street.category = Category::Street;
    street.district = Some("城东区".to_string());
    street.themes = vec![Theme::Food, Theme::OldTown];
    street.position_note = Some("near Dongguan Mosque".to_string());

    let mut museum = place(
        "qinghai_museum",
        "青海省博物馆",
        "Qinghai Provincial Museum",
    );
    museum.category = Category::Museum;
    museum.a_level = ALevel::new(4).unwrap();
    museum.district = Some("城西区".to_string());
    museum.position = Some(Position::new(36.6290, 101.7500).unwrap());
    museum.themes = vec![Theme::Heritage, Theme::FamilyStudy];

    vec![kumbum, mosque, park, street, museum]
}

fn ids(places: &[Place]) -> Vec<&str> {
    places.iter().map(|p| p.id.as_str()).collect()
}

fn all() -> PlaceQuery {
    PlaceQuery {
        limit: 500,
        ..PlaceQuery::default()
    }
}

/// Every field of a place, including `None`s, money, coordinates and theme order, comes back
/// exactly as written.
#[tokio::test]
async fn a_place_round_trips_exactly() {
    on_both_engines(|db| async move {
        let full = full_place();
        let bare = place("bare_place", "空", "Bare");
        let counts = db
            .store
            .upsert_places(&[full.clone(), bare.clone()])
            .await
            .unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                created: 2,
                updated: 0,
                unchanged: 0
            }
        );
        assert_eq!(
            db.store.get_place(&full.id).await.unwrap(),
            Some(full.clone())
        );
        assert_eq!(
            db.store.get_place(&bare.id).await.unwrap(),
            Some(bare.clone())
        );
        let missing = PlaceId::parse("nowhere").unwrap();
        assert_eq!(db.store.get_place(&missing).await.unwrap(), None);
        assert_eq!(db.store.all_places().await.unwrap(), vec![bare, full]);
        assert_eq!(db.store.count_places().await.unwrap(), 2);
    })
    .await;
}

/// Re-upserting identical data changes nothing, not even `updated_at`; a changed place is
/// counted as updated and its `updated_at` moves while `created_at` stays.
#[tokio::test]
async fn upsert_counts_created_updated_unchanged() {
    on_both_engines(|db| async move {
        let places = catalogue();
        let first = db.store.upsert_places(&places).await.unwrap();
        assert_eq!(first.created, 5);
        assert_eq!((first.updated, first.unchanged), (0, 0));

        let stamps_before = db.store.place_stamps(&places[0].id).await.unwrap().unwrap();
        assert_eq!(stamps_before.created_at, stamps_before.updated_at);

        let again = db.store.upsert_places(&places).await.unwrap();
        assert_eq!(
            again,
            UpsertCounts {
                created: 0,
                updated: 0,
                unchanged: 5
            }
        );
        let stamps_again = db.store.place_stamps(&places[0].id).await.unwrap().unwrap();
        assert_eq!(
            stamps_again, stamps_before,
            "an unchanged place was rewritten"
        );

        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let mut changed = places.clone();
        changed[0].price_peak = Some(Money::parse("80.50").unwrap());
        let mut newcomer = place("new_place", "新地方", "New Place");
        newcomer.themes = vec![Theme::Rural];
        changed.push(newcomer);
        let third = db.store.upsert_places(&changed).await.unwrap();
        assert_eq!(
            third,
            UpsertCounts {
                created: 1,
                updated: 1,
                unchanged: 4
            }
        );
        let stamps_after = db.store.place_stamps(&places[0].id).await.unwrap().unwrap();
        assert_eq!(stamps_after.created_at, stamps_before.created_at);
        assert!(stamps_after.updated_at > stamps_before.updated_at);
        assert_eq!(
            db.store
                .get_place(&places[0].id)
                .await
                .unwrap()
                .unwrap()
                .price_peak,
            Some(Money::from_fen(8050))
        );
        let missing = PlaceId::parse("nowhere").unwrap();
        assert_eq!(db.store.place_stamps(&missing).await.unwrap(), None);
    })
    .await;
}

/// Changing only the themes (dropping one, reordering) is an update, and the stored themes are
/// exactly the new list, so the theme filter follows.
#[tokio::test]
async fn theme_changes_replace_the_stored_themes() {
    on_both_engines(|db| async move {
        let mut p = full_place();
        db.store.upsert_places(&[p.clone()]).await.unwrap();
        p.themes = vec![Theme::Heritage, Theme::Religion];
        let counts = db.store.upsert_places(&[p.clone()]).await.unwrap();
        assert_eq!(counts.updated, 1);
        assert_eq!(
            db.store.get_place(&p.id).await.unwrap().unwrap().themes,
            p.themes
        );
        let by_park = PlaceQuery {
            theme: Some(Theme::CityPark),
            ..all()
        };
        assert_eq!(db.store.list_places(&by_park).await.unwrap().total, 0);

        p.themes.clear();
        db.store.upsert_places(&[p.clone()]).await.unwrap();
        assert!(
            db.store
                .get_place(&p.id)
                .await
                .unwrap()
                .unwrap()
                .themes
                .is_empty()
        );
    })
    .await;
}

/// Each filter alone, then combined, against hand-checked answers; results ordered by id.
#[tokio::test]
async fn list_filters_select_the_right_places() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let list = |q: PlaceQuery| {
            let store = db.store.clone();
            async move { store.list_places(&q).await.unwrap() }
        };

        let page = list(all()).await;
        assert_eq!(
            ids(&page.items),
            [
                "dongguan_mosque",
                "kumbum_monastery",
                "mojia_street",
                "peoples_park",
                "qinghai_museum"
            ]
        );
        assert_eq!(page.total, 5);

        let q = PlaceQuery {
            category: Some(Category::Mosque),
            ..all()
        };
        assert_eq!(ids(&list(q).await.items), ["dongguan_mosque"]);

        let q = PlaceQuery {
            theme: Some(Theme::OldTown),
            ..all()
        };
        assert_eq!(
            ids(&list(q).await.items),
            ["dongguan_mosque", "mojia_street"]
        );

        let q = PlaceQuery {
            district: Some("城东区".to_string()),
            ..all()
        };
        assert_eq!(
            ids(&list(q).await.items),
            ["dongguan_mosque", "mojia_street"]
        );

        let q = PlaceQuery {
            min_a_level: Some(ALevel::new(4).unwrap()),
            ..all()
        };
        assert_eq!(
            ids(&list(q).await.items),
            ["dongguan_mosque", "kumbum_monastery", "qinghai_museum"]
        );

        // Central Xining: excludes Kumbum (south-west) and the street without a position.
        let q = PlaceQuery {
            bbox: Some(BoundingBox::parse("101.7,36.6,101.8,36.65").unwrap()),
            ..all()
        };
        assert_eq!(
            ids(&list(q).await.items),
            ["dongguan_mosque", "peoples_park", "qinghai_museum"]
        );
        // A box around 0,0 finds nothing: unknown positions are not stored as a point.
        let q = PlaceQuery {
            bbox: Some(BoundingBox::parse("-1,-1,1,1").unwrap()),
            ..all()
        };
        assert_eq!(list(q).await.total, 0);

        // Case-insensitive on the English name, plain substring on the Chinese one.
        for (text, expected) in [
            ("MOSQUE", vec!["dongguan_mosque"]),
            ("park", vec!["peoples_park"]),
            ("博物馆", vec!["qinghai_museum"]),
            ("东关", vec!["dongguan_mosque"]),
            // LIKE wildcards are matched literally.
            ("%", vec![]),
            ("_", vec![]),
            ("people's", vec!["peoples_park"]),
        ] {
            let q = PlaceQuery {
                text: Some(text.to_string()),
                ..all()
            };
            assert_eq!(ids(&list(q).await.items), expected, "text {text:?}");
        }

        let q = PlaceQuery {
            theme: Some(Theme::FamilyStudy),
            min_a_level: Some(ALevel::new(4).unwrap()),
            district: Some("城西区".to_string()),
            text: Some("museum".to_string()),
            ..all()
        };
        assert_eq!(ids(&list(q).await.items), ["qinghai_museum"]);
    })
    .await;
}

/// `limit`/`offset` page through the id order; `total` counts every match regardless.
#[tokio::test]
async fn pagination_keeps_the_total() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let page = |limit, offset| {
            let store = db.store.clone();
            async move {
                store
                    .list_places(&PlaceQuery {
                        limit,
                        offset,
                        ..PlaceQuery::default()
                    })
                    .await
                    .unwrap()
            }
        };
        let p1 = page(2, 0).await;
        assert_eq!(ids(&p1.items), ["dongguan_mosque", "kumbum_monastery"]);
        assert_eq!(p1.total, 5);
        let p3 = page(2, 4).await;
        assert_eq!(ids(&p3.items), ["qinghai_museum"]);
        assert_eq!(p3.total, 5);
        let past = page(2, 10).await;
        assert!(past.items.is_empty());
        assert_eq!(past.total, 5);
        assert!(page(0, 0).await.items.is_empty());
    })
    .await;
}

/// A bad batch (an invalid place, or one id twice) is refused whole: nothing is written.
#[tokio::test]
async fn an_invalid_batch_writes_nothing() {
    on_both_engines(|db| async move {
        let mut bad = place("bad_place", "坏", "");
        bad.visit_minutes = Some(0);
        let err = db
            .store
            .upsert_places(&[full_place(), bad])
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(
            msg.contains("bad_place") && msg.contains("name_en"),
            "{msg}"
        );
        assert!(msg.contains("visit_minutes"), "{msg}");

        let twice = [full_place(), full_place()];
        let err = db.store.upsert_places(&twice).await.unwrap_err();
        assert!(
            err.to_string().contains("kumbum_monastery: id given twice"),
            "{err}"
        );
        assert_eq!(db.store.count_places().await.unwrap(), 0);
    })
    .await;
}

/// When the database itself refuses a row mid-batch, the transaction rolls back the places
/// written before it.
#[tokio::test]
async fn a_database_failure_rolls_back_the_whole_batch() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&[full_place()]).await.unwrap();
        let mut changed = full_place();
        changed.name_en = "Changed".to_string();
        let mut first = place("aaa_first", "甲", "First");
        first.themes = vec![Theme::Rural];
        // Position's fields are public, so an unchecked point can reach the store; the table's
        // CHECK constraint refuses it.
        let mut broken = place("zzz_broken", "乙", "Broken");
        broken.position = Some(Position {
            lat: 123.0,
            lon: 10.0,
        });
        let err = db
            .store
            .upsert_places(&[first, changed, broken])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(db.store.count_places().await.unwrap(), 1);
        assert_eq!(
            db.store.all_places().await.unwrap(),
            vec![full_place()],
            "the earlier update was not rolled back"
        );
    })
    .await;
}

/// A merging upsert writes, for a stored place, what `merge` makes of it (here: the incoming
/// names over the stored place), inside the same transaction; a new place is written as given.
#[tokio::test]
async fn a_merging_upsert_keeps_what_the_merge_keeps() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&[full_place()]).await.unwrap();
        let mut renamed = place("kumbum_monastery", "塔尔寺新", "Kumbum (renamed)");
        renamed.category = Category::Temple;
        let new = place("new_place", "新", "New");
        let incoming = [renamed.clone(), new.clone()];
        let names_only = |i: usize, stored: &Place| Place {
            name_zh: incoming[i].name_zh.clone(),
            name_en: incoming[i].name_en.clone(),
            ..stored.clone()
        };
        let counts = db
            .store
            .upsert_places_merging(&incoming, &names_only)
            .await
            .unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                created: 1,
                updated: 1,
                unchanged: 0
            }
        );
        let want = Place {
            name_zh: renamed.name_zh.clone(),
            name_en: renamed.name_en.clone(),
            ..full_place()
        };
        assert_eq!(db.store.all_places().await.unwrap(), vec![want, new]);

        // The same again changes nothing.
        let counts = db
            .store
            .upsert_places_merging(&incoming, &names_only)
            .await
            .unwrap();
        assert_eq!(counts.unchanged, 2);
    })
    .await;
}

/// A merge that yields a place breaking a rule, or another id, fails the whole batch: places
/// created or updated earlier in it are rolled back.
#[tokio::test]
async fn a_bad_merge_writes_nothing() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&[full_place()]).await.unwrap();
        let incoming = [place("aaa_first", "甲", "First"), full_place()];
        let before = db.store.all_places().await.unwrap();

        let breaks_a_rule = |_: usize, stored: &Place| Place {
            visit_minutes: Some(0),
            name_en: "changed".to_string(),
            ..stored.clone()
        };
        let err = db
            .store
            .upsert_places_merging(&incoming, &breaks_a_rule)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(err.to_string().contains("visit_minutes"), "{err}");

        let other_id = |_: usize, _: &Place| place("other", "别", "Other");
        let err = db
            .store
            .upsert_places_merging(&incoming, &other_id)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("gave id other"), "{err}");
        assert_eq!(db.store.all_places().await.unwrap(), before);
    })
    .await;
}
