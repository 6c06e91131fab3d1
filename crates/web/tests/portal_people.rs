#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Trainers, exam passes, the cases list and API tokens in the portal over real HTTP
//! (issue 6 items 5 and 7): admins add, remove and import (R1), members read, counts follow
//! (R4, R8), a CSV with a bad row stores nothing, tokens are shown once, work as bearers and
//! stop working once revoked, and another partner's pages answer 404.

mod support;

use std::collections::BTreeMap;

use lpc_app::Actor;
use reqwest::StatusCode;
use support::*;

const A: &str = "5100001";
const B: &str = "5100002";

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&#x3D;", "=")
        .replace("&#61;", "=")
}

/// The `href` of the first link whose target contains `needle`.
fn link_containing(html: &str, needle: &str) -> String {
    html.split("href=\"")
        .skip(1)
        .map(|s| unescape(s.split('"').next().unwrap()))
        .find(|h| h.contains(needle))
        .unwrap_or_else(|| panic!("no link with {needle}: {html}"))
}

async fn upload(
    client: &reqwest::Client,
    server: &Server,
    page: &str,
    action_path: &str,
    content: &str,
) -> (StatusCode, String) {
    let (_, html) = get(client, &server.url(page)).await;
    let action = format!("{action_path}?csrf={}", csrf_of(&html));
    let boundary = "lpcPeopleBoundary9x";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content.as_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = client
        .post(server.url(&action))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// A member of partner `mpn`, invited by `admin` and signed in.
async fn member_of(server: &Server, admin: &reqwest::Client, mpn: &str) -> reqwest::Client {
    let invite = format!("/partner/{mpn}/users/invite");
    let (status, _) = submit_text(
        admin,
        server,
        &invite,
        &invite,
        &[("email", "member@people.example"), ("role", "member")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mail = server
        .app
        .store()
        .outbox(50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to.as_str() == "member@people.example")
        .unwrap();
    let start = mail.body.find(&server.base).unwrap();
    let link = mail.body[start..].split_whitespace().next().unwrap();
    let path = link.strip_prefix(&server.base).unwrap().to_owned();
    let member = browser();
    let (status, _) = submit_text(
        &member,
        server,
        &path,
        &path,
        &[("password", "the member's password")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = submit_text(
        &member,
        server,
        "/login",
        "/login",
        &[
            ("email", "member@people.example"),
            ("password", "the member's password"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    member
}

#[tokio::test]
async fn admins_add_and_remove_trainers_and_the_active_count_follows() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    let overview = sign_up(&admin, &server, A, "admin@people.example").await;
    for page in ["trainers", "exams", "cases", "kpi", "enroll"] {
        assert!(
            overview.contains(&format!("href=\"/partner/{A}/{page}\"")),
            "overview links to {page}"
        );
    }
    let page = format!("/partner/{A}/trainers");
    let (status, html) = get(&admin, &server.url(&page)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Active MCTs today: 0"), "{html}");

    // Refused: every faulty field has its error next to it, and the values are kept.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("mct_id", "MCT-77"),
            ("name", "Aiko Tanaka"),
            ("email", "not an e-mail"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2025-12-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-email-error\""), "{html}");
    assert!(html.contains("id=\"f-valid_until-error\""), "{html}");
    assert!(!html.contains("id=\"f-mct_id-error\""), "{html}");
    assert!(html.contains("value=\"MCT-77\""), "{html}");
    assert!(html.contains("value=\"Aiko Tanaka\""), "{html}");
    assert!(html.contains("Active MCTs today: 0"));

    let add = |id: &'static str, until: &'static str| {
        [
            ("mct_id", id),
            ("name", "Aiko Tanaka"),
            ("email", "aiko@people.example"),
            ("valid_from", "2026-01-01"),
            ("valid_until", until),
        ]
    };
    let (status, html) =
        submit_text(&admin, &server, &page, &page, &add("MCT-77", "2027-12-31")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Active MCTs today: 1"), "{html}");
    assert!(html.contains("MCT-77"));
    // An expired one is listed, not counted.
    let (status, html) =
        submit_text(&admin, &server, &page, &page, &add("MCT-OLD", "2026-06-30")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Active MCTs today: 1"), "{html}");
    assert!(html.contains("data-status=\"inactive\""));
    // The same MCT twice is refused next to the field.
    let (status, html) =
        submit_text(&admin, &server, &page, &page, &add("MCT-77", "2027-12-31")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-mct_id-error\""), "{html}");

    // Removal: the button opens a confirmation form, which removes.
    let (_, html) = get(&admin, &server.url(&page)).await;
    let confirm = link_containing(&html, "trainers/remove?mct_id=MCT-77");
    let (status, html) = submit_text(
        &admin,
        &server,
        &confirm,
        &format!("/partner/{A}/trainers/remove"),
        &[("mct_id", "MCT-77")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Active MCTs today: 0"), "{html}");
    assert!(!html.contains(">MCT-77<"));
    let mcts: Vec<String> = server
        .app
        .store()
        .trainers_of(A.parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.mct_id)
        .collect();
    assert_eq!(mcts, ["MCT-OLD"]);
    server.stop().await;
}

#[tokio::test]
async fn a_trainers_csv_with_one_bad_row_shows_the_row_and_stores_nothing() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    let page = format!("/partner/{A}/trainers");
    let import = format!("/partner/{A}/trainers/import");
    let header = "mct_id,partner_id,name,email,valid_from,valid_until\n";
    let bad = format!(
        "{header}MCT-1,{A},Aiko Tanaka,aiko@people.example,2026-01-01,2027-12-31\n\
         MCT-2,{A},Kenji Sato,kenji-at-example,2026-01-01,2027-12-31\n"
    );
    let (status, html) = upload(&admin, &server, &page, &import, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"import-errors\""), "{html}");
    assert!(
        html.contains("data-line=\"3\" data-column=\"email\""),
        "{html}"
    );
    assert!(html.contains("kenji-at-example"));
    assert!(html.contains("Nothing was imported"));
    assert!(
        server
            .app
            .store()
            .trainers_of(A.parse().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    // Another partner's row is refused too.
    let other =
        format!("{header}MCT-1,{B},Aiko Tanaka,aiko@people.example,2026-01-01,2027-12-31\n");
    let (status, html) = upload(&admin, &server, &page, &import, &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("data-column=\"partner_id\""), "{html}");

    let good = format!("{header}MCT-1,{A},Aiko Tanaka,aiko@people.example,2026-01-01,2027-12-31\n");
    let (status, html) = upload(&admin, &server, &page, &import, &good).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Active MCTs today: 1"), "{html}");
    server.stop().await;
}

#[tokio::test]
async fn members_read_trainers_and_exams_but_may_not_change_them() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    let member = member_of(&server, &admin, A).await;
    for kind in ["trainers", "exams", "cases"] {
        let (status, html) = get(&member, &server.url(&format!("/partner/{A}/{kind}"))).await;
        assert_eq!(status, StatusCode::OK, "{kind}");
        if kind != "cases" {
            assert!(html.contains("id=\"read-only\""), "{html}");
            assert!(!html.contains("multipart/form-data"));
        }
    }
    let page = format!("/partner/{A}/trainers");
    let (status, _) = submit_text(
        &member,
        &server,
        &page,
        &page,
        &[
            ("mct_id", "MCT-1"),
            ("name", "Aiko Tanaka"),
            ("email", "aiko@people.example"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2027-12-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let exams = format!("/partner/{A}/exams");
    let (status, _) = submit_text(
        &member,
        &server,
        &exams,
        &exams,
        &[
            ("person_email", "a@people.example"),
            ("exam_code", "AZ-204"),
            ("passed_on", "2026-10-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = upload(
        &member,
        &server,
        &page,
        &format!("/partner/{A}/trainers/import"),
        "mct_id,partner_id,name,email,valid_from,valid_until\n",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        server
            .app
            .store()
            .trainers_of(A.parse().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    server.stop().await;
}

#[tokio::test]
async fn an_exam_pass_counts_for_its_competencies_in_the_last_12_months() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    let page = format!("/partner/{A}/exams");
    let (_, html) = get(&admin, &server.url(&page)).await;
    assert!(html.contains("No pass counts"), "{html}");
    // Refused: a date in the future and a bad code, the values kept.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("person_email", "kenji@people.example"),
            ("exam_code", "AZ 204!"),
            ("passed_on", "2026-12-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-exam_code-error\""), "{html}");
    assert!(html.contains("id=\"f-passed_on-error\""), "{html}");
    assert!(html.contains("value=\"kenji@people.example\""));

    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("person_email", "kenji@people.example"),
            ("exam_code", "pl-400"),
            ("passed_on", "2026-10-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Application Development: 1"), "{html}");
    assert!(html.contains("PL-400"));
    // An old pass is listed but does not count.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("person_email", "kenji@people.example"),
            ("exam_code", "AZ-204"),
            ("passed_on", "2025-01-15"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Application Development: 1"), "{html}");
    assert!(html.contains("AZ-204"));
    // A code no competency counts (issue 16): refused next to its field, not stored.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("person_email", "kenji@people.example"),
            ("exam_code", "XX-999"),
            ("passed_on", "2026-10-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-exam_code-error\""), "{html}");
    assert!(html.contains("counts toward no competency"), "{html}");
    assert!(!html.contains(">XX-999<"), "not listed: {html}");

    // The CSV import, with the same checks as `lpc exams import`.
    let header = "partner_id,person_email,exam_code,passed_on\n";
    let csv = format!("{header}{A},mia@people.example,AZ-204,2026-09-01\n");
    let (status, html) = upload(
        &admin,
        &server,
        &page,
        &format!("/partner/{A}/exams/import"),
        &csv,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Application Development: 2"), "{html}");

    // Removal through its confirmation.
    let confirm = link_containing(&html, "exam_code=PL-400");
    let (_, form) = get(&admin, &server.url(&confirm)).await;
    assert!(
        form.contains("name=\"passed_on\" value=\"2026-10-01\""),
        "{form}"
    );
    let (status, html) = submit_text(
        &admin,
        &server,
        &confirm,
        &format!("/partner/{A}/exams/remove"),
        &[
            ("person_email", "kenji@people.example"),
            ("exam_code", "PL-400"),
            ("passed_on", "2026-10-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Application Development: 1"), "{html}");
    server.stop().await;
}

#[tokio::test]
async fn the_cases_list_shows_cases_and_opens_directory_cases() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    let page = format!("/partner/{A}/cases");
    let (status, html) = get(&admin, &server.url(&page)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("no support case"), "{html}");
    let fields: BTreeMap<String, String> = [
        ("name", "Sakura Learning"),
        ("country", "JP"),
        ("landing_page_url", "https://sakura.example/microsoft"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let case = lpc_app::cases::open(
        &server.app,
        &Actor::Local {
            os_user: "test".into(),
        },
        lpc_app::cases::CaseRequest {
            partner_id: A.parse().unwrap(),
            kind: lpc_store::CaseKind::DirectoryMissing,
            fields,
        },
    )
    .await
    .unwrap();
    let (_, html) = get(&admin, &server.url(&page)).await;
    assert!(
        html.contains(&format!("href=\"/partner/{A}/cases/{}\"", case.id)),
        "{html}"
    );
    assert!(html.contains("Missing from the directory"));
    assert!(html.contains("Open"));

    // The form: refused fields keep their values; then the case opens.
    let form = format!("/partner/{A}/cases/directory");
    let (status, html) = submit_text(
        &admin,
        &server,
        &form,
        &form,
        &[
            ("name", "Sakura Learning"),
            ("country", "Japan"),
            ("landing_page_url", "ftp://sakura.example"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-country-error\""), "{html}");
    assert!(html.contains("id=\"f-landing_page_url-error\""), "{html}");
    assert!(html.contains("value=\"Sakura Learning\""));
    let (status, html) = submit_text(
        &admin,
        &server,
        &form,
        &form,
        &[
            ("name", "Sakura Learning"),
            ("country", "JP"),
            ("landing_page_url", "https://sakura.example/ms"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // Issue 16: the case reads in words: no raw field names, no "user:" actor strings.
    assert!(html.contains("Landing page"), "{html}");
    assert!(!html.contains("landing page url"), "{html}");
    assert!(!html.contains("user:"), "{html}");
    assert!(html.contains("admin@people.example"), "{html}");
    let listed = server
        .app
        .store()
        .cases(Some(A.parse().unwrap()), None)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn a_token_is_shown_once_works_as_a_bearer_and_stops_when_revoked() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    let (status, html) = submit_text(
        &admin,
        &server,
        "/settings/tokens",
        "/settings/tokens",
        &[("label", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-label-error\""), "{html}");

    let r = submit(
        &admin,
        &server,
        "/settings/tokens",
        "/settings/tokens",
        &[("label", "nightly sync")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let html = r.text().await.unwrap();
    let start = html.find("id=\"token-value\">").unwrap() + "id=\"token-value\">".len();
    let token = html[start..].split('<').next().unwrap().to_owned();
    assert!(token.starts_with("lpc_"), "{token}");
    let last_four = &token[token.len() - 4..];
    assert!(html.contains(&format!("…{last_four}")), "{html}");

    // Shown once: the list has its name and its end, never the token.
    let (_, html) = get(&admin, &server.url("/settings/tokens")).await;
    assert!(!html.contains(&token));
    assert!(html.contains("nightly sync"));
    assert!(html.contains(&format!("…{last_four}")));

    let api = reqwest::Client::new();
    let eligibility = server.url(&format!("/api/v1/partners/{A}/eligibility"));
    let r = api
        .get(&eligibility)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let marker = "name=\"token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let id = html[start..].split('"').next().unwrap().to_owned();
    let (status, html) = submit_text(
        &admin,
        &server,
        "/settings/tokens",
        "/settings/tokens/revoke",
        &[("token", &id)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("no longer works"), "{html}");
    assert!(!html.contains("nightly sync"));
    let r = api
        .get(&eligibility)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Not signed in: the login page.
    let (_, html) = get(&browser(), &server.url("/settings/tokens")).await;
    assert!(html.contains("name=\"password\""));
    server.stop().await;
}

#[tokio::test]
async fn another_partners_pages_answer_404() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let a = browser();
    sign_up(&a, &server, A, "admin@people.example").await;
    let b = browser();
    sign_up(&b, &server, B, "admin@other.example").await;
    for path in [
        "trainers",
        "exams",
        "cases",
        "cases/directory",
        "trainers/remove?mct_id=MCT-1",
    ] {
        let (status, _) = get(&a, &server.url(&format!("/partner/{B}/{path}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let page = format!("/partner/{A}/trainers");
    let (status, _) = submit_text(
        &a,
        &server,
        &page,
        &format!("/partner/{B}/trainers"),
        &[
            ("mct_id", "MCT-1"),
            ("name", "Aiko Tanaka"),
            ("email", "aiko@people.example"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2027-12-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        server
            .app
            .store()
            .trainers_of(B.parse().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    server.stop().await;
}

#[tokio::test]
async fn the_pages_are_translated() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@people.example").await;
    for (lang, words) in [
        ("ja", ["トレーナー", "試験", "API トークン"]),
        ("it", ["Trainer", "Esami", "Token API"]),
    ] {
        let (status, _) = submit_text(
            &admin,
            &server,
            "/",
            "/lang",
            &[("lang", lang), ("back", "/")],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        for (path, word) in [
            (format!("/partner/{A}/trainers"), words[0]),
            (format!("/partner/{A}/exams"), words[1]),
            ("/settings/tokens".to_owned(), words[2]),
        ] {
            let (status, html) = get(&admin, &server.url(&path)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains(word), "{lang} {path}: {html}");
            assert!(
                !html.contains(">people-") && !html.contains(">tokens-"),
                "untranslated key on {path}"
            );
        }
    }
    server.stop().await;
}
