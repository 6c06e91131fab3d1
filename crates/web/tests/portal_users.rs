#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The partner's users list over real HTTP (R1): an admin sees everyone holding a role, an
//! invited colleague marked pending until they choose a password, in English, Japanese and
//! Italian; members are refused as on the invitation form, another partner's admin gets 404,
//! and the API answers the same users to a bearer token and refuses the other partner.

mod support;

use lpc_app::Actor;
use lpc_web::ui::i18n::Lang;
use reqwest::StatusCode;
use serde_json::Value;
use support::*;

const A: &str = "5200001";
const B: &str = "5200002";
const ADMIN: &str = "admin@users-a.example";
const COLLEAGUE: &str = "colleague@users-a.example";
const OTHER_ADMIN: &str = "admin@users-b.example";

async fn invite(server: &Server, admin: &reqwest::Client, email: &str, role: &str) {
    let invite = format!("/partner/{A}/users/invite");
    let (status, html) = submit_text(
        admin,
        server,
        &invite,
        &invite,
        &[("email", email), ("role", role)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
}

/// The invitation link mailed to `email`, as a path of the site.
async fn invitation_path(server: &Server, email: &str) -> String {
    let mail = server
        .app
        .store()
        .outbox(50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to.as_str() == email)
        .unwrap();
    let start = mail.body.find(&server.base).unwrap();
    let link = mail.body[start..].split_whitespace().next().unwrap();
    link.strip_prefix(&server.base).unwrap().to_owned()
}

/// The table row (`<tr>...</tr>`) of `email` on the users page.
fn row_of<'a>(html: &'a str, email: &str) -> &'a str {
    let at = html
        .find(&format!(">{email}<"))
        .unwrap_or_else(|| panic!("{email} is listed: {html}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

async fn get_in(client: &reqwest::Client, url: &str, lang: &str) -> (StatusCode, String) {
    let r = client
        .get(url)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// The day the user was created, as the page writes it in `lang`.
async fn added_on(server: &Server, email: &str, lang: &str) -> String {
    let rows = lpc_app::partner_users::users_of(&server.app, &Actor::local(), A.parse().unwrap())
        .await
        .unwrap();
    let row = rows.iter().find(|r| r.email.as_str() == email).unwrap();
    let day = row.created_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    Lang::parse(lang).unwrap().date(day)
}

#[tokio::test]
async fn admins_list_their_users_with_pending_invitations_in_every_language() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    let overview = sign_up(&admin, &server, A, ADMIN).await;
    assert!(
        overview.contains(&format!("href=\"/partner/{A}/users\"")),
        "the overview links to the users page"
    );
    invite(&server, &admin, COLLEAGUE, "account_admin").await;

    let page = server.url(&format!("/partner/{A}/users"));
    let (status, html) = get_in(&admin, &page, "en").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Users</h1>"), "{html}");
    assert!(
        html.contains(&format!("Users of Partner {A}")),
        "the caption"
    );
    assert!(
        html.contains(&format!("href=\"/partner/{A}/users/invite\""))
            && html.contains("Invite a user"),
        "a way to invite someone else"
    );
    let me = row_of(&html, ADMIN);
    assert!(me.contains("MPN partner admin"), "{me}");
    assert!(!me.contains("Invitation pending"), "{me}");
    assert!(me.contains(&added_on(&server, ADMIN, "en").await), "{me}");
    let colleague = row_of(&html, COLLEAGUE);
    assert!(colleague.contains("Account admin"), "{colleague}");
    assert!(colleague.contains("Invitation pending"), "{colleague}");
    assert!(
        html.find(ADMIN).unwrap() < html.find(COLLEAGUE).unwrap(),
        "by e-mail"
    );

    let (status, html) = get_in(&admin, &page, "ja").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>ユーザー</h1>"), "{html}");
    assert!(
        html.contains("ユーザーを招待"),
        "the invite button in Japanese"
    );
    let colleague = row_of(&html, COLLEAGUE);
    assert!(colleague.contains("MPN アカウント管理者"), "{colleague}");
    assert!(colleague.contains("招待中"), "{colleague}");
    let day = added_on(&server, COLLEAGUE, "ja").await;
    assert!(
        day.contains('年') && colleague.contains(&day),
        "{colleague}"
    );

    let (status, html) = get_in(&admin, &page, "it").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Utenti</h1>"), "{html}");
    assert!(html.contains("Invita un utente"));
    let colleague = row_of(&html, COLLEAGUE);
    assert!(colleague.contains("Amministratore account"), "{colleague}");
    assert!(colleague.contains("Invito in attesa"), "{colleague}");
    assert!(colleague.contains(&added_on(&server, COLLEAGUE, "it").await));

    // Once the colleague chooses a password, the invitation is no longer pending.
    let path = invitation_path(&server, COLLEAGUE).await;
    let (status, _) = submit_text(
        &browser(),
        &server,
        &path,
        &path,
        &[("password", "the colleague's password")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = get_in(&admin, &page, "en").await;
    assert!(
        !row_of(&html, COLLEAGUE).contains("Invitation pending"),
        "the colleague has joined"
    );
    server.stop().await;
}

#[tokio::test]
async fn members_are_refused_and_other_partners_see_nothing() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, ADMIN).await;
    invite(&server, &admin, COLLEAGUE, "member").await;
    let path = invitation_path(&server, COLLEAGUE).await;
    let member = browser();
    let (status, _) = submit_text(
        &member,
        &server,
        &path,
        &path,
        &[("password", "the member's password")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = submit_text(
        &member,
        &server,
        "/login",
        "/login",
        &[("email", COLLEAGUE), ("password", "the member's password")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // A member gets what the invitation form gives them: refused (R1).
    let page = server.url(&format!("/partner/{A}/users"));
    let (invite_status, _) = get(&member, &server.url(&format!("/partner/{A}/users/invite"))).await;
    let (status, html) = get(&member, &page).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    assert_eq!(status, invite_status, "as on the invitation form");
    assert!(!html.contains(ADMIN), "no address leaks");
    let (_, overview) = get(&member, &server.url(&format!("/partner/{A}"))).await;
    assert!(
        !overview.contains(&format!("href=\"/partner/{A}/users\"")),
        "members are not shown the link"
    );

    // Another partner's admin: 404, as every partner page.
    let other = browser();
    sign_up(&other, &server, B, OTHER_ADMIN).await;
    let (status, html) = get(&other, &page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains(ADMIN));
    server.stop().await;
}

#[tokio::test]
async fn the_api_lists_the_same_users_and_refuses_the_other_partner() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, ADMIN).await;
    invite(&server, &admin, COLLEAGUE, "member").await;
    sign_up(&browser(), &server, B, OTHER_ADMIN).await;
    let bearer = |email: &'static str| {
        let app = server.app.clone();
        async move {
            lpc_app::tokens::create(
                &app,
                &Actor::local(),
                &lpc_domain::Email::parse(email).unwrap(),
                "test",
            )
            .await
            .unwrap()
        }
    };
    let api = reqwest::Client::new();
    let endpoint = server.url(&format!("/api/v1/partners/{A}/users"));

    let r = api
        .get(&endpoint)
        .bearer_auth(bearer(ADMIN).await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["partner_id"], A);
    let users = answer["users"].as_array().unwrap();
    let seen: Vec<(&str, &str, bool)> = users
        .iter()
        .map(|u| {
            (
                u["email"].as_str().unwrap(),
                u["role"].as_str().unwrap(),
                u["invitation_pending"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (ADMIN, "mpn_partner_admin", false),
            (COLLEAGUE, "member", true)
        ]
    );
    for u in users {
        let created = u["created_at"].as_str().unwrap();
        assert!(created.parse::<jiff::Timestamp>().is_ok(), "{created}");
    }
    // The answer has exactly the properties the OpenAPI document describes.
    let doc: Value = api
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let schemas = &doc["components"]["schemas"];
    assert_eq!(keys(&answer), keys(&schemas["PartnerUsers"]["properties"]));
    assert_eq!(keys(&users[0]), keys(&schemas["PartnerUser"]["properties"]));
    let documented = &doc["paths"]["/api/v1/partners/{mpn}/users"]["get"]["responses"]["200"];
    assert!(documented.is_object(), "the route is documented");

    // The other partner's admin is refused, as on every other partner endpoint; no token: 401.
    let r = api
        .get(&endpoint)
        .bearer_auth(bearer(OTHER_ADMIN).await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("R1"),
        "{problem}"
    );
    let r = api.get(&endpoint).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // An unregistered partner: the admin holds no role there, refused the same way.
    let r = api
        .get(server.url("/api/v1/partners/5299999/users"))
        .bearer_auth(bearer(ADMIN).await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    server.stop().await;
}

/// Issue 16 item 11: an admin changes a user's role and removes a user; the organization
/// always keeps an MPN partner admin; each change is audited.
#[tokio::test]
async fn admins_change_roles_and_remove_users_but_never_the_last_mpn_partner_admin() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, ADMIN).await;
    invite(&server, &admin, COLLEAGUE, "member").await;
    let users = format!("/partner/{A}/users");

    // The only MPN partner admin cannot step down nor be removed.
    let (status, html) = submit_text(
        &admin,
        &server,
        &users,
        &format!("{users}/role"),
        &[("email", ADMIN), ("role", "member")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("needs an MPN partner admin"), "{html}");

    // Promote the colleague; then the first admin can become an account admin.
    let r = submit(
        &admin,
        &server,
        &users,
        &format!("{users}/role"),
        &[("email", COLLEAGUE), ("role", "mpn_partner_admin")],
    )
    .await;
    assert_eq!(r.url().path(), users, "post/redirect/get");
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&format!("The role of {COLLEAGUE} is changed.")),
        "{html}"
    );
    let (status, _) = submit_text(
        &admin,
        &server,
        &users,
        &format!("{users}/role"),
        &[("email", ADMIN), ("role", "account_admin")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rows = server
        .app
        .store()
        .partner_users(lpc_domain::MpnId::parse(A).unwrap())
        .await
        .unwrap();
    let role_of = |email: &str| {
        rows.iter()
            .find(|r| r.email.as_str() == email)
            .map(|r| r.role.as_str())
    };
    assert_eq!(role_of(ADMIN), Some("account_admin"));
    assert_eq!(role_of(COLLEAGUE), Some("mpn_partner_admin"));

    // An account admin removes a member; a role outside the organization's is refused.
    invite(&server, &admin, "leaver@users-a.example", "member").await;
    let (status, _) = submit_text(
        &admin,
        &server,
        &users,
        &format!("{users}/role"),
        &[("email", "leaver@users-a.example"), ("role", "operator")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = submit(
        &admin,
        &server,
        &users,
        &format!("{users}/remove"),
        &[("email", "leaver@users-a.example")],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("no longer belongs to the organization"),
        "{html}"
    );
    assert!(
        !html.contains("<th scope=\"row\">leaver@users-a.example</th>"),
        "{html}"
    );
    let actions: Vec<String> = server
        .app
        .store()
        .audit_page(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "user.role_changed").count(),
        2
    );
    assert_eq!(actions.iter().filter(|a| *a == "user.removed").count(), 1);
    server.stop().await;
}
