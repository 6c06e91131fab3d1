//! A partner's listing request (R24): who may ask, the name, country and landing page URL
//! refused field by field, the landing page checked at once (R25) and the processing week and
//! visible-by day answered (R26); and what partners read of their requests and listing.

use lpc_domain::access::Action;
use lpc_domain::calendar::directory_processing;
use lpc_domain::{CountryCode, MpnId};
use lpc_store::MembershipStatus;
use lpc_store::directory::NewDirectoryRequest;
use serde_json::json;

use super::draft;
use super::token::token_of;
use super::views::{ListingView, RequestView, report_text};
use crate::landing_check::check_landing_page;
use crate::{Actor, App, AppError};

/// The longest name to show (R24), in characters, after trimming.
pub const NAME_MAX: usize = 100;
/// The longest landing page URL accepted, in bytes.
pub const URL_MAX: usize = 2000;

/// What a partner asks to show (R24), as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub partner: MpnId,
    pub display_name: String,
    pub country: String,
    pub landing_url: String,
}

/// R24: the name to show, trimmed, 1 to 100 characters, no control characters.
pub fn parse_name(input: &str) -> Result<String, AppError> {
    let name = input.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > NAME_MAX {
        return Err(AppError::invalid(
            "name",
            format!("R24: the name to show must be 1 to {NAME_MAX} characters, not {chars}"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "R24: the name to show may not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// R24: the landing page URL: absolute http(s) with a host, no user name or password.
pub fn parse_url(input: &str) -> Result<String, AppError> {
    let text = input.trim();
    let refuse = |why: &str| AppError::invalid("url", format!("R25: {text:?} {why}"));
    if text.len() > URL_MAX {
        return Err(refuse(&format!("is longer than {URL_MAX} characters")));
    }
    let url = reqwest::Url::parse(text).map_err(|e| refuse(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("is not an http(s) URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("may not hold a user name or password"));
    }
    Ok(url.to_string())
}

pub(super) async fn has_active_membership(app: &App, partner: MpnId) -> Result<bool, AppError> {
    Ok(app
        .store()
        .memberships_of(partner)
        .await?
        .iter()
        .any(|m| m.status == MembershipStatus::Active))
}

pub(super) fn r24_refusal(partner: MpnId) -> AppError {
    AppError::Conflict(format!(
        "R24: partner {partner} holds no active learning membership (Learning Action Pack, silver or gold): only an active learning partner may be listed in the directory"
    ))
}

/// R24: asks for the partner's listing; checks its landing page at once (R25) and answers
/// with the processing week and the day it will be visible by (R26).
pub async fn request(
    app: &App,
    actor: &Actor,
    input: &RequestInput,
) -> Result<RequestView, AppError> {
    actor.authorize(Action::ManageMemberships(input.partner))?;
    let name = parse_name(&input.display_name);
    let country = CountryCode::parse(&input.country)
        .map_err(|e| AppError::invalid("country", format!("R24: {e}")));
    let url = parse_url(&input.landing_url);
    let (name, country, url) = match (name, country, url) {
        (Ok(n), Ok(c), Ok(u)) => (n, c, u),
        (n, c, u) => {
            // Every bad field at once, each named.
            let errors: Vec<AppError> = [n.err(), c.err(), u.err()].into_iter().flatten().collect();
            let fields: Vec<String> = errors
                .iter()
                .filter_map(|e| match e {
                    AppError::Invalid { field, .. } => Some(field.clone()),
                    _ => None,
                })
                .collect();
            let messages: Vec<String> = errors
                .iter()
                .map(|e| match e {
                    AppError::Invalid { message, .. } => message.clone(),
                    other => other.to_string(),
                })
                .collect();
            return Err(AppError::invalid(fields.join(", "), messages.join("; ")));
        }
    };
    let partner = app.store().partner(input.partner).await?.ok_or_else(|| {
        AppError::NotFound(format!("partner {} is not registered", input.partner))
    })?;
    if !has_active_membership(app, partner.mpn_id).await? {
        return Err(r24_refusal(partner.mpn_id));
    }
    let token = token_of(app, actor, partner.mpn_id).await?;
    let competitors = app.store().directory_competitors().await?;
    let report =
        check_landing_page(&app.directory().checks, &url, &name, &token, &competitors).await;
    let today = app.clock().today();
    let cycle = directory_processing(today);
    let new = NewDirectoryRequest {
        partner_id: partner.mpn_id,
        display_name: name.clone(),
        country,
        landing_url: url.clone(),
        requested_at: app.clock().now(),
        requested_on: today,
        processing_from: cycle.processing_window.from,
        processing_to: cycle.processing_window.to,
        visible_by: cycle.visible_by,
        checks: report_text(&report)?,
    };
    let audit = draft(
        app,
        actor,
        "directory.request",
        format!("partner:{}", partner.mpn_id),
        json!({
            "name": name,
            "country": country.as_str(),
            "url": url,
            "processing_window": cycle.processing_window,
            "visible_by": cycle.visible_by,
            "checks_passed": report.passed(),
        }),
    );
    let stored = app.store().add_directory_request(&new, &audit).await?;
    Ok(RequestView::of(stored))
}

/// The partner's requests, newest first.
pub async fn requests_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<RequestView>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    let requests = app.store().directory_requests(Some(partner), None).await?;
    Ok(requests.into_iter().map(RequestView::of).collect())
}

/// The partner's listing, if it was ever approved.
pub async fn listing_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Option<ListingView>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    let today = app.clock().today();
    Ok(app
        .store()
        .directory_listing(partner)
        .await?
        .map(|l| ListingView::of(l, today)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r24_names_and_urls_are_refused_with_their_field() {
        assert_eq!(parse_name("  Contoso  ").unwrap(), "Contoso");
        assert!(
            matches!(parse_name("   "), Err(AppError::Invalid { field, .. }) if field == "name")
        );
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert!(parse_name(&"é".repeat(100)).is_ok());
        assert!(
            matches!(parse_url("ftp://example.com/"), Err(AppError::Invalid { field, .. }) if field == "url")
        );
        assert!(parse_url("javascript:alert(1)").is_err());
        assert!(parse_url("https://user:pw@example.com/").is_err());
        assert!(parse_url("https://example.com/learning").is_ok());
    }
}
