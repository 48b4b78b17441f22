//! The visitor pages, assets and the routes API over a real server with the Xining demo data.

use crate::support::spawn_app;
use serde_json::Value;
use wenlv_store::testing::{Fresh, fresh_sqlite};

async fn demo() -> (Fresh, crate::support::TestApp) {
    let fresh = fresh_sqlite().await;
    // Places and offers, as `wenlv serve` loads them with the demo data.
    crate::support::load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;
    (fresh, app)
}

async fn page(
    app: &crate::support::TestApp,
    path: &str,
    cookie: Option<&str>,
) -> (u16, Vec<String>, String) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let cookies = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    (status, cookies, res.text().await.unwrap())
}

/// Every page answers 200 with HTML in Chinese by default; `?lang=en` answers in English and
/// sets a cookie that keeps English on the next request without the parameter.
#[tokio::test]
async fn pages_switch_language_and_remember_it() {
    let (_db, app) = demo().await;
    for path in [
        "/",
        "/places",
        "/places/kumbum_monastery",
        "/routes",
        "/routes/red_memory_walk",
    ] {
        let (status, _, html) = page(&app, path, None).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(r#"<html lang="zh-CN">"#), "{path}");
    }
    let (_, cookies, html) = page(&app, "/places?lang=en", None).await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("<h1>Places</h1>"));
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert!(cookies[0].starts_with("wenlv_lang=en;") && cookies[0].contains("Max-Age=31536000"));
    let (_, _, html) = page(&app, "/", Some("wenlv_lang=en")).await;
    assert!(html.contains(r#"<html lang="en">"#));
    // The switch link keeps the other parameters and names the other language.
    assert!(html.contains(r#"href="/?lang=zh""#), "switch link");
    let (_, _, html) = page(&app, "/places?theme=food&lang=en", None).await;
    assert!(html.contains(r#"href="/places?theme=food&#38;lang=zh""#));
}

/// A bad filter value is named on the page with its parameter, not silently dropped.
#[tokio::test]
async fn bad_parameters_are_named_on_the_page() {
    let (_db, app) = demo().await;
    let (status, _, html) = page(
        &app,
        "/places?lang=en&theme=castles&home=990000&date=tomorrow",
        None,
    )
    .await;
    assert_eq!(status, 200);
    // (askama escapes `"` as `&#34;`)
    assert!(
        html.contains("theme=&#34;castles&#34;: unknown theme"),
        "{html}"
    );
    assert!(html.contains("home=&#34;990000&#34;: &#39;990000&#39; is not a GB/T 2260 code"));
    assert!(html.contains("date=&#34;tomorrow&#34;: expected a date YYYY-MM-DD"));
    let (status, _, html) = page(&app, "/places/no_such_place?lang=en", None).await;
    assert_eq!(status, 404);
    assert!(
        html.contains("No place with id &#39;no_such_place&#39;"),
        "{html}"
    );
    let (status, _, _) = page(&app, "/routes/no_such_route", None).await;
    assert_eq!(status, 404);
    // A mistyped page is an HTML page in the visitor's language; an API path stays a problem.
    let (status, _, html) = page(&app, "/plaecs?lang=en", None).await;
    assert_eq!(status, 404);
    assert!(html.contains("No page at /plaecs"), "{html}");
    let (content_type, problem) = app.get_json("/api/nope", 404).await;
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["detail"], "no route /api/nope");
}

/// Riyue Mountain on 2024-01-10: 50% of the off-season price for a visitor from Jiangsu, with
/// the offer named; the off-season price for a visitor from Gansu (both from the loaded
/// catalogue). The profile is remembered.
#[tokio::test]
async fn the_place_page_prices_for_the_profile_and_explains_the_offer() {
    let (db, app) = demo().await;
    let riyue = db
        .db
        .store
        .get_place(&wenlv_domain::PlaceId::parse("riyue_mountain").unwrap())
        .await
        .unwrap()
        .unwrap();
    let off = riyue
        .price_off
        .expect("riyue_mountain has an off-season price");
    assert!(
        off.percent(50) != off,
        "half of the price must differ from it"
    );
    let final_price = |m: wenlv_domain::Money| format!(r#"<strong id="final-price">¥{m}</strong>"#);
    let path = "/places/riyue_mountain?lang=en&date=2024-01-10";
    let (_, cookies, html) = page(&app, &format!("{path}&home=320000&age=30"), None).await;
    assert!(html.contains(&final_price(off.percent(50))), "{html}");
    assert!(html.contains("Offer applied:"));
    assert!(cookies.iter().any(|c| c.starts_with("wenlv_home=320000;")));
    assert!(cookies.iter().any(|c| c.starts_with("wenlv_age=30;")));
    let (_, _, html) = page(&app, &format!("{path}&home=620000"), None).await;
    assert!(html.contains(&final_price(off)), "{html}");
    assert!(html.contains("No offer applies to you."));
    let (_, _, html) = page(&app, path, Some("wenlv_home=320000")).await;
    assert!(html.contains(&final_price(off.percent(50))), "{html}");
    // The week of hours has seven rows.
    assert_eq!(html.matches(r#"<th scope="row">"#).count(), 7);
    // In Chinese, the offers considered are explained in Chinese, from each reason's code.
    let zh = "/places/riyue_mountain?lang=zh&date=2024-01-10";
    let (_, _, html) = page(&app, &format!("{zh}&home=320000"), None).await;
    assert!(html.contains("已适用：淡季票价的 50%"), "{html}");
    assert!(html.contains("不适用于本景点"));
    assert!(!html.contains("not this place"));
    let (_, _, html) = page(&app, &format!("{zh}&home=620000"), None).await;
    assert!(html.contains("游客不符合优惠条件"));
    assert!(!html.contains("not eligible"));
}

/// The Qinghai Provincial Museum closes on Mondays: the red-memory route checked for Monday
/// 2024-01-08 flags that stop as closed; on Tuesday 2024-01-09 it does not.
#[tokio::test]
async fn a_route_page_checks_a_date() {
    let (_db, app) = demo().await;
    let (_, _, monday) = page(
        &app,
        "/routes/red_memory_walk?lang=en&date=2024-01-08",
        None,
    )
    .await;
    assert!(monday.contains("Closed that day"), "{monday}");
    assert!(monday.contains(r#"class="check bad""#));
    let (_, _, tuesday) = page(
        &app,
        "/routes/red_memory_walk?lang=en&date=2024-01-09",
        None,
    )
    .await;
    assert!(!tuesday.contains("Closed that day"));
    assert!(tuesday.contains("data-map="));
    // Stops in the routes file's order.
    let a = tuesday.find("/places/west_route_army_memorial").unwrap();
    let b = tuesday.find("/places/qinghai_provincial_museum\"").unwrap();
    assert!(a < b);
}

/// `/api/routes` has the contract's fields; at least 10 routes over the 8 themes (snow_ice
/// the eighth) and both season lines.
#[tokio::test]
async fn routes_api_has_the_contract_shape() {
    let (_db, app) = demo().await;
    let (content_type, list) = app.get_json("/api/routes", 200).await;
    assert!(content_type.starts_with("application/json"));
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 10, "{}", items.len());
    let mut themes: Vec<&str> = items.iter().map(|r| r["theme"].as_str().unwrap()).collect();
    themes.sort();
    themes.dedup();
    assert_eq!(
        themes,
        [
            "city_park",
            "family_study",
            "food",
            "old_town",
            "red_culture",
            "rural",
            "snow_ice",
            "wellness_eco"
        ]
    );
    for line in ["winter_spring", "summer_autumn"] {
        assert!(items.iter().any(|r| r["season_line"] == line), "{line}");
    }
    for r in items {
        for field in ["id", "title_zh", "title_en", "theme", "season_line"] {
            assert!(r[field].is_string(), "{field} in {r}");
        }
        assert!(r["stops"].as_array().unwrap().len() >= 2);
    }
    let (_, one) = app.get_json("/api/routes/red_memory_walk", 200).await;
    assert_eq!(one["stops"][0], "west_route_army_memorial");
    assert_eq!(
        one["stops"].as_array().unwrap().len(),
        one["stop_minutes"].as_array().unwrap().len()
    );
    let (content_type, problem): (String, Value) = app.get_json("/api/routes/nope", 404).await;
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["detail"], "no route with id 'nope'");
}

/// Assets: content types, a year's caching for the hashed URL the pages link, revalidation by
/// ETag otherwise (304), 404 for an unknown file.
#[tokio::test]
async fn assets_are_served_with_types_and_cache_headers() {
    let (_db, app) = demo().await;
    let (_, _, html) = page(&app, "/places", None).await;
    let start = html.find("/assets/app.css?v=").unwrap();
    let url = &html[start..start + html[start..].find('"').unwrap()];
    let res = app.get(url).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert!(res.text().await.unwrap().contains(":root"));

    let res = app.get("/assets/leaflet/leaflet.js").await;
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let res = app
        .client
        .get(format!("{}/assets/app.css", app.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    let res = app.get("/assets/leaflet/images/layers.png").await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(app.get("/assets/nope.js").await.status(), 404);
}

fn lists(html: &str, id: &str) -> bool {
    html.contains(&format!("<a href=\"/places/{id}\">"))
}

/// The places filters: open on a date (the provincial museum closes on Mondays), free for me
/// (the paired-aid offer makes the wildlife zoo free for a Jiangsu visitor, not for one from
/// Gansu), district and A-level.
#[tokio::test]
async fn places_filter_by_opening_price_district_and_level() {
    let (_db, app) = demo().await;
    let (_, _, monday) = page(&app, "/places?lang=en&open=date&date=2024-01-08", None).await;
    let (_, _, tuesday) = page(&app, "/places?lang=en&open=date&date=2024-01-09", None).await;
    assert!(!lists(&monday, "qinghai_provincial_museum"));
    assert!(lists(&tuesday, "qinghai_provincial_museum"));
    assert!(lists(&monday, "kumbum_monastery"));

    let free = "/places?lang=en&free=1&date=2024-01-10";
    let (_, _, jiangsu) = page(&app, &format!("{free}&home=320000"), None).await;
    let (_, _, gansu) = page(&app, &format!("{free}&home=620000"), None).await;
    assert!(lists(&jiangsu, "qinghai_plateau_wildlife_zoo"));
    assert!(!lists(&gansu, "qinghai_plateau_wildlife_zoo"));
    assert!(
        !lists(&jiangsu, "kumbum_monastery"),
        "Kumbum costs the off-season price"
    );

    let (_, _, huangzhong) = page(&app, "/places?district=%E6%B9%9F%E4%B8%AD%E5%8C%BA", None).await;
    assert!(lists(&huangzhong, "kumbum_monastery"));
    assert!(!lists(&huangzhong, "qinghai_provincial_museum"));
    let (_, _, five_a) = page(&app, "/places?a=5", None).await;
    assert_eq!(five_a.matches("<li class=\"card\">").count(), 1);
    assert!(lists(&five_a, "kumbum_monastery"));
}

/// A place page shows closed days in its week and says "position unknown" (with the note)
/// instead of a map when the position is unknown.
#[tokio::test]
async fn place_page_shows_closed_days_and_unknown_positions() {
    let (_db, app) = demo().await;
    let (_, _, museum) = page(
        &app,
        "/places/qinghai_provincial_museum?lang=en&date=2024-01-08",
        None,
    )
    .await;
    let monday = museum.find("2024-01-08 Mon").unwrap();
    let row_start = museum[..monday].rfind("<tr").unwrap();
    assert!(
        museum[row_start..monday].contains("closed"),
        "Monday row is marked closed"
    );
    assert!(
        museum[monday..]
            .split("</tr>")
            .next()
            .unwrap()
            .contains("Closed")
    );
    assert!(museum.contains("data-map="));
    let (_, _, street) = page(&app, "/places/mojia_street?lang=en", None).await;
    assert!(street.contains(r#"<p id="position-unknown">Position unknown"#));
    assert!(!street.contains("data-map="));
}

/// The profile form sends every field with `profile=1`: an unchecked "student" and emptied
/// fields forget what the cookies held; a single field given alone changes only itself.
#[tokio::test]
async fn the_profile_form_can_forget_what_it_remembered() {
    let (_db, app) = demo().await;
    let held = "wenlv_home=320000; wenlv_age=20; wenlv_student=1";
    let (_, cookies, html) = page(&app, "/places?lang=en&profile=1&home=&age=", Some(held)).await;
    for name in ["wenlv_home", "wenlv_age", "wenlv_student"] {
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with(&format!("{name}=;")) && c.contains("Max-Age=0")),
            "{name} forgotten: {cookies:?}"
        );
    }
    assert!(html.contains("home not given"));
    let (_, cookies, html) = page(&app, "/places?lang=en&age=67", Some(held)).await;
    assert_eq!(cookies.len(), 2, "lang and age only: {cookies:?}");
    assert!(html.contains("from Jiangsu, 67 years, student"), "{html}");
}

/// The researchers' notes on hours, prices and positions appear in the page's language: the
/// Chinese page shows the Chinese note and not the English one, and the other way round.
#[tokio::test]
async fn notes_are_in_the_page_language() {
    let (_db, app) = demo().await;
    let (_, _, zh) = page(
        &app,
        "/places/kumbum_monastery?lang=zh&date=2024-07-09",
        None,
    )
    .await;
    let (_, _, en) = page(
        &app,
        "/places/kumbum_monastery?lang=en&date=2024-07-09",
        None,
    )
    .await;
    for (chinese, english) in [
        // hours note
        (
            "其他来源：夏季 08:00-18:00",
            "Other sources: 08:00-18:00 in summer",
        ),
        // price note
        ("较早的网页给出 80 元", "Peak = Apr 1-Oct 31"),
    ] {
        assert!(
            zh.contains(chinese) && !zh.contains(english),
            "zh page: {chinese}"
        );
        assert!(
            en.contains(english) && !en.contains(chinese),
            "en page: {english}"
        );
    }
    let (_, _, street) = page(&app, "/places/mojia_street?lang=zh", None).await;
    assert!(street.contains("位于大十字以东的东大街旁"));
    assert!(!street.contains("No reliable sourced point"));
    // Where the season's dates come from (seasons.toml's basis_zh).
    assert!(zh.contains("旺季 (来源：调研 places.csv，旺季为4月1日至10月31日"));
    assert!(en.contains("Peak season (Source: research places.csv: peak=Apr 1-Oct 31"));
    let (_, _, riyue) = page(&app, "/places/riyue_mountain?lang=zh&date=2024-01-10", None).await;
    assert!(riyue.contains("10月16日至次年4月14日 30 元"));
    // Today's product line on the home page, whichever it is, says its assumption in Chinese.
    let (_, _, home) = page(&app, "/?lang=zh", None).await;
    assert!(home.contains("假设：来源只提到") && !home.contains("the source names"));
}
