//! `spawn_app`: the server on a random port over a given store, and a client for it.

use tokio::sync::oneshot;
use wenlv_domain::{ALevel, Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Theme};
use wenlv_store::Store;
use wenlv_web::AppState;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    _stop: oneshot::Sender<()>,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// POSTs JSON to `path`, checks the status, and returns the JSON answer.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        status: u16,
    ) -> serde_json::Value {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(got, status, "POST {path}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// GETs `path`, checks the status, and returns the content type and the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> (String, serde_json::Value) {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (content_type, response.json().await.unwrap())
    }
}

/// Starts the server on 127.0.0.1:0; it stops when the `TestApp` is dropped.
pub async fn spawn_app(store: Store) -> TestApp {
    spawn_state(AppState::new(store)).await
}

/// The same over a state the test made (e.g. with routing servers).
pub async fn spawn_state(state: AppState) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(wenlv_web::serve_with_shutdown(
        listener,
        state,
        async move {
            let _ = stopped.await;
        },
    ));
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _stop: stop,
    }
}

pub fn place(id: &str, name_zh: &str, name_en: &str) -> Place {
    Place::new(
        PlaceId::parse(id).unwrap(),
        name_zh,
        name_en,
        Category::Other,
    )
}

/// Three places: one with every field, one without a position, one free park.
pub fn catalogue() -> Vec<Place> {
    let mut kumbum = place("kumbum_monastery", "塔尔寺", "Kumbum Monastery");
    kumbum.description_en = Some("A Gelug monastery".to_string());
    kumbum.category = Category::Temple;
    kumbum.a_level = ALevel::new(5).unwrap();
    kumbum.district = Some("湟中区".to_string());
    kumbum.position = Some(Position::new(36.488140, 101.566177).unwrap());
    kumbum.visit_minutes = Some(180);
    kumbum.themes = vec![Theme::Religion, Theme::Heritage];
    kumbum.opening_hours = Some(OpeningHoursSpec::parse("08:00-18:00").unwrap());
    kumbum.price_peak = Some(Money::parse("70").unwrap());
    kumbum.price_off = Some(Money::parse("35.5").unwrap());

    let mut street = place("mojia_street", "莫家街", "Mojia Street");
    street.category = Category::Street;
    street.district = Some("城东区".to_string());
    street.themes = vec![Theme::Food, Theme::OldTown];
    street.position_note = Some("near Dongguan Mosque".to_string());

    let mut park = place("peoples_park", "人民公园", "People's Park");
    park.category = Category::Park;
    park.district = Some("城北区".to_string());
    park.position = Some(Position::new(36.64, 101.77).unwrap());
    park.themes = vec![Theme::CityPark];
    park.price_peak = Some(Money::ZERO);

    vec![kumbum, street, park]
}

/// Loads the shipped Xining places and offers.
pub async fn load_xining(store: &Store) {
    store
        .upsert_places(&wenlv_io::demo::xining_places())
        .await
        .unwrap();
    store
        .upsert_offers(&wenlv_io::demo::xining_city().offers)
        .await
        .unwrap();
}
