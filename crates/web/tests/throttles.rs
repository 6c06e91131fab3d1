#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 18: sign-in and sign-up limits hold across servers. Two servers run over ONE database
//! (a SQLite file, and a fresh PostgreSQL database), and a browser moves
//! between them as a load balancer would send it: the attempts it made on one count on the
//! other.

mod support;

use std::future::Future;
use std::sync::Arc;

use lpc_store_postgres::testing::FreshDatabase;
use reqwest::StatusCode;
use support::*;

const EMAIL: &str = "admin@sakura.example";

/// Runs `scenario` on two servers over one fresh SQLite file.
async fn on_sqlite<F, Fut>(scenario: F)
where
    F: FnOnce(Server, Server) -> Fut,
    Fut: Future<Output = ()>,
{
    let (_dir, url) = db();
    let a = Server::start(&url).await;
    let b = Server::start(&url).await;
    scenario(a, b).await;
}

/// Runs `scenario` on two servers, each with its own connections, over one fresh PostgreSQL
/// database (`LPC_TEST_POSTGRES_URL`, by default the local server), dropped afterwards even when
/// the scenario fails. A PostgreSQL that does not answer fails the test, as for every
/// PostgreSQL test of lpc: CI runs them all.
async fn on_postgres<F, Fut>(label: &str, scenario: F)
where
    F: FnOnce(Server, Server) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let fresh = FreshDatabase::create(label).await.unwrap();
    let a = lpc_store_postgres::open(&fresh.url).await.unwrap();
    let b = lpc_store_postgres::open(&fresh.url).await.unwrap();
    let a = Server::start_over(Arc::new(a)).await;
    let b = Server::start_over(Arc::new(b)).await;
    // A failed assertion comes back as an error, so that the database is dropped first.
    let outcome = tokio::spawn(scenario(a, b)).await;
    fresh.drop_now().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn five_wrong_passwords_on_a_then_b_refuses(a: Server, b: Server) {
    let client = browser();
    sign_up(&client, &a, "4100001", EMAIL).await;
    log_out(&client, &a).await;
    for _ in 0..5 {
        let r = log_in(&client, &a, EMAIL, "wrong password!").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth, through the other server, is refused before the password is checked, even
    // the right one.
    let r = log_in(&client, &b, EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many sign-in attempts")
    );
    let r = log_in(&client, &a, EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "and on A still");
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn five_wrong_passwords_on_one_server_and_the_other_refuses_the_sixth() {
    on_sqlite(five_wrong_passwords_on_a_then_b_refuses).await;
}

#[tokio::test]
async fn five_wrong_passwords_on_one_server_and_the_other_refuses_the_sixth_on_postgres() {
    on_postgres("throttlepw", five_wrong_passwords_on_a_then_b_refuses).await;
}

async fn a_success_on_b_forgets_the_failures_on_a(a: Server, b: Server) {
    let client = browser();
    sign_up(&client, &a, "4100001", EMAIL).await;
    log_out(&client, &a).await;
    for _ in 0..4 {
        let r = log_in(&client, &a, EMAIL, "wrong password!").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The owner signs in through B: the failures from this client, made on A, are forgotten.
    let r = log_in(&client, &b, EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Signed in as admin@sakura.example")
    );
    log_out(&client, &b).await;
    for _ in 0..5 {
        let r = log_in(&client, &a, EMAIL, "wrong password!").await;
        assert_eq!(
            r.status(),
            StatusCode::UNAUTHORIZED,
            "five fresh attempts, not one"
        );
    }
    let r = log_in(&client, &b, EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn a_success_on_one_server_forgets_the_failures_made_on_the_other() {
    on_sqlite(a_success_on_b_forgets_the_failures_on_a).await;
}

#[tokio::test]
async fn a_success_on_one_server_forgets_the_failures_made_on_the_other_on_postgres() {
    on_postgres("throttleok", a_success_on_b_forgets_the_failures_on_a).await;
}

async fn sign_ups_alternate_between_servers_and_the_sixth_is_refused(a: Server, b: Server) {
    let mut answers = Vec::new();
    for i in 0..6 {
        let server = if i % 2 == 0 { &a } else { &b };
        // A new browser each time: the limit is the client's, not the session's.
        let client = browser();
        let mpn = format!("77000{i:02}");
        let email = format!("owner{i}@signup.example");
        let r = submit(
            &client,
            server,
            "/signup",
            "/signup",
            &[
                ("mpn_id", mpn.as_str()),
                ("name", "Signup Training"),
                ("country", "JP"),
                ("email", email.as_str()),
                ("password", PASSWORD),
            ],
        )
        .await;
        answers.push(r.status().as_u16());
    }
    assert_eq!(
        answers,
        [200, 200, 200, 200, 200, 429],
        "five an hour per client, over both servers"
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn sign_ups_are_limited_over_both_servers() {
    on_sqlite(sign_ups_alternate_between_servers_and_the_sixth_is_refused).await;
}

#[tokio::test]
async fn sign_ups_are_limited_over_both_servers_on_postgres() {
    on_postgres(
        "throttlesignup",
        sign_ups_alternate_between_servers_and_the_sixth_is_refused,
    )
    .await;
}
