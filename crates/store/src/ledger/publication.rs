//! What a publication holds, derived from the ledger: a publication is a cut-off, not a copy.
//!
//! A publication records its period, the last committed batch it includes (its cut-off), and
//! per-partner totals; its rows are derived from the ledger whenever they are read. The rules
//! are those of `docs/kpi.md`, stated on batches instead of copies:
//!
//! - A partner is in publication P once it was registered when P was made: the partner
//!   records the first publication that included it.
//! - A line of such a partner, stored by a batch up to P's cut-off, is a row of P when its
//!   month lies in P's period (R17, R18), or when it lies before the period but not before
//!   the first publication's period and no earlier publication held it: it arrived late.
//! - An earlier publication held a line exactly when the previous publication's cut-off
//!   includes its batch, the partner was in that publication, and its month lies between the
//!   first publication's period start and the previous period's end (every line in that
//!   range is published by the first publication that can, so it suffices to ask the
//!   previous one).
//! - A row is `late` when its month is not after the previous period's end and no earlier
//!   publication held it.
//! - KPI adjustments of accepted cases (R22) are rows of the publication that first included
//!   them, and of every later one whose period holds their month.

use std::collections::BTreeMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_domain::rules::RuleSet;

use super::segment::{LineRef, Segment};
use crate::error::StoreError;
use crate::publishing;
use crate::rows::{KpiAdjustment, PublishedRow, PublishedTotal};

/// The publication before the one being derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviousCut {
    pub published_on: Date,
    pub cutoff: i64,
    pub period_to: YearMonth,
}

/// Everything that decides the rows of one publication, besides the ledger itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationCut {
    pub published_on: Date,
    pub period: MonthSpan,
    /// The last batch it includes.
    pub cutoff: i64,
    pub previous: Option<PreviousCut>,
    /// The first publication's first month, unless this is the first publication.
    pub late_since: Option<YearMonth>,
}

impl PublicationCut {
    /// The months a reader must read lines of: late ones included.
    pub fn months(&self) -> (YearMonth, YearMonth) {
        (
            self.late_since
                .map_or(self.period.from, |s| s.min(self.period.from)),
            self.period.to,
        )
    }

    /// Whether a partner that entered the publications on `first` is in this one.
    pub fn includes_partner(&self, first: Option<Date>) -> bool {
        first.is_some_and(|f| f <= self.published_on)
    }

    /// Whether a line a partner in this publication (entered on `partner_first`) has
    /// stored by `batch`, dated in `month`, is a row of it, and if so whether it is late.
    pub fn line(&self, batch: i64, month: YearMonth, partner_first: Date) -> Option<bool> {
        if batch > self.cutoff {
            return None;
        }
        let from_first = self.late_since.is_some_and(|s| s <= month);
        let held_before = self.previous.is_some_and(|p| {
            partner_first <= p.published_on
                && batch <= p.cutoff
                && from_first
                && month <= p.period_to
        });
        let in_period = self.period.contains(month);
        let late_older = from_first && month < self.period.from && !held_before;
        if !(in_period || late_older) {
            return None;
        }
        let late = self.previous.is_some_and(|p| month <= p.period_to) && !held_before;
        Some(late)
    }

    /// Whether an accepted adjustment, first published on `published_on` (this
    /// publication's date for one it is about to include), is a row, and whether late.
    pub fn adjustment(&self, month: YearMonth, published_on: Date) -> Option<bool> {
        (published_on == self.published_on
            || (published_on < self.published_on && self.period.contains(month)))
        .then_some(month < self.period.from)
    }
}

/// A partner's share of the ledger that a publication reads.
#[derive(Debug, Clone)]
pub struct PartnerLedger {
    pub partner_id: MpnId,
    /// The publication that first included the partner (`None`: not yet; a publication
    /// being made passes its own date for partners it is about to include).
    pub first_publication: Option<Date>,
    /// `(batch, segment)`, any order.
    pub segments: Vec<(i64, Segment)>,
}

/// One row of a partner's report, borrowing from its segments.
enum RowSource<'a> {
    Line(LineRef<'a>),
    Adjustment(&'a KpiAdjustment, String),
}

struct DerivedRow<'a> {
    source: RowSource<'a>,
    late: bool,
}

