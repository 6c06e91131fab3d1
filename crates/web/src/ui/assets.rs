//! Static assets compiled into the binary: Pico CSS (from npm, copied into `OUT_DIR` by
//! `build.rs`) and our `app.css`, served with a long cache lifetime.

use axum::http::header;
use axum::response::{IntoResponse, Response};

static PICO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pico.min.css"));
static APP: &[u8] = include_bytes!("../../assets/app.css");
static CONSOLE_JS: &[u8] = include_bytes!("../../assets/console.js");
static FAVICON: &[u8] = include_bytes!("../../assets/favicon.svg");

/// A year: the files change only with the binary. Pico's version is pinned in
/// `assets/package.json`; `app.css` is small and rarely changes, so it is cached for a day.
const YEAR: &str = "public, max-age=31536000, immutable";
const DAY: &str = "public, max-age=86400";

fn css(body: &'static [u8], cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// `GET /assets/favicon.svg` (and `/favicon.ico`, which browsers ask for on their own): the
/// program's mark, "LP" on the theme's blue.
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, DAY),
        ],
        FAVICON,
    )
        .into_response()
}

/// `GET /assets/pico.min.css`
pub async fn pico() -> Response {
    css(PICO, YEAR)
}

/// `GET /assets/app.css`
pub async fn app_css() -> Response {
    css(APP, DAY)
}

/// `GET /assets/console.js`: the console's scripts (import progress, rule file upload), a
/// file rather than inline so the Content-Security-Policy forbids inline scripts.
pub async fn console_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, DAY),
        ],
        CONSOLE_JS,
    )
        .into_response()
}
