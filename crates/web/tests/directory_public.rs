#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The public Learning Partner directory (R24, R26, R28; issue 8 item 4): `/directory`, a
//! partner's page and the JSON at `/api/v1/directory`, without signing in. Listings are
//! written through the store as an approved request would write them; the server's day is
//! 2026-11-22.

mod support;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use lpc_domain::{CountryCode, Currency, LearningOption, Money, MpnId, PartnerName};
use lpc_store::directory::{NewDirectoryRequest, RequestDecision};
use lpc_store::{AuditDraft, NewOrder, NewPartner, OrderEffect, OrderPurpose, PaymentMethod};
use reqwest::StatusCode;
use serde_json::Value;
use support::{Server, db, get};

const TODAY: Date = date(2026, 11, 22);

fn audit(action: &str) -> AuditDraft {
    AuditDraft::new(
        "test",
        action,
        "directory",
        jiff::Timestamp::now(),
        serde_json::json!({}),
    )
}

/// A partner with active `held` memberships (bought on 2026-03-01) whose listing request was
/// approved, public from `visible_from`.
async fn listed(
    server: &Server,
    mpn: u64,
    name: &str,
    country: &str,
    held: &[(LearningOption, Option<&str>)],
    visible_from: Date,
) -> MpnId {
    let store = server.app.store();
    let id = MpnId::parse(&mpn.to_string()).unwrap();
    store
        .add_partner(
            &NewPartner {
                mpn_id: id,
                name: PartnerName::parse(&format!("Partner {mpn}")).unwrap(),
                country: CountryCode::parse(country).unwrap(),
                contact_email: None,
                verification: lpc_store::Verification::Verified,
            },
            &audit("partner.add"),
        )
        .await
        .unwrap();
    let bought = date(2026, 3, 1);
    for (option, competency) in held {
        let order = NewOrder {
            partner_id: id,
            purpose: OrderPurpose::Enrollment,
            option: *option,
            competency: competency.map(str::to_owned),
            membership_id: None,
            fee: Money::new(190_000, Currency::USD),
            discount: Money::new(0, Currency::USD),
            payment_method: PaymentMethod::Card,
            created_on: bought,
            expires_on: bought.saturating_add(31.days()),
            created_by: "test".to_owned(),
            guidelines_version: None,
        };
        let effect = OrderEffect::StartMembership {
            option: *option,
            competency: competency.map(str::to_owned),
            started_on: bought,
            anniversary_date: bought.saturating_add(1.year()),
        };
        store
            .create_order(&order, Some((bought, effect)), &audit("order.create"))
            .await
            .unwrap();
    }
    let asked = visible_from.saturating_sub(20.days());
    let request = store
        .add_directory_request(
            &NewDirectoryRequest {
                partner_id: id,
                display_name: name.to_owned(),
                country: CountryCode::parse(country).unwrap(),
                landing_url: format!("https://www.p{mpn}.example/learning"),
                requested_at: jiff::Timestamp::now(),
                requested_on: asked,
                processing_from: asked,
                processing_to: asked,
                visible_by: visible_from,
                checks: "[]".to_owned(),
            },
            &audit("directory.request"),
        )
        .await
        .unwrap();
    store
        .decide_directory_request(
            request.id,
            &RequestDecision::Approve { visible_from },
            "test",
            &audit("directory.approve"),
        )
        .await
        .unwrap();
    id
}

/// The directory of these tests: 30 Contoso partners in the US (silver security), a Japanese
/// gold partner, an Italian Action Pack partner, a name with markup, a listing not yet public
/// and two removed ones (one leaving tomorrow, still public today).
async fn seeded() -> (tempfile::TempDir, Server) {
    let (dir, url) = db();
    let server = Server::start(&url).await;
    use LearningOption::*;
    let published = date(2026, 5, 7);
    for i in 0..30 {
        listed(
            &server,
            1_000_100 + i,
            &format!("Contoso Learning {i:02}"),
            "US",
            &[(Silver, Some("security"))],
            published,
        )
        .await;
    }
    listed(
        &server,
        2_000_001,
        "アルファ研修センター",
        "JP",
        &[(Gold, Some("devops")), (Silver, Some("security"))],
        published,
    )
    .await;
    listed(
        &server,
        2_000_002,
        "Scuola Rossi",
        "IT",
        &[(ActionPack, None)],
        published,
    )
    .await;
    listed(
        &server,
        2_000_003,
        "<script>alert(1)</script> Academy",
        "GB",
        &[(ActionPack, None)],
        published,
    )
    .await;
    // R26: approved, visible from 7 December: not yet.
    listed(
        &server,
        2_000_004,
        "Future Training",
        "US",
        &[(ActionPack, None)],
        date(2026, 12, 7),
    )
    .await;
    // R28: removed from today (lapsed): gone; removed from tomorrow: still public today.
    let gone = listed(&server, 2_000_005, "Lapsed Training", "US", &[], published).await;
    let leaving = listed(&server, 2_000_006, "Leaving Training", "US", &[], published).await;
    let store = server.app.store();
    store
        .remove_directory_listing(gone, TODAY, &audit("directory.remove"))
        .await
        .unwrap();
    store
        .remove_directory_listing(
            leaving,
            TODAY.saturating_add(1.day()),
            &audit("directory.remove"),
        )
        .await
        .unwrap();
    (dir, server)
}

