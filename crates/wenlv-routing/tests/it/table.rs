//! Street times, unreachable pairs, chunking, the cache and leg geometry on the grid.

use crate::{config, engine, grid, osrm};
use wenlv_planner::{Geometry, Leg, Mode};
use wenlv_routing::{OsrmConfig, RoutingError};

fn leg(m: &wenlv_planner::TravelMatrix, i: usize, j: usize) -> Leg {
    m.leg(i, j)
        .unwrap_or_else(|| panic!("no route from {i} to {j}"))
}

/// The foot profile walks 5 km/h (72 s per 100 m block); the river between rows 4 and 5 is
/// crossed only at columns 0 and 9.
#[tokio::test(flavor = "multi_thread")]
async fn walking_times_follow_the_streets_and_go_round_the_river() {
    let Some(foot) = engine("WENLV_TEST_OSRM_FOOT_URL") else {
        return;
    };
    let osrm = osrm(config(Some(foot), None));
    let points = [grid(0, 0), grid(0, 3), grid(4, 4), grid(4, 5)];
    let m = osrm.table(&points, Mode::Walk).await.unwrap();
    // Three blocks north along column 0.
    let l = leg(&m, 0, 1);
    assert!((295..=305).contains(&l.meters), "{l:?}");
    assert!((210..=222).contains(&l.seconds), "{l:?}");
    // 100 m as the crow flies, 900 m along the streets: west to the bridge at column 0 and back.
    let across = leg(&m, 2, 3);
    assert!(grid(4, 4).distance_m(grid(4, 5)) < 101.0);
    assert!((880..=920).contains(&across.meters), "{across:?}");
    assert!((630..=665).contains(&across.seconds), "{across:?}");
    assert_eq!(m.source(), &wenlv_planner::TravelSource::Street);
}

/// Row 2 is one-way eastwards: driving west goes round the block.
#[tokio::test(flavor = "multi_thread")]
async fn driving_respects_the_one_way_street() {
    let Some(car) = engine("WENLV_TEST_OSRM_CAR_URL") else {
        return;
    };
    let osrm = osrm(config(None, Some(car)));
    let m = osrm
        .table(&[grid(1, 2), grid(8, 2)], Mode::Drive)
        .await
        .unwrap();
    let (east, west) = (leg(&m, 0, 1), leg(&m, 1, 0));
    assert!((690..=710).contains(&east.meters), "{east:?}");
    assert!(west.meters >= east.meters + 150, "{west:?} vs {east:?}");
    assert!(west.seconds > east.seconds, "{west:?} vs {east:?}");
}

/// The enclave east of the grid is joined to it by a footway only.
#[tokio::test(flavor = "multi_thread")]
async fn the_enclave_is_reachable_on_foot_but_not_by_car() {
    let (Some(foot), Some(car)) = (
        engine("WENLV_TEST_OSRM_FOOT_URL"),
        engine("WENLV_TEST_OSRM_CAR_URL"),
    ) else {
        return;
    };
    let osrm = osrm(config(Some(foot), Some(car)));
    let points = [grid(9, 0), grid(12, 2), grid(5, 5)];
    let walk = osrm.table(&points, Mode::Walk).await.unwrap();
    let drive = osrm.table(&points, Mode::Drive).await.unwrap();
    assert!(leg(&walk, 0, 1).meters > 300, "{:?}", walk.leg(0, 1));
    assert!(walk.leg(1, 2).is_some());
    assert_eq!(drive.leg(0, 1), None);
    assert_eq!(drive.leg(1, 0), None);
    assert_eq!(drive.leg(2, 1), None);
    assert!(drive.leg(0, 2).is_some());
}

