//! Who the client is, behind a reverse proxy or not.
//!
//! Behind a proxy every connection comes from the proxy, so limits per client would count
//! everyone as one (issue 15). `X-Forwarded-For` names the client, but anyone can send it: it
//! is believed only when the connection comes from a proxy the operator configured
//! (`lpc serve --trusted-proxy`), and then read from the right, skipping trusted proxies, so a
//! client cannot put a made-up address in front of the one the proxy appended.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

/// The client's address for `peer` and `headers`.
pub fn client_ip(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.0.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    Some(
        forwarded
            .iter()
            .rev()
            .find(|ip| !trusted.0.contains(ip))
            .copied()
            .unwrap_or(peer),
    )
}

/// The client's address as an extractor (`None` when the server was not given connection
/// info, as in some tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let trusted = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default();
        Ok(ClientIp(client_ip(peer, &parts.headers, &trusted)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let trusted = TrustedProxies(vec![proxy]);
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(
            client_ip(Some(proxy), &headers("203.0.113.7"), &trusted),
            Some(client)
        );
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(
            client_ip(Some(stranger), &headers("203.0.113.7"), &trusted),
            Some(stranger),
            "a client cannot name itself"
        );
        assert_eq!(
            client_ip(Some(proxy), &headers("1.2.3.4, 203.0.113.7"), &trusted),
            Some(client),
            "a made-up address in front is skipped"
        );
        assert_eq!(
            client_ip(Some(proxy), &HeaderMap::new(), &trusted),
            Some(proxy)
        );
        assert_eq!(
            client_ip(Some(proxy), &headers("not an address"), &trusted),
            Some(proxy)
        );
    }
}
