//! Landing page checks (R25): is a partner's directory landing page fit to be listed?
//!
//! R25: the landing page must be on a partner-owned website, be about that partner only, show no
//! competitors, and be owned by the partner. [`check_landing_page`] fetches the page a partner
//! typed and answers six checks, in this order ([`CHECK_IDS`]):
//! - `url`: an `https://` URL (`http://` only in test configuration) with a host and no user name
//!   or password, whose host resolves only to public addresses;
//! - `status`: the page answers 200, after redirects on the partner's domain;
//! - `ownership`: `/.well-known/lpc-verification.txt` on the page's host (scheme and port as in
//!   the URL; same-domain redirects followed) holds exactly the token the portal shows (white
//!   space around it ignored);
//! - `names_partner`: the page's text names the partner (case-insensitive, on word boundaries);
//! - `no_competitors`: it names none of the operator's competitors (same matching);
//! - `redirects`: no redirect leaves the partner's domain, loops, or exceeds the limit.
//!
//! The URL comes from a partner, so the server it names may be hostile, or may not be a server of
//! the partner's at all. Hence (see the submodules):
//! - `address`: no connection to loopback, private, link-local (cloud metadata), CGNAT,
//!   multicast, documentation or reserved addresses, IPv4-mapped IPv6 included; in test
//!   configuration ([`CheckSettings::for_tests`]) loopback and `http://` are allowed, nothing
//!   else;
//! - `target`: each URL about to be fetched (the page, every redirect, the verification file)
//!   is checked and its host resolved by the checker, and the addresses found are pinned into the
//!   client (no DNS rebinding between the check and the connection); the same-domain rule;
//! - `fetch`: redirects followed by hand (at most [`CheckSettings::max_redirects`]); the whole
//!   call bounded by [`CheckSettings::timeout`] (page and verification file are fetched at the
//!   same time, under one deadline); bodies read in chunks and refused past
//!   [`CheckSettings::max_bytes`] (a larger page fails `status` rather than being judged on its
//!   beginning: a competitor could hide past the limit); no content decoding (no gzip), so no
//!   decompression bomb; the verification file is read up to 4 KiB;
//! - `page_text`: a small linear HTML-to-text (scripts, styles, comments dropped) and the name
//!   matching;
//! - `checks`: the six results and their sentences.
//!
//! The checker never fails as a whole: every problem is a failed check with a sentence naming
//! R25 and what was found, so the partner and the operator see why.

mod address;
mod checks;
mod fetch;
mod page_text;
mod target;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

/// How the checker may reach the page, and how much it may spend doing so.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckSettings {
    /// `http://` URLs and loopback addresses are accepted (test configuration only).
    pub allow_http_and_loopback: bool,
    /// Total time one call of [`check_landing_page`] may take.
    pub timeout: Duration,
    /// Largest body read from the page or the verification file.
    pub max_bytes: usize,
    /// Most redirects followed (same domain only).
    pub max_redirects: usize,
}

impl CheckSettings {
    /// HTTPS only, public addresses only, 10 s in total, 1 MiB, 5 redirects.
    pub fn production() -> Self {
        Self {
            allow_http_and_loopback: false,
            timeout: Duration::from_secs(10),
            max_bytes: 1024 * 1024,
            max_redirects: 5,
        }
    }

    /// As [`CheckSettings::production`], but `http://` and loopback servers are allowed.
    pub fn for_tests() -> Self {
        Self {
            allow_http_and_loopback: true,
            timeout: Duration::from_secs(5),
            ..Self::production()
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandingCheck {
    /// `url`, `status`, `ownership`, `names_partner`, `no_competitors` or `redirects`.
    pub id: String,
    pub passed: bool,
    /// An English sentence naming the rule and what was found.
    pub detail: String,
    /// The check could not run (the URL was refused, or the page was not read): it did not
    /// pass, but nothing was found wrong with what it checks either. Reports stored before
    /// this field read `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
}

/// Every check of one landing page, in the order of [`CHECK_IDS`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LandingReport {
    pub url: String,
    pub checks: Vec<LandingCheck>,
    pub checked_at: jiff::Timestamp,
}

impl LandingReport {
    /// True when every check passed.
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|check| check.passed)
    }
}

/// The ids of the checks, in the order a report lists them.
pub const CHECK_IDS: [&str; 6] = [
    "url",
    "status",
    "ownership",
    "names_partner",
    "no_competitors",
    "redirects",
];

/// A timeout above this is taken as this (no overflow of the deadline).
const LONGEST_TIMEOUT: Duration = Duration::from_secs(3600);

/// The verification file holds one short token; more than this is not read.
const TOKEN_FILE_MAX_BYTES: usize = 4096;

/// Where the partner proves it owns the site (R25), on the landing page's host.
pub const VERIFICATION_PATH: &str = "/.well-known/lpc-verification.txt";

/// The checks of a landing page URL that need no network: `https://` (or `http://` in test
/// configuration), a host, no user name or password, and an IP address host only when public.
/// For refusing a listing request at once (the full check also resolves the host); the error
/// is an English sentence naming R25.
pub fn validate_url(settings: &CheckSettings, url: &str) -> Result<(), String> {
    let url = target::parse(settings, url)?;
    target::check_literal_address(settings, &url)
}

/// Runs every R25 check on `url`, within `settings`' limits. `verification_token` is the token
/// the portal shows the partner; `competitors` is the operator's list (an entry equal to the
/// partner's own name is skipped).
pub async fn check_landing_page(
    settings: &CheckSettings,
    url: &str,
    partner_name: &str,
    verification_token: &str,
    competitors: &[String],
) -> LandingReport {
    let deadline = Instant::now() + settings.timeout.min(LONGEST_TIMEOUT);
    let checks = run(
        settings,
        url,
        partner_name,
        verification_token,
        competitors,
        deadline,
    )
    .await;
    LandingReport {
        url: url.to_owned(),
        checks,
        checked_at: jiff::Timestamp::now(),
    }
}

async fn run(
    settings: &CheckSettings,
    raw_url: &str,
    partner_name: &str,
    verification_token: &str,
    competitors: &[String],
    deadline: Instant,
) -> Vec<LandingCheck> {
    let refused = |reason: String| {
        let mut checks = vec![checks::url_refused(reason)];
        checks.extend(CHECK_IDS[1..].iter().map(|id| checks::not_checked(id)));
        checks
    };
    let url = match target::parse(settings, raw_url) {
        Ok(url) => url,
        Err(reason) => return refused(reason),
    };
    let resolved = match target::resolve(settings, &url, deadline).await {
        Ok(resolved) => resolved,
        Err(reason) => return refused(reason),
    };
    let site = target::Site::of(&url);
    let mut token_url = url.clone();
    token_url.set_path(VERIFICATION_PATH);
    token_url.set_query(None);
    token_url.set_fragment(None);
    let (page, token_file) = tokio::join!(
        fetch::get(settings, &site, url.clone(), settings.max_bytes, deadline),
        fetch::get(
            settings,
            &site,
            token_url.clone(),
            TOKEN_FILE_MAX_BYTES.min(settings.max_bytes),
            deadline
        ),
    );
    let text = checks::page_text(&page);
    vec![
        checks::url_accepted(&url, &resolved),
        checks::status(&page),
        checks::ownership(&token_url, verification_token, &token_file),
        checks::names_partner(text.as_deref(), partner_name),
        checks::no_competitors(text.as_deref(), partner_name, competitors),
        checks::redirects(&site, &page),
    ]
}
