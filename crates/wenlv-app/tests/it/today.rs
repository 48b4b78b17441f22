//! "Today" is the city's date, from the app's clock.

use std::sync::Arc;
use wenlv_app::{App, FixedClock};
use wenlv_store::testing::fresh_sqlite;

#[tokio::test]
async fn today_is_the_citys_date() {
    let db = fresh_sqlite().await;
    let city = Arc::new(wenlv_io::demo::xining_city());
    // 2024-01-08 17:30 UTC is already 2024-01-09 01:30 in Xining (UTC+8).
    let late_utc: jiff::Timestamp = "2024-01-08T17:30:00Z".parse().unwrap();
    let app = App::new(db.db.store.clone(), city.clone()).with_clock(FixedClock(late_utc));
    assert_eq!(app.today(), jiff::civil::date(2024, 1, 9));
    assert_eq!(app.now_local().hour(), 1);
    // A time zone the system does not know still answers, at UTC+8.
    let mut odd = (*city).clone();
    odd.time_zone = "Mars/Olympus_Mons".into();
    let app = App::new(db.db.store.clone(), Arc::new(odd)).with_clock(FixedClock(late_utc));
    assert_eq!(app.today(), jiff::civil::date(2024, 1, 9));
    db.remove().await;
}
