//! The calendar's worked examples (PROGRAM.md) and its properties, checked on every day from
//! 2000-01-01 to 2100-12-31 (a plain loop: 36,890 days) and on random pairs of such days
//! (proptest), which covers month ends, 29 February and the non-leap year 2100.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::learning_option::LearningOption;

const FIRST: Date = Date::constant(2000, 1, 1);
const LAST: Date = Date::constant(2100, 12, 31);
const DAY_COUNT: i32 = 36_890;

fn all_days() -> impl Iterator<Item = Date> {
    FIRST.series(1.day()).take_while(|d| *d <= LAST)
}

fn day(offset: i32) -> Date {
    FIRST.checked_add(offset.days()).unwrap()
}

fn ym(year: i16, month: i8) -> YearMonth {
    YearMonth::new(year, month).unwrap()
}

fn days_between(from: Date, to: Date) -> i64 {
    DateWindow { from, to }.days() - 1
}

#[test]
fn the_range_has_the_expected_number_of_days() {
    assert_eq!(all_days().count(), DAY_COUNT as usize);
    assert_eq!(day(DAY_COUNT - 1), LAST);
}

// ---- Worked examples of PROGRAM.md ----

#[test]
fn r17_report_of_15_january_2020_covers_2019() {
    assert_eq!(
        period_of_publication(date(2020, 1, 15)),
        MonthSpan {
            from: ym(2019, 1),
            to: ym(2019, 12)
        }
    );
    assert_eq!(
        publication_on_or_before(date(2020, 1, 15)),
        date(2020, 1, 15)
    );
    assert_eq!(
        publication_on_or_before(date(2020, 2, 14)),
        date(2020, 1, 15)
    );
}

#[test]
fn r17_between_publications_the_last_one_is_shown() {
    assert_eq!(
        publication_on_or_before(date(2020, 1, 14)),
        date(2019, 12, 15)
    );
    assert_eq!(
        publication_on_or_before(date(2020, 1, 1)),
        date(2019, 12, 15)
    );
    assert_eq!(
        publication_on_or_before(date(2020, 3, 31)),
        date(2020, 3, 15)
    );
}

#[test]
fn r18_invoice_of_january_2020_is_visible_from_15_february_2020() {
    for invoice in [date(2020, 1, 1), date(2020, 1, 20), date(2020, 1, 31)] {
        assert_eq!(first_visible_on(invoice), date(2020, 2, 15));
        assert_eq!(last_publication_including(invoice), date(2021, 1, 15));
    }
    assert_eq!(first_visible_on(date(2019, 12, 31)), date(2020, 1, 15));
}

#[test]
fn r19_renewal_window_is_the_twelve_months_before_the_anniversary_month() {
    let window = renewal_kpi_window(date(2021, 3, 10));
    assert_eq!((window.from, window.to), (ym(2020, 3), ym(2021, 2)));
    assert_eq!(
        renewal_report_published_on(date(2021, 3, 10)),
        date(2021, 3, 15)
    );
    // A 29 February anniversary: the window still ends with January.
    let window = renewal_kpi_window(date(2024, 2, 29));
    assert_eq!((window.from, window.to), (ym(2023, 2), ym(2024, 1)));
}

#[test]
fn r8_exam_window_is_the_last_twelve_months_up_to_today() {
    let window = exam_window(date(2021, 3, 10));
    assert_eq!(
        (window.from, window.to),
        (date(2020, 3, 11), date(2021, 3, 10))
    );
    // 29 February minus a year is 28 February: passes from 1 March 2023 count.
    let window = exam_window(date(2024, 2, 29));
    assert_eq!(window.from, date(2023, 3, 1));
    assert_eq!(exam_window(date(2024, 2, 28)).from, date(2023, 3, 1));
}

