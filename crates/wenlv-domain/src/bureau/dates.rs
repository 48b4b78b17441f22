//! Dates, lists and percentages as offices type them into task books.
//!
//! A date may be a day (`2024-06-30`, `2024/6/30`, `2024.6.30`, `2024年6月30日`), a month
//! (`2024-06`, `2024/6`, `2024年6月`, `2024年6月底`), a quarter (`2024年第二季度`, `2024年二季度`,
//! `2024Q2`), a half year (`2024年上半年`) or a year (`2024年`, `2024年底`), with an optional
//! trailing 前 / 之前 / 以前 ("by"). Full-width digits and separators are read as ASCII. A span
//! longer than a day means its **last** day as a due date and its **first** day as a start.

use super::model::Period;
use jiff::civil::{Date, date};

/// A date as written: a day, or a span whose first or last day is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LooseDate {
    Day(Date),
    Span { first: Date, last: Date },
}

impl LooseDate {
    /// The day meant when the text is a start date.
    pub fn as_start(self) -> Date {
        match self {
            LooseDate::Day(d) => d,
            LooseDate::Span { first, .. } => first,
        }
    }
    /// The day meant when the text is a due date (a month or quarter means its last day).
    pub fn as_due(self) -> Date {
        match self {
            LooseDate::Day(d) => d,
            LooseDate::Span { last, .. } => last,
        }
    }
}

/// The type of [`parse_loose_date`]'s answer, kept under the name the module exports.
pub type DueText = LooseDate;

/// A date in none of the forms offices type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unreadable date '{0}' (expected e.g. 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 2024年6月底, 2024年6月, 2024年第二季度)"
)]
pub struct UnreadableDate(pub String);

/// A percentage that cannot be read, or lies outside 0–100%.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    #[error("'{0}' is outside 0–100%")]
    OutOfRange(String),
    #[error("'{0}' is not a percentage (expected e.g. 40, 40% or 0.4 formatted as a percentage)")]
    Unreadable(String),
}

/// Reads a date in any of the forms the module lists; the error says what was expected.
pub fn parse_loose_date(text: &str) -> Result<LooseDate, UnreadableDate> {
    let norm = normalise(text);
    let mut s = norm.trim();
    for suffix in ["之前", "以前", "前"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    parse_inner(s).ok_or_else(|| UnreadableDate(crate::civil::clip(text.trim(), 80).into_owned()))
}

/// Full-width digits, letters and punctuation to ASCII; every kind of space removed.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '－' | '／' | '．' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '—' | '–' => '-',
            '。' => '.',
            c => c,
        })
        .collect()
}

fn year_of(s: &str) -> Option<i16> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1900..=9998).contains(y))
}

fn small(s: &str) -> Option<i8> {
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn day(y: i16, m: i8, d: i8) -> Option<LooseDate> {
    Date::new(y, m, d).ok().map(LooseDate::Day)
}

fn span(first: Date, last: Date) -> LooseDate {
    LooseDate::Span { first, last }
}

fn month(y: i16, m: i8) -> Option<LooseDate> {
    let p = Period::new(y, m).ok()?;
    Some(span(p.first_day(), p.last_day()))
}

fn quarter(y: i16, q: i8) -> Option<LooseDate> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let first = date(y, (q - 1) * 3 + 1, 1);
    let last = date(y, q * 3, 1).last_of_month();
    Some(span(first, last))
}

fn chinese_digit(s: &str) -> Option<i8> {
    match s {
        "一" | "1" => Some(1),
        "二" | "2" => Some(2),
        "三" | "3" => Some(3),
        "四" | "4" => Some(4),
        _ => None,
    }
}

fn parse_inner(s: &str) -> Option<LooseDate> {
    if let Some((y, rest)) = s.split_once('年') {
        let y = year_of(y)?;
        return match rest {
            "" | "底" | "年底" | "末" | "全年" => Some(span(date(y, 1, 1), date(y, 12, 31))),
            "上半年" => Some(span(date(y, 1, 1), date(y, 6, 30))),
            "下半年" => Some(span(date(y, 7, 1), date(y, 12, 31))),
            _ => {
                if let Some(q) = rest
                    .strip_suffix("季度")
                    .or_else(|| rest.strip_suffix("季度末"))
                {
                    let q = q.strip_prefix('第').unwrap_or(q);
                    return quarter(y, chinese_digit(q)?);
                }
                if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
                    return quarter(y, chinese_digit(q)?);
                }
                let (m, rest) = rest.split_once('月')?;
                let m = small(m)?;
                match rest {
                    "" | "底" | "末" | "份" => month(y, m),
                    "中旬" => day(y, m, 20),
                    "上旬" => day(y, m, 10),
                    "下旬" => month(y, m).map(|s| LooseDate::Day(s.as_due())),
                    _ => {
                        let d = rest
                            .strip_suffix('日')
                            .or_else(|| rest.strip_suffix('号'))
                            .unwrap_or(rest);
                        day(y, m, small(d)?)
                    }
                }
            }
        };
    }
    // 2024Q2
    if let Some((y, q)) = s.split_once(['Q', 'q']) {
        return quarter(year_of(y)?, chinese_digit(q)?);
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        match parts.as_slice() {
            [y, m, d] => {
                if let (Some(y), Some(m), Some(d)) = (year_of(y), small(m), small(d)) {
                    return day(y, m, d);
                }
            }
            [y, m] => {
                if let (Some(y), Some(m)) = (year_of(y), small(m)) {
                    return month(y, m);
                }
            }
            _ => {}
        }
    }
    // 20240630
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return day(year_of(&s[..4])?, small(&s[4..6])?, small(&s[6..])?);
    }
    year_of(s).map(|y| span(date(y, 1, 1), date(y, 12, 31)))
}

