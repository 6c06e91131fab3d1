//! The builders and checks the stories share: MPN IDs, partners, users and audit drafts, the
//! whole audit chain, import counts, invoice lines and publication plans, orders and what
//! paying them does (R29), and support case decisions (R22).

use jiff::Timestamp;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use lpc_domain::access::RoleGrant;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_domain::{CountryCode, Email, LearningOption, MpnId, PartnerName};

use super::SharedStore;
use crate::audit::{AuditDraft, AuditEvent, verify};
use crate::error::StoreError;
use crate::publishing::PublicationPlan;
use crate::rows::{
    CaseState, CaseStateChange, ImportCounts, InvoiceLine, NewKpiAdjustment, NewOrder, NewPartner,
    NewUser, Order, OrderEffect, OrderPurpose, PaymentMethod,
};

pub(super) fn mpn(n: u64) -> MpnId {
    MpnId::parse(&n.to_string()).expect("story MPN IDs are valid")
}

pub(super) fn partner(n: u64, name: &str, country: &str) -> NewPartner {
    NewPartner {
        mpn_id: mpn(n),
        name: PartnerName::parse(name).expect("story names are valid"),
        country: CountryCode::parse(country).expect("story countries are valid"),
        contact_email: None,
        verification: crate::Verification::Verified,
    }
}

pub(super) fn draft(action: &str, subject: String) -> AuditDraft {
    AuditDraft::new(
        "story",
        action,
        subject,
        Timestamp::now(),
        serde_json::json!({ "story": true }),
    )
}

pub(super) async fn add_partner(store: &SharedStore, n: u64, name: &str, country: &str) {
    let p = partner(n, name, country);
    store
        .add_partner(&p, &draft("partner.add", format!("partner:{n}")))
        .await
        .expect("partner added");
}

pub(super) fn user(email: &str, grants: Vec<RoleGrant>) -> NewUser {
    NewUser {
        email: Email::parse(email).expect("story emails are valid"),
        // Stores keep the hash opaque; hashing is `app`'s job.
        password_hash: format!("$argon2id$story${email}"),
        grants,
        email_confirmed: true,
    }
}

pub(super) async fn all_events(store: &SharedStore) -> Vec<AuditEvent> {
    let mut events = Vec::new();
    loop {
        let after = events.last().map_or(0, |e: &AuditEvent| e.seq);
        let page = store.audit_page(after, 3).await.expect("audit page");
        if page.is_empty() {
            return events;
        }
        events.extend(page);
    }
}

pub(super) fn counts(added: u64, updated: u64, unchanged: u64) -> ImportCounts {
    ImportCounts {
        added,
        updated,
        unchanged,
    }
}

pub(super) fn line(number: &str, partner: u64, on: Date, units: i64) -> InvoiceLine {
    InvoiceLine {
        document_type: DocumentType::Invoice,
        document_number: number.to_owned(),
        line_number: 1,
        corrects_document: None,
        partner_id: mpn(partner),
        document_date: on,
        omlp_type: "moc".to_owned(),
        product_sku: "20764-C".to_owned(),
        purchase_units: units,
        revenue: Money::new(units * 12_500, Currency::parse("USD").expect("USD")),
        kpi: KpiPoints::from_thousandths(units * 1000),
        source_line: 2,
    }
}

/// The plan of a publication; what it publishes late, it derives from the publications
/// before it.
pub(super) fn plan(
    published_on: Date,
    _previous_period: Option<((i16, i8), (i16, i8))>,
) -> PublicationPlan {
    let period = lpc_domain::calendar::period_of_publication(published_on);
    PublicationPlan {
        published_on,
        period,
        rules: None,
        published_at: Timestamp::now()
            .round(jiff::Unit::Microsecond)
            .expect("round"),
    }
}

pub(super) fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::USD)
}

/// An order created on `created`, payable for 30 days (R29).
pub(super) fn order(
    partner: u64,
    purpose: OrderPurpose,
    option: LearningOption,
    competency: Option<&str>,
    method: PaymentMethod,
    created: Date,
) -> NewOrder {
    NewOrder {
        partner_id: mpn(partner),
        purpose,
        option,
        competency: competency.map(str::to_owned),
        membership_id: None,
        fee: usd(190_000),
        discount: usd(0),
        payment_method: method,
        created_on: created,
        expires_on: created.saturating_add(31.days()),
        created_by: "user:admin@contoso.example".to_owned(),
        guidelines_version: Some("FY26-1.0".to_owned()),
    }
}

pub(super) fn enrollment(
    partner: u64,
    option: LearningOption,
    competency: Option<&str>,
    method: PaymentMethod,
    created: Date,
) -> NewOrder {
    order(
        partner,
        OrderPurpose::Enrollment,
        option,
        competency,
        method,
        created,
    )
}

/// The effect of paying an enrollment on `on`: a membership with its anniversary a year on.
pub(super) fn start(option: LearningOption, competency: Option<&str>, on: Date) -> OrderEffect {
    OrderEffect::StartMembership {
        option,
        competency: competency.map(str::to_owned),
        started_on: on,
        anniversary_date: on.saturating_add(1.year()),
    }
}

/// Enrolls by card, paid at once; returns the order (linked to its new membership).
pub(super) async fn enroll_by_card(
    store: &SharedStore,
    partner: u64,
    option: LearningOption,
    competency: Option<&str>,
    on: Date,
) -> Order {
    store
        .create_order(
            &enrollment(partner, option, competency, PaymentMethod::Card, on),
            Some((on, start(option, competency, on))),
            &draft("order.create", format!("partner:{partner}")),
        )
        .await
        .expect("paid by card")
}

pub(super) async fn assert_chain_intact(store: &SharedStore) -> usize {
    let events = all_events(store).await;
    assert_eq!(verify(&events), Ok(events.len() as i64));
    events.len()
}

pub(super) fn is_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::Conflict(_)))
}

pub(super) fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound(_)))
}

pub(super) fn discrepancy() -> serde_json::Value {
    serde_json::json!({
        "month": 5, "year": 2025, "omlp_type": "moc", "purchase_unit": 10,
        "invoice_number": "INV-1001", "kpi_value": "10", "revenue_value": "1250.00"
    })
}

pub(super) fn resolve(
    adjustment: Option<NewKpiAdjustment>,
    grant: Option<(i64, Date)>,
) -> CaseStateChange {
    CaseStateChange {
        state: CaseState::Resolved,
        message: Some("accepted on the invoice".to_owned()),
        decided_by: "user:agent@program.example".to_owned(),
        adjustment,
        grant_access: grant,
    }
}

pub(super) fn adjustment() -> NewKpiAdjustment {
    NewKpiAdjustment {
        year: 2025,
        month: 5,
        omlp_type: "moc".to_owned(),
        invoice_number: "INV-1001".to_owned(),
        purchase_units: 10,
        kpi: KpiPoints::from_thousandths(10_000),
        revenue: usd(125_000),
        created_on: date(2025, 7, 2),
    }
}