#[test]
fn r26_examples_10_and_22_march() {
    let cycle = directory_processing(date(2021, 3, 10));
    assert_eq!(cycle.processing_window.from, date(2021, 3, 15));
    assert_eq!(cycle.processing_window.to, date(2021, 3, 21));
    assert_eq!(cycle.visible_by, date(2021, 4, 7));
    let cycle = directory_processing(date(2021, 3, 22));
    assert_eq!(cycle.processing_window.from, date(2021, 4, 15));
    assert_eq!(cycle.processing_window.to, date(2021, 4, 21));
    assert_eq!(cycle.visible_by, date(2021, 5, 7));
}

#[test]
fn r26_cutoff_is_the_14th_and_submission_week_requests_wait_a_month() {
    assert_eq!(
        directory_processing(date(2021, 3, 14))
            .processing_window
            .from,
        date(2021, 3, 15)
    );
    for d in 15..=21 {
        let cycle = directory_processing(date(2021, 3, d));
        assert_eq!(cycle.processing_window.from, date(2021, 4, 15), "day {d}");
    }
    // December requests after the cutoff roll into January of the next year.
    let cycle = directory_processing(date(2021, 12, 20));
    assert_eq!(cycle.processing_window.from, date(2022, 1, 15));
    assert_eq!(cycle.visible_by, date(2022, 2, 7));
}

#[test]
fn r28_anniversary_renewal_window_and_lapse() {
    let anniversary = anniversary_after(date(2020, 7, 1), 1);
    assert_eq!(anniversary, date(2021, 7, 1));
    let window = renewal_window(LearningOption::Gold, anniversary);
    assert_eq!(
        (window.from, window.to),
        (date(2021, 6, 1), date(2021, 7, 31))
    );
    assert_eq!(lapses_on(anniversary), date(2021, 8, 1));
    // The Action Pack only once expired (R28).
    let window = renewal_window(LearningOption::ActionPack, anniversary);
    assert_eq!(
        (window.from, window.to),
        (date(2021, 7, 1), date(2021, 7, 31))
    );
}

#[test]
fn r28_phases_around_an_anniversary() {
    let a = date(2021, 7, 1);
    let phase = |option, today| membership_phase(option, a, today);
    use MembershipPhase::*;
    assert_eq!(phase(LearningOption::Silver, date(2021, 5, 31)), InTerm);
    assert_eq!(phase(LearningOption::Silver, date(2021, 6, 1)), RenewalOpen);
    assert_eq!(phase(LearningOption::ActionPack, date(2021, 6, 30)), InTerm);
    assert_eq!(
        phase(LearningOption::ActionPack, date(2021, 7, 1)),
        RenewalOpen
    );
    assert_eq!(phase(LearningOption::Gold, date(2021, 7, 31)), RenewalOpen);
    assert_eq!(phase(LearningOption::Gold, date(2021, 8, 1)), Lapsed);
    assert!(is_active_on(a, date(2021, 7, 31)));
    assert!(!is_active_on(a, date(2021, 8, 1)));
}

#[test]
fn r28_29_february_anniversaries_do_not_drift() {
    let start = date(2024, 2, 29);
    assert_eq!(anniversary_after(start, 1), date(2025, 2, 28));
    assert_eq!(anniversary_after(start, 3), date(2027, 2, 28));
    assert_eq!(anniversary_after(start, 4), date(2028, 2, 29));
    // 2100 is not a leap year, 2096 is.
    assert_eq!(anniversary_after(start, 72), date(2096, 2, 29));
    assert_eq!(anniversary_after(start, 76), date(2100, 2, 28));
}

#[test]
fn r11_upgrade_anniversary_is_one_year_after_the_purchase() {
    assert_eq!(anniversary_after(date(2021, 5, 20), 1), date(2022, 5, 20));
}

#[test]
fn r29_order_payable_through_day_30_expired_on_day_31() {
    let created = date(2021, 3, 1);
    assert_eq!(order_payable_until(created), date(2021, 3, 31));
    assert_eq!(order_expires_on(created), date(2021, 4, 1));
}

