//! Positions on the earth. Everything is stored in WGS-84; Chinese basemaps need GCJ-02
//! ("Mars coordinates", the mandated offset datum) and Baidu uses BD-09, so conversions live here.
//!
//! The formulas are the published ones: the GCJ-02 offset polynomial on the Krasovsky 1940
//! ellipsoid, its inverse by fixed-point iteration, and Baidu's rotation for BD-09. Outside
//! mainland China GCJ-02 equals WGS-84.

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// A point in WGS-84 degrees. Latitude in [-90, 90], longitude in [-180, 180].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
}

/// Why a pair of numbers is not a position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PositionError {
    #[error("latitude {0} is out of range (-90 to 90)")]
    LatitudeOutOfRange(f64),
    #[error("longitude {0} is out of range (-180 to 180)")]
    LongitudeOutOfRange(f64),
}

/// The coordinate system a pair of numbers was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    /// GPS, OpenStreetMap: what wenlv stores.
    #[default]
    Wgs84,
    /// The Chinese offset datum used by Amap, Tencent and most Chinese basemaps.
    Gcj02,
    /// Baidu's further offset of GCJ-02.
    Bd09,
}

impl Datum {
    /// Parses `wgs84`, `gcj02` or `bd09` (case-insensitive).
    pub fn parse(text: &str) -> Option<Datum> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wgs84" | "wgs-84" => Some(Datum::Wgs84),
            "gcj02" | "gcj-02" => Some(Datum::Gcj02),
            "bd09" | "bd-09" => Some(Datum::Bd09),
            _ => None,
        }
    }
}

const KRASOVSKY_A: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;
const BAIDU_X_PI: f64 = PI * 3000.0 / 180.0;
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Position {
    /// A checked WGS-84 position.
    pub fn new(lat: f64, lon: f64) -> Result<Position, PositionError> {
        if !(-90.0..=90.0).contains(&lat) || lat.is_nan() {
            return Err(PositionError::LatitudeOutOfRange(lat));
        }
        if !(-180.0..=180.0).contains(&lon) || lon.is_nan() {
            return Err(PositionError::LongitudeOutOfRange(lon));
        }
        Ok(Position { lat, lon })
    }

    /// Reads a point given in `datum` and returns it in WGS-84.
    pub fn from_datum(lat: f64, lon: f64, datum: Datum) -> Result<Position, PositionError> {
        let p = Position::new(lat, lon)?;
        Ok(match datum {
            Datum::Wgs84 => p,
            Datum::Gcj02 => p.gcj02_to_wgs84(),
            Datum::Bd09 => p.bd09_to_gcj02().gcj02_to_wgs84(),
        })
    }

    /// This point shown in `datum` (for a basemap in that datum).
    pub fn to_datum(self, datum: Datum) -> Position {
        match datum {
            Datum::Wgs84 => self,
            Datum::Gcj02 => self.wgs84_to_gcj02(),
            Datum::Bd09 => self.wgs84_to_gcj02().gcj02_to_bd09(),
        }
    }

    /// Whether GCJ-02 shifts this point (a rough box around mainland China, as published).
    pub fn in_china(self) -> bool {
        (72.004..=137.8347).contains(&self.lon) && (0.8293..=55.8271).contains(&self.lat)
    }

    /// WGS-84 → GCJ-02 (treating `self` as WGS-84).
    pub fn wgs84_to_gcj02(self) -> Position {
        if !self.in_china() {
            return self;
        }
        let (dlat, dlon) = gcj_offset(self.lat, self.lon);
        Position {
            lat: self.lat + dlat,
            lon: self.lon + dlon,
        }
    }

    /// GCJ-02 → WGS-84 (treating `self` as GCJ-02), by iterating the forward offset until it
    /// reproduces the input to about a millimetre.
    pub fn gcj02_to_wgs84(self) -> Position {
        if !self.in_china() {
            return self;
        }
        let mut guess = self;
        for _ in 0..30 {
            let forward = guess.wgs84_to_gcj02();
            let (elat, elon) = (forward.lat - self.lat, forward.lon - self.lon);
            guess = Position {
                lat: guess.lat - elat,
                lon: guess.lon - elon,
            };
            if elat.abs() < 1e-10 && elon.abs() < 1e-10 {
                break;
            }
        }
        guess
    }

    /// BD-09 → GCJ-02 (treating `self` as BD-09).
    pub fn bd09_to_gcj02(self) -> Position {
        let x = self.lon - 0.0065;
        let y = self.lat - 0.006;
        let z = (x * x + y * y).sqrt() - 0.00002 * (y * BAIDU_X_PI).sin();
        let theta = y.atan2(x) - 0.000003 * (x * BAIDU_X_PI).cos();
        Position {
            lat: z * theta.sin(),
            lon: z * theta.cos(),
        }
    }

    /// GCJ-02 → BD-09 (treating `self` as GCJ-02).
    pub fn gcj02_to_bd09(self) -> Position {
        let (x, y) = (self.lon, self.lat);
        let z = (x * x + y * y).sqrt() + 0.00002 * (y * BAIDU_X_PI).sin();
        let theta = y.atan2(x) + 0.000003 * (x * BAIDU_X_PI).cos();
        Position {
            lat: z * theta.sin() + 0.006,
            lon: z * theta.cos() + 0.0065,
        }
    }

    /// Great-circle (haversine) distance in metres.
    pub fn distance_m(self, other: Position) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

/// A latitude/longitude box in WGS-84 (no antimeridian crossing: not needed for one city).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub min_lon: f64,
    pub max_lat: f64,
    pub max_lon: f64,
}

