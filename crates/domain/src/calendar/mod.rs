//! The program calendar: which day each rule of PROGRAM.md about time points to.
//!
//! Pure functions of `jiff::civil::Date`s; nothing reads a clock. Windows are inclusive at both
//! ends. The choices PROGRAM.md leaves open (29 February anniversaries, the day a membership
//! lapses, requests made during the directory's submission week) are documented on each
//! function and in `docs/rules.md`. Near jiff's limits (years -9999 and 9999) results saturate
//! instead of failing, so every function is total.
//!
//! - [`kpi`]: publications (R17), invoice visibility (R18), renewal KPI window (R19), exam
//!   window (R8).
//! - [`membership`]: anniversaries, renewal window, lapse (R28); order expiry (R29); refunds
//!   (R30).
//! - [`directory`]: the directory's monthly cycle (R26).
//! - [`forecast`]: a renewal's window (R19) against today's dashboard (R17).

pub mod directory;
pub mod forecast;
pub mod kpi;
pub mod membership;
mod span;
mod year_month;

#[cfg(test)]
mod tests;

pub use directory::{DirectoryCycle, directory_processing};
pub use forecast::{RenewalTimeline, renewal_timeline};
pub use kpi::{
    exam_window, first_visible_on, last_publication_including, next_publication_after,
    period_of_publication, publication_on_or_before, renewal_kpi_window,
    renewal_report_published_on,
};
pub use membership::{
    MembershipPhase, anniversary_after, is_active_on, is_refundable_on, lapses_on,
    membership_phase, order_expires_on, order_payable_until, refund_deadline, renewal_news_shown,
    renewal_window,
};
pub use span::{DateWindow, MonthSpan};
pub use year_month::{YearMonth, YearMonthError};
