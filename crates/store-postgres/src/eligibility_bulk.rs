//! What eligibility reads about every partner, in four queries (the what-if of a draft rule
//! set over all partners, R14).

use jiff::civil::Date;
use lpc_store::{EligibilityBulk, ExamPass, StoreError, Trainer};
use sqlx::{PgPool, Row};

use crate::{db_err, decode};

pub(crate) async fn read(
    pool: &PgPool,
    since: Date,
    published_on: Option<Date>,
) -> Result<EligibilityBulk, StoreError> {
    let rows = sqlx::query(
        "SELECT mct_id, partner_id, name, email, valid_from::text AS valid_from,
                valid_until::text AS valid_until FROM trainers
         ORDER BY partner_id, mct_id",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let trainers = rows
        .iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            Ok(Trainer {
                mct_id: text("mct_id")?,
                partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
                name: text("name")?,
                email: decode::email(&text("email")?)?,
                valid_from: decode::date(&text("valid_from")?)?,
                valid_until: decode::date(&text("valid_until")?)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows = sqlx::query(
        "SELECT partner_id, person_email, exam_code, passed_on::text AS passed_on FROM exam_passes
         WHERE passed_on >= $1::date ORDER BY partner_id, passed_on, exam_code, person_email",
    )
    .bind(since.to_string())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let exam_passes = rows
        .iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            Ok(ExamPass {
                partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
                person_email: decode::email(&text("person_email")?)?,
                exam_code: text("exam_code")?,
                passed_on: decode::date(&text("passed_on")?)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT partner_id, version FROM guideline_acceptances ORDER BY partner_id, version",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let acceptances = rows
        .into_iter()
        .map(|(partner, version)| Ok((decode::mpn_id(partner)?, version)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut kpi_totals = Vec::new();
    if let Some(published_on) = published_on {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT totals FROM publication_partner_totals
             WHERE published_on = $1::date ORDER BY first_partner",
        )
        .bind(published_on.to_string())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        for (totals,) in rows {
            kpi_totals.extend(lpc_store::publishing::chunk_points(&totals)?);
        }
    }
    Ok(EligibilityBulk {
        trainers,
        exam_passes,
        acceptances,
        kpi_totals,
    })
}
