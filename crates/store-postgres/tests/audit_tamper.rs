//! The audit chain on PostgreSQL refuses in-place edits, and catches them once the guard is
//! removed by someone with direct database access.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use jiff::Timestamp;
use lpc_domain::{CountryCode, MpnId, PartnerName};
use lpc_store::audit::verify;
use lpc_store::{AuditDraft, NewPartner, PartnerStore, ProgramStore};

#[tokio::test]
async fn an_edited_audit_row_is_refused_then_detected() {
    support::with_store("audit_tamper", |store| async move {
        for n in 1..=3u64 {
            let partner = NewPartner {
                mpn_id: MpnId::parse(&format!("{}", 4_000_000 + n)).unwrap(),
                name: PartnerName::parse("Tamper Test").unwrap(),
                country: CountryCode::parse("IT").unwrap(),
                contact_email: None,
                verification: lpc_store::Verification::Verified,
            };
            let draft = AuditDraft::new(
                "test",
                "partner.add",
                format!("partner:{n}"),
                Timestamp::now(),
                serde_json::json!({}),
            );
            store.add_partner(&partner, &draft).await.unwrap();
        }
        let refused = sqlx::query("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")
            .execute(store.pool())
            .await;
        assert!(refused.is_err(), "the append-only trigger refuses updates");

        sqlx::query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            .execute(store.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")
            .execute(store.pool())
            .await
            .unwrap();
        let events = store.audit_page(0, 100).await.unwrap();
        assert_eq!(verify(&events).unwrap_err().seq, 2);
    })
    .await;
}
