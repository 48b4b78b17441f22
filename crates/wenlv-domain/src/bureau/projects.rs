//! The key-project library (重点项目库): projects, their stage and its history, investment in
//! 万元, funding lines, investment attraction, and the totals the bureau reports.
//!
//! Amounts are [`Wan`]: exact 万元 (10,000 CNY) held as whole fen, never floating point. An
//! unknown figure is `None`, never zero: totals count such projects apart (`unknown`) so that a
//! reported sum never pretends to be complete.

use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt;

/// Fen in one 万元 (10,000 CNY × 100 fen).
const FEN_PER_WAN: i64 = 1_000_000;

/// An exact amount in 万元 (ten thousand CNY), held as whole fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Wan {
    fen: i64,
}

/// Why a text is not an amount in 万元.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("'{0}' is not an amount in 万元 (expected e.g. 1200, 1,200.5, 3169.02 or 1.4亿)")]
    Unreadable(String),
    #[error("'{0}' is negative: an amount is never below zero")]
    Negative(String),
    #[error("'{0}' has more decimals than a fen (at most 6 in 万元, 2 in 元)")]
    TooPrecise(String),
    #[error("'{0}' is too large")]
    TooLarge(String),
}

impl Wan {
    /// Zero.
    pub const ZERO: Wan = Wan { fen: 0 };

    /// From whole fen.
    pub const fn from_fen(fen: i64) -> Wan {
        Wan { fen }
    }

    /// Whole fen.
    pub const fn fen(self) -> i64 {
        self.fen
    }

    /// The sum, or `None` on overflow (far beyond any budget).
    pub fn checked_add(self, other: Wan) -> Option<Wan> {
        self.fen.checked_add(other.fen).map(Wan::from_fen)
    }

    /// Reads an amount as offices type it into a project book: `1200`, `1,200.50`, `1 200`,
    /// full-width digits (`１２００`), an optional unit `万元`/`万`, or `亿元`/`亿` (× 10,000),
    /// or `元` (÷ 10,000). Negative or unreadable amounts are refused.
    pub fn parse(text: &str) -> Result<Wan, AmountError> {
        let original = crate::civil::clip(text.trim(), 80).into_owned();
        let norm: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '\''))
            .map(|c| match c {
                '０'..='９' | '．' | '－' | '＋' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                '。' => '.',
                '—' | '–' | '−' => '-',
                c => c,
            })
            .collect();
        let (number, scale_up, scale_down) = if let Some(n) = strip_any(&norm, &["亿元", "亿"]) {
            (n, 10_000i64, 1i64)
        } else if let Some(n) = strip_any(&norm, &["万元", "万"]) {
            (n, 1, 1)
        } else if let Some(n) = strip_any(&norm, &["元"]) {
            (n, 1, 10_000)
        } else {
            (norm.as_str(), 1, 1)
        };
        if number.starts_with('-') {
            return Err(AmountError::Negative(original));
        }
        let number = number.strip_prefix('+').unwrap_or(number);
        let (whole, frac) = match number.split_once('.') {
            Some((w, f)) => (w, f),
            None => (number, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty()
            || !digits(whole)
            || !digits(frac)
            || (number.contains('.') && frac.is_empty() && whole.is_empty())
        {
            return Err(AmountError::Unreadable(original));
        }
        // Exact: the number as an integer count of 10^-decimals, then scaled to fen.
        let decimals = frac.len() as u32;
        let mantissa: i128 = format!("{whole}{frac}")
            .trim_start_matches('0')
            .parse::<i128>()
            .or_else(|_| {
                if whole.chars().chain(frac.chars()).all(|c| c == '0') {
                    Ok(0)
                } else {
                    Err(())
                }
            })
            .map_err(|()| AmountError::TooLarge(original.clone()))?;
        let fen_numerator = mantissa
            .checked_mul(i128::from(FEN_PER_WAN) * i128::from(scale_up))
            .ok_or_else(|| AmountError::TooLarge(original.clone()))?;
        let denominator = 10i128
            .checked_pow(decimals)
            .and_then(|d| d.checked_mul(i128::from(scale_down)))
            .ok_or_else(|| AmountError::TooPrecise(original.clone()))?;
        if fen_numerator % denominator != 0 {
            return Err(AmountError::TooPrecise(original));
        }
        let fen = i64::try_from(fen_numerator / denominator)
            .map_err(|_| AmountError::TooLarge(original))?;
        Ok(Wan { fen })
    }
}

