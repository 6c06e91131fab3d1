//! A bounded HTTP GET for the landing page checker (R25): it follows redirects itself, only on
//! the partner's domain, connects only to addresses it has checked, and stops at a deadline and a
//! size limit, so a hostile server can neither stall nor exhaust it.
//!
//! One `reqwest` client per request: redirects off (followed here, each target checked by
//! [`target::check_url`], [`Site::contains`] and [`target::resolve`]), no proxy, no connection
//! pool, the host pinned to the addresses just checked, every step bounded by the check's
//! deadline (with `tokio::time::timeout_at`, and reqwest's own timeouts as a second belt). The
//! body is read chunk by chunk and refused as soon as it passes the limit (a `Content-Length`
//! above the limit is refused before reading); reqwest is built without gzip/brotli/deflate, so
//! the bytes counted are the bytes kept (no decompression bomb).

use std::fmt;
use std::time::Duration;

use reqwest::redirect::Policy;
use reqwest::{StatusCode, Url, header};
use tokio::time::{Instant, timeout_at};

use super::CheckSettings;
use super::target::{self, Site};

/// What the server finally answered (no redirect).
#[derive(Debug, Clone)]
pub struct Answer {
    pub url: Url,
    pub status: StatusCode,
    /// The body, read only for a 200 answer (empty otherwise).
    pub body: Vec<u8>,
}

/// Why no final answer was obtained.
#[derive(Debug, Clone)]
pub enum Failure {
    /// A redirect target broke a URL rule or resolved to a refused address.
    Refused { url: String, reason: String },
    /// A redirect leaves the partner's domain.
    OffDomain { to: Url },
    /// A redirect comes back to a URL already visited.
    Loop { to: Url },
    /// More redirects than allowed.
    TooManyRedirects { limit: usize },
    /// A redirect status without a usable `Location`.
    BadRedirect { status: StatusCode },
    /// The deadline passed.
    TimedOut { limit: Duration },
    /// The connection or the HTTP exchange failed (what the transport said is logged).
    Transport,
    /// A 200 answer whose body is larger than the limit.
    TooLarge { limit: usize },
}

impl Failure {
    /// A connection or exchange that failed. The transport's own words (a DNS answer, a
    /// refused port) describe the network the checker runs in, not the partner's page: they
    /// are logged here and never shown (issue 15).
    fn transport(error: reqwest::Error) -> Self {
        let message = describe(error);
        tracing::info!(%message, "a landing page could not be reached");
        Self::Transport
    }

    /// Is this failure about where the redirects lead (the `redirects` check)?
    pub fn is_redirect_failure(&self) -> bool {
        matches!(
            self,
            Self::Refused { .. }
                | Self::OffDomain { .. }
                | Self::Loop { .. }
                | Self::TooManyRedirects { .. }
                | Self::BadRedirect { .. }
        )
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { url, reason } => write!(
                f,
                "{url} was refused: {}",
                reason.trim_start_matches("R25: ").trim_end_matches('.')
            ),
            Self::OffDomain { to } => write!(
                f,
                "it redirects to {}, off the partner's domain ({to})",
                to.host_str().unwrap_or_default()
            ),
            Self::Loop { to } => write!(f, "its redirects loop back to {to}"),
            Self::TooManyRedirects { limit } => {
                write!(f, "it redirects more than {limit} times")
            }
            Self::BadRedirect { status } => {
                write!(f, "it answered {status} without a usable Location header")
            }
            Self::TimedOut { limit } => {
                write!(f, "it did not answer completely within {limit:?}")
            }
            // The transport's own words go to the log only ([`Failure::transport`]).
            Self::Transport => write!(f, "it could not be reached"),
            Self::TooLarge { limit } => write!(
                f,
                "it is larger than the limit of {limit} bytes (the checker reads no more)"
            ),
        }
    }
}

/// The redirects followed, and where they led.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Each redirect target followed, in order.
    pub redirects: Vec<Url>,
    pub outcome: Result<Answer, Failure>,
}

