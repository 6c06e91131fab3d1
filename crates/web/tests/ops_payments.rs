#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The console's payments page over real HTTP (R29, R1): a partner enrolls in the Action Pack
//! by bank transfer and uploads its proof; an operator sees the order with its age, deadline
//! and proof, opens the proof, rejects one without a reason (refused) and with one (the
//! partner's admins are told), confirms the next (the membership is active), and a second
//! confirmation changes nothing and says who confirmed it when. Support agents get 403.

mod support;

use lpc_app::Actor;
use lpc_store::{MembershipStatus, OrderStatus, ProofStatus};
use reqwest::StatusCode;
use support::*;

const MPN: &str = "4200001";

fn local() -> Actor {
    Actor::Local {
        os_user: "test".into(),
    }
}

/// A partner admin enrolls in the Action Pack by bank transfer through the portal; the
/// order's id.
async fn bank_transfer_order(server: &Server) -> i64 {
    let admin = browser();
    sign_up(&admin, server, MPN, "admin@kyoto.example").await;
    let csv = format!(
        "mct_id,partner_id,name,email,valid_from,valid_until\n\
         MCT-1,{MPN},Aiko Tanaka,aiko@kyoto.example,2026-01-01,2027-12-31\n"
    );
    lpc_app::trainers::import(&server.app, &local(), "trainers.csv", csv.as_bytes())
        .await
        .unwrap();
    let lap = format!("/partner/{MPN}/enroll/action_pack");
    let (status, page) =
        submit_text(&admin, server, &lap, &lap, &[("payment", "bank_transfer")]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let orders = server
        .app
        .store()
        .orders_of(MPN.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].status, OrderStatus::PendingPayment);
    orders[0].id
}

