//! R31 through the real binary, on both databases: a sign-up on the server makes a claim that
//! `lpc partner claims` shows with the invoices stored for its MPN ID; nobody enrolls an
//! unverified organization; `lpc partner verify` / `reject` decide a claim once;
//! `lpc partner invite` sends the program's invitation to the contact on file; `lpc user
//! confirm` confirms an address on the program's word.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use assert_cmd::assert::OutputAssertExt;
use support::{Server, Workspace, csrf_of};

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

fn stdout(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.lpc(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Refused with exit status 3; the error text.
fn refused(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.lpc(args).assert().code(3).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

fn sign_up(server: &Server, mpn: &str, email: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let page = client.get(server.url("/signup")).send().await.unwrap();
        let csrf = csrf_of(&page.text().await.unwrap());
        let r = client
            .post(server.url("/signup"))
            .form(&[
                ("mpn_id", mpn),
                ("name", "Claimed Training"),
                ("country", "IT"),
                ("email", email),
                ("password", "a long enough password"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.url().path(), "/signup/sent");
    });
}

fn r31_claims_are_listed_decided_once_and_contacts_invited_on(ws: Workspace) {
    // The program's invoices for an MPN ID nobody has registered yet (R16).
    let file = ws.dir.path().join("invoices.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}invoice,INV-1,,8888888,2026-03-20,1,moc,20764-C,10,1250.00,USD\n\
             invoice,INV-2,,8888888,2026-06-02,1,moc,20764-C,2,250.00,USD\n"
        ),
    )
    .unwrap();
    stdout(&ws, &["invoices", "import", file.to_str().unwrap()]);

    let server = Server::start(ws.dir.path(), &ws.db, &[]);
    sign_up(&server, "8888888", "claim@it.example");
    drop(server);

    let claims: serde_json::Value =
        serde_json::from_str(&stdout(&ws, &["partner", "claims", "--json"])).unwrap();
    let claim = &claims[0];
    assert_eq!(claim["partner"]["mpn_id"], "8888888", "{claims}");
    assert_eq!(claim["partner"]["verification"], "unverified");
    assert_eq!(claim["partner"]["contact_email"], "claim@it.example");
    assert_eq!(claim["invoice_lines"], 2);
    assert_eq!(
        claim["invoice_months"],
        serde_json::json!(["2026-03", "2026-06"])
    );
    assert_eq!(claim["claimants"][0]["email_confirmed"], false);
    let text = stdout(&ws, &["partner", "claims"]);
    assert!(text.contains("claim@it.example (not confirmed)"), "{text}");
    assert!(
        text.contains("2 invoice lines, 2026-03 to 2026-06"),
        "{text}"
    );

    // Nobody enrolls or pays for an unverified organization, the CLI included.
    let err = refused(
        &ws,
        &[
            "--today",
            "2026-11-22",
            "enroll",
            "8888888",
            "--option",
            "action-pack",
            "--pay",
            "card",
        ],
    );
    assert!(err.contains("R31"), "{err}");
    // No invitation while a claim waits; no rejection without a reason.
    let err = refused(
        &ws,
        &["partner", "invite", "8888888", "--email", "x@it.example"],
    );
    assert!(err.contains("approve or reject the claim first"), "{err}");
    let err = refused(&ws, &["partner", "reject", "8888888", "--reason", " "]);
    assert!(err.contains("reason"), "{err}");

    stdout(&ws, &["user", "confirm", "claim@it.example"]);
    let text = stdout(&ws, &["partner", "verify", "8888888"]);
    assert!(text.contains("told: claim@it.example"), "{text}");
    let err = refused(&ws, &["partner", "verify", "8888888"]);
    assert!(err.contains("not a claim waiting for a decision"), "{err}");
    assert!(stdout(&ws, &["partner", "claims"]).contains("No claim waits"));
    let err = refused(&ws, &["user", "confirm", "nobody@it.example"]);
    assert!(err.contains("nobody@it.example"), "{err}");

    // The program's invitation to a contact on file.
    let added: serde_json::Value = serde_json::from_str(&stdout(
        &ws,
        &[
            "partner",
            "add",
            "--id",
            "4300001",
            "--name",
            "Known Training",
            "--country",
            "JP",
            "--contact-email",
            "desk@known.example",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(added["contact_email"], "desk@known.example");
    assert_eq!(added["verification"], "verified");
    let err = refused(
        &ws,
        &[
            "partner",
            "invite",
            "4300001",
            "--email",
            "claim@it.example",
        ],
    );
    assert!(err.contains("already has an account"), "{err}");
    let text = stdout(&ws, &["partner", "invite", "4300001"]);
    assert!(text.contains("invited desk@known.example"), "{text}");
    let outbox = stdout(&ws, &["outbox", "list"]);
    assert!(outbox.contains("desk@known.example"), "{outbox}");
    assert!(
        outbox.contains("/password/reset/[removed]"),
        "tokens stay out of listings: {outbox}"
    );

    ws.lpc(&["audit", "verify"]).assert().success();
}

both!(
    r31_claims_are_listed_decided_once_and_contacts_invited,
    r31_claims_are_listed_decided_once_and_contacts_invited_on
);
