//! `YearMonth`: a calendar month, the unit in which KPI reports and windows are counted.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A month of the Gregorian calendar (`2020-01`).
///
/// KPI reports (R17) and renewal windows (R19) are made of whole months, so they are counted
/// here rather than in days. Always within the years jiff can represent (-9999..=9999), which
/// is what makes [`YearMonth::first_day`] infallible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    // Field order matters: the derived ordering compares the year first.
    year: i16,
    month: i8,
}

/// Why a text or a pair of numbers is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearMonthError {
    #[error("month {0:?} must be written YYYY-MM, like 2020-01")]
    Text(String),
    #[error("{year}-{month} is not a month (year -9999..=9999, month 1..=12)")]
    Range { year: i32, month: i32 },
}

impl YearMonth {
    const MIN_YEAR: i16 = -9999;
    const MAX_YEAR: i16 = 9999;

    pub fn new(year: i16, month: i8) -> Result<Self, YearMonthError> {
        if (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(YearMonthError::Range {
                year: year.into(),
                month: month.into(),
            })
        }
    }

    /// The month a date falls in.
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn month(self) -> i8 {
        self.month
    }

    pub fn first_day(self) -> Date {
        // Cannot panic: the constructor keeps year and month in jiff's range.
        Date::constant(self.year, self.month, 1)
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    /// The given day of this month, clamped to the month's last day (`day(31)` of April is
    /// the 30th) and to 1 from below.
    pub fn day(self, day: i8) -> Date {
        let last = self.last_day().day();
        Date::constant(self.year, self.month, day.clamp(1, last))
    }

    /// This month moved by `months` (negative: back); `None` outside years -9999..=9999.
    pub fn checked_add_months(self, months: i32) -> Option<Self> {
        let index = self.index().checked_add(months)?;
        Self::from_index(index)
    }

    /// This month moved by `months`, stopping at the first or last representable month.
    ///
    /// The program's calendar functions use this so that they are total; the edges are
    /// thousands of years away from any date the program meets.
    pub fn saturating_add_months(self, months: i32) -> Self {
        let min = Self {
            year: Self::MIN_YEAR,
            month: 1,
        };
        let max = Self {
            year: Self::MAX_YEAR,
            month: 12,
        };
        let index = self
            .index()
            .saturating_add(months)
            .clamp(min.index(), max.index());
        Self::from_index(index).unwrap_or(if months < 0 { min } else { max })
    }

    pub fn next(self) -> Self {
        self.saturating_add_months(1)
    }

    pub fn previous(self) -> Self {
        self.saturating_add_months(-1)
    }

    /// Months from `self` to `other` (positive when `other` is later).
    pub fn months_until(self, other: YearMonth) -> i32 {
        other.index() - self.index()
    }

    /// Months since year 0, month 1: turns month arithmetic into integer arithmetic.
    fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    fn from_index(index: i32) -> Option<Self> {
        let year = i16::try_from(index.div_euclid(12)).ok()?;
        let month = i8::try_from(index.rem_euclid(12) + 1).ok()?;
        Self::new(year, month).ok()
    }
}

impl fmt::Display for YearMonth {
    /// `YYYY-MM`, with a leading `-` for years before year 0.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(f, "{sign}{:04}-{:02}", self.year.unsigned_abs(), self.month)
    }
}

impl FromStr for YearMonth {
    type Err = YearMonthError;

    /// Exactly `YYYY-MM` (optionally `-YYYY-MM`), the form [`Display`](fmt::Display) writes.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || YearMonthError::Text(input.to_owned());
        let (negative, body) = match input.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let (year, month) = body.split_once('-').ok_or_else(bad)?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let month: i8 = month.parse().map_err(|_| bad())?;
        Self::new(if negative { -year } else { year }, month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = YearMonthError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<YearMonth> for String {
    fn from(value: YearMonth) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::Error as ValueError;

    fn ym(year: i16, month: i8) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    #[test]
    fn months_order_by_year_then_month() {
        assert!(ym(2019, 12) < ym(2020, 1));
        assert!(ym(2020, 2) < ym(2020, 11));
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(ym(2020, 1).checked_add_months(-12), Some(ym(2019, 1)));
        assert_eq!(ym(2020, 1).previous(), ym(2019, 12));
        assert_eq!(ym(2019, 12).next(), ym(2020, 1));
        assert_eq!(ym(2020, 3).checked_add_months(25), Some(ym(2022, 4)));
        assert_eq!(ym(2019, 1).months_until(ym(2019, 12)), 11);
        assert_eq!(ym(9999, 12).checked_add_months(1), None);
        assert_eq!(ym(9999, 12).next(), ym(9999, 12));
        assert_eq!(ym(-9999, 1).previous(), ym(-9999, 1));
    }

    #[test]
    fn first_and_last_days_know_leap_years() {
        assert_eq!(ym(2020, 2).last_day(), date(2020, 2, 29));
        assert_eq!(ym(2100, 2).last_day(), date(2100, 2, 28));
        assert_eq!(ym(2000, 2).last_day(), date(2000, 2, 29));
        assert_eq!(ym(2021, 12).first_day(), date(2021, 12, 1));
        assert_eq!(ym(2021, 4).day(31), date(2021, 4, 30));
        assert_eq!(ym(2021, 4).day(15), date(2021, 4, 15));
    }

    #[test]
    fn text_form_is_strict() {
        assert_eq!("2020-01".parse(), Ok(ym(2020, 1)));
        assert_eq!(ym(2020, 1).to_string(), "2020-01");
        assert_eq!(ym(-44, 3).to_string(), "-0044-03");
        for bad in [
            "2020-1",
            "20-01",
            "2020-13",
            "2020-00",
            "2020/01",
            "2020-01-15",
            "",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn deserializes_from_text() {
        let month =
            YearMonth::deserialize(IntoDeserializer::<ValueError>::into_deserializer("2019-12"))
                .unwrap();
        assert_eq!(month, ym(2019, 12));
        let bad = IntoDeserializer::<ValueError>::into_deserializer("2019-1");
        assert!(YearMonth::deserialize(bad).is_err());
    }

    proptest! {
        #[test]
        fn text_round_trips(year in -9999i16..=9999, month in 1i8..=12) {
            let m = ym(year, month);
            prop_assert_eq!(m.to_string().parse::<YearMonth>(), Ok(m));
        }

        #[test]
        fn adding_then_subtracting_months_is_identity(year in 1900i16..=2200, month in 1i8..=12, n in -2400i32..2400) {
            let m = ym(year, month);
            let moved = m.checked_add_months(n).unwrap();
            prop_assert_eq!(m.months_until(moved), n);
            prop_assert_eq!(moved.checked_add_months(-n), Some(m));
            prop_assert_eq!(n > 0, moved > m);
        }
    }
}