fn strip_any<'a>(s: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|x| s.strip_suffix(x))
}

impl fmt::Display for Wan {
    /// 万元 with at least two decimals and as many more as the amount needs (`3169.02`,
    /// `0.000001`): exact, never rounded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.fen / FEN_PER_WAN;
        let frac = format!("{:06}", (self.fen % FEN_PER_WAN).abs());
        let frac = frac.trim_end_matches('0');
        let frac = if frac.len() < 2 {
            format!("{frac:0<2}")
        } else {
            frac.to_string()
        };
        let sign = if self.fen < 0 && whole == 0 { "-" } else { "" };
        write!(f, "{sign}{whole}.{frac}")
    }
}

impl std::iter::Sum for Wan {
    fn sum<I: Iterator<Item = Wan>>(iter: I) -> Wan {
        Wan::from_fen(iter.map(|w| w.fen).sum())
    }
}

/// Defines a closed vocabulary with its API key, its Chinese word and the words accepted when
/// reading (Chinese or English, any case, spaces or hyphens for underscores).
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $key:literal, $zh:literal, [$($alias:literal),*];)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant,)+ }

        impl $name {
            /// Every value, in the bureau's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The key in the API and in English files (snake_case).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            /// The word on the bureau's pages and sheets.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// Reads the key, the English words or the Chinese word (and common variants).
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                let key = t.to_ascii_lowercase().replace([' ', '-', ','], "_").replace("__", "_");
                $(
                    if key == $key || t == $zh $(|| t == $alias)* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// What `parse` accepts, for error messages.
            pub fn expected() -> String {
                $name::ALL.iter().map(|v| format!("{}/{}", v.zh(), v.as_str())).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// Where a project stands: "implement a batch, study a batch, hold a batch in reserve".
    Stage {
        /// 储备: held in reserve.
        Reserve = "reserve", "储备", ["储备项目", "reserved"];
        /// 研究: under study.
        Study = "study", "研究", ["研究论证", "前期研究", "under_study"];
        /// 实施: in implementation.
        Implementation = "implementation", "实施", ["在建", "实施中", "implementing", "in_implementation"];
        /// 已完成: completed.
        Completed = "completed", "已完成", ["完成", "竣工", "已竣工", "complete"];
        /// 搁置: shelved.
        Shelved = "shelved", "搁置", ["暂缓", "已搁置"];
    }
}

vocabulary! {
    /// The kinds of funding line the bureau counts.
    FundingType {
        /// 中央资金.
        CentralGovernmentFund = "central_government_fund", "中央资金", ["中央预算内资金", "中央专项资金", "central_fund", "central_government"];
        /// 省级专项资金.
        ProvincialSpecialFund = "provincial_special_fund", "省级专项资金", ["省级资金", "省级专项引导资金", "provincial_fund", "provincial_special_guidance_fund"];
        /// 市级资金.
        CityFund = "city_fund", "市级资金", ["市级财政资金", "市级专项资金"];
        /// 先建后补.
        BuildFirstSubsidiseLater = "build_first_subsidise_later", "先建后补", ["build_first_subsidize_later"];
        /// 贷款贴息.
        LoanInterestSubsidy = "loan_interest_subsidy", "贷款贴息", [];
        /// 项目补助.
        ProjectSubsidy = "project_subsidy", "项目补助", ["补助"];
        /// 企业自筹.
        EnterpriseOwnFunds = "enterprise_own_funds", "企业自筹", ["自筹", "自筹资金", "企业自筹资金"];
        /// 银行贷款.
        BankLoan = "bank_loan", "银行贷款", ["贷款"];
        /// 其他.
        Other = "other", "其他", ["其它"];
    }
}

vocabulary! {
    /// Where a funding line stands.
    FundingStatus {
        /// 已申报.
        Applied = "applied", "已申报", ["申报", "申报中"];
        /// 已批复.
        Approved = "approved", "已批复", ["批复", "已下达"];
        /// 已拨付.
        Disbursed = "disbursed", "已拨付", ["拨付", "已到位"];
    }
}

vocabulary! {
    /// Investment attraction (招商引资): how far talks with an investor have come.
    AttractionStage {
        /// 线索.
        Lead = "lead", "线索", ["意向"];
        /// 洽谈.
        Talks = "talks", "洽谈", ["洽谈中"];
        /// 框架协议.
        FrameworkAgreement = "framework_agreement", "框架协议", ["签订框架协议"];
        /// 签约.
        SignedContract = "signed_contract", "签约", ["已签约", "正式签约"];
        /// 落地.
        Landed = "landed", "落地", ["已落地", "开工"];
    }
}

/// One change of a project's stage, kept for ever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub on: Date,
    pub from: Option<Stage>,
    pub to: Stage,
    /// Who made it (a user's name).
    pub by: String,
    pub reason: String,
}

/// Why a stage change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageChangeError {
    #[error("a stage change needs a reason (from {from} to {to})")]
    NoReason { from: String, to: Stage },
    #[error("the project is already at stage {0}")]
    Unchanged(Stage),
    #[error("a change dated {on} cannot come before the last one, dated {last}")]
    BeforeLast { on: Date, last: Date },
}

