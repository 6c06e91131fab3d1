//! Importing and reading trainer affiliations (R4): `lpc trainers import FILE`.

use std::collections::HashMap;

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, ImportCounts, Trainer};
use serde::Serialize;

use crate::csv_rows::{self, RowError};
use crate::{Actor, App, AppError, import_file};

/// The columns of the trainers CSV (DESIGN.md).
pub const COLUMNS: &[&str] = &[
    "mct_id",
    "partner_id",
    "name",
    "email",
    "valid_from",
    "valid_until",
];

/// What a trainers import did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainersImported {
    pub file: String,
    pub rows: usize,
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// Distinct MPN IDs in the file that are not registered yet: kept, and they count once
    /// the partner registers.
    pub unregistered_partners: usize,
}

fn parse_row(r: &csv_rows::Record<'_>) -> Result<Trainer, RowError> {
    let mct_id = r.get("mct_id");
    if mct_id.is_empty() || mct_id.len() > 64 {
        return Err(r.error("mct_id", "must have 1 to 64 characters"));
    }
    let name = r.get("name");
    if name.is_empty() {
        return Err(r.error("name", "must not be empty"));
    }
    let valid_from: Date = r.parse("valid_from", csv_rows::date)?;
    let valid_until: Date = r.parse("valid_until", csv_rows::date)?;
    if valid_until < valid_from {
        return Err(r.error(
            "valid_until",
            format!("ends before valid_from {valid_from}"),
        ));
    }
    Ok(Trainer {
        mct_id: mct_id.to_owned(),
        partner_id: r.parse("partner_id", MpnId::parse)?,
        name: name.to_owned(),
        email: r.parse("email", Email::parse)?,
        valid_from,
        valid_until,
    })
}

/// Imports a trainers CSV whole or not at all (operators only). Importing the same file
/// again changes nothing; a row whose MCT is already stored for the partner with other
/// values (a renewed certification) updates it.
pub async fn import(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> Result<TrainersImported, AppError> {
    actor.authorize(Action::OperateProgram)?;
    import_rows(app, actor, file, bytes, None).await
}

/// Imports a trainers CSV for one partner from the portal (R1: its admins, or operators):
/// the same format and checks as [`import`], and every row must name that partner.
pub async fn import_for_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    file: &str,
    bytes: &[u8],
) -> Result<TrainersImported, AppError> {
    authorize_manage(actor, partner)?;
    import_rows(app, actor, file, bytes, Some(partner)).await
}

async fn import_rows(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    only: Option<MpnId>,
) -> Result<TrainersImported, AppError> {
    // Rows of one file that name the same MCT for the same partner must agree; the first
    // line of each is remembered to name it in the refusal.
    let mut seen: HashMap<(MpnId, String), (u64, Trainer)> = HashMap::new();
    let mut rows = 0;
    let parse = |r: &csv_rows::Record<'_>| -> Result<(), RowError> {
        let trainer = parse_row(r)?;
        if let Some(p) = only.filter(|p| *p != trainer.partner_id) {
            return Err(r.error(
                "partner_id",
                format!("is another partner's MPN ID (this import is for {p})"),
            ));
        }
        rows += 1;
        let key = (trainer.partner_id, trainer.mct_id.clone());
        match seen.get(&key) {
            Some((first, same)) if *same != trainer => Err(r.error(
                "mct_id",
                format!(
                    "line {first} has the same MCT for partner {} with other values",
                    trainer.partner_id
                ),
            )),
            Some(_) => Ok(()),
            None => {
                seen.insert(key, (r.line, trainer));
                Ok(())
            }
        }
    };
    csv_rows::read(bytes, COLUMNS, parse).map_err(|errors| AppError::Rows {
        file: file.to_owned(),
        errors,
    })?;
    let mut trainers: Vec<Trainer> = seen.into_values().map(|(_, t)| t).collect();
    trainers.sort_by(|a, b| (a.partner_id, &a.mct_id).cmp(&(b.partner_id, &b.mct_id)));
    let mut unregistered = 0;
    let mut partners: Vec<MpnId> = trainers.iter().map(|t| t.partner_id).collect();
    partners.dedup();
    for partner in partners {
        if app.store().partner(partner).await?.is_none() {
            unregistered += 1;
        }
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "trainers.import",
        format!("file:{file}"),
        app.clock().now(),
        serde_json::json!({ "sha256": import_file::digest(bytes), "rows": rows }),
    );
    let counts = app.store().import_trainers(&trainers, &audit).await?;
    Ok(TrainersImported {
        file: file.to_owned(),
        rows,
        counts,
        unregistered_partners: unregistered,
    })
}

/// R1: a partner's trainers and exam passes are changed by its admins (or operators).
pub(crate) fn authorize_manage(actor: &Actor, partner: MpnId) -> Result<(), AppError> {
    if actor.authorize(Action::OperateProgram).is_ok() {
        return Ok(());
    }
    actor.authorize(Action::ManageMemberships(partner))
}

