//! The stories of several servers on one database (issue 18): each scheduled job's run is
//! claimed by one server until its lease runs out, and each mail by one server at a time.

use std::collections::BTreeSet;

use jiff::Timestamp;
use lpc_domain::Email;

use super::SharedStore;
use super::fixtures::all_events;
use crate::rows::{JobClaim, NewOutboxMessage};
use crate::sql::outbox::MailClaim;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).expect("time")
}

fn claim(server: &str, lease_until: Timestamp) -> JobClaim {
    JobClaim {
        job: "publication".to_owned(),
        due: "2027-01-15".to_owned(),
        server: server.to_owned(),
        lease_until,
    }
}

pub async fn a_job_run_is_claimed_once_and_taken_over_when_its_lease_runs_out(store: SharedStore) {
    // Server A claims the run; B, at the same moment and while A's lease holds, does not.
    assert_eq!(
        store
            .claim_job(&claim("a", at(60)), at(0))
            .await
            .expect("claim"),
        Some(1)
    );
    assert_eq!(
        store
            .claim_job(&claim("b", at(70)), at(10))
            .await
            .expect("claim"),
        None
    );
    // A renews while it works; then A dies: its lease runs out and B takes the run over.
    assert!(store.renew_job(&claim("a", at(120))).await.expect("renew"));
    assert_eq!(
        store
            .claim_job(&claim("b", at(180)), at(100))
            .await
            .expect("claim"),
        None,
        "A's renewed lease holds until 120"
    );
    assert_eq!(
        store
            .claim_job(&claim("b", at(240)), at(121))
            .await
            .expect("claim"),
        Some(2)
    );
    assert!(
        !store.renew_job(&claim("a", at(300))).await.expect("renew"),
        "A no longer holds it"
    );
    // B fails: the run is given up for the next tick, which C takes and finishes.
    store
        .finish_job(&claim("b", at(240)), at(130), Err("database unreachable"))
        .await
        .expect("finish");
    assert_eq!(
        store
            .claim_job(&claim("c", at(400)), at(131))
            .await
            .expect("claim"),
        Some(3)
    );
    store
        .finish_job(&claim("c", at(400)), at(140), Ok(()))
        .await
        .expect("finish");
    // Done for good: no server claims it again, even long after its lease.
    assert_eq!(
        store
            .claim_job(&claim("a", at(9_000)), at(5_000))
            .await
            .expect("claim"),
        None
    );
    // Another due moment is another run.
    let next = JobClaim {
        due: "2027-02-15".to_owned(),
        ..claim("a", at(9_000))
    };
    assert_eq!(
        store.claim_job(&next, at(5_000)).await.expect("claim"),
        Some(1)
    );

    let runs = store.job_runs(10).await.expect("runs");
    assert_eq!(runs.len(), 2);
    let done = runs.iter().find(|r| r.due == "2027-01-15").expect("run");
    assert_eq!(
        (done.server.as_str(), done.attempts, done.outcome.as_deref()),
        ("c", 3, Some("ok"))
    );
    assert_eq!(done.finished_at, Some(at(140)));
    assert_eq!(runs[0].due, "2027-02-15", "the latest started first");
    assert!(
        all_events(&store).await.is_empty(),
        "job runs are not audited"
    );
}

pub async fn racing_servers_claim_a_run_once_and_each_mail_once(store: SharedStore) {
    // Eight servers tick at the same moment: one of them runs the job.
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .claim_job(&claim(&format!("server-{i}"), at(60)), at(0))
                    .await
                    .expect("claim")
            })
        })
        .collect();
    let mut winners = 0;
    for racer in racers {
        winners += usize::from(racer.await.expect("racer").is_some());
    }
    assert_eq!(winners, 1);

    // Fifty mails, four servers claiming ten at a time until none is left: each mail is
    // claimed by exactly one server.
    for i in 0..50 {
        store
            .enqueue_mail(&NewOutboxMessage {
                dedup_key: format!("mail:{i}"),
                to: Email::parse("admin@contoso.example").expect("email"),
                subject: format!("Mail {i}"),
                body: "Hello".to_owned(),
                created_at: at(0),
            })
            .await
            .expect("queued");
    }
    let servers: Vec<_> = (0..4)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let server = format!("server-{i}");
                let mut mine = Vec::new();
                loop {
                    let claimed = store
                        .claim_mail(MailClaim {
                            server: &server,
                            now: at(1),
                            lease_until: at(301),
                            max_attempts: 10,
                            limit: 10,
                        })
                        .await
                        .expect("claim");
                    if claimed.is_empty() {
                        break mine;
                    }
                    mine.extend(claimed.into_iter().map(|m| m.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for server in servers {
        all.extend(server.await.expect("server"));
    }
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(
        (all.len(), distinct.len()),
        (50, 50),
        "each mail claimed once"
    );
}

pub async fn a_failed_mail_backs_off_and_a_dead_servers_mail_is_sent_by_another(
    store: SharedStore,
) {
    for key in ["first", "second"] {
        store
            .enqueue_mail(&NewOutboxMessage {
                dedup_key: key.to_owned(),
                to: Email::parse("admin@contoso.example").expect("email"),
                subject: key.to_owned(),
                body: "Hello".to_owned(),
                created_at: at(0),
            })
            .await
            .expect("queued");
    }
    let ask = |server: &'static str, now: i64| MailClaim {
        server,
        now: at(now),
        lease_until: at(now + 300),
        max_attempts: 2,
        limit: 10,
    };
    let claimed = store.claim_mail(ask("a", 0)).await.expect("claim");
    assert_eq!(claimed.len(), 2);
    assert_eq!(claimed[0].claimed_by.as_deref(), Some("a"));
    assert_eq!(claimed[0].lease_until, Some(at(300)));
    // The first fails and rests a minute; A dies before it marks the second.
    store
        .mark_mail_failed(claimed[0].id, "smtp: 451 try later", at(60))
        .await
        .expect("failed");
    assert!(
        store
            .claim_mail(ask("b", 30))
            .await
            .expect("claim")
            .is_empty()
    );
    let retried = store.claim_mail(ask("b", 61)).await.expect("claim");
    assert_eq!(
        retried
            .iter()
            .map(|m| m.dedup_key.as_str())
            .collect::<Vec<_>>(),
        ["first"],
        "the back-off is over; the second is still A's"
    );
    store
        .mark_mail_sent(retried[0].id, at(62), "Hello")
        .await
        .expect("sent");
    let taken_over = store.claim_mail(ask("b", 301)).await.expect("claim");
    assert_eq!(
        taken_over
            .iter()
            .map(|m| m.dedup_key.as_str())
            .collect::<Vec<_>>(),
        ["second"],
        "A's lease ran out"
    );
    store
        .mark_mail_failed(taken_over[0].id, "smtp: 550 no such user", at(400))
        .await
        .expect("failed");
    store
        .mark_mail_failed(taken_over[0].id, "smtp: 550 no such user", at(500))
        .await
        .expect("failed");
    assert!(
        store
            .claim_mail(ask("b", 10_000))
            .await
            .expect("claim")
            .is_empty(),
        "held after its attempts"
    );
    let outbox = store.outbox(10).await.expect("outbox");
    let second = outbox
        .iter()
        .find(|m| m.dedup_key == "second")
        .expect("mail");
    assert_eq!(
        (
            second.attempts,
            second.claimed_by.as_deref(),
            second.next_attempt_at
        ),
        (2, Some("b"), Some(at(500)))
    );
}
