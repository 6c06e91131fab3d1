//! reqwest clients that behave like a browser without JavaScript: a cookie store, redirects
//! followed or not.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::redirect::Policy;

use crate::Site;

/// A client with a cookie store that follows redirects, as a browser does.
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
pub fn cookie_header(jar: &reqwest::cookie::Jar, server: &impl Site) -> String {
    use reqwest::cookie::CookieStore;
    let url = server.url("/").parse().unwrap();
    jar.cookies(&url)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A [`browser`] that does not follow redirects, to look at them.
pub fn browser_no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// GETs `url`: the status and the body.
pub async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}
