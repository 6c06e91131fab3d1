//! `invoices.csv`: invoices and credit notes in date order, exactly `--lines` rows.
//!
//! Each document is one to five lines. Dates advance with the row number, so the file reads
//! like monthly marketplace exports put end to end, and a credit note, written after the
//! invoice it corrects, is never dated before it. Partners are skewed: partner `i` buys in
//! proportion to `1/sqrt(i)`, so the first registered partners (the oldest) buy the most.
//!
//! The only state is one [`Memo`] per partner, its last invoice not yet credited: a credit
//! note corrects it (same partner, same products, at most the units bought) and clears it,
//! so that no invoice is credited twice and memory stays at a few bytes per partner.

use std::fmt;
use std::io::{self, Write};

use lpc_domain::Currency;
use lpc_domain::rules::RuleSet;

use super::people::{country_of, mpn_of};
use super::{BenchSpec, Catalog, DATA_END, INVOICES_HEADER, Stream, rng, skewed_below, weighted};

/// Most lines on one invoice.
const MAX_LINES: u64 = 5;
/// Percent of documents that try to be a credit note while credit-note lines are below
/// [`CREDIT_NOTE_SHARE`] of the lines written. The cap keeps the share steady: without it,
/// it grows with `--lines` as more partners have an invoice left to credit.
const CREDIT_NOTE_PERCENT: u64 = 8;
/// Credit-note lines are about one line in this many (2%).
const CREDIT_NOTE_SHARE: u64 = 50;
/// Per mille of documents for partners not in `partners.csv` (R16): about 0.5% of lines.
const UNREGISTERED_PER_MILLE: u64 = 5;
/// Most purchase units on a line.
const MAX_UNITS: u64 = 40;

/// The course codes SKUs are made of.
const COURSES: &[&str] = &[
    "AZ-104", "AZ-204", "AZ-305", "AZ-400", "AZ-500", "AZ-900", "MS-102", "MS-700", "PL-200",
    "PL-300", "PL-900", "DP-300", "DP-600", "SC-200", "SC-300", "SC-900", "MD-102", "MB-210",
];

/// The MTA exams whose courseware is sold as `mta_courseware`.
const MTA: &[&str] = &[
    "98-349", "98-361", "98-364", "98-365", "98-366", "98-367", "98-368", "98-375", "98-381",
    "98-383",
];

/// One OMLP type of the benchmark's mix.
struct Share {
    id: &'static str,
    /// Share of the lines, in percent.
    percent: u64,
    /// Unit price in US cents before the per-product spread.
    base_cents: i64,
    /// The product SKU of a course code.
    sku: fn(&str) -> String,
}

/// The benchmark's OMLP mix: classroom courseware sells most, the half-point types least.
const MIX: &[Share] = &[
    share("moc", 35, 12_500, |c| format!("{c}T00-A")),
    share("dmoc", 25, 11_000, |c| format!("{c}T00-D")),
    share("moc_on_demand", 10, 9_900, |c| format!("{c}-OD")),
    share("custom_moc", 5, 15_000, |c| format!("CUSTOM-{c}")),
    share("exam_voucher", 15, 16_500, |c| format!("EXAM-{c}")),
    share("labs_online", 7, 4_500, |c| format!("LODS-{c}")),
    share("mta_courseware", 3, 3_500, |c| format!("MTA-{c}")),
];

const fn share(id: &'static str, percent: u64, base_cents: i64, sku: fn(&str) -> String) -> Share {
    Share {
        id,
        percent,
        base_cents,
        sku,
    }
}

/// One OMLP type of the mix, with its products.
#[derive(Debug)]
pub(super) struct OmlpMix {
    id: &'static str,
    weight: u64,
    base_cents: i64,
    skus: Vec<String>,
}

impl OmlpMix {
    /// The types of [`MIX`] that every one of `sets` knows; a type a rule set adds beyond
    /// the mix is not generated.
    pub(super) fn known_to(sets: &[&RuleSet]) -> Vec<Self> {
        MIX.iter()
            .filter(|share| sets.iter().all(|set| set.omlp_type(share.id).is_some()))
            .map(|share| {
                let codes = if share.id == "mta_courseware" {
                    MTA
                } else {
                    COURSES
                };
                Self {
                    id: share.id,
                    weight: share.percent,
                    base_cents: share.base_cents,
                    skus: codes.iter().map(|c| (share.sku)(c)).collect(),
                }
            })
            .collect()
    }

    /// The price of one unit of product `sku` in `currency`: fixed per product, so that a
    /// credit note refunds exactly what the corrected line charged per unit.
    fn unit_price(&self, sku: u8, currency: Currency) -> i64 {
        let usd_cents = self.base_cents + i64::from(sku % 7) * 500;
        if currency == Currency::JPY {
            // About 150 yen to the dollar, in tens of yen.
            usd_cents * 15 / 100 * 10
        } else if currency == Currency::EUR {
            usd_cents * 92 / 100
        } else {
            usd_cents
        }
    }
}

/// Rows and documents written by [`write_invoices`].
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct InvoiceCounts {
    pub lines: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub credit_note_lines: u64,
    pub unregistered_partners: u64,
    pub unregistered_lines: u64,
}

/// A partner's last invoice not yet credited; `number == 0` for none.
#[derive(Debug, Clone, Copy, Default)]
struct Memo {
    number: u64,
    count: u8,
    items: [Item; MAX_LINES as usize],
}

