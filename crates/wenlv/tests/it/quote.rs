//! `wenlv quote` and `wenlv import/export offers`, run as a user would, on both engines.

use crate::cli::{run, wenlv};
use std::process::Output;
use wenlv_domain::{HomeRegion, PlaceId, QuoteRequest, Visitor};
use wenlv_store::testing::on_both_engines;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(out: Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure: {}",
        stdout(&out)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An off-season price of the shipped catalogue (the expectations follow the data; the data
/// tests in wenlv-io check the prices themselves).
fn price_off(id: &str) -> wenlv_domain::Money {
    let places = wenlv_io::demo::xining_places();
    let place = places.iter().find(|p| p.id.as_str() == id).unwrap();
    place.price_off.unwrap()
}

/// How many offers the city ships.
fn shipped_offers() -> usize {
    wenlv_io::demo::xining_city().offers.offers().len()
}

const PLACES: [&str; 3] = [
    "qinghai_plateau_wildlife_zoo",
    "kumbum_monastery",
    "riyue_mountain",
];

/// `quote --json` prints exactly what `POST /api/quotes` answers for the same request, and the
/// issue's numbers are in it; the table shows the same prices and reasons.
#[tokio::test]
async fn quote_json_is_the_api_answer() {
    on_both_engines(|db| async move {
        let out = run(wenlv().args(["--database-url", &db.url, "init", "--demo"]));
        assert!(
            stdout(&out).contains(&format!(
                "Xining demo offers: {} created, 0 updated, 0 unchanged",
                shipped_offers()
            )),
            "{}",
            stdout(&out)
        );
        let out = run(wenlv()
            .args(["--database-url", &db.url, "quote", "--date", "2024-01-10"])
            .args(["--home-region", "320000", "--age", "30", "--json"])
            .args(PLACES));
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let finals: Vec<_> = cli["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["final_price"].as_str().unwrap().to_string())
            .collect();
        let riyue_off = price_off("riyue_mountain");
        assert!(riyue_off.percent(50) != riyue_off, "half must differ");
        let free = wenlv_domain::Money::ZERO.to_string();
        let kumbum_off = price_off("kumbum_monastery").to_string();
        assert_eq!(
            finals,
            [free, kumbum_off, riyue_off.percent(50).to_string()]
        );
        assert_eq!(
            cli["quotes"][1]["applied_offer"],
            "ws2023_paired_aid_kumbum"
        );

        // The same request to the real HTTP API over the same database.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(wenlv_web::serve(
            listener,
            wenlv_web::AppState::new(db.store.clone()),
        ));
        let request = QuoteRequest {
            date: jiff::civil::date(2024, 1, 10),
            visitor: Visitor {
                home_region: Some(HomeRegion::parse("320000").unwrap()),
                age: Some(30),
                ..Visitor::default()
            },
            places: PLACES.iter().map(|p| PlaceId::parse(p).unwrap()).collect(),
        };
        let api: serde_json::Value = reqwest::Client::new()
            .post(format!("http://{addr}/api/quotes"))
            .json(&request)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(cli, api);

        let out = run(wenlv()
            .args(["--database-url", &db.url, "quote", "--date", "2024-01-10"])
            .args(["--home-region", "620000"])
            .args(PLACES));
        let table = stdout(&out);
        assert!(table.contains("PLACE"), "{table}");
        let riyue = table
            .lines()
            .find(|l| l.starts_with("riyue_mountain"))
            .unwrap();
        let cells: Vec<&str> = riyue.split_whitespace().collect();
        let off = price_off("riyue_mountain").to_string();
        assert_eq!(cells[1..5], ["off", &off, &off, "-"], "{riyue}");
        assert!(
            riyue.contains("not eligible: home province (from 620000"),
            "{riyue}"
        );
        let zoo = table
            .lines()
            .find(|l| l.starts_with("qinghai_plateau_wildlife_zoo"))
            .unwrap();
        let cells: Vec<&str> = zoo.split_whitespace().collect();
        assert_eq!(
            cells[2..4],
            ["unknown", "unknown"],
            "unknown, never 0: {zoo}"
        );

        let err = fails(
            wenlv()
                .args(["--database-url", &db.url, "quote", "--date", "2024-01-10"])
                .args(["kumbum_monastery", "atlantis"])
                .output()
                .unwrap(),
        );
        assert!(err.contains("unknown place id(s) 'atlantis'"), "{err}");
        let err = fails(
            wenlv()
                .args([
                    "--database-url",
                    &db.url,
                    "quote",
                    "--home-region",
                    "990000",
                ])
                .arg("kumbum_monastery")
                .output()
                .unwrap(),
        );
        assert!(err.contains("--home-region '990000'"), "{err}");
    })
    .await;
}

/// Export, re-import unchanged; a bad file (a field, or an unknown place) is refused whole with
/// the file, the offer and the field named; an edit is an update that the next quote uses.
#[tokio::test]
async fn offers_export_import_round_trip_and_refusals() {
    on_both_engines(|db| async move {
        run(wenlv().args(["--database-url", &db.url, "init", "--demo"]));
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("offers.toml");
        let file_arg = file.display().to_string();
        run(wenlv().args([
            "--database-url",
            &db.url,
            "export",
            "offers",
            "--out",
            &file_arg,
        ]));
        let exported = std::fs::read_to_string(&file).unwrap();
        let by_stdout = run(wenlv().args(["--database-url", &db.url, "export", "offers"]));
        assert_eq!(stdout(&by_stdout), exported);

        let out = run(wenlv().args(["--database-url", &db.url, "import", "offers", &file_arg]));
        assert_eq!(
            stdout(&out).trim(),
            format!("created 0, updated 0, unchanged {}", shipped_offers())
        );
        let before = db.store.offers().await.unwrap();

        // A percentage above 100 in one offer: nothing is imported.
        let bad = exported.replacen("percent = 50", "percent = 150", 1);
        assert_ne!(bad, exported);
        let bad_file = tmp.path().join("bad.toml");
        std::fs::write(&bad_file, &bad).unwrap();
        let err = fails(
            wenlv()
                .args(["--database-url", &db.url, "import", "offers"])
                .arg(&bad_file)
                .output()
                .unwrap(),
        );
        assert!(
            err.contains(
                "bad.toml, offer 'ws2023_paired_aid_half_off_season', field 'effect.percent'"
            ),
            "{err}"
        );

        // Places the catalogue does not know: every one is listed, nothing is imported.
        let unknown = exported
            .replacen(
                "\"riyue_mountain\"]",
                "\"riyue_mountain\", \"atlantis\"]",
                1,
            )
            .replacen("ids = [\"kumbum_monastery\"]", "ids = [\"el_dorado\"]", 1);
        let unknown_file = tmp.path().join("unknown.toml");
        std::fs::write(&unknown_file, &unknown).unwrap();
        let err = fails(
            wenlv()
                .args(["--database-url", &db.url, "import", "offers"])
                .arg(&unknown_file)
                .output()
                .unwrap(),
        );
        assert!(err.contains("unknown place 'atlantis'"), "{err}");
        assert!(
            err.contains(
                "offer 'ws2023_paired_aid_kumbum', field 'places.ids': unknown place 'el_dorado'"
            ),
            "{err}"
        );
        assert!(err.contains("2 unknown place(s)"), "{err}");
        assert_eq!(db.store.offers().await.unwrap(), before);

        // Staff change half price to 40%: one update, and the next quote uses it.
        let edited = exported.replacen("percent = 50", "percent = 40", 1);
        let edited_file = tmp.path().join("edited.toml");
        std::fs::write(&edited_file, &edited).unwrap();
        let out = run(wenlv()
            .args(["--database-url", &db.url, "import", "offers"])
            .arg(&edited_file));
        assert_eq!(
            stdout(&out).trim(),
            format!("created 0, updated 1, unchanged {}", shipped_offers() - 1)
        );
        let out = run(wenlv()
            .args(["--database-url", &db.url, "quote", "--date", "2024-01-10"])
            .args(["--home-region", "320102", "--json", "riyue_mountain"]));
        let q: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            q["quotes"][0]["final_price"],
            price_off("riyue_mountain").percent(40).to_string()
        );
    })
    .await;
}

