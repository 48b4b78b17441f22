//! Where a visitor comes from: a Chinese administrative division (GB/T 2260 code) or, for
//! visitors from abroad, a country (ISO 3166-1 alpha-2).
//!
//! Offers are often limited to visitors from certain provinces or cities ("paired-aid provinces
//! and cities"), named by GB/T 2260 codes: six digits, `PPCCDD` = province, prefecture (city),
//! county. `320000` is Jiangsu province, `320100` its city Nanjing, `320102` a district of it.
//!
//! **Validation limit.** The province part is checked against the full list of the 34
//! province-level divisions (31 on the mainland, plus Taiwan 71, Hong Kong 81, Macao 82). Finer
//! codes are accepted when well formed (six digits, a known province, and no county part under
//! a `00` prefecture part); whether that prefecture or county exists is NOT checked, since the
//! list of some 3,000 county-level codes changes every year and is not needed to match a code
//! against an offer's province or city prefixes.
//!
//! Countries are checked against the ISO 3166-1 list of the `celes` crate.
//!
//! ```
//! use wenlv_domain::HomeRegion;
//! let nanjing = HomeRegion::parse("320100").unwrap();
//! let jiangsu = HomeRegion::parse("320000").unwrap();
//! assert!(nanjing.is_within(&jiangsu));
//! assert!(!jiangsu.is_within(&nanjing));
//! assert_eq!(HomeRegion::parse("de").unwrap().to_string(), "DE");
//! assert!(HomeRegion::parse("990000").is_err()); // no province 99
//! assert!(HomeRegion::parse("XX").is_err());
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 34 province-level divisions of GB/T 2260: (two-digit code, Chinese name, English name).
pub const PROVINCES: [(u8, &str, &str); 34] = [
    (11, "北京市", "Beijing"),
    (12, "天津市", "Tianjin"),
    (13, "河北省", "Hebei"),
    (14, "山西省", "Shanxi"),
    (15, "内蒙古自治区", "Inner Mongolia"),
    (21, "辽宁省", "Liaoning"),
    (22, "吉林省", "Jilin"),
    (23, "黑龙江省", "Heilongjiang"),
    (31, "上海市", "Shanghai"),
    (32, "江苏省", "Jiangsu"),
    (33, "浙江省", "Zhejiang"),
    (34, "安徽省", "Anhui"),
    (35, "福建省", "Fujian"),
    (36, "江西省", "Jiangxi"),
    (37, "山东省", "Shandong"),
    (41, "河南省", "Henan"),
    (42, "湖北省", "Hubei"),
    (43, "湖南省", "Hunan"),
    (44, "广东省", "Guangdong"),
    (45, "广西壮族自治区", "Guangxi"),
    (46, "海南省", "Hainan"),
    (50, "重庆市", "Chongqing"),
    (51, "四川省", "Sichuan"),
    (52, "贵州省", "Guizhou"),
    (53, "云南省", "Yunnan"),
    (54, "西藏自治区", "Tibet"),
    (61, "陕西省", "Shaanxi"),
    (62, "甘肃省", "Gansu"),
    (63, "青海省", "Qinghai"),
    (64, "宁夏回族自治区", "Ningxia"),
    (65, "新疆维吾尔自治区", "Xinjiang"),
    (71, "台湾省", "Taiwan"),
    (81, "香港特别行政区", "Hong Kong"),
    (82, "澳门特别行政区", "Macao"),
];

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    /// Neither six digits nor two letters.
    #[error(
        "'{0}' is not a region code: expected a GB/T 2260 code of six digits (e.g. 320000) or an \
         ISO 3166-1 alpha-2 country code (e.g. DE)"
    )]
    Malformed(String),
    /// Six digits whose first two are no province-level division.
    #[error("'{0}' is not a GB/T 2260 code: there is no province-level division {1}0000")]
    UnknownProvince(String, String),
    /// A county part under a `00` prefecture part.
    #[error("'{0}' is not a well-formed GB/T 2260 code: a county part needs a prefecture part")]
    BadDivision(String),
    /// Two letters that are no ISO 3166-1 country.
    #[error("'{0}' is not an ISO 3166-1 alpha-2 country code")]
    UnknownCountry(String),
}

/// A GB/T 2260 administrative-division code, province level or finer (validated, see the module
/// docs for what is and is not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DivisionCode(u32);

