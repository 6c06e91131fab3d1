//! What every portal test shares: a server on 127.0.0.1:0 over a fresh SQLite file, and a
//! reqwest client with a cookie store that fills forms like a browser without JavaScript.
//!
//! The generic helpers (clients, forms and their CSRF token, links in mail, temporary
//! databases) live in `lpc-test-support` and are re-exported here; this module keeps what is
//! the portal's own: the in-process [`Server`], the outbox as the App stores it, and signing
//! up or in through the portal's forms.

#![allow(dead_code)] // each test binary uses its own part of it

use std::sync::Arc;

use jiff::civil::date;
use lpc_app::{App, FixedClock};
use lpc_web::UiConfig;
use reqwest::StatusCode;
use tokio::sync::oneshot;

use lpc_test_support::Site;

// Each test binary uses its own part of them, as of this module.
#[allow(unused_imports)]
pub use lpc_test_support::temp_sqlite as db;
#[allow(unused_imports)]
pub use lpc_test_support::{
    FormFile, answer_to_declared_body, browser, browser_no_redirects, browser_with_jar,
    cookie_header, csrf_of, get, link_in, submit, submit_multipart, submit_text,
};

pub const PASSWORD: &str = "correct horse battery";

/// A server over the database at `db`; stopped (gracefully) by [`Server::stop`].
pub struct Server {
    pub base: String,
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(db: &str) -> Self {
        let store = lpc_store_sqlite::open(db).await.unwrap();
        let app = App::new(
            Arc::new(store),
            Arc::new(FixedClock {
                today: date(2026, 11, 22),
            }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let ui = UiConfig::for_listener(addr, None, false);
        assert!(
            !ui.secure_cookies,
            "plain http on loopback: cookies without Secure"
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(lpc_web::serve_with(app.clone(), listener, ui, async move {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{addr}"),
            app,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await.unwrap().unwrap();
    }
}

impl Site for Server {
    fn base(&self) -> &str {
        &self.base
    }
}

/// The newest mail queued to `to` (subject and body); panics when there is none.
pub async fn last_mail_to(server: &Server, to: &str) -> (String, String) {
    let mails = server.app.store().outbox(1000).await.unwrap();
    let mail = mails
        .iter()
        .filter(|m| m.to.as_str() == to)
        .max_by_key(|m| m.id)
        .unwrap_or_else(|| panic!("no mail to {to}"));
    (mail.subject.clone(), mail.body.clone())
}

/// How many mails were queued to `to`.
pub async fn mails_to(server: &Server, to: &str) -> usize {
    let mails = server.app.store().outbox(1000).await.unwrap();
    mails.iter().filter(|m| m.to.as_str() == to).count()
}

/// Signs an organization up through the form (R31): the organization is claimed, the
/// address confirmed through the mailed link, and `client` signed in as its MPN partner
/// admin. The organization stays unverified. The overview's page.
pub async fn sign_up_unverified(
    client: &reqwest::Client,
    server: &Server,
    mpn: &str,
    email: &str,
) -> String {
    let r = submit(
        client,
        server,
        "/signup",
        "/signup",
        &[
            ("mpn_id", mpn),
            ("name", &format!("Partner {mpn}")),
            ("country", "jp"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), "/signup/sent");
    let (_, body) = last_mail_to(server, email).await;
    let confirm = link_in(server, &body, "/confirm/");
    let r = submit(client, server, &confirm, &confirm, &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "the address is confirmed");
    let next = format!("/partner/{mpn}");
    let r = submit(
        client,
        server,
        "/login",
        "/login",
        &[("email", email), ("password", PASSWORD), ("next", &next)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), next);
    r.text().await.unwrap()
}

/// [`sign_up_unverified`], then the program approves the claim (R31): `client` is the MPN
/// partner admin of a verified organization. The overview's page.
pub async fn sign_up(client: &reqwest::Client, server: &Server, mpn: &str, email: &str) -> String {
    sign_up_unverified(client, server, mpn, email).await;
    lpc_app::claims::approve(
        &server.app,
        &lpc_app::Actor::local(),
        lpc_domain::MpnId::parse(mpn).unwrap(),
    )
    .await
    .unwrap();
    let (status, html) = get(client, &server.url(&format!("/partner/{mpn}"))).await;
    assert_eq!(status, StatusCode::OK);
    html
}

/// Creates a program staff user (`operator` or `support_agent`, as `lpc user add` would) and
/// signs `client` in as that user; the e-mail address.
pub async fn sign_in_staff(client: &reqwest::Client, server: &Server, role: &str) -> String {
    let email = format!("{role}@program.example");
    let account =
        lpc_app::users::NewAccount::parse(&email, role, None, PASSWORD.to_owned()).unwrap();
    lpc_app::users::add(&server.app, &lpc_app::Actor::local(), account)
        .await
        .unwrap();
    let r = submit(
        client,
        server,
        "/login",
        "/login",
        &[("email", &email), ("password", PASSWORD), ("next", "/ops")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{role} signs in");
    email
}

impl Server {
    /// [`Server::start`] with the clock at `today` (a server's clock does not move: to see
    /// what a later day shows, start another server on the same database).
    pub async fn start_on(db: &str, today: jiff::civil::Date) -> Self {
        Self::start_configured(db, today, |app| app).await
    }

    /// Serves `app` on port 0 until the server is stopped or dropped.
    async fn serve(app: App) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let ui = UiConfig::for_listener(addr, None, false);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(lpc_web::serve_with(app.clone(), listener, ui, async move {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{addr}"),
            app,
            stop: Some(stop),
            task,
        }
    }
}

impl Server {
    /// [`Server::start_on`] with the App adjusted by `configure` first (e.g. the directory's
    /// test settings: landing pages served over http on loopback).
    pub async fn start_configured(
        db: &str,
        today: jiff::civil::Date,
        configure: impl FnOnce(App) -> App,
    ) -> Self {
        let store = lpc_store_sqlite::open(db).await.unwrap();
        Self::serve(configure(App::new(
            Arc::new(store),
            Arc::new(FixedClock { today }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        )))
        .await
    }
}

impl Server {
    /// A server over `store`, already open: several servers over one database (issue 18),
    /// whichever backend it is.
    pub async fn start_over(store: Arc<dyn lpc_store::Store>) -> Self {
        Self::serve(App::new(
            store,
            Arc::new(FixedClock {
                today: date(2026, 11, 22),
            }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        ))
        .await
    }
}

/// Signs in through the login form (its CSRF token first); the form's answer.
pub async fn log_in(
    client: &reqwest::Client,
    server: &Server,
    email: &str,
    password: &str,
) -> reqwest::Response {
    submit(
        client,
        server,
        "/login",
        "/login",
        &[("email", email), ("password", password)],
    )
    .await
}

/// Signs out through the home page's form.
pub async fn log_out(client: &reqwest::Client, server: &Server) {
    let r = submit(client, server, "/", "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
}
