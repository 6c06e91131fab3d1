#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The program's announcements over real HTTP (R32, R14): an operator publishes one in the
//! console (refusals name the field and the rule); a partner admin reading Japanese sees it on
//! the overview in English, marked so, its markup escaped and only http(s) addresses linked,
//! and dismisses it for good; every partner admin is mailed once, in their language, even
//! when the daily job runs twice; the public Atom feed parses, escapes, and follows `?lang`;
//! only operators reach the console; the rule-set what-if drafts the announcement of a change
//! of the KPI requirements.

mod support;

use std::str::FromStr;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::date;
use lpc_app::announcements::{self, AnnouncementInput, TextInput};
use lpc_app::{Actor, App, FixedClock, rule_drafts};
use reqwest::StatusCode;
use support::*;

const TODAY: jiff::civil::Date = date(2026, 11, 22);
const FY26: &str = include_str!("../../../rules/2025-07-01.toml");

fn local() -> Actor {
    Actor::Local {
        os_user: "test".into(),
    }
}

fn unescape(text: &str) -> String {
    text.replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// An announcement typed as the console's form sends it.
fn typed(texts: &[(&str, &str, &str)], starts_on: jiff::civil::Date) -> AnnouncementInput {
    AnnouncementInput {
        texts: texts
            .iter()
            .map(|(lang, title, text)| TextInput {
                lang: (*lang).to_owned(),
                title: (*title).to_owned(),
                text: (*text).to_owned(),
            })
            .collect(),
        starts_on: Some(starts_on),
        ends_on: None,
    }
}

/// The `value` of the input named `name` in `html` (the first one).
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let v = tag.find("value=\"")? + "value=\"".len();
    Some(unescape(&tag[v..v + tag[v..].find('"')?]))
}

/// The text of the textarea named `name` in `html`.
fn textarea(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\"")).unwrap();
    let open = at + html[at..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</textarea>").unwrap();
    unescape(&html[open..close])
}

/// Mails in the outbox whose dedup key is `key`.
async fn mails_keyed(server: &Server, key: &str) -> Vec<(String, String, String)> {
    server
        .app
        .store()
        .outbox(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.dedup_key == key)
        .map(|m| (m.to.to_string(), m.subject, m.body))
        .collect()
}