/// A funding line of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingLine {
    pub kind: FundingType,
    /// Unknown stays unknown.
    pub amount: Option<Wan>,
    pub year: Option<i16>,
    pub status: Option<FundingStatus>,
}

/// A project of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub code: String,
    pub name: String,
    pub category: Option<String>,
    pub district: Option<String>,
    /// Owner or investor (业主单位).
    pub owner: Option<String>,
    /// The bureau's unit leading the project.
    pub lead_unit: Option<String>,
    pub stage: Stage,
    /// Total planned investment; `None` when the sources do not give it.
    pub total_investment: Option<Wan>,
    pub funding: Vec<FundingLine>,
    /// Planned completion date, when known.
    pub planned_completion: Option<Date>,
    pub history: Vec<StageChange>,
}

impl Project {
    /// A project entering the library at `stage` (its first history entry needs no reason).
    pub fn new(code: &str, name: &str, stage: Stage, on: Date, by: &str) -> Project {
        Project {
            code: code.to_string(),
            name: name.to_string(),
            category: None,
            district: None,
            owner: None,
            lead_unit: None,
            stage,
            total_investment: None,
            funding: Vec::new(),
            planned_completion: None,
            history: vec![StageChange {
                on,
                from: None,
                to: stage,
                by: by.to_string(),
                reason: "entered the library".to_string(),
            }],
        }
    }

    /// Moves the project to `to`, keeping the change. Refused without a reason, to the same
    /// stage, or dated before the last change.
    pub fn change_stage(
        &mut self,
        to: Stage,
        on: Date,
        by: &str,
        reason: &str,
    ) -> Result<(), StageChangeError> {
        if to == self.stage {
            return Err(StageChangeError::Unchanged(to));
        }
        if reason.trim().is_empty() {
            return Err(StageChangeError::NoReason {
                from: self.stage.to_string(),
                to,
            });
        }
        if let Some(last) = self.history.last()
            && on < last.on
        {
            return Err(StageChangeError::BeforeLast { on, last: last.on });
        }
        self.history.push(StageChange {
            on,
            from: Some(self.stage),
            to,
            by: by.to_string(),
            reason: reason.trim().to_string(),
        });
        self.stage = to;
        Ok(())
    }