/// 9 points against a server whose table limit is 4: one request is refused (TooBig), the
/// chunked requests (groups of 2) give exactly the matrix of a server without that limit.
#[tokio::test(flavor = "multi_thread")]
async fn large_tables_are_chunked_to_the_server_limit() {
    let (Some(foot), Some(small)) = (
        engine("WENLV_TEST_OSRM_FOOT_URL"),
        engine("WENLV_TEST_OSRM_FOOT_SMALL_URL"),
    ) else {
        return;
    };
    let limit: usize = std::env::var("WENLV_TEST_OSRM_SMALL_TABLE")
        .expect("set with the small server")
        .parse()
        .unwrap();
    let points: Vec<_> = (0..9).map(|k| grid(k, (k * 2) % 9)).collect();
    let whole = osrm(config(Some(foot), None))
        .table(&points, Mode::Walk)
        .await
        .unwrap();
    let unchunked = osrm(config(Some(small.clone()), None))
        .table(&points, Mode::Walk)
        .await
        .unwrap_err();
    assert!(
        matches!(&unchunked, RoutingError::Refused { code, .. } if code == "TooBig"),
        "{unchunked:?}"
    );
    let chunking = osrm(OsrmConfig {
        table_limit: limit,
        ..config(Some(small), None)
    });
    let chunked = chunking.table(&points, Mode::Walk).await.unwrap();
    assert_eq!(chunked, whole);
    // 9 points in groups of 2: 5 groups, one request per pair of groups, except the last group
    // (one point) with itself, which needs none.
    let groups = points.len().div_ceil(limit / 2) as u64;
    assert_eq!(points.len() % (limit / 2), 1);
    assert_eq!(chunking.table_requests(), groups * groups - 1);
}

/// The same points twice: one fetch. The cache holds at most `cache_entries` matrices, dropping
/// the least recently used.
#[tokio::test(flavor = "multi_thread")]
async fn matrices_are_cached_and_the_cache_is_bounded() {
    let Some(foot) = engine("WENLV_TEST_OSRM_FOOT_URL") else {
        return;
    };
    let osrm = osrm(OsrmConfig {
        cache_entries: 2,
        ..config(Some(foot), None)
    });
    let sets = [
        vec![grid(0, 0), grid(1, 1)],
        vec![grid(2, 2), grid(3, 3)],
        vec![grid(4, 4), grid(5, 5)],
    ];
    let first = osrm.table(&sets[0], Mode::Walk).await.unwrap();
    assert_eq!(osrm.table_requests(), 1);
    assert_eq!(osrm.table(&sets[0], Mode::Walk).await.unwrap(), first);
    assert_eq!(
        osrm.table_requests(),
        1,
        "the second ask is served from the cache"
    );
    osrm.table(&sets[1], Mode::Walk).await.unwrap();
    osrm.table(&sets[2], Mode::Walk).await.unwrap();
    assert_eq!(osrm.cached(), 2);
    assert_eq!(osrm.table_requests(), 3);
    // The first set was dropped (least recently used): asking again fetches it.
    osrm.table(&sets[0], Mode::Walk).await.unwrap();
    assert_eq!(osrm.table_requests(), 4);
    assert_eq!(osrm.cached(), 2);
}

/// Each leg's path starts and ends at its points and, across the river, goes by a bridge.
#[tokio::test(flavor = "multi_thread")]
async fn legs_have_the_street_path() {
    let Some(foot) = engine("WENLV_TEST_OSRM_FOOT_URL") else {
        return;
    };
    let osrm = osrm(config(Some(foot), None));
    let points = [grid(0, 0), grid(4, 4), grid(4, 5)];
    let lines = osrm.route(&points, Mode::Walk).await.unwrap();
    assert_eq!(lines.len(), 2);
    let close = |c: [f64; 2], p: wenlv_domain::Position| {
        (c[0] - p.lon).abs() < 1e-5 && (c[1] - p.lat).abs() < 1e-5
    };
    for (k, Geometry::LineString { coordinates }) in lines.iter().enumerate() {
        assert!(coordinates.len() >= 2, "{coordinates:?}");
        assert!(close(coordinates[0], points[k]), "{coordinates:?}");
        assert!(
            close(*coordinates.last().unwrap(), points[k + 1]),
            "{coordinates:?}"
        );
    }
    let Geometry::LineString { coordinates } = &lines[1];
    let bridge = grid(0, 4).lon;
    assert!(
        coordinates.iter().any(|c| (c[0] - bridge).abs() < 1e-5),
        "the path across the river uses the bridge at column 0: {coordinates:?}"
    );
    // Asked again: the same paths, from the cache.
    assert_eq!(osrm.route_requests(), 1);
    assert_eq!(osrm.route(&points, Mode::Walk).await.unwrap(), lines);
    assert_eq!(osrm.route_requests(), 1);
}