/// A partner's trainers, by MCT ID (any user of the partner).
pub async fn of_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<Trainer>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    Ok(app.store().trainers_of(partner).await?)
}

/// A trainer as typed into a form: text, checked by [`add`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainerInput {
    pub mct_id: String,
    pub name: String,
    pub email: String,
    pub valid_from: String,
    pub valid_until: String,
}

/// Every problem of `input` at once, as `(column, reason)`, with the import's checks.
fn check_input(partner: MpnId, input: &TrainerInput) -> Result<Trainer, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mct_id = input.mct_id.trim();
    if mct_id.is_empty() || mct_id.len() > 64 {
        problems.push((
            "mct_id".to_owned(),
            "must have 1 to 64 characters".to_owned(),
        ));
    }
    let name = input.name.trim();
    if name.is_empty() {
        problems.push(("name".to_owned(), "must not be empty".to_owned()));
    }
    let email = Email::parse(input.email.trim())
        .map_err(|e| problems.push(("email".to_owned(), e.to_string())))
        .ok();
    let mut date_of = |column: &str, text: &str| {
        csv_rows::date(text.trim())
            .map_err(|e| problems.push((column.to_owned(), e)))
            .ok()
    };
    let valid_from = date_of("valid_from", &input.valid_from);
    let valid_until = date_of("valid_until", &input.valid_until);
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && until < from
    {
        problems.push((
            "valid_until".to_owned(),
            format!("ends before valid_from {from}"),
        ));
    }
    match (email, valid_from, valid_until) {
        (Some(email), Some(valid_from), Some(valid_until)) if problems.is_empty() => Ok(Trainer {
            mct_id: mct_id.to_owned(),
            partner_id: partner,
            name: name.to_owned(),
            email,
            valid_from,
            valid_until,
        }),
        _ => Err(problems),
    }
}

/// The refusal of a form's fields: every faulty field in `field` (`"mct_id, email"`), each
/// reason in `message` (`"mct_id must ...; email ..."`).
pub(crate) fn refuse_fields(problems: &[(String, String)]) -> AppError {
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    let reasons: Vec<String> = problems.iter().map(|(f, m)| format!("{f} {m}")).collect();
    AppError::Invalid {
        field: fields.join(", "),
        message: reasons.join("; "),
    }
}

/// Adds one trainer affiliation to a partner (R1: its admins, or operators). An MCT already
/// affiliated with the partner is refused (`mct_id ... already`): remove it first, or import
/// a file to renew it.
pub async fn add(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    input: &TrainerInput,
) -> Result<Trainer, AppError> {
    authorize_manage(actor, partner)?;
    let trainer = check_input(partner, input).map_err(|p| refuse_fields(&p))?;
    if app
        .store()
        .trainers_of(partner)
        .await?
        .iter()
        .any(|t| t.mct_id == trainer.mct_id)
    {
        return Err(refuse_fields(&[(
            "mct_id".to_owned(),
            format!(
                "{} is already affiliated with partner {partner}",
                trainer.mct_id
            ),
        )]));
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "trainer.add",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({ "mct_id": trainer.mct_id, "valid_from": trainer.valid_from,
            "valid_until": trainer.valid_until }),
    );
    app.store()
        .import_trainers(std::slice::from_ref(&trainer), &audit)
        .await?;
    Ok(trainer)
}

/// Removes one of a partner's trainers (R1: its admins, or operators).
pub async fn remove(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    mct_id: &str,
) -> Result<(), AppError> {
    authorize_manage(actor, partner)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "trainer.remove",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({ "mct_id": mct_id }),
    );
    if app.store().remove_trainer(partner, mct_id, &audit).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "MCT {mct_id} is not affiliated with partner {partner}"
        )))
    }
}

/// How many of `trainers` are active MCTs on `today` (`valid_from..=valid_until`), each
/// person counted once.
pub fn active_count(trainers: &[Trainer], today: Date) -> u32 {
    let mut ids: Vec<&str> = trainers
        .iter()
        .filter(|t| t.valid_from <= today && today <= t.valid_until)
        .map(|t| t.mct_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    u32::try_from(ids.len()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn trainer(id: &str, from: Date, until: Date) -> Trainer {
        Trainer {
            mct_id: id.into(),
            partner_id: MpnId::parse("1").unwrap(),
            name: "T".into(),
            email: Email::parse("t@x.example").unwrap(),
            valid_from: from,
            valid_until: until,
        }
    }

    #[test]
    fn r4_an_mct_counts_from_its_first_to_its_last_valid_day_inclusive() {
        let t = [trainer("A", date(2025, 1, 1), date(2025, 12, 31))];
        assert_eq!(active_count(&t, date(2024, 12, 31)), 0);
        assert_eq!(active_count(&t, date(2025, 1, 1)), 1);
        assert_eq!(active_count(&t, date(2025, 12, 31)), 1);
        assert_eq!(active_count(&t, date(2026, 1, 1)), 0);
    }
}
