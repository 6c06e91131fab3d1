//! R17 + R19: what today's dashboard says of the renewal judged on an anniversary (issue 19,
//! the renewal forecast). A partner watching its dashboard sees the twelve months of the
//! latest publication (R17); its renewal is judged on the twelve complete months before the
//! anniversary month (R19). This says which of today's months will still count then, which
//! will have left, which are not published yet, the last invoice day that can still count,
//! and the day the deciding report is published.

use jiff::civil::Date;
use serde::Serialize;

use super::{MonthSpan, YearMonth, publication_on_or_before, renewal_kpi_window};
use super::{period_of_publication, renewal_report_published_on};

/// The months of a renewal's window as today's dashboard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RenewalTimeline {
    pub anniversary: Date,
    /// R19: the twelve complete months before the anniversary month.
    pub window: MonthSpan,
    /// The last day an invoice can be dated and still count: the window's last day.
    pub last_invoice_day: Date,
    /// R17 + R19: the publication whose period is the window: the anniversary month's 15th.
    pub deciding_report_on: Date,
    /// R17: the period of the publication shown today (the latest 15th on or before today).
    pub shown_period: MonthSpan,
    /// Months of the window already in today's publication; `None` when there are none.
    pub published: Option<MonthSpan>,
    /// Months of the window after today's publication's period: published later, before or on
    /// the deciding report; `None` when the window is all published.
    pub not_yet_published: Option<MonthSpan>,
    /// Months today's publication counts that lie before the window: they count today, not on
    /// the anniversary; `None` when there are none.
    pub leaving: Option<MonthSpan>,
}

/// The months of `span` from `from` to `to`, both included, when there is one.
fn clamp(span: MonthSpan, from: YearMonth, to: YearMonth) -> Option<MonthSpan> {
    let part = MonthSpan {
        from: span.from.max(from),
        to: span.to.min(to),
    };
    (!part.is_empty()).then_some(part)
}

/// The renewal window of `anniversary` against the dashboard of `today` (R17, R19).
pub fn renewal_timeline(anniversary: Date, today: Date) -> RenewalTimeline {
    let window = renewal_kpi_window(anniversary);
    let shown_period = period_of_publication(publication_on_or_before(today));
    RenewalTimeline {
        anniversary,
        window,
        last_invoice_day: window.last_day(),
        deciding_report_on: renewal_report_published_on(anniversary),
        shown_period,
        published: clamp(window, shown_period.from, shown_period.to),
        not_yet_published: clamp(window, shown_period.to.next(), window.to),
        leaving: clamp(shown_period, shown_period.from, window.from.previous()),
    }
}
