//! The parsing side of an import: a blocking thread reads the CSV and checks every row on
//! its own (types, amounts, R13, the points of R12/R14), handing batches of lines and
//! refusals to the storing side.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lpc_domain::MpnId;
use lpc_domain::invoice::{self, DocumentType};
use lpc_domain::points::{Currency, Money};
use lpc_store::InvoiceLine;

use super::{COLUMNS, Progress, Rejected};
use crate::App;
use crate::csv_rows::{self, Record, RowError};

/// Rows handed from the parsing thread to the storing task at a time: large enough to
/// amortize a channel hop and the store's short transactions, small enough to keep memory
/// flat.
const BATCH: usize = 20_000;

/// One batch of the file: the lines that parsed (grouped for the store on this thread), and
/// the rows that did not.
#[derive(Debug)]
pub(super) struct ParsedBatch {
    pub lines: lpc_store::ledger::Prepared,
    pub refused: Vec<Rejected>,
}

/// An identifier of the file (document number, SKU, OMLP type): 1 to `max` characters, none
/// of them invisible or a quote (a stray `"` inside an unquoted field is a broken line, not
/// part of a number).
fn text<'a>(r: &'a Record<'_>, column: &str, max: usize) -> Result<&'a str, RowError> {
    let value = r.get(column);
    if value.is_empty() || value.chars().count() > max {
        return Err(r.error(column, format!("must have 1 to {max} characters")));
    }
    if let Some(c) = value.chars().find(|c| csv_rows::invisible(*c)) {
        return Err(r.error(
            column,
            format!(
                "holds the invisible character U+{:04X}: it would make two numbers that look \
                 alike differ",
                u32::from(c)
            ),
        ));
    }
    if value.contains('"') {
        return Err(r.error(
            column,
            "holds a quote (\"): a field with quotes must be quoted whole, with inner quotes \
             doubled",
        ));
    }
    Ok(value)
}

/// The latest date an invoice of this import may have: the import's day plus the rule set's
/// `invoice_future_days`, worked out once per import.
#[derive(Debug, Clone, Copy)]
pub(super) struct LatestDate {
    date: jiff::civil::Date,
    margin_days: i64,
}

impl LatestDate {
    pub(super) fn of(app: &App) -> Self {
        let today = app.clock().today();
        let margin_days = app
            .rules_on(today)
            .map_or(lpc_domain::rules::DEFAULT_INVOICE_FUTURE_DAYS, |set| {
                set.invoice_future_days
            });
        LatestDate {
            date: today.saturating_add(jiff::Span::new().days(margin_days)),
            margin_days,
        }
    }
}

/// Keeps a cell's value, or its refusal in `bad`: a row is checked whole, so that a row with
/// four bad fields names all four rather than the first.
fn keep<T>(bad: &mut Vec<RowError>, result: Result<T, RowError>) -> Option<T> {
    result.map_err(|e| bad.push(e)).ok()
}

/// `corrects_document` as the document type wants it (R13): empty on an invoice, the invoice
/// corrected on a credit note.
fn corrects_of(r: &Record<'_>, document_type: DocumentType) -> Result<Option<String>, RowError> {
    let corrects = r.get("corrects_document");
    match (document_type, corrects.is_empty()) {
        (DocumentType::Invoice, true) => Ok(None),
        (DocumentType::Invoice, false) => {
            Err(r.error("corrects_document", "must be empty on an invoice"))
        }
        (DocumentType::CreditNote, true) => Err(r.error(
            "corrects_document",
            "R13: a credit note must name the invoice it corrects",
        )),
        (DocumentType::CreditNote, false) => Ok(Some(text(r, "corrects_document", 64)?.to_owned())),
        // `DocumentType::parse` already refuses it; kept explicit so that no path imports one.
        (DocumentType::Adjustment, _) => Err(r.error(
            "document_type",
            "R22: adjustments are added by accepted KPI discrepancy cases, never imported",
        )),
    }
}