/// Why a text is not a bounding box.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadBoundingBox {
    #[error("bbox '{}' is not min_lon,min_lat,max_lon,max_lat", crate::civil::clip(.0, crate::civil::MAX_ECHO_CHARS))]
    Format(String),
    #[error(transparent)]
    Corner(#[from] PositionError),
}

impl BoundingBox {
    /// Reads `min_lon,min_lat,max_lon,max_lat` (the GeoJSON / OGC order). Two corners in another
    /// order span the same box (a city's box never crosses the antimeridian), so every pair of
    /// valid corners is a box, as the API's schema says.
    pub fn parse(text: &str) -> Result<BoundingBox, BadBoundingBox> {
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let nums: Result<Vec<f64>, _> = parts.iter().map(|p| p.parse::<f64>()).collect();
        match nums.as_deref() {
            Ok([lon1, lat1, lon2, lat2]) => {
                let (a, b) = (Position::new(*lat1, *lon1)?, Position::new(*lat2, *lon2)?);
                Ok(BoundingBox {
                    min_lat: a.lat.min(b.lat),
                    min_lon: a.lon.min(b.lon),
                    max_lat: a.lat.max(b.lat),
                    max_lon: a.lon.max(b.lon),
                })
            }
            _ => Err(BadBoundingBox::Format(text.to_string())),
        }
    }

    pub fn contains(&self, p: Position) -> bool {
        (self.min_lat..=self.max_lat).contains(&p.lat)
            && (self.min_lon..=self.max_lon).contains(&p.lon)
    }
}

fn gcj_offset(lat: f64, lon: f64) -> (f64, f64) {
    let (x, y) = (lon - 105.0, lat - 35.0);
    let mut dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    dlat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    dlon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI);
    (dlat, dlon)
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // reference values as published
mod tests {
    use super::*;

    fn close(a: Position, lat: f64, lon: f64, tol: f64) {
        assert!(
            (a.lat - lat).abs() < tol && (a.lon - lon).abs() < tol,
            "got ({}, {}), expected ({lat}, {lon})",
            a.lat,
            a.lon
        );
    }

    /// Reference pairs published with the widely used coordtransform library (Tiananmen).
    #[test]
    fn matches_published_reference_pairs() {
        let p = Position {
            lat: 39.915,
            lon: 116.404,
        };
        close(
            p.wgs84_to_gcj02(),
            39.91640428150164,
            116.41024449916938,
            1e-9,
        );
        // Baidu's published pair is given to ~1 cm; its own formulas are approximate.
        close(
            p.bd09_to_gcj02(),
            39.908656839083666,
            116.39762729119315,
            1e-6,
        );
        close(
            p.gcj02_to_bd09(),
            39.92133699351022,
            116.41036949371029,
            1e-9,
        );
    }

    /// The Xining data's Kumbum Monastery point: BD-09 in the source, WGS-84 in our data.
    #[test]
    fn bd09_source_point_converts_to_the_stored_wgs84_point() {
        let p = Position::from_datum(36.4935970968374, 101.57454123555, Datum::Bd09).unwrap();
        close(p, 36.488140, 101.566177, 1e-6);
    }

    #[test]
    fn gcj02_inverse_round_trips_to_a_millimetre() {
        let p = Position {
            lat: 36.6154,
            lon: 101.7953,
        };
        let back = p.wgs84_to_gcj02().gcj02_to_wgs84();
        assert!(p.distance_m(back) < 0.001);
        let back = p.to_datum(Datum::Bd09);
        let again = Position::from_datum(back.lat, back.lon, Datum::Bd09).unwrap();
        // Baidu's forward and backward rotations are not exact inverses: about a decimetre.
        assert!(p.distance_m(again) < 0.5, "{}", p.distance_m(again));
    }

    #[test]
    fn outside_china_is_not_shifted() {
        let berlin = Position {
            lat: 52.52,
            lon: 13.405,
        };
        assert_eq!(berlin.wgs84_to_gcj02(), berlin);
    }

    #[test]
    fn bounding_box_parses_in_geojson_order() {
        let b = BoundingBox::parse("101.5,36.4,101.9,36.7").unwrap();
        assert!(b.contains(Position {
            lat: 36.6154,
            lon: 101.7953
        }));
        assert!(!b.contains(Position {
            lat: 36.2,
            lon: 101.7953
        }));
        // Corners in another order span the same box.
        for other in [
            "101.9,36.7,101.5,36.4",
            "101.5,36.7,101.9,36.4",
            "101.9,36.4,101.5,36.7",
        ] {
            assert_eq!(BoundingBox::parse(other).unwrap(), b, "{other}");
        }
        assert!(BoundingBox::parse("1,2,3").is_err());
        assert!(BoundingBox::parse("101.5,91,101.9,36.7").is_err());
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(Position::new(91.0, 0.0).is_err());
        assert!(Position::new(0.0, 181.0).is_err());
        assert!(Position::new(f64::NAN, 0.0).is_err());
    }

    #[test]
    fn haversine_distance_is_plausible() {
        // Dongguan Mosque to Kumbum Monastery: about 26 km as the crow flies.
        let a = Position {
            lat: 36.6154,
            lon: 101.7953,
        };
        let b = Position {
            lat: 36.488140,
            lon: 101.566177,
        };
        let d = a.distance_m(b);
        assert!((24_000.0..28_000.0).contains(&d), "{d}");
    }
}
