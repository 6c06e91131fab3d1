//! The six R25 checks, each turned into a [`LandingCheck`] with a sentence a partner and an
//! operator can act on.

use reqwest::{StatusCode, Url};

use super::LandingCheck;
use super::fetch::{Failure, Fetched};
use super::page_text;
use super::target::{Resolved, Site};

fn check(id: &str, passed: bool, detail: String) -> LandingCheck {
    LandingCheck {
        id: id.to_owned(),
        passed,
        detail,
        not_run: false,
    }
}

/// A check that could not run because an earlier one failed.
fn skipped(id: &str, detail: String) -> LandingCheck {
    LandingCheck {
        not_run: true,
        ..check(id, false, detail)
    }
}

/// Every check after `url` fails this way when the URL itself was refused.
pub fn not_checked(id: &str) -> LandingCheck {
    skipped(
        id,
        "R25: not checked, because the landing page URL was refused (see the url check)."
            .to_owned(),
    )
}

pub fn url_refused(reason: String) -> LandingCheck {
    check("url", false, reason)
}

pub fn url_accepted(url: &Url, resolved: &Resolved) -> LandingCheck {
    let host = url.host_str().unwrap_or_default();
    let scheme = if url.scheme() == "https" {
        "an https:// URL"
    } else {
        "an http:// URL (accepted only in test configuration)"
    };
    check(
        "url",
        true,
        format!(
            "R25: {url} is {scheme}, and its host {host} stands only for allowed addresses ({}).",
            resolved.addresses()
        ),
    )
}

/// `status`: the page answers 200 (over HTTPS outside test configuration, which [`super::target`]
/// enforces), after same-domain redirects.
pub fn status(page: &Fetched) -> LandingCheck {
    match &page.outcome {
        Ok(answer) if answer.status == StatusCode::OK => {
            let over = if answer.url.scheme() == "https" {
                "over HTTPS"
            } else {
                "over HTTP (accepted only in test configuration)"
            };
            let after = match page.redirects.len() {
                0 => String::new(),
                1 => " after 1 redirect".to_owned(),
                n => format!(" after {n} redirects"),
            };
            check(
                "status",
                true,
                format!(
                    "R25: the page answered 200 {over} at {}{after}.",
                    answer.url
                ),
            )
        }
        Ok(answer) => check(
            "status",
            false,
            format!(
                "R25: the page answered {} at {}; a landing page must answer 200.",
                answer.status, answer.url
            ),
        ),
        Err(Failure::TooLarge { limit }) => check(
            "status",
            false,
            format!(
                "R25: the page answered 200 but is larger than the limit of {limit} bytes; the \
                 checker reads no more, so the page cannot be judged."
            ),
        ),
        Err(failure) => check(
            "status",
            false,
            format!("R25: the page was not reached: {failure}."),
        ),
    }
}

/// `ownership`: the verification file on the page's host holds the partner's token.
pub fn ownership(token_url: &Url, token: &str, file: &Fetched) -> LandingCheck {
    let token = token.trim();
    if token.is_empty() {
        return check(
            "ownership",
            false,
            format!(
                "R25: no verification token was issued to compare with the file at {token_url}."
            ),
        );
    }
    match &file.outcome {
        Ok(answer) if answer.status == StatusCode::OK => {
            let served = String::from_utf8_lossy(&answer.body);
            let served = served.trim_start_matches('\u{feff}').trim();
            if served == token {
                check(
                    "ownership",
                    true,
                    format!("R25: the token at {token_url} matches, so the partner owns the site."),
                )
            } else {
                check(
                    "ownership",
                    false,
                    format!(
                        "R25: the token at {token_url} does not match the one the portal shows; \
                         the file must contain exactly that token."
                    ),
                )
            }
        }
        Ok(answer) => check(
            "ownership",
            false,
            format!(
                "R25: the verification file {token_url} answered {}; it must answer 200 with \
                 the token the portal shows.",
                answer.status
            ),
        ),
        Err(failure) => check(
            "ownership",
            false,
            format!("R25: the verification file {token_url} was not read: {failure}."),
        ),
    }
}

/// The page's normalized text, when the page was read.
pub fn page_text(page: &Fetched) -> Option<String> {
    match &page.outcome {
        Ok(answer) if answer.status == StatusCode::OK => {
            let html = String::from_utf8_lossy(&answer.body);
            Some(page_text::normalized(&page_text::visible_text(&html)))
        }
        _ => None,
    }
}

fn unread(id: &str) -> LandingCheck {
    skipped(
        id,
        "R25: not checked, because the page was not read (see the status check).".to_owned(),
    )
}

/// `names_partner`: the page is about the partner.
pub fn names_partner(text: Option<&str>, partner_name: &str) -> LandingCheck {
    let Some(text) = text else {
        return unread("names_partner");
    };
    let name = partner_name.trim();
    if page_text::names(text, name) {
        check(
            "names_partner",
            true,
            format!("R25: the page names the partner \"{name}\"."),
        )
    } else {
        check(
            "names_partner",
            false,
            format!(
                "R25: the page text does not name the partner \"{name}\"; a landing page must be \
                 about that partner."
            ),
        )
    }
}

/// `no_competitors`: the page names none of the operator's competitors. An entry equal to the
/// partner's own name is not a competitor of that partner, and is skipped.
pub fn no_competitors(
    text: Option<&str>,
    partner_name: &str,
    competitors: &[String],
) -> LandingCheck {
    let Some(text) = text else {
        return unread("no_competitors");
    };
    let own = page_text::normalized(partner_name);
    let mut listed: Vec<&str> = Vec::new();
    for competitor in competitors {
        let competitor = competitor.trim();
        let key = page_text::normalized(competitor);
        if key.is_empty() || key == own {
            continue;
        }
        if !listed.iter().any(|seen| page_text::normalized(seen) == key) {
            listed.push(competitor);
        }
    }
    let named: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|competitor| page_text::names(text, competitor))
        .collect();
    match named.as_slice() {
        [] => check(
            "no_competitors",
            true,
            match listed.len() {
                0 => "R25: the operator's competitor list is empty, so no competitor is named."
                    .to_owned(),
                1 => "R25: the page does not name the one competitor on the operator's list."
                    .to_owned(),
                n => format!(
                    "R25: the page names none of the {n} competitors on the operator's list."
                ),
            },
        ),
        [one] => check(
            "no_competitors",
            false,
            format!("R25: the page names competitor {one}; it must show no competitors."),
        ),
        many => check(
            "no_competitors",
            false,
            format!(
                "R25: the page names competitors {}; it must show no competitors.",
                many.join(", ")
            ),
        ),
    }
}

/// `redirects`: none leaves the partner's domain (nor loops, nor exceeds the limit).
pub fn redirects(site: &Site, page: &Fetched) -> LandingCheck {
    let domain = site.host();
    match &page.outcome {
        Err(failure) if failure.is_redirect_failure() => check(
            "redirects",
            false,
            format!("R25: the page's redirects must stay on {domain}, but {failure}."),
        ),
        Err(Failure::TimedOut { .. } | Failure::Transport) => skipped(
            "redirects",
            format!(
                "R25: the redirects could not be checked, because the page was not reached \
                 (see the status check); they must stay on {domain}."
            ),
        ),
        _ => {
            let detail = match page.redirects.len() {
                0 => "R25: the page does not redirect.".to_owned(),
                1 => format!("R25: the page redirects once and stays on {domain}."),
                n => format!("R25: the page redirects {n} times and stays on {domain}."),
            };
            check("redirects", true, detail)
        }
    }
}
