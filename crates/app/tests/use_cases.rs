//! Use cases through `App`, on a throwaway SQLite database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::sync::Arc;

use jiff::civil::date;
use lpc_app::partners::{self, PartnerForm};
use lpc_app::users::{self, NewAccount};
use lpc_app::{Actor, App, AppError, FixedClock, audit, demo};
use lpc_domain::Email;

async fn app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let store = lpc_store_sqlite::open(&url).await.unwrap();
    (
        App::new(
            Arc::new(store),
            Arc::new(FixedClock {
                today: date(2026, 11, 21),
            }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        ),
        dir,
    )
}

fn form(id: &str, name: &str, country: &str) -> PartnerForm {
    PartnerForm {
        mpn_id: id.into(),
        name: name.into(),
        country: country.into(),
        contact_email: String::new(),
    }
}

#[tokio::test]
async fn bad_partner_fields_are_refused_naming_the_field() {
    for (f, field) in [
        (form("12a", "X", "JP"), "id"),
        (form("123", "", "JP"), "name"),
        (form("123", "X", "XX"), "country"),
    ] {
        match f.parse() {
            Err(AppError::Invalid { field: got, .. }) => assert_eq!(got, field),
            other => panic!("expected a refusal of {field}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn r1_a_partner_admin_may_add_users_to_its_own_organization_only() {
    let (app, _dir) = app().await;
    let local = Actor::local();
    partners::add(
        &app,
        &local,
        form("1000001", "Contoso", "US").parse().unwrap(),
    )
    .await
    .unwrap();
    partners::add(
        &app,
        &local,
        form("1000002", "Fabrikam", "JP").parse().unwrap(),
    )
    .await
    .unwrap();
    let admin = users::add(
        &app,
        &local,
        NewAccount::parse(
            "admin@contoso.example",
            "mpn_partner_admin",
            Some("1000001"),
            "long enough pw".into(),
        )
        .unwrap(),
    )
    .await
    .unwrap();
    let as_admin = Actor::User {
        email: admin.email.clone(),
        grants: admin.grants.clone(),
    };
    let own = NewAccount::parse(
        "m@contoso.example",
        "member",
        Some("1000001"),
        "long enough pw".into(),
    )
    .unwrap();
    users::add(&app, &as_admin, own).await.unwrap();
    let other = NewAccount::parse(
        "m@fabrikam.example",
        "member",
        Some("1000002"),
        "long enough pw".into(),
    )
    .unwrap();
    let err = users::add(&app, &as_admin, other).await.unwrap_err();
    assert!(
        matches!(err, AppError::Denied(ref m) if m.starts_with("R1")),
        "{err}"
    );
    // Nor may a partner admin create program staff, nor register partners.
    let op = NewAccount::parse(
        "op@contoso.example",
        "operator",
        None,
        "long enough pw".into(),
    )
    .unwrap();
    assert!(matches!(
        users::add(&app, &as_admin, op).await,
        Err(AppError::Denied(_))
    ));
    let p = form("1000003", "Sneaky", "IT").parse().unwrap();
    assert!(matches!(
        partners::add(&app, &as_admin, p).await,
        Err(AppError::Denied(_))
    ));
}

#[tokio::test]
async fn users_sign_in_with_their_password_only() {
    let (app, _dir) = app().await;
    let local = Actor::local();
    let account = NewAccount::parse(
        "ops@lpc.example",
        "operator",
        None,
        "correct horse battery".into(),
    )
    .unwrap();
    users::add(&app, &local, account).await.unwrap();
    let email = Email::parse("OPS@lpc.example").unwrap();
    assert!(
        users::authenticate(&app, &email, "correct horse battery".into())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        users::authenticate(&app, &email, "wrong".into())
            .await
            .unwrap()
            .is_none()
    );
    let nobody = Email::parse("nobody@lpc.example").unwrap();
    assert!(
        users::authenticate(&app, &nobody, "correct horse battery".into())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_demo_seeds_an_empty_database_once_with_japan_and_italy() {
    let (app, _dir) = app().await;
    let first = demo::seed(&app, 20, 1).await.unwrap();
    assert!(first.seeded);
    assert_eq!(first.partners, 20);
    let all = app.store().partners().await.unwrap();
    for country in ["JP", "IT", "US"] {
        assert!(
            all.iter().any(|p| p.country.as_str() == country),
            "a demo partner in {country}"
        );
    }
    // Every printed login works.
    for login in &first.logins {
        let email = Email::parse(&login.email).unwrap();
        assert!(
            users::authenticate(&app, &email, login.password.clone())
                .await
                .unwrap()
                .is_some(),
            "{}",
            login.email
        );
    }
    // Fuji's bank transfer awaits an operator with its proof, a real (tiny) PDF (R29).
    let fuji = lpc_domain::MpnId::parse("4100002").unwrap();
    let orders = app.store().orders_of(fuji).await.unwrap();
    assert_eq!(orders.len(), 1);
    let proofs = app.store().payment_proofs(orders[0].id).await.unwrap();
    assert_eq!(proofs.len(), 1);
    assert_eq!(proofs[0].content_type, "application/pdf");
    let second = demo::seed(&app, 20, 1).await.unwrap();
    assert!(!second.seeded, "a database with data is left alone");
    // Every partner and login, the trainers, exams and invoices imports, four guideline
    // acceptances and 25 monthly publications, then the memberships and cases: seven orders,
    // one proof of payment, one lapse, six cases opened, five decided and one comment; each
    // audited in one intact chain.
    let memberships_and_cases = 7 + 1 + 1 + 6 + 5 + 1;
    // The pending claim (R31) is one event for its organization and its claimant; each
    // directory listing (issue 16: the public directory is not empty) a request and its
    // approval.
    let listings = app.store().directory_listings(false).await.unwrap();
    assert!(listings.len() >= 2, "{listings:?}");
    // R32: five documents published, two of them in a second language, and one announcement.
    let documents = app.store().resource_documents(true).await.unwrap();
    assert_eq!(documents.len(), 5, "{documents:?}");
    let resources = 5 + 2 + 1;
    let expected = (20 + first.logins.len() - 1
        + 3
        + 4
        + 25
        + memberships_and_cases
        + 2 * listings.len()
        + resources) as i64;
    assert_eq!(
        audit::verify(&app).await.unwrap(),
        audit::Verdict::Intact {
            events: expected,
            publications: 25
        }
    );
}

/// Partners read are kept in memory (every signed-in page reads one), but a partner that was
/// not found is asked for again: another server may register it any moment.
#[tokio::test]
async fn a_partner_registered_by_another_server_is_found_at_once() {
    let (first, dir) = app().await;
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let second = App::new(
        Arc::new(lpc_store_sqlite::open(&url).await.unwrap()),
        Arc::new(FixedClock {
            today: date(2026, 11, 21),
        }),
        Arc::new(lpc_app::rule_files::embedded().unwrap()),
    );
    let local = Actor::local();
    let mpn = lpc_domain::MpnId::parse("1000009").unwrap();
    assert!(matches!(
        partners::get(&second, &local, mpn).await,
        Err(AppError::NotFound(_))
    ));
    partners::add(
        &first,
        &local,
        form("1000009", "Fabrikam", "IT").parse().unwrap(),
    )
    .await
    .unwrap();
    for _ in 0..2 {
        let found = partners::get(&second, &local, mpn).await.unwrap();
        assert_eq!(found.name.as_str(), "Fabrikam");
    }
}
