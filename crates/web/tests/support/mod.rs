//! What every portal test shares: a server on 127.0.0.1:0 over a fresh SQLite file, and a
//! reqwest client with a cookie store that fills forms like a browser without JavaScript.

#![allow(dead_code)] // each test binary uses its own part of it

use std::sync::Arc;

use jiff::civil::date;
use lpc_app::{App, FixedClock};
use lpc_web::UiConfig;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use tokio::sync::oneshot;

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

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// A [`browser`] whose cookie jar the test can read, to send the session by hand.
pub fn browser_with_jar() -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    (client, jar)
}

/// The `Cookie` header the jar sends to `server`.
pub fn cookie_header(jar: &reqwest::cookie::Jar, server: &Server) -> String {
    use reqwest::cookie::CookieStore;
    let url = server.url("/").parse().unwrap();
    jar.cookies(&url)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub fn browser_no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub fn db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lpc.db").display());
    (dir, url)
}

/// The hidden CSRF token of the first form on the page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .expect("the page has a form with a CSRF token")
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// GETs `page`, then POSTs `fields` (plus the page's CSRF token) to `action`.
pub async fn submit(
    client: &reqwest::Client,
    server: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(client, &server.url(page)).await;
    let token = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", &token));
    client
        .post(server.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A file sent with a form: the field's name, the file's name and its content.
pub type FormFile<'a> = (&'a str, &'a str, &'a [u8]);

/// Submits a `multipart/form-data` form as the browser does: the CSRF token of `page`, in the
/// action's query (upload forms carry it there) and as a field, the `fields`, and the file.
pub async fn submit_multipart(
    client: &reqwest::Client,
    server: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<FormFile<'_>>,
) -> reqwest::Response {
    let (_, html) = get(client, &server.url(page)).await;
    let token = csrf_of(&html);
    let boundary = "lpcTestFormBoundary4vX9";
    let mut body = Vec::new();
    for (name, value) in fields.iter().chain([("csrf", token.as_str())].iter()) {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((field, name, content)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let separator = if action.contains('?') { '&' } else { '?' };
    client
        .post(server.url(&format!("{action}{separator}csrf={token}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
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

/// The path of the first link in `body` on `server` that starts with `prefix`.
pub fn link_in(server: &Server, body: &str, prefix: &str) -> String {
    let start = format!("{}{prefix}", server.base);
    let at = body
        .find(&start)
        .unwrap_or_else(|| panic!("no {prefix} link in {body}"));
    body[at + server.base.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
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

/// [`submit`], read to the end: the status and the page.
pub async fn submit_text(
    client: &reqwest::Client,
    server: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let r = submit(client, server, page, action, fields).await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// Sends only the head of a request that declares a `declared`-byte body, and reads the
/// answer: a server that refuses an oversized upload before reading it answers now, without
/// the body. (Sending the body with a client races with the server closing the connection
/// once it has answered.) Returns the status code and the response text.
pub fn answer_to_declared_body(
    url: &str,
    method: &str,
    headers: &[(&str, &str)],
    declared: usize,
) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("the server answers");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {declared}\r\nConnection: close\r\n"
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if answer.is_empty() => panic!("no answer before the body was sent: {e}"),
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer: {text}"));
    (status, text)
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
        let store = lpc_store_sqlite::open(db).await.unwrap();
        let app = App::new(
            Arc::new(store),
            Arc::new(FixedClock { today }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        );
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
        let app = configure(App::new(
            Arc::new(store),
            Arc::new(FixedClock { today }),
            Arc::new(lpc_app::rule_files::embedded().unwrap()),
        ));
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