impl DerivedRow<'_> {
    fn sort_key(&self) -> (&str, &str, u32) {
        match &self.source {
            RowSource::Line(l) => (l.document_type.as_str(), l.document_number, l.line_number),
            RowSource::Adjustment(_, number) => ("adjustment", number.as_str(), 1),
        }
    }

    fn omlp_type(&self) -> &str {
        match &self.source {
            RowSource::Line(l) => l.omlp_type,
            RowSource::Adjustment(a, _) => &a.omlp_type,
        }
    }

    fn kpi(&self) -> KpiPoints {
        match &self.source {
            RowSource::Line(l) => KpiPoints::from_thousandths(l.kpi_thousandths),
            RowSource::Adjustment(a, _) => a.kpi,
        }
    }

    fn write(&self, partner: MpnId, text: &mut String) {
        match &self.source {
            RowSource::Line(l) => publishing::write_row(
                text,
                &publishing::RowFields {
                    partner_id: partner,
                    year: l.year,
                    month: l.month,
                    document_type: l.document_type.as_str(),
                    document_number: l.document_number,
                    line_number: l.line_number,
                    omlp_type: l.omlp_type,
                    purchase_units: l.purchase_units,
                    kpi_thousandths: l.kpi_thousandths,
                    revenue_minor: l.revenue_minor,
                    currency: l.currency,
                    late: self.late,
                },
            ),
            RowSource::Adjustment(a, number) => publishing::write_row(
                text,
                &publishing::RowFields {
                    partner_id: partner,
                    year: a.year,
                    month: a.month,
                    document_type: "adjustment",
                    document_number: number,
                    line_number: 1,
                    omlp_type: &a.omlp_type,
                    purchase_units: a.purchase_units,
                    kpi_thousandths: a.kpi.thousandths(),
                    revenue_minor: a.revenue.minor,
                    currency: a.revenue.currency.code(),
                    late: self.late,
                },
            ),
        }
    }

    fn to_row(&self, partner: MpnId) -> Result<PublishedRow, StoreError> {
        Ok(match &self.source {
            RowSource::Line(l) => PublishedRow {
                partner_id: partner,
                document_type: l.document_type,
                document_number: l.document_number.to_owned(),
                line_number: l.line_number,
                year: l.year,
                month: l.month,
                omlp_type: l.omlp_type.to_owned(),
                purchase_units: l.purchase_units,
                kpi: KpiPoints::from_thousandths(l.kpi_thousandths),
                revenue: Money::new(
                    l.revenue_minor,
                    Currency::parse(l.currency)
                        .map_err(|e| StoreError::corrupt(format!("stored currency: {e}")))?,
                ),
                late: self.late,
            },
            RowSource::Adjustment(a, number) => PublishedRow {
                partner_id: partner,
                document_type: DocumentType::Adjustment,
                document_number: number.clone(),
                line_number: 1,
                year: a.year,
                month: a.month,
                omlp_type: a.omlp_type.clone(),
                purchase_units: a.purchase_units,
                kpi: a.kpi,
                revenue: a.revenue,
                late: self.late,
            },
        })
    }
}

fn adjustment_month(a: &KpiAdjustment) -> Result<YearMonth, StoreError> {
    YearMonth::new(a.year, a.month)
        .map_err(|e| StoreError::corrupt(format!("stored adjustment month: {e}")))
}

/// A partner's rows of publication `cut`, in the digest's canonical order (document type,
/// number, line). `adjustments`: the partner's accepted adjustments, each with the date of
/// the publication that first included it (or `cut`'s own date for one it includes now).
fn derive<'a>(
    cut: &PublicationCut,
    ledger: &'a PartnerLedger,
    adjustments: &'a [(KpiAdjustment, Date)],
) -> Result<Vec<DerivedRow<'a>>, StoreError> {
    let Some(first) = ledger
        .first_publication
        .filter(|&f| cut.includes_partner(Some(f)))
    else {
        return Ok(Vec::new());
    };
    let (from, to) = cut.months();
    let mut rows = Vec::new();
    for (batch, segment) in &ledger.segments {
        for line in segment.lines() {
            let month = line.year_month()?;
            if month < from || month > to {
                continue;
            }
            if let Some(late) = cut.line(*batch, month, first) {
                rows.push(DerivedRow {
                    source: RowSource::Line(line),
                    late,
                });
            }
        }
    }
    for (a, published_on) in adjustments {
        if let Some(late) = cut.adjustment(adjustment_month(a)?, *published_on) {
            rows.push(DerivedRow {
                source: RowSource::Adjustment(a, format!("ADJ-{}", a.case_id)),
                late,
            });
        }
    }
    rows.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(rows)
}

/// A partner's rows of a publication, as the dashboard orders them (year, month, document
/// number, type, line).
pub fn partner_rows(
    cut: &PublicationCut,
    ledger: &PartnerLedger,
    adjustments: &[(KpiAdjustment, Date)],
) -> Result<Vec<PublishedRow>, StoreError> {
    let mut rows = derive(cut, ledger, adjustments)?
        .iter()
        .map(|r| r.to_row(ledger.partner_id))
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by(|a, b| {
        (
            a.year,
            a.month,
            &a.document_number,
            a.document_type,
            a.line_number,
        )
            .cmp(&(
                b.year,
                b.month,
                &b.document_number,
                b.document_type,
                b.line_number,
            ))
    });
    Ok(rows)
}