#[test]
fn r30_refund_deadline_is_inclusive() {
    let purchase = date(2021, 1, 31);
    assert_eq!(refund_deadline(purchase), date(2021, 3, 2));
    assert!(is_refundable_on(purchase, date(2021, 3, 2)));
    assert!(!is_refundable_on(purchase, date(2021, 3, 3)));
    assert!(!is_refundable_on(purchase, date(2021, 1, 30)));
}

// ---- Every day from 2000 to 2100 ----

#[test]
fn r17_publication_shown_is_the_latest_15th_for_every_day() {
    for today in all_days() {
        let published = publication_on_or_before(today);
        assert_eq!(published.day(), 15, "{today}");
        assert!(published <= today, "{today}");
        assert!(published > today.checked_sub(1.month()).unwrap(), "{today}");
        // No later 15th fits: the next publication is after today.
        let next = YearMonth::of(published).next().day(15);
        assert!(next > today, "{today}");
    }
}

#[test]
fn r17_every_period_is_the_twelve_months_before_the_publication_month() {
    for today in all_days().filter(|d| d.day() == 15) {
        let period = period_of_publication(today);
        assert_eq!(period.len(), 12, "{today}");
        assert_eq!(period.to, YearMonth::of(today).previous(), "{today}");
        assert!(period.last_day() < today, "complete months only: {today}");
        assert!(!period.contains_date(today));
    }
}

#[test]
fn r18_invoices_are_in_exactly_the_twelve_publications_from_first_visible_on() {
    for invoice in all_days() {
        let first = first_visible_on(invoice);
        let last = last_publication_including(invoice);
        assert_eq!(first.day(), 15, "{invoice}");
        assert!(first > invoice, "{invoice}");
        assert!(days_between(invoice, first) <= 46, "{invoice}");
        let month = YearMonth::of(invoice);
        // Publications from two months before to fourteen after the invoice's month.
        for k in -2..=14 {
            let published = month.checked_add_months(k).unwrap().day(15);
            let included = period_of_publication(published).contains(month);
            assert_eq!(
                included,
                first <= published && published <= last,
                "invoice {invoice}, publication {published}"
            );
        }
    }
}

#[test]
fn r19_renewal_window_is_a_report_period_published_by_the_end_of_the_renewal_window() {
    for anniversary in all_days() {
        let window = renewal_kpi_window(anniversary);
        assert_eq!(window.len(), 12, "{anniversary}");
        assert_eq!(
            window.to.next(),
            YearMonth::of(anniversary),
            "{anniversary}"
        );
        let report = renewal_report_published_on(anniversary);
        assert_eq!(period_of_publication(report), window, "{anniversary}");
        for option in [LearningOption::Silver, LearningOption::Gold] {
            assert!(
                renewal_window(option, anniversary).contains(report),
                "{option} {anniversary}"
            );
        }
        // The Action Pack's window opens on the anniversary, possibly after the report.
        assert!(report <= renewal_window(LearningOption::ActionPack, anniversary).to);
    }
}

#[test]
fn r8_exam_window_is_a_year_ending_today_for_every_day() {
    for today in all_days() {
        let window = exam_window(today);
        assert_eq!(window.to, today);
        assert!(
            (365..=366).contains(&window.days()),
            "{today}: {}",
            window.days()
        );
        assert!(window.from > today.checked_sub(1.year()).unwrap());
    }
}

#[test]
fn r26_every_request_precedes_its_submission_week() {
    for request in all_days() {
        let cycle = directory_processing(request);
        let window = cycle.processing_window;
        assert_eq!((window.from.day(), window.to.day()), (15, 21), "{request}");
        assert_eq!(YearMonth::of(window.from), YearMonth::of(window.to));
        assert!(request < window.from, "{request}");
        // The earliest submission whose cutoff (the 14th) is on or after the request.
        let cutoff = YearMonth::of(window.from).day(14);
        assert!(request <= cutoff, "{request}");
        assert!(
            request > YearMonth::of(window.from).previous().day(14),
            "{request}"
        );
        assert_eq!(cycle.visible_by.day(), 7);
        assert_eq!(
            YearMonth::of(cycle.visible_by),
            YearMonth::of(window.to).next()
        );
        assert!(days_between(request, cycle.visible_by) <= 65, "{request}");
    }
}

