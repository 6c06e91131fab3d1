//! The program's announcements (R32): published, changed before their start and withdrawn
//! with their audit events; read per day (without what a user dismissed); mailed once to
//! every partner admin, in batches of users.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};
use crate::{
    Announcement, AnnouncementDraft, AnnouncementMail, AnnouncementText, AuditDraft, StoreError,
};

/// The columns [`header`] decodes.
const COLUMNS: &str = "a.id, a.starts_on, a.ends_on, a.created_by, a.created_at, a.updated_at, \
                       a.withdrawn_at, a.mailed_at";

/// An announcement's row, without its texts (filled by [`with_texts`]).
fn header(row: &Row) -> Result<Announcement, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    Ok(Announcement {
        id: row.get("id")?,
        starts_on: decode::date(&text("starts_on")?)?,
        ends_on: decode::opt_date(row.get("ends_on")?)?,
        created_by: text("created_by")?,
        created_at: decode::timestamp(&text("created_at")?)?,
        updated_at: decode::timestamp(&text("updated_at")?)?,
        withdrawn_at: decode::opt_timestamp(row.get("withdrawn_at")?)?,
        mailed_at: decode::opt_timestamp(row.get("mailed_at")?)?,
        texts: Vec::new(),
    })
}

/// `rows` decoded, each with its language versions (English first, then `ja`, `it`).
async fn with_texts(db: &mut impl Db, rows: &[Row]) -> Result<Vec<Announcement>, StoreError> {
    let mut found = rows.iter().map(header).collect::<Result<Vec<_>, _>>()?;
    if found.is_empty() {
        return Ok(found);
    }
    // One placeholder per announcement: the callers read a bounded number of them.
    let list = (1..=found.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut query = sql(format!(
        "SELECT announcement_id, lang, title, body FROM announcement_texts
         WHERE announcement_id IN ({list})
         ORDER BY announcement_id, CASE lang WHEN 'en' THEN 0 WHEN 'ja' THEN 1 ELSE 2 END"
    ));
    for a in &found {
        query = query.bind(a.id);
    }
    let texts: Vec<(i64, String, String, String)> = db.fetch_all_as(query).await?;
    for (id, lang, title, body) in texts {
        if let Some(a) = found.iter_mut().find(|a| a.id == id) {
            a.texts.push(AnnouncementText { lang, title, body });
        }
    }
    Ok(found)
}

/// Announcement `id` read in `db` (a transaction sees its own changes).
async fn one(db: &mut impl Db, id: i64) -> Result<Option<Announcement>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!(
                "SELECT {COLUMNS} FROM announcements a WHERE a.id = $1"
            ))
            .bind(id),
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(with_texts(db, &[row]).await?.pop())
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound(format!("announcement {id} does not exist"))
}

