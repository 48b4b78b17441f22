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