#[test]
fn r28_renewal_windows_and_lapse_for_every_anniversary() {
    for anniversary in all_days() {
        for option in LearningOption::ALL {
            let window = renewal_window(option, anniversary);
            assert!(window.contains(anniversary), "{anniversary}");
            let expected_days = if option == LearningOption::ActionPack {
                31
            } else {
                61
            };
            assert_eq!(window.days(), expected_days, "{option} {anniversary}");
            assert_eq!(window.day_after(), lapses_on(anniversary));
            assert!(is_active_on(anniversary, window.to));
            assert!(!is_active_on(anniversary, lapses_on(anniversary)));
            let last = window.to;
            assert_eq!(
                membership_phase(option, anniversary, last),
                MembershipPhase::RenewalOpen
            );
            assert_eq!(
                membership_phase(option, anniversary, window.day_after()),
                MembershipPhase::Lapsed
            );
            assert_eq!(
                membership_phase(option, anniversary, window.from.yesterday().unwrap()),
                MembershipPhase::InTerm
            );
        }
    }
}

#[test]
fn r28_anniversaries_keep_the_start_day_or_clamp_29_february() {
    for start in all_days().filter(|d| d.year() <= 2095) {
        for years in 1..=5_i16 {
            let a = anniversary_after(start, years);
            assert_eq!(a.year(), start.year() + years, "{start}+{years}");
            assert_eq!(a.month(), start.month(), "{start}+{years}");
            if start.month() == 2 && start.day() == 29 {
                let expected = if a.in_leap_year() { 29 } else { 28 };
                assert_eq!(a.day(), expected, "{start}+{years}");
            } else {
                assert_eq!(a.day(), start.day(), "{start}+{years}");
            }
        }
    }
}

#[test]
fn r29_r30_order_and_refund_deadlines_for_every_day() {
    for created in all_days() {
        assert_eq!(days_between(created, order_payable_until(created)), 30);
        assert_eq!(
            order_payable_until(created).tomorrow().unwrap(),
            order_expires_on(created)
        );
        assert_eq!(days_between(created, refund_deadline(created)), 30);
        assert!(is_refundable_on(created, created));
        assert!(is_refundable_on(created, refund_deadline(created)));
        assert!(!is_refundable_on(
            created,
            refund_deadline(created).tomorrow().unwrap()
        ));
    }
}

// ---- Random pairs of days ----

proptest! {
    /// R17: the next update is a 15th after today, with no 15th in between, and it is the
    /// publication every day up to it shows the one before.
    #[test]
    fn r17_the_next_update_is_the_first_15th_after_today(today in 0..DAY_COUNT) {
        let today = day(today);
        let next = next_publication_after(today);
        prop_assert_eq!(next.day(), 15);
        prop_assert!(next > today);
        prop_assert!(next.saturating_sub(31.days()) <= today, "{} {}", today, next);
        let day_before = next.yesterday().unwrap();
        prop_assert_eq!(publication_on_or_before(day_before), publication_on_or_before(today));
        prop_assert_eq!(publication_on_or_before(next), next);
    }
}

