//! Inclusive ranges of months and of days, serialized as `{"from": ..., "to": ...}`.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::YearMonth;

/// An inclusive range of whole months: the period a KPI report covers (R17) or a renewal is
/// judged on (R19). Serialized as `{"from": "2019-01", "to": "2019-12"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MonthSpan {
    pub from: YearMonth,
    pub to: YearMonth,
}

impl MonthSpan {
    /// The twelve complete months before `month`: `month - 12 ..= month - 1`.
    ///
    /// Both R17 (a report's period) and R19 (a renewal's window) are this shape.
    pub fn twelve_months_before(month: YearMonth) -> Self {
        Self {
            from: month.saturating_add_months(-12),
            to: month.saturating_add_months(-1),
        }
    }

    pub fn contains(&self, month: YearMonth) -> bool {
        self.from <= month && month <= self.to
    }

    pub fn contains_date(&self, date: Date) -> bool {
        self.contains(YearMonth::of(date))
    }

    /// Number of months in the span (12 for every report and renewal window).
    pub fn len(&self) -> i32 {
        self.from.months_until(self.to) + 1
    }

    /// Whether the span holds no month (`to` before `from`); never true for the program's
    /// own spans.
    pub fn is_empty(&self) -> bool {
        self.to < self.from
    }

    pub fn first_day(&self) -> Date {
        self.from.first_day()
    }

    pub fn last_day(&self) -> Date {
        self.to.last_day()
    }
}

/// An inclusive range of days: a renewal window (R28), a directory processing week (R26), the
/// last twelve months of exam passes (R8). Serialized as `{"from": "...", "to": "..."}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateWindow {
    pub from: Date,
    pub to: Date,
}

impl DateWindow {
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// Number of days in the window, both ends included.
    pub fn days(&self) -> i64 {
        // `until` between two dates counts whole days (its default largest unit) and cannot
        // fail for two valid dates.
        self.from
            .until(self.to)
            .map_or(0, |span| i64::from(span.get_days()) + 1)
    }

    /// The day after the window: the first day something is no longer allowed.
    pub fn day_after(&self) -> Date {
        self.to.saturating_add(1.day())
    }
}
