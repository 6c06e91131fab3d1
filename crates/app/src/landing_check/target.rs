//! What a landing page URL may point at (R25): its scheme, its host, the partner's domain, and
//! the addresses its host resolves to.
//!
//! Every URL the checker is about to fetch (the page, each redirect, the verification file) goes
//! through [`check_url`] and [`resolve`]; the addresses found are then pinned into the HTTP
//! client, so a second DNS answer (DNS rebinding) cannot swap a public address for a private one
//! between the check and the connection.

use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};

use reqwest::Url;
use tokio::time::Instant;

use super::CheckSettings;
use super::address;

/// Longest URL accepted (characters).
const MAX_URL_LEN: usize = 2048;

/// Parses the URL a partner typed, and checks its form (R25: https, a host, no credentials).
pub fn parse(settings: &CheckSettings, raw: &str) -> Result<Url, String> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_LEN {
        return Err(format!(
            "R25: the landing page URL is longer than {MAX_URL_LEN} characters."
        ));
    }
    let url = Url::parse(raw)
        .map_err(|e| format!("R25: \"{raw}\" is not an absolute https:// URL ({e})."))?;
    check_url(settings, &url)?;
    Ok(url)
}

/// The form rules every fetched URL obeys: the scheme, a host, no user name or password.
pub fn check_url(settings: &CheckSettings, url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => {}
        "http" if settings.allow_http_and_loopback => {}
        "http" => {
            return Err(format!(
                "R25: {url} uses http://; a landing page must be served over HTTPS \
                 (http:// is accepted only in test configuration)."
            ));
        }
        other => {
            return Err(format!(
                "R25: the landing page URL must start with https:// (found {other}:)."
            ));
        }
    }
    if url.host().is_none() {
        return Err(format!("R25: {url} names no host."));
    }
    // HTTPS on its own port only: any other port would let a listing probe services of a host
    // (issue 15). Test configuration serves its pages on loopback, on ports of its own.
    if url.port_or_known_default() != Some(443) && !settings.allow_http_and_loopback {
        return Err(format!(
            "R25: {url} names port {}; a landing page is served on the HTTPS port (443).",
            url.port_or_known_default().unwrap_or(0)
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "R25: the landing page URL must not contain a user name or password.".to_owned(),
        );
    }
    Ok(())
}

/// The addresses a URL's host stands for, every one of them allowed.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The domain name to pin to [`Resolved::addrs`]; `None` for an IP address literal.
    pub domain: Option<String>,
    pub addrs: Vec<SocketAddr>,
}

impl Resolved {
    /// "93.184.216.34, 2606:2800::1" for a detail sentence.
    pub fn addresses(&self) -> String {
        let mut text = String::new();
        for (i, addr) in self.addrs.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            let _ = write!(text, "{}", addr.ip());
        }
        text
    }
}

/// Resolves the URL's host (before `deadline`) and refuses it unless every address is allowed:
/// public ones, plus loopback in test configuration.
pub async fn resolve(
    settings: &CheckSettings,
    url: &Url,
    deadline: Instant,
) -> Result<Resolved, String> {
    let port = url
        .port_or_known_default()
        .ok_or_else(|| format!("R25: {url} has no port."))?;
    let (domain, ips): (Option<String>, Vec<IpAddr>) = match host_of(url) {
        None => return Err(format!("R25: {url} names no host.")),
        Some(HostKind::Ip(ip)) => (None, vec![ip]),
        Some(HostKind::Domain(name)) => {
            let lookup = tokio::net::lookup_host((name, port));
            let found = match tokio::time::timeout_at(deadline, lookup).await {
                Err(_) => {
                    return Err(format!(
                        "R25: looking up the host {name} took longer than the time allowed."
                    ));
                }
                Ok(Err(e)) => {
                    tracing::info!(host = name, error = %e, "a landing page host does not resolve");
                    return Err(format!("R25: the host {name} could not be reached."));
                }
                Ok(Ok(found)) => found,
            };
            let mut ips: Vec<IpAddr> = Vec::new();
            for addr in found {
                if !ips.contains(&addr.ip()) {
                    ips.push(addr.ip());
                }
            }
            (Some(name.to_owned()), ips)
        }
    };
    let host = url.host_str().unwrap_or_default();
    if ips.is_empty() {
        return Err(format!("R25: the host {host} resolves to no address."));
    }
    for ip in &ips {
        if let Err(why) = address::permitted(*ip, settings.allow_http_and_loopback) {
            if domain.is_some() {
                // What a name resolves to is the checker's network, not the partner's: the
                // address and its kind go to the log only (issue 15).
                tracing::info!(%host, %ip, %why, "a landing page host resolves to a refused address");
                return Err(format!(
                    "R25: the host {host} could not be reached; the checker reaches public \
                     addresses only."
                ));
            }
            return Err(format!(
                "R25: the host {host} is not a public address ({why}); the checker reaches \
                 public addresses only."
            ));
        }
    }
    Ok(Resolved {
        domain,
        addrs: ips
            .into_iter()
            .map(|ip| SocketAddr::new(ip, port))
            .collect(),
    })
}