    /// The stage the project was at on `date` (from its history), `None` before it entered.
    pub fn stage_on(&self, date: Date) -> Option<Stage> {
        self.history
            .iter()
            .take_while(|c| c.on <= date)
            .last()
            .map(|c| c.to)
    }
}

/// What the totals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalsBy {
    Stage,
    District,
    /// By funding line: each line's amount counts for its kind; a project counts once per kind.
    Funding,
}

impl TotalsBy {
    /// `stage`, `district` or `funding`.
    pub fn parse(text: &str) -> Option<TotalsBy> {
        match text {
            "stage" => Some(TotalsBy::Stage),
            "district" => Some(TotalsBy::District),
            "funding" => Some(TotalsBy::Funding),
            _ => None,
        }
    }
}

/// One row of the totals, with the projects behind it so a figure can be traced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// A stage or funding key, or a district's name (`unknown` when none is given).
    pub key: String,
    pub count: usize,
    /// Sum of the known figures, in 万元.
    pub total_investment: Wan,
    /// How many of the counted projects have no figure here.
    pub unknown: usize,
    /// Codes of the projects counted.
    pub projects: Vec<String>,
}

/// Totals of `projects` grouped `by`: for stage and district the projects' total investment;
/// for funding the amounts of the lines of each kind. Stages and funding kinds come in the
/// bureau's order (every one listed, zero when empty); districts by name.
pub fn totals(projects: &[Project], by: TotalsBy) -> Vec<Total> {
    let mut rows: BTreeMap<(usize, String), Total> = BTreeMap::new();
    let mut add = |order: usize, key: &str, code: &str, amount: Option<Wan>| {
        let row = rows
            .entry((order, key.to_string()))
            .or_insert_with(|| Total {
                key: key.to_string(),
                count: 0,
                total_investment: Wan::ZERO,
                unknown: 0,
                projects: Vec::new(),
            });
        if row.projects.last().map(String::as_str) != Some(code) {
            row.count += 1;
            row.projects.push(code.to_string());
        }
        match amount {
            Some(a) => {
                row.total_investment = row
                    .total_investment
                    .checked_add(a)
                    .expect("totals far beyond any budget");
            }
            None => row.unknown += 1,
        }
    };
    match by {
        TotalsBy::Stage => {
            for p in projects {
                add(
                    p.stage as usize,
                    p.stage.as_str(),
                    &p.code,
                    p.total_investment,
                );
            }
        }
        TotalsBy::District => {
            for p in projects {
                add(
                    0,
                    p.district.as_deref().unwrap_or("unknown"),
                    &p.code,
                    p.total_investment,
                );
            }
        }
        TotalsBy::Funding => {
            for p in projects {
                // Lines of one kind add up; the project is unknown for that kind only when none
                // of its lines of the kind has an amount.
                let mut by_kind: BTreeMap<FundingType, Option<Wan>> = BTreeMap::new();
                for line in &p.funding {
                    let e = by_kind.entry(line.kind).or_insert(None);
                    if let Some(a) = line.amount {
                        *e = Some(e.unwrap_or(Wan::ZERO).checked_add(a).expect("in range"));
                    }
                }
                for (kind, amount) in by_kind {
                    add(kind as usize, kind.as_str(), &p.code, amount);
                }
            }
        }
    }
    let mut out: Vec<Total> = rows.into_values().collect();
    if by != TotalsBy::District {
        let listed: Vec<&str> = match by {
            TotalsBy::Stage => Stage::ALL.iter().map(|s| s.as_str()).collect(),
            _ => FundingType::ALL.iter().map(|s| s.as_str()).collect(),
        };
        for key in &listed {
            if !out.iter().any(|t| t.key == *key) {
                out.push(Total {
                    key: key.to_string(),
                    count: 0,
                    total_investment: Wan::ZERO,
                    unknown: 0,
                    projects: Vec::new(),
                });
            }
        }
        out.sort_by_key(|t| listed.iter().position(|k| *k == t.key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn wan(text: &str) -> Wan {
        Wan::parse(text).unwrap()
    }

    #[test]
    fn amounts_are_read_exactly_in_every_form_offices_type() {
        assert_eq!(wan("1200"), Wan::from_fen(1_200_000_000));
        assert_eq!(wan("1,200.5"), wan("1200.50"));
        assert_eq!(wan("１２００．５"), wan("1200.5"));
        assert_eq!(wan(" 3169.02 万元"), Wan::from_fen(3_169_020_000));
        assert_eq!(wan("1.4亿"), wan("14000"));
        assert_eq!(wan("1.4亿元"), wan("14000万"));
        assert_eq!(wan("500元"), wan("0.05"));
        assert_eq!(wan("0"), Wan::ZERO);
        assert_eq!(wan("0.000001"), Wan::from_fen(1));
        assert_eq!(wan("1 234 567"), wan("1234567"));
        assert_eq!(wan(".5"), wan("0.5"));
    }

    #[test]
    fn negative_unreadable_and_sub_fen_amounts_are_refused_naming_the_value() {
        for (text, want) in [
            ("-5", "negative"),
            ("－５", "negative"),
            ("abc", "not an amount"),
            ("", "not an amount"),
            ("1.2.3", "not an amount"),
            ("12万元5", "not an amount"),
            (".", "not an amount"),
            ("0.0000001", "more decimals"),
            ("0.001元", "more decimals"),
            ("99999999999999999999999", "too large"),
        ] {
            let e = Wan::parse(text).unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn amounts_print_exactly_with_at_least_two_decimals() {
        assert_eq!(wan("12345.67").to_string(), "12345.67");
        assert_eq!(wan("1200").to_string(), "1200.00");
        assert_eq!(wan("0.000001").to_string(), "0.000001");
        assert_eq!(wan("2908").to_string(), "2908.00");
        // 0.1 + 0.2 is exactly 0.3 here.
        assert_eq!(
            (wan("0.1").checked_add(wan("0.2")).unwrap()).to_string(),
            "0.30"
        );
    }

    #[test]
    fn vocabularies_read_chinese_english_and_keys() {
        assert_eq!(Stage::parse("储备"), Some(Stage::Reserve));
        assert_eq!(Stage::parse("Implementation"), Some(Stage::Implementation));
        assert_eq!(Stage::parse("在建"), Some(Stage::Implementation));
        assert_eq!(Stage::parse("已完成"), Some(Stage::Completed));
        assert_eq!(Stage::parse("paused"), None);
        assert_eq!(
            FundingType::parse("build first, subsidise later"),
            Some(FundingType::BuildFirstSubsidiseLater)
        );
        assert_eq!(
            FundingType::parse("Loan-interest subsidy"),
            Some(FundingType::LoanInterestSubsidy)
        );
        assert_eq!(
            FundingType::parse("省级专项资金"),
            Some(FundingType::ProvincialSpecialFund)
        );
        assert_eq!(
            FundingType::parse("central government fund"),
            Some(FundingType::CentralGovernmentFund)
        );
        for kind in FundingType::ALL {
            assert_eq!(FundingType::parse(kind.as_str()), Some(*kind));
            assert_eq!(FundingType::parse(kind.zh()), Some(*kind));
        }
        assert!(Stage::expected().contains("搁置/shelved"));
    }

    #[test]
    fn a_stage_change_needs_a_reason_and_keeps_its_history() {
        let mut p = Project::new(
            "P1",
            "河湟文化公园",
            Stage::Reserve,
            date(2024, 1, 5),
            "staff",
        );
        let e = p
            .change_stage(Stage::Study, date(2024, 3, 1), "staff", "  ")
            .unwrap_err();
        assert!(e.to_string().contains("needs a reason"), "{e}");
        assert_eq!(p.stage, Stage::Reserve);
        p.change_stage(Stage::Study, date(2024, 3, 1), "staff", "可研批复")
            .unwrap();
        p.change_stage(Stage::Implementation, date(2024, 9, 1), "lead", "开工")
            .unwrap();
        assert!(matches!(
            p.change_stage(Stage::Implementation, date(2024, 10, 1), "x", "again"),
            Err(StageChangeError::Unchanged(_))
        ));
        assert!(matches!(
            p.change_stage(Stage::Shelved, date(2024, 8, 1), "x", "late entry"),
            Err(StageChangeError::BeforeLast { .. })
        ));
        assert_eq!(p.history.len(), 3);
        assert_eq!(p.history[2].from, Some(Stage::Study));
        assert_eq!(p.stage_on(date(2024, 1, 4)), None);
        assert_eq!(p.stage_on(date(2024, 5, 1)), Some(Stage::Study));
        assert_eq!(p.stage_on(date(2024, 9, 1)), Some(Stage::Implementation));
    }

    fn project(code: &str, stage: Stage, district: Option<&str>, total: Option<&str>) -> Project {
        let mut p = Project::new(code, code, stage, date(2024, 1, 1), "t");
        p.district = district.map(str::to_string);
        p.total_investment = total.map(wan);
        p
    }

    #[test]
    fn totals_by_stage_match_hand_sums_and_count_unknown_figures() {
        let ps = [
            project("A", Stage::Implementation, Some("城东区"), Some("1200.50")),
            project("B", Stage::Implementation, Some("城中区"), Some("0.25")),
            project("C", Stage::Implementation, Some("城东区"), None),
            project("D", Stage::Reserve, None, Some("14000")),
        ];
        let t = totals(&ps, TotalsBy::Stage);
        let keys: Vec<&str> = t.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            ["reserve", "study", "implementation", "completed", "shelved"]
        );
        let imp = &t[2];
        assert_eq!(
            (imp.count, imp.total_investment.to_string(), imp.unknown),
            (3, "1200.75".to_string(), 1)
        );
        assert_eq!(imp.projects, ["A", "B", "C"]);
        assert_eq!((t[1].count, t[1].total_investment), (0, Wan::ZERO));
        let d = totals(&ps, TotalsBy::District);
        let east = d.iter().find(|r| r.key == "城东区").unwrap();
        assert_eq!(
            (east.count, east.unknown, east.total_investment),
            (2, 1, wan("1200.5"))
        );
        assert!(d.iter().any(|r| r.key == "unknown" && r.count == 1));
    }

    #[test]
    fn totals_by_funding_add_each_kind_and_count_a_project_once_per_kind() {
        let mut a = project("A", Stage::Implementation, None, Some("5000"));
        a.funding = vec![
            FundingLine {
                kind: FundingType::CentralGovernmentFund,
                amount: Some(wan("1000.1")),
                year: Some(2024),
                status: Some(FundingStatus::Approved),
            },
            FundingLine {
                kind: FundingType::CentralGovernmentFund,
                amount: Some(wan("2169.0002")),
                year: Some(2025),
                status: None,
            },
            FundingLine {
                kind: FundingType::BuildFirstSubsidiseLater,
                amount: None,
                year: None,
                status: None,
            },
        ];
        let mut b = project("B", Stage::Study, None, None);
        b.funding = vec![FundingLine {
            kind: FundingType::BuildFirstSubsidiseLater,
            amount: Some(wan("300")),
            year: None,
            status: None,
        }];
        let t = totals(&[a, b], TotalsBy::Funding);
        assert_eq!(t.len(), FundingType::ALL.len());
        let central = &t[0];
        assert_eq!(central.key, "central_government_fund");
        assert_eq!(
            (
                central.count,
                central.total_investment.to_string(),
                central.unknown
            ),
            (1, "3169.1002".to_string(), 0)
        );
        let bfsl = t
            .iter()
            .find(|r| r.key == "build_first_subsidise_later")
            .unwrap();
        assert_eq!(
            (bfsl.count, bfsl.unknown, bfsl.total_investment),
            (2, 1, wan("300"))
        );
    }
}
