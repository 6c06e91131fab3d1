//! What eligibility reads about every partner, in four queries (the what-if of a draft rule
//! set over all partners, R14).

use crate::{EligibilityBulk, ExamPass, StoreError, Trainer};
use jiff::civil::Date;

use crate::sql::db::{Backend, Db};
use crate::sql::decode;
use crate::sql::query::sql;

/// Every trainer, the exam passes since `since`, every guideline acceptance, and the KPI totals
/// of the publication made on `published_on` (none without one).
pub async fn read(
    backend: &impl Backend,
    since: Date,
    published_on: Option<Date>,
) -> Result<EligibilityBulk, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(sql(
            "SELECT mct_id, partner_id, name, email, valid_from, valid_until FROM trainers
             ORDER BY partner_id, mct_id",
        ))
        .await?;
    let trainers = rows
        .iter()
        .map(|row| {
            let text = |col: &str| row.get::<String>(col);
            Ok(Trainer {
                mct_id: text("mct_id")?,
                partner_id: decode::mpn_id(row.get("partner_id")?)?,
                name: text("name")?,
                email: decode::email(&text("email")?)?,
                valid_from: decode::date(&text("valid_from")?)?,
                valid_until: decode::date(&text("valid_until")?)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows = db
        .fetch_all(
            sql("SELECT partner_id, person_email, exam_code, passed_on FROM exam_passes
                 WHERE passed_on >= $1::date ORDER BY partner_id, passed_on, exam_code, person_email")
            .bind(since.to_string()),
        )
        .await?;
    let exam_passes = rows
        .iter()
        .map(|row| {
            Ok(ExamPass {
                partner_id: decode::mpn_id(row.get("partner_id")?)?,
                person_email: decode::email(&row.get::<String>("person_email")?)?,
                exam_code: row.get("exam_code")?,
                passed_on: decode::date(&row.get::<String>("passed_on")?)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows: Vec<(i64, String)> = db
        .fetch_all_as(sql(
            "SELECT partner_id, version FROM guideline_acceptances ORDER BY partner_id, version",
        ))
        .await?;
    let acceptances = rows
        .into_iter()
        .map(|(partner, version)| Ok((decode::mpn_id(partner)?, version)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut kpi_totals = Vec::new();
    if let Some(published_on) = published_on {
        let rows: Vec<(String,)> = db
            .fetch_all_as(
                sql("SELECT totals FROM publication_partner_totals
                     WHERE published_on = $1::date ORDER BY first_partner")
                .bind(published_on.to_string()),
            )
            .await?;
        for (totals,) in rows {
            kpi_totals.extend(crate::publishing::chunk_points(&totals)?);
        }
    }
    Ok(EligibilityBulk {
        trainers,
        exam_passes,
        acceptances,
        kpi_totals,
    })
}
