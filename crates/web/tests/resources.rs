#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The program's resources over real HTTP (issue 19 part 2, R8, R32): an operator publishes
//! the Performance Guidelines of the version in force as a PDF and adds a Japanese link;
//! refusals name their field and rule (not a PDF, not https, the same version twice); the
//! partner's resources page shows each document in the reader's language or in English,
//! marked; the PDF downloads as an attachment; the public guidelines page of that exact
//! version links to it; a withdrawn document leaves both; markup is escaped.

mod support;

use reqwest::StatusCode;
use support::*;

const MPN: &str = "4100001";
const PDF: &[u8] = b"%PDF-1.7\n% the FY26 guidelines\n";

async fn publish(
    ops: &reqwest::Client,
    server: &Server,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (StatusCode, String) {
    let r = submit_multipart(
        ops,
        server,
        "/ops/resources",
        "/ops/resources",
        fields,
        file,
    )
    .await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn operators_publish_documents_that_partners_read_in_their_language() {
    let (_dir, url) = db();
    let server = Server::start(&url).await; // 2026-11-22: FY26, guidelines FY26-1.0
    let ops = browser();
    sign_in_staff(&ops, &server, "operator").await;
    let (status, page) = get(&ops, &server.url("/ops/resources")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/ops/resources\" aria-current=\"page\""),
        "{page}"
    );

    // Refused, each naming its field and rule.
    let (status, page) = publish(
        &ops,
        &server,
        &[
            ("kind", "guidelines"),
            ("version", "FY26-1.0"),
            ("title", "Guidelines"),
        ],
        Some(("file", "guidelines.pdf", b"<html><script>alert(1)</script>")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(
            "or a PDF (at most 20 MiB): the document must be a PDF: its first bytes are not %PDF-"
        ),
        "{page}"
    );
    let (status, page) = publish(
        &ops,
        &server,
        &[
            ("kind", "guidelines"),
            ("version", "FY26-1.0"),
            ("title", "Guidelines"),
            ("link", "javascript:alert(1)"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Link (https://): a link must be an https:// address"),
        "{page}"
    );

    // Published: the guidelines PDF, and a call recording whose title holds markup.
    let (status, page) = publish(
        &ops,
        &server,
        &[
            ("kind", "guidelines"),
            ("version", "FY26-1.0"),
            ("title", "Learning Program Performance Guidelines FY26"),
        ],
        Some(("file", "FY26 guidelines.pdf", PDF)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Document 1 is published."), "{page}");
    let (status, page) = publish(
        &ops,
        &server,
        &[
            ("kind", "guidelines"),
            ("version", "FY26-1.0"),
            ("title", "Again"),
        ],
        Some(("file", "again.pdf", PDF)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    assert!(page.contains("published already"), "{page}");
    let (status, _) = publish(
        &ops,
        &server,
        &[
            ("kind", "call_recording"),
            ("version", "2026-11"),
            ("title", "November call <script>alert(1)</script>"),
            ("link", "https://videos.example/november"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The guidelines in Japanese, as a link.
    let r = submit_multipart(
        &ops,
        &server,
        "/ops/resources",
        "/ops/resources/1/versions",
        &[
            ("lang", "ja"),
            (
                "title",
                "ラーニング プログラム パフォーマンス ガイドライン FY26",
            ),
            ("link", "https://learn.example/ja/fy26.pdf"),
        ],
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("The ja version of document 1 is published.")
    );

    // The partner reads them: in English, in Japanese, in Italian with the fallback marked.
    let admin = browser();
    sign_up(&admin, &server, MPN, "admin@sakura.example").await;
    let resources = format!("/partner/{MPN}/resources");
    let (status, page) = get(&admin, &server.url(&resources)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Learning Program Performance Guidelines FY26"),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"/partner/{MPN}/resources/1/en\"")),
        "{page}"
    );
    assert!(
        page.contains("November call &#60;script&#62;")
            || page.contains("November call &lt;script&gt;"),
        "escaped: {page}"
    );
    assert!(!page.contains("<script>alert(1)</script>"), "{page}");
    assert!(
        page.contains("href=\"https://videos.example/november\" rel=\"noopener noreferrer\""),
        "{page}"
    );
    // The call recording has only English: marked in both; the guidelines only in Italian.
    for (lang, title, fallbacks) in [
        (
            "ja",
            "ラーニング プログラム パフォーマンス ガイドライン FY26",
            1,
        ),
        ("it", "Learning Program Performance Guidelines FY26", 2),
    ] {
        let r = submit(
            &admin,
            &server,
            &resources,
            "/lang",
            &[("lang", lang), ("back", &resources)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(page.contains(title), "{lang}: {page}");
        assert_eq!(
            page.matches("class=\"fallback\"").count(),
            fallbacks,
            "{lang}: the English version is marked only where it stands in: {page}"
        );
    }
    // The PDF: a download, as stored.
    let pdf = admin
        .get(server.url(&format!("/partner/{MPN}/resources/1/en")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(
        pdf.headers()["content-disposition"],
        "attachment; filename=\"FY26_guidelines.pdf\""
    );
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), PDF);
    let (status, _) = get(
        &admin,
        &server.url(&format!("/partner/{MPN}/resources/1/fr")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // R8: the public page of the exact version accepted at checkout links to its document.
    let visitor = browser();
    let (_, page) = get(&visitor, &server.url("/guidelines/FY26-1.0")).await;
    assert!(
        page.contains("href=\"/guidelines/FY26-1.0/document/en\""),
        "{page}"
    );
    let pdf = visitor
        .get(server.url("/guidelines/FY26-1.0/document/en"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), PDF);

    // Withdrawn: gone for partners and from the guidelines page; the console keeps it.
    let r = submit(
        &ops,
        &server,
        "/ops/resources",
        "/ops/resources/1/withdraw",
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Document 1 is withdrawn."));
    let (_, page) = get(&admin, &server.url(&resources)).await;
    assert!(!page.contains("FY26-1.0"), "{page}");
    let (status, _) = get(
        &admin,
        &server.url(&format!("/partner/{MPN}/resources/1/en")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = get(&visitor, &server.url("/guidelines/FY26-1.0")).await;
    assert!(!page.contains("/document/en"), "{page}");

    // Partners never reach the console's forms.
    let (status, _) = get(&admin, &server.url("/ops/resources")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}