/// Writes `draft`'s language versions of announcement `id` (after its old ones are gone).
async fn insert_texts(
    tx: &mut impl Db,
    id: i64,
    draft: &AnnouncementDraft,
) -> Result<(), StoreError> {
    for t in &draft.texts {
        tx.execute(
            sql(
                "INSERT INTO announcement_texts (announcement_id, lang, title, body)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&t.lang)
            .bind(&t.title)
            .bind(&t.body),
        )
        .await?;
    }
    Ok(())
}

pub async fn add(
    backend: &impl Backend,
    draft: &AnnouncementDraft,
    audit: &AuditDraft,
) -> Result<Announcement, StoreError> {
    let mut tx = backend.write().await?;
    let at = audit.at.to_string();
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO announcements (starts_on, ends_on, created_by, created_at, updated_at)
                 VALUES ($1::date, $2::date, $3, $4::timestamptz, $4::timestamptz) RETURNING id",
            )
            .bind(draft.starts_on.to_string())
            .bind(draft.ends_on.map(|d| d.to_string()))
            .bind(&audit.actor)
            .bind(&at),
        )
        .await?;
    insert_texts(&mut tx, id, draft).await?;
    let mut audit = audit.with_detail("announcement_id", id);
    audit.subject = format!("announcement:{id}");
    audit_log::append(&mut tx, &audit).await?;
    let stored = one(&mut tx, id).await?.ok_or_else(|| not_found(id))?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn edit(
    backend: &impl Backend,
    id: i64,
    draft: &AnnouncementDraft,
    today: Date,
    audit: &AuditDraft,
) -> Result<Announcement, StoreError> {
    let mut tx = backend.write().await?;
    let current = one(&mut tx, id).await?.ok_or_else(|| not_found(id))?;
    if current.withdrawn_at.is_some() {
        return Err(StoreError::Conflict(format!(
            "announcement {id} was withdrawn: it can no longer be changed (R32)"
        )));
    }
    if current.starts_on <= today {
        return Err(StoreError::Conflict(format!(
            "announcement {id} started on {}: what partners may have read is not rewritten; \
             withdraw it and publish another (R32)",
            current.starts_on
        )));
    }
    tx.execute(
        sql(
            "UPDATE announcements SET starts_on = $1::date, ends_on = $2::date,
                 updated_at = $3::timestamptz
             WHERE id = $4",
        )
        .bind(draft.starts_on.to_string())
        .bind(draft.ends_on.map(|d| d.to_string()))
        .bind(audit.at.to_string())
        .bind(id),
    )
    .await?;
    tx.execute(sql("DELETE FROM announcement_texts WHERE announcement_id = $1").bind(id))
        .await?;
    insert_texts(&mut tx, id, draft).await?;
    audit_log::append(&mut tx, &audit.with_detail("announcement_id", id)).await?;
    let stored = one(&mut tx, id).await?.ok_or_else(|| not_found(id))?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn withdraw(
    backend: &impl Backend,
    id: i64,
    today: Date,
    audit: &AuditDraft,
) -> Result<Announcement, StoreError> {
    let mut tx = backend.write().await?;
    let current = one(&mut tx, id).await?.ok_or_else(|| not_found(id))?;
    if current.withdrawn_at.is_some() {
        return Err(StoreError::Conflict(format!(
            "announcement {id} was withdrawn already (R32)"
        )));
    }
    if let Some(end) = current.ends_on.filter(|end| *end < today) {
        return Err(StoreError::Conflict(format!(
            "announcement {id} ended on {end}: there is nothing to withdraw (R32)"
        )));
    }
    let at = audit.at.to_string();
    tx.execute(
        sql(
            "UPDATE announcements SET ends_on = $1::date, withdrawn_at = $2::timestamptz,
                 updated_at = $2::timestamptz
             WHERE id = $3",
        )
        .bind(today.to_string())
        .bind(&at)
        .bind(id),
    )
    .await?;
    // Its mails not sent yet are recalled; one a server is sending now (its lease is
    // running) still goes.
    let recalled = tx
        .execute(
            sql("DELETE FROM outbox WHERE sent_at IS NULL
                   AND (lease_until IS NULL OR lease_until <= $1)
                   AND substr(dedup_key, 1, length($2)) = $2")
            .bind(audit.at.as_second())
            .bind(AnnouncementMail::dedup_key(id, "")),
        )
        .await?;
    let audit = audit
        .with_detail("announcement_id", id)
        .with_detail("ends_on", today.to_string())
        .with_detail("mails_recalled", recalled);
    audit_log::append(&mut tx, &audit).await?;
    let stored = one(&mut tx, id).await?.ok_or_else(|| not_found(id))?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn get(backend: &impl Backend, id: i64) -> Result<Option<Announcement>, StoreError> {
    one(&mut backend.read().await?, id).await
}

pub async fn newest(backend: &impl Backend, limit: u32) -> Result<Vec<Announcement>, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM announcements a ORDER BY a.id DESC LIMIT $1"
            ))
            .bind(limit),
        )
        .await?;
    with_texts(&mut db, &rows).await
}

/// The filter of the announcements shown on day `$1`.
const ACTIVE: &str = "a.withdrawn_at IS NULL AND a.starts_on <= $1::date \
                      AND (a.ends_on IS NULL OR a.ends_on >= $1::date)";

pub async fn active(
    backend: &impl Backend,
    day: Date,
    user: Option<i64>,
    limit: u32,
) -> Result<Vec<Announcement>, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM announcements a
                 WHERE {ACTIVE}
                   AND NOT EXISTS (SELECT 1 FROM announcement_dismissals d
                                   WHERE d.announcement_id = a.id AND d.user_id = $2)
                 ORDER BY a.starts_on DESC, a.id DESC LIMIT $3"
            ))
            .bind(day.to_string())
            .bind(user)
            .bind(limit),
        )
        .await?;
    with_texts(&mut db, &rows).await
}

pub async fn dismiss(
    backend: &impl Backend,
    id: i64,
    user: i64,
    at: Timestamp,
) -> Result<bool, StoreError> {
    // Not audited: one statement, its own transaction.
    let mut db = backend.plain_write().await?;
    let exists: Option<(i64,)> = db
        .fetch_optional_as(sql("SELECT id FROM announcements WHERE id = $1").bind(id))
        .await?;
    if exists.is_none() {
        return Err(not_found(id));
    }
    let done = db
        .execute(
            sql("INSERT INTO announcement_dismissals (user_id, announcement_id, dismissed_at)
                 VALUES ($1, $2, $3::timestamptz) ON CONFLICT (user_id, announcement_id) DO NOTHING")
            .bind(user)
            .bind(id)
            .bind(at.to_string()),
        )
        .await?;
    Ok(done == 1)
}

pub async fn to_mail(backend: &impl Backend, day: Date) -> Result<Vec<Announcement>, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM announcements a
                 WHERE {ACTIVE} AND a.mailed_at IS NULL ORDER BY a.id"
            ))
            .bind(day.to_string()),
        )
        .await?;
    with_texts(&mut db, &rows).await
}

