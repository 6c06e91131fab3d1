//! `/metrics` in the Prometheus text format.
//!
//! Request counts and latencies are recorded by [`track`] through the `metrics` facade; the
//! Prometheus exporter renders them. The recorder is process-global, so it is installed once
//! and shared by every router built in the process (tests build several).
//!
//! Every label comes from a closed set: the method is one of HTTP's own or `other`, the
//! route is a template of the router or `unmatched`, the status a number. A label copied from
//! the request made each made-up method a new series, kept forever (issue 15: 60,000 requests
//! grew the page to 70 MB). The page itself answers only to this machine or to a bearer
//! token ([`MetricsAccess`]); `lpc serve --metrics-addr` serves it on an address of its own.

use std::sync::OnceLock;
use std::time::Instant;

use std::net::{IpAddr, SocketAddr};

use axum::Extension;
use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's Prometheus handle, installing the recorder on first use.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(handle) => Some(handle),
            Err(e) => {
                tracing::warn!(error = %e, "metrics recorder not installed");
                None
            }
        })
        .as_ref()
}

/// Renders every metric recorded so far.
pub async fn render() -> Response {
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// Who may read `/metrics` on the main address: a client on this machine that came
/// directly (no proxy header: a proxy on this host would make every visitor local), or one
/// presenting the token of `--metrics-token`.
#[derive(Debug, Clone, Default)]
pub struct MetricsAccess {
    pub token: Option<String>,
}

impl MetricsAccess {
    fn allows(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
        let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"]
            .iter()
            .any(|h| headers.contains_key(*h));
        let local = peer.is_some_and(|ip| ip.is_loopback()) && !proxied;
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let by_token = match (&self.token, presented) {
            (Some(token), Some(presented)) => {
                // In constant time: the time taken says nothing of the token.
                use subtle::ConstantTimeEq;
                bool::from(token.as_bytes().ct_eq(presented.trim().as_bytes()))
            }
            _ => false,
        };
        local || by_token
    }
}

/// `GET /metrics` on the main address: the page for [`MetricsAccess`], else 404 (as if there
/// were no such page).
pub async fn render_guarded(
    Extension(access): Extension<MetricsAccess>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    let peer = peer.map(|Extension(ConnectInfo(addr))| addr.ip());
    if access.allows(peer, &headers) {
        render().await
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

/// The method as a label: one of HTTP's methods, else `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Middleware: counts each request and records its duration by route template (not by raw
/// path, so that `/partners/{mpn}` is one series, not one per partner).
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let method = method.to_owned();
    let labels = [("method", method), ("route", route), ("status", status)];
    ::metrics::counter!("lpc_http_requests_total", &labels).increment(1);
    ::metrics::histogram!("lpc_http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_share_one_label() {
        let made_up = Method::from_bytes(b"XYZZY").ok();
        assert_eq!(made_up.as_ref().map(method_label), Some("other"));
        assert_eq!(method_label(&Method::GET), "GET");
    }

    #[test]
    fn only_local_direct_clients_or_the_token_read_the_page() {
        let access = MetricsAccess {
            token: Some("s3cret".into()),
        };
        let local = Some(IpAddr::from([127, 0, 0, 1]));
        let remote = Some(IpAddr::from([203, 0, 113, 9]));
        let none = HeaderMap::new();
        assert!(access.allows(local, &none));
        assert!(!access.allows(remote, &none));
        let mut forwarded = HeaderMap::new();
        forwarded.insert("x-forwarded-for", "203.0.113.9".parse().unwrap());
        assert!(!access.allows(local, &forwarded), "a proxy on this host");
        let mut bearer = HeaderMap::new();
        bearer.insert(header::AUTHORIZATION, "Bearer s3cret".parse().unwrap());
        assert!(access.allows(remote, &bearer));
        let mut wrong = HeaderMap::new();
        wrong.insert(header::AUTHORIZATION, "Bearer nope".parse().unwrap());
        assert!(!access.allows(remote, &wrong));
        assert!(!MetricsAccess::default().allows(remote, &bearer));
    }
}
