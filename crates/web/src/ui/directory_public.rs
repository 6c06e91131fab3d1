//! The public Learning Partner directory (R24, R26; issue 8 item 4): no sign-in.
//!
//! - `GET /directory?q=&country=&competency=&tier=&sort=&page=`: the search form (a GET
//!   form: the URL of a search can be shared), the result count, one page of listings and
//!   links to the other pages that keep the filters.
//! - `GET /directory/{mpn}`: a partner's listing: name, country, tiers, competencies and its
//!   landing page (`rel="noopener nofollow ugc"`: another site, written by the partner).
//!
//! The listings come from memory (`lpc_app::directory_search`). A visitor without a session
//! gets none here: these pages are read by anyone, crawlers included, and creating a session
//! (a database write) per anonymous view would cost more than the search. Such a visitor
//! switches language with the page's own links (`?lang=ja`, remembered in the `lang` cookie)
//! instead of the layout's form, which needs a session's CSRF token. A visitor with a session
//! (signed in, or who used a form before) gets the usual page context.

use lpc_domain::RuleSet;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lpc_app::directory_search::{self, DirectoryEntry, DirectoryQuery, SortOrder};
use lpc_app::{App, AppError};
use lpc_domain::{CountryCode, LearningOption, MpnId};
use serde::Deserialize;

use super::Ui;
use super::accounts::had_session;
use super::context::{Ctx, LANG_COOKIE, render, resolve_lang};
use super::i18n::Lang;

/// The query parameters of `/directory` (all optional; empty means no filter).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DirectoryParams {
    pub q: String,
    pub country: String,
    pub competency: String,
    pub tier: String,
    pub sort: String,
    pub page: String,
    /// `en`, `ja` or `it`: show the page in that language and remember it (`lang` cookie).
    pub lang: String,
}

/// The page context of a public page, without creating a session (see the module docs).
async fn public_ctx(parts: &mut Parts, app: &App, lang: &str) -> Result<Ctx, Response> {
    let mut ctx = if had_session(&parts.headers) {
        Ctx::from_request_parts(parts, app).await?
    } else {
        Ctx {
            lang: resolve_lang(None, &parts.headers),
            csrf: String::new(),
            user: None,
            signed_in: false,
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/directory".to_owned(), |p| p.as_str().to_owned()),
            banner: String::new(),
            partner_nav: Vec::new(),
        }
    };
    if let Some(lang) = Lang::parse(lang) {
        ctx.lang = lang;
    }
    Ok(ctx)
}

/// Adds the `lang` cookie when the visitor chose a language with `?lang=`.
fn remember_lang(mut response: Response, chosen: &str, ui: &Ui) -> Response {
    if let Some(lang) = Lang::parse(chosen) {
        let secure = if ui.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

// ---------------------------------------------------------------------------------------------
// Names in the page's language.

/// A country's name in the page's language (`country-JP` in `directory-countries.ftl`).
pub fn country_name(ctx: &Ctx, country: CountryCode) -> String {
    translated(ctx, &format!("country-{}", country.as_str()))
        .unwrap_or_else(|| country.as_str().to_owned())
}

/// A competency's name in the page's language; else its name in the rules; else its id.
/// A competency's name in the page's language, from the given rule set's names when no
/// translation has it.
pub fn competency_label(ctx: &Ctx, rules: Option<&RuleSet>, id: &str) -> String {
    translated(ctx, &format!("dirpub-competency-{id}")).unwrap_or_else(|| {
        rules
            .and_then(|rules| rules.competency(id).map(|c| c.name.clone()))
            .unwrap_or_else(|| id.to_owned())
    })
}

pub fn competency_name(ctx: &Ctx, app: &App, id: &str) -> String {
    translated(ctx, &format!("dirpub-competency-{id}")).unwrap_or_else(|| {
        app.rules()
            .in_force_on(app.clock().today())
            .and_then(|rules| rules.competency(id).map(|c| c.name.clone()))
            .unwrap_or_else(|| id.to_owned())
    })
}

pub fn tier_name(ctx: &Ctx, tier: LearningOption) -> String {
    ctx.t(&format!("dirpub-tier-{}", tier.as_str()))
}

/// The message `key`, or `None` when no language has it (Fluent then answers the key).
fn translated(ctx: &Ctx, key: &str) -> Option<String> {
    let text = ctx.t(key);
    (text != key).then_some(text)
}

fn list_separator(ctx: &Ctx) -> &'static str {
    match ctx.lang {
        Lang::Ja => "、",
        Lang::En | Lang::It => ", ",
    }
}

fn tiers_text(ctx: &Ctx, entry: &DirectoryEntry) -> String {
    if entry.tiers.is_empty() {
        return ctx.t("dirpub-no-tier");
    }
    entry
        .tiers
        .iter()
        .map(|t| tier_name(ctx, *t))
        .collect::<Vec<_>>()
        .join(list_separator(ctx))
}

fn competencies_text(ctx: &Ctx, app: &App, entry: &DirectoryEntry) -> Vec<String> {
    entry
        .competencies
        .iter()
        .map(|c| {
            ctx.t_args(
                "dirpub-competency-tier",
                &[
                    ("competency", competency_name(ctx, app, &c.competency)),
                    ("tier", tier_name(ctx, c.tier)),
                ],
            )
        })
        .collect()
}

/// Only http(s) addresses become links (a listing's URL was checked when it was requested,
/// R25; this keeps a `javascript:` URL from ever reaching an `href`).
fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}