/// One line of a remembered invoice: indexes into the catalog, and the units bought.
#[derive(Debug, Clone, Copy, Default)]
struct Item {
    omlp: u8,
    sku: u8,
    units: u8,
}

/// An amount in minor units, printed with exactly the currency's decimals (`1250.00`,
/// `-250`), without allocating per row.
struct Decimal {
    minor: i64,
    digits: u8,
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if self.digits == 0 {
            return write!(f, "{sign}{abs}");
        }
        let scale = 10u64.pow(u32::from(self.digits));
        let width = usize::from(self.digits);
        write!(f, "{sign}{}.{:0width$}", abs / scale, abs % scale)
    }
}

/// Formats `minor` as `invoices.csv` writes revenue in `currency`.
pub(super) fn decimal(minor: i64, currency: Currency) -> impl fmt::Display {
    Decimal {
        minor,
        digits: currency.minor_digits(),
    }
}

pub(super) fn write_invoices<W: Write>(
    w: &mut W,
    spec: &BenchSpec,
    catalog: &Catalog,
) -> io::Result<InvoiceCounts> {
    writeln!(w, "{INVOICES_HEADER}")?;
    let registered = spec.partners;
    let unregistered = (registered / 100).max(1);
    let slots = usize::try_from(registered + unregistered).map_err(io::Error::other)?;
    let mut memos = vec![Memo::default(); slots];
    let mut unregistered_seen = vec![false; usize::try_from(unregistered).unwrap_or(0)];
    let days = u128::try_from(Catalog::day_index(DATA_END) + 1).unwrap_or(1);
    let mut r = rng(spec.seed, Stream::Invoices, 0);
    let mut counts = InvoiceCounts::default();
    let mut credit_note_numbers = 0u64;

    while counts.lines < spec.lines {
        let remaining = spec.lines - counts.lines;
        let day = u128::from(counts.lines) * days / u128::from(spec.lines);
        let date = catalog.day(usize::try_from(day).unwrap_or(0));
        let partner = if r.below(1000) < UNREGISTERED_PER_MILLE {
            let j = r.below(unregistered);
            if let Some(seen) = unregistered_seen.get_mut(usize::try_from(j).unwrap_or(0))
                && !*seen
            {
                *seen = true;
                counts.unregistered_partners += 1;
            }
            registered + j
        } else {
            skewed_below(&mut r, registered)
        };
        let mpn = mpn_of(partner);
        let currency = country_of(spec.seed, partner).currency;
        let Some(memo) = memos.get_mut(usize::try_from(partner).unwrap_or(usize::MAX)) else {
            return Err(io::Error::other(format!(
                "partner index {partner} out of range"
            )));
        };

        let wants_credit_note = r.below(100) < CREDIT_NOTE_PERCENT;
        let written = if wants_credit_note
            && memo.number != 0
            && counts.credit_note_lines * CREDIT_NOTE_SHARE < counts.lines
        {
            credit_note_numbers += 1;
            counts.credit_notes += 1;
            let corrected = *memo;
            *memo = Memo::default();
            let lines = (1 + r.below(u64::from(corrected.count.min(2)))).min(remaining);
            for (line, item) in corrected.items.iter().take(lines as usize).enumerate() {
                let Some(omlp) = catalog.omlp.get(usize::from(item.omlp)) else {
                    continue;
                };
                let back = 1 + r.below(u64::from(item.units));
                let revenue = -(back as i64) * omlp.unit_price(item.sku, currency);
                writeln!(
                    w,
                    "credit_note,CN-{credit_note_numbers},INV-{},{mpn},{date},{},{},{},-{back},{},{currency}",
                    corrected.number,
                    line + 1,
                    omlp.id,
                    sku(omlp, item.sku),
                    decimal(revenue, currency),
                )?;
            }
            counts.credit_note_lines += lines;
            lines
        } else {
            counts.invoices += 1;
            let number = counts.invoices;
            let lines = (1 + r.below(MAX_LINES)).min(remaining);
            let mut remembered = Memo {
                number,
                count: lines as u8,
                items: [Item::default(); MAX_LINES as usize],
            };
            for (line, item) in remembered.items.iter_mut().take(lines as usize).enumerate() {
                let index = weighted(&mut r, &catalog.omlp, |t| t.weight);
                let Some(omlp) = catalog.omlp.get(index) else {
                    continue;
                };
                let product = r.below(omlp.skus.len() as u64) as u8;
                let units = 1 + skewed_below(&mut r, MAX_UNITS);
                *item = Item {
                    omlp: index as u8,
                    sku: product,
                    units: units as u8,
                };
                let revenue = units as i64 * omlp.unit_price(product, currency);
                writeln!(
                    w,
                    "invoice,INV-{number},,{mpn},{date},{},{},{},{units},{},{currency}",
                    line + 1,
                    omlp.id,
                    sku(omlp, product),
                    decimal(revenue, currency),
                )?;
            }
            *memo = remembered;
            lines
        };
        counts.lines += written;
        if partner >= registered {
            counts.unregistered_lines += written;
        }
    }
    Ok(counts)
}

fn sku(omlp: &OmlpMix, index: u8) -> &str {
    omlp.skus.get(usize::from(index)).map_or("", String::as_str)
}