/// `import offers` does not lose what it was not given: offers missing from the file stay as
/// stored (an offer in the file is a whole rule, so it replaces its stored version), and a file
/// cut off mid-offer, or not UTF-8, is refused with nothing written.
#[tokio::test]
async fn offer_import_keeps_other_offers_and_refuses_cut_files() {
    on_both_engines(|db| async move {
        run(wenlv().args(["--database-url", &db.url, "init", "--demo"]));
        let before = db.store.offers().await.unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let exported = stdout(&run(wenlv().args([
            "--database-url",
            &db.url,
            "export",
            "offers",
        ])));

        // Only the first offer: the other three are kept.
        let second = exported.match_indices("[[offer]]").nth(1).unwrap().0;
        let first_only = tmp.path().join("first_only.toml");
        std::fs::write(&first_only, &exported[..second]).unwrap();
        let out = run(wenlv()
            .args(["--database-url", &db.url, "import", "offers"])
            .arg(&first_only));
        assert_eq!(stdout(&out).trim(), "created 0, updated 0, unchanged 1");
        assert_eq!(db.store.offers().await.unwrap(), before);

        // Cut inside the second offer's title: refused, nothing changed.
        let title = second + exported[second..].find("title_en = \"").unwrap() + 20;
        let cut = tmp.path().join("cut.toml");
        std::fs::write(&cut, &exported[..title]).unwrap();
        let err = fails(
            wenlv()
                .args(["--database-url", &db.url, "import", "offers"])
                .arg(&cut)
                .output()
                .unwrap(),
        );
        assert!(err.contains("cut.toml"), "{err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(db.store.offers().await.unwrap(), before);

        let mut latin1 = exported.clone().into_bytes();
        latin1.extend_from_slice(b"# caf\xe9\n");
        let bad = tmp.path().join("latin1.toml");
        std::fs::write(&bad, latin1).unwrap();
        let err = fails(
            wenlv()
                .args(["--database-url", &db.url, "import", "offers"])
                .arg(&bad)
                .output()
                .unwrap(),
        );
        assert!(
            err.contains("latin1.toml: not UTF-8 text at line")
                && err.contains("nothing was imported"),
            "{err}"
        );
        assert_eq!(db.store.offers().await.unwrap(), before);
    })
    .await;
}
