//! Committed batches and the figures the console reads from them, not from the lines.

use std::collections::BTreeMap;

use jiff::Timestamp;
use lpc_domain::calendar::YearMonth;
use serde::{Deserialize, Serialize};

use crate::error::StoreError;

/// A committed batch as its row records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchRecord {
    pub id: i64,
    pub import_id: String,
    pub committed_at: Timestamp,
    pub lines: u64,
    pub unchanged: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub partners: u64,
    /// Newly stored lines of registered partners, by month.
    pub months: BTreeMap<YearMonth, u64>,
}

/// The month histogram as a batch row stores it: `{"2020-01": 120, ...}`.
pub fn months_json(months: &BTreeMap<YearMonth, u64>) -> String {
    let map: BTreeMap<String, u64> = months
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(m, n)| (m.to_string(), *n))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
}

pub fn months_from_json(text: &str) -> Result<BTreeMap<YearMonth, u64>, StoreError> {
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Months(BTreeMap<YearMonth, u64>);
    serde_json::from_str::<Months>(text)
        .map(|m| m.0)
        .map_err(|e| StoreError::corrupt(format!("stored batch months {text:?}: {e}")))
}

/// The console's "late lines waiting" (R17, R18): lines of registered partners that batches
/// committed after the latest publication's cut-off hold, dated from the first publication's
/// period start to the latest period's end; the next publication publishes them late.
/// Read from the batches' month histograms, never from the lines.
pub fn late_lines_waiting(
    batches_after_cutoff: &[BatchRecord],
    from: YearMonth,
    until: YearMonth,
) -> u64 {
    batches_after_cutoff
        .iter()
        .flat_map(|b| b.months.range(from..=until).map(|(_, n)| *n))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i16, m: i8) -> YearMonth {
        YearMonth::new(y, m).expect("month")
    }

    #[test]
    fn months_round_trip_and_waiting_lines_count_the_range() {
        let months = BTreeMap::from([
            (month(2019, 12), 3),
            (month(2020, 1), 5),
            (month(2020, 2), 7),
        ]);
        let text = months_json(&months);
        assert_eq!(text, r#"{"2019-12":3,"2020-01":5,"2020-02":7}"#);
        assert_eq!(months_from_json(&text).expect("read"), months);
        let batch = BatchRecord {
            id: 1,
            import_id: "x".into(),
            committed_at: Timestamp::UNIX_EPOCH,
            lines: 15,
            unchanged: 0,
            invoices: 1,
            credit_notes: 0,
            partners: 1,
            months,
        };
        assert_eq!(
            late_lines_waiting(std::slice::from_ref(&batch), month(2019, 1), month(2020, 1)),
            8
        );
        assert_eq!(
            late_lines_waiting(&[batch.clone(), batch], month(2020, 2), month(2020, 2)),
            14
        );
        assert!(months_from_json("[]").is_err());
    }
}
