//! The KPI dashboard's model (R17, R21, R22), free of templates: the rows with the seven
//! columns of R21, sorted by any column and filtered by month and OMLP type, their totals,
//! when the report was published and when the next one comes, and for each row the fields a
//! "report a discrepancy" link carries to the case form.
//!
//! The page turns query parameters into a [`DashboardQuery`] ([`DashboardQuery::from_params`]),
//! calls [`build`] with the partner's [`KpiReport`] and today's date, and renders the
//! [`Dashboard`]. Dates, numbers and money are formatted by the page for the user's locale.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use jiff::civil::Date;
use lpc_app::publications::{KpiReport, ReportRow, ReportTotals};
use lpc_domain::calendar::{self, MonthSpan, YearMonth};
use lpc_domain::invoice::DocumentType;
use lpc_domain::{KpiPoints, Money, MpnId};

/// The seven columns of R21, in the dashboard's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Month,
    Year,
    OmlpType,
    PurchaseUnits,
    InvoiceNumber,
    KpiValue,
    RevenueValue,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Month,
        Column::Year,
        Column::OmlpType,
        Column::PurchaseUnits,
        Column::InvoiceNumber,
        Column::KpiValue,
        Column::RevenueValue,
    ];

    /// The value of the `sort` query parameter, also the case form's field name.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Month => "month",
            Column::Year => "year",
            Column::OmlpType => "omlp_type",
            Column::PurchaseUnits => "purchase_units",
            Column::InvoiceNumber => "invoice_number",
            Column::KpiValue => "kpi_value",
            Column::RevenueValue => "revenue_value",
        }
    }

    pub fn parse(text: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// How two rows compare on this column. `Month` orders by the calendar month (year, then
    /// month), `Year` by the year alone; revenue by its decimal value.
    fn compare(self, a: &DashboardRow, b: &DashboardRow) -> Ordering {
        match self {
            Column::Month => (a.year, a.month).cmp(&(b.year, b.month)),
            Column::Year => a.year.cmp(&b.year),
            Column::OmlpType => a.omlp_type.cmp(&b.omlp_type),
            Column::PurchaseUnits => a.purchase_units.cmp(&b.purchase_units),
            Column::InvoiceNumber => a.invoice_number.cmp(&b.invoice_number),
            Column::KpiValue => a.kpi_value.cmp(&b.kpi_value),
            Column::RevenueValue => money_key(a.revenue)
                .cmp(&money_key(b.revenue))
                .then_with(|| a.revenue.currency.code().cmp(b.revenue.currency.code())),
        }
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Asc,
    Desc,
}

impl Direction {
    /// The value of the `dir` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "asc" => Some(Direction::Asc),
            "desc" => Some(Direction::Desc),
            _ => None,
        }
    }

    pub fn reversed(self) -> Direction {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

/// What the user asked the dashboard for: the sort and the filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardQuery {
    pub sort: Column,
    pub direction: Direction,
    /// Only the rows of this month (`month=2019-03`).
    pub month: Option<YearMonth>,
    /// Only the rows of this OMLP type (`omlp_type=moc`).
    pub omlp_type: Option<String>,
}

impl Default for DashboardQuery {
    /// Newest month first, as a partner reads a statement.
    fn default() -> Self {
        Self {
            sort: Column::Month,
            direction: Direction::Desc,
            month: None,
            omlp_type: None,
        }
    }
}

impl DashboardQuery {
    /// From the page's query parameters `sort`, `dir`, `month`, `omlp_type`. Lenient: an
    /// empty or unknown value means "not given" (a shared link with a stale parameter still
    /// shows the dashboard).
    pub fn from_params(
        sort: Option<&str>,
        direction: Option<&str>,
        month: Option<&str>,
        omlp_type: Option<&str>,
    ) -> Self {
        let default = Self::default();
        let sort_given = sort.and_then(Column::parse);
        Self {
            sort: sort_given.unwrap_or(default.sort),
            direction: direction
                .and_then(Direction::parse)
                // A column chosen without a direction sorts ascending.
                .unwrap_or(if sort_given.is_some() {
                    Direction::Asc
                } else {
                    default.direction
                }),
            month: month
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .and_then(|m| m.parse().ok()),
            omlp_type: omlp_type
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        }
    }