fn anonymous() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

async fn json(client: &reqwest::Client, url: &str) -> (StatusCode, Value) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn search_filters_and_pages_show_only_what_is_public_today() {
    let (_dir, server) = seeded().await;
    let client = anonymous();

    let r = client.get(server.url("/directory")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers().get("set-cookie").is_none(),
        "an anonymous visit creates no session"
    );
    let html = r.text().await.unwrap();
    // 30 + 3 + the one leaving tomorrow; not the future one, not the one removed today (R26).
    assert!(html.contains("34 learning partners"), "{html}");
    assert!(
        !html.contains("Future Training"),
        "not before its visible_from day (R26)"
    );
    assert!(
        !html.contains("Lapsed Training"),
        "not from its listed_until day (R28)"
    );
    assert_eq!(
        html.matches("<td><a href=\"/directory/").count(),
        25,
        "25 a page"
    );
    assert!(html.contains("href=\"/directory?page=2\""));

    // A search by name, any case; page 2 keeps the search.
    let (_, html) = get(&client, &server.url("/directory?q=CONTOSO")).await;
    assert!(html.contains("30 learning partners"), "{html}");
    assert!(
        html.contains("href=\"/directory?q=CONTOSO&#38;page=2\""),
        "{html}"
    );
    let (_, html) = get(&client, &server.url("/directory?q=CONTOSO&page=2")).await;
    assert_eq!(html.matches("<td><a href=\"/directory/").count(), 5);
    assert!(html.contains("Contoso Learning 29"));
    assert!(
        html.contains("value=\"CONTOSO\""),
        "the search is kept in its field"
    );

    // Japanese names are found as written; filters by country, competency and tier.
    let (_, html) = get(&client, &server.url("/directory?q=%E7%A0%94%E4%BF%AE")).await;
    assert!(
        html.contains("アルファ研修センター") && html.contains("One learning partner"),
        "{html}"
    );
    let (_, html) = get(&client, &server.url("/directory?country=jp")).await;
    assert!(html.contains("アルファ研修センター") && html.contains("One learning partner"));
    let (_, html) = get(&client, &server.url("/directory?competency=devops")).await;
    assert!(html.contains("One learning partner") && html.contains("DevOps (Gold)"));
    let (_, html) = get(&client, &server.url("/directory?tier=action_pack")).await;
    assert!(html.contains("2 learning partners"), "{html}");
    let (_, html) = get(
        &client,
        &server.url("/directory?competency=security&tier=gold"),
    )
    .await;
    assert!(html.contains("One learning partner"));
    let (_, html) = get(&client, &server.url("/directory?q=training")).await;
    assert!(
        html.contains("Leaving Training"),
        "public until its last day (R28)"
    );
    assert!(!html.contains("Lapsed Training") && !html.contains("Future Training"));
    let (_, html) = get(&client, &server.url("/directory?q=nobody")).await;
    assert!(html.contains("No learning partner matches this search."));

    // Gold first when asked.
    let (_, html) = get(&client, &server.url("/directory?sort=tier")).await;
    let gold = html.find("アルファ研修センター").unwrap();
    let silver = html.find("Contoso Learning 00").unwrap();
    assert!(gold < silver, "gold before silver with sort=tier");

    // A refused filter is named next to its field, and the rest still searches.
    let (status, html) = get(&client, &server.url("/directory?country=XX&q=contoso")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"d-country-error\""), "{html}");
    assert!(html.contains("30 learning partners"));

    server.stop().await;
}