/// A partner admin signed up, verified, reading `lang` (stored as their language).
async fn admin_reading(server: &Server, mpn: &str, email: &str, lang: &str) -> reqwest::Client {
    let client = browser();
    sign_up(&client, server, mpn, email).await;
    if lang != "en" {
        let r = submit(
            &client,
            server,
            "/",
            "/lang",
            &[("lang", lang), ("back", "/")],
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    client
}

#[tokio::test]
async fn r32_an_operator_publishes_a_partner_reads_it_in_english_marked_and_dismisses_it() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let yuki = admin_reading(&server, "4410001", "yuki@sakura.example", "ja").await;
    let ops = browser();
    sign_in_staff(&ops, &server, "operator").await;

    // The console: the nav leads to the list, the form refuses what breaks R32 by field.
    let (status, list) = get(&ops, &server.url("/ops/announcements")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("href=\"/ops/announcements\" aria-current=\"page\""));
    let long = "x".repeat(201);
    let (status, refused) = submit_text(
        &ops,
        &server,
        "/ops/announcements/new",
        "/ops/announcements",
        &[
            ("title_en", &long),
            ("text_en", "Text"),
            ("title_it", "Solo il titolo"),
            ("starts_on", "2026-11-21"),
            ("ends_on", "not a date"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "Title (English): 201 characters, at most 200 (R32).",
        "Text (Italian): required, a version in another language has both a title and a text (R32).",
        "First day shown: before today (Nov 22, 2026); an announcement starts today or later (R32).",
        "Last day shown (optional): not a date (YYYY-MM-DD).",
    ] {
        assert!(
            unescape(&refused).contains(expected),
            "{expected}\n{refused}"
        );
    }
    assert!(refused.contains("Solo il titolo"), "what was typed is kept");
    assert!(
        announcements::list(&server.app, &local())
            .await
            .unwrap()
            .is_empty()
    );

    // Published from today: shown, and mailed at once.
    let r = submit(
        &ops,
        &server,
        "/ops/announcements/new",
        "/ops/announcements",
        &[
            ("title_en", "FY28 <script>alert(1)</script> KPIs"),
            (
                "text_en",
                "Gold needs more points: https://learn.example/kpi?fy=28&x=1.\r\n\r\nNot a link: javascript:alert(2)",
            ),
            ("starts_on", "2026-11-22"),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), "/ops/announcements");
    let id: i64 = r
        .url()
        .query_pairs()
        .find(|(k, _)| k == "published")
        .unwrap()
        .1
        .parse()
        .unwrap();
    let list = r.text().await.unwrap();
    assert!(list.contains(&format!(
        "data-announcement=\"{id}\" data-status=\"active\""
    )));
    assert!(
        list.contains("One partner admin is mailed."),
        "the Japanese reader"
    );
    assert!(
        !list.contains("<script>alert"),
        "escaped in the console too"
    );

    // The partner admin reads Japanese: the English version, marked, escaped, linked safely.
    let mpn_page = server.url("/partner/4410001");
    let (status, overview) = get(&yuki, &mpn_page).await;
    assert_eq!(status, StatusCode::OK);
    let block = &overview[overview.find("id=\"announcements\"").expect("the block")..];
    assert!(
        block.contains("プログラムからのお知らせ"),
        "the page's own words are Japanese"
    );
    assert!(
        block.contains("日本語版がまだないため、英語版を表示しています。"),
        "the fallback to English is marked"
    );
    assert!(block.contains("lang=\"en\""));
    assert!(!overview.contains("<script>alert"), "markup escaped");
    assert!(unescape(block).contains(">FY28 <script>alert(1)</script> KPIs</h3>"));
    assert!(
        unescape(block).contains(
            "<a href=\"https://learn.example/kpi?fy=28&x=1\" rel=\"nofollow noopener noreferrer\">"
        ),
        "{block}"
    );
    assert!(!block.contains("href=\"javascript:"));
    assert!(block.matches("<p>").count() >= 2, "two paragraphs");

    // Dismissed: gone for this user, for good.
    let r = submit(
        &yuki,
        &server,
        "/partner/4410001",
        &format!("/partner/4410001/announcements/{id}/dismiss"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), "/partner/4410001");
    let overview = r.text().await.unwrap();
    assert!(!overview.contains(&format!("data-announcement=\"{id}\"")));
    let (_, overview) = get(&yuki, &mpn_page).await;
    assert!(
        !overview.contains("id=\"announcements\""),
        "stays dismissed"
    );

    // Its mail went once, in Japanese around the English text.
    let mails = mails_keyed(&server, &format!("announcement:{id}:yuki@sakura.example")).await;
    assert_eq!(mails.len(), 1);
    let (_, subject, body) = &mails[0];
    assert_eq!(
        subject,
        "[Learning Partner Program] FY28 <script>alert(1)</script> KPIs"
    );
    assert!(
        body.starts_with("このお知らせにはまだ日本語版がない"),
        "{body}"
    );
    assert!(body.contains("パートナー管理者"));

    // A later announcement with a Japanese version shows it, unmarked.
    announcements::publish(
        &server.app,
        &local(),
        &typed(
            &[
                ("en", "Community call", "Join us."),
                ("ja", "コミュニティ コール", "ご参加ください。"),
            ],
            TODAY,
        ),
    )
    .await
    .unwrap();
    let (_, overview) = get(&yuki, &mpn_page).await;
    assert!(overview.contains("コミュニティ コール") && overview.contains("ご参加ください。"));
    assert!(!overview.contains("英語版を表示しています"));
    server.stop().await;
}

#[tokio::test]
async fn r32_each_partner_admin_is_mailed_once_in_their_language_when_the_start_day_comes() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    admin_reading(&server, "4420001", "yuki@sakura.example", "ja").await;
    admin_reading(&server, "4420002", "giulia@aurora.example", "it").await;
    admin_reading(&server, "4420003", "sam@tailspin.example", "en").await;
    let tomorrow = TODAY.checked_add(1.day()).unwrap();
    let saved = announcements::publish(
        &server.app,
        &local(),
        &typed(
            &[
                ("en", "FY28 KPIs", "Gold needs 1,500 points."),
                ("it", "KPI FY28", "Gold richiede 1.500 punti."),
            ],
            tomorrow,
        ),
    )
    .await
    .unwrap();
    assert_eq!(saved.mailed, 0, "not before its start day");
    let id = saved.announcement.id;
    let key = |email: &str| format!("announcement:{id}:{email}");
    assert!(
        mails_keyed(&server, &key("sam@tailspin.example"))
            .await
            .is_empty()
    );

    // The next day the job mails it; run twice (and the whole schedule too), it mails once.
    let next_day = App::new(
        server.app.store().clone(),
        Arc::new(FixedClock { today: tomorrow }),
        Arc::new(lpc_app::rule_files::embedded().unwrap()),
    );
    let first = announcements::mail_due(&next_day).await.unwrap();
    assert_eq!((first.announcements, first.mails), (1, 3));
    let again = announcements::mail_due(&next_day).await.unwrap();
    assert_eq!((again.announcements, again.mails), (0, 0));
    lpc_app::scheduler::run_due_jobs(&next_day).await;
    lpc_app::scheduler::run_due_jobs(&next_day).await;
    let runs = lpc_app::scheduler::recent_runs(&next_day, &local(), 50)
        .await
        .unwrap();
    assert!(
        runs.iter().any(|r| r.job == "announcement_mail"),
        "a scheduled job"
    );

    let yuki = mails_keyed(&server, &key("yuki@sakura.example")).await;
    let giulia = mails_keyed(&server, &key("giulia@aurora.example")).await;
    let sam = mails_keyed(&server, &key("sam@tailspin.example")).await;
    assert_eq!(
        (yuki.len(), giulia.len(), sam.len()),
        (1, 1, 1),
        "once each"
    );
    assert!(
        yuki[0].2.starts_with("このお知らせにはまだ日本語版がない")
            && yuki[0].2.contains("Gold needs")
    );
    assert_eq!(giulia[0].1, "[Learning Partner Program] KPI FY28");
    assert!(
        giulia[0].2.contains("Gold richiede") && giulia[0].2.contains("amministratore del partner")
    );
    assert_eq!(sam[0].1, "[Learning Partner Program] FY28 KPIs");
    assert!(sam[0].2.contains("as a partner admin (R32)"));

    // The console's jobs table names the job.
    let ops = browser();
    sign_in_staff(&ops, &server, "operator").await;
    let (_, overview) = get(&ops, &server.url("/ops/overview")).await;
    assert!(overview.contains("Announcement mail to partner admins (R32)"));
    server.stop().await;
}

#[tokio::test]
async fn r32_a_withdrawn_announcement_recalls_its_mails_not_sent_yet() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    admin_reading(&server, "4420001", "yuki@sakura.example", "ja").await;
    admin_reading(&server, "4420002", "giulia@aurora.example", "it").await;
    admin_reading(&server, "4420003", "sam@tailspin.example", "en").await;
    // Published by mistake, starting today: its three mails are queued at once.
    let saved = announcements::publish(
        &server.app,
        &local(),
        &typed(&[("en", "Wrong date", "The call moved.")], TODAY),
    )
    .await
    .unwrap();
    assert_eq!(saved.mailed, 3);
    let id = saved.announcement.id;
    // A server is sending the first of them right now (and the sign-ups' mails before it):
    // its lease runs for another minute.
    let unsent = server.app.store().outbox(1000).await.unwrap().len();
    let now = server.app.clock().now();
    let sending = server
        .app
        .store()
        .claim_mail(lpc_store::sql::outbox::MailClaim {
            server: "mailer-a",
            now,
            lease_until: now.checked_add(60.seconds()).unwrap(),
            max_attempts: 5,
            limit: u32::try_from(unsent - 2).unwrap(),
        })
        .await
        .unwrap();
    let sending = sending
        .into_iter()
        .filter(|m| m.dedup_key.starts_with("announcement:"))
        .collect::<Vec<_>>();
    assert_eq!(sending.len(), 1);

    let withdrawn = announcements::withdraw(&server.app, &local(), id)
        .await
        .unwrap();
    assert!(withdrawn.withdrawn_at.is_some());
    let left: Vec<String> = server
        .app
        .store()
        .outbox(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.dedup_key.starts_with(&format!("announcement:{id}:")))
        .map(|m| m.to.to_string())
        .collect();
    assert_eq!(
        left,
        [sending[0].to.to_string()],
        "only the mail being sent stays"
    );
    let events = server.app.store().audit_page(0, 1000).await.unwrap();
    let withdrawal = events
        .iter()
        .find(|e| e.action == "announcement.withdraw")
        .unwrap();
    assert!(
        withdrawal.details.contains("\"mails_recalled\":2"),
        "{}",
        withdrawal.details
    );
    // Nothing queues them again: not the daily job, not a batch of the publication.
    let run = announcements::mail_due(&server.app).await.unwrap();
    assert_eq!((run.announcements, run.mails), (0, 0));
    let queued = server
        .app
        .store()
        .queue_announcement_mail(&lpc_store::AnnouncementMail {
            announcement_id: id,
            mails: vec![lpc_store::LocalizedMail {
                lang: "en".into(),
                subject: "Wrong date".into(),
                body: "The call moved.".into(),
            }],
            created_at: now,
            batch: 1,
        })
        .await
        .unwrap();
    assert_eq!(queued, 0, "a batch after the withdrawal queues nothing");
    server.stop().await;
}

#[tokio::test]
async fn r32_the_public_feed_is_atom_escaped_bounded_and_in_the_asked_language() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let both = announcements::publish(
        &server.app,
        &local(),
        &typed(
            &[
                (
                    "en",
                    "FY28 <script>alert(1)</script> KPIs",
                    "Gold & silver change.\n\nSee <b>this</b>.",
                ),
                ("ja", "FY28 の KPI", "ゴールドとシルバーが変わります。"),
            ],
            TODAY,
        ),
    )
    .await
    .unwrap()
    .announcement;
    let english_only = announcements::publish(
        &server.app,
        &local(),
        &typed(&[("en", "Community call", "Join us.")], TODAY),
    )
    .await
    .unwrap()
    .announcement;
    announcements::publish(
        &server.app,
        &local(),
        &typed(
            &[("en", "Not yet", "Tomorrow.")],
            TODAY.checked_add(1.day()).unwrap(),
        ),
    )
    .await
    .unwrap();

    // No sign-in, no cookie.
    let visitor = reqwest::Client::new();
    let r = visitor
        .get(server.url("/announcements.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/atom+xml");
    assert!(r.headers().get("set-cookie").is_none());
    let xml = r.text().await.unwrap();
    roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert!(
        xml.contains("FY28 &lt;script&gt;alert(1)&lt;/script&gt; KPIs"),
        "{xml}"
    );
    assert!(!xml.contains("<script>") && !xml.contains("<b>"));
    let feed = atom_syndication::Feed::from_str(&xml).expect("an Atom feed");
    let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Community call", "FY28 <script>alert(1)</script> KPIs"],
        "today's, the latest first; tomorrow's not yet"
    );
    let entry = &feed.entries[1];
    assert!(
        entry
            .id
            .starts_with("tag:127.0.0.1,2021:lpc/announcements/"),
        "{}",
        entry.id
    );
    assert!(entry.id.ends_with(&format!("/{}", both.id)));
    assert_eq!(
        entry.content.as_ref().unwrap().value.as_deref(),
        Some("Gold & silver change.\n\nSee <b>this</b>.")
    );
    assert_eq!(
        entry.content.as_ref().unwrap().content_type.as_deref(),
        Some("text")
    );
    assert_eq!(entry.links[0].href, server.url("/"));
    assert!(!feed.authors.is_empty());
    assert_eq!(feed.lang.as_deref(), Some("en"));

    // ?lang=ja: the Japanese version where there is one, else English marked xml:lang="en".
    let (_, ja) = get(&visitor, &server.url("/announcements.atom?lang=ja")).await;
    let feed = atom_syndication::Feed::from_str(&ja).unwrap();
    assert_eq!(feed.lang.as_deref(), Some("ja"));
    let by_id = |id: i64| {
        feed.entries
            .iter()
            .find(|e| e.id.ends_with(&format!("/{id}")))
            .unwrap()
    };
    assert_eq!(by_id(both.id).title.as_str(), "FY28 の KPI");
    assert_eq!(by_id(both.id).title.lang, None);
    assert_eq!(by_id(english_only.id).title.as_str(), "Community call");
    assert_eq!(by_id(english_only.id).title.lang.as_deref(), Some("en"));
    assert_eq!(
        by_id(english_only.id)
            .content
            .as_ref()
            .unwrap()
            .lang
            .as_deref(),
        Some("en")
    );
    assert_eq!(
        by_id(both.id).id,
        format!("tag:127.0.0.1,2021:lpc/announcements/{}", both.id),
        "the same id in every language"
    );
    // Anything else is English.
    let (_, other) = get(&visitor, &server.url("/announcements.atom?lang=fr")).await;
    assert_eq!(
        atom_syndication::Feed::from_str(&other)
            .unwrap()
            .lang
            .as_deref(),
        Some("en")
    );

    // At most 50 entries.
    for n in 0..50 {
        announcements::publish(
            &server.app,
            &local(),
            &typed(&[("en", &format!("News {n}"), "Text.")], TODAY),
        )
        .await
        .unwrap();
    }
    let (_, many) = get(&visitor, &server.url("/announcements.atom")).await;
    assert_eq!(
        atom_syndication::Feed::from_str(&many)
            .unwrap()
            .entries
            .len(),
        50
    );

    // The home page names the feed in its <head>.
    let (_, home) = get(&browser(), &server.url("/")).await;
    let head = &home[..home.find("</head>").unwrap()];
    assert!(head.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/announcements.atom\""
    ));
    server.stop().await;
}

