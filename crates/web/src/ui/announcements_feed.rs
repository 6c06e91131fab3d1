//! `GET /announcements.atom[?lang=ja|it]`: the program's announcements of the day as a public
//! Atom feed (R32), no sign-in. Any other `lang` (or none) is English; an announcement without
//! a version in the feed's language is given in English, its title and content marked
//! `xml:lang="en"`. At most [`lpc_app::announcements::IN_FEED`] entries, the latest starts
//! first.
//!
//! The XML is written, and every text escaped, by the `atom_syndication` crate. Each entry's
//! id is a `tag:` URI on the public URL's host (RFC 4151), the same in every language; its
//! link goes to the public site.

use std::collections::HashMap;
use std::sync::Arc;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_app::App;
use lpc_app::announcements::{self, Announcement};

use super::Ui;
use super::i18n::Lang;

/// The date part of the feed's `tag:` URIs (RFC 4151): the year of the program's article.
const TAG_DATE: &str = "2021";

/// The feed's language: `ja` or `it` as asked, English for anything else.
fn lang_of(query: &HashMap<String, String>) -> Lang {
    match query.get("lang").map(String::as_str) {
        Some("ja") => Lang::Ja,
        Some("it") => Lang::It,
        _ => Lang::En,
    }
}

/// The host of `public_url` (`lpc.example.com`), the authority of the `tag:` URIs.
fn authority(public_url: &str) -> String {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    host.trim_matches(['[', ']']).to_ascii_lowercase()
}

fn atom_time(at: Timestamp) -> Option<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(&at.to_string()).ok()
}

fn midnight(day: Date) -> Option<Timestamp> {
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// `text` in `lang`, with `xml:lang` when it is not the feed's own language.
fn text(value: &str, lang: &str, fallback: bool) -> Text {
    Text {
        value: value.to_owned(),
        lang: fallback.then(|| lang.to_owned()),
        ..Text::plain("")
    }
}

/// The entry of `a` in `lang` (else English), linked to `site`.
fn entry(a: &Announcement, lang: Lang, tag: &str, site: &str) -> Option<Entry> {
    let (version, fallback) = a.text_in(lang.code())?;
    let start = midnight(a.starts_on)?;
    // Shown from its start: an edit before then is not news to a reader.
    let updated = atom_time(a.updated_at.max(start))?;
    Some(Entry {
        title: text(&version.title, &version.lang, fallback),
        id: format!("{tag}/{}", a.id),
        updated,
        published: atom_time(start),
        links: vec![Link {
            href: site.to_owned(),
            rel: "alternate".to_owned(),
            mime_type: Some("text/html".to_owned()),
            ..Link::default()
        }],
        content: Some(Content {
            value: Some(version.body.clone()),
            content_type: Some("text".to_owned()),
            lang: fallback.then(|| version.lang.clone()),
            ..Content::default()
        }),
        ..Entry::default()
    })
}

/// The feed of `list` in `lang` for the site at `public_url`.
pub fn feed(list: &[Announcement], lang: Lang, public_url: &str, today: Date) -> Feed {
    let base = public_url.trim_end_matches('/');
    let site = format!("{base}/");
    let tag = format!("tag:{},{TAG_DATE}:lpc/announcements", authority(base));
    let entries: Vec<Entry> = list
        .iter()
        .filter_map(|a| entry(a, lang, &tag, &site))
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .or_else(|| midnight(today).and_then(atom_time))
        .unwrap_or_default();
    let self_href = match lang {
        Lang::En => format!("{base}/announcements.atom"),
        other => format!("{base}/announcements.atom?lang={}", other.code()),
    };
    Feed {
        title: Text::plain(lang.t("ann-feed-title")),
        subtitle: Some(Text::plain(lang.t("ann-feed-subtitle"))),
        id: tag,
        updated,
        authors: vec![Person {
            name: lang.t("app-name"),
            uri: Some(site.clone()),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: self_href,
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link {
                href: site,
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            },
        ],
        lang: Some(lang.code().to_owned()),
        entries,
        ..Feed::default()
    }
}

/// `GET /announcements.atom[?lang=ja|it]`.
pub async fn atom(
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let list = match announcements::public(&app).await {
        Ok(list) => list,
        Err(e) => {
            tracing::error!(error = %e, "announcements feed failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let lang = lang_of(&query);
    let feed = feed(&list, lang, &ui.config.public_url, app.clock().today());
    match feed.write_to(Vec::new()) {
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "application/atom+xml"),
                // The day's announcements: a reader polling every minute is answered from
                // its cache.
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            xml,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "announcements feed not written");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_authority_is_the_public_host_without_its_port() {
        assert_eq!(authority("https://LPC.example.com/"), "lpc.example.com");
        assert_eq!(authority("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(authority("http://[::1]:8080/x"), "::1");
    }
}