    /// The query as `(name, value)` pairs, the filters only when set.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("sort", self.sort.as_str().to_owned()),
            ("dir", self.direction.as_str().to_owned()),
        ];
        if let Some(month) = self.month {
            params.push(("month", month.to_string()));
        }
        if let Some(omlp_type) = &self.omlp_type {
            params.push(("omlp_type", omlp_type.clone()));
        }
        params
    }

    /// The query string (without `?`) of this query sorted by `column`: the header link of a
    /// column. Clicking the column the rows are sorted by reverses the direction; another
    /// column sorts ascending. The filters are kept.
    pub fn sort_link(&self, column: Column) -> String {
        let direction = if self.sort == column {
            self.direction.reversed()
        } else {
            Direction::Asc
        };
        let query = Self {
            sort: column,
            direction,
            ..self.clone()
        };
        query_string(&query.params())
    }

    /// The `aria-sort` value of a column header: `ascending`, `descending` or `none`.
    pub fn aria_sort(&self, column: Column) -> &'static str {
        match (self.sort == column, self.direction) {
            (false, _) => "none",
            (true, Direction::Asc) => "ascending",
            (true, Direction::Desc) => "descending",
        }
    }
}

/// The fields of a discrepancy case (R22) prefilled from a dashboard row: the seven of R21
/// (`month`, `year`, `omlp_type`, `purchase_units`, `invoice_number`, `kpi_value`,
/// `revenue_value`) and the revenue's `currency`, named as `POST /api/v1/cases` and
/// `lpc cases open --field` name them. The evidence (R13: an actual invoice) is the
/// partner's to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscrepancyPrefill {
    pub month: i8,
    pub year: i16,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    pub revenue_value: String,
    pub currency: String,
}

impl DiscrepancyPrefill {
    /// The fields as `(name, value)` pairs, in the dashboard's column order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("month", self.month.to_string()),
            ("year", self.year.to_string()),
            ("omlp_type", self.omlp_type.clone()),
            ("purchase_units", self.purchase_units.to_string()),
            ("invoice_number", self.invoice_number.clone()),
            ("kpi_value", self.kpi_value.to_string()),
            ("revenue_value", self.revenue_value.clone()),
            ("currency", self.currency.clone()),
        ]
    }

    /// The query string (without `?`) the "report a discrepancy" link carries, with
    /// `kind=kpi_discrepancy` first.
    pub fn query_string(&self) -> String {
        let mut pairs = vec![("kind", "kpi_discrepancy".to_owned())];
        pairs.extend(self.pairs());
        query_string(&pairs)
    }
}

/// One row of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardRow {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    pub revenue: Money,
    /// Invoice, credit note, or the adjustment of an accepted case (R22).
    pub document_type: DocumentType,
    pub line_number: u32,
    /// Published after the publication it belonged in (docs/kpi.md).
    pub late: bool,
    /// For an adjustment row, the case that added it.
    pub adjustment_case_id: Option<i64>,
    pub discrepancy: DiscrepancyPrefill,
}

impl DashboardRow {
    pub fn of(row: &ReportRow) -> Self {
        Self {
            year: row.year,
            month: row.month,
            omlp_type: row.omlp_type.clone(),
            purchase_units: row.purchase_units,
            invoice_number: row.invoice_number.clone(),
            kpi_value: row.kpi_value,
            revenue: row.revenue,
            document_type: row.document_type,
            line_number: row.line_number,
            late: row.late,
            adjustment_case_id: row.adjustment_case_id,
            discrepancy: DiscrepancyPrefill {
                month: row.month,
                year: row.year,
                omlp_type: row.omlp_type.clone(),
                purchase_units: row.purchase_units,
                invoice_number: row.invoice_number.clone(),
                kpi_value: row.kpi_value,
                revenue_value: row.revenue.to_decimal(),
                currency: row.revenue.currency.code().to_owned(),
            },
        }
    }

    /// The row's calendar month, if its year and month make one.
    pub fn year_month(&self) -> Option<YearMonth> {
        YearMonth::new(self.year, self.month).ok()
    }
}

/// Sums of the rows shown (uncapped: a cap of R12 applies to the published totals, see
/// [`Dashboard::published_totals`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    pub rows: usize,
    pub kpi_value: KpiPoints,
    pub purchase_units: i64,
    pub kpi_by_type: BTreeMap<String, KpiPoints>,
    pub units_by_type: BTreeMap<String, i64>,
    /// Revenue per currency code; a currency whose sum would overflow is left out.
    pub revenue: BTreeMap<String, Money>,
}