#[tokio::test]
async fn r32_only_operators_reach_the_announcements_console() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let a = announcements::publish(
        &server.app,
        &local(),
        &typed(
            &[("en", "Kept", "Text.")],
            TODAY.checked_add(3.days()).unwrap(),
        ),
    )
    .await
    .unwrap()
    .announcement;

    let visitor = browser_no_redirects();
    let r = visitor
        .get(server.url("/ops/announcements"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );

    let partner = browser();
    sign_up(&partner, &server, "4440001", "admin@partner.example").await;
    let support = browser();
    sign_in_staff(&support, &server, "support_agent").await;
    for client in [&partner, &support] {
        for path in [
            "/ops/announcements".to_owned(),
            "/ops/announcements/new".to_owned(),
            format!("/ops/announcements/{}/edit", a.id),
        ] {
            let (status, _) = get(client, &server.url(&path)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
        let (status, _) = submit_text(
            client,
            &server,
            "/",
            "/ops/announcements",
            &[("title_en", "Mine"), ("text_en", "Text.")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = submit_text(
            client,
            &server,
            "/",
            &format!("/ops/announcements/{}/withdraw", a.id),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // The use cases refuse too (R1), whoever calls them.
    let user = Actor::User {
        email: lpc_domain::Email::parse("admin@partner.example").unwrap(),
        grants: vec![],
    };
    assert!(matches!(
        announcements::withdraw(&server.app, &user, a.id).await,
        Err(lpc_app::AppError::Denied(_))
    ));
    let still = announcements::get(&server.app, &local(), a.id)
        .await
        .unwrap();
    assert!(still.withdrawn_at.is_none());
    assert_eq!(
        announcements::list(&server.app, &local())
            .await
            .unwrap()
            .len(),
        1
    );
    server.stop().await;
}

#[tokio::test]
async fn r32_an_announcement_is_changed_before_its_start_and_withdrawn_with_its_audit() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let ops = browser();
    sign_in_staff(&ops, &server, "operator").await;
    let r = submit(
        &ops,
        &server,
        "/ops/announcements/new",
        "/ops/announcements",
        &[
            ("title_en", "Draft title"),
            ("text_en", "Draft text."),
            ("starts_on", "2026-12-01"),
            ("ends_on", "2026-12-31"),
        ],
    )
    .await;
    let list = r.text().await.unwrap();
    let id = announcements::list(&server.app, &local()).await.unwrap()[0].id;
    assert!(list.contains(&format!(
        "data-announcement=\"{id}\" data-status=\"scheduled\""
    )));
    assert!(list.contains("No mail queued now"));
    let edit = format!("/ops/announcements/{id}/edit");
    let (status, form) = get(&ops, &server.url(&edit)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        input_value(&form, "title_en").as_deref(),
        Some("Draft title")
    );
    assert_eq!(textarea(&form, "text_en"), "Draft text.");
    assert_eq!(input_value(&form, "ends_on").as_deref(), Some("2026-12-31"));

    let (status, refused) = submit_text(
        &ops,
        &server,
        &edit,
        &edit,
        &[
            ("title_en", "Final"),
            ("text_en", "Final text."),
            ("starts_on", "2026-12-01"),
            ("ends_on", "2026-11-30"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescape(&refused).contains("before the first day (Dec 1, 2026)"));
    let r = submit(
        &ops,
        &server,
        &edit,
        &edit,
        &[
            ("title_en", "Final"),
            ("text_en", "Final text."),
            ("title_ja", "最終"),
            ("text_ja", "最終版です。"),
            ("starts_on", "2026-12-01"),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(r.url().query(), Some(format!("saved={id}").as_str()));
    let stored = announcements::get(&server.app, &local(), id).await.unwrap();
    assert_eq!(stored.ends_on, None);
    assert_eq!(stored.texts.len(), 2);

    let r = submit(
        &ops,
        &server,
        "/ops/announcements",
        &format!("/ops/announcements/{id}/withdraw"),
        &[],
    )
    .await;
    let list = r.text().await.unwrap();
    assert!(list.contains(&format!(
        "data-announcement=\"{id}\" data-status=\"withdrawn\""
    )));
    let (status, _) = get(&ops, &server.url(&edit)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn one is not changed"
    );
    let (status, again) = submit_text(
        &ops,
        &server,
        "/ops/announcements",
        &format!("/ops/announcements/{id}/withdraw"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(again.contains("(R32)"));

    let events = server.app.store().audit_page(0, 1000).await.unwrap();
    let ours: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.action.starts_with("announcement."))
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        ours,
        [
            ("announcement.publish", "user:operator@program.example"),
            ("announcement.edit", "user:operator@program.example"),
            ("announcement.withdraw", "user:operator@program.example"),
        ]
    );
    assert!(events.iter().all(
        |e| !e.action.starts_with("announcement.") || e.subject == format!("announcement:{id}")
    ));
    server.stop().await;
}

/// FY26 as FY28 from 2027-07-01 with gold needing 1,500 KPI points.
fn fy28() -> String {
    let text = FY26
        .replacen("name = \"FY26\"", "name = \"FY28\"", 1)
        .replacen(
            "effective_from = 2025-07-01",
            "effective_from = 2027-07-01",
            1,
        );
    let gold = text.find("[tiers.gold]").unwrap();
    let (head, tail) = text.split_at(gold);
    format!(
        "{head}{}",
        tail.replacen("kpi_points = 1000", "kpi_points = 1500", 1)
    )
}

#[tokio::test]
async fn r14_the_what_if_drafts_the_announcement_of_the_change() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let ops = browser();
    sign_in_staff(&ops, &server, "operator").await;
    let rule_drafts::Upload::Stored(draft) =
        rule_drafts::upload_draft(&server.app, &local(), "FY28.toml", &fy28())
            .await
            .unwrap()
    else {
        panic!("the draft is valid");
    };
    let (status, what_if) = get(
        &ops,
        &server.url(&format!(
            "/ops/rules/drafts/{}/what-if?on=2027-07-01",
            draft.id
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let form = &what_if[what_if
        .find("id=\"draft-announcement\"")
        .expect("the button's form")..];
    assert!(form.contains("Draft an announcement"));
    let fields: Vec<(&str, String)> = ["draft", "title_en", "text_en", "starts_on"]
        .into_iter()
        .map(|name| (name, input_value(form, name).unwrap()))
        .collect();
    let query = serde_urlencoded::to_string(&fields).unwrap();
    let (status, prefilled) = get(
        &ops,
        &server.url(&format!("/ops/announcements/new?{query}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        input_value(&prefilled, "title_en").as_deref(),
        Some("KPI requirements change on Jul 1, 2027")
    );
    assert_eq!(
        input_value(&prefilled, "starts_on").as_deref(),
        Some("2026-11-22"),
        "from today"
    );
    let text = textarea(&prefilled, "text_en");
    for expected in [
        "From Jul 1, 2027, decisions follow the rule set FY28 instead of FY26.",
        "1,500 KPI points at enrollment and at each renewal (until then: 1,000 KPI points at enrollment and at each renewal)",
        "among 0 partners:",
        "(R14)",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert!(
        textarea(&prefilled, "text_ja").is_empty(),
        "the operator adds Japanese"
    );
    assert!(prefilled.contains(&format!("rule-set draft {}", draft.id)));

    // Published as it is.
    let r = submit(
        &ops,
        &server,
        "/ops/announcements/new",
        "/ops/announcements",
        &[
            ("title_en", &input_value(&prefilled, "title_en").unwrap()),
            ("text_en", &text),
            ("starts_on", "2026-11-22"),
        ],
    )
    .await;
    assert_eq!(r.url().path(), "/ops/announcements");
    let published = announcements::public(&server.app).await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(
        published[0].texts[0].title,
        "KPI requirements change on Jul 1, 2027"
    );
    server.stop().await;
}
