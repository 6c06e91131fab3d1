//! What operators read about publications (R17, R18, R21): the history, and one partner's two
//! publications compared line by line (a late invoice shows up as a row added).

use std::collections::BTreeMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::KpiPoints;
use lpc_store::{Publication, PublicationRecord, PublishedRow};
use serde::Serialize;

use crate::{Actor, App, AppError};

/// Every publication, newest first (up to `limit`), with who published it; and the date of
/// the publication due today (the latest 15th on or before today, R17).
pub async fn history(
    app: &App,
    actor: &Actor,
    limit: u32,
) -> Result<(Vec<PublicationRecord>, Date), AppError> {
    actor.authorize(Action::OperateProgram)?;
    let due = calendar::publication_on_or_before(app.clock().today());
    Ok((app.store().publication_history(limit).await?, due))
}

/// How a line differs between the two publications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One line that differs: its key, and its row in each publication (absent on one side when
/// added or removed).
#[derive(Debug, Clone, Serialize)]
pub struct LineDiff {
    pub change: Change,
    pub document_type: DocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub a: Option<PublishedRow>,
    pub b: Option<PublishedRow>,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub publication: Publication,
    pub lines: usize,
    /// In all (caps applied), as published.
    pub kpi_value: KpiPoints,
    /// Per OMLP type, caps applied, as published.
    pub by_omlp_type: BTreeMap<String, KpiPoints>,
}

/// A partner's two publications side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub partner_id: MpnId,
    pub a: Side,
    pub b: Side,
    /// Lines that differ, by document, number and line.
    pub lines: Vec<LineDiff>,
    /// Lines present and equal in both.
    pub unchanged: usize,
}

type Key = (DocumentType, String, u32);

fn key(r: &PublishedRow) -> Key {
    (r.document_type, r.document_number.clone(), r.line_number)
}

async fn side(app: &App, partner: MpnId, on: Date) -> Result<(Side, Vec<PublishedRow>), AppError> {
    let Some(publication) = app.store().publication(on).await? else {
        return Err(AppError::invalid(
            "date",
            format!("R17: no report was published on {on}"),
        ));
    };
    let rows = app.store().published_rows(on, partner).await?;
    let mut side = Side {
        publication,
        lines: rows.len(),
        kpi_value: KpiPoints::ZERO,
        by_omlp_type: BTreeMap::new(),
    };
    for total in app.store().published_totals(on, partner).await? {
        match total.omlp_type {
            Some(t) => {
                side.by_omlp_type.insert(t, total.kpi);
            }
            None => side.kpi_value = total.kpi,
        }
    }
    Ok((side, rows))
}

/// Compares what `partner`'s reports published on `a` and `b` held (operators only): totals,
/// and every line added, removed or changed from `a` to `b`.
pub async fn compare(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    a: Date,
    b: Date,
) -> Result<Comparison, AppError> {
    actor.authorize(Action::OperateProgram)?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::invalid(
            "partner",
            format!("partner {partner} is not registered"),
        ));
    }
    let (side_a, rows_a) = side(app, partner, a).await?;
    let (side_b, rows_b) = side(app, partner, b).await?;
    let mut by_key: BTreeMap<Key, (Option<PublishedRow>, Option<PublishedRow>)> = BTreeMap::new();
    for r in rows_a {
        let k = key(&r);
        by_key.entry(k).or_default().0 = Some(r);
    }
    for r in rows_b {
        let k = key(&r);
        by_key.entry(k).or_default().1 = Some(r);
    }
    let mut lines = Vec::new();
    let mut unchanged = 0;
    for ((document_type, document_number, line_number), (ra, rb)) in by_key {
        let change = match (&ra, &rb) {
            (Some(_), None) => Change::Removed,
            (None, Some(_)) => Change::Added,
            (Some(x), Some(y)) if x == y => {
                unchanged += 1;
                continue;
            }
            _ => Change::Changed,
        };
        lines.push(LineDiff {
            change,
            document_type,
            document_number,
            line_number,
            a: ra,
            b: rb,
        });
    }
    Ok(Comparison {
        partner_id: partner,
        a: side_a,
        b: side_b,
        lines,
        unchanged,
    })
}
