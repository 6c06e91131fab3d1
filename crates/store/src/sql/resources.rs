//! The program's documents and their language versions (R8, R32).

use crate::sql::audit_log;
use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::decode;
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::{
    AuditDraft, DocumentFile, DocumentKind, DocumentSource, DocumentVersion, NewDocument,
    NewDocumentVersion, ResourceDocument, StoreError,
};

/// The most documents a list returns: the newest first.
pub const LIST_LIMIT: i64 = 500;

const DOCUMENT_COLUMNS: &str = "id, kind, version, published_at, published_by, withdrawn_at";
const VERSION_COLUMNS: &str = "document_id, lang, title, link_url, file_name, size_bytes, sha256";

fn document(row: &Row) -> Result<ResourceDocument, StoreError> {
    let kind: String = row.get("kind")?;
    let withdrawn: Option<String> = row.get("withdrawn_at")?;
    Ok(ResourceDocument {
        id: row.get("id")?,
        kind: DocumentKind::parse(&kind)
            .ok_or_else(|| StoreError::corrupt(format!("stored document kind {kind:?}")))?,
        version: row.get("version")?,
        published_at: decode::timestamp(&row.get::<String>("published_at")?)?,
        published_by: row.get("published_by")?,
        withdrawn_at: withdrawn.as_deref().map(decode::timestamp).transpose()?,
        versions: Vec::new(),
    })
}

fn version(row: &Row) -> Result<(i64, DocumentVersion), StoreError> {
    let size: Option<i64> = row.get("size_bytes")?;
    Ok((
        row.get("document_id")?,
        DocumentVersion {
            lang: row.get("lang")?,
            title: row.get("title")?,
            link_url: row.get("link_url")?,
            file_name: row.get("file_name")?,
            size_bytes: size
                .map(|s| {
                    u64::try_from(s)
                        .map_err(|_| StoreError::corrupt(format!("stored document size {s}")))
                })
                .transpose()?,
            sha256: row.get("sha256")?,
        },
    ))
}

/// English first, then Japanese, then Italian.
fn lang_order(lang: &str) -> u8 {
    match lang {
        "en" => 0,
        "ja" => 1,
        _ => 2,
    }
}

/// `documents` with their versions read from the store.
async fn with_versions(
    db: &mut impl Db,
    mut documents: Vec<ResourceDocument>,
) -> Result<Vec<ResourceDocument>, StoreError> {
    if documents.is_empty() {
        return Ok(documents);
    }
    let first = documents.iter().map(|d| d.id).min().unwrap_or_default();
    let last = documents.iter().map(|d| d.id).max().unwrap_or_default();
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {VERSION_COLUMNS} FROM resource_versions
                 WHERE document_id BETWEEN $1 AND $2"
            ))
            .bind(first)
            .bind(last),
        )
        .await?;
    for row in &rows {
        let (id, v) = version(row)?;
        if let Some(d) = documents.iter_mut().find(|d| d.id == id) {
            d.versions.push(v);
        }
    }
    for d in &mut documents {
        d.versions.sort_by_key(|v| lang_order(&v.lang));
    }
    Ok(documents)
}

async fn insert_version(
    tx: &mut impl Db,
    document_id: i64,
    new: &NewDocumentVersion,
) -> Result<(), StoreError> {
    let (link, file_name, size, content) = match &new.source {
        DocumentSource::Link(url) => (Some(url.as_str()), None, None, None),
        DocumentSource::File { file_name, content } => (
            None,
            Some(file_name.as_str()),
            Some(
                i64::try_from(content.len())
                    .map_err(|_| StoreError::Conflict("the file is too large".into()))?,
            ),
            Some(content.as_slice()),
        ),
    };
    let inserted = tx
        .execute(
            sql(
                "INSERT INTO resource_versions (document_id, lang, title, link_url, file_name,
                     size_bytes, sha256, content)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (document_id, lang) DO NOTHING",
            )
            .bind(document_id)
            .bind(&new.lang)
            .bind(&new.title)
            .bind(link)
            .bind(file_name)
            .bind(size)
            .bind(new.sha256_hex())
            .bind(content),
        )
        .await?;
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "R32: document {document_id} already has its {} version; publish a new version \
             of the document to change it",
            new.lang
        )));
    }
    Ok(())
}