#[tokio::test]
async fn names_with_markup_are_text_and_partner_pages_link_out_safely() {
    let (_dir, server) = seeded().await;
    let client = anonymous();
    let (_, html) = get(&client, &server.url("/directory?q=academy")).await;
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62; Academy"),
        "{html}"
    );
    assert!(
        !html.contains("<script>alert(1)"),
        "never rendered as markup"
    );

    let (status, html) = get(&client, &server.url("/directory/2000003")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>&#60;script&#62;alert(1)&#60;/script&#62; Academy</h1>"));
    assert!(!html.contains("<script>alert(1)"));

    let (status, html) = get(&client, &server.url("/directory/2000001")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("アルファ研修センター"));
    assert!(html.contains(
        "<a href=\"https://www.p2000001.example/learning\" rel=\"noopener nofollow ugc\""
    ));
    assert!(
        html.contains("Japan") && html.contains("Gold, Silver"),
        "{html}"
    );
    assert!(html.contains("DevOps (Gold)") && html.contains("Security (Silver)"));

    for absent in ["2000004", "2000005", "9999999", "not-an-id"] {
        let (status, _) = get(&client, &server.url(&format!("/directory/{absent}"))).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{absent} is not public today"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn the_directory_speaks_english_japanese_and_italian() {
    let (_dir, server) = seeded().await;
    let client = anonymous();
    let r = client
        .get(server.url("/directory?country=JP"))
        .header("accept-language", "ja-JP,ja;q=0.9")
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("ラーニングパートナーディレクトリ"));
    assert!(html.contains("日本"), "country names are translated");
    assert!(html.contains("ゴールド"), "tiers are translated");
    assert!(html.contains("ラーニングパートナー 1 社"));

    // ?lang= switches the page and is remembered in the lang cookie.
    let r = client
        .get(server.url("/directory?country=JP&lang=it"))
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=it;"), "{cookie}");
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"it\">"));
    assert!(html.contains("Directory dei Learning Partner"));
    assert!(
        html.contains("Giappone") && html.contains("Un learning partner"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/directory?country=JP&#38;lang=ja\""),
        "language links keep the filters: {html}"
    );
    let r = client
        .get(server.url("/directory/2000001"))
        .header("cookie", "lang=it")
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Sicurezza (Silver)") && html.contains("Sito web"),
        "{html}"
    );

    // The home page and the layout link to the directory.
    let (_, html) = get(&client, &server.url("/")).await;
    assert!(html.matches("href=\"/directory\"").count() >= 2);
    server.stop().await;
}

#[tokio::test]
async fn the_json_needs_no_token_and_refuses_bad_filters_by_name() {
    let (_dir, server) = seeded().await;
    let client = anonymous();
    let (status, body) = json(
        &client,
        &server.url("/api/v1/directory?q=contoso&country=us"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 30);
    assert_eq!(
        (body["page"].as_u64(), body["pages"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(body["per_page"], 25);
    assert_eq!(body["listings"].as_array().unwrap().len(), 25);
    let first = &body["listings"][0];
    assert_eq!(first["mpn_id"], "1000100");
    assert_eq!(first["name"], "Contoso Learning 00");
    assert_eq!(first["country"], "US");
    assert_eq!(first["listed_since"], "2026-05-07");
    assert_eq!(first["tiers"], serde_json::json!(["silver"]));
    assert_eq!(
        first["competencies"],
        serde_json::json!([{"competency": "security", "tier": "silver"}])
    );

    let (_, body) = json(&client, &server.url("/api/v1/directory?q=contoso&page=2")).await;
    assert_eq!(body["listings"].as_array().unwrap().len(), 5);
    let (_, body) = json(&client, &server.url("/api/v1/directory?tier=gold")).await;
    assert_eq!(body["listings"][0]["name"], "アルファ研修センター");
    assert_eq!(
        body["listings"][0]["tiers"],
        serde_json::json!(["gold", "silver"])
    );

    let (status, body) = json(&client, &server.url("/api/v1/directory?tier=platinum")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"], serde_json::json!(["tier"]));

    let (status, body) = json(&client, &server.url("/api/v1/directory/2000002")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "Scuola Rossi");
    let (status, _) = json(&client, &server.url("/api/v1/directory/2000004")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not public before 7 December (R26)"
    );

    // The documented schema lists exactly the fields of the real answer.
    let (_, doc) = json(&client, &server.url("/api/v1/openapi.json")).await;
    let (_, page) = json(&client, &server.url("/api/v1/directory?tier=gold")).await;
    let props = |name: &str| -> Vec<String> {
        let mut keys: Vec<String> = doc["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} is documented"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(props("DirectoryResults"), keys(&page));
    assert_eq!(props("DirectoryListing"), keys(&page["listings"][0]));
    assert_eq!(
        props("DirectoryCompetency"),
        keys(&page["listings"][0]["competencies"][0])
    );
    server.stop().await;
}

#[tokio::test]
async fn a_change_in_the_directory_shows_after_invalidation() {
    let (_dir, server) = seeded().await;
    let client = anonymous();
    let (_, body) = json(&client, &server.url("/api/v1/directory?q=newcomer")).await;
    assert_eq!(body["total"], 0);
    listed(
        &server,
        3_000_001,
        "Newcomer Learning",
        "IT",
        &[],
        date(2026, 11, 7),
    )
    .await;
    server.app.directory_index().invalidate();
    let (_, body) = json(&client, &server.url("/api/v1/directory?q=newcomer")).await;
    assert_eq!(body["total"], 1, "read again after the directory changed");
    server.stop().await;
}