impl DivisionCode {
    /// Reads six digits with a known province prefix.
    pub fn parse(text: &str) -> Result<DivisionCode, RegionError> {
        let t = text.trim();
        if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionError::Malformed(text.to_string()));
        }
        let n: u32 = t
            .parse()
            .map_err(|_| RegionError::Malformed(text.to_string()))?;
        let province = (n / 10_000) as u8;
        if !PROVINCES.iter().any(|p| p.0 == province) {
            return Err(RegionError::UnknownProvince(
                text.to_string(),
                t[..2].to_string(),
            ));
        }
        if (n / 100).is_multiple_of(100) && !n.is_multiple_of(100) {
            return Err(RegionError::BadDivision(text.to_string()));
        }
        Ok(DivisionCode(n))
    }

    /// The six-digit number.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The province this division belongs to (`320102` → `320000`).
    pub fn province(self) -> DivisionCode {
        DivisionCode(self.0 / 10_000 * 10_000)
    }

    /// The province's name in Chinese and English.
    pub fn province_name(self) -> (&'static str, &'static str) {
        let p = (self.0 / 10_000) as u8;
        let (_, zh, en) = PROVINCES
            .iter()
            .find(|x| x.0 == p)
            .expect("checked when parsed");
        (zh, en)
    }

    /// Whether `self` lies inside `area` (a province `320000` contains `320100` and `320102`;
    /// a city `320100` contains `320102`; every code contains itself).
    pub fn is_within(self, area: DivisionCode) -> bool {
        let (a, s) = (area.0, self.0);
        if a.is_multiple_of(10_000) {
            a / 10_000 == s / 10_000
        } else if a.is_multiple_of(100) {
            a / 100 == s / 100
        } else {
            a == s
        }
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Reads two letters (either case) naming an ISO 3166-1 country.
    pub fn parse(text: &str) -> Result<CountryCode, RegionError> {
        let t = text.trim().to_ascii_uppercase();
        if t.len() != 2 || !t.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(RegionError::Malformed(text.to_string()));
        }
        celes::Country::from_alpha2(&t)
            .map_err(|_| RegionError::UnknownCountry(text.to_string()))?;
        let b = t.as_bytes();
        Ok(CountryCode([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII letters")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A visitor's home: a Chinese division or a foreign country. Written as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum HomeRegion {
    China(DivisionCode),
    Abroad(CountryCode),
}

impl HomeRegion {
    /// Six digits → a GB/T 2260 division; two letters → an ISO 3166-1 country.
    pub fn parse(text: &str) -> Result<HomeRegion, RegionError> {
        let t = text.trim();
        if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
            DivisionCode::parse(t).map(HomeRegion::China)
        } else if t.len() == 2 {
            CountryCode::parse(t).map(HomeRegion::Abroad)
        } else {
            Err(RegionError::Malformed(text.to_string()))
        }
    }

    /// The Chinese division, if the visitor is from China.
    pub fn division(&self) -> Option<DivisionCode> {
        match self {
            HomeRegion::China(d) => Some(*d),
            HomeRegion::Abroad(_) => None,
        }
    }

    /// Whether `self` lies inside `area`: divisions by prefix, countries by equality.
    pub fn is_within(&self, area: &HomeRegion) -> bool {
        match (self, area) {
            (HomeRegion::China(s), HomeRegion::China(a)) => s.is_within(*a),
            (HomeRegion::Abroad(s), HomeRegion::Abroad(a)) => s == a,
            _ => false,
        }
    }
}

impl fmt::Display for HomeRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HomeRegion::China(d) => d.fmt(f),
            HomeRegion::Abroad(c) => c.fmt(f),
        }
    }
}

impl std::str::FromStr for HomeRegion {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<HomeRegion, RegionError> {
        HomeRegion::parse(s)
    }
}

impl TryFrom<String> for HomeRegion {
    type Error = RegionError;
    fn try_from(s: String) -> Result<HomeRegion, RegionError> {
        HomeRegion::parse(&s)
    }
}

impl From<HomeRegion> for String {
    fn from(r: HomeRegion) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_list_is_complete_and_unique() {
        let mut codes: Vec<u8> = PROVINCES.iter().map(|p| p.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 34);
        for (code, _, _) in PROVINCES {
            assert!(DivisionCode::parse(&format!("{code}0000")).is_ok());
        }
    }

    #[test]
    fn codes_are_validated_with_clear_messages() {
        assert_eq!(
            HomeRegion::parse("320000").unwrap(),
            HomeRegion::China(DivisionCode(320000))
        );
        assert!(HomeRegion::parse("320102").is_ok());
        let e = HomeRegion::parse("990000").unwrap_err();
        assert_eq!(
            e.to_string(),
            "'990000' is not a GB/T 2260 code: there is no province-level division 990000"
        );
        assert!(matches!(
            HomeRegion::parse("320001"),
            Err(RegionError::BadDivision(_))
        ));
        for bad in ["", "32000", "3200000", "32a000", "Jiangsu", "D"] {
            assert!(
                matches!(HomeRegion::parse(bad), Err(RegionError::Malformed(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            HomeRegion::parse("XX"),
            Err(RegionError::UnknownCountry(_))
        ));
        assert_eq!(HomeRegion::parse("DE").unwrap().to_string(), "DE");
        assert_eq!(
            serde_json::from_str::<HomeRegion>("\"620000\"").unwrap(),
            HomeRegion::China(DivisionCode(620000))
        );
    }

    #[test]
    fn containment_follows_the_code_levels() {
        let d = |s: &str| DivisionCode::parse(s).unwrap();
        assert!(d("320102").is_within(d("320000")));
        assert!(d("320102").is_within(d("320100")));
        assert!(!d("320202").is_within(d("320100")));
        assert!(!d("620000").is_within(d("320000")));
        assert_eq!(d("320102").province(), d("320000"));
        assert_eq!(d("630100").province_name().1, "Qinghai");
        let de = HomeRegion::parse("DE").unwrap();
        assert!(de.is_within(&de));
        assert!(!de.is_within(&HomeRegion::parse("320000").unwrap()));
    }
}
