//! Web sessions kept in the database (through the store, through `lpc_app::web_sessions`), so that several
//! `lpc serve` behind one load balancer share them and a restart signs nobody out.
//!
//! The cookie (`lpc_session`) holds only the session id; it is `HttpOnly`, `SameSite=Lax`,
//! and `Secure` unless [`UiConfig::secure_cookies`](super::UiConfig) is off (plain-http use on
//! loopback). A session ends after [`IDLE`] without a request: a signed-in session is saved
//! again (pushing its expiry) at most once per [`TOUCH_EVERY`], so that reading pages does not
//! write to the database on every request.

use async_trait::async_trait;
use jiff::Timestamp;
use lpc_app::App;
use lpc_app::views::StoredSession;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// A session ends after this long without a request.
pub const IDLE: time::Duration = time::Duration::hours(8);
/// How often a signed-in session's expiry is pushed back.
pub const TOUCH_EVERY: i64 = 15 * 60;
/// The session cookie's name.
pub const COOKIE: &str = "lpc_session";

/// The signed-in user, as the session remembers it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    /// [`lpc_app::accounts::session_mark`] at sign-in: a new password ends the session.
    #[serde(default)]
    pub password_mark: String,
    /// Holds an operator or support role (at sign-in): the header links to the console.
    #[serde(default)]
    pub staff: bool,
}

/// Session keys.
pub const USER: &str = "user";
/// The signed-in user's stored language choice (set at sign-in and by the switcher).
pub const LANG: &str = "lang";
/// The CSRF token of the session.
pub const CSRF: &str = "csrf";
/// When the session was last saved on purpose (Unix seconds), for [`touch`].
pub const SEEN: &str = "seen";

/// The signed-in user of this session, if any.
pub async fn user(session: &Session) -> Option<SessionUser> {
    session.get::<SessionUser>(USER).await.ok().flatten()
}

/// Keeps an active session alive: saves it (and so moves its expiry) when the last save is
/// older than [`TOUCH_EVERY`].
pub async fn touch(session: &Session) {
    let now = Timestamp::now().as_second();
    let seen = session.get::<i64>(SEEN).await.ok().flatten().unwrap_or(0);
    if now - seen >= TOUCH_EVERY
        && let Err(e) = session.insert(SEEN, now).await
    {
        tracing::warn!(error = %e, "session not touched");
    }
}

/// The session layer over `app`'s database.
pub fn layer(app: &App, secure: bool) -> SessionManagerLayer<DbSessions> {
    SessionManagerLayer::new(DbSessions { app: app.clone() })
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE))
}

/// [`SessionStore`] over the lpc store.
#[derive(Debug, Clone)]
pub struct DbSessions {
    app: App,
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn stored(record: &Record) -> session_store::Result<StoredSession> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok(StoredSession {
        id: record.id.to_string(),
        data,
        expires_at: Timestamp::from_second(record.expiry_date.unix_timestamp()).map_err(backend)?,
    })
}

#[async_trait]
impl SessionStore for DbSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id colliding is astronomically unlikely; draw again if it happens.
        loop {
            if lpc_app::web_sessions::create(&self.app, &stored(record)?)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        lpc_app::web_sessions::save(&self.app, &stored(record)?)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(found) = lpc_app::web_sessions::load(&self.app, &id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(found.expires_at.as_second())
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        lpc_app::web_sessions::delete(&self.app, &id.to_string())
            .await
            .map_err(backend)
    }
}
