//! The monthly cycle of the public Learning Partner directory (R26).

use jiff::civil::Date;
use serde::Serialize;

use super::{DateWindow, YearMonth};

/// Last day of the month whose requests join that month's submission (R26).
pub const DIRECTORY_CUTOFF_DAY: i8 = 14;
/// The submission week: days 15 to 21 (R26, "the third week").
pub const DIRECTORY_WINDOW: (i8, i8) = (15, 21);
/// Day of the following month by which the update is visible (R26, "first week").
pub const DIRECTORY_VISIBLE_DAY: i8 = 7;

/// When a directory request is processed and by when it is visible (R26). Serialized with the
/// field names of DESIGN.md's `directory request` answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DirectoryCycle {
    pub processing_window: DateWindow,
    pub visible_by: Date,
}

/// R26: the processing week and visibility date of a directory request made on `request_date`.
///
/// A request made on days 1 to 14 joins the same month's submission (days 15 to 21); one made
/// on day 15 or later, including during that month's submission week, waits for the next
/// month's: the submission is prepared from the requests received up to the 14th. The update
/// is visible by the 7th of the month after the submission week. (10 March: 15-21 March,
/// visible by 7 April; 22 March: 15-21 April, visible by 7 May.)
pub fn directory_processing(request_date: Date) -> DirectoryCycle {
    let month = YearMonth::of(request_date);
    let submission = if request_date.day() <= DIRECTORY_CUTOFF_DAY {
        month
    } else {
        month.next()
    };
    DirectoryCycle {
        processing_window: DateWindow {
            from: submission.day(DIRECTORY_WINDOW.0),
            to: submission.day(DIRECTORY_WINDOW.1),
        },
        visible_by: submission.next().day(DIRECTORY_VISIBLE_DAY),
    }
}
