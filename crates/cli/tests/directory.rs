//! The directory's listing requests and monthly cycle through the real `lpc` binary
//! (R24, R25, R26, R28): DESIGN.md's "Done when" dates, the R24 refusal, the cycle's
//! idempotence and a partner without a membership leaving at the next cycle.
//!
//! Landing pages are served by a tiny HTTP server of the test's own on loopback, reached with
//! the test configuration of the checker (`LPC_DIRECTORY_CHECKS=test`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::Workspace;

const MPN: &str = "1234567";
const OTHER: &str = "7654321";

/// What the landing server answers: the page's HTML and the verification file.
#[derive(Default)]
struct Site {
    page: String,
    token: String,
}

/// Serves `/.well-known/lpc-verification.txt` (the token) and any other path (the page) on
/// 127.0.0.1, one connection at a time, until the test ends; returns its base URL.
fn landing_server(site: Arc<Mutex<Site>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header == "\r\n" || header == "\n" => break,
                    Ok(_) => {}
                }
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let (content_type, body) = {
                let site = site.lock().unwrap();
                if path == "/.well-known/lpc-verification.txt" {
                    ("text/plain", site.token.clone())
                } else {
                    ("text/html; charset=utf-8", site.page.clone())
                }
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn run(ws: &Workspace, today: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = ws.lpc(&["--today", today]);
    cmd.env("LPC_DIRECTORY_CHECKS", "test").args(args);
    cmd.output().unwrap()
}

fn ok(ws: &Workspace, today: &str, args: &[&str]) -> String {
    let out = run(ws, today, args);
    assert!(
        out.status.success(),
        "{today} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Workspace, today: &str, args: &[&str]) -> Value {
    let text = ok(ws, today, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

/// A partner with an active Action Pack bought on `on`; returns the order id.
fn active_partner(ws: &Workspace, mpn: &str, name: &str, on: &str) -> i64 {
    ok(
        ws,
        on,
        &[
            "partner",
            "add",
            "--id",
            mpn,
            "--name",
            name,
            "--country",
            "IT",
        ],
    );
    // R4: the Action Pack needs one active MCT.
    let trainers = ws.dir.path().join(format!("trainers-{mpn}.csv"));
    std::fs::write(
        &trainers,
        format!(
            "mct_id,partner_id,name,email,valid_from,valid_until\nMCT-{mpn},{mpn},Trainer,t{mpn}@example.com,2020-01-01,2030-12-31\n"
        ),
    )
    .unwrap();
    ok(
        ws,
        on,
        &["trainers", "import", &trainers.display().to_string()],
    );
    let lap = json(
        ws,
        on,
        &[
            "enroll",
            mpn,
            "--option",
            "action-pack",
            "--pay",
            "card",
            "--json",
        ],
    );
    assert_eq!(lap["status"], "active", "{lap}");
    lap["order_id"].as_i64().expect("the enrollment's order")
}

/// A landing site for the partner: a page naming it, and its verification token served.
fn site_for(ws: &Workspace, mpn: &str, name: &str, on: &str) -> (Arc<Mutex<Site>>, String) {
    let token = ok(ws, on, &["directory", "token", mpn]).trim().to_owned();
    assert!(!token.is_empty());
    let site = Arc::new(Mutex::new(Site {
        page: format!(
            "<html><head><title>{name}</title></head><body><h1>{name}</h1><p>Microsoft training by {name}.</p></body></html>"
        ),
        token,
    }));
    let base = landing_server(site.clone());
    (site, format!("{base}/learning"))
}

fn request(ws: &Workspace, on: &str, mpn: &str, name: &str, url: &str) -> Value {
    json(
        ws,
        on,
        &[
            "directory",
            "request",
            mpn,
            "--name",
            name,
            "--country",
            "IT",
            "--url",
            url,
            "--json",
        ],
    )
}

fn listing<'a>(all: &'a Value, mpn: &str) -> Option<&'a Value> {
    all["listings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["partner_id"] == mpn)
}

#[test]
fn r26_a_request_on_10_march_is_processed_15_21_march_and_visible_by_7_april() {
    let ws = Workspace::new();
    active_partner(&ws, MPN, "Contoso Learning", "2021-03-01");
    let (_site, url) = site_for(&ws, MPN, "Contoso Learning", "2021-03-01");
    let answer = request(&ws, "2021-03-10", MPN, "Contoso Learning", &url);
    assert_eq!(answer["status"], "received", "{answer}");
    assert_eq!(answer["processing_window"]["from"], "2021-03-15");
    assert_eq!(answer["processing_window"]["to"], "2021-03-21");
    assert_eq!(answer["visible_by"], "2021-04-07");
    // R25: the checks ran at once and their results came back.
    assert!(
        answer["checks"]["checks"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{answer}"
    );

    // Before its week the cycle does nothing (R26).
    let early = json(&ws, "2021-03-14", &["directory", "cycle", "--json"]);
    assert_eq!(early["in_processing_window"], false, "{early}");
    assert!(early["approved"].as_array().unwrap().is_empty());

    // In its week: checked again and approved, visible from 7 April and not before.
    let cycle = json(&ws, "2021-03-15", &["directory", "cycle", "--json"]);
    assert_eq!(cycle["in_processing_window"], true, "{cycle}");
    let approved = cycle["approved"].as_array().unwrap();
    assert_eq!(
        approved.len(),
        1,
        "every check passes: approved at once (R26): {cycle}"
    );
    assert_eq!(approved[0]["visible_from"], "2021-04-07");

    let before = json(&ws, "2021-04-06", &["directory", "list", "--json"]);
    assert_eq!(listing(&before, MPN).unwrap()["visible"], false, "{before}");
    let after = json(&ws, "2021-04-07", &["directory", "list", "--json"]);
    assert_eq!(listing(&after, MPN).unwrap()["visible"], true, "{after}");
}

#[test]
fn r26_a_request_on_22_march_is_processed_15_21_april_and_visible_by_7_may() {
    let ws = Workspace::new();
    active_partner(&ws, MPN, "Contoso Learning", "2021-03-01");
    let (_site, url) = site_for(&ws, MPN, "Contoso Learning", "2021-03-01");
    let answer = request(&ws, "2021-03-22", MPN, "Contoso Learning", &url);
    assert_eq!(
        answer["processing_window"]["from"], "2021-04-15",
        "{answer}"
    );
    assert_eq!(answer["processing_window"]["to"], "2021-04-21");
    assert_eq!(answer["visible_by"], "2021-05-07");

    // A request made during the processing week itself waits for the next month's (R26:
    // received after the 14th).
    let during = request(&ws, "2021-04-16", MPN, "Contoso Learning", &url);
    assert_eq!(
        during["processing_window"]["from"], "2021-05-15",
        "{during}"
    );
    assert_eq!(during["visible_by"], "2021-06-07");
    // The later request superseded the earlier one.
    let all = json(&ws, "2021-04-16", &["directory", "list", "--json"]);
    let states: Vec<&str> = all["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["received", "superseded"], "{all}");

    // An operator may not decide before the request's week (R26).
    let id = during["request_id"].as_i64().unwrap().to_string();
    let out = run(
        &ws,
        "2021-04-17",
        &["directory", "decide", &id, "--approve"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("R26"));
}

#[test]
fn r24_a_partner_without_an_active_membership_is_refused() {
    let ws = Workspace::new();
    ok(
        &ws,
        "2021-03-01",
        &[
            "partner",
            "add",
            "--id",
            OTHER,
            "--name",
            "Fabrikam",
            "--country",
            "JP",
        ],
    );
    let out = run(
        &ws,
        "2021-03-10",
        &[
            "directory",
            "request",
            OTHER,
            "--name",
            "Fabrikam",
            "--country",
            "JP",
            "--url",
            "https://fabrikam.example/learning",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "refused by a rule: exit 3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("R24"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout when refused");
    let all = json(&ws, "2021-03-10", &["directory", "list", "--json"]);
    assert!(
        all["requests"].as_array().unwrap().is_empty(),
        "nothing stored: {all}"
    );

    // Bad input is refused naming the field, before anything is stored.
    active_partner(&ws, MPN, "Contoso Learning", "2021-03-01");
    for (flag, value, field) in [
        ("--url", "ftp://contoso.example/", "url"),
        ("--url", "javascript:alert(1)", "url"),
        ("--country", "XX", "country"),
        ("--name", "   ", "name"),
    ] {
        let mut args = vec![
            "directory",
            "request",
            MPN,
            "--name",
            "Contoso",
            "--country",
            "IT",
            "--url",
            "https://contoso.example/",
        ];
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        let out = run(&ws, "2021-03-10", &args);
        assert_eq!(out.status.code(), Some(3), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(field), "{flag} {value}: {stderr}");
    }
}

#[test]
fn r26_the_cycle_is_idempotent_and_a_partner_without_membership_leaves_at_the_next_cycle() {
    let ws = Workspace::new();
    let order = active_partner(&ws, MPN, "Contoso Learning", "2021-03-01");
    let (_site, url) = site_for(&ws, MPN, "Contoso Learning", "2021-03-01");
    request(&ws, "2021-03-10", MPN, "Contoso Learning", &url);
    let first = json(&ws, "2021-03-15", &["directory", "cycle", "--json"]);
    assert_eq!(first["approved"].as_array().unwrap().len(), 1, "{first}");
    let audit_after_first = ok(&ws, "2021-03-15", &["audit", "verify"]);

    // The same day again: nothing changes, not even the audit log.
    let second = json(&ws, "2021-03-15", &["directory", "cycle", "--json"]);
    for key in [
        "approved",
        "rejected",
        "flagged",
        "removed",
        "awaiting_decision",
    ] {
        assert!(
            second[key].as_array().unwrap().is_empty(),
            "{key}: {second}"
        );
    }
    assert_eq!(second["checked"], 0, "{second}");
    assert_eq!(
        ok(&ws, "2021-03-15", &["audit", "verify"]),
        audit_after_first
    );

    // The membership ends (refunded within 30 days, R30): the partner holds no active
    // learning membership, so its listing leaves at the next cycle (R24, R28), not before.
    ok(&ws, "2021-03-20", &["orders", "refund", &order.to_string()]);
    let visible = json(&ws, "2021-04-07", &["directory", "list", "--json"]);
    assert_eq!(
        listing(&visible, MPN).unwrap()["visible"],
        true,
        "{visible}"
    );
    let next = json(&ws, "2021-04-15", &["directory", "cycle", "--json"]);
    let removed = next["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{next}");
    assert!(removed[0]["reason"].as_str().unwrap().contains("R28"));
    let gone = json(&ws, "2021-04-15", &["directory", "list", "--json"]);
    let l = listing(&gone, MPN).unwrap();
    assert_eq!(l["visible"], false, "{gone}");
    assert_eq!(l["listed_until"], "2021-04-15");
    // And again: still idempotent.
    let again = json(&ws, "2021-04-15", &["directory", "cycle", "--json"]);
    assert!(again["removed"].as_array().unwrap().is_empty(), "{again}");
}

#[test]
fn r25_a_page_failing_its_re_check_is_flagged_then_removed_at_the_following_cycle() {
    let ws = Workspace::new();
    active_partner(&ws, MPN, "Contoso Learning", "2021-03-01");
    let mut child = ws
        .lpc(&[
            "--today",
            "2021-03-01",
            "user",
            "add",
            "--email",
            "admin@contoso.example",
            "--role",
            "mpn_partner_admin",
            "--partner",
            MPN,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
    assert!(child.wait().unwrap().success());
    let (site, url) = site_for(&ws, MPN, "Contoso Learning", "2021-03-01");
    request(&ws, "2021-03-10", MPN, "Contoso Learning", &url);
    let first = json(&ws, "2021-03-15", &["directory", "cycle", "--json"]);
    assert_eq!(first["approved"].as_array().unwrap().len(), 1, "{first}");

    // The page changes: it no longer names the partner (R25).
    site.lock().unwrap().page = "<html><body>Under construction</body></html>".to_owned();
    let april = json(&ws, "2021-04-15", &["directory", "cycle", "--json"]);
    assert_eq!(april["flagged"].as_array().unwrap().len(), 1, "{april}");
    assert_eq!(
        april["mails_queued"], 1,
        "the partner admin is told: {april}"
    );
    let flagged = json(&ws, "2021-04-16", &["directory", "list", "--json"]);
    let l = listing(&flagged, MPN).unwrap();
    assert_eq!(l["flagged_on"], "2021-04-15", "{flagged}");
    assert_eq!(l["visible"], true, "a flag alone does not remove it");

    // Still failing at the following cycle: removed.
    let may = json(&ws, "2021-05-15", &["directory", "cycle", "--json"]);
    assert_eq!(may["removed"].as_array().unwrap().len(), 1, "{may}");
    let gone = json(&ws, "2021-05-15", &["directory", "list", "--json"]);
    assert_eq!(listing(&gone, MPN).unwrap()["visible"], false, "{gone}");
}
