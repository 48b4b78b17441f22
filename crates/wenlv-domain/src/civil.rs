//! Dates and clock times as they enter the service — JSON bodies, query strings, pages, command
//! flags, data files and imported cells — read by one parser, in one format and one range, with
//! one message.
//!
//! - A date is written `YYYY-MM-DD`, exactly (no `20240109`, no `2024-01-09T10:00`, no spaces),
//!   and lies in [`FIRST_DATE`]..=[`LAST_DATE`]. The range keeps a margin to the end of the
//!   calendar so that every rule may look at the day after the last day a request names (a
//!   week view, a multi-day plan's evening, the `opening_hours` evaluator's "does it run past
//!   midnight?") without ever running out of dates.
//! - A clock time is `HH:MM`, 00:00–23:59, plus `24:00` where the end of a day is meant.
//!
//! ```
//! use wenlv_domain::civil::{parse_date, parse_clock};
//! assert_eq!(parse_date("2024-01-09").unwrap().to_string(), "2024-01-09");
//! assert!(parse_date("20240109").is_err());
//! assert!(parse_date("9999-12-31").is_err());
//! assert_eq!(parse_clock("24:00").unwrap(), 1440);
//! ```

use jiff::civil::{Date, date};
use serde::{Deserialize, Deserializer, Serializer};
use std::borrow::Cow;

/// The first date the service answers for.
pub const FIRST_DATE: Date = date(1900, 1, 1);
/// The last date the service answers for (a year before the end of the calendar).
pub const LAST_DATE: Date = date(9998, 12, 31);

/// The longest piece of a caller's text that an error message repeats.
pub const MAX_ECHO_CHARS: usize = 200;

/// Why a text is not a date the service takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{}' is not a date YYYY-MM-DD", clip(.0, MAX_ECHO_CHARS))]
    Format(String),
    #[error("{0} is outside the dates this service answers for ({FIRST_DATE} to {LAST_DATE})")]
    Range(Date),
}

/// Why a text is not a clock time the service takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{}' is not a time HH:MM (00:00 to 24:00)", clip(.0, MAX_ECHO_CHARS))]
pub struct ClockError(pub String);

/// Reads a date `YYYY-MM-DD` in [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(DateError::Format(text.to_string()));
    }
    let date: Date = text
        .parse()
        .map_err(|_| DateError::Format(text.to_string()))?;
    check_date(date)
}

/// `date` itself when it lies in the service's range.
pub fn check_date(date: Date) -> Result<Date, DateError> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        Ok(date)
    } else {
        Err(DateError::Range(date))
    }
}

/// Reads `HH:MM` as minutes after midnight; `24:00` (1440) is the end of the day.
pub fn parse_clock(text: &str) -> Result<u32, ClockError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 5
        && bytes.iter().enumerate().all(|(i, b)| match i {
            2 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    let minutes = shaped
        .then(|| {
            let (h, m): (u32, u32) = (text[..2].parse().ok()?, text[3..].parse().ok()?);
            (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
        })
        .flatten();
    minutes.ok_or_else(|| ClockError(text.to_string()))
}

/// At most `max` characters of `text`; a longer text keeps its head and tail around a marker
/// saying how much was left out, so an error message never repeats a megabyte back.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return Cow::Borrowed(text);
    }
    let head = max * 2 / 3;
    let tail = max - head;
    let head_text: String = text.chars().take(head).collect();
    let tail_text: String = text.chars().skip(count - tail).collect();
    Cow::Owned(format!(
        "{head_text}…[{} characters left out]…{tail_text}",
        count - head - tail
    ))
}

/// Serde for a `jiff::civil::Date` field that must be read by [`parse_date`]:
/// `#[serde(with = "wenlv_domain::civil::serde_date")]`.
pub mod serde_date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        parse_date(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_one_format() {
        for bad in [
            "20240109",
            "2024-01-09T10:00",
            " 2024-01-09",
            "2024-1-9",
            "2024-02-30",
            "+2024-01-09",
            "２０２４-01-09",
            "",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::Format(_))),
                "{bad:?}"
            );
        }
        assert_eq!(parse_date("2024-02-29").unwrap(), date(2024, 2, 29));
    }

    #[test]
    fn dates_take_one_range() {
        assert_eq!(parse_date("1900-01-01").unwrap(), FIRST_DATE);
        assert_eq!(parse_date("9998-12-31").unwrap(), LAST_DATE);
        for out in ["0001-01-01", "1899-12-31", "9999-01-01", "9999-12-31"] {
            let e = parse_date(out).unwrap_err();
            assert!(matches!(e, DateError::Range(_)), "{out}");
            assert!(e.to_string().contains("1900-01-01 to 9998-12-31"), "{e}");
        }
        // Every rule may look a week past the last date.
        assert!(LAST_DATE.checked_add(jiff::Span::new().days(7)).is_ok());
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("00:00").unwrap(), 0);
        assert_eq!(parse_clock("09:30").unwrap(), 570);
        assert_eq!(parse_clock("24:00").unwrap(), 1440);
        for bad in [
            "24:01", "9:30", "09:60", "0930", "+9:30", "09:3a", "", "09:30:00",
        ] {
            assert!(parse_clock(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn long_texts_are_clipped_in_messages() {
        let long = "x".repeat(1_000_000);
        let message = DateError::Format(long).to_string();
        assert!(message.chars().count() < 300, "{}", message.len());
        assert!(message.contains("999800 characters left out"), "{message}");
        assert!(message.ends_with("is not a date YYYY-MM-DD"));
        assert_eq!(clip("短文", 200), "短文");
        let mixed = "西宁".repeat(200);
        assert_eq!(
            clip(&mixed, 10)
                .chars()
                .filter(|c| *c == '西' || *c == '宁')
                .count(),
            10
        );
    }
}
