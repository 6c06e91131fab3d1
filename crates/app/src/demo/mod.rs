//! The demo program: partners in several countries with their users, so that a newcomer who
//! runs `lpc serve --demo` sees a living program: memberships at every stage and support cases
//! open and decided (`seed_memberships_and_cases`). Later features extend it with what they
//! add.
//!
//! # Layout
//!
//! - this module: [`seed`], the logins it prints ([`DemoLogin`], [`DemoSummary`]) and the
//!   operator, support, partner admin and claimant accounts it makes.
//! - `cast`: the hand-made partners, the pending claim (R31), the stems of generated names
//!   and the actors the demo's use cases run as.
//! - `generator`: [`SplitMix64`], the deterministic generator (shared with the benchmark
//!   data).
//! - `trainers_and_exams`: trainers, exam passes and guideline acceptances (R4, R8-R10).
//! - `invoices`: two years of invoices and their published reports (R9, R17).
//! - `memberships`: memberships at every stage, bought through the use cases (R4, R5, R11,
//!   R28, R29).
//! - `support_cases`: today's support cases, open and decided (R13, R22).
//! - `directory_listings`: the public directory's listings (R24, R26).
//! - `resources`: the learning resources partners read (R8, R32).

mod cast;
mod directory_listings;
mod generator;
mod invoices;
mod memberships;
mod resources;
mod support_cases;
mod trainers_and_exams;

pub use generator::SplitMix64;

use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};
use lpc_store::{AuditDraft, NewPartner, NewUser};
use serde::Serialize;

use crate::{App, AppError, passwords};

use cast::{CLAIMED, GENERATED_NAMES, PARTNERS};
use directory_listings::seed_directory;
use invoices::seed_invoices_and_publications;
use memberships::seed_memberships_and_cases;
use trainers_and_exams::seed_trainers_and_exams;

/// The password of every demo login, printed with the logins.
pub const DEMO_PASSWORD: &str = "lpc-demo-2026";

/// A login printed for the newcomer.
#[derive(Debug, Clone, Serialize)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub partner: Option<String>,
}

/// What the demo seeding did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// False when the database already held data and nothing was seeded.
    pub seeded: bool,
    pub partners: usize,
    pub logins: Vec<DemoLogin>,
    /// What to look at: the memberships at every stage and the support cases, one sentence
    /// each.
    pub stages: Vec<String>,
}

fn invalid_demo(e: impl ToString) -> AppError {
    AppError::Internal(format!("demo data: {}", e.to_string()))
}

