//! The stories of the operators' histories: import runs recorded once and listed newest first,
//! publications listed newest first with who published them.

use jiff::Timestamp;
use jiff::ToSpan;
use jiff::civil::{Date, date};

use super::SharedStore;
use super::fixtures::{add_partner, all_events, draft, line, plan};
use crate::audit::verify;
use crate::error::StoreError;

fn import_record(id: &str, kind: &str, minutes: i64, state: &str) -> crate::rows::ImportRecord {
    let started_at = Timestamp::from_second(1_800_000_000 + minutes * 60).expect("time");
    crate::rows::ImportRecord {
        id: id.to_owned(),
        kind: kind.to_owned(),
        file_name: format!("{id}.csv"),
        started_at,
        finished_at: started_at + 3.seconds(),
        by: "operator@program.example".to_owned(),
        state: state.to_owned(),
        rows: 12,
        stored: if state == "done" { 11 } else { 0 },
        unchanged: 1,
        invoices: 4,
        credit_notes: 1,
        partners: 2,
        refused: if state == "done" { 0 } else { 1 },
    }
}

pub async fn imports_are_recorded_once_and_listed_newest_first(store: SharedStore) {
    assert!(store.import_history(10).await.expect("read").is_empty());
    let refused = import_record("job-a", "invoices", 0, "failed");
    let stored = import_record("job-b", "invoices", 5, "done");
    let trainers = import_record("job-c", "trainers", 9, "done");
    for r in [&refused, &stored, &trainers] {
        store
            .record_import(r, &draft("import.record", format!("import:{}", r.id)))
            .await
            .expect("recorded");
    }
    let again = store
        .record_import(&stored, &draft("import.record", "import:job-b".into()))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "an import is recorded once: {again:?}"
    );
    let history = store.import_history(10).await.expect("read");
    assert_eq!(history, vec![trainers.clone(), stored, refused]);
    assert_eq!(store.import_history(1).await.expect("read"), vec![trainers]);
    let events = all_events(&store).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "import.record")
            .count(),
        3,
        "each recorded import audited once, the refused second record not at all"
    );
    verify(&events).expect("intact chain");
}

pub async fn publications_are_listed_newest_first_with_who_published_them(store: SharedStore) {
    assert!(
        store
            .publication_history(10)
            .await
            .expect("read")
            .is_empty()
    );
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    store
        .import_invoice_lines(
            &[line("INV-1", 1_234_567, date(2019, 5, 5), 3)],
            &draft("invoices.import", "file:x".into()),
        )
        .await
        .expect("import");
    let mut by_operator = draft("publication.publish", "publication:2020-01-15".into());
    by_operator.actor = "operator@program.example".to_owned();
    let january = store
        .publish(&plan(date(2020, 1, 15), None), &by_operator)
        .await
        .expect("published");
    let february = store
        .publish(
            &plan(date(2020, 2, 15), Some(((2019, 1), (2019, 12)))),
            &draft("publication.publish", "publication:2020-02-15".into()),
        )
        .await
        .expect("published");
    let history = store.publication_history(10).await.expect("read");
    let seen: Vec<(Date, Option<&str>)> = history
        .iter()
        .map(|r| (r.publication.published_on, r.published_by.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (date(2020, 2, 15), Some("story")),
            (date(2020, 1, 15), Some("operator@program.example")),
        ]
    );
    assert_eq!(history[0].publication, february);
    assert_eq!(history[1].publication, january);
    assert_eq!(store.publication_history(1).await.expect("read").len(), 1);
}