/// Splits a list cell on 、 , ， ; ； and line breaks; pieces are trimmed, empty ones dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A percentage typed as text: `40`, `40%`, `40％`, `40.5 %`, in points (0–100). A bare number
/// is read as points; whether a column of numbers holds fractions is the reader's decision.
pub fn parse_percent_text(text: &str) -> Result<f64, PercentError> {
    let t = normalise(text);
    let t = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix('％'))
        .unwrap_or(&t);
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok(v),
        Ok(_) => Err(PercentError::OutOfRange(
            crate::civil::clip(text.trim(), 80).into_owned(),
        )),
        Err(_) => Err(PercentError::Unreadable(
            crate::civil::clip(text.trim(), 80).into_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(s: &str) -> String {
        parse_loose_date(s).unwrap().as_due().to_string()
    }
    fn start(s: &str) -> String {
        parse_loose_date(s).unwrap().as_start().to_string()
    }

    #[test]
    fn every_form_the_offices_type() {
        let table = [
            ("2024-06-30", "2024-06-30"),
            ("2024/6/30", "2024-06-30"),
            ("2024.6.30", "2024-06-30"),
            ("2024年6月30日", "2024-06-30"),
            ("2024年6月30号", "2024-06-30"),
            ("2024 年 6 月 30 日", "2024-06-30"),
            ("２０２４年６月３０日", "2024-06-30"),
            ("2024年6月底", "2024-06-30"),
            ("2024年6月底前", "2024-06-30"),
            ("2024年6月", "2024-06-30"),
            ("2024-06", "2024-06-30"),
            ("2024/6", "2024-06-30"),
            ("2024年2月底", "2024-02-29"),
            ("2023年2月", "2023-02-28"),
            ("2024年第二季度", "2024-06-30"),
            ("2024年二季度", "2024-06-30"),
            ("2024年第1季度", "2024-03-31"),
            ("2024Q4", "2024-12-31"),
            ("2025年第三季度前", "2025-09-30"),
            ("2024年上半年", "2024-06-30"),
            ("2024年下半年", "2024-12-31"),
            ("2024年底", "2024-12-31"),
            ("2024年", "2024-12-31"),
            ("2024", "2024-12-31"),
            ("20240630", "2024-06-30"),
            ("2024年6月下旬", "2024-06-30"),
        ];
        for (text, want) in table {
            assert_eq!(due(text), want, "{text}");
        }
        assert_eq!(start("2024年6月"), "2024-06-01");
        assert_eq!(start("2024年第三季度"), "2024-07-01");
        assert_eq!(start("2024年"), "2024-01-01");
        assert_eq!(start("2024-06-30"), "2024-06-30");
    }

    #[test]
    fn unreadable_dates_say_what_was_expected() {
        for bad in [
            "",
            "明年",
            "2024-02-30",
            "2023年2月29日",
            "2024年13月",
            "2024年第五季度",
            "6/30",
            "30/6/2024",
            "2024-6-30-1",
            "soon",
        ] {
            let e = parse_loose_date(bad).unwrap_err().to_string();
            assert!(e.starts_with("unreadable date"), "{bad}: {e}");
        }
    }

    #[test]
    fn lists_split_on_every_separator() {
        assert_eq!(
            split_list(
                "市文旅局、市发改委,市财政局，湟中区;大通县；湟源县\n城东区\r\n 城西区 、、"
            ),
            [
                "市文旅局",
                "市发改委",
                "市财政局",
                "湟中区",
                "大通县",
                "湟源县",
                "城东区",
                "城西区"
            ]
        );
        assert!(split_list(" 、 ").is_empty());
    }

    #[test]
    fn percent_text() {
        assert_eq!(parse_percent_text("40").unwrap(), 40.0);
        assert_eq!(parse_percent_text("40%").unwrap(), 40.0);
        assert_eq!(parse_percent_text(" 40 ％").unwrap(), 40.0);
        assert_eq!(parse_percent_text("100%").unwrap(), 100.0);
        assert!(parse_percent_text("120%").is_err());
        assert!(parse_percent_text("-5").is_err());
        assert!(parse_percent_text("四成").is_err());
    }
}
