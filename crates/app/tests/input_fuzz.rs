//! Random and mutated input to the readers of outside files (issue 15): the invoices CSV
//! through the real import, and rule files through the loader. Whatever the bytes, nothing
//! panics, nothing is half-stored, and every refusal names where it is: a line and a column
//! (or, for a rule file, a line or a field).
//!
//! Cases per property: 64 in CI; `PROPTEST_CASES=20000 cargo test -p
//! lpc-app --test input_fuzz` for a longer run by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::sync::Arc;

use jiff::civil::date;
use lpc_app::{Actor, App, AppError, FixedClock, invoices};
use proptest::prelude::*;

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";
const VALID: &str = "invoice,INV-1,,1234567,2026-01-20,1,moc,20764-C,10,1250.00,USD\n\
credit_note,CN-1,INV-1,1234567,2026-01-22,1,moc,20764-C,-2,-250.00,USD\n\
invoice,INV-2,,7654321,2026-02-03,1,labs_online,LAB-1,4,80.00,EUR\n";

/// One edit of a file: replace, insert or delete a byte at a position (taken modulo the
/// length), or cut the file there.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to CSV and to our rules, and any byte at all.
    let byte = prop_oneof![
        prop::sample::select(vec![
            b',', b'"', b'\n', b'\r', b'-', b'=', b' ', b'0', b'9', 0xE2, 0x80, 0x8B
        ]),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        if bytes.is_empty() {
            break;
        }
        let at = |i: &usize| i % bytes.len();
        match e {
            Edit::Replace(i, b) => {
                let i = at(i);
                bytes[i] = *b;
            }
            Edit::Insert(i, b) => {
                let i = at(i);
                bytes.insert(i, *b);
            }
            Edit::Delete(i) => {
                let i = at(i);
                bytes.remove(i);
            }
            Edit::Cut(i) => {
                let i = at(i);
                bytes.truncate(i);
            }
        }
    }
    bytes
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn app(dir: &tempfile::TempDir) -> App {
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let store = lpc_store_sqlite::open(&url).await.unwrap();
    App::new(
        Arc::new(store),
        Arc::new(FixedClock {
            today: date(2026, 3, 1),
        }),
        Arc::new(lpc_app::rule_files::embedded().unwrap()),
    )
}

/// Imports `bytes` whole: either stored whole or refused naming every fault's place.
async fn import_checked(app: &App, bytes: Vec<u8>) {
    let before = invoices::ledger(app, &Actor::local(), 1)
        .await
        .unwrap()
        .lines;
    let outcome = invoices::import(
        app,
        &Actor::local(),
        "fuzz.csv",
        std::io::Cursor::new(bytes),
        false,
        |_| {},
        |_| {},
    )
    .await;
    let after = invoices::ledger(app, &Actor::local(), 1)
        .await
        .unwrap()
        .lines;
    match outcome {
        Ok(done) => assert_eq!(after - before, done.lines, "what it says it stored"),
        Err(AppError::Rows { errors, .. }) => {
            assert_eq!(after, before, "a refused file stores nothing");
            assert!(!errors.is_empty());
            for e in &errors {
                // Line 0 is only the "and N more" summary of a long refusal.
                assert!(e.line >= 1 || e.column == "(file)", "{e}");
                assert!(!e.column.is_empty(), "{e}");
                assert!(e.value.chars().count() <= 80, "echoed whole: {e}");
            }
        }
        Err(other) => panic!("neither stored nor refused by row: {other}"),
    }
}

proptest! {
    // 64 cases unless PROPTEST_CASES says (each case is an import into a fresh database).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_mutated_invoices_file_is_stored_whole_or_refused_by_line_and_column(
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let bytes = apply(format!("{HEADER}{VALID}").into_bytes(), &edits);
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            let app = app(&dir).await;
            import_checked(&app, bytes).await;
        });
    }

    #[test]
    fn random_bytes_after_a_header_are_refused_by_line_and_column(
        body in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend(body);
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            let app = app(&dir).await;
            import_checked(&app, bytes).await;
        });
    }

    #[test]
    fn a_mutated_rule_file_loads_or_names_where_it_is_wrong(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let original = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/2025-07-01.toml")).unwrap();
        let bytes = apply(original, &edits);
        let text = String::from_utf8_lossy(&bytes);
        if let Err(errors) = lpc_app::rule_files::check_text("fuzz.toml", &text) {
            prop_assert!(!errors.is_empty());
            for e in &errors {
                prop_assert_eq!(&e.file, "fuzz.toml");
                prop_assert!(e.line.is_some() || !e.field.is_empty(), "{:?}", e);
                prop_assert_eq!(e.line.is_some(), e.column.is_some(), "{:?}", e);
            }
        }
    }
}
