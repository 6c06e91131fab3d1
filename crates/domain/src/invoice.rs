//! Courseware Marketplace documents and the KPI points their lines earn (R12, R13, R14, R20).

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::points::KpiPoints;
use crate::rules::RuleBook;

/// The documents that count (R13): invoices, and credit notes that reduce them; and, in
/// published reports only, the KPI adjustments accepted discrepancy cases add (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Invoice,
    CreditNote,
    /// A KPI adjustment of an accepted `kpi_discrepancy` case (R22). Never imported: it is
    /// written by the publication from the case, so [`DocumentType::parse`] (the CSV cell)
    /// refuses it; stored publication rows are read with [`DocumentType::from_stored`].
    Adjustment,
}

impl DocumentType {
    /// Parses a `document_type` cell; order confirmations and partner reports are refused
    /// with R13, anything else as unknown.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "invoice" => Ok(Self::Invoice),
            "credit_note" => Ok(Self::CreditNote),
            "order_confirmation" | "partner_report" => Err(format!(
                "R13: only actual invoices count; {} is not an invoice and is refused",
                text.replace('_', " ")
            )),
            "adjustment" => Err(
                "R22: adjustments are added by accepted KPI discrepancy cases, never imported; \
                 must be invoice or credit_note"
                    .to_owned(),
            ),
            _ => Err("must be invoice or credit_note".to_owned()),
        }
    }

    /// Reads a document type a store wrote, adjustments included (publication rows, R22).
    pub fn from_stored(text: &str) -> Result<Self, String> {
        match text {
            "adjustment" => Ok(Self::Adjustment),
            other => Self::parse(other),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::CreditNote => "credit_note",
            Self::Adjustment => "adjustment",
        }
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The KPI points a line earns: by the rule set in force on its document date (R14), from
/// its OMLP type and purchase units alone (R12, R20). Credit notes have negative units and
/// so earn negative points, which reduce the invoice they correct (R13).
pub fn line_points(
    book: &RuleBook,
    document_date: Date,
    omlp_type: &str,
    units: i64,
) -> Result<KpiPoints, String> {
    let rules = book.in_force_on(document_date).ok_or_else(|| {
        format!(
            "R14: no rule set is in force on {document_date}, so the line earns no defined points"
        )
    })?;
    rules.line_points(omlp_type, units).ok_or_else(|| {
        format!(
            "R12: {omlp_type:?} is not an OMLP type of rule set {} (in force on {document_date})",
            rules.name
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r13_order_confirmations_and_partner_reports_are_refused_naming_r13() {
        assert_eq!(DocumentType::parse("invoice"), Ok(DocumentType::Invoice));
        assert_eq!(
            DocumentType::parse("credit_note"),
            Ok(DocumentType::CreditNote)
        );
        for refused in ["order_confirmation", "partner_report"] {
            assert!(DocumentType::parse(refused).unwrap_err().starts_with("R13"));
        }
        // R22: adjustment rows come from cases, never from a file; stores read them back.
        assert!(
            DocumentType::parse("adjustment")
                .unwrap_err()
                .starts_with("R22")
        );
        assert_eq!(
            DocumentType::from_stored("adjustment"),
            Ok(DocumentType::Adjustment)
        );
        assert!(
            !DocumentType::parse("receipt")
                .unwrap_err()
                .starts_with("R13")
        );
    }
}