/// Seeds the demo into an empty database; does nothing to a database that holds data.
///
/// `partners` beyond the eight hand-made ones are generated from `seed`.
pub async fn seed(app: &App, partners: usize, seed: u64) -> Result<DemoSummary, AppError> {
    let store = app.store();
    if !store.is_empty().await? {
        return Ok(DemoSummary {
            seeded: false,
            partners: 0,
            logins: Vec::new(),
            stages: Vec::new(),
        });
    }
    let actor = "demo".to_owned();
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut logins = Vec::new();
    let mut count = 0;

    let mut add_user =
        async |email: &str, role: Role, partner: Option<MpnId>| -> Result<(), AppError> {
            let grant = RoleGrant::new(role, partner).map_err(invalid_demo)?;
            let user = NewUser {
                email: Email::parse(email).map_err(invalid_demo)?,
                password_hash: hash.clone(),
                grants: vec![grant],
                email_confirmed: true,
            };
            let audit = AuditDraft::new(
                actor.clone(),
                "user.add",
                format!("user:{email}"),
                app.clock().now(),
                serde_json::json!({ "role": role, "partner": partner, "demo": true }),
            );
            store.add_user(&user, &audit).await?;
            logins.push(DemoLogin {
                email: email.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                role,
                partner: partner.map(|p| p.to_string()),
            });
            Ok(())
        };

    add_user("operator@lpc.example", Role::Operator, None).await?;
    add_user("support@lpc.example", Role::SupportAgent, None).await?;

    let mut rng = SplitMix64::new(seed);
    // The hand-made partners and the pending claim count among the `partners` asked for.
    let generated = partners.saturating_sub(PARTNERS.len() + 1);
    let made = PARTNERS
        .iter()
        .map(|&(id, name, country, admin)| (id, name.to_owned(), country, Some(admin)));
    let extra = (0..generated).map(|i| {
        let (country, base) = GENERATED_NAMES[rng.below(GENERATED_NAMES.len() as u64) as usize];
        (
            6_000_000 + i as u64,
            format!("{base} {}", i + 1),
            country,
            None,
        )
    });
    for (id, name, country, admin) in made.chain(extra.collect::<Vec<_>>()) {
        let mpn_id = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
        let partner = NewPartner {
            mpn_id,
            name: PartnerName::parse(&name).map_err(invalid_demo)?,
            country: CountryCode::parse(country).map_err(invalid_demo)?,
            contact_email: None,
            verification: lpc_store::Verification::Verified,
        };
        let audit = AuditDraft::new(
            actor.clone(),
            "partner.add",
            format!("partner:{mpn_id}"),
            app.clock().now(),
            serde_json::json!({ "name": partner.name, "country": partner.country, "demo": true }),
        );
        store.add_partner(&partner, &audit).await?;
        count += 1;
        if let Some(admin) = admin {
            add_user(admin, Role::MpnPartnerAdmin, Some(mpn_id)).await?;
        }
    }
    // A reader in Japan and an account admin in Italy, to show R1's difference in powers.
    add_user(
        "member@sakura-learning.example",
        Role::Member,
        MpnId::parse("4100001").ok(),
    )
    .await?;
    add_user(
        "account@aurora-formazione.example",
        Role::AccountAdmin,
        MpnId::parse("3900001").ok(),
    )
    .await?;

    // R31: a sign-up waiting for the program (its claimant can sign in and sees why the
    // KPIs are hidden), added before the invoices so that publications include it.
    let (id, name, country, claimant) = CLAIMED;
    let mpn_id = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
    let claimant_email = Email::parse(claimant).map_err(invalid_demo)?;
    store
        .add_claim(
            &NewPartner {
                mpn_id,
                name: PartnerName::parse(name).map_err(invalid_demo)?,
                country: CountryCode::parse(country).map_err(invalid_demo)?,
                contact_email: Some(claimant_email.clone()),
                verification: lpc_store::Verification::Unverified,
            },
            &NewUser {
                email: claimant_email,
                password_hash: hash.clone(),
                grants: vec![
                    RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn_id)).map_err(invalid_demo)?,
                ],
                email_confirmed: true,
            },
            &AuditDraft::new(
                actor.clone(),
                "partner.claimed",
                format!("partner:{mpn_id}"),
                app.clock().now(),
                serde_json::json!({ "name": name, "country": country, "claimant": claimant,
                    "rule": "R31", "demo": true }),
            ),
        )
        .await?;
    count += 1;
    logins.push(DemoLogin {
        email: claimant.to_owned(),
        password: DEMO_PASSWORD.to_owned(),
        role: Role::MpnPartnerAdmin,
        partner: Some(mpn_id.to_string()),
    });

    // Before the acceptances, so that each names the guidelines document it accepts (R8).
    let operator = cast::user("operator@lpc.example", Role::Operator, None)?;
    resources::seed_resources(app, &operator).await?;
    seed_trainers_and_exams(app).await?;
    seed_invoices_and_publications(app).await?;
    let stages = seed_memberships_and_cases(app).await?;
    seed_directory(app).await?;
    // Last, so that every demo admin gets its mail (R32).
    resources::seed_announcement(app, &operator).await?;
    tracing::info!(partners = count, "demo data seeded");
    Ok(DemoSummary {
        seeded: true,
        partners: count,
        logins,
        stages,
    })
}