// ---------------------------------------------------------------------------------------------
// The search page.

/// A choice of a filter's `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A listing in the results.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub href: String,
    pub name: String,
    pub country: String,
    pub tiers: String,
    pub competencies: String,
}

/// A link of the pagination or of the language choice.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Template)]
#[template(path = "directory_public.html")]
pub struct SearchPage {
    pub ctx: Ctx,
    pub q: String,
    pub countries: Vec<Choice>,
    pub competencies: Vec<Choice>,
    pub tiers: Vec<Choice>,
    pub sorts: Vec<Choice>,
    /// A refused filter: its field and why, shown next to it.
    pub errors: Vec<(String, String)>,
    pub count: String,
    pub empty_directory: bool,
    pub rows: Vec<ResultRow>,
    pub pages: Vec<PageLink>,
    pub page_of: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub langs: Vec<PageLink>,
    pub filtered: bool,
}

impl SearchPage {
    pub fn error_of(&self, field: &str) -> String {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

/// Parses the filters; a refused one is dropped (the search runs without it) and reported
/// next to its field.
fn parse_query(params: &DirectoryParams) -> (DirectoryQuery, Vec<(String, String)>) {
    let mut params = params.clone();
    let mut errors = Vec::new();
    for _ in 0..6 {
        let parsed = DirectoryQuery::parse(
            Some(&params.q),
            Some(&params.country),
            Some(&params.competency),
            Some(&params.tier),
            Some(&params.sort),
            Some(&params.page),
        );
        match parsed {
            Ok(query) => return (query, errors),
            Err(AppError::Invalid { field, message }) => {
                match field.as_str() {
                    "country" => params.country.clear(),
                    "tier" => params.tier.clear(),
                    "sort" => params.sort.clear(),
                    "page" => params.page.clear(),
                    _ => break,
                }
                errors.push((field, message));
            }
            Err(_) => break,
        }
    }
    (DirectoryQuery::default(), errors)
}

/// The query string of a search (empty filters left out), with `page` and `lang` if given.
fn search_href(query: &DirectoryQuery, page: usize, lang: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !query.q.is_empty() {
        pairs.push(("q", query.q.clone()));
    }
    if let Some(c) = query.country {
        pairs.push(("country", c.as_str().to_owned()));
    }
    if let Some(c) = &query.competency {
        pairs.push(("competency", c.clone()));
    }
    if let Some(t) = query.tier {
        pairs.push(("tier", t.as_str().to_owned()));
    }
    if query.sort != SortOrder::Name {
        pairs.push(("sort", query.sort.as_str().to_owned()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    if let Some(lang) = lang {
        pairs.push(("lang", lang.to_owned()));
    }
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if encoded.is_empty() {
        "/directory".to_owned()
    } else {
        format!("/directory?{encoded}")
    }
}

/// The page numbers worth a link: the first, the last, and two either side of the current.
fn page_numbers(current: usize, pages: usize) -> Vec<usize> {
    let mut numbers: Vec<usize> = (1..=pages)
        .filter(|&p| p == 1 || p == pages || p.abs_diff(current) <= 2)
        .collect();
    numbers.dedup();
    numbers
}

fn lang_links(ctx: &Ctx, href_for: impl Fn(&str) -> String) -> Vec<PageLink> {
    Lang::ALL
        .iter()
        .map(|l| PageLink {
            href: href_for(l.code()),
            label: l.native_name().to_owned(),
            current: *l == ctx.lang,
        })
        .collect()
}

/// `GET /directory`: search the public directory.
pub async fn search(
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    Query(params): Query<DirectoryParams>,
    request: axum::extract::Request,
) -> Response {
    let (mut parts, _body) = request.into_parts();
    let ctx = match public_ctx(&mut parts, &app, &params.lang).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let (query, refused) = parse_query(&params);
    // The refusal in the page's language, next to its field.
    let errors: Vec<(String, String)> = refused
        .into_iter()
        .map(|(field, _)| {
            let message = ctx.t(&format!("dirpub-error-{field}"));
            (field, message)
        })
        .collect();
    let (snapshot, found) = match directory_search::search(&app, &query).await {
        Ok(found) => found,
        Err(e) => return ctx.fail(e),
    };

    let mut countries: Vec<Choice> = snapshot
        .countries
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_owned(),
            label: country_name(&ctx, *c),
            selected: query.country == Some(*c),
        })
        .collect();
    if let Some(c) = query.country
        && !snapshot.countries.contains(&c)
    {
        countries.push(Choice {
            value: c.as_str().to_owned(),
            label: country_name(&ctx, c),
            selected: true,
        });
    }
    countries.sort_by(|a, b| a.label.cmp(&b.label));
    let mut competencies: Vec<Choice> = snapshot
        .competencies
        .iter()
        .map(|c| Choice {
            value: c.clone(),
            label: competency_name(&ctx, &app, c),
            selected: query.competency.as_deref() == Some(c.as_str()),
        })
        .collect();
    if let Some(c) = &query.competency
        && !snapshot.competencies.contains(c)
    {
        competencies.push(Choice {
            value: c.clone(),
            label: competency_name(&ctx, &app, c),
            selected: true,
        });
    }
    competencies.sort_by(|a, b| a.label.cmp(&b.label));
    let tiers = [
        LearningOption::Gold,
        LearningOption::Silver,
        LearningOption::ActionPack,
    ]
    .into_iter()
    .map(|t| Choice {
        value: t.as_str().to_owned(),
        label: tier_name(&ctx, t),
        selected: query.tier == Some(t),
    })
    .collect();
    let sorts = [
        (SortOrder::Name, "dirpub-sort-name"),
        (SortOrder::Tier, "dirpub-sort-tier"),
    ]
    .into_iter()
    .map(|(s, key)| Choice {
        value: s.as_str().to_owned(),
        label: ctx.t(key),
        selected: query.sort == s,
    })
    .collect();

    let rows = found
        .listings
        .iter()
        .map(|e| ResultRow {
            href: format!("/directory/{}", e.mpn_id),
            name: e.name.clone(),
            country: country_name(&ctx, e.country),
            tiers: tiers_text(&ctx, e),
            competencies: competencies_text(&ctx, &app, e).join(list_separator(&ctx)),
        })
        .collect();
    let pages = page_numbers(found.page, found.pages)
        .into_iter()
        .map(|p| PageLink {
            href: search_href(&query, p, None),
            label: ctx.number(i64::try_from(p).unwrap_or(i64::MAX)),
            current: p == found.page,
        })
        .collect();
    let prev = (found.page > 1 && found.page <= found.pages)
        .then(|| search_href(&query, found.page - 1, None));
    let next = (found.page < found.pages).then(|| search_href(&query, found.page + 1, None));
    // Two messages rather than a Fluent plural: arguments reach Fluent as text.
    let count = if found.total == 1 {
        ctx.t("dirpub-count-one")
    } else {
        ctx.t_args(
            "dirpub-count",
            &[(
                "count",
                ctx.number(i64::try_from(found.total).unwrap_or(i64::MAX)),
            )],
        )
    };
    let page_of = ctx.t_args(
        "dirpub-page-of",
        &[
            ("page", ctx.number(i64::try_from(found.page).unwrap_or(0))),
            ("pages", ctx.number(i64::try_from(found.pages).unwrap_or(0))),
        ],
    );
    let filtered = query
        != DirectoryQuery {
            page: query.page,
            ..DirectoryQuery::default()
        };
    let langs = lang_links(&ctx, |code| search_href(&query, found.page, Some(code)));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SearchPage {
        q: query.q.clone(),
        countries,
        competencies,
        tiers,
        sorts,
        errors,
        count,
        empty_directory: snapshot.is_empty(),
        rows,
        pages,
        page_of,
        prev,
        next,
        langs,
        filtered,
        ctx,
    };
    remember_lang(render(status, &page), &params.lang, &ui)
}

// ---------------------------------------------------------------------------------------------
// A partner's page.

#[derive(Debug, Template)]
#[template(path = "directory_public_partner.html")]
pub struct PartnerPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub name: String,
    pub country: String,
    pub tiers: String,
    pub competencies: Vec<String>,
    pub landing_url: String,
    pub landing_href: Option<String>,
    pub listed_since: String,
    pub langs: Vec<PageLink>,
}

/// Only `?lang=` is read on a partner's page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LangParam {
    pub lang: String,
}

/// `GET /directory/{mpn}`: a listed partner's page; 404 when it is not public today.
pub async fn partner(
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    Path(mpn): Path<String>,
    Query(params): Query<LangParam>,
    request: axum::extract::Request,
) -> Response {
    let (mut parts, _body) = request.into_parts();
    let ctx = match public_ctx(&mut parts, &app, &params.lang).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let not_listed = |ctx: &Ctx| {
        ctx.message(
            StatusCode::NOT_FOUND,
            "dirpub-not-listed-title",
            "dirpub-not-listed",
        )
    };
    let Ok(mpn_id) = MpnId::parse(&mpn) else {
        return not_listed(&ctx);
    };
    let entry = match directory_search::listing(&app, mpn_id).await {
        Ok(entry) => entry,
        Err(AppError::NotFound(_)) => return not_listed(&ctx),
        Err(e) => return ctx.fail(e),
    };
    let langs = lang_links(&ctx, |code| format!("/directory/{mpn_id}?lang={code}"));
    let page = PartnerPage {
        mpn: entry.mpn_id.to_string(),
        name: entry.name.clone(),
        country: country_name(&ctx, entry.country),
        tiers: tiers_text(&ctx, &entry),
        competencies: competencies_text(&ctx, &app, &entry),
        landing_url: entry.landing_url.clone(),
        landing_href: safe_href(&entry.landing_url),
        listed_since: ctx.date(entry.listed_since),
        langs,
        ctx,
    };
    remember_lang(render(StatusCode::OK, &page), &params.lang, &ui).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_every_filter() {
        let query = DirectoryQuery::parse(
            Some("a&b"),
            Some("jp"),
            Some("security"),
            Some("gold"),
            Some("tier"),
            Some("2"),
        )
        .unwrap_or_default();
        assert_eq!(
            search_href(&query, 3, None),
            "/directory?q=a%26b&country=JP&competency=security&tier=gold&sort=tier&page=3"
        );
        assert_eq!(
            search_href(&DirectoryQuery::default(), 1, Some("ja")),
            "/directory?lang=ja"
        );
        assert_eq!(page_numbers(1, 1), vec![1]);
        assert_eq!(page_numbers(6, 40), vec![1, 4, 5, 6, 7, 8, 40]);
    }

    #[test]
    fn every_language_has_every_message_and_country() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
                .collect()
        };
        for (en, others) in [
            (
                include_str!("../../../../locales/en/directory-public.ftl"),
                [
                    include_str!("../../../../locales/ja/directory-public.ftl"),
                    include_str!("../../../../locales/it/directory-public.ftl"),
                ],
            ),
            (
                include_str!("../../../../locales/en/directory-countries.ftl"),
                [
                    include_str!("../../../../locales/ja/directory-countries.ftl"),
                    include_str!("../../../../locales/it/directory-countries.ftl"),
                ],
            ),
        ] {
            let en = keys(en);
            for theirs in others.map(keys) {
                assert_eq!(theirs, en, "the same messages in the same order");
            }
        }
        assert_eq!(Lang::Ja.t("country-JP"), "日本");
        assert_eq!(Lang::It.t("country-JP"), "Giappone");
        assert_eq!(Lang::It.t("dirpub-competency-security"), "Sicurezza");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            safe_href("https://a.example/"),
            Some("https://a.example/".to_owned())
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
    }
}
