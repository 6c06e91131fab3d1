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
    // Rows of one file that name the same MCT for the same partner must agree; the first
    // line of each is remembered to name it in the refusal.
    let mut seen: HashMap<(MpnId, String), (u64, Trainer)> = HashMap::new();
    let mut rows = 0;
    let parse = |r: &csv_rows::Record<'_>| -> Result<(), RowError> {
        let trainer = parse_row(r)?;
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
