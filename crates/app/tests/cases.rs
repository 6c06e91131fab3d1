//! Support cases through `App` on a throwaway SQLite database (R5, R13, R21, R22, R27).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use lpc_app::cases::{self, CaseRequest, Decision};
use lpc_app::{Actor, App, AppError, FixedClock, mail, publications};
use lpc_domain::access::RoleGrant;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_domain::{CountryCode, Email, LearningOption, MpnId, PartnerName, Role};
use lpc_store::{
    AuditDraft, CaseKind, CaseState, InvoiceLine, NewOrder, NewPartner, OrderEffect, OrderPurpose,
    PaymentMethod, Store,
};

struct World {
    store: Arc<dyn Store>,
    rules: Arc<lpc_domain::RuleBook>,
    _dir: tempfile::TempDir,
}

impl World {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
        let store: Arc<dyn Store> = Arc::new(lpc_store_sqlite::open(&url).await.unwrap());
        Self {
            store,
            rules: Arc::new(lpc_app::rule_files::embedded().unwrap()),
            _dir: dir,
        }
    }

    /// The app as it runs on `today`.
    fn on(&self, today: Date) -> App {
        App::new(
            self.store.clone(),
            Arc::new(FixedClock { today }),
            self.rules.clone(),
        )
    }

    async fn partner(&self, n: &str) -> MpnId {
        let mpn = MpnId::parse(n).unwrap();
        self.store
            .add_partner(
                &NewPartner {
                    mpn_id: mpn,
                    name: PartnerName::parse("Contoso").unwrap(),
                    country: CountryCode::parse("US").unwrap(),
                    contact_email: None,
                    verification: lpc_store::Verification::Verified,
                },
                &draft("partner.add"),
            )
            .await
            .unwrap();
        mpn
    }
}

fn draft(action: &str) -> AuditDraft {
    AuditDraft::new(
        "test",
        action,
        "test".to_owned(),
        jiff::Timestamp::now(),
        serde_json::json!({}),
    )
}

fn user(email: &str, role: Role, partner: Option<MpnId>) -> Actor {
    Actor::User {
        email: Email::parse(email).unwrap(),
        grants: vec![RoleGrant::new(role, partner).unwrap()],
    }
}

fn agent() -> Actor {
    user("agent@program.example", Role::SupportAgent, None)
}

