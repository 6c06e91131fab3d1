//! When KPI data becomes visible: monthly publications (R17), invoice visibility (R18), the
//! renewal window (R19), and the twelve months over which exam passes count (R8).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{DateWindow, MonthSpan, YearMonth};

/// Day of the month on which KPI reports are published (R17).
pub const PUBLICATION_DAY: i8 = 15;

/// R17: the publication date of the report the dashboard shows on `today`: the latest 15th on
/// or before `today` (between two publications, the last one).
pub fn publication_on_or_before(today: Date) -> Date {
    let month = YearMonth::of(today);
    if today.day() >= PUBLICATION_DAY {
        month.day(PUBLICATION_DAY)
    } else {
        month.previous().day(PUBLICATION_DAY)
    }
}

/// R17: the next publication strictly after `today` (on a 15th, the next month's 15th): the
/// "next update" a dashboard announces.
pub fn next_publication_after(today: Date) -> Date {
    YearMonth::of(publication_on_or_before(today))
        .next()
        .day(PUBLICATION_DAY)
}

/// R17: the period a report covers: the twelve complete months `M-12 ..= M-1` before the month
/// `M` of its publication date (published 2020-01-15: 2019-01 ..= 2019-12).
pub fn period_of_publication(published_on: Date) -> MonthSpan {
    MonthSpan::twelve_months_before(YearMonth::of(published_on))
}

/// R18: the first day an invoice dated `invoice_date` is visible: the publication on the 15th
/// of the month after the invoice's month (January 2020 -> 2020-02-15).
pub fn first_visible_on(invoice_date: Date) -> Date {
    YearMonth::of(invoice_date).next().day(PUBLICATION_DAY)
}

/// R17 + R18: the last publication that still includes an invoice: the one twelve months
/// after [`first_visible_on`]; from the next publication on, the invoice's month has left
/// the period.
pub fn last_publication_including(invoice_date: Date) -> Date {
    YearMonth::of(invoice_date)
        .saturating_add_months(12)
        .day(PUBLICATION_DAY)
}

/// R19: the KPI window of a renewal: the twelve complete calendar months before the
/// anniversary month (anniversary 2021-03-10: 2020-03 ..= 2021-02).
pub fn renewal_kpi_window(anniversary: Date) -> MonthSpan {
    MonthSpan::twelve_months_before(YearMonth::of(anniversary))
}

/// R17 + R19: the publication whose period is exactly the renewal window: the 15th of the
/// anniversary month. It always falls inside the silver and gold renewal window of R28
/// (anniversary - 30 days ..= anniversary + 30 days), and never after the end of the Action
/// Pack's, so a renewal can always be decided on a published report.
pub fn renewal_report_published_on(anniversary: Date) -> Date {
    YearMonth::of(anniversary).day(PUBLICATION_DAY)
}

/// R8 ("exam passes in the last 12 months"): the days on which a pass counts on `today`:
/// after the same date one year earlier, up to and including `today`. A year is jiff's
/// calendar year (29 February minus one year is 28 February), so the window is 365 days long,
/// or 366 when it contains a 29 February.
pub fn exam_window(today: Date) -> DateWindow {
    DateWindow {
        from: today.saturating_sub(1.year()).saturating_add(1.day()),
        to: today,
    }
}
