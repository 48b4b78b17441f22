//! Money: exact amounts in CNY, held as integer fen (0.01 CNY). Never floating point.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An exact amount of CNY, stored as whole fen. Written and read as a decimal string ("40.00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    fen: i64,
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a decimal number with at most two digits after the point.
    #[error("'{0}' is not an amount in CNY (expected e.g. 40, 40.5 or 40.50)")]
    Malformed(String),
    /// Too large to be a ticket price.
    #[error("'{0}' is too large")]
    TooLarge(String),
}

impl Money {
    /// Zero CNY.
    pub const ZERO: Money = Money { fen: 0 };

    /// An amount from whole fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money { fen }
    }

    /// An amount from whole yuan.
    pub const fn from_yuan(yuan: i64) -> Money {
        Money { fen: yuan * 100 }
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.fen
    }

    /// Parses "40", "40.5", "40.50", "-3.20". More than two decimals is an error, not a rounding.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        let bad = || MoneyError::Malformed(text.to_string());
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || (whole.is_empty() && digits.starts_with('.') && frac.is_empty())
        {
            return Err(bad());
        }
        if whole.len() > 12 {
            return Err(MoneyError::TooLarge(text.to_string()));
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let frac_fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        let fen = whole * 100 + frac_fen;
        Ok(Money {
            fen: if neg { -fen } else { fen },
        })
    }

    /// `percent`% of this amount, rounded half up to the fen (50% of 0.05 is 0.03).
    pub fn percent(self, percent: u32) -> Money {
        let scaled = self.fen as i128 * percent as i128;
        let fen = (scaled + 50).div_euclid(100);
        Money { fen: fen as i64 }
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.fen.checked_add(other.fen).map(Money::from_fen)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money {
            fen: self.fen + rhs.fen,
        }
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money {
            fen: self.fen - rhs.fen,
        }
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.fen < 0 { "-" } else { "" };
        let abs = self.fen.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::str::FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_prints_decimal_strings() {
        assert_eq!(Money::parse("40").unwrap().fen(), 4000);
        assert_eq!(Money::parse("40.5").unwrap().fen(), 4050);
        assert_eq!(Money::parse("0.05").unwrap().fen(), 5);
        assert_eq!(Money::parse("-3.20").unwrap().to_string(), "-3.20");
        assert_eq!(Money::from_fen(7).to_string(), "0.07");
        for bad in ["", "abc", "1.234", "1,5", "--1", ".", "1e3"] {
            assert!(Money::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn percent_rounds_half_up_to_the_fen() {
        assert_eq!(Money::parse("30").unwrap().percent(50).to_string(), "15.00");
        assert_eq!(Money::from_fen(5).percent(50).fen(), 3);
        assert_eq!(Money::from_fen(1999).percent(80).fen(), 1599);
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(fen in -10_000_000i64..10_000_000) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        }

        #[test]
        fn percent_of_non_negative_stays_within_bounds(fen in 0i64..10_000_000, p in 0u32..=100) {
            let m = Money::from_fen(fen).percent(p);
            prop_assert!(m >= Money::ZERO && m <= Money::from_fen(fen));
        }
    }
}