/// R21's seven fields and the evidence, as a partner copies them from its dashboard.
fn claim(invoice: &str, units: &str, kpi: &str, revenue: &str) -> BTreeMap<String, String> {
    [
        ("month", "1"),
        ("year", "2020"),
        ("omlp_type", "moc"),
        ("purchase_units", units),
        ("invoice_number", invoice),
        ("kpi_value", kpi),
        ("revenue_value", revenue),
        ("currency", "USD"),
        ("evidence_document_type", "invoice"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn discrepancy(partner: MpnId, fields: BTreeMap<String, String>) -> CaseRequest {
    CaseRequest {
        partner_id: partner,
        kind: CaseKind::KpiDiscrepancy,
        fields,
    }
}

/// Partner 1234567 with INV-1001 (January 2020, 10 moc units) published on 15 February 2020.
async fn published_world() -> (World, MpnId) {
    let world = World::new().await;
    let partner = world.partner("1234567").await;
    let line = InvoiceLine {
        document_type: lpc_domain::invoice::DocumentType::Invoice,
        document_number: "INV-1001".to_owned(),
        line_number: 1,
        corrects_document: None,
        partner_id: partner,
        document_date: date(2020, 1, 20),
        omlp_type: "moc".to_owned(),
        product_sku: "20764-C".to_owned(),
        purchase_units: 10,
        revenue: Money::new(125_000, Currency::parse("USD").unwrap()),
        kpi: KpiPoints::whole(10),
        source_line: 2,
    };
    world
        .store
        .import_invoice_lines(&[line], &draft("invoices.import"))
        .await
        .unwrap();
    let app = world.on(date(2020, 2, 15));
    publications::publish(&app, &Actor::local()).await.unwrap();
    (world, partner)
}

fn invalid_fields(result: Result<impl std::fmt::Debug, AppError>) -> (String, String) {
    match result {
        Err(AppError::Invalid { field, message }) => (field, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn r22_a_discrepancy_missing_any_of_the_seven_fields_is_refused_naming_each() {
    let (world, partner) = published_world().await;
    let app = world.on(date(2020, 2, 20));
    let admin = user("admin@contoso.example", Role::Member, Some(partner));
    for missing in [
        "month",
        "year",
        "omlp_type",
        "purchase_units",
        "invoice_number",
        "kpi_value",
        "revenue_value",
        "currency",
        "evidence_document_type",
    ] {
        let mut fields = claim("INV-1001", "12", "12", "1500.00");
        fields.remove(missing);
        let (field, message) =
            invalid_fields(cases::open(&app, &admin, discrepancy(partner, fields)).await);
        assert_eq!(field, missing, "{message}");
        assert!(message.starts_with("R22"), "{message}");
    }
    // All at once, each named.
    let mut fields = claim("INV-1001", "12", "12", "1500.00");
    fields.remove("month");
    fields.remove("invoice_number");
    fields.insert("kpi_value".into(), "lots".into());
    let (field, message) =
        invalid_fields(cases::open(&app, &admin, discrepancy(partner, fields)).await);
    assert_eq!(field, "month, invoice_number, kpi_value", "{message}");
    // Bad values name their field.
    for (key, value) in [
        ("month", "13"),
        ("omlp_type", "webinar"),
        ("purchase_units", "1.5"),
        ("currency", "XXX"),
    ] {
        let mut fields = claim("INV-1001", "12", "12", "1500.00");
        fields.insert(key.into(), value.into());
        let (field, _) =
            invalid_fields(cases::open(&app, &admin, discrepancy(partner, fields)).await);
        assert_eq!(field, key);
    }
    assert!(world.store.cases(None, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn r13_an_order_confirmation_or_partner_report_is_no_evidence() {
    let (world, partner) = published_world().await;
    let app = world.on(date(2020, 2, 20));
    for evidence in ["order_confirmation", "partner_report"] {
        let mut fields = claim("INV-1001", "12", "12", "1500.00");
        fields.insert("evidence_document_type".into(), evidence.into());
        let (field, message) =
            invalid_fields(cases::open(&app, &Actor::local(), discrepancy(partner, fields)).await);
        assert_eq!(field, "evidence_document_type");
        assert!(message.contains("R13"), "{message}");
    }
}

#[tokio::test]
async fn r22_an_accepted_discrepancy_adds_the_claim_less_what_is_published() {
    let (world, partner) = published_world().await;
    let app = world.on(date(2020, 2, 20));
    let admin = user("admin@contoso.example", Role::Member, Some(partner));
    let case = cases::open(
        &app,
        &admin,
        discrepancy(partner, claim("INV-1001", "12", "12", "1500.00")),
    )
    .await
    .unwrap();
    assert_eq!(case.state, CaseState::Open);
    // The agent sees the stored line, the published row and what accepting adds.
    let view = cases::show(&app, &agent(), case.id).await.unwrap();
    let evidence = view.evidence.unwrap();
    assert_eq!(evidence.invoice_lines.len(), 1);
    assert_eq!(evidence.published_rows.len(), 1);
    let proposed = evidence.proposed_adjustment.unwrap();
    assert_eq!(
        (
            proposed.purchase_units,
            proposed.kpi_value,
            proposed.revenue_value.as_str()
        ),
        (2, KpiPoints::whole(2), "250.00")
    );
    // A partner's user may not decide.
    assert!(matches!(
        cases::decide(
            &app,
            &admin,
            case.id,
            Decision {
                state: CaseState::Resolved,
                message: None,
                points: None
            }
        )
        .await,
        Err(AppError::Denied(_))
    ));
    let decided = cases::decide(
        &app,
        &agent(),
        case.id,
        Decision {
            state: CaseState::Resolved,
            message: None,
            points: None,
        },
    )
    .await
    .unwrap();
    let adjustment = decided.adjustment.unwrap();
    assert_eq!(adjustment.kpi, KpiPoints::whole(2));
    assert_eq!(adjustment.published_on, None);
    assert_eq!(
        decided.case.decided_by.as_deref(),
        Some("user:agent@program.example")
    );
    // The next publication includes it; the dashboard shows the partner's invoice number.
    let next = world.on(date(2020, 3, 15));
    publications::publish(&next, &Actor::local()).await.unwrap();
    let report = publications::kpi_report(&next, &admin, partner)
        .await
        .unwrap();
    assert_eq!(report.totals.kpi_value, KpiPoints::whole(12));
    let row = report
        .rows
        .iter()
        .find(|r| r.adjustment_case_id == Some(case.id))
        .unwrap();
    assert_eq!(row.invoice_number, "INV-1001");
    assert_eq!(row.kpi_value, KpiPoints::whole(2));
    // The opener was told, once, through the outbox.
    let outbox = world.store.outbox(10).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to.to_string(), "admin@contoso.example");
}

#[tokio::test]
async fn r22_rejecting_needs_a_message_and_a_decision_stands() {
    let (world, partner) = published_world().await;
    let app = world.on(date(2020, 2, 20));
    let case = cases::open(
        &app,
        &Actor::local(),
        discrepancy(partner, claim("INV-1001", "12", "12", "1500.00")),
    )
    .await
    .unwrap();
    let reject = |message: Option<&str>| Decision {
        state: CaseState::Rejected,
        message: message.map(str::to_owned),
        points: None,
    };
    let (field, message) =
        invalid_fields(cases::decide(&app, &agent(), case.id, reject(None)).await);
    assert_eq!(field, "message");
    assert!(message.starts_with("R22"));
    invalid_fields(cases::decide(&app, &agent(), case.id, reject(Some("  "))).await);
    let rejected = cases::decide(
        &app,
        &agent(),
        case.id,
        reject(Some("R13: an order confirmation is not an invoice")),
    )
    .await
    .unwrap();
    assert_eq!(rejected.case.state, CaseState::Rejected);
    let before = world.store.case(case.id).await.unwrap();
    let events = world.store.audit_page(0, 1000).await.unwrap().len();
    let again = cases::decide(
        &app,
        &agent(),
        case.id,
        Decision {
            state: CaseState::Resolved,
            message: None,
            points: Some(KpiPoints::whole(5)),
        },
    )
    .await;
    match again {
        Err(AppError::Conflict(m)) => assert!(m.contains("already rejected"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(world.store.case(case.id).await.unwrap(), before);
    assert!(
        world
            .store
            .kpi_adjustments(None, false)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(world.store.audit_page(0, 1000).await.unwrap().len(), events);
}

#[tokio::test]
async fn r5_resolving_account_profile_setup_grants_marketplace_access() {
    let world = World::new().await;
    let partner = world.partner("1000001").await;
    let today = date(2025, 8, 1);
    let app = world.on(today);
    let admin = user(
        "admin@contoso.example",
        Role::MpnPartnerAdmin,
        Some(partner),
    );
    // No Action Pack yet: nothing to set up.
    let request = CaseRequest {
        partner_id: partner,
        kind: CaseKind::AccountProfileSetup,
        fields: BTreeMap::new(),
    };
    let (field, message) = invalid_fields(cases::open(&app, &admin, request.clone()).await);
    assert_eq!(field, "membership_id");
    assert!(message.starts_with("R5"));
    let order = NewOrder {
        partner_id: partner,
        purpose: OrderPurpose::Enrollment,
        option: LearningOption::ActionPack,
        competency: None,
        membership_id: None,
        fee: Money::new(47_500, Currency::parse("USD").unwrap()),
        discount: Money::new(0, Currency::parse("USD").unwrap()),
        payment_method: PaymentMethod::Card,
        created_on: today,
        expires_on: today.saturating_add(30.days()),
        created_by: "user:admin@contoso.example".to_owned(),
        guidelines_version: None,
    };
    let effect = OrderEffect::StartMembership {
        option: LearningOption::ActionPack,
        competency: None,
        started_on: today,
        anniversary_date: today.saturating_add(1.year()),
    };
    let paid = world
        .store
        .create_order(&order, Some((today, effect)), &draft("order.create"))
        .await
        .unwrap();
    let membership = paid.membership_id.unwrap();
    // What the enrollment calls after the purchase; calling it again opens nothing new.
    let case = cases::open_account_profile_setup(&app, &admin, partner, membership)
        .await
        .unwrap();
    let same = cases::open(&app, &admin, request).await.unwrap();
    assert_eq!(same.id, case.id);
    assert_eq!(case.membership_id, Some(membership));
    let decided = cases::decide(
        &app,
        &agent(),
        case.id,
        Decision {
            state: CaseState::Resolved,
            message: None,
            points: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(decided.marketplace_access_on, Some(today));
    let stored = world.store.membership(membership).await.unwrap().unwrap();
    assert_eq!(stored.marketplace_access_on, Some(today));
}

#[tokio::test]
async fn r27_directory_cases_check_name_country_and_url() {
    let world = World::new().await;
    let partner = world.partner("1000001").await;
    let app = world.on(date(2025, 8, 1));
    let request = |url: &str, country: &str| CaseRequest {
        partner_id: partner,
        kind: CaseKind::DirectoryMissing,
        fields: [
            ("name", "Contoso Learning"),
            ("country", country),
            ("landing_page_url", url),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
    };
    let (field, _) = invalid_fields(
        cases::open(
            &app,
            &Actor::local(),
            request("ftp://contoso.example", "US"),
        )
        .await,
    );
    assert_eq!(field, "landing_page_url");
    let (field, _) = invalid_fields(
        cases::open(&app, &Actor::local(), request("javascript:alert(1)", "ZZ")).await,
    );
    assert_eq!(field, "country, landing_page_url");
    let case = cases::open(
        &app,
        &Actor::local(),
        request("https://contoso.example/microsoft", "US"),
    )
    .await
    .unwrap();
    assert_eq!(case.details["country"], "US");
    // Another partner's user neither opens nor sees it (not found, not forbidden).
    let other = user(
        "x@fabrikam.example",
        Role::MpnPartnerAdmin,
        Some(MpnId::parse("2").unwrap()),
    );
    assert!(matches!(
        cases::open(&app, &other, request("https://x.example", "US")).await,
        Err(AppError::Denied(_))
    ));
    assert!(matches!(
        cases::show(&app, &other, case.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        cases::comment(&app, &other, case.id, "hello").await,
        Err(AppError::NotFound(_))
    ));
    assert!(
        cases::list(&app, &other, None, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_outbox_queues_a_key_once_and_holds_mail_without_smtp() {
    let world = World::new().await;
    let app = world.on(date(2025, 8, 1));
    let to = Email::parse("admin@contoso.example").unwrap();
    assert!(
        mail::queue(&app, "k:1", &to, "Hello", "Body")
            .await
            .unwrap()
    );
    assert!(
        !mail::queue(&app, "k:1", &to, "Hello again", "Body")
            .await
            .unwrap()
    );
    let delivery = mail::deliver_pending(&app).await.unwrap();
    assert_eq!(
        delivery,
        mail::Delivery {
            sent: 0,
            failed: 0,
            held: 1
        }
    );
    let outbox = mail::list(&app, &Actor::local(), 10).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].subject, "Hello");
    assert_eq!(outbox[0].sent_at, None);
    // An unreachable SMTP server: the attempt is recorded and the mail kept.
    let smtp = app.clone().with_mail(lpc_app::MailSettings {
        smtp_url: Some("smtp://127.0.0.1:9".to_owned()),
        from: None,
    });
    let delivery = mail::deliver_pending(&smtp).await.unwrap();
    assert_eq!(delivery.failed, 1);
    let outbox = mail::list(&app, &Actor::local(), 10).await.unwrap();
    assert_eq!((outbox[0].attempts, outbox[0].sent_at), (1, None));
    assert!(outbox[0].last_error.is_some());
}