proptest! {
    #[test]
    fn r28_renewal_news_covers_thirty_days_either_side_and_ends_at_the_lapse(
        anniversary in 0..DAY_COUNT,
        offset in -400i32..400,
    ) {
        let anniversary = day(anniversary);
        let today = anniversary.saturating_add(offset.days());
        let shown = renewal_news_shown(anniversary, today);
        prop_assert_eq!(shown, (-30..=30).contains(&offset), "{} {}", anniversary, offset);
        // Shown on every day the membership can be renewed, and never once it has lapsed.
        for option in [LearningOption::ActionPack, LearningOption::Silver, LearningOption::Gold] {
            if renewal_window(option, anniversary).contains(today) {
                prop_assert!(shown);
            }
        }
        if today >= lapses_on(anniversary) {
            prop_assert!(!shown);
        }
    }

    #[test]
    fn r17_r18_dashboard_shows_an_invoice_from_first_visible_on_for_twelve_publications(
        invoice in 0..DAY_COUNT,
        later in 0i32..800,
    ) {
        // On any day, the dashboard shows the last publication (R17); an invoice is in it
        // exactly when that publication is one of the twelve that include its month (R18).
        let invoice = day(invoice);
        let today = invoice.saturating_add(later.days());
        let shown = publication_on_or_before(today);
        let in_report = period_of_publication(shown).contains(YearMonth::of(invoice));
        let expected = first_visible_on(invoice) <= today
            && today < last_publication_including(invoice).saturating_add(1.month());
        prop_assert_eq!(in_report, expected, "invoice {} today {}", invoice, today);
    }

    #[test]
    fn r17_publications_are_monotonic(a in 0..DAY_COUNT, b in 0..DAY_COUNT) {
        let (a, b) = (day(a.min(b)), day(a.max(b)));
        prop_assert!(publication_on_or_before(a) <= publication_on_or_before(b));
        prop_assert!(first_visible_on(a) <= first_visible_on(b));
    }

    #[test]
    fn r26_later_requests_are_never_processed_earlier(a in 0..DAY_COUNT, b in 0..DAY_COUNT) {
        let (a, b) = (day(a.min(b)), day(a.max(b)));
        let (ca, cb) = (directory_processing(a), directory_processing(b));
        prop_assert!(ca.processing_window.from <= cb.processing_window.from);
        prop_assert!(ca.visible_by <= cb.visible_by);
    }

    #[test]
    fn r28_anniversaries_are_computed_from_the_start_not_chained(
        start in 0..DAY_COUNT - 366 * 30,
        years in 1i16..30,
    ) {
        let start = day(start);
        let direct = anniversary_after(start, years);
        prop_assert!(direct > start);
        prop_assert!(anniversary_after(start, years - 1) < direct);
        // Chaining year by year would lose 29 February for good; the direct form never does.
        let chained = (0..years).fold(start, |d, _| anniversary_after(d, 1));
        if start.month() == 2 && start.day() == 29 {
            prop_assert!(chained <= direct);
        } else {
            prop_assert_eq!(chained, direct);
        }
    }

    #[test]
    fn r28_a_membership_is_active_exactly_until_it_lapses(
        anniversary in 0..DAY_COUNT,
        offset in -400i32..400,
    ) {
        let anniversary = day(anniversary);
        let today = anniversary.saturating_add(offset.days());
        prop_assert_eq!(is_active_on(anniversary, today), offset <= 30);
        let phase = membership_phase(LearningOption::Silver, anniversary, today);
        let expected = match offset {
            ..-30 => MembershipPhase::InTerm,
            -30..=30 => MembershipPhase::RenewalOpen,
            _ => MembershipPhase::Lapsed,
        };
        prop_assert_eq!(phase, expected);
    }

    #[test]
    fn r8_a_pass_counts_for_exactly_the_days_of_its_window(
        passed in 0..DAY_COUNT,
        later in -10i32..800,
    ) {
        let passed = day(passed);
        let today = passed.saturating_add(later.days());
        let counts = exam_window(today).contains(passed);
        // A pass counts from its day until (excluding) the same date a year later; a
        // 29 February pass counts through 28 February, a full 365 days.
        let year_later = if passed.month() == 2 && passed.day() == 29 {
            date(passed.year() + 1, 3, 1)
        } else {
            passed.saturating_add(1.year())
        };
        prop_assert_eq!(counts, passed <= today && today < year_later, "{} {}", passed, today);
    }
}

