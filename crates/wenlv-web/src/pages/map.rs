//! What a page's map draws: the basemap setting and the points and lines, as JSON in the map
//! element's `data-map` attribute, read by `assets/src/map.js` (Leaflet).
//!
//! Positions are stored in WGS-84. A basemap drawn in GCJ-02 (Amap-style tiles, the Chinese
//! mandated offset datum) gets every point and line shifted here, server side, with
//! [`Position::to_datum`], so markers line up with the streets of the tiles. With no basemap, or
//! when tiles fail to load, the points, lines and labels still draw on a plain background.

use serde::Serialize;
use wenlv_domain::{Datum, Position};

/// Which tiles to draw under the points (`WENLV_BASEMAP`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Basemap {
    /// No tiles: a plain background (offline use).
    None,
    /// OpenStreetMap raster tiles (WGS-84).
    #[default]
    Osm,
    /// Tianditu (天地图) vector tiles with labels, WGS-84 (CGCS2000); needs a key (`tk`).
    Tianditu { key: String },
    /// Amap-style road tiles in GCJ-02: points and lines are shifted to match.
    Amap,
}

/// Why a basemap setting is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BasemapError {
    #[error("basemap 'tianditu' needs a Tianditu key (WENLV_TIANDITU_KEY)")]
    NoTiandituKey,
    #[error("unknown basemap '{0}' (expected none, osm, tianditu or amap)")]
    Unknown(String),
}

impl Basemap {
    /// Reads `none`, `osm`, `tianditu` or `amap`; Tianditu needs `tianditu_key`.
    pub fn parse(text: &str, tianditu_key: Option<&str>) -> Result<Basemap, BasemapError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" | "" => Ok(Basemap::None),
            "osm" => Ok(Basemap::Osm),
            "amap" => Ok(Basemap::Amap),
            "tianditu" => match tianditu_key.map(str::trim).filter(|k| !k.is_empty()) {
                Some(key) => Ok(Basemap::Tianditu {
                    key: key.to_string(),
                }),
                None => Err(BasemapError::NoTiandituKey),
            },
            other => Err(BasemapError::Unknown(other.to_string())),
        }
    }

    /// The datum the tiles are drawn in.
    pub fn datum(&self) -> Datum {
        match self {
            Basemap::Amap => Datum::Gcj02,
            _ => Datum::Wgs84,
        }
    }

    /// The origins (`https://host`) the browser fetches tiles from, sorted: what the pages'
    /// Content-Security-Policy must allow as image sources. Every `{s}` subdomain is spelled out,
    /// so the policy names exact hosts, not wildcards.
    pub fn tile_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = self
            .layers()
            .iter()
            .flat_map(|layer| {
                let subdomains: Vec<String> = if layer.url.contains("{s}") {
                    layer.subdomains.chars().map(String::from).collect()
                } else {
                    vec![String::new()]
                };
                subdomains
                    .into_iter()
                    .filter_map(|s| origin(&layer.url.replace("{s}", &s)))
                    .collect::<Vec<_>>()
            })
            .collect();
        origins.sort();
        origins.dedup();
        origins
    }

    fn layers(&self) -> Vec<TileLayer> {
        match self {
            Basemap::None => vec![],
            Basemap::Osm => vec![TileLayer {
                url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
                attribution: "© OpenStreetMap contributors".into(),
                subdomains: String::new(),
                max_zoom: 19,
            }],
            Basemap::Tianditu { key } => ["vec_w", "cva_w"]
                .iter()
                .map(|layer| {
                    let name = &layer[..3];
                    TileLayer {
                        url: format!(
                            "https://t{{s}}.tianditu.gov.cn/{layer}/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={name}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
                        ),
                        attribution: "© 天地图 Tianditu".into(),
                        subdomains: "01234567".into(),
                        max_zoom: 18,
                    }
                })
                .collect(),
            Basemap::Amap => vec![TileLayer {
                url: "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}".into(),
                attribution: "© 高德地图 Amap".into(),
                subdomains: "1234".into(),
                max_zoom: 18,
            }],
        }
    }
}

/// `scheme://host[:port]` of an absolute URL; `None` for anything else.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':');
    (!scheme.is_empty() && !host.is_empty() && host.chars().all(plain))
        .then(|| format!("{scheme}://{host}"))
}

#[derive(Debug, Serialize)]
struct TileLayer {
    url: String,
    attribution: String,
    subdomains: String,
    max_zoom: u8,
}

