//! R31 in the use cases: what an unverified organization may not see or do, for whom, and
//! the daily job that releases MPN IDs held by addresses nobody confirmed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use lpc_app::accounts::{self, SignUp, SignUpMail, SignedUp};
use lpc_app::{Actor, App, AppError, Clock, claims};
use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};
use lpc_store::{NewPartner, Verification};

/// A clock standing at one instant (the program's date follows it, in UTC).
#[derive(Debug)]
struct At(Timestamp);

impl Clock for At {
    fn today(&self) -> jiff::civil::Date {
        self.0.to_zoned(jiff::tz::TimeZone::UTC).date()
    }
    fn now(&self) -> Timestamp {
        self.0
    }
}

async fn app_at(url: &str, at: Timestamp) -> App {
    let store = lpc_store_sqlite::open(url).await.unwrap();
    App::new(
        Arc::new(store),
        Arc::new(At(at)),
        Arc::new(lpc_app::rule_files::embedded().unwrap()),
    )
}

fn mpn(text: &str) -> MpnId {
    MpnId::parse(text).unwrap()
}

async fn sign_up(app: &App, id: &str, email: &str) -> SignedUp {
    let form = SignUp {
        partner: NewPartner {
            mpn_id: mpn(id),
            name: PartnerName::parse("Claimed Learning").unwrap(),
            country: CountryCode::parse("IT").unwrap(),
            contact_email: None,
            verification: Verification::Verified, // the use case decides: unverified
        },
        email: Email::parse(email).unwrap(),
        password: "a long enough password".into(),
    };
    let compose = |mail: SignUpMail<'_>| match mail {
        SignUpMail::Confirm { token, .. } => ("confirm".to_owned(), format!("/confirm/{token}")),
        other => (format!("{other:?}"), String::new()),
    };
    accounts::sign_up(app, form, &compose).await.unwrap()
}

fn claimant(id: &str, email: &str) -> Actor {
    Actor::User {
        email: Email::parse(email).unwrap(),
        grants: vec![RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(id))).unwrap()],
    }
}

#[tokio::test]
async fn a_sign_up_claims_an_unverified_organization_whatever_the_form_says() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let app = app_at(&url, Timestamp::now()).await;
    assert_eq!(
        sign_up(&app, "8800001", "a@claim.example").await,
        SignedUp::Claimed
    );
    let partner = app.store().partner(mpn("8800001")).await.unwrap().unwrap();
    assert_eq!(partner.verification, Verification::Unverified);
    assert_eq!(partner.contact_email.unwrap().as_str(), "a@claim.example");
    assert_eq!(
        sign_up(&app, "8800001", "b@claim.example").await,
        SignedUp::MpnRegistered
    );
    assert_eq!(
        sign_up(&app, "8800002", "a@claim.example").await,
        SignedUp::AccountExists
    );

    // The claimant reads trainers, but no KPIs and no eligibility, and enrolls in nothing.
    let who = claimant("8800001", "a@claim.example");
    lpc_app::trainers::of_partner(&app, &who, mpn("8800001"))
        .await
        .unwrap();
    for refused in [
        lpc_app::publications::kpi_report(&app, &who, mpn("8800001"))
            .await
            .err(),
        lpc_app::eligibility::of_partner(&app, &who, mpn("8800001"))
            .await
            .err(),
    ] {
        let e = refused.expect("refused");
        assert!(claims::is_withheld(&e), "{e}");
    }
    // Program staff read everything (they decide the claim), but enroll no unverified one.
    lpc_app::publications::kpi_report(&app, &Actor::local(), mpn("8800001"))
        .await
        .unwrap();
    let e = lpc_app::enrollment::enroll(
        &app,
        &Actor::local(),
        mpn("8800001"),
        lpc_domain::LearningOption::ActionPack,
        None,
        true,
        lpc_store::PaymentMethod::Card,
    )
    .await
    .unwrap_err();
    assert!(claims::is_withheld(&e), "{e}");

    // Approved: the same calls answer.
    claims::approve(&app, &Actor::local(), mpn("8800001"))
        .await
        .unwrap();
    lpc_app::publications::kpi_report(&app, &who, mpn("8800001"))
        .await
        .unwrap();
    assert!(matches!(
        claims::approve(&app, &Actor::local(), mpn("8800001")).await,
        Err(AppError::Conflict(_))
    ));
    // Only operators decide.
    assert!(matches!(
        claims::approve(&app, &who, mpn("8800001")).await,
        Err(AppError::Denied(_))
    ));
}

#[tokio::test]
async fn claims_nobody_confirmed_are_dropped_after_eight_days_and_no_sooner() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let start = Timestamp::from_second(1_798_000_000).unwrap();
    let app = app_at(&url, start).await;
    sign_up(&app, "8800011", "never@claim.example").await;
    sign_up(&app, "8800012", "confirmed@claim.example").await;
    lpc_app::accounts::confirm_by_program(
        &app,
        &Actor::local(),
        &Email::parse("confirmed@claim.example").unwrap(),
    )
    .await
    .unwrap();
    let days = SignedDuration::from_hours(24 * claims::UNCONFIRMED_CLAIM_DAYS);
    let minute = SignedDuration::from_mins(1);

    let before = app_at(&url, start + days - minute).await;
    let released = claims::drop_unconfirmed(&before, &Actor::Scheduler)
        .await
        .unwrap();
    assert!(released.is_empty(), "{released:?}");

    let after = app_at(&url, start + days + minute).await;
    let released = claims::drop_unconfirmed(&after, &Actor::Scheduler)
        .await
        .unwrap();
    assert_eq!(released, vec![mpn("8800011")]);
    let dropped = after
        .store()
        .partner(mpn("8800011"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dropped.verification, Verification::Rejected);
    let kept = after
        .store()
        .partner(mpn("8800012"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        kept.verification,
        Verification::Unverified,
        "waits for an operator"
    );
    // Its MPN ID is free for its real owner.
    assert_eq!(
        sign_up(&after, "8800011", "owner@real.example").await,
        SignedUp::Claimed
    );
    // Run again the same day: nothing more.
    assert!(
        claims::drop_unconfirmed(&after, &Actor::Scheduler)
            .await
            .unwrap()
            .is_empty()
    );
}