impl Totals {
    pub fn of(rows: &[DashboardRow]) -> Self {
        let mut totals = Totals {
            rows: rows.len(),
            ..Totals::default()
        };
        let mut revenue: BTreeMap<&str, Option<Money>> = BTreeMap::new();
        for row in rows {
            totals.kpi_value = add_points(totals.kpi_value, row.kpi_value);
            totals.purchase_units = totals.purchase_units.saturating_add(row.purchase_units);
            let by_type = totals
                .kpi_by_type
                .entry(row.omlp_type.clone())
                .or_insert(KpiPoints::ZERO);
            *by_type = add_points(*by_type, row.kpi_value);
            let units = totals
                .units_by_type
                .entry(row.omlp_type.clone())
                .or_insert(0);
            *units = units.saturating_add(row.purchase_units);
            let sum = revenue
                .entry(row.revenue.currency.code())
                .or_insert(Some(Money::new(0, row.revenue.currency)));
            *sum = sum.and_then(|s| s.checked_add(row.revenue));
        }
        totals.revenue = revenue
            .into_iter()
            .filter_map(|(code, sum)| sum.map(|s| (code.to_owned(), s)))
            .collect();
        totals
    }
}

fn add_points(a: KpiPoints, b: KpiPoints) -> KpiPoints {
    a.checked_add(b).unwrap_or(a)
}

/// Everything the dashboard page shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub partner_id: MpnId,
    /// "As published on ...": `None` before the first publication (the page says so).
    pub published_on: Option<Date>,
    pub period: Option<MonthSpan>,
    /// "Next update on ...": the next 15th after today (R17).
    pub next_update_on: Date,
    pub query: DashboardQuery,
    /// The months of the period, for the month filter (oldest first).
    pub months: Vec<YearMonth>,
    /// The OMLP types of the report's rows, for the type filter (name order).
    pub omlp_types: Vec<String>,
    /// The rows shown: filtered, then sorted.
    pub rows: Vec<DashboardRow>,
    /// Totals of the rows shown.
    pub totals: Totals,
    /// How many rows the report has before filtering.
    pub all_rows: usize,
    /// The report's own totals, caps applied (R12): what eligibility counts.
    pub published_totals: ReportTotals,
}

/// Builds the dashboard of `report` for `query` on `today`.
pub fn build(report: &KpiReport, query: &DashboardQuery, today: Date) -> Dashboard {
    let all: Vec<DashboardRow> = report.rows.iter().map(DashboardRow::of).collect();
    let mut omlp_types: Vec<String> = all.iter().map(|r| r.omlp_type.clone()).collect();
    omlp_types.sort_unstable();
    omlp_types.dedup();
    let all_rows = all.len();
    let mut rows = filter_rows(all, query);
    sort_rows(&mut rows, query.sort, query.direction);
    Dashboard {
        partner_id: report.partner_id,
        published_on: report.published_on,
        period: report.period,
        next_update_on: calendar::next_publication_after(today),
        query: query.clone(),
        months: report
            .period
            .map(crate::ui::kpi_chart::months_of)
            .unwrap_or_default(),
        omlp_types,
        totals: Totals::of(&rows),
        rows,
        all_rows,
        published_totals: report.totals.clone(),
    }
}

/// Keeps the rows of the query's month and OMLP type (each when set).
pub fn filter_rows(rows: Vec<DashboardRow>, query: &DashboardQuery) -> Vec<DashboardRow> {
    rows.into_iter()
        .filter(|r| {
            query
                .month
                .is_none_or(|m| r.year == m.year() && r.month == m.month())
        })
        .filter(|r| query.omlp_type.as_deref().is_none_or(|t| r.omlp_type == t))
        .collect()
}

/// Sorts `rows` by `column` in `direction`; ties keep the report's order (a stable sort), so
/// that the same query always shows the same order.
pub fn sort_rows(rows: &mut [DashboardRow], column: Column, direction: Direction) {
    rows.sort_by(|a, b| {
        let order = column.compare(a, b);
        match direction {
            Direction::Asc => order,
            Direction::Desc => order.reverse(),
        }
    });
}

/// An amount as a comparable integer of millionths of its currency's unit, whatever the
/// currency's minor digits (yen 0, dollars 2, dinars 3).
fn money_key(money: Money) -> i128 {
    let scale = 6u32.saturating_sub(u32::from(money.currency.minor_digits()));
    i128::from(money.minor) * 10i128.pow(scale)
}

