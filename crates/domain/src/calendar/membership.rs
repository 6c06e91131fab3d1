//! The life of a membership and its orders: anniversaries, renewal and lapse (R28), order
//! expiry (R29), refunds (R30).
//!
//! Every "within N days" of PROGRAM.md is read inclusively: the last day *is* allowed, and the
//! function named `..._on` returns the first day on which something is no longer true.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use super::DateWindow;
use crate::learning_option::LearningOption;

/// Days before and after an anniversary during which a membership can be renewed (R28).
pub const RENEWAL_DAYS: i32 = 30;
/// Days after its creation during which an order can still be paid (R29).
pub const ORDER_PAYABLE_DAYS: i32 = 30;
/// Days after a purchase during which its fee can be refunded (R30).
pub const REFUND_DAYS: i32 = 30;

/// R28: the `years`-th anniversary of a membership that started on `start`.
///
/// Always computed from the start date, never from the previous anniversary, so that a
/// membership bought on 29 February has its anniversary on 28 February in common years and
/// back on 29 February in leap years, instead of drifting to the 28th for ever. (jiff clamps
/// 29 February plus one year to 28 February.) Renewing moves the anniversary one year on
/// whatever day the renewal is paid: the next anniversary is `anniversary_after(start, n + 1)`.
/// An upgrade (R11) starts a new membership: its start is the purchase date.
pub fn anniversary_after(start: Date, years: i16) -> Date {
    start.saturating_add(years.years())
}

/// R28: the days on which a membership with this anniversary can be renewed: 30 days before to
/// 30 days after the anniversary, both included (61 days). The Action Pack can be renewed only
/// once it has expired: from the anniversary itself to 30 days after (31 days).
pub fn renewal_window(option: LearningOption, anniversary: Date) -> DateWindow {
    let from = match option {
        LearningOption::ActionPack => anniversary,
        LearningOption::Silver | LearningOption::Gold => {
            anniversary.saturating_sub(RENEWAL_DAYS.days())
        }
    };
    DateWindow {
        from,
        to: anniversary.saturating_add(RENEWAL_DAYS.days()),
    }
}

/// R28: the first day on which a membership not renewed is lapsed: anniversary + 31 days.
///
/// The membership can still be renewed, and keeps its benefits, all through anniversary + 30
/// days (the last day of [`renewal_window`]); a daily job that runs on `today` lapses it when
/// `today >= lapses_on(anniversary)`.
pub fn lapses_on(anniversary: Date) -> Date {
    anniversary.saturating_add((RENEWAL_DAYS + 1).days())
}

/// Where a membership stands on a day, relative to its current anniversary (R28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipPhase {
    /// Before the renewal window: active, not yet renewable.
    InTerm,
    /// Inside the renewal window: still active (benefits continue), renewable.
    RenewalOpen,
    /// On or after [`lapses_on`]: lapsed, benefits ended. (Every option's renewal window
    /// ends on its last active day, so no day is neither renewable nor lapsed after the
    /// anniversary.)
    Lapsed,
}

/// R28: the phase of a membership of `option` with this anniversary on `today`.
pub fn membership_phase(option: LearningOption, anniversary: Date, today: Date) -> MembershipPhase {
    if today >= lapses_on(anniversary) {
        MembershipPhase::Lapsed
    } else if renewal_window(option, anniversary).contains(today) {
        MembershipPhase::RenewalOpen
    } else {
        MembershipPhase::InTerm
    }
}

/// R28: whether the partner's overview tells of a membership's renewal on `today`: from 30
/// days before its anniversary, when a silver or gold one becomes renewable and a reminder
/// goes out, through its last active day (anniversary + 30 days); 61 days for every option.
/// (The Action Pack is renewed only from its anniversary on, but its partner hears of it as
/// early.)
pub fn renewal_news_shown(anniversary: Date, today: Date) -> bool {
    anniversary.saturating_sub(RENEWAL_DAYS.days()) <= today && today < lapses_on(anniversary)
}

/// R28: whether a membership with this anniversary still gives its benefits on `today`
/// (through anniversary + 30 days; the caller makes sure `today` is on or after its start).
pub fn is_active_on(anniversary: Date, today: Date) -> bool {
    today < lapses_on(anniversary)
}

/// R29: the last day an order created on `created` can be paid: created + 30 days.
pub fn order_payable_until(created: Date) -> Date {
    created.saturating_add(ORDER_PAYABLE_DAYS.days())
}

/// R29: the first day an unpaid order is expired: created + 31 days ("unpaid after 30 days").
pub fn order_expires_on(created: Date) -> Date {
    created.saturating_add((ORDER_PAYABLE_DAYS + 1).days())
}

/// R30: the last day a fee paid on `purchase` can be refunded: purchase + 30 days, included.
pub fn refund_deadline(purchase: Date) -> Date {
    purchase.saturating_add(REFUND_DAYS.days())
}

/// R30: whether a refund asked on `today` is within 30 days of the purchase (whether a benefit
/// was used is the caller's other condition).
pub fn is_refundable_on(purchase: Date, today: Date) -> bool {
    purchase <= today && today <= refund_deadline(purchase)
}