async fn post(
    client: &reqwest::Client,
    server: &Server,
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", token));
    let r = client
        .post(server.url(action))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

async fn confirmations(server: &Server, order: i64) -> usize {
    let events = server.app.store().audit_page(0, 10_000).await.unwrap();
    events
        .iter()
        .filter(|e| e.action == "order.confirm" && e.subject == format!("order:{order}"))
        .count()
}

#[tokio::test]
async fn r29_an_operator_confirms_a_bank_transfer_once_and_rejects_proofs_with_a_reason() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let order = bank_transfer_order(&server).await;
    let pdf = b"%PDF-1.4\n% the bank's transfer receipt\n".to_vec();
    lpc_app::payments::attach_proof(&server.app, &local(), order, "receipt.pdf", pdf.clone())
        .await
        .unwrap();

    let operator = browser();
    let operator_email = sign_in_staff(&operator, &server, "operator").await;
    let (status, html) = get(&operator, &server.url("/ops/payments")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("aria-current=\"page\">Payments<"),
        "nav: {html}"
    );
    assert!(html.contains(&format!("Order #{order}")), "{html}");
    assert!(html.contains(&format!("Partner {MPN} ({MPN})")), "{html}");
    assert!(html.contains("Learning Action Pack"), "{html}");
    let due = server
        .app
        .store()
        .order(order)
        .await
        .unwrap()
        .unwrap()
        .amount_due();
    let amount = lpc_web::ui::i18n::Lang::En.money(due);
    assert!(html.contains(&amount), "amount {amount}: {html}");
    // R29: ordered today, expires on day 31.
    assert!(html.contains("Nov 22, 2026 (0 days ago)"), "{html}");
    assert!(html.contains("Dec 23, 2026 (31 days left)"), "{html}");
    assert!(html.contains(">receipt.pdf<"), "{html}");

    // The proof, as stored: its own type, never sniffed; a PDF (which can hold scripts) is a
    // download under a sandboxing policy, never a page of our origin (issue 15).
    let proofs = server.app.store().payment_proofs(order).await.unwrap();
    let href = format!("/ops/payments/{order}/proofs/{}", proofs[0].id);
    assert!(html.contains(&href), "{html}");
    let r = operator.get(server.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let policy = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.starts_with("sandbox"), "{policy}");
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf.as_slice());
    // A proof under another order's path is not found.
    let (status, _) = get(
        &operator,
        &server.url(&format!(
            "/ops/payments/{}/proofs/{}",
            order + 1,
            proofs[0].id
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Rejecting needs a reason: refused next to the field, nothing changed.
    let token = csrf_of(&html);
    let reject = format!("/ops/payments/{order}/reject");
    let (status, page) = post(&operator, &server, &reject, &token, &[("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&format!("id=\"reason-{order}-error\"")),
        "{page}"
    );
    assert!(page.contains("Say why the proof is rejected"), "{page}");
    let proofs = server.app.store().payment_proofs(order).await.unwrap();
    assert_eq!(proofs[0].status, ProofStatus::Submitted);

    // With a reason: rejected, the partner's admins are told why.
    let reason = "The amount received was 50.00 short; send the receipt of the full transfer.";
    let (status, page) = post(&operator, &server, &reject, &token, &[("reason", reason)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!("The proof of order #{order} was rejected")),
        "{page}"
    );
    assert!(
        page.contains(reason),
        "the history shows the reason: {page}"
    );
    let proofs = server.app.store().payment_proofs(order).await.unwrap();
    assert_eq!(proofs[0].status, ProofStatus::Rejected);
    let mail = server.app.store().unsent_mail(100).await.unwrap();
    assert!(
        mail.iter()
            .any(|m| m.to.as_str() == "admin@kyoto.example" && m.body.contains(reason)),
        "{mail:?}"
    );
    assert_eq!(
        server
            .app
            .store()
            .order(order)
            .await
            .unwrap()
            .unwrap()
            .status,
        OrderStatus::PendingPayment
    );

    // The partner uploads another proof; the operator confirms: paid, membership active.
    lpc_app::payments::attach_proof(&server.app, &local(), order, "receipt-2.pdf", pdf.clone())
        .await
        .unwrap();
    let confirm = format!("/ops/payments/{order}/confirm");
    let (status, page) = post(&operator, &server, &confirm, &token, &[]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!(
            "Order #{order} confirmed: it is paid and its membership is active."
        )),
        "{page}"
    );
    assert!(
        !page.contains(&format!("data-order=\"{order}\"")),
        "no longer pending: {page}"
    );
    let paid = server.app.store().order(order).await.unwrap().unwrap();
    assert_eq!(paid.status, OrderStatus::Paid);
    let memberships = server
        .app
        .store()
        .memberships_of(MPN.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].status, MembershipStatus::Active);
    assert_eq!(confirmations(&server, order).await, 1);

    // A second confirmation (a double click, another tab): who confirmed it when; nothing done.
    let (status, page) = post(&operator, &server, &confirm, &token, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    assert!(
        page.contains(&format!(
            "Order #{order} was already confirmed on Nov 22, 2026 by {operator_email}: \
             nothing was changed."
        )),
        "{page}"
    );
    assert_eq!(
        confirmations(&server, order).await,
        1,
        "no second confirmation"
    );
    assert_eq!(
        server.app.store().order(order).await.unwrap().unwrap(),
        paid
    );
    assert_eq!(
        server
            .app
            .store()
            .memberships_of(MPN.parse().unwrap())
            .await
            .unwrap(),
        memberships
    );

    // R30: refunded within 30 days, no benefit used; the history lists it, and confirming
    // again says so.
    lpc_app::payments::refund(&server.app, &local(), order)
        .await
        .unwrap();
    let (status, page) = get(&operator, &server.url("/ops/payments")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("Order #{order} refunded (R30)")),
        "{page}"
    );
    let (status, page) = post(&operator, &server, &confirm, &token, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        page.contains(&format!("Order #{order} was paid and then refunded")),
        "{page}"
    );
    assert_eq!(confirmations(&server, order).await, 1);

    // Support agents and partner users do not reach payments (R1).
    let agent = browser();
    sign_in_staff(&agent, &server, "support_agent").await;
    let (status, html) = get(&agent, &server.url("/ops/payments")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("R1"));
    let (_, page) = get(&agent, &server.url("/ops")).await;
    let (status, _) = post(&agent, &server, &confirm, &csrf_of(&page), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&agent, &server.url(&href)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

#[tokio::test]
async fn the_payments_page_speaks_japanese_and_italian() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let order = bank_transfer_order(&server).await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    for (lang, title, deadline) in [
        ("ja", "確認待ちの銀行振込", "(残り 31 日)"),
        (
            "it",
            "Bonifici in attesa di conferma",
            "(mancano 31 giorni)",
        ),
    ] {
        let r = operator
            .get(server.url("/ops/payments"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        let html = html.replace("&#40;", "(").replace("&#41;", ")");
        assert!(html.contains(title), "{lang}: {html}");
        assert!(html.contains(deadline), "{lang}: {html}");
        assert!(html.contains(&format!("data-order=\"{order}\"")), "{lang}");
        // No proof yet (issue 16): confirming is one deliberate click away, not offered first.
        assert!(
            html.contains("class=\"confirm-without-proof\""),
            "{lang}: {html}"
        );
    }
    server.stop().await;
}