/// One labelled point; `n` numbers route stops.
#[derive(Debug, Clone, Serialize)]
pub struct MapPoint {
    pub lat: f64,
    pub lon: f64,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
}

/// The map's JSON.
#[derive(Debug, Serialize)]
pub struct MapData {
    tiles: Vec<TileLayer>,
    /// The datum the coordinates below are in (that of the tiles).
    datum: Datum,
    points: Vec<MapPoint>,
    /// Join the points in order with a line (a route).
    line: bool,
    /// Accessible name of the map.
    label: String,
}

impl MapData {
    /// Points given in WGS-84, shifted into the basemap's datum.
    pub fn new(
        basemap: &Basemap,
        label: String,
        points: Vec<(Position, MapPoint)>,
        line: bool,
    ) -> MapData {
        let datum = basemap.datum();
        let points = points
            .into_iter()
            .map(|(pos, mut p)| {
                let shown = pos.to_datum(datum);
                p.lat = shown.lat;
                p.lon = shown.lon;
                p
            })
            .collect();
        MapData {
            tiles: basemap.layers(),
            datum,
            points,
            line,
            label,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The JSON for the `data-map` attribute (the template escapes it).
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("map data serialises")
    }
}

/// A point for `pos` labelled `label`.
pub fn point(
    pos: Position,
    label: String,
    href: Option<String>,
    n: Option<usize>,
) -> (Position, MapPoint) {
    (
        pos,
        MapPoint {
            lat: pos.lat,
            lon: pos.lon,
            label,
            href,
            n,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_tianditu_needs_a_key() {
        assert_eq!(Basemap::parse("OSM", None), Ok(Basemap::Osm));
        assert_eq!(Basemap::parse("none", None), Ok(Basemap::None));
        assert!(
            Basemap::parse("tianditu", None)
                .unwrap_err()
                .to_string()
                .contains("key")
        );
        assert!(
            Basemap::parse("google", None)
                .unwrap_err()
                .to_string()
                .contains("'google'")
        );
        let t = Basemap::parse("tianditu", Some("abc")).unwrap();
        assert!(t.layers()[0].url.ends_with("tk=abc"));
    }

    /// The image hosts a page needs are exactly those of the tile URLs: one per subdomain, no
    /// path, query or key; none without a basemap.
    #[test]
    fn tile_origins_come_from_the_tile_urls() {
        assert_eq!(Basemap::None.tile_origins(), Vec::<String>::new());
        assert_eq!(
            Basemap::Osm.tile_origins(),
            vec!["https://tile.openstreetmap.org"]
        );
        let amap = Basemap::Amap.tile_origins();
        assert_eq!(amap.len(), 4, "{amap:?}");
        assert!(amap.contains(&"https://webrd01.is.autonavi.com".to_string()));
        assert!(amap.contains(&"https://webrd04.is.autonavi.com".to_string()));
        let tianditu = Basemap::parse("tianditu", Some("secret"))
            .unwrap()
            .tile_origins();
        assert_eq!(tianditu.len(), 8, "{tianditu:?}");
        assert_eq!(tianditu[0], "https://t0.tianditu.gov.cn");
        assert!(
            tianditu
                .iter()
                .all(|o| !o.contains("secret") && !o.contains('{'))
        );
        assert_eq!(origin("not a url"), None);
        assert_eq!(
            origin("https://a.example:8443/x"),
            Some("https://a.example:8443".into())
        );
    }

    /// With a GCJ-02 basemap a Xining point moves by the mandated offset (a few hundred metres);
    /// with OSM it stays where it is.
    #[test]
    fn gcj02_basemaps_shift_the_points() {
        let kumbum = Position {
            lat: 36.48814,
            lon: 101.566177,
        };
        let p = || vec![point(kumbum, "Kumbum".into(), None, None)];
        let osm = MapData::new(&Basemap::Osm, String::new(), p(), false);
        assert_eq!(
            (osm.points[0].lat, osm.points[0].lon),
            (kumbum.lat, kumbum.lon)
        );
        let amap = MapData::new(&Basemap::Amap, String::new(), p(), false);
        let shifted = Position {
            lat: amap.points[0].lat,
            lon: amap.points[0].lon,
        };
        let moved = kumbum.distance_m(shifted);
        assert!((100.0..1_000.0).contains(&moved), "{moved}");
        assert_eq!(shifted, kumbum.to_datum(Datum::Gcj02));
        assert!(amap.json().contains("\"datum\":\"gcj02\""));
        assert!(
            MapData::new(&Basemap::None, String::new(), p(), false)
                .tiles
                .is_empty()
        );
    }
}