/// GETs `start` (already checked by [`target::parse`]), following redirects on `site`, reading
/// at most `max_bytes` of a 200 answer's body, all before `deadline`.
pub async fn get(
    settings: &CheckSettings,
    site: &Site,
    start: Url,
    max_bytes: usize,
    deadline: Instant,
) -> Fetched {
    let mut redirects: Vec<Url> = Vec::new();
    let mut url = start;
    let outcome = loop {
        let resolved = match target::resolve(settings, &url, deadline).await {
            Ok(resolved) => resolved,
            Err(reason) => {
                break Err(Failure::Refused {
                    url: url.to_string(),
                    reason,
                });
            }
        };
        let response = match send(settings, &url, &resolved, deadline).await {
            Ok(response) => response,
            Err(failure) => break Err(failure),
        };
        let status = response.status();
        if is_followed_redirect(status) {
            let next = match location(&response, &url) {
                Some(next) => next,
                None => break Err(Failure::BadRedirect { status }),
            };
            if let Err(reason) = target::check_url(settings, &next) {
                break Err(Failure::Refused {
                    url: next.to_string(),
                    reason,
                });
            }
            if !site.contains(&next) {
                break Err(Failure::OffDomain { to: next });
            }
            if next == url || redirects.contains(&next) {
                break Err(Failure::Loop { to: next });
            }
            if redirects.len() >= settings.max_redirects {
                break Err(Failure::TooManyRedirects {
                    limit: settings.max_redirects,
                });
            }
            redirects.push(next.clone());
            url = next;
            continue;
        }
        if status != StatusCode::OK {
            break Ok(Answer {
                url,
                status,
                body: Vec::new(),
            });
        }
        break read_body(settings, response, max_bytes, deadline)
            .await
            .map(|body| Answer { url, status, body });
    };
    Fetched { redirects, outcome }
}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    )
}

fn location(response: &reqwest::Response, base: &Url) -> Option<Url> {
    let value = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let mut next = base.join(value).ok()?;
    next.set_fragment(None);
    Some(next)
}

async fn send(
    settings: &CheckSettings,
    url: &Url,
    resolved: &target::Resolved,
    deadline: Instant,
) -> Result<reqwest::Response, Failure> {
    let timed_out = Failure::TimedOut {
        limit: settings.timeout,
    };
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return Err(timed_out);
    }
    let mut builder = reqwest::Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .https_only(!settings.allow_http_and_loopback)
        .pool_max_idle_per_host(0)
        .connect_timeout(remaining)
        .read_timeout(remaining)
        .timeout(remaining)
        .user_agent(concat!(
            "lpc-landing-check/",
            env!("CARGO_PKG_VERSION"),
            " (Learning Partner directory, R25)"
        ));
    if let Some(domain) = &resolved.domain {
        builder = builder.resolve_to_addrs(domain, &resolved.addrs);
    }
    let client = builder.build().map_err(Failure::transport)?;
    let request = client
        .get(url.clone())
        .header(header::ACCEPT, "text/html, text/plain;q=0.9, */*;q=0.1")
        .send();
    match timeout_at(deadline, request).await {
        Err(_) => Err(timed_out),
        Ok(Err(e)) if e.is_timeout() => Err(timed_out),
        Ok(Err(e)) => Err(Failure::transport(e)),
        Ok(Ok(response)) => Ok(response),
    }
}

async fn read_body(
    settings: &CheckSettings,
    mut response: reqwest::Response,
    max_bytes: usize,
    deadline: Instant,
) -> Result<Vec<u8>, Failure> {
    let too_large = Failure::TooLarge { limit: max_bytes };
    let timed_out = Failure::TimedOut {
        limit: settings.timeout,
    };
    if response
        .content_length()
        .is_some_and(|declared| declared > max_bytes as u64)
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    loop {
        match timeout_at(deadline, response.chunk()).await {
            Err(_) => return Err(timed_out),
            Ok(Err(e)) if e.is_timeout() => return Err(timed_out),
            Ok(Err(e)) => return Err(Failure::transport(e)),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => {
                if body.len().saturating_add(chunk.len()) > max_bytes {
                    return Err(too_large);
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// The error and its causes on one line ("error sending request: ... : connection refused").
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
