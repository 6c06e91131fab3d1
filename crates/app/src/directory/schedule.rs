//! The directory's dates (R26): the processing week to show operators, and the day an
//! approval makes a listing public (the first 7th, never before the promised `visible_by`).

use jiff::civil::Date;
use lpc_domain::calendar::{DateWindow, directory_processing};

/// The processing week containing `today`, or the next one (R26).
pub fn current_or_next_window(today: Date) -> DateWindow {
    let this_month = DateWindow {
        from: today
            .first_of_month()
            .saturating_add(jiff::Span::new().days(14)),
        to: today
            .first_of_month()
            .saturating_add(jiff::Span::new().days(20)),
    };
    if today <= this_month.to {
        this_month
    } else {
        directory_processing(today).processing_window
    }
}

/// R26: the day an approval on `today` makes the listing public: the first 7th on or after
/// `today`, and never before the `visible_by` the partner was promised... nor later than
/// needed: the promise is "by", so an approval in the processing week gives exactly it.
pub fn visible_from(request_visible_by: Date, today: Date) -> Date {
    let this_month = today
        .first_of_month()
        .saturating_add(jiff::Span::new().days(6));
    let next_seventh = if today <= this_month {
        this_month
    } else {
        this_month.saturating_add(jiff::Span::new().months(1))
    };
    next_seventh.max(request_visible_by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn r26_an_approval_is_public_from_the_first_seventh_never_before_the_promise() {
        // Approved in the processing week: exactly the promised day.
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 3, 15)),
            date(2021, 4, 7)
        );
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 3, 21)),
            date(2021, 4, 7)
        );
        // Decided late: the next 7th.
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 4, 9)),
            date(2021, 5, 7)
        );
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 4, 7)),
            date(2021, 4, 7)
        );
        // December's week: January of the next year.
        assert_eq!(
            visible_from(date(2022, 1, 7), date(2021, 12, 16)),
            date(2022, 1, 7)
        );
    }

    #[test]
    fn r26_the_window_is_this_months_until_the_21st_then_next_months() {
        let w = current_or_next_window(date(2021, 3, 10));
        assert_eq!((w.from, w.to), (date(2021, 3, 15), date(2021, 3, 21)));
        let w = current_or_next_window(date(2021, 3, 21));
        assert_eq!((w.from, w.to), (date(2021, 3, 15), date(2021, 3, 21)));
        let w = current_or_next_window(date(2021, 12, 22));
        assert_eq!((w.from, w.to), (date(2022, 1, 15), date(2022, 1, 21)));
    }

    #[test]
    fn r26_every_day_2000_2100_approved_in_its_week_is_public_exactly_by_its_promise() {
        let last = date(2100, 12, 31);
        let mut day = date(2000, 1, 1);
        while day <= last {
            let promised = directory_processing(day);
            let week = promised.processing_window;
            // Approved on any day of its week: public exactly on the promised day.
            for approved in [week.from, week.to] {
                assert_eq!(
                    visible_from(promised.visible_by, approved),
                    promised.visible_by,
                    "{day}"
                );
            }
            // Never before the promise, whenever decided.
            assert!(visible_from(promised.visible_by, day) >= promised.visible_by);
            let window = current_or_next_window(day);
            assert_eq!((window.from.day(), window.to.day()), (15, 21), "{day}");
            assert!(window.to >= day, "{day}");
            assert_eq!(
                window.contains(day),
                (15..=21).contains(&day.day()),
                "{day}"
            );
            day = day.tomorrow().unwrap();
        }
    }
}
