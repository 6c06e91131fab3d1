//! Who the demo is about: the hand-made partners and their admin logins, the pending claim
//! (R31), the name stems of generated partners, and the actors (R1) the demo's use cases run
//! as.

use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, MpnId, Role};

use super::invalid_demo;
use crate::{Actor, AppError};

/// The hand-made demo partners: (MPN ID, name, country, admin login).
pub(super) const PARTNERS: [(u64, &str, &str, &str); 8] = [
    (
        4_100_001,
        "Sakura Learning K.K.",
        "JP",
        "admin@sakura-learning.example",
    ),
    (
        4_100_002,
        "Fuji Cloud Academy",
        "JP",
        "admin@fuji-academy.example",
    ),
    (
        3_900_001,
        "Formazione Aurora S.r.l.",
        "IT",
        "admin@aurora-formazione.example",
    ),
    (
        3_900_002,
        "Milano Tech Training",
        "IT",
        "admin@milanotech.example",
    ),
    (
        1_000_001,
        "Contoso Learning",
        "US",
        "admin@contoso-learning.example",
    ),
    (
        2_700_001,
        "Fabrikam Schulungen GmbH",
        "DE",
        "admin@fabrikam-schulungen.example",
    ),
    (
        5_500_001,
        "Tailspin Treinamentos",
        "BR",
        "admin@tailspin.example",
    ),
    (
        9_100_001,
        "Northwind Skills India",
        "IN",
        "admin@northwind-skills.example",
    ),
];

/// The demo's pending claim (R31): an organization signed up for, its claimant's address
/// confirmed, waiting in the console for an operator.
pub(super) const CLAIMED: (u64, &str, &str, &str) = (
    4_100_077,
    "Nihon Skills Lab",
    "JP",
    "owner@nihon-skills.example",
);

/// Countries and name stems for generated demo partners.
pub(super) const GENERATED_NAMES: [(&str, &str); 10] = [
    ("JP", "Kyoto IT Gakuin"),
    ("JP", "Osaka Cloud Juku"),
    ("IT", "Roma Formazione Digitale"),
    ("IT", "Torino Academy"),
    ("US", "Lakeside Learning"),
    ("GB", "Thames Training"),
    ("FR", "Lumiere Formation"),
    ("ES", "Aula Nube"),
    ("AU", "Southern Cross Skills"),
    ("CA", "Maple Tech Learning"),
];

/// A partner admin of a hand-made partner, acting on the web (R1).
pub(super) fn admin_of(id: u64) -> Result<Actor, AppError> {
    let email = PARTNERS
        .iter()
        .find(|p| p.0 == id)
        .map(|p| p.3)
        .ok_or_else(|| invalid_demo(format!("no demo partner {id}")))?;
    user(email, Role::MpnPartnerAdmin, Some(mpn(id)?))
}

pub(super) fn user(email: &str, role: Role, partner: Option<MpnId>) -> Result<Actor, AppError> {
    Ok(Actor::User {
        email: Email::parse(email).map_err(invalid_demo)?,
        grants: vec![RoleGrant::new(role, partner).map_err(invalid_demo)?],
    })
}

pub(super) fn mpn(id: u64) -> Result<MpnId, AppError> {
    MpnId::parse(&id.to_string()).map_err(invalid_demo)
}