/// What a publication computed: its counts, digest and totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationOutcome {
    pub partners: u64,
    pub lines: u64,
    pub digest: String,
    /// Per partner with rows: per OMLP type, then in all (`omlp_type: None`), caps applied.
    pub totals: Vec<PublishedTotal>,
}

/// A partner's first publication as the derivation sees it, and its accepted adjustments
/// with the date of the publication that first included each.
pub type PartnerAdjustments = (Option<Date>, Vec<(KpiAdjustment, Date)>);

/// A partner as a publication reads it: its segments as stored (decoded by whichever thread
/// derives the partner), and its adjustments.
#[derive(Debug, Clone)]
pub struct PendingPartner {
    pub partner_id: MpnId,
    pub first_publication: Option<Date>,
    /// `(batch, stored segment)`.
    pub segments: Vec<(i64, Vec<u8>)>,
    pub adjustments: Vec<(KpiAdjustment, Date)>,
}

/// One partner's share of a publication: its rows as canonical text, its totals, and how
/// many rows it has. `None` for a partner with no row.
#[derive(Debug, Clone)]
pub struct PartnerPart {
    pub partner_id: MpnId,
    pub text: String,
    pub totals: Vec<PublishedTotal>,
    pub rows: u64,
}

/// Derives one partner's share of publication `cut`, caps by `rules` (R12).
pub fn derive_part(
    cut: &PublicationCut,
    rules: Option<&RuleSet>,
    pending: PendingPartner,
) -> Result<Option<PartnerPart>, StoreError> {
    let ledger = PartnerLedger {
        partner_id: pending.partner_id,
        first_publication: pending.first_publication,
        segments: pending
            .segments
            .iter()
            .map(|(batch, bytes)| Ok((*batch, Segment::decode(bytes)?)))
            .collect::<Result<_, StoreError>>()?,
    };
    let rows = derive(cut, &ledger, &pending.adjustments)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut text = String::with_capacity(rows.len() * 80);
    let mut sums: BTreeMap<String, KpiPoints> = BTreeMap::new();
    for row in &rows {
        row.write(ledger.partner_id, &mut text);
        match sums.get_mut(row.omlp_type()) {
            Some(sum) => *sum += row.kpi(),
            None => {
                sums.insert(row.omlp_type().to_owned(), row.kpi());
            }
        }
    }
    let one = BTreeMap::from([(ledger.partner_id, sums)]);
    Ok(Some(PartnerPart {
        partner_id: ledger.partner_id,
        text,
        totals: publishing::totals(&one, rules),
        rows: rows.len() as u64,
    }))
}

/// Groups segment rows read in partner order into [`PendingPartner`]s for `sink`, adding the
/// partners that have adjustments but no segment in the cut at their place in that order.
#[derive(Debug)]
pub struct Feeder<S> {
    sink: S,
    adjustments: BTreeMap<MpnId, PartnerAdjustments>,
    current: Option<PendingPartner>,
}

impl<S: FnMut(PendingPartner) -> Result<(), StoreError>> Feeder<S> {
    pub fn new(sink: S, adjustments: BTreeMap<MpnId, PartnerAdjustments>) -> Self {
        Self {
            sink,
            adjustments,
            current: None,
        }
    }

    /// The next segment row; rows come by partner (MPN ID order).
    pub fn segment(
        &mut self,
        partner: MpnId,
        first_publication: Option<Date>,
        batch: i64,
        segment: Vec<u8>,
    ) -> Result<(), StoreError> {
        match &mut self.current {
            Some(pending) if pending.partner_id == partner => {
                pending.segments.push((batch, segment));
                Ok(())
            }
            _ => {
                let next = PendingPartner {
                    partner_id: partner,
                    first_publication,
                    segments: vec![(batch, segment)],
                    adjustments: Vec::new(),
                };
                match self.current.replace(next) {
                    Some(done) => self.close(done),
                    None => Ok(()),
                }
            }
        }
    }

    fn adjustments_only_before(&mut self, partner: Option<MpnId>) -> Result<(), StoreError> {
        while let Some((&next, _)) = self.adjustments.first_key_value() {
            if partner.is_some_and(|p| next >= p) {
                break;
            }
            if let Some((first, adjustments)) = self.adjustments.remove(&next) {
                (self.sink)(PendingPartner {
                    partner_id: next,
                    first_publication: first,
                    segments: Vec::new(),
                    adjustments,
                })?;
            }
        }
        Ok(())
    }

    fn close(&mut self, mut pending: PendingPartner) -> Result<(), StoreError> {
        self.adjustments_only_before(Some(pending.partner_id))?;
        if let Some((_, own)) = self.adjustments.remove(&pending.partner_id) {
            pending.adjustments = own;
        }
        (self.sink)(pending)
    }

    pub fn finish(mut self) -> Result<S, StoreError> {
        if let Some(done) = self.current.take() {
            self.close(done)?;
        }
        self.adjustments_only_before(None)?;
        Ok(self.sink)
    }
}