/// The languages a mail may be in besides English, as the `users.locale` column stores them.
const OTHER_LANGS: [&str; 2] = ["ja", "it"];

/// `CASE u.locale WHEN 'ja' THEN $n ... ELSE $m END` choosing one of `mail`'s texts per
/// admin, with the placeholders from `next` on, and the arguments in their order.
fn by_locale(
    mail: &AnnouncementMail,
    next: &mut usize,
    pick: fn(&crate::LocalizedMail) -> &str,
) -> (String, Vec<String>) {
    let mut case = String::from("CASE u.locale");
    let mut args = Vec::new();
    for lang in OTHER_LANGS {
        if let Some(m) = mail.mails.iter().find(|m| m.lang == lang) {
            case.push_str(&format!(" WHEN '{lang}' THEN ${next}"));
            *next += 1;
            args.push(pick(m).to_owned());
        }
    }
    let english = mail
        .mails
        .iter()
        .find(|m| m.lang == "en")
        .map(|m| pick(m).to_owned())
        .unwrap_or_default();
    // English only: every admin reads it (a CASE needs at least one WHEN).
    if args.is_empty() {
        case = format!("${next}");
    } else {
        case.push_str(&format!(" ELSE ${next} END"));
    }
    *next += 1;
    args.push(english);
    (case, args)
}

pub async fn queue_mail(
    backend: &impl Backend,
    mail: &AnnouncementMail,
) -> Result<u64, StoreError> {
    if !mail.mails.iter().any(|m| m.lang == "en") {
        return Err(StoreError::internal(
            "an announcement's mail needs its English text, every admin's fallback (R32)",
        ));
    }
    let (last,): (i64,) = backend
        .read()
        .await?
        .fetch_one_as(sql("SELECT coalesce(max(id), 0) FROM users"))
        .await?;
    let mut next = 2;
    let (subject, subjects) = by_locale(mail, &mut next, |m| m.subject.as_str());
    let (body, bodies) = by_locale(mail, &mut next, |m| m.body.as_str());
    let (created, from, to, id) = (next, next + 1, next + 2, next + 3);
    // The R1 admins of organizations not rejected, with a confirmed address (R31).
    let statement = format!(
        "INSERT INTO outbox (dedup_key, to_email, subject, body, created_at)
         SELECT $1 || u.email, u.email, {subject}, {body}, ${created}::timestamptz
         FROM users u
         WHERE u.id > ${from} AND u.id <= ${to} AND u.email_confirmed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM announcements a
                           WHERE a.id = ${id} AND a.withdrawn_at IS NOT NULL)
           AND EXISTS (SELECT 1 FROM user_roles r JOIN partners p ON p.mpn_id = r.partner_id
                       WHERE r.user_id = u.id
                         AND r.role IN ('mpn_partner_admin', 'account_admin')
                         AND p.verification <> 'rejected')
         ON CONFLICT (dedup_key) DO NOTHING"
    );
    let prefix = AnnouncementMail::dedup_key(mail.announcement_id, "");
    let created_at = mail.created_at.to_string();
    let batch = i64::from(mail.batch.max(1));
    let mut queued = 0;
    let mut after = 0i64;
    while after < last {
        let upto = after.saturating_add(batch);
        let mut query = sql(statement.as_str()).bind(prefix.as_str());
        for arg in subjects.iter().chain(&bodies) {
            query = query.bind(arg.as_str());
        }
        let query = query
            .bind(created_at.as_str())
            .bind(after)
            .bind(upto)
            .bind(mail.announcement_id);
        // Each batch its own short write: no lock is held across the whole program.
        queued += backend.plain_write().await?.execute(query).await?;
        after = upto;
    }
    Ok(queued)
}

pub async fn mark_mailed(
    backend: &impl Backend,
    id: i64,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = backend
        .plain_write()
        .await?
        .execute(
            sql("UPDATE announcements SET mailed_at = $1::timestamptz
                 WHERE id = $2 AND mailed_at IS NULL")
            .bind(at.to_string())
            .bind(id),
        )
        .await?;
    Ok(done == 1)
}
