//! The story of the KPI ledger: invoice lines stored once, a line stored with other values
//! refusing its whole batch.

use jiff::civil::date;
use lpc_domain::invoice::DocumentType;

use super::SharedStore;
use super::fixtures::{all_events, counts, draft, line, mpn};
use crate::error::StoreError;

pub async fn invoice_lines_are_stored_once_and_a_conflict_refuses_the_batch(store: SharedStore) {
    let audit = draft("invoices.import", "file:a.csv".into());
    let mut credit = line("CN-77", 1_234_567, date(2020, 2, 3), -2);
    credit.document_type = DocumentType::CreditNote;
    credit.corrects_document = Some("INV-1001".into());
    let file = vec![line("INV-1001", 1_234_567, date(2020, 1, 20), 10), credit];
    assert_eq!(
        store
            .import_invoice_lines(&file, &audit)
            .await
            .expect("import"),
        counts(2, 0, 0)
    );
    let mut again = file.clone();
    again[0].source_line = 99; // where a line sits in a file is not part of it
    assert_eq!(
        store
            .import_invoice_lines(&again, &audit)
            .await
            .expect("again"),
        counts(0, 0, 2)
    );
    assert_eq!(
        store.invoice_partner("INV-1001").await.expect("read"),
        Some(mpn(1_234_567))
    );
    assert_eq!(
        store.invoice_partner("CN-77").await.expect("read"),
        None,
        "a credit note is not an invoice"
    );

    let mut changed = line("INV-1001", 1_234_567, date(2020, 1, 20), 11);
    changed.source_line = 5;
    let batch = vec![line("INV-2000", 1_234_567, date(2020, 3, 1), 1), changed];
    let err = store
        .import_invoice_lines(&batch, &audit)
        .await
        .expect_err("the same key with other values");
    assert!(
        matches!(err, StoreError::Conflict(ref m) if m.contains("invoice INV-1001 line 1")),
        "{err}"
    );
    assert_eq!(
        store.invoice_partner("INV-2000").await.expect("read"),
        None,
        "nothing of the refused batch"
    );
    assert_eq!(all_events(&store).await.len(), 1);
}