/// R19 against R17, the worked example: an anniversary on 10 March 2021 seen on 20 November
/// 2020. The dashboard shows 2019-11 to 2020-10; the renewal counts 2020-03 to 2021-02.
#[test]
fn r19_a_renewal_window_against_todays_dashboard() {
    let t = renewal_timeline(date(2021, 3, 10), date(2020, 11, 20));
    assert_eq!(
        t.window,
        MonthSpan {
            from: ym(2020, 3),
            to: ym(2021, 2)
        }
    );
    assert_eq!(
        t.shown_period,
        MonthSpan {
            from: ym(2019, 11),
            to: ym(2020, 10)
        }
    );
    assert_eq!(
        t.published,
        Some(MonthSpan {
            from: ym(2020, 3),
            to: ym(2020, 10)
        })
    );
    assert_eq!(
        t.not_yet_published,
        Some(MonthSpan {
            from: ym(2020, 11),
            to: ym(2021, 2)
        })
    );
    assert_eq!(
        t.leaving,
        Some(MonthSpan {
            from: ym(2019, 11),
            to: ym(2020, 2)
        })
    );
    assert_eq!(t.last_invoice_day, date(2021, 2, 28));
    assert_eq!(t.deciding_report_on, date(2021, 3, 15));
    // A 29 February anniversary: the window ends with January, the report is on 15 February.
    let leap = renewal_timeline(date(2024, 2, 29), date(2024, 2, 15));
    assert_eq!(leap.last_invoice_day, date(2024, 1, 31));
    assert_eq!((leap.not_yet_published, leap.leaving), (None, None));
}

/// The months of `span`, one by one.
fn months(span: Option<MonthSpan>) -> Vec<YearMonth> {
    span.map_or_else(Vec::new, |s| {
        (0..s.len())
            .map(|i| s.from.saturating_add_months(i))
            .collect()
    })
}

/// R19 for every anniversary of 2000-2100, seen 90 days before (when the overview starts to
/// show the forecast): the window is the twelve months before the anniversary month, its
/// published and unpublished months split it exactly, and the months leaving it are those of
/// today's dashboard before it.
#[test]
fn r19_every_anniversary_splits_its_window_between_published_and_not_yet() {
    for anniversary in all_days() {
        let t = renewal_timeline(anniversary, anniversary.saturating_sub(90.days()));
        assert_eq!(t.window.len(), 12);
        assert_eq!(
            t.window.to.next(),
            YearMonth::of(anniversary),
            "{anniversary}"
        );
        assert_eq!(
            t.last_invoice_day,
            YearMonth::of(anniversary).first_day().yesterday().unwrap()
        );
        assert_eq!(t.deciding_report_on, YearMonth::of(anniversary).day(15));
        assert_eq!(period_of_publication(t.deciding_report_on), t.window);
        let mut split = months(t.published);
        split.extend(months(t.not_yet_published));
        assert_eq!(split, months(Some(t.window)), "{anniversary}");
        let mut shown = months(t.leaving);
        shown.extend(months(t.published));
        assert_eq!(shown, months(Some(t.shown_period)), "{anniversary}");
    }
}

proptest! {
    /// R19 on any day up to the deciding report: an invoice counts on the anniversary exactly
    /// when its day is in the window; on the report's day the whole window is published and
    /// nothing leaves; every published month of the window is one today's dashboard shows.
    #[test]
    fn r19_an_invoice_counts_on_the_anniversary_exactly_within_the_window(
        anniversary in 0..DAY_COUNT,
        before in 0i32..500,
        invoice in -800i32..40,
    ) {
        let anniversary = day(anniversary);
        let report = renewal_report_published_on(anniversary);
        let today = report.saturating_sub(before.days());
        let t = renewal_timeline(anniversary, today);
        let invoice = anniversary.saturating_add(invoice.days());
        prop_assert_eq!(
            t.window.contains_date(invoice),
            t.window.first_day() <= invoice && invoice <= t.last_invoice_day
        );
        for month in months(t.published) {
            prop_assert!(t.shown_period.contains(month) && t.window.contains(month));
        }
        for month in months(t.leaving) {
            prop_assert!(t.shown_period.contains(month) && month < t.window.from);
        }
        if before == 0 {
            prop_assert_eq!(t.published, Some(t.window));
            prop_assert_eq!((t.not_yet_published, t.leaving), (None, None));
        }
    }
}