/// One row of the file as a line to store, or every bad field of it.
pub(super) fn parse_row(
    app: &App,
    latest: LatestDate,
    r: &Record<'_>,
) -> Result<InvoiceLine, Vec<RowError>> {
    let mut bad = Vec::new();
    let document_type = keep(&mut bad, r.parse("document_type", DocumentType::parse));
    let document_number = keep(&mut bad, text(r, "document_number", 64)).map(str::to_owned);
    let corrects_document = document_type.and_then(|t| keep(&mut bad, corrects_of(r, t)).flatten());
    let partner_id = keep(&mut bad, r.parse("partner_id", MpnId::parse));
    let document_date = keep(
        &mut bad,
        r.parse("document_date", csv_rows::date).and_then(|date| {
            if date > latest.date {
                Err(r.error(
                    "document_date",
                    format!(
                        "is after {}: an invoice is dated at most {} days after the import's \
                         day (the rule set's invoice_future_days, R14)",
                        latest.date, latest.margin_days
                    ),
                ))
            } else {
                Ok(date)
            }
        }),
    );
    let line_number: Option<u32> = keep(
        &mut bad,
        r.parse("line_number", |v| match v.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err("must be a whole number from 1"),
        }),
    );
    let omlp_type = keep(&mut bad, text(r, "omlp_type", 64)).map(str::to_owned);
    let product_sku = keep(&mut bad, text(r, "product_sku", 64)).map(str::to_owned);
    let purchase_units: Option<i64> = keep(
        &mut bad,
        r.parse("purchase_units", |v| {
            v.parse::<i64>().map_err(|_| "must be a whole number")
        }),
    );
    let currency = keep(&mut bad, r.parse("currency", Currency::parse));
    let revenue = currency.and_then(|c| {
        keep(
            &mut bad,
            r.parse("revenue_value", |v| Money::parse_decimal(v, c)),
        )
    });
    match (document_type, purchase_units) {
        (Some(DocumentType::Invoice), Some(units)) if units <= 0 => {
            bad.push(r.error("purchase_units", "must be positive on an invoice"));
        }
        (Some(DocumentType::CreditNote), Some(units)) if units >= 0 => bad.push(r.error(
            "purchase_units",
            "must be negative on a credit note (it reduces an invoice, R13)",
        )),
        _ => {}
    }
    match (document_type, revenue) {
        (Some(DocumentType::Invoice), Some(m)) if m.is_negative() => {
            bad.push(r.error("revenue_value", "must not be negative on an invoice"));
        }
        (Some(DocumentType::CreditNote), Some(m)) if m.minor > 0 => {
            bad.push(r.error("revenue_value", "must not be positive on a credit note"));
        }
        _ => {}
    }
    let kpi = match (document_date, &omlp_type, purchase_units) {
        (Some(date), Some(omlp), Some(units)) => keep(
            &mut bad,
            invoice::line_points(app.rules(), date, omlp, units).map_err(|reason| {
                let column = if reason.starts_with("R14") {
                    "document_date"
                } else {
                    "omlp_type"
                };
                r.error(column, reason)
            }),
        ),
        _ => None,
    };
    let (
        Some(document_type),
        Some(document_number),
        Some(partner_id),
        Some(document_date),
        Some(line_number),
        Some(omlp_type),
        Some(product_sku),
        Some(purchase_units),
        Some(revenue),
        Some(kpi),
        true,
    ) = (
        document_type,
        document_number,
        partner_id,
        document_date,
        line_number,
        omlp_type,
        product_sku,
        purchase_units,
        revenue,
        kpi,
        bad.is_empty(),
    )
    else {
        return Err(bad);
    };
    Ok(InvoiceLine {
        document_type,
        document_number,
        line_number,
        corrects_document,
        partner_id,
        document_date,
        omlp_type,
        product_sku,
        purchase_units,
        revenue,
        kpi,
        source_line: r.line,
    })
}

/// A reader that counts what passes through it.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Parses `reader` on a blocking thread; batches (or the refusal of the header) come out of
/// the returned channel, at most four ahead of the storing side.
pub(super) fn spawn(
    app: &App,
    reader: impl std::io::Read + Send + 'static,
    on_progress: impl Fn(Progress) + Send + 'static,
) -> (
    tokio::task::JoinHandle<()>,
    tokio::sync::mpsc::Receiver<Result<ParsedBatch, RowError>>,
) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<ParsedBatch, RowError>>(4);
    let app = app.clone();
    let bytes = Arc::new(AtomicU64::new(0));
    let counted = Counting {
        inner: reader,
        bytes: bytes.clone(),
    };
    let latest = LatestDate::of(&app);
    let parser = tokio::task::spawn_blocking(move || {
        let mut lines: Vec<InvoiceLine> = Vec::with_capacity(BATCH);
        let mut refused: Vec<Rejected> = Vec::new();
        let mut rows = 0u64;
        let progress = |rows| Progress {
            bytes: bytes.load(Ordering::Relaxed),
            rows,
        };
        let visited = csv_rows::visit(
            counted,
            COLUMNS,
            |r| parse_row(&app, latest, r),
            |outcome| {
                rows += 1;
                match outcome {
                    Ok(line) => lines.push(line),
                    Err((errors, cells)) => refused.push(Rejected { cells, errors }),
                }
                if lines.len() + refused.len() == BATCH {
                    let full = ParsedBatch {
                        lines: lpc_store::ledger::Prepared::new(std::mem::replace(
                            &mut lines,
                            Vec::with_capacity(BATCH),
                        )),
                        refused: std::mem::take(&mut refused),
                    };
                    let _ = tx.blocking_send(Ok(full));
                    on_progress(progress(rows));
                }
            },
        );
        let last = match visited {
            Ok(()) => Ok(ParsedBatch {
                lines: lpc_store::ledger::Prepared::new(lines),
                refused,
            }),
            Err(header) => Err(header),
        };
        let _ = tx.blocking_send(last);
        on_progress(progress(rows));
    });
    (parser, rx)
}