/// Refuses a URL whose host is an IP address that may not be reached (no DNS lookup: a domain
/// name passes here, and is judged by [`resolve`]).
pub fn check_literal_address(settings: &CheckSettings, url: &Url) -> Result<(), String> {
    if let Some(HostKind::Ip(ip)) = host_of(url)
        && let Err(why) = address::permitted(ip, settings.allow_http_and_loopback)
    {
        let host = url.host_str().unwrap_or_default();
        return Err(format!(
            "R25: the host {host} is not a public address ({why}); the checker reaches public \
             addresses only."
        ));
    }
    Ok(())
}

enum HostKind<'a> {
    Ip(IpAddr),
    Domain(&'a str),
}

/// The URL's host: an IP address literal (`[::1]` unbracketed) or a domain name.
fn host_of(url: &Url) -> Option<HostKind<'_>> {
    let host = url.host_str()?;
    let unbracketed = host.trim_start_matches('[').trim_end_matches(']');
    Some(match unbracketed.parse::<IpAddr>() {
        Ok(ip) => HostKind::Ip(ip),
        Err(_) => HostKind::Domain(host),
    })
}

/// The partner's domain, as the landing page URL names it: redirects and the verification file
/// must stay on it.
///
/// A URL is on the domain when its host is the landing page's host, a subdomain of it, or the
/// host without a leading `www.` (`www.example.com` may send to `example.com`, but not to
/// `shop.example.com`; `example.com` may send to both). Without the public suffix list a wider
/// rule ("any host under the same registrable domain") could not tell `example.co.uk` from
/// `co.uk`, so it is not attempted. Ports and scheme may change (the scheme within
/// [`check_url`]'s rules). IP address hosts match only themselves.
#[derive(Debug, Clone)]
pub struct Site {
    host: String,
}

impl Site {
    pub fn of(url: &Url) -> Self {
        Self {
            host: normalized_host(url),
        }
    }

    /// The host the rule is anchored on, for detail sentences.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn contains(&self, url: &Url) -> bool {
        let host = normalized_host(url);
        let is_domain = matches!(host_of(url), Some(HostKind::Domain(_)));
        if host.is_empty() {
            return false;
        }
        if host == self.host {
            return true;
        }
        if !is_domain {
            return false;
        }
        let subdomain = host
            .strip_suffix(self.host.as_str())
            .is_some_and(|prefix| prefix.ends_with('.'));
        let bare = self.host.strip_prefix("www.") == Some(host.as_str());
        subdomain || bare
    }
}

fn normalized_host(url: &Url) -> String {
    url.host_str()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn same_domain_rule_r25() {
        let site = Site::of(&url("https://example.com/landing"));
        assert!(site.contains(&url("https://example.com/other")));
        assert!(site.contains(&url("https://www.example.com/")));
        assert!(site.contains(&url("https://shop.example.com:8443/")));
        assert!(site.contains(&url("https://EXAMPLE.com./")));
        assert!(!site.contains(&url("https://notexample.com/")));
        assert!(!site.contains(&url("https://example.com.evil.test/")));
        assert!(!site.contains(&url("https://other.example/")));

        let www = Site::of(&url("https://www.example.com/"));
        assert!(www.contains(&url("https://example.com/")));
        assert!(!www.contains(&url("https://shop.example.com/")));
        assert!(!www.contains(&url("https://com/")));

        let ip = Site::of(&url("http://127.0.0.1:8080/"));
        assert!(ip.contains(&url("http://127.0.0.1:9090/x")));
        assert!(!ip.contains(&url("http://localhost:8080/")));
        assert!(!ip.contains(&url("http://127.0.0.2:8080/")));
    }

    #[test]
    fn url_form_rules_r25() {
        let production = CheckSettings::production();
        let tests = CheckSettings::for_tests();
        assert!(parse(&production, "https://example.com/").is_ok());
        assert!(parse(&production, "http://example.com/").is_err());
        assert!(parse(&tests, "http://example.com/").is_ok());
        for bad in [
            "ftp://example.com/",
            "javascript:alert(1)",
            "example.com",
            "https://user:pw@example.com/",
            "file:///etc/passwd",
            "data:text/html,hi",
        ] {
            assert!(parse(&tests, bad).is_err(), "{bad}");
        }
    }
}
