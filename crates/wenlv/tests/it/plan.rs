//! `wenlv plan` run as a user would, over the demo catalogue.

use crate::cli::{run, wenlv};

/// The JSON answer has the API's shape and honours a Monday closure; the timeline names the
/// stops; a bad start names the flag's field.
#[test]
fn plan_prints_an_itinerary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    run(wenlv().arg("--data-dir").arg(&dir).args(["init", "--demo"]));
    let args = [
        "plan",
        "--date",
        "2024-01-08",
        "--start",
        "limeng_pedestrian_street",
        "--theme",
        "heritage",
        "--theme",
        "family_study=0.5",
        "--mode",
        "drive",
    ];
    let out = run(wenlv().arg("--data-dir").arg(&dir).args(args).arg("--json"));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stops = plan["days"][0]["stops"].as_array().unwrap();
    assert!(!stops.is_empty());
    assert!(
        stops
            .iter()
            .all(|s| s["place"] != "qinghai_provincial_museum"),
        "closed on Mondays"
    );
    let out = run(wenlv().arg("--data-dir").arg(&dir).args(args));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("2024-01-08  leave limeng_pedestrian_street at 09:00"),
        "{text}"
    );
    assert!(
        text.contains(stops[0]["name_en"].as_str().unwrap()),
        "{text}"
    );

    let out = wenlv()
        .arg("--data-dir")
        .arg(&dir)
        .args(["plan", "--date", "2024-01-08", "--start", "atlantis"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("start: unknown place 'atlantis'"));
}

/// `--osrm-foot-url` (or `WENLV_OSRM_FOOT_URL`) pointing at a server that is down: the plan is
/// still made, on the estimate, and says why.
#[test]
fn plan_falls_back_to_the_estimate_when_the_routing_server_is_down() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    run(wenlv().arg("--data-dir").arg(&dir).args(["init", "--demo"]));
    let stopped = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", stopped.local_addr().unwrap());
    drop(stopped);
    let args = ["plan", "--date", "2024-01-09", "--start", "dongguan_mosque"];
    let out = run(wenlv()
        .arg("--data-dir")
        .arg(&dir)
        .args(args)
        .args(["--osrm-foot-url", &url]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "travel times: estimated (the routing server for walking could not be reached: straight-line"
        ),
        "{text}"
    );
    let out = run(wenlv()
        .arg("--data-dir")
        .arg(&dir)
        .args(args)
        .arg("--json")
        .env("WENLV_OSRM_FOOT_URL", &url));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["travel_times"], "estimated");
    assert!(
        plan["travel_times_note"]
            .as_str()
            .unwrap()
            .contains("could not be reached")
    );

    let bad = wenlv()
        .arg("--data-dir")
        .arg(&dir)
        .args(args)
        .args(["--osrm-car-url", "localhost:5000"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("'localhost:5000'"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// With a real OSRM foot server (`.ci/with-osrm.sh`): street times and leg paths.
#[test]
fn plan_uses_street_times_from_the_routing_server() {
    let var = "WENLV_TEST_OSRM_FOOT_URL";
    let Some(url) = std::env::var(var).ok().filter(|u| !u.is_empty()) else {
        let required = std::env::var_os("CI").is_some()
            || std::env::var("WENLV_TEST_REQUIRE_OSRM").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{var} is not set but a routing engine is required: run through .ci/with-osrm.sh"
        );
        eprintln!(
            "SKIPPED: {var} is not set; run through `bash .ci/with-osrm.sh` for the test against a real OSRM"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    run(wenlv().arg("--data-dir").arg(&dir).args(["init", "--demo"]));
    let out = run(wenlv().arg("--data-dir").arg(&dir).args([
        "plan",
        "--date",
        "2024-01-09",
        "--start",
        "dongguan_mosque",
        "--json",
        "--osrm-foot-url",
        &url,
    ]));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["travel_times"], "street", "{plan}");
    let legs = plan["days"][0]["legs"].as_array().unwrap();
    assert!(!legs.is_empty());
    assert!(
        legs.iter().all(|l| l["geometry"]["type"] == "LineString"),
        "{legs:?}"
    );
}