/// Publishes `new` with its English version; a kind and version published before is a
/// conflict.
pub async fn publish(
    backend: &impl Backend,
    new: &NewDocument,
    audit: &AuditDraft,
) -> Result<ResourceDocument, StoreError> {
    let mut tx = backend.write().await?;
    let id: Option<(i64,)> = tx
        .fetch_optional_as(
            sql(
                "INSERT INTO resource_documents (kind, version, published_at, published_by)
                 VALUES ($1, $2, $3::timestamptz, $4)
                 ON CONFLICT (kind, version) DO NOTHING RETURNING id",
            )
            .bind(new.kind.as_str())
            .bind(&new.version)
            .bind(new.published_at.to_string())
            .bind(&new.published_by),
        )
        .await?;
    let Some((id,)) = id else {
        return Err(StoreError::Conflict(format!(
            "R32: the {} version {} is published already",
            new.kind, new.version
        )));
    };
    insert_version(&mut tx, id, &new.english).await?;
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("document_id", id)
            .with_detail("sha256", new.english.sha256_hex()),
    )
    .await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Adds a language version to document `id`.
pub async fn add_version(
    backend: &impl Backend,
    id: i64,
    new: &NewDocumentVersion,
    audit: &AuditDraft,
) -> Result<ResourceDocument, StoreError> {
    let mut tx = backend.write().await?;
    let current = must_get(&mut tx, id).await?;
    if current.withdrawn_at.is_some() {
        return Err(StoreError::Conflict(format!(
            "R32: document {id} is withdrawn"
        )));
    }
    insert_version(&mut tx, id, new).await?;
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("document_id", id)
            .with_detail("lang", new.lang.clone())
            .with_detail("sha256", new.sha256_hex()),
    )
    .await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Withdraws document `id`: partners no longer see it; acceptances keep naming it.
pub async fn withdraw(
    backend: &impl Backend,
    id: i64,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    let changed = tx
        .execute(
            sql(
                "UPDATE resource_documents SET withdrawn_at = $1::timestamptz
                 WHERE id = $2 AND withdrawn_at IS NULL",
            )
            .bind(audit.at.to_string())
            .bind(id),
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound(format!(
            "document {id} is not published, or is withdrawn already"
        )));
    }
    audit_log::append(&mut tx, &audit.with_detail("document_id", id)).await?;
    tx.commit().await
}

async fn must_get(db: &mut impl Db, id: i64) -> Result<ResourceDocument, StoreError> {
    get_in(db, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("document {id} is not published")))
}

async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<ResourceDocument>, StoreError> {
    let Some(row) = db
        .fetch_optional(
            sql(format!(
                "SELECT {DOCUMENT_COLUMNS} FROM resource_documents WHERE id = $1"
            ))
            .bind(id),
        )
        .await?
    else {
        return Ok(None);
    };
    Ok(with_versions(db, vec![document(&row)?]).await?.pop())
}

/// Document `id`, withdrawn or not.
pub async fn get(backend: &impl Backend, id: i64) -> Result<Option<ResourceDocument>, StoreError> {
    let mut db = backend.read().await?;
    get_in(&mut db, id).await
}

/// The document of `kind` and `version`, withdrawn or not.
pub async fn by_version(
    backend: &impl Backend,
    kind: DocumentKind,
    version: &str,
) -> Result<Option<ResourceDocument>, StoreError> {
    let mut db = backend.read().await?;
    let Some(row) = db
        .fetch_optional(
            sql(format!(
                "SELECT {DOCUMENT_COLUMNS} FROM resource_documents WHERE kind = $1 AND version = $2"
            ))
            .bind(kind.as_str())
            .bind(version),
        )
        .await?
    else {
        return Ok(None);
    };
    Ok(with_versions(&mut db, vec![document(&row)?]).await?.pop())
}

/// The newest [`LIST_LIMIT`] documents, withdrawn ones only when asked.
pub async fn list(
    backend: &impl Backend,
    with_withdrawn: bool,
) -> Result<Vec<ResourceDocument>, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {DOCUMENT_COLUMNS} FROM resource_documents
                 WHERE ($1 OR withdrawn_at IS NULL)
                 ORDER BY id DESC LIMIT $2"
            ))
            .bind(with_withdrawn)
            .bind(LIST_LIMIT),
        )
        .await?;
    let documents = rows.iter().map(document).collect::<Result<Vec<_>, _>>()?;
    with_versions(&mut db, documents).await
}

/// The file of document `id` in `lang`, if that version is a file.
pub async fn file(
    backend: &impl Backend,
    id: i64,
    lang: &str,
) -> Result<Option<DocumentFile>, StoreError> {
    let mut db = backend.read().await?;
    let row = db
        .fetch_optional(
            sql("SELECT file_name, content FROM resource_versions
                 WHERE document_id = $1 AND lang = $2 AND content IS NOT NULL")
            .bind(id)
            .bind(lang),
        )
        .await?;
    row.map(|row| {
        Ok(DocumentFile {
            file_name: row.get("file_name")?,
            content: row.get("content")?,
        })
    })
    .transpose()
}