/// `name=value&...`, percent-encoded (RFC 3986 unreserved characters kept).
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn row(year: i16, month: i8, omlp_type: &str, units: i64, invoice: &str) -> ReportRow {
        ReportRow {
            year,
            month,
            omlp_type: omlp_type.to_owned(),
            purchase_units: units,
            invoice_number: invoice.to_owned(),
            kpi_value: KpiPoints::from_thousandths(units * 1500),
            // "{units * 10}.50" dollars, as the rows of a report write it.
            revenue: Money::new(
                units * 1000 + if units < 0 { -50 } else { 50 },
                lpc_domain::Currency::parse("USD").unwrap(),
            ),
            document_type: DocumentType::Invoice,
            line_number: 1,
            late: false,
            adjustment_case_id: None,
        }
    }

    fn report(rows: Vec<ReportRow>) -> KpiReport {
        KpiReport {
            partner_id: "1234567".parse().unwrap(),
            published_on: Some(date(2020, 1, 15)),
            period: Some(calendar::period_of_publication(date(2020, 1, 15))),
            next_publication_on: date(2020, 2, 15),
            rows: std::sync::Arc::new(rows),
            totals: ReportTotals {
                kpi_value: KpiPoints::ZERO,
                by_omlp_type: BTreeMap::new(),
            },
        }
    }

    fn sample() -> KpiReport {
        report(vec![
            row(2019, 3, "moc", 10, "INV-1"),
            row(2019, 11, "labs_online", 2, "INV-2"),
            row(2019, 3, "labs_online", 4, "INV-3"),
            row(2019, 12, "moc", -1, "CN-1"),
        ])
    }

    #[test]
    fn shows_the_seven_columns_newest_month_first_by_default() {
        let d = build(&sample(), &DashboardQuery::default(), date(2020, 1, 20));
        let months: Vec<(i16, i8)> = d.rows.iter().map(|r| (r.year, r.month)).collect();
        assert_eq!(months, [(2019, 12), (2019, 11), (2019, 3), (2019, 3)]);
        assert_eq!(d.published_on, Some(date(2020, 1, 15)));
        assert_eq!(d.next_update_on, date(2020, 2, 15));
        assert_eq!(d.months.len(), 12);
        assert_eq!(d.omlp_types, ["labs_online", "moc"]);
        assert_eq!(d.all_rows, 4);
    }

    #[test]
    fn next_update_is_the_next_15th_after_today() {
        let next = calendar::next_publication_after;
        assert_eq!(next(date(2020, 1, 14)), date(2020, 1, 15));
        assert_eq!(next(date(2020, 1, 15)), date(2020, 2, 15));
        assert_eq!(next(date(2020, 12, 31)), date(2021, 1, 15));
    }

    #[test]
    fn filters_by_month_and_type_with_totals_per_type_and_in_all() {
        let q = DashboardQuery::from_params(None, None, Some("2019-03"), None);
        let d = build(&sample(), &q, date(2020, 1, 20));
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.totals.kpi_value, KpiPoints::from_thousandths(21_000));
        assert_eq!(d.totals.kpi_by_type["moc"], KpiPoints::whole(15));
        assert_eq!(d.totals.kpi_by_type["labs_online"], KpiPoints::whole(6));
        assert_eq!(d.totals.purchase_units, 14);
        assert_eq!(d.totals.revenue["USD"].to_decimal(), "141.00");
        let q = DashboardQuery::from_params(Some("kpi_value"), None, None, Some("moc"));
        let d = build(&sample(), &q, date(2020, 1, 20));
        let invoices: Vec<&str> = d.rows.iter().map(|r| r.invoice_number.as_str()).collect();
        assert_eq!(invoices, ["CN-1", "INV-1"]);
        assert_eq!(d.totals.kpi_value, KpiPoints::from_thousandths(13_500));
    }

    #[test]
    fn parses_params_leniently_and_builds_links() {
        let q = DashboardQuery::from_params(Some("bogus"), Some("up"), Some("2019-13"), Some(""));
        assert_eq!(q, DashboardQuery::default());
        let q = DashboardQuery::from_params(Some("revenue_value"), None, None, Some("a&b"));
        assert_eq!(q.direction, Direction::Asc);
        assert_eq!(q.aria_sort(Column::RevenueValue), "ascending");
        assert_eq!(q.aria_sort(Column::Year), "none");
        assert_eq!(
            q.sort_link(Column::RevenueValue),
            "sort=revenue_value&dir=desc&omlp_type=a%26b"
        );
        assert_eq!(
            q.sort_link(Column::Year),
            "sort=year&dir=asc&omlp_type=a%26b"
        );
    }

    #[test]
    fn every_row_carries_its_discrepancy_fields() {
        let d = build(&sample(), &DashboardQuery::default(), date(2020, 1, 20));
        let cn = d.rows.first().unwrap();
        assert_eq!(
            cn.discrepancy.query_string(),
            "kind=kpi_discrepancy&month=12&year=2019&omlp_type=moc&purchase_units=-1&\
             invoice_number=CN-1&kpi_value=-1.5&revenue_value=-10.50&currency=USD"
        );
        let names: Vec<&str> = cn.discrepancy.pairs().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "month",
                "year",
                "omlp_type",
                "purchase_units",
                "invoice_number",
                "kpi_value",
                "revenue_value",
                "currency"
            ]
        );
    }

    #[test]
    fn revenue_sorts_by_value_not_text() {
        let mut rows: Vec<DashboardRow> = ["9.00", "10.00", "-2.5", "100"]
            .iter()
            .map(|v| {
                let mut r = row(2019, 1, "moc", 1, "I");
                r.revenue =
                    Money::parse_decimal(v, lpc_domain::Currency::parse("USD").unwrap()).unwrap();
                DashboardRow::of(&r)
            })
            .collect();
        sort_rows(&mut rows, Column::RevenueValue, Direction::Asc);
        let values: Vec<String> = rows.iter().map(|r| r.revenue.to_decimal()).collect();
        assert_eq!(values, ["-2.50", "9.00", "10.00", "100.00"]);
    }

    fn arb_row() -> impl Strategy<Value = ReportRow> {
        (
            2018i16..2021,
            1i8..=12,
            prop::sample::select(vec!["moc", "labs_online", "<x&y>"]),
            -5i64..50,
            prop::sample::select(vec!["INV-1", "INV-2", "CN-9", "ADJ-3"]),
        )
            .prop_map(|(y, m, t, u, i)| row(y, m, t, u, i))
    }

    fn arb_query() -> impl Strategy<Value = DashboardQuery> {
        (
            prop::sample::select(Column::ALL.to_vec()),
            prop::bool::ANY,
            prop::option::of((2018i16..2021, 1i8..=12)),
            prop::option::of(prop::sample::select(vec![
                "moc",
                "labs_online",
                "<x&y>",
                "x",
            ])),
        )
            .prop_map(|(sort, desc, month, t)| DashboardQuery {
                sort,
                direction: if desc {
                    Direction::Desc
                } else {
                    Direction::Asc
                },
                month: month.and_then(|(y, m)| YearMonth::new(y, m).ok()),
                omlp_type: t.map(str::to_owned),
            })
    }

    proptest! {
        #[test]
        fn sorting_is_an_ordered_permutation(
            rows in prop::collection::vec(arb_row(), 0..40),
            column in prop::sample::select(Column::ALL.to_vec()),
            desc in prop::bool::ANY,
        ) {
            let direction = if desc { Direction::Desc } else { Direction::Asc };
            let original: Vec<DashboardRow> = rows.iter().map(DashboardRow::of).collect();
            let mut sorted = original.clone();
            sort_rows(&mut sorted, column, direction);
            let key = |r: &DashboardRow| format!("{r:?}");
            let mut a: Vec<String> = original.iter().map(key).collect();
            let mut b: Vec<String> = sorted.iter().map(key).collect();
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
            for pair in sorted.windows(2) {
                let order = column.compare(&pair[0], &pair[1]);
                match direction {
                    Direction::Asc => prop_assert!(order != Ordering::Greater),
                    Direction::Desc => prop_assert!(order != Ordering::Less),
                }
            }
        }

        #[test]
        fn filtering_never_adds_rows_and_totals_add_up(
            rows in prop::collection::vec(arb_row(), 0..40),
            query in arb_query(),
        ) {
            let report = report(rows);
            let d = build(&report, &query, date(2020, 1, 20));
            prop_assert!(d.rows.len() <= report.rows.len());
            for shown in &d.rows {
                prop_assert!(report.rows.iter().any(|r| DashboardRow::of(r) == *shown));
                if let Some(m) = query.month {
                    prop_assert_eq!((shown.year, shown.month), (m.year(), m.month()));
                }
                if let Some(t) = &query.omlp_type {
                    prop_assert_eq!(&shown.omlp_type, t);
                }
            }
            let sum: i64 = d.rows.iter().map(|r| r.kpi_value.thousandths()).sum();
            prop_assert_eq!(d.totals.kpi_value.thousandths(), sum);
            let by_type: i64 = d.totals.kpi_by_type.values().map(|p| p.thousandths()).sum();
            prop_assert_eq!(by_type, sum);
            let units: i64 = d.rows.iter().map(|r| r.purchase_units).sum();
            prop_assert_eq!(d.totals.purchase_units, units);
            prop_assert_eq!(d.totals.rows, d.rows.len());
            let revenue: i128 = d.rows.iter().map(|r| money_key(r.revenue)).sum();
            let total: i128 = d.totals.revenue.values().map(|v| money_key(*v)).sum();
            prop_assert_eq!(total, revenue);
        }
    }
}
